//! The `jigsaw` binary: a thin shell over the library's command line.

fn main() -> std::process::ExitCode {
    restore_broken_pipe_default();
    jigsaw::cli::main()
}

/// Rust ignores SIGPIPE, so `jigsaw check --format json | head` would panic on the first
/// write after `head` exits. A command-line tool should end quietly instead, as `cat` does.
#[cfg(unix)]
fn restore_broken_pipe_default() {
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_broken_pipe_default() {}

//! `jigsaw lsp`: the language server for editors, over standard input and output.
//!
//! The server itself is [`crate::lsp`]; `docs/editors.md` says how to start it from VS
//! Code, Neovim, Helix and Emacs.

use crate::cli::Exit;

use clap::Args;

/// Arguments of `jigsaw lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only way; accepted because some editors'
    /// clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Runs `jigsaw lsp`.
pub fn run(_args: &LspArgs) -> Exit {
    // The protocol's own rule: 0 after a proper shutdown, 1 when the editor just exits.
    if crate::lsp::run() == std::process::ExitCode::SUCCESS {
        Exit::Success
    } else {
        Exit::Problems
    }
}

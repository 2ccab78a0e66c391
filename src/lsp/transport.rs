//! Messages in and out over standard input and output, framed with `Content-Length`.
//!
//! `lsp-server` has a stdio transport of its own, but it ends the session on the first
//! malformed header or body, and it allocates whatever a `Content-Length` asks for. An
//! editor never sends either, but the server should outlive a confused client, a pasted
//! stream of garbage and a hostile length alike. So this reader skips what it cannot
//! read (saying so on standard error) and refuses bodies over [`MAX_MESSAGE_BYTES`],
//! and feeds an in-memory [`Connection`] that the server reads like any other.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use lsp_server::{Connection, Message};

/// The largest message read, in bytes: a scenario file at its size limit, escaped into
/// JSON, fits several times over.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024 * 1024;

/// The longest header line read.
const MAX_HEADER_BYTES: usize = 1024;

/// Threads that copy messages between the process's standard streams and a connection.
pub struct Stdio {
    writer: thread::JoinHandle<()>,
}

impl Stdio {
    /// Starts the threads; the returned connection is the server's end.
    pub fn start() -> (Connection, Stdio) {
        let (server, client) = Connection::memory();
        let Connection {
            sender: to_server,
            receiver: from_server,
        } = client;
        // The reader is never joined: it may be blocked on standard input when the
        // server exits, and ends with the process.
        let _reader = thread::Builder::new()
            .name("lsp-reader".to_string())
            .spawn(move || {
                let stdin = io::stdin();
                let mut input = stdin.lock();
                while let Some(message) = read_message(&mut input) {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || exit {
                        break;
                    }
                }
            });
        let writer = thread::Builder::new()
            .name("lsp-writer".to_string())
            .spawn(move || {
                let stdout = io::stdout();
                let mut output = stdout.lock();
                for message in from_server {
                    if message.write(&mut output).is_err() {
                        break;
                    }
                }
                let _ = output.flush();
            })
            .unwrap_or_else(|error| {
                eprintln!("jigsaw lsp: cannot start the writer thread: {error}");
                std::process::exit(1)
            });
        (server, Stdio { writer })
    }

    /// Waits until every message the server sent has been written.
    pub fn finish(self) {
        let _ = self.writer.join();
    }
}

/// Reads the next message, skipping any that cannot be read; `None` at the end of input.
pub fn read_message(input: &mut impl BufRead) -> Option<Message> {
    loop {
        let length = match read_headers(input)? {
            Some(length) => length,
            None => continue,
        };
        if length > MAX_MESSAGE_BYTES {
            eprintln!(
                "jigsaw lsp: skipping a message of {length} bytes (the most is {MAX_MESSAGE_BYTES})"
            );
            let skipped =
                io::copy(&mut input.by_ref().take(length as u64), &mut io::sink()).ok()?;
            if skipped < length as u64 {
                return None;
            }
            continue;
        }
        let mut body = vec![0; length];
        input.read_exact(&mut body).ok()?;
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => return Some(message),
            Err(error) => {
                eprintln!("jigsaw lsp: skipping a message that is not JSON-RPC: {error}");
            }
        }
    }
}

/// Reads one block of headers: `None` at the end of input, `Some(None)` for a block
/// without a usable `Content-Length`.
fn read_headers(input: &mut impl BufRead) -> Option<Option<usize>> {
    let mut length = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', &mut line)
            .ok()?;
        if read == 0 {
            return None;
        }
        if line.last() != Some(&b'\n') && read == MAX_HEADER_BYTES {
            // An endless line: not a header. Drop the rest of it.
            let mut rest = Vec::new();
            while input
                .by_ref()
                .take(MAX_HEADER_BYTES as u64)
                .read_until(b'\n', &mut rest)
                .ok()?
                == MAX_HEADER_BYTES
                && rest.last() != Some(&b'\n')
            {
                rest.clear();
            }
            eprintln!("jigsaw lsp: skipping an over-long header line");
            return Some(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                if length.is_none() {
                    eprintln!("jigsaw lsp: skipping a message with no Content-Length");
                }
                return Some(length);
            }
            // Blank lines between messages are harmless.
            continue;
        }
        seen_any = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse::<usize>().ok();
                if length.is_none() {
                    eprintln!(
                        "jigsaw lsp: ignoring a bad Content-Length `{}`",
                        value.trim()
                    );
                }
            }
            Some(_) => {}
            None => eprintln!("jigsaw lsp: ignoring a line that is not a header"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn garbage_between_messages_is_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let stream = format!(
            "garbage\r\n\r\n{}{}Content-Length: 99999999999\r\n\r\n",
            frame("{not json"),
            frame(good)
        );
        let mut input = io::Cursor::new(stream.into_bytes());
        match read_message(&mut input) {
            Some(Message::Notification(n)) => assert_eq!(n.method, "initialized"),
            other => panic!("{other:?}"),
        }
        // The huge message is skipped up to the end of input, without allocating it.
        assert!(read_message(&mut input).is_none());
    }
}

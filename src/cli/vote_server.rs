//! `jigsaw vote-server` (hidden): the classroom's real vote server on its own, driven over
//! standard input, for the browser test and the load measurement in `.ci/`.
//!
//! It starts the server with one decision open and prints a JSON line with the port, the
//! room code and the decision's id. Then each line on standard input is a command:
//! `snapshot` prints the votes so far as a JSON line, `close` closes voting and prints
//! them, `next` opens a new decision with the same options and prints its id; `quit` or
//! the end of input stops the server.

use crate::cli::Exit;
use std::io::{BufRead, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use clap::Args;

use crate::classroom::server::{Snapshot, VoteServer};

/// Arguments of `jigsaw vote-server`.
#[derive(Debug, Args)]
pub struct VoteServerArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Listen on every interface (the local network) instead of this computer only.
    #[arg(long)]
    pub lan: bool,
    /// The question shown on the phones.
    #[arg(long, default_value = "What should the practitioner do?")]
    pub question: String,
    /// An option's text (repeat for each option).
    #[arg(long = "option", value_name = "TEXT")]
    pub options: Vec<String>,
}

fn snapshot_json(snapshot: &Snapshot) -> serde_json::Value {
    serde_json::json!({
        "decision": snapshot.decision,
        "open": snapshot.open,
        "counts": snapshot.counts,
        "voters": snapshot.voters,
        "devices": snapshot.devices,
    })
}

/// Runs `jigsaw vote-server`.
pub fn run(args: &VoteServerArgs) -> Exit {
    let host = if args.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let server = match VoteServer::start(SocketAddr::new(host, args.port)) {
        Ok(server) => server,
        Err(error) => {
            eprintln!(
                "jigsaw vote-server: cannot listen on port {}: {error}",
                args.port
            );
            return Exit::Problems;
        }
    };
    let options = if args.options.is_empty() {
        vec!["Option one".to_string(), "Option two".to_string()]
    } else {
        args.options.clone()
    };
    let decision = server.open(&args.question, &options);
    let mut out = std::io::stdout().lock();
    let started = serde_json::json!({
        "port": server.port(),
        "code": server.code(),
        "decision": decision,
    });
    if writeln!(out, "{started}")
        .and_then(|()| out.flush())
        .is_err()
    {
        return Exit::Problems;
    }
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let reply = match line.trim() {
            "snapshot" => snapshot_json(&server.snapshot()),
            "close" => {
                server.close();
                snapshot_json(&server.snapshot())
            }
            "next" => serde_json::json!({ "decision": server.open(&args.question, &options) }),
            "requests" => serde_json::json!({ "requests": server.requests() }),
            "quit" => break,
            other => {
                serde_json::json!({ "error": format!("unknown command `{}`", other.chars().take(40).collect::<String>()) })
            }
        };
        if writeln!(out, "{reply}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
    server.stop();
    Exit::Success
}

//! `jigsaw lsp`, driven as an editor drives it: the built binary, real JSON-RPC messages
//! with `Content-Length` framing over its standard input and output.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use super::fixture;

/// How long to wait for any one message before calling the server stuck. Not a
/// performance bound: a generous guard so a broken server fails the test, not hangs it.
const PATIENCE: Duration = Duration::from_secs(120);

/// An editor's end of the conversation.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another one.
    held: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start jigsaw lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_frame(&mut stdout) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            held: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts a server and completes the handshake.
    fn initialized() -> Client {
        let mut client = Client::start();
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        let capabilities = &result["result"]["capabilities"];
        assert_eq!(capabilities["definitionProvider"], json!(true), "{result}");
        assert_eq!(capabilities["referencesProvider"], json!(true), "{result}");
        assert!(capabilities["completionProvider"].is_object(), "{result}");
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(framed.as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The next message (held or new) that `wanted` accepts; others are held.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.held.iter().position(&wanted) {
            return self.held.remove(at);
        }
        loop {
            let message = self
                .incoming
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("no reply from the server; held: {:#?}", self.held));
            if wanted(&message) {
                return message;
            }
            self.held.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"].clone()
    }

    /// Says `shutdown` then `exit`, and returns the process's exit code.
    fn shut_down(mut self) -> Option<i32> {
        let reply = self.request("shutdown", Value::Null);
        assert_eq!(reply["result"], Value::Null, "{reply}");
        assert!(reply.get("error").is_none(), "{reply}");
        self.notify("exit", Value::Null);
        self.child.wait().expect("the server exits").code()
    }
}

/// Reads one framed message from the server.
fn read_frame(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The editor position (line, UTF-16 character) of the `nth` (from 0) `needle` in
/// `text`, plus `skip` bytes.
fn position_of(text: &str, needle: &str, nth: usize, skip: usize) -> (u64, u64) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} in the text"))
        .0
        + skip;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u64;
    let character = text[line_start..at].encode_utf16().count() as u64;
    (line, character)
}

fn range_of(text: &str, needle: &str, nth: usize, skip: usize, len: usize) -> Value {
    let (line, start) = position_of(text, needle, nth, skip);
    let (end_line, end) = position_of(text, needle, nth, skip + len);
    json!({"start": {"line": line, "character": start}, "end": {"line": end_line, "character": end}})
}

/// The worked example, with a line that has curly quotes and an emoji before its `next`
/// (so UTF-16 columns differ from both bytes and characters), and its broken form.
fn case_texts() -> (String, String) {
    let tiny = std::fs::read_to_string(fixture("valid/tiny.ron")).expect("tiny.ron");
    let old =
        "                    concepts: [\"was-not-brought\"],\n                    next: \"call\",";
    assert!(tiny.contains(old), "tiny.ron changed: update this test");
    let fixed = tiny.replace(
        old,
        "                    concepts: [\"was-not-brought\"], lets_pass: \"Sam’s “move” 😀\", next: \"call\",",
    );
    let broken = fixed
        .replace("next: \"call\",", "next: \"cal\",")
        .replace("reveals: [\"new-address\"]", "reveals: [\"new-adress\"]");
    (fixed, broken)
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn an_editor_sees_checks_definitions_references_and_completions() {
    let folder = tempfile::tempdir().expect("temp folder");
    let path = folder.path().join("case.ron");
    let (fixed, broken) = case_texts();
    std::fs::write(&path, &broken).expect("write");
    let uri = uri_of(&path);
    let mut client = Client::initialized();

    // A broken scenario: the same problems as `jigsaw check`, at the right places.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": broken}}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], json!(1));
    let found = codes(&published);
    for code in ["unknown-scene", "unknown-piece"] {
        assert!(found.contains(&code.to_string()), "{code} in {found:?}");
    }
    let unknown_scene = published["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "unknown-scene"))
        .expect("unknown-scene")
        .clone();
    // The span of the id as written, quotes included, measured in UTF-16 units.
    assert_eq!(
        unknown_scene["range"],
        range_of(&broken, "\"cal\"", 0, 0, 5),
        "{unknown_scene}"
    );
    assert_eq!(unknown_scene["severity"], json!(1));
    assert_eq!(unknown_scene["source"], json!("jigsaw"));
    let message = unknown_scene["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("no scene or ending named `cal`"),
        "{message}"
    );
    assert!(message.contains("did you mean `call`?"), "{message}");
    assert_eq!(
        unknown_scene["relatedInformation"][0]["message"],
        json!("hint: did you mean `call`?")
    );
    let check = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("jigsaw check");
    let report: Value = serde_json::from_slice(&check.stdout).expect("JSON report");
    let mut from_check: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut from_server = found.clone();
    from_check.sort();
    from_server.sort();
    assert_eq!(from_server, from_check, "the server and `check` agree");

    // Fixed: the diagnostics are cleared.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], json!(2));
    assert_eq!(published["diagnostics"], json!([]), "{published}");

    // Go to definition from `next: "call"` (cursor inside the id) to the scene's id.
    let (line, character) = position_of(&fixed, "next: \"call\"", 0, 8);
    let at =
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let reply = client.request("textDocument/definition", at.clone());
    let scene_id = range_of(&fixed, "id: \"call\"", 0, 5, 4);
    assert_eq!(
        reply["result"],
        json!([{"uri": uri, "range": scene_id}]),
        "{reply}"
    );

    // Find references: the one `next`, and the definition when asked for.
    let mut params = at.clone();
    params["context"] = json!({"includeDeclaration": true});
    let reply = client.request("textDocument/references", params);
    let next_call = range_of(&fixed, "next: \"call\"", 0, 7, 4);
    assert_eq!(
        reply["result"],
        json!([{"uri": uri, "range": next_call}, {"uri": uri, "range": scene_id}]),
        "{reply}"
    );
    let mut params = at;
    params["context"] = json!({"includeDeclaration": false});
    let reply = client.request("textDocument/references", params);
    assert_eq!(
        reply["result"],
        json!([{"uri": uri, "range": next_call}]),
        "{reply}"
    );

    // Half-typed `next: "` (the file no longer parses): scene and ending ids are offered.
    let typing = fixed.replace("next: \"not-seen\",\n", "next: \"");
    assert_ne!(typing, fixed);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typing}]}),
    );
    let (line, character) = position_of(&typing, "next: \"", 1, 7);
    let reply = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let labels: Vec<&str> = reply["result"]
        .as_array()
        .expect("completion items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    for id in ["desk", "call", "seen", "not-seen"] {
        assert!(labels.contains(&id), "{id} in {labels:?}");
    }
    assert!(
        !labels.contains(&"new-address"),
        "pieces are not scenes: {labels:?}"
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], json!(3));
    assert!(
        !codes(&published).is_empty(),
        "the half-typed file has a problem"
    );

    // Field names with their documentation, where a field goes.
    let typing = fixed.replace(
        "lets_pass: \"Two missed appointments\",",
        "lets_pass: \"Two missed appointments\", re",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": typing}]}),
    );
    let (line, character) =
        position_of(&typing, "appointments\", re", 0, "appointments\", re".len());
    let reply = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let items = reply["result"].as_array().expect("completion items");
    let reveals = items
        .iter()
        .find(|item| item["label"] == "reveals")
        .unwrap_or_else(|| panic!("`reveals` offered: {reply}"));
    assert_eq!(
        reveals["documentation"]["value"],
        json!("Pieces this choice reveals.")
    );
    assert!(
        !items.iter().any(|item| item["label"] == "text"),
        "`text` is already written"
    );
    let published = client.diagnostics(&uri);
    assert_eq!(
        (published["version"].clone(), codes(&published)),
        (json!(4), vec!["syntax".to_string()])
    );

    // Closing the document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["diagnostics"], json!([]));

    assert_eq!(client.shut_down(), Some(0));
}

#[test]
fn the_server_survives_garbage_unknown_methods_and_huge_files() {
    let mut client = Client::start();
    // Before `initialize`, requests are refused.
    let reply = client.request("textDocument/completion", json!({}));
    assert_eq!(reply["error"]["code"], json!(-32002), "{reply}");
    client.send_raw(b"this is not a header\r\n\r\n");
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let reply = client.request("initialize", json!({"capabilities": {}}));
    assert!(reply["result"]["capabilities"].is_object(), "{reply}");
    client.notify("initialized", json!({}));

    let reply = client.request("jigsaw/noSuchThing", json!({}));
    assert_eq!(reply["error"]["code"], json!(-32601), "{reply}");
    let reply = client.request("textDocument/definition", json!({"nonsense": true}));
    assert_eq!(reply["error"]["code"], json!(-32602), "{reply}");
    client.notify("textDocument/didOpen", json!({"what": "no document"}));
    client.notify("jigsaw/unknownNotification", json!({}));

    // A 3 MB text: reported at its place as too long, and no crash.
    let uri = "file:///nowhere/huge.ron";
    let huge = format!(
        "Scenario(id: \"x\", title: \"{}\")",
        "a".repeat(3 * 1024 * 1024)
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": huge}}),
    );
    let published = client.diagnostics(uri);
    assert!(
        codes(&published).iter().any(|c| c == "text-too-long"),
        "{published}"
    );
    let reply = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 20}}),
    );
    assert!(
        reply["result"].is_array(),
        "an answer, not an error: {reply}"
    );

    // Garbage text and positions past the end of it.
    let uri = "untitled:Untitled-1";
    let garbage = "((((\"\\\u{1}é😀[[{{:,:\"r#\"/*";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": garbage}}),
    );
    assert!(!codes(&client.diagnostics(uri)).is_empty());
    for method in ["textDocument/definition", "textDocument/completion"] {
        let reply = client.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 9999}}),
        );
        assert!(reply.get("error").is_none(), "{reply}");
    }

    // A rubric is checked as a rubric.
    let uri = "file:///nowhere/rubric.ron";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": "Rubric(dimensions: [], grid: Grid(care: \"care\", authority: \"authority\"))"}}),
    );
    let found = codes(&client.diagnostics(uri));
    assert!(
        found.contains(&"unknown-dimension".to_string()),
        "{found:?}"
    );

    assert_eq!(client.shut_down(), Some(0));
}

#[test]
fn an_open_rubric_is_the_one_its_folders_scenarios_are_checked_against() {
    let folder = tempfile::tempdir().expect("temp folder");
    let rubric =
        std::fs::read_to_string(super::root().join("scenarios/rubric.ron")).expect("rubric");
    std::fs::write(folder.path().join("rubric.ron"), &rubric).expect("write rubric");
    let scenario = folder.path().join("case.ron");
    let (fixed, _) = case_texts();
    std::fs::write(&scenario, &fixed).expect("write scenario");
    let (scenario_uri, rubric_uri) = (uri_of(&scenario), uri_of(&folder.path().join("rubric.ron")));
    let mut client = Client::initialized();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": scenario_uri, "languageId": "ron", "version": 1, "text": fixed}}),
    );
    assert_eq!(client.diagnostics(&scenario_uri)["diagnostics"], json!([]));

    // Renaming a dimension in the open (unsaved) rubric: the scenario's scores now name
    // one the rubric lacks.
    let renamed = rubric.replacen("id: \"curiosity\"", "id: \"inquisitiveness\"", 1);
    assert_ne!(renamed, rubric, "the rubric has a `curiosity` dimension");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": rubric_uri, "languageId": "ron", "version": 1, "text": renamed}}),
    );
    let found = codes(&client.diagnostics(&scenario_uri));
    assert!(
        found.contains(&"unknown-dimension".to_string()),
        "{found:?}"
    );
    assert_eq!(client.diagnostics(&rubric_uri)["diagnostics"], json!([]));

    // Closing the rubric goes back to the one on disk.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": rubric_uri}}),
    );
    assert_eq!(client.diagnostics(&scenario_uri)["diagnostics"], json!([]));
    assert_eq!(client.shut_down(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut client = Client::initialized();
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().expect("exits").code(), Some(1));
}

//! `jigsaw lsp`: a language server, so an editor shows `check`'s problems as the trainer
//! types, jumps from a `next: "visit"` to the scene `visit`, lists every place a piece is
//! revealed, and completes ids and field names.
//!
//! It speaks the Language Server Protocol over standard input and output (`lsp-server`
//! and `lsp-types` carry the messages). Each open document is checked with the same
//! [`check_source`](crate::validate::check_source) as `jigsaw check`, against its
//! folder's `rubric.ron` (the open copy, if the rubric is open too) or the built-in one;
//! a `rubric.ron` is checked as a rubric. Checks run once a burst of edits has been read,
//! not once per keystroke. Nothing a client sends stops the server but `exit`: bad
//! messages are skipped, unknown requests answered `MethodNotFound`, and a fault in a
//! handler becomes an error reply rather than a crash.

mod complete;
mod diagnostics;
mod fields;
mod index;
mod position;
mod syntax;
mod transport;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    GotoDefinitionParams, GotoDefinitionResponse, InitializeResult, Location, OneOf,
    PublishDiagnosticsParams, ReferenceParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use self::index::SymbolIndex;
use self::position::LineIndex;
use crate::diagnostic::Diagnostic;
use crate::rubric::{FILE_NAME, Rubric, RubricFile};
use crate::scenario::limits::MAX_FILE_BYTES;

/// Runs the server on standard input and output until the client says `exit`. The exit
/// code is 0 after a `shutdown` request, 1 otherwise (as the protocol asks).
pub fn run() -> ExitCode {
    let (connection, stdio) = transport::Stdio::start();
    let code = Server::new(connection).serve();
    stdio.finish();
    code
}

/// An open document.
struct Document {
    /// The file it is, for rubric lookup and for the diagnostics' file names.
    path: PathBuf,
    /// Its text as the editor has it.
    text: String,
    /// The editor's version of it.
    version: i32,
    /// Where its lines start.
    lines: LineIndex,
    /// The check of the current text, made when first needed.
    analysis: Option<Analysis>,
    /// The index of the last version that parsed, for completing ids while the current
    /// one does not.
    last_good: Option<SymbolIndex>,
    /// Whether the client has the diagnostics of the current text.
    published: bool,
}

/// What the server knows of a document's current text.
struct Analysis {
    /// `check`'s findings.
    diagnostics: Vec<Diagnostic>,
    /// Where its ids are defined and used.
    index: SymbolIndex,
    /// The rubric it was checked against (or, for a rubric, itself), if it has no errors.
    rubric: Option<Rubric>,
}

impl Document {
    fn new(uri: &Uri, text: String, version: i32) -> Self {
        Document {
            path: uri_to_path(uri),
            lines: LineIndex::new(&text),
            text,
            version,
            analysis: None,
            last_good: None,
            published: false,
        }
    }

    /// Replaces the text.
    fn set_text(&mut self, text: String, version: i32) {
        self.lines = LineIndex::new(&text);
        self.text = text;
        self.version = version;
        self.stale();
    }

    /// Forgets the analysis, so the document is checked again.
    fn stale(&mut self) {
        self.analysis = None;
        self.published = false;
    }

    fn is_rubric(&self) -> bool {
        self.path.file_name().is_some_and(|n| n == FILE_NAME)
    }

    fn folder(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

/// What to do after a message.
enum Flow {
    Continue,
    Exit(ExitCode),
}

/// The server's state.
struct Server {
    connection: Connection,
    documents: HashMap<Uri, Document>,
    initialized: bool,
    shutting_down: bool,
}

impl Server {
    fn new(connection: Connection) -> Self {
        Server {
            connection,
            documents: HashMap::new(),
            initialized: false,
            shutting_down: false,
        }
    }

    /// Handles messages until `exit` (or the end of input), publishing diagnostics each
    /// time the queue of waiting messages runs dry.
    fn serve(mut self) -> ExitCode {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                // The client went away without `exit`.
                return ExitCode::from(1);
            };
            let mut next = Some(first);
            while let Some(message) = next {
                if let Flow::Exit(code) = self.handle(message) {
                    return code;
                }
                next = self.connection.receiver.try_recv().ok();
            }
            self.guarded(|server| server.publish());
        }
    }

    /// Handles one message, turning a fault in a handler into an error reply.
    fn handle(&mut self, message: Message) -> Flow {
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        match std::panic::catch_unwind(AssertUnwindSafe(|| self.dispatch(message))) {
            Ok(flow) => flow,
            Err(_) => {
                if let Some(id) = id {
                    self.reply_error(
                        id,
                        ErrorCode::InternalError,
                        "the server failed on this request",
                    );
                }
                Flow::Continue
            }
        }
    }

    /// Runs `work`, surviving a fault in it.
    fn guarded(&mut self, work: impl FnOnce(&mut Server)) {
        let _ = std::panic::catch_unwind(AssertUnwindSafe(|| work(self)));
    }

    fn dispatch(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                self.request(request);
                Flow::Continue
            }
            Message::Notification(notification) => self.notification(notification),
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if request.method == "initialize" {
            if self.initialized {
                return self.reply_error(id, ErrorCode::InvalidRequest, "already initialized");
            }
            self.initialized = true;
            return self.reply(id, initialize_result());
        }
        if !self.initialized {
            return self.reply_error(
                id,
                ErrorCode::ServerNotInitialized,
                "send `initialize` first",
            );
        }
        if self.shutting_down {
            return self.reply_error(id, ErrorCode::InvalidRequest, "the server is shutting down");
        }
        match request.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                self.reply(id, ());
            }
            "textDocument/definition" => {
                if let Some(params) = self.params::<GotoDefinitionParams>(&request) {
                    let found = self.definition(&params.text_document_position_params);
                    self.reply(id, found);
                }
            }
            "textDocument/references" => {
                if let Some(params) = self.params::<ReferenceParams>(&request) {
                    let found = self.references(
                        &params.text_document_position,
                        params.context.include_declaration,
                    );
                    self.reply(id, found);
                }
            }
            "textDocument/completion" => {
                if let Some(params) = self.params::<CompletionParams>(&request) {
                    let items = self.completion(&params.text_document_position);
                    self.reply(id, CompletionResponse::Array(items));
                }
            }
            other => {
                let message = format!("jigsaw lsp does not handle `{other}`");
                self.reply_error(id, ErrorCode::MethodNotFound, &message);
            }
        }
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        if notification.method == "exit" {
            return Flow::Exit(if self.shutting_down {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        if !self.initialized {
            return Flow::Continue;
        }
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                if let Some(p) = notification_params::<DidOpenTextDocumentParams>(notification) {
                    let document = p.text_document;
                    let opened = Document::new(&document.uri, document.text, document.version);
                    let rubric = opened.is_rubric().then(|| opened.folder());
                    self.documents.insert(document.uri, opened);
                    if let Some(folder) = rubric {
                        self.rubric_changed(&folder);
                    }
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = notification_params::<DidChangeTextDocumentParams>(notification) {
                    let Some(document) = self.documents.get_mut(&p.text_document.uri) else {
                        return Flow::Continue;
                    };
                    let mut text = std::mem::take(&mut document.text);
                    for change in p.content_changes {
                        match change.range {
                            // Clients told "full" send whole texts; an edit with a range is
                            // applied all the same.
                            Some(range) => {
                                let lines = LineIndex::new(&text);
                                let start = lines.offset(&text, range.start);
                                let end = lines.offset(&text, range.end).max(start);
                                text.replace_range(start..end, &change.text);
                            }
                            None => text = change.text,
                        }
                    }
                    document.set_text(text, p.text_document.version);
                    if document.is_rubric() {
                        let folder = document.folder();
                        self.rubric_changed(&folder);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Some(p) = notification_params::<DidSaveTextDocumentParams>(notification)
                    && let Some(document) = self.documents.get_mut(&p.text_document.uri)
                {
                    match p.text {
                        Some(text) => {
                            let version = document.version;
                            document.set_text(text, version);
                        }
                        // Images and the rubric on disk may have changed: check again.
                        None => document.stale(),
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = notification_params::<DidCloseTextDocumentParams>(notification)
                    && let Some(closed) = self.documents.remove(&p.text_document.uri)
                {
                    self.notify::<lsp_types::notification::PublishDiagnostics>(
                        PublishDiagnosticsParams::new(p.text_document.uri, Vec::new(), None),
                    );
                    if closed.is_rubric() {
                        self.rubric_changed(&closed.folder());
                    }
                }
            }
            _ => {}
        }
        Flow::Continue
    }

    /// Marks the scenarios in `folder` for checking again after its rubric changed.
    fn rubric_changed(&mut self, folder: &Path) {
        for document in self.documents.values_mut() {
            if !document.is_rubric() && document.folder() == folder {
                document.stale();
            }
        }
    }

    /// Sends the diagnostics of every document whose client copy is out of date.
    fn publish(&mut self) {
        let waiting: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| !d.published)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in waiting {
            self.analyse(&uri);
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            document.published = true;
            let diagnostics = document
                .analysis
                .iter()
                .flat_map(|a| &a.diagnostics)
                .map(|d| diagnostics::to_editor(d, &uri, &document.text, &document.lines))
                .collect();
            let params = PublishDiagnosticsParams::new(uri, diagnostics, Some(document.version));
            self.notify::<lsp_types::notification::PublishDiagnostics>(params);
        }
    }

    /// Checks a document if its current text has not been checked yet.
    fn analyse(&mut self, uri: &Uri) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        if document.analysis.is_some() {
            return;
        }
        let analysis = if document.is_rubric() {
            let (rubric, diagnostics) =
                crate::validate::check_rubric(&document.path, &document.text);
            Analysis {
                rubric: rubric.filter(|_| !diagnostics.iter().any(Diagnostic::is_error)),
                diagnostics,
                index: SymbolIndex::default(),
            }
        } else {
            let rubric = self.rubric_for(&document.folder());
            let (path, text) = (&document.path, &document.text);
            match rubric {
                Ok(rubric) => {
                    let checked = crate::validate::check_source(path, text, &rubric);
                    let (index, parsed) = match &checked.parsed {
                        Some(scenario) => (SymbolIndex::from_scenario(scenario, text), true),
                        None => (text_index(text), false),
                    };
                    if parsed && let Some(document) = self.documents.get_mut(uri) {
                        document.last_good = Some(index.clone());
                    }
                    Analysis {
                        diagnostics: checked.diagnostics,
                        index,
                        rubric: Some(rubric),
                    }
                }
                Err(rubric_path) => Analysis {
                    diagnostics: vec![
                        Diagnostic::error(
                            "rubric-errors",
                            path,
                            "",
                            None,
                            format!(
                                "cannot check this scenario: its rubric `{}` has errors",
                                rubric_path.display()
                            ),
                        )
                        .with_hint("fix the rubric's errors (listed with it) first"),
                    ],
                    index: text_index(text),
                    rubric: None,
                },
            }
        };
        if let Some(document) = self.documents.get_mut(uri) {
            document.analysis = Some(analysis);
        }
    }

    /// The rubric for scenarios in `folder`: the open `rubric.ron` if there is one, else
    /// the one on disk, else the built-in one. A rubric with errors gives its path.
    fn rubric_for(&self, folder: &Path) -> Result<Rubric, PathBuf> {
        let open = self
            .documents
            .values()
            .find(|d| d.is_rubric() && d.folder() == folder);
        let (path, rubric) = match open {
            Some(document) => {
                let (rubric, diagnostics) =
                    crate::validate::check_rubric(&document.path, &document.text);
                let clean = !diagnostics.iter().any(Diagnostic::is_error);
                (document.path.clone(), rubric.filter(|_| clean))
            }
            None => {
                // An unsaved buffer has no folder: the built-in rubric, whatever folder the
                // server happens to run in.
                let file = if folder.as_os_str().is_empty() {
                    RubricFile::built_in()
                } else {
                    RubricFile::for_folder(folder)
                };
                let clean = match &file.rubric {
                    Ok(_) => {
                        let (_, diagnostics) =
                            crate::validate::check_rubric(&file.path, &file.source);
                        !diagnostics.iter().any(Diagnostic::is_error)
                    }
                    Err(_) => false,
                };
                (file.path, file.rubric.ok().filter(|_| clean))
            }
        };
        rubric.ok_or(path)
    }

    /// The document and byte offset a request points at, analysed.
    fn locate(&mut self, at: &TextDocumentPositionParams) -> Option<(&Document, usize)> {
        self.analyse(&at.text_document.uri);
        let document = self.documents.get(&at.text_document.uri)?;
        let offset = document.lines.offset(&document.text, at.position);
        Some((document, offset))
    }

    fn definition(&mut self, at: &TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
        let uri = at.text_document.uri.clone();
        let (document, offset) = self.locate(at)?;
        let index = &document.analysis.as_ref()?.index;
        let here = index.at(offset)?;
        let found: Vec<Location> = index
            .definitions(here.kind, &here.name)
            .map(|o| {
                Location::new(
                    uri.clone(),
                    document.lines.range(&document.text, o.range.clone()),
                )
            })
            .collect();
        (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found))
    }

    fn references(
        &mut self,
        at: &TextDocumentPositionParams,
        with_definition: bool,
    ) -> Vec<Location> {
        let uri = at.text_document.uri.clone();
        let Some((document, offset)) = self.locate(at) else {
            return Vec::new();
        };
        let Some(index) = document.analysis.as_ref().map(|a| &a.index) else {
            return Vec::new();
        };
        let Some(here) = index.at(offset) else {
            return Vec::new();
        };
        index
            .references(here.kind, &here.name, with_definition)
            .map(|o| {
                Location::new(
                    uri.clone(),
                    document.lines.range(&document.text, o.range.clone()),
                )
            })
            .collect()
    }

    fn completion(&mut self, at: &TextDocumentPositionParams) -> Vec<lsp_types::CompletionItem> {
        let Some((document, offset)) = self.locate(at) else {
            return Vec::new();
        };
        if document.is_rubric() || document.text.len() > MAX_FILE_BYTES {
            return Vec::new();
        }
        let Some(analysis) = &document.analysis else {
            return Vec::new();
        };
        let (text, lines) = (&document.text, &document.lines);
        let mut indexes = vec![&analysis.index];
        indexes.extend(document.last_good.as_ref());
        complete::complete(text, offset, &indexes, analysis.rubric.as_ref(), |bytes| {
            lines.range(text, bytes)
        })
    }

    /// The params of a request, or an `InvalidParams` reply.
    fn params<P: DeserializeOwned>(&self, request: &Request) -> Option<P> {
        match serde_json::from_value(request.params.clone()) {
            Ok(params) => Some(params),
            Err(error) => {
                let message = format!("bad params for `{}`: {error}", request.method);
                self.reply_error(request.id.clone(), ErrorCode::InvalidParams, &message);
                None
            }
        }
    }

    fn reply(&self, id: RequestId, result: impl Serialize) {
        let response = match serde_json::to_value(result) {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            },
            Err(error) => {
                return self.reply_error(id, ErrorCode::InternalError, &error.to_string());
            }
        };
        let _ = self.connection.sender.send(response.into());
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        let response = Response::new_err(id, code as i32, message.to_string());
        let _ = self.connection.sender.send(response.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let notification = Notification::new(N::METHOD.to_string(), params);
        let _ = self.connection.sender.send(notification.into());
    }
}

/// The index of a file that did not parse; none for a file past the size limit, which
/// gets its diagnostics only.
fn text_index(text: &str) -> SymbolIndex {
    if text.len() > MAX_FILE_BYTES {
        SymbolIndex::default()
    } else {
        SymbolIndex::from_text(text)
    }
}

/// A notification's params, or `None` (a malformed notification is dropped: there is no
/// one to answer).
fn notification_params<P: DeserializeOwned>(notification: Notification) -> Option<P> {
    match serde_json::from_value(notification.params) {
        Ok(params) => Some(params),
        Err(error) => {
            eprintln!("jigsaw lsp: ignoring `{}`: {error}", notification.method);
            None
        }
    }
}

/// What the server can do.
fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(true),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["\"".to_string(), "(".to_string()]),
                ..CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "jigsaw".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// The file a document is: a `file:` URI's path, or for any other (an unsaved buffer) a
/// name in the current folder, so it is checked against the built-in rubric.
fn uri_to_path(uri: &Uri) -> PathBuf {
    let decoded = uri
        .path()
        .as_estr()
        .decode()
        .into_string_lossy()
        .into_owned();
    let is_file = uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"));
    if !is_file {
        let name = decoded.rsplit('/').next().unwrap_or_default();
        return PathBuf::from(if name.is_empty() {
            "untitled.ron"
        } else {
            name
        });
    }
    // `file:///C:/x` on Windows: drop the slash before the drive letter.
    if cfg!(windows) {
        let bytes = decoded.as_bytes();
        if bytes.len() > 2 && bytes[0] == b'/' && bytes[2] == b':' {
            return PathBuf::from(&decoded[1..]);
        }
    }
    PathBuf::from(decoded)
}

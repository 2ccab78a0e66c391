//! Sending statements to a learning record store, offline first.
//!
//! Statements never go straight to the network: [`Outbox::enqueue`] writes them to a batch
//! file in the outbox folder (atomically, so a crash never leaves half a batch), and
//! [`deliver`] posts the waiting batches, oldest first, deleting each only once the LRS
//! has said 2xx. While the LRS cannot be reached (or answers 5xx, 408 or 429) the batches
//! wait, and [`deliver_with_backoff`] tries again after a growing pause. A batch the LRS
//! refuses with any other 4xx is moved to `rejected/`, beside a file holding the LRS's own
//! message: kept aside for someone to look at, never dropped. (401 and 403 are about the
//! credentials, not the batch: the batch stays queued.) Because statement ids are fixed when
//! the statements are made, a batch sent twice (say the answer was lost) is stored once.
//!
//! Credentials go in the `Authorization` header only; they are never part of a message,
//! a log line or a `Debug` print.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use serde_json::Value;

use crate::store::write_atomically;

/// The xAPI version statements are sent as.
pub const XAPI_VERSION: &str = "1.0.3";

/// The most statements put in one batch (one POST).
pub const BATCH_SIZE: usize = 100;

/// Basic credentials for an LRS: a key and a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    key: String,
    secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(<hidden>)")
    }
}

/// The environment variable holding the LRS key.
pub const KEY_VARIABLE: &str = "JIGSAW_LRS_KEY";
/// The environment variable holding the LRS secret.
pub const SECRET_VARIABLE: &str = "JIGSAW_LRS_SECRET";

impl Credentials {
    /// Credentials from a key and a secret.
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Credentials {
        Credentials {
            key: key.into(),
            secret: secret.into(),
        }
    }

    /// Credentials from `JIGSAW_LRS_KEY` and `JIGSAW_LRS_SECRET`, when both are set.
    pub fn from_env() -> Option<Credentials> {
        let key = std::env::var(KEY_VARIABLE).ok().filter(|k| !k.is_empty())?;
        let secret = std::env::var(SECRET_VARIABLE).ok()?;
        Some(Credentials::new(key, secret))
    }

    fn header(&self) -> String {
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.key, self.secret));
        format!("Basic {token}")
    }
}

/// The statements resource for an endpoint: the endpoint itself when it already ends in
/// `statements`, else `statements` under it (`https://lrs.example/xAPI/` gives
/// `https://lrs.example/xAPI/statements`).
pub fn statements_url(endpoint: &str) -> String {
    let trimmed = endpoint.trim().trim_end_matches('/');
    if trimmed.ends_with("/statements") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/statements")
    }
}

/// What the LRS made of one batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored (a 2xx answer).
    Stored,
    /// Refused with a 4xx: the status and the LRS's own message.
    Refused {
        /// The HTTP status.
        status: u16,
        /// What the LRS said.
        message: String,
    },
    /// Not reached, or not able to store now (network error, 5xx, 408, 429).
    Unreachable(String),
}

/// An LRS to send to.
pub struct Lrs {
    url: String,
    authorization: Option<String>,
    agent: ureq::Agent,
}

impl fmt::Debug for Lrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lrs")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Lrs {
    /// An LRS at `endpoint` (see [`statements_url`]), with optional credentials.
    pub fn new(endpoint: &str, credentials: Option<&Credentials>) -> Lrs {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build();
        Lrs {
            url: statements_url(endpoint),
            authorization: credentials.map(Credentials::header),
            agent: config.into(),
        }
    }

    /// The statements resource statements are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Posts one batch (a JSON array of statements).
    pub fn post(&self, body: &str) -> Outcome {
        let mut request = self
            .agent
            .post(&self.url)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        match request.send(body) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let message = response
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_string()
                    .unwrap_or_default();
                classify(status, message)
            }
            Err(error) => Outcome::Unreachable(error.to_string()),
        }
    }

    /// Reads statements back (`GET` with the query, e.g. `registration=<uuid>`), following
    /// `more` links. For checking what an LRS holds.
    pub fn get_statements(&self, query: &str) -> Result<Vec<Value>, String> {
        let mut url = format!("{}?{query}", self.url);
        let origin = origin(&self.url);
        let mut statements = Vec::new();
        for _ in 0..1000 {
            let mut request = self
                .agent
                .get(&url)
                .header("X-Experience-API-Version", XAPI_VERSION);
            if let Some(authorization) = &self.authorization {
                request = request.header("Authorization", authorization);
            }
            let mut response = request.call().map_err(|e| e.to_string())?;
            let text = response
                .body_mut()
                .read_to_string()
                .map_err(|e| e.to_string())?;
            if !response.status().is_success() {
                return Err(format!("{}: {text}", response.status()));
            }
            let page: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if let Some(found) = page["statements"].as_array() {
                statements.extend(found.iter().cloned());
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                Some(more) if more.starts_with('/') => url = format!("{origin}{more}"),
                Some(more) => url = more.to_string(),
                None => return Ok(statements),
            }
        }
        Err("the LRS kept sending more pages".to_string())
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// What a status means for the batch.
pub fn classify(status: u16, message: String) -> Outcome {
    match status {
        200..=299 => Outcome::Stored,
        408 | 429 => Outcome::Unreachable(format!("the LRS answered {status}: {message}")),
        400..=499 => Outcome::Refused { status, message },
        _ => Outcome::Unreachable(format!("the LRS answered {status}: {message}")),
    }
}

/// The folder statements wait in until an LRS has stored them.
#[derive(Clone, Debug)]
pub struct Outbox {
    dir: PathBuf,
}

/// A batch the LRS refused, kept aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    /// Where the batch now is.
    pub file: PathBuf,
    /// The HTTP status.
    pub status: u16,
    /// What the LRS said.
    pub message: String,
}

/// What one delivery run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Statements the LRS stored in this run.
    pub stored: usize,
    /// Batches the LRS refused, now in `rejected/`.
    pub set_aside: Vec<SetAside>,
    /// Batches still waiting.
    pub waiting: usize,
    /// Why the last attempt stopped, when batches are still waiting.
    pub problem: Option<String>,
}

impl Outbox {
    /// The outbox in `dir` (created when first written to).
    pub fn new(dir: impl Into<PathBuf>) -> Outbox {
        Outbox { dir: dir.into() }
    }

    /// The outbox in Jigsaw's data folder.
    pub fn in_data_dir(data: &Path) -> Outbox {
        Outbox::new(data.join("outbox"))
    }

    /// The folder batches wait in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder refused batches are kept in.
    pub fn rejected_dir(&self) -> PathBuf {
        self.dir.join("rejected")
    }

    /// Queues statements, in batches of at most [`BATCH_SIZE`]. Each batch file is named
    /// after the time it was queued and its first statement's id, so batches go out in
    /// order and queueing the same statements twice writes the same file again.
    pub fn enqueue(&self, statements: &[Value]) -> std::io::Result<Vec<PathBuf>> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let mut files = Vec::new();
        for (n, batch) in statements.chunks(BATCH_SIZE).enumerate() {
            let first = batch[0]["id"].as_str().unwrap_or("batch");
            let name = format!("{now:015}-{n:04}-{first}.json");
            let existing = self.pending()?.into_iter().find(|p| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.ends_with(&format!("-{first}.json")))
            });
            let file = existing.unwrap_or_else(|| self.dir.join(name));
            let body = serde_json::to_vec(batch).map_err(std::io::Error::other)?;
            write_atomically(&file, &body)?;
            files.push(file);
        }
        Ok(files)
    }

    /// The batches waiting, oldest first.
    pub fn pending(&self) -> std::io::Result<Vec<PathBuf>> {
        list_json(&self.dir)
    }

    /// The batches set aside.
    pub fn rejected(&self) -> std::io::Result<Vec<PathBuf>> {
        list_json(&self.rejected_dir())
    }

    fn set_aside(&self, file: &Path, status: u16, message: &str) -> std::io::Result<PathBuf> {
        let folder = self.rejected_dir();
        std::fs::create_dir_all(&folder)?;
        let name = file.file_name().unwrap_or_default();
        let target = folder.join(name);
        let reason = folder.join(Path::new(name).with_extension("reason.txt"));
        write_atomically(
            &reason,
            format!("The LRS refused this batch with HTTP {status}:\n{message}\n").as_bytes(),
        )?;
        std::fs::rename(file, &target)?;
        Ok(target)
    }
}

fn list_json(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(error),
    };
    files.sort();
    Ok(files)
}

/// Sends every waiting batch once, oldest first, stopping at the first that cannot be
/// delivered now. `on_stored` is told after each stored batch (for progress, and for tests
/// that stop the LRS part-way).
pub fn deliver(
    outbox: &Outbox,
    lrs: &Lrs,
    on_stored: &mut dyn FnMut(&Path, usize),
) -> std::io::Result<Delivery> {
    let mut delivery = Delivery::default();
    let pending = outbox.pending()?;
    for (n, file) in pending.iter().enumerate() {
        let body = std::fs::read_to_string(file)?;
        let count = serde_json::from_str::<Vec<Value>>(&body)
            .map(|v| v.len())
            .unwrap_or(0);
        match lrs.post(&body) {
            Outcome::Stored => {
                std::fs::remove_file(file)?;
                delivery.stored += count;
                on_stored(file, count);
            }
            Outcome::Refused { status, message } if status == 401 || status == 403 => {
                delivery.waiting = pending.len() - n;
                delivery.problem = Some(format!(
                    "the LRS refused the credentials (HTTP {status}): {message}"
                ));
                return Ok(delivery);
            }
            Outcome::Refused { status, message } => {
                let moved = outbox.set_aside(file, status, &message)?;
                delivery.set_aside.push(SetAside {
                    file: moved,
                    status,
                    message,
                });
            }
            Outcome::Unreachable(why) => {
                delivery.waiting = pending.len() - n;
                delivery.problem = Some(why);
                return Ok(delivery);
            }
        }
    }
    Ok(delivery)
}

/// How long to wait between delivery attempts: `first`, doubling each time up to `most`,
/// for at most `attempts` attempts in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The first pause.
    pub first: Duration,
    /// The longest pause.
    pub most: Duration,
    /// How many attempts in all.
    pub attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            first: Duration::from_secs(1),
            most: Duration::from_secs(60),
            attempts: 5,
        }
    }
}

impl Backoff {
    /// The pause after the `n`-th failed attempt (from 0).
    pub fn pause(&self, n: u32) -> Duration {
        self.first
            .saturating_mul(2_u32.saturating_pow(n.min(20)))
            .min(self.most)
    }
}

/// Delivers, and while batches wait because the LRS cannot be reached, pauses (through
/// `sleep`, so callers and tests choose how) and tries again, up to the backoff's attempts.
pub fn deliver_with_backoff(
    outbox: &Outbox,
    lrs: &Lrs,
    backoff: &Backoff,
    sleep: &mut dyn FnMut(Duration),
    on_stored: &mut dyn FnMut(&Path, usize),
) -> std::io::Result<Delivery> {
    let mut total = Delivery::default();
    for attempt in 0..backoff.attempts.max(1) {
        let run = deliver(outbox, lrs, on_stored)?;
        total.stored += run.stored;
        total.set_aside.extend(run.set_aside);
        total.waiting = run.waiting;
        total.problem = run.problem;
        let credentials = total
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("refused the credentials"));
        if total.waiting == 0 || credentials || attempt + 1 == backoff.attempts {
            break;
        }
        sleep(backoff.pause(attempt));
    }
    Ok(total)
}

//! Live voting from phones: a small HTTP server on the local network.
//!
//! The facilitator starts it from the app; nothing listens before that. [`VoteServer::start`]
//! binds a port, makes a short random room code and serves, on a few background threads,
//! one plain page (HTML, CSS and JavaScript embedded in the binary from `page/`) and a
//! small JSON API:
//!
//! - `POST /api/join` `{"code"}`: a random device token for this phone.
//! - `GET /api/state?code=..&token=..`: the decision open now (its question and options'
//!   text, no scores or meters) and this device's vote. The page polls it, so it moves on
//!   to the next decision by itself.
//! - `POST /api/vote` `{"code","token","decision","option"}`: one vote per device per
//!   decision, which the device may change until voting is closed.
//!
//! Every API request needs the room code (the static page itself holds no scenario text).
//! A vote for a closed or unknown decision or an unknown option gets a clear 4xx and
//! changes nothing; bodies over [`MAX_BODY`] are refused; each device's votes and each
//! address's wrong codes are rate-limited; no personal data is asked for or kept (a device
//! is only its random token). Text goes out as JSON with `<`, `>` and `&` escaped, and the
//! page only ever puts it on screen as text, never as HTML. The server stops when
//! [`VoteServer::stop`] is called or it is dropped (the session ends or the app closes).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rand::RngExt;
use serde::{Deserialize, Serialize};
use tiny_http::{Header, Method, Request, Response, Server};

/// The port tried first; another free one is used when it is taken.
pub const DEFAULT_PORT: u16 = 8765;
/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 1024;
/// The most devices one room accepts.
pub const MAX_DEVICES: usize = 2000;
/// A device may send this many votes in a burst...
pub const VOTE_BURST: f64 = 5.0;
/// ...and then one more every this many seconds.
pub const VOTE_REFILL_SECONDS: f64 = 1.0;
/// An address may give this many wrong room codes in a burst, then one every 6 seconds.
pub const WRONG_CODE_BURST: f64 = 10.0;
/// Wrong codes allowed again per second.
const WRONG_CODE_REFILL: f64 = 1.0 / 6.0;
/// The longest an option's or question's text sent to phones, in characters.
const MAX_TEXT: usize = 2000;
/// Threads that answer requests.
const WORKERS: usize = 4;
/// The letters a room code is made of: no 0/O, 1/I/L to misread on a projector.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// The room code's length.
pub const CODE_LENGTH: usize = 4;

const PAGE_HTML: &str = include_str!("page/index.html");
const PAGE_CSS: &str = include_str!("page/vote.css");
const PAGE_JS: &str = include_str!("page/vote.js");

/// The decision the room is voting on.
#[derive(Clone, Debug)]
struct Ballot {
    id: u64,
    question: String,
    options: Vec<String>,
    open: bool,
    /// Each device's vote: token → option (from 0, in the order shown).
    votes: HashMap<String, usize>,
}

/// A token bucket: `burst` at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    level: f64,
    at: Instant,
}

impl Bucket {
    fn full(burst: f64) -> Bucket {
        Bucket {
            level: burst,
            at: Instant::now(),
        }
    }

    /// How much the bucket holds now.
    fn available(&self, burst: f64, per_second: f64) -> f64 {
        (self.level + self.at.elapsed().as_secs_f64() * per_second).min(burst)
    }

    /// Takes one from the bucket if it has one.
    fn take(&mut self, burst: f64, per_second: f64) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.at).as_secs_f64();
        self.level = (self.level + elapsed * per_second).min(burst);
        self.at = now;
        if self.level >= 1.0 {
            self.level -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Everything the request threads and the app share.
#[derive(Debug)]
struct Room {
    code: String,
    devices: HashSet<String>,
    ballot: Option<Ballot>,
    next_id: u64,
    vote_limits: HashMap<String, Bucket>,
    wrong_codes: HashMap<IpAddr, Bucket>,
    requests: u64,
}

/// What the app sees of the room: how many voted and, once revealed, the split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The decision being voted on, if any.
    pub decision: Option<u64>,
    /// Whether phones can still vote or change their vote.
    pub open: bool,
    /// Votes per option, in the order the options were given.
    pub counts: Vec<u32>,
    /// How many devices have voted.
    pub voters: usize,
    /// How many devices have joined.
    pub devices: usize,
}

/// The running vote server. Dropping it stops it.
pub struct VoteServer {
    server: Arc<Server>,
    room: Arc<Mutex<Room>>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    port: u16,
}

impl std::fmt::Debug for VoteServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoteServer")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// The most connections waiting to be accepted: a whole room tapping "vote" at once
/// (Rust's standard library asks for 128, and a connection over that waits a second or
/// more for its retry).
const BACKLOG: i32 = 1024;

/// Raises a listening socket's queue of connections waiting to be accepted to
/// [`BACKLOG`] (calling `listen` again on a listening socket only changes its backlog).
#[cfg(unix)]
fn widen_backlog(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    // SAFETY: `listen` on a valid socket descriptor we own changes only its backlog.
    let _ = unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) };
}

#[cfg(not(unix))]
fn widen_backlog(_listener: &std::net::TcpListener) {}

/// A fresh random room code.
pub fn room_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| char::from(CODE_LETTERS[rng.random_range(0..CODE_LETTERS.len())]))
        .collect()
}

/// A fresh random device token (128 bits, hex).
fn device_token() -> String {
    let mut rng = rand::rng();
    format!("{:016x}{:016x}", rng.random::<u64>(), rng.random::<u64>())
}

/// This computer's address on the local network, as phones on the same Wi-Fi reach it;
/// `None` when it has none (no network).
pub fn lan_address() -> Option<IpAddr> {
    // Connecting a UDP socket sends nothing; it only picks the interface a packet to that
    // address would leave by.
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    for probe in ["10.254.254.254:1", "192.168.254.254:1", "172.31.254.254:1"] {
        if socket.connect(probe).is_ok()
            && let Ok(local) = socket.local_addr()
            && !local.ip().is_unspecified()
            && !local.ip().is_loopback()
        {
            return Some(local.ip());
        }
    }
    None
}

impl VoteServer {
    /// Starts serving on `addr` (e.g. `0.0.0.0:8765` for the local network, or port 0 for
    /// any free port) with a new room code.
    pub fn start(addr: SocketAddr) -> std::io::Result<VoteServer> {
        let listener = std::net::TcpListener::bind(addr)?;
        widen_backlog(&listener);
        let server = Server::from_listener(listener, None).map_err(std::io::Error::other)?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(addr.port());
        let server = Arc::new(server);
        let room = Arc::new(Mutex::new(Room {
            code: room_code(),
            devices: HashSet::new(),
            ballot: None,
            next_id: 1,
            vote_limits: HashMap::new(),
            wrong_codes: HashMap::new(),
            requests: 0,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|n| {
                let (server, room, stop) = (server.clone(), room.clone(), stop.clone());
                std::thread::Builder::new()
                    .name(format!("jigsaw-votes-{n}"))
                    .spawn(move || serve(&server, &room, &stop))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok(VoteServer {
            server,
            room,
            stop,
            workers,
            port,
        })
    }

    /// Starts on the local network: [`DEFAULT_PORT`], or any free port if it is taken.
    pub fn start_on_lan() -> std::io::Result<VoteServer> {
        let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        VoteServer::start(SocketAddr::new(any, DEFAULT_PORT))
            .or_else(|_| VoteServer::start(SocketAddr::new(any, 0)))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The room code phones must give.
    pub fn code(&self) -> String {
        self.room().code.clone()
    }

    /// The page's address for phones: this computer's local-network address, or
    /// `127.0.0.1` when it has none. The room code is in the fragment, which the browser
    /// keeps to itself: the page fills it in, so a scanned QR code needs no typing.
    pub fn url(&self) -> String {
        let host = lan_address().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        format!(
            "http://{}/#{}",
            SocketAddr::new(host, self.port),
            self.code()
        )
    }

    /// Opens voting on a new decision: `question` and the options' text, in the order the
    /// projector shows them. Earlier votes are forgotten.
    pub fn open(&self, question: &str, options: &[String]) -> u64 {
        let mut room = self.room();
        let id = room.next_id;
        room.next_id += 1;
        room.ballot = Some(Ballot {
            id,
            question: clip(question),
            options: options.iter().map(|o| clip(o)).collect(),
            open: true,
            votes: HashMap::new(),
        });
        id
    }

    /// Closes voting on the current decision: the votes stay, no more are taken.
    pub fn close(&self) {
        if let Some(ballot) = self.room().ballot.as_mut() {
            ballot.open = false;
        }
    }

    /// Opens voting again on the current decision, keeping its votes.
    pub fn reopen(&self) {
        if let Some(ballot) = self.room().ballot.as_mut() {
            ballot.open = true;
        }
    }

    /// Takes the decision off the phones (they show "waiting").
    pub fn clear(&self) {
        self.room().ballot = None;
    }

    /// The votes so far.
    pub fn snapshot(&self) -> Snapshot {
        let room = self.room();
        let mut snapshot = Snapshot {
            devices: room.devices.len(),
            ..Snapshot::default()
        };
        if let Some(ballot) = &room.ballot {
            snapshot.decision = Some(ballot.id);
            snapshot.open = ballot.open;
            snapshot.counts = vec![0; ballot.options.len()];
            for option in ballot.votes.values() {
                if let Some(count) = snapshot.counts.get_mut(*option) {
                    *count += 1;
                }
            }
            snapshot.voters = ballot.votes.len();
        }
        snapshot
    }

    /// How many requests have been answered (for the load measurement).
    pub fn requests(&self) -> u64 {
        self.room().requests
    }

    /// Stops listening and waits for the request threads to finish.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }

    fn room(&self) -> MutexGuard<'_, Room> {
        lock(&self.room)
    }
}

impl Drop for VoteServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// A poisoned lock (a panicking request thread) still holds consistent data: every change
/// is made in one step.
fn lock(room: &Mutex<Room>) -> MutexGuard<'_, Room> {
    room.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn clip(text: &str) -> String {
    text.trim().chars().take(MAX_TEXT).collect()
}

fn serve(server: &Server, room: &Mutex<Room>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => {
                let reply = handle(room, &mut RequestParts::of(request));
                reply.send();
            }
            Ok(None) => {}
            Err(_) => {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    // Another worker may still be waiting: wake it too.
    server.unblock();
}

/// A request, with its body read (up to the limit).
struct RequestParts {
    request: Option<Request>,
    method: Method,
    path: String,
    query: String,
    body: Result<Vec<u8>, u16>,
    from: Option<IpAddr>,
}

impl RequestParts {
    fn of(mut request: Request) -> RequestParts {
        let (path, query) = match request.url().split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (request.url().to_string(), String::new()),
        };
        let method = request.method().clone();
        let from = request.remote_addr().map(|a| a.ip());
        let body = if request.body_length().is_some_and(|n| n > MAX_BODY) {
            Err(413)
        } else {
            let mut body = Vec::new();
            match request
                .as_reader()
                .take(MAX_BODY as u64 + 1)
                .read_to_end(&mut body)
            {
                Ok(_) if body.len() > MAX_BODY => Err(413),
                Ok(_) => Ok(body),
                Err(_) => Err(400),
            }
        };
        RequestParts {
            request: Some(request),
            method,
            path,
            query,
            body,
            from,
        }
    }

    fn query(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.chars().take(100).collect())
        })
    }
}

/// A response about to be sent.
struct Reply {
    request: Option<Request>,
    status: u16,
    content_type: &'static str,
    body: String,
}

impl Reply {
    fn send(mut self) {
        let Some(request) = self.request.take() else {
            return;
        };
        let headers = [
            ("Content-Type", self.content_type),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            (
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                 img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ];
        let mut response = Response::from_string(self.body).with_status_code(self.status);
        for (name, value) in headers {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        // A phone that went away mid-answer is no concern of ours.
        let _ = request.respond(response);
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinBody {
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    code: String,
    token: String,
    decision: u64,
    option: usize,
}

#[derive(Serialize)]
struct StateBody<'a> {
    decision: Option<DecisionBody<'a>>,
    vote: Option<usize>,
}

#[derive(Serialize)]
struct DecisionBody<'a> {
    id: u64,
    question: &'a str,
    options: &'a [String],
    open: bool,
}

/// JSON with the characters that mean something in HTML escaped, so no text could ever be
/// read as markup even by a browser that sniffed it.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn handle(room: &Mutex<Room>, request: &mut RequestParts) -> Reply {
    let (status, content_type, body) = answer(room, request);
    lock(room).requests += 1;
    Reply {
        request: request.request.take(),
        status,
        content_type,
        body,
    }
}

const JSON: &str = "application/json; charset=utf-8";

fn error(status: u16, message: &str) -> (u16, &'static str, String) {
    (status, JSON, json(&ErrorBody { error: message }))
}

fn answer(room: &Mutex<Room>, request: &RequestParts) -> (u16, &'static str, String) {
    let get = request.method == Method::Get || request.method == Method::Head;
    let post = request.method == Method::Post;
    match request.path.as_str() {
        "/" | "/index.html" if get => (200, "text/html; charset=utf-8", PAGE_HTML.to_string()),
        "/vote.css" if get => (200, "text/css; charset=utf-8", PAGE_CSS.to_string()),
        "/vote.js" if get => (200, "text/javascript; charset=utf-8", PAGE_JS.to_string()),
        "/api/state" if get => state(room, request),
        "/api/join" if post => join(room, request),
        "/api/vote" if post => vote(room, request),
        "/" | "/index.html" | "/vote.css" | "/vote.js" | "/api/state" | "/api/join"
        | "/api/vote" => error(405, "That method is not allowed here."),
        _ => error(404, "There is nothing here."),
    }
}

/// Checks the room code; a wrong one counts against the sender's address.
fn check_code(
    room: &mut Room,
    given: Option<&str>,
    from: Option<IpAddr>,
) -> Result<(), (u16, &'static str, String)> {
    let from = from.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let blocked = room
        .wrong_codes
        .get(&from)
        .is_some_and(|b| b.available(WRONG_CODE_BURST, WRONG_CODE_REFILL) < 1.0);
    if blocked {
        return Err(error(
            429,
            "Too many wrong room codes from this device: wait a minute and try again.",
        ));
    }
    match given {
        Some(code) if code.trim().eq_ignore_ascii_case(&room.code) => Ok(()),
        _ => {
            room.wrong_codes
                .entry(from)
                .or_insert_with(|| Bucket::full(WRONG_CODE_BURST))
                .take(WRONG_CODE_BURST, WRONG_CODE_REFILL);
            Err(error(
                403,
                "That is not this room's code: check the code on the screen.",
            ))
        }
    }
}

fn body_of<T: for<'de> Deserialize<'de>>(
    request: &RequestParts,
) -> Result<T, (u16, &'static str, String)> {
    match &request.body {
        Err(413) => Err(error(413, "That request is too large.")),
        Err(_) => Err(error(400, "That request could not be read.")),
        Ok(bytes) => serde_json::from_slice(bytes)
            .map_err(|_| error(400, "That request is not in the expected form.")),
    }
}

fn state(room: &Mutex<Room>, request: &RequestParts) -> (u16, &'static str, String) {
    let mut room = lock(room);
    if let Err(reply) = check_code(&mut room, request.query("code").as_deref(), request.from) {
        return reply;
    }
    let token = request.query("token").unwrap_or_default();
    if !room.devices.contains(&token) {
        return error(
            401,
            "This phone has not joined the room: enter the code again.",
        );
    }
    let body = StateBody {
        decision: room.ballot.as_ref().map(|b| DecisionBody {
            id: b.id,
            question: &b.question,
            options: &b.options,
            open: b.open,
        }),
        vote: room
            .ballot
            .as_ref()
            .and_then(|b| b.votes.get(&token).copied()),
    };
    (200, JSON, json(&body))
}

fn join(room: &Mutex<Room>, request: &RequestParts) -> (u16, &'static str, String) {
    let body: JoinBody = match body_of(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let mut room = lock(room);
    if let Err(reply) = check_code(&mut room, Some(&body.code), request.from) {
        return reply;
    }
    if room.devices.len() >= MAX_DEVICES {
        return error(503, "The room is full.");
    }
    let token = device_token();
    room.devices.insert(token.clone());
    (200, JSON, json(&serde_json::json!({ "token": token })))
}

fn vote(room: &Mutex<Room>, request: &RequestParts) -> (u16, &'static str, String) {
    let body: VoteBody = match body_of(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let mut room = lock(room);
    let room = &mut *room;
    if let Err(reply) = check_code(room, Some(&body.code), request.from) {
        return reply;
    }
    if !room.devices.contains(&body.token) {
        return error(
            401,
            "This phone has not joined the room: enter the code again.",
        );
    }
    let allowed = room
        .vote_limits
        .entry(body.token.clone())
        .or_insert_with(|| Bucket::full(VOTE_BURST))
        .take(VOTE_BURST, 1.0 / VOTE_REFILL_SECONDS);
    if !allowed {
        return error(429, "Too many votes at once: wait a moment and try again.");
    }
    let Some(ballot) = room.ballot.as_mut().filter(|b| b.id == body.decision) else {
        return error(404, "That decision is not being voted on now.");
    };
    if !ballot.open {
        return error(409, "Voting on this decision has closed.");
    }
    if body.option >= ballot.options.len() {
        return error(400, "There is no such option.");
    }
    ballot.votes.insert(body.token, body.option);
    (200, JSON, json(&serde_json::json!({ "vote": body.option })))
}

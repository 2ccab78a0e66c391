//! Sending statements to a real learning record store: Learning Locker's statement service
//! (`xapi-statements` 5.0.1, from `.ci/node`) beside Debian's `redis-server`, each started
//! on a free loopback port for the test and stopped after it. A whole session goes out
//! through `jigsaw report --send` and is read back; the LRS is stopped part-way through a
//! delivery and started again, and the queue still delivers everything exactly once; a
//! statement the LRS refuses is kept aside with the LRS's own message.
//!
//! The service keeps statements in memory (`MODELS_REPO=memory`), so a restarted LRS
//! starts empty: "exactly once" is shown by the statements stored before the stop and
//! those stored after the restart together being every statement, with no id twice.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jigsaw::report::lrs::{Backoff, Credentials, Lrs, Outbox, deliver, deliver_with_backoff};
use jigsaw::report::xapi::{XapiOptions, statements};
use serde_json::{Value, json};

use super::reports::{fixed_transcript, node_tools, rebuild};
use super::{fixture, root};

/// A free TCP port on the loopback interface.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A child process stopped (and reaped) when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// redis-server and the statement service, on their own ports, with a scratch folder.
struct TestLrs {
    redis: Option<Running>,
    service: Option<Running>,
    redis_port: u16,
    port: u16,
    scratch: tempfile::TempDir,
}

fn redis_server() -> PathBuf {
    std::env::var_os("JIGSAW_REDIS_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("redis-server"))
}

fn wait_for_port(port: u16, what: &str, child: &mut Child, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{what} exited ({status}) before listening:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "{what} did not listen on port {port} within a minute:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

impl TestLrs {
    fn start() -> TestLrs {
        let scratch = tempfile::tempdir().expect("scratch folder");
        let mut lrs = TestLrs {
            redis: None,
            service: None,
            redis_port: free_port(),
            port: free_port(),
            scratch,
        };
        let log = lrs.scratch.path().join("redis.log");
        let mut redis = Command::new(redis_server())
            .args(["--bind", "127.0.0.1", "--port"])
            .arg(lrs.redis_port.to_string())
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(lrs.scratch.path())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): install Debian's redis-server (bash .ci/run does)",
                    redis_server().display()
                )
            });
        wait_for_port(lrs.redis_port, "redis-server", &mut redis, &log);
        lrs.redis = Some(Running(redis));
        lrs.start_service();
        lrs
    }

    fn start_service(&mut self) {
        let tools = node_tools();
        let storage = self.scratch.path().join("storage");
        std::fs::create_dir_all(&storage).unwrap();
        let log = self.scratch.path().join("lrs.log");
        let mut service = Command::new("node")
            .arg(tools.join("node_modules/xapi-statements/dist/server.js"))
            .current_dir(self.scratch.path())
            .env("AUTH_REPO", "test")
            .env("MODELS_REPO", "memory")
            .env("STORAGE_REPO", "local")
            .env("EVENTS_REPO", "redis")
            .env(
                "REDIS_URL",
                format!("redis://127.0.0.1:{}/0", self.redis_port),
            )
            .env("EXPRESS_PORT", self.port.to_string())
            .env("FS_LOCAL_STORAGE_DIR", &storage)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::options().append(true).open(&log).unwrap())
            .spawn()
            .expect("node runs the statement service");
        wait_for_port(self.port, "the xapi-statements service", &mut service, &log);
        self.service = Some(Running(service));
    }

    fn stop_service(&mut self) {
        self.service = None;
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            assert!(Instant::now() < deadline, "the LRS did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    fn client(&self) -> Lrs {
        Lrs::new(
            &self.endpoint(),
            Some(&Credentials::new("test-key", "test-secret")),
        )
    }
}

/// Every statement the LRS holds for this registration, by id.
fn stored(lrs: &TestLrs, registration: &str) -> Vec<Value> {
    lrs.client()
        .get_statements(&format!("registration={registration}&limit=500"))
        .expect("GET statements")
}

fn ids(statements: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_whole_session_sent_with_the_command_line_is_stored_and_read_back() {
    let lrs = TestLrs::start();
    let work = tempfile::tempdir().unwrap();
    let transcript = work.path().join("sam.json");
    let data = work.path().join("data");
    let scenario = fixture("reports/hostile.ron");
    let play = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .args(["play"])
        .arg(&scenario)
        .args([
            "--seed",
            "3",
            "--inputs",
            "look:look,1,1",
            "--learner",
            "Sam Patel",
            "--group",
            "Tuesday",
        ])
        .arg("--transcript")
        .arg(&transcript)
        .current_dir(root())
        .env("JIGSAW_DATA_DIR", &data)
        .env("JIGSAW_REPORT_SETTINGS", work.path().join("none.ron"))
        .output()
        .unwrap();
    assert!(
        play.status.success(),
        "{}",
        String::from_utf8_lossy(&play.stderr)
    );

    let secret = "s3cret-never-shown";
    let send = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .arg("report")
        .arg(&transcript)
        .args(["--scenario"])
        .arg(&scenario)
        .args([
            "--send",
            &lrs.endpoint(),
            "--xapi-base",
            "https://learning.example.org/jigsaw",
        ])
        .current_dir(root())
        .env("JIGSAW_DATA_DIR", &data)
        .env("JIGSAW_REPORT_SETTINGS", work.path().join("none.ron"))
        .env("JIGSAW_LRS_KEY", "key")
        .env("JIGSAW_LRS_SECRET", secret)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&send.stdout),
        String::from_utf8_lossy(&send.stderr)
    );
    assert!(send.status.success(), "{said}");
    assert!(said.contains("Sent 7 statements"), "{said}");
    assert!(!said.contains(secret), "the secret was printed: {said}");
    assert!(Outbox::in_data_dir(&data).pending().unwrap().is_empty());

    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&transcript).unwrap()).unwrap();
    let registration = written["attempt"].as_str().unwrap();
    let back = stored(&lrs, registration);
    assert_eq!(back.len(), 7, "{back:#?}");
    let mut verbs: Vec<&str> = back
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    verbs.sort();
    assert_eq!(
        verbs,
        [
            "answered",
            "answered",
            "completed",
            "experienced",
            "experienced",
            "initialized",
            "interacted"
        ]
    );
    let completed = back
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .unwrap();
    assert_eq!(completed["actor"]["account"]["name"], "Sam Patel");
    assert_eq!(completed["context"]["team"]["name"], "Tuesday");
    assert_eq!(completed["result"]["score"]["max"], 100);
    assert!(
        completed["result"]["extensions"]["https://learning.example.org/jigsaw/extensions/dimensions/care"].is_u64()
    );

    // Sending the same transcript again stores nothing new: the ids are the same.
    let again = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .arg("report")
        .arg(&transcript)
        .arg("--scenario")
        .arg(&scenario)
        .args([
            "--send",
            &lrs.endpoint(),
            "--xapi-base",
            "https://learning.example.org/jigsaw",
        ])
        .current_dir(root())
        .env("JIGSAW_DATA_DIR", &data)
        .env("JIGSAW_REPORT_SETTINGS", work.path().join("none.ron"))
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(ids(&stored(&lrs, registration)), ids(&back));
}

#[test]
fn the_queue_delivers_everything_exactly_once_across_an_lrs_restart() {
    let mut lrs = TestLrs::start();
    let outbox_dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(outbox_dir.path());
    // Four attempts, one batch each.
    let mut expected = Vec::new();
    let mut registrations = Vec::new();
    for steps in ["look:look,1,1", "1,2", "2", "look:look,2"] {
        let mut transcript = fixed_transcript(&fixture("reports/hostile.ron"), steps, None, None);
        transcript.attempt = uuid::Uuid::new_v4();
        registrations.push(transcript.attempt.to_string());
        let attempt = rebuild(&fixture("reports/hostile.ron"), transcript).unwrap();
        let made = statements(&attempt, &XapiOptions::default());
        expected.extend(made.iter().map(|s| s["id"].as_str().unwrap().to_string()));
        outbox.enqueue(&made).unwrap();
    }
    expected.sort();
    assert_eq!(outbox.pending().unwrap().len(), 4);

    // The LRS is stopped as soon as the first batch is stored, part-way through sending.
    let client = lrs.client();
    let mut batches_stored = 0;
    let mut stopped = false;
    let delivery = {
        let lrs_ref = &mut lrs;
        let mut on_stored = |_: &Path, _: usize| {
            batches_stored += 1;
            if batches_stored == 1 {
                lrs_ref.stop_service();
                stopped = true;
            }
        };
        let mut no_sleep = |_: Duration| {};
        deliver_with_backoff(
            &outbox,
            &client,
            &Backoff {
                first: Duration::from_millis(10),
                most: Duration::from_millis(40),
                attempts: 3,
            },
            &mut no_sleep,
            &mut on_stored,
        )
        .unwrap()
    };
    assert!(stopped);
    assert_eq!(delivery.waiting, 3, "{delivery:?}");
    assert!(delivery.problem.is_some());
    assert!(
        delivery.set_aside.is_empty(),
        "nothing is dropped or set aside"
    );
    assert_eq!(
        outbox.pending().unwrap().len(),
        3,
        "the undelivered batches wait on disk"
    );
    let first_batch_ids: Vec<String> = expected
        .iter()
        .filter(|id| !pending_ids(&outbox).contains(id))
        .cloned()
        .collect();

    // Started again (empty: its statements live in memory), the LRS gets the rest once.
    lrs.start_service();
    let delivery = deliver(&outbox, &lrs.client(), &mut |_, _| {}).unwrap();
    assert_eq!(delivery.waiting, 0, "{delivery:?}");
    assert!(outbox.pending().unwrap().is_empty());
    let after: Vec<Value> = registrations.iter().flat_map(|r| stored(&lrs, r)).collect();
    let mut all = first_batch_ids.clone();
    all.extend(ids(&after));
    all.sort();
    assert_eq!(all, expected, "every statement, each exactly once");
    assert!(
        ids(&after).iter().all(|id| !first_batch_ids.contains(id)),
        "the batch stored before the stop was not sent again"
    );
    // A delivery with nothing waiting sends nothing.
    let nothing = deliver(&outbox, &lrs.client(), &mut |_, _| {}).unwrap();
    assert_eq!(nothing.stored, 0);
}

fn pending_ids(outbox: &Outbox) -> Vec<String> {
    outbox
        .pending()
        .unwrap()
        .iter()
        .flat_map(|file| {
            let batch: Vec<Value> =
                serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            batch
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_refused_batch_is_kept_aside_with_the_lrs_message_and_the_rest_still_go() {
    let lrs = TestLrs::start();
    let outbox_dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(outbox_dir.path());
    let bad = json!([{
        "id": "7d0b6a4e-1111-4222-8333-944455556666",
        "actor": { "objectType": "Agent", "mbox": "mailto:someone@example.org" },
        "verb": { "id": "not an iri" },
        "object": { "id": "https://jigsaw.invalid/xapi/scenarios/x" },
    }]);
    outbox.enqueue(bad.as_array().unwrap()).unwrap();
    let attempt = rebuild(
        &fixture("reports/hostile.ron"),
        fixed_transcript(&fixture("reports/hostile.ron"), "1,1", None, None),
    )
    .unwrap();
    let good = statements(&attempt, &XapiOptions::default());
    outbox.enqueue(&good).unwrap();

    let delivery = deliver(&outbox, &lrs.client(), &mut |_, _| {}).unwrap();
    assert_eq!(delivery.set_aside.len(), 1, "{delivery:?}");
    let aside = &delivery.set_aside[0];
    assert_eq!(aside.status, 400);
    assert!(
        aside.message.contains("verb.id"),
        "the LRS names the field: {}",
        aside.message
    );
    assert!(aside.file.exists(), "the refused batch is kept");
    let reason = std::fs::read_to_string(aside.file.with_extension("reason.txt")).unwrap();
    assert!(
        reason.contains("HTTP 400") && reason.contains("verb.id"),
        "{reason}"
    );
    assert_eq!(outbox.rejected().unwrap().len(), 1);
    assert_eq!(delivery.stored, good.len(), "the good batch still went");
    assert!(outbox.pending().unwrap().is_empty());
}

#[test]
fn with_no_lrs_listening_the_statements_wait_in_the_queue() {
    let outbox_dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(outbox_dir.path());
    let attempt = rebuild(
        &fixture("reports/hostile.ron"),
        fixed_transcript(&fixture("reports/hostile.ron"), "1,1", None, None),
    )
    .unwrap();
    outbox
        .enqueue(&statements(&attempt, &XapiOptions::default()))
        .unwrap();
    let nobody = Lrs::new(&format!("http://127.0.0.1:{}/xAPI", free_port()), None);
    let mut pauses = Vec::new();
    let delivery = deliver_with_backoff(
        &outbox,
        &nobody,
        &Backoff {
            first: Duration::from_millis(5),
            most: Duration::from_millis(12),
            attempts: 4,
        },
        &mut |pause| pauses.push(pause),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(delivery.waiting, 1);
    assert_eq!(
        pauses,
        [5, 10, 12].map(Duration::from_millis),
        "the pauses grow and are capped"
    );
    assert_eq!(outbox.pending().unwrap().len(), 1);
}

//! Classroom mode in the core: tallies, majority, ties and overrides, resuming with the
//! tallies, the debrief and every report; `jigsaw play --classroom`; and the vote server
//! under hostile requests.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use jigsaw::classroom::server::{MAX_BODY, VoteServer};
use jigsaw::classroom::{Decided, VoteError, parse_counts};
use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::report::transcript::{Identity, StepClock, Transcript};
use jigsaw::report::{Attempt, csv, html, markdown};
use jigsaw::rubric::RubricFile;
use jigsaw::scenario::Scenario;
use jigsaw::validate::check_file;

use super::{fixture, root};

fn path() -> PathBuf {
    fixture("classroom/classroom.ron")
}

fn scenario() -> Scenario {
    let rubric = RubricFile::for_folder(&fixture("classroom"))
        .rubric
        .expect("rubric");
    check_file(&path(), &rubric)
        .playable()
        .expect("the classroom fixture plays")
        .clone()
}

fn group_session(s: &Scenario) -> Session {
    let mut session = Session::start(s, 1).expect("starts");
    session.run_with_group("Team B, 3 March");
    session
}

#[test]
fn typed_counts_fill_missing_options_with_zero() {
    assert_eq!(parse_counts("3,12,5", 3), Ok(vec![3, 12, 5]));
    assert_eq!(parse_counts("5", 3), Ok(vec![5, 0, 0]));
    assert_eq!(parse_counts(" 2  4 ", 3), Ok(vec![2, 4, 0]));
    assert!(
        parse_counts("1,2,3,4", 3)
            .unwrap_err()
            .contains("only 3 options")
    );
    assert!(parse_counts("two", 3).unwrap_err().contains("not a number"));
    assert!(parse_counts("", 3).is_err());
    assert!(parse_counts("99999999", 3).is_err());
}

#[test]
fn the_majority_is_taken_and_recorded() {
    let s = scenario();
    let mut session = group_session(&s);
    let tally = session.tally_of(&s, &[14, 6, 0]).unwrap();
    assert_eq!(session.decide(&s, &tally, None), Ok(Decided::Majority));
    assert_eq!(session.state.scene, "call");
    let classroom = session.classroom.as_ref().unwrap();
    assert_eq!(classroom.decisions.len(), 1);
    let decision = &classroom.decisions[0];
    assert_eq!((decision.chosen, decision.decided), (0, Decided::Majority));
    assert_eq!(
        decision.votes.iter().map(|t| t.votes).collect::<Vec<_>>(),
        [14, 6, 0]
    );
    // The step it records is the choice in the transcript.
    assert!(matches!(
        session.transcript[decision.step],
        jigsaw::engine::Step::Chose { choice: 0, .. }
    ));
}

#[test]
fn a_tie_needs_the_facilitator_to_pick_and_changes_nothing_until_then() {
    let s = scenario();
    let mut session = group_session(&s);
    let before = session.clone();
    let tally = session.tally_of(&s, &[5, 5, 2]).unwrap();
    assert_eq!(
        session.decide(&s, &tally, None),
        Err(VoteError::NeedsPick(vec![0, 1]))
    );
    assert_eq!(session, before);
    let nobody = session.tally_of(&s, &[0, 0, 0]).unwrap();
    assert!(matches!(
        session.decide(&s, &nobody, None),
        Err(VoteError::NeedsPick(_))
    ));
    assert_eq!(session.decide(&s, &tally, Some(1)), Ok(Decided::Tie));
    assert_eq!(session.state.scene, "letter");
}

#[test]
fn an_override_is_recorded_as_one() {
    let s = scenario();
    let mut session = group_session(&s);
    let tally = session.tally_of(&s, &[2, 12, 5]).unwrap();
    assert_eq!(session.decide(&s, &tally, Some(2)), Ok(Decided::Override));
    assert_eq!(session.state.scene, "call");
    // Picking the majority's own option is no override.
    let tally = session.tally_of(&s, &[9, 1]).unwrap();
    assert_eq!(session.decide(&s, &tally, Some(0)), Ok(Decided::Majority));
    let decided: Vec<Decided> = session
        .classroom
        .as_ref()
        .unwrap()
        .decisions
        .iter()
        .map(|d| d.decided)
        .collect();
    assert_eq!(decided, [Decided::Override, Decided::Majority]);
}

#[test]
fn a_bad_tally_or_pick_changes_nothing() {
    let s = scenario();
    let mut session = group_session(&s);
    let before = session.clone();
    assert!(session.tally_of(&s, &[1, 2]).is_err());
    let tally = session.tally_of(&s, &[1, 2, 3]).unwrap();
    assert_eq!(
        session.decide(&s, &tally, Some(7)),
        Err(VoteError::NotOffered(7))
    );
    let mut solo = Session::start(&s, 1).unwrap();
    assert_eq!(solo.decide(&s, &tally, None), Err(VoteError::NotClassroom));
    assert_eq!(session, before);
}

#[test]
fn a_saved_classroom_session_resumes_with_its_tallies() {
    let s = scenario();
    let mut session = group_session(&s);
    let tally = session.tally_of(&s, &[14, 6, 0]).unwrap();
    session.decide(&s, &tally, None).unwrap();
    let json = serde_json::to_string(&session).unwrap();
    assert!(json.contains("\"classroom\""), "{json}");
    let saved: Session = serde_json::from_str(&json).unwrap();
    let resumed = Session::resume(&s, &saved).expect("resumes");
    assert_eq!(resumed.classroom, session.classroom);
    assert_eq!(resumed, session);
    // A learner's own session saves exactly as before: no classroom field at all.
    let solo = Session::start(&s, 1).unwrap();
    assert!(
        !serde_json::to_string(&solo)
            .unwrap()
            .contains("\"classroom\":")
    );
}

fn played_attempt() -> Attempt {
    let s = scenario();
    let mut session = group_session(&s);
    let tally = session.tally_of(&s, &[14, 6, 0]).unwrap();
    session.decide(&s, &tally, None).unwrap();
    let tally = session.tally_of(&s, &[4, 4]).unwrap();
    session.decide(&s, &tally, Some(0)).unwrap();
    let rubric_file = RubricFile::for_folder(&fixture("classroom"));
    let rubric = rubric_file.rubric.clone().unwrap();
    let checked = check_file(&path(), &rubric);
    let transcript = Transcript::new(
        &session,
        &s,
        &path(),
        &checked.source,
        &rubric_file.source,
        &Identity {
            learner: Some("The laptop's owner".to_string()),
            learner_id: "id".to_string(),
            group: None,
        },
        &StepClock::default(),
        UNIX_EPOCH,
    );
    // Through the file format and back, as `jigsaw report` reads it.
    let json = transcript.to_json();
    assert!(json.contains("\"tallies\""), "{json}");
    assert!(json.contains("\"decided\": \"tie\""), "{json}");
    let transcript = Transcript::from_json(Path::new("t.json"), &json).unwrap();
    let attempt = Attempt::rebuild(
        transcript,
        &s,
        &checked.source,
        checked.bounds(),
        &rubric,
        &rubric_file.source,
    )
    .expect("rebuilds");
    assert_eq!(attempt.session.classroom, session.classroom);
    attempt
}

#[test]
fn the_debrief_says_how_the_room_split() {
    let attempt = played_attempt();
    let d: &Debrief = &attempt.debrief;
    assert_eq!(d.group.as_deref(), Some("Team B, 3 March"));
    assert_eq!(
        d.votes[0].sentence,
        "14 of 20 chose \u{201c}Ring Jamie's mum, Sam\u{201d}; 6 chose \u{201c}Send a letter\u{201d}."
    );
    assert!(d.votes[1].sentence.contains("A tie: the facilitator chose"));
    let text = jigsaw::report::text::debrief(d);
    assert!(
        text.contains("THE ROOM'S VOTES (Team B, 3 March)"),
        "{text}"
    );
    let json = serde_json::to_value(d).unwrap();
    assert_eq!(json["votes"][0]["total"], 20);
    assert_eq!(json["votes"][0]["options"][1]["votes"], 6);
    assert_eq!(json["votes"][1]["decided"], "tie");
}

#[test]
fn the_group_stands_where_the_learner_would_in_every_report() {
    let attempt = played_attempt();
    assert_eq!(attempt.transcript.group.as_deref(), Some("Team B, 3 March"));
    assert_eq!(attempt.transcript.learner, None);
    assert_eq!(attempt.who(), "Team B, 3 March");
    let attempts = [attempt];
    let page = html::render(&attempts);
    assert!(page.contains("The room's votes"), "{page}");
    assert!(page.contains("14 of 20 chose"), "{page}");
    let notes = markdown::render(&attempts);
    assert!(notes.contains("**The room's votes**"), "{notes}");
    assert!(notes.contains("14 of 20 chose"), "{notes}");
    let table = csv::render(&attempts).unwrap();
    assert!(table.lines().next().unwrap().ends_with(",votes"), "{table}");
    assert!(
        table.contains("desk 14/6/0 majority; call 4/4 tie"),
        "{table}"
    );
    let statements = jigsaw::report::xapi::statements(
        &attempts[0],
        &jigsaw::report::xapi::XapiOptions::default(),
    );
    let tallies: Vec<&serde_json::Value> = statements
        .iter()
        .filter_map(|s| {
            s["context"]["extensions"]
                .as_object()?
                .iter()
                .find(|(k, _)| k.ends_with("tallies"))
                .map(|(_, v)| v)
        })
        .collect();
    assert_eq!(tallies.len(), 2, "{statements:?}");
    assert_eq!(tallies[0]["choice-1"], 14);
}

fn jigsaw_play(args: &[&str], input: &str) -> (String, String, bool) {
    let output = super::run_jigsaw(&root(), args, input.as_bytes(), &[]);
    (
        super::text(&output.stdout),
        super::text(&output.stderr),
        output.status.success(),
    )
}

#[test]
fn play_classroom_asks_for_tallies_and_records_them() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("progress.json");
    let file = path();
    let args = [
        "play",
        file.to_str().unwrap(),
        "--classroom",
        "--group",
        "Team B",
        "--seed",
        "1",
        "--save",
        save.to_str().unwrap(),
    ];
    // `5` gives five votes to the first option; Enter takes the majority.
    let (out, err, ok) = jigsaw_play(&args, "5\n\n");
    assert!(ok, "{err}");
    assert!(out.contains("What does the group do?"), "{out}");
    assert!(out.contains("Most votes: 1)"), "{out}");
    // Resumes with the tally: a tie, then the facilitator picks option 2.
    let (out, err, ok) = jigsaw_play(&args, "bad\n3,3\n\n2\n");
    assert!(ok, "{err}");
    assert!(out.contains("A tie between options 1 and 2"), "{out}");
    assert!(out.contains("THE ROOM'S VOTES (Team B)"), "{out}");
    assert!(
        out.contains("5 of 5 chose \u{201c}Ring Jamie's mum, Sam\u{201d}."),
        "{out}"
    );
    assert!(out.contains("A tie: the facilitator chose"), "{out}");
    let saved = std::fs::read_to_string(&save).unwrap();
    assert!(saved.contains("\"decided\": \"tie\""), "{saved}");

    // An override, and the JSON debrief carries the votes.
    let (out, err, ok) = jigsaw_play(
        &[
            "play",
            file.to_str().unwrap(),
            "--classroom",
            "--group",
            "Team C",
            "--seed",
            "1",
            "--json",
        ],
        "1,9,0\n3\n4\n\n",
    );
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON debrief");
    assert_eq!(json["group"], "Team C");
    assert_eq!(json["votes"][0]["decided"], "override");
    assert_eq!(json["votes"][1]["decided"], "majority");
}

// ---------------------------------------------------------------------------------------
// The vote server, driven with raw HTTP.

fn local(server: &VoteServer) -> SocketAddr {
    SocketAddr::new(Ipv4Addr::LOCALHOST.into(), server.port())
}

fn start() -> VoteServer {
    VoteServer::start(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0)).expect("server starts")
}

/// Sends raw bytes and returns the status code and body.
fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    raw(
        addr,
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    raw(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn join(server: &VoteServer) -> String {
    let (status, body) = post(
        local(server),
        "/api/join",
        &format!("{{\"code\":\"{}\"}}", server.code().to_lowercase()),
    );
    assert_eq!(status, 200, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    value["token"].as_str().unwrap().to_string()
}

fn vote(server: &VoteServer, token: &str, decision: u64, option: usize) -> (u16, String) {
    post(
        local(server),
        "/api/vote",
        &format!(
            "{{\"code\":\"{}\",\"token\":\"{token}\",\"decision\":{decision},\"option\":{option}}}",
            server.code()
        ),
    )
}

#[test]
fn the_server_counts_one_vote_per_device_and_allows_changes_until_closed() {
    let server = start();
    let options = vec!["Ring <b>Sam</b> & ask".to_string(), "Write".to_string()];
    let decision = server.open("What now?", &options);
    let (a, b) = (join(&server), join(&server));
    assert_eq!(vote(&server, &a, decision, 0).0, 200);
    assert_eq!(vote(&server, &b, decision, 0).0, 200);
    // b changes its mind: still one vote each.
    assert_eq!(vote(&server, &b, decision, 1).0, 200);
    let snapshot = server.snapshot();
    assert_eq!((snapshot.counts.clone(), snapshot.voters), (vec![1, 1], 2));
    // The page gets the options' text as JSON with markup characters escaped.
    let (status, body) = get(
        local(&server),
        &format!("/api/state?code={}&token={a}", server.code()),
    );
    assert_eq!(status, 200);
    assert!(
        body.contains("\\u003cb\\u003eSam\\u003c/b\\u003e \\u0026 ask"),
        "{body}"
    );
    assert!(!body.contains("<b>"), "{body}");
    assert!(body.contains("\"vote\":0"), "{body}");
    server.close();
    let (status, body) = vote(&server, &a, decision, 1);
    assert_eq!(status, 409, "{body}");
    assert_eq!(server.snapshot().counts, vec![1, 1]);
}

#[test]
fn hostile_requests_get_a_clear_4xx_and_change_nothing() {
    let server = start();
    let decision = server.open("Q", &["one".to_string(), "two".to_string()]);
    let token = join(&server);
    let addr = local(&server);
    // The wrong room code.
    let (status, body) = post(addr, "/api/join", "{\"code\":\"ZZZZZ\"}");
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("not this room's code"), "{body}");
    let (status, _) = get(addr, &format!("/api/state?code=nope&token={token}"));
    assert_eq!(status, 403);
    let (status, _) = post(
        addr,
        "/api/vote",
        &format!(
            "{{\"code\":\"WRONG\",\"token\":\"{token}\",\"decision\":{decision},\"option\":0}}"
        ),
    );
    assert_eq!(status, 403);
    // No code at all.
    assert_eq!(get(addr, "/api/state").0, 403);
    // An unknown option, an unknown decision, an unknown device.
    assert_eq!(vote(&server, &token, decision, 2).0, 400);
    assert_eq!(vote(&server, &token, decision + 100, 0).0, 404);
    assert_eq!(vote(&server, "made-up-token", decision, 0).0, 401);
    // Not JSON, and extra fields.
    assert_eq!(post(addr, "/api/vote", "option=1").0, 400);
    assert_eq!(
        post(
            addr,
            "/api/join",
            &format!("{{\"code\":\"{}\",\"name\":\"Sam\"}}", server.code())
        )
        .0,
        400
    );
    // A 1 MB body, declared and sent.
    let big = "x".repeat(1024 * 1024);
    let (status, _) = post(addr, "/api/vote", &big);
    assert_eq!(status, 413);
    // A chunked body over the limit (no length given).
    let mut chunked = b"POST /api/vote HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    let chunk = "y".repeat(MAX_BODY * 2);
    chunked.extend(format!("{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len()).as_bytes());
    assert_eq!(raw(addr, &chunked).0, 413);
    // Malformed HTTP, then the server still answers.
    let (status, _) = raw(addr, b"HELLO THERE\r\n\r\n");
    assert!(status == 400 || status == 0, "{status}");
    let _ = raw(
        addr,
        b"GET /api/state?code=x HTTP/1.1\r\nHost: x\r\nContent-Length: nonsense\r\n\r\n",
    );
    let _ = raw(addr, &[0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]);
    // Unknown paths and methods.
    assert_eq!(get(addr, "/../../etc/passwd").0, 404);
    assert_eq!(get(addr, "/api/vote").0, 405);
    assert_eq!(server.snapshot().voters, 0);
    assert_eq!(vote(&server, &token, decision, 1).0, 200);
    assert_eq!(server.snapshot().counts, vec![0, 1]);
}

#[test]
fn a_thousand_rapid_votes_from_one_device_count_once_and_are_rate_limited() {
    let server = start();
    let decision = server.open("Q", &["one".to_string(), "two".to_string()]);
    let token = join(&server);
    let mut statuses = std::collections::BTreeMap::new();
    for n in 0..1000 {
        let (status, _) = vote(&server, &token, decision, n % 2);
        *statuses.entry(status).or_insert(0) += 1;
    }
    let limited = statuses.get(&429).copied().unwrap_or(0);
    assert!(limited >= 900, "{statuses:?}");
    assert_eq!(statuses.keys().copied().collect::<Vec<_>>(), [200, 429]);
    let snapshot = server.snapshot();
    assert_eq!(snapshot.voters, 1);
    assert_eq!(snapshot.counts.iter().sum::<u32>(), 1);
}

#[test]
fn repeated_wrong_codes_from_one_address_are_slowed_down() {
    let server = start();
    let addr = local(&server);
    let statuses: Vec<u16> = (0..15)
        .map(|_| post(addr, "/api/join", "{\"code\":\"NOPE\"}").0)
        .collect();
    assert_eq!(statuses[0], 403);
    assert_eq!(statuses[14], 429, "{statuses:?}");
}

#[test]
fn the_page_is_served_without_the_code_but_holds_no_scenario_text() {
    let server = start();
    server.open("A secret question", &["Hidden option".to_string()]);
    let (status, page) = get(local(&server), "/");
    assert_eq!(status, 200);
    assert!(page.contains("Room code"), "{page}");
    assert!(!page.contains("secret") && !page.contains("Hidden option"));
    assert_eq!(get(local(&server), "/vote.js").0, 200);
    assert_eq!(get(local(&server), "/vote.css").0, 200);
}

#[test]
fn nothing_listens_once_the_server_stops() {
    let server = start();
    let addr = local(&server);
    assert_eq!(get(addr, "/").0, 200);
    server.stop();
    std::thread::sleep(Duration::from_millis(100));
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn jigsaw_check_holds_facilitator_notes_to_the_rules_for_any_text() {
    let source = std::fs::read_to_string(path()).unwrap();
    let rubric = RubricFile::for_folder(&fixture("classroom"))
        .rubric
        .unwrap();
    let clean = jigsaw::validate::check_source(&path(), &source, &rubric);
    assert!(clean.playable().is_some());
    assert_eq!(
        clean
            .playable()
            .unwrap()
            .scene("desk")
            .unwrap()
            .facilitator
            .as_deref(),
        Some(
            "Rooms often split between ringing and writing. Ask who Jamie is seen by when nobody brings him."
        )
    );
    let note = "facilitator: \"Rooms often split";
    let codes = |text: &str| -> Vec<&'static str> {
        jigsaw::validate::check_source(&path(), text, &rubric)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    // A control character hidden in a note, an over-long note, a misspelt field name.
    let hidden = source.replace(note, "facilitator: \"Rooms \\u{1b}[2J often split");
    assert!(
        codes(&hidden).contains(&"control-character"),
        "{:?}",
        codes(&hidden)
    );
    let long = source.replace(
        note,
        &format!("facilitator: \"{} Rooms often split", "x".repeat(10_001)),
    );
    assert!(
        codes(&long).contains(&"text-too-long"),
        "{:?}",
        codes(&long)
    );
    let misspelt = source.replace(note, "facilitater: \"Rooms often split");
    assert!(
        codes(&misspelt).contains(&"syntax"),
        "{:?}",
        codes(&misspelt)
    );
}

//! Reports: the transcript round trip, refusing a changed scenario, golden reports in each
//! format on a fixed session, hostile text through every format, and every xAPI statement
//! checked by Learning Locker's independent validator (`xapi-validation`, run by node).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use jigsaw::debrief::Debrief;
use jigsaw::engine::{Session, parse_script};
use jigsaw::report::transcript::{Identity, StepClock, Tally, Transcript, TranscriptStep};
use jigsaw::report::xapi::{XapiOptions, statements};
use jigsaw::report::{Attempt, ReportError, csv, html, markdown, xapi};
use jigsaw::rubric::RubricFile;
use jigsaw::validate::check_file;
use serde_json::Value;
use uuid::Uuid;

use super::{fixture, root};

/// The fixture full of hostile text, with the rubric beside it.
fn hostile() -> PathBuf {
    fixture("reports/hostile.ron")
}

/// Hostile text for the learner and group names: markup, a formula, a right-to-left
/// override that is never closed.
pub const HOSTILE_LEARNER: &str =
    "=HYPERLINK(\"http://evil.example\",\"Sam\") <script>alert('x')</script> \u{202E}evil";
const HOSTILE_GROUP: &str = "@group \"Tuesday\" & <b>co</b>";

/// A transcript of `steps` played on `path` with seed 7, with fixed ids and times.
pub fn fixed_transcript(
    path: &Path,
    steps: &str,
    learner: Option<&str>,
    group: Option<&str>,
) -> Transcript {
    seeded_transcript(path, 7, steps, learner, group)
}

/// A transcript of `steps` played on `path` with `seed`, with fixed ids and times.
pub fn seeded_transcript(
    path: &Path,
    seed: u64,
    steps: &str,
    learner: Option<&str>,
    group: Option<&str>,
) -> Transcript {
    let rubric_file = RubricFile::for_folder(path.parent().expect("folder"));
    let rubric = rubric_file.rubric.as_ref().expect("rubric parses");
    let checked = check_file(path, rubric);
    let scenario = checked.playable().expect("playable");
    let script = parse_script(steps).expect("script");
    let session = Session::play_script(scenario, seed, &script).expect("plays");
    let identity = Identity {
        learner: learner.map(str::to_string),
        learner_id: "5b0c1d5e-0000-4000-8000-000000000001".to_string(),
        group: group.map(str::to_string),
    };
    let mut transcript = Transcript::new(
        &session,
        scenario,
        path,
        &checked.source,
        &rubric_file.source,
        &identity,
        &StepClock::default(),
        UNIX_EPOCH + Duration::from_secs(1_796_115_600),
    );
    transcript.attempt = Uuid::parse_str("0d5e7a10-4c8b-4e63-9a55-6f1d2b3c4d5e").expect("uuid");
    transcript.started_at = "2026-12-01T09:00:00Z".to_string();
    transcript.ended_at = "2026-12-01T09:12:30Z".to_string();
    transcript
}

/// Rebuilds an attempt from a transcript on the scenario at `path`.
pub fn rebuild(path: &Path, transcript: Transcript) -> Result<Attempt, ReportError> {
    let rubric_file = RubricFile::for_folder(path.parent().expect("folder"));
    let rubric = rubric_file.rubric.as_ref().expect("rubric parses");
    let checked = check_file(path, rubric);
    let scenario = checked.playable().expect("playable");
    Attempt::rebuild(
        transcript,
        scenario,
        &checked.source,
        checked.bounds(),
        rubric,
        &rubric_file.source,
    )
}

/// The fixed attempt the golden reports are made from: the hostile scenario played to
/// its good ending, with a hostile learner name and group.
fn golden_attempt() -> Attempt {
    let transcript = fixed_transcript(
        &hostile(),
        "look:look,1,1",
        Some(HOSTILE_LEARNER),
        Some(HOSTILE_GROUP),
    );
    rebuild(&hostile(), transcript).expect("rebuilds")
}

/// A second, unfinished attempt by an anonymous learner.
fn unfinished_attempt() -> Attempt {
    let transcript = fixed_transcript(&hostile(), "1", None, None);
    rebuild(&hostile(), transcript).expect("rebuilds")
}

#[test]
fn a_transcript_round_trips_and_rebuilds_the_debrief_exactly() {
    let path = hostile();
    let transcript = fixed_transcript(&path, "look:look,1,1", Some("Sam"), None);
    let json = transcript.to_json();
    let read = Transcript::from_json(Path::new("t.json"), &json).expect("reads back");
    assert_eq!(read, transcript);
    assert_eq!(read.schema_version, 1);
    assert!(json.contains("\"kind\": \"chose\""), "{json}");

    let attempt = rebuild(&path, read).expect("rebuilds");
    let rubric_file = RubricFile::for_folder(path.parent().unwrap());
    let rubric = rubric_file.rubric.unwrap();
    let checked = check_file(&path, &rubric);
    let scenario = checked.playable().unwrap();
    let session =
        Session::play_script(scenario, 7, &parse_script("look:look,1,1").unwrap()).unwrap();
    assert_eq!(attempt.session, session);
    assert_eq!(
        attempt.debrief,
        Debrief::new(scenario, &rubric, &session, checked.bounds())
    );
    assert!(attempt.debrief.finished);
}

#[test]
fn a_transcript_of_a_changed_scenario_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("hostile.ron");
    std::fs::copy(hostile(), &copy).unwrap();
    std::fs::copy(fixture("reports/rubric.ron"), dir.path().join("rubric.ron")).unwrap();
    let transcript = fixed_transcript(&copy, "1,1", None, None);
    assert!(rebuild(&copy, transcript.clone()).is_ok());

    // Only a comment changes: the file is no longer the one played.
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(&copy, format!("{text}\n// edited\n")).unwrap();
    let error = rebuild(&copy, transcript.clone()).unwrap_err().to_string();
    assert!(
        error.contains("scenario `hostile` has changed since this session was played"),
        "{error}"
    );
    assert!(error.contains("version 3"), "{error}");

    // A different rubric is refused too: the scores would differ.
    std::fs::write(&copy, &text).unwrap();
    let rubric = std::fs::read_to_string(dir.path().join("rubric.ron")).unwrap();
    std::fs::write(
        dir.path().join("rubric.ron"),
        rubric.replace("high_care: 50", "high_care: 60"),
    )
    .unwrap();
    let error = rebuild(&copy, transcript).unwrap_err().to_string();
    assert!(error.contains("different rubric"), "{error}");
}

#[test]
fn a_hand_edited_or_newer_transcript_is_refused() {
    let mut transcript = fixed_transcript(&hostile(), "1,1", None, None);
    if let Some(TranscriptStep::Chose { effects, .. }) = transcript.steps.get_mut(1) {
        effects.score.insert("care".to_string(), 99);
    }
    let error = rebuild(&hostile(), transcript).unwrap_err().to_string();
    assert!(error.contains("does not replay the same way"), "{error}");
    assert!(error.contains("step 2"), "{error}");

    let newer = fixed_transcript(&hostile(), "1,1", None, None)
        .to_json()
        .replace("\"schema_version\": 1", "\"schema_version\": 2");
    let error = Transcript::from_json(Path::new("t.json"), &newer)
        .unwrap_err()
        .to_string();
    assert!(error.contains("schema version 2"), "{error}");
}

#[test]
fn optional_group_and_tallies_are_read_and_carried_into_xapi() {
    let mut transcript = fixed_transcript(&hostile(), "1,1", None, Some("Room 4"));
    if let Some(TranscriptStep::Chose { tallies, .. }) = transcript.steps.get_mut(1) {
        *tallies = Some(vec![
            Tally {
                choice: 0,
                votes: 5,
            },
            Tally {
                choice: 1,
                votes: 2,
            },
        ]);
    }
    let json = transcript.to_json();
    assert!(json.contains("\"tallies\""), "{json}");
    let read = Transcript::from_json(Path::new("t.json"), &json).unwrap();
    let attempt = rebuild(&hostile(), read).expect("tallies do not stop a replay");
    let all = statements(&attempt, &XapiOptions::default());
    let answered = all
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered")
        .unwrap();
    assert_eq!(
        answered["context"]["extensions"]["https://jigsaw.invalid/xapi/extensions/tallies"]["choice-1"],
        5
    );
    assert_eq!(answered["context"]["team"]["name"], "Room 4");
    validate_with_xapi_validation(&all);
}

#[test]
fn golden_html() {
    insta::assert_snapshot!("report-html", html::render(&[golden_attempt()]));
}

#[test]
fn golden_markdown() {
    insta::assert_snapshot!(
        "report-markdown",
        markdown::render(&[golden_attempt(), unfinished_attempt()])
    );
}

#[test]
fn golden_csv() {
    insta::assert_snapshot!(
        "report-csv",
        csv::render(&[golden_attempt(), unfinished_attempt()]).unwrap()
    );
}

#[test]
fn golden_xapi() {
    insta::assert_snapshot!(
        "report-xapi",
        xapi::render(
            &[golden_attempt()],
            &XapiOptions::with_base("https://learning.example.org/jigsaw/")
        )
    );
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let page = html::render(&[golden_attempt(), unfinished_attempt()]);
    // The only tags are the report's own: no script, no injected element, no handler.
    assert!(
        !page.to_lowercase().contains("<script"),
        "a script tag got through"
    );
    for injected in [
        "<b>",
        "<i>",
        "<u>",
        "<em>",
        "<img",
        "</text><script",
        "<!--",
    ] {
        assert!(!page.contains(injected), "{injected} got through");
    }
    assert!(page.contains("&lt;/text&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(page.contains("-1 ]]&gt; &lt;/svg&gt; --&gt; &lt;!--"));
    assert!(page.contains(
        "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;"
    ));
    assert!(page.contains("Tells &#x27; &quot; &lt; &gt; &amp;amp;"));
    assert!(page.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;Sam&quot;)"));
    // The learner's unclosed right-to-left override is closed before the group's name,
    // and the whole inside its own isolate.
    assert!(
        page.contains("\u{202E}evil\u{202C} (@group"),
        "override not closed"
    );
    assert!(!page.contains("\u{202E}evil (@group"));
    // Very long words wrap instead of widening the page; inside drawings labels are cut.
    assert!(page.contains("overflow-wrap: anywhere"));
    assert!(page.contains("…"), "long labels in the SVG are cut");
    // Self-contained: nothing is fetched.
    assert!(!page.contains("src=\"http"));
    assert!(!page.contains("<link"));
    assert!(page.contains("default-src 'none'"));
}

#[test]
fn hostile_text_is_escaped_in_markdown() {
    let let_pass = rebuild(
        &hostile(),
        fixed_transcript(&hostile(), "2", Some(HOSTILE_LEARNER), None),
    )
    .unwrap();
    let notes = markdown::render(&[golden_attempt(), let_pass]);
    // Every `<`, `[` and `|` from the texts is escaped: none can open a tag, a link or a cell.
    for (at, c) in notes.char_indices() {
        if c == '<' || c == '[' {
            assert_eq!(&notes[at - 1..at], "\\", "unescaped {c} at {at}: {notes}");
        }
    }
    assert!(
        notes.contains("\\<script\\>alert('sign')\\</script\\>"),
        "{notes}"
    );
    assert!(!notes.contains("[link](javascript"), "{notes}");
    assert!(
        notes.contains("\\<b\\>A clue\\</b\\> \\| \\[link\\](javascript"),
        "{notes}"
    );
    assert!(
        notes.contains("\u{202E}evil\u{202C}"),
        "override not closed: {notes}"
    );
    // A dimension name cannot break out of its table cell.
    assert!(
        notes.contains("| Care \\<b\\>\\& \"warmth\"\\</b\\> |"),
        "{notes}"
    );
}

#[test]
fn hostile_text_cannot_become_a_spreadsheet_formula() {
    let sheet = csv::render(&[golden_attempt(), unfinished_attempt()]).unwrap();
    let mut reader = ::csv::Reader::from_reader(sheet.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per attempt");
    for row in &rows {
        for (name, value) in headers.iter().zip(row.iter()) {
            assert!(
                !value.starts_with(['=', '+', '@', '\t', '\r']),
                "{name} = {value:?} would run as a formula"
            );
            if value.starts_with('-') {
                assert!(value.parse::<f64>().is_ok(), "{name} = {value:?}");
            }
        }
    }
    let learner = rows[0].get(0).unwrap();
    assert!(learner.starts_with("'=HYPERLINK("), "{learner}");
    assert!(learner.ends_with("\u{202E}evil\u{202C}"), "{learner:?}");
    assert_eq!(rows[0].get(1), Some("'@group \"Tuesday\" & <b>co</b>"));
    // The ending "-Poor" of the unfinished attempt is empty (it has no ending), and the
    // good ending's title keeps its text.
    let ending = headers.iter().position(|h| h == "ending").unwrap();
    assert_eq!(rows[0].get(ending), Some("Good <em>end</em>"));
    assert_eq!(csv::cell("-Poor"), "'-Poor");
    assert_eq!(csv::cell("+1"), "'+1");
}

#[test]
fn hostile_text_survives_in_xapi_as_plain_json_strings() {
    let all = statements(&golden_attempt(), &XapiOptions::default());
    let text = serde_json::to_string(&all).unwrap();
    let back: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, all);
    assert_eq!(
        all[0]["object"]["definition"]["name"]["en-GB"],
        "<script>alert('title')</script> & \"quotes\""
    );
    assert_eq!(all[0]["actor"]["name"], HOSTILE_LEARNER.trim());
    validate_with_xapi_validation(&all);
}

#[test]
fn statements_follow_the_session_and_carry_the_scores() {
    let attempt = golden_attempt();
    let all = statements(
        &attempt,
        &XapiOptions::with_base("https://lrs.example.org/x/"),
    );
    let verbs: Vec<&str> = all
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
    assert_eq!(
        verbs,
        [
            "initialized",
            "experienced",
            "interacted",
            "answered",
            "experienced",
            "answered",
            "completed"
        ]
    );
    let registration = attempt.transcript.attempt.to_string();
    for s in &all {
        assert_eq!(s["context"]["registration"], registration);
        assert!(
            s["object"]["id"]
                .as_str()
                .unwrap()
                .starts_with("https://lrs.example.org/x/scenarios/hostile")
        );
    }
    let answered = &all[3];
    assert_eq!(
        answered["object"]["definition"]["interactionType"],
        "choice"
    );
    assert_eq!(
        answered["object"]["definition"]["choices"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(answered["result"]["response"], "choice-1");
    assert_eq!(
        answered["context"]["contextActivities"]["parent"][0]["id"],
        "https://lrs.example.org/x/scenarios/hostile"
    );
    let completed = all.last().unwrap();
    let score = &completed["result"]["score"];
    assert_eq!(score["min"], 0);
    assert_eq!(score["max"], 100);
    assert_eq!(score["raw"], attempt.overall().unwrap());
    let extensions = &completed["result"]["extensions"];
    for dimension in &attempt.debrief.dimensions {
        let key = format!(
            "https://lrs.example.org/x/extensions/dimensions/{}",
            dimension.id
        );
        match dimension.score {
            Some(value) => assert_eq!(extensions[&key], value, "{key}"),
            None => assert!(extensions.get(&key).is_none(), "{key}"),
        }
    }
    assert_eq!(completed["result"]["duration"], "PT750S");
    assert_eq!(completed["context"]["team"]["objectType"], "Group");

    // Ids are fixed by the attempt: made again, the statements are the same; all differ.
    assert_eq!(
        statements(
            &attempt,
            &XapiOptions::with_base("https://lrs.example.org/x/")
        ),
        all
    );
    let mut ids: Vec<&str> = all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    let other = statements(&unfinished_attempt_with_new_id(), &XapiOptions::default());
    assert!(
        other
            .iter()
            .all(|s| !ids.contains(&s["id"].as_str().unwrap()))
    );
    assert_eq!(
        other.last().unwrap()["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/terminated"
    );
    assert_eq!(other.last().unwrap()["result"]["completion"], false);
}

fn unfinished_attempt_with_new_id() -> Attempt {
    let mut transcript = fixed_transcript(&hostile(), "1", None, None);
    transcript.attempt = Uuid::new_v4();
    rebuild(&hostile(), transcript).unwrap()
}

#[test]
fn every_kind_of_actor_and_session_passes_the_independent_validator() {
    let mut all = Vec::new();
    for (steps, learner, group) in [
        ("look:look,1,1", Some("sam.patel@example.org"), None),
        ("look:look,1,1", Some("Sam Patel"), Some("Tuesday cohort")),
        ("1", None, None),
        ("2", None, Some("Room 4")),
        ("", None, None),
    ] {
        let attempt = rebuild(
            &hostile(),
            fixed_transcript(&hostile(), steps, learner, group),
        )
        .unwrap();
        all.extend(statements(&attempt, &XapiOptions::default()));
    }
    // And a shipped scenario, played to its end.
    let shipped = root().join("scenarios/second-chance-contact.ron");
    let paths = jigsaw::explore::routes(&super::playable(&shipped));
    let route = paths.first().expect("a route");
    let steps: Vec<String> = route
        .steps
        .iter()
        .map(|s| match s {
            jigsaw::engine::Scripted::Pick(n) => n.to_string(),
            jigsaw::engine::Scripted::Look(id) => format!("look:{id}"),
        })
        .collect();
    let transcript = seeded_transcript(
        &shipped,
        route.seed.unwrap_or(7),
        &steps.join(","),
        Some("Alex"),
        None,
    );
    let attempt = rebuild(&shipped, transcript).expect("the shipped scenario replays");
    assert!(attempt.debrief.finished);
    all.extend(statements(&attempt, &XapiOptions::default()));
    assert!(all.len() > 20);
    validate_with_xapi_validation(&all);
}

/// The folder holding the node tools (`.ci/node`, or `JIGSAW_NODE_TOOLS`), failing loudly
/// when they are not installed.
pub fn node_tools() -> PathBuf {
    let dir = std::env::var_os("JIGSAW_NODE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".ci/node"));
    assert!(
        dir.join("node_modules/xapi-validation").is_dir()
            && dir.join("node_modules/xapi-statements").is_dir(),
        "the xAPI validator and LRS are not installed in {}: run `bash .ci/run` once (it runs \
         `npm ci` there), or `cd .ci/node && npm ci`",
        dir.display()
    );
    dir
}

/// Checks statements with Learning Locker's `xapi-validation`, failing with its warnings.
pub fn validate_with_xapi_validation(statements: &[Value]) {
    let dir = node_tools();
    let mut child = Command::new("node")
        .arg(dir.join("validate.js"))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (install Debian's nodejs, as .ci/run does)");
    let body = serde_json::to_vec(statements).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, &body).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "xapi-validation found problems:\n{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains(&format!(
            "{} statements checked, 0 problems",
            statements.len()
        )),
        "{said}"
    );
}

fn jigsaw(args: &[&std::ffi::OsStr], data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .args(args)
        .current_dir(root())
        .env("JIGSAW_DATA_DIR", data)
        .env("JIGSAW_REPORT_SETTINGS", data.join("no-reports.ron"))
        .env_remove("JIGSAW_LRS_KEY")
        .env_remove("JIGSAW_LRS_SECRET")
        .output()
        .expect("run jigsaw")
}

#[test]
fn the_report_command_writes_each_format_and_refuses_a_changed_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("hostile.ron");
    std::fs::copy(hostile(), &scenario).unwrap();
    std::fs::copy(fixture("reports/rubric.ron"), dir.path().join("rubric.ron")).unwrap();
    let transcript = dir.path().join("t.json");
    let data = dir.path().join("data");
    let os = |s: &str| std::ffi::OsString::from(s);
    let played = jigsaw(
        &[
            os("play").as_os_str(),
            scenario.as_os_str(),
            os("--inputs").as_os_str(),
            os("1,1").as_os_str(),
            os("--transcript").as_os_str(),
            transcript.as_os_str(),
        ],
        &data,
    );
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    let written = Transcript::read(&transcript).expect("play wrote a transcript");
    assert!(written.learner.is_none(), "anonymous without --learner");
    assert_eq!(
        std::fs::read_to_string(data.join("learner-id"))
            .unwrap()
            .trim(),
        written.learner_id,
        "the anonymous id is kept in the data folder"
    );

    let md = jigsaw(
        &[
            os("report").as_os_str(),
            transcript.as_os_str(),
            os("--scenario").as_os_str(),
            scenario.as_os_str(),
            os("--format").as_os_str(),
            os("md").as_os_str(),
        ],
        &data,
    );
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("## Anonymous learner: "));

    let csv_file = dir.path().join("class.csv");
    let csv = jigsaw(
        &[
            os("report").as_os_str(),
            transcript.as_os_str(),
            transcript.as_os_str(),
            os("--scenarios").as_os_str(),
            dir.path().as_os_str(),
            os("-o").as_os_str(),
            csv_file.as_os_str(),
        ],
        &data,
    );
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&csv_file).unwrap().lines().count(),
        3,
        "a header and a row per transcript"
    );

    // Edit the scenario: the report is refused, with the reason, and nothing is written.
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, text.replace("version: 3", "version: 4")).unwrap();
    let html_file = dir.path().join("out.html");
    let refused = jigsaw(
        &[
            os("report").as_os_str(),
            transcript.as_os_str(),
            os("--scenarios").as_os_str(),
            dir.path().as_os_str(),
            os("-o").as_os_str(),
            html_file.as_os_str(),
        ],
        &data,
    );
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(
        said.contains("scenario `hostile` has changed since this session was played"),
        "{said}"
    );
    assert!(
        said.contains("version 3") && said.contains("version 4"),
        "{said}"
    );
    assert!(!html_file.exists());

    // An unknown scenario id is refused too.
    let elsewhere = jigsaw(&[os("report").as_os_str(), transcript.as_os_str()], &data);
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&elsewhere.stderr).contains("which is not in the scenarios folder")
    );
}

#[test]
fn sending_with_no_lrs_listening_keeps_the_statements_queued_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let transcript = dir.path().join("t.json");
    std::fs::write(
        &transcript,
        fixed_transcript(&hostile(), "1,1", None, None).to_json(),
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
    let os = |s: &str| std::ffi::OsString::from(s);
    let sent = jigsaw(
        &[
            os("report").as_os_str(),
            transcript.as_os_str(),
            os("--scenario").as_os_str(),
            hostile().as_os_str(),
            os("--send").as_os_str(),
            os(&endpoint).as_os_str(),
            os("--attempts").as_os_str(),
            os("1").as_os_str(),
        ],
        &data,
    );
    let said = String::from_utf8_lossy(&sent.stderr);
    assert_eq!(sent.status.code(), Some(1), "{said}");
    assert!(said.contains("1 batch(es) wait in"), "{said}");
    let queued = jigsaw::report::lrs::Outbox::in_data_dir(&data)
        .pending()
        .unwrap();
    assert_eq!(queued.len(), 1);
    let batch: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&queued[0]).unwrap()).unwrap();
    assert_eq!(
        batch.len(),
        6,
        "initialized, 2 scenes, 2 answers, completed"
    );
}

#[test]
fn lrs_credentials_never_appear_in_debug_output() {
    let settings: jigsaw::report::settings::ReportSettings = ron::from_str(
        "(lrs: Some((endpoint: \"https://lrs.example.org/xAPI/\", key: Some(\"the-key\"), secret: Some(\"the-secret\"))))",
    )
    .expect("reports.ron parses");
    let lrs = settings.lrs.clone().unwrap();
    let credentials = lrs.credentials().expect("from the file");
    let client = jigsaw::report::lrs::Lrs::new(&lrs.endpoint, Some(&credentials));
    for shown in [
        format!("{settings:?}"),
        format!("{lrs:?}"),
        format!("{credentials:?}"),
        format!("{client:?}"),
    ] {
        assert!(
            !shown.contains("the-secret") && !shown.contains("the-key"),
            "{shown}"
        );
    }
    assert_eq!(client.url(), "https://lrs.example.org/xAPI/statements");
}

#[test]
fn a_session_an_author_jumped_into_replays_from_the_jump() {
    let path = hostile();
    let rubric_file = RubricFile::for_folder(path.parent().unwrap());
    let rubric = rubric_file.rubric.clone().unwrap();
    let checked = check_file(&path, &rubric);
    let scenario = checked.playable().unwrap();
    let jump = jigsaw::engine::Jump {
        scene: "mid".to_string(),
        path: vec!["start".to_string()],
        flags: Default::default(),
        found: ["clue".to_string()].into(),
        meters: Default::default(),
    };
    let mut session = Session::jump(scenario, 3, jump).expect("jumps");
    session.choose(scenario, 0).expect("a choice");
    let transcript = Transcript::new(
        &session,
        scenario,
        &path,
        &checked.source,
        &rubric_file.source,
        &Identity::default(),
        &StepClock::default(),
        UNIX_EPOCH,
    );
    let json = transcript.to_json();
    assert!(json.contains("\"jump\""), "{json}");
    let attempt = rebuild(
        &path,
        Transcript::from_json(Path::new("t.json"), &json).unwrap(),
    )
    .expect("replays from the jump");
    assert_eq!(attempt.session, session);
    assert_eq!(attempt.debrief.completeness, 100);
}

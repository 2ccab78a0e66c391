//! Hostile files, hostile terminals and a new trainer's first hour (issue 8): files written
//! to hang or flood `check`, text written to take over a terminal, pictures outside the
//! scenario's folder, the mistakes a new author makes, and saving that survives a kill.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use jigsaw::rubric::Rubric;
use jigsaw::scenario::limits::{MAX_FILE_BYTES, MAX_LIST_ITEMS};
use jigsaw::validate::{Checked, check_rubric, check_source};

use super::{fixture, root, run_jigsaw as jigsaw_in, text};

/// The longest a check of a file up to 1 MB may take in the long fuzz run
/// (`JIGSAW_FUZZ_CASES`, a release build): a second. The ordinary test run asserts no
/// times (they belong to measurements, docs/performance.md), only what is printed and
/// reported.
const CHECK_TIME: Duration = Duration::from_secs(1);

/// A small playable scenario with these flags, whose one choice leads to `next`.
fn scenario(flags: &str, next: &str) -> String {
    format!(
        r#"Scenario(
    id: "hostile", title: "T", role: "r", summary: "s", content_note: "c",
    flags: [{flags}],
    scenes: [Scene(id: "a", text: "t", choices: [Choice(text: "x", score: {{"care": 1, "authority": 1}}, feedback: "f", next: "{next}")])],
    endings: [Ending(id: "end", title: "E", text: "e", kind: Good)],
)
"#
    )
}

/// Checks `source` and renders every diagnostic as `check` prints it: the time taken and
/// the printed text.
fn check_and_render(source: &str) -> (Checked, Duration, String) {
    let started = Instant::now();
    let checked = check_source(Path::new("hostile.ron"), source, &Rubric::built_in());
    let printed: String = checked
        .diagnostics
        .iter()
        .map(|d| d.render(&checked.source, false))
        .collect();
    (checked, started.elapsed(), printed)
}

#[test]
fn a_100000_character_unknown_id_is_reported_briefly() {
    // The "did you mean" comparison took 38 s on this (it is quadratic in length), and
    // each message quoted the whole id.
    let long = "v".repeat(100_000);
    let source = scenario("", &long).replace(
        "Ending(id: \"end\"",
        &format!("Ending(id: \"{}w\"", &long[1..]),
    );
    let (checked, _, printed) = check_and_render(&source);
    assert!(printed.len() < 20_000, "printed {} bytes", printed.len());
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == "unknown-scene")
    );
    assert!(checked.diagnostics.iter().any(|d| d.code == "id-too-long"));
}

#[test]
fn duplicates_on_one_line_are_capped_and_shown_cut_around_the_place() {
    // 2,000 duplicate flags on one line printed 118 MB: every diagnostic re-printed the
    // whole line.
    let flags = vec!["\"f\""; 2_000].join(", ");
    let (checked, _, printed) = check_and_render(&scenario(&flags, "end"));
    assert!(printed.len() < 300_000, "printed {} bytes", printed.len());
    assert_eq!(
        checked.diagnostics.len(),
        101,
        "100 shown and a count of the rest"
    );
    let last = checked.diagnostics.last().expect("the count");
    assert_eq!(last.code, "more-problems");
    assert!(last.message.contains("1900 more"), "{}", last.message);
    assert!(printed.contains('…'), "long lines are cut");
    // The closing count is of every problem, shown or not (1,999 duplicates, and the
    // unscored dimensions' warning).
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("flags.ron"), scenario(&flags, "end")).expect("write");
    let output = jigsaw_in(dir.path(), &["check", "flags.ron"], b"", &[]);
    let out = text(&output.stdout);
    assert!(
        out.trim_end()
            .ends_with("checked 1 file: 1999 errors, 1 warning"),
        "{}",
        &out[out.len().saturating_sub(200)..]
    );
}

#[test]
fn over_large_files_and_lists_stop_before_the_parser() {
    let big = format!("{}{}", scenario("", "end"), " ".repeat(MAX_FILE_BYTES));
    let (checked, _, _) = check_and_render(&big);
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["file-too-large"]);

    let flags = vec!["\"f\""; MAX_LIST_ITEMS + 1].join(", ");
    let (checked, _, _) = check_and_render(&scenario(&flags, "end"));
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["list-too-long"]);
    assert_eq!(checked.diagnostics[0].line, 3, "at the list's bracket");

    // Exactly at the limit, with or without a trailing comma, is allowed.
    let ids: Vec<String> = (0..MAX_LIST_ITEMS).map(|i| format!("\"f{i}\"")).collect();
    for flags in [ids.join(", "), format!("{},", ids.join(", "))] {
        let (checked, _, _) = check_and_render(&scenario(&flags, "end"));
        assert!(
            !checked
                .diagnostics
                .iter()
                .any(|d| d.code == "list-too-long"),
            "{:?}",
            checked.diagnostics.first()
        );
    }
}

/// A scene offering more choices than a screen can show usefully is refused at the first
/// one too many; exactly the limit is allowed.
#[test]
fn a_scene_may_offer_at_most_thirty_choices() {
    use jigsaw::scenario::limits::MAX_CHOICES;
    let with = |n: usize| {
        let choice =
            r#"Choice(text: "x", score: {"care": 1, "authority": 1}, feedback: "f", next: "end")"#;
        scenario("", "end").replace(
            &format!("choices: [{choice}]"),
            &format!("choices: [\n{}]", vec![choice; n].join(",\n")),
        )
    };
    let (checked, _, printed) = check_and_render(&with(MAX_CHOICES + 1));
    let long: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "list-too-long")
        .collect();
    assert_eq!(long.len(), 1, "{printed}");
    // The scene is on line 4, its first choice on line 5.
    assert_eq!(
        long[0].line,
        5 + MAX_CHOICES,
        "at the first choice too many: {printed}"
    );
    assert!(long[0].message.contains("31 choices"), "{printed}");
    let (checked, _, _) = check_and_render(&with(MAX_CHOICES));
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "list-too-long")
    );
}

/// The lists a learner sees whole (the case notes' pieces, the pre-brief's outcomes, the
/// debrief's dimensions and concepts) have limits, so a hostile file cannot make every
/// frame lay out fifty thousand rows: each is refused at the first item too many, and
/// exactly the limit is allowed.
#[test]
fn lists_a_learner_sees_whole_are_capped() {
    use jigsaw::scenario::limits::{MAX_CONCEPTS, MAX_DIMENSIONS, MAX_OUTCOMES, MAX_PIECES};
    let long = |checked: &Checked| -> Vec<(usize, String)> {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "list-too-long")
            .map(|d| (d.line, d.message.clone()))
            .collect()
    };
    let with_pieces = |n: usize| {
        let pieces: Vec<String> = (0..n)
            .map(|i| format!("Piece(id: \"p{i}\", title: \"P\", tells: \"t\")"))
            .collect();
        scenario("", "end").replace(
            "    flags: [],",
            &format!("    flags: [],\n    pieces: [\n{}],", pieces.join(",\n")),
        )
    };
    let (checked, _, printed) = check_and_render(&with_pieces(MAX_PIECES + 1));
    // The first piece is on line 5, so the first one too many is on line 5 + MAX_PIECES.
    assert_eq!(
        long(&checked),
        [(
            5 + MAX_PIECES,
            format!(
                "this scenario has {} pieces of the jigsaw; a scenario may have at most {MAX_PIECES}",
                MAX_PIECES + 1
            )
        )],
        "{printed}"
    );
    assert!(long(&check_and_render(&with_pieces(MAX_PIECES)).0).is_empty());

    let with_outcomes = |n: usize| {
        scenario("", "end").replace(
            "    flags: [],",
            &format!(
                "    flags: [],\n    outcomes: [{}],",
                vec!["\"o\""; n].join(", ")
            ),
        )
    };
    let (checked, _, printed) = check_and_render(&with_outcomes(MAX_OUTCOMES + 1));
    assert_eq!(long(&checked).len(), 1, "{printed}");
    assert!(
        long(&checked)[0].1.contains("learning outcomes"),
        "{printed}"
    );
    assert!(long(&check_and_render(&with_outcomes(MAX_OUTCOMES)).0).is_empty());

    let rubric = std::fs::read_to_string(root().join("scenarios/rubric.ron")).expect("rubric");
    let with_dimensions = |n: usize| {
        let extra: Vec<String> = (0..n)
            .map(|i| format!("Dimension(id: \"extra-{i}\", name: \"E\", description: \"d\", earns: \"e\", loses: \"l\"), "))
            .collect();
        rubric.replacen(
            "dimensions: [",
            &format!("dimensions: [{}", extra.join("")),
            1,
        )
    };
    let shipped = jigsaw::validate::check_rubric(Path::new("rubric.ron"), &rubric)
        .0
        .expect("the shipped rubric")
        .dimensions
        .len();
    let (_, found) = jigsaw::validate::check_rubric(
        Path::new("rubric.ron"),
        &with_dimensions(MAX_DIMENSIONS + 1 - shipped),
    );
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["list-too-long"], "{found:?}");
    assert!(
        found[0]
            .message
            .contains(&format!("{} dimensions", MAX_DIMENSIONS + 1))
    );
    let (_, found) = jigsaw::validate::check_rubric(
        Path::new("rubric.ron"),
        &with_dimensions(MAX_DIMENSIONS - shipped),
    );
    assert!(found.iter().all(|d| d.code != "list-too-long"), "{found:?}");
    let concepts: Vec<String> = (0..=MAX_CONCEPTS)
        .map(|i| format!("Concept(id: \"extra-{i}\", name: \"C\", definition: \"d\"), "))
        .collect();
    let many = rubric.replacen(
        "concepts: [",
        &format!("concepts: [{}", concepts.join("")),
        1,
    );
    let (_, found) = jigsaw::validate::check_rubric(Path::new("rubric.ron"), &many);
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["list-too-long"], "{found:?}");
    assert!(
        found[0]
            .message
            .contains("concepts; a rubric may have at most")
    );
}

#[test]
fn a_megabyte_of_lines_with_problems_is_checked_and_printed_within_limits() {
    // Many lines, each with an unknown flag: the per-file cap keeps both the work of
    // locating problems and the output small.
    let scene = |id: &str, next: &str| {
        let choices: String = (0..4_000)
            .map(|i| format!("Choice(text: \"x\", set: [\"unknown-{i}\"], feedback: \"f\", next: \"{next}\"),\n"))
            .collect();
        format!("Scene(id: \"{id}\", text: \"t\", choices: [\n{choices}]),\n")
    };
    let scenes = format!(
        "{}{}{}",
        scene("a", "b"),
        scene("b", "c"),
        scene("c", "end")
    );
    let source = scenario("", "end").replace("scenes: [", &format!("scenes: [\n{scenes}"));
    assert!(source.len() <= 1024 * 1024, "{} bytes", source.len());
    let (_, _, printed) = check_and_render(&source);
    assert!(printed.len() < 300_000, "printed {} bytes", printed.len());
}

#[test]
fn control_characters_are_errors_with_their_place_and_never_printed() {
    let source = scenario("", "end").replace(
        "text: \"t\"",
        "text: \"\u{1b}[2J\u{1b}]0;title\u{7}\u{1b}]52;c;bWFsd2FyZQ==\u{7}\\u{1b}]8;;http://x\\u{7}a\rb\u{8}\u{202e}\"",
    );
    let (checked, _, printed) = check_and_render(&source);
    let places: Vec<(&str, usize, usize)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "control-character")
        .map(|d| (d.code, d.line, d.column))
        .collect();
    // Three escapes, two bells, an escape and a bell written as escapes, a carriage
    // return, a backspace and a bidirectional override.
    assert_eq!(places.len(), 10, "{places:?}");
    assert!(
        places
            .iter()
            .all(|(_, line, column)| *line == 4 && *column > 0)
    );
    assert!(
        !printed.chars().any(|c| c.is_control() && c != '\n'),
        "the rendered check output carries no control character: {printed:?}"
    );
    assert!(checked.playable().is_none());
}

#[test]
fn a_byte_order_mark_is_accepted_in_scenarios_and_rubrics() {
    let source = format!("\u{feff}{}", scenario("", "end"));
    let (checked, _, _) = check_and_render(&source);
    assert!(!checked.has_errors(), "{:?}", checked.errors().next());
    assert_eq!(
        checked.parsed.as_ref().map(|s| s.id.span.start),
        source.find("\"hostile\""),
        "places are counted in the whole file"
    );
    let rubric = format!("\u{feff}{}", jigsaw::rubric::BUILT_IN);
    let (parsed, diagnostics) = check_rubric(Path::new("rubric.ron"), &rubric);
    assert!(
        parsed.is_some() && diagnostics.is_empty(),
        "{diagnostics:?}"
    );
}

#[test]
fn windows_line_endings_are_not_control_characters() {
    let source = scenario("", "end").replace('\n', "\r\n");
    let (checked, _, _) = check_and_render(&source);
    assert!(!checked.has_errors(), "{:?}", checked.errors().next());
}

#[test]
fn a_problem_with_no_place_still_names_its_file() {
    let (checked, _, printed) = check_and_render("");
    assert!(checked.has_errors());
    assert!(printed.contains("hostile.ron"), "{printed}");
    let missing = jigsaw::validate::check_file(Path::new("no/such/file.ron"), &Rubric::built_in());
    assert_eq!(missing.diagnostics[0].code, "unreadable-file");
    let printed = missing.diagnostics[0].render(&missing.source, false);
    assert!(printed.contains("no/such/file.ron"), "{printed}");
}

#[test]
fn suggestions_are_made_only_for_names_that_could_be_typos() {
    use jigsaw::diagnostic::suggest;
    assert_eq!(suggest("vist", ["visit", "end"]), Some("visit"));
    let long = "visit".repeat(30);
    assert_eq!(suggest(&long, ["visit", long.as_str()]), None);
}

#[test]
fn pictures_are_confined_to_the_folder_and_checked_as_png() {
    use jigsaw::scenario::images::{Refusal, resolve};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    std::fs::create_dir(dir.path().join("images")).expect("mkdir");
    let png = |w: u32, h: u32| {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(w.to_be_bytes());
        bytes.extend(h.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    };
    std::fs::write(dir.path().join("images/ok.png"), png(640, 480)).expect("write");
    std::fs::write(dir.path().join("images/huge.png"), png(30_000, 30_000)).expect("write");
    let picture = resolve(&file, "images/ok.png").expect("a good picture");
    assert_eq!((picture.width, picture.height), (640, 480));
    assert!(matches!(
        resolve(&file, "images/huge.png"),
        Err(Refusal::TooLarge(_))
    ));
    for outside in [
        "../../../../etc/passwd",
        "/etc/shadow",
        "/proc/self/environ",
        "images/../../x.png",
    ] {
        assert_eq!(
            resolve(&file, outside),
            Err(Refusal::OutsideFolder),
            "{outside}"
        );
    }
    // Whether a file exists elsewhere is never revealed: a missing file outside the folder
    // is refused exactly as an existing one is.
    assert_eq!(
        resolve(&file, "../../no-such-file.png"),
        resolve(&file, "../../../../etc/passwd")
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("images/link.png"))
            .expect("symlink");
        assert_eq!(
            resolve(&file, "images/link.png"),
            Err(Refusal::OutsideFolder)
        );
    }
}

fn jigsaw(args: &[&str], input: &[u8]) -> Output {
    jigsaw_in(&root(), args, input, &[])
}

/// A folder holding what is not an ordinary file: a named pipe (opening it would wait for a
/// writer for ever), a link to `/dev/zero` (reading it would never end), a file larger than
/// the limit (refused by its size, unread), a link back up the tree, and a file that is not
/// UTF-8. `check` names each, with the place of the bad byte, and checks the good file once.
#[cfg(unix)]
#[test]
fn a_folder_of_pipes_devices_loops_and_other_encodings_is_checked_and_each_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path();
    std::fs::write(folder.join("good.ron"), scenario("", "end")).expect("write");
    let pipe = std::ffi::CString::new(folder.join("pipe.ron").to_str().expect("utf-8 path"))
        .expect("path");
    // SAFETY: mkfifo with a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0, "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.ron")).expect("symlink");
    let big = std::fs::File::create(folder.join("big.ron")).expect("create");
    big.set_len(MAX_FILE_BYTES as u64 + 1).expect("sparse file");
    std::fs::create_dir(folder.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", folder.join("sub").join("loop")).expect("symlink");
    // A pound sign saved as Latin-1 (one byte, 0xA3) in the title.
    let mut bytes = scenario("", "end")
        .replace(r#"title: "T""#, r#"title: "T @""#)
        .into_bytes();
    let at = bytes.iter().position(|&b| b == b'@').expect("marker");
    bytes[at] = 0xA3;
    std::fs::write(folder.join("latin1.ron"), &bytes).expect("write");

    let output = jigsaw_in(folder, &["check", "."], b"", &[]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("it is a named pipe, not a file"), "{out}");
    assert!(
        out.contains("zero.ron") && out.contains("it is a device, not a file"),
        "{out}"
    );
    assert!(out.contains("error[file-too-large]"), "{out}");
    let before = std::str::from_utf8(&bytes[..at]).expect("valid before the bad byte");
    let (line, column) = jigsaw::diagnostic::line_column(before, at);
    assert!(
        out.contains(&format!("latin1.ron:{line}:{column}"))
            && out.contains("not UTF-8 text: the byte 0xA3 here"),
        "the bad byte is located: {out}"
    );
    assert_eq!(
        out.matches("ok: ./good.ron").count(),
        1,
        "checked once: {out}"
    );
    assert!(out.contains("checked 5 files"), "{out}");
}

#[test]
fn checking_a_folder_reports_two_files_with_one_scenario_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.ron"), scenario("", "end")).expect("write");
    std::fs::write(dir.path().join("b.ron"), scenario("", "end")).expect("write");
    let output = jigsaw_in(dir.path(), &["check", "."], b"", &[]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("error[duplicate-scenario-id]"), "{out}");
    assert!(
        out.contains("b.ron:2:"),
        "reported at the second file's id: {out}"
    );
    assert!(out.contains("a.ron`"), "names the first file: {out}");
}

/// A file name can carry a terminal command as easily as a scenario's text can (a zip
/// from another organisation keeps it): no subcommand prints one, whether the file is
/// good, broken, or not what the command expected.
#[cfg(unix)]
#[test]
fn a_file_name_never_prints_a_control_character() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = "good\u{1b}]0;pwned\u{7}\u{1b}[2J.ron";
    let broken = "broken\u{1b}]52;c;aGk=\u{7}.ron";
    std::fs::write(dir.path().join(good), scenario("", "end")).expect("write");
    std::fs::write(dir.path().join(broken), scenario("", "nowhere")).expect("write");
    for name in [good, broken] {
        for command in [
            "check", "play", "analyze", "paths", "graph", "test", "report",
        ] {
            let output = jigsaw_in(dir.path(), &[command, name], b"", &[]);
            for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                assert!(
                    !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
                    "jigsaw {command} on {name:?} printed a control character on {stream}: {:?}",
                    text(bytes)
                );
            }
        }
    }
    let output = jigsaw_in(dir.path(), &["check", "."], b"", &[]);
    assert!(
        text(&output.stdout).contains("good?]0;pwned??[2J.ron"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn play_never_echoes_control_characters_or_whole_long_answers() {
    let mut input = b"\x1b[2J\x1b]0;owned\x07\x1b]52;c;eA==\x07\r\x08\xe2\x80\xae\n".to_vec();
    input.extend(vec![b'x'; 10 * 1024 * 1024]);
    input.extend(b"\nq\n");
    let output = jigsaw(
        &["play", "tests/fixtures/valid/scoring.ron", "--seed", "1"],
        &input,
    );
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
        "no control character reaches the terminal"
    );
    assert!(
        output.stdout.len() < 20_000,
        "printed {} bytes",
        output.stdout.len()
    );
    assert!(out.contains("too long"), "{out}");
    assert!(out.contains("DEBRIEF"), "{out}");
}

#[test]
fn invalid_utf8_at_the_prompt_asks_again() {
    let output = jigsaw(
        &["play", "tests/fixtures/valid/scoring.ron", "--seed", "1"],
        b"\xff\xfe\n1\n1\n",
    );
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(out.contains("could not be read as text"), "{out}");
    assert!(
        out.contains("How it ended"),
        "carried on to an ending: {out}"
    );
}

#[test]
fn play_json_prints_json_alone_on_standard_output() {
    let output = jigsaw(
        &[
            "play",
            "tests/fixtures/valid/scoring.ron",
            "--seed",
            "1",
            "--inputs",
            "1,1",
            "--json",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("standard output is one JSON document");
    assert_eq!(json["finished"], true);
    assert!(
        text(&output.stderr).contains("Start."),
        "the session is shown on stderr"
    );
}

#[test]
fn play_wraps_to_the_terminal() {
    let output = jigsaw_in(
        &root(),
        &[
            "play",
            "scenarios/second-chance-contact.ron",
            "--seed",
            "0",
            "--inputs",
            "1,1,1,1,1,1,1,1",
        ],
        b"q\n",
        &[("COLUMNS", "60")],
    );
    let out = text(&output.stdout);
    let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 60, "a line of {widest} columns:\n{out}");
    assert!(out.contains("DEBRIEF"), "{out}");
}

#[test]
fn the_debrief_shows_when_each_decision_was_made_and_long_times_in_days() {
    use jigsaw::debrief::{Debrief, format_duration};
    let scenario = super::playable(&fixture("valid/scoring.ron"));
    let rubric = super::rubric_for(&fixture("valid/scoring.ron"));
    let mut session = jigsaw::engine::Session::start(&scenario, 1).expect("start");
    session.observe(&scenario, "look").expect("look");
    session.choose(&scenario, 0).expect("choose");
    let debrief = Debrief::new(&scenario, &rubric, &session, None);
    // The observation takes 5 minutes from 09:00: it was made at 09:00, and the choice
    // after it at 09:05.
    let clocks: Vec<&str> = debrief.path.iter().map(|s| s.clock.as_str()).collect();
    assert_eq!(clocks, ["09:00", "09:05"]);
    assert_eq!(format_duration(1652), "1 day, 3 hours and 32 minutes");
    assert_eq!(format_duration(45), "45 minutes");
    assert_eq!(format_duration(120), "2 hours");
    assert_eq!(format_duration(0), "0 minutes");
}

#[test]
fn an_unusable_save_file_is_reported_before_play_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().to_str().expect("utf-8");
    let output = jigsaw(
        &["play", "tests/fixtures/valid/scoring.ron", "--save", folder],
        b"1\n",
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("is a folder") && err.contains(folder), "{err}");
    assert!(
        !text(&output.stdout).contains("Start."),
        "refused before play started"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("chmod");
        let save = locked.join("progress.json");
        // Root can write anywhere; the check only means something for other users.
        if std::fs::write(locked.join("probe"), "").is_err() {
            let save = save.to_str().expect("utf-8");
            let output = jigsaw(
                &["play", "tests/fixtures/valid/scoring.ron", "--save", save],
                b"1\n",
            );
            let err = text(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{err}");
            assert!(err.contains(save) && !err.contains(".tmp"), "{err}");
        }
    }
}

#[test]
fn saving_leaves_no_temporary_files_and_replaces_a_stale_one() {
    use jigsaw::store::{temporary_path, write_atomically};
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().join("progress.json");
    // What a save killed mid-write leaves behind.
    std::fs::write(temporary_path(&save), "half a sess").expect("write");
    for n in 0..20 {
        write_atomically(&save, format!("{{\"n\": {n}}}").as_bytes()).expect("save");
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["progress.json"]);
    assert_eq!(std::fs::read_to_string(&save).expect("read"), "{\"n\": 19}");
}

#[test]
fn a_save_whose_scene_was_renamed_is_not_resumed_silently() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read_to_string(fixture("valid/scoring.ron")).expect("read");
    let file = dir.path().join("scoring.ron");
    std::fs::write(&file, &original).expect("write");
    let save = dir.path().join("progress.json");
    let args = |save: &Path| {
        vec![
            "play".to_string(),
            file.to_string_lossy().into_owned(),
            "--save".to_string(),
            save.to_string_lossy().into_owned(),
        ]
    };
    let run = |input: &[u8]| {
        let args = args(&save);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        jigsaw_in(dir.path(), &args, input, &[])
    };
    let first = run(b"1\nq\n");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    // The author renames the scene the session is in (and the choice that leads there).
    std::fs::write(&file, original.replace("\"mid\"", "\"middle\"")).expect("edit");
    let second = run(b"q\n");
    let err = text(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{}", text(&second.stdout));
    assert!(err.contains("mid"), "{err}");
}

/// Mutations for the property test: damage that a careless or hostile author might do.
fn mutate(rng: &mut rand::rngs::ChaCha8Rng, text: &str) -> String {
    use rand::RngExt;
    const PIECES: [&str; 16] = [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\"",
        ":",
        "\u{1b}[2J",
        "\\u{1b}",
        "\u{feff}",
        "“",
        "r#\"",
        "Not(",
        "\u{202e}",
    ];
    let mut out = text.to_string();
    for _ in 0..rng.random_range(1..6) {
        let mut at = rng.random_range(0..=out.len());
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        match rng.random_range(0..6) {
            0 => {
                let mut end = (at + rng.random_range(0..40)).min(out.len());
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.replace_range(at..end, "");
            }
            1 => out.insert_str(at, PIECES[rng.random_range(0..PIECES.len())]),
            2 => {
                let piece = PIECES[rng.random_range(0..PIECES.len())];
                out.insert_str(at, &piece.repeat(rng.random_range(1..200)));
            }
            3 => {
                let mut end = (at + rng.random_range(1..200)).min(out.len());
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                let copy = out[at..end].to_string();
                out.insert_str(end, &copy.repeat(rng.random_range(1..50)));
            }
            4 => out.insert_str(at, &"x".repeat(rng.random_range(1..20_000))),
            _ => out.insert(
                at,
                char::from_u32(rng.random_range(0..0x3000)).unwrap_or('?'),
            ),
        }
    }
    out
}

/// Generated and mutated files: no panic, no check over a second, every error located.
/// `JIGSAW_FUZZ_CASES` sets how many (default 300, a few seconds); see
/// docs/scenario-format.md for the longer run.
#[test]
fn generated_and_mutated_files_are_checked_quickly_and_every_error_located() {
    use rand::SeedableRng;
    let asked: Option<usize> = std::env::var("JIGSAW_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    // The long run is a measurement made on purpose, with a release build: only then is
    // each case's time held to a second.
    let long_run = asked.is_some() && !cfg!(debug_assertions);
    let cases = asked.unwrap_or(300);
    let seed: u64 = std::env::var("JIGSAW_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8);
    let mut seeds: Vec<String> = ["valid/scoring.ron", "valid/random.ron"]
        .iter()
        .map(|p| std::fs::read_to_string(fixture(p)).expect("read"))
        .collect();
    for entry in std::fs::read_dir(root().join("scenarios")).expect("scenarios") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            seeds.push(std::fs::read_to_string(&path).expect("read"));
        }
    }
    let rubric = Rubric::built_in();
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    let mut slowest = Duration::ZERO;
    // Errors about the file as a whole, which have no place in it.
    let whole_file = ["more-problems", "file-too-large", "unreadable-file"];
    for case in 0..cases {
        use rand::RngExt;
        let base = &seeds[rng.random_range(0..seeds.len())];
        let mut text = mutate(&mut rng, base);
        if rng.random_bool(0.2) {
            text = mutate(&mut rng, &text);
        }
        let started = Instant::now();
        let checked = check_source(Path::new("fuzz.ron"), &text, &rubric);
        let printed: usize = checked
            .diagnostics
            .iter()
            .map(|d| d.render(&checked.source, false).len())
            .sum();
        let took = started.elapsed();
        slowest = slowest.max(took);
        if long_run {
            assert!(took < CHECK_TIME, "case {case} (seed {seed}) took {took:?}");
        }
        assert!(
            printed < 500_000,
            "case {case} (seed {seed}) printed {printed} bytes"
        );
        for d in checked.errors() {
            assert!(
                d.line > 0 || whole_file.contains(&d.code),
                "case {case} (seed {seed}): `{}` has no place: {}",
                d.code,
                d.message
            );
        }
    }
    eprintln!("{cases} cases, slowest {slowest:?}");
}

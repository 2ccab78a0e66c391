//! The `jigsaw` command line: exit codes, output, scripted and piped play.

use std::process::Output;

use super::{fixture, root, run_jigsaw};

fn jigsaw(args: &[&str]) -> Output {
    jigsaw_with_input(args, "")
}

fn jigsaw_with_input(args: &[&str], input: &str) -> Output {
    run_jigsaw(&root(), args, input.as_bytes(), &[])
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_exits_0_on_a_clean_file() {
    let output = jigsaw(&["check", "tests/fixtures/valid/scoring.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors"));
}

#[test]
fn check_exits_1_on_errors_and_shows_the_line_with_a_marker() {
    let output = jigsaw(&["check", "tests/fixtures/invalid/unknown-scene.ron"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error[unknown-scene]: no scene or ending named `visit`"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/invalid/unknown-scene.ron:"),
        "{text}"
    );
    assert!(
        text.contains("next: \"visit\""),
        "shows the offending line: {text}"
    );
    assert!(
        text.contains("^^^^^^^ no such scene or ending"),
        "marker: {text}"
    );
    assert!(text.contains("hint: did you mean `vist`?"), "{text}");
}

#[test]
fn warnings_pass_unless_denied() {
    let path = "tests/fixtures/invalid/warnings.ron";
    assert_eq!(jigsaw(&["check", path]).status.code(), Some(0));
    assert_eq!(
        jigsaw(&["check", "--deny-warnings", path]).status.code(),
        Some(1)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        jigsaw(&["check", "no/such/file.ron"]).status.code(),
        Some(2)
    );
    assert_eq!(jigsaw(&["check"]).status.code(), Some(2));
    assert_eq!(jigsaw(&["check", "--bogus", "x"]).status.code(), Some(2));
    let output = jigsaw(&[
        "play",
        "tests/fixtures/valid/scoring.ron",
        "--inputs",
        "1,banana",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`banana` is not a step"));
}

#[test]
fn check_json_lists_every_diagnostic_with_its_location() {
    let output = jigsaw(&["check", "--format", "json", "tests/fixtures/invalid/"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let diagnostics = report["diagnostics"].as_array().expect("array");
    assert!(diagnostics.len() >= 25, "{} diagnostics", diagnostics.len());
    let typo = diagnostics
        .iter()
        .find(|d| {
            d["code"] == "unknown-scene" && d["message"].as_str().unwrap_or("").contains("visit")
        })
        .expect("the typo is reported");
    assert!(
        typo["file"]
            .as_str()
            .expect("file")
            .ends_with("unknown-scene.ron")
    );
    assert!(typo["line"].as_u64().expect("line") > 0);
    assert!(typo["column"].as_u64().expect("column") > 0);
    // `"visit"` is seven characters on one line.
    assert_eq!(typo["end_line"], typo["line"]);
    assert_eq!(
        typo["end_column"].as_u64().expect("end column"),
        typo["column"].as_u64().expect("column") + 7
    );
    assert_eq!(typo["severity"], "error");
    assert_eq!(typo["hint"], "did you mean `vist`?");
    // The total counts every error, those a `more-problems` line stands for included.
    let total: u64 = diagnostics
        .iter()
        .map(|d| match d["not_shown"]["errors"].as_u64() {
            Some(hidden) => hidden,
            None => u64::from(d["severity"] == "error"),
        })
        .sum();
    assert_eq!(report["errors"].as_u64(), Some(total));
}

#[test]
fn check_of_a_folder_covers_each_file_and_its_rubric() {
    let output = jigsaw(&["check", "tests/fixtures/invalid-rubric"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error[duplicate-id]: the dimension id `care` is used twice"),
        "{text}"
    );
}

#[test]
fn the_shipped_scenarios_pass_check_with_no_warnings() {
    let output = jigsaw(&["check", "--deny-warnings", "scenarios/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors, 0 warnings"));
    assert!(
        std::fs::read_dir(root().join("scenarios"))
            .expect("scenarios folder")
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != "rubric.ron")
            .count()
            >= 1,
        "at least one scenario is shipped"
    );
}

#[test]
fn play_with_inputs_reaches_the_debrief() {
    let output = jigsaw(&[
        "play",
        "tests/fixtures/valid/scoring.ron",
        "--seed",
        "1",
        "--inputs",
        "look:look,1,1",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Piece of the jigsaw: A clue"), "{text}");
    assert!(text.contains("DEBRIEF: Scoring fixture"), "{text}");
    assert!(
        text.contains("Care 100, authority 100: WITH (authoritative)"),
        "{text}"
    );
}

#[test]
fn play_reads_answers_piped_on_standard_input() {
    let output = jigsaw_with_input(
        &["play", "tests/fixtures/valid/scoring.ron", "--seed", "1"],
        "a\n1\n1\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("You look."), "{text}");
    assert!(text.contains("How it ended: Good"), "{text}");
}

#[test]
fn bad_answers_at_the_prompt_ask_again() {
    let output = jigsaw_with_input(
        &["play", "tests/fixtures/valid/scoring.ron", "--seed", "1"],
        "7\nbanana\nz\n\n2\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("There is no choice 7: pick 1 to 2."),
        "{text}"
    );
    assert!(
        text.contains("`banana` is not something I understand"),
        "{text}"
    );
    assert!(
        text.contains("There is nothing marked `z` to look at"),
        "{text}"
    );
    assert!(text.contains("How it ended: Poor"), "{text}");
}

#[test]
fn the_end_of_input_leaves_cleanly_with_a_debrief() {
    let output = jigsaw_with_input(
        &["play", "tests/fixtures/valid/scoring.ron", "--seed", "1"],
        "1\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("End of input: leaving the scenario"),
        "{text}"
    );
    assert!(
        text.contains("The session was left before an ending."),
        "{text}"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn a_scripted_step_that_is_not_offered_fails_with_its_position() {
    let output = jigsaw(&[
        "play",
        "tests/fixtures/valid/scoring.ron",
        "--inputs",
        "1,5",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("step 2 (`5`): there is no choice 5 here"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn play_refuses_a_scenario_with_errors() {
    let output = jigsaw(&["play", "tests/fixtures/invalid/leads-nowhere.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("leads nowhere"));
}

#[test]
fn play_saves_progress_and_resumes_from_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().join("progress.json");
    let save_arg = save.to_str().expect("utf-8 path");
    let first = jigsaw_with_input(
        &[
            "play",
            "tests/fixtures/valid/scoring.ron",
            "--seed",
            "4",
            "--save",
            save_arg,
        ],
        "a\n1\n",
    );
    assert_eq!(first.status.code(), Some(0));
    assert!(save.is_file(), "progress saved");
    let second = jigsaw_with_input(
        &[
            "play",
            "tests/fixtures/valid/scoring.ron",
            "--save",
            save_arg,
        ],
        "1\n",
    );
    let text = stdout(&second);
    assert!(
        text.contains("Seed 4"),
        "resumed with the saved seed: {text}"
    );
    assert!(
        text.contains("Middle."),
        "resumed at the saved scene: {text}"
    );
    assert!(
        text.contains("THE JIGSAW: 100% complete"),
        "kept the pieces found: {text}"
    );
}

#[test]
fn a_damaged_save_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().join("progress.json");
    std::fs::write(&save, "{ not json").expect("write");
    let output = jigsaw(&[
        "play",
        "tests/fixtures/valid/scoring.ron",
        "--save",
        save.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is damaged"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&save).expect("read"), "{ not json");
}

#[test]
fn the_doc_example_checks_clean() {
    let output = jigsaw(&["check", fixture("valid/tiny.ron").to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors"));
}

#[test]
fn a_bad_window_size_is_a_usage_error() {
    let output = jigsaw(&["--window-size", "200x100"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("at least 640x400"),
        "{}",
        stderr(&output)
    );
    let output = jigsaw(&["--window-size", "wide"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("WIDTHxHEIGHT"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn paths_lists_a_replayable_path_to_each_ending() {
    let output = jigsaw(&["paths", "tests/fixtures/valid/scoring.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Good (Good outcome, `good`)"), "{text}");
    assert!(text.contains("Poor (Poor outcome, `poor`)"), "{text}");
    // The shortest way to `poor` is the single choice "Leave"; replay it.
    assert!(text.contains("--inputs 2\n"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("--inputs 1,1"))
        .expect("a path to the good ending");
    let args: Vec<&str> = line.split_whitespace().skip(2).collect();
    let replay = jigsaw(&[&["play"][..], &args[..]].concat());
    assert!(
        stdout(&replay).contains("How it ended: Good"),
        "{}",
        stdout(&replay)
    );
}

#[test]
fn play_accepts_the_id_of_a_bundled_scenario() {
    let output = jigsaw(&[
        "play",
        "second-chance-contact",
        "--seed",
        "0",
        "--inputs",
        "2,3",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("How it ended: Not seen"));
}

#[test]
fn a_broken_rubric_stops_its_scenarios_being_checked() {
    let output = jigsaw(&[
        "check",
        "--rubric",
        "tests/fixtures/invalid-rubric/rubric.ron",
        "tests/fixtures/valid/scoring.ron",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("error[rubric-errors]"), "{text}");
    assert!(text.contains("tests/fixtures/valid/scoring.ron"), "{text}");
}

#[test]
fn check_rules_prints_the_registry_and_checks_nothing() {
    let output = jigsaw(&["check", "--rules"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("### Errors"), "{text}");
    for rule in jigsaw::validate::RULES {
        assert!(
            text.contains(&format!("| `{}` |", rule.code)),
            "{}",
            rule.code
        );
    }
}

/// Runs a subcommand in this process through `jigsaw::cli::run`, as the binary would.
fn in_process(args: &[&str]) -> jigsaw::cli::Exit {
    use clap::Parser;
    let cli =
        jigsaw::cli::Cli::try_parse_from(std::iter::once("jigsaw").chain(args.iter().copied()))
            .expect("the arguments parse");
    jigsaw::cli::run(&cli.command.expect("a subcommand"))
}

#[test]
fn commands_called_in_process_return_a_typed_exit() {
    use jigsaw::cli::Exit;
    let valid = fixture("valid/scoring.ron");
    let broken = fixture("invalid/unknown-scene.ron");
    assert_eq!(
        in_process(&["check", valid.to_str().unwrap()]),
        Exit::Success
    );
    assert_eq!(
        in_process(&["check", broken.to_str().unwrap()]),
        Exit::Problems
    );
    let missing = root().join("tests/fixtures/no-such-folder");
    assert_eq!(
        in_process(&["check", missing.to_str().unwrap()]),
        Exit::Usage
    );
    assert_eq!(
        in_process(&["paths", "no-such-scenario-anywhere"]),
        Exit::Usage
    );
    assert_eq!(
        in_process(&[
            "play",
            valid.to_str().unwrap(),
            "--inputs",
            "1,1,1,1,1,1",
            "--json"
        ]),
        Exit::Success
    );
    assert_eq!(Exit::Problems.code(), 1);
    assert_eq!(Exit::Usage.code(), 2);
}

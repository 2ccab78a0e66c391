//! The validator never panics, whatever it is fed.
//!
//! Every prefix of a real scenario file, and many copies with characters deleted or
//! swapped, must come back as diagnostics, never as a panic.

use jigsaw::rubric::Rubric;
use jigsaw::validate::check_source;
use rand::{RngExt, SeedableRng};

use super::fixture;

fn sources() -> Vec<String> {
    [
        "valid/scoring.ron",
        "valid/random.ron",
        "invalid/duplicate-id.ron",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(fixture(p)).expect("read"))
    .collect()
}

#[test]
fn every_prefix_of_a_scenario_is_reported_not_panicked_on() {
    let rubric = Rubric::built_in();
    let path = std::path::Path::new("prefix.ron");
    for source in sources() {
        let closing = source.rfind(')').expect("a closing bracket");
        for end in (0..source.len()).filter(|i| source.is_char_boundary(*i)) {
            let checked = check_source(path, &source[..end], &rubric);
            if end <= closing {
                assert!(
                    checked.has_errors(),
                    "a truncated file must have an error (at {end})"
                );
            }
            for d in &checked.diagnostics {
                assert!(d.line <= source[..end].lines().count() + 1);
                let _ = d.render(&source[..end], false);
            }
        }
    }
}

#[test]
fn random_damage_never_panics() {
    let rubric = Rubric::built_in();
    let path = std::path::Path::new("damaged.ron");
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(2026);
    let alphabet: Vec<char> = "()[]{},:\"' \n/abc0-9é".chars().collect();
    for source in sources() {
        let chars: Vec<char> = source.chars().collect();
        for _ in 0..400 {
            let mut damaged = chars.clone();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..damaged.len());
                if rng.random_bool(0.5) {
                    damaged.remove(at);
                } else {
                    damaged[at] = alphabet[rng.random_range(0..alphabet.len())];
                }
            }
            let text: String = damaged.into_iter().collect();
            let checked = check_source(path, &text, &rubric);
            for d in &checked.diagnostics {
                let _ = d.render(&text, false);
                let _ = d.short();
            }
        }
    }
}

#[test]
fn a_very_long_scenario_is_checked_whole_without_exhausting_the_stack() {
    let scenes: String = (0..3_000)
        .map(|i| {
            format!(
                "Scene(id: \"s{i}\", text: \"Step.\", choices: [Choice(text: \"On\", score: {{\"care\": 1}}, feedback: \"f\", next: \"s{}\")]),\n",
                i + 1
            )
        })
        .collect();
    let source = format!(
        "Scenario(id: \"long\", title: \"Long\", role: \"r\", summary: \"s\", content_note: \"c\",\n scenes: [{scenes}],\n endings: [Ending(id: \"s3000\", title: \"End\", text: \"e\", kind: Good)])"
    );
    let checked = check_source(
        std::path::Path::new("long.ron"),
        &source,
        &Rubric::built_in(),
    );
    assert!(!checked.has_errors(), "{:?}", checked.errors().next());
    // No depth limit: the walk runs on the heap, so a long story is checked whole and its
    // bounds are exact.
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "too-many-paths"),
        "the walk went to the end"
    );
    let bounds = checked.bounds().expect("bounds");
    assert!(bounds.exact);
    assert_eq!(bounds.get("care"), Some((3_000, 3_000)));
}

#[test]
fn huge_numbers_saturate_instead_of_overflowing() {
    let source = r#"Scenario(id: "big", title: "Big", role: "r", summary: "s", content_note: "c",
        meters: [Meter(id: "m", start: 0, min: -2147483648, max: 2147483647)],
        scenes: [Scene(id: "a", text: "t", choices: [
            Choice(text: "x", score: {"care": 2147483647}, meters: {"m": 2147483647}, minutes: 4294967295, feedback: "f", next: "b")]),
            Scene(id: "b", text: "t", choices: [
            Choice(text: "y", score: {"care": 2147483647}, meters: {"m": 2147483647}, minutes: 4294967295, feedback: "f", next: "end")])],
        endings: [Ending(id: "end", title: "E", text: "e", kind: Good)])"#;
    let rubric = Rubric::built_in();
    let checked = check_source(std::path::Path::new("big.ron"), source, &rubric);
    let scenario = checked.playable().expect("plays");
    let mut session = jigsaw::engine::Session::start(scenario, 0).expect("start");
    session.choose(scenario, 0).expect("first");
    session.choose(scenario, 0).expect("second");
    assert_eq!(session.state.clock, u32::MAX);
    assert_eq!(session.state.meters["m"], i32::MAX);
    assert_eq!(session.totals["care"], i32::MAX);
    let debrief = jigsaw::debrief::Debrief::new(scenario, &rubric, &session, checked.bounds());
    assert!(jigsaw::report::text::debrief(&debrief).contains("Care"));
}

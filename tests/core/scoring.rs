//! Scoring: normalisation against the extremes the scenario makes possible, the grid,
//! jigsaw completeness and triggers let pass.

use jigsaw::debrief::{Debrief, normalise};
use jigsaw::engine::{Session, parse_script};
use jigsaw::explore::explore;
use jigsaw::rubric::{Quadrant, Rubric};

use super::{fixture, playable};

fn debrief_after(script: &str) -> Debrief {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let mut session = Session::start(&scenario, 0).expect("start");
    for step in parse_script(script).expect("script") {
        let input = session.resolve(&scenario, &step).expect("resolve");
        session.apply(&scenario, &input).expect("apply");
    }
    let walk = explore(&scenario);
    Debrief::new(
        &scenario,
        &Rubric::built_in(),
        &session,
        walk.bounds.as_ref(),
    )
}

#[test]
fn the_explorer_finds_the_extremes_worked_out_by_hand() {
    // See the comment at the top of tests/fixtures/valid/scoring.ron.
    let scenario = playable(&fixture("valid/scoring.ron"));
    let walk = explore(&scenario);
    assert!(walk.complete);
    let bounds = walk.bounds.expect("bounds");
    assert_eq!(bounds.dimensions["authority"], (-1, 2));
    assert_eq!(bounds.dimensions["care"], (-3, 2));
    assert_eq!(bounds.dimensions["curiosity"], (0, 1));
    assert!(!bounds.dimensions.contains_key("recording"));
}

#[test]
fn scores_are_normalised_between_lowest_and_highest() {
    assert_eq!(normalise(2, -1, 2), Some(100));
    assert_eq!(normalise(-1, -1, 2), Some(0));
    assert_eq!(normalise(0, -1, 2), Some(33));
    assert_eq!(normalise(5, 5, 5), None, "no spread: not assessed");
    assert_eq!(normalise(9, 0, 4), Some(100), "clamped");
}

#[test]
fn the_best_path_scores_100_and_is_authoritative() {
    let debrief = debrief_after("look:look,1,1");
    let score = |id: &str| {
        debrief
            .dimensions
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.score)
    };
    assert_eq!(score("authority"), Some(100));
    assert_eq!(score("care"), Some(100));
    assert_eq!(score("curiosity"), Some(100));
    assert_eq!(score("recording"), None);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(debrief.completeness, 100);
    assert!(debrief.signs_let_pass.is_empty());
}

#[test]
fn a_firm_but_cold_path_is_authoritarian() {
    // Firm (authority +2, care -1) then cold (care -2): authority 100, care 0.
    let debrief = debrief_after("1,2");
    assert_eq!(debrief.authority, Some(100));
    assert_eq!(debrief.care, Some(0));
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    // Neither piece found: 0 of weight 4.
    assert_eq!(debrief.completeness, 0);
}

#[test]
fn leaving_at_once_is_too_little_to_place_and_lists_the_trigger_let_pass() {
    // Leave: authority -1 (lowest), care 0 of -3..2 (60). One decision is too few to judge
    // an approach by (the rubric's `min_decisions` is 2): the grid names no quadrant.
    let debrief = debrief_after("2");
    assert_eq!(debrief.authority, Some(0));
    assert_eq!(debrief.care, Some(60));
    assert_eq!(debrief.decisions, 1);
    assert_eq!(debrief.quadrant, None);
    let why = debrief.not_placed.as_deref().expect("a reason");
    assert!(
        why.starts_with("Not enough decisions to place you"),
        "{why}"
    );
    assert!(jigsaw::report::text::debrief(&debrief).contains("Not enough decisions to place you"));
    assert_eq!(debrief.signs_let_pass.len(), 1);
    assert_eq!(debrief.signs_let_pass[0].sign, "The clue");
    assert_eq!(debrief.ending.as_ref().map(|e| e.0.as_str()), Some("Poor"));
}

#[test]
fn a_session_with_no_decisions_is_not_placed_on_the_grid() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let session = Session::start(&scenario, 0).expect("start");
    let walk = explore(&scenario);
    let debrief = Debrief::new(
        &scenario,
        &Rubric::built_in(),
        &session,
        walk.bounds.as_ref(),
    );
    assert_eq!(debrief.decisions, 0);
    assert_eq!(debrief.quadrant, None);
    assert!(debrief.not_placed.is_some());
}

#[test]
fn completeness_is_weighted_by_piece() {
    // The clue weighs 3 of 4.
    let debrief = debrief_after("look:look,2");
    assert_eq!(debrief.completeness, 75);
    let missed: Vec<&str> = debrief
        .pieces
        .iter()
        .filter(|p| !p.found)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(missed, ["other"]);
}

#[test]
fn the_debrief_lists_every_step_with_its_feedback_in_order() {
    let debrief = debrief_after("look:look,1,1");
    let texts: Vec<&str> = debrief.path.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["Look", "Firm", "Warm"]);
    assert!(debrief.path[0].observation);
    assert_eq!(debrief.path[1].feedback, "f");
    let text = jigsaw::report::text::debrief(&debrief);
    assert!(text.contains("WITH (authoritative)"), "{text}");
    assert!(text.contains("THE JIGSAW: 100% complete"));
}

#[test]
fn scores_come_from_decisions_not_the_ending() {
    // Two paths to the same "poor" ending score differently.
    let cold = debrief_after("1,2");
    let leave = debrief_after("2");
    assert_eq!(cold.ending, leave.ending);
    assert_ne!(cold.authority, leave.authority);
}

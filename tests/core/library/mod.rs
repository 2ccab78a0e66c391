//! The scenario library: every shipped scenario checks clean and meets the library's
//! standard, and each scenario's archetypal paths (authoritative, collusive, authoritarian,
//! passive) land where the rubric says, with the pieces and endings the story promises.
//! One file per scenario holds its playthroughs.

mod call_out;
mod fathers_call;
mod febrile_fit;
mod her_appointment;
mod honest_struggle;
mod no_answer;
mod step_down;
mod supervision;

use std::collections::BTreeSet;

use jigsaw::debrief::Debrief;
use jigsaw::engine::{Session, parse_script};
use jigsaw::rubric::Rubric;
use jigsaw::scenario::{EndingKind, Scenario};

use super::{playable, root};

/// A shipped scenario by id, checked without errors.
pub fn scenario(id: &str) -> Scenario {
    playable(&root().join("scenarios").join(format!("{id}.ron")))
}

/// Plays `script` (displayed choice numbers and `look:<id>`, as `jigsaw play --inputs`
/// takes them) with `seed` to an ending, and returns the session and its debrief.
pub fn play(id: &str, seed: u64, script: &str) -> (Session, Debrief) {
    let s = scenario(id);
    let mut session = Session::start(&s, seed).expect("start");
    for (n, step) in parse_script(script)
        .expect("script")
        .into_iter()
        .enumerate()
    {
        let input = session
            .resolve(&s, &step)
            .unwrap_or_else(|e| panic!("{id}: step {} ({step:?}): {e}", n + 1));
        session
            .apply(&s, &input)
            .unwrap_or_else(|e| panic!("{id}: step {} ({step:?}): {e}", n + 1));
    }
    assert!(session.is_finished(), "{id}: the path reaches an ending");
    let bounds = jigsaw::explore::explore(&s).bounds;
    let debrief = Debrief::new(&s, &Rubric::built_in(), &session, bounds.as_ref());
    (session, debrief)
}

/// The ids of the pieces a debrief counts as found.
pub fn found(debrief: &Debrief) -> BTreeSet<String> {
    debrief
        .pieces
        .iter()
        .filter(|p| p.found)
        .map(|p| p.id.clone())
        .collect()
}

/// A dimension's 0–100 score in a debrief.
pub fn score(debrief: &Debrief, dimension: &str) -> u32 {
    debrief
        .dimensions
        .iter()
        .find(|d| d.id == dimension)
        .and_then(|d| d.score)
        .unwrap_or_else(|| panic!("no score for {dimension}"))
}

/// The kind of ending a debrief reached.
pub fn ending_kind(debrief: &Debrief) -> EndingKind {
    debrief.ending.as_ref().expect("an ending").2
}

/// A meter's value at the end of a session.
pub fn meter(session: &Session, id: &str) -> i32 {
    session.state.meters[id]
}

/// Every scenario shipped in `scenarios/`, by id.
fn shipped_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter(|p| p.file_name().is_some_and(|n| n != "rubric.ron"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_library_has_at_least_eight_scenarios_in_different_roles() {
    let ids = shipped_ids();
    assert!(ids.len() >= 8, "{ids:?}");
    let roles: BTreeSet<String> = ids.iter().map(|id| scenario(id).role).collect();
    assert!(roles.len() >= 6, "roles: {roles:?}");
}

#[test]
fn every_shipped_scenario_checks_with_no_errors_or_warnings() {
    for id in shipped_ids() {
        let checked = super::check(&root().join("scenarios").join(format!("{id}.ron")));
        let problems: Vec<String> = checked.diagnostics.iter().map(|d| d.short()).collect();
        assert!(problems.is_empty(), "{id}: {problems:#?}");
        let walk = checked.exploration.as_ref().expect("walked");
        assert!(walk.complete, "{id}: the walk covers every path");
        // A scenario with time pressure is walked without the clock (see `explore`), so
        // its bounds are honestly marked approximate.
        let timed = checked.parsed.as_ref().is_some_and(|s| s.has_time_limits());
        assert!(
            checked.bounds().is_some_and(|b| b.exact != timed),
            "{id}: exact bounds (approximate only with a time limit)"
        );
    }
}

#[test]
fn every_shipped_scenario_meets_the_library_standard() {
    for id in shipped_ids() {
        let s = scenario(&id);
        let scenes = || s.scenes.iter().map(|x| &x.value);
        assert!(s.scenes.len() >= 12, "{id}: {} scenes", s.scenes.len());
        assert!(s.endings.len() >= 3, "{id}: {} endings", s.endings.len());
        let decisions = scenes().filter(|x| x.choices.len() >= 2).count();
        assert!(decisions >= 6, "{id}: {decisions} decision points");
        assert!(s.pieces.len() >= 8, "{id}: {} pieces", s.pieces.len());
        let sources: BTreeSet<&str> = s.pieces.iter().map(|p| p.source.as_str()).collect();
        assert!(sources.len() >= 3, "{id}: sources {sources:?}");
        assert!(
            s.meters
                .iter()
                .any(|m| !m.shown && m.id.value == "engagement"),
            "{id}: a hidden engagement meter"
        );
        assert!(
            scenes().any(|x| x.choices.iter().any(|c| c.random.is_some())),
            "{id}: seeded randomness"
        );
        assert!(
            scenes().filter(|x| x.discuss.is_some()).count() >= 3,
            "{id}: discussion questions on the key decisions"
        );
        assert!(
            scenes().any(|x| x
                .observations
                .iter()
                .any(|o| o.minutes > 0 && !o.reveals.is_empty())),
            "{id}: observations that cost time and reveal pieces"
        );
        assert!(
            scenes().any(|x| x.choices.iter().any(|c| c
                .meters
                .get("engagement")
                .is_some_and(|v| *v > 0)
                && c.score.get("care").is_some_and(|v| *v > 0))),
            "{id}: a way to repair a rupture"
        );
        assert!(
            s.content_note.contains("pause or leave at any time"),
            "{id}: the content note says the learner can pause or leave"
        );
        assert!(
            (15..=30).contains(&s.minutes),
            "{id}: {} minutes",
            s.minutes
        );
        assert!(!s.outcomes.is_empty() && !s.summary.is_empty(), "{id}");
        for scene in scenes() {
            for c in &scene.choices {
                assert!(
                    !c.feedback.is_empty(),
                    "{id}: scene `{}` choice \"{}\" has feedback",
                    scene.id.value,
                    c.text
                );
            }
        }
    }
}

#[test]
fn every_glossary_concept_is_taught_by_some_scenario() {
    let rubric = Rubric::built_in();
    let mut taught = BTreeSet::new();
    for id in shipped_ids() {
        let s = scenario(&id);
        taught.extend(s.concepts.iter().map(|c| c.value.clone()));
        for scene in &s.scenes {
            for c in &scene.choices {
                taught.extend(c.concepts.iter().map(|c| c.value.clone()));
            }
        }
    }
    for concept in &rubric.concepts {
        assert!(
            taught.contains(&concept.id.value),
            "no scenario teaches `{}`",
            concept.id.value
        );
    }
}

#[test]
fn at_least_two_scenarios_are_families_whose_explanation_is_true() {
    // The benign scenarios: curiosity confirms the family's account, and the best ending
    // is support, not suspicion.
    for id in ["call-out-at-2am", "the-honest-struggle"] {
        let s = scenario(id);
        assert!(
            s.endings.iter().any(|e| e.kind == EndingKind::Good),
            "{id}: a good ending"
        );
    }
}

#[test]
fn every_ending_of_every_scenario_has_a_route_that_replays_to_it() {
    for id in shipped_ids() {
        let s = scenario(&id);
        let routes = jigsaw::explore::routes(&s);
        assert_eq!(
            routes.len(),
            s.endings.len(),
            "{id}: a route to every ending"
        );
        for route in routes {
            let seed = route.seed.unwrap_or_else(|| {
                panic!(
                    "{id}: a seed that makes the random picks go to `{}`",
                    route.ending
                )
            });
            let session = Session::play_script(&s, seed, &route.steps)
                .unwrap_or_else(|e| panic!("{id}: the route to `{}` replays: {e}", route.ending));
            assert_eq!(
                session.state.ending.as_deref(),
                Some(route.ending.as_str()),
                "{id}"
            );
        }
    }
}

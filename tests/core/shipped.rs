//! The shipped scenario proves the format end to end: it uses every feature, and its
//! archetypal paths land where the rubric says they should.

use std::collections::BTreeSet;

use jigsaw::debrief::Debrief;
use jigsaw::engine::{Session, parse_script};
use jigsaw::rubric::{Quadrant, Rubric};
use jigsaw::scenario::{Condition, EndingKind, Scenario};

use super::{playable, root};

fn shipped() -> Scenario {
    playable(&root().join("scenarios/second-chance-contact.ron"))
}

fn condition_kinds(condition: &Condition, kinds: &mut BTreeSet<&'static str>) {
    let kind = match condition {
        Condition::Flag(_) | Condition::NotFlag(_) => "flag",
        Condition::Found(_) | Condition::NotFound(_) => "piece",
        Condition::AtLeast(..) | Condition::Below(..) => "meter",
        Condition::Visited(_) | Condition::NotVisited(_) => "visited",
        Condition::All(all) | Condition::Any(all) => {
            all.iter().for_each(|c| condition_kinds(c, kinds));
            "combined"
        }
        Condition::Not(c) => {
            condition_kinds(c, kinds);
            "not"
        }
    };
    kinds.insert(kind);
}

#[test]
fn the_shipped_scenario_uses_every_feature_of_the_format() {
    let s = shipped();
    assert!(!s.content_note.is_empty() && !s.outcomes.is_empty() && !s.concepts.is_empty());
    assert!(s.meters.iter().any(|m| m.shown) && s.meters.iter().any(|m| !m.shown));
    assert!(s.pieces.iter().any(|p| p.weight > 1));
    let scenes = || s.scenes.iter().map(|x| &x.value);
    let choices = || scenes().flat_map(|x| x.choices.iter().map(|c| &c.value));
    assert!(scenes().any(|x| x.image.is_some()), "a picture");
    assert!(scenes().any(|x| x.discuss.is_some()), "a discussion prompt");
    assert!(
        scenes().any(|x| x
            .observations
            .iter()
            .any(|o| o.minutes > 0 && !o.reveals.is_empty())),
        "an observation that costs time and reveals a piece"
    );
    assert!(choices().any(|c| c.random.is_some()), "a random pick");
    assert!(choices().any(|c| c.reply.is_some()), "a reply");
    assert!(
        choices().any(|c| c.lets_pass.is_some()),
        "a trigger let pass"
    );
    assert!(choices().any(|c| !c.set.is_empty()) && choices().any(|c| !c.unset.is_empty()));
    assert!(choices().any(|c| !c.meters.is_empty() && c.minutes > 0 && !c.concepts.is_empty()));
    let mut kinds = BTreeSet::new();
    for when in scenes()
        .flat_map(|x| x.choices.iter().filter_map(|c| c.when.as_ref()))
        .chain(scenes().flat_map(|x| x.observations.iter().filter_map(|o| o.when.as_ref())))
    {
        condition_kinds(when, &mut kinds);
    }
    for kind in ["flag", "piece", "meter", "visited"] {
        assert!(kinds.contains(kind), "a condition on a {kind}");
    }
    let endings: BTreeSet<String> = s.endings.iter().map(|e| format!("{:?}", e.kind)).collect();
    for kind in [EndingKind::Good, EndingKind::Mixed, EndingKind::Poor] {
        assert!(
            endings.contains(&format!("{kind:?}")),
            "an ending of kind {kind:?}"
        );
    }
}

/// Plays displayed-number steps and returns the debrief.
fn debrief(script: &str, seed: u64) -> Debrief {
    let s = shipped();
    let mut session = Session::start(&s, seed).expect("start");
    for step in parse_script(script).expect("script") {
        let input = session.resolve(&s, &step).expect("step offered");
        session.apply(&s, &input).expect("applies");
    }
    assert!(session.is_finished(), "the path reaches an ending");
    let bounds = jigsaw::explore::explore(&s).bounds;
    Debrief::new(&s, &Rubric::built_in(), &session, bounds.as_ref())
}

#[test]
fn a_threatening_path_is_authoritarian_and_closes_the_door() {
    let d = debrief("2,look:hallway,2,1,3,2,1,1,1", 3);
    assert_eq!(d.quadrant, Some(Quadrant::To));
    assert_eq!(d.ending.as_ref().map(|e| e.2), Some(EndingKind::Mixed));
}

#[test]
fn a_curious_warm_and_clear_path_is_authoritative_and_finds_the_most() {
    // The smoke test's path: read the records, ring, visit, look, ask, record, share.
    let d = debrief(
        "look:transfer-record,look:gp-record,1,1,look:hallway,look:watch-ellis,1,1,1,1,1,look:hospital-check,1",
        7,
    );
    assert_eq!(d.quadrant, Some(Quadrant::With));
    assert!(d.completeness >= 70, "completeness {}", d.completeness);
    assert!(d.signs_let_pass.is_empty(), "{:?}", d.signs_let_pass);
}

#[test]
fn a_reassuring_path_is_collusive_and_leaves_the_jigsaw_empty() {
    // Seed 1: Tamsin answers. Reassure and rebook, visit, ask about the lip but accept
    // "poor thing", "just the two of you", "you're doing brilliantly", a brief note.
    let d = debrief("1,2,1,1,2,1,2,2", 1);
    assert_eq!(d.quadrant, Some(Quadrant::For));
    assert_eq!(d.completeness, 0);
    assert_eq!(d.ending.as_ref().map(|e| e.2), Some(EndingKind::Poor));
    assert!(d.signs_let_pass.len() >= 3, "{:?}", d.signs_let_pass);
}

#[test]
fn a_path_that_never_makes_contact_is_passive() {
    let d = debrief("3,2", 1);
    assert_eq!(d.quadrant, Some(Quadrant::Not));
    assert_eq!(d.ending.as_ref().map(|e| e.2), Some(EndingKind::Poor));
}

#[test]
fn every_ending_has_a_route_that_replays_to_it() {
    let s = shipped();
    let routes = jigsaw::explore::routes(&s);
    assert_eq!(routes.len(), s.endings.len(), "a route to every ending");
    for route in routes {
        let seed = route
            .seed
            .expect("a seed that makes the random picks go this way");
        let mut session = Session::start(&s, seed).expect("start");
        for step in &route.steps {
            let input = session.resolve(&s, step).expect("offered");
            session.apply(&s, &input).expect("applies");
        }
        assert_eq!(session.state.ending.as_deref(), Some(route.ending.as_str()));
    }
}

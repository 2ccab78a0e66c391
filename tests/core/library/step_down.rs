//! Playthroughs of `step-down`: a health visitor at a review child protection conference,
//! where a parenting course, a tidy flat and a partner said to have moved out are put forward
//! as reasons to step Ellis down to a child-in-need plan.
//!
//! The four archetypal paths land where the rubric says: the authoritative, curious path asks
//! about outcomes, Ellis's voice and who is really around him, finds every piece and keeps the
//! plan about Ellis; reassurance leaves the jigsaw locked; labels and accusations close Tamsin
//! down so her account of Ellis's nights is never heard; silence lands low on both axes. Two
//! more tests cover the escalation stages after the chair overrules, and the one repair.

use std::collections::BTreeSet;

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, scenario, score};

const ID: &str = "step-down";

/// Reads the pack and rings the nursery before the meeting, tells Tamsin first, reports
/// outcomes, asks when Ellis was last seen alone, brings the police information up to date,
/// asks who looks after Ellis on Tamsin's work nights, keeps Ellis central when she answers,
/// puts the pieces side by side and argues for the plan with goals about Ellis.
const AUTHORITATIVE: &str = "look:ring-nursery,look:nursery-ellis,look:nursery-collection,look:own-record,1,\
look:how-is-she,1,look:course-late,look:marc,look:watch-tamsin,look:nursery-form,1,1,1,\
look:look-at-tamsin,1,1,look:housing-late,look:side-by-side,1,1";

/// Finds Tamsin to promise it will close, gives a positive report, finds the social worker
/// reassuring, thanks the police, praises Tamsin and supports the step-down.
const COLLUSIVE: &str = "1,2,2,2,2,3,2";

/// Reads the housing report, then labels Tamsin ("disguised compliance") in the waiting area
/// and again in the report, mocks the booked visits, asks the police for an update, accuses
/// Tamsin of lying, carries on when she walks out, threatens removal, and imposes a written
/// agreement.
const AUTHORITARIAN: &str = "look:read-housing,1,3,3,3,1,3,2,4,3";

/// Goes straight in, has nothing to add, asks nothing of the social worker or the police,
/// says nothing to Tamsin and defers to the social worker's recommendation.
const PASSIVE: &str = "2,4,4,3,4,3";

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_scenario_meets_the_library_standard() {
    let s = scenario(ID);
    assert!(s.scenes.len() >= 12, "{} scenes", s.scenes.len());
    assert!(s.pieces.len() >= 8, "{} pieces", s.pieces.len());
    let sources: BTreeSet<&str> = s.pieces.iter().map(|p| p.source.as_str()).collect();
    assert!(sources.len() >= 3, "{sources:?}");
    let engagement = s
        .meters
        .iter()
        .find(|m| m.id.value == "engagement")
        .expect("an engagement meter");
    assert!(!engagement.shown, "Tamsin's trust is hidden");
    let decisions = s
        .scenes
        .iter()
        .filter(|scene| scene.choices.len() >= 2)
        .count();
    assert!(decisions >= 6, "{decisions} decision points");
    let kinds: BTreeSet<String> = s.endings.iter().map(|e| format!("{:?}", e.kind)).collect();
    for kind in [EndingKind::Good, EndingKind::Mixed, EndingKind::Poor] {
        assert!(
            kinds.contains(&format!("{kind:?}")),
            "an ending of kind {kind:?}"
        );
    }
    assert!(
        s.content_note
            .ends_with("You can pause or leave at any time.")
    );
}

#[test]
fn an_authoritative_and_curious_path_finds_every_piece_and_keeps_the_plan_about_ellis() {
    let (session, debrief) = play(ID, 1, AUTHORITATIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(
        found(&debrief),
        ids(&[
            "course-report",
            "missed-review",
            "nursery-attendance",
            "ryan-collects",
            "ellis-voice",
            "visit-log",
            "police-callout",
            "housing-record",
            "night-care",
        ])
    );
    assert_eq!(debrief.completeness, 100);
    let curiosity = score(&debrief, "curiosity");
    assert!(curiosity >= 80, "curiosity {curiosity}");
    for other in [COLLUSIVE, PASSIVE] {
        let (_, d) = play(ID, 1, other);
        assert!(
            curiosity > score(&d, "curiosity"),
            "the most curious of the four"
        );
    }
    let (_, d) = play(ID, 2, AUTHORITARIAN);
    assert!(
        curiosity > score(&d, "curiosity"),
        "the most curious of the four"
    );
    assert!(score(&debrief, "child-focus") >= 80);
    assert!(score(&debrief, "other-adults") >= 80);
    assert!(
        meter(&session, "engagement") >= 7,
        "Tamsin still trusts the room"
    );
    assert!(
        debrief.signs_let_pass.is_empty(),
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("plan-about-ellis"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn a_reassuring_path_is_collusive_and_leaves_the_jigsaw_locked() {
    let (session, debrief) = play(ID, 1, COLLUSIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    let pieces = found(&debrief);
    for locked in [
        "visit-log",
        "police-callout",
        "ellis-voice",
        "night-care",
        "missed-review",
    ] {
        assert!(!pieces.contains(locked), "{locked} stays unfound");
    }
    assert_eq!(debrief.completeness, 0);
    assert!(score(&debrief, "authority") <= 20);
    assert!(score(&debrief, "care") >= 60);
    assert!(
        meter(&session, "engagement") >= 7,
        "the relationship stays easy"
    );
    assert!(
        debrief.signs_let_pass.len() >= 4,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("stepped-down"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_accusing_path_is_authoritarian_and_closes_tamsin_down() {
    // Seed 2: the police send apologies, and the chair agrees the plan continues.
    let (session, debrief) = play(ID, 2, AUTHORITARIAN);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(score(&debrief, "care") <= 20);
    assert!(score(&debrief, "authority") >= 55);
    assert!(
        meter(&session, "engagement") <= 1,
        "engagement {}",
        meter(&session, "engagement")
    );
    // The facts the professionals hold still come out...
    let pieces = found(&debrief);
    for piece in ["visit-log", "police-callout", "housing-record"] {
        assert!(pieces.contains(piece), "{piece} found");
    }
    // ...but Tamsin's own account of Ellis's nights, which the authoritative path heard,
    // leaves the room with her.
    assert!(!pieces.contains("night-care"));
    assert!(session.state.visited.contains("tamsin-leaves"));
    assert!(!session.state.visited.contains("tamsin-tells"));
    assert_eq!(session.state.ending.as_deref(), Some("plan-without-tamsin"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

#[test]
fn a_path_that_says_nothing_is_passive() {
    let (session, debrief) = play(ID, 1, PASSIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    let decisions = debrief.path.iter().filter(|step| !step.observation).count();
    assert!(decisions >= 3, "{decisions} decisions");
    assert!(score(&debrief, "care") <= 45);
    assert!(score(&debrief, "authority") <= 30);
    assert!(score(&debrief, "multi-agency") <= 30);
    assert!(found(&debrief).is_empty());
    assert_eq!(session.state.ending.as_deref(), Some("stepped-down"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn when_the_chair_overrules_the_authoritative_path_escalates_in_stages_and_is_heard() {
    // Seed 6: the chair is minded to step down whatever the evidence. Dissent is minuted,
    // raised with the chair, written into the record and escalated in writing.
    let script = format!("{AUTHORITATIVE},look:write-dissent,1,1");
    let (session, debrief) = play(ID, 6, &script);
    assert!(session.state.visited.contains("overruled"));
    assert!(session.state.visited.contains("after-conference"));
    assert!(session.state.visited.contains("safeguarding-lead"));
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(score(&debrief, "multi-agency") >= 90);
    assert!(score(&debrief, "recording") >= 90);
    assert_eq!(
        session.state.ending.as_deref(),
        Some("escalated-reconvened")
    );
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn one_repair_after_a_label_partly_restores_trust_and_reopens_tamsins_account() {
    // Label Tamsin in the waiting area, report cold, then own the rupture before asking.
    let (session, debrief) = play(ID, 4, "1,3,1,1,1,2,1,1,1,1");
    assert!(
        found(&debrief).contains("night-care"),
        "she answers after the repair"
    );
    let repaired = meter(&session, "engagement");
    let (warm, _) = play(ID, 1, AUTHORITATIVE);
    assert!(
        repaired < meter(&warm, "engagement"),
        "only partly restored: {repaired}"
    );
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

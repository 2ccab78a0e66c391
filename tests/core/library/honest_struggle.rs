//! Playthroughs of `the-honest-struggle`, one of the library's benign scenarios: a father,
//! Rhys, caring alone for eight-month-old twins while their mother is in hospital. His
//! account is true, and curiosity confirms it; what the checking finds is what help the
//! family needs. The authoritative path checks with consent and ends in support; the
//! collusive path never weighs or checks, and misses the needs; the authoritarian path
//! closes Rhys down, so his own health and the twins' feeds stay locked; the passive path
//! never sees the twins.

use std::collections::BTreeSet;

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "the-honest-struggle";

/// Read the record, recode, ring the school; ring Rhys and name the missed reviews kindly;
/// greet the twins (or wait for them to wake); look around, check the cots, watch the
/// twins; explain and weigh; ask about the feeds and watch one; ask how Rhys is and about
/// Mia; ask consent to check; ring the GP; ring the ward (and wait for the call back if it
/// is busy); talk it through and write it up; agree support.
const AUTHORITATIVE: &str = "look:read-record,look:recode,look:ring-school,1,1,1,\
     look:look-around,look:sleep-check,look:watch-twins,1,1,look:ask-how,look:ask-mia,1,\
     look:ring-gp,1,1,look:supervision,look:write-up,1";

/// Ring, but excuse the reviews; don't wake or don't look; "you're doing brilliantly", no
/// scales; "I don't need to check anything"; don't ring the ward; rebook for when Hana is
/// home and write "Dad coping well".
const COLLUSIVE: &str = "1,2,2,2,3,2,3";

/// A threatening text; press on at the door; lecture about the flat; "Theo's losing
/// weight, I'll have to report that"; announce the checks without asking; ring the ward
/// without consent; a child protection referral.
const AUTHORITARIAN: &str = "2,look:hallway,2,3,3,3,1,2";

/// Let the system rebook; wait for Rhys to ring; close the twins to the caseload.
const PASSIVE: &str = "3,2,2";

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_authoritative_curious_visit_confirms_the_account_and_puts_support_in_place() {
    // Seed 7: the twins are awake when you arrive and the ward answers. Seed 8: they are
    // asleep (you wait for them to wake) and the ward is busy (you wait for the call back).
    for seed in [7, 8] {
        let (session, debrief) = play(ID, seed, AUTHORITATIVE);
        assert_eq!(debrief.quadrant, Some(Quadrant::With), "seed {seed}");
        assert!(score(&debrief, "curiosity") >= 70, "seed {seed}: curiosity");
        assert!(score(&debrief, "care") >= 70 && score(&debrief, "authority") >= 70);
        assert!(score(&debrief, "child-focus") >= 70 && score(&debrief, "multi-agency") >= 70);
        assert_eq!(
            found(&debrief),
            ids(&[
                "missed-reasons",
                "mother-admitted",
                "discharge-date",
                "twins-awake",
                "weights",
                "feeding-routine",
                "safe-sleep",
                "father-low-mood",
                "no-help-nearby",
                "sibling-school",
            ]),
            "seed {seed}: the whole jigsaw"
        );
        assert_eq!(debrief.completeness, 100);
        assert!(
            debrief.signs_let_pass.is_empty(),
            "{:?}",
            debrief.signs_let_pass
        );
        assert!(meter(&session, "engagement") >= 7, "Rhys stays engaged");
        assert_eq!(session.state.ending.as_deref(), Some("support-in-place"));
        assert_eq!(ending_kind(&debrief), EndingKind::Good);
    }
}

#[test]
fn reassurance_without_looking_is_collusive_and_misses_the_twins_and_fathers_needs() {
    let (session, debrief) = play(ID, 7, COLLUSIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(score(&debrief, "care") >= 60, "warm");
    assert!(score(&debrief, "authority") <= 30, "but no purpose");
    assert!(score(&debrief, "curiosity") <= 20);
    // Engagement stays high: the pieces stay locked because nobody asked, not because
    // Rhys closed down.
    assert!(meter(&session, "engagement") >= 7);
    let found = found(&debrief);
    for missed in [
        "weights",
        "feeding-routine",
        "father-low-mood",
        "mother-admitted",
        "discharge-date",
    ] {
        assert!(!found.contains(missed), "{missed} should stay unfound");
    }
    assert!(debrief.completeness <= 20);
    assert!(
        debrief.signs_let_pass.len() >= 4,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("warm-but-blind"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn threats_and_labels_are_authoritarian_and_close_the_family_down() {
    let (session, debrief) = play(ID, 7, AUTHORITARIAN);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(score(&debrief, "authority") >= 60);
    assert!(score(&debrief, "care") <= 20);
    assert!(meter(&session, "engagement") <= 1, "engagement collapses");
    // Rhys refuses consent, so his GP and Hana's ward stay closed.
    assert!(!session.state.flags.contains("consent"));
    assert!(!session.state.flags.contains("gp-consent"));
    let found = found(&debrief);
    assert!(found.contains("weights"), "the twins were weighed");
    for missed in [
        "father-low-mood",
        "no-help-nearby",
        "feeding-routine",
        "mother-admitted",
        "missed-reasons",
    ] {
        assert!(!found.contains(missed), "{missed} should stay locked");
    }
    assert_eq!(session.state.ending.as_deref(), Some("door-closed"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn after_a_lecture_the_right_questions_get_nothing_and_the_right_offer_is_refused() {
    // Threat, press on, lecture; then the same feeding question the authoritative path
    // asks, a request for consent, a call to the ward and the support plan.
    let (session, debrief) = play(ID, 7, "2,2,3,1,1,1,1");
    let found = found(&debrief);
    assert!(
        !found.contains("feeding-routine"),
        "Rhys won't talk about the feeds"
    );
    assert!(
        !found.contains("mother-admitted"),
        "no consent, so the ward says nothing"
    );
    assert!(meter(&session, "engagement") < 3);
    assert_eq!(session.state.ending.as_deref(), Some("help-refused"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

#[test]
fn an_apology_at_the_door_repairs_the_rupture() {
    // The threatening text, then an apology that keeps the need to see the twins.
    let (session, debrief) = play(
        ID,
        7,
        "2,1,look:watch-twins,1,1,look:ask-how,1,look:ring-gp,1,1,1",
    );
    assert!(!session.state.flags.contains("rhys-guarded"));
    assert!(
        session.state.flags.contains("gp-consent"),
        "Rhys trusts you again"
    );
    let found = found(&debrief);
    for piece in [
        "missed-reasons",
        "feeding-routine",
        "father-low-mood",
        "no-help-nearby",
    ] {
        assert!(found.contains(piece), "{piece} after the repair");
    }
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(session.state.ending.as_deref(), Some("support-in-place"));
}

#[test]
fn a_path_that_never_makes_contact_is_passive_and_the_twins_are_not_seen() {
    let (session, debrief) = play(ID, 7, PASSIVE);
    let choices = debrief.path.iter().filter(|s| !s.observation).count();
    assert_eq!(choices, 3, "three decisions, each one passing the job on");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(score(&debrief, "care") <= 45);
    assert!(score(&debrief, "authority") <= 35);
    assert!(score(&debrief, "child-focus") <= 10);
    assert_eq!(debrief.completeness, 0);
    assert_eq!(debrief.signs_let_pass.len(), 3);
    assert_eq!(session.state.ending.as_deref(), Some("not-seen"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn the_curious_path_finds_more_and_is_more_curious_than_every_other_archetype() {
    let (_, best) = play(ID, 7, AUTHORITATIVE);
    for script in [COLLUSIVE, AUTHORITARIAN, PASSIVE] {
        let (_, other) = play(ID, 7, script);
        assert!(
            score(&best, "curiosity") > score(&other, "curiosity"),
            "{script}"
        );
        assert!(best.completeness > other.completeness, "{script}");
    }
}

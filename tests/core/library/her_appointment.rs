//! Playthroughs of "Her appointment" (`scenarios/her-appointment.ron`): a GP, a mother who
//! discloses domestic abuse and low mood, and her two-year-old with a bruise on his cheek.
//! Each archetypal path lands where the rubric says: naming the abuse warmly while keeping
//! Noah in view finds the whole jigsaw; a promise of secrecy is collusive and leaves Noah
//! unasked about; blame and "failure to protect" close Jess down and lock the risk picture;
//! putting her off is passive and leaves one line in her notes.
//!
//! Seed 1 puts Dean in the waiting room (and the health visitor answers on the
//! authoritative path); seed 2 has Jess come in alone.

use std::collections::BTreeSet;

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "her-appointment";

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn naming_the_abuse_warmly_and_keeping_noah_in_view_is_authoritative_and_finds_every_piece() {
    // Read her notes, call her in and see her alone as a routine, watch Noah, name the
    // abuse, ask who Dean is, go through the DASH, ask about the bruise, look at him and
    // his record, record her words, ask about the hearing test, be honest about sharing,
    // plan safety with her, check the household and Dean's record, recode "was not
    // brought", take advice, ring the health visitor, and refer in Safe & Together terms.
    let (session, debrief) = play(
        ID,
        1,
        "look:jess-record,1,look:watch-them,1,look:watch-noah,1,look:who-dean,look:dash,1,\
         look:look-bruise,look:noah-record,1,look:record-words,1,look:hearing-ask,1,1,\
         look:household,look:dean-record,look:recode,look:safeguarding-lead,1,1,1",
    );
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(
        score(&debrief, "curiosity") >= 80,
        "curiosity {}",
        score(&debrief, "curiosity")
    );
    assert!(score(&debrief, "child-focus") >= 80);
    assert!(score(&debrief, "multi-agency") >= 80);
    assert!(score(&debrief, "recording") >= 80);
    assert!(score(&debrief, "other-adults") >= 70);
    assert_eq!(
        found(&debrief),
        ids(&[
            "bruise-account",
            "noah-presentation",
            "dash-answers",
            "partner-named",
            "hearing-not-brought",
            "other-children",
            "hv-notes",
            "ed-attendance",
            "partner-record",
        ])
    );
    assert_eq!(debrief.completeness, 100);
    assert!(debrief.signs_let_pass.is_empty());
    assert!(meter(&session, "engagement") >= 7, "Jess still trusts you");
    assert!(
        session.state.visited.contains("hv-answers"),
        "seed 1: Carys answers"
    );
    assert_eq!(session.state.ending.as_deref(), Some("held-together"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn a_promise_of_secrecy_is_collusive_and_leaves_noah_unasked_about() {
    // Jess comes alone. Greet Noah and watch him, then "this stays between us", a
    // prescription and a helpline card, and keep the promise after surgery.
    let (session, debrief) = play(ID, 2, "1,1,look:watch-noah,3,2,4");
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(
        score(&debrief, "care") >= 60,
        "care {}",
        score(&debrief, "care")
    );
    assert!(score(&debrief, "authority") <= 30);
    assert!(score(&debrief, "curiosity") <= 30);
    let got = found(&debrief);
    for missed in [
        "bruise-account",
        "dash-answers",
        "partner-named",
        "hearing-not-brought",
        "other-children",
        "partner-record",
    ] {
        assert!(!got.contains(missed), "{missed} stays locked");
    }
    assert!(debrief.completeness <= 20);
    assert!(debrief.signs_let_pass.len() >= 3);
    assert!(
        meter(&session, "engagement") >= 5,
        "the relationship stays easy"
    );
    assert!(
        !session.state.visited.contains("the-bruise"),
        "the bruise is never asked about"
    );
    assert_eq!(session.state.ending.as_deref(), Some("kept-secret"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn blame_and_failure_to_protect_are_authoritarian_and_close_jess_down() {
    // Dean is in the waiting room. Challenge him publicly, tell Jess to leave or lose Noah,
    // ask "did Dean do this?", "out of my hands", and refer her as unable to protect.
    let (session, debrief) = play(
        ID,
        1,
        "1,3,2,look:who-dean-guarded,look:dash-guarded,1,look:look-bruise,look:noah-record,\
         3,2,2,look:household,2,2",
    );
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(score(&debrief, "authority") >= 60);
    assert!(
        score(&debrief, "care") <= 20,
        "care {}",
        score(&debrief, "care")
    );
    assert!(meter(&session, "engagement") <= 1, "Jess has closed down");
    // The records still answer; Jess does not. Her DASH answers, who Dean is (and so his
    // own record) and her account of the bruise stay locked, and she leaves before any
    // safety plan.
    let got = found(&debrief);
    assert!(got.contains("hearing-not-brought") && got.contains("other-children"));
    for locked in [
        "dash-answers",
        "partner-named",
        "partner-record",
        "bruise-account",
    ] {
        assert!(!got.contains(locked), "{locked} stays locked");
    }
    assert!(!session.state.visited.contains("safety-plan"));
    assert_eq!(session.state.ending.as_deref(), Some("door-closed"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

#[test]
fn putting_the_disclosure_off_is_passive_and_leaves_one_line_in_her_notes() {
    // Jess comes alone. Walk on past Noah, ask her to book a double appointment next
    // week, "ring the police if it gets bad", and a one-line note.
    let (session, debrief) = play(ID, 2, "1,2,4,3,3");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(
        score(&debrief, "care") <= 45,
        "care {}",
        score(&debrief, "care")
    );
    assert!(score(&debrief, "authority") <= 30);
    assert!(score(&debrief, "child-focus") <= 25);
    assert_eq!(debrief.completeness, 0);
    assert!(debrief.signs_let_pass.len() >= 3);
    assert_eq!(session.state.ending.as_deref(), Some("notes-only"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_apology_after_blame_reopens_her_account_of_the_bruise() {
    // A threat first, then a repair that keeps the concern: Jess tells you what she heard,
    // you plan safety with her and share. Her DASH answers were lost to the threat, so the
    // picture has gaps.
    let (session, debrief) = play(ID, 2, "1,1,2,1,1,1,1,1,2,1");
    assert!(found(&debrief).contains("bruise-account"));
    assert!(!found(&debrief).contains("dash-answers"));
    assert!(meter(&session, "engagement") >= 5);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(session.state.ending.as_deref(), Some("shared-with-gaps"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

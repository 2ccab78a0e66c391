//! Playthroughs of `scenarios/febrile-fit.ron` ("It was a febrile fit"): an emergency
//! department doctor sees Maya, 20 months, after a fit at home that the board calls
//! febrile although no reading ever showed a fever.
//!
//! The four archetypal paths land where the rubric says: the authoritative and curious
//! path examines fully, asks who was caring for her, checks CP-IS and the records, decides
//! to "suspect" and shares everything (WITH, a Good ending, the whole jigsaw); the collusive
//! path reassures and sends Maya home (FOR, key pieces missed); the authoritarian path
//! accuses and threatens, so Rosa and Callum close down and the account is never heard
//! (TO, engagement at the floor); the passive path leaves her at the back of the queue and
//! the decision for the day team (NOT). Two more playthroughs show that an apology which
//! keeps the concern reopens the account, and that escalation works when the safeguarding
//! consultant does not answer.
//!
//! Seeds: 7 sends the board to Rosa first and (on these paths) the call to Dr Rao, who
//! answers; 1 sends it to Rosa first and the call to a busy switchboard.

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "febrile-fit";

/// Reads every record on the way, asks who was caring for Maya and about her day, examines
/// all of her skin, asks about the bruise openly, records Callum's words, decides to
/// "suspect", rings the consultant, shares everything with the emergency duty team, tells
/// the parents honestly and writes it up properly.
const AUTHORITATIVE: &str = "look:handover-sheet,look:obs-chart,look:cpis,look:past-attendances,1,\
     look:maya-day,look:who-with,1,\
     look:skin-check,look:watch-maya,1,\
     look:record-words,1,\
     look:shared-record,look:gp-summary,1,\
     1,1,1,1";

#[test]
fn an_authoritative_curious_doctor_finds_the_whole_jigsaw_and_keeps_the_family_talking() {
    let (session, debrief) = play(ID, 7, AUTHORITATIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(score(&debrief, "curiosity") >= 80, "curiosity");
    assert!(score(&debrief, "care") >= 70, "care");
    assert!(score(&debrief, "authority") >= 70, "authority");
    assert!(score(&debrief, "multi-agency") >= 80, "multi-agency");
    let pieces = found(&debrief);
    for piece in [
        "first-account",
        "obs-chart",
        "bruise-behind-ear",
        "who-was-caring",
        "childminder-day",
        "account-changed",
        "cp-plan",
        "earlier-injuries",
        "missed-hv",
        "gp-record",
        "plan-details",
    ] {
        assert!(pieces.contains(piece), "found {piece}: {pieces:?}");
    }
    assert_eq!(debrief.completeness, 100);
    assert!(
        debrief.signs_let_pass.is_empty(),
        "{:?}",
        debrief.signs_let_pass
    );
    assert!(
        session.state.visited.contains("paeds-answers"),
        "Dr Rao answered"
    );
    assert!(
        meter(&session, "engagement") >= 6,
        "Rosa and Callum still trust the doctor"
    );
    assert_eq!(session.state.ending.as_deref(), Some("pieces-together"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn a_reassuring_doctor_is_collusive_and_sends_maya_home_with_the_pieces_unfound() {
    // Go to the cubicle, reassure Rosa that febrile fits are harmless, do the skin check
    // but don't raise the bruise, then call it a febrile convulsion at the desk.
    let (session, debrief) = play(ID, 7, "1,2,look:skin-check,2,3");
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(score(&debrief, "care") >= 55, "care");
    assert!(score(&debrief, "authority") <= 30, "authority");
    assert!(score(&debrief, "curiosity") <= 30, "curiosity");
    let pieces = found(&debrief);
    for piece in [
        "cp-plan",
        "plan-details",
        "account-changed",
        "who-was-caring",
        "earlier-injuries",
        "missed-hv",
    ] {
        assert!(!pieces.contains(piece), "{piece} stays unfound: {pieces:?}");
    }
    assert!(
        debrief.completeness <= 20,
        "completeness {}",
        debrief.completeness
    );
    assert!(
        debrief.signs_let_pass.len() >= 3,
        "{:?}",
        debrief.signs_let_pass
    );
    assert!(
        meter(&session, "engagement") >= 5,
        "reassurance keeps the family happy"
    );
    assert_eq!(session.state.ending.as_deref(), Some("home-by-morning"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_accusing_doctor_is_authoritarian_and_the_account_is_never_heard() {
    // Open CP-IS and use the plan against Rosa, accuse the parents over the bruise,
    // threaten police and social services, then suspect, share and tell them they are
    // not taking her anywhere.
    let (session, debrief) = play(ID, 7, "look:cpis,1,4,look:skin-check,3,3,1,1,1,4,1");
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(score(&debrief, "care") <= 20, "care");
    assert!(score(&debrief, "authority") >= 55, "authority");
    assert!(
        meter(&session, "engagement") <= 1,
        "Rosa and Callum have closed down"
    );
    // The questions close: who was caring for Maya and how the account changed are what
    // the authoritative path heard from the family, and this one never does.
    let pieces = found(&debrief);
    for piece in ["account-changed", "who-was-caring", "childminder-day"] {
        assert!(!pieces.contains(piece), "{piece} stays locked: {pieces:?}");
    }
    assert!(
        !session.state.visited.contains("the-account"),
        "the account is never given"
    );
    assert!(pieces.contains("bruise-behind-ear") && pieces.contains("plan-details"));
    let authoritative = play(ID, 7, AUTHORITATIVE).1;
    assert!(score(&debrief, "curiosity") < score(&authoritative, "curiosity"));
    assert_eq!(session.state.ending.as_deref(), Some("door-closed"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

#[test]
fn a_doctor_who_leaves_it_to_others_is_passive_and_maya_goes_home_unexamined() {
    // Put Maya at the back of the queue, give her a quick check for infection only, then
    // leave a note for the day team: three decisions, none of them made.
    let (session, debrief) = play(ID, 7, "2,2,3");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(score(&debrief, "care") <= 45, "care");
    assert!(score(&debrief, "authority") <= 30, "authority");
    assert!(score(&debrief, "child-focus") <= 20, "child focus");
    assert!(score(&debrief, "multi-agency") <= 20, "multi-agency");
    assert_eq!(debrief.completeness, 0);
    assert_eq!(
        debrief.signs_let_pass.len(),
        3,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("left-for-later"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_apology_that_keeps_the_concern_reopens_the_account() {
    // A harsh opening to Rosa leaves too little trust to hear the account; apologising at
    // the cot side, without dropping the question, brings Callum back to tell it.
    let (session, debrief) = play(
        ID,
        7,
        "1,3,look:skin-check,1,1,look:who-with,look:record-words,1,1,1,1,1,1",
    );
    assert!(session.state.visited.contains("account-closed"));
    assert!(session.state.visited.contains("the-account"));
    let pieces = found(&debrief);
    assert!(pieces.contains("account-changed") && pieces.contains("who-was-caring"));
    assert!(meter(&session, "engagement") >= 4);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert_eq!(session.state.ending.as_deref(), Some("pieces-together"));
}

#[test]
fn when_the_safeguarding_consultant_does_not_answer_escalating_still_gets_maya_seen() {
    // The same decisions as the authoritative path; this seed makes the switchboard say
    // Dr Rao is busy, and the doctor tells the ED consultant and rings the EDT directly.
    let (session, debrief) = play(ID, 1, AUTHORITATIVE);
    assert!(session.state.visited.contains("paeds-busy"));
    assert!(!session.state.visited.contains("paeds-answers"));
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(score(&debrief, "multi-agency") >= 80, "multi-agency");
    assert!(found(&debrief).contains("plan-details"));
    assert_eq!(session.state.ending.as_deref(), Some("pieces-together"));
}

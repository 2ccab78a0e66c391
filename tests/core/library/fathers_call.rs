//! Playthroughs of `the-fathers-call`: a duty social worker, a father's report of bruises
//! on his 16-month-old son, and a mother who says the father was abusive to her.
//!
//! Each archetypal path lands where the rubric says: respectful uncertainty towards both
//! parents, checks on both men, the nursery asked and Ellis seen (WITH); siding with
//! whoever is on the phone (FOR); warnings and ultimatums (TO); a "contact dispute" filed
//! away (NOT). The scores are asserted with a margin, because the bounds they are
//! normalised against come from the explorer, not from numbers typed here.

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "the-fathers-call";

/// Listens to Marc fully and checks him as well as Ryan, reads the health visitor's
/// contact, asks police (about the flat, Ryan and Marc) and the nursery, supports Tamsin
/// and keeps Ellis central, sees Ellis and hears Ryan, speaks to Tamsin alone, records
/// every account in its own words, rings Marc back and takes it to a strategy discussion.
/// Seed 1: police ring back first, and Tamsin answers.
const AUTHORITATIVE_POLICE_FIRST: &str = "look:his-words,look:handover,look:his-side,1,\
    look:hv-contact,1,\
    look:address,look:ryan,look:marc,1,\
    look:mood,look:marks,1,\
    1,\
    look:how-it-happened,look:about-marc,1,\
    look:watch-ellis,look:speak-ryan,look:tamsin-alone,1,\
    look:record-accounts,look:chronology,1,\
    1";

/// The same decisions when the nursery rings back first (seed 4), so the observations
/// come in the other order.
const AUTHORITATIVE_NURSERY_FIRST: &str = "look:his-words,look:handover,look:his-side,1,\
    look:hv-contact,1,\
    look:mood,look:marks,1,\
    look:address,look:ryan,look:marc,1,\
    1,\
    look:how-it-happened,look:about-marc,1,\
    look:watch-ellis,look:speak-ryan,look:tamsin-alone,1,\
    look:record-accounts,look:chronology,1,\
    1";

/// Warns Marc off about false allegations, checks police and nursery, then threatens
/// Tamsin with Ellis's removal, turns up with the police, gives an ultimatum at the door,
/// leaves Marc without a call back, and asks for a strategy discussion.
const AUTHORITARIAN: &str = "4,1,look:address,look:ryan,1,look:marks,1,3,2,look:glimpse,3,2,1";

#[test]
fn an_authoritative_curious_path_checks_both_men_sees_ellis_and_holds_everyone_in_view() {
    let (session, debrief) = play(ID, 1, AUTHORITATIVE_POLICE_FIRST);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(
        score(&debrief, "authority") >= 75,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") >= 75, "{:?}", debrief.care);
    assert!(score(&debrief, "curiosity") >= 80);
    assert!(score(&debrief, "other-adults") >= 80);
    assert!(score(&debrief, "child-focus") >= 80);
    assert!(score(&debrief, "multi-agency") >= 80);
    let pieces = found(&debrief);
    for piece in [
        "marc-account",
        "hv-contact",
        "callouts",
        "ryan-history",
        "marc-police",
        "nursery-notes",
        "nursery-bruises",
        "tamsin-account",
        "tamsin-on-marc",
        "ellis-seen",
        "ryan-account",
        "tamsin-on-ryan",
    ] {
        assert!(pieces.contains(piece), "{piece} found: {pieces:?}");
    }
    assert!(
        debrief.completeness >= 90,
        "completeness {}",
        debrief.completeness
    );
    assert!(
        debrief.signs_let_pass.is_empty(),
        "{:?}",
        debrief.signs_let_pass
    );
    assert!(meter(&session, "engagement") >= 5);
    assert_eq!(session.state.ending.as_deref(), Some("held-in-view"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn the_authoritative_path_lands_the_same_whichever_agency_rings_back_first() {
    let (_, a) = play(ID, 1, AUTHORITATIVE_POLICE_FIRST);
    let (nursery_first, b) = play(ID, 4, AUTHORITATIVE_NURSERY_FIRST);
    // The scene of the first step after the duty desk: which agency rang back first.
    let first_agency = |d: &jigsaw::debrief::Debrief| {
        d.path
            .iter()
            .map(|step| step.scene.clone())
            .find(|scene| scene == "police" || scene == "nursery")
    };
    assert_eq!(first_agency(&a).as_deref(), Some("police"));
    assert_eq!(first_agency(&b).as_deref(), Some("nursery"));
    assert_eq!(b.quadrant, Some(Quadrant::With));
    assert_eq!(found(&a), found(&b));
    assert_eq!(nursery_first.state.ending.as_deref(), Some("held-in-view"));
}

#[test]
fn siding_with_whoever_is_on_the_phone_is_collusive_and_leaves_ellis_unseen() {
    // Seed 1: Tamsin answers. Believe Marc outright, ring Tamsin before any checks, agree
    // that Marc is making trouble, and close on her word.
    let (session, debrief) = play(ID, 1, "2,2,2,1");
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(score(&debrief, "care") >= 60, "{:?}", debrief.care);
    assert!(
        score(&debrief, "authority") <= 30,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "curiosity") <= 30);
    let pieces = found(&debrief);
    for piece in [
        "ryan-history",
        "marc-police",
        "nursery-bruises",
        "tamsin-account",
        "ellis-seen",
        "ryan-account",
    ] {
        assert!(!pieces.contains(piece), "{piece} stays locked: {pieces:?}");
    }
    assert_eq!(debrief.completeness, 0);
    assert!(
        debrief.signs_let_pass.len() >= 2,
        "{:?}",
        debrief.signs_let_pass
    );
    // The relationship stays easy: Tamsin is no less engaged than when the day began.
    assert!(meter(&session, "engagement") >= 5);
    assert_eq!(session.state.ending.as_deref(), Some("her-word"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn threats_and_ultimatums_are_authoritarian_and_close_the_door_on_ellis() {
    let (session, debrief) = play(ID, 1, AUTHORITARIAN);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(
        score(&debrief, "authority") >= 55,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") <= 20, "{:?}", debrief.care);
    // Engagement collapses.
    assert!(meter(&session, "engagement") <= 1);
    // Tamsin keeps Ellis on her hip at the door, Ryan leaves unheard, and her account of
    // the bruises is never given: pieces the authoritative path found stay locked.
    let pieces = found(&debrief);
    for piece in [
        "ellis-seen",
        "ryan-account",
        "tamsin-account",
        "tamsin-on-ryan",
    ] {
        assert!(!pieces.contains(piece), "{piece} stays locked: {pieces:?}");
    }
    // The checks themselves still work: police and nursery records are not about trust.
    assert!(pieces.contains("ryan-history") && pieces.contains("nursery-bruises"));
    let (_, authoritative) = play(ID, 1, AUTHORITATIVE_POLICE_FIRST);
    assert!(score(&authoritative, "curiosity") > score(&debrief, "curiosity"));
    assert_eq!(session.state.ending.as_deref(), Some("door-closed"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

#[test]
fn an_apology_after_the_threat_partly_reopens_the_door() {
    // As the authoritarian path, but repair on the phone instead of pressing on with the
    // police: Tamsin lets you sit with Ellis and Ryan gives his account.
    let (session, debrief) = play(
        ID,
        1,
        "4,1,look:address,look:ryan,1,look:marks,1,3,1,look:watch-ellis,look:speak-ryan,1,1,1",
    );
    let (threat, authoritarian) = play(ID, 1, AUTHORITARIAN);
    assert!(meter(&session, "engagement") >= 4);
    assert!(meter(&session, "engagement") > meter(&threat, "engagement"));
    assert!(score(&debrief, "care") > score(&authoritarian, "care"));
    let pieces = found(&debrief);
    assert!(pieces.contains("ellis-seen") && pieces.contains("ryan-account"));
    // Not everything comes back: Tamsin never gave her account of the bruises.
    assert!(!pieces.contains("tamsin-account"));
    assert_eq!(session.state.ending.as_deref(), Some("with-gaps"));
}

#[test]
fn filing_it_as_a_contact_dispute_is_passive_and_nobody_sees_ellis() {
    // Redirect Marc to mediation, log the contact as a dispute between parents, and tell
    // Angela it is not our job to referee contact.
    let (session, debrief) = play(ID, 1, "3,3,2");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(
        score(&debrief, "authority") <= 30,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") <= 45, "{:?}", debrief.care);
    assert!(score(&debrief, "child-focus") <= 20);
    assert!(score(&debrief, "other-adults") <= 20);
    assert_eq!(debrief.completeness, 0);
    assert_eq!(debrief.signs_let_pass.len(), 3);
    assert_eq!(session.state.ending.as_deref(), Some("filed"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

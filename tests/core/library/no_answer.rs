//! Playthroughs of `no-answer`: a social worker's unannounced visit, a drawn curtain and a
//! text saying "come next week". The four archetypal paths land in their quadrants with
//! the pieces and endings the story promises: the authoritative path checks with the
//! nursery, the police and housing, comes back the same day and hears who looks after
//! Ellis; reassurance agrees to "next week" and finds a tidied flat; threats close Tamsin
//! down so that the key piece stays locked; and a card through the door leaves Ellis unseen.
//! A single rupture, repaired in time, still lets the story reach its best ending.

use jigsaw::engine::{Session, parse_script};
use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, scenario, score};

const ID: &str = "no-answer";

/// Every piece in the scenario.
const ALL_PIECES: [&str; 9] = [
    "missed-visits",
    "hv-not-brought",
    "nursery-absences",
    "neighbour-comment",
    "housing-application",
    "ryan-police",
    "ellis-seen",
    "second-phone",
    "daytime-care",
];

/// Read the file, go unannounced, look and listen at the door, ring, reply clearly, ask the
/// neighbour discreetly, check with the nursery, police and housing, agree a plan with
/// Angela; at two (seed 1: the door opens) go in, watch Ellis, look around, ask how Tamsin
/// is and about Ellis's days, put the housing form to her, offer help, agree a dated plan,
/// write a chronology and take it to Angela.
const AUTHORITATIVE: &str = "look:case-record,look:hv-record,1,look:buggy,look:listen,1,1,1,1,\
    look:nursery,look:police-info,look:housing,1,1,1,\
    look:watch-ellis,look:look-around,look:how-are-you,1,1,look:what-would-help,1,\
    look:chronology,1";

/// Threaten through the letterbox and by text, tell the neighbour why you are there, call
/// the police at once, "you left me no choice", label her, accuse her over the boots,
/// threaten a conference, then share.
const AUTHORITARIAN_TO_INSIDE: &str = "1,2,4,1,2,3,2";
const AUTHORITARIAN: &str = "1,2,4,1,2,3,2,look:watch-ellis,look:look-around,3,3,4,1";

/// Plays part of a script and returns the session where it stops.
fn reach(seed: u64, script: &str) -> Session {
    let s = scenario(ID);
    let mut session = Session::start(&s, seed).expect("start");
    for step in parse_script(script).expect("script") {
        let input = session.resolve(&s, &step).expect("offered");
        session.apply(&s, &input).expect("applies");
    }
    session
}

/// The ids of the observations offered where a session stands.
fn observations_offered(session: &Session) -> Vec<String> {
    let s = scenario(ID);
    session
        .offered_observations(&s)
        .iter()
        .map(|o| o.id.value.clone())
        .collect()
}

#[test]
fn a_clear_warm_and_curious_return_the_same_day_sees_ellis_and_finds_every_piece() {
    let (session, debrief) = play(ID, 1, AUTHORITATIVE);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(
        score(&debrief, "authority") >= 70,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") >= 80, "{:?}", debrief.care);
    assert!(score(&debrief, "curiosity") >= 90);
    assert!(score(&debrief, "child-focus") >= 70);
    assert!(score(&debrief, "multi-agency") >= 70);
    let pieces = found(&debrief);
    for piece in ALL_PIECES {
        assert!(pieces.contains(piece), "{piece} found");
    }
    assert_eq!(debrief.completeness, 100);
    assert!(
        debrief.signs_let_pass.is_empty(),
        "{:?}",
        debrief.signs_let_pass
    );
    assert!(meter(&session, "engagement") >= 6, "Tamsin still engaged");
    assert_eq!(session.state.ending.as_deref(), Some("pieces-together"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn agreeing_to_next_week_is_collusive_and_leaves_the_jigsaw_locked() {
    // Ring ahead, accept "come next week", then a week later accept a sleeping child in a
    // tidied flat. No random pick on this path.
    let (session, debrief) = play(ID, 3, "look:case-record,2,2,look:cot,2");
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(score(&debrief, "care") >= 60, "{:?}", debrief.care);
    assert!(
        score(&debrief, "authority") <= 20,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "curiosity") <= 20);
    assert!(
        meter(&session, "engagement") >= 6,
        "the relationship stays easy"
    );
    let pieces = found(&debrief);
    assert!(
        pieces.contains("missed-visits"),
        "reading the file is still credited"
    );
    for locked in [
        "daytime-care",
        "ellis-seen",
        "nursery-absences",
        "ryan-police",
        "housing-application",
        "neighbour-comment",
    ] {
        assert!(!pieces.contains(locked), "{locked} stays locked");
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
    assert_eq!(session.state.ending.as_deref(), Some("tidy-flat"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn threats_and_a_label_are_authoritarian_and_close_tamsin_down() {
    let (session, debrief) = play(ID, 3, AUTHORITARIAN);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(
        score(&debrief, "authority") >= 55,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") <= 15, "{:?}", debrief.care);
    assert!(meter(&session, "engagement") <= 1, "engagement collapses");
    let pieces = found(&debrief);
    assert!(pieces.contains("ellis-seen"), "Ellis is seen");
    assert!(
        !pieces.contains("daytime-care"),
        "Tamsin will not say who looks after Ellis in the day"
    );
    assert_eq!(session.state.ending.as_deref(), Some("door-shut"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);

    // Inside the flat, asking Tamsin how she is doing is no longer offered; on the
    // authoritative path it is.
    let closed = reach(3, AUTHORITARIAN_TO_INSIDE);
    assert_eq!(closed.state.scene, "inside");
    assert!(!observations_offered(&closed).contains(&"how-are-you".to_string()));
    let open = reach(
        1,
        "look:case-record,look:hv-record,1,look:buggy,look:listen,1,1,1,1,\
         look:nursery,look:police-info,look:housing,1,1,1",
    );
    assert_eq!(open.state.scene, "inside");
    assert!(observations_offered(&open).contains(&"how-are-you".to_string()));
}

#[test]
fn a_card_silence_and_reassurance_to_the_manager_is_passive_and_ellis_is_not_seen() {
    // Go unannounced, then a card through the door, no reply to the text, and "it's
    // probably nothing" to Angela: three passive decisions.
    let (session, debrief) = play(ID, 3, "1,3,4,2");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(
        score(&debrief, "authority") <= 25,
        "{:?}",
        debrief.authority
    );
    assert!(score(&debrief, "care") <= 47, "{:?}", debrief.care);
    assert!(score(&debrief, "child-focus") <= 15);
    assert_eq!(debrief.completeness, 0);
    assert_eq!(
        debrief.signs_let_pass.len(),
        3,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("not-seen"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_apology_soon_after_a_threat_rebuilds_enough_trust_to_hear_about_ellis_s_days() {
    // Threaten through the letterbox, then apologise by text; ask the neighbour discreetly,
    // check the nursery and police, agree a plan; at two (seed 1) the door opens.
    let (session, debrief) = play(
        ID,
        1,
        "1,look:listen,2,2,1,1,look:nursery,look:police-info,1,1,1,look:watch-ellis,1,1,1,1",
    );
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(found(&debrief).contains("daytime-care"));
    assert!(meter(&session, "engagement") >= 4);
    assert!(
        !session.state.flags.contains("threatened"),
        "the repair clears it"
    );
    assert_eq!(session.state.ending.as_deref(), Some("pieces-together"));
}

//! Playthroughs of "Call-out at 2 a.m." (`call-out-at-2am`): a response constable at a
//! reported domestic incident, with a toddler asleep in the flat. It is one of the
//! library's benign scenarios: the couple's explanation is true, and the address warning
//! belongs to a previous tenant. The authoritative path checks and confirms that and ends
//! with an accurate record; the collusive path takes their word and leaves the child out;
//! the authoritarian path damages a family that needed nothing of the kind; the passive
//! path clears the call from the doorstep.
//!
//! Seeds fix the two random picks: seed 1 (the neighbour is up, Nadia opens the door),
//! seed 0 (the neighbour is asleep, Kieran opens), seed 5 (neighbour up, Kieran opens),
//! seed 2 (neighbour asleep, Nadia opens).

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "call-out-at-2am";

/// Reads the call log and the history's dates and names, hears the neighbour, explains
/// and goes in, watches the adults, sees Freya closely and then awake with her mum, asks
/// Control for time, hears each adult alone (ringing the ward, reading the red book,
/// asking where Freya was), identifies both adults, asks about the history openly,
/// explains the notification and signposts support, corrects the address warning and
/// writes it all up.
const AUTHORITATIVE: (u64, &str) = (
    1,
    "look:call-log,look:history-detail,1,look:ruth,1,1,look:watch-them,look:look-around,1,\
     look:look-close,1,1,1,look:ward,look:red-book,look:where-was-freya,1,1,1,look:run-names,1,1,\
     look:correct-marker,1",
);

/// Plans well and goes in warmly, then lets Freya sleep unseen, hears the couple together,
/// leaves, and writes 'verbal argument' with no child in the record.
const COLLUSIVE: (u64, &str) = (0, "1,1,1,2,1,3");

/// Assumes he is the abuser, pushes in, lifts Freya out of her cot, labels Nadia, accuses
/// Kieran and both of them over the history, threatens to have Freya taken, and records a
/// 'repeat domestic address'.
const AUTHORITARIAN: (u64, &str) = (5, "2,1,3,1,2,1,2,2,2,3,4,2");

/// Plans a knock-and-go, treats the call as a noise complaint at the door, and leaves the
/// rest to the day shift.
const PASSIVE: (u64, &str) = (2, "3,1,4,3");

const ALL_PIECES: [&str; 10] = [
    "freya-seen",
    "nadia-account",
    "kieran-account",
    "neighbour-report",
    "earlier-callouts",
    "tenancy-date",
    "red-book",
    "hospital-admission",
    "no-injuries",
    "both-identified",
];

#[test]
fn seeing_freya_hearing_each_adult_alone_and_checking_the_history_is_authoritative_and_confirms_the_family_s_account()
 {
    let (session, debrief) = play(ID, AUTHORITATIVE.0, AUTHORITATIVE.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(
        score(&debrief, "care") >= 70,
        "care {}",
        score(&debrief, "care")
    );
    assert!(
        score(&debrief, "authority") >= 70,
        "authority {}",
        score(&debrief, "authority")
    );
    assert!(
        score(&debrief, "curiosity") >= 70,
        "curiosity {}",
        score(&debrief, "curiosity")
    );
    assert!(score(&debrief, "child-focus") >= 70);
    assert!(score(&debrief, "recording") >= 70);
    let pieces = found(&debrief);
    for piece in ALL_PIECES {
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
    assert!(
        meter(&session, "engagement") >= 6,
        "the family's trust holds"
    );
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
    assert_eq!(session.state.ending.as_deref(), Some("an-accurate-record"));
}

#[test]
fn taking_their_word_without_seeing_freya_is_collusive_and_leaves_the_child_out_of_the_record() {
    let (session, debrief) = play(ID, COLLUSIVE.0, COLLUSIVE.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(
        score(&debrief, "care") >= 55,
        "care {}",
        score(&debrief, "care")
    );
    assert!(
        score(&debrief, "authority") <= 40,
        "authority {}",
        score(&debrief, "authority")
    );
    // The relationship stays easy, and nothing is asked, so nothing is found.
    assert!(meter(&session, "engagement") >= 6);
    let pieces = found(&debrief);
    for piece in [
        "freya-seen",
        "nadia-account",
        "kieran-account",
        "earlier-callouts",
        "tenancy-date",
    ] {
        assert!(!pieces.contains(piece), "{piece} should stay unfound");
    }
    assert_eq!(debrief.completeness, 0);
    assert!(
        debrief.signs_let_pass.len() >= 3,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
    assert_eq!(session.state.ending.as_deref(), Some("the-child-left-out"));
}

#[test]
fn pushing_in_labelling_and_threatening_is_authoritarian_and_closes_the_family_down() {
    let (session, debrief) = play(ID, AUTHORITARIAN.0, AUTHORITARIAN.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(
        score(&debrief, "care") <= 30,
        "care {}",
        score(&debrief, "care")
    );
    assert!(
        score(&debrief, "authority") >= 60,
        "authority {}",
        score(&debrief, "authority")
    );
    assert!(
        meter(&session, "engagement") <= 1,
        "engagement {}",
        meter(&session, "engagement")
    );
    // Every piece the family would have given an officer they trusted stays locked: the
    // same questions are asked, but the answers no longer come.
    let pieces = found(&debrief);
    for piece in [
        "nadia-account",
        "kieran-account",
        "tenancy-date",
        "hospital-admission",
        "red-book",
    ] {
        assert!(!pieces.contains(piece), "{piece} should be locked");
    }
    assert!(
        debrief.completeness <= 25,
        "completeness {}",
        debrief.completeness
    );
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
    assert_eq!(session.state.ending.as_deref(), Some("a-family-harmed"));
}

#[test]
fn clearing_the_call_from_the_doorstep_is_passive_and_nobody_sees_freya() {
    let (session, debrief) = play(ID, PASSIVE.0, PASSIVE.1);
    let decisions = debrief.path.iter().filter(|step| !step.observation).count();
    assert!(decisions >= 3, "{decisions} decisions");
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(
        score(&debrief, "care") <= 45,
        "care {}",
        score(&debrief, "care")
    );
    assert!(
        score(&debrief, "authority") <= 35,
        "authority {}",
        score(&debrief, "authority")
    );
    assert!(found(&debrief).is_empty());
    assert!(
        debrief.signs_let_pass.len() >= 3,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
    assert_eq!(session.state.ending.as_deref(), Some("not-seen"));
}

#[test]
fn the_curious_path_is_the_most_curious_of_the_four() {
    let curiosity = |(seed, script): (u64, &str)| score(&play(ID, seed, script).1, "curiosity");
    let authoritative = curiosity(AUTHORITATIVE);
    for other in [COLLUSIVE, AUTHORITARIAN, PASSIVE] {
        assert!(
            authoritative > curiosity(other) + 30,
            "authoritative {authoritative}, other {}",
            curiosity(other)
        );
    }
}

#[test]
fn an_arrest_on_assumption_harms_the_family_unless_it_is_undone_and_apologised_for() {
    // Seed 1: a good start, then an arrest on the address history, taken to custody.
    let (kept, kept_debrief) = play(ID, 1, "1,1,1,3,2,1");
    assert_eq!(kept.state.ending.as_deref(), Some("a-family-harmed"));
    assert!(!found(&kept_debrief).contains("nadia-account"));

    // The same arrest, undone with an apology: trust partly returns, Nadia and Kieran
    // each give their account and the tenancy agreement, but the night is not forgotten.
    let (repaired, debrief) = play(ID, 1, "1,1,1,3,1,1,1,1,1,1,1,1,look:history-detail,1");
    assert!(meter(&repaired, "engagement") >= 4);
    let pieces = found(&debrief);
    for piece in [
        "freya-seen",
        "nadia-account",
        "kieran-account",
        "tenancy-date",
    ] {
        assert!(
            pieces.contains(piece),
            "{piece} found after the repair: {pieces:?}"
        );
    }
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
    assert_eq!(repaired.state.ending.as_deref(), Some("shared-with-gaps"));
}

//! Playthroughs of `supervision-chronology`: the allocated social worker takes Ellis's case
//! to supervision with Angela Price. The authoritative path builds the chronology, names its
//! feelings, keeps two hypotheses open and tells Tamsin the truth, and so hears what happens at
//! home; reassurance keeps Tamsin friendly but never asks; an ultimatum closes her down and
//! the family moves; a passive path lets the case drift. Each lands in its own quadrant.

use jigsaw::rubric::Quadrant;
use jigsaw::scenario::EndingKind;

use super::{ending_kind, found, meter, play, score};

const ID: &str = "supervision-chronology";

/// Seed 1: Angela has the hour, and the police disclosure on Ryan has arrived. A clear text
/// to Tamsin; four records read, a chronology, its gaps filled; the pattern named; Ryan
/// checked; feelings named; two hypotheses; Marc as risk and resource; a plan with dates;
/// the honest call and the question about home; support that keeps Ellis central; a full record.
const AUTHORITATIVE: (u64, &str) = (
    1,
    "1,look:health-visiting,look:police-log,look:nursery-email,look:voicemail,1,\
     look:fill-gaps,1,look:who-met-ryan,1,1,1,look:ellis-day,look:if-fine,1,1,1,1,1,1",
);

/// Seed 4: Angela is rushed. A reassuring text, two records skimmed, the last visit note;
/// agree to step down; "things have settled"; "nothing that changes much"; "she deserves a
/// chance"; every incident explained; Marc kept out; step down; the good news.
const COLLUSIVE: (u64, &str) = (
    4,
    "2,look:health-visiting,look:nursery-email,2,2,1,2,4,2,2,2,1",
);

/// Seed 1: a harsh text; two records and a chronology; "disguised compliance"; "it's
/// obvious"; "fed up"; harm only; Marc as a lever; the ultimatum, delivered and held to.
const AUTHORITARIAN: (u64, &str) = (
    1,
    "3,look:police-log,look:nursery-email,1,3,4,3,3,3,3,1,2,1",
);

/// Seed 1: no reply to Tamsin; the inbox instead of the file; the file handed over; "come
/// back to that"; "I'm fine"; no view; "he can ring again"; review next month; a text.
const PASSIVE: (u64, &str) = (1, "4,3,4,3,2,4,4,4,1");

#[test]
fn a_chronology_named_feelings_and_two_hypotheses_are_authoritative_and_find_the_whole_jigsaw() {
    let (session, debrief) = play(ID, AUTHORITATIVE.0, AUTHORITATIVE.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::With));
    assert!(score(&debrief, "care") >= 70 && score(&debrief, "authority") >= 70);
    let curiosity = score(&debrief, "curiosity");
    assert!(curiosity >= 70, "curiosity {curiosity}");
    for (seed, script) in [COLLUSIVE, AUTHORITARIAN, PASSIVE] {
        let (_, other) = play(ID, seed, script);
        assert!(
            curiosity > score(&other, "curiosity") + 30,
            "{script}: curiosity {} against {curiosity}",
            score(&other, "curiosity")
        );
        assert!(found(&other).len() < found(&debrief).len());
    }
    let pieces = found(&debrief);
    for piece in [
        "tamsin-account",
        "ryan-history",
        "contact-stopped",
        "police-callouts",
        "nursery-notes",
        "spring-lip",
        "kingsmead-croup",
        "not-brought",
        "three-addresses",
        "marc-bruises",
    ] {
        assert!(pieces.contains(piece), "found {piece}: {pieces:?}");
    }
    assert_eq!(debrief.completeness, 100);
    assert!(
        debrief.signs_let_pass.is_empty(),
        "{:?}",
        debrief.signs_let_pass
    );
    assert!(meter(&session, "engagement") >= 6);
    assert_eq!(session.state.ending.as_deref(), Some("pieces-on-the-table"));
    assert_eq!(ending_kind(&debrief), EndingKind::Good);
}

#[test]
fn reassurance_keeps_tamsin_friendly_but_is_collusive_and_leaves_the_key_pieces_locked() {
    let (session, debrief) = play(ID, COLLUSIVE.0, COLLUSIVE.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::For));
    assert!(
        score(&debrief, "care") >= 60,
        "care {}",
        score(&debrief, "care")
    );
    assert!(score(&debrief, "authority") <= 20);
    assert!(score(&debrief, "curiosity") <= 30);
    // The relationship stays warm; nobody asks, so nothing more comes out.
    assert!(meter(&session, "engagement") >= 6);
    let pieces = found(&debrief);
    for piece in [
        "tamsin-account",
        "ryan-history",
        "contact-stopped",
        "police-callouts",
    ] {
        assert!(!pieces.contains(piece), "{piece} should stay locked");
    }
    assert!(debrief.completeness <= 30, "{}", debrief.completeness);
    assert!(
        debrief.signs_let_pass.len() >= 6,
        "{:?}",
        debrief.signs_let_pass
    );
    assert_eq!(session.state.ending.as_deref(), Some("closed-on-optimism"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_ultimatum_is_authoritarian_closes_tamsin_down_and_the_family_moves() {
    let (session, debrief) = play(ID, AUTHORITARIAN.0, AUTHORITARIAN.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::To));
    assert!(score(&debrief, "authority") >= 60);
    assert!(
        score(&debrief, "care") <= 20,
        "care {}",
        score(&debrief, "care")
    );
    assert!(meter(&session, "engagement") <= 2);
    // The question about home is never offered: what the authoritative path heard stays unsaid.
    assert!(!found(&debrief).contains("tamsin-account"));
    assert!(!session.state.visited.contains("tamsin-talks"));
    assert!(session.state.visited.contains("tamsin-closed"));
    assert_eq!(session.state.ending.as_deref(), Some("family-gone"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn a_worker_who_brings_nothing_to_supervision_is_passive_and_the_case_drifts() {
    let (session, debrief) = play(ID, PASSIVE.0, PASSIVE.1);
    assert_eq!(debrief.quadrant, Some(Quadrant::Not));
    assert!(score(&debrief, "care") <= 45 && score(&debrief, "authority") <= 40);
    assert!(debrief.path.iter().filter(|s| !s.observation).count() >= 8);
    assert_eq!(debrief.completeness, 0);
    assert_eq!(session.state.ending.as_deref(), Some("drift"));
    assert_eq!(ending_kind(&debrief), EndingKind::Poor);
}

#[test]
fn an_apology_that_keeps_the_concern_repairs_a_harsh_start_but_not_all_of_it() {
    // A harsh text first, then everything done well: the right question meets a closed door,
    // and the repair on the phone brings Tamsin back to a visit tomorrow, without her account.
    let (session, debrief) = play(
        ID,
        1,
        "3,look:health-visiting,look:police-log,look:nursery-email,look:voicemail,1,\
         look:fill-gaps,1,1,1,1,1,1,1,1,1,1",
    );
    assert!(session.state.visited.contains("tamsin-closed"));
    assert!(meter(&session, "engagement") >= 4);
    assert!(!session.state.flags.contains("tamsin-guarded"));
    assert!(!found(&debrief).contains("tamsin-account"));
    assert_eq!(session.state.ending.as_deref(), Some("shared-with-gaps"));
    assert_eq!(ending_kind(&debrief), EndingKind::Mixed);
}

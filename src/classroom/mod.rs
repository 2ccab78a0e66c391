//! Classroom mode: a facilitator plays a scenario with a room, which votes at each decision.
//!
//! [`tally`] holds the votes and how each decision was taken (the majority, a tie the
//! facilitator broke, or the facilitator's override); the engine's
//! [`Session`](crate::engine::Session) owns them, so a saved classroom session resumes with
//! its tallies and the debrief and reports can show the room's split. [`server`] is the
//! small HTTP server behind live voting from phones on the local network; it knows nothing
//! of scenarios beyond the text of the options it is given. Nothing here uses Bevy: the
//! app and the terminal are thin shells over it.

pub mod server;

/// The tallies, which the engine's session owns ([`crate::engine::votes`]).
pub use crate::engine::votes as tally;
pub use crate::engine::votes::{
    Classroom, Decided, Decision, Outcome, Tally, VoteError, parse_counts,
};

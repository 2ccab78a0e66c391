//! Jigsaw: a training simulator for people who protect children.
//!
//! This library is the plain-Rust core that the command line and the desktop app share:
//! the [`scenario`] model and its parser, the [`rubric`], the [`validate`]r, the path
//! [`explore`]r, the [`engine`] that plays a session, the [`debrief`] that scores it, and
//! the [`report`]s and learning records made from its transcript.
//! Nothing outside [`app`] (behind the `gui` feature) knows about Bevy.

pub mod analyze;
pub mod author;
pub mod classroom;
pub mod cli;
pub mod debrief;
pub mod diagnostic;
pub mod engine;
pub mod explore;
pub mod graph;
pub mod lsp;
pub mod plan;
pub mod progress;
pub mod report;
pub mod rubric;
pub mod scenario;
pub mod starter;
pub mod store;
pub mod validate;

#[cfg(feature = "gui")]
pub mod app;

//! `jigsaw play --classroom`: a facilitator runs a scenario with a room from the terminal.
//!
//! At each decision the facilitator types the room's votes for the options in the order
//! shown (`3,12,5`; counts left off the end are 0). The majority is taken after the
//! facilitator confirms it with Enter, or another option's number overrides it; a tie (or no
//! votes) asks which option the group takes. The tally is recorded in the session
//! ([`crate::classroom`]) exactly as the app records it, so the debrief, the saved progress
//! and the transcript carry it.

use std::io::{BufRead, Write};

use super::{Answer, PlayError, TerminalPlay, read_answer};
use crate::classroom::tally::{Outcome, outcome, total};
use crate::classroom::{Decided, parse_counts};
use crate::engine::{Input, Session};

/// Whether a typed answer is a tally: digits with commas or spaces between them.
pub(super) fn looks_like_counts(text: &str) -> bool {
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c.is_whitespace())
}

/// What the facilitator is told about typing votes.
pub(super) const VOTE_HINT: &str = "Type the room's votes for each option in order, e.g. `3,12,5` (counts left off the end are 0).";

impl TerminalPlay<'_> {
    /// Asks the facilitator for the group's name when none was given with `--group`.
    pub(super) fn ask_group(
        &self,
        input: &mut dyn BufRead,
        out: &mut dyn Write,
    ) -> Result<String, PlayError> {
        write!(
            out,
            "\nClassroom mode. The group's name (e.g. \"Team B, 3 March\"; it stands where a learner's name would): "
        )?;
        out.flush()?;
        let name = match read_answer(input)? {
            Some(Answer::Text(text)) => text.trim().chars().take(80).collect::<String>(),
            _ => String::new(),
        };
        Ok(if name.is_empty() {
            "Group".to_string()
        } else {
            name
        })
    }

    /// Takes the room's decision from typed counts. Returns `Ok(None)` when nothing was
    /// decided (a message says why), or the input applied.
    pub(super) fn vote(
        &self,
        session: &mut Session,
        typed: &str,
        input: &mut dyn BufRead,
        out: &mut dyn Write,
    ) -> Result<Option<Input>, PlayError> {
        let s = self.scenario;
        let offered = session.offered_choices(s);
        if offered.is_empty() {
            writeln!(out, "There is nothing to vote on here.")?;
            return Ok(None);
        }
        let counts = match parse_counts(typed, offered.len()) {
            Ok(counts) => counts,
            Err(message) => {
                writeln!(out, "{}", self.wrap(&format!("{message}. {VOTE_HINT}")))?;
                return Ok(None);
            }
        };
        let tally = match session.tally_of(s, &counts) {
            Ok(tally) => tally,
            Err(error) => {
                writeln!(out, "{error}")?;
                return Ok(None);
            }
        };
        let number_of = |choice: usize| offered.iter().position(|(i, _)| *i == choice);
        let all = total(&tally);
        let question = match outcome(&tally) {
            Outcome::Majority(choice) => {
                let n = number_of(choice).unwrap_or(0);
                format!(
                    "Most votes: {}) {} ({} of {all}). Press Enter to take it, or type another option's number to override the majority.",
                    n + 1,
                    offered[n].1.text.trim(),
                    counts[n]
                )
            }
            Outcome::Tie(tied) => {
                let numbers: Vec<String> = tied
                    .iter()
                    .filter_map(|c| number_of(*c))
                    .map(|n| (n + 1).to_string())
                    .collect();
                format!(
                    "A tie between options {}. Type the number of the option the group takes.",
                    numbers.join(" and ")
                )
            }
            Outcome::NoVotes => {
                "No votes were counted. Type the number of the option the group takes.".to_string()
            }
        };
        loop {
            writeln!(out, "{}", self.wrap(&question))?;
            write!(out, "> ")?;
            out.flush()?;
            let answer = match read_answer(input)? {
                None => {
                    writeln!(out, "\n(End of input: no decision taken.)")?;
                    return Ok(None);
                }
                Some(Answer::Text(text)) => text.trim().to_string(),
                Some(_) => {
                    writeln!(out, "That answer could not be read.")?;
                    continue;
                }
            };
            let pick = if answer.is_empty() {
                None
            } else {
                match answer.parse::<usize>() {
                    Ok(n) if (1..=offered.len()).contains(&n) => Some(offered[n - 1].0),
                    _ => {
                        writeln!(
                            out,
                            "Type an option's number, 1 to {}, or press Enter.",
                            offered.len()
                        )?;
                        continue;
                    }
                }
            };
            match session.decide(s, &tally, pick) {
                Ok(decided) => {
                    let chosen = match session.transcript.iter().rev().find_map(|step| match step {
                        crate::engine::Step::Chose { choice, .. } => Some(*choice),
                        _ => None,
                    }) {
                        Some(chosen) => chosen,
                        None => return Ok(None),
                    };
                    let how = match decided {
                        Decided::Majority => "The group takes the majority's choice.",
                        Decided::Tie => "The facilitator picked for the group.",
                        Decided::Override => {
                            "The facilitator overrode the majority (recorded in the debrief)."
                        }
                    };
                    writeln!(out, "{how}")?;
                    return Ok(Some(Input::Choose(chosen)));
                }
                Err(crate::classroom::VoteError::NeedsPick(_)) => {
                    writeln!(
                        out,
                        "The vote is tied: type the number of the option to take."
                    )?;
                }
                Err(error) => {
                    writeln!(out, "{error}")?;
                    return Ok(None);
                }
            }
        }
    }
}

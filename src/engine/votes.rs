//! Classroom mode's votes: the room's tally at each decision, and how the decision was
//! taken. They belong to the [`Session`], so they are saved and resumed with it (the vote
//! server and the app and terminal shells are in the `classroom` module).
//!
//! At a decision the room votes for the options on the projector, by a show of hands the
//! facilitator types in or from their phones. [`Session::decide`] takes the majority; a tie
//! (or no votes at all) needs the facilitator to pick, and the facilitator may override the
//! majority, which is recorded as such. Each [`Decision`] keeps the counts for every option
//! offered, so the debrief can say "14 of 20 chose \"Ring Tamsin\"; 6 chose \"Send a
//! letter\"". A [`Classroom`] belongs to the session and is saved with it.

use serde::{Deserialize, Serialize};

use super::{EngineError, Session, Step};
use crate::scenario::Scenario;

/// The most votes one option can be given (a room is far smaller; this keeps sums safe).
pub const MAX_VOTES: u32 = 10_000;

/// A session played by a group: its name and the tally of every decision taken so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classroom {
    /// The group's name, e.g. "Team B, 3 March"; it stands where a learner's name would.
    pub group: String,
    /// Every decision the room voted on, in order.
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

/// One decision the room voted on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Where the choice taken is in the session's transcript (its `Chose` step).
    pub step: usize,
    /// The scene the decision was taken in.
    pub scene: String,
    /// The votes for every option offered, in the order they were offered.
    pub votes: Vec<Tally>,
    /// The choice taken (its index in the scene's `choices` list).
    pub chosen: usize,
    /// How it was taken.
    pub decided: Decided,
}

/// Votes for one option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The choice's index in the scene's `choices` list, from 0.
    pub choice: usize,
    /// How many voted for it.
    pub votes: u32,
}

/// How a decision was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decided {
    /// The option with the most votes.
    Majority,
    /// The facilitator picked between the options tied for the most votes (or any option,
    /// when nobody voted).
    Tie,
    /// The facilitator took another option than the majority's.
    Override,
}

/// What a tally says before anyone picks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nobody voted.
    NoVotes,
    /// One option has the most votes.
    Majority(usize),
    /// These options share the most votes.
    Tie(Vec<usize>),
}

/// Why the room's decision could not be taken. The session is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VoteError {
    /// The session is not a classroom session.
    #[error("this session is not being run with a group")]
    NotClassroom,
    /// A tally or a pick names a choice that is not offered here.
    #[error("choice {0} is not offered here")]
    NotOffered(usize),
    /// The tally does not give a count for every option offered.
    #[error("the tally has {got} counts but {offered} options are offered")]
    WrongLength {
        /// Counts given.
        got: usize,
        /// Options offered.
        offered: usize,
    },
    /// The votes are tied (or there are none): the facilitator must pick.
    #[error("the vote is tied: the facilitator must pick one of the tied options")]
    NeedsPick(Vec<usize>),
    /// The engine refused the choice.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl Classroom {
    /// A classroom session for `group` with no votes yet.
    pub fn new(group: &str) -> Classroom {
        let group = group.trim();
        Classroom {
            group: if group.is_empty() { "Group" } else { group }.to_string(),
            decisions: Vec::new(),
        }
    }

    /// The decision recorded for the transcript's step `step`, if the room voted on it.
    pub fn decision_at(&self, step: usize) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.step == step)
    }

    /// This classroom's decisions that still match `session`'s transcript (after a resume
    /// replayed it): each one's step must be the same choice in the same scene.
    pub fn carried_over(&self, session: &Session) -> Classroom {
        let decisions = self
            .decisions
            .iter()
            .filter(|d| {
                matches!(
                    session.transcript.get(d.step),
                    Some(Step::Chose { scene, choice, .. }) if *scene == d.scene && *choice == d.chosen
                )
            })
            .cloned()
            .collect();
        Classroom {
            group: self.group.clone(),
            decisions,
        }
    }
}

/// What `votes` says: no votes, a majority, or a tie.
pub fn outcome(votes: &[Tally]) -> Outcome {
    let most = votes.iter().map(|t| t.votes).max().unwrap_or(0);
    if most == 0 {
        return Outcome::NoVotes;
    }
    let leaders: Vec<usize> = votes
        .iter()
        .filter(|t| t.votes == most)
        .map(|t| t.choice)
        .collect();
    match leaders.as_slice() {
        [one] => Outcome::Majority(*one),
        _ => Outcome::Tie(leaders),
    }
}

/// The total number of votes.
pub fn total(votes: &[Tally]) -> u32 {
    votes.iter().map(|t| t.votes).sum()
}

/// Parses typed counts such as `3,12,5` for `options` options in the order shown: commas
/// or spaces between counts; counts left off the end are 0, so `5` gives five votes to the
/// first option.
pub fn parse_counts(text: &str, options: usize) -> Result<Vec<u32>, String> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("type the number of votes for each option, e.g. `3,12,5`".to_string());
    }
    if parts.len() > options {
        return Err(format!(
            "{} counts were given but there are only {options} options",
            parts.len()
        ));
    }
    let mut counts = vec![0; options];
    for (slot, part) in counts.iter_mut().zip(&parts) {
        *slot = match part.parse::<u32>() {
            Ok(n) if n <= MAX_VOTES => n,
            Ok(_) => return Err(format!("{part} votes is more than a room can hold")),
            Err(_) => {
                return Err(format!(
                    "`{}` is not a number of votes",
                    part.chars().take(20).collect::<String>()
                ));
            }
        };
    }
    Ok(counts)
}

impl Session {
    /// Makes this a classroom session run with `group`.
    pub fn run_with_group(&mut self, group: &str) {
        self.classroom = Some(Classroom::new(group));
    }

    /// The tally for the options offered now, from counts in the order they are shown.
    pub fn tally_of(&self, scenario: &Scenario, counts: &[u32]) -> Result<Vec<Tally>, VoteError> {
        let offered = self.offered_choices(scenario);
        if counts.len() != offered.len() {
            return Err(VoteError::WrongLength {
                got: counts.len(),
                offered: offered.len(),
            });
        }
        Ok(offered
            .iter()
            .zip(counts)
            .map(|((choice, _), votes)| Tally {
                choice: *choice,
                votes: (*votes).min(MAX_VOTES),
            })
            .collect())
    }

    /// Takes the room's decision: the majority of `votes` (one count for every option
    /// offered), or `pick` (a choice index in the scene's list) when the facilitator picks
    /// after a tie or overrides the majority. Records the tally and how the decision was
    /// taken, then takes the choice. On error nothing changes.
    pub fn decide(
        &mut self,
        scenario: &Scenario,
        votes: &[Tally],
        pick: Option<usize>,
    ) -> Result<Decided, VoteError> {
        if self.classroom.is_none() {
            return Err(VoteError::NotClassroom);
        }
        let offered: Vec<usize> = self
            .offered_choices(scenario)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        if votes.len() != offered.len() {
            return Err(VoteError::WrongLength {
                got: votes.len(),
                offered: offered.len(),
            });
        }
        if let Some(bad) = votes.iter().find(|t| !offered.contains(&t.choice)) {
            return Err(VoteError::NotOffered(bad.choice));
        }
        if let Some(pick) = pick.filter(|p| !offered.contains(p)) {
            return Err(VoteError::NotOffered(pick));
        }
        let (chosen, decided) = match (outcome(votes), pick) {
            (Outcome::Majority(m), None) => (m, Decided::Majority),
            (Outcome::Majority(m), Some(p)) if p == m => (m, Decided::Majority),
            (Outcome::Majority(_), Some(p)) => (p, Decided::Override),
            (Outcome::Tie(tied), Some(p)) if tied.contains(&p) => (p, Decided::Tie),
            (Outcome::Tie(_), Some(p)) => (p, Decided::Override),
            (Outcome::NoVotes, Some(p)) => (p, Decided::Tie),
            (Outcome::Tie(tied), None) => return Err(VoteError::NeedsPick(tied)),
            (Outcome::NoVotes, None) => return Err(VoteError::NeedsPick(offered)),
        };
        let scene = self.state.scene.clone();
        let step = self.transcript.len();
        self.choose(scenario, chosen)?;
        if let Some(classroom) = self.classroom.as_mut() {
            classroom.decisions.push(Decision {
                step,
                scene,
                votes: votes.to_vec(),
                chosen,
                decided,
            });
        }
        Ok(decided)
    }
}

/// One decision's votes as the debrief shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoteSummary {
    /// The scene the decision was taken in.
    pub scene: String,
    /// How many voted.
    pub total: u32,
    /// Every option offered: its text, its votes and whether it was taken.
    pub options: Vec<OptionVotes>,
    /// How the decision was taken.
    pub decided: Decided,
    /// The split in words, e.g. `14 of 20 chose "Ring Tamsin"; 6 chose "Send a letter".`
    pub sentence: String,
}

/// One option's votes at a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionVotes {
    /// The choice's index in the scene's `choices` list, from 0.
    pub choice: usize,
    /// Its text.
    pub text: String,
    /// How many voted for it.
    pub votes: u32,
    /// Whether it was the choice taken.
    pub taken: bool,
}

impl VoteSummary {
    /// The summary of `decision`, with the choices' text from `scenario`.
    pub fn of(scenario: &Scenario, decision: &Decision) -> VoteSummary {
        let text_of = |choice: usize| {
            scenario
                .scene(&decision.scene)
                .and_then(|s| s.choices.get(choice))
                .map(|c| c.text.trim().to_string())
                .unwrap_or_else(|| format!("choice {}", choice + 1))
        };
        let options: Vec<OptionVotes> = decision
            .votes
            .iter()
            .map(|t| OptionVotes {
                choice: t.choice,
                text: text_of(t.choice),
                votes: t.votes,
                taken: t.choice == decision.chosen,
            })
            .collect();
        let total = total(&decision.votes);
        // A choice's closing full stop is left out inside the quotes of the sentence.
        let quote = |text: &str| format!("\u{201c}{}\u{201d}", text.trim_end_matches('.'));
        let mut sentence = if total == 0 {
            "Nobody voted.".to_string()
        } else {
            let mut by_votes: Vec<&OptionVotes> = options.iter().filter(|o| o.votes > 0).collect();
            by_votes.sort_by_key(|o| std::cmp::Reverse(o.votes));
            let parts: Vec<String> = by_votes
                .iter()
                .enumerate()
                .map(|(n, o)| {
                    if n == 0 {
                        format!("{} of {total} chose {}", o.votes, quote(&o.text))
                    } else {
                        format!("{} chose {}", o.votes, quote(&o.text))
                    }
                })
                .collect();
            format!("{}.", parts.join("; "))
        };
        let taken = quote(&text_of(decision.chosen));
        match decision.decided {
            Decided::Majority => {}
            Decided::Tie if total == 0 => {
                sentence.push_str(&format!(" The facilitator chose {taken}."));
            }
            Decided::Tie => sentence.push_str(&format!(" A tie: the facilitator chose {taken}.")),
            Decided::Override => sentence.push_str(&format!(
                " The facilitator overrode the majority and took {taken}."
            )),
        }
        VoteSummary {
            scene: decision.scene.clone(),
            total,
            options,
            decided: decision.decided,
            sentence,
        }
    }
}

//! The engine: plays one learner's session through a scenario.
//!
//! A [`Session`] holds the seed, the story's [`Story`] (scene, meters, flags, pieces found,
//! scenes visited, the in-game clock), the running score per dimension, and a
//! [`Transcript`](Step) of every step. It offers the choices and observations whose
//! conditions hold and applies what the learner picks. Random next-scenes are drawn from a
//! generator seeded by the session's seed and the number of choices taken, so the same scenario, seed
//! and inputs always give the same transcript, and a saved session resumes exactly. The
//! path explorer uses the same [`Story`] transitions, so what the validator and the scoring
//! bounds see is what a learner can do.

pub mod votes;

use std::collections::{BTreeMap, BTreeSet};

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::scenario::{Choice, Condition, Meter, Observation, Scenario, Scene};

/// Why an input could not be applied. The session is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The scenario has no scene to start in.
    #[error("the scenario has no start scene")]
    NoStart,
    /// The session has reached an ending.
    #[error("the scenario has ended")]
    Finished,
    /// The session's scene is not in this version of the scenario.
    #[error("scene `{0}` is not in the scenario")]
    UnknownScene(String),
    /// No offered choice has that index.
    #[error("there is no choice {0} here")]
    NoSuchChoice(usize),
    /// No offered observation has that id.
    #[error("there is nothing called `{0}` to look at here")]
    NoSuchObservation(String),
    /// The choice leads nowhere (a scenario the validator would reject).
    #[error("this choice leads nowhere")]
    LeadsNowhere,
    /// A jump named a flag, piece or meter the scenario does not have.
    #[error("the scenario has no {0} `{1}`")]
    NotInScenario(String, String),
}

/// What the learner does at one step.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Input {
    /// Take the choice at this index in the scene's `choices` list (0-based, as written in
    /// the file, whether or not earlier choices are offered).
    Choose(usize),
    /// Make the observation with this id.
    Observe(String),
}

/// The story so far: where the learner is and everything conditions can look at (not
/// `State`, which is Bevy's word for the app's screens).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Story {
    /// The current scene, or the ending once the session is over.
    pub scene: String,
    /// Set when the session has reached an ending.
    pub ending: Option<String>,
    /// Meter values.
    pub meters: BTreeMap<String, i32>,
    /// Flags that are set.
    pub flags: BTreeSet<String>,
    /// Pieces found.
    pub found: BTreeSet<String>,
    /// Scenes shown so far (including the current one).
    pub visited: BTreeSet<String>,
    /// Observations made during the current visit to this scene.
    pub observed: BTreeSet<String>,
    /// In-game minutes since midnight of day one.
    pub clock: u32,
}

/// The changes one choice or observation makes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effects {
    /// Score change per dimension (non-zero entries only).
    pub score: BTreeMap<String, i32>,
    /// Pieces newly found (already-found pieces are not repeated).
    pub revealed: Vec<String>,
    /// Minutes the step took.
    pub minutes: u32,
}

impl Story {
    /// The state at the start of a scenario.
    pub fn start(scenario: &Scenario) -> Result<Story, EngineError> {
        let scene = scenario.start_scene().ok_or(EngineError::NoStart)?;
        Ok(Story {
            scene: scene.id.value.clone(),
            ending: None,
            meters: scenario
                .meters
                .iter()
                .map(|m| (m.id.value.clone(), m.start.clamp(m.min, m.max.max(m.min))))
                .collect(),
            flags: BTreeSet::new(),
            found: BTreeSet::new(),
            visited: BTreeSet::from([scene.id.value.clone()]),
            observed: BTreeSet::new(),
            clock: scenario.start_minute().unwrap_or(9 * 60),
        })
    }

    /// Whether the state is at an ending.
    pub fn is_finished(&self) -> bool {
        self.ending.is_some()
    }

    /// The current scene, if the session is not over.
    pub fn current_scene<'a>(&self, scenario: &'a Scenario) -> Option<&'a Scene> {
        if self.is_finished() {
            None
        } else {
            scenario.scene(&self.scene)
        }
    }

    /// The meters the scenario shows to the learner, with their values now.
    pub fn shown_meters<'a>(&self, scenario: &'a Scenario) -> Vec<(&'a Meter, i32)> {
        scenario
            .meters
            .iter()
            .map(|m| &m.value)
            .filter(|m| m.shown)
            .map(|m| (m, self.meters.get(&m.id.value).copied().unwrap_or(m.start)))
            .collect()
    }

    /// Whether `condition` holds in this state.
    pub fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::Flag(f) => self.flags.contains(&f.value),
            Condition::NotFlag(f) => !self.flags.contains(&f.value),
            Condition::Found(p) => self.found.contains(&p.value),
            Condition::NotFound(p) => !self.found.contains(&p.value),
            Condition::AtLeast(m, v) => self.meters.get(&m.value).is_some_and(|x| x >= v),
            Condition::Below(m, v) => self.meters.get(&m.value).is_some_and(|x| x < v),
            Condition::Visited(s) => self.visited.contains(&s.value),
            Condition::NotVisited(s) => !self.visited.contains(&s.value),
            Condition::All(all) => all.iter().all(|c| self.holds(c)),
            Condition::Any(any) => any.iter().any(|c| self.holds(c)),
            Condition::Not(c) => !self.holds(c),
        }
    }

    /// The choices offered now, with their index in the scene's `choices` list.
    pub fn offered_choices<'a>(&self, scenario: &'a Scenario) -> Vec<(usize, &'a Choice)> {
        let Some(scene) = self.current_scene(scenario) else {
            return Vec::new();
        };
        scene
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.when.as_ref().is_none_or(|w| self.holds(w)))
            .map(|(i, c)| (i, &c.value))
            .collect()
    }

    /// The observations offered now: not yet made on this visit, and whose condition holds.
    pub fn offered_observations<'a>(&self, scenario: &'a Scenario) -> Vec<&'a Observation> {
        let Some(scene) = self.current_scene(scenario) else {
            return Vec::new();
        };
        scene
            .observations
            .iter()
            .map(|o| &o.value)
            .filter(|o| !self.observed.contains(&o.id.value))
            .filter(|o| o.when.as_ref().is_none_or(|w| self.holds(w)))
            .collect()
    }

    fn apply_common(
        &mut self,
        scenario: &Scenario,
        score: &BTreeMap<String, i32>,
        meters: &BTreeMap<String, i32>,
        reveals: &[crate::scenario::Id],
        set: &[crate::scenario::Id],
        minutes: u32,
    ) -> Effects {
        for (id, delta) in meters {
            if let (Some(value), Some(meter)) = (self.meters.get_mut(id), scenario.meter(id)) {
                *value = value
                    .saturating_add(*delta)
                    .clamp(meter.min, meter.max.max(meter.min));
            }
        }
        self.flags.extend(set.iter().map(|f| f.value.clone()));
        let mut revealed = Vec::new();
        for piece in reveals {
            if self.found.insert(piece.value.clone()) {
                revealed.push(piece.value.clone());
            }
        }
        self.clock = self.clock.saturating_add(minutes);
        Effects {
            score: score
                .iter()
                .filter(|(_, v)| **v != 0)
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            revealed,
            minutes,
        }
    }

    /// Makes an observation: the state afterwards and what it changed.
    pub fn observe(&mut self, scenario: &Scenario, observation: &Observation) -> Effects {
        self.observed.insert(observation.id.value.clone());
        self.apply_common(
            scenario,
            &observation.score,
            &observation.meters,
            &observation.reveals,
            &observation.set,
            observation.minutes,
        )
    }

    /// Takes a choice and moves to `target` (a scene or an ending).
    pub fn choose(&mut self, scenario: &Scenario, choice: &Choice, target: &str) -> Effects {
        let effects = self.apply_common(
            scenario,
            &choice.score,
            &choice.meters,
            &choice.reveals,
            &choice.set,
            choice.minutes,
        );
        for flag in &choice.unset {
            self.flags.remove(&flag.value);
        }
        self.enter(scenario, target);
        effects
    }

    /// Moves to a scene or ending.
    fn enter(&mut self, scenario: &Scenario, target: &str) {
        self.scene = target.to_string();
        self.observed.clear();
        if scenario.ending(target).is_some() && scenario.scene(target).is_none() {
            self.ending = Some(target.to_string());
        } else {
            self.visited.insert(target.to_string());
        }
    }
}

/// One step of a session, as the transcript records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// A scene was shown.
    Scene {
        /// The scene's id.
        scene: String,
        /// The in-game clock when it was shown.
        clock: u32,
    },
    /// The learner made an observation.
    Observed {
        /// The scene it was made in.
        scene: String,
        /// The observation's id.
        observation: String,
        /// What it changed.
        effects: Effects,
        /// The in-game clock afterwards.
        clock: u32,
    },
    /// The learner took a choice.
    Chose {
        /// The scene it was taken in.
        scene: String,
        /// Its index in the scene's `choices` list.
        choice: usize,
        /// Its text, as the learner saw it.
        text: String,
        /// What it changed.
        effects: Effects,
        /// The scene or ending it led to.
        next: String,
        /// The in-game clock afterwards.
        clock: u32,
    },
    /// The session reached an ending.
    Ended {
        /// The ending's id.
        ending: String,
        /// The in-game clock at the end.
        clock: u32,
    },
}

/// One learner's run through a scenario: serialisable, resumable, reproducible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The scenario's id.
    pub scenario_id: String,
    /// The scenario's version when the session started.
    pub scenario_version: u32,
    /// The seed that decides random next-scenes.
    pub seed: u64,
    /// The story's state now.
    pub state: Story,
    /// Running total per dimension.
    pub totals: BTreeMap<String, i32>,
    /// Every input applied, in order; replaying them reproduces the session.
    pub inputs: Vec<Input>,
    /// Everything that happened, in order.
    pub transcript: Vec<Step>,
    /// Where an author jumped the session to (the app's author mode) instead of playing
    /// it from the start; replays then begin there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jump: Option<Jump>,
    /// The choices whose story a time limit moved on (scenarios with time pressure).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_outs: Vec<TimeOut>,
    /// In classroom mode: the group and the room's tally at every decision (see
    /// [`votes`]); saved with the session so a resumed session keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classroom: Option<votes::Classroom>,
}

/// Which time limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeScope {
    /// The scenario's budget, counted from the start.
    Scenario,
    /// The scene's budget, counted from entering it.
    Scene,
}

/// A choice whose story a time limit moved on: its effects counted, but the story went to
/// the limit's `then` instead of where the choice leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOut {
    /// The choice's position in the transcript.
    pub step: usize,
    /// The scene the choice was taken in.
    pub scene: String,
    /// Which budget ran out.
    pub scope: TimeScope,
    /// Where the choice would have led.
    pub instead_of: String,
    /// Where the story went.
    pub then: String,
}

/// The time left on the tightest limit in force, for the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeLeft {
    /// Minutes left (zero or less: time is up, and the next choice moves the story on).
    pub minutes: i64,
    /// The budget it is counted against.
    pub budget: i64,
    /// Which budget.
    pub scope: TimeScope,
}

/// A session started part-way through a scenario, in a state the author chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jump {
    /// The scene jumped to.
    pub scene: String,
    /// The scenes counted as already shown before it (the path so far when jumping).
    pub path: Vec<String>,
    /// Flags set.
    pub flags: BTreeSet<String>,
    /// Pieces found.
    pub found: BTreeSet<String>,
    /// Meter values (missing meters start at their start value; all are kept in range).
    pub meters: BTreeMap<String, i32>,
}

impl Session {
    /// Starts a session at the scenario's first scene.
    pub fn start(scenario: &Scenario, seed: u64) -> Result<Session, EngineError> {
        Ok(Session::in_state(
            scenario,
            seed,
            Story::start(scenario)?,
            None,
        ))
    }

    /// A session that begins in `state`, with nothing yet done and scores at zero.
    fn in_state(scenario: &Scenario, seed: u64, state: Story, jump: Option<Jump>) -> Session {
        let transcript = vec![Step::Scene {
            scene: state.scene.clone(),
            clock: state.clock,
        }];
        Session {
            scenario_id: scenario.id.value.clone(),
            scenario_version: scenario.version,
            seed,
            state,
            totals: BTreeMap::new(),
            inputs: Vec::new(),
            transcript,
            jump,
            time_outs: Vec::new(),
            classroom: None,
        }
    }

    /// Starts a session at `jump.scene` in the state the jump describes, for an author
    /// trying a scene without playing up to it. Unknown flags, pieces and meters are
    /// refused rather than silently dropped, so the state is one the scenario could hold;
    /// meters are kept within their range. Scores start at zero.
    pub fn jump(scenario: &Scenario, seed: u64, jump: Jump) -> Result<Session, EngineError> {
        let mut state = Story::start(scenario)?;
        if scenario.scene(&jump.scene).is_none() {
            return Err(EngineError::UnknownScene(jump.scene.clone()));
        }
        let unknown =
            |what: &str, id: &str| EngineError::NotInScenario(what.to_string(), id.to_string());
        for flag in &jump.flags {
            if !scenario.flags.iter().any(|f| f.value == *flag) {
                return Err(unknown("flag", flag));
            }
        }
        for piece in &jump.found {
            if !scenario.pieces.iter().any(|p| p.id.value == *piece) {
                return Err(unknown("piece", piece));
            }
        }
        for (id, value) in &jump.meters {
            let meter = scenario.meter(id).ok_or_else(|| unknown("meter", id))?;
            state.meters.insert(
                id.clone(),
                (*value).clamp(meter.min, meter.max.max(meter.min)),
            );
        }
        for scene in &jump.path {
            if scenario.scene(scene).is_none() {
                return Err(EngineError::UnknownScene(scene.clone()));
            }
        }
        state.scene = jump.scene.clone();
        state.flags = jump.flags.clone();
        state.found = jump.found.clone();
        state.visited = jump.path.iter().cloned().collect();
        state.visited.insert(jump.scene.clone());
        Ok(Session::in_state(scenario, seed, state, Some(jump)))
    }

    /// Rebuilds a session by replaying `inputs` from the start.
    pub fn replay(
        scenario: &Scenario,
        seed: u64,
        inputs: &[Input],
    ) -> Result<Session, EngineError> {
        let mut session = Session::start(scenario, seed)?;
        for input in inputs {
            session.apply(scenario, input)?;
        }
        Ok(session)
    }

    /// Resumes a saved session on `scenario` as it is now, by replaying its inputs. It
    /// carries on only if the scene (or ending) it was in still exists and the replay
    /// arrives there; after an edit that renamed or removed it, it is refused rather than
    /// carried on silently somewhere else.
    pub fn resume(scenario: &Scenario, saved: &Session) -> Result<Session, EngineError> {
        let place = &saved.state.scene;
        let exists = if saved.state.is_finished() {
            scenario.ending(place).is_some()
        } else {
            scenario.scene(place).is_some()
        };
        if !exists {
            return Err(EngineError::UnknownScene(place.clone()));
        }
        let mut session = match &saved.jump {
            Some(jump) => {
                let mut session = Session::jump(scenario, saved.seed, jump.clone())?;
                for input in &saved.inputs {
                    session.apply(scenario, input)?;
                }
                session
            }
            None => Session::replay(scenario, saved.seed, &saved.inputs)?,
        };
        if session.state.scene != *place {
            return Err(EngineError::UnknownScene(place.clone()));
        }
        session.classroom = saved.classroom.as_ref().map(|c| c.carried_over(&session));
        Ok(session)
    }

    /// Plays scripted steps (as `jigsaw play --inputs` takes them) from the start.
    pub fn play_script(
        scenario: &Scenario,
        seed: u64,
        steps: &[Scripted],
    ) -> Result<Session, EngineError> {
        let mut session = Session::start(scenario, seed)?;
        for step in steps {
            let input = session.resolve(scenario, step)?;
            session.apply(scenario, &input)?;
        }
        Ok(session)
    }

    /// Whether the session has reached an ending.
    pub fn is_finished(&self) -> bool {
        self.state.is_finished()
    }

    /// The current scene, if the session is not over.
    pub fn current_scene<'a>(&self, scenario: &'a Scenario) -> Option<&'a Scene> {
        self.state.current_scene(scenario)
    }

    /// The choices offered now, with their index in the scene's `choices` list.
    pub fn offered_choices<'a>(&self, scenario: &'a Scenario) -> Vec<(usize, &'a Choice)> {
        self.state.offered_choices(scenario)
    }

    /// The observations offered now.
    pub fn offered_observations<'a>(&self, scenario: &'a Scenario) -> Vec<&'a Observation> {
        self.state.offered_observations(scenario)
    }

    /// How many scenes (and endings) have been shown so far: the number of the visit the
    /// learner is on, from 1. It changes exactly when a new scene arrives, so a front end
    /// shows a scene once per arrival and ignores keys meant for the one before.
    pub fn visit_number(&self) -> usize {
        self.transcript
            .iter()
            .filter(|s| matches!(s, Step::Scene { .. } | Step::Ended { .. }))
            .count()
    }

    /// The observations made since the learner arrived in the current scene, in order.
    pub fn observations_this_visit<'a>(&self, scenario: &'a Scenario) -> Vec<&'a Observation> {
        let mut made: Vec<&Observation> = self
            .transcript
            .iter()
            .rev()
            .map_while(|step| match step {
                Step::Observed {
                    scene, observation, ..
                } => Some((scene, observation)),
                _ => None,
            })
            .filter_map(|(scene, observation)| scenario.scene(scene)?.observation(observation))
            .collect();
        made.reverse();
        made
    }

    /// What the learner's last step (a choice or an observation) changed.
    pub fn last_effects(&self) -> Option<&Effects> {
        self.transcript.iter().rev().find_map(|step| match step {
            Step::Chose { effects, .. } | Step::Observed { effects, .. } => Some(effects),
            _ => None,
        })
    }

    /// The `reply` of the choice that led to the current scene or ending, shown for as
    /// long as the learner is there.
    pub fn reply<'a>(&self, scenario: &'a Scenario) -> Option<&'a str> {
        let mut steps = self
            .transcript
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, s)| !matches!(s, Step::Observed { .. }));
        steps.next()?; // the current scene or ending
        let (at, step) = steps.next()?;
        if self.time_outs.iter().any(|t| t.step == at) {
            return None; // the time ran out: the reply would not follow
        }
        match step {
            Step::Chose { scene, choice, .. } => scenario
                .scene(scene)?
                .choices
                .get(*choice)?
                .reply
                .as_deref(),
            _ => None,
        }
    }

    /// Applies one input. On error the session is unchanged.
    pub fn apply(&mut self, scenario: &Scenario, input: &Input) -> Result<(), EngineError> {
        match input {
            Input::Choose(index) => self.choose(scenario, *index),
            Input::Observe(id) => self.observe(scenario, id),
        }
    }

    /// Takes the choice at `index` in the scene's `choices` list, if it is offered.
    pub fn choose(&mut self, scenario: &Scenario, index: usize) -> Result<(), EngineError> {
        self.check_playable(scenario)?;
        let choice = self
            .offered_choices(scenario)
            .into_iter()
            .find(|(i, _)| *i == index)
            .map(|(_, c)| c)
            .ok_or(EngineError::NoSuchChoice(index))?;
        let picked = self.pick_target(choice)?;
        let scene = self.state.scene.clone();
        let time_out = self.runs_out(scenario, choice.minutes);
        let target = match time_out {
            Some((scope, ref then)) => {
                self.time_outs.push(TimeOut {
                    step: self.transcript.len(),
                    scene: scene.clone(),
                    scope,
                    instead_of: picked,
                    then: then.clone(),
                });
                then.clone()
            }
            None => picked,
        };
        let effects = self.state.choose(scenario, choice, &target);
        self.add_totals(&effects);
        self.inputs.push(Input::Choose(index));
        self.transcript.push(Step::Chose {
            scene,
            choice: index,
            text: choice.text.clone(),
            effects,
            next: target.clone(),
            clock: self.state.clock,
        });
        self.transcript.push(match &self.state.ending {
            Some(ending) => Step::Ended {
                ending: ending.clone(),
                clock: self.state.clock,
            },
            None => Step::Scene {
                scene: target,
                clock: self.state.clock,
            },
        });
        Ok(())
    }

    /// Makes the observation with this id, if it is offered.
    pub fn observe(&mut self, scenario: &Scenario, id: &str) -> Result<(), EngineError> {
        self.check_playable(scenario)?;
        let observation = self
            .offered_observations(scenario)
            .into_iter()
            .find(|o| o.id.value == id)
            .ok_or_else(|| EngineError::NoSuchObservation(id.to_string()))?;
        let effects = self.state.observe(scenario, observation);
        self.add_totals(&effects);
        self.inputs.push(Input::Observe(id.to_string()));
        self.transcript.push(Step::Observed {
            scene: self.state.scene.clone(),
            observation: id.to_string(),
            effects,
            clock: self.state.clock,
        });
        Ok(())
    }

    /// Moves the session onto a new version of its scenario (after an author's edit),
    /// keeping everything learned so far. Returns `false`, leaving the session as it was,
    /// when the current scene no longer exists.
    pub fn adopt(&mut self, scenario: &Scenario) -> bool {
        let still_there = if self.state.is_finished() {
            scenario.ending(&self.state.scene).is_some()
        } else {
            scenario.scene(&self.state.scene).is_some()
        };
        if still_there {
            self.scenario_version = scenario.version;
            // Meters added by the edit start at their start value; removed ones are dropped.
            let mut meters = BTreeMap::new();
            for meter in &scenario.meters {
                let value = self
                    .state
                    .meters
                    .get(&meter.id.value)
                    .copied()
                    .unwrap_or(meter.start);
                meters.insert(meter.id.value.clone(), value);
            }
            self.state.meters = meters;
        }
        still_there
    }

    /// The in-game clock when the session began (at the start, or at a jump).
    pub fn started_at(&self) -> u32 {
        match self.transcript.first() {
            Some(Step::Scene { clock, .. }) => *clock,
            _ => self.state.clock,
        }
    }

    /// The in-game clock when the learner entered the current scene.
    pub fn entered_at(&self) -> u32 {
        self.transcript
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Scene { clock, .. } => Some(*clock),
                _ => None,
            })
            .unwrap_or(self.state.clock)
    }

    /// The time limits in force now, each with the minutes used against it so far.
    fn limits_in_force<'a>(
        &self,
        scenario: &'a Scenario,
    ) -> Vec<(TimeScope, &'a crate::scenario::TimeLimit, i64)> {
        let mut limits = Vec::new();
        let Some(scene) = self.current_scene(scenario) else {
            return limits;
        };
        let now = i64::from(self.state.clock);
        // A limit has nowhere to move the story from its own `then` scene.
        let elsewhere = |limit: &crate::scenario::TimeLimit| limit.then.value != scene.id.value;
        if let Some(limit) = scene.time_limit.as_ref().filter(|l| elsewhere(l)) {
            limits.push((
                TimeScope::Scene,
                &limit.value,
                now - i64::from(self.entered_at()),
            ));
        }
        let spent = self
            .time_outs
            .iter()
            .any(|t| t.scope == TimeScope::Scenario);
        let scenario_limit = scenario.time_limit.as_ref().filter(|l| elsewhere(l));
        if let (Some(limit), false) = (scenario_limit, spent) {
            limits.push((
                TimeScope::Scenario,
                &limit.value,
                now - i64::from(self.started_at()),
            ));
        }
        limits
    }

    /// The time left on the tightest limit in force, if the scenario or scene sets one.
    pub fn time_left(&self, scenario: &Scenario) -> Option<TimeLeft> {
        self.limits_in_force(scenario)
            .into_iter()
            .map(|(scope, limit, used)| TimeLeft {
                minutes: limit.minutes - used,
                budget: limit.minutes,
                scope,
            })
            .min_by_key(|t| t.minutes)
    }

    /// Whether a choice taking `minutes` uses up a limit in force, and where the story
    /// then goes (the scene's limit first).
    fn runs_out(&self, scenario: &Scenario, minutes: u32) -> Option<(TimeScope, String)> {
        let minutes = i64::from(minutes);
        self.limits_in_force(scenario)
            .into_iter()
            .find(|(_, limit, used)| limit.minutes > 0 && used + minutes >= limit.minutes)
            .map(|(scope, limit, _)| (scope, limit.then.value.clone()))
    }

    fn check_playable(&self, scenario: &Scenario) -> Result<(), EngineError> {
        if self.is_finished() {
            return Err(EngineError::Finished);
        }
        if scenario.scene(&self.state.scene).is_none() {
            return Err(EngineError::UnknownScene(self.state.scene.clone()));
        }
        Ok(())
    }

    fn add_totals(&mut self, effects: &Effects) {
        for (dimension, delta) in &effects.score {
            let total = self.totals.entry(dimension.clone()).or_default();
            *total = total.saturating_add(*delta);
        }
    }

    /// The next scene: `next`, or a weighted pick drawn from the seed and the number of
    /// choices taken so far.
    fn pick_target(&self, choice: &Choice) -> Result<String, EngineError> {
        if let Some(next) = &choice.next {
            return Ok(next.value.clone());
        }
        let options = choice
            .random
            .as_ref()
            .map(|r| r.value.as_slice())
            .unwrap_or_default();
        let total: u64 = options.iter().map(|(_, w)| u64::from(*w)).sum();
        if total == 0 {
            return Err(EngineError::LeadsNowhere);
        }
        // Seeded by the number of choices taken so far, not all inputs, so looking around
        // first does not change which way a random pick goes.
        let step = self
            .inputs
            .iter()
            .filter(|i| matches!(i, Input::Choose(_)))
            .count() as u64;
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(
            self.seed ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let mut roll = rng.random_range(0..total);
        for (id, weight) in options {
            let weight = u64::from(*weight);
            if roll < weight {
                return Ok(id.value.clone());
            }
            roll -= weight;
        }
        Err(EngineError::LeadsNowhere)
    }
}

/// One step of a scripted run, as typed on the command line: a choice by the number the
/// learner sees (1 = the first choice offered), or `look:<observation id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scripted {
    /// Pick the n-th offered choice (1-based).
    Pick(usize),
    /// Make the observation with this id.
    Look(String),
}

/// Parses a script such as `2,look:hallway,1` (commas or whitespace between steps).
pub fn parse_script(text: &str) -> Result<Vec<Scripted>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|step| {
            if let Some(id) = step.strip_prefix("look:") {
                if id.is_empty() {
                    Err("`look:` needs an observation id, e.g. `look:hallway`".to_string())
                } else {
                    Ok(Scripted::Look(id.to_string()))
                }
            } else {
                match step.parse::<usize>() {
                    Ok(n) if n >= 1 => Ok(Scripted::Pick(n)),
                    _ => Err(format!(
                        "`{step}` is not a step: use a choice number (1, 2, ...) or `look:<id>`"
                    )),
                }
            }
        })
        .collect()
}

impl Session {
    /// The input a scripted step stands for now: the n-th offered choice, or an observation.
    pub fn resolve(&self, scenario: &Scenario, step: &Scripted) -> Result<Input, EngineError> {
        match step {
            Scripted::Pick(n) => self
                .offered_choices(scenario)
                .get(n.wrapping_sub(1))
                .map(|(index, _)| Input::Choose(*index))
                .ok_or(EngineError::NoSuchChoice(*n)),
            Scripted::Look(id) => Ok(Input::Observe(id.clone())),
        }
    }
}

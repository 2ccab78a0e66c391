//! The learner's session, held in a resource and changed only through [`Action`] messages.
//!
//! The screens (and autoplay) write actions; [`apply_actions`] applies them through the
//! core's [`Session`] and moves between [`Screen`]s. When a scenario file is edited while it
//! is being played, the session adopts the new version if its current scene still exists
//! ([`Session::adopt`]) and otherwise carries on with the version it started with.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;

use super::launch::Launch;
use super::scenarios::{Library, Playable, ScenarioChanged};
use super::{Screen, SessionSet};
use crate::debrief::Debrief;
use crate::engine::Session;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Sitting>()
        .add_message::<Action>()
        .add_systems(
            Update,
            (open_on_launch, apply_actions, adopt_edits)
                .chain()
                .in_set(SessionSet),
        );
}

/// Something the learner does. The screens send these; [`apply_actions`] applies them.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open a scenario's pre-brief (by its file, as the library shows it).
    Open(PathBuf),
    /// Start the opened scenario.
    Start,
    /// Carry on the scenario in this file where the learner left off (its autosave; see
    /// [`super::self_paced`]).
    CarryOn(PathBuf),
    /// Show the learner's progress over their attempts.
    ShowProgress,
    /// Start the opened scenario in classroom mode, run with this group (see
    /// [`super::classroom`]).
    StartWithGroup(String),
    /// Take the choice with this index in the scene's `choices` list.
    Choose(usize),
    /// Make the observation with this id.
    Observe(String),
    /// Pause the session.
    Pause,
    /// Carry on after pausing or after being asked whether to leave.
    Resume,
    /// Ask to leave the scenario (the app asks for confirmation).
    AskToLeave,
    /// Leave the scenario for the library, confirmed.
    Leave,
    /// Stop playing and see the debrief of what was done so far, confirmed.
    EndEarly,
    /// See the debrief (after an ending).
    ShowDebrief,
    /// Start the same scenario again from its pre-brief.
    PlayAgain,
    /// Go back to the library.
    BackToLibrary,
    /// Save a report of the finished session in this format (see [`super::reports`]).
    SaveReport(crate::report::Format),
    /// Send the finished session's xAPI statements to the learning record store.
    SendToLrs,
    /// Author mode: start a session at a scene in a chosen state.
    Jump(crate::engine::Jump),
}

/// What covers the play screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing: playing.
    #[default]
    None,
    /// Paused.
    Paused,
    /// Asking whether to leave.
    ConfirmLeave,
}

/// A session being played.
#[derive(Debug, Clone)]
pub struct Playing {
    /// The scenario file.
    pub file: PathBuf,
    /// The version being played.
    pub playable: Arc<Playable>,
    /// The core's session.
    pub session: Session,
    /// What covers the screen.
    pub overlay: Overlay,
    /// A message about the scenario file changing under the session.
    pub notice: Option<String>,
    /// Why the last action could not be applied.
    pub error: Option<String>,
}

/// A finished (or abandoned) session's debrief.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The scenario file.
    pub file: PathBuf,
    /// The debrief.
    pub debrief: Debrief,
    /// The attempt the debrief's report buttons report on.
    pub attempt: Option<Arc<crate::report::Attempt>>,
}

/// One sitting at the app: the scenario opened, the session in play, the debrief shown.
#[derive(Resource, Default, Debug)]
pub struct Sitting {
    /// The scenario whose pre-brief is shown (and which Start plays).
    pub opened: Option<PathBuf>,
    /// The session being played.
    pub playing: Option<Playing>,
    /// The debrief being shown.
    pub finished: Option<Finished>,
    /// A message for the library (e.g. `--open` named no scenario).
    pub notice: Option<String>,
    /// When each step of the session in play happened, for its transcript.
    pub step_clock: crate::report::transcript::StepClock,
    launched: bool,
}

/// Applies `--open` once the library has loaded.
fn open_on_launch(
    launch: Res<Launch>,
    library: Res<Library>,
    mut sitting: ResMut<Sitting>,
    mut actions: MessageWriter<Action>,
) {
    if sitting.launched || !library.settled() {
        return;
    }
    sitting.launched = true;
    let Some(wanted) = &launch.open else {
        return;
    };
    match library.find(wanted) {
        Some(entry) if entry.good.is_some() => {
            actions.write(Action::Open(entry.file.clone()));
        }
        Some(entry) => {
            sitting.notice = Some(format!(
                "{} cannot be opened until its errors are fixed (see below).",
                entry.file.display()
            ));
        }
        None => {
            sitting.notice = Some(format!(
                "There is no scenario called \"{wanted}\" in the library."
            ));
        }
    }
}

/// Whether `open_on_launch` has had its turn (the app has settled after starting).
pub fn launched(sitting: &Sitting) -> bool {
    sitting.launched
}

/// Applies the learner's actions through the core, in order, and moves between screens.
pub fn apply_actions(
    mut actions: MessageReader<Action>,
    mut sitting: ResMut<Sitting>,
    library: Res<Library>,
    launch: Res<Launch>,
    reports: Res<super::reports::Reports>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let mut target = *screen.get();
    for action in actions.read() {
        let sitting = &mut *sitting;
        match action {
            Action::Open(file) => {
                if library.playable(file).is_some() {
                    sitting.opened = Some(file.clone());
                    sitting.playing = None;
                    sitting.finished = None;
                    target = Screen::Prebrief;
                }
            }
            Action::Start | Action::StartWithGroup(_) => {
                let Some(file) = &sitting.opened else {
                    continue;
                };
                let Some(playable) = library.playable(file) else {
                    continue;
                };
                match Session::start(&playable.scenario, launch.seed.unwrap_or_else(fresh_seed)) {
                    Ok(mut session) => {
                        // Classroom mode: chosen on the pre-brief, or `--classroom --group`.
                        let group = match action {
                            Action::StartWithGroup(group) => Some(group.clone()),
                            _ => launch.classroom.as_ref().map(|g| match g.trim() {
                                "" => "Group".to_string(),
                                named => named.to_string(),
                            }),
                        };
                        if let Some(group) = group {
                            session.run_with_group(&group);
                        }
                        sitting.step_clock = crate::report::transcript::StepClock::starting_now();
                        sitting.step_clock.stamp(&session);
                        sitting.playing = Some(Playing {
                            file: file.clone(),
                            playable,
                            session,
                            overlay: Overlay::None,
                            notice: None,
                            error: None,
                        });
                        sitting.finished = None;
                        target = Screen::Play;
                    }
                    Err(error) => sitting.notice = Some(format!("{}: {error}", file.display())),
                }
            }
            Action::Choose(index) => {
                if let Some(playing) = sitting.playing.as_mut() {
                    let result = playing.session.choose(&playing.playable.scenario, *index);
                    playing.error = result.err().map(|e| e.to_string());
                    sitting.step_clock.stamp(&playing.session);
                }
            }
            Action::Observe(id) => {
                if let Some(playing) = sitting.playing.as_mut() {
                    let result = playing.session.observe(&playing.playable.scenario, id);
                    playing.error = result.err().map(|e| e.to_string());
                    sitting.step_clock.stamp(&playing.session);
                }
            }
            Action::ShowProgress => {
                if sitting.playing.is_none() {
                    sitting.finished = None;
                    target = Screen::Progress;
                }
            }
            // Handled by the self-paced plugin, which restores the saved session.
            Action::CarryOn(_) => {}
            Action::Pause => set_overlay(sitting, Overlay::Paused),
            Action::Resume => set_overlay(sitting, Overlay::None),
            Action::AskToLeave => set_overlay(sitting, Overlay::ConfirmLeave),
            Action::Leave | Action::BackToLibrary => {
                sitting.playing = None;
                sitting.finished = None;
                target = Screen::Library;
            }
            Action::EndEarly | Action::ShowDebrief => {
                if let Some(playing) = sitting.playing.take() {
                    let debrief = Debrief::new(
                        &playing.playable.scenario,
                        &launch.rubric,
                        &playing.session,
                        playing.playable.bounds.as_ref(),
                    );
                    let attempt =
                        super::reports::finish(&playing, &launch, &sitting.step_clock, &reports);
                    sitting.finished = Some(Finished {
                        file: playing.file,
                        debrief,
                        attempt: Some(attempt),
                    });
                    target = Screen::Debrief;
                }
            }
            Action::PlayAgain => {
                let file = sitting.finished.as_ref().map(|f| f.file.clone());
                if let Some(file) = file.filter(|f| library.playable(f).is_some()) {
                    sitting.opened = Some(file);
                    sitting.playing = None;
                    sitting.finished = None;
                    target = Screen::Prebrief;
                }
            }
            Action::Jump(jump) => {
                if let Some(playing) = sitting.playing.as_mut() {
                    let scenario = &playing.playable.scenario;
                    match Session::jump(scenario, playing.session.seed, jump.clone()) {
                        Ok(session) => {
                            playing.session = session;
                            playing.overlay = Overlay::None;
                            playing.error = None;
                            playing.notice = Some(format!(
                                "Author mode: jumped to \"{}\". Scores count from here.",
                                jump.scene
                            ));
                            sitting.step_clock =
                                crate::report::transcript::StepClock::starting_now();
                            sitting.step_clock.stamp(&playing.session);
                        }
                        Err(error) => playing.error = Some(error.to_string()),
                    }
                }
            }
            // Handled by the reports plugin.
            Action::SaveReport(_) | Action::SendToLrs => {}
        }
    }
    if target != *screen.get() {
        info!("screen: {target:?}");
        next.set(target);
    }
}

fn set_overlay(sitting: &mut Sitting, overlay: Overlay) {
    if let Some(playing) = sitting.playing.as_mut() {
        playing.overlay = overlay;
    }
}

/// Moves a session onto an edited version of its scenario, where its scene still exists.
fn adopt_edits(
    mut changes: MessageReader<ScenarioChanged>,
    library: Res<Library>,
    mut sitting: ResMut<Sitting>,
) {
    for change in changes.read() {
        let Some(playing) = sitting.playing.as_mut().filter(|p| p.file == change.file) else {
            continue;
        };
        let Some(newest) = library.playable(&change.file) else {
            continue;
        };
        if newest.revision <= playing.playable.revision {
            // A broken edit: the play screen shows the error; play goes on unchanged.
            continue;
        }
        let mut session = playing.session.clone();
        if session.adopt(&newest.scenario) {
            playing.session = session;
            playing.playable = newest;
            playing.notice =
                Some("The scenario file was edited: now playing the new version.".to_string());
            playing.error = None;
        } else {
            playing.notice = Some(format!(
                "The scenario file was edited and the scene \"{}\" is no longer in it, so you carry \
                 on with the version you started. Start again to play the new version.",
                playing.session.state.scene
            ));
        }
    }
}

/// A seed for a session when none was given.
fn fresh_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

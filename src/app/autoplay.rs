//! Autoplay: plays a scripted list of steps (`--autoplay 2,look:hallway,1`) through the
//! same actions a learner's clicks send, one step a frame, then opens the debrief.
//!
//! The steps read as on the command line's `--inputs`: a number is the n-th choice offered
//! (as displayed, from 1), `look:<id>` an observation. They are resolved with
//! [`Session::resolve`](crate::engine::Session::resolve). A step that cannot be applied
//! ends the app with an error, so a demo or smoke test never passes by accident.

use bevy::prelude::*;

use super::SessionSet;
use super::launch::Launch;
use super::scenarios::Library;
use super::session::{Action, Sitting, launched};
use super::wake::StayAwake;
use crate::engine::{Input, Scripted};

pub(super) fn plugin(app: &mut App) {
    let script = app.world().resource::<Launch>().autoplay.clone();
    let state = match script {
        None => Autoplay::Off,
        Some(Ok(steps)) => Autoplay::Waiting { steps },
        Some(Err(error)) => Autoplay::Failed(format!("cannot read the autoplay steps: {error}")),
    };
    app.insert_resource(state)
        .add_systems(Update, step.before(SessionSet));
}

/// Where autoplay is.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub enum Autoplay {
    /// Not asked for.
    Off,
    /// Waiting for the scenario to open.
    Waiting {
        /// The steps to play.
        steps: Vec<Scripted>,
    },
    /// Playing step `next` of `steps`.
    Playing {
        /// The steps to play.
        steps: Vec<Scripted>,
        /// The next step to play.
        next: usize,
    },
    /// Every step played (and the debrief opened if the scenario ended).
    Done,
    /// A step could not be played; the app quits with this message.
    Failed(String),
}

impl Autoplay {
    /// Whether autoplay has nothing more to do (finished, failed, or never asked for).
    pub fn settled(&self) -> bool {
        matches!(self, Autoplay::Off | Autoplay::Done | Autoplay::Failed(_))
    }
}

fn step(
    mut autoplay: ResMut<Autoplay>,
    sitting: Res<Sitting>,
    library: Res<Library>,
    mut actions: MessageWriter<Action>,
    mut awake: ResMut<StayAwake>,
    mut exit: MessageWriter<AppExit>,
) {
    let next_state = match &*autoplay {
        Autoplay::Off | Autoplay::Done => return,
        Autoplay::Failed(message) => {
            error!("{message}");
            eprintln!("jigsaw: {message}");
            exit.write(AppExit::from_code(1));
            awake.release("autoplay");
            *autoplay = Autoplay::Done;
            return;
        }
        Autoplay::Waiting { steps } => {
            awake.hold("autoplay");
            if sitting.playing.is_some() {
                Autoplay::Playing {
                    steps: steps.clone(),
                    next: 0,
                }
            } else if sitting.opened.is_some() {
                actions.write(Action::Start);
                return;
            } else if !launched(&sitting) {
                // `--open` is applied once the library has loaded.
                return;
            } else if let Some(notice) = &sitting.notice {
                Autoplay::Failed(notice.clone())
            } else if let Some(first) = library.entries.iter().find(|e| e.good.is_some()) {
                // No `--open`: play the first playable scenario.
                actions.write(Action::Open(first.file.clone()));
                return;
            } else {
                Autoplay::Failed("there is no playable scenario to autoplay".to_string())
            }
        }
        Autoplay::Playing { steps, next } => {
            let Some(playing) = &sitting.playing else {
                return;
            };
            if let Some(error) = &playing.error {
                Autoplay::Failed(format!("autoplay step {next} failed: {error}"))
            } else if let Some(scripted) = steps.get(*next) {
                let scenario = &playing.playable.scenario;
                match playing.session.resolve(scenario, scripted) {
                    Ok(input) => {
                        actions.write(match input {
                            Input::Choose(index) => Action::Choose(index),
                            Input::Observe(id) => Action::Observe(id),
                        });
                        Autoplay::Playing {
                            steps: steps.clone(),
                            next: next + 1,
                        }
                    }
                    Err(error) => Autoplay::Failed(format!(
                        "autoplay step {} ({}) cannot be played in scene \"{}\": {error}",
                        next + 1,
                        describe(scripted),
                        playing.session.state.scene
                    )),
                }
            } else {
                if playing.session.is_finished() {
                    actions.write(Action::ShowDebrief);
                }
                awake.release("autoplay");
                Autoplay::Done
            }
        }
    };
    *autoplay = next_state;
}

fn describe(step: &Scripted) -> String {
    match step {
        Scripted::Pick(n) => n.to_string(),
        Scripted::Look(id) => format!("look:{id}"),
    }
}

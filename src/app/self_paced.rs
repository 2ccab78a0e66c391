//! Self-paced learning in the app: a thin shell over the core's [`progress`](crate::progress).
//!
//! - After every step of a session (and when it starts), the session is saved atomically
//!   to the progress folder ([`autosave`]), so a closed or killed app loses nothing up to
//!   the last completed step. The library offers "Carry on where you left off"
//!   ([`Action::CarryOn`], or `--open ID --carry-on`), which restores the session exactly,
//!   or says in plain words why it has to start again.
//! - When a debrief opens, the attempt is added to the learner's history, its save removed,
//!   and the debrief offers the reflective prompts and the portfolio record.
//! - The profile (name and role, asked once in the library), reflections and portfolio
//!   records are changed here on behalf of the screens.
//!
//! A file that cannot be read is moved aside by the core and reported in the library.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use bevy::prelude::*;

use super::Screen;
use super::SessionSet;
use super::autoplay::Autoplay;
use super::launch::Launch;
use super::scenarios::Library;
use super::session::{Action, Overlay, Playing, Sitting, launched};
use crate::progress::autosave::{self, Save};
use crate::progress::history::{self, AttemptRecord, History, Reflection};
use crate::progress::profile::{self, Profile};
use crate::progress::{Problem, now_rfc3339, progress_dir};
use crate::report::Attempt;
use crate::report::transcript::StepClock;

pub(super) fn plugin(app: &mut App) {
    let state = app
        .world()
        .get_resource::<Launch>()
        .map(|launch| SelfPaced::load(launch.data_dir.as_deref()))
        .unwrap_or_default();
    app.insert_resource(state).add_systems(
        Update,
        (carry_on, record_finished, save_step, print_session)
            .chain()
            .after(SessionSet),
    );
}

/// The learner's profile, history and saves, and what the self-paced screens are doing.
#[derive(Resource, Default, Debug)]
pub struct SelfPaced {
    /// The progress folder (`None`: there is no data folder, so nothing is kept).
    pub folder: Option<PathBuf>,
    /// The profile; `None` until the learner has answered (or skipped) the question.
    pub profile: Option<Profile>,
    /// Every finished attempt.
    pub history: History,
    /// Saved sessions by scenario id.
    pub saves: BTreeMap<String, Save>,
    /// Files that could not be used, in plain words, for the library.
    pub problems: Vec<String>,
    /// The latest message from a self-paced action ("Portfolio record saved to …").
    pub notice: Option<String>,
    /// The attempt the debrief on screen belongs to (its history id).
    pub current: Option<String>,
    /// The profile as typed, while it differs from the saved one.
    pub profile_draft: Option<Profile>,
    /// "My progress": the attempt whose reflections are being edited, with the answers.
    pub editing: Option<(String, Reflection)>,
    /// The debrief: the reflections being written for the current attempt.
    pub debrief_draft: Option<Reflection>,
    sitting: Option<TimeOnTask>,
    recorded: Option<Arc<Attempt>>,
    saved: Option<(SessionKey, usize)>,
    carried_on_launch: bool,
    printed: bool,
}

/// Which session a sitting belongs to: its scenario and when it started in the app.
type SessionKey = (String, Option<SystemTime>);

/// The time a learner has spent on the session in play.
#[derive(Debug)]
struct TimeOnTask {
    key: SessionKey,
    /// When this sitting began.
    began: Instant,
    /// Seconds spent in earlier sittings (before carrying on).
    before: u64,
    /// When the session first began (RFC 3339).
    started_at: String,
}

impl TimeOnTask {
    fn seconds(&self) -> u64 {
        self.before + self.began.elapsed().as_secs()
    }
}

impl SelfPaced {
    /// Loads the profile, history and saves from the data folder's `progress/`; problems
    /// are kept to show, and everything that reads still loads.
    pub fn load(data: Option<&Path>) -> SelfPaced {
        let Some(data) = data else {
            return SelfPaced::default();
        };
        let folder = progress_dir(data);
        let mut problems: Vec<Problem> = Vec::new();
        let profile = profile::load(&folder).unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        let (history, problem) = history::load(&folder);
        problems.extend(problem);
        let (saves, save_problems) = autosave::load_all(&folder);
        problems.extend(save_problems);
        for problem in &problems {
            warn!("{}", problem.message);
        }
        SelfPaced {
            folder: Some(folder),
            profile,
            history,
            saves,
            problems: problems.into_iter().map(|p| p.message).collect(),
            ..SelfPaced::default()
        }
    }

    /// Saves the learner's profile.
    pub fn set_profile(&mut self, profile: Profile) {
        if let Some(folder) = &self.folder
            && let Err(error) = profile::save(folder, &profile)
        {
            self.notice = Some(format!("Your profile could not be saved ({error})."));
        }
        self.profile = Some(profile);
    }

    /// Saves the reflections of the attempt with this id.
    pub fn set_reflection(&mut self, attempt: &str, reflection: Reflection) {
        let Some(record) = self.history.attempts.iter_mut().find(|a| a.id == attempt) else {
            return;
        };
        record.reflection = reflection;
        self.notice = Some(match &self.folder {
            Some(folder) => match history::save(folder, &self.history) {
                Ok(()) => "Your reflections are saved.".to_string(),
                Err(error) => format!("Your reflections could not be saved ({error})."),
            },
            None => {
                "There is no data folder, so your reflections are kept only until you close Jigsaw."
                    .to_string()
            }
        });
    }

    /// Saves the portfolio record of the attempt with this id to the data folder's
    /// `reports/`, saying where.
    pub fn save_portfolio(&mut self, attempt: &str, data: Option<&Path>) {
        let Some(record) = self.history.attempt(attempt) else {
            return;
        };
        let Some(data) = data else {
            self.notice = Some("There is no data folder to save the record in.".to_string());
            return;
        };
        let profile = self.profile.clone().unwrap_or_default();
        let record = record.portfolio(&profile);
        let page = crate::report::portfolio::render(&record);
        let file =
            crate::report::reports_dir(data).join(crate::report::portfolio::file_name(&record));
        self.notice = Some(
            match crate::store::write_atomically(&file, page.as_bytes()) {
                Ok(()) => format!(
                    "Portfolio record saved to {}. Open it in a web browser and print it (or save it as a PDF).",
                    file.display()
                ),
                Err(error) => format!(
                    "The portfolio record could not be saved to {} ({error}).",
                    file.display()
                ),
            },
        );
    }

    /// The attempt the debrief on screen belongs to.
    pub fn current_attempt(&self) -> Option<&AttemptRecord> {
        self.current
            .as_deref()
            .and_then(|id| self.history.attempt(id))
    }
}

/// Restores a saved session: on `Action::CarryOn`, and once at launch with `--carry-on`
/// (or, with `--progress`, opens "My progress" at launch).
fn carry_on(
    mut actions: MessageReader<Action>,
    library: Res<Library>,
    launch: Res<Launch>,
    mut sitting: ResMut<Sitting>,
    mut state: ResMut<SelfPaced>,
    mut next: ResMut<NextState<Screen>>,
) {
    let mut files: Vec<PathBuf> = actions
        .read()
        .filter_map(|a| match a {
            Action::CarryOn(file) => Some(file.clone()),
            _ => None,
        })
        .collect();
    if !state.carried_on_launch && launched(&sitting) {
        state.carried_on_launch = true;
        if launch.carry_on {
            files.extend(sitting.opened.clone().filter(|_| sitting.playing.is_none()));
        } else if launch.progress && sitting.opened.is_none() {
            next.set(Screen::Progress);
        }
    }
    for file in files {
        let Some(playable) = library.playable(&file) else {
            continue;
        };
        let id = playable.scenario.id.value.clone();
        let Some(save) = state.saves.get(&id).cloned() else {
            sitting.notice = Some(format!(
                "There is no saved place in \"{}\" to carry on from.",
                playable.scenario.title
            ));
            continue;
        };
        match save.restore(&playable.scenario) {
            Ok(session) => {
                sitting.step_clock = StepClock::starting_now();
                sitting.step_clock.stamp(&session);
                let key = (id, sitting.step_clock.started);
                state.saved = Some((key.clone(), session.inputs.len()));
                state.sitting = Some(TimeOnTask {
                    key,
                    began: Instant::now(),
                    before: save.seconds_spent,
                    started_at: save.started_at.clone(),
                });
                info!(
                    "carried on \"{}\" at scene {}",
                    session.scenario_id, session.state.scene
                );
                sitting.opened = Some(file.clone());
                sitting.finished = None;
                sitting.playing = Some(Playing {
                    file,
                    playable,
                    session,
                    overlay: Overlay::None,
                    notice: Some("Welcome back: you are where you left off.".to_string()),
                    error: None,
                });
                next.set(Screen::Play);
            }
            Err(reason) => sitting.notice = Some(reason),
        }
    }
}

/// Saves the session in play after every step (and when it starts).
fn save_step(sitting: Res<Sitting>, mut state: ResMut<SelfPaced>) {
    let Some(playing) = &sitting.playing else {
        return;
    };
    let Some(folder) = state.folder.clone() else {
        return;
    };
    let session = &playing.session;
    let key: SessionKey = (session.scenario_id.clone(), sitting.step_clock.started);
    let steps = session.inputs.len();
    if state.saved.as_ref() == Some(&(key.clone(), steps)) {
        return;
    }
    if state.sitting.as_ref().is_none_or(|s| s.key != key) {
        state.sitting = Some(TimeOnTask {
            key: key.clone(),
            began: Instant::now(),
            before: 0,
            started_at: now_rfc3339(),
        });
    }
    let sitting = state.sitting.as_ref().expect("set above");
    let save = Save {
        scenario_id: session.scenario_id.clone(),
        scenario_title: playing.playable.scenario.title.clone(),
        file: playing.file.clone(),
        started_at: sitting.started_at.clone(),
        saved_at: now_rfc3339(),
        seconds_spent: sitting.seconds(),
        session: session.clone(),
    };
    match autosave::store(&folder, &save) {
        Ok(()) => {
            state.saves.insert(save.scenario_id.clone(), save);
        }
        Err(error) => {
            let message = format!(
                "Your place in \"{}\" could not be saved ({error}); if Jigsaw closes now, \
                 this session cannot be carried on.",
                playing.playable.scenario.title
            );
            warn!("{message}");
            if !state.problems.contains(&message) {
                state.problems.push(message);
            }
        }
    }
    state.saved = Some((key, steps));
}

/// Adds a finished attempt to the history when its debrief opens, and removes its save.
fn record_finished(sitting: Res<Sitting>, mut state: ResMut<SelfPaced>) {
    let Some(attempt) = sitting.finished.as_ref().and_then(|f| f.attempt.clone()) else {
        return;
    };
    if state
        .recorded
        .as_ref()
        .is_some_and(|r| Arc::ptr_eq(r, &attempt))
    {
        return;
    }
    state.recorded = Some(attempt.clone());
    let id = attempt.session.scenario_id.clone();
    let seconds = match state.sitting.take() {
        Some(sitting) if sitting.key.0 == id => sitting.seconds(),
        _ => 0,
    };
    let record = AttemptRecord::new(
        &attempt.scenario,
        &attempt.rubric,
        &attempt.session,
        &attempt.debrief,
        seconds,
    );
    state.current = Some(record.id.clone());
    state.debrief_draft = None;
    state.notice = None;
    state.history.attempts.push(record);
    state.saved = None;
    let Some(folder) = state.folder.clone() else {
        return;
    };
    if let Err(error) = history::save(&folder, &state.history) {
        state.notice = Some(format!(
            "This attempt could not be added to your progress ({error})."
        ));
    }
    if let Err(error) = autosave::remove(&folder, &id) {
        warn!("the finished session's save could not be removed: {error}");
    }
    state.saves.remove(&id);
}

/// `--print-session FILE`: writes the session in play once the app has settled.
fn print_session(
    sitting: Res<Sitting>,
    launch: Res<Launch>,
    library: Res<Library>,
    autoplay: Res<Autoplay>,
    mut state: ResMut<SelfPaced>,
) {
    let Some(file) = &launch.print_session else {
        return;
    };
    if state.printed || !(autoplay.settled() && library.settled() && launched(&sitting)) {
        return;
    }
    state.printed = true;
    let text = match &sitting.playing {
        Some(playing) => serde_json::to_string_pretty(&playing.session).unwrap_or_default(),
        None => "null".to_string(),
    };
    if let Err(error) = crate::store::write_atomically(file, text.as_bytes()) {
        error!("cannot write {}: {error}", file.display());
    }
}

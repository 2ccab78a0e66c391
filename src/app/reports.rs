//! Reports from the app: the transcript written at the end of every session, and the
//! debrief's buttons that save an HTML, Markdown, CSV or xAPI report or send the statements
//! to the learning record store.
//!
//! Everything is made by the core's [`report`](crate::report) module, as `jigsaw report`
//! makes it. Files go to Jigsaw's data folder (`--data-dir`, `JIGSAW_DATA_DIR`, else the
//! platform's); report settings (learner, group, xAPI base, LRS) come from `reports.ron`
//! beside the app's settings file. Sending runs on a background thread: statements are
//! queued on disk first, then delivered with backoff while the app is open, so a learner
//! with no network loses nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;

use super::SessionSet;
use super::launch::Launch;
use super::session::{Action, Playing, Sitting};
use crate::report::lrs::{self, Backoff, Lrs, Outbox};
use crate::report::settings::{self, ReportSettings};
use crate::report::transcript::{Identity, StepClock, Transcript, learner_id};
use crate::report::xapi::{self, XapiOptions};
use crate::report::{Attempt, Format, reports_dir, transcript_file_name, transcripts_dir};

pub(super) fn plugin(app: &mut App) {
    let settings = app
        .world()
        .get_resource::<Launch>()
        .map(load_report_settings)
        .unwrap_or_default();
    app.insert_resource(Reports {
        settings: Arc::new(settings),
        ..Reports::default()
    })
    .add_systems(Startup, retry_waiting)
    .add_systems(Update, handle_actions.after(SessionSet));
}

/// What the report buttons have done, shared with the background sender.
#[derive(Resource, Default, Clone, Debug)]
pub struct Reports {
    /// The latest message for the debrief ("Saved …", "Sent …", or a problem).
    pub notice: Arc<Mutex<Option<String>>>,
    /// The report settings, read once at start-up.
    pub settings: Arc<ReportSettings>,
    sending: Arc<AtomicBool>,
}

impl Reports {
    /// The latest message, if any.
    pub fn notice(&self) -> Option<String> {
        self.notice.lock().ok().and_then(|n| n.clone())
    }

    /// Whether a learning record store is set up.
    pub fn can_send(&self) -> bool {
        self.settings
            .lrs
            .as_ref()
            .is_some_and(|l| !l.endpoint.trim().is_empty())
    }

    fn say(&self, message: impl Into<String>) {
        if let Ok(mut notice) = self.notice.lock() {
            *notice = Some(message.into());
        }
    }
}

/// The report settings for this launch (a missing or broken file gives the defaults).
pub fn load_report_settings(launch: &Launch) -> ReportSettings {
    launch
        .report_settings
        .as_deref()
        .and_then(|path| settings::load(path).ok())
        .unwrap_or_default()
}

fn xapi_options(settings: &ReportSettings) -> XapiOptions {
    XapiOptions::with_base(settings.xapi_base.as_deref().unwrap_or(xapi::DEFAULT_BASE))
}

/// The text of the rubric in use, for the transcript's hash.
fn rubric_source(path: &Path) -> String {
    if path == Path::new(crate::rubric::BUILT_IN_PATH) {
        crate::rubric::BUILT_IN.to_string()
    } else {
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

/// Writes the transcript of a session that has just ended and returns the attempt the
/// report buttons use, with a message saying where the transcript went (or why it could
/// not be written: the debrief is still shown).
pub fn finish(
    playing: &Playing,
    launch: &Launch,
    clock: &StepClock,
    reports: &Reports,
) -> Arc<Attempt> {
    let scenario = &playing.playable.scenario;
    let settings = &reports.settings;
    // The file as it is now: the version played unless it was edited during the session,
    // in which case `jigsaw report` will say the scenario has changed.
    let source = std::fs::read_to_string(&playing.file).unwrap_or_default();
    let identity = Identity {
        learner: settings.learner.clone(),
        learner_id: learner_id(launch.data_dir.as_deref()),
        group: settings.group.clone(),
    };
    let transcript = Transcript::new(
        &playing.session,
        scenario,
        &playing.file,
        &source,
        &rubric_source(&launch.rubric_path),
        &identity,
        clock,
        SystemTime::now(),
    );
    match &launch.data_dir {
        Some(data) => {
            let file = transcripts_dir(data).join(transcript_file_name(&transcript));
            match crate::store::write_atomically(&file, transcript.to_json().as_bytes()) {
                Ok(()) => reports.say(format!("Transcript saved to {}", file.display())),
                Err(error) => reports.say(format!(
                    "The transcript could not be saved to {} ({error}).",
                    file.display()
                )),
            }
        }
        None => reports.say("There is no data folder, so the transcript was not saved."),
    }
    let attempt = Attempt::from_session(
        transcript,
        scenario,
        &launch.rubric,
        playing.playable.bounds.as_ref(),
        &playing.session,
    );
    let attempt = Arc::new(attempt);
    if settings.lrs.as_ref().is_some_and(|l| l.send_automatically) {
        send(&attempt, launch, settings, reports);
    }
    attempt
}

/// Saves a report of `attempt` in `format` to the data folder's `reports/`.
pub fn save_report(
    attempt: &Attempt,
    format: Format,
    data: &Path,
    options: &XapiOptions,
) -> Result<PathBuf, String> {
    let text = format
        .render(std::slice::from_ref(attempt), options)
        .map_err(|e| e.to_string())?;
    let name = transcript_file_name(&attempt.transcript);
    let stem = name.trim_end_matches(".json");
    let file = reports_dir(data).join(format!("{stem}.{}", format.extension()));
    crate::store::write_atomically(&file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file)
}

fn handle_actions(
    mut actions: MessageReader<Action>,
    sitting: Res<Sitting>,
    launch: Res<Launch>,
    reports: Res<Reports>,
) {
    for action in actions.read() {
        let attempt = sitting.finished.as_ref().and_then(|f| f.attempt.clone());
        match action {
            Action::SaveReport(format) => {
                let (Some(attempt), Some(data)) = (attempt, launch.data_dir.as_deref()) else {
                    reports.say("There is no report to save for this session.");
                    continue;
                };
                let options = xapi_options(&reports.settings);
                match save_report(&attempt, *format, data, &options) {
                    Ok(file) => reports.say(format!(
                        "{} report saved to {}",
                        format.name(),
                        file.display()
                    )),
                    Err(problem) => reports.say(format!("The report was not saved: {problem}")),
                }
            }
            Action::SendToLrs => {
                let Some(attempt) = attempt else {
                    reports.say("There is nothing to send for this session.");
                    continue;
                };
                send(&attempt, &launch, &reports.settings, &reports);
            }
            _ => {}
        }
    }
}

/// Queues the attempt's statements and delivers the queue in the background.
fn send(attempt: &Attempt, launch: &Launch, settings: &ReportSettings, reports: &Reports) {
    let Some(lrs_settings) = settings
        .lrs
        .clone()
        .filter(|l| !l.endpoint.trim().is_empty())
    else {
        reports.say(
            "No learning record store is set up: add `lrs` to reports.ron (see docs/reports.md).",
        );
        return;
    };
    let Some(data) = launch.data_dir.clone() else {
        reports.say("There is no data folder to queue the statements in.");
        return;
    };
    let outbox = Outbox::in_data_dir(&data);
    let statements = xapi::statements(attempt, &xapi_options(settings));
    if let Err(error) = outbox.enqueue(&statements) {
        reports.say(format!("The statements could not be queued: {error}"));
        return;
    }
    reports.say("Statements queued; sending…");
    deliver_in_background(outbox, lrs_settings, reports.clone());
}

fn deliver_in_background(outbox: Outbox, settings: settings::LrsSettings, reports: Reports) {
    if reports.sending.swap(true, Ordering::SeqCst) {
        return; // A delivery is already running; it sends everything queued.
    }
    std::thread::spawn(move || {
        let lrs = Lrs::new(&settings.endpoint, settings.credentials().as_ref());
        let backoff = Backoff {
            first: Duration::from_secs(5),
            most: Duration::from_secs(300),
            attempts: 12,
        };
        let mut sleep = |pause: Duration| {
            reports.say(format!(
                "The learning record store cannot be reached; trying again in {} s. The statements wait safely on disk.",
                pause.as_secs()
            ));
            std::thread::sleep(pause);
        };
        let result = lrs::deliver_with_backoff(&outbox, &lrs, &backoff, &mut sleep, &mut |_, _| {});
        let message = match result {
            Ok(d) if !d.set_aside.is_empty() => format!(
                "The learning record store refused {} batch(es) (HTTP {}): {}. They are kept in {}.",
                d.set_aside.len(),
                d.set_aside[0].status,
                d.set_aside[0].message.trim(),
                outbox.rejected_dir().display()
            ),
            Ok(d) if d.waiting > 0 => format!(
                "{} batch(es) still wait to be sent ({}); they will be tried again next time.",
                d.waiting,
                d.problem.unwrap_or_default()
            ),
            Ok(d) => format!("Sent {} statements to the learning record store.", d.stored),
            Err(error) => format!("The outbox could not be read: {error}"),
        };
        reports.say(message);
        reports.sending.store(false, Ordering::SeqCst);
    });
}

/// At start-up, sends anything left in the outbox when an LRS is set up.
fn retry_waiting(launch: Res<Launch>, reports: Res<Reports>) {
    let (Some(lrs_settings), Some(data)) = (
        reports
            .settings
            .lrs
            .clone()
            .filter(|l| !l.endpoint.trim().is_empty()),
        launch.data_dir.as_deref(),
    ) else {
        return;
    };
    let outbox = Outbox::in_data_dir(data);
    if outbox.pending().is_ok_and(|p| !p.is_empty()) {
        deliver_in_background(outbox, lrs_settings, reports.clone());
    }
}

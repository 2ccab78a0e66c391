//! Classroom mode in the app: the facilitator's state beside the session, and the systems
//! that apply what the facilitator does.
//!
//! The room's votes and how each decision was taken live in the engine's session
//! ([`crate::classroom`]); this module holds what only the projector needs: whether the
//! current decision's options have been shown (discussion comes first), the discussion
//! timer, the counts typed from a show of hands, whether the split has been revealed, the
//! facilitator's notes panel, and the phone-voting server
//! ([`VoteServer`](crate::classroom::server::VoteServer)), which runs on its own threads
//! from "Start phone voting" until the session ends or the app closes. The screen
//! ([`super::screens::classroom`]) draws from [`Room`] and sends [`RoomAction`]s.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::SessionSet;
use super::launch::Launch;
use super::session::Sitting;
use crate::classroom::VoteError;
use crate::classroom::server::{Snapshot, VoteServer};
use crate::engine::Step;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Room>()
        .add_message::<RoomAction>()
        .add_systems(Update, run_room.after(SessionSet))
        .add_systems(Last, stop_on_exit);
}

/// Something the facilitator does in classroom mode.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub enum RoomAction {
    /// Show the current decision's options (after the discussion).
    ShowOptions,
    /// Start the discussion timer for this many minutes.
    StartTimer(u32),
    /// Stop the discussion timer.
    StopTimer,
    /// Add one hand to the option at this position (from 0, as shown).
    Add(usize),
    /// Take one hand off the option at this position.
    Remove(usize),
    /// Start the phone-voting server.
    StartPhones,
    /// Stop the phone-voting server.
    StopPhones,
    /// Close phone voting on this decision (votes kept, no more taken).
    CloseVoting,
    /// Open phone voting again on this decision.
    ReopenVoting,
    /// Show the split (the bars beside the options).
    Reveal,
    /// Take the group's decision: the majority, or this choice (its index in the scene's
    /// list) when the facilitator picks after a tie or overrides the majority.
    Take(Option<usize>),
    /// Show or hide the facilitator's notes.
    ToggleNotes,
}

/// The discussion timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiscussionTimer {
    /// When it started.
    pub started: Instant,
    /// How long the discussion has.
    pub minutes: u32,
}

impl DiscussionTimer {
    /// Whole seconds left (0 once time is up).
    pub fn seconds_left(&self) -> u64 {
        u64::from(self.minutes * 60).saturating_sub(self.started.elapsed().as_secs())
    }
}

/// The phone-voting server and what the projector shows of it.
#[derive(Debug)]
pub struct Phones {
    /// The running server.
    pub server: VoteServer,
    /// The page's address (with the room code in its fragment).
    pub url: String,
    /// The room code.
    pub code: String,
    /// The ballot open for the current decision, if any.
    pub ballot: Option<u64>,
    /// The votes so far.
    pub snapshot: Snapshot,
    /// The QR code of `url`: modules, row by row, `true` for dark, and the side's length.
    pub qr: (Vec<bool>, usize),
}

/// The facilitator's state for the decision on screen.
#[derive(Resource, Default, Debug)]
pub struct Room {
    /// The decision this state is for (the number of scenes shown so far).
    pub decision: Option<usize>,
    /// Whether the options are shown.
    pub shown: bool,
    /// Hands counted per option, in the order shown.
    pub hands: Vec<u32>,
    /// Whether the split is shown.
    pub revealed: bool,
    /// The discussion timer, when running.
    pub timer: Option<DiscussionTimer>,
    /// Whether the facilitator's notes are shown.
    pub notes_open: bool,
    /// The options tied for the most votes, when the facilitator must pick.
    pub tied: Option<Vec<usize>>,
    /// Phone voting, when started.
    pub phones: Option<Phones>,
    /// Why the last thing could not be done.
    pub problem: Option<String>,
    /// Whether `--phones` has had its turn this session.
    auto_started: bool,
    /// Wakes the app twice a second while the timer runs or phones vote.
    ticker: Option<Ticker>,
}

impl Room {
    /// The votes per option, in the order shown: hands plus the phones' votes for this
    /// decision.
    pub fn counts(&self) -> Vec<u32> {
        let mut counts = self.hands.clone();
        if let Some(phones) = &self.phones
            && phones.ballot.is_some()
            && phones.snapshot.decision == phones.ballot
        {
            for (count, phone) in counts.iter_mut().zip(&phones.snapshot.counts) {
                *count = count.saturating_add(*phone);
            }
        }
        counts
    }

    fn reset_decision(&mut self, decision: usize, options: usize, shown: bool) {
        self.decision = Some(decision);
        self.shown = shown;
        self.hands = vec![0; options];
        self.revealed = false;
        self.timer = None;
        self.tied = None;
        self.problem = None;
    }

    fn stop_phones(&mut self) {
        if let Some(phones) = self.phones.take() {
            phones.server.stop();
            info!("classroom: phone voting stopped");
        }
    }
}

/// A thread that wakes the app's event loop every half second until dropped.
#[derive(Debug)]
struct Ticker {
    stop: Arc<AtomicBool>,
}

impl Ticker {
    fn start(waker: super::wake::Waker) -> Ticker {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let _ = std::thread::Builder::new()
            .name("jigsaw-classroom-tick".to_string())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(500));
                    waker.wake();
                }
            });
        Ticker { stop }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// The QR code of `text` as dark/light modules.
pub fn qr_modules(text: &str) -> (Vec<bool>, usize) {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let width = code.width();
            let modules = code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            (modules, width)
        }
        Err(_) => (Vec::new(), 0),
    }
}

/// The number of scenes (and endings) the session has shown: a new decision each time.
fn scene_number(transcript: &[Step]) -> usize {
    transcript
        .iter()
        .filter(|s| matches!(s, Step::Scene { .. } | Step::Ended { .. }))
        .count()
}

/// Keeps the room in step with the session and applies the facilitator's actions.
fn run_room(
    mut room: ResMut<Room>,
    mut sitting: ResMut<Sitting>,
    launch: Res<Launch>,
    mut actions: MessageReader<RoomAction>,
) {
    let room = &mut *room;
    let classroom = sitting
        .playing
        .as_ref()
        .is_some_and(|p| p.session.classroom.is_some());
    if !classroom {
        // The session ended (debrief, library) or is not a group's: nothing listens.
        actions.clear();
        room.stop_phones();
        room.ticker = None;
        room.decision = None;
        room.timer = None;
        room.auto_started = false;
        return;
    }
    let sitting = &mut *sitting;
    let Some(playing) = sitting.playing.as_mut() else {
        return;
    };
    let playable = playing.playable.clone();
    let scenario = &playable.scenario;
    let number = scene_number(&playing.session.transcript);
    let scene = playing.session.current_scene(scenario);
    let options: Vec<String> = playing
        .session
        .offered_choices(scenario)
        .iter()
        .map(|(_, c)| c.text.trim().to_string())
        .collect();
    let question = scene
        .and_then(|s| s.discuss.clone())
        .unwrap_or_else(|| "What should the practitioner do?".to_string());
    if room.decision != Some(number) {
        let discuss_first = scene.is_some_and(|s| s.discuss.is_some()) && !launch.show_options;
        room.reset_decision(number, options.len(), !discuss_first);
        if let Some(phones) = room.phones.as_mut() {
            phones.ballot = None;
            phones.server.clear();
        }
    }
    if launch.phones && !room.auto_started {
        room.auto_started = true;
        start_phones(room);
    }
    for action in actions.read() {
        match action {
            RoomAction::ShowOptions => room.shown = true,
            RoomAction::StartTimer(minutes) => {
                room.timer = Some(DiscussionTimer {
                    started: Instant::now(),
                    minutes: (*minutes).clamp(1, 60),
                });
            }
            RoomAction::StopTimer => room.timer = None,
            RoomAction::Add(position) => {
                if let Some(count) = room.hands.get_mut(*position) {
                    *count = (*count + 1).min(crate::classroom::tally::MAX_VOTES);
                    room.tied = None;
                }
            }
            RoomAction::Remove(position) => {
                if let Some(count) = room.hands.get_mut(*position) {
                    *count = count.saturating_sub(1);
                    room.tied = None;
                }
            }
            RoomAction::StartPhones => start_phones(room),
            RoomAction::StopPhones => room.stop_phones(),
            RoomAction::CloseVoting => {
                if let Some(phones) = &room.phones {
                    phones.server.close();
                }
            }
            RoomAction::ReopenVoting => {
                if let Some(phones) = &room.phones {
                    phones.server.reopen();
                }
            }
            RoomAction::Reveal => room.revealed = true,
            RoomAction::ToggleNotes => room.notes_open = !room.notes_open,
            RoomAction::Take(pick) => {
                let counts = room.counts();
                let session = &mut playing.session;
                let result = session
                    .tally_of(scenario, &counts)
                    .and_then(|tally| session.decide(scenario, &tally, *pick));
                match result {
                    Ok(decided) => {
                        info!("classroom: decision taken ({decided:?})");
                        playing.error = None;
                        sitting.step_clock.stamp(&playing.session);
                        // The next frame starts the next decision.
                        if let Some(phones) = room.phones.as_mut() {
                            phones.server.clear();
                            phones.ballot = None;
                        }
                        break;
                    }
                    Err(VoteError::NeedsPick(tied)) => {
                        room.revealed = true;
                        room.tied = Some(tied);
                    }
                    Err(error) => room.problem = Some(error.to_string()),
                }
            }
        }
    }
    // Phones see a decision's options when the projector does, not before.
    if let Some(phones) = room.phones.as_mut() {
        if room.shown && !options.is_empty() && phones.ballot.is_none() {
            phones.ballot = Some(phones.server.open(&question, &options));
        }
        phones.snapshot = phones.server.snapshot();
    }
    let ticking = room.phones.is_some() || room.timer.is_some();
    if ticking && room.ticker.is_none() {
        room.ticker = Some(Ticker::start(launch.waker.clone()));
    } else if !ticking {
        room.ticker = None;
    }
}

fn start_phones(room: &mut Room) {
    if room.phones.is_some() {
        return;
    }
    match VoteServer::start_on_lan() {
        Ok(server) => {
            let url = server.url();
            let code = server.code();
            info!("classroom: phone voting on port {}", server.port());
            room.phones = Some(Phones {
                qr: qr_modules(&url),
                url,
                code,
                ballot: None,
                snapshot: Snapshot::default(),
                server,
            });
            room.problem = None;
        }
        Err(error) => {
            room.problem = Some(format!(
                "Phone voting could not start ({error}). Count hands instead: the number keys add a vote."
            ));
        }
    }
}

/// Stops the server when the app closes.
fn stop_on_exit(mut exits: MessageReader<AppExit>, mut room: ResMut<Room>) {
    if exits.read().next().is_some() {
        room.stop_phones();
        room.ticker = None;
    }
}

//! The play screen's view-model, built in one place ([`PlayView::of`]) from the session in
//! play, and what the screen remembers between frames ([`PlayMemory`]).

#[allow(unused_imports)]
use super::*;
use crate::engine::Session;
use crate::scenario::Scenario;

/// What the play screen remembers between frames.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct PlayMemory {
    /// The scene (counted from the start of the session) the learner has seen drawn.
    pub seen_scene: Option<usize>,
    /// The button the arrow keys have moved to, counting observations first.
    pub highlight: Option<usize>,
    /// A button to scroll into sight on the next frame.
    pub reveal: Option<usize>,
    /// The scene and the number of looks a screen reader has been told about, so each new
    /// scene or look takes the focus (and is read out) once.
    pub announced: Option<(usize, usize)>,
    /// The titles of the pieces in the case notes a screen reader has been told about.
    pub pieces_heard: Vec<String>,
    /// The pieces found with this scene's text (0) and with each look (1, 2, …): said
    /// before that text, and kept so its accessible name stays the same frame to frame.
    pub pieces_with: Vec<(usize, Vec<String>)>,
}

/// What the play screen shows, and what the learner did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlayView {
    /// How many scenes the session has shown, counting this one: changes with each scene.
    pub scene_number: usize,
    /// What was said or happened straight after the learner's last choice (its `reply`).
    pub reply: Option<String>,
    /// Who is speaking, or what is being read.
    pub speaker: String,
    /// The scene's text.
    pub text: String,
    /// A question for a classroom group, if the scene has one.
    pub discuss: Option<String>,
    /// The scene's picture.
    pub image: SceneImage,
    /// What the learner found by looking around in this scene, in order.
    pub looks: Vec<Look>,
    /// Observations offered: (id, button text).
    pub observations: Vec<(String, String)>,
    /// Choices offered: (index in the scene's list, text), numbered from 1 on screen.
    pub choices: Vec<(usize, String)>,
    /// The ending, once reached.
    pub ending: Option<EndingView>,
    /// The case notes.
    pub notes: CaseNotes,
    /// What covers the screen.
    pub overlay: Overlay,
    /// Messages about the scenario file changing.
    pub notices: Vec<String>,
    /// Errors in the scenario file's latest edit (the last good version plays on).
    pub problems: Vec<String>,
    /// Why the last action failed.
    pub error: Option<String>,
    /// Remembered between frames.
    pub memory: PlayMemory,
    /// Author mode's details, map and problems; `None` for learners.
    pub author: Option<AuthorView>,
    /// Set when the learner does something.
    pub action: Option<Action>,
}

/// One thing the learner looked at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// The button's text.
    pub label: String,
    /// What they saw.
    pub text: String,
}

/// How the scenario ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndingView {
    /// The ending's title.
    pub title: String,
    /// What happened next.
    pub text: String,
    /// "Good outcome", "Mixed outcome" or "Poor outcome".
    pub kind: String,
}

/// The case-notes panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseNotes {
    /// The in-game time.
    pub clock: String,
    /// Pieces found so far: (title, what it tells, source).
    pub pieces: Vec<(String, String, String)>,
    /// Meters the scenario shows: (label, value, min, max).
    pub meters: Vec<(String, i32, i32, i32)>,
    /// The time left, in a scenario with time pressure (e.g. "20 minutes left").
    pub time_left: Option<String>,
}

/// A scene's picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SceneImage {
    /// The scene has none.
    #[default]
    None,
    /// Still loading.
    Loading,
    /// Ready to draw.
    Ready {
        /// The texture.
        texture: egui::TextureId,
        /// Its size in pixels.
        size: egui::Vec2,
    },
    /// It could not be shown; the message says why.
    Missing(String),
}

impl PlayView {
    /// The play view of a session (without picture, notices or memory).
    pub fn of(playing: &Playing) -> PlayView {
        let scenario = &playing.playable.scenario;
        let session = &playing.session;
        let scene = session.current_scene(scenario);
        let ending = session
            .state
            .ending
            .as_ref()
            .and_then(|id| scenario.ending(id))
            .map(|e| EndingView {
                title: e.title.clone(),
                text: e.text.clone(),
                kind: e.kind.label().to_string(),
            });
        let pieces = scenario
            .pieces
            .iter()
            .map(|p| &p.value)
            .filter(|p| session.state.found.contains(&p.id.value))
            .map(|p| (p.title.clone(), p.tells.clone(), p.source.clone()))
            .collect();
        let meters = session
            .state
            .shown_meters(scenario)
            .into_iter()
            .map(|(m, value)| (m.name().to_string(), value, m.min, m.max))
            .collect();
        let Offered {
            observations,
            choices,
        } = Offered::of(session, scenario);
        PlayView {
            scene_number: session.visit_number(),
            reply: playing
                .session
                .reply(&playing.playable.scenario)
                .map(str::to_string),
            speaker: scene.map(|s| s.speaker.clone()).unwrap_or_default(),
            text: scene.map(|s| s.text.clone()).unwrap_or_default(),
            discuss: scene.and_then(|s| s.discuss.clone()),
            image: SceneImage::None,
            looks: playing
                .session
                .observations_this_visit(&playing.playable.scenario)
                .into_iter()
                .map(|o| Look {
                    label: o.label.clone(),
                    text: o.text.clone(),
                })
                .collect(),
            observations,
            choices,
            ending,
            notes: CaseNotes {
                clock: format_clock(session.state.clock),
                pieces,
                meters,
                time_left: session
                    .time_left(scenario)
                    .map(crate::debrief::time_left_words),
            },
            overlay: playing.overlay,
            notices: playing.notice.iter().cloned().collect(),
            problems: Vec::new(),
            error: playing.error.clone(),
            memory: PlayMemory::default(),
            author: None,
            action: None,
        }
    }

    /// How many buttons the arrow keys move between.
    pub(super) fn button_count(&self) -> usize {
        if self.ending.is_some() {
            1
        } else {
            self.observations.len() + self.choices.len()
        }
    }
}

/// What the learner may do now. The play screen and the projector view show the same.
pub(crate) struct Offered {
    /// The observations on offer: id and label.
    pub observations: Vec<(String, String)>,
    /// The choices: index in the scene and text.
    pub choices: Vec<(usize, String)>,
}

impl Offered {
    /// What `session` offers now in `scenario`.
    pub(crate) fn of(session: &Session, scenario: &Scenario) -> Offered {
        Offered {
            observations: session
                .offered_observations(scenario)
                .into_iter()
                .map(|o| (o.id.value.clone(), o.label.clone()))
                .collect(),
            choices: session
                .offered_choices(scenario)
                .into_iter()
                .map(|(i, c)| (i, c.text.clone()))
                .collect(),
        }
    }
}

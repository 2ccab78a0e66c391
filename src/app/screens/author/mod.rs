//! Author mode on the play screen: what a scenario's author needs while trying their file,
//! and what a learner never sees (it is off unless the top bar's "Author mode" or
//! `--author` turns it on).
//!
//! [`AuthorView::of`] gathers everything from the session and the library entry; the
//! drawing is split by part, each a plain function over its own view-model: [`details`]
//! (ids, effects and conditions beside every choice), [`map`] (the scene map, clicked to
//! jump), [`jump`] (the form that sets flags, pieces and meters for a jump), [`problems`]
//! (the file's `check` problems, updated on save) and [`copy`] (the path as an `--inputs`
//! line or a test plan). [`author_panel`] puts the map, problems and copy in a side panel.

pub mod copy;
pub mod details;
pub mod jump;
pub mod map;
pub mod problems;

use bevy::prelude::Resource;
use egui::{RichText, ScrollArea, Ui};

use crate::app::scenarios::Entry;
use crate::app::session::{Action, Playing};
use crate::app::widgets::colours;
use crate::engine::{Session, Step};

pub use copy::CopyView;
pub use details::Details;
pub use jump::JumpForm;
pub use map::MapView;
pub use problems::ProblemsView;

/// What author mode remembers between frames.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct AuthorMemory {
    /// The jump form, while it is open.
    pub jump: Option<JumpForm>,
    /// What was last copied to the clipboard, said back to the author.
    pub copied: Option<String>,
}

/// Everything author mode shows on the play screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthorView {
    /// The current scene's (or ending's) id.
    pub scene: String,
    /// Details of each offered choice, by its index in the scene's `choices` list.
    pub choices: Vec<(usize, Details)>,
    /// Details of each offered observation, by id.
    pub observations: Vec<(String, Details)>,
    /// Choices and observations in the scene that are not offered now (their condition
    /// fails): text and details.
    pub hidden: Vec<(String, Details)>,
    /// The scene map.
    pub map: MapView,
    /// The file's problems.
    pub problems: ProblemsView,
    /// The path, ready to copy.
    pub copy: CopyView,
    /// The jump form the map opens, prefilled from the current state.
    pub jump_defaults: JumpForm,
    /// Remembered between frames.
    pub memory: AuthorMemory,
    /// Set when the author jumps.
    pub action: Option<Action>,
}

impl AuthorView {
    /// Author mode's view of a session, with the problems of the file's newest version.
    pub fn of(playing: &Playing, entry: Option<&Entry>) -> AuthorView {
        let scenario = &playing.playable.scenario;
        let session = &playing.session;
        let state = &session.state;
        let (choices, hidden) = match session.current_scene(scenario) {
            Some(scene) => {
                let offered = session.offered_choices(scenario);
                let mut shown = Vec::new();
                let mut hidden = Vec::new();
                for (i, choice) in scene.choices.iter().enumerate() {
                    let details = Details::of_choice(choice, state);
                    if offered.iter().any(|(o, _)| *o == i) {
                        shown.push((i, details));
                    } else {
                        hidden.push((choice.text.clone(), details));
                    }
                }
                // Observations whose condition fails (not those already made on this visit).
                for observation in scene.observations.iter().map(|o| &o.value) {
                    let made = state.observed.contains(&observation.id.value);
                    let holds = observation.when.as_ref().is_none_or(|w| state.holds(w));
                    if !made && !holds {
                        hidden.push((
                            observation.label.clone(),
                            Details::of_observation(observation, state),
                        ));
                    }
                }
                (shown, hidden)
            }
            None => (Vec::new(), Vec::new()),
        };
        let observations = session
            .offered_observations(scenario)
            .into_iter()
            .map(|o| (o.id.value.clone(), Details::of_observation(o, state)))
            .collect();
        AuthorView {
            scene: state.scene.clone(),
            choices,
            observations,
            hidden,
            map: MapView::of(scenario, session),
            problems: ProblemsView::of(entry, &playing.playable.warnings),
            copy: CopyView::of(&playing.file, scenario, session),
            jump_defaults: JumpForm::of(scenario, session, &state.scene),
            memory: AuthorMemory::default(),
            action: None,
        }
    }
}

/// The scenes shown so far in the session, in order, without repeats; after a jump, the
/// path the jump started from comes first.
pub fn path_so_far(session: &Session) -> Vec<String> {
    let mut path: Vec<String> = session
        .jump
        .as_ref()
        .map(|j| j.path.clone())
        .unwrap_or_default();
    for step in &session.transcript {
        if let Step::Scene { scene, .. } = step
            && !path.contains(scene)
        {
            path.push(scene.clone());
        }
    }
    path
}

/// The side panel: the scene map, the file's problems and the path to copy. A click on a
/// scene opens the jump form.
pub fn author_panel(ui: &mut Ui, view: &mut AuthorView) {
    let p = colours(ui);
    ScrollArea::vertical()
        .id_salt("author-panel")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!("Author mode · scene {}", view.scene))
                    .monospace()
                    .color(p.accent),
            );
            ui.add_space(6.0);
            if let Some(scene) = map::map_ui(ui, &view.map) {
                let mut form = view.jump_defaults.clone();
                form.scene = scene;
                view.memory.jump = Some(form);
            }
            ui.add_space(8.0);
            problems::problems_ui(ui, &view.problems);
            ui.add_space(8.0);
            if let Some(copied) = copy::copy_ui(ui, &view.copy) {
                view.memory.copied = Some(copied);
            }
            if let Some(copied) = &view.memory.copied {
                ui.label(RichText::new(copied.as_str()).small().color(p.weak));
            }
        });
    if let Some(form) = view.memory.jump.as_mut() {
        match jump::jump_ui(ui, form) {
            Some(jump::JumpChoice::Jump(jump)) => {
                view.action = Some(Action::Jump(jump));
                view.memory.jump = None;
            }
            Some(jump::JumpChoice::Cancel) => view.memory.jump = None,
            None => {}
        }
    }
}

//! Author mode: the details beside each choice, the scene map and its jump form, the
//! problems panel and the copy buttons, each as an egui function driven with
//! `egui_kittest`; and in the headless app, `--author`, a jump and the debrief after it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use jigsaw::app::screens::author::AuthorView;
use jigsaw::app::screens::author::copy::{CopyView, copy_ui};
use jigsaw::app::screens::author::problems::{ProblemsView, problems_ui};
use jigsaw::app::screens::play::{PlayView, play_ui};
use jigsaw::app::screens::top_bar::{TopBarView, top_bar_ui};
use jigsaw::app::session::{Action, Playing};
use jigsaw::app::settings::Settings;
use jigsaw::engine::{Jump, Session};
use jigsaw::rubric::RubricFile;
use jigsaw::scenario::Scenario;
use jigsaw::validate::check_source;

use super::headless::{app_for, file, playing, send, settle, update_until};

const SHIPPED: &str = "scenarios/second-chance-contact.ron";

fn shipped() -> (Scenario, Option<jigsaw::explore::Bounds>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(SHIPPED)).expect("the shipped scenario");
    let rubric = RubricFile::for_folder(&root.join("scenarios"))
        .rubric
        .expect("the rubric");
    let checked = check_source(Path::new(SHIPPED), &source, &rubric);
    let scenario = checked.playable().cloned().expect("plays");
    (scenario, checked.bounds().cloned())
}

fn playing_with(session: impl FnOnce(&Scenario) -> Session) -> Playing {
    let (scenario, bounds) = shipped();
    let session = session(&scenario);
    super::playing(SHIPPED, scenario, bounds, session)
}

fn author_view(playing: &Playing) -> PlayView {
    let mut view = PlayView::of(playing);
    view.author = Some(AuthorView::of(playing, None));
    view
}

fn harness(view: PlayView) -> Harness<'static, PlayView> {
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(play_ui, view)
}

fn living_room() -> Jump {
    Jump {
        scene: "living-room".to_string(),
        path: vec!["the-file".to_string()],
        flags: BTreeSet::new(),
        found: BTreeSet::new(),
        meters: BTreeMap::from([("engagement".to_string(), 2)]),
    }
}

#[test]
fn learners_see_no_author_details() {
    let playing = playing_with(|s| Session::start(s, 7).expect("starts"));
    let harness = harness(PlayView::of(&playing));
    assert!(harness.query_by_label_contains("→ ").is_none());
    assert!(harness.query_by_label("Scene map").is_none());
}

#[test]
fn each_choice_shows_where_it_leads_and_what_it_changes() {
    let playing = playing_with(|s| Session::start(s, 7).expect("starts"));
    let harness = harness(author_view(&playing));
    harness.get_by_label("scene the-file");
    harness.get_by_label(
        "→ random: phone-answered ×2, phone-voicemail ×1 · score authority +1, child-focus +1 · 5 min",
    );
    harness.get_by_label(
        "→ doorstep-guarded · score authority +1, care −3 · meters engagement −3 · sets tamsin-guarded · 140 min",
    );
    harness.get_by_label(
        "lets pass: Two missed appointments and a text sent after midnight, handled as admin",
    );
    harness.get_by_label("look:gp-record · score curiosity +1, multi-agency +1 · reveals missed-immunisations · 5 min");
}

#[test]
fn conditions_are_written_as_in_the_file_with_whether_they_hold() {
    let playing = playing_with(|s| Session::jump(s, 7, living_room()).expect("jumps"));
    let harness = harness(author_view(&playing));
    // Engagement 2: the red book (engagement ≥ 4) is not offered, and says why.
    harness.get_by_label("Not offered now");
    harness.get_by_label(r#"when AtLeast("engagement", 4) — does not hold now"#);
    harness.get_by_label(r#"when NotFlag("saw-trainers") — holds now"#);
    harness.get_by_label(
        r#"when All([NotFound("night-shifts"), AtLeast("engagement", 3)]) — does not hold now"#,
    );
}

#[test]
fn clicking_a_scene_on_the_map_opens_the_jump_form_and_jump_asks_for_it() {
    let playing = playing_with(|s| Session::start(s, 7).expect("starts"));
    let mut harness = harness(author_view(&playing));
    harness.get_by_label("Scene map");
    harness.get_by_label("living-room").click();
    harness.run();
    harness.get_by_label("Jump to living-room");
    harness.get_by_label("saw-trainers").click();
    harness.run();
    harness.get_by_label("Jump").click();
    harness.run();
    let Some(Action::Jump(jump)) = harness.state().action.clone() else {
        panic!("expected a jump, got {:?}", harness.state().action);
    };
    assert_eq!(jump.scene, "living-room");
    assert_eq!(jump.path, ["the-file"]);
    assert_eq!(jump.flags, BTreeSet::from(["saw-trainers".to_string()]));
    // Prefilled from the state: every meter at its current value.
    assert_eq!(jump.meters["engagement"], 5);
    assert_eq!(jump.meters["ellis-observed"], 0);
}

#[test]
fn endings_on_the_map_cannot_be_jumped_to() {
    let playing = playing_with(|s| Session::start(s, 7).expect("starts"));
    let mut harness = harness(author_view(&playing));
    harness.get_by_label("not-seen").click();
    harness.run();
    assert!(harness.query_by_label("Jump to not-seen").is_none());
    assert_eq!(harness.state().action, None);
}

/// A scenario past the map's limit gets a sentence pointing to `jigsaw graph` instead of
/// hundreds of boxes laid out every frame.
#[test]
fn a_scenario_too_big_to_draw_says_so_instead_of_drawing() {
    use jigsaw::app::screens::author::map::MAX_MAP_BOXES;
    let mut playing = playing_with(|s| Session::start(s, 7).expect("starts"));
    let mut scenario = playing.playable.scenario.clone();
    let template = scenario.scenes[0].clone();
    let boxes = scenario.scenes.len() + scenario.endings.len();
    for n in 0..=(MAX_MAP_BOXES - boxes) {
        let mut extra = template.clone();
        extra.value.id.value = format!("extra-{n}");
        scenario.scenes.push(extra);
    }
    let total = scenario.scenes.len() + scenario.endings.len();
    assert_eq!(total, MAX_MAP_BOXES + 1);
    let first_scene = scenario.scenes[0].id.value.clone();
    playing.playable = Arc::new(jigsaw::app::scenarios::Playable {
        scenario,
        ..Arc::try_unwrap(playing.playable).expect("one owner")
    });
    let view = author_view(&playing);
    let map = &view.author.as_ref().expect("author view").map;
    assert_eq!(map.too_many, Some(total));
    assert!(map.nodes.is_empty());
    let harness = harness(view);
    harness.get_by_label_contains("too many to draw here");
    assert!(
        harness.query_by_label(&first_scene).is_none(),
        "no boxes are drawn"
    );
}

#[test]
fn the_problems_panel_lists_problems_or_says_there_are_none() {
    let harness = Harness::new_ui_state(problems_ui_owned, ProblemsView::default());
    harness.get_by_label("No problems");

    let view = ProblemsView {
        lines: vec![
            (true, "a.ron:6:33: error: a comma is missing".to_string()),
            (
                false,
                "a.ron:9:1: warning: the scene is never reached".to_string(),
            ),
        ],
    };
    let harness = Harness::new_ui_state(problems_ui_owned, view);
    harness.get_by_label("Problems · 1 error(s), 1 warning(s)");
    harness.get_by_label("a.ron:6:33: error: a comma is missing");
    assert!(harness.query_by_label("No problems").is_none());
}

fn problems_ui_owned(ui: &mut egui::Ui, view: &mut ProblemsView) {
    problems_ui(ui, view);
}

#[derive(Default)]
struct CopyState {
    view: CopyView,
    said: Option<String>,
}

#[test]
fn copying_the_path_puts_the_inputs_line_on_the_clipboard_and_says_so() {
    let (scenario, _) = shipped();
    let steps = jigsaw::engine::parse_script("look:gp-record,1").expect("script");
    let session = Session::play_script(&scenario, 7, &steps).expect("plays");
    let view = CopyView::of(Path::new(SHIPPED), &scenario, &session);
    let command = format!("jigsaw play {SHIPPED} --seed 7 --inputs \"look:gp-record,1\"");
    assert_eq!(view.command.as_deref(), Some(command.as_str()));
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut CopyState| {
            if let Some(said) = copy_ui(ui, &state.view) {
                state.said = Some(said);
            }
        },
        CopyState { view, said: None },
    );
    harness.get_by_label("Copy --inputs line").click();
    harness.step();
    let copied: Vec<&egui::OutputCommand> =
        harness.output().platform_output.commands.iter().collect();
    assert!(
        copied.contains(&&egui::OutputCommand::CopyText(command.clone())),
        "{copied:?}"
    );
    assert_eq!(harness.state().said, Some(format!("Copied: {command}")));

    harness.get_by_label("Copy as test plan").click();
    harness.step();
    let plan = harness.state().view.plan.clone().expect("a plan");
    assert!(plan.starts_with("// Copied from the app's author mode.\nTestPlan("));
    assert!(
        harness
            .output()
            .platform_output
            .commands
            .contains(&egui::OutputCommand::CopyText(plan))
    );
}

#[test]
fn a_jumped_session_offers_no_inputs_line() {
    let (scenario, _) = shipped();
    let session = Session::jump(&scenario, 7, living_room()).expect("jumps");
    let view = CopyView::of(Path::new(SHIPPED), &scenario, &session);
    let harness = Harness::new_ui_state(
        |ui, view: &mut CopyView| {
            copy_ui(ui, view);
        },
        view,
    );
    harness.get_by_label_contains("started from a jump");
    assert!(harness.query_by_label("Copy --inputs line").is_none());
}

#[test]
fn the_top_bar_toggles_author_mode() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 80.0))
        .build_ui_state(top_bar_ui, TopBarView::default());
    assert!(!harness.state().settings.author_mode, "off by default");
    harness.get_by_label("Author mode").click();
    harness.run();
    assert!(harness.state().settings.author_mode);
    assert!(!Settings::default().author_mode);
}

#[test]
fn author_flag_turns_author_mode_on_and_a_jump_is_said_in_the_debrief() {
    let folder = super::folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), false, |o| o.author = true);
    settle(&mut app);
    assert!(app.world().resource::<Settings>().author_mode);

    send(
        &mut app,
        Action::Open(file(folder.path(), "home-visit.ron")),
    );
    send(&mut app, Action::Start);
    send(
        &mut app,
        Action::Jump(Jump {
            scene: "living-room".to_string(),
            path: vec!["doorstep".to_string()],
            flags: BTreeSet::new(),
            found: BTreeSet::from(["empty-fridge".to_string()]),
            meters: BTreeMap::from([("trust".to_string(), 9)]),
        }),
    );
    let now = playing(&app);
    assert_eq!(now.session.state.scene, "living-room");
    assert_eq!(now.session.state.meters["trust"], 9);
    assert!(now.notice.as_deref().unwrap_or("").contains("jumped"));

    send(&mut app, Action::Choose(0));
    send(&mut app, Action::ShowDebrief);
    let sitting = app.world().resource::<jigsaw::app::session::Sitting>();
    let debrief = &sitting.finished.as_ref().expect("a debrief").debrief;
    assert_eq!(debrief.jumped_to.as_deref(), Some("living-room"));
    assert!(jigsaw::report::text::debrief(debrief).contains("started from a jump"));
}

#[test]
fn the_problems_panel_follows_saves_of_the_file() {
    let folder = super::folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), true, |o| o.author = true);
    settle(&mut app);
    let path = file(folder.path(), "home-visit.ron");
    let problems = |app: &bevy::app::App| {
        let library = app.world().resource::<jigsaw::app::scenarios::Library>();
        ProblemsView::of(library.entry(&path), &[]).lines
    };
    // The fixture plays with one warning, which the panel lists.
    let before = problems(&app);
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        !before[0].0
            && before[0]
                .1
                .contains("warning: no choice or observation scores")
    );

    let good = std::fs::read_to_string(&path).expect("read");
    let broken = good.replace(
        "    role: \"Family support worker\",",
        "    role: \"Family support worker\"",
    );
    std::fs::write(&path, &broken).expect("saved");
    update_until(&mut app, "the broken edit is seen", |w| {
        w.resource::<jigsaw::app::scenarios::Library>().entries[0].keeps_last_good()
    });
    let lines = problems(&app);
    assert!(lines[0].0, "an error");
    assert!(
        lines[0]
            .1
            .contains("home-visit.ron:6:33: error: a comma is missing"),
        "{lines:?}"
    );

    std::fs::write(&path, &good).expect("saved");
    update_until(&mut app, "the fix is seen", |w| {
        !w.resource::<jigsaw::app::scenarios::Library>().entries[0].keeps_last_good()
    });
    assert_eq!(problems(&app), before);
}

#[test]
fn after_a_jump_the_map_highlights_the_jump_and_the_path_it_came_from() {
    let playing = playing_with(|s| Session::jump(s, 7, living_room()).expect("jumps"));
    let view = AuthorView::of(&playing, None);
    let node = |id: &str| view.map.nodes.iter().find(|n| n.id == id).expect(id);
    assert!(node("living-room").current);
    assert!(node("the-file").on_path);
    assert!(!node("the-file").current);
    assert!(!node("the-lip").on_path);
}

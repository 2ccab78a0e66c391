//! Self-paced learning in the app: every step saved, "Carry on where you left off"
//! restoring the exact session in a new app, finished attempts kept in the history,
//! damaged progress files reported and moved aside while the rest loads, and the "My
//! progress" screen, the profile question and the reflective prompts driven with
//! egui_kittest.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jigsaw::app::Screen;
use jigsaw::app::screens::progress::{
    LibrarySelfPaced, ProgressAction, ProgressView, RecordView, SavedPlace, carry_on_box,
    library_header, progress_ui, record_ui,
};
use jigsaw::app::self_paced::SelfPaced;
use jigsaw::app::session::{Action, Sitting};
use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::explore::explore;
use jigsaw::progress::autosave;
use jigsaw::progress::history::{self, AttemptRecord, History, Reflection};
use jigsaw::progress::profile::Profile;
use jigsaw::rubric::Rubric;
use jigsaw::scenario::Scenario;
use jigsaw::validate::check_file;

use super::headless::{app_for, file, playing, send, settle, update_until};
use super::{fixtures, folder_with};

fn progress(folder: &Path) -> std::path::PathBuf {
    folder.join("data").join("progress")
}

#[test]
fn every_step_is_saved_and_a_new_app_carries_on_exactly_where_it_left_off() {
    let folder = folder_with(&["home-visit.ron"]);
    let visit = file(folder.path(), "home-visit.ron");
    let saved_session = {
        let mut app = app_for(folder.path(), false, |_| {});
        settle(&mut app);
        send(&mut app, Action::Open(visit.clone()));
        send(&mut app, Action::Start);
        let save = autosave::save_path(&progress(folder.path()), "home-visit");
        assert!(save.exists(), "saved as soon as the session starts");
        send(&mut app, Action::Observe("kitchen".into()));
        send(&mut app, Action::Choose(0));
        let on_disk: autosave::Save =
            serde_json::from_slice(&std::fs::read(&save).expect("saved")).expect("a whole save");
        assert_eq!(on_disk.session.inputs.len(), 2, "saved after every step");
        assert_eq!(on_disk.session, playing(&app).session);
        playing(&app).session.clone()
        // The app is dropped here without leaving the scenario, as if it were closed.
    };

    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    let state = app.world().resource::<SelfPaced>();
    assert!(
        state.saves.contains_key("home-visit"),
        "the library knows the save"
    );
    send(&mut app, Action::CarryOn(visit.clone()));
    assert_eq!(
        *app.world().resource::<bevy::prelude::State<Screen>>().get(),
        Screen::Play
    );
    let restored = &playing(&app).session;
    assert_eq!(restored.state, saved_session.state);
    assert_eq!(restored.totals, saved_session.totals);
    assert_eq!(restored.transcript, saved_session.transcript);

    // Finishing removes the save and keeps the attempt.
    send(&mut app, Action::Choose(0));
    send(&mut app, Action::ShowDebrief);
    let state = app.world().resource::<SelfPaced>();
    assert_eq!(state.history.attempts.len(), 1);
    let attempt = state.current_attempt().expect("the debrief's attempt");
    assert_eq!(attempt.path, ["doorstep", "living-room", "well-recorded"]);
    assert!(!state.saves.contains_key("home-visit"));
    assert!(!autosave::save_path(&progress(folder.path()), "home-visit").exists());
    let (history, problem) = history::load(&progress(folder.path()));
    assert!(problem.is_none());
    assert_eq!(history.attempts.len(), 1);
}

#[test]
fn carry_on_at_launch_opens_the_saved_place_straight_away() {
    let folder = folder_with(&["home-visit.ron"]);
    {
        let mut app = app_for(folder.path(), false, |_| {});
        settle(&mut app);
        send(
            &mut app,
            Action::Open(file(folder.path(), "home-visit.ron")),
        );
        send(&mut app, Action::Start);
        send(&mut app, Action::Choose(0));
    }
    let mut app = app_for(folder.path(), false, |o| {
        o.open = Some("home-visit".to_string());
        o.carry_on = true;
    });
    settle(&mut app);
    update_until(&mut app, "the session is carried on", |w| {
        w.resource::<Sitting>().playing.is_some()
    });
    assert_eq!(playing(&app).session.state.scene, "living-room");
    assert!(
        playing(&app)
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("where you left off")
    );
}

#[test]
fn a_damaged_history_and_a_truncated_save_are_reported_moved_aside_and_the_rest_loads() {
    let folder = folder_with(&["home-visit.ron"]);
    let dir = progress(folder.path());
    // A good save for one scenario, a truncated one for another, a garbage history, and a
    // profile.
    {
        let mut app = app_for(folder.path(), false, |_| {});
        settle(&mut app);
        send(
            &mut app,
            Action::Open(file(folder.path(), "home-visit.ron")),
        );
        send(&mut app, Action::Start);
        send(&mut app, Action::Choose(0));
    }
    let good = std::fs::read_to_string(autosave::save_path(&dir, "home-visit")).expect("saved");
    std::fs::write(
        autosave::save_path(&dir, "another-visit"),
        &good[..good.len() / 3],
    )
    .expect("writes");
    std::fs::write(history::path(&dir), "{\"attempts\": [ {\"id\": 12, ").expect("writes");
    jigsaw::progress::profile::save(
        &dir,
        &Profile {
            name: "Sam".into(),
            role: "Health visitor".into(),
        },
    )
    .expect("profile");

    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    let state = app.world().resource::<SelfPaced>();
    assert_eq!(state.problems.len(), 2, "{:#?}", state.problems);
    assert!(
        state
            .problems
            .iter()
            .any(|p| p.starts_with("Your history of attempts") && p.contains("moved aside"))
    );
    assert!(
        state
            .problems
            .iter()
            .any(|p| p.starts_with("A saved place in a scenario") && p.contains("cut short"))
    );
    assert!(
        state.saves.contains_key("home-visit"),
        "the good save loads"
    );
    assert_eq!(state.profile.as_ref().map(|p| p.name.as_str()), Some("Sam"));
    let moved: Vec<String> = std::fs::read_dir(&dir)
        .expect("folder")
        .chain(std::fs::read_dir(dir.join("saves")).expect("saves"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(moved.len(), 2, "{moved:?}");
    // The library shows them.
    let view = LibrarySelfPaced::of(state, app.world().resource());
    assert_eq!(view.problems.len(), 2);
    assert!(
        view.saves
            .contains_key(&file(folder.path(), "home-visit.ron"))
    );
}

fn scenario() -> (Scenario, Rubric) {
    let rubric = Rubric::built_in();
    let checked = check_file(&fixtures().join("home-visit.ron"), &rubric);
    (checked.playable().cloned().expect("plays"), rubric)
}

fn attempt(choices: &[usize]) -> AttemptRecord {
    let (scenario, rubric) = scenario();
    let mut session = Session::start(&scenario, 1).expect("starts");
    for choice in choices {
        session.choose(&scenario, *choice).expect("chooses");
    }
    let debrief = Debrief::new(
        &scenario,
        &rubric,
        &session,
        explore(&scenario).bounds.as_ref(),
    );
    AttemptRecord::new(&scenario, &rubric, &session, &debrief, 600)
}

fn three_attempts() -> History {
    let mut history = History::default();
    for choices in [&[0, 1][..], &[0, 0], &[0, 0]] {
        history.attempts.push(attempt(choices));
    }
    history.attempts[2].reflection = Reflection {
        surprised: "The fridge.".into(),
        ..Reflection::default()
    };
    history
}

fn progress_harness(view: ProgressView) -> Harness<'static, ProgressView> {
    Harness::builder()
        .with_size(egui::vec2(1100.0, 3000.0))
        .build_ui_state(progress_ui, view)
}

#[test]
fn my_progress_lists_attempts_charts_and_what_is_not_yet_met() {
    let (scenario, rubric) = scenario();
    let history = three_attempts();
    let view = ProgressView::of(&history, &[&scenario], &rubric);
    assert_eq!(view.scenarios.len(), 1);
    assert_eq!(view.scenarios[0].attempts.len(), 3);
    assert!(view.scenarios_not_met.is_empty());
    assert!(
        view.concepts_not_met.len() > 5,
        "the glossary's other concepts"
    );
    let harness = progress_harness(view);
    harness.get_by_label("My progress");
    harness.get_by_label("A short home visit");
    harness.get_by_label("3 attempts");
    harness.get_by_label("Scores over your attempts");
    harness.get_by_label("Care and authority, attempt by attempt");
    harness.get_by_label("Not yet met");
    harness.get_by_label("Practice concepts you have not met yet");
    harness.get_by_label("The fridge.");
    assert_eq!(harness.query_all_by_label("Edit reflections").count(), 1);
    assert_eq!(harness.query_all_by_label("Add reflections").count(), 2);
    assert_eq!(
        harness
            .query_all_by_label("Save portfolio record (HTML)")
            .count(),
        3
    );
}

#[test]
fn my_progress_asks_to_edit_reflections_and_save_a_portfolio_record() {
    let (scenario, rubric) = scenario();
    let history = three_attempts();
    let id = history.attempts[2].id.clone();
    let mut harness = progress_harness(ProgressView::of(&history, &[&scenario], &rubric));
    harness.get_by_label("Edit reflections").click();
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(ProgressAction::EditReflection(id.clone()))
    );

    let mut view = ProgressView::of(&history, &[&scenario], &rubric);
    view.editing = Some((id.clone(), history.attempts[2].reflection.clone()));
    let mut harness = progress_harness(view);
    harness
        .get_by_label("What will you do differently on your next visit?")
        .focus();
    harness.run();
    harness
        .get_by_label("What will you do differently on your next visit?")
        .type_text("Ask about the fridge sooner.");
    harness.run();
    harness.get_by_label("Save reflections").click();
    harness.run();
    let state = harness.state();
    assert_eq!(state.action, Some(ProgressAction::SaveReflection));
    let (_, edited) = state.editing.as_ref().expect("editing");
    assert_eq!(edited.differently, "Ask about the fridge sooner.");
    assert_eq!(edited.surprised, "The fridge.");
}

#[test]
fn the_library_asks_for_a_profile_once_and_offers_to_carry_on() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 800.0))
        .build_ui_state(
            |ui, view: &mut LibrarySelfPaced| {
                library_header(ui, view);
            },
            LibrarySelfPaced {
                enabled: true,
                ask_profile: Some(Profile::default()),
                ..LibrarySelfPaced::default()
            },
        );
    harness.get_by_label("Your name (optional)").focus();
    harness.run();
    harness
        .get_by_label("Your name (optional)")
        .type_text("Sam Okafor");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(
        harness.state().answered.as_ref().map(|p| p.name.as_str()),
        Some("Sam Okafor")
    );

    let place = SavedPlace {
        when: "2026-12-01 09:05 UTC".into(),
        steps: 3,
        clock: "10:12".into(),
        start_again: None,
    };
    let file = std::path::PathBuf::from("scenarios/home-visit.ron");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 400.0))
        .build_ui_state(
            move |ui, chosen: &mut Option<Action>| {
                if let Some(action) = carry_on_box(ui, &file, &place) {
                    *chosen = Some(action);
                }
            },
            None,
        );
    harness.get_by_label("Carry on where you left off").click();
    harness.run();
    assert_eq!(
        *harness.state(),
        Some(Action::CarryOn("scenarios/home-visit.ron".into()))
    );
}

#[test]
fn the_debrief_asks_the_reflective_prompts_and_offers_the_portfolio_record() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 900.0))
        .build_ui_state(record_ui, RecordView::default());
    for prompt in jigsaw::progress::history::PROMPTS {
        harness.get_by_label(prompt);
    }
    harness.get_by_label("What surprised you?").focus();
    harness.run();
    harness
        .get_by_label("What surprised you?")
        .type_text("How little I asked.");
    harness.run();
    assert_eq!(harness.state().reflection.surprised, "How little I asked.");
    harness.get_by_label("Save portfolio record (HTML)").click();
    harness.run();
    assert!(harness.state().portfolio);
}

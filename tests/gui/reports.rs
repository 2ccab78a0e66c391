//! The debrief's report buttons and the transcript the app writes at the end of a session.

use std::path::Path;
use std::time::{Duration, Instant};

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use jigsaw::app::reports::Reports;
use jigsaw::app::scenarios::Library;
use jigsaw::app::screens::debrief::{DebriefView, ReportsView, debrief_ui};
use jigsaw::app::session::{Action, Sitting};
use jigsaw::app::{AppOptions, Launch};
use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::report::transcript::Transcript;
use jigsaw::report::{Attempt, Format};
use jigsaw::rubric::{Rubric, RubricFile};
use jigsaw::validate::check_file;

use super::{fixtures, folder_with};

fn debrief_view(reports: ReportsView) -> DebriefView {
    let path = fixtures().join("home-visit.ron");
    let rubric = Rubric::built_in();
    let checked = check_file(&path, &rubric);
    let scenario = checked.playable().cloned().expect("plays");
    let mut session = Session::start(&scenario, 1).expect("starts");
    session.choose(&scenario, 0).expect("a choice");
    DebriefView {
        debrief: Debrief::new(&scenario, &rubric, &session, checked.bounds()),
        thresholds: (50, 50),
        can_play_again: true,
        reports,
        action: None,
    }
}

#[test]
fn the_debrief_offers_a_report_in_each_format_and_asks_for_the_one_clicked() {
    let view = debrief_view(ReportsView {
        available: true,
        can_send: false,
        notice: Some("Transcript saved to /tmp/t.json".to_string()),
        record: None,
    });
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 4000.0))
        .build_ui_state(debrief_ui, view);
    harness.get_by_label("Reports");
    harness.get_by_label("Transcript saved to /tmp/t.json");
    assert!(
        harness
            .query_by_label("Send to learning record store")
            .is_none(),
        "no LRS is set up"
    );
    harness.get_by_label("Save printable report (HTML)").click();
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(Action::SaveReport(Format::Html))
    );
    harness.get_by_label("Save scores (CSV)").click();
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(Action::SaveReport(Format::Csv))
    );
}

#[test]
fn with_an_lrs_set_up_the_debrief_offers_to_send() {
    let view = debrief_view(ReportsView {
        available: true,
        can_send: true,
        notice: None,
        record: None,
    });
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 4000.0))
        .build_ui_state(debrief_ui, view);
    harness
        .get_by_label("Send to learning record store")
        .click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::SendToLrs));
}

fn headless_app(folder: &Path) -> App {
    let chosen = AppOptions {
        scenario_dirs: vec![folder.to_path_buf()],
        // Settings (and reports.ron beside them) live apart from the scenarios.
        settings: Some(folder.join("config/settings.ron")),
        seed: Some(7),
        data_dir: Some(folder.join("data")),
        ..AppOptions::default()
    };
    let launch = Launch::new(&chosen);
    let mut app = App::new();
    launch.register_sources(&mut app);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            file_path: launch.asset_root(),
            watch_for_changes_override: Some(false),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
    ));
    app.insert_resource(launch);
    app.add_plugins(jigsaw::app::headless);
    let start = Instant::now();
    loop {
        app.update();
        if app.world().resource::<Library>().settled() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the library did not load"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    app.update();
    app
}

fn send(app: &mut App, action: Action) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_finished_session_leaves_a_transcript_that_rebuilds_its_debrief_and_saves_reports() {
    let folder = folder_with(&["home-visit.ron"]);
    std::fs::create_dir_all(folder.path().join("config")).unwrap();
    std::fs::write(
        folder.path().join("config/reports.ron"),
        "(learner: Some(\"Sam Patel\"), group: Some(\"Tuesday\"))",
    )
    .unwrap();
    let mut app = headless_app(folder.path());
    let scenario_file = folder.path().join("home-visit.ron");
    send(&mut app, Action::Open(scenario_file.clone()));
    send(&mut app, Action::Start);
    send(&mut app, Action::Observe("kitchen".into()));
    send(&mut app, Action::Choose(0));
    send(&mut app, Action::Choose(0));
    send(&mut app, Action::ShowDebrief);

    let data = folder.path().join("data");
    let transcripts = files_in(&data.join("transcripts"));
    let notice = app
        .world()
        .resource::<Reports>()
        .notice()
        .unwrap_or_default();
    assert_eq!(
        transcripts.len(),
        1,
        "one transcript per session ({notice})"
    );
    assert!(notice.starts_with("Transcript saved to"), "{notice}");

    // The transcript rebuilds exactly the debrief the app shows.
    let transcript = Transcript::read(&transcripts[0]).expect("a transcript");
    assert_eq!(transcript.learner.as_deref(), Some("Sam Patel"));
    assert_eq!(transcript.group.as_deref(), Some("Tuesday"));
    assert!(transcript.finished);
    assert!(
        transcript.steps.iter().all(|s| s.at().is_some()),
        "every step is timed"
    );
    let rubric_file = RubricFile::built_in();
    let rubric = rubric_file.rubric.clone().unwrap();
    let checked = check_file(&scenario_file, &rubric);
    let attempt = Attempt::rebuild(
        transcript,
        checked.playable().unwrap(),
        &checked.source,
        checked.bounds(),
        &rubric,
        &rubric_file.source,
    )
    .expect("the transcript replays");
    let shown = &app
        .world()
        .resource::<Sitting>()
        .finished
        .as_ref()
        .unwrap()
        .debrief;
    assert_eq!(&attempt.debrief, shown);

    for format in Format::ALL {
        send(&mut app, Action::SaveReport(format));
    }
    let reports = files_in(&data.join("reports"));
    assert_eq!(reports.len(), 4, "{reports:?}");
    let html = reports
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap();
    assert!(
        std::fs::read_to_string(html)
            .unwrap()
            .contains("Sam Patel (Tuesday)")
    );
    let notice = app
        .world()
        .resource::<Reports>()
        .notice()
        .unwrap_or_default();
    assert!(notice.starts_with("xAPI report saved to"), "{notice}");

    // With no LRS set up, sending says how to set one up and queues nothing.
    send(&mut app, Action::SendToLrs);
    let notice = app
        .world()
        .resource::<Reports>()
        .notice()
        .unwrap_or_default();
    assert!(notice.contains("reports.ron"), "{notice}");
    assert!(files_in(&data.join("outbox")).is_empty());
}

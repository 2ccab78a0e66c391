//! The Bevy app without a window: `MinimalPlugins`, `StatesPlugin` and `AssetPlugin`, with
//! real scenario files loaded through the app's asset loader, sessions driven by the same
//! messages the screens send, and files edited on disk while the app runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use jigsaw::app::Screen;
use jigsaw::app::scenarios::Library;
use jigsaw::app::screens::library::{EntryState, EntryView};
use jigsaw::app::screens::play::PlayView;
use jigsaw::app::session::{Action, Overlay, Playing, Sitting};
use jigsaw::app::settings::{Settings, SettingsFile};
use jigsaw::app::{AppOptions, Launch};
use jigsaw::store::write_atomically;

use super::folder_with;

/// A headless app over `folder`, watching files when `watch` is set.
pub(super) fn app_for(folder: &Path, watch: bool, options: impl FnOnce(&mut AppOptions)) -> App {
    let mut chosen = AppOptions {
        scenario_dirs: vec![folder.to_path_buf()],
        settings: Some(folder.join("settings.ron")),
        seed: Some(7),
        data_dir: Some(folder.join("data")),
        ..AppOptions::default()
    };
    options(&mut chosen);
    let launch = Launch::new(&chosen);
    let mut app = App::new();
    launch.register_sources(&mut app);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            file_path: launch.asset_root(),
            watch_for_changes_override: Some(watch),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
    ));
    app.insert_resource(launch);
    app.add_plugins(jigsaw::app::headless);
    app
}

/// Runs frames until `done` holds, failing after a generous timeout.
pub(super) fn update_until(app: &mut App, what: &str, done: impl Fn(&World) -> bool) {
    let start = Instant::now();
    loop {
        app.update();
        if done(app.world()) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

pub(super) fn settle(app: &mut App) {
    update_until(app, "the library has loaded", |w| {
        w.resource::<Library>().settled()
    });
    // One more frame for `--open` and state transitions.
    app.update();
}

pub(super) fn send(app: &mut App, action: Action) {
    app.world_mut().write_message(action);
    // Applied in this frame's Update; the screen changes in the next frame's transition.
    app.update();
    app.update();
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

pub(super) fn playing(app: &App) -> &Playing {
    app.world()
        .resource::<Sitting>()
        .playing
        .as_ref()
        .expect("a session is in play")
}

pub(super) fn file(folder: &Path, name: &str) -> PathBuf {
    folder.join(name)
}

/// Plays the fixture up to its second scene, `living-room`.
fn play_to_living_room(app: &mut App, folder: &Path) {
    send(app, Action::Open(file(folder, "home-visit.ron")));
    send(app, Action::Start);
    send(app, Action::Choose(0));
    assert_eq!(playing(app).session.state.scene, "living-room");
}

#[test]
fn plays_a_scenario_file_to_the_debrief_through_messages() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    assert_eq!(screen(&app), Screen::Library);

    send(
        &mut app,
        Action::Open(file(folder.path(), "home-visit.ron")),
    );
    assert_eq!(screen(&app), Screen::Prebrief);
    send(&mut app, Action::Start);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).session.state.scene, "doorstep");

    send(&mut app, Action::Observe("kitchen".into()));
    let view = PlayView::of(playing(&app));
    assert_eq!(view.notes.clock, "10:02");
    assert_eq!(view.notes.pieces[0].0, "An empty fridge");
    assert_eq!(view.looks[0].label, "Look into the kitchen");
    assert!(
        view.observations.is_empty(),
        "an observation is made once per visit"
    );

    send(&mut app, Action::Choose(0));
    send(&mut app, Action::Choose(0));
    assert!(playing(&app).session.is_finished());
    assert_eq!(
        screen(&app),
        Screen::Play,
        "the ending shows before the debrief"
    );

    send(&mut app, Action::ShowDebrief);
    assert_eq!(screen(&app), Screen::Debrief);
    let sitting = app.world().resource::<Sitting>();
    let debrief = &sitting.finished.as_ref().expect("a debrief").debrief;
    assert_eq!(debrief.completeness, 100);
    assert_eq!(debrief.path.len(), 3);
    assert_eq!(
        debrief.ending.as_ref().map(|e| e.0.as_str()),
        Some("A clear record")
    );
    assert!(debrief.quadrant.is_some());

    send(&mut app, Action::BackToLibrary);
    assert_eq!(screen(&app), Screen::Library);
}

#[test]
fn a_failing_scenario_is_listed_with_its_error_not_hidden() {
    let folder = folder_with(&["home-visit.ron", "broken-visit.ron"]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    let library = app.world().resource::<Library>();
    assert_eq!(library.entries.len(), 2, "both files are listed");
    let broken = library
        .entry(&file(folder.path(), "broken-visit.ron"))
        .expect("listed");
    assert!(broken.good.is_none());
    let lines = broken.problem_lines();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].ends_with("broken-visit.ron:5:33: error: a comma is missing (put a comma after each field and each item in a list)"), "{}", lines[0]);
    assert!(matches!(
        EntryView::of(broken).state,
        EntryState::Broken { .. }
    ));
    let good = library
        .entry(&file(folder.path(), "home-visit.ron"))
        .expect("listed");
    assert!(
        matches!(EntryView::of(good).state, EntryState::Ready { ref warnings } if !warnings.is_empty())
    );

    // A broken scenario cannot be opened.
    send(
        &mut app,
        Action::Open(file(folder.path(), "broken-visit.ron")),
    );
    assert_eq!(screen(&app), Screen::Library);
}

/// A named pipe and a link to `/dev/zero` among the scenarios: the library settles, lists each
/// with what it is, and never opens them (opening the pipe would hold a loading thread for
/// ever; reading the device would never end). A file that is not UTF-8 is listed with the
/// place of its first bad byte, as `jigsaw check` reports it.
#[cfg(unix)]
#[test]
fn pipes_devices_and_other_encodings_are_listed_with_their_problem_not_opened() {
    let folder = folder_with(&["home-visit.ron"]);
    let pipe = std::ffi::CString::new(
        file(folder.path(), "pipe.ron")
            .to_str()
            .expect("utf-8 path"),
    )
    .expect("path");
    // SAFETY: mkfifo with a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0, "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", file(folder.path(), "zero.ron")).expect("symlink");
    let mut latin1 = std::fs::read(file(folder.path(), "home-visit.ron")).expect("read");
    let at = latin1.iter().position(|&b| b == b'"').expect("a string") + 1;
    latin1.insert(at, 0xA3);
    std::fs::write(file(folder.path(), "latin1.ron"), &latin1).expect("write");

    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    let library = app.world().resource::<Library>();
    assert_eq!(library.entries.len(), 4, "every file is listed");
    let problem = |name: &str| {
        let entry = library.entry(&file(folder.path(), name)).expect("listed");
        assert!(entry.good.is_none(), "{name} cannot be played");
        entry.problem_lines().join("\n")
    };
    assert!(
        problem("pipe.ron").ends_with("it is a named pipe, not a file"),
        "{}",
        problem("pipe.ron")
    );
    assert!(
        problem("zero.ron").ends_with("it is a device, not a file"),
        "{}",
        problem("zero.ron")
    );
    let before = std::str::from_utf8(&latin1[..at]).expect("valid before the bad byte");
    let (line, column) = jigsaw::diagnostic::line_column(before, at);
    let bad = problem("latin1.ron");
    assert!(
        bad.contains(&format!(
            "latin1.ron:{line}:{column}: error: this scenario file is not UTF-8 text"
        )),
        "{bad}"
    );
    assert!(
        library
            .playable(&file(folder.path(), "home-visit.ron"))
            .is_some()
    );
}

/// A trainer copies a scenario to make a variant and forgets to change its id: the library
/// lists both, the copy cannot be opened and says which file has the id (within a folder
/// and across the library's folders, as progress is kept per id), and once the copy's id
/// is changed it plays.
#[test]
fn a_copy_with_the_same_scenario_id_cannot_be_opened_until_its_id_changes() {
    let folder = folder_with(&["home-visit.ron"]);
    let other = folder_with(&[]);
    let original = std::fs::read_to_string(file(folder.path(), "home-visit.ron")).expect("read");
    std::fs::write(file(folder.path(), "home-visit-copy.ron"), &original).expect("copy");
    std::fs::write(file(other.path(), "home-visit.ron"), &original).expect("copy");
    let mut app = app_for(folder.path(), true, |o| {
        o.scenario_dirs.push(other.path().to_path_buf())
    });
    settle(&mut app);

    let library = app.world().resource::<Library>();
    assert_eq!(library.entries.len(), 3);
    assert!(
        library
            .playable(&file(folder.path(), "home-visit.ron"))
            .is_some(),
        "the first keeps its id"
    );
    for copy in [
        file(folder.path(), "home-visit-copy.ron"),
        file(other.path(), "home-visit.ron"),
    ] {
        let entry = library.entry(&copy).expect("listed");
        assert!(
            library.playable(&copy).is_none(),
            "{} cannot be opened",
            copy.display()
        );
        let lines = entry.problem_lines().join("\n");
        assert!(
            lines.contains("error: the scenario id `home-visit` is also used by")
                && lines.contains("home-visit.ron` in this library"),
            "{lines}"
        );
        assert!(matches!(
            EntryView::of(entry).state,
            EntryState::Broken { .. }
        ));
    }
    send(
        &mut app,
        Action::Open(file(folder.path(), "home-visit-copy.ron")),
    );
    assert_eq!(
        screen(&app),
        Screen::Library,
        "a clashing copy does not open"
    );

    // Give the copy its own id: it plays, and the other copy still clashes.
    let renamed = original.replacen("id: \"home-visit\"", "id: \"home-visit-variant\"", 1);
    write_atomically(
        &file(folder.path(), "home-visit-copy.ron"),
        renamed.as_bytes(),
    )
    .expect("save");
    update_until(&mut app, "the renamed copy can be played", |w| {
        w.resource::<Library>()
            .playable(&file(folder.path(), "home-visit-copy.ron"))
            .is_some()
    });
    let library = app.world().resource::<Library>();
    assert!(
        library
            .playable(&file(other.path(), "home-visit.ron"))
            .is_none()
    );
}

#[test]
fn saving_an_edit_reloads_it_and_the_session_carries_on_at_the_same_scene() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), true, |_| {});
    settle(&mut app);
    play_to_living_room(&mut app, folder.path());

    let path = file(folder.path(), "home-visit.ron");
    let edited = std::fs::read_to_string(&path)
        .expect("read")
        .replace("Money's been tight", "Money has been tight");
    // Saved the way many editors do: a new file renamed over the old one.
    write_atomically(&path, edited.as_bytes()).expect("saved");
    update_until(&mut app, "the edit is adopted", |w| {
        w.resource::<Sitting>()
            .playing
            .as_ref()
            .is_some_and(|p| p.playable.revision == 2)
    });
    let now = playing(&app);
    assert_eq!(now.session.state.scene, "living-room");
    assert_eq!(now.session.transcript.len(), 3, "the path so far is kept");
    assert!(PlayView::of(now).text.starts_with("Money has been tight"));
    assert!(now.notice.as_deref().unwrap_or("").contains("new version"));

    // Saved in place, as other editors do.
    let again = edited.replace("Money has been tight", "Money is tight");
    std::fs::write(&path, again).expect("saved");
    update_until(&mut app, "the second edit is adopted", |w| {
        w.resource::<Sitting>()
            .playing
            .as_ref()
            .is_some_and(|p| p.playable.revision == 3)
    });
    assert!(
        PlayView::of(playing(&app))
            .text
            .starts_with("Money is tight")
    );
}

#[test]
fn a_scenario_file_added_while_the_app_runs_joins_the_library() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), true, |_| {});
    settle(&mut app);
    assert_eq!(app.world().resource::<Library>().entries.len(), 1);

    let added = file(folder.path(), "second-visit.ron");
    let copy = std::fs::read_to_string(file(folder.path(), "home-visit.ron"))
        .expect("read")
        .replace("id: \"home-visit\"", "id: \"second-visit\"");
    write_atomically(&added, copy.as_bytes()).expect("saved");
    update_until(&mut app, "the new file is listed and playable", |w| {
        w.resource::<Library>()
            .entry(&added)
            .is_some_and(|e| e.good.is_some())
    });
    assert_eq!(app.world().resource::<Library>().entries.len(), 2);
}

#[test]
fn broken_edit_keeps_last_good_scenario() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), true, |_| {});
    settle(&mut app);
    send(
        &mut app,
        Action::Open(file(folder.path(), "home-visit.ron")),
    );
    send(&mut app, Action::Start);

    let path = file(folder.path(), "home-visit.ron");
    let good = std::fs::read_to_string(&path).expect("read");
    let broken = good.replace(
        "    role: \"Family support worker\",",
        "    role: \"Family support worker\"",
    );
    std::fs::write(&path, &broken).expect("saved");
    update_until(&mut app, "the broken edit is seen", |w| {
        w.resource::<Library>().entries[0].keeps_last_good()
    });
    let entry = &app.world().resource::<Library>().entries[0];
    assert_eq!(entry.good.as_ref().map(|g| g.revision), Some(1));
    let lines = entry.problem_lines();
    assert!(
        lines[0].contains("home-visit.ron:6:33: error: a comma is missing"),
        "{lines:?}"
    );

    // The session plays on with the last good version.
    send(&mut app, Action::Choose(0));
    assert_eq!(playing(&app).session.state.scene, "living-room");
    assert_eq!(playing(&app).playable.revision, 1);

    // Fixing the file brings the new version in.
    std::fs::write(&path, good.replace("Money's been tight", "Money's tight")).expect("saved");
    update_until(&mut app, "the fix is adopted", |w| {
        w.resource::<Sitting>()
            .playing
            .as_ref()
            .is_some_and(|p| p.playable.revision == 2)
    });
    assert!(!app.world().resource::<Library>().entries[0].keeps_last_good());
    assert!(
        PlayView::of(playing(&app))
            .text
            .starts_with("Money's tight")
    );
}

#[test]
fn an_edit_that_removes_the_current_scene_keeps_the_version_being_played() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), true, |_| {});
    settle(&mut app);
    play_to_living_room(&mut app, folder.path());

    let path = file(folder.path(), "home-visit.ron");
    let source = std::fs::read_to_string(&path).expect("read");
    // Rename the scene the learner is in.
    let edited = source
        .replace("id: \"living-room\"", "id: \"front-room\"")
        .replace("next: \"living-room\"", "next: \"front-room\"");
    std::fs::write(&path, edited).expect("saved");
    update_until(&mut app, "the edit has loaded", |w| {
        w.resource::<Library>().entries[0]
            .good
            .as_ref()
            .is_some_and(|g| g.revision == 2)
    });
    app.update();
    let now = playing(&app);
    assert_eq!(now.playable.revision, 1, "still the version started");
    assert_eq!(now.session.state.scene, "living-room");
    assert!(
        now.notice
            .as_deref()
            .unwrap_or("")
            .contains("no longer in it")
    );
    send(&mut app, Action::Choose(0));
    assert!(playing_finished(&app));
}

fn playing_finished(app: &App) -> bool {
    playing(app).session.is_finished()
}

#[test]
fn autoplay_plays_the_script_to_the_debrief() {
    let folder = folder_with(&["home-visit.ron", "broken-visit.ron"]);
    let mut app = app_for(folder.path(), false, |o| {
        o.open = Some("home-visit".into());
        o.autoplay = Some("look:kitchen,1,1".into());
    });
    update_until(&mut app, "the debrief shows", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let sitting = app.world().resource::<Sitting>();
    let debrief = &sitting.finished.as_ref().expect("a debrief").debrief;
    assert_eq!(debrief.completeness, 100);
    assert!(debrief.path[0].observation);
    assert!(app.should_exit().is_none());
}

#[test]
fn an_autoplay_step_that_cannot_be_played_ends_the_app_with_an_error() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), false, |o| {
        o.open = Some(file(folder.path(), "home-visit.ron").display().to_string());
        o.autoplay = Some("1,5".into());
    });
    update_until(&mut app, "the app asks to exit", |w| {
        !w.resource::<Messages<AppExit>>().is_empty()
    });
    app.update();
    assert!(matches!(app.should_exit(), Some(AppExit::Error(_))));
    assert_eq!(playing(&app).session.state.scene, "living-room");
}

#[test]
fn opening_a_scenario_by_id_goes_to_its_prebrief_and_an_unknown_one_explains() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), false, |o| o.open = Some("home-visit".into()));
    settle(&mut app);
    app.update();
    assert_eq!(screen(&app), Screen::Prebrief);

    let mut app = app_for(folder.path(), false, |o| {
        o.open = Some("no-such-visit".into())
    });
    settle(&mut app);
    app.update();
    assert_eq!(screen(&app), Screen::Library);
    let notice = app
        .world()
        .resource::<Sitting>()
        .notice
        .clone()
        .unwrap_or_default();
    assert!(
        notice.contains("no scenario called \"no-such-visit\""),
        "{notice}"
    );
}

#[test]
fn leaving_asks_first_then_goes_to_the_library_or_the_debrief_so_far() {
    let folder = folder_with(&["home-visit.ron"]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    play_to_living_room(&mut app, folder.path());
    send(&mut app, Action::Pause);
    assert_eq!(playing(&app).overlay, Overlay::Paused);
    send(&mut app, Action::AskToLeave);
    assert_eq!(playing(&app).overlay, Overlay::ConfirmLeave);
    assert_eq!(screen(&app), Screen::Play, "asking does not leave");
    send(&mut app, Action::Resume);
    assert_eq!(playing(&app).overlay, Overlay::None);

    send(&mut app, Action::EndEarly);
    assert_eq!(screen(&app), Screen::Debrief);
    let sitting = app.world().resource::<Sitting>();
    let debrief = &sitting.finished.as_ref().expect("a debrief so far").debrief;
    assert!(debrief.ending.is_none());
    assert_eq!(debrief.path.len(), 1);

    send(&mut app, Action::PlayAgain);
    assert_eq!(screen(&app), Screen::Prebrief);
    send(&mut app, Action::Start);
    send(&mut app, Action::AskToLeave);
    send(&mut app, Action::Leave);
    assert_eq!(screen(&app), Screen::Library);
    assert!(app.world().resource::<Sitting>().playing.is_none());
}

#[test]
fn a_missing_folder_and_a_broken_rubric_are_messages_not_crashes() {
    let folder = folder_with(&["home-visit.ron"]);
    std::fs::write(folder.path().join("rubric.ron"), "Rubric(dimensions: [").expect("written");
    let missing = folder.path().join("not-here");
    let mut app = app_for(folder.path(), false, |o| {
        o.scenario_dirs.push(missing.clone())
    });
    settle(&mut app);
    let launch = app.world().resource::<Launch>();
    assert_eq!(launch.rubric_problems.len(), 1);
    assert!(
        launch.rubric_problems[0].contains("rubric.ron"),
        "{}",
        launch.rubric_problems[0]
    );
    let library = app.world().resource::<Library>();
    assert!(
        library.problems[0].contains("not-here was not found"),
        "{:?}",
        library.problems
    );
    assert_eq!(
        library.entries.len(),
        1,
        "the rubric file is not listed as a scenario"
    );
    assert!(
        library.entries[0].good.is_some(),
        "scored with the built-in rubric instead"
    );
}

#[test]
fn changing_a_setting_saves_it_for_next_time() {
    let folder = folder_with(&[]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    app.world_mut().resource_mut::<Settings>().high_contrast = true;
    app.update();
    let path = folder.path().join("settings.ron");
    let (saved, problem) = jigsaw::app::settings::load(&path);
    assert_eq!(problem, None);
    assert!(saved.high_contrast);
    assert!(app.world().resource::<SettingsFile>().problem.is_none());

    // Next run: remembered.
    let app = app_for(folder.path(), false, |_| {});
    assert!(app.world().resource::<Settings>().high_contrast);
}

#[test]
fn an_unreadable_settings_file_opens_the_app_with_a_message() {
    let folder = folder_with(&[]);
    std::fs::write(folder.path().join("settings.ron"), "not settings at all").expect("written");
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    assert_eq!(*app.world().resource::<Settings>(), Settings::default());
    let problem = app.world().resource::<SettingsFile>().problem.clone();
    assert!(
        problem
            .unwrap_or_default()
            .contains("could not be understood")
    );
}

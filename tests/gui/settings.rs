//! Settings files: remembered, written atomically, and never a panic when unreadable.

use jigsaw::app::settings::{Settings, load, save};

#[test]
fn a_missing_settings_file_gives_the_defaults_quietly() {
    let folder = tempfile::tempdir().expect("folder");
    let (settings, problem) = load(&folder.path().join("settings.ron"));
    assert_eq!(settings, Settings::default());
    assert_eq!(problem, None);
}

#[test]
fn settings_are_remembered_between_runs() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("nested/settings.ron");
    let chosen = Settings {
        text_size: 150,
        high_contrast: true,
        author_mode: true,
    };
    save(&path, &chosen).expect("saved");
    let (read, problem) = load(&path);
    assert_eq!(read, chosen);
    assert_eq!(problem, None);
    // Nothing half-written is left beside it.
    let names: Vec<_> = std::fs::read_dir(path.parent().expect("folder"))
        .expect("listed")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("settings.ron")]);
}

#[test]
fn an_unreadable_settings_file_gives_the_defaults_and_a_clear_message() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("settings.ron");
    std::fs::write(&path, "Settings(text_size: \"huge\")").expect("written");
    let (settings, problem) = load(&path);
    assert_eq!(settings, Settings::default());
    let problem = problem.expect("a message");
    assert!(problem.contains("could not be understood"), "{problem}");
    assert!(problem.contains("settings.ron"), "{problem}");
    assert!(problem.contains("line 1"), "{problem}");

    // Not even text.
    std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("written");
    let (settings, problem) = load(&path);
    assert_eq!(settings, Settings::default());
    assert!(problem.expect("a message").contains("could not be read"));

    // A folder where the file should be.
    let (_, problem) = load(folder.path());
    assert!(problem.expect("a message").contains("could not be read"));
}

#[test]
fn text_size_stays_within_the_offered_range() {
    let mut settings = Settings::default();
    for _ in 0..50 {
        settings.larger();
    }
    assert_eq!(settings.text_size, 200);
    for _ in 0..50 {
        settings.smaller();
    }
    assert_eq!(settings.text_size, 80);
    let odd = Settings {
        text_size: 1000,
        high_contrast: false,
        author_mode: false,
    };
    assert_eq!(odd.zoom(), 2.0);
}

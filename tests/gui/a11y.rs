//! Accessibility: what a screen reader finds on every screen (roles, names, states and
//! where the focus goes), read from the same AccessKit tree the real window sends to AT-SPI;
//! that every screen works from the keyboard alone; and the palette's contrast and
//! colour-blind safety. The real window's tree is read through AT-SPI by
//! `.ci/a11y-atspi.sh`.

use std::path::{Path, PathBuf};

use egui::accesskit::{Live, Role, Toggled};
use egui::{Color32, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use jigsaw::app::screens::author::AuthorView;
use jigsaw::app::screens::debrief::{DebriefView, ReportsView, debrief_ui, grid_in_words};
use jigsaw::app::screens::keys::{KEYS, KeyHelp, key_help_ui, read_help_keys};
use jigsaw::app::screens::library::{About, EntryState, EntryView, LibraryView, library_ui};
use jigsaw::app::screens::play::{PlayView, play_ui};
use jigsaw::app::screens::prebrief::{PrebriefView, prebrief_ui};
use jigsaw::app::screens::top_bar::{TopBarView, top_bar_ui};
use jigsaw::app::session::{Action, Overlay, Playing};
use jigsaw::app::theme::{Palette, contrast_ratio};
use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::rubric::{Quadrant, Rubric};
use jigsaw::scenario::Scenario;
use jigsaw::validate::{Checked, check_source};

use super::fixtures;

fn checked() -> Checked {
    let path = Path::new("tests/gui/fixtures/home-visit.ron");
    let source = std::fs::read_to_string(fixtures().join("home-visit.ron")).expect("fixture");
    check_source(path, &source, &Rubric::built_in())
}

fn scenario() -> Scenario {
    checked().playable().cloned().expect("the fixture plays")
}

fn playing(session: Session) -> Playing {
    let checked = checked();
    let scenario = checked.playable().cloned().expect("plays");
    super::playing(
        "home-visit.ron",
        scenario,
        checked.bounds().cloned(),
        session,
    )
}

fn first_scene() -> PlayView {
    PlayView::of(&playing(Session::start(&scenario(), 1).expect("starts")))
}

fn play_harness(view: PlayView) -> Harness<'static, PlayView> {
    Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .build_ui_state(play_ui, view)
}

/// The label of the node that has the keyboard focus, if any.
fn focused<'a, T>(harness: &Harness<'a, T>) -> Option<(Role, String)> {
    harness.query_by(|node| node.is_focused()).map(|node| {
        (
            node.accesskit_node().role(),
            node.accesskit_node().label().unwrap_or_default(),
        )
    })
}

#[test]
fn the_scene_is_a_readable_region_that_takes_the_focus() {
    let harness = play_harness(first_scene());
    let scene = harness.get_by_role_and_label(
        Role::Article,
        "Sam's dad: Come in. Sorry about the mess, it's been a week.",
    );
    assert!(
        scene.accesskit_node().is_focused(),
        "the scene has the focus"
    );
}

#[test]
fn choices_and_observations_are_buttons_that_name_their_keys() {
    let harness = play_harness(first_scene());
    for (text, key) in [
        ("Look into the kitchen", "Key A"),
        ("Ask how things have been since the last visit.", "Key 1"),
        ("Say you are in a hurry and ask to see Sam.", "Key 2"),
    ] {
        let button = harness.get_by_role_and_label(Role::Button, text);
        assert_eq!(
            button.accesskit_node().description().as_deref(),
            Some(key),
            "{text}"
        );
    }
    // Sections are headings a screen reader can jump between; the case notes are a named
    // region beside the scene.
    for heading in ["Look around", "What do you do?", "Case notes"] {
        let node = harness.get_by_role_and_label(Role::Heading, heading);
        assert_eq!(node.accesskit_node().level(), Some(2), "{heading}");
    }
    harness.get_by_role_and_label(Role::Complementary, "Case notes");
}

#[test]
fn a_new_scene_takes_the_focus_with_the_reply_and_the_pieces_it_revealed() {
    let scenario = scenario();
    let mut session = Session::start(&scenario, 1).expect("starts");
    let mut harness = play_harness(PlayView::of(&playing(session.clone())));
    // Tab to a choice: the focus leaves the scene.
    harness.key_press(Key::Tab);
    harness.run();
    assert_ne!(focused(&harness).map(|f| f.0), Some(Role::Article));

    // The learner takes the first choice; the next scene arrives with the reply.
    session.choose(&scenario, 0).expect("chooses");
    let mut next = PlayView::of(&playing(session.clone()));
    next.reply = Some("He puts the kettle on.".into());
    next.memory = harness.state().memory.clone();
    *harness.state_mut() = next;
    harness.run();
    let (role, said) = focused(&harness).expect("something has the focus");
    assert_eq!(role, Role::Article);
    assert_eq!(
        said,
        "After your last choice: He puts the kettle on. Sam's dad: Money's been tight since \
         my hours got cut. Sam's fine though."
    );
    // Once: frames later the focus and the words stay as they were, so nothing is repeated.
    harness.key_press(Key::Tab);
    harness.run();
    harness.run();
    assert_ne!(focused(&harness).map(|f| f.0), Some(Role::Article));

    // A choice that reveals a piece: the ending says so before its text.
    session.choose(&scenario, 0).expect("records his words");
    let mut ending = PlayView::of(&playing(session));
    ending.memory = harness.state().memory.clone();
    *harness.state_mut() = ending;
    harness.run();
    let (role, said) = focused(&harness).expect("the ending has the focus");
    assert_eq!(role, Role::Article);
    assert!(
        said.starts_with(
            "New in your case notes: Dad's worry. How it ended, Good outcome: A clear record."
        ),
        "{said}"
    );
}

#[test]
fn a_look_takes_the_focus_and_says_the_piece_it_found() {
    let scenario = scenario();
    let mut session = Session::start(&scenario, 1).expect("starts");
    let mut harness = play_harness(PlayView::of(&playing(session.clone())));
    session.observe(&scenario, "kitchen").expect("looks");
    let mut after = PlayView::of(&playing(session));
    after.memory = harness.state().memory.clone();
    *harness.state_mut() = after;
    harness.run();
    let (role, said) = focused(&harness).expect("the look has the focus");
    assert_eq!(role, Role::Article);
    assert_eq!(
        said,
        "New in your case notes: An empty fridge. Look into the kitchen: The fridge door is \
         open: a carton of milk and nothing else."
    );
    // The scene's own text does not repeat the piece.
    harness.get_by_role_and_label(
        Role::Article,
        "Sam's dad: Come in. Sorry about the mess, it's been a week.",
    );
}

#[test]
fn pause_and_leave_are_dialogs_with_the_focus_on_their_first_button() {
    for (overlay, title, first) in [
        (Overlay::Paused, "Paused", "Carry on"),
        (
            Overlay::ConfirmLeave,
            "Leave this scenario?",
            "Keep playing",
        ),
    ] {
        let mut view = first_scene();
        view.overlay = overlay;
        let harness = play_harness(view);
        harness.get_by_role_and_label(Role::Dialog, title);
        let button = harness.get_by_role_and_label(Role::Button, first);
        assert!(button.accesskit_node().is_focused(), "{title}: {first}");
        assert_eq!(
            button.accesskit_node().description().as_deref(),
            Some("Key Esc")
        );
    }
}

#[test]
fn the_ending_is_read_and_its_button_reached_by_keyboard() {
    let scenario = scenario();
    let mut session = Session::start(&scenario, 1).expect("starts");
    session.choose(&scenario, 0).expect("first");
    session.choose(&scenario, 1).expect("lets it pass");
    let mut harness = play_harness(PlayView::of(&playing(session)));
    harness.get_by_role_and_label(
        Role::Article,
        "How it ended, Poor outcome: A short visit. You left with little written down.",
    );
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(
        focused(&harness),
        Some((Role::Button, "See your debrief".to_string()))
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::ShowDebrief));
}

/// Presses Tab until the named button has the focus (at most 60 times), then Enter.
fn tab_to_and_press<T>(harness: &mut Harness<'_, T>, name: &str) {
    for _ in 0..60 {
        if focused(harness).is_some_and(|(role, label)| role == Role::Button && label == name) {
            harness.key_press(Key::Enter);
            harness.run();
            return;
        }
        harness.key_press(Key::Tab);
        harness.run();
    }
    panic!("Tab never reached {name}");
}

#[test]
fn the_library_names_each_open_button_after_its_scenario_and_works_by_keyboard() {
    let view = LibraryView {
        entries: vec![EntryView {
            file: PathBuf::from("scenarios/home-visit.ron"),
            about: Some(About::of(&scenario())),
            state: EntryState::Ready {
                warnings: Vec::new(),
            },
        }],
        ..LibraryView::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 1400.0))
        .build_ui_state(library_ui, view);
    let title = harness.get_by_role_and_label(Role::Heading, "Scenario library");
    assert_eq!(title.accesskit_node().level(), Some(1));
    harness.get_by_role_and_label(Role::Heading, "A short home visit");
    tab_to_and_press(&mut harness, "Open A short home visit");
    assert_eq!(
        harness.state().action,
        Some(Action::Open(PathBuf::from("scenarios/home-visit.ron")))
    );
}

#[test]
fn the_prebrief_has_headings_and_starts_by_keyboard() {
    let view = PrebriefView {
        file: PathBuf::from("home-visit.ron"),
        about: About::of(&scenario()),
        problems: Vec::new(),
        action: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 2000.0))
        .build_ui_state(prebrief_ui, view);
    harness.get_by_role_and_label(Role::Heading, "A short home visit");
    for section in ["A simulation, not a test", "You are in control", "Support"] {
        harness.get_by_role_and_label(Role::Heading, section);
    }
    tab_to_and_press(&mut harness, "Start");
    assert_eq!(harness.state().action, Some(Action::Start));
}

fn debrief_harness(choices: &[usize]) -> Harness<'static, DebriefView> {
    let checked = checked();
    let scenario = checked.playable().cloned().expect("plays");
    let rubric = Rubric::built_in();
    let mut session = Session::start(&scenario, 1).expect("starts");
    for choice in choices {
        session.choose(&scenario, *choice).expect("chooses");
    }
    let view = DebriefView {
        debrief: Debrief::new(&scenario, &rubric, &session, checked.bounds()),
        thresholds: (50, 50),
        can_play_again: true,
        reports: Default::default(),
        action: None,
    };
    Harness::builder()
        .with_size(egui::vec2(1024.0, 4000.0))
        .build_ui_state(debrief_ui, view)
}

#[test]
fn the_debrief_gives_scores_the_grid_and_pieces_in_words() {
    let mut harness = debrief_harness(&[0, 0]);
    let d = harness.state().debrief.clone();
    // Each score bar is a named progress indicator with its number.
    for dim in d.dimensions.iter() {
        if let Some(score) = dim.score {
            let label = format!("{}: {score} out of 100", dim.name);
            let bar = harness.get_by_role_and_label(Role::ProgressIndicator, &label);
            assert_eq!(bar.accesskit_node().numeric_value(), Some(f64::from(score)));
        }
    }
    // The grid's text equivalent.
    let (care, authority, quadrant) = (
        d.care.expect("care"),
        d.authority.expect("authority"),
        d.quadrant.expect("placed"),
    );
    harness.get_by_role_and_label(
        Role::Image,
        &format!(
            "The care and authority grid. {}",
            grid_in_words(care, authority, quadrant)
        ),
    );
    // Found pieces are marked by word as well as colour and symbol.
    assert!(
        harness
            .get_all_by_role_and_label(Role::Label, "Found")
            .count()
            >= 1
    );
    harness.get_by_role_and_label(Role::Heading, &format!("Debrief: {}", d.title));
    tab_to_and_press(&mut harness, "Play again");
    assert_eq!(harness.state().action, Some(Action::PlayAgain));
}

#[test]
fn a_saved_report_is_said_without_moving_the_focus() {
    let mut harness = debrief_harness(&[0, 0]);
    harness.state_mut().reports = ReportsView {
        available: true,
        notice: Some("Saved the report to /tmp/report.html.".into()),
        ..ReportsView::default()
    };
    harness.run();
    let notice = harness.get_by_label("Saved the report to /tmp/report.html.");
    assert_eq!(notice.accesskit_node().live(), Live::Polite);
}

#[test]
fn missed_pieces_and_warning_signs_are_said_in_words() {
    let harness = debrief_harness(&[0, 1]);
    assert_eq!(
        harness
            .get_all_by_role_and_label(Role::Label, "Missed")
            .count(),
        2
    );
    harness.get_by_role_and_label(Role::Label, "Warning sign");
}

#[test]
fn the_grid_in_words_reads_as_the_issue_asks() {
    assert_eq!(
        grid_in_words(89, 86, Quadrant::With),
        "Care 89, authority 86: WITH, authoritative"
    );
}

#[test]
fn the_top_bar_names_its_buttons_and_offers_the_keys() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 80.0))
        .build_ui_state(top_bar_ui, TopBarView::default());
    let keys = harness.get_by_role_and_label(Role::Button, "Keys");
    assert_eq!(
        keys.accesskit_node().description().as_deref(),
        Some("Key ?")
    );
    let larger = harness.get_by_role_and_label(Role::Button, "A+");
    assert_eq!(
        larger.accesskit_node().description().as_deref(),
        Some("Larger text (Ctrl +)")
    );
    harness.get_by_role_and_label(Role::Button, "Author mode");
    harness.get_by_role_and_label(Role::Button, "Keys").click();
    harness.run();
    assert!(harness.state().keys);
    // Author mode is a toggle a screen reader hears as pressed or not (on screen, a tick).
    let toggled = |harness: &Harness<'_, TopBarView>| {
        harness
            .get_by_role_and_label(Role::Button, "Author mode")
            .accesskit_node()
            .toggled()
    };
    assert_eq!(toggled(&harness), Some(Toggled::False));
    harness.state_mut().settings.author_mode = true;
    harness.run();
    assert_eq!(toggled(&harness), Some(Toggled::True));
}

#[test]
fn the_settings_in_the_top_bar_work_by_keyboard() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 80.0))
        .build_ui_state(top_bar_ui, TopBarView::default());
    tab_to_and_press(&mut harness, "High contrast");
    assert!(harness.state().settings.high_contrast);
    tab_to_and_press(&mut harness, "A+");
    assert_eq!(harness.state().settings.text_size, 110);
    tab_to_and_press(&mut harness, "Author mode");
    assert!(harness.state().settings.author_mode);
}

#[test]
fn author_mode_jumps_by_keyboard_from_the_scene_map() {
    let playing = playing(Session::start(&scenario(), 1).expect("starts"));
    let mut view = PlayView::of(&playing);
    view.author = Some(AuthorView::of(&playing, None));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(play_ui, view);
    let scene = harness.get_by_role_and_label(Role::Button, "living-room");
    // Its speaker, and in words what the map draws in red.
    assert_eq!(
        scene.accesskit_node().description().as_deref(),
        Some("Sam's dad; choices that let a warning sign pass: 1")
    );
    tab_to_and_press(&mut harness, "living-room");
    let author = harness.state().author.clone().expect("author mode");
    assert_eq!(
        author.memory.jump.map(|j| j.scene).as_deref(),
        Some("living-room")
    );
    harness.get_by_role_and_label(Role::Dialog, "Jump to a scene");
}

/// The play screen with the list of keys over it, as the app draws them.
fn play_with_help(ui: &mut egui::Ui, state: &mut (PlayView, KeyHelp)) {
    read_help_keys(ui.ctx(), &mut state.1);
    play_ui(ui, &mut state.0);
    key_help_ui(ui, &mut state.1);
}

#[test]
fn question_mark_shows_the_keys_and_keeps_them_from_the_screen() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .build_ui_state(play_with_help, (first_scene(), KeyHelp::default()));
    harness.run();
    harness.key_press(Key::Questionmark);
    harness.run();
    assert!(harness.state().1.open);
    harness.get_by_role_and_label(Role::Dialog, "Keys");
    for (group, keys) in KEYS {
        harness.get_by_role_and_label(Role::Heading, group);
        for (key, _) in *keys {
            assert!(harness.query_all_by_label(key).count() >= 1, "{key}");
        }
    }
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Close")
            .accesskit_node()
            .is_focused()
    );
    // A choice key does nothing while the list is open; Esc closes the list, not the sitting.
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().1.open);
    assert_eq!(harness.state().0.action, None);
    // F1 opens it too, and Enter on Close closes it.
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.state().1.open);
    harness.key_press(Key::Enter);
    harness.run();
    assert!(!harness.state().1.open);
}

/// Machado, Oliveira and Fernandes (2009) matrices for full protanopia, deuteranopia and
/// tritanopia, applied to linear RGB.
const DEFICIENCIES: [(&str, [[f32; 3]; 3]); 3] = [
    (
        "protanopia",
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
    ),
    (
        "deuteranopia",
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
    ),
    (
        "tritanopia",
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    ),
];

fn linear(c: Color32) -> [f32; 3] {
    let f = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    [f(c.r()), f(c.g()), f(c.b())]
}

/// CIELAB (D65) of a linear RGB colour.
fn lab([r, g, b]: [f32; 3]) -> [f32; 3] {
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f32| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

fn seen_with(c: Color32, m: &[[f32; 3]; 3]) -> [f32; 3] {
    let l = linear(c);
    let row = |r: [f32; 3]| (r[0] * l[0] + r[1] * l[1] + r[2] * l[2]).clamp(0.0, 1.0);
    [row(m[0]), row(m[1]), row(m[2])]
}

fn distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f32>()
        .sqrt()
}

#[test]
fn every_text_colour_reaches_4_5_to_1_in_both_themes() {
    for palette in [Palette::calm(), Palette::high_contrast()] {
        for (pair, fg, bg) in palette.text_pairs() {
            let ratio = contrast_ratio(fg, bg);
            assert!(
                ratio >= 4.5,
                "{pair} in the {} theme: {ratio:.2}:1",
                if palette.high_contrast {
                    "high-contrast"
                } else {
                    "calm"
                }
            );
        }
        for (pair, fg, bg) in palette.outline_pairs() {
            let ratio = contrast_ratio(fg, bg);
            assert!(ratio >= 3.0, "{pair}: {ratio:.2}:1");
        }
    }
    // The measure itself: black on white is 21:1, a colour on itself 1:1.
    assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    assert!((contrast_ratio(Color32::GRAY, Color32::GRAY) - 1.0).abs() < 0.001);
}

#[test]
fn found_and_missed_stay_apart_for_colour_blind_eyes() {
    for palette in [Palette::calm(), Palette::high_contrast()] {
        for (name, matrix) in &DEFICIENCIES {
            let good = lab(seen_with(palette.good, matrix));
            let missed = lab(seen_with(palette.missed, matrix));
            let apart = distance(good, missed);
            // 40 ΔE is far more than "just noticeable" (about 2.3); the old green and brown
            // were 21 apart under protanopia.
            assert!(
                apart >= 40.0,
                "good and missed under {name} (high contrast: {}): ΔE {apart:.1}",
                palette.high_contrast
            );
        }
    }
}

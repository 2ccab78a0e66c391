//! The screens, driven like a learner would: keys and clicks on the egui functions, with
//! assertions on the action each one asks for.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use jigsaw::app::screens::debrief::{DebriefView, debrief_ui};
use jigsaw::app::screens::library::{About, EntryState, EntryView, LibraryView, library_ui};
use jigsaw::app::screens::play::{PlayView, play_ui};
use jigsaw::app::screens::prebrief::{PrebriefView, prebrief_ui};
use jigsaw::app::screens::top_bar::{TopBarView, top_bar_ui};
use jigsaw::app::session::{Action, Overlay};
use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::rubric::Rubric;
use jigsaw::scenario::Scenario;
use jigsaw::validate::{Checked, check_source};

use super::fixtures;

fn checked(name: &str) -> Checked {
    let path = Path::new("tests/gui/fixtures").join(name);
    let source = std::fs::read_to_string(fixtures().join(name)).expect("fixture");
    check_source(&path, &source, &Rubric::built_in())
}

fn scenario() -> Scenario {
    checked("home-visit.ron")
        .playable()
        .cloned()
        .expect("the fixture plays")
}

/// A view of the play screen as it is in the first scene of the fixture.
pub(crate) fn first_scene() -> PlayView {
    let checked = checked("home-visit.ron");
    let scenario = checked.playable().cloned().expect("the fixture plays");
    let session = Session::start(&scenario, 1).expect("starts");
    let bounds = checked.bounds().cloned();
    let playing = super::playing("home-visit.ron", scenario, bounds, session);
    PlayView::of(&playing)
}

fn play_harness(view: PlayView) -> Harness<'static, PlayView> {
    Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_ui_state(play_ui, view)
}

fn key(key: Key, repeat: bool) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat,
        modifiers: Modifiers::NONE,
    }
}

#[test]
fn play_shows_speaker_text_observations_and_numbered_choices() {
    let harness = play_harness(first_scene());
    harness.get_by_label("SAM'S DAD");
    harness.get_by_label("Come in. Sorry about the mess, it's been a week.");
    harness.get_by_role_and_label(Role::Button, "Look into the kitchen");
    harness.get_by_role_and_label(
        Role::Button,
        "Ask how things have been since the last visit.",
    );
    harness.get_by_role_and_label(Role::Button, "Say you are in a hurry and ask to see Sam.");
    // Case notes: the clock and the meter the scenario shows.
    harness.get_by_label("10:00");
    harness.get_by_label("Dad's trust");
}

#[test]
fn pressing_2_picks_the_second_choice() {
    let mut harness = play_harness(first_scene());
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(1)));
}

#[test]
fn numbers_count_offered_choices_not_written_ones() {
    let mut view = first_scene();
    // As if the scene's first written choice were hidden by a condition.
    view.choices = vec![(1, "Second written".into()), (3, "Fourth written".into())];
    let mut harness = play_harness(view);
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(3)));
}

#[test]
fn a_number_with_no_choice_does_nothing() {
    let mut harness = play_harness(first_scene());
    harness.key_press(Key::Num7);
    harness.run();
    assert_eq!(harness.state().action, None);
}

#[test]
fn a_letter_makes_the_observation() {
    let mut harness = play_harness(first_scene());
    harness.key_press(Key::A);
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(Action::Observe("kitchen".into()))
    );
}

#[test]
fn clicking_a_choice_picks_it() {
    let mut harness = play_harness(first_scene());
    harness
        .get_by_role_and_label(Role::Button, "Say you are in a hurry and ask to see Sam.")
        .click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(1)));
}

#[test]
fn arrow_keys_and_enter_take_the_highlighted_button() {
    let mut harness = play_harness(first_scene());
    // Down to the observation, down to the first choice, Enter.
    harness.event(key(Key::ArrowDown, false));
    harness.run();
    harness.event(key(Key::ArrowDown, false));
    harness.run();
    assert_eq!(harness.state().memory.highlight, Some(1));
    assert_eq!(harness.state().action, None);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(0)));
}

#[test]
fn a_key_pressed_before_the_new_scene_was_drawn_is_ignored() {
    let mut harness = play_harness(first_scene());
    // The session moves on to the next scene (say, a click) and a "1" arrives in the very
    // frame that first draws it: the learner pressed it while looking at the old scene.
    harness.state_mut().scene_number += 1;
    harness.state_mut().text = "Money's been tight since my hours got cut.".into();
    harness.key_press(Key::Num1);
    harness.step();
    assert_eq!(harness.state().action, None);
    // Once the scene has been on screen, the same key chooses.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(0)));
}

#[test]
fn a_choice_out_of_sight_is_shown_before_a_key_can_take_it() {
    // A window so short that the second choice is below the fold.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 260.0))
        .build_ui_state(play_ui, first_scene());
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(harness.state().action, None, "not taken unseen");
    assert_eq!(
        harness.state().memory.highlight,
        Some(2),
        "scrolled to and highlighted"
    );
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(1)));
}

#[test]
fn held_keys_do_not_repeat_a_choice() {
    let mut harness = play_harness(first_scene());
    harness.key_down(Key::Num1);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Choose(0)));
    // Still held: the keyboard repeats the press, which must not choose again.
    harness.state_mut().action = None;
    harness.event(key(Key::Num1, true));
    harness.run();
    assert_eq!(harness.state().action, None);
}

#[test]
fn escape_pauses_and_escape_again_resumes() {
    let mut harness = play_harness(first_scene());
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Pause));

    let mut view = first_scene();
    view.overlay = Overlay::Paused;
    let mut harness = play_harness(view);
    harness.get_by_role_and_label(Role::Dialog, "Paused");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Resume));
}

#[test]
fn choices_do_nothing_while_paused() {
    let mut view = first_scene();
    view.overlay = Overlay::Paused;
    let mut harness = play_harness(view);
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(harness.state().action, None);
}

#[test]
fn leaving_asks_for_confirmation() {
    let mut view = first_scene();
    view.overlay = Overlay::Paused;
    let mut harness = play_harness(view);
    harness.get_by_label("Leave the scenario…").click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::AskToLeave));

    for (button, action) in [
        ("Keep playing", Action::Resume),
        ("See the debrief so far", Action::EndEarly),
        ("Leave to the library", Action::Leave),
    ] {
        let mut view = first_scene();
        view.overlay = Overlay::ConfirmLeave;
        let mut harness = play_harness(view);
        harness.get_by_role_and_label(Role::Dialog, "Leave this scenario?");
        harness.get_by_label(button).click();
        harness.run();
        assert_eq!(harness.state().action, Some(action), "{button}");
    }
}

#[test]
fn an_ending_offers_the_debrief() {
    let mut view = first_scene();
    view.ending = Some(jigsaw::app::screens::play::EndingView {
        title: "A clear record".into(),
        text: "Your notes say what you saw.".into(),
        kind: "Good outcome".into(),
    });
    let mut harness = play_harness(view);
    harness.get_by_label("A clear record");
    // Choice keys no longer act; the debrief button does.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(harness.state().action, None);
    harness.get_by_label("See your debrief").click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::ShowDebrief));
}

#[test]
fn case_notes_list_the_pieces_found() {
    let mut view = first_scene();
    view.notes.pieces = vec![(
        "An empty fridge".into(),
        "There is no food in the fridge but a carton of milk.".into(),
        "Your observation".into(),
    )];
    let harness = play_harness(view);
    harness.get_by_label("Pieces of the jigsaw · 1 found");
    harness.get_by_label("An empty fridge");
    harness.get_by_label("Your observation");
}

fn library_view(entries: Vec<EntryView>) -> LibraryView {
    LibraryView {
        entries,
        ..LibraryView::default()
    }
}

#[test]
fn library_lists_title_role_minutes_summary_outcomes_and_content_note() {
    let about = About::of(&scenario());
    let view = library_view(vec![EntryView {
        file: PathBuf::from("scenarios/home-visit.ron"),
        about: Some(about),
        state: EntryState::Ready {
            warnings: Vec::new(),
        },
    }]);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 2000.0))
        .build_ui_state(library_ui, view);
    harness.get_by_label("A short home visit");
    harness.get_by_label_contains("Family support worker");
    harness.get_by_label_contains("about 5 minutes");
    harness.get_by_label_contains("look around, talk to Sam's dad");
    harness.get_by_label("Notice what the home tells you.");
    harness.get_by_label("A home visit to a parent and a young child. No injuries are described.");
    harness.get_by_label("Open A short home visit").click();
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(Action::Open(PathBuf::from("scenarios/home-visit.ron")))
    );
}

#[test]
fn a_failing_scenario_shows_its_error_in_the_library() {
    let broken = checked("broken-visit.ron");
    let problems: Vec<String> = broken
        .errors()
        .map(|d| d.render(&broken.source, false))
        .collect();
    let view = library_view(vec![EntryView {
        file: PathBuf::from("tests/gui/fixtures/broken-visit.ron"),
        about: None,
        state: EntryState::Broken { problems },
    }]);
    let harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 1200.0))
        .build_ui_state(library_ui, view);
    harness.get_by_label_contains("cannot be played until these errors are fixed");
    // The same text `jigsaw check` prints: message, file:line:column, the line, a hint.
    let error = harness.get_by_label_contains("error[syntax]: a comma is missing");
    let text = format!("{error:?}");
    assert!(
        text.contains("tests/gui/fixtures/broken-visit.ron:5:33"),
        "{text}"
    );
    assert!(text.contains("put a comma after each field"), "{text}");
    // It cannot be opened.
    assert!(harness.query_by_label_contains("Open ").is_none());
}

#[test]
fn an_empty_library_says_where_scenarios_go() {
    let harness = Harness::new_ui_state(library_ui, library_view(Vec::new()));
    harness.get_by_label("No scenario files were found.");
}

#[test]
fn prebrief_has_the_content_note_fiction_contract_outcomes_control_and_support() {
    let view = PrebriefView {
        file: PathBuf::from("home-visit.ron"),
        about: About::of(&scenario()),
        problems: Vec::new(),
        action: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 2000.0))
        .build_ui_state(prebrief_ui, view);
    harness.get_by_label("A home visit to a parent and a young child. No injuries are described.");
    harness.get_by_label_contains("This is a fictional simulation");
    harness.get_by_label_contains("mistakes are how we learn");
    harness.get_by_label("Record what was said, word for word.");
    harness.get_by_label_contains("pause at any time");
    harness.get_by_label_contains("Samaritans");
    harness.get_by_label("Start").click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::Start));
}

#[test]
fn debrief_shows_scores_grid_pieces_and_the_path_with_feedback() {
    let checked = checked("home-visit.ron");
    let scenario = checked.playable().cloned().expect("plays");
    let rubric = Rubric::built_in();
    let mut session = Session::start(&scenario, 1).expect("starts");
    session.choose(&scenario, 0).expect("first choice");
    session.choose(&scenario, 1).expect("lets the worry pass");
    let debrief = Debrief::new(&scenario, &rubric, &session, checked.bounds());
    let view = DebriefView {
        debrief,
        thresholds: (50, 50),
        can_play_again: true,
        reports: Default::default(),
        action: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 4000.0))
        .build_ui_state(debrief_ui, view);
    harness.get_by_label("A short visit");
    harness.get_by_label("Your practice, dimension by dimension");
    harness.get_by_label("Recording");
    assert_eq!(
        harness
            .get_all_by_label("not assessed in this scenario")
            .count(),
        3
    );
    harness.get_by_label("Care and authority");
    harness.get_by_label("The jigsaw: 0% complete");
    harness.get_by_label("Missed (2)");
    harness.get_by_label("Dad's worry");
    harness.get_by_label("A parent saying money has run out");
    harness.get_by_label("Ask how things have been since the last visit.");
    harness.get_by_label("An open question gives him room to tell you.");
    harness.get_by_label("Reassurance in place of a plan lets the worry pass.");
    harness.get_by_label("Play again").click();
    harness.run();
    assert_eq!(harness.state().action, Some(Action::PlayAgain));
}

#[test]
fn top_bar_changes_text_size_and_contrast() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 80.0))
        .build_ui_state(top_bar_ui, TopBarView::default());
    harness.get_by_label("A+").click();
    harness.run();
    assert_eq!(harness.state().settings.text_size, 110);
    harness.get_by_label("High contrast").click();
    harness.run();
    assert!(harness.state().settings.high_contrast);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert_eq!(harness.state().settings.text_size, 100);
}

#[test]
fn top_bar_shows_a_settings_problem_until_dismissed() {
    let view = TopBarView {
        problem: Some("Your settings file could not be read.".into()),
        ..TopBarView::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 200.0))
        .build_ui_state(top_bar_ui, view);
    harness.get_by_label("Your settings file could not be read.");
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().dismissed);
}

#[test]
fn screens_draw_in_the_high_contrast_theme_at_double_size() {
    // The theme's fonts and styles install on a plain egui context without a panic, and a
    // screen still lays out at 200% text in a small window.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_ui_state(play_ui, first_scene());
    let settings = jigsaw::app::settings::Settings {
        text_size: 200,
        high_contrast: true,
        author_mode: false,
    };
    jigsaw::app::theme::install(&harness.ctx, &settings);
    harness.run();
    assert!(jigsaw::app::theme::palette(&harness.ctx).high_contrast);
    assert_eq!(harness.ctx.zoom_factor(), 2.0);
    harness.get_by_role_and_label(Role::Button, "Look into the kitchen");
}

#[test]
fn the_reply_to_the_last_choice_is_shown_above_the_scene() {
    let mut view = first_scene();
    view.reply = Some("He shrugs and puts the kettle on.".to_string());
    let harness = play_harness(view);
    harness.get_by_label("He shrugs and puts the kettle on.");
}

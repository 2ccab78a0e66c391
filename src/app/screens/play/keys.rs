//! The play screen's keys: what was pressed this frame ([`read_keys`]), and what it means
//! for the screen ([`respond`]), a pure function tested below.

#[allow(unused_imports)]
use super::*;

/// The keys pressed this frame that the play screen acts on (key repeats ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Keys {
    pub(super) number: Option<usize>,
    pub(super) letter: Option<usize>,
    pub(super) up: bool,
    pub(super) down: bool,
    pub(super) escape: bool,
}

pub(super) fn read_keys(ui: &Ui) -> Keys {
    let mut keys = Keys::default();
    for (key, _shift) in presses(ui) {
        match key {
            Key::ArrowUp => keys.up = true,
            Key::ArrowDown => keys.down = true,
            Key::Escape => keys.escape = true,
            _ => {
                if let Some(n) = digit(key) {
                    keys.number = Some(n);
                }
                if let Some(n) = letter(key) {
                    keys.letter = Some(n);
                }
            }
        }
    }
    keys
}

/// The keys pressed this frame (not repeats), alone or with Shift, and whether Shift was
/// held; presses with other modifiers belong to the system and are left out.
pub(crate) fn presses(ui: &Ui) -> Vec<(Key, bool)> {
    ui.input(|input| {
        input
            .events
            .iter()
            .filter_map(|event| match event {
                Event::Key {
                    key,
                    pressed: true,
                    repeat: false,
                    modifiers,
                    ..
                } if *modifiers == Modifiers::NONE || *modifiers == Modifiers::SHIFT => {
                    Some((*key, *modifiers == Modifiers::SHIFT))
                }
                _ => None,
            })
            .collect()
    })
}

/// The number (1–9) a digit key stands for.
pub(crate) fn digit(key: Key) -> Option<usize> {
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    digits.iter().position(|k| *k == key).map(|i| i + 1)
}

pub(super) const LETTERS: [Key; 9] = [
    Key::A,
    Key::B,
    Key::C,
    Key::D,
    Key::E,
    Key::F,
    Key::G,
    Key::H,
    Key::I,
];

pub(super) fn letter(key: Key) -> Option<usize> {
    LETTERS.iter().position(|k| *k == key).map(|i| i + 1)
}

/// The letter shown on the n-th observation (from 0), as the command line shows it.
pub(super) fn letter_label(n: usize) -> Option<String> {
    (n < LETTERS.len()).then(|| char::from(b'a' + n as u8).to_string())
}

/// What the keys pressed this frame mean for the play screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct KeyResponse {
    /// An action to send straight away (pause, carry on).
    pub action: Option<Action>,
    /// The button a number or letter key picked (observations first, then choices); it is
    /// taken if the learner can see it, else scrolled to.
    pub keyed: Option<usize>,
    /// Where the arrow keys moved the highlight, when they did.
    pub highlight: Option<usize>,
    /// Whether the arrow keys moved the highlight.
    pub moved: bool,
}

/// What `keys` mean on the screen `view` shows. `seen` says whether the learner has seen
/// this scene drawn: until then only Escape acts, so a key pressed on the previous scene
/// never picks on this one.
pub(super) fn respond(keys: &Keys, view: &PlayView, seen: bool) -> KeyResponse {
    let mut response = KeyResponse::default();
    match view.overlay {
        Overlay::None => {
            if keys.escape && view.ending.is_none() {
                response.action = Some(Action::Pause);
            } else if seen {
                if view.ending.is_none() {
                    let observations = view.observations.len();
                    response.keyed = keys
                        .number
                        .filter(|n| *n <= view.choices.len())
                        .map(|n| observations + n - 1)
                        .or(keys.letter.filter(|n| *n <= observations).map(|n| n - 1));
                }
                let count = view.button_count();
                if (keys.up || keys.down) && count > 0 {
                    let last = count - 1;
                    response.highlight = Some(match (view.memory.highlight, keys.down) {
                        (None, true) => 0,
                        (None, false) => last,
                        (Some(i), true) => (i + 1).min(last),
                        (Some(i), false) => i.saturating_sub(1),
                    });
                    response.moved = true;
                }
            }
        }
        Overlay::Paused | Overlay::ConfirmLeave => {
            if keys.escape {
                response.action = Some(Action::Resume);
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> PlayView {
        PlayView {
            observations: vec![("hall".into(), "Look at the hall".into())],
            choices: vec![(0, "Knock again".into()), (2, "Leave a card".into())],
            ..PlayView::default()
        }
    }

    #[test]
    fn numbers_pick_choices_after_the_observations_and_letters_pick_observations() {
        let two = Keys {
            number: Some(2),
            ..Keys::default()
        };
        assert_eq!(respond(&two, &view(), true).keyed, Some(2));
        let a = Keys {
            letter: Some(1),
            ..Keys::default()
        };
        assert_eq!(respond(&a, &view(), true).keyed, Some(0));
        let nine = Keys {
            number: Some(9),
            ..Keys::default()
        };
        assert_eq!(respond(&nine, &view(), true).keyed, None, "no ninth choice");
    }

    #[test]
    fn a_key_on_a_scene_not_yet_seen_does_nothing_but_escape_still_pauses() {
        let one = Keys {
            number: Some(1),
            down: true,
            ..Keys::default()
        };
        assert_eq!(respond(&one, &view(), false), KeyResponse::default());
        let escape = Keys {
            escape: true,
            ..Keys::default()
        };
        assert_eq!(respond(&escape, &view(), false).action, Some(Action::Pause));
    }

    #[test]
    fn arrows_move_the_highlight_within_the_buttons() {
        let down = Keys {
            down: true,
            ..Keys::default()
        };
        let up = Keys {
            up: true,
            ..Keys::default()
        };
        let mut v = view();
        assert_eq!(respond(&down, &v, true).highlight, Some(0));
        assert_eq!(
            respond(&up, &v, true).highlight,
            Some(2),
            "up from nothing: the last"
        );
        v.memory.highlight = Some(2);
        assert_eq!(
            respond(&down, &v, true).highlight,
            Some(2),
            "stays on the last"
        );
        v.memory.highlight = Some(0);
        assert_eq!(
            respond(&up, &v, true).highlight,
            Some(0),
            "stays on the first"
        );
    }

    #[test]
    fn escape_carries_on_from_a_dialog_and_numbers_do_nothing_there() {
        let mut v = view();
        v.overlay = Overlay::Paused;
        let keys = Keys {
            escape: true,
            number: Some(1),
            ..Keys::default()
        };
        let response = respond(&keys, &v, true);
        assert_eq!(response.action, Some(Action::Resume));
        assert_eq!(response.keyed, None);
    }
}

//! The starter scenario that `jigsaw new` writes: small, valid, and with a comment on every
//! field, so a trainer can start from something that plays and change it line by line.
//!
//! The text is a template with three holes (id, title, role); [`starter`] fills them and
//! the tests check that the result passes `jigsaw check` with no errors or warnings.

/// Why an id cannot name a new scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StarterError {
    /// Ids are short, lower-case words joined by hyphens.
    #[error(
        "`{0}` cannot be a scenario id: use lower-case letters, digits and hyphens, starting with a letter (e.g. `missed-appointment`)"
    )]
    BadId(String),
}

/// Whether `id` is a good scenario id: starts with a letter, then lower-case letters,
/// digits and single hyphens, at most 60 characters.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && id.len() <= 60
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A title from an id: `missed-appointment` gives "Missed appointment".
pub fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text as a RON string literal's contents.
fn ron_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c => vec![c],
        })
        .collect()
}

/// The starter scenario for `id`, with the learner's `role` (e.g. "Health visitor").
pub fn starter(id: &str, role: &str) -> Result<String, StarterError> {
    if !valid_id(id) {
        return Err(StarterError::BadId(id.to_string()));
    }
    let role = if role.trim().is_empty() {
        "Health visitor"
    } else {
        role.trim()
    };
    Ok(TEMPLATE
        .replace("{ID}", id)
        .replace("{TITLE}", &ron_text(&title_from_id(id)))
        .replace("{ROLE}", &ron_text(role)))
}

/// The starter scenario. `{ID}`, `{TITLE}` and `{ROLE}` are filled in by [`starter`].
const TEMPLATE: &str = r#"// A starter scenario made by `jigsaw new`. Every field has a comment saying what it is
// for; change the words, add scenes, and run `jigsaw check` after each edit.
// The full reference is docs/scenario-format.md; the walk-through is docs/authoring.md.
//
// Shape of the story (scene ids; "->" is where a choice leads):
//   first-contact -> home-visit (ring and arrange a visit) / ending not-seen (send a letter)
//   home-visit    -> random: mum-answers (3 in 4) / nobody-home (1 in 4)
//   mum-answers   -> ending seen (when you asked about the move) / ending not-seen
//   nobody-home   -> ending seen (ask the GP and call again) / ending not-seen
Scenario(
    // The scenario's short id: lower-case words joined by hyphens. Saved progress uses it.
    id: "{ID}",
    // The title learners see in the library.
    title: "{TITLE}",
    // Raise the version when you change the story enough to confuse a saved session.
    version: 1,
    // The learner's role in this story.
    role: "{ROLE}",
    // Where it happens, in a few words.
    setting: "A family's flat and the office, on a weekday",
    // About how many minutes a learner needs to play it.
    minutes: 10,
    // One paragraph for the library: who the child is and what the learner must decide.
    summary: "Jamie, 6 months, has not been brought to two appointments. Find out why, and make sure somebody sees him.",
    // A short, factual note shown before the learner starts. Keep the last sentence.
    content_note: "A baby misses health appointments. Nothing upsetting is described. You can pause or leave at any time.",
    // What the learner should be able to do afterwards (shown before they start).
    outcomes: [
        "Follow up a child who was not brought to an appointment, and find out why.",
    ],
    // Who wrote the scenario.
    authors: ["Your name"],
    // Ideas from the rubric's glossary that this scenario teaches (see `scenarios/rubric.ron`).
    concepts: ["was-not-brought"],
    // The time on the in-game clock when the scenario starts, "HH:MM".
    starts_at: "09:00",
    // The scene the story starts in (the first scene if you leave this out).
    start: "first-contact",

    // The pieces of the jigsaw: facts a curious practitioner can find. The debrief lists the
    // ones the learner found and the ones they missed.
    pieces: [
        Piece(
            // The piece's id, used in `reveals` and in conditions such as `Found("...")`.
            id: "new-address",
            // A short title for the case notes.
            title: "A new address",
            // What the piece tells the practitioner.
            tells: "The family moved last month, and both appointment letters went to the old flat.",
            // Who or what it comes from.
            source: "Jamie's mum",
            // How much it counts towards the jigsaw (1 if left out).
            weight: 2,
        ),
        Piece(
            id: "gp-knows",
            title: "The GP has the new address",
            tells: "The surgery updated the family's address three weeks ago.",
            source: "GP surgery",
        ),
    ],

    // Numbers the story keeps, such as how much a parent trusts you. Conditions can read them.
    meters: [
        Meter(
            // The meter's id, used in `meters: {...}` changes and in `AtLeast`/`Below`.
            id: "engagement",
            // The name shown to the learner if the meter is shown.
            label: "Sam's trust in you",
            // Its starting value, and the lowest and highest it can go.
            start: 5,
            min: 0,
            max: 10,
            // Hidden from the learner (set `shown: true` to show it while they play).
            shown: false,
        ),
    ],
    // Yes/no facts the story remembers; all start unset. Choices `set` them; conditions read them.
    flags: ["asked-about-move"],

    // The scenes: each one moment of the story.
    scenes: [
        Scene(
            // The scene's id, used by `next` and `random` to lead here.
            id: "first-contact",
            // Who is speaking, or what the learner is reading.
            speaker: "Case notes",
            // What happens, as the learner sees it.
            text: "Jamie, 6 months, was not brought to clinic this morning. It is the second time.",
            // A question for a classroom group to talk about before choosing (optional).
            discuss: "What might two missed appointments mean for a baby of six months?",
            // Things the learner may look at without leaving the scene.
            observations: [
                Observation(
                    // The observation's id; `jigsaw play --inputs look:record` makes it.
                    id: "record",
                    // The button text.
                    label: "Read Jamie's record",
                    // What the learner finds.
                    text: "Both letters were sent to the same address, a flat on Mill Lane.",
                    // In-game minutes it takes.
                    minutes: 5,
                    // Score changes per rubric dimension.
                    score: {"curiosity": 1, "recording": 1},
                    // What the debrief says about making this observation.
                    feedback: "Checking the record first shows you what has already been tried.",
                ),
            ],
            // What the learner can do next. Each choice leads to a scene or an ending.
            choices: [
                Choice(
                    // What the learner says or does.
                    text: "Ring Jamie's mum, Sam, say kindly that you need to see Jamie, and arrange a visit.",
                    // What happens straight after, shown with the next scene (optional).
                    reply: "Sam sounds tired but agrees you can come round this afternoon.",
                    // Score changes per rubric dimension.
                    score: {"authority": 1, "care": 1, "child-focus": 1},
                    // Meter changes.
                    meters: {"engagement": 1},
                    // In-game minutes it takes.
                    minutes: 10,
                    // Why this choice helped or hindered, for the debrief.
                    feedback: "A clear, kind call turns a missed appointment into a conversation about the baby.",
                    // Glossary ideas this choice shows.
                    concepts: ["was-not-brought"],
                    // Where it leads: a scene or an ending id.
                    next: "home-visit",
                ),
                Choice(
                    text: "Send another letter to the same address.",
                    score: {"authority": -1, "child-focus": -1},
                    feedback: "A third letter to the same address repeats what has already failed twice.",
                    // Marks a choice that lets a warning sign pass; the debrief names the sign.
                    lets_pass: "Two missed appointments",
                    next: "not-seen",
                ),
            ],
        ),
        Scene(
            id: "home-visit",
            speaker: "Narrator",
            text: "You drive to the flat on Mill Lane. The curtains are drawn.",
            choices: [
                Choice(
                    text: "Knock and wait.",
                    minutes: 5,
                    score: {"child-focus": 1},
                    feedback: "You went to see Jamie yourself.",
                    // Instead of `next`: a weighted random pick. Here Sam answers 3 times in 4.
                    // `jigsaw play --seed N` makes the pick repeatable.
                    random: [("mum-answers", 3), ("nobody-home", 1)],
                ),
            ],
        ),
        Scene(
            id: "mum-answers",
            speaker: "Sam",
            text: "'Oh, it's you. Sorry about the clinic, things have been mad since the move.'",
            choices: [
                Choice(
                    text: "'You've moved? Tell me about it. Who lives here with you and Jamie now?'",
                    score: {"curiosity": 1, "other-adults": 1},
                    set: ["asked-about-move"],
                    reveals: ["new-address"],
                    minutes: 15,
                    feedback: "Asking about the move and who lives with Jamie explains the missed letters.",
                    next: "seen",
                ),
                Choice(
                    text: "'No problem. I'll send you a new date.'",
                    score: {"curiosity": -1},
                    // Offered only while this holds: here, only if Sam still trusts you.
                    when: AtLeast("engagement", 5),
                    feedback: "Friendly, but you never saw Jamie or asked why the letters were missed.",
                    lets_pass: "A move nobody asked about",
                    next: "not-seen",
                ),
            ],
        ),
        Scene(
            id: "nobody-home",
            speaker: "Narrator",
            text: "Nobody answers. A neighbour says the family moved out weeks ago.",
            choices: [
                Choice(
                    text: "Ring the GP surgery for a new address, then ring Sam again.",
                    score: {"multi-agency": 1, "child-focus": 1},
                    reveals: ["gp-knows", "new-address"],
                    minutes: 20,
                    feedback: "The GP had the new address: sharing information found Jamie.",
                    concepts: ["information-sharing"],
                    next: "seen",
                ),
                Choice(
                    text: "Write 'no access' and close the referral.",
                    score: {"child-focus": -1, "recording": -1},
                    feedback: "'No access' is not the same as 'safe'. Jamie is still not seen.",
                    lets_pass: "A family that has moved away",
                    next: "not-seen",
                ),
            ],
        ),
    ],

    // How the story can end. `kind` is Good, Mixed or Poor; scores never depend on it.
    endings: [
        Ending(
            id: "seen",
            title: "Jamie is seen",
            text: "You see Jamie at the new flat. He is well, and his records now follow him.",
            kind: Good,
        ),
        Ending(
            id: "not-seen",
            title: "Jamie is not seen",
            text: "Nobody sees Jamie for another two months.",
            kind: Poor,
        ),
    ],
)
"#;

//! The scenario model: what a trainer writes in a `.ron` file.
//!
//! A [`Scenario`] has metadata, the [`Piece`]s of the jigsaw a curious practitioner could
//! gather, [`Meter`]s and flags that hold hidden state, [`Scene`]s with [`Observation`]s
//! and [`Choice`]s, and [`Ending`]s. Every field a trainer may leave out has a default, so a
//! small scenario stays small. Ids are readable strings, and every id keeps the place in
//! the file where it was written so the validator can point at it. The authoring reference
//! is `docs/scenario-format.md`; keep the two in step.

pub mod images;
pub mod limits;
mod load;
mod spanned;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use load::{ParsedFile, load_file, parse_scenario, parse_str, read_source, unreadable};
pub use spanned::{Span, Spanned, with_source};

/// An id as written in a file: a readable string plus where it was written.
pub type Id = Spanned<String>;

/// The `ron` options every scenario and rubric file is read with: `Some(..)` may be left
/// out around optional values, and one-field variants need no extra brackets.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    )
}

/// One training scenario: a case the learner works through from first contact to an ending.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short unique id, used in progress files and on the command line.
    pub id: Id,
    /// Title shown in the library.
    pub title: String,
    /// Version of this scenario; raise it when a change would confuse a saved session.
    #[serde(default = "one")]
    pub version: u32,
    /// The learner's role, e.g. "Health visitor".
    pub role: String,
    /// Where the scenario takes place, e.g. "Home visit, a flat in a market town".
    #[serde(default)]
    pub setting: String,
    /// Estimated minutes to play.
    #[serde(default = "default_minutes")]
    pub minutes: u32,
    /// A paragraph for the library.
    pub summary: String,
    /// Short, factual content note shown before the learner starts.
    pub content_note: String,
    /// What the learner should be able to do afterwards.
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// Who wrote the scenario.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Concept ids (from the rubric's glossary) this scenario teaches.
    #[serde(default)]
    pub concepts: Vec<Id>,
    /// Time on the in-game clock when the scenario starts, "HH:MM".
    #[serde(default = "default_clock")]
    pub starts_at: Spanned<String>,
    /// The scene the scenario starts in; defaults to the first scene.
    #[serde(default)]
    pub start: Option<Id>,
    /// The pieces of the jigsaw.
    #[serde(default)]
    pub pieces: Vec<Spanned<Piece>>,
    /// Named numbers such as a parent's engagement.
    #[serde(default)]
    pub meters: Vec<Spanned<Meter>>,
    /// Names of the yes/no facts the story remembers; all start unset.
    #[serde(default)]
    pub flags: Vec<Id>,
    /// The scenes, in the order the author thinks of them.
    pub scenes: Vec<Spanned<Scene>>,
    /// How the scenario can end.
    pub endings: Vec<Spanned<Ending>>,
    /// An optional time budget for the whole scenario, in in-game minutes from the start
    /// (see [`TimeLimit`]); off when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<Spanned<TimeLimit>>,
    /// Ids resolved to positions, built on first lookup: every explored state and every
    /// step looks scenes up by id, and a linear search made large scenarios quadratic.
    #[serde(skip)]
    index: std::sync::OnceLock<Index>,
}

/// Positions by id in each of the scenario's lists.
#[derive(Clone, Debug, Default)]
struct Index {
    scenes: Lookup,
    endings: Lookup,
    pieces: Lookup,
    meters: Lookup,
}

/// Positions by id in one list (the first of a repeated id wins, as the validator reports
/// repeats), and the list's length when they were taken.
#[derive(Clone, Debug, Default)]
struct Lookup {
    size: usize,
    positions: std::collections::HashMap<String, usize>,
}

/// Something in a scenario's lists that has an id.
trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($kind:ty),*) => {
        $(impl HasId for $kind {
            fn id(&self) -> &str {
                &self.id.value
            }
        })*
    };
}
has_id!(Scene, Ending, Piece, Meter);

impl Lookup {
    fn of<T: HasId>(list: &[Spanned<T>]) -> Lookup {
        let mut positions = std::collections::HashMap::new();
        for (position, item) in list.iter().enumerate() {
            positions.entry(item.id().to_string()).or_insert(position);
        }
        Lookup {
            size: list.len(),
            positions,
        }
    }

    /// The item with this id; searches the list instead when it has changed length or the
    /// position no longer holds the id (a list edited after the index was built).
    fn find<'a, T: HasId>(&self, list: &'a [Spanned<T>], id: &str) -> Option<&'a T> {
        if self.size == list.len() {
            let at = *self.positions.get(id)?;
            if let Some(found) = list.get(at).filter(|x| x.id() == id) {
                return Some(&found.value);
            }
        }
        list.iter().map(|x| &x.value).find(|x| x.id() == id)
    }
}

fn one() -> u32 {
    1
}

fn default_minutes() -> u32 {
    20
}

fn default_clock() -> Spanned<String> {
    Spanned::bare("09:00".to_string())
}

fn default_weight() -> u32 {
    1
}

fn default_meter_max() -> i32 {
    10
}

/// A piece of the jigsaw: one fact that, put beside the others, shows the child's situation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    /// Unique id, e.g. "missed-immunisations".
    pub id: Id,
    /// Short title shown in the case notes.
    pub title: String,
    /// What the piece tells the practitioner.
    #[serde(default)]
    pub tells: String,
    /// How much the piece counts towards jigsaw completeness (default 1).
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Where it comes from: an agency or a source, e.g. "GP record".
    #[serde(default)]
    pub source: String,
}

/// A named number the story keeps, such as the parent's engagement.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meter {
    /// Unique id, e.g. "engagement".
    pub id: Id,
    /// Name shown to the learner when the meter is shown.
    #[serde(default)]
    pub label: String,
    /// Starting value (default 0).
    #[serde(default)]
    pub start: i32,
    /// Lowest value; changes stop here (default 0).
    #[serde(default)]
    pub min: i32,
    /// Highest value; changes stop here (default 10).
    #[serde(default = "default_meter_max")]
    pub max: i32,
    /// Whether the learner sees this meter while playing (default: hidden).
    #[serde(default)]
    pub shown: bool,
}

/// One moment of the story: who speaks, what happens, what the learner can look at and do.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Unique id among scenes and endings, e.g. "doorstep".
    pub id: Id,
    /// Who is speaking or what the learner is reading, e.g. "Tamsin" or "Text message".
    #[serde(default)]
    pub speaker: String,
    /// What happens, in the learner's view.
    pub text: String,
    /// Optional picture, relative to the scenario file's folder.
    #[serde(default)]
    pub image: Option<Spanned<String>>,
    /// Optional question for a classroom group to discuss before choosing.
    #[serde(default)]
    pub discuss: Option<String>,
    /// Optional notes for a facilitator running the scene with a group (classroom mode):
    /// what to draw out, where rooms tend to split. Shown only in the facilitator's panel,
    /// never to learners or on the phones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
    /// Things the learner may look at or check without leaving the scene.
    #[serde(default)]
    pub observations: Vec<Spanned<Observation>>,
    /// What the learner can say or do next.
    #[serde(default)]
    pub choices: Vec<Spanned<Choice>>,
    /// An optional time budget for one visit to this scene, in in-game minutes from
    /// entering it (see [`TimeLimit`]); off when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<Spanned<TimeLimit>>,
}

/// Time pressure: a budget of in-game minutes and the scene (or ending) the story moves to
/// when it runs out. Once the budget is used up (by choices and observations), the
/// learner's next choice still has its effects, but the story goes to `then` instead of
/// where the choice leads. A scene's limit counts from entering the scene and applies on
/// every visit; the scenario's counts from the start and moves the story once. A limit
/// never moves the story from its own `then` scene.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// The budget in in-game minutes; must be above zero.
    pub minutes: i64,
    /// The scene or ending the story moves to when the budget runs out.
    pub then: Id,
}

/// Something the learner can look at or check without leaving the scene.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// Id unique within the scene, typed on the command line as `look:<id>`.
    pub id: Id,
    /// The button text, e.g. "Look at the hallway".
    pub label: String,
    /// What the learner sees or finds.
    pub text: String,
    /// In-game minutes it takes (default 0).
    #[serde(default)]
    pub minutes: u32,
    /// Pieces it reveals.
    #[serde(default)]
    pub reveals: Vec<Id>,
    /// Score changes per dimension, e.g. `{"curiosity": 1}`.
    #[serde(default)]
    pub score: Spanned<BTreeMap<String, i32>>,
    /// Flags it sets.
    #[serde(default)]
    pub set: Vec<Id>,
    /// Meter changes, e.g. `{"engagement": -1}`.
    #[serde(default)]
    pub meters: Spanned<BTreeMap<String, i32>>,
    /// When the observation is offered; always, if left out.
    #[serde(default)]
    pub when: Option<Spanned<Condition>>,
    /// What the debrief says about making this observation.
    #[serde(default)]
    pub feedback: String,
}

/// One thing the learner can say or do.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the learner says or does.
    pub text: String,
    /// What is said or happens straight after, shown with the next scene, e.g. the
    /// parent's answer.
    #[serde(default)]
    pub reply: Option<String>,
    /// Score changes per dimension, e.g. `{"authority": 2, "care": -1}`.
    #[serde(default)]
    pub score: Spanned<BTreeMap<String, i32>>,
    /// Flags this choice sets.
    #[serde(default)]
    pub set: Vec<Id>,
    /// Flags this choice clears.
    #[serde(default)]
    pub unset: Vec<Id>,
    /// Meter changes, e.g. `{"engagement": -2}`.
    #[serde(default)]
    pub meters: Spanned<BTreeMap<String, i32>>,
    /// Pieces this choice reveals.
    #[serde(default)]
    pub reveals: Vec<Id>,
    /// In-game minutes this choice takes (default 0).
    #[serde(default)]
    pub minutes: u32,
    /// When the choice is offered; always, if left out.
    #[serde(default)]
    pub when: Option<Spanned<Condition>>,
    /// Shown in the debrief: why this choice helped or hindered.
    #[serde(default)]
    pub feedback: String,
    /// Concept ids from the glossary this choice illustrates.
    #[serde(default)]
    pub concepts: Vec<Id>,
    /// Marks a choice that lets a warning sign pass; the text names the sign for the debrief.
    #[serde(default)]
    pub lets_pass: Option<String>,
    /// The scene or ending that follows.
    #[serde(default)]
    pub next: Option<Id>,
    /// Instead of `next`: a weighted random pick, e.g. `[("answers", 3), ("no-answer", 1)]`.
    #[serde(default)]
    pub random: Option<Spanned<Vec<(Id, u32)>>>,
}

/// A test on the story's state that decides whether a choice or observation is offered.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub enum Condition {
    /// The flag is set.
    Flag(Id),
    /// The flag is not set.
    NotFlag(Id),
    /// The piece has been found.
    Found(Id),
    /// The piece has not been found.
    NotFound(Id),
    /// The meter is at least this value.
    AtLeast(Id, i32),
    /// The meter is below this value.
    Below(Id, i32),
    /// The scene has been shown before.
    Visited(Id),
    /// The scene has not been shown.
    NotVisited(Id),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// How a scenario can end.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Unique id among scenes and endings.
    pub id: Id,
    /// Title shown at the end.
    pub title: String,
    /// What happened next, told to the learner.
    pub text: String,
    /// What kind of outcome this is.
    pub kind: EndingKind,
}

/// What kind of outcome an ending is. The debrief shows it, but scores never depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum EndingKind {
    /// The child is seen, the risk understood and acted on, or the family rightly supported.
    Good,
    /// Some of the picture gathered; concerns remain open or the relationship is strained.
    Mixed,
    /// The child is left unseen, the risk missed, or a family harmed by heavy-handedness.
    Poor,
}

impl EndingKind {
    /// A short label for the debrief.
    pub fn label(self) -> &'static str {
        match self {
            EndingKind::Good => "Good outcome",
            EndingKind::Mixed => "Mixed outcome",
            EndingKind::Poor => "Poor outcome",
        }
    }
}

impl Scenario {
    /// The scene the scenario starts in.
    pub fn start_scene(&self) -> Option<&Scene> {
        match &self.start {
            Some(id) => self.scene(id),
            None => self.scenes.first().map(|s| &s.value),
        }
    }

    /// Forgets the id index; call after editing the lists of a parsed scenario in place.
    /// (Lookups also notice lists that changed length, or a position that no longer holds
    /// its id, and search instead.)
    pub fn reindex(&mut self) {
        self.index = std::sync::OnceLock::new();
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index {
            scenes: Lookup::of(&self.scenes),
            endings: Lookup::of(&self.endings),
            pieces: Lookup::of(&self.pieces),
            meters: Lookup::of(&self.meters),
        })
    }

    /// The scene with this id.
    pub fn scene(&self, id: &str) -> Option<&Scene> {
        self.index().scenes.find(&self.scenes, id)
    }

    /// The ending with this id.
    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.index().endings.find(&self.endings, id)
    }

    /// The piece with this id.
    pub fn piece(&self, id: &str) -> Option<&Piece> {
        self.index().pieces.find(&self.pieces, id)
    }

    /// The meter with this id.
    pub fn meter(&self, id: &str) -> Option<&Meter> {
        self.index().meters.find(&self.meters, id)
    }

    /// The in-game clock's starting minute of the day, from `starts_at`.
    pub fn start_minute(&self) -> Option<u32> {
        parse_clock(&self.starts_at)
    }

    /// Whether the scenario or any scene sets a time limit.
    pub fn has_time_limits(&self) -> bool {
        self.time_limit.is_some() || self.scenes.iter().any(|s| s.time_limit.is_some())
    }

    /// Where a choice taken in `scene` may be sent when time runs out: the scene's
    /// `then`, then the scenario's (for the path analysis, which does not follow the clock).
    /// A limit whose `then` is this scene never moves the story from it.
    pub fn time_out_targets<'a>(&'a self, scene: &'a Scene) -> Vec<&'a str> {
        scene
            .time_limit
            .iter()
            .chain(self.time_limit.iter())
            .map(|l| l.value.then.value.as_str())
            .filter(|then| *then != scene.id.value)
            .collect()
    }
}

impl Meter {
    /// The name shown to the learner: the label, or the id when there is none.
    pub fn name(&self) -> &str {
        if self.label.is_empty() {
            &self.id.value
        } else {
            &self.label
        }
    }
}

impl Scene {
    /// The observation with this id.
    pub fn observation(&self, id: &str) -> Option<&Observation> {
        self.observations
            .iter()
            .map(|o| &o.value)
            .find(|o| o.id.value == id)
    }
}

impl Choice {
    /// Every scene or ending this choice may lead to.
    pub fn targets(&self) -> Vec<&Id> {
        let mut targets: Vec<&Id> = self.next.iter().collect();
        if let Some(random) = &self.random {
            targets.extend(random.value.iter().map(|(id, _)| id));
        }
        targets
    }
}

/// Parses "HH:MM" into minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Formats minutes since midnight of day one as "09:40", or "Day 2, 09:40" after midnight.
pub fn format_clock(minutes: u32) -> String {
    let day = minutes / (24 * 60);
    let within = minutes % (24 * 60);
    let clock = format!("{:02}:{:02}", within / 60, within % 60);
    if day == 0 {
        clock
    } else {
        format!("Day {}, {clock}", day + 1)
    }
}

impl Choice {
    /// The scenes or endings a learner can actually be sent to: `next`, or the random
    /// options with a weight above zero.
    pub fn targets_with_weight(&self) -> Vec<&str> {
        if let Some(next) = &self.next {
            return vec![next.value.as_str()];
        }
        self.random
            .iter()
            .flat_map(|r| r.value.iter())
            .filter(|(_, weight)| *weight > 0)
            .map(|(id, _)| id.value.as_str())
            .collect()
    }
}

//! The rubric: the dimensions choices are scored on, the care/authority grid, and the
//! glossary of practice concepts.
//!
//! One rubric file (`scenarios/rubric.ron`) serves every scenario beside it; a trainer can
//! override it with `--rubric`. A copy is built into the program so the tool still works
//! when the file is missing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::scenario::{Id, Spanned, parse_str};

/// The rubric shipped with Jigsaw.
pub const BUILT_IN: &str = include_str!("../scenarios/rubric.ron");

/// How the built-in rubric is named in messages.
pub const BUILT_IN_PATH: &str = "scenarios/rubric.ron (built in)";

/// The file name a folder's rubric is looked up under.
pub const FILE_NAME: &str = "rubric.ron";

/// Dimensions, grid and glossary.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// What choices are scored on.
    pub dimensions: Vec<Spanned<Dimension>>,
    /// How care and authority place a learner in a quadrant.
    pub grid: Spanned<Grid>,
    /// The practice concepts scenarios and choices refer to.
    #[serde(default)]
    pub concepts: Vec<Spanned<Concept>>,
}

/// One dimension of practice, such as authority or curiosity.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Id used in `score: {...}`, e.g. "authority".
    pub id: Id,
    /// Name shown in the debrief.
    pub name: String,
    /// What the dimension is about.
    #[serde(default)]
    pub description: String,
    /// What earns points.
    #[serde(default)]
    pub earns: String,
    /// What loses points.
    #[serde(default)]
    pub loses: String,
}

/// The care/authority grid (the "social discipline window").
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// The dimension on the care axis.
    pub care: Id,
    /// The dimension on the authority axis.
    pub authority: Id,
    /// Score (0–100) at or above which care counts as high.
    #[serde(default = "half")]
    pub high_care: u32,
    /// Score (0–100) at or above which authority counts as high.
    #[serde(default = "half")]
    pub high_authority: u32,
    /// The fewest decisions (choices that move care or authority) a session needs before
    /// the debrief places the learner on the grid; with fewer it says there is not enough
    /// to judge rather than naming a quadrant.
    #[serde(default = "two")]
    pub min_decisions: u32,
}

fn half() -> u32 {
    50
}

fn two() -> u32 {
    2
}

/// A practice concept from the glossary.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Id used in scenarios, e.g. "disguised-compliance".
    pub id: Id,
    /// Name shown to learners.
    pub name: String,
    /// A plain definition.
    pub definition: String,
    /// Where the concept comes from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Where a learner sits on the care/authority grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quadrant {
    /// High authority and high care: authoritative. The goal.
    With,
    /// High authority, low care: authoritarian.
    To,
    /// High care, low authority: collusive.
    For,
    /// Low on both: passive.
    Not,
}

impl Quadrant {
    /// "WITH", "TO", "FOR" or "NOT".
    pub fn word(self) -> &'static str {
        match self {
            Quadrant::With => "WITH",
            Quadrant::To => "TO",
            Quadrant::For => "FOR",
            Quadrant::Not => "NOT",
        }
    }

    /// The practice style the quadrant stands for.
    pub fn style(self) -> &'static str {
        match self {
            Quadrant::With => "authoritative",
            Quadrant::To => "authoritarian",
            Quadrant::For => "collusive",
            Quadrant::Not => "passive",
        }
    }

    /// What the quadrant means for the family and the child.
    pub fn meaning(self) -> &'static str {
        match self {
            Quadrant::With => {
                "Clear about concerns and warm with the family: you worked WITH them. This is the goal."
            }
            Quadrant::To => {
                "Clear about concerns but low on care: things were done TO the family. Parents close down, fewer facts come out, and the next visit is more likely to be refused."
            }
            Quadrant::For => {
                "Warm but not clear about concerns: things were done FOR the family. The relationship stayed easy, but the risk stayed unaddressed and pieces of the jigsaw stayed hidden."
            }
            Quadrant::Not => {
                "Low on both care and authority: NOT engaging. The child is least visible here."
            }
        }
    }
}

impl Rubric {
    /// The dimension with this id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions
            .iter()
            .map(|d| &d.value)
            .find(|d| d.id.value == id)
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts
            .iter()
            .map(|c| &c.value)
            .find(|c| c.id.value == id)
    }

    /// The quadrant for a care score and an authority score, both 0–100.
    pub fn quadrant(&self, care: u32, authority: u32) -> Quadrant {
        let high_care = care >= self.grid.high_care;
        let high_authority = authority >= self.grid.high_authority;
        match (high_authority, high_care) {
            (true, true) => Quadrant::With,
            (true, false) => Quadrant::To,
            (false, true) => Quadrant::For,
            (false, false) => Quadrant::Not,
        }
    }

    /// The rubric built into the program.
    pub fn built_in() -> Rubric {
        parse_str(BUILT_IN, Path::new("scenarios/rubric.ron"), "Rubric")
            .expect("the built-in rubric is checked by the test suite")
    }
}

/// A rubric file as read from disk.
#[derive(Clone, Debug)]
pub struct RubricFile {
    /// Where it came from (`scenarios/rubric.ron (built in)` for the built-in copy).
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// The rubric, or the problem that stopped it parsing.
    pub rubric: Result<Rubric, Diagnostic>,
}

impl RubricFile {
    /// Reads and parses a rubric file.
    pub fn load(path: &Path) -> RubricFile {
        match crate::scenario::read_source(path, "rubric") {
            Ok(source) => RubricFile {
                rubric: parse_str(&source, path, "Rubric"),
                path: path.to_path_buf(),
                source,
            },
            Err((source, diagnostic)) => RubricFile {
                path: path.to_path_buf(),
                source,
                rubric: Err(diagnostic),
            },
        }
    }

    /// The rubric built into the program.
    pub fn built_in() -> RubricFile {
        let path = PathBuf::from(BUILT_IN_PATH);
        RubricFile {
            rubric: parse_str(BUILT_IN, &path, "Rubric"),
            path,
            source: BUILT_IN.to_string(),
        }
    }

    /// The rubric for scenarios in `folder`: its `rubric.ron` if it has one, else the
    /// built-in rubric.
    pub fn for_folder(folder: &Path) -> RubricFile {
        RubricFile::at(folder_rubric(folder).as_deref())
    }

    /// The rubric file at `path`, or the built-in one when there is none.
    pub fn at(path: Option<&Path>) -> RubricFile {
        match path {
            Some(path) => RubricFile::load(path),
            None => RubricFile::built_in(),
        }
    }
}

/// The `rubric.ron` in `folder`, if it has one.
pub fn folder_rubric(folder: &Path) -> Option<PathBuf> {
    Some(folder.join(FILE_NAME)).filter(|candidate| candidate.is_file())
}

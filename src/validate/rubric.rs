//! The rubric pass: a rubric file's own consistency, checked before any scenario uses it.

use crate::scenario::limits::{MAX_CONCEPTS, MAX_DIMENSIONS};
use std::path::Path;

use super::{duplicates, finish, screen};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::rubric::Rubric;
use crate::scenario::Id;

/// Checks a rubric file's own consistency: unique ids, a grid that names real dimensions.
pub fn check_rubric(path: &Path, source: &str) -> (Option<Rubric>, Vec<Diagnostic>) {
    let (screened, mut hidden) = screen(path, source);
    let rubric: Rubric = match crate::scenario::parse_str(source, path, "Rubric") {
        Ok(rubric) => rubric,
        Err(diagnostic) => {
            let mut found = screened;
            found.push(diagnostic);
            return (None, finish(path, found, hidden));
        }
    };
    let mut found = screened;
    let over = [
        (
            rubric.dimensions.get(MAX_DIMENSIONS).map(|d| d.span),
            rubric.dimensions.len(),
            "dimensions",
            MAX_DIMENSIONS,
        ),
        (
            rubric.concepts.get(MAX_CONCEPTS).map(|c| c.span),
            rubric.concepts.len(),
            "concepts",
            MAX_CONCEPTS,
        ),
    ];
    for (place, count, what, limit) in over {
        if let Some(span) = place {
            found.push(
                Diagnostic::error(
                    "list-too-long",
                    path,
                    source,
                    Some(span),
                    format!("this rubric has {count} {what}; a rubric may have at most {limit}"),
                )
                .with_label("one too many")
                .with_hint("the debrief shows every one to the learner: keep the ones your training is about"),
            );
        }
    }
    let dimension_ids: Vec<&Id> = rubric.dimensions.iter().map(|d| &d.id).collect();
    duplicates(
        path,
        source,
        "dimension",
        &dimension_ids,
        &mut found,
        &mut hidden,
    );
    let concept_ids: Vec<&Id> = rubric.concepts.iter().map(|c| &c.id).collect();
    duplicates(
        path,
        source,
        "concept",
        &concept_ids,
        &mut found,
        &mut hidden,
    );
    for axis in [&rubric.grid.care, &rubric.grid.authority] {
        if rubric.dimension(axis).is_none() {
            found.push(
                Diagnostic::error(
                    "unknown-dimension",
                    path,
                    source,
                    Some(axis.span),
                    format!(
                        "the grid uses a dimension `{}` that this rubric does not define",
                        axis.value
                    ),
                )
                .with_label("no such dimension")
                .with_maybe_hint(did_you_mean(
                    axis,
                    "dimensions",
                    dimension_ids.iter().map(|d| d.value.as_str()),
                )),
            );
        }
    }
    for (name, value) in [
        ("high_care", rubric.grid.high_care),
        ("high_authority", rubric.grid.high_authority),
    ] {
        if value > 100 {
            found.push(
                Diagnostic::error(
                    "threshold-range",
                    path,
                    source,
                    Some(rubric.grid.span),
                    format!("`{name}` is {value}, but scores run from 0 to 100"),
                )
                .with_label("in this grid")
                .with_hint("use a number from 0 to 100; 50 is the usual midpoint"),
            );
        }
    }
    (Some(rubric), finish(path, found, hidden))
}

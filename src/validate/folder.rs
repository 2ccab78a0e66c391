//! The folder pass: problems between the scenario files of one folder.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::scenario::{Id, images};

/// Scenario files in one folder that declare the same scenario `id` (a library, progress
/// files and `jigsaw play <id>` all find a scenario by it): for each file after the first,
/// its index in `files` and an error naming the first. `files` holds each file's path,
/// text and scenario id.
pub fn shared_scenario_ids(files: &[(&Path, &str, &Id)]) -> Vec<(usize, Diagnostic)> {
    let mut first: HashMap<(&Path, &str), &Path> = HashMap::new();
    let mut found = Vec::new();
    for (index, (path, source, id)) in files.iter().enumerate() {
        let folder = images::folder_of(path);
        match first.get(&(folder, id.value.as_str())) {
            Some(earlier) => found.push((
                index,
                Diagnostic::error(
                    "duplicate-scenario-id",
                    path,
                    source,
                    Some(id.span),
                    format!(
                        "the scenario id `{}` is also used by `{}` in the same folder",
                        id.value,
                        crate::diagnostic::shown(earlier)
                    ),
                )
                .with_label("used twice")
                .with_hint("give each scenario its own id; the library, saved progress and `jigsaw play <id>` find a scenario by it"),
            )),
            None => {
                first.insert((folder, id.value.as_str()), path);
            }
        }
    }
    found
}

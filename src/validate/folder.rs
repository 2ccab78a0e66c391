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
    shared_ids(files, true)
}

/// The same across every folder of the app's library, which lists them together and keeps
/// one learner's progress per scenario id: a copy of a bundled scenario, edited in another
/// folder but with its id unchanged, is reported too.
pub fn shared_library_ids(files: &[(&Path, &str, &Id)]) -> Vec<(usize, Diagnostic)> {
    shared_ids(files, false)
}

fn shared_ids(files: &[(&Path, &str, &Id)], per_folder: bool) -> Vec<(usize, Diagnostic)> {
    let mut first: HashMap<(&Path, &str), &Path> = HashMap::new();
    let mut found = Vec::new();
    for (index, (path, source, id)) in files.iter().enumerate() {
        let scope = if per_folder {
            images::folder_of(path)
        } else {
            Path::new("")
        };
        match first.get(&(scope, id.value.as_str())) {
            Some(earlier) => found.push((
                index,
                Diagnostic::error(
                    "duplicate-scenario-id",
                    path,
                    source,
                    Some(id.span),
                    format!(
                        "the scenario id `{}` is also used by `{}` {}",
                        id.value,
                        crate::diagnostic::shown(earlier),
                        if per_folder {
                            "in the same folder"
                        } else {
                            "in this library"
                        }
                    ),
                )
                .with_label("used twice")
                .with_hint("give each scenario its own id; the library, saved progress and `jigsaw play <id>` find a scenario by it"),
            )),
            None => {
                first.insert((scope, id.value.as_str()), path);
            }
        }
    }
    found
}

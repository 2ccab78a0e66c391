//! `jigsaw new`: writes a small, valid starter scenario with a comment on every field into
//! the scenarios folder, ready to edit. It never overwrites a file.

use crate::cli::Exit;
use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::starter::starter;

/// Arguments of `jigsaw new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id, e.g. `missed-appointment` (also its file name).
    #[arg(value_name = "ID")]
    pub id: String,
    /// The learner's role, e.g. "School nurse".
    #[arg(long, value_name = "ROLE", default_value = "Health visitor")]
    pub role: String,
    /// The folder to write into (default: `./scenarios` if there is one, else this folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `jigsaw new`.
pub fn run(args: &NewArgs) -> Exit {
    let text = match starter(&args.id, &args.role) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("jigsaw new: {error}");
            return Exit::Usage;
        }
    };
    // Never the bundled folder of the tree this binary was built from: a new file goes
    // where the author is working.
    let folder = args.dir.clone().unwrap_or_else(|| {
        let here = PathBuf::from("scenarios");
        if here.is_dir() {
            here
        } else {
            PathBuf::from(".")
        }
    });
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!(
            "jigsaw new: cannot make folder `{}`: {error}",
            crate::diagnostic::shown(&folder)
        );
        return Exit::Usage;
    }
    let path = folder.join(format!("{}.ron", args.id));
    // `create_new` refuses an existing file without a window between looking and writing.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "jigsaw new: `{}` already exists; it was left as it is. Choose another id, or edit that file.",
                crate::diagnostic::shown(&path)
            );
            return Exit::Problems;
        }
        Err(error) => {
            eprintln!(
                "jigsaw new: cannot write `{}`: {error}",
                crate::diagnostic::shown(&path)
            );
            return Exit::Usage;
        }
    };
    if let Err(error) = file.write_all(text.as_bytes()) {
        eprintln!(
            "jigsaw new: cannot write `{}`: {error}",
            crate::diagnostic::shown(&path)
        );
        return Exit::Usage;
    }
    let shown = crate::diagnostic::shown(&path);
    println!("Wrote {shown}: a starter scenario with four scenes and two endings.");
    println!();
    println!("Next:");
    println!("  edit it (every field has a comment), then");
    println!("  jigsaw check {shown}           find problems, with the line to fix");
    println!("  jigsaw play {shown}            play it in the terminal");
    println!("  jigsaw graph {shown} -o {}.dot   see its shape", args.id);
    println!("  jigsaw analyze {shown}         endings, score ranges, paths and pieces");
    println!("The walk-through is docs/authoring.md.");
    Exit::Success
}

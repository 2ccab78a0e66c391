//! The validator never panics, whatever it is fed.
//!
//! Every prefix of a real scenario file, and many copies with characters deleted or
//! swapped, must come back as diagnostics, never as a panic.

use jigsaw::rubric::Rubric;
use jigsaw::validate::check_source;
use rand::{RngExt, SeedableRng};

use super::fixture;

fn sources() -> Vec<String> {
    [
        "valid/scoring.ron",
        "valid/random.ron",
        "invalid/duplicate-id.ron",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(fixture(p)).expect("read"))
    .collect()
}

#[test]
fn every_prefix_of_a_scenario_is_reported_not_panicked_on() {
    let rubric = Rubric::built_in();
    let path = std::path::Path::new("prefix.ron");
    for source in sources() {
        let closing = source.rfind(')').expect("a closing bracket");
        for end in (0..source.len()).filter(|i| source.is_char_boundary(*i)) {
            let checked = check_source(path, &source[..end], &rubric);
            if end <= closing {
                assert!(
                    checked.has_errors(),
                    "a truncated file must have an error (at {end})"
                );
            }
            for d in &checked.diagnostics {
                assert!(d.line <= source[..end].lines().count() + 1);
                let _ = d.render(&source[..end], false);
            }
        }
    }
}

#[test]
fn random_damage_never_panics() {
    let rubric = Rubric::built_in();
    let path = std::path::Path::new("damaged.ron");
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(2026);
    let alphabet: Vec<char> = "()[]{},:\"' \n/abc0-9é".chars().collect();
    for source in sources() {
        let chars: Vec<char> = source.chars().collect();
        for _ in 0..400 {
            let mut damaged = chars.clone();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..damaged.len());
                if rng.random_bool(0.5) {
                    damaged.remove(at);
                } else {
                    damaged[at] = alphabet[rng.random_range(0..alphabet.len())];
                }
            }
            let text: String = damaged.into_iter().collect();
            let checked = check_source(path, &text, &rubric);
            for d in &checked.diagnostics {
                let _ = d.render(&text, false);
                let _ = d.short();
            }
        }
    }
}

//! Measures how long the learner's history takes to load with many attempts (the "My
//! progress" screen reads it at start-up): writes `ATTEMPTS` (default 500) played attempts
//! of a shipped scenario, with reflections, to a temporary progress folder, then loads it
//! and groups it by scenario, reporting the median of 11 runs.
//!
//!     cargo run --release --no-default-features --example bench_history [ATTEMPTS]
//!
//! A measurement, not a test: the figure goes in docs/performance.md.

use std::path::Path;
use std::time::{Duration, Instant};

use jigsaw::debrief::Debrief;
use jigsaw::engine::Session;
use jigsaw::explore::explore;
use jigsaw::progress::history::{self, AttemptRecord, History};
use jigsaw::rubric::Rubric;
use jigsaw::scenario::load_file;

fn main() {
    let attempts: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let rubric = Rubric::built_in();
    let files = [
        "scenarios/second-chance-contact.ron",
        "scenarios/call-out-at-2am.ron",
        "scenarios/no-answer.ron",
    ];
    let scenarios: Vec<_> = files
        .iter()
        .map(|f| {
            load_file(Path::new(f))
                .scenario
                .expect("a shipped scenario loads")
        })
        .collect();
    let bounds: Vec<_> = scenarios.iter().map(|s| explore(s).bounds).collect();
    let mut history = History::default();
    for n in 0..attempts {
        let (scenario, bounds) = (&scenarios[n % 3], &bounds[n % 3]);
        // Play the first offered choice each time, with a different seed per attempt.
        let mut session = Session::start(scenario, n as u64).expect("starts");
        while !session.is_finished() {
            let Some((index, _)) = session.offered_choices(scenario).first().copied() else {
                break;
            };
            session.choose(scenario, index).expect("chooses");
        }
        let debrief = Debrief::new(scenario, &rubric, &session, bounds.as_ref());
        let mut record = AttemptRecord::new(scenario, &rubric, &session, &debrief, 900);
        record.reflection.surprised =
            "How quickly a plausible explanation closed the question. ".repeat(4);
        record.reflection.differently =
            "Ask to see the child's room and speak to the child alone. ".repeat(4);
        history.attempts.push(record);
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    history::save(folder.path(), &history).expect("saves");
    let size = std::fs::metadata(history::path(folder.path()))
        .expect("written")
        .len();

    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        let (loaded, problem) = history::load(folder.path());
        assert!(problem.is_none());
        let groups = loaded.by_scenario();
        assert_eq!(loaded.attempts.len(), attempts);
        assert!(!groups.is_empty());
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{attempts} attempts, history.json {:.1} MB: loaded and grouped in {:.1} ms (median of 11)",
        size as f64 / 1_000_000.0,
        times[5].as_secs_f64() * 1000.0
    );
}

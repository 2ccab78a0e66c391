//! The authoring toolkit: `jigsaw new`, `jigsaw graph` (rendered by Graphviz and parsed by
//! Mermaid's own parser), `jigsaw analyze` (its extremes agree with the exact score bounds
//! and replay to the totals they claim; its path counts are right on stories small enough
//! to count by hand) and test plans (every plan shipped under `scenarios/` passes, and a
//! failing one is reported at the step or expectation that failed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jigsaw::analyze::{RunOptions, analyze};
use jigsaw::engine::Session;
use jigsaw::explore::{PathCount, explore, path_facts};
use jigsaw::plan::{plan_files, run_plan_file};
use jigsaw::rubric::Rubric;
use jigsaw::scenario::{Scenario, parse_scenario};
use jigsaw::starter::starter;

use super::{root, text};

fn jigsaw(args: &[&str]) -> Output {
    super::run_jigsaw(&root(), args, b"", &[])
}

fn parse(text: &str) -> Scenario {
    parse_scenario(text, Path::new("t.ron")).unwrap_or_else(|e| panic!("{}", e.short()))
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter(|p| p.file_name().is_some_and(|n| n != "rubric.ron"))
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------
// jigsaw new
// ---------------------------------------------------------------------------------------

#[test]
fn new_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().to_str().expect("utf-8");
    let out = jigsaw(&[
        "new",
        "missed-visit",
        "--role",
        "School \"nurse\"",
        "--dir",
        folder,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = dir.path().join("missed-visit.ron");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.contains("role: \"School \\\"nurse\\\"\""),
        "the role is escaped"
    );
    let check = jigsaw(&["check", file.to_str().expect("utf-8")]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).contains("0 errors, 0 warnings"),
        "{}",
        text(&check.stdout)
    );
    // Commented throughout.
    assert!(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count()
            >= 40
    );

    // Again: refused, and the file is unchanged.
    std::fs::write(&file, "edited").expect("edit");
    let again = jigsaw(&["new", "missed-visit", "--dir", folder]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "edited");

    let bad = jigsaw(&["new", "Not An Id", "--dir", folder]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_starter_is_valid_for_any_id_and_role() {
    for (id, role) in [("a", ""), ("family-time-2", "Social worker \\ \"duty\"")] {
        let s = parse(&starter(id, role).expect("starter"));
        assert_eq!(s.id.value, id);
        assert!(explore(&s).complete);
    }
    assert!(starter("Bad", "x").is_err());
    assert!(starter("trailing-", "x").is_err());
}

// ---------------------------------------------------------------------------------------
// jigsaw graph
// ---------------------------------------------------------------------------------------

/// Graphviz's `dot`; `.ci/run` installs it.
fn dot() -> &'static str {
    let ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "Graphviz's `dot` is not installed: run `.ci/run` (or `apt-get install graphviz`) to test the graph output"
    );
    "dot"
}

/// Parses Mermaid files with Mermaid's parser; `.ci/run` installs it into `.ci/node`.
fn mermaid_parse(files: &[&Path]) -> Output {
    let script = root().join(".ci/node/check-mermaid.mjs");
    assert!(
        root().join(".ci/node/node_modules/mermaid").is_dir(),
        "Mermaid's parser is not installed: run `.ci/run` (or `npm ci --prefix .ci/node`) to test the graph output"
    );
    Command::new("node")
        .arg(script)
        .args(files)
        .output()
        .expect("node is installed (run .ci/run)")
}

#[test]
fn every_shipped_scenario_and_the_starter_graph_as_dot_that_graphviz_renders() {
    let dot = dot();
    let dir = tempfile::tempdir().expect("temp dir");
    let starter_file = dir.path().join("starter.ron");
    std::fs::write(
        &starter_file,
        starter("starter", "Health visitor").expect("starter"),
    )
    .expect("write");
    let mut files = shipped();
    files.push(starter_file);
    for file in files {
        let out_file = dir.path().join("g.dot");
        let out = jigsaw(&[
            "graph",
            file.to_str().expect("utf-8"),
            "-o",
            out_file.to_str().expect("utf-8"),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let graph = std::fs::read_to_string(&out_file).expect("graph");
        let scenario = parse(&std::fs::read_to_string(&file).expect("read"));
        for scene in &scenario.scenes {
            assert!(
                graph.contains(&format!("label=\"{}", scene.id.value)),
                "{}: scene {}",
                file.display(),
                scene.id.value
            );
        }
        let rendered = Command::new(dot)
            .args(["-Tsvg", out_file.to_str().expect("utf-8")])
            .output()
            .expect("dot runs");
        assert!(
            rendered.status.success(),
            "{}: {}",
            file.display(),
            text(&rendered.stderr)
        );
        assert!(text(&rendered.stdout).contains("<svg"));
    }
    // And Graphviz does reject a broken graph, so the check means something.
    std::fs::write(dir.path().join("bad.dot"), "digraph { a -> [label=\"x\"] }").expect("write");
    let bad = Command::new(dot)
        .args(["-Tsvg", dir.path().join("bad.dot").to_str().expect("utf-8")])
        .output()
        .expect("dot runs");
    assert!(!bad.status.success());
}

#[test]
fn the_dot_graph_marks_endings_by_kind_lets_pass_conditions_and_random_picks() {
    let s = parse(&starter("starter", "Health visitor").expect("starter"));
    let dot = jigsaw::graph::Graph::of(&s, None).to_dot();
    assert!(dot.contains("Good ending\\nJamie is seen"), "{dot}");
    assert!(dot.contains("Poor ending\\nJamie is not seen"));
    assert!(dot.contains("lets pass: Two missed appointments"));
    assert!(dot.contains("[if engagement ≥ 5]") && dot.contains("style=dashed"));
    assert!(dot.contains("shape=diamond") && dot.contains("3 in 4") && dot.contains("1 in 4"));
    assert!(dot.contains("start -> s0"));
}

#[test]
fn every_shipped_scenario_graphs_as_mermaid_that_mermaid_parses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut outputs = Vec::new();
    for (n, file) in shipped().iter().enumerate() {
        let out_file = dir.path().join(format!("g{n}.mmd"));
        let out = jigsaw(&[
            "graph",
            file.to_str().expect("utf-8"),
            "--format",
            "mermaid",
            "-o",
            out_file.to_str().expect("utf-8"),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        outputs.push(out_file);
    }
    // A title and labels with every character Mermaid treats specially.
    let tricky = starter("tricky", "A \"role\" <b>#1</b>; {x} [y] |z|")
        .expect("starter")
        .replace(
            "Knock and wait.",
            "Knock: \\\"hello\\\" <b>#1</b> {a} [b] |c| (d) --> e ; end",
        );
    let tricky_file = dir.path().join("tricky.mmd");
    std::fs::write(
        &tricky_file,
        jigsaw::graph::Graph::of(&parse(&tricky), None).to_mermaid(),
    )
    .expect("write");
    outputs.push(tricky_file);
    let paths: Vec<&Path> = outputs.iter().map(PathBuf::as_path).collect();
    let result = mermaid_parse(&paths);
    assert!(
        result.status.success(),
        "{}{}",
        text(&result.stdout),
        text(&result.stderr)
    );
    assert_eq!(text(&result.stdout).matches("ok ").count(), outputs.len());

    // The parser does reject a broken graph.
    let broken = dir.path().join("broken.mmd");
    std::fs::write(&broken, "flowchart TD\n    s0(\"scene --> s1\n").expect("write");
    let result = mermaid_parse(&[&broken]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stdout));
}

// ---------------------------------------------------------------------------------------
// jigsaw analyze
// ---------------------------------------------------------------------------------------

/// Checks that every extreme of `scenario` agrees with the exact bounds and, where a seed
/// was found, replays to the total it claims.
fn agrees_with_the_bounds(scenario: &Scenario, what: &str) {
    let walk = explore(scenario);
    let facts = path_facts(scenario);
    assert!(facts.complete, "{what}");
    let Some(bounds) = walk.bounds.as_ref().filter(|b| b.exact) else {
        return;
    };
    for d in &facts.dimensions {
        let (lo, hi) = bounds.get(&d.dimension).expect("a bound");
        assert_eq!(
            (d.lowest.value, d.highest.value),
            (lo, hi),
            "{what}: {}",
            d.dimension
        );
    }
    let analysis = analyze(
        scenario,
        &Rubric::built_in(),
        Some(bounds),
        &RunOptions::default(),
        &mut |_| {},
    );
    for d in &analysis.dimensions {
        for w in [&d.lowest, &d.highest].into_iter().flatten() {
            let Some(seed) = w.seed else { continue };
            let steps = jigsaw::engine::parse_script(&w.inputs).expect("script");
            let session = Session::play_script(scenario, seed, &steps).expect("replays");
            assert_eq!(
                session.state.ending.as_deref(),
                Some(w.ending.as_str()),
                "{what}"
            );
            let total = i64::from(session.totals.get(&d.id).copied().unwrap_or(0));
            assert_eq!(total, w.value, "{what}: {} replays to its total", d.id);
        }
    }
}

#[test]
fn the_extremes_of_every_shipped_scenario_are_the_exact_bounds_and_replay() {
    for file in shipped() {
        let s = parse(&std::fs::read_to_string(&file).expect("read"));
        agrees_with_the_bounds(&s, &file.display().to_string());
        let facts = path_facts(&s);
        assert!(
            matches!(facts.paths, PathCount::Exact(n) if n > 0),
            "{}",
            file.display()
        );
    }
}

#[test]
fn the_extremes_agree_with_the_bounds_on_generated_scenarios() {
    for seed in 0..300 {
        let s = parse(&super::analysis::generate(seed, true));
        agrees_with_the_bounds(&s, &format!("seed {seed}"));
    }
    for seed in 10_000..10_300 {
        let s = parse(&super::analysis::generate(seed, false));
        agrees_with_the_bounds(&s, &format!("seed {seed}"));
    }
}

#[test]
fn path_counts_are_exact_on_a_story_counted_by_hand() {
    // The starter: seen by asking (1) or via the GP (1); not seen by a letter, by a new
    // date, or by "no access" (3). Looking at the record changes nothing later.
    let s = parse(&starter("starter", "Health visitor").expect("starter"));
    let facts = path_facts(&s);
    assert_eq!(facts.paths, PathCount::Exact(5));
    let of = |id: &str| facts.endings.iter().find(|(e, _)| e == id).map(|(_, c)| *c);
    assert_eq!(of("seen"), Some(PathCount::Exact(2)));
    assert_eq!(of("not-seen"), Some(PathCount::Exact(3)));
    let piece = |id: &str| facts.pieces.iter().find(|(p, _)| p == id).map(|(_, c)| *c);
    assert_eq!(piece("new-address"), Some(PathCount::Exact(2)));
    assert_eq!(piece("gp-knows"), Some(PathCount::Exact(1)));
    // Play time: the letter takes no time; the longest reads the record, calls, knocks,
    // finds nobody home and rings the GP (5 + 10 + 5 + 20).
    assert_eq!(facts.shortest.as_ref().map(|e| e.value), Some(0));
    assert_eq!(facts.longest.as_ref().map(|e| e.value), Some(40));
}

#[test]
fn a_story_with_a_loop_has_no_limit_on_its_paths_and_says_so() {
    let s = parse(
        r#"Scenario(id: "l", title: "L", role: "r", summary: "s", content_note: "c",
        scenes: [
            Scene(id: "a", text: "t", choices: [
                Choice(text: "again", minutes: 5, score: {"care": 1}, next: "a"),
                Choice(text: "stop", next: "end"),
            ]),
        ],
        endings: [Ending(id: "end", title: "E", text: "e", kind: Good)])"#,
    );
    let facts = path_facts(&s);
    assert_eq!(facts.paths, PathCount::Unlimited);
    let longest = facts.longest.expect("a longest play");
    assert!(
        !longest.exact,
        "a loop that takes time makes the longest play unlimited"
    );
    let care = facts
        .dimensions
        .iter()
        .find(|d| d.dimension == "care")
        .expect("care");
    assert!(!care.highest.exact && care.lowest.exact && care.lowest.value == 0);
    let out = jigsaw(&["analyze", "scenarios/febrile-fit.ron"]);
    assert!(out.status.success());
}

#[test]
fn a_capped_walk_says_so_plainly() {
    // Twenty independent flags set early and all read at the end: 2^20 situations.
    let mut text = String::from(
        "Scenario(id: \"f\", title: \"F\", role: \"r\", summary: \"s\", content_note: \"c\", flags: [",
    );
    for i in 0..20 {
        text.push_str(&format!("\"f{i}\","));
    }
    text.push_str("], scenes: [");
    for i in 0..20 {
        text.push_str(&format!(
            "Scene(id: \"s{i}\", text: \"t\", choices: [Choice(text: \"set\", set: [\"f{i}\"], next: \"s{}\"), Choice(text: \"skip\", next: \"s{}\")]),",
            i + 1,
            i + 1
        ));
    }
    text.push_str("Scene(id: \"s20\", text: \"t\", choices: [Choice(text: \"end\", when: All([");
    for i in 0..20 {
        text.push_str(&format!("Flag(\"f{i}\"),"));
    }
    text.push_str("]), next: \"e\"), Choice(text: \"other\", next: \"e\")])], endings: [Ending(id: \"e\", title: \"E\", text: \"e\", kind: Good)])");
    let s = parse(&text);
    let analysis = analyze(
        &s,
        &Rubric::built_in(),
        None,
        &RunOptions {
            runs: 50,
            ..RunOptions::default()
        },
        &mut |_| {},
    );
    assert!(!analysis.complete);
    assert!(
        analysis
            .stopped
            .as_deref()
            .is_some_and(|r| r.contains("distinct states")),
        "{:?}",
        analysis.stopped
    );
    // The simulated runs cover the whole scenario all the same.
    let simulation = analysis.simulation.as_ref().expect("simulated");
    assert_eq!(simulation.finished, 50);
    let human = analysis.to_text("f.ron");
    assert!(
        human.contains("NOTE: the path walk stopped early"),
        "{human}"
    );
}

#[test]
fn simulated_runs_are_reproducible_and_add_up() {
    let s =
        parse(&std::fs::read_to_string(root().join("scenarios/febrile-fit.ron")).expect("read"));
    let bounds = explore(&s).bounds;
    let options = RunOptions {
        runs: 300,
        seed: 9,
        ..RunOptions::default()
    };
    let mut calls = 0;
    let a = analyze(
        &s,
        &Rubric::built_in(),
        bounds.as_ref(),
        &options,
        &mut |_| calls += 1,
    );
    let b = analyze(
        &s,
        &Rubric::built_in(),
        bounds.as_ref(),
        &options,
        &mut |_| {},
    );
    assert_eq!(calls, 300, "progress is told after every run");
    let (sa, sb) = (a.simulation.expect("a"), b.simulation.expect("b"));
    assert_eq!(sa, sb, "same seed, same figures");
    assert_eq!(
        sa.endings.iter().map(|e| e.runs as usize).sum::<usize>(),
        sa.finished
    );
    assert_eq!(
        sa.quadrants.iter().map(|q| q.runs as usize).sum::<usize>(),
        sa.finished
    );
    // Favouring care scores care higher on average than avoiding it.
    let favour = RunOptions {
        policy: "favour:care".parse().expect("policy"),
        ..options.clone()
    };
    let avoid = RunOptions {
        policy: "avoid:care".parse().expect("policy"),
        ..options
    };
    let mean = |o: &RunOptions| {
        analyze(&s, &Rubric::built_in(), bounds.as_ref(), o, &mut |_| {})
            .simulation
            .expect("sim")
            .dimensions
            .into_iter()
            .find(|d| d.id == "care")
            .and_then(|d| d.scores)
            .expect("care scores")
            .mean
    };
    assert!(mean(&favour) > mean(&avoid) + 10.0);
    let json = jigsaw(&["analyze", "febrile-fit", "--runs", "20", "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["simulation"]["runs"], 20);
    assert_eq!(
        value["endings"].as_array().map(Vec::len),
        Some(s.endings.len())
    );
}

// ---------------------------------------------------------------------------------------
// Test plans
// ---------------------------------------------------------------------------------------

#[test]
fn every_test_plan_shipped_under_scenarios_passes() {
    let plans = plan_files(&root().join("scenarios")).expect("plans");
    let ids: Vec<String> = shipped()
        .iter()
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    for id in &ids {
        assert!(
            plans
                .iter()
                .any(|p| p.to_string_lossy().ends_with(&format!("/{id}.plan.ron"))),
            "no test plan for `{id}`"
        );
    }
    for plan in &plans {
        let report = run_plan_file(plan);
        let problems: Vec<String> = report.diagnostics().map(|d| d.short()).collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", plan.display());
        assert!(!report.playthroughs.is_empty());
    }
    // `check` does not mistake plans for scenarios.
    let out = jigsaw(&["check", "scenarios/"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains(".plan.ron"));
}

#[test]
fn a_failing_plan_is_reported_at_the_step_and_the_expectation_that_failed() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("starter.ron"),
        starter("starter", "Health visitor").expect("starter"),
    )
    .expect("write");
    let plan = dir.path().join("starter.plan.ron");
    std::fs::write(
        &plan,
        r#"TestPlan(
    scenario: "starter",
    playthroughs: [
        Playthrough(
            name: "asks about the move",
            seed: 0,
            inputs: "look:record,1,1,1",
            expect: [
                Ending("seen"),
                Found(["new-address"]),
                Ending("not-seen"),
                Offered(step: 4, choice: "new date"),
                NotOffered(step: 1, choice: "Ring Jamie"),
                Score(dimension: "curiosity", at_least: 101),
            ],
        ),
        Playthrough(
            name: "a typo",
            inputs: "1,look:recrod",
        expect: [],
        ),
    ],
)
"#,
    )
    .expect("write");
    let report = run_plan_file(&plan);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let first = &report.playthroughs[0];
    assert_eq!(first.passed, 3, "{:#?}", first.failures);
    let lines: Vec<(usize, &str)> = first.failures.iter().map(|d| (d.line, d.code)).collect();
    assert_eq!(
        lines,
        vec![
            (11, "plan-expectation"),
            (13, "plan-expectation"),
            (14, "plan-expectation")
        ]
    );
    assert!(first.failures[0].message.contains("reached `seen`"));
    assert!(
        first.failures[1]
            .message
            .contains("offered were: 1. Ring Jamie")
    );
    let typo = &report.playthroughs[1].failures;
    assert_eq!(typo.len(), 1);
    // Line 19, at `look:recrod` inside the inputs string.
    assert_eq!((typo[0].line, typo[0].column), (19, 24), "{:?}", typo[0]);
    assert!(typo[0].message.contains("step 2"), "{}", typo[0].message);
    let out = jigsaw(&["test", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stdout);
    assert!(shown.contains("starter.plan.ron:11:"), "{shown}");
    assert!(shown.contains("2 failed"), "{shown}");
}

#[test]
fn the_plans_in_the_docs_pass_against_the_starter() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("missed-appointment.ron"),
        starter("missed-appointment", "School nurse").expect("starter"),
    )
    .expect("write");
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).expect("plans folder");
    let mut n = 0;
    for doc in ["docs/authoring.md", "docs/scenario-format.md"] {
        let text = std::fs::read_to_string(root().join(doc)).expect("doc");
        for block in text.split("```ron\n").skip(1) {
            let block = block.split("```").next().expect("block");
            if block.contains("TestPlan(") {
                n += 1;
                std::fs::write(plans.join(format!("doc{n}.plan.ron")), block).expect("write");
            }
        }
    }
    assert!(n >= 2, "the docs show test plans");
    for plan in plan_files(&plans).expect("plans") {
        let report = run_plan_file(&plan);
        let problems: Vec<String> = report.diagnostics().map(|d| d.short()).collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", plan.display());
        assert!(report.playthroughs.iter().all(|p| p.passed > 0));
    }
}

/// Not a test: times the analysis of a large generated scenario, past the loader's file-size
/// limit (docs/performance.md). Run with
/// `JIGSAW_BENCH_FILE=/tmp/x/chain.ron cargo test --release --no-default-features --test core -- --ignored --nocapture measure_analyze`.
#[test]
#[ignore = "a measurement, run by hand"]
fn measure_analyze() {
    let Some(file) = std::env::var_os("JIGSAW_BENCH_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(&file).expect("read");
    let scenario: Scenario = jigsaw::scenario::ron_options()
        .from_str(&text)
        .expect("parse");
    let started = std::time::Instant::now();
    let walk = explore(&scenario);
    let explored = started.elapsed();
    let started = std::time::Instant::now();
    let analysis = analyze(
        &scenario,
        &Rubric::built_in(),
        walk.bounds.as_ref(),
        &RunOptions::default(),
        &mut |_| {},
    );
    println!(
        "{} scenes: check's walk {explored:?} ({} states); analyze {:?} ({} situations, complete {}, paths {})",
        scenario.scenes.len(),
        walk.states,
        started.elapsed(),
        analysis.situations,
        analysis.complete,
        analysis.paths.text
    );
}

#[test]
fn path_counts_add_up_on_generated_scenarios() {
    let exact = |c: PathCount| match c {
        PathCount::Exact(n) => Some(n),
        _ => None,
    };
    for seed in (0..300).chain(10_000..10_300) {
        let s = parse(&super::analysis::generate(seed, seed < 10_000));
        let walk = explore(&s);
        let facts = path_facts(&s);
        let Some(total) = exact(facts.paths) else {
            // Only a loop makes the count unlimited.
            assert_eq!(facts.paths, PathCount::Unlimited, "seed {seed}");
            assert!(
                !walk.loops.is_empty(),
                "seed {seed}: unlimited without a loop"
            );
            continue;
        };
        let by_ending: u128 = facts.endings.iter().filter_map(|(_, c)| exact(*c)).sum();
        assert_eq!(by_ending, total, "seed {seed}: the endings' paths add up");
        for (id, c) in &facts.endings {
            assert_eq!(
                c.is_zero(),
                !walk.endings.contains(id),
                "seed {seed}: ending {id} is reached by some path iff it has paths"
            );
        }
        for (piece, c) in &facts.pieces {
            let n = exact(*c).expect("finite");
            assert!(
                n <= total,
                "seed {seed}: {piece} on more paths than there are"
            );
            if n > 0 {
                assert!(walk.pieces.contains(piece), "seed {seed}: {piece}");
            }
        }
    }
}

/// Without `--dir`, `new` writes where the author is: into `./scenarios` when there is one,
/// else into the folder itself, never into the tree the program was built from.
#[test]
fn new_writes_where_the_author_is() {
    let bare = tempfile::tempdir().expect("tempdir");
    let output = super::run_jigsaw(bare.path(), &["new", "first-try"], b"", &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(bare.path().join("first-try.ron").is_file());

    let project = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(project.path().join("scenarios")).expect("mkdir");
    let output = super::run_jigsaw(project.path(), &["new", "second-try"], b"", &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(project.path().join("scenarios/second-try.ron").is_file());
    assert!(!root().join("scenarios/first-try.ron").exists());
    assert!(!root().join("scenarios/second-try.ron").exists());
}

//! Self-paced learning in the core: autosaves restored exactly (or refused, saying why),
//! damaged files moved aside with a plain message while everything else loads, the history
//! and reflections, the portfolio record with hostile text, and time pressure in the engine
//! and the path analysis.

use std::collections::BTreeSet;
use std::path::Path;

use jigsaw::debrief::Debrief;
use jigsaw::engine::{Input, Session, TimeScope};
use jigsaw::explore::explore;
use jigsaw::progress::autosave::{self, Save};
use jigsaw::progress::history::{self, AttemptRecord, History, Reflection};
use jigsaw::progress::profile::{self, Profile};
use jigsaw::report::portfolio;
use jigsaw::rubric::Rubric;
use jigsaw::scenario::{Scenario, parse_scenario};
use jigsaw::validate::check_source;

/// A small scenario with a scene time limit and a scenario time limit. `{version}`,
/// `{title}` and `{extra}` are filled in by [`timed`].
const TIMED: &str = r#"Scenario(
    id: "timed",
    title: "{title}",
    version: {version},
    role: "Health visitor",
    summary: "A visit against the clock.",
    content_note: "None.",
    outcomes: ["Notice what the time goes on", "{outcome}"],
    concepts: ["professional-curiosity"],
    time_limit: (minutes: 60, then: "called-away"),
    pieces: [Piece(id: "fridge", title: "{piece}", tells: "{tells}", source: "Home visit")],
    flags: ["asked"],
    meters: [Meter(id: "trust", start: 5)],
    scenes: [
        Scene(
            id: "doorstep",
            text: "The door opens.",
            time_limit: (minutes: 20, then: "hurried"),
            observations: [
                Observation(id: "hall", label: "Look at the hall", text: "Shoes.", minutes: 10),
                Observation(id: "fridge", label: "Look in the fridge", text: "Empty.", minutes: 5, reveals: ["fridge"]),
            ],
            choices: [
                Choice(text: "Ask to come in", reply: "Fine, come in.", score: {"care": 1, "authority": 1}, set: ["asked"], minutes: 5, feedback: "{feedback}", next: "kitchen"),
                Choice(text: "Leave", score: {"care": -1}, feedback: "Left.", next: "end"),
            ],
        ),
        Scene(
            id: "kitchen",
            text: "The kitchen.",
            choices: [
                Choice(text: "Talk for a long time", score: {"care": 2}, minutes: 55, feedback: "Long.", next: "kitchen-again"),
                Choice(text: "Finish", score: {"authority": 1}, minutes: 5, feedback: "Done.", next: "end"),
            ],
        ),
        Scene(
            id: "kitchen-again",
            text: "Still in the kitchen.",
            choices: [Choice(text: "Finish", score: {"authority": 1}, minutes: 5, feedback: "Done.", next: "end")],
        ),
        Scene(
            id: "hurried",
            text: "You are running late and have to move on.",
            choices: [Choice(text: "Go in", score: {"care": 1}, feedback: "Late.", next: "kitchen")],
        ),
        {extra}
    ],
    endings: [
        Ending(id: "end", title: "The visit ends", text: "You leave.", kind: Good),
        Ending(id: "called-away", title: "Called away", text: "Your phone rings: another visit.", kind: Mixed),
    ],
)"#;

fn timed_source(version: u32, extra: &str) -> String {
    TIMED
        .replace("{title}", "Against the clock")
        .replace("{version}", &version.to_string())
        .replace("{extra}", extra)
        .replace("{outcome}", "Keep the child in view")
        .replace("{piece}", "An empty fridge")
        .replace("{tells}", "There may be no food.")
        .replace("{feedback}", "Good.")
}

fn timed(version: u32) -> Scenario {
    let source = timed_source(version, "");
    let checked = check_source(Path::new("timed.ron"), &source, &Rubric::built_in());
    let errors: Vec<String> = checked.errors().map(|d| d.short()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked.parsed.expect("parses")
}

fn save_of(session: &Session, scenario: &Scenario) -> Save {
    Save {
        scenario_id: session.scenario_id.clone(),
        scenario_title: scenario.title.clone(),
        file: "scenarios/timed.ron".into(),
        started_at: "2026-12-01T09:00:00Z".to_string(),
        saved_at: "2026-12-01T09:05:00Z".to_string(),
        seconds_spent: 300,
        session: session.clone(),
    }
}

#[test]
fn a_save_restores_the_exact_scene_clock_meters_flags_pieces_observations_and_path() {
    let scenario = timed(1);
    let folder = tempfile::tempdir().expect("temp");
    let mut session = Session::start(&scenario, 42).expect("starts");
    session.choose(&scenario, 0).expect("in");
    session.observe(&scenario, "x").unwrap_err();
    let mut at_door = Session::start(&scenario, 42).expect("starts");
    at_door.observe(&scenario, "fridge").expect("looks");
    for session in [session, at_door] {
        autosave::store(folder.path(), &save_of(&session, &scenario)).expect("saves");
        let (saves, problems) = autosave::load_all(folder.path());
        assert!(problems.is_empty(), "{problems:?}");
        let restored = saves["timed"].restore(&scenario).expect("carries on");
        assert_eq!(restored.state, session.state);
        assert_eq!(restored.totals, session.totals);
        assert_eq!(restored.transcript, session.transcript);
        assert_eq!(restored.inputs, session.inputs);
    }
    // The observation made on this visit is restored: it is not offered again.
    let (saves, _) = autosave::load_all(folder.path());
    let restored = saves["timed"].restore(&scenario).expect("carries on");
    assert!(restored.state.observed.contains("fridge"));
    assert!(restored.state.found.contains("fridge"));
    autosave::remove(folder.path(), "timed").expect("removes");
    assert!(autosave::load_all(folder.path()).0.is_empty());
}

#[test]
fn a_save_from_an_older_version_or_a_vanished_scene_is_offered_as_start_again_with_the_reason() {
    let scenario = timed(1);
    let mut session = Session::start(&scenario, 1).expect("starts");
    session.choose(&scenario, 0).expect("in");
    let save = save_of(&session, &scenario);

    let newer = timed(2);
    let reason = save.restore(&newer).expect_err("a newer version");
    assert!(reason.contains("updated since you saved"), "{reason}");
    assert!(
        reason.contains("version 1") && reason.contains("version 2"),
        "{reason}"
    );

    // Same version, but the kitchen has been renamed.
    let renamed = timed_source(1, "").replace("\"kitchen\"", "\"the-kitchen\"");
    let renamed = parse_scenario(&renamed, Path::new("timed.ron")).expect("parses");
    let reason = save.restore(&renamed).expect_err("scene gone");
    assert!(
        reason.contains("\"kitchen\"") && reason.contains("no longer in the scenario"),
        "{reason}"
    );

    // Same version and scenes, but a choice now scores differently: never silently mixed.
    let rescored = timed_source(1, "").replace(
        r#"score: {"care": 1, "authority": 1}, set: ["asked"]"#,
        r#"score: {"care": 3}, set: ["asked"]"#,
    );
    let rescored = parse_scenario(&rescored, Path::new("timed.ron")).expect("parses");
    let reason = save.restore(&rescored).expect_err("changed");
    assert!(reason.contains("has changed since you saved"), "{reason}");
}

#[test]
fn a_truncated_save_is_moved_aside_with_its_message_and_the_other_saves_load() {
    let scenario = timed(1);
    let folder = tempfile::tempdir().expect("temp");
    let session = Session::start(&scenario, 3).expect("starts");
    let mut good = save_of(&session, &scenario);
    autosave::store(folder.path(), &good).expect("saves");
    good.scenario_id = "other".to_string();
    autosave::store(folder.path(), &good).expect("saves");
    let broken = autosave::save_path(folder.path(), "timed");
    let text = std::fs::read_to_string(&broken).expect("reads");
    std::fs::write(&broken, &text[..text.len() / 2]).expect("truncates");

    let (saves, problems) = autosave::load_all(folder.path());
    assert_eq!(saves.keys().collect::<Vec<_>>(), ["other"]);
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert!(problem.message.contains("cut short"), "{}", problem.message);
    assert!(
        problem.message.contains("moved aside"),
        "{}",
        problem.message
    );
    let moved = problem.moved_to.as_ref().expect("moved aside");
    assert!(moved.to_string_lossy().contains("timed.json.corrupt-"));
    assert_eq!(
        std::fs::read_to_string(moved).expect("kept"),
        &text[..text.len() / 2]
    );
    assert!(!broken.exists(), "the damaged file is no longer in the way");
}

#[test]
fn a_garbage_history_is_moved_aside_with_its_message_and_the_profile_and_saves_still_load() {
    let scenario = timed(1);
    let folder = tempfile::tempdir().expect("temp");
    let profile = Profile {
        name: "Sam Okafor".to_string(),
        role: "Health visitor".to_string(),
    };
    profile::save(folder.path(), &profile).expect("saves profile");
    let session = Session::start(&scenario, 3).expect("starts");
    autosave::store(folder.path(), &save_of(&session, &scenario)).expect("saves");
    std::fs::write(history::path(folder.path()), b"\x00\xffnot json at all {[").expect("writes");

    let (history, problem) = history::load(folder.path());
    assert!(history.attempts.is_empty());
    let problem = problem.expect("reported");
    assert!(
        problem.message.starts_with("Your history of attempts"),
        "{}",
        problem.message
    );
    assert!(problem.message.contains("damaged"), "{}", problem.message);
    assert!(
        problem.message.contains("starts afresh"),
        "{}",
        problem.message
    );
    let moved = problem.moved_to.expect("moved aside");
    assert_eq!(
        std::fs::read(&moved).expect("kept"),
        b"\x00\xffnot json at all {["
    );
    assert!(!history::path(folder.path()).exists());

    assert_eq!(profile::load(folder.path()).expect("loads"), Some(profile));
    let (saves, problems) = autosave::load_all(folder.path());
    assert!(problems.is_empty());
    assert_eq!(saves.len(), 1);

    // A second damaged history does not overwrite the first one moved aside.
    std::fs::write(history::path(folder.path()), b"]").expect("writes");
    let (_, again) = history::load(folder.path());
    let again = again.expect("reported").moved_to.expect("moved");
    assert_ne!(again, moved);
    assert!(moved.exists() && again.exists());
}

fn finished_attempt(scenario: &Scenario, inputs: &[Input]) -> AttemptRecord {
    let rubric = Rubric::built_in();
    let mut session = Session::start(scenario, 5).expect("starts");
    for input in inputs {
        session.apply(scenario, input).expect("applies");
    }
    let bounds = explore(scenario).bounds;
    let debrief = Debrief::new(scenario, &rubric, &session, bounds.as_ref());
    AttemptRecord::new(scenario, &rubric, &session, &debrief, 754)
}

#[test]
fn history_keeps_every_attempt_with_its_reflections_and_reads_them_back() {
    let scenario = timed(1);
    let folder = tempfile::tempdir().expect("temp");
    let mut history = History::default();
    history.attempts.push(finished_attempt(
        &scenario,
        &[Input::Choose(0), Input::Choose(1)],
    ));
    history
        .attempts
        .push(finished_attempt(&scenario, &[Input::Choose(1)]));
    history.attempts[0].reflection = Reflection {
        surprised: "How fast the time went.".to_string(),
        differently: "Look in the fridge first.".to_string(),
        read_more: String::new(),
    };
    history::save(folder.path(), &history).expect("saves");
    let (loaded, problem) = history::load(folder.path());
    assert!(problem.is_none());
    assert_eq!(loaded, history);
    let first = &loaded.attempts[0];
    assert_eq!(first.scenario_id, "timed");
    assert_eq!(first.scenario_version, 1);
    assert_eq!(first.seed, 5);
    assert_eq!(first.path, ["doorstep", "kitchen", "end"]);
    assert_eq!(
        first.ending.as_ref().map(|e| e.0.as_str()),
        Some("The visit ends")
    );
    assert!(first.score("care").is_some());
    assert_eq!(first.seconds_spent, 754);
    assert_eq!(first.game_minutes, 10);
    let groups = loaded.by_scenario();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].attempts.len(), 2);
    assert_eq!(
        loaded.concepts_met(),
        BTreeSet::from(["professional-curiosity"])
    );
}

#[test]
fn the_portfolio_record_escapes_hostile_scenario_and_learner_text() {
    let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(6);
    let source = TIMED
        .replace(
            "{title}",
            r#"<script>alert(\"title\")</script> \"quoted\" & 'single'"#,
        )
        .replace("{version}", "1")
        .replace("{extra}", "")
        .replace(
            "{outcome}",
            &format!("Spot <img src=x onerror=alert(1)> {long_word}"),
        )
        .replace("{piece}", "</li><script>alert('piece')</script>")
        .replace("{tells}", "\\\"><b>bold</b>")
        .replace("{feedback}", "Fine.");
    let scenario = parse_scenario(&source, Path::new("hostile.ron")).expect("parses");
    let mut attempt = finished_attempt(
        &scenario,
        &[
            Input::Observe("fridge".into()),
            Input::Choose(0),
            Input::Choose(1),
        ],
    );
    attempt.reflection.surprised =
        "<script>document.cookie</script>\n\"Really\" & more".to_string();
    attempt.reflection.read_more = long_word.clone();
    let profile = Profile {
        name: "<b>Sam</b> \"O'Neil\"".to_string(),
        role: "Health visitor".to_string(),
    };
    let page = portfolio::render(&attempt.portfolio(&profile));
    assert!(!page.contains("<script"), "no script element: {page}");
    assert!(!page.contains("<img"), "no image element");
    assert!(!page.contains("<b>"), "no markup from text");
    assert!(page.contains("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"));
    assert!(page.contains("&#x27;single&#x27;"));
    assert!(page.contains("&lt;b&gt;Sam&lt;/b&gt; &quot;O&#x27;Neil&quot;"));
    assert!(
        page.contains(&long_word),
        "long words are kept (and wrap in CSS)"
    );
    assert!(page.contains("overflow-wrap: anywhere"));
    // Everything the record promises is there.
    for part in [
        "Learning outcomes",
        "Debrief summary",
        "Pieces of the jigsaw",
        "Found (1)",
        "My reflections",
        "What surprised you?",
        "Not answered.",
        "Concepts and sources",
        "Time spent",
        "12 min",
        "What the time went on",
    ] {
        assert!(page.contains(part), "missing {part}");
    }
    assert!(page.contains("Content-Security-Policy"));
    assert!(portfolio::file_name(&attempt.portfolio(&Profile::default())).ends_with(".html"));
}

#[test]
fn a_scene_time_limit_moves_the_next_choice_to_its_then_once_the_budget_is_used() {
    let scenario = timed(1);
    let mut session = Session::start(&scenario, 1).expect("starts");
    let left = session.time_left(&scenario).expect("limited");
    assert_eq!((left.minutes, left.scope), (20, TimeScope::Scene));
    session.observe(&scenario, "hall").expect("10 minutes");
    session.observe(&scenario, "fridge").expect("5 minutes");
    assert_eq!(session.time_left(&scenario).map(|t| t.minutes), Some(5));
    // The choice takes the last 5 minutes: its effects count, the story goes to `hurried`.
    session.choose(&scenario, 0).expect("chooses");
    assert_eq!(session.state.scene, "hurried");
    assert!(
        session.state.flags.contains("asked"),
        "the choice's effects still count"
    );
    assert_eq!(session.time_outs.len(), 1);
    assert_eq!(session.time_outs[0].instead_of, "kitchen");
    assert_eq!(
        session.reply(&scenario),
        None,
        "no reply from a scene never reached"
    );
    // The scene's budget starts again in the next scene; the scenario's is still running.
    let left = session.time_left(&scenario).expect("scenario budget");
    assert_eq!((left.minutes, left.scope), (40, TimeScope::Scenario));
}

#[test]
fn the_scenario_time_limit_moves_the_story_once_and_the_debrief_says_what_the_time_went_on() {
    let scenario = timed(1);
    let mut session = Session::start(&scenario, 1).expect("starts");
    session.choose(&scenario, 0).expect("in: 5 minutes");
    session
        .choose(&scenario, 0)
        .expect("55 minutes: the hour is up");
    assert!(session.is_finished());
    assert_eq!(session.state.ending.as_deref(), Some("called-away"));
    assert_eq!(session.time_outs[0].scope, TimeScope::Scenario);
    // The same inputs replay to the same place (resume depends on it).
    let replayed = Session::replay(&scenario, 1, &session.inputs).expect("replays");
    assert_eq!(replayed.state, session.state);

    let debrief = Debrief::new(
        &scenario,
        &Rubric::built_in(),
        &session,
        explore(&scenario).bounds.as_ref(),
    );
    let time = debrief.time.as_ref().expect("time pressure is reported");
    assert_eq!(time.budget, Some(60));
    assert_eq!(time.used, 60);
    assert_eq!(
        time.by_scene,
        [("doorstep".to_string(), 5), ("kitchen".to_string(), 55)]
    );
    assert_eq!(time.ran_out.len(), 1);
    let text = jigsaw::report::text::debrief(&debrief);
    assert!(text.contains("WHAT THE TIME WENT ON"), "{text}");
    assert!(
        text.contains("the time for the whole visit ran out"),
        "{text}"
    );
    assert!(!debrief.bounds_exact);
    assert!(
        text.contains("time limit"),
        "the approximate note says why: {text}"
    );
}

#[test]
fn the_path_analysis_finds_everything_the_clock_allows_and_does_not_claim_exact_bounds() {
    let scenario = timed(1);
    let found = explore(&scenario);
    // Every scene and ending the engine can reach under the clock, by brute force over
    // every sequence of inputs, is found by the analysis.
    let mut reached = BTreeSet::new();
    let mut stack = vec![Session::start(&scenario, 9).expect("starts")];
    while let Some(session) = stack.pop() {
        reached.insert(session.state.scene.clone());
        let mut inputs: Vec<Input> = session
            .offered_choices(&scenario)
            .into_iter()
            .map(|(i, _)| Input::Choose(i))
            .collect();
        inputs.extend(
            session
                .offered_observations(&scenario)
                .into_iter()
                .map(|o| Input::Observe(o.id.value.clone())),
        );
        for input in inputs {
            let mut next = session.clone();
            next.apply(&scenario, &input).expect("applies");
            stack.push(next);
        }
    }
    for place in &reached {
        assert!(
            found.scenes.contains(place) || found.endings.contains(place),
            "{place} is reachable but the analysis missed it"
        );
    }
    assert!(reached.contains("hurried") && reached.contains("called-away"));
    let bounds = found.bounds.expect("bounds");
    assert!(!bounds.exact, "bounds over-count paths the clock rules out");

    // Without time limits nothing changes: the analysis stays exact.
    let untimed = timed_source(1, "")
        .replace(
            "    time_limit: (minutes: 60, then: \"called-away\"),\n",
            "",
        )
        .replace(
            "            time_limit: (minutes: 20, then: \"hurried\"),\n",
            "",
        );
    let untimed = parse_scenario(&untimed, Path::new("untimed.ron")).expect("parses");
    assert!(!untimed.has_time_limits());
    assert!(explore(&untimed).bounds.expect("bounds").exact);
}

#[test]
fn jigsaw_check_locates_bad_time_limits() {
    let source = timed_source(1, "")
        .replace("time_limit: (minutes: 60", "time_limit: (minutes: -5")
        .replace("then: \"hurried\"", "then: \"hurryed\"");
    let checked = check_source(Path::new("timed.ron"), &source, &Rubric::built_in());
    let codes: Vec<(String, usize)> = checked
        .errors()
        .map(|d| (d.code.to_string(), d.line))
        .collect();
    assert!(
        codes.contains(&("bad-time-limit".to_string(), 10)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("unknown-scene".to_string(), 18)),
        "{codes:?}"
    );
    let hint = checked
        .errors()
        .find(|d| d.code == "unknown-scene")
        .map(|d| d.render(&source, false))
        .unwrap_or_default();
    assert!(
        hint.contains("hurried"),
        "suggests the closest scene: {hint}"
    );
}

#[test]
fn move_aside_never_overwrites() {
    let folder = tempfile::tempdir().expect("temp");
    let file = folder.path().join("history.json");
    let mut moved = Vec::new();
    for n in 0..3 {
        std::fs::write(&file, format!("{n}")).expect("writes");
        moved.push(jigsaw::progress::move_aside(&file).expect("moves"));
    }
    let names: BTreeSet<_> = moved.iter().collect();
    assert_eq!(names.len(), 3);
    for (n, path) in moved.iter().enumerate() {
        assert_eq!(std::fs::read_to_string(path).expect("kept"), n.to_string());
    }
}

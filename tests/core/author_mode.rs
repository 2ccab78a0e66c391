//! The app's author mode, without the app: jumping to a scene with a chosen state, the
//! condition syntax, the graph's layers, and the path copied as `--inputs` or a test plan.

use std::collections::{BTreeMap, BTreeSet};

use jigsaw::author::{condition_source, inputs_line, layers, plan_text};
use jigsaw::engine::{EngineError, Jump, Scripted, Session};
use jigsaw::graph::{Graph, NodeKind};
use jigsaw::scenario::Scenario;

use super::{playable, root};

fn second_chance() -> Scenario {
    playable(&root().join("scenarios/second-chance-contact.ron"))
}

fn living_room_jump() -> Jump {
    Jump {
        scene: "living-room".to_string(),
        path: vec!["the-file".to_string(), "phone-answered".to_string()],
        flags: BTreeSet::from(["saw-trainers".to_string()]),
        found: BTreeSet::from(["two-moves".to_string()]),
        meters: BTreeMap::from([("engagement".to_string(), 99)]),
    }
}

#[test]
fn a_jump_starts_at_the_scene_with_the_chosen_state() {
    let scenario = second_chance();
    let session = Session::jump(&scenario, 7, living_room_jump()).expect("jump");
    let state = &session.state;
    assert_eq!(state.scene, "living-room");
    assert_eq!(state.flags, BTreeSet::from(["saw-trainers".to_string()]));
    assert_eq!(state.found, BTreeSet::from(["two-moves".to_string()]));
    // Kept within the meter's range (0..10); meters not named keep their start value.
    assert_eq!(state.meters["engagement"], 10);
    assert_eq!(state.meters["ellis-observed"], 0);
    let visited: Vec<&str> = state.visited.iter().map(String::as_str).collect();
    assert_eq!(visited, ["living-room", "phone-answered", "the-file"]);
    assert!(session.jump.is_some());
    assert!(session.totals.is_empty());
    // The jumped state offers what that state allows: the trainers are already seen.
    let offered: Vec<&str> = session
        .offered_choices(&scenario)
        .iter()
        .map(|(_, c)| c.text.as_str())
        .collect();
    assert!(!offered.is_empty());
}

#[test]
fn a_jump_refuses_what_the_scenario_does_not_have() {
    let scenario = second_chance();
    let mut jump = living_room_jump();
    jump.scene = "no-such-scene".to_string();
    assert_eq!(
        Session::jump(&scenario, 7, jump).unwrap_err(),
        EngineError::UnknownScene("no-such-scene".to_string())
    );
    let mut jump = living_room_jump();
    jump.flags.insert("made-up".to_string());
    assert_eq!(
        Session::jump(&scenario, 7, jump).unwrap_err(),
        EngineError::NotInScenario("flag".to_string(), "made-up".to_string())
    );
}

#[test]
fn a_jumped_session_resumes_from_its_jump() {
    let scenario = second_chance();
    let mut session = Session::jump(&scenario, 7, living_room_jump()).expect("jump");
    let input = session
        .resolve(&scenario, &Scripted::Pick(1))
        .expect("a choice");
    session.apply(&scenario, &input).expect("apply");
    let resumed = Session::resume(&scenario, &session).expect("resume");
    assert_eq!(resumed, session);
    // And it survives being saved.
    let saved = serde_json::to_string(&session).expect("save");
    let loaded: Session = serde_json::from_str(&saved).expect("load");
    assert_eq!(loaded, session);
}

#[test]
fn conditions_are_written_as_in_the_file() {
    let condition: jigsaw::scenario::Condition =
        ron::from_str(r#"All([AtLeast("engagement", 5), Found("lip-account"), Not(Flag("x"))])"#)
            .expect("parses");
    assert_eq!(
        condition_source(&condition),
        r#"All([AtLeast("engagement", 5), Found("lip-account"), Not(Flag("x"))])"#
    );
}

#[test]
fn layers_count_arrows_from_the_start() {
    let scenario = second_chance();
    let graph = Graph::of(&scenario, None);
    let layer = layers(&graph);
    let of = |id: &str| layer[graph.nodes.iter().position(|n| n.id == id).expect(id)];
    assert_eq!(of("the-file"), 0);
    assert!(of("living-room") > of("the-file"));
    // Every arrow out of a scene reaches a node at most one layer further on.
    for edge in &graph.edges {
        assert!(layer[edge.to] <= layer[edge.from] + 1);
    }
    assert!(
        graph
            .nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::Ending(_)))
    );
}

#[test]
fn the_path_copies_as_inputs_and_as_a_plan_that_passes() {
    let scenario = second_chance();
    let steps = jigsaw::engine::parse_script("look:gp-record,1,1").expect("script");
    let session = Session::play_script(&scenario, 7, &steps).expect("plays");
    let line = inputs_line(&scenario, &session).expect("a line");
    assert_eq!(line, "look:gp-record,1,1");
    let replayed =
        Session::play_script(&scenario, 7, &jigsaw::engine::parse_script(&line).unwrap())
            .expect("replays");
    assert_eq!(replayed, session);

    let plan = plan_text(&scenario, &session).expect("a plan");
    assert!(plan.contains(r#"inputs: "look:gp-record,1,1""#), "{plan}");
    let folder = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("scenarios/second-chance-contact.ron"),
        folder.path().join("second-chance-contact.ron"),
    )
    .expect("copy");
    std::fs::copy(
        root().join("scenarios/rubric.ron"),
        folder.path().join("rubric.ron"),
    )
    .expect("copy rubric");
    let path = folder.path().join("copied.plan.ron");
    std::fs::write(&path, &plan).expect("write");
    let report = jigsaw::plan::run_plan_file(&path);
    let problems: Vec<String> = report.diagnostics().map(|d| d.short()).collect();
    assert!(report.passed(), "{plan}\n{problems:#?}");

    let jumped = Session::jump(&scenario, 7, living_room_jump()).expect("jump");
    assert_eq!(inputs_line(&scenario, &jumped), None);
    assert_eq!(plan_text(&scenario, &jumped), None);
}

//! The engine: determinism, resume, replay, conditions and meters.

use jigsaw::engine::{EngineError, Input, Scripted, Session, Step, parse_script};

use super::{fixture, playable};

/// Plays `script` from the start with `seed`, returning the session.
fn play(scenario: &jigsaw::scenario::Scenario, seed: u64, script: &str) -> Session {
    let mut session = Session::start(scenario, seed).expect("start");
    for step in parse_script(script).expect("script") {
        let input = session.resolve(scenario, &step).expect("resolve");
        session.apply(scenario, &input).expect("apply");
    }
    session
}

#[test]
fn same_seed_and_inputs_give_an_identical_transcript() {
    let scenario = playable(&fixture("valid/random.ron"));
    for seed in 0..20 {
        let a = play(&scenario, seed, "1,1");
        let b = play(&scenario, seed, "1,1");
        assert_eq!(a.transcript, b.transcript, "seed {seed}");
        assert_eq!(a, b);
    }
}

#[test]
fn the_random_pick_depends_on_the_seed_and_reaches_both_branches() {
    let scenario = playable(&fixture("valid/random.ron"));
    let mut answered = 0;
    let mut voicemail = 0;
    for seed in 0..200 {
        let session = play(&scenario, seed, "1");
        match session.state.scene.as_str() {
            "answered" => answered += 1,
            "voicemail" => voicemail += 1,
            other => panic!("unexpected scene {other}"),
        }
    }
    // Weights 1:1 over 200 seeds: both branches appear, roughly evenly.
    assert!((60..=140).contains(&answered), "answered {answered} of 200");
    assert_eq!(answered + voicemail, 200);
}

#[test]
fn a_saved_session_resumes_exactly_where_it_was() {
    let scenario = playable(&fixture("valid/random.ron"));
    let seed = 7;
    let mut session = play(&scenario, seed, "1");
    let saved = serde_json::to_string(&session).expect("serialise");
    let mut resumed: Session = serde_json::from_str(&saved).expect("deserialise");
    assert_eq!(resumed, session);
    // Both continue identically, including any random pick after the resume.
    let next = session.offered_choices(&scenario)[0].0;
    session.choose(&scenario, next).expect("continue");
    resumed.choose(&scenario, next).expect("continue resumed");
    assert_eq!(resumed, session);
}

#[test]
fn replaying_the_inputs_reproduces_the_state() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let session = play(&scenario, 3, "look:look,1,2");
    let replayed = Session::replay(&scenario, 3, &session.inputs).expect("replay");
    assert_eq!(replayed.state, session.state);
    assert_eq!(replayed.transcript, session.transcript);
    assert_eq!(replayed.totals, session.totals);
}

#[test]
fn the_transcript_records_scenes_observations_choices_and_the_ending() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let session = play(&scenario, 1, "look:look,1,1");
    let kinds: Vec<&str> = session
        .transcript
        .iter()
        .map(|s| match s {
            Step::Scene { .. } => "scene",
            Step::Observed { .. } => "observed",
            Step::Chose { .. } => "chose",
            Step::Ended { .. } => "ended",
        })
        .collect();
    assert_eq!(
        kinds,
        ["scene", "observed", "chose", "scene", "chose", "ended"]
    );
    match &session.transcript[1] {
        Step::Observed {
            observation,
            effects,
            clock,
            ..
        } => {
            assert_eq!(observation, "look");
            assert_eq!(effects.revealed, ["clue"]);
            assert_eq!(effects.minutes, 5);
            assert_eq!(*clock, 9 * 60 + 5);
        }
        other => panic!("expected an observation, got {other:?}"),
    }
    assert!(session.is_finished());
    assert_eq!(session.state.ending.as_deref(), Some("good"));
}

#[test]
fn an_observation_is_offered_once_per_visit() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let mut session = Session::start(&scenario, 0).expect("start");
    assert_eq!(session.offered_observations(&scenario).len(), 1);
    session.observe(&scenario, "look").expect("look");
    assert!(session.offered_observations(&scenario).is_empty());
    let before = session.clone();
    assert_eq!(
        session.observe(&scenario, "look"),
        Err(EngineError::NoSuchObservation("look".into()))
    );
    assert_eq!(session, before, "a refused input changes nothing");
}

#[test]
fn conditions_decide_which_choices_are_offered() {
    let scenario = playable(&fixture("valid/random.ron"));
    // Find a seed whose first call goes to voicemail.
    let seed = (0..100)
        .find(|s| play(&scenario, *s, "1").state.scene == "voicemail")
        .expect("some seed reaches voicemail");
    let session = play(&scenario, seed, "1");
    let offered: Vec<&str> = session
        .offered_choices(&scenario)
        .iter()
        .map(|(_, c)| c.text.as_str())
        .collect();
    assert_eq!(
        offered,
        ["Try again", "Leave it"],
        "`Give up` needs the retried flag"
    );
    // Trying again sets `retried`, which swaps "Try again" for "Give up" next time round.
    let mut again = session.clone();
    again.choose(&scenario, 0).expect("try again");
    assert!(again.state.flags.contains("retried"));
    assert_eq!(again.state.clock, 16 * 60 + 30 + 10 + 700);
}

#[test]
fn meters_stay_within_their_range() {
    let scenario = playable(&fixture("valid/random.ron"));
    let seed = (0..100)
        .find(|s| play(&scenario, *s, "1").state.scene == "answered")
        .expect("some seed is answered");
    let demanding = play(&scenario, seed, "1,2");
    assert_eq!(
        demanding.state.meters["engagement"], 0,
        "5 - 9 stops at min 0"
    );
    let kind = play(&scenario, seed, "1,1");
    assert_eq!(kind.state.meters["engagement"], 8);
}

#[test]
fn choosing_after_the_ending_is_refused() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let mut session = play(&scenario, 0, "2");
    assert!(session.is_finished());
    assert_eq!(session.choose(&scenario, 0), Err(EngineError::Finished));
}

#[test]
fn scripts_parse_numbers_and_looks_and_reject_nonsense() {
    assert_eq!(
        parse_script("2, look:hallway 1").expect("parses"),
        [
            Scripted::Pick(2),
            Scripted::Look("hallway".into()),
            Scripted::Pick(1)
        ]
    );
    assert!(parse_script("0").is_err());
    assert!(parse_script("two").is_err());
    assert!(parse_script("look:").is_err());
}

#[test]
fn a_scripted_number_counts_only_offered_choices() {
    let scenario = playable(&fixture("valid/random.ron"));
    let seed = (0..100)
        .find(|s| play(&scenario, *s, "1").state.scene == "voicemail")
        .expect("voicemail seed");
    let session = play(&scenario, seed, "1");
    // "Give up" (index 1) is hidden, so the 2nd offered choice is "Leave it" (index 2).
    assert_eq!(
        session.resolve(&scenario, &Scripted::Pick(2)),
        Ok(Input::Choose(2))
    );
    assert_eq!(
        session.resolve(&scenario, &Scripted::Pick(3)),
        Err(EngineError::NoSuchChoice(3))
    );
}

#[test]
fn adopting_an_edited_scenario_keeps_the_place_when_the_scene_still_exists() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let mut session = play(&scenario, 0, "look:look,1");
    assert_eq!(session.state.scene, "mid");
    let mut edited = scenario.clone();
    edited.version = 2;
    assert!(session.adopt(&edited));
    assert_eq!(session.scenario_version, 2);
    assert!(session.state.found.contains("clue"));
    // A version without the current scene is refused and leaves the session alone.
    let mut without = scenario.clone();
    without.scenes.retain(|s| s.id.value != "mid");
    without.reindex();
    let before = session.clone();
    assert!(!session.adopt(&without));
    assert_eq!(session, before);
}

#[test]
fn a_reply_is_shown_with_the_scene_its_choice_led_to() {
    let scenario = playable(&fixture("valid/scoring.ron"));
    let mut session = play(&scenario, 0, "1");
    assert_eq!(session.reply(&scenario), Some("She nods slowly."));
    // The next choice has no reply, so nothing is shown with the ending.
    session.choose(&scenario, 0).expect("warm");
    assert_eq!(session.reply(&scenario), None);
    let fresh = Session::start(&scenario, 0).expect("start");
    assert_eq!(
        fresh.reply(&scenario),
        None,
        "nothing before the first choice"
    );
}

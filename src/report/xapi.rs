//! xAPI 1.0.3 statements for one attempt, for an organisation's learning record store.
//!
//! An attempt becomes `initialized` (the scenario), `experienced` for every scene shown,
//! `interacted` for every observation, `answered` for every choice (a `cmi.interaction` of
//! `interactionType: choice` listing the scene's choices, with the learner's `response`),
//! and `completed` (or `terminated` when the learner left early) with `result.score` and
//! every dimension's score in `result.extensions`. All share the attempt's id as
//! `context.registration`; the scenario is `contextActivities.parent` of the scene and
//! choice statements; a classroom group is `context.team`. Every IRI sits under a
//! configurable base. Statement ids are UUIDs derived from the attempt id and the
//! statement's place, so the same transcript always gives the same statements and
//! sending them twice never makes duplicates.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Attempt;
use super::transcript::TranscriptStep;

/// The base used when an organisation has set none.
pub const DEFAULT_BASE: &str = "https://jigsaw.invalid/xapi";

/// The language tag of the scenarios' text.
pub const LANGUAGE: &str = "en-GB";

const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
const EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";
const INTERACTED: &str = "http://adlnet.gov/expapi/verbs/interacted";
const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// How statements are addressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XapiOptions {
    /// The base of every activity, extension and account IRI, without a trailing `/`.
    pub base: String,
}

impl Default for XapiOptions {
    fn default() -> Self {
        XapiOptions {
            base: DEFAULT_BASE.to_string(),
        }
    }
}

impl XapiOptions {
    /// Options with `base` (a trailing `/` is dropped).
    pub fn with_base(base: &str) -> XapiOptions {
        XapiOptions {
            base: base.trim().trim_end_matches('/').to_string(),
        }
    }

    fn iri(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    fn extension(&self, name: &str) -> String {
        self.iri(&format!("extensions/{name}"))
    }
}

/// A path segment for an IRI: unreserved characters as they are, the rest percent-encoded.
fn segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn lang(text: &str) -> Value {
    json!({ LANGUAGE: text })
}

/// An ISO 8601 duration for whole seconds.
fn duration(seconds: u64) -> String {
    format!("PT{seconds}S")
}

/// Seconds between two RFC 3339 times, if both parse.
pub fn seconds_between(start: &str, end: &str) -> Option<u64> {
    let start = humantime::parse_rfc3339_weak(start).ok()?;
    let end = humantime::parse_rfc3339_weak(end).ok()?;
    end.duration_since(start).ok().map(|d| d.as_secs())
}

/// The statement's actor: the learner by e-mail when their name is an address, else an
/// account under the base named by the learner's name, else the anonymous learner id.
pub fn actor(attempt: &Attempt, options: &XapiOptions) -> Value {
    let t = &attempt.transcript;
    match t.learner.as_deref().map(str::trim) {
        Some(email) if looks_like_email(email) => json!({
            "objectType": "Agent",
            "mbox": format!("mailto:{email}"),
        }),
        Some(name) => json!({
            "objectType": "Agent",
            "name": name,
            "account": { "homePage": options.iri("learners"), "name": name },
        }),
        None => json!({
            "objectType": "Agent",
            "account": { "homePage": options.iri("learners"), "name": t.learner_id },
        }),
    }
}

fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(user), Some(host), None)
            if !user.is_empty() && host.contains('.') && !text.contains(char::is_whitespace)
    )
}

/// Every statement for `attempt`, in the order they happened.
pub fn statements(attempt: &Attempt, options: &XapiOptions) -> Vec<Value> {
    let t = &attempt.transcript;
    let scenario = &attempt.scenario;
    let scenario_iri = options.iri(&format!("scenarios/{}", segment(&scenario.id.value)));
    let scenario_activity = json!({
        "objectType": "Activity",
        "id": scenario_iri,
        "definition": {
            "type": SIMULATION,
            "name": lang(&scenario.title),
            "description": lang(&scenario.summary),
        },
    });
    let actor = actor(attempt, options);
    let mut context_extensions = Map::new();
    context_extensions.insert(options.extension("seed"), json!(t.seed));
    context_extensions.insert(
        options.extension("scenario-sha256"),
        json!(t.scenario.sha256),
    );
    let base_context = {
        let mut context = json!({
            "registration": t.attempt.to_string(),
            "platform": "Jigsaw",
            "language": LANGUAGE,
            "revision": t.scenario.version.to_string(),
            "extensions": Value::Object(context_extensions),
        });
        if let Some(group) = &t.group {
            context["team"] = json!({
                "objectType": "Group",
                "name": group,
                "account": { "homePage": options.iri("groups"), "name": group },
            });
        }
        context
    };
    let child_context = {
        let mut context = base_context.clone();
        context["contextActivities"] = json!({ "parent": [scenario_activity.clone()] });
        context
    };
    let id_for = |what: &str| Uuid::new_v5(&t.attempt, what.as_bytes()).to_string();

    let mut out = Vec::new();
    out.push(json!({
        "id": id_for("initialized"),
        "actor": actor,
        "verb": { "id": INITIALIZED, "display": lang("initialized") },
        "object": scenario_activity,
        "context": base_context.clone(),
        "timestamp": t.started_at,
    }));
    for (index, step) in t.steps.iter().enumerate() {
        let timestamp = step.at().unwrap_or(&t.started_at).to_string();
        let mut votes: Option<Value> = None;
        let mut statement = match step {
            TranscriptStep::Scene { scene, .. } => {
                let speaker = scenario
                    .scene(scene)
                    .map(|s| s.speaker.as_str())
                    .filter(|s| !s.is_empty());
                let name = match speaker {
                    Some(speaker) => format!("{}: {scene} ({speaker})", scenario.title),
                    None => format!("{}: {scene}", scenario.title),
                };
                json!({
                    "verb": { "id": EXPERIENCED, "display": lang("experienced") },
                    "object": {
                        "objectType": "Activity",
                        "id": format!("{scenario_iri}/scenes/{}", segment(scene)),
                        "definition": {
                            "type": options.iri("activity-types/scene"),
                            "name": lang(&name),
                        },
                    },
                })
            }
            TranscriptStep::Observed {
                scene,
                observation,
                effects,
                ..
            } => {
                let label = scenario
                    .scene(scene)
                    .and_then(|s| s.observation(observation))
                    .map(|o| o.label.clone())
                    .unwrap_or_else(|| observation.clone());
                json!({
                    "verb": { "id": INTERACTED, "display": lang("interacted") },
                    "object": {
                        "objectType": "Activity",
                        "id": format!(
                            "{scenario_iri}/scenes/{}/observations/{}",
                            segment(scene),
                            segment(observation)
                        ),
                        "definition": {
                            "type": options.iri("activity-types/observation"),
                            "name": lang(&label),
                        },
                    },
                    "result": { "extensions": effect_extensions(effects, options) },
                })
            }
            TranscriptStep::Chose {
                scene,
                choice,
                effects,
                tallies,
                ..
            } => {
                let choices: Vec<Value> = scenario
                    .scene(scene)
                    .map(|s| {
                        s.choices
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                json!({
                                    "id": format!("choice-{}", i + 1),
                                    "description": lang(&c.text),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut result = json!({
                    "response": format!("choice-{}", choice + 1),
                    "extensions": effect_extensions(effects, options),
                });
                if let Some(sign) = scenario
                    .scene(scene)
                    .and_then(|s| s.choices.get(*choice))
                    .and_then(|c| c.lets_pass.as_ref())
                {
                    result["extensions"][options.extension("lets-pass")] = json!(sign);
                }
                if let Some(tallies) = tallies {
                    let counts: Map<String, Value> = tallies
                        .iter()
                        .map(|t| (format!("choice-{}", t.choice + 1), json!(t.votes)))
                        .collect();
                    votes = Some(Value::Object(counts));
                }
                json!({
                    "verb": { "id": ANSWERED, "display": lang("answered") },
                    "object": {
                        "objectType": "Activity",
                        "id": format!("{scenario_iri}/scenes/{}/decision", segment(scene)),
                        "definition": {
                            "type": INTERACTION,
                            "name": lang(&format!("{}: what do you do? ({scene})", scenario.title)),
                            "interactionType": "choice",
                            "choices": choices,
                        },
                    },
                    "result": result,
                })
            }
            TranscriptStep::Ended { .. } => continue,
        };
        let mut context = child_context.clone();
        if let Some(votes) = votes {
            context["extensions"][options.extension("tallies")] = votes;
        }
        statement["id"] = json!(id_for(&format!("step/{index}")));
        statement["actor"] = actor.clone();
        statement["context"] = context;
        statement["timestamp"] = json!(timestamp);
        out.push(statement);
    }
    let mut last = closing(attempt, options, &actor, &scenario_iri, base_context);
    last["id"] = json!(id_for("completed"));
    out.push(last);
    out
}

fn closing(
    attempt: &Attempt,
    options: &XapiOptions,
    actor: &Value,
    scenario_iri: &str,
    context: Value,
) -> Value {
    let t = &attempt.transcript;
    let d = &attempt.debrief;
    let mut extensions = Map::new();
    for dimension in &d.dimensions {
        if let Some(score) = dimension.score {
            extensions.insert(
                options.extension(&format!("dimensions/{}", segment(&dimension.id))),
                json!(score),
            );
        }
    }
    if let Some(quadrant) = d.quadrant {
        extensions.insert(options.extension("quadrant"), json!(quadrant.word()));
    }
    extensions.insert(options.extension("completeness"), json!(d.completeness));
    if let Some(ending) = &t.ending {
        extensions.insert(options.extension("ending"), json!(ending));
    }
    extensions.insert(options.extension("game-minutes"), json!(d.minutes_taken));
    let mut result = json!({
        "completion": t.finished,
        "extensions": Value::Object(extensions),
    });
    if let Some(seconds) = seconds_between(&t.started_at, &t.ended_at) {
        result["duration"] = json!(duration(seconds));
    }
    if let Some(overall) = attempt.overall() {
        result["score"] = json!({
            "scaled": f64::from(overall) / 100.0,
            "raw": overall,
            "min": 0,
            "max": 100,
        });
    }
    let (verb, word) = if t.finished {
        (COMPLETED, "completed")
    } else {
        (TERMINATED, "terminated")
    };
    json!({
        "actor": actor,
        "verb": { "id": verb, "display": lang(word) },
        "object": {
            "objectType": "Activity",
            "id": scenario_iri,
            "definition": {
                "type": SIMULATION,
                "name": lang(&attempt.scenario.title),
            },
        },
        "result": result,
        "context": context,
        "timestamp": t.ended_at,
    })
}

fn effect_extensions(effects: &crate::engine::Effects, options: &XapiOptions) -> Value {
    let mut extensions = Map::new();
    if !effects.score.is_empty() {
        extensions.insert(options.extension("score-change"), json!(effects.score));
    }
    if !effects.revealed.is_empty() {
        extensions.insert(options.extension("pieces-found"), json!(effects.revealed));
    }
    extensions.insert(options.extension("game-minutes"), json!(effects.minutes));
    Value::Object(extensions)
}

/// The statements as one pretty JSON array (the `xapi` report format).
pub fn render(attempts: &[Attempt], options: &XapiOptions) -> String {
    let all: Vec<Value> = attempts
        .iter()
        .flat_map(|a| statements(a, options))
        .collect();
    let mut text = serde_json::to_string_pretty(&all).expect("statements serialise");
    text.push('\n');
    text
}

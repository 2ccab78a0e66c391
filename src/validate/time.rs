//! Time pressure: a scenario's or a scene's `time_limit` has a budget above zero and a
//! `then` that names a scene or ending (for a scene's limit, another one).

use super::Checker;
use crate::scenario::{Spanned, TimeLimit};

impl Checker<'_> {
    pub(super) fn time_limits(&mut self) {
        let s = self.scenario;
        if let Some(limit) = &s.time_limit {
            self.time_limit(limit, "the scenario's time limit", None);
        }
        for scene in &s.scenes {
            if let Some(limit) = &scene.time_limit {
                let whose = format!("the time limit of scene `{}`", scene.id.value);
                self.time_limit(limit, &whose, Some(scene.id.value.as_str()));
            }
        }
    }

    fn time_limit(&mut self, limit: &Spanned<TimeLimit>, whose: &str, scene: Option<&str>) {
        let s = self.scenario;
        if limit.minutes <= 0 {
            let message = format!(
                "{whose} is {} minutes; a budget must be above zero",
                limit.minutes
            );
            self.error(
                "bad-time-limit",
                Some(limit.span),
                message,
                "not a budget",
                Some(
                    "give the in-game minutes the learner has, e.g. `time_limit: (minutes: 30, then: \"out-of-time\")`, or leave `time_limit` out for no time pressure"
                        .into(),
                ),
            );
        }
        let then = &limit.then;
        if !self.names.story.contains(then.value.as_str()) {
            let names = s
                .scenes
                .iter()
                .map(|x| x.id.value.as_str())
                .chain(s.endings.iter().map(|e| e.id.value.as_str()));
            let message = format!(
                "{whose} moves the story to `{}`, but there is no scene or ending by that name",
                then.value
            );
            self.unknown(
                "unknown-scene",
                then,
                message,
                "no such scene or ending",
                "scenes and endings",
                names,
            );
        } else if scene == Some(then.value.as_str()) {
            let message = format!(
                "{whose} names the scene itself as `then`, so running out of time never moves the story on"
            );
            self.warning(
                "time-limit-to-itself",
                Some(then.span),
                message,
                "the scene this limit is on",
                Some("name the scene or ending that follows when time runs out, e.g. `then: \"out-of-time\"`".into()),
            );
        }
    }
}

//! The ids pass: a scenario has scenes and endings, every id is declared once and is short,
//! meters and the clock make sense.

use super::{Checker, duplicates};
use crate::scenario::Id;
use crate::scenario::limits::{
    MAX_CHOICES, MAX_ID_CHARS, MAX_OBSERVATIONS, MAX_OUTCOMES, MAX_PIECES,
};

impl Checker<'_> {
    pub(super) fn ids(&mut self) {
        let s = self.scenario;
        if s.scenes.is_empty() {
            let message = "this scenario has no scenes".to_string();
            let hint =
                "add at least one `Scene( id: ..., text: ..., choices: [...] )` to `scenes: [...]`";
            self.error(
                "no-scenes",
                Some(s.id.span),
                message,
                "in this scenario",
                Some(hint.into()),
            );
        }
        if s.endings.is_empty() {
            let message = "this scenario has no endings".to_string();
            let hint = "add at least one `Ending( id: ..., title: ..., text: ..., kind: Good )` to `endings: [...]`";
            self.error(
                "no-endings",
                Some(s.id.span),
                message,
                "in this scenario",
                Some(hint.into()),
            );
        }
        if s.start_minute().is_none() {
            let span = Some(s.starts_at.span);
            let message = format!(
                "`starts_at` is \"{}\", which is not a time of day",
                s.starts_at.value
            );
            self.error(
                "bad-clock",
                span,
                message,
                "not HH:MM",
                Some("write the 24-hour time in quotes, e.g. \"09:30\" or \"23:45\"".into()),
            );
        }
        let story: Vec<&Id> = s
            .scenes
            .iter()
            .map(|x| &x.id)
            .chain(s.endings.iter().map(|e| &e.id))
            .collect();
        duplicates(
            self.path,
            self.source,
            "scene or ending",
            &story,
            &mut self.found,
            &mut self.hidden,
        );
        let pieces: Vec<&Id> = s.pieces.iter().map(|p| &p.id).collect();
        duplicates(
            self.path,
            self.source,
            "piece",
            &pieces,
            &mut self.found,
            &mut self.hidden,
        );
        let meters: Vec<&Id> = s.meters.iter().map(|m| &m.id).collect();
        duplicates(
            self.path,
            self.source,
            "meter",
            &meters,
            &mut self.found,
            &mut self.hidden,
        );
        let flags: Vec<&Id> = s.flags.iter().collect();
        duplicates(
            self.path,
            self.source,
            "flag",
            &flags,
            &mut self.found,
            &mut self.hidden,
        );
        for scene in &s.scenes {
            let observations: Vec<&Id> = scene.observations.iter().map(|o| &o.id).collect();
            duplicates(
                self.path,
                self.source,
                "observation",
                &observations,
                &mut self.found,
                &mut self.hidden,
            );
        }
        for meter in &s.meters {
            if meter.min > meter.max || !(meter.min..=meter.max).contains(&meter.start) {
                let message = format!(
                    "meter `{}` starts at {} but runs from {} to {}",
                    meter.id.value, meter.start, meter.min, meter.max
                );
                self.error(
                    "meter-range",
                    Some(meter.span),
                    message,
                    "in this meter",
                    Some("make `min` at most `max`, and `start` between them".into()),
                );
            }
        }
    }

    /// The limits that need the parsed scenario: how long a declared id may be, and how
    /// many observations a scene may letter.
    pub(super) fn limits(&mut self) {
        let s = self.scenario;
        let declared = std::iter::once(&s.id)
            .chain(s.scenes.iter().map(|x| &x.id))
            .chain(s.endings.iter().map(|e| &e.id))
            .chain(s.pieces.iter().map(|p| &p.id))
            .chain(s.meters.iter().map(|m| &m.id))
            .chain(s.flags.iter())
            .chain(
                s.scenes
                    .iter()
                    .flat_map(|x| x.observations.iter().map(|o| &o.id)),
            );
        let long: Vec<&Id> = declared
            .filter(|id| id.value.chars().count() > MAX_ID_CHARS)
            .collect();
        for id in long {
            let message = format!(
                "this id is {} characters long; an id may be at most {MAX_ID_CHARS}",
                id.value.chars().count()
            );
            self.error("id-too-long", Some(id.span), message, "too long", Some("ids are short names such as \"missed-immunisations\"; put longer words in a `title` or `text`".into()));
        }
        if let Some(extra) = s.pieces.get(MAX_PIECES) {
            let message = format!(
                "this scenario has {} pieces of the jigsaw; a scenario may have at most {MAX_PIECES}",
                s.pieces.len()
            );
            self.error(
                "list-too-long",
                Some(extra.span),
                message,
                "one too many",
                Some("a piece is one fact that matters to the decision; merge small ones, or split the case into two scenarios".into()),
            );
        }
        if s.outcomes.len() > MAX_OUTCOMES {
            let message = format!(
                "this scenario lists {} learning outcomes; a scenario may list at most {MAX_OUTCOMES}",
                s.outcomes.len()
            );
            self.error(
                "list-too-long",
                Some(s.id.span),
                message,
                "in this scenario",
                Some(
                    "keep the outcomes a learner can hold in mind: three to seven is usual".into(),
                ),
            );
        }
        for scene in &s.scenes {
            // The first item past each per-scene limit: (its place, the count, the limit,
            // what the items are, what to do).
            let over = [
                (
                    scene.observations.get(MAX_OBSERVATIONS).map(|o| o.span),
                    scene.observations.len(),
                    MAX_OBSERVATIONS,
                    "observations; a scene may have at most",
                    " (lettered a to z)",
                    "move some observations to another scene",
                ),
                (
                    scene.choices.get(MAX_CHOICES).map(|c| c.span),
                    scene.choices.len(),
                    MAX_CHOICES,
                    "choices; a scene may offer at most",
                    "",
                    "a decision has a handful of options; split the rest into a later scene",
                ),
            ];
            for (place, count, limit, what, note, hint) in over {
                if let Some(span) = place {
                    let message = format!(
                        "scene `{}` has {count} {what} {limit}{note}",
                        scene.id.value
                    );
                    self.error(
                        "list-too-long",
                        Some(span),
                        message,
                        "one too many",
                        Some(hint.into()),
                    );
                }
            }
        }
    }
}

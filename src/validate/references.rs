//! The references pass: every scene, piece, flag, meter, dimension, concept and picture a
//! scenario names exists, and every choice leads somewhere.

use std::collections::BTreeMap;

use super::{Checker, Place, key_span, short};
use crate::scenario::{Choice, Condition, Id, Spanned, images};

impl Checker<'_> {
    pub(super) fn references(&mut self) {
        let s = self.scenario;
        if let Some(start) = &s.start
            && s.scene(start).is_none()
        {
            let message = format!("the start scene `{}` does not exist", start.value);
            let names = s.scenes.iter().map(|x| x.id.value.as_str());
            self.unknown(
                "unknown-scene",
                start,
                message,
                "no such scene",
                "scenes",
                names,
            );
        }
        for concept in &s.concepts {
            self.concept(concept);
        }
        for scene in &s.scenes {
            if let Some(image) = &scene.image
                && let Err(refusal) = images::resolve(self.path, &image.value)
            {
                let message = refusal.message(&image.value);
                let hint = Some(refusal.hint(images::folder_of(self.path)));
                let span = Some(image.span);
                if refusal.is_warning() {
                    self.warning(refusal.code(), span, message, "file not found", hint);
                } else {
                    self.error(
                        refusal.code(),
                        span,
                        message,
                        "this picture cannot be shown",
                        hint,
                    );
                }
            }
            for observation in &scene.observations {
                let place = Place {
                    scene: &scene.id.value,
                    what: format!("observation `{}`", observation.id.value),
                };
                self.effects(
                    &place,
                    &observation.score,
                    &observation.meters,
                    &observation.reveals,
                    &observation.set,
                    &[],
                );
                if let Some(when) = &observation.when {
                    self.condition(when);
                }
            }
            for (index, choice) in scene.choices.iter().enumerate() {
                let place = Place {
                    scene: &scene.id.value,
                    what: format!("choice {} (\"{}\")", index + 1, short(&choice.text)),
                };
                self.effects(
                    &place,
                    &choice.score,
                    &choice.meters,
                    &choice.reveals,
                    &choice.set,
                    &choice.unset,
                );
                if let Some(when) = &choice.when {
                    self.condition(when);
                }
                for concept in &choice.concepts {
                    self.concept(concept);
                }
                self.destination(&place, choice);
                if choice.feedback.trim().is_empty() {
                    let message =
                        format!("{} in scene `{}` has no feedback", place.what, place.scene);
                    self.warning("empty-feedback", Some(choice.span), message, "this choice", Some("add `feedback: \"...\"`: the debrief shows it to explain why this choice helped or hindered".into()));
                }
            }
        }
    }

    pub(super) fn destination(&mut self, place: &Place, choice: &Spanned<Choice>) {
        let s = self.scenario;
        match (&choice.next, &choice.random) {
            (None, None) => {
                let message = format!("{} in scene `{}` leads nowhere", place.what, place.scene);
                self.error("leads-nowhere", Some(choice.span), message, "no `next` or `random`", Some("add `next: \"<scene or ending id>\"` (or a weighted `random: [(\"a\", 1), (\"b\", 1)]`)".into()));
            }
            (Some(next), Some(_)) => {
                let message = format!(
                    "{} in scene `{}` has both `next` and `random`",
                    place.what, place.scene
                );
                self.error("next-and-random", Some(next.span), message, "keep one", Some(
                    "use `next` for a fixed next scene, or `random` for a weighted pick, not both"
                        .into(),
                ));
            }
            _ => {}
        }
        if let Some(random) = &choice.random {
            let total: u64 = random.value.iter().map(|(_, w)| u64::from(*w)).sum();
            if total == 0 {
                let message = format!(
                    "the random pick of {} in scene `{}` has a total weight of zero",
                    place.what, place.scene
                );
                self.error(
                    "zero-weight",
                    Some(random.span),
                    message,
                    "no option can be picked",
                    Some(
                        "give at least one option a weight above 0, e.g. `(\"answers\", 3)`".into(),
                    ),
                );
            }
        }
        for target in choice.targets() {
            if !self.names.story.contains(target.value.as_str()) {
                let names = s
                    .scenes
                    .iter()
                    .map(|x| x.id.value.as_str())
                    .chain(s.endings.iter().map(|e| e.id.value.as_str()));
                let message = format!("no scene or ending named `{}`", target.value);
                let label = "no such scene or ending";
                self.unknown(
                    "unknown-scene",
                    target,
                    message,
                    label,
                    "scenes and endings",
                    names,
                );
            }
        }
    }

    pub(super) fn effects(
        &mut self,
        place: &Place,
        score: &Spanned<BTreeMap<String, i32>>,
        meters: &Spanned<BTreeMap<String, i32>>,
        reveals: &[Id],
        set: &[Id],
        unset: &[Id],
    ) {
        for dimension in score.value.keys() {
            if self.rubric.dimension(dimension).is_none() {
                let id = Spanned {
                    value: dimension.clone(),
                    span: key_span(self.source, score.span, dimension),
                };
                let message = format!(
                    "{} in scene `{}` scores `{dimension}`, which is not a rubric dimension",
                    place.what, place.scene
                );
                let rubric = self.rubric;
                let names = rubric.dimensions.iter().map(|d| d.id.value.as_str());
                self.unknown(
                    "unknown-dimension",
                    &id,
                    message,
                    "no such dimension",
                    "dimensions",
                    names,
                );
            }
        }
        for meter in meters.value.keys() {
            self.meter(&Spanned {
                value: meter.clone(),
                span: key_span(self.source, meters.span, meter),
            });
        }
        for piece in reveals {
            self.piece(piece);
        }
        for flag in set.iter().chain(unset) {
            self.flag(flag);
        }
    }

    pub(super) fn piece(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.pieces.contains(id.value.as_str()) {
            let message = format!("no piece named `{}`", id.value);
            let names = s.pieces.iter().map(|p| p.id.value.as_str());
            self.unknown(
                "unknown-piece",
                id,
                message,
                "no such piece",
                "pieces",
                names,
            );
        }
    }

    pub(super) fn flag(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.flags.contains(id.value.as_str()) {
            let message = format!("no flag named `{}`", id.value);
            let names = s.flags.iter().map(|f| f.value.as_str());
            let label = "not declared in the scenario's `flags: [...]`";
            self.unknown("unknown-flag", id, message, label, "flags", names);
        }
    }

    pub(super) fn meter(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.meters.contains(id.value.as_str()) {
            let message = format!("no meter named `{}`", id.value);
            let names = s.meters.iter().map(|m| m.id.value.as_str());
            self.unknown(
                "unknown-meter",
                id,
                message,
                "no such meter",
                "meters",
                names,
            );
        }
    }

    pub(super) fn concept(&mut self, id: &Id) {
        if self.rubric.concept(id).is_none() {
            let message = format!("`{}` is not a concept in the rubric's glossary", id.value);
            let names = self.rubric.concepts.iter().map(|c| c.id.value.as_str());
            self.unknown(
                "unknown-concept",
                id,
                message,
                "unknown concept",
                "concepts",
                names,
            );
        }
    }

    pub(super) fn condition(&mut self, condition: &Condition) {
        let s = self.scenario;
        match condition {
            Condition::Flag(f) | Condition::NotFlag(f) => self.flag(f),
            Condition::Found(p) | Condition::NotFound(p) => self.piece(p),
            Condition::AtLeast(m, _) | Condition::Below(m, _) => self.meter(m),
            Condition::Visited(x) | Condition::NotVisited(x) => {
                if !self.names.scenes.contains(x.value.as_str()) {
                    let message = format!("no scene named `{}`", x.value);
                    let names = s.scenes.iter().map(|x| x.id.value.as_str());
                    self.unknown(
                        "unknown-scene",
                        x,
                        message,
                        "no such scene",
                        "scenes",
                        names,
                    );
                }
            }
            Condition::All(all) | Condition::Any(all) => {
                for c in all {
                    self.condition(c);
                }
            }
            Condition::Not(c) => self.condition(c),
        }
    }
}

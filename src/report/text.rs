//! The debrief as plain text: what `jigsaw play` prints at the end, and the text the other
//! reports start from. A renderer over the core's [`Debrief`], like every file here.

use std::fmt::Write as _;

#[allow(unused_imports)]
use crate::debrief::*;
#[allow(unused_imports)]
use crate::scenario::format_clock;

/// The debrief as plain text, for the terminal and for reports.
pub fn debrief(debrief: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "DEBRIEF: {}", debrief.title);
    let _ = writeln!(out, "{}", "=".repeat(9 + debrief.title.chars().count()));
    if let Some(scene) = &debrief.jumped_to {
        let _ = writeln!(out, "\n{}", jump_note(scene));
    }
    match &debrief.ending {
        Some((title, text, kind)) => {
            let _ = writeln!(out, "\nHow it ended: {title} ({})\n{text}", kind.label());
        }
        None => {
            let _ = writeln!(out, "\nThe session was left before an ending.");
        }
    }
    let _ = writeln!(
        out,
        "\nTime in the story: {}",
        format_duration(debrief.minutes_taken)
    );
    if let Some(time) = &debrief.time {
        let _ = writeln!(out, "\nWHAT THE TIME WENT ON");
        for line in time.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }

    let _ = writeln!(out, "\nYOUR PRACTICE, DIMENSION BY DIMENSION");
    let _ = writeln!(
        out,
        "(0 = the lowest total this scenario makes possible, 100 = the highest)"
    );
    if !debrief.bounds_exact {
        let _ = writeln!(out, "{}", debrief.approximate_note());
    }
    for d in &debrief.dimensions {
        match d.score {
            Some(score) => {
                let bar = "#".repeat((score / 5) as usize);
                let _ = writeln!(
                    out,
                    "  {:<26} {:>3}  {:<20}  (total {}, range {} to {})",
                    d.name, score, bar, d.total, d.lowest, d.highest
                );
            }
            None => {
                let _ = writeln!(out, "  {:<26}   -  not assessed in this scenario", d.name);
            }
        }
    }

    let _ = writeln!(out, "\nCARE AND AUTHORITY");
    match (debrief.quadrant, debrief.care, debrief.authority) {
        (Some(q), Some(care), Some(authority)) => {
            let _ = writeln!(
                out,
                "  Care {care}, authority {authority}: {} ({}).\n  {}",
                q.word(),
                q.style(),
                q.meaning()
            );
        }
        _ => match &debrief.not_placed {
            Some(why) => {
                let _ = writeln!(out, "  {why}");
            }
            None => {
                let _ = writeln!(
                    out,
                    "  This scenario does not score both care and authority."
                );
            }
        },
    }

    let _ = writeln!(out, "\nTHE JIGSAW: {}% complete", debrief.completeness);
    for p in &debrief.pieces {
        let mark = if p.found { "found " } else { "MISSED" };
        let source = if p.source.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.source)
        };
        let tells = if p.tells.is_empty() {
            String::new()
        } else {
            format!(": {}", p.tells)
        };
        let _ = writeln!(out, "  [{mark}] {}{source}{tells}", p.title);
    }

    if let Some(group) = &debrief.group {
        let _ = writeln!(out, "\nTHE ROOM'S VOTES ({group})");
        if debrief.votes.is_empty() {
            let _ = writeln!(out, "  No decisions were voted on.");
        }
        for vote in &debrief.votes {
            let _ = writeln!(out, "  - {}", vote.sentence);
        }
    }

    let _ = writeln!(out, "\nWARNING SIGNS LET PASS");
    if debrief.signs_let_pass.is_empty() {
        let _ = writeln!(out, "  None: you followed up every warning sign you met.");
    }
    for t in &debrief.signs_let_pass {
        let _ = writeln!(out, "  - {} (when you chose: \"{}\")", t.sign, t.choice);
    }

    let _ = writeln!(out, "\nYOUR PATH, STEP BY STEP");
    for (n, step) in debrief.path.iter().enumerate() {
        let what = if step.observation { "Looked" } else { "Chose" };
        let _ = writeln!(
            out,
            "\n{:>2}. [{}] {what}: {}",
            n + 1,
            step.clock,
            step.text
        );
        if !step.score.is_empty() {
            let scores = step
                .score
                .iter()
                .map(|(d, v)| format!("{d} {v:+}"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(out, "    Scores: {scores}");
        }
        if !step.revealed.is_empty() {
            let _ = writeln!(out, "    Found: {}", step.revealed.join("; "));
        }
        if let Some(sign) = &step.lets_pass {
            let _ = writeln!(out, "    Let pass: {sign}");
        }
        if !step.feedback.is_empty() {
            let _ = writeln!(out, "    {}", step.feedback);
        }
        if !step.concepts.is_empty() {
            let _ = writeln!(out, "    Concepts: {}", step.concepts.join(", "));
        }
    }
    out
}

//! The Markdown report: a short summary of each attempt for supervision notes.
//!
//! Per attempt: who, the scenario and date, how it ended, a table of dimension scores, the
//! place on the care/authority grid, the pieces found and missed, and the warning signs let
//! pass. Every piece of scenario or learner text is escaped (markup characters get a
//! backslash, line breaks become spaces, bidirectional controls are closed), so no text
//! can become a link, an image, HTML, a heading or a table cell of its own.

use std::fmt::Write as _;

use super::{Attempt, bidi_closed};

/// Characters that can start or end Markdown markup anywhere in a line.
const MARKUP: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!'];

/// Escapes `text` for Markdown inline content (and table cells): markup characters get a
/// backslash, as does a first character that could start a heading, list or quote; line
/// breaks become spaces. Other punctuation is left alone so the notes stay readable.
pub fn escape(text: &str) -> String {
    let text = bidi_closed(text);
    let mut out = String::with_capacity(text.len());
    let trimmed = text.trim_start();
    if trimmed.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
    }
    // "1." or "1)" at the start would begin a numbered list.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    for (n, c) in trimmed.chars().enumerate() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '.' | ')' if n == digits && digits > 0 => {
                out.push('\\');
                out.push(c);
            }
            c if MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The summary for `attempts`, one section each.
pub fn render(attempts: &[Attempt]) -> String {
    let mut out = String::new();
    for (n, attempt) in attempts.iter().enumerate() {
        if n > 0 {
            out.push_str("\n---\n\n");
        }
        section(&mut out, attempt);
    }
    out
}

fn section(out: &mut String, attempt: &Attempt) {
    let t = &attempt.transcript;
    let d = &attempt.debrief;
    let _ = writeln!(out, "## {}: {}", escape(&attempt.who()), escape(&d.title));
    let _ = writeln!(
        out,
        "\nScenario `{}` version {}, played {} (seed {}).",
        t.scenario.id.replace('`', "'"),
        t.scenario.version,
        t.started_at.get(..10).unwrap_or(""),
        t.seed
    );
    match &d.ending {
        Some((title, _, kind)) => {
            let _ = writeln!(out, "Ending: **{}** ({}).", escape(title), kind.label());
        }
        None => {
            let _ = writeln!(out, "Left before an ending.");
        }
    }
    let _ = writeln!(
        out,
        "Time in the story: {}. Jigsaw {}% complete.",
        crate::debrief::format_duration(d.minutes_taken),
        d.completeness
    );
    if !d.bounds_exact {
        let _ = writeln!(out, "\n*{}*", escape(d.approximate_note()));
    }

    let _ = writeln!(out, "\n| Dimension | Score (0–100) |\n| --- | ---: |");
    for dim in &d.dimensions {
        let score = dim
            .score
            .map(|s| s.to_string())
            .unwrap_or_else(|| "not assessed".to_string());
        let _ = writeln!(out, "| {} | {score} |", escape(&dim.name));
    }

    let _ = write!(out, "\n**Care and authority:** ");
    match (d.quadrant, d.care, d.authority) {
        (Some(q), Some(care), Some(authority)) => {
            let _ = writeln!(
                out,
                "care {care}, authority {authority}: {} ({}).",
                q.word(),
                q.style()
            );
        }
        _ => {
            let why = d
                .not_placed
                .clone()
                .unwrap_or_else(|| "this scenario does not score both.".to_string());
            let _ = writeln!(out, "{}", escape(&why));
        }
    }

    let found: Vec<String> = d
        .pieces
        .iter()
        .filter(|p| p.found)
        .map(|p| escape(&p.title))
        .collect();
    let missed: Vec<String> = d
        .pieces
        .iter()
        .filter(|p| !p.found)
        .map(|p| escape(&p.title))
        .collect();
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join("; ")
        }
    };
    let _ = writeln!(out, "\n**Pieces found:** {}  ", list(&found));
    let _ = writeln!(out, "**Pieces missed:** {}", list(&missed));

    if let Some(group) = &d.group {
        let _ = writeln!(out, "\n**The room's votes** ({}):", escape(group));
        if d.votes.is_empty() {
            let _ = writeln!(out, "none recorded.");
        }
        for vote in &d.votes {
            let _ = writeln!(out, "- {}", escape(&vote.sentence));
        }
    }

    let _ = writeln!(out, "\n**Warning signs let pass:**");
    if d.signs_let_pass.is_empty() {
        let _ = writeln!(out, "none.");
    }
    for sign in &d.signs_let_pass {
        let _ = writeln!(
            out,
            "- {} (chose: “{}”)",
            escape(&sign.sign),
            escape(&sign.choice)
        );
    }
}

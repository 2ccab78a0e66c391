//! The portfolio record: one self-contained, printable HTML page of one attempt, for a
//! learner to file as evidence of continuing professional development or revalidation.
//!
//! It is made from a [`Record`], which the learner's history (`progress::history`) fills
//! from an attempt it kept, so it can be printed long after the attempt, even if the
//! scenario file has changed: the scenario, date, time spent, learning outcomes, a summary
//! of the debrief, the pieces found and missed, the learner's reflections and the concepts
//! met with their sources. Like the HTML
//! report ([`super::html`]) it uses inline CSS only (no script, nothing fetched), and every
//! text goes through [`escape`] into element content, wrapped in `<bdi>`.

use std::fmt::Write as _;

use super::html::{STYLE, escape};
use crate::debrief::format_duration;
use crate::rubric::Quadrant;
use crate::scenario::EndingKind;

/// Everything a portfolio record shows, as plain text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// The attempt's id.
    pub id: String,
    /// The learner's name ("Anonymous learner" when none was given).
    pub learner: String,
    /// The learner's own role, if given.
    pub learner_role: String,
    /// The scenario's id, version and title.
    pub scenario_id: String,
    /// The scenario's version played.
    pub scenario_version: u32,
    /// The scenario's title.
    pub scenario_title: String,
    /// The role played in the scenario.
    pub role_played: String,
    /// When the attempt finished, for people.
    pub when: String,
    /// When the attempt finished (RFC 3339), for the file name.
    pub finished_at: String,
    /// Real time spent, in words.
    pub spent: String,
    /// Learning outcomes.
    pub outcomes: Vec<String>,
    /// The ending's title and kind, if one was reached.
    pub ending: Option<(String, EndingKind)>,
    /// Care, authority and the quadrant, when placed on the grid.
    pub place: Option<(u32, u32, Quadrant)>,
    /// (dimension name, score 0–100 if assessed), in rubric order.
    pub dimensions: Vec<(String, Option<u32>)>,
    /// Whether the scores are placed on every path.
    pub bounds_exact: bool,
    /// Jigsaw completeness, 0–100.
    pub completeness: u32,
    /// In-game minutes taken.
    pub game_minutes: u32,
    /// Warning signs let pass.
    pub signs_passed: Vec<String>,
    /// What the time went on (scenarios with time pressure), as lines.
    pub time: Vec<String>,
    /// (title, what it tells, source, found).
    pub pieces: Vec<(String, String, String, bool)>,
    /// (prompt, answer) for each reflective prompt.
    pub reflections: Vec<(String, String)>,
    /// (name, definition, sources) of each concept met.
    pub concepts: Vec<(String, String, Vec<String>)>,
}

impl Record {
    /// The date part of `finished_at`.
    fn date(&self) -> &str {
        self.finished_at.get(..10).unwrap_or(&self.finished_at)
    }
}

/// Styles the portfolio record adds to the report's.
const PORTFOLIO_STYLE: &str = r#"
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { color: var(--weak); }
dl.facts dd { margin: 0; min-width: 0; }
.answer { white-space: pre-wrap; margin: .2rem 0 .8rem; }
.unanswered { color: var(--weak); font-style: italic; }
ul.pieces li.found::marker { content: "✓  "; color: var(--good); }
ul.pieces li.missed::marker { content: "○  "; color: var(--missed); }
.sign { font-size: .85rem; color: var(--weak); margin-top: 2rem; }
"#;

/// Escaped text, isolated from the text around it.
fn t(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

/// The portfolio record's page.
pub fn render(record: &Record) -> String {
    let a = record;
    let mut out = String::new();
    let title = format!(
        "Jigsaw practice record: {} — {}",
        a.scenario_title,
        a.date()
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}{PORTFOLIO_STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<h1>Practice record: {}</h1>\n<p class=\"meta\">A simulated safeguarding scenario \
         in Jigsaw, for a continuing professional development or revalidation portfolio.</p>",
        t(&a.scenario_title)
    );

    // Who, what, when.
    out.push_str("<div class=\"card\"><h2>The activity</h2><dl class=\"facts\">\n");
    let mut fact = |label: &str, value: String| {
        let _ = writeln!(out, "<dt>{}</dt><dd>{value}</dd>", escape(label));
    };
    fact("Learner", t(&a.learner));
    if !a.learner_role.trim().is_empty() {
        fact("Role", t(a.learner_role.trim()));
    }
    fact("Scenario", t(&a.scenario_title));
    if !a.role_played.is_empty() {
        fact("Played as", t(&a.role_played));
    }
    fact("Date", t(&a.when));
    fact("Time spent", t(&a.spent));
    fact(
        "Scenario version",
        t(&format!("{} (id {})", a.scenario_version, a.scenario_id)),
    );
    out.push_str("</dl></div>\n");

    if !a.outcomes.is_empty() {
        out.push_str("<div class=\"card\"><h2>Learning outcomes</h2><ul>\n");
        for outcome in &a.outcomes {
            let _ = writeln!(out, "<li>{}</li>", t(outcome));
        }
        out.push_str("</ul></div>\n");
    }

    summary(&mut out, a);
    pieces(&mut out, a);
    reflections(&mut out, a);
    concepts(&mut out, a);

    let _ = writeln!(
        out,
        "<p class=\"sign\">Every person in the scenario is fictional. Made with Jigsaw; the \
         scores describe the decisions taken in a simulation, not a judgement of practice. \
         Attempt {}.</p>",
        t(&a.id)
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The debrief in brief: ending, scores, grid, completeness, signs let pass, time.
fn summary(out: &mut String, a: &Record) {
    out.push_str("<div class=\"card\"><h2>Debrief summary</h2>\n");
    match &a.ending {
        Some((title, kind)) => {
            let _ = writeln!(
                out,
                "<p><strong>How it ended:</strong> {} ({})</p>",
                t(title),
                escape(kind.label())
            );
        }
        None => out.push_str("<p>The scenario was left before an ending.</p>\n"),
    }
    if let Some((care, authority, q)) = a.place {
        let _ = writeln!(
            out,
            "<p><strong>Care and authority:</strong> care {care}, authority {authority}: {} \
             ({}). {}</p>",
            escape(q.word()),
            escape(q.style()),
            escape(q.meaning())
        );
    }
    out.push_str("<table><tr><th>Dimension</th><th>Score (0–100)</th></tr>\n");
    for (name, score) in &a.dimensions {
        let score = score
            .map(|s| s.to_string())
            .unwrap_or_else(|| "not assessed".to_string());
        let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", t(name), score);
    }
    out.push_str("</table>\n");
    if !a.bounds_exact {
        out.push_str(
            "<p class=\"note\">The scores are approximate: placed between the lowest and \
             highest totals the path check found.</p>\n",
        );
    }
    let _ = writeln!(
        out,
        "<p><strong>Jigsaw completeness:</strong> {}% of the picture gathered. \
         <strong>In-game time:</strong> {}.</p>",
        a.completeness,
        escape(&format_duration(a.game_minutes))
    );
    if !a.signs_passed.is_empty() {
        out.push_str("<h3>Warning signs let pass</h3><ul>\n");
        for sign in &a.signs_passed {
            let _ = writeln!(out, "<li>{}</li>", t(sign));
        }
        out.push_str("</ul>\n");
    }
    if !a.time.is_empty() {
        out.push_str("<h3>What the time went on</h3><ul>\n");
        for line in &a.time {
            let _ = writeln!(out, "<li>{}</li>", t(line.trim()));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

fn pieces(out: &mut String, a: &Record) {
    if a.pieces.is_empty() {
        return;
    }
    out.push_str("<div class=\"card\"><h2>Pieces of the jigsaw</h2>\n");
    for (heading, found) in [("Found", true), ("Missed", false)] {
        let list: Vec<_> = a.pieces.iter().filter(|p| p.3 == found).collect();
        let _ = writeln!(out, "<h3>{heading} ({})</h3>", list.len());
        if list.is_empty() {
            out.push_str("<p class=\"note\">None.</p>\n");
            continue;
        }
        let class = if found { "found" } else { "missed" };
        out.push_str("<ul class=\"pieces\">\n");
        for (title, tells, source, _) in list {
            let _ = write!(out, "<li class=\"{class}\"><strong>{}</strong>", t(title));
            if !tells.is_empty() {
                let _ = write!(out, ": {}", t(tells));
            }
            if !source.is_empty() {
                let _ = write!(out, " <small>({})</small>", t(source));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

fn reflections(out: &mut String, a: &Record) {
    out.push_str("<div class=\"card\"><h2>My reflections</h2>\n");
    for (prompt, answer) in &a.reflections {
        let _ = writeln!(out, "<h3>{}</h3>", escape(prompt));
        if answer.trim().is_empty() {
            out.push_str("<p class=\"unanswered\">Not answered.</p>\n");
        } else {
            let _ = writeln!(out, "<p class=\"answer\">{}</p>", t(answer.trim()));
        }
    }
    out.push_str("</div>\n");
}

fn concepts(out: &mut String, a: &Record) {
    if a.concepts.is_empty() {
        return;
    }
    out.push_str("<div class=\"card\"><h2>Concepts and sources</h2>\n");
    for (name, definition, sources) in &a.concepts {
        let _ = writeln!(out, "<h3>{}</h3>", t(name));
        if !definition.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", t(definition));
        }
        if !sources.is_empty() {
            out.push_str("<ul>\n");
            for source in sources {
                let _ = writeln!(out, "<li>{}</li>", t(source));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</div>\n");
}

/// The file name a portfolio record is saved under: `portfolio-<date>-<scenario>.html`.
pub fn file_name(attempt: &Record) -> String {
    let short: String = attempt.id.chars().take(8).collect();
    format!(
        "portfolio-{}-{short}.html",
        super::file_stem(&attempt.finished_at, &attempt.scenario_id)
    )
}

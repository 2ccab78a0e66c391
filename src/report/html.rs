//! The HTML report: one self-contained, printable page per set of attempts.
//!
//! Inline CSS and SVG only (no script, no external file, no font to fetch): the dimension
//! bars, the care/authority grid with the learner's point and the drift of each decision
//! that moved it, the jigsaw board of pieces found and missed grouped by source, the
//! warning signs let pass, and the path with the feedback on every step.
//!
//! Following OWASP's output-encoding rules, scenario and learner text only ever goes into
//! HTML element content or quoted attribute values (the same rules hold for SVG `<text>`),
//! always through [`escape`], which encodes `& < > " '`; none goes into a script, a style,
//! a URL or an unquoted attribute. Each text is also wrapped in `<bdi>` with its
//! bidirectional controls closed, so right-to-left text cannot reorder the page around it.

use std::fmt::Write as _;

use super::{Attempt, bidi_closed};
use crate::scenario::EndingKind;

/// Encodes text for HTML (and SVG) element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let text = bidi_closed(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text, isolated from the text around it.
fn t(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

/// Text cut to `most` characters (with an ellipsis), for labels inside drawings.
fn cut(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(most.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

pub(crate) const STYLE: &str = r#"
:root { --ink:#1d2433; --weak:#5b6475; --line:#d5dae3; --card:#ffffff; --page:#f4f6f9;
  --accent:#2557a7; --soft:#dbe6f7; --good:#1e7a46; --missed:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; background:var(--page); color:var(--ink);
  font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 58rem; margin: 0 auto; padding: 1.5rem; }
section.attempt + section.attempt { break-before: page; margin-top: 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0 0 .6rem; }
h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
p, li, td, th, h1, h2, h3, dd { overflow-wrap: anywhere; }
.meta { color: var(--weak); margin: 0 0 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 1rem 1.2rem; margin: 0 0 1rem; break-inside: avoid; }
.ending-good { border-left: 6px solid var(--good); }
.ending-mixed { border-left: 6px solid var(--weak); }
.ending-poor, .ending-none { border-left: 6px solid var(--missed); }
.note { color: var(--weak); font-size: .9rem; }
.grid-wrap { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: flex-start; }
.grid-wrap svg { flex: 0 0 auto; }
.grid-wrap div { flex: 1 1 16rem; min-width: 0; }
.quadrant { font-size: 1.3rem; font-weight: bold; color: var(--accent); margin: 0; }
.board { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .6rem; }
.piece { border-radius: 8px; padding: .5rem .6rem; display: flex; gap: .5rem; min-width: 0; }
.piece div { min-width: 0; }
.piece.found { background: #e5f3ea; border: 1px solid var(--good); }
.piece.missed { background: #fff; border: 2px dashed var(--missed); }
.piece strong { display: block; }
.piece p { margin: .2rem 0 0; font-size: .9rem; }
.piece small { color: var(--weak); }
ol.path { padding-left: 1.6rem; margin: 0; }
ol.path li { margin: 0 0 .8rem; break-inside: avoid; }
.step-head { color: var(--weak); font-size: .85rem; }
.chip { display: inline-block; border-radius: 999px; padding: 0 .5rem; margin: .1rem .2rem .1rem 0;
  font-size: .85rem; border: 1px solid currentColor; }
.up { color: var(--good); } .down { color: var(--missed); } .piece-chip { color: var(--accent); }
.let-pass { color: var(--missed); }
ul.signs { margin: 0; padding-left: 1.2rem; }
svg text { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; }
  .card { border-color: #999; } }
"#;

/// A printable page for `attempts`, one section each.
pub fn render(attempts: &[Attempt]) -> String {
    let mut out = String::new();
    let title = match attempts {
        [one] => format!("Jigsaw debrief: {} — {}", one.who(), one.debrief.title),
        _ => format!("Jigsaw debriefs ({} attempts)", attempts.len()),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    for attempt in attempts {
        section(&mut out, attempt);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn section(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let tr = &a.transcript;
    let _ = writeln!(out, "<section class=\"attempt\">");
    let _ = writeln!(out, "<h1>Debrief: {}</h1>", t(&d.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · played {} · scenario <code>{}</code> version {} · seed {}</p>",
        t(&a.who()),
        escape(tr.started_at.get(..10).unwrap_or("")),
        escape(&tr.scenario.id),
        tr.scenario.version,
        tr.seed
    );

    // How it ended.
    match &d.ending {
        Some((title, text, kind)) => {
            let class = match kind {
                EndingKind::Good => "ending-good",
                EndingKind::Mixed => "ending-mixed",
                EndingKind::Poor => "ending-poor",
            };
            let _ = writeln!(
                out,
                "<div class=\"card {class}\"><h2>How it ended: {} <span class=\"note\">({})</span></h2><p>{}</p>\
                 <p class=\"note\">Time in the story: {}. The scores below come from the decisions taken, not from how the story ended.</p></div>",
                t(title),
                escape(kind.label()),
                t(text),
                escape(&crate::debrief::format_duration(d.minutes_taken))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<div class=\"card ending-none\"><h2>Left before the end</h2><p class=\"note\">This debrief covers what was done in {} in-game minutes.</p></div>",
                d.minutes_taken
            );
        }
    }

    dimensions(out, a);
    grid(out, a);
    board(out, a);
    votes(out, a);
    signs(out, a);
    path(out, a);
    let _ = writeln!(out, "</section>");
}

fn dimensions(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>Practice, dimension by dimension</h2>\
         <p class=\"note\">0 is the lowest total this scenario makes possible, 100 the highest.</p>"
    );
    if !d.bounds_exact {
        let _ = writeln!(out, "<p>{}</p>", escape(a.debrief.approximate_note()));
    }
    let row = 30;
    let height = row * d.dimensions.len().max(1) + 6;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"Scores per dimension\" width=\"100%\" viewBox=\"0 0 640 {height}\" preserveAspectRatio=\"xMinYMin meet\">"
    );
    for (i, dim) in d.dimensions.iter().enumerate() {
        let y = i * row + 4;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"14\" fill=\"#1d2433\">{}</text>",
            y + 16,
            escape(&cut(&dim.name, 28))
        );
        match dim.score {
            Some(score) => {
                let _ = write!(
                    out,
                    "<rect x=\"230\" y=\"{y}\" width=\"340\" height=\"20\" rx=\"10\" fill=\"#dbe6f7\"/>\
                     <rect x=\"230\" y=\"{y}\" width=\"{}\" height=\"20\" rx=\"10\" fill=\"#2557a7\"><title>{}: {score}</title></rect>\
                     <text x=\"580\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"#1d2433\">{score}</text>",
                    score.min(100) * 340 / 100,
                    escape(&dim.name),
                    y + 16
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<text x=\"230\" y=\"{}\" font-size=\"13\" fill=\"#5b6475\">not assessed in this scenario</text>",
                    y + 16
                );
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "</svg></div>");
}

fn grid(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let _ = writeln!(out, "<div class=\"card\"><h2>Care and authority</h2>");
    let (Some(care), Some(authority)) = (d.care, d.authority) else {
        let why = d
            .not_placed
            .clone()
            .unwrap_or_else(|| "This scenario does not score both care and authority.".into());
        let _ = writeln!(out, "<p>{}</p></div>", escape(&why));
        return;
    };
    let grid = &a.rubric.grid;
    let side = 260.0_f64;
    let (left, top) = (34.0_f64, 8.0_f64);
    let x = |v: u32| left + side * f64::from(v.min(100)) / 100.0;
    let y = |v: u32| top + side - side * f64::from(v.min(100)) / 100.0;
    let (hx, hy) = (x(grid.high_care), y(grid.high_authority));
    let current = d.quadrant;
    let cell = |q: crate::rubric::Quadrant, x0: f64, y0: f64, x1: f64, y1: f64| {
        let fill = if Some(q) == current {
            "#dbe6f7"
        } else {
            "#f7f8fa"
        };
        format!(
            "<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"#d5dae3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>",
            (x1 - x0).max(0.0),
            (y1 - y0).max(0.0),
            (x0 + x1) / 2.0,
            (y0 + y1) / 2.0 - 2.0,
            q.word(),
            (x0 + x1) / 2.0,
            (y0 + y1) / 2.0 + 12.0,
            q.style()
        )
    };
    use crate::rubric::Quadrant::{For, Not, To, With};
    let _ = writeln!(
        out,
        "<div class=\"grid-wrap\"><svg role=\"img\" aria-label=\"Care {care}, authority {authority} on the care and authority grid\" width=\"310\" height=\"300\" viewBox=\"0 0 310 300\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5b6475\"/></marker></defs>"
    );
    out.push_str(&cell(To, left, top, hx, hy));
    out.push_str(&cell(With, hx, top, left + side, hy));
    out.push_str(&cell(Not, left, hy, hx, top + side));
    out.push_str(&cell(For, hx, hy, left + side, top + side));
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#5b6475\">Care →</text>\
         <text x=\"14\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#5b6475\" transform=\"rotate(-90 14 {:.1})\">Authority →</text>",
        left + side / 2.0,
        top + side + 22.0,
        top + side / 2.0,
        top + side / 2.0
    );
    // The drift: where each decision that moved care or authority left the learner.
    let drift = a.drift();
    for (n, pair) in drift.windows(2).enumerate() {
        let (from, to) = (pair[0], pair[1]);
        if from == to {
            continue;
        }
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#5b6475\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"><title>Decision {}: care {}, authority {}</title></line>",
            x(from.0),
            y(from.1),
            x(to.0),
            y(to.1),
            n + 1,
            to.0,
            to.1
        );
    }
    if let Some((c, au)) = drift.first() {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#fff\" stroke=\"#5b6475\" stroke-width=\"1.5\"><title>Start: care {c}, authority {au}</title></circle>",
            x(*c),
            y(*au)
        );
    }
    for (n, (c, au)) in drift.iter().enumerate().skip(1) {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#5b6475\"><title>After decision {n}: care {c}, authority {au}</title></circle>",
            x(*c),
            y(*au)
        );
    }
    let _ = writeln!(
        out,
        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"8\" fill=\"#2557a7\" stroke=\"#fff\" stroke-width=\"2.5\"><title>You: care {care}, authority {authority}</title></circle></svg><div>",
        x(care),
        y(authority)
    );
    match d.quadrant {
        Some(q) => {
            let _ = writeln!(
                out,
                "<p class=\"quadrant\">{} · {}</p><p>Care {care}, authority {authority}.</p><p>{}</p>",
                q.word(),
                q.style(),
                escape(q.meaning())
            );
        }
        None => {
            if let Some(why) = &d.not_placed {
                let _ = writeln!(out, "<p>{}</p>", escape(why));
            }
        }
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">The dashed arrows show how each of the {} decisions that moved care or authority shifted the place on the grid, from the start (the open circle, where no decision would sit) to where the session ended.</p></div></div></div>",
        drift.len().saturating_sub(1)
    );
}

/// The outline of one jigsaw piece (a square with a knob on top and one on the right),
/// 18 units wide before scaling, with its top-left corner at (x, y).
fn piece_path(x: f64, y: f64, k: f64) -> String {
    let p = |dx: f64, dy: f64| format!("{:.1} {:.1}", x + dx * k, y + dy * k);
    format!(
        "M{} H{:.1} A{r:.1} {r:.1} 0 1 1 {} H{:.1} V{:.1} A{r:.1} {r:.1} 0 1 1 {} V{:.1} H{:.1} Z",
        p(0.0, 4.0),
        x + 6.0 * k,
        p(12.0, 4.0),
        x + 18.0 * k,
        y + 10.0 * k,
        p(18.0, 16.0),
        y + 22.0 * k,
        x,
        r = 3.0 * k,
    )
}

fn board(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let found = d.pieces.iter().filter(|p| p.found).count();
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>The jigsaw: {}% complete</h2><p class=\"note\">{found} of {} pieces found. Each row is a source of information; solid green pieces were found, dashed red ones were missed.</p>",
        d.completeness,
        d.pieces.len()
    );
    // Sources in the order their first piece appears in the scenario.
    let mut sources: Vec<(&str, Vec<&crate::debrief::PieceResult>)> = Vec::new();
    for piece in &d.pieces {
        match sources.iter_mut().find(|(s, _)| *s == piece.source) {
            Some((_, pieces)) => pieces.push(piece),
            None => sources.push((piece.source.as_str(), vec![piece])),
        }
    }
    let (row, tile) = (58.0_f64, 210.0_f64);
    let widest = sources.iter().map(|(_, p)| p.len()).max().unwrap_or(1) as f64;
    let width = (tile * widest).max(640.0);
    let height = row * sources.len().max(1) as f64;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"The jigsaw board: {found} of {} pieces found\" width=\"100%\" viewBox=\"0 0 {width:.0} {height:.0}\" preserveAspectRatio=\"xMinYMin meet\">",
        d.pieces.len()
    );
    for (r, (source, pieces)) in sources.iter().enumerate() {
        let y = r as f64 * row;
        let name = if source.is_empty() { "Other" } else { source };
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\" fill=\"#1d2433\">{}<title>{}</title></text>",
            y + 14.0,
            escape(&cut(name, 80)),
            escape(name)
        );
        for (i, p) in pieces.iter().enumerate() {
            let x = i as f64 * tile;
            let (fill, stroke, dash) = if p.found {
                ("#1e7a46", "#1e7a46", "")
            } else {
                ("none", "#b3261e", " stroke-dasharray=\"3 2\"")
            };
            let _ = write!(
                out,
                "<g><title>{} ({}): {}</title><path d=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#1d2433\">{}</text></g>",
                escape(&p.title),
                if p.found { "found" } else { "missed" },
                escape(&p.tells),
                piece_path(x + 1.0, y + 20.0, 1.2),
                x + 30.0,
                y + 42.0,
                escape(&cut(&p.title, 30))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "</svg>");
    for (heading, want) in [("Found", true), ("Missed", false)] {
        let pieces: Vec<_> = d.pieces.iter().filter(|p| p.found == want).collect();
        if pieces.is_empty() {
            continue;
        }
        let class = if want { "found" } else { "missed" };
        let _ = writeln!(
            out,
            "<h3>{heading} ({})</h3><div class=\"board\">",
            pieces.len()
        );
        for p in pieces {
            let source = if p.source.is_empty() {
                String::new()
            } else {
                format!("<small>{}</small>", t(&p.source))
            };
            let _ = writeln!(
                out,
                "<div class=\"piece {class}\"><div><strong>{}</strong>{source}<p>{}</p></div></div>",
                t(&p.title),
                t(&p.tells)
            );
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</div>");
}

/// In classroom mode, the room's split at each decision, as bars.
fn votes(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let Some(group) = &d.group else { return };
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>The room's votes <span class=\"note\">({})</span></h2>",
        t(group)
    );
    if d.votes.is_empty() {
        let _ = writeln!(out, "<p>No decisions were voted on.</p></div>");
        return;
    }
    for vote in &d.votes {
        let _ = writeln!(out, "<p>{}</p><ul class=\"signs\">", t(&vote.sentence));
        for option in &vote.options {
            let share = (option.votes * 100).checked_div(vote.total).unwrap_or(0);
            let _ = writeln!(
                out,
                "<li>{}{} <span class=\"note\">{} of {} votes</span>\
                 <span style=\"display:block;height:0.6em;width:{share}%;background:#1d5c8c;border-radius:3px\"></span></li>",
                if option.taken { "✓ " } else { "" },
                t(&option.text),
                option.votes,
                vote.total
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</div>");
}

fn signs(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let _ = writeln!(out, "<div class=\"card\"><h2>Warning signs let pass</h2>");
    if d.signs_let_pass.is_empty() {
        let _ = writeln!(
            out,
            "<p>None: every warning sign met was followed up.</p></div>"
        );
        return;
    }
    let _ = writeln!(out, "<ul class=\"signs\">");
    for sign in &d.signs_let_pass {
        let _ = writeln!(
            out,
            "<li>{} <span class=\"note\">(when the choice was “{}”)</span></li>",
            t(&sign.sign),
            t(&sign.choice)
        );
    }
    let _ = writeln!(out, "</ul></div>");
}

fn path(out: &mut String, a: &Attempt) {
    let d = &a.debrief;
    let _ = writeln!(
        out,
        "<div class=\"card\"><h2>The path, step by step</h2><ol class=\"path\">"
    );
    for step in &d.path {
        let what = if step.observation { "Looked" } else { "Chose" };
        let _ = write!(
            out,
            "<li><div class=\"step-head\">{what} · {}</div><strong>{}</strong><div>",
            escape(&step.clock),
            t(&step.text)
        );
        for (dimension, change) in &step.score {
            let class = if *change >= 0 { "up" } else { "down" };
            let _ = write!(
                out,
                "<span class=\"chip {class}\">{change:+} {}</span>",
                t(dimension)
            );
        }
        for piece in &step.revealed {
            let _ = write!(
                out,
                "<span class=\"chip piece-chip\">Found: {}</span>",
                t(piece)
            );
        }
        out.push_str("</div>");
        if let Some(sign) = &step.lets_pass {
            let _ = write!(out, "<p class=\"let-pass\">Let pass: {}</p>", t(sign));
        }
        if !step.feedback.is_empty() {
            let _ = write!(out, "<p>{}</p>", t(&step.feedback));
        }
        if !step.concepts.is_empty() {
            let names: Vec<String> = step.concepts.iter().map(|c| t(c)).collect();
            let _ = write!(out, "<p class=\"note\">Concepts: {}</p>", names.join(", "));
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ol></div>");
}

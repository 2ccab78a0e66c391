//! The CSV report: one row per attempt, so a class's transcripts make one sheet.
//!
//! Columns: learner, group, scenario, version, date, seed, one column per rubric
//! dimension (0–100, empty when not assessed), quadrant, completeness, ending, in-game
//! minutes and real minutes. Written with the `csv` crate (quoting, embedded newlines).
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) get a leading `'`, as OWASP advises against CSV injection.

use super::{Attempt, ReportError, bidi_closed, xapi::seconds_between};

/// Makes a text cell safe to open in a spreadsheet.
pub fn cell(text: &str) -> String {
    let text = bidi_closed(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The CSV for `attempts`: a header, then one row each. Dimension columns follow the first
/// attempt's rubric; an attempt scored on another rubric leaves the columns it lacks empty.
pub fn render(attempts: &[Attempt]) -> Result<String, ReportError> {
    let dimensions: Vec<(String, String)> = attempts
        .first()
        .map(|a| {
            a.rubric
                .dimensions
                .iter()
                .map(|d| (d.id.value.clone(), d.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "learner", "group", "scenario", "title", "version", "date", "seed",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(dimensions.iter().map(|(id, _)| id.clone()));
    header.extend(
        [
            "quadrant",
            "completeness",
            "finished",
            "ending",
            "minutes",
            "real_minutes",
            "attempt",
            "votes",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let error = |e: ::csv::Error| ReportError::Format(format!("cannot write CSV: {e}"));
    writer.write_record(&header).map_err(error)?;
    for attempt in attempts {
        let t = &attempt.transcript;
        let d = &attempt.debrief;
        let mut row = vec![
            cell(t.learner.as_deref().unwrap_or("")),
            cell(t.group.as_deref().unwrap_or("")),
            cell(&t.scenario.id),
            cell(&t.scenario.title),
            t.scenario.version.to_string(),
            t.started_at.get(..10).unwrap_or("").to_string(),
            t.seed.to_string(),
        ];
        for (id, _) in &dimensions {
            row.push(
                d.dimensions
                    .iter()
                    .find(|x| &x.id == id)
                    .and_then(|x| x.score)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            );
        }
        row.push(d.quadrant.map(|q| q.word().to_string()).unwrap_or_default());
        row.push(d.completeness.to_string());
        row.push(t.finished.to_string());
        row.push(cell(
            d.ending
                .as_ref()
                .map(|(title, _, _)| title.as_str())
                .unwrap_or(""),
        ));
        row.push(d.minutes_taken.to_string());
        row.push(
            seconds_between(&t.started_at, &t.ended_at)
                .map(|s| format!("{:.1}", s as f64 / 60.0))
                .unwrap_or_default(),
        );
        row.push(t.attempt.to_string());
        row.push(cell(&votes_cell(d)));
        writer.write_record(&row).map_err(error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ReportError::Format(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ReportError::Format(e.to_string()))
}

/// In classroom mode, each decision's votes: the scene, the counts per option in the order
/// shown, and how it was decided, e.g. `the-file 14/6/0 majority; doorstep 3/3 tie`.
fn votes_cell(d: &crate::debrief::Debrief) -> String {
    d.votes
        .iter()
        .map(|v| {
            let counts: Vec<String> = v.options.iter().map(|o| o.votes.to_string()).collect();
            let how = match v.decided {
                crate::engine::votes::Decided::Majority => "majority",
                crate::engine::votes::Decided::Tie => "tie",
                crate::engine::votes::Decided::Override => "override",
            };
            format!("{} {} {how}", v.scene, counts.join("/"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

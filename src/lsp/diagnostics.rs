//! `check`'s diagnostics in the protocol's terms: a range in UTF-16 positions, a
//! severity, the rule's code and the hint.

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

use super::position::LineIndex;
use crate::diagnostic::{Diagnostic, Severity};

/// The editor's form of `diagnostic`, found in the document `uri` whose text is `text`.
pub fn to_editor(
    diagnostic: &Diagnostic,
    uri: &Uri,
    text: &str,
    lines: &LineIndex,
) -> lsp_types::Diagnostic {
    // A diagnostic about the file as a whole sits at its start.
    let range = diagnostic
        .span
        .map(|span| lines.range(text, span.range()))
        .unwrap_or_default();
    let mut message = diagnostic.message.clone();
    if let Some(hint) = &diagnostic.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    let related_information = diagnostic.hint.as_ref().map(|hint| {
        vec![DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: format!("hint: {hint}"),
        }]
    });
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        source: Some("jigsaw".to_string()),
        message,
        related_information,
        ..lsp_types::Diagnostic::default()
    }
}

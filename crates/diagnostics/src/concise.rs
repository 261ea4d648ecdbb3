//! The `concise` format: one line per finding, `path:line:col: severity[rule] message`,
//! the form editors and terminals turn into links.

use crate::{paint, Palette};
use std::fmt::Write as _;
use xxgk_model::{Finding, Lang};

/// One line per finding of `examined`: `file:line:col: severity[rule] message`, positions as [`crate::position`] gives them.
pub fn render(
    file: &str,
    findings: &[Finding],
    format: xxgk_model::SourceFormat,
    lang: Lang,
    palette: &Palette,
) -> String {
    let mut out = String::new();
    let file = crate::printable(file);
    for finding in findings {
        let location = match finding.span {
            Some(span) => format!("{file}:{}:", crate::position(&span, format, lang)),
            None => format!("{file}:"),
        };
        let head = format!("{}[{}]", finding.severity.word(lang), finding.rule);
        let _ = writeln!(
            out,
            "{} {} {}",
            paint(palette.strong, &location),
            paint(palette.severity(finding.severity), &head),
            one_line(finding.message.get(lang))
        );
    }
    out
}

/// A message on one line, whatever it holds, with no control character.
fn one_line(message: &str) -> String {
    crate::printable(&message.replace(['\r', '\n'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{Message, Severity, Span};

    #[test]
    fn with_and_without_position() {
        let at = Span {
            line: 3,
            column: 7,
            ..Span::default()
        };
        let findings = [
            Finding::new("a-rule", Severity::Error, Message::new("坏", "bad")).with_span(Some(at)),
            Finding::new("b-rule", Severity::Info, Message::new("注\n意", "note")),
        ];
        assert_eq!(
            render(
                "r.txt",
                &findings,
                xxgk_model::SourceFormat::Text,
                Lang::Zh,
                &Palette::new(false)
            ),
            "r.txt:3:7: 错误[a-rule] 坏\nr.txt: 提示[b-rule] 注 意\n"
        );
        assert_eq!(
            render(
                "r.txt",
                &findings,
                xxgk_model::SourceFormat::Text,
                Lang::En,
                &Palette::new(false)
            ),
            "r.txt:3:7: error[a-rule] bad\nr.txt: info[b-rule] note\n"
        );
    }
}

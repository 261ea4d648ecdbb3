//! The `github` format: GitHub Actions workflow commands, one per finding, which
//! Actions shows as annotations on the files:
//! `::error file=PATH,line=L,col=C,endLine=…,endColumn=…,title=RULE::MESSAGE`.
//!
//! Escaping follows `@actions/core` (`toolkit/packages/core/src/command.ts`): in
//! the message `%`, `\r` and `\n`; in properties also `:` and `,`.

use crate::Checked;
use std::fmt::Write as _;
use xxgk_model::{Finding, Lang, Severity};

/// The commands for one input: an `::error` naming the file when it could not be
/// read, else one command per finding.
pub fn render(result: &Checked, lang: Lang) -> String {
    let file = escape_property(&result.file);
    match &result.outcome {
        Err(error) => format!(
            "::error file={file},title=xxgk::{}\n",
            escape_data(error.message(lang))
        ),
        Ok(examined) => {
            let mut out = String::new();
            for finding in &examined.findings {
                let _ = writeln!(out, "{}", command(&file, finding, lang));
            }
            out
        }
    }
}

fn command(file: &str, finding: &Finding, lang: Lang) -> String {
    let kind = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = format!("file={file}");
    if let Some(span) = finding.span {
        // Columns are characters; the end column is one past the last, as in ruff's
        // output of this format.
        let _ = write!(
            properties,
            ",line={},col={},endLine={},endColumn={}",
            span.line, span.column, span.end_line, span.end_column
        );
    }
    let _ = write!(properties, ",title={}", escape_property(&finding.rule));
    let mut message = finding.message.get(lang).to_string();
    for note in &finding.notes {
        message.push('\n');
        message.push_str(note.get(lang));
    }
    format!("::{kind} {properties}::{}", escape_data(&message))
}

/// The message of a command (other control characters made visible by
/// [`crate::printable`]: the runner's log is a terminal too).
pub fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::printable(&text).into_owned()
}

/// A property value (`file=…`, `title=…`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Examined;
    use xxgk_model::{Message, Report, Source, SourceFormat, Span};

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("100%\r\nx:y,z"), "100%25%0D%0Ax:y,z");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_command_per_finding() {
        let report = Report::new(Source {
            file: "d,1:x.txt".into(),
            format: SourceFormat::Text,
            sha256: String::new(),
            encoding: None,
        });
        let span = Span {
            line: 4,
            column: 2,
            end_line: 4,
            end_column: 5,
            ..Span::default()
        };
        let findings = vec![
            Finding::new("a", Severity::Error, Message::new("比例 50%", "50%"))
                .with_span(Some(span))
                .with_note(Message::new("说明", "why")),
            Finding::new("b", Severity::Info, Message::new("提示", "hint")),
        ];
        let result = Checked {
            file: "d,1:x.txt".into(),
            outcome: Ok(Examined {
                report,
                findings,
                text: None,
            }),
        };
        assert_eq!(
            render(&result, Lang::En),
            "::error file=d%2C1%3Ax.txt,line=4,col=2,endLine=4,endColumn=5,title=a::50%25%0Awhy\n\
             ::notice file=d%2C1%3Ax.txt,title=b::hint\n"
        );
    }
}

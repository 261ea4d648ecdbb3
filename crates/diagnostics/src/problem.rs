//! What is wrong with a data file (`xxgk/author@1` as TOML, JSON or an XLSX
//! fill-in sheet), in both languages, with the key and the place in the file it
//! is about — a line, or a sheet cell — and how it is printed.

use std::fmt;
use xxgk_model::{Lang, Message, Severity};

/// Where a key is in an author file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A 1-based line of a TOML file.
    Line(u32),
    /// A cell of a fill-in sheet, e.g. `表三!D7`.
    /// A cell of an XLSX fill-in sheet: the sheet's name and the cell's A1 reference.
    Cell {
        /// The sheet's name (`表三`).
        sheet: String,
        /// The cell's A1 reference (`D7`).
        cell: String,
    },
}

/// The sheets of a fill-in sheet, in workbook order.
const SHEETS: [&str; 5] = ["基本信息", "正文", "表二", "表三", "表四"];

impl Place {
    /// Orders places as a reader meets them: lines by number; sheet cells by
    /// sheet (workbook order), row, then column.
    fn order_key(&self) -> (usize, String, u32, usize, String) {
        match self {
            Place::Line(line) => (0, String::new(), *line, 0, String::new()),
            Place::Cell { sheet, cell } => {
                let rank = SHEETS
                    .iter()
                    .position(|s| s == sheet)
                    .unwrap_or(SHEETS.len());
                let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
                let row = cell[letters.len()..].parse().unwrap_or(0);
                (1 + rank, sheet.clone(), row, letters.len(), letters)
            }
        }
    }
}

impl PartialOrd for Place {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Place {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(line) => write!(f, "{line}"),
            Place::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
        }
    }
}

/// One problem: an error stops the render (unless forced), a warning is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error (stops the render unless forced) or warning.
    pub severity: Severity,
    /// The key it is about (`requests.granted.natural_person`), if any.
    pub key: Option<String>,
    /// Where in the file, when known.
    pub place: Option<Place>,
    /// What is wrong, in both languages.
    pub message: Message,
    /// Explanations: the computation, how to fix it.
    pub notes: Vec<Message>,
}

impl Problem {
    /// An error about `key` (or the file as a whole).
    pub fn error(key: Option<&str>, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            key: key.map(str::to_string),
            place: None,
            message: Message::new(zh, en),
            notes: Vec::new(),
        }
    }

    /// A warning about `key` (or the file as a whole).
    pub fn warning(key: Option<&str>, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(key, zh, en)
        }
    }

    /// The same problem, placed in the file.
    pub fn at(mut self, place: Option<Place>) -> Problem {
        self.place = place;
        self
    }

    /// The same problem with one more note under it.
    pub fn with_note(mut self, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        self.notes.push(Message::new(zh, en));
        self
    }

    /// True for an error (which stops a render), false for a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line: key: message` on one line, with notes on the lines below
    /// (`  = 说明：…`).
    pub fn render(&self, file: &str, lang: Lang) -> String {
        let place = self.place.as_ref().map(ToString::to_string);
        let head = Head {
            severity: self.severity,
            rule: None,
        };
        line(
            file,
            place.as_deref(),
            head,
            self.key.as_deref(),
            &self.message,
            &self.notes,
            lang,
        )
    }
}

/// The severity of a data-file diagnostic and, for a finding of a rule, its id.
#[derive(Clone, Copy, Debug)]
pub struct Head<'a> {
    /// How serious it is.
    pub severity: Severity,
    /// The rule id, for a finding of a check rule (`错误[requests-balance]`).
    pub rule: Option<&'a str>,
}

/// One diagnostic about a data file as printed: `file:place: 错误[rule]: key:
/// message`, each note on a line below (`  = 说明：…`). Used for the problems of
/// reading the file and for the findings of checking what it renders.
pub fn line(
    file: &str,
    place: Option<&str>,
    head: Head<'_>,
    key: Option<&str>,
    message: &Message,
    notes: &[Message],
    lang: Lang,
) -> String {
    let mut out = String::from(file);
    if let Some(place) = place {
        out.push(':');
        out.push_str(place);
    }
    out.push_str(": ");
    out.push_str(head.severity.word(lang));
    if let Some(rule) = head.rule {
        out.push_str(&format!("[{rule}]"));
    }
    out.push_str(": ");
    if let Some(key) = key {
        out.push_str(key);
        out.push_str(": ");
    }
    out.push_str(message.get(lang));
    for note in notes {
        out.push_str(match lang {
            Lang::Zh => "\n  = 说明：",
            Lang::En => "\n  = note: ",
        });
        out.push_str(note.get(lang));
    }
    out
}

/// Why an author file could not be read: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems {
    /// The file as named by the caller.
    pub file: String,
    /// The problems, in file order.
    pub list: Vec<Problem>,
}

impl Problems {
    /// A single problem of `file`.
    pub fn one(file: &str, problem: Problem) -> Problems {
        Problems {
            file: file.to_string(),
            list: vec![problem],
        }
    }

    /// Every problem, one per line (notes indented), in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        self.list
            .iter()
            .map(|p| p.render(&self.file, lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Problems {}

/// Sorts problems by place (lines, then cells), those without one last, keeping
/// the order of equal ones.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by(|a, b| match (&a.place, &b.place) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_place_key_and_notes() {
        let p = Problem::error(
            Some("year"),
            "年度应为整数",
            "the year must be a whole number",
        )
        .at(Some(Place::Line(3)))
        .with_note("如 year = 2025", "e.g. year = 2025");
        assert_eq!(
            p.render("r.toml", Lang::Zh),
            "r.toml:3: 错误: year: 年度应为整数\n  = 说明：如 year = 2025"
        );
        assert_eq!(
            p.render("r.toml", Lang::En),
            "r.toml:3: error: year: the year must be a whole number\n  = note: e.g. year = 2025"
        );
    }
}

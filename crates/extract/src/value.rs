//! Value cells: what a cell holding numbers looks like, and how it is read.
//!
//! A value cell holds one or more numeric tokens separated by single spaces
//! (`0 0 0` in aligned layouts), each with an optional sign (`+1`, `-8`, `减4`)
//! and unit (`17.6675 万元`, `251000元`, `3件`); or a blank marker (`-`, `/`, `无`),
//! which is a printed blank and reads as null, never zero. A label cell may carry
//! its numbers run onto it (`予以公开7000007`); [`split_trailing_values`] finds them.
//!
//! A number touching a replacement character (U+FFFD, where the source did not
//! decode: `1�23`, `12�`, `�5`) is [`Slot::Damaged`]: a value was printed there,
//! but no digit of it is read. So is a damaged word right after a number in the
//! same cell (`12 ���` may be `12 元` with its unit lost): the number with it.

use xxgk_model::Number;
use xxgk_read::REPLACEMENT;

/// Where a token sits in the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

/// The unit printed with an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Wan,
    Yuan,
    /// A count word (件, 个, 项, 条, 次) which changes nothing.
    Count,
}

/// One numeric token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberToken {
    pub number: Number,
    pub unit: Option<Unit>,
    /// The digits, when the token may hold several values run together (no
    /// thousands separator, no 元 to convert).
    pub digits: Option<Digits>,
    pub range: Range,
}

/// The digits of a number token, for splitting values run together: the sign
/// belongs to the first value, a decimal point to the last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digits {
    pub negative: bool,
    /// Where the digits (ASCII, at most one `.`) are in the folded text; the
    /// token's range starts earlier when a sign is printed.
    pub range: Range,
}

/// One slot of a row: a number, a printed blank, or an empty cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    Number(NumberToken),
    /// A blank marker such as `-` or `/`.
    Blank(Range),
    /// A cell with nothing in it (between two tabs or pipes).
    Empty(Range),
    /// A value printed with bytes that did not decode: it cannot be read.
    Damaged(Range),
    /// A value printed on a line the source printed out of its order on the
    /// page (see `xxgk_read::Document::out_of_order`): it holds a place in the
    /// row, but which column it is in is unknown, so it is not read.
    Unordered(Range),
}

impl Slot {
    pub fn range(&self) -> Range {
        match self {
            Slot::Number(t) => t.range,
            Slot::Blank(r) | Slot::Empty(r) | Slot::Damaged(r) | Slot::Unordered(r) => *r,
        }
    }
}

const BLANK_MARKERS: &[&str] = &[
    "-", "--", "---", "—", "——", "–", "/", "\\", "无", "空", "/-", "－", "×",
];

const UNITS: &[(&str, Unit)] = &[
    ("万元", Unit::Wan),
    ("元", Unit::Yuan),
    ("件", Unit::Count),
    ("个", Unit::Count),
    ("项", Unit::Count),
    ("条", Unit::Count),
    ("次", Unit::Count),
];

/// Reads `text` (at folded offset `at`) as a value cell; `None` if it is not one.
pub fn parse_value_cell(text: &str, at: usize) -> Option<Vec<Slot>> {
    parse_cell(text, at, false)
}

/// Reads the value run of a flattened table row (see [`crate::flat`]): like
/// [`parse_value_cell`], but a run of digits too long for one number is kept as
/// digits to split (its `number` is never read: such a row is always split).
pub fn parse_run_cell(text: &str, at: usize) -> Option<Vec<Slot>> {
    parse_cell(text, at, true)
}

fn parse_cell(text: &str, at: usize, long_runs: bool) -> Option<Vec<Slot>> {
    let trimmed = text.trim();
    // Most cells are labels: reject them on their first character.
    let first = trimmed.chars().next()?;
    if !(first.is_ascii_digit()
        || matches!(first, '+' | '-' | '减' | '增' | REPLACEMENT)
        || BLANK_MARKERS.iter().any(|m| m.starts_with(first)))
    {
        return None;
    }
    if BLANK_MARKERS.contains(&trimmed) {
        let lead = text.len() - text.trim_start().len();
        return Some(vec![Slot::Blank(Range {
            start: at + lead,
            end: at + lead + trimmed.len(),
        })]);
    }
    let mut slots: Vec<Slot> = Vec::new();
    for (offset, word) in words(text) {
        let end = at + offset + word.len();
        if let Some(unit) = unit_of(word) {
            // `17.6675 万元`: the unit belongs to the number before it.
            match slots.last_mut() {
                Some(Slot::Number(t)) if t.unit.is_none() => {
                    t.unit = Some(unit);
                    t.digits = None;
                    t.range.end = end;
                    continue;
                }
                Some(Slot::Damaged(range)) => {
                    range.end = end;
                    continue;
                }
                _ => return None,
            }
        }
        if is_damaged_value(word) {
            // A damaged word after a number may be its unit: neither is read.
            let start = match slots.last() {
                Some(Slot::Number(t)) if t.unit.is_none() && !has_digit(word) => {
                    let start = t.range.start;
                    slots.pop();
                    start
                }
                _ => at + offset,
            };
            slots.push(Slot::Damaged(Range { start, end }));
            continue;
        }
        slots.push(Slot::Number(number_token(word, at + offset, long_runs)?));
    }
    (!slots.is_empty()).then_some(slots)
}

/// Words separated by whitespace — or by a sign right after a digit, since values
/// run together keep their signs (`0减44` is 0 and −44) — with their byte offsets.
fn words(text: &str) -> Words<'_> {
    Words {
        text,
        chars: text.char_indices(),
        start: None,
        previous: ' ',
    }
}

/// The iterator of [`words`]: found as they are read, not collected first (it
/// runs for every value cell).
struct Words<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    /// Where the word being read starts.
    start: Option<usize>,
    previous: char,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        for (i, c) in self.chars.by_ref() {
            let sign_after_digit =
                self.previous.is_ascii_digit() && matches!(c, '+' | '-' | '减' | '增');
            let mut word = None;
            if c.is_whitespace() || sign_after_digit {
                word = self.start.take().map(|s| (s, &self.text[s..i]));
            }
            if !c.is_whitespace() && self.start.is_none() {
                self.start = Some(i);
            }
            self.previous = c;
            if word.is_some() {
                return word;
            }
        }
        self.start.take().map(|s| (s, &self.text[s..]))
    }
}

/// A word holding replacement characters and otherwise only what numbers are
/// printed with (digits, signs, points, units): a value that did not decode.
fn is_damaged_value(word: &str) -> bool {
    word.contains(REPLACEMENT)
        && word.chars().all(|c| {
            c == REPLACEMENT
                || c.is_ascii_digit()
                || matches!(c, '+' | '-' | '.' | ',' | '减' | '增')
                || UNITS.iter().any(|(u, _)| u.contains(c))
        })
}

fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

fn unit_of(word: &str) -> Option<Unit> {
    UNITS
        .iter()
        .find(|(u, _)| *u == word)
        .map(|&(_, unit)| unit)
}

/// `+1`, `-8`, `减4`, `增2`, `17.6675万元`, `3,119`, `10件`.
fn number_token(word: &str, at: usize, long_runs: bool) -> Option<NumberToken> {
    if !word.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '减' | '增')) {
        return None;
    }
    let (sign, body) = if let Some(rest) = word.strip_prefix('减') {
        ("-", rest)
    } else if let Some(rest) = word.strip_prefix('增') {
        ("+", rest)
    } else {
        ("", word)
    };
    // 减/增 come before the body, so the body starts this many bytes in.
    let prefix_len = word.len() - body.len();
    let (body, unit) = UNITS
        .iter()
        .find_map(|&(u, unit)| body.strip_suffix(u).map(|b| (b, Some(unit))))
        .unwrap_or((body, None));
    if body.starts_with(['+', '-']) && !sign.is_empty() {
        return None;
    }
    let digits_only = |b: &str| {
        let b = b.trim_start_matches(['+', '-']);
        !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit() || c == b'.')
    };
    let parsed = match Number::parse(body) {
        Some(n) => n,
        None if long_runs && unit != Some(Unit::Yuan) && digits_only(body) => Number::ZERO,
        None => return None,
    };
    let number = if sign == "-" {
        Number::ZERO.checked_sub(parsed)?
    } else {
        parsed
    };
    // Digits may hold several values run together; a unit that needs no conversion
    // (万元, 件) may follow them (`00万元`), a 元 amount may not (it would convert).
    let unsigned = body.trim_start_matches(['+', '-']);
    let splittable = unit != Some(Unit::Yuan) && !unsigned.contains(',');
    let digits_start = at + prefix_len + (body.len() - unsigned.len());
    let digits = splittable.then(|| Digits {
        negative: sign == "-" || body.starts_with('-'),
        range: Range {
            start: digits_start,
            end: digits_start + unsigned.len(),
        },
    });
    Some(NumberToken {
        number,
        unit,
        digits,
        range: Range {
            start: at,
            end: at + word.len(),
        },
    })
}

/// A label cell with numbers run onto its end (`予以公开7000007`,
/// `行政强制 84`): the byte length of the label part and the value slots.
pub fn split_trailing_values(text: &str, at: usize) -> Option<(usize, Vec<Slot>)> {
    // A unit may close the values (`行政事业性收费0万元`).
    let body = UNITS
        .iter()
        .find_map(|(u, _)| text.strip_suffix(u))
        .unwrap_or(text);
    let mut start = body.len();
    for (i, c) in body.char_indices().rev() {
        // A replacement character next to the digits may have been one of them.
        if c.is_ascii_digit()
            || matches!(c, ' ' | '.' | ',' | '+' | '-' | '减' | '增' | REPLACEMENT)
        {
            start = i;
        } else {
            break;
        }
    }
    let tail = &body[start..];
    // Damage alone at a label's end is a damaged label, not a value.
    if !has_digit(tail) {
        return None;
    }
    let first_digit = tail
        .find(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '减' | '增' | REPLACEMENT))?;
    let label_end = start + first_digit;
    let label = text[..label_end].trim_end();
    // A label ends in a character, a closing bracket or quote — not in anything a
    // number is made of, which would make `第1项`, `2.` or `…0减` look like a label.
    let last = label.chars().last()?;
    if last.is_ascii_digit()
        || matches!(last, '.' | '+' | '-' | '减' | '增')
        || label.chars().count() < 2
    {
        return None;
    }
    let slots = parse_value_cell(&text[label_end..], at + label_end)?;
    Some((label.len(), slots))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        parse_value_cell(text, 0)
            .unwrap()
            .iter()
            .map(|s| match s {
                Slot::Number(t) => {
                    format!("{}{}", t.number, if t.unit.is_some() { "u" } else { "" })
                }
                Slot::Blank(_) => "blank".into(),
                Slot::Empty(_) => "empty".into(),
                Slot::Damaged(r) => format!("damaged {}", &text[r.start..r.end]),
                Slot::Unordered(r) => format!("unordered {}", &text[r.start..r.end]),
            })
            .collect()
    }

    #[test]
    fn no_number_is_read_out_of_damage() {
        assert_eq!(numbers("1\u{FFFD}23"), ["damaged 1\u{FFFD}23"]);
        assert_eq!(numbers("12\u{FFFD}"), ["damaged 12\u{FFFD}"]);
        assert_eq!(numbers("\u{FFFD}5"), ["damaged \u{FFFD}5"]);
        assert_eq!(numbers("\u{FFFD}"), ["damaged \u{FFFD}"]);
        // Only the word the damage touches; a unit after it goes with it.
        assert_eq!(numbers("0 1\u{FFFD} 2"), ["0", "damaged 1\u{FFFD}", "2"]);
        assert_eq!(numbers("1\u{FFFD}.5 万元"), ["damaged 1\u{FFFD}.5 万元"]);
        // A lost unit: the number before it is not read either.
        assert_eq!(
            numbers("12 \u{FFFD}\u{FFFD}\u{FFFD}"),
            ["damaged 12 \u{FFFD}\u{FFFD}\u{FFFD}"]
        );
        // Damage among words is a damaged label, no value.
        assert!(parse_value_cell("\u{FFFD}\u{FFFD}属于国家秘密", 0).is_none());
        // Run onto a label: the label is kept, the value is damaged.
        let (label, slots) = split_trailing_values("规章\u{FFFD}12", 0).unwrap();
        assert_eq!(label, "规章".len());
        assert!(matches!(slots[..], [Slot::Damaged(_)]));
        // A label whose last character is damaged holds no value.
        assert!(split_trailing_values("申请数量\u{FFFD}\u{FFFD}", 0).is_none());
    }

    #[test]
    fn reads_numbers_signs_units_and_blanks() {
        assert_eq!(numbers("0 0 0"), ["0", "0", "0"]);
        assert_eq!(numbers("+1"), ["1"]);
        assert_eq!(numbers("减4"), ["-4"]);
        assert_eq!(numbers("0减44"), ["0", "-44"]);
        assert_eq!(numbers("3-8+1"), ["3", "-8", "1"]);
        assert_eq!(numbers("17.6675 万元"), ["17.6675u"]);
        assert_eq!(numbers("5394432.52元"), ["5394432.52u"]);
        assert_eq!(numbers("/"), ["blank"]);
        assert_eq!(numbers("无"), ["blank"]);
        assert!(parse_value_cell("本年增/减", 0).is_none());
        assert!(parse_value_cell("2.重复申请", 0).is_none());
        assert!(parse_value_cell("万元", 0).is_none());
    }

    #[test]
    fn numbers_keep_their_digits_for_splitting() {
        let slots = parse_value_cell("230 000023 +1 4.5", 0).unwrap();
        let digits: Vec<_> = slots
            .iter()
            .map(|s| match s {
                Slot::Number(t) => t.digits.as_ref().map(|d| {
                    (
                        d.negative,
                        "230 000023 +1 4.5"[d.range.start..d.range.end].to_string(),
                    )
                }),
                _ => None,
            })
            .collect();
        let expected: Vec<Option<(bool, String)>> = vec![
            Some((false, "230".into())),
            Some((false, "000023".into())),
            Some((false, "1".into())),
            Some((false, "4.5".into())),
        ];
        assert_eq!(digits, expected);
        let slots = parse_value_cell("减44 3,119 7元", 0).unwrap();
        let Slot::Number(t) = &slots[0] else {
            panic!("a number")
        };
        let d = t.digits.as_ref().unwrap();
        assert_eq!(
            (d.negative, d.range),
            (
                true,
                Range {
                    start: "减".len(),
                    end: "减44".len()
                }
            )
        );
        assert!(matches!(&slots[1], Slot::Number(t) if t.digits.is_none()));
        assert!(matches!(&slots[2], Slot::Number(t) if t.digits.is_none()));
    }

    #[test]
    fn finds_values_run_onto_labels() {
        let (label, slots) = split_trailing_values("予以公开7000007", 0).unwrap();
        assert_eq!(label, "予以公开".len());
        assert_eq!(slots.len(), 1);
        let (label, slots) = split_trailing_values("行政强制 84", 10).unwrap();
        assert_eq!(label, "行政强制".len());
        assert_eq!(
            slots[0].range(),
            Range {
                start: 10 + "行政强制 ".len(),
                end: 10 + "行政强制 84".len()
            }
        );
        assert!(split_trailing_values("第二十条第(一)项", 0).is_none());
        assert!(split_trailing_values("1.属于国家秘密", 0).is_none());
        assert!(split_trailing_values("第1", 0).is_none());
        // The sign belongs to the values, not the label.
        let (label, slots) = split_trailing_values("行政事业性收费0减44", 0).unwrap();
        assert_eq!((label, slots.len()), ("行政事业性收费".len(), 2));
        let (label, slots) = split_trailing_values("政府集中采购00万元", 0).unwrap();
        assert_eq!(label, "政府集中采购".len());
        assert!(
            matches!(&slots[0], Slot::Number(t) if t.digits.as_ref().map(|d| d.range) == Some(Range { start: 18, end: 20 }) && t.unit == Some(Unit::Wan))
        );
    }
}

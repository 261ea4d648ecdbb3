//! The numbers of a sentence: Arabic and Chinese numerals, with their units,
//! percentages and years.

use super::words::*;
use std::ops::Range;
use xxgk_model::Number;
use xxgk_read::REPLACEMENT;

/// What a number in a sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// Followed by a count unit.
    Count,
    /// Followed by %.
    Percent,
    /// A year (2024 年).
    Year,
    /// Anything else (a date, a phone number); still ends the lead of the next.
    Other,
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    /// The number as printed, as a range of the sentence.
    pub(super) number: Range<usize>,
    /// The end of the number with its unit, % or 年.
    pub(super) end: usize,
    pub(super) value: Number,
    pub(super) unit: &'static str,
    pub(super) approximate: bool,
}

/// The numbers of a sentence: Arabic (folded from full-width) and Chinese
/// numerals (the latter only before a count unit, so that 一是 is no number).
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        let arabic = lead.is_ascii_digit();
        let length = if arabic {
            arabic_len(&text[at..])
        } else if starts_with_numeral_char(&bytes[at..]) {
            let rest = &text[at..];
            rest.find(|c| !is_numeral_char(c)).unwrap_or(rest.len())
        } else {
            // Most characters are neither: step over them by their lead byte,
            // without decoding them.
            at += utf8_len(lead);
            continue;
        };
        if touches_damage(text, at, at + length) {
            // A number next to bytes that did not decode is not read: it still
            // ends the lead of the next.
            out.push(Token {
                kind: TokenKind::Other,
                number: at..at + length,
                end: at + length,
                value: Number::ZERO,
                unit: "",
                approximate: true,
            });
        } else if let Some(token) = token_at(text, at, at + length, arabic) {
            out.push(token);
        }
        at += length;
    }
    out
}

/// True for the characters of Chinese numerals: digits and 十百千万.
fn is_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万')
}

/// True when `bytes`, which start at a character boundary, start with a
/// character of a Chinese numeral. Decodes only the few characters whose first
/// two bytes are those of a numeral character (〇 E3 80; 一七万三两 E4 B8, 九
/// E4 B9, 二五 E4 BA; 六八 E5 85; 十千 E5 8D; 四 E5 9B; 百 E7 99; 零 E9 9B):
/// decoding every character of the text was most of the cost of reading numbers.
fn starts_with_numeral_char(bytes: &[u8]) -> bool {
    let &[first, second, third, ..] = bytes else {
        return false;
    };
    let candidate = matches!(
        (first, second),
        (0xE3, 0x80)
            | (0xE4, 0xB8..=0xBA)
            | (0xE5, 0x85 | 0x8D | 0x9B)
            | (0xE7, 0x99)
            | (0xE9, 0x9B)
    );
    if !candidate {
        return false;
    }
    // A three-byte character: four bits from the first byte, six from the others.
    let code =
        (u32::from(first & 0x0F) << 12) | (u32::from(second & 0x3F) << 6) | u32::from(third & 0x3F);
    char::from_u32(code).is_some_and(is_numeral_char)
}

/// The length in bytes of the character whose first byte is `lead`: the
/// leading one bits of a multibyte character's first byte count its bytes.
fn utf8_len(lead: u8) -> usize {
    (lead.leading_ones() as usize).max(1)
}

/// Whether a replacement character (U+FFFD, where the source did not decode)
/// sits right before or after `start..end`: a digit of the number may be lost.
fn touches_damage(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with(REPLACEMENT) || text[end..].starts_with(REPLACEMENT)
}

/// Length of `123`, `3,119` (grouped by threes; only ASCII commas, as the
/// paragraph text keeps full-width ones apart) or `12.5` at the start of `s`.
fn arabic_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|x| x.is_ascii_digit()).count())
    };
    let mut end = digits(0);
    if end <= 3 {
        while b.get(end) == Some(&b',') && digits(end + 1) == 3 {
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    end
}

/// The token for the number at `start..end`, with what follows it.
fn token_at(text: &str, start: usize, end: usize, arabic: bool) -> Option<Token> {
    let printed = &text[start..end];
    let value = if arabic {
        Number::parse(printed)?
    } else {
        Number::int(chinese_numeral(printed)?)
    };
    let mut after = end;
    let approx_after = APPROX_AFTER.iter().find(|w| text[after..].starts_with(*w));
    if let Some(w) = approx_after {
        after += w.len();
    }
    let rest = &text[after..];
    let mut token = Token {
        kind: TokenKind::Other,
        number: start..end,
        end: after,
        value,
        unit: "",
        approximate: approx_after.is_some()
            || APPROX_BEFORE.iter().any(|w| text[..start].ends_with(w)),
    };
    if rest.starts_with('%') {
        token.kind = TokenKind::Percent;
        token.end = after + 1;
    } else if rest.starts_with('年') && arabic && printed.len() == 4 && approx_after.is_none() {
        token.kind = TokenKind::Year;
        token.end = after + '年'.len_utf8();
    } else if let Some(unit) = COUNT_UNITS.iter().find(|u| rest.starts_with(*u)) {
        let trail = &rest[unit.len()..];
        if !NOT_A_COUNT_AFTER.iter().any(|w| trail.starts_with(w)) {
            token.kind = TokenKind::Count;
            token.unit = unit;
            token.end = after + unit.len();
            token.approximate |= APPROX_TRAIL.iter().any(|w| trail.starts_with(w));
        }
    }
    if !arabic && token.kind != TokenKind::Count {
        return None; // 一是, 第三: not numbers here
    }
    if !arabic && text[..start].ends_with('第') {
        return None;
    }
    Some(token)
}

pub(super) fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000,
/// 三万五千 → 35000, and digit by digit 二〇二四 → 2024. `None` when malformed
/// (一二十, 百).
pub(crate) fn chinese_numeral(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| chinese_digit(c).is_some()) {
        if s.chars().count() == 1 {
            return chinese_digit(s.chars().next()?);
        }
        return s.chars().try_fold(0i64, |n, c| {
            n.checked_mul(10)?.checked_add(chinese_digit(c)?)
        });
    }
    let (mut total, mut section, mut digit): (i64, i64, Option<i64>) = (0, 0, None);
    let mut first = true;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some_and(|p| p != 0) {
                return None; // two digits in a row
            }
            digit = Some(d);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' => 10_000,
                _ => return None,
            };
            if unit == 10_000 {
                section += digit.take().unwrap_or(0);
                if section == 0 {
                    return None;
                }
                total = total.checked_add(section.checked_mul(unit)?)?;
                section = 0;
            } else {
                let d = match digit.take() {
                    Some(d) if d != 0 => d,
                    None if unit == 10 && first => 1, // 十二
                    _ => return None,
                };
                section += d * unit;
            }
        }
        first = false;
    }
    Some(total + section + digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_next_to_damage_are_not_read() {
        let t = tokens("共收到申请1\u{FFFD}2件，办结\u{FFFD}十件，答复8件");
        let read: Vec<(TokenKind, i64)> = t
            .iter()
            .map(|t| (t.kind, t.value.as_i64().unwrap()))
            .collect();
        assert_eq!(
            read,
            [
                (TokenKind::Other, 0),
                (TokenKind::Other, 0),
                (TokenKind::Other, 0),
                (TokenKind::Count, 8)
            ]
        );
    }

    #[test]
    fn numeral_characters_are_found_by_their_bytes() {
        let mut buffer = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(starts_with_numeral_char(encoded), is_numeral_char(c), "{c}");
            assert_eq!(utf8_len(encoded[0]), c.len_utf8(), "{c}");
        }
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("三", Some(3)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("一百零五", Some(105)),
            ("一百一十", Some(110)),
            ("两千", Some(2000)),
            ("三万五千", Some(35000)),
            ("十万", Some(100_000)),
            ("零", Some(0)),
            ("二〇二四", Some(2024)),
            ("百", None),
            ("一二十", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(chinese_numeral(text), expected, "{text}");
        }
    }

    #[test]
    fn numbers_with_units_percentages_and_years() {
        let t = tokens("2024年共收到申请三件,占 12.5%,十二个工作日,5500余条,第一件");
        let kinds: Vec<(TokenKind, String, bool)> = t
            .iter()
            .map(|t| (t.kind, t.value.to_string(), t.approximate))
            .collect();
        assert_eq!(
            kinds,
            [
                (TokenKind::Year, "2024".into(), false),
                (TokenKind::Count, "3".into(), false),
                (TokenKind::Percent, "12.5".into(), false),
                (TokenKind::Count, "5500".into(), true),
            ]
        );
    }
}

//! Agency, report year and printed date.
//!
//! The title names the body and the year: 「淮安市洪泽区人民政府 / 2024 年政府信息
//! 公开工作年度报告」, sometimes inside a sentence (「特向社会公布渠县宝城镇人民政府
//! 2019年政府信息公开工作年度报告」) and sometimes with the body on the line before.
//! The date is printed at the end, after the signature.

use crate::rules::metadata_inferred::{self, YearSource};
use crate::scan::is_prose;
use std::borrow::Cow;
use xxgk_model::{Report, Span};
use xxgk_read::{Document, LineKind};

/// Lines searched for the title.
const TITLE_LINES: usize = 40;
/// Non-blank lines at the end searched for the printed date.
const DATE_LINES: usize = 6;

pub fn read(doc: &Document, report: &mut Report) {
    read_title(doc, report);
    read_date(doc, report);
    if report.year.is_none() {
        read_year_elsewhere(doc, report);
    }
}

/// Lines at the start searched for the statistical period and `YYYY年度`.
const OPENING_LINES: usize = 80;

/// The year when the title does not state it: from the statistical period
/// (`统计期限为2020年1月1日至2020年12月31日`), else from `2020年度…` in the
/// opening, else from the date printed at the end (a report dated early in a
/// year is on the year before) — each with a finding saying where it came from.
fn read_year_elsewhere(doc: &Document, report: &mut Report) {
    // The statistical period wins over an earlier 「20XX年度」: one pass keeps
    // the first of each.
    let mut opening = None;
    for index in 0..doc.lines.len().min(OPENING_LINES) {
        let Some((text, offsets)) = compact_line(doc, index) else {
            continue;
        };
        if let Some((at, year)) = period_year(&text) {
            let (start, end) = folded_range(&text, &offsets, at, at + 4);
            return set_year(doc, report, year, start, end, YearSource::Period);
        }
        if opening.is_none() {
            opening = year_of_report(&text)
                .map(|(at, year)| (year, folded_range(&text, &offsets, at, at + 4)));
        }
    }
    if let Some((year, (start, end))) = opening {
        return set_year(doc, report, year, start, end, YearSource::Opening);
    }
    let Some(published) = report.published.clone() else {
        return;
    };
    let (Some(year), Some(month)) = (
        published.get(..4).and_then(|y| y.parse::<i32>().ok()),
        published.get(5..7).and_then(|m| m.parse::<u32>().ok()),
    ) else {
        return;
    };
    // Reports are due by the end of January (March for some bodies): a date in
    // the first half of a year is a report on the year before.
    if month <= 6 {
        if let Some(span) = report.metadata_spans.get("published").copied() {
            report.year = Some(year - 1);
            report.metadata_spans.insert("year".into(), span);
            let finding = metadata_inferred::year(year - 1, YearSource::Signature(published), span);
            report.findings.push(finding);
        }
    }
}

fn set_year(
    doc: &Document,
    report: &mut Report,
    year: i32,
    start: usize,
    end: usize,
    source: YearSource,
) {
    let span = doc.span(start, end);
    report.year = Some(year);
    report.metadata_spans.insert("year".into(), span);
    report
        .findings
        .push(metadata_inferred::year(year, source, span));
}

/// The year of a statistical period: `统计期限为2020年1月1日至…`,
/// `统计期限自2019年1月1日起…`, `统计时限…`: where it starts and the year.
fn period_year(text: &str) -> Option<(usize, i32)> {
    let masked = mask_book_titles(text);
    for word in ["统计期限", "统计时限", "统计时间", "统计区间", "统计期间"] {
        let Some(at) = masked.find(word) else {
            continue;
        };
        let rest = &masked[at + word.len()..];
        let window: String = rest.chars().take(8).collect();
        let Some(year_end) = window.find("年") else {
            continue;
        };
        let digits_start = window[..year_end]
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map(|(i, _)| i)?;
        let year_text = &window[digits_start..year_end];
        if year_text.len() == 4 {
            if let Ok(year) = year_text.parse::<i32>() {
                if (2008..=2100).contains(&year) {
                    return Some((at + word.len() + digits_start, year));
                }
            }
        }
    }
    None
}

/// `2020年度` in the opening text (not in 《》, not followed by 报告, which
/// would be a title): where it starts and the year.
fn year_of_report(text: &str) -> Option<(usize, i32)> {
    let masked = mask_book_titles(text);
    let bytes = masked.as_bytes();
    for (i, _) in masked.match_indices("年度") {
        if i < 4 || !bytes[i - 4..i].iter().all(u8::is_ascii_digit) {
            continue;
        }
        if i > 4 && bytes[i - 5].is_ascii_digit() {
            continue;
        }
        let year: i32 = masked[i - 4..i].parse().ok()?;
        if (2008..=2100).contains(&year) {
            return Some((i - 4, year));
        }
    }
    None
}

/// Where each byte of a compact text came from in the folded text: as the
/// stretches between removed whitespace (compact offset, folded offset of its
/// first byte), so that a long line costs no memory per byte; a last entry
/// maps the end of the text.
#[derive(Debug, Default)]
struct Offsets(Vec<(usize, usize)>);

impl Offsets {
    /// The folded offset of compact byte `at`.
    fn at(&self, at: usize) -> usize {
        let index = self.0.partition_point(|&(c, _)| c <= at).saturating_sub(1);
        self.0.get(index).map_or(at, |&(c, f)| f + (at - c))
    }

    /// Maps compact byte `compact` to folded byte `folded`, starting a stretch
    /// unless it continues the last one.
    fn push(&mut self, compact: usize, folded: usize) {
        if self
            .0
            .last()
            .is_some_and(|&(c, f)| f + (compact - c) == folded)
        {
            return;
        }
        self.0.push((compact, folded));
    }

    /// Appends the map of a text that follows `len` compact bytes (this
    /// map's end entry is replaced by the other's stretches).
    fn append(&mut self, len: usize, other: Offsets) {
        self.0.retain(|&(c, _)| c < len);
        for (c, f) in other.0 {
            self.0.push((len + c, f));
        }
    }
}

/// Longest line (characters other than whitespace) read for the date.
const MAX_DATE_LINE_CHARS: usize = 40;

/// Whether a line holds more than `limit` characters other than whitespace,
/// counting no further than that.
fn compact_chars_exceed(doc: &Document, line: &xxgk_read::Line, limit: usize) -> bool {
    let cells = doc.cells(line);
    let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
        return false;
    };
    doc.slice(first.start, last.end)
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(limit)
        .is_some()
}

/// A line's folded text with whitespace removed, and where every compact byte
/// came from.
fn compact_line(doc: &Document, index: usize) -> Option<(String, Offsets)> {
    let line = &doc.lines[index];
    if line.kind != LineKind::Cells {
        return None;
    }
    let cells = doc.cells(line);
    let (start, end) = (cells.first()?.start, cells.last()?.end);
    let line = doc.slice(start, end);
    let mut text = String::with_capacity(line.len());
    let mut offsets = Offsets::default();
    // Copied a stretch between whitespace at a time, not a character at a time.
    let mut stretch = 0;
    let mut copy = |from: usize, to: usize, text: &mut String| {
        if from < to {
            offsets.push(text.len(), start + from);
            text.push_str(&line[from..to]);
        }
    };
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            copy(stretch, i, &mut text);
            stretch = i + c.len_utf8();
        }
    }
    copy(stretch, line.len(), &mut text);
    // The end, kept as an entry of its own so that appending replaces it.
    offsets.0.push((text.len(), end));
    Some((text, offsets))
}

fn read_title(doc: &Document, report: &mut Report) {
    let mut previous: Option<usize> = None;
    for index in 0..doc.lines.len().min(TITLE_LINES) {
        let Some((mut text, mut offsets)) = compact_line(doc, index) else {
            continue;
        };
        // A title wrapped over two lines (`2024年上海市科委政府信息公开工作` /
        // `年度报告`): read it with the line after it.
        if title_year(&text).is_none() && text.chars().count() <= MAX_TITLE_CHARS {
            if let Some((next, next_offsets)) = next_line(doc, index) {
                let joined = format!("{text}{next}");
                if title_year(&joined).is_some_and(|(at, _)| at < text.len()) {
                    offsets.append(text.len(), next_offsets);
                    text = joined;
                }
            }
        }
        if let Some((year_at, year)) = title_year(&text) {
            report.year = Some(year);
            let (start, end) = folded_range(&text, &offsets, year_at, year_at + 4);
            report
                .metadata_spans
                .insert("year".into(), doc.span(start, end));
            let (from, to) = agency_in(&text[..year_at]);
            if to > from {
                let (start, end) = folded_range(&text, &offsets, from, to);
                set_agency(doc, report, start, end);
            } else if let Some((from, to)) = agency_after_year(&text, year_at) {
                let (start, end) = folded_range(&text, &offsets, from, to);
                set_agency(doc, report, start, end);
            } else if let Some((prev, prev_offsets)) = previous.and_then(|p| compact_line(doc, p)) {
                let (from, to) = agency_in(&prev);
                if to > from {
                    let (start, end) = folded_range(&prev, &prev_offsets, from, to);
                    set_agency(doc, report, start, end);
                }
            }
            return;
        }
        if !is_prose(&text) {
            previous = Some(index);
        }
    }
}

/// Longest title line, in characters: longer lines are prose.
const MAX_TITLE_CHARS: usize = 60;

/// The next non-blank line after `index`, compacted.
fn next_line(doc: &Document, index: usize) -> Option<(String, Offsets)> {
    (index + 1..doc.lines.len().min(index + 3)).find_map(|i| compact_line(doc, i))
}

/// The folded range of compact bytes `from..to` (both on character boundaries).
fn folded_range(text: &str, offsets: &Offsets, from: usize, to: usize) -> (usize, usize) {
    let last = text[..to].chars().next_back().map_or(0, char::len_utf8);
    (offsets.at(from), offsets.at(to - last) + last)
}

fn set_agency(doc: &Document, report: &mut Report, start: usize, end: usize) {
    let end = end.max(start);
    let name: String = doc
        .slice(start, end)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if name.chars().count() >= 2 {
        report.agency = Some(name);
        report
            .metadata_spans
            .insert("agency".into(), doc.span(start, end));
    }
}

/// Where the year of a title starts in compact text, and the year: `YYYY年(度)`
/// followed within a few characters by 年度报告 (or 年报), outside 《》.
fn title_year(text: &str) -> Option<(usize, i32)> {
    let masked = mask_book_titles(text);
    let bytes = masked.as_bytes();
    // Where each ending word is printed, found once: the first at or after a
    // `年` is then a binary search (a long line may print many `年`). Found
    // only at the first year printed: most lines print none.
    let starts =
        |word: &str| -> Vec<usize> { masked.match_indices(word).map(|(i, _)| i).collect() };
    let mut ends: Option<[Vec<usize>; 3]> = None;
    let first_from = |list: &[usize], i: usize| -> Option<usize> {
        list.get(list.partition_point(|&p| p < i)).map(|&p| p - i)
    };
    for (i, _) in masked.match_indices('年') {
        if i < 4 || !bytes[i - 4..i].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let [annual, short, plain] =
            ends.get_or_insert_with(|| [starts("年度报告"), starts("年报"), starts("报告")]);
        let after = &masked[i..];
        // 年度报告, 年报, or a title ending in 报告 (`…政府信息公开工作报告`,
        // `…政府信息公开报告`).
        let report_at = first_from(annual, i)
            .filter(|&p| p > 0)
            .or_else(|| first_from(short, i).filter(|&p| p > 0))
            .or_else(|| {
                first_from(plain, i)
                    .filter(|&p| after[..p].ends_with("工作") || after[..p].ends_with("公开"))
            });
        // Within 16 characters (at most 64 bytes: counted only that far).
        let near = report_at.is_some_and(|p| p <= 64 && after[..p].chars().count() <= 16);
        let about_disclosure =
            || after[..report_at.unwrap_or(0)].contains("信息公开") || after.starts_with("年度");
        if near && about_disclosure() {
            let year: i32 = masked[i - 4..i].parse().ok()?;
            if (2008..=2100).contains(&year) {
                return Some((i - 4, year));
            }
        }
    }
    None
}

/// Replaces what is inside 《…》 by spaces of the same byte length (so offsets stay).
/// Most lines quote no title and are returned as they are, not copied.
fn mask_book_titles(text: &str) -> Cow<'_, str> {
    if !text.contains('《') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    // Copied a stretch between brackets at a time, not a character at a time.
    let mut from = 0;
    let copy = |out: &mut String, stretch: &str, masked: bool| {
        if masked {
            out.extend(std::iter::repeat_n(' ', stretch.len()));
        } else {
            out.push_str(stretch);
        }
    };
    for (at, bracket) in text.match_indices(['《', '》']) {
        copy(&mut out, &text[from..at], depth > 0);
        depth = if bracket == "《" {
            depth + 1
        } else {
            depth.saturating_sub(1)
        };
        out.push_str(bracket);
        from = at + bracket.len();
    }
    copy(&mut out, &text[from..], depth > 0);
    Cow::Owned(out)
}

/// The agency printed after the year (`2024年上海市科委政府信息公开工作年度报告`):
/// between `年`/`年度` and the words of the title.
fn agency_after_year(text: &str, year_at: usize) -> Option<(usize, usize)> {
    let after_year = year_at + 4 + '年'.len_utf8();
    let rest = text.get(after_year..)?;
    let skip = if rest.starts_with('度') {
        '度'.len_utf8()
    } else {
        0
    };
    let from = after_year + skip;
    let to = ["政府信息公开", "政务公开", "信息公开"]
        .iter()
        .filter_map(|w| text[from..].find(w))
        .min()?;
    let name = &text[from..from + to];
    (name.chars().count() >= 2 && name.chars().all(is_cjk)).then_some((from, from + to))
}

/// The agency at the end of the text before a title's year: after the last
/// punctuation and after verbs such as 公布/发布.
fn agency_in(before: &str) -> (usize, usize) {
    const CUTS: &[&str] = &[
        "，", ",", "、", "：", ":", "。", "》", "《", "公布", "发布", "印发", "现将", "关于", "(",
        ")", "“", "”",
    ];
    let mut from = 0;
    for cut in CUTS {
        if let Some(i) = before.rfind(cut) {
            from = from.max(i + cut.len());
        }
    }
    let name = &before[from..];
    let trimmed = name.trim_start_matches(|c: char| !is_cjk(c));
    let from = before.len() - trimmed.len();
    let to = before.len()
        - trimmed
            .chars()
            .rev()
            .take_while(|c| !is_cjk(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    (from, to.max(from))
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn read_date(doc: &Document, report: &mut Report) {
    let tail = doc
        .lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| l.kind == LineKind::Cells)
        .take(DATE_LINES);
    for (index, line) in tail {
        // Counted before compacting: the last lines of a crawled page can be a
        // whole table on one line, copied only to be rejected.
        if compact_chars_exceed(doc, line, MAX_DATE_LINE_CHARS) {
            continue;
        }
        let Some((text, offsets)) = compact_line(doc, index) else {
            continue;
        };
        if is_prose(&text) {
            continue;
        }
        if let Some((at, len, date)) = last_date(&text) {
            report.published = Some(date);
            let (start, end) = folded_range(&text, &offsets, at, at + len);
            let span: Span = doc.span(start, end);
            report.metadata_spans.insert("published".into(), span);
            return;
        }
    }
}

/// The last `YYYY年M月D日` (Arabic or Chinese numerals) in the text: its byte
/// offset, byte length and ISO form.
fn last_date(text: &str) -> Option<(usize, usize, String)> {
    let mut found = None;
    for (year_end, _) in text.match_indices('年') {
        let start = year_start(text, year_end)?;
        let Some(year) = numeral(&text[start..year_end]).filter(|y| (2000..=2100).contains(y))
        else {
            continue;
        };
        let rest = &text[year_end + '年'.len_utf8()..];
        let Some((month_text, rest2)) = rest.split_once('月') else {
            continue;
        };
        let Some((day_text, _)) = rest2.split_once('日') else {
            continue;
        };
        let (Some(month), Some(day)) = (numeral(month_text), numeral(day_text)) else {
            continue;
        };
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            let len = year_end - start
                + '年'.len_utf8()
                + month_text.len()
                + '月'.len_utf8()
                + day_text.len()
                + '日'.len_utf8();
            found = Some((start, len, format!("{year:04}-{month:02}-{day:02}")));
        }
    }
    found
}

fn year_start(text: &str, year_end: usize) -> Option<usize> {
    let before = &text[..year_end];
    // A year has four numerals; more digits before it belong to something else
    // (a phone number printed just before the date).
    let digits: usize = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九○Ｏ".contains(*c))
        .take(4)
        .map(char::len_utf8)
        .sum();
    (digits > 0).then(|| year_end - digits)
}

/// `2021`, `二〇二一`, `十二`, `二十六` → the number.
fn numeral(text: &str) -> Option<i32> {
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as i32)
            .or(match c {
                '零' | '○' | 'Ｏ' => Some(0),
                _ => None,
            })
    };
    if !text.contains('十') {
        return text
            .chars()
            .try_fold(0, |acc, c| Some(acc * 10 + digit(c)?));
    }
    let (tens, ones) = text.split_once('十')?;
    let tens = if tens.is_empty() {
        1
    } else {
        digit(tens.chars().next()?)?
    };
    let ones = if ones.is_empty() {
        0
    } else {
        digit(ones.chars().next()?)?
    };
    Some(tens * 10 + ones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_year_skips_book_titles() {
        let text = "为贯彻《渠县人民政府办公室关于做好2019年政府信息公开工作年度报告编制公布工作的通知》要求,特向社会公布渠县宝城镇人民政府2019年政府信息公开工作年度报告。";
        let (at, year) = title_year(text).unwrap();
        assert_eq!(year, 2019);
        let (from, to) = agency_in(&text[..at]);
        assert_eq!(&text[from..to], "渠县宝城镇人民政府");
    }

    #[test]
    fn years_outside_the_title() {
        assert_eq!(
            period_year("报告中所列数据统计期限为2022年1月1日至12月31日。"),
            Some((36, 2022))
        );
        assert_eq!(
            period_year("本年度报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。")
                .map(|p| p.1),
            Some(2019)
        );
        assert_eq!(
            year_of_report("2020年度我街道坚持…").map(|p| p.1),
            Some(2020)
        );
        assert_eq!(year_of_report("《2019年度工作要点》"), None);
        let title = "河北省工业和信息化厅2019年政府信息公开报告";
        let (at, year) = title_year(title).unwrap();
        assert_eq!((year, &title[..at]), (2019, "河北省工业和信息化厅"));
        assert!(title_year("河北省工业和信息化厅2022年度政府信息公开工作报告").is_some());
    }

    #[test]
    fn dates_in_both_numeral_systems() {
        assert_eq!(
            last_date("联系电话:0818-75701912020年1月12日").map(|d| d.2),
            Some("2020-01-12".into())
        );
        assert_eq!(
            last_date("二〇二一年一月二十六日").map(|d| d.2),
            Some("2021-01-26".into())
        );
        assert_eq!(last_date("2021年13月1日"), None);
    }
}

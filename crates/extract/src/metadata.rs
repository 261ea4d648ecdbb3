//! Agency, report year and printed date.
//!
//! The title names the body and the year: 「淮安市洪泽区人民政府 / 2024 年政府信息
//! 公开工作年度报告」, sometimes inside a sentence (「特向社会公布渠县宝城镇人民政府
//! 2019年政府信息公开工作年度报告」) and sometimes with the body on the line before.
//! The date is printed at the end, after the signature.

use crate::scan::is_prose;
use xxgk_model::{Report, Span};
use xxgk_read::{Document, LineKind};

/// Lines searched for the title.
const TITLE_LINES: usize = 40;
/// Non-blank lines at the end searched for the printed date.
const DATE_LINES: usize = 6;

pub fn read(doc: &Document, report: &mut Report) {
    read_title(doc, report);
    read_date(doc, report);
}

/// A line's folded text with whitespace removed, and for every compact byte the
/// folded offset it came from.
fn compact_line(doc: &Document, index: usize) -> Option<(String, Vec<usize>)> {
    let line = &doc.lines[index];
    if line.kind != LineKind::Cells {
        return None;
    }
    let cells = doc.cells(line);
    let (start, end) = (cells.first()?.start, cells.last()?.end);
    let mut text = String::new();
    let mut offsets = Vec::new();
    for (i, c) in doc.slice(start, end).char_indices() {
        if !c.is_whitespace() {
            text.push(c);
            offsets.extend(std::iter::repeat_n(start + i, c.len_utf8()));
        }
    }
    offsets.push(end);
    Some((text, offsets))
}

fn read_title(doc: &Document, report: &mut Report) {
    let mut previous: Option<usize> = None;
    for index in 0..doc.lines.len().min(TITLE_LINES) {
        let Some((text, offsets)) = compact_line(doc, index) else {
            continue;
        };
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

/// The folded range of compact bytes `from..to` (both on character boundaries).
fn folded_range(text: &str, offsets: &[usize], from: usize, to: usize) -> (usize, usize) {
    let last = text[..to].chars().next_back().map_or(0, char::len_utf8);
    (offsets[from], offsets[to - last] + last)
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
    for (i, _) in masked.match_indices('年') {
        if i < 4 || !bytes[i - 4..i].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let after = &masked[i..];
        let report_at = after
            .find("年度报告")
            .filter(|&p| p > 0)
            .or_else(|| after.find("年报").filter(|&p| p > 0));
        let near = report_at.is_some_and(|p| after[..p].chars().count() <= 16);
        let about_disclosure =
            after[..report_at.unwrap_or(0)].contains("信息公开") || after.starts_with("年度");
        if near && about_disclosure {
            let year: i32 = masked[i - 4..i].parse().ok()?;
            if (2008..=2100).contains(&year) {
                return Some((i - 4, year));
            }
        }
    }
    None
}

/// Replaces what is inside 《…》 by spaces of the same byte length (so offsets stay).
fn mask_book_titles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
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
    for (index, _) in tail {
        let Some((text, offsets)) = compact_line(doc, index) else {
            continue;
        };
        if is_prose(&text) || text.chars().count() > 40 {
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

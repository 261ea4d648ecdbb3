//! Tables printed without separators ("flattened").
//!
//! What a web crawler keeps of an HTML table is often one run of labels and
//! digits: `一、本年新收政府信息公开申请数量121010014二、上年结转…0000000三、本年度办理结果（一）予以公开3101005…`,
//! often with the whole report — prose, headings and all three tables — on one
//! line. Nothing separates one cell from the next, and the next row's numbering
//! runs onto the digits (`…政府信息80000082.没有现成信息…` is 8000008, then the
//! label `2.没有现成信息…`).
//!
//! This module finds such lines and cuts them, at the official vocabulary, into
//! lines the scanner reads like any other layout: prose, section headings, label
//! pieces, and value runs on the line of the label they follow. A run of digits
//! is only taken as values when it sits between table vocabulary (a label ends
//! right before it, and a label, a heading, a blank or the end of the text
//! follows it), so `2019年…` in a sentence stays prose. Which digits make which
//! cell is not decided here: the digits stay one run, and the table solver
//! splits them with the table's arithmetic ([`crate::solve`]). An official row
//! label followed directly by another label printed no values at all; its line
//! gets an empty cell so that the row is kept (some sites drop blank cells).

use crate::scan::{is_prose, section_number};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use memchr::memmem::Finder;
use std::borrow::Cow;
use std::sync::OnceLock;
use xxgk_model::labels::{self, Needle, RowDef};
use xxgk_model::TableId;
use xxgk_read::{Cell, Document, LineKind, Separator};

/// Fewest value runs a line must hold between table vocabulary to be read as a
/// flattened table (a sentence with a figure or two never qualifies).
const MIN_RUNS: usize = 3;

/// The document with every flattened line cut into lines, or `None` when no
/// line is flattened.
pub fn unflatten(doc: &Document) -> Option<Document> {
    let mut replace = Vec::new();
    for (index, line) in doc.lines.iter().enumerate() {
        if line.kind != LineKind::Cells || line.grid || line.separator == Separator::Run {
            continue;
        }
        let cells = doc.cells(line);
        if !may_be_flattened(doc.slice(cells[0].start, cells[cells.len() - 1].end)) {
            continue;
        }
        let tokens: Vec<Token> = cells
            .iter()
            .flat_map(|&c| tokenize(doc.text(c), c.start))
            .collect();
        // Only values run onto a label count: a row of separate value cells is
        // an ordinary table line.
        let runs = tokens
            .iter()
            .filter(|t| t.kind == Kind::Values && !cells.iter().any(|c| c.start == t.start))
            .count();
        if runs >= MIN_RUNS {
            replace.push((index, lines_of(doc, &tokens)));
        }
    }
    (!replace.is_empty()).then(|| doc.split_lines(&replace))
}

/// A cheap first look: a flattened table's line holds words of a table
/// header and at least [`MIN_RUNS`] places where digits follow a Chinese
/// character directly.
fn may_be_flattened(text: &str) -> bool {
    const HEADER_WORDS: [&str; 5] = ["申请数量", "第二十条", "结果维持", "总计", "信息内容"];
    // Searchers built once: this runs on every text line, and a string
    // search set up its searcher for every word of every line.
    static HEADER: OnceLock<[Finder<'static>; 5]> = OnceLock::new();
    let header = HEADER.get_or_init(|| HEADER_WORDS.map(Finder::new));
    if !header.iter().any(|w| w.find(text.as_bytes()).is_some()) {
        return false;
    }
    let mut runs = 0;
    let mut previous_wide = false;
    for c in text.chars() {
        if c.is_ascii_digit() && previous_wide {
            runs += 1;
            if runs >= MIN_RUNS {
                return true;
            }
        }
        previous_wide = !c.is_ascii();
    }
    false
}

/// What a piece of a flattened line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Prose,
    Heading,
    Label,
    Values,
}

/// A piece of a flattened line: a range of the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// The lines a flattened line becomes: one per token, except that a value run
/// joins the label before it, and an official row label that printed no values
/// gets an empty cell.
fn lines_of(doc: &Document, tokens: &[Token]) -> Vec<Vec<Cell>> {
    let cell = |t: &Token| Cell {
        start: t.start,
        end: t.end,
    };
    let mut lines: Vec<Vec<Cell>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let next = tokens.get(i + 1);
        match token.kind {
            Kind::Label if next.is_some_and(|n| n.kind == Kind::Values) => {
                lines.push(vec![cell(token), cell(&tokens[i + 1])]);
                i += 2;
                continue;
            }
            Kind::Label => {
                let text = doc.slice(token.start, token.end);
                // A group label such as （六）其他处理 followed by its numbered
                // sub-rows is a heading there, not a row that printed nothing.
                let sub_rows_follow = numbering_len(text) == 0
                    && next.is_some_and(|n| {
                        n.kind == Kind::Label && numbering_len(doc.slice(n.start, n.end)) > 0
                    });
                if names_a_row(text) && !sub_rows_follow {
                    let empty = Cell {
                        start: token.end,
                        end: token.end,
                    };
                    lines.push(vec![cell(token), empty]);
                } else {
                    lines.push(vec![cell(token)]);
                }
            }
            _ => lines.push(vec![cell(token)]),
        }
        i += 1;
    }
    lines
}

/// Cuts one cell's text (at folded offset `base`) into tokens.
fn tokenize(text: &str, base: usize) -> Vec<Token> {
    let vocabulary = Vocabulary::get();
    let starts = vocabulary.starts(text);
    let mut tokens = Vec::new();
    let mut from = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    // A value run starts with a sign or a digit: the characters between are
    // skipped by byte search rather than tried one by one.
    while let Some(skip) = bytes[at..].iter().position(|b| starts_number(*b)) {
        at += skip;
        let Some(run) = value_run(text, at) else {
            at += 1;
            continue;
        };
        let (start, mut end) = run;
        // `…80000082.没有现成…`: the last digit numbers the next label.
        if numbering_len(&text[end - 1..]) > 0 && end - start > 1 {
            end -= 1;
        } else if numbering_len(&text[end - 1..]) > 0 {
            at = end;
            continue;
        }
        let unit_end = end + unit_len(&text[end..]);
        let preceded = start == 0 || ends_before(text, start, vocabulary);
        let followed = unit_end == text.len()
            || bytes[unit_end].is_ascii_whitespace()
            || starts.binary_search(&unit_end).is_ok()
            || numbering_len(&text[unit_end..]) > 0;
        if preceded && followed {
            label_tokens(text, base, from, start, &starts, &mut tokens);
            tokens.push(Token {
                kind: Kind::Values,
                start: base + start,
                end: base + unit_end,
            });
            from = unit_end;
        }
        at = unit_end.max(start + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }
    label_tokens(text, base, from, text.len(), &starts, &mut tokens);
    tokens
}

/// Whether table vocabulary ends right before `at` (closing quotes and brackets
/// of the label may come between).
fn ends_before(text: &str, mut at: usize, vocabulary: &Vocabulary) -> bool {
    loop {
        if vocabulary.ends_at(text, at) {
            return true;
        }
        match text[..at].chars().next_back() {
            Some(c @ ('”' | '"' | ')' | '’' | '」')) => at -= c.len_utf8(),
            _ => return false,
        }
    }
}

/// The text between value runs: prose up to its last full stop, then label
/// pieces cut where a label starts, with section headings taken out.
fn label_tokens(
    text: &str,
    base: usize,
    from: usize,
    to: usize,
    starts: &[usize],
    out: &mut Vec<Token>,
) {
    let mut push = |kind: Kind, start: usize, end: usize| {
        let (start, end) = trim(text, start, end);
        if start < end {
            out.push(Token {
                kind,
                start: base + start,
                end: base + end,
            });
        }
    };
    // The pieces run from `from` to `to`, cut where a label starts between.
    let first = starts.partition_point(|&at| at <= from);
    let cuts = &starts[first..starts.partition_point(|&at| at < to).max(first)];
    let piece_starts = std::iter::once(from).chain(cuts.iter().copied());
    let piece_ends = cuts.iter().copied().chain(std::iter::once(to));
    for (start, end) in piece_starts.zip(piece_ends) {
        let piece = &text[start..end];
        if let Some(heading_len) = heading_len(piece) {
            push(Kind::Heading, start, start + heading_len);
            let rest = start + heading_len;
            let kind = if is_prose(&text[rest..end]) {
                Kind::Prose
            } else {
                Kind::Label
            };
            push(kind, rest, end);
            continue;
        }
        // Prose runs up to its last full stop; what follows may be a label.
        match piece.rfind('。') {
            Some(stop) => {
                let stop = stop + '。'.len_utf8();
                push(Kind::Prose, start, start + stop);
                push(Kind::Label, start + stop, end);
            }
            None if is_prose(piece) => push(Kind::Prose, start, end),
            None => push(Kind::Label, start, end),
        }
    }
}

fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end {
        match text[start..end].chars().next() {
            Some(c) if c.is_whitespace() => start += c.len_utf8(),
            _ => break,
        }
    }
    while end > start {
        match text[start..end].chars().next_back() {
            Some(c) if c.is_whitespace() => end -= c.len_utf8(),
            _ => break,
        }
    }
    (start, end)
}

/// The length of the section heading `piece` starts with (`四、政府信息公开行政
/// 复议、行政诉讼情况` out of `四、政府信息公开行政复议、行政诉讼情况2019年…`).
fn heading_len(piece: &str) -> Option<usize> {
    let mut chars = piece.char_indices();
    let (_, first) = chars.next()?;
    if !matches!(first, '一' | '二' | '三' | '四' | '五' | '六')
        || chars.next().map(|(_, c)| c) != Some('、')
    {
        return None;
    }
    // The shortest prefix that holds the section's words is the heading; the
    // usual trailing 情况/事项 belongs to it too.
    let mut end = shortest_heading(piece)?;
    for tail in ["及改进情况", "及改进措施", "情况", "的事项", "事项"] {
        if piece[end..].starts_with(tail) {
            end += tail.len();
            break;
        }
    }
    Some(end)
}

/// The end of the shortest prefix of `piece` (which starts `一、`…`六、`), of
/// up to 42 characters, that [`section_number`] takes for a heading.
///
/// A longer prefix holds the words of a shorter one, so the prefixes are
/// taken up to the one that is not a heading only because it is longer than
/// a heading may be, and bisected: asking at every length was quadratic, and
/// cost more than a million instructions over the benchmark documents.
fn shortest_heading(piece: &str) -> Option<usize> {
    /// Most characters other than whitespace that [`section_number`] reads.
    const MAX_HEADING_CHARS: usize = 40;
    let mut ends = [0; MAX_HEADING_CHARS];
    let mut count = 0;
    let mut non_space = 2;
    for (i, c) in piece.char_indices().skip(2).take(MAX_HEADING_CHARS) {
        non_space += usize::from(!c.is_whitespace());
        if non_space > MAX_HEADING_CHARS {
            break;
        }
        ends[count] = i + c.len_utf8();
        count += 1;
    }
    let ends = &ends[..count];
    let is_heading = |end: &usize| section_number(&piece[..*end]).is_some();
    if !ends.last().is_some_and(is_heading) {
        return None;
    }
    Some(ends[ends.partition_point(|end| !is_heading(end))])
}

/// A run of value text at `at`: signed numbers, possibly several run together
/// or separated by single spaces (`97+82179`, `0 0 5`). Returns its range.
fn value_run(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let number_at = |i: usize| -> Option<usize> {
        let mut j = i;
        if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
            j += 1;
        }
        let digits = bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        j += digits;
        if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
            j += 1 + bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
        }
        Some(j)
    };
    if at > 0 && (bytes[at - 1].is_ascii_digit() || bytes[at - 1] == b'.') {
        return None;
    }
    let mut end = number_at(at)?;
    loop {
        if let Some(next) = number_at(end) {
            end = next;
        } else if end + 1 < bytes.len() && bytes[end] == b' ' {
            match number_at(end + 1) {
                Some(next) => end = next,
                None => break,
            }
        } else {
            break;
        }
    }
    Some((at, end))
}

/// Whether a number of a value run may start with this byte.
fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || matches!(byte, b'+' | b'-')
}

/// `万元`, `元` or `%` right after a run.
fn unit_len(text: &str) -> usize {
    ["万元", "元", "%"]
        .iter()
        .find(|u| text.starts_with(*u))
        .map_or(0, |u| u.len())
}

/// The length of a row number such as `2.` or `3、` that `text` starts with,
/// when a label follows it.
fn numbering_len(text: &str) -> usize {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(d), Some('.' | '、'), Some(c))
            if d.is_ascii_digit() && !c.is_ascii_digit() && !c.is_whitespace() =>
        {
            2
        }
        _ => 0,
    }
}

/// Whether a label names an official row of table 2 or 3 exactly (not only a
/// group or a header).
fn names_a_row(label: &str) -> bool {
    // Most labels hold no whitespace: those are not copied.
    let compact: Cow<str> = if label.chars().any(char::is_whitespace) {
        Cow::Owned(label.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(label)
    };
    [TableId::Requests, TableId::Active]
        .into_iter()
        .any(|kind| crate::scan::names_a_row(kind, &compact))
}

/// Whether a compact label fragment starts a label of its own: a row or
/// section number (`三、`, `（二）`, `2.`) or a 第二十条 heading.
pub fn starts_label(compact: &str) -> bool {
    compact
        .chars()
        .next()
        .is_some_and(|c| enumerator_at(compact, 0, c))
        || compact.starts_with("第二十条")
}

/// Most bytes a word of the vocabulary may have.
const LONGEST_WORD: usize = 128;

/// The words of the official tables, compiled once: what may end right before a
/// value run, and what starts a new label.
struct Vocabulary {
    /// Every label, column label and needle (folded), each byte-reversed: a
    /// word ends at an offset when its reversal starts there in the reversed
    /// text. Asked only where a value run starts, which is far cheaper than
    /// finding every word of a long line overlapping.
    reversed_words: AhoCorasick,
    /// The longest word, in bytes.
    longest_word: usize,
    /// The labels that start a new label where they occur, found leftmost-longest
    /// (so 规范性文件 inside 行政规范性文件 starts nothing).
    starts: AhoCorasick,
}

impl Vocabulary {
    fn get() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(Vocabulary::build)
    }

    fn build() -> Vocabulary {
        let words = Vocabulary::words();
        // DFAs: built once, and searched on every character of every line
        // that may be a flattened table.
        let reversed_words = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostFirst)
            .start_kind(StartKind::Anchored)
            .build(
                words
                    .iter()
                    .map(|(w, _)| w.bytes().rev().collect::<Vec<u8>>()),
            )
            .expect("vocabulary words are plain strings");
        // A longer word could never be found to end anywhere; a test holds
        // the vocabulary to the limit.
        let longest_word = words
            .iter()
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0)
            .min(LONGEST_WORD);
        let starts = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(words.iter().filter(|(_, s)| *s).map(|(w, _)| w.as_str()))
            .expect("vocabulary words are plain strings");
        Vocabulary {
            reversed_words,
            longest_word,
            starts,
        }
    }

    /// Every word (folded), and whether it starts a label where it occurs.
    fn words() -> Vec<(String, bool)> {
        let folded = |s: &str| -> String {
            xxgk_read::fold(s)
                .text
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        let mut words: Vec<(String, bool)> = Vec::new();
        let row_lists: [(&[RowDef], bool); 4] = [
            (labels::REQUEST_ROWS, true),
            (labels::ACTIVE_2019_ROWS, true),
            (labels::ACTIVE_2021_ROWS, true),
            (labels::APPEAL_ROWS, false),
        ];
        for (defs, starts) in row_lists {
            for def in defs {
                // Table 4's rows print as 行政诉讼 · …: the group and the
                // row's own label are each a word.
                if let Some(group) = def.parent.filter(|g| g.in_member_labels) {
                    words.push((folded(group.label), starts));
                    words.push((folded(def.own_label), starts));
                } else {
                    words.push((folded(def.label), starts));
                }
                for needle in def.needles {
                    let (Needle::Contains(n) | Needle::EndsWith(n)) = *needle;
                    words.push((n.to_string(), false));
                }
            }
        }
        let column_lists: [&[labels::ColumnDef]; 4] = [
            labels::ACTIVE_2019_COLUMNS,
            labels::ACTIVE_2021_COLUMNS,
            labels::APPLICANT_COLUMNS,
            labels::APPEAL_COLUMNS,
        ];
        for def in column_lists.iter().flat_map(|l| l.iter()) {
            words.push((folded(def.label), false));
        }
        for variant in labels::KNOWN_VARIANTS {
            words.push((folded(variant.printed), false));
        }
        for section in labels::SECTIONS {
            words.push((folded(section.title), false));
        }
        words.push((folded(labels::REQUESTS_IDENTITY_NOTE), true));
        words.push(("第二十条".into(), true));
        words.push((labels::INFO_CONTENT.into(), false));
        words.retain(|(w, _)| !w.is_empty());
        words
    }

    /// The byte offsets of `text` where a label starts, in order. A list of
    /// the few offsets rather than a flag for every byte: a long line has
    /// thousands of bytes and a few dozen labels.
    fn starts(&self, text: &str) -> Vec<usize> {
        let mut starts: Vec<usize> = self.starts.find_iter(text).map(|hit| hit.start()).collect();
        starts.extend(
            enumerator_candidates(text)
                .filter(|&(i, c)| enumerator_at(text, i, c))
                .map(|(i, _)| i),
        );
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// Whether a word of the vocabulary ends at byte offset `at` of `text`.
    fn ends_at(&self, text: &str, at: usize) -> bool {
        // Reversed on the stack: this runs at every value run of a long line.
        let mut buffer = [0u8; LONGEST_WORD];
        let window = &text.as_bytes()[at.saturating_sub(self.longest_word)..at];
        for (to, &byte) in buffer.iter_mut().zip(window.iter().rev()) {
            *to = byte;
        }
        let reversed = &buffer[..window.len()];
        self.reversed_words
            .find(Input::new(reversed).anchored(Anchored::Yes))
            .is_some()
    }
}

/// The characters (offset and character) where [`enumerator_at`] may hold:
/// an opening `(`, and the character before a `、` or `.`. Found by byte
/// search rather than by asking at every character, which cost about a
/// million instructions over the benchmark documents' long lines.
fn enumerator_candidates(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .map(|c| (at - c.len_utf8(), c))
    };
    // `memchr` rather than `str::match_indices`: the character search looks
    // for the last byte of `、`, a continuation byte common in Chinese text.
    let bytes = text.as_bytes();
    let opening = memchr::memchr_iter(b'(', bytes).map(|at| (at, '('));
    let numbered = memchr::memmem::find_iter(bytes, "、")
        .chain(memchr::memchr_iter(b'.', bytes))
        .filter_map(before);
    opening.chain(numbered)
}

/// Whether a row or section number starts at `i`: `三、`, `(二)` (not in
/// `第二十条第(一)项`), `2.` before a label.
fn enumerator_at(text: &str, i: usize, c: char) -> bool {
    // A match, not a search of a string of numerals: this runs for every
    // character of every line that may be a flattened table.
    let numeral = |c: char| {
        matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    };
    let rest = &text[i + c.len_utf8()..];
    if numeral(c) {
        return rest.starts_with('、') && !text[..i].ends_with(numeral);
    }
    if c == '(' {
        let mut chars = rest.chars();
        return matches!((chars.next(), chars.next()), (Some(n), Some(')')) if numeral(n))
            && !text[..i].ends_with('第');
    }
    c.is_ascii_digit()
        && numbering_len(&text[i..]) > 0
        && !text[..i].ends_with(|p: char| p.is_ascii_digit() || p == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokenize(text, 0)
            .into_iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn numbering_runs_onto_values() {
        let text = "(四)无法提供1.本机关不掌握相关政府信息80000082.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000";
        let values: Vec<&str> = kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Values)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(values, ["8000008", "0000000", "0000000"]);
    }

    #[test]
    fn figures_in_sentences_stay_prose() {
        let text = "四、政府信息公开行政复议、行政诉讼情况2019年河北省工业和信息化厅未发生涉及政府信息公开的行政复议、行政诉讼案件。五、存在的主要问题及改进情况虽然我厅取得了一定成效。";
        assert_eq!(
            kinds(text),
            [
                (Kind::Heading, "四、政府信息公开行政复议、行政诉讼情况"),
                (
                    Kind::Prose,
                    "2019年河北省工业和信息化厅未发生涉及政府信息公开的行政复议、行政诉讼案件。"
                ),
                (Kind::Heading, "五、存在的主要问题及改进情况"),
                (Kind::Prose, "虽然我厅取得了一定成效。"),
            ]
        );
    }

    #[test]
    fn table_two_rows_and_units() {
        let text = "第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费650.6 三、收到";
        let values: Vec<&str> = kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Values)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(values, ["650.6"]);
        let text = "政府集中采购225253.168万元三、收到和处理政府信息公开申请情况";
        assert!(kinds(text).contains(&(Kind::Values, "225253.168万元")));
    }

    #[test]
    fn every_word_fits_the_reversed_window() {
        let longest = Vocabulary::words()
            .iter()
            .map(|(w, _)| (w.len(), w.clone()))
            .max()
            .expect("a vocabulary");
        assert!(longest.0 <= LONGEST_WORD, "{longest:?}");
    }

    #[test]
    fn a_word_ends_where_its_last_byte_is() {
        let vocabulary = Vocabulary::get();
        let text = "（一）予以公开31。";
        let end = text.find('3').expect("a digit");
        assert!(vocabulary.ends_at(text, end));
        assert!(!vocabulary.ends_at(text, end - '开'.len_utf8()));
        assert!(!vocabulary.ends_at(text, text.len()));
        assert!(!vocabulary.ends_at(text, 0));
    }
}

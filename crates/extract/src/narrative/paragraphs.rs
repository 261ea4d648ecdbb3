//! Prose lines joined into paragraphs across line breaks, and paragraphs cut
//! into sentences.

use super::numbers::chinese_digit;
use super::words::word_list;
use crate::scan::Scan;
use std::ops::Range;
use xxgk_read::{Document, LineKind};

/// Prose lines longer than this (bytes) are not read: no real paragraph line is,
/// and the reader keeps a byte map per paragraph.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// A paragraph is cut after this many bytes, to bound the memory it takes.
const MAX_PARAGRAPH_BYTES: usize = 256 * 1024;
/// Sentences longer than this (characters) are not read: real sentences with
/// figures are a few hundred characters, and reading is quadratic in the worst
/// case (a negation scans to its clause end).
pub(super) const MAX_SENTENCE_CHARS: usize = 1000;

/// Sentence ends. Full-width ！？； are folded to ASCII.
const SENTENCE_ENDS: &[char] = &['。', '!', '?', ';', '！', '？', '；'];
/// [`SENTENCE_ENDS`] as words, to find them with [`word_list`].
const SENTENCE_END_WORDS: &[&str] = &["。", "!", "?", ";", "！", "？", "；"];

/// Prose joined across line breaks, with the folded offset of every byte.
#[derive(Debug, Default)]
pub(super) struct Paragraph {
    pub(super) text: String,
    /// `origin[i]`: the folded offset of byte `i` of `text` (folded offsets
    /// are `u32` in the reader too).
    pub(super) origin: Vec<u32>,
    /// The folded range of each line, to quote a sentence as printed.
    pub(super) lines: Vec<(usize, usize)>,
    /// Whitespace or a line break since the last byte pushed.
    pub(super) gap: bool,
    /// Where the last line pushed starts in `text`.
    pub(super) last_line: usize,
}

impl Paragraph {
    /// Appends a line's folded text, dropping whitespace (PDF layers space out
    /// CJK text) except one space between two ASCII letters or digits, so that
    /// numbers on either side of a break never run together.
    /// A full-width comma (folded to `,`) is kept as `，`, so that `3，119` reads
    /// as two numbers and only `3,119` as one.
    fn push_line(&mut self, doc: &Document, text: &str, start: usize) {
        self.lines.push((start, start + text.len()));
        self.last_line = self.text.len();
        self.gap = true;
        let mut at = 0;
        while at < text.len() {
            // Runs of plain characters are copied whole: pushing character by
            // character was most of the cost of joining paragraphs.
            let plain = plain_run(&text[at..]);
            if plain > 0 {
                self.push_run(text, at..at + plain, start);
                at += plain;
                continue;
            }
            let c = text[at..].chars().next().expect("at < len");
            let next = at + c.len_utf8();
            if c.is_whitespace() {
                self.gap = true;
            } else if c == ',' && doc.original_of(start + at, start + next) != "," {
                self.space_if_needed(b',', start + at);
                self.text.push('，');
                self.origin.extend([(start + at) as u32; 3]);
            } else {
                self.push_run(text, at..next, start);
            }
            at = next;
        }
    }

    /// Appends `range` of the line `text` (which starts at folded offset
    /// `start`): characters that are neither whitespace nor `,`.
    fn push_run(&mut self, text: &str, range: Range<usize>, start: usize) {
        self.space_if_needed(text.as_bytes()[range.start], start + range.start);
        self.text.push_str(&text[range.clone()]);
        self.origin
            .extend((start + range.start..start + range.end).map(|o| o as u32));
    }

    /// Before a character starting with byte `first` at folded offset `at`:
    /// one space when whitespace separates two ASCII letters or digits (a
    /// byte of a multibyte character is never ASCII). Clears the gap.
    fn space_if_needed(&mut self, first: u8, at: usize) {
        let last = self.text.as_bytes().last();
        if self.gap
            && first.is_ascii_alphanumeric()
            && last.is_some_and(|l| l.is_ascii_alphanumeric())
        {
            self.text.push(' ');
            self.origin.push(at as u32);
        }
        self.gap = false;
    }

    /// Empties the paragraph, keeping its buffers for the next one (a
    /// document has hundreds of paragraphs).
    fn clear(&mut self) {
        self.text.clear();
        self.origin.clear();
        self.lines.clear();
        self.gap = false;
        self.last_line = 0;
    }

    /// The folded range of `range` of the text.
    pub(super) fn folded(&self, range: Range<usize>) -> (usize, usize) {
        (
            self.origin[range.start] as usize,
            self.origin[range.end - 1] as usize + 1,
        )
    }

    /// True when the paragraph is one heading-like line — short (（二）依申请公开)
    /// or the title (…年度报告) — ending without punctuation: the next line
    /// starts a new paragraph.
    fn is_heading(&self) -> bool {
        let last = &self.text[self.last_line..];
        self.lines.len() == 1
            && (last.chars().count() <= 20 || last.contains("年度报告"))
            && !last.ends_with([',', '、', ';', '，', '；', '(', '（', '“'])
    }

    fn ends_sentence(&self) -> bool {
        self.text.ends_with(SENTENCE_ENDS) || self.text.ends_with([':', '：'])
    }
}

/// The length of the start of `text` that holds neither whitespace nor `,`,
/// and so needs no handling of its own.
///
/// Only a few bytes can start those: ASCII whitespace and `,`, and the first
/// bytes of non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000 start with C2, E1, E2 or E3). The text is read eight bytes at a
/// time while none of them is such a byte; where one is, its character decides.
/// Chinese punctuation (。、“”) starts with E2 or E3 too and does not end the
/// run: copying it on its own cost more than the rest of the joining.
fn plain_run(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if may_stop_run(word) {
                break;
            }
            at += 8;
        }
        let Some(found) = bytes[at..].iter().position(|&b| may_stop_run_byte(b)) else {
            return bytes.len();
        };
        at += found;
        // `at` is at a character boundary: the bytes looked for are ASCII or
        // lead bytes, never continuation bytes.
        let c = text[at..].chars().next().expect("a byte was found");
        if c.is_whitespace() || c == ',' {
            return at;
        }
        at += c.len_utf8();
    }
}

/// True for the bytes [`plain_run`] looks at the character of: below 0x21
/// (ASCII whitespace and other control bytes), `,`, C2 and E0–E3 (a superset of
/// the first bytes of non-ASCII whitespace).
fn may_stop_run_byte(b: u8) -> bool {
    b <= b' ' || b == b',' || b == 0xC2 || (0xE0..=0xE3).contains(&b)
}

/// True when some byte of `word` is one [`may_stop_run_byte`] is true for.
fn may_stop_run(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Some byte of `w` is below `n` (at most 0x80) exactly when a high bit of
    // (w − n·ONES) & !w is set: a borrow runs into the high bit of such a byte
    // only. The four tests are or-ed without branches.
    let below = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w;
    let found = below(word, 0x21)
        | below(word ^ (u64::from(b',') * ONES), 1)
        | below(word ^ (0xC2 * ONES), 1)
        | below(word ^ (0xE0 * ONES), 4);
    found & (0x80 * ONES) != 0
}

/// The prose of the document in paragraphs. A paragraph ends at a table row, a
/// section heading, a line that ends a sentence, a heading-like line, a line
/// printed out of its order on the page (which is left out); a new one starts
/// at an indented line or a list marker (（一）, 1.). Blank lines and page
/// numbers do not end one: PDF layers put them inside paragraphs at page breaks.
/// Each paragraph is handed to `read` as soon as it ends.
pub(super) fn paragraphs(doc: &Document, scan: &Scan, mut read: impl FnMut(&Paragraph)) {
    // Headings and table lines are in line order: each line is looked up by
    // binary search (a document of headings only must not cost quadratic time).
    let is_heading = |index: usize| {
        scan.headings
            .binary_search_by_key(&index, |h| h.line)
            .is_ok()
    };
    let mut current = Paragraph::default();
    let mut prefixes = LinePrefixes::default();
    let mut flush = |current: &mut Paragraph| {
        if !current.text.is_empty() {
            read(current);
        }
        current.clear();
    };
    for (index, line) in doc.lines.iter().enumerate() {
        let cells = doc.cells(line);
        let tabular = scan.table_lines.binary_search(&index).is_ok();
        // A line printed out of order may pair a number with the wrong words:
        // it ends the paragraph and is not read.
        let unordered = doc.is_out_of_order(line);
        if line.kind == LineKind::LonePipe || tabular || is_heading(index) || unordered {
            flush(&mut current);
            continue;
        }
        if line.kind != LineKind::Cells || cells.is_empty() {
            continue;
        }
        let (start, end) = (cells[0].start, cells[cells.len() - 1].end);
        if end - start > MAX_LINE_BYTES {
            flush(&mut current);
            continue;
        }
        let text = doc.slice(start, end);
        let (indent, markdown) = prefixes.of(doc.folded_text(), start);
        let starts = indent >= 2 || markdown || starts_with_list_marker(text);
        let full = current.text.len() > MAX_PARAGRAPH_BYTES;
        if starts || full || current.ends_sentence() || current.is_heading() {
            flush(&mut current);
        }
        current.push_line(doc, text, start);
        if markdown {
            flush(&mut current);
        }
    }
    flush(&mut current);
}

/// The whitespace before a line's first cell (its indentation) and whether a
/// markdown heading mark was stripped there, for lines met in text order.
///
/// The text before a first cell runs back to the last line break, and some
/// documents (crawled pages read as one long line) put thousands of bytes there,
/// read again for each of their cells' lines. So the start of the current
/// text line and whether `#` was seen since are kept, and only the text since
/// the previous first cell is read.
#[derive(Debug, Default)]
struct LinePrefixes {
    /// Where the text line of the last first cell starts.
    line_start: usize,
    /// The last first cell asked about: the text before it is read.
    read_to: usize,
    /// A `#` stands between `line_start` and `read_to`.
    markdown: bool,
}

impl LinePrefixes {
    /// The indentation and markdown mark before the first cell at `first_cell`
    /// of `folded`.
    fn of(&mut self, folded: &str, first_cell: usize) -> (usize, bool) {
        if first_cell < self.read_to {
            // Out of order (never in practice): read from the start again.
            *self = Self::default();
        }
        let new = &folded[self.read_to..first_cell];
        match new.rfind('\n') {
            Some(i) => {
                self.line_start = self.read_to + i + 1;
                self.markdown = new[i + 1..].contains('#');
            }
            None => self.markdown |= new.contains('#'),
        }
        self.read_to = first_cell;
        let indent = folded.as_bytes()[self.line_start..first_cell]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        (indent, self.markdown)
    }
}

/// （一） (1) 一、 1、 1. ① at the start of a line.
fn starts_with_list_marker(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if ('①'..='⑳').contains(&first) {
        return true;
    }
    if first == '(' || first == '（' {
        let inner: String = chars
            .by_ref()
            .take_while(|c| *c != ')' && *c != '）')
            .collect();
        return (1..=3).contains(&inner.chars().count())
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || chinese_digit(c).is_some());
    }
    let numeral: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || chinese_digit(*c).is_some() || *c == '十')
        .collect();
    if numeral.is_empty() || numeral.chars().count() > 3 {
        return false;
    }
    let mut rest = text[numeral.len()..].chars();
    match rest.next() {
        Some('、') => true,
        Some('.') | Some(')') => {
            numeral.chars().all(|c| c.is_ascii_digit())
                && rest.next().is_some_and(|c| !c.is_ascii_digit())
        }
        _ => false,
    }
}

/// The sentences of a paragraph's text, without their end marks.
pub(super) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // One automaton finds the end marks: decoding every character and
    // comparing it with each mark cost more than reading most sentences.
    for mark in word_list(SENTENCE_END_WORDS).find_iter(text) {
        if mark.start() > start {
            out.push(start..mark.start());
        }
        start = mark.end();
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_semicolons_not_at_commas() {
        let text = "收到申请 3 件,答复 2 件。行政复议 1 件;行政诉讼 0 件!其他";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            [
                "收到申请 3 件,答复 2 件",
                "行政复议 1 件",
                "行政诉讼 0 件",
                "其他"
            ]
        );
        assert!(sentences("。。").is_empty());
    }

    #[test]
    fn sentence_end_words_are_the_sentence_end_characters() {
        let words: Vec<String> = SENTENCE_ENDS.iter().map(char::to_string).collect();
        assert_eq!(words, SENTENCE_END_WORDS);
    }

    #[test]
    fn eight_bytes_may_stop_a_run_when_one_of_them_may() {
        let mut words: Vec<[u8; 8]> = Vec::new();
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', 0x80, 0xE4, 0xFF, 0x21] {
                    let mut word = [fill; 8];
                    word[at] = b;
                    words.push(word);
                }
            }
        }
        words.push(*b"\xE4\xB8\x80\xE3\x80\x82ab");
        // And many mixed words (xorshift).
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words.push(state.to_le_bytes());
        }
        for word in words {
            let expected = word.iter().any(|&b| may_stop_run_byte(b));
            assert_eq!(
                may_stop_run(u64::from_le_bytes(word)),
                expected,
                "{word:x?}"
            );
        }
    }

    #[test]
    fn plain_runs_end_at_whitespace_and_commas_only() {
        let text = "答复“公开”。、收到\u{3000}申请 12,34\u{00A0}件\u{2003}";
        let mut at = 0;
        let mut runs = Vec::new();
        while at < text.len() {
            let run = plain_run(&text[at..]);
            runs.push(&text[at..at + run]);
            at += run + text[at + run..].chars().next().map_or(0, char::len_utf8);
        }
        assert_eq!(runs, ["答复“公开”。、收到", "申请", "12", "34", "件"]);
    }

    #[test]
    fn line_prefixes_read_incrementally_match_reading_back_to_the_line_break() {
        let folded = "## 标题\n  第一格  第二格 # 第三格\n\t\t第四格";
        let naive = |cell: usize| {
            let start = folded[..cell].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &folded[start..cell];
            let indent = prefix.chars().take_while(|c| *c == ' ' || *c == '\t');
            (indent.count(), prefix.contains('#'))
        };
        let cells: Vec<usize> = ["标题", "第一格", "第二格", "第三格", "第四格"]
            .iter()
            .map(|w| folded.find(w).unwrap())
            .collect();
        let mut prefixes = LinePrefixes::default();
        for &cell in cells.iter().chain(&cells[1..3]) {
            assert_eq!(prefixes.of(folded, cell), naive(cell), "{cell}");
        }
    }

    fn paragraph_texts(text: &str) -> Vec<String> {
        let doc = Document::from_text(text.to_string());
        let scan = crate::scan::scan(&doc, |_| {});
        let mut out = Vec::new();
        paragraphs(&doc, &scan, |p| out.push(p.text.clone()));
        out
    }

    #[test]
    fn wrapped_lines_join_into_one_paragraph_and_indents_start_new_ones() {
        let text = "   （二）依申请公开情况。2024 年，全市共受理政府\n信息公开申请 3119 件，答\n\n      -2-\n复 3050 件。\n   （三）管理情况。";
        assert_eq!(
            paragraph_texts(text),
            [
                "(二)依申请公开情况。2024年，全市共受理政府信息公开申请3119件，答复3050件。",
                "(三)管理情况。"
            ]
        );
    }

    #[test]
    fn any_whitespace_is_dropped_but_parts_digits_and_full_width_commas_stay() {
        let text = "收到申请 12\u{3000}34 件，其中\u{00A0}3,119 条\u{2003}x\u{0B}y";
        assert_eq!(paragraph_texts(text), ["收到申请12 34件，其中3,119条x y"]);
    }

    #[test]
    fn headings_and_finished_sentences_end_paragraphs() {
        let text = "某县2024年政府信息公开工作年度报告\n(二) 依申请公开\n2020年，收到申请 3 个。\n第二段的第一行比二十个字更长一些，第一行的最后是数字 12\n34 件";
        assert_eq!(
            paragraph_texts(text),
            [
                "某县2024年政府信息公开工作年度报告",
                "(二)依申请公开",
                "2020年，收到申请3个。",
                "第二段的第一行比二十个字更长一些，第一行的最后是数字12 34件"
            ]
        );
    }
}

//! Folding: the text the extractor matches against, with a byte map back to the
//! original so that every span still points at what the document printed.
//!
//! Folding is character-level: traditional → simplified, full-width ASCII → ASCII,
//! odd spaces → space; and it drops noise: pinyin inserted after characters
//! (`國(guó)`), HTML tags and entities left by copy-paste (`</span>`, `&nbsp;`),
//! markdown emphasis (`**`). Line-level noise (page numbers, rules, heading marks)
//! is left to the layout reader, which sees whole lines.

/// Folded text plus, for each folded byte, the original byte it came from.
///
/// The map is kept as pieces, not per byte: most of a document folds to
/// itself (one piece per run) and only changed characters take a piece each,
/// so that it costs a fraction of the text instead of eight bytes per byte.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: simplified characters, ASCII digits and brackets, whitespace runs collapsed.
    pub text: String,
    /// The map, in folded order: each piece holds from its `folded` offset to
    /// the next piece's; one last piece maps the end of the text.
    pieces: Vec<Piece>,
}

/// A stretch of folded bytes and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Folded offset of its first byte.
    folded: u32,
    /// Original offset of its first byte.
    original: u32,
    /// [`RUN`]: a run copied byte for byte (folded byte `i` of it came from
    /// original byte `original + i`, one byte wide). Else one character (or
    /// entity, or break) every byte of which came from `original`, that many
    /// original bytes wide.
    width: u32,
}

/// The `width` of a piece copied byte for byte.
const RUN: u32 = u32::MAX;

impl Folded {
    /// The original byte range of the folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.pieces_up_to(start, 0);
        let (from, _) = self.origin_after(first, start);
        if end <= start {
            return (from, from);
        }
        let last = self.pieces_up_to(end - 1, first);
        let (last, width) = self.origin_after(last, end - 1);
        (from, last + width)
    }

    /// The original byte folded byte `at` came from, and how many original
    /// bytes that character (entity, tag) is wide.
    #[cfg(test)]
    fn origin(&self, at: usize) -> (usize, usize) {
        self.origin_after(self.pieces_up_to(at, 0), at)
    }

    /// [`Folded::original_range`]`(at, at).0` for folded offsets visited in
    /// increasing order, `passed` carrying the pieces passed from one call to
    /// the next (0 at first): one walk over the map instead of a search per
    /// offset, for the start of every line of a text.
    pub(crate) fn original_at(&self, at: usize, passed: &mut usize) -> usize {
        while self
            .pieces
            .get(*passed)
            .is_some_and(|p| p.folded as usize <= at)
        {
            *passed += 1;
        }
        self.origin_after(*passed, at).0
    }

    /// How many pieces start at or before folded byte `at`, given that the
    /// first `known` of them do.
    fn pieces_up_to(&self, at: usize, known: usize) -> usize {
        let rest = &self.pieces[known..];
        // A range mostly ends in the piece it starts in: one look, no search.
        if rest.first().is_none_or(|p| p.folded as usize > at) {
            return known;
        }
        known + rest.partition_point(|p| p.folded as usize <= at)
    }

    /// The origin of folded byte `at` (see [`Folded::origin`]), which lies in
    /// the last of the first `count` pieces.
    fn origin_after(&self, count: usize, at: usize) -> (usize, usize) {
        let Some(piece) = self.pieces.get(count.saturating_sub(1)) else {
            return (0, 0);
        };
        match piece.width {
            RUN => (piece.original as usize + (at - piece.folded as usize), 1),
            width => (piece.original as usize, width as usize),
        }
    }

    /// Adds a piece at the end of the text (extending the last run when this
    /// one continues it).
    fn push_piece(&mut self, original: usize, width: u32) {
        let folded = self.text.len() as u32;
        let original = original as u32;
        if width == RUN {
            if let Some(last) = self.pieces.last() {
                if last.width == RUN && last.original.wrapping_add(folded - last.folded) == original
                {
                    return;
                }
            }
        }
        self.pieces.push(Piece {
            folded,
            original,
            width,
        });
    }

    /// The first folded byte that comes from original offset `original` or
    /// later (the origins of folded bytes never decrease).
    pub(crate) fn folded_from(&self, original: usize) -> usize {
        // The pieces of the text (the last one maps its end), each with the
        // origin of its last byte: the first whose last byte comes from
        // `original` or later holds the answer.
        let Some((end, pieces)) = self.pieces.split_last() else {
            return 0;
        };
        let last_origin = |i: usize| -> usize {
            let piece = pieces[i];
            let next = pieces.get(i + 1).unwrap_or(end).folded;
            match piece.width {
                RUN => (piece.original + (next - piece.folded) - 1) as usize,
                _ => piece.original as usize,
            }
        };
        // A binary search over piece indices.
        let (mut low, mut high) = (0, pieces.len());
        while low < high {
            let mid = low + (high - low) / 2;
            if last_origin(mid) < original {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let i = low;
        match pieces.get(i) {
            Some(piece) if piece.width == RUN => {
                piece.folded as usize + original.saturating_sub(piece.original as usize)
            }
            Some(piece) => piece.folded as usize,
            None => self.text.len(),
        }
    }

    /// Copies `original[start..end]`, which folds to itself, byte for byte.
    fn push_run(&mut self, original: &str, start: usize, end: usize) {
        if start < end {
            self.push_piece(start, RUN);
            self.text.push_str(&original[start..end]);
        }
    }

    /// An empty folded text to build up piece by piece ([`Folded::append`]).
    pub(crate) fn empty() -> Folded {
        Folded::default()
    }

    /// Folds `original[range]` and appends it, mapped back into `original`.
    pub(crate) fn append(&mut self, original: &str, range: std::ops::Range<usize>) {
        // Folded in place, cut at the range's end so that nothing after it is
        // read: folding a copy of each cell and merging it in cost two
        // allocations per cell of a page.
        fold_onto(self, &original[..range.end], range.start);
    }

    /// Appends a separator that stands for no original text (a line break between
    /// table rows read from markup), mapped to `at`.
    pub(crate) fn append_break(&mut self, at: usize) {
        self.push('\n', at, 0);
    }

    /// Closes the map with the end of the original.
    pub(crate) fn finish(&mut self, original_len: usize) {
        self.push_piece(original_len, 0);
    }

    fn push(&mut self, c: char, origin: usize, width: usize) {
        self.push_piece(origin, width as u32);
        self.text.push(c);
    }
}

/// Folds `original` (see the module docs).
pub fn fold(original: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(original.len()),
        pieces: Vec::new(),
    };
    fold_onto(&mut out, original, 0);
    out.finish(original.len());
    out
}

/// Folds `original[start..]` as if it were a text of its own (nothing before
/// `start` is read) onto the end of `out`, its map pointing into `original`.
fn fold_onto(out: &mut Folded, original: &str, start: usize) {
    let simplifier = Simplifier::get();
    let bytes = original.as_bytes();
    let mut at = start;
    let mut previous = '\0';
    // Start of the run of characters that fold to themselves, copied in one go.
    let mut run = start;
    // No `-->` after this offset: an unclosed `<!--` is searched for once, not
    // at every `<!--` after it.
    let mut no_comment_end = usize::MAX;
    loop {
        at = skip_plain_bytes(bytes, at, &mut previous, simplifier);
        let Some(c) = original[at..].chars().next() else {
            break;
        };
        let simple_c = simplifier.simplify(c);
        if simple_c == c && is_plain(c) {
            previous = c;
            at += c.len_utf8();
            continue;
        }
        out.push_run(original, run, at);
        if let Some(bytes) = noise_len(original, at, c, previous, &mut no_comment_end) {
            at += bytes;
            run = at;
            continue;
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(&original[at..]) {
                if let Some(decoded) = decoded {
                    out.push(fold_char(simplifier.simplify(decoded)), at, len);
                }
                at += len;
                run = at;
                previous = decoded.unwrap_or(previous);
                continue;
            }
        }
        let folded = fold_char(simple_c);
        if folded != '\u{200B}' && folded != '\u{FEFF}' {
            out.push(folded, at, c.len_utf8());
        }
        previous = c;
        at += c.len_utf8();
        run = at;
    }
    out.push_run(original, run, at);
}

const CJK_START: u32 = 0x3400;
const CJK_END: u32 = 0xFB00;

/// Traditional → simplified, one character to one character, as fast2s converts
/// it: its mapping is read once into a dense table (about 200 KB), because
/// hashing every character of every report cost more than everything else in
/// folding.
struct Simplifier {
    /// A bit per character from U+3400 to U+FAFF that converts.
    changes: Vec<u64>,
    /// The simplified form of each character from U+3400 to U+FAFF.
    simplified: Vec<char>,
}

impl Simplifier {
    fn get() -> &'static Simplifier {
        static TABLE: std::sync::OnceLock<Simplifier> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let all: String = (CJK_START..CJK_END)
                .map(|c| char::from_u32(c).unwrap_or(' '))
                .collect();
            let simplified: Vec<char> = fast2s::convert(&all).chars().collect();
            let mut changes = vec![0u64; ((CJK_END - CJK_START) / 64 + 1) as usize];
            for (i, (a, b)) in all.chars().zip(&simplified).enumerate() {
                if a != *b {
                    changes[i / 64] |= 1 << (i % 64);
                }
            }
            Simplifier {
                changes,
                simplified,
            }
        })
    }

    fn changes(&self, code: u32) -> bool {
        (CJK_START..CJK_END).contains(&code) && self.changes_within(code)
    }

    /// [`Simplifier::changes`] for a character known to lie in the table
    /// (U+4000–U+9FFF, say): no range check for the bulk of the text.
    fn changes_within(&self, code: u32) -> bool {
        debug_assert!((CJK_START..CJK_END).contains(&code));
        let i = code - CJK_START;
        self.changes[(i / 64) as usize] & (1 << (i % 64)) != 0
    }

    fn simplify(&self, c: char) -> char {
        if self.changes(c as u32) {
            self.simplified[(c as u32 - CJK_START) as usize]
        } else {
            c
        }
    }
}

/// Skips bytes that fold to themselves with as little decoding as possible:
/// ASCII other than noise starters, three-byte characters U+4000–U+9FFF
/// (lead bytes 0xE4–0xE9, the bulk of Chinese text) that do not simplify, and
/// other three-byte characters (punctuation such as 。、《》“”) that neither
/// simplify nor fold.
fn skip_plain_bytes(
    bytes: &[u8],
    mut at: usize,
    previous: &mut char,
    simplifier: &Simplifier,
) -> usize {
    while let Some(&b) = bytes.get(at) {
        match b {
            b'*' | b'_' | b'(' | b'<' | b'&' => break,
            0x00..=0x7F => {
                *previous = b as char;
                at += 1;
            }
            0xE4..=0xE9 if at + 2 < bytes.len() => {
                let code = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[at + 1] & 0x3F) << 6)
                    | u32::from(bytes[at + 2] & 0x3F);
                if simplifier.changes_within(code) {
                    break;
                }
                // Any CJK character will do for the pinyin check that reads it.
                *previous = '中';
                at += 3;
            }
            0xE0..=0xEF if at + 2 < bytes.len() => {
                let code = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[at + 1] & 0x3F) << 6)
                    | u32::from(bytes[at + 2] & 0x3F);
                match char::from_u32(code) {
                    Some(c) if is_plain(c) && !simplifier.changes(code) => {
                        *previous = c;
                        at += 3;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    at
}

/// A character that folds to itself and starts no noise run.
fn is_plain(c: char) -> bool {
    if c.is_ascii() {
        return !matches!(c, '*' | '_' | '(' | '<' | '&');
    }
    !matches!(
        c,
        '\u{FF01}'..='\u{FF5E}'
            | '\u{3000}'
            | '\u{00A0}'
            | '\u{2002}'..='\u{200B}'
            | '\u{202F}'
            | '\u{2212}'
            | '\u{FE63}'
            | '\u{FEFF}'
    )
}

/// Full-width ASCII → ASCII, odd spaces → space.
fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => ' ',
        '\u{2212}' | '\u{FE63}' => '-',
        c => c,
    }
}

/// Byte length of a noise run at `at` in `original` (whose character there is
/// `c`, after `previous`), if one starts there. `no_comment_end`: the offset
/// after which no `-->` is printed, once known.
fn noise_len(
    original: &str,
    at: usize,
    c: char,
    previous: char,
    no_comment_end: &mut usize,
) -> Option<usize> {
    let s = &original[at..];
    match c {
        '*' | '_' if s[1..].starts_with(c) => Some(2),
        '(' | '（' if is_cjk(previous) => pinyin_len(s),
        '<' if s.starts_with("<!--") => {
            let from = at + 4;
            if from >= *no_comment_end {
                return None;
            }
            let end = original[from..].find("-->");
            if end.is_none() {
                *no_comment_end = from;
            }
            end.map(|end| end + 7)
        }
        '<' => html_tag_len(s),
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// `(guó)` after a character: 1–7 lowercase pinyin letters (tone marks allowed)
/// with at least one vowel. Returns the byte length including the brackets.
fn pinyin_len(s: &str) -> Option<usize> {
    let mut vowel = false;
    for (count, (i, c)) in s.char_indices().enumerate().skip(1) {
        if c == ')' || c == '）' {
            return (vowel && count > 1).then_some(i + c.len_utf8());
        }
        if count > 8 {
            return None;
        }
        if c.is_ascii_lowercase() {
            vowel |= matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'v');
        } else if is_toned(c) {
            vowel = true;
        } else {
            return None;
        }
    }
    None
}

/// A pinyin letter with a tone mark (or ü, ê). All but ḿ lie below U+0200,
/// so the Chinese character that mostly follows a `(` is told at once, where
/// a search of the string of letters read it all.
fn is_toned(c: char) -> bool {
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ";
    ((c as u32) < 0x200 || c == 'ḿ') && TONED.contains(c)
}

/// Byte length of an HTML tag at the start of `s`, if it is one (comments
/// are read in [`noise_len`]).
fn html_tag_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("</").or_else(|| s.strip_prefix('<'))?;
    let word = |from: usize| {
        body.as_bytes()[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count()
    };
    let mut name_len = word(0);
    // Namespaced Word tags such as `<o:p>`.
    if body.as_bytes().get(name_len) == Some(&b':') && word(name_len + 1) > 0 {
        name_len += 1 + word(name_len + 1);
    }
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after = body.as_bytes().get(name_len).copied()?;
    if !(after == b'>' || after == b'/' || after.is_ascii_whitespace()) {
        return None; // `<http://…>` and `<2` are not tags
    }
    let close = prefix(s, 512).find('>')?;
    if s[..close].contains('\n') && close > 200 {
        return None;
    }
    Some(close + 1)
}

/// At most the first `max` bytes of `s`, cut back to a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An HTML entity at the start of `s`: its character (`None` for ones that vanish)
/// and its byte length.
pub fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let end = prefix(s, 12).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "mdash" => '—',
        "middot" => '·',
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            return Some((char::from_u32(code), end + 1));
        }
    };
    Some((Some(c), end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        fold(s).text
    }

    #[test]
    fn traditional_with_pinyin_becomes_simplified() {
        assert_eq!(
            folded("中華人民共和國(guó)政府信息公開(kāi)條例"),
            "中华人民共和国政府信息公开条例"
        );
        assert_eq!(folded("總計"), "总计");
        // Brackets that are not pinyin stay.
        assert_eq!(folded("(一)予以公开"), "(一)予以公开");
        assert_eq!(folded("公开(PDF)"), "公开(PDF)");
    }

    #[test]
    fn full_width_and_spaces_fold() {
        assert_eq!(folded("（七）总计　１２"), "(七)总计 12");
    }

    #[test]
    fn html_residue_and_markdown_emphasis_vanish() {
        assert_eq!(folded("予以公开</span>&nbsp;3"), "予以公开 3");
        assert_eq!(folded("**一是加强领导。**"), "一是加强领导。");
        assert_eq!(
            folded("网址<http://www.xqq.gov.cn/>"),
            "网址<http://www.xqq.gov.cn/>"
        );
        assert_eq!(folded("a &#20844; b &bogus c"), "a 公 b &bogus c");
    }

    #[test]
    fn ranges_map_back_to_original_bytes() {
        let original = "國(guó)家**秘密**&nbsp;7";
        let f = fold(original);
        assert_eq!(f.text, "国家秘密 7");
        let seven = f.text.find('7').unwrap();
        let (a, b) = f.original_range(seven, seven + 1);
        assert_eq!(&original[a..b], "7");
        let (a, b) = f.original_range(0, f.text.find(' ').unwrap());
        assert_eq!(&original[a..b], "國(guó)家**秘密");
        let space = f.text.find(' ').unwrap();
        let (a, b) = f.original_range(space, space + 1);
        assert_eq!(&original[a..b], "&nbsp;");
    }

    #[test]
    fn comments_vanish_and_an_unclosed_one_stays() {
        assert_eq!(folded("a<!-- x -->b"), "ab");
        assert_eq!(folded("a<!--b<!--c-->d"), "ad");
        assert_eq!(folded("a<!--b<!--c"), "a<!--b<!--c");
    }

    /// Every folded byte maps where the per-byte map of before mapped it: the
    /// original offset of its character and that character's width.
    #[test]
    fn the_map_in_pieces_gives_every_byte_its_origin() {
        let original = "總計 １２ 國(guó)家&nbsp;abc**秘**&lt;中文\t";
        let f = fold(original);
        assert_eq!(f.text, "总计 12 国家 abc秘<中文\t");
        // Original offsets: 總 0, 計 3, space 6, １ 7, ２ 10, space 13, 國 14,
        // (guó) 17, 家 23, &nbsp; 26, abc 32, ** 35, 秘 37, ** 40, &lt; 42,
        // 中 46, 文 49, tab 52.
        let expected: Vec<(usize, usize)> = vec![
            // 总 计 (traditional: each byte from the character, 3 wide)
            (0, 3),
            (0, 3),
            (0, 3),
            (3, 3),
            (3, 3),
            (3, 3),
            // space, １ ２ (full width), space
            (6, 1),
            (7, 3),
            (10, 3),
            (13, 1),
            // 国 (its pinyin dropped), then 家 copied byte for byte
            (14, 3),
            (14, 3),
            (14, 3),
            (23, 1),
            (24, 1),
            (25, 1),
            // &nbsp; then abc
            (26, 6),
            (32, 1),
            (33, 1),
            (34, 1),
            // 秘 between ** **, then &lt;
            (37, 1),
            (38, 1),
            (39, 1),
            (42, 4),
            // 中文 and the tab
            (46, 1),
            (47, 1),
            (48, 1),
            (49, 1),
            (50, 1),
            (51, 1),
            (52, 1),
        ];
        let got: Vec<(usize, usize)> = (0..f.text.len()).map(|i| f.origin(i)).collect();
        assert_eq!(got, expected);
        assert_eq!(f.origin(f.text.len()), (original.len(), 0));
        // A piece per changed character, one per run.
        assert!(f.pieces.len() < 16, "{:?}", f.pieces);
        // The first folded byte from each original offset on, as a search
        // of the per-byte map finds it.
        let folded_from = |at: usize| {
            expected
                .iter()
                .position(|&(o, _)| o >= at)
                .unwrap_or(f.text.len())
        };
        for at in 0..=original.len() + 1 {
            assert_eq!(f.folded_from(at), folded_from(at), "original offset {at}");
        }
    }
}

//! Folding: the text the extractor matches against, with a byte map back to the
//! original so that every span still points at what the document printed.
//!
//! Folding is character-level: traditional → simplified, full-width ASCII → ASCII,
//! odd spaces → space; and it drops noise: pinyin inserted after characters
//! (`國(guó)`), HTML tags and entities left by copy-paste (`</span>`, `&nbsp;`),
//! markdown emphasis (`**`). Line-level noise (page numbers, rules, heading marks)
//! is left to the layout reader, which sees whole lines.

/// Folded text plus, for each folded byte, the original byte it came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: simplified characters, ASCII digits and brackets, whitespace runs collapsed.
    pub text: String,
    /// `origin[i]` is the original byte offset of folded byte `i`; one extra entry
    /// maps the end of the text.
    origin: Vec<u32>,
    /// Original byte length of the character each folded byte came from, so that
    /// an end offset maps past the whole original character (or entity, or tag).
    width: Vec<u32>,
}

impl Folded {
    /// The original byte range of the folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start] as usize;
        if end <= start {
            return (from, from);
        }
        let last = end - 1;
        (from, (self.origin[last] + self.width[last]) as usize)
    }

    /// The first folded byte that comes from original offset `original` or
    /// later (the origins of folded bytes never decrease).
    pub(crate) fn folded_from(&self, original: usize) -> usize {
        self.origin
            .partition_point(|&o| (o as usize) < original)
            .min(self.text.len())
    }

    /// Copies `original[start..end]`, which folds to itself, byte for byte.
    fn push_run(&mut self, original: &str, start: usize, end: usize) {
        if start < end {
            self.text.push_str(&original[start..end]);
            self.origin.extend(start as u32..end as u32);
            self.width.extend(std::iter::repeat_n(1, end - start));
        }
    }

    /// An empty folded text to build up piece by piece ([`Folded::append`]).
    pub(crate) fn empty() -> Folded {
        Folded::default()
    }

    /// Folds `original[range]` and appends it, mapped back into `original`.
    pub(crate) fn append(&mut self, original: &str, range: std::ops::Range<usize>) {
        let piece = fold(&original[range.clone()]);
        let len = piece.text.len();
        self.text.push_str(&piece.text);
        self.origin
            .extend(piece.origin[..len].iter().map(|&o| o + range.start as u32));
        self.width.extend_from_slice(&piece.width[..len]);
    }

    /// Appends a separator that stands for no original text (a line break between
    /// table rows read from markup), mapped to `at`.
    pub(crate) fn append_break(&mut self, at: usize) {
        self.push('\n', at, 0);
    }

    /// Closes the map with the end of the original.
    pub(crate) fn finish(&mut self, original_len: usize) {
        self.origin.push(original_len as u32);
        self.width.push(0);
    }

    fn push(&mut self, c: char, origin: usize, width: usize) {
        let len = c.len_utf8();
        self.origin.extend(std::iter::repeat_n(origin as u32, len));
        self.width.extend(std::iter::repeat_n(width as u32, len));
        self.text.push(c);
    }
}

/// Folds `original` (see the module docs).
pub fn fold(original: &str) -> Folded {
    let simplifier = Simplifier::get();
    let mut out = Folded {
        text: String::with_capacity(original.len()),
        origin: Vec::with_capacity(original.len() + 1),
        width: Vec::with_capacity(original.len() + 1),
    };
    let bytes = original.as_bytes();
    let mut at = 0;
    let mut previous = '\0';
    // Start of the run of characters that fold to themselves, copied in one go.
    let mut run = 0;
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
        if let Some(bytes) = noise_len(&original[at..], c, previous) {
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
    out.origin.push(original.len() as u32);
    out.width.push(0);
    out
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
        (CJK_START..CJK_END).contains(&code) && {
            let i = code - CJK_START;
            self.changes[(i / 64) as usize] & (1 << (i % 64)) != 0
        }
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
/// ASCII other than noise starters, and three-byte characters U+4000–U+9FFF
/// (lead bytes 0xE4–0xE9, the bulk of Chinese text) that do not simplify.
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
                if simplifier.changes(code) {
                    break;
                }
                // Any CJK character will do for the pinyin check that reads it.
                *previous = '中';
                at += 3;
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

/// Byte length of a noise run at the start of `s` (whose first character is `c`,
/// after `previous`), if one starts there.
fn noise_len(s: &str, c: char, previous: char) -> Option<usize> {
    match c {
        '*' | '_' if s[1..].starts_with(c) => Some(2),
        '(' | '（' if is_cjk(previous) => pinyin_len(s),
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
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ";
    let mut vowel = false;
    for (count, (i, c)) in s.char_indices().enumerate().skip(1) {
        if c == ')' || c == '）' {
            return (vowel && count > 1).then_some(i + c.len_utf8());
        }
        if count > 8 {
            return None;
        }
        if c.is_ascii_lowercase() {
            vowel |= "aeiouv".contains(c);
        } else if TONED.contains(c) {
            vowel = true;
        } else {
            return None;
        }
    }
    None
}

/// Byte length of an HTML tag or comment at the start of `s`, if it is one.
fn html_tag_len(s: &str) -> Option<usize> {
    if let Some(rest) = s.strip_prefix("<!--") {
        return rest.find("-->").map(|end| end + 7);
    }
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
fn entity(s: &str) -> Option<(Option<char>, usize)> {
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
}

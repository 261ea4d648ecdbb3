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

    fn push(&mut self, c: char, origin: usize, width: usize) {
        let mut buf = [0u8; 4];
        for _ in 0..c.encode_utf8(&mut buf).len() {
            self.origin.push(origin as u32);
            self.width.push(width as u32);
        }
        self.text.push(c);
    }
}

/// Folds `original` (see the module docs).
pub fn fold(original: &str) -> Folded {
    let simplified = fast2s::convert(original);
    let chars: Vec<(usize, char)> = original.char_indices().collect();
    // fast2s maps one character to one character, so positions line up.
    let simple: Vec<char> = simplified.chars().collect();
    debug_assert_eq!(chars.len(), simple.len());
    let mut out = Folded {
        text: String::with_capacity(original.len()),
        origin: Vec::with_capacity(original.len() + 1),
        width: Vec::with_capacity(original.len() + 1),
    };
    let byte_end = |i: usize| chars.get(i).map_or(original.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if let Some(skip) = noise_len(original, &chars, i) {
            i += skip;
            continue;
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(&original[at..]) {
                let mut consumed = 0;
                while consumed < len {
                    consumed += chars[i].1.len_utf8();
                    i += 1;
                }
                if let Some(decoded) = decoded {
                    out.push(fold_char(decoded), at, len);
                }
                continue;
            }
        }
        let folded = fold_char(simple.get(i).copied().unwrap_or(c));
        if folded != '\u{200B}' && folded != '\u{FEFF}' {
            out.push(folded, at, byte_end(i + 1) - at);
        }
        i += 1;
    }
    out.origin.push(original.len() as u32);
    out.width.push(0);
    out
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

/// Length in characters of a noise run starting at `i`, if one starts there.
fn noise_len(original: &str, chars: &[(usize, char)], i: usize) -> Option<usize> {
    let c = chars[i].1;
    match c {
        '*' | '_' if chars.get(i + 1).is_some_and(|&(_, n)| n == c) => Some(2),
        '(' | '（' if i > 0 && is_cjk(chars[i - 1].1) => pinyin_len(chars, i),
        '<' => html_tag_len(&original[chars[i].0..]).map(|bytes| {
            let end = chars[i].0 + bytes;
            chars[i..].iter().take_while(|&&(b, _)| b < end).count()
        }),
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// `(guó)` after a character: 1–7 lowercase pinyin letters (tone marks allowed)
/// with at least one vowel. Returns the run length including the brackets.
fn pinyin_len(chars: &[(usize, char)], open: usize) -> Option<usize> {
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ";
    let mut j = open + 1;
    let mut vowel = false;
    while j < chars.len() && j - open <= 8 {
        let c = chars[j].1;
        if c == ')' || c == '）' {
            return (vowel && j > open + 1).then_some(j - open + 1);
        }
        if c.is_ascii_lowercase() {
            vowel |= "aeiouv".contains(c);
        } else if TONED.contains(c) {
            vowel = true;
        } else {
            return None;
        }
        j += 1;
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
    let close = s[..s.len().min(512)].find('>')?;
    if s[..close].contains('\n') && close > 200 {
        return None;
    }
    Some(close + 1)
}

/// An HTML entity at the start of `s`: its character (`None` for ones that vanish)
/// and its byte length.
fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let end = s[..s.len().min(12)].find(';')?;
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

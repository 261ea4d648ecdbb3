//! Bytes → text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or told by
//! its zero bytes without one), GB18030/GBK (declared or detected).
//!
//! # Damage
//!
//! A few bad bytes do not lose a report. Byte sequences that do not decode (an
//! invalid byte, a character cut off at the end of the file) and control
//! characters that text never holds (NUL, and every C0 control but tab, line
//! feed, carriage return and form feed; DEL) are each replaced by one U+FFFD
//! and recorded as [`Damage`]: where the replacement is in the decoded text
//! and how many input bytes it stands for. The extractor reports each place
//! and never reads a number out of it.
//!
//! What is refused is decided by shares, not by any bad byte: more control
//! bytes than [`MAX_CONTROL_SHARE`] is binary data; more undecodable bytes than
//! [`MAX_DAMAGE_SHARE`] in the best-fitting encoding, or a text made mostly of
//! private-use characters, is text whose encoding cannot be told.

use crate::error::{ErrorKind, ReadError};
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::ops::Range;

/// Decoded text, the encoding it came from, and where it is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, valid UTF-8; each damaged place is U+FFFD.
    pub text: String,
    /// Canonical encoding name (`UTF-8`, `UTF-16LE`, `GB18030`, …).
    pub encoding: &'static str,
    /// The damaged places, in text order, none adjacent to the next.
    pub damaged: Vec<Damage>,
}

/// A damaged place of a decoded text: input bytes that did not decode, or
/// control characters, replaced by U+FFFD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// Where the replacement characters are, in decoded-text byte offsets.
    pub range: Range<usize>,
    /// How many input bytes they stand for.
    pub bytes: usize,
}

/// Largest share of control characters (NUL, C0 controls other than tab, line
/// feed, carriage return and form feed, DEL) a text may have before it counts
/// as binary data. Below it, each is damage.
pub const MAX_CONTROL_SHARE: f64 = 0.01;

/// Largest share of the input's bytes that may fail to decode (in the encoding
/// that fits best) before the text counts as undecodable. Below it, each bad
/// sequence is damage.
pub const MAX_DAMAGE_SHARE: f64 = 0.01;

/// Smallest share of a BOM-less UTF-16 reading's characters that must be the
/// characters of Chinese report text (ASCII, CJK ideographs and punctuation,
/// full-width forms, common symbols) for the input to be read as UTF-16.
const MIN_UTF16_TEXT_SHARE: f64 = 0.9;

/// The character every damaged place is replaced by (U+FFFD): a reader of the
/// text never reads a number next to it.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Decodes report text. `declared` is a charset named by the container (an HTML
/// `<meta charset>`, say); it is trusted only if the bytes decode cleanly with it.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::new(
            ErrorKind::Empty,
            "文件为空",
            "the file is empty",
        ));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let Some(decoded) = decode_lossy(body, encoding, usize::MAX) else {
            return Err(undecodable(encoding));
        };
        return finish(decoded, body.len(), None);
    }
    // Binary data and UTF-16 hold zero bytes (text never does, but for damage):
    // only then are the control bytes counted here, before any decoding.
    // (`memchr` looks for the zero byte several bytes at a time, where the
    // standard library's search is a word at a time.)
    let raw = memchr::memchr(0, bytes)
        .is_some()
        .then(|| ByteStats::of(bytes));
    if let Some(raw) = raw {
        if exceeds(raw.control, raw.chars, MAX_CONTROL_SHARE) {
            // Zero bytes in every other position are UTF-16 without a BOM.
            return utf16_without_bom(bytes).unwrap_or_else(|| Err(binary()));
        }
    }
    // Valid UTF-8 with multibyte text is UTF-8 whatever a page declares: GBK text
    // is practically never valid UTF-8, while GB18030 accepts almost any bytes.
    // (`simdutf8` validates Chinese text several times as fast as the standard
    // library, and says no more than whether it is valid: all this needs.)
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        // The text's bytes are the input's: counted already if at all.
        return finish(clean(text.to_string(), UTF_8), bytes.len(), raw);
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .map(superset)
        .filter(|&e| e != UTF_8);
    if let Some(encoding) = declared {
        if let Some(decoded) = decode_strict(bytes, encoding) {
            if let Ok(decoded) = finish(decoded, bytes.len(), None) {
                return Ok(decoded);
            }
        }
    }
    let limit = damage_limit(bytes.len());
    let utf8_damage = utf8_damage(bytes, limit);
    // Only text that is clearly not UTF-8 goes to the detector: UTF-8 with a
    // few bad bytes would read as mojibake in a single-byte encoding it guessed.
    // GB18030 is tried either way.
    let guess = (utf8_damage > limit).then(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        superset(detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny))
    });
    for encoding in guess.into_iter().chain([GB18030]) {
        if let Some(decoded) = decode_strict(bytes, encoding) {
            if let Ok(decoded) = finish(decoded, bytes.len(), None) {
                return Ok(decoded);
            }
        }
    }
    // Nothing decodes cleanly: the encoding that leaves the least damage (none
    // over the limit), UTF-8 first among equals.
    let utf8 = Some(UTF_8).filter(|_| utf8_damage <= limit);
    let mut candidates: Vec<Decoded> = Vec::new();
    for encoding in utf8
        .into_iter()
        .chain(declared)
        .chain(guess)
        .chain([GB18030])
    {
        if candidates.iter().all(|c| c.encoding != encoding.name()) {
            candidates.extend(decode_lossy(bytes, encoding, limit));
        }
    }
    candidates.sort_by_key(damaged_bytes);
    let mut refusal = None;
    for decoded in candidates {
        match finish(decoded, bytes.len(), None) {
            Ok(decoded) => return Ok(decoded),
            Err(e) => {
                refusal.get_or_insert(e);
            }
        }
    }
    Err(refusal.unwrap_or_else(|| undecodable(guess.unwrap_or(GB18030))))
}

/// GBK and GB2312 are decoded as GB18030, their superset.
fn superset(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::GBK {
        GB18030
    } else {
        encoding
    }
}

/// Text that decoded without an error.
fn clean(text: String, encoding: &'static Encoding) -> Decoded {
    Decoded {
        text,
        encoding: encoding.name(),
        damaged: Vec::new(),
    }
}

fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Option<Decoded> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some(clean(text.into_owned(), encoding))
}

/// Decodes `bytes`, each malformed sequence replaced by U+FFFD and recorded;
/// `None` as soon as more than `max_damage` bytes are malformed.
fn decode_lossy(bytes: &[u8], encoding: &'static Encoding, max_damage: usize) -> Option<Decoded> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut damaged: Vec<Damage> = Vec::new();
    let mut read = 0;
    let mut malformed = 0usize;
    loop {
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += consumed;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(bytes.len() - read + 16),
            DecoderResult::Malformed(bad, _) => {
                malformed += usize::from(bad);
                if malformed > max_damage {
                    return None;
                }
                let at = text.len();
                text.push(REPLACEMENT);
                push_damage(
                    &mut damaged,
                    Damage {
                        range: at..text.len(),
                        bytes: usize::from(bad),
                    },
                );
            }
        }
    }
    Some(Decoded {
        text,
        encoding: encoding.name(),
        damaged,
    })
}

/// Appends `damage`, merged with the last place when they touch.
fn push_damage(list: &mut Vec<Damage>, damage: Damage) {
    match list.last_mut() {
        Some(last) if last.range.end == damage.range.start => {
            last.range.end = damage.range.end;
            last.bytes += damage.bytes;
        }
        _ => list.push(damage),
    }
}

fn damaged_bytes(decoded: &Decoded) -> usize {
    decoded.damaged.iter().map(|d| d.bytes).sum()
}

/// Most undecodable bytes an input of `len` bytes may have.
fn damage_limit(len: usize) -> usize {
    (len as f64 * MAX_DAMAGE_SHARE) as usize
}

fn exceeds(count: usize, of: usize, share: f64) -> bool {
    count as f64 > of.max(1) as f64 * share
}

/// Bytes that are not valid UTF-8, counted up to just past `limit`.
fn utf8_damage(bytes: &[u8], limit: usize) -> usize {
    let mut damage = 0;
    let mut rest = bytes;
    while damage <= limit {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => {
                let bad = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                damage += bad;
                rest = &rest[e.valid_up_to() + bad..];
            }
        }
    }
    damage
}

/// UTF-16 saved without a BOM, in input with more control bytes than 8-bit
/// text may hold: zero bytes in every other position (the high byte of ASCII)
/// give it away and tell the byte order. The reading is taken when its
/// characters are report text ([`MIN_UTF16_TEXT_SHARE`]); `None` when the
/// bytes are not UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<Result<Decoded, ReadError>> {
    let (even, odd) = bytes
        .chunks_exact(2)
        .fold((0usize, 0usize), |(e, o), pair| {
            (e + usize::from(pair[0] == 0), o + usize::from(pair[1] == 0))
        });
    if bytes.len() < 4 || even + odd == 0 {
        return None;
    }
    // ASCII in little-endian order has its zero byte second.
    let encoding = if odd >= even { UTF_16LE } else { UTF_16BE };
    let decoded = decode_lossy(bytes, encoding, usize::MAX)?;
    let (mut text, mut all) = (0usize, 0usize);
    for c in decoded.text.chars() {
        all += 1;
        text += usize::from(report_char(c));
    }
    if exceeds(all - text, all, 1.0 - MIN_UTF16_TEXT_SHARE) {
        return None;
    }
    Some(finish(decoded, bytes.len(), None))
}

/// Characters Chinese report text is made of.
fn report_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\x0c'
        | ' '..='~'
        | '\u{A0}'..='\u{FF}'
        | '\u{2000}'..='\u{27BF}'
        | '\u{3000}'..='\u{33FF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// The checks every decoded text passes, then its control characters made
/// damage: few control characters (else binary), few undecodable bytes of the
/// `input_len` (else undecodable), few private-use characters or replacement
/// characters it held already (a random byte soup can decode as GB18030).
/// `stats` are the text's counts when they are known already.
fn finish(
    mut decoded: Decoded,
    input_len: usize,
    stats: Option<ByteStats>,
) -> Result<Decoded, ReadError> {
    let stats = stats.unwrap_or_else(|| ByteStats::of(decoded.text.as_bytes()));
    if exceeds(stats.control, stats.chars, MAX_CONTROL_SHARE) {
        return Err(binary());
    }
    let invalid = damaged_bytes(&decoded);
    if exceeds(invalid, input_len, MAX_DAMAGE_SHARE) {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!(
                "按 {} 解码时有 {invalid} 个字节无效（共 {input_len} 个字节），无法识别编码",
                decoded.encoding
            ),
            format!(
                "decoding as {} leaves {invalid} of {input_len} bytes invalid; unknown encoding",
                decoded.encoding
            ),
        ));
    }
    if stats.control > 0 {
        let unit = if decoded.encoding.starts_with("UTF-16") {
            2
        } else {
            1
        };
        replace_controls(&mut decoded, unit);
    }
    let inserted: usize = decoded
        .damaged
        .iter()
        .map(|d| d.range.len() / REPLACEMENT.len_utf8())
        .sum();
    let odd = odd_chars(decoded.text.as_bytes()).saturating_sub(inserted);
    if exceeds(odd, stats.chars, MAX_CONTROL_SHARE) {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!("按 {} 解码后含大量无效字符，无法识别编码", decoded.encoding),
            format!(
                "decoding as {} gives mostly invalid characters; unknown encoding",
                decoded.encoding
            ),
        ));
    }
    Ok(decoded)
}

/// The private-use characters (U+E000–U+F8FF) and U+FFFD in UTF-8 `text`.
/// They are the only odd characters whose UTF-8 starts with 0xEE or 0xEF
/// (full-width punctuation, 0xEF 0xBC…, is fine), and they are told from their
/// lead byte and the next: 0xEE; 0xEF then 0x80–0xA3 (up to U+F8FF); or
/// 0xEF 0xBF 0xBD. Read branch-free over byte triples, in 255-byte chunks with
/// u8 counters, so that it vectorises: decoding each 0xEF character (Chinese
/// punctuation is full-width) was most of the cost of checking a decoded text.
fn odd_chars(text: &[u8]) -> usize {
    // A lead byte is followed by its two continuation bytes in valid UTF-8.
    let leads = text.len().saturating_sub(2);
    let mut odd = 0usize;
    for start in (0..leads).step_by(255) {
        let end = (start + 255).min(leads);
        let mut count = 0u8;
        for ((&a, &b), &c) in text[start..end]
            .iter()
            .zip(&text[start + 1..end + 1])
            .zip(&text[start + 2..end + 2])
        {
            let private = (a == 0xEE) | ((a == 0xEF) & (b <= 0xA3));
            let replacement = (a == 0xEF) & (b == 0xBF) & (c == 0xBD);
            count += u8::from(private | replacement);
        }
        odd += usize::from(count);
    }
    odd
}

/// A control character text does not hold (see [`ByteStats`]).
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f
}

/// Replaces each control character with U+FFFD and records it as damage of
/// `unit` input bytes, moving the damage recorded already to the new offsets.
fn replace_controls(decoded: &mut Decoded, unit: usize) {
    let old = std::mem::take(&mut decoded.text);
    let controls: Vec<usize> = old
        .bytes()
        .enumerate()
        .filter(|&(_, b)| is_control(b))
        .map(|(i, _)| i)
        .collect();
    let grow = REPLACEMENT.len_utf8() - 1;
    // Where an old offset is in the new text.
    let moved = |offset: usize| offset + grow * controls.partition_point(|&c| c < offset);
    let mut text = String::with_capacity(old.len() + grow * controls.len());
    let mut from = 0;
    for &at in &controls {
        text.push_str(&old[from..at]);
        text.push(REPLACEMENT);
        from = at + 1;
    }
    text.push_str(&old[from..]);
    let mut places: Vec<Damage> = decoded
        .damaged
        .iter()
        .map(|d| Damage {
            range: moved(d.range.start)..moved(d.range.end),
            bytes: d.bytes,
        })
        .chain(controls.iter().map(|&at| {
            let start = moved(at);
            Damage {
                range: start..start + REPLACEMENT.len_utf8(),
                bytes: unit,
            }
        }))
        .collect();
    places.sort_by_key(|d| d.range.start);
    let mut damaged = Vec::with_capacity(places.len());
    for place in places {
        push_damage(&mut damaged, place);
    }
    decoded.text = text;
    decoded.damaged = damaged;
}

/// Counts over the bytes of a text, in one branch-free pass that vectorises
/// (this runs on every input).
#[derive(Clone, Copy)]
struct ByteStats {
    /// Characters (bytes that do not continue a UTF-8 sequence).
    chars: usize,
    /// Control bytes other than tab, line feed, carriage return and form feed.
    control: usize,
}

impl ByteStats {
    fn of(bytes: &[u8]) -> ByteStats {
        let (mut chars, mut control) = (0usize, 0usize);
        for chunk in bytes.chunks(255) {
            // u8 counters cannot overflow within a 255-byte chunk.
            let (mut c, mut k) = (0u8, 0u8);
            for &b in chunk {
                c += u8::from((b & 0xC0) != 0x80);
                let low = (b < 0x20) | (b == 0x7f);
                let allowed = (b == b'\n') | (b == b'\r') | (b == b'\t') | (b == 0x0c);
                k += u8::from(low & !allowed);
            }
            chars += usize::from(c);
            control += usize::from(k);
        }
        ByteStats { chars, control }
    }
}

fn binary() -> ReadError {
    ReadError::new(
        ErrorKind::Binary,
        "文件是二进制数据，不是文本",
        "the file holds binary data, not text",
    )
}

fn undecodable(tried: &'static Encoding) -> ReadError {
    ReadError::new(
        ErrorKind::Encoding,
        format!(
            "无法按 UTF-8、UTF-16 或 GB18030 解码（检测结果 {}）",
            tried.name()
        ),
        format!(
            "cannot decode as UTF-8, UTF-16 or GB18030 (detected {})",
            tried.name()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "一、本年新收政府信息公开申请数量\t10\t0\t0\t0\t0\t0\t10\n";

    /// A report-sized text: the sample line many times.
    fn long_sample() -> String {
        SAMPLE.repeat(40)
    }

    /// The damaged places of `decoded` as (text, bytes).
    fn places(decoded: &Decoded) -> Vec<(&str, usize)> {
        decoded
            .damaged
            .iter()
            .map(|d| (&decoded.text[d.range.clone()], d.bytes))
            .collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!((plain.text.as_str(), plain.encoding), (SAMPLE, "UTF-8"));
        assert!(plain.damaged.is_empty());
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom, None).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16_with_bom() {
        for (bom, encode) in [
            ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xFE, 0xFF], u16::to_be_bytes as fn(u16) -> [u8; 2]),
        ] {
            let mut bytes = bom.to_vec();
            SAMPLE
                .encode_utf16()
                .for_each(|u| bytes.extend_from_slice(&encode(u)));
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.text, SAMPLE);
            assert!(decoded.encoding.starts_with("UTF-16"));
        }
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_zero_bytes() {
        let text = long_sample();
        for (name, encode) in [
            ("UTF-16LE", u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ("UTF-16BE", u16::to_be_bytes as fn(u16) -> [u8; 2]),
        ] {
            let bytes: Vec<u8> = text.encode_utf16().flat_map(encode).collect();
            let decoded = decode(&bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((decoded.text.as_str(), decoded.encoding), (&*text, name));
            assert!(decoded.damaged.is_empty());
            // Cut off in the middle of its last character: one damaged byte.
            let cut = decode(&bytes[..bytes.len() - 1], None).unwrap();
            assert_eq!(places(&cut), [("\u{FFFD}", 1)], "{name}");
            assert_eq!(cut.encoding, name);
        }
    }

    #[test]
    fn an_invalid_byte_in_the_middle_is_damage() {
        let text = long_sample();
        let mut bytes = text.as_bytes().to_vec();
        // The `1` of the fifth line's first `10`.
        let at = text.match_indices("\t10\t").nth(8).unwrap().0 + 1;
        bytes[at] = 0xFF;
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(places(&decoded), [("\u{FFFD}", 1)]);
        assert_eq!(decoded.damaged[0].range.start, at);
        assert_eq!(&decoded.text[at..at + 4], "\u{FFFD}0");
        // A lead byte whose character is lost: its continuation bytes are
        // damage too, one place.
        let mut bytes = text.as_bytes().to_vec();
        let han = text.find("本").unwrap();
        bytes[han] = 0xFF;
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(places(&decoded), [("\u{FFFD}\u{FFFD}\u{FFFD}", 3)]);
    }

    #[test]
    fn a_truncated_last_character_is_damage() {
        let text = long_sample() + "总计";
        let bytes = &text.as_bytes()[..text.len() - 1];
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(places(&decoded), [("\u{FFFD}", 2)]);
        assert!(decoded.text.ends_with("总\u{FFFD}"));
    }

    #[test]
    fn a_nul_byte_is_damage_not_binary() {
        let text = long_sample();
        let mut bytes = text.as_bytes().to_vec();
        let tabs: Vec<usize> = text.match_indices('\t').map(|(i, _)| i).collect();
        bytes.insert(tabs[9], 0);
        bytes.insert(tabs[3], 0x07);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(places(&decoded), [("\u{FFFD}", 1), ("\u{FFFD}", 1)]);
        // The text around them is what was printed.
        let without: String = decoded.text.replace('\u{FFFD}', "");
        assert_eq!(without, text);
    }

    #[test]
    fn damage_and_controls_together_keep_their_offsets() {
        let text = long_sample();
        let mut bytes = text.as_bytes().to_vec();
        let tabs: Vec<usize> = text.match_indices('\t').map(|(i, _)| i).collect();
        bytes[tabs[20] + 1] = 0xFF;
        bytes.insert(tabs[2], 0);
        bytes.insert(tabs[2], 0);
        let decoded = decode(&bytes, None).unwrap();
        for d in &decoded.damaged {
            assert!(decoded.text[d.range.clone()]
                .chars()
                .all(|c| c == '\u{FFFD}'));
        }
        assert_eq!(decoded.damaged.len(), 2);
        assert_eq!(decoded.damaged[0].bytes, 2, "two NULs side by side");
    }

    #[test]
    fn damaged_gb18030_is_read_as_gb18030() {
        let text = long_sample();
        let (bytes, _, _) = GB18030.encode(&text);
        let mut bytes = bytes.into_owned();
        // A digit of the tenth line.
        let at = bytes
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\t')
            .nth(70)
            .unwrap()
            .0
            + 1;
        bytes[at] = 0xFF;
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "gb18030");
        assert_eq!(decoded.damaged.len(), 1);
        assert!(decoded.text.contains("本年新收政府信息公开申请数量"));
    }

    #[test]
    fn gbk_without_declaration_is_detected() {
        let (bytes, _, _) =
            GB18030.encode("渠县宝城镇人民政府2019年政府信息公开工作年度报告\n一、总体情况\n");
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "gb18030");
        assert!(decoded.text.starts_with("渠县宝城镇"));
    }

    #[test]
    fn declared_charset_is_used_when_it_fits() {
        let (bytes, _, _) = GB18030.encode("总计");
        assert_eq!(decode(&bytes, Some("gb2312")).unwrap().text, "总计");
        // A wrong declaration falls back to what the bytes are.
        assert_eq!(decode("总计".as_bytes(), Some("gbk")).unwrap().text, "总计");
    }

    #[test]
    fn odd_characters_are_told_from_their_bytes() {
        let text = "（七）总计，\u{E000}\u{EFFF}\u{F000}\u{F8FF}\u{F900}\u{FFFD}\u{FFEE}\u{FF0C}ab\u{E123}";
        let expected = text
            .chars()
            .filter(|&c| ('\u{E000}'..='\u{F8FF}').contains(&c) || c == REPLACEMENT)
            .count();
        assert_eq!(odd_chars(text.as_bytes()), expected);
        assert_eq!(odd_chars(&text.repeat(300).into_bytes()), 300 * expected);
        assert_eq!(odd_chars(b"ab"), 0);
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b"", None).unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00binary", None).unwrap_err().kind,
            ErrorKind::Binary
        );
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80)
            .collect();
        assert!(decode(&noise, None).is_err());
        // Random bytes of every value: binary.
        let random: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert_eq!(decode(&random, None).unwrap_err().kind, ErrorKind::Binary);
        // A JPEG's start: markers, tables and zero bytes.
        let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xDB\x00\x43\x00".to_vec();
        jpeg.extend(&random[..1024]);
        assert_eq!(decode(&jpeg, None).unwrap_err().kind, ErrorKind::Binary);
        // 16-bit samples have zero bytes in every other position too, but their
        // characters are no text.
        let samples: Vec<u8> = (0..2048u32)
            .flat_map(|i| [(i.wrapping_mul(2654435761) >> 13) as u8, 0])
            .collect();
        assert_eq!(decode(&samples, None).unwrap_err().kind, ErrorKind::Binary);
    }

    #[test]
    fn text_damaged_beyond_the_share_is_refused() {
        let text = long_sample();
        let mut bytes = text.as_bytes().to_vec();
        // Every 50th byte bad: 2 % of the bytes.
        for b in bytes.iter_mut().step_by(50) {
            *b = 0xFF;
        }
        assert_eq!(decode(&bytes, None).unwrap_err().kind, ErrorKind::Encoding);
        // Every 50th byte NUL: binary.
        let mut bytes = text.as_bytes().to_vec();
        for b in bytes.iter_mut().step_by(50) {
            *b = 0;
        }
        assert_eq!(decode(&bytes, None).unwrap_err().kind, ErrorKind::Binary);
    }
}

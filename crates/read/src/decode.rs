//! Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK
//! (declared or detected). Binary or undecodable input is refused.

use crate::error::{ErrorKind, ReadError};
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decoded text and the encoding it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, valid UTF-8.
    pub text: String,
    /// Canonical encoding name (`UTF-8`, `UTF-16LE`, `GB18030`, …).
    pub encoding: &'static str,
}

/// Largest share of control characters a text may have before it counts as binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

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
        return decode_strict(&bytes[bom_len..], encoding).ok_or_else(|| undecodable(encoding));
    }
    if looks_binary(bytes) {
        return Err(binary());
    }
    // Valid UTF-8 with multibyte text is UTF-8 whatever a page declares: GBK text
    // is practically never valid UTF-8, while GB18030 accepts almost any bytes.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked_text(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
        });
    }
    if let Some(encoding) = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()))
    {
        // GBK and GB2312 labels are decoded as GB18030, their superset.
        let encoding = if encoding == encoding_rs::GBK {
            GB18030
        } else {
            encoding
        };
        if let Some(decoded) = decode_strict(bytes, encoding).and_then(|d| checked_text(d).ok()) {
            return Ok(decoded);
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    let guess = if guess == encoding_rs::GBK {
        GB18030
    } else {
        guess
    };
    for encoding in [guess, GB18030] {
        if let Some(decoded) = decode_strict(bytes, encoding) {
            return checked_text(decoded);
        }
    }
    Err(undecodable(guess))
}

fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Option<Decoded> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// NUL bytes never occur in UTF-8 or GB18030 text; a BOM-less UTF-16 file is
/// refused here too, as UTF-16 is only read with a BOM. Other control bytes are
/// counted after decoding, in [`checked_text`].
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Decoded text must still look like text (a random byte soup can decode as
/// GB18030): few control characters, private-use characters or replacements.
fn checked_text(decoded: Decoded) -> Result<Decoded, ReadError> {
    let bytes = decoded.text.as_bytes();
    // Simple counting loops, so that they vectorise: this runs on every input.
    let stats = ByteStats::of(bytes);
    let chars = stats.chars.max(1);
    let control = stats.control;
    // U+E000–U+F8FF (private use) and U+FFFD are the only odd characters whose
    // UTF-8 starts with 0xEE or 0xEF; full-width punctuation (0xEF 0xBC…) is fine.
    let odd = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == 0xEE || b == 0xEF)
        .filter(|&(i, _)| {
            let c = decoded.text[i..].chars().next().unwrap_or(' ');
            ('\u{E000}'..='\u{F8FF}').contains(&c) || c == '\u{FFFD}'
        })
        .count();
    if control as f64 > chars as f64 * MAX_CONTROL_SHARE {
        return Err(binary());
    }
    if odd as f64 > chars as f64 * MAX_CONTROL_SHARE {
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

/// Counts over the bytes of a text, in one branch-free pass that vectorises
/// (this runs on every input).
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

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!((plain.text.as_str(), plain.encoding), (SAMPLE, "UTF-8"));
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
    }
}

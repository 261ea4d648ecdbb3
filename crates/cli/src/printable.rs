//! A writer for text meant for people: every control character passes through
//! [`xxgk_diagnostics::printable`], however the text is split into writes.
//! Machine formats (JSON, CSV, SARIF) are written as they are: their escaping
//! is their own.

use std::io::{self, Write};

/// Wraps `W`; when `enabled` is false it passes bytes through untouched (the
/// same command writes a table or JSON to the same stream).
pub struct Printable<W: Write> {
    inner: W,
    enabled: bool,
    /// The start of a UTF-8 sequence split between two writes.
    pending: Vec<u8>,
}

impl<W: Write> Printable<W> {
    /// A writer that escapes control characters when `enabled`.
    pub fn new(inner: W, enabled: bool) -> Printable<W> {
        Printable {
            inner,
            enabled,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        self.inner
            .write_all(xxgk_diagnostics::printable(text).as_bytes())
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.enabled {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.emit(text)?;
                    break;
                }
                Err(err) => {
                    let (valid, after) = rest.split_at(err.valid_up_to());
                    // Checked by from_utf8 up to valid_up_to.
                    self.emit(std::str::from_utf8(valid).unwrap_or_default())?;
                    match err.error_len() {
                        // An incomplete sequence at the end: wait for the rest.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        Some(len) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            rest = &after[len..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.inner.write_all("\u{fffd}".as_bytes())?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]], enabled: bool) -> String {
        let mut out = Printable::new(Vec::new(), enabled);
        for chunk in chunks {
            out.write_all(chunk).unwrap();
        }
        out.flush().unwrap();
        String::from_utf8(out.inner).unwrap()
    }

    #[test]
    fn controls_are_escaped_across_split_writes() {
        let text = "机关\u{1b}]52;c;eA==\u{7}名\u{9b}";
        let bytes = text.as_bytes();
        let whole = through(&[bytes], true);
        assert_eq!(whole, "机关␛]52;c;eA==␇名<U+009B>");
        for cut in 1..bytes.len() {
            assert_eq!(
                through(&[&bytes[..cut], &bytes[cut..]], true),
                whole,
                "cut {cut}"
            );
        }
        assert_eq!(through(&[bytes], false), text);
    }
}

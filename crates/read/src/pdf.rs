//! Reading PDF sources into a [`Document`].
//!
//! The text layer is taken by poppler's `pdftotext -layout -enc UTF-8`, run as a
//! subprocess with the PDF on its standard input, and read as text by
//! [`Document::from_text`]: the layout reader that splits aligned columns is the
//! same for a PDF and for a saved text layer, and the form feeds `pdftotext`
//! writes after each page give every span its `page`.
//!
//! # Order
//!
//! `pdftotext -layout` prints the pieces of text that share a baseline in the
//! order of a column it estimates for each, and the estimate can disagree with
//! the page: a table row printed `１６２７   0` where the page shows `0` left of
//! `１６２７`, two values a column apart printed `00`, or a value moved onto a
//! line of its own. Read as printed, values would land in each other's columns.
//! So a second run at the same time, `pdftotext -tsv -layout`, lists every
//! piece with its box; each line of the text is matched to the pieces it
//! prints, and a line whose pieces are not left to right, run together across
//! a gap, split from the rest of their row, or not found is kept as out of
//! order ([`Document::out_of_order`], with an [`crate::OutOfOrder`] saying
//! which). Nothing is reordered: the extractor reads no number from such a
//! line (rule `text-order`).
//!
//! # Why `pdftotext`
//!
//! Chosen by measurement on the real reports (`tests/data/pdf/`) and on PDFs
//! whose Chinese fonts use the predefined CMaps `UniGB-UCS2-H` and `GBK-EUC-H`
//! (non-embedded `STSong-Light`, common in reports written by older tools):
//!
//! * `pdftotext -layout` (poppler 22.12 with poppler-data): every cell of the
//!   three real reports right, both predefined CMaps right, 14–18 ms a report
//!   including the process start.
//! * `pdf-extract` 0.12: every cell of the three real reports right, but it
//!   panics on `UniGB-UCS2-H` and `GBK-EUC-H` ("unsupported encoding") and
//!   cannot open a PDF whose xref offset is wrong (which poppler repairs).
//! * `oxidize-pdf` 5.5, `lopdf` 0.47, `pdf_oxide` 0.3: the characters right but
//!   the columns lost in places — 7 to 130 of a report's ~190 cells unreadable
//!   (null); `lopdf` also fails on `GBK-EUC-H`.
//!
//! Running a separate process also bounds what a hostile or broken PDF can do:
//! the reader kills it after [`Pdftotext::timeout`] and stops reading after
//! [`Pdftotext::max_output`] bytes, and a crash of the tool is an error here,
//! never a crash of `xxgk`.
//!
//! # Errors
//!
//! * no `pdftotext` → `unsupported-format`, saying which package to install;
//! * a file poppler cannot open (damaged xref, truncated) → `corrupt`;
//! * an encrypted PDF → `unsupported-format`;
//! * no text at all (a scanned report) → `no-text-layer`;
//! * text that is mostly characters no Chinese report prints (fonts without a
//!   usable character map give Latin-1 symbols, other scripts or U+FFFD in place
//!   of Chinese) → `encoding`: such text is never read for numbers;
//! * too slow, too much output, or text in more than a million pieces →
//!   `too-large`;
//! * a `pdftotext` that cannot list positions (`-tsv`) → `unsupported-format`.

use crate::error::{ErrorKind, ReadError};
use crate::Document;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod order;

/// The environment variable naming the `pdftotext` to run, when it is not on `PATH`.
pub const PDFTOTEXT_VAR: &str = "XXGK_PDFTOTEXT";

/// Longest a PDF may take to be read.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Most text a PDF may produce (the same bound as for text inputs).
pub const DEFAULT_MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// Most of the tool's error output kept (for the message).
const MAX_STDERR: usize = 64 * 1024;

/// Fewest unusable characters that make a text layer mojibake (a stray symbol
/// or two in a real report must not).
const MIN_UNUSABLE: usize = 10;

/// How to run `pdftotext`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pdftotext {
    /// The program: `pdftotext` (found on `PATH`), or a path.
    pub program: PathBuf,
    /// The process is killed after this long.
    pub timeout: Duration,
    /// The process is killed when its text grows past this many bytes.
    pub max_output: usize,
}

impl Default for Pdftotext {
    /// `pdftotext` from `PATH`, or the program `XXGK_PDFTOTEXT` names; 30 s; 64 MiB.
    fn default() -> Pdftotext {
        let program = std::env::var_os(PDFTOTEXT_VAR)
            .filter(|p| !p.is_empty())
            .map_or_else(|| PathBuf::from("pdftotext"), PathBuf::from);
        Pdftotext {
            program,
            timeout: DEFAULT_TIMEOUT,
            max_output: DEFAULT_MAX_OUTPUT,
        }
    }
}

/// Reads the bytes of a PDF file with the default [`Pdftotext`].
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with(bytes, &Pdftotext::default())
}

/// Reads the bytes of a PDF file with the given `pdftotext`: its layout text,
/// with the lines `pdftotext` printed out of their order on the page marked
/// (see *Order* above).
pub fn read_with(bytes: &[u8], engine: &Pdftotext) -> Result<Document, ReadError> {
    // The two runs of the tool are independent: at once, a report takes the
    // time of the slower.
    let (text, pieces) = std::thread::scope(|scope| {
        let pieces = scope.spawn(|| engine.pieces(bytes));
        (engine.text(bytes), pieces.join())
    });
    let text = text?;
    check_text(&text)?;
    let pieces = pieces.unwrap_or_else(|_| Err(io_error("thread")))?;
    if pieces.too_many() {
        return Err(too_many_pieces());
    }
    let out_of_order = pieces.out_of_order(&text);
    Ok(Document::from_text(text).with_out_of_order(&out_of_order))
}

/// How many times the text's bytes the listing of its pieces may take: it is
/// about ten times as long (a row of positions per word and per text line).
const LISTING_PER_TEXT: usize = 16;

impl Pdftotext {
    /// The text layer of a PDF as `pdftotext -layout` prints it: pages ended by
    /// form feeds, columns aligned with spaces.
    pub fn text(&self, bytes: &[u8]) -> Result<String, ReadError> {
        let args = ["-layout", "-enc", "UTF-8", "-", "-"];
        let out = self.run(bytes, &args, self.max_output, tool_failed, |from| {
            let mut buf = Vec::new();
            let read = from.read_to_end(&mut buf);
            (buf, read.is_ok())
        })?;
        Ok(match String::from_utf8(out) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// The pieces of every page with their boxes, as `pdftotext -tsv -layout`
    /// lists them; parsed as they are read, so that the listing is never held.
    fn pieces(&self, bytes: &[u8]) -> Result<order::Pieces, ReadError> {
        let args = ["-tsv", "-layout", "-enc", "UTF-8", "-", "-"];
        let limit = self.max_output.saturating_mul(LISTING_PER_TEXT);
        let failed = |status, stderr: &[u8]| self.cannot_list(status, stderr);
        self.run(bytes, &args, limit, failed, |from| {
            let mut pieces = order::Pieces::default();
            let mut from = BufReader::new(from);
            let mut row = Vec::new();
            loop {
                row.clear();
                match from.read_until(b'\n', &mut row) {
                    Ok(0) => return (pieces, true),
                    Ok(_) => pieces.add_row(String::from_utf8_lossy(&row).trim_end()),
                    Err(_) => return (pieces, false),
                }
            }
        })
    }

    /// The error for a tool that read the text but failed to list the
    /// positions: the tool is named as the problem, not the PDF (an older
    /// poppler without `-tsv`, say). Reading on unchecked would risk a row in
    /// the wrong order.
    fn cannot_list(&self, status: ExitStatus, stderr: &[u8]) -> ReadError {
        let detail = exit_detail(status, stderr);
        let program = self.program.display();
        ReadError::new(
            ErrorKind::UnsupportedFormat,
            format!(
                "pdftotext（{program}）无法列出文字的位置（-tsv），无法核对版面顺序；需要较新的 poppler-utils（Debian 12 的 22.12 可用）（{detail}）"
            ),
            format!(
                "pdftotext ({program}) cannot list the text's positions (-tsv) to check the layout's order; a newer poppler-utils is needed (Debian 12's 22.12 works) ({detail})"
            ),
        )
    }

    /// Runs the tool with `args`, the PDF on its standard input, and hands its
    /// output (at most `limit` bytes are read) to `read`, which says what it
    /// made of it and whether reading went well. A tool that exits with an
    /// error is reported by `failed`, given its status and error output.
    fn run<T: Send>(
        &self,
        bytes: &[u8],
        args: &[&str],
        limit: usize,
        failed: impl FnOnce(ExitStatus, &[u8]) -> ReadError,
        read: impl FnOnce(&mut dyn Read) -> (T, bool) + Send,
    ) -> Result<T, ReadError> {
        let mut child = Command::new(&self.program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(e))?;
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            kill(&mut child);
            return Err(io_error("pipes"));
        };
        // At most a day, so that the deadline is a time (`Duration::MAX` is not).
        let deadline = Instant::now() + self.timeout.min(Duration::from_secs(86_400));
        let (done, finished) = mpsc::channel();
        let (outcome, out, err) = std::thread::scope(|scope| {
            // Writing the PDF and reading both outputs at once: the tool reads all
            // of its input before it writes, but may write errors at any time.
            scope.spawn(move || {
                // A tool that exits early closes the pipe: not an error here.
                let _ = stdin.write_all(bytes);
            });
            let out = scope.spawn(move || {
                let mut from = Counted {
                    inner: stdout.take((limit as u64).saturating_add(1)),
                    count: 0,
                };
                let (value, read_ok) = read(&mut from);
                // Whatever `read` left is drained, so that the tool can exit.
                let drained = std::io::copy(&mut from, &mut std::io::sink()).is_ok();
                let _ = done.send(from.count > limit);
                (value, read_ok && drained, from.count)
            });
            let err = scope.spawn(move || drain(stderr, MAX_STDERR));
            let outcome = wait(&mut child, &finished, deadline);
            (outcome, out.join(), err.join().unwrap_or_default())
        });
        let status = match outcome {
            Waited::Exited(status) => status,
            Waited::TimedOut => return Err(self.timed_out()),
            Waited::TooMuch => return Err(too_much(self.max_output)),
            Waited::Failed => return Err(io_error("wait")),
        };
        let Ok((value, read_ok, count)) = out else {
            return Err(io_error("read"));
        };
        if count > limit {
            return Err(too_much(self.max_output));
        }
        if !status.success() {
            return Err(failed(status, &err));
        }
        if !read_ok {
            return Err(io_error("read"));
        }
        Ok(value)
    }

    fn spawn_error(&self, e: std::io::Error) -> ReadError {
        if e.kind() == std::io::ErrorKind::NotFound {
            return ReadError::new(
                ErrorKind::UnsupportedFormat,
                format!(
                    "需要 poppler-utils 中的 pdftotext 才能读取 PDF（Debian: apt-get install poppler-utils poppler-data）；未找到程序「{}」",
                    self.program.display()
                ),
                format!(
                    "reading PDF needs pdftotext from poppler-utils (Debian: apt-get install poppler-utils poppler-data); program `{}` not found",
                    self.program.display()
                ),
            );
        }
        ReadError::new(
            ErrorKind::Io,
            format!("无法运行 pdftotext（{}）：{e}", self.program.display()),
            format!("cannot run pdftotext ({}): {e}", self.program.display()),
        )
        .with_source(e)
    }

    fn timed_out(&self) -> ReadError {
        let seconds = self.timeout.as_secs_f64();
        ReadError::new(
            ErrorKind::TooLarge,
            format!("PDF 在 {seconds} 秒内未能读完（文件过大、过于复杂或已损坏）"),
            format!(
                "the PDF could not be read within {seconds} s (too large, too complex or damaged)"
            ),
        )
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: usize,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n;
        Ok(n)
    }
}

enum Waited {
    Exited(ExitStatus),
    TimedOut,
    TooMuch,
    Failed,
}

/// Waits for the tool to close its output and exit, killing it at `deadline` or
/// when its output passes the limit (the output reader says which).
fn wait(child: &mut Child, finished: &mpsc::Receiver<bool>, deadline: Instant) -> Waited {
    let left = deadline.saturating_duration_since(Instant::now());
    match finished.recv_timeout(left) {
        Ok(false) => {}
        Ok(true) => {
            kill(child);
            return Waited::TooMuch;
        }
        Err(_) => {
            kill(child);
            return Waited::TimedOut;
        }
    }
    // The output is closed: the tool is exiting.
    let mut pause = Duration::from_micros(100);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Waited::Exited(status),
            Ok(None) if Instant::now() >= deadline => {
                kill(child);
                return Waited::TimedOut;
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(_) => {
                kill(child);
                return Waited::Failed;
            }
        }
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads all of `from`, keeping the first `keep` bytes.
fn drain(mut from: impl Read, keep: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match from.read(&mut chunk) {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = keep.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
            }
        }
    }
}

fn io_error(what: &str) -> ReadError {
    ReadError::new(
        ErrorKind::Io,
        format!("运行 pdftotext 时出错（{what}）"),
        format!("running pdftotext failed ({what})"),
    )
}

fn too_much(limit: usize) -> ReadError {
    let mib = limit as f64 / (1024.0 * 1024.0);
    ReadError::new(
        ErrorKind::TooLarge,
        format!("PDF 的文字超过 {mib:.1} MiB"),
        format!("the PDF's text is over {mib:.1} MiB"),
    )
}

/// The error for a PDF whose text is in more pieces than a report has by
/// thousands of times: not held, not read.
fn too_many_pieces() -> ReadError {
    let most = order::MAX_PIECES;
    ReadError::new(
        ErrorKind::TooLarge,
        format!("PDF 的文字分成了超过 {most} 段（一份年度报告只有几百段），不予读取"),
        format!(
            "the PDF's text is in more than {most} pieces (an annual report has a few hundred) and is not read"
        ),
    )
}

/// The error for a tool that exited with an error: poppler's `pdftotext` exits
/// with 1 when it cannot open the file, 3 when the permissions forbid copying.
fn tool_failed(status: ExitStatus, stderr: &[u8]) -> ReadError {
    let lower = String::from_utf8_lossy(stderr).to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::new(
            ErrorKind::UnsupportedFormat,
            "PDF 已加密，需要密码才能读取",
            "the PDF is encrypted and needs a password",
        );
    }
    if status.code() == Some(3) {
        return ReadError::new(
            ErrorKind::UnsupportedFormat,
            "PDF 的权限设置不允许提取文字",
            "the PDF's permissions do not allow copying its text",
        );
    }
    let detail = exit_detail(status, stderr);
    ReadError::new(
        ErrorKind::Corrupt,
        format!("PDF 文件已损坏或不完整，无法读取（pdftotext {detail}）"),
        format!("the PDF file is damaged or incomplete and cannot be read (pdftotext {detail})"),
    )
}

/// How the tool exited and the last line it said: `exit 1: Syntax Error: …`.
fn exit_detail(status: ExitStatus, stderr: &[u8]) -> String {
    let said = String::from_utf8_lossy(stderr);
    let last: String = said
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let how = match status.code() {
        Some(code) => format!("exit {code}"),
        None => "killed by a signal".to_string(),
    };
    if last.is_empty() {
        how
    } else {
        format!("{how}: {last}")
    }
}

/// Refuses a text layer that is empty (a scanned report) or mostly characters
/// no report prints (fonts without a usable character map).
pub fn check_text(text: &str) -> Result<(), ReadError> {
    let mut han = 0usize;
    let mut unusable = 0usize;
    let mut any = false;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        any = true;
        match classify(c) {
            Class::Han => han += 1,
            Class::Unusable => unusable += 1,
            Class::Other => {}
        }
    }
    if !any {
        return Err(ReadError::new(
            ErrorKind::NoTextLayer,
            "PDF 没有文字层（可能是扫描件），不支持 OCR",
            "the PDF has no text layer (it may be a scan); OCR is not supported",
        ));
    }
    if unusable >= MIN_UNUSABLE && unusable > han {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!(
                "PDF 的字体没有可用的字符映射，提取出的文字是乱码（{unusable} 个无法识别的字符，{han} 个汉字），不予读取"
            ),
            format!(
                "the PDF's fonts have no usable character mapping: its text is mojibake ({unusable} unrecognisable characters, {han} Chinese characters) and is not read"
            ),
        ));
    }
    Ok(())
}

enum Class {
    Han,
    /// Printed in Chinese reports: ASCII, punctuation, full-width forms, symbols.
    Other,
    /// What unmapped fonts produce instead of Chinese: replacement and private-use
    /// characters, controls, Latin-1 symbols and accented letters, ligatures,
    /// other scripts.
    Unusable,
}

fn classify(c: char) -> Class {
    match c as u32 {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Class::Han,
        0x21..=0x7E => Class::Other,
        // Latin-1 signs Chinese text uses: § ° ± · × ÷ ¥ (yuan).
        0xA5 | 0xA7 | 0xB0 | 0xB1 | 0xB7 | 0xD7 | 0xF7 => Class::Other,
        // Pinyin vowels with tone marks (國(guó)).
        0xE0 | 0xE1 | 0xE8 | 0xE9 | 0xEC | 0xED | 0xF2 | 0xF3 | 0xF9 | 0xFA | 0xFC => Class::Other,
        0x101 | 0x113 | 0x11B | 0x12B | 0x14D | 0x16B | 0x1CE | 0x1D0 | 0x1D2 | 0x1D4 | 0x1D6
        | 0x1D8 | 0x1DA | 0x1DC => Class::Other,
        // General punctuation (“” ‘’ … — ‰), letterlike and number forms (Ⅰ Ⅱ ℃),
        // arrows, maths, technical, enclosed numbers (①), box drawing, shapes (■ ●),
        // symbols (★ ☆ √).
        0x2010..=0x2027 | 0x2030..=0x205E | 0x2100..=0x27BF => Class::Other,
        // CJK symbols and punctuation, kana, bopomofo, enclosed CJK, compatibility.
        0x3000..=0x33FF => Class::Other,
        // Vertical, compatibility and small forms; full-width and half-width forms.
        0xFE10..=0xFE1F | 0xFE30..=0xFE6F | 0xFF01..=0xFFEF => Class::Other,
        // Greek letters appear in formulas and lists (α β).
        0x391..=0x3C9 => Class::Other,
        _ => Class::Unusable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_or_blank_text_has_no_text_layer() {
        for text in ["", "\x0c", " \n\x0c\n  \x0c"] {
            assert_eq!(check_text(text).unwrap_err().kind, ErrorKind::NoTextLayer);
        }
    }

    #[test]
    fn chinese_text_passes_and_mojibake_does_not() {
        assert!(check_text("政府信息公开工作年度报告 “一、总体情况” 3119 件 ① ×").is_ok());
        // UTF-8 bytes of Chinese shown in a Latin font with StandardEncoding.
        let mojibake = "¿”¿¡fl‹…„·”ƒ¥ 2023 „· ”‹‚ ‚ªƒŁ¿ ‹¥„fiª‚›””–‰¿”¿¡fl";
        assert_eq!(check_text(mojibake).unwrap_err().kind, ErrorKind::Encoding);
        // CIDs taken as code points by a font without a map: other scripts, controls.
        let cids = "бԪۿݱ\u{14}\u{15}бԪۿݱбԪۿݱ";
        assert_eq!(check_text(cids).unwrap_err().kind, ErrorKind::Encoding);
        assert_eq!(
            check_text(&"\u{FFFD}".repeat(40)).unwrap_err().kind,
            ErrorKind::Encoding
        );
        // GBK bytes shown in a WinAnsi font.
        let gbk = "Õþ¸®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ ±¾Äê¶È¹²Ö÷¶¯¹«¿ªÕþ¸®ÐÅÏ¢1000Ìõ£¬";
        assert_eq!(check_text(gbk).unwrap_err().kind, ErrorKind::Encoding);
        // Pinyin after characters is not mojibake.
        assert!(
            check_text("中華人民共和國(guó)政(zhèng)府(fǔ)信(xìn)息(xī)公(gōng)開(kāi)").is_ok()
        );
        // A few stray symbols in a Chinese report are fine.
        assert!(
            check_text("报告正文报告正文报告正文 ¿¿¿¿¿¿¿¿¿¿¿ 报告正文报告正文报告正文").is_ok()
        );
        // Text without Chinese but without mojibake is read (and finds no tables).
        assert!(check_text("Annual report 2023: 1000 items").is_ok());
    }
}

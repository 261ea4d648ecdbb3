//! Measured extraction accuracy: compares what `xxgk-extract` reads from real
//! documents with hand-checked expected values (`xxgk/expected@1`, one file per
//! document under `tests/data/expected`) and counts, per document and in total,
//! numbers read right, missed, wrong, blanks read right, undecidable cells, and
//! whether year, format and agency were read right.
//!
//! The command line (`xxgk eval`) only parses arguments and prints; finding the
//! files, extracting and scoring live here.

mod expected;
mod score;

pub use expected::{table_of, Expected, InvalidExpected, EXPECTED_SCHEMA, TABLES};
pub use score::{score, Counts, DocScore, Expectation, Field, Total, Verdict, WrongCell};

use std::fs;
use std::path::{Path, PathBuf};
use xxgk_model::{Lang, Message, Report};
use xxgk_read::ReadError;

/// The default folder of expected files, relative to the repository root.
pub const DEFAULT_DIR: &str = "tests/data/expected";

/// Why one expected file or one of its documents could not be evaluated.
#[derive(Clone, Debug)]
pub struct EvalError {
    /// The file that failed: the expected file, or the document it names.
    pub path: PathBuf,
    /// What went wrong, in both languages.
    pub message: Message,
}

impl EvalError {
    fn new(path: &Path, zh: impl Into<String>, en: impl Into<String>) -> EvalError {
        EvalError {
            path: path.to_path_buf(),
            message: Message::new(zh, en),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// The expected files among `paths`: files as given, folders searched
/// recursively for `*.json`, each folder's files in name order.
pub fn expected_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut out);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Where the document `file` named in the expected file `expected_path` is:
/// `file` itself when it exists relative to the current directory (or is
/// absolute), else `file` joined to the nearest ancestor folder of the expected
/// file where it exists — the repository root for a file under
/// `tests/data/expected` naming `tests/data/…`. `None` when neither exists.
pub fn resolve(file: &str, expected_path: &Path) -> Option<PathBuf> {
    let direct = PathBuf::from(file);
    if direct.exists() {
        return Some(direct);
    }
    let start = expected_path.parent()?;
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(file))
        .find(|candidate| candidate.exists())
}

/// Reads one expected file.
pub fn read_expected(path: &Path) -> Result<Expected, EvalError> {
    let text = fs::read_to_string(path)
        .map_err(|e| EvalError::new(path, format!("无法读取：{e}"), format!("cannot read: {e}")))?;
    Expected::parse(&text).map_err(|InvalidExpected(message)| EvalError {
        path: path.to_path_buf(),
        message,
    })
}

/// The outcome of one document named by an expected file.
pub type Outcome = Result<DocScore, EvalError>;

/// Evaluates one expected file: each document it names is found with
/// [`resolve`], read with `extract` (given the path found and the name as
/// written in the expected file) and scored. An expected file that cannot be
/// read gives one error; a document that cannot be found or read gives an
/// error in its place.
pub fn evaluate(
    expected_path: &Path,
    extract: impl Fn(&Path, &str) -> Result<Report, ReadError>,
) -> Vec<Outcome> {
    let expected = match read_expected(expected_path) {
        Ok(e) => e,
        Err(err) => return vec![Err(err)],
    };
    expected
        .files
        .iter()
        .map(|file| {
            let path = resolve(file, expected_path).ok_or_else(|| {
                EvalError::new(
                    Path::new(file),
                    format!("找不到文档（{} 中指明）", expected_path.display()),
                    format!("document not found (named in {})", expected_path.display()),
                )
            })?;
            let report = extract(&path, file).map_err(|e| EvalError {
                path: path.clone(),
                message: e.message.clone(),
            })?;
            Ok(score(&expected, &report, file))
        })
        .collect()
}

/// Reads and extracts a document with `xxgk-extract`, without the size guard
/// and panic guard the command line adds.
pub fn extract_file(path: &Path, file: &str) -> Result<Report, ReadError> {
    let bytes = fs::read(path).map_err(|e| {
        ReadError::new(
            xxgk_read::ErrorKind::Io,
            format!("无法读取：{e}"),
            format!("cannot read: {e}"),
        )
    })?;
    xxgk_extract::extract_bytes(&bytes, file)
}

//! Turning the PATH arguments into the list of files to read, and reading one
//! file safely.
//!
//! Nothing is skipped silently: every path that does not exist, every folder
//! entry that cannot be listed and every file that cannot be read becomes an
//! error for that one input, and the rest of the batch continues.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;
use xxgk_extract::{too_large, MAX_INPUT_BYTES};
use xxgk_read::{ErrorKind, ReadError};

/// One input of a batch: a file to read, or a path that already failed while the
/// arguments were expanded (it keeps its place in the output order).
#[derive(Debug)]
pub enum Input {
    /// A file to read.
    File(PathBuf),
    /// A path that could not be expanded, and why (boxed: a national corpus
    /// lists 100,000s of inputs, nearly all files, and each is as large as
    /// the largest kind).
    Failed(PathBuf, Box<ReadError>),
}

/// Expands files and folders into inputs, in argument order; folders are walked
/// recursively with entries sorted by name so that output is deterministic.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs),
            // Not checked further here: `read` refuses what is not a regular file.
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(err) => inputs.push(Input::Failed(path.clone(), Box::new(io_error(err)))),
        }
    }
    inputs
}

/// Every non-folder entry under `root`. Symbolic links are followed so that a
/// linked report is read like any other; walkdir detects link loops and reports
/// them as errors instead of descending forever.
///
/// A folder without any file is an error too: the user expected reports there.
fn walk(root: &Path, inputs: &mut Vec<Input>) {
    let before = inputs.len();
    // Hidden entries (`.git`, `.DS_Store`) are not reports; a hidden folder named
    // on the command line itself is still walked.
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => inputs.push(Input::File(entry.into_path())),
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                inputs.push(Input::Failed(path, Box::new(walk_error(err))));
            }
        }
    }
    if inputs.len() == before {
        inputs.push(Input::Failed(root.to_path_buf(), Box::new(empty_folder())));
    }
}

/// Reads a whole file, refusing anything that is not a regular file (a FIFO would
/// block forever) and anything over [`MAX_INPUT_BYTES`] before reading it.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = File::open(path).map_err(io_error)?;
    // The size is checked again while reading: the file may grow after `metadata`.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Runs `work`, turning a panic into an error for the one input being processed,
/// so that a bug triggered by one odd document does not abort a batch of
/// thousands. `zh`/`en` say which step crashed.
pub fn guarded<T>(
    work: impl FnOnce() -> Result<T, ReadError>,
    zh: &str,
    en: &str,
) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(ReadError::new(
            // There is no "internal" kind; the input is what tripped the program.
            ErrorKind::Corrupt,
            format!("内部错误：{zh}时程序崩溃，请报告此问题"),
            format!("internal error: {en} crashed on this file; please report it"),
        ))
    })
}

/// An I/O failure in both languages, caused by `err`.
pub fn io_error(err: io::Error) -> ReadError {
    io_message(&err).with_source(err)
}

/// What an I/O failure says: the common cases get a translated message, the
/// rest keep the operating system's wording.
fn io_message(err: &io::Error) -> ReadError {
    match err.kind() {
        io::ErrorKind::NotFound => ReadError::new(
            ErrorKind::Io,
            "文件或文件夹不存在",
            "no such file or folder",
        ),
        io::ErrorKind::PermissionDenied => {
            ReadError::new(ErrorKind::Io, "没有读取权限", "permission denied")
        }
        _ => ReadError::new(
            ErrorKind::Io,
            format!("无法读取：{err}"),
            format!("cannot read: {err}"),
        ),
    }
}

fn walk_error(err: walkdir::Error) -> ReadError {
    if err.loop_ancestor().is_some() {
        return ReadError::new(
            ErrorKind::Io,
            "符号链接构成循环，未继续进入",
            "symbolic link loop; not followed",
        )
        .with_source(err);
    }
    let read_error = match err.io_error() {
        Some(io) => io_message(io),
        None => ReadError::new(
            ErrorKind::Io,
            format!("无法读取：{err}"),
            format!("cannot read: {err}"),
        ),
    };
    read_error.with_source(err)
}

fn empty_folder() -> ReadError {
    ReadError::new(
        ErrorKind::Empty,
        "文件夹中没有任何文件",
        "the folder holds no files",
    )
}

fn not_regular() -> ReadError {
    ReadError::new(
        ErrorKind::Io,
        "不是普通文件（设备、管道或套接字）",
        "not a regular file (a device, pipe or socket)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(input: &Input) -> &Path {
        match input {
            Input::File(path) | Input::Failed(path, _) => path,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xxgk-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn folders_are_walked_in_name_order() {
        let dir = scratch("order");
        fs::create_dir(dir.join("b")).unwrap();
        fs::write(dir.join("b/2.txt"), "x").unwrap();
        fs::write(dir.join("c.txt"), "x").unwrap();
        fs::write(dir.join("a.txt"), "x").unwrap();
        let names: Vec<_> = expand(std::slice::from_ref(&dir))
            .iter()
            .map(|i| path_of(i).strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [PathBuf::from("a.txt"), "b/2.txt".into(), "c.txt".into()]
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_empty_folder_is_an_input_error() {
        let dir = scratch("empty");
        let inputs = expand(std::slice::from_ref(&dir));
        assert!(matches!(&inputs[..], [Input::Failed(_, e)] if e.kind == ErrorKind::Empty));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn missing_path_is_an_input_error() {
        let inputs = expand(&[PathBuf::from("/nonexistent/xxgk")]);
        assert!(matches!(&inputs[..], [Input::Failed(_, e)] if e.kind == ErrorKind::Io));
    }

    /// A batch lists every file before reading any: an input costs a path and
    /// a pointer, however large an error is.
    #[test]
    fn an_input_is_a_path_and_a_pointer() {
        assert!(std::mem::size_of::<Input>() <= std::mem::size_of::<PathBuf>() + 8);
    }

    /// The operating system's error stays reachable behind the translated message.
    #[test]
    fn io_errors_keep_their_cause() {
        use std::error::Error;
        let err = read(Path::new("/nonexistent/xxgk")).unwrap_err();
        assert_eq!(err.message.en, "no such file or folder");
        let cause = err.source().and_then(|s| s.downcast_ref::<io::Error>());
        assert_eq!(cause.map(io::Error::kind), Some(io::ErrorKind::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = scratch("loop");
        fs::write(dir.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
        let inputs = expand(std::slice::from_ref(&dir));
        assert!(inputs.iter().any(|i| matches!(i, Input::Failed(..))));
        assert_eq!(
            inputs
                .iter()
                .filter(|i| matches!(i, Input::File(_)))
                .count(),
            1
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn folders_are_not_regular_files() {
        let err = read(&std::env::temp_dir()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Io);
    }
}

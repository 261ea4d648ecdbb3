//! The file a command writes (`-o FILE`):
//!
//! * its format and extension must agree: `render -o 报告.pdf` must not put
//!   Markdown into a `.pdf`. The format comes from `--to`, else from the
//!   file's extension; an extension that names another format (or none the
//!   command writes) is refused before anything is written ([`format_for`]);
//! * an existing file is never overwritten unless `--force` — the one meaning
//!   of `--force` in every command that writes a file;
//! * the file appears complete or not at all ([`Pending`]): it is written to a
//!   temporary file in the same folder and renamed onto its name only when
//!   everything was written and synced, so a full disk, a killed process or an
//!   error leaves no truncated file behind (and an overwritten file intact).
//!   A folder of files (Parquet) is written the same way ([`PendingDir`]):
//!   into a temporary folder beside it, renamed when complete.

use crate::{print_error, EXIT_FAILURE};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xxgk_model::Lang;

/// An output file being written: a temporary file beside the target, renamed
/// onto it by [`Pending::commit`]; dropped without a commit, it is removed.
pub(crate) struct Pending {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    force: bool,
}

impl Pending {
    /// Starts writing `target`: refuses an existing file unless `force`, and
    /// creates the temporary file in its folder.
    pub fn create(target: &Path, force: bool, lang: Lang) -> Result<Pending, ExitCode> {
        refuse_existing(target, force, lang)?;
        let temp = temporary(0o666)
            .tempfile_in(folder_of(target))
            .map_err(|e| write_failed(target, &e, lang))?;
        Ok(Pending {
            temp,
            target: target.to_path_buf(),
            force,
        })
    }

    /// Where the content is written until the commit (for writers that take
    /// a path, such as the XLSX writer).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The temporary file, to write the content to.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// A second handle on the temporary file, for a writer that owns its
    /// file; the content is committed through `self` all the same.
    pub fn reopen(&self) -> io::Result<std::fs::File> {
        self.temp.as_file().try_clone()
    }

    /// Syncs the content and moves it onto the target's name.
    pub fn commit(self, lang: Lang) -> Result<(), ExitCode> {
        let Pending {
            temp,
            target,
            force,
        } = self;
        // A replaced file keeps its permissions.
        if let Ok(metadata) = target.metadata() {
            let _ = temp.as_file().set_permissions(metadata.permissions());
        }
        temp.as_file()
            .sync_all()
            .map_err(|e| write_failed(&target, &e, lang))?;
        let persisted = if force {
            temp.persist(&target)
        } else {
            // Another process may have created it meanwhile.
            temp.persist_noclobber(&target)
        };
        persisted.map_err(|e| write_failed(&target, &e.error, lang))?;
        Ok(())
    }
}

/// An output folder being written (`export --to parquet`): a temporary folder
/// beside the target, renamed onto it by [`PendingDir::commit`]; dropped
/// without a commit, it is removed with everything in it.
///
/// An empty folder counts as absent (nothing in it can be lost); a folder
/// with anything in it, or a file, is replaced only with `force`.
pub(crate) struct PendingDir {
    temp: tempfile::TempDir,
    target: PathBuf,
}

impl PendingDir {
    /// Starts writing the folder `target`: refuses an existing non-empty one
    /// unless `force`, and creates the temporary folder beside it.
    pub fn create(target: &Path, force: bool, lang: Lang) -> Result<PendingDir, ExitCode> {
        if !is_empty_dir(target) {
            refuse_existing(target, force, lang)?;
        }
        let temp = temporary(0o777)
            .tempdir_in(folder_of(target))
            .map_err(|e| write_failed(target, &e, lang))?;
        Ok(PendingDir {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// Where the files are written until the commit.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Syncs every file written and moves the folder onto the target's name;
    /// what was there before (allowed by `force`) is removed only once the
    /// new folder is in place.
    pub fn commit(self, lang: Lang) -> Result<(), ExitCode> {
        let PendingDir { temp, target } = self;
        let failed = |e: &io::Error| write_failed(&target, e, lang);
        sync_tree(temp.path()).map_err(|e| failed(&e))?;
        if is_empty_dir(&target) {
            std::fs::remove_dir(&target).map_err(|e| failed(&e))?;
        }
        // What is replaced is moved aside first, so that it can be put back
        // if the rename fails.
        let aside = if target.symlink_metadata().is_ok() {
            let aside = tempfile::Builder::new()
                .prefix(".xxgk-")
                .suffix(".old")
                .tempdir_in(folder_of(&target))
                .map_err(|e| failed(&e))?;
            let path = aside.path().join("replaced");
            std::fs::rename(&target, &path).map_err(|e| failed(&e))?;
            Some((aside, path))
        } else {
            None
        };
        if let Err(e) = std::fs::rename(temp.path(), &target) {
            if let Some((_, path)) = &aside {
                let _ = std::fs::rename(path, &target);
            }
            return Err(failed(&e));
        }
        // The temporary folder is now the target: nothing left to remove.
        let _ = temp.keep();
        drop(aside);
        Ok(())
    }
}

/// A builder of temporary outputs (`.xxgk-….part`) with the permissions of
/// any new file or folder, `mode` less the umask (a temporary file's own are
/// owner-only, and would stay so after the rename).
fn temporary(mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".xxgk-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder
}

/// `fsync` on every file under `dir` and on the folders themselves.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            std::fs::File::open(&path)?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// The folder `target` is in (`.` for a bare name).
fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `target` completely or not at all.
pub(crate) fn write_file(
    target: &Path,
    bytes: &[u8],
    force: bool,
    lang: Lang,
) -> Result<(), ExitCode> {
    let mut pending = Pending::create(target, force, lang)?;
    pending
        .file()
        .write_all(bytes)
        .map_err(|e| write_failed(target, &e, lang))?;
    pending.commit(lang)
}

/// Where a command's text goes: standard output, or (`-o FILE`) a file
/// written through [`Pending`], complete or not at all.
pub(crate) enum Output {
    /// Standard output, buffered.
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    /// The file being written, and a buffered handle on it.
    File(Pending, io::BufWriter<std::fs::File>),
}

impl Output {
    /// Standard output when `path` is `None` (or `-`), else the file `path`:
    /// an existing one is refused unless `force`.
    pub fn open(path: Option<&Path>, force: bool, lang: Lang) -> Result<Output, ExitCode> {
        match path.filter(|p| p.as_os_str() != "-") {
            None => Ok(Output::Stdout(io::BufWriter::new(io::stdout().lock()))),
            Some(path) => {
                let pending = Pending::create(path, force, lang)?;
                let file = pending.reopen().map_err(|e| write_failed(path, &e, lang))?;
                Ok(Output::File(pending, io::BufWriter::new(file)))
            }
        }
    }

    /// True when writing to a file.
    pub fn is_file(&self) -> bool {
        matches!(self, Output::File(..))
    }

    /// Ends the output after `written` (the result of writing it): a file
    /// is committed, or removed with the failure said in its name; standard
    /// output is flushed (a closed pipe is no error, as [`crate::written`]).
    pub fn finish(self, written: io::Result<()>, lang: Lang) -> Result<(), ExitCode> {
        match self {
            Output::Stdout(mut out) => crate::written(written.and_then(|()| out.flush()), lang),
            Output::File(pending, mut out) => {
                let target = pending.target.clone();
                written
                    .and_then(|()| out.flush())
                    .map_err(|e| write_failed(&target, &e, lang))?;
                drop(out);
                pending.commit(lang)
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(_, out) => out.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(_, out) => out.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(_, out) => out.flush(),
        }
    }
}

/// Refuses to replace an existing file (or folder) unless `force`.
pub(crate) fn refuse_existing(target: &Path, force: bool, lang: Lang) -> Result<(), ExitCode> {
    if force || target.symlink_metadata().is_err() {
        return Ok(());
    }
    let message = match (lang, target.is_dir()) {
        (Lang::Zh, false) => "文件已存在，不会覆盖（确需覆盖请加 --force）",
        (Lang::En, false) => "the file exists and is not overwritten (add --force to overwrite it)",
        (Lang::Zh, true) => "已有同名的文件夹，不会覆盖（确需覆盖请加 --force）",
        (Lang::En, true) => {
            "a folder of that name exists and is not replaced (add --force to replace it)"
        }
    };
    print_error(lang, &target.display(), message);
    Err(ExitCode::from(EXIT_FAILURE))
}

/// Says why `target` could not be written (a full disk in plain words), and
/// that nothing was left behind.
pub(crate) fn write_failed(target: &Path, error: &io::Error, lang: Lang) -> ExitCode {
    print_error(lang, &target.display(), &write_error_message(error, lang));
    ExitCode::from(EXIT_FAILURE)
}

/// The message for an output that could not be written.
pub(crate) fn write_error_message(error: &io::Error, lang: Lang) -> String {
    let full = matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
    );
    match (lang, full) {
        (Lang::Zh, true) => format!("磁盘已满，未能写出文件，也未留下不完整的文件（{error}）"),
        (Lang::En, true) => format!(
            "the disk is full: the file was not written, and no partial file was left ({error})"
        ),
        (Lang::Zh, false) => format!("无法写出文件，未留下不完整的文件：{error}"),
        (Lang::En, false) => format!("cannot write the file; no partial file was left: {error}"),
    }
}

/// One format a command writes: the value, its extensions (the first is the
/// usual one), and its name in messages.
pub(crate) struct Written<F> {
    pub format: F,
    pub extensions: &'static [&'static str],
    pub name: &'static str,
}

/// The format to write `output` in: `asked` (from `--to`) if the file's
/// extension agrees with it, else the one the extension names, else `default`.
/// A file without an extension, and standard output (`-`), take any format.
pub(crate) fn format_for<F: Copy + PartialEq>(
    asked: Option<F>,
    output: Option<&Path>,
    formats: &[Written<F>],
    default: F,
    lang: Lang,
) -> Result<F, ExitCode> {
    format_for_option(asked, output, formats, default, "--to", lang)
}

/// [`format_for`] for a command whose format option is `option` (`--format`).
/// An extension several formats write (`.txt`) takes any of them, the first
/// when none is asked for.
pub(crate) fn format_for_option<F: Copy + PartialEq>(
    asked: Option<F>,
    output: Option<&Path>,
    formats: &[Written<F>],
    default: F,
    option: &str,
    lang: Lang,
) -> Result<F, ExitCode> {
    let extension = output
        .filter(|path| path.as_os_str() != "-")
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    let Some(extension) = extension else {
        return Ok(asked.unwrap_or(default));
    };
    let mut by_extension = formats
        .iter()
        .filter(|w| w.extensions.contains(&extension.as_str()));
    let first = by_extension.clone().next();
    match (asked, first) {
        (None, Some(written)) => Ok(written.format),
        (Some(asked), Some(_)) if by_extension.any(|w| w.format == asked) => Ok(asked),
        (asked, _) => {
            let path = output.map(Path::display);
            let message = mismatch(asked, &extension, formats, option, lang);
            match path {
                Some(path) => print_error(lang, &path, &message),
                None => print_error(lang, &"-o", &message),
            }
            Err(ExitCode::from(EXIT_FAILURE))
        }
    }
}

fn mismatch<F: Copy + PartialEq>(
    asked: Option<F>,
    extension: &str,
    formats: &[Written<F>],
    option: &str,
    lang: Lang,
) -> String {
    let usual = |w: &Written<F>| format!(".{}", w.extensions[0]);
    match asked.and_then(|a| formats.iter().find(|w| w.format == a)) {
        Some(asked) => match lang {
            Lang::Zh => format!(
                "文件扩展名 .{extension} 与输出格式 {} 不符；{} 文件请用 {}",
                asked.name,
                asked.name,
                usual(asked)
            ),
            Lang::En => format!(
                "the extension .{extension} does not match the output format {}; name a {} file {}",
                asked.name,
                asked.name,
                usual(asked)
            ),
        },
        None => {
            // Each extension once, with every format it may hold.
            let mut list: Vec<(String, Vec<&str>)> = Vec::new();
            for w in formats {
                match list.iter_mut().find(|(e, _)| *e == usual(w)) {
                    Some((_, names)) => names.push(w.name),
                    None => list.push((usual(w), vec![w.name])),
                }
            }
            let list: Vec<String> = list
                .iter()
                .map(|(e, names)| format!("{e}（{}）", names.join("/")))
                .collect();
            match lang {
                Lang::Zh => format!(
                    "无法按扩展名 .{extension} 输出；可用的扩展名：{}，或用 {option} 指定格式",
                    list.join("、")
                ),
                Lang::En => format!(
                    "cannot write a .{extension} file; the extensions are {}, or choose the format with {option}",
                    list.join(", ").replace('（', " (").replace('）', ")")
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum F {
        Md,
        Docx,
    }

    const FORMATS: &[Written<F>] = &[
        Written {
            format: F::Md,
            extensions: &["md", "markdown"],
            name: "Markdown",
        },
        Written {
            format: F::Docx,
            extensions: &["docx"],
            name: "DOCX",
        },
    ];

    fn pick(asked: Option<F>, output: Option<&str>) -> Option<F> {
        format_for(asked, output.map(Path::new), FORMATS, F::Md, Lang::En).ok()
    }

    #[test]
    fn the_extension_decides_when_nothing_is_asked() {
        assert_eq!(pick(None, Some("a.DOCX")), Some(F::Docx));
        assert_eq!(pick(None, Some("a.markdown")), Some(F::Md));
        assert_eq!(pick(None, Some("a")), Some(F::Md));
        assert_eq!(pick(None, None), Some(F::Md));
        assert_eq!(pick(Some(F::Docx), Some("-")), Some(F::Docx));
    }

    #[test]
    fn an_extension_that_disagrees_or_names_nothing_is_refused() {
        assert_eq!(pick(Some(F::Md), Some("报告.pdf")), None);
        assert_eq!(pick(None, Some("报告.pdf")), None);
        assert_eq!(pick(Some(F::Md), Some("a.docx")), None);
        assert_eq!(pick(Some(F::Docx), Some("a.docx")), Some(F::Docx));
    }

    #[test]
    fn messages_name_the_usual_extension() {
        assert_eq!(
            mismatch(Some(F::Md), "pdf", FORMATS, "--to", Lang::Zh),
            "文件扩展名 .pdf 与输出格式 Markdown 不符；Markdown 文件请用 .md"
        );
        assert_eq!(
            mismatch(None, "pdf", FORMATS, "--to", Lang::Zh),
            "无法按扩展名 .pdf 输出；可用的扩展名：.md（Markdown）、.docx（DOCX），或用 --to 指定格式"
        );
        assert_eq!(
            mismatch(None, "pdf", FORMATS, "--to", Lang::En),
            "cannot write a .pdf file; the extensions are .md (Markdown), .docx (DOCX), or choose the format with --to"
        );
    }
}

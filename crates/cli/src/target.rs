//! The file a command writes and the format it writes in must agree: `render -o
//! 报告.pdf` must not put Markdown into a `.pdf`. The format comes from `--to`,
//! else from the file's extension; an extension that names another format (or
//! none the command writes) is refused before anything is written.

use crate::{print_error, EXIT_FAILURE};
use std::path::Path;
use std::process::ExitCode;
use xxgk_model::Lang;

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
    let extension = output
        .filter(|path| path.as_os_str() != "-")
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    let Some(extension) = extension else {
        return Ok(asked.unwrap_or(default));
    };
    let by_extension = formats
        .iter()
        .find(|w| w.extensions.contains(&extension.as_str()));
    match (asked, by_extension) {
        (None, Some(written)) => Ok(written.format),
        (Some(asked), Some(written)) if written.format == asked => Ok(asked),
        (asked, _) => {
            let path = output.map(Path::display);
            let message = mismatch(asked, &extension, formats, lang);
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
            let list: Vec<String> = formats
                .iter()
                .map(|w| format!("{}（{}）", usual(w), w.name))
                .collect();
            match lang {
                Lang::Zh => format!(
                    "无法按扩展名 .{extension} 输出；可用的扩展名：{}，或用 --to 指定格式",
                    list.join("、")
                ),
                Lang::En => format!(
                    "cannot write a .{extension} file; the extensions are {}, or choose the format with --to",
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
            mismatch(Some(F::Md), "pdf", FORMATS, Lang::Zh),
            "文件扩展名 .pdf 与输出格式 Markdown 不符；Markdown 文件请用 .md"
        );
        assert_eq!(
            mismatch(None, "pdf", FORMATS, Lang::Zh),
            "无法按扩展名 .pdf 输出；可用的扩展名：.md（Markdown）、.docx（DOCX），或用 --to 指定格式"
        );
        assert_eq!(
            mismatch(None, "pdf", FORMATS, Lang::En),
            "cannot write a .pdf file; the extensions are .md (Markdown), .docx (DOCX), or choose the format with --to"
        );
    }
}

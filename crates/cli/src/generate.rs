//! `xxgk generate`: shell completions and the man page, generated from the one
//! command-line definition (in the user's language), so they never fall behind it.

use crate::args::{GenerateArgs, Generated};
use crate::{help, written};
use clap_complete::Shell;
use std::io::{self, Write};
use std::process::ExitCode;
use xxgk_model::Lang;

/// Prints what `args` asks for to standard output.
pub fn run(args: &GenerateArgs, lang: Lang) -> ExitCode {
    let out = match generate(args.what, lang) {
        Ok(out) => out,
        Err(err) => {
            crate::print_error(lang, &"xxgk generate", &err.to_string());
            return ExitCode::from(crate::EXIT_FAILURE);
        }
    };
    match written(io::stdout().lock().write_all(&out), lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The completion script or man page, as bytes.
pub fn generate(what: Generated, lang: Lang) -> io::Result<Vec<u8>> {
    let mut command = help::command(lang);
    let mut out = Vec::new();
    let shell = match what {
        Generated::Man => {
            clap_mangen::Man::new(command).render(&mut out)?;
            return Ok(out);
        }
        Generated::Bash => Shell::Bash,
        Generated::Zsh => Shell::Zsh,
        Generated::Fish => Shell::Fish,
        Generated::Powershell => Shell::PowerShell,
        Generated::Elvish => Shell::Elvish,
    };
    clap_complete::generate(shell, &mut command, "xxgk", &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(what: Generated, lang: Lang) -> String {
        String::from_utf8(generate(what, lang).unwrap()).unwrap()
    }

    #[test]
    fn completions_know_every_subcommand_and_option() {
        let bash = text(Generated::Bash, Lang::Zh);
        for word in [
            "check", "ingest", "render", "--format", "--select", "concise", "sarif",
        ] {
            assert!(bash.contains(word), "bash completion lacks {word}");
        }
        // Descriptions follow the language (fish shows them next to each word).
        assert!(
            text(Generated::Fish, Lang::Zh).contains("检查报告：列出与官方格式不符或自相矛盾之处")
        );
        assert!(text(Generated::Fish, Lang::En).contains("Check reports and print"));
    }

    #[test]
    fn the_man_page_is_roff_naming_every_subcommand() {
        let man = text(Generated::Man, Lang::Zh);
        assert!(man.starts_with(".ie"), "{}", &man[..80.min(man.len())]);
        assert!(man.contains(".TH xxgk 1"));
        for sub in ["extract", "check", "ingest", "export", "render", "generate"] {
            assert!(man.contains(sub), "man page lacks {sub}");
        }
        assert!(man.contains("政府信息公开工作年度报告工具"));
    }
}

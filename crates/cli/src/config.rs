//! `xxgk.toml`: settings a team keeps beside its reports, found as ruff finds
//! `ruff.toml` — in the current folder or the nearest folder above it.
//!
//! ```toml
//! lang = "zh"                  # or "en"
//! db = "corpus/xxgk.db"        # relative to this file's folder
//! agencies = "名录.csv"         # the agency list for `xxgk ingest`
//!
//! [check]
//! select = ["requests-*", "appeals-total"]
//! ignore = ["narrative-*"]
//! ```
//!
//! A value given on the command line or in the environment (`XXGK_LANG`,
//! `XXGK_DB`) wins over the file; the file wins over the built-in defaults.

use crate::args::{Cli, Command};
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use xxgk_model::{Lang, Message};

/// The file name looked for.
pub const FILE_NAME: &str = "xxgk.toml";

/// The settings of one `xxgk.toml`; every field is optional.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The language of messages and help.
    pub lang: Option<ConfigLang>,
    /// The corpus database.
    pub db: Option<PathBuf>,
    /// The agency list `xxgk ingest` reads.
    pub agencies: Option<PathBuf>,
    /// Which rules `xxgk check` runs.
    #[serde(default)]
    pub check: CheckConfig,
    /// The folder of the file: relative paths in it are relative to this.
    #[serde(skip)]
    pub folder: PathBuf,
}

/// `lang = "zh" | "en"`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ConfigLang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl From<ConfigLang> for Lang {
    fn from(lang: ConfigLang) -> Lang {
        match lang {
            ConfigLang::Zh => Lang::Zh,
            ConfigLang::En => Lang::En,
        }
    }
}

/// The `[check]` table.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Rules to run (ids or prefixes ending in `*`), as `--select`.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules not to run, as `--ignore`.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// A configuration file that cannot be used: its path and why.
#[derive(Debug)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: Message,
}

/// The nearest `xxgk.toml` at or above `start`, read; `Ok(None)` when there is none.
pub fn find(start: &Path) -> Result<Option<Config>, ConfigError> {
    let Some(path) = start
        .ancestors()
        .map(|folder| folder.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
    else {
        return Ok(None);
    };
    load(&path).map(Some)
}

/// Reads and parses one configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let error = |zh: String, en: String| ConfigError {
        path: path.to_path_buf(),
        message: Message::new(zh, en),
    };
    let text = std::fs::read_to_string(path).map_err(|err| {
        error(
            format!("无法读取配置文件：{err}"),
            format!("cannot read the configuration file: {err}"),
        )
    })?;
    let mut config: Config = toml::from_str(&text).map_err(|err| {
        let line = err
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1)
            .unwrap_or(1);
        let detail = err.message().trim().to_string();
        error(
            format!(
                "第 {line} 行有误：{}（可用的设置：lang、db、agencies、[check] select、ignore）",
                toml_problem_zh(&detail)
            ),
            format!("line {line}: {detail} (the settings are lang, db, agencies, [check] select, ignore)"),
        )
    })?;
    config.folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(config)
}

/// What the TOML parser says, in Chinese: the parser's messages are English.
fn toml_problem_zh(detail: &str) -> String {
    let quoted = |prefix: &str| {
        detail
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(field) = quoted("unknown field `") {
        format!("不认识的设置「{field}」")
    } else if let Some(value) = quoted("unknown variant `") {
        format!("「{value}」不是可用的值")
    } else if detail.starts_with("invalid type") {
        "值的类型不对".to_string()
    } else {
        "不是有效的 TOML".to_string()
    }
}

impl Config {
    /// `path` from the file, relative to the file's folder.
    fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.folder.join(path)
        }
    }

    /// Fills in what the command line left at its default: the language, the
    /// database, the agency list and the check selection.
    pub fn apply(&self, cli: &mut Cli, matches: &ArgMatches) {
        let Some((_, mut sub)) = matches.subcommand() else {
            return;
        };
        // `xxgk register add --db …`: the options are the innermost subcommand's.
        while let Some((_, deeper)) = sub.subcommand() {
            sub = deeper;
        }
        // An argument this subcommand does not have is left to the file too
        // (it is then not used); asking clap for its source would panic.
        let defaulted = |id: &str| {
            !sub.ids().any(|known| known.as_str() == id)
                || matches!(sub.value_source(id), None | Some(ValueSource::DefaultValue))
        };
        if let Some(lang) = self.lang.filter(|_| defaulted("lang")) {
            cli.lang = match lang {
                ConfigLang::Zh => crate::args::LangArg::Zh,
                ConfigLang::En => crate::args::LangArg::En,
            };
        }
        let db = self
            .db
            .as_ref()
            .filter(|_| defaulted("db"))
            .map(|db| self.resolve(db).to_string_lossy().into_owned());
        match &mut cli.command {
            Command::Ingest(args) => {
                if let Some(db) = db {
                    args.db.db = db;
                }
                if args.agencies.is_none() {
                    args.agencies = self.agencies.as_ref().map(|a| self.resolve(a));
                }
            }
            Command::Reindex(args) => set(&mut args.db.db, db),
            Command::Stats(args) => set(&mut args.db.db, db),
            Command::Coverage(args) => set(&mut args.db.db, db),
            Command::Compare(args) => set(&mut args.db.db, db),
            Command::Export(args) => set(&mut args.db.db, db),
            Command::New(args) => set(&mut args.db.db, db),
            Command::Register(args) => {
                use crate::args::RegisterCommand as R;
                let target = match &mut args.command {
                    R::Add(a) => &mut a.db.db,
                    R::Update(a) => &mut a.db.db,
                    R::List(a) => &mut a.db.db,
                    R::Show(a) => &mut a.db.db,
                    R::Due(a) => &mut a.db.db,
                    R::Import(a) => &mut a.db.db,
                    R::Export(a) => &mut a.db.db,
                    R::Table3(a) => &mut a.db.db,
                    R::Remove(a) => &mut a.db.db,
                };
                set(target, db);
            }
            Command::Check(args) => {
                if args.select.is_empty() {
                    args.select.clone_from(&self.check.select);
                }
                if args.ignore.is_empty() {
                    args.ignore.clone_from(&self.check.ignore);
                }
            }
            _ => {}
        }
    }
}

fn set(target: &mut String, value: Option<String>) {
    if let Some(value) = value {
        *target = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn found_in_the_nearest_folder_above() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "lang = \"en\"\ndb = \"c.db\"\n[check]\nignore = [\"narrative-*\"]\n",
        );
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        let config = find(&deep).unwrap().unwrap();
        assert_eq!(config.lang, Some(ConfigLang::En));
        assert_eq!(config.check.ignore, ["narrative-*"]);
        assert_eq!(
            config.resolve(config.db.as_ref().unwrap()),
            dir.path().join("c.db")
        );
    }

    #[test]
    fn a_mistake_names_the_line_and_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "lang = \"zh\"\nselect = [\"x\"]\n");
        let err = load(&path).unwrap_err();
        assert_eq!(err.path, path);
        assert!(
            err.message.zh.starts_with("第 2 行有误："),
            "{}",
            err.message.zh
        );
        assert!(
            err.message.zh.contains("[check] select"),
            "{}",
            err.message.zh
        );
        let path = write(dir.path(), "lang = \"fr\"\n");
        assert!(load(&path)
            .unwrap_err()
            .message
            .zh
            .starts_with("第 1 行有误："));
    }
}

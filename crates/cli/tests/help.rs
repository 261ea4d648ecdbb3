//! Help and usage errors: Chinese by default, English with `--lang en` or
//! `XXGK_LANG=en`, and never the two mixed in one message.

use assert_cmd::Command;

fn xxgk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command.env_remove("XXGK_LANG");
    command
}

fn run(command: &mut Command) -> (String, String, i32) {
    let output = command.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

/// clap's English words that must not reach a Chinese reader.
const ENGLISH_WORDS: &[&str] = &[
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "error:",
    "Print help",
    "default:",
    "possible values",
    "[OPTIONS]",
    "tip:",
    "For more information",
];

fn assert_no_english(text: &str) {
    for word in ENGLISH_WORDS {
        assert!(
            !text.contains(word),
            "English {word:?} in Chinese output:\n{text}"
        );
    }
}

#[test]
fn top_level_help_is_chinese_by_default() {
    let (stdout, stderr, code) = run(xxgk().arg("--help"));
    assert_eq!(code, 0);
    assert_eq!(stderr, "");
    assert_no_english(&stdout);
    insta::assert_snapshot!("help_zh", stdout);
}

#[test]
fn subcommand_help_is_chinese_with_every_value_explained() {
    let (stdout, _, code) = run(xxgk().args(["check", "--help"]));
    assert_eq!(code, 0);
    assert_no_english(&stdout);
    insta::assert_snapshot!("check_help_zh", stdout);
    // `xxgk help check` is the same page.
    let (same, _, code) = run(xxgk().args(["help", "check"]));
    assert_eq!(code, 0);
    assert_eq!(same, stdout);
}

#[test]
fn every_subcommand_has_chinese_short_help() {
    for sub in [
        "extract", "check", "rules", "rule", "ingest", "reindex", "stats", "coverage", "compare",
        "export", "new", "render", "eval", "generate",
    ] {
        let (stdout, _, code) = run(xxgk().args([sub, "-h"]));
        assert_eq!(code, 0, "{sub}");
        assert!(stdout.contains("用法：xxgk "), "{sub}:\n{stdout}");
        assert_no_english(&stdout);
    }
}

#[test]
fn english_help_with_the_option_or_the_environment() {
    let (by_option, _, code) = run(xxgk().args(["--lang", "en", "check", "--help"]));
    assert_eq!(code, 0);
    assert!(by_option.contains("Usage: xxgk check [OPTIONS] <PATH>..."));
    assert!(!by_option.contains("用法"));
    let (by_env, _, _) = run(xxgk().env("XXGK_LANG", "en").args(["check", "--help"]));
    // The same page, but for clap's `[env: XXGK_LANG=en]`, which shows the value set.
    assert_eq!(by_env.replace("XXGK_LANG=en", "XXGK_LANG="), by_option);
    insta::assert_snapshot!("check_help_en", by_option);
}

#[test]
fn usage_errors_are_chinese_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["check", "--bogus", "a.txt"], "xxgk: 错误: 不认识的参数「--bogus」\n"),
        (
            &["check", "--format", "xml", "a.txt"],
            "xxgk: 错误: 参数 --format <FORMAT> 不接受值「xml」；可选值：full、concise、json、sarif、github、xlsx、csv\n",
        ),
        (&["chekc"], "xxgk: 错误: 不认识的命令「chekc」；是否想用 check？\n"),
        (&["coverage", "--year", "abc"], "xxgk: 错误: 参数 --year <YEAR> 的值「abc」无效\n"),
        (&["check"], "xxgk: 错误: 缺少必需的参数：<PATH>...\n"),
    ];
    for (args, first_line) in cases {
        let (stdout, stderr, code) = run(xxgk().args(*args));
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(stdout, "");
        assert!(stderr.starts_with(first_line), "{args:?}:\n{stderr}");
        assert!(stderr.contains("\n用法：xxgk "), "{stderr}");
        assert_no_english(&stderr);
    }
}

#[test]
fn usage_errors_in_english_stay_english() {
    let (_, stderr, code) = run(xxgk().args(["--lang", "en", "check", "--bogus", "a.txt"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus' found"),
        "{stderr}"
    );
    assert!(!stderr.contains("错误"));
}

#[test]
fn an_unknown_language_in_the_environment_is_a_usage_error() {
    let (_, stderr, code) = run(xxgk().env("XXGK_LANG", "fr").arg("rules"));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("xxgk: 错误: 参数 --lang <LANG> 不接受值「fr」；可选值：zh、en\n"),
        "{stderr}"
    );
}

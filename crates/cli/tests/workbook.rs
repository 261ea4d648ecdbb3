//! The findings workbook (`xxgk check --format xlsx|csv`, `xxgk export --to
//! findings-xlsx|findings-csv`) read back, and `-o` for every format of
//! `check`, for `extract` and for `stats`.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

const HONGZE_2023: &str = "tests/data/layout/huaian-hongze-district-2023.pdftotext-layout.txt";
const SEED_000: &str = "tests/data/seeds/000_60799c090932cf1e.txt";
const SEED_004: &str = "tests/data/seeds/004_ca48803eb8e502d4.txt";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `xxgk` in `dir`, with the caller's language and colour settings removed.
fn xxgk_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(dir)
        .env_remove("XXGK_LANG")
        .env_remove("XXGK_DB")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `xxgk` at the workspace root, so that paths read `tests/data/…`.
fn xxgk(args: &[&str]) -> Run {
    xxgk_in(&root(), args)
}

/// A sheet's rows, every cell as text (numbers as Excel shows them).
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook.sheet_names()
}

/// The XML of the `n`-th worksheet (1-based) in the package.
fn sheet_xml(path: &Path, n: usize) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_workbook_of_the_shipped_reports_names_every_cell_in_the_official_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("发现.xlsx");
    let run = xxgk(&[
        "check",
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
        "tests/data/seeds",
        "tests/data/layout",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    // The summary line still reaches the person, on stderr.
    assert_eq!(
        run.stderr,
        "已检查 8 个文件：错误 2 个，警告 6 个，提示 10 个；0 个文件无法读取\n"
    );
    assert_eq!(sheet_names(&out), ["发现", "汇总"]);

    let findings = sheet(&out, "发现");
    assert_eq!(
        findings[0],
        row(&[
            "机关",
            "年度",
            "文件",
            "规则",
            "严重程度",
            "说明",
            "表",
            "行",
            "列",
            "数值",
            "位置"
        ])
    );
    // One row per finding of the run, as the summary line counts them.
    assert_eq!(findings.len() - 1, 2 + 6 + 10);
    let hongze: Vec<&Vec<String>> = findings.iter().filter(|r| r[2] == HONGZE_2023).collect();
    assert_eq!(
        hongze.iter().map(|r| r[3].as_str()).collect::<Vec<_>>(),
        [
            "label-fuzzy",
            "template-mixed",
            "appeals-total",
            "appeals-total"
        ]
    );
    assert_eq!(
        *hongze[2],
        row(&[
            "洪泽区人民政府",
            "2023",
            HONGZE_2023,
            "appeals-total",
            "错误",
            "表四「行政复议」：总计 0 不等于 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11",
            "表四（复议诉讼）",
            "行政复议",
            "总计",
            "0",
            "149:23（第4页）",
        ])
    );
    assert_eq!(
        *hongze[3],
        row(&[
            "洪泽区人民政府",
            "2023",
            HONGZE_2023,
            "appeals-total",
            "错误",
            "表四「行政诉讼 · 复议后起诉」：总计 0 不等于 维持 5 + 纠正 0 + 其他 0 + 尚未审结 0 = 5",
            "表四（复议诉讼）",
            "行政诉讼 · 复议后起诉",
            "总计",
            "0",
            "149:67（第4页）",
        ])
    );
    // A finding about a row names no column and no value.
    assert_eq!(
        hongze[0][6..],
        row(&[
            "表三（依申请公开）",
            "（三）不予公开/2.其他法律行政法规禁止公开",
            "",
            "",
            "108:29（第3页）"
        ])
    );
    // A finding without a cell or a position (seed 004 lacks section 六).
    let missing: Vec<&Vec<String>> = findings.iter().filter(|r| r[2] == SEED_004).collect();
    assert_eq!(
        *missing[0],
        row(&[
            "王岗镇人民政府",
            "2020",
            SEED_004,
            "missing-section",
            "警告",
            "缺少第六部分「六、其他需要报告的事项」",
            "",
            "",
            "",
            "",
            "",
        ])
    );
    // The value as printed: seed 000's text says 64 requests, table 3 prints 0.
    let seed_000 = findings.iter().find(|r| r[2] == SEED_000).unwrap();
    assert_eq!(
        seed_000[6..],
        row(&[
            "表三（依申请公开）",
            "一、本年新收政府信息公开申请数量",
            "总计",
            "0",
            "42:16"
        ])
    );

    let summary = sheet(&out, "汇总");
    assert_eq!(
        summary[0],
        row(&["机关", "年度", "文件", "错误", "警告", "提示", "规则"])
    );
    assert_eq!(summary.len() - 1, 8);
    let hongze = summary.iter().find(|r| r[2] == HONGZE_2023).unwrap();
    assert_eq!(
        *hongze,
        row(&[
            "洪泽区人民政府",
            "2023",
            HONGZE_2023,
            "2",
            "1",
            "1",
            "label-fuzzy, template-mixed, appeals-total",
        ])
    );
    let total = |col: usize| -> u32 {
        summary[1..]
            .iter()
            .map(|r| r[col].parse::<u32>().unwrap())
            .sum()
    };
    assert_eq!((total(3), total(4), total(5)), (2, 6, 10));

    // Header frozen and filtered on both sheets.
    for n in [1, 2] {
        let xml = sheet_xml(&out, n);
        assert!(
            xml.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
            "{xml}"
        );
        assert!(xml.contains("<autoFilter ref="), "{xml}");
    }
    assert!(sheet_xml(&out, 1).contains(r#"<autoFilter ref="A1:K19"/>"#));
    assert!(sheet_xml(&out, 2).contains(r#"<autoFilter ref="A1:G9"/>"#));
}

#[test]
fn the_workbook_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("findings.xlsx");
    let run = xxgk(&[
        "--lang",
        "en",
        "check",
        "-o",
        out.to_str().unwrap(),
        HONGZE_2023,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(sheet_names(&out), ["Findings", "Summary"]);
    let findings = sheet(&out, "Findings");
    assert_eq!(
        findings[0],
        row(&[
            "Body", "Year", "File", "Rule", "Severity", "Message", "Table", "Row", "Column",
            "Value", "Position"
        ])
    );
    assert_eq!(
        findings[3],
        row(&[
            "洪泽区人民政府",
            "2023",
            HONGZE_2023,
            "appeals-total",
            "error",
            "table 4, 「行政复议」: total 0 but upheld 10 + corrected 1 + other 0 + pending 0 = 11",
            "table 4 (review and litigation)",
            "行政复议",
            "总计",
            "0",
            "149:23 (page 4)",
        ])
    );
    assert_eq!(
        sheet(&out, "Summary")[0],
        row(&["Body", "Year", "File", "Errors", "Warnings", "Infos", "Rules"])
    );
}

#[test]
fn file_names_that_look_like_formulas_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED_004), dir.path().join("=1+1.txt")).unwrap();
    let run = xxgk_in(dir.path(), &["check", "-o", "out.xlsx", "=1+1.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let values = workbook.worksheet_range("发现").unwrap();
    assert_eq!(
        values.get_value((1, 2)),
        Some(&Data::String("=1+1.txt".into()))
    );
    let formulas = workbook.worksheet_formula("发现").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{formulas:?}"
    );
    assert!(!sheet_xml(&out, 1).contains("<f>"));

    let run = xxgk_in(dir.path(), &["check", "--format", "csv", "=1+1.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().nth(1).unwrap(),
        "王岗镇人民政府,2020,'=1+1.txt,missing-section,警告,缺少第六部分「六、其他需要报告的事项」,,,,,"
    );
}

#[test]
fn an_unreadable_file_is_one_error_without_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.pdf"), b"%PDF-1.7\n%%EOF").unwrap();
    let run = xxgk_in(dir.path(), &["check", "--format", "csv", "broken.pdf"]);
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let fields: Vec<&str> = lines[1].splitn(7, ',').collect();
    assert_eq!(fields[..5], ["", "", "broken.pdf", "", "错误"]);
    // The message is the one stderr gives.
    let message = run
        .stderr
        .strip_prefix("xxgk: 错误: broken.pdf: ")
        .unwrap()
        .trim_end();
    assert!(lines[1].contains(message), "{}\n{}", run.stdout, run.stderr);

    let run = xxgk_in(dir.path(), &["check", "-o", "out.xlsx", "broken.pdf"]);
    assert_eq!(run.code, 2);
    let summary = sheet(&dir.path().join("out.xlsx"), "汇总");
    assert_eq!(summary[1], row(&["", "", "broken.pdf", "1", "0", "0", ""]));
}

#[test]
fn the_csv_of_a_seed() {
    let run = xxgk(&["check", "--format", "csv", SEED_000]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with('\u{feff}'));
    assert!(run.stdout.contains("\r\n"));
    insta::assert_snapshot!("findings_csv_seed_000", run.stdout.replace("\r\n", "\n"));
}

#[test]
fn an_existing_file_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xlsx");
    std::fs::write(&out, "keep me").unwrap();
    let run = xxgk(&["check", "-o", out.to_str().unwrap(), SEED_004]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "xxgk: 错误: {}: 文件已存在，不会覆盖（确需覆盖请加 --force）\n",
            out.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let run = xxgk(&["check", "-o", out.to_str().unwrap(), "--force", SEED_004]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sheet(&out, "汇总").len(), 2);
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn the_format_and_the_extension_must_agree() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |args: &[&str], file: &str, message: &str| {
        let run = xxgk_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(
            run.stderr,
            format!("xxgk: 错误: {file}: {message}\n"),
            "{args:?}"
        );
        assert!(!dir.path().join(file).exists());
    };
    let seed = root().join(SEED_004);
    let seed = seed.to_str().unwrap();
    refused(
        &["check", "--format", "csv", "-o", "out.xlsx", seed],
        "out.xlsx",
        "文件扩展名 .xlsx 与输出格式 CSV 不符；CSV 文件请用 .csv",
    );
    refused(
        &["check", "--format", "xlsx", "-o", "out.txt", seed],
        "out.txt",
        "文件扩展名 .txt 与输出格式 XLSX 不符；XLSX 文件请用 .xlsx",
    );
    refused(
        &["check", "-o", "out.pdf", seed],
        "out.pdf",
        "无法按扩展名 .pdf 输出；可用的扩展名：.txt（full/concise/github）、.jsonl（JSON）、.sarif（SARIF）、.csv（CSV）、.xlsx（XLSX），或用 --format 指定格式",
    );
    // XLSX is binary: never to a terminal.
    let run = xxgk_in(dir.path(), &["check", "--format", "xlsx", seed]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "xxgk: 错误: --format xlsx: XLSX 是二进制文件，请用 -o 指定输出文件\n"
    );
    // Without --format, the extension decides.
    let run = xxgk_in(dir.path(), &["check", "-o", "out.csv", seed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}机关,年度,文件,"), "{csv}");
}

#[test]
fn every_format_of_check_writes_to_a_file_as_to_stdout_and_never_in_colour() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("full", "full.txt"),
        ("concise", "concise.txt"),
        ("github", "github.txt"),
        ("json", "out.jsonl"),
        ("sarif", "out.sarif"),
        ("csv", "out.csv"),
    ] {
        let out = dir.path().join(name);
        let stdout = xxgk(&["check", "--format", format, SEED_000, HONGZE_2023]);
        let output = Command::cargo_bin("xxgk")
            .unwrap()
            .current_dir(root())
            .env("CLICOLOR_FORCE", "1")
            .env_remove("XXGK_LANG")
            .args([
                "check",
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
                SEED_000,
                HONGZE_2023,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(output.stdout.is_empty(), "{format}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            "已检查 2 个文件：错误 2 个，警告 2 个，提示 2 个；0 个文件无法读取\n"
        );
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(!written.contains('\u{1b}'), "{format}: colour in a file");
        assert_eq!(written, stdout.stdout, "{format}");
    }
}

#[test]
fn extract_and_stats_write_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cells.csv");
    let stdout = xxgk(&["extract", "--format", "csv", SEED_000]);
    let run = xxgk(&["extract", SEED_000, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout.stdout);
    let run = xxgk(&["extract", SEED_000, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 2);

    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    assert_eq!(xxgk(&["ingest", "tests/data/seeds", "--db", db]).code, 0);
    let stats = dir.path().join("stats.json");
    let run = xxgk(&["stats", "--db", db, "-o", stats.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&stats).unwrap(),
        xxgk(&["stats", "--db", db, "--format", "json"]).stdout
    );
}

#[test]
fn the_corpus_gives_the_same_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let run = xxgk(&[
        "ingest",
        "tests/data/seeds",
        "tests/data/layout",
        "--db",
        db,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let checked = dir.path().join("checked.xlsx");
    xxgk(&[
        "check",
        "-o",
        checked.to_str().unwrap(),
        "tests/data/seeds",
        "tests/data/layout",
    ]);
    let exported = dir.path().join("exported.xlsx");
    let run = xxgk(&[
        "export",
        "--to",
        "findings-xlsx",
        "-o",
        exported.to_str().unwrap(),
        "--db",
        db,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sheet_names(&exported), ["发现", "汇总"]);
    // The same rows; the corpus lists its reports by year and body.
    for name in ["发现", "汇总"] {
        let mut from_check = sheet(&checked, name);
        let mut from_store = sheet(&exported, name);
        assert_eq!(from_check[0], from_store[0]);
        from_check.sort();
        from_store.sort();
        assert_eq!(from_check, from_store, "{name}");
    }

    let run = xxgk(&["export", "--to", "findings-csv", "-o", "-", "--db", db]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("\u{feff}机关,年度,文件,规则,"));
    assert!(run.stdout.contains(
        "洪泽区人民政府,2023,tests/data/layout/huaian-hongze-district-2023.pdftotext-layout.txt,appeals-total,错误,"
    ));
    let run = xxgk(&["export", "--to", "findings-xlsx", "-o", "f.csv", "--db", db]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "xxgk: 错误: f.csv: 文件扩展名 .csv 与输出格式 findings-xlsx 不符；findings-xlsx 文件请用 .xlsx\n"
    );
}

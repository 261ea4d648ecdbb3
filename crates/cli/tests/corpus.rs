//! The corpus subcommands on the shipped real reports: ingest (with an agency
//! list), the summary, idempotent re-runs, stats, coverage and compare.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
}

fn xxgk(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("xxgk")
        .unwrap()
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("XXGK_DB")
        .assert()
}

/// The real reports (text layers, PDFs, HTML, seeds) in one database.
fn ingested(dir: &Path) -> PathBuf {
    let db = dir.join("corpus.db");
    let list = data("corpus/agencies.csv");
    let output = xxgk(
        &db,
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            data("layout").to_str().unwrap(),
            data("pdf").to_str().unwrap(),
            data("html").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let summary = String::from_utf8(output).unwrap();
    assert!(
        summary.starts_with("处理 13 个输入：新增报告 13 份，重新提取 0 份，未变 0 份，失败 0 个"),
        "{summary}"
    );
    db
}

#[test]
fn ingest_summarises_and_a_rerun_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let again = xxgk(&db, &["ingest", data("seeds").to_str().unwrap()]).success();
    let out = String::from_utf8(again.get_output().stdout.clone()).unwrap();
    let out = out.replace(&db.display().to_string(), "corpus.db");
    insta::assert_snapshot!(out, @r"
    处理 5 个输入：新增报告 0 份，重新提取 0 份，未变 5 份，失败 0 个
    跨报告检查：报告与名录均无变化，结果不变
    数据库 corpus.db：报告 13 份，无法读取的文件 0 个；全部发现 错误 4、警告 10、提示 16
    ");
}

#[test]
fn unreadable_inputs_are_listed_with_their_reason_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, b"").unwrap();
    let out = xxgk(
        &db,
        &[
            "ingest",
            bad.to_str().unwrap(),
            data("seeds/004_ca48803eb8e502d4.txt").to_str().unwrap(),
        ],
    )
    .code(2)
    .get_output()
    .stdout
    .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("新增报告 1 份"), "{out}");
    assert!(
        out.contains(&format!("  {}: 文件为空", bad.display())),
        "{out}"
    );
}

#[test]
fn stats_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["stats", "--by", "year", "--format", "csv"]).success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap());
    let json = xxgk(&db, &["stats", "--by", "level", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let city = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"][0] == "市级")
        .expect("the listed city level");
    // 淮安市 2024, stored twice (text layer and PDF): one report, counted once.
    assert_eq!(city["reports"], 1);
    assert_eq!(city["bodies"], 1);
    assert_eq!(city["received"]["sum"], 3119);
    assert_eq!(json["copies_left_out"], 3, "{json}");
}

#[test]
fn coverage_lists_the_listed_bodies_without_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["coverage", "--year", "2024"]).success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap(), @r"
    机关                    地区                  层级      上级
    淮安市洪泽区交通运输局  江苏省淮安市洪泽区    县级部门  淮安市洪泽区人民政府
    淮安市清江浦区人民政府  江苏省淮安市清江浦区  县级      淮安市人民政府
    王岗镇人民政府                                乡级
    2024 年度：名录中 5 个机关，2 个有报告，3 个没有；另有 0 份报告的机关不在名录中
    ");
}

#[test]
fn compare_lines_up_a_body_printed_under_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    // 2023 prints 洪泽区人民政府, 2024 淮安市洪泽区人民政府: one body.
    let out = xxgk(&db, &["compare", "洪泽区政府", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["body"], "淮安市洪泽区人民政府");
    let years: Vec<i64> = json["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2023, 2024]);
    let received = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "requests.received.total")
        .unwrap();
    assert_eq!(received["values"], serde_json::json!([21, 95]));
    assert_eq!(received["changes"], serde_json::json!([null, 74]));
    // Sections 一 and 五 of 2024 against 2023: figures for both.
    let repeats = json["repeats"].as_array().unwrap();
    let sections: Vec<i64> = repeats
        .iter()
        .map(|r| r["section"].as_i64().unwrap())
        .collect();
    assert!(
        sections.contains(&1) && sections.contains(&5),
        "{repeats:?}"
    );

    let table = xxgk(&db, &["compare", "淮安市洪泽区人民政府"]).success();
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(
        table.contains("一、本年新收政府信息公开申请数量 · 总计"),
        "{table}"
    );
    assert!(table.contains("95 (+74)"), "{table}");
}

#[test]
fn compare_names_near_bodies_when_none_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["compare", "淮安市财政局"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("数据库中没有该机关的报告；相近的有："),
        "{err}"
    );
    assert!(err.contains("淮安市人民政府"), "{err}");
}

#[test]
fn a_bad_agency_list_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "name,parent\n甲镇,乙县\n").unwrap();
    let out = xxgk(
        &dir.path().join("x.db"),
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("第 2 行的上级机关「乙县」不在名录中"), "{err}");
}

/// A damaged byte in a long list is read by the decoder, but a name with a
/// damaged character matches no report: the list is refused, naming the line.
#[test]
fn a_damaged_agency_list_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    let mut bytes = b"name,parent\n".to_vec();
    for i in 0..200 {
        bytes.extend_from_slice(format!("第{i}镇人民政府,\n").as_bytes());
    }
    let at = bytes.windows(3).position(|w| w == "镇".as_bytes()).unwrap();
    bytes[at] = 0xFF;
    std::fs::write(&list, bytes).unwrap();
    let out = xxgk(
        &dir.path().join("x.db"),
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("第 2 行有 3 个字节损坏"), "{err}");
}

#[test]
fn a_database_that_is_not_one_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    std::fs::write(&db, vec![0x41; 4096]).unwrap();
    let out = xxgk(&db, &["stats"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("不是 xxgk 数据库"), "{err}");
}

#[test]
fn reading_commands_refuse_a_database_that_does_not_exist_and_create_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let commands: &[&[&str]] = &[
        &["stats"],
        &["coverage", "--year", "2024"],
        &["compare", "洪泽区人民政府"],
        &["export", "--to", "csv", "-o", "-"],
        &["reindex"],
    ];
    for args in commands {
        let out = xxgk(&db, args).code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert_eq!(
            err,
            format!(
                "xxgk: 错误: {}: 数据库文件不存在；请先用 xxgk ingest 建立语料库，或用 --db 指定已有的数据库\n",
                db.display()
            ),
            "{args:?}"
        );
        assert!(out.get_output().stdout.is_empty(), "{args:?}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn reindex_reextracts_only_with_all_after_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["reindex"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(out.starts_with("处理 0 个输入"), "{out}");
    let out = xxgk(&db, &["reindex", "--all", "--lang", "en"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.starts_with("13 inputs: 0 reports added, 13 re-extracted"),
        "{out}"
    );
}

#[test]
fn export_writes_the_long_form_and_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["export", "--to", "csv", "-o", "-"]).success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}report_id,sha256,file,agency,body,region,level,year"),
        "{}",
        &csv[..200]
    );
    // Seed 004's 一 新收 总计: printed 10 on line 55.
    let received: Vec<&str> = csv
        .lines()
        .filter(|l| {
            l.contains("004_ca48803eb8e502d4.txt") && l.contains(",requests.received.total,")
        })
        .collect();
    assert_eq!(received.len(), 1);
    assert!(
        received[0].ends_with(",requests.received.total,10,10,55,32,"),
        "{}",
        received[0]
    );
    // The body and region come from the corpus pass and the agency list.
    assert!(
        csv.contains(",淮安市洪泽区人民政府,江苏省淮安市洪泽区,县级,2023,"),
        "no 2023 洪泽 row"
    );

    let xlsx = dir.path().join("corpus.xlsx");
    xxgk(
        &db,
        &["export", "--to", "xlsx", "-o", xlsx.to_str().unwrap()],
    )
    .success();
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip package");
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    xxgk(&db, &["ingest", data("seeds").to_str().unwrap()]).success();
    let out = xxgk(&db, &["export", "--to", "parquet", "-o", "out"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--features parquet"), "{err}");
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_is_partitioned_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = dir.path().join("parquet");
    xxgk(
        &db,
        &["export", "--to", "parquet", "-o", out.to_str().unwrap()],
    )
    .success();
    let mut years: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    years.sort();
    assert_eq!(
        years,
        [
            "year=2019",
            "year=2020",
            "year=2022",
            "year=2023",
            "year=2024"
        ]
    );
    assert!(out.join("year=2024/part-0.parquet").is_file());
}

#[test]
fn each_input_is_counted_once_even_when_identical_files_fail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dups.db");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["a.pdf", "b.pdf"] {
        std::fs::write(inputs.join(name), b"%PDF-1.7\n%%EOF").unwrap();
    }
    for name in ["c.txt", "d.txt"] {
        std::fs::write(inputs.join(name), b"\x00\x01\x02 not a report").unwrap();
    }
    let summary = |assert: assert_cmd::assert::Assert| {
        let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        out.lines().next().unwrap().to_string()
    };
    let args = ["ingest", inputs.to_str().unwrap()];
    // The first run and a re-run: 4 inputs, 4 failures, nothing else.
    for _ in 0..2 {
        assert_eq!(
            summary(xxgk(&db, &args).code(2)),
            "处理 4 个输入：新增报告 0 份，重新提取 0 份，未变 0 份，失败 4 个"
        );
    }
}

/// Text that a spreadsheet would run as a formula — from a file name, an
/// agency list — is written to every CSV with a leading `'`; numbers are not.
#[test]
fn csv_outputs_neutralise_formulas_from_names_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let name = "=HYPERLINK(\"http:x\").txt";
    let report = dir.path().join(name);
    std::fs::copy(data("seeds/004_ca48803eb8e502d4.txt"), &report).unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "name,region,level,parent\n王岗镇人民政府,@SUM(A1:A9),乡镇,\n",
    )
    .unwrap();
    let db = dir.path().join("c.db");
    // Relative names, as people type them: the file name starts the field.
    let run = |args: &[&str]| {
        Command::cargo_bin("xxgk")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .env_remove("XXGK_DB")
            .assert()
    };
    run(&["ingest", name, "--agencies", "list.csv", "--db", "c.db"]).success();
    let stdout = |assert: assert_cmd::assert::Assert| {
        String::from_utf8(assert.get_output().stdout.clone()).unwrap()
    };
    let export = stdout(xxgk(&db, &["export", "--to", "csv", "-o", "-"]).success());
    let stats = stdout(xxgk(&db, &["stats", "--by", "region", "--format", "csv"]).success());
    let coverage = stdout(xxgk(&db, &["coverage", "--year", "2021", "--format", "csv"]).success());
    let extract = String::from_utf8(
        Command::cargo_bin("xxgk")
            .unwrap()
            .current_dir(dir.path())
            .args(["extract", name, "--format", "csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for (name, csv, planted) in [
        ("export", &export, "=HYPERLINK"),
        ("extract", &extract, "=HYPERLINK"),
        ("stats", &stats, "@SUM"),
        ("coverage", &coverage, "@SUM"),
    ] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let fields: Vec<String> = reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect();
        assert!(
            fields.iter().any(|f| f.starts_with(&format!("'{planted}"))),
            "{name}: {csv}"
        );
        let through: Vec<&String> = fields
            .iter()
            .filter(|f| f.starts_with(['=', '@', '+', '-']) && f.parse::<f64>().is_err())
            .collect();
        assert!(
            through.is_empty(),
            "{name} lets a formula through: {through:?}"
        );
    }
    // Numbers are written as they are.
    assert!(export.contains(",10,"), "{export}");
}

/// Which fields are numbers is known from the column, not guessed from the
/// text: a negative value (本年增/减 −2) stays `-2` in the value column of
/// every CSV, while the text printed for it (raw `-2`) is text, neutralised.
#[test]
fn csv_numbers_are_never_changed_and_raw_text_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let page = data("html/cms-2019-saved-page.html");
    xxgk(&db, &["ingest", page.to_str().unwrap()]).success();
    let export = xxgk(&db, &["export", "--to", "csv", "-o", "-"]).success();
    let extract = Command::cargo_bin("xxgk")
        .unwrap()
        .args(["extract", page.to_str().unwrap(), "--format", "csv"])
        .assert()
        .success();
    for (name, output, path) in [
        ("export", export, "active.licensing.change"),
        ("extract", extract, "change"),
    ] {
        let csv = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let column = |key: &str| headers.iter().position(|h| h == key).unwrap();
        let (value, raw) = (column("value"), column("raw"));
        let key = if name == "export" {
            column("path")
        } else {
            column("column")
        };
        let row = reader
            .records()
            .map(Result::unwrap)
            .find(|r| r[key] == *path && (name == "export" || &r[column("row")] == "licensing"))
            .unwrap_or_else(|| panic!("{name}: no {path}"));
        assert_eq!(&row[value], "-2", "{name}");
        assert_eq!(&row[raw], "'-2", "{name}");
    }
}

/// Levels from the agency list (乡级) and levels read from names (a township
/// not in the list) fall into the same groups; rates show what they divide.
#[test]
fn stats_by_level_uses_one_vocabulary_and_rates_show_their_parts() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let json = xxgk(&db, &["stats", "--by", "level", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let keys: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"][0].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["乡级", "县级", "县级部门", "市级"], "{json}");
    let table = xxgk(&db, &["stats", "--by", "level"]).success();
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(table.contains("15.4%（2/13）"), "{table}");
    assert!(
        table.ends_with(
            "另有 3 份重复的报告未计入（与同一机关同一年度的报告表格相同；xxgk compare 列出）\n"
        ),
        "{table}"
    );
}

/// A report stored twice — the PDF and its text layer — is one report with a
/// copy: compare shows which file it compares and names the copy.
#[test]
fn compare_names_the_copies_of_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["compare", "淮安市人民政府", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let year = &json["years"][0];
    assert_eq!(year["year"], 2024);
    // The text layer is kept (a PDF's text layer is read through pdftotext).
    assert!(
        year["file"]
            .as_str()
            .unwrap()
            .ends_with("layout/huaian-city-2024.pdftotext-layout.txt"),
        "{year}"
    );
    let copies = year["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "{year}");
    assert!(copies[0]
        .as_str()
        .unwrap()
        .ends_with("pdf/huaian-city-2024.pdf"));
    assert_eq!(year["others"], serde_json::json!([]));
}

/// `xxgk export -o - | head`: a reader that stops reading is not an error
/// (the CSV is several pipe buffers long, so the export is still writing when
/// the pipe closes).
#[test]
fn an_export_to_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    xxgk(&db, &["ingest", data("seeds").to_str().unwrap()]).success();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["export", "--to", "csv", "-o", "-", "--db"])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "a closed pipe is not an error"
    );
    assert!(output.status.success());
}

/// A report whose duplicate-row findings are capped: the database keeps the
/// listed 100 and the note, and every count it gives (the ingest summary's
/// total) includes the five the note says were left out, as `check` does.
#[test]
fn stored_counts_include_the_findings_left_out_of_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let file = data("rules/findings-capped.fail.txt");
    let out = xxgk(&db, &["ingest", file.to_str().unwrap()])
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.lines()
            .last()
            .unwrap()
            .ends_with("全部发现 错误 0、警告 106、提示 1"),
        "{out}"
    );
    let stored: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM findings WHERE rule = 'duplicate-row'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 100);
}

/// `xxgk ingest . --db ./corpus.db`: the walk passes over the database, its
/// WAL and shared-memory files, which are not inputs (no failure for them).
#[test]
fn ingest_does_not_read_its_own_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        data("seeds/003_896bea92d5be09c0.txt"),
        dir.path().join("report.txt"),
    )
    .unwrap();
    for expected in [
        "处理 1 个输入：新增报告 1 份，重新提取 0 份，未变 0 份，失败 0 个",
        "处理 1 个输入：新增报告 0 份，重新提取 0 份，未变 1 份，失败 0 个",
    ] {
        let out = Command::cargo_bin("xxgk")
            .unwrap()
            .current_dir(dir.path())
            .args(["ingest", ".", "--db", "./corpus.db"])
            .env_remove("XXGK_DB")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(expected), "{out}");
    }
}

/// A file with none of the three tables (a README, a notice) is not stored as
/// a report: ingest lists it as a failure with the reason, and the database
/// holds no report of it.
#[test]
fn a_file_without_tables_is_not_stored_as_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let notice = dir.path().join("通知.txt");
    std::fs::write(
        &notice,
        "关于做好2024年政府信息公开工作年度报告编制工作的通知\n各单位：请于1月31日前报送。\n",
    )
    .unwrap();
    let out = xxgk(&db, &["ingest", notice.to_str().unwrap()])
        .code(2)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("处理 1 个输入：新增报告 0 份，重新提取 0 份，未变 0 份，失败 1 个"),
        "{out}"
    );
    assert!(
        out.contains("通知.txt: 未找到三张统计表中的任何一张（no-tables）：不是年度报告，或表格为图片；未作为报告存入"),
        "{out}"
    );
    let reports: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reports, 0);
}

/// `coverage` and `compare` write to `-o` as `stats` does: the format from the
/// extension, the same bytes as on stdout, an existing file kept without
/// `--force`.
#[test]
fn coverage_and_compare_write_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    for (args, file) in [
        (vec!["coverage", "--year", "2024"], "coverage.csv"),
        (vec!["compare", "洪泽区政府"], "compare.json"),
    ] {
        let path = dir.path().join(file);
        let format = if file.ends_with("csv") { "csv" } else { "json" };
        let mut to_stdout = args.clone();
        to_stdout.extend(["--format", format]);
        let expected = xxgk(&db, &to_stdout).success().get_output().stdout.clone();
        let mut to_file = args.clone();
        to_file.extend(["-o", path.to_str().unwrap()]);
        let out = xxgk(&db, &to_file).success().get_output().stdout.clone();
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
        assert_eq!(std::fs::read(&path).unwrap(), expected, "{file}");
        // Again: the file is kept, and said to be.
        xxgk(&db, &to_file).code(2);
        assert_eq!(std::fs::read(&path).unwrap(), expected, "{file}");
        to_file.push("--force");
        xxgk(&db, &to_file).success();
    }
}

/// Three files with the same bytes in one run: one report, the other two
/// counted as unchanged and kept as further names of it (extracted once).
#[test]
fn identical_files_in_one_run_are_one_report_with_three_names() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::copy(data("seeds/003_896bea92d5be09c0.txt"), folder.join(name)).unwrap();
    }
    let db = dir.path().join("corpus.db");
    let out = xxgk(&db, &["ingest", folder.to_str().unwrap()])
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("处理 3 个输入：新增报告 1 份，重新提取 0 份，未变 2 份，失败 0 个"),
        "{out}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM reports"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM files"), 3);
}

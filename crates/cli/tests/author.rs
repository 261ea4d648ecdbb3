//! `xxgk new` and `xxgk render`: blank data files, rendering data files and
//! published documents, errors, `--force`, exit codes and messages.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../author/tests/data")
        .join(name)
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn extract(path: &Path) -> Value {
    let output = xxgk().arg("extract").arg(path).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn new_writes_a_commented_toml_for_the_year() {
    let output = xxgk().args(["new", "--year", "2025"]).output().unwrap();
    assert!(output.status.success());
    let toml = text(&output.stdout);
    assert!(toml.starts_with("# 政府信息公开工作年度报告 · 数据文件（xxgk/author@1）\n# 报告年度 2025：表格按 2021 年格式（国办公开办函〔2021〕30号）。"), "{toml}");
    assert!(toml.contains("\nyear = 2025\n"));
    assert!(toml.contains("[requests.other_misc]"));

    let output = xxgk()
        .args(["--lang", "en", "new", "--year", "2020"])
        .output()
        .unwrap();
    let toml = text(&output.stdout);
    assert!(
        toml.contains("# Report year 2020: tables in the 2019 format"),
        "{toml}"
    );
    assert!(toml.contains("[active.procurement]"));
}

#[test]
fn new_writes_json_and_xlsx() {
    let output = xxgk()
        .args(["new", "--year", "2024", "--to", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["year"], 2024);
    assert_eq!(json["requests"]["granted"]["natural_person"], Value::Null);

    let output = xxgk()
        .args(["new", "--year", "2024", "--to", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("XLSX 是二进制文件，请用 -o 指定输出文件"));

    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("report.xlsx");
    let output = xxgk()
        .args(["new", "--year", "2024", "--to", "xlsx", "-o"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(fs::read(&sheet).unwrap().starts_with(b"PK"));
    // A blank sheet renders only with errors: every cell is still to fill in.
    let output = xxgk()
        .args(["--lang", "en", "render"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("report.xlsx:基本信息!C9: error: agency: the issuing body is not filled in"),
        "{stderr}"
    );
    assert!(stderr.contains("report.xlsx:表三!D4: error: requests.received: table 3 `一、本年新收政府信息公开申请数量`: not filled in: the whole row"), "{stderr}");
}

#[test]
fn new_refuses_bad_years_and_existing_files() {
    let output = xxgk().args(["new", "--year", "2018"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("xxgk: 错误: --year: 报告年度 2018 不在 2019–2100 之内"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.toml");
    fs::write(&file, "keep me").unwrap();
    let output = xxgk()
        .args(["new", "--year", "2025", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("文件已存在，不会覆盖"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    let output = xxgk()
        .args(["new", "--year", "2025", "--force", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(fs::read_to_string(&file).unwrap().contains("year = 2025"));
}

#[test]
fn render_prints_markdown_and_writes_html_and_docx() {
    let input = data("hongze-transport-2024.toml");
    let output = xxgk().arg("render").arg(&input).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    let md = text(&output.stdout);
    assert!(md.starts_with("# 淮安市洪泽区交通运输局2024年政府信息公开工作年度报告\n"));

    let output = xxgk()
        .args(["render", "--to", "docx"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("DOCX 是二进制文件，请用 -o 指定输出文件"));
    assert!(output.stdout.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let md_file = dir.path().join("r.md");
    fs::write(&md_file, &md).unwrap();
    let expected = extract(&md_file);
    for name in ["r.html", "r.docx"] {
        let out = dir.path().join(name);
        // The format follows the extension of -o.
        let output = xxgk()
            .arg("render")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(text(&output.stderr).contains("xxgk: 已生成: "));
        let got = extract(&out);
        for key in [
            "agency",
            "year",
            "template",
            "published",
            "active",
            "requests",
            "appeals",
        ] {
            assert_eq!(got[key], expected[key], "{name}: {key}");
        }
    }
    assert_eq!(expected["requests"]["carried_out"]["total"], 2);
}

#[test]
fn invalid_data_files_exit_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    fs::write(
        &file,
        "agency = \"x\"\nyear = \"2025年\"\n[requests.granted]\nnatural_person = -1\n",
    )
    .unwrap();
    let output = xxgk().arg("render").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.toml:2: 错误: year: 报告年度应为四位整数，而不是 \"2025年\""),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());

    fs::write(
        &file,
        "agency = \"x\"\nyear = 2025\n[requests.granted]\nnatural_person = -1\n",
    )
    .unwrap();
    let output = xxgk()
        .args(["--lang", "en", "render"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.toml:4: error: requests.granted.natural_person: table 3「（一）予以公开」·「自然人」: a count cannot be negative (-1)"),
        "{stderr}"
    );
}

/// The fixture with one 结转 entered wrong and a sentence that no longer
/// matches table 3.
fn broken_fixture(dir: &Path) -> PathBuf {
    let original = fs::read_to_string(data("hongze-transport-2024.toml")).unwrap();
    let broken = original
        .replacen(
            "[requests.carried_out]\nnatural_person = \"\"",
            "[requests.carried_out]\nnatural_person = 3",
            1,
        )
        .replace("其中予以公开9件", "其中予以公开8件");
    assert_ne!(broken, original);
    let file = dir.join("broken.toml");
    fs::write(&file, broken).unwrap();
    file
}

#[test]
fn data_errors_stop_the_render_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let file = broken_fixture(dir.path());
    let out = dir.path().join("out.docx");
    let output = xxgk()
        .arg("render")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "nothing is written when the data has errors");
    let stderr = text(&output.stderr);
    let line_of = |needle: &str| {
        fs::read_to_string(&file)
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let carried = line_of("natural_person = 3");
    let sentence = line_of("其中予以公开8件");
    assert!(
        stderr.contains(&format!("broken.toml:{carried}: 错误: requests.carried_out.natural_person: 表三「四、结转下年度继续办理」·「自然人」填写为 3，与计算值 2 不符\n  = 说明：一 12 + 二 1 − （七） 11 = 2")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "broken.toml:{sentence}: 警告[narrative-outcomes]: sections.general: "
        )),
        "{stderr}"
    );
    assert!(stderr.contains("broken.toml：错误 1 个，警告 "), "{stderr}");
    assert!(stderr.contains("xxgk: 错误: "), "{stderr}");
    assert!(
        stderr
            .contains("有 1 个错误，未生成报告；请修正后重试，或加 --allow-errors 按所填内容生成"),
        "{stderr}"
    );

    // `--force` only allows replacing the output file, never rendering errors.
    let output = xxgk()
        .args(["render", "--force"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "--force does not render data with errors");

    let output = xxgk()
        .args(["--lang", "en", "render", "--allow-errors"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("error: requests.carried_out.natural_person: table 3"));
    // What was entered is printed as entered.
    let got = extract(&out);
    assert_eq!(got["requests"]["carried_out"]["natural_person"], 3);
}

#[test]
fn a_published_document_renders_with_a_list_of_what_was_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("001.html");
    let output = xxgk()
        .arg("render")
        .arg(seed("001_45d6ed1fafd8548f.txt"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("个单元格为空或无法读取，输出为空白：requests."),
        "{stderr}"
    );
    assert!(stderr.contains("警告[row-short]"), "{stderr}");
    // What was read comes back; what was not stays blank.
    let original = extract(&seed("001_45d6ed1fafd8548f.txt"));
    let again = extract(&out);
    for key in ["agency", "year", "active", "requests", "appeals"] {
        assert_eq!(again[key], original[key], "{key}");
    }
}

#[test]
fn unreadable_inputs_exit_2() {
    let output = xxgk()
        .args(["render", "no-such-file.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("xxgk: 错误: no-such-file.toml: 文件或文件夹不存在"));
}

/// A fill-in sheet whose worksheet inflates to 512 MiB from about 3 MB: a
/// named error before the workbook is parsed, nothing written.
#[test]
fn an_xlsx_zip_bomb_is_refused_with_its_size() {
    use xxgk_synth::kit::bomb::{zip_bomb, Declared};
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    xxgk()
        .args(["new", "--year", "2025", "-o"])
        .arg(&blank)
        .assert()
        .success();
    let sheet = fs::read(&blank).unwrap();
    let input = dir.path().join("bomb.xlsx");
    let bomb = zip_bomb(
        &sheet,
        "xl/worksheets/sheet1.xml",
        512 << 20,
        Declared::Lying(2048),
    );
    fs::write(&input, bomb).unwrap();
    let out = dir.path().join("out.md");
    let output = xxgk()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr,
        format!(
            "{}: 错误: 无法读取 XLSX 文件：XLSX 部件 xl/worksheets/sheet1.xml 解压后超过 16,777,216 字节的上限\n",
            input.display()
        )
    );
    assert!(!out.exists());
}

//! `xxgk deadline` and `xxgk register`: the due date of the 条例's example,
//! the calendar's edge, adding and updating with a stale version refused,
//! import (all or nothing), export read back, `due`, table 3 checked and
//! written into an author file that `xxgk render` turns into a report.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn xxgk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command.env_remove("XXGK_LANG").env_remove("XXGK_DB");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/register")
        .join(name)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = xxgk().current_dir(dir).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn deadline_of_an_online_request_confirmed_2025_01_20_is_2025_02_21() {
    let output = xxgk()
        .args(["deadline", "2025-01-20", "--channel", "网络"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = text(&output.stdout);
    assert!(out.contains("以双方确认之日为收到申请之日"), "{out}");
    assert!(out.ends_with("答复期限：2025-02-21（周五）\n"), "{out}");

    let output = xxgk()
        .args([
            "--lang",
            "en",
            "deadline",
            "2025-01-20",
            "--channel",
            "online",
        ])
        .output()
        .unwrap();
    assert!(text(&output.stdout).ends_with("Due: 2025-02-21 (Fri)\n"));

    // English aliases of the channels.
    for alias in [
        "in-person",
        "mail",
        "registered-mail",
        "letter",
        "online",
        "fax",
    ] {
        let output = xxgk()
            .args(["deadline", "2025-01-20", "--channel", alias])
            .output()
            .unwrap();
        assert!(
            text(&output.stdout).ends_with("答复期限：2025-02-21（周五）\n"),
            "{alias}"
        );
    }

    let output = xxgk()
        .args(["deadline", "2025-01-20", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["due"], "2025-02-21");
    assert_eq!(value["days"][5]["date"], "2025-01-26");
    assert_eq!(value["days"][5]["day"]["kind"], "make_up");
    assert_eq!(value["days"][5]["effect"], "counted");
}

#[test]
fn deadline_beyond_the_calendar_and_bad_input_are_errors() {
    let output = xxgk().args(["deadline", "2027-02-01"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("日历中没有 2027 年的节假日安排"));
    let output = xxgk()
        .args(["--lang", "en", "deadline", "2025-02-30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("is not a date"));
    let output = xxgk()
        .args(["deadline", "2025-01-20", "--channel", "飞鸽"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("不接受值「飞鸽」"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn add_update_and_a_stale_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, out, err) = run(
        d,
        &[
            "register",
            "add",
            "--id",
            "2025-001",
            "--applicant",
            "自然人",
            "--channel",
            "网络",
            "--received",
            "2025-01-20",
            "--content",
            "征收补偿方案",
            "--by",
            "李四",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "已登记 2025-001（第 1 版），答复期限 2025-02-21\n");
    assert!(d.join("xxgk.db").exists(), "the default database of ingest");

    let (code, out, err) = run(
        d,
        &[
            "register",
            "update",
            "2025-001",
            "--based-on",
            "1",
            "--extend",
            "20",
            "--approved",
            "2025-02-20",
            "--approver",
            "王主任",
            "--by",
            "李四",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "已更新 2025-001（第 2 版），答复期限 2025-03-21\n");

    // Someone who read version 1 tries to conclude it: refused, nothing saved.
    let (code, _, err) = run(
        d,
        &[
            "register",
            "update",
            "2025-001",
            "--based-on",
            "1",
            "--concluded",
            "2025-03-01",
            "--outcome",
            "予以公开",
            "--by",
            "王五",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("已被 李四") && err.contains("现为第 2 版"),
        "{err}"
    );
    // A second extension is refused too.
    let (code, _, err) = run(
        d,
        &[
            "register",
            "update",
            "2025-001",
            "--based-on",
            "2",
            "--extend",
            "5",
            "--approved",
            "2025-03-01",
            "--approver",
            "王主任",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("延长只能一次"), "{err}");
    // An outcome that is not a row of table 3.
    let (code, _, err) = run(
        d,
        &[
            "register",
            "update",
            "2025-001",
            "--based-on",
            "2",
            "--concluded",
            "2025-03-01",
            "--outcome",
            "已办结",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("不是表三的一个办理结果行"), "{err}");
    let (code, out, err) = run(
        d,
        &[
            "register",
            "update",
            "2025-001",
            "--based-on",
            "2",
            "--concluded",
            "2025-03-01",
            "--outcome",
            "（三）不予公开 1.属于国家秘密",
            "--by",
            "王五",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("已更新 2025-001（第 3 版）"), "{out}");

    let (_, out, _) = run(d, &["register", "show", "2025-001"]);
    assert!(
        out.contains("办理结果：（三）不予公开 1.属于国家秘密"),
        "{out}"
    );
    assert!(
        out.contains("延期：2025-02-20 经王主任同意延长 20 个工作日"),
        "{out}"
    );
    assert!(
        out.contains("  3  ") && out.contains("王五  update"),
        "{out}"
    );

    let (_, out, _) = run(d, &["--lang", "en", "register", "list", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value[0]["version"], 3);
    assert_eq!(value[0]["case"]["outcome"], "denied_state_secret");
    assert_eq!(value[0]["updated_by"], "王五");

    // Removal needs the current version and leaves a trace.
    let (code, _, err) = run(d, &["register", "remove", "2025-001", "--based-on", "2"]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = run(
        d,
        &[
            "register",
            "remove",
            "2025-001",
            "--based-on",
            "3",
            "--by",
            "赵六",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("已删除 2025-001"), "{out}");
    let (_, out, _) = run(d, &["register", "list"]);
    assert!(!out.contains("2025-001"), "{out}");
    let (code, out, _) = run(d, &["register", "show", "2025-001"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("已删除")
            && out.contains("赵六  remove")
            && out.contains("denied_state_secret"),
        "{out}"
    );
    // As JSON, a removed case is JSON too: its history, ending in the removal.
    let (code, out, _) = run(d, &["register", "show", "2025-001", "--format", "json"]);
    assert_eq!(code, 0);
    let removed: serde_json::Value = serde_json::from_str(&out).expect(&out);
    assert_eq!(removed["removed"], true);
    assert_eq!(removed["version"], 4);
    let history = removed["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["who"], "赵六");
    assert_eq!(history.last().unwrap()["action"], "remove");
    assert_eq!(
        history[history.len() - 2]["case"]["outcome"],
        "denied_state_secret"
    );

    // Invalid data is refused with its reason in both languages.
    let (code, _, err) = run(
        d,
        &[
            "--lang",
            "en",
            "register",
            "add",
            "--id",
            "2025-002",
            "--applicant",
            "个体户",
            "--channel",
            "online",
            "--received",
            "2025-01-20",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("not an applicant type of table 3"), "{err}");
    // A removed number may be registered again; its history goes on, and a
    // second registration of it is refused.
    let add = [
        "register",
        "add",
        "--id",
        "2025-001",
        "--applicant",
        "自然人",
        "--channel",
        "网络",
        "--received",
        "2025-01-20",
    ];
    let (code, out, err) = run(d, &add);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("已登记 2025-001（第 5 版）"), "{out}");
    let (code, _, err) = run(d, &add);
    assert_eq!(code, 1);
    assert!(err.contains("登记号 2025-001 已存在"), "{err}");
}

#[test]
fn import_is_all_or_nothing_and_export_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = fixture("ledger-bad.csv");
    let (code, out, err) = run(d, &["register", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.contains("第 3 行「申请人类型」：「个体户」不是表三的申请人类型"),
        "{err}"
    );
    assert!(err.contains("5 行有误，未导入任何内容"), "{err}");
    assert!(
        !d.join("xxgk.db").exists(),
        "nothing written for a bad sheet"
    );

    let good = fixture("ledger-2025.csv");
    let (code, out, err) = run(
        d,
        &["register", "import", good.to_str().unwrap(), "--by", "李四"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "已导入 9 件申请\n");
    // Again: every number exists already, nothing is taken.
    let (code, _, err) = run(d, &["register", "import", good.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("已存在") && err.contains("未导入任何内容"),
        "{err}"
    );

    for name in ["back.xlsx", "back.csv"] {
        let (code, _, err) = run(d, &["register", "export", "-o", name]);
        assert_eq!(code, 0, "{err}");
        let other = tempfile::tempdir().unwrap();
        let path = d.join(name);
        let (code, out, err) = run(
            other.path(),
            &["register", "import", path.to_str().unwrap()],
        );
        assert_eq!((code, out.as_str()), (0, "已导入 9 件申请\n"), "{err}");
        let (_, first, _) = run(d, &["register", "list", "--format", "json"]);
        let (_, second, _) = run(other.path(), &["register", "list", "--format", "json"]);
        let cases = |json: &str| -> Vec<serde_json::Value> {
            serde_json::from_str::<Vec<serde_json::Value>>(json)
                .unwrap()
                .into_iter()
                .map(|v| v["case"].clone())
                .collect()
        };
        assert_eq!(cases(&first), cases(&second), "{name}");
    }
    let (code, _, err) = run(d, &["register", "export", "-o", "back.csv"]);
    assert_eq!(code, 2, "an existing file needs --force: {err}");
    // To standard output: the same bytes as the file (BOM, CRLF kept).
    let output = xxgk()
        .current_dir(d)
        .args(["register", "export", "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, std::fs::read(d.join("back.csv")).unwrap());
}

#[test]
fn due_lists_overdue_and_soon_due_requests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = fixture("ledger-2025.csv");
    run(d, &["register", "import", good.to_str().unwrap()]);
    let (code, out, err) = run(
        d,
        &["register", "due", "--as-of", "2026-01-23", "--within", "3"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("截至 2026-01-23：已超期和 3 个工作日内（至 2026-01-28）到期的申请 2 件"),
        "{out}"
    );
    assert!(out.contains("2024-032  2025-01-27  已超期"), "{out}");
    assert!(out.contains("2025-007  2026-01-27  2 个工作日"), "{out}");
    let (_, out, _) = run(
        d,
        &[
            "--lang",
            "en",
            "register",
            "due",
            "--as-of",
            "2026-01-23",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["cases"][0]["id"], "2024-032");
    assert_eq!(value["cases"][0]["overdue"], true);
}

#[test]
fn table3_from_the_register_is_checked_and_fills_the_author_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = fixture("ledger-2025.csv");
    run(d, &["register", "import", good.to_str().unwrap()]);
    let (code, out, err) = run(d, &["register", "table3", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("表三通过所有检查规则"), "{out}");
    assert!(out.contains("一、本年新收政府信息公开申请数量               3         0         1             1             1     1     7"), "{out}");

    // Into a complete author file of 2024: its table 3 is replaced, and render uses it.
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../author/tests/data/hongze-transport-2024.toml");
    let (code, _, err) = run(
        d,
        &[
            "register",
            "table3",
            "--year",
            "2024",
            "--from",
            from.to_str().unwrap(),
            "-o",
            "report.toml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let toml = std::fs::read_to_string(d.join("report.toml")).unwrap();
    // The rest of the file is kept: its agency, its text.
    assert!(
        toml.contains("agency = \"淮安市洪泽区交通运输局\""),
        "{toml}"
    );
    assert!(toml.contains("本局共收到政府信息公开申请14件"), "{toml}");
    let (code, _, err) = run(d, &["render", "report.toml", "-o", "report.md"]);
    assert_eq!(code, 0, "{err}");
    // The text still says 14 requests: the checker says so, the table is the register's.
    assert!(err.contains("narrative-requests"), "{err}");
    let output = xxgk()
        .current_dir(d)
        .args(["extract", "report.md"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["requests"]["received"]["total"], 2);
    assert_eq!(report["requests"]["carried_out"]["commercial"], 1);

    let (code, _, err) = run(
        d,
        &[
            "register",
            "table3",
            "--year",
            "2025",
            "--from",
            from.to_str().unwrap(),
            "-o",
            "x.toml",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("数据文件的年度是 2024，不是 2025"), "{err}");
}

#[test]
fn reading_commands_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["register", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("数据库不存在"), "{err}");
    assert!(!dir.path().join("xxgk.db").exists());
}

#[test]
fn new_with_the_register_writes_table_3_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = fixture("ledger-2025.csv");
    run(d, &["register", "import", good.to_str().unwrap()]);
    let (code, out, err) = run(d, &["new", "--year", "2025", "--register", "--to", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("表三由台账 9 件申请统计"), "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["requests"]["received"]["natural_person"], 3);
    assert_eq!(value["requests"]["carried_in"]["commercial"], 1);
    assert_eq!(value["requests"]["other_no_correction"]["other_org"], 1);
    // Table 2 and 4 are left to fill in.
    assert!(value["active"]["regulations"]["made"].is_null(), "{out}");
    let (code, _, err) = run(d, &["new", "--year", "2025", "--register", "-o", "r.toml"]);
    assert_eq!(code, 0, "{err}");
    let toml = std::fs::read_to_string(d.join("r.toml")).unwrap();
    assert!(
        toml.contains("[requests.received]\nnatural_person = 3"),
        "{toml}"
    );
}

#[test]
fn a_notice_published_after_the_release_is_added_with_xxgk_calendar() {
    let dir = tempfile::tempdir().unwrap();
    // Without the 2027 notice, a December request's deadline is refused,
    // naming the missing year and how to add it.
    let (code, _, err) = run(dir.path(), &["deadline", "2026-12-20"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("日历中没有 2027 年的节假日安排"), "{err}");
    assert!(err.contains("XXGK_CALENDAR"), "{err}");
    // An office writes the notice's days (here: New Year's Day only) and names the file.
    let file = dir.path().join("2027.csv");
    std::fs::write(
        &file,
        "year,date,kind,holiday,notice\n2027,2027-01-01,休,元旦,国办发明电〔2026〕1号\n",
    )
    .unwrap();
    let output = xxgk()
        .current_dir(dir.path())
        .env("XXGK_CALENDAR", &file)
        .args(["deadline", "2026-12-20", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    // 20 working days after Sunday 2026-12-20, with 2027-01-01 off: 2027-01-18.
    assert!(
        text(&output.stdout).contains("2027-01-18"),
        "{}",
        text(&output.stdout)
    );
    // A file that cannot be read is said, not ignored.
    let output = xxgk()
        .current_dir(dir.path())
        .env("XXGK_CALENDAR", dir.path().join("missing.csv"))
        .args(["deadline", "2026-12-20"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("XXGK_CALENDAR="),
        "{}",
        text(&output.stderr)
    );
}

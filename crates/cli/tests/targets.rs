//! A command never writes one format into a file named for another: the format
//! comes from `--to`, else from the extension, and a disagreement is refused
//! before anything is written.

use assert_cmd::Command;
use std::path::Path;

fn xxgk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command.env_remove("XXGK_LANG").env_remove("XXGK_DB");
    command
}

fn author_file() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../author/tests/data/hongze-transport-2024.toml")
        .to_string_lossy()
        .into_owned()
}

fn refused(args: &[&str], dir: &Path, file: &str, message: &str) {
    let out = xxgk().current_dir(dir).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, format!("xxgk: 错误: {file}: {message}\n"), "{args:?}");
    assert!(!dir.join(file).exists(), "{args:?} wrote {file}");
}

#[test]
fn render_refuses_an_extension_it_does_not_write_or_that_disagrees_with_to() {
    let dir = tempfile::tempdir().unwrap();
    let input = author_file();
    refused(
        &["render", &input, "-o", "报告.pdf"],
        dir.path(),
        "报告.pdf",
        "无法按扩展名 .pdf 输出；可用的扩展名：.md（Markdown）、.html（HTML）、.docx（DOCX），或用 --to 指定格式",
    );
    refused(
        &["render", &input, "--to", "md", "-o", "r.docx"],
        dir.path(),
        "r.docx",
        "文件扩展名 .docx 与输出格式 Markdown 不符；Markdown 文件请用 .md",
    );
}

#[test]
fn render_and_new_take_the_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let ok = xxgk()
        .current_dir(dir.path())
        .args(["render", &author_file(), "-o", "r.docx"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert_eq!(
        &std::fs::read(dir.path().join("r.docx")).unwrap()[..2],
        b"PK"
    );
    let ok = xxgk()
        .current_dir(dir.path())
        .args(["new", "--year", "2025", "-o", "blank.json"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("blank.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "xxgk/author@1");
}

#[test]
fn new_refuses_a_docx_and_a_toml_named_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    refused(
        &["new", "--year", "2025", "-o", "x.docx"],
        dir.path(),
        "x.docx",
        "无法按扩展名 .docx 输出；可用的扩展名：.toml（TOML）、.json（JSON）、.xlsx（XLSX），或用 --to 指定格式",
    );
    refused(
        &["new", "--year", "2025", "--to", "toml", "-o", "x.xlsx"],
        dir.path(),
        "x.xlsx",
        "文件扩展名 .xlsx 与输出格式 TOML 不符；TOML 文件请用 .toml",
    );
}

#[test]
fn export_refuses_csv_into_an_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    refused(
        &["export", "--to", "csv", "-o", "x.xlsx", "--db", "no.db"],
        dir.path(),
        "x.xlsx",
        "文件扩展名 .xlsx 与输出格式 CSV 不符；CSV 文件请用 .csv",
    );
}

/// One rule for every command that writes a file: an existing file is kept
/// unless `--force`, and with it the file is replaced whole.
#[test]
fn no_command_overwrites_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    xxgk()
        .args([
            "ingest",
            seeds.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .assert()
        .success();
    let input = author_file();
    let db = db.to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("report.md", vec!["render", &input, "-o", "report.md"]),
        ("report.docx", vec!["render", &input, "-o", "report.docx"]),
        (
            "blank.toml",
            vec!["new", "--year", "2025", "-o", "blank.toml"],
        ),
        (
            "all.csv",
            vec!["export", "--db", db, "--to", "csv", "-o", "all.csv"],
        ),
        (
            "all.xlsx",
            vec!["export", "--db", db, "--to", "xlsx", "-o", "all.xlsx"],
        ),
    ];
    for (file, args) in cases {
        let path = dir.path().join(file);
        std::fs::write(&path, "keep me").unwrap();
        let out = xxgk().current_dir(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!("xxgk: 错误: {file}: 文件已存在，不会覆盖（确需覆盖请加 --force）\n"),
            "{args:?}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");

        let out = xxgk()
            .current_dir(dir.path())
            .args(&args)
            .arg("--force")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_ne!(std::fs::read(&path).unwrap(), b"keep me");
        // Nothing is left beside it.
        let parts = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".part")
            })
            .count();
        assert_eq!(parts, 0, "{args:?}");
    }
}

/// A Parquet export is a folder: an empty one is filled, one with anything in
/// it is kept unless `--force`, and with it replaced whole (no stale year from
/// the last export survives); nothing is left beside it.
#[cfg(feature = "parquet")]
#[test]
fn a_parquet_folder_is_replaced_only_with_force_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    xxgk()
        .args(["ingest", seeds.to_str().unwrap(), "--db"])
        .arg(&db)
        .assert()
        .success();
    let export = |force: bool| {
        let mut command = xxgk();
        command
            .current_dir(dir.path())
            .args(["export", "--to", "parquet", "-o", "pq", "--db"])
            .arg(&db);
        if force {
            command.arg("--force");
        }
        command.output().unwrap()
    };
    let pq = dir.path().join("pq");
    std::fs::create_dir(&pq).unwrap();
    let out = export(false);
    assert!(out.status.success(), "an empty folder is filled: {out:?}");
    assert!(pq.join("year=2019/part-0.parquet").is_file());
    #[cfg(unix)]
    {
        // With the permissions of any new folder, not a temporary one's.
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let plain = dir.path().join("plain");
        std::fs::create_dir(&plain).unwrap();
        assert_eq!(mode(&pq), mode(&plain));
    }

    let stale = pq.join("year=1999");
    std::fs::create_dir(&stale).unwrap();
    let out = export(false);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "xxgk: 错误: pq: 已有同名的文件夹，不会覆盖（确需覆盖请加 --force）\n"
    );
    assert!(stale.is_dir(), "kept without --force");

    let out = export(true);
    assert!(out.status.success(), "{out:?}");
    assert!(!stale.exists(), "the folder is replaced whole");
    assert!(pq.join("year=2019/part-0.parquet").is_file());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".xxgk-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A file of that name is a folder's place taken: kept unless --force.
    std::fs::remove_dir_all(&pq).unwrap();
    std::fs::write(&pq, "keep me").unwrap();
    let out = export(false);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "xxgk: 错误: pq: 文件已存在，不会覆盖（确需覆盖请加 --force）\n"
    );
    assert_eq!(std::fs::read_to_string(&pq).unwrap(), "keep me");
    assert!(export(true).status.success());
    assert!(pq.join("year=2019/part-0.parquet").is_file());
}

/// An output file gets the permissions any new file gets (not the owner-only
/// ones of the temporary file it was written as), and a file replaced with
/// `--force` keeps its own.
#[cfg(unix)]
#[test]
fn output_files_get_ordinary_permissions_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    // What the umask leaves of 0666, as for any file created here.
    std::fs::File::create(dir.path().join("plain")).unwrap();
    for args in [
        vec!["new", "--year", "2025", "-o", "blank.xlsx"],
        vec!["render", &author_file(), "-o", "report.md"],
    ] {
        let file = args.last().unwrap().to_string();
        xxgk()
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .success();
        assert_eq!(mode(&file), mode("plain"), "{args:?}");

        let path = dir.path().join(&file);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        xxgk()
            .current_dir(dir.path())
            .args(&args)
            .arg("--force")
            .assert()
            .success();
        assert_eq!(mode(&file), 0o640, "{args:?} --force");
    }
}

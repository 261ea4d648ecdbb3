//! `xxgk user` and the errors of `xxgk serve` (the pages themselves are tested
//! in crates/web and, in a browser, in tests/browser.rs).

use assert_cmd::Command;
use predicates::prelude::*;

fn xxgk() -> Command {
    let mut command = Command::cargo_bin("xxgk").unwrap();
    command.env_remove("XXGK_LANG").env_remove("XXGK_DB");
    command
}

#[test]
fn users_are_added_listed_changed_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.db");
    let db = db.to_str().unwrap();
    xxgk()
        .args([
            "user",
            "add",
            "张三",
            "--role",
            "reviewer",
            "--password-stdin",
            "--db",
            db,
        ])
        .write_stdin("long-enough-1\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("已添加用户 张三（reviewer）"));
    xxgk()
        .args(["user", "add", "张三", "--password-stdin", "--db", db])
        .write_stdin("long-enough-2\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("用户 张三 已存在"));
    xxgk()
        .args(["user", "add", "李四", "--password-stdin", "--db", db])
        .write_stdin("short\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("密码至少需要 8 个字符"));
    xxgk()
        .args(["user", "role", "张三", "admin", "--db", db])
        .assert()
        .success();
    xxgk()
        .args(["user", "disable", "张三", "--db", db])
        .assert()
        .success();
    xxgk()
        .args(["user", "list", "--db", db])
        .assert()
        .success()
        .stdout("张三\tadmin\t已停用\n");
    xxgk()
        .args([
            "--lang",
            "en",
            "user",
            "passwd",
            "nobody",
            "--password-stdin",
            "--db",
            db,
        ])
        .write_stdin("long-enough-3\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no user named nobody"));
}

#[test]
fn serve_says_when_the_address_is_taken_and_when_nobody_can_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    xxgk()
        .args(["serve", "--db", db.to_str().unwrap(), "--addr", &addr])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("还没有用户"))
        .stderr(predicate::str::contains(format!("无法监听 {addr}")));
}

#[test]
fn serve_refuses_another_programs_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    drop(conn);
    xxgk()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("其他程序的 SQLite 数据库"));
}

//! The web application in a real browser: starts `xxgk serve` on a fresh
//! database and runs `tests/browser/e2e.mjs`, which drives Debian's chromium
//! through playwright-core (a reviewer's day, step by step; screenshots in
//! `target/browser/`).
//!
//! Needs Node.js, `/usr/bin/chromium` (Debian's package) and
//! `npm ci --prefix tests/browser`; `.ci/run` installs them. Without them the
//! test fails and says what is missing — unless `XXGK_SKIP_BROWSER=1` asks
//! to skip it explicitly.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "browser-test-1";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the browser test needs that cargo does not provide, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js (apt install nodejs)".to_string());
    }
    let chromium = std::env::var("XXGK_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("{chromium} (apt install chromium)"));
    }
    if !root()
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        missing.push("playwright-core (npm ci --prefix tests/browser)".to_string());
    }
    missing
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_listening(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "xxgk serve did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// False (with a note) when `XXGK_SKIP_BROWSER` asks to skip; fails when a
/// tool the test needs is missing.
fn browser_ready() -> bool {
    if std::env::var_os("XXGK_SKIP_BROWSER").is_some() {
        eprintln!("browser test skipped: XXGK_SKIP_BROWSER is set");
        return false;
    }
    let missing = missing_tools();
    assert!(
        missing.is_empty(),
        "the browser test needs: {} (or set XXGK_SKIP_BROWSER=1 to skip it)",
        missing.join(", ")
    );
    true
}

/// A fresh database in `dir` with the user `reviewer`, served on a free port.
fn serve_fresh(dir: &Path, name: &str) -> (Server, u16) {
    let xxgk = env!("CARGO_BIN_EXE_xxgk");
    let db = dir.join(name);
    let db = db.to_str().unwrap();
    let mut add = Command::new(xxgk)
        .args([
            "user",
            "add",
            "reviewer",
            "--role",
            "reviewer",
            "--password-stdin",
            "--db",
            db,
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success());
    let port = free_port();
    let server = Server(
        Command::new(xxgk)
            .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_listening(port);
    (server, port)
}

/// Runs the browser script `script` (in tests/browser) against the server on
/// `port` as `reviewer`, with `env` added; every step must pass.
fn run_script(script: &str, port: u16, artifacts: &Path, env: &[(&str, std::ffi::OsString)]) {
    let mut command = Command::new("node");
    command
        .arg(root().join("tests/browser").join(script))
        .current_dir(root().join("tests/browser"))
        .env("XXGK_URL", format!("http://127.0.0.1:{port}"))
        .env("XXGK_USER", "reviewer")
        .env("XXGK_PASSWORD", PASSWORD)
        .env("XXGK_ARTIFACTS", artifacts);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser steps failed (screenshots in {}):\n{stdout}\n{stderr}",
        artifacts.display()
    );
    assert!(stdout.contains("browser: every step passed"), "{stdout}");
}

#[test]
fn a_reviewers_day_in_a_real_browser() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The county's reports, as a reviewer would drop them: text, PDF text
    // layers, saved pages, and one file that is not a report at all.
    let data = root().join("tests/data");
    let junk = dir.path().join("损坏的文件.pdf");
    std::fs::write(&junk, b"%PDF-1.4 this is not really a PDF").unwrap();
    let mut uploads: Vec<PathBuf> = ["seeds", "layout", "html"]
        .iter()
        .flat_map(|folder| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(data.join(folder))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            files
        })
        .collect();
    uploads.push(junk);
    let (_server, port) = serve_fresh(dir.path(), "web.db");
    run_script(
        "e2e.mjs",
        port,
        &root().join("target/browser"),
        &[
            ("XXGK_DATA", data.clone().into_os_string()),
            ("XXGK_UPLOAD", std::env::join_paths(&uploads).unwrap()),
            (
                "XXGK_AGENCIES",
                data.join("corpus/agencies.csv").into_os_string(),
            ),
            ("XXGK_COMPARE", "淮安市洪泽区人民政府".into()),
        ],
    );
}

#[test]
fn a_register_in_a_real_browser() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = serve_fresh(dir.path(), "register.db");
    run_script(
        "register.mjs",
        port,
        &root().join("target/browser/register"),
        &[],
    );
}

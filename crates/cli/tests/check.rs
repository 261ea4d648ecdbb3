//! `xxgk check`, `xxgk rules` and `xxgk rule`: the output formats (snapshots of
//! what a person reads, the `xxgk/findings@1` contract, SARIF for code scanning,
//! GitHub annotations), selectors and exit codes.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use xxgk_model::Lang;

const HONGZE_2023: &str = "tests/data/layout/huaian-hongze-district-2023.pdftotext-layout.txt";
const SEED_001: &str = "tests/data/seeds/001_45d6ed1fafd8548f.txt";
const SEED_002: &str = "tests/data/seeds/002_0b1325ff460d94b6.txt";
const SEED_004: &str = "tests/data/seeds/004_ca48803eb8e502d4.txt";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `xxgk` in `dir` with the colour variables of the caller's terminal removed.
fn xxgk_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(dir)
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

/// Every file of a test data folder, as a folder walk lists them.
fn files_in(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn rule_ids(findings: &Value) -> Vec<&str> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

/// Seed 004 (王岗镇 2020, balanced) with table 3's received row changed to 11,
/// so that `requests-balance` fails in two columns.
fn broken_balance() -> String {
    let seed = fs::read_to_string(root().join(SEED_004)).unwrap();
    let row = "一、本年新收政府信息公开申请数量\t\t10\t0\t0\t0\t0\t0\t10";
    assert!(seed.contains(row), "seed 004 changed");
    seed.replace(
        row,
        "一、本年新收政府信息公开申请数量\t\t11\t0\t0\t0\t0\t0\t11",
    )
}

// ---------------------------------------------------------------- full

#[test]
fn full_hongze_2023() {
    let run = xxgk(&["check", HONGZE_2023]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn full_hongze_2023_in_english() {
    let run = xxgk(&["--lang", "en", "check", HONGZE_2023]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn full_seed_001() {
    let run = xxgk(&["check", SEED_001]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn full_seed_001_in_english() {
    let run = xxgk(&["check", "--lang", "en", SEED_001]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

/// Tabs in the source line, marks under four cells on two lines, and a note.
#[test]
fn full_broken_balance_with_note() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("wanggang-2020.txt"), broken_balance()).unwrap();
    let run = xxgk_in(dir.path(), &["check", "wanggang-2020.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn the_summary_counts_files_findings_and_failures() {
    let run = xxgk(&["check", "tests/data/seeds", "no/such/file.txt"]);
    assert_eq!(run.code, 2);
    let last = run.stdout.lines().last().unwrap();
    let seeds = files_in("tests/data/seeds").len();
    assert!(
        last.starts_with(&format!("已检查 {seeds} 个文件：错误 0 个，警告 ")),
        "{last}"
    );
    assert!(last.ends_with("；1 个文件无法读取"), "{last}");
    assert!(run.stderr.starts_with("xxgk: 错误: no/such/file.txt: "));

    let run = xxgk(&["--lang", "en", "check", SEED_002]);
    assert_eq!(
        run.stdout,
        "Checked 1 file: 0 errors, 0 warnings, 0 infos; 0 files could not be read\n"
    );
}

#[test]
fn colour_only_when_asked_for_and_never_in_machine_formats() {
    let plain = xxgk(&["check", HONGZE_2023]);
    assert!(!plain.stdout.contains('\x1b'));

    let forced = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["check", HONGZE_2023])
        .output()
        .unwrap();
    let coloured = String::from_utf8(forced.stdout).unwrap();
    assert!(coloured.contains("\x1b["), "{coloured}");
    // Without the escapes it is the plain output.
    let stripped: String = strip_ansi(&coloured);
    assert_eq!(stripped, plain.stdout);

    for format in ["json", "sarif", "github"] {
        let out = Command::cargo_bin("xxgk")
            .unwrap()
            .current_dir(root())
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "--format", format, HONGZE_2023])
            .output()
            .unwrap();
        assert!(!out.stdout.contains(&0x1b), "{format}");
    }

    let no_color = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(root())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["check", HONGZE_2023])
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b));
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------- concise

#[test]
fn concise_every_seed() {
    let run = xxgk(&["check", "--format", "concise", "tests/data/seeds"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

/// A report with one table 3 row printed 105 times more: 100 duplicate-row
/// warnings are listed, then one note on the 5 left out, and the summary
/// line counts them all.
#[test]
fn concise_lists_at_most_100_findings_of_a_rule() {
    let run = xxgk(&[
        "check",
        "--format",
        "concise",
        "tests/data/rules/findings-capped.fail.txt",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

/// Table 3's rows of a real report printed 6,000 times over (300 KB): no rule
/// lists more than 100 findings in `check` and in `extract`, each rule cut
/// off has one `findings-capped` note with its counts, and the summary line
/// counts every finding and says how many are not listed.
#[test]
fn findings_are_capped_per_rule_on_a_large_input() {
    let seed =
        fs::read_to_string(root().join("tests/data/seeds/003_896bea92d5be09c0.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = xxgk_synth::kit::adversarial::repeated_rows(&seed, 6_000);
    fs::write(dir.path().join("rows.txt"), text).unwrap();
    let max = xxgk_check::findings_capped::MAX_PER_RULE;

    let run = xxgk_in(dir.path(), &["check", "--format", "json", "rows.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = &json_lines(&run.stdout)[0];
    let findings = line["findings"].as_array().unwrap();
    let mut per_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in findings {
        *per_rule.entry(f["rule"].as_str().unwrap()).or_default() += 1;
    }
    assert!(per_rule.values().all(|&n| n <= max), "{per_rule:?}");
    assert_eq!(per_rule["duplicate-row"], max);
    let notes: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "findings-capped")
        .collect();
    assert_eq!(notes.len(), 1, "one rule is cut off: {per_rule:?}");
    let note = notes[0];
    assert_eq!(
        note["message"],
        "规则 duplicate-row 另有 5877 条发现未列出（每条规则每个文件最多列出 100 条；此处为未列出的第一条）"
    );
    assert_eq!(note["severity"], "info");
    assert_eq!(
        note["left_out"],
        serde_json::json!({"rule": "duplicate-row", "count": 5877, "errors": 0, "warnings": 5877, "infos": 0})
    );
    // The report's own extraction findings are capped the same way.
    let report_findings = line["report"]["findings"].as_array().unwrap();
    assert_eq!(
        report_findings
            .iter()
            .filter(|f| f["rule"] == "duplicate-row")
            .count(),
        max
    );

    // The summary counts the listed findings and the 5877 left out.
    let listed = |severity: &str| {
        findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let run = xxgk_in(dir.path(), &["check", "--format", "concise", "rows.txt"]);
    assert_eq!(
        run.stdout.lines().last().unwrap(),
        format!(
            "已检查 1 个文件：错误 {} 个，警告 {} 个，提示 {} 个（其中 5877 个未列出：每条规则每个文件最多列出 100 个）；0 个文件无法读取",
            listed("error"),
            listed("warning") + 5877,
            listed("info")
        )
    );

    let run = xxgk_in(dir.path(), &["extract", "--format", "json", "rows.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = rule_ids(&report["findings"]);
    assert_eq!(rules.iter().filter(|r| **r == "duplicate-row").count(), max);
    assert_eq!(rules.iter().filter(|r| **r == "findings-capped").count(), 1);
}

// ---------------------------------------------------------------- json

#[test]
fn json_follows_the_findings_contract() {
    let mut files = files_in("tests/data/seeds");
    files.extend(files_in("tests/data/layout"));
    files.push("no/such/file.txt".into());
    let run = xxgk(&[
        "check",
        "--format",
        "json",
        "tests/data/seeds",
        "tests/data/layout",
        "no/such/file.txt",
    ]);
    assert_eq!(run.code, 2);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), files.len(), "one line per input");
    for (line, file) in lines.iter().zip(&files) {
        assert_eq!(line["schema"], "xxgk/findings@1");
        assert_eq!(line["file"], file.as_str(), "input order");
        let findings = line["findings"].as_array().expect("findings is an array");
        if file.starts_with("no/") {
            assert!(line["report"].is_null());
            assert_eq!(line["error"]["kind"], "io");
            assert!(line["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
            assert!(findings.is_empty());
            continue;
        }
        assert!(line["error"].is_null(), "{file}: {}", line["error"]);
        assert_eq!(line["report"]["schema"], "xxgk/report@1");
        assert_eq!(line["report"]["source"]["file"], file.as_str());

        let mut last_start = 0;
        let mut seen_unplaced = false;
        for finding in findings {
            let id = finding["rule"].as_str().unwrap();
            assert!(xxgk_check::rule(id).is_some(), "unknown rule {id}");
            assert!(matches!(
                finding["severity"].as_str(),
                Some("error" | "warning" | "info")
            ));
            assert!(finding["message"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(finding["cells"]
                .as_array()
                .unwrap()
                .iter()
                .all(Value::is_string));
            let span = &finding["span"];
            if span.is_null() {
                seen_unplaced = true;
                continue;
            }
            assert!(
                !seen_unplaced,
                "{file}: findings without position come last"
            );
            for key in ["line", "column", "end_line", "end_column"] {
                assert!(span[key].as_u64().is_some_and(|n| n >= 1), "{key}: {span}");
            }
            let start = span["start"].as_u64().unwrap();
            assert!(start >= last_start, "{file}: document order");
            last_start = start;
        }
    }
}

#[test]
fn json_is_in_the_chosen_language() {
    let zh = json_lines(&xxgk(&["check", "--format", "json", HONGZE_2023]).stdout);
    let en = json_lines(&xxgk(&["check", "--format", "json", "--lang", "en", HONGZE_2023]).stdout);
    let message = |v: &Value| v["findings"][2]["message"].as_str().unwrap().to_string();
    assert!(message(&zh[0]).starts_with("表四"));
    assert!(message(&en[0]).starts_with("table 4"));
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_codes() {
    // No finding at all.
    let clean = xxgk(&["check", SEED_002]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    // Warnings and infos only.
    assert_eq!(xxgk(&["check", SEED_001]).code, 0);
    // Two appeals-total errors.
    assert_eq!(xxgk(&["check", HONGZE_2023]).code, 1);
    // A file that cannot be read.
    let missing = xxgk(&["check", "no/such/file.txt"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("no/such/file.txt"));
    // 2 wins over 1.
    assert_eq!(xxgk(&["check", HONGZE_2023, "no/such/file.txt"]).code, 2);
    // The format does not change the status.
    for format in ["concise", "json", "sarif", "github"] {
        assert_eq!(xxgk(&["check", "--format", format, HONGZE_2023]).code, 1);
        assert_eq!(xxgk(&["check", "--format", format, SEED_002]).code, 0);
    }
    // Misuse.
    assert_eq!(xxgk(&["check"]).code, 2);
    assert_eq!(xxgk(&["check", "--format", "xml", SEED_002]).code, 2);
}

// ---------------------------------------------------------------- selectors

fn findings_with(args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = xxgk(&all);
    let lines = json_lines(&run.stdout);
    let ids = lines
        .iter()
        .flat_map(|l| rule_ids(&l["findings"]))
        .map(str::to_string)
        .collect();
    (run.code, ids)
}

#[test]
fn select_and_ignore() {
    let (code, ids) = findings_with(&["--select", "appeals-total", HONGZE_2023]);
    assert_eq!(ids, ["appeals-total", "appeals-total"]);
    assert_eq!(code, 1);

    let (code, ids) = findings_with(&["--ignore", "appeals-*", HONGZE_2023]);
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| !id.starts_with("appeals-")), "{ids:?}");
    assert_eq!(code, 0, "no error finding is left");

    // Ignore wins over select; both repeat and split on commas.
    let (_, ids) = findings_with(&[
        "--select",
        "appeals-*,label-fuzzy",
        "--ignore",
        "appeals-total",
        HONGZE_2023,
    ]);
    assert_eq!(ids, ["label-fuzzy"]);
    let (_, ids) = findings_with(&[
        "--select",
        "template-mixed",
        "--select",
        "label-fuzzy",
        HONGZE_2023,
    ]);
    assert_eq!(ids, ["label-fuzzy", "template-mixed"]);
}

#[test]
fn unknown_selectors_are_a_usage_error_naming_them() {
    let run = xxgk(&[
        "check",
        "--select",
        "appeals-totl,appeals-*",
        "--ignore",
        "zzz-*",
        HONGZE_2023,
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "", "nothing is checked");
    assert!(run.stderr.contains("--select"), "{}", run.stderr);
    assert!(run.stderr.contains("appeals-totl"), "{}", run.stderr);
    assert!(
        run.stderr.contains("appeals-total"),
        "suggested: {}",
        run.stderr
    );
    assert!(run.stderr.contains("--ignore") && run.stderr.contains("zzz-*"));
    assert!(!run.stderr.contains("「appeals-*」"), "{}", run.stderr);
}

// ---------------------------------------------------------------- cross-report

#[test]
fn cross_report_findings_join_the_later_report() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(root().join(SEED_004)).unwrap();
    let carried_in = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0";
    assert!(seed.contains(carried_in) && seed.contains("## 2020 年度"));
    let next_year = seed.replace("## 2020 年度", "## 2021 年度").replace(
        carried_in,
        "二、上年结转政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3",
    );
    fs::write(dir.path().join("a-2021.txt"), next_year).unwrap();
    fs::write(dir.path().join("b-2020.txt"), &seed).unwrap();

    let run = xxgk_in(
        dir.path(),
        &["check", "--format", "json", "a-2021.txt", "b-2020.txt"],
    );
    let lines = json_lines(&run.stdout);
    let later = rule_ids(&lines[0]["findings"]);
    assert_eq!(
        later.iter().filter(|&&id| id == "carry-chain").count(),
        2,
        "{later:?}"
    );
    assert!(!rule_ids(&lines[1]["findings"]).contains(&"carry-chain"));

    // Alone, the 2021 report has nothing to be compared with.
    let run = xxgk_in(dir.path(), &["check", "--format", "json", "a-2021.txt"]);
    assert!(!rule_ids(&json_lines(&run.stdout)[0]["findings"]).contains(&"carry-chain"));
}

// ---------------------------------------------------------------- sarif

/// The properties SARIF 2.1.0 allows on the objects this output uses (the
/// schema's `additionalProperties: false`), to catch misspelt keys offline.
#[rustfmt::skip]
fn allowed(kind: &str) -> &'static [&'static str] {
    match kind {
        "log" => &["$schema", "version", "runs", "inlineExternalProperties", "properties"],
        "run" => &[
            "tool", "invocations", "conversion", "language", "versionControlProvenance",
            "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
            "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
            "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
            "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
            "translations", "policies", "webRequests", "webResponses", "specialLocations",
            "properties",
        ],
        "tool" => &["driver", "extensions", "properties"],
        "driver" => &[
            "guid", "name", "organization", "product", "productSuite", "shortDescription",
            "fullDescription", "fullName", "version", "semanticVersion", "dottedQuadFileVersion",
            "releaseDateUtc", "downloadUri", "informationUri", "globalMessageStrings",
            "notifications", "rules", "taxa", "locations", "language", "contents",
            "isComprehensive", "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
            "translationMetadata", "supportedTaxonomies", "properties",
        ],
        "rule" => &[
            "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
            "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
            "helpUri", "help", "relationships", "properties",
        ],
        "text" => &["text", "markdown", "properties"],
        "configuration" => &["enabled", "level", "rank", "parameters", "properties"],
        "result" => &[
            "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget",
            "locations", "guid", "correlationGuid", "occurrenceCount", "partialFingerprints",
            "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals", "relatedLocations",
            "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri",
            "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse",
            "properties",
        ],
        "message" => &["text", "markdown", "id", "arguments", "properties"],
        "location" => &[
            "id", "physicalLocation", "logicalLocations", "message", "annotations",
            "relationships", "properties",
        ],
        "physical" => &["address", "artifactLocation", "region", "contextRegion", "properties"],
        "artifact" => &["uri", "uriBaseId", "index", "description", "properties"],
        "region" => &[
            "startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
            "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties",
        ],
        "invocation" => &[
            "commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
            "ruleConfigurationOverrides", "notificationConfigurationOverrides",
            "toolExecutionNotifications", "toolConfigurationNotifications", "exitCodeDescription",
            "exitSignalName", "exitSignalNumber", "processStartFailureMessage",
            "executionSuccessful", "machine", "account", "processId", "executableLocation",
            "workingDirectory", "environmentVariables", "stdin", "stdout", "stderr",
            "stdoutStderr", "properties",
        ],
        "notification" => &[
            "locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
            "associatedRule", "properties",
        ],
        _ => unreachable!("{kind}"),
    }
}

fn shape(value: &Value, kind: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{kind} is not an object: {value}"));
    for key in object.keys() {
        assert!(
            allowed(kind).contains(&key.as_str()),
            "{kind} has no property {key}"
        );
    }
}

fn text(value: &Value) {
    shape(value, "text");
    assert!(
        value["text"].as_str().is_some_and(|t| !t.is_empty()),
        "{value}"
    );
}

const LEVELS: [&str; 4] = ["none", "note", "warning", "error"];

fn location(value: &Value) {
    shape(value, "location");
    let physical = &value["physicalLocation"];
    shape(physical, "physical");
    shape(&physical["artifactLocation"], "artifact");
    let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("tests/data/"), "relative, as given: {uri}");
    assert!(!uri.contains('\\') && !uri.contains(' '), "{uri}");
    if let Some(region) = physical.get("region") {
        shape(region, "region");
        let n = |k: &str| {
            region[k]
                .as_u64()
                .unwrap_or_else(|| panic!("{k}: {region}"))
        };
        assert!(n("startLine") >= 1 && n("startColumn") >= 1);
        assert!(n("endLine") >= n("startLine"));
        if n("endLine") == n("startLine") {
            assert!(n("endColumn") >= n("startColumn"));
        }
    }
}

#[test]
fn sarif_has_the_shape_code_scanning_needs() {
    let inputs = ["tests/data/seeds", "tests/data/layout", "no/such/file.txt"];
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(inputs);
    let run = xxgk(&args);
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).expect("one JSON document");

    shape(&log, "log");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run0 = &runs[0];
    shape(run0, "run");
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    shape(&run0["tool"], "tool");
    let driver = &run0["tool"]["driver"];
    shape(driver, "driver");
    assert_eq!(driver["name"], "xxgk");
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("http"));
    assert!(driver["version"].is_string());

    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = xxgk_check::rules().iter().map(|r| r.id).collect();
    assert_eq!(ids, expected, "every rule, in registry order");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    for rule in rules {
        shape(rule, "rule");
        text(&rule["shortDescription"]);
        text(&rule["fullDescription"]);
        text(&rule["help"]);
        assert!(rule["help"]["markdown"].is_string());
        shape(&rule["defaultConfiguration"], "configuration");
        assert!(LEVELS.contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }

    let results = run0["results"].as_array().unwrap();
    let json = xxgk(&["check", "--format", "json", inputs[0], inputs[1], inputs[2]]);
    let total: usize = json_lines(&json.stdout)
        .iter()
        .map(|l| l["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(results.len(), total, "one result per finding");
    for result in results {
        shape(result, "result");
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id);
        assert!(LEVELS.contains(&result["level"].as_str().unwrap()));
        shape(&result["message"], "message");
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1, "GitHub needs a location");
        locations.iter().for_each(location);
        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            location(related);
            assert!(related["id"].as_u64().is_some());
        }
    }
    // The 2023 洪泽 errors, placed.
    let hongze: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "appeals-total")
        .collect();
    assert_eq!(hongze.len(), 2);
    let region = &hongze[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(149), Some(23))
    );
    assert_eq!(hongze[0]["level"], "error");
    // Findings without a position still name the file.
    assert!(results.iter().any(|r| r["locations"][0]["physicalLocation"]
        .get("region")
        .is_none()));

    let invocation = &run0["invocations"][0];
    shape(invocation, "invocation");
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    shape(notification, "notification");
    assert_eq!(notification["level"], "error");
    assert!(notification["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no/such/file.txt"));
}

// ---------------------------------------------------------------- github

#[test]
fn github_commands_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "王岗镇,2020:报告.txt";
    fs::write(dir.path().join(name), broken_balance()).unwrap();
    let run = xxgk_in(
        dir.path(),
        &["check", "--format", "github", name, "missing.txt"],
    );
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.iter().all(|l| l.starts_with("::")), "{}", run.stdout);
    let balance: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("title=requests-balance"))
        .collect();
    assert_eq!(balance.len(), 2, "{}", run.stdout);
    assert!(
        balance[0].starts_with("::error file=王岗镇%2C2020%3A报告.txt,line=76,col=9,endLine=76,endColumn=11,title=requests-balance::表三「自然人」列"),
        "{}",
        balance[0]
    );
    // The note follows the message on an escaped line break.
    assert!(balance[0].contains("%0A表头印明"), "{}", balance[0]);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::warning file=") && l.contains("title=missing-section")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::error file=missing.txt,title=xxgk::")));
    assert!(
        !run.stdout.contains("已检查"),
        "no summary in machine formats"
    );
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_every_rule() {
    for (lang, args) in [
        (Lang::Zh, vec!["rules"]),
        (Lang::En, vec!["rules", "--lang", "en"]),
    ] {
        let run = xxgk(&args);
        assert_eq!(run.code, 0);
        let first_words: Vec<&str> = run
            .stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        for rule in xxgk_check::rules() {
            assert!(first_words.contains(&rule.id), "{} missing", rule.id);
            let line = run
                .stdout
                .lines()
                .find(|l| l.starts_with(&format!("{} ", rule.id)))
                .unwrap();
            assert!(line.ends_with(rule.title(lang)), "{line}");
        }
    }
    let run = xxgk(&["rules"]);
    let carry = run
        .stdout
        .lines()
        .find(|l| l.starts_with("carry-chain "))
        .unwrap();
    assert!(carry.contains("警告") && carry.contains(" 是 "), "{carry}");
}

#[test]
fn rule_prints_its_documentation() {
    let rule = xxgk_check::rule("requests-balance").unwrap();
    let zh = xxgk(&["rule", "requests-balance"]);
    assert_eq!(zh.code, 0);
    assert!(
        zh.stdout.starts_with("# requests-balance\n"),
        "{}",
        zh.stdout
    );
    assert!(zh.stdout.contains("**级别**：错误"));
    let doc = rule.doc(Lang::Zh);
    let body = doc.split_once('\n').unwrap().1.trim();
    assert!(body.contains("勾稽关系"));
    assert!(zh.stdout.contains(body));

    let en = xxgk(&["rule", "requests-balance", "--lang", "en"]);
    assert_eq!(en.code, 0);
    let doc = rule.doc(Lang::En);
    let body = doc.split_once('\n').unwrap().1.trim();
    assert!(body.contains("Checks"));
    assert!(en.stdout.contains(body));
    assert!(en.stdout.contains("**Severity**: error"));
    assert!(!en.stdout.contains("勾稽关系为"));
}

#[test]
fn an_unknown_rule_suggests_near_ids() {
    let run = xxgk(&["rule", "request-balance"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("xxgk: 错误: request-balance: "));
    assert!(run.stderr.contains("requests-balance"));

    let run = xxgk(&["--lang", "en", "rule", "narrative"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("narrative-sum"), "{}", run.stderr);
}

// ------------------------------------------------------- terminal escapes

/// Terminal control sequences planted in a report's agency name, in a table
/// row and in the file name never reach the terminal raw in a format people
/// read; they are shown as visible stand-ins (`␛`).
#[test]
fn control_sequences_from_documents_and_file_names_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let osc = "\u{1b}]52;c;cHduZWQ=\u{7}";
    let report = broken_balance()
        .replace("# 王岗镇人民政府", &format!("# 王岗镇{osc}人民政府"))
        .replace(
            "一、本年新收政府信息公开申请数量",
            "一、本年新收政府信息公开申请数量\u{1b}[2J",
        );
    let name = "report\u{1b}[31m.txt";
    fs::write(dir.path().join(name), report).unwrap();
    fs::write(dir.path().join("empty\u{1b}[8m.txt"), "").unwrap();
    for args in [
        vec!["check", "."],
        vec!["check", ".", "--format", "concise"],
        vec!["check", ".", "--format", "github"],
        vec!["extract", ".", "--format", "table"],
    ] {
        let run = xxgk_in(dir.path(), &args);
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}']),
                "{args:?} {stream} lets a control character through:\n{text}"
            );
        }
        assert!(run.stdout.contains('␛'), "{args:?}:\n{}", run.stdout);
        assert!(
            run.stderr.contains("empty␛[8m.txt"),
            "{args:?}:\n{}",
            run.stderr
        );
    }
}

/// The official blank template is not a clean report: its year (20XX) and
/// its body are not stated, two errors, exit status 1.
#[test]
fn the_blank_template_is_not_a_clean_report() {
    let run = xxgk(&[
        "check",
        "--format",
        "concise",
        "--select",
        "no-*",
        "tests/data/docx/official-template-2021-blank.docx",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "tests/data/docx/official-template-2021-blank.docx: 错误[no-year] 未能确定报告年度：标题、统计期间、开头和落款中都没有写明\n\
         tests/data/docx/official-template-2021-blank.docx: 错误[no-body] 未能确定发布报告的机关：标题及其上方一行都没有写明机关名称\n\
         已检查 1 个文件：错误 2 个，警告 0 个，提示 0 个；0 个文件无法读取\n"
    );
}

/// `full` on published HTML pages and the official DOCX template shows the
/// text a reader sees (the cell's words, not the markup around them), the
/// DOCX cell as Word counts tables, and never a page of markup.
#[test]
fn full_on_html_and_docx_shows_text_not_markup() {
    let run = xxgk(&[
        "check",
        "tests/data/html",
        "tests/data/docx/official-template-2021-blank.docx",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("<w:"), "{}", run.stdout);
    assert!(!run.stdout.contains("<td"), "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

/// The progress bar is drawn on a terminal only: with stderr a pipe, a run
/// over several files writes nothing there.
#[test]
fn no_progress_bar_in_a_pipe() {
    let run = xxgk(&["check", "--format", "concise", "tests/data/seeds"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}

//! The long-form CSV, read back with the `csv` crate.

mod common;

use common::{entry, fixture_entries, total_cells};
use std::collections::HashMap;
use xxgk_export::{CsvExport, BOM, LONG_COLUMNS};

/// The CSV of `entries` as text, and its records as maps from header to field.
fn export(entries: &[xxgk_export::Entry]) -> (String, Vec<HashMap<String, String>>) {
    let mut csv = CsvExport::new(Vec::new()).unwrap();
    for e in entries {
        csv.add(e).unwrap();
    }
    let text = String::from_utf8(csv.finish().unwrap()).unwrap();
    let body = text.strip_prefix(BOM).expect("BOM first");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (text, records)
}

fn find<'a>(
    records: &'a [HashMap<String, String>],
    file_prefix: &str,
    path: &str,
) -> &'a HashMap<String, String> {
    let found: Vec<_> = records
        .iter()
        .filter(|r| r["file"].starts_with(file_prefix) && r["path"] == path)
        .collect();
    assert_eq!(found.len(), 1, "{file_prefix} {path}");
    found[0]
}

#[test]
fn header_bom_and_line_endings() {
    let (text, records) = export(&fixture_entries());
    assert!(text.starts_with("\u{feff}report_id,sha256,file,agency,body,region,level,year,template,source_format,table_key,row_key,row_label,column_key,column_label,path,value,raw,source_line,source_column,source_page\r\n"));
    assert_eq!(&text.as_bytes()[..3], b"\xEF\xBB\xBF");
    assert_eq!(LONG_COLUMNS.len(), 21);
    assert_eq!(LONG_COLUMNS[16], ("value", "数值"));
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    // One record per cell of every printed row of every report.
    assert_eq!(records.len(), total_cells(&fixture_entries()));
    assert_eq!(records.len(), 1562);
}

#[test]
fn seed_004_received_total_is_exact_with_its_source() {
    let entries = fixture_entries();
    let (_, records) = export(&entries);
    let r = find(&records, "004_", "requests.received.total");
    let expected = [
        ("report_id", "5"),
        (
            "sha256",
            entry(&entries, "004_").report.source.sha256.as_str(),
        ),
        ("file", "004_ca48803eb8e502d4.txt"),
        ("agency", "王岗镇人民政府"),
        ("body", "机关5"),
        ("region", "河南省"),
        ("level", "乡镇"),
        ("year", "2020"),
        ("template", "2019"),
        ("source_format", "text"),
        ("table_key", "requests"),
        ("row_key", "received"),
        ("row_label", "一、本年新收政府信息公开申请数量"),
        ("column_key", "total"),
        ("column_label", "总计"),
        ("value", "10"),
        ("raw", "10"),
        ("source_line", "55"),
        ("source_column", "32"),
        ("source_page", ""),
    ];
    for (key, value) in expected {
        assert_eq!(r[key], value, "{key}");
    }
    assert_eq!(r["sha256"].len(), 64);
}

#[test]
fn labels_carry_groups_and_units() {
    let (_, records) = export(&fixture_entries());
    let r = find(&records, "004_", "requests.received.commercial");
    assert_eq!(r["column_label"], "法人或其他组织/商业企业");
    let r = find(&records, "004_", "requests.denied_state_secret.total");
    assert_eq!(r["row_label"], "（三）不予公开/1.属于国家秘密");
    let r = find(&records, "004_", "active.procurement.amount_wan");
    assert_eq!(
        (
            r["column_label"].as_str(),
            r["value"].as_str(),
            r["raw"].as_str()
        ),
        ("采购总金额（万元）", "461.7", "461.7 万元")
    );
    let r = find(&records, "004_", "appeals.review.total");
    assert_eq!(
        (r["row_label"].as_str(), r["value"].as_str()),
        ("行政复议", "2")
    );
    let r = find(
        &records,
        "huaian-hongze-district-2023",
        "appeals.litigation_direct.total",
    );
    assert_eq!(r["row_label"], "行政诉讼 · 未经复议直接起诉");
}

#[test]
fn blank_cells_are_empty_never_zero() {
    let (_, records) = export(&fixture_entries());
    // Seed 001 prints six values in 21 seven-column rows: which end lost its
    // value cannot be told, so both end cells of each row are blank.
    let r = find(&records, "001_", "requests.granted.natural_person");
    assert_eq!(r["value"], "");
    assert_eq!(r["raw"], "");
    assert_eq!(r["source_line"], "");
    let blanks = records
        .iter()
        .filter(|r| r["file"].starts_with("001_") && r["value"].is_empty())
        .count();
    assert_eq!(blanks, 42);
    // A printed zero stays 0.
    let r = find(&records, "001_", "requests.received.total");
    assert_eq!((r["value"].as_str(), r["raw"].as_str()), ("0", "0"));
}

#[test]
fn pdf_layout_pages_and_2021_money() {
    let (_, records) = export(&fixture_entries());
    let r = find(&records, "huaian-city-2024", "requests.received.total");
    assert_eq!(
        [
            &r["value"],
            &r["raw"],
            &r["source_line"],
            &r["source_column"],
            &r["source_page"]
        ],
        ["3119", "3119", "123", "81", "4"]
    );
    assert_eq!((r["body"].as_str(), r["region"].as_str()), ("", ""));
    let r = find(&records, "huaian-city-2024", "active.fees.amount_wan");
    assert_eq!(
        (
            r["column_label"].as_str(),
            r["value"].as_str(),
            r["template"].as_str()
        ),
        ("本年收费金额（单位：万元）", "96171.6", "2021")
    );
    // 2021 reports print the three （六） sub-rows, 2019 reports the single row.
    assert!(records
        .iter()
        .any(|r| r["file"].starts_with("huaian-city") && r["row_key"] == "other_misc"));
    assert!(!records
        .iter()
        .any(|r| r["file"].starts_with("huaian-city") && r["row_key"] == "other"));
    assert!(records
        .iter()
        .any(|r| r["file"].starts_with("004_") && r["row_key"] == "other"));
}

#[test]
fn fields_needing_quotes_round_trip() {
    let mut entries = fixture_entries();
    entries.truncate(1);
    entries[0].body = Some("某市,\"某\"区\n人民政府".into());
    entries[0].report.source.file = "dir, with comma/a.txt".into();
    let (_, records) = export(&entries);
    assert!(!records.is_empty());
    for r in &records {
        assert_eq!(r["body"], "某市,\"某\"区\n人民政府");
        assert_eq!(r["file"], "dir, with comma/a.txt");
    }
}

#[test]
fn a_report_without_tables_gives_no_records_and_create_writes_a_file() {
    let mut entries = fixture_entries();
    entries[0].report.active = None;
    entries[0].report.requests = None;
    entries[0].report.appeals = None;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.csv");
    let mut csv = CsvExport::create(&path).unwrap();
    csv.add(&entries[0]).unwrap();
    csv.add(&entries[4]).unwrap();
    csv.finish().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.lines().count(),
        1 + entries[4].report.cell_values().len()
    );
    assert!(!text.contains("000_60799c090932cf1e.txt"));

    let err = CsvExport::create(&dir.path().join("missing/cells.csv"))
        .err()
        .expect("no such directory");
    assert!(
        err.message.zh.contains("missing/cells.csv"),
        "{}",
        err.message.zh
    );
    assert!(err.message.en.starts_with("cannot write"), "{err}");
}

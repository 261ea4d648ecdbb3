//! The Parquet export, read back with the parquet crate's reader.

#![cfg(feature = "parquet")]

mod common;

use common::{entry, fixture_entries};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use std::collections::BTreeMap;
use std::path::Path;
use xxgk_export::{ExportErrorKind, ParquetExport, NULL_PARTITION, PARQUET_COLUMNS};

/// Every row of a file as a map from column name to field.
fn read(path: &Path) -> Vec<BTreeMap<String, Field>> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row: Result<Row, _>| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

fn row_groups(path: &Path) -> usize {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader.metadata().num_row_groups()
}

fn string(s: &str) -> Field {
    Field::Str(s.to_string())
}

/// The fixtures plus a copy of seed 004 whose year is unknown.
fn entries() -> Vec<xxgk_export::Entry> {
    let mut entries = fixture_entries();
    let mut unknown = entry(&entries, "004_").clone();
    unknown.id = 9;
    unknown.report.year = None;
    unknown.report.source.file = "unknown-year.txt".into();
    entries.push(unknown);
    entries
}

fn cells_by_year(entries: &[xxgk_export::Entry]) -> BTreeMap<Option<i32>, u64> {
    let mut expected = BTreeMap::new();
    for e in entries {
        *expected.entry(e.report.year).or_default() += e.report.cell_values().len() as u64;
    }
    expected
}

#[test]
fn partitions_by_year_with_exact_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cells");
    let entries = entries();
    let mut export = ParquetExport::new(&out).unwrap();
    for e in &entries {
        export.add(e).unwrap();
    }
    let files = export.finish().unwrap();

    let years: Vec<Option<i32>> = files.iter().map(|f| f.year).collect();
    assert_eq!(
        years,
        [Some(2019), Some(2020), Some(2023), Some(2024), None]
    );
    let expected = cells_by_year(&entries);
    for file in &files {
        let partition = match file.year {
            Some(y) => format!("year={y}"),
            None => format!("year={NULL_PARTITION}"),
        };
        assert_eq!(file.path, out.join(partition).join("part-0.parquet"));
        let rows = read(&file.path);
        assert_eq!(rows.len() as u64, file.rows);
        assert_eq!(file.rows, expected[&file.year], "{:?}", file.year);
    }
    assert_eq!(files[1].rows, 4 * 198); // seeds 000, 001, 003, 004 (2020)
    assert_eq!(files[3].rows, 200 + 186); // 淮安市 and 洪泽区 2024
    let mut dirs: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs,
        [
            "year=2019",
            "year=2020",
            "year=2023",
            "year=2024",
            "year=__HIVE_DEFAULT_PARTITION__"
        ]
    );

    // Seed 004's 一、本年新收 总计, exactly.
    let rows = read(&files[1].path);
    let find = |file: &str, path: &str| {
        rows.iter()
            .find(|r| r["file"] == string(file) && r["path"] == string(path))
            .unwrap()
    };
    let r = find("004_ca48803eb8e502d4.txt", "requests.received.total");
    let names: Vec<&String> = r.keys().collect();
    assert_eq!(names.len(), PARQUET_COLUMNS.len());
    assert_eq!(r["report_id"], Field::Long(5));
    assert_eq!(r["year"], Field::Int(2020));
    assert_eq!(r["agency"], string("王岗镇人民政府"));
    assert_eq!(r["body"], string("机关5"));
    assert_eq!(r["template"], string("2019"));
    assert_eq!(r["source_format"], string("text"));
    assert_eq!(r["table_key"], string("requests"));
    assert_eq!(r["row_label"], string("一、本年新收政府信息公开申请数量"));
    assert_eq!(r["column_label"], string("总计"));
    assert_eq!(r["value"], Field::Double(10.0));
    assert_eq!(r["value_text"], string("10"));
    assert_eq!(r["raw"], string("10"));
    assert_eq!(r["source_line"], Field::Int(55));
    assert_eq!(r["source_column"], Field::Int(32));
    assert_eq!(r["source_page"], Field::Null);
    let r = find("004_ca48803eb8e502d4.txt", "active.procurement.amount_wan");
    assert_eq!(r["value"], Field::Double(461.7));
    assert_eq!(r["value_text"], string("461.7"));
    assert_eq!(r["raw"], string("461.7 万元"));
    // Blank cells are null, never 0.
    let r = find(
        "001_45d6ed1fafd8548f.txt",
        "requests.granted.natural_person",
    );
    assert_eq!(
        [&r["value"], &r["value_text"], &r["raw"], &r["source_line"]],
        [&Field::Null; 4]
    );
    assert_eq!(r["region"], string("河南省"));

    let rows = read(&files[3].path);
    let r = rows
        .iter()
        .find(|r| {
            r["file"] == string("huaian-city-2024.pdftotext-layout.txt")
                && r["path"] == string("requests.received.total")
        })
        .unwrap();
    assert_eq!(r["value"], Field::Double(3119.0));
    assert_eq!(r["source_page"], Field::Int(4));
    assert_eq!(r["body"], Field::Null);

    let rows = read(&files[4].path);
    assert!(rows.iter().all(|r| r["year"] == Field::Null));
    assert!(rows.iter().all(|r| r["report_id"] == Field::Long(9)));
}

#[test]
fn row_groups_are_bounded_and_years_may_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cells");
    let entries = fixture_entries();
    // Out of year order: 2020, 2024, 2020, 2019, 2020 …
    let order = [0, 5, 1, 2, 3, 4, 6, 7];
    let mut export = ParquetExport::with_row_group_rows(&out, 300).unwrap();
    for &i in &order {
        export.add(&entries[i]).unwrap();
    }
    let files = export.finish().unwrap();
    let expected = cells_by_year(&entries);
    assert_eq!(files.len(), 4);
    for file in &files {
        assert_eq!(file.rows, expected[&file.year]);
        assert_eq!(read(&file.path).len() as u64, file.rows);
    }
    let y2020 = files.iter().find(|f| f.year == Some(2020)).unwrap();
    // 2020 comes as [000], [001] (each ended by a change of year), then
    // [003, 004] (full: 396 rows ≥ 300): three groups, in input order.
    assert_eq!(row_groups(&y2020.path), 3);
    let ids: Vec<Field> = read(&y2020.path)
        .into_iter()
        .map(|r| r["report_id"].clone())
        .collect::<Vec<_>>()
        .chunks(198)
        .map(|c| c[0].clone())
        .collect();
    assert_eq!(ids, [1, 2, 4, 5].map(Field::Long));
}

#[test]
fn refuses_a_directory_with_partitions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cells");
    let entries = fixture_entries();
    let mut export = ParquetExport::new(&out).unwrap();
    export.add(&entries[0]).unwrap();
    export.finish().unwrap();
    let err = ParquetExport::new(&out).err().expect("partitions exist");
    assert_eq!(err.kind, ExportErrorKind::Exists);
    assert!(err.message.zh.contains("year="), "{}", err.message.zh);
    assert!(err.message.en.contains(&out.display().to_string()), "{err}");
    // An empty (or unrelated) directory is fine.
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    std::fs::write(dir.path().join("other/readme.txt"), "x").unwrap();
    ParquetExport::new(&dir.path().join("other"))
        .unwrap()
        .finish()
        .unwrap();
}

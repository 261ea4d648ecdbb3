//! The XLSX export, read back with calamine.

mod common;

use calamine::{open_workbook, Data, Dimensions, Reader, Xlsx};
use common::{fixture_entries, total_cells};
use std::path::Path;
use xxgk_export::{XlsxExport, DETAIL_SHEET, REPORTS_SHEET, TABLE_SHEETS};

fn export(path: &Path, limit: Option<u32>) {
    let mut xlsx = match limit {
        Some(limit) => XlsxExport::with_detail_row_limit(path, limit).unwrap(),
        None => XlsxExport::new(path).unwrap(),
    };
    for e in fixture_entries() {
        xlsx.add(&e).unwrap();
    }
    xlsx.finish().unwrap();
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn text(s: &str) -> Data {
    Data::String(s.to_string())
}

/// The merged region starting at (row, col).
fn merged_at(merged: &[Dimensions], row: u32, col: u32) -> Option<(u32, u32)> {
    merged.iter().find(|d| d.start == (row, col)).map(|d| d.end)
}

#[test]
fn sheets_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.xlsx");
    export(&path, None);
    let book = open(&path);
    let mut expected = vec![REPORTS_SHEET];
    expected.extend(TABLE_SHEETS);
    expected.push(DETAIL_SHEET);
    assert_eq!(book.sheet_names(), expected);
    assert_eq!(
        TABLE_SHEETS,
        ["表二（2019年格式）", "表二（2021年格式）", "表三", "表四"]
    );
    // No temporary files are left next to the output.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn reports_sheet_has_one_row_per_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.xlsx");
    export(&path, None);
    let mut book = open(&path);
    let range = book.worksheet_range(REPORTS_SHEET).unwrap();
    assert_eq!(range.height(), 1 + 8);
    let header: Vec<&Data> = (0..13).map(|c| range.get_value((0, c)).unwrap()).collect();
    assert_eq!(
        header,
        [
            "报告编号",
            "文件",
            "SHA-256",
            "报告所署机关",
            "机关",
            "地区",
            "层级",
            "年度",
            "表格格式",
            "文件类型",
            "错误",
            "警告",
            "提示"
        ]
        .map(text)
        .iter()
        .collect::<Vec<_>>()
    );
    // Seed 004 is the fifth entry.
    let row: Vec<Data> = (0..13)
        .map(|c| range.get_value((5, c)).unwrap().clone())
        .collect();
    let entries = fixture_entries();
    assert_eq!(
        row,
        [
            Data::Float(5.0),
            text("004_ca48803eb8e502d4.txt"),
            text(&entries[4].report.source.sha256),
            text("王岗镇人民政府"),
            text("机关5"),
            text("河南省"),
            text("乡镇"),
            Data::Float(2020.0),
            text("2019"),
            text("text"),
            Data::Float(4.0),
            Data::Float(1.0),
            Data::Float(2.0),
        ]
    );
    // The layout fixtures have no body, region or level: empty cells.
    assert_eq!(range.get_value((6, 4)), Some(&Data::Empty));
}

#[test]
fn table_3_official_headers_and_exact_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.xlsx");
    export(&path, None);
    let mut book = open(&path);
    let sheet = "表三";
    let range = book.worksheet_range(sheet).unwrap();
    let merged = book.merge_cells_by_sheet_name(sheet).unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);

    assert_eq!(at(0, 0), text("三、收到和处理政府信息公开申请情况"));
    // Report columns span the four header rows.
    for (c, name) in [
        "机关",
        "地区",
        "层级",
        "年度",
        "文件",
        "表格格式",
        "报告编号",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(at(1, c as u32), text(name));
        assert_eq!(merged_at(&merged, 1, c as u32), Some((4, c as u32)));
    }
    // 一、本年新收… over its seven columns and two rows, then the applicants.
    assert_eq!(at(1, 7), text("一、本年新收政府信息公开申请数量"));
    assert_eq!(merged_at(&merged, 1, 7), Some((2, 13)));
    assert_eq!(at(3, 7), text("自然人"));
    assert_eq!(merged_at(&merged, 3, 7), Some((4, 7)));
    assert_eq!(at(3, 8), text("法人或其他组织"));
    assert_eq!(merged_at(&merged, 3, 8), Some((3, 12)));
    let org: Vec<Data> = (8..13).map(|c| at(4, c)).collect();
    assert_eq!(
        org,
        [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
        .map(text)
    );
    assert_eq!(at(3, 13), text("总计"));
    assert_eq!(merged_at(&merged, 3, 13), Some((4, 13)));
    // Groups: （三）不予公开 over its eight sub-rows (56 columns).
    let col = (7..range.width() as u32)
        .find(|&c| at(1, c) == text("（三）不予公开"))
        .unwrap();
    assert_eq!(merged_at(&merged, 1, col), Some((1, col + 55)));
    assert_eq!(at(2, col), text("1.属于国家秘密"));
    assert_eq!(merged_at(&merged, 2, col), Some((2, col + 6)));
    // All 26 rows × 7 columns.
    assert_eq!(range.width(), 7 + 26 * 7);

    // Data from row 5, one row per report in order; seed 004 is the fifth.
    assert_eq!(at(9, 4), text("004_ca48803eb8e502d4.txt"));
    assert_eq!(at(9, 0), text("机关5"));
    assert_eq!(at(9, 7), Data::Float(10.0));
    assert_eq!(at(9, 13), Data::Float(10.0));
    assert_eq!(at(9, 8), Data::Float(0.0));
    // Seed 001 prints six values in the seven cells of （一）予以公开: the end
    // cells are unknown (empty cells, not 0), the middle five printed 0.
    assert_eq!(at(6, 4), text("001_45d6ed1fafd8548f.txt"));
    let granted = (7..range.width() as u32)
        .find(|&c| at(1, c) == text("（一）予以公开"))
        .unwrap();
    for c in granted..granted + 7 {
        let expected = if c == granted || c == granted + 6 {
            Data::Empty
        } else {
            Data::Float(0.0)
        };
        assert_eq!(at(6, c), expected, "column {c}");
    }
    assert_eq!(at(6, 13), Data::Float(0.0));
    // The 2024 淮安 report, with no body, shows its agency as printed.
    assert_eq!(at(10, 0), text("淮安市人民政府"));
    assert_eq!(at(10, 13), Data::Float(3119.0));
    assert_eq!(range.height(), 5 + 8);
}

#[test]
fn table_2_by_format_and_table_4() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.xlsx");
    export(&path, None);
    let mut book = open(&path);

    let range = book.worksheet_range("表二（2019年格式）").unwrap();
    let merged = book
        .merge_cells_by_sheet_name("表二（2019年格式）")
        .unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(0, 0), text("二、主动公开政府信息情况（2019年格式）"));
    assert_eq!(at(1, 7), text("规章"));
    assert_eq!(merged_at(&merged, 1, 7), Some((1, 9)));
    assert_eq!(at(2, 7), text("本年新制作数量"));
    assert_eq!(at(1, 27), text("政府集中采购"));
    assert_eq!(at(2, 28), text("采购总金额（万元）"));
    // The five seeds are 2019-format reports; seed 004 is the fifth.
    assert_eq!(range.height(), 3 + 5);
    assert_eq!(at(7, 4), text("004_ca48803eb8e502d4.txt"));
    assert_eq!(at(7, 27), Data::Float(7.0));
    assert_eq!(at(7, 28), Data::Float(461.7));
    assert_eq!(at(3, 28), Data::Float(17.6675));

    let range = book.worksheet_range("表二（2021年格式）").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(2, 7), text("本年制发件数"));
    assert_eq!(at(1, 16), text("行政事业性收费"));
    assert_eq!(at(2, 16), text("本年收费金额（单位：万元）"));
    assert_eq!(range.height(), 3 + 3);
    assert_eq!(at(3, 4), text("huaian-city-2024.pdftotext-layout.txt"));
    assert_eq!(at(3, 16), Data::Float(96171.6));

    let range = book.worksheet_range("表四").unwrap();
    let merged = book.merge_cells_by_sheet_name("表四").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(0, 0), text("四、政府信息公开行政复议、行政诉讼情况"));
    assert_eq!(at(1, 7), text("行政复议"));
    assert_eq!(merged_at(&merged, 1, 7), Some((2, 11)));
    assert_eq!(at(1, 12), text("行政诉讼"));
    assert_eq!(merged_at(&merged, 1, 12), Some((1, 21)));
    assert_eq!(at(2, 12), text("未经复议直接起诉"));
    assert_eq!(merged_at(&merged, 2, 12), Some((2, 16)));
    assert_eq!(at(2, 17), text("复议后起诉"));
    let outcomes: Vec<Data> = (7..12).map(|c| at(3, c)).collect();
    assert_eq!(
        outcomes,
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map(text)
    );
    assert_eq!(range.width(), 7 + 15);
    // Seed 004: 行政复议 维持 1, 纠正 1, 总计 2.
    assert_eq!(at(8, 4), text("004_ca48803eb8e502d4.txt"));
    let review: Vec<Data> = (7..12).map(|c| at(8, c)).collect();
    assert_eq!(review, [1.0, 1.0, 0.0, 0.0, 2.0].map(Data::Float));
}

#[test]
fn detail_sheets_split_at_the_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.xlsx");
    let limit = 500;
    export(&path, Some(limit));
    let mut book = open(&path);
    let total = total_cells(&fixture_entries());
    let sheets_needed = total.div_ceil(limit as usize - 1);
    assert_eq!(sheets_needed, 4);
    let names: Vec<String> = book
        .sheet_names()
        .into_iter()
        .filter(|n| n.starts_with(DETAIL_SHEET))
        .collect();
    assert_eq!(names, ["明细", "明细2", "明细3", "明细4"]);

    let mut rows = Vec::new();
    for name in &names {
        let range = book.worksheet_range(name).unwrap();
        assert!(range.height() <= limit as usize, "{name}");
        let header: Vec<Data> = (0..21)
            .map(|c| range.get_value((0, c)).unwrap().clone())
            .collect();
        assert_eq!(header[0], text("报告编号"));
        assert_eq!(header[15], text("路径"));
        assert_eq!(header[16], text("数值"));
        assert_eq!(header[20], text("页码"));
        for r in 1..range.height() as u32 {
            rows.push(
                (0..21)
                    .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                    .collect::<Vec<_>>(),
            );
        }
    }
    assert_eq!(rows.len(), total);
    let find = |file: &str, path: &str| {
        rows.iter()
            .find(|r| r[2] == text(file) && r[15] == text(path))
            .unwrap()
            .clone()
    };
    let r = find("004_ca48803eb8e502d4.txt", "requests.received.total");
    assert_eq!(r[0], Data::Float(5.0));
    assert_eq!(r[12], text("一、本年新收政府信息公开申请数量"));
    assert_eq!(r[14], text("总计"));
    assert_eq!(r[16], Data::Float(10.0));
    assert_eq!(r[17], text("10"));
    assert_eq!(r[18], Data::Float(55.0));
    assert_eq!(r[19], Data::Float(32.0));
    assert_eq!(r[20], Data::Empty);
    let r = find(
        "001_45d6ed1fafd8548f.txt",
        "requests.granted.natural_person",
    );
    assert_eq!((&r[16], &r[17]), (&Data::Empty, &Data::Empty));
    let r = find(
        "huaian-city-2024.pdftotext-layout.txt",
        "requests.received.total",
    );
    assert_eq!((&r[16], &r[20]), (&Data::Float(3119.0), &Data::Float(4.0)));
    // Rows continue across sheets in order: the records of the last report
    // end the last sheet.
    assert_eq!(
        rows.last().unwrap()[2],
        text("huaian-hongze-district-2024.pdftotext-layout.txt")
    );
}

#[test]
fn an_unwritable_location_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/corpus.xlsx");
    let err = XlsxExport::new(&path).err().expect("no such directory");
    assert!(
        err.message.zh.contains("no/such/dir/corpus.xlsx"),
        "{}",
        err.message.zh
    );
    assert!(
        err.message.en.starts_with("cannot write the Excel file"),
        "{err}"
    );
}

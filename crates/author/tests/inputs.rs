//! Reading author files: TOML, JSON and the XLSX fill-in sheet give the same
//! report; blank templates read back as empty author files; bad files give
//! errors that name the file, the key and (where the format tells) the line.

use std::path::Path;
use xxgk_author::{
    blank_json, blank_toml, blank_xlsx, compute, read, read_json, read_toml, to_json, to_toml,
    to_xlsx, Author, BlankCells, InputFormat, Place, Problems,
};
use xxgk_model::{Lang, Report, Template};
use xxgk_synth::kit::bomb::{with_part, zip_bomb, Declared};

fn fixture(name: &str) -> (Vec<u8>, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    (std::fs::read(&path).unwrap(), name.to_string())
}

fn fixtures() -> Vec<Author> {
    ["wanggang-2020.toml", "hongze-transport-2024.toml"]
        .iter()
        .map(|name| {
            let (bytes, name) = fixture(name);
            read(&bytes, &name).unwrap_or_else(|p| panic!("{}", p.render(Lang::En)))
        })
        .collect()
}

/// The report without where it came from.
fn contents(report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap();
    value.as_object_mut().unwrap().remove("source");
    value
}

fn same_author(a: &Author, b: &Author) {
    assert_eq!(a.agency, b.agency);
    assert_eq!(a.year, b.year);
    assert_eq!(a.published, b.published);
    assert_eq!(a.blank_cells, b.blank_cells);
    assert_eq!(a.preamble.trim_end(), b.preamble.trim_end());
    for i in 0..6 {
        assert_eq!(
            a.sections[i].trim_end(),
            b.sections[i].trim_end(),
            "section {i}"
        );
    }
    assert_eq!(contents(&compute(a).report), contents(&compute(b).report));
}

#[test]
fn toml_json_and_xlsx_give_the_same_report() {
    for author in fixtures() {
        let json = to_json(&author);
        let from_json =
            read_json(&json, "r.json").unwrap_or_else(|p| panic!("{}\n{json}", p.render(Lang::En)));
        same_author(&author, &from_json);
        assert_eq!(from_json.format, InputFormat::Json);

        let toml = to_toml(&author, Lang::Zh);
        let from_toml =
            read_toml(&toml, "r.toml").unwrap_or_else(|p| panic!("{}\n{toml}", p.render(Lang::En)));
        same_author(&author, &from_toml);

        let xlsx = to_xlsx(&author, Lang::Zh).unwrap();
        let from_xlsx = read(&xlsx, "r.xlsx").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
        same_author(&author, &from_xlsx);
        assert_eq!(from_xlsx.format, InputFormat::Xlsx);
        assert_eq!(
            from_xlsx.place("requests.received.natural_person"),
            Some(Place::Cell {
                sheet: "表三".into(),
                cell: "D4".into()
            })
        );
    }
}

#[test]
fn blank_templates_read_back_as_empty_author_files() {
    for year in [2019, 2020, 2021, 2025] {
        for lang in [Lang::Zh, Lang::En] {
            let toml = blank_toml(year, lang);
            let author =
                read_toml(&toml, "new.toml").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
            assert_empty(&author, year);
            let xlsx = blank_xlsx(year, lang).unwrap();
            let author =
                read(&xlsx, "new.xlsx").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
            assert_empty(&author, year);
        }
        let json = blank_json(year);
        let author =
            read_json(&json, "new.json").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
        assert_empty(&author, year);
    }
}

fn assert_empty(author: &Author, year: i32) {
    assert_eq!(author.year, year);
    assert_eq!(author.agency, None);
    assert_eq!(author.published, None);
    assert_eq!(author.blank_cells, BlankCells::Error);
    assert!(author.preamble.trim().is_empty());
    assert!(author.sections.iter().all(|s| s.trim().is_empty()));
    assert!(
        author.cells.values().all(Option::is_none),
        "{:?}",
        author.cells
    );
    // Every leaf is there to fill in, and nothing else but 结转下年度.
    let leaves = xxgk_author::schema::cells(Template::for_year(year))
        .into_iter()
        .filter(|c| c.role == xxgk_author::schema::Role::Leaf)
        .count();
    let carried_out = author
        .cells
        .keys()
        .filter(|k| k.starts_with("requests.carried_out."))
        .count();
    assert_eq!(carried_out, 6);
    assert_eq!(author.cells.len(), leaves + carried_out);
}

#[test]
fn the_blank_toml_names_every_label() {
    let toml = blank_toml(2025, Lang::Zh);
    let line = |assignment: &str, comment: &str| format!("{assignment:<22}  # {comment}\n");
    for needle in [
        line("natural_person = \"\"", "自然人"),
        line("commercial = \"\"", "法人或其他组织 · 商业企业"),
        line("amount_wan = \"\"", "本年收费金额（单位：万元）"),
        line("# total = …", "总计（由 xxgk 计算）"),
        "# （三）不予公开 1.属于国家秘密\n[requests.denied_state_secret]".to_string(),
        "[requests.other_misc]".to_string(),
        "# 四、结转下年度继续办理（可不填".to_string(),
        "blank_cells = \"error\"".to_string(),
    ] {
        assert!(toml.contains(&needle), "missing {needle:?}");
    }
    assert!(!toml.contains("procurement"));
    let toml = blank_toml(2020, Lang::Zh);
    assert!(toml.contains("[active.procurement]"));
    assert!(toml.contains("[requests.other]"));
    assert!(!toml.contains("other_misc"));
}

fn problems_of(text: &str, name: &str) -> Problems {
    match read(text.as_bytes(), name) {
        Ok(author) => panic!("{name} read without error: {author:?}"),
        Err(problems) => problems,
    }
}

fn minimal(extra: &str) -> String {
    format!("agency = \"王岗镇人民政府\"\nyear = 2025\n{extra}")
}

#[test]
fn invalid_toml_names_the_file_and_line() {
    let problems = problems_of("agency = \"王岗镇\nyear = 2025\n", "bad.toml");
    let text = problems.render(Lang::Zh);
    assert!(
        text.starts_with("bad.toml:1: 错误: 不是有效的 TOML"),
        "{text}"
    );
    let text = problems.render(Lang::En);
    assert!(
        text.starts_with("bad.toml:1: error: not valid TOML"),
        "{text}"
    );
}

#[test]
fn invalid_json_names_the_file_and_line() {
    let problems = problems_of("{\n\"year\": 2025,\n}", "bad.json");
    assert!(
        problems
            .render(Lang::En)
            .starts_with("bad.json:3: error: not valid JSON"),
        "{}",
        problems.render(Lang::En)
    );
}

#[test]
fn unknown_keys_are_named_with_the_key_meant() {
    let problems = problems_of(
        &minimal("[requests.granted]\nnatral_person = 3\n[requests.grantd]\nnatural_person = 1\n"),
        "r.toml",
    );
    let text = problems.render(Lang::En);
    assert!(
        text.contains("r.toml:4: error: requests.granted.natral_person: the row `granted`"),
        "{text}"
    );
    assert!(
        text.contains("did you mean requests.granted.natural_person?"),
        "{text}"
    );
    assert!(
        text.contains("r.toml:6: error: requests.grantd.natural_person: unknown key"),
        "{text}"
    );
    assert!(text.contains("did you mean requests.granted?"), "{text}");

    let problems = problems_of(&minimal("agncy = \"x\"\n"), "r.toml");
    assert!(
        problems
            .render(Lang::Zh)
            .contains("r.toml:3: 错误: agncy: 未知的键\n  = 说明：是否想写 agency？"),
        "{}",
        problems.render(Lang::Zh)
    );
}

#[test]
fn a_row_of_the_other_format_is_named_as_such() {
    let problems = problems_of(&minimal("[active.procurement]\nprojects = 7\n"), "r.toml");
    let text = problems.render(Lang::Zh);
    assert!(text.contains("active.procurement.projects: 「政府集中采购」只在 2019 年格式中；本报告年度用 2021 年格式"), "{text}");
}

#[test]
fn values_must_be_numbers_of_the_right_kind() {
    let cases = [
        ("[requests.granted]\nnatural_person = \"三\"\n", "requests.granted.natural_person: table 3「（一）予以公开」·「自然人」: must be a number, not the text \"三\""),
        ("[requests.granted]\nnatural_person = -2\n", "requests.granted.natural_person: table 3「（一）予以公开」·「自然人」: a count cannot be negative (-2)"),
        ("[requests.granted]\nnatural_person = 2.5\n", "a count must be a whole number, not 2.5"),
        ("[active.fees]\namount_wan = -1.5\n", "an amount cannot be negative (-1.5)"),
        ("[active.fees]\namount_wan = 1.2345678\n", "at most 6 decimals"),
        ("[appeals.review]\nupheld = true\n", "must be a number, not a boolean"),
        ("[appeals.review]\nupheld = [1]\n", "must be a number, not a array"),
    ];
    for (extra, expected) in cases {
        let text = problems_of(&minimal(extra), "r.toml").render(Lang::En);
        assert!(text.contains(expected), "{extra}: {text}");
        assert!(text.starts_with("r.toml:4: error: "), "{extra}: {text}");
    }
    // JSON: the key path names the cell.
    let text = problems_of(
        "{\"agency\": \"x\", \"year\": 2025, \"requests\": {\"granted\": {\"natural_person\": -1}}}",
        "r.json",
    )
    .render(Lang::En);
    assert!(
        text.starts_with("r.json: error: requests.granted.natural_person: "),
        "{text}"
    );
}

#[test]
fn the_year_must_be_a_whole_number_from_2019() {
    for (year, expected) in [
        (
            "\"2025年\"",
            "must be a four-digit whole number, not \"2025年\"",
        ),
        ("2018", "the report year 2018 is not within 2019–2100"),
        ("2025.5", "must be a four-digit whole number, not 2025.5"),
    ] {
        let text =
            problems_of(&format!("agency = \"x\"\nyear = {year}\n"), "r.toml").render(Lang::En);
        assert!(
            text.contains(&format!("r.toml:2: error: year: {expected}")) || text.contains(expected),
            "{year}: {text}"
        );
    }
    let text = problems_of("agency = \"x\"\n", "r.toml").render(Lang::En);
    assert!(
        text.contains("r.toml: error: year: the report year is missing"),
        "{text}"
    );
}

#[test]
fn dates_and_policies_are_checked() {
    let text = problems_of(&minimal("published = \"2026年1月20日\"\n"), "r.toml").render(Lang::En);
    assert!(
        text.contains(
            "r.toml:3: error: published: the date `2026年1月20日` must be written YYYY-MM-DD"
        ),
        "{text}"
    );
    let text = problems_of(&minimal("blank_cells = \"zeros\"\n"), "r.toml").render(Lang::En);
    assert!(
        text.contains("blank_cells: must be \"error\", \"zero\" or \"keep\""),
        "{text}"
    );
    // A bare TOML date is a date.
    let author = read_toml(&minimal("published = 2026-01-20\n"), "r.toml").unwrap();
    assert_eq!(author.published.as_deref(), Some("2026-01-20"));
}

#[test]
fn other_files_are_refused_clearly() {
    let text = read(b"year = 2025", "r.txt").unwrap_err().render(Lang::En);
    assert_eq!(
        text,
        "r.txt: error: an author file is .toml, .json or .xlsx"
    );
    let text = read(b"\xff\xfe", "r.toml").unwrap_err().render(Lang::En);
    assert_eq!(text, "r.toml: error: the file is not UTF-8 text");
    let text = read(b"PK\x03\x04 not a zip", "r.xlsx")
        .unwrap_err()
        .render(Lang::En);
    assert!(
        text.starts_with("r.xlsx: error: cannot read the XLSX file"),
        "{text}"
    );
    // A spreadsheet that is not a fill-in sheet.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .write_string(0, 0, "hello")
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let text = read(&bytes, "other.xlsx").unwrap_err().render(Lang::En);
    assert!(text.contains("this is not an xxgk fill-in sheet"), "{text}");
}

#[test]
fn xlsx_errors_name_the_sheet_cell() {
    let (bytes, name) = fixture("hongze-transport-2024.toml");
    let mut author = read(&bytes, &name).unwrap();
    author.cells.insert("requests.granted.commercial", None);
    let xlsx = to_xlsx(&author, Lang::Zh).unwrap();
    // Reading a sheet whose cell was left empty: the error names the cell.
    let read_back = read(&xlsx, "r.xlsx").unwrap();
    let computed = compute(&read_back);
    let text: Vec<String> = computed
        .problems
        .iter()
        .map(|p| p.render("r.xlsx", Lang::En))
        .collect();
    assert!(
        text.iter().any(|t| t.starts_with("r.xlsx:表三!E6: error: requests.granted: table 3 `（一）予以公开`: not filled in: commercial")),
        "{text:?}"
    );
}

/// A real fill-in sheet whose first worksheet inflates to `inflated` bytes
/// of spaces from a few megabytes: a ZIP bomb in XLSX clothing.
fn bomb(inflated: u32, declared: Declared) -> Vec<u8> {
    let sheet = blank_xlsx(2025, Lang::Zh).unwrap();
    zip_bomb(&sheet, "xl/worksheets/sheet1.xml", inflated, declared)
}

/// 512 MiB of sheet XML in about 3 MB. Refused from its declared size, before
/// a byte is inflated.
#[test]
fn an_xlsx_that_declares_a_part_past_the_limit_is_refused_before_it_is_parsed() {
    let bytes = bomb(512 << 20, Declared::Truthfully);
    assert!(bytes.len() < 4 << 20, "{} bytes compressed", bytes.len());
    let problems = read(&bytes, "bomb.xlsx").err().unwrap();
    let text = problems.render(Lang::Zh);
    assert!(
        text.contains("bomb.xlsx: 错误: 无法读取 XLSX 文件：XLSX 部件 xl/worksheets/sheet1.xml 解压后为 536,870,912 字节，上限为 16,777,216 字节"),
        "{text}"
    );
}

/// The same bomb declaring the few kilobytes of a real sheet: what inflates is
/// counted, and inflating stops one byte past the limit (the test needs no
/// memory for the other 496 MiB, and takes no time for them).
#[test]
fn an_xlsx_whose_header_lies_about_its_size_is_refused_by_what_inflates() {
    let bytes = bomb(512 << 20, Declared::Lying(4096));
    let problems = read(&bytes, "bomb.xlsx").err().unwrap();
    let text = problems.render(Lang::En);
    assert!(
        text.contains("bomb.xlsx: error: cannot read the XLSX file: the XLSX part xl/worksheets/sheet1.xml is more than the limit of 16,777,216 bytes uncompressed"),
        "{text}"
    );
}

/// One cell typed at the last cell of a sheet (XFD1048576) in a 13 KB file:
/// a dense reading would allocate 17 billion cells and abort the process. Read
/// cell by cell, the sheet reads as the blank sheet it otherwise is.
#[test]
fn a_cell_at_the_far_corner_of_a_sheet_costs_no_memory() {
    use std::io::Read;
    let sheet = blank_xlsx(2025, Lang::Zh).unwrap();
    let part = "xl/worksheets/sheet1.xml";
    let mut xml = String::new();
    zip::ZipArchive::new(std::io::Cursor::new(&sheet))
        .unwrap()
        .by_name(part)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#;
    assert!(xml.contains("</sheetData>"));
    let bytes = with_part(&sheet, part, xml.replace("</sheetData>", far).as_bytes());
    assert!(bytes.len() < 32 * 1024);
    let author = read(&bytes, "far.xlsx").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
    let blank = read(&sheet, "blank.xlsx").unwrap();
    same_author(&author, &blank);
}

//! The spreadsheets offices keep their register in (CSV, XLSX), read into
//! cases and written back.
//!
//! Reading is lenient with headers and strict with data. The header row is
//! the first of the first ten rows that names at least three known columns
//! (a title row above it is fine); a header is matched by its Chinese name, a
//! known alias, its English name or its JSON key, ignoring spaces, `*` and
//! bracketed notes (`收到日期（年-月-日）`). Every cell must then read: a date
//! as offices write it, an applicant type of table 3, a channel, an outcome
//! row of table 3; every case must pass [`Case::validate`]. Every bad row is
//! named (row number as the spreadsheet shows it, column, why) and nothing
//! is returned if any row is bad.
//!
//! Several consultations of one case are written in one cell each,
//! separated by `；`.

use crate::calendar::Calendar;
use crate::case::{Applicant, Case, Channel, Consultation, Correction, Extension, Fee, Outcome};
use crate::date::Date;
use crate::error::RegisterError;
use crate::fees::FeeBasis;
use std::collections::{BTreeMap, HashSet};
use xxgk_model::{Lang, Message};

/// One column of the register sheet.
struct Column {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
}

#[rustfmt::skip]
const COLUMNS: &[Column] = &[
    Column { key: "id", zh: "登记号", en: "Register no.", aliases: &["编号", "登记编号", "申请编号", "受理编号", "序号"] },
    Column { key: "applicant", zh: "申请人类型", en: "Applicant type", aliases: &["申请人类别", "申请人性质", "类型"] },
    Column { key: "applicant_name", zh: "申请人", en: "Applicant", aliases: &["申请人姓名", "申请人名称", "申请人姓名/名称", "姓名/名称", "姓名"] },
    Column { key: "channel", zh: "申请方式", en: "Channel", aliases: &["提交方式", "申请渠道", "渠道", "收件方式"] },
    Column { key: "received", zh: "收到日期", en: "Received", aliases: &["收到申请日期", "收到申请之日", "受理日期", "收件日期", "申请日期", "登记日期"] },
    Column { key: "content", zh: "申请内容", en: "Content", aliases: &["申请公开内容", "内容", "所需信息"] },
    Column { key: "assignee", zh: "承办人", en: "Assignee", aliases: &["经办人", "承办", "办理人"] },
    Column { key: "correction_notice", zh: "补正通知日期", en: "Correction notice", aliases: &["补正告知日期", "补正日期", "补正通知"] },
    Column { key: "correction_received", zh: "收到补正日期", en: "Corrected application received", aliases: &["补正收到日期", "补正后收到日期", "收到补正申请日期"] },
    Column { key: "consultation_party", zh: "征求意见对象", en: "Consulted party", aliases: &["第三方", "征求意见单位"] },
    Column { key: "consultation_start", zh: "征求意见日期", en: "Consultation sent", aliases: &["征求第三方意见日期", "征求意见开始日期"] },
    Column { key: "consultation_end", zh: "收到意见日期", en: "Opinion received", aliases: &["第三方答复日期", "征求意见结束日期", "意见反馈日期"] },
    Column { key: "extension_approved", zh: "延期批准日期", en: "Extension approved", aliases: &["延期日期", "延长期限日期"] },
    Column { key: "extension_approver", zh: "延期批准人", en: "Extension approver", aliases: &["批准人", "延期审批人"] },
    Column { key: "extension_days", zh: "延长工作日数", en: "Extension days", aliases: &["延长天数", "延期天数", "延长期限"] },
    Column { key: "fee_basis", zh: "收费方式", en: "Fee basis", aliases: &["计费方式", "收费标准"] },
    Column { key: "fee_quantity", zh: "计费件次或页数", en: "Fee quantity", aliases: &["件次/页数", "计费数量", "页数"] },
    Column { key: "fee_amount", zh: "收费金额", en: "Fee amount", aliases: &["信息处理费", "收费金额元", "金额"] },
    Column { key: "fee_notice", zh: "收费通知日期", en: "Fee notice", aliases: &["缴费通知日期"] },
    Column { key: "fee_paid", zh: "缴费日期", en: "Fee paid", aliases: &["缴纳日期", "付费日期"] },
    Column { key: "concluded", zh: "办结日期", en: "Concluded", aliases: &["答复日期", "办理日期", "结案日期"] },
    Column { key: "outcome", zh: "办理结果", en: "Outcome", aliases: &["处理结果", "答复结果", "答复类型"] },
];

/// The columns `import` needs.
const REQUIRED: &[&str] = &["id", "applicant", "channel", "received"];

/// One bad row: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The row number as the spreadsheet shows it (1-based; 0: the sheet as a whole).
    pub row: usize,
    /// The column's header as printed, if the problem is in one cell.
    pub column: Option<String>,
    /// Why, in both languages.
    pub message: Message,
}

/// Why a spreadsheet was not imported: every problem found. Nothing was taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file as named by the caller.
    pub file: String,
    /// Every problem, in row order.
    pub problems: Vec<RowProblem>,
}

impl ImportError {
    fn whole(file: &str, zh: impl Into<String>, en: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            problems: vec![RowProblem {
                row: 0,
                column: None,
                message: Message::new(zh, en),
            }],
        }
    }

    /// One line per problem: `file:第 12 行「收到日期」：…`, then a summary.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.problems {
            let place = match (p.row, &p.column, lang) {
                (0, _, _) => String::new(),
                (row, Some(column), Lang::Zh) => format!("第 {row} 行「{column}」："),
                (row, None, Lang::Zh) => format!("第 {row} 行："),
                (row, Some(column), Lang::En) => format!("row {row}, column “{column}”: "),
                (row, None, Lang::En) => format!("row {row}: "),
            };
            out.push_str(&format!("{}: {place}{}\n", self.file, p.message.get(lang)));
        }
        let rows: HashSet<usize> = self
            .problems
            .iter()
            .map(|p| p.row)
            .filter(|r| *r > 0)
            .collect();
        out.push_str(&match lang {
            Lang::Zh => format!("{}: {} 行有误，未导入任何内容\n", self.file, rows.len()),
            Lang::En => format!("{}: {} bad rows, nothing imported\n", self.file, rows.len()),
        });
        out
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render(Lang::En).trim_end())
    }
}
impl std::error::Error for ImportError {}

fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in header.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = (depth - 1).max(0),
            c if depth > 0 || c.is_whitespace() || c == '*' || c == '＊' || c == '_' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn column_of(header: &str) -> Option<&'static Column> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|c| {
        normalise(c.zh) == h
            || normalise(c.en) == h
            || normalise(c.key) == h
            || c.aliases.iter().any(|a| normalise(a) == h)
    })
}

/// Reads a register spreadsheet; its format is told by the name's extension
/// (`.csv`, `.xlsx`).
pub fn read(bytes: &[u8], file: &str) -> Result<Vec<Case>, ImportError> {
    let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let rows = match extension.as_deref() {
        Some("csv") => csv_rows(bytes, file)?,
        Some("xlsx") => xlsx_rows(bytes, file)?,
        _ => {
            return Err(ImportError::whole(
                file,
                "台账文件应为 .csv 或 .xlsx",
                "a register file is .csv or .xlsx",
            ))
        }
    };
    cases_from_rows(&rows, file)
}

/// (row number, cells) of a CSV file in UTF-8 (with or without BOM) or GB18030.
fn csv_rows(bytes: &[u8], file: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(ImportError::whole(
                    file,
                    "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本",
                    "the file is neither UTF-8 nor GBK/GB18030 text",
                ));
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            ImportError::whole(file, format!("CSV 格式有误：{e}"), format!("bad CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push((
            line,
            record
                .iter()
                .map(|s| restore(s).trim().to_string())
                .collect(),
        ));
    }
    Ok(rows)
}

/// Most rows a sheet may have (a register of a body is thousands at most).
const MAX_ROWS: u32 = 200_000;

fn xlsx_rows(bytes: &[u8], file: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    use calamine::{Data, DataRef, Reader, Xlsx};
    let bad = |detail: String| {
        ImportError::whole(
            file,
            format!("无法读取 XLSX 文件：{detail}"),
            format!("cannot read the XLSX file: {detail}"),
        )
    };
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(bad("no sheet".into()));
    };
    // Cell by cell, never a dense range (one cell far away would make it huge).
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| bad(e.to_string()))?;
    let mut cells: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(|e| bad(e.to_string()))? {
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= 64 {
            continue;
        }
        let value = cell.get_value();
        if *value == DataRef::Empty {
            continue;
        }
        let text = match Data::from(value.clone()) {
            Data::String(s) => s.trim().to_string(),
            Data::Int(i) => i.to_string(),
            Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            Data::Float(x) => x.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => {
                let serial = dt.as_f64().floor() as i32;
                // Excel's day 25569 is 1970-01-01.
                Date::new(1970, 1, 1).map_or(String::new(), |epoch| {
                    epoch.add_days(serial - 25_569).to_string()
                })
            }
            Data::DateTimeIso(s) => s.get(..10).unwrap_or(&s).to_string(),
            Data::DurationIso(s) => s,
            Data::Error(e) => format!("#{e:?}"),
            Data::Empty => String::new(),
        };
        cells.entry(r).or_default().insert(c, text);
    }
    Ok(cells
        .into_iter()
        .map(|(r, row)| {
            let width = row.keys().next_back().map_or(0, |c| *c as usize + 1);
            let mut out = vec![String::new(); width];
            for (c, text) in row {
                out[c as usize] = text;
            }
            (r as usize + 1, out)
        })
        .collect())
}

fn cases_from_rows(rows: &[(usize, Vec<String>)], file: &str) -> Result<Vec<Case>, ImportError> {
    let header_at = rows
        .iter()
        .take(10)
        .position(|(_, cells)| cells.iter().filter(|h| column_of(h).is_some()).count() >= 3);
    let Some(header_at) = header_at else {
        return Err(ImportError::whole(
            file,
            format!(
                "前 10 行中没有表头：应有「{}」等列",
                REQUIRED
                    .iter()
                    .map(|k| zh_of(k))
                    .collect::<Vec<_>>()
                    .join("」「")
            ),
            format!(
                "no header row in the first 10 rows: expected columns such as {}",
                REQUIRED
                    .iter()
                    .map(|k| en_of(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let header = &rows[header_at].1;
    let mut at: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(column) = column_of(h) {
            if let Some((_, first)) = at.get(column.key) {
                problems.push(RowProblem {
                    row: rows[header_at].0,
                    column: Some(h.clone()),
                    message: Message::new(
                        format!("与「{first}」是同一列（{}），只能有一个", column.zh),
                        format!(
                            "the same column as “{first}” ({}): only one may be given",
                            column.en
                        ),
                    ),
                });
            } else {
                at.insert(column.key, (i, h.clone()));
            }
        }
    }
    for key in REQUIRED {
        if !at.contains_key(key) {
            problems.push(RowProblem {
                row: rows[header_at].0,
                column: None,
                message: Message::new(
                    format!("缺少必需的列「{}」", zh_of(key)),
                    format!("the required column “{}” is missing", en_of(key)),
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: file.to_string(),
            problems,
        });
    }
    let calendar = Calendar::official();
    let mut cases = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (line, cells) in &rows[header_at + 1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = RowReader {
            line: *line,
            cells,
            at: &at,
            problems: Vec::new(),
        };
        let case = row.case();
        let mut row_problems = row.problems;
        if let Some(case) = case {
            if let Some(first) = seen.get(&case.id) {
                row_problems.push(row_problem(
                    *line,
                    &at,
                    "id",
                    Message::new(
                        format!("登记号 {} 与第 {first} 行重复", case.id),
                        format!("register number {} repeats row {first}", case.id),
                    ),
                ));
            } else {
                seen.insert(case.id.clone(), *line);
            }
            match case.validate(calendar) {
                Ok(()) => cases.push(case),
                Err(RegisterError::Invalid(found)) => {
                    for p in found {
                        row_problems.push(row_problem(
                            *line,
                            &at,
                            column_of_field(p.field),
                            p.message,
                        ));
                    }
                }
                Err(err @ RegisterError::BeyondCalendar { .. }) => {
                    row_problems.push(row_problem(*line, &at, "received", err.message()));
                }
            }
        }
        problems.extend(row_problems);
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(ImportError {
            file: file.to_string(),
            problems,
        })
    }
}

fn zh_of(key: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.key == key).map_or("", |c| c.zh)
}
fn en_of(key: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.key == key).map_or("", |c| c.en)
}

/// The sheet column a case field's problem belongs to.
fn column_of_field(field: &str) -> &'static str {
    match field {
        "correction.notice" => "correction_notice",
        "correction.corrected" => "correction_received",
        "consultations.start" => "consultation_start",
        "consultations.end" => "consultation_end",
        "extension.days" => "extension_days",
        "extension.approver" => "extension_approver",
        "extension.approved" => "extension_approved",
        "fee.amount" => "fee_amount",
        "fee.notice" => "fee_notice",
        "fee.paid" => "fee_paid",
        "concluded" => "concluded",
        "outcome" => "outcome",
        "id" => "id",
        _ => "received",
    }
}

fn row_problem(
    line: usize,
    at: &BTreeMap<&'static str, (usize, String)>,
    key: &str,
    message: Message,
) -> RowProblem {
    RowProblem {
        row: line,
        column: Some(
            at.get(key)
                .map_or_else(|| zh_of(key).to_string(), |(_, h)| h.clone()),
        ),
        message,
    }
}

struct RowReader<'a> {
    line: usize,
    cells: &'a [String],
    at: &'a BTreeMap<&'static str, (usize, String)>,
    problems: Vec<RowProblem>,
}

impl RowReader<'_> {
    fn text(&self, key: &str) -> &str {
        self.at
            .get(key)
            .and_then(|(i, _)| self.cells.get(*i))
            .map_or("", |s| s.trim())
    }

    fn problem(&mut self, key: &str, zh: String, en: String) {
        self.problems
            .push(row_problem(self.line, self.at, key, Message::new(zh, en)));
    }

    fn required(&mut self, key: &str) -> Option<String> {
        let text = self.text(key).to_string();
        if text.is_empty() {
            self.problem(
                key,
                "必填，不能为空".into(),
                "required, may not be blank".into(),
            );
            None
        } else {
            Some(text)
        }
    }

    fn date(&mut self, key: &str) -> Option<Date> {
        let text = self.text(key).to_string();
        if text.is_empty() {
            return None;
        }
        let date = Date::parse(&text);
        if date.is_none() {
            self.problem(
                key,
                format!("「{text}」不是日期（应写作 2025-01-20、2025/1/20 或 2025年1月20日）"),
                format!("“{text}” is not a date (write 2025-01-20, 2025/1/20 or 2025年1月20日)"),
            );
        }
        date
    }

    fn number(&mut self, key: &str) -> Option<u32> {
        let text = self.text(key).to_string();
        if text.is_empty() {
            return None;
        }
        let digits = text
            .trim_end_matches('元')
            .trim_end_matches('页')
            .trim_end_matches('件')
            .trim();
        let value = digits.parse::<u32>().ok();
        if value.is_none() {
            self.problem(
                key,
                format!("「{text}」不是不小于 0 的整数"),
                format!("“{text}” is not a whole number ≥ 0"),
            );
        }
        value
    }

    fn list(&self, key: &str) -> Vec<String> {
        let text = self.text(key);
        if text.is_empty() {
            return Vec::new();
        }
        text.split(['；', ';'])
            .map(|s| s.trim().to_string())
            .collect()
    }

    fn case(&mut self) -> Option<Case> {
        let id = self.required("id");
        let applicant = self.required("applicant").and_then(|text| {
            let found = Applicant::parse(&text);
            if found.is_none() {
                let labels: Vec<&str> = Applicant::ALL.iter().map(|a| a.label()).collect();
                self.problem(
                    "applicant",
                    format!("「{text}」不是表三的申请人类型（{}）", labels.join("、")),
                    format!(
                        "“{text}” is not an applicant type of table 3 ({})",
                        labels.join(", ")
                    ),
                );
            }
            found
        });
        let channel = self.required("channel").and_then(|text| {
            let found = Channel::parse(&text);
            if found.is_none() {
                let zh: Vec<&str> = Channel::ALL.iter().map(|c| c.zh()).collect();
                let en: Vec<&str> = Channel::ALL.iter().map(|c| c.en()).collect();
                self.problem(
                    "channel",
                    format!("「{text}」不是申请方式（{}）", zh.join("、")),
                    format!("“{text}” is not a channel ({})", en.join(", ")),
                );
            }
            found
        });
        let received = if self.text("received").is_empty() {
            self.required("received");
            None
        } else {
            self.date("received")
        };
        let correction_notice = self.date("correction_notice");
        let correction_received = self.date("correction_received");
        let correction = match (correction_notice, correction_received) {
            (Some(notice), corrected) => Some(Correction { notice, corrected }),
            (None, Some(_)) => {
                self.problem(
                    "correction_notice",
                    "有收到补正日期，但没有补正通知日期".into(),
                    "a corrected application without a correction notice".into(),
                );
                None
            }
            (None, None) => None,
        };
        let parties = self.list("consultation_party");
        let starts = self.list("consultation_start");
        let ends = self.list("consultation_end");
        let mut consultations = Vec::new();
        if starts.len() < ends.len() || (starts.is_empty() && !parties.is_empty()) {
            self.problem(
                "consultation_start",
                "征求意见的对象、日期和收到意见日期个数不一致".into(),
                "the consulted parties, dates and opinion dates do not pair up".into(),
            );
        }
        for (i, start) in starts.iter().enumerate() {
            let Some(start_date) = Date::parse(start) else {
                self.problem(
                    "consultation_start",
                    format!("「{start}」不是日期"),
                    format!("“{start}” is not a date"),
                );
                continue;
            };
            let end = match ends.get(i).map(String::as_str) {
                None | Some("") => None,
                Some(text) => match Date::parse(text) {
                    Some(d) => Some(d),
                    None => {
                        self.problem(
                            "consultation_end",
                            format!("「{text}」不是日期"),
                            format!("“{text}” is not a date"),
                        );
                        None
                    }
                },
            };
            consultations.push(Consultation {
                party: parties.get(i).filter(|p| !p.is_empty()).cloned(),
                start: start_date,
                end,
            });
        }
        let approved = self.date("extension_approved");
        let approver = self.text("extension_approver").to_string();
        let days = self.number("extension_days");
        let extension = match (approved, days) {
            (Some(approved), Some(days)) => Some(Extension {
                approved,
                approver,
                days,
            }),
            (None, None) if approver.is_empty() => None,
            (None, _) => {
                self.problem(
                    "extension_approved",
                    "延期须填批准日期".into(),
                    "an extension needs its approval date".into(),
                );
                None
            }
            (Some(_), None) => {
                self.problem(
                    "extension_days",
                    "延期须填延长的工作日数（1–20）".into(),
                    "an extension needs its number of working days (1–20)".into(),
                );
                None
            }
        };
        let basis_text = self.text("fee_basis").to_string();
        let quantity = self.number("fee_quantity");
        let amount = self.number("fee_amount");
        let fee_notice = self.date("fee_notice");
        let fee_paid = self.date("fee_paid");
        let any_fee = !basis_text.is_empty()
            || quantity.is_some()
            || amount.is_some()
            || fee_notice.is_some()
            || fee_paid.is_some();
        let fee = if any_fee {
            let basis = match (basis_text.as_str(), quantity) {
                ("按件" | "按件计收" | "count" | "by count", Some(nth)) => {
                    Some(FeeBasis::Count { nth })
                }
                ("按量" | "按量计收" | "按页" | "pages" | "by pages", Some(pages)) => {
                    Some(FeeBasis::Pages { pages })
                }
                _ => {
                    self.problem("fee_basis", format!("收费须写明收费方式（按件或按量）和计费件次或页数，填的是「{basis_text}」"), format!("a fee needs its basis (按件 by count or 按量 by pages) and its quantity; found “{basis_text}”"));
                    None
                }
            };
            if amount.is_none() {
                self.problem(
                    "fee_amount",
                    "收费须填金额（元）".into(),
                    "a fee needs its amount (元)".into(),
                );
            }
            if fee_notice.is_none() {
                self.problem(
                    "fee_notice",
                    "收费须填收费通知日期".into(),
                    "a fee needs the date of its notice".into(),
                );
            }
            match (basis, amount, fee_notice) {
                (Some(basis), Some(amount), Some(notice)) => Some(Fee {
                    basis,
                    amount,
                    notice,
                    paid: fee_paid,
                }),
                _ => None,
            }
        } else {
            None
        };
        let concluded = self.date("concluded");
        let outcome_text = self.text("outcome").to_string();
        let outcome = if outcome_text.is_empty() {
            None
        } else {
            let found = Outcome::parse(&outcome_text);
            if found.is_none() {
                self.problem("outcome", format!("「{outcome_text}」不是表三的一个办理结果行（如「予以公开」「部分公开」「不予公开 1.属于国家秘密」「无法提供 1.本机关不掌握相关政府信息」）"), format!("“{outcome_text}” is not one outcome row of table 3 (such as 予以公开, 部分公开, 不予公开 1.属于国家秘密)"));
            }
            found
        };
        if !self.problems.is_empty() {
            return None;
        }
        let mut case = Case::new(id?, applicant?, channel?, received?);
        let name = self.text("applicant_name");
        case.applicant_name = (!name.is_empty()).then(|| name.to_string());
        case.content = self.text("content").to_string();
        let assignee = self.text("assignee");
        case.assignee = (!assignee.is_empty()).then(|| assignee.to_string());
        case.correction = correction;
        case.consultations = consultations;
        case.extension = extension;
        case.fee = fee;
        case.concluded = concluded;
        case.outcome = outcome;
        Some(case)
    }
}

/// The sheet's rows: the header (Chinese) and one row per case.
fn table(cases: &[Case]) -> Vec<Vec<String>> {
    let mut rows = vec![COLUMNS.iter().map(|c| c.zh.to_string()).collect::<Vec<_>>()];
    let d = |date: Option<Date>| date.map_or(String::new(), |d| d.to_string());
    for case in cases {
        let join = |f: &dyn Fn(&Consultation) -> String| {
            case.consultations
                .iter()
                .map(f)
                .collect::<Vec<_>>()
                .join("；")
        };
        let (basis, quantity) = match case.fee.as_ref().map(|f| f.basis) {
            Some(FeeBasis::Count { nth }) => ("按件".to_string(), nth.to_string()),
            Some(FeeBasis::Pages { pages }) => ("按量".to_string(), pages.to_string()),
            None => (String::new(), String::new()),
        };
        let row: Vec<String> = COLUMNS
            .iter()
            .map(|c| match c.key {
                "id" => case.id.clone(),
                "applicant" => case.applicant.label().to_string(),
                "applicant_name" => case.applicant_name.clone().unwrap_or_default(),
                "channel" => case.channel.zh().to_string(),
                "received" => case.received.to_string(),
                "content" => case.content.clone(),
                "assignee" => case.assignee.clone().unwrap_or_default(),
                "correction_notice" => d(case.correction.as_ref().map(|c| c.notice)),
                "correction_received" => d(case.correction.as_ref().and_then(|c| c.corrected)),
                "consultation_party" => join(&|c| c.party.clone().unwrap_or_default()),
                "consultation_start" => join(&|c| c.start.to_string()),
                "consultation_end" => join(&|c| d(c.end)),
                "extension_approved" => d(case.extension.as_ref().map(|e| e.approved)),
                "extension_approver" => case
                    .extension
                    .as_ref()
                    .map_or(String::new(), |e| e.approver.clone()),
                "extension_days" => case
                    .extension
                    .as_ref()
                    .map_or(String::new(), |e| e.days.to_string()),
                "fee_basis" => basis.clone(),
                "fee_quantity" => quantity.clone(),
                "fee_amount" => case
                    .fee
                    .as_ref()
                    .map_or(String::new(), |f| f.amount.to_string()),
                "fee_notice" => d(case.fee.as_ref().map(|f| f.notice)),
                "fee_paid" => d(case.fee.as_ref().and_then(|f| f.paid)),
                "concluded" => d(case.concluded),
                "outcome" => case.outcome.map_or(String::new(), |o| o.label()),
                _ => String::new(),
            })
            .collect();
        rows.push(row);
    }
    rows
}

/// A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
/// a carriage return first) gets a leading `'`, as OWASP recommends and as
/// every CSV of xxgk does; [`read`] takes it off again.
fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written, without the `'` that [`neutralise`] put in front.
fn restore(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

/// The cases as CSV (UTF-8 with BOM, for Excel), Chinese headers; `read` reads it back.
pub fn to_csv(cases: &[Case]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in table(cases) {
        writer
            .write_record(row.iter().map(|field| neutralise(field).into_owned()))
            .expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

/// The cases as an XLSX workbook (one sheet 依申请公开台账), Chinese headers,
/// every cell text; `read` reads it back.
pub fn to_xlsx(cases: &[Case]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("依申请公开台账")?;
    let bold = Format::new().set_bold();
    for (r, row) in table(cases).iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                sheet.write_string_with_format(r, c, text, &bold)?;
            } else if !text.is_empty() {
                sheet.write_string(r, c, text)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

//! `xxgk deadline` and `xxgk register …`: wiring only. The calendar, deadlines,
//! fees, cases and table 3 are `xxgk-register`'s; storing them is
//! `xxgk_store::register`'s.

use crate::args::{
    ChannelArg, DeadlineArgs, DeadlineFormat, FeeArg, ListFormat, RegisterAddArgs, RegisterCommand,
    RegisterDueArgs, RegisterExportArgs, RegisterImportArgs, RegisterListArgs, RegisterRemoveArgs,
    RegisterShowArgs, RegisterTable3Args, RegisterUpdateArgs,
};
use crate::{print_error, EXIT_FAILURE};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;
use xxgk_check::Selection;
use xxgk_model::{Lang, Severity};
use xxgk_register::deadline::{self, Status};
use xxgk_register::{
    json, sheet, table3, Applicant, Calendar, Case, Change, ChangeField, Channel, Date, FeeKind,
    Outcome, RegisterError,
};
use xxgk_store::register::{Event, RegisterStoreError, StoredCase};
use xxgk_store::SqliteStore;

/// Exit status when the data was refused (invalid, a conflict, bad rows):
/// nothing was written.
const EXIT_REFUSED: u8 = 1;

fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn channel(arg: ChannelArg) -> Channel {
    match arg {
        ChannelArg::InPerson => Channel::InPerson,
        ChannelArg::RegisteredMail => Channel::RegisteredMail,
        ChannelArg::OrdinaryLetter => Channel::OrdinaryLetter,
        ChannelArg::Online => Channel::Online,
        ChannelArg::Fax => Channel::Fax,
    }
}

fn date(text: &str, option: &str, lang: Lang) -> Result<Date, ExitCode> {
    Date::parse(text).ok_or_else(|| {
        let message = match lang {
            Lang::Zh => format!("「{text}」不是日期（应写作 2025-01-20）"),
            Lang::En => format!("“{text}” is not a date (write 2025-01-20)"),
        };
        print_error(lang, &option, &message);
        ExitCode::from(EXIT_FAILURE)
    })
}

fn optional_date(text: Option<&str>, option: &str, lang: Lang) -> Result<Option<Date>, ExitCode> {
    text.map(|t| date(t, option, lang)).transpose()
}

fn print(text: &str, lang: Lang) -> Result<(), ExitCode> {
    let mut stdout = crate::printable::Printable::new(io::stdout().lock(), true);
    crate::written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush()),
        lang,
    )
}

fn finish(result: Result<(), ExitCode>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// `xxgk deadline DATE [--channel C] [--format F]`.
pub fn deadline(args: &DeadlineArgs, lang: Lang) -> ExitCode {
    finish((|| {
        let received = date(&args.date, "DATE", lang)?;
        let explanation =
            deadline::explain(received, args.channel.map(channel), Calendar::official()).map_err(
                |err| {
                    print_error(lang, &received, err.message().get(lang));
                    ExitCode::from(EXIT_FAILURE)
                },
            )?;
        let text = match args.format {
            DeadlineFormat::Text => explanation.render(lang),
            DeadlineFormat::Json => {
                let mut text = serde_json::to_string_pretty(&explanation).expect("serialises");
                text.push('\n');
                text
            }
        };
        print(&text, lang)
    })())
}

/// `xxgk register …`.
pub fn run(command: &RegisterCommand, lang: Lang) -> ExitCode {
    finish(match command {
        RegisterCommand::Add(args) => add(args, lang),
        RegisterCommand::Update(args) => update(args, lang),
        RegisterCommand::List(args) => list(args, lang),
        RegisterCommand::Show(args) => show(args, lang),
        RegisterCommand::Due(args) => due(args, lang),
        RegisterCommand::Import(args) => import(args, lang),
        RegisterCommand::Export(args) => export(args, lang),
        RegisterCommand::Table3(args) => table(args, lang),
        RegisterCommand::Remove(args) => remove(args, lang),
    })
}

fn who(by: &Option<String>) -> String {
    by.clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "xxgk".to_string())
}

fn open_write(db: &str, lang: Lang) -> Result<SqliteStore, ExitCode> {
    SqliteStore::open(db).map_err(|err| {
        print_error(lang, &db, err.message(lang));
        ExitCode::from(EXIT_FAILURE)
    })
}

fn open_read(db: &str, lang: Lang) -> Result<SqliteStore, ExitCode> {
    if !Path::new(db).exists() {
        let message = zh_en(
            lang,
            "数据库不存在；先用 xxgk register add 或 xxgk register import 登记申请",
            "the database does not exist; register requests with xxgk register add or xxgk register import first",
        );
        print_error(lang, &db, &message);
        return Err(ExitCode::from(EXIT_FAILURE));
    }
    SqliteStore::open_read_only(db).map_err(|err| {
        print_error(lang, &db, err.message(lang));
        ExitCode::from(EXIT_FAILURE)
    })
}

fn refused(err: RegisterStoreError, subject: &str, lang: Lang) -> ExitCode {
    let code = match err {
        RegisterStoreError::Store(_) => EXIT_FAILURE,
        _ => EXIT_REFUSED,
    };
    for line in err.text(lang).lines() {
        print_error(lang, &subject, line);
    }
    ExitCode::from(code)
}

fn cases(store: &SqliteStore, db: &str, lang: Lang) -> Result<Vec<StoredCase>, ExitCode> {
    store.register_cases().map_err(|err| refused(err, db, lang))
}

fn due_text(case: &Case, lang: Lang) -> String {
    match deadline::explain_case(case, Calendar::official()) {
        Ok(e) if e.status == Status::AwaitingCorrection => {
            zh_en(lang, "等待补正", "awaiting correction")
        }
        Ok(e) => e.due.map_or_else(String::new, |d| d.to_string()),
        Err(RegisterError::BeyondCalendar { year, .. }) => match lang {
            Lang::Zh => format!("缺 {year} 年日历"),
            Lang::En => format!("no {year} calendar"),
        },
        Err(_) => String::new(),
    }
}

fn add(args: &RegisterAddArgs, lang: Lang) -> Result<(), ExitCode> {
    let Some(applicant) = Applicant::parse(&args.applicant) else {
        let labels: Vec<&str> = Applicant::ALL.iter().map(|a| a.label()).collect();
        let message = match lang {
            Lang::Zh => format!(
                "「{}」不是表三的申请人类型（{}）",
                args.applicant,
                labels.join("、")
            ),
            Lang::En => format!(
                "“{}” is not an applicant type of table 3 ({})",
                args.applicant,
                labels.join(", ")
            ),
        };
        print_error(lang, &"--applicant", &message);
        return Err(ExitCode::from(EXIT_FAILURE));
    };
    let received = date(&args.received, "--received", lang)?;
    let mut case = Case::new(args.id.trim(), applicant, channel(args.channel), received);
    case.applicant_name.clone_from(&args.name);
    case.content = args.content.clone().unwrap_or_default();
    case.assignee.clone_from(&args.assignee);
    let mut store = open_write(&args.db.db, lang)?;
    let stored = store
        .register_add(&case, &who(&args.by.by))
        .map_err(|err| refused(err, &case.id, lang))?;
    let due = due_text(&stored.case, lang);
    let line = match lang {
        Lang::Zh => format!(
            "已登记 {}（第 {} 版），答复期限 {due}\n",
            stored.case.id, stored.version
        ),
        Lang::En => format!(
            "registered {} (version {}), due {due}\n",
            stored.case.id, stored.version
        ),
    };
    print(&line, lang)
}

fn remove(args: &RegisterRemoveArgs, lang: Lang) -> Result<(), ExitCode> {
    let mut store = open_write(&args.db.db, lang)?;
    store
        .register_remove(&args.id, args.based_on, &who(&args.by.by))
        .map_err(|err| refused(err, &args.id, lang))?;
    let line = match lang {
        Lang::Zh => format!(
            "已删除 {0}（记录及修改历史仍保存在数据库中：xxgk register show {0}）\n",
            args.id
        ),
        Lang::En => format!(
            "removed {0} (its record and history stay in the database: xxgk register show {0})\n",
            args.id
        ),
    };
    print(&line, lang)
}

/// The option of `xxgk register update` that gives `field`
/// (`--correction-notice`: clap's long name of the argument).
fn option(field: ChangeField) -> String {
    format!("--{}", field.key().replace('_', "-"))
}

/// The change `xxgk register update` asks for: its dates and outcome read,
/// in the order of the steps (the first that cannot be read is said).
fn change(args: &RegisterUpdateArgs, lang: Lang) -> Result<Change, ExitCode> {
    let date = |field: ChangeField, text: &Option<String>| {
        optional_date(text.as_deref(), &option(field), lang)
    };
    let correction_notice = date(ChangeField::CorrectionNotice, &args.correction_notice)?;
    let corrected = date(ChangeField::Corrected, &args.corrected)?;
    let consulted = date(ChangeField::Consulted, &args.consulted)?;
    let opinion = date(ChangeField::Opinion, &args.opinion)?;
    let approved = date(ChangeField::Approved, &args.approved)?;
    let fee_notice = date(ChangeField::FeeNotice, &args.fee_notice)?;
    let paid = date(ChangeField::Paid, &args.paid)?;
    let concluded = date(ChangeField::Concluded, &args.concluded)?;
    let outcome = match &args.outcome {
        None => None,
        Some(text) => Some(Outcome::parse(text).ok_or_else(|| {
            let message = match lang {
                Lang::Zh => format!("「{text}」不是表三的一个办理结果行（如「予以公开」「部分公开」「不予公开 1.属于国家秘密」）"),
                Lang::En => format!("“{text}” is not one outcome row of table 3 (such as 予以公开, 部分公开, 不予公开 1.属于国家秘密)"),
            };
            print_error(lang, &option(ChangeField::Outcome), &message);
            ExitCode::from(EXIT_REFUSED)
        })?),
    };
    Ok(Change {
        assignee: args.assignee.clone(),
        content: args.content.clone(),
        correction_notice,
        corrected,
        consult: args.consult.clone(),
        consulted,
        opinion,
        extend: args.extend,
        approved,
        approver: args.approver.clone(),
        fee: args.fee.map(|fee| match fee {
            FeeArg::Count => FeeKind::Count,
            FeeArg::Pages => FeeKind::Pages,
        }),
        quantity: args.quantity,
        fee_notice,
        paid,
        concluded,
        outcome,
    })
}

fn update(args: &RegisterUpdateArgs, lang: Lang) -> Result<(), ExitCode> {
    let mut store = open_write(&args.db.db, lang)?;
    let Some(stored) = store
        .register_case(&args.id)
        .map_err(|err| refused(err, &args.id, lang))?
    else {
        return Err(refused(
            RegisterStoreError::NotFound {
                id: args.id.clone(),
            },
            &args.id,
            lang,
        ));
    };
    let mut case = stored.case;
    change(args, lang)?.apply(&mut case).map_err(|err| {
        print_error(lang, &option(err.field()), err.message(option).get(lang));
        ExitCode::from(EXIT_REFUSED)
    })?;
    let stored = store
        .register_update(&case, args.based_on, &who(&args.by.by))
        .map_err(|err| refused(err, &case.id, lang))?;
    let due = due_text(&stored.case, lang);
    let line = match lang {
        Lang::Zh => format!(
            "已更新 {}（第 {} 版），答复期限 {due}\n",
            stored.case.id, stored.version
        ),
        Lang::En => format!(
            "updated {} (version {}), due {due}\n",
            stored.case.id, stored.version
        ),
    };
    print(&line, lang)
}

/// Aligned columns: the header, then the rows.
fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

fn headers(lang: Lang, zh: &[&str], en: &[&str]) -> Vec<String> {
    match lang {
        Lang::Zh => zh.iter().map(|s| s.to_string()).collect(),
        Lang::En => en.iter().map(|s| s.to_string()).collect(),
    }
}

fn list(args: &RegisterListArgs, lang: Lang) -> Result<(), ExitCode> {
    let store = open_read(&args.db.db, lang)?;
    let cases: Vec<StoredCase> = cases(&store, &args.db.db, lang)?
        .into_iter()
        .filter(|s| args.year.is_none_or(|y| s.case.received.year() == y))
        .filter(|s| !args.open || s.case.is_open())
        .collect();
    let text = match args.format {
        ListFormat::Json => json::text(&json::list(
            cases.iter().map(StoredCase::versioned),
            Calendar::official(),
        )),
        ListFormat::Table => {
            let header = headers(
                lang,
                &[
                    "登记号",
                    "版本",
                    "申请人类型",
                    "申请方式",
                    "收到日期",
                    "答复期限",
                    "办结日期",
                    "办理结果",
                    "承办人",
                ],
                &[
                    "id",
                    "version",
                    "applicant",
                    "channel",
                    "received",
                    "due",
                    "concluded",
                    "outcome",
                    "assignee",
                ],
            );
            let rows: Vec<Vec<String>> = cases
                .iter()
                .map(|s| {
                    let c = &s.case;
                    vec![
                        c.id.clone(),
                        s.version.to_string(),
                        c.applicant.label().to_string(),
                        c.channel.name(lang).to_string(),
                        c.received.to_string(),
                        if c.is_open() {
                            due_text(c, lang)
                        } else {
                            String::new()
                        },
                        c.concluded.map_or_else(String::new, |d| d.to_string()),
                        c.outcome.map_or_else(String::new, |o| o.label()),
                        c.assignee.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            aligned(&header, &rows)
        }
    };
    print(&text, lang)
}

fn show(args: &RegisterShowArgs, lang: Lang) -> Result<(), ExitCode> {
    let store = open_read(&args.db.db, lang)?;
    let found = store
        .register_case(&args.id)
        .map_err(|err| refused(err, &args.id, lang))?;
    let history = store
        .register_history(&args.id)
        .map_err(|err| refused(err, &args.id, lang))?;
    let entries = history.iter().map(Event::entry);
    let Some(stored) = found else {
        if history.is_empty() {
            return Err(refused(
                RegisterStoreError::NotFound {
                    id: args.id.clone(),
                },
                &args.id,
                lang,
            ));
        }
        if args.format == ListFormat::Json {
            return print(&json::text(&json::removed(&args.id, entries)), lang);
        }
        // Removed: what it was, and who removed it when.
        let mut out = match lang {
            Lang::Zh => format!("{} 已删除；修改记录：\n", args.id),
            Lang::En => format!("{} was removed; history:\n", args.id),
        };
        for e in &history {
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                e.version,
                e.at,
                e.who,
                e.action.as_str()
            ));
        }
        if let Some(last) = history.iter().rev().find_map(|e| e.case.as_ref()) {
            out.push_str(&(serde_json::to_string_pretty(last).expect("serialises") + "\n"));
        }
        return print(&out, lang);
    };
    if args.format == ListFormat::Json {
        let value = json::show(stored.versioned(), entries, Calendar::official());
        return print(&json::text(&value), lang);
    }
    let c = &stored.case;
    let mut out = String::new();
    let fields: Vec<(&str, &str, String)> = vec![
        ("登记号", "id", c.id.clone()),
        (
            "版本",
            "version",
            format!(
                "{}（{} {}）",
                stored.version, stored.updated_by, stored.updated_at
            ),
        ),
        ("申请人类型", "applicant", c.applicant.label().to_string()),
        (
            "申请人",
            "applicant name",
            c.applicant_name.clone().unwrap_or_default(),
        ),
        ("申请内容", "content", c.content.clone()),
        ("承办人", "assignee", c.assignee.clone().unwrap_or_default()),
        (
            "办结日期",
            "concluded",
            c.concluded.map_or_else(String::new, |d| d.to_string()),
        ),
        (
            "办理结果",
            "outcome",
            c.outcome.map_or_else(String::new, |o| o.label()),
        ),
    ];
    for (zh, en, value) in fields {
        let name = if lang == Lang::Zh { zh } else { en };
        out.push_str(
            &format!("{name}：{value}\n").replace('：', if lang == Lang::Zh { "：" } else { ": " }),
        );
    }
    if let Some(fee) = &c.fee {
        let paid = fee
            .paid
            .map_or_else(|| zh_en(lang, "未缴", "unpaid"), |d| d.to_string());
        out.push_str(&match lang {
            Lang::Zh => format!(
                "信息处理费：{} 元，{}，{} 通知，{paid}\n",
                fee.amount,
                fee.basis.describe(lang),
                fee.notice
            ),
            Lang::En => format!(
                "fee: {} 元, {}, notice {}, {paid}\n",
                fee.amount,
                fee.basis.describe(lang),
                fee.notice
            ),
        });
    }
    out.push('\n');
    match deadline::explain_case(c, Calendar::official()) {
        Ok(explanation) => out.push_str(&explanation.render(lang)),
        Err(err) => out.push_str(&format!("{}\n", err.message().get(lang))),
    }
    out.push_str(&zh_en(lang, "\n修改记录：\n", "\nHistory:\n"));
    for e in &history {
        out.push_str(&format!(
            "  {}  {}  {}  {}\n",
            e.version,
            e.at,
            e.who,
            e.action.as_str()
        ));
    }
    print(&out, lang)
}

fn due(args: &RegisterDueArgs, lang: Lang) -> Result<(), ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => date(text, "--as-of", lang)?,
        None => Date::today_in_china(),
    };
    let beyond = |err: RegisterError| {
        print_error(lang, &as_of, err.message().get(lang));
        ExitCode::from(EXIT_FAILURE)
    };
    // A window the calendar does not cover is named before the database is
    // opened.
    Calendar::official()
        .add_working_days(as_of, args.within)
        .map_err(beyond)?;
    let store = open_read(&args.db.db, lang)?;
    let cases = cases(&store, &args.db.db, lang)?;
    let due = json::due(
        cases.iter().map(|s| (&s.case, s.version)),
        as_of,
        args.within,
        Calendar::official(),
    )
    .map_err(beyond)?;
    // One case beyond the calendar does not hide the others: it is named.
    for (case, _, err) in &due.beyond_calendar {
        crate::print_warning(lang, &case.id, err.message().get(lang));
    }
    let limit = due.limit;
    let text = match args.format {
        ListFormat::Json => json::text(&due.json(lang)),
        ListFormat::Table => {
            let header = headers(
                lang,
                &["登记号", "答复期限", "剩余", "承办人", "申请内容"],
                &["id", "due", "left", "assignee", "content"],
            );
            let rows: Vec<Vec<String>> = due
                .cases
                .iter()
                .map(|d| {
                    let left = match (lang, d.working_days_left) {
                        (Lang::Zh, r) if r < 0 => format!("已超期 {} 个工作日", -r),
                        (Lang::Zh, 0) => "今天到期".to_string(),
                        (Lang::Zh, r) => format!("{r} 个工作日"),
                        (Lang::En, r) if r < 0 => format!("overdue by {} working days", -r),
                        (Lang::En, 0) => "due today".to_string(),
                        (Lang::En, r) => format!("{r} working days"),
                    };
                    vec![
                        d.case.id.clone(),
                        d.due.to_string(),
                        left,
                        d.case.assignee.clone().unwrap_or_default(),
                        d.case.content.clone(),
                    ]
                })
                .collect();
            let mut text = match lang {
                Lang::Zh => format!("截至 {as_of}：已超期和 {} 个工作日内（至 {limit}）到期的申请 {} 件\n", args.within, rows.len()),
                Lang::En => format!("As of {as_of}: {} requests overdue or due within {} working days (by {limit})\n", rows.len(), args.within),
            };
            if !rows.is_empty() {
                text.push_str(&aligned(&header, &rows));
            }
            text
        }
    };
    print(&text, lang)
}

fn import(args: &RegisterImportArgs, lang: Lang) -> Result<(), ExitCode> {
    let file = args.file.to_string_lossy().into_owned();
    let bytes = std::fs::read(&args.file).map_err(|e| {
        let message = match lang {
            Lang::Zh => format!("无法读取：{e}"),
            Lang::En => format!("cannot read: {e}"),
        };
        print_error(lang, &file, &message);
        ExitCode::from(EXIT_FAILURE)
    })?;
    let cases = sheet::read(&bytes, &file).map_err(|err| {
        eprint!("{}", xxgk_diagnostics::printable(&err.render(lang)));
        ExitCode::from(EXIT_REFUSED)
    })?;
    let mut store = open_write(&args.db.db, lang)?;
    let count = store
        .register_import(&cases, &who(&args.by.by))
        .map_err(|err| {
            let code = refused(err, &file, lang);
            eprintln!(
                "xxgk: {}",
                zh_en(lang, "未导入任何内容", "nothing was imported")
            );
            code
        })?;
    let line = match lang {
        Lang::Zh => format!("已导入 {count} 件申请\n"),
        Lang::En => format!("imported {count} requests\n"),
    };
    print(&line, lang)
}

fn export(args: &RegisterExportArgs, lang: Lang) -> Result<(), ExitCode> {
    let store = open_read(&args.db.db, lang)?;
    let cases: Vec<Case> = cases(&store, &args.db.db, lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    if args.output.as_os_str() == "-" {
        // Data, not text for a terminal: written byte for byte (BOM, CRLF).
        let mut stdout = io::stdout().lock();
        let bytes = sheet::to_csv(&cases);
        return crate::written(stdout.write_all(&bytes).and_then(|_| stdout.flush()), lang);
    }
    let name = args.output.to_string_lossy().to_lowercase();
    let bytes = if name.ends_with(".csv") {
        sheet::to_csv(&cases)
    } else if name.ends_with(".xlsx") {
        sheet::to_xlsx(&cases).map_err(|e| {
            print_error(lang, &"xlsx", &e.to_string());
            ExitCode::from(EXIT_FAILURE)
        })?
    } else {
        let message = zh_en(
            lang,
            "输出文件应为 .xlsx 或 .csv",
            "the output file is .xlsx or .csv",
        );
        print_error(lang, &args.output.display(), &message);
        return Err(ExitCode::from(EXIT_FAILURE));
    };
    crate::target::write_file(&args.output, &bytes, args.force, lang)?;
    let message = zh_en(lang, "已导出", "written");
    eprintln!(
        "xxgk: {message}: {} ({})",
        args.output.display(),
        cases.len()
    );
    Ok(())
}

fn table(args: &RegisterTable3Args, lang: Lang) -> Result<(), ExitCode> {
    if let Err(message) = xxgk_author::check_year(args.year) {
        print_error(lang, &"--year", message.get(lang));
        return Err(ExitCode::from(EXIT_FAILURE));
    }
    if let Some(path) = &args.output {
        crate::target::refuse_existing(path, args.force, lang)?;
    }
    let store = open_read(&args.db.db, lang)?;
    let cases: Vec<Case> = cases(&store, &args.db.db, lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    let report = table3::report(&cases, args.year, None);
    let table = report
        .requests
        .clone()
        .expect("the register's report has table 3");
    let findings: Vec<xxgk_model::Finding> = xxgk_check::check(&report, &Selection::default())
        .into_iter()
        .filter(table3::concerns_table3)
        .collect();
    let mut out = Vec::new();
    match args.format {
        ListFormat::Table => {
            let heading = match lang {
                Lang::Zh => format!("{} 年度，由台账 {} 件申请统计", args.year, cases.len()),
                Lang::En => format!(
                    "{}, counted from {} registered requests",
                    args.year,
                    cases.len()
                ),
            };
            writeln!(out, "{heading}").expect("to memory");
            crate::output::table::write_table(&mut out, Some(&table), lang).expect("to memory");
            writeln!(out).expect("to memory");
            if findings.is_empty() {
                let ok = zh_en(lang, "表三通过所有检查规则", "table 3 passes every check");
                writeln!(out, "{ok}").expect("to memory");
            }
            for f in &findings {
                writeln!(
                    out,
                    "{}[{}] {}",
                    f.severity.word(lang),
                    f.rule,
                    f.message.get(lang)
                )
                .expect("to memory");
            }
        }
        ListFormat::Json => {
            let value = json::table3(args.year, cases.len(), &table, &findings, lang);
            out = json::text(&value).into_bytes();
        }
    }
    print(&String::from_utf8_lossy(&out), lang)?;
    if let Some(path) = &args.output {
        write_author(args, &table, path, lang)?;
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Err(ExitCode::from(EXIT_REFUSED));
    }
    Ok(())
}

/// The author data file with table 3 from the register (every table-3 cell
/// the file had is replaced: the register is the source).
fn write_author(
    args: &RegisterTable3Args,
    table: &xxgk_model::Table<xxgk_model::RequestRow>,
    path: &Path,
    lang: Lang,
) -> Result<(), ExitCode> {
    let mut author = match &args.from {
        Some(from) => {
            let file = from.to_string_lossy().into_owned();
            let bytes = std::fs::read(from).map_err(|e| {
                print_error(lang, &file, &e.to_string());
                ExitCode::from(EXIT_FAILURE)
            })?;
            let author = xxgk_author::read(&bytes, &file).map_err(|problems| {
                eprintln!("{}", problems.render(lang));
                ExitCode::from(EXIT_FAILURE)
            })?;
            if author.year != args.year {
                let message = match lang {
                    Lang::Zh => format!("数据文件的年度是 {}，不是 {}", author.year, args.year),
                    Lang::En => format!("the data file is for {}, not {}", author.year, args.year),
                };
                print_error(lang, &file, &message);
                return Err(ExitCode::from(EXIT_FAILURE));
            }
            author
        }
        None => xxgk_author::Author::new(args.year),
    };
    table3::replace_author_cells(&mut author.cells, table);
    let name = path.to_string_lossy().into_owned();
    let bytes = match xxgk_author::InputFormat::from_name(&name) {
        Some(xxgk_author::InputFormat::Toml) => xxgk_author::to_toml(&author, lang).into_bytes(),
        Some(xxgk_author::InputFormat::Json) => xxgk_author::to_json(&author).into_bytes(),
        Some(xxgk_author::InputFormat::Xlsx) => {
            xxgk_author::to_xlsx(&author, lang).map_err(|e| {
                print_error(lang, &"xlsx", &e.to_string());
                ExitCode::from(EXIT_FAILURE)
            })?
        }
        None => {
            let message = zh_en(
                lang,
                "数据文件应为 .toml、.json 或 .xlsx",
                "an author file is .toml, .json or .xlsx",
            );
            print_error(lang, &name, &message);
            return Err(ExitCode::from(EXIT_FAILURE));
        }
    };
    crate::target::write_file(path, &bytes, args.force, lang)?;
    let message = zh_en(
        lang,
        "已写出数据文件（表三由台账统计）",
        "author data file written (table 3 from the register)",
    );
    eprintln!("xxgk: {message}: {}", path.display());
    Ok(())
}

/// `xxgk new --register`: table 3 of the author file's year counted from the
/// register in `db`.
pub(crate) fn fill_from_register(
    author: &mut xxgk_author::Author,
    db: &str,
    lang: Lang,
) -> Result<(), ExitCode> {
    let store = open_read(db, lang)?;
    let cases: Vec<Case> = cases(&store, db, lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    let table = table3::table(&cases, author.year);
    table3::replace_author_cells(&mut author.cells, &table);
    let message = match lang {
        Lang::Zh => format!("表三由台账 {} 件申请统计", cases.len()),
        Lang::En => format!("table 3 counted from {} registered requests", cases.len()),
    };
    eprintln!("xxgk: {message}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_field_of_a_change_is_named_by_an_option_of_update() {
        let cli = crate::args::Cli::command();
        let update = cli
            .find_subcommand("register")
            .and_then(|r| r.find_subcommand("update"))
            .expect("xxgk register update");
        for field in ChangeField::ALL {
            let name = option(field);
            assert!(
                update
                    .get_arguments()
                    .any(|a| a.get_long().is_some_and(|long| format!("--{long}") == name)),
                "{name} is not an option of xxgk register update"
            );
        }
    }
}

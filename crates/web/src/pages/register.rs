//! The request register (依申请公开台账) in the browser: what `xxgk register`
//! and `xxgk deadline` do, through the same library functions.
//!
//! * `GET /register`: the cases, filtered, with their due dates and the
//!   overdue / due-soon ones marked as of today in Beijing (`?as_of=`).
//! * `GET /register/{id}`: one case — its timeline, the deadline explained
//!   day by day, the fee, and the audit trail with what each change changed.
//! * `GET/POST /register/new`, `GET/POST /register/{id}/edit`,
//!   `POST /register/{id}/remove`: the forms (reviewers and admins); an edit
//!   carries the version it was based on, and a stale one is a conflict page
//!   that keeps what was entered.
//! * `GET/POST /register/import`, `GET /register/export?to=xlsx|csv`.
//! * `GET /register/table3?year=Y`: table 3 counted from the register in the
//!   official layout with the check rules' findings (`?download=toml`: the
//!   author data file `xxgk render` turns into the report).
//! * `GET /deadline?date=…&channel=…`: the deadline calculator.
//!
//! The register is written through [`RegisterDb`], without the corpus
//! writer's lock: recording a case never waits for an upload or an ingest.

use super::{render, ui, InLang, PageError, PageResult, Params};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use xxgk_model::{Lang, Template as TableTemplate};
use xxgk_register::calendar::{weekday_name, DayKind};
use xxgk_register::deadline::{self, Effect, Explanation, Status};
use xxgk_register::{
    fees, sheet, table3, Applicant, Calendar, Case, Channel, Consultation, Correction, Date,
    Extension as CaseExtension, Fee, FeeBasis, Outcome, RegisterError,
};
use xxgk_render::grid::{self, Role as GridRole, Slot};
use xxgk_store::accounts::Role;
use xxgk_store::register::{Action, Event, RegisterDb, RegisterStoreError, StoredCase};

/// Working days ahead within which an open case is marked due soon.
pub const DUE_SOON_DAYS: u32 = 5;

/// The routes of the register pages and the deadline calculator.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/register", get(list))
        .route("/register/new", get(new_form).post(new_submit))
        .route("/register/import", get(import_form).post(import_submit))
        .route("/register/export", get(export))
        .route("/register/table3", get(table3_page))
        .route("/register/{id}", get(case_page))
        .route("/register/{id}/edit", get(edit_form).post(edit_submit))
        .route("/register/{id}/remove", post(remove))
        .route("/deadline", get(deadline_page))
}

/// Runs `work` with the register on a blocking thread (SQLite blocks).
pub(crate) async fn with_register<T, F>(state: &Arc<AppState>, work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&mut RegisterDb) -> Result<T, WebError> + Send + 'static,
{
    let db = state.db().to_string();
    tokio::task::spawn_blocking(move || {
        let mut register = RegisterDb::open(&db)?;
        work(&mut register)
    })
    .await
    .map_err(|e| {
        WebError::internal(
            format!("台账操作中断：{e}"),
            format!("the register work stopped: {e}"),
        )
    })?
}

/// A register error as a page error (for reads and writes that are not forms).
pub(crate) fn web_error(err: RegisterStoreError) -> WebError {
    let message = err.message();
    match err {
        RegisterStoreError::Store(err) => err.into(),
        RegisterStoreError::NotFound { .. } => WebError::not_found(message.zh, message.en),
        RegisterStoreError::Conflict { .. } | RegisterStoreError::Exists { .. } => {
            WebError::new(StatusCode::CONFLICT, message.zh, message.en)
        }
        RegisterStoreError::Invalid(_) => {
            WebError::new(StatusCode::UNPROCESSABLE_ENTITY, message.zh, message.en)
        }
    }
}

fn bad_date(text: &str) -> WebError {
    WebError::bad_request(
        format!("「{text}」不是日期（应写作 2025-01-20）"),
        format!("“{text}” is not a date (write 2025-01-20)"),
    )
}

fn weekday(date: Date, lang: Lang) -> &'static str {
    weekday_name(date.weekday(), lang)
}

fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

// ------------------------------------------------------------------ the list

/// The list's query parameters.
#[derive(Clone, Debug, Default, Deserialize)]
struct ListQuery {
    year: Option<String>,
    state: Option<String>,
    assignee: Option<String>,
    applicant: Option<String>,
    q: Option<String>,
    as_of: Option<String>,
    imported: Option<usize>,
}

/// One case in the list.
struct Row {
    id: String,
    href: String,
    received: String,
    applicant: &'static str,
    channel: &'static str,
    assignee: String,
    name: String,
    content: String,
    due: String,
    left: String,
    open: bool,
    outcome: String,
    class: &'static str,
}

#[derive(Template)]
#[template(path = "register.html")]
struct ListPage {
    ui: Ui,
    rows: Vec<Row>,
    total: usize,
    overdue: usize,
    due_soon: usize,
    open: usize,
    as_of: String,
    today: bool,
    years: Vec<i32>,
    assignees: Vec<String>,
    applicants: Vec<(&'static str, &'static str)>,
    query: ListQuery,
    imported: Option<usize>,
    can_write: bool,
}

impl ListPage {
    fn selected(&self, value: &Option<String>, option: &str) -> bool {
        value.as_deref() == Some(option)
    }
    fn text<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or("")
    }
}

/// The due date of a case: the date, or why there is none.
enum Due {
    On(Date),
    AwaitingCorrection,
    Unknown(String),
}

fn due_of(case: &Case, lang: Lang) -> Due {
    match deadline::explain_case(case, Calendar::official()) {
        Ok(e) if e.status == Status::AwaitingCorrection => Due::AwaitingCorrection,
        Ok(Explanation { due: Some(due), .. }) => Due::On(due),
        Ok(_) => Due::Unknown(String::new()),
        Err(err) => Due::Unknown(err.message().get(lang).to_string()),
    }
}

/// Whether an open case is overdue or due soon on `as_of`, and the words
/// saying how many working days are left.
fn urgency(case: &Case, due: &Due, as_of: Date, lang: Lang) -> (&'static str, String) {
    let Due::On(due) = due else {
        return ("", String::new());
    };
    if !case.open_on(as_of) {
        return ("", String::new());
    }
    let calendar = Calendar::official();
    if *due < as_of {
        let late = calendar.working_days_between(*due, as_of).unwrap_or(0);
        let words = match lang {
            Lang::Zh => format!("已超期 {late} 个工作日"),
            Lang::En => format!("overdue by {late} working days"),
        };
        return ("overdue", words);
    }
    let left = calendar
        .working_days_between(as_of, *due)
        .unwrap_or(u32::MAX);
    let words = match (lang, left) {
        (Lang::Zh, 0) => "今天到期".to_string(),
        (Lang::En, 0) => "due today".to_string(),
        (Lang::Zh, n) => format!("剩 {n} 个工作日"),
        (Lang::En, n) => format!("{n} working days left"),
    };
    if left <= DUE_SOON_DAYS {
        ("due-soon", words)
    } else {
        ("", words)
    }
}

fn parse_as_of(text: Option<&str>) -> Result<(Date, bool), WebError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Date::parse(text)
            .map(|d| (d, false))
            .ok_or_else(|| bad_date(text)),
        None => Ok((Date::today_in_china(), true)),
    }
}

async fn list(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Params(query): Params<ListQuery>,
) -> PageResult {
    let (as_of, today) = parse_as_of(query.as_of.as_deref()).in_lang(lang)?;
    let cases = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .in_lang(lang)?;
    let years: BTreeSet<i32> = cases.iter().map(|s| s.case.received.year()).collect();
    let assignees: BTreeSet<String> = cases
        .iter()
        .filter_map(|s| s.case.assignee.clone())
        .filter(|a| !a.trim().is_empty())
        .collect();
    let year: Option<i32> = match query.year.as_deref().filter(|y| !y.is_empty()) {
        Some(text) => Some(text.parse().map_err(|_| {
            PageError(
                WebError::bad_request(
                    format!("「{text}」不是年度"),
                    format!("“{text}” is not a year"),
                ),
                lang,
            )
        })?),
        None => None,
    };
    let needle = query
        .q
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_lowercase();
    let wanted = |c: &Case| {
        year.is_none_or(|y| c.received.year() == y)
            && match query.state.as_deref() {
                Some("open") => c.open_on(as_of),
                Some("concluded") => !c.open_on(as_of),
                _ => true,
            }
            && query
                .assignee
                .as_deref()
                .filter(|a| !a.is_empty())
                .is_none_or(|a| c.assignee.as_deref() == Some(a))
            && query
                .applicant
                .as_deref()
                .filter(|a| !a.is_empty())
                .is_none_or(|a| c.applicant.key() == a)
            && (needle.is_empty()
                || c.id.to_lowercase().contains(&needle)
                || c.content.to_lowercase().contains(&needle)
                || c.applicant_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&needle)))
    };
    let mut shown: Vec<(Row, Option<Date>)> = Vec::new();
    for stored in cases.iter().filter(|s| wanted(&s.case)) {
        let c = &stored.case;
        let due = due_of(c, lang);
        let (class, left) = urgency(c, &due, as_of, lang);
        let due_text = match &due {
            Due::On(d) => d.to_string(),
            Due::AwaitingCorrection => pick(lang, "等待补正", "awaiting correction"),
            Due::Unknown(why) => why.clone(),
        };
        let open = c.open_on(as_of);
        shown.push((
            Row {
                id: c.id.clone(),
                href: format!("/register/{}", encode(&c.id)),
                received: c.received.to_string(),
                applicant: c.applicant.label(),
                channel: c.channel.name(lang),
                assignee: c.assignee.clone().unwrap_or_default(),
                name: c.applicant_name.clone().unwrap_or_default(),
                content: c.content.clone(),
                due: due_text,
                left,
                open,
                outcome: c.outcome.map(|o| o.label()).unwrap_or_default(),
                class,
            },
            match due {
                Due::On(d) => Some(d),
                _ => None,
            },
        ));
    }
    // Open cases first, by due date (those without one after them); then the
    // concluded ones, latest received first.
    shown.sort_by(|(a, ad), (b, bd)| match (a.open, b.open) {
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (true, true) => (ad.is_none(), ad, &a.id).cmp(&(bd.is_none(), bd, &b.id)),
        (false, false) => (&b.received, &b.id).cmp(&(&a.received, &a.id)),
    });
    let rows: Vec<Row> = shown.into_iter().map(|(r, _)| r).collect();
    let page = ListPage {
        ui: ui(lang, &auth, "/register"),
        total: rows.len(),
        overdue: rows.iter().filter(|r| r.class == "overdue").count(),
        due_soon: rows.iter().filter(|r| r.class == "due-soon").count(),
        open: rows.iter().filter(|r| r.open).count(),
        rows,
        as_of: as_of.to_string(),
        today,
        years: years.into_iter().rev().collect(),
        assignees: assignees.into_iter().collect(),
        applicants: Applicant::ALL
            .iter()
            .map(|a| (a.key(), a.label()))
            .collect(),
        imported: query.imported,
        query,
        can_write: auth.user.role >= Role::Reviewer,
    };
    Ok(render(&page))
}

// ------------------------------------------------------- the explanation

/// One day of a deadline's count, as shown.
struct DayRow {
    date: String,
    weekday: &'static str,
    what: String,
    class: String,
}

/// A deadline explained, as shown on the case page and the calculator.
struct ShownExplanation {
    head: Vec<String>,
    days: Vec<DayRow>,
    base_due: Option<String>,
    due: Option<String>,
    awaiting: bool,
}

fn shown_explanation(e: &Explanation, lang: Lang) -> ShownExplanation {
    let days = e
        .days
        .iter()
        .map(|day| {
            let mut class = match day.effect {
                Effect::Counted { .. } => "counted",
                Effect::Extended { .. } => "extended",
                Effect::Skipped => "skipped",
                Effect::Paused { .. } => "paused",
            }
            .to_string();
            match day.day {
                DayKind::Holiday { .. } => class.push_str(" holiday"),
                DayKind::MakeUp { .. } => class.push_str(" make-up"),
                _ => {}
            }
            DayRow {
                date: day.date.to_string(),
                weekday: day.weekday(lang),
                what: day.describe(lang),
                class,
            }
        })
        .collect();
    let dated = |d: Date| match lang {
        Lang::Zh => format!("{d}（{}）", weekday(d, lang)),
        Lang::En => format!("{d} ({})", weekday(d, lang)),
    };
    ShownExplanation {
        head: e.head(lang).lines().map(str::to_string).collect(),
        days,
        base_due: e.extension.as_ref().and(e.base_due).map(dated),
        due: e.due.map(dated),
        awaiting: e.status == Status::AwaitingCorrection,
    }
}

// ------------------------------------------------------------- one case

/// One step of a case's timeline.
struct Step {
    date: String,
    kind: &'static str,
    what: String,
}

fn timeline(c: &Case, lang: Lang) -> Vec<Step> {
    let zh = lang == Lang::Zh;
    let mut steps: Vec<(Date, usize, &'static str, String)> = Vec::new();
    let mut push = |date: Date, kind: &'static str, what: String| {
        let n = steps.len();
        steps.push((date, n, kind, what));
    };
    push(
        c.received,
        "received",
        if zh {
            format!("收到申请（{}）", c.channel.zh())
        } else {
            format!("request received ({})", c.channel.en())
        },
    );
    if let Some(correction) = &c.correction {
        push(
            correction.notice,
            "correction-notice",
            pick(lang, "发出补正通知", "correction notice sent"),
        );
        if let Some(corrected) = correction.corrected {
            push(
                corrected,
                "corrected",
                pick(lang, "收到补正后的申请", "corrected application received"),
            );
        }
    }
    for (i, consultation) in c.consultations.iter().enumerate() {
        let party = consultation.party.clone().unwrap_or_default();
        let n = i + 1;
        push(
            consultation.start,
            "consultation-start",
            if zh {
                format!("征求意见 {n}：征求{party}意见")
            } else {
                format!("consultation {n}: {party} consulted")
            },
        );
        if let Some(end) = consultation.end {
            push(
                end,
                "consultation-end",
                if zh {
                    format!("征求意见 {n}：收到{party}意见")
                } else {
                    format!("consultation {n}: opinion of {party} received")
                },
            );
        }
    }
    if let Some(e) = &c.extension {
        push(
            e.approved,
            "extension",
            if zh {
                format!("经{}同意延长答复期限 {} 个工作日", e.approver, e.days)
            } else {
                format!(
                    "deadline extended by {} working days, approved by {}",
                    e.days, e.approver
                )
            },
        );
    }
    if let Some(fee) = &c.fee {
        push(
            fee.notice,
            "fee-notice",
            if zh {
                format!(
                    "发出收费通知：{} 元（{}）",
                    fee.amount,
                    fee.basis.describe(lang)
                )
            } else {
                format!(
                    "fee notice sent: {} 元 ({})",
                    fee.amount,
                    fee.basis.describe(lang)
                )
            },
        );
        if let Some(paid) = fee.paid {
            push(paid, "fee-paid", pick(lang, "缴纳信息处理费", "fee paid"));
        }
    }
    if let Some(concluded) = c.concluded {
        let outcome = c.outcome.map(|o| o.label()).unwrap_or_default();
        push(
            concluded,
            "answered",
            if zh {
                format!("答复：{outcome}")
            } else {
                format!("answered: {outcome}")
            },
        );
    }
    steps.sort_by_key(|s| (s.0, s.1));
    steps
        .into_iter()
        .map(|(date, _, kind, what)| Step {
            date: date.to_string(),
            kind,
            what,
        })
        .collect()
}

/// One changed field between two versions of a case.
struct Change {
    field: String,
    before: String,
    after: String,
}

/// One event of the audit trail.
struct EventRow {
    version: u64,
    at: String,
    who: String,
    action: &'static str,
    changes: Vec<Change>,
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{}", i + 1), v, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// The fields that differ between two versions (`None`: no case).
fn changes(before: Option<&Case>, after: Option<&Case>) -> Vec<Change> {
    let fields = |c: Option<&Case>| {
        let mut out = BTreeMap::new();
        if let Some(c) = c {
            let value = serde_json::to_value(c).unwrap_or_default();
            flatten("", &value, &mut out);
        }
        out
    };
    let (a, b) = (fields(before), fields(after));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| Change {
            field: k.clone(),
            before: a.get(k).cloned().unwrap_or_default(),
            after: b.get(k).cloned().unwrap_or_default(),
        })
        .collect()
}

fn action_word(action: Action, lang: Lang) -> &'static str {
    match (action, lang) {
        (Action::Add, Lang::Zh) => "登记",
        (Action::Update, Lang::Zh) => "修改",
        (Action::Remove, Lang::Zh) => "删除",
        (Action::Import, Lang::Zh) => "导入",
        (Action::Add, Lang::En) => "added",
        (Action::Update, Lang::En) => "changed",
        (Action::Remove, Lang::En) => "removed",
        (Action::Import, Lang::En) => "imported",
    }
}

/// The events of a history with what each changed, oldest first.
fn trail(history: &[Event], lang: Lang) -> Vec<EventRow> {
    let mut before: Option<&Case> = None;
    history
        .iter()
        .map(|e| {
            let row = EventRow {
                version: e.version,
                at: e.at.clone(),
                who: e.who.clone(),
                action: action_word(e.action, lang),
                changes: changes(before, e.case.as_ref()),
            };
            before = e.case.as_ref();
            row
        })
        .collect()
}

#[derive(Template)]
#[template(path = "register_case.html")]
struct CasePage {
    ui: Ui,
    stored: StoredCase,
    applicant: &'static str,
    channel: &'static str,
    receipt_rule: &'static str,
    outcome: String,
    steps: Vec<Step>,
    explanation: Option<ShownExplanation>,
    explanation_error: Option<String>,
    fee: Option<(String, String, String)>,
    history: Vec<EventRow>,
    can_write: bool,
}

impl CasePage {
    /// The case's register number as a path segment.
    fn href(&self) -> String {
        encode(&self.stored.case.id)
    }
}

async fn case_page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    let key = id.clone();
    let (stored, history) = with_register(&state, move |r| {
        let stored = r.case(&key).map_err(web_error)?;
        let history = r.history(&key).map_err(web_error)?;
        Ok((stored, history))
    })
    .await
    .in_lang(lang)?;
    let Some(stored) = stored else {
        return Err(PageError(
            web_error(RegisterStoreError::NotFound { id }),
            lang,
        ));
    };
    let c = &stored.case;
    let (explanation, explanation_error) = match deadline::explain_case(c, Calendar::official()) {
        Ok(e) => (Some(shown_explanation(&e, lang)), None),
        Err(err) => (None, Some(err.message().get(lang).to_string())),
    };
    let fee = c.fee.as_ref().map(|fee| {
        let paid = fee
            .paid
            .map_or_else(|| pick(lang, "未缴", "unpaid"), |d| d.to_string());
        (
            fee.basis.describe(lang),
            format!("{} 元", fees::amount(fee.basis)),
            paid,
        )
    });
    let page = CasePage {
        ui: ui(lang, &auth, "/register"),
        applicant: c.applicant.label(),
        channel: c.channel.name(lang),
        receipt_rule: c.channel.receipt_rule(lang),
        outcome: c.outcome.map(|o| o.label()).unwrap_or_default(),
        steps: timeline(c, lang),
        explanation,
        explanation_error,
        fee,
        history: trail(&history, lang),
        can_write: auth.user.role >= Role::Reviewer,
        stored,
    };
    Ok(render(&page))
}

// ---------------------------------------------------------------- forms

/// A form field's problem, in the page language.
struct FieldError {
    field: String,
    message: String,
}

/// One consultation row of the edit form.
struct ConsultRow {
    i: usize,
    party: String,
    start: String,
    end: String,
}

/// What another user changed since the version a form was based on.
struct ConflictInfo {
    message: String,
    since: Vec<EventRow>,
}

#[derive(Template)]
#[template(path = "register_form.html")]
struct FormPage {
    ui: Ui,
    /// `None`: a new case; else the case's register number.
    id: Option<String>,
    values: HashMap<String, String>,
    consultations: Vec<ConsultRow>,
    errors: Vec<FieldError>,
    conflict: Option<ConflictInfo>,
    applicants: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, String)>,
}

impl FormPage {
    fn new(
        lang: Lang,
        auth: &Auth,
        id: Option<String>,
        values: HashMap<String, String>,
    ) -> FormPage {
        let count = (0..)
            .take_while(|i| {
                ["party", "start", "end"].iter().any(|f| {
                    values
                        .get(&format!("consultations.{i}.{f}"))
                        .is_some_and(|v| !v.trim().is_empty())
                })
            })
            .count();
        let consultations = (0..=count)
            .map(|i| {
                let get = |f: &str| {
                    values
                        .get(&format!("consultations.{i}.{f}"))
                        .cloned()
                        .unwrap_or_default()
                };
                ConsultRow {
                    i,
                    party: get("party"),
                    start: get("start"),
                    end: get("end"),
                }
            })
            .collect();
        FormPage {
            ui: ui(lang, auth, "/register"),
            id,
            values,
            consultations,
            errors: Vec::new(),
            conflict: None,
            applicants: Applicant::ALL
                .iter()
                .map(|a| (a.key(), a.label()))
                .collect(),
            channels: Channel::ALL
                .iter()
                .map(|c| (c.en(), c.name(lang)))
                .collect(),
            outcomes: Outcome::all().map(|o| (o.key(), o.label())).collect(),
        }
    }
    /// The value of a field.
    fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
    /// True when `option` is the chosen value of `name`.
    fn is(&self, name: &str, option: &str) -> bool {
        self.v(name) == option
    }
    /// The problems with a field (by its name without a consultation's number).
    fn err(&self, name: &str) -> String {
        self.errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("；")
    }
    fn action(&self) -> String {
        match &self.id {
            Some(id) => format!("/register/{}/edit", encode(id)),
            None => "/register/new".to_string(),
        }
    }
}

/// A path segment percent-encoded.
pub(crate) fn encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "-._~".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The form fields of a stored case.
fn values_of(stored: &StoredCase) -> HashMap<String, String> {
    let c = &stored.case;
    let mut v = HashMap::new();
    let mut set = |k: String, value: String| {
        v.insert(k, value);
    };
    set("version".into(), stored.version.to_string());
    set("id".into(), c.id.clone());
    set("applicant".into(), c.applicant.key().into());
    set("channel".into(), c.channel.en().into());
    set("received".into(), c.received.to_string());
    set(
        "applicant_name".into(),
        c.applicant_name.clone().unwrap_or_default(),
    );
    set("content".into(), c.content.clone());
    set("assignee".into(), c.assignee.clone().unwrap_or_default());
    if let Some(correction) = &c.correction {
        set("correction.notice".into(), correction.notice.to_string());
        set(
            "correction.corrected".into(),
            correction
                .corrected
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
    }
    for (i, consultation) in c.consultations.iter().enumerate() {
        set(
            format!("consultations.{i}.party"),
            consultation.party.clone().unwrap_or_default(),
        );
        set(
            format!("consultations.{i}.start"),
            consultation.start.to_string(),
        );
        set(
            format!("consultations.{i}.end"),
            consultation.end.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    if let Some(e) = &c.extension {
        set("extension.approved".into(), e.approved.to_string());
        set("extension.approver".into(), e.approver.clone());
        set("extension.days".into(), e.days.to_string());
    }
    if let Some(fee) = &c.fee {
        let (basis, quantity) = match fee.basis {
            FeeBasis::Count { nth } => ("count", nth),
            FeeBasis::Pages { pages } => ("pages", pages),
        };
        set("fee.basis".into(), basis.into());
        set("fee.quantity".into(), quantity.to_string());
        set("fee.notice".into(), fee.notice.to_string());
        set(
            "fee.paid".into(),
            fee.paid.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    set(
        "concluded".into(),
        c.concluded.map(|d| d.to_string()).unwrap_or_default(),
    );
    set(
        "outcome".into(),
        c.outcome.map(|o| o.key().to_string()).unwrap_or_default(),
    );
    v
}

/// Reads the form's fields into `case`; every field that cannot be read is
/// named. What the 条例 says about the result is the library's
/// ([`Case::validate`], run when it is written).
struct Reader<'a> {
    values: &'a HashMap<String, String>,
    lang: Lang,
    errors: Vec<FieldError>,
}

impl Reader<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }
    fn fail(&mut self, field: &str, zh: String, en: String) {
        self.errors.push(FieldError {
            field: field.to_string(),
            message: if self.lang == Lang::Zh { zh } else { en },
        });
    }
    fn date(&mut self, name: &str) -> Option<Date> {
        let text = self.text(name)?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.fail(
                name,
                format!("「{text}」不是日期（应写作 2025-01-20）"),
                format!("“{text}” is not a date (write 2025-01-20)"),
            );
        }
        date
    }
    fn number(&mut self, name: &str) -> Option<u32> {
        let text = self.text(name)?;
        let n = text.parse().ok();
        if n.is_none() {
            self.fail(
                name,
                format!("「{text}」不是整数"),
                format!("“{text}” is not a whole number"),
            );
        }
        n
    }
    fn required<T>(&mut self, name: &str, value: Option<T>, zh: &str, en: &str) -> Option<T> {
        if value.is_none() && self.text(name).is_none() {
            self.fail(name, zh.to_string(), en.to_string());
        }
        value
    }

    /// A new case from the new-case form.
    fn new_case(&mut self) -> Option<Case> {
        let id = self.text("id");
        let id = self.required("id", id, "缺少登记号", "the register number is missing");
        let applicant = self.text("applicant").and_then(|t| Applicant::parse(&t));
        let applicant = self.required(
            "applicant",
            applicant,
            "请选择申请人类型",
            "choose the applicant type",
        );
        let channel = self.text("channel").and_then(|t| Channel::parse(&t));
        let channel = self.required("channel", channel, "请选择申请方式", "choose the channel");
        let received = self.date("received");
        let received = self.required(
            "received",
            received,
            "缺少收到申请日期",
            "the day of receipt is missing",
        );
        let mut case = Case::new(id?, applicant?, channel?, received?);
        self.common(&mut case);
        Some(case)
    }

    /// The fields every form has: who, what, who handles it.
    fn common(&mut self, case: &mut Case) {
        case.applicant_name = self.text("applicant_name");
        case.content = self.text("content").unwrap_or_default();
        case.assignee = self.text("assignee");
    }

    /// `case` with the steps of the edit form.
    fn steps(&mut self, case: &mut Case) {
        self.common(case);
        let notice = self.date("correction.notice");
        let corrected = self.date("correction.corrected");
        case.correction = match (notice, corrected) {
            (Some(notice), corrected) => Some(Correction { notice, corrected }),
            (None, Some(_)) => {
                self.fail(
                    "correction.notice",
                    "有收到补正的日期却没有补正通知日期".into(),
                    "a corrected application without a correction notice".into(),
                );
                None
            }
            (None, None) => None,
        };
        case.consultations.clear();
        for i in 0.. {
            let (p, s, e) = (
                format!("consultations.{i}.party"),
                format!("consultations.{i}.start"),
                format!("consultations.{i}.end"),
            );
            if !self.values.contains_key(&s) && !self.values.contains_key(&p) {
                break;
            }
            let party = self.text(&p);
            let start = self.date(&s);
            let end = self.date(&e);
            match start {
                Some(start) => case.consultations.push(Consultation { party, start, end }),
                None if party.is_some() || end.is_some() => self.fail(
                    &s,
                    "征求意见须给出征求意见的日期".into(),
                    "a consultation needs the day it was sent".into(),
                ),
                None => {}
            }
        }
        let approved = self.date("extension.approved");
        let approver = self.text("extension.approver");
        let days = self.number("extension.days");
        case.extension = if approved.is_some() || approver.is_some() || days.is_some() {
            match (approved, days) {
                (Some(approved), Some(days)) => Some(CaseExtension {
                    approved,
                    approver: approver.unwrap_or_default(),
                    days,
                }),
                _ => {
                    self.fail(
                        "extension.approved",
                        "延期须同时给出批准日期、批准人和延长的工作日数".into(),
                        "an extension needs the day approved, the approver and the working days together".into(),
                    );
                    None
                }
            }
        } else {
            None
        };
        let basis = self.text("fee.basis");
        let quantity = self.number("fee.quantity");
        let notice = self.date("fee.notice");
        let paid = self.date("fee.paid");
        case.fee = if basis.is_some() || quantity.is_some() || notice.is_some() || paid.is_some() {
            let basis = match (basis.as_deref(), quantity) {
                (Some("count"), Some(nth)) => Some(FeeBasis::Count { nth }),
                (Some("pages"), Some(pages)) => Some(FeeBasis::Pages { pages }),
                _ => None,
            };
            match (basis, notice) {
                (Some(basis), Some(notice)) => Some(Fee {
                    basis,
                    amount: fees::amount(basis),
                    notice,
                    paid,
                }),
                _ => {
                    self.fail(
                        "fee.basis",
                        "收费须同时给出计收方式（按件或按量）、件数或页数和收费通知日期".into(),
                        "a fee needs the basis (by count or by pages), the number and the day of the notice together".into(),
                    );
                    None
                }
            }
        } else {
            None
        };
        case.concluded = self.date("concluded");
        case.outcome = match self.text("outcome") {
            Some(text) => {
                let outcome = Outcome::parse(&text);
                if outcome.is_none() {
                    self.fail(
                        "outcome",
                        format!("「{text}」不是表三的一个办理结果行"),
                        format!("“{text}” is not one outcome row of table 3"),
                    );
                }
                outcome
            }
            None => None,
        };
    }
}

/// The library's problems with a case as form errors.
fn problems(err: &RegisterError, lang: Lang) -> Vec<FieldError> {
    match err {
        RegisterError::Invalid(problems) => problems
            .iter()
            .map(|p| FieldError {
                field: p.field.to_string(),
                message: p.message.get(lang).to_string(),
            })
            .collect(),
        other => vec![FieldError {
            field: "received".to_string(),
            message: other.message().get(lang).to_string(),
        }],
    }
}

fn form_answer(page: FormPage, status: StatusCode) -> Response {
    let mut response = render(&page);
    *response.status_mut() = status;
    response
}

async fn new_form(Extension(auth): Extension<Auth>, UiLang(lang): UiLang) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let mut values = HashMap::new();
    values.insert("received".to_string(), Date::today_in_china().to_string());
    values.insert("channel".to_string(), Channel::Online.en().to_string());
    Ok(render(&FormPage::new(lang, &auth, None, values)))
}

async fn new_submit(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Form(values): Form<HashMap<String, String>>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let mut reader = Reader {
        values: &values,
        lang,
        errors: Vec::new(),
    };
    let case = reader.new_case();
    let errors = reader.errors;
    let Some(case) = case.filter(|_| errors.is_empty()) else {
        let mut page = FormPage::new(lang, &auth, None, values);
        page.errors = errors;
        return Ok(form_answer(page, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let who = auth.user.name.clone();
    let result = with_register(&state, move |r| Ok(r.add(&case, &who)))
        .await
        .in_lang(lang)?;
    match result {
        Ok(stored) => {
            Ok(Redirect::to(&format!("/register/{}", encode(&stored.case.id))).into_response())
        }
        Err(err) => {
            let mut page = FormPage::new(lang, &auth, None, values);
            let status = match &err {
                RegisterStoreError::Invalid(e) => {
                    page.errors = problems(e, lang);
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                RegisterStoreError::Exists { .. } => {
                    page.errors = vec![FieldError {
                        field: "id".into(),
                        message: err.text(lang),
                    }];
                    StatusCode::CONFLICT
                }
                _ => return Err(PageError(web_error(err), lang)),
            };
            Ok(form_answer(page, status))
        }
    }
}

async fn edit_form(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let stored = stored_case(&state, &id, lang).await?;
    Ok(render(&FormPage::new(
        lang,
        &auth,
        Some(id),
        values_of(&stored),
    )))
}

/// The case `id` as stored, or a 404 in the page's language.
async fn stored_case(state: &Arc<AppState>, id: &str, lang: Lang) -> Result<StoredCase, PageError> {
    let key = id.to_string();
    with_register(state, move |r| r.case(&key).map_err(web_error))
        .await
        .in_lang(lang)?
        .ok_or_else(|| {
            let id = id.to_string();
            PageError(web_error(RegisterStoreError::NotFound { id }), lang)
        })
}

/// The events after version `based_on`, with what each changed.
fn since(history: &[Event], based_on: u64, lang: Lang) -> Vec<EventRow> {
    trail(history, lang)
        .into_iter()
        .filter(|e| e.version > based_on)
        .collect()
}

async fn edit_submit(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    Form(mut values): Form<HashMap<String, String>>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let based_on: u64 = values
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            PageError(
                WebError::bad_request(
                    "表单缺少所依据的版本号",
                    "the form does not say which version it was based on",
                ),
                lang,
            )
        })?;
    let stored = stored_case(&state, &id, lang).await?;
    let mut case = stored.case.clone();
    let mut reader = Reader {
        values: &values,
        lang,
        errors: Vec::new(),
    };
    reader.steps(&mut case);
    let errors = reader.errors;
    if !errors.is_empty() {
        let mut page = FormPage::new(lang, &auth, Some(id), values);
        page.errors = errors;
        return Ok(form_answer(page, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let who = auth.user.name.clone();
    let key = id.clone();
    let (result, history) = with_register(&state, move |r| {
        let result = r.update(&case, based_on, &who);
        let history = match &result {
            Err(RegisterStoreError::Conflict { .. }) => r.history(&key).map_err(web_error)?,
            _ => Vec::new(),
        };
        Ok((result, history))
    })
    .await
    .in_lang(lang)?;
    match result {
        Ok(stored) => {
            Ok(Redirect::to(&format!("/register/{}", encode(&stored.case.id))).into_response())
        }
        Err(RegisterStoreError::Invalid(e)) => {
            let mut page = FormPage::new(lang, &auth, Some(id), values);
            page.errors = problems(&e, lang);
            Ok(form_answer(page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(err @ RegisterStoreError::Conflict { current, .. }) => {
            // What was entered stays in the form, now based on the current
            // version: sending it again replaces the other change knowingly.
            values.insert("version".into(), current.to_string());
            let mut page = FormPage::new(lang, &auth, Some(id), values);
            page.conflict = Some(ConflictInfo {
                message: err.text(lang),
                since: since(&history, based_on, lang),
            });
            Ok(form_answer(page, StatusCode::CONFLICT))
        }
        Err(err) => Err(PageError(web_error(err), lang)),
    }
}

/// The remove form.
#[derive(Deserialize)]
struct RemoveForm {
    version: u64,
}

async fn remove(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    Form(form): Form<RemoveForm>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let who = auth.user.name.clone();
    with_register(&state, move |r| {
        r.remove(&id, form.version, &who).map_err(web_error)
    })
    .await
    .in_lang(lang)?;
    Ok(Redirect::to("/register").into_response())
}

// ------------------------------------------------------ import and export

/// One bad row of an import.
struct BadRow {
    row: String,
    column: String,
    message: String,
}

#[derive(Template)]
#[template(path = "register_import.html")]
struct ImportPage {
    ui: Ui,
    file: String,
    bad: Vec<BadRow>,
    error: Option<String>,
}

async fn import_form(Extension(auth): Extension<Auth>, UiLang(lang): UiLang) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    Ok(render(&ImportPage {
        ui: ui(lang, &auth, "/register"),
        file: String::new(),
        bad: Vec::new(),
        error: None,
    }))
}

async fn import_submit(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let unreadable = |e: &dyn std::fmt::Display| {
        PageError(
            WebError::bad_request(
                format!("上传的表单无法读取：{e}"),
                format!("the upload cannot be read: {e}"),
            ),
            lang,
        )
    };
    let mut multipart = multipart.map_err(|e| unreadable(&e))?;
    let mut upload: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| unreadable(&e))? {
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        let bytes = field.bytes().await.map_err(|e| unreadable(&e))?;
        upload = Some((super::report::file_name(&name).to_string(), bytes.to_vec()));
        break;
    }
    let Some((file, bytes)) = upload.filter(|(name, _)| !name.is_empty()) else {
        return Err(PageError(
            WebError::bad_request(
                "请选择一个 .xlsx 或 .csv 文件",
                "choose an .xlsx or .csv file",
            ),
            lang,
        ));
    };
    let mut page = ImportPage {
        ui: ui(lang, &auth, "/register"),
        file: file.clone(),
        bad: Vec::new(),
        error: None,
    };
    let cases = match sheet::read(&bytes, &file) {
        Ok(cases) => cases,
        Err(err) => {
            page.bad = err
                .problems
                .iter()
                .map(|p| BadRow {
                    row: if p.row == 0 {
                        String::new()
                    } else {
                        p.row.to_string()
                    },
                    column: p.column.clone().unwrap_or_default(),
                    message: p.message.get(lang).to_string(),
                })
                .collect();
            let mut response = render(&page);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let who = auth.user.name.clone();
    let result = with_register(&state, move |r| Ok(r.import(&cases, &who)))
        .await
        .in_lang(lang)?;
    match result {
        Ok(count) => Ok(Redirect::to(&format!("/register?imported={count}")).into_response()),
        Err(err @ RegisterStoreError::Store(_)) => Err(PageError(web_error(err), lang)),
        Err(err) => {
            page.error = Some(err.text(lang));
            let mut response = render(&page);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

/// `?to=` of the export.
#[derive(Deserialize)]
struct ExportQuery {
    to: Option<String>,
}

fn download(bytes: Vec<u8>, name: &str, media: &'static str) -> Response {
    let disposition = HeaderValue::from_str(&super::attachment(name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn export(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Params(query): Params<ExportQuery>,
) -> PageResult {
    let to = query.to.unwrap_or_else(|| "xlsx".into());
    if to != "xlsx" && to != "csv" {
        return Err(PageError(
            WebError::bad_request(
                format!("导出格式应为 xlsx 或 csv，不是「{to}」"),
                format!("export to xlsx or csv, not “{to}”"),
            ),
            lang,
        ));
    }
    let cases: Vec<Case> = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .in_lang(lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    let name = format!("register-{}.{to}", Date::today_in_china());
    if to == "csv" {
        return Ok(download(
            sheet::to_csv(&cases),
            &name,
            "text/csv; charset=utf-8",
        ));
    }
    let bytes = sheet::to_xlsx(&cases).map_err(|e| {
        PageError(
            WebError::internal(
                format!("无法写出 XLSX：{e}"),
                format!("cannot write the XLSX: {e}"),
            ),
            lang,
        )
    })?;
    Ok(download(
        bytes,
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ))
}

// ---------------------------------------------------------------- table 3

/// A cell of table 3 as shown.
struct GridCell {
    text: String,
    colspan: usize,
    rowspan: usize,
    class: String,
    path: &'static str,
}

/// A finding on table 3.
struct FindingRow {
    severity: &'static str,
    word: &'static str,
    rule: String,
    message: String,
}

#[derive(Template)]
#[template(path = "register_table3.html")]
struct Table3Page {
    ui: Ui,
    year: i32,
    cases: usize,
    title: String,
    rows: Vec<Vec<GridCell>>,
    findings: Vec<FindingRow>,
}

/// Table 3 of `year` counted from `cases`, and the check rules' findings on
/// it: what `xxgk register table3` prints, for the page and the API.
pub(crate) fn counted_table3(
    cases: &[Case],
    year: i32,
) -> (
    xxgk_model::Table<xxgk_model::RequestRow>,
    Vec<xxgk_model::Finding>,
) {
    let report = table3::report(cases, year, None);
    let findings = xxgk_check::check(&report, &xxgk_check::Selection::default())
        .into_iter()
        .filter(table3::concerns_table3)
        .collect();
    let table = report.requests.unwrap_or_default();
    (table, findings)
}

/// `?year=` and `?download=`.
#[derive(Deserialize)]
struct Table3Query {
    year: Option<i32>,
    download: Option<String>,
}

async fn table3_page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Params(query): Params<Table3Query>,
) -> PageResult {
    let cases: Vec<Case> = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .in_lang(lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    let year = query.year.unwrap_or_else(|| {
        cases
            .iter()
            .map(|c| c.received.year())
            .max()
            .unwrap_or_else(|| Date::today_in_china().year())
    });
    if let Err(message) = xxgk_author::check_year(year) {
        return Err(PageError(
            WebError::bad_request(message.zh, message.en),
            lang,
        ));
    }
    let (table, findings) = counted_table3(&cases, year);
    match query.download.as_deref() {
        None | Some("") => {}
        Some("toml") => {
            let mut author = xxgk_author::Author::new(year);
            table3::replace_author_cells(&mut author.cells, &table);
            let text = xxgk_author::to_toml(&author, lang);
            return Ok(download(
                text.into_bytes(),
                &format!("register-{year}.toml"),
                "application/toml; charset=utf-8",
            ));
        }
        Some(other) => {
            return Err(PageError(
                WebError::bad_request(
                    format!("只能下载 toml 数据文件，不是「{other}」"),
                    format!("the download is a toml data file, not “{other}”"),
                ),
                lang,
            ))
        }
    }
    let template = TableTemplate::for_year(year);
    let shown = grid::requests(Some(&table), template);
    let rows = shown
        .rows
        .iter()
        .map(|slots| {
            slots
                .iter()
                .filter_map(|slot| match slot {
                    Slot::Cell(cell) => Some(cell),
                    Slot::Covered { .. } => None,
                })
                .map(|cell| {
                    let mut class = match cell.role {
                        GridRole::Block => "block",
                        GridRole::Head => "head",
                        GridRole::Label => "label",
                        GridRole::CentredLabel => "label centred",
                        GridRole::Note => "note",
                        GridRole::Value => "v",
                    }
                    .to_string();
                    if let Some(path) = cell.path {
                        if findings.iter().any(|f| f.cells.iter().any(|c| c == path)) {
                            class.push_str(" flagged");
                        }
                    }
                    GridCell {
                        text: cell.text.clone(),
                        colspan: cell.colspan,
                        rowspan: cell.rowspan,
                        class,
                        path: cell.path.unwrap_or(""),
                    }
                })
                .collect()
        })
        .collect();
    let page = Table3Page {
        ui: ui(lang, &auth, "/register"),
        year,
        cases: cases.len(),
        title: xxgk_model::TableId::Requests.long_name(lang).to_string(),
        rows,
        findings: findings
            .iter()
            .map(|f| FindingRow {
                severity: f.severity.as_str(),
                word: f.severity.word(lang),
                rule: f.rule.clone(),
                message: f.message.get(lang).to_string(),
            })
            .collect(),
    };
    Ok(render(&page))
}

// ---------------------------------------------------------------- deadline

/// `?date=` and `?channel=` of the calculator.
#[derive(Clone, Debug, Default, Deserialize)]
struct DeadlineQuery {
    date: Option<String>,
    channel: Option<String>,
}

#[derive(Template)]
#[template(path = "deadline.html")]
struct DeadlinePage {
    ui: Ui,
    date: String,
    channel: String,
    channels: Vec<(&'static str, &'static str)>,
    explanation: Option<ShownExplanation>,
    error: Option<String>,
}

async fn deadline_page(
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Params(query): Params<DeadlineQuery>,
) -> PageResult {
    let date = query.date.clone().unwrap_or_default().trim().to_string();
    let channel_text = query.channel.clone().unwrap_or_default().trim().to_string();
    let mut page = DeadlinePage {
        ui: ui(lang, &auth, "/deadline"),
        date: date.clone(),
        channel: channel_text.clone(),
        channels: Channel::ALL
            .iter()
            .map(|c| (c.en(), c.name(lang)))
            .collect(),
        explanation: None,
        error: None,
    };
    if date.is_empty() {
        return Ok(render(&page));
    }
    let channel = if channel_text.is_empty() {
        None
    } else {
        match Channel::parse(&channel_text) {
            Some(c) => Some(c),
            None => {
                page.error = Some(match lang {
                    Lang::Zh => format!("「{channel_text}」不是申请方式"),
                    Lang::En => format!("“{channel_text}” is not a channel"),
                });
                return Ok(form_status(&page, StatusCode::BAD_REQUEST));
            }
        }
    };
    let Some(received) = Date::parse(&date) else {
        page.error = Some(bad_date(&date).text(lang).to_string());
        return Ok(form_status(&page, StatusCode::BAD_REQUEST));
    };
    match deadline::explain(received, channel, Calendar::official()) {
        Ok(e) => {
            page.explanation = Some(shown_explanation(&e, lang));
            Ok(render(&page))
        }
        Err(err) => {
            page.error = Some(err.message().get(lang).to_string());
            Ok(form_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

fn form_status(page: &impl Template, status: StatusCode) -> Response {
    let mut response = render(page);
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_the_fields_that_differ() {
        let a = Case::new(
            "1",
            Applicant::NaturalPerson,
            Channel::Online,
            Date::new(2025, 1, 20).unwrap(),
        );
        let mut b = a.clone();
        b.assignee = Some("李四".into());
        b.extension = Some(CaseExtension {
            approved: Date::new(2025, 2, 10).unwrap(),
            approver: "王主任".into(),
            days: 10,
        });
        let found: Vec<(String, String, String)> = changes(Some(&a), Some(&b))
            .into_iter()
            .map(|c| (c.field, c.before, c.after))
            .collect();
        assert_eq!(
            found,
            vec![
                ("assignee".into(), "".into(), "李四".into()),
                ("extension.approved".into(), "".into(), "2025-02-10".into()),
                ("extension.approver".into(), "".into(), "王主任".into()),
                ("extension.days".into(), "".into(), "10".into()),
            ]
        );
    }
}

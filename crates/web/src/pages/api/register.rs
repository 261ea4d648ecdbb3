//! The request register (依申请公开台账) under `/api/v1/register/`, for an
//! office that keeps its cases in a system of its own and pushes or reads
//! them: what `xxgk register` and the register pages do, through the same
//! library functions and with the same rules.
//!
//! The documents are the command line's, made by the same serialisers
//! ([`xxgk_register::json`]): the list as `xxgk register list --format
//! json` prints it, a case as `register show --format json` (the record, its
//! deadline, its history), the due list as `register due --format json`,
//! table 3 as `register table3 --format json`.
//!
//! Everyone logged in reads; writing needs the role reviewer or admin, as on
//! the pages (a viewer gets 403). The history records the logged-in user as
//! who changed what — never a field of the request. A change names the
//! version it is based on (`based_on`); when the case was changed since, it
//! is refused with 409 saying the current version, as the edit form refuses
//! it, and nothing is written.
//!
//! A request body is one JSON object whose fields are those of
//! `xxgk register add` ([`ADD_FIELDS`]) or `xxgk register update`
//! ([`UPDATE_FIELDS`]); a field that is not one of them, of the wrong type, or
//! that the register refuses is a 400 naming it (with every problem of the
//! case in `problems`); an existing register number is a 409. A change is
//! applied step by step by the register ([`xxgk_register::change`]), as
//! `xxgk register update` applies it, and refused as it refuses it, the
//! fields named as the request names them.

use super::{json_text, ApiResult, InApi, Params};
use crate::auth::Auth;
use crate::error::WebError;
use crate::pages::register::{counted_table3, encode, web_error, with_register, DUE_SOON_DAYS};
use crate::state::AppState;
use crate::ui::UiLang;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use xxgk_model::Lang;
use xxgk_register::json as register_json;
use xxgk_register::{
    Applicant, Calendar, Case, Change, ChangeError, ChangeField, Channel, Date, FeeKind, Outcome,
    RegisterError,
};
use xxgk_store::accounts::Role;
use xxgk_store::register::{Event, RegisterStoreError, StoredCase};

/// The largest request body a case is accepted in (a larger one is refused
/// with 413).
pub const MAX_BODY: usize = 1024 * 1024;

/// The fields of a new case: those of `xxgk register add` (`--by` aside:
/// who adds it is the logged-in user).
pub const ADD_FIELDS: [&str; 7] = [
    "id",
    "applicant",
    "channel",
    "received",
    "name",
    "content",
    "assignee",
];

/// The fields of a change: those of `xxgk register update` (`--by` aside).
pub const UPDATE_FIELDS: [&str; 17] = [
    "based_on",
    "assignee",
    "content",
    "correction_notice",
    "corrected",
    "consult",
    "consulted",
    "opinion",
    "extend",
    "approved",
    "approver",
    "fee",
    "quantity",
    "fee_notice",
    "paid",
    "concluded",
    "outcome",
];

fn bad(zh: impl Into<String>, en: impl Into<String>) -> WebError {
    WebError::bad_request(zh, en)
}

fn missing(name: &str) -> WebError {
    bad(
        format!("缺少字段 {name}"),
        format!("the field {name} is missing"),
    )
}

/// A request body: one JSON object, its fields checked against those the
/// route takes.
struct Fields(Map<String, Value>);

impl Fields {
    /// The body's fields; a body that is not a JSON object, or that has a
    /// field not in `known`, is a 400 saying so.
    fn read(body: Result<Bytes, BytesRejection>, known: &[&str]) -> Result<Fields, WebError> {
        let bytes = body.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("请求体超过 {} KiB", MAX_BODY / 1024),
                    format!("the request body is over {} KiB", MAX_BODY / 1024),
                )
            } else {
                bad(
                    format!("请求体无法读取：{}", rejection.body_text()),
                    format!("the request body cannot be read: {}", rejection.body_text()),
                )
            }
        })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            bad(
                format!("请求体不是有效的 JSON：{e}"),
                format!("the request body is not valid JSON: {e}"),
            )
        })?;
        let Value::Object(map) = value else {
            return Err(bad(
                "请求体应为一个 JSON 对象",
                "the request body must be one JSON object",
            ));
        };
        if map.contains_key("by") {
            return Err(bad(
                "字段 by 不能指定：修改人记为登录的用户",
                "the field by cannot be given: the change is recorded as the logged-in user's",
            ));
        }
        if let Some(name) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let list = known.join(", ");
            return Err(bad(
                format!("未知字段 {name}（可用的字段：{list}）"),
                format!("unknown field {name} (the fields are: {list})"),
            ));
        }
        Ok(Fields(map))
    }

    /// A text field as given (`null` counts as absent).
    fn text(&self, name: &str) -> Result<Option<String>, WebError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(bad(
                format!("字段 {name} 须为文本，收到 {other}"),
                format!("the field {name} must be text, got {other}"),
            )),
        }
    }

    /// A text field that is not blank, trimmed (blank counts as absent).
    fn given(&self, name: &str) -> Result<Option<String>, WebError> {
        Ok(self
            .text(name)?
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()))
    }

    /// A text field that must be there.
    fn required(&self, name: &str) -> Result<String, WebError> {
        self.given(name)?.ok_or_else(|| missing(name))
    }

    /// A date field, written as offices write dates (`2025-01-20`,
    /// `2025/1/20`, `2025年1月20日`).
    fn date(&self, name: &str) -> Result<Option<Date>, WebError> {
        let Some(text) = self.given(name)? else {
            return Ok(None);
        };
        Date::parse(&text).map(Some).ok_or_else(|| {
            bad(
                format!("字段 {name}：「{text}」不是日期（应写作 2025-01-20）"),
                format!("the field {name}: “{text}” is not a date (write 2025-01-20)"),
            )
        })
    }

    /// A whole number field: a JSON number or its digits as text.
    fn number<T: TryFrom<u64>>(&self, name: &str) -> Result<Option<T>, WebError> {
        let value = match self.0.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(value) => value,
        };
        let n = match value {
            Value::Number(n) => n.as_u64(),
            Value::String(text) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        n.and_then(|n| T::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                bad(
                    format!("字段 {name} 须为非负整数，收到 {value}"),
                    format!("the field {name} must be a whole number, got {value}"),
                )
            })
    }
}

/// A new case from the fields of `xxgk register add`, read as the command
/// line reads them.
fn new_case(fields: &Fields) -> Result<Case, WebError> {
    let id = fields.required("id")?;
    let text = fields.required("applicant")?;
    let applicant = Applicant::parse(&text).ok_or_else(|| {
        let labels: Vec<&str> = Applicant::ALL.iter().map(|a| a.label()).collect();
        bad(
            format!(
                "字段 applicant：「{text}」不是表三的申请人类型（{}）",
                labels.join("、")
            ),
            format!(
                "the field applicant: “{text}” is not an applicant type of table 3 ({})",
                labels.join(", ")
            ),
        )
    })?;
    let text = fields.required("channel")?;
    let channel = Channel::parse(&text).ok_or_else(|| {
        let zh: Vec<&str> = Channel::ALL.iter().map(|c| c.zh()).collect();
        let en: Vec<&str> = Channel::ALL.iter().map(|c| c.en()).collect();
        bad(
            format!("字段 channel：「{text}」不是申请方式（{}）", zh.join("、")),
            format!(
                "the field channel: “{text}” is not a channel ({})",
                en.join(", ")
            ),
        )
    })?;
    let received = fields
        .date("received")?
        .ok_or_else(|| missing("received"))?;
    let mut case = Case::new(id, applicant, channel, received);
    case.applicant_name = fields.text("name")?;
    case.content = fields.text("content")?.unwrap_or_default();
    case.assignee = fields.text("assignee")?;
    Ok(case)
}

/// A change of a case: the version it is based on, and the fields of
/// `xxgk register update` read into the register's [`Change`].
struct Update {
    based_on: u64,
    change: Change,
}

/// A step of a change that cannot be applied, as a 400 naming its field
/// (and the fields it mentions) as the request names them.
fn refuse(err: ChangeError) -> WebError {
    let field = err.field().key();
    let message = err.message(|f| f.key().to_string());
    bad(
        format!("字段 {field}：{}", message.zh),
        format!("the field {field}: {}", message.en),
    )
}

impl Update {
    fn read(fields: &Fields) -> Result<Update, WebError> {
        use ChangeField as F;
        let based_on = fields
            .number::<u64>("based_on")?
            .ok_or_else(|| missing("based_on"))?;
        let fee = match fields.given(F::Fee.key())?.as_deref() {
            None => None,
            Some("count") => Some(FeeKind::Count),
            Some("pages") => Some(FeeKind::Pages),
            Some(other) => {
                return Err(bad(
                    format!("字段 fee 须为 count（按件计收）或 pages（按量计收），收到「{other}」"),
                    format!("the field fee must be count or pages, got “{other}”"),
                ))
            }
        };
        let outcome = match fields.given(F::Outcome.key())? {
            None => None,
            Some(text) => Some(Outcome::parse(&text).ok_or_else(|| {
                bad(
                    format!("字段 outcome：「{text}」不是表三的一个办理结果行（如「予以公开」「部分公开」「不予公开 1.属于国家秘密」）"),
                    format!("the field outcome: “{text}” is not one outcome row of table 3 (such as 予以公开, 部分公开, 不予公开 1.属于国家秘密)"),
                )
            })?),
        };
        let change = Change {
            assignee: fields.text(F::Assignee.key())?,
            content: fields.text(F::Content.key())?,
            correction_notice: fields.date(F::CorrectionNotice.key())?,
            corrected: fields.date(F::Corrected.key())?,
            consult: fields.given(F::Consult.key())?,
            consulted: fields.date(F::Consulted.key())?,
            opinion: fields.date(F::Opinion.key())?,
            extend: fields.number(F::Extend.key())?,
            approved: fields.date(F::Approved.key())?,
            approver: fields.text(F::Approver.key())?,
            fee,
            quantity: fields.number(F::Quantity.key())?,
            fee_notice: fields.date(F::FeeNotice.key())?,
            paid: fields.date(F::Paid.key())?,
            concluded: fields.date(F::Concluded.key())?,
            outcome,
        };
        Ok(Update { based_on, change })
    }
}

/// What refused a write: a field of the request, or the register.
enum Refusal {
    Field(WebError),
    Register(RegisterStoreError),
}

/// The answer to a write the register refused: 400 naming the fields for a
/// case the register does not admit (every problem in `problems`), 409 for
/// an existing register number or a stale version (saying the current one
/// in `current_version`), 404 for an unknown case.
fn refused(refusal: Refusal, lang: Lang) -> Response {
    let err = match refusal {
        Refusal::Field(err) => return super::ApiError(err, lang).into_response(),
        Refusal::Register(err) => err,
    };
    let text = err.message().get(lang).to_string();
    let problem = |field: &str, message: &str| json!({ "field": field, "message": message });
    let (status, body) = match &err {
        RegisterStoreError::Invalid(RegisterError::Invalid(problems)) => (
            StatusCode::BAD_REQUEST,
            json!({
                "error": text,
                "problems": problems
                    .iter()
                    .map(|p| problem(p.field, p.message.get(lang)))
                    .collect::<Vec<_>>(),
            }),
        ),
        // A day the calendar does not cover, as the form shows it: on the
        // day of receipt.
        RegisterStoreError::Invalid(RegisterError::BeyondCalendar { .. }) => (
            StatusCode::BAD_REQUEST,
            json!({
                "error": format!("received: {text}"),
                "problems": [problem("received", &text)],
            }),
        ),
        RegisterStoreError::Conflict { current, .. } => (
            StatusCode::CONFLICT,
            json!({ "error": text, "current_version": current }),
        ),
        RegisterStoreError::Exists { .. } => (StatusCode::CONFLICT, json!({ "error": text })),
        RegisterStoreError::NotFound { .. } | RegisterStoreError::Store(_) => {
            return super::ApiError(web_error(err), lang).into_response()
        }
    };
    (status, Json(body)).into_response()
}

/// A case as `xxgk register show --format json` prints it.
fn shown(stored: &StoredCase, history: &[Event]) -> Value {
    register_json::show(
        stored.versioned(),
        history.iter().map(Event::entry),
        Calendar::official(),
    )
}

/// `GET /register/cases?year=&open=`.
pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["year", "open"]).api(lang)?;
    let year = params.year().api(lang)?;
    let open = match params.text("open").as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return Err(super::ApiError(
                bad(
                    format!("参数 open 须为 true 或 false，收到「{other}」"),
                    format!("the parameter open must be true or false, got `{other}`"),
                ),
                lang,
            ))
        }
    };
    let cases = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .api(lang)?;
    let listed = cases
        .iter()
        .filter(|s| year.is_none_or(|y| s.case.received.year() == y))
        .filter(|s| !open || s.case.is_open())
        .map(StoredCase::versioned);
    Ok(json_text(&register_json::list(
        listed,
        Calendar::official(),
    )))
}

/// `GET /register/cases/{id}`.
pub(super) async fn show(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    Params::parse(query.as_deref(), &[]).api(lang)?;
    let (stored, history) = with_register(&state, move |r| {
        let stored = r
            .case(&id)
            .map_err(web_error)?
            .ok_or_else(|| web_error(RegisterStoreError::NotFound { id: id.clone() }))?;
        let history = r.history(&id).map_err(web_error)?;
        Ok((stored, history))
    })
    .await
    .api(lang)?;
    Ok(json_text(&shown(&stored, &history)))
}

/// `POST /register/cases`: 201 with the case as stored.
pub(super) async fn add(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    auth.require(Role::Reviewer).api(lang)?;
    let fields = Fields::read(body, &ADD_FIELDS).api(lang)?;
    let case = new_case(&fields).api(lang)?;
    let who = auth.user.name.clone();
    let result = with_register(&state, move |r| match r.add(&case, &who) {
        Ok(stored) => {
            let history = r.history(&stored.case.id).map_err(web_error)?;
            Ok(Ok((stored, history)))
        }
        Err(err) => Ok(Err(Refusal::Register(err))),
    })
    .await
    .api(lang)?;
    match result {
        Ok((stored, history)) => {
            let mut response = json_text(&shown(&stored, &history));
            *response.status_mut() = StatusCode::CREATED;
            let location = format!("/api/v1/register/cases/{}", encode(&stored.case.id));
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            Ok(response)
        }
        Err(refusal) => Ok(refused(refusal, lang)),
    }
}

/// `POST /register/cases/{id}`: the case as stored after the change.
pub(super) async fn update(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    auth.require(Role::Reviewer).api(lang)?;
    let fields = Fields::read(body, &UPDATE_FIELDS).api(lang)?;
    let Update { based_on, change } = Update::read(&fields).api(lang)?;
    let who = auth.user.name.clone();
    let result = with_register(&state, move |r| {
        let Some(stored) = r.case(&id).map_err(web_error)? else {
            return Ok(Err(Refusal::Register(RegisterStoreError::NotFound { id })));
        };
        // A change based on an older version is refused before its steps
        // are applied to a case its sender has not seen.
        if stored.version != based_on {
            return Ok(Err(Refusal::Register(RegisterStoreError::Conflict {
                id,
                based_on,
                current: stored.version,
                by: stored.updated_by,
                at: stored.updated_at,
            })));
        }
        let mut case = stored.case;
        if let Err(err) = change.apply(&mut case) {
            return Ok(Err(Refusal::Field(refuse(err))));
        }
        match r.update(&case, based_on, &who) {
            Ok(stored) => {
                let history = r.history(&id).map_err(web_error)?;
                Ok(Ok((stored, history)))
            }
            Err(err) => Ok(Err(Refusal::Register(err))),
        }
    })
    .await
    .api(lang)?;
    match result {
        Ok((stored, history)) => Ok(json_text(&shown(&stored, &history))),
        Err(refusal) => Ok(refused(refusal, lang)),
    }
}

/// `DELETE /register/cases/{id}?based_on=N`: the case leaves the lists and
/// table 3; its history stays.
pub(super) async fn remove(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    auth.require(Role::Reviewer).api(lang)?;
    let params = Params::parse(query.as_deref(), &["based_on"]).api(lang)?;
    params.required("based_on").api(lang)?;
    let based_on: u64 = params
        .number("based_on", ("版本号（正整数）", "a version number"))
        .api(lang)?
        .unwrap_or_default();
    let who = auth.user.name.clone();
    let key = id.clone();
    let result = with_register(&state, move |r| match r.remove(&key, based_on, &who) {
        Ok(()) => Ok(Ok(r.history(&key).map_err(web_error)?)),
        Err(err) => Ok(Err(err)),
    })
    .await
    .api(lang)?;
    match result {
        // What `xxgk register show ID --format json` prints of a removed case.
        Ok(history) => Ok(json_text(&register_json::removed(
            &id,
            history.iter().map(Event::entry),
        ))),
        Err(err) => Ok(refused(Refusal::Register(err), lang)),
    }
}

/// `GET /register/due?as_of=&within=`.
pub(super) async fn due(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["as_of", "within"]).api(lang)?;
    let as_of = match params.text("as_of") {
        None => Date::today_in_china(),
        Some(text) => Date::parse(&text).ok_or_else(|| {
            super::ApiError(
                bad(
                    format!("参数 as_of 须为日期（如 2025-03-04），收到「{text}」"),
                    format!(
                        "the parameter as_of must be a date (such as 2025-03-04), got `{text}`"
                    ),
                ),
                lang,
            )
        })?,
    };
    let within: u32 = params
        .number(
            "within",
            ("工作日数（非负整数）", "a number of working days"),
        )
        .api(lang)?
        .unwrap_or(DUE_SOON_DAYS);
    let cases = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .api(lang)?;
    let listed = register_json::due(
        cases.iter().map(|s| (&s.case, s.version)),
        as_of,
        within,
        Calendar::official(),
    )
    .map_err(|err| {
        let message = err.message();
        super::ApiError(
            bad(
                format!("参数 as_of：{}", message.zh),
                format!("the parameter as_of: {}", message.en),
            ),
            lang,
        )
    })?;
    Ok(json_text(&listed.json(lang)))
}

/// `GET /register/table3?year=`.
pub(super) async fn table3(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["year"]).api(lang)?;
    let year = params.required_year().api(lang)?;
    if let Err(message) = xxgk_author::check_year(year) {
        return Err(super::ApiError(
            bad(
                format!("参数 year：{}", message.zh),
                format!("the parameter year: {}", message.en),
            ),
            lang,
        ));
    }
    let cases: Vec<Case> = with_register(&state, |r| r.cases().map_err(web_error))
        .await
        .api(lang)?
        .into_iter()
        .map(|s| s.case)
        .collect();
    let (table, findings) = counted_table3(&cases, year);
    Ok(json_text(&register_json::table3(
        year,
        cases.len(),
        &table,
        &findings,
        lang,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of a change are the register's, after the version.
    #[test]
    fn the_update_fields_are_the_fields_of_a_change() {
        let keys: Vec<&str> = ChangeField::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(UPDATE_FIELDS[0], "based_on");
        assert_eq!(UPDATE_FIELDS[1..], keys[..]);
    }
}

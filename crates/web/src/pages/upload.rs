//! `GET /upload`: the form to send report files, a folder or ZIP archives of
//! them, and optionally an agency list; `POST /upload?csrf=…` receives them
//! (multipart, streamed to a temporary folder) and starts a background job
//! ([`crate::jobs`]); `GET /upload/{job}` shows the job's progress and, when
//! it is finished, its summary, every file that could not be read with the
//! reason, and links to the reports.
//!
//! Reviewers and admins upload; a viewer gets 403.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::jobs::{hidden, safe_name, Failure, Job, Phase, Progress, Upload, Work};
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::{Extension, Router};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use xxgk_model::Lang;
use xxgk_store::accounts::Role;

/// The routes of the upload pages.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/upload", get(form).post(submit))
        .route("/upload/{job}", get(job_page))
}

/// The form field of an agency list; every other file field holds reports.
pub const AGENCIES_FIELD: &str = "agencies";

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    ui: Ui,
    limit_mb: u64,
    jobs: Vec<JobLine>,
}

/// A job in the list of recent uploads.
struct JobLine {
    id: u64,
    created: String,
    state: &'static str,
    done: usize,
    total: usize,
}

async fn form(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let owner = (auth.user.role < Role::Admin).then_some(auth.user.id);
    let jobs = state
        .jobs
        .list(owner)
        .iter()
        .map(|job| {
            let p = job.progress();
            JobLine {
                id: job.id,
                created: time_text(job.created),
                state: p.phase.words(lang),
                done: p.done,
                total: p.total,
            }
        })
        .collect();
    Ok(render(&UploadPage {
        ui: ui(lang, &auth, "/upload"),
        limit_mb: state.config.upload_limit.div_ceil(1024 * 1024),
        jobs,
    }))
}

async fn submit(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let work = receive(&state, multipart).await.in_lang(lang)?;
    let job = state.jobs.submit(auth.user.id, work);
    let english = if lang == Lang::En { "?lang=en" } else { "" };
    Ok(Redirect::to(&format!("/upload/{}{english}", job.id)).into_response())
}

/// Receives an upload: every file part is streamed to a new temporary
/// folder under a safe name (a part whose name is unsafe is refused and
/// listed); the part named [`AGENCIES_FIELD`] is the agency list. The body
/// limit (`upload_limit`) applies: over it, 413 with a message.
pub async fn receive(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Work, WebError> {
    let mut multipart = multipart.map_err(|rejection| {
        WebError::bad_request(
            format!(
                "上传须为 multipart/form-data 表单：{}",
                rejection.body_text()
            ),
            format!(
                "an upload must be a multipart/form-data form: {}",
                rejection.body_text()
            ),
        )
    })?;
    let dir = tempfile::Builder::new()
        .prefix("xxgk-upload-")
        .tempdir()
        .map_err(WebError::io)?;
    let mut work = Work {
        dir,
        files: Vec::new(),
        agencies: None,
        refused: Vec::new(),
    };
    let limit = state.config.upload_limit;
    let mut index = 0usize;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_failed(&e, limit))?
    {
        let Some(raw) = field.file_name().map(str::to_string) else {
            // A plain form field (the CSRF token, say): not a file.
            continue;
        };
        let agencies = field.name() == Some(AGENCIES_FIELD);
        if raw.is_empty() {
            // A file input left empty still sends a part with no name.
            drain(field, limit).await?;
            continue;
        }
        let name = match safe_name(&raw) {
            Ok(name) => name,
            Err(reason) => {
                drain(field, limit).await?;
                work.refused.push(Failure { file: raw, reason });
                continue;
            }
        };
        if hidden(&name) {
            drain(field, limit).await?;
            continue;
        }
        let path = work.dir.path().join(format!("{index}"));
        index += 1;
        save(field, &path, limit).await?;
        let upload = Upload { path, name };
        if agencies {
            work.agencies = Some(upload);
        } else {
            work.files.push(upload);
        }
    }
    if work.files.is_empty() && work.agencies.is_none() && work.refused.is_empty() {
        return Err(WebError::bad_request(
            "没有选择任何文件",
            "no file was chosen",
        ));
    }
    Ok(work)
}

/// Streams one part to `path`.
async fn save(mut field: Field<'_>, path: &std::path::Path, limit: u64) -> Result<(), WebError> {
    let mut file = tokio::fs::File::create(path).await.map_err(WebError::io)?;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_failed(&e, limit))?
    {
        file.write_all(&chunk).await.map_err(WebError::io)?;
    }
    file.flush().await.map_err(WebError::io)?;
    Ok(())
}

/// Reads a part to its end without keeping it.
async fn drain(mut field: Field<'_>, limit: u64) -> Result<(), WebError> {
    while field
        .chunk()
        .await
        .map_err(|e| multipart_failed(&e, limit))?
        .is_some()
    {}
    Ok(())
}

/// A multipart error: over the size limit (413, saying the limit), or a
/// broken form (400).
fn multipart_failed(err: &MultipartError, limit: u64) -> WebError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(limit);
    }
    WebError::bad_request(
        format!("上传的表单不完整或格式不对：{}", err.body_text()),
        format!("the upload is incomplete or malformed: {}", err.body_text()),
    )
}

/// 413: the upload is over `limit` bytes.
pub fn too_large(limit: u64) -> WebError {
    let size = size_text(limit);
    WebError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("上传的文件太大：一次上传不能超过 {size}。请分几次上传，或请管理员调高上限（xxgk serve --upload-limit）"),
        format!("the upload is too large: one upload may be at most {size}. Send the files in several uploads, or ask the administrator to raise the limit (xxgk serve --upload-limit)"),
    )
}

fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} B")
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    ui: Ui,
    id: u64,
    created: String,
    progress: Progress,
    failures: Vec<(String, String)>,
    data: String,
}

impl JobPage {
    fn state(&self) -> &'static str {
        self.progress.phase.words(self.ui.lang)
    }

    fn finished(&self) -> bool {
        self.progress.phase.finished()
    }

    fn failed(&self) -> bool {
        self.progress.phase == Phase::Failed
    }

    fn error(&self) -> String {
        self.progress
            .error
            .as_ref()
            .map(|e| e.get(self.ui.lang).to_string())
            .unwrap_or_default()
    }

    fn percent(&self) -> usize {
        (self.progress.done * 100)
            .checked_div(self.progress.total)
            .unwrap_or(0)
    }
}

/// The job `id`, if `auth` may see it: who started it, or an admin.
/// `param` names the path parameter in the message of a malformed id.
pub fn visible_job(
    state: &AppState,
    auth: &Auth,
    id: &str,
    param: &str,
) -> Result<Arc<Job>, WebError> {
    let missing = || {
        WebError::not_found(
            format!("没有编号为 {id} 的上传任务（服务重启后旧任务不再保留）"),
            format!("no upload job {id} (jobs are not kept across a restart)"),
        )
    };
    let id: u64 = id.parse().map_err(|_| {
        WebError::bad_request(
            format!("参数 {param} 须为任务编号（数字），收到「{id}」"),
            format!("the parameter {param} must be a job number, got `{id}`"),
        )
    })?;
    let job = state.jobs.get(id).ok_or_else(missing)?;
    if job.owner != auth.user.id && auth.user.role < Role::Admin {
        return Err(missing());
    }
    Ok(job)
}

async fn job_page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    auth.require(Role::Reviewer).in_lang(lang)?;
    let job = visible_job(&state, &auth, &id, "job").in_lang(lang)?;
    let progress = job.progress();
    let failures = Job::failures(&progress)
        .into_iter()
        .map(|f| (f.file, f.reason.get(lang).to_string()))
        .collect();
    let data = serde_json::json!({
        "id": job.id,
        "finished": progress.phase.finished(),
        "api": format!("/api/v1/jobs/{}", job.id),
    })
    .to_string()
    // Inside <script>: a `</script>` in data must not end the element.
    .replace('<', "\\u003c");
    Ok(render(&JobPage {
        ui: ui(lang, &auth, "/upload"),
        id: job.id,
        created: time_text(job.created),
        progress,
        failures,
        data,
    }))
}

/// A Unix time as `YYYY-MM-DD HH:MM` UTC.
pub fn time_text(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::{size_text, time_text};

    #[test]
    fn times_and_sizes_read_plainly() {
        assert_eq!(time_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(time_text(1_767_225_600 + 3_660), "2026-01-01 01:01 UTC");
        assert_eq!(size_text(200 * 1024 * 1024), "200 MB");
        assert_eq!(size_text(4096), "4 KB");
        assert_eq!(size_text(100), "100 B");
    }
}

//! Upload jobs: files a user sent, ingested in the background exactly as
//! `xxgk ingest` does (the same [`xxgk_corpus::ingest`] with the same
//! options, then the cross-report pass when it is due, into the same store).
//!
//! Jobs run one at a time on one worker thread of their own (the corpus has
//! one writer), so an upload of hundreds of files never takes the threads
//! that answer pages: reading pages goes on from the read-only pool while a
//! job writes. The ingest inside a job uses half the cores. When another
//! process (a command-line `xxgk ingest`) holds the writer's lock, the job
//! waits and tries again every second, showing "等待其他写入完成".
//!
//! Jobs live in memory only: the last [`KEPT_JOBS`] are kept (a restart
//! forgets them; the reports they stored stay in the database). Each job's
//! temporary folder is removed when the job ends.

use crate::auth::now;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use xxgk_check::Selection;
use xxgk_corpus::ingest::{self, Options, Summary};
use xxgk_inputs::Input;
use xxgk_model::{Lang, Message};
use xxgk_read::archive::{
    read_capped, MAX_ARCHIVE_BYTES, MAX_ARCHIVE_ENTRIES, MAX_INFLATION_RATIO, MAX_PART_BYTES,
};
use xxgk_store::{Access, ReportRow, StoreErrorKind};

/// Finished jobs kept in memory (the oldest are forgotten first).
pub const KEPT_JOBS: usize = 100;

/// How long a job waits for another writer before it gives up.
const WAIT_FOR_WRITER: Duration = Duration::from_secs(60 * 60);

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the jobs before it.
    Queued,
    /// Another process is writing the corpus; the job tries again.
    Waiting,
    /// Reading, extracting and checking the files.
    Ingesting,
    /// The cross-report rules over the whole corpus.
    Cross,
    /// Finished (some files may have failed: see the failures).
    Done,
    /// The job itself failed (the database could not be written).
    Failed,
}

impl Phase {
    /// The phase's stable word (`queued`, `waiting`, `ingesting`, `cross`,
    /// `done`, `failed`), as the API says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Waiting => "waiting",
            Phase::Ingesting => "ingesting",
            Phase::Cross => "cross",
            Phase::Done => "done",
            Phase::Failed => "failed",
        }
    }

    /// The phase in words.
    pub fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Phase::Queued, Lang::Zh) => "排队中",
            (Phase::Waiting, Lang::Zh) => "等待其他写入完成",
            (Phase::Ingesting, Lang::Zh) => "正在读取和检查",
            (Phase::Cross, Lang::Zh) => "正在进行跨报告检查",
            (Phase::Done, Lang::Zh) => "已完成",
            (Phase::Failed, Lang::Zh) => "失败",
            (Phase::Queued, Lang::En) => "queued",
            (Phase::Waiting, Lang::En) => "waiting for another writer to finish",
            (Phase::Ingesting, Lang::En) => "reading and checking",
            (Phase::Cross, Lang::En) => "cross-report checks",
            (Phase::Done, Lang::En) => "done",
            (Phase::Failed, Lang::En) => "failed",
        }
    }

    /// True once the job will not change any more.
    pub fn finished(self) -> bool {
        matches!(self, Phase::Done | Phase::Failed)
    }
}

/// A file that gave no report (or was refused before reading), and why.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The name the user sent (`folder/a.pdf`, `reports.zip/2023/b.docx`).
    pub file: String,
    /// Why.
    pub reason: Message,
}

/// A report of the upload, stored (now or before).
#[derive(Clone, Debug, Serialize)]
pub struct Stored {
    /// Its id in the store.
    pub id: i64,
    /// The name it is stored under.
    pub file: String,
}

/// What a job has done so far.
#[derive(Clone, Debug)]
pub struct Progress {
    /// Where it is.
    pub phase: Phase,
    /// Inputs handled.
    pub done: usize,
    /// Inputs in all (known once archives are opened).
    pub total: usize,
    /// The ingest's summary, once it ran.
    pub summary: Option<Summary>,
    /// Files refused before reading (unsafe names, archive limits).
    pub refused: Vec<Failure>,
    /// The reports of the uploaded files.
    pub reports: Vec<Stored>,
    /// Why the job failed.
    pub error: Option<Message>,
}

/// One upload being ingested.
#[derive(Debug)]
pub struct Job {
    /// The job's number.
    pub id: u64,
    /// Who started it (a user id).
    pub owner: i64,
    /// When it was started, Unix seconds.
    pub created: i64,
    progress: Mutex<Progress>,
}

impl Job {
    /// A copy of where the job is.
    pub fn progress(&self) -> Progress {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Progress> {
        self.progress
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        change(&mut self.lock());
    }

    /// Every failure: refused files, then the files the ingest could not read.
    pub fn failures(progress: &Progress) -> Vec<Failure> {
        let mut all = progress.refused.clone();
        if let Some(summary) = &progress.summary {
            all.extend(summary.failures.iter().map(|(file, reason)| Failure {
                file: file.clone(),
                reason: reason.clone(),
            }));
        }
        all
    }

    /// The job as the API answers it (`/api/v1/jobs/{id}`).
    pub fn json(&self, lang: Lang) -> serde_json::Value {
        let p = self.progress();
        let failures: Vec<serde_json::Value> = Job::failures(&p)
            .iter()
            .map(|f| serde_json::json!({ "file": f.file, "reason": f.reason.get(lang) }))
            .collect();
        let reports: Vec<serde_json::Value> = p
            .reports
            .iter()
            .map(|r| {
                serde_json::json!({ "id": r.id, "file": r.file, "url": format!("/reports/{}", r.id) })
            })
            .collect();
        serde_json::json!({
            "id": self.id,
            "url": format!("/upload/{}", self.id),
            "state": p.phase.as_str(),
            "state_text": p.phase.words(lang),
            "done": p.done,
            "total": p.total,
            "summary": p.summary.as_ref().map(|s| serde_json::json!({
                "inputs": s.inputs,
                "added": s.added,
                "reextracted": s.reextracted,
                "unchanged": s.unchanged,
                "failed": s.failures.len(),
            })),
            "failures": failures,
            "reports": reports,
            "error": p.error.as_ref().map(|e| e.get(lang)),
        })
    }
}

/// One file of an upload, in the job's temporary folder.
#[derive(Debug)]
pub struct Upload {
    /// Where it was written.
    pub path: PathBuf,
    /// The name the user sent, made safe ([`safe_name`]).
    pub name: String,
}

/// What a job is given.
#[derive(Debug)]
pub struct Work {
    /// The temporary folder the files were written to (removed with it).
    pub dir: tempfile::TempDir,
    /// The report files (ZIP archives are opened by the job).
    pub files: Vec<Upload>,
    /// An agency list (`xxgk ingest --agencies` format), if one was sent.
    pub agencies: Option<Upload>,
    /// Parts refused while receiving (unsafe names).
    pub refused: Vec<Failure>,
}

/// A job and what it is given, as the worker receives them.
type Queued = (Arc<Job>, Work);

/// The jobs of one server, and the worker thread that runs them.
pub struct Jobs {
    db: String,
    next: AtomicU64,
    jobs: Mutex<VecDeque<Arc<Job>>>,
    sender: Mutex<Option<mpsc::Sender<Queued>>>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs").field("db", &self.db).finish()
    }
}

impl Jobs {
    /// The jobs of the corpus at `db` (the worker starts with the first job).
    pub fn new(db: &str) -> Jobs {
        Jobs {
            db: db.to_string(),
            next: AtomicU64::new(1),
            jobs: Mutex::new(VecDeque::new()),
            sender: Mutex::new(None),
        }
    }

    /// Queues `work` for the user `owner`; the job is returned at once.
    pub fn submit(&self, owner: i64, work: Work) -> Arc<Job> {
        let job = Arc::new(Job {
            id: self.next.fetch_add(1, Ordering::Relaxed),
            owner,
            created: now(),
            progress: Mutex::new(Progress {
                phase: Phase::Queued,
                done: 0,
                total: work.files.len(),
                summary: None,
                refused: work.refused.clone(),
                reports: Vec::new(),
                error: None,
            }),
        });
        {
            let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
            jobs.push_back(Arc::clone(&job));
            // Forget the oldest finished jobs beyond the bound; running ones stay.
            while jobs.len() > KEPT_JOBS {
                match jobs.iter().position(|j| j.lock().phase.finished()) {
                    Some(i) => {
                        jobs.remove(i);
                    }
                    None => break,
                }
            }
        }
        let mut sender = self.sender.lock().unwrap_or_else(|p| p.into_inner());
        let sender = sender.get_or_insert_with(|| self.start_worker());
        if let Err(mpsc::SendError((job, _))) = sender.send((Arc::clone(&job), work)) {
            job.update(|p| {
                p.phase = Phase::Failed;
                p.error = Some(Message::new(
                    "上传任务的后台线程已停止，请重启服务",
                    "the upload worker has stopped; restart the server",
                ));
            });
        }
        job
    }

    /// The job numbered `id`, if it is still kept.
    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.iter().find(|j| j.id == id).cloned()
    }

    /// The kept jobs of `owner` (every job for `None`), newest first.
    pub fn list(&self, owner: Option<i64>) -> Vec<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.iter()
            .rev()
            .filter(|j| owner.is_none_or(|o| j.owner == o))
            .cloned()
            .collect()
    }

    fn start_worker(&self) -> mpsc::Sender<Queued> {
        let (sender, receiver) = mpsc::channel::<Queued>();
        let db = self.db.clone();
        // The thread ends when the server (and its sender) goes away.
        let spawned = std::thread::Builder::new()
            .name("xxgk-upload".into())
            .spawn(move || {
                for (job, work) in receiver {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        run(&db, &job, work)
                    }));
                    let error = match outcome {
                        Ok(Ok(())) => None,
                        Ok(Err(message)) => Some(message),
                        Err(_) => Some(Message::new(
                            "内部错误：导入时程序崩溃，请报告此问题",
                            "internal error: the import crashed; please report it",
                        )),
                    };
                    job.update(|p| match error {
                        Some(error) => {
                            p.phase = Phase::Failed;
                            p.error = Some(error);
                        }
                        None => p.phase = Phase::Done,
                    });
                }
            });
        // If the thread could not start, the receiver went with the closure:
        // the send fails and the job says so.
        drop(spawned);
        sender
    }
}

/// Runs one job: opens archives, waits for the writer's lock, imports the
/// agency list, ingests, runs the cross-report pass when due, and lists the
/// reports of the uploaded files. The temporary folder goes with `work`.
fn run(db: &str, job: &Job, work: Work) -> Result<(), Message> {
    let Work {
        dir,
        files,
        agencies,
        refused: _,
    } = work;
    let mut inputs: Vec<Upload> = Vec::new();
    let mut refused = Vec::new();
    for file in files {
        if is_zip(&file.name) {
            let folder = dir.path().join(format!("zip-{}", inputs.len()));
            match unpack(&file, &folder, &mut inputs, &mut refused) {
                Ok(()) => {}
                Err(reason) => refused.push(Failure {
                    file: file.name.clone(),
                    reason,
                }),
            }
            // The archive itself is not a report: its entries are.
            let _ = std::fs::remove_file(&file.path);
        } else {
            inputs.push(file);
        }
    }
    job.update(|p| {
        p.refused.append(&mut refused);
        p.total = inputs.len();
    });

    let mut store = open_writer(db, job)?;
    if let Some(list) = &agencies {
        let bytes = xxgk_inputs::read(&list.path).map_err(|e| e.message)?;
        let parsed = xxgk_corpus::agencies::parse(&bytes, &list.name)?;
        store.set_agencies(&parsed).map_err(|e| e.message)?;
    }
    job.update(|p| p.phase = Phase::Ingesting);
    let names: HashMap<PathBuf, String> = inputs
        .iter()
        .map(|u| (u.path.clone(), u.name.clone()))
        .collect();
    let rename = |path: &Path| {
        names
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.to_string_lossy().into_owned())
    };
    let list: Vec<Input> = inputs.iter().map(|u| Input::File(u.path.clone())).collect();
    let options = Options {
        threads: ingest_threads(),
        selection: Selection::default(),
    };
    let summary = ingest::ingest_renamed(store.as_mut(), &list, &options, &rename, |done, _| {
        job.update(|p| p.done = done)
    })
    .map_err(|e| e.message)?;
    job.update(|p| p.phase = Phase::Cross);
    if store.corpus_pass_due().map_err(|e| e.message)? {
        xxgk_corpus::cross::run(store.as_mut(), &Selection::default()).map_err(|e| e.message)?;
    }
    // The reports of this upload: those whose bytes are among the files sent.
    let mut hashes = std::collections::BTreeSet::new();
    for upload in &inputs {
        if let Ok(bytes) = std::fs::read(&upload.path) {
            hashes.insert(xxgk_extract::sha256_hex(&bytes));
        }
    }
    // Looked up one by one: listing every report to pick these took seconds
    // in a corpus of 100,000.
    let mut rows = Vec::with_capacity(hashes.len());
    for sha256 in &hashes {
        if let Some(row) = store.report_of_source(sha256).map_err(|e| e.message)? {
            rows.push(row);
        }
    }
    // In the order of the report list: year, body, id.
    rows.sort_by(|a, b| {
        let order = |r: &ReportRow| (r.year, r.body.clone().or_else(|| r.body_key.clone()), r.id);
        order(a).cmp(&order(b))
    });
    let reports: Vec<Stored> = rows
        .into_iter()
        .map(|r| Stored {
            id: r.id,
            file: r.file,
        })
        .collect();
    drop(store);
    job.update(|p| {
        p.summary = Some(summary);
        p.reports = reports;
        p.done = p.total;
    });
    drop(dir);
    Ok(())
}

/// The writer's store; while another process holds the lock, the job says
/// so and tries again every second (for up to an hour).
fn open_writer(db: &str, job: &Job) -> Result<Box<dyn xxgk_store::Store>, Message> {
    let started = Instant::now();
    loop {
        match xxgk_store::open(db, Access::Write) {
            Ok(store) => return Ok(store),
            Err(err) if err.kind == StoreErrorKind::Busy && started.elapsed() < WAIT_FOR_WRITER => {
                job.update(|p| p.phase = Phase::Waiting);
                std::thread::sleep(Duration::from_secs(1));
            }
            Err(err) => return Err(err.message),
        }
    }
}

/// Worker threads of the ingest inside a job: half the cores, so that the
/// server keeps answering while a large upload is read.
fn ingest_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| (n.get() / 2).max(1))
        .unwrap_or(1)
}

fn is_zip(name: &str) -> bool {
    name.to_lowercase().ends_with(".zip")
}

/// The name a user sent for a file (a browser sends a folder's files as
/// `folder/sub/a.pdf`), as a relative path with `/` between its parts; or
/// why it is refused: a parent part (`..`), an absolute path or a drive
/// letter could write outside the upload's folder.
pub fn safe_name(raw: &str) -> Result<String, Message> {
    let unified = raw.replace('\\', "/");
    let refuse = |zh: &str, en: &str| {
        Err(Message::new(
            format!("已拒绝「{raw}」：{zh}"),
            format!("refused `{raw}`: {en}"),
        ))
    };
    if unified.contains('\0') {
        return refuse("名称含有空字符", "the name contains a NUL character");
    }
    if unified.starts_with('/') {
        return refuse("不允许绝对路径", "absolute paths are not allowed");
    }
    let bytes = unified.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return refuse(
            "不允许带盘符的路径",
            "paths with a drive letter are not allowed",
        );
    }
    let mut parts = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return refuse(
                    "路径中不允许出现上级目录（..）",
                    "a parent folder (..) is not allowed in a path",
                )
            }
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        return refuse("没有文件名", "there is no file name");
    }
    Ok(parts.join("/"))
}

/// True for a file inside a folder or archive whose path has a hidden part
/// (`.DS_Store`, `.git/…`, `__MACOSX/._a.pdf`): `xxgk ingest` does not read
/// hidden entries of the folders it walks, and neither does an upload. A
/// hidden file chosen by itself is read, as on the command line.
pub fn hidden(name: &str) -> bool {
    name.contains('/') && name.split('/').any(|part| part.starts_with('.'))
}

/// Opens the ZIP archive `file` into `folder`: every safe entry becomes an
/// input named `archive.zip/entry`; unsafe entries (parent parts, absolute
/// paths, symbolic links) and entries over the limits are refused by name.
/// The limits are `xxgk_read::archive`'s, which guard DOCX and XLSX too: the
/// bytes counted are what the decompressor produces, never what the archive
/// declares.
fn unpack(
    file: &Upload,
    folder: &Path,
    inputs: &mut Vec<Upload>,
    refused: &mut Vec<Failure>,
) -> Result<(), Message> {
    let opened = std::fs::File::open(&file.path).map_err(|e| {
        Message::new(
            format!("无法打开上传的文件：{e}"),
            format!("cannot open the uploaded file: {e}"),
        )
    })?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(opened)).map_err(|e| {
        Message::new(
            format!("不是完整的 ZIP 文件（{e}）"),
            format!("not a complete ZIP archive ({e})"),
        )
    })?;
    if archive.len() > MAX_ARCHIVE_ENTRIES {
        return Err(Message::new(
            format!(
                "ZIP 文件有 {} 个条目，上限为 {MAX_ARCHIVE_ENTRIES} 个",
                archive.len()
            ),
            format!(
                "the ZIP archive has {} entries; the limit is {MAX_ARCHIVE_ENTRIES}",
                archive.len()
            ),
        ));
    }
    std::fs::create_dir_all(folder).map_err(write_failed)?;
    let mut left = MAX_ARCHIVE_BYTES;
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                refused.push(Failure {
                    file: format!("{}/#{}", file.name, index + 1),
                    reason: Message::new(
                        format!("无法打开 ZIP 条目（{e}）"),
                        format!("cannot open the ZIP entry ({e})"),
                    ),
                });
                continue;
            }
        };
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let shown = format!("{}/{raw}", file.name);
        if entry.is_dir() {
            continue;
        }
        if entry.is_symlink() {
            refused.push(Failure {
                file: shown,
                reason: Message::new(
                    format!("已拒绝「{raw}」：ZIP 中的符号链接不予处理"),
                    format!("refused `{raw}`: symbolic links in a ZIP archive are not followed"),
                ),
            });
            continue;
        }
        let name = match safe_name(&raw) {
            Ok(name) => name,
            Err(reason) => {
                refused.push(Failure {
                    file: shown,
                    reason,
                });
                continue;
            }
        };
        // Every entry is inside the archive: any hidden part hides it.
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let shown = format!("{}/{name}", file.name);
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > 1024 * 1024 && declared / compressed > MAX_INFLATION_RATIO {
            refused.push(Failure {
                file: shown,
                reason: Message::new(
                    format!(
                        "已拒绝「{name}」：压缩比 {}:1 超过上限 {MAX_INFLATION_RATIO}:1（疑似 ZIP 炸弹）",
                        declared / compressed
                    ),
                    format!(
                        "refused `{name}`: a compression ratio of {}:1 is over the limit of {MAX_INFLATION_RATIO}:1 (a ZIP bomb?)",
                        declared / compressed
                    ),
                ),
            });
            continue;
        }
        let limit = MAX_PART_BYTES.min(left);
        let bytes = match read_capped(&mut entry, declared, "ZIP", &name, limit) {
            Ok(bytes) => bytes,
            Err(error) => {
                refused.push(Failure {
                    file: shown,
                    reason: error.message,
                });
                continue;
            }
        };
        left -= bytes.len() as u64;
        let path = folder.join(format!("{index}"));
        std::fs::write(&path, &bytes).map_err(write_failed)?;
        inputs.push(Upload { path, name: shown });
    }
    Ok(())
}

fn write_failed(e: std::io::Error) -> Message {
    Message::new(
        format!("无法写入临时文件：{e}"),
        format!("cannot write a temporary file: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_stay_inside_the_upload() {
        assert_eq!(safe_name("a.txt").unwrap(), "a.txt");
        assert_eq!(safe_name("dir/./sub//b.pdf").unwrap(), "dir/sub/b.pdf");
        assert_eq!(safe_name("dir\\c.docx").unwrap(), "dir/c.docx");
        for bad in [
            "../evil.txt",
            "a/../../b",
            "/etc/passwd",
            "C:\\x.txt",
            "c:x",
            "",
            "./",
        ] {
            let refused = safe_name(bad).unwrap_err();
            assert!(refused.zh.contains(bad), "{bad}: {}", refused.zh);
        }
    }
}

//! Ingest: read, extract and check files on all cores and store the results.
//!
//! - **Idempotent**: a source is its bytes (SHA-256). Bytes already stored by
//!   this extractor are not read again; their new name is recorded. Bytes
//!   stored by another extractor version are re-extracted and replace the old
//!   result.
//! - **Transactional and crash-safe**: results are written in batches, each one
//!   transaction. A killed ingest leaves every batch either fully stored or not
//!   at all; running it again skips what is stored and finishes the rest.
//! - **Bounded memory**: workers run a fixed number of inputs ahead of the
//!   single writer, which takes their results in input order.
//! - **Deterministic**: the same inputs give the same database (report ids,
//!   which file names a source's report when several files hold its bytes)
//!   and the same summary, in the same order, however the work was scheduled.
//!
//! [`reindex`] re-extracts stored sources from their stored bytes.

use std::collections::HashMap;
use std::sync::{mpsc, Mutex, PoisonError};
use xxgk_check::body;
use xxgk_check::{keep_for_corpus_pass, Selection};
use xxgk_inputs::{guarded, Input};
use xxgk_model::{Finding, Message, Severity};
use xxgk_read::{ErrorKind, ReadError};
use xxgk_store::{Batch, EncodedReport, Ingested, Outcome, Store, StoreError};

/// Entries per transaction: large enough that commits cost little, small
/// enough that a killed run loses little work and that the two batches in
/// flight (one written, one filled) hold little memory (64 peaked 10 MB
/// higher at 100,000 reports, for no measurable speed).
const BATCH: usize = 32;

/// How to ingest.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Rules whose findings are stored (all by default).
    pub selection: Selection,
}

/// What happened to the inputs of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs given (files found under the paths, and paths that failed).
    pub inputs: usize,
    /// Reports newly stored.
    pub added: usize,
    /// Reports stored before by another extractor and extracted again.
    pub reextracted: usize,
    /// Inputs whose bytes were already stored by this extractor as a report
    /// (stored failures count as failures): added + re-extracted + unchanged
    /// + failures = inputs.
    pub unchanged: usize,
    /// Inputs that gave no report, with the reason (stored ones included, so
    /// that a re-run still lists them).
    pub failures: Vec<(String, Message)>,
    /// Findings of the reports extracted in this run, by severity.
    pub findings: SeverityCounts,
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl std::ops::AddAssign for SeverityCounts {
    fn add_assign(&mut self, other: SeverityCounts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

impl SeverityCounts {
    /// Counts `finding`, and the findings it says were left out of the list
    /// (`findings-capped`).
    pub fn add(&mut self, finding: &Finding) {
        for (severity, n) in finding.counted() {
            match severity {
                Severity::Error => self.errors += n,
                Severity::Warning => self.warnings += n,
                Severity::Info => self.infos += n,
            }
        }
    }
}

/// What a worker hands to the writer.
enum Step {
    /// The input could not be read at all (the file, why): nothing to store.
    Unreadable(String, Message),
    /// The bytes are stored already, by this extractor.
    Known {
        file: String,
        sha256: String,
        failure: Option<Message>,
    },
    /// Extracted (or failed to extract) now, by the `index`th input, which
    /// claimed the bytes of `digest`; `replaces` when stored before.
    Done {
        index: usize,
        digest: Digest,
        extracted: Extracted,
        replaces: bool,
    },
    /// The same bytes as another input of this run, which extracts them: this
    /// file is only another name for them (file, SHA-256).
    Repeat { file: String, sha256: String },
}

/// Ingests `inputs` into `store`; `progress(done, total)` is called on the
/// calling thread after each input. Each input is stored under its path as
/// given.
pub fn ingest(
    store: &mut dyn Store,
    inputs: &[Input],
    options: &Options,
    progress: impl FnMut(usize, usize),
) -> Result<Summary, StoreError> {
    ingest_renamed(store, inputs, options, &name, progress)
}

/// [`ingest`], with each input stored (and named in the summary) under the
/// name `rename` gives its path: files a web upload put in a temporary
/// folder keep the names the user sent, not the folder's.
pub fn ingest_renamed(
    store: &mut dyn Store,
    inputs: &[Input],
    options: &Options,
    rename: &(dyn Fn(&std::path::Path) -> String + Sync),
    mut progress: impl FnMut(usize, usize),
) -> Result<Summary, StoreError> {
    // Per stored source (by digest: a national corpus has 100,000s), whether
    // this extractor made its result.
    let known: HashMap<Digest, bool> = store
        .processed_all()?
        .into_iter()
        .filter_map(|(sha256, p)| {
            Some((
                xxgk_extract::digest_of_hex(&sha256)?,
                p.extractor == xxgk_extract::VERSION,
            ))
        })
        .collect();
    let stored_failures: HashMap<String, Message> = store
        .failures()?
        .into_iter()
        .map(|f| (f.sha256, f.message))
        .collect();
    let mut summary = Summary {
        inputs: inputs.len(),
        ..Summary::default()
    };
    let mut done = 0;
    // The contents some worker of this run has taken to extract, with the
    // input that claimed them: a second file with the same bytes is not
    // extracted again.
    let claimed = Mutex::new(HashMap::new());
    let indexed: Vec<(usize, &Input)> = inputs.iter().enumerate().collect();
    // Batches are written on a thread of their own, so that workers go on
    // extracting while one is stored: the writer holds one batch, the
    // collector fills the next.
    std::thread::scope(|scope| {
        let (to_writer, batches) = mpsc::sync_channel::<Batch>(0);
        let writing = scope.spawn(move || write_all(store, batches));
        let mut collector = Collector::new(to_writer, &claimed);
        let collected = xxgk_inputs::for_each_ordered(
            &indexed,
            options.threads,
            |&(index, input)| {
                examine(
                    input,
                    index,
                    rename,
                    &known,
                    &stored_failures,
                    &claimed,
                    &options.selection,
                )
            },
            |step| {
                collector.take(step, &mut summary)?;
                done += 1;
                progress(done, inputs.len());
                Ok::<(), Stopped>(())
            },
        )
        .and_then(|()| collector.name_repeats(&mut summary));
        // Closing the channel ends the writer once it has written what it holds.
        drop(collector);
        let written = writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The writer's error is the cause of a stop; without one, nothing stopped.
        written?;
        collected.expect("the collector stops only when the writer has stopped");
        Ok(summary)
    })
}

/// Writes each batch in its own transaction until the channel closes or a
/// write fails.
fn write_all(store: &mut dyn Store, batches: mpsc::Receiver<Batch>) -> Result<(), StoreError> {
    for batch in batches {
        store.write(&batch)?;
        xxgk_store::fault::point("ingest-batch");
    }
    Ok(())
}

/// The writer has stopped (its error says why): collecting more is useless.
#[derive(Debug)]
struct Stopped;

/// Re-extracts every stored source made by another extractor version (every
/// source when `all`), from the stored bytes, in chunks so that memory stays
/// bounded.
pub fn reindex(
    store: &mut dyn Store,
    all: bool,
    options: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Result<Summary, StoreError> {
    let stale = store.stale(xxgk_extract::VERSION, all)?;
    let mut summary = Summary {
        inputs: stale.len(),
        ..Summary::default()
    };
    let mut done = 0;
    for chunk in stale.chunks(BATCH) {
        let mut sources = Vec::with_capacity(chunk.len());
        for source in chunk {
            sources.push((source, store.source_bytes(&source.sha256)?));
        }
        let mut batch = Batch::default();
        xxgk_inputs::for_each_ordered(
            &sources,
            options.threads,
            |(source, bytes)| {
                extract_and_check(
                    &source.file,
                    &source.sha256,
                    bytes.clone(),
                    &options.selection,
                )
            },
            |extracted| {
                count(&extracted, true, &mut summary);
                batch.entries.push(extracted.entry);
                done += 1;
                progress(done, stale.len());
                Ok::<(), StoreError>(())
            },
        )?;
        store.write(&batch)?;
        xxgk_store::fault::point("ingest-batch");
    }
    Ok(summary)
}

/// Reads one input (the `index`th) and, unless its bytes are stored already,
/// extracts and checks it. Runs on a worker thread.
fn examine(
    input: &Input,
    index: usize,
    name: &(dyn Fn(&std::path::Path) -> String + Sync),
    known: &HashMap<Digest, bool>,
    stored_failures: &HashMap<String, Message>,
    claimed: &Claims,
    selection: &Selection,
) -> Step {
    let (path, bytes) = match input {
        Input::Failed(path, error) => return Step::Unreadable(name(path), error.message.clone()),
        Input::File(path) => match xxgk_inputs::read(path) {
            Ok(bytes) => (path, bytes),
            Err(error) => return Step::Unreadable(name(path), error.message),
        },
    };
    let file = name(path);
    let digest = xxgk_extract::sha256(&bytes);
    let sha256 = xxgk_extract::digest_hex(&digest);
    let previous = known.get(&digest).copied();
    if previous == Some(true) {
        let failure = stored_failures.get(&sha256).cloned();
        return Step::Known {
            file,
            sha256,
            failure,
        };
    }
    if !claim(claimed, digest, index) {
        return Step::Repeat { file, sha256 };
    }
    Step::Done {
        index,
        digest,
        extracted: extract_and_check(&file, &sha256, bytes, selection),
        replaces: previous.is_some(),
    }
}

/// Whether input `index` extracts the bytes of `digest`: the first input of
/// the run, in input order, that holds them does; a later one is another name
/// for them. Workers run a few inputs ahead of each other, so an input may
/// find its bytes taken by a later one: it takes them over, both extract, and
/// the [`Collector`], which sees results in input order, keeps the earlier.
fn claim(claimed: &Claims, digest: Digest, index: usize) -> bool {
    let mut claimed = lock(claimed);
    let first = claimed.entry(digest).or_insert(index);
    if *first < index {
        return false;
    }
    *first = index;
    true
}

/// Whether input `index` is the first of the run to hold the bytes of
/// `digest`, once every input before it was examined.
fn first_claim_is(claimed: &Claims, digest: Digest, index: usize) -> bool {
    lock(claimed).get(&digest) == Some(&index)
}

/// Which input of the run claimed each content (see [`claim`]).
type Claims = Mutex<HashMap<Digest, usize>>;

fn lock(claimed: &Claims) -> std::sync::MutexGuard<'_, HashMap<Digest, usize>> {
    // A poisoned lock only means another worker panicked: the map is intact.
    claimed.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One source extracted and checked on a worker: the entry to store, its
/// report encoded there (see [`xxgk_store::EncodedReport`]), and its findings
/// counted by severity.
struct Extracted {
    entry: Ingested,
    counts: SeverityCounts,
}

/// Extracts, checks and encodes one source; a failure (or a crash) becomes a
/// stored failure with its reason.
fn extract_and_check(file: &str, sha256: &str, bytes: Vec<u8>, selection: &Selection) -> Extracted {
    let result = guarded(
        || {
            let report = xxgk_extract::extract_hashed(&bytes, file, sha256)?;
            // A file with none of the tables is not a report: stored as a
            // failure with the reason, so that statistics never count it.
            if report.has_no_tables() {
                return Ok(None);
            }
            let findings = xxgk_check::check(&report, selection);
            let mut counts = SeverityCounts::default();
            findings.iter().for_each(|finding| counts.add(finding));
            let body_key = report
                .agency
                .as_deref()
                .map(body::key)
                .filter(|k| !k.is_empty());
            let encoded = EncodedReport::new(report, body_key, &findings, keep_for_corpus_pass)
                .map_err(not_encoded)?;
            Ok(Some((encoded, counts)))
        },
        "提取或检查此文件",
        "extracting or checking",
    );
    let (outcome, counts) = match result {
        Ok(Some((report, counts))) => (Outcome::Report(Box::new(report)), counts),
        Ok(None) => (
            Outcome::Failed {
                kind: xxgk_extract::rules::no_tables::RULE.id.to_string(),
                message: not_a_report(),
            },
            SeverityCounts::default(),
        ),
        Err(error) => (
            Outcome::Failed {
                kind: error.kind.as_str().to_string(),
                message: error.message,
            },
            SeverityCounts::default(),
        ),
    };
    Extracted {
        entry: Ingested {
            file: file.to_string(),
            sha256: sha256.to_string(),
            bytes,
            extractor: xxgk_extract::VERSION.to_string(),
            outcome,
        },
        counts,
    }
}

/// A report that could not be encoded for storage: a fault of the program,
/// said for the file that met it.
fn not_encoded(error: StoreError) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!(
            "内部错误：无法把提取结果编码存入数据库（{}），请报告此问题",
            error.message.zh
        ),
        format!(
            "internal error: the extraction could not be encoded for the database ({}); please report it",
            error.message.en
        ),
    )
}

/// Why a file with none of the three tables is not stored as a report.
fn not_a_report() -> Message {
    Message::new(
        "未找到三张统计表中的任何一张（no-tables）：不是年度报告，或表格为图片；未作为报告存入",
        "none of the three tables was found (no-tables): not an annual report, or its tables are images; not stored as a report",
    )
}

fn count(extracted: &Extracted, replaces: bool, summary: &mut Summary) {
    match &extracted.entry.outcome {
        Outcome::Report(_) => {
            if replaces {
                summary.reextracted += 1;
            } else {
                summary.added += 1;
            }
            summary.findings += extracted.counts;
        }
        Outcome::Failed { message, .. } => {
            summary
                .failures
                .push((extracted.entry.file.clone(), message.clone()));
        }
    }
}

/// Collects steps into batches and hands each, full, to the writer.
struct Collector<'c> {
    to_writer: mpsc::SyncSender<Batch>,
    batch: Batch,
    /// Sources of this run that failed, with why (every other source it
    /// extracted is a report).
    failed: HashMap<String, Message>,
    /// Inputs whose bytes another input of this run holds (file, SHA-256),
    /// named once every source is written.
    repeats: Vec<(String, String)>,
    /// Which input claimed each content of this run (see [`claim`]): a
    /// later input that extracted it too is only another name for it.
    claimed: &'c Claims,
}

impl<'c> Collector<'c> {
    fn new(to_writer: mpsc::SyncSender<Batch>, claimed: &'c Claims) -> Collector<'c> {
        Collector {
            to_writer,
            batch: Batch::default(),
            failed: HashMap::new(),
            repeats: Vec::new(),
            claimed,
        }
    }

    fn take(&mut self, step: Step, summary: &mut Summary) -> Result<(), Stopped> {
        match step {
            Step::Unreadable(file, message) => summary.failures.push((file, message)),
            Step::Known {
                file,
                sha256,
                failure,
            } => {
                // Each input is counted once: unchanged, or failed again.
                match failure {
                    Some(message) => summary.failures.push((file.clone(), message)),
                    None => summary.unchanged += 1,
                }
                self.batch.names.push((sha256, file));
            }
            Step::Done {
                index,
                digest,
                extracted,
                ..
            } if !first_claim_is(self.claimed, digest, index) => {
                self.repeats
                    .push((extracted.entry.file, extracted.entry.sha256));
            }
            Step::Done {
                extracted,
                replaces,
                ..
            } => {
                if let Outcome::Failed { message, .. } = &extracted.entry.outcome {
                    self.failed
                        .insert(extracted.entry.sha256.clone(), message.clone());
                }
                count(&extracted, replaces, summary);
                self.batch.entries.push(extracted.entry);
            }
            Step::Repeat { file, sha256 } => self.repeats.push((file, sha256)),
        }
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Records the inputs that repeated another's bytes as further names of
    /// the written sources, each counted once: unchanged, or failed as the
    /// first did. Runs once every input was collected, so each repeat's first
    /// was extracted; their batches follow every source's, on the one writer.
    fn name_repeats(&mut self, summary: &mut Summary) -> Result<(), Stopped> {
        for (file, sha256) in std::mem::take(&mut self.repeats) {
            match self.failed.get(&sha256) {
                Some(message) => summary.failures.push((file.clone(), message.clone())),
                None => summary.unchanged += 1,
            }
            self.batch.names.push((sha256, file));
            if self.batch.len() >= BATCH {
                self.flush()?;
            }
        }
        self.flush()
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.to_writer
            .send(std::mem::take(&mut self.batch))
            .map_err(|_| Stopped)
    }
}

fn name(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A source's SHA-256.
type Digest = [u8; 32];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_input_in_input_order_claims_bytes_whoever_comes_first() {
        let claimed = Mutex::new(HashMap::new());
        let digest = [7; 32];
        assert!(claim(&claimed, digest, 5));
        assert!(!claim(&claimed, digest, 9));
        // An earlier input takes the bytes over from a later one…
        assert!(claim(&claimed, digest, 2));
        // …which no later input takes back.
        assert!(!claim(&claimed, digest, 5));
        assert!(claim(&claimed, [8; 32], 6));
    }

    /// Both inputs extracted the same bytes (a race [`claim`] allows): the
    /// later, in input order, is only another name for them, counted once.
    #[test]
    fn bytes_extracted_twice_are_stored_once_under_the_first_name() {
        let bytes = b"not a report".to_vec();
        let digest = xxgk_extract::sha256(&bytes);
        let sha256 = xxgk_extract::digest_hex(&digest);
        // The second claimed the bytes first, then the first took them over.
        let claimed = Mutex::new(HashMap::new());
        assert!(claim(&claimed, digest, 1));
        assert!(claim(&claimed, digest, 0));
        let (to_writer, batches) = mpsc::sync_channel(1);
        let mut collector = Collector::new(to_writer, &claimed);
        let mut summary = Summary::default();
        for (index, file) in ["first.txt", "second.txt"].into_iter().enumerate() {
            let extracted = extract_and_check(file, &sha256, bytes.clone(), &Selection::default());
            let step = Step::Done {
                index,
                digest,
                extracted,
                replaces: false,
            };
            collector.take(step, &mut summary).unwrap();
        }
        collector.name_repeats(&mut summary).unwrap();
        let batch = batches.recv().unwrap();
        let files: Vec<&str> = batch.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, ["first.txt"]);
        assert_eq!(batch.names, [(sha256, "second.txt".to_string())]);
        let failed: Vec<&str> = summary.failures.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(failed, ["first.txt", "second.txt"]);
    }
}

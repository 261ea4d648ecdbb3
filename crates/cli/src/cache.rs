//! `xxgk check`'s cache of results, as ruff keeps `.ruff_cache`: what checking
//! one file gave (the report cut down to what the cross-report rules and the
//! printers need, its findings, and what `full` and `json` print besides),
//! kept in a SQLite file in the user's cache folder. A run over files already
//! checked reads and hashes each one and takes its results from here; only
//! new and changed files are extracted.
//!
//! An entry is found by a digest of everything the results depend on, so that
//! a stale entry is never used:
//! * the file's name as given (reports carry it) and its bytes;
//! * the program that checked it: a digest of the `xxgk` executable itself,
//!   so that any other build (another version, a local change to a rule or
//!   to the extractor) has entries of its own;
//! * the `pdftotext` a PDF would be read with (its path, size and time);
//! * the rules selected (`--select`, `--ignore`, `xxgk.toml`).
//!
//! The cross-report findings of a pair of files are kept too, under a key
//! made of the two files' keys.
//!
//! An input that cannot be read is kept with why, when reading the same bytes
//! again would fail the same way (a scan without a text layer, text in no
//! known encoding, a format xxgk does not read): a corpus of scanned PDFs is
//! not put through `pdftotext` at every run. Failures that may pass (an I/O
//! error, a time limit, a damaged file: `pdftotext` killed by a signal says
//! so too) are read again each time. The cache never decides a result: when it cannot
//! be opened, read or written, the run goes on without it and says so once.
//! Entries not used for [`UNUSED_DAYS`] days go, and when the file outgrows
//! [`MAX_BYTES`] the least recently used go first, never those used today;
//! `xxgk clean` deletes the file.

use crate::check::Aside;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::{SystemTime, UNIX_EPOCH};
use xxgk_diagnostics::Tally;
use xxgk_model::{Lang, Message};
use xxgk_read::{ErrorKind, ReadError};

/// The cache file in its folder; the number changes with its layout, so that
/// another layout is another file and never misread.
pub(crate) const FILE_NAME: &str = "check-v1.sqlite3";

/// Entries not used for this many days are deleted at the end of a run.
pub(crate) const UNUSED_DAYS: i64 = 30;

/// When the entries outgrow this, the least recently used go.
pub(crate) const MAX_BYTES: i64 = 1 << 30;

/// New entries are written in transactions of this many.
const WRITE_EVERY: usize = 256;

/// The folder of the cache: `--cache-dir` (or `XXGK_CACHE_DIR`), else the
/// user's cache folder (`$XDG_CACHE_HOME/xxgk`, `~/.cache/xxgk`, on Windows
/// `%LOCALAPPDATA%\xxgk`); none when there is no such folder.
pub(crate) fn folder(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = given.filter(|dir| !dir.as_os_str().is_empty()) {
        return Some(dir.to_path_buf());
    }
    let from = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
    };
    if cfg!(windows) {
        return from("LOCALAPPDATA").map(|dir| dir.join("xxgk"));
    }
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|home| home.join(".cache")))
        .map(|dir| dir.join("xxgk"))
}

/// Where a cached result is found: a digest of the file and of everything its
/// results depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key([u8; 32]);

/// The column that holds what a format prints besides ([`Aside`]), if it
/// prints anything.
fn column(aside: Aside) -> Option<&'static str> {
    match aside {
        Aside::Nothing => None,
        Aside::Text => Some("text"),
        Aside::ReportJson(Lang::Zh) => Some("json_zh"),
        Aside::ReportJson(Lang::En) => Some("json_en"),
    }
}

/// The results of checking one file, as kept.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// The agency as printed and the year: what the cross-report rules pair
    /// reports by.
    pub(crate) agency: Option<String>,
    pub(crate) year: Option<i32>,
    /// What the file adds to a run's tally.
    pub(crate) tally: Tally,
    /// The report cut down, and its findings, as `check` parks them (JSON,
    /// [packed](crate::check::pack)).
    pub(crate) report: Vec<u8>,
    pub(crate) findings: Vec<u8>,
    /// What the format prints besides, when it prints anything (packed).
    pub(crate) extra: Option<Vec<u8>>,
}

/// The cache of one run: connections the workers look entries up with (one
/// each, so that they do not wait for each other), the entries not yet
/// written, and the connection that writes them.
pub(crate) struct Cache {
    path: PathBuf,
    namespace: [u8; 32],
    today: i64,
    /// Set once a lookup failed: no more lookups this run. (A failed write
    /// stops only the writes: what is there still reads back whole.)
    broken: AtomicBool,
    /// Set once a write failed: nothing more is gathered to write.
    unwritable: AtomicBool,
    /// Connections not in use, each with the thread that opened it. A thread
    /// reads with its own: SQLite's memory for a connection comes from the
    /// allocator's arena of the thread that allocated it, and a connection
    /// passed between workers made each lock the other's arena, thousands
    /// of times a second.
    readers: Mutex<Vec<(ThreadId, Connection)>>,
    /// What waits to be written. Its own lock, apart from the writer's: a
    /// worker adds to it while another writes a transaction.
    pending: Mutex<Pending>,
    writer: Mutex<Writer>,
}

/// New entries, pairs and failures not yet written, and the keys of those
/// found whose day of last use is before today.
#[derive(Default)]
struct Pending {
    new: Vec<(Key, Entry, Aside)>,
    used: Vec<Key>,
    new_pairs: Vec<(Key, Vec<u8>)>,
    used_pairs: Vec<Key>,
    new_failures: Vec<(Key, ErrorKind, Message)>,
    used_failures: Vec<Key>,
}

impl Pending {
    /// Whether a list of new things is long enough to be written.
    fn full(&self) -> bool {
        [
            self.new.len(),
            self.new_pairs.len(),
            self.new_failures.len(),
        ]
        .iter()
        .any(|&n| n >= WRITE_EVERY)
    }
}

struct Writer {
    /// `None` once the file failed.
    connection: Option<Connection>,
    /// The first failure, said once at the end.
    failure: Option<String>,
}

impl Cache {
    /// Opens (or creates) the cache in `folder` for a run of the rules
    /// `select` and `ignore`. An error names the folder or the file, and says
    /// why the cache is not used.
    pub(crate) fn open(
        folder: &Path,
        select: &[String],
        ignore: &[String],
    ) -> Result<Cache, (PathBuf, String)> {
        std::fs::create_dir_all(folder).map_err(|e| (folder.to_path_buf(), e.to_string()))?;
        let path = folder.join(FILE_NAME);
        let connection = connect(&path).map_err(|e| (path.clone(), e.to_string()))?;
        let program = program_digest(&connection).map_err(|why| (path.clone(), why))?;
        let mut namespace = Sha256::new();
        namespace.update(FILE_NAME);
        namespace.update(program);
        hash_str(&mut namespace, &pdftotext_identity());
        for list in [select, ignore] {
            namespace.update((list.len() as u64).to_le_bytes());
            for selector in list {
                hash_str(&mut namespace, selector);
            }
        }
        Ok(Cache {
            path,
            namespace: namespace.finalize().into(),
            today: today(),
            broken: AtomicBool::new(false),
            unwritable: AtomicBool::new(false),
            readers: Mutex::new(Vec::new()),
            pending: Mutex::new(Pending::default()),
            writer: Mutex::new(Writer {
                connection: Some(connection),
                failure: None,
            }),
        })
    }

    /// The key of a file named `file` (as given) whose bytes have the hex
    /// SHA-256 `sha256` (the digest the report's source carries, so that a
    /// file checked now is hashed once).
    pub(crate) fn key(&self, file: &str, sha256: &str) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(self.namespace);
        hash_str(&mut hasher, file);
        hash_str(&mut hasher, sha256);
        Key(hasher.finalize().into())
    }

    /// The entry kept under `key`, with what the format prints besides;
    /// `None` when there is none (or not with that text).
    pub(crate) fn get(&self, key: Key, aside: Aside) -> Option<Entry> {
        let (entry, used) = self.read(|reader| lookup(reader, key, aside))??;
        if used < self.today {
            lock(&self.pending).used.push(key);
        }
        Some(entry)
    }

    /// Keeps `entry` under `key` (written with the next batch).
    pub(crate) fn put(&self, key: Key, entry: Entry, aside: Aside) {
        self.add(|pending| pending.new.push((key, entry, aside)));
    }

    /// Adds to what waits to be written, and writes it when there is enough
    /// and no other worker is writing (else the next addition will): a worker
    /// never waits for another's transaction.
    fn add(&self, what: impl FnOnce(&mut Pending)) {
        if self.unwritable.load(Ordering::Relaxed) {
            return;
        }
        let mut pending = lock(&self.pending);
        what(&mut pending);
        if !pending.full() {
            return;
        }
        let Ok(mut writer) = self.writer.try_lock() else {
            return;
        };
        let batch = std::mem::take(&mut *pending);
        drop(pending);
        if !writer.write(batch, self.today) {
            self.unwritable.store(true, Ordering::Relaxed);
        }
    }

    /// The key of the cross-report findings of two reports, the earlier year
    /// first: what they depend on is in the keys of the two files' entries.
    pub(crate) fn pair_key(&self, previous: Key, current: Key) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(b"pair");
        hasher.update(previous.0);
        hasher.update(current.0);
        Key(hasher.finalize().into())
    }

    /// The cross-report findings kept under `key` (packed JSON).
    pub(crate) fn get_pair(&self, key: Key) -> Option<Vec<u8>> {
        let (findings, used) = self.read(|reader| {
            reader
                .prepare_cached("SELECT findings, used FROM pair WHERE key = ?1")?
                .query_row([&key.0[..]], |row| {
                    Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, i64>(1)?))
                })
                .optional()
        })??;
        if used < self.today {
            lock(&self.pending).used_pairs.push(key);
        }
        Some(findings)
    }

    /// Keeps the cross-report findings of a pair (packed JSON) under `key`.
    pub(crate) fn put_pair(&self, key: Key, findings: Vec<u8>) {
        self.add(|pending| pending.new_pairs.push((key, findings)));
    }

    /// The failure kept under `key` (the same bytes under the same name, read
    /// by the same program): what reading them gave, given again.
    pub(crate) fn failure(&self, key: Key) -> Option<ReadError> {
        let (kind, zh, en, used) = self.read(|reader| {
            reader
                .prepare_cached("SELECT kind, zh, en, used FROM failure WHERE key = ?1")?
                .query_row([&key.0[..]], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                })
                .optional()
        })??;
        // A kind this build does not know: read again.
        let kind = ErrorKind::from_name(&kind)?;
        if used < self.today {
            lock(&self.pending).used_failures.push(key);
        }
        Some(ReadError::new(kind, zh, en))
    }

    /// Keeps the failure to read the file of `key`, when reading it again
    /// would fail the same way ([`repeatable`]).
    pub(crate) fn put_failure(&self, key: Key, error: &ReadError) {
        if !repeatable(error.kind) {
            return;
        }
        let failure = (key, error.kind, error.message.clone());
        self.add(|pending| pending.new_failures.push(failure));
    }

    /// What `query` reads with a connection of the pool (a new one when all
    /// are in use); `None` once the cache failed, and when this read fails.
    fn read<T>(&self, query: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Option<T> {
        if self.broken.load(Ordering::Relaxed) {
            return None;
        }
        let me = std::thread::current().id();
        let pooled = {
            let mut readers = lock(&self.readers);
            let mine = readers.iter().position(|(thread, _)| *thread == me);
            mine.map(|i| readers.swap_remove(i).1)
        };
        let reader = match pooled.map_or_else(|| open_reader(&self.path), Ok) {
            Ok(reader) => reader,
            Err(error) => {
                self.fail(error);
                return None;
            }
        };
        let read = query(&reader);
        lock(&self.readers).push((me, reader));
        read.map_err(|error| self.fail(error)).ok()
    }

    /// Stops using the cache for the rest of the run, remembering why.
    fn fail(&self, error: rusqlite::Error) {
        self.broken.store(true, Ordering::Relaxed);
        lock(&self.writer).fail(error);
    }

    /// Writes what is left, forgets what was not used for long, and says once,
    /// on stderr, when the cache could not be used.
    pub(crate) fn finish(self, lang: Lang) {
        drop(self.readers);
        let pending = self.pending.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut writer = self.writer.into_inner().unwrap_or_else(|e| e.into_inner());
        writer.write(pending, self.today);
        if let Some(connection) = &writer.connection {
            if let Err(error) = prune(connection, self.today, MAX_BYTES) {
                writer.fail(error);
            }
        }
        if let Some(failure) = writer.failure {
            warn_unusable(&self.path, &failure, lang);
        }
    }
}

impl Writer {
    fn fail(&mut self, error: rusqlite::Error) {
        self.failure.get_or_insert_with(|| error.to_string());
        self.connection = None;
    }

    /// Writes the new entries and pairs and the days of use in one
    /// transaction; false when the file cannot be written (now or before).
    fn write(&mut self, pending: Pending, today: i64) -> bool {
        let Some(connection) = self.connection.as_mut() else {
            return false;
        };
        if let Err(error) = insert(
            connection,
            (&pending.new, &pending.used),
            (&pending.new_pairs, &pending.used_pairs),
            (&pending.new_failures, &pending.used_failures),
            today,
        ) {
            self.fail(error);
            return false;
        }
        true
    }
}

/// Says that the cache was not used, and how to start it afresh.
pub(crate) fn warn_unusable(path: &Path, why: &str, lang: Lang) {
    let message = match lang {
        Lang::Zh => format!(
            "检查缓存无法使用（{why}），本次不用缓存，结果不受影响；可用 xxgk clean 删除缓存"
        ),
        Lang::En => format!(
            "the check cache cannot be used ({why}): this run goes without it, with the same results; `xxgk clean` deletes it"
        ),
    };
    crate::print_warning(lang, &path.display(), &message);
}

/// Whether reading the same bytes with the same program fails the same way
/// again. Not so for an I/O error or a time limit, nor for a damaged file:
/// `pdftotext` killed by a signal (out of memory, say) is reported as one.
fn repeatable(kind: ErrorKind) -> bool {
    match kind {
        ErrorKind::Io | ErrorKind::TooLarge | ErrorKind::Corrupt => false,
        ErrorKind::Empty
        | ErrorKind::Binary
        | ErrorKind::Encoding
        | ErrorKind::UnsupportedFormat
        | ErrorKind::NoTextLayer => true,
    }
}

/// A lock whatever a panicking worker left behind (the cache's state stays
/// consistent: every change to it is one push or one take).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn hash_str(hasher: &mut Sha256, text: &str) {
    hasher.update((text.len() as u64).to_le_bytes());
    hasher.update(text);
}

/// Another connection to the cache file (made by [`connect`]), to look
/// entries up with.
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(std::time::Duration::from_secs(10))?;
    // Each lookup reads one entry once: the system's file cache serves the
    // pages, and a small cache of SQLite's own keeps memory flat.
    connection.pragma_update(None, "cache_size", -512)?;
    Ok(connection)
}

/// The writer's connection, with the file set up (write-ahead log, tables).
/// Runs that start together on a new file race to set it up, and SQLite
/// answers one of them "locked" at once rather than wait (waiting could
/// deadlock): that one tries again, for up to five seconds.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let mut tries = 0;
    loop {
        match set_up(path) {
            Err(error) if is_locked(&error) && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            done => return done,
        }
    }
}

fn is_locked(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn set_up(path: &Path) -> rusqlite::Result<Connection> {
    // Another run may be writing: wait for it rather than fail.
    let connection = open_reader(path)?;
    // A cache may lose its last writes in a power cut, never its structure.
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    // The writer inserts keys at random places of the key's index (about
    // 4 MB at 100,000 entries): with a reader's 512 KB it read most of the
    // index's pages back from the system at every transaction. With 4 MB a
    // first run over 101,249 reports took 35-37 s instead of 38 s, for 5 MB
    // more at its peak.
    connection.pragma_update(None, "cache_size", -4096)?;
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS result (
            key BLOB PRIMARY KEY,
            agency TEXT,
            year INTEGER,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            infos INTEGER NOT NULL,
            left_out INTEGER NOT NULL,
            report BLOB NOT NULL,
            findings BLOB NOT NULL,
            text BLOB,
            json_zh BLOB,
            json_en BLOB,
            used INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS result_used ON result (used);
        CREATE TABLE IF NOT EXISTS pair (
            key BLOB PRIMARY KEY,
            findings BLOB NOT NULL,
            used INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS pair_used ON pair (used);
        CREATE TABLE IF NOT EXISTS failure (
            key BLOB PRIMARY KEY,
            kind TEXT NOT NULL,
            zh TEXT NOT NULL,
            en TEXT NOT NULL,
            used INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS failure_used ON failure (used);
        CREATE TABLE IF NOT EXISTS program (
            path TEXT PRIMARY KEY,
            len INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            digest BLOB NOT NULL
        );",
    )?;
    Ok(connection)
}

fn lookup(
    connection: &Connection,
    key: Key,
    aside: Aside,
) -> rusqlite::Result<Option<(Entry, i64)>> {
    let wanted = column(aside);
    let column = wanted.unwrap_or("NULL");
    let sql = format!(
        "SELECT agency, year, errors, warnings, infos, left_out, report, findings, {column}, used
         FROM result WHERE key = ?1"
    );
    let row = connection
        .prepare_cached(&sql)?
        .query_row([&key.0[..]], |row| {
            let count = |i: usize| row.get::<_, i64>(i).map(|n| n.max(0) as usize);
            let entry = Entry {
                agency: row.get(0)?,
                year: row.get(1)?,
                tally: Tally {
                    checked: 1,
                    unreadable: 0,
                    errors: count(2)?,
                    warnings: count(3)?,
                    infos: count(4)?,
                    left_out: count(5)?,
                },
                report: row.get(6)?,
                findings: row.get(7)?,
                extra: row.get(8)?,
            };
            Ok((entry, row.get::<_, i64>(9)?))
        })
        .optional()?;
    // Kept without the text this format prints: checked again.
    Ok(row.filter(|(entry, _)| wanted.is_none() || entry.extra.is_some()))
}

/// Writes new entries, pairs and failures, and the days of use of those
/// found, in one transaction.
fn insert(
    connection: &mut Connection,
    (new, used): (&[(Key, Entry, Aside)], &[Key]),
    (pairs, used_pairs): (&[(Key, Vec<u8>)], &[Key]),
    (failures, used_failures): (&[(Key, ErrorKind, Message)], &[Key]),
    today: i64,
) -> rusqlite::Result<()> {
    if new.is_empty()
        && used.is_empty()
        && pairs.is_empty()
        && used_pairs.is_empty()
        && failures.is_empty()
        && used_failures.is_empty()
    {
        return Ok(());
    }
    let transaction = connection.transaction()?;
    for (key, entry, aside) in new {
        // The texts of other formats stay: they are of the same results.
        let kept = column(*aside);
        let (column, update) = match kept {
            Some(column) => (column, format!(", {column} = excluded.{column}")),
            None => ("text", String::new()),
        };
        let sql = format!(
            "INSERT INTO result
                (key, agency, year, errors, warnings, infos, left_out, report, findings, {column}, used)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (key) DO UPDATE SET
                agency = excluded.agency, year = excluded.year,
                errors = excluded.errors, warnings = excluded.warnings,
                infos = excluded.infos, left_out = excluded.left_out,
                report = excluded.report, findings = excluded.findings,
                used = excluded.used{update}"
        );
        let tally = entry.tally;
        transaction.prepare_cached(&sql)?.execute(params![
            &key.0[..],
            entry.agency,
            entry.year,
            tally.errors as i64,
            tally.warnings as i64,
            tally.infos as i64,
            tally.left_out as i64,
            entry.report,
            entry.findings,
            entry.extra.as_deref().filter(|_| kept.is_some()),
            today,
        ])?;
    }
    let mut add = transaction
        .prepare_cached("INSERT OR REPLACE INTO pair (key, findings, used) VALUES (?1, ?2, ?3)")?;
    for (key, findings) in pairs {
        add.execute(params![&key.0[..], findings, today])?;
    }
    drop(add);
    let mut add = transaction.prepare_cached(
        "INSERT OR REPLACE INTO failure (key, kind, zh, en, used) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (key, kind, message) in failures {
        add.execute(params![
            &key.0[..],
            kind.as_str(),
            message.zh,
            message.en,
            today
        ])?;
    }
    drop(add);
    for (table, keys) in [
        ("result", used),
        ("pair", used_pairs),
        ("failure", used_failures),
    ] {
        let mut touch =
            transaction.prepare_cached(&format!("UPDATE {table} SET used = ?2 WHERE key = ?1"))?;
        for key in keys {
            touch.execute(params![&key.0[..], today])?;
        }
    }
    transaction.commit()
}

/// Deletes the entries not used for [`UNUSED_DAYS`] days, then, while the
/// rest is larger than `max_bytes`, the least recently used eighth of those
/// not used today. Today's are kept however many: a corpus larger than the
/// bound would otherwise lose, at the end of each run, what the next run
/// needs.
fn prune(connection: &Connection, today: i64, max_bytes: i64) -> rusqlite::Result<()> {
    connection.execute("DELETE FROM result WHERE used < ?1", [today - UNUSED_DAYS])?;
    connection.execute("DELETE FROM pair WHERE used < ?1", [today - UNUSED_DAYS])?;
    connection.execute("DELETE FROM failure WHERE used < ?1", [today - UNUSED_DAYS])?;
    let in_use = |c: &Connection| -> rusqlite::Result<i64> {
        c.query_row(
            "SELECT (page_count - freelist_count) * page_size
             FROM pragma_page_count, pragma_freelist_count, pragma_page_size",
            [],
            |row| row.get(0),
        )
    };
    while in_use(connection)? > max_bytes {
        let mut deleted = 0;
        for table in ["result", "pair", "failure"] {
            deleted += connection.execute(
                &format!(
                    "DELETE FROM {table} WHERE key IN
                        (SELECT key FROM {table} WHERE used < ?1 ORDER BY used LIMIT
                            (SELECT count(*) / 8 + 1 FROM {table} WHERE used < ?1))"
                ),
                [today],
            )?;
        }
        if deleted == 0 {
            break;
        }
    }
    Ok(())
}

/// The digest of the running executable, remembered by its path, size and
/// time, so that it is read and hashed once per build.
fn program_digest(connection: &Connection) -> Result<[u8; 32], String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let meta = std::fs::metadata(&exe).map_err(|e| e.to_string())?;
    let name = exe.to_string_lossy().into_owned();
    let (len, modified) = (meta.len() as i64, nanos(meta.modified().ok()));
    let known: Option<Vec<u8>> = connection
        .query_row(
            "SELECT digest FROM program WHERE path = ?1 AND len = ?2 AND modified = ?3",
            params![name, len, modified],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| e.to_string())?;
    if let Some(digest) = known.and_then(|d| <[u8; 32]>::try_from(d).ok()) {
        return Ok(digest);
    }
    // Streamed: the executable is tens of MB, and a buffer of its size would
    // stay in the allocator's hands for the rest of the run.
    let mut hasher = Sha256::new();
    std::fs::File::open(&exe)
        .and_then(|mut file| std::io::copy(&mut file, &mut hasher))
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    let digest: [u8; 32] = hasher.finalize().into();
    connection
        .execute(
            "INSERT OR REPLACE INTO program (path, len, modified, digest) VALUES (?1, ?2, ?3, ?4)",
            params![name, len, modified, &digest[..]],
        )
        .map_err(|e| e.to_string())?;
    Ok(digest)
}

/// The `pdftotext` a PDF would be read with, as its path, size and time, or
/// that there is none.
fn pdftotext_identity() -> String {
    let program = xxgk_read::pdf::Pdftotext::default().program;
    identity_of(&program, std::env::var_os("PATH").as_deref())
}

/// `program` (a path, or a name looked for on `path`) as its path, size and
/// time; `none` when it is not found.
fn identity_of(program: &Path, path: Option<&std::ffi::OsStr>) -> String {
    let found = if program.components().count() > 1 {
        Some(program.to_path_buf())
    } else {
        // As the system finds it: on Windows, with `.exe` added.
        let named = if cfg!(windows) && program.extension().is_none() {
            program.with_extension("exe")
        } else {
            program.to_path_buf()
        };
        path.and_then(|paths| {
            std::env::split_paths(paths)
                .map(|dir| dir.join(&named))
                .find(|candidate| candidate.is_file())
        })
    };
    let Some(meta) = found.as_ref().and_then(|p| std::fs::metadata(p).ok()) else {
        return "none".to_string();
    };
    format!(
        "{}\0{}\0{}",
        found.unwrap_or_default().display(),
        meta.len(),
        nanos(meta.modified().ok())
    )
}

fn nanos(time: Option<SystemTime>) -> i64 {
    time.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64)
}

/// Days since 1970 (UTC): when an entry was last used.
fn today() -> i64 {
    nanos(Some(SystemTime::now())) / 86_400_000_000_000
}

/// Deletes the cache file in `folder`; what was deleted (the file and its
/// size in bytes), or `None` when there was none.
pub(crate) fn clean(folder: &Path) -> std::io::Result<Option<(PathBuf, u64)>> {
    let path = folder.join(FILE_NAME);
    let mut size = None;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let file = PathBuf::from(file);
        match std::fs::metadata(&file) {
            Ok(meta) => {
                std::fs::remove_file(&file)?;
                *size.get_or_insert(0) += meta.len();
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    Ok(size.map(|size| (path, size)))
}

/// `xxgk clean`: deletes the cache of results and says what went.
pub(crate) fn run_clean(args: &crate::args::CacheArgs, lang: Lang) -> std::process::ExitCode {
    let Some(folder) = folder(args.cache_dir.as_deref()) else {
        let message = match lang {
            Lang::Zh => "找不到缓存文件夹（没有 HOME 或 XDG_CACHE_HOME），请用 --cache-dir 指定",
            Lang::En => {
                "no cache folder (neither HOME nor XDG_CACHE_HOME is set): name it with --cache-dir"
            }
        };
        crate::print_error(lang, &"xxgk clean", message);
        return std::process::ExitCode::from(crate::EXIT_FAILURE);
    };
    match clean(&folder) {
        Ok(Some((path, size))) => {
            let mb = size as f64 / 1_048_576.0;
            match lang {
                Lang::Zh => println!("已删除检查缓存 {}（{mb:.1} MB）", path.display()),
                Lang::En => println!("deleted the check cache {} ({mb:.1} MB)", path.display()),
            }
        }
        Ok(None) => {
            let path = folder.join(FILE_NAME);
            match lang {
                Lang::Zh => println!("没有检查缓存：{}", path.display()),
                Lang::En => println!("no check cache at {}", path.display()),
            }
        }
        Err(error) => {
            let message = match lang {
                Lang::Zh => format!("无法删除检查缓存：{error}"),
                Lang::En => format!("cannot delete the check cache: {error}"),
            };
            crate::print_error(lang, &folder.join(FILE_NAME).display(), &message);
            return std::process::ExitCode::from(crate::EXIT_FAILURE);
        }
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest of `bytes` a key is made with.
    fn hex(bytes: &[u8]) -> String {
        xxgk_extract::sha256_hex(bytes)
    }

    fn entry(n: u8) -> Entry {
        Entry {
            agency: Some(format!("机关{n}")),
            year: Some(2020 + i32::from(n)),
            tally: Tally {
                checked: 1,
                errors: usize::from(n),
                ..Tally::default()
            },
            report: vec![n; 3000],
            findings: vec![n; 10],
            extra: None,
        }
    }

    #[test]
    fn an_entry_comes_back_as_it_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &[], &[]).unwrap();
        let key = cache.key("a.txt", &hex(b"bytes"));
        assert_eq!(cache.get(key, Aside::Nothing), None);
        let kept = Entry {
            extra: Some(b"text".to_vec()),
            ..entry(3)
        };
        cache.put(key, kept.clone(), Aside::Text);
        cache.finish(Lang::Zh);
        let cache = Cache::open(dir.path(), &[], &[]).unwrap();
        assert_eq!(cache.get(key, Aside::Text), Some(kept.clone()));
        // Without what another format prints besides.
        let without = Entry {
            extra: None,
            ..kept
        };
        assert_eq!(cache.get(key, Aside::Nothing), Some(without));
        // Kept without the JSON of either language: not found for `json`.
        assert_eq!(cache.get(key, Aside::ReportJson(Lang::En)), None);
    }

    #[test]
    fn the_key_is_of_the_name_the_bytes_and_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let all = Cache::open(dir.path(), &[], &[]).unwrap();
        let again = Cache::open(dir.path(), &[], &[]).unwrap();
        let some = Cache::open(dir.path(), &["requests-*".into()], &[]).unwrap();
        let fewer = Cache::open(dir.path(), &[], &["requests-*".into()]).unwrap();
        let key = all.key("a.txt", &hex(b"12"));
        assert_eq!(again.key("a.txt", &hex(b"12")), key);
        for other in [
            all.key("b.txt", &hex(b"12")),
            all.key("a.txt", &hex(b"13")),
            // The name's end is not the bytes' start.
            all.key("a.txt1", &hex(b"2")),
            some.key("a.txt", &hex(b"12")),
            fewer.key("a.txt", &hex(b"12")),
        ] {
            assert_ne!(other, key);
        }
    }

    #[test]
    fn workers_putting_at_once_lose_no_entry_and_read_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &[], &[]).unwrap();
        // Several batches each, so that one worker often finds the other
        // writing and leaves its batch for later.
        const EACH: usize = 3 * WRITE_EVERY + 7;
        std::thread::scope(|scope| {
            for worker in 0..2 {
                let cache = &cache;
                scope.spawn(move || {
                    for n in 0..EACH {
                        let key = cache.key(&format!("{worker}/{n}"), &hex(b""));
                        assert_eq!(cache.get(key, Aside::Nothing), None);
                        cache.put(key, entry(n as u8), Aside::Nothing);
                    }
                });
            }
        });
        // One connection a thread that read, each kept for its thread.
        let readers = lock(&cache.readers);
        assert_eq!(readers.len(), 2);
        assert_ne!(readers[0].0, readers[1].0);
        drop(readers);
        cache.finish(Lang::Zh);
        let again = Cache::open(dir.path(), &[], &[]).unwrap();
        for worker in 0..2 {
            for n in 0..EACH {
                let key = again.key(&format!("{worker}/{n}"), &hex(b""));
                assert_eq!(again.get(key, Aside::Nothing), Some(entry(n as u8)));
            }
        }
    }

    #[test]
    fn entries_long_unused_go_and_the_oldest_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &[], &[]).unwrap();
        for n in 0..100u8 {
            cache.put(
                cache.key(&n.to_string(), &hex(b"")),
                entry(n),
                Aside::Nothing,
            );
        }
        cache.finish(Lang::Zh);
        let db = connect(&dir.path().join(FILE_NAME)).unwrap();
        let today = today();
        // Entry n was last used n days ago.
        for n in 0..100u8 {
            let key = Cache::open(dir.path(), &[], &[])
                .unwrap()
                .key(&n.to_string(), &hex(b""));
            db.execute(
                "UPDATE result SET used = ?1 WHERE key = ?2",
                params![today - i64::from(n), &key.0[..]],
            )
            .unwrap();
        }
        let count = |db: &Connection| -> i64 {
            db.query_row("SELECT count(*) FROM result", [], |r| r.get(0))
                .unwrap()
        };
        prune(&db, today, MAX_BYTES).unwrap();
        assert_eq!(count(&db), UNUSED_DAYS + 1);
        // Over a bound of 60 KB: the least recently used go first.
        prune(&db, today, 60_000).unwrap();
        let kept = count(&db);
        assert!((1..=20).contains(&kept), "{kept}");
        let oldest: i64 = db
            .query_row("SELECT min(used) FROM result", [], |r| r.get(0))
            .unwrap();
        assert_eq!(oldest, today - (kept - 1));
        // Over any bound, what was used today stays.
        prune(&db, today, 0).unwrap();
        assert_eq!(count(&db), 1);
        let used: i64 = db
            .query_row("SELECT used FROM result", [], |r| r.get(0))
            .unwrap();
        assert_eq!(used, today);
    }

    #[test]
    fn the_pdftotext_is_named_by_its_path_size_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let name = if cfg!(windows) {
            "pdftotext.exe"
        } else {
            "pdftotext"
        };
        let tool = dir.path().join(name);
        std::fs::write(&tool, b"1234").unwrap();
        let on_path = std::env::join_paths([Path::new("/nonexistent"), dir.path()]).unwrap();
        let found = identity_of(Path::new("pdftotext"), Some(&on_path));
        assert!(
            found.starts_with(&format!("{}\u{0}4\u{0}", tool.display())),
            "{found:?}"
        );
        // Named by path: the same.
        assert_eq!(identity_of(&tool, None), found);
        // Another build of the tool: another identity.
        std::fs::write(&tool, b"12345").unwrap();
        assert_ne!(identity_of(&tool, None), found);
        assert_eq!(identity_of(Path::new("pdftotext"), None), "none");
        assert_eq!(identity_of(&dir.path().join("gone"), None), "none");
    }

    #[test]
    fn clean_deletes_the_file_and_says_what_it_held() {
        let dir = tempfile::tempdir().unwrap();
        assert!(clean(dir.path()).unwrap().is_none());
        let cache = Cache::open(dir.path(), &[], &[]).unwrap();
        cache.put(cache.key("a", &hex(b"")), entry(1), Aside::Nothing);
        cache.finish(Lang::Zh);
        let (path, size) = clean(dir.path()).unwrap().unwrap();
        assert_eq!(path, dir.path().join(FILE_NAME));
        assert!(size > 3000);
        assert!(!path.exists());
    }
}

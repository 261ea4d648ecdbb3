//! The SQLite backend (bundled SQLite, no server). WAL journal: readers do not
//! block the writer, and a killed writer loses only its open transaction.

use crate::checkpoint::Checkpointer;
use crate::encoded::{with_json, EncodedCell, EncodedFinding};
use crate::migrations::{ensure_ours, ensure_readable, migrate};
use crate::{
    Agency, Batch, CellValue, Counts, Facets, FailureRow, Ingested, Origin, Outcome, Processed,
    Reading, ReportFilter, ReportPage, ReportRow, Result, Similarity, SourceRef, Store, StoreError,
    StoreErrorKind, StoredFinding, Totals,
};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use std::collections::HashMap;
use std::sync::LazyLock;
use xxgk_model::{Finding, LeftOut, Message, Number, Report};

/// A corpus in one SQLite file.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    /// Path → id in `paths`, filled as paths are first written.
    path_ids: HashMap<String, i64>,
    /// The database file, locked for as long as a writer has it open: one
    /// writer at a time (see [`SqliteStore::open`]). `None` when reading.
    _writer_lock: Option<std::fs::File>,
    /// Checkpoints the write-ahead log beside a writer (see
    /// [`crate::checkpoint`]). `None` when reading.
    _checkpointer: Option<Checkpointer>,
    /// The schema version: a database read without migrating it may be older.
    version: u32,
    /// The data generation when the store was opened.
    opened_at: u64,
}

impl SqliteStore {
    /// Opens (or creates) the database file for writing and brings its schema
    /// up to date.
    ///
    /// One writer at a time: the file is locked (`flock`, which does not
    /// interfere with SQLite's own locks) until the store is dropped, and a
    /// second writer is refused with a [`StoreErrorKind::Busy`] error at once.
    /// Two ingests interleaving their batches would each redo the other's
    /// work and run the corpus pass over reports the other replaces. Readers
    /// are never blocked (WAL).
    ///
    /// A file that is another program's SQLite database is refused before
    /// anything is written to it ([`StoreErrorKind::Foreign`]).
    pub fn open(path: &str) -> Result<SqliteStore> {
        // A new database may be asked for in a folder that does not exist yet.
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    StoreError::new(
                        StoreErrorKind::Database,
                        format!("无法创建数据库所在的文件夹 {}：{e}", parent.display()),
                        format!(
                            "cannot create the database's folder {}: {e}",
                            parent.display()
                        ),
                    )
                    .with_source(e)
                })?;
            }
        }
        let conn = Connection::open(path)?;
        let lock = lock_for_writing(path)?;
        ensure_ours(&conn)?;
        let mut store = SqliteStore::init(conn)?;
        store._writer_lock = Some(lock);
        store._checkpointer = Some(Checkpointer::start(path, &mut store.conn)?);
        Ok(store)
    }

    /// Opens an existing database for reading only: no statement writes, not
    /// even the schema version, so a corpus on read-only media (a CD, a
    /// read-only share, a folder without write permission) can be queried.
    ///
    /// Where the file can be written, the connection could write but refuses
    /// to (`PRAGMA query_only`): as after a writing command, SQLite then
    /// removes the write-ahead log and its shared-memory file when the last
    /// connection closes (copying into the database what a writer left in the
    /// log). A connection opened read-only cannot, and every reading command
    /// left `-wal` and `-shm` files beside the database.
    ///
    /// SQLite needs the WAL's shared-memory file to read a WAL database; where
    /// it cannot be created (a read-only folder), the file is opened as
    /// immutable, which is right for media nobody can write to.
    pub fn open_read_only(path: &str) -> Result<SqliteStore> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Without SQLITE_OPEN_CREATE: a missing file is an error, not a new
        // database. A file the system will not let us write SQLite opens
        // read-only.
        let writable = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, writable)?;
        conn.pragma_update(None, "query_only", true)?;
        let conn = match ensure_readable(&conn) {
            Ok(()) => conn,
            Err(err) if cannot_share(&err) => {
                let conn = Connection::open_with_flags(immutable_uri(path), flags)?;
                ensure_readable(&conn)?;
                conn
            }
            Err(err) => return Err(err),
        };
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        SqliteStore::existing(conn)
    }

    /// A store on a database already checked to be an xxgk one, at whatever
    /// schema it has, without the writer's lock.
    fn existing(conn: Connection) -> Result<SqliteStore> {
        keep_plans(&conn)?;
        let path_ids = load_path_ids(&conn)?;
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut store = SqliteStore {
            conn,
            path_ids,
            _writer_lock: None,
            _checkpointer: None,
            version,
            opened_at: 0,
        };
        // Generations are counted from schema 2 on.
        if version >= 2 {
            store.opened_at = store.generation()?;
        }
        Ok(store)
    }

    /// True when the data has not changed since this store was opened (the
    /// generation is the same): a long-lived reader uses it to know when to
    /// reopen, since it caches the cell paths it knew at opening.
    pub fn is_current(&self) -> Result<bool> {
        Ok(self.version < 2 || self.generation()? == self.opened_at)
    }

    /// A read-write store on `path` without the corpus writer's lock, for
    /// writes that are short transactions on their own tables (the
    /// register, [`crate::register::RegisterDb`]). The schema must be
    /// current already; SQLite's busy timeout serialises the writers.
    pub(crate) fn unlocked(path: &str) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        ensure_ours(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        SqliteStore::existing(conn)
    }

    /// A private in-memory database (tests).
    pub fn in_memory() -> Result<SqliteStore> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<SqliteStore> {
        keep_plans(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL survives a killed process (the log is replayed or discarded at next
        // open); NORMAL sync is durable across process crashes, which is what a
        // batch tool needs (a power loss may drop the last transactions, never
        // corrupt the file).
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // An 8 MiB page cache (the default is 2 MiB) holds the b-tree pages a
        // batch appends to. Larger ones were measured slower on 10,000 files
        // (32 MiB: +6 % wall) and cost their size in memory.
        conn.pragma_update(None, "cache_size", -8192)?;
        migrate(&mut conn)?;
        let path_ids = load_path_ids(&conn)?;
        let mut store = SqliteStore {
            conn,
            path_ids,
            _writer_lock: None,
            _checkpointer: None,
            version: crate::SCHEMA_VERSION,
            opened_at: 0,
        };
        store.opened_at = store.generation()?;
        Ok(store)
    }

    /// [`Store::write`]'s transaction.
    fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        let tx = self.conn.transaction()?;
        // Ids of paths added by a transaction that fails must not be kept.
        let mut path_ids = self.path_ids.clone();
        let owned = references_to_reports(&tx)?;
        {
            let mut cells = CellInserts::prepare(&tx)?;
            for entry in &batch.entries {
                write_entry(&tx, entry, &owned, &mut cells, &mut path_ids)?;
            }
        }
        if !batch.entries.is_empty() {
            bump_generation(&tx)?;
        }
        {
            let mut name = tx.prepare_cached(
                "INSERT OR IGNORE INTO files (source_id, path)
                 SELECT id, ?2 FROM sources WHERE sha256 = ?1",
            )?;
            for (sha256, file) in &batch.names {
                name.execute(params![sha256, file])?;
            }
        }
        tx.commit()?;
        self.path_ids = path_ids;
        Ok(())
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when consistent.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|p| p != "ok");
        let broken: Vec<String> = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.extend(
            broken
                .into_iter()
                .map(|t| format!("dangling reference in {t}")),
        );
        Ok(problems)
    }
}

fn bump_generation(tx: &Transaction) -> Result<()> {
    tx.prepare_cached("UPDATE state SET value = value + 1 WHERE key = 'generation'")?
        .execute([])?;
    Ok(())
}

fn load_path_ids(conn: &Connection) -> Result<HashMap<String, i64>> {
    Ok(conn
        .prepare("SELECT path, id FROM paths")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Takes the writer's lock on the database file, or says who holds it.
fn lock_for_writing(path: &str) -> Result<std::fs::File> {
    // Opened for writing, though only locked: a file that cannot be written is
    // said so here, rather than as SQLite's "unable to open database file".
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| {
            let read_only = e.kind() == std::io::ErrorKind::PermissionDenied
                || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem;
            let (kind, zh, en) = if read_only {
                (
                    StoreErrorKind::ReadOnly,
                    format!("数据库不可写（只读介质或没有写权限：{e}）；查询命令（stats、export 等）可以读取它，写入命令（ingest、reindex）需要可写的数据库"),
                    format!("the database cannot be written (read-only media or no write permission: {e}); reading commands (stats, export, …) can read it, writing commands (ingest, reindex) need a writable database"),
                )
            } else {
                (
                    StoreErrorKind::Database,
                    format!("无法打开数据库：{e}"),
                    format!("cannot open the database: {e}"),
                )
            };
            StoreError::new(kind, zh, en).with_source(e)
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::new(
            StoreErrorKind::Busy,
            "数据库正由另一个 xxgk 进程写入（ingest 或 reindex）；请等它结束后再运行。查询命令（stats、export 等）可以同时运行",
            "another xxgk process is writing to this database (ingest or reindex); run again when it has finished. Reading commands (stats, export, …) may run meanwhile",
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::new(
            StoreErrorKind::Database,
            format!("无法锁定数据库 {path}：{e}"),
            format!("cannot lock the database {path}: {e}"),
        )
        .with_source(e)),
    }
}

/// True when a read-only open failed because SQLite could not create or open
/// the WAL's shared-memory file next to the database.
fn cannot_share(err: &StoreError) -> bool {
    use std::error::Error;
    err.source()
        .and_then(|s| s.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code)
        .is_some_and(|code| {
            matches!(
                code,
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
            )
        })
}

/// `file:` URI of `path` with `immutable=1`, its special characters escaped.
fn immutable_uri(path: &str) -> String {
    let absolute = std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string());
    let mut uri = String::from("file:");
    for byte in absolute.bytes() {
        match byte {
            b'%' | b'?' | b'#' | 0x80.. => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(char::from(byte)),
        }
    }
    uri + "?immutable=1"
}

fn source_id(tx: &Transaction, entry: &Ingested) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO sources (sha256, size, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT(sha256) DO NOTHING",
    )?
    .execute(params![entry.sha256, entry.bytes.len() as i64, entry.bytes])?;
    let id = tx
        .prepare_cached("SELECT id FROM sources WHERE sha256 = ?1")?
        .query_row([&entry.sha256], |r| r.get(0))?;
    tx.prepare_cached("INSERT OR IGNORE INTO files (source_id, path) VALUES (?1, ?2)")?
        .execute(params![id, entry.file])?;
    Ok(id)
}

/// Writes one entry.
fn write_entry(
    tx: &Transaction,
    entry: &Ingested,
    owned: &[(String, String)],
    cells: &mut CellInserts,
    path_ids: &mut HashMap<String, i64>,
) -> Result<()> {
    let source = source_id(tx, entry)?;
    // Re-extraction replaces the previous result.
    delete_report_of(tx, source, owned)?;
    tx.prepare_cached("DELETE FROM failures WHERE source_id = ?1")?
        .execute([source])?;
    match &entry.outcome {
        Outcome::Failed { kind, message } => {
            tx.prepare_cached(
                "INSERT INTO failures (source_id, extractor, file, kind, message_zh, message_en)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                source,
                entry.extractor,
                entry.file,
                kind,
                message.zh,
                message.en
            ])?;
        }
        Outcome::Report(report) => {
            tx.prepare_cached(
                "INSERT INTO reports (source_id, extractor, file, format, encoding, agency,
                     body_key, year, template, published)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                source,
                entry.extractor,
                entry.file,
                report.format,
                report.encoding,
                report.agency,
                report.body_key,
                report.year,
                report.template,
                report.published,
            ])?;
            let id = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO report_json (report_id, report, pass) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, report.blob, report.pass])?;
            cells.write(tx, id, &report.cells, path_ids)?;
            write_findings(tx, id, Origin::Report, &report.findings)?;
        }
    }
    Ok(())
}

/// Deletes the report made from `source`, if any, and every row that names
/// it: the rows of each (table, column) of `owned`
/// ([`references_to_reports`]). The batch writer runs without SQLite's own
/// cascade (see [`Store::write`]).
fn delete_report_of(tx: &Transaction, source: i64, owned: &[(String, String)]) -> Result<()> {
    let Some(report) = tx
        .prepare_cached("SELECT id FROM reports WHERE source_id = ?1")?
        .query_row([source], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(());
    };
    for (table, column) in owned {
        tx.prepare_cached(&format!(r#"DELETE FROM "{table}" WHERE "{column}" = ?1"#))?
            .execute([report])?;
    }
    tx.prepare_cached("DELETE FROM reports WHERE id = ?1")?
        .execute([report])?;
    Ok(())
}

/// Each (table, column) whose rows are deleted with the report they name:
/// the references to `reports` that say `ON DELETE CASCADE`, read from the
/// schema, so that a table added later is not forgotten.
fn references_to_reports(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached(
            r#"SELECT m.name, f."from"
                 FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table' AND f."table" = 'reports' AND f.on_delete = 'CASCADE'
                ORDER BY m.name, f."from""#,
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The id of a cell path, added to `paths` on first use.
fn path_id(tx: &Transaction, path: &str, ids: &mut HashMap<String, i64>) -> Result<i64> {
    if let Some(&id) = ids.get(path) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT OR IGNORE INTO paths (path) VALUES (?1)")?
        .execute([path])?;
    let id = tx
        .prepare_cached("SELECT id FROM paths WHERE path = ?1")?
        .query_row([path], |r| r.get(0))?;
    ids.insert(path.to_string(), id);
    Ok(id)
}

/// The statements inserting cells, taken from the statement cache once for a
/// batch: each take hashes and copies the statement's SQL (over a kilobyte
/// for [`CELLS_PER_INSERT`] rows), and a report has about seven statements'
/// worth of cells.
struct CellInserts<'tx> {
    /// Inserts [`CELLS_PER_INSERT`] cells.
    chunk: rusqlite::CachedStatement<'tx>,
    /// Inserts one cell.
    single: rusqlite::CachedStatement<'tx>,
}

impl<'tx> CellInserts<'tx> {
    fn prepare(tx: &'tx Transaction) -> Result<CellInserts<'tx>> {
        Ok(CellInserts {
            chunk: tx.prepare_cached(&INSERT_CELLS_CHUNK)?,
            single: tx.prepare_cached(&INSERT_CELL)?,
        })
    }

    /// Inserts the cells of report `id`: whole chunks by the long statement,
    /// the rest one by one. Every parameter is bound at each execution, so
    /// nothing is left over from the one before.
    fn write(
        &mut self,
        tx: &Transaction,
        id: i64,
        cells: &[EncodedCell],
        path_ids: &mut HashMap<String, i64>,
    ) -> Result<()> {
        let mut rows = cells
            .iter()
            .map(|cell| Ok((path_id(tx, cell.path, path_ids)?, cell)))
            .collect::<Result<Vec<_>>>()?;
        // In key order, each row goes after the one before it: SQLite finds
        // its place without a search (the cursor is on the last row) and
        // appends it to the page rather than making room amid it.
        rows.sort_unstable_by_key(|&(path_id, _)| path_id);
        let whole = rows.len() / CELLS_PER_INSERT * CELLS_PER_INSERT;
        let chunks = rows[..whole]
            .chunks(CELLS_PER_INSERT)
            .chain(rows[whole..].chunks(1));
        for chunk in chunks {
            let insert = if chunk.len() == CELLS_PER_INSERT {
                &mut self.chunk
            } else {
                &mut self.single
            };
            for (row, &(path_id, cell)) in chunk.iter().enumerate() {
                bind_cell(insert, row * CELL_COLUMNS, id, path_id, cell)?;
            }
            insert.raw_execute()?;
        }
        Ok(())
    }
}

/// Parameters of one cell's row.
const CELL_COLUMNS: usize = 12;

/// Binds the row of `cell` (of report `id`, path `path_id`) to the
/// parameters after the first `before` of `insert`.
fn bind_cell(
    insert: &mut rusqlite::Statement,
    before: usize,
    id: i64,
    path_id: i64,
    cell: &EncodedCell,
) -> Result<()> {
    let span = cell.span;
    insert.raw_bind_parameter(before + 1, id)?;
    insert.raw_bind_parameter(before + 2, path_id)?;
    insert.raw_bind_parameter(before + 3, cell.value.as_deref())?;
    insert.raw_bind_parameter(before + 4, cell.raw.as_deref())?;
    insert.raw_bind_parameter(before + 5, span.map(|s| s.start as i64))?;
    insert.raw_bind_parameter(before + 6, span.map(|s| s.end as i64))?;
    insert.raw_bind_parameter(before + 7, span.map(|s| s.line))?;
    insert.raw_bind_parameter(before + 8, span.map(|s| s.column))?;
    insert.raw_bind_parameter(before + 9, span.and_then(|s| s.page))?;
    insert.raw_bind_parameter(before + 10, span.and_then(|s| s.table))?;
    insert.raw_bind_parameter(before + 11, span.and_then(|s| s.row))?;
    insert.raw_bind_parameter(before + 12, span.and_then(|s| s.cell))?;
    Ok(())
}

/// Cells inserted by one statement (384 parameters; SQLite allows 32,766):
/// with a statement per row, each of a report's 200 cells was a step and a
/// reset of its own (the whole ingest: 3 % more CPU).
const CELLS_PER_INSERT: usize = 32;

/// The statements inserting [`CELLS_PER_INSERT`] cells and one.
static INSERT_CELLS_CHUNK: LazyLock<String> = LazyLock::new(|| insert_cells(CELLS_PER_INSERT));
static INSERT_CELL: LazyLock<String> = LazyLock::new(|| insert_cells(1));

/// The statement inserting `rows` cells.
fn insert_cells(rows: usize) -> String {
    let row = format!("({})", ["?"; CELL_COLUMNS].join(", "));
    format!(
        r#"INSERT INTO cells (report_id, path_id, value, raw, start, "end", line, "column",
               page, "table", "row", cell) VALUES {}"#,
        vec![row; rows].join(", ")
    )
}

/// A corpus pass being written: one transaction, committed at the end.
struct SqliteCorpusPass<'c> {
    tx: Transaction<'c>,
    generation: u64,
}

impl crate::CorpusPass for SqliteCorpusPass<'_> {
    fn set_body(&mut self, report_id: i64, body: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE reports SET body = ?2 WHERE id = ?1 AND body IS NOT ?2")?
            .execute(params![report_id, body])?;
        Ok(())
    }

    fn set_copy(&mut self, copy: i64, of: i64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE reports SET copy_of = ?2 WHERE id = ?1")?
            .execute(params![copy, of])?;
        Ok(())
    }

    fn add_finding(&mut self, report_id: i64, finding: &Finding) -> Result<()> {
        write_findings(
            &self.tx,
            report_id,
            Origin::Corpus,
            &[EncodedFinding::new(finding)?],
        )
    }

    fn add_similarity(&mut self, s: &Similarity) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO similarities (report_id, previous_id, section, ratio)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![s.report_id, s.previous_id, s.section, s.ratio])?;
        Ok(())
    }

    fn changes(&mut self) -> Result<crate::PassChanges> {
        let everything = self
            .tx
            .query_row(
                "SELECT value FROM state WHERE key = 'pass_everything'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .is_some_and(|v| v != 0);
        let added = self
            .tx
            .prepare("SELECT report_id FROM pass_added ORDER BY report_id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let removed = self
            .tx
            .prepare("SELECT body FROM pass_removed ORDER BY body")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(crate::PassChanges {
            everything,
            added,
            removed,
        })
    }

    fn forget(&mut self, report_ids: &[i64]) -> Result<()> {
        for id in report_ids {
            self.tx
                .prepare_cached("DELETE FROM findings WHERE report_id = ?1 AND origin = 'corpus'")?
                .execute([id])?;
            self.tx
                .prepare_cached("DELETE FROM similarities WHERE report_id = ?1")?
                .execute([id])?;
            self.tx
                .prepare_cached(
                    "UPDATE reports SET copy_of = NULL WHERE id = ?1 AND copy_of IS NOT NULL",
                )?
                .execute([id])?;
        }
        Ok(())
    }

    fn forget_everything(&mut self) -> Result<()> {
        self.tx
            .execute("DELETE FROM findings WHERE origin = 'corpus'", [])?;
        self.tx.execute("DELETE FROM similarities", [])?;
        // Bodies are set report by report, and written only where they
        // change (each write also moves the report in the listing index).
        self.tx.execute(
            "UPDATE reports SET copy_of = NULL WHERE copy_of IS NOT NULL",
            [],
        )?;
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.execute(
            "INSERT OR REPLACE INTO state (key, value) VALUES ('corpus_generation', ?1)",
            [self.generation as i64],
        )?;
        // What this pass saw is checked; what comes after it is the next
        // pass's (no other writer can add meanwhile: the pass holds the write
        // lock from its start, see `begin_corpus`).
        self.tx.execute("DELETE FROM pass_added", [])?;
        self.tx.execute("DELETE FROM pass_removed", [])?;
        self.tx
            .execute("DELETE FROM state WHERE key = 'pass_everything'", [])?;
        crate::fault::point("corpus-write");
        self.tx.commit()?;
        crate::fault::point("corpus-written");
        Ok(())
    }
}

fn write_findings(
    tx: &Transaction,
    id: i64,
    origin: Origin,
    findings: &[EncodedFinding],
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO findings (report_id, origin, rule, severity, finding)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for finding in findings {
        insert.execute(params![
            id,
            origin.as_str(),
            finding.rule,
            finding.severity,
            finding.json
        ])?;
    }
    Ok(())
}

/// A row `report_id, path_id, value` of the cells as a value, when its path
/// is one of `wanted` (path id → path).
/// The statement reading the `wanted` cells of report `?1`: a report has two
/// hundred cells, a figure reads one to six and the statistics forty. The
/// path ids are the store's own integers.
fn wanted_cells_sql(wanted: &HashMap<i64, &str>) -> String {
    let mut path_ids: Vec<i64> = wanted.keys().copied().collect();
    path_ids.sort_unstable();
    let list: Vec<String> = path_ids.iter().map(i64::to_string).collect();
    format!(
        "SELECT report_id, path_id, value FROM cells WHERE report_id = ?1 AND path_id IN ({})",
        list.join(", ")
    )
}

/// Makes statements keep the plan they were prepared with, whatever values
/// are bound (SQLite's query planner stability guarantee). Without it SQLite
/// marks a statement with `column = ?` to be prepared again when a value bound
/// to it changes, and rusqlite clears the values of a cached statement when
/// it is put back: every use of a cached statement parsed and planned its SQL
/// again (three quarters of the time of reading a report's row by its id).
/// The planner has no statistics that bound values could inform (no ANALYZE
/// is run), so no plan is lost.
pub(crate) fn keep_plans(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn cell_value(row: &rusqlite::Row, wanted: &HashMap<i64, &str>) -> Result<Option<CellValue>> {
    let Some(&path) = wanted.get(&row.get::<_, i64>(1)?) else {
        return Ok(None);
    };
    let report_id: i64 = row.get(0)?;
    let value = match row.get_ref(2)?.as_str_or_null().map_err(internal)? {
        Some(text) => Some(
            Number::parse(text)
                .ok_or_else(|| damaged(format!("cell {path} of report {report_id}: `{text}`")))?,
        ),
        None => None,
    };
    Ok(Some(CellValue {
        report_id,
        path: path.to_string(),
        value,
    }))
}

/// A stored report's blob, whole.
fn whole(blob: &[u8]) -> Result<Report> {
    with_json(blob, |json| serde_json::from_str(json).map_err(internal))
}

/// A stored report's blob as the cross-report rules read it.
fn for_rules(blob: &[u8]) -> Result<Report> {
    with_json(blob, |json| {
        let view: ForRules = serde_json::from_str(json).map_err(internal)?;
        Ok(view.into_report())
    })
}

/// A stored report as [`Store::load_for_rules`] reads it: the fields of
/// [`Report`] the rules read; the others are skipped, not built.
#[derive(serde::Deserialize)]
struct ForRules {
    schema: String,
    source: xxgk_model::Source,
    agency: Option<String>,
    year: Option<i32>,
    template: Option<xxgk_model::Template>,
    published: Option<String>,
    active: Option<xxgk_model::Active>,
    requests: Option<xxgk_model::Table<xxgk_model::RequestRow>>,
    appeals: Option<xxgk_model::Table<xxgk_model::AppealGroup>>,
    #[serde(default, deserialize_with = "xxgk_model::report::deserialize_cells")]
    cells: std::collections::BTreeMap<std::borrow::Cow<'static, str>, xxgk_model::Printed>,
    #[serde(default)]
    sections: Vec<xxgk_model::Section>,
}

impl ForRules {
    fn into_report(self) -> Report {
        // Every field named: a field added to `Report` must be decided here.
        Report {
            schema: self.schema,
            source: self.source,
            agency: self.agency,
            year: self.year,
            template: self.template,
            published: self.published,
            active: self.active,
            requests: self.requests,
            appeals: self.appeals,
            cells: self.cells,
            row_labels: Default::default(),
            column_labels: Default::default(),
            sections: self.sections,
            metadata_spans: Default::default(),
            narrative: Vec::new(),
            findings: Vec::new(),
        }
    }
}

/// Report `id` is not in the database.
fn no_report(id: i64) -> StoreError {
    StoreError::new(
        StoreErrorKind::NotFound,
        format!("数据库中没有编号为 {id} 的报告"),
        format!("no report with id {id} in the database"),
    )
}

/// A stored value the program itself wrote and cannot read back: damage.
pub(crate) fn internal(err: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    damaged(&err).with_source(err)
}

/// A stored record that says `what` instead of what the program wrote.
fn damaged(what: impl std::fmt::Display) -> StoreError {
    StoreError::new(
        StoreErrorKind::Corrupt,
        format!("数据库中的记录已损坏：{what}"),
        format!("a stored record is damaged: {what}"),
    )
}

fn origin(text: &str) -> Origin {
    if text == "corpus" {
        Origin::Corpus
    } else {
        Origin::Report
    }
}

fn stored_finding(row: &rusqlite::Row) -> rusqlite::Result<(i64, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn to_stored(rows: Vec<(i64, String, String)>) -> Result<Vec<StoredFinding>> {
    rows.into_iter()
        .map(|(report_id, from, json)| {
            Ok(StoredFinding {
                report_id,
                origin: origin(&from),
                finding: serde_json::from_str(&json).map_err(internal)?,
            })
        })
        .collect()
}

impl Store for SqliteStore {
    fn processed(&self, sha256: &str) -> Result<Option<Processed>> {
        let found = self
            .conn
            .query_row(
                "SELECT r.extractor, 0 FROM reports r JOIN sources s ON s.id = r.source_id
                   WHERE s.sha256 = ?1
                 UNION ALL
                 SELECT f.extractor, 1 FROM failures f JOIN sources s ON s.id = f.source_id
                   WHERE s.sha256 = ?1",
                [sha256],
                |r| {
                    Ok(Processed {
                        extractor: r.get(0)?,
                        failed: r.get(1)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }

    fn processed_all(&self) -> Result<Vec<(String, Processed)>> {
        let mut statement = self.conn.prepare(
            &format!(
                "SELECT s.sha256, r.extractor, 0 FROM reports r JOIN {sources} ON s.id = r.source_id
                 UNION ALL
                 SELECT s.sha256, f.extractor, 1 FROM failures f JOIN {sources} ON s.id = f.source_id",
                sources = self.sources()
            ),
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get(0)?,
                Processed {
                    extractor: r.get(1)?,
                    failed: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn write(&mut self, batch: &Batch) -> Result<()> {
        // Every row a batch writes refers to a row the same transaction has
        // just written or found, so SQLite's checks of those references are
        // switched off for it: checking each cell's report and path was 6 %
        // of a fresh ingest's CPU. The one thing they did besides checking,
        // deleting what a replaced report owned, is done by
        // `delete_report_of`. (The pragma cannot change inside a
        // transaction, so it is set around it.)
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let written = self.write_batch(batch);
        let restored = self.conn.pragma_update(None, "foreign_keys", "ON");
        written.and(restored.map_err(StoreError::from))
    }

    fn stale(&self, extractor: &str, all: bool) -> Result<Vec<SourceRef>> {
        let mut statement = self.conn.prepare(
            "SELECT s.sha256, COALESCE(r.file, f.file), COALESCE(r.extractor, f.extractor)
               FROM sources s
               LEFT JOIN reports r ON r.source_id = s.id
               LEFT JOIN failures f ON f.source_id = s.id
              ORDER BY s.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (sha256, file, made_by) = row?;
            if all || made_by.as_deref() != Some(extractor) {
                out.push(SourceRef {
                    sha256,
                    file: file.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    fn source_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT bytes FROM sources WHERE sha256 = ?1",
                [sha256],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::new(
                    StoreErrorKind::NotFound,
                    format!("数据库中没有该来源：{sha256}"),
                    format!("no such source in the database: {sha256}"),
                )
            })
    }

    fn reports(&self) -> Result<Vec<ReportRow>> {
        let mut statement = self.conn.prepare(&self.all_reports_sql())?;
        let rows = statement.query_map([], report_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn each_report(&self, each: &mut dyn FnMut(ReportRow) -> Result<()>) -> Result<()> {
        let mut statement = self.conn.prepare(&self.all_reports_sql())?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            each(report_row(row)?)?;
        }
        Ok(())
    }

    fn report_agencies(&self) -> Result<Vec<(String, usize)>> {
        let mut statement = self.conn.prepare(
            "SELECT agency, COUNT(*) FROM reports WHERE agency IS NOT NULL GROUP BY agency",
        )?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn each_report_key(&self, each: &mut dyn FnMut(crate::ReportKey) -> Result<()>) -> Result<()> {
        let mut statement = self
            .conn
            .prepare("SELECT id, agency, year, body, format, copy_of FROM reports ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            each(crate::ReportKey {
                id: row.get(0)?,
                agency: row.get(1)?,
                year: row.get(2)?,
                body: row.get(3)?,
                format: row.get(4)?,
                copy_of: row.get(5)?,
            })?;
        }
        Ok(())
    }

    fn report(&self, id: i64) -> Result<Option<ReportRow>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM reports r JOIN sources s ON s.id = r.source_id WHERE r.id = ?1",
            self.report_columns()
        ))?;
        Ok(statement.query_row([id], report_row).optional()?)
    }

    fn report_of_source(&self, sha256: &str) -> Result<Option<ReportRow>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM reports r JOIN sources s ON s.id = r.source_id WHERE s.sha256 = ?1",
            self.report_columns()
        ))?;
        Ok(statement.query_row([sha256], report_row).optional()?)
    }

    fn report_page(&self, filter: &ReportFilter, offset: u64, limit: u64) -> Result<ReportPage> {
        let (condition, values) = filter_sql(filter, self.version);
        let from =
            format!("FROM reports r LEFT JOIN agencies a ON a.name = r.body WHERE {condition}");
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) {from}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        // The page's ids first, so that the finding counts are computed for
        // the rows shown only, not for every report the filter matches.
        let mut page_values = values.clone();
        page_values.push(rusqlite::types::Value::Integer(
            limit.min(i64::MAX as u64) as i64
        ));
        page_values.push(rusqlite::types::Value::Integer(
            offset.min(i64::MAX as u64) as i64
        ));
        let mut statement = self.conn.prepare(&format!(
            "WITH page AS (
                SELECT r.id, r.year, COALESCE(r.body, r.body_key, r.agency, r.file) AS name
                {from}
                ORDER BY r.year DESC, name, r.id LIMIT ? OFFSET ?)
             SELECT {} FROM page p JOIN reports r ON r.id = p.id
                   JOIN sources s ON s.id = r.source_id
              ORDER BY p.year DESC, p.name, p.id",
            self.report_columns()
        ))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(page_values.iter()), report_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ReportPage {
            total: total as u64,
            rows,
        })
    }

    fn facets(&self) -> Result<Facets> {
        let column = |sql: &str| -> Result<Vec<String>> {
            let mut statement = self.conn.prepare(sql)?;
            let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let mut years_statement = self.conn.prepare(
            "SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year DESC",
        )?;
        let years = years_statement
            .query_map([], |r| r.get::<_, i32>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Facets {
            years,
            formats: column("SELECT DISTINCT format FROM reports ORDER BY format")?,
            templates: column(
                "SELECT DISTINCT template FROM reports WHERE template IS NOT NULL ORDER BY template",
            )?,
            regions: column(
                "SELECT DISTINCT region FROM agencies WHERE region IS NOT NULL ORDER BY region",
            )?,
            levels: column(
                "SELECT DISTINCT level FROM agencies WHERE level IS NOT NULL ORDER BY level",
            )?,
        })
    }

    fn load(&self, id: i64) -> Result<Report> {
        whole(&self.report_blob(id)?)
    }

    fn load_for_rules(&self, id: i64) -> Result<Report> {
        for_rules(&self.report_blob(id)?)
    }

    fn fetch(&self, ids: &[i64], reading: Reading) -> Result<crate::Fetched> {
        let blobs = ids
            .iter()
            .map(|&id| match reading {
                Reading::Whole | Reading::ForRules => self.report_blob(id),
                Reading::ForPass => self.pass_blob(id),
            })
            .collect::<Result<Vec<_>>>()?;
        // Reading the blobs is quick; inflating and parsing them is the work,
        // which the caller runs where it likes.
        Ok(crate::Fetched::new(move || {
            blobs
                .iter()
                .map(|blob| match reading {
                    Reading::Whole => whole(blob),
                    Reading::ForRules | Reading::ForPass => for_rules(blob),
                })
                .collect()
        }))
    }

    fn findings(&self, report_id: i64) -> Result<Vec<StoredFinding>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT report_id, origin, finding FROM findings WHERE report_id = ?1
              ORDER BY origin DESC, id",
        )?;
        let rows = statement
            .query_map([report_id], stored_finding)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        to_stored(rows)
    }

    fn all_findings(&self) -> Result<Vec<StoredFinding>> {
        let mut statement = self.conn.prepare(
            "SELECT report_id, origin, finding FROM findings ORDER BY report_id, origin DESC, id",
        )?;
        let rows = statement
            .query_map([], stored_finding)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        to_stored(rows)
    }

    fn failures(&self) -> Result<Vec<FailureRow>> {
        let mut statement = self.conn.prepare(
            "SELECT s.sha256, f.file, f.kind, f.message_zh, f.message_en
               FROM failures f JOIN sources s ON s.id = f.source_id ORDER BY f.file",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(FailureRow {
                sha256: r.get(0)?,
                file: r.get(1)?,
                kind: r.get(2)?,
                message: Message::new(r.get::<_, String>(3)?, r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn values(&self, paths: &[&str]) -> Result<Vec<CellValue>> {
        // One pass over the cells, keeping the wanted paths' ids.
        let wanted = self.wanted_paths(paths);
        let mut statement = self
            .conn
            .prepare_cached("SELECT report_id, path_id, value FROM cells")?;
        let mut rows = statement.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            if let Some(value) = cell_value(row, &wanted)? {
                out.push(value);
            }
        }
        Ok(out)
    }

    fn values_of(&self, ids: &[i64], paths: &[&str]) -> Result<Vec<CellValue>> {
        let wanted = self.wanted_paths(paths);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut cells = self.conn.prepare_cached(&wanted_cells_sql(&wanted))?;
        let mut out = Vec::new();
        for id in ids {
            let mut found = cells.query([id])?;
            while let Some(cell) = found.next()? {
                if let Some(value) = cell_value(cell, &wanted)? {
                    out.push(value);
                }
            }
        }
        Ok(out)
    }

    fn each_report_values(
        &self,
        paths: &[&str],
        each: &mut dyn FnMut(ReportRow, Vec<CellValue>) -> Result<()>,
    ) -> Result<()> {
        let wanted = self.wanted_paths(paths);
        let mut reports = self.conn.prepare(&self.all_reports_sql())?;
        // A report's cells are one range of the primary key; of its two
        // hundred, only the wanted ones are read.
        let mut cells = self.conn.prepare(&wanted_cells_sql(&wanted))?;
        let mut rows = reports.query([])?;
        while let Some(row) = rows.next()? {
            let report = report_row(row)?;
            let mut values = Vec::new();
            let mut found = cells.query([report.id])?;
            while let Some(cell) = found.next()? {
                if let Some(value) = cell_value(cell, &wanted)? {
                    values.push(value);
                }
            }
            each(report, values)?;
        }
        Ok(())
    }

    fn begin_corpus(&self, generation: u64) -> Result<Box<dyn crate::CorpusPass + '_>> {
        // Unchecked: the pass reads the store (through `&self`) while it writes.
        // Immediate: the pass reads what changed and writes its results in
        // one transaction, and no other writer adds between the two.
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        Ok(Box::new(SqliteCorpusPass { tx, generation }))
    }

    fn generation(&self) -> Result<u64> {
        let value: i64 = self.conn.query_row(
            "SELECT value FROM state WHERE key = 'generation'",
            [],
            |r| r.get(0),
        )?;
        Ok(value as u64)
    }

    fn corpus_pass_due(&self) -> Result<bool> {
        let done: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM state WHERE key = 'corpus_generation'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(done != Some(self.generation()? as i64))
    }

    fn similarities(&self) -> Result<Vec<Similarity>> {
        let mut statement = self.conn.prepare(
            "SELECT report_id, previous_id, section, ratio FROM similarities
              ORDER BY report_id, section",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Similarity {
                report_id: r.get(0)?,
                previous_id: r.get(1)?,
                section: r.get(2)?,
                ratio: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn set_agencies(&mut self, list: &[Agency]) -> Result<()> {
        // The list as it will be stored (a name listed twice: the last line),
        // in the order `agencies` reads it. The same list again changes
        // nothing, so the corpus pass stays current: ingesting with the same
        // `--agencies` file does not repeat it.
        let mut by_name: std::collections::BTreeMap<&str, &Agency> = Default::default();
        for agency in list {
            by_name.insert(&agency.name, agency);
        }
        let stored = self.agencies()?;
        if stored.len() == by_name.len()
            && stored.iter().zip(by_name.values()).all(|(a, b)| a == *b)
        {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM agencies", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT OR REPLACE INTO agencies (name, region, level, parent, sums)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for a in list {
                insert.execute(params![a.name, a.region, a.level, a.parent, a.sums])?;
            }
        }
        bump_generation(&tx)?;
        tx.commit()?;
        Ok(())
    }

    fn agencies(&self) -> Result<Vec<Agency>> {
        let mut statement = self
            .conn
            .prepare("SELECT name, region, level, parent, sums FROM agencies ORDER BY name")?;
        let rows = statement.query_map([], |r| {
            Ok(Agency {
                name: r.get(0)?,
                region: r.get(1)?,
                level: r.get(2)?,
                parent: r.get(3)?,
                sums: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn totals(&self) -> Result<Totals> {
        let count = |table: &str| self.count_rows(table);
        // As `report_columns` counts: each finding, plus the findings a
        // `findings-capped` note says it left out. Only such a note has them,
        // so only its rows are parsed (each finding's JSON searched for them
        // took most of a re-run's time).
        let (mut errors, mut warnings, mut infos): (i64, i64, i64) = self.conn.query_row(
            "SELECT COALESCE(SUM(severity = 'error'), 0), COALESCE(SUM(severity = 'warning'), 0),
                    COALESCE(SUM(severity = 'info'), 0)
               FROM findings",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let (left_errors, left_warnings, left_infos): (i64, i64, i64) = self.conn.query_row(
            "SELECT COALESCE(SUM(json_extract(finding, '$.left_out.errors')), 0),
                    COALESCE(SUM(json_extract(finding, '$.left_out.warnings')), 0),
                    COALESCE(SUM(json_extract(finding, '$.left_out.infos')), 0)
               FROM findings WHERE rule = ?1",
            [LeftOut::RULE],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        errors += left_errors;
        warnings += left_warnings;
        infos += left_infos;
        Ok(Totals {
            reports: count("reports")?,
            failures: count("failures")?,
            errors: errors as u64,
            warnings: warnings as u64,
            infos: infos as u64,
        })
    }

    fn counts(&self) -> Result<Counts> {
        let count = |table: &str| self.count_rows(table);
        Ok(Counts {
            sources: count("sources")?,
            reports: count("reports")?,
            failures: count("failures")?,
            cells: count("cells")?,
            findings: count("findings")?,
        })
    }
}

impl SqliteStore {
    /// The rows of `table`.
    fn count_rows(&self, table: &str) -> Result<u64> {
        let rows: i64 = self
            .conn
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(rows as u64)
    }

    /// The stored JSON of report `id` cut down to what the corpus
    /// pass reads; the whole JSON for a report stored before there was one.
    fn pass_blob(&self, id: i64) -> Result<Vec<u8>> {
        if self.version < 8 {
            return self.report_blob(id);
        }
        self.conn
            .prepare_cached("SELECT COALESCE(pass, report) FROM report_json WHERE report_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| no_report(id))
    }

    /// The stored JSON of report `id` (see `encoded`).
    fn report_blob(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached(if self.version >= 7 {
                "SELECT report FROM report_json WHERE report_id = ?1"
            } else {
                // Read without migrating: the JSON is still in the report's row.
                "SELECT report FROM reports WHERE id = ?1"
            })?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| no_report(id))
    }

    /// Every report's row, by year, then body, then id.
    fn all_reports_sql(&self) -> String {
        format!(
            "SELECT {} FROM reports r JOIN {} ON s.id = r.source_id
              ORDER BY r.year, COALESCE(r.body, r.body_key), r.id",
            self.report_columns(),
            self.sources()
        )
    }

    /// The sources table as `s`, for a query that reads every source's
    /// SHA-256: through the index that holds them (schema 10), which SQLite
    /// would not pick for a rowid, instead of rows that share their pages
    /// with the sources' bytes.
    fn sources(&self) -> &'static str {
        if self.version >= 10 {
            "sources s INDEXED BY sources_sha256_by_id"
        } else {
            "sources s"
        }
    }

    /// Path id → path, for the paths of `paths` the database knows.
    fn wanted_paths<'p>(&self, paths: &[&'p str]) -> HashMap<i64, &'p str> {
        paths
            .iter()
            .filter_map(|p| self.path_ids.get(*p).map(|&id| (id, *p)))
            .collect()
    }

    /// The columns of a [`ReportRow`], for `report_row`, over `reports r`
    /// joined with `sources s`.
    fn report_columns(&self) -> String {
        // Copies are marked from schema 3 on; an older database read as it is
        // has none.
        let copy_of = if self.version >= 3 {
            "r.copy_of"
        } else {
            "NULL"
        };
        // Each finding, plus what a `findings-capped` note says it left out:
        // only such a note has that, so only its JSON is parsed (as `totals`).
        let capped = LeftOut::RULE;
        format!(
            "r.id, s.sha256, r.file, r.format, r.agency, r.body_key, r.body, r.year,
             r.template, r.published, r.extractor, {copy_of},
             (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'error')
               + (SELECT COALESCE(SUM(json_extract(f.finding, '$.left_out.errors')), 0)
                    FROM findings f WHERE f.report_id = r.id AND f.rule = '{capped}'),
             (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'warning')
               + (SELECT COALESCE(SUM(json_extract(f.finding, '$.left_out.warnings')), 0)
                    FROM findings f WHERE f.report_id = r.id AND f.rule = '{capped}'),
             (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'info')
               + (SELECT COALESCE(SUM(json_extract(f.finding, '$.left_out.infos')), 0)
                    FROM findings f WHERE f.report_id = r.id AND f.rule = '{capped}')"
        )
    }
}

fn report_row(r: &rusqlite::Row) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        id: r.get(0)?,
        sha256: r.get(1)?,
        file: r.get(2)?,
        format: r.get(3)?,
        agency: r.get(4)?,
        body_key: r.get(5)?,
        body: r.get(6)?,
        year: r.get(7)?,
        template: r.get(8)?,
        published: r.get(9)?,
        extractor: r.get(10)?,
        copy_of: r.get(11)?,
        errors: r.get(12)?,
        warnings: r.get(13)?,
        infos: r.get(14)?,
    })
}

/// The WHERE condition of a report filter over `reports r` left-joined with
/// `agencies a`, and its parameters in order.
fn filter_sql(filter: &ReportFilter, version: u32) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut conditions = vec!["1".to_string()];
    let mut values = Vec::new();
    if let Some(year) = filter.year {
        conditions.push("r.year = ?".into());
        values.push(Value::Integer(year.into()));
    }
    if let Some(format) = &filter.format {
        conditions.push("r.format = ?".into());
        values.push(Value::Text(format.clone()));
    }
    if let Some(template) = &filter.template {
        conditions.push("r.template = ?".into());
        values.push(Value::Text(template.clone()));
    }
    if let Some(region) = &filter.region {
        // A region names its sub-regions too: 江苏省 matches 江苏省淮安市.
        conditions.push("substr(a.region, 1, length(?)) = ?".into());
        values.push(Value::Text(region.clone()));
        values.push(Value::Text(region.clone()));
    }
    if let Some(level) = &filter.level {
        conditions.push("a.level = ?".into());
        values.push(Value::Text(level.clone()));
    }
    if let Some(body) = &filter.body {
        conditions.push(
            "(instr(COALESCE(r.body, ''), ?) > 0 OR instr(COALESCE(r.agency, ''), ?) > 0
              OR instr(r.file, ?) > 0)"
                .into(),
        );
        for _ in 0..3 {
            values.push(Value::Text(body.clone()));
        }
    }
    if let Some(severity) = filter.severity {
        conditions.push(
            "EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.severity = ?)".into(),
        );
        values.push(Value::Text(severity.as_str().to_string()));
    }
    if !filter.copies && version >= 3 {
        conditions.push("r.copy_of IS NULL".into());
    }
    (conditions.join(" AND "), values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `delete_report_of` deletes the rows that name a report, not the rows
    /// that name those in turn: no table may refer to them.
    #[test]
    fn what_goes_with_a_report_is_named_by_nothing_else() {
        let store = SqliteStore::in_memory().unwrap();
        let owned = references_to_reports(&store.conn).unwrap();
        let tables: Vec<&str> = owned.iter().map(|(table, _)| table.as_str()).collect();
        assert_eq!(
            tables,
            [
                "cells",
                "findings",
                "report_json",
                "similarities",
                "similarities"
            ]
        );
        for table in tables {
            let naming: i64 = store
                .conn
                .query_row(
                    r#"SELECT count(*) FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
                        WHERE m.type = 'table' AND f."table" = ?1"#,
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(naming, 0, "a table refers to {table}");
        }
    }
}

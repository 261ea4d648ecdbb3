//! Versioned schema migrations. The database's `PRAGMA user_version` says how
//! many of [`MIGRATIONS`] it has; opening applies the missing ones in one
//! transaction each. A database with a higher version than this build knows was
//! written by a newer xxgk and is refused rather than misread.

use crate::{Result, StoreError, StoreErrorKind};
use rusqlite::Connection;

/// Each migration is applied once, in order; never edit one that has shipped:
/// add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE sources (
        id      INTEGER PRIMARY KEY,
        sha256  TEXT NOT NULL UNIQUE,
        size    INTEGER NOT NULL,
        bytes   BLOB NOT NULL
    );
    -- Every name the same bytes were ingested under.
    CREATE TABLE files (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        PRIMARY KEY (source_id, path)
    ) WITHOUT ROWID;
    CREATE TABLE reports (
        id         INTEGER PRIMARY KEY,
        source_id  INTEGER NOT NULL UNIQUE REFERENCES sources(id) ON DELETE CASCADE,
        extractor  TEXT NOT NULL,
        file       TEXT NOT NULL,
        format     TEXT NOT NULL,
        encoding   TEXT,
        agency     TEXT,
        body_key   TEXT,
        body       TEXT,
        year       INTEGER,
        template   TEXT,
        published  TEXT,
        -- The xxgk/report@1 JSON with provenance, deflated.
        report     BLOB NOT NULL
    );
    CREATE INDEX reports_body_year ON reports(body, year);
    CREATE INDEX reports_year ON reports(year);
    -- Cell paths (`requests.received.total`), stored once: cells refer to them
    -- by id, which keeps the cells table small and its inserts in key order.
    CREATE TABLE paths (
        id    INTEGER PRIMARY KEY,
        path  TEXT NOT NULL UNIQUE
    );
    -- Every cell of the printed rows, long form; `value` is the exact decimal
    -- text or NULL (blank or unreadable), `raw` what was printed.
    CREATE TABLE cells (
        report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        path_id    INTEGER NOT NULL REFERENCES paths(id),
        value      TEXT,
        raw        TEXT,
        start      INTEGER,
        "end"      INTEGER,
        line       INTEGER,
        "column"   INTEGER,
        page       INTEGER,
        "table"    INTEGER,
        "row"      INTEGER,
        cell       INTEGER,
        PRIMARY KEY (report_id, path_id)
    ) WITHOUT ROWID;
    -- The long form as people query it, with the path as text.
    CREATE VIEW cell_values AS
        SELECT c.report_id, p.path, c.value, c.raw, c.start, c."end", c.line,
               c."column", c.page, c."table", c."row", c.cell
          FROM cells c JOIN paths p ON p.id = c.path_id;
    CREATE TABLE findings (
        id         INTEGER PRIMARY KEY,
        report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        origin     TEXT NOT NULL CHECK (origin IN ('report', 'corpus')),
        rule       TEXT NOT NULL,
        severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        -- The finding as xxgk/findings@1 JSON (both languages).
        finding    TEXT NOT NULL
    );
    CREATE INDEX findings_report ON findings(report_id);
    CREATE INDEX findings_rule ON findings(rule);
    CREATE TABLE failures (
        source_id  INTEGER NOT NULL UNIQUE REFERENCES sources(id) ON DELETE CASCADE,
        extractor  TEXT NOT NULL,
        file       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        message_zh TEXT NOT NULL,
        message_en TEXT NOT NULL
    );
    CREATE TABLE similarities (
        report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        previous_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        section     INTEGER NOT NULL,
        ratio       REAL NOT NULL,
        PRIMARY KEY (report_id, section)
    ) WITHOUT ROWID;
    CREATE TABLE agencies (
        name    TEXT PRIMARY KEY,
        region  TEXT,
        level   TEXT,
        parent  TEXT,
        sums    INTEGER
    ) WITHOUT ROWID;
    "#,
    // 2: the database records whether the corpus pass has seen the current
    // data (and, set by `migrate`, says it is xxgk's: the application id): every write that changes
    // reports or the agency list bumps `generation`; a completed corpus pass
    // stores the generation it read as `corpus_generation`. A pass that was
    // killed leaves them different, and the next run redoes it.
    r#"
    CREATE TABLE state (
        key    TEXT PRIMARY KEY,
        value  INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO state (key, value) VALUES ('generation', 1);
    "#,
    // 3: a report that repeats another (same body, year and tables: a PDF and
    // its text layer, a page and its PDF) names it; set by the corpus pass.
    r#"
    ALTER TABLE reports ADD COLUMN copy_of INTEGER;
    "#,
    // 4: accounts of the web application (`xxgk serve`): users with a role and
    // an argon2 password hash (PHC string), login sessions and API tokens, each
    // stored only as the SHA-256 of the secret the browser or script holds.
    r#"
    CREATE TABLE users (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL UNIQUE,
        role      TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
        password  TEXT NOT NULL,
        disabled  INTEGER NOT NULL DEFAULT 0,
        created   INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash  TEXT PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf        TEXT NOT NULL,
        created     INTEGER NOT NULL,
        expires     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE TABLE api_tokens (
        id          INTEGER PRIMARY KEY,
        token_hash  TEXT NOT NULL UNIQUE,
        user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label       TEXT NOT NULL,
        created     INTEGER NOT NULL,
        last_used   INTEGER
    );
    "#,
    // 5: indexes for the report list of the web application. A report row
    // carries its deflated JSON, so a scan of `reports` reads every page of
    // the table; these indexes answer the list's count, order and filter
    // values without touching the rows.
    r#"
    CREATE INDEX reports_listing ON reports(
        year, format, template, copy_of, body, body_key, agency, file);
    CREATE INDEX reports_format ON reports(format);
    CREATE INDEX reports_template ON reports(template);
    "#,
    // 6: the request register (依申请公开台账, `xxgk register`), self-contained:
    // every change of a case is an event, appended and never changed or
    // deleted (the triggers refuse it); the case as it now stands is kept in
    // `register_cases`, written in the same transaction as its event, with
    // the number of its last event as its version. A removed case keeps its
    // row (`removed` = 1) and its history.
    r#"
    CREATE TABLE register_events (
        seq      INTEGER PRIMARY KEY,
        case_id  TEXT NOT NULL,
        -- The case version this event makes (1: the case was added).
        version  INTEGER NOT NULL,
        at       TEXT NOT NULL,
        who      TEXT NOT NULL,
        action   TEXT NOT NULL CHECK (action IN ('add', 'update', 'remove', 'import')),
        -- The case after the event, as JSON; NULL when removed.
        "case"   TEXT,
        UNIQUE (case_id, version)
    );
    CREATE TRIGGER register_events_no_update BEFORE UPDATE ON register_events
        BEGIN SELECT RAISE(ABORT, 'register_events is append-only'); END;
    CREATE TRIGGER register_events_no_delete BEFORE DELETE ON register_events
        BEGIN SELECT RAISE(ABORT, 'register_events is append-only'); END;
    CREATE TABLE register_cases (
        id         TEXT PRIMARY KEY,
        version    INTEGER NOT NULL,
        removed    INTEGER NOT NULL DEFAULT 0,
        received   TEXT NOT NULL,
        concluded  TEXT,
        applicant  TEXT NOT NULL,
        outcome    TEXT,
        assignee   TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        "case"     TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX register_cases_received ON register_cases(received);
    CREATE INDEX register_cases_concluded ON register_cases(concluded);
    "#,
    // 7: a report's deflated JSON in a table of its own. The corpus pass sets
    // each report's body and copy mark; with the JSON in the same row, every
    // such update rewrote the whole row, so a first pass rewrote every report
    // (1.7 s of I/O per 10,000 reports, against 0.05 s without the JSON).
    r#"
    CREATE TABLE report_json (
        report_id  INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        -- The xxgk/report@1 JSON with provenance, deflated.
        report     BLOB NOT NULL
    );
    INSERT INTO report_json (report_id, report) SELECT id, report FROM reports;
    ALTER TABLE reports DROP COLUMN report;
    -- Deleting a report (re-extraction replaces it) cascades to the
    -- similarities that name it as the previous year's; without this index
    -- each delete scanned them all (re-extracting 100,000 reports: minutes).
    CREATE INDEX similarities_previous ON similarities(previous_id);
    CREATE INDEX api_tokens_user ON api_tokens(user_id);
    "#,
    // 8: beside each report's JSON, the report cut down to what the corpus
    // pass reads (`xxgk_check::keep_for_corpus_pass`), deflated likewise.
    // Parsing the whole JSON was half of the pass's time. Reports stored
    // before have none, and the pass reads their whole JSON.
    r#"
    ALTER TABLE report_json ADD COLUMN pass BLOB;
    "#,
    // 9: what changed since the last corpus pass, so that the next one
    // re-checks only the bodies it touches (`xxgk_corpus::cross`): reports
    // added since (a re-extracted report is removed and added again), the
    // bodies of reports removed since, and whether everything must be
    // checked again (the agency list changed, or no pass ran with these
    // tables: a database from before them). Triggers keep them, so that no
    // write can forget to; a completed pass empties them.
    r#"
    CREATE TABLE pass_added (report_id INTEGER PRIMARY KEY);
    CREATE TABLE pass_removed (body TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TRIGGER reports_added AFTER INSERT ON reports
        BEGIN INSERT OR IGNORE INTO pass_added (report_id) VALUES (NEW.id); END;
    CREATE TRIGGER reports_removed AFTER DELETE ON reports
        BEGIN
            DELETE FROM pass_added WHERE report_id = OLD.id;
            INSERT OR IGNORE INTO pass_removed (body)
                SELECT OLD.body WHERE OLD.body IS NOT NULL;
        END;
    CREATE TRIGGER agencies_added AFTER INSERT ON agencies
        BEGIN INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1); END;
    CREATE TRIGGER agencies_changed AFTER UPDATE ON agencies
        BEGIN INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1); END;
    CREATE TRIGGER agencies_removed AFTER DELETE ON agencies
        BEGIN INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1); END;
    INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1);
    "#,
    // 10: what listing every report reads, from indexes alone.
    // * A report's row carries its findings' counts (`report_columns`), which
    //   read the severity and rule of each of its findings: with an index on
    //   the report only, from the findings' rows, whose JSON is most of the
    //   table (listing 10,000 reports from a cold cache: 1.06 s, 0.51 s with
    //   this index). The index on the report alone is its prefix, and goes.
    // * A report's row carries its source's SHA-256, whose row shares its
    //   pages with the source's bytes: from a cold cache, listing 100,000
    //   reports read 4 s of scattered pages for it, 0.7 s in all with this
    //   index (SQLite looks a rowid up in the table itself, so the queries
    //   that list every report name it: `SqliteStore::sources`).
    r#"
    CREATE INDEX findings_report_counted ON findings(report_id, severity, rule);
    DROP INDEX findings_report;
    CREATE INDEX sources_sha256_by_id ON sources(id, sha256);
    "#,
    // 11: a report's JSON (whole, and the corpus pass's cut) is stored packed
    // with LZ4 after a mark (`encoded`), not deflated: deflating was a ninth
    // of ingest's CPU. No table changes; the version tells an older xxgk,
    // which cannot read the new blobs, that the database is newer than it.
    // Reports stored before keep their deflated JSON, read as they were.
    r#"
    -- Only the version changes.
    "#,
];

/// `PRAGMA application_id` of an xxgk database: "XXGK" in ASCII (0x5858474B).
pub const APPLICATION_ID: i32 = 0x5858_474B;

/// Refuses a SQLite file that is not xxgk's, before anything is written to it:
/// it carries another application id, or it has tables but neither the xxgk
/// application id nor the tables of a database from before the id was set.
pub fn ensure_ours(conn: &Connection) -> Result<()> {
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let empty = tables.is_empty() && version == 0;
    let before_the_id = version >= 1
        && ["sources", "reports", "cells", "findings"]
            .iter()
            .all(|t| tables.iter().any(|have| have == t));
    if id == 0 && (empty || before_the_id) {
        return Ok(());
    }
    Err(StoreError::new(
        StoreErrorKind::Foreign,
        "这是其他程序的 SQLite 数据库，不是 xxgk 语料库；xxgk 不会改动它，请用 --db 指定另一个文件",
        "this is another program's SQLite database, not an xxgk corpus; xxgk leaves it alone: name another file with --db",
    ))
}

/// Checks that a database opened only for reading can be read by this build
/// without migrating it (reading never writes).
pub fn ensure_readable(conn: &Connection) -> Result<()> {
    ensure_ours(conn)?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(too_new(version));
    }
    if version == 0 {
        return Err(StoreError::new(
            StoreErrorKind::NotFound,
            "这是空数据库，还没有语料；请先用 xxgk ingest 建立语料库",
            "this is an empty database with no corpus yet; create the corpus with xxgk ingest first",
        ));
    }
    Ok(())
}

fn too_new(current: u32) -> StoreError {
    StoreError::new(
        StoreErrorKind::TooNew,
        format!("数据库由更新版本的 xxgk 写入（结构版本 {current}，本程序只认识到 {SCHEMA_VERSION}），请升级 xxgk"),
        format!("the database was written by a newer xxgk (schema version {current}, this build knows up to {SCHEMA_VERSION}); upgrade xxgk"),
    )
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(too_new(current));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

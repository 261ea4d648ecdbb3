//! The request register (依申请公开台账) in the corpus database: cases and
//! their history, for `xxgk register` and any other front end (a web layer
//! calls these plain methods on a [`SqliteStore`]).
//!
//! Append-only: every change of a case is an event row (`register_events`:
//! who, when, what, the case after it, the version it makes) that is never
//! changed or deleted; the case as it stands (`register_cases`) is written
//! in the same transaction as its event. An update names the version it was
//! based on; when someone else changed the case since, it is refused with
//! [`RegisterStoreError::Conflict`], so two people editing at once never lose
//! an edit silently. A removed case keeps its row and its history. Every write
//! is one transaction: a killed process loses nothing committed and leaves
//! nothing half-written.
//!
//! Cases are validated ([`Case::validate`]) before they are written: the
//! register never holds a case that contradicts the 条例 or itself.

use crate::{SqliteStore, StoreError, StoreErrorKind};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashSet;
use xxgk_model::{Lang, Message};
use xxgk_register::json::{HistoryEntry, Versioned};
use xxgk_register::{Calendar, Case, RegisterError};

/// A case as stored, with its version and last change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCase {
    /// The case.
    pub case: Case,
    /// Its version: the number of events it has had (1 when just added).
    pub version: u64,
    /// When it was last changed (UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`).
    pub updated_at: String,
    /// Who changed it last.
    pub updated_by: String,
}

/// What an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The case was added.
    Add,
    /// The case was changed.
    Update,
    /// The case was removed (its row and history are kept).
    Remove,
    /// The case was added by an import.
    Import,
}

impl Action {
    /// The word stored (`add`, `update`, `remove`, `import`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Update => "update",
            Action::Remove => "remove",
            Action::Import => "import",
        }
    }
    fn parse(word: &str) -> Action {
        match word {
            "add" => Action::Add,
            "remove" => Action::Remove,
            "import" => Action::Import,
            _ => Action::Update,
        }
    }
}

/// One event of a case's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its order among all events.
    pub seq: i64,
    /// The case.
    pub case_id: String,
    /// The version it made.
    pub version: u64,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub who: String,
    /// What.
    pub action: Action,
    /// The case after it (`None` when removed).
    pub case: Option<Case>,
}

impl StoredCase {
    /// The case as the register's JSON takes it ([`xxgk_register::json`]).
    pub fn versioned(&self) -> Versioned<'_> {
        Versioned {
            case: &self.case,
            version: self.version,
            updated_at: &self.updated_at,
            updated_by: &self.updated_by,
        }
    }
}

impl Event {
    /// The event as the register's JSON takes it ([`xxgk_register::json`]).
    pub fn entry(&self) -> HistoryEntry<'_> {
        HistoryEntry {
            version: self.version,
            at: &self.at,
            who: &self.who,
            action: self.action.as_str(),
            case: self.case.as_ref(),
        }
    }
}

/// Why a register write or read failed.
#[derive(Debug)]
pub enum RegisterStoreError {
    /// The case contradicts the 条例 or itself, or the calendar does not cover it.
    Invalid(RegisterError),
    /// The case was changed by someone else since the version the change was based on.
    Conflict {
        /// The case.
        id: String,
        /// The version the change was based on.
        based_on: u64,
        /// The version stored now.
        current: u64,
        /// Who made the current version.
        by: String,
        /// When.
        at: String,
    },
    /// A case with this register number exists already.
    Exists {
        /// The register number.
        id: String,
    },
    /// No case has this register number.
    NotFound {
        /// The register number.
        id: String,
    },
    /// The database failed.
    Store(StoreError),
}

impl RegisterStoreError {
    /// What went wrong, in both languages.
    pub fn message(&self) -> Message {
        match self {
            RegisterStoreError::Invalid(err) => err.message(),
            RegisterStoreError::Conflict { id, based_on, current, by, at } => Message::new(
                format!("登记号 {id} 已被 {by} 于 {at} 修改（现为第 {current} 版，本次修改基于第 {based_on} 版）；为免覆盖他人的修改，本次未保存：请查看最新内容后重新修改"),
                format!("case {id} was changed by {by} at {at} (now version {current}, this change was based on version {based_on}); so as not to overwrite that change, nothing was saved: look at the current case and change it again"),
            ),
            RegisterStoreError::Exists { id } => Message::new(
                format!("登记号 {id} 已存在"),
                format!("a case with register number {id} exists already"),
            ),
            RegisterStoreError::NotFound { id } => Message::new(
                format!("没有登记号为 {id} 的申请"),
                format!("no case has register number {id}"),
            ),
            RegisterStoreError::Store(err) => err.message.clone(),
        }
    }
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.message().get(lang).to_string()
    }
}

impl std::fmt::Display for RegisterStoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for RegisterStoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RegisterStoreError::Invalid(err) => Some(err),
            RegisterStoreError::Store(err) => Some(err),
            _ => None,
        }
    }
}

impl From<StoreError> for RegisterStoreError {
    fn from(err: StoreError) -> Self {
        RegisterStoreError::Store(err)
    }
}
impl From<rusqlite::Error> for RegisterStoreError {
    fn from(err: rusqlite::Error) -> Self {
        RegisterStoreError::Store(err.into())
    }
}
impl From<RegisterError> for RegisterStoreError {
    fn from(err: RegisterError) -> Self {
        RegisterStoreError::Invalid(err)
    }
}

type Result<T> = std::result::Result<T, RegisterStoreError>;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

fn json(case: &Case) -> String {
    serde_json::to_string(case).expect("a case serialises")
}

fn parse(text: &str) -> std::result::Result<Case, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::new(
            StoreErrorKind::Corrupt,
            format!("台账中的一条记录无法读取：{e}"),
            format!("a register record cannot be read: {e}"),
        )
    })
}

/// Appends the event and writes the current row, in `tx`.
fn record(
    tx: &Transaction<'_>,
    case: &Case,
    version: u64,
    who: &str,
    action: Action,
) -> Result<()> {
    let body = json(case);
    tx.execute(
        &format!("INSERT INTO register_events (case_id, version, at, who, action, \"case\") VALUES (?1, ?2, {NOW}, ?3, ?4, ?5)"),
        params![case.id, version as i64, who, action.as_str(), body],
    )?;
    crate::fault::point("register-write");
    tx.execute(
        &format!(
            "INSERT INTO register_cases (id, version, removed, received, concluded, applicant, outcome, assignee, updated_at, updated_by, \"case\")
             VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, {NOW}, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version, removed = 0, received = excluded.received,
                concluded = excluded.concluded, applicant = excluded.applicant, outcome = excluded.outcome,
                assignee = excluded.assignee, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                \"case\" = excluded.\"case\""
        ),
        params![
            case.id,
            version as i64,
            case.received.to_string(),
            case.concluded.map(|d| d.to_string()),
            case.applicant.key(),
            case.outcome.map(|o| o.key()),
            case.assignee,
            who,
            body
        ],
    )?;
    Ok(())
}

/// (version, removed, updated_by, updated_at) of a case row.
fn current(tx: &Transaction<'_>, id: &str) -> Result<Option<(u64, bool, String, String)>> {
    Ok(tx
        .query_row(
            "SELECT version, removed, updated_by, updated_at FROM register_cases WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? != 0,
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )
        .optional()?)
}

impl SqliteStore {
    /// The connection, for tests that try what SQL itself allows.
    #[doc(hidden)]
    pub fn conn_for_tests(&self) -> &rusqlite::Connection {
        &self.conn
    }

    fn has_register(&self) -> std::result::Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'register_cases'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn write_tx(&mut self) -> std::result::Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Adds a new case (version 1), validated first.
    pub fn register_add(&mut self, case: &Case, who: &str) -> Result<StoredCase> {
        case.validate(Calendar::official())?;
        let tx = self.write_tx()?;
        match current(&tx, &case.id)? {
            Some((_, false, _, _)) => {
                return Err(RegisterStoreError::Exists {
                    id: case.id.clone(),
                })
            }
            // A removed case's number is taken again: its history goes on.
            Some((version, true, _, _)) => record(&tx, case, version + 1, who, Action::Add)?,
            None => record(&tx, case, 1, who, Action::Add)?,
        }
        tx.commit()?;
        crate::fault::point("register-written");
        self.register_case(&case.id)?
            .ok_or_else(|| RegisterStoreError::NotFound {
                id: case.id.clone(),
            })
    }

    /// Replaces a case by its changed form, if it is still at version
    /// `based_on`; else [`RegisterStoreError::Conflict`] and nothing is written.
    pub fn register_update(&mut self, case: &Case, based_on: u64, who: &str) -> Result<StoredCase> {
        case.validate(Calendar::official())?;
        let tx = self.write_tx()?;
        let Some((version, removed, by, at)) = current(&tx, &case.id)? else {
            return Err(RegisterStoreError::NotFound {
                id: case.id.clone(),
            });
        };
        if removed {
            return Err(RegisterStoreError::NotFound {
                id: case.id.clone(),
            });
        }
        if version != based_on {
            return Err(RegisterStoreError::Conflict {
                id: case.id.clone(),
                based_on,
                current: version,
                by,
                at,
            });
        }
        record(&tx, case, version + 1, who, Action::Update)?;
        tx.commit()?;
        crate::fault::point("register-written");
        self.register_case(&case.id)?
            .ok_or_else(|| RegisterStoreError::NotFound {
                id: case.id.clone(),
            })
    }

    /// Removes a case at version `based_on`: its row is marked removed and an
    /// event records who removed it; its history stays.
    pub fn register_remove(&mut self, id: &str, based_on: u64, who: &str) -> Result<()> {
        let tx = self.write_tx()?;
        let Some((version, removed, by, at)) = current(&tx, id)? else {
            return Err(RegisterStoreError::NotFound { id: id.to_string() });
        };
        if removed {
            return Err(RegisterStoreError::NotFound { id: id.to_string() });
        }
        if version != based_on {
            return Err(RegisterStoreError::Conflict {
                id: id.to_string(),
                based_on,
                current: version,
                by,
                at,
            });
        }
        tx.execute(
            &format!("INSERT INTO register_events (case_id, version, at, who, action, \"case\") VALUES (?1, ?2, {NOW}, ?3, 'remove', NULL)"),
            params![id, (version + 1) as i64, who],
        )?;
        tx.execute(
            &format!("UPDATE register_cases SET removed = 1, version = ?2, updated_at = {NOW}, updated_by = ?3 WHERE id = ?1"),
            params![id, (version + 1) as i64, who],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds every case in one transaction: all or none. A register number
    /// already in the register (or twice in `cases`) refuses the whole import.
    pub fn register_import(&mut self, cases: &[Case], who: &str) -> Result<usize> {
        let calendar = Calendar::official();
        for case in cases {
            case.validate(calendar)?;
        }
        let tx = self.write_tx()?;
        let mut seen = HashSet::new();
        for case in cases {
            if !seen.insert(case.id.as_str()) {
                return Err(RegisterStoreError::Exists {
                    id: case.id.clone(),
                });
            }
            match current(&tx, &case.id)? {
                Some((_, false, _, _)) => {
                    return Err(RegisterStoreError::Exists {
                        id: case.id.clone(),
                    })
                }
                Some((version, true, _, _)) => record(&tx, case, version + 1, who, Action::Import)?,
                None => record(&tx, case, 1, who, Action::Import)?,
            }
        }
        tx.commit()?;
        crate::fault::point("register-written");
        Ok(cases.len())
    }

    /// The case with register number `id` (`None` when there is none or it was removed).
    pub fn register_case(&self, id: &str) -> Result<Option<StoredCase>> {
        if !self.has_register()? {
            return Ok(None);
        }
        let row = self
            .conn
            .query_row(
                "SELECT \"case\", version, updated_at, updated_by FROM register_cases WHERE id = ?1 AND removed = 0",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(body, version, updated_at, updated_by)| {
            Ok(StoredCase {
                case: parse(&body)?,
                version: version as u64,
                updated_at,
                updated_by,
            })
        })
        .transpose()
    }

    /// Every case not removed, by receipt date and register number.
    pub fn register_cases(&self) -> Result<Vec<StoredCase>> {
        if !self.has_register()? {
            return Ok(Vec::new());
        }
        let mut statement = self.conn.prepare(
            "SELECT \"case\", version, updated_at, updated_by FROM register_cases WHERE removed = 0 ORDER BY received, id",
        )?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<(String, i64, String, String)>>>()?;
        rows.into_iter()
            .map(|(body, version, updated_at, updated_by)| {
                Ok(StoredCase {
                    case: parse(&body)?,
                    version: version as u64,
                    updated_at,
                    updated_by,
                })
            })
            .collect()
    }

    /// Every event of a case, oldest first (also of a removed case).
    pub fn register_history(&self, id: &str) -> Result<Vec<Event>> {
        if !self.has_register()? {
            return Ok(Vec::new());
        }
        let mut statement = self.conn.prepare(
            "SELECT seq, case_id, version, at, who, action, \"case\" FROM register_events WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = statement
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(seq, case_id, version, at, who, action, body)| {
                Ok(Event {
                    seq,
                    case_id,
                    version: version as u64,
                    at,
                    who,
                    action: Action::parse(&action),
                    case: body.as_deref().map(parse).transpose()?,
                })
            })
            .collect()
    }
}

/// The register of a database file, written without the corpus writer's
/// lock: the register's writes are short transactions on their own tables,
/// so they need not wait for an upload or an `xxgk ingest` that holds the
/// lock for minutes; SQLite's busy timeout serialises them with the
/// ingest's batches (as [`crate::accounts::Accounts`] does for accounts).
/// Only the register's methods are reachable through it.
pub struct RegisterDb {
    store: SqliteStore,
}

impl RegisterDb {
    /// Opens the register of the database at `path`, creating the database
    /// and bringing its schema up to date first when it is older than this
    /// build (which takes the writer's lock for a moment).
    pub fn open(path: &str) -> std::result::Result<RegisterDb, StoreError> {
        let current = std::path::Path::new(path).exists() && {
            let conn = rusqlite::Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?
                >= crate::SCHEMA_VERSION
        };
        if !current {
            drop(SqliteStore::open(path)?);
        }
        Ok(RegisterDb {
            store: SqliteStore::unlocked(path)?,
        })
    }

    /// See [`SqliteStore::register_add`].
    pub fn add(&mut self, case: &Case, who: &str) -> Result<StoredCase> {
        self.store.register_add(case, who)
    }

    /// See [`SqliteStore::register_update`].
    pub fn update(&mut self, case: &Case, based_on: u64, who: &str) -> Result<StoredCase> {
        self.store.register_update(case, based_on, who)
    }

    /// See [`SqliteStore::register_remove`].
    pub fn remove(&mut self, id: &str, based_on: u64, who: &str) -> Result<()> {
        self.store.register_remove(id, based_on, who)
    }

    /// See [`SqliteStore::register_import`].
    pub fn import(&mut self, cases: &[Case], who: &str) -> Result<usize> {
        self.store.register_import(cases, who)
    }

    /// See [`SqliteStore::register_case`].
    pub fn case(&self, id: &str) -> Result<Option<StoredCase>> {
        self.store.register_case(id)
    }

    /// See [`SqliteStore::register_cases`].
    pub fn cases(&self) -> Result<Vec<StoredCase>> {
        self.store.register_cases()
    }

    /// See [`SqliteStore::register_history`].
    pub fn history(&self, id: &str) -> Result<Vec<Event>> {
        self.store.register_history(id)
    }
}

#[cfg(test)]
mod register_db_tests {
    use super::*;
    use xxgk_register::{Applicant, Channel, Date};

    /// A case is added while another writer holds the corpus writer's lock.
    #[test]
    fn writes_while_the_corpus_writer_lock_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db").to_string_lossy().into_owned();
        let writer = SqliteStore::open(&db).unwrap();
        assert!(SqliteStore::open(&db).is_err(), "the lock is held");
        let mut register = RegisterDb::open(&db).unwrap();
        let case = Case::new(
            "2025-001",
            Applicant::NaturalPerson,
            Channel::Online,
            Date::new(2025, 1, 20).unwrap(),
        );
        let stored = register.add(&case, "tester").unwrap();
        assert_eq!(stored.version, 1);
        assert_eq!(register.cases().unwrap().len(), 1);
        assert_eq!(writer.register_cases().unwrap().len(), 1);
        assert_eq!(register.history("2025-001").unwrap()[0].who, "tester");
    }
}

//! The accounts of the web application (`xxgk serve`): users with a role,
//! login sessions and API tokens, in the corpus database (migration 4).
//!
//! The store keeps what it is given: a password is stored as the PHC string
//! the caller hashed (argon2, in `xxgk-web`), and a session or token only as
//! the SHA-256 of the secret the browser or script holds, so a copy of the
//! database does not let anyone log in. Times are Unix seconds, given by the
//! caller.
//!
//! Accounts are written through their own connection, without the corpus
//! writer's lock: a login must work while `xxgk ingest` runs, and SQLite
//! serialises the short account transactions with the ingest's batches.

use crate::migrations::{ensure_ours, SCHEMA_VERSION};
use crate::{Result, SqliteStore, StoreError, StoreErrorKind};
use rusqlite::{params, Connection, OptionalExtension};

/// What a user may do. Each role may do everything the ones before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads reports, findings, comparisons and the dashboard; downloads.
    Viewer,
    /// Also uploads reports and agency lists.
    Reviewer,
    /// Also manages users.
    Admin,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Reviewer, Role::Admin];

    /// The word stored and typed on the command line (`viewer`, `reviewer`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// The role named by `word` (as [`Role::as_str`] writes it).
    pub fn parse(word: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

/// A user of the web application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The user's id.
    pub id: i64,
    /// The login name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// The argon2 hash of the password, as a PHC string.
    pub password: String,
    /// A disabled user cannot log in, and their sessions and tokens stop working.
    pub disabled: bool,
}

/// A live login session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Whose session it is.
    pub user: User,
    /// The token every form of this session must carry (CSRF protection).
    pub csrf: String,
    /// When it ends, Unix seconds.
    pub expires: i64,
}

/// An API token, without its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token's id (to revoke it).
    pub id: i64,
    /// What the user called it.
    pub label: String,
    /// When it was made, Unix seconds.
    pub created: i64,
    /// When it was last used, Unix seconds.
    pub last_used: Option<i64>,
}

/// The accounts in one corpus database.
pub struct Accounts {
    conn: Connection,
}

impl Accounts {
    /// Opens the accounts of the database at `path`, creating the database
    /// and bringing its schema up to date first when it is older than this
    /// build (which takes the writer's lock for a moment).
    pub fn open(path: &str) -> Result<Accounts> {
        if !std::path::Path::new(path).exists() || schema_version(path)? < SCHEMA_VERSION {
            drop(SqliteStore::open(path)?);
        }
        let conn = Connection::open(path)?;
        ensure_ours(&conn)?;
        crate::sqlite::keep_plans(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Accounts { conn })
    }

    /// A private in-memory database with the accounts tables (tests).
    pub fn in_memory() -> Result<Accounts> {
        let mut conn = Connection::open_in_memory()?;
        crate::migrations::migrate(&mut conn)?;
        Ok(Accounts { conn })
    }

    /// Adds a user; a name already taken is refused.
    pub fn add_user(&self, name: &str, role: Role, password: &str, now: i64) -> Result<i64> {
        if self.user_by_name(name)?.is_some() {
            return Err(StoreError::new(
                StoreErrorKind::Database,
                format!("用户 {name} 已存在"),
                format!("the user {name} exists already"),
            ));
        }
        self.conn.execute(
            "INSERT INTO users (name, role, password, created) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.as_str(), password, now],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, name, role, password, disabled FROM users ORDER BY name")?;
        let rows = statement.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The user called `name`.
    pub fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, password, disabled FROM users WHERE name = ?1",
                [name],
                user_row,
            )
            .optional()?)
    }

    /// Replaces a user's password hash and ends their sessions.
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<()> {
        let user = self.existing(name)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET password = ?1 WHERE id = ?2",
            params![password, user.id],
        )?;
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user.id])?;
        tx.commit()?;
        Ok(())
    }

    /// Changes a user's role.
    pub fn set_role(&self, name: &str, role: Role) -> Result<()> {
        let user = self.existing(name)?;
        self.conn.execute(
            "UPDATE users SET role = ?1 WHERE id = ?2",
            params![role.as_str(), user.id],
        )?;
        Ok(())
    }

    /// Disables or re-enables a user; disabling ends their sessions.
    pub fn set_disabled(&mut self, name: &str, disabled: bool) -> Result<()> {
        let user = self.existing(name)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET disabled = ?1 WHERE id = ?2",
            params![disabled, user.id],
        )?;
        if disabled {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user.id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Starts a session for `user_id`, known by the hash of its secret.
    pub fn start_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf: &str,
        now: i64,
        expires: i64,
    ) -> Result<()> {
        // Ended sessions are cleared as new ones start: the table stays small.
        self.conn
            .execute("DELETE FROM sessions WHERE expires <= ?1", [now])?;
        self.conn.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created, expires)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_hash, user_id, csrf, now, expires],
        )?;
        Ok(())
    }

    /// The live session whose secret hashes to `token_hash`, if any (an
    /// expired session or a disabled user's is none).
    pub fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT u.id, u.name, u.role, u.password, u.disabled, s.csrf, s.expires
               FROM sessions s JOIN users u ON u.id = s.user_id
              WHERE s.token_hash = ?1 AND s.expires > ?2 AND u.disabled = 0",
        )?;
        Ok(statement
            .query_row(params![token_hash, now], |r| {
                Ok(Session {
                    user: user_row(r)?,
                    csrf: r.get(5)?,
                    expires: r.get(6)?,
                })
            })
            .optional()?)
    }

    /// Ends a session (logout).
    pub fn end_session(&self, token_hash: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Stores a new API token of `user_id`, known by the hash of its secret.
    pub fn add_token(&self, user_id: i64, label: &str, token_hash: &str, now: i64) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO api_tokens (token_hash, user_id, label, created) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user_id, label, now],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The user whose live token hashes to `token_hash` (a disabled user's
    /// tokens do not work); records the use.
    pub fn token_user(&self, token_hash: &str, now: i64) -> Result<Option<User>> {
        let user = self
            .conn
            .query_row(
                "SELECT u.id, u.name, u.role, u.password, u.disabled
                   FROM api_tokens t JOIN users u ON u.id = t.user_id
                  WHERE t.token_hash = ?1 AND u.disabled = 0",
                [token_hash],
                user_row,
            )
            .optional()?;
        if user.is_some() {
            self.conn.execute(
                "UPDATE api_tokens SET last_used = ?1 WHERE token_hash = ?2",
                params![now, token_hash],
            )?;
        }
        Ok(user)
    }

    /// A user's tokens, newest first.
    pub fn tokens(&self, user_id: i64) -> Result<Vec<Token>> {
        let mut statement = self.conn.prepare(
            "SELECT id, label, created, last_used FROM api_tokens
              WHERE user_id = ?1 ORDER BY id DESC",
        )?;
        let rows = statement.query_map([user_id], |r| {
            Ok(Token {
                id: r.get(0)?,
                label: r.get(1)?,
                created: r.get(2)?,
                last_used: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revokes one of `user_id`'s tokens; false when they have no such token.
    pub fn revoke_token(&self, user_id: i64, token_id: i64) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2",
            params![token_id, user_id],
        )?;
        Ok(n == 1)
    }

    fn existing(&self, name: &str) -> Result<User> {
        self.user_by_name(name)?.ok_or_else(|| {
            StoreError::new(
                StoreErrorKind::NotFound,
                format!("没有名为 {name} 的用户"),
                format!("no user named {name}"),
            )
        })
    }
}

fn schema_version(path: &str) -> Result<u32> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        // The column's CHECK admits only the three words.
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        password: r.get(3)?,
        disabled: r.get(4)?,
    })
}

//! Checkpoints of the write-ahead log on a thread of their own.
//!
//! In WAL mode SQLite copies the log back into the database (a checkpoint)
//! on the connection that commits, once the log holds 1,000 pages, and syncs
//! both files to disk there (`synchronous = NORMAL` syncs nowhere else). A
//! batch writer then waits for the disk at every checkpoint: on the 2-core
//! machine, a fifth of a fresh `ingest`'s wall time (measured with
//! `synchronous = OFF`, which skips the syncs and is not safe).
//!
//! A [`Checkpointer`] takes that work off the writer: the writer's connection
//! no longer checkpoints; after a commit that leaves the log at 1,000 pages
//! or more, it nudges a thread holding a second connection to the same file,
//! which runs a passive checkpoint (it takes no lock the writer waits for).
//! The syncs are the same, so what a crash or a power loss can lose is the
//! same; they only happen beside the writer instead of in its way.
//!
//! A log that keeps growing (the checkpoints cannot keep up, or fail) is
//! checkpointed by the writer itself past [`WRITER_TAKES_OVER`] pages, as
//! SQLite would have done, so the log stays bounded.

use crate::Result;
use rusqlite::Connection;
use std::sync::mpsc;
use std::thread::JoinHandle;

/// The log's size, in pages, at which a checkpoint is asked for: SQLite's
/// own default (`wal_autocheckpoint`).
const CHECKPOINT_AT: i32 = 1_000;

/// The log's size, in pages (31 MiB of 4 KiB pages), past which the writer
/// checkpoints on its own connection, waiting for it. SQLite starts the log
/// over only when a checkpoint has copied all of it before the next write
/// begins, which a writer that never pauses does not leave time for.
const WRITER_TAKES_OVER: i32 = 8 * CHECKPOINT_AT;

/// The thread that checkpoints a database's log while its writer goes on.
/// Dropping it lets the thread finish the checkpoint it is running and joins
/// it.
pub(crate) struct Checkpointer {
    nudge: mpsc::SyncSender<Ask>,
    thread: Option<JoinHandle<()>>,
}

/// What the checkpoint thread is asked.
enum Ask {
    Checkpoint,
    /// A checkpoint while the writer waits, then word of it: with the writer
    /// paused the checkpoint copies the whole log, and the writer's next
    /// transaction starts it over.
    CheckpointWhileWaiting(mpsc::SyncSender<()>),
    Stop,
}

impl Checkpointer {
    /// Opens a second connection to `path` on a new thread and hooks `writer`
    /// so that its commits ask that thread for checkpoints.
    pub(crate) fn start(path: &str, writer: &mut Connection) -> Result<Checkpointer> {
        let checkpoints = Connection::open(path)?;
        // A passive checkpoint never waits for a lock, but opening reads the
        // schema, which may meet the writer's lock for a moment.
        checkpoints.busy_timeout(std::time::Duration::from_secs(30))?;
        // One nudge waiting is enough: a checkpoint copies all of the log.
        let (nudge, nudges) = mpsc::sync_channel::<Ask>(1);
        let thread = std::thread::Builder::new()
            .name("xxgk-checkpoint".into())
            .spawn(move || {
                // The hook holds a sender as long as the writer's connection
                // lives, so the thread stops when asked, not when the channel
                // closes.
                let checkpoint = || {
                    // A failed passive checkpoint leaves the pages in the log,
                    // where every reader finds them, for the next one.
                    let _ = checkpoints.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                };
                loop {
                    match nudges.recv() {
                        Ok(Ask::Checkpoint) => checkpoint(),
                        Ok(Ask::CheckpointWhileWaiting(done)) => {
                            checkpoint();
                            let _ = done.send(());
                        }
                        Ok(Ask::Stop) | Err(_) => break,
                    }
                }
            })
            .map_err(|e| {
                crate::StoreError::new(
                    crate::StoreErrorKind::Database,
                    format!("无法启动写前日志的检查点线程：{e}"),
                    format!("cannot start the thread that checkpoints the write-ahead log: {e}"),
                )
            })?;
        let hook_nudge = nudge.clone();
        // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
        writer.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= WRITER_TAKES_OVER {
                // Waits as SQLite's own checkpoint would. The thread runs
                // one checkpoint at a time, so the writer's could not run
                // beside it; and an error would fail the commit just made.
                let (done, wait) = mpsc::sync_channel(1);
                if hook_nudge.send(Ask::CheckpointWhileWaiting(done)).is_ok() {
                    let _ = wait.recv();
                }
            } else if pages >= CHECKPOINT_AT {
                // Full: a nudge is waiting already.
                let _ = hook_nudge.try_send(Ask::Checkpoint);
            }
            Ok(())
        }))?;
        Ok(Checkpointer {
            nudge,
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Waits while a nudge is pending; fails only if the thread is gone.
        let _ = self.nudge.send(Ask::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sqlite::SqliteStore;
    use std::time::{Duration, Instant};

    fn size(path: &std::path::Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    /// A writer's commits fill the log; the thread copies it into the
    /// database while the writer is still open, and the last connection to
    /// close leaves no log behind.
    #[test]
    fn the_log_is_copied_into_the_database_beside_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let wal = dir.path().join("corpus.db-wal");
        let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
        store
            .conn
            .execute_batch("CREATE TABLE scratch (bytes BLOB NOT NULL)")
            .unwrap();
        let before = size(&path);
        // 600 commits of 100 KiB without a pause: 15,000 pages, twice what
        // the writer lets the log grow to.
        for _ in 0..600 {
            store
                .conn
                .execute("INSERT INTO scratch (bytes) VALUES (zeroblob(102400))", [])
                .unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while size(&path) < before + 10 * 1024 * 1024 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            size(&path) >= before + 10 * 1024 * 1024,
            "the database grew only to {} bytes while the writer was open",
            size(&path)
        );
        // The log was started over rather than grown to hold all 60 MiB.
        let bound = (super::WRITER_TAKES_OVER as u64 + 100) * 4096;
        assert!(size(&wal) < bound, "log of {} bytes", size(&wal));
        drop(store);
        assert!(!wal.exists(), "the log outlived the last connection");
        let conn = rusqlite::Connection::open(&path).unwrap();
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM scratch", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 600);
    }
}

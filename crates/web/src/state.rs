//! What every request shares: the database, read through a small pool of
//! read-only connections on tokio's blocking threads (SQLite calls block), and
//! the accounts.
//!
//! Reading never takes the corpus writer's lock, so pages work while
//! `xxgk ingest` or an upload writes (WAL: readers see the last commit).

use crate::{Config, WebError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use xxgk_corpus::stats::Cube;
use xxgk_model::Lang;
use xxgk_store::accounts::Accounts;
use xxgk_store::{Facets, ReportFilter, ReportPage, SqliteStore, Store};

/// Read connections kept open between requests; more are opened under load
/// and closed after.
const POOL: usize = 8;

/// The state of the running application.
pub struct AppState {
    /// How the server was started.
    pub config: Config,
    db: String,
    readers: Mutex<Vec<SqliteStore>>,
    accounts: Mutex<Accounts>,
    lists: Mutex<ListCache>,
    cube: Mutex<Option<(u64, Arc<Cube>)>>,
    memo: Mutex<Memo>,
    /// The upload jobs (see [`crate::jobs`]).
    pub jobs: crate::jobs::Jobs,
}

/// Pages of the report list already computed for the current data: counting
/// a filter's reports scans an index of the whole corpus, and the same pages
/// (the first, the usual filters) are asked for again and again. Cleared when
/// the data changes (its generation), bounded in size.
#[derive(Default)]
struct ListCache {
    generation: u64,
    facets: Option<Facets>,
    pages: HashMap<(ReportFilter, u64, u64), ReportPage>,
}

/// Results of [`AppState::memo`] for the current data generation.
#[derive(Default)]
struct Memo {
    generation: u64,
    entries: HashMap<String, Arc<dyn std::any::Any + Send + Sync>>,
}

/// Entries kept by [`AppState::memo`].
const MEMO_ENTRIES: usize = 256;

/// Pages kept in the list cache.
const CACHED_PAGES: usize = 1024;

impl AppState {
    /// Opens the database of `config` (created and brought up to date if needed).
    pub fn open(config: Config) -> Result<AppState, WebError> {
        let db = config.db.to_string_lossy().into_owned();
        let accounts = Accounts::open(&db)?;
        let first = SqliteStore::open_read_only(&db)?;
        Ok(AppState {
            jobs: crate::jobs::Jobs::new(&db),
            config,
            db,
            readers: Mutex::new(vec![first]),
            accounts: Mutex::new(accounts),
            lists: Mutex::new(ListCache::default()),
            cube: Mutex::new(None),
            memo: Mutex::new(Memo::default()),
        })
    }

    /// What a page computed from the whole corpus for `key` (its query), kept
    /// until the data changes: the dashboard's sums over ten thousand
    /// reports take a fifth of a second, and office colleagues open the same
    /// views. Bounded in size; two requests racing for a key both compute.
    pub fn memo<T, F>(&self, store: &dyn Store, key: String, compute: F) -> Result<Arc<T>, WebError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Result<T, WebError>,
    {
        let generation = store.generation()?;
        {
            let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
            if memo.generation != generation {
                *memo = Memo {
                    generation,
                    ..Memo::default()
                };
            }
            if let Some(found) = memo.entries.get(&key) {
                if let Ok(value) = Arc::clone(found).downcast::<T>() {
                    return Ok(value);
                }
            }
        }
        let value = Arc::new(compute()?);
        let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
        if memo.generation == generation {
            if memo.entries.len() >= MEMO_ENTRIES {
                memo.entries.clear();
            }
            let erased: Arc<dyn std::any::Any + Send + Sync> = value.clone();
            memo.entries.insert(key, erased);
        }
        Ok(value)
    }

    /// The corpus's statistics summed by year, region and level
    /// ([`Cube`]), computed once per data generation: it reads every
    /// report's cells, which for a large corpus takes seconds, and the
    /// dashboard and its drill-down ask for it on every view. One
    /// computation at a time: a request that comes while it runs waits for
    /// its result instead of starting another. Levels are the Chinese names,
    /// so that links mean the same in both languages.
    pub fn cube(&self, store: &dyn Store) -> Result<Arc<Cube>, WebError> {
        let generation = store.generation()?;
        let mut cached = self.cube.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, cube)) = cached.as_ref() {
            if *at == generation {
                return Ok(Arc::clone(cube));
            }
        }
        // The old cube goes before the new one is built: two at once would
        // double the memory it takes.
        *cached = None;
        let cube = Arc::new(Cube::build(store, Lang::Zh)?);
        *cached = Some((generation, Arc::clone(&cube)));
        Ok(cube)
    }

    /// Keeps [`AppState::cube`] current in the background, so that the
    /// first view of the dashboard after a change (an ingest, an upload, a
    /// restart) does not wait seconds for it: every `every`, when the data
    /// changed and has stayed the same since the previous look (an ingest
    /// changes it at every batch it writes), the cube is summed again.
    /// Errors are left to the pages, which report them.
    pub async fn keep_cube_current(self: Arc<Self>, every: std::time::Duration) {
        let mut seen: Option<u64> = None;
        loop {
            let state = Arc::clone(&self);
            let looked = self
                .read(move |store| {
                    let generation = store.generation()?;
                    if seen == Some(generation) && !state.cube_is_of(generation) {
                        state.cube(store)?;
                    }
                    Ok(generation)
                })
                .await;
            if let Ok(generation) = looked {
                seen = Some(generation);
            }
            tokio::time::sleep(every).await;
        }
    }

    /// True when the cube kept is that of data generation `generation`.
    pub fn cube_is_of(&self, generation: u64) -> bool {
        let cached = self.cube.lock().unwrap_or_else(|p| p.into_inner());
        cached.as_ref().is_some_and(|(at, _)| *at == generation)
    }

    /// The filter values and one page of the report list, from the cache
    /// when the data has not changed since they were computed.
    pub fn report_page(
        &self,
        store: &dyn Store,
        filter: &ReportFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Facets, ReportPage), WebError> {
        let generation = store.generation()?;
        let key = (filter.clone(), offset, limit);
        {
            let mut cache = self.lists.lock().unwrap_or_else(|p| p.into_inner());
            if cache.generation != generation {
                *cache = ListCache {
                    generation,
                    ..ListCache::default()
                };
            }
            if let (Some(facets), Some(page)) = (&cache.facets, cache.pages.get(&key)) {
                return Ok((facets.clone(), page.clone()));
            }
        }
        let facets = store.facets()?;
        let page = store.report_page(filter, offset, limit)?;
        let mut cache = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        if cache.generation == generation {
            if cache.pages.len() >= CACHED_PAGES {
                cache.pages.clear();
            }
            cache.facets = Some(facets.clone());
            cache.pages.insert(key, page.clone());
        }
        Ok((facets, page))
    }

    /// The database file.
    pub fn db(&self) -> &str {
        &self.db
    }

    /// Runs `work` with a read-only store on a blocking thread.
    pub async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, WebError> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || {
            let store = state.take_reader()?;
            let result = work(&store);
            state.give_back(store);
            result
        })
        .await
    }

    /// Runs `work` with the accounts on a blocking thread.
    pub async fn accounts<T, F>(self: &Arc<Self>, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Accounts) -> Result<T, WebError> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || {
            // A poisoned lock only means another request panicked while
            // holding it; the connection itself is still sound.
            let mut accounts = state
                .accounts
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            work(&mut accounts)
        })
        .await
    }

    /// A pooled reader, or a new one. A pooled reader opened before the data
    /// changed (an ingest since) is replaced: it caches the cell paths it
    /// knew at opening.
    fn take_reader(&self) -> Result<SqliteStore, WebError> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .pop();
        if let Some(store) = pooled {
            if store.is_current()? {
                return Ok(store);
            }
        }
        Ok(SqliteStore::open_read_only(&self.db)?)
    }

    fn give_back(&self, store: SqliteStore) {
        let mut readers = self
            .readers
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if readers.len() < POOL {
            readers.push(store);
        }
    }
}

/// Runs blocking `work` on tokio's blocking threads; a panic in it becomes a
/// 500 with a message, not a dead connection.
pub async fn blocking<T, F>(work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, WebError> + Send + 'static,
{
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(WebError::internal(
            "服务器内部错误：处理请求时程序崩溃，请报告此问题",
            "internal error: the server crashed handling this request; please report it",
        ))
    })
}

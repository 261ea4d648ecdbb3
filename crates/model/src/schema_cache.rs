//! Values derived once from a static schema (a list of row definitions) and kept
//! for the life of the process: compiled label matchers, cell paths. There are
//! only a handful of schemas, so each value is built once and leaked on purpose.

use crate::labels::RowDef;
use std::any::{Any, TypeId};
use std::sync::{Mutex, OnceLock};

type Entry = (TypeId, usize, &'static (dyn Any + Send + Sync));

/// The `T` built from `defs` by `build`, built on first use only.
pub fn derived<T: Any + Send + Sync>(
    defs: &'static [RowDef],
    build: impl FnOnce() -> T,
) -> &'static T {
    static CACHE: OnceLock<Mutex<Vec<Entry>>> = OnceLock::new();
    let key = (TypeId::of::<T>(), defs.as_ptr() as usize);
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(value) = cache
        .iter()
        .find(|(t, d, _)| (*t, *d) == key)
        .and_then(|(_, _, v)| v.downcast_ref::<T>())
    {
        return value;
    }
    let value: &'static T = Box::leak(Box::new(build()));
    cache.push((key.0, key.1, value));
    value
}

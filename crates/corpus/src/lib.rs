//! A corpus of annual reports: many bodies, many years, in one store.
//!
//! - [`agencies`]: the user's agency list (name, region, level, parent);
//! - [`ingest`]: reading, extracting and checking files on all cores into a
//!   [`xxgk_store::Store`], idempotently; re-extraction by a newer extractor;
//! - [`cross`]: the corpus pass — body identity ([`xxgk_check::body`]),
//!   cross-report rules, text
//!   similarity, parent = Σ children;
//! - [`stats`], [`coverage`], [`compare`]: the questions people ask of a corpus.

pub mod agencies;
pub mod compare;
pub mod coverage;
pub mod cross;
pub mod ingest;
pub mod stats;

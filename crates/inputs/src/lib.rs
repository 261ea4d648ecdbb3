//! The inputs of a batch: the report files under the paths a user names, read
//! safely, and work mapped over them on all cores. `xxgk check`, `extract` and
//! `ingest` share it so that they see the same files in the same order and fail
//! on them the same way.
//!
//! - [`expand`] and [`read`]: paths → files to read (folders walked in name
//!   order), and one file's bytes with its size and kind checked;
//! - [`guarded`]: a crash on one input becomes that input's error;
//! - [`for_each_ordered`]: work on all cores, results in input order and in
//!   bounded memory (output, and what ingest stores).

mod parallel;
mod walk;

pub use parallel::for_each_ordered;
pub use walk::{expand, guarded, io_error, read, Input};

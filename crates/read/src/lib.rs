//! Reading report sources: bytes → decoded text → folded text with a map back to
//! the original → lines of cells ([`Document`]). The extractor works on documents.

pub mod decode;
mod error;
pub mod fold;
pub mod layout;

pub use decode::{decode, Decoded};
pub use error::{ErrorKind, ReadError};
pub use layout::{Cell, Document, Dropped, Line, LineKind, Separator};

//! What `check` prints beyond the findings — the whole report for `json`, the
//! text its spans index for `full` — set aside in a temporary file while the
//! batch waits for the cross-report rules: memory does not grow with the batch,
//! and nothing is extracted twice. The file is unnamed and goes when the run
//! ends.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where one text was set aside.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kept {
    at: u64,
    len: usize,
}

/// The temporary file, or none when one could not be made (every text is then
/// read again from its input, as before).
pub(crate) struct Spill {
    file: Option<Mutex<File>>,
    len: u64,
}

impl Spill {
    /// A new, empty spill in the system's temporary folder.
    pub(crate) fn new() -> Spill {
        Spill {
            file: tempfile::tempfile().ok().map(Mutex::new),
            len: 0,
        }
    }

    /// Sets `text` aside; `None` when it could not be written (a full disk):
    /// the caller falls back to reading the input again.
    pub(crate) fn put(&mut self, text: &str) -> Option<Kept> {
        let file = self.file.as_mut()?.get_mut().ok()?;
        file.seek(SeekFrom::Start(self.len)).ok()?;
        file.write_all(text.as_bytes()).ok()?;
        let kept = Kept {
            at: self.len,
            len: text.len(),
        };
        self.len += text.len() as u64;
        Some(kept)
    }

    /// The text set aside at `kept`; `None` when it cannot be read back.
    pub(crate) fn get(&self, kept: Kept) -> Option<String> {
        let mut file = self.file.as_ref()?.lock().ok()?;
        file.seek(SeekFrom::Start(kept.at)).ok()?;
        let mut bytes = vec![0; kept.len];
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_were_set_aside() {
        let mut spill = Spill::new();
        let a = spill.put("表三 总计\t12\n").unwrap();
        let b = spill.put("").unwrap();
        let c = spill.put("{\"report\":null}").unwrap();
        assert_eq!(spill.get(c).unwrap(), "{\"report\":null}");
        assert_eq!(spill.get(a).unwrap(), "表三 总计\t12\n");
        assert_eq!(spill.get(b).unwrap(), "");
    }
}

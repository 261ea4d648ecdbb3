//! What `check` keeps of each report while the batch waits for the
//! cross-report rules — the report cut down to what they and the findings need,
//! the findings, and what `full` (the text) and `json` (the whole report) print
//! besides — set aside in a temporary file as each input is extracted, so that
//! memory does not grow with the batch and nothing is extracted twice. The file
//! is unnamed and goes when the run ends.
//!
//! Workers write to it at the same time: each reserves its region with one
//! atomic addition and writes there with positioned I/O, so no lock is held.

use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where one piece was set aside.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kept {
    at: u64,
    len: usize,
}

/// The temporary file, or none when one could not be made (the caller then
/// keeps what it would have set aside in memory, as before).
pub(crate) struct Spill {
    file: Option<File>,
    len: AtomicU64,
}

impl Spill {
    /// A new, empty spill in the system's temporary folder.
    pub(crate) fn new() -> Spill {
        Spill {
            file: tempfile::tempfile().ok(),
            len: AtomicU64::new(0),
        }
    }

    /// A spill without a file, as when none can be made: nothing is set
    /// aside.
    #[cfg(test)]
    pub(crate) fn in_memory() -> Spill {
        Spill {
            file: None,
            len: AtomicU64::new(0),
        }
    }

    /// Whether pieces are set aside in a file.
    #[cfg(test)]
    pub(crate) fn is_file(&self) -> bool {
        self.file.is_some()
    }

    /// Sets `bytes` aside; `None` when they could not be written (no
    /// temporary file, a full disk): the caller keeps them another way.
    pub(crate) fn put(&self, bytes: &[u8]) -> Option<Kept> {
        let file = self.file.as_ref()?;
        let at = self.len.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        write_all_at(file, bytes, at).ok()?;
        Some(Kept {
            at,
            len: bytes.len(),
        })
    }

    /// The bytes set aside at `kept`.
    pub(crate) fn get(&self, kept: Kept) -> io::Result<Vec<u8>> {
        let file = self.file.as_ref().ok_or(io::ErrorKind::NotFound)?;
        let mut bytes = vec![0; kept.len];
        read_exact_at(file, &mut bytes, kept.at)?;
        Ok(bytes)
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => {
                bytes = &bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text set aside at `kept`.
    fn text(spill: &Spill, kept: Kept) -> String {
        String::from_utf8(spill.get(kept).unwrap()).unwrap()
    }

    #[test]
    fn texts_come_back_as_they_were_set_aside() {
        let spill = Spill::new();
        let a = spill.put("表三 总计\t12\n".as_bytes()).unwrap();
        let b = spill.put(b"").unwrap();
        let c = spill.put(b"{\"report\":null}").unwrap();
        assert_eq!(text(&spill, c), "{\"report\":null}");
        assert_eq!(text(&spill, a), "表三 总计\t12\n");
        assert_eq!(text(&spill, b), "");
    }

    #[test]
    fn writers_on_several_threads_each_get_their_own_region() {
        let spill = Spill::new();
        let kept: Vec<(usize, Kept)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|t| {
                    let spill = &spill;
                    scope.spawn(move || {
                        (0..200)
                            .map(|i| {
                                (
                                    t * 1000 + i,
                                    spill.put(format!("{t}:{i};").as_bytes()).unwrap(),
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        for (n, kept) in kept {
            assert_eq!(text(&spill, kept), format!("{}:{};", n / 1000, n % 1000));
        }
    }
}

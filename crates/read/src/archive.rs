//! Bounded inflation of ZIP archives (DOCX, XLSX): a report's package is a few
//! hundred kilobytes, so a part that inflates past a limit is a ZIP bomb, and
//! is refused (`too-large`) before anything holds it in memory. Declared sizes
//! are never trusted: what is counted is what the decompressor produces.

use crate::error::{byte_count, ErrorKind, ReadError};
use std::io::{self, Read};

/// Parts larger than this when uncompressed are refused: far above any real
/// report's part, far below what would exhaust a machine.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Entries an archive of reports (a ZIP uploaded to `xxgk serve`) may hold.
pub const MAX_ARCHIVE_ENTRIES: usize = 10_000;

/// The uncompressed bytes of all the entries of an archive of reports
/// together: four of the largest parts.
pub const MAX_ARCHIVE_BYTES: u64 = 4 * MAX_PART_BYTES;

/// The largest ratio of uncompressed to compressed size an entry over 1 MiB
/// may declare: text reports compress about 10:1, a ZIP bomb's entries
/// a thousand to one.
pub const MAX_INFLATION_RATIO: u64 = 200;

/// Reads the uncompressed bytes of `entry`, never more than `limit` of them.
pub fn read_capped(
    entry: impl Read,
    declared: u64,
    container: &str,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    if declared > limit {
        return Err(part_too_large(container, name, declared, limit));
    }
    let mut bytes = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_inflate(container, name, e))?;
    if bytes.len() as u64 > limit {
        return Err(part_too_large(container, name, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Inflates every entry of the archive in `bytes` into nothing, counting, and
/// refuses it when one entry is over `max_part` or all of them together are
/// over `max_total` bytes. For readers (such as the XLSX one) that inflate the
/// archive themselves and would otherwise hold a bomb in memory.
pub fn check_inflated_sizes(
    bytes: &[u8],
    container: &str,
    max_part: u64,
    max_total: u64,
) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(|e| {
        ReadError::new(
            ErrorKind::Corrupt,
            format!("{container} 文件不是完整的 ZIP 文件（{e}）"),
            format!("the {container} file is not a complete ZIP archive ({e})"),
        )
        .with_source(e)
    })?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|e| {
            ReadError::new(
                ErrorKind::Corrupt,
                format!(
                    "{container} 文件已损坏：无法打开第 {} 个部件（{e}）",
                    index + 1
                ),
                format!(
                    "the {container} file is corrupt: cannot open part {} ({e})",
                    index + 1
                ),
            )
            .with_source(e)
        })?;
        let name = entry.name().to_string();
        if entry.size() > max_part {
            return Err(part_too_large(container, &name, entry.size(), max_part));
        }
        let inflated = io::copy(&mut entry.take(max_part + 1), &mut io::sink())
            .map_err(|e| cannot_inflate(container, &name, e))?;
        if inflated > max_part {
            return Err(part_too_large(container, &name, inflated, max_part));
        }
        total += inflated;
        if total > max_total {
            return Err(ReadError::new(
                ErrorKind::TooLarge,
                format!(
                    "{container} 文件解压后超过 {} 字节的上限（到部件 {name} 为止已有 {} 字节）",
                    byte_count(max_total),
                    byte_count(total)
                ),
                format!(
                    "the {container} file inflates past the limit of {} bytes ({} bytes up to the part {name})",
                    byte_count(max_total),
                    byte_count(total)
                ),
            ));
        }
    }
    Ok(())
}

/// A part over the limit. `size` is the exact size when known (declared and
/// refused before inflating), `limit + 1` when inflating was stopped at the
/// limit: then the message says "more than" the limit.
pub fn part_too_large(container: &str, name: &str, size: u64, limit: u64) -> ReadError {
    let limit_text = byte_count(limit);
    let (zh, en) = if size > limit + 1 {
        let size = byte_count(size);
        (
            format!("{container} 部件 {name} 解压后为 {size} 字节，上限为 {limit_text} 字节"),
            format!("the {container} part {name} is {size} bytes uncompressed; the limit is {limit_text} bytes"),
        )
    } else {
        (
            format!("{container} 部件 {name} 解压后超过 {limit_text} 字节的上限"),
            format!("the {container} part {name} is more than the limit of {limit_text} bytes uncompressed"),
        )
    };
    ReadError::new(ErrorKind::TooLarge, zh, en)
}

fn cannot_inflate(container: &str, name: &str, e: io::Error) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("{container} 文件已损坏：无法解压 {name}（{e}）"),
        format!("the {container} file is corrupt: cannot decompress {name} ({e})"),
    )
    .with_source(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn archive(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(&vec![b'x'; *size]).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_and_totals_over_their_limits_are_refused_with_exact_sizes() {
        let bytes = archive(&[("a.xml", 600), ("b.xml", 500)]);
        assert!(check_inflated_sizes(&bytes, "XLSX", 600, 1100).is_ok());
        let part = check_inflated_sizes(&bytes, "XLSX", 500, 2000).unwrap_err();
        assert_eq!(part.kind, ErrorKind::TooLarge);
        assert_eq!(
            part.message.zh,
            "XLSX 部件 a.xml 解压后为 600 字节，上限为 500 字节"
        );
        let total = check_inflated_sizes(&bytes, "XLSX", 600, 1099).unwrap_err();
        assert_eq!(
            total.message.zh,
            "XLSX 文件解压后超过 1,099 字节的上限（到部件 b.xml 为止已有 1,100 字节）"
        );
    }

    #[test]
    fn a_size_header_that_lies_is_not_believed() {
        // The reader counts what inflates, whatever the header declared.
        let data = vec![b'y'; 5000];
        let bytes = read_capped(&data[..], 10, "DOCX", "word/document.xml", 4096).unwrap_err();
        assert_eq!(
            bytes.message.zh,
            "DOCX 部件 word/document.xml 解压后超过 4,096 字节的上限"
        );
    }
}

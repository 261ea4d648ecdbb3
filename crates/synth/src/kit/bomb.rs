//! ZIP bombs for the tests of the bounded readers (DOCX, XLSX): a real
//! package whose one part is replaced by a DEFLATE stream that inflates to
//! hundreds of megabytes from a few megabytes, made in milliseconds
//! ([`zip_bomb`]), or by small XML of the caller's ([`with_part`]).
//!
//! The stream is written by hand (one literal, then back-references of 258
//! bytes at distance 1: 13 bits for every 258 bytes) rather than compressed
//! with a library, which would take seconds for the same size. The headers of
//! the part may declare its real size or lie about it: a reader must count
//! what inflates, not believe the header.

use std::io::{Cursor, Read};

/// What the headers of the bomb part declare as its uncompressed size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    /// The true size.
    Truthfully,
    /// This many bytes, whatever the part inflates to.
    Lying(u32),
}

/// `archive` with the data of the part named `part` replaced by `inflated`
/// bytes of spaces, DEFLATE-compressed to about `inflated / 160` bytes.
/// Every other part is copied unchanged (compressed bytes, CRC and sizes).
/// The bomb's CRC is left 0: no reader gets to the end of it.
///
/// Panics when `archive` is not a ZIP file or has no part `part` (the caller
/// is a test).
pub fn zip_bomb(archive: &[u8], part: &str, inflated: u32, declared: Declared) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).expect("a ZIP archive");
    let mut parts = Vec::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index_raw(index).expect("a readable part");
        let name = entry.name().to_string();
        if name == part {
            let size = match declared {
                Declared::Truthfully => inflated,
                Declared::Lying(size) => size,
            };
            parts.push(Part {
                name,
                method: 8,
                crc: 0,
                size,
                data: deflated_spaces(inflated),
            });
        } else {
            let method = match entry.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                other => panic!("{name}: compression {other:?} is not copied"),
            };
            let (crc, size) = (entry.crc32(), entry.size() as u32);
            let mut data = Vec::new();
            entry
                .read_to_end(&mut data)
                .expect("the raw bytes of a part");
            parts.push(Part {
                name,
                method,
                crc,
                size,
                data,
            });
        }
    }
    assert!(
        parts.iter().any(|p| p.name == part),
        "the archive has no part {part}"
    );
    write_zip(&parts)
}

/// `archive` with the part named `part` holding `data` instead (deflated,
/// with its true size and CRC): for sheets whose XML is small but claims a
/// huge extent, which a reader must not allocate densely.
///
/// Panics when `archive` is not a ZIP file or has no part `part`.
pub fn with_part(archive: &[u8], part: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).expect("a ZIP archive");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut found = false;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).expect("a readable part");
        let name = entry.name().to_string();
        out.start_file(name.as_str(), options).expect("a new part");
        if name == part {
            found = true;
            out.write_all(data).expect("written to memory");
        } else {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("a readable part");
            out.write_all(&bytes).expect("written to memory");
        }
    }
    assert!(found, "the archive has no part {part}");
    out.finish().expect("written to memory").into_inner()
}

struct Part {
    name: String,
    method: u16,
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

/// A ZIP file of `parts` (no ZIP64, no extra fields).
fn write_zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for part in parts {
        let offset = out.len() as u32;
        let compressed = part.data.len() as u32;
        let name = part.name.as_bytes();
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        for field in [20, 0, part.method, 0, 0x21] {
            u16le(&mut out, field); // version, flags, method, time, date
        }
        for field in [part.crc, compressed, part.size] {
            u32le(&mut out, field);
        }
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(&part.data);
        // Its central directory record.
        u32le(&mut central, 0x0201_4b50);
        for field in [20, 20, 0, part.method, 0, 0x21] {
            u16le(&mut central, field); // made by, needed, flags, method, time, date
        }
        for field in [part.crc, compressed, part.size] {
            u32le(&mut central, field);
        }
        for field in [name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, field); // name, extra, comment, disk, internal attributes
        }
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    // End of central directory.
    u32le(&mut out, 0x0605_4b50);
    for field in [0, 0, parts.len() as u16, parts.len() as u16] {
        u16le(&mut out, field);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

/// A raw DEFLATE stream (one final block, fixed Huffman codes) of `n` spaces.
pub fn deflated_spaces(n: u32) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = 01, fixed codes
    let literal = |bits: &mut Bits| bits.code(0x30 + u32::from(b' '), 8);
    let mut left = n;
    if left > 0 {
        literal(&mut bits);
        left -= 1;
    }
    while left >= 258 {
        bits.code(0xC0 + (285 - 280), 8); // length 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        literal(&mut bits);
    }
    bits.code(0, 7); // end of block (256)
    bits.finish()
}

/// DEFLATE's bit order: fields from the least significant bit, Huffman codes
/// from the most significant.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    current: u32,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.current |= ((value >> i) & 1) << self.used;
            self.used += 1;
            if self.used == 8 {
                self.out.push(self.current as u8);
                self.current = 0;
                self.used = 0;
            }
        }
    }

    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.put(reversed, length);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.current as u8);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_stream_inflates_to_exactly_that_many_spaces() {
        for n in [0, 1, 2, 258, 259, 1000, 70_000] {
            let mut inflated = Vec::new();
            flate2_inflate(&deflated_spaces(n), &mut inflated);
            assert_eq!(inflated.len(), n as usize);
            assert!(inflated.iter().all(|&b| b == b' '));
        }
    }

    /// Inflates through the zip crate (the reader the workspace uses).
    fn flate2_inflate(stream: &[u8], out: &mut Vec<u8>) {
        let part = Part {
            name: "a".into(),
            method: 8,
            crc: 0,
            size: 0,
            data: stream.to_vec(),
        };
        let bytes = write_zip(&[part]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut entry = zip.by_index(0).unwrap();
        // The CRC is 0: read what inflates, not to a checked end.
        let mut buffer = [0u8; 4096];
        loop {
            match entry.read(&mut buffer) {
                Ok(0) => break,
                Ok(k) => out.extend_from_slice(&buffer[..k]),
                Err(_) => break,
            }
        }
    }

    #[test]
    fn other_parts_are_copied_and_read_back() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("keep.xml", options).unwrap();
        zip.write_all(b"<kept/>").unwrap();
        zip.start_file("bomb.xml", options).unwrap();
        zip.write_all(b"<small/>").unwrap();
        let original = zip.finish().unwrap().into_inner();
        let bomb = zip_bomb(&original, "bomb.xml", 1 << 20, Declared::Lying(8));
        let mut zip = zip::ZipArchive::new(Cursor::new(bomb)).unwrap();
        let mut kept = String::new();
        zip.by_name("keep.xml")
            .unwrap()
            .read_to_string(&mut kept)
            .unwrap();
        assert_eq!(kept, "<kept/>");
        assert_eq!(zip.by_name("bomb.xml").unwrap().size(), 8);
    }
}

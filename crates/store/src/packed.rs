//! Packed bytes: one LZ4 block after the length and the CRC-32 of what it
//! packs. What `xxgk check` parks and caches, and (after a mark of its own,
//! see `encoded`) a stored report's JSON.
//!
//! A block, not an LZ4 frame: a frame's decoder sets up (and zeroes) 64 KB or
//! more for each frame, and most of what is packed is a few kilobytes; the
//! block and its header cost a quarter fewer instructions to pack and unpack.
//! The checksum makes damaged bytes fail to [unpack](unpack_into) rather than
//! read as other results.

use std::io;

/// Packed bytes start with the length (4 bytes) and CRC-32 (4 bytes) of what
/// they pack, little-endian.
const HEADER: usize = 8;

/// LZ4 writes at most this many bytes for one it reads (a run of one byte),
/// so a damaged length cannot make unpacking reserve more.
const MOST_LZ4_EXPANDS: usize = 255;

/// `bytes` packed: under half the size of a report's JSON.
pub fn pack(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    pack_onto(bytes, &mut out)?;
    Ok(out)
}

/// Appends `bytes` packed to `out` (after what `out` holds: a mark, say).
pub fn pack_onto(bytes: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
    let start = out.len();
    out.resize(
        start + HEADER + lz4_flex::block::get_maximum_output_size(bytes.len()),
        0,
    );
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
    out[start + 4..start + HEADER].copy_from_slice(&crc32fast::hash(bytes).to_le_bytes());
    let packed = lz4_flex::block::compress_into(bytes, &mut out[start + HEADER..])
        .map_err(io::Error::other)?;
    out.truncate(start + HEADER + packed);
    Ok(())
}

/// Packed bytes as they were before they were [packed](pack), appended to
/// `out`; an error (and `out` as it was) when they are damaged.
pub fn unpack_into(bytes: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    let damaged = || io::Error::new(io::ErrorKind::InvalidData, "damaged packed bytes");
    let (header, block) = bytes.split_at_checked(HEADER).ok_or_else(damaged)?;
    let word = |at: usize| {
        u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (len, crc) = (word(0) as usize, word(4));
    if len > block.len().saturating_mul(MOST_LZ4_EXPANDS) {
        return Err(damaged());
    }
    let start = out.len();
    out.resize(start + len, 0);
    let unpacked = lz4_flex::block::decompress_into(block, &mut out[start..]);
    if unpacked.ok() != Some(len) || crc32fast::hash(&out[start..]) != crc {
        out.truncate(start);
        return Err(damaged());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_packed_bytes_do_not_unpack() {
        let json = format!(r#"{{"总计": 3119, "text": "{}"}}"#, "x".repeat(500)).into_bytes();
        let packed = pack(&json).unwrap();
        let mut out = Vec::new();
        unpack_into(&packed, &mut out).unwrap();
        assert_eq!(out, json);
        // Any one byte changed: the header, the block or the checksum fails.
        for at in 0..packed.len() {
            let mut damaged = packed.clone();
            damaged[at] ^= 0x20;
            let mut out = b"kept".to_vec();
            let unpacked = unpack_into(&damaged, &mut out);
            assert!(
                unpacked.is_err() && out == b"kept" || out[4..] == json[..],
                "byte {at}"
            );
        }
        // Cut short anywhere: refused.
        for len in 0..packed.len() {
            assert!(
                unpack_into(&packed[..len], &mut Vec::new()).is_err(),
                "{len} bytes"
            );
        }
    }

    #[test]
    fn packed_after_a_mark_unpacks_after_it() {
        let mut out = vec![7];
        pack_onto("主动公开".repeat(100).as_bytes(), &mut out).unwrap();
        assert_eq!(out[0], 7);
        let mut unpacked = Vec::new();
        unpack_into(&out[1..], &mut unpacked).unwrap();
        assert_eq!(unpacked, "主动公开".repeat(100).as_bytes());
    }
}

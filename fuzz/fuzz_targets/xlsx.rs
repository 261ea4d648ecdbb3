//! Arbitrary bytes through the XLSX fill-in-sheet reader (`xxgk render
//! sheet.xlsx`): never a panic, never more memory than the inflation cap
//! allows; a sheet that reads computes, and writes back to a sheet that reads
//! again as the same author file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk_model::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(author) = xxgk_author::read(data, "fuzz.xlsx") else {
        return;
    };
    let _ = xxgk_author::compute(&author);
    let Ok(written) = xxgk_author::to_xlsx(&author, Lang::Zh) else {
        return;
    };
    let again = xxgk_author::read(&written, "fuzz.xlsx").expect("a sheet xxgk wrote reads");
    assert_eq!(
        xxgk_author::to_json(&again),
        xxgk_author::to_json(&author),
        "the sheet does not read back as it was written"
    );
});

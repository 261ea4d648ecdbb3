//! Text built from table vocabulary (labels, digits, separators, noise), so the
//! fuzzer spends its time inside the table scanner and the arithmetic solver
//! rather than in the decoder's refusals.
#![no_main]

use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开", "（三）不予公开", "1.属于国家秘密", "2.其他法律行政止公开", "（六）其他处理",
    "3.其他", "（七）总计", "四、结转下年度继续办理", "行政复议", "结果维持", "总计", "复议后起诉",
    "第二十条第（一）项", "信息内容", "本年制发件数", "规章", "行政许可", "政府集中采购", "万元",
    "减", "+", "-", "/", "无", "0", "1", "7", "10", "230", "000023", "17.6675", "\t", "|", "  ",
    " ", "\n", "\n|\n", "-3-", "國(guó)", "</span>", "&nbsp;", "**", "# ", "四、政府信息公开行政复议、行政诉讼情况",
];

fuzz_target!(|data: &[u8]| {
    let text: String = data.iter().map(|&b| WORDS[b as usize % WORDS.len()]).collect();
    let report = xxgk_extract::extract_text(&text, "fuzz.txt");
    for (path, printed) in &report.cells {
        assert_eq!(&text[printed.span.start..printed.span.end], printed.raw.as_str(), "{path}");
    }
});

//! Character-level noise: traditional characters with inserted pinyin, full-width
//! digits, labels broken by spaces.
//!
//! The traditional map covers every character with a traditional form in the
//! labels, headings, prose and agency names these tests print; each traditional
//! character maps back to exactly its simplified one (checked against `fast2s`,
//! which the reader uses). Characters whose traditional form depends on the word
//! (制/製, 系/係) are left alone, as a careful converter would.

use crate::rng::Rng;

/// (simplified, traditional).
const TRADITIONAL: &[(char, char)] = &[
    ('万', '萬'),
    ('业', '業'),
    ('为', '為'),
    ('举', '舉'),
    ('乡', '鄉'),
    ('于', '於'),
    ('亿', '億'),
    ('会', '會'),
    ('体', '體'),
    ('关', '關'),
    ('兴', '興'),
    ('内', '內'),
    ('决', '決'),
    ('况', '況'),
    ('减', '減'),
    ('办', '辦'),
    ('务', '務'),
    ('动', '動'),
    ('区', '區'),
    ('华', '華'),
    ('单', '單'),
    ('县', '縣'),
    ('发', '發'),
    ('号', '號'),
    ('后', '後'),
    ('国', '國'),
    ('处', '處'),
    ('复', '復'),
    ('够', '夠'),
    ('宝', '寶'),
    ('实', '實'),
    ('审', '審'),
    ('对', '對'),
    ('将', '將'),
    ('属', '屬'),
    ('岗', '崗'),
    ('峡', '峽'),
    ('庆', '慶'),
    ('废', '廢'),
    ('开', '開'),
    ('强', '強'),
    ('当', '當'),
    ('彻', '徹'),
    ('总', '總'),
    ('执', '執'),
    ('护', '護'),
    ('报', '報'),
    ('据', '據'),
    ('数', '數'),
    ('无', '無'),
    ('时', '時'),
    ('机', '機'),
    ('权', '權'),
    ('条', '條'),
    ('构', '構'),
    ('没', '沒'),
    ('泽', '澤'),
    ('现', '現'),
    ('确', '確'),
    ('稳', '穩'),
    ('类', '類'),
    ('纠', '糾'),
    ('纳', '納'),
    ('组', '組'),
    ('织', '織'),
    ('经', '經'),
    ('结', '結'),
    ('继', '繼'),
    ('续', '續'),
    ('维', '維'),
    ('缴', '繳'),
    ('罚', '罰'),
    ('范', '範'),
    ('获', '獲'),
    ('补', '補'),
    ('见', '見'),
    ('规', '規'),
    ('计', '計'),
    ('认', '認'),
    ('训', '訓'),
    ('议', '議'),
    ('许', '許'),
    ('讼', '訟'),
    ('访', '訪'),
    ('诉', '訴'),
    ('询', '詢'),
    ('说', '說'),
    ('请', '請'),
    ('质', '質'),
    ('购', '購'),
    ('贯', '貫'),
    ('贵', '貴'),
    ('费', '費'),
    ('转', '轉'),
    ('输', '輸'),
    ('过', '過'),
    ('运', '運'),
    ('还', '還'),
    ('这', '這'),
    ('进', '進'),
    ('采', '採'),
    ('铜', '銅'),
    ('镇', '鎮'),
    ('问', '問'),
    ('队', '隊'),
    ('项', '項'),
    ('题', '題'),
    ('额', '額'),
];

/// Pinyin that crawled traditional copies insert after characters (seed 002).
const PINYIN: &[(char, &str)] = &[
    ('國', "guó"),
    ('開', "kāi"),
    ('項', "xiàng"),
    ('關', "guān"),
    ('報', "bào"),
    ('數', "shù"),
    ('處', "chù"),
    ('總', "zǒng"),
    ('計', "jì"),
    ('請', "qǐng"),
    ('務', "wù"),
    ('縣', "xiàn"),
    ('鎮', "zhèn"),
    ('規', "guī"),
    ('結', "jié"),
    ('轉', "zhuǎn"),
    ('議', "yì"),
    ('訟', "sòng"),
    ('訴', "sù"),
    ('審', "shěn"),
    ('維', "wéi"),
    ('糾', "jiū"),
    ('費', "fèi"),
    ('購', "gòu"),
    ('辦', "bàn"),
    ('況', "kuàng"),
    ('類', "lèi"),
    ('機', "jī"),
];

/// The traditional form of one character (itself when it has none here).
pub fn traditional_char(c: char) -> char {
    TRADITIONAL
        .iter()
        .find(|(s, _)| *s == c)
        .map_or(c, |&(_, t)| t)
}

/// Converts `text` to traditional characters; with `pinyin`, about half of the
/// characters that have an entry in `PINYIN` get their reading after them.
pub fn traditional(text: &str, pinyin: bool, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars().map(traditional_char) {
        out.push(c);
        if !pinyin {
            continue;
        }
        if let Some((_, reading)) = PINYIN.iter().find(|(t, _)| *t == c) {
            if rng.chance(0.5) {
                out.push('(');
                out.push_str(reading);
                out.push(')');
            }
        }
    }
    out
}

/// ASCII digits and decimal point → full-width (１２．５).
pub fn full_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Breaks a label with single spaces between Chinese characters: a short label
/// letter by letter (自 然 人), a long one once (本年新 制作数量), as table cells
/// that were wrapped or justified come out of PDFs.
pub fn spaced(label: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = label.chars().collect();
    let gaps: Vec<usize> = (1..chars.len())
        .filter(|&i| is_cjk(chars[i - 1]) && is_cjk(chars[i]))
        .collect();
    if gaps.is_empty() {
        return label.to_string();
    }
    let chosen: Vec<usize> = if chars.len() <= 4 {
        gaps
    } else {
        vec![*rng.pick(&gaps)]
    };
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if chosen.contains(&i) {
            out.push(' ');
        }
        out.push(*c);
    }
    out
}

//! 信息处理费, as 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)
//! fixes it. Both standards are progressive on the excess (超额累进, 第三条),
//! and one request is charged by one standard only, never both.
//!
//! **By count** (按件计收, 第四条), per applicant per natural month:
//! (一) up to 10 requests (10 included): free; (二) the part from the 11th to
//! the 30th: 100 元 each; (三) the part from the 31st on: in tiers of 10
//! requests, the rate rises by 100 元 each for every further tier — 31st–40th
//! 200 元, 41st–50th 300 元, and so on. The n-th request of the month costs
//! [`per_request`]`(n)`; a month of `n` requests costs [`by_count`]`(n)`.
//!
//! **By pages** (按量计收, 第五条), per request: (一) up to 30 pages: free;
//! (二) the part from page 31 to 100: 10 元 a page; (三) the part from 101 to
//! 200: 20 元 a page; (四) the part from page 201 on: 40 元 a page.
//!
//! Worked examples: a request of 130 pages costs 70 × 10 + 30 × 20 = 1 300 元
//! (pages 31–100 and 101–130); one of 250 pages costs 70 × 10 + 100 × 20 +
//! 50 × 40 = 4 700 元. An applicant's 35th request in a month costs 200 元, and
//! the month's 35 requests together cost 20 × 100 + 5 × 200 = 3 000 元.
//!
//! A fee not paid within 20 working days of the notice ends the request
//! (table 3 row （六）2, see [`crate::case::FEE_PAYMENT_DAYS`]).

use serde::{Deserialize, Serialize};
use xxgk_model::Lang;

/// Which standard a fee was charged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum FeeBasis {
    /// By count: the request is the `nth` of this applicant in the month.
    Count {
        /// Its position among the applicant's requests of the natural month (1-based).
        nth: u32,
    },
    /// By pages: the request's answer has `pages` pages.
    Pages {
        /// Pages provided.
        pages: u32,
    },
}

impl FeeBasis {
    /// `第 35 件（按件计收）`, `130 页（按量计收）`.
    pub fn describe(self, lang: Lang) -> String {
        match (self, lang) {
            (FeeBasis::Count { nth }, Lang::Zh) => format!("当月第 {nth} 件（按件计收）"),
            (FeeBasis::Pages { pages }, Lang::Zh) => format!("{pages} 页（按量计收）"),
            (FeeBasis::Count { nth }, Lang::En) => {
                format!("request no. {nth} of the month (by count)")
            }
            (FeeBasis::Pages { pages }, Lang::En) => format!("{pages} pages (by pages)"),
        }
    }
}

/// The fee for one request by its basis, in 元.
pub fn amount(basis: FeeBasis) -> u32 {
    match basis {
        FeeBasis::Count { nth } => per_request(nth),
        FeeBasis::Pages { pages } => by_pages(pages),
    }
}

/// What the `nth` request of an applicant in a natural month costs, in 元.
pub fn per_request(nth: u32) -> u32 {
    match nth {
        0..=10 => 0,
        11..=30 => 100,
        n => 100 + 100 * ((n - 31) / 10 + 1),
    }
}

/// What `count` requests of one applicant in one natural month cost together, in 元.
pub fn by_count(count: u32) -> u32 {
    (1..=count).map(per_request).sum()
}

/// What a request of `pages` pages costs, in 元.
pub fn by_pages(pages: u32) -> u32 {
    let band = |from: u32, to: u32| pages.min(to).saturating_sub(from - 1);
    band(31, 100) * 10 + band(101, 200) * 20 + band(201, u32::MAX) * 40
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_count_follows_the_tiers() {
        assert_eq!(per_request(10), 0);
        assert_eq!(per_request(11), 100);
        assert_eq!(per_request(30), 100);
        assert_eq!(per_request(31), 200);
        assert_eq!(per_request(40), 200);
        assert_eq!(per_request(41), 300);
        assert_eq!(per_request(51), 400);
        assert_eq!(by_count(10), 0);
        assert_eq!(by_count(11), 100);
        assert_eq!(by_count(30), 2_000);
        assert_eq!(by_count(35), 3_000);
        assert_eq!(by_count(50), 2_000 + 10 * 200 + 10 * 300);
    }

    #[test]
    fn by_pages_is_progressive_on_the_excess() {
        assert_eq!(by_pages(0), 0);
        assert_eq!(by_pages(30), 0);
        assert_eq!(by_pages(31), 10);
        assert_eq!(by_pages(100), 700);
        assert_eq!(by_pages(101), 720);
        assert_eq!(by_pages(130), 1_300);
        assert_eq!(by_pages(200), 2_700);
        assert_eq!(by_pages(201), 2_740);
        assert_eq!(by_pages(250), 4_700);
    }
}

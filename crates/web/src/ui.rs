//! The language of a page and what every page shares (the user, the
//! navigation, the CSRF token for its forms).
//!
//! Chinese by default — the users read Chinese; `?lang=en` switches to
//! English and a cookie keeps the choice.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use std::convert::Infallible;
use xxgk_model::Lang;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "xxgk_lang";

/// The language a request asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(UiLang(lang_of(parts.uri.query(), &parts.headers)))
    }
}

/// `?lang=` first, then the cookie, then Chinese.
pub fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let word = asked_lang(query).or_else(|| cookie(headers, LANG_COOKIE));
    match word.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The word of `?lang=` in a query string, if any.
pub fn asked_lang(query: Option<&str>) -> Option<String> {
    query.and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    })
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// One entry of the navigation bar.
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Its words in Chinese and English.
    pub zh: &'static str,
    /// The English words.
    pub en: &'static str,
}

/// The navigation bar, in order.
pub const NAV: &[NavItem] = &[
    NavItem {
        href: "/reports",
        zh: "报告",
        en: "Reports",
    },
    NavItem {
        href: "/upload",
        zh: "上传",
        en: "Upload",
    },
    NavItem {
        href: "/compare",
        zh: "对比",
        en: "Compare",
    },
    NavItem {
        href: "/coverage",
        zh: "覆盖",
        en: "Coverage",
    },
    NavItem {
        href: "/dashboard",
        zh: "统计",
        en: "Dashboard",
    },
    NavItem {
        href: "/rules",
        zh: "规则",
        en: "Rules",
    },
    NavItem {
        href: "/register",
        zh: "台账",
        en: "Register",
    },
    NavItem {
        href: "/account",
        zh: "账户",
        en: "Account",
    },
];

/// What the frame of every page needs.
#[derive(Clone, Debug)]
pub struct Ui {
    /// The page's language.
    pub lang: Lang,
    /// The logged-in user's name, `None` on the login page.
    pub user: Option<String>,
    /// The token every form must carry (empty on the login page).
    pub csrf: String,
    /// The navigation entry this page belongs to (`/reports`).
    pub section: &'static str,
}

impl Ui {
    /// The frame for a page of `section`.
    pub fn new(lang: Lang, user: Option<String>, csrf: String, section: &'static str) -> Ui {
        Ui {
            lang,
            user,
            csrf,
            section,
        }
    }

    /// `zh` or `en`, in the page's language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The unit word after a count of `n`: `zh` on a Chinese page (which
    /// has no plural), `one` or `many` on an English one ("1 report",
    /// "2 reports").
    /// Takes the count or a reference to it, as a template has it.
    pub fn unit<'a>(
        &self,
        n: impl std::borrow::Borrow<usize>,
        zh: &'a str,
        one: &'a str,
        many: &'a str,
    ) -> &'a str {
        match (self.lang, *n.borrow()) {
            (Lang::Zh, _) => zh,
            (Lang::En, 1) => one,
            (Lang::En, _) => many,
        }
    }

    /// True for an English page.
    pub fn english(&self) -> bool {
        self.lang == Lang::En
    }

    /// The `lang` attribute of the page.
    pub fn html_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The navigation bar.
    pub fn nav(&self) -> &'static [NavItem] {
        NAV
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(lang: Lang) -> Ui {
        Ui::new(lang, None, String::new(), "/reports")
    }

    #[test]
    fn a_count_of_one_takes_the_singular_in_english_only() {
        let en = ui(Lang::En);
        assert_eq!(en.unit(1, "份报告", "report", "reports"), "report");
        assert_eq!(en.unit(0, "份报告", "report", "reports"), "reports");
        assert_eq!(en.unit(2, "份报告", "report", "reports"), "reports");
        let zh = ui(Lang::Zh);
        assert_eq!(zh.unit(1, "份报告", "report", "reports"), "份报告");
        assert_eq!(zh.unit(2, "份报告", "report", "reports"), "份报告");
    }
}

//! The administrative level of a body, read from its name — enough for the rules
//! that depend on it (deadlines, who may make 规章). A name that does not say is
//! `Unknown`, and those rules stay silent.

/// The level of the reporting body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 镇、乡、街道.
    Township,
    /// A county-level government (县、区、旗, county-level 市 not told apart).
    CountyGovernment,
    /// A government above county level (设区的市、省).
    UpperGovernment,
    /// A department (局、委员会、办公室…) at county level.
    CountyDepartment,
    /// A department of a government above county level.
    UpperDepartment,
    /// The name does not say.
    Unknown,
}

impl Level {
    /// A short name for statistics and tables.
    pub fn name(self, lang: xxgk_model::Lang) -> &'static str {
        use xxgk_model::Lang::{En, Zh};
        match (self, lang) {
            (Level::Township, Zh) => "乡镇（街道）",
            (Level::CountyGovernment, Zh) => "县级政府",
            (Level::UpperGovernment, Zh) => "市级以上政府",
            (Level::CountyDepartment, Zh) => "县级部门",
            (Level::UpperDepartment, Zh) => "市级以上部门",
            (Level::Unknown, Zh) => "未知",
            (Level::Township, En) => "township",
            (Level::CountyGovernment, En) => "county government",
            (Level::UpperGovernment, En) => "city or provincial government",
            (Level::CountyDepartment, En) => "county department",
            (Level::UpperDepartment, En) => "city or provincial department",
            (Level::Unknown, En) => "unknown",
        }
    }
}

/// Reads the level from an agency name such as 淮安市洪泽区人民政府 or 王岗镇人民政府.
pub fn level_of(agency: &str) -> Level {
    let name: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    let government = name.ends_with("人民政府") || name.ends_with("政府");
    // The part after the last 省/市 tells the lowest unit named.
    let tail = name.rsplit(['省', '市']).next().unwrap_or(&name);
    let township = ["镇", "乡", "街道"].iter().any(|w| tail.contains(w));
    let county = ["县", "区", "旗"].iter().any(|w| tail.contains(w));
    match (township, county, government) {
        (true, _, _) => Level::Township,
        (false, true, true) => Level::CountyGovernment,
        (false, true, false) => Level::CountyDepartment,
        (false, false, true) if name.contains(['市', '省']) => Level::UpperGovernment,
        (false, false, false) if name.contains(['市', '省']) => Level::UpperDepartment,
        _ => Level::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_real_names() {
        assert_eq!(level_of("淮安市洪泽区人民政府"), Level::CountyGovernment);
        assert_eq!(level_of("淮安市人民政府"), Level::UpperGovernment);
        assert_eq!(level_of("王岗镇人民政府"), Level::Township);
        assert_eq!(level_of("青铜峡市邵岗镇"), Level::Township);
        assert_eq!(level_of("兴庆区通贵乡"), Level::Township);
        assert_eq!(level_of("夏邑县火店镇人民政府"), Level::Township);
        assert_eq!(level_of("淮安市洪泽区教育局"), Level::CountyDepartment);
        assert_eq!(level_of("江苏省生态环境厅"), Level::UpperDepartment);
        assert_eq!(level_of("某某单位"), Level::Unknown);
    }
}

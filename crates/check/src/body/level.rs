//! The administrative level of a body, read from its name — enough for the rules
//! that depend on it (deadlines, who may make 规章). A name that does not say is
//! `Unknown`, and those rules stay silent.

/// The level of the reporting body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 镇、乡、街道.
    Township,
    /// A county-level government (县、区、旗).
    CountyGovernment,
    /// A department (局、委员会、办公室…) at county level.
    CountyDepartment,
    /// A city government (设区的市; a county-level 市 is not told apart).
    CityGovernment,
    /// A department of a city government.
    CityDepartment,
    /// A provincial government (省、自治区).
    ProvinceGovernment,
    /// A department of a provincial government.
    ProvinceDepartment,
    /// The name does not say.
    Unknown,
}

impl Level {
    /// Every level, in order from the lowest tier.
    pub const ALL: [Level; 8] = [
        Level::Township,
        Level::CountyGovernment,
        Level::CountyDepartment,
        Level::CityGovernment,
        Level::CityDepartment,
        Level::ProvinceGovernment,
        Level::ProvinceDepartment,
        Level::Unknown,
    ];

    /// The name for statistics and tables: the tiers agency lists use (乡级,
    /// 县级, 市级, 省级), with 部门 for a department — so a level read from a
    /// name and one given by a list fall into the same group.
    pub fn name(self, lang: xxgk_model::Lang) -> &'static str {
        use xxgk_model::Lang::{En, Zh};
        match (self, lang) {
            (Level::Township, Zh) => "乡级",
            (Level::CountyGovernment, Zh) => "县级",
            (Level::CountyDepartment, Zh) => "县级部门",
            (Level::CityGovernment, Zh) => "市级",
            (Level::CityDepartment, Zh) => "市级部门",
            (Level::ProvinceGovernment, Zh) => "省级",
            (Level::ProvinceDepartment, Zh) => "省级部门",
            (Level::Unknown, Zh) => "未知",
            (Level::Township, En) => "township",
            (Level::CountyGovernment, En) => "county",
            (Level::CountyDepartment, En) => "county department",
            (Level::CityGovernment, En) => "city",
            (Level::CityDepartment, En) => "city department",
            (Level::ProvinceGovernment, En) => "province",
            (Level::ProvinceDepartment, En) => "provincial department",
            (Level::Unknown, En) => "unknown",
        }
    }

    /// True for a department of a government (not a government itself).
    pub fn is_department(self) -> bool {
        matches!(
            self,
            Level::CountyDepartment | Level::CityDepartment | Level::ProvinceDepartment
        )
    }

    /// The level an agency list's `level` column names, in the words lists
    /// use: 乡级 / 乡镇 / 乡镇（街道） / 街道, 县级 / 县区级 / 县（市、区）级, 市级 /
    /// 地市级 / 设区的市级, 省级 / 自治区级, each optionally followed by 部门;
    /// the names [`Level::name`] gives (either language) are read too. `None`
    /// for words that name none of them.
    pub fn from_label(label: &str) -> Option<Level> {
        let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        if label.is_empty() {
            return None;
        }
        if let Some(level) = Level::ALL.into_iter().find(|l| {
            l.name(xxgk_model::Lang::Zh) == label
                || l.name(xxgk_model::Lang::En)
                    .replace(' ', "")
                    .eq_ignore_ascii_case(&label)
        }) {
            return Some(level);
        }
        let department = label.contains("部门");
        let pick =
            |government: Level, dept: Level| Some(if department { dept } else { government });
        if ["乡", "镇", "街道"].iter().any(|w| label.contains(w)) {
            Some(Level::Township)
        } else if ["县", "区县", "县区"].iter().any(|w| label.contains(w))
            || label.starts_with('区')
        {
            pick(Level::CountyGovernment, Level::CountyDepartment)
        } else if label.contains('市') {
            pick(Level::CityGovernment, Level::CityDepartment)
        } else if label.contains('省') || label.contains("自治区") {
            pick(Level::ProvinceGovernment, Level::ProvinceDepartment)
        } else {
            None
        }
    }
}

/// The level shown for a body: the agency list's (in the common words of
/// [`Level::name`] when it names one; as written otherwise), else the one read
/// from the name.
pub fn level_name(listed: Option<&str>, agency: &str, lang: xxgk_model::Lang) -> String {
    match listed.map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) => Level::from_label(label)
            .map_or_else(|| label.to_string(), |level| level.name(lang).to_string()),
        None => level_of(agency).name(lang).to_string(),
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
    let city = name.contains('市');
    let province = name.contains('省') || name.contains("自治区");
    match (township, county, government) {
        (true, _, _) => Level::Township,
        (false, true, true) => Level::CountyGovernment,
        (false, true, false) => Level::CountyDepartment,
        (false, false, true) if city => Level::CityGovernment,
        (false, false, false) if city => Level::CityDepartment,
        (false, false, true) if province => Level::ProvinceGovernment,
        (false, false, false) if province => Level::ProvinceDepartment,
        _ => Level::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_real_names() {
        assert_eq!(level_of("淮安市洪泽区人民政府"), Level::CountyGovernment);
        assert_eq!(level_of("淮安市人民政府"), Level::CityGovernment);
        assert_eq!(level_of("江苏省人民政府"), Level::ProvinceGovernment);
        assert_eq!(level_of("淮安市教育局"), Level::CityDepartment);
        assert_eq!(level_of("王岗镇人民政府"), Level::Township);
        assert_eq!(level_of("青铜峡市邵岗镇"), Level::Township);
        assert_eq!(level_of("兴庆区通贵乡"), Level::Township);
        assert_eq!(level_of("夏邑县火店镇人民政府"), Level::Township);
        assert_eq!(level_of("淮安市洪泽区教育局"), Level::CountyDepartment);
        assert_eq!(level_of("江苏省生态环境厅"), Level::ProvinceDepartment);
        assert_eq!(level_of("某某单位"), Level::Unknown);
    }

    #[test]
    fn list_labels_and_names_meet_in_one_vocabulary() {
        use xxgk_model::Lang::Zh;
        for (label, name) in [
            ("乡级", "乡级"),
            ("乡镇（街道）", "乡级"),
            ("街道", "乡级"),
            ("镇级", "乡级"),
            ("县级", "县级"),
            ("县（市、区）级", "县级"),
            ("区县级", "县级"),
            ("县级部门", "县级部门"),
            ("市级", "市级"),
            ("地市级", "市级"),
            ("市级部门", "市级部门"),
            ("省级", "省级"),
            ("自治区级部门", "省级部门"),
            ("county department", "县级部门"),
        ] {
            assert_eq!(level_name(Some(label), "某某", Zh), name, "{label}");
        }
        // Words that name no tier are kept as the list has them.
        assert_eq!(level_name(Some("垂直管理单位"), "某某", Zh), "垂直管理单位");
        // No list level: read from the name, in the same words.
        assert_eq!(level_name(None, "王岗镇人民政府", Zh), "乡级");
        assert_eq!(level_name(Some(" "), "淮安市人民政府", Zh), "市级");
    }
}

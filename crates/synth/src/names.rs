//! The bodies of a corpus: a tree of provinces, cities, counties (区/县) and
//! townships (镇/乡/街道), each government with some departments, named like
//! real ones and unique across the corpus.
//!
//! Place names come from a list of real provinces and prefecture-level cities
//! and, for counties and townships, from two characters of a pool of place-name
//! characters (洪泽, 岔河, …). Every two-character name is used once, so that
//! short printed forms (洪泽区人民政府, 岔河镇人民政府) still name one body.
//! No place name holds a character that tells a level (省 市 区 县 旗 镇 乡 街),
//! so that a name's level can be read from its suffixes.

use crate::rng::Rng;
use std::collections::HashSet;

/// What kind of body: a government (including township governments and
/// 街道办事处) or a department of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum BodyKind {
    /// 人民政府 (province, city, county, township) or 街道办事处.
    Government,
    /// A department of a government (局, 委员会, 厅, 办公室).
    Department,
}

/// The administrative level of a body, as printed in `agencies.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province,
    City,
    County,
    Township,
}

impl Level {
    /// `省级`, `市级`, `县级`, `乡级`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县级",
            Level::Township => "乡级",
        }
    }
}

/// A place name and its pinyin.
type Place = (&'static str, &'static str);
/// A province: name, pinyin, and its prefecture-level cities.
type Province = (&'static str, &'static str, &'static [Place]);

/// Provinces: name, pinyin, and their prefecture-level cities (name, pinyin).
/// Cities whose name holds a level character (镇江, 新乡, 景德镇, 萍乡) are left out.
#[rustfmt::skip]
const PROVINCES: &[Province] = &[
    ("江苏", "jiangsu", &[("淮安", "huaian"), ("盐城", "yancheng"), ("宿迁", "suqian"), ("连云港", "lianyungang"), ("泰州", "taizhou"), ("扬州", "yangzhou"), ("南通", "nantong"), ("常州", "changzhou"), ("徐州", "xuzhou"), ("无锡", "wuxi")]),
    ("浙江", "zhejiang", &[("湖州", "huzhou"), ("嘉兴", "jiaxing"), ("绍兴", "shaoxing"), ("金华", "jinhua"), ("衢州", "quzhou"), ("丽水", "lishui"), ("温州", "wenzhou"), ("宁波", "ningbo")]),
    ("安徽", "anhui", &[("芜湖", "wuhu"), ("蚌埠", "bengbu"), ("淮南", "huainan"), ("安庆", "anqing"), ("滁州", "chuzhou"), ("阜阳", "fuyang"), ("六安", "luan"), ("亳州", "bozhou"), ("池州", "chizhou"), ("宣城", "xuancheng")]),
    ("山东", "shandong", &[("淄博", "zibo"), ("枣庄", "zaozhuang"), ("潍坊", "weifang"), ("济宁", "jining"), ("泰安", "taian"), ("威海", "weihai"), ("日照", "rizhao"), ("临沂", "linyi"), ("德州", "dezhou"), ("聊城", "liaocheng"), ("滨州", "binzhou"), ("菏泽", "heze")]),
    ("河南", "henan", &[("开封", "kaifeng"), ("洛阳", "luoyang"), ("安阳", "anyang"), ("鹤壁", "hebi"), ("焦作", "jiaozuo"), ("濮阳", "puyang"), ("许昌", "xuchang"), ("漯河", "luohe"), ("南阳", "nanyang"), ("商丘", "shangqiu"), ("信阳", "xinyang"), ("周口", "zhoukou")]),
    ("湖北", "hubei", &[("黄石", "huangshi"), ("十堰", "shiyan"), ("宜昌", "yichang"), ("襄阳", "xiangyang"), ("鄂州", "ezhou"), ("荆门", "jingmen"), ("孝感", "xiaogan"), ("荆州", "jingzhou"), ("黄冈", "huanggang"), ("咸宁", "xianning"), ("随州", "suizhou")]),
    ("四川", "sichuan", &[("自贡", "zigong"), ("攀枝花", "panzhihua"), ("泸州", "luzhou"), ("德阳", "deyang"), ("绵阳", "mianyang"), ("广元", "guangyuan"), ("遂宁", "suining"), ("内江", "neijiang"), ("乐山", "leshan"), ("南充", "nanchong"), ("眉山", "meishan"), ("宜宾", "yibin")]),
    ("湖南", "hunan", &[("株洲", "zhuzhou"), ("湘潭", "xiangtan"), ("衡阳", "hengyang"), ("邵阳", "shaoyang"), ("岳阳", "yueyang"), ("常德", "changde"), ("益阳", "yiyang"), ("郴州", "chenzhou"), ("永州", "yongzhou"), ("怀化", "huaihua"), ("娄底", "loudi")]),
    ("江西", "jiangxi", &[("九江", "jiujiang"), ("新余", "xinyu"), ("鹰潭", "yingtan"), ("赣州", "ganzhou"), ("吉安", "jian"), ("宜春", "yichun"), ("上饶", "shangrao")]),
    ("河北", "hebei", &[("唐山", "tangshan"), ("秦皇岛", "qinhuangdao"), ("邯郸", "handan"), ("邢台", "xingtai"), ("保定", "baoding"), ("张家口", "zhangjiakou"), ("承德", "chengde"), ("沧州", "cangzhou"), ("廊坊", "langfang"), ("衡水", "hengshui")]),
];

/// Characters of county and township names, with their pinyin.
#[rustfmt::skip]
const PLACE_CHARS: &[(char, &str)] = &[
    ('洪', "hong"), ('泽', "ze"), ('涟', "lian"), ('水', "shui"), ('金', "jin"), ('湖', "hu"),
    ('清', "qing"), ('河', "he"), ('阳', "yang"), ('山', "shan"), ('平', "ping"), ('安', "an"),
    ('东', "dong"), ('西', "xi"), ('南', "nan"), ('北', "bei"), ('城', "cheng"), ('林', "lin"),
    ('丰', "feng"), ('宁', "ning"), ('兴', "xing"), ('华', "hua"), ('新', "xin"), ('长', "chang"),
    ('武', "wu"), ('永', "yong"), ('泉', "quan"), ('江', "jiang"), ('桥', "qiao"), ('台', "tai"),
    ('石', "shi"), ('岭', "ling"), ('沙', "sha"), ('溪', "xi"), ('塘', "tang"), ('庄', "zhuang"),
    ('营', "ying"), ('集', "ji"), ('店', "dian"), ('口', "kou"), ('坝', "ba"), ('岗', "gang"),
    ('埠', "bu"), ('湾', "wan"), ('滩', "tan"), ('坪', "ping"), ('涧', "jian"), ('良', "liang"),
    ('高', "gao"), ('岔', "cha"), ('仁', "ren"), ('和', "he"), ('德', "de"), ('盛', "sheng"),
    ('福', "fu"), ('寿', "shou"), ('康', "kang"), ('泰', "tai"), ('乐', "le"), ('吉', "ji"),
    ('祥', "xiang"), ('宝', "bao"), ('凤', "feng"), ('龙', "long"), ('马', "ma"), ('黄', "huang"),
    ('白', "bai"), ('青', "qing"), ('云', "yun"), ('雁', "yan"), ('松', "song"), ('桃', "tao"),
    ('杨', "yang"), ('柳', "liu"), ('梅', "mei"), ('花', "hua"), ('禾', "he"), ('田', "tian"),
    ('井', "jing"), ('园', "yuan"), ('门', "men"), ('关', "guan"), ('堡', "bao"), ('寨', "zhai"),
    ('屯', "tun"), ('坊', "fang"), ('铺', "pu"), ('渡', "du"), ('港', "gang"), ('浦', "pu"),
    ('潭', "tan"), ('源', "yuan"), ('川', "chuan"), ('陵', "ling"), ('岩', "yan"), ('槐', "huai"),
    ('枣', "zao"), ('丘', "qiu"), ('峰', "feng"), ('汤', "tang"), ('蒋', "jiang"), ('秀', "xiu"),
    ('明', "ming"), ('光', "guang"), ('建', "jian"), ('胜', "sheng"), ('顺', "shun"), ('通', "tong"),
    ('太', "tai"), ('古', "gu"), ('双', "shuang"), ('万', "wan"), ('百', "bai"), ('红', "hong"),
    ('沿', "yan"), ('滨', "bin"), ('湘', "xiang"), ('汉', "han"), ('荆', "jing"), ('楚', "chu"),
];

/// A department: name, pinyin slug, and a common abbreviation printed by some
/// reports (人社局 for 人力资源和社会保障局), or "" when there is none.
type Dept = (&'static str, &'static str, &'static str);

/// Departments of city and county governments.
#[rustfmt::skip]
const LOCAL_DEPARTMENTS: &[Dept] = &[
    ("人民政府办公室", "government-office", ""),
    ("发展和改革委员会", "development-reform", "发改委"),
    ("教育局", "education", ""),
    ("科学技术局", "science-technology", "科技局"),
    ("工业和信息化局", "industry-it", "工信局"),
    ("公安局", "public-security", ""),
    ("民政局", "civil-affairs", ""),
    ("司法局", "justice", ""),
    ("财政局", "finance", ""),
    ("人力资源和社会保障局", "human-resources", "人社局"),
    ("自然资源和规划局", "natural-resources", "自然资源局"),
    ("生态环境局", "ecology-environment", "环境局"),
    ("住房和城乡建设局", "housing-construction", "住建局"),
    ("交通运输局", "transport", "交通局"),
    ("水务局", "water", ""),
    ("农业农村局", "agriculture", "农业局"),
    ("商务局", "commerce", ""),
    ("文化广电和旅游局", "culture-tourism", "文旅局"),
    ("卫生健康委员会", "health", "卫健委"),
    ("退役军人事务局", "veterans", ""),
    ("应急管理局", "emergency", "应急局"),
    ("审计局", "audit", ""),
    ("市场监督管理局", "market-regulation", "市场监管局"),
    ("统计局", "statistics", ""),
    ("医疗保障局", "medical-security", "医保局"),
    ("行政审批局", "administrative-approval", "审批局"),
    ("城市管理局", "urban-management", "城管局"),
];

/// Departments of provincial governments.
#[rustfmt::skip]
const PROVINCE_DEPARTMENTS: &[Dept] = &[
    ("人民政府办公厅", "government-office", ""),
    ("发展和改革委员会", "development-reform", "发改委"),
    ("教育厅", "education", ""),
    ("科学技术厅", "science-technology", "科技厅"),
    ("公安厅", "public-security", ""),
    ("民政厅", "civil-affairs", ""),
    ("司法厅", "justice", ""),
    ("财政厅", "finance", ""),
    ("人力资源和社会保障厅", "human-resources", "人社厅"),
    ("自然资源厅", "natural-resources", ""),
    ("生态环境厅", "ecology-environment", "环境厅"),
    ("住房和城乡建设厅", "housing-construction", "住建厅"),
    ("交通运输厅", "transport", "交通厅"),
    ("水利厅", "water", ""),
    ("农业农村厅", "agriculture", "农业厅"),
    ("商务厅", "commerce", ""),
    ("文化和旅游厅", "culture-tourism", "文旅厅"),
    ("卫生健康委员会", "health", "卫健委"),
    ("应急管理厅", "emergency", "应急厅"),
    ("审计厅", "audit", ""),
    ("市场监督管理局", "market-regulation", "市场监管局"),
    ("统计局", "statistics", ""),
];

/// One body as built here; `lib.rs` turns it into the public [`crate::Body`].
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub region: String,
    pub level: Level,
    pub kind: BodyKind,
    pub parent: Option<usize>,
    /// ASCII slug, unique in the corpus (`huaian-hongze-district-transport`).
    pub slug: String,
    /// Directory of its files: the slug of its province and city.
    pub dir: String,
    /// Other simplified forms the body prints its name in (short forms,
    /// abbreviations), never the canonical name.
    pub variants: Vec<String>,
    /// The first-person subject its prose uses (我局, 我区, 本机关 …).
    pub subject: &'static str,
}

/// Builds exactly `count` bodies, parents before their children.
pub fn build(count: usize, rng: &mut Rng) -> Vec<Node> {
    let mut b = Builder {
        nodes: Vec::new(),
        count,
        // Province names are not county or township names.
        used: PROVINCES.iter().map(|(p, _, _)| p.to_string()).collect(),
        slugs: HashSet::new(),
        rng,
    };
    let mut province_index = 0;
    while !b.full() {
        b.province(province_index);
        province_index += 1;
    }
    b.nodes
}

struct Builder<'a> {
    nodes: Vec<Node>,
    count: usize,
    /// Place names in use (two characters, without suffix).
    used: HashSet<String>,
    slugs: HashSet<String>,
    rng: &'a mut Rng,
}

impl Builder<'_> {
    fn full(&self) -> bool {
        self.nodes.len() >= self.count
    }

    fn push(&mut self, mut node: Node) -> Option<usize> {
        if self.full() {
            return None;
        }
        let base = node.slug.clone();
        let mut n = 2;
        while !self.slugs.insert(node.slug.clone()) {
            node.slug = format!("{base}-{n}");
            n += 1;
        }
        self.nodes.push(node);
        Some(self.nodes.len() - 1)
    }

    /// A province: its government, a few departments, its cities, then the
    /// rest of its departments.
    fn province(&mut self, index: usize) {
        let (name, pinyin, cities) = match PROVINCES.get(index) {
            Some(&(n, p, c)) => (n.to_string(), p.to_string(), c),
            None => {
                let (n, p) = self.place_name();
                (n, p, &[][..])
            }
        };
        let full = format!("{name}省");
        let Some(gov) = self.push(Node {
            name: format!("{full}人民政府"),
            region: full.clone(),
            level: Level::Province,
            kind: BodyKind::Government,
            parent: None,
            slug: format!("{pinyin}-gov"),
            dir: pinyin.clone(),
            variants: vec![format!("{full}政府")],
            subject: "本机关",
        }) else {
            return;
        };
        let mut departments: Vec<&Dept> = PROVINCE_DEPARTMENTS.iter().collect();
        self.rng.shuffle(&mut departments[1..]);
        let total = 5 + self.rng.below(8);
        let first = 2.min(total);
        for d in &departments[..first] {
            self.department(gov, &full, &full, &pinyin, &pinyin, d, Level::Province);
        }
        let city_count = 4 + self.rng.below(4);
        for c in 0..city_count {
            if self.full() {
                return;
            }
            let (city, city_pinyin) = match cities.get(c) {
                Some(&(n, p)) if self.used.insert(n.to_string()) => (n.to_string(), p.to_string()),
                _ => self.place_name(),
            };
            self.city(gov, &full, &pinyin, &city, &city_pinyin);
        }
        for d in departments.iter().take(total).skip(first) {
            self.department(gov, &full, &full, &pinyin, &pinyin, d, Level::Province);
        }
    }

    /// A prefecture-level city: government, two departments, its counties,
    /// then more departments.
    fn city(
        &mut self,
        province: usize,
        province_name: &str,
        province_pinyin: &str,
        city: &str,
        pinyin: &str,
    ) {
        let full = format!("{city}市");
        let region = format!("{province_name}{full}");
        let dir = format!("{province_pinyin}-{pinyin}");
        let Some(gov) = self.push(Node {
            name: format!("{full}人民政府"),
            region: region.clone(),
            level: Level::City,
            kind: BodyKind::Government,
            parent: Some(province),
            slug: format!("{pinyin}-gov"),
            dir: dir.clone(),
            variants: vec![format!("{full}政府")],
            subject: "我市",
        }) else {
            return;
        };
        let mut departments: Vec<&Dept> = LOCAL_DEPARTMENTS.iter().collect();
        self.rng.shuffle(&mut departments[1..]);
        let total = 6 + self.rng.below(10);
        let first = 2.min(total);
        for d in &departments[..first] {
            self.department(gov, &full, &region, pinyin, &dir, d, Level::City);
        }
        let county_count = 3 + self.rng.below(4);
        for _ in 0..county_count {
            if self.full() {
                return;
            }
            self.county(gov, &full, &region, pinyin, &dir);
        }
        for d in departments.iter().take(total).skip(first) {
            self.department(gov, &full, &region, pinyin, &dir, d, Level::City);
        }
    }

    /// A county or district: government, its townships, then its departments.
    fn county(
        &mut self,
        city: usize,
        city_full: &str,
        city_region: &str,
        city_pinyin: &str,
        dir: &str,
    ) {
        let (name, pinyin) = self.place_name();
        let (suffix, suffix_pinyin, subject) = if self.rng.chance(0.55) {
            ("区", "district", "我区")
        } else {
            ("县", "county", "我县")
        };
        let county = format!("{name}{suffix}");
        let full = format!("{city_full}{county}");
        let region = format!("{city_region}{county}");
        let county_slug = format!("{pinyin}-{suffix_pinyin}");
        let Some(gov) = self.push(Node {
            name: format!("{full}人民政府"),
            region: region.clone(),
            level: Level::County,
            kind: BodyKind::Government,
            parent: Some(city),
            slug: format!("{city_pinyin}-{county_slug}-gov"),
            dir: dir.to_string(),
            variants: vec![format!("{county}人民政府"), format!("{county}政府")],
            subject,
        }) else {
            return;
        };
        let townships = 6 + self.rng.below(9);
        for _ in 0..townships {
            let (town, town_pinyin) = self.place_name();
            let (kind, kind_pinyin, subdistrict) = match self.rng.below(10) {
                0..=4 => ("镇", "town", false),
                5..=6 => ("乡", "township", false),
                _ => ("街道", "subdistrict", true),
            };
            let unit = format!("{town}{kind}");
            let (name, variants, subject) = if subdistrict {
                (
                    format!("{county}{unit}办事处"),
                    vec![
                        format!("{unit}办事处"),
                        format!("{full}{unit}办事处"),
                        unit.clone(),
                    ],
                    "我街道",
                )
            } else {
                (
                    format!("{county}{unit}人民政府"),
                    vec![
                        format!("{unit}人民政府"),
                        format!("{full}{unit}人民政府"),
                        format!("{unit}政府"),
                    ],
                    if kind == "镇" { "我镇" } else { "我乡" },
                )
            };
            let pushed = self.push(Node {
                name,
                region: region.clone(),
                level: Level::Township,
                kind: BodyKind::Government,
                parent: Some(gov),
                slug: format!("{county_slug}-{town_pinyin}-{kind_pinyin}"),
                dir: dir.to_string(),
                variants,
                subject,
            });
            if pushed.is_none() {
                return;
            }
        }
        let mut departments: Vec<&Dept> = LOCAL_DEPARTMENTS.iter().collect();
        self.rng.shuffle(&mut departments);
        let total = 3 + self.rng.below(7);
        for d in departments.iter().take(total) {
            self.county_department(gov, &full, &county, &region, &county_slug, dir, d);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn department(
        &mut self,
        gov: usize,
        full: &str,
        region: &str,
        pinyin: &str,
        dir: &str,
        d: &Dept,
        level: Level,
    ) {
        let (dept, slug, abbreviation) = *d;
        let mut variants = Vec::new();
        if !abbreviation.is_empty() {
            variants.push(format!("{full}{abbreviation}"));
        }
        self.push(Node {
            name: format!("{full}{dept}"),
            region: region.to_string(),
            level,
            kind: BodyKind::Department,
            parent: Some(gov),
            slug: format!("{pinyin}-{slug}"),
            dir: dir.to_string(),
            variants,
            subject: department_subject(dept),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn county_department(
        &mut self,
        gov: usize,
        full: &str,
        county: &str,
        region: &str,
        county_slug: &str,
        dir: &str,
        d: &Dept,
    ) {
        let (dept, slug, abbreviation) = *d;
        let mut variants = vec![format!("{county}{dept}")];
        if !abbreviation.is_empty() {
            variants.push(format!("{county}{abbreviation}"));
        }
        self.push(Node {
            name: format!("{full}{dept}"),
            region: region.to_string(),
            level: Level::County,
            kind: BodyKind::Department,
            parent: Some(gov),
            slug: format!("{county_slug}-{slug}"),
            dir: dir.to_string(),
            variants,
            subject: department_subject(dept),
        });
    }

    /// A place name not used yet (two characters; three once two-character
    /// names get scarce), and its pinyin.
    fn place_name(&mut self) -> (String, String) {
        let mut tries = 0usize;
        loop {
            tries += 1;
            let length = if tries > 200 { 3 } else { 2 };
            let picks: Vec<(char, &str)> =
                (0..length).map(|_| *self.rng.pick(PLACE_CHARS)).collect();
            if picks.windows(2).any(|w| w[0].0 == w[1].0) {
                continue;
            }
            let name: String = picks.iter().map(|(c, _)| c).collect();
            if self.used.insert(name.clone()) {
                return (name, picks.iter().map(|(_, p)| *p).collect());
            }
        }
    }
}

/// The first person a department's prose uses.
fn department_subject(dept: &str) -> &'static str {
    if dept.ends_with("委员会") {
        "我委"
    } else if dept.ends_with("办公室") {
        "我办"
    } else if dept.ends_with("办公厅") || dept.ends_with('厅') {
        "我厅"
    } else {
        "我局"
    }
}

/// Every character a place name may hold (for tests).
#[cfg(test)]
pub fn place_chars() -> impl Iterator<Item = char> {
    PLACE_CHARS.iter().map(|&(c, _)| c).chain(
        PROVINCES
            .iter()
            .flat_map(|(p, _, cities)| p.chars().chain(cities.iter().flat_map(|(c, _)| c.chars()))),
    )
}

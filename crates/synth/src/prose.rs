//! The prose of a report: a preamble and the text of the six sections.
//!
//! Sentences come from pools per topic, with slots for the body's subject
//! (我局, 我区 …), platforms and policy fields. A body never uses the same pool
//! sentence two years running, so sections 一 and 五 differ from last year's
//! (well under half of their four-character runs recur) unless `copied-text` is
//! planted, when they are last year's text with only the year and the figures
//! updated. The only figures in the prose are the ones the tables print (requests
//! received, concluded, carried; review cases) and a count of proactively
//! disclosed items, which no table holds.

use crate::rng::Rng;
use std::collections::HashSet;
use xxgk_model::Template;

const PLATFORMS: &[&str] = &[
    "政府门户网站",
    "政务新媒体",
    "政务公开栏",
    "微信公众号",
    "政务服务平台",
    "政府信息公开专栏",
    "新闻发布会",
    "政务公开专区",
    "融媒体中心",
];

const FIELDS: &[&str] = &[
    "财政预决算",
    "重大建设项目",
    "公共资源配置",
    "社会救助",
    "义务教育",
    "医疗卫生",
    "生态环境",
    "安全生产",
    "乡村振兴",
    "就业创业",
    "养老服务",
    "食品安全",
    "征地补偿",
    "住房保障",
    "减税降费",
    "营商环境",
    "疫情防控",
    "防汛抗旱",
];

/// Opening sentences of section 一.
const OPENERS: &[&str] = &[
    "{Y}年，{S}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，紧紧围绕中心工作，持续深化政务公开，不断提升政府工作透明度。",
    "{Y}年，在上级政务公开主管部门的指导下，{S}严格执行《条例》各项规定，以公开促落实、以公开促规范、以公开促服务，推动各项工作取得新进展。",
    "{Y}年，{S}把政务公开作为建设法治政府、服务型政府的重要抓手，健全工作机制，压实工作责任，全年工作平稳有序。",
    "{Y}年，{S}围绕全年目标任务，对标上级政务公开工作要点，逐项细化分解任务，扎实做好信息发布、解读回应等各项工作。",
    "{Y}年，{S}坚持“以公开为常态、不公开为例外”原则，把公开贯穿于行政权力运行全过程，依法保障人民群众的知情权。",
    "{Y}年，{S}高度重视政务公开，主要负责同志多次听取专题汇报，研究部署重点任务，确保各项要求落到实处。",
    "{Y}年，{S}按照省、市关于政务公开的统一部署，聚焦群众关切，优化公开方式，公开的广度和深度进一步拓展。",
    "{Y}年，{S}认真落实政务公开工作要点，坚持问题导向和目标导向相结合，着力提升公开质效。",
    "{Y}年，{S}以提升群众获得感为出发点，统筹推进决策、执行、管理、服务、结果公开，标准化规范化水平稳步提高。",
    "{Y}年，{S}将政务公开纳入年度重点工作，明确分管领导和具体承办人员，形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的格局。",
    "{Y}年，{A}深入贯彻党中央、国务院关于全面推进政务公开的决策部署，着力打造阳光透明的服务型机关。",
    "{Y}年，{S}紧扣经济社会发展大局，主动适应群众需求变化，在规范中求创新、在创新中求实效。",
];

/// Sentences on proactive disclosure.
const PROACTIVE: &[&str] = &[
    "围绕{F}、{F}等重点领域，及时发布政策文件和工作动态，切实保障群众的知情权、参与权和监督权。",
    "依托{P}和{P}，第一时间发布与群众切身利益密切相关的政策措施，方便公众查询获取。",
    "坚持政策文件与解读材料同步组织、同步审签、同步发布，采用图文、音视频等形式增强解读的可读性。",
    "动态调整主动公开基本目录，对照标准指引梳理公开事项，做到应公开尽公开。",
    "加大{F}信息的公开力度，定期更新相关栏目内容，主动回应社会关切。",
    "重大决策事项在作出前通过{P}征集意见，公开听取社会公众意见建议，并及时反馈采纳情况。",
    "规范预算决算和“三公”经费信息发布，按时公开部门预算、决算及说明。",
    "围绕优化营商环境，集中发布惠企政策和办事指南，推动政策直达市场主体。",
    "对涉及群众切身利益的{F}事项，通过{P}进行公示，广泛接受群众监督。",
    "持续做好人大代表建议和政协委员提案办理结果公开，对办理复文按要求全文发布。",
    "及时发布突发事件应对、防灾减灾等方面的预警提示和处置信息，做好舆情回应。",
    "在{P}开设政策问答栏目，为群众提供一站式政策查询服务。",
    "全面梳理本机关制发的政策文件，及时清理并发布失效文件目录。",
    "对照基层政务公开标准目录逐项抓好落实，推进{F}领域公开事项标准化。",
    "用好{P}，以群众喜闻乐见的方式宣传解读{F}等方面的政策。",
    "健全政策发布解读回应联动机制，对社会关注度高的政策由主要负责同志带头解读。",
];

/// Sentences on requests (the figures sentence is added separately).
const REQUESTS: &[&str] = &[
    "进一步规范依申请公开办理流程，严格落实登记、审核、办理、答复、归档等环节的要求。",
    "畅通网上申请、信函申请、当面申请等多种渠道，为申请人提供便捷服务。",
    "坚持逐件研判、依法办理，答复内容做到依据充分、告知到位。",
    "加强与申请人的沟通交流，对申请内容不明确的及时告知补正，提高办理质量。",
    "建立疑难申请会商机制，邀请法律顾问共同研究，降低法律风险。",
    "完善依申请公开文书格式，统一规范告知用语，提升规范化水平。",
    "注重从申请中发现群众关注的热点，对申请较为集中的信息及时转为主动发布。",
    "严格按照法定期限办理，对需要延期的依法履行告知义务。",
    "明确依申请公开受理窗口和联系方式，在{P}公布申请指南。",
    "加强依申请公开工作与信访、热线等渠道的衔接，分类引导群众合理表达诉求。",
];

/// Sentences on information management.
const MANAGEMENT: &[&str] = &[
    "严格落实保密审查制度，坚持先审查、后公开，一事一审、全面审查。",
    "建立健全信息发布审核机制，实行“三审三校”制度，确保信息内容准确无误。",
    "定期开展政策文件清理工作，对政策文件实行统一登记、统一编号、统一发布。",
    "加强工作台账管理，对已发布信息实行动态更新，确保准确性和时效性。",
    "强化信息全生命周期管理，规范信息的生成、发布、更新和归档。",
    "对个人隐私、商业秘密等敏感内容严格把关，防止泄露。",
    "完善公开目录，按照统一分类规范栏目设置。",
    "建立政策文件库，集中展示各类政策文件，方便群众查阅。",
    "健全公开属性源头认定机制，在公文办理环节同步明确公开方式。",
];

/// Sentences on platforms.
const PLATFORM: &[&str] = &[
    "持续加强{P}建设管理，优化栏目设置，提升检索和查询功能。",
    "加强政务新媒体管理，定期开展内容巡查，确保发布及时准确。",
    "推进网站集约化建设，完成无障碍和适老化改造，提升用户体验。",
    "在便民服务中心设立查阅点，配备查阅设备，方便群众就近查询。",
    "发挥政务公开专区作用，提供政策咨询、信息查询、办事指引等服务。",
    "规范政务公开栏的设置和更新，及时张贴群众关心关注的各类事项。",
    "对错别字、不良链接等问题开展常态化检查，发现问题立即整改。",
    "对更新不及时、用户关注度低的新媒体账号进行清理整合。",
    "推动{P}与{P}互联互通，实现信息一次发布、多端同步。",
];

/// Sentences on oversight.
const OVERSIGHT: &[&str] = &[
    "将政务公开纳入年度绩效考核，强化考核结果运用。",
    "定期组织业务培训，提高工作人员的业务能力和政策水平。",
    "聘请社会监督员开展监督评议，主动接受社会监督。",
    "建立督查通报机制，对推进情况进行通报，督促整改落实。",
    "对照第三方评估指标开展自查，查漏补缺，逐项整改到位。",
    "落实责任追究制度，对不按规定发布信息的严肃处理。",
    "设立意见箱和监督电话，广泛收集群众对政务公开的意见建议。",
    "邀请人大代表、政协委员和群众代表参加政府开放活动，现场了解政务公开。",
];

/// Sub-headings of section 一 in the 2021 format (some bodies print them).
const SUBHEADS: [&str; 5] = [
    "（一）主动公开情况。",
    "（二）依申请公开情况。",
    "（三）政府信息管理情况。",
    "（四）政府信息公开平台建设情况。",
    "（五）监督保障情况。",
];

/// Openings of section 五.
const PROBLEM_OPENERS: &[&str] = &[
    "过去一年，{S}政务公开虽然取得了一定成效，但仍有一些不足：",
    "对照上级要求和群众期盼，{S}政务公开还有一些薄弱环节：",
    "{S}政务公开仍面临一些短板：",
    "回顾全年，{S}在政务公开方面还有差距，主要表现在：",
    "在肯定成绩的同时，{S}也清醒地认识到工作中的不足：",
    "从自查和评估情况看，{S}政务公开还需改进的地方有：",
];

const PROBLEMS: &[&str] = &[
    "政策解读的形式还不够丰富，图解、视频等方式运用较少",
    "部分栏目更新不够及时，个别栏目内容较少",
    "依申请公开答复的规范性有待进一步提高",
    "工作人员业务能力与新形势新要求相比还有差距",
    "基层政务公开标准化规范化推进不够平衡",
    "政务新媒体互动回应的时效性还需加强",
    "公开的深度和广度仍需拓展，发布内容与群众需求的契合度不高",
    "信息发布审核流程执行不够严格，偶有发布不规范的情况",
    "政府开放活动形式较为单一，群众参与度不高",
    "平台检索功能不够完善，群众查找信息不够便利",
    "对重点领域公开的统筹协调力度不够",
    "政策文件的集中管理和动态更新机制还不健全",
    "公众参与重大决策的渠道不够畅通",
    "工作人员变动较为频繁，工作衔接不够顺畅",
    "对政务公开的监督考核还不够有力",
    "部分信息的可读性不强，表述过于专业化",
];

const MEASURE_OPENERS: &[&str] = &[
    "下一步，{S}将重点做好以下工作：",
    "针对上述不足，{S}将采取以下措施加以改进：",
    "今后，{S}将从以下方面持续用力：",
    "为此，{S}将着力抓好以下几项工作：",
    "新的一年，{S}将围绕以下方面补齐短板：",
];

const MEASURES: &[&str] = &[
    "丰富政策解读形式，综合运用图表图解、音频视频等方式，增强解读效果",
    "建立栏目内容定期巡查机制，明确专人负责栏目维护，确保及时更新",
    "加强依申请公开答复审核把关，必要时邀请法律顾问参与，提升答复质量",
    "组织开展多层次业务培训，邀请专家授课，提高工作人员的业务水平",
    "对照基层政务公开标准目录，逐项完善公开事项，推动标准化规范化建设走深走实",
    "健全政务新媒体留言办理机制，提高互动回应的及时性和针对性",
    "聚焦群众关切，拓展公开内容，增强发布内容的针对性和实用性",
    "严格执行发布审核制度，落实“三审三校”要求，杜绝不规范内容上网",
    "创新政府开放活动形式，扩大群众参与面",
    "优化网站检索功能，完善分类导航，方便群众快速查找",
    "加强统筹协调，压实各责任单位的公开责任，形成工作合力",
    "建立健全政策文件动态管理机制，做好文件清理和结果发布",
    "拓宽公众参与渠道，在重大决策前广泛征求社会意见",
    "保持工作队伍相对稳定，做好人员交接和业务传帮带",
    "完善考核评价办法，把考核结果作为评先评优的重要依据",
    "推行通俗化表达，用群众听得懂的语言发布信息",
    "完善政务公开工作制度，健全长效机制",
    "强化保密审查意识，切实做到公开与保密相统一",
];

const FEE_STATEMENTS: &[&str] = &[
    "本年度{S}未收取政府信息公开信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，本年度{S}未向申请人收取信息处理费。",
    "本年度未发生收取信息处理费的情况。",
    "{Y}年，{S}没有向申请人收取信息处理费。",
];

const OTHER_MATTERS: &[&str] = &[
    "{S}认真落实上级关于政务公开工作要点的部署，各项任务均已按要求完成。",
    "本年度{S}承办的人大代表建议和政协委员提案均已按期办结，办理复文已依法公开。",
    "无其他需要报告的事项。",
    "{S}将继续主动接受社会监督，欢迎社会各界对政务公开提出意见建议。",
    "本报告中的统计数据均为本机关自行统计，如有疑问请与本机关办公室联系。",
];

/// What a body's prose remembers from last year.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    /// Pool sentences used last year: (pool, index).
    used: HashSet<(u8, u16)>,
    /// Last year's section 一, with `{Y}`, `{A}` and `{FIG}` still open.
    overview: Vec<String>,
    /// Last year's section 五, finished.
    problems: Vec<String>,
}

/// The body's lasting habits of writing.
#[derive(Clone, Debug)]
pub struct Habits {
    /// First person (我局, 我区 …).
    pub subject: &'static str,
    /// Which figures sentence (see [`figures`]).
    pub figures: usize,
    /// 2021 format: print the sub-headings （一）主动公开情况 … in section 一.
    pub subheads: bool,
    /// Mean items proactively disclosed a year (section 二 states a count).
    pub proactive: f64,
}

/// The figures the prose may state, from the tables.
#[derive(Clone, Copy, Debug, Default)]
pub struct Figures {
    pub received: i64,
    pub carried_in: i64,
    pub concluded: i64,
    pub carried_out: i64,
    pub review: i64,
    pub litigation: i64,
}

/// The prose of one report, each section as paragraphs.
#[derive(Clone, Debug)]
pub struct Prose {
    pub preamble: Vec<String>,
    pub overview: Vec<String>,
    pub active: Vec<String>,
    pub requests: Vec<String>,
    pub appeals: Vec<String>,
    pub problems: Vec<String>,
    pub other: Vec<String>,
}

/// Writes one report's prose. With `copy`, sections 一 and 五 are last year's.
#[allow(clippy::too_many_arguments)]
pub fn write(
    habits: &Habits,
    memory: &mut Memory,
    year: i32,
    agency: &str,
    template: Template,
    figures: &Figures,
    copy: bool,
    rng: &mut Rng,
) -> Prose {
    let mut w = Writer {
        habits,
        rng,
        used: HashSet::new(),
        last: &memory.used,
    };
    let (overview_open, problems) = if copy && !memory.overview.is_empty() {
        (memory.overview.clone(), memory.problems.clone())
    } else {
        (w.overview(template), w.problems())
    };
    let used = std::mem::take(&mut w.used);
    let fill = |text: &str| {
        text.replace("{Y}", &year.to_string())
            .replace("{A}", agency)
            .replace(
                "{FIG}",
                &figures_sentence(habits.figures, year, habits.subject, agency, figures),
            )
    };
    let overview = overview_open.iter().map(|p| fill(p)).collect();
    let prose = Prose {
        preamble: preamble(year, agency, w.rng),
        overview,
        active: vec![active_intro(year, habits, w.rng)],
        requests: vec![requests_intro(habits.subject, figures, w.rng)],
        appeals: vec![appeals_intro(habits.subject, figures, w.rng)],
        problems: problems.clone(),
        other: other(year, habits.subject, template, w.rng),
    };
    if !copy {
        memory.used = used;
    }
    memory.overview = overview_open;
    memory.problems = problems;
    prose
}

struct Writer<'a> {
    habits: &'a Habits,
    rng: &'a mut Rng,
    used: HashSet<(u8, u16)>,
    last: &'a HashSet<(u8, u16)>,
}

impl Writer<'_> {
    /// `k` sentences of pool `id` not used last year, slots filled.
    fn sentences(&mut self, id: u8, pool: &[&str], k: usize) -> Vec<String> {
        let fresh: Vec<usize> = (0..pool.len())
            .filter(|&i| !self.last.contains(&(id, i as u16)))
            .collect();
        let chosen = self.rng.sample(fresh.len(), k.min(fresh.len()));
        let mut out = Vec::new();
        for c in chosen {
            let i = fresh[c];
            self.used.insert((id, i as u16));
            out.push(self.slots(pool[i]));
        }
        self.rng.shuffle(&mut out);
        out
    }

    /// `lo` to `lo + spread − 1` sentences of pool `id` (see [`Writer::sentences`]).
    fn some(&mut self, id: u8, pool: &[&str], lo: usize, spread: usize) -> Vec<String> {
        let k = lo + self.rng.below(spread);
        self.sentences(id, pool, k)
    }

    /// Fills {S}, {P}, {F}; leaves {Y} and {A} open.
    fn slots(&mut self, text: &str) -> String {
        let mut out = text.replace("{S}", self.habits.subject);
        while out.contains("{P}") {
            let p = *self.rng.pick(PLATFORMS);
            out = out.replacen("{P}", p, 1);
        }
        let mut fields: Vec<&str> = FIELDS.to_vec();
        self.rng.shuffle(&mut fields);
        let mut fields = fields.into_iter();
        while out.contains("{F}") {
            out = out.replacen("{F}", fields.next().unwrap_or("民生保障"), 1);
        }
        out
    }

    /// Section 一, paragraphs with `{Y}`, `{A}` and `{FIG}` open.
    fn overview(&mut self, template: Template) -> Vec<String> {
        let opener = self.sentences(0, OPENERS, 1).concat();
        let mut topics = vec![self.some(1, PROACTIVE, 2, 2), {
            let mut s = self.some(2, REQUESTS, 1, 2);
            let at = self.rng.below(s.len() + 1);
            s.insert(at, "{FIG}".to_string());
            s
        }];
        let full = template == Template::V2021;
        if full || self.rng.chance(0.5) {
            topics.push(self.sentences(3, MANAGEMENT, 2));
            topics.push(self.sentences(4, PLATFORM, 2));
            topics.push(self.some(5, OVERSIGHT, 1, 2));
        }
        let mut paragraphs = vec![opener];
        if full && self.habits.subheads {
            for (head, sentences) in SUBHEADS.iter().zip(topics) {
                paragraphs.push(format!("{head}{}", sentences.concat()));
            }
        } else {
            // Topics run together two or three to a paragraph.
            let mut current = String::new();
            for (i, sentences) in topics.into_iter().enumerate() {
                current.push_str(&sentences.concat());
                if i % 2 == 1 {
                    paragraphs.push(std::mem::take(&mut current));
                }
            }
            if !current.is_empty() {
                paragraphs.push(current);
            }
        }
        paragraphs
    }

    /// Section 五.
    fn problems(&mut self) -> Vec<String> {
        let opener = self.sentences(6, PROBLEM_OPENERS, 1).concat();
        let problems = self.some(7, PROBLEMS, 2, 2);
        let measure_opener = self.sentences(8, MEASURE_OPENERS, 1).concat();
        let measures = self.some(9, MEASURES, 2, 3);
        vec![
            format!("{opener}{}。", enumerate(&problems)),
            format!("{measure_opener}{}。", enumerate(&measures)),
        ]
    }
}

/// 一是…；二是…
fn enumerate(items: &[String]) -> String {
    const ORDINALS: [&str; 5] = ["一", "二", "三", "四", "五"];
    items
        .iter()
        .zip(ORDINALS)
        .map(|(item, o)| format!("{o}是{item}"))
        .collect::<Vec<_>>()
        .join("；")
}

/// The sentence of section 一 that states the request figures (they equal
/// table 3's 总计 column: 新收, （七）总计, 四 结转, 二 上年结转).
fn figures_sentence(habit: usize, year: i32, subject: &str, agency: &str, f: &Figures) -> String {
    if f.received == 0 {
        return match habit % 2 {
            0 => "本年度未收到政府信息公开申请。".to_string(),
            _ => "全年未收到政府信息公开申请。".to_string(),
        };
    }
    let mut s = match habit % 4 {
        0 => format!(
            "{year}年，{subject}共收到政府信息公开申请{}件，办结{}件",
            f.received, f.concluded
        ),
        1 => format!(
            "全年共受理政府信息公开申请{}件，办结{}件",
            f.received, f.concluded
        ),
        2 => format!(
            "本年度新收政府信息公开申请{}件，办结{}件",
            f.received, f.concluded
        ),
        _ => format!(
            "{year}年，{agency}收到政府信息公开申请{}件，办结{}件",
            f.received, f.concluded
        ),
    };
    if f.carried_out > 0 {
        s.push_str(&format!("，结转下年度继续办理{}件", f.carried_out));
    }
    s.push('。');
    if f.carried_in > 0 && habit.is_multiple_of(3) {
        s.push_str(&format!("上年结转政府信息公开申请{}件。", f.carried_in));
    }
    s
}

fn preamble(year: i32, agency: &str, rng: &mut Rng) -> Vec<String> {
    let basis = match rng.below(3) {
        0 => "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于年度报告格式的要求编制。",
        1 => "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布本年度报告。",
        _ => "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制，由本机关办公室汇总形成。",
    };
    let period = format!("本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。");
    let contact = match rng.below(3) {
        0 => format!("本报告电子版可在{agency}门户网站查阅或下载。如对本报告有疑问，请与{agency}办公室联系。"),
        1 => "如对本报告有疑问，请与本机关办公室联系。".to_string(),
        _ => format!("本报告全文在{}同步发布。", rng.pick(PLATFORMS)),
    };
    vec![format!("{basis}{period}{contact}")]
}

fn active_intro(year: i32, habits: &Habits, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => "本年度主动公开情况统计如下。".to_string(),
        1 => {
            let n = rng.count(habits.proactive).max(1);
            format!(
                "{year}年，{}主动公开政府信息{n}条，具体数据如下。",
                habits.subject
            )
        }
        _ => "具体数据见下表。".to_string(),
    }
}

fn requests_intro(subject: &str, f: &Figures, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 if f.concluded > 0 => format!(
            "本年度{subject}共办结政府信息公开申请{}件，具体情况见下表。",
            f.concluded
        ),
        0 | 1 => "本年度依申请公开情况统计如下。".to_string(),
        _ => "具体情况见下表。".to_string(),
    }
}

fn appeals_intro(subject: &str, f: &Figures, rng: &mut Rng) -> String {
    if f.review == 0 && f.litigation == 0 {
        return match rng.below(2) {
            0 => "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。".to_string(),
            _ => format!("本年度{subject}没有发生政府信息公开行政复议和行政诉讼案件。"),
        };
    }
    if f.review > 0 && rng.chance(0.5) {
        return format!(
            "本年度{subject}因政府信息公开被申请行政复议{}件，具体情况见下表。",
            f.review
        );
    }
    "本年度因政府信息公开引起的行政复议、行政诉讼情况见下表。".to_string()
}

fn other(year: i32, subject: &str, template: Template, rng: &mut Rng) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if template == Template::V2021 || rng.chance(0.4) {
        paragraphs.push(
            rng.pick(FEE_STATEMENTS)
                .replace("{S}", subject)
                .replace("{Y}", &year.to_string()),
        );
    }
    let k = 1 + rng.below(2);
    for i in rng.sample(OTHER_MATTERS.len(), k) {
        paragraphs.push(OTHER_MATTERS[i].replace("{S}", subject));
    }
    paragraphs
}

//! Figures read from the prose: every claim of the real reports, written out in
//! full and checked by hand against the documents, and made-up sentences for the
//! wordings the real ones do not show. Every span must be the number (or the
//! claim words) as printed in the original.

mod common;
use common::{data, extract};
use xxgk_model::{Claim, Report, Scope};

/// One line per claim: kind, value, share, about, scope, `raw`@line:column,
/// parts. Also asserts that every span points at `raw` in the original.
fn claims(report: &Report, original: &str) -> String {
    let mut out = String::new();
    for claim in &report.narrative {
        assert_eq!(
            &original[claim.span.start..claim.span.end],
            claim.raw,
            "{claim:?}"
        );
        for part in &claim.parts {
            assert_eq!(&original[part.span.start..part.span.end], part.raw);
        }
        out.push_str(&line(claim));
        out.push('\n');
    }
    out
}

fn line(c: &Claim) -> String {
    let mut s = format!("{:?}", c.kind);
    if let Some(v) = c.value {
        s.push_str(&format!(" {v}"));
    }
    if let Some(p) = c.percent {
        s.push_str(&format!(" ({p}%)"));
    }
    if let Some(a) = &c.about {
        s.push_str(&format!(" about={a}"));
    }
    match &c.scope {
        Scope::Whole => {}
        Scope::Part(p) => s.push_str(&format!(" part={p}")),
    }
    s.push_str(&format!(" 「{}」@{}:{}", c.raw, c.span.line, c.span.column));
    if !c.parts.is_empty() {
        let parts: Vec<String> = c.parts.iter().map(|p| p.value.to_string()).collect();
        s.push_str(&format!(" parts={}", parts.join("+")));
    }
    s
}

fn real(path: &str) -> String {
    let original = std::fs::read_to_string(data(path)).expect("fixture");
    claims(&extract(path), &original)
}

/// Claims of `body` under a title that names the body and the year (2024).
fn made_up(body: &str) -> String {
    let text = format!("某某县财政局2024年政府信息公开工作年度报告\n{body}");
    let report = xxgk_extract::extract_text(&text, "made-up.txt");
    assert_eq!(report.year, Some(2024));
    claims(&report, &text)
}

// ------------------------------------------------------------ real reports

#[test]
fn seed_000_requests_and_proactive_parts() {
    // 「年内共收到政府信息依申请公开 64 件」 (table 3 says 0) and 「主动公开政府信息1035条，
    // 其中在微信公众号公布185条，在镇级、村级公开栏公开850条」. 「12345便民服务共接收99件」
    // is no disclosure request.
    assert_eq!(
        real("seeds/000_60799c090932cf1e.txt"),
        "\
ProactiveTotal 1035 「1035」@19:18 parts=185+850
RequestsReceived 64 「64」@42:16
"
    );
    let report = extract("seeds/000_60799c090932cf1e.txt");
    assert!(report.narrative[1]
        .sentence
        .starts_with("年内共收到政府信息依申请公开 64 件，主要涉及"));
}

#[test]
fn a_township_with_nothing_to_report() {
    assert_eq!(
        made_up("全年未收到任何政府信息公开申请，无行政复议和行政诉讼情况。\n"),
        "\
RequestsReceived 0 「未收到」@2:3
NoAppeals about=both 「无行政复议」@2:17
"
    );
}

#[test]
fn seed_001_no_request_received_is_zero() {
    assert_eq!(
        real("seeds/001_45d6ed1fafd8548f.txt"),
        "RequestsReceived 0 「未收到依申请公开」@17:13\n"
    );
}

#[test]
fn seed_002_no_appeals_in_traditional_text_with_pinyin() {
    // 「2019年1月至今未發(fā)生…而被申請(qǐng)行政復(fù)議或被提起行政訴訟的情形」. Not
    // claims: 受理縣長信箱6件 (a mailbox), 其中主動公開23條 (a part of 127 documents),
    // 不予公開的政府信息104條 (documents, not requests), 二十個工作日 (a duration).
    assert_eq!(
        real("seeds/002_0b1325ff460d94b6.txt"),
        "NoAppeals about=both 「未發(fā)生」@19:141\n"
    );
}

#[test]
fn seed_003_states_nothing_checkable() {
    // 「公开信息共 311 条」 is not said to be proactive disclosure.
    assert_eq!(real("seeds/003_896bea92d5be09c0.txt"), "");
}

#[test]
fn seed_004_received_by_channel_are_parts() {
    // 「接收邮寄信息公开申请3个，区转办信息公开申请7个」: two channels, each a part of the
    // 10 received (no total is stated, so none is compared with table 3).
    assert_eq!(
        real("seeds/004_ca48803eb8e502d4.txt"),
        "\
RequestsReceived 3 part=邮寄 「3」@19:24
RequestsReceived 7 part=区转办 「7」@19:36
"
    );
}

#[test]
fn huaian_city_2024_every_request_figure() {
    // 「全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件
    // 顺延到下年度答复）」: 含 qualifies the 3050 answered, not the 3119 received. 「市政府网站
    // 主动公开各类政府信息 5500 余条」 is approximate: no claim.
    assert_eq!(
        real("layout/huaian-city-2024.pdftotext-layout.txt"),
        "\
RequestsReceived 3119 「3119」@31:27
RequestsConcluded 3050 「3050」@32:3
RequestsCarriedIn 34 「34」@32:19
RequestsCarriedOut 103 「103」@32:27
ReviewTotal 351 「351」@33:28 parts=72+64+178+37
LitigationTotal 46 「46」@35:21 parts=25+5+9+7
"
    );
}

#[test]
fn hongze_2023_whole_district() {
    assert_eq!(
        real("layout/huaian-hongze-district-2023.pdftotext-layout.txt"),
        "\
ProactiveTotal 1136 「1136」@19:15
RequestsReceived 21 「21」@21:29
"
    );
}

#[test]
fn hongze_2024_district_office_is_a_part() {
    // 「区政府办代表区政府受理政府信息公开申请 17 件」 while table 3 (the district) says 95.
    assert_eq!(
        real("layout/huaian-hongze-district-2024.pdftotext-layout.txt"),
        "\
ProactiveTotal 2428 「2428」@19:17
RequestsReceived 17 part=区政府办 「17」@25:8
"
    );
}

// ---------------------------------------------------------- made-up wordings

#[test]
fn outcomes_with_shares() {
    assert_eq!(
        made_up(
            "一、总体情况\n全年共受理政府信息公开申请 20 件，其中予以公开 10 件（占 50%），部分公开 2 件，占比10.0%，\
             不予公开三件，无法提供 4 件，不予处理 1 件；予以公开及部分公开 12 件。\n"
        ),
        "\
RequestsReceived 20 「20」@3:15
Granted 10 (50%) 「10」@3:27
PartiallyGranted 2 (10%) 「2」@3:44
Denied 3 「三」@3:60
Unavailable 4 「4」@3:68
Rejected 1 「1」@3:77
GrantedOrPartially 12 「12」@3:91
"
    );
}

#[test]
fn carry_over_and_received_including_it() {
    assert_eq!(
        made_up(
            "我局全年共收到政府信息公开申请 25 件（含上年结转 5 件），办结 23 件，2 件结转下年度办理。\n"
        ),
        "\
RequestsReceived 25 about=including_carried_in 「25」@2:17
RequestsCarriedIn 5 「5」@2:28
RequestsConcluded 23 「23」@2:36
RequestsCarriedOut 2 「2」@2:41
"
    );
}

#[test]
fn full_width_traditional_and_grouped_numbers() {
    // 3,119 is one number; 3，119 (a full-width comma) two, and the 3 has no unit.
    let text = "本機關全年共收到政府信息公開申請１２件。\n全市共受理政府信息公开申请 3,119 件。\n各部门共受理政府信息公开申请 3，119 件。\n";
    assert_eq!(
        made_up(text),
        "\
RequestsReceived 12 「１２」@2:17
RequestsReceived 3119 「3,119」@3:15
"
    );
}

#[test]
fn appeals_words_and_their_groups() {
    assert_eq!(
        made_up(
            "全年被申请行政复议 2 件，均获维持；被提起行政诉讼 1 起，未败诉。\n\
             全年未发生行政复议。\n\
             行政诉讼零败诉，行政复议无被纠错案件。\n\
             下一步力争零败诉。\n"
        ),
        "\
ReviewTotal 2 「2」@2:11
AllUpheld about=review 「均获维持」@2:15
LitigationTotal 1 「1」@2:28
NoneCorrected about=litigation 「未败诉」@2:32
NoAppeals about=review 「未发生行政复议」@3:3
NoneCorrected about=both 「零败诉」@4:5
"
    );
}

#[test]
fn other_years_approximations_and_comparisons_are_no_claims() {
    assert_eq!(
        made_up(
            "2023年全区受理政府信息公开申请 21 件。\n\
             全年受理政府信息公开申请约 30 件，较上年增加 5 件。\n\
             全年受理政府信息公开申请 30 余件。\n\
             办理老年证 200 个，受理县长信箱 6 件，按规定于二十个工作日内答复。\n"
        ),
        ""
    );
}

#[test]
fn a_typical_section_three() {
    assert_eq!(
        made_up(
            "三、收到和处理政府信息公开申请情况\n\
             2024年，本机关共收到政府信息公开申请45件，其中自然人申请40件，法人或其他组织申请5件；上年结转3件。\
             从办理结果看，予以公开(含部分公开)20件，不予公开5件，无法提供15件，不予处理3件，其他处理2件。\
             共办结45件，均按时答复，其中当场答复2件，延期答复1件；3件正在办理中。\n"
        ),
        "\
RequestsReceived 45 「45」@3:21 parts=40+5
RequestsCarriedIn 3 「3」@3:52
GrantedOrPartially 20 「20」@3:73
Denied 5 「5」@3:81
Unavailable 15 「15」@3:88
Rejected 3 「3」@3:96
RequestsConcluded 45 「45」@3:109
RequestsConcluded 2 part=当场 「2」@3:125
RequestsCarriedOut 3 「3」@3:135
"
    );
}

#[test]
fn subjects_listed_in_one_sentence() {
    assert_eq!(
        made_up(
            "区政府本级受理政府信息公开申请30件，各部门受理120件，全区共受理150件。\n\
             全年无因政府信息公开引起的行政复议和行政诉讼案件。\n"
        ),
        "\
RequestsReceived 30 part=区政府本级 「30」@2:16
RequestsReceived 120 part=各部门 「120」@2:25
RequestsReceived 150 「150」@2:35
NoAppeals about=both 「无」@3:3
"
    );
}

#[test]
fn cumulative_counts_other_registers_applicants_and_stray_shares_are_no_claims() {
    assert_eq!(
        made_up(
            "截至2024年底，累计受理政府信息公开申请500件。\n\
             2019年以来共收到政府信息公开申请80件。\n\
             全年办理人大建议和政协提案12件，均已答复。\n\
             全年共受理政府信息公开申请12件，同比增长20%。\n\
             已发出补正通知，但未收到申请人的回复。\n\
             全年未收到通过邮寄方式提交的政府信息公开申请。\n\
             全年共受理政府信息公开申请12件，其中予以公开5件，网上申请的3件，占25%。\n"
        ),
        "\
RequestsReceived 12 「12」@5:14
RequestsReceived 12 「12」@8:14
Granted 5 「5」@8:24
"
    );
}

#[test]
fn a_city_summary_with_shares_and_a_comparison() {
    // The shape of a large city's summary: a comparison with the year before in
    // the same sentence, 含上年度结转 without a number, a share with decimals.
    assert_eq!(
        made_up(
            "(二)依申请公开方面\n\
             2024年，全市共收到政府信息公开申请120件，申请数量较2023年上升20%；答复政府信息公开申请125件（含上年度结转），\
             均在法定期限内予以答复。予以公开及部分公开40件，占32.00%；不予公开6件，占4.8%。\n"
        ),
        "\
RequestsReceived 120 「120」@3:20
RequestsConcluded 125 「125」@3:51
GrantedOrPartially 40 (32%) 「40」@3:85
Denied 6 (4.8%) 「6」@3:101
"
    );
}

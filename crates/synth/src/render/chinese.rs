//! Traditional characters, for the reports some sites publish (or crawlers
//! copy) in traditional script: 淮安市洪澤區人民政府.
//!
//! The map holds only characters whose traditional form is one-to-one and
//! folds back to the same simplified character (checked against `fast2s`, which
//! the reader uses, in the tests). Characters whose traditional form depends on
//! the word (发/髮, 系/係, 里/裡, 干/幹, 制/製) are left alone, as a careful
//! converter would.

use std::sync::OnceLock;

/// Pairs: simplified, traditional, simplified, traditional, …
const PAIRS: &str = concat!(
    "万萬与與专專业業东東丝絲两兩严嚴个個丰豐临臨为為丽麗举舉义義乐樂习習书書买買乱亂争爭",
    "于於亏虧云雲亚亞产產亩畝亲親亿億仅僅从從仓倉仪儀们們价價众眾优優会會伟偉传傳伤傷",
    "伦倫体體佣傭侨僑侦偵侧側俭儉债債倾傾偿償储儲儿兒党黨兰蘭关關兴興养養内內冈岡册冊",
    "写寫军軍农農冯馮决決况況冻凍净淨减減凤鳳凭憑击擊则則刚剛创創删刪别別刘劉剂劑剧劇",
    "劝勸办辦务務动動励勵劳勞势勢区區医醫华華协協单單卖賣卫衛却卻厅廳压壓县縣参參双雙",
    "变變号號启啟吴吳员員听聽响響问問园園围圍国國图圖圆圓圣聖场場坏壞块塊坚堅坛壇坝壩",
    "垦墾执執报報墙牆壮壯声聲处處备備复復头頭夹夾夺奪奋奮奖獎妇婦娄婁娱娛孙孫学學宁寧",
    "宝寶实實审審宪憲宫宮宽寬宾賓对對寻尋导導寿壽将將尔爾尘塵层層属屬岁歲岗崗岛島岭嶺",
    "峡峽币幣师師帐帳带帶帮幫广廣庄莊庆慶库庫应應废廢开開异異弃棄张張弹彈强強归歸当當",
    "录錄彻徹径徑忆憶态態怀懷总總恳懇恶惡悦悅惊驚惩懲惯慣愤憤愿願战戰户戶扩擴扫掃扬揚",
    "扰擾抚撫护護拟擬拥擁择擇挥揮损損换換据據携攜摄攝摆擺敌敵数數断斷无無旧舊时時显顯",
    "晋晉暂暫机機杀殺杂雜权權条條来來杨楊构構枪槍标標栏欄树樹样樣桥橋档檔梦夢检檢楼樓",
    "横橫欢歡残殘毁毀毕畢气氣汉漢汤湯沟溝没沒沪滬泽澤洁潔测測济濟浅淺浓濃涧澗润潤涨漲",
    "渔漁温溫湾灣湿濕滚滾满滿滞滯滨濱潜潛灭滅灯燈灵靈灾災炉爐点點炼煉烟煙热熱焕煥爱愛",
    "牵牽犹猶独獨狱獄献獻环環现現琼瓊电電画畫畅暢疗療盐鹽监監盖蓋盘盤矫矯码碼确確础礎",
    "礼禮祸禍离離种種积積称稱稳穩穷窮竞競笔筆筹籌签簽简簡类類粮糧紧緊纠糾红紅约約级級",
    "纪紀纯純纲綱纳納纵縱纷紛纸紙线線练練组組细細织織终終绍紹经經结結绕繞绘繪给給络絡",
    "绝絕统統继繼绩績续續维維综綜绿綠编編缘緣缴繳网網罗羅罚罰职職联聯肃肅胜勝脑腦腾騰",
    "舆輿节節艺藝苏蘇范範荐薦获獲营營蓝藍虑慮虽雖补補装裝见見观觀规規视視览覽觉覺订訂",
    "计計认認讨討让讓训訓议議讯訊记記讲講许許论論设設访訪证證评評识識诉訴词詞译譯试試",
    "诚誠话話询詢该該详詳语語误誤说說请請读讀课課谁誰调調谈談谋謀谐諧谢謝谨謹贝貝负負",
    "贡貢财財责責贤賢败敗货貨质質贫貧购購贯貫贵貴贷貸费費贺賀资資赔賠赖賴赛賽赞贊赶趕",
    "赵趙趋趨跃躍践踐车車轨軌转轉轮輪软軟轻輕载載较較辅輔辆輛辖轄辞辭边邊达達迁遷过過",
    "运運还還这這进進远遠违違连連迟遲适適选選递遞邮郵邻鄰郑鄭释釋钢鋼钱錢铁鐵铜銅铺鋪",
    "链鏈销銷锁鎖锋鋒错錯键鍵镇鎮长長门門闭閉间間闻聞阅閱队隊阳陽阴陰阵陣阶階际際陆陸",
    "陈陳险險随隨隐隱难難雾霧顶頂项項顺順顾顧预預领領频頻题題颜顏额額风風飞飛饭飯馆館",
    "验驗鱼魚鲁魯鸟鳥鸡雞麦麥龙龍齐齊涟漣荆荊滩灘营營寨寨渡渡汇匯鹤鶴贡貢泸瀘绵綿遂遂",
    "发發采採馈饋并並韩韓亳亳沧滄枣棗邢邢张張宜宜郸鄲皇皇岳岳阜阜潍濰滁滁临臨聊聊衢衢绍紹鹰鷹赣贛饶饒",
);

/// The sorted (simplified, traditional) pairs.
fn table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = PAIRS.chars().collect();
        let mut pairs: Vec<(char, char)> = chars
            .chunks(2)
            .map(|p| (p[0], p[1]))
            .filter(|(s, t)| s != t)
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        pairs
    })
}

/// The (traditional, simplified) pairs sorted by traditional character.
fn inverse() -> &'static [(char, char)] {
    static INVERSE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    INVERSE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = table().iter().map(|&(s, t)| (t, s)).collect();
        pairs.sort_unstable();
        pairs
    })
}

/// The traditional form of one character (itself when it has none here).
pub fn traditional_char(c: char) -> char {
    let t = table();
    t.binary_search_by_key(&c, |p| p.0).map_or(c, |i| t[i].1)
}

/// `text` in traditional characters.
pub fn traditional(text: &str) -> String {
    text.chars().map(traditional_char).collect()
}

/// `text` with every traditional character of the map turned back into its
/// simplified form (the inverse of the conversion the generator applies to
/// reports printed in traditional characters).
pub fn simplified(text: &str) -> String {
    let inv = inverse();
    text.chars()
        .map(|c| {
            inv.binary_search_by_key(&c, |p| p.0)
                .map_or(c, |i| inv[i].1)
        })
        .collect()
}

/// Every (simplified, traditional) pair of the map (for tests).
#[cfg(test)]
pub fn pairs() -> &'static [(char, char)] {
    table()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every traditional character folds back to its simplified one with the
    /// converter the reader uses, and no two simplified characters share one.
    #[test]
    fn the_map_agrees_with_fast2s() {
        let mut wrong = Vec::new();
        for &(s, t) in pairs() {
            let back = fast2s::convert(&t.to_string());
            if back != s.to_string() {
                wrong.push(format!("{s}→{t}→{back}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
        let mut traditional: Vec<char> = pairs().iter().map(|p| p.1).collect();
        traditional.sort_unstable();
        traditional.dedup();
        assert_eq!(traditional.len(), pairs().len());
    }

    /// Names are written in simplified characters that the reader keeps as they are.
    #[test]
    fn place_names_are_stable_simplified_text() {
        for c in crate::names::place_chars() {
            assert_eq!(fast2s::convert(&c.to_string()), c.to_string(), "{c}");
        }
    }

    #[test]
    fn round_trip() {
        let name = "淮安市洪泽区人民政府";
        assert_eq!(traditional(name), "淮安市洪澤區人民政府");
        assert_eq!(simplified(&traditional(name)), name);
    }
}

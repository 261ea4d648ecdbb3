//! Help and usage errors in the user's language.
//!
//! The command line is defined once, in [`crate::args`], with English doc
//! comments (what `--lang en` shows). Chinese — the default — is laid over that
//! definition here: every subcommand's description, every option's help and
//! every value's meaning, plus clap's own words (用法, 选项, 默认值, usage
//! errors). A test keeps the two in step: each argument has its Chinese help and
//! each Chinese entry names a real argument.
//!
//! The language is known before parsing: `--lang en` (or `--lang=en`) anywhere
//! on the command line, else the `XXGK_LANG` environment variable, else Chinese.

use crate::args::Cli;
use crate::config::{self, Config};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use xxgk_model::Lang;

/// Each subcommand's Chinese description.
#[rustfmt::skip]
const ABOUT: &[(&str, &str)] = &[
    ("xxgk", "政府信息公开工作年度报告工具：提取报告中的统计表，按官方格式和勾稽关系检查，建立语料库，按官方格式生成报告"),
    ("extract", "提取报告中的三张统计表并输出"),
    ("check", "检查报告：列出与官方格式不符或自相矛盾之处"),
    ("rules", "列出 xxgk check 的所有规则"),
    ("rule", "查看一条规则的说明"),
    ("ingest", "读入报告，提取、检查后存入语料库"),
    ("reindex", "用当前版本重新提取语料库中的报告"),
    ("stats", "按年度、格式、地区或层级统计语料库"),
    ("coverage", "列出某年度没有年度报告的机关"),
    ("compare", "逐年对比一个机关的统计表"),
    ("export", "把语料库导出为 CSV、XLSX 或 Parquet，或把其中的发现导出为工作簿"),
    ("new", "生成某一年度的空白数据文件"),
    ("render", "按官方格式生成报告：Markdown、HTML 或 DOCX"),
    ("eval", "对照人工核对的期望值，测量提取准确率"),
    ("clean", "删除 xxgk check 的结果缓存"),
    ("generate", "输出命令补全脚本或手册页"),
    ("serve", "启动网页应用：在浏览器中查看、上传、对比报告和统计"),
    ("user", "管理网页应用的用户"),
    ("user add", "添加用户"),
    ("user list", "列出用户"),
    ("user passwd", "设置用户密码（其已登录的会话随即失效）"),
    ("user role", "更改用户角色"),
    ("user disable", "停用用户：不能登录，会话和令牌失效"),
    ("user enable", "重新启用已停用的用户"),
    ("deadline", "计算一件申请的答复期限，列出计入和不计入的每一天"),
    ("register", "依申请公开台账：登记、更新、列表、到期提醒、导入、导出，由台账统计表三"),
    ("register add", "登记一件新收到的申请"),
    ("register update", "记录一件申请的办理步骤（补正、征求意见、延期、收费、办结）"),
    ("register list", "列出已登记的申请"),
    ("register show", "查看一件申请：登记内容、答复期限的逐日计算、修改记录"),
    ("register due", "列出即将到期和已经超期的申请"),
    ("register import", "导入台账表格（XLSX 或 CSV）：有一行有误就全部不导入"),
    ("register export", "把台账导出为 XLSX 或 CSV（导出的文件可再导入）"),
    ("register table3", "由台账统计某一年度的表三并按规则检查；可写出年度报告数据文件"),
    ("register remove", "删除误登记的申请（登记内容和修改记录仍保留）"),
];

/// Each argument's Chinese help: (subcommand, argument id, help). Arguments
/// shared by every subcommand are listed under `xxgk`.
#[rustfmt::skip]
const HELP: &[(&str, &str, &str)] = &[
    ("xxgk", "lang", "信息的语言：zh（中文，默认）或 en（英文）"),
    ("eval", "paths", "期望值文件（xxgk/expected@1）或其所在文件夹"),
    ("eval", "format", "输出格式"),
    ("extract", "paths", "报告文件或文件夹（递归查找）"),
    ("extract", "format", "输出格式（默认：一个文件为 json，多个为 jsonl）"),
    ("extract", "output", "写入此文件，而不是标准输出"),
    ("extract", "force", "文件已存在时覆盖"),
    ("check", "paths", "报告文件或文件夹（递归查找）"),
    ("check", "format", "输出格式（默认：按 -o 的扩展名，否则为 full）"),
    ("check", "output", "写入此文件，而不是标准输出（xlsx 必须给出）"),
    ("check", "force", "文件已存在时覆盖"),
    ("check", "select", "只运行这些规则：规则编号，或以 * 结尾的前缀（narrative-*）；可重复，也可用逗号分隔"),
    ("check", "ignore", "不运行这些规则（规则编号或以 * 结尾的前缀），优先于 --select"),
    ("check", "no_cache", "每个文件都重新检查：不读也不写结果缓存"),
    ("check", "cache_dir", "结果缓存所在的文件夹（默认：$XDG_CACHE_HOME/xxgk 或 ~/.cache/xxgk）"),
    ("clean", "cache_dir", "结果缓存所在的文件夹（默认：$XDG_CACHE_HOME/xxgk 或 ~/.cache/xxgk）"),
    ("rule", "id", "规则编号，如 requests-balance（见 xxgk rules）"),
    ("ingest", "paths", "报告文件或文件夹（递归查找）"),
    ("ingest", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("ingest", "agencies", "机关名录（CSV：名称、地区、层级、上级），替换已存的名录"),
    ("ingest", "threads", "工作线程数（0：每个处理器核心一个）"),
    ("reindex", "db", "语料库数据库：已有的 SQLite 文件（由 xxgk ingest 建立）"),
    ("reindex", "all", "重新提取所有报告，而不只是旧版本提取的"),
    ("reindex", "threads", "工作线程数（0：每个处理器核心一个）"),
    ("stats", "db", "语料库数据库：已有的 SQLite 文件（由 xxgk ingest 建立）"),
    ("stats", "by", "分组依据，按给出的顺序（可重复，也可用逗号分隔）"),
    ("stats", "format", "输出格式（默认：按 -o 的扩展名，否则为 table）"),
    ("stats", "output", "写入此文件，而不是标准输出"),
    ("stats", "force", "文件已存在时覆盖"),
    ("coverage", "db", "语料库数据库：已有的 SQLite 文件（由 xxgk ingest 建立）"),
    ("coverage", "year", "报告年度"),
    ("coverage", "format", "输出格式（默认：按 -o 的扩展名，否则为 table）"),
    ("coverage", "output", "写入此文件，而不是标准输出"),
    ("coverage", "force", "文件已存在时覆盖"),
    ("compare", "agency", "机关：名录中或报告上的名称，全称或简称均可（洪泽区人民政府）"),
    ("compare", "db", "语料库数据库：已有的 SQLite 文件（由 xxgk ingest 建立）"),
    ("compare", "all", "显示所有单元格，包括各年都空白的"),
    ("compare", "format", "输出格式（默认：按 -o 的扩展名，否则为 table）"),
    ("compare", "output", "写入此文件，而不是标准输出"),
    ("compare", "force", "文件已存在时覆盖"),
    ("export", "db", "语料库数据库：已有的 SQLite 文件（由 xxgk ingest 建立）"),
    ("export", "to", "导出格式"),
    ("export", "output", "输出文件（Parquet 为文件夹）；- 表示标准输出（仅 CSV）"),
    ("new", "year", "报告年度（统计年度）：2019–2020 年用 2019 年格式，此后用 2021 年格式"),
    ("new", "to", "生成的内容：带注释的 TOML、JSON，或 XLSX 填报表（须给出 -o）（默认：按 -o 的扩展名，否则为 toml）"),
    ("new", "output", "写入此文件，而不是标准输出"),
    ("new", "force", "文件已存在时覆盖"),
    ("new", "register", "由 --db 中的依申请公开台账统计表三并填入（不必手填）"),
    ("new", "db", "依申请公开台账所在的数据库（与 --register 一起使用）"),
    ("render", "input", "数据文件（.toml、.json、.xlsx 填报表），或 xxgk 能读取的任何报告"),
    ("render", "to", "输出格式（默认：按 -o 的扩展名，否则为 md）"),
    ("render", "output", "写入此文件，而不是标准输出（docx 必须给出）"),
    ("render", "force", "文件已存在时覆盖"),
    ("export", "force", "输出文件已存在时覆盖"),
    ("render", "allow_errors", "数据有错误时仍然生成（按填写的内容原样输出）"),
    ("generate", "what", "要输出的内容"),
    ("serve", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("serve", "addr", "监听地址（127.0.0.1：仅本机；0.0.0.0：局域网）"),
    ("serve", "upload_limit", "单次上传的大小上限（MiB）"),
    ("serve", "secure_cookies", "Cookie 标记为 Secure（经 HTTPS 提供服务时）"),
    ("user add", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user list", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user passwd", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user role", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user disable", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user enable", "db", "语料库数据库：SQLite 文件，不存在时新建"),
    ("user add", "name", "登录名"),
    ("user add", "role", "用户角色"),
    ("user add", "password_stdin", "从标准输入的第一行读取密码，而不是提示输入"),
    ("user passwd", "name", "登录名"),
    ("user passwd", "password_stdin", "从标准输入的第一行读取密码，而不是提示输入"),
    ("user role", "name", "登录名"),
    ("user role", "role", "新角色"),
    ("user disable", "name", "登录名"),
    ("user enable", "name", "登录名"),
    ("deadline", "date", "收到申请之日（年-月-日）"),
    ("deadline", "channel", "申请方式，决定以哪一天为收到申请之日（条例第三十一条）"),
    ("deadline", "format", "输出格式"),
    ("register add", "db", "数据库：SQLite 文件，不存在时新建（台账与语料库在同一数据库中）"),
    ("register add", "by", "登记人，记入修改记录（默认：$USER）"),
    ("register add", "id", "登记号，不能重复"),
    ("register add", "applicant", "申请人类型：表三的一列（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）"),
    ("register add", "channel", "申请方式"),
    ("register add", "received", "收到申请之日（年-月-日）"),
    ("register add", "name", "申请人姓名或名称"),
    ("register add", "content", "申请公开的内容"),
    ("register add", "assignee", "承办人"),
    ("register update", "id", "登记号"),
    ("register update", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register update", "by", "修改人，记入修改记录（默认：$USER）"),
    ("register update", "based_on", "本次修改所依据的版本号（list 或 show 显示的）；其间若有他人修改，则拒绝保存"),
    ("register update", "assignee", "承办人"),
    ("register update", "content", "申请公开的内容"),
    ("register update", "correction_notice", "发出补正通知的日期"),
    ("register update", "corrected", "收到补正后申请的日期"),
    ("register update", "consult", "征求意见的对象（与 --consulted 一起给出）"),
    ("register update", "consulted", "发出征求意见的日期"),
    ("register update", "opinion", "收到（最后一次未结束的）征求意见答复的日期"),
    ("register update", "extend", "延长的工作日数（1–20）"),
    ("register update", "approved", "批准延期的日期"),
    ("register update", "approver", "延期批准人"),
    ("register update", "fee", "收取信息处理费：按件或按量"),
    ("register update", "quantity", "按件：本申请是该申请人当月第几件；按量：页数"),
    ("register update", "fee_notice", "发出收费通知的日期"),
    ("register update", "paid", "缴费日期"),
    ("register update", "concluded", "办结日期"),
    ("register update", "outcome", "办理结果：表三的一行（予以公开、部分公开、不予公开 1.属于国家秘密……）"),
    ("register list", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register list", "year", "只列出该年度收到的申请"),
    ("register list", "open", "只列出尚未办结的申请"),
    ("register list", "format", "输出格式"),
    ("register show", "id", "登记号"),
    ("register show", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register show", "format", "输出格式"),
    ("register due", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register due", "as_of", "以哪一天为准（年-月-日）（默认：北京时间今天）"),
    ("register due", "within", "列出此后多少个工作日内到期的申请（已超期的都列出）"),
    ("register due", "format", "输出格式"),
    ("register import", "file", "台账表格：.xlsx 或 .csv（UTF-8 或 GBK）"),
    ("register import", "db", "数据库：SQLite 文件，不存在时新建（台账与语料库在同一数据库中）"),
    ("register import", "by", "导入人，记入修改记录（默认：$USER）"),
    ("register export", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register export", "output", "输出文件：.xlsx 或 .csv；- 表示以 CSV 输出到标准输出"),
    ("register export", "force", "文件已存在时覆盖"),
    ("register remove", "id", "登记号"),
    ("register remove", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register remove", "by", "删除人，记入修改记录（默认：$USER）"),
    ("register remove", "based_on", "本次删除所依据的版本号；其间若有他人修改，则拒绝删除"),
    ("register table3", "db", "数据库：SQLite 文件（台账与语料库在同一数据库中）"),
    ("register table3", "year", "报告年度"),
    ("register table3", "output", "写出年度报告数据文件（.toml、.json、.xlsx），表三已按台账填好"),
    ("register table3", "from", "以这个数据文件为基础（保留其他表格和正文，替换表三）"),
    ("register table3", "force", "文件已存在时覆盖"),
    ("register table3", "format", "表格的输出格式"),
];

/// The Chinese meaning of each value of an enumerated option:
/// (subcommand, argument id, value, meaning).
#[rustfmt::skip]
const VALUES: &[(&str, &str, &str, &str)] = &[
    ("xxgk", "lang", "zh", "中文"),
    ("xxgk", "lang", "en", "英文"),
    ("eval", "format", "table", "每份文档一行，然后是合计和每个读错的单元格"),
    ("eval", "format", "json", "一个 JSON 文档（xxgk/eval@1）"),
    ("extract", "format", "json", "一个文件输出一个 JSON 对象；多个文件输出 JSON Lines"),
    ("extract", "format", "jsonl", "JSON Lines：每行一个 xxgk/report@1 对象"),
    ("extract", "format", "csv", "长格式 CSV，每个单元格一行，带 BOM 的 UTF-8，便于 Excel 打开"),
    ("extract", "format", "table", "对齐的表格，便于在终端阅读"),
    ("check", "format", "full", "像 rustc 一样：每条发现附原文行，并在单元格下标注"),
    ("check", "format", "concise", "每条发现一行：路径:行:列: 级别[规则] 说明"),
    ("check", "format", "json", "JSON Lines，每个文件一个 xxgk/findings@1 对象"),
    ("check", "format", "sarif", "一个 SARIF 2.1.0 文档（GitHub 代码扫描）"),
    ("check", "format", "github", "GitHub Actions 工作流命令（注释）"),
    ("check", "format", "xlsx", "供审阅的工作簿：每条发现及其单元格，每个文件一行汇总（须给出 -o）"),
    ("check", "format", "csv", "工作簿中的发现，CSV 格式，带 BOM 的 UTF-8"),
    ("user add", "role", "viewer", "查看者：查看报告、发现、对比和统计，下载"),
    ("user add", "role", "reviewer", "审查员：另可上传报告和机关名录"),
    ("user add", "role", "admin", "管理员：另可管理用户"),
    ("user role", "role", "viewer", "查看者：查看报告、发现、对比和统计，下载"),
    ("user role", "role", "reviewer", "审查员：另可上传报告和机关名录"),
    ("user role", "role", "admin", "管理员：另可管理用户"),
    ("stats", "by", "year", "年度"),
    ("stats", "by", "format", "报告的文件格式"),
    ("stats", "by", "region", "地区"),
    ("stats", "by", "level", "层级"),
    ("stats", "by", "template", "官方格式（2019 或 2021 年）"),
    ("stats", "format", "table", "对齐的表格，便于在终端阅读"),
    ("stats", "format", "json", "一个 JSON 文档"),
    ("stats", "format", "csv", "CSV，带 BOM 的 UTF-8，便于 Excel 打开"),
    ("coverage", "format", "table", "对齐的表格，便于在终端阅读"),
    ("coverage", "format", "json", "一个 JSON 文档"),
    ("coverage", "format", "csv", "CSV，带 BOM 的 UTF-8，便于 Excel 打开"),
    ("compare", "format", "table", "对齐的表格，便于在终端阅读"),
    ("compare", "format", "json", "一个 JSON 文档"),
    ("compare", "format", "csv", "CSV，带 BOM 的 UTF-8，便于 Excel 打开"),
    ("export", "to", "csv", "长格式，每个单元格一行，带 BOM 的 UTF-8（-o - 输出到标准输出）"),
    ("export", "to", "xlsx", "工作簿：报告清单、按官方格式排列的表二至表四、长格式"),
    ("export", "to", "parquet", "按年度分区的 Parquet 文件夹（须以 --features parquet 构建）"),
    ("export", "to", "findings-xlsx", "已存的发现，供审阅的工作簿：每条发现及其单元格，每份报告一行汇总"),
    ("export", "to", "findings-csv", "已存的发现，CSV 格式，带 BOM 的 UTF-8（-o - 输出到标准输出）"),
    ("new", "to", "toml", "带注释的 TOML"),
    ("new", "to", "json", "JSON"),
    ("new", "to", "xlsx", "XLSX 填报表"),
    ("render", "to", "md", "Markdown"),
    ("render", "to", "html", "可打印的 HTML 网页"),
    ("render", "to", "docx", "Word 文档"),
    ("generate", "what", "bash", "bash 的命令补全脚本"),
    ("generate", "what", "zsh", "zsh 的命令补全脚本"),
    ("generate", "what", "fish", "fish 的命令补全脚本"),
    ("generate", "what", "powershell", "PowerShell 的命令补全脚本"),
    ("generate", "what", "elvish", "elvish 的命令补全脚本"),
    ("generate", "what", "man", "手册页（roff 格式），即 xxgk(1)"),
    ("deadline", "channel", "当面", "当面提交：以提交之日为收到之日"),
    ("deadline", "channel", "邮寄", "邮寄：以签收之日为收到之日"),
    ("deadline", "channel", "平邮", "平常信函：以收到之日为收到之日"),
    ("deadline", "channel", "网络", "互联网渠道：以双方确认之日为收到之日"),
    ("deadline", "channel", "传真", "传真：以双方确认之日为收到之日"),
    ("register add", "channel", "当面", "当面提交：以提交之日为收到之日"),
    ("register add", "channel", "邮寄", "邮寄：以签收之日为收到之日"),
    ("register add", "channel", "平邮", "平常信函：以收到之日为收到之日"),
    ("register add", "channel", "网络", "互联网渠道：以双方确认之日为收到之日"),
    ("register add", "channel", "传真", "传真：以双方确认之日为收到之日"),
    ("deadline", "format", "text", "答复期限和逐日计算，便于阅读"),
    ("deadline", "format", "json", "一个 JSON 文档"),
    ("register update", "fee", "count", "按件计收"),
    ("register update", "fee", "pages", "按量计收"),
    ("register list", "format", "table", "对齐的表格，便于在终端阅读"),
    ("register list", "format", "json", "一个 JSON 文档"),
    ("register show", "format", "table", "对齐的表格，便于在终端阅读"),
    ("register show", "format", "json", "一个 JSON 文档"),
    ("register due", "format", "table", "对齐的表格，便于在终端阅读"),
    ("register due", "format", "json", "一个 JSON 文档"),
    ("register table3", "format", "table", "对齐的表格，便于在终端阅读"),
    ("register table3", "format", "json", "一个 JSON 文档"),
];

/// The layout of a help page in Chinese: clap's own headings are English.
const TEMPLATE_ZH: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The language asked for before the command line is parsed: `--lang X` or
/// `--lang=X` anywhere (the last one wins, as clap decides), else `XXGK_LANG`;
/// `None` when neither says.
pub fn requested_lang(args: &[OsString], env: Option<OsString>) -> Option<Lang> {
    let mut lang = env.and_then(|v| parse_lang(&v.to_string_lossy()));
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            lang = words.next().and_then(|v| parse_lang(&v)).or(lang);
        } else if let Some(value) = word.strip_prefix("--lang=") {
            lang = parse_lang(value).or(lang);
        }
    }
    lang
}

fn parse_lang(value: &str) -> Option<Lang> {
    match value {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The command-line definition with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Zh => in_chinese(Cli::command(), "xxgk"),
    }
}

/// Parses the process's command line; help, version and usage errors are
/// printed in the requested language and end the process (exit 0 for help and
/// version, 2 for a usage error, as clap does).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let asked = requested_lang(&args[1.min(args.len())..], std::env::var_os("XXGK_LANG"));
    let config = match std::env::current_dir().map(|dir| config::find(&dir)) {
        Ok(Ok(config)) => config,
        Ok(Err(err)) => {
            let lang = asked.unwrap_or_default();
            crate::print_error(lang, &err.path.display(), err.message.get(lang));
            std::process::exit(i32::from(crate::EXIT_FAILURE));
        }
        // No current folder (deleted under us): no configuration to find.
        Err(_) => None,
    };
    let lang = asked
        .or(config.as_ref().and_then(|c| c.lang.map(Lang::from)))
        .unwrap_or_default();
    match try_parse(args, lang, config.as_ref()) {
        Ok(cli) => cli,
        Err(failure) => {
            let (text, code) = failure;
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            std::process::exit(code);
        }
    }
}

/// Parses `args` (the program name first) with help and errors in `lang`; on
/// failure returns the text to print and the exit status.
/// Settings of `config` fill in what the command line leaves at its defaults.
pub fn try_parse(
    args: Vec<OsString>,
    lang: Lang,
    config: Option<&Config>,
) -> Result<Cli, (String, i32)> {
    let args = help_subcommand_as_flag(args);
    let mut command = command(lang);
    let matches = command
        .try_get_matches_from_mut(args.iter().cloned())
        .map_err(|err| failure(&err, &mut command, &args, lang))?;
    let mut cli =
        Cli::from_arg_matches(&matches).map_err(|err| failure(&err, &mut command, &args, lang))?;
    if let Some(config) = config {
        config.apply(&mut cli, &matches);
    }
    Ok(cli)
}

fn failure(
    err: &clap::Error,
    command: &mut Command,
    args: &[OsString],
    lang: Lang,
) -> (String, i32) {
    let code = err.exit_code();
    let text = match (lang, err.kind()) {
        (Lang::En, _) => err.render().to_string(),
        (Lang::Zh, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            chinese_placeholders(&err.render().to_string())
        }
        (Lang::Zh, ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) => {
            chinese_placeholders(&subcommand(command, args).render_help().to_string())
        }
        (Lang::Zh, _) => {
            let usage = subcommand(command, args).render_usage().to_string();
            let usage = usage.trim_start_matches("Usage: ").trim_end();
            format!(
                "xxgk: 错误: {}\n\n用法：{}\n\n运行 xxgk --help 查看帮助。\n",
                usage_error_zh(err),
                chinese_placeholders(usage)
            )
        }
    };
    (text, code)
}

/// `xxgk help [COMMAND]` as `xxgk [COMMAND] --help`: clap's own `help`
/// subcommand would describe itself in English.
fn help_subcommand_as_flag(mut args: Vec<OsString>) -> Vec<OsString> {
    let Some(at) = args
        .iter()
        .skip(1)
        .position(|a| !a.to_string_lossy().starts_with('-'))
    else {
        return args;
    };
    if args[at + 1] == "help" {
        args.remove(at + 1);
        args.push("--help".into());
    }
    args
}

/// The subcommand named on the command line, or the root command.
fn subcommand<'a>(command: &'a mut Command, args: &[OsString]) -> &'a mut Command {
    command.build();
    let name = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .find(|a| command.find_subcommand(a.as_ref()).is_some());
    match name {
        Some(name) => command
            .find_subcommand_mut(name.as_ref())
            .expect("found above"),
        None => command,
    }
}

/// clap's placeholders in usage lines, in Chinese.
fn chinese_placeholders(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
}

/// A usage error in Chinese, from what clap knows about it.
fn usage_error_zh(err: &clap::Error) -> String {
    let context = |kind| err.get(kind).map(context_text).unwrap_or_default();
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let suggestion = match err.get(ContextKind::SuggestedArg) {
        Some(s) => format!("；是否想用 {}？", context_text(s)),
        None => match err.get(ContextKind::SuggestedSubcommand) {
            Some(s) => format!("；是否想用 {}？", context_text(s)),
            None => String::new(),
        },
    };
    match err.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数「{arg}」{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand);
            format!("不认识的命令「{name}」{suggestion}")
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if value.is_empty() {
                format!("参数 {arg} 缺少值；可选值：{valid}")
            } else {
                format!("参数 {arg} 不接受值「{value}」；可选值：{valid}")
            }
        }
        ErrorKind::ValueValidation => format!("参数 {arg} 的值「{value}」无效"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = context(ContextKind::PriorArg);
            format!("参数 {arg} 不能与 {prior} 同时使用")
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用 = 连接"),
        ErrorKind::InvalidUtf8 => "命令行含有无效的 UTF-8 字符".to_string(),
        _ => "命令行参数有误".to_string(),
    }
}

fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// `command` (named `path` in the tables) and its subcommands with Chinese help.
fn in_chinese(command: Command, path: &str) -> Command {
    let mut command = command
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true);
    if let Some((_, about)) = ABOUT.iter().find(|(name, _)| *name == path) {
        command = command.about(*about).long_about(None);
    }
    if path == "xxgk" {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let ids: Vec<String> = command
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(&id, |arg| chinese_arg(arg, path));
    }
    // After the arguments, so that 参数 comes before 选项 as clap's own order has it.
    command = command.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
            .help_heading("选项"),
    );
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = nested(path, &name);
        command = command.mut_subcommand(&name, |sub| in_chinese(sub, &sub_path));
    }
    command
}

/// The name of a subcommand in the tables above: `check`, or `register add`
/// for a subcommand of a subcommand.
fn nested(path: &str, name: &str) -> String {
    if path == "xxgk" {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

/// One argument with its Chinese help, and clap's English decorations
/// (`[default: …]`, `[env: …]`, `[possible values: …]`) written in Chinese.
fn chinese_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let owner = if arg.is_global_set() { "xxgk" } else { path };
    let help = HELP
        .iter()
        .find(|(p, i, _)| *p == owner && *i == id)
        .map_or("", |(_, _, h)| *h);
    let mut short = help.to_string();
    let mut long = help.to_string();
    // A flag (`--force`) has the possible values true and false, which are
    // not typed: only options that take a value list theirs.
    let values: Vec<(String, &str)> = arg
        .get_possible_values()
        .iter()
        .filter(|_| arg.get_action().takes_values())
        .filter(|v| !v.is_hide_set())
        .map(|v| {
            let name = v.get_name().to_string();
            let meaning = VALUES
                .iter()
                .find(|(p, i, value, _)| *p == owner && *i == id && *value == name)
                .map_or("", |(_, _, _, m)| *m);
            (name, meaning)
        })
        .collect();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        short.push_str(&format!("［可选：{}］", names.join("、")));
        long.push_str("\n\n可选值：");
        for (name, meaning) in &values {
            long.push_str(&format!("\n- {name}：{meaning}"));
        }
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let is_flag = matches!(
        arg.get_action(),
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
    );
    if !defaults.is_empty() && !is_flag {
        let note = format!("［默认：{}］", defaults.join(","));
        short.push_str(&note);
        long.push_str(&format!("\n\n{note}"));
    }
    if let Some(env) = arg.get_env() {
        let note = format!("［环境变量：{}］", env.to_string_lossy());
        short.push_str(&note);
        long.push_str(&format!("\n{note}"));
    }
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let arg = arg
        .help(short)
        .long_help(long)
        .hide_env(true)
        .help_heading(heading);
    if is_flag {
        arg
    } else {
        arg.hide_default_value(true).hide_possible_values(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_arg(command: &Command, path: &str, out: &mut Vec<(String, String, Vec<String>)>) {
        for arg in command.get_arguments() {
            let owner = if arg.is_global_set() { "xxgk" } else { path };
            let values = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set() && arg.get_action().takes_values())
                .map(|v| v.get_name().to_string())
                .collect();
            out.push((owner.to_string(), arg.get_id().to_string(), values));
        }
        for sub in command.get_subcommands() {
            every_arg(sub, &nested(path, sub.get_name()), out);
        }
    }

    fn every_command(command: &Command, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for sub in command.get_subcommands() {
            every_command(sub, &nested(path, sub.get_name()), out);
        }
    }

    #[test]
    fn every_argument_and_value_has_chinese_help_and_no_entry_is_orphaned() {
        let mut args = Vec::new();
        every_arg(&Cli::command(), "xxgk", &mut args);
        for (owner, id, values) in &args {
            assert!(
                HELP.iter().any(|(p, i, _)| p == owner && i == id),
                "no Chinese help for {owner} {id}"
            );
            for value in values {
                assert!(
                    VALUES
                        .iter()
                        .any(|(p, i, v, _)| p == owner && i == id && v == value),
                    "no Chinese meaning for {owner} {id} {value}"
                );
            }
        }
        for (p, i, _) in HELP {
            assert!(
                args.iter().any(|(o, id, _)| o == p && id == i),
                "Chinese help for an argument that does not exist: {p} {i}"
            );
        }
        for (p, i, v, _) in VALUES {
            assert!(
                args.iter()
                    .any(|(o, id, values)| o == p && id == i && values.iter().any(|x| x == v)),
                "Chinese meaning of a value that does not exist: {p} {i} {v}"
            );
        }
        let mut names = Vec::new();
        every_command(&Cli::command(), "xxgk", &mut names);
        for name in &names {
            assert!(
                ABOUT.iter().any(|(n, _)| n == name),
                "no Chinese description of {name}"
            );
        }
        assert_eq!(ABOUT.len(), names.len(), "a description of no subcommand");
    }

    #[test]
    fn chinese_definition_is_consistent() {
        command(Lang::Zh).debug_assert();
    }

    #[test]
    fn language_comes_from_the_option_then_the_environment() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(requested_lang(&args(&["check", "a"]), None), None);
        assert_eq!(
            requested_lang(&args(&["check", "a"]), Some("en".into())),
            Some(Lang::En)
        );
        assert_eq!(
            requested_lang(&args(&["--lang", "zh", "check"]), Some("en".into())),
            Some(Lang::Zh)
        );
        assert_eq!(
            requested_lang(&args(&["check", "--lang=en"]), None),
            Some(Lang::En)
        );
        assert_eq!(requested_lang(&args(&["--", "--lang=en"]), None), None);
    }
}

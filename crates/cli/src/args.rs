//! Command-line arguments. Every subcommand is one variant of [`Command`], so
//! `check`, `rules` and the rest slot in next to `extract` without touching the
//! global options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use xxgk_model::Lang;

/// 政府信息公开工作年度报告工具 — a toolkit for government information disclosure annual reports.
#[derive(Debug, Parser)]
#[command(name = "xxgk", version, arg_required_else_help = true)]
pub struct Cli {
    /// Language of messages: zh (中文, default) or en.
    #[arg(long, global = true, value_enum, env = "XXGK_LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the tables of reports and print them (提取报告中的表格).
    Extract(ExtractArgs),
    /// Check reports and print what contradicts the format or itself (检查报告).
    Check(CheckArgs),
    /// List every rule of `xxgk check` (列出所有规则).
    Rules,
    /// Show the documentation of one rule (查看一条规则的说明).
    Rule(RuleArgs),
    /// Read, extract and check reports into a corpus database (读入语料库).
    Ingest(IngestArgs),
    /// Re-extract stored reports with this version of the extractor (重新提取).
    Reindex(ReindexArgs),
    /// Statistics of the corpus by year, format, region or level (统计).
    Stats(StatsArgs),
    /// Listed bodies without a report for a year (未发布年度报告的机关).
    Coverage(CoverageArgs),
    /// One body's tables side by side across years (逐年对比).
    Compare(CompareArgs),
    /// Export the corpus to CSV, XLSX or Parquet, or its findings to a workbook (导出).
    Export(ExportArgs),
    /// Write a blank data file for a report year (生成空白数据文件).
    New(NewArgs),
    /// Render a report in the official format: Markdown, HTML or DOCX (按官方格式生成报告).
    Render(RenderArgs),
    /// Measure extraction accuracy against hand-checked expected values (评测提取准确率).
    Eval(EvalArgs),
    /// The answer deadline of a request, with every day counted (答复期限).
    Deadline(DeadlineArgs),
    /// The request register: add, update, list, due, import, export, table 3 (依申请公开台账).
    Register(RegisterArgs),
    /// Delete the cache of `xxgk check`'s results (删除检查缓存).
    Clean(CacheArgs),
    /// Print a shell completion script or the man page (生成补全脚本或手册页).
    Generate(GenerateArgs),
    /// Serve the web application over a corpus (启动网页应用).
    Serve(ServeArgs),
    /// Manage the users of the web application (管理网页应用的用户).
    User(UserArgs),
}

/// Arguments of `xxgk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The address to listen on (127.0.0.1: this machine only; 0.0.0.0: the network).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// The largest upload accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 200)]
    pub upload_limit: u64,

    /// Mark cookies Secure (when served behind HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
}

/// Arguments of `xxgk user`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: UserAction,
}

/// What `xxgk user` does.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user (添加用户).
    Add(UserAddArgs),
    /// List the users (列出用户).
    List(UserListArgs),
    /// Set a user's password; their sessions end (设置密码).
    Passwd(UserPasswordArgs),
    /// Change a user's role (更改角色).
    Role(UserRoleArgs),
    /// Disable a user: no login, sessions and tokens stop working (停用用户).
    Disable(UserNameArgs),
    /// Enable a disabled user again (重新启用用户).
    Enable(UserNameArgs),
}

/// Arguments of `xxgk user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The login name.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// What the user may do.
    #[arg(long, value_enum, default_value_t = RoleArg::Viewer)]
    pub role: RoleArg,

    /// Read the password from the first line of standard input instead of asking.
    #[arg(long)]
    pub password_stdin: bool,
}

/// Arguments of `xxgk user passwd`.
#[derive(Debug, Args)]
pub struct UserPasswordArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The login name.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Read the password from the first line of standard input instead of asking.
    #[arg(long)]
    pub password_stdin: bool,
}

/// Arguments of `xxgk user role`.
#[derive(Debug, Args)]
pub struct UserRoleArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The login name.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The new role.
    #[arg(value_enum, value_name = "ROLE")]
    pub role: RoleArg,
}

/// A user named on the command line.
#[derive(Debug, Args)]
pub struct UserNameArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The login name.
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// Arguments of `xxgk user list`.
#[derive(Debug, Args)]
pub struct UserListArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,
}

/// The roles of the web application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Reads reports, findings, comparisons, the dashboard; downloads.
    Viewer,
    /// Also uploads reports and agency lists.
    Reviewer,
    /// Also manages users.
    Admin,
}

/// How a request arrived (条例第三十一条 decides the day of receipt by it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    /// In person: the day it is handed in.
    #[value(name = "当面", alias = "in-person")]
    InPerson,
    /// Registered mail: the day the office signs for it.
    #[value(name = "邮寄", aliases = ["registered-mail", "mail"])]
    RegisteredMail,
    /// An ordinary letter: the day the office receives it.
    #[value(name = "平邮", aliases = ["letter", "ordinary-letter"])]
    OrdinaryLetter,
    /// Online: the day both sides confirm receipt.
    #[value(name = "网络", alias = "online")]
    Online,
    /// Fax: the day both sides confirm receipt.
    #[value(name = "传真", alias = "fax")]
    Fax,
}

/// Output of `xxgk deadline`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DeadlineFormat {
    /// The due date and every day counted, for people.
    Text,
    /// The explanation as one JSON document.
    Json,
}

/// Arguments of `xxgk deadline`.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The day the request counts as received (YYYY-MM-DD).
    #[arg(value_name = "DATE")]
    pub date: String,

    /// How it arrived; decides which day counts as received.
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DeadlineFormat::Text)]
    pub format: DeadlineFormat,
}

/// Arguments of `xxgk register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The register command.
    #[command(subcommand)]
    pub command: RegisterCommand,
}

/// The subcommands of `xxgk register`.
#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Register a new request.
    Add(Box<RegisterAddArgs>),
    /// Record a step of a request (correction, consultation, extension, fee, conclusion).
    Update(Box<RegisterUpdateArgs>),
    /// List the registered requests.
    List(RegisterListArgs),
    /// One request: its record, its deadline with every day counted, its history.
    Show(RegisterShowArgs),
    /// Open requests due soon or overdue.
    Due(RegisterDueArgs),
    /// Import a register spreadsheet (XLSX or CSV): all rows or none.
    Import(RegisterImportArgs),
    /// Export the register as XLSX or CSV (import reads it back).
    Export(RegisterExportArgs),
    /// Table 3 of a year counted from the register, checked; optionally the author data file.
    Table3(RegisterTable3Args),
    /// Remove a request registered by mistake (its record and history stay).
    Remove(RegisterRemoveArgs),
}

/// Arguments of `xxgk register remove`.
#[derive(Debug, Args)]
pub struct RegisterRemoveArgs {
    /// The register number.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Who removes it.
    #[command(flatten)]
    pub by: ByArg,
    /// The version the removal is based on; a newer version stored is refused.
    #[arg(long = "based-on", value_name = "VERSION")]
    pub based_on: u64,
}

/// Who makes a change, recorded with it.
#[derive(Debug, Args)]
pub struct ByArg {
    /// Who makes the change (recorded in the history) [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// Arguments of `xxgk register add`.
#[derive(Debug, Args)]
pub struct RegisterAddArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Who registers it.
    #[command(flatten)]
    pub by: ByArg,
    /// The register number (登记号), unique.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// The applicant type: a column of table 3 (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
    #[arg(long, value_name = "TYPE")]
    pub applicant: String,
    /// How it arrived.
    #[arg(long, value_enum)]
    pub channel: ChannelArg,
    /// The day it counts as received (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub received: String,
    /// The applicant's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// What was asked for.
    #[arg(long, value_name = "TEXT")]
    pub content: Option<String>,
    /// Who handles it.
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
}

/// Arguments of `xxgk register update`.
#[derive(Debug, Args)]
pub struct RegisterUpdateArgs {
    /// The register number.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Who makes the change.
    #[command(flatten)]
    pub by: ByArg,
    /// The version the change is based on (as `list` or `show` printed it); a
    /// newer version stored means someone else changed the case: refused.
    #[arg(long = "based-on", value_name = "VERSION")]
    pub based_on: u64,
    /// Who handles it.
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
    /// What was asked for.
    #[arg(long, value_name = "TEXT")]
    pub content: Option<String>,
    /// The day a correction notice (补正) was sent.
    #[arg(long, value_name = "DATE")]
    pub correction_notice: Option<String>,
    /// The day the corrected application arrived.
    #[arg(long, value_name = "DATE")]
    pub corrected: Option<String>,
    /// Start a consultation of this party on --consulted.
    #[arg(long, value_name = "PARTY")]
    pub consult: Option<String>,
    /// The day the consultation was sent.
    #[arg(long, value_name = "DATE")]
    pub consulted: Option<String>,
    /// The day the opinion of the last open consultation arrived.
    #[arg(long, value_name = "DATE")]
    pub opinion: Option<String>,
    /// Working days of the extension (1–20).
    #[arg(long, value_name = "DAYS")]
    pub extend: Option<u32>,
    /// The day the extension was approved.
    #[arg(long, value_name = "DATE")]
    pub approved: Option<String>,
    /// Who approved the extension.
    #[arg(long, value_name = "NAME")]
    pub approver: Option<String>,
    /// Charge a fee by count (the request is the N-th of the applicant this month) or by pages.
    #[arg(long, value_enum)]
    pub fee: Option<FeeArg>,
    /// The request's place in the month (by count) or its pages (by pages).
    #[arg(long, value_name = "N")]
    pub quantity: Option<u32>,
    /// The day the fee notice was sent.
    #[arg(long, value_name = "DATE")]
    pub fee_notice: Option<String>,
    /// The day the fee was paid.
    #[arg(long, value_name = "DATE")]
    pub paid: Option<String>,
    /// The day the case was concluded.
    #[arg(long, value_name = "DATE")]
    pub concluded: Option<String>,
    /// The outcome: one row of table 3 (予以公开, 部分公开, 不予公开 1.属于国家秘密, …).
    #[arg(long, value_name = "ROW")]
    pub outcome: Option<String>,
}

/// How a fee is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FeeArg {
    /// By count (按件计收).
    Count,
    /// By pages (按量计收).
    Pages,
}

/// Arguments of `xxgk register list`.
#[derive(Debug, Args)]
pub struct RegisterListArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Only requests received in this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Only requests still open.
    #[arg(long)]
    pub open: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Output of the register listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON document.
    Json,
}

/// Arguments of `xxgk register show`.
#[derive(Debug, Args)]
pub struct RegisterShowArgs {
    /// The register number.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Arguments of `xxgk register due`.
#[derive(Debug, Args)]
pub struct RegisterDueArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// The day to look from (YYYY-MM-DD) [default: today in China].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// List requests due within this many working days (and every overdue one).
    #[arg(long, value_name = "DAYS", default_value_t = 5)]
    pub within: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Arguments of `xxgk register import`.
#[derive(Debug, Args)]
pub struct RegisterImportArgs {
    /// The spreadsheet: .xlsx or .csv (UTF-8 or GBK).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// Who imports it.
    #[command(flatten)]
    pub by: ByArg,
}

/// Arguments of `xxgk register export`.
#[derive(Debug, Args)]
pub struct RegisterExportArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// The output file: .xlsx or .csv; `-` writes CSV to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `xxgk register table3`.
#[derive(Debug, Args)]
pub struct RegisterTable3Args {
    /// The database.
    #[command(flatten)]
    pub db: DbArg,
    /// The report year.
    #[arg(long)]
    pub year: i32,
    /// Write the author data file (.toml, .json, .xlsx) with table 3 filled in.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start from this author data file (its other tables and text are kept; its table 3 is replaced).
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Output format of the table.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Arguments of `xxgk generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to print.
    #[arg(value_enum, value_name = "WHAT")]
    pub what: Generated,
}

/// What `xxgk generate` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    /// Completions for bash.
    Bash,
    /// Completions for zsh.
    Zsh,
    /// Completions for fish.
    Fish,
    /// Completions for PowerShell.
    Powershell,
    /// Completions for elvish.
    Elvish,
    /// The man page (roff), xxgk(1).
    Man,
}

/// Arguments of `xxgk eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Expected-values files (`xxgk/expected@1`) or folders of them.
    #[arg(value_name = "PATH", default_value = xxgk_eval::DEFAULT_DIR)]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
}

/// The output formats of `xxgk eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// One line per document, the total, then every wrong cell.
    Table,
    /// One JSON document (`xxgk/eval@1`).
    Json,
}

/// Arguments of `xxgk extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Report files or folders; folders are searched recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: json for a single file, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The output formats of `xxgk extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One pretty JSON object for one file; JSON Lines for several.
    Json,
    /// JSON Lines: one compact `xxgk/report@1` object per line.
    Jsonl,
    /// Long CSV, one row per cell, UTF-8 with BOM for Excel.
    Csv,
    /// Aligned tables for reading in a terminal.
    Table,
}

/// Arguments of `xxgk check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or folders; folders are searched recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: from the extension of -o, else full].
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,

    /// Write to this file instead of standard output (required for xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,

    /// Run only these rules: ids or prefixes ending in `*` (`narrative-*`);
    /// repeat the option or separate with commas.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (ids or prefixes ending in `*`); wins over --select.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Check every file afresh: neither read nor write the cache of results.
    // From the environment, any value but an empty one, 0, false, no, off.
    #[arg(long, env = "XXGK_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,

    /// Where results are cached.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// The cache of `xxgk check`'s results, shared by `check` and `clean`.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// Cache folder [default: $XDG_CACHE_HOME/xxgk or ~/.cache/xxgk].
    #[arg(long, value_name = "DIR", env = "XXGK_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// The output formats of `xxgk check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Like rustc: each finding with its source lines and marks under the cells.
    Full,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// JSON Lines, one `xxgk/findings@1` object per file.
    Json,
    /// One SARIF 2.1.0 document (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A workbook for reviewers: every finding with its cell, and a summary per file (needs -o).
    Xlsx,
    /// The findings of the workbook as CSV, UTF-8 with BOM.
    Csv,
}

/// Arguments of `xxgk rule`.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. `requests-balance` (see `xxgk rules`).
    #[arg(value_name = "ID")]
    pub id: String,
}

/// The corpus database, shared by the corpus subcommands.
#[derive(Debug, Args)]
pub struct DbArg {
    /// The corpus database: a SQLite file (`ingest` creates it; the other commands need it to exist).
    #[arg(long, value_name = "FILE", env = "XXGK_DB", default_value = "xxgk.db")]
    pub db: String,
}

/// Arguments of `xxgk ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Report files or folders; folders are searched recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// Agency list (CSV: name, region, level, parent) naming the bodies, their
    /// region, level and hierarchy; replaces the stored list.
    #[arg(long, value_name = "CSV")]
    pub agencies: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// Arguments of `xxgk reindex`.
#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// Re-extract every stored source, not only those made by another version.
    #[arg(long)]
    pub all: bool,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// Output of the corpus questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// CSV, UTF-8 with BOM for Excel.
    Csv,
}

/// What `xxgk stats` groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// The report year.
    Year,
    /// The file format of the source (text, HTML, DOCX, PDF).
    Format,
    /// The region from the agency list.
    Region,
    /// The level of the body (province, city, county, township, department).
    Level,
    /// The official format (2019 or 2021).
    Template,
}

/// Arguments of `xxgk stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// Group by these (repeat or separate with commas), in this order.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "year")]
    pub by: Vec<By>,

    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `xxgk coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The report year.
    #[arg(long)]
    pub year: i32,

    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `xxgk compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The body: its name as listed or printed, full or short (洪泽区人民政府).
    #[arg(value_name = "AGENCY")]
    pub agency: String,

    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// Show every cell, also those blank in every year.
    #[arg(long)]
    pub all: bool,

    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Export formats of `xxgk export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Long form, one row per cell, UTF-8 with BOM (`-o -` writes to stdout).
    Csv,
    /// A workbook: reports, tables 2–4 in the official layout, and the long form.
    Xlsx,
    /// A folder of Parquet files partitioned by year (builds with `--features parquet`).
    Parquet,
    /// The stored findings as a workbook for reviewers: every finding with its cell, and a summary per report.
    FindingsXlsx,
    /// The stored findings as CSV, UTF-8 with BOM (`-o -` writes to stdout).
    FindingsCsv,
}

/// Arguments of `xxgk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The corpus database.
    #[command(flatten)]
    pub db: DbArg,

    /// The export format.
    #[arg(long, value_enum)]
    pub to: ExportFormat,

    /// The output file (a folder for Parquet); `-` for stdout (CSV only).
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,

    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `--lang`: a clap-facing mirror of [`Lang`], which the model keeps free of clap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese (中文).
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn lang_is_global() {
        for argv in [
            ["xxgk", "--lang", "en", "extract", "a"],
            ["xxgk", "extract", "--lang", "en", "a"],
        ] {
            let cli = Cli::try_parse_from(argv).unwrap();
            assert_eq!(cli.lang, LangArg::En);
        }
    }

    #[test]
    fn selectors_repeat_and_split_on_commas() {
        let argv = [
            "xxgk",
            "check",
            "--select",
            "appeals-*,requests-balance",
            "--select",
            "narrative-sum",
            "--ignore",
            "appeals-total",
            "a.txt",
        ];
        let Command::Check(args) = Cli::try_parse_from(argv).unwrap().command else {
            panic!("not check");
        };
        assert_eq!(
            args.select,
            ["appeals-*", "requests-balance", "narrative-sum"]
        );
        assert_eq!(args.ignore, ["appeals-total"]);
        assert_eq!(args.paths, [PathBuf::from("a.txt")]);
        assert_eq!(args.format, None);
    }
}

/// Arguments of `xxgk new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The report year (统计年度); 2019–2020 get the 2019 format, later years the 2021 format.
    #[arg(long)]
    pub year: i32,

    /// What to write: commented TOML, JSON, or an XLSX fill-in sheet (needs -o)
    /// [default: from the extension of -o, else toml].
    #[arg(long, value_enum)]
    pub to: Option<NewFormat>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,

    /// Fill in table 3 counted from the request register in --db (never typed).
    #[arg(long)]
    pub register: bool,

    /// The database of the request register (with --register).
    #[command(flatten)]
    pub db: DbArg,
}

/// The formats of `xxgk new`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    /// Commented TOML.
    Toml,
    /// JSON.
    Json,
    /// An XLSX fill-in sheet (needs -o).
    Xlsx,
}

/// Arguments of `xxgk render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A data file (.toml, .json, .xlsx fill-in sheet) or any report xxgk reads.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// Output format [default: from the extension of -o, else md].
    #[arg(long, value_enum)]
    pub to: Option<RenderFormat>,

    /// Write to this file instead of standard output (required for docx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,

    /// Render even when the data has errors (what was entered is printed as is).
    #[arg(long)]
    pub allow_errors: bool,
}

/// The output formats of `xxgk render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Markdown.
    Md,
    /// A printable HTML page.
    Html,
    /// A Word document (needs -o).
    Docx,
}

//! The prose of the sections: Markdown as the author wrote it, turned into
//! blocks of styled runs for HTML and DOCX, or passed through to Markdown with
//! its headings moved below the section headings.
//!
//! Headings in the prose are relative: the highest level an author used in a
//! section becomes the level under the section heading (（一） in a 公文), the
//! next one the level below. Raw HTML in the prose is printed as text, never
//! interpreted.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// A run of text with its emphasis, or a line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// Text with its emphasis.
    Text {
        /// The text, unescaped.
        text: String,
        /// Bold (`**…**`).
        bold: bool,
        /// Italic (`*…*`).
        italic: bool,
    },
    /// A line break inside the block.
    Break,
}

/// What a block is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading: 1 is the highest level the author used in this text.
    Heading(u8),
    /// A paragraph of body text.
    Paragraph,
    /// A list item: its marker (`1.` for ordered lists, none for bullets) and
    /// its nesting depth from 1.
    Item {
        /// `1.` for an ordered list, `None` for a bullet.
        marker: Option<String>,
        /// Nesting depth, from 1.
        depth: u8,
    },
    /// A paragraph inside a block quote.
    Quote,
    /// A code block, line breaks kept.
    Code,
}

/// A paragraph-level piece of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its text, in order.
    pub runs: Vec<Run>,
}

impl Block {
    /// The plain text of the block (breaks as newlines).
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .map(|r| match r {
                Run::Text { text, .. } => text.as_str(),
                Run::Break => "\n",
            })
            .collect()
    }
}

/// Parses Markdown prose into blocks.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Builder::default();
    for event in Parser::new(markdown) {
        out.event(event);
    }
    out.flush();
    let top = out
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(level) => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    for block in &mut out.blocks {
        if let BlockKind::Heading(level) = &mut block.kind {
            *level = *level - top + 1;
        }
    }
    out.blocks
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    /// One entry per open list: the next number of an ordered list.
    lists: Vec<Option<u64>>,
    quotes: usize,
    bold: usize,
    italic: usize,
}

impl Builder {
    fn flush(&mut self) {
        if let Some(mut block) = self.current.take() {
            trim_runs(&mut block.runs);
            if !block.runs.is_empty() || matches!(block.kind, BlockKind::Item { .. }) {
                self.blocks.push(block);
            }
        }
    }

    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some(Block {
            kind,
            runs: Vec::new(),
        });
    }

    /// The block text goes into, made if there is none (text after a list).
    fn current(&mut self) -> &mut Block {
        if self.current.is_none() {
            let kind = if self.quotes > 0 {
                BlockKind::Quote
            } else {
                BlockKind::Paragraph
            };
            self.current = Some(Block {
                kind,
                runs: Vec::new(),
            });
        }
        self.current.as_mut().expect("just made")
    }

    fn text(&mut self, text: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        let block = self.current();
        if let Some(Run::Text {
            text: last,
            bold: b,
            italic: i,
        }) = block.runs.last_mut()
        {
            if *b == bold && *i == italic {
                last.push_str(text);
                return;
            }
        }
        block.runs.push(Run::Text {
            text: text.to_string(),
            bold,
            italic,
        });
    }

    /// A soft line break: nothing between Chinese characters (a browser or Word
    /// would show a space), a space after Latin text.
    fn soft_break(&mut self) {
        let last = self.current().runs.iter().rev().find_map(|r| match r {
            Run::Text { text, .. } => text.chars().last(),
            Run::Break => None,
        });
        if last.is_some_and(|c| c.is_ascii()) {
            self.text(" ");
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.open(tag),
            Event::End(tag) => self.close(tag),
            Event::Text(text) => {
                if matches!(
                    self.current.as_ref().map(|b| &b.kind),
                    Some(BlockKind::Code)
                ) {
                    let mut lines = text.split('\n').peekable();
                    while let Some(line) = lines.next() {
                        if !line.is_empty() {
                            self.text(line);
                        }
                        if lines.peek().is_some() {
                            self.current().runs.push(Run::Break);
                        }
                    }
                } else {
                    self.text(&text);
                }
            }
            Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => self.text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::FootnoteReference(text) => self.text(&text),
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.current().runs.push(Run::Break),
            Event::Rule => self.flush(),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn open(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                let reuse = matches!(
                    &self.current,
                    Some(Block { kind: BlockKind::Item { .. }, runs }) if runs.is_empty()
                );
                if !reuse {
                    let kind = if self.quotes > 0 {
                        BlockKind::Quote
                    } else {
                        BlockKind::Paragraph
                    };
                    self.start(kind);
                }
            }
            Tag::Heading { level, .. } => self.start(BlockKind::Heading(heading_level(level))),
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => self.start(BlockKind::Code),
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                let depth = self.lists.len().clamp(1, 9) as u8;
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        Some(format!("{}.", *n - 1))
                    }
                    _ => None,
                };
                self.start(BlockKind::Item { marker, depth });
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            _ => {}
        }
    }

    fn close(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item => {
                self.flush()
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Drops breaks and spaces at both ends of a block.
fn trim_runs(runs: &mut Vec<Run>) {
    while matches!(runs.last(), Some(Run::Break)) {
        runs.pop();
    }
    while matches!(runs.first(), Some(Run::Break)) {
        runs.remove(0);
    }
    if let Some(Run::Text { text, .. }) = runs.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    if let Some(Run::Text { text, .. }) = runs.first_mut() {
        *text = text.trim_start().to_string();
    }
    runs.retain(|r| !matches!(r, Run::Text { text, .. } if text.is_empty()));
}

/// The prose as Markdown under a `##` section heading: trailing spaces and blank
/// lines at the ends removed, ATX headings moved down so that the highest level
/// used becomes `###`. Fenced code is left alone.
pub fn markdown(text: &str) -> String {
    markdown_and_offset(text).0
}

/// [`markdown`], and how many lines it dropped at the start (blank lines), so
/// that a line of the output can be traced to the author's text.
pub fn markdown_and_offset(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let dropped = lines.iter().take_while(|l| l.is_empty()).count();
    let mut fence: Option<&str> = None;
    let mut levels = Vec::new();
    for line in &lines {
        match (fence, fence_of(line)) {
            (None, Some(f)) => fence = Some(f),
            (Some(f), Some(g)) if g.starts_with(f) => fence = None,
            (None, None) => levels.extend(atx_level(line)),
            _ => {}
        }
    }
    let top = levels.iter().copied().min().unwrap_or(1);
    let mut out = String::new();
    fence = None;
    for line in &lines {
        let mut line = (*line).to_string();
        match (fence, fence_of(&line)) {
            (None, Some(f)) => fence = Some(f),
            (Some(f), Some(g)) if g.starts_with(f) => fence = None,
            (None, None) => {
                if let Some(level) = atx_level(&line) {
                    let body = line.trim_start().trim_start_matches('#');
                    let new_level = (level - top + 3).min(6);
                    line = format!("{}{}", "#".repeat(new_level), body);
                }
            }
            _ => {}
        }
        out.push_str(&line);
        out.push('\n');
    }
    (out.trim_matches('\n').to_string(), dropped)
}

/// The fence that opens or closes a code block on this line, if any.
fn fence_of(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// The level of an ATX heading line (`## x` → 2).
fn atx_level(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let rest = &trimmed[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(hashes)
}

/// The prose of a read report's six sections as Markdown, in order (an empty
/// string for a section the report does not have): what a [`crate::Document`]
/// needs to render a published report again.
pub fn of_sections(report: &xxgk_model::Report) -> [String; 6] {
    std::array::from_fn(|i| {
        report
            .sections
            .iter()
            .find(|s| usize::from(s.number) == i + 1)
            .map(|s| from_plain(&s.text))
            .unwrap_or_default()
    })
}

/// Plain text as prose for a report read from a published document: its lines
/// joined into paragraphs where a line does not end a sentence (PDF text
/// layers wrap lines), one paragraph per line otherwise, as Markdown with any
/// Markdown syntax characters escaped.
pub fn from_plain(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let starts_item = starts_item(line);
        match paragraphs.last_mut() {
            Some(last) if open && !starts_item => last.push_str(line),
            _ => paragraphs.push(line.to_string()),
        }
        let ends_sentence = line.ends_with(['。', '！', '？', '；', '：', ':', ';', '!', '?']);
        // A short numbered line without a full stop is a heading of its own.
        let heading = starts_item && line.chars().count() <= 25;
        open = !ends_sentence && !heading;
    }
    paragraphs
        .iter()
        .map(|p| escape_markdown(&widen_punctuation(p)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Full-width punctuation back where the reader's folding made it ASCII: a
/// `,` `;` `:` `?` `!` `(` `)` next to a Chinese character takes its
/// full-width form (`我镇,严格` → `我镇，严格`, `(一)` → `（一）`).
pub fn widen_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let cjk = |c: Option<&char>| {
        c.is_some_and(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "“”《》、。".contains(c))
    };
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        let wide = match c {
            ',' | ';' | ':' | '?' | '!' if cjk(before) => true,
            '(' => cjk(after) || cjk(before),
            ')' => cjk(before) || cjk(after),
            _ => false,
        };
        out.push(if wide {
            char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
        } else {
            c
        });
    }
    out
}

/// A line that starts a numbered point (一、 （一） (一) 1. 1、).
fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    const CJK_NUMERALS: &str = "一二三四五六七八九十";
    (CJK_NUMERALS.contains(first) && second == '、')
        || ((first == '（' || first == '(') && CJK_NUMERALS.contains(second))
        || (first.is_ascii_digit() && matches!(second, '.' | '、' | '．'))
}

/// Escapes the characters that would start Markdown syntax in plain text.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let at_start = i == 0;
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if at_start => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // A line such as `1. text` would start an ordered list.
    if let Some(dot) = out.find(". ") {
        if dot > 0 && out[..dot].bytes().all(|b| b.is_ascii_digit()) {
            out.insert(dot, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Run {
        Run::Text {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn chinese_lines_join_without_spaces() {
        let b = blocks("第一行\n第二行 and\nmore");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text(), "第一行第二行 and more");
    }

    #[test]
    fn headings_are_relative_and_lists_keep_numbers() {
        let b = blocks("### （一）主动公开\n\n正文**加粗**。\n\n1. 甲\n2. 乙\n\n- 丙");
        assert_eq!(b[0].kind, BlockKind::Heading(1));
        assert_eq!(
            b[1].runs,
            [
                text("正文"),
                Run::Text {
                    text: "加粗".into(),
                    bold: true,
                    italic: false
                },
                text("。")
            ]
        );
        assert_eq!(
            b[2].kind,
            BlockKind::Item {
                marker: Some("1.".into()),
                depth: 1
            }
        );
        assert_eq!(b[3].text(), "乙");
        assert_eq!(
            b[4].kind,
            BlockKind::Item {
                marker: None,
                depth: 1
            }
        );
    }

    #[test]
    fn raw_html_is_text() {
        let b = blocks("a <script>x</script> b");
        assert_eq!(b[0].text(), "a <script>x</script> b");
    }

    #[test]
    fn markdown_headings_move_under_the_section() {
        assert_eq!(
            markdown("# 甲\n\n正文  \n## 乙\n```\n# not\n```\n"),
            "### 甲\n\n正文\n#### 乙\n```\n# not\n```"
        );
    }

    #[test]
    fn folded_punctuation_is_widened_next_to_chinese() {
        assert_eq!(
            widen_punctuation("(一)主动公开,严格按照《条例》:见附件(2019 年)。a, b (c)"),
            "（一）主动公开，严格按照《条例》：见附件（2019 年）。a, b (c)"
        );
    }

    #[test]
    fn plain_text_joins_wrapped_lines() {
        let md = from_plain("本机关认真贯彻\n落实条例。\n（一）主动公开\n内容*多*。");
        assert_eq!(
            md,
            "本机关认真贯彻落实条例。\n\n（一）主动公开\n\n内容\\*多\\*。"
        );
    }
}

//! `GET /rules`: every rule of the registry (the checker's and extraction's,
//! as `xxgk rules` lists them), and `GET /rules/{id}`: one rule's page, the
//! same text `xxgk rule ID` prints (Chinese, or English with `?lang=en`),
//! turned from its simple Markdown into HTML with every text escaped.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::Path;
use axum::routing::get;
use axum::{Extension, Router};
use std::sync::Arc;
use xxgk_check::{near, rule, rules, Check};

/// The routes of the rule list and the rule pages.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/rules", get(list))
        .route("/rules/{id}", get(one))
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    ui: Ui,
    rules: &'static [Check],
}

#[derive(Template)]
#[template(path = "rule.html")]
struct RulePage {
    ui: Ui,
    rule: &'static Check,
    blocks: Vec<Block>,
}

impl RulesPage {
    /// `?lang=en` on an English page, so that links keep the language.
    fn lang_query(&self) -> &'static str {
        if self.ui.english() {
            "?lang=en"
        } else {
            ""
        }
    }
}

async fn list(Extension(auth): Extension<Auth>, UiLang(lang): UiLang) -> PageResult {
    Ok(render(&RulesPage {
        ui: ui(lang, &auth, "/rules"),
        rules: rules(),
    }))
}

async fn one(
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    let id = id.trim();
    let Some(rule) = rule(id) else {
        let shown: String = id.chars().take(60).collect();
        let near = near(id);
        let err = if near.is_empty() {
            WebError::not_found(
                format!("没有规则「{shown}」"),
                format!("there is no rule 「{shown}」"),
            )
        } else {
            WebError::not_found(
                format!("没有规则「{shown}」；相近的有：{}", near.join("、")),
                format!(
                    "there is no rule 「{shown}」; did you mean: {}",
                    near.join(", ")
                ),
            )
        };
        return Err(err).in_lang(lang);
    };
    Ok(render(&RulePage {
        ui: ui(lang, &auth, "/rules"),
        rule,
        blocks: markdown(&rule.page(lang)),
    }))
}

/// A block of a rule's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`…`######`: its level and text.
    Heading(u8, Vec<Inline>),
    /// Lines joined into a paragraph.
    Paragraph(Vec<Inline>),
    /// `-`, `*` or `1.` items (ordered when numbered).
    List(bool, Vec<Vec<Inline>>),
    /// A fenced code block, shown as it is.
    Code(String),
}

/// A run of text within a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `**strong**`.
    Strong(String),
    /// `` `code` ``.
    Code(String),
}

impl Block {
    /// The element of a heading (`h1` for `#`: the rule's id is the page's
    /// title); `p` for other blocks.
    pub fn tag(&self) -> &'static str {
        match self {
            Block::Heading(level, _) => {
                ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(*level).clamp(1, 6) - 1]
            }
            _ => "p",
        }
    }
}

/// The simple Markdown of the rules' documentation as blocks: headings,
/// paragraphs, lists, fenced code, and in text `**strong**` and `` `code` ``.
/// Everything else is text; the template escapes all of it.
pub fn markdown(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut ordered = false;
    let mut code: Option<Vec<&str>> = None;
    let flush = |blocks: &mut Vec<Block>,
                 paragraph: &mut Vec<&str>,
                 items: &mut Vec<String>,
                 ordered: bool| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !items.is_empty() {
            blocks.push(Block::List(
                ordered,
                items.iter().map(|i| inline(i)).collect(),
            ));
            items.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut blocks, &mut paragraph, &mut items, ordered);
            code = Some(Vec::new());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut items, ordered);
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush(&mut blocks, &mut paragraph, &mut items, ordered);
            blocks.push(Block::Heading(
                hashes as u8,
                inline(trimmed[hashes..].trim()),
            ));
            continue;
        }
        if let Some((is_ordered, rest)) = list_item(trimmed) {
            if !paragraph.is_empty() || (!items.is_empty() && is_ordered != ordered) {
                flush(&mut blocks, &mut paragraph, &mut items, ordered);
            }
            ordered = is_ordered;
            items.push(rest.to_string());
            continue;
        }
        match items.last_mut() {
            // An indented line goes on with the item above.
            Some(item) if line.starts_with(' ') => {
                item.push(' ');
                item.push_str(trimmed);
            }
            _ => {
                if !items.is_empty() {
                    flush(&mut blocks, &mut paragraph, &mut items, ordered);
                }
                paragraph.push(trimmed);
            }
        }
    }
    if let Some(lines) = code {
        blocks.push(Block::Code(lines.join("\n")));
    }
    flush(&mut blocks, &mut paragraph, &mut items, ordered);
    blocks
}

/// `- text`, `* text` or `1. text`: whether numbered, and the text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((true, rest.trim()));
        }
    }
    None
}

/// Text with `**strong**` and `` `code` `` runs; an unclosed marker is text.
fn inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let closed = if let Some(after) = rest.strip_prefix("**") {
            after
                .find("**")
                .map(|end| (Inline::Strong(after[..end].to_string()), end + 4))
        } else if let Some(after) = rest.strip_prefix('`') {
            after
                .find('`')
                .map(|end| (Inline::Code(after[..end].to_string()), end + 2))
        } else {
            None
        };
        match closed {
            Some((run, len)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(run);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_markdown_becomes_blocks() {
        let blocks = markdown(
            "# a-rule\n\n**级别**：错误\n\n一行\n续行 `code`\n\n- 甲\n  续\n- 乙\n\n```text\n<b>\n```\n## English\n**x",
        );
        assert_eq!(
            blocks,
            [
                Block::Heading(1, vec![Inline::Text("a-rule".into())]),
                Block::Paragraph(vec![
                    Inline::Strong("级别".into()),
                    Inline::Text("：错误".into())
                ]),
                Block::Paragraph(vec![
                    Inline::Text("一行 续行 ".into()),
                    Inline::Code("code".into())
                ]),
                Block::List(
                    false,
                    vec![
                        vec![Inline::Text("甲 续".into())],
                        vec![Inline::Text("乙".into())]
                    ]
                ),
                Block::Code("<b>".into()),
                Block::Heading(2, vec![Inline::Text("English".into())]),
                Block::Paragraph(vec![Inline::Text("**x".into())]),
            ]
        );
    }

    #[test]
    fn every_rule_page_renders_without_leftover_markers() {
        for rule in rules() {
            for lang in [xxgk_model::Lang::Zh, xxgk_model::Lang::En] {
                let blocks = markdown(&rule.page(lang));
                assert!(matches!(&blocks[0], Block::Heading(1, _)), "{}", rule.id);
                assert!(blocks.len() >= 3, "{}", rule.id);
            }
        }
    }
}

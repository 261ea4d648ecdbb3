//! A diagnostic about a report: what extraction could not read, or (later) what a
//! check found contradictory. Shape follows `xxgk/findings@1`.

use crate::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A note: something the reader may want to know (提示).
    Info,
    /// Probably wrong, or read with less than certainty (警告).
    Warning,
    /// The report contradicts the format or itself (错误).
    Error,
}

impl Severity {
    /// The word people read: 错误 / 警告 / 提示, or error / warning / info.
    pub fn word(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Info) => "提示",
            (Lang::En, severity) => severity.as_str(),
        }
    }

    /// The contract word (`xxgk/findings@1`): `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The language of messages shown to people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the default: the users read Chinese.
    #[default]
    Zh,
    /// English, on request (`--lang en`).
    En,
}

/// A message in both languages; which one is shown is decided at output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The Chinese text.
    pub zh: String,
    /// The English text.
    pub en: String,
}

impl Message {
    /// A message from its Chinese and English text.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One diagnostic. `rule` is a stable id documented by `xxgk rule ID`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The id of the rule that made it (`requests-balance`).
    pub rule: String,
    /// How serious it is: one of the severities its rule declares.
    pub severity: Severity,
    /// What was found, in both languages.
    pub message: Message,
    /// Contract paths of the cells involved (`requests.received.total`).
    #[serde(default)]
    pub cells: Vec<String>,
    /// Where in the source it points, if anywhere.
    #[serde(default)]
    pub span: Option<Span>,
    /// Explanations shown under the message: the computation, the basis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Message>,
    /// For the finding that says a rule's findings were left out of a file's
    /// list (rule `findings-capped`): which rule, and how many of each severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_out: Option<LeftOut>,
}

/// The findings of one rule left out of a file's list, which names at most a
/// fixed number of each rule's (see the rule `findings-capped`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The rule whose findings were left out.
    pub rule: String,
    /// How many of them were errors.
    pub errors: usize,
    /// How many were warnings.
    pub warnings: usize,
    /// How many were infos.
    pub infos: usize,
}

impl LeftOut {
    /// The id of the rule whose findings say what was left out, and the only
    /// one that carries a [`LeftOut`]: a store counting what was left out
    /// reads that rule's findings alone.
    pub const RULE: &'static str = "findings-capped";

    /// None of `rule`'s findings left out yet.
    pub fn new(rule: &str) -> LeftOut {
        LeftOut {
            rule: rule.to_string(),
            errors: 0,
            warnings: 0,
            infos: 0,
        }
    }

    /// Counts one more left out, of `severity`.
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// How many were left out.
    pub fn count(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

impl Finding {
    /// The findings this one stands for, by severity: itself, then, for a
    /// `findings-capped` note, the findings it says were left out of the list.
    /// Every count of findings adds these, so that a capped list counts as
    /// what was found.
    pub fn counted(&self) -> impl Iterator<Item = (Severity, usize)> + '_ {
        let left_out = self.left_out.iter().flat_map(|l| {
            [
                (Severity::Error, l.errors),
                (Severity::Warning, l.warnings),
                (Severity::Info, l.infos),
            ]
        });
        std::iter::once((self.severity, 1)).chain(left_out)
    }

    /// A finding of the rule `rule`. Rules make theirs with
    /// [`Rule::finding`](crate::Rule::finding), so that id and severity are the
    /// rule's own; this is for findings no xxgk rule makes (tests, examples).
    pub fn new(rule: &str, severity: Severity, message: Message) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message,
            cells: Vec::new(),
            span: None,
            notes: Vec::new(),
            left_out: None,
        }
    }

    /// The same finding with one more note.
    pub fn with_note(mut self, note: Message) -> Finding {
        self.notes.push(note);
        self
    }
    /// The same finding pointing at `span`.
    pub fn with_span(mut self, span: Option<Span>) -> Finding {
        self.span = span;
        self
    }
    /// The same finding naming `cells` (contract paths).
    pub fn with_cells(mut self, cells: Vec<String>) -> Finding {
        self.cells = cells;
        self
    }

    /// The contract form (`xxgk/findings@1`): one message in the chosen language.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut value = serde_json::json!({
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message.get(lang),
            "cells": self.cells,
            "span": self.span,
        });
        if !self.notes.is_empty() {
            value["notes"] = self.notes.iter().map(|n| n.get(lang)).collect();
        }
        if let Some(left_out) = &self.left_out {
            value["left_out"] = serde_json::json!({
                "rule": left_out.rule,
                "count": left_out.count(),
                "errors": left_out.errors,
                "warnings": left_out.warnings,
                "infos": left_out.infos,
            });
        }
        value
    }
}

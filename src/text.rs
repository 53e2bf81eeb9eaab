//! 文本 — user-facing text in both languages. Findings, import notes, county reasons and errors
//! all carry a [`Text`]; the interface shows the half of its language and never parses a
//! message.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same words in both halves (a name, a file path, text typed by a user).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    /// Reads a message written in the core's combined form "中文 (English)": the Chinese before
    /// a closing parenthesised part without Chinese characters, that part as the English.
    /// Parentheses inside the Chinese (full-width, or holding a standard's name followed by more
    /// text) stay with it; a message without a Chinese part, or without an English part, is the
    /// same in both halves.
    pub fn from_combined(s: &str) -> Self {
        let t = s.trim_end();
        let is_han = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F);
        if let Some(body) = t.strip_suffix(')') {
            if let Some(open) = body.rfind('(') {
                let (head, en) = (&body[..open], &body[open + 1..]);
                if !en.trim().is_empty()
                    && !en.contains(['(', ')'])
                    && !en.chars().any(is_han)
                    && head.chars().any(is_han)
                {
                    return Text::new(head.trim(), en.trim());
                }
            }
        }
        Text::same(s)
    }

    /// The half of `lang` (`en`, else Chinese).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.zh
        }
    }
}

impl std::fmt::Display for Text {
    /// The combined form "中文 (English)" (the Chinese alone when both halves are the same).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.zh == self.en || self.en.is_empty() {
            f.write_str(&self.zh)
        } else {
            write!(f, "{} ({})", self.zh, self.en)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn the_combined_form_splits_into_its_halves() {
        let t = Text::from_combined(
            "无法识别的文件：无法读取：不是xlsx工作簿：文件不是zip格式 (not an xlsx workbook)",
        );
        assert_eq!(
            t.zh,
            "无法识别的文件：无法读取：不是xlsx工作簿：文件不是zip格式"
        );
        assert_eq!(t.en, "not an xlsx workbook");
        assert_eq!(Text::from_combined(&t.to_string()), t);
    }

    #[test]
    fn parentheses_of_the_chinese_text_stay_with_it() {
        for s in [
            "解压后超过200MB（可能是压缩炸弹）",
            "统一社会信用代码校验位错误 (GB 32100)：请核对",
            "database is locked (code 5)",
            "已接收",
        ] {
            assert_eq!(Text::from_combined(s), Text::same(s), "{s}");
        }
    }
}

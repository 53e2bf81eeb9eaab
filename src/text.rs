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
    fn the_combined_form_joins_the_halves_and_shows_one_word_once() {
        assert_eq!(
            Text::new("文件为空", "the file is empty").to_string(),
            "文件为空 (the file is empty)"
        );
        assert_eq!(Text::same("a.xlsx").to_string(), "a.xlsx");
        assert_eq!(Text::new("已接收", "accepted").get("en"), "accepted");
        assert_eq!(Text::new("已接收", "accepted").get("zh-CN"), "已接收");
    }
}

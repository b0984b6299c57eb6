//! The input side of the data contract (`../shared/CONTRACT.md`): an [`Article`], and the one
//! place where raw bytes from NATS or a line of JSON become one.
//!
//! [`Article::from_slice`] validates everything the extraction relies on (UTF-8, a JSON object,
//! a string `id`, a string `body` or its alias `text`, optional string fields, a size limit) and
//! answers with an [`InputError`] whose [`InputError::code`] is stable and machine-readable, so the
//! worker can dead-letter and the CLI can print an error object. It does not interpret the text:
//! `published_at` is kept as the caller sent it and parsed by the date tagger.

use serde::{Deserialize, Serialize};

/// Largest article the library accepts by default (bytes of the whole JSON message).
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// One article, as the contract defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Article {
    /// Stable id of the article, used downstream for deduplication.
    pub id: String,
    /// The article text, paragraphs separated by blank lines.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// RFC 3339 date-time or a plain date; the anchor for relative dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// BCP 47 tag; `en` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Why a message is not an article. `code()` is what goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("message is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("message is not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("message is not valid JSON: {detail}")]
    NotJson { detail: String },
    #[error("message is JSON but not an object (found {found}); send one article object per message")]
    NotObject { found: &'static str },
    #[error("article has no string field `id`")]
    MissingId,
    #[error("article has no string field `body` (or its alias `text`)")]
    MissingBody,
    #[error("field `{field}` must be {expected}, found {found}")]
    InvalidField { field: &'static str, expected: &'static str, found: &'static str },
}

impl InputError {
    /// Stable, machine-readable code for dead letters and CLI error objects.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::TooLarge { .. } => "too_large",
            InputError::NotUtf8 { .. } => "invalid_utf8",
            InputError::NotJson { .. } => "invalid_json",
            InputError::NotObject { .. } => "not_an_object",
            InputError::MissingId => "missing_id",
            InputError::MissingBody => "missing_body",
            InputError::InvalidField { .. } => "invalid_field",
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl Article {
    /// Parses and validates one message. `max_bytes` bounds the whole message.
    pub fn from_slice(bytes: &[u8], max_bytes: usize) -> Result<Article, InputError> {
        if bytes.len() > max_bytes {
            return Err(InputError::TooLarge { size: bytes.len(), limit: max_bytes });
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| InputError::NotUtf8 { offset: e.valid_up_to() })?;
        Self::from_json_str(text)
    }

    /// Parses and validates one JSON document already known to be UTF-8.
    pub fn from_json_str(text: &str) -> Result<Article, InputError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| InputError::NotJson { detail: e.to_string() })?;
        Self::from_value(value)
    }

    /// Validates a parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Article, InputError> {
        let serde_json::Value::Object(mut map) = value else {
            return Err(InputError::NotObject { found: json_kind(&value) });
        };
        let id = match map.remove("id") {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::String(_)) | None | Some(serde_json::Value::Null) => {
                return Err(InputError::MissingId)
            }
            Some(other) => {
                return Err(InputError::InvalidField {
                    field: "id",
                    expected: "a non-empty string",
                    found: json_kind(&other),
                })
            }
        };
        let body = match (map.remove("body"), map.remove("text")) {
            (Some(serde_json::Value::String(s)), _) => s,
            (None | Some(serde_json::Value::Null), Some(serde_json::Value::String(s))) => s,
            (None | Some(serde_json::Value::Null), None | Some(serde_json::Value::Null)) => {
                return Err(InputError::MissingBody)
            }
            (Some(other), _) => {
                return Err(InputError::InvalidField {
                    field: "body",
                    expected: "a string",
                    found: json_kind(&other),
                })
            }
            (_, Some(other)) => {
                return Err(InputError::InvalidField {
                    field: "text",
                    expected: "a string",
                    found: json_kind(&other),
                })
            }
        };
        let mut opt = |field: &'static str| -> Result<Option<String>, InputError> {
            match map.remove(field) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(InputError::InvalidField {
                    field,
                    expected: "a string",
                    found: json_kind(&other),
                }),
            }
        };
        Ok(Article {
            id,
            body,
            title: opt("title")?,
            published_at: opt("published_at")?,
            language: opt("language")?,
            url: opt("url")?,
            source: opt("source")?,
        })
    }

    /// Best-effort article id of a message that failed validation, for error reports.
    pub fn salvage_id(bytes: &[u8]) -> Option<String> {
        let text = std::str::from_utf8(bytes).ok()?;
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        value.get("id")?.as_str().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Article, InputError> {
        Article::from_slice(s.as_bytes(), DEFAULT_MAX_BYTES)
    }

    #[test]
    fn accepts_body_and_text_alias() {
        let a = parse(r#"{"id":"a","body":"Hi.","title":"T"}"#).unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str(), a.title.as_deref()), ("a", "Hi.", Some("T")));
        let b = parse(r#"{"id":"b","text":"Hello."}"#).unwrap();
        assert_eq!(b.body, "Hello.");
    }

    #[test]
    fn every_bad_shape_has_its_code() {
        let cases: &[(&[u8], &str)] = &[
            (b"not json", "invalid_json"),
            (b"[1,2]", "not_an_object"),
            (b"{\"body\":\"x\"}", "missing_id"),
            (b"{\"id\":\"\",\"body\":\"x\"}", "missing_id"),
            (b"{\"id\":5,\"body\":\"x\"}", "invalid_field"),
            (b"{\"id\":\"a\"}", "missing_body"),
            (b"{\"id\":\"a\",\"body\":7}", "invalid_field"),
            (b"{\"id\":\"a\",\"body\":\"x\",\"published_at\":3}", "invalid_field"),
            (b"{\"id\":\"a\",\"body\":\"\xff\"}", "invalid_utf8"),
        ];
        for (bytes, code) in cases {
            let err = Article::from_slice(bytes, DEFAULT_MAX_BYTES).unwrap_err();
            assert_eq!(err.code(), *code, "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn size_limit_is_checked_before_parsing() {
        let err = Article::from_slice(&[b'x'; 11], 10).unwrap_err();
        assert_eq!(err, InputError::TooLarge { size: 11, limit: 10 });
    }

    #[test]
    fn salvages_id_from_invalid_article() {
        assert_eq!(Article::salvage_id(br#"{"id":"z","body":1}"#).as_deref(), Some("z"));
        assert_eq!(Article::salvage_id(b"garbage"), None);
    }
}

//! Dead letters: the record published on the dead-letter subject for a message that cannot be
//! analysed (bad input, a panic in extraction, retries exhausted). It carries the error `code`
//! and `message`, where the message came from (subject, stream, sequence, delivery count) and
//! the original payload (UTF-8 text as is, other bytes base64), cut with a flag when huge.
//! Building the record is pure; [`publish`] stores it in the dead-letter stream.

use base64::Engine;
use serde::{Deserialize, Serialize};

/// Error codes of dead letters that do not come from input validation.
pub const CODE_INTERNAL: &str = "internal";
pub const CODE_MAX_DELIVER: &str = "max_deliver_exceeded";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub code: String,
    pub message: String,
    /// The article id when one could be read from the payload.
    pub article_id: Option<String>,
    pub subject: String,
    pub stream: String,
    pub stream_sequence: u64,
    pub delivery_count: i64,
    pub time: String,
    /// `utf8` (payload is the text) or `base64`.
    pub payload_encoding: String,
    pub payload: String,
    /// Size of the original payload in bytes.
    pub payload_bytes: usize,
    /// True when `payload` holds only the first `payload_max` bytes.
    pub payload_truncated: bool,
}

/// Where a message came from.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    pub subject: &'a str,
    pub stream: &'a str,
    pub stream_sequence: u64,
    pub delivery_count: i64,
}

/// Builds the record; the payload is cut to `payload_max` bytes (at a character boundary).
pub fn build(code: &str, message: &str, origin: &Origin<'_>, payload: &[u8], payload_max: usize) -> DeadLetter {
    let truncated = payload.len() > payload_max;
    let (encoding, text) = match std::str::from_utf8(payload) {
        Ok(s) => {
            let mut cut = s.len().min(payload_max);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            ("utf8", s[..cut].to_owned())
        }
        Err(_) => (
            "base64",
            base64::engine::general_purpose::STANDARD.encode(&payload[..payload.len().min(payload_max)]),
        ),
    };
    DeadLetter {
        code: code.to_owned(),
        message: message.to_owned(),
        article_id: crate::article::Article::salvage_id(payload),
        subject: origin.subject.to_owned(),
        stream: origin.stream.to_owned(),
        stream_sequence: origin.stream_sequence,
        delivery_count: origin.delivery_count,
        time: super::event::now_rfc3339(),
        payload_encoding: encoding.to_owned(),
        payload: text,
        payload_bytes: payload.len(),
        payload_truncated: truncated,
    }
}

/// Message id of a dead letter: one per stream message, so a retried dead-lettering is stored once.
pub fn message_id(origin: &Origin<'_>) -> String {
    format!("dlq:{}:{}", origin.stream, origin.stream_sequence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin { subject: "articles.raw", stream: "ARTICLES", stream_sequence: 7, delivery_count: 2 }
    }

    #[test]
    fn keeps_small_text_payloads_whole() {
        let d = build("invalid_json", "bad", &origin(), b"not json", 100);
        assert_eq!((d.payload.as_str(), d.payload_encoding.as_str(), d.payload_truncated), ("not json", "utf8", false));
        assert_eq!((d.stream_sequence, d.delivery_count, d.payload_bytes), (7, 2, 8));
    }

    #[test]
    fn cuts_huge_payloads_on_a_char_boundary_with_a_flag() {
        let d = build("too_large", "big", &origin(), "ééééé".as_bytes(), 3);
        assert_eq!((d.payload.as_str(), d.payload_truncated, d.payload_bytes), ("é", true, 10));
    }

    #[test]
    fn binary_payloads_go_base64() {
        let d = build("invalid_utf8", "bytes", &origin(), &[0xff, 0xfe], 100);
        assert_eq!((d.payload.as_str(), d.payload_encoding.as_str()), ("//4=", "base64"));
    }

    #[test]
    fn message_id_is_per_stream_message() {
        assert_eq!(message_id(&origin()), "dlq:ARTICLES:7");
    }
}

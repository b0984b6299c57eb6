//! The output envelope: a CloudEvents 1.0 structured-mode JSON document whose `data` is the
//! [`Analysis`]. The event `id` is the article id + ":" + the extractor version, and doubles as
//! the `Nats-Msg-Id` header, so the output stream drops a second event for the same article.
//! Pure functions; publishing is [`super::publisher`].

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, EXTRACTOR_VERSION};

/// CloudEvents `type` of every output event.
pub const EVENT_TYPE: &str = "io.quotewire.article.analyzed.v1";
pub const SPEC_VERSION: &str = "1.0";
pub const CONTENT_TYPE: &str = "application/json";

/// One CloudEvent, structured mode. Owned so tests and consumers can deserialize it too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudEvent<T> {
    pub specversion: String,
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub source: String,
    pub subject: String,
    pub time: String,
    pub datacontenttype: String,
    pub dataschema: String,
    pub data: T,
}

/// The event id for an article: `article id + ":" + extractor version`.
pub fn event_id(article_id: &str) -> String {
    format!("{article_id}:{EXTRACTOR_VERSION}")
}

/// Wraps an analysis; `time` is RFC 3339 UTC.
pub fn analyzed_event<'a>(analysis: &'a Analysis, source: &str, dataschema: &str, time: String) -> CloudEvent<&'a Analysis> {
    CloudEvent {
        specversion: SPEC_VERSION.to_owned(),
        id: event_id(&analysis.article_id),
        event_type: EVENT_TYPE.to_owned(),
        source: source.to_owned(),
        subject: analysis.article_id.clone(),
        time,
        datacontenttype: CONTENT_TYPE.to_owned(),
        dataschema: dataschema.to_owned(),
        data: analysis,
    }
}

/// The current time as RFC 3339 UTC (`2024-02-08T11:05:00.123456Z`).
pub fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Sentiment;

    #[test]
    fn envelope_has_every_required_attribute() {
        let a = Analysis {
            article_id: "a-1".into(),
            published_at: None,
            published_at_source: None,
            language: "en".into(),
            speakers_supported: true,
            quotes: vec![],
            people: vec![],
            dates: vec![],
            sentiment: Sentiment::NEUTRAL,
            extractor_version: EXTRACTOR_VERSION.into(),
        };
        let ev = analyzed_event(&a, "urn:test", "urn:schema", "2024-01-01T00:00:00Z".into());
        let v = serde_json::to_value(&ev).unwrap();
        assert_eq!(v["specversion"], "1.0");
        assert_eq!(v["id"], format!("a-1:{EXTRACTOR_VERSION}"));
        assert_eq!(v["type"], EVENT_TYPE);
        assert_eq!(v["subject"], "a-1");
        assert_eq!(v["source"], "urn:test");
        assert_eq!(v["datacontenttype"], "application/json");
        assert_eq!(v["dataschema"], "urn:schema");
        assert_eq!(v["data"]["article_id"], "a-1");
    }

    #[test]
    fn now_is_rfc3339_utc() {
        let t = now_rfc3339();
        assert!(t.ends_with('Z') && t.contains('T'), "{t}");
        assert!(t.parse::<jiff::Timestamp>().is_ok());
    }
}

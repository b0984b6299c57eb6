//! W3C trace context (`traceparent`, `tracestate`) carried in NATS message headers: reading the
//! upstream context from an input message and writing the current one onto an output message.
//! It does not create spans or choose what to propagate beyond trace context (no baggage).

use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::Context;
use opentelemetry_sdk::propagation::TraceContextPropagator;

/// Read access to NATS headers for the propagator. Header names are matched without regard to
/// case: NATS keeps them as sent, and clients differ in how they spell `traceparent`.
struct HeaderReader<'a>(&'a async_nats::HeaderMap);

impl Extractor for HeaderReader<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        if let Some(v) = self.0.get(key) {
            return Some(v.as_str());
        }
        self.0
            .iter()
            .find(|(name, _)| AsRef::<str>::as_ref(*name).eq_ignore_ascii_case(key))
            .and_then(|(_, values)| values.first())
            .map(|v| v.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        self.0
            .iter()
            .map(|(name, _)| AsRef::<str>::as_ref(name))
            .collect()
    }
}

struct HeaderWriter<'a>(&'a mut async_nats::HeaderMap);

impl Injector for HeaderWriter<'_> {
    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key, value.as_str());
    }
}

/// The upstream context in `headers`; an empty context when there is none or it is malformed.
pub(crate) fn extract(headers: &async_nats::HeaderMap) -> Context {
    TraceContextPropagator::new().extract(&HeaderReader(headers))
}

/// Writes `cx`'s span context into `headers`, replacing any trace context already there.
pub(crate) fn inject(cx: &Context, headers: &mut async_nats::HeaderMap) {
    TraceContextPropagator::new().inject_context(cx, &mut HeaderWriter(headers));
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry::trace::TraceContextExt;

    #[test]
    fn reads_traceparent_whatever_the_case_of_its_name() {
        let mut h = async_nats::HeaderMap::new();
        h.insert(
            "Traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        );
        let cx = extract(&h);
        let sc = cx.span().span_context().clone();
        assert!(sc.is_remote());
        assert_eq!(
            sc.trace_id().to_string(),
            "0af7651916cd43dd8448eb211c80319c"
        );
        assert_eq!(sc.span_id().to_string(), "b7ad6b7169203331");
        assert!(sc.is_sampled());
    }

    #[test]
    fn malformed_traceparent_gives_no_parent() {
        let mut h = async_nats::HeaderMap::new();
        h.insert("traceparent", "00-not-a-trace-01");
        assert!(!extract(&h).span().span_context().is_valid());
        assert!(!extract(&async_nats::HeaderMap::new())
            .span()
            .span_context()
            .is_valid());
    }

    #[test]
    fn round_trips_tracestate() {
        let mut h = async_nats::HeaderMap::new();
        h.insert(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        );
        h.insert("tracestate", "vendor=abc");
        let cx = extract(&h);
        let mut out = async_nats::HeaderMap::new();
        inject(&cx, &mut out);
        assert_eq!(
            out.get("traceparent").map(|v| v.as_str()),
            Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        );
        assert_eq!(
            out.get("tracestate").map(|v| v.as_str()),
            Some("vendor=abc")
        );
    }
}

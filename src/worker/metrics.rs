//! What the worker tells the outside about itself: Prometheus [`Metrics`] (articles by outcome,
//! processing time, in-flight, redeliveries, dead letters, NATS connection events) and the
//! [`Health`] flags behind `/readyz`. Only counters and flags live here; the HTTP side that
//! serves them is [`crate::http`], and the code that moves them is the consumer.

use std::sync::atomic::{AtomicBool, Ordering};

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

type Labels = [(&'static str, String); 1];

/// How one delivery of an article ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The event was stored in the output stream.
    Published,
    /// The output stream already had this event (a redelivery or a repeated article).
    Duplicate,
    /// The message went to the dead-letter subject.
    DeadLetter,
    /// A transient failure: the message was nak'ed for a later retry.
    Retry,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Published => "published",
            Outcome::Duplicate => "duplicate",
            Outcome::DeadLetter => "dead_letter",
            Outcome::Retry => "retry",
        }
    }
}

/// Every metric of the process, registered once in [`Metrics::new`].
pub struct Metrics {
    registry: Registry,
    articles: Family<Labels, Counter>,
    processing: Histogram,
    in_flight: Gauge,
    redeliveries: Counter,
    dead_letters: Family<Labels, Counter>,
    connection_events: Family<Labels, Counter>,
    service_requests: Family<Labels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("quotewire");
        let articles = Family::<Labels, Counter>::default();
        registry.register("articles", "Articles handled, by outcome", articles.clone());
        // 0.5 ms .. ~16 s
        let processing = Histogram::new(exponential_buckets(0.0005, 2.0, 16));
        registry.register(
            "processing_seconds",
            "Time from receiving an article to acknowledging it",
            processing.clone(),
        );
        let in_flight = Gauge::default();
        registry.register("in_flight", "Articles being worked on now", in_flight.clone());
        let redeliveries = Counter::default();
        registry.register("redeliveries", "Deliveries of an article after its first", redeliveries.clone());
        let dead_letters = Family::<Labels, Counter>::default();
        registry.register("dead_letters", "Dead letters published, by error code", dead_letters.clone());
        let connection_events = Family::<Labels, Counter>::default();
        registry.register(
            "nats_connection_events",
            "NATS connection events (connected, disconnected, ...)",
            connection_events.clone(),
        );
        let service_requests = Family::<Labels, Counter>::default();
        registry.register(
            "service_requests",
            "Requests to the NATS service endpoint, by outcome",
            service_requests.clone(),
        );
        Metrics {
            registry,
            articles,
            processing,
            in_flight,
            redeliveries,
            dead_letters,
            connection_events,
            service_requests,
        }
    }

    pub fn article(&self, outcome: Outcome, seconds: f64) {
        self.articles.get_or_create(&[("outcome", outcome.as_str().to_owned())]).inc();
        self.processing.observe(seconds);
    }

    pub fn in_flight_add(&self, delta: i64) {
        self.in_flight.inc_by(delta);
    }

    pub fn redelivery(&self) {
        self.redeliveries.inc();
    }

    pub fn dead_letter(&self, code: &str) {
        self.dead_letters.get_or_create(&[("code", code.to_owned())]).inc();
    }

    pub fn connection_event(&self, event: &str) {
        self.connection_events.get_or_create(&[("event", event.to_owned())]).inc();
    }

    pub fn service_request(&self, outcome: &str) {
        self.service_requests.get_or_create(&[("outcome", outcome.to_owned())]).inc();
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// The flags `/readyz` reads: ready means connected to NATS and pulling from the consumer.
#[derive(Debug, Default)]
pub struct Health {
    connected: AtomicBool,
    pulling: AtomicBool,
}

impl Health {
    pub fn set_connected(&self, v: bool) {
        self.connected.store(v, Ordering::Relaxed);
    }
    pub fn set_pulling(&self, v: bool) {
        self.pulling.store(v, Ordering::Relaxed);
    }
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }
    pub fn pulling(&self) -> bool {
        self.pulling.load(Ordering::Relaxed)
    }
    pub fn ready(&self) -> bool {
        self.connected() && self.pulling()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_with_labels() {
        let m = Metrics::new();
        m.article(Outcome::Published, 0.01);
        m.article(Outcome::Published, 0.02);
        m.dead_letter("invalid_json");
        m.connection_event("connected");
        let text = m.render();
        assert!(text.contains("quotewire_articles_total{outcome=\"published\"} 2"), "{text}");
        assert!(text.contains("quotewire_dead_letters_total{code=\"invalid_json\"} 1"), "{text}");
        assert!(text.contains("quotewire_nats_connection_events_total{event=\"connected\"} 1"), "{text}");
        assert!(text.contains("quotewire_processing_seconds_count 2"), "{text}");
    }

    #[test]
    fn ready_needs_both_flags() {
        let h = Health::default();
        h.set_connected(true);
        assert!(!h.ready());
        h.set_pulling(true);
        assert!(h.ready());
    }
}

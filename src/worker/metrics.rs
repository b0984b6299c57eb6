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
    extract: Histogram,
    stage_seconds: Family<Labels, Histogram>,
    article_quotes: Histogram,
    article_people: Histogram,
    consumer_pending: Gauge,
    consumer_ack_pending: Gauge,
    consumer_redelivered: Gauge,
    consumer_waiting: Gauge,
}

/// Buckets for counts per article (quotes, people).
const COUNT_BUCKETS: [f64; 10] = [0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0];

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
        let build_info = Family::<[(&'static str, String); 2], Gauge>::default();
        registry.register("build_info", "Version of the running binary (always 1)", build_info.clone());
        build_info
            .get_or_create(&[
                ("version", env!("CARGO_PKG_VERSION").to_owned()),
                ("extractor_version", crate::analysis::EXTRACTOR_VERSION.to_owned()),
            ])
            .set(1);
        // 0.1 ms .. ~3 s
        let extract = Histogram::new(exponential_buckets(0.0001, 2.0, 15));
        registry.register("extract_seconds", "Time extracting one article (CPU work, off the runtime)", extract.clone());
        let stage_seconds =
            Family::<Labels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.00001, 2.0, 18)));
        registry.register("stage_seconds", "Time of one extraction stage for one article, by stage", stage_seconds.clone());
        let article_quotes = Histogram::new(COUNT_BUCKETS);
        registry.register("article_quotes", "Quotes found per article", article_quotes.clone());
        let article_people = Histogram::new(COUNT_BUCKETS);
        registry.register("article_people", "People found per article", article_people.clone());
        let consumer_pending = Gauge::default();
        registry.register(
            "consumer_pending_messages",
            "Articles in the input stream not yet delivered to any worker (lag)",
            consumer_pending.clone(),
        );
        let consumer_ack_pending = Gauge::default();
        registry.register(
            "consumer_ack_pending_messages",
            "Articles delivered and not yet acknowledged, all workers together",
            consumer_ack_pending.clone(),
        );
        let consumer_redelivered = Gauge::default();
        registry.register(
            "consumer_redelivered_messages",
            "Articles delivered more than once and not yet acknowledged",
            consumer_redelivered.clone(),
        );
        let consumer_waiting = Gauge::default();
        registry.register("consumer_waiting_pulls", "Pull requests waiting at the server", consumer_waiting.clone());
        Metrics {
            registry,
            extract,
            stage_seconds,
            article_quotes,
            article_people,
            consumer_pending,
            consumer_ack_pending,
            consumer_redelivered,
            consumer_waiting,
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

    /// One extraction: its time and what it found.
    pub fn extracted(&self, seconds: f64, quotes: usize, people: usize) {
        self.extract.observe(seconds);
        self.article_quotes.observe(quotes as f64);
        self.article_people.observe(people as f64);
    }

    /// Per-stage extraction times of one article.
    pub fn stages(&self, timings: &crate::extract::StageTimings) {
        for (stage, took) in &timings.stages {
            self.stage_seconds.get_or_create(&[("stage", (*stage).to_owned())]).observe(took.as_secs_f64());
        }
    }

    /// The durable consumer's state as the server reports it.
    pub fn consumer_state(&self, pending: u64, ack_pending: u64, redelivered: u64, waiting: u64) {
        let g = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        self.consumer_pending.set(g(pending));
        self.consumer_ack_pending.set(g(ack_pending));
        self.consumer_redelivered.set(g(redelivered));
        self.consumer_waiting.set(g(waiting));
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
    fn renders_build_info_extraction_and_lag() {
        let m = Metrics::new();
        m.extracted(0.002, 3, 2);
        m.stages(&crate::extract::StageTimings {
            stages: vec![("quotes", std::time::Duration::from_millis(1)), ("people", std::time::Duration::from_millis(2))],
        });
        m.consumer_state(17, 4, 1, 2);
        let text = m.render();
        let version = env!("CARGO_PKG_VERSION");
        assert!(text.contains(&format!("quotewire_build_info{{version=\"{version}\",extractor_version=\"{version}\"}} 1")), "{text}");
        assert!(text.contains("quotewire_extract_seconds_count 1"), "{text}");
        assert!(text.contains("quotewire_stage_seconds_count{stage=\"quotes\"} 1"), "{text}");
        assert!(text.contains("quotewire_stage_seconds_sum{stage=\"people\"} 0.002"), "{text}");
        assert!(text.contains("quotewire_article_quotes_sum 3.0"), "{text}");
        assert!(text.contains("quotewire_article_people_bucket{le=\"2.0\"} 1"), "{text}");
        assert!(text.contains("quotewire_article_people_bucket{le=\"1.0\"} 0"), "{text}");
        assert!(text.contains("quotewire_consumer_pending_messages 17"), "{text}");
        assert!(text.contains("quotewire_consumer_ack_pending_messages 4"), "{text}");
        assert!(text.contains("quotewire_consumer_redelivered_messages 1"), "{text}");
        assert!(text.contains("quotewire_consumer_waiting_pulls 2"), "{text}");
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

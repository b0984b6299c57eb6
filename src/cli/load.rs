//! `quotewire load`: a load run against the worker(s) on the configured NATS. It publishes N
//! generated articles (ids `load-<run>-<n>-<µs>`, text made up here, about `body_bytes` long),
//! as fast as a bounded window of publish acks allows or at a fixed `rate`, waits until an event
//! for each has come out on the output subject, and reports articles per second end to end and
//! latency percentiles. The latency of an article is measured at this tool's subscriber on the
//! output subject: the time its event arrives minus the time it was published, which the id
//! carries (microseconds since the run started, one clock, no clock skew). With `local` it
//! first starts its own `nats-server` and an in-process worker (the production one); with
//! `transport_only` that worker skips the extraction (`worker.transport_only`). It is a
//! measuring tool, not part of the service.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures::stream::FuturesUnordered;
use futures::StreamExt;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use quotewire::config::Settings;
use quotewire::worker::{self, Metrics};

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub count: usize,
    pub body_bytes: usize,
    /// Publishes awaiting their ack at once.
    pub window: usize,
    /// Start a local nats-server (when none answers) and an in-process worker.
    pub local: bool,
    /// Give up waiting for events after this long.
    pub timeout: Duration,
    /// Articles per second to publish at; `None`: as fast as the ack window allows.
    pub rate: Option<f64>,
    /// With `local`: the in-process worker runs with `worker.transport_only`.
    pub transport_only: bool,
}

/// End-to-end latency percentiles, milliseconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Latency {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    /// Nearest-rank percentiles of `micros` (sorted here); `None` when empty.
    pub fn from_micros(mut micros: Vec<u64>) -> Option<Latency> {
        if micros.is_empty() {
            return None;
        }
        micros.sort_unstable();
        let at = |q: f64| {
            let rank = ((q * micros.len() as f64).ceil() as usize).clamp(1, micros.len());
            micros[rank - 1] as f64 / 1000.0
        };
        Some(Latency { p50_ms: at(0.50), p90_ms: at(0.90), p99_ms: at(0.99), max_ms: at(1.0) })
    }
}

/// What a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub articles: usize,
    pub body_bytes: usize,
    pub events: usize,
    pub publish_seconds: f64,
    pub total_seconds: f64,
    pub articles_per_second: f64,
    /// The rate asked for (articles/s), if any, and the rate published at.
    pub rate: Option<f64>,
    pub published_per_second: f64,
    pub latency: Option<Latency>,
}

const SENTENCES: [&str; 6] = [
    "The committee met on Tuesday to review the plan for the new ferry terminal.",
    "\"We have waited long enough for this,\" said Irene Costa, who chairs the residents' group.",
    "Officials said the first phase would start next spring if the budget holds.",
    "Costa added that the neighbourhood was tired of promises.",
    "\"Nobody here is against progress, but we want it done properly,\" she said.",
    "A spokesman for the port authority declined to comment on the cost.",
];

/// A made-up article body of about `bytes` bytes, in paragraphs.
pub fn synthetic_body(bytes: usize, seed: usize) -> String {
    let mut body = String::with_capacity(bytes + 128);
    let mut i = seed;
    while body.len() < bytes.max(1) {
        if !body.is_empty() {
            body.push_str(if i % 2 == 0 { "\n\n" } else { " " });
        }
        body.push_str(SENTENCES[i % SENTENCES.len()]);
        i += 1;
    }
    body
}

/// Runs one load run.
pub async fn run(mut cfg: Settings, opts: &LoadOptions) -> anyhow::Result<LoadReport> {
    let _server = if opts.local { super::demo::server_for(&mut cfg)? } else { None };
    let stop = CancellationToken::new();
    let worker = if opts.local {
        let mut wcfg = cfg.clone();
        wcfg.http.addr = "127.0.0.1:0".to_owned();
        wcfg.worker.transport_only = opts.transport_only;
        Some(tokio::spawn(worker::run_with(wcfg, stop.clone(), Arc::new(quotewire::Extractor::new()), Arc::new(Metrics::new()))))
    } else {
        None
    };
    let client = async_nats::connect(cfg.nats.url.as_str()).await.context("connecting to NATS")?;
    let js = async_nats::jetstream::new(client.clone());
    let deadline = Instant::now() + Duration::from_secs(20);
    while js.get_stream(&cfg.streams.input).await.is_err() {
        if Instant::now() > deadline {
            bail!("stream {} does not exist; is a worker running (or pass --local)?", cfg.streams.input);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let run_id = jiff::Timestamp::now().as_nanosecond();
    let prefix = format!("load-{run_id}-");
    let mut events = client.subscribe(cfg.subjects.output.clone()).await?;
    client.flush().await?;

    let bodies: Vec<String> = (0..8).map(|s| synthetic_body(opts.body_bytes, s)).collect();
    let started = Instant::now();
    let collector = {
        let prefix = prefix.clone();
        let count = opts.count;
        let timeout = opts.timeout;
        tokio::spawn(async move {
            let mut seen = HashSet::with_capacity(count);
            let mut latencies = Vec::with_capacity(count);
            let end = tokio::time::Instant::now() + timeout;
            while seen.len() < count {
                match tokio::time::timeout_at(end, events.next()).await {
                    Ok(Some(msg)) => {
                        let arrived = started.elapsed().as_micros() as u64;
                        #[derive(serde::Deserialize)]
                        struct Envelope {
                            subject: String,
                        }
                        if let Ok(ev) = serde_json::from_slice::<Envelope>(&msg.payload) {
                            if let Some(sent) = sent_micros(&ev.subject, &prefix) {
                                if seen.insert(ev.subject) {
                                    latencies.push(arrived.saturating_sub(sent));
                                }
                            }
                        }
                    }
                    _ => break,
                }
            }
            (seen.len(), started.elapsed(), latencies)
        })
    };

    let mut pending = FuturesUnordered::new();
    let rate = opts.rate.filter(|r| *r > 0.0);
    for n in 0..opts.count {
        if let Some(r) = rate {
            let due = started + Duration::from_secs_f64(n as f64 / r);
            tokio::time::sleep_until(due.into()).await;
        }
        let id = format!("{prefix}{n}-{}", started.elapsed().as_micros());
        let article = serde_json::json!({
            "id": id,
            "published_at": "2025-05-06T10:00:00Z",
            "body": bodies[n % bodies.len()],
        });
        let payload = serde_json::to_vec(&article)?;
        let publish = async_nats::jetstream::message::PublishMessage::build()
            .message_id(id)
            .payload(payload.into());
        let ack = js.send_publish(cfg.subjects.input.clone(), publish).await?;
        pending.push(std::future::IntoFuture::into_future(ack));
        while pending.len() >= opts.window.max(1) {
            if let Some(r) = pending.next().await {
                r.context("publish ack")?;
            }
        }
    }
    while let Some(r) = pending.next().await {
        r.context("publish ack")?;
    }
    let publish_seconds = started.elapsed().as_secs_f64();
    let (events_seen, elapsed, latencies) = collector.await.context("collector")?;
    stop.cancel();
    if let Some(w) = worker {
        w.await.context("worker task")??;
    }
    let total_seconds = elapsed.as_secs_f64();
    let report = LoadReport {
        articles: opts.count,
        body_bytes: opts.body_bytes,
        events: events_seen,
        publish_seconds,
        total_seconds,
        articles_per_second: events_seen as f64 / total_seconds.max(1e-9),
        rate,
        published_per_second: opts.count as f64 / publish_seconds.max(1e-9),
        latency: Latency::from_micros(latencies),
    };
    if events_seen < opts.count {
        bail!("only {events_seen} of {} events arrived within {:?}: {report:?}", opts.count, opts.timeout);
    }
    Ok(report)
}

/// The publish time (µs since the run started) carried in a load article id
/// `<prefix><n>-<µs>`; `None` for ids of other runs.
fn sent_micros(id: &str, prefix: &str) -> Option<u64> {
    let rest = id.strip_prefix(prefix)?;
    let (_, micros) = rest.rsplit_once('-')?;
    micros.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publish_time_is_read_back_from_the_id() {
        assert_eq!(sent_micros("load-7-12-3456", "load-7-"), Some(3456));
        assert_eq!(sent_micros("load-8-12-3456", "load-7-"), None);
        assert_eq!(sent_micros("load-7-12", "load-7-"), None);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let l = Latency::from_micros((1..=100).map(|ms| ms * 1000).collect()).unwrap();
        assert_eq!(l, Latency { p50_ms: 50.0, p90_ms: 90.0, p99_ms: 99.0, max_ms: 100.0 });
        let one = Latency::from_micros(vec![2500]).unwrap();
        assert_eq!((one.p50_ms, one.p99_ms, one.max_ms), (2.5, 2.5, 2.5));
        assert_eq!(Latency::from_micros(Vec::new()), None);
    }

    #[test]
    fn synthetic_body_reaches_the_size() {
        let b = synthetic_body(1000, 0);
        assert!(b.len() >= 1000 && b.len() < 1200, "{}", b.len());
        assert!(b.contains("\n\n"));
    }
}

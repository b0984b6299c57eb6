//! `quotewire load`: a load run against the worker(s) on the configured NATS. It publishes N
//! generated articles (ids `load-<run>-<n>`, text made up here, about `body_bytes` long) with a
//! bounded window of publish acks, waits until an event for each has come out on the output
//! subject, and reports articles per second end to end. With `local` it first starts its own
//! `nats-server` and an in-process worker (the production one), so one command measures the
//! whole pipeline on this machine. It is a measuring tool, not part of the service.

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
            let end = tokio::time::Instant::now() + timeout;
            while seen.len() < count {
                match tokio::time::timeout_at(end, events.next()).await {
                    Ok(Some(msg)) => {
                        #[derive(serde::Deserialize)]
                        struct Envelope {
                            subject: String,
                        }
                        if let Ok(ev) = serde_json::from_slice::<Envelope>(&msg.payload) {
                            if ev.subject.starts_with(&prefix) {
                                seen.insert(ev.subject);
                            }
                        }
                    }
                    _ => break,
                }
            }
            (seen.len(), started.elapsed())
        })
    };

    let mut pending = FuturesUnordered::new();
    for n in 0..opts.count {
        let article = serde_json::json!({
            "id": format!("{prefix}{n}"),
            "published_at": "2025-05-06T10:00:00Z",
            "body": bodies[n % bodies.len()],
        });
        let payload = serde_json::to_vec(&article)?;
        let publish = async_nats::jetstream::message::PublishMessage::build()
            .message_id(format!("{prefix}{n}"))
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
    let (events_seen, elapsed) = collector.await.context("collector")?;
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
    };
    if events_seen < opts.count {
        bail!("only {events_seen} of {} events arrived within {:?}: {report:?}", opts.count, opts.timeout);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_body_reaches_the_size() {
        let b = synthetic_body(1000, 0);
        assert!(b.len() >= 1000 && b.len() < 1200, "{}", b.len());
        assert!(b.contains("\n\n"));
    }
}

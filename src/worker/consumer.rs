//! The consume loop and the handling of one message.
//!
//! The loop pulls from the durable consumer only as many messages as it has free slots
//! (`worker.max_in_flight`), so nothing waits in a client buffer while its ack timer runs.
//! Each message is handled in its own task: validate → extract (on the blocking pool, at most
//! `worker.extract_threads` at once, a panic caught) → publish the CloudEvent and wait for the
//! stream's ack → ack the input. Bad input and panics become dead letters followed by Term;
//! transient failures a nak with delay, or a dead letter on the last allowed delivery. While a
//! message is worked on it gets progress acks. When pulls keep bringing nothing and the consumer
//! does not answer (deleted, or a server restarted without storage), the streams and consumer
//! are provisioned again. `worker.transport_only` (a benchmark tool) skips the extraction and
//! publishes an empty analysis, so the same path measures what NATS alone allows; with
//! `worker.transport_replay` it publishes the real analysis of each distinct input, extracted once
//! ([`super::replay`]), so the events have their real size. On shutdown the loop stops pulling, hands back messages not started,
//! and waits for the tasks in flight, at most `worker.shutdown_grace`.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::{self, AckKind};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use crate::extract::StageTimings;
use crate::analysis::Analysis;
use crate::article::Article;
use crate::config::Settings;
use crate::telemetry;
use crate::worker::dead_letter::{self, Origin, CODE_INTERNAL, CODE_MAX_DELIVER};
use crate::worker::event;
use crate::worker::metrics::{Health, Metrics, Outcome};
use crate::worker::publisher::{self, PublishError};
use crate::worker::replay::ReplayCache;
use crate::worker::Analyze;

/// Pull requests in a row without a message after which the worker checks its consumer.
const CHECK_AFTER: u32 = 3;

/// What every message task shares.
pub struct Shared {
    pub cfg: Arc<Settings>,
    pub js: jetstream::Context,
    pub analyzer: Arc<dyn Analyze>,
    pub metrics: Arc<Metrics>,
    pub health: Arc<Health>,
    /// Bounds the extraction running at once to `worker.extract_threads`.
    pub cpu: Arc<Semaphore>,
    /// With `worker.transport_replay` (a benchmark tool): the analyses replayed.
    pub replay: Option<ReplayCache>,
}

/// Why an article could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("extraction panicked: {0}")]
    Panicked(String),
    #[error("extraction task failed: {0}")]
    Join(String),
}

/// Runs the analyzer on the blocking pool, bounded by `cpu`, turning a panic into an error.
pub async fn extract_off_runtime(
    analyzer: Arc<dyn Analyze>,
    cpu: Arc<Semaphore>,
    article: Article,
) -> Result<(Analysis, StageTimings), ExtractError> {
    let permit = cpu.acquire_owned().await.map_err(|e| ExtractError::Join(e.to_string()))?;
    // The blocking thread joins the article's trace: its spans and logs are children of it.
    let span = tracing::debug_span!("extract", otel.name = "extract");
    let res = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        span.in_scope(|| std::panic::catch_unwind(AssertUnwindSafe(|| analyzer.analyze_timed(&article))))
    })
    .await;
    match res {
        Ok(Ok(analysis)) => Ok(analysis),
        Ok(Err(panic)) => Err(ExtractError::Panicked(panic_message(panic.as_ref()))),
        Err(join) => Err(ExtractError::Join(join.to_string())),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// Pulls and handles messages until `shutdown`, then waits for the tasks in flight.
pub async fn consume(shared: Arc<Shared>, mut consumer: PullConsumer, shutdown: CancellationToken) {
    let cfg = shared.cfg.clone();
    let slots = Arc::new(Semaphore::new(cfg.worker.max_in_flight));
    let tracker = TaskTracker::new();
    let mut failures = 0u32;
    // Pull requests in a row that brought no message.
    let mut fruitless = 0u32;
    'pull: loop {
        if fruitless >= CHECK_AFTER {
            fruitless = 0;
            // Pulls that bring nothing: idle, or the consumer or its stream is gone (deleted,
            // or a server restarted without its storage). Ask the server which.
            if consumer.info().await.is_err() && cfg.streams.provision {
                tracing::warn!("the consumer is not answering; creating the streams and the consumer again");
                match super::provision::provision(&shared.js, &cfg).await {
                    Ok(c) => consumer = c,
                    Err(e) => tracing::error!(error = %e, "re-provisioning failed"),
                }
            }
        }
        let first = tokio::select! {
            biased;
            _ = shutdown.cancelled() => break 'pull,
            p = slots.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break 'pull },
        };
        let mut held: Vec<OwnedSemaphorePermit> = vec![first];
        while let Ok(p) = slots.clone().try_acquire_owned() {
            held.push(p);
        }
        let batch = tokio::select! {
            biased;
            _ = shutdown.cancelled() => break 'pull,
            b = consumer.batch().max_messages(held.len()).expires(cfg.consumer.pull_expires).messages() => b,
        };
        let mut batch = match batch {
            Ok(b) => {
                failures = 0;
                shared.health.set_pulling(true);
                b
            }
            Err(e) => {
                failures += 1;
                shared.health.set_pulling(false);
                tracing::warn!(error = %e, failures, "pull request failed; retrying");
                let pause = Duration::from_millis(200 * u64::from(failures.min(10)));
                tokio::select! {
                    _ = shutdown.cancelled() => break 'pull,
                    _ = tokio::time::sleep(pause) => continue 'pull,
                }
            }
        };
        let mut got_any = false;
        let pulled_at = Instant::now();
        loop {
            let next = tokio::select! {
                biased;
                _ = shutdown.cancelled() => {
                    hand_back(batch).await;
                    break 'pull;
                }
                m = batch.next() => m,
            };
            match next {
                None => break,
                Some(Err(e)) => {
                    // A status from the server (consumer deleted, too many waiting pulls, ...):
                    // back off so a lasting condition does not turn into a busy loop.
                    failures += 1;
                    tracing::warn!(error = %e, failures, "pull request ended with an error");
                    let pause = Duration::from_millis(200 * u64::from(failures.min(10)));
                    tokio::select! {
                        _ = shutdown.cancelled() => break 'pull,
                        _ = tokio::time::sleep(pause) => {}
                    }
                    break;
                }
                Some(Ok(msg)) => {
                    got_any = true;
                    let Some(slot) = held.pop() else {
                        // More than asked for: cannot happen; let it be redelivered at once.
                        let _ = msg.ack_with(AckKind::Nak(None)).await;
                        continue;
                    };
                    let shared = shared.clone();
                    tracker.spawn(async move {
                        handle(&shared, msg).await;
                        drop(slot);
                    });
                }
            }
        }
        fruitless = if got_any {
            0
        } else if pulled_at.elapsed() > cfg.consumer.pull_expires + Duration::from_secs(2) {
            // Not even the server's end-of-request status came back: check at once.
            CHECK_AFTER
        } else {
            fruitless + 1
        };
    }
    shared.health.set_pulling(false);
    tracker.close();
    let in_flight = tracker.len();
    tracing::info!(in_flight, grace = ?cfg.worker.shutdown_grace, "stopped pulling; finishing in-flight articles");
    if tokio::time::timeout(cfg.worker.shutdown_grace, tracker.wait()).await.is_err() {
        tracing::warn!(left = tracker.len(), "shutdown grace period over; unfinished articles will be redelivered");
    }
}

/// On shutdown: messages already delivered to this pull request but not started are nak'ed
/// after unsubscribing, so the next worker gets them at once instead of after the ack wait.
async fn hand_back(mut batch: async_nats::jetstream::consumer::pull::Batch) {
    use futures::FutureExt;
    let mut unstarted = Vec::new();
    while let Some(Some(Ok(msg))) = batch.next().now_or_never() {
        unstarted.push(msg);
    }
    // Dropping the batch unsubscribes; the server sends nothing more to it.
    drop(batch);
    for msg in &unstarted {
        let _ = msg.ack_with(AckKind::Nak(None)).await;
    }
    if !unstarted.is_empty() {
        tracing::info!(count = unstarted.len(), "handed back messages not started");
    }
}

/// Handles one message to its end: acked, termed after a dead letter, or nak'ed.
pub async fn handle(shared: &Shared, msg: jetstream::Message) {
    let started = Instant::now();
    shared.metrics.in_flight_add(1);
    let (stream, seq, delivered) = match msg.info() {
        Ok(i) => (i.stream.to_owned(), i.stream_sequence, i.delivered),
        Err(_) => (String::new(), 0, 1),
    };
    if delivered > 1 {
        shared.metrics.redelivery();
    }
    let input_msg_id = msg
        .headers
        .as_ref()
        .and_then(|h| h.get("Nats-Msg-Id"))
        .map(|v| v.as_str().to_owned())
        .unwrap_or_default();
    let span = telemetry::article_span(msg.headers.as_ref(), msg.subject.as_str(), seq, &input_msg_id);
    let outcome_span = span.clone();
    let origin_subject = msg.subject.to_string();
    let work = async {
        let origin = Origin { subject: &origin_subject, stream: &stream, stream_sequence: seq, delivery_count: delivered };
        let process = process(shared, &msg, &origin);
        tokio::pin!(process);
        let every = shared.cfg.progress_interval();
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                outcome = &mut process => break outcome,
                _ = ticker.tick(), if started.elapsed() < shared.cfg.worker.max_processing => {
                    if let Err(e) = msg.ack_with(AckKind::Progress).await {
                        tracing::debug!(error = %e, "progress ack failed");
                    }
                }
            }
        }
    }
    .instrument(span)
    .await;
    outcome_span.record("outcome", work.as_str());
    shared.metrics.article(work, started.elapsed().as_secs_f64());
    shared.metrics.in_flight_add(-1);
}

async fn process(shared: &Shared, msg: &jetstream::Message, origin: &Origin<'_>) -> Outcome {
    let cfg = &shared.cfg;
    let article = match Article::from_slice(&msg.payload, cfg.worker.max_article_bytes) {
        Ok(a) => a,
        Err(e) => return dead_letter(shared, msg, origin, e.code(), &e.to_string()).await,
    };
    let article_id = article.id.clone();
    tracing::Span::current().record("article_id", article_id.as_str());
    tracing::debug!(article_id = %article_id, bytes = msg.payload.len(), "article received");
    let extract_started = Instant::now();
    let replayed = shared.replay.as_ref().and_then(|r| r.get(&article));
    let analysis = if let Some(a) = replayed {
        a
    } else if cfg.worker.transport_only && shared.replay.is_none() {
        transport_only_analysis(article)
    } else {
        // (with replay, the input's analysis is kept for the articles that repeat it)
        let kept = shared.replay.is_some().then(|| article.clone());
        match extract_off_runtime(shared.analyzer.clone(), shared.cpu.clone(), article).await {
            Ok((a, stages)) => {
                shared.metrics.extracted(extract_started.elapsed().as_secs_f64(), a.quotes.len(), a.people.len());
                shared.metrics.stages(&stages);
                if let (Some(r), Some(input)) = (&shared.replay, &kept) {
                    r.keep(input, &a);
                }
                a
            }
            Err(e) => {
                tracing::error!(article_id = %article_id, error = %e, "extraction failed");
                return dead_letter(shared, msg, origin, CODE_INTERNAL, &e.to_string()).await;
            }
        }
    };
    let ev = event::analyzed_event(&analysis, &cfg.worker.event_source, &cfg.worker.event_dataschema, event::now_rfc3339());
    // An event is a few times its article's size (quote texts, mention offsets); a buffer of
    // that size up front spares the doublings and copies of a growing one.
    let mut buf = Vec::with_capacity(event_capacity(msg.payload.len()));
    let payload = match serde_json::to_writer(&mut buf, &ev) {
        Ok(()) => Bytes::from(buf),
        Err(e) => return dead_letter(shared, msg, origin, CODE_INTERNAL, &format!("serializing the event: {e}")).await,
    };
    let mut headers = HeaderMap::new();
    headers.insert("Content-Type", "application/cloudevents+json");
    headers.insert("Ce-Id", ev.id.as_str());
    // The event's traceparent names the publish span, so the next service hangs under it.
    let publish_span = telemetry::publish_span(&cfg.subjects.output, &ev.id);
    publish_span.in_scope(|| telemetry::inject_trace(&mut headers));
    let stored = publisher::publish_acked(
        &shared.js,
        &cfg.subjects.output,
        &ev.id,
        headers,
        payload,
        cfg.nats.request_timeout,
    )
    .instrument(publish_span.clone())
    .await;
    if let Err(e) = &stored {
        publish_span.record("otel.status_code", "ERROR");
        let kind = match e {
            PublishError::Send { .. } => "publish_send",
            PublishError::Ack { .. } => "publish_ack",
            PublishError::Timeout { .. } => "publish_timeout",
        };
        publish_span.record("error.type", kind);
    }
    drop(publish_span);
    match stored {
        Ok(stored) => {
            if let Err(e) = msg.ack().await {
                // The event is stored; a redelivery will be a duplicate and dropped.
                tracing::warn!(article_id = %article_id, error = %e, "ack failed after publishing");
            }
            tracing::debug!(article_id = %article_id, sequence = stored.sequence, duplicate = stored.duplicate, "event published");
            if stored.duplicate {
                Outcome::Duplicate
            } else {
                Outcome::Published
            }
        }
        Err(e) => transient(shared, msg, origin, &article_id, &e).await,
    }
}

/// The first capacity of an event's buffer for an article of `article_bytes`: four times its
/// size plus the envelope, capped so that a huge article does not reserve more than its event
/// is likely to need at once (the buffer still grows past it when it must).
fn event_capacity(article_bytes: usize) -> usize {
    article_bytes.saturating_mul(4).saturating_add(1024).min(16 << 20)
}

/// `worker.transport_only` (a benchmark tool): the analysis of an article with nothing
/// extracted, so the event costs what the transport costs.
fn transport_only_analysis(article: Article) -> Analysis {
    Analysis {
        article_id: article.id,
        published_at: None,
        published_at_source: None,
        language: article.language.unwrap_or_else(|| "und".to_owned()),
        speakers_supported: false,
        quotes: Vec::new(),
        people: Vec::new(),
        dates: Vec::new(),
        sentiment: crate::analysis::Sentiment::NEUTRAL,
        extractor_version: crate::analysis::EXTRACTOR_VERSION.to_owned(),
    }
}

/// A failure that may pass: nak with delay, or dead-letter on the last allowed delivery.
async fn transient(shared: &Shared, msg: &jetstream::Message, origin: &Origin<'_>, article_id: &str, e: &PublishError) -> Outcome {
    let cfg = &shared.cfg;
    if origin.delivery_count >= cfg.consumer.max_deliver {
        let reason = format!("giving up after {} deliveries: {e}", origin.delivery_count);
        return dead_letter(shared, msg, origin, CODE_MAX_DELIVER, &reason).await;
    }
    tracing::warn!(article_id, error = %e, delivery = origin.delivery_count, "transient failure; retrying later");
    if let Err(e) = msg.ack_with(AckKind::Nak(Some(cfg.worker.nak_delay))).await {
        tracing::debug!(error = %e, "nak failed; the ack wait will redeliver");
    }
    Outcome::Retry
}

/// Publishes a dead letter, then terminates the message. If the dead letter cannot be stored,
/// the message is nak'ed so it is neither lost nor silently dropped.
async fn dead_letter(shared: &Shared, msg: &jetstream::Message, origin: &Origin<'_>, code: &str, message: &str) -> Outcome {
    let cfg = &shared.cfg;
    let span = tracing::Span::current();
    span.record("error.type", code);
    span.record("otel.status_code", "ERROR");
    let record = dead_letter::build(code, message, origin, &msg.payload, cfg.worker.dead_letter_payload_max);
    let payload = match serde_json::to_vec(&record) {
        Ok(p) => Bytes::from(p),
        Err(_) => Bytes::from_static(b"{\"code\":\"internal\",\"message\":\"unserializable dead letter\"}"),
    };
    let mut headers = HeaderMap::new();
    headers.insert("Content-Type", "application/json");
    headers.insert("Quotewire-Error-Code", code);
    let id = dead_letter::message_id(origin);
    tracing::Span::current().record("error.type", code);
    match publisher::publish_acked(&shared.js, &cfg.subjects.dead_letter, &id, headers, payload, cfg.nats.request_timeout).await {
        Ok(_) => {
            tracing::warn!(
                code,
                article_id = record.article_id.as_deref().unwrap_or(""),
                stream_sequence = origin.stream_sequence,
                delivery = origin.delivery_count,
                "message dead-lettered"
            );
            shared.metrics.dead_letter(code);
            if let Err(e) = msg.ack_with(AckKind::Term).await {
                tracing::warn!(error = %e, "term failed after dead-lettering; a redelivery will be dead-lettered again (deduplicated)");
            }
            Outcome::DeadLetter
        }
        Err(e) => {
            tracing::error!(code, error = %e, "could not store the dead letter; retrying the message later");
            if let Err(e) = msg.ack_with(AckKind::Nak(Some(cfg.worker.nak_delay))).await {
                tracing::debug!(error = %e, "nak failed; the ack wait will redeliver");
            }
            Outcome::Retry
        }
    }
}

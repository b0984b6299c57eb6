//! `quotewire worker`: the NATS JetStream service around the pure [`crate::Extractor`].
//!
//! [`run`] connects ([`connect`]), creates or checks streams and the durable consumer
//! ([`provision`]), serves `/healthz`, `/readyz` and `/metrics` ([`crate::http`]) and the
//! request/reply endpoint ([`crate::service`]), then consumes ([`consumer`]) until the shutdown
//! token fires, finishes what is in flight and drains the connection. Each article becomes one
//! CloudEvent ([`event`]) published with its id as `Nats-Msg-Id` ([`publisher`]); what cannot
//! be analysed becomes a dead letter ([`dead_letter`]). No extraction rules live here.

pub mod connect;
pub mod consumer;
pub mod dead_letter;
pub mod event;
pub mod exhausted;
pub mod lag;
pub mod metrics;
pub mod provision;
pub mod publisher;
pub mod replay;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::analysis::Analysis;
use crate::article::Article;
use crate::config::Settings;
use crate::extract::StageTimings;
use crate::Extractor;

pub use metrics::{Health, Metrics};

/// What the worker calls to analyse one article: the [`Extractor`] in production; tests may
/// pass a closure (for example one that panics on purpose).
pub trait Analyze: Send + Sync + 'static {
    fn analyze(&self, article: &Article) -> Analysis;

    /// The analysis with the time each extraction stage took (none by default).
    fn analyze_timed(&self, article: &Article) -> (Analysis, StageTimings) {
        (self.analyze(article), StageTimings::default())
    }
}

impl Analyze for Extractor {
    fn analyze(&self, article: &Article) -> Analysis {
        self.extract(article)
    }

    fn analyze_timed(&self, article: &Article) -> (Analysis, StageTimings) {
        self.extract_timed(article)
    }
}

impl<F> Analyze for F
where
    F: Fn(&Article) -> Analysis + Send + Sync + 'static,
{
    fn analyze(&self, article: &Article) -> Analysis {
        self(article)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Connect(#[from] connect::ConnectError),
    #[error(transparent)]
    Provision(#[from] provision::ProvisionError),
    #[error("http.addr: {0}")]
    Http(String),
    #[error("starting the NATS service endpoint: {0}")]
    Service(String),
}

/// Runs the worker with the production extractor until `shutdown` is cancelled.
pub async fn run(cfg: Settings, shutdown: CancellationToken) -> Result<(), WorkerError> {
    run_with(cfg, shutdown, Arc::new(Extractor::new()), Arc::new(Metrics::new())).await
}

/// Runs the worker with a given analyzer and metrics registry until `shutdown` is cancelled:
/// returns once in-flight work is finished (or the grace period is over) and the connection
/// is drained.
pub async fn run_with(
    cfg: Settings,
    shutdown: CancellationToken,
    analyzer: Arc<dyn Analyze>,
    metrics: Arc<Metrics>,
) -> Result<(), WorkerError> {
    let cfg = Arc::new(cfg);
    let health = Arc::new(Health::default());
    let http_stop = CancellationToken::new();
    let http_task = match cfg.http.socket_addr() {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| WorkerError::Http(format!("binding {addr}: {e}")))?;
            tracing::info!(addr = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(), "HTTP listening");
            Some(tokio::spawn(crate::http::serve(listener, metrics.clone(), health.clone(), http_stop.clone())))
        }
        None => None,
    };

    let client = connect::connect(&cfg.nats, metrics.clone(), health.clone(), true).await?;
    tracing::info!(url = %connect::redact_url(&cfg.nats.url), "NATS client started");
    let js = async_nats::jetstream::ContextBuilder::new().timeout(cfg.nats.request_timeout).build(client.clone());

    // Provisioning waits for the server as long as it takes (a worker may start first).
    let mut attempt = 0u32;
    let consumer = loop {
        let res = tokio::select! {
            _ = shutdown.cancelled() => {
                http_stop.cancel();
                return Ok(());
            }
            r = provision::provision(&js, &cfg) => r,
        };
        match res {
            Ok(c) => break c,
            Err(e) => {
                attempt += 1;
                tracing::error!(error = %e, attempt, "provisioning failed; retrying");
                tokio::select! {
                    _ = shutdown.cancelled() => {
                        http_stop.cancel();
                        return Ok(());
                    }
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        }
    };
    if cfg.worker.transport_replay {
        tracing::warn!("worker.transport_only and transport_replay = true: each distinct input is extracted once, its analysis replayed (benchmark mode)");
    } else if cfg.worker.transport_only {
        tracing::warn!("worker.transport_only = true: no extraction, events carry an empty analysis (benchmark mode)");
    }
    tracing::info!(
        stream = %cfg.streams.input,
        consumer = %cfg.consumer.durable,
        max_in_flight = cfg.worker.max_in_flight,
        extract_threads = cfg.worker.threads(),
        "consuming"
    );

    let cpu = Arc::new(Semaphore::new(cfg.worker.threads()));
    let service_task = if cfg.service.enabled {
        let svc = crate::service::start(&client, &cfg, analyzer.clone(), cpu.clone(), metrics.clone())
            .await
            .map_err(|e| WorkerError::Service(e.to_string()))?;
        Some(tokio::spawn(svc.serve(shutdown.clone())))
    } else {
        None
    };

    let exhausted_task = tokio::spawn(exhausted::listen(
        client.clone(),
        js.clone(),
        cfg.clone(),
        metrics.clone(),
        shutdown.clone(),
    ));
    let lag_task = tokio::spawn(lag::watch(consumer.clone(), metrics.clone(), lag::EVERY, shutdown.clone()));
    let replay = cfg.worker.transport_replay.then(replay::ReplayCache::new);
    let shared = Arc::new(consumer::Shared { cfg: cfg.clone(), js, analyzer, metrics, health: health.clone(), cpu, replay });
    consumer::consume(shared, consumer, shutdown.clone()).await;

    if let Some(t) = service_task {
        let _ = t.await;
    }
    let _ = exhausted_task.await;
    let _ = lag_task.await;
    // Acks and publishes still buffered go out before the connection closes.
    // Bounded: a server that stopped answering must not hold the exit.
    let limit = cfg.nats.request_timeout;
    match tokio::time::timeout(limit, client.flush()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "flush on shutdown failed"),
        Err(_) => tracing::warn!("flush on shutdown timed out"),
    }
    if let Ok(Err(e)) = tokio::time::timeout(limit, client.drain()).await {
        tracing::debug!(error = %e, "drain on shutdown failed");
    }
    http_stop.cancel();
    if let Some(t) = http_task {
        let _ = t.await;
    }
    tracing::info!("worker stopped");
    Ok(())
}

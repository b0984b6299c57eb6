//! The NATS micro service (`nats micro ls/info/stats` see it): one request/reply endpoint that
//! answers a single article with its analysis, for callers that want an answer rather than a
//! stream. The request is an article (the contract's input); the reply is the analysis JSON, or
//! a service error whose code is 400 for bad input (description `code: message`) and 500 for a
//! failure inside. It shares the extraction pool with the consumer and stores nothing.

use std::sync::Arc;

use async_nats::service::{self, ServiceExt};
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::article::Article;
use crate::config::Settings;
use crate::worker::consumer::extract_off_runtime;
use crate::worker::{Analyze, Metrics};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ServiceError(String);

/// A started service with its endpoint, ready to [`Running::serve`].
pub struct Running {
    service: service::Service,
    endpoint: service::endpoint::Endpoint,
    analyzer: Arc<dyn Analyze>,
    cpu: Arc<Semaphore>,
    metrics: Arc<Metrics>,
    max_bytes: usize,
    /// Requests answered at once (`worker.max_in_flight`); more wait in the subscription.
    slots: Arc<Semaphore>,
}

/// Registers the service and its endpoint on `client`.
pub async fn start(
    client: &async_nats::Client,
    cfg: &Settings,
    analyzer: Arc<dyn Analyze>,
    cpu: Arc<Semaphore>,
    metrics: Arc<Metrics>,
) -> Result<Running, ServiceError> {
    let service = client
        .service_builder()
        .description("Quotes, speakers, dates and sentiment of one article")
        .queue_group(&cfg.service.queue_group)
        .start(&cfg.service.name, crate::analysis::EXTRACTOR_VERSION)
        .await
        .map_err(|e| ServiceError(e.to_string()))?;
    let endpoint = service
        .endpoint_builder()
        .name("analyze")
        .add(&cfg.service.subject)
        .await
        .map_err(|e| ServiceError(e.to_string()))?;
    tracing::info!(service = %cfg.service.name, subject = %cfg.service.subject, "NATS service endpoint up");
    Ok(Running {
        service,
        endpoint,
        analyzer,
        cpu,
        metrics,
        max_bytes: cfg.worker.max_article_bytes,
        slots: Arc::new(Semaphore::new(cfg.worker.max_in_flight)),
    })
}

impl Running {
    /// Answers requests until `stop` is cancelled, then deregisters.
    pub async fn serve(mut self, stop: CancellationToken) {
        loop {
            let req = tokio::select! {
                _ = stop.cancelled() => break,
                r = self.endpoint.next() => match r { Some(r) => r, None => break },
            };
            let Ok(slot) = self.slots.clone().acquire_owned().await else { break };
            let analyzer = self.analyzer.clone();
            let cpu = self.cpu.clone();
            let metrics = self.metrics.clone();
            let max_bytes = self.max_bytes;
            tokio::spawn(async move {
                let (reply, outcome) = answer(analyzer, cpu, &req.message.payload, max_bytes).await;
                metrics.service_request(outcome);
                if let Err(e) = req.respond(reply).await {
                    tracing::debug!(error = %e, "service reply failed");
                }
                drop(slot);
            });
        }
        let _ = self.endpoint.stop().await;
        let _ = self.service.stop().await;
    }
}

async fn answer(
    analyzer: Arc<dyn Analyze>,
    cpu: Arc<Semaphore>,
    payload: &[u8],
    max_bytes: usize,
) -> (Result<Bytes, service::error::Error>, &'static str) {
    let article = match Article::from_slice(payload, max_bytes) {
        Ok(a) => a,
        Err(e) => {
            let err = service::error::Error { status: format!("{}: {e}", e.code()), code: 400 };
            return (Err(err), "bad_request");
        }
    };
    match extract_off_runtime(analyzer, cpu, article).await {
        Ok((analysis, _)) => match serde_json::to_vec(&analysis) {
            Ok(v) => (Ok(Bytes::from(v)), "ok"),
            Err(e) => (Err(service::error::Error { status: format!("internal: {e}"), code: 500 }), "error"),
        },
        Err(e) => (Err(service::error::Error { status: format!("internal: {e}"), code: 500 }), "error"),
    }
}

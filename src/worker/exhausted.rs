//! Messages whose deliveries ran out without this code seeing the last failure (a worker
//! killed or stuck on every delivery): the server stops redelivering them and announces it on
//! `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>`. Workers listen in a queue
//! group; the one that hears it reads the message from the stream, dead-letters it with code
//! `max_deliver_exceeded` (same message id as any other dead letter of that stream message, so
//! it is stored once) and deletes it from the work queue, so nothing stays there unseen.

use std::sync::Arc;

use async_nats::jetstream;
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::StreamExt;
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::worker::dead_letter::{self, Origin, CODE_MAX_DELIVER};
use crate::worker::metrics::Metrics;
use crate::worker::publisher;

/// The fields of the advisory this module reads.
#[derive(Debug, Deserialize)]
pub struct MaxDeliveriesAdvisory {
    pub stream: String,
    pub stream_seq: u64,
    pub deliveries: i64,
}

pub fn advisory_subject(cfg: &Settings) -> String {
    format!("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{}.{}", cfg.streams.input, cfg.consumer.durable)
}

/// Listens until `stop`; errors on one advisory are logged and the next one is handled.
pub async fn listen(
    client: async_nats::Client,
    js: jetstream::Context,
    cfg: Arc<Settings>,
    metrics: Arc<Metrics>,
    stop: CancellationToken,
) {
    let subject = advisory_subject(&cfg);
    let mut sub = match client.queue_subscribe(subject.clone(), "quotewire-exhausted".to_owned()).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, subject, "cannot listen for max-deliveries advisories");
            return;
        }
    };
    loop {
        let msg = tokio::select! {
            _ = stop.cancelled() => break,
            m = sub.next() => match m { Some(m) => m, None => break },
        };
        let Ok(adv) = serde_json::from_slice::<MaxDeliveriesAdvisory>(&msg.payload) else {
            tracing::warn!("unreadable max-deliveries advisory");
            continue;
        };
        if let Err(e) = dead_letter_exhausted(&js, &cfg, &metrics, &adv).await {
            tracing::error!(stream_sequence = adv.stream_seq, error = %e, "could not dead-letter an exhausted message");
        }
    }
    let _ = sub.unsubscribe().await;
}

async fn dead_letter_exhausted(
    js: &jetstream::Context,
    cfg: &Settings,
    metrics: &Metrics,
    adv: &MaxDeliveriesAdvisory,
) -> Result<(), String> {
    let stream = js.get_stream(&adv.stream).await.map_err(|e| e.to_string())?;
    let raw = match stream.get_raw_message(adv.stream_seq).await {
        Ok(m) => m,
        // Acked meanwhile (a slow delivery finished): nothing to do.
        Err(_) => return Ok(()),
    };
    let origin = Origin {
        subject: raw.subject.as_str(),
        stream: &adv.stream,
        stream_sequence: adv.stream_seq,
        delivery_count: adv.deliveries,
    };
    let reason = format!("no delivery was acknowledged in {} attempts (worker crashed or timed out each time)", adv.deliveries);
    let record = dead_letter::build(CODE_MAX_DELIVER, &reason, &origin, &raw.payload, cfg.worker.dead_letter_payload_max);
    let payload = Bytes::from(serde_json::to_vec(&record).map_err(|e| e.to_string())?);
    let mut headers = HeaderMap::new();
    headers.insert("Content-Type", "application/json");
    headers.insert("Quotewire-Error-Code", CODE_MAX_DELIVER);
    publisher::publish_acked(
        js,
        &cfg.subjects.dead_letter,
        &dead_letter::message_id(&origin),
        headers,
        payload,
        cfg.nats.request_timeout,
    )
    .await
    .map_err(|e| e.to_string())?;
    metrics.dead_letter(CODE_MAX_DELIVER);
    tracing::warn!(
        code = CODE_MAX_DELIVER,
        article_id = record.article_id.as_deref().unwrap_or(""),
        stream_sequence = adv.stream_seq,
        deliveries = adv.deliveries,
        "exhausted message dead-lettered"
    );
    if let Err(e) = stream.delete_message(adv.stream_seq).await {
        tracing::debug!(error = %e, "deleting the exhausted message (already gone?)");
    }
    Ok(())
}

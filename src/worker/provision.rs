//! Creating or updating, idempotently, what the worker needs on the server: the input stream
//! (work-queue retention), the output stream (with a duplicate window so a redelivered article
//! never yields a second event), the dead-letter stream, and the durable pull consumer shared by
//! all workers. Ten workers starting at once all succeed: creating an existing stream or
//! consumer with the same configuration is a no-op on the server, a differing one is updated,
//! and lost races are retried. It does not consume anything.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};

use crate::config::{Settings, Storage};

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("provisioning stream {name}: {detail}")]
    Stream { name: String, detail: String },
    #[error("provisioning consumer {name} on stream {stream}: {detail}")]
    Consumer { stream: String, name: String, detail: String },
    #[error("stream {name} or its consumer {consumer} not found and streams.provision = false: {detail}")]
    Missing { name: String, consumer: String, detail: String },
}

const ATTEMPTS: u32 = 8;

fn storage(s: Storage) -> stream::StorageType {
    match s {
        Storage::File => stream::StorageType::File,
        Storage::Memory => stream::StorageType::Memory,
    }
}

/// Configuration of the input stream (`ARTICLES`).
pub fn input_stream(cfg: &Settings) -> stream::Config {
    stream::Config {
        name: cfg.streams.input.clone(),
        subjects: vec![cfg.subjects.input.clone()],
        retention: stream::RetentionPolicy::WorkQueue,
        storage: storage(cfg.streams.storage),
        num_replicas: cfg.streams.replicas,
        duplicate_window: cfg.streams.duplicate_window,
        ..Default::default()
    }
}

/// Configuration of the output stream (`ANALYSES`).
pub fn output_stream(cfg: &Settings) -> stream::Config {
    stream::Config {
        name: cfg.streams.output.clone(),
        subjects: vec![cfg.subjects.output.clone()],
        retention: stream::RetentionPolicy::Limits,
        storage: storage(cfg.streams.storage),
        num_replicas: cfg.streams.replicas,
        duplicate_window: cfg.streams.duplicate_window,
        max_age: cfg.streams.output_max_age,
        ..Default::default()
    }
}

/// Configuration of the dead-letter stream.
pub fn dead_letter_stream(cfg: &Settings) -> stream::Config {
    stream::Config {
        name: cfg.streams.dead_letter.clone(),
        subjects: vec![cfg.subjects.dead_letter.clone()],
        retention: stream::RetentionPolicy::Limits,
        storage: storage(cfg.streams.storage),
        num_replicas: cfg.streams.replicas,
        duplicate_window: cfg.streams.duplicate_window,
        max_age: cfg.streams.dead_letter_max_age,
        ..Default::default()
    }
}

/// Configuration of the durable pull consumer (`quotewire`).
pub fn consumer_config(cfg: &Settings) -> consumer::pull::Config {
    let c = &cfg.consumer;
    consumer::pull::Config {
        durable_name: Some(c.durable.clone()),
        description: Some("quotewire workers: articles to analyses".to_owned()),
        ack_policy: consumer::AckPolicy::Explicit,
        ack_wait: c.ack_wait,
        max_deliver: c.max_deliver,
        backoff: c.backoff.clone(),
        max_ack_pending: c.max_ack_pending,
        filter_subject: cfg.subjects.input.clone(),
        ..Default::default()
    }
}

/// A short, spread-out pause between attempts so racing workers do not retry in lockstep.
fn pause(attempt: u32) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Duration::from_millis(50 * u64::from(attempt + 1) + u64::from(nanos % 100))
}

/// Creates the stream, or updates it when it exists with another configuration.
pub async fn ensure_stream(js: &jetstream::Context, config: stream::Config) -> Result<(), ProvisionError> {
    let mut last = String::new();
    for attempt in 0..ATTEMPTS {
        match js.create_stream(config.clone()).await {
            Ok(_) => return Ok(()),
            Err(create) => match js.update_stream(&config).await {
                Ok(_) => return Ok(()),
                Err(update) => {
                    last = format!("create: {create}; update: {update}");
                    tracing::debug!(stream = %config.name, attempt, error = %last, "stream provisioning retry");
                }
            },
        }
        tokio::time::sleep(pause(attempt)).await;
    }
    Err(ProvisionError::Stream { name: config.name, detail: last })
}

/// Creates (or updates) the durable consumer and returns it.
pub async fn ensure_consumer(
    js: &jetstream::Context,
    stream_name: &str,
    config: consumer::pull::Config,
) -> Result<consumer::PullConsumer, ProvisionError> {
    let name = config.durable_name.clone().unwrap_or_default();
    let mut last = String::new();
    for attempt in 0..ATTEMPTS {
        let res = async {
            let stream = js.get_stream(stream_name).await.map_err(|e| e.to_string())?;
            match stream.create_consumer(config.clone()).await {
                Ok(c) => Ok(c),
                Err(create) => stream
                    .update_consumer(config.clone())
                    .await
                    .map_err(|update| format!("create: {create}; update: {update}")),
            }
        }
        .await;
        match res {
            Ok(c) => return Ok(c),
            Err(e) => {
                tracing::debug!(consumer = %name, attempt, error = %e, "consumer provisioning retry");
                last = e;
            }
        }
        tokio::time::sleep(pause(attempt)).await;
    }
    Err(ProvisionError::Consumer { stream: stream_name.to_owned(), name, detail: last })
}

/// Everything the worker needs, created or checked; returns the consumer to pull from.
pub async fn provision(js: &jetstream::Context, cfg: &Settings) -> Result<consumer::PullConsumer, ProvisionError> {
    if !cfg.streams.provision {
        let stream = js.get_stream(&cfg.streams.input).await.map_err(|e| ProvisionError::Missing {
            name: cfg.streams.input.clone(),
            consumer: cfg.consumer.durable.clone(),
            detail: e.to_string(),
        })?;
        return stream
            .get_consumer(&cfg.consumer.durable)
            .await
            .map_err(|e| ProvisionError::Missing {
                name: cfg.streams.input.clone(),
                consumer: cfg.consumer.durable.clone(),
                detail: e.to_string(),
            });
    }
    ensure_stream(js, input_stream(cfg)).await?;
    ensure_stream(js, output_stream(cfg)).await?;
    ensure_stream(js, dead_letter_stream(cfg)).await?;
    ensure_consumer(js, &cfg.streams.input, consumer_config(cfg)).await
}

//! The durable consumer's backlog as Prometheus gauges: every few seconds the worker asks the
//! server for the consumer's state (pending, ack pending, redelivered, waiting pulls) and sets
//! [`Metrics::consumer_state`]. Every worker reports the same shared numbers; aggregate with
//! `max` across instances. It does not act on the lag (KEDA does, from the server itself).

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use tokio_util::sync::CancellationToken;

use crate::worker::metrics::Metrics;

/// How often the consumer state is read.
pub const EVERY: Duration = Duration::from_secs(10);

/// Reads the consumer state at once, then every `every`, until `stop`.
pub async fn watch(mut consumer: PullConsumer, metrics: Arc<Metrics>, every: Duration, stop: CancellationToken) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let info = tokio::select! {
            _ = stop.cancelled() => return,
            info = consumer.info() => info,
        };
        match info {
            Ok(i) => metrics.consumer_state(
                i.num_pending,
                i.num_ack_pending as u64,
                i.num_redelivered as u64,
                i.num_waiting as u64,
            ),
            Err(e) => tracing::debug!(error = %e, "reading the consumer state failed"),
        }
    }
}

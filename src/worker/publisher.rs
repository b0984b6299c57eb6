//! Publishing to JetStream with a message id and waiting for the stream's ack: the one step
//! that decides whether an input message may be acknowledged. Used for output events and dead
//! letters alike. A timeout or a server away is a [`PublishError`] the caller treats as
//! transient; a duplicate (the stream already holds this id) is a success.

use std::time::Duration;

use async_nats::jetstream;
use async_nats::HeaderMap;
use bytes::Bytes;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("publishing to {subject}: {detail}")]
    Send { subject: String, detail: String },
    #[error("waiting for the publish ack on {subject}: {detail}")]
    Ack { subject: String, detail: String },
    #[error("no publish ack on {subject} within {timeout:?}")]
    Timeout { subject: String, timeout: Duration },
}

/// What the stream answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub sequence: u64,
    /// The stream already had a message with this id; nothing new was stored.
    pub duplicate: bool,
}

/// Publishes `payload` on `subject` with `Nats-Msg-Id: msg_id` and waits for the stream's ack.
pub async fn publish_acked(
    js: &jetstream::Context,
    subject: &str,
    msg_id: &str,
    headers: HeaderMap,
    payload: Bytes,
    timeout: Duration,
) -> Result<Stored, PublishError> {
    let publish = jetstream::message::PublishMessage::build().headers(headers).message_id(msg_id).payload(payload);
    let attempt = async {
        let ack_future = js
            .send_publish(subject.to_owned(), publish)
            .await
            .map_err(|e| PublishError::Send { subject: subject.to_owned(), detail: e.to_string() })?;
        let ack = ack_future
            .await
            .map_err(|e| PublishError::Ack { subject: subject.to_owned(), detail: e.to_string() })?;
        Ok(Stored { sequence: ack.sequence, duplicate: ack.duplicate })
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(res) => res,
        Err(_) => Err(PublishError::Timeout { subject: subject.to_owned(), timeout }),
    }
}

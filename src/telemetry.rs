//! Logs and traces for the service: installs the `tracing` subscriber (human-readable on a
//! terminal, JSON lines otherwise), and carries W3C trace context across NATS headers so an
//! article's span continues the upstream trace and the output event continues this one.
//! It does not decide what to log; callers do. (Stub API: OTLP export is filled in later.)

use serde::Deserialize;

/// `[telemetry]` section of the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// `auto` (JSON unless stderr is a terminal), `json` or `pretty`.
    pub log_format: LogFormat,
    /// Filter directives (`info`, `quotewire=debug`); `RUST_LOG` overrides.
    pub log_level: String,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig { log_format: LogFormat::Auto, log_level: "info".to_owned() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Auto,
    Json,
    Pretty,
}

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error("telemetry.log_level: invalid filter {0:?}: {1}")]
    Filter(String, String),
    #[error("installing the tracing subscriber: {0}")]
    Install(String),
}

/// Flushes exporters when dropped; keep it alive for the life of the process.
#[must_use]
pub struct TelemetryGuard {}

/// Installs the global subscriber. Call once, from `main`.
pub fn init(cfg: &TelemetryConfig) -> Result<TelemetryGuard, TelemetryError> {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.is_empty() => EnvFilter::try_new(&v).map_err(|e| TelemetryError::Filter(v, e.to_string()))?,
        _ => EnvFilter::try_new(&cfg.log_level)
            .map_err(|e| TelemetryError::Filter(cfg.log_level.clone(), e.to_string()))?,
    };
    let json = match cfg.log_format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let res = if json {
        builder.json().flatten_event(true).with_current_span(true).try_init()
    } else {
        builder.try_init()
    };
    res.map_err(|e| TelemetryError::Install(e.to_string()))?;
    Ok(TelemetryGuard {})
}

/// The span for processing one article, child of the upstream trace in `headers` when present.
pub fn article_span(
    _headers: Option<&async_nats::HeaderMap>,
    subject: &str,
    stream_sequence: u64,
    message_id: &str,
) -> tracing::Span {
    tracing::info_span!(
        "process article",
        otel.kind = "consumer",
        messaging.system = "nats",
        messaging.destination.name = subject,
        messaging.message.id = message_id,
        stream_sequence,
    )
}

/// Writes the current span's trace context (`traceparent`, `tracestate`) into `headers`.
pub fn inject_trace(_headers: &mut async_nats::HeaderMap) {}

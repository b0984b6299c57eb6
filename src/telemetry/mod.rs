//! Logs and traces for the service. [`init`] installs the `tracing` subscriber: logs to stderr
//! (human-readable on a terminal, JSON lines otherwise, each line inside a span carrying
//! `trace_id` and `span_id`), and an OpenTelemetry layer whose spans are exported over OTLP
//! (HTTP or gRPC) when an endpoint is configured. [`article_span`] continues the upstream trace
//! from an input message's W3C `traceparent`/`tracestate` headers and [`inject_trace`] writes the
//! current span onto an output message, so the next service joins the same trace.
//!
//! It does not decide what to log or which spans to open beyond the article span; callers do.
//! Metrics are not here (the worker's `/metrics` owns them).

mod json;
mod otlp;
mod propagation;

use opentelemetry::trace::TracerProvider as _;
use serde::Deserialize;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// `[telemetry]` section of the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// `auto` (JSON unless stderr is a terminal), `json` or `pretty`.
    pub log_format: LogFormat,
    /// Filter directives (`info`, `quotewire=debug`); `RUST_LOG` overrides.
    pub log_level: String,
    /// Filter directives for the spans that become trace spans (independent of the log level,
    /// so quieter logs never break a trace). Default `quotewire=debug`.
    pub trace_filter: String,
    /// OTLP collector, e.g. `http://jaeger:4318` (HTTP; `/v1/traces` is added) or
    /// `http://jaeger:4317` (gRPC). When absent, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`; when none is set, nothing is exported. Plain `http://`
    /// only: TLS is not compiled in (export to a collector next to the worker).
    pub otlp_endpoint: Option<String>,
    /// `grpc` or `http/protobuf`; when absent, `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`,
    /// `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`.
    pub otlp_protocol: Option<OtlpProtocol>,
    /// `service.name` of the spans; when absent, `OTEL_SERVICE_NAME`, else `quotewire`.
    pub service_name: Option<String>,
    /// Share of new traces (articles that arrive without a `traceparent`) that are sampled,
    /// in [0, 1]; upstream sampling decisions are always followed. When absent, the standard
    /// `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else every trace.
    pub sample_ratio: Option<f64>,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            log_format: LogFormat::Auto,
            log_level: "info".to_owned(),
            trace_filter: "quotewire=debug".to_owned(),
            otlp_endpoint: None,
            otlp_protocol: None,
            service_name: None,
            sample_ratio: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Auto,
    Json,
    Pretty,
}

/// OTLP transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OtlpProtocol {
    #[serde(rename = "grpc")]
    Grpc,
    #[serde(rename = "http/protobuf")]
    HttpProtobuf,
}

impl OtlpProtocol {
    fn parse(s: &str) -> Option<OtlpProtocol> {
        match s.trim().to_ascii_lowercase().as_str() {
            "grpc" => Some(OtlpProtocol::Grpc),
            "http/protobuf" => Some(OtlpProtocol::HttpProtobuf),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error("telemetry.log_level: invalid filter {0:?}: {1}")]
    Filter(String, String),
    #[error("telemetry.trace_filter: invalid filter {0:?}: {1}")]
    TraceFilter(String, String),
    #[error("telemetry: {0}")]
    Config(String),
    #[error("building the OTLP trace exporter: {0}")]
    Exporter(String),
    #[error("installing the tracing subscriber: {0}")]
    Install(String),
}

/// Flushes and shuts down the trace exporter when dropped; keep it alive for the life of the
/// process (drop it after the worker has drained, so the last spans are sent).
#[must_use]
pub struct TelemetryGuard {
    provider: opentelemetry_sdk::trace::SdkTracerProvider,
    exporting: bool,
}

impl TelemetryGuard {
    /// Whether spans are being exported over OTLP.
    pub fn exporting(&self) -> bool {
        self.exporting
    }

    /// Sends every finished span now (blocks until the exporter answers or times out).
    pub fn flush(&self) {
        if self.exporting {
            if let Err(e) = self.provider.force_flush() {
                tracing::warn!(error = %e, "flushing trace spans failed");
            }
        }
    }
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if let Err(e) = self.provider.shutdown() {
            if self.exporting {
                // The subscriber may be gone by now; stderr is not.
                eprintln!("quotewire: shutting down the trace exporter: {e}");
            }
        }
    }
}

/// Installs the global subscriber, logging to stderr. Call once, from `main`.
pub fn init(cfg: &TelemetryConfig) -> Result<TelemetryGuard, TelemetryError> {
    use std::io::IsTerminal;
    let json = match cfg.log_format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    install(cfg, json, std::io::stderr)
}

/// [`init`] with logs going to `writer` (always JSON lines); for tests and embedding.
pub fn init_with_writer<W>(
    cfg: &TelemetryConfig,
    writer: W,
) -> Result<TelemetryGuard, TelemetryError>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    install(cfg, true, writer)
}

fn install<W>(
    cfg: &TelemetryConfig,
    json: bool,
    writer: W,
) -> Result<TelemetryGuard, TelemetryError>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let log_filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => {
            EnvFilter::try_new(&v).map_err(|e| TelemetryError::Filter(v.clone(), e.to_string()))?
        }
        _ => EnvFilter::try_new(&cfg.log_level)
            .map_err(|e| TelemetryError::Filter(cfg.log_level.clone(), e.to_string()))?,
    };
    let trace_filter = EnvFilter::try_new(&cfg.trace_filter)
        .map_err(|e| TelemetryError::TraceFilter(cfg.trace_filter.clone(), e.to_string()))?;
    if let Some(r) = cfg.sample_ratio {
        if !(0.0..=1.0).contains(&r) {
            return Err(TelemetryError::Config(format!(
                "telemetry.sample_ratio: {r} is not in [0, 1]"
            )));
        }
    }

    let target = otlp::resolve(cfg, &otlp::process_env)?;
    let provider = otlp::provider(cfg, target.as_ref())?;
    let tracer = provider.tracer("quotewire");
    let otel_layer = tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_location(false)
        .with_threads(false)
        .with_filter(trace_filter);

    let log_layer = if json {
        tracing_subscriber::fmt::layer()
            .fmt_fields(tracing_subscriber::fmt::format::JsonFields::new())
            .event_format(json::JsonWithTrace)
            .with_writer(writer)
            .with_filter(log_filter)
            .boxed()
    } else {
        tracing_subscriber::fmt::layer()
            .with_writer(writer)
            .with_filter(log_filter)
            .boxed()
    };

    tracing_subscriber::registry()
        .with(log_layer)
        .with(otel_layer)
        .try_init()
        .map_err(|e| TelemetryError::Install(e.to_string()))?;
    opentelemetry::global::set_text_map_propagator(
        opentelemetry_sdk::propagation::TraceContextPropagator::new(),
    );
    opentelemetry::global::set_tracer_provider(provider.clone());

    if let Some(t) = &target {
        tracing::info!(
            protocol = ?t.protocol,
            endpoint = t.endpoint.as_deref().unwrap_or("(from OTEL_EXPORTER_OTLP_*)"),
            "exporting traces over OTLP"
        );
    }
    Ok(TelemetryGuard {
        provider,
        exporting: target.is_some(),
    })
}

/// The span for processing one article: an OpenTelemetry consumer span (messaging semantic
/// conventions, `messaging.system = nats`) named `process {subject}`, a new trace root unless
/// `headers` carry a W3C `traceparent`, in which case it continues that trace. Instrument the
/// whole of the article's processing with it (`.instrument(span)`), and carry it into blocking
/// threads (`span.in_scope(..)`) so logs and child spans there join the trace.
///
/// Fields to fill in later with `span.record(..)`: `article_id` (once the payload parsed),
/// `outcome` (`published`, `duplicate`, `dead_letter`, `retry`), `error.type` (an error code) and
/// `otel.status_code` (`"ERROR"` marks the span failed in the trace).
pub fn article_span(
    headers: Option<&async_nats::HeaderMap>,
    subject: &str,
    stream_sequence: u64,
    message_id: &str,
) -> tracing::Span {
    let span = tracing::info_span!(
        parent: None,
        "process article",
        otel.name = %format_args!("process {subject}"),
        otel.kind = "consumer",
        otel.status_code = tracing::field::Empty,
        messaging.system = "nats",
        messaging.operation.type = "process",
        messaging.operation.name = "process",
        messaging.destination.name = subject,
        messaging.message.id = message_id,
        messaging.nats.stream_sequence = stream_sequence,
        article_id = tracing::field::Empty,
        outcome = tracing::field::Empty,
        error.type = tracing::field::Empty,
    );
    if let Some(h) = headers {
        let upstream = propagation::extract(h);
        if opentelemetry::trace::TraceContextExt::span(&upstream)
            .span_context()
            .is_valid()
        {
            // Fails only when tracing is not initialised or this span is filtered out; then
            // there is nothing to continue.
            let _ = span.set_parent(upstream);
        }
    }
    span
}

/// A producer span for publishing one message (messaging conventions: `send {subject}`), a
/// child of the current span. Call [`inject_trace`] inside it, so the receiver's spans hang under
/// this publish; record `otel.status_code = "ERROR"` and `error.type` when the publish fails.
pub fn publish_span(subject: &str, message_id: &str) -> tracing::Span {
    tracing::info_span!(
        "publish",
        otel.name = %format_args!("send {subject}"),
        otel.kind = "producer",
        otel.status_code = tracing::field::Empty,
        messaging.system = "nats",
        messaging.operation.type = "send",
        messaging.operation.name = "publish",
        messaging.destination.name = subject,
        messaging.message.id = message_id,
        error.type = tracing::field::Empty,
    )
}

/// Writes the current span's trace context (`traceparent`, `tracestate`) into `headers`, so
/// the receiver's spans become children of it. Call inside the article span (or a child, such
/// as a publish span). Does nothing when there is no current span.
pub fn inject_trace(headers: &mut async_nats::HeaderMap) {
    let cx = tracing::Span::current().context();
    if opentelemetry::trace::TraceContextExt::span(&cx)
        .span_context()
        .is_valid()
    {
        propagation::inject(&cx, headers);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_reads_every_key() {
        let cfg: TelemetryConfig = serde_json::from_str(
            r#"{"log_format":"json","log_level":"debug","trace_filter":"quotewire=info",
                "otlp_endpoint":"http://c:4317","otlp_protocol":"grpc","service_name":"qw",
                "sample_ratio":0.25}"#,
        )
        .unwrap();
        assert_eq!(cfg.log_format, LogFormat::Json);
        assert_eq!(cfg.otlp_protocol, Some(OtlpProtocol::Grpc));
        assert_eq!(cfg.sample_ratio, Some(0.25));
        let d: TelemetryConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(
            (d.log_format, d.otlp_endpoint, d.trace_filter.as_str()),
            (LogFormat::Auto, None, "quotewire=debug")
        );
        assert!(serde_json::from_str::<TelemetryConfig>(r#"{"otlp":1}"#).is_err());
        assert!(
            serde_json::from_str::<TelemetryConfig>(r#"{"otlp_protocol":"http/json"}"#).is_err()
        );
    }
}

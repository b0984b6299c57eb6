//! The OTLP trace exporter: which endpoint and protocol (our config first, then the standard
//! `OTEL_*` variables), and the tracer provider that batches spans to it. gRPC runs on a small
//! Tokio runtime of its own, because the SDK exports from a plain thread and tonic needs a
//! reactor; HTTP uses a blocking client on that same SDK thread. It does not install anything
//! globally; `telemetry::init` does.

use std::sync::Arc;

use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};
use opentelemetry_sdk::Resource;

use super::{OtlpProtocol, TelemetryConfig, TelemetryError};

/// Where and how spans are exported, resolved from config and environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExportTarget {
    pub protocol: OtlpProtocol,
    /// Full URL for the exporter (for HTTP including `/v1/traces`), or `None` to let the
    /// exporter read `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`.
    pub endpoint: Option<String>,
}

const NO_TLS: &str = "; this build exports without TLS: send spans to a collector on the pod's \
                      network (an OpenTelemetry Collector or agent) over http://";

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Decides whether spans are exported, and where. Export is off unless an endpoint is given in
/// the config or by `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`;
/// `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off whatever else is set.
pub(crate) fn resolve(
    cfg: &TelemetryConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ExportTarget>, TelemetryError> {
    if env("OTEL_SDK_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Ok(None);
    }
    match env("OTEL_TRACES_EXPORTER").map(|v| v.to_ascii_lowercase()) {
        Some(v) if v == "none" => return Ok(None),
        Some(v) if v != "otlp" => {
            return Err(TelemetryError::Config(format!(
                "OTEL_TRACES_EXPORTER={v:?} is not supported (use `otlp` or `none`)"
            )))
        }
        _ => {}
    }
    let protocol = match cfg.otlp_protocol {
        Some(p) => p,
        None => match env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").or_else(|| env("OTEL_EXPORTER_OTLP_PROTOCOL")) {
            None => OtlpProtocol::HttpProtobuf,
            Some(v) => OtlpProtocol::parse(&v).ok_or_else(|| {
                TelemetryError::Config(format!(
                    "OTEL_EXPORTER_OTLP_PROTOCOL={v:?} is not supported (use `grpc` or `http/protobuf`)"
                ))
            })?,
        },
    };
    let configured = cfg
        .otlp_endpoint
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(base) = configured {
        if !base.starts_with("http://") {
            return Err(TelemetryError::Config(format!(
                "telemetry.otlp_endpoint: {base:?} is not an http:// URL{}",
                if base.starts_with("https://") {
                    NO_TLS
                } else {
                    ""
                }
            )));
        }
        let endpoint = match protocol {
            OtlpProtocol::Grpc => base.to_owned(),
            // Like OTEL_EXPORTER_OTLP_ENDPOINT, the config names the collector; the signal path
            // is added unless given.
            OtlpProtocol::HttpProtobuf if base.trim_end_matches('/').ends_with("/v1/traces") => {
                base.to_owned()
            }
            OtlpProtocol::HttpProtobuf => format!("{}/v1/traces", base.trim_end_matches('/')),
        };
        return Ok(Some(ExportTarget {
            protocol,
            endpoint: Some(endpoint),
        }));
    }
    let from_env = [
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    ]
    .into_iter()
    .find_map(|name| env(name).map(|v| (name, v)));
    if let Some((name, url)) = from_env {
        if url.starts_with("https://") {
            return Err(TelemetryError::Config(format!("{name}={url:?}: {NO_TLS}")));
        }
        return Ok(Some(ExportTarget {
            protocol,
            endpoint: None,
        }));
    }
    Ok(None)
}

/// Process-level reading of the environment for [`resolve`].
pub(crate) fn process_env(name: &str) -> Option<String> {
    env(name)
}

/// The resource every span carries: service name (config, else `OTEL_SERVICE_NAME`, else
/// `quotewire`), version, and whatever `OTEL_RESOURCE_ATTRIBUTES` adds.
pub(crate) fn resource(cfg: &TelemetryConfig) -> Resource {
    let builder = Resource::builder().with_attribute(opentelemetry::KeyValue::new(
        "service.version",
        env!("CARGO_PKG_VERSION"),
    ));
    let name = cfg
        .service_name
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| env("OTEL_SERVICE_NAME"));
    builder
        .with_service_name(name.unwrap_or_else(|| "quotewire".to_owned()))
        .build()
}

/// Runs the tonic exporter's futures on a runtime it owns, so exports work from the SDK's
/// batch thread (which has no Tokio reactor) and from inside or outside any other runtime.
#[derive(Debug)]
pub(crate) struct OnOwnRuntime {
    inner: Arc<opentelemetry_otlp::SpanExporter>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl OnOwnRuntime {
    fn handle(&self) -> Result<&tokio::runtime::Handle, OTelSdkError> {
        self.runtime
            .as_ref()
            .map(|r| r.handle())
            .ok_or(OTelSdkError::AlreadyShutdown)
    }
}

impl SpanExporter for OnOwnRuntime {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let inner = Arc::clone(&self.inner);
        let task = self
            .handle()?
            .spawn(async move { inner.export(batch).await });
        task.await
            .map_err(|e| OTelSdkError::InternalFailure(format!("export task: {e}")))?
    }

    fn shutdown_with_timeout(&self, timeout: std::time::Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.set_resource(resource);
        }
    }
}

impl Drop for OnOwnRuntime {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside another runtime; this does not.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Builds the tracer provider. With `target` it batches spans to the OTLP exporter; without,
/// it exports nothing but still gives spans ids, so logs and outgoing `traceparent` headers
/// carry trace context either way.
pub(crate) fn provider(
    cfg: &TelemetryConfig,
    target: Option<&ExportTarget>,
) -> Result<SdkTracerProvider, TelemetryError> {
    use opentelemetry_sdk::trace::Sampler;
    let mut builder = SdkTracerProvider::builder().with_resource(resource(cfg));
    builder = match (target, cfg.sample_ratio) {
        // Follow the upstream decision; sample our own root spans at the configured ratio.
        (Some(_), Some(ratio)) => builder.with_sampler(Sampler::ParentBased(Box::new(
            Sampler::TraceIdRatioBased(ratio),
        ))),
        // The SDK's default: OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, else
        // parentbased_always_on.
        (Some(_), None) => builder,
        // Nothing is recorded, so our own roots say "not sampled"; an upstream decision passes on.
        (None, _) => builder.with_sampler(Sampler::ParentBased(Box::new(Sampler::AlwaysOff))),
    };
    let Some(target) = target else {
        return Ok(builder.build());
    };
    let build_err =
        |e: opentelemetry_otlp::ExporterBuildError| TelemetryError::Exporter(e.to_string());
    match target.protocol {
        OtlpProtocol::HttpProtobuf => {
            let mut b = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_protocol(Protocol::HttpBinary);
            if let Some(url) = &target.endpoint {
                b = b.with_endpoint(url.clone());
            }
            // The blocking HTTP client starts a runtime of its own; build it off any runtime.
            let exporter = std::thread::scope(|s| s.spawn(move || b.build()).join())
                .map_err(|_| {
                    TelemetryError::Exporter("building the HTTP exporter panicked".into())
                })?
                .map_err(build_err)?;
            Ok(builder.with_batch_exporter(exporter).build())
        }
        OtlpProtocol::Grpc => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("otlp-export")
                .enable_all()
                .build()
                .map_err(|e| {
                    TelemetryError::Exporter(format!("starting the export runtime: {e}"))
                })?;
            let mut b = opentelemetry_otlp::SpanExporter::builder()
                .with_tonic()
                .with_protocol(Protocol::Grpc);
            if let Some(url) = &target.endpoint {
                b = b.with_endpoint(url.clone());
            }
            let exporter = {
                let _entered = runtime.enter();
                b.build().map_err(build_err)?
            };
            let exporter = OnOwnRuntime {
                inner: Arc::new(exporter),
                runtime: Some(runtime),
            };
            Ok(builder.with_batch_exporter(exporter).build())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn off_unless_an_endpoint_is_given() {
        let cfg = TelemetryConfig::default();
        assert_eq!(resolve(&cfg, &with_env(&[])).unwrap(), None);
        assert_eq!(
            resolve(&cfg, &with_env(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")])).unwrap(),
            None
        );
    }

    #[test]
    fn config_endpoint_gets_the_signal_path_for_http() {
        let cfg = TelemetryConfig {
            otlp_endpoint: Some("http://jaeger:4318/".into()),
            ..Default::default()
        };
        let t = resolve(&cfg, &with_env(&[])).unwrap().unwrap();
        assert_eq!(t.protocol, OtlpProtocol::HttpProtobuf);
        assert_eq!(t.endpoint.as_deref(), Some("http://jaeger:4318/v1/traces"));
    }

    #[test]
    fn standard_variables_choose_protocol_and_endpoint() {
        let cfg = TelemetryConfig::default();
        let env = with_env(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        ]);
        assert_eq!(
            resolve(&cfg, &env).unwrap(),
            Some(ExportTarget {
                protocol: OtlpProtocol::Grpc,
                endpoint: None
            })
        );
        let env = with_env(&[(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "http://c:4318/v1/traces",
        )]);
        assert_eq!(
            resolve(&cfg, &env).unwrap(),
            Some(ExportTarget {
                protocol: OtlpProtocol::HttpProtobuf,
                endpoint: None
            })
        );
    }

    #[test]
    fn sdk_disabled_wins_and_bad_values_are_named() {
        let cfg = TelemetryConfig {
            otlp_endpoint: Some("http://c:4318".into()),
            ..Default::default()
        };
        assert_eq!(
            resolve(&cfg, &with_env(&[("OTEL_SDK_DISABLED", "true")])).unwrap(),
            None
        );
        assert_eq!(
            resolve(&cfg, &with_env(&[("OTEL_TRACES_EXPORTER", "none")])).unwrap(),
            None
        );
        let err = resolve(
            &cfg,
            &with_env(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("OTEL_EXPORTER_OTLP_PROTOCOL"),
            "{err}"
        );
        let tls = TelemetryConfig {
            otlp_endpoint: Some("https://c:4318".into()),
            ..Default::default()
        };
        let err = resolve(&tls, &with_env(&[])).unwrap_err();
        assert!(err.to_string().contains("without TLS"), "{err}");
        let err = resolve(
            &TelemetryConfig::default(),
            &with_env(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "https://c:4318")]),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("OTEL_EXPORTER_OTLP_ENDPOINT"),
            "{err}"
        );
        let bad = TelemetryConfig {
            otlp_endpoint: Some("jaeger:4318".into()),
            ..Default::default()
        };
        let err = resolve(&bad, &with_env(&[])).unwrap_err();
        assert!(err.to_string().contains("telemetry.otlp_endpoint"), "{err}");
    }
}

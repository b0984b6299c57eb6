//! The telemetry API end to end, against an in-process OTLP/HTTP receiver on 127.0.0.1: an
//! article span continues the upstream `traceparent`, is exported in that trace with the
//! messaging attributes, the `traceparent` written for the output continues it (same trace id,
//! the article span's id), and JSON log lines inside it carry `trace_id` and `span_id`.
#![cfg(feature = "service")]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use quotewire::telemetry::{self, TelemetryConfig, TelemetryGuard};

const UPSTREAM_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const UPSTREAM_SPAN: &str = "00f067aa0ba902b7";

struct Fixture {
    guard: TelemetryGuard,
    logs: Arc<Mutex<Vec<u8>>>,
    received: Arc<Mutex<Vec<ExportTraceServiceRequest>>>,
}

#[derive(Clone)]
struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts the receiver (on a thread with its own runtime) and installs telemetry exporting to
/// it, once per test binary: the subscriber is process-global.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let received: Arc<Mutex<Vec<ExportTraceServiceRequest>>> = Arc::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind receiver");
        let addr = listener.local_addr().expect("receiver address");
        listener.set_nonblocking(true).expect("nonblocking");
        let sink = Arc::clone(&received);
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let app = axum::Router::new().route(
                    "/v1/traces",
                    axum::routing::post(move |body: bytes::Bytes| {
                        let sink = Arc::clone(&sink);
                        async move {
                            match ExportTraceServiceRequest::decode(body) {
                                Ok(req) => {
                                    sink.lock().expect("sink").push(req);
                                    (
                                        axum::http::StatusCode::OK,
                                        [("content-type", "application/x-protobuf")],
                                        Vec::new(),
                                    )
                                }
                                Err(_) => (
                                    axum::http::StatusCode::BAD_REQUEST,
                                    [("content-type", "text/plain")],
                                    Vec::new(),
                                ),
                            }
                        }
                    }),
                );
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                axum::serve(listener, app).await.expect("serve");
            });
        });

        // The environment must not turn logs down or export off behind the test's back.
        for var in ["RUST_LOG", "OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER"] {
            std::env::remove_var(var);
        }
        let logs: Arc<Mutex<Vec<u8>>> = Arc::default();
        let cfg = TelemetryConfig {
            otlp_endpoint: Some(format!("http://{addr}")),
            otlp_protocol: Some(telemetry::OtlpProtocol::HttpProtobuf),
            log_level: "info".into(),
            ..TelemetryConfig::default()
        };
        let writer = LogSink(Arc::clone(&logs));
        let guard =
            telemetry::init_with_writer(&cfg, move || writer.clone()).expect("telemetry init");
        assert!(guard.exporting());
        Fixture {
            guard,
            logs,
            received,
        }
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Spans of `trace_id` the receiver has got, waiting up to 10 s for at least `n`.
fn exported_spans(fx: &Fixture, trace_id: &str, n: usize) -> Vec<Span> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        fx.guard.flush();
        let spans: Vec<Span> = fx
            .received
            .lock()
            .expect("received")
            .iter()
            .flat_map(|r| r.resource_spans.iter())
            .flat_map(|rs| rs.scope_spans.iter())
            .flat_map(|ss| ss.spans.iter())
            .filter(|s| hex(&s.trace_id) == trace_id)
            .cloned()
            .collect();
        if spans.len() >= n || Instant::now() > deadline {
            return spans;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn attr(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| match kv.value.as_ref()?.value.as_ref()? {
            AnyValue::StringValue(s) => Some(s.clone()),
            AnyValue::IntValue(i) => Some(i.to_string()),
            other => Some(format!("{other:?}")),
        })
}

fn log_lines(fx: &Fixture) -> Vec<serde_json::Value> {
    let bytes = fx.logs.lock().expect("logs").clone();
    String::from_utf8(bytes)
        .expect("logs are UTF-8")
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("log line is not JSON ({e}): {l}"))
        })
        .collect()
}

#[test]
fn article_span_continues_the_upstream_trace_and_output_continues_it() {
    let fx = fixture();
    let mut input = async_nats::HeaderMap::new();
    input.insert(
        "traceparent",
        format!("00-{UPSTREAM_TRACE}-{UPSTREAM_SPAN}-01").as_str(),
    );
    input.insert("tracestate", "upstream=1");

    let mut output = async_nats::HeaderMap::new();
    let span = telemetry::article_span(Some(&input), "articles.raw", 42, "article-1");
    span.in_scope(|| {
        // Spans become trace spans by `telemetry.trace_filter` (default `quotewire=debug`).
        let stage = tracing::debug_span!(target: "quotewire::extract", "quotes");
        let _ignored = tracing::debug_span!("not quotewire's").entered();
        stage.in_scope(|| tracing::debug!("finding quotes"));
        telemetry::inject_trace(&mut output);
    });
    drop(span);

    let spans = exported_spans(fx, UPSTREAM_TRACE, 2);
    let article = spans
        .iter()
        .find(|s| s.name == "process articles.raw")
        .unwrap_or_else(|| panic!("{spans:#?}"));
    assert_eq!(hex(&article.parent_span_id), UPSTREAM_SPAN);
    assert_eq!(article.kind, 5, "SPAN_KIND_CONSUMER");
    assert_eq!(attr(article, "messaging.system").as_deref(), Some("nats"));
    assert_eq!(
        attr(article, "messaging.destination.name").as_deref(),
        Some("articles.raw")
    );
    assert_eq!(
        attr(article, "messaging.message.id").as_deref(),
        Some("article-1")
    );
    assert_eq!(
        attr(article, "messaging.operation.type").as_deref(),
        Some("process")
    );
    assert_eq!(
        attr(article, "messaging.nats.stream_sequence").as_deref(),
        Some("42")
    );
    let stage = spans
        .iter()
        .find(|s| s.name == "quotes")
        .unwrap_or_else(|| panic!("{spans:#?}"));
    assert_eq!(
        stage.parent_span_id, article.span_id,
        "stage spans are children of the article span"
    );
    assert_eq!(
        spans.len(),
        2,
        "spans of other crates are filtered out: {spans:#?}"
    );

    let traceparent = output
        .get("traceparent")
        .map(|v| v.as_str().to_owned())
        .expect("traceparent written");
    let parts: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(parts.len(), 4, "{traceparent}");
    assert_eq!(parts[1], UPSTREAM_TRACE, "same trace");
    assert_ne!(parts[2], UPSTREAM_SPAN, "a new span id");
    assert_eq!(
        parts[2],
        hex(&article.span_id),
        "the output continues the article span"
    );
    assert_eq!(parts[3], "01", "the upstream sampling decision passes on");
    assert_eq!(
        output.get("tracestate").map(|v| v.as_str()),
        Some("upstream=1")
    );
}

#[test]
fn log_lines_inside_an_article_span_are_json_with_its_trace_and_span_id() {
    let fx = fixture();
    const TRACE: &str = "0af7651916cd43dd8448eb211c80319c";
    let mut input = async_nats::HeaderMap::new();
    input.insert(
        "traceparent",
        format!("00-{TRACE}-b7ad6b7169203331-01").as_str(),
    );
    let span = telemetry::article_span(Some(&input), "articles.raw", 7, "article-logs");
    span.in_scope(|| tracing::info!(article_id = "article-logs", "article analysed"));
    drop(span);
    tracing::info!(marker = "outside-article", "not in any span");

    let spans = exported_spans(fx, TRACE, 1);
    let article = spans
        .iter()
        .find(|s| s.name == "process articles.raw")
        .unwrap_or_else(|| panic!("{spans:#?}"));
    let lines = log_lines(fx);
    let inside = lines
        .iter()
        .find(|l| l["message"] == "article analysed" && l["article_id"] == "article-logs")
        .unwrap_or_else(|| panic!("no log line: {lines:#?}"));
    assert_eq!(inside["trace_id"], TRACE);
    assert_eq!(inside["span_id"], hex(&article.span_id));
    assert_eq!(inside["level"], "INFO");
    assert_eq!(inside["span"]["name"], "process article");
    assert_eq!(inside["span"]["messaging.message.id"], "article-logs");
    assert!(inside["span"].get("otel.kind").is_none(), "{inside}");
    assert!(
        inside["timestamp"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{inside}"
    );
    let outside = lines
        .iter()
        .find(|l| l["marker"] == "outside-article")
        .expect("outside line");
    assert!(outside.get("trace_id").is_none(), "{outside}");
    assert!(outside.get("span").is_none(), "{outside}");
}

#[test]
fn an_article_without_traceparent_starts_its_own_trace() {
    let fx = fixture();
    let span = telemetry::article_span(None, "articles.raw", 9, "article-root");
    let mut output = async_nats::HeaderMap::new();
    span.in_scope(|| telemetry::inject_trace(&mut output));
    drop(span);
    let traceparent = output
        .get("traceparent")
        .map(|v| v.as_str().to_owned())
        .expect("traceparent written");
    let trace_id = traceparent.split('-').nth(1).expect("trace id").to_owned();
    assert_ne!(trace_id, UPSTREAM_TRACE);
    let spans = exported_spans(fx, &trace_id, 1);
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert!(spans[0].parent_span_id.is_empty(), "a root span");
    assert_eq!(
        attr(&spans[0], "messaging.message.id").as_deref(),
        Some("article-root")
    );

    // Outside any span there is nothing to continue.
    let mut none = async_nats::HeaderMap::new();
    telemetry::inject_trace(&mut none);
    assert!(none.get("traceparent").is_none());
}

#[test]
fn publish_span_carries_the_output_traceparent_and_recorded_fields_are_exported() {
    const TRACE: &str = "6bf92f3577b34da6a3ce929d0e0e4736";
    const PARENT: &str = "20f067aa0ba902b7";
    let fx = fixture();
    let mut input = async_nats::HeaderMap::new();
    input.insert("traceparent", format!("00-{TRACE}-{PARENT}-01").as_str());
    let span = telemetry::article_span(Some(&input), "articles.raw", 3, "m-3");
    let mut output = async_nats::HeaderMap::new();
    span.in_scope(|| {
        tracing::Span::current().record("article_id", "a-3");
        let publish = telemetry::publish_span("articles.analyzed", "a-3:0.1.0");
        publish.in_scope(|| telemetry::inject_trace(&mut output));
        publish.record("otel.status_code", "ERROR");
        publish.record("error.type", "publish_timeout");
    });
    span.record("outcome", "retry");
    drop(span);

    let spans = exported_spans(fx, TRACE, 2);
    let article = spans
        .iter()
        .find(|s| s.name == "process articles.raw")
        .unwrap_or_else(|| panic!("{spans:#?}"));
    let publish = spans
        .iter()
        .find(|s| s.name == "send articles.analyzed")
        .unwrap_or_else(|| panic!("{spans:#?}"));
    assert_eq!(attr(article, "article_id").as_deref(), Some("a-3"));
    assert_eq!(attr(article, "outcome").as_deref(), Some("retry"));
    assert_eq!(publish.kind, 4, "SPAN_KIND_PRODUCER");
    assert_eq!(publish.parent_span_id, article.span_id);
    assert_eq!(
        attr(publish, "messaging.message.id").as_deref(),
        Some("a-3:0.1.0")
    );
    assert_eq!(
        attr(publish, "error.type").as_deref(),
        Some("publish_timeout")
    );
    assert_eq!(
        publish.status.as_ref().map(|s| s.code),
        Some(2),
        "STATUS_CODE_ERROR"
    );
    let traceparent = output
        .get("traceparent")
        .map(|v| v.as_str().to_owned())
        .expect("traceparent");
    assert_eq!(
        traceparent,
        format!("00-{TRACE}-{}-01", hex(&publish.span_id)),
        "the output continues the publish span"
    );
}

/// `init` itself (not the test writer): with stderr not a terminal and `log_format = auto`, log
/// lines are JSON. Runs this test binary again as a child whose stderr is a pipe.
#[test]
fn init_logs_json_to_stderr_when_it_is_not_a_terminal() {
    const NAME: &str = "init_logs_json_to_stderr_when_it_is_not_a_terminal";
    const TRACE: &str = "7bf92f3577b34da6a3ce929d0e0e4736";
    if std::env::var_os("QUOTEWIRE_TELEMETRY_CHILD").is_some() {
        let guard = telemetry::init(&TelemetryConfig::default()).expect("init");
        assert!(!guard.exporting(), "export is off by default");
        let mut input = async_nats::HeaderMap::new();
        input.insert(
            "traceparent",
            format!("00-{TRACE}-30f067aa0ba902b7-01").as_str(),
        );
        let span = telemetry::article_span(Some(&input), "articles.raw", 1, "child-1");
        span.in_scope(|| tracing::info!("child article"));
        tracing::debug!("below the default level");
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let out = std::process::Command::new(exe)
        .args(["--exact", NAME, "--nocapture", "--test-threads=1"])
        .env("QUOTEWIRE_TELEMETRY_CHILD", "1")
        .env_remove("RUST_LOG")
        .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
        .env_remove("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the child");
    assert!(out.status.success(), "child failed: {out:?}");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert_eq!(lines[0]["message"], "child article");
    assert_eq!(lines[0]["trace_id"], TRACE);
    assert_eq!(
        lines[0]["span_id"].as_str().map(str::len),
        Some(16),
        "{stderr}"
    );
}

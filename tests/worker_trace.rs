//! Traces and logs through the real pipeline: the worker binary, a real nats-server and an
//! in-process OTLP/HTTP receiver on 127.0.0.1. An article published with a W3C `traceparent`
//! yields exported spans in that trace (the article span a child of the upstream span), the
//! output event's `traceparent` has the same trace id and a new span id, the worker's JSON log
//! lines about the article carry that `trace_id`, and SIGTERM flushes the spans on the way out.
#![cfg(feature = "service")]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;

const TRACE: &str = "8bf92f3577b34da6a3ce929d0e0e4736";
const UPSTREAM_SPAN: &str = "40f067aa0ba902b7";

type Received = Arc<Mutex<Vec<ExportTraceServiceRequest>>>;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An OTLP/HTTP receiver on a free loopback port, on a thread of its own.
fn otlp_receiver() -> (std::net::SocketAddr, Received) {
    let received: Received = Arc::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    let sink = Arc::clone(&received);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            let app = axum::Router::new().route(
                "/v1/traces",
                axum::routing::post(move |body: bytes::Bytes| {
                    let sink = Arc::clone(&sink);
                    async move {
                        match ExportTraceServiceRequest::decode(body) {
                            Ok(req) => {
                                sink.lock().expect("sink").push(req);
                                axum::http::StatusCode::OK
                            }
                            Err(_) => axum::http::StatusCode::BAD_REQUEST,
                        }
                    }
                }),
            );
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    (addr, received)
}

fn spans_of(received: &Received, trace_id: &str) -> Vec<Span> {
    received
        .lock()
        .expect("received")
        .iter()
        .flat_map(|r| r.resource_spans.iter())
        .flat_map(|rs| rs.scope_spans.iter())
        .flat_map(|ss| ss.spans.iter())
        .filter(|s| hex(&s.trace_id) == trace_id)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_with_traceparent_is_traced_through_the_worker() {
    let nats = common::NatsServer::start();
    let (otlp, received) = otlp_receiver();
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("worker.log");
    let endpoint = format!("http://{otlp}");
    let mut worker = common::spawn_worker_binary(
        &nats.url(),
        &[
            ("QUOTEWIRE__TELEMETRY__OTLP_ENDPOINT", endpoint.as_str()),
            ("QUOTEWIRE__TELEMETRY__LOG_FORMAT", "json"),
            ("QUOTEWIRE__TELEMETRY__LOG_LEVEL", "info,quotewire=debug"),
        ],
        &log,
    );

    let (_client, js) = common::client(&nats.url()).await;
    // The worker provisions the streams; wait until the input stream exists.
    let deadline = Instant::now() + Duration::from_secs(20);
    while js.get_stream("ARTICLES").await.is_err() {
        assert!(Instant::now() < deadline, "the worker did not create ARTICLES");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("traceparent", format!("00-{TRACE}-{UPSTREAM_SPAN}-01").as_str());
    headers.insert("Nats-Msg-Id", "traced-1");
    js.publish_with_headers("articles.raw", headers, common::article("traced-1", &common::body(1)))
        .await
        .expect("publish")
        .await
        .expect("publish ack");

    common::wait_for(&js, "ANALYSES", 1, Duration::from_secs(20)).await;
    let event = js
        .get_stream("ANALYSES")
        .await
        .expect("ANALYSES")
        .get_last_raw_message_by_subject("articles.analyzed")
        .await
        .expect("the event");
    assert_eq!(common::json(&event.payload)["subject"], "traced-1");
    let traceparent = event.headers.get("traceparent").map(|v| v.as_str().to_owned()).expect("event traceparent");
    let parts: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(parts.len(), 4, "{traceparent}");
    assert_eq!(parts[1], TRACE, "the event continues the upstream trace");
    assert_ne!(parts[2], UPSTREAM_SPAN, "with a span of its own");

    // SIGTERM: the worker drains and the telemetry guard flushes the spans as it exits.
    common::signal(&worker, "TERM");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = worker.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "the worker did not exit after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");

    let spans = spans_of(&received, TRACE);
    let article = spans
        .iter()
        .find(|s| s.name == "process articles.raw")
        .unwrap_or_else(|| panic!("no article span in {spans:#?}"));
    assert_eq!(hex(&article.parent_span_id), UPSTREAM_SPAN);
    let publish = spans
        .iter()
        .find(|s| s.name == "send articles.analyzed")
        .unwrap_or_else(|| panic!("no publish span in {spans:#?}"));
    assert_eq!(publish.parent_span_id, article.span_id);
    assert_eq!(hex(&publish.span_id), parts[2], "the event continues the publish span");
    let extract = spans
        .iter()
        .find(|s| s.name == "extract")
        .unwrap_or_else(|| panic!("no extract span in {spans:#?}"));
    assert_eq!(extract.parent_span_id, article.span_id);
    let attr = |s: &Span, key: &str| {
        s.attributes
            .iter()
            .find(|kv| kv.key == key)
            .and_then(|kv| match kv.value.as_ref()?.value.as_ref()? {
                opentelemetry_proto::tonic::common::v1::any_value::Value::StringValue(v) => Some(v.clone()),
                _ => None,
            })
    };
    assert_eq!(attr(article, "article_id").as_deref(), Some("traced-1"));
    assert_eq!(attr(article, "outcome").as_deref(), Some("published"));
    let message_id = article.attributes.iter().find(|kv| kv.key == "messaging.message.id");
    assert!(message_id.is_some(), "{article:#?}");

    let text = std::fs::read_to_string(&log).expect("worker log");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("log line is not JSON ({e}): {l}")))
        .collect();
    let traced: Vec<&serde_json::Value> = lines.iter().filter(|l| l["trace_id"] == TRACE).collect();
    assert!(!traced.is_empty(), "no log line carries the trace id:\n{text}");
    for l in &traced {
        assert!(l["span_id"].as_str().is_some_and(|s| s.len() == 16), "{l}");
    }
    assert!(
        !text.contains("We will finish the road"),
        "article text must not reach the logs at this level"
    );
}

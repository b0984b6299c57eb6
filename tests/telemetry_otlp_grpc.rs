//! OTLP over gRPC, against an in-process OTLP/gRPC receiver on 127.0.0.1: telemetry installed
//! from inside a Tokio runtime (as the worker's `main` does) exports the article span in the
//! upstream trace, and dropping the guard there flushes without panicking. This is the transport
//! that needs its own runtime (the SDK exports from a plain thread; tonic needs a reactor).
#![cfg(feature = "service")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use quotewire::telemetry::{self, OtlpProtocol, TelemetryConfig};

type Received = Arc<Mutex<Vec<ExportTraceServiceRequest>>>;

struct Receiver(Received);

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        self.0
            .lock()
            .map_err(|_| tonic::Status::internal("poisoned"))?
            .push(request.into_inner());
        Ok(tonic::Response::new(ExportTraceServiceResponse {
            partial_success: None,
        }))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn span_names_in(received: &Received, trace_id: &str) -> Vec<(String, String)> {
    received
        .lock()
        .expect("received")
        .iter()
        .flat_map(|r| r.resource_spans.iter())
        .flat_map(|rs| rs.scope_spans.iter())
        .flat_map(|ss| ss.spans.iter())
        .filter(|s| hex(&s.trace_id) == trace_id)
        .map(|s| (s.name.clone(), hex(&s.parent_span_id)))
        .collect()
}

#[test]
fn grpc_export_from_inside_a_runtime_and_flush_on_drop() {
    const TRACE: &str = "5bf92f3577b34da6a3ce929d0e0e4736";
    const PARENT: &str = "10f067aa0ba902b7";
    let received: Received = Arc::default();

    // The receiver, on a runtime of its own.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    let sink = Arc::clone(&received);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            tonic::transport::Server::builder()
                .add_service(TraceServiceServer::new(Receiver(sink)))
                .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener))
                .await
                .expect("serve");
        });
    });

    for var in ["OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER"] {
        std::env::remove_var(var);
    }
    // The "worker": a multi-thread runtime whose main future owns the guard.
    let app = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    app.block_on(async move {
        let cfg = TelemetryConfig {
            otlp_endpoint: Some(format!("http://{addr}")),
            otlp_protocol: Some(OtlpProtocol::Grpc),
            ..TelemetryConfig::default()
        };
        let guard = telemetry::init_with_writer(&cfg, std::io::sink).expect("telemetry init");
        assert!(guard.exporting());
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("traceparent", format!("00-{TRACE}-{PARENT}-01").as_str());
        let span = telemetry::article_span(Some(&headers), "articles.raw", 1, "grpc-1");
        {
            let _enter = span.enter();
            tracing::info!("inside");
        }
        drop(span);
        // Dropping the guard inside async code flushes and shuts the exporter down.
        drop(guard);
    });

    let deadline = Instant::now() + Duration::from_secs(10);
    let spans = loop {
        let spans = span_names_in(&received, TRACE);
        if !spans.is_empty() || Instant::now() > deadline {
            break spans;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        spans,
        vec![("process articles.raw".to_owned(), PARENT.to_owned())]
    );
}

//! The observability metrics beside the worker's own (issue 6): build info, extraction time,
//! quotes and people per article, and the durable consumer's backlog, from a worker running
//! against a real nats-server.
#![cfg(feature = "service")]

mod common;

use std::time::Duration;

use common::*;

fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_report_extraction_counts_and_consumer_backlog() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 5;
    publish_all(&js, "articles.raw", (0..n).map(|i| article(&format!("m-{i}"), &body(i)))).await;
    wait_for(&js, "ANALYSES", n as u64, Duration::from_secs(30)).await;
    wait_drained(&js, "ARTICLES", Duration::from_secs(30)).await;

    let text = worker.metrics.render();
    assert!(text.contains("quotewire_build_info{"), "{text}");
    assert_eq!(value(&text, "quotewire_extract_seconds_count"), Some(n as f64), "{text}");
    assert_eq!(value(&text, "quotewire_article_quotes_count"), Some(n as f64), "{text}");
    assert_eq!(value(&text, "quotewire_article_people_count"), Some(n as f64), "{text}");
    // The backlog gauges exist from the first reading, taken when consuming starts.
    for series in ["quotewire_consumer_pending_messages", "quotewire_consumer_ack_pending_messages"] {
        let v = value(&text, series).unwrap_or_else(|| panic!("{series} missing:\n{text}"));
        assert!((0.0..=n as f64).contains(&v), "{series} = {v}");
    }
    worker.shutdown().await;
}

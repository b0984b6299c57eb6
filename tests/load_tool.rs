//! `quotewire load` against a real nats-server and a worker process in transport-only mode (the
//! benchmark path of BENCHMARKS.md): the run at a fixed rate gets an event for every article,
//! reports latency percentiles in order, publishes no faster than asked, and the events of a
//! transport-only worker carry an empty analysis; with `transport_replay`, the events carry
//! the same analysis the extraction gives each body, under each article's own id. Small counts:
//! this checks the tool, it does not measure anything.

mod common;

use std::process::Command;
use std::time::Duration;

use futures::StreamExt;

use common::*;

/// Runs `quotewire load` with `args` (and a 60 s timeout) against the server at `url`; its report.
async fn run_load(url: &str, args: &[&str]) -> serde_json::Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotewire"));
    cmd.arg("load").args(args).args(["--timeout", "60"]);
    cmd.env("QUOTEWIRE__NATS__URL", url).env("QUOTEWIRE__HTTP__ADDR", "").env_remove("QUOTEWIRE_CONFIG");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    assert!(out.status.success(), "load failed: {}", String::from_utf8_lossy(&out.stderr));
    json(&out.stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_at_a_rate_through_a_transport_only_worker_reports_every_event_and_latencies() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let worker = spawn_worker_binary(&server.url(), &[("QUOTEWIRE__WORKER__TRANSPORT_ONLY", "true")], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let report = run_load(&server.url(), &["--count", "300", "--rate", "200", "--body-bytes", "200"]).await;
    assert_eq!(report["events"], 300, "{report}");
    assert_eq!(report["rate"], 200.0);
    // 300 articles at 200/s take about 1.5 s to publish: not much faster than asked.
    assert!(report["published_per_second"].as_f64().unwrap() < 220.0, "{report}");
    let l = &report["latency"];
    let ms = |k: &str| l[k].as_f64().unwrap_or_else(|| panic!("{k} in {report}"));
    assert!(0.0 < ms("p50_ms") && ms("p50_ms") <= ms("p90_ms") && ms("p90_ms") <= ms("p99_ms") && ms("p99_ms") <= ms("max_ms"), "{report}");

    let events = read_all(&js, "ANALYSES").await;
    assert_eq!(events.len(), 300);
    for e in &events {
        let data = &json(e)["data"];
        assert_eq!(data["quotes"], serde_json::json!([]), "transport only: nothing extracted");
        assert_eq!(data["people"], serde_json::json!([]));
    }
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("transport_only"), "the worker says it is in benchmark mode");
    signal(&worker, "TERM");
    let mut worker = worker;
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_worker_publishes_the_real_analysis_of_each_article_under_its_own_id() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let env = [("QUOTEWIRE__WORKER__TRANSPORT_ONLY", "true"), ("QUOTEWIRE__WORKER__TRANSPORT_REPLAY", "true")];
    let worker = spawn_worker_binary(&server.url(), &env, &log);
    let (c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    // the articles as the load tool publishes them, to extract each here and compare
    let mut inputs = c.subscribe("articles.raw").await.unwrap();
    c.flush().await.unwrap();

    let report = run_load(&server.url(), &["--count", "40", "--body-bytes", "600"]).await;
    assert_eq!(report["events"], 40, "{report}");

    let extractor = quotewire::Extractor::new();
    let mut expected = std::collections::HashMap::new();
    while expected.len() < 40 {
        let m = tokio::time::timeout(Duration::from_secs(10), inputs.next()).await.unwrap().unwrap();
        let article = quotewire::Article::from_slice(&m.payload, 1 << 20).unwrap();
        expected.insert(article.id.clone(), serde_json::to_value(extractor.extract(&article)).unwrap());
    }
    let events = read_all(&js, "ANALYSES").await;
    assert_eq!(events.len(), 40);
    let mut bodies_with_quotes = 0;
    for e in &events {
        let ev = json(e);
        let data = &ev["data"];
        let id = data["article_id"].as_str().unwrap();
        assert_eq!(ev["subject"].as_str(), Some(id), "each event is its own article's");
        let want = expected.remove(id).unwrap_or_else(|| panic!("one event per article, {id} is unknown or twice"));
        assert_eq!(data, &want, "the replayed analysis of {id} is what the extraction gives it");
        bodies_with_quotes += usize::from(!data["quotes"].as_array().unwrap().is_empty());
    }
    assert!(bodies_with_quotes > 0, "the synthetic bodies hold quotes: events carry real analyses");
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("transport_replay"), "the worker says it is in benchmark mode");
    signal(&worker, "TERM");
    let mut worker = worker;
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
}

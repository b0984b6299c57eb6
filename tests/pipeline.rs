//! The worker in-process against a real nats-server: events out for articles in, duplicates
//! dropped, every kind of bad message dead-lettered, a panic contained, provisioning racing,
//! the service endpoint and the HTTP endpoints.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use quotewire::analysis::{Analysis, EXTRACTOR_VERSION};
use quotewire::article::Article;

/// Checks one event against the CloudEvents envelope and the contract's analysis shape.
fn check_event(v: &serde_json::Value) -> String {
    let subject = v["subject"].as_str().expect("subject").to_owned();
    assert_eq!(v["specversion"], "1.0");
    assert_eq!(v["type"], "io.quotewire.article.analyzed.v1");
    assert_eq!(v["id"], format!("{subject}:{EXTRACTOR_VERSION}"));
    assert_eq!(v["source"], "urn:quotewire:worker");
    assert_eq!(v["datacontenttype"], "application/json");
    assert!(v["dataschema"].as_str().is_some_and(|s| !s.is_empty()));
    let time = v["time"].as_str().expect("time");
    assert!(time.parse::<jiff::Timestamp>().is_ok(), "time {time} is RFC 3339");
    let data = &v["data"];
    assert_eq!(data["article_id"], subject.as_str());
    assert!(data["language"].is_string());
    for key in ["quotes", "people", "dates"] {
        assert!(data[key].is_array(), "data.{key} is an array");
    }
    let compound = data["sentiment"]["compound"].as_f64().expect("sentiment.compound");
    assert!((-1.0..=1.0).contains(&compound));
    assert!(["positive", "neutral", "negative"].contains(&data["sentiment"]["label"].as_str().unwrap_or("")));
    // The data deserializes as the contract type.
    let _: Analysis = serde_json::from_value(data.clone()).expect("data follows the contract");
    subject
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_articles_give_thousand_valid_events() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 1000;
    publish_all(&js, "articles.raw", (0..n).map(|i| article(&format!("art-{i}"), &body(i)))).await;
    wait_for(&js, "ANALYSES", n as u64, Duration::from_secs(120)).await;
    wait_drained(&js, "ARTICLES", Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(stream_len(&js, "ANALYSES").await, n as u64, "exactly one event per article");

    let events = read_all(&js, "ANALYSES").await;
    let mut subjects = HashSet::new();
    let mut ids = HashSet::new();
    for e in &events {
        let v = json(e);
        ids.insert(v["id"].as_str().unwrap().to_owned());
        subjects.insert(check_event(&v));
    }
    assert_eq!(ids.len(), n, "unique event ids");
    let expected: HashSet<String> = (0..n).map(|i| format!("art-{i}")).collect();
    assert_eq!(subjects, expected);
    assert_eq!(stream_len(&js, "ARTICLES_DLQ").await, 0);
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_article_twice_gives_one_event() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let a = article("twice", &body(1));
    publish_all(&js, "articles.raw", [a.clone()]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    publish_all(&js, "articles.raw", [a, article("other", &body(2))]).await;
    wait_for(&js, "ANALYSES", 2, Duration::from_secs(30)).await;
    wait_drained(&js, "ARTICLES", Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let events: Vec<_> = read_all(&js, "ANALYSES").await.iter().map(|b| json(b)).collect();
    let subjects: Vec<&str> = events.iter().map(|v| v["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, vec!["twice", "other"]);
    let text = worker.metrics.render();
    assert!(text.contains("quotewire_articles_total{outcome=\"duplicate\"} 1"), "{text}");
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_bad_message_is_dead_lettered_with_its_code() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[("QUOTEWIRE__WORKER__MAX_ARTICLE_BYTES", "4096")]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let huge = article("huge", &"word ".repeat(2000));
    let bad: Vec<(&str, bytes::Bytes)> = vec![
        ("invalid_json", bytes::Bytes::from_static(b"this is not json")),
        ("invalid_utf8", bytes::Bytes::from_static(b"{\"id\":\"u\",\"body\":\"caf\xe9\"}")),
        ("not_an_object", bytes::Bytes::from_static(b"[{\"id\":\"x\",\"body\":\"y\"}]")),
        ("missing_id", bytes::Bytes::from_static(b"{\"body\":\"No id here.\"}")),
        ("missing_body", bytes::Bytes::from_static(b"{\"id\":\"nobody\"}")),
        ("invalid_field", bytes::Bytes::from_static(b"{\"id\":\"num\",\"body\":42}")),
        ("too_large", huge.clone()),
    ];
    let mut payloads = vec![article("good-0", &body(0))];
    for (i, (_, p)) in bad.iter().enumerate() {
        payloads.push(p.clone());
        payloads.push(article(&format!("good-{}", i + 1), &body(i)));
    }
    publish_all(&js, "articles.raw", payloads).await;
    wait_for(&js, "ARTICLES_DLQ", bad.len() as u64, Duration::from_secs(30)).await;
    wait_for(&js, "ANALYSES", 8, Duration::from_secs(30)).await;
    wait_drained(&js, "ARTICLES", Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let mut letters: Vec<_> = read_all(&js, "ARTICLES_DLQ").await.iter().map(|b| json(b)).collect();
    assert_eq!(letters.len(), bad.len(), "one dead letter per bad message");
    // Handled concurrently: put them back in input order. Bad message i is stream message 2 + 2i.
    letters.sort_by_key(|d| d["stream_sequence"].as_u64());
    let seqs: Vec<u64> = letters.iter().map(|d| d["stream_sequence"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (0..bad.len() as u64).map(|i| 2 + 2 * i).collect::<Vec<_>>());
    let codes: Vec<&str> = letters.iter().map(|d| d["code"].as_str().unwrap()).collect();
    let expected: Vec<&str> = bad.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, expected);
    for d in &letters {
        assert_eq!(d["subject"], "articles.raw");
        assert_eq!(d["stream"], "ARTICLES");
        assert!(d["stream_sequence"].as_u64().unwrap() > 0);
        assert_eq!(d["delivery_count"], 1);
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(letters[0]["payload"], "this is not json");
    assert_eq!(letters[1]["payload_encoding"], "base64");
    let big = &letters[6];
    assert_eq!(big["payload_bytes"].as_u64().unwrap() as usize, huge.len());
    assert_eq!(big["payload_truncated"], false, "a 10 kB payload fits the 64 kB dead-letter cut");

    let good: HashSet<String> =
        read_all(&js, "ANALYSES").await.iter().map(|b| json(b)["subject"].as_str().unwrap().to_owned()).collect();
    assert_eq!(good, (0..8).map(|i| format!("good-{i}")).collect::<HashSet<_>>());
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_payloads_are_cut_in_the_dead_letter() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(
        &server.url(),
        &[("QUOTEWIRE__WORKER__MAX_ARTICLE_BYTES", "1000"), ("QUOTEWIRE__WORKER__DEAD_LETTER_PAYLOAD_MAX", "100")],
    ));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("big", &"é".repeat(3000))]).await;
    wait_for(&js, "ARTICLES_DLQ", 1, Duration::from_secs(30)).await;
    let d = json(&read_all(&js, "ARTICLES_DLQ").await[0]);
    assert_eq!(d["code"], "too_large");
    assert_eq!(d["payload_truncated"], true);
    assert!(d["payload"].as_str().unwrap().len() <= 100);
    assert!(d["payload_bytes"].as_u64().unwrap() > 6000);
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_extraction_is_dead_lettered_as_internal_and_the_rest_go_on() {
    let server = NatsServer::start();
    let extractor = quotewire::Extractor::new();
    let analyzer = move |a: &Article| -> Analysis {
        if a.id == "boom" {
            panic!("deliberate test panic");
        }
        extractor.extract(a)
    };
    let worker = InProcWorker::start_with(settings(&server.url(), &[]), Arc::new(analyzer));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("a", &body(1)), article("boom", &body(2)), article("b", &body(3))]).await;
    wait_for(&js, "ARTICLES_DLQ", 1, Duration::from_secs(30)).await;
    wait_for(&js, "ANALYSES", 2, Duration::from_secs(30)).await;
    let d = json(&read_all(&js, "ARTICLES_DLQ").await[0]);
    assert_eq!(d["code"], "internal");
    assert_eq!(d["article_id"], "boom");
    assert!(d["message"].as_str().unwrap().contains("deliberate test panic"));
    // The worker is still alive and takes more.
    publish_all(&js, "articles.raw", [article("c", &body(4))]).await;
    wait_for(&js, "ANALYSES", 3, Duration::from_secs(30)).await;
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_workers_provisioning_at_once_all_succeed() {
    let server = NatsServer::start();
    let (_c, js) = client(&server.url()).await;
    let cfg = settings(&server.url(), &[]);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let js = js.clone();
        let cfg = cfg.clone();
        tasks.push(tokio::spawn(async move { quotewire::worker::provision::provision(&js, &cfg).await.map(|_| ()) }));
    }
    for t in tasks {
        t.await.unwrap().expect("provisioning succeeds");
    }
    // A second round with a changed setting updates the consumer in place.
    let changed = settings(&server.url(), &[("QUOTEWIRE__CONSUMER__MAX_DELIVER", "7")]);
    quotewire::worker::provision::provision(&js, &changed).await.expect("update");
    let mut consumer = js
        .get_stream("ARTICLES")
        .await
        .unwrap()
        .get_consumer::<async_nats::jetstream::consumer::pull::Config>("quotewire")
        .await
        .unwrap();
    let info = consumer.info().await.unwrap();
    assert_eq!(info.config.max_deliver, 7);
    assert_eq!(info.config.ack_policy, async_nats::jetstream::consumer::AckPolicy::Explicit);
    let mut out = js.get_stream("ANALYSES").await.unwrap();
    assert!(out.info().await.unwrap().config.duplicate_window >= Duration::from_secs(120));
    let mut input = js.get_stream("ARTICLES").await.unwrap();
    assert_eq!(
        input.info().await.unwrap().config.retention,
        async_nats::jetstream::stream::RetentionPolicy::WorkQueue
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_endpoint_answers_one_article() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[]));
    let (client, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let reply = loop {
        match client.request("quotewire.analyze", article("svc-1", &body(1))).await {
            Ok(r) => break r,
            Err(e) => {
                assert!(std::time::Instant::now() < deadline, "service never answered: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let v = json(&reply.payload);
    assert_eq!(v["article_id"], "svc-1");
    let bad = client.request("quotewire.analyze", "nope".into()).await.unwrap();
    let headers = bad.headers.expect("error headers");
    assert_eq!(headers.get("Nats-Service-Error-Code").map(|v| v.as_str()), Some("400"));
    assert!(headers.get("Nats-Service-Error").unwrap().as_str().starts_with("invalid_json"));
    // Requests do not produce events.
    assert_eq!(stream_len(&js, "ANALYSES").await, 0);
    worker.shutdown().await;
}

fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics_over_http() {
    let server = NatsServer::start();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let worker = InProcWorker::start(settings(&server.url(), &[("QUOTEWIRE__HTTP__ADDR", &addr)]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("m-1", &body(1)), bytes::Bytes::from_static(b"junk")]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    wait_for(&js, "ARTICLES_DLQ", 1, Duration::from_secs(30)).await;

    let (code, _) = tokio::task::spawn_blocking(move || http_get(port, "/healthz")).await.unwrap();
    assert_eq!(code, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (code, body) = tokio::task::spawn_blocking(move || http_get(port, "/readyz")).await.unwrap();
        if code == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never ready: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (code, text) = tokio::task::spawn_blocking(move || http_get(port, "/metrics")).await.unwrap();
    assert_eq!(code, 200);
    for needle in [
        "quotewire_articles_total{outcome=\"published\"} 1",
        "quotewire_articles_total{outcome=\"dead_letter\"} 1",
        "quotewire_dead_letters_total{code=\"invalid_json\"} 1",
        "quotewire_processing_seconds_count 2",
        "quotewire_in_flight 0",
        "quotewire_nats_connection_events_total{event=\"connected\"}",
        "quotewire_redeliveries_total 0",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_no_delivery_finishes_is_dead_lettered_after_max_deliver() {
    let server = NatsServer::start();
    let extractor = quotewire::Extractor::new();
    let analyzer = move |a: &Article| -> Analysis {
        if a.id == "stuck" {
            std::thread::sleep(Duration::from_secs(4));
        }
        extractor.extract(a)
    };
    let cfg = settings(
        &server.url(),
        &[
            ("QUOTEWIRE__CONSUMER__ACK_WAIT", "1s"),
            ("QUOTEWIRE__CONSUMER__PULL_EXPIRES", "500ms"),
            ("QUOTEWIRE__CONSUMER__MAX_DELIVER", "2"),
            ("QUOTEWIRE__WORKER__MAX_PROCESSING", "500ms"),
            ("QUOTEWIRE__WORKER__EXTRACT_THREADS", "4"),
        ],
    );
    let worker = InProcWorker::start_with(cfg, Arc::new(analyzer));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("stuck", &body(1)), article("fine", &body(2))]).await;
    wait_for(&js, "ARTICLES_DLQ", 1, Duration::from_secs(30)).await;
    let d = json(&read_all(&js, "ARTICLES_DLQ").await[0]);
    assert_eq!(d["code"], "max_deliver_exceeded");
    assert_eq!(d["article_id"], "stuck");
    assert_eq!(d["delivery_count"], 2);
    wait_drained(&js, "ARTICLES", Duration::from_secs(10)).await;
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_article_is_kept_by_progress_acks_and_not_redelivered() {
    let server = NatsServer::start();
    let extractor = quotewire::Extractor::new();
    let analyzer = move |a: &Article| -> Analysis {
        if a.id == "slow" {
            std::thread::sleep(Duration::from_millis(3500));
        }
        extractor.extract(a)
    };
    let cfg = settings(
        &server.url(),
        &[("QUOTEWIRE__CONSUMER__ACK_WAIT", "1s"), ("QUOTEWIRE__CONSUMER__PULL_EXPIRES", "500ms")],
    );
    let worker = InProcWorker::start_with(cfg, Arc::new(analyzer));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("slow", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    wait_drained(&js, "ARTICLES", Duration::from_secs(10)).await;
    let text = worker.metrics.render();
    assert!(text.contains("quotewire_redeliveries_total 0"), "{text}");
    assert!(text.contains("quotewire_articles_total{outcome=\"published\"} 1"), "{text}");
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_deleted_under_a_running_worker_are_created_again() {
    let server = NatsServer::start();
    let worker = InProcWorker::start(settings(&server.url(), &[]));
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("before", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    js.delete_stream("ARTICLES").await.unwrap();
    wait_stream(&js, "ARTICLES").await;
    // The consumer comes back with the stream.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while js.get_stream("ARTICLES").await.unwrap().consumer_info("quotewire").await.is_err() {
        assert!(std::time::Instant::now() < deadline, "consumer never re-created");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    publish_all(&js, "articles.raw", [article("after", &body(2))]).await;
    wait_for(&js, "ANALYSES", 2, Duration::from_secs(30)).await;
    worker.shutdown().await;
}

//! Faults during a run, against a real nats-server and the worker as the built binary: the
//! worker SIGKILLed every second while 10,000 articles go through, the server restarted (storage
//! kept) and frozen with SIGSTOP for 10 s while articles are published and processed, and a full
//! downstream stream that refuses events until a slow consumer frees space. Each test counts the
//! outcomes downstream: every article ends with exactly one event or exactly one dead letter
//! (zero lost, zero duplicated) and no event id is stored twice. Every wait has a deadline that
//! fails the test instead of hanging it. Bodies are short so the debug build stays quick.

mod common;

use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream};
use bytes::Bytes;
use futures::StreamExt;

use common::*;

/// Starts a publisher task that keeps publishing `n` articles `prefix{i}` until all are stored.
fn publish_in_background(js: &jetstream::Context, prefix: &str, n: usize) -> tokio::task::JoinHandle<()> {
    tokio::spawn(publish_until_stored(js.clone(), "articles.raw".to_owned(), numbered_articles(prefix, n), Duration::from_secs(120)))
}

async fn stop_worker(mut worker: WorkerProcess) {
    signal(&worker, "TERM");
    let status = tokio::task::spawn_blocking(move || wait_exit(&mut worker, Duration::from_secs(30))).await.unwrap();
    assert!(status.success(), "worker exits 0 on SIGTERM: {status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_sigkilled_every_second_during_10000_articles_loses_and_duplicates_nothing() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 10_000;
    let started = Instant::now();
    let publisher = publish_in_background(&js, "kill-", n);
    // Kill it every second, at least five times while work is left, and start it again.
    let mut kills_mid_run = 0;
    let mut at_kills = Vec::new();
    while kills_mid_run < 5 {
        assert!(started.elapsed() < Duration::from_secs(120), "kill loop over time: {at_kills:?}");
        tokio::time::sleep(Duration::from_secs(1)).await;
        let before = stream_len(&js, "ANALYSES").await;
        signal(&worker, "KILL");
        let status = wait_exit(&mut worker, Duration::from_secs(10));
        assert!(!status.success(), "SIGKILLed");
        at_kills.push(before);
        if before < n as u64 {
            kills_mid_run += 1;
        } else {
            break;
        }
        worker = spawn_worker_binary(&server.url(), &[], &log);
    }
    eprintln!("events at each SIGKILL: {at_kills:?}");
    assert!(kills_mid_run >= 5, "killed only {kills_mid_run} times before the end: {at_kills:?}");
    assert!(at_kills.iter().any(|&e| e > 0), "some work was done between kills: {at_kills:?}");
    publisher.await.unwrap();

    let tally = assert_one_outcome_each(&js, "kill-", n, Duration::from_secs(180)).await;
    eprintln!("{tally:?} in {:?}", started.elapsed());
    assert_eq!(tally.dead_letters, 0, "nothing here is bad input");
    stop_worker(worker).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_server_restarted_while_publishing_and_processing_loses_and_duplicates_nothing() {
    let mut server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let worker = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 3000;
    let publisher = publish_in_background(&js, "restart-", n);
    wait_for(&js, "ANALYSES", 300, Duration::from_secs(60)).await;
    let at_restart = stream_len(&js, "ANALYSES").await;
    server.restart();
    eprintln!("restarted the server at {at_restart} events");
    assert!(at_restart < n as u64, "restarted mid-run");
    publisher.await.unwrap();

    let tally = assert_one_outcome_each(&js, "restart-", n, Duration::from_secs(120)).await;
    assert_eq!(tally.dead_letters, 0);
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("disconnected"), "the worker saw the server go");
    stop_worker(worker).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_server_frozen_for_10s_then_resumed_loses_and_duplicates_nothing() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 3000;
    let publisher = publish_in_background(&js, "freeze-", n);
    wait_for(&js, "ANALYSES", 300, Duration::from_secs(60)).await;
    let at_freeze = stream_len(&js, "ANALYSES").await;
    // A test failure while frozen still ends the server: Drop sends SIGKILL, which a stopped
    // process receives.
    server.signal("STOP");
    tokio::time::sleep(Duration::from_secs(10)).await;
    server.signal("CONT");
    eprintln!("froze the server for 10 s at {at_freeze} events");
    assert!(at_freeze < n as u64, "frozen mid-run");
    assert!(worker.try_wait().unwrap().is_none(), "the worker survives a frozen server");
    publisher.await.unwrap();

    let tally = assert_one_outcome_each(&js, "freeze-", n, Duration::from_secs(120)).await;
    assert_eq!(tally.dead_letters, 0);
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("transient failure"), "publishes timed out while frozen and were retried");
    stop_worker(worker).await;
}

/// The output stream is an operator's (streams.provision = false): a work queue that holds at
/// most 20 events and refuses new ones when full (discard = new). Until a consumer frees space
/// every publish fails; the worker must nak with delay, not ack, not dead-letter, and finish
/// once a slow consumer (about 200 events/s) drains the stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_downstream_stream_makes_the_worker_retry_until_a_slow_consumer_frees_space() {
    let server = NatsServer::start();
    let extra = [("QUOTEWIRE__STREAMS__PROVISION", "false"), ("QUOTEWIRE__CONSUMER__MAX_DELIVER", "1000")];
    let cfg = settings(&server.url(), &extra);
    let (_c, js) = client(&server.url()).await;
    use quotewire::worker::provision;
    provision::ensure_stream(&js, provision::input_stream(&cfg)).await.unwrap();
    provision::ensure_stream(&js, provision::dead_letter_stream(&cfg)).await.unwrap();
    let capacity = 20;
    provision::ensure_stream(
        &js,
        stream::Config {
            retention: stream::RetentionPolicy::WorkQueue,
            max_messages: capacity,
            discard: stream::DiscardPolicy::New,
            max_age: Duration::ZERO,
            ..provision::output_stream(&cfg)
        },
    )
    .await
    .unwrap();
    provision::ensure_consumer(&js, "ARTICLES", provision::consumer_config(&cfg)).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let worker = spawn_worker_binary(&server.url(), &extra, &log);
    let n = 400;
    publish_until_stored(js.clone(), "articles.raw".into(), numbered_articles("full-", n), Duration::from_secs(60)).await;

    // The stream fills and stays full: the worker keeps retrying.
    wait_for(&js, "ANALYSES", capacity as u64, Duration::from_secs(60)).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&log).unwrap().contains("transient failure") {
        assert!(Instant::now() < deadline, "no publish failed on the full stream");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stream_len(&js, "ANALYSES").await, capacity as u64, "never more than the stream's limit");
    assert!(stream_len(&js, "ARTICLES").await > 0, "work waits while downstream is full");
    assert_eq!(stream_len(&js, "ARTICLES_DLQ").await, 0, "a full downstream is not a reason to dead-letter");

    // A slow consumer frees space: 10 events every 50 ms, each acked (and so removed).
    let drain = js
        .get_stream("ANALYSES")
        .await
        .unwrap()
        .create_consumer(consumer::pull::Config { durable_name: Some("slow".into()), ..Default::default() })
        .await
        .unwrap();
    let mut events: Vec<Bytes> = Vec::with_capacity(n);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut quiet_since: Option<Instant> = None;
    loop {
        assert!(Instant::now() < deadline, "drained only {} of {n} events", events.len());
        let mut batch = drain.fetch().max_messages(10).messages().await.unwrap();
        let mut got = 0;
        while let Some(m) = batch.next().await {
            let m = m.unwrap();
            m.ack().await.unwrap();
            events.push(m.payload.clone());
            got += 1;
        }
        let done = events.len() >= n && stream_len(&js, "ARTICLES").await == 0;
        if got == 0 && done {
            // One more second of nothing at all: no late duplicate is on its way.
            let since = *quiet_since.get_or_insert_with(Instant::now);
            if since.elapsed() > Duration::from_secs(1) {
                break;
            }
        } else {
            quiet_since = None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let dead = read_all(&js, "ARTICLES_DLQ").await;
    let tally = check_one_outcome_each("full-", n, &events, &dead);
    assert_eq!(tally.dead_letters, 0);
    stop_worker(worker).await;
}

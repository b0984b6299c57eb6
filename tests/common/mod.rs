//! Shared test harness: a real `nats-server -js` per test (free port, temporary storage), the
//! worker in-process (`quotewire::worker::run_with`) or as the built binary (when a test must
//! SIGKILL or SIGTERM it), and helpers to publish articles and read streams back.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer};
use bytes::Bytes;
use futures::StreamExt;
use quotewire::config::Settings;
use quotewire::worker::{Analyze, Metrics};
use tokio_util::sync::CancellationToken;

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn nats_server_bin() -> PathBuf {
    std::env::var_os("NATS_SERVER_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("nats-server"))
}

/// A nats-server with JetStream on a free loopback port; storage survives restarts.
pub struct NatsServer {
    child: Option<Child>,
    pub port: u16,
    pub dir: tempfile::TempDir,
    args: Vec<String>,
}

impl NatsServer {
    pub fn start() -> NatsServer {
        Self::start_with(&[])
    }

    /// Starts with extra command-line arguments (for example `--auth TOKEN`).
    pub fn start_with(args: &[&str]) -> NatsServer {
        let mut s = NatsServer {
            child: None,
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            args: args.iter().map(|a| a.to_string()).collect(),
        };
        s.spawn(false);
        s
    }

    fn spawn(&mut self, restart: bool) {
        // A free port can be taken by a parallel test between `free_port` and the server's
        // bind; then this server exits and the port answers for another one. Ready means our
        // own child still runs once the port accepts; otherwise start again on a new port
        // (not on a restart, which must keep the port its clients know).
        for attempt in 0..5 {
            let mut child = Command::new(nats_server_bin())
                .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string(), "-sd"])
                .arg(self.dir.path())
                .args(&self.args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("nats-server must be installed (apt-get install nats-server) or NATS_SERVER_BIN set");
            let deadline = Instant::now() + Duration::from_secs(15);
            let mut exited = false;
            while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                if child.try_wait().ok().flatten().is_some() {
                    exited = true;
                    break;
                }
                assert!(Instant::now() < deadline, "nats-server did not start on {}", self.port);
                std::thread::sleep(Duration::from_millis(25));
            }
            std::thread::sleep(Duration::from_millis(50));
            if !exited && child.try_wait().ok().flatten().is_none() {
                self.child = Some(child);
                return;
            }
            assert!(!restart || attempt < 4, "nats-server did not restart on {}", self.port);
            if !restart {
                self.port = free_port();
            } else {
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        panic!("nats-server did not start after 5 attempts");
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server (SIGTERM, so the store is flushed) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            signal(&c, "TERM");
            let deadline = Instant::now() + Duration::from_secs(10);
            while c.try_wait().ok().flatten().is_none() {
                if Instant::now() > deadline {
                    let _ = c.kill();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.wait();
        }
    }

    /// Sends a signal to the server process (`STOP` freezes it, `CONT` resumes it).
    pub fn signal(&self, sig: &str) {
        if let Some(c) = &self.child {
            signal(c, sig);
        }
    }

    /// Starts it again on the same port with the same storage.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn(true);
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Sends a signal (`TERM`, `KILL`, `INT`) to a child process.
pub fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill").arg(format!("-{sig}")).arg(child.id().to_string()).status().unwrap();
    assert!(status.success(), "kill -{sig} failed");
}

/// Settings for tests: short timers so redeliveries happen within seconds.
pub fn test_env(url: &str) -> HashMap<String, String> {
    [
        ("QUOTEWIRE__NATS__URL", url),
        ("QUOTEWIRE__HTTP__ADDR", ""),
        ("QUOTEWIRE__CONSUMER__ACK_WAIT", "3s"),
        ("QUOTEWIRE__CONSUMER__PULL_EXPIRES", "1s"),
        ("QUOTEWIRE__CONSUMER__MAX_DELIVER", "10"),
        ("QUOTEWIRE__WORKER__NAK_DELAY", "200ms"),
        ("QUOTEWIRE__WORKER__SHUTDOWN_GRACE", "10s"),
        ("QUOTEWIRE__NATS__RECONNECT_MAX_DELAY", "500ms"),
        ("QUOTEWIRE__NATS__REQUEST_TIMEOUT", "2s"),
        ("QUOTEWIRE__TELEMETRY__LOG_LEVEL", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

pub fn settings(url: &str, extra: &[(&str, &str)]) -> Settings {
    let mut env = test_env(url);
    for (k, v) in extra {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    Settings::load_from(None, Some(env)).expect("test settings")
}

/// The worker running in this process.
pub struct InProcWorker {
    pub stop: CancellationToken,
    pub metrics: Arc<Metrics>,
    handle: tokio::task::JoinHandle<Result<(), quotewire::worker::WorkerError>>,
}

impl InProcWorker {
    pub fn start(cfg: Settings) -> InProcWorker {
        Self::start_with(cfg, Arc::new(quotewire::Extractor::new()))
    }

    pub fn start_with(cfg: Settings, analyzer: Arc<dyn Analyze>) -> InProcWorker {
        let stop = CancellationToken::new();
        let metrics = Arc::new(Metrics::new());
        let handle = tokio::spawn(quotewire::worker::run_with(cfg, stop.clone(), analyzer, metrics.clone()));
        InProcWorker { stop, metrics, handle }
    }

    pub async fn shutdown(self) {
        self.stop.cancel();
        tokio::time::timeout(Duration::from_secs(30), self.handle)
            .await
            .expect("worker stops within 30s")
            .expect("worker task")
            .expect("worker result");
    }
}

/// A worker process; killed when dropped, so a failing test leaves nothing running.
pub struct WorkerProcess(Child);

impl std::ops::Deref for WorkerProcess {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for WorkerProcess {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// The built binary as a worker process, configured by environment.
pub fn spawn_worker_binary(url: &str, extra: &[(&str, &str)], log: &Path) -> WorkerProcess {
    let mut env = test_env(url);
    env.insert("QUOTEWIRE__TELEMETRY__LOG_LEVEL".into(), "info".into());
    for (k, v) in extra {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    Command::new(env!("CARGO_BIN_EXE_quotewire"))
        .arg("worker")
        .envs(env)
        .env_remove("QUOTEWIRE_CONFIG")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map(WorkerProcess)
        .unwrap()
}

pub async fn client(url: &str) -> (async_nats::Client, jetstream::Context) {
    let client = async_nats::connect(url).await.unwrap();
    let js = jetstream::new(client.clone());
    (client, js)
}

/// A contract article as bytes.
pub fn article(id: &str, body: &str) -> Bytes {
    Bytes::from(
        serde_json::to_vec(&serde_json::json!({
            "id": id,
            "published_at": "2025-04-01T12:00:00Z",
            "body": body,
        }))
        .unwrap(),
    )
}

/// A short body written for the tests.
pub fn body(n: usize) -> String {
    format!(
        "The council met on Monday for the {n}th time.\n\n\"We will finish the road by June,\" said Ana Ruiz, the mayor.\n\nRuiz said the work was going well."
    )
}

/// Publishes payloads to `subject` through JetStream, waiting for every ack; retries a
/// payload a few times when the server is away for a moment.
pub async fn publish_all(js: &jetstream::Context, subject: &str, payloads: impl IntoIterator<Item = Bytes>) {
    let mut pending = futures::stream::FuturesUnordered::new();
    for p in payloads {
        let ack = js.publish(subject.to_owned(), p).await.expect("publish");
        pending.push(std::future::IntoFuture::into_future(ack));
        if pending.len() >= 256 {
            pending.next().await.unwrap().expect("publish ack");
        }
    }
    while let Some(r) = pending.next().await {
        r.expect("publish ack");
    }
}

/// Waits until the stream exists (the worker provisions it).
pub async fn wait_stream(js: &jetstream::Context, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while js.get_stream(name).await.is_err() {
        assert!(Instant::now() < deadline, "stream {name} never appeared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Messages stored in a stream now (0 when it does not exist or the server is away).
pub async fn stream_len(js: &jetstream::Context, name: &str) -> u64 {
    match js.get_stream(name).await {
        Ok(mut s) => s.info().await.map(|i| i.state.messages).unwrap_or(0),
        Err(_) => 0,
    }
}

/// Waits until `cond(output, input)` holds on stream sizes, or panics after `timeout`.
pub async fn wait_for(js: &jetstream::Context, stream: &str, at_least: u64, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let n = stream_len(js, stream).await;
        if n >= at_least {
            return;
        }
        assert!(Instant::now() < deadline, "stream {stream} has {n} messages, expected {at_least}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the work-queue input stream is empty (everything acked or termed).
pub async fn wait_drained(js: &jetstream::Context, stream: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let n = stream_len(js, stream).await;
        if n == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "stream {stream} still holds {n} messages");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every message payload in a stream, in order.
pub async fn read_all(js: &jetstream::Context, name: &str) -> Vec<Bytes> {
    let stream = js.get_stream(name).await.unwrap();
    let n = stream.cached_info().state.messages as usize;
    if n == 0 {
        return Vec::new();
    }
    let consumer = stream
        .create_consumer(consumer::pull::OrderedConfig { ..Default::default() })
        .await
        .unwrap();
    let mut messages = consumer.messages().await.unwrap();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let m = tokio::time::timeout(Duration::from_secs(10), messages.next())
            .await
            .expect("reading the stream")
            .expect("stream ended")
            .expect("message");
        out.push(m.payload.clone());
    }
    out
}

pub fn json(b: &[u8]) -> serde_json::Value {
    serde_json::from_slice(b).expect("valid JSON")
}

/// Waits for a child process to exit; panics after `timeout` instead of hanging the test.
pub fn wait_exit(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "process did not exit within {timeout:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `n` small articles `prefix0 .. prefix{n-1}`, each with its id as the message id.
pub fn numbered_articles(prefix: &str, n: usize) -> Vec<(String, Bytes)> {
    (0..n)
        .map(|i| {
            let id = format!("{prefix}{i}");
            let payload = article(&id, &body(i));
            (id, payload)
        })
        .collect()
}

/// Publishes `(message id, payload)` pairs through JetStream until the stream has acked every
/// one, whatever happens to the server meanwhile (restarted, frozen): a publish whose ack does
/// not come is sent again with the same `Nats-Msg-Id`, so the input stream's duplicate window
/// keeps a retry from becoming a second article. Panics after `timeout`.
pub async fn publish_until_stored(js: jetstream::Context, subject: String, items: Vec<(String, Bytes)>, timeout: Duration) {
    use std::collections::VecDeque;
    let deadline = Instant::now() + timeout;
    let mut queue: VecDeque<(String, Bytes)> = items.into();
    let mut pending = futures::stream::FuturesUnordered::new();
    while !queue.is_empty() || !pending.is_empty() {
        assert!(Instant::now() < deadline, "{} articles still unpublished after {timeout:?}", queue.len() + pending.len());
        while pending.len() < 256 {
            let Some((id, payload)) = queue.pop_front() else { break };
            let msg = jetstream::message::PublishMessage::build().message_id(id.as_str()).payload(payload.clone());
            match js.send_publish(subject.clone(), msg).await {
                Ok(ack) => pending.push(async move {
                    let stored = std::future::IntoFuture::into_future(ack).await.is_ok();
                    (id, payload, stored)
                }),
                Err(_) => {
                    queue.push_front((id, payload));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    break;
                }
            }
        }
        if let Some((id, payload, stored)) = pending.next().await {
            if !stored {
                queue.push_back((id, payload));
            }
        }
    }
}

/// How each article of a run ended, counted downstream.
#[derive(Debug, Default)]
pub struct Tally {
    pub events: usize,
    pub dead_letters: usize,
}

/// Checks that each article `prefix0 .. prefix{n-1}` has exactly one outcome downstream:
/// one event (by CloudEvent `subject`) or one dead letter (by `article_id`), never both, never
/// two; no event id appears twice; nothing downstream belongs to an article not sent.
pub fn check_one_outcome_each(prefix: &str, n: usize, events: &[Bytes], dead_letters: &[Bytes]) -> Tally {
    let mut per_article: HashMap<String, Vec<&'static str>> = HashMap::new();
    let mut event_ids = std::collections::HashSet::new();
    for e in events {
        let v = json(e);
        let id = v["id"].as_str().expect("event id").to_owned();
        assert!(event_ids.insert(id.clone()), "event id {id} stored twice");
        let subject = v["subject"].as_str().expect("event subject").to_owned();
        per_article.entry(subject).or_default().push("event");
    }
    for d in dead_letters {
        let v = json(d);
        let id = v["article_id"].as_str().expect("dead letter article_id").to_owned();
        per_article.entry(id).or_default().push("dead letter");
    }
    let mut lost = Vec::new();
    for i in 0..n {
        let id = format!("{prefix}{i}");
        match per_article.remove(&id) {
            None => lost.push(id),
            Some(outcomes) => assert_eq!(outcomes.len(), 1, "article {id} ended {outcomes:?}"),
        }
    }
    assert!(lost.is_empty(), "{} articles lost, e.g. {:?}", lost.len(), &lost[..lost.len().min(5)]);
    assert!(per_article.is_empty(), "outcomes of articles never sent: {:?}", per_article.keys().take(5).collect::<Vec<_>>());
    Tally { events: events.len(), dead_letters: dead_letters.len() }
}

/// Waits (at most `timeout`) until the work-queue input stream is empty and the output plus
/// dead-letter streams hold at least `n` messages, then reads both and checks that every one of
/// the `n` articles has exactly one outcome ([`check_one_outcome_each`]).
pub async fn assert_one_outcome_each(js: &jetstream::Context, prefix: &str, n: usize, timeout: Duration) -> Tally {
    let deadline = Instant::now() + timeout;
    loop {
        let out = stream_len(js, "ANALYSES").await;
        let dlq = stream_len(js, "ARTICLES_DLQ").await;
        let input = match js.get_stream("ARTICLES").await {
            Ok(mut s) => s.info().await.map(|i| i.state.messages).unwrap_or(u64::MAX),
            Err(_) => u64::MAX,
        };
        if input == 0 && out + dlq >= n as u64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after {timeout:?}: {out} events + {dlq} dead letters for {n} articles, {input} still in the input stream"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Anything late (a redelivery's duplicate) would show up now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = read_all(js, "ANALYSES").await;
    let dead = read_all(js, "ARTICLES_DLQ").await;
    check_one_outcome_each(prefix, n, &events, &dead)
}

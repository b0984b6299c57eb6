//! `quotewire demo` and the pieces it shares with `quotewire load`: a throw-away local
//! `nats-server` ([`LocalServer`], started only when none answers on the configured URL) and the
//! demo itself (run the worker in-process, publish the example articles of
//! `examples/articles.jsonl`, print each event). For trying the service on a fresh machine;
//! the worker it runs is the production one.

use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use quotewire::config::Settings;
use quotewire::worker::{self, Metrics};

/// Example articles written for the demo (not taken from any corpus).
pub const EXAMPLE_ARTICLES: &str = include_str!("../../examples/articles.jsonl");

/// A `nats-server -js` on a free loopback port with storage in a temporary directory; killed
/// when dropped.
pub struct LocalServer {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl LocalServer {
    /// Starts `nats-server` (from `PATH`, or `NATS_SERVER_BIN`) and waits until it accepts.
    pub fn start() -> anyhow::Result<LocalServer> {
        let dir = tempfile::tempdir().context("creating a storage directory")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let bin = std::env::var_os("NATS_SERVER_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("nats-server"));
        let child = Command::new(&bin)
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} (install it: apt-get install nats-server)", bin.display()))?;
        let url = format!("nats://127.0.0.1:{port}");
        let server = LocalServer { child, url, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !reachable(&server.url) {
            if Instant::now() > deadline {
                bail!("nats-server did not start on port {port}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(server)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether something accepts TCP connections at the first server of `urls`.
pub fn reachable(urls: &str) -> bool {
    let Some(first) = urls.split(',').map(str::trim).find(|u| !u.is_empty()) else { return false };
    let hostport = first.split("://").last().unwrap_or(first);
    let hostport = hostport.rsplit('@').next().unwrap_or(hostport);
    let hostport = if hostport.contains(':') { hostport.to_owned() } else { format!("{hostport}:4222") };
    let Ok(mut addrs) = hostport.to_socket_addrs() else { return false };
    addrs.any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(500)).is_ok())
}

/// Uses the configured server when it answers, or starts a local one and points `cfg` at it.
pub fn server_for(cfg: &mut Settings) -> anyhow::Result<Option<LocalServer>> {
    if reachable(&cfg.nats.url) {
        eprintln!("using the NATS server at {}", cfg.nats.url);
        return Ok(None);
    }
    let server = LocalServer::start()?;
    eprintln!("no NATS server at {}; started a local nats-server at {}", cfg.nats.url, server.url);
    cfg.nats.url = server.url.clone();
    Ok(Some(server))
}

/// Runs the worker, publishes the example articles, prints one event per article, stops.
pub async fn run(mut cfg: Settings) -> anyhow::Result<()> {
    let _server = server_for(&mut cfg)?;
    cfg.http.addr = "127.0.0.1:0".to_owned();
    let articles: Vec<&str> = EXAMPLE_ARTICLES.lines().filter(|l| !l.trim().is_empty()).collect();

    let client = async_nats::connect(cfg.nats.url.as_str()).await.context("connecting to NATS")?;
    let mut events = client.subscribe(cfg.subjects.output.clone()).await?;
    let stop = CancellationToken::new();
    let worker = tokio::spawn(worker::run_with(cfg.clone(), stop.clone(), Arc::new(quotewire::Extractor::new()), Arc::new(Metrics::new())));

    let js = async_nats::jetstream::new(client.clone());
    // The worker creates the streams; wait for the input stream before publishing.
    let deadline = Instant::now() + Duration::from_secs(20);
    while js.get_stream(&cfg.streams.input).await.is_err() {
        if Instant::now() > deadline {
            bail!("the worker did not create stream {}", cfg.streams.input);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for line in &articles {
        let id = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned))
            .unwrap_or_default();
        let publish = async_nats::jetstream::message::PublishMessage::build()
            .message_id(format!("demo:{id}"))
            .payload(line.to_string().into());
        js.send_publish(cfg.subjects.input.clone(), publish).await?.await?;
    }
    eprintln!("published {} example articles to {}", articles.len(), cfg.subjects.input);
    let mut seen = 0;
    while seen < articles.len() {
        match tokio::time::timeout(Duration::from_secs(20), events.next()).await {
            Ok(Some(msg)) => {
                let v: serde_json::Value = serde_json::from_slice(&msg.payload)?;
                println!("{}", serde_json::to_string_pretty(&v)?);
                seen += 1;
            }
            _ => bail!("only {seen} of {} events arrived", articles.len()),
        }
    }
    eprintln!("{seen} events received on {}", cfg.subjects.output);
    stop.cancel();
    worker.await.context("worker task")??;
    Ok(())
}

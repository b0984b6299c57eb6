//! Secrets never reach the logs: the worker runs against a real nats-server with a token, with
//! a user and password (each processes an article and stops), and with credentials inside the
//! server URL, at the most verbose log level (`trace`, every crate); its whole log output must
//! contain none of the secrets. `quotewire config` (which prints the effective settings) must not show
//! them either.

mod common;

use std::time::Duration;

use common::*;

const TOKEN: &str = "tok-Zq81xVv0-never-logged";
const PASSWORD: &str = "pw-Hh27cc-never-logged";

async fn run_one_article(server: &NatsServer, url: &str, env: &[(&str, &str)], connect: async_nats::ConnectOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut env = env.to_vec();
    env.push(("QUOTEWIRE__TELEMETRY__LOG_LEVEL", "trace"));
    let mut worker = spawn_worker_binary(url, &env, &log);
    let c = connect.connect(server.url()).await.unwrap();
    let js = async_nats::jetstream::new(c);
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("secret-1", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    signal(&worker, "TERM");
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("NATS connection event"), "the log is the worker's, at a verbose level");
    logs
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [TOKEN, PASSWORD] {
        assert!(!text.contains(secret), "{what} contains a secret:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_never_logged() {
    let server = NatsServer::start_with(&["--auth", TOKEN]);
    let logs = run_one_article(
        &server,
        &server.url(),
        &[("QUOTEWIRE__NATS__TOKEN", TOKEN)],
        async_nats::ConnectOptions::with_token(TOKEN.into()),
    )
    .await;
    assert_no_secret("the worker log (token)", &logs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_is_never_logged() {
    let server = NatsServer::start_with(&["--user", "qw", "--pass", PASSWORD]);
    let logs = run_one_article(
        &server,
        &server.url(),
        &[("QUOTEWIRE__NATS__USER", "qw"), ("QUOTEWIRE__NATS__PASSWORD", PASSWORD)],
        async_nats::ConnectOptions::with_user_and_password("qw".into(), PASSWORD.into()),
    )
    .await;
    assert_no_secret("the worker log (user/password)", &logs);
}

/// Credentials inside the URL authenticate the worker, and do not leak through its log: not in
/// the URL it logs, not in the client library's own debug lines about the address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_in_the_server_url_are_never_logged() {
    let server = NatsServer::start_with(&["--user", "qw", "--pass", PASSWORD]);
    let url = format!("nats://qw:{PASSWORD}@127.0.0.1:{}", server.port);
    let logs = run_one_article(
        &server,
        &url,
        &[],
        async_nats::ConnectOptions::with_user_and_password("qw".into(), PASSWORD.into()),
    )
    .await;
    assert_no_secret("the worker log (URL with credentials)", &logs);
    assert!(logs.contains(&format!("nats://***@127.0.0.1:{}", server.port)), "the URL is logged without its credentials");
}

#[test]
fn the_config_command_does_not_print_secrets() {
    for env in [
        vec![("QUOTEWIRE__NATS__TOKEN", TOKEN)],
        vec![("QUOTEWIRE__NATS__USER", "qw"), ("QUOTEWIRE__NATS__PASSWORD", PASSWORD)],
        vec![("QUOTEWIRE__NATS__URL", "nats://qw:pw-Hh27cc-never-logged@127.0.0.1:4222")],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_quotewire"))
            .arg("config")
            .envs(env.iter().copied())
            .env_remove("QUOTEWIRE_CONFIG")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("nats"), "{stdout}");
        assert_no_secret("`quotewire config`", &stdout);
        assert_no_secret("`quotewire config` stderr", &String::from_utf8_lossy(&out.stderr));
    }
}

//! The worker as a real process against a real nats-server, when things go wrong: the worker
//! SIGKILLed mid-stream and started again, the server restarted mid-stream, SIGTERM under load.
//! Each ends with exactly one event per article.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::*;

/// Asserts the output stream holds exactly one event for each of `n` articles `prefix{i}`.
async fn assert_exactly_once(js: &async_nats::jetstream::Context, prefix: &str, n: usize) {
    wait_for(js, "ANALYSES", n as u64, Duration::from_secs(120)).await;
    wait_drained(js, "ARTICLES", Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = read_all(js, "ANALYSES").await;
    let subjects: Vec<String> = events.iter().map(|e| json(e)["subject"].as_str().unwrap().to_owned()).collect();
    let unique: HashSet<&String> = subjects.iter().collect();
    assert_eq!(subjects.len(), n, "events in the output stream");
    assert_eq!(unique.len(), n, "no article has two events");
    let expected: HashSet<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    assert_eq!(unique.into_iter().cloned().collect::<HashSet<_>>(), expected);
    assert_eq!(stream_len(js, "ARTICLES_DLQ").await, 0, "nothing dead-lettered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_killed_mid_stream_and_restarted_gives_one_event_per_article() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut first = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 3000;
    let publisher = {
        let js = js.clone();
        tokio::spawn(async move {
            publish_all(&js, "articles.raw", (0..n).map(|i| article(&format!("k-{i}"), &body(i)))).await;
        })
    };
    wait_for(&js, "ANALYSES", 300, Duration::from_secs(60)).await;
    signal(&first, "KILL");
    let status = wait_exit(&mut first, Duration::from_secs(10));
    assert!(!status.success(), "SIGKILLed");
    let at_kill = stream_len(&js, "ANALYSES").await;
    publisher.await.unwrap();
    assert!(at_kill < n as u64, "killed before the end ({at_kill} events)");

    let mut second = spawn_worker_binary(&server.url(), &[], &log);
    assert_exactly_once(&js, "k-", n).await;
    signal(&second, "TERM");
    assert!(wait_exit(&mut second, Duration::from_secs(30)).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_server_restarted_mid_stream_worker_reconnects_and_finishes() {
    let mut server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 2000;
    let half = n / 2;
    publish_all(&js, "articles.raw", (0..half).map(|i| article(&format!("r-{i}"), &body(i)))).await;
    wait_for(&js, "ANALYSES", 100, Duration::from_secs(60)).await;
    server.restart();
    // The test's own client reconnects too; wait until JetStream answers again.
    let deadline = Instant::now() + Duration::from_secs(30);
    while js.get_stream("ARTICLES").await.is_err() {
        assert!(Instant::now() < deadline, "JetStream back after restart");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    publish_all(&js, "articles.raw", (half..n).map(|i| article(&format!("r-{i}"), &body(i)))).await;
    assert_exactly_once(&js, "r-", n).await;
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("disconnected"), "the worker saw the server go");
    signal(&worker, "TERM");
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_finishes_in_flight_exits_zero_and_the_next_worker_does_the_rest() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    let mut first = spawn_worker_binary(&server.url(), &[], &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;

    let n = 3000;
    let publisher = {
        let js = js.clone();
        tokio::spawn(async move {
            publish_all(&js, "articles.raw", (0..n).map(|i| article(&format!("t-{i}"), &body(i)))).await;
        })
    };
    wait_for(&js, "ANALYSES", 300, Duration::from_secs(60)).await;
    let sent = Instant::now();
    signal(&first, "TERM");
    let status = wait_exit(&mut first, Duration::from_secs(30));
    assert!(status.success(), "exit 0 after SIGTERM, got {status:?}");
    let took = sent.elapsed();
    publisher.await.unwrap();
    let at_exit = stream_len(&js, "ANALYSES").await;
    assert!(at_exit < n as u64, "stopped before the end ({at_exit} events)");
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("stopped pulling"), "{logs}");
    assert!(logs.contains("worker stopped"), "{logs}");
    assert!(!logs.contains("grace period over"), "in-flight work finished within the grace period");
    assert!(took < Duration::from_secs(15), "drained promptly ({took:?})");

    let mut second = spawn_worker_binary(&server.url(), &[], &log);
    assert_exactly_once(&js, "t-", n).await;
    signal(&second, "TERM");
    assert!(wait_exit(&mut second, Duration::from_secs(30)).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_exits_at_once_while_draining() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("worker.log");
    // Long timeouts so a drain against a frozen server would take a long time.
    let slow = [("QUOTEWIRE__NATS__REQUEST_TIMEOUT", "30s"), ("QUOTEWIRE__WORKER__SHUTDOWN_GRACE", "30s")];
    let mut worker = spawn_worker_binary(&server.url(), &slow, &log);
    let (_c, js) = client(&server.url()).await;
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", (0..2000).map(|i| article(&format!("s-{i}"), &body(i)))).await;
    wait_for(&js, "ANALYSES", 50, Duration::from_secs(60)).await;
    // Freeze the server: in-flight publishes now wait for acks that do not come.
    server.signal("STOP");
    signal(&worker, "TERM");
    std::thread::sleep(Duration::from_millis(700));
    let still_draining = worker.try_wait().unwrap().is_none();
    eprintln!("still draining after the first signal: {still_draining}");
    signal(&worker, "TERM");
    let t = Instant::now();
    let status = wait_exit(&mut worker, Duration::from_secs(5));
    server.signal("CONT");
    if still_draining {
        assert!(!status.success(), "the second signal exits at once, non-zero: {status:?}");
        assert!(t.elapsed() < Duration::from_secs(3));
    } else {
        // Nothing was in flight when the server froze: the first signal already ended it.
        assert!(status.success());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_with_token_and_user_password_auth() {
    for (args, env) in [
        (vec!["--auth", "s3cret-token"], vec![("QUOTEWIRE__NATS__TOKEN", "s3cret-token")]),
        (vec!["--user", "qw", "--pass", "pw-123"], vec![("QUOTEWIRE__NATS__USER", "qw"), ("QUOTEWIRE__NATS__PASSWORD", "pw-123")]),
    ] {
        let server = NatsServer::start_with(&args);
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("worker.log");
        let mut worker = spawn_worker_binary(&server.url(), &env, &log);
        let opts = match env.as_slice() {
            [(_, token)] => async_nats::ConnectOptions::with_token(token.to_string()),
            _ => async_nats::ConnectOptions::with_user_and_password("qw".into(), "pw-123".into()),
        };
        let c = opts.connect(server.url()).await.unwrap();
        let js = async_nats::jetstream::new(c);
        wait_stream(&js, "ARTICLES").await;
        publish_all(&js, "articles.raw", [article("auth-1", &body(1))]).await;
        wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
        signal(&worker, "TERM");
        assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_with_an_nkey_seed() {
    let user = nkeys::KeyPair::new_user();
    let seed = user.seed().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nats.conf");
    std::fs::write(&conf, format!("authorization {{ users = [ {{ nkey: {} }} ] }}\n", user.public_key())).unwrap();
    let server = NatsServer::start_with(&["-c", conf.to_str().unwrap()]);
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(&server.url(), &[("QUOTEWIRE__NATS__NKEY_SEED", &seed)], &log);
    let c = async_nats::ConnectOptions::with_nkey(seed.clone()).connect(server.url()).await.unwrap();
    let js = async_nats::jetstream::new(c);
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("nkey-1", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    signal(&worker, "TERM");
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success());
}

/// A JWT as nats-server reads it: header and claims in unpadded base64url, signed by `issuer`.
fn sign_jwt(issuer: &nkeys::KeyPair, claims: serde_json::Value) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let head = b64.encode(br#"{"typ":"JWT","alg":"ed25519-nkey"}"#);
    let body = b64.encode(serde_json::to_vec(&claims).unwrap());
    let signed = format!("{head}.{body}");
    let sig = issuer.sign(signed.as_bytes()).unwrap();
    format!("{signed}.{}", b64.encode(sig))
}

/// Operator mode (decentralised JWT auth): an operator, an account with JetStream, a user, and
/// the user's `.creds` file, the way `nsc` lays them out. The server trusts the operator and
/// preloads the account; the worker connects with nothing but `nats.creds_file`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_with_a_creds_file_in_operator_mode() {
    let (op, acc, user) = (
        nkeys::KeyPair::new_operator(),
        nkeys::KeyPair::new_account(),
        nkeys::KeyPair::new_user(),
    );
    // JetStream in operator mode needs a system account.
    let sys = nkeys::KeyPair::new_account();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = |iss: &nkeys::KeyPair,
                  sub: &nkeys::KeyPair,
                  name: &str,
                  nats: serde_json::Value| {
        serde_json::json!({"jti": format!("{name}{now}"), "iat": now, "iss": iss.public_key(), "name": name, "sub": sub.public_key(), "nats": nats})
    };
    let op_jwt = sign_jwt(
        &op,
        claims(
            &op,
            &op,
            "qw-operator",
            serde_json::json!({"type": "operator", "version": 2}),
        ),
    );
    let unlimited = serde_json::json!({
        "subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1, "wildcards": true, "conn": -1, "leaf": -1,
        "mem_storage": -1, "disk_storage": -1, "streams": -1, "consumer": -1, "max_ack_pending": -1
    });
    let acc_jwt = sign_jwt(
        &op,
        claims(
            &op,
            &acc,
            "qw-account",
            serde_json::json!({"limits": unlimited, "default_permissions": {"pub": {}, "sub": {}}, "type": "account", "version": 2}),
        ),
    );
    let sys_jwt = sign_jwt(
        &op,
        claims(
            &op,
            &sys,
            "SYS",
            serde_json::json!({"limits": {"subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1, "wildcards": true, "conn": -1, "leaf": -1}, "type": "account", "version": 2}),
        ),
    );
    let user_jwt = sign_jwt(
        &acc,
        claims(
            &acc,
            &user,
            "qw-user",
            serde_json::json!({"pub": {}, "sub": {}, "subs": -1, "data": -1, "payload": -1, "type": "user", "version": 2}),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nats.conf");
    std::fs::write(
        &conf,
        format!(
            "operator: {op_jwt}\nsystem_account: {sys_pk}\nresolver: MEMORY\nresolver_preload: {{ {sys_pk}: {sys_jwt}, {}: {acc_jwt} }}\n",
            acc.public_key(),
            sys_pk = sys.public_key()
        ),
    )
    .unwrap();
    let creds = dir.path().join("worker.creds");
    std::fs::write(
        &creds,
        format!(
            "-----BEGIN NATS USER JWT-----\n{user_jwt}\n------END NATS USER JWT------\n\n\
             -----BEGIN USER NKEY SEED-----\n{}\n------END USER NKEY SEED------\n",
            user.seed().unwrap()
        ),
    )
    .unwrap();
    let server = NatsServer::start_with(&["-c", conf.to_str().unwrap()]);
    // Without credentials the server turns a client away: the test is not vacuous.
    assert!(
        async_nats::connect(server.url()).await.is_err(),
        "operator mode must refuse anonymous clients"
    );
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(
        &server.url(),
        &[("QUOTEWIRE__NATS__CREDS_FILE", creds.to_str().unwrap())],
        &log,
    );
    let c = async_nats::ConnectOptions::with_credentials_file(creds.clone())
        .await
        .unwrap()
        .connect(server.url())
        .await
        .unwrap();
    let js = async_nats::jetstream::new(c);
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("creds-1", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    signal(&worker, "TERM");
    assert!(
        wait_exit(&mut worker, Duration::from_secs(30)).success(),
        "{}",
        std::fs::read_to_string(&log).unwrap()
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        !logged.contains(&user.seed().unwrap()),
        "the seed must never be logged"
    );
}

/// Makes a CA and a server certificate for 127.0.0.1 with the openssl command.
fn make_certs(dir: &std::path::Path) -> bool {
    let run = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n").unwrap();
    run(&["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=quotewire test CA"])
        && run(&["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        && run(&["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_over_tls_with_a_custom_ca() {
    let dir = tempfile::tempdir().unwrap();
    if !make_certs(dir.path()) {
        eprintln!("note: openssl is not available; skipping the TLS test");
        return;
    }
    let cert = dir.path().join("server.pem");
    let key = dir.path().join("server.key");
    let ca = dir.path().join("ca.pem");
    let server = NatsServer::start_with(&["--tls", "--tlscert", cert.to_str().unwrap(), "--tlskey", key.to_str().unwrap()]);
    let log = dir.path().join("worker.log");
    let mut worker = spawn_worker_binary(
        &server.url(),
        &[("QUOTEWIRE__NATS__TLS_CA", ca.to_str().unwrap()), ("QUOTEWIRE__NATS__REQUIRE_TLS", "true")],
        &log,
    );
    let c = async_nats::ConnectOptions::new()
        .add_root_certificates(ca.clone())
        .require_tls(true)
        .connect(server.url())
        .await
        .unwrap();
    let js = async_nats::jetstream::new(c);
    wait_stream(&js, "ARTICLES").await;
    publish_all(&js, "articles.raw", [article("tls-1", &body(1))]).await;
    wait_for(&js, "ANALYSES", 1, Duration::from_secs(30)).await;
    signal(&worker, "TERM");
    assert!(wait_exit(&mut worker, Duration::from_secs(30)).success(), "{}", std::fs::read_to_string(&log).unwrap());
}

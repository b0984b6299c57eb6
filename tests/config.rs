//! Configuration layering and validation, in the library and through the binary:
//! defaults → file (`--config` or `QUOTEWIRE_CONFIG`) → `QUOTEWIRE__SECTION__KEY` environment,
//! and a bad value stops the process with a message naming the key.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use quotewire::config::Settings;

fn write_file(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
    let path = dir.path().join("quotewire.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const FILE: &str = r#"
[nats]
url = "nats://from-file:4222"

[worker]
max_in_flight = 7

[consumer]
ack_wait = "45s"
"#;

#[test]
fn environment_overrides_the_file_which_overrides_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, FILE);
    let env: HashMap<String, String> = [
        ("QUOTEWIRE__NATS__URL", "nats://from-env:4333"),
        ("QUOTEWIRE__HTTP__ADDR", "127.0.0.1:19464"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let s = Settings::load_from(Some(&path), Some(env)).unwrap();
    assert_eq!(s.nats.url, "nats://from-env:4333", "environment wins over the file");
    assert_eq!(s.http.addr, "127.0.0.1:19464");
    assert_eq!(s.worker.max_in_flight, 7, "the file wins over the defaults");
    assert_eq!(s.consumer.ack_wait, Duration::from_secs(45));
    assert_eq!(s.subjects.input, "articles.raw", "defaults fill the rest");
}

fn quotewire(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotewire"));
    cmd.args(args).env_remove("QUOTEWIRE_CONFIG");
    for (k, _) in std::env::vars() {
        if k.starts_with("QUOTEWIRE__") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.output().unwrap()
}

#[test]
fn the_binary_reads_quotewire_config_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, FILE);
    let out = quotewire(
        &["config"],
        &[("QUOTEWIRE_CONFIG", path.to_str().unwrap()), ("QUOTEWIRE__NATS__URL", "nats://from-env:4333")],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("\"nats://from-env:4333\""), "{stdout}");
    assert!(stdout.contains("max_in_flight: 7"), "{stdout}");
    let out = quotewire(&["--config", path.to_str().unwrap(), "config"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"nats://from-file:4222\""));
}

#[test]
fn a_bad_value_stops_the_worker_with_a_message_naming_the_key() {
    let cases: &[(&str, &str, &str)] = &[
        ("QUOTEWIRE__WORKER__MAX_IN_FLIGHT", "many", "worker.max_in_flight"),
        ("QUOTEWIRE__HTTP__ADDR", "not-an-address", "http.addr"),
        ("QUOTEWIRE__CONSUMER__ACK_WAIT", "forever", "consumer.ack_wait"),
        ("QUOTEWIRE__CONSUMER__MAX_DELIVER", "0", "consumer.max_deliver"),
        ("QUOTEWIRE__NATS__URL", "", "nats.url"),
        ("QUOTEWIRE__STREAMS__DUPLICATE_WINDOW", "10s", "streams.duplicate_window"),
    ];
    for (key, value, named) in cases {
        let out = quotewire(&["worker"], &[(key, value)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{key}={value} must fail");
        assert!(stderr.contains(named), "{key}={value}: message must name {named}: {stderr}");
    }
}

#[test]
fn a_bad_value_in_the_file_and_a_missing_file_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "[consumer]\nack_wait = \"eventually\"\n");
    let out = quotewire(&["--config", path.to_str().unwrap(), "worker"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("consumer.ack_wait"));
    let out = quotewire(&["--config", "/nonexistent/quotewire.toml", "worker"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/quotewire.toml"));
}

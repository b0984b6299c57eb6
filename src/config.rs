//! The service configuration: one [`Settings`] value built from layers, later wins:
//! the compiled-in `config/default.toml` → a file given with `--config FILE` or `QUOTEWIRE_CONFIG`
//! → environment variables `QUOTEWIRE__SECTION__KEY` (`QUOTEWIRE__NATS__URL`,
//! `QUOTEWIRE__HTTP__ADDR`, `QUOTEWIRE__CONSUMER__ACK_WAIT=45s`, lists comma-separated).
//!
//! [`Settings::load`] also validates: a bad value fails with a [`ConfigError`] that names the key.
//! This module only reads and checks settings; it does not connect to anything.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::telemetry::TelemetryConfig;
use crate::worker::connect::redact_url;

/// The defaults, also the documented reference of every key.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Prefix of the environment variables (`QUOTEWIRE__NATS__URL`).
pub const ENV_PREFIX: &str = "QUOTEWIRE";
/// Environment variable naming a config file, when `--config` is not given.
pub const ENV_CONFIG_FILE: &str = "QUOTEWIRE_CONFIG";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(String),
    #[error("configuration key `{key}`: {reason}")]
    Invalid { key: &'static str, reason: String },
}

fn invalid(key: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { key, reason: reason.into() }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub nats: NatsConfig,
    pub subjects: SubjectsConfig,
    pub streams: StreamsConfig,
    pub consumer: ConsumerConfig,
    pub worker: WorkerConfig,
    pub http: HttpConfig,
    pub service: ServiceConfig,
    #[serde(default)]
    pub telemetry: TelemetryConfig,
}

/// `Debug` (printed by `quotewire config`) hides the secrets: password, token, NKey seed and
/// credentials in the URL.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatsConfig {
    pub url: String,
    pub name: String,
    pub user: String,
    pub password: String,
    pub token: String,
    pub nkey_seed: String,
    pub creds_file: String,
    pub tls_ca: String,
    pub require_tls: bool,
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
    #[serde(with = "humantime_serde")]
    pub request_timeout: Duration,
    #[serde(with = "humantime_serde")]
    pub reconnect_max_delay: Duration,
}

impl std::fmt::Debug for NatsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hide = |s: &str| if s.is_empty() { "" } else { "***" };
        f.debug_struct("NatsConfig")
            .field("url", &redact_url(&self.url))
            .field("name", &self.name)
            .field("user", &self.user)
            .field("password", &hide(&self.password))
            .field("token", &hide(&self.token))
            .field("nkey_seed", &hide(&self.nkey_seed))
            .field("creds_file", &self.creds_file)
            .field("tls_ca", &self.tls_ca)
            .field("require_tls", &self.require_tls)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("reconnect_max_delay", &self.reconnect_max_delay)
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectsConfig {
    pub input: String,
    pub output: String,
    pub dead_letter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Storage {
    File,
    Memory,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamsConfig {
    pub provision: bool,
    pub input: String,
    pub output: String,
    pub dead_letter: String,
    #[serde(with = "humantime_serde")]
    pub duplicate_window: Duration,
    #[serde(with = "humantime_serde")]
    pub output_max_age: Duration,
    #[serde(with = "humantime_serde")]
    pub dead_letter_max_age: Duration,
    pub storage: Storage,
    pub replicas: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerConfig {
    pub durable: String,
    #[serde(with = "humantime_serde")]
    pub ack_wait: Duration,
    pub max_deliver: i64,
    #[serde(deserialize_with = "durations")]
    pub backoff: Vec<Duration>,
    pub max_ack_pending: i64,
    #[serde(with = "humantime_serde")]
    pub pull_expires: Duration,
}

impl ConsumerConfig {
    /// The time the server gives the first delivery before redelivering: `backoff[0]` when a
    /// backoff is set (the server then ignores `ack_wait`), else `ack_wait`.
    pub fn first_ack_wait(&self) -> Duration {
        self.backoff.first().copied().unwrap_or(self.ack_wait)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerConfig {
    pub max_in_flight: usize,
    pub extract_threads: usize,
    pub max_article_bytes: usize,
    #[serde(with = "humantime_serde")]
    pub nak_delay: Duration,
    #[serde(with = "humantime_serde")]
    pub progress_interval: Duration,
    /// Defaulted in code too, so a config file written before this key existed still loads.
    #[serde(with = "humantime_serde", default = "default_max_processing")]
    pub max_processing: Duration,
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
    pub dead_letter_payload_max: usize,
    pub event_source: String,
    pub event_dataschema: String,
    /// Benchmark tool, not for production: skip the extraction and publish a minimal event (empty
    /// analysis) through the same consumer and publisher path, to measure what NATS allows.
    #[serde(default)]
    pub transport_only: bool,
    /// Benchmark tool, with `transport_only`: publish the real analysis of each distinct input,
    /// extracted once and replayed for every later article with the same input
    /// ([`crate::worker::replay`]), so events are as large as real ones.
    #[serde(default)]
    pub transport_replay: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// `host:port`; empty disables the listener.
    pub addr: String,
}

impl HttpConfig {
    pub fn socket_addr(&self) -> Option<SocketAddr> {
        self.addr.parse().ok()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub enabled: bool,
    pub name: String,
    pub subject: String,
    pub queue_group: String,
}

impl WorkerConfig {
    /// Extraction threads actually used (`extract_threads`, or the number of cores when 0).
    pub fn threads(&self) -> usize {
        if self.extract_threads > 0 {
            self.extract_threads
        } else {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        }
    }
}

impl Settings {
    /// Loads every layer from the process: `file` (or `QUOTEWIRE_CONFIG`), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let file = file.map(Path::to_path_buf).or_else(|| {
            std::env::var_os(ENV_CONFIG_FILE).filter(|v| !v.is_empty()).map(PathBuf::from)
        });
        Self::load_from(file.as_deref(), None)
    }

    /// Loads the layers with an explicit environment (`None`: the process environment).
    pub fn load_from(file: Option<&Path>, env: Option<HashMap<String, String>>) -> Result<Settings, ConfigError> {
        use config::{Environment, File, FileFormat};
        let mut builder =
            config::Config::builder().add_source(File::from_str(DEFAULT_TOML, FileFormat::Toml));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::Load(format!("config file {} not found", path.display())));
            }
            builder = builder.add_source(File::from(path).format(FileFormat::Toml).required(true));
        }
        let env_source = Environment::with_prefix(ENV_PREFIX)
            .prefix_separator("__")
            .separator("__")
            .list_separator(",")
            .with_list_parse_key("consumer.backoff")
            .try_parsing(true)
            .source(env);
        builder = builder.add_source(env_source);
        let raw = builder.build().map_err(|e| ConfigError::Load(e.to_string()))?;
        let settings: Settings = raw.try_deserialize().map_err(|e| ConfigError::Load(e.to_string()))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks values that parse but make no sense; the error names the key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let n = &self.nats;
        if n.url.split(',').all(|u| u.trim().is_empty()) {
            return Err(invalid("nats.url", "no server URL given"));
        }
        for u in n.url.split(',').map(str::trim).filter(|u| !u.is_empty()) {
            if u.parse::<async_nats::ServerAddr>().is_err() {
                return Err(invalid("nats.url", format!("{u:?} is not a NATS server URL")));
            }
        }
        let auth_kinds = [
            !n.user.is_empty() || !n.password.is_empty(),
            !n.token.is_empty(),
            !n.nkey_seed.is_empty(),
            !n.creds_file.is_empty(),
        ];
        if auth_kinds.iter().filter(|b| **b).count() > 1 {
            return Err(invalid("nats", "set at most one of user/password, token, nkey_seed, creds_file"));
        }
        if n.user.is_empty() != n.password.is_empty() {
            return Err(invalid("nats.password", "user and password go together"));
        }
        if !n.creds_file.is_empty() && !Path::new(&n.creds_file).is_file() {
            return Err(invalid("nats.creds_file", format!("{} is not a readable file", n.creds_file)));
        }
        if !n.tls_ca.is_empty() && !Path::new(&n.tls_ca).is_file() {
            return Err(invalid("nats.tls_ca", format!("{} is not a readable file", n.tls_ca)));
        }
        nonzero("nats.connect_timeout", n.connect_timeout)?;
        nonzero("nats.request_timeout", n.request_timeout)?;
        nonzero("nats.reconnect_max_delay", n.reconnect_max_delay)?;

        for (key, subject) in [
            ("subjects.input", &self.subjects.input),
            ("subjects.output", &self.subjects.output),
            ("subjects.dead_letter", &self.subjects.dead_letter),
        ] {
            if subject.is_empty() || subject.contains(char::is_whitespace) || subject.contains(['*', '>']) {
                return Err(invalid(key, format!("{subject:?} is not a literal NATS subject")));
            }
        }
        let s = &self.subjects;
        if s.input == s.output || s.input == s.dead_letter || s.output == s.dead_letter {
            return Err(invalid("subjects", "input, output and dead_letter must be different subjects"));
        }
        for (key, name) in [
            ("streams.input", &self.streams.input),
            ("streams.output", &self.streams.output),
            ("streams.dead_letter", &self.streams.dead_letter),
            ("consumer.durable", &self.consumer.durable),
        ] {
            if name.is_empty() || name.contains(|c: char| c.is_whitespace() || ".*>/\\".contains(c)) {
                return Err(invalid(key, format!("{name:?} is not a valid JetStream name")));
            }
        }
        if self.streams.duplicate_window < Duration::from_secs(120) {
            return Err(invalid("streams.duplicate_window", "must be at least 2m so redeliveries never yield a second event"));
        }
        if !(1..=5).contains(&self.streams.replicas) {
            return Err(invalid("streams.replicas", "must be between 1 and 5"));
        }
        let c = &self.consumer;
        if c.ack_wait < Duration::from_secs(1) {
            return Err(invalid("consumer.ack_wait", "must be at least 1s"));
        }
        if c.max_deliver < 1 {
            return Err(invalid("consumer.max_deliver", "must be at least 1"));
        }
        if !c.backoff.is_empty() && c.backoff.len() as i64 >= c.max_deliver {
            return Err(invalid("consumer.backoff", "must have fewer entries than consumer.max_deliver"));
        }
        if c.backoff.iter().any(|d| *d < Duration::from_secs(1)) {
            return Err(invalid("consumer.backoff", "every entry must be at least 1s"));
        }
        if c.max_ack_pending < 1 {
            return Err(invalid("consumer.max_ack_pending", "must be at least 1"));
        }
        if c.pull_expires < Duration::from_millis(100) || c.pull_expires >= c.first_ack_wait() {
            return Err(invalid("consumer.pull_expires", "must be at least 100ms and shorter than the ack wait"));
        }
        let w = &self.worker;
        if w.max_in_flight == 0 {
            return Err(invalid("worker.max_in_flight", "must be at least 1"));
        }
        if w.max_in_flight as i64 > c.max_ack_pending {
            return Err(invalid("worker.max_in_flight", "must not exceed consumer.max_ack_pending"));
        }
        if w.extract_threads > 1024 {
            return Err(invalid("worker.extract_threads", "must be at most 1024 (0 = one per core)"));
        }
        if w.transport_replay && !w.transport_only {
            return Err(invalid("worker.transport_replay", "needs worker.transport_only = true (both are benchmark tools)"));
        }
        if w.max_article_bytes < 64 {
            return Err(invalid("worker.max_article_bytes", "must be at least 64"));
        }
        if !w.progress_interval.is_zero() && w.progress_interval >= c.first_ack_wait() {
            return Err(invalid("worker.progress_interval", "must be shorter than the ack wait (0s = ack_wait / 3)"));
        }
        nonzero("worker.max_processing", w.max_processing)?;
        if w.event_source.is_empty() {
            return Err(invalid("worker.event_source", "must not be empty (CloudEvents `source`)"));
        }
        if !self.http.addr.is_empty() && self.http.socket_addr().is_none() {
            return Err(invalid("http.addr", format!("{:?} is not host:port (for example 127.0.0.1:9464)", self.http.addr)));
        }
        if self.service.enabled && (self.service.subject.is_empty() || self.service.subject.contains(char::is_whitespace)) {
            return Err(invalid("service.subject", "must be a NATS subject"));
        }
        Ok(())
    }

    /// How often a message still being worked on gets a progress ack.
    pub fn progress_interval(&self) -> Duration {
        if self.worker.progress_interval.is_zero() {
            self.consumer.first_ack_wait() / 3
        } else {
            self.worker.progress_interval
        }
    }
}

fn default_max_processing() -> Duration {
    Duration::from_secs(300)
}

/// A list of humantime durations (`["1s", "30s"]`).
fn durations<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
    let v: Vec<humantime_serde::Serde<Duration>> = Deserialize::deserialize(d)?;
    Ok(v.into_iter().map(humantime_serde::Serde::into_inner).collect())
}

fn nonzero(key: &'static str, d: Duration) -> Result<(), ConfigError> {
    if d.is_zero() {
        Err(invalid(key, "must be greater than 0"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<HashMap<String, String>> {
        Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn defaults_load_and_validate() {
        let s = Settings::load_from(None, env(&[])).unwrap();
        assert_eq!(s.subjects.input, "articles.raw");
        assert_eq!(s.streams.input, "ARTICLES");
        assert_eq!(s.consumer.durable, "quotewire");
        assert_eq!(s.consumer.ack_wait, Duration::from_secs(30));
        assert_eq!(s.streams.duplicate_window, Duration::from_secs(120));
    }

    #[test]
    fn environment_sets_the_two_fixed_names_and_lists() {
        let s = Settings::load_from(
            None,
            env(&[
                ("QUOTEWIRE__NATS__URL", "nats://10.1.2.3:4333"),
                ("QUOTEWIRE__HTTP__ADDR", "0.0.0.0:9999"),
                ("QUOTEWIRE__CONSUMER__BACKOFF", "40s,1m"),
                ("QUOTEWIRE__CONSUMER__ACK_WAIT", "45s"),
            ]),
        )
        .unwrap();
        assert_eq!(s.nats.url, "nats://10.1.2.3:4333");
        assert_eq!(s.http.addr, "0.0.0.0:9999");
        assert_eq!(s.consumer.backoff, vec![Duration::from_secs(40), Duration::from_secs(60)]);
        assert_eq!(s.consumer.first_ack_wait(), Duration::from_secs(40));
    }

    #[test]
    fn bad_values_name_their_key() {
        let err = Settings::load_from(None, env(&[("QUOTEWIRE__WORKER__MAX_IN_FLIGHT", "lots")])).unwrap_err();
        assert!(err.to_string().contains("worker.max_in_flight"), "{err}");
        let err = Settings::load_from(None, env(&[("QUOTEWIRE__HTTP__ADDR", "nowhere")])).unwrap_err();
        assert!(err.to_string().contains("http.addr"), "{err}");
        let err = Settings::load_from(None, env(&[("QUOTEWIRE__STREAMS__DUPLICATE_WINDOW", "30s")])).unwrap_err();
        assert!(err.to_string().contains("streams.duplicate_window"), "{err}");
        let err = Settings::load_from(None, env(&[("QUOTEWIRE__CONSUMER__ACK_WAIT", "soon")])).unwrap_err();
        assert!(err.to_string().contains("consumer.ack_wait"), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = Settings::load_from(None, env(&[("QUOTEWIRE__WORKER__MAX_INFLIGHT", "3")])).unwrap_err();
        assert!(err.to_string().contains("max_inflight"), "{err}");
    }
}

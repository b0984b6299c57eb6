//! Opening the NATS connection from [`NatsConfig`]: server list, authentication (user/password,
//! token, NKey seed or `.creds` file), TLS with a custom CA, reconnecting forever with capped
//! exponential backoff. Connection events are logged, counted in [`Metrics`] and reflected in
//! [`Health`]. It does not touch JetStream.

use std::sync::Arc;
use std::time::Duration;

use crate::config::NatsConfig;
use crate::worker::metrics::{Health, Metrics};

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("nats.creds_file: reading {path}: {source}")]
    Creds { path: String, source: std::io::Error },
    #[error("connecting to NATS at {url}: {source}")]
    Connect { url: String, source: async_nats::ConnectError },
}

/// Connects; with `retry_initial` the first connection is retried forever too (a worker that
/// starts before its server), otherwise an unreachable server is an error at once.
pub async fn connect(
    cfg: &NatsConfig,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    retry_initial: bool,
) -> Result<async_nats::Client, ConnectError> {
    let mut opts = async_nats::ConnectOptions::new()
        .name(&cfg.name)
        .connection_timeout(cfg.connect_timeout)
        .request_timeout(Some(cfg.request_timeout))
        .max_reconnects(None)
        .require_tls(cfg.require_tls);
    let cap = cfg.reconnect_max_delay;
    opts = opts.reconnect_delay_callback(move |attempts| reconnect_delay(attempts, cap));
    if !cfg.user.is_empty() {
        opts = opts.user_and_password(cfg.user.clone(), cfg.password.clone());
    }
    if !cfg.token.is_empty() {
        opts = opts.token(cfg.token.clone());
    }
    if !cfg.nkey_seed.is_empty() {
        opts = opts.nkey(cfg.nkey_seed.clone());
    }
    if !cfg.creds_file.is_empty() {
        opts = opts
            .credentials_file(&cfg.creds_file)
            .await
            .map_err(|source| ConnectError::Creds { path: cfg.creds_file.clone(), source })?;
    }
    if !cfg.tls_ca.is_empty() {
        opts = opts.add_root_certificates(cfg.tls_ca.clone().into());
    }
    if retry_initial {
        opts = opts.retry_on_initial_connect();
    }
    let ev_metrics = metrics.clone();
    let ev_health = health.clone();
    opts = opts.event_callback(move |event| {
        let metrics = ev_metrics.clone();
        let health = ev_health.clone();
        async move {
            use async_nats::Event;
            let name = match &event {
                Event::Connected => "connected",
                Event::Disconnected => "disconnected",
                Event::LameDuckMode => "lame_duck",
                Event::Draining => "draining",
                Event::Closed => "closed",
                Event::SlowConsumer(_) => "slow_consumer",
                Event::ServerError(_) => "server_error",
                Event::ClientError(_) => "client_error",
            };
            match event {
                Event::Connected => {
                    health.set_connected(true);
                    tracing::info!(event = name, "NATS connection event");
                }
                Event::Disconnected => {
                    health.set_connected(false);
                    tracing::warn!(event = name, "NATS connection event");
                }
                Event::Closed | Event::Draining => {
                    health.set_connected(false);
                    tracing::info!(event = name, "NATS connection event");
                }
                other => tracing::warn!(event = name, detail = %other, "NATS connection event"),
            }
            metrics.connection_event(name);
        }
    });
    // Credentials inside a URL are taken out of it and given as options: the client logs the
    // addresses it connects to (with the password, at debug level) and does not authenticate
    // with them itself.
    let mut url_auth = None;
    let mut urls: Vec<async_nats::ServerAddr> = Vec::new();
    for u in cfg.url.split(',').map(str::trim).filter(|u| !u.is_empty()) {
        let (bare, auth) = split_credentials(u);
        url_auth = url_auth.or(auth);
        if let Ok(addr) = bare.parse() {
            urls.push(addr);
        }
    }
    let configured = !cfg.user.is_empty() || !cfg.token.is_empty() || !cfg.nkey_seed.is_empty() || !cfg.creds_file.is_empty();
    match url_auth {
        Some((user, Some(password))) if !configured => opts = opts.user_and_password(user, password),
        Some((token, None)) if !configured => opts = opts.token(token),
        _ => {}
    }
    let client = opts
        .connect(urls)
        .await
        .map_err(|source| ConnectError::Connect { url: redact_url(&cfg.url), source })?;
    if client.connection_state() == async_nats::connection::State::Connected {
        health.set_connected(true);
    }
    Ok(client)
}

/// The server URL list with any credentials (`user:password@`, `token@`) replaced by `***`,
/// for logs and error messages.
pub fn redact_url(urls: &str) -> String {
    urls.split(',')
        .map(|u| {
            let (scheme, rest) = match u.find("://") {
                Some(i) => u.split_at(i + 3),
                None => ("", u),
            };
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}***{}", &rest[at..]),
                None => u.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One server URL without its `user:password@` or `token@`, and those credentials.
pub fn split_credentials(url: &str) -> (String, Option<(String, Option<String>)>) {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let creds = match userinfo.split_once(':') {
                Some((user, password)) => (user.to_owned(), Some(password.to_owned())),
                None => (userinfo.to_owned(), None),
            };
            (format!("{scheme}{}", &rest[at + 1..]), Some(creds))
        }
        None => (url.to_owned(), None),
    }
}

/// 0 → 0 ms, then 100 ms doubling per attempt up to `cap`.
pub fn reconnect_delay(attempts: usize, cap: Duration) -> Duration {
    if attempts <= 1 {
        return Duration::ZERO;
    }
    let exp = (attempts - 2).min(16) as u32;
    Duration::from_millis(100u64.saturating_mul(1u64 << exp)).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_redacted() {
        assert_eq!(redact_url("nats://qw:pw@127.0.0.1:4222"), "nats://***@127.0.0.1:4222");
        assert_eq!(redact_url("tls://tok@a:1, nats://b:2"), "tls://***@a:1, nats://b:2");
        assert_eq!(redact_url("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
        assert_eq!(redact_url("u:p@host:4222"), "***@host:4222");
    }

    #[test]
    fn credentials_are_split_from_urls() {
        assert_eq!(
            split_credentials("nats://qw:pw@127.0.0.1:4222"),
            ("nats://127.0.0.1:4222".to_owned(), Some(("qw".to_owned(), Some("pw".to_owned()))))
        );
        assert_eq!(split_credentials("tls://tok@a:1"), ("tls://a:1".to_owned(), Some(("tok".to_owned(), None))));
        assert_eq!(split_credentials("nats://a:1"), ("nats://a:1".to_owned(), None));
    }

    #[test]
    fn reconnect_delay_doubles_up_to_the_cap() {
        let cap = Duration::from_secs(2);
        assert_eq!(reconnect_delay(1, cap), Duration::ZERO);
        assert_eq!(reconnect_delay(2, cap), Duration::from_millis(100));
        assert_eq!(reconnect_delay(3, cap), Duration::from_millis(200));
        assert_eq!(reconnect_delay(100, cap), cap);
    }
}

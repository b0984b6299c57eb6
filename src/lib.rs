//! # quotewire
//!
//! Extracts quotes, their speakers, dates and sentiment from news articles, and runs as a NATS
//! JetStream worker that turns each incoming article into one CloudEvent.
//!
//! A map of the crate:
//! - [`article`] and [`analysis`]: the data contract (`CONTRACT.md`): what comes in, what goes
//!   out. [`article`] is the one place where input is validated.
//! - [`extract`]: the pure core, `Extractor::extract(&Article) -> Analysis`: synchronous, no
//!   I/O, deterministic. Each dimension (quotes, people, dates, sentiment) is a module of its own.
//! - [`batch`]: `quotewire extract`: JSON Lines in, one analysis per line out, in order.
//! - The service layer (feature `service`, on by default): `config` (layered settings),
//!   `worker` (connect, provision, consume, publish, dead letters, metrics), `http` (health and
//!   metrics), `service` (NATS request/reply endpoint), `telemetry`.

pub mod analysis;
pub mod article;
pub mod batch;
pub mod extract;
#[cfg(feature = "schema")]
pub mod schema;
#[cfg(feature = "service")]
pub mod config;
#[cfg(feature = "service")]
pub mod http;
#[cfg(feature = "service")]
pub mod service;
#[cfg(feature = "service")]
pub mod telemetry;
#[cfg(feature = "service")]
pub mod worker;

pub use analysis::Analysis;
pub use article::Article;
pub use extract::Extractor;

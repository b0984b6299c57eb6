//! The output side of the data contract (`../shared/CONTRACT.md`): an [`Analysis`] per article,
//! and the [`ErrorRecord`] the command line prints for a line it cannot read.
//!
//! These are plain serde types. Every `start`/`end` here is a **character offset** (Unicode
//! scalar values) into the article body, `end` exclusive; the extraction works in byte offsets
//! and converts once, when it assembles an `Analysis`. Fields may be added, never renamed or
//! dropped. Nothing here computes anything.

use serde::{Deserialize, Serialize};

/// Version of the extractor, part of every event id (`article id + ":" + version`).
pub const EXTRACTOR_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Analysis {
    pub article_id: String,
    /// RFC 3339 publication time: from the input, or read from a dateline in the text.
    pub published_at: Option<String>,
    /// Where `published_at` came from: `input`, `text`, or absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at_source: Option<String>,
    /// BCP 47 language of the article (given, or detected).
    pub language: String,
    /// Whether the speaker rules support this language (quotes by marks come out for any).
    #[serde(default)]
    pub speakers_supported: bool,
    pub quotes: Vec<Quote>,
    pub people: Vec<Person>,
    pub dates: Vec<DateMention>,
    pub sentiment: Sentiment,
    /// Version of the extractor that produced this analysis.
    #[serde(default)]
    pub extractor_version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    pub cue: Option<Cue>,
    pub sentiment: Sentiment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Explicit,
    Pronoun,
    Nominal,
    Carryover,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Speaker {
    /// Id of the person in `people`, or `None` for organisations and groups.
    pub person: Option<String>,
    /// The resolved person (fullest name in the article), or the mention for non-persons.
    pub name: String,
    pub mention: String,
    pub mention_start: usize,
    pub mention_end: usize,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cue {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub titles: Vec<String>,
    pub mentions: Vec<Mention>,
    pub quote_count: usize,
    pub sentiment: Sentiment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// How the words refer to the person: `name`, `pronoun` or `nominal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DateMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    pub value: String,
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub timex_mod: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    Positive,
    Neutral,
    Negative,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sentiment {
    /// In [-1, 1].
    pub compound: f64,
    pub label: SentimentLabel,
}

impl Sentiment {
    pub const NEUTRAL: Sentiment = Sentiment { compound: 0.0, label: SentimentLabel::Neutral };
}

/// What the command line prints for a line it could not analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorRecord {
    pub article_id: Option<String>,
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

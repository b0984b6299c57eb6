//! Finds the people an article names, merges name variants into one person, and resolves each
//! quote's speaker mention (name, pronoun, title, carry-over) to a person or to a non-person
//! source. It does not find quotes; it takes them from [`super::quotes`].

use super::language::Language;
use super::quotes::QuoteCandidate;
use super::text::Document;
use super::Span;
use crate::analysis::Resolution;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Pronoun,
    Nominal,
}

impl MentionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Nominal => "nominal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    pub span: Span,
    pub kind: MentionKind,
}

/// One person of the article, however many ways it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntity {
    /// The fullest name the article gives.
    pub name: String,
    pub aliases: Vec<String>,
    pub titles: Vec<String>,
    /// Every mention resolved to this person, in text order.
    pub mentions: Vec<PersonMention>,
}

/// Who a quote's speaker mention refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRef {
    /// Index into [`Resolved::persons`]; `None` for organisations and groups.
    pub person: Option<usize>,
    /// The person's name, or the mention itself for a non-person.
    pub name: String,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub persons: Vec<PersonEntity>,
    /// One entry per quote, aligned with the quotes given to [`PeopleRules::resolve`].
    pub speakers: Vec<Option<SpeakerRef>>,
}

#[derive(Debug, Default)]
pub struct PeopleRules {}

impl PeopleRules {
    pub fn new() -> PeopleRules {
        PeopleRules {}
    }

    pub fn resolve(&self, _doc: &Document, quotes: &[QuoteCandidate], _lang: &Language) -> Resolved {
        Resolved { persons: Vec::new(), speakers: vec![None; quotes.len()] }
    }
}

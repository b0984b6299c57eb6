//! Finds quotes: direct (in quotation marks), indirect ("X said that …") and mixed, each with
//! its speech cue and the words that name its speaker, as byte spans. It does not decide who a
//! mention refers to; that is [`super::people`].

use super::language::Language;
use super::text::Document;
use super::Span;
use crate::analysis::QuoteKind;

/// A quote as this stage finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteCandidate {
    /// The content; for a direct quote it includes the quotation marks.
    pub span: Span,
    pub kind: QuoteKind,
    /// The speech cue ("said", "according to").
    pub cue: Option<Span>,
    /// The words naming the speaker at this quote ("he", "the minister", "Lebedev").
    pub speaker: Option<Span>,
    /// The quote has no speaker of its own and continues the previous quote's speaker
    /// (`speaker` then holds that quote's mention).
    pub carryover: bool,
}

/// Lexicons for quote finding, built once.
#[derive(Debug, Default)]
pub struct QuoteRules {}

impl QuoteRules {
    pub fn new() -> QuoteRules {
        QuoteRules {}
    }

    /// Every quote in the document, in text order.
    pub fn find(&self, _doc: &Document, _lang: &Language) -> Vec<QuoteCandidate> {
        Vec::new()
    }
}

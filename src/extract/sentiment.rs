//! Sentiment: the tone of a text (a quote, the article) and the tone toward a person. It does
//! not find the person's mentions; [`super::people`] hands them over.

use super::text::Document;
use super::Span;
use crate::analysis::Sentiment;

#[derive(Debug, Default)]
pub struct SentimentModel {}

impl SentimentModel {
    pub fn new() -> SentimentModel {
        SentimentModel {}
    }

    /// Tone of one piece of text (a quote).
    pub fn text(&self, _text: &str) -> Sentiment {
        Sentiment::NEUTRAL
    }

    /// Tone of the whole article.
    pub fn document(&self, _doc: &Document) -> Sentiment {
        Sentiment::NEUTRAL
    }

    /// Tone toward the person mentioned at `mentions`.
    pub fn toward(&self, _doc: &Document, _mentions: &[Span]) -> Sentiment {
        Sentiment::NEUTRAL
    }
}

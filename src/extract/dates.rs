//! The temporal tagger: reads the publication time (from the input or a dateline) and finds
//! temporal expressions, typed and normalised as TIMEX3 and resolved against that anchor. It
//! does not know about quotes or people.

use super::text::Document;
use super::Span;
use crate::analysis::TimexType;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorSource {
    Input,
    Text,
}

impl AnchorSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            AnchorSource::Input => "input",
            AnchorSource::Text => "text",
        }
    }
}

/// The publication time relative expressions are resolved against.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// RFC 3339 form for the output (`2024-02-08T14:05:00+03:00`, or a date when only that is known).
    pub rfc3339: String,
    pub source: AnchorSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFound {
    pub span: Span,
    pub timex_type: TimexType,
    pub value: String,
    pub timex_mod: Option<String>,
}

#[derive(Debug, Default)]
pub struct DateTagger {}

impl DateTagger {
    pub fn new() -> DateTagger {
        DateTagger {}
    }

    pub fn publication_time(&self, given: Option<&str>, _doc: &Document) -> Option<Anchor> {
        given.map(|g| Anchor { rfc3339: g.to_owned(), source: AnchorSource::Input })
    }

    pub fn tag(&self, _doc: &Document, _anchor: Option<&Anchor>) -> Vec<DateFound> {
        Vec::new()
    }
}

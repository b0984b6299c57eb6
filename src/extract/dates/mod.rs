//! The temporal tagger: reads the publication time (from the input or a dateline) and finds
//! temporal expressions, typed and normalised as TIMEX3 and resolved against that anchor. It
//! does not know about quotes or people.
//!
//! The work is split by idea: [`token`] splits the body, [`scan`] recognises expressions and
//! their meaning, [`tense`] says whether a clause looks ahead or back, [`resolve`] computes
//! TIMEX3 values against the anchor, [`dateline`] reads the publication time, and [`lexicon`]
//! holds the vocabulary from `lexicon/timex_*.txt`. Everything is linear in the body.

mod dateline;
mod lexicon;
mod resolve;
mod scan;
mod tense;
mod token;

use jiff::civil::{Date, Time};

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
    /// The calendar date of publication, in the publisher's local time.
    pub date: Option<Date>,
    /// The local time of publication, when known.
    pub time: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFound {
    pub span: Span,
    pub timex_type: TimexType,
    pub value: String,
    pub timex_mod: Option<String>,
}

#[derive(Debug)]
pub struct DateTagger {
    lx: lexicon::Lexicon,
}

impl Default for DateTagger {
    fn default() -> Self {
        Self::new()
    }
}

/// How many sentences back a mention still counts as "near" for anaphora.
const NEAR_SENTENCES: usize = 2;
/// How close (in tokens) a written year must be for a following "March 5" to take it.
const YEAR_CARRY_TOKENS: usize = 8;
/// How many sentences back a quarter still makes "a year ago" mean that quarter a year before.
const QUARTER_NEAR_SENTENCES: usize = 6;

impl DateTagger {
    pub fn new() -> DateTagger {
        DateTagger { lx: lexicon::Lexicon::new() }
    }

    /// The anchor: the given `published_at` when readable, else a dateline in the body.
    pub fn publication_time(&self, given: Option<&str>, doc: &Document) -> Option<Anchor> {
        if let Some(a) = given.and_then(dateline::parse_given) {
            return Some(a);
        }
        dateline::from_text(&self.lx, doc.body)
    }

    /// Every temporal expression of the body, in order, with its TIMEX3 type and value.
    pub fn tag(&self, doc: &Document, anchor: Option<&Anchor>) -> Vec<DateFound> {
        let body = doc.body;
        let lower = body.to_ascii_lowercase();
        let toks = token::tokenize(body);
        let scanner = scan::Scanner::new(&self.lx, body, &lower, &toks);
        let exprs = scanner.scan();
        let anchor_date = anchor.and_then(|a| a.date);
        let mut out = Vec::with_capacity(exprs.len());
        let mut last: Option<resolve::Last> = None;
        let mut last_sentence = usize::MAX;
        let mut last_quarter = None;
        let mut quarter_sentence = 0usize;
        // (sentence, end token, year) of the last year written out in full
        let mut written_year: Option<(usize, usize, i32)> = None;
        // (sentence, first token, end token) of the last sentence whose tokens were searched
        let mut sentence_toks: Option<(usize, usize, usize)> = None;
        for e in exprs {
            let (Some(first), Some(end_tok)) = (toks.get(e.start), toks.get(e.end.wrapping_sub(1))) else { continue };
            let span = Span::new(first.span.start, end_tok.span.end);
            let sent = doc.sentence_of(span.start).unwrap_or(0);
            // the tense of the clause, for the meanings that read it
            let tense = if e.sem.uses_tense() {
                // the sentence's tokens, searched once for all its expressions
                let (lo, hi) = match sentence_toks {
                    Some((s, lo, hi)) if s == sent => (lo, hi),
                    _ => {
                        let (lo, hi) = match doc.sentences.get(sent) {
                            Some(s) => (
                                toks.partition_point(|t| t.span.start < s.start),
                                toks.partition_point(|t| t.span.start < s.end),
                            ),
                            None => (0, toks.len()),
                        };
                        sentence_toks = Some((sent, lo, hi));
                        (lo, hi)
                    }
                };
                tense::tense_at(&toks, scanner.info(), e.start, e.end, lo, hi)
            } else {
                None
            };
            let ctx = resolve::Ctx {
                anchor: anchor_date,
                tense,
                last,
                last_near: last_sentence != usize::MAX && sent <= last_sentence + NEAR_SENTENCES,
                last_quarter,
                quarter_near: last_quarter.is_some() && sent <= quarter_sentence + QUARTER_NEAR_SENTENCES,
                sentence_year: written_year
                    .filter(|(s, end, _)| *s == sent && e.start <= end + YEAR_CARRY_TOKENS)
                    .map(|(_, _, y)| y),
            };
            if let Some(y) = e.sem.written_year() {
                written_year = Some((sent, e.end, y));
            }
            let Some(r) = resolve::resolve(&e.sem, &ctx) else { continue };
            if let Some(l) = r.last {
                last = Some(l);
                last_sentence = sent;
                if let resolve::Last::Quarter(y, q) = l {
                    last_quarter = Some((y, q));
                    quarter_sentence = sent;
                }
            }
            out.push(DateFound { span, timex_type: r.ty, value: r.value, timex_mod: e.md.map(str::to_owned) });
        }
        out
    }
}

#[cfg(test)]
mod tests;

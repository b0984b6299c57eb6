//! The pure extraction core: `&Article -> Analysis`, with no I/O, no async, no global state,
//! deterministic, linear in the size of the article.
//!
//! [`Extractor`] holds what is built once (lexicons compiled into the binary, model weights) and
//! runs the pipeline: [`text`] lays out paragraphs and sentences; [`language`] decides which
//! rules apply; [`dates`] reads the publication time and tags temporal expressions; [`quotes`]
//! finds quotes with their cue and speaker mention; [`people`] finds the people of the article
//! and resolves each speaker mention to one of them; [`sentiment`] scores quotes, the article,
//! and the tone toward each person. Stages work in **byte** offsets ([`Span`]); this module
//! converts to the contract's character offsets once, while assembling the [`Analysis`].
//! It does not validate input (that is [`crate::article`]) nor know about NATS or the CLI.

pub mod cues;
pub mod dates;
pub mod language;
pub mod marks;
pub mod names;
pub mod people;
pub mod quotes;
pub mod sentiment;
pub mod text;

use crate::analysis::{
    Analysis, Cue, DateMention, Mention, Person, Quote, Resolution, Speaker, EXTRACTOR_VERSION,
};
use crate::article::Article;

/// A half-open range of **byte** offsets into the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The text of the span; empty when the span does not fall on char boundaries.
    pub fn of<'a>(&self, body: &'a str) -> &'a str {
        body.get(self.start..self.end).unwrap_or("")
    }
}

/// Everything built once and shared by every article: lexicons and models.
/// Cheap to share across threads (`Send + Sync`); build one per process.
#[derive(Debug)]
pub struct Extractor {
    quotes: quotes::QuoteRules,
    people: people::PeopleRules,
    dates: dates::DateTagger,
    sentiment: sentiment::SentimentModel,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    pub fn new() -> Extractor {
        Extractor {
            quotes: quotes::QuoteRules::new(),
            people: people::PeopleRules::new(),
            dates: dates::DateTagger::new(),
            sentiment: sentiment::SentimentModel::new(),
        }
    }

    /// Analyses one article. Pure and deterministic.
    pub fn extract(&self, article: &Article) -> Analysis {
        let body = article.body.as_str();
        let doc = text::Document::new(body);
        let lang = language::resolve(article.language.as_deref(), &doc);

        let anchor = self.dates.publication_time(article.published_at.as_deref(), &doc);
        let dates_found = self.dates.tag(&doc, anchor.as_ref());

        let found = self.quotes.find(&doc, &lang);
        let resolved = self.people.resolve(&doc, &found, &lang);

        let idx = text::CharIndex::new(body);
        let c = |b: usize| idx.char_offset(b);

        let mut quote_counts = vec![0usize; resolved.persons.len()];
        let quotes = found
            .iter()
            .zip(resolved.speakers.iter())
            .map(|(q, spk)| {
                let speaker = match (spk, q.speaker) {
                    (Some(s), Some(m)) => {
                        // the person, or each named member of a group ("Grassley and Leahy")
                        for p in s.person.iter().chain(s.members.iter()) {
                            if let Some(n) = quote_counts.get_mut(*p) {
                                *n += 1;
                            }
                        }
                        Some(Speaker {
                            person: s.person.map(person_id),
                            name: s.name.clone(),
                            mention: m.of(body).to_owned(),
                            mention_start: c(m.start),
                            mention_end: c(m.end),
                            resolution: s.resolution,
                        })
                    }
                    // No person found for the mention (or the people stage left it open):
                    // keep a naming mention itself as a non-person speaker, as the contract
                    // allows; an unresolved pronoun or a day ("she", "I", "Thursday") names no
                    // one, and the contract's name is never the pronoun, so no speaker.
                    (None, Some(m)) if !self.people.names_no_one(m.of(body)) => Some(Speaker {
                        person: None,
                        name: m.of(body).to_owned(),
                        mention: m.of(body).to_owned(),
                        mention_start: c(m.start),
                        mention_end: c(m.end),
                        resolution: if q.carryover { Resolution::Carryover } else { Resolution::Explicit },
                    }),
                    _ => None,
                };
                Quote {
                    text: q.span.of(body).to_owned(),
                    start: c(q.span.start),
                    end: c(q.span.end),
                    kind: q.kind,
                    speaker,
                    cue: q.cue.map(|s| Cue { text: s.of(body).to_owned(), start: c(s.start), end: c(s.end) }),
                    sentiment: self.sentiment.text(q.span.of(body)),
                }
            })
            .collect();

        let people = resolved
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let spans: Vec<Span> = p.mentions.iter().map(|m| m.span).collect();
                Person {
                    id: person_id(i),
                    name: p.name.clone(),
                    aliases: p.aliases.clone(),
                    titles: p.titles.clone(),
                    mentions: p
                        .mentions
                        .iter()
                        .map(|m| Mention {
                            start: c(m.span.start),
                            end: c(m.span.end),
                            kind: Some(m.kind.as_str().to_owned()),
                        })
                        .collect(),
                    quote_count: quote_counts[i],
                    sentiment: self.sentiment.toward(&doc, &spans),
                }
            })
            .collect();

        let dates = dates_found
            .into_iter()
            .map(|d| DateMention {
                text: d.span.of(body).to_owned(),
                start: c(d.span.start),
                end: c(d.span.end),
                timex_type: d.timex_type,
                value: d.value,
                timex_mod: d.timex_mod,
            })
            .collect();

        Analysis {
            article_id: article.id.clone(),
            published_at: anchor.as_ref().map(|a| a.rfc3339.clone()),
            published_at_source: anchor.as_ref().map(|a| a.source.as_str().to_owned()),
            language: lang.tag.clone(),
            speakers_supported: lang.speakers_supported,
            quotes,
            people,
            dates,
            sentiment: self.sentiment.document(&doc),
            extractor_version: EXTRACTOR_VERSION.to_owned(),
        }
    }
}

fn person_id(index: usize) -> String {
    format!("p{}", index + 1)
}

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
pub mod fasthash;
pub mod language;
pub mod marks;
pub mod names;
pub mod people;
pub mod quotes;
pub mod sentiment;
pub mod text;
pub(crate) mod wordlist;
pub mod wordtable;

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
        self.run(article, &mut None)
    }

    /// [`Extractor::extract`], also reporting how long each stage took (for metrics). The
    /// analysis is the same; only the timings vary from run to run.
    pub fn extract_timed(&self, article: &Article) -> (Analysis, StageTimings) {
        let mut timings = Some(StageTimings::default());
        let analysis = self.run(article, &mut timings);
        (analysis, timings.unwrap_or_default())
    }

    fn run(&self, article: &Article, timings: &mut Option<StageTimings>) -> Analysis {
        let body = article.body.as_str();
        let doc = stage(timings, "text", || text::Document::new(body));
        let lang = stage(timings, "language", || language::resolve(article.language.as_deref(), &doc));

        let (anchor, dates_found) = stage(timings, "dates", || {
            let anchor = self.dates.publication_time(article.published_at.as_deref(), &doc);
            let found = self.dates.tag(&doc, anchor.as_ref());
            (anchor, found)
        });

        let found = stage(timings, "quotes", || outermost(self.quotes.find(&doc, &lang)));
        let resolved = stage(timings, "people", || self.people.resolve(&doc, &found, &lang));
        let _sentiment_stage = tracing::debug_span!("extract_stage", stage = "sentiment").entered();
        let sentiment_started = timings.as_ref().map(|_| std::time::Instant::now());

        // (the body lowered once, so the capitalised words need no lowercase copies each)
        let lowered = doc.body.to_ascii_lowercase();
        let prepared = self.sentiment.prepare_lowered(&doc, Some(&lowered));
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
                    sentiment: self.sentiment.text_prepared(&prepared, q.span),
                }
            })
            .collect();

        // the tone toward each person, all within one budget for the windows of long sentences
        let tones = {
            let spans: Vec<Vec<Span>> = resolved
                .persons
                .iter()
                .map(|p| {
                    let all: Vec<(Span, bool)> =
                        p.mentions.iter().map(|m| (m.span, m.kind == people::MentionKind::Pronoun)).collect();
                    sentiment::anchor_mentions(&doc, &all)
                })
                .collect();
            self.sentiment.toward_each_prepared(&prepared, &spans)
        };
        let people = resolved
            .persons
            .iter()
            .zip(tones)
            .enumerate()
            .map(|(i, (p, tone))| {
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
                    sentiment: tone,
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

        let sentiment = self.sentiment.document_prepared(&prepared);
        if let (Some(t), Some(started)) = (timings.as_mut(), sentiment_started) {
            t.record("sentiment", started.elapsed());
        }
        Analysis {
            article_id: article.id.clone(),
            published_at: anchor.as_ref().map(|a| a.rfc3339.clone()),
            published_at_source: anchor.as_ref().map(|a| a.source.as_str().to_owned()),
            language: lang.tag.clone(),
            speakers_supported: lang.speakers_supported,
            quotes,
            people,
            dates,
            sentiment,
            extractor_version: EXTRACTOR_VERSION.to_owned(),
        }
    }
}

/// How long each stage of one [`Extractor::extract_timed`] call took, in pipeline order.
/// `sentiment` also covers assembling the output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageTimings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl StageTimings {
    fn record(&mut self, stage: &'static str, took: std::time::Duration) {
        self.stages.push((stage, took));
    }
}

/// Runs one pipeline stage inside a `debug` span named after it, so traces show where the time
/// of an article goes (spans cost nothing when no subscriber wants them), and times it when
/// the caller asked for timings.
fn stage<T>(timings: &mut Option<StageTimings>, name: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = tracing::debug_span!("extract_stage", stage = name).entered();
    match timings {
        Some(t) => {
            let started = std::time::Instant::now();
            let out = f();
            t.record(name, started.elapsed());
            out
        }
        None => f(),
    }
}

/// Keeps the quotes that no earlier kept quote contains. A quote inside another is part of that
/// quote's content (a nested attribution), and nested runs of marks in hostile text would
/// otherwise make the total quoted text, and the work on it, grow with the square of the input.
/// Sorted by start (longest first on ties), containment needs only the furthest end so far.
fn outermost(mut quotes: Vec<quotes::QuoteCandidate>) -> Vec<quotes::QuoteCandidate> {
    quotes.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    let mut reach = 0usize;
    quotes.retain(|q| {
        let contained = q.span.end <= reach;
        reach = reach.max(q.span.end);
        !contained
    });
    quotes
}

fn person_id(index: usize) -> String {
    format!("p{}", index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::QuoteKind;

    fn q(start: usize, end: usize) -> quotes::QuoteCandidate {
        quotes::QuoteCandidate {
            span: Span::new(start, end),
            kind: QuoteKind::Direct,
            cue: None,
            speaker: None,
            carryover: false,
        }
    }

    #[test]
    fn nested_and_repeated_quotes_give_way_to_the_outermost() {
        let spans = |v: Vec<quotes::QuoteCandidate>| v.iter().map(|q| (q.span.start, q.span.end)).collect::<Vec<_>>();
        // inner (12..20) inside outer (10..40), a duplicate, an overlapping-but-not-contained
        // quote (35..50) and a later one stay apart
        let got = outermost(vec![q(12, 20), q(10, 40), q(10, 40), q(35, 50), q(60, 70)]);
        assert_eq!(spans(got), vec![(10, 40), (35, 50), (60, 70)]);
    }

    #[test]
    fn timed_extraction_gives_the_same_analysis_and_every_stage() {
        let ex = Extractor::new();
        let article = Article {
            id: "t".into(),
            body: "“We will build it,” the mayor said on Monday.".into(),
            title: None,
            published_at: Some("2024-02-08".into()),
            language: None,
            url: None,
            source: None,
        };
        let (analysis, timings) = ex.extract_timed(&article);
        assert_eq!(analysis, ex.extract(&article));
        let names: Vec<&str> = timings.stages.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, vec!["text", "language", "dates", "quotes", "people", "sentiment"]);
    }

    #[test]
    fn nested_quotes_in_an_article_come_out_once() {
        let ex = Extractor::new();
        let article = Article {
            id: "n".into(),
            body: "“She told me ‘we will win this race, all of us together’ and I believed her,” \
                   the coach said."
                .into(),
            title: None,
            published_at: None,
            language: Some("en".into()),
            url: None,
            source: None,
        };
        let a = ex.extract(&article);
        for (i, x) in a.quotes.iter().enumerate() {
            for y in &a.quotes[i + 1..] {
                assert!(!(x.start <= y.start && y.end <= x.end), "{x:?} contains {y:?}");
            }
        }
    }
}

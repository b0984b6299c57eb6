//! `worker.transport_replay` (a benchmark tool, never for production): the analyses of the
//! last few distinct article bodies, so that a transport-only run publishes events as large as
//! the real ones without paying for the extraction of every article.
//!
//! The transport-only path (`worker.transport_only`) publishes an empty analysis, a few hundred
//! bytes; a real event is several times its article. The difference in what nats-server and the
//! event's reader spend per article is then counted against the extraction. With replay, the
//! first article of each input (body, `published_at`, `language`: what the extraction reads) is
//! extracted as usual and its analysis kept; every later article with the same input gets a copy
//! with its own id. Load runs send a handful of bodies, so the run measures the transport of
//! real-sized events. It holds at most [`CAPACITY`] analyses (the oldest goes first) and compares
//! inputs byte for byte; it knows nothing of NATS.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::analysis::Analysis;
use crate::article::Article;

/// Distinct inputs kept; an input past these is extracted again when it comes back.
pub const CAPACITY: usize = 16;

/// What the extraction of an article reads: its body, `published_at` and `language`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Input {
    body: String,
    published_at: Option<String>,
    language: Option<String>,
}

impl Input {
    fn of(article: &Article) -> Input {
        Input { body: article.body.clone(), published_at: article.published_at.clone(), language: article.language.clone() }
    }

    fn is(&self, article: &Article) -> bool {
        self.body == article.body && self.published_at == article.published_at && self.language == article.language
    }
}

/// The kept analyses, by input.
#[derive(Debug, Default)]
pub struct ReplayCache {
    kept: Mutex<VecDeque<(Input, Analysis)>>,
}

impl ReplayCache {
    pub fn new() -> ReplayCache {
        ReplayCache::default()
    }

    /// A copy of the analysis kept for `article`'s input, with `article`'s id: what the
    /// extraction of `article` gives. `None` when the input is not kept.
    pub fn get(&self, article: &Article) -> Option<Analysis> {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (_, analysis) = kept.iter().find(|(input, _)| input.is(article))?;
        let mut copy = analysis.clone();
        copy.article_id.clone_from(&article.id);
        Some(copy)
    }

    /// Keeps `analysis` as the one of `article`'s input, dropping the oldest when [`CAPACITY`]
    /// are kept.
    pub fn keep(&self, article: &Article, analysis: &Analysis) {
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.iter().any(|(input, _)| input.is(article)) {
            return;
        }
        if kept.len() >= CAPACITY {
            kept.pop_front();
        }
        kept.push_back((Input::of(article), analysis.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    fn article(id: &str, body: &str) -> Article {
        Article::from_value(serde_json::json!({"id": id, "body": body})).expect("a valid article")
    }

    #[test]
    fn a_kept_body_comes_back_with_the_new_id_and_the_same_findings() {
        let ex = Extractor::new();
        let cache = ReplayCache::new();
        let first = article("a-1", "\"We will build it,\" said Mary Jones on Monday.");
        assert!(cache.get(&first).is_none(), "nothing is kept before the first extraction");
        let analysis = ex.extract(&first);
        cache.keep(&first, &analysis);
        let again = article("a-2", &first.body);
        let copy = cache.get(&again).expect("the body is kept");
        assert_eq!(copy.article_id, "a-2");
        assert_eq!(serde_json::to_value(&copy.quotes).ok(), serde_json::to_value(&analysis.quotes).ok());
        assert_eq!(copy.quotes.len(), 1);
        assert!(cache.get(&article("a-3", "Another body.")).is_none(), "another body is not kept");
        let dated = Article::from_value(serde_json::json!({"id": "a-4", "body": first.body, "published_at": "2024-02-08"}))
            .expect("a valid article");
        assert!(cache.get(&dated).is_none(), "another publication time is another input");
    }

    #[test]
    fn at_most_capacity_bodies_are_kept_the_oldest_goes_first() {
        let ex = Extractor::new();
        let cache = ReplayCache::new();
        for i in 0..=CAPACITY {
            let a = article(&format!("b-{i}"), &format!("Body number {i}."));
            cache.keep(&a, &ex.extract(&a));
        }
        assert!(cache.get(&article("x", "Body number 0.")).is_none(), "the oldest was dropped");
        assert!(cache.get(&article("y", &format!("Body number {CAPACITY}."))).is_some());
        assert!(cache.get(&article("z", "Body number 1.")).is_some());
    }
}

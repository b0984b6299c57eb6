//! Sentiment: the tone of a text (a quote, the article) and the tone toward a person.
//!
//! Tone of a text: every sentence is scored by the VADER-family rules of [`rules`] on the
//! lexicons of [`lexicon`]; the text's compound is the mean compound of its sentences that carry
//! any sentiment (sentences without sentiment words neither add nor dilute), so a long article
//! does not saturate toward ±1 the way VADER's single sum does.
//!
//! Tone toward a person: [`target`] scores each sentence that holds one of the person's mentions
//! with a small logistic-regression model (trained by `examples/train_sentiment.rs`, weights in
//! `lexicon/sentiment_target_model.txt`) over lexicon features of the sentence, of the clause
//! holding the mention and of the words around it, and n-grams around the masked mention; the
//! class probabilities are averaged over those sentences.
//!
//! Labels (documented thresholds): for a text, `positive` when compound >= [`TEXT_POSITIVE`],
//! `negative` when compound <= [`TEXT_NEGATIVE`], else `neutral`. Toward a person, compound is
//! P(positive) - P(negative) and the label is the most probable class.
//!
//! It does not find the person's mentions; [`super::people`] hands them over.

pub mod lexicon;
pub mod rules;
pub mod target;
pub mod train;

use super::text::Document;
use super::Span;
use crate::analysis::{Sentiment, SentimentLabel};
use lexicon::Lexicon;
use rules::{Params, Token};

/// A text is positive at or above this compound (tuned on NewsMTSC train, sentence level).
pub const TEXT_POSITIVE: f64 = 0.05;
/// A text is negative at or below this compound.
pub const TEXT_NEGATIVE: f64 = -0.05;

#[derive(Debug)]
pub struct SentimentModel {
    lex: Lexicon,
    params: Params,
    target: target::TargetModel,
}

impl Default for SentimentModel {
    fn default() -> Self {
        Self::new()
    }
}

/// Label of a text compound by the documented thresholds.
pub fn text_label(compound: f64) -> SentimentLabel {
    if compound >= TEXT_POSITIVE {
        SentimentLabel::Positive
    } else if compound <= TEXT_NEGATIVE {
        SentimentLabel::Negative
    } else {
        SentimentLabel::Neutral
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl SentimentModel {
    pub fn new() -> SentimentModel {
        // The data is compiled in and checked by unit tests; an empty lexicon is the safe fallback.
        SentimentModel {
            lex: Lexicon::builtin().unwrap_or_default(),
            params: Params::default(),
            target: target::TargetModel::builtin(),
        }
    }

    /// The model with other scorer constants (for tuning tools).
    pub fn with_params(params: Params) -> SentimentModel {
        SentimentModel { params, ..SentimentModel::new() }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Tokens and rule score of one sentence span of `body`.
    pub fn score_sentence(&self, body: &str, s: Span, tokens: &mut Vec<Token>) -> rules::Scored {
        tokens.clear();
        let text = s.of(body);
        rules::tokenize(text, s.start, tokens);
        rules::score(&self.lex, &self.params, tokens, text)
    }

    /// Compound of a document: the mean compound of its sentiment-bearing sentences.
    pub fn document_compound(&self, doc: &Document) -> f64 {
        let mut tokens = Vec::new();
        let (mut total, mut n) = (0.0, 0usize);
        for &s in &doc.sentences {
            let sc = self.score_sentence(doc.body, s, &mut tokens);
            if sc.compound != 0.0 {
                total += sc.compound;
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            total / n as f64
        }
    }

    /// Tone of one piece of text (a quote).
    pub fn text(&self, text: &str) -> Sentiment {
        self.document(&Document::new(text))
    }

    /// Tone of the whole article.
    pub fn document(&self, doc: &Document) -> Sentiment {
        let c = round4(self.document_compound(doc));
        Sentiment { compound: c, label: text_label(c) }
    }

    /// Class probabilities (negative, neutral, positive) toward the person mentioned at
    /// `mentions`, averaged over the sentences holding a mention; `None` without mentions.
    pub fn toward_probabilities(&self, doc: &Document, mentions: &[Span]) -> Option<[f64; 3]> {
        let mut sentences: Vec<usize> = mentions.iter().filter_map(|m| doc.sentence_of(m.start)).collect();
        sentences.sort_unstable();
        sentences.dedup();
        let mut tokens = Vec::new();
        let mut acc = [0.0; 3];
        let mut n = 0usize;
        for si in sentences {
            let Some(&s) = doc.sentences.get(si) else { continue };
            let inside: Vec<Span> = mentions.iter().copied().filter(|m| s.contains(m)).collect();
            if inside.is_empty() {
                continue;
            }
            let sc = self.score_sentence(doc.body, s, &mut tokens);
            let p = self.target.predict(&self.lex, &tokens, &sc, &inside, s.of(doc.body));
            for k in 0..3 {
                acc[k] += p[k];
            }
            n += 1;
        }
        if n == 0 {
            return None;
        }
        Some(acc.map(|x| x / n as f64))
    }

    /// Features of the person at `mentions` in each sentence holding one of them (training).
    pub fn toward_features(&self, doc: &Document, mentions: &[Span]) -> Vec<target::Features> {
        let mut sentences: Vec<usize> = mentions.iter().filter_map(|m| doc.sentence_of(m.start)).collect();
        sentences.sort_unstable();
        sentences.dedup();
        let mut tokens = Vec::new();
        let mut out = Vec::new();
        for si in sentences {
            let Some(&s) = doc.sentences.get(si) else { continue };
            let inside: Vec<Span> = mentions.iter().copied().filter(|m| s.contains(m)).collect();
            if inside.is_empty() {
                continue;
            }
            let sc = self.score_sentence(doc.body, s, &mut tokens);
            let mut f = Vec::new();
            target::features(&self.lex, &tokens, &sc, &inside, s.of(doc.body), &mut f);
            out.push(f);
        }
        out
    }

    /// The model with other target weights (for the training tool's cross-validation).
    pub fn with_target(mut self, target: target::TargetModel) -> SentimentModel {
        self.target = target;
        self
    }

    /// Tone toward the person mentioned at `mentions`.
    pub fn toward(&self, doc: &Document, mentions: &[Span]) -> Sentiment {
        match self.toward_probabilities(doc, mentions) {
            None => Sentiment::NEUTRAL,
            Some(p) => Sentiment { compound: round4(p[2] - p[0]), label: target::argmax_label(&p) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_labels_follow_the_thresholds() {
        assert_eq!(text_label(0.05), SentimentLabel::Positive);
        assert_eq!(text_label(0.0499), SentimentLabel::Neutral);
        assert_eq!(text_label(-0.05), SentimentLabel::Negative);
        assert_eq!(text_label(-0.0499), SentimentLabel::Neutral);
    }

    #[test]
    fn text_scores_and_labels() {
        let m = SentimentModel::new();
        let s = m.text("The talks were a great success.");
        assert_eq!(s.label, SentimentLabel::Positive);
        // great 3.1 + success 2.7 = 5.8, normalised with alpha 15
        assert_eq!(s.compound, round4(5.8 / (5.8f64 * 5.8 + 15.0).sqrt()));
        assert_eq!(m.text("The meeting was held on Tuesday.").label, SentimentLabel::Neutral);
        assert_eq!(m.text("The attack killed four people.").label, SentimentLabel::Negative);
    }

    #[test]
    fn long_texts_do_not_saturate() {
        let m = SentimentModel::new();
        let one = m.text("The plan is good.").compound;
        let many = m.text(&"The plan is good. The weather was cold. ".repeat(40)).compound;
        // the mean of sentence compounds: as positive as one such sentence, not near 1
        assert_eq!(one, many);
        assert!(many < 0.5);
        let mixed = m.text("The plan is good. The plan is bad.").compound;
        let expect = round4((1.9 / (1.9f64 * 1.9 + 15.0).sqrt() - 2.5 / (2.5f64 * 2.5 + 15.0).sqrt()) / 2.0);
        assert_eq!(mixed, expect);
    }

    #[test]
    fn deterministic() {
        let m1 = SentimentModel::new();
        let m2 = SentimentModel::new();
        let t = "Officials praised her. But critics said the deal was a disaster, and he failed.";
        let d = Document::new(t);
        let ms = [Span::new(19, 22)];
        assert_eq!(m1.text(t), m2.text(t));
        assert_eq!(m1.toward(&d, &ms), m2.toward(&d, &ms));
    }
}

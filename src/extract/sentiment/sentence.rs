//! The tone of one sentence, learned: a three-class linear model over the lexicon scores of the
//! sentence (from [`super::rules`]) and its words and word pairs (capitalised words masked as
//! `<cap>`, numbers as `<num>`), trained on news sentences by `examples/train_sentiment.rs`
//! (weights in `lexicon/sentiment_sentence_model.txt`, numbers only). It widens the lexicon's
//! coverage to the many news sentences that carry tone in words VADER does not list.
//! It does not blend or aggregate; [`super::SentimentModel`] does.

use super::lexicon::Lexicon;
use super::linear::{bucket_parts, Features, LinearModel};
use super::rules::{normalize, Scored, Token};
use super::target::norm_word;

/// Words after a negator that count as negated (within its clause).
const NEGATION_SCOPE: usize = 4;

const WEIGHTS: &str = include_str!("../../../lexicon/sentiment_sentence_model.txt");

#[derive(Debug, Default, Clone)]
pub struct SentenceModel {
    pub model: LinearModel,
}

impl SentenceModel {
    pub fn builtin() -> SentenceModel {
        SentenceModel { model: LinearModel::parse(WEIGHTS) }
    }

    /// Whether any weights are loaded (an empty model leaves the lexicon score alone).
    pub fn is_empty(&self) -> bool {
        self.model.weights.is_empty()
    }

    /// Class probabilities (negative, neutral, positive) of one scored sentence.
    pub fn predict(&self, lex: &Lexicon, tokens: &[Token], sc: &Scored, text: &str) -> [f64; 3] {
        let mut f = Vec::new();
        features(lex, tokens, sc, text, &mut f);
        self.model.probabilities(&f)
    }
}

/// Appends the features of one sentence to `out`.
pub fn features(lex: &Lexicon, tokens: &[Token], sc: &Scored, text: &str, out: &mut Features) {
    let n = tokens.len();
    let mut add = |parts: &[&str], x: f32| out.push((bucket_parts(parts), x));
    add(&["bias"], 1.0);
    let pos: f64 = sc.valences.iter().filter(|v| **v > 0.0).sum();
    let neg: f64 = sc.valences.iter().filter(|v| **v < 0.0).sum();
    add(&["d:sent"], sc.compound as f32);
    add(&["d:sent_pos"], normalize(pos, 15.0) as f32);
    add(&["d:sent_neg"], normalize(neg, 15.0) as f32);
    if text.contains('?') {
        add(&["question"], 1.0);
    }
    if text.contains('!') {
        add(&["exclaim"], 1.0);
    }
    if text.contains('“') || text.contains('"') {
        add(&["quoted"], 1.0);
    }
    if tokens.iter().any(|t| lex.is_negation(&t.lower)) {
        add(&["negator"], 1.0);
    }
    if n == 0 {
        return;
    }
    let words: Vec<&str> = tokens.iter().enumerate().map(|(i, t)| norm_word(t, i == 0, lex)).collect();
    let scale = 1.0 / (n as f32).sqrt();
    // words in a negator's scope (the next few words of its clause) are marked "not_"
    let mut scope = 0usize;
    for i in 0..n {
        let negated = scope > 0;
        scope = scope.saturating_sub(1);
        if lex.is_negation(&tokens[i].lower) {
            scope = NEGATION_SCOPE;
        }
        if tokens[i].boundary_after {
            scope = 0;
        }
        if negated {
            add(&["S:not_", words[i]], scale);
        } else {
            add(&["S:", words[i]], scale);
        }
        if i + 1 < n {
            add(&["SS:", words[i], " ", words[i + 1]], scale);
        }
    }
}

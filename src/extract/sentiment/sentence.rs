//! The tone of one sentence, learned: a three-class linear model over the lexicon scores of the
//! sentence (from [`super::rules`]) and its words and word pairs (capitalised words masked as
//! `<cap>`, numbers as `<num>`), trained on news sentences by `examples/train_sentiment.rs`
//! (weights in `lexicon/sentiment_sentence_model.txt`, numbers only). It widens the lexicon's
//! coverage to the many news sentences that carry tone in words VADER does not list. Besides,
//! features of how opinionated the sentence is, for telling neutral reports from comment: the
//! polarity and subjectivity of its adjectives (pattern / TextBlob lexicon, negation-aware), the
//! share of opinion words, modal verbs and first- and second-person pronouns.
//! It does not blend or aggregate; [`super::SentimentModel`] does.

use super::lexicon::Lexicon;
use super::linear::{fnv_extend, named, pair_bucket, softmax, word_bucket, Features, LinearModel, Scores, Sink, FNV_OFFSET, S_PREFIX};
use super::rules::{normalize, Scored, Token, WordKind};
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

    /// Class probabilities (negative, neutral, positive) of one scored sentence: the features
    /// are summed into the scores as they are made (the same sums, in the same order, as
    /// [`LinearModel::probabilities`] of [`features`]).
    pub fn predict(&self, _lex: &Lexicon, tokens: &[Token], sc: &Scored, text: &str) -> [f64; 3] {
        self.predict_with(tokens, None, sc, text)
    }

    /// [`Self::predict`] with the word-pair buckets of `tokens` given (`pairs[i]`: the bucket
    /// of [`pair_bucket`] of tokens `i` and `i + 1` read as not first, see
    /// [`super::Prepared`]); `None` works them out.
    pub fn predict_with(&self, tokens: &[Token], pairs: Option<&[u32]>, sc: &Scored, text: &str) -> [f64; 3] {
        let mut scores = Scores::new(&self.model);
        features_with(tokens, pairs, sc, text, &mut scores);
        softmax(scores.z)
    }
}

/// Appends the features of one sentence to `out`.
pub fn features(lex: &Lexicon, tokens: &[Token], sc: &Scored, text: &str, out: &mut Features) {
    features_into(lex, tokens, sc, text, &mut |b, x| out.push((b, x)));
}

/// Hands the features of one sentence, in order, to `sink` (bucket, value). (The lexicon was
/// consulted when the tokens were made: [`Token::info`].)
pub fn features_into(_lex: &Lexicon, tokens: &[Token], sc: &Scored, text: &str, sink: &mut impl FnMut(u32, f32)) {
    features_with(tokens, None, sc, text, sink)
}

/// [`features_into`] with the word-pair buckets given or not (see [`SentenceModel::predict_with`]).
fn features_with(tokens: &[Token], pairs: Option<&[u32]>, sc: &Scored, text: &str, sink: &mut impl Sink) {
    let n = tokens.len();
    super::linear::tone_features(sc, text, sink);
    // (the marks of `text`, gathered when it was scored)
    if sc.marks.exclaims > 0 {
        sink.named(const { named("exclaim") }, 1.0);
    }
    if sc.marks.quoted {
        sink.named(const { named("quoted") }, 1.0);
    }
    // (whether a negator stands in the sentence is gathered in the pass of the opinion sums)
    let sums = opinion_sums(tokens);
    if sums.negator {
        sink.named(const { named("negator") }, 1.0);
    }
    if n == 0 {
        return;
    }
    subjectivity_features(&sums, n, sc, sink);
    let scale = 1.0 / (n as f32).sqrt();
    // words in a negator's scope (the next few words of its clause) are marked "not_"
    let mut scope = 0usize;
    // the first word reads as its lowercase where elsewhere it would be `<cap>`: its buckets are
    // worked out here, the others' were when they were tokenised (and paired)
    let first_cap = tokens[0].kind == WordKind::Cap;
    // (the kept buckets of the pairs, when given, one per word: read without an index check)
    let kept = pairs.filter(|p| p.len() >= n);
    for (i, t) in tokens.iter().enumerate() {
        let negated = scope > 0;
        scope = scope.saturating_sub(1);
        if t.negation {
            scope = NEGATION_SCOPE;
        }
        if t.boundary_after {
            scope = 0;
        }
        let own = i == 0 && first_cap;
        if negated {
            sink.add(word_bucket(S_NOT_PREFIX, norm_word(t, i == 0)), scale);
        } else if own {
            sink.add(word_bucket(S_PREFIX, norm_word(t, true)), scale);
        } else {
            sink.add(t.s_bucket, scale);
        }
        if let Some(next) = tokens.get(i + 1) {
            let b = match kept.and_then(|p| p.get(i)) {
                Some(&b) if !own => b,
                _ => pair_bucket(norm_word(t, i == 0), norm_word(next, false)),
            };
            sink.add(b, scale);
        }
    }
}

/// The FNV state of the prefix "S:not_" (a word in a negator's scope).
const S_NOT_PREFIX: u64 = fnv_extend(FNV_OFFSET, b"S:not_");

/// Modal verbs and adverbs of stance: a sentence that holds one argues rather than reports.
pub(super) const MODALS: [&str; 10] = ["should", "must", "ought", "shouldn't", "mustn't", "would", "could", "might", "perhaps", "surely"];
/// First- and second-person pronouns: the writer or the reader addressed, as in comment.
pub(super) const PERSONAL: [&str; 9] = ["i", "we", "me", "us", "my", "our", "you", "your", "i'm"];

/// What [`subjectivity_features`] reads of a sentence's words, summed in one pass in word
/// order, and whether any of them is a negator.
struct OpinionSums {
    pol: f64,
    subj: f64,
    listed: usize,
    subjective: usize,
    modal: bool,
    personal: bool,
    negator: bool,
}

fn opinion_sums(tokens: &[Token]) -> OpinionSums {
    let (mut pol, mut subj, mut listed, mut subjective) = (0.0f64, 0.0f64, 0usize, 0usize);
    let (mut modal, mut personal, mut negator) = (false, false, false);
    let mut scope = 0usize;
    for t in tokens {
        let negated = scope > 0;
        scope = scope.saturating_sub(1);
        if t.negation {
            scope = NEGATION_SCOPE;
            negator = true;
        }
        if t.boundary_after {
            scope = 0;
        }
        if let Some((p, s)) = t.info.subjective {
            pol += if negated { -0.5 * p } else { p };
            subj += s;
            listed += 1;
            if s >= 0.5 {
                subjective += 1;
            }
        }
        modal |= t.info.modal;
        personal |= t.info.personal;
    }
    OpinionSums { pol, subj, listed, subjective, modal, personal, negator }
}

/// Opinion features of one sentence of `n` words: pattern polarity (flipped in a negator's
/// scope) and subjectivity of the listed words, the share of words with a lexicon valence,
/// modals and personal pronouns, from the sums of [`opinion_sums`].
#[inline]
fn subjectivity_features(sums: &OpinionSums, n: usize, sc: &Scored, sink: &mut impl Sink) {
    if n == 0 {
        return;
    }
    let OpinionSums { pol, subj, listed, subjective, modal, personal, .. } = *sums;
    sink.named(const { named("d:pat_pol") }, normalize(pol, 1.0) as f32);
    if listed > 0 {
        sink.named(const { named("d:pat_subj") }, (subj / listed as f64) as f32);
    }
    sink.named(const { named("d:subj_share") }, (subjective as f64 / (n as f64).sqrt()).min(2.0) as f32);
    let opinion = sc.opinion;
    sink.named(const { named("d:opinion_share") }, (opinion as f64 / (n as f64).sqrt()).min(2.0) as f32);
    if opinion == 0 && subjective == 0 {
        sink.named(const { named("no_opinion_word") }, 1.0);
    }
    if modal {
        sink.named(const { named("modal") }, 1.0);
    }
    if personal {
        sink.named(const { named("personal") }, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sentiment::linear::bucket_parts;
    use crate::extract::sentiment::rules::{score, tokenize, Params};

    fn feature(text: &str, name: &[&str]) -> Option<f32> {
        let lex = Lexicon::builtin().unwrap_or_default();
        let mut tokens = Vec::new();
        tokenize(&lex, text, 0, &mut tokens);
        let sc = score(&lex, &Params::default(), &tokens, text);
        let mut f = Vec::new();
        features(&lex, &tokens, &sc, text, &mut f);
        let b = bucket_parts(name);
        f.iter().find(|(k, _)| *k == b).map(|(_, x)| *x)
    }

    #[test]
    fn opinion_features_of_own_sentences() {
        // "terrible": polarity -1, subjectivity 1 in the pattern lexicon
        let t = "I think the plan is terrible.";
        assert_eq!(feature(t, &["d:pat_pol"]), Some(normalize(-1.0, 1.0) as f32));
        assert_eq!(feature(t, &["d:pat_subj"]), Some(1.0));
        assert_eq!(feature(t, &["personal"]), Some(1.0));
        assert_eq!(feature(t, &["modal"]), None);
        // a negator halves and flips the polarity
        let t = "The plan is not terrible.";
        assert_eq!(feature(t, &["d:pat_pol"]), Some(normalize(0.5, 1.0) as f32));
        assert_eq!(feature(t, &["personal"]), None);
        assert_eq!(feature("The city should act.", &["modal"]), Some(1.0));
        // a plain report: no opinion word at all
        assert_eq!(feature("The meeting was held on Tuesday.", &["no_opinion_word"]), Some(1.0));
        assert_eq!(feature("The meeting was held on Tuesday.", &["d:pat_subj"]), None);
    }
}

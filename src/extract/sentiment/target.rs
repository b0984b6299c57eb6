//! Sentiment toward a person in one sentence: features around the masked mention and a
//! three-class logistic-regression model over them (negative, neutral, positive).
//!
//! Features: lexicon scores of the sentence, of the clause holding the mention and of the words
//! on each side (weighted by closeness), whether a negator stands near, the mention's place in
//! the sentence; and words and word pairs around the mention (the mention itself is masked as
//! `<t>`, other capitalised words as `<cap>`, numbers as `<num>`, so no name is learned).
//! Feature names are hashed (FNV-1a) into [`super::linear::BUCKETS`] buckets; the weights file stores numbers
//! only, one line per bucket used. Training lives in [`super::train`]; this module only reads
//! the weights (`lexicon/sentiment_target_model.txt`) and predicts.

use super::lexicon::Lexicon;
use super::rules::{normalize, Scored, Token, WordKind};
use super::Span;
use super::linear::{bucket, bucket_parts, pair_bucket, softmax, word_bucket, Features, LinearModel, S_PREFIX};

const WEIGHTS: &str = include_str!("../../../lexicon/sentiment_target_model.txt");

/// Words on each side of the mention that give positional and bag features.
const WINDOW: usize = 6;

/// The target model: the linear model with the compiled-in target weights.
#[derive(Debug, Default, Clone)]
pub struct TargetModel {
    pub model: LinearModel,
}

impl TargetModel {
    pub fn builtin() -> TargetModel {
        TargetModel { model: LinearModel::parse(WEIGHTS) }
    }

    /// Probabilities toward the person at `mentions` in one scored sentence: the features are
    /// summed into the scores as they are made (the same sums, in the same order, as
    /// [`LinearModel::probabilities`] of [`features`]).
    pub fn predict(&self, _lex: &Lexicon, tokens: &[Token], sc: &Scored, mentions: &[Span], text: &str) -> [f64; 3] {
        self.predict_with(tokens, None, sc, mentions, text)
    }

    /// [`Self::predict`] with the word-pair buckets of `tokens` given (`pairs[i]`: the bucket
    /// of [`pair_bucket`] of tokens `i` and `i + 1` read as not first, see
    /// [`super::Prepared`]); `None` works them out.
    pub fn predict_with(
        &self,
        tokens: &[Token],
        pairs: Option<&[u32]>,
        sc: &Scored,
        mentions: &[Span],
        text: &str,
    ) -> [f64; 3] {
        let mut z = [0.0f64; 3];
        features_with(tokens, pairs, sc, mentions, text, &mut |b, x| self.model.accumulate(&mut z, b, x));
        softmax(z)
    }
}

/// The word as the models see it: `<num>` when it holds a digit, `<cap>` when it is capitalised
/// (not first in the sentence) and neither a lexicon word nor a negator, else its lowercase.
pub(super) fn norm_word<'a>(t: &'a Token, first: bool) -> &'a str {
    t.norm(first)
}

/// Appends the features of the person at `mentions` in one sentence (`tokens`, scored `sc`,
/// text `text`) to `out`. Linear in the tokens and the mentions; the caller bounds the unit
/// (see [`super::mention_units`]).
pub fn features(lex: &Lexicon, tokens: &[Token], sc: &Scored, mentions: &[Span], text: &str, out: &mut Features) {
    features_into(lex, tokens, sc, mentions, text, &mut |b, x| out.push((b, x)));
}

/// Hands the features of [`features`], in order, to `sink` (bucket, value).
pub fn features_into(
    _lex: &Lexicon,
    tokens: &[Token],
    sc: &Scored,
    mentions: &[Span],
    text: &str,
    sink: &mut impl FnMut(u32, f32),
) {
    features_with(tokens, None, sc, mentions, text, sink)
}

/// [`features_into`] with the word-pair buckets given or not (see [`TargetModel::predict_with`]).
fn features_with(
    tokens: &[Token],
    pairs: Option<&[u32]>,
    sc: &Scored,
    mentions: &[Span],
    text: &str,
    sink: &mut impl FnMut(u32, f32),
) {
    let n = tokens.len();
    // which tokens a mention overlaps: one sweep over tokens and mentions, both in text order
    let mut sorted: Vec<Span> = mentions.to_vec();
    sorted.sort_unstable();
    let mut k = 0;
    let is_target: Vec<bool> = tokens
        .iter()
        .map(|t| {
            while k < sorted.len() && sorted[k].end <= t.start {
                k += 1;
            }
            sorted.get(k).is_some_and(|m| m.start < t.end)
        })
        .collect();
    let mut add = |b: u32, x: f32| sink(b, x);
    super::linear::tone_features(sc, text, &mut add);
    // (the marks of `text`, gathered when it was scored)
    if sc.marks.quoted {
        add(const { bucket("quoted") }, 1.0);
    }

    let Some(first_t) = is_target.iter().position(|&b| b) else {
        add(const { bucket("no_target") }, 1.0);
        return;
    };
    let last_t = is_target.iter().rposition(|&b| b).unwrap_or(first_t);
    let word = |i: usize| if is_target[i] { "<t>" } else { norm_word(&tokens[i], i == 0) };

    // clause holding the (first) mention
    let mut cs = first_t;
    while cs > 0 && !tokens[cs - 1].boundary_after && tokens[cs - 1].info.contrast.is_none() {
        cs -= 1;
    }
    let mut ce = last_t;
    while ce + 1 < n && !tokens[ce].boundary_after && tokens[ce + 1].info.contrast.is_none() {
        ce += 1;
    }
    let clause: f64 = sc.valences[cs..=ce].iter().sum();
    add(const { bucket("d:clause") }, normalize(clause, 15.0) as f32);
    let rest = sc.sum - clause;
    add(const { bucket("d:outside") }, normalize(rest, 15.0) as f32);

    // closeness-weighted lexicon sums on each side, and the nearest sentiment word
    let (mut lw, mut rw) = (0.0, 0.0);
    for d in 1..=n {
        if let Some(j) = first_t.checked_sub(d) {
            lw += sc.valences[j] / d as f64;
        }
        if last_t + d < n {
            rw += sc.valences[last_t + d] / d as f64;
        }
    }
    add(const { bucket("d:left") }, normalize(lw, 4.0) as f32);
    add(const { bucket("d:right") }, normalize(rw, 4.0) as f32);
    for d in 1..=WINDOW {
        if let Some(j) = first_t.checked_sub(d) {
            if tokens[j].negation {
                add(const { bucket("neg_left") }, 1.0);
            }
        }
        if last_t + d < n && tokens[last_t + d].negation {
            add(const { bucket("neg_right") }, 1.0);
        }
    }

    // place of the mention
    let place = if first_t == 0 {
        "first"
    } else if first_t <= 2 {
        "early"
    } else if last_t + 2 >= n {
        "last"
    } else {
        "middle"
    };
    add(bucket_parts(&["place:", place]), 1.0);
    if first_t >= cs && cs == 0 {
        add(const { bucket("in_first_clause") }, 1.0);
    }

    // words around the mention
    const LEFT: [&str; 3] = ["L1:", "L2:", "L3:"];
    const RIGHT: [&str; 3] = ["R1:", "R2:", "R3:"];
    for d in 1..=WINDOW {
        if let Some(j) = first_t.checked_sub(d) {
            if !is_target[j] {
                if d <= 3 {
                    add(bucket_parts(&[LEFT[d - 1], word(j)]), 1.0);
                }
                add(bucket_parts(&["L:", word(j)]), 1.0);
                let v = sc.valences[j];
                if v != 0.0 {
                    add(if v > 0.0 { const { bucket("lexL:pos") } } else { const { bucket("lexL:neg") } }, 1.0);
                }
            }
        }
        let j = last_t + d;
        if j < n && !is_target[j] {
            if d <= 3 {
                add(bucket_parts(&[RIGHT[d - 1], word(j)]), 1.0);
            }
            add(bucket_parts(&["R:", word(j)]), 1.0);
            let v = sc.valences[j];
            if v != 0.0 {
                add(if v > 0.0 { const { bucket("lexR:pos") } } else { const { bucket("lexR:neg") } }, 1.0);
            }
        }
    }
    // word pairs touching the mention
    if first_t >= 2 {
        add(bucket_parts(&["LL:", word(first_t - 2), " ", word(first_t - 1)]), 1.0);
    }
    if last_t + 2 < n {
        add(bucket_parts(&["RR:", word(last_t + 1), " ", word(last_t + 2)]), 1.0);
    }
    // bag of words and pairs of the whole sentence, scaled so long sentences do not dominate
    let scale = 1.0 / (n as f32).sqrt();
    // the first word reads as its lowercase where elsewhere it would be `<cap>`: its buckets are
    // worked out here, the others' were when they were tokenised (and paired)
    let first_cap = tokens[0].kind == WordKind::Cap;
    for i in 0..n {
        if is_target[i] {
            continue;
        }
        let own = i == 0 && first_cap;
        add(if own { word_bucket(S_PREFIX, word(i)) } else { tokens[i].s_bucket }, scale);
        if i + 1 < n && !is_target[i + 1] {
            let b = match pairs {
                Some(p) if !own => p[i],
                _ => pair_bucket(word(i), word(i + 1)),
            };
            add(b, scale);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_weights_parse_fully() {
        let lines = WEIGHTS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        assert_eq!(TargetModel::builtin().model.weights.len(), lines);
    }
}

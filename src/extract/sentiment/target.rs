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
use super::linear::{fnv_bucket, fnv_extend, fnv_extend2, named, pair_bucket, softmax, word_bucket, Features, LinearModel, Scores, Sink, FNV_OFFSET, S_PREFIX};

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
        self.predict_valued(tokens, None, sc, &sc.valences, mentions, text)
    }

    /// [`Self::predict`] with the word-pair buckets of `tokens` given (`pairs[i]`: the bucket
    /// of [`pair_bucket`] of tokens `i` and `i + 1` read as not first, see
    /// [`super::Prepared`]; `None` works them out), and the valences of the unit's tokens (one
    /// per token, [`Scored::valences`]) held apart from `sc` (see
    /// [`super::rules::score_marked_into`]).
    pub fn predict_valued(
        &self,
        tokens: &[Token],
        pairs: Option<&[u32]>,
        sc: &Scored,
        valences: &[f64],
        mentions: &[Span],
        text: &str,
    ) -> [f64; 3] {
        let mut scores = Scores::new(&self.model);
        features_with(tokens, pairs, sc, valences, mentions, text, &mut scores);
        softmax(scores.z)
    }
}

/// The FNV state of a feature prefix ("L1:"), for [`word_bucket`] and [`pair_from`].
const fn prefix(p: &[u8]) -> u64 {
    fnv_extend(FNV_OFFSET, p)
}

/// [`word_bucket`] of `word` from two prefixes (FNV states `a` and `b`), in one pass over it:
/// a word near the mention is a feature both by its distance and on its side.
#[inline]
fn word_buckets2(a: u64, b: u64, word: &str) -> (u32, u32) {
    let (a, b) = fnv_extend2(a, b, word.as_bytes());
    (fnv_bucket(a), fnv_bucket(b))
}

/// The bucket of the prefix whose state is `state`, `a`, a space and `b`: `bucket_parts(&["LL:",
/// a, " ", b])` from `prefix(b"LL:")`.
fn pair_from(state: u64, a: &str, b: &str) -> u32 {
    fnv_bucket(fnv_extend(fnv_extend(fnv_extend(state, a.as_bytes()), b" "), b.as_bytes()))
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
    features_with(tokens, None, sc, &sc.valences, mentions, text, sink)
}

/// [`features_into`] with the word-pair buckets given or not (see [`TargetModel::predict_valued`])
/// and the valences of the tokens (`sc`'s own or held apart, see [`TargetModel::predict_valued`]).
fn features_with(
    tokens: &[Token],
    pairs: Option<&[u32]>,
    sc: &Scored,
    valences: &[f64],
    mentions: &[Span],
    text: &str,
    sink: &mut impl Sink,
) {
    let n = tokens.len();
    let is_target = target_tokens(tokens, mentions);
    super::linear::tone_features(sc, text, sink);
    // (the marks of `text`, gathered when it was scored)
    if sc.marks.quoted {
        sink.named(const { named("quoted") }, 1.0);
    }

    let Some(first_t) = is_target.iter().position(|&b| b) else {
        sink.named(const { named("no_target") }, 1.0);
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
    let clause: f64 = valences[cs..=ce].iter().sum();
    sink.named(const { named("d:clause") }, normalize(clause, 15.0) as f32);
    let rest = sc.sum - clause;
    sink.named(const { named("d:outside") }, normalize(rest, 15.0) as f32);

    // closeness-weighted lexicon sums on each side, and the nearest sentiment word
    let (lw, rw) = side_sums(valences, first_t, last_t, n);
    sink.named(const { named("d:left") }, normalize(lw, 4.0) as f32);
    sink.named(const { named("d:right") }, normalize(rw, 4.0) as f32);
    for d in 1..=WINDOW {
        if let Some(j) = first_t.checked_sub(d) {
            if tokens[j].negation {
                sink.named(const { named("neg_left") }, 1.0);
            }
        }
        if last_t + d < n && tokens[last_t + d].negation {
            sink.named(const { named("neg_right") }, 1.0);
        }
    }

    // place of the mention
    // (the buckets of "place:" and the place, worked out at compile time)
    let place = if first_t == 0 {
        const { named("place:first") }
    } else if first_t <= 2 {
        const { named("place:early") }
    } else if last_t + 2 >= n {
        const { named("place:last") }
    } else {
        const { named("place:middle") }
    };
    sink.named(place, 1.0);
    if first_t >= cs && cs == 0 {
        sink.named(const { named("in_first_clause") }, 1.0);
    }

    // words around the mention
    // (the FNV states of the feature prefixes, each word hashed from there: the buckets of
    // `bucket_parts(&[prefix, word])`)
    const LEFT: [u64; 3] = [prefix(b"L1:"), prefix(b"L2:"), prefix(b"L3:")];
    const RIGHT: [u64; 3] = [prefix(b"R1:"), prefix(b"R2:"), prefix(b"R3:")];
    // (a word near the mention: its features by distance and by side, hashed in one pass)
    let near2 = |j: usize, near: u64, side: u64| word_buckets2(near, side, word(j));
    for d in 1..=WINDOW {
        if let Some(j) = first_t.checked_sub(d) {
            if !is_target[j] {
                if d <= 3 {
                    let (near, any) = near2(j, LEFT[d - 1], const { prefix(b"L:") });
                    sink.add(near, 1.0);
                    sink.add(any, 1.0);
                } else {
                    sink.add(word_bucket(const { prefix(b"L:") }, word(j)), 1.0);
                }
                let v = valences[j];
                if v != 0.0 {
                    sink.named(if v > 0.0 { const { named("lexL:pos") } } else { const { named("lexL:neg") } }, 1.0);
                }
            }
        }
        let j = last_t + d;
        if j < n && !is_target[j] {
            if d <= 3 {
                let (near, any) = near2(j, RIGHT[d - 1], const { prefix(b"R:") });
                sink.add(near, 1.0);
                sink.add(any, 1.0);
            } else {
                sink.add(word_bucket(const { prefix(b"R:") }, word(j)), 1.0);
            }
            let v = valences[j];
            if v != 0.0 {
                sink.named(if v > 0.0 { const { named("lexR:pos") } } else { const { named("lexR:neg") } }, 1.0);
            }
        }
    }
    // word pairs touching the mention
    if first_t >= 2 {
        sink.add(pair_from(const { prefix(b"LL:") }, word(first_t - 2), word(first_t - 1)), 1.0);
    }
    if last_t + 2 < n {
        sink.add(pair_from(const { prefix(b"RR:") }, word(last_t + 1), word(last_t + 2)), 1.0);
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
        sink.add(if own { word_bucket(S_PREFIX, word(i)) } else { tokens[i].s_bucket }, scale);
        if i + 1 < n && !is_target[i + 1] {
            let b = match pairs {
                Some(p) if !own => p[i],
                _ => pair_bucket(word(i), word(i + 1)),
            };
            sink.add(b, scale);
        }
    }
}

/// Per token of `tokens` (in text order, not overlapping): whether one of `mentions` (in any
/// order) overlaps it, a mention `m` and a token `t` overlapping when `m.start < t.end` and
/// `t.start < m.end`. The tokens a mention overlaps are a run of them, both of whose ends are
/// found by binary search (the tokens' ends are in order as their starts are). O(m log n + n).
#[inline(always)]
fn target_tokens(tokens: &[Token], mentions: &[Span]) -> Vec<bool> {
    let mut is_target = vec![false; tokens.len()];
    for m in mentions {
        let lo = tokens.partition_point(|t| t.end <= m.start);
        let hi = tokens.partition_point(|t| t.start < m.end);
        if let Some(run) = is_target.get_mut(lo..hi) {
            run.fill(true);
        }
    }
    is_target
}

/// The closeness-weighted valence sums left of token `first_t` and right of token `last_t`
/// (of the first `n` valences): each valence divided by its distance, summed outward from the
/// mention. A zero valence is passed by: adding its quotient, a zero, leaves a nonzero sum as
/// it is and a zero one +0.0 as it starts, so the sums are those of every quotient.
#[inline(always)]
fn side_sums(valences: &[f64], first_t: usize, last_t: usize, n: usize) -> (f64, f64) {
    let (mut lw, mut rw) = (0.0, 0.0);
    for (d, &v) in valences[..first_t].iter().rev().enumerate() {
        if v != 0.0 {
            lw += v / (d + 1) as f64;
        }
    }
    for (d, &v) in valences[last_t + 1..n].iter().enumerate() {
        if v != 0.0 {
            rw += v / (d + 1) as f64;
        }
    }
    (lw, rw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_states_give_the_named_buckets() {
        use super::super::linear::{bucket, bucket_parts};
        for w in ["", "good", "<t>", "<cap>"] {
            assert_eq!(word_bucket(prefix(b"L1:"), w), bucket_parts(&["L1:", w]));
            assert_eq!(word_bucket(prefix(b"R:"), w), bucket_parts(&["R:", w]));
            assert_eq!(word_buckets2(prefix(b"L2:"), prefix(b"L:"), w), (bucket_parts(&["L2:", w]), bucket_parts(&["L:", w])));
            assert_eq!(pair_from(prefix(b"LL:"), w, "plan"), bucket_parts(&["LL:", w, " ", "plan"]));
        }
        for p in ["first", "early", "last", "middle"] {
            assert_eq!(bucket(&format!("place:{p}")), bucket_parts(&["place:", p]));
        }
    }

    #[test]
    fn compiled_weights_parse_fully() {
        let lines = WEIGHTS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        assert_eq!(TargetModel::builtin().model.weights.len(), lines);
    }
    /// `target_tokens` against the sweep it replaced (mentions sorted, one pass over both) on
    /// generated mentions: empty, nested, overlapping, touching, out of order.
    #[test]
    fn target_tokens_equal_the_sweep() {
        use crate::extract::sentiment::lexicon::Lexicon;
        use crate::extract::sentiment::rules::tokenize;
        let sweep = |tokens: &[Token], mentions: &[Span]| -> Vec<bool> {
            let mut sorted = mentions.to_vec();
            sorted.sort_unstable();
            let mut k = 0;
            tokens
                .iter()
                .map(|t| {
                    while k < sorted.len() && sorted[k].end <= t.start {
                        k += 1;
                    }
                    sorted.get(k).is_some_and(|m| m.start < t.end)
                })
                .collect()
        };
        let lex = Lexicon::builtin().unwrap_or_default();
        let text = "Dr. Ann Lee, the mayor, said  \"no\" to Bo-Kim's plan; U.S. officials — and Lee — agreed.";
        let mut tokens = Vec::new();
        tokenize(&lex, text, 0, &mut tokens);
        let len = text.len();
        let mut seed = 7u64;
        let mut next = |m: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        for _ in 0..3000 {
            let count = next(4);
            let mentions: Vec<Span> = (0..count)
                .map(|_| {
                    let a = next(len + 1);
                    Span::new(a, (a + next(12)).min(len))
                })
                .collect();
            assert_eq!(target_tokens(&tokens, &mentions), sweep(&tokens, &mentions), "{mentions:?}");
        }
    }

    /// `side_sums` against every quotient summed (zeros and signed zeros among the valences).
    #[test]
    fn side_sums_equal_every_quotient_summed() {
        let plain = |v: &[f64], first_t: usize, last_t: usize, n: usize| {
            let (mut lw, mut rw) = (0.0, 0.0);
            for d in 1..=first_t {
                lw += v[first_t - d] / d as f64;
            }
            for d in 1..n - last_t {
                rw += v[last_t + d] / d as f64;
            }
            (lw, rw)
        };
        let values = [0.0, -0.0, 0.0, 1.9, -2.5, 0.0, -0.74 * 1.9, 1.25, -1.25, 0.0];
        let mut seed = 11u64;
        for _ in 0..5000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let n = 1 + (seed >> 40) as usize % 12;
            let v: Vec<f64> = (0..n).map(|i| values[((seed >> (i % 40)) as usize + i * 7) % values.len()]).collect();
            let first_t = (seed >> 20) as usize % n;
            let last_t = first_t + (seed >> 28) as usize % (n - first_t);
            let (a, b) = (side_sums(&v, first_t, last_t, n), plain(&v, first_t, last_t, n));
            assert_eq!((a.0.to_bits(), a.1.to_bits()), (b.0.to_bits(), b.1.to_bits()), "{v:?} {first_t} {last_t}");
        }
    }
}

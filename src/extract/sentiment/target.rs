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
    // which tokens a mention overlaps: one sweep over tokens and mentions, both in text order
    // (the mentions of a unit come in text order: no copy to sort then)
    let sorted: std::borrow::Cow<[Span]> = if mentions.is_sorted() {
        std::borrow::Cow::Borrowed(mentions)
    } else {
        let mut v = mentions.to_vec();
        v.sort_unstable();
        std::borrow::Cow::Owned(v)
    };
    // (the tokens a mention overlaps are a run of them: both ends found by binary search, as
    // the tokens lie in text order without overlapping, so their ends are in order too)
    let mut is_target: Vec<bool> = Vec::with_capacity(n);
    is_target.resize(n, false);
    for m in sorted.iter() {
        let lo = tokens.partition_point(|t| t.end <= m.start);
        let hi = tokens.partition_point(|t| t.start < m.end);
        if let Some(run) = is_target.get_mut(lo..hi) {
            run.fill(true);
        }
    }
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
    let (mut lw, mut rw) = (0.0, 0.0);
    // (each side summed in its own order of distance, as far as it reaches)
    // (a zero valence is passed by: adding its quotient, a zero, leaves the sum as it is, a
    // nonzero sum unchanged and a zero sum +0.0 as it starts)
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
}

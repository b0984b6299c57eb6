//! A three-class linear model over hashed sparse features (negative, neutral, positive):
//! feature hashing, the weights file format, softmax probabilities. Shared by the target model
//! ([`super::target`]) and the sentence model ([`super::sentence`]); it knows no features.
//! Weights files: `bucket<TAB>w_neg<TAB>w_neu<TAB>w_pos` per line, `#` comment lines.

use crate::analysis::SentimentLabel;

/// Number of hash buckets of the feature space.
pub const BUCKETS: u32 = 1 << 20;
/// A sparse feature vector: (bucket, value).
pub type Features = Vec<(u32, f32)>;

/// The FNV-1a, 64 bit, state before any byte.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a state `h` after the bytes `bytes`: `fnv_extend(fnv_extend(FNV_OFFSET, a), b)` is
/// the state of `a` followed by `b`, so the state of a fixed feature prefix ("S:") is computed
/// once, at compile time, and each word hashed from there.
#[inline]
pub const fn fnv_extend(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// [`fnv_extend`] of two states `a` and `b` by the same bytes, in one pass over them.
#[inline]
pub fn fnv_extend2(mut a: u64, mut b: u64, bytes: &[u8]) -> (u64, u64) {
    for &c in bytes {
        a = (a ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        b = (b ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (a, b)
}

/// The bucket of an FNV-1a state.
#[inline]
pub const fn fnv_bucket(h: u64) -> u32 {
    (h % BUCKETS as u64) as u32
}

/// FNV-1a, 64 bit: stable across platforms and releases (unlike std's hasher). A `const fn`, so
/// the buckets of fixed feature names are computed at compile time (`const { bucket("bias") }`).
pub const fn bucket(name: &str) -> u32 {
    fnv_bucket(fnv_extend(FNV_OFFSET, name.as_bytes()))
}

/// The bucket of `prefix` (an FNV state, [`fnv_extend`] of the prefix's bytes) followed by
/// `word`: `word_bucket(fnv_extend(FNV_OFFSET, b"S:"), w)` equals `bucket_parts(&["S:", w])`.
#[inline]
pub fn word_bucket(prefix: u64, word: &str) -> u32 {
    fnv_bucket(fnv_extend(prefix, word.as_bytes()))
}

/// The bucket of the word pair feature "SS:" + `a` + " " + `b` (both models' bag of pairs):
/// equals `bucket_parts(&["SS:", a, " ", b])`.
#[inline]
pub fn pair_bucket(a: &str, b: &str) -> u32 {
    fnv_bucket(fnv_extend(pair_state(a), b.as_bytes()))
}

/// The FNV state of "SS:" + `a` + " ": [`pair_bucket`] of `a` and `b` is [`fnv_bucket`] of it
/// extended by `b`.
#[inline]
pub fn pair_state(a: &str) -> u64 {
    fnv_extend(fnv_extend(SS_PREFIX, a.as_bytes()), b" ")
}

/// [`word_bucket`] from [`S_PREFIX`] and [`pair_state`] of one word, in one pass over it.
#[inline]
pub fn word_and_pair_state(word: &str) -> (u32, u64) {
    let (s, ss) = fnv_extend2(S_PREFIX, SS_PREFIX, word.as_bytes());
    (fnv_bucket(s), fnv_extend(ss, b" "))
}

/// The FNV state of the prefix "SS:" (a word pair of a sentence's bag of pairs).
pub const SS_PREFIX: u64 = fnv_extend(FNV_OFFSET, b"SS:");

/// The FNV state of the prefix "S:" (a word of a sentence's bag of words).
pub const S_PREFIX: u64 = fnv_extend(FNV_OFFSET, b"S:");

/// The features both models (sentence tone and tone toward a person) start from: a bias, the
/// rule score of the text with its positive and negative mass, and whether it asks a question
/// (read from the marks of `sc`, gathered from `text` when it was scored).
/// Pushed in this order, so the learned weights and the dot products stay the same.
#[inline(always)]
pub fn tone_features(sc: &super::rules::Scored, text: &str, sink: &mut impl Sink) {
    sink.named(const { named("bias") }, 1.0);
    sink.named(const { named("d:sent") }, sc.compound as f32);
    sink.named(const { named("d:sent_pos") }, super::rules::normalize(sc.positive, 15.0) as f32);
    sink.named(const { named("d:sent_neg") }, super::rules::normalize(sc.negative, 15.0) as f32);
    let _ = text;
    if sc.marks.questions > 0 {
        sink.named(const { named("question") }, 1.0);
    }
}

/// The features of fixed name of both models (one bucket each, made for every unit scored):
/// a model looks their weights up once, when it is built ([`LinearModel::new`]), and a
/// feature [`Sink`] given one by [`named`] reads them by its place in this list.
pub const NAMED: [&str; 31] = [
    "bias", "d:sent", "d:sent_pos", "d:sent_neg", "question", "quoted", "exclaim", "negator",
    "d:pat_pol", "d:pat_subj", "d:subj_share", "d:opinion_share", "no_opinion_word", "modal", "personal",
    "no_target", "d:clause", "d:outside", "d:left", "d:right", "neg_left", "neg_right",
    "place:first", "place:early", "place:last", "place:middle", "in_first_clause",
    "lexL:pos", "lexL:neg", "lexR:pos", "lexR:neg",
];

/// A feature of fixed name: its place in [`NAMED`] and its bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    slot: usize,
    pub bucket: u32,
}

/// The feature named `name`, which [`NAMED`] must list (checked at compile time where it is
/// used as `const { named("bias") }`).
pub const fn named(name: &str) -> Named {
    let mut i = 0;
    while i < NAMED.len() {
        let (a, b) = (NAMED[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return Named { slot: i, bucket: bucket(name) };
            }
        }
        i += 1;
    }
    panic!("a named feature must be listed in NAMED")
}

/// Where the models' features go, in order: a closure of (bucket, value) (training collects
/// them) or a model's class scores ([`Scores`], which read the weights of a [`Named`] feature
/// from those looked up when the model was built instead of from its bucket).
pub trait Sink {
    fn add(&mut self, b: u32, x: f32);

    /// A feature of fixed name: by default, [`Self::add`] of its bucket.
    #[inline]
    fn named(&mut self, f: Named, x: f32) {
        self.add(f.bucket, x)
    }
}

impl<F: FnMut(u32, f32)> Sink for F {
    #[inline]
    fn add(&mut self, b: u32, x: f32) {
        self(b, x)
    }
}

/// The class scores of a model as its features are summed in ([`LinearModel::accumulate`], in
/// the order they come).
pub struct Scores<'m> {
    model: &'m LinearModel,
    pub z: [f64; 3],
}

impl<'m> Scores<'m> {
    pub fn new(model: &'m LinearModel) -> Scores<'m> {
        Scores { model, z: [0.0; 3] }
    }
}

impl Sink for Scores<'_> {
    #[inline(always)]
    fn add(&mut self, b: u32, x: f32) {
        self.model.accumulate(&mut self.z, b, x)
    }

    /// The same sum as [`Self::add`] of its bucket: the weights were looked up by it.
    #[inline(always)]
    fn named(&mut self, f: Named, x: f32) {
        if let Some(Some(w)) = self.model.named.get(f.slot) {
            for (z, &wk) in self.z.iter_mut().zip(w) {
                *z += f64::from(wk) * f64::from(x);
            }
        }
    }
}

/// The bucket of the concatenation of `parts`, without building it: `bucket_parts(&["S:", w])`
/// equals `bucket(&format!("S:{w}"))`.
pub fn bucket_parts(parts: &[&str]) -> u32 {
    let mut h = FNV_OFFSET;
    for part in parts {
        h = fnv_extend(h, part.as_bytes());
    }
    fnv_bucket(h)
}

/// The weights of a model by bucket: an open-addressing table (linear probing, at most half
/// full) over the bucket ids, each slot holding its bucket and its weights side by side, so a
/// lookup is a mask and a key compare or two in one cache line (a feature is looked up for
/// every word of every unit the models score). A bucket is the low bits of an FNV-1a hash,
/// already spread evenly, so its own low bits pick the first slot. Only [`Weights::keys`]
/// iterates, in no stated order.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Bucket and weights per slot, [`Weights::EMPTY`] for a free one; the length is a power of
    /// two (one free slot when nothing is held, so a lookup needs no test for an empty table).
    slots: Vec<(u32, [f32; 3])>,
    len: usize,
    /// The number of slots minus one: a bucket's low bits under it give its first slot.
    mask: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { slots: vec![(Self::EMPTY, [0.0; 3])], len: 0, mask: 0 }
    }
}

impl Weights {
    /// No bucket is this (buckets are below [`BUCKETS`]).
    const EMPTY: u32 = u32::MAX;

    /// The first slot of bucket `b`.
    #[inline]
    fn first_slot(&self, b: u32) -> usize {
        b as usize & self.mask
    }

    /// Makes room for `n` buckets in all (no regrowth while inserting them).
    pub fn reserve(&mut self, n: usize) {
        let want = (self.len + n).max(4) * 2;
        if want > self.slots.len() {
            self.rehash(want.next_power_of_two());
        }
    }

    fn rehash(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(Self::EMPTY, [0.0; 3]); slots]);
        self.mask = slots - 1;
        self.len = 0;
        for (k, v) in old {
            if k != Self::EMPTY {
                self.insert(k, v);
            }
        }
    }

    /// Sets the weights of bucket `b`; the ones it replaces, if any.
    pub fn insert(&mut self, b: u32, w: [f32; 3]) -> Option<[f32; 3]> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.rehash((self.slots.len() * 2).max(8));
        }
        let mask = self.mask;
        let mut i = self.first_slot(b);
        loop {
            let slot = &mut self.slots[i];
            if slot.0 == b {
                return Some(std::mem::replace(&mut slot.1, w));
            }
            if slot.0 == Self::EMPTY {
                *slot = (b, w);
                self.len += 1;
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The weights of bucket `b`.
    #[inline]
    pub fn get(&self, b: &u32) -> Option<&[f32; 3]> {
        // (the mask taken from the slice's own length, which it is one less than: an index
        // under it is in bounds, so the compiler drops the check of every probe)
        let slots = &self.slots[..];
        let mask = slots.len().wrapping_sub(1);
        let mut i = *b as usize & mask;
        loop {
            let (k, w) = slots.get(i)?;
            if k == b {
                return Some(w);
            }
            if *k == Self::EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The buckets held, in no stated order.
    pub fn keys(&self) -> impl Iterator<Item = &u32> {
        self.slots.iter().map(|(k, _)| k).filter(|&&k| k != Self::EMPTY)
    }
}

impl std::ops::Index<&u32> for Weights {
    type Output = [f32; 3];

    fn index(&self, b: &u32) -> &[f32; 3] {
        const ZERO: [f32; 3] = [0.0; 3];
        self.get(b).unwrap_or(&ZERO)
    }
}

#[derive(Debug, Clone)]
pub struct LinearModel {
    /// bucket -> weights of (negative, neutral, positive). (Read only: [`Self::new`] looked the
    /// [`NAMED`] features up in it.)
    pub weights: Weights,
    /// The weights of each of [`NAMED`], by its place there (`None` when the model has none).
    named: [Option<[f32; 3]>; NAMED.len()],
}

impl Default for LinearModel {
    fn default() -> Self {
        LinearModel::new(Weights::default())
    }
}

impl LinearModel {
    /// The model of `weights`, the weights of the [`NAMED`] features looked up once.
    pub fn new(weights: Weights) -> LinearModel {
        let named = NAMED.map(|n| weights.get(&bucket(n)).copied());
        LinearModel { weights, named }
    }

    /// Parses a weights file; malformed lines are skipped (a unit test checks there are none).
    pub fn parse(text: &str) -> LinearModel {
        let mut weights = Weights::default();
        weights.reserve(text.len() / 24);
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            // exactly four columns, read without collecting them
            let mut cols = line.split('\t');
            let (Some(c0), Some(c1), Some(c2), Some(c3), None) =
                (cols.next(), cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let (Ok(b), Ok(w0), Ok(w1), Ok(w2)) =
                (c0.parse::<u32>(), c1.parse::<f32>(), c2.parse::<f32>(), c3.parse::<f32>())
            else {
                continue;
            };
            weights.insert(b, [w0, w1, w2]);
        }
        LinearModel::new(weights)
    }

    /// Class probabilities (negative, neutral, positive) of a feature vector.
    pub fn probabilities(&self, feats: &[(u32, f32)]) -> [f64; 3] {
        let mut z = [0.0f64; 3];
        for &(b, x) in feats {
            self.accumulate(&mut z, b, x);
        }
        softmax(z)
    }

    /// Adds one feature (bucket `b`, value `x`) to the class scores `z`: what
    /// [`Self::probabilities`] does per feature, for callers that sum features as they make them.
    #[inline]
    pub fn accumulate(&self, z: &mut [f64; 3], b: u32, x: f32) {
        if let Some(w) = self.weights.get(&b) {
            for k in 0..3 {
                z[k] += f64::from(w[k]) * f64::from(x);
            }
        }
    }

}

pub fn softmax(z: [f64; 3]) -> [f64; 3] {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // (the largest score gives exp(0) = 1 exactly: no call for it)
    let e = z.map(|x| {
        let d = x - m;
        if d == 0.0 {
            1.0
        } else {
            d.exp()
        }
    });
    let s: f64 = e.iter().sum();
    e.map(|x| x / s)
}

/// The most probable class; ties go to neutral, then negative.
pub fn argmax_label(p: &[f64; 3]) -> SentimentLabel {
    if p[1] >= p[0] && p[1] >= p[2] {
        SentimentLabel::Neutral
    } else if p[0] >= p[2] {
        SentimentLabel::Negative
    } else {
        SentimentLabel::Positive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_is_stable() {
        assert_eq!(bucket(""), (0xcbf2_9ce4_8422_2325u64 % (1 << 20)) as u32);
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c
        assert_eq!(bucket("a"), (0xaf63_dc4c_8601_ec8cu64 % (1 << 20)) as u32);
        assert_ne!(bucket("L1:good"), bucket("R1:good"));
        assert_eq!(bucket_parts(&["SS:", "very", " ", "good"]), bucket("SS:very good"));
        assert_eq!(bucket_parts(&[]), bucket(""));
        // computed at compile time, the same value
        const BIAS: u32 = bucket("bias");
        assert_eq!(BIAS, bucket_parts(&["bias"]));
        assert_eq!(BIAS, bucket(&String::from("bias")));
        // from a prefix's state, the same buckets
        assert_eq!(word_bucket(S_PREFIX, "good"), bucket_parts(&["S:", "good"]));
        assert_eq!(word_bucket(S_PREFIX, ""), bucket("S:"));
        assert_eq!(pair_bucket("very", "good"), bucket("SS:very good"));
        assert_eq!(pair_bucket("", "<cap>"), bucket_parts(&["SS:", "", " ", "<cap>"]));
        for w in ["", "good", "<num>", "it's"] {
            assert_eq!(word_and_pair_state(w), (word_bucket(S_PREFIX, w), pair_state(w)));
            assert_eq!(fnv_bucket(fnv_extend(pair_state(w), b"plan")), bucket_parts(&["SS:", w, " ", "plan"]));
        }
    }

    #[test]
    fn softmax_skips_no_value() {
        // the same probabilities as exp of every difference, the largest score included
        let plain = |z: [f64; 3]| {
            let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e = z.map(|x| (x - m).exp());
            let s: f64 = e.iter().sum();
            e.map(|x| x / s)
        };
        for z in [[0.3, -1.2, 2.5], [1.0, 1.0, -0.5], [-0.0, 0.0, 0.0], [1e300, -1e300, 3.0], [f64::NAN, 1.0, 2.0]] {
            let (a, b) = (softmax(z), plain(z));
            for k in 0..3 {
                assert_eq!(a[k].to_bits(), b[k].to_bits(), "{z:?}");
            }
        }
    }

    #[test]
    fn argmax_and_softmax() {
        let p = softmax([0.0, 0.0, 0.0]);
        assert!((p[0] - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(argmax_label(&p), SentimentLabel::Neutral);
        assert_eq!(argmax_label(&softmax([2.0, 0.0, 1.0])), SentimentLabel::Negative);
        assert_eq!(argmax_label(&softmax([0.0, 0.0, 1.0])), SentimentLabel::Positive);
    }

    #[test]
    fn weights_table_finds_what_it_holds() {
        let mut w = Weights::default();
        assert_eq!(w.get(&3), None);
        let mut reference = std::collections::HashMap::new();
        for k in 0..5000u32 {
            let b = (k * 7919) % BUCKETS;
            let v = [k as f32, 1.0, -(k as f32)];
            assert_eq!(w.insert(b, v), reference.insert(b, v));
        }
        assert_eq!(w.insert(0, [9.0; 3]), reference.insert(0, [9.0; 3]));
        assert_eq!(w.len(), reference.len());
        for b in (0..BUCKETS).step_by(97).chain(reference.keys().copied()) {
            assert_eq!(w.get(&b), reference.get(&b), "{b}");
        }
        let mut keys: Vec<u32> = w.keys().copied().collect();
        keys.sort_unstable();
        let mut want: Vec<u32> = reference.keys().copied().collect();
        want.sort_unstable();
        assert_eq!(keys, want);
        assert_eq!(w[&0], [9.0; 3]);
    }

    #[test]
    fn named_features_sum_as_their_buckets() {
        for (i, n) in NAMED.iter().enumerate() {
            assert_eq!(named(n), Named { slot: i, bucket: bucket(n) });
        }
        let m = LinearModel::parse(&format!("{}\t0.5\t-0.25\t2\n{}\t1\t1\t1\n", bucket("bias"), bucket("modal")));
        let (mut by_name, mut by_bucket) = (Scores::new(&m), Scores::new(&m));
        for (n, x) in [("bias", 1.0), ("d:sent", -0.3), ("modal", 0.5)] {
            by_name.named(named(n), x);
            by_bucket.add(bucket(n), x);
        }
        assert_eq!(by_name.z, by_bucket.z);
        assert_eq!(by_name.z, [1.0, 0.25, 2.5]);
    }

    #[test]
    fn parses_weights_and_skips_comments() {
        let m = LinearModel::parse("# c\n5\t1\t0\t-1\nbad line\n");
        assert_eq!(m.weights.len(), 1);
        let p = m.probabilities(&[(5, 1.0)]);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}

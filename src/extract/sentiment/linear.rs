//! A three-class linear model over hashed sparse features (negative, neutral, positive):
//! feature hashing, the weights file format, softmax probabilities. Shared by the target model
//! ([`super::target`]) and the sentence model ([`super::sentence`]); it knows no features.
//! Weights files: `bucket<TAB>w_neg<TAB>w_neu<TAB>w_pos` per line, `#` comment lines.

use crate::analysis::SentimentLabel;
use crate::extract::fasthash::BucketMap;

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
    const SS: u64 = fnv_extend(FNV_OFFSET, b"SS:");
    fnv_bucket(fnv_extend(fnv_extend(fnv_extend(SS, a.as_bytes()), b" "), b.as_bytes()))
}

/// The FNV state of the prefix "S:" (a word of a sentence's bag of words).
pub const S_PREFIX: u64 = fnv_extend(FNV_OFFSET, b"S:");

/// The features both models (sentence tone and tone toward a person) start from: a bias, the
/// rule score of the text with its positive and negative mass, and whether it asks a question.
/// Pushed in this order, so the learned weights and the dot products stay the same.
pub fn tone_features(sc: &super::rules::Scored, text: &str, add: &mut impl FnMut(u32, f32)) {
    add(const { bucket("bias") }, 1.0);
    let pos: f64 = sc.valences.iter().filter(|v| **v > 0.0).sum();
    let neg: f64 = sc.valences.iter().filter(|v| **v < 0.0).sum();
    add(const { bucket("d:sent") }, sc.compound as f32);
    add(const { bucket("d:sent_pos") }, super::rules::normalize(pos, 15.0) as f32);
    add(const { bucket("d:sent_neg") }, super::rules::normalize(neg, 15.0) as f32);
    if text.contains('?') {
        add(const { bucket("question") }, 1.0);
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

#[derive(Debug, Default, Clone)]
pub struct LinearModel {
    /// bucket -> weights of (negative, neutral, positive).
    pub weights: BucketMap<[f32; 3]>,
}

impl LinearModel {
    /// Parses a weights file; malformed lines are skipped (a unit test checks there are none).
    pub fn parse(text: &str) -> LinearModel {
        let mut weights = BucketMap::default();
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
        LinearModel { weights }
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
    let e = z.map(|x| (x - m).exp());
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
    fn parses_weights_and_skips_comments() {
        let m = LinearModel::parse("# c\n5\t1\t0\t-1\nbad line\n");
        assert_eq!(m.weights.len(), 1);
        let p = m.probabilities(&[(5, 1.0)]);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}

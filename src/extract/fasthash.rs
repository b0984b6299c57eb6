//! Fast, deterministic hashers for the stages' lookup tables (sentiment lexicons and models,
//! the date vocabulary): FNV-1a for short lower-case word keys, and a multiplicative mix for
//! already-hashed `u32` bucket keys. The keys come from our own compiled-in files, not from
//! input, so the default DoS-resistant SipHash buys nothing and cost a sixth of the sentiment
//! stage's time. Only lookups use these; no output depends on iteration order. It hashes nothing else.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bit, over the bytes written.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// For keys that are hashes already (bucket ids): one multiply spreads them over all 64 bits
/// (the table uses the top bits as tags and the low bits as the slot).
#[derive(Default, Clone, Copy)]
pub struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, k: u32) {
        self.0 = (self.0 ^ u64::from(k)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by words.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
/// A set of words.
pub type WordSet = HashSet<String, BuildHasherDefault<Fnv>>;
/// A map or set with any key whose hash input is short (words, spans): the per-article indexes
/// of the people stage.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;
/// A map keyed by bucket ids.
pub type BucketMap<V> = HashMap<u32, V, BuildHasherDefault<Mix>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let mut m: WordMap<f64> = WordMap::default();
        m.insert("good".to_owned(), 1.9);
        assert_eq!(m.get("good"), Some(&1.9));
        assert_eq!(m.get("goo"), None);
        let mut b: BucketMap<u8> = BucketMap::default();
        for k in 0..1000u32 {
            b.insert(k * 7, (k % 200) as u8);
        }
        assert_eq!(b.get(&(7 * 999)), Some(&199));
        assert_eq!(b.get(&1), None);
    }
}

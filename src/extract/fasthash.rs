//! A fast, deterministic hasher for the stages' lookup tables (sentiment lexicons, the date
//! vocabulary, the people stage's per-article indexes): FNV-1a for short word keys. The keys
//! come from our own compiled-in files or are looked up, never iterated into output, so the
//! default DoS-resistant SipHash buys nothing and cost a sixth of the sentiment stage's time.
//! (The sentiment models' weights have their own flat table, `sentiment::linear::Weights`.)
//! [`edge_slot`] is a cheaper start for small open-addressed word tables (cue words, the date
//! vocabulary) whose words mostly differ in their length and edge bytes.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The first slot of word `w` in an open-addressed table of `mask + 1` slots (a power of
/// two): a hash of its length and first, second and last bytes. The probe then compares whole
/// words, so any word may share a slot; only the spread matters.
pub fn edge_slot(w: &[u8], mask: usize) -> usize {
    let byte = |k: usize| u32::from(w.get(k).copied().unwrap_or(0));
    let last = u32::from(w.last().copied().unwrap_or(0));
    let h = (w.len() as u32).wrapping_mul(0x9E37_79B1)
        ^ byte(0).wrapping_mul(0x85EB_CA77)
        ^ byte(1).wrapping_mul(0xC2B2_AE3D)
        ^ last.wrapping_mul(0x27D4_EB2F);
    ((h ^ (h >> 15)) as usize) & mask
}

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

/// A map keyed by words.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
/// A set of words.
pub type WordSet = HashSet<String, BuildHasherDefault<Fnv>>;
/// A map or set with any key whose hash input is short (words, spans): the per-article indexes
/// of the people stage.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let mut m: WordMap<f64> = WordMap::default();
        m.insert("good".to_owned(), 1.9);
        assert_eq!(m.get("good"), Some(&1.9));
        assert_eq!(m.get("goo"), None);
    }
}

//! A fast, deterministic hasher for the stages' lookup tables (sentiment lexicons, the date
//! vocabulary, the people stage's per-article indexes): FNV-1a for short word keys. The keys
//! come from our own compiled-in files or are looked up, never iterated into output, so the
//! default DoS-resistant SipHash buys nothing and cost a sixth of the sentiment stage's time.
//! (The sentiment models' weights have their own flat table, `sentiment::linear::Weights`.)
//! [`edge_slot`] is a cheaper start for small open-addressed word tables (the date vocabulary)
//! whose words mostly differ in their length and edge bytes; [`folded_edge_slot`] reads four
//! bytes at each edge and ignores ASCII case (the cue words, whose verb forms share their first
//! two and last bytes in whole families).

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

/// The first slot of word `w` in an open-addressed table of `mask + 1` slots: a hash of its
/// length and of its first and last four bytes (the same four for a shorter word), each byte
/// with its 0x20 bit set. That bit is all that ASCII lowercasing changes, so a word and its
/// ASCII lower-case form start at the same slot (a table of lower-case words is probed without
/// a lowered copy). Verb forms share their length, first two and last bytes in whole families
/// ("reported", "repeated", "revealed"), which [`edge_slot`] piled into long runs of slots.
#[inline]
pub fn folded_edge_slot(w: &[u8], mask: usize) -> usize {
    const CASE: u32 = 0x2020_2020;
    let (head, tail) = match (w.first_chunk::<4>(), w.last_chunk::<4>()) {
        (Some(h), Some(t)) => (u32::from_le_bytes(*h), u32::from_le_bytes(*t)),
        _ => {
            let mut b = [0u8; 4];
            for (d, s) in b.iter_mut().zip(w) {
                *d = *s;
            }
            let x = u32::from_le_bytes(b);
            (x, x)
        }
    };
    let h = u64::from(head | CASE).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(tail | CASE).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (w.len() as u64).wrapping_mul(0x1656_67B1_9E37_79F9);
    (h >> 40) as usize & mask
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

//! A read-only table from words to small `Copy` values, probed with a hash the caller may have
//! computed already: the people stage hashes each token's folded text once while tokenising
//! ([`word_hash`], FNV-1a), and every later look-up of that token in a word list is one probe
//! and one comparison, with no hashing and no allocation. Open addressing, linear probing, at
//! most half full. Built once from the compiled-in word lists; it does not fold or scan text.

/// FNV-1a (64 bit) of a word's bytes: the hash [`WordTable`] is probed with.
pub fn word_hash(w: &[u8]) -> u64 {
    let mut h = FNV_START;
    for &b in w {
        h = fnv_step(h, b);
    }
    h
}

/// The FNV-1a starting value, for hashing a word byte by byte with [`fnv_step`].
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
#[inline]
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Byte equality of two short words, compared in place (no call for a handful of bytes).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[derive(Debug, Clone)]
pub struct WordTable<V> {
    /// Per slot: 1 + index into `entries`, 0 for an empty slot.
    slots: Vec<u32>,
    entries: Vec<(u64, Box<str>, V)>,
    shift: u32,
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable { slots: vec![0], entries: Vec::new(), shift: 64 }
    }
}

impl<V: Copy> WordTable<V> {
    /// The table of `pairs` (a word given twice keeps its last value).
    pub fn new(pairs: impl IntoIterator<Item = (String, V)>) -> WordTable<V> {
        let pairs: Vec<(String, V)> = pairs.into_iter().collect();
        let bits = (pairs.len().max(1) * 2).next_power_of_two().trailing_zeros().max(1);
        let mut t = WordTable { slots: vec![0u32; 1 << bits], entries: Vec::with_capacity(pairs.len()), shift: 64 - bits };
        let mask = t.slots.len() - 1;
        for (w, v) in pairs {
            let h = word_hash(w.as_bytes());
            let mut i = t.slot(h);
            loop {
                match t.slots[i] as usize {
                    0 => {
                        t.entries.push((h, w.into_boxed_str(), v));
                        t.slots[i] = u32::try_from(t.entries.len()).unwrap_or(u32::MAX);
                        break;
                    }
                    k => {
                        if let Some(e) = t.entries.get_mut(k - 1).filter(|e| e.0 == h && *e.1 == *w) {
                            e.2 = v;
                            break;
                        }
                    }
                }
                i = (i + 1) & mask;
            }
        }
        t
    }

    fn slot(&self, h: u64) -> usize {
        if self.shift >= 64 {
            return 0;
        }
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The value of `w`, whose [`word_hash`] is `h`.
    #[inline]
    pub fn get_hashed(&self, h: u64, w: &str) -> Option<V> {
        self.get_hashed_bytes(h, w.as_bytes())
    }

    /// [`WordTable::get_hashed`] of a word given as its UTF-8 bytes.
    #[inline]
    pub fn get_hashed_bytes(&self, h: u64, w: &[u8]) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            let s = *self.slots.get(i)? as usize;
            let (eh, ew, v) = self.entries.get(s.checked_sub(1)?)?;
            if *eh == h && same_bytes(ew.as_bytes(), w) {
                return Some(*v);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `w`.
    pub fn get(&self, w: &str) -> Option<V> {
        self.get_hashed(word_hash(w.as_bytes()), w)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_only_that() {
        let words: Vec<String> = (0..5000).map(|k| format!("w{k}")).collect();
        let t = WordTable::new(words.iter().cloned().enumerate().map(|(k, w)| (w, k)));
        assert_eq!(t.len(), 5000);
        for (k, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(k));
            assert_eq!(t.get_hashed(word_hash(w.as_bytes()), w), Some(k));
        }
        assert_eq!(t.get("w5000"), None);
        assert_eq!(t.get(""), None);
        let t = WordTable::new([("a".to_owned(), 1), ("a".to_owned(), 2)]);
        assert_eq!((t.get("a"), t.len()), (Some(2), 1));
        let empty: WordTable<u8> = WordTable::default();
        assert_eq!(empty.get("a"), None);
        let mut h = FNV_START;
        for b in "abc".bytes() {
            h = fnv_step(h, b);
        }
        assert_eq!(h, word_hash(b"abc"));
    }
}

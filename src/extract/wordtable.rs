//! A read-only table from words to small `Copy` values, probed with a hash the caller may have
//! computed already: the people stage hashes each token's folded text once while tokenising
//! ([`word_hash`], eight bytes at a time), and every later look-up of that token in a word list
//! is one probe and one comparison, with no hashing and no allocation (each slot keeps the
//! word's hash, length, first eight bytes and value, so a short word is compared as one number
//! and its value read in place).
//! Open addressing, linear probing, at most half full. Built once from the compiled-in word lists; it does not fold or
//! scan text.

/// The hash [`WordTable`] is probed with: the word's length, then its bytes eight at a time,
/// each chunk read as a little-endian `u64` (the last one padded with zeros) and mixed in with
/// [`hash_step`]. A caller that reads a word in chunks itself (the name tokenizer, lowercasing
/// eight ASCII bytes at once) gets the same hash from [`hash_start`] and [`hash_step`].
pub fn word_hash(w: &[u8]) -> u64 {
    let mut h = hash_start(w.len());
    let mut rest = w;
    while rest.len() > 8 {
        let (c, r) = rest.split_at(8);
        h = hash_step(h, load_chunk(c));
        rest = r;
    }
    hash_step(h, load_chunk(rest))
}

/// The hash of a word of `len` bytes before its first chunk.
#[inline]
pub fn hash_start(len: usize) -> u64 {
    0xcbf2_9ce4_8422_2325 ^ u64::try_from(len).unwrap_or(u64::MAX)
}

/// One chunk of up to eight bytes (little-endian, zero-padded) mixed into the hash.
#[inline]
pub fn hash_step(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

/// Up to eight bytes as a little-endian `u64`, padded with zeros.
#[inline]
pub fn load_chunk(c: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(c) {
        *d = *s;
    }
    u64::from_le_bytes(b)
}

/// Byte equality of two short words, compared in place (no call for a handful of bytes).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One slot of the table: the word's hash, length and first eight bytes (as [`load_chunk`]
/// reads them) and its value, kept in the slot itself, so that a probe compares them without
/// reading the word, a word of at most eight bytes is told equal with no byte loop, and a hit
/// reads its value where it stands. An empty slot holds the default value, which is what a
/// miss answers.
#[derive(Debug, Clone, Copy, Default)]
struct Slot<V> {
    hash: u64,
    first: u64,
    /// 1 + index into `words`, 0 for an empty slot.
    entry: u32,
    len: u32,
    value: V,
}

#[derive(Debug, Clone)]
pub struct WordTable<V> {
    slots: Vec<Slot<V>>,
    words: Vec<Box<str>>,
    /// `slots.len() - 1`.
    mask: usize,
    /// 64 minus the bits of a slot index (at most 63: the table has at least two slots).
    shift: u32,
}

impl<V: Copy + Default> Default for WordTable<V> {
    fn default() -> Self {
        WordTable { slots: vec![Slot::default(); 2], words: Vec::new(), mask: 1, shift: 63 }
    }
}

impl<V: Copy + Default> WordTable<V> {
    /// The table of `pairs` (a word given twice keeps its last value).
    pub fn new(pairs: impl IntoIterator<Item = (String, V)>) -> WordTable<V> {
        let pairs: Vec<(String, V)> = pairs.into_iter().collect();
        let bits = (pairs.len().max(1) * 2).next_power_of_two().trailing_zeros().max(1);
        let mut t = WordTable {
            slots: vec![Slot::default(); 1 << bits],
            words: Vec::with_capacity(pairs.len()),
            mask: (1 << bits) - 1,
            shift: 64 - bits,
        };
        for (w, v) in pairs {
            let h = word_hash(w.as_bytes());
            let mut i = t.slot(h);
            loop {
                let s = t.slots[i];
                match s.entry as usize {
                    0 => {
                        let first = load_chunk(w.as_bytes().get(..8).unwrap_or(w.as_bytes()));
                        let len = u32::try_from(w.len()).unwrap_or(u32::MAX);
                        t.words.push(w.into_boxed_str());
                        let entry = u32::try_from(t.words.len()).unwrap_or(u32::MAX);
                        t.slots[i] = Slot { hash: h, first, entry, len, value: v };
                        break;
                    }
                    k => {
                        if s.hash == h && t.words.get(k - 1).is_some_and(|e| **e == *w) {
                            t.slots[i].value = v;
                            break;
                        }
                    }
                }
                i = (i + 1) & t.mask;
            }
        }
        t
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
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
        let mut i = self.slot(h);
        loop {
            let s = self.slots.get(i)?;
            let k = (s.entry as usize).checked_sub(1)?;
            if s.hash == h && self.words.get(k).is_some_and(|e| same_bytes(e.as_bytes(), w)) {
                return Some(s.value);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// [`WordTable::get_hashed_bytes`] of a word whose first eight bytes (or fewer, zero-padded,
    /// as [`load_chunk`] reads them) the caller has already read as `first`: a word of at most
    /// eight bytes is compared as one number.
    #[inline]
    pub fn get_chunked(&self, h: u64, first: u64, w: &[u8]) -> Option<V> {
        let mut i = self.slot(h);
        loop {
            let s = self.slots.get(i)?;
            if s.entry == 0 {
                return None;
            }
            if self.is_at(s, h, first, w) {
                return Some(s.value);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// [`WordTable::get_chunked`], the default value for a word the table does not hold: an
    /// empty slot holds it, so a hit and a miss both read the slot's value.
    #[inline]
    pub fn get_chunked_or_default(&self, h: u64, first: u64, w: &[u8]) -> V {
        let mut i = self.slot(h);
        loop {
            let Some(s) = self.slots.get(i) else { return V::default() };
            if s.entry == 0 || self.is_at(s, h, first, w) {
                return s.value;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether the full slot `s` holds the word `w` (hash `h`, first chunk `first`).
    #[inline]
    fn is_at(&self, s: &Slot<V>, h: u64, first: u64, w: &[u8]) -> bool {
        s.hash == h
            && s.first == first
            && s.len as usize == w.len()
            && (w.len() <= 8
                || self.words.get((s.entry as usize).wrapping_sub(1)).is_some_and(|e| {
                    same_bytes(e.as_bytes().get(8..).unwrap_or_default(), w.get(8..).unwrap_or_default())
                }))
    }

    /// The value of `w`.
    pub fn get(&self, w: &str) -> Option<V> {
        self.get_hashed(word_hash(w.as_bytes()), w)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
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
        for w in ["w1", "w1234", "w12345678", "w123456789"] {
            let b = w.as_bytes();
            let first = load_chunk(b.get(..8).unwrap_or(b));
            assert_eq!(t.get_chunked(word_hash(b), first, b), t.get(w), "{w}");
            assert_eq!(t.get_chunked_or_default(word_hash(b), first, b), t.get(w).unwrap_or_default(), "{w}");
        }
        assert_eq!(t.get("w5000"), None);
        assert_eq!(t.get(""), None);
        let long = WordTable::new([("abcdefghijk".to_owned(), 1), ("abcdefghijz".to_owned(), 2)]);
        for (w, v) in [("abcdefghijk", Some(1)), ("abcdefghijz", Some(2)), ("abcdefghij", None), ("abcdefghijq", None)] {
            let b = w.as_bytes();
            assert_eq!(long.get_chunked(word_hash(b), load_chunk(&b[..8]), b), v, "{w}");
            assert_eq!(long.get_chunked_or_default(word_hash(b), load_chunk(&b[..8]), b), v.unwrap_or_default(), "{w}");
        }
        let t = WordTable::new([("a".to_owned(), 1), ("a".to_owned(), 2)]);
        assert_eq!((t.get("a"), t.len()), (Some(2), 1));
        let empty: WordTable<u8> = WordTable::default();
        assert_eq!(empty.get("a"), None);
        // chunk by chunk, as the name tokenizer hashes
        for w in ["", "a", "abcdefgh", "abcdefghi", "abcdefghijklmnopq"] {
            let mut h = hash_start(w.len());
            let mut rest = w.as_bytes();
            loop {
                let (c, r) = rest.split_at(rest.len().min(8));
                h = hash_step(h, load_chunk(c));
                rest = r;
                if rest.is_empty() {
                    break;
                }
            }
            assert_eq!(h, word_hash(w.as_bytes()), "{w}");
        }
        assert_ne!(word_hash(b"a"), word_hash(b"a\0"));
    }
}

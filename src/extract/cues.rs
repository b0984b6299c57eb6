//! The English word lists the quote finder reads: speech cue verbs with their inflections and
//! how they take their complement (`lexicon/speech_verbs.txt`), verbless cue phrases ("according
//! to", `lexicon/cue_phrases.txt`), the word classes that shape a speaker noun phrase
//! (`lexicon/speaker_words.txt`) and leading-apostrophe elisions (`lexicon/elisions.txt`).
//! All are compiled in and parsed once in [`CueLexicon::new`]. It only answers look-ups; it
//! does not scan text.

use super::fasthash::{FastMap as HashMap, FastSet as HashSet};

const SPEECH_VERBS: &str = include_str!("../../lexicon/speech_verbs.txt");
const CUE_PHRASES: &str = include_str!("../../lexicon/cue_phrases.txt");
const SPEAKER_WORDS: &str = include_str!("../../lexicon/speaker_words.txt");
const ELISIONS: &str = include_str!("../../lexicon/elisions.txt");

/// How a speech verb takes what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// "X said (that) …", "…, X said."
    Say,
    /// "X told reporters (that) …": the hearer comes first.
    Tell,
    /// Quoted words, or a clause only after "that" ("X joked that …").
    Quote,
}

/// The class of a word in a speaker noun phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    Pronoun,
    Determiner,
    /// Auxiliaries and adverbs that sit between a speaker and its verb ("has", "also").
    Aux,
    /// Common nouns that head a speaker phrase or title a name ("spokesman", "minister").
    Role,
    /// Function words that end a speaker phrase.
    Stop,
    Other,
}

#[derive(Debug)]
pub struct CueLexicon {
    verbs: Probe<VerbClass>,
    /// One bit per word shape ([`shape`]) of the keys of `verbs`: most words are no speech verb
    /// and are told so without hashing.
    verb_shapes: Vec<u64>,
    /// Verbless cue phrases as lower-case word sequences.
    pub phrases: Vec<Vec<String>>,
    /// The lengths (below 64) and the ASCII first bytes of the phrases' first words, for
    /// [`CueLexicon::may_begin_phrase`].
    phrase_first_lens: u64,
    phrase_first_bytes: u128,
    classes: Probe<WordClass>,
    elisions: Probe<()>,
    things: Probe<()>,
    when: Probe<()>,
    when_lead: Probe<()>,
    opening: Probe<()>,
    infinitive: Probe<()>,
    question: Probe<()>,
    topic: Probe<()>,
    topic_preps: Probe<()>,
}

impl Default for CueLexicon {
    fn default() -> Self {
        Self::new()
    }
}

/// A read-only table from words to small values, open-addressed and probed with a hash of a
/// word's length and its first and last four bytes ([`probe_start`]): the quote finder looks up
/// nearly every token of a text, and a word in no list mostly meets an empty slot at once,
/// without hashing all its bytes.
#[derive(Debug)]
struct Probe<V> {
    /// Per slot: an index into `list`, or [`EMPTY`].
    slots: Vec<u16>,
    list: Vec<(String, V)>,
}

const EMPTY: u16 = u16::MAX;

/// The first slot of word `w` in a table of `mask + 1` slots
/// ([`super::fasthash::folded_edge_slot`]: a word and its ASCII lower-case form start at the
/// same slot, so [`Probe::get_folded`] needs no lowered copy).
#[inline]
fn probe_start(w: &[u8], mask: usize) -> usize {
    super::fasthash::folded_edge_slot(w, mask)
}

impl<V: Copy> Probe<V> {
    /// The table of a map's pairs, filled in word order (the same on every run), at most a
    /// quarter full.
    fn new(map: HashMap<String, V>) -> Probe<V> {
        let mut list: Vec<(String, V)> = map.into_iter().collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(list.len() < usize::from(EMPTY), "a word list too long for a probe table");
        let size = (list.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![EMPTY; size];
        for (k, (w, _)) in list.iter().enumerate() {
            let mut at = probe_start(w.as_bytes(), size - 1);
            while slots[at] != EMPTY {
                at = (at + 1) & (size - 1);
            }
            slots[at] = k as u16;
        }
        Probe { slots, list }
    }

    fn get(&self, w: &str) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut at = probe_start(w.as_bytes(), mask);
        // an empty slot ends the probe: the table is never full
        while let Some(&k) = self.slots.get(at) {
            let (key, v) = self.list.get(usize::from(k))?;
            if key.len() == w.len() && key.as_bytes().iter().zip(w.as_bytes()).all(|(a, b)| a == b) {
                return Some(*v);
            }
            at = (at + 1) & mask;
        }
        None
    }

    /// [`Probe::get`] of the ASCII lower-case form of an ASCII word, folding as it compares
    /// (no copy).
    fn get_folded(&self, w: &[u8]) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut at = probe_start(w, mask);
        while let Some(&k) = self.slots.get(at) {
            let (key, v) = self.list.get(usize::from(k))?;
            let key = key.as_bytes();
            if key.len() == w.len() && key.iter().zip(w).all(|(a, b)| *a == b.to_ascii_lowercase()) {
                return Some(*v);
            }
            at = (at + 1) & mask;
        }
        None
    }

    #[cfg(test)]
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.list.iter().map(|(w, _)| w)
    }
}

/// Word shapes: length (16 for longer words) by first and last byte (a-z, or 26 for any other).
const SHAPES: usize = 17 * 27 * 27;

/// The shape of a word's ASCII lower-case form: its length, first and last byte.
fn shape(w: &str) -> usize {
    shape_of(w.as_bytes())
}

/// [`shape`] of a word's bytes.
#[inline]
fn shape_of(b: &[u8]) -> usize {
    let letter = |c: u8| usize::from(SHAPE_LETTER[usize::from(c)]);
    let (f, l) = match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => (letter(f), letter(l)),
        _ => (26, 26),
    };
    (b.len().min(16) * 27 + f) * 27 + l
}

/// The letter of a byte for [`shape`]: 0 to 25 for an ASCII letter of either case, 26 for any
/// other byte (one look-up instead of a test and a lowering).
const SHAPE_LETTER: [u8; 256] = {
    let mut t = [26u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = c.to_ascii_lowercase() - b'a';
        }
        b += 1;
    }
    t
};

fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl CueLexicon {
    pub fn new() -> CueLexicon {
        let mut verbs = HashMap::default();
        let mut infinitive = HashSet::default();
        let mut question = HashSet::default();
        let mut topic = HashSet::default();
        let mut topic_preps = HashSet::default();
        for line in lines(SPEECH_VERBS) {
            let mut it = line.split_whitespace();
            let class = match it.next() {
                Some("infinitive") => {
                    infinitive.extend(it.map(str::to_lowercase));
                    continue;
                }
                Some("question") => {
                    question.extend(it.map(str::to_lowercase));
                    continue;
                }
                Some("topic") => {
                    topic.extend(it.map(str::to_lowercase));
                    continue;
                }
                Some("topic-prepositions") => {
                    topic_preps.extend(it.map(str::to_lowercase));
                    continue;
                }
                Some("say") => VerbClass::Say,
                Some("tell") => VerbClass::Tell,
                Some("quote") => VerbClass::Quote,
                _ => continue,
            };
            for form in it {
                // the first class listed for a form wins
                verbs.entry(form.to_lowercase()).or_insert(class);
            }
        }
        let phrases: Vec<Vec<String>> = lines(CUE_PHRASES)
            .map(|l| l.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
            .filter(|p| !p.is_empty())
            .collect();
        let (mut phrase_first_lens, mut phrase_first_bytes) = (0u64, 0u128);
        for w in phrases.iter().filter_map(|p| p.first()) {
            phrase_first_lens |= 1u64.checked_shl(w.len() as u32).unwrap_or(0);
            if let Some(&b) = w.as_bytes().first().filter(|b| b.is_ascii()) {
                phrase_first_bytes |= 1 << b.to_ascii_lowercase();
            }
        }
        let mut classes = HashMap::default();
        let mut things = HashSet::default();
        let mut when = HashSet::default();
        let mut when_lead = HashSet::default();
        let mut opening = HashSet::default();
        for line in lines(SPEAKER_WORDS) {
            let mut it = line.split_whitespace();
            if line.starts_with("thing ") {
                things.extend(it.skip(1).map(str::to_lowercase));
                continue;
            }
            if line.starts_with("when ") {
                when.extend(it.skip(1).map(str::to_lowercase));
                continue;
            }
            if line.starts_with("when-lead ") {
                when_lead.extend(it.skip(1).map(str::to_lowercase));
                continue;
            }
            if line.starts_with("opening ") {
                opening.extend(it.skip(1).map(str::to_lowercase));
                continue;
            }
            let class = match it.next() {
                Some("pronoun") => WordClass::Pronoun,
                Some("determiner") => WordClass::Determiner,
                Some("aux") => WordClass::Aux,
                Some("role") => WordClass::Role,
                Some("stop") => WordClass::Stop,
                _ => continue,
            };
            for w in it {
                classes.entry(w.to_lowercase()).or_insert(class);
            }
        }
        let elisions = lines(ELISIONS).map(str::to_lowercase).collect();
        let mut verb_shapes = vec![0u64; SHAPES.div_ceil(64)];
        for w in verbs.keys() {
            let bit = shape(w);
            if let Some(word) = verb_shapes.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        let verbs = Probe::new(verbs);
        let classes = Probe::new(classes);
        let set = |words: HashSet<String>| Probe::new(words.into_iter().map(|w| (w, ())).collect());
        CueLexicon {
            verbs,
            verb_shapes,
            phrases,
            phrase_first_lens,
            phrase_first_bytes,
            classes,
            elisions: set(elisions),
            things: set(things),
            when: set(when),
            when_lead: set(when_lead),
            opening: set(opening),
            infinitive: set(infinitive),
            question: set(question),
            topic: set(topic),
            topic_preps: set(topic_preps),
        }
    }

    /// Can a cue phrase begin with `word` (any case)? False only when no phrase's first word
    /// has its length and first letter, so the quote finder need not compare the words there.
    #[inline]
    pub fn may_begin_phrase(&self, word: &str) -> bool {
        self.may_begin_phrase_at(word.len(), word.as_bytes().first().copied().unwrap_or(0x80))
    }

    /// [`CueLexicon::may_begin_phrase`] of a word of `len` bytes whose first byte is `first`
    /// (any non-ASCII byte for an empty word).
    #[inline]
    pub fn may_begin_phrase_at(&self, len: usize, first: u8) -> bool {
        let len_ok = len >= 64 || self.phrase_first_lens >> len & 1 == 1;
        len_ok && (!first.is_ascii() || self.phrase_first_bytes >> first.to_ascii_lowercase() & 1 == 1)
    }

    /// The class of a speech verb form (`word` in any case).
    pub fn verb(&self, word: &str) -> Option<VerbClass> {
        if word.is_ascii() {
            return self.verb_ascii(word.as_bytes());
        }
        with_lowercase(word, |w| {
            let bit = shape(w);
            if self.verb_shapes.get(bit / 64).is_some_and(|word| word >> (bit % 64) & 1 == 1) {
                self.verbs.get(w)
            } else {
                None
            }
        })
    }

    /// [`CueLexicon::verb`] of an ASCII word, given as bytes (a caller that knows its word is
    /// ASCII saves the check; the answer for other bytes is meaningless, never unsafe).
    #[inline]
    pub fn verb_ascii(&self, word: &[u8]) -> Option<VerbClass> {
        // the lower-case form is the ASCII one: shape and probe fold as they read
        let bit = shape_of(word);
        if self.verb_shapes.get(bit / 64).is_none_or(|word| (word >> (bit % 64)) & 1 == 0) {
            return None;
        }
        self.verb_probe(word)
    }

    /// The probe of [`CueLexicon::verb_ascii`] after its shape test, out of line: most words
    /// fail the shape test, which is then a few instructions in the caller.
    #[inline(never)]
    fn verb_probe(&self, word: &[u8]) -> Option<VerbClass> {
        self.verbs.get_folded(word)
    }

    /// The speaker-phrase class of `word` (any case).
    pub fn class(&self, word: &str) -> WordClass {
        if word.is_ascii() {
            return self.class_ascii(word.as_bytes());
        }
        with_lowercase(word, |w| self.classes.get(w)).unwrap_or(WordClass::Other)
    }

    /// [`CueLexicon::class`] of an ASCII word, given as bytes (as [`CueLexicon::verb_ascii`]).
    pub fn class_ascii(&self, word: &[u8]) -> WordClass {
        self.classes.get_folded(word).unwrap_or(WordClass::Other)
    }

    /// Is `word` (any case) a day or time of day that may stand between a speaker and the cue
    /// ("X on Monday said", "X Thursday night told")?
    pub fn is_when(&self, word: &str) -> bool {
        has(&self.when, word)
    }
    /// Does `word` (any case) stand before a day or time between a speaker and the cue ("on
    /// Monday", "this month", "last week")?
    pub fn is_when_lead(&self, word: &str) -> bool {
        has(&self.when_lead, word)
    }
    /// Does `word` (any case) open a sentence with a clause or an adverb that runs to a comma
    /// before the subject ("While …, X said", "However, X …")?
    pub fn is_opening(&self, word: &str) -> bool {
        has(&self.opening, word)
    }
    /// Does this verb form report an infinitive ("vowed to …", "urged them to …")?
    pub fn takes_infinitive(&self, word: &str) -> bool {
        has(&self.infinitive, word)
    }

    /// Does this verb form report a question ("asked whether …")?
    pub fn takes_question(&self, word: &str) -> bool {
        has(&self.question, word)
    }

    /// Does this verb form report speech by its topic ("warned of …")?
    pub fn takes_topic(&self, word: &str) -> bool {
        has(&self.topic, word)
    }

    /// Is `word` a preposition that introduces a topic ("about", "of")?
    pub fn is_topic_preposition(&self, word: &str) -> bool {
        has(&self.topic_preps, word)
    }

    /// Is `word` a document, data or media source ("poll", "website") rather than a person?
    pub fn is_thing(&self, word: &str) -> bool {
        has(&self.things, word)
    }

    /// Is `word` (without its leading apostrophe) an elision like 'til or 'em?
    pub fn is_elision(&self, word: &str) -> bool {
        has(&self.elisions, word)
    }
}

/// Does `set` hold the lower-case form of `word`? An ASCII word is folded as it is compared.
fn has(set: &Probe<()>, word: &str) -> bool {
    if word.is_ascii() {
        return set.get_folded(word.as_bytes()).is_some();
    }
    with_lowercase(word, |w| set.get(w).is_some())
}

/// `f` of the lowercase form of `word` (`str::to_lowercase`), without allocating for an ASCII
/// word: as it is when it has no capital, else lowered in a small buffer (ASCII lowercasing is
/// what `to_lowercase` does to ASCII). Other words, and ASCII words longer than the buffer (no
/// listed word is), are lowered into a `String`.
fn with_lowercase<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    // lower-case ASCII already (the common case), in one pass
    if word.bytes().all(|b| b < 0x80 && !b.is_ascii_uppercase()) {
        return f(word);
    }
    if word.is_ascii() {
        let mut buf = [0u8; 32];
        if let Some(dst) = buf.get_mut(..word.len()) {
            dst.copy_from_slice(word.as_bytes());
            dst.make_ascii_lowercase();
            if let Ok(w) = std::str::from_utf8(dst) {
                return f(w);
            }
        }
    }
    f(&word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_filter_keeps_every_verb() {
        let l = CueLexicon::new();
        for (w, c) in &l.verbs.list {
            assert_eq!(l.verb(w), Some(*c), "{w}");
        }
        assert!(l.verbs.keys().count() > 10);
        for (w, c) in &l.classes.list {
            assert_eq!(l.class(w), *c, "{w}");
        }
        // the probe tables answer as maps of their words
        let map: HashMap<String, u8> = ["a", "ab", "ba", "abc", "cba", "x", "said", "sad", "sid"].iter().enumerate().map(|(k, w)| (w.to_string(), k as u8)).collect();
        let probe = Probe::new(map.clone());
        for w in ["a", "ab", "ba", "abc", "cba", "x", "said", "sad", "sid", "", "b", "abd", "saiD", "s\u{e9}d", "SAID", "Ab"] {
            assert_eq!(probe.get(w), map.get(w).copied(), "{w}");
            if w.is_ascii() {
                assert_eq!(probe.get_folded(w.as_bytes()), map.get(&w.to_ascii_lowercase()).copied(), "{w}");
            }
        }
        // the ASCII fast paths answer as the lower-casing ones
        for w in ["Said", "SAYS", "told", "Table", "He", "THE", "also", "Spokesman", "x", "", "O'Brien", "\u{c9}T\u{c9}"] {
            let verb = with_lowercase(w, |lw| { let bit = shape(lw); l.verb_shapes.get(bit / 64).is_some_and(|x| x >> (bit % 64) & 1 == 1).then(|| l.verbs.get(lw)).flatten() });
            assert_eq!(l.verb(w), verb, "{w}");
            assert_eq!(l.class(w), with_lowercase(w, |lw| l.classes.get(lw)).unwrap_or(WordClass::Other), "{w}");
        }
        assert_eq!(l.verb("Said"), Some(VerbClass::Say));
        assert_eq!(l.verb("the"), None);
        assert_eq!(l.verb(""), None);
    }

    #[test]
    fn word_sets_find_their_words_in_any_case() {
        let l = CueLexicon::new();
        for set in [&l.elisions, &l.things, &l.when, &l.when_lead, &l.opening, &l.infinitive, &l.question, &l.topic, &l.topic_preps] {
            assert!(!set.list.is_empty());
            for (w, _) in &set.list {
                assert!(has(set, w), "{w}");
                if w.is_ascii() {
                    assert!(has(set, &w.to_ascii_uppercase()), "{w}");
                    assert!(!has(set, &format!("{w}qx")), "{w}");
                }
            }
        }
        assert!(l.is_when("Monday") && l.is_when_lead("LAST") && l.is_elision("Til") && !l.is_when("zebra"));
    }

    #[test]
    fn may_begin_phrase_passes_every_first_word() {
        let l = CueLexicon::new();
        for p in &l.phrases {
            let w = &p[0];
            assert!(l.may_begin_phrase(w), "{w}");
            assert!(l.may_begin_phrase(&w.to_uppercase()), "{w}");
        }
        assert!(!l.may_begin_phrase("said"));
        assert!(!l.may_begin_phrase(""));
    }

    #[test]
    fn verbs_have_inflections_and_classes() {
        let l = CueLexicon::new();
        assert_eq!(l.verb("said"), Some(VerbClass::Say));
        assert_eq!(l.verb("Says"), Some(VerbClass::Say));
        assert_eq!(l.verb("told"), Some(VerbClass::Tell));
        assert_eq!(l.verb("denied"), Some(VerbClass::Say));
        assert_eq!(l.verb("joked"), Some(VerbClass::Quote));
        assert_eq!(l.verb("table"), None);
    }

    #[test]
    fn word_classes() {
        let l = CueLexicon::new();
        assert_eq!(l.class("He"), WordClass::Pronoun);
        assert_eq!(l.class("the"), WordClass::Determiner);
        assert_eq!(l.class("also"), WordClass::Aux);
        assert_eq!(l.class("spokesman"), WordClass::Role);
        assert_eq!(l.class("because"), WordClass::Stop);
        assert_eq!(l.class("Lebedev"), WordClass::Other);
        assert!(l.is_elision("Til"));
        // the lowercase forms the look-ups use, with and without the buffer
        for w in ["said", "Said", "SAID", "T\u{c9}L\u{c9}", "O'Brien", &"Ab".repeat(40), "", "\u{130}"] {
            assert_eq!(with_lowercase(w, str::to_owned), w.to_lowercase());
        }
        assert_eq!(l.phrases[0], vec!["according".to_string(), "to".to_string()]);
    }
}

//! The word lists of the sentiment scorer, parsed once from data files compiled into the binary:
//! the VADER 3.3.2 lexicon (MIT, C.J. Hutto; `lexicon/sentiment_vader_LICENSE.txt`), the news
//! adjustments that override or extend it (`lexicon/sentiment_news.txt`), the Hu & Liu opinion
//! word lists (ODC-By 1.0 / CC BY 4.0; `lexicon/sentiment_opinion_LICENSE.txt`), which give the
//! words neither of those rates a valence of [`OPINION_VALENCE`] with the list's sign ("tawdry",
//! "dilapidated", "overpriced": editorial vocabulary that VADER, built on tweets, lacks), the rule tables
//! (boosters, negations, idioms, contrast and concession markers; `lexicon/sentiment_rules.txt`),
//! and the polarity and subjectivity of (mostly) adjectives from the pattern / TextBlob lexicon
//! (PDDL; `lexicon/sentiment_subjectivity.txt`), which the sentence model uses as features.
//! Every single word of these tables is also gathered with what each table says about it
//! ([`WordInfo`], with the modal and personal words of [`super::sentence`]), so a token costs one
//! lookup, the inflected forms of the listed words are stored with the valence of their stem
//! ([`Lexicon::stems`]), and every multi-word sequence of the phrase tables with what each table
//! says about it ([`Lexicon::sequences`]). It only looks words up; scoring is [`super::rules`].

use crate::extract::fasthash::{WordMap, WordSet};

const VADER_LEXICON: &str = include_str!("../../../lexicon/sentiment_vader_lexicon.txt");
const NEWS_LEXICON: &str = include_str!("../../../lexicon/sentiment_news.txt");
const RULES: &str = include_str!("../../../lexicon/sentiment_rules.txt");
const SUBJECTIVITY: &str = include_str!("../../../lexicon/sentiment_subjectivity.txt");
const OPINION_WORDS: &str = include_str!("../../../lexicon/sentiment_opinion_words.txt");

/// Valence (VADER scale) of a word of the Hu & Liu opinion lists that neither VADER nor the news
/// adjustments list: a list gives only a sign, and a word on it is weaker evidence than a rated
/// one (VADER's mean absolute valence is about 1.5).
pub const OPINION_VALENCE: f64 = 1.0;

/// A malformed line in one of the compiled-in data files.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LexiconError {
    #[error("{file}:{line}: {reason}")]
    BadLine { file: &'static str, line: usize, reason: &'static str },
}

/// Longest phrase (in words) the phrase tables may hold.
pub const MAX_PHRASE: usize = 4;

/// Everything the tables say about one single word, gathered in [`Lexicon::vocab`] so that a
/// token is looked up once instead of once per table (see [`Lexicon::info`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordInfo {
    /// `words`: the word's own valence.
    pub valence: Option<f64>,
    /// `boosters`: the word's own booster increment.
    pub booster: Option<f64>,
    /// `contrast`: weights of the clause before and after.
    pub contrast: Option<(f64, f64)>,
    /// `concession`: weight of the clause it opens.
    pub concession: Option<f64>,
    /// `subjective`: polarity and subjectivity.
    pub subjective: Option<(f64, f64)>,
    /// Listed in `negations` (the "n't" ending is the tokenizer's to add, see
    /// [`Lexicon::is_negation`]).
    pub negation: bool,
    /// The first word of a multi-word phrase or booster (`phrase_prefixes`).
    pub phrase_prefix: bool,
    /// A modal verb or adverb of stance ([`super::sentence::MODALS`]).
    pub modal: bool,
    /// A first- or second-person pronoun ([`super::sentence::PERSONAL`]).
    pub personal: bool,
    /// The rules read nothing of it ([`super::rules::valences`] passes it by): no valence, no
    /// booster, no negator, no contrast or concessive marker, no phrase start. Derived by
    /// [`Lexicon::index`] (`false`, the safe answer, where a table was not indexed).
    pub silent: bool,
    /// For a phrase start: bit `b % 64` is set for the first byte `b` of the second word of
    /// each multi-word key (of `phrases`, `boosters`, `phrase_prefixes`) it starts, so the phrase
    /// scan need not look a key up when the word after it starts with none of them. Derived by
    /// [`Lexicon::index`], with [`WordInfo::phrase_prefix`].
    pub phrase_next: u64,
}

/// The suffixes [`Lexicon::stem_valence`] strips, in the order it tries them.
const STEM_SUFFIXES: [&str; 6] = ["s", "es", "ed", "d", "ing", "ly"];

/// The [`WordInfo`] of a word no table lists.
static NO_INFO: WordInfo = WordInfo {
    valence: None,
    booster: None,
    contrast: None,
    concession: None,
    subjective: None,
    negation: false,
    phrase_prefix: false,
    modal: false,
    personal: false,
    silent: true,
    phrase_next: 0,
};

#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Valence of single words (VADER, then news overrides), lowercase keys.
    pub words: WordMap<f64>,
    /// Multi-word entries (news phrases and idioms): space-joined lowercase words -> valence.
    pub phrases: WordMap<f64>,
    /// Booster / dampener increments, single words and phrases ("kind of").
    pub boosters: WordMap<f64>,
    pub negations: WordSet,
    /// Contrast markers: weight of the clause before and after.
    pub contrast: WordMap<(f64, f64)>,
    /// Concessive markers: weight of the clause they open.
    pub concession: WordMap<f64>,
    /// Polarity (-1..1) and subjectivity (0..1) of words of the pattern lexicon.
    pub subjective: WordMap<(f64, f64)>,
    /// Every proper word prefix ("cut", "cut its") of a multi-word phrase or booster, so a
    /// scan for phrases stops at the first word sequence that cannot grow into one. Derived
    /// from `phrases` and `boosters` by [`Lexicon::builtin`].
    pub phrase_prefixes: WordSet,
    /// Every single word of the tables above with what each says about it: one lookup per
    /// token. Derived from the tables by [`Lexicon::index`] (which [`Lexicon::builtin`] calls;
    /// call it again after changing a table).
    pub vocab: WordMap<WordInfo>,
    /// Every multi-word key of `phrases`, `boosters` and `phrase_prefixes`, with what each of
    /// them says about it: the phrase scan makes one lookup per word sequence instead of three.
    /// Derived by [`Lexicon::index`].
    pub sequences: WordMap<SequenceInfo>,
    /// `vocab` again, probed with the hash the tokenizer computes anyway ([`token_hash`]): one
    /// probe and one comparison per token, no hashing of its own. Derived by [`Lexicon::index`].
    pub token_vocab: TokenTable<WordInfo>,
    /// Every word without a hyphen whose [`Lexicon::stem_valence`] is not `None`, with it: the
    /// inflected forms of the listed words ("criticisms", "scorning"), probed the same way
    /// (some 70,000 words: kept only here, not in a second map). Derived from `words` by
    /// [`Lexicon::index`].
    pub token_stems: TokenTable<f64>,
    /// `sequences` again, probed the same way (the hash of the words joined by spaces, grown
    /// word by word by the phrase scan). Derived by [`Lexicon::index`].
    pub token_sequences: TokenTable<SequenceInfo>,
}

/// The hash [`TokenTable`] is probed with: the FNV-1a state of "S:" followed by the word, which
/// the tokenizer works out for the word's bag-of-words feature anyway
/// ([`super::linear::S_PREFIX`]).
#[inline]
pub fn token_hash(w: &[u8]) -> u64 {
    super::linear::fnv_extend(super::linear::S_PREFIX, w)
}

/// A read-only table from words to values, probed with the word's [`token_hash`]: open
/// addressing, linear probing, at most half full. The hash's own low bits pick the first slot
/// (the model buckets the tokenizer takes from the same states are those low bits too).
#[derive(Debug, Clone)]
pub struct TokenTable<V> {
    /// Per slot: 1 + index into `entries`, 0 for an empty slot.
    slots: Vec<u32>,
    entries: Vec<(u64, Box<str>, V)>,
    /// The number of slots minus one.
    mask: usize,
}

impl<V> Default for TokenTable<V> {
    fn default() -> Self {
        TokenTable { slots: vec![0], entries: Vec::new(), mask: 0 }
    }
}

impl<V> TokenTable<V> {
    /// The table of `pairs` (distinct words).
    pub fn new(pairs: impl IntoIterator<Item = (String, V)>) -> TokenTable<V> {
        let pairs: Vec<(String, V)> = pairs.into_iter().collect();
        let bits = (pairs.len().max(1) * 2).next_power_of_two().trailing_zeros().max(1);
        let mut t = TokenTable { slots: vec![0u32; 1 << bits], entries: Vec::with_capacity(pairs.len()), mask: (1 << bits) - 1 };
        let mask = t.slots.len() - 1;
        for (w, v) in pairs {
            let h = token_hash(w.as_bytes());
            let mut i = t.slot(h);
            while t.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            t.entries.push((h, w.into_boxed_str(), v));
            t.slots[i] = u32::try_from(t.entries.len()).unwrap_or(u32::MAX);
        }
        t
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        h as usize & self.mask
    }

    /// The word and value of the entry whose hash is `h` and whose bytes `same` accepts (the
    /// caller's word, compared as it holds it).
    #[inline]
    pub fn get_with(&self, h: u64, same: impl Fn(&[u8]) -> bool) -> Option<(&str, &V)> {
        let mask = self.mask;
        let mut i = self.slot(h);
        loop {
            let s = *self.slots.get(i)? as usize;
            let (eh, ew, v) = self.entries.get(s.checked_sub(1)?)?;
            if *eh == h && same(ew.as_bytes()) {
                return Some((ew, v));
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `w`, whose [`token_hash`] is `h`.
    #[inline]
    pub fn get(&self, h: u64, w: &str) -> Option<&V> {
        let w = w.as_bytes();
        self.get_with(h, |k| k.len() == w.len() && k.iter().zip(w).all(|(x, y)| x == y)).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every word and its value, in the order they were given.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(_, w, v)| (&**w, v))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What the phrase tables say about one sequence of words ([`Lexicon::sequences`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SequenceInfo {
    /// `phrases`: the phrase's valence.
    pub phrase: Option<f64>,
    /// `boosters`: the booster increment of the phrase.
    pub booster: Option<f64>,
    /// In `phrase_prefixes`: a longer phrase or booster starts with it.
    pub prefix: bool,
}

impl Lexicon {
    /// Parses the compiled-in data files.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::default();
        for (n, line) in VADER_LEXICON.lines().enumerate() {
            let mut cols = line.split('\t');
            let (Some(word), Some(val)) = (cols.next(), cols.next()) else {
                return Err(bad("sentiment_vader_lexicon.txt", n, "expected word<TAB>valence"));
            };
            let v: f64 = val
                .trim()
                .parse()
                .map_err(|_| bad("sentiment_vader_lexicon.txt", n, "valence is not a number"))?;
            lex.insert_entry(word, v);
        }
        for (n, line) in data_lines(OPINION_WORDS) {
            let (word, sign) = line.split_once('\t').unwrap_or((line, ""));
            let v = match sign.trim() {
                "+" => OPINION_VALENCE,
                "-" => -OPINION_VALENCE,
                _ => return Err(bad("sentiment_opinion_words.txt", n, "expected word<TAB>+ or -")),
            };
            let word = word.trim().to_lowercase();
            if !word.is_empty() && !lex.words.contains_key(&word) {
                lex.insert_entry(&word, v);
            }
        }
        for (n, line) in data_lines(NEWS_LEXICON) {
            let mut cols = line.split('\t');
            let (Some(word), Some(val)) = (cols.next(), cols.next()) else {
                return Err(bad("sentiment_news.txt", n, "expected word<TAB>valence"));
            };
            let v: f64 =
                val.trim().parse().map_err(|_| bad("sentiment_news.txt", n, "valence is not a number"))?;
            lex.insert_entry(word, v);
        }
        for (n, line) in data_lines(RULES) {
            let cols: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| -> Result<f64, LexiconError> {
                cols.get(i)
                    .and_then(|s| s.trim().parse().ok())
                    .ok_or_else(|| bad("sentiment_rules.txt", n, "missing or bad number"))
            };
            let key = cols.get(1).map(|s| s.trim().to_lowercase()).unwrap_or_default();
            if key.is_empty() {
                return Err(bad("sentiment_rules.txt", n, "missing key"));
            }
            match cols[0] {
                "booster" => {
                    lex.boosters.insert(key, num(2)?);
                }
                "negation" => {
                    lex.negations.insert(key);
                }
                "idiom" => {
                    let v = num(2)?;
                    lex.insert_entry(&key, v);
                }
                "contrast" => {
                    lex.contrast.insert(key, (num(2)?, num(3)?));
                }
                "concession" => {
                    lex.concession.insert(key, num(2)?);
                }
                _ => return Err(bad("sentiment_rules.txt", n, "unknown kind")),
            }
        }
        for (n, line) in data_lines(SUBJECTIVITY) {
            let mut cols = line.split('\t');
            let word = cols.next().unwrap_or("").trim();
            let mut num = || cols.next().and_then(|c| c.trim().parse::<f64>().ok());
            let (Some(pol), Some(subj)) = (num(), num()) else {
                return Err(bad("sentiment_subjectivity.txt", n, "expected word<TAB>polarity<TAB>subjectivity"));
            };
            if word.is_empty() {
                return Err(bad("sentiment_subjectivity.txt", n, "missing word"));
            }
            lex.subjective.insert(word.to_lowercase(), (pol, subj));
        }
        let mut prefixes = WordSet::default();
        for key in lex.phrases.keys().chain(lex.boosters.keys()) {
            for (k, _) in key.match_indices(' ') {
                prefixes.insert(key[..k].to_owned());
            }
        }
        lex.phrase_prefixes = prefixes;
        lex.index();
        Ok(lex)
    }

    /// Rebuilds [`Lexicon::vocab`] from the tables. Keys with a space are left out: a token
    /// never holds one, so they are only ever found by the phrase scan.
    pub fn index(&mut self) {
        fn slot<'v>(vocab: &'v mut WordMap<WordInfo>, k: &str) -> Option<&'v mut WordInfo> {
            if k.contains(' ') {
                None
            } else {
                Some(vocab.entry(k.to_owned()).or_default())
            }
        }
        let mut vocab: WordMap<WordInfo> = WordMap::default();
        for (k, &v) in &self.words {
            if let Some(e) = slot(&mut vocab, k) {
                e.valence = Some(v);
            }
        }
        for (k, &v) in &self.boosters {
            if let Some(e) = slot(&mut vocab, k) {
                e.booster = Some(v);
            }
        }
        for (k, &v) in &self.contrast {
            if let Some(e) = slot(&mut vocab, k) {
                e.contrast = Some(v);
            }
        }
        for (k, &v) in &self.concession {
            if let Some(e) = slot(&mut vocab, k) {
                e.concession = Some(v);
            }
        }
        for (k, &v) in &self.subjective {
            if let Some(e) = slot(&mut vocab, k) {
                e.subjective = Some(v);
            }
        }
        for k in &self.negations {
            if let Some(e) = slot(&mut vocab, k) {
                e.negation = true;
            }
        }
        for k in &self.phrase_prefixes {
            if let Some(e) = slot(&mut vocab, k) {
                e.phrase_prefix = true;
            }
        }
        for k in super::sentence::MODALS {
            if let Some(e) = slot(&mut vocab, k) {
                e.modal = true;
            }
        }
        for k in super::sentence::PERSONAL {
            if let Some(e) = slot(&mut vocab, k) {
                e.personal = true;
            }
        }
        // (the multi-word keys are those of `sequences` below)
        let keys = self.phrases.keys().chain(self.boosters.keys()).chain(self.phrase_prefixes.iter());
        let mut next: WordMap<u64> = WordMap::default();
        for k in keys {
            let mut words = k.split(' ');
            if let (Some(first), Some(second)) = (words.next(), words.next()) {
                let bit = second.as_bytes().first().map_or(0, |&b| 1u64 << (b & 63));
                *next.entry(first.to_owned()).or_default() |= bit;
            }
        }
        for (k, e) in vocab.iter_mut() {
            e.phrase_next = next.get(k.as_str()).copied().unwrap_or(0);
        }
        for e in vocab.values_mut() {
            e.silent = e.valence.is_none()
                && e.booster.is_none()
                && !e.negation
                && e.contrast.is_none()
                && e.concession.is_none()
                && !e.phrase_prefix;
        }
        self.token_vocab = TokenTable::new(vocab.iter().map(|(k, v)| (k.clone(), *v)));
        self.vocab = vocab;
        let mut sequences: WordMap<SequenceInfo> = WordMap::default();
        for (k, &v) in &self.phrases {
            if k.contains(' ') {
                sequences.entry(k.clone()).or_default().phrase = Some(v);
            }
        }
        for (k, &v) in &self.boosters {
            if k.contains(' ') {
                sequences.entry(k.clone()).or_default().booster = Some(v);
            }
        }
        for k in &self.phrase_prefixes {
            if k.contains(' ') {
                sequences.entry(k.clone()).or_default().prefix = true;
            }
        }
        self.token_sequences = TokenTable::new(sequences.iter().map(|(k, v)| (k.clone(), *v)));
        self.sequences = sequences;
        // A word without a hyphen has a stem valence only when it is a listed word plus a
        // suffix, or a listed word ending in "e" minus the "e" plus "ing" or "ed": try exactly
        // those forms, each with the fallback itself, so the table answers as it would.
        // (Forms of a hyphenated word hold the hyphen: those are worked out when met.)
        let mut stems: WordMap<f64> = WordMap::default();
        stems.reserve(self.words.len() * 4);
        let mut form = String::new();
        for w in self.words.keys().filter(|w| !w.contains('-')) {
            let cut = w.strip_suffix('e');
            let forms = STEM_SUFFIXES.iter().map(|s| (w.as_str(), *s)).chain(
                cut.into_iter().flat_map(|c| [(c, "ing"), (c, "ed")]),
            );
            for (stem, suffix) in forms {
                form.clear();
                form.push_str(stem);
                form.push_str(suffix);
                if stems.contains_key(form.as_str()) {
                    continue;
                }
                if let Some(v) = self.stem_valence(&form) {
                    stems.insert(form.clone(), v);
                }
            }
        }
        self.token_stems = TokenTable::new(stems);
    }

    /// [`Self::stem_valence`] through the [`Lexicon::token_stems`] table (a hyphenated word is
    /// worked out).
    pub fn stem_valence_indexed(&self, lower: &str) -> Option<f64> {
        self.stem_valence_known(lower, lower.as_bytes().contains(&b'-'))
    }

    /// [`Self::stem_valence_indexed`] of a word known to hold a hyphen or not (`hyphen`, as
    /// the tokenizer found): the same answer without searching the word for one.
    #[inline]
    pub fn stem_valence_known(&self, lower: &str, hyphen: bool) -> Option<f64> {
        let b = lower.as_bytes();
        if hyphen {
            self.stem_valence(lower)
        } else if b.len() < 5 || !matches!(b.last(), Some(b's' | b'd' | b'g' | b'y')) {
            // no suffix to strip (the same early answer as the fallback's), no lookup
            None
        } else {
            self.token_stems.get(token_hash(b), lower).copied()
        }
    }

    /// [`Self::stem_valence_known`] of a word whose [`token_hash`] is `h`, through
    /// [`Lexicon::token_stems`].
    #[inline]
    pub fn stem_valence_hashed(&self, lower: &str, hyphen: bool, h: u64) -> Option<f64> {
        let b = lower.as_bytes();
        if hyphen {
            self.stem_valence(lower)
        } else if b.len() < 5 || !matches!(b.last(), Some(b's' | b'd' | b'g' | b'y')) {
            None
        } else {
            self.token_stems.get(h, lower).copied()
        }
    }

    /// The [`WordInfo`] of a word no table lists.
    pub fn no_info() -> &'static WordInfo {
        &NO_INFO
    }

    /// What the tables say about one lowercase word (all empty when it is in none).
    pub fn info(&self, lower: &str) -> &WordInfo {
        self.vocab.get(lower).unwrap_or(&NO_INFO)
    }

    fn insert_entry(&mut self, key: &str, v: f64) {
        let key = key.trim().to_lowercase();
        if key.contains(' ') {
            if key.split(' ').count() <= MAX_PHRASE {
                self.phrases.insert(key, v);
            }
        } else {
            self.words.insert(key, v);
        }
    }

    pub fn valence(&self, lower: &str) -> Option<f64> {
        self.words.get(lower).copied()
    }

    /// Valence of a word, falling back to a simple stem when the form itself is not listed
    /// ("criticisms" -> "criticism", "worsening" -> "worsen", "self-defeating" -> "defeating").
    /// Stems shorter than four letters are not tried.
    pub fn valence_or_stem(&self, lower: &str) -> Option<f64> {
        self.valence(lower).or_else(|| self.stem_valence(lower))
    }

    /// The stem fallback of [`Self::valence_or_stem`] alone, for a word whose own valence is
    /// known to be absent.
    pub fn stem_valence(&self, lower: &str) -> Option<f64> {
        // Most words end in none of the suffixes' letters and hold no hyphen: no stem to try.
        let b = lower.as_bytes();
        let hyphen = b.contains(&b'-');
        if !hyphen && (b.len() < 5 || !matches!(b.last(), Some(b's' | b'd' | b'g' | b'y'))) {
            return None;
        }
        if let Some((first, last)) = lower.rsplit_once('-') {
            if last.len() >= 4 {
                if let Some(v) = self.valence_or_stem(last) {
                    // "non-violent", "anti-corruption": the prefix turns the word around
                    let negating = matches!(first, "non" | "anti" | "un" | "in");
                    return Some(if negating { -0.74 * v } else { v });
                }
            }
            return None;
        }
        for suffix in STEM_SUFFIXES {
            if let Some(stem) = lower.strip_suffix(suffix) {
                if stem.len() < 4 {
                    continue;
                }
                if let Some(v) = self.valence(stem) {
                    return Some(v);
                }
                if suffix == "ing" || suffix == "ed" {
                    // stem + "e", built on the stack (a word that long is rare)
                    let mut buf = [0u8; 48];
                    let found = if stem.len() < buf.len() {
                        buf[..stem.len()].copy_from_slice(stem.as_bytes());
                        buf[stem.len()] = b'e';
                        std::str::from_utf8(&buf[..=stem.len()]).ok().and_then(|e| self.valence(e))
                    } else {
                        self.valence(&format!("{stem}e"))
                    };
                    if let Some(v) = found {
                        return Some(v);
                    }
                }
            }
        }
        None
    }

    pub fn is_negation(&self, lower: &str) -> bool {
        self.negations.contains(lower) || lower.ends_with("n't")
    }
}

fn bad(file: &'static str, n: usize, reason: &'static str) -> LexiconError {
    LexiconError::BadLine { file, line: n + 1, reason }
}

/// Non-blank, non-comment lines with their 0-based line numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_parses() {
        let lex = Lexicon::builtin().expect("compiled-in lexicons parse");
        assert_eq!(lex.valence("good"), Some(1.9));
        // news overrides win over VADER
        assert_eq!(lex.valence("united"), Some(0.0));
        assert_eq!(lex.valence("casualties"), Some(-2.2));
        assert_eq!(lex.phrases.get("cut its outlook"), Some(&-1.5));
        assert_eq!(lex.boosters.get("very"), Some(&0.293));
        // pattern / TextBlob polarity and subjectivity, senses averaged
        assert_eq!(lex.subjective.get("terrible"), Some(&(-1.0, 1.0)));
        assert_eq!(lex.subjective.get("good"), Some(&(0.7, 0.6)));
        assert_eq!(lex.contrast.get("but"), Some(&(0.5, 1.5)));
        // listed forms win; unlisted ones fall back to a stem
        assert_eq!(lex.valence_or_stem("criticisms"), Some(-0.9));
        assert_eq!(lex.valence_or_stem("scorned"), Some(-1.7));
        assert_eq!(lex.valence_or_stem("scorning"), Some(-1.7));
        assert_eq!(lex.valence_or_stem("long-defeated"), Some(-2.1)); // "defeated"
        // a word only the opinion lists hold gets their sign; a word VADER rates keeps its valence
        assert_eq!(lex.valence("self-defeating"), Some(-OPINION_VALENCE));
        assert_eq!(lex.valence("accolade"), Some(OPINION_VALENCE));
        assert_eq!(lex.valence("good"), Some(1.9));
        assert_eq!(lex.valence_or_stem("anti-corruption"), Some(-0.74 * -2.6));
        assert_eq!(lex.valence_or_stem("non-compliance"), Some(-0.74 * 1.2));
        assert_eq!(lex.valence_or_stem("its"), None);
        assert!(lex.is_negation("not") && lex.is_negation("wouldn't") && !lex.is_negation("the"));
        // the stem table answers as the fallback does
        for w in ["criticisms", "scorned", "scorning", "worsening", "self-defeating", "its", "the", "goods", "x"] {
            assert_eq!(lex.stem_valence_indexed(w), lex.stem_valence(w), "{w}");
            assert_eq!(lex.stem_valence_known(w, w.contains('-')), lex.stem_valence(w), "{w}");
        }
        assert!(lex.token_stems.len() > 1000);
        // the token table holds what the map holds, found by the tokenizer's hash
        assert_eq!(lex.token_vocab.len(), lex.vocab.len());
        for (k, v) in &lex.vocab {
            assert_eq!(lex.token_vocab.get(token_hash(k.as_bytes()), k), Some(v), "{k}");
        }
        for (k, v) in lex.token_stems.iter() {
            assert_eq!(lex.token_stems.get(token_hash(k.as_bytes()), k), Some(v), "{k}");
            assert_eq!(lex.stem_valence_hashed(k, false, token_hash(k.as_bytes())), lex.stem_valence(k), "{k}");
        }
        for w in ["the", "goods", "x", "", "criticisms"] {
            assert_eq!(lex.token_vocab.get(token_hash(w.as_bytes()), w), lex.vocab.get(w), "{w}");
        }
        // the sequence table answers as the three tables do
        for k in lex.phrases.keys().chain(lex.boosters.keys()).chain(lex.phrase_prefixes.iter()) {
            let e = lex.sequences.get(k.as_str()).copied().unwrap_or_default();
            if k.contains(' ') {
                assert_eq!(e.phrase, lex.phrases.get(k.as_str()).copied(), "{k}");
                assert_eq!(e.booster, lex.boosters.get(k.as_str()).copied(), "{k}");
                assert_eq!(e.prefix, lex.phrase_prefixes.contains(k.as_str()), "{k}");
            } else {
                assert_eq!(e, SequenceInfo::default(), "{k}");
            }
        }
        assert_eq!(lex.sequences.get("cut its outlook").and_then(|e| e.phrase), Some(-1.5));
        assert!(lex.sequences.get("cut its").is_some_and(|e| e.prefix));
    }
}

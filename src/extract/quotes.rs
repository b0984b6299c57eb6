//! Finds quotes: direct (in quotation marks), indirect ("X said that …") and mixed ("X said
//! the plan was “a disaster”"), each with its speech cue and the words that name its speaker
//! at that quote, as byte spans. It does not decide who a mention refers to; that is
//! [`super::people`].
//!
//! The work is done in three linear passes over the tokens of the document:
//! 1. [`super::marks`] pairs quotation marks paragraph by paragraph;
//! 2. each quoted stretch is tied to a cue and a speaker phrase next to it ("…,” he said",
//!    "…,” said X", "X said: “…”", "X: “…”", "according to X, “…”"), else to the speaker of
//!    another quote in its paragraph, else (a paragraph opening with a quote) carried over from
//!    the previous quote; quoted words that are not tied to speech and are too short to be
//!    speech (scare quotes, titles) are dropped;
//! 3. sentences with a cue outside the marks give indirect quotes ("X said (that) …",
//!    "…, X said.", "X told Y (that) …", "according to X, …"), mixed when they hold quoted words.
//!
//! Speaker phrases are found by a small noun-phrase chunker around the cue (pronouns, names with
//! titles, "the CIS Secretary General", "a campaign aide", appositions "X, the CEO of Y,").
//! English only: for other languages, quotes by marks come out without cue or speaker.

use super::cues::{CueLexicon, VerbClass, WordClass};
use super::language::Language;
use super::marks::{self, Marked};
use super::text::{pack_lower, tokenize_into, Document, Token, TokenKind, MAX_KEY_BYTES};
use super::wordlist;
use super::Span;
use crate::analysis::QuoteKind;
use std::cell::Cell;

/// A quote as this stage finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteCandidate {
    /// The content; for a direct quote it includes the quotation marks.
    pub span: Span,
    pub kind: QuoteKind,
    /// The speech cue ("said", "according to").
    pub cue: Option<Span>,
    /// The words naming the speaker at this quote ("he", "the minister", "Lebedev").
    pub speaker: Option<Span>,
    /// The quote has no speaker of its own and continues the previous quote's speaker
    /// (`speaker` then holds that quote's mention).
    pub carryover: bool,
}

/// Lexicons for quote finding, built once.
#[derive(Debug, Default)]
pub struct QuoteRules {
    lex: CueLexicon,
}

/// Longest speaker phrase, in tokens.
const MAX_NP: usize = 14;
/// How far from a quote's marks a cue is looked for, in tokens.
const CUE_WINDOW: usize = 24;
/// Quotes shorter than this (in words) need a speaker of their own.
const SHORT_UNATTRIBUTED: usize = 6;
/// Longest title-cased quote still taken for a title rather than speech.
const MAX_TITLE_WORDS: usize = 10;
/// How many neighbouring quotes of a paragraph lend their speaker.
const NEIGHBOURS: usize = 8;
/// Longest stretch of tokens any one scan reads, keeping every pass linear.
const SCAN_LIMIT: usize = 400;
/// Quoted words shorter than this, not ending like a sentence and tied to no cue, are not quotes.
const MIN_SPEECH_WORDS: usize = 6;
/// [`Ctx::in_quote`] of a token outside every quote.
const NO_QUOTE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Attribution {
    speaker: Option<Span>,
    cue: Option<Span>,
    carryover: bool,
}

/// A marked quote being attributed.
#[derive(Debug, Clone)]
struct Direct {
    m: Marked,
    para: usize,
    attr: Option<Attribution>,
    /// Set when the quote was absorbed into a mixed quote or dropped.
    dead: bool,
    /// Token index of the cue that attributed it, if any.
    cue_tok: Option<usize>,
    /// Attributed by the before-pattern with words between cue and marks ("called it “…”").
    mixed_from: Option<usize>,
    /// The words between the marks, counted up to [`INNER_WORDS`] ([`words_up_to`]), once.
    words: usize,
}

/// How far [`Direct::words`] counts: the largest threshold a quote's words are compared with.
const INNER_WORDS: usize = MAX_TITLE_WORDS + 1;
const _: () = assert!(MIN_SPEECH_WORDS <= INNER_WORDS && SHORT_UNATTRIBUTED <= INNER_WORDS && 3 <= INNER_WORDS);

impl Direct {
    /// `words_up_to` of the inner text with a cap of at most [`INNER_WORDS`]: counting stops at
    /// the cap, so a smaller cap's count is the smaller of the two.
    fn words_up_to(&self, cap: usize) -> usize {
        self.words.min(cap)
    }
}

struct Ctx<'a> {
    body: &'a str,
    lex: &'a CueLexicon,
    toks: Vec<Token>,
    /// For every token, the index of the direct quote (in `directs`) holding it, or
    /// [`NO_QUOTE`] (four bytes a token: the vector is cleared for every token of the text).
    in_quote: Vec<u32>,
    /// For every token, whether a direct quote opens at it.
    opens: Vec<bool>,
    /// For every token, what [`Ctx::new`] works out once ([`Tk`]).
    info: Vec<Tk>,
}

/// What the rules ask of one token, worked out once ([`Tk::flags`] bits, its mark) or at the
/// first asking (the caches of [`CueLexicon::verb`] and [`CueLexicon::class`], whose answers
/// depend only on the token's text).
struct Tk {
    /// [`CAP`] and [`HALT`] bits.
    flags: u8,
    /// For a punctuation token, its mark's bit in a [`mark_set`] (0 for other tokens and for
    /// marks no rule asks about).
    mark: u8,
    verb: Cell<Option<Option<VerbClass>>>,
    class: Cell<Option<WordClass>>,
}

/// [`Tk::flags`]: a word that begins with a capital ([`Ctx::is_cap`]).
const CAP: u8 = 1;
/// [`Tk::flags`]: a token that the indirect-quote scan does more than pass
/// ([`Ctx::next_candidate`]): in a quote, a possible start of a cue phrase, or a lower-case
/// speech verb.
const HALT: u8 = 2;

/// The punctuation marks the rules ask about, each with its bit in a [`mark_set`] (bit 0 is
/// no mark).
const MARKS: [char; 14] = ['.', ',', ';', ':', '!', '?', '&', '(', ')', '-', '–', '—', '―', '…'];

/// The bit of mark `c` in [`MARKS`], or 0 when it is none of them.
const fn mark_bit(c: char) -> u8 {
    let mut k = 0;
    while k < MARKS.len() {
        if MARKS[k] == c {
            return k as u8 + 1;
        }
        k += 1;
    }
    0
}

/// The set of the marks of `set` as bits ([`mark_bit`]); every one must be in [`MARKS`]
/// (checked when compiling, for the constant sets of [`marks!`]).
const fn mark_set(set: &str) -> u16 {
    let b = set.as_bytes();
    let (mut i, mut m) = (0, 0u16);
    while i < b.len() {
        // (decoding the UTF-8 of one character: the sets hold one- and three-byte ones)
        let (c, len) = if b[i] < 0x80 {
            (b[i] as u32, 1)
        } else if b[i] >= 0xE0 && b[i] < 0xF0 {
            (((b[i] as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F), 3)
        } else {
            panic!("a mark set holds only one- and three-byte characters")
        };
        let Some(c) = char::from_u32(c) else { panic!("not a character") };
        let bit = mark_bit(c);
        assert!(bit != 0, "a mark set holds only marks of MARKS");
        m |= 1 << bit;
        i += len;
    }
    m
}

/// The [`mark_set`] of a literal, as a constant.
macro_rules! marks {
    ($set:literal) => {{
        const SET: u16 = mark_set($set);
        SET
    }};
}

/// A short list of words for [`Ctx::is_in`]: their lengths as bits and their
/// [`pack_lower`] keys, built when compiling from `lexicon/quote_rule_words.txt` (a token is
/// compared with a list in a few instructions, after one packing, instead of word by word).
struct Words {
    lens: u64,
    keys: [u64; MAX_WORDS],
    n: usize,
}

/// The longest list of [`Words`].
const MAX_WORDS: usize = 16;

impl Words {
    /// The empty list.
    const EMPTY: Words = Words { lens: 0, keys: [0; MAX_WORDS], n: 0 };

    /// The list with `w` added (lower case, at most seven bytes, so that a key holds a whole
    /// word, and at most [`MAX_WORDS`] words: checked when compiling).
    const fn with(mut self, w: &[u8]) -> Words {
        assert!(self.n < MAX_WORDS, "a word list longer than MAX_WORDS");
        assert!(!w.is_empty() && w.len() <= MAX_KEY_BYTES, "a listed word longer than a key");
        self.lens |= 1 << w.len();
        self.keys[self.n] = pack_lower(w);
        self.n += 1;
        self
    }

    /// The list of `words` (tests).
    #[cfg(test)]
    const fn new(words: &[&str]) -> Words {
        let (mut list, mut i) = (Words::EMPTY, 0);
        while i < words.len() {
            list = list.with(words[i].as_bytes());
            i += 1;
        }
        list
    }

    /// The list `name` of `src`, a file of named lists ([`wordlist::named_words`]); it must
    /// have at least one word.
    const fn named(src: &[u8], name: &[u8]) -> Words {
        let mut ranges = [(0, 0); MAX_WORDS];
        let n = wordlist::named_words(src, name, &mut ranges);
        assert!(n > 0, "a word list that lexicon/quote_rule_words.txt does not hold");
        assert!(n <= MAX_WORDS, "a word list longer than MAX_WORDS");
        let (mut list, mut i) = (Words::EMPTY, 0);
        while i < n {
            list = list.with(wordlist::word_bytes(src, &ranges, i));
            i += 1;
        }
        list
    }
}

/// The function-word lists of the rules (`lexicon/quote_rule_words.txt`, see its header).
const RULE_WORDS: &str = include_str!("../../lexicon/quote_rule_words.txt");

/// The [`Words`] of list `name` of [`RULE_WORDS`], as a constant (a name the file does not
/// list fails the build).
macro_rules! words {
    ($name:literal) => {{
        const WORDS: Words = Words::named(RULE_WORDS.as_bytes(), $name.as_bytes());
        &WORDS
    }};
}

/// The [`Words`] of string literals (tests).
#[cfg(test)]
macro_rules! words_of {
    ($($w:literal),+ $(,)?) => {{
        const WORDS: Words = Words::new(&[$($w),+]);
        &WORDS
    }};
}

impl<'a> Ctx<'a> {
    #[inline(never)]
    fn new(body: &'a str, lex: &'a CueLexicon, toks: Vec<Token>, in_quote: Vec<u32>, opens: Vec<bool>) -> Ctx<'a> {
        let bytes = body.as_bytes();
        // each token's capital (from the tokenizer), mark, and (a lower-case word outside
        // quotes, which the indirect-quote scan asks about) speech verb class, read from its
        // bytes where the tokenizer found them ASCII
        let info = toks
            .iter()
            .zip(&in_quote)
            .map(|(t, &q)| {
                let Span { start, end } = t.span;
                let first = bytes.get(start).copied().unwrap_or(0);
                let (mut flags, mut mark, mut verb) = (0u8, 0u8, None);
                match t.kind {
                    TokenKind::Word => {
                        if t.is_capital() {
                            flags |= CAP;
                        } else if q == NO_QUOTE {
                            let found = match bytes.get(start..end) {
                                Some(word) if t.is_ascii() => lex.verb_ascii(word),
                                _ => lex.verb(t.span.of(body)),
                            };
                            verb = Some(found);
                            if found.is_some() {
                                flags |= HALT;
                            }
                        }
                    }
                    TokenKind::Punct => {
                        mark = if first < 0x80 { mark_bit(char::from(first)) } else { t.span.of(body).chars().next().map_or(0, mark_bit) };
                    }
                    TokenKind::Number => {}
                }
                if q != NO_QUOTE || lex.may_begin_phrase_at(end.saturating_sub(start), first) {
                    flags |= HALT;
                }
                Tk { flags, mark, verb: Cell::new(verb), class: Cell::new(None) }
            })
            .collect();
        Ctx { body, lex, toks, in_quote, opens, info }
    }
    /// The text of token `i` (cut when asked: most rules read only [`Ctx::bytes`]).
    #[inline]
    fn text(&self, i: usize) -> &'a str {
        self.toks[i].span.of(self.body)
    }
    /// The bytes of token `i`'s text (a token spans whole characters, so these are exactly
    /// the bytes of [`Ctx::text`], cut without checking character boundaries).
    #[inline]
    fn bytes(&self, i: usize) -> &'a [u8] {
        let Span { start, end } = self.toks[i].span;
        self.body.as_bytes().get(start..end).unwrap_or(&[])
    }
    /// The index of the direct quote holding token `i`, if any.
    #[inline]
    fn quote(&self, i: usize) -> Option<usize> {
        let q = self.in_quote[i];
        (q != NO_QUOTE).then_some(q as usize)
    }
    /// [`CueLexicon::verb`] of token `i`'s text.
    #[inline]
    fn verb(&self, i: usize) -> Option<VerbClass> {
        match self.info[i].verb.get() {
            Some(known) => known,
            None => self.verb_first(i),
        }
    }
    /// [`Ctx::verb`] the first time token `i` is asked.
    #[inline(never)]
    fn verb_first(&self, i: usize) -> Option<VerbClass> {
        let found = self.lex.verb(self.text(i));
        self.info[i].verb.set(Some(found));
        found
    }
    #[inline]
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].is_word()
    }
    /// A word that begins with a capital.
    #[inline]
    fn is_cap(&self, i: usize) -> bool {
        self.info[i].flags & CAP != 0
    }
    #[inline]
    fn class(&self, i: usize) -> WordClass {
        if !self.is_word(i) {
            return WordClass::Other;
        }
        match self.info[i].class.get() {
            Some(known) => known,
            None => self.class_first(i),
        }
    }
    /// [`Ctx::class`] the first time word `i` is asked.
    #[inline(never)]
    fn class_first(&self, i: usize) -> WordClass {
        let found = self.lex.class(self.text(i));
        self.info[i].class.set(Some(found));
        found
    }
    /// Is token `i` the word `w` (in any ASCII case)? Most tokens differ in length: told
    /// before reading any byte.
    #[inline]
    fn is(&self, i: usize, w: &str) -> bool {
        let Span { start, end } = self.toks[i].span;
        end.wrapping_sub(start) == w.len() && self.body.as_bytes().get(start..end).is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
    }
    /// Is token `i` one of the words of `set` (in any ASCII case, as [`Ctx::is`]), written
    /// `words!("possessive")` for a list of `lexicon/quote_rule_words.txt`? Told by its length
    /// first, most often.
    #[inline]
    fn is_in(&self, i: usize, set: &Words) -> bool {
        let Span { start, end } = self.toks[i].span;
        let len = end.wrapping_sub(start);
        if len >= 64 || set.lens >> len & 1 == 0 {
            return false;
        }
        // (a listed word fits a key whole: equal keys of equal lengths are equal words)
        let key = self.body.as_bytes().get(start..end).map_or(0, pack_lower);
        set.keys.get(..set.n).is_some_and(|keys| keys.contains(&key))
    }
    /// Is token `i` a punctuation mark of `set` (a [`mark_set`], written `marks!(",;")`)?
    #[inline]
    fn punct(&self, i: usize, set: u16) -> bool {
        set >> self.info[i].mark & 1 == 1
    }
    fn terminal(&self, i: usize) -> bool {
        self.punct(i, marks!(".!?;…"))
    }
    /// Lower-case content word that looks like a verb or adverb ("failed", "running", "quickly").
    fn verbish(&self, i: usize) -> bool {
        let t = self.bytes(i);
        self.toks[i].kind == TokenKind::Word
            && !self.is_cap(i)
            && self.class(i) != WordClass::Role
            && (t.ends_with(b"ed") || t.ends_with(b"ing") || t.ends_with(b"ly") || self.verb(i).is_some())
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b].span.end)
    }

    /// A speech cue verb at token `i`: lower case, not an infinitive ("to say") nor a noun
    /// after a determiner ("the report").
    #[inline]
    fn cue_at(&self, i: usize, lo: usize) -> Option<VerbClass> {
        if self.toks[i].kind != TokenKind::Word || self.is_cap(i) {
            return None;
        }
        // most words are no speech verb: only a verb goes on to the checks of its context
        let class = self.verb(i)?;
        self.cue_in_context(i, lo, class)
    }

    /// The rest of [`Ctx::cue_at`] for a lower-case speech verb at `i`.
    #[inline(never)]
    fn cue_in_context(&self, i: usize, lo: usize, class: VerbClass) -> Option<VerbClass> {
        if i > lo {
            let p = i - 1;
            let quantifier = || self.is_in(p, words!("quantifier"));
            if self.is(p, "to") || self.class(p) == WordClass::Determiner && !quantifier() {
                return None;
            }
            // passive "was told", "are asked": the subject is the hearer
            let be = words!("be_passive");
            if self.is_in(p, be) && !self.bytes(i).ends_with(b"ing") {
                return None;
            }
            let pt = self.bytes(p);
            if pt.ends_with(b"'s") || pt.ends_with("’s".as_bytes()) {
                // "Trump's call", unless a verb follows a contracted "has"/"is"
                if !self.bytes(i).ends_with(b"ed") && !self.bytes(i).ends_with(b"ing") {
                    return None;
                }
            }
        }
        Some(class)
    }

    /// The first token from `k` on (or `end`) that the indirect-quote scan of
    /// [`QuoteRules::indirect_in_sentence`] does more than pass: in a quote, a used cue, a
    /// possible start of a cue phrase ([`CueLexicon::may_begin_phrase`]) or a lower-case speech
    /// verb (what [`Ctx::cue_at`] looks at before the context). The others give no cue there.
    #[inline(never)]
    fn next_candidate(&self, mut k: usize, end: usize, used: &[bool]) -> usize {
        while k < end {
            let (Some(tk), Some(&u)) = (self.info.get(k), used.get(k)) else {
                return k;
            };
            if tk.flags & HALT != 0 || u {
                return k;
            }
            k += 1;
        }
        k
    }

    /// "according to" starting at `i`; returns the index of the last word.
    fn cue_phrase_at(&self, i: usize, hi: usize) -> Option<usize> {
        if !self.toks.get(i).is_some_and(|t| self.lex.may_begin_phrase_at(t.span.len(), self.body.as_bytes().get(t.span.start).copied().unwrap_or(0x80))) {
            return None;
        }
        'outer: for p in &self.lex.phrases {
            if i + p.len() > hi {
                continue;
            }
            for (k, w) in p.iter().enumerate() {
                if !self.is(i + k, w) {
                    continue 'outer;
                }
            }
            return Some(i + p.len() - 1);
        }
        None
    }

    fn is_possessive(&self, i: usize) -> bool {
        let t = self.bytes(i);
        t.ends_with(b"'s") || t.ends_with("’s".as_bytes())
    }

    /// The core noun phrase ending at token `j`, no earlier than `lo`: (start, end) tokens.
    fn np_core(&self, j: usize, lo: usize) -> Option<(usize, usize)> {
        if j < lo || !self.is_word(j) {
            return None;
        }
        match self.class(j) {
            WordClass::Pronoun => return Some((j, j)),
            WordClass::Determiner => {
                // "many argue", "some say": a quantifier standing alone
                let alone = words!("quantifier_alone");
                return self.is_in(j, alone).then_some((j, j));
            }
            // "Theresa May said": a capitalised modal after a capitalised name word is a surname
            WordClass::Aux if self.is_cap(j) && j > lo && self.is_cap(j - 1) && self.class(j - 1) == WordClass::Other => {}
            WordClass::Stop | WordClass::Aux => return None,
            _ => {}
        }
        if self.verbish(j) {
            return None;
        }
        let mut s = j;
        let mut i = j;
        while i > lo && j - i < MAX_NP {
            let p = i - 1;
            if !self.is_word(p) {
                if self.punct(p, marks!("&")) && p > lo && self.is_cap(p - 1) {
                    s = p;
                    i = p;
                    continue;
                }
                break;
            }
            if self.quote(p).is_some() {
                break;
            }
            let cap = self.is_cap(p);
            match self.class(p) {
                WordClass::Determiner => {
                    s = p;
                    // "the Secretary General of the CIS": an of-chain continues the phrase
                    if p >= lo + 2 && self.of_link(p - 1) && (self.is_cap(p - 2) || self.class(p - 2) == WordClass::Role) {
                        s = p - 2;
                        i = p - 2;
                        continue;
                    }
                    break;
                }
                WordClass::Pronoun | WordClass::Aux => break,
                WordClass::Stop => {
                    if self.of_link(p) && p > lo && (self.is_cap(p - 1) || self.class(p - 1) == WordClass::Role) {
                        s = p - 1;
                        i = p - 1;
                        continue;
                    }
                    break;
                }
                WordClass::Role => {
                    s = p;
                }
                WordClass::Other => {
                    // ("Perhaps young voters prefer": an adverb opening the sentence)
                    if cap && self.lex.is_opening(self.text(p)) {
                        break;
                    }
                    if cap || self.is_possessive(p) {
                        s = p;
                    } else if self.verbish(p) || self.toks[p].kind == TokenKind::Number && !self.bytes(p).contains(&b'-') {
                        break;
                    } else {
                        // a lower-case modifier only before a common noun, never before a name
                        let after = p + 1;
                        if self.is_cap(after) && !self.is_possessive(after) {
                            break;
                        }
                        s = p;
                    }
                }
            }
            i = p;
        }
        // never start on a linking word
        while s < j && self.class(s) == WordClass::Stop {
            s += 1;
        }
        Some((s, j))
    }

    fn of_link(&self, i: usize) -> bool {
        ["of", "for", "at", "to"].iter().any(|w| self.bytes(i) == w.as_bytes())
    }

    /// The speaker phrase just before the cue at `k` (skipping "has", "also" …), with an
    /// apposition ("X, the CEO of Y, said") or a parenthesis ("X (D-Calif.) said").
    fn np_before(&self, k: usize, lo: usize) -> Option<(usize, usize)> {
        let np = self.np_before_verb(k, lo)?;
        // "a media call", "his first post": a base form after a singular determiner is a noun
        let t = self.bytes(k);
        let base = !(t.ends_with(b"s") || t.ends_with(b"ed") || t.ends_with(b"ing")) && self.verb(k).is_some();
        let singular = words!("singular_determiner");
        if base && np.0 < k && self.is_in(np.0, singular) && !self.is_in(k, words!("reporting_past")) {
            return None;
        }
        Some(np)
    }

    fn np_before_verb(&self, k: usize, lo: usize) -> Option<(usize, usize)> {
        // "a statement saying …", "photos telling …": a participle right after a noun is not
        // that noun speaking; "he is saying" (with its auxiliary) is
        if self.bytes(k).ends_with(b"ing") && k > lo && self.class(k - 1) != WordClass::Aux {
            return None;
        }
        let np = self.np_before_any(k, lo)?;
        // "his remarks", "their claims": a verb form in -s after a possessive is a noun
        let possessive = words!("possessive");
        let t = self.bytes(k);
        if t.ends_with(b"s") && !t.eq_ignore_ascii_case(b"says") && self.is_in(np.0, possessive) {
            return None;
        }
        Some(np)
    }

    fn np_before_any(&self, k: usize, lo: usize) -> Option<(usize, usize)> {
        let mut j = k.checked_sub(1)?;
        // "has said", "also said", "suddenly insisted", "on Monday said", "earlier Thursday said"
        while j > lo
            && self.is_word(j)
            && (self.class(j) == WordClass::Aux && !(self.is_cap(j) && self.is_cap(j - 1) && self.class(j - 1) == WordClass::Other)
                || !self.is_cap(j) && self.bytes(j).ends_with(b"ly") && self.class(j) == WordClass::Other
                || self.lex.is_when(self.text(j))
                // "on Monday", "this month", "last week" ("earlier", "just" are auxiliaries)
                || self.lex.is_when_lead(self.text(j)) && j + 1 < k && self.lex.is_when(self.text(j + 1)))
        {
            j -= 1;
        }
        if j < lo {
            return None;
        }
        if self.punct(j, marks!(",)")) {
            let close = self.bytes(j);
            let open: &[u8] = if close == b")" { b"(" } else { b"," };
            let mut m = j;
            while m > lo && j - m < MAX_NP + 12 {
                m -= 1;
                if self.bytes(m) == open && !self.punct(m, marks!("(")) || self.punct(m, marks!("(")) && open == b"(" {
                    break;
                }
                if open == b"," && self.terminal(m) && !self.place_abbreviation(m) || self.quote(m).is_some() {
                    return None;
                }
            }
            if self.bytes(m) != open || m == lo || m + 1 >= j {
                return None;
            }
            let first = m + 1;
            let appositive = open == b"("
                || matches!(self.class(first), WordClass::Determiner | WordClass::Role)
                || self.is_cap(first)
                || self.is(first, "who")
                || self.toks[first].kind == TokenKind::Number
                // "X, one of the lawyers, said", "X, both of them, said"
                || first + 1 < j && self.is(first + 1, "of")
                || self.class(first) == WordClass::Other && self.is_word(first) && !self.verbish(first);
            // "The judge, in her dissent, said": a prepositional aside; the speaker is before it
            if self.aside_opening(first) {
                return self.np_core(m - 1, lo);
            }
            // "Trump, speaking at a rally in Wilmington, N.C., warned": the comma found first
            // closes a place; the aside opens at an earlier comma
            if (first..j).all(|t| self.is_cap(t) || self.punct(t, marks!("."))) && j - first <= 3 && self.is_cap(m - 1) {
                let mut c = m - 1;
                while c > lo && m - c < MAX_NP {
                    c -= 1;
                    if self.terminal(c) && !self.is_cap(c - 1) || self.quote(c).is_some() {
                        break;
                    }
                    if self.punct(c, marks!(",")) {
                        if c > lo && self.aside_opening(c + 1) {
                            return self.np_core(c - 1, lo);
                        }
                        break;
                    }
                }
            }
            if !appositive {
                return None;
            }
            let (mut s, _) = self.np_core(m - 1, lo)?;
            if open == b"(" || self.class(m - 1) == WordClass::Pronoun && !self.is(m - 1, "who") {
                return Some((s, m - 1));
            }
            // "Jane Roe, 67, a retired teacher, said", "Tom Ash, the mayor, a Democrat, said": an
            // age or a description before the apposition is itself one; the name is before it
            for _ in 0..2 {
                let age = s == m - 1 && self.toks[s].kind == TokenKind::Number;
                let described = !self.is_cap(s) && matches!(self.class(s), WordClass::Determiner | WordClass::Role);
                if !(age || described) || s < lo + 2 || !self.punct(s - 1, marks!(",")) {
                    break;
                }
                match self.np_core(s - 2, lo) {
                    Some((n, e)) if self.is_cap(e) && self.is_cap(n) && self.class(e) != WordClass::Role => s = n,
                    _ => break,
                }
            }
            return Some((s, j - 1));
        }
        self.np_core(j, lo)
    }

    /// The full stop at `k` closes an abbreviated place set off by commas ("Salem, Ore., said"),
    /// not a sentence.
    fn place_abbreviation(&self, k: usize) -> bool {
        k > 0 && k + 1 < self.toks.len() && self.punct(k, marks!(".")) && self.is_cap(k - 1) && self.punct(k + 1, marks!(","))
    }

    /// A preposition or participle opening an aside between a speaker and the cue: "The judge,
    /// in her dissent, said", "X, of Salem, said", "X, speaking to reporters, said", "X, asked
    /// about the plan, said".
    fn aside_opening(&self, i: usize) -> bool {
        if !self.is_word(i) || self.is_cap(i) {
            return false;
        }
        if self.class(i) == WordClass::Stop {
            let asides = words!("aside_preposition");
            return self.is_in(i, asides);
        }
        self.class(i) == WordClass::Other && self.participle(i)
    }

    /// A participle opening a phrase: a word in -ing, or in -ed before a preposition ("asked
    /// about").
    fn participle(&self, i: usize) -> bool {
        let t = self.bytes(i);
        t.len() > 5 && t.ends_with(b"ing") || t.ends_with(b"ed") && i + 1 < self.toks.len() && self.class(i + 1) == WordClass::Stop
    }

    /// Does the phrase `s..=e` name a person or a group of people rather than a document or
    /// data ("the poll", "its website")? Pronouns, phrases headed by a person noun, and names.
    fn person_like(&self, s: usize, e: usize) -> bool {
        if (s..=e).any(|t| self.is_word(t) && self.lex.is_thing(self.text(t))) {
            return false;
        }
        if s == e && self.class(s) == WordClass::Pronoun {
            return !self.is(s, "it") && !self.is(s, "which");
        }
        if s == e && self.class(s) == WordClass::Determiner {
            return true; // "some", "another", "others" standing alone
        }
        self.class(e) == WordClass::Role || self.is_cap(e) && self.class(s) != WordClass::Determiner
    }

    /// "…, with Donald Trump tweeting that …", "with the union calling her “…”": the phrase
    /// between "with" and a participle cue at `k` is its speaker.
    fn with_participle(&self, k: usize, lo: usize) -> Option<Span> {
        if k <= lo + 1 || !self.bytes(k).ends_with(b"ing") {
            return None;
        }
        let (s, e) = self.np_core(k - 1, lo)?;
        let named = self.is_cap(e) || self.class(e) == WordClass::Role || s == e && self.class(s) == WordClass::Pronoun;
        (s > lo && self.is(s - 1, "with") && named && !(s..=e).any(|t| self.is_word(t) && self.lex.is_thing(self.text(t))))
            .then(|| self.span(s, e))
    }

    /// Where the main clause of a sentence starting at `a` begins, before `k`: after the comma
    /// closing an opening clause or adverb ("While …, X said"), else `a`.
    fn main_clause_start(&self, a: usize, k: usize) -> usize {
        // ("Speaking to the coalition in Washington, Trump …", "Asked about it, she …")
        let participle = a + 1 < k && self.is_cap(a) && self.participle(a) && self.class(a + 1) == WordClass::Stop;
        if a < k && self.is_word(a) && (self.lex.is_opening(self.text(a)) || participle) {
            if let Some(c) = (a + 1..k.min(a + 30)).find(|&t| self.punct(t, marks!(",")) && self.quote(t).is_none()) {
                return c + 1;
            }
        }
        a
    }

    /// The subject of the clause running from token `a` to `k` (exclusive): the first noun
    /// phrase after a leading conjunction or an introductory phrase closed by a comma
    /// ("On Thursday, Ryan said …, and suggested …" → "Ryan").
    fn subject(&self, a: usize, k: usize) -> Option<(usize, usize)> {
        let mut i = a;
        while i < k && self.quote(i).is_some() {
            i += 1;
            if i > a + SCAN_LIMIT {
                return None;
            }
        }
        // openings, one after the other ("In June 2009, after she fell ill, Axelrod …")
        for _ in 0..3 {
            let before = i;
            // "While the party hesitated, Trump …", "However, he …": an opening clause or adverb
            // runs to its comma
            let main = self.main_clause_start(i, k);
            // ("Perhaps young voters prefer …": an opening adverb with no comma)
            i = if main == i && i + 1 < k && self.is_word(i) && self.lex.is_opening(self.text(i)) && self.class(i) != WordClass::Stop { i + 1 } else { main };
            // "Sunday morning, Clinton …", "Earlier this week, Hillary Clinton …", "In June
            // 2009, after …": a short opening phrase closed by a comma, then a name, a pronoun
            // or another opening
            if let Some(c) = (i..k.min(i + 7)).find(|&t| self.punct(t, marks!(","))) {
                let next = c + 1;
                let person_next = self.is_cap(next)
                    || self.class(next) == WordClass::Pronoun && !self.is(next, "who") && !self.is(next, "which")
                    || self.class(next) == WordClass::Determiner;
                let opening_next = next < k && self.is_word(next) && self.lex.is_opening(self.text(next));
                let opening = (i..c).all(|t| (self.is_word(t) || self.toks[t].kind == TokenKind::Number) && self.verb(t).is_none())
                    && ((i..c).any(|t| !self.is_cap(t)) || self.class(i) == WordClass::Stop);
                if c > i && next < k && (person_next || opening_next) && opening {
                    i = next;
                }
            }
            if i == before {
                break;
            }
        }
        if i < k && self.is_word(i) && self.class(i) == WordClass::Stop && !self.is_cap(i + 1) {
            // "On Thursday, …": skip to the comma
            let mut t = i;
            while t < k && t < i + 10 && !self.punct(t, marks!(",")) {
                t += 1;
            }
            if t < k && self.punct(t, marks!(",")) {
                i = t + 1;
            }
        } else if i + 1 < k && self.is_word(i) && self.bytes(i).ends_with(b"ly") && self.punct(i + 1, marks!(",")) {
            i += 2; // "Additionally, …"
        } else if i < k && self.is_word(i) && matches!(self.class(i), WordClass::Stop | WordClass::Aux) {
            i += 1; // "But", "Then"
            if i < k && self.punct(i, marks!(",")) {
                i += 1;
            }
        }
        let (s, e) = self.np_after_plain(i, k)?;
        if self.is(s, "it") || self.is(s, "there") {
            return None;
        }
        Some((s, e))
    }

    /// The speaker phrase starting at token `i` (after an inverted cue: "said X"), no later than
    /// `hi` (exclusive), with an apposition ("said X, a senior adviser to Y.").
    fn np_after(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        self.np_after_with(i, hi, true)
    }

    /// [`Ctx::np_after`] without the apposition ("According to X, the …": what follows the
    /// comma is the clause).
    fn np_after_plain(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        self.np_after_with(i, hi, false)
    }

    fn np_after_with(&self, i: usize, hi: usize, appos: bool) -> Option<(usize, usize)> {
        if i >= hi || !self.is_word(i) || self.quote(i).is_some() {
            return None;
        }
        match self.class(i) {
            WordClass::Pronoun => {
                return if self.is(i, "who") || self.is(i, "which") { None } else { Some((i, i)) };
            }
            WordClass::Stop | WordClass::Aux => return None,
            _ => {}
        }
        if self.verbish(i) {
            return None;
        }
        let mut e = i;
        let mut has_head = self.class(i) != WordClass::Determiner;
        let mut k = i + 1;
        while k < hi && k - i < MAX_NP {
            if !self.is_word(k) {
                if self.punct(k, marks!("&")) && k + 1 < hi && self.is_cap(k + 1) {
                    k += 1;
                    continue;
                }
                break;
            }
            if self.quote(k).is_some() {
                break;
            }
            let cap = self.is_cap(k);
            match self.class(k) {
                WordClass::Stop => {
                    if self.of_link(k) && has_head && k + 1 < hi && (self.is_cap(k + 1) || self.class(k + 1) == WordClass::Determiner) {
                        k += 1;
                        continue;
                    }
                    break;
                }
                // a capitalised modal after a capitalised word is a surname ("Theresa May")
                WordClass::Aux if cap && self.is_cap(k - 1) => {
                    e = k;
                    has_head = true;
                }
                WordClass::Pronoun | WordClass::Aux => break,
                WordClass::Determiner => {
                    if !self.of_link(k - 1) {
                        break;
                    }
                }
                WordClass::Role => {
                    e = k;
                    has_head = true;
                }
                WordClass::Other => {
                    if cap {
                        e = k;
                        has_head = true;
                    } else if self.verbish(k) || self.is_cap(e) && !self.is_possessive(e) {
                        break;
                    } else {
                        e = k;
                        has_head = true;
                    }
                }
            }
            k += 1;
        }
        if !has_head {
            // "tweeted another", "said one": a quantifier standing alone is the speaker
            let alone = words!("quantifier_pronoun");
            if e == i && self.is_in(i, alone) {
                return Some((i, i));
            }
            return None;
        }
        // an apposition closing the sentence or the clause: ", a senior adviser to Cruz."
        if appos && e + 2 < hi && self.punct(e + 1, marks!(",")) && matches!(self.class(e + 2), WordClass::Determiner | WordClass::Role) {
            let mut k = e + 2;
            while k < hi && k - e < MAX_NP && self.is_word(k) && self.class(k) != WordClass::Pronoun && !self.verbish(k) {
                k += 1;
            }
            if k >= hi || self.punct(k, marks!(",.;")) {
                e = k - 1;
                while e > i && self.class(e) == WordClass::Stop {
                    e -= 1;
                }
            }
        }
        Some((i, e))
    }
}

/// How many tokens start before byte `pos` (`toks.partition_point(|t| t.span.start < pos)`,
/// tokens being in text order), given that the first `from` do: a walk on from `from`, for
/// a caller that moves forward through the text.
fn tokens_before(toks: &[Token], from: usize, pos: usize) -> usize {
    let mut k = from;
    while toks.get(k).is_some_and(|t| t.span.start < pos) {
        k += 1;
    }
    k
}

/// "shouting “Get out” and “Be nice”": two quotes of one sentence with the same cue that
/// does not stand between them, a few words apart, are one (mixed) quote.
fn merge_coordinated(body: &str, doc: &Document, quotes: Vec<QuoteCandidate>) -> Vec<QuoteCandidate> {
    let mut out: Vec<QuoteCandidate> = Vec::with_capacity(quotes.len());
    for q in quotes {
        if let Some(p) = out.last_mut() {
            let same_attr = p.cue.is_some() && p.cue == q.cue && p.speaker == q.speaker;
            let gap = Span::new(p.span.end, q.span.start);
            let cue_between = q.cue.is_some_and(|c| gap.contains(&c));
            // (the two searches only for quotes that could merge)
            let same_sentence = || doc.sentence_of(p.span.start) == doc.sentence_of(q.span.start);
            if same_attr && !cue_between && same_sentence() && p.span.end <= q.span.start && words_up_to(gap.of(body), 4) <= 3 {
                p.span.end = q.span.end;
                p.kind = QuoteKind::Mixed;
                continue;
            }
        }
        out.push(q);
    }
    out
}

/// Words of a span, counted as runs of word characters.
#[cfg(test)]
fn word_count(t: &str) -> usize {
    words_up_to(t, usize::MAX)
}

/// [`word_count`], but no more than `cap`: reading stops at the `cap`-th word, so testing a
/// long span against a small threshold costs only the first few words.
/// The ASCII bytes that are word characters for [`words_up_to`] (letters, digits, apostrophe).
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'';
        b += 1;
    }
    t
};

fn words_up_to(t: &str, cap: usize) -> usize {
    // the runs of word characters (letters, digits, apostrophes), in one pass over the bytes,
    // decoding only non-ASCII characters
    let bytes = t.as_bytes();
    let (mut n, mut i, mut in_word) = (0usize, 0usize, false);
    while n < cap {
        let Some(&b) = bytes.get(i) else { break };
        let w = if b < 0x80 {
            i += 1;
            let w = WORD_BYTE[usize::from(b)];
            if w {
                // the rest of an ASCII run of word bytes adds no word
                while bytes.get(i).is_some_and(|&b| WORD_BYTE[usize::from(b)]) {
                    i += 1;
                }
            }
            w
        } else {
            let c = t.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            i += c.len_utf8();
            c == '’' || crate::extract::text::is_alphanumeric(c)
        };
        n += usize::from(w && !in_word);
        in_word = w;
    }
    n
}

impl QuoteRules {
    pub fn new() -> QuoteRules {
        QuoteRules { lex: CueLexicon::new() }
    }

    /// Every quote in the document, in text order.
    pub fn find(&self, doc: &Document, lang: &Language) -> Vec<QuoteCandidate> {
        let body = doc.body;
        // 1. quotation marks and tokens, paragraph by paragraph
        let mut marked: Vec<(Marked, usize)> = Vec::new();
        // about one token per five bytes of news text: at most one regrowth
        let mut toks = Vec::with_capacity(body.len() / 4 + 8);
        let mut para_tok: Vec<(usize, usize)> = Vec::with_capacity(doc.paragraphs.len());
        let mut found = Vec::new();
        for (pi, p) in doc.paragraphs.iter().enumerate() {
            let a = toks.len();
            tokenize_into(body, *p, &mut toks);
            para_tok.push((a, toks.len()));
            found.clear();
            marks::scan_tokens(body, *p, toks.get(a..).unwrap_or(&[]), &self.lex, &mut found);
            marked.extend(found.iter().map(|&m| (m, pi)));
        }
        let mut directs: Vec<Direct> = marked
            .into_iter()
            .map(|(m, para)| Direct { m, para, attr: None, dead: false, cue_tok: None, mixed_from: None, words: words_up_to(m.inner().of(body), INNER_WORDS) })
            .collect();
        let mut in_quote = vec![NO_QUOTE; toks.len()];
        let mut opens = vec![false; toks.len()];
        // the marks of a paragraph give quotes in order, none inside another: then only the
        // tokens of each quote are visited (found by a binary search); else (never, but the
        // answer must not depend on it) every token is
        let ordered = directs.windows(2).all(|w| w[0].m.span.end <= w[1].m.span.start);
        if ordered {
            let mut ti = 0usize;
            for (qi, d) in directs.iter().enumerate() {
                ti += toks.get(ti..).unwrap_or(&[]).partition_point(|t| t.span.start < d.m.span.start);
                while let Some(t) = toks.get(ti).filter(|t| t.span.start < d.m.span.end) {
                    if t.span.end <= d.m.span.end {
                        in_quote[ti] = u32::try_from(qi).unwrap_or(NO_QUOTE);
                        opens[ti] = t.span.start == d.m.span.start;
                    }
                    ti += 1;
                }
            }
        } else {
            let mut qi = 0usize;
            for (ti, t) in toks.iter().enumerate() {
                while qi < directs.len() && directs[qi].m.span.end <= t.span.start {
                    qi += 1;
                }
                if let Some(d) = directs.get(qi) {
                    if d.m.span.start <= t.span.start && t.span.end <= d.m.span.end {
                        in_quote[ti] = u32::try_from(qi).unwrap_or(NO_QUOTE);
                        opens[ti] = t.span.start == d.m.span.start;
                    }
                }
            }
        }
        let cx = Ctx::new(body, &self.lex, toks, in_quote, opens);

        if !lang.speakers_supported {
            return directs
                .iter()
                .filter(|d| self.sentential(&cx, d, doc))
                .map(|d| QuoteCandidate { span: d.m.span, kind: QuoteKind::Direct, cue: None, speaker: None, carryover: false })
                .collect();
        }

        // 2. attribute every marked quote by its neighbours
        let mut used_cues = vec![false; cx.toks.len()];
        for qi in 0..directs.len() {
            let (lo, hi) = para_tok[directs[qi].para];
            let m = directs[qi].m;
            let first_after = lo + cx.toks[lo..hi].partition_point(|t| t.span.start < m.span.end);
            let last_before = lo + cx.toks[lo..hi].partition_point(|t| t.span.end <= m.span.start);
            // the attribution of the quote just before, when it ends in the same sentence
            let prev = qi.checked_sub(1).and_then(|p| {
                let same = directs[p].para == directs[qi].para
                    && doc.sentence_of(directs[p].m.span.end.saturating_sub(1)) == doc.sentence_of(m.span.start);
                directs[p].attr.filter(|_| same)
            });
            // "…,” he said" reads after the quote first; a quote that ends a sentence looks
            // first for "X said: “…”" right before it
            let comma_end = m.inner().of(body).trim_end().ends_with(',')
                || cx.toks.get(first_after).is_some_and(|_| first_after < hi && cx.punct(first_after, marks!(",")));
            let before = || self.before_pattern(&cx, &m, lo, last_before, doc, prev);
            // "“…” ― Sonya Herridge": a dash and a name closing the quote's paragraph sign it
            let signed_here = || -> Option<(Attribution, Option<usize>, Option<usize>)> {
                let na = first_after;
                if na + 1 >= hi || hi - na > MAX_NP + 2 || !cx.punct(na, marks!("-–—―")) {
                    return None;
                }
                let (s, e) = cx.np_after(na + 1, hi)?;
                let ends = e + 1 == hi || e + 2 == hi && cx.punct(e + 1, marks!(".,"));
                (ends && cx.is_cap(e)).then(|| {
                    (Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[na].span), carryover: false }, Some(na), None)
                })
            };
            let found = if let Some(f) = signed_here() {
                Some(f)
            } else if comma_end {
                self.after_pattern(&cx, &m, first_after, hi).or_else(before)
            } else {
                let b = before();
                let adjacent = b.is_some_and(|(_, c, mixed)| c.is_some() && mixed.is_none());
                if adjacent { b } else { self.after_pattern(&cx, &m, first_after, hi).or(b) }
            };
            if let Some((attr, cue_tok, mixed_from)) = found {
                directs[qi].attr = Some(attr);
                directs[qi].cue_tok = cue_tok;
                directs[qi].mixed_from = mixed_from;
                // a short quote in the middle of a reported clause ("said she would “look into”
                // it") leaves its cue to the clause, which becomes a mixed quote
                let sentence_goes_on = (first_after..hi)
                    .take_while(|&t| !cx.terminal(t) && !cx.opens[t])
                    .filter(|&t| cx.is_word(t))
                    .nth(1)
                    .is_some();
                let short = directs[qi].words_up_to(MIN_SPEECH_WORDS) < MIN_SPEECH_WORDS;
                let claims = mixed_from.is_none() && !(sentence_goes_on && short);
                if let Some(c) = cue_tok.filter(|_| claims) {
                    used_cues[c] = true;
                }
            }
        }
        // "Issa: Clinton’s ‘Honesty Is In Question.’": a line opened by a name and a colon
        for d in directs.iter_mut().filter(|d| d.attr.is_none()) {
            let (lo, hi) = para_tok[d.para];
            let Some(colon) = (lo..hi.min(lo + 6)).find(|&t| cx.punct(t, marks!(":"))) else { continue };
            if colon == lo || cx.toks[colon].span.end > d.m.span.start {
                continue;
            }
            if let Some((s, e)) = cx.np_core(colon - 1, lo).filter(|&(s, e)| s == lo && cx.is_cap(e)) {
                d.attr = Some(Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[colon].span), carryover: false });
                d.cue_tok = Some(colon);
                let after = colon + 1;
                if after < hi && !cx.opens[after] {
                    d.mixed_from = Some(after);
                }
            }
        }
        // the same speaker for the other quotes of a paragraph; carry-over to the next paragraph
        let mut last_attr: Option<(usize, Attribution)> = None; // (paragraph, attribution)
        for qi in 0..directs.len() {
            let para = directs[qi].para;
            if directs[qi].attr.is_none() {
                let prev_same =
                    (0..qi).rev().take(NEIGHBOURS).take_while(|&k| directs[k].para == para).find_map(|k| directs[k].attr);
                let next_same = (qi + 1..directs.len())
                    .take(NEIGHBOURS)
                    .take_while(|&k| directs[k].para == para)
                    .find_map(|k| directs[k].attr);
                let (lo, _) = para_tok[para];
                let opens_para = cx.opens.get(lo).copied().unwrap_or(false) && cx.quote(lo) == Some(qi);
                // "“…”\n\n— Bernie Sanders.": a dash line naming the speaker under the quote
                let signed = || -> Option<Attribution> {
                    let &(na, nb) = para_tok.get(para + 1)?;
                    if nb <= na + 1 || nb - na > MAX_NP + 2 || !cx.punct(na, marks!("-–—―")) {
                        return None;
                    }
                    let (s, e) = cx.np_after(na + 1, nb)?;
                    (e + 1 == nb || e + 2 == nb && cx.punct(e + 1, marks!(".,"))).then(|| Attribution {
                        speaker: Some(cx.span(s, e)),
                        cue: Some(cx.toks[na].span),
                        carryover: false,
                    })
                };
                if let Some(a) = prev_same.or(next_same) {
                    directs[qi].attr = Some(Attribution { carryover: false, ..a });
                } else if let Some(a) = signed().filter(|_| opens_para) {
                    directs[qi].attr = Some(a);
                } else if opens_para {
                    if let Some((lp, a)) = last_attr {
                        if lp + 1 == para || lp + 2 == para && self.short_gap(&cx, &para_tok, lp + 1) {
                            directs[qi].attr = Some(Attribution { carryover: true, ..a });
                        }
                    }
                    if directs[qi].attr.is_none() {
                        // "X wrote:" closing the previous paragraph introduces this one
                        if let Some(a) = self.intro_paragraph(&cx, &para_tok, para) {
                            directs[qi].attr = Some(Attribution { carryover: true, ..a });
                        }
                    }
                    if directs[qi].attr.is_none() && para > 0 {
                        // "Valastro praised Christie's leadership.\n\n“We need …”": the person the
                        // previous paragraph (without quotes of its own) is about
                        let (pa, pb) = para_tok[para - 1];
                        if pb > pa && (pa..pb).all(|t| cx.quote(t).is_none()) {
                            let last = doc.sentence_of(cx.toks[pb - 1].span.start).map(|si| doc.sentences[si].start);
                            let ls = last.map(|st| pa + cx.toks[pa..pb].partition_point(|t| t.span.start < st)).unwrap_or(pa);
                            let subj = cx.subject(ls, pb).or_else(|| cx.subject(pa, pb));
                            let strong = |s: usize, e: usize| {
                                cx.class(s) == WordClass::Pronoun && !cx.is(s, "it") && !cx.is(s, "we") && !cx.is(s, "i")
                                    || (s..=e).filter(|&t| cx.is_cap(t)).count() >= 2
                                    || cx.class(e) == WordClass::Role
                            };
                            if let Some((s, e)) = subj.filter(|&(s, e)| cx.person_like(s, e) && strong(s, e)) {
                                directs[qi].attr = Some(Attribution { speaker: Some(cx.span(s, e)), cue: None, carryover: true });
                            }
                        }
                    }
                }
            }
            if let Some(a) = directs[qi].attr {
                if a.speaker.is_some() {
                    last_attr = Some((para, a));
                }
            }
        }
        let sentence_start_tok = |pos: usize| -> usize {
            let start = doc.sentence_of(pos).map(|si| doc.sentences[si].start).unwrap_or(0);
            cx.toks.partition_point(|t| t.span.start < start)
        };
        let opener_tok = |d: &Direct| cx.toks.partition_point(|t| t.span.start < d.m.span.start);
        for d in directs.iter_mut() {
            let short = d.words_up_to(MIN_SPEECH_WORDS) < MIN_SPEECH_WORDS;
            let o = opener_tok(d);
            let sa = sentence_start_tok(d.m.span.start);
            // "Gore tried to …, and he “made a mistake,” Lichtman said.": the words before a short
            // quote belong to what was said (mixed)
            if short && d.cue_tok.is_some_and(|c| c > o) && d.mixed_from.is_none() && o > sa {
                let words_before = (sa..o).rev().take(SCAN_LIMIT).filter(|&t| cx.is_word(t) && cx.quote(t).is_none()).nth(2);
                if words_before.is_some() {
                    d.mixed_from = Some(sa);
                }
            }
            // "Cruz called immigrants “rapists”": a person subject, its verb, and the quoted words
            // in its object (mixed)
            if d.attr.is_none() && !self.title_case(d.m.inner().of(body)) && o > sa + 1 {
                if let Some((s, e)) = cx.subject(sa, o).filter(|&(s, e)| cx.person_like(s, e)) {
                    let mut v = e + 1;
                    while v < o && cx.is_word(v) && cx.class(v) == WordClass::Aux {
                        v += 1;
                    }
                    let be = words!("be_have");
                    if v + 1 < o + 1 && v < o && cx.is_word(v) && !cx.is_cap(v) && cx.class(v) == WordClass::Other
                        && !cx.is_in(v, be) && o - v < SCAN_LIMIT && (v + 1..o).all(|t| cx.quote(t).is_none())
                    {
                        d.attr = Some(Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[v].span), carryover: false });
                        d.mixed_from = Some(v + 1);
                        d.cue_tok = Some(v);
                    }
                }
            }
        }
        // drop scare quotes and titles: short, not sentence-like, tied to no cue; titles
        // ("''Tales From the Crypt,''") even with a cue nearby, except in headlines ("Kim: ‘…’")
        for d in directs.iter_mut() {
            if d.cue_tok.is_none() && !self.sentential(&cx, d, doc) {
                d.dead = true;
            }
            let inner = d.m.inner().of(body);
            // a few quoted words with no speaker of their own are rarely speech
            if d.cue_tok.is_none() && d.attr.is_none_or(|a| a.carryover) && d.words_up_to(SHORT_UNATTRIBUTED) < SHORT_UNATTRIBUTED {
                d.dead = true;
            }
            let headline = d.attr.and_then(|a| a.cue).is_some_and(|c| c.of(body) == ":");
            let full_stop = inner.trim_end().ends_with(['.', '!', '?']);
            if !headline && !full_stop && d.words_up_to(MAX_TITLE_WORDS + 1) <= MAX_TITLE_WORDS && self.title_case(inner) {
                d.dead = true;
            }
            if d.cue_tok.is_none() && d.attr.is_some_and(|a| a.carryover) && !d.m.closed() && d.words_up_to(3) < 3 {
                d.dead = true;
            }
        }

        // 3. indirect and mixed quotes, sentence by sentence
        let mut out: Vec<QuoteCandidate> = Vec::new();
        let mut absorbed = vec![false; directs.len()];
        // the sentences come in text order: each one's tokens are found by walking on from
        // the previous one's end (`tokens_before`), every token passed once
        let (mut cursor, mut prev_end) = (0usize, 0usize);
        for s in &doc.sentences {
            let (a, b) = if prev_end <= s.start {
                let a = tokens_before(&cx.toks, cursor, s.start);
                (a, tokens_before(&cx.toks, a, s.end))
            } else {
                // (out of order, which the layout never gives: searched)
                (cx.toks.partition_point(|t| t.span.start < s.start), cx.toks.partition_point(|t| t.span.start < s.end))
            };
            (cursor, prev_end) = (b, s.end);
            // an endless "sentence" (no stops at all) is read in bounded pieces
            let mut a = a;
            while a < b {
                let piece = b.min(a + SCAN_LIMIT);
                self.indirect_in_sentence(&cx, a, piece, &used_cues, &directs, &mut absorbed, &mut out);
                a = piece;
            }
        }
        for (qi, d) in directs.iter().enumerate() {
            if d.dead || absorbed[qi] {
                continue;
            }
            let attr = d.attr.unwrap_or(Attribution { speaker: None, cue: None, carryover: false });
            let (span, kind) = match d.mixed_from {
                Some(t) => {
                    // to the end of the sentence, without its final stop
                    let end = doc
                        .sentence_of(d.m.span.start)
                        .map(|si| doc.sentences[si].end)
                        .unwrap_or(d.m.span.end)
                        .max(d.m.span.end);
                    let e = cx.toks.partition_point(|tk| tk.span.start < end);
                    // not past a second cue or a quote with its own cue (", adding, “…”")
                    let q_end = cx.toks.partition_point(|tk| tk.span.start < d.m.span.end);
                    let e = self.clause_end(&cx, q_end.saturating_sub(1).max(t), e, &directs, &used_cues).max(q_end);
                    let mut e2 = e;
                    while e2 > t + 1 && cx.punct(e2 - 1, marks!(".!?;")) && cx.quote(e2 - 1).is_none() {
                        e2 -= 1;
                    }
                    let end = cx.toks[e2 - 1].span.end.max(d.m.span.end);
                    (Span::new(cx.toks[t].span.start, end), QuoteKind::Mixed)
                }
                None => (d.m.span, QuoteKind::Direct),
            };
            out.push(QuoteCandidate { span, kind, cue: attr.cue, speaker: attr.speaker, carryover: attr.carryover });
        }
        out.sort_by_key(|q| (q.span.start, q.span.end));
        out.dedup_by(|b, a| a.span == b.span);
        merge_coordinated(body, doc, out)
    }

    /// Does the quoted stretch read like speech: a sentence, a clause ending in a comma, or
    /// at least [`MIN_SPEECH_WORDS`] words?
    fn sentential(&self, cx: &Ctx, d: &Direct, doc: &Document) -> bool {
        let inner = d.m.inner().of(cx.body).trim_end();
        // (only compared with thresholds up to MAX_TITLE_WORDS, so counting stops past it)
        // (trailing space adds no word: the count of the untrimmed inner text)
        let words = d.words_up_to(MAX_TITLE_WORDS + 1);
        if words == 0 {
            return false;
        }
        if words <= MAX_TITLE_WORDS && self.title_case(inner) {
            return false;
        }
        if words >= MIN_SPEECH_WORDS {
            return true;
        }
        let ends = inner.chars().last().is_some_and(|c| matches!(c, '.' | ',' | '!' | '?' | '…' | '—' | '-'));
        let para_start = doc.paragraphs.get(d.para).is_some_and(|p| p.start == d.m.span.start);
        (ends && words >= 2) || (para_start && words >= 3)
    }

    /// "State of the Union", "In the Gutter", "Heat": titles are capitalised word by word.
    fn title_case(&self, inner: &str) -> bool {
        let mut long = inner.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 3).peekable();
        long.peek().is_some() && long.all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()))
    }

    /// "“…,” he said", "“…,” said X", "“…,” X, the CEO of Y, told reporters".
    fn after_pattern(&self, cx: &Ctx, m: &Marked, first: usize, hi: usize) -> Option<(Attribution, Option<usize>, Option<usize>)> {
        let mut i = first;
        while i < hi && cx.punct(i, marks!(",—–-")) {
            i += 1;
        }
        if i >= hi || cx.opens[i] || cx.quote(i).is_some() {
            return None;
        }
        let inner = m.inner().of(cx.body).trim_end();
        let full_stop = inner.ends_with(['.', '?', '!', '…']);
        // after "?" or "!" a capital may still be the speaker ("“Why?” Trump asked.")
        let new_sentence = inner.ends_with(['.', '…']) && cx.is_cap(i) && cx.class(i) != WordClass::Pronoun;
        let mut k = i;
        let mut cue = None;
        while k < hi && k - i < CUE_WINDOW {
            // (a full stop closing a parenthesis, "Blumenauer (D-Ore.) said", ends no sentence)
            // nor does that of an abbreviated place between commas, "of Salem, Ore., said")
            let in_parens = cx.punct(k, marks!(".")) && k + 1 < hi && cx.punct(k + 1, marks!(")")) || k > i && k + 1 < hi && cx.place_abbreviation(k);
            if cx.terminal(k) && !in_parens || cx.punct(k, marks!(":")) || cx.opens[k] {
                break;
            }
            if let Some(_c) = cx.cue_at(k, i) {
                cue = Some(k);
                break;
            }
            k += 1;
        }
        // "“…,” Bennett shot back": after a quote ending in a comma, a name or pronoun and a
        // verb are an attribution whatever the verb
        let comma_end = inner.ends_with(',') || first < hi && cx.punct(first, marks!(","));
        let cue = cue.or_else(|| {
            if !comma_end || cue.is_some() {
                return None;
            }
            let (s, e) = cx.np_after(i, hi)?;
            let v = e + 1;
            let person_like = cx.class(s) == WordClass::Pronoun || cx.is_cap(e);
            (person_like && v < hi && cx.is_word(v) && !cx.is_cap(v) && cx.class(v) == WordClass::Other && !cx.bytes(v).ends_with(b"ly"))
                .then_some(v)
        });
        let k = cue?;
        let np = if k == i {
            // inverted "said X"; not "telling X" (the hearer)
            if cx.bytes(k).ends_with(b"ing") {
                return None;
            }
            let tell = cx.lex.verb(cx.text(k)) == Some(VerbClass::Tell);
            cx.np_after(k + 1, hi).filter(|&(_, e)| !tell || e + 1 >= hi || cx.punct(e + 1, marks!(".,;!?")))
        } else {
            // the speaker right after the quote, or after a few more quoted words and a comma
            // ("“Boots on the ground” would be right, Ben Carson said")
            // ("“…,” retired army colonel Lloyd Newton said": a few lower-case modifiers before it)
            let np = cx.np_before(k, i).filter(|&(s, _)| {
                s == i
                    || s <= i + 3 && (i..s).all(|t| cx.is_word(t) && !cx.is_cap(t) && matches!(cx.class(t), WordClass::Other | WordClass::Role) && cx.cue_at(t, i).is_none())
                    || s > i + 1 && s - i <= 8 && cx.punct(s - 1, marks!(",")) && (i..s).all(|t| cx.cue_at(t, i).is_none())
            });
            np.or_else(|| {
                cx.np_after(i, k).filter(|&(_, e)| (e + 1..k).all(|t| cx.punct(t, marks!(",")) || cx.class(t) == WordClass::Aux))
            })
        };
        let (s, e) = np?;
        // "“It failed.” He said the plan …": a new sentence with its own content is not the
        // attribution of the quote before it
        let after = if k == i { e + 1 } else { k + 1 };
        if new_sentence {
            // "“…” The star then recalled an incident." is a sentence of its own
            let class = cx.cue_at(k, i);
            let mut t = after;
            if class == Some(VerbClass::Tell) {
                while t < hi && t < after + 3 && cx.is_word(t) && cx.class(t) != WordClass::Stop {
                    t += 1;
                }
            }
            let ok = t >= hi || cx.punct(t, marks!(".,!?;")) || cx.class(t) == WordClass::Stop && !cx.is(t, "that") || cx.is_cap(t);
            if !ok {
                return None;
            }
        }
        if full_stop || new_sentence {
            let mut t = after;
            let mut closes = false;
            while t < hi && t < after + 10 {
                // ("“…” He said American Jews “know …”": words before the next quote are what
                // he said, so the cue is not this quote's)
                if cx.punct(t, marks!(".,!?;")) || cx.opens[t] && t == after {
                    closes = true;
                    break;
                }
                if cx.is(t, "that") {
                    break;
                }
                t += 1;
            }
            if t >= hi {
                closes = true;
            }
            if !closes {
                return None;
            }
        }
        let attr = Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[k].span), carryover: false };
        Some((attr, Some(k), None))
    }

    /// "X said: “…”", "X told the crowd. “…”", "X: “…”", "according to X, “…”", and "X called
    /// it “…”" (mixed).
    fn before_pattern(
        &self,
        cx: &Ctx,
        m: &Marked,
        lo: usize,
        end: usize,
        doc: &Document,
        prev: Option<Attribution>,
    ) -> Option<(Attribution, Option<usize>, Option<usize>)> {
        if end <= lo {
            return None;
        }
        let j0 = end - 1;
        let sent_lo = {
            let si = doc.sentence_of(cx.toks[j0].span.start)?;
            let s = doc.sentences[si].start;
            lo + cx.toks[lo..end].partition_point(|t| t.span.start < s)
        };
        // "After Brown criticized him, Clinton shot back, “…”": a cue in a clause opening the
        // sentence does not reach past its comma
        // (but "As X put it, …" is the attribution itself)
        let main_lo = if cx.is(sent_lo, "as") { sent_lo } else { cx.main_clause_start(sent_lo, j0) };
        // "Kasich: ‘We will…’"
        if cx.punct(j0, marks!(":")) && j0 > sent_lo {
            if let Some((s, e)) = cx.np_core(j0 - 1, sent_lo) {
                if s == sent_lo && cx.is_cap(e) && cx.cue_at(e, lo).is_none() {
                    let attr = Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[j0].span), carryover: false };
                    return Some((attr, None, None));
                }
            }
        }
        // "Khan says she got a call from her niece. “…”": the sentence before reports speech
        let by_prev_sentence = || -> Option<(Attribution, Option<usize>, Option<usize>)> {
            if !cx.punct(j0, marks!(".!?:")) || j0 <= lo {
                return None;
            }
            let ps = doc.sentence_of(cx.toks[j0].span.start)?;
            let start = doc.sentences[ps].start;
            let a = lo + cx.toks[lo..end].partition_point(|t| t.span.start < start);
            // the first cue of that sentence with a speaker (the main clause, not "…, who said")
            for k in a..j0.min(a + SCAN_LIMIT) {
                if cx.quote(k).is_some() || cx.cue_at(k, a).is_none() {
                    continue;
                }
                let inverted = || cx.np_after(k + 1, j0).filter(|_| k > a && (cx.quote(k - 1).is_some() || cx.punct(k - 1, marks!(","))));
                let Some((s, e)) = cx.np_before(k, a).or_else(inverted) else { continue };
                if cx.is(s, "who") || cx.is(s, "which") {
                    continue;
                }
                let attr = Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[k].span), carryover: false };
                return Some((attr, None, None));
            }
            None
        };
        // a quote opening a new sentence is introduced by the sentence before
        if cx.punct(j0, marks!(".!?")) {
            if let Some(found) = by_prev_sentence() {
                return Some(found);
            }
        }
        let colon = cx.punct(j0, marks!(":"));
        // "X delivered a blunt message: “…”": the subject of the sentence the colon closes
        let by_colon = || -> Option<(Attribution, Option<usize>, Option<usize>)> {
            // "Sanders shot back, “…”": a short clause of a person and a verb
            let short_clause = cx.punct(j0, marks!(",")) && j0 > main_lo && j0 - main_lo <= 6 && {
                cx.subject(sent_lo, j0).is_some_and(|(s, e)| {
                    s == main_lo && cx.person_like(s, e) && e + 1 < j0 && cx.is_word(e + 1) && !cx.is_cap(e + 1)
                })
            };
            if !(colon || short_clause) || words_up_to(m.inner().of(cx.body), 2) < 2 {
                return by_prev_sentence();
            }
            let (s, e) = cx.subject(sent_lo, j0)?;
            let attr = Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[j0].span), carryover: false };
            Some((attr, None, None))
        };
        let mut k = j0;
        let floor = j0.saturating_sub(CUE_WINDOW).max(lo).max(main_lo);
        loop {
            if cx.quote(k).is_some() || (k != j0 && cx.terminal(k)) {
                return by_colon();
            }
            if k + 1 < end {
                if let Some(pe) = cx.cue_phrase_at(k, end) {
                    let (s, e) = cx.np_after(pe + 1, end)?;
                    let attr = Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.span(k, pe)), carryover: false };
                    return Some((attr, None, None));
                }
            }
            if let Some(class) = cx.cue_at(k, lo) {
                let ks = doc.sentence_of(cx.toks[k].span.start).map(|si| doc.sentences[si].start).unwrap_or(0);
                let klo = lo + cx.toks[lo..end].partition_point(|t| t.span.start < ks);
                // the speaker before the cue; or after it ("said Smith: “…”"); or, after "and" or
                // a comma ("…, saying “…”"), the speaker of the quote before or the subject
                // ("…, calling the plan “…”": after a participle the phrase is its object, never
                // an inverted speaker)
                let participle = cx.bytes(k).ends_with(b"ing");
                let inverted = || cx.np_after(k + 1, end).filter(|&(_, e)| !participle && (e + 1 == end || cx.punct(e + 1, marks!(",:"))));
                let shared = || -> Option<Span> {
                    // ("…, Ann Berg said, adding, “…”": the speaker of the cue just before)
                    if k >= klo + 3 && cx.punct(k - 1, marks!(",")) && cx.cue_at(k - 2, klo).is_some() {
                        if let Some((s, e)) = cx.np_before(k - 2, klo) {
                            return Some(cx.span(s, e));
                        }
                    }
                    if !(k > klo && (cx.punct(k - 1, marks!(",")) || cx.is(k - 1, "and") || cx.bytes(k).ends_with(b"ing"))) {
                        return None;
                    }
                    cx.with_participle(k, klo)
                        .or_else(|| prev.and_then(|a| a.speaker))
                        .or_else(|| cx.subject(klo, k).map(|(s, e)| cx.span(s, e)))
                };
                let (speaker, s, e) = match cx.np_before(k, klo).or_else(inverted) {
                    Some((s, e)) => (cx.span(s, e), s, e),
                    None => match shared() {
                        Some(sp) => (sp, k, k),
                        None => return by_colon(),
                    },
                };
                if class == VerbClass::Quote && words_up_to(m.inner().of(cx.body), 2) < 2 {
                    return None;
                }
                // words between the cue (or the inverted speaker) and the marks
                let mut from = if s > k { e + 1 } else { k + 1 };
                while from < end && cx.punct(from, marks!(",:—–-")) {
                    from += 1;
                }
                let between: Vec<usize> = (from..end).filter(|&t| !cx.punct(t, marks!(",:.—–-")) && !cx.is(t, "that")).collect();
                // "X told the crowd. “…”" and "X said: “…”" introduce the quote; "X called it “…”"
                // and "…, he added, amount to “…”" hold it in a clause (mixed)
                let introduced = cx.punct(j0, marks!(".!?:"));
                let mixed_from = if !between.is_empty() && !introduced { Some(from) } else { None };
                let attr = Attribution { speaker: Some(speaker), cue: Some(cx.toks[k].span), carryover: false };
                return Some((attr, Some(k), mixed_from));
            }
            if k <= floor {
                return by_colon();
            }
            k -= 1;
        }
    }

    /// Is paragraph `p` a short aside (a photo credit, a one-line heading) between two quote
    /// paragraphs?
    fn short_gap(&self, cx: &Ctx, para_tok: &[(usize, usize)], p: usize) -> bool {
        para_tok.get(p).is_some_and(|&(a, b)| b - a <= 4 && (a..b).all(|t| cx.quote(t).is_none()))
    }

    /// The previous paragraph ends with "X said:" / "X wrote:" and introduces paragraph `p`.
    fn intro_paragraph(&self, cx: &Ctx, para_tok: &[(usize, usize)], p: usize) -> Option<Attribution> {
        let (a, b) = *para_tok.get(p.checked_sub(1)?)?;
        if b <= a || !cx.punct(b - 1, marks!(":")) {
            return None;
        }
        let lo = (a..b - 1).rev().take_while(|&t| !cx.terminal(t)).last().unwrap_or(b - 1);
        for k in (lo..b - 1).rev() {
            if cx.quote(k).is_some() {
                return None;
            }
            if let Some(pe) = cx.cue_phrase_at(k, b) {
                let (s, e) = cx.np_after(pe + 1, b)?;
                return Some(Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.span(k, pe)), carryover: true });
            }
            if cx.cue_at(k, lo).is_some() {
                let (s, e) = cx.np_before(k, lo).or_else(|| cx.np_after(k + 1, b))?;
                return Some(Attribution { speaker: Some(cx.span(s, e)), cue: Some(cx.toks[k].span), carryover: true });
            }
        }
        None
    }

    /// Is token `t` a plausible start of a reported clause ("he", "the", "Trump", "3", "“")?
    fn clause_start(&self, cx: &Ctx, t: usize, loose: bool) -> bool {
        if cx.opens[t] {
            return true;
        }
        if !cx.is_word(t) {
            return false;
        }
        match cx.class(t) {
            WordClass::Pronoun => !cx.is(t, "who") && !cx.is(t, "which") && !cx.is(t, "one"),
            WordClass::Determiner => true,
            WordClass::Stop => cx.is(t, "there") || cx.is(t, "if") || cx.is(t, "what") || cx.is(t, "how") || cx.is(t, "when") || cx.is(t, "why"),
            WordClass::Aux => false,
            // lower-case nouns and gerunds open clauses too ("said company leaders had …",
            // "said selling the plan was hard")
            _ => cx.is_cap(t) || cx.toks[t].kind == TokenKind::Number || loose && (!cx.verbish(t) || cx.bytes(t).ends_with(b"ing")),
        }
    }

    /// Where the reported clause after the cue at `k` starts, if it does (sentence ends at `b`).
    fn content_start(&self, cx: &Ctx, k: usize, class: VerbClass, b: usize) -> Option<usize> {
        // "said (on Tuesday / in a statement / to reporters) that …"
        let mut t = k + 1;
        while t < b && t <= k + 9 {
            if cx.is(t, "that") && cx.toks[t].kind == TokenKind::Word {
                return (t + 1 < b).then_some(t + 1);
            }
            if cx.is(t, "and") || cx.is(t, "but") || cx.cue_at(t, k).is_some() {
                break;
            }
            // a subject or a verb means the clause has begun: "said he understands how hard that is"
            if cx.class(t) == WordClass::Pronoun || cx.class(t) == WordClass::Aux || cx.verbish(t) {
                break;
            }
            let object_det = class == VerbClass::Tell && t == k + 1;
            if cx.class(t) == WordClass::Determiner && !object_det && !(t > k + 1 && cx.class(t - 1) == WordClass::Stop) {
                break;
            }
            if !cx.is_word(t) && !cx.opens[t] || cx.quote(t).is_some() {
                break;
            }
            t += 1;
        }
        // "vowed to fight on", "urged them to vote", "asked (her) whether …"
        let cue = cx.text(k);
        let (inf, ques, topic) = (cx.lex.takes_infinitive(cue), cx.lex.takes_question(cue), cx.lex.takes_topic(cue));
        if inf || ques || topic {
            let mut t = k + 1;
            // a hearer first: a pronoun, a name or a short noun phrase
            let object = |t: usize| cx.is_in(t, words!("object_pronoun"));
            while t < b && t <= k + 4 && cx.is_word(t) && (object(t) || cx.class(t) != WordClass::Stop) && !cx.verbish(t) {
                t += 1;
            }
            let opens_clause = t + 1 < b && cx.is_word(t) && cx.is_word(t + 1) && !cx.is_cap(t + 1);
            if inf && opens_clause && cx.is(t, "to") && cx.class(t + 1) == WordClass::Other {
                return Some(t);
            }
            let wh = words!("question_word");
            if ques && t < b && cx.is_in(t, wh) {
                return Some(t);
            }
            // "warned of a wider war", "railed against the deal"
            if topic && t + 1 < b && cx.lex.is_topic_preposition(cx.text(t)) && cx.is_word(t + 1) {
                return Some(t + 1);
            }
        }
        let mut t = k + 1;
        if t < b && cx.punct(t, marks!(",:")) {
            t += 1;
        }
        if t >= b {
            return None;
        }
        match class {
            VerbClass::Quote => None,
            VerbClass::Say => self.clause_start(cx, t, true).then_some(t),
            VerbClass::Tell => {
                // the hearer: a pronoun, a name, or a short noun phrase
                let obj = t;
                // (only a word can be one of the pronouns)
                let pronoun = cx.is_word(t) && cx.is_in(t, words!("object_pronoun"));
                let named = cx.is_cap(t) || pronoun;
                if pronoun {
                    t += 1;
                } else {
                    if t < b && cx.class(t) == WordClass::Determiner {
                        t += 1;
                    }
                    while t < b && t < obj + 5 && cx.is_word(t) && matches!(cx.class(t), WordClass::Other | WordClass::Role) && !cx.verbish(t) {
                        t += 1;
                    }
                }
                if t == obj || t >= b {
                    return None;
                }
                if cx.punct(t, marks!(",")) && t + 1 < b {
                    t += 1;
                }
                (self.clause_start(cx, t, false) && (named || cx.class(t) != WordClass::Determiner)
                    || cx.class(t) == WordClass::Pronoun && self.clause_start(cx, t, false))
                    .then_some(t)
            }
        }
    }

    /// Indirect and mixed quotes of the sentence made of tokens `a..b`.
    #[allow(clippy::too_many_arguments)]
    fn indirect_in_sentence(
        &self,
        cx: &Ctx,
        a: usize,
        b: usize,
        used: &[bool],
        directs: &[Direct],
        absorbed: &mut [bool],
        out: &mut Vec<QuoteCandidate>,
    ) {
        if b <= a + 2 {
            return;
        }
        let mut end = b;
        while end > a && cx.punct(end - 1, marks!(".!?;")) {
            end -= 1;
        }
        if self.final_reporting_clause(cx, a, end, directs, absorbed, out) {
            return;
        }
        let mut last_speaker: Option<Span> = None;
        let mut k = a;
        while k < end {
            // most tokens begin nothing: passed over in a tight loop of their own
            k = cx.next_candidate(k, end, used);
            if k >= end {
                break;
            }
            if cx.quote(k).is_some() || used[k] {
                if let Some(q) = cx.quote(k) {
                    if let Some(attr) = directs[q].attr {
                        last_speaker = attr.speaker.or(last_speaker);
                    }
                    // the rest of the same quote changes nothing more
                    while k + 1 < end && cx.quote(k + 1) == Some(q) {
                        k += 1;
                    }
                }
                k += 1;
                continue;
            }
            // "according to X, …" and "…, according to X."
            if let Some(pe) = cx.cue_phrase_at(k, end) {
                let np = if k == a { cx.np_after_plain(pe + 1, end) } else { cx.np_after(pe + 1, end) };
                if let Some((s, e)) = np.filter(|&(s, e)| cx.person_like(s, e)) {
                    let cue = cx.span(k, pe);
                    let content = if k == a && e + 2 < end && cx.punct(e + 1, marks!(",")) {
                        Some((e + 2, end))
                    } else if k > a + 2 && cx.punct(k - 1, marks!(",")) {
                        Some((a, k - 1))
                    } else {
                        None
                    };
                    // "according to" attributes facts as often as speech: only words in quotation
                    // marks make it a quote (mixed); a plain clause is not reported speech
                    let quoted = |(cs, ce): &(usize, usize)| (*cs..*ce).any(|t| cx.quote(t).is_some());
                    if let Some((cs, ce)) = content.filter(quoted) {
                        self.emit(cx, cs, ce, cue, cx.span(s, e), directs, absorbed, out);
                        last_speaker = Some(cx.span(s, e));
                    }
                    k = e + 1;
                    continue;
                }
            }
            let Some(class) = cx.cue_at(k, a) else {
                k += 1;
                continue;
            };
            let cue = cx.toks[k].span;
            let np = cx.np_before(k, a);
            // "X said (that) …"
            if let Some((s, e)) = np {
                // "Back then, she said, the firm …" is a parenthesis, read below
                let parenthesis = s > a && cx.punct(s - 1, marks!(",—–")) && k + 1 < end && cx.punct(k + 1, marks!(",—–"));
                if let Some(cs) = self.content_start(cx, k, class, end).filter(|_| !parenthesis) {
                    if words_up_to(cx.span(cs, end - 1).of(cx.body), 3) >= 3 {
                        let ce = self.clause_end(cx, cs, end, directs, used);
                        self.emit(cx, cs, ce, cue, cx.span(s, e), directs, absorbed, out);
                        last_speaker = Some(cx.span(s, e));
                        k = ce;
                        continue;
                    }
                }
                // "…, X said." / "…, X said, …" (the cue closes the sentence or a parenthesis)
                if s > a + 1 && cx.punct(s - 1, marks!(",—–")) {
                    let mut t = k + 1;
                    while t < end && t <= k + 6 && !cx.punct(t, marks!(",—–")) && !cx.is(t, "that") {
                        t += 1;
                    }
                    // only an adverbial or the hearer may stand after the cue ("she said on
                    // Monday,", "he told reporters,"), not an object ("X echoed the claim, …")
                    let adverbial = k + 1 >= end
                        || t == k + 1
                        || class == VerbClass::Tell
                        || cx.class(k + 1) == WordClass::Stop
                        || cx.class(k + 1) == WordClass::Aux
                        || cx.lex.is_when(cx.text(k + 1));
                    let ce = if !adverbial {
                        None
                    } else if t >= end {
                        Some(s - 1)
                    } else if cx.punct(t, marks!(",—–")) {
                        Some(end)
                    } else {
                        None
                    };
                    // a parenthesis ("Back then, she said, the firm …") needs no long opening
                    let min_words = if ce == Some(end) { 1 } else { 3 };
                    let long_enough = words_up_to(cx.span(a, s - 2).of(cx.body), min_words) >= min_words;
                    if let Some(ce) = ce.filter(|_| long_enough && !self.mostly_quoted(cx, a, s - 1)) {
                        if ce == end {
                            // an interrupted clause is two pieces, like an interrupted quote:
                            // "Back then" | "she said," | "the firm was small"
                            let mut rest = t + 1;
                            if rest < end && cx.is(rest, "that") {
                                rest += 1;
                            }
                            self.emit(cx, a, s - 1, cue, cx.span(s, e), directs, absorbed, out);
                            self.emit(cx, rest, end, cue, cx.span(s, e), directs, absorbed, out);
                            last_speaker = Some(cx.span(s, e));
                            k = end;
                            continue;
                        }
                        self.emit(cx, a, ce, cue, cx.span(s, e), directs, absorbed, out);
                        last_speaker = Some(cx.span(s, e));
                    }
                }
                k += 1;
                continue;
            }
            // "…, said X."
            if k > a + 2 && cx.punct(k - 1, marks!(",")) {
                let closes = |e: usize| e + 1 >= end || cx.punct(e + 1, marks!(",;")) || cx.class(e + 1) == WordClass::Stop && !cx.is(e + 1, "that");
                let inverted_ok = !cx.bytes(k).ends_with(b"ing") && class != VerbClass::Tell;
                if let Some((s, e)) = cx.np_after(k + 1, end).filter(|&(_, e)| inverted_ok && closes(e)) {
                    if words_up_to(cx.span(a, k - 2).of(cx.body), 3) >= 3 && !self.mostly_quoted(cx, a, k - 1) {
                        self.emit(cx, a, k - 1, cue, cx.span(s, e), directs, absorbed, out);
                        last_speaker = Some(cx.span(s, e));
                        k = e + 1;
                        continue;
                    }
                }
            }
            // "…, adding that …", "… and said that …": the speaker of the clause before, or the
            // subject of the sentence
            let mut pre = k.saturating_sub(1).max(a);
            while pre > a && cx.class(pre) == WordClass::Aux {
                pre -= 1;
            }
            if k > a && (cx.bytes(k).ends_with(b"ing") || cx.is(pre, "and")) {
                let spk = cx.with_participle(k, a).or(last_speaker).or_else(|| cx.subject(a, k).map(|(s, e)| cx.span(s, e)));
                if let (Some(spk), Some(cs)) = (spk, self.content_start(cx, k, class, end)) {
                    if words_up_to(cx.span(cs, end - 1).of(cx.body), 3) >= 3 {
                        let ce = self.clause_end(cx, cs, end, directs, used);
                        self.emit(cx, cs, ce, cue, spk, directs, absorbed, out);
                        last_speaker = Some(spk);
                        k = ce;
                        continue;
                    }
                }
            }
            k += 1;
        }
    }

    /// "…, X said (on Tuesday).", "…, said X.", "…, according to X.": a reporting clause after
    /// the last comma of the sentence governs everything before it (cues inside it are part of
    /// what was said). Emits that quote and returns true when the sentence ends so.
    #[allow(clippy::too_many_arguments)]
    fn final_reporting_clause(
        &self,
        cx: &Ctx,
        a: usize,
        end: usize,
        directs: &[Direct],
        absorbed: &mut [bool],
        out: &mut Vec<QuoteCandidate>,
    ) -> bool {
        // the last comma or dash outside quotes among the sentence's last MAX_NP + 10 tokens
        // (after its first), read from the per-token facts as slices: one short loop
        let lo = (a + 1).max(end.saturating_sub(MAX_NP + 10));
        let (Some(info), Some(in_quote)) = (cx.info.get(lo..end), cx.in_quote.get(lo..end)) else {
            return false;
        };
        let set = marks!(",—–");
        let Some(c) = info.iter().zip(in_quote).rposition(|(tk, &q)| set >> tk.mark & 1 == 1 && q == NO_QUOTE).map(|p| lo + p) else {
            return false;
        };
        if words_up_to(cx.span(a, c - 1).of(cx.body), 3) < 3 || cx.quote(c - 1).is_some() && self.mostly_quoted(cx, a, c) {
            return false;
        }
        let hi = end.min(c + 1 + MAX_NP + 4);
        for k in c + 1..hi {
            if cx.quote(k).is_some() {
                return false;
            }
            let (speaker, after) = if let Some(pe) = cx.cue_phrase_at(k, end) {
                if k != c + 1 {
                    return false;
                }
                match cx.np_after(pe + 1, end) {
                    Some((s, e)) => ((s, e), e + 1),
                    None => return false,
                }
            } else if cx.cue_at(k, c + 1).is_some() {
                let np = if k == c + 1 {
                    cx.np_after(k + 1, end)
                } else {
                    cx.np_before(k, c + 1).filter(|&(s, _)| s == c + 1)
                };
                match np {
                    Some((s, e)) => ((s, e), if k == c + 1 { e + 1 } else { k + 1 }),
                    None => return false,
                }
            } else {
                continue;
            };
            // only adverbials may follow: "on Tuesday", "in a statement", "in an interview"
            if end - after > 3 || (after..end).any(|t| cx.is(t, "that") || cx.quote(t).is_some()) {
                return false;
            }
            let person_like = cx.class(speaker.0) == WordClass::Pronoun && !cx.is(speaker.0, "who") || cx.is_cap(speaker.1);
            if !person_like || self.mostly_quoted(cx, a, c) || (a..c).any(|t| cx.quote(t).is_some()) && (c + 1..end).any(|t| cx.punct(t, marks!(","))) {
                return false;
            }
            let phrase = cx.cue_phrase_at(k, end).is_some();
            if phrase && !(a..c).any(|t| cx.quote(t).is_some()) {
                return false; // "…, according to the FBI.": a fact, not speech (see above)
            }
            let cue_end = if phrase { k + 1 } else { k };
            let cue = cx.span(k, cue_end);
            self.emit(cx, a, c, cue, cx.span(speaker.0, speaker.1), directs, absorbed, out);
            return true;
        }
        false
    }

    /// Where the reported clause starting at `cs` ends: the sentence end `end`, or before a
    /// second cue of the same speaker ("… and said, “…”", "…, adding that …").
    fn clause_end(&self, cx: &Ctx, cs: usize, end: usize, directs: &[Direct], used: &[bool]) -> usize {
        for t in cs + 1..end.min(cs + SCAN_LIMIT) {
            // a quote with its own cue ("…: “…,” Roffman predicted") is not part of the clause
            if cx.opens[t] {
                if let Some(d) = cx.quote(t).map(|q| &directs[q]) {
                    if d.cue_tok.is_some_and(|c| used[c] && (c < cs || c >= t)) && d.mixed_from.is_none() {
                        let mut e = t;
                        while e > cs + 1 && cx.punct(e - 1, marks!(",:;—–-")) {
                            e -= 1;
                        }
                        return e;
                    }
                }
            }
            if cx.quote(t).is_none() && cx.cue_at(t, cs).is_some() && (cx.is(t - 1, "and") || cx.punct(t - 1, marks!(","))) {
                return if cx.is(t - 1, "and") && t >= cs + 2 && cx.punct(t - 2, marks!(",")) { t - 2 } else { t - 1 };
            }
        }
        end
    }

    /// Are most of the words of tokens `a..b` inside quotation marks (a direct quote already)?
    fn mostly_quoted(&self, cx: &Ctx, a: usize, b: usize) -> bool {
        let words = (a..b).filter(|&t| cx.is_word(t)).count();
        let quoted = (a..b).filter(|&t| cx.is_word(t) && cx.quote(t).is_some()).count();
        quoted * 2 > words
    }

    /// Emits the reported clause of tokens `cs..ce`: mixed when it holds quoted words (which it
    /// absorbs), nothing when it is just a direct quote already found.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        cx: &Ctx,
        cs: usize,
        ce: usize,
        cue: Span,
        speaker: Span,
        directs: &[Direct],
        absorbed: &mut [bool],
        out: &mut Vec<QuoteCandidate>,
    ) {
        if ce <= cs {
            return;
        }
        let mut span = cx.span(cs, ce - 1);
        let mut inside = Vec::new();
        for t in cs..ce {
            if let Some(q) = cx.quote(t) {
                if inside.last() != Some(&q) {
                    inside.push(q);
                }
            }
        }
        let mut kind = QuoteKind::Indirect;
        if !inside.is_empty() {
            let outside = (cs..ce).filter(|&t| cx.is_word(t) && cx.quote(t).is_none()).count();
            if outside < 3 {
                return; // the direct quote is the whole content
            }
            kind = QuoteKind::Mixed;
            for &q in &inside {
                span.end = span.end.max(directs[q].m.span.end);
                absorbed[q] = true;
            }
        }
        out.push(QuoteCandidate { span, kind, cue: Some(cue), speaker: Some(speaker), carryover: false });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::language;

    #[test]
    fn word_count_counts_runs_of_word_characters() {
        assert_eq!(word_count("We’ll see, he said -- 10,000 times!"), 7);
        assert_eq!(word_count("  ... "), 0);
        assert_eq!(word_count("don't-stop"), 2);
        assert_eq!(word_count("Ça va’"), 2);
    }

    #[test]
    fn next_candidate_passes_only_tokens_that_give_no_cue() {
        let body = "Officials in the city said on Monday, according to aides, that the Plan was told to “wait”.";
        let lex = CueLexicon::new();
        let toks = crate::extract::text::tokenize(body, Span::new(0, body.len()));
        let n = toks.len();
        let mut in_quote = vec![NO_QUOTE; n];
        // the quotation marks and the word between them
        for q in in_quote.iter_mut().take(n - 1).skip(n - 4) {
            *q = 0;
        }
        let cx = Ctx::new(body, &lex, toks, in_quote, vec![false; n]);
        let mut used = vec![false; n];
        used[3] = true;
        let mut stops = Vec::new();
        for k in 0..=n {
            let c = cx.next_candidate(k, n, &used);
            assert!(c >= k && c <= n);
            for (j, &u) in used.iter().enumerate().take(c).skip(k) {
                assert!(cx.quote(j).is_none() && !u, "{j}");
                assert!(cx.cue_phrase_at(j, n).is_none() && cx.cue_at(j, 0).is_none() && cx.cue_at(j, j).is_none(), "{j}");
            }
            if c < n {
                stops.push(cx.text(c));
            }
        }
        stops.dedup();
        // words that may open a cue phrase ("in", "according"), the used token ("city"), the
        // verbs ("said", "told") and the quote
        assert_eq!(stops, ["in", "city", "said", "according", "told", "“", "wait", "”"]);
    }

    #[test]
    fn every_rule_word_list_is_read_whole_from_its_file() {
        let mut names = 0;
        for line in RULE_WORDS.lines().filter(|l| !l.starts_with('#')) {
            let (name, words) = line.split_once('\t').expect("name<TAB>words");
            let list = Words::named(RULE_WORDS.as_bytes(), name.as_bytes());
            let keys: Vec<u64> = words.split_whitespace().map(|w| pack_lower(w.as_bytes())).collect();
            assert_eq!(&list.keys[..list.n], &keys[..], "{name}");
            names += 1;
        }
        assert_eq!(names, 11);
    }

    #[test]
    fn word_lists_answer_as_their_words_one_by_one() {
        let body = "A an AN his Her their’s ’S 's 'S another Another ANOTHERS anothe whether Whethers é \
                    s É élan said SAID Told wrote put puts × ’s’s I’m i";
        let lex = CueLexicon::new();
        let toks = crate::extract::text::tokenize(body, Span::new(0, body.len()));
        let n = toks.len();
        let cx = Ctx::new(body, &lex, toks, vec![NO_QUOTE; n], vec![false; n]);
        let lists: [(&Words, &[&str]); 4] = [
            (words_of!("a", "an", "his", "her", "another", "whether"), &["a", "an", "his", "her", "another", "whether"]),
            (words_of!("'s", "’s", "i"), &["'s", "’s", "i"]),
            (words_of!("said", "told", "wrote", "read", "put"), &["said", "told", "wrote", "read", "put"]),
            (words_of!("x"), &["x"]),
        ];
        let mut hits = 0;
        for (set, list) in lists {
            for i in 0..n {
                let one_by_one = list.iter().any(|w| cx.is(i, w));
                assert_eq!(cx.is_in(i, set), one_by_one, "{:?} {list:?}", cx.text(i));
                hits += usize::from(one_by_one);
            }
        }
        assert!(hits > 10);
    }

    #[test]
    fn tokens_before_walks_to_the_partition_point() {
        let body = "He said, “no.” Then she left.";
        let toks = crate::extract::text::tokenize(body, Span::new(0, body.len()));
        for pos in 0..=body.len() + 1 {
            let want = toks.partition_point(|t| t.span.start < pos);
            for from in 0..=want {
                assert_eq!(tokens_before(&toks, from, pos), want, "{pos} from {from}");
            }
        }
    }

    #[test]
    fn words_up_to_stops_at_the_cap() {
        let t = "We’ll see, he said -- 10,000 times!";
        assert_eq!(words_up_to(t, 3), 3);
        assert_eq!(words_up_to(t, 7), 7);
        assert_eq!(words_up_to(t, 9), 7);
        assert_eq!(words_up_to("  ... ", 2), 0);
        assert_eq!(words_up_to("one", 0), 0);
    }

    /// (kind, content, speaker mention, cue, carryover) for every quote of `body`.
    fn run(body: &str) -> Vec<(QuoteKind, String, String, String, bool)> {
        let rules = QuoteRules::new();
        let doc = Document::new(body);
        let lang = language::resolve(Some("en"), &doc);
        rules
            .find(&doc, &lang)
            .into_iter()
            .map(|q| {
                (
                    q.kind,
                    q.span.of(body).to_string(),
                    q.speaker.map(|s| s.of(body).to_string()).unwrap_or_default(),
                    q.cue.map(|s| s.of(body).to_string()).unwrap_or_default(),
                    q.carryover,
                )
            })
            .collect()
    }

    fn q(kind: QuoteKind, text: &str, speaker: &str, cue: &str) -> (QuoteKind, String, String, String, bool) {
        (kind, text.to_string(), speaker.to_string(), cue.to_string(), false)
    }

    use QuoteKind::{Direct, Indirect, Mixed};

    #[test]
    fn direct_then_pronoun_and_cue() {
        assert_eq!(
            run("“We will build the bridge next year,” she said."),
            vec![q(Direct, "“We will build the bridge next year,”", "she", "said")]
        );
    }

    #[test]
    fn direct_with_inverted_cue_and_apposition() {
        assert_eq!(
            run("\"The plan is dead,\" said Maria Lopez, a spokeswoman for the council."),
            vec![q(Direct, "\"The plan is dead,\"", "Maria Lopez, a spokeswoman for the council", "said")]
        );
    }

    #[test]
    fn party_tag_with_full_stop_before_cue() {
        assert_eq!(
            run("“Turnout was high,” Rep. Tom Baker (D-Ore.) said."),
            vec![q(Direct, "“Turnout was high,”", "Rep. Tom Baker", "said")]
        );
    }

    #[test]
    fn title_and_name_before_cue() {
        assert_eq!(
            run("“Turnout was high,” Election Commission chairman Tom Baker told reporters."),
            vec![q(Direct, "“Turnout was high,”", "Election Commission chairman Tom Baker", "told")]
        );
        assert_eq!(
            run("“Turnout was high,” the commission chairman added."),
            vec![q(Direct, "“Turnout was high,”", "the commission chairman", "added")]
        );
    }

    #[test]
    fn apposition_between_name_and_cue() {
        assert_eq!(
            run("“Prices will fall,” Ann Berg, the chief economist at Delta Bank, said on Monday."),
            vec![q(Direct, "“Prices will fall,”", "Ann Berg, the chief economist at Delta Bank", "said")]
        );
    }

    #[test]
    fn modifier_before_the_title_and_name() {
        assert_eq!(
            run("“The bridge is safe,” retired army colonel Tom Baker said."),
            vec![q(Direct, "“The bridge is safe,”", "Tom Baker", "said")]
        );
    }

    #[test]
    fn participle_aside_between_speaker_and_cue() {
        assert_eq!(
            run("Ann Berg, speaking to farmers in Salem, Ore., warned that prices would fall."),
            vec![q(Indirect, "prices would fall", "Ann Berg", "warned")]
        );
        assert_eq!(
            run("The mayor, asked about the budget, said the city would borrow more."),
            vec![q(Indirect, "the city would borrow more", "The mayor", "said")]
        );
    }

    #[test]
    fn hometown_aside_between_speaker_and_cue() {
        assert_eq!(
            run("“We fought for this,” Ann Berg, of Salem, Ore., said."),
            vec![q(Direct, "“We fought for this,”", "Ann Berg", "said")]
        );
    }

    #[test]
    fn an_object_after_the_cue_makes_no_parenthesis() {
        assert_eq!(
            run("On Sunday, Ann Berg echoed the claim of her party, saying the vote had been rigged."),
            vec![q(Indirect, "the vote had been rigged", "Ann Berg", "saying")]
        );
        assert_eq!(
            run("Back then, she said on Monday, the firm was small and poor."),
            vec![
                q(Indirect, "Back then", "she", "said"),
                q(Indirect, "the firm was small and poor", "she", "said"),
            ]
        );
    }

    #[test]
    fn an_opening_clause_is_not_the_subject() {
        assert_eq!(
            run("While the firms pushed for free trade, Ann Berg rallied farmers, promising to raise tariffs."),
            vec![q(Indirect, "to raise tariffs", "Ann Berg", "promising")]
        );
        assert_eq!(
            run("Instead, she went back to the farm, pledging to stay there for good."),
            vec![q(Indirect, "to stay there for good", "she", "pledging")]
        );
    }

    #[test]
    fn a_cue_with_its_own_clause_does_not_take_the_quote_before() {
        let got = run("Ann Berg warned that the plan would be \"a disaster for the farms.\" She said the mayor \"knows it.\"");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].2.as_str()), (Mixed, "Ann Berg"));
        assert!(got[0].1.contains("a disaster for the farms"), "{got:?}");
        assert_eq!((got[1].0, got[1].2.as_str()), (Mixed, "She"));
    }

    #[test]
    fn adding_takes_the_speaker_of_the_cue_before() {
        let got = run("Tom Ash left as soon as the vote was over, Ann Berg said, adding, \"He was not very happy.\"");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].1, "\"He was not very happy.\"");
        assert_eq!(got[1].2, "Ann Berg", "{got:?}");
    }

    #[test]
    fn a_cue_in_an_opening_clause_does_not_reach_the_quote() {
        let got = run("After Tom Ash criticized the plan during a debate, Ann Berg shot back, “I could have chosen to stay home, but I chose to fight.”");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].2.as_str()), (Direct, "Ann Berg"));
        // but "As X put it, …" is the attribution
        let got = run("As Ann Berg put it in a statement, the firm is “providing a view you won't get elsewhere.”");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "Ann Berg");
    }

    #[test]
    fn ever_between_subject_and_cue() {
        let got = run("Few farmers would ever admit that the harvest was poor.");
        assert_eq!(got, vec![q(Indirect, "the harvest was poor", "Few farmers", "admit")]);
    }

    #[test]
    fn openings_one_after_the_other() {
        let got = run("In June 2009, after Ms. Ash fell ill, Tom Berg sent her a note, saying “you are an all-star and we need you for the long run!”");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "Tom Berg", "{got:?}");
    }

    #[test]
    fn a_participle_opening_is_not_the_subject() {
        let got = run("Speaking to the farmers' union in Salem on Monday, Ann Berg wavered on the tariffs, promising to review them next year.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "Ann Berg", "{got:?}");
    }

    #[test]
    fn with_a_name_and_a_participle_the_name_speaks() {
        let got = run("The farmers were quick to respond, with Ann Berg saying that the tariffs were a disaster for the valley.");
        assert_eq!(got, vec![q(Indirect, "the tariffs were a disaster for the valley", "Ann Berg", "saying")]);
    }

    #[test]
    fn one_of_apposition() {
        assert_eq!(
            run("“We will appeal,” Ann Berg, a lawyer, one of the three suing the city, said."),
            vec![q(Direct, "“We will appeal,”", "Ann Berg, a lawyer, one of the three suing the city", "said")]
        );
    }

    #[test]
    fn time_phrase_and_noun_cue_are_not_speakers() {
        assert_eq!(
            run("The company just this month announced it would close the plant."),
            vec![q(Indirect, "it would close the plant", "The company", "announced")]
        );
        assert_eq!(
            run("In one tweet Friday, Berg said: “The vote was rigged.”"),
            vec![q(Direct, "“The vote was rigged.”", "Berg", "said")]
        );
    }

    #[test]
    fn age_before_apposition_keeps_the_name() {
        assert_eq!(
            run("“It is hard,” Ann Berg, 58, a retired nurse, said on Monday."),
            vec![q(Direct, "“It is hard,”", "Ann Berg, 58, a retired nurse", "said")]
        );
    }

    #[test]
    fn day_between_speaker_and_cue() {
        assert_eq!(
            run("Ann Berg on Monday predicted an easy win."),
            vec![q(Indirect, "an easy win", "Ann Berg", "predicted")]
        );
        assert_eq!(
            run("“We will win,” Ann Berg earlier Thursday said."),
            vec![q(Direct, "“We will win,”", "Ann Berg", "said")]
        );
    }

    #[test]
    fn object_of_participle_is_not_the_speaker() {
        let got = run("Ben Ward issued a statement, calling the plan “a failure for every family.”");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].2.as_str(), got[0].3.as_str()), ("Ben Ward", "calling"), "{got:?}");
    }

    #[test]
    fn cue_and_colon_before_quote() {
        assert_eq!(
            run("The mayor said: “The roads will reopen on Friday.”"),
            vec![q(Direct, "“The roads will reopen on Friday.”", "The mayor", "said")]
        );
        assert_eq!(
            run("Kim Park: “We never gave up on this town.”"),
            vec![q(Direct, "“We never gave up on this town.”", "Kim Park", ":")]
        );
    }

    #[test]
    fn interrupted_quote_is_two_quotes_one_speaker() {
        assert_eq!(
            run("“This is not over,” he said, “and we will appeal the ruling.”"),
            vec![
                q(Direct, "“This is not over,”", "he", "said"),
                q(Direct, "“and we will appeal the ruling.”", "he", "said"),
            ]
        );
    }

    #[test]
    fn following_quote_in_paragraph_keeps_speaker() {
        let got = run("“I am tired,” Joe Smith said. “But I will keep running for this seat.”");
        assert_eq!(got[1], q(Direct, "“But I will keep running for this seat.”", "Joe Smith", "said"));
    }

    #[test]
    fn multi_paragraph_quote_reopens_and_carries_over() {
        let body = "“The first part of my answer is simple,” the coach said.\n\n\
                    “The second part is harder, because nobody knows the weather.\n\n\
                    “And the third part is up to the players on the day.”";
        let got = run(body);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, "“The second part is harder, because nobody knows the weather.");
        assert_eq!((got[1].2.as_str(), got[1].4), ("the coach", true));
        assert_eq!((got[2].2.as_str(), got[2].4), ("the coach", true));
    }

    #[test]
    fn mismatched_closing_mark() {
        assert_eq!(
            run("“I think this was a success,\" Sergei Ivanov said."),
            vec![q(Direct, "“I think this was a success,\"", "Sergei Ivanov", "said")]
        );
    }

    #[test]
    fn stray_mark_stops_at_paragraph_end() {
        let got = run("He wrote “the end of an era and left.\n\nThe next day the shop closed its doors for good.");
        assert!(got.iter().all(|q| !q.1.contains("next day")), "{got:?}");
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotes() {
        assert!(run("The so-called “reforms” were delayed again.").is_empty());
        assert!(run("She watched the film “Heat” twice.").is_empty());
        assert!(run("He appeared on “Meet the Press” last week.").is_empty());
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(run("Don't wait 'til the '90s come back, Jones' book says nothing.").is_empty());
    }

    #[test]
    fn indirect_said_that() {
        assert_eq!(
            run("The minister said that the budget would be cut by half."),
            vec![q(Indirect, "the budget would be cut by half", "The minister", "said")]
        );
    }

    #[test]
    fn indirect_said_without_that() {
        assert_eq!(
            run("Officials said the bridge had been closed since Monday."),
            vec![q(Indirect, "the bridge had been closed since Monday", "Officials", "said")]
        );
    }

    #[test]
    fn indirect_reporting_clause_after() {
        assert_eq!(
            run("The bridge will stay closed until spring, a city spokesman said."),
            vec![q(Indirect, "The bridge will stay closed until spring", "a city spokesman", "said")]
        );
        assert_eq!(
            run("The bridge will stay closed until spring, said Dana Wu."),
            vec![q(Indirect, "The bridge will stay closed until spring", "Dana Wu", "said")]
        );
    }

    #[test]
    fn indirect_told_hearer() {
        assert_eq!(
            run("Green told Reuters the company would not sell the plant."),
            vec![q(Indirect, "the company would not sell the plant", "Green", "told")]
        );
        assert_eq!(
            run("She told reporters that the talks had failed."),
            vec![q(Indirect, "the talks had failed", "She", "told")]
        );
    }

    #[test]
    fn mixed_according_to() {
        assert_eq!(
            run("According to the police chief, the suspect “fled on foot” at dawn."),
            vec![q(Mixed, "the suspect “fled on foot” at dawn", "the police chief", "According to")]
        );
        // a plain clause after "according to" reports a fact as often as speech
        assert!(run("According to the police chief, the suspect fled on foot.").is_empty());
        // documents and data are not speakers
        assert!(run("Sales fell by a third, according to the survey.").is_empty());
    }

    #[test]
    fn indirect_other_cues() {
        assert_eq!(
            run("He denied that the money had been spent on the campaign."),
            vec![q(Indirect, "the money had been spent on the campaign", "He", "denied")]
        );
        assert_eq!(
            run("Jo Kane warned that the river could flood again."),
            vec![q(Indirect, "the river could flood again", "Jo Kane", "warned")]
        );
        assert_eq!(
            run("Mr. Ortiz added that no decision had been made."),
            vec![q(Indirect, "no decision had been made", "Mr. Ortiz", "added")]
        );
    }

    #[test]
    fn colon_clause_after_cue() {
        assert_eq!(
            run("The judge said: the trial will resume in June."),
            vec![q(Indirect, "the trial will resume in June", "The judge", "said")]
        );
    }

    #[test]
    fn mixed_quote() {
        assert_eq!(
            run("Lee said the deal was “a disaster for farmers” and should be dropped."),
            vec![q(Mixed, "the deal was “a disaster for farmers” and should be dropped", "Lee", "said")]
        );
    }

    #[test]
    fn nested_quote_stays_in_its_quote() {
        assert_eq!(
            run("“They kept shouting ‘go home’ at us,” the driver said."),
            vec![q(Direct, "“They kept shouting ‘go home’ at us,”", "the driver", "said")]
        );
    }

    #[test]
    fn passive_and_infinitive_are_not_cues() {
        assert!(run("He was told the office had closed.").is_empty());
        assert!(run("She refused to say whether the plant would close.").is_empty());
    }

    #[test]
    fn unsupported_language_keeps_quotes_by_marks_only() {
        let rules = QuoteRules::new();
        let body = "Der Minister sagte: „Wir werden die Brücke im nächsten Jahr bauen.“";
        let doc = Document::new(body);
        let lang = language::resolve(Some("de"), &doc);
        let got = rules.find(&doc, &lang);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].span.of(body), "„Wir werden die Brücke im nächsten Jahr bauen.“");
        assert_eq!((got[0].speaker, got[0].cue), (None, None));
    }

    #[test]
    fn robust_to_crlf_nbsp_zero_width_and_emoji() {
        let body = "\u{FEFF}“The\u{00A0}show must go on 😀,” she\u{200B} said.\r\n\r\nIt did.";
        let got = run(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "“The\u{00A0}show must go on 😀,”");
        assert_eq!(got[0].2, "she");
    }

    #[test]
    fn latex_style_marks() {
        assert_eq!(
            run("``We are not for sale,'' the owner said."),
            vec![q(Direct, "``We are not for sale,''", "the owner", "said")]
        );
    }

    #[test]
    fn coordinated_cue_shares_the_speaker() {
        let got = run("Ruiz thanked the crew and said that the ship would sail on Sunday.");
        assert_eq!(got, vec![q(Indirect, "the ship would sail on Sunday", "Ruiz", "said")]);
    }

    #[test]
    fn prepositional_aside_between_speaker_and_cue() {
        assert_eq!(
            run("The judge, in her dissent, said that the law was unfair to voters."),
            vec![q(Indirect, "the law was unfair to voters", "The judge", "said")]
        );
    }

    #[test]
    fn that_inside_the_clause_is_not_the_complementizer() {
        assert_eq!(
            run("Rendell said he understands how hard that can be."),
            vec![q(Indirect, "he understands how hard that can be", "Rendell", "said")]
        );
    }

    #[test]
    fn infinitive_and_question_content() {
        assert_eq!(
            run("The governor vowed to veto the bill again."),
            vec![q(Indirect, "to veto the bill again", "The governor", "vowed")]
        );
        assert_eq!(
            run("She urged voters to stay home on Tuesday."),
            vec![q(Indirect, "to stay home on Tuesday", "She", "urged")]
        );
        assert_eq!(
            run("Reporters asked him whether the plant would close."),
            vec![q(Indirect, "whether the plant would close", "Reporters", "asked")]
        );
    }

    #[test]
    fn topic_content() {
        assert_eq!(
            run("The general warned of a wider war in the region."),
            vec![q(Indirect, "a wider war in the region", "The general", "warned")]
        );
    }

    #[test]
    fn quantifier_subject() {
        assert_eq!(
            run("Some say the harbour will never reopen."),
            vec![q(Indirect, "the harbour will never reopen", "Some", "say")]
        );
    }

    #[test]
    fn signed_quote_paragraph() {
        let got = run("“We cannot wait another year for this road.”\n\n— Mayor Ann Holt.");
        assert_eq!(got, vec![q(Direct, "“We cannot wait another year for this road.”", "Mayor Ann Holt", "—")]);
    }

    #[test]
    fn capitalised_modal_after_a_name_is_a_surname() {
        let got = run("“We stand with our allies,” said Prime Minister Theresa May.");
        assert_eq!(got, vec![q(Direct, "“We stand with our allies,”", "Prime Minister Theresa May", "said")]);
        let got = run("Prime Minister Theresa May said the talks would go on.");
        assert_eq!(got, vec![q(Indirect, "the talks would go on", "Prime Minister Theresa May", "said")]);
    }

    #[test]
    fn quote_signed_on_its_own_line() {
        let got = run("“The bridge has been closed for a month and nobody cares.” ― Dana Whitlock\n“We want the ferry back before winter comes.” — Omar Reyes.");
        assert_eq!(
            got,
            vec![
                q(Direct, "“The bridge has been closed for a month and nobody cares.”", "Dana Whitlock", "―"),
                q(Direct, "“We want the ferry back before winter comes.”", "Omar Reyes", "—"),
            ]
        );
    }

    #[test]
    fn parenthetical_reporting_clause() {
        assert_eq!(
            run("Back then, she said, the firm was small and quiet."),
            vec![
                q(Indirect, "Back then", "she", "said"),
                q(Indirect, "the firm was small and quiet", "she", "said"),
            ]
        );
    }

    #[test]
    fn any_verb_after_comma_quote_and_name() {
        assert_eq!(
            run("“You never listen to anyone,” Bennett shot back."),
            vec![q(Direct, "“You never listen to anyone,”", "Bennett", "shot")]
        );
    }

    #[test]
    fn quote_paragraph_after_paragraph_about_a_person() {
        let got = run("Senator Ann Lee praised the plan at length on Monday.\n\n“We need this bridge more than ever before.”");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].2.as_str(), got[0].4), ("Senator Ann Lee", true));
    }

    #[test]
    fn participle_after_noun_takes_the_subject() {
        let got = run("She released a statement saying the company had done nothing wrong.");
        assert_eq!(got, vec![q(Indirect, "the company had done nothing wrong", "She", "saying")]);
    }

    /// The example article of `../shared` (read at run time, never copied): every gold quote is
    /// found with exactly its span, and its speaker mention and cue overlap the gold ones.
    #[test]
    fn golden_example_article() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/example/example_gold.jsonl");
        let Ok(src) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} absent, golden example skipped", path.display());
            return;
        };
        let gold: serde_json::Value = serde_json::from_str(src.lines().next().unwrap_or("{}")).expect("gold json");
        let text = gold["text"].as_str().expect("text");
        // character offsets to byte offsets
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let span = |v: &serde_json::Value| -> Option<Span> {
            let a = v.as_array()?;
            Some(Span::new(bytes[a[0].as_u64()? as usize], bytes[a[1].as_u64()? as usize]))
        };
        let rules = QuoteRules::new();
        let doc = Document::new(text);
        let lang = language::resolve(None, &doc);
        let found = rules.find(&doc, &lang);
        let gq = gold["quotes"].as_array().expect("quotes");
        assert_eq!(found.len(), gq.len());
        for (g, p) in gq.iter().zip(&found) {
            assert_eq!(Some(p.span), span(&g["span"]));
            let gs = span(&g["speaker_span"]).expect("speaker");
            assert!(p.speaker.is_some_and(|m| m.overlaps(&gs)), "speaker of {:?}", p.span.of(text));
            let gc = span(&g["cue_span"]).expect("cue");
            assert!(p.cue.is_some_and(|c| c.overlaps(&gc)), "cue of {:?}", p.span.of(text));
        }
    }

    #[test]
    fn linear_on_long_unbalanced_input() {
        let body = "“a ".repeat(20000) + " he said.";
        let got = run(&body);
        assert!(got.len() <= 2);
    }
}

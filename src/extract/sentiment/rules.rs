//! The VADER-family scorer of one sentence: tokens, the valence of each token after the rules,
//! and the sentence's raw sum and compound.
//!
//! It follows the published VADER 3.3.2 algorithm (Hutto & Gilbert, ICWSM-14): lexicon valence,
//! boosters and dampeners over the three preceding words (damped 0.95 / 0.9 with distance),
//! negation scaling by -0.74, the "least" rule, idioms, "but" re-weighting (0.5 before, 1.5
//! after), "!" and "?" emphasis, and `x / sqrt(x^2 + alpha)` normalisation. The news
//! adaptations: tokens are words split at any punctuation (curly quotes, dashes), so a word
//! next to a mark is still found; negation reaches back [`Params::negation_window`] words but
//! never across a clause boundary (a comma, a dash, a contrast marker), and a negator that
//! negates no sentiment word carries a small negative valence of its own
//! ([`Params::bare_negation`]: "it pays no interest"); contrast works per
//! sentence and per marker ("but", "however", ...), and concessive clauses ("although ...")
//! are damped; all-caps words are not emphasised (in news they are acronyms); news phrases
//! ("cut its outlook") score as one unit. It does not split sentences nor aggregate them; that is
//! [`super::SentimentModel`].

use super::lexicon::{Lexicon, WordInfo, MAX_PHRASE};
use super::linear;
use crate::extract::text::is_alphanumeric;
use std::borrow::Cow;

/// VADER's negation scalar.
pub const N_SCALAR: f64 = -0.74;
const DAMP_2: f64 = 0.95;
const DAMP_3: f64 = 0.9;
const EP_STEP: f64 = 0.292;
const QM_STEP: f64 = 0.18;
const QM_CAP: f64 = 0.96;
/// Default [`Params::bare_negation`]: half of VADER's own valence of "no" (-1.2). Checked on
/// NYT editorial snippets (nyt_dev macro-F1 0.546 -> 0.552 against the models retrained without
/// it, both article halves up; -0.3 to -1.2 give about the same) and neutral in five-fold CV on
/// NewsMTSC train (target F1m 0.651 -> 0.652).
pub const BARE_NEGATION: f64 = -0.6;

/// Tunable constants of the scorer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// How many words back a negator reaches (VADER: 3).
    pub negation_window: usize,
    /// VADER's normalisation constant (15).
    pub alpha: f64,
    /// Scale of positive valences: positive words are weaker in news, where they often frame
    /// criticism ("hard to put a fair price on safety").
    pub positive_scale: f64,
    /// Valence of a negator that negates no sentiment word of its clause ("it pays no
    /// interest", "they did not act"): in news a bare denial leans negative.
    pub bare_negation: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params { negation_window: 4, alpha: 15.0, positive_scale: 0.7, bare_negation: BARE_NEGATION }
    }
}

/// One word of a sentence. Offsets are bytes into the text the tokenizer was given, plus `base`.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    /// Lowercase, with typographic apostrophes made straight: the text itself when it is
    /// already so (most words), else a lowered copy.
    pub lower: Cow<'a, str>,
    /// Starts with an uppercase letter.
    pub capitalized: bool,
    /// A clause boundary (`,;:.!?()` or a dash or a quotation mark) follows the word.
    pub boundary_after: bool,
    /// What the lexicon says about `lower`, looked up once by [`tokenize`].
    pub info: &'a WordInfo,
    /// A negator: listed, or ending in "n't" (the answer of [`Lexicon::is_negation`]).
    pub negation: bool,
    /// How the models read the word ([`WordKind`], see [`super::target::norm_word`]).
    pub kind: WordKind,
    /// `lower` holds a hyphen (the stem fallback splits at it).
    pub hyphen: bool,
    /// The valence of the word's stem when the word itself has none
    /// ([`Lexicon::stem_valence_indexed`]), looked up once when it is tokenised.
    pub stem: Option<f64>,
    /// The feature bucket of "S:" and the word as the models see it anywhere but first in a
    /// sentence (a word of the bag of words), hashed once when the word is tokenised.
    pub s_bucket: u32,
    /// The FNV state of "SS:", the word as `s_bucket` reads it and a space: the start of the
    /// bucket of the word pair it opens ([`super::linear::pair_state`]).
    pub pair_state: u64,
}

/// How the sentiment models read a word ([`super::target::norm_word`]): `<num>` when it holds a
/// digit; `<cap>` when it is capitalised, neither a lexicon word nor a negator, and not first in
/// its sentence; else its lowercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// Holds an ASCII digit: `<num>`.
    Num,
    /// `<cap>` unless first in the sentence, then its lowercase.
    Cap,
    /// Its lowercase.
    Plain,
}

impl<'a> Token<'a> {
    /// The word as the models see it, first in its sentence or not (see [`WordKind`]).
    #[inline]
    pub fn norm(&self, first: bool) -> &str {
        match self.kind {
            WordKind::Num => "<num>",
            WordKind::Cap if !first => "<cap>",
            _ => &self.lower,
        }
    }
}

fn is_connector(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&')
}

pub(super) fn is_boundary_mark(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | '(' | ')' | '[' | ']' | '—' | '–' | '"' | '“' | '”' | '«'
            | '»'
    )
}

/// Whether [`tokenize`] marks a clause boundary in `gap`, the text between two words (or after
/// the last one, to the end of the text), which holds no word character: a boundary mark, or a
/// hyphen followed (inside `gap`) by a hyphen or a space. The test [`tokenize`] makes. The
/// gap's [`Marks`] are added to `marks` in the same pass.
pub(super) fn gap_scan(gap: &str, marks: &mut Marks) -> bool {
    if gap.len() == 1 && gap.as_bytes()[0] == b' ' {
        // most gaps: no mark, no boundary
        return false;
    }
    let mut boundary = false;
    let mut chars = gap.chars().peekable();
    while let Some(c) = chars.next() {
        marks.see(c);
        if !boundary
            && (is_boundary_mark(c) || (c == '-' && chars.peek().is_some_and(|&n| n == '-' || n.is_whitespace())))
        {
            boundary = true;
        }
    }
    boundary
}

/// The marks of a text the scorer and the models read: how many '!' and '?' it holds (VADER's
/// emphasis, a question) and whether it holds a quotation mark ('"' or '“'). Gathered while the
/// text is tokenised ([`tokenize`] visits every character that is not a letter or a digit), so
/// the text is not searched again for each of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub exclaims: usize,
    pub questions: usize,
    pub quoted: bool,
}

impl Marks {
    /// The marks of `text`, searched for (what [`tokenize`] gathers).
    pub fn of(text: &str) -> Marks {
        let b = text.as_bytes();
        Marks {
            exclaims: b.iter().filter(|&&c| c == b'!').count(),
            questions: b.iter().filter(|&&c| c == b'?').count(),
            quoted: text.contains('“') || text.contains('"'),
        }
    }

    /// Counts `c` when it is one of the marks.
    #[inline]
    pub fn see(&mut self, c: char) {
        match c {
            '!' => self.exclaims += 1,
            '?' => self.questions += 1,
            '"' | '“' => self.quoted = true,
            _ => {}
        }
    }

    /// The marks of `gap`, added.
    pub fn see_all(&mut self, gap: &str) {
        for c in gap.chars() {
            self.see(c);
        }
    }
}

/// Bits of [`BYTE_CLASS`]: what a byte of a word says about the word.
const NON_ASCII: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const HYPHEN: u8 = 8;
/// An ASCII letter or digit (the bytes of a word's ASCII run).
const ALNUM: u8 = 16;
/// The ASCII apostrophe (an ASCII word without one cannot end in "n't").
const APOS: u8 = 32;

/// Per byte: its class in the high byte ([`NON_ASCII`], [`UPPER`] (ASCII uppercase), [`DIGIT`]
/// (ASCII), [`HYPHEN`], [`ALNUM`], [`APOS`]) and its ASCII lowercase in the low byte, so a word's bytes
/// are classified and lowered with one load each.
static BYTE_CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let class = if !c.is_ascii() {
            NON_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER | ALNUM
        } else if c.is_ascii_digit() {
            DIGIT | ALNUM
        } else if c.is_ascii_lowercase() {
            ALNUM
        } else if c == b'-' {
            HYPHEN
        } else if c == b'\'' {
            APOS
        } else {
            0
        };
        t[b] = ((class as u16) << 8) | c.to_ascii_lowercase() as u16;
        b += 1;
    }
    t
};

/// Splits `text` into words: runs of letters and digits, joined by an apostrophe, hyphen, period
/// or ampersand between two of them ("don't", "well-known", "U.S"). Offsets are `base + byte`.
/// Each word is looked up in `lex` once ([`Token::info`]). The words are appended to `out`;
/// tokens already there are left alone. Returns the [`Marks`] of `text`.
pub fn tokenize<'a>(lex: &'a Lexicon, text: &'a str, base: usize, out: &mut Vec<Token<'a>>) -> Marks {
    tokenize_paired(lex, text, None, base, out, None)
}

/// [`tokenize`], and when `pairs` is given, for each word pushed after another one in `out`
/// (those of earlier calls too), the bucket of the word pair the one before opens with it
/// ([`linear::pair_bucket`] of both read as not first in a sentence), pushed onto `pairs`:
/// hashed in the same pass over the word's bytes. `lowered`, when given, is `text` with its
/// ASCII letters lowered (`str::to_ascii_lowercase`, the same length): an ASCII word with a
/// capital that no table lists borrows its lowercase from there instead of allocating it.
pub fn tokenize_paired<'a>(
    lex: &'a Lexicon,
    text: &'a str,
    lowered: Option<&'a str>,
    base: usize,
    out: &mut Vec<Token<'a>>,
    mut pairs: Option<&mut Vec<u32>>,
) -> Marks {
    let lowered = lowered.filter(|l| l.len() == text.len());
    let first = out.len();
    let mut marks = Marks::default();
    let bytes = text.as_bytes();
    // the char at byte `i` (a char boundary) and its length; ASCII without decoding
    let char_at = |i: usize| -> Option<(char, usize)> {
        match bytes.get(i) {
            None => None,
            Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
            Some(_) => text.get(i..).and_then(|t| t.chars().next()).map(|c| (c, c.len_utf8())),
        }
    };
    let mut cur: Option<(usize, usize)> = None; // (start, end) of the word being read
    let mut pending_boundary = false;
    let mut push = |out: &mut Vec<Token<'a>>, s: usize, e: usize| {
        let w: &'a str = &text[s..e];
        // the pair state of the word before, when a pair bucket is wanted
        let prev = match (&pairs, out.last()) {
            (Some(_), Some(t)) => Some(t.pair_state),
            _ => None,
        };
        let mut hp = prev.unwrap_or(0);
        // one pass over the bytes: any non-ASCII byte, any capital, a digit, a hyphen, and the
        // FNV states of "S:" and "SS:" followed by the word lowered (ASCII): the lexicon's probe
        // ([`super::lexicon::token_hash`]) and the word's feature buckets
        let (mut classes, mut hs, mut hss) = (0u16, linear::S_PREFIX, linear::SS_PREFIX);
        for &b in w.as_bytes() {
            let e = BYTE_CLASS[usize::from(b)];
            classes |= e;
            let l = u64::from(e & 0xff);
            hs = (hs ^ l).wrapping_mul(0x0000_0100_0000_01b3);
            hss = (hss ^ l).wrapping_mul(0x0000_0100_0000_01b3);
            hp = (hp ^ l).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let class = (classes >> 8) as u8;
        let (ascii, upper) = (class & NON_ASCII == 0, class & UPPER != 0);
        let (mut digit, mut hyphen) = (class & DIGIT != 0, class & HYPHEN != 0);
        let (lower, capitalized, info): (Cow<'a, str>, bool, &'a WordInfo) = if ascii {
            let capitalized = w.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
            let wb = w.as_bytes();
            if upper {
                // the listed word's own lowercase when there is one, else a lowered copy
                let same = |k: &[u8]| k.len() == wb.len() && k.iter().zip(wb).all(|(&x, y)| x == y.to_ascii_lowercase());
                match lex.token_vocab.get_with(hs, same) {
                    Some((key, info)) => (Cow::Borrowed(key), capitalized, info),
                    None => {
                        let lower = match lowered.and_then(|l| l.get(s..e)) {
                            Some(l) => Cow::Borrowed(l),
                            None => Cow::Owned(w.to_ascii_lowercase()),
                        };
                        (lower, capitalized, Lexicon::no_info())
                    }
                }
            } else {
                let same = |k: &[u8]| k.len() == wb.len() && k.iter().zip(wb).all(|(x, y)| x == y);
                let info = lex.token_vocab.get_with(hs, same).map_or(Lexicon::no_info(), |(_, i)| i);
                (Cow::Borrowed(w), capitalized, info)
            }
        } else {
            // the typographic apostrophe made straight in one allocation, then lowered
            let mut straight = String::with_capacity(w.len());
            for c in w.chars() {
                straight.push(if c == '’' { '\'' } else { c });
            }
            let lower = straight.to_lowercase();
            digit = lower.bytes().any(|b| b.is_ascii_digit());
            hyphen = lower.bytes().any(|b| b == b'-');
            hs = linear::fnv_extend(linear::S_PREFIX, lower.as_bytes());
            hss = linear::fnv_extend(linear::SS_PREFIX, lower.as_bytes());
            hp = linear::fnv_extend(prev.unwrap_or(0), lower.as_bytes());
            let info = lex.token_vocab.get(hs, &lower).unwrap_or(Lexicon::no_info());
            (Cow::Owned(lower), w.chars().next().is_some_and(|c| c.is_uppercase()), info)
        };
        // (only a word with an apostrophe ends in "n't"; a non-ASCII one may hold a typographic one)
        let negation = info.negation || ((!ascii || class & APOS != 0) && lower.ends_with("n't"));
        let kind = if digit {
            WordKind::Num
        } else if capitalized && info.valence.is_none() && !negation {
            WordKind::Cap
        } else {
            WordKind::Plain
        };
        let stem = if info.valence.is_none() { lex.stem_valence_hashed(&lower, hyphen, hs) } else { None };
        let (s_bucket, pair_state) = match kind {
            WordKind::Num => {
                (const { super::linear::bucket("S:<num>") }, const { linear::fnv_extend(linear::SS_PREFIX, b"<num> ") })
            }
            WordKind::Cap => {
                (const { super::linear::bucket("S:<cap>") }, const { linear::fnv_extend(linear::SS_PREFIX, b"<cap> ") })
            }
            WordKind::Plain => (linear::fnv_bucket(hs), linear::fnv_extend(hss, b" ")),
        };
        if let (Some(p), Some(state)) = (pairs.as_deref_mut(), prev) {
            p.push(match kind {
                WordKind::Num => linear::fnv_bucket(linear::fnv_extend(state, b"<num>")),
                WordKind::Cap => linear::fnv_bucket(linear::fnv_extend(state, b"<cap>")),
                WordKind::Plain => linear::fnv_bucket(hp),
            });
        }
        out.push(Token {
            start: base + s,
            end: base + e,
            lower,
            capitalized,
            boundary_after: false,
            info,
            negation,
            kind,
            hyphen,
            stem,
            s_bucket,
            pair_state,
        });
    };
    // (each word is pushed at one place, at the end of the step that ends it, so that the
    // push is inlined into this loop)
    let mut i = 0;
    loop {
        let mut ended = None;
        match char_at(i) {
            None => {
                // the last word, then done
                ended = cur.take();
                if ended.is_none() {
                    break;
                }
            }
            Some((' ', _)) => {
                // a plain space (most gaps): no mark, no connector, no boundary; it ends a word
                ended = cur.take();
                i += 1;
            }
            Some((c, len)) if is_alphanumeric(c) => {
                // the rest of an ASCII run of letters and digits in one step
                let mut end = i + len;
                while bytes.get(end).is_some_and(|&b| BYTE_CLASS[usize::from(b)] & (u16::from(ALNUM) << 8) != 0) {
                    end += 1;
                }
                match cur {
                    Some((s, _)) => cur = Some((s, end)),
                    None => {
                        if pending_boundary && out.len() > first {
                            if let Some(last) = out.last_mut() {
                                last.boundary_after = true;
                            }
                        }
                        pending_boundary = false;
                        cur = Some((i, end));
                    }
                }
                i = end;
            }
            Some((c, len)) => {
                marks.see(c);
                let next = char_at(i + len).map(|(n, _)| n);
                // a connector between two word characters continues the word
                let joins = cur.is_some_and(|(_, e)| is_connector(c) && e == i && next.is_some_and(is_alphanumeric));
                if !joins {
                    ended = cur.take();
                    if is_boundary_mark(c) || (c == '-' && next.is_some_and(|n| n == '-' || n.is_whitespace())) {
                        pending_boundary = true;
                    }
                }
                i += len;
            }
        }
        if let Some((s, e)) = ended {
            push(out, s, e);
        }
    }
    if pending_boundary && out.len() > first {
        if let Some(last) = out.last_mut() {
            last.boundary_after = true;
        }
    }
    marks
}

/// The scored sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scored {
    /// Valence of each token after the rules (empty when [`score_marked_into`] put them in a
    /// buffer of the caller's).
    pub valences: Vec<f64>,
    /// Sum of the valences plus punctuation emphasis.
    pub sum: f64,
    /// Normalised sum in [-1, 1].
    pub compound: f64,
    /// The marks of the sentence's text.
    pub marks: Marks,
    /// Sum of the positive valences, in token order (the models' positive mass).
    pub positive: f64,
    /// Sum of the negative valences, in token order.
    pub negative: f64,
    /// How many valences are not zero (words carrying sentiment after the rules).
    pub opinion: usize,
}

pub fn normalize(x: f64, alpha: f64) -> f64 {
    (x / (x * x + alpha).sqrt()).clamp(-1.0, 1.0)
}

/// Valences of `tokens` (one sentence), then contrast and concession weights.
pub fn valences(lex: &Lexicon, p: &Params, tokens: &[Token]) -> Vec<f64> {
    // (room made ahead: no regrowth)
    let mut out = Vec::with_capacity(tokens.len());
    valences_into(lex, p, tokens, &mut out);
    out
}

/// [`valences`] of `tokens`, appended to `all` (one per token): a caller scoring many units
/// keeps them in one buffer instead of one allocation per unit.
pub fn valences_into(lex: &Lexicon, p: &Params, tokens: &[Token], all: &mut Vec<f64>) {
    let n = tokens.len();
    // Phrases: the last word carries the phrase's valence, the others fall silent.
    // Per token: (fixed valence, booster increment of a phrase), made only when a phrase or a
    // multi-word booster is found (most sentences hold none); a token's own booster increment
    // is read from its entry where `at` gives none.
    let mut at: Vec<(Option<f64>, Option<f64>)> = Vec::new();
    // (filled, not `vec![0.0; n]`: a zeroed allocation is a `calloc`, which skips the
    // allocator's per-thread cache and costs more than the fill)
    let base = all.len();
    all.resize(base + n, 0.0);
    let out = &mut all[base..];
    // negators that negated a sentiment word (made at the first negator of the sentence)
    let mut used: Vec<bool> = Vec::new();
    // the first contrast marker, and whether there is a concessive one
    let mut contrast: Option<(usize, (f64, f64))> = None;
    let mut concession = false;
    for i in 0..n {
        // most words: nothing for the rules (no valence of their own nor of their stem, no
        // phrase, negation, contrast or concession), and no phrase found so far gave them one
        if tokens[i].info.silent && tokens[i].stem.is_none() && !tokens[i].negation && at.is_empty() {
            continue;
        }
        // (a token holds no space: its own entry says whether it starts a phrase, and which
        // first bytes the second words of its phrases have)
        let next_may_follow = |t: &Token| t.lower.as_bytes().first().is_some_and(|&b| tokens[i].info.phrase_next >> (b & 63) & 1 != 0);
        if tokens[i].info.phrase_prefix && tokens.get(i + 1).is_some_and(next_may_follow) {
            // the key (the words joined by spaces) is not built: its hash grows word by word
            // and the table's key is compared with the words in place
            let mut h = super::lexicon::token_hash(tokens[i].lower.as_bytes());
            // whether the key so far starts a longer phrase (`phrase_prefixes`)
            let mut prefix = true;
            for len in 2..=MAX_PHRASE {
                let j = i + len - 1;
                if j >= n || tokens[j - 1].boundary_after || (len > 2 && !prefix) {
                    break;
                }
                h = linear::fnv_extend(linear::fnv_extend(h, b" "), tokens[j].lower.as_bytes());
                let words = &tokens[i..=j];
                let same = |k: &[u8]| {
                    let mut rest = k;
                    for (m, t) in words.iter().enumerate() {
                        if m > 0 {
                            match rest.split_first() {
                                Some((b' ', r)) => rest = r,
                                _ => return false,
                            }
                        }
                        match rest.strip_prefix(t.lower.as_bytes()) {
                            Some(r) => rest = r,
                            None => return false,
                        }
                    }
                    rest.is_empty()
                };
                // `phrases`, `boosters` and `phrase_prefixes` of the key, in one lookup
                let seq = lex.token_sequences.get_with(h, same).map(|(_, v)| *v).unwrap_or_default();
                prefix = seq.prefix;
                if at.is_empty() && (seq.phrase.is_some() || seq.booster.is_some()) {
                    at.resize(n, (None, None));
                }
                if let Some(v) = seq.phrase {
                    for f in at.iter_mut().take(j).skip(i) {
                        f.0 = Some(0.0);
                    }
                    at[j].0 = Some(v);
                }
                if let Some(b) = seq.booster {
                    for f in at.iter_mut().take(j + 1).skip(i) {
                        f.0 = Some(0.0);
                    }
                    at[j].1 = Some(b);
                }
            }
        }
        // (`at` of this token and of every one before it is final here: the phrase scan of a
        // token only writes at it and after it, so the valence is worked out in the same pass)
        let tok = &tokens[i];
        if tok.negation && used.is_empty() && p.bare_negation != 0.0 {
            used.reserve_exact(n);
            used.resize(n, false);
        }
        if contrast.is_none() {
            if let Some(w) = tok.info.contrast {
                contrast = Some((i, w));
            }
        }
        concession |= tok.info.concession.is_some();
        let (fixed, booster) = match at.get(i) {
            Some(&(f, b)) => (f, b.or(tok.info.booster)),
            None => (None, tok.info.booster),
        };
        if booster.is_some() && fixed.is_none() {
            continue;
        }
        let base = match fixed {
            Some(v) => v,
            None => tok.info.valence.or(tok.stem).unwrap_or(0.0),
        };
        if base == 0.0 {
            continue;
        }
        let mut v = base;
        // boosters and dampeners over the three preceding words of the same clause
        for d in 1..=3usize {
            let Some(j) = i.checked_sub(d) else { break };
            if tokens[j].boundary_after {
                break;
            }
            // (the booster test first: most words are none)
            if let Some(b) = at.get(j).and_then(|x| x.1).or(tokens[j].info.booster) {
                if tokens[j].info.valence.is_some_and(|x| x != 0.0) {
                    continue;
                }
                let mut s = if v < 0.0 { -b } else { b };
                if d == 2 {
                    s *= DAMP_2;
                } else if d == 3 {
                    s *= DAMP_3;
                }
                v += s;
            }
        }
        // negation: the nearest negator within the window, not across a clause boundary
        for d in 1..=p.negation_window {
            let Some(j) = i.checked_sub(d) else { break };
            if tokens[j].boundary_after || tokens[j].info.contrast.is_some() {
                break;
            }
            if tokens[j].negation {
                let w = &*tokens[j].lower;
                let without_doubt = w == "without" && tokens.get(j + 1).is_some_and(|t| t.lower == "doubt");
                let never_so = w == "never" && tokens.get(j + 1).is_some_and(|t| t.lower == "so" || t.lower == "this");
                if never_so {
                    v *= 1.25;
                } else if !without_doubt {
                    v *= N_SCALAR;
                }
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                break;
            }
        }
        // "least": "the least helpful" flips, "at least" / "very least" does not
        if i >= 1 && tokens[i - 1].lower == "least" {
            let keep = i >= 2 && (tokens[i - 2].lower == "at" || tokens[i - 2].lower == "very");
            if !keep {
                v *= N_SCALAR;
            }
        }
        out[i] = v;
    }
    // a bare negator (it negated no sentiment word) carries a small negative valence of its own
    for (j, &negated) in used.iter().enumerate() {
        if tokens[j].negation && !negated && out[j] == 0.0 && !bare_negation_exempt(tokens, j) {
            out[j] = p.bare_negation;
        }
    }

    // contrast: the first marker of the sentence re-weights what comes before and after it
    if let Some((b, (before, after))) = contrast {
        for (k, v) in out.iter_mut().enumerate() {
            if k < b {
                *v *= before;
            } else if k > b {
                *v *= after;
            }
        }
    }
    // concession: the clause a concessive marker opens is damped
    let mut k = if concession { 0 } else { n };
    while k < n {
        if let Some(w) = tokens[k].info.concession {
            let mut e = k;
            while e < n {
                out[e] *= w;
                if tokens[e].boundary_after {
                    break;
                }
                e += 1;
            }
            k = e + 1;
        } else {
            k += 1;
        }
    }
}

/// A negator that is no denial: "not only", "no doubt", "without doubt", "never so", "not to
/// mention", and an alternative ("whether or not", "buttered or not").
fn bare_negation_exempt(tokens: &[Token], j: usize) -> bool {
    let word = |k: usize| tokens.get(k).map(|t| &*t.lower);
    if j > 0 && word(j - 1) == Some("or") && !tokens[j - 1].boundary_after {
        return true;
    }
    if tokens[j].boundary_after {
        return false;
    }
    let next = word(j + 1);
    if next == Some("to") && word(j + 2) == Some("mention") {
        return true;
    }
    matches!(next, Some("only" | "doubt" | "so" | "this" | "just" | "least" | "less" | "matter"))
}

/// "!" and "?" emphasis of a sentence's text, as in VADER.
pub fn punctuation_emphasis(text: &str) -> f64 {
    emphasis(&Marks::of(text))
}

/// [`punctuation_emphasis`] of a text with the marks `m`.
pub fn emphasis(m: &Marks) -> f64 {
    let ep = m.exclaims.min(4) as f64 * EP_STEP;
    let qm = m.questions;
    let qa = if qm > 1 {
        if qm <= 3 {
            qm as f64 * QM_STEP
        } else {
            QM_CAP
        }
    } else {
        0.0
    };
    ep + qa
}

/// Scores one sentence whose tokens are `tokens` and whose text is `text`.
pub fn score(lex: &Lexicon, p: &Params, tokens: &[Token], text: &str) -> Scored {
    score_marked(lex, p, tokens, Marks::of(text))
}

/// [`score`] of a sentence whose text has the marks `marks` (as [`tokenize`] gives them).
pub fn score_marked(lex: &Lexicon, p: &Params, tokens: &[Token], marks: Marks) -> Scored {
    let mut valences = Vec::with_capacity(tokens.len());
    let sc = score_marked_into(lex, p, tokens, marks, &mut valences);
    Scored { valences, ..sc }
}

/// [`score_marked`] with the valences appended to `all` (one per token, as [`Scored::valences`]
/// would hold them) instead of held: the [`Scored::valences`] returned is empty. A caller
/// scoring many units keeps them in one buffer instead of one allocation per unit.
pub fn score_marked_into(lex: &Lexicon, p: &Params, tokens: &[Token], marks: Marks, all: &mut Vec<f64>) -> Scored {
    let base = all.len();
    valences_into(lex, p, tokens, all);
    let valences = &mut all[base..];
    // in one pass: the positive scale, then the sum, the positive and negative masses and the
    // count, each summed as `iter().sum()` sums them: from the float sum's own starting value,
    // in token order
    let zero: f64 = std::iter::empty::<f64>().sum();
    let (mut sum, mut positive, mut negative, mut opinion) = (zero, zero, zero, 0usize);
    for v in valences.iter_mut() {
        // (most words carry none: a zero is only summed, which is all the steps below do with it)
        if *v == 0.0 {
            sum += *v;
            continue;
        }
        if *v > 0.0 {
            *v *= p.positive_scale;
        }
        let v = *v;
        sum += v;
        if v > 0.0 {
            positive += v;
        } else if v < 0.0 {
            negative += v;
        }
        if v != 0.0 {
            opinion += 1;
        }
    }
    if sum != 0.0 {
        let amp = emphasis(&marks);
        sum += if sum > 0.0 { amp } else { -amp };
    }
    let compound = normalize(sum, p.alpha);
    Scored { valences: Vec::new(), sum, compound, marks, positive, negative, opinion }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexicon, parsed once for the tests (tokens borrow from it).
    fn lexicon() -> &'static Lexicon {
        static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEX.get_or_init(|| Lexicon::builtin().expect("lexicon"))
    }

    fn toks(s: &str) -> Vec<Token<'_>> {
        let mut v = Vec::new();
        tokenize(lexicon(), s, 0, &mut v);
        v
    }

    fn sum(s: &str) -> f64 {
        let lex = Lexicon::builtin().expect("lexicon");
        let t = toks(s);
        // VADER's arithmetic: positive words at full strength
        score(&lex, &Params { positive_scale: 1.0, ..Params::default() }, &t, s).sum
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokenizer_splits_at_punctuation_and_keeps_contractions() {
        let t = toks("“It’s good,” he said—U.S. well-known.");
        let words: Vec<&str> = t.iter().map(|t| &*t.lower).collect();
        assert_eq!(words, vec!["it's", "good", "he", "said", "u.s", "well-known"]);
        assert!(t[1].boundary_after && !t[0].boundary_after && t[3].boundary_after);
        assert_eq!((t[0].start, t[0].end), (3, 9));
        assert!(t[0].capitalized && !t[2].capitalized);
    }

    #[test]
    fn tokens_carry_how_the_models_read_them() {
        let t = toks("Okafor’s well-known 3rd Good plan, Not bad");
        let kinds: Vec<WordKind> = t.iter().map(|w| w.kind).collect();
        use WordKind::*;
        assert_eq!(kinds, vec![Cap, Plain, Num, Plain, Plain, Plain, Plain]);
        assert_eq!(t.iter().map(|w| w.hyphen).collect::<Vec<_>>(), vec![false, true, false, false, false, false, false]);
        assert_eq!((t[0].norm(true), t[0].norm(false), t[2].norm(true)), ("okafor's", "<cap>", "<num>"));
        assert_eq!(t[1].stem, None, "a hyphenated word with no listed part");
        let t2 = toks("Scorned criticisms, worsening good self-defeating anti-corruption");
        assert_eq!((t2[0].stem, t2[3].stem), (Some(-1.7), None));
        for w in &t2 {
            let want = if w.info.valence.is_none() { lexicon().stem_valence(&w.lower) } else { None };
            assert_eq!(w.stem, want, "{}", w.lower);
        }
        for w in &t {
            assert_eq!(w.s_bucket, super::super::linear::bucket_parts(&["S:", w.norm(false)]), "{}", w.lower);
            assert_eq!(w.pair_state, super::super::linear::pair_state(w.norm(false)), "{}", w.lower);
        }
    }

    #[test]
    fn tokenize_gathers_the_marks_of_the_text() {
        for t in ["“Why?” he asked!! Is it “good”??", "Plain text.", "a\"b", "", "?", "It’s done! Really?!"] {
            let mut v = Vec::new();
            assert_eq!(tokenize(lexicon(), t, 0, &mut v), Marks::of(t), "{t:?}");
        }
        for (gap, boundary) in [("?! “", true), (" - ", true), (" ", false), ("-x", false), ("\"", true), ("", false)] {
            let mut m = Marks::default();
            assert_eq!(gap_scan(gap, &mut m), boundary, "{gap:?}");
            assert_eq!(m, Marks::of(gap), "{gap:?}");
        }
        let m = Marks::of("“Why?” he asked!! Is it??");
        assert_eq!(m, Marks { exclaims: 2, questions: 3, quoted: true });
    }

    /// The tokeniser before its bytewise fast path, char by char: the reference for the test
    /// below.
    fn reference_words(text: &str) -> Vec<(usize, usize, bool)> {
        let mut out: Vec<(usize, usize, bool)> = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut cur: Option<(usize, usize)> = None;
        let mut pending = false;
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                match cur {
                    Some((s, _)) => cur = Some((s, i + c.len_utf8())),
                    None => {
                        if pending {
                            if let Some(last) = out.last_mut() {
                                last.2 = true;
                            }
                        }
                        pending = false;
                        cur = Some((i, i + c.len_utf8()));
                    }
                }
                continue;
            }
            if let Some((s, e)) = cur {
                if is_connector(c) && e == i && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                    continue;
                }
                out.push((s, e, false));
                cur = None;
            }
            if is_boundary_mark(c) || (c == '-' && chars.peek().is_some_and(|&(_, n)| n == '-' || n.is_whitespace())) {
                pending = true;
            }
        }
        if let Some((s, e)) = cur {
            out.push((s, e, false));
        }
        if pending {
            if let Some(last) = out.last_mut() {
                last.2 = true;
            }
        }
        out
    }

    #[test]
    fn bytewise_tokenizer_equals_the_char_reference() {
        let texts = [
            "“It’s good,” he said—U.S. well-known.",
            "Café-owner naïve Ærø 2024's 3.5% rise -- then - fell -",
            "x-", "-x", "a--b", "a - b", "don’t’", "Ünïcödé wörds, ÀB-cd; e.f.g.",
            "ﬁne ½ ² ٣ 中文 words", "", "...", "A.B. 'quoted' (paren) [br] «guil» end!",
            "tail mark —", "x'", "'x", "a&b & c", "e\u{301}te tab\there",
        ];
        for t in texts {
            let got: Vec<(usize, usize, bool)> = toks(t).iter().map(|w| (w.start, w.end, w.boundary_after)).collect();
            assert_eq!(got, reference_words(t), "{t:?}");
        }
    }

    #[test]
    fn plain_lexicon_sum() {
        assert!(close(sum("The plan is good."), 1.9));
        assert!(close(sum("The plan is bad."), -2.5));
    }

    #[test]
    fn negation_flips_within_window_not_across_clauses() {
        assert!(close(sum("The plan is not good."), 1.9 * N_SCALAR));
        // four words back still negates (VADER reaches only three)
        assert!(close(sum("It was not at all a good"), 1.9 * N_SCALAR));
        // a comma closes the scope (the negator, negating nothing, carries its own valence)
        assert!(close(sum("He did not stay, a good choice"), BARE_NEGATION + 1.9));
        assert!(close(sum("The plan isn’t good."), 1.9 * N_SCALAR));
    }

    #[test]
    fn a_bare_negator_leans_negative() {
        // nothing to negate: the negator carries BARE_NEGATION ("interest" is neutral in news)
        assert!(close(sum("It pays no interest."), BARE_NEGATION));
        assert!(close(sum("The council did not act, and the mayor never replied."), 2.0 * BARE_NEGATION));
        // a negator that negates a sentiment word only flips it
        assert!(close(sum("The plan is not good."), 1.9 * N_SCALAR));
        // "hardly" and "scarcely" deny what follows, they do not merely dampen it
        assert!(sum("It will hardly inspire confidence.") < 0.0);
        assert!(sum("The news was scarcely a success.") < 0.0);
        // "not only", "not just": no denial
        assert!(close(sum("It is not only red but tall."), 0.0));
        assert!(close(sum("They met not just on Monday."), 0.0));
        assert!(close(sum("The mail goes out whether or not the fee is paid."), 0.0));
        assert!(close(sum("The park brings shade, not to mention a place to sit."), 0.0));
        // a clause boundary ends what the negator can reach: the word after it is not negated
        assert!(close(sum("He did not stay, a good choice"), BARE_NEGATION + 1.9));
        // zero turns the rule off
        let lex = lexicon();
        let t = toks("It pays no interest.");
        let p = Params { bare_negation: 0.0, ..Params::default() };
        assert!(close(score(lex, &p, &t, "It pays no interest.").sum, 0.0));
    }

    #[test]
    fn intensifiers_and_dampeners() {
        assert!(close(sum("very good"), 1.9 + 0.293));
        assert!(close(sum("very bad"), -2.5 - 0.293));
        assert!(close(sum("slightly good"), 1.9 - 0.293));
        assert!(close(sum("very much good"), 1.9 + 0.293 * DAMP_2));
        assert!(close(sum("sort of good"), 1.9 - 0.293));
    }

    #[test]
    fn but_shifts_weight_to_the_second_clause() {
        // good (1.9) * 0.5 + bad (-2.5) * 1.5
        assert!(close(sum("The food was good but the service was bad"), 0.95 - 3.75));
        assert!(close(sum("The results were bad, however the outlook is good"), -1.25 + 2.85));
    }

    #[test]
    fn concession_damps_its_clause() {
        assert!(close(sum("Although the start was bad, the result is good"), -1.25 + 1.9));
    }

    #[test]
    fn news_words_and_phrases() {
        // neutral in news though charged in tweets
        assert!(close(sum("The United Nations party met like last year"), 0.0));
        // charged in news though absent from VADER
        assert!(close(sum("Casualties rose"), -2.2));
        assert!(close(sum("The company cut its outlook"), -1.5 + -1.1 * 0.0));
        assert!(close(sum("Shares plunged"), -1.8));
    }

    #[test]
    fn positive_words_are_scaled_in_news() {
        let lex = Lexicon::builtin().expect("lexicon");
        let t = toks("a good and bad plan");
        let sc = score(&lex, &Params::default(), &t, "a good and bad plan");
        assert!(close(sc.valences[1], 1.9 * 0.7));
        assert!(close(sc.valences[3], -2.5));
        // the masses and the count are those of the valences, summed as an iterator sums them
        for text in ["a good and bad plan", "the plan", "not good, no, terrible and awful but fine"] {
            let t = toks(text);
            let sc = score(&lex, &Params::default(), &t, text);
            let pos: f64 = sc.valences.iter().filter(|v| **v > 0.0).sum();
            let neg: f64 = sc.valences.iter().filter(|v| **v < 0.0).sum();
            assert_eq!((sc.positive.to_bits(), sc.negative.to_bits()), (pos.to_bits(), neg.to_bits()), "{text}");
            assert_eq!(sc.opinion, sc.valences.iter().filter(|v| **v != 0.0).count());
        }
    }

    #[test]
    fn least_rule() {
        assert!(close(sum("the least good"), 1.9 * N_SCALAR));
        assert!(close(sum("at least good"), 1.9));
    }
}

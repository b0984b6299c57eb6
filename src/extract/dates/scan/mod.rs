//! Recognition: finds temporal expressions in the token stream and says what they mean
//! ([`Sem`]) without resolving them. Every expression holds a key token (a number, or a word
//! of the vocabulary such as a month, a unit or "today"), so tokens more than [`REACH`] tokens
//! before the next key are skipped at once (and, closer, a token from which no expression
//! reaches that key: [`Scanner::reach`]). At each other token it tries a fixed set of small
//! hand-written patterns (calendar dates, years and decades, weekdays, "last week",
//! durations, clock times, sets, holidays, reference words), each looking ahead a bounded
//! number of tokens, and keeps the longest; a match is skipped over, so the scan is linear.
//! Spans follow TimeML: determiners and modifiers in ("the last week", "about two years"), prepositions out.
//! The false-date guards live here too (verbs "may"/"march", "Sunday Times", "Route 66",
//! counts, "Ms. April Ryan"). It computes no values: that is `resolve`.
//!
//! This file is the driver (token access, modifiers, longest match, joining a date and a
//! clock time); the patterns live by family in [`calendar`], [`years`], [`relative`],
//! [`clock`] and [`sets`].

mod calendar;
mod clock;
mod relative;
mod sets;
mod years;

use super::lexicon::{self as lex, Lexicon, Unit, Word};
use super::resolve::{Sem, Tod};
use super::token::{Kind, Token};

/// How far (in tokens) an expression's first token can lie before its first key token
/// ([`Scanner::key`]): a modifier of at most four words and a hyphen ("no more than", "mid-"),
/// then at most five tokens before the unit of "the last a to a week" (every other pattern
/// reaches its key sooner), and a margin of two. Every pattern needs a key token: a number, a
/// month, a weekday, a unit, a holiday, a reference word and the like.
const REACH: usize = 12;

/// A recognised expression over tokens `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub md: Option<&'static str>,
}

/// Words before a bare year or a lone month that mark it as temporal.
const TEMPORAL_PREPS: &[&str] = &[
    "in", "since", "until", "till", "by", "of", "from", "to", "through", "during", "before", "after",
    "between", "and", "or", "last", "next", "this", "early", "late", "mid", "-", "the", "each", "every",
    "that", "around", "circa", "year", "for", "on", "as", "throughout", "past", "coming",
];

pub struct Scanner<'a> {
    lx: &'a Lexicon,
    toks: &'a [Token],
    /// Slash dates read day first (the article writes 25/12/2024 somewhere): worked out over
    /// the whole article the first time a slash date asks ([`Scanner::dmy`]).
    dmy: std::cell::OnceCell<bool>,
    /// What the lexicon says about each word token (its meanings, whether it can start an
    /// expression or a holiday), looked up once, with the lower-case text of the token
    /// ([`Scanner::w`]) cut once and whether it is a key token ([`Scanner::key`]): one vector
    /// for all three.
    info: Vec<TokenInfo<'a>>,
    /// The body as written, for [`Scanner::raw`] of a word (the text of a number or a mark is
    /// its lower-case text).
    body: &'a str,
    /// [`Scanner::number`] of each token, once asked (a cache: the answer depends only on the
    /// tokens, so keeping it changes no result).
    numbers: Vec<std::cell::Cell<Option<Number>>>,
}

/// What the scanner looked up once about a token ([`Scanner::info`]).
#[derive(Debug, Clone, Copy)]
pub struct TokenInfo<'a> {
    /// The lexicon entry ([`lex::NO_ENTRY`] unless a word).
    pub entry: &'a lex::TokenEntry,
    /// The lower-case text.
    pub w: &'a str,
    /// A key token ([`Scanner::key`]).
    key: bool,
}

/// What [`Scanner::number`] answers: (next token, value).
type Number = Option<(usize, Option<u32>)>;

type M = Option<(usize, Sem)>;

fn longer(a: M, b: M) -> M {
    match (&a, &b) {
        (Some((ea, _)), Some((eb, _))) if eb > ea => b,
        (None, Some(_)) => b,
        _ => a,
    }
}

impl<'a> Scanner<'a> {
    pub fn new(lx: &'a Lexicon, body: &'a str, lower: &'a str, toks: &'a [Token]) -> Scanner<'a> {
        let info = toks
            .iter()
            .map(|t| {
                let w = lower.get(t.span.start..t.span.end).unwrap_or("");
                match t.kind {
                    Kind::Alpha => {
                        let entry = lx.token(w);
                        // a word of the vocabulary, or a plural in "-ies" ("the nineties")
                        // (the last letter first: most words end in no 's')
                        TokenInfo { entry, w, key: entry.key || (w.as_bytes().last() == Some(&b's') && w.ends_with("ies")) }
                    }
                    // a number or a word with digits is a key token, a mark is not
                    k => TokenInfo { entry: &lex::NO_ENTRY, w, key: k != Kind::Punct },
                }
            })
            .collect();
        let numbers = vec![std::cell::Cell::new(None); toks.len()];
        Scanner { lx, toks, dmy: std::cell::OnceCell::new(), info, body, numbers }
    }

    // ---- token access -------------------------------------------------------------------

    /// Each token's lexicon entry ([`lex::NO_ENTRY`] unless a word) and lower-case text, as
    /// looked up once here: `tense` reads its cues from them.
    pub fn info(&self) -> &[TokenInfo<'a>] {
        &self.info
    }

    fn entry(&self, i: usize) -> Option<&'a lex::TokenEntry> {
        self.info.get(i).map(|x| x.entry)
    }
    fn w(&self, i: usize) -> &'a str {
        self.info.get(i).map_or("", |x| x.w)
    }
    /// The text of token `i` as written: ASCII lower-casing changes only letters, so a mark's
    /// or a number's is its lower-case text, and only a word is cut from the body.
    fn raw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) if matches!(t.kind, Kind::Alpha | Kind::Mixed) => self.body.get(t.span.start..t.span.end).unwrap_or(""),
            _ => self.w(i),
        }
    }
    /// The lexicon meanings of token `i`.
    fn lw(&self, i: usize) -> &'a [Word] {
        self.entry(i).map_or(&[], |e| e.meanings.as_slice())
    }
    /// Token `i` is a word whose entry has family bit `bit` ([`lex::TokenEntry::fam`]; a
    /// number or a mark has none).
    fn fam(&self, i: usize, bit: u8) -> bool {
        self.entry(i).is_some_and(|e| e.fam & bit != 0)
    }
    /// Token `i` is a word that can start a holiday name (its [`lex::TokenEntry`]).
    fn holiday_start(&self, i: usize) -> bool {
        self.entry(i).is_some_and(|e| e.holiday_start)
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn p(&self, i: usize, c: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.w(i) == c
    }
    fn apos(&self, i: usize) -> bool {
        self.p(i, "'") || self.p(i, "’")
    }
    /// Token `i` follows the previous one without a space.
    fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.capital)
    }
    fn digits(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        if self.kind(i) != Some(Kind::Digits) {
            return None;
        }
        let r = self.raw(i);
        if r.len() < min || r.len() > max {
            return None;
        }
        r.parse().ok()
    }
    fn prev_w(&self, i: usize) -> &'a str {
        if i == 0 {
            ""
        } else {
            self.w(i - 1)
        }
    }

    /// Whether slash dates read day first in this article ([`Scanner::detect_dmy`], once).
    fn dmy(&self) -> bool {
        *self.dmy.get_or_init(|| self.detect_dmy())
    }

    fn detect_dmy(&self) -> bool {
        // Any slash date whose first number cannot be a month fixes the order for the article;
        // failing that, the way it writes dates in words ("7 February" against "February 7").
        let n = self.toks.len();
        let (mut day_first, mut month_first) = (0usize, 0usize);
        let mut i = 0;
        while i + 1 < n {
            if i + 4 < n && self.p(i + 1, "/") && self.p(i + 3, "/") {
                if let (Some(a), Some(b)) = (self.digits(i, 1, 2), self.digits(i + 2, 1, 2)) {
                    if a > 12 && b <= 12 {
                        return true;
                    }
                    if b > 12 && a <= 12 {
                        return false;
                    }
                }
            }
            if self.kind(i) == Some(Kind::Digits) && self.raw(i).len() <= 2 && self.cap(i + 1) && lex::month_in(self.lw(i + 1)).is_some() {
                day_first += 1;
            }
            if self.cap(i) && lex::month_in(self.lw(i)).is_some() && self.kind(i + 1) == Some(Kind::Digits) && self.raw(i + 1).len() <= 2 {
                month_first += 1;
            }
            i += 1;
        }
        day_first > month_first
    }

    // ---- scanning -----------------------------------------------------------------------

    /// Token `i` is a key token: a number or a word with digits, or a word whose entry says
    /// [`lex::TokenEntry::key`], or a plural in "-ies" ("the nineties"), as told once in
    /// [`Scanner::new`].
    fn key(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|x| x.key)
    }

    /// The first key token at or after `i` (the number of tokens when none is).
    fn next_key(&self, i: usize) -> usize {
        match self.info.get(i..) {
            Some(rest) => rest.iter().position(|x| x.key).map_or(self.info.len(), |k| i + k),
            None => self.info.len(),
        }
    }

    /// How far the first key token of an expression starting at token `i` can lie: from a word
    /// that can begin a modifier ("no more than", "the end of", "end-"), [`REACH`] less its
    /// margin; otherwise five from "the" ("the last a to a week") and four from any other token
    /// ("last a to a week"; a number word, an apostrophe or "every" reach less far).
    fn reach(&self, i: usize) -> usize {
        let w = self.w(i);
        if self.entry(i).is_some_and(|e| e.mod_start) || matches!(w, "end" | "start") {
            REACH - 2
        } else if w == "the" {
            5
        } else {
            4
        }
    }

    /// Every expression, left to right, non-overlapping. Positions more than [`REACH`] tokens
    /// before the next key token are skipped: nothing can match there.
    pub fn scan(&self) -> Vec<Expr> {
        let mut out = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        // the first key token at or after `i` (n: none); it only moves forward
        let mut next_key = 0;
        while i < n {
            if next_key < i || !self.key(next_key) {
                next_key = self.next_key(i.max(next_key));
            }
            if next_key >= n {
                break;
            }
            if next_key - i > REACH {
                i = next_key - REACH;
            }
            if next_key - i > self.reach(i) {
                i += 1; // no expression starting here reaches the key token
                continue;
            }
            match self.expr_at(i) {
                Some(e) if e.end > i => {
                    i = e.end;
                    out.push(e);
                }
                _ => i += 1,
            }
        }
        out
    }

    fn quick_reject(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Punct) => !self.apos(i),
            Some(Kind::Alpha) => !self.entry(i).is_some_and(|e| e.starter),
            _ => false,
        }
    }

    /// Token `j` can follow "the" in a pattern or a modifier: a number, a word with digits, an
    /// apostrophe ("the '90s"), a plural in "-ies" ("the nineties") or a word the lexicon marks
    /// ([`lex::TokenEntry::after_the`]).
    fn the_goes_on(&self, j: usize) -> bool {
        match self.kind(j) {
            Some(Kind::Digits | Kind::Mixed) => true,
            Some(Kind::Punct) => self.apos(j),
            Some(Kind::Alpha) => self.entry(j).is_some_and(|e| e.after_the) || self.w(j).ends_with("ies"),
            None => false,
        }
    }

    pub fn expr_at(&self, i: usize) -> Option<Expr> {
        // "the" before a plain word ("the company") starts nothing
        if self.w(i) == "the" && !self.the_goes_on(i + 1) {
            return None;
        }
        if self.quick_reject(i) {
            // words that can only begin a holiday ("Election Day") try just that
            if self.kind(i) == Some(Kind::Alpha) && self.cap(i) && self.holiday_start(i) {
                let (end, sem) = self.holiday(i)?;
                let mut ex = Expr { start: i, end, sem, md: None };
                self.merge_time(&mut ex);
                return Some(ex);
            }
            return None;
        }
        let mut best: Option<Expr> = None;
        if let Some((j, md)) = self.modifier(i) {
            if let Some((e, sem)) = self.core(j) {
                if mod_fits(md, &sem, self.w(i), self.w(j)) {
                    best = Some(Expr { start: i, end: e, sem, md: Some(md) });
                }
            }
        }
        if best.is_none() {
            let (e, sem) = self.core(i)?;
            best = Some(Expr { start: i, end: e, sem, md: None });
        }
        let mut ex = best?;
        // "or so"
        if self.w(ex.end) == "or" && self.w(ex.end + 1) == "so" {
            ex.end += 2;
            ex.md = ex.md.or(Some("APPROX"));
        }
        self.merge_time(&mut ex);
        Some(ex)
    }

    /// A date followed by a clock time, or a clock time followed by a date, is one TIME.
    fn merge_time(&self, ex: &mut Expr) {
        let dayish = |s: &Sem| {
            matches!(s, Sem::Day { .. } | Sem::Weekday { .. } | Sem::Holiday { .. })
                || matches!(s, Sem::Rel { unit: Unit::Day, .. })
        };
        match &ex.sem {
            Sem::Time { date: None, tod } => {
                let tod = *tod;
                let mut j = ex.end;
                if self.p(j, ".") && self.tight(j) {
                    j += 1; // "10 p.m. Wednesday": the '.' closes "p.m."
                }
                if self.p(j, ",") || self.w(j) == "on" {
                    j += 1;
                }
                if let Some((e, s)) = self.day_core(j) {
                    if dayish(&s) {
                        ex.sem = Sem::Time { date: Some(Box::new(s)), tod };
                        ex.end = e;
                    }
                }
            }
            s if dayish(s) => {
                let mut j = ex.end;
                if self.p(j, ",") {
                    j += 1;
                }
                if let Some((e, Tod::Clock(h, m))) = self.clock(j) {
                    ex.sem = Sem::Time { date: Some(Box::new(ex.sem.clone())), tod: Tod::Clock(h, m) };
                    ex.end = e;
                }
            }
            _ => {}
        }
    }

    /// A modifier phrase at `i` ("about", "more than", "the end of", "mid-"): (next token, mod).
    fn modifier(&self, i: usize) -> Option<(usize, &'static str)> {
        // no modifier starts with the word (then only "end-"/"start-" can be one)
        let first = self.entry(i)?;
        if !first.mod_start && !matches!(self.w(i), "end" | "start") {
            return None;
        }
        // the key "more_than" is built in a small buffer: this runs at most tokens, and no
        // modifier is longer than the buffer (a longer key is looked up in a String)
        let mut buf = [0u8; 48];
        let mut len = 0usize;
        let mut long = String::new();
        let mut found = None;
        for k in 0..4 {
            if self.kind(i + k) != Some(Kind::Alpha) {
                break;
            }
            // a word that is no later word of any modifier neither ends nor extends one
            if k > 0 && !self.entry(i + k).is_some_and(|e| e.mod_next) {
                break;
            }
            let w = self.w(i + k);
            // the first word alone is told by its entry, without a key
            if k == 0 {
                if let Some(m) = first.mod_alone {
                    found = Some((i + 1, m));
                }
                if !first.mod_prefix {
                    break;
                }
            }
            let sep = usize::from(k > 0);
            let key = match buf.get_mut(len..len + sep + w.len()) {
                Some(dst) if long.is_empty() => {
                    if sep == 1 {
                        dst[0] = b'_';
                    }
                    dst[sep..].copy_from_slice(w.as_bytes());
                    len += sep + w.len();
                    std::str::from_utf8(&buf[..len]).unwrap_or("")
                }
                _ => {
                    if long.is_empty() {
                        long.push_str(std::str::from_utf8(&buf[..len]).unwrap_or(""));
                    }
                    if sep == 1 {
                        long.push('_');
                    }
                    long.push_str(w);
                    long.as_str()
                }
            };
            if k == 0 {
                continue;
            }
            if let Some(m) = self.lx.mods.get(key) {
                found = Some((i + k + 1, *m));
            }
            // no modifier goes on from here (the words are letters only, so a longer key is
            // this one, '_' and more)
            if !self.lx.is_mod_prefix(key) {
                break;
            }
        }
        // "end-2023", "start-March": only with the hyphen
        if found.is_none() && matches!(self.w(i), "end" | "start") && self.p(i + 1, "-") && self.tight(i + 1) && self.tight(i + 2) {
            found = Some((i + 1, if self.w(i) == "end" { "END" } else { "START" }));
        }
        let (mut j, m) = found?;
        if self.p(j, "-") && self.tight(j) {
            j += 1;
        }
        Some((j, m))
    }

    /// The longest core expression starting at `i`. A family is tried only where the token
    /// (after "the") can begin one of its patterns ([`Scanner::day_can`] and the like): most
    /// tries are at a word next to a number, where few families can match.
    fn core(&self, i: usize) -> M {
        // a word at which no family can begin ("about", "trading") is passed at once: what the
        // pre-checks below read of a word alone is its entry's core_start, and of the text
        // around it only a capitalised plural ("Mondays", set_can)
        if self.kind(i) == Some(Kind::Alpha) && !self.entry(i).is_some_and(|e| e.core_start) && !(self.cap(i) && self.w(i).ends_with('s')) {
            return None;
        }
        let mut best = if self.day_can(i) { self.day_core(i) } else { None };
        if self.year_can(i) {
            best = longer(best, self.year_core(i));
        }
        if self.det_can(i) {
            best = longer(best, self.det_unit(i));
        }
        if self.rel_can(i) {
            best = longer(best, self.rel_word(i));
        }
        if self.clock_can(i) {
            best = longer(best, self.time_core(i));
        }
        if self.set_can(i) {
            best = longer(best, self.set_core(i));
        }
        best
    }

    /// [`Scanner::day_core`] can match at `i`: a number of one, two or four digits (a day, a
    /// month, an ISO year) or a word with digits, a month or a
    /// weekday (or their abbreviations), a word that begins a holiday, "today" and its kin, or
    /// "the" before a day number or "day" ("the 5th of March", "the day before yesterday").
    fn day_can(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Digits) => matches!(self.w(i).len(), 1 | 2 | 4),
            Some(Kind::Mixed) => true,
            Some(Kind::Alpha) => {
                // (the word alone: its entry's family bit)
                self.fam(i, lex::FAM_DAY)
                    || (self.w(i) == "the" && (matches!(self.kind(i + 1), Some(Kind::Digits | Kind::Mixed)) || self.w(i + 1) == "day"))
            }
            _ => false,
        }
    }

    /// [`Scanner::year_core`] can match at `i`: at the token after an optional "the", a number,
    /// a word with digits, an apostrophe ("the '90s"), an ordinal or a number word, "fiscal",
    /// or after "the" "year" or a plural in "-ies" ("the nineties").
    fn year_can(&self, i: usize) -> bool {
        let the = self.w(i) == "the";
        let j = if the { i + 1 } else { i };
        match self.kind(j) {
            Some(Kind::Digits | Kind::Mixed) => true,
            Some(Kind::Punct) => self.apos(j),
            Some(Kind::Alpha) => self.fam(j, lex::FAM_YEAR) || (the && (self.w(j) == "year" || self.w(j).ends_with("ies"))),
            None => false,
        }
    }

    /// [`Scanner::rel_word`] can match at `i`: "year", "the", or a reference word ("now").
    fn rel_can(&self, i: usize) -> bool {
        self.fam(i, lex::FAM_REL)
    }

    /// [`Scanner::clock`] can match at `i`: a number of one, two or four digits ("7", "2000
    /// GMT"), a word with digits, "noon" and its kin.
    fn clock_can(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Digits) => return matches!(self.w(i).len(), 1 | 2 | 4),
            Some(Kind::Mixed) => return true,
            _ => {}
        }
        self.fam(i, lex::FAM_CLOCK)
    }

    /// [`Scanner::set_core`] can match at `i`: a frequency word, "every"/"each"/"per", or
    /// a capitalised word in "s" ("Mondays").
    fn set_can(&self, i: usize) -> bool {
        self.fam(i, lex::FAM_SET) || (self.cap(i) && self.w(i).ends_with('s'))
    }

    /// Expressions naming a day: ISO and slash dates, month-day, weekdays, holidays, today.
    /// (Each pattern is called only where its first test can pass: ISO and slash dates begin
    /// with a number, a weekday and a holiday with a capitalised word, "today" with a word.)
    fn day_core(&self, i: usize) -> M {
        let kind = self.kind(i);
        let mut best = None;
        if kind == Some(Kind::Digits) {
            best = self.iso(i);
            best = longer(best, self.slash(i));
        }
        if self.cap(i) {
            best = longer(best, self.weekday_date(i));
        }
        best = longer(best, self.day_month(i));
        if kind == Some(Kind::Alpha) {
            if self.cap(i) && self.holiday_start(i) {
                best = longer(best, self.holiday(i));
            }
            best = longer(best, self.today_words(i));
        }
        best
    }
}

/// A modifier goes with some meanings only: "over"/"under"/"some" with amounts of time,
/// "early"/"late"/"mid" with points in time, none with reference words.
fn mod_fits(md: &str, sem: &Sem, mod_word: &str, next: &str) -> bool {
    let amount = matches!(sem, Sem::Duration(_) | Sem::Shift { .. });
    let point = !matches!(sem, Sem::Duration(_) | Sem::Set(_) | Sem::Ref(_));
    match mod_word {
        "over" | "under" | "some" => amount && next != "the",
        // "earlier Friday", "later today": the adverb stays out of the span
        "earlier" | "later" => point && !matches!(sem, Sem::Weekday { .. } | Sem::Rel { unit: Unit::Day, .. } | Sem::Time { .. } | Sem::Day { .. }),
        _ => match md {
            "START" | "END" | "MID" => point,
            // "about today's talks": "about" is a preposition before a deictic word
            _ => !matches!(
                sem,
                Sem::Ref(_) | Sem::Set(_) | Sem::Rel { .. } | Sem::Weekday { .. } | Sem::Month { .. }
                    | Sem::Season { .. } | Sem::Weekend { .. } | Sem::Same(_) | Sem::Holiday { .. }
            ),
        },
    }
}

fn two_digit_year(y: u32) -> i32 {
    if y >= 30 {
        1900 + y as i32
    } else {
        2000 + y as i32
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A small harness for the pattern tests: the spans and meanings the scanner finds.
    use super::*;
    use crate::extract::dates::token::tokenize;

    pub fn found(text: &str) -> Vec<(String, Sem)> {
        let lx = Lexicon::new();
        let toks = tokenize(text);
        let lower = text.to_ascii_lowercase();
        let sc = Scanner::new(&lx, text, &lower, &toks);
        sc.scan()
            .into_iter()
            .map(|e| (text[toks[e.start].span.start..toks[e.end - 1].span.end].to_owned(), e.sem))
            .collect()
    }

    pub fn spans(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(s, _)| s).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn modifiers_join_the_span() {
        assert_eq!(spans("It lasted about two weeks."), vec!["about two weeks"]);
        assert_eq!(spans("It ended in the late 1970s."), vec!["the late 1970s"]);
        assert_eq!(spans("He spoke about today's talks."), vec!["today"]);
        assert_eq!(spans("Profit rose earlier this year."), vec!["earlier this year"]);
        assert_eq!(spans("He left earlier Friday."), vec!["Friday"]);
        assert_eq!(spans("They met over the weekend."), vec!["the weekend"]);
    }

    #[test]
    fn date_and_clock_join() {
        let f = found("It opened 8 Feb. 14:05 local time.");
        assert_eq!(f[0].0, "8 Feb. 14:05");
        assert!(matches!(f[0].1, Sem::Time { date: Some(_), tod: Tod::Clock(14, 5) }));
        assert_eq!(spans("The fire began at 10 p.m. Wednesday."), vec!["10 p.m. Wednesday"]);
    }

    #[test]
    fn skipping_to_key_tokens_finds_what_trying_every_token_finds() {
        let texts = [
            "At the end of the year, about the last two weeks and more than a couple of trading days.",
            "The nineties, the near term, the latest period, Mondays and the day before yesterday.",
            "In the same period a year earlier, the third quarter of 1989, half an hour, 10 p.m. Friday.",
            "Every other week; each spring; the future; the present crisis; the 5th of March 2024.",
            "No date here at all, just words that run on and on without any number or time in them.",
            "Odd but legal: the last a to a week, this past a to a week, last a to a week, every other an hour.",
            "No more than the last a to a week; at the end of the last a to a week; mid-the past a to a week.",
            "The past a couple of trading days, the last two and a half years, the '90s, end-2023.",
        ];
        let lx = Lexicon::new();
        for text in texts {
            let toks = crate::extract::dates::token::tokenize(text);
            let lower = text.to_ascii_lowercase();
            let sc = Scanner::new(&lx, text, &lower, &toks);
            let mut every = Vec::new();
            let mut i = 0;
            while i < toks.len() {
                match sc.expr_at(i) {
                    Some(e) if e.end > i => {
                        i = e.end;
                        every.push(e);
                    }
                    _ => i += 1,
                }
            }
            assert_eq!(sc.scan(), every, "{text}");
        }
    }

    #[test]
    fn pre_checks_skip_only_families_that_fail() {
        let texts = [
            "At the end of the year, about the last two weeks and more than a couple of trading days.",
            "The nineties, the near term, the latest period, Mondays and the day before yesterday.",
            "In the same period a year earlier, the third quarter of 1989, half an hour, 10 p.m. Friday.",
            "Every other week; each spring; the future; the present crisis; the 5th of March 2024.",
            "The past a couple of trading days, the last two and a half years, the '90s, end-2023.",
            "On 2024-02-08T14:05, 25/12/2024 and 8.2.2024, at noon, 2:30pm, 9.30am, 2000 GMT, 7pm.",
            "Christmas Day, New Year's Day, last Easter, the fiscal year 2023, FY2024, Q3 2023, H1 2024.",
            "A year ago, two days later, three years from now, a year-ago quarter, this year's third quarter.",
            "Daily, weekly, per year, $5 million a year, twice a week, the 1988 third quarter, a two-year deal.",
            "Nineteen ninety-six, two thousand and two, the year 2000, the 21st century, the 1990s, the '80s.",
            "Today, tonight, overnight, tomorrow morning, yesterday afternoon, now, recently, this past weekend.",
            "The final report, that same week, last fiscal quarter, last Christmas, last night, this March.",
            "The first quarter, the latest period, the year-earlier period, last year's results, next Friday.",
            "Some 12,000 responses, 100000 people, 123 days, at 0930 GMT, 07/04/24 and 2024/02/08.",
            "This past a to a week, the comparable period, the year-ago quarter, those two years, the whole year.",
            "Some 12,000 people, the final report, the last repaired unit, that about, in 2027. Five per cent, 3 per year.",
            "A move, a dozen years, a few days, a couple weeks, a 1/2 hour, an hour and a half, a two-year term, a and a half.",
            "This past spring, this past Christmas, last night, next March, the past 12 months, that same week, last-minute.",
            "The 1988 fiscal year, 1988 3rd quarter, 2 or 3 days, 4 to 6 weeks, 12-18 months, 2.5 hours, 7 trading days, 9 more years.",
            "The company said the end of the year, the early 1990s, the late spring, the middle of May and the mid-1980s.",
            "The day before yesterday, the near term, the distant future, the past, the present crisis, the '90s, the nineties.",
            "The report and the plan, the same week, the last decade, the first quarter, the two years, the a to a week.",
            "About 200 people, nearly two years, more than a week, early Monday, trading days, Mondays, Sundays and Dailys.",
        ];
        let lx = Lexicon::new();
        for text in texts {
            let toks = crate::extract::dates::token::tokenize(text);
            let lower = text.to_ascii_lowercase();
            let sc = Scanner::new(&lx, text, &lower, &toks);
            for i in 0..=toks.len() {
                assert!(sc.day_can(i) || sc.day_core(i).is_none(), "day {i} {text}");
                assert!(sc.year_can(i) || sc.year_core(i).is_none(), "year {i} {text}");
                assert!(sc.det_can(i) || sc.det_unit(i).is_none(), "det {i} {text}");
                assert!(sc.rel_can(i) || sc.rel_word(i).is_none(), "rel {i} {text}");
                assert!(sc.clock_can(i) || sc.time_core(i).is_none(), "clock {i} {text}");
                assert!(sc.set_can(i) || sc.set_core(i).is_none(), "set {i} {text}");
                let can = sc.day_can(i) || sc.year_can(i) || sc.det_can(i) || sc.rel_can(i) || sc.clock_can(i) || sc.set_can(i);
                if sc.kind(i) == Some(Kind::Alpha) && !sc.entry(i).is_some_and(|e| e.core_start) && !(sc.cap(i) && sc.w(i).ends_with('s')) {
                    assert!(!can, "core {i} {text}");
                }
                if sc.w(i) == "the" && !sc.the_goes_on(i + 1) {
                    assert!(sc.modifier(i).is_none() && sc.core(i).is_none() && !sc.holiday_start(i), "the {i} {text}");
                }
            }
        }
    }

    #[test]
    fn prepositions_stay_out() {
        assert_eq!(spans("He arrived on Monday in March."), vec!["Monday", "March"]);
        assert_eq!(spans("Talks resume in the coming weeks."), vec!["the coming weeks"]);
    }
}

//! The temporal vocabulary of the date tagger: month and weekday names, spelled-out numbers,
//! units, reference words, modifiers, holidays, time zones, tense cues and the words that rule a
//! date out ("Sunday Times", "Route 66"). It is read from the `lexicon/timex_*.txt` files,
//! compiled into the binary and parsed once in [`Lexicon::new`]; lookups are by lower-case word.
//! It does not recognise expressions (that is `scan`) nor compute values (that is `resolve`).

use std::collections::HashMap as StdHashMap;
use std::hash::BuildHasherDefault;

use crate::extract::fasthash::Fnv;

pub type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<Fnv>>;

const WORDS: &str = include_str!("../../../lexicon/timex_words.txt");
const HOLIDAYS: &str = include_str!("../../../lexicon/timex_holidays.txt");
const ZONES: &str = include_str!("../../../lexicon/timex_zones.txt");
const BLOCKERS: &str = include_str!("../../../lexicon/timex_blockers.txt");
const GRAMMAR: &str = include_str!("../../../lexicon/timex_grammar.txt");

/// What a single word can mean to the tagger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    Month(u8),
    /// A month abbreviation ("Feb"), a date only with a following '.', day or year.
    MonthAbbr(u8),
    Weekday(u8),
    WeekdayAbbr(u8),
    Num(u32),
    Ord(u32),
    /// several, few: an unknown number of units.
    Vague,
    Unit(Unit),
    Ref(&'static str),
    Part(&'static str),
    Season(&'static str),
    Set(&'static str),
    /// A month name that is also a common word ("May", "March").
    Ambiguous,
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Fortnight,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    Quarter,
    Weekend,
    Millennium,
}

/// When a holiday falls in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayRule {
    Fixed { month: u8, day: u8 },
    /// The `nth` (0 = last) ISO weekday `weekday` of `month`, then `plus` days on.
    Nth { month: u8, weekday: u8, nth: u8, plus: u8 },
    /// Days from Western Easter Sunday.
    Easter(i8),
}

/// Tense cue of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    words: HashMap<String, Vec<Word>>,
    /// Modifier phrases (words joined by '_') -> TIMEX3 mod.
    pub mods: HashMap<String, &'static str>,
    /// Holiday phrases (words joined by '_') -> rule.
    pub holidays: HashMap<String, HolidayRule>,
    /// The longest holiday phrase, in words.
    pub holiday_max_words: usize,
    /// Zone abbreviation -> offset in minutes east of UTC.
    pub zones: HashMap<String, i32>,
    pub block_after: HashMap<String, ()>,
    pub block_before: HashMap<String, ()>,
    pub count_nouns: HashMap<String, ()>,
    pub street_words: HashMap<String, ()>,
    pub tense: HashMap<String, Tense>,
    /// Words that look ahead when "to" follows ("set to", "poised to").
    pub future_before_to: HashMap<String, ()>,
    /// Every word that can begin an expression (or a modifier before one); other words are
    /// skipped with one lookup.
    starters: HashMap<String, ()>,
    /// First words of multi-word blockers ("night" of "night_live").
    block_after_first: HashMap<String, ()>,
    /// The word-prefixes of the multi-word modifiers ("more" and "more_than" of
    /// "more_than_a"): a longer modifier can start with a key only when the key is one of them.
    mod_prefixes: HashMap<String, ()>,
    /// First words of holidays ("election", "good"): only a holiday can start there.
    holiday_firsts: HashMap<String, ()>,
    /// `words`, `starters` and `holiday_firsts` in one table, for the scanner to look a token
    /// up once ([`Lexicon::token`]).
    tokens: HashMap<String, TokenEntry>,
    /// `tokens` again as an open-addressed table with a hash of a few bytes ([`slot_of`]): the
    /// scanner looks up every word of the text, and most are in no table, which an empty slot
    /// tells at once. Entries index `token_list`; [`NO_SLOT`] marks an empty slot.
    token_slots: Vec<u16>,
    token_list: Vec<(String, TokenEntry)>,
}

/// Slots of [`Lexicon::token_slots`] (a power of two, several times the number of words).
const TOKEN_SLOTS: usize = 4096;
const NO_SLOT: u16 = u16::MAX;

/// The first slot of a word in [`Lexicon::token_slots`] ([`crate::extract::fasthash::edge_slot`]).
fn slot_of(w: &[u8]) -> usize {
    crate::extract::fasthash::edge_slot(w, TOKEN_SLOTS - 1)
}


/// What the lexicon says about one word, in one look-up: its meanings ([`Lexicon::get`]),
/// whether it can begin a temporal expression (or a modifier before one; other words are
/// skipped at once), whether it can begin a holiday name and its tense cue.
#[derive(Debug, Default, Clone)]
pub struct TokenEntry {
    pub meanings: Vec<Word>,
    pub starter: bool,
    pub holiday_start: bool,
    /// The word has meanings, can begin a holiday or is one of the `key` list of `timex_grammar.txt`: every expression
    /// holds a key word or a number (what lets the scanner skip stretches without one).
    pub key: bool,
    /// A modifier is the word or begins with it ("about", "more" of "more_than"): where this
    /// is false, no modifier starts at the word.
    pub mod_start: bool,
    /// A modifier has the word after its first ("than" of "more_than", "of" of "the_end_of").
    pub mod_next: bool,
    /// The word's tense cue in the lexicon ([`Lexicon::tense`]), for `tense` to read per token.
    pub tense: Option<Tense>,
    /// The word looks ahead when "to" follows ([`Lexicon::future_before_to`]).
    pub future_to: bool,
    /// A determiner or direction word before a unit (the `determiner` list of `timex_grammar.txt`).
    pub det: bool,
    /// A word between a number and its unit (the `filler` list of `timex_grammar.txt`: "eight trading days").
    pub filler: bool,
    /// The word can come right after a number in an amount of time or a year's period: a
    /// unit, an ordinal, a filler, or one of the `after_number` list of `timex_grammar.txt` ("two to three weeks", "1988
    /// fiscal", "two and a half years"). After a number, `scan`'s unit patterns need one.
    pub after_number: bool,
    /// The word can come right after a determiner in `scan`'s unit patterns: a number, an
    /// ordinal, a unit, a season, a month, a weekday, a part of the day, a word that begins a
    /// holiday, or one of the `after_determiner` list of `timex_grammar.txt` ("last year's", "the past a couple of weeks").
    pub after_det: bool,
    /// The word can come right after "the" in one of `scan`'s patterns or modifiers: a later
    /// word of a modifier ("the end of"), a number word, an ordinal, a unit, a season, a
    /// determiner, or one of the `after_the` list of `timex_grammar.txt` ("the day before yesterday", "the near term").
    pub after_the: bool,
    /// Some pattern family of `scan` can begin at the word itself (its pre-checks, less the
    /// ones that read the text around it): a month, a weekday, a number, an ordinal, a unit, a
    /// season, a reference word, a frequency, a word that begins a holiday, a determiner or
    /// one of the `core` list of `timex_grammar.txt`. Elsewhere only a capitalised plural ("Mondays") can begin one.
    pub core_start: bool,
    /// The TIMEX3 mod of the word alone as a modifier ("about": APPROX; [`Lexicon::mods`]).
    pub mod_alone: Option<&'static str>,
    /// A longer modifier begins with the word ("more" of "more_than"; [`Lexicon::is_mod_prefix`]).
    pub mod_prefix: bool,
    /// The pattern families of `scan` whose pre-check the word passes by itself ([`FAM_DAY`]
    /// and the like): told once here, so the scanner tests a bit instead of the meanings.
    pub fam: u8,
}

/// [`TokenEntry::fam`]: a month or a weekday (or their abbreviations), a word that begins a
/// holiday, or one of the `day_word` list of `timex_grammar.txt` ("today").
pub const FAM_DAY: u8 = 1;
/// A number word, an ordinal or one of the `year_word` list ("fiscal").
pub const FAM_YEAR: u8 = 2;
/// A reference word ("now") or one of the `rel_word` list ("year", "the").
pub const FAM_REL: u8 = 4;
/// One of the `clock_word` list ("noon").
pub const FAM_CLOCK: u8 = 8;
/// A frequency word ("daily") or one of the `set_word` list ("every").
pub const FAM_SET: u8 = 16;
/// A number word, an ordinal, a vague number, a unit, a season or one of the `det_word` list
/// ("half"): a word at which a unit pattern begins without a determiner.
pub const FAM_DET: u8 = 32;

/// The entry of a word in none of the tables.
pub static NO_ENTRY: TokenEntry = TokenEntry {
    meanings: Vec::new(),
    starter: false,
    holiday_start: false,
    key: false,
    mod_start: false,
    mod_next: false,
    tense: None,
    future_to: false,
    det: false,
    filler: false,
    after_number: false,
    after_det: false,
    after_the: false,
    core_start: false,
    mod_alone: None,
    mod_prefix: false,
    fam: 0,
};









/// The grammar words of list `name` in `lexicon/timex_grammar.txt` (see its header): words
/// without a meaning of their own that the scanner's patterns still read.
fn grammar(name: &str) -> impl Iterator<Item = &'static str> + '_ {
    GRAMMAR
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(move |l| l.split_once('\t').filter(|(n, _)| *n == name).map(|(_, words)| words))
        .flat_map(str::split_whitespace)
}

fn leak_free(s: &str) -> &'static str {
    // Values in the lexicon come from a closed set; map them to static strings so that `Word`
    // stays `Clone` without allocation. Unknown values map to "".
    const KNOWN: &[&str] = &[
        "PRESENT_REF", "PAST_REF", "FUTURE_REF", "MO", "AF", "EV", "NI", "SP", "SU", "FA", "WI",
        "P1D", "P1W", "P1M", "P3M", "P1Y", "PT1H", "P2W", "APPROX", "LESS_THAN", "MORE_THAN",
        "EQUAL_OR_MORE", "EQUAL_OR_LESS", "START", "END", "MID",
    ];
    KNOWN.iter().copied().find(|k| *k == s).unwrap_or("")
}

fn unit_of(code: &str) -> Option<Unit> {
    Some(match code {
        "Y" => Unit::Year,
        "M" => Unit::Month,
        "W" => Unit::Week,
        "D" => Unit::Day,
        "FN" => Unit::Fortnight,
        "TH" => Unit::Hour,
        "TM" => Unit::Minute,
        "TS" => Unit::Second,
        "DE" => Unit::Decade,
        "CE" => Unit::Century,
        "Q" => Unit::Quarter,
        "WE" => Unit::Weekend,
        "ML" => Unit::Millennium,
        _ => return None,
    })
}

fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}

fn parse_holiday(rule: &str) -> Option<HolidayRule> {
    if let Some(rest) = rule.strip_prefix('E') {
        return Some(HolidayRule::Easter(rest.parse::<i8>().ok()?));
    }
    let parts: Vec<&str> = rule.split('-').collect();
    match parts.as_slice() {
        [m, d] => Some(HolidayRule::Fixed { month: m.parse().ok()?, day: d.parse().ok()? }),
        [m, w, n] => {
            let (n, plus) = n.split_once('+').unwrap_or((n, "0"));
            Some(HolidayRule::Nth {
                month: m.parse().ok()?,
                weekday: w.parse().ok()?,
                nth: if n == "L" { 0 } else { n.parse().ok()? },
                plus: plus.parse().ok()?,
            })
        }
        _ => None,
    }
}

fn lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let mut lx = Lexicon::default();
        for f in lines(WORDS) {
            let (class, word, value) = match f.as_slice() {
                [c, w, v] => (*c, (*w).to_owned(), *v),
                [c, w] => (*c, (*w).to_owned(), ""),
                _ => continue,
            };
            let num = value.parse::<u32>().ok();
            let entry = match (class, num) {
                ("month", Some(n)) => Word::Month(n as u8),
                ("abbr", Some(n)) => Word::MonthAbbr(n as u8),
                ("weekday", Some(n)) => Word::Weekday(n as u8),
                ("wdabbr", Some(n)) => Word::WeekdayAbbr(n as u8),
                ("num", Some(n)) => Word::Num(n),
                ("ord", Some(n)) => Word::Ord(n),
                ("vague", _) => Word::Vague,
                ("ambig", _) => Word::Ambiguous,
                ("unit", _) => match unit_of(value) {
                    Some(u) => Word::Unit(u),
                    None => continue,
                },
                ("ref", _) => Word::Ref(leak_free(value)),
                ("part", _) => Word::Part(leak_free(value)),
                ("season", _) => Word::Season(leak_free(value)),
                ("set", _) => Word::Set(leak_free(value)),
                ("mod", _) => {
                    lx.mods.insert(word, leak_free(value));
                    continue;
                }
                ("future", _) => {
                    lx.tense.insert(word, Tense::Future);
                    continue;
                }
                ("past", _) => {
                    lx.tense.insert(word, Tense::Past);
                    continue;
                }
                ("future_to", _) => {
                    lx.future_before_to.insert(word, ());
                    continue;
                }
                _ => continue,
            };
            lx.words.entry(word).or_default().push(entry);
        }
        for f in lines(HOLIDAYS) {
            if let [name, rule] = f.as_slice() {
                if let Some(r) = parse_holiday(rule) {
                    lx.holiday_max_words = lx.holiday_max_words.max(name.split('_').count());
                    lx.holidays.insert((*name).to_owned(), r);
                }
            }
        }
        for f in lines(ZONES) {
            if let [name, off] = f.as_slice() {
                if let Some(o) = parse_offset(off) {
                    lx.zones.insert((*name).to_owned(), o);
                }
            }
        }
        for f in lines(BLOCKERS) {
            if let [class, word] = f.as_slice() {
                let w = (*word).to_owned();
                match *class {
                    "after" => lx.block_after.insert(w, ()),
                    "before" => lx.block_before.insert(w, ()),
                    "count" => lx.count_nouns.insert(w, ()),
                    "street" => lx.street_words.insert(w, ()),
                    _ => None,
                };
            }
        }
        let mut starters: Vec<String> = lx.words.keys().cloned().collect();
        starters.extend(lx.mods.keys().map(|k| k.split('_').next().unwrap_or("").to_owned()));
        let holiday_firsts: Vec<String> = lx.holidays.keys().map(|k| k.split(['_', '\'', '.']).next().unwrap_or("").to_owned()).collect();
        for w in holiday_firsts {
            lx.holiday_firsts.insert(w, ());
        }
        for w in grammar("starter") {
            starters.push(w.to_owned());
        }
        for w in starters {
            lx.starters.insert(w, ());
        }
        let mut tokens: HashMap<String, TokenEntry> = HashMap::default();
        for (w, m) in &lx.words {
            tokens.entry(w.clone()).or_default().meanings = m.clone();
        }
        for w in lx.starters.keys() {
            tokens.entry(w.clone()).or_default().starter = true;
        }
        for w in lx.holiday_firsts.keys() {
            tokens.entry(w.clone()).or_default().holiday_start = true;
        }
        for w in grammar("key") {
            tokens.entry(w.to_owned()).or_default().key = true;
        }
        for e in tokens.values_mut() {
            e.key |= !e.meanings.is_empty() || e.holiday_start;
        }
        lx.tokens = tokens;
        let firsts: Vec<String> = lx.block_after.keys().filter_map(|k| k.split_once('_').map(|(a, _)| a.to_owned())).collect();
        for f in firsts {
            lx.block_after_first.insert(f, ());
        }
        let prefixes: Vec<String> =
            lx.mods.keys().flat_map(|k| k.match_indices('_').map(|(at, _)| k[..at].to_owned()).collect::<Vec<_>>()).collect();
        for p in prefixes {
            lx.mod_prefixes.insert(p, ());
        }
        let mod_starts: Vec<String> =
            lx.mods.keys().chain(lx.mod_prefixes.keys()).filter(|k| !k.contains('_')).cloned().collect();
        for w in mod_starts {
            lx.tokens.entry(w).or_default().mod_start = true;
        }
        let mod_nexts: Vec<String> = lx.mods.keys().flat_map(|k| k.split('_').skip(1).map(str::to_owned)).collect();
        for w in mod_nexts {
            lx.tokens.entry(w).or_default().mod_next = true;
        }
        for (w, t) in &lx.tense {
            lx.tokens.entry(w.clone()).or_default().tense = Some(*t);
        }
        for w in lx.future_before_to.keys() {
            lx.tokens.entry(w.clone()).or_default().future_to = true;
        }
        for w in grammar("determiner") {
            lx.tokens.entry(w.to_owned()).or_default().det = true;
        }
        for w in grammar("filler") {
            lx.tokens.entry(w.to_owned()).or_default().filler = true;
        }
        for w in grammar("after_number") {
            lx.tokens.entry(w.to_owned()).or_default().after_number = true;
        }
        for w in grammar("after_determiner") {
            lx.tokens.entry(w.to_owned()).or_default().after_det = true;
        }
        for w in grammar("after_the") {
            lx.tokens.entry(w.to_owned()).or_default().after_the = true;
        }
        let alone: Vec<(String, &'static str)> = lx.mods.iter().filter(|(k, _)| !k.contains('_')).map(|(k, v)| (k.clone(), *v)).collect();
        for (w, m) in alone {
            lx.tokens.entry(w).or_default().mod_alone = Some(m);
        }
        let prefixes: Vec<String> = lx.mod_prefixes.keys().filter(|k| !k.contains('_')).cloned().collect();
        for w in prefixes {
            lx.tokens.entry(w).or_default().mod_prefix = true;
        }
        for w in grammar("core") {
            lx.tokens.entry(w.to_owned()).or_default().core_start = true;
        }
        for (list, bit) in [
            ("day_word", FAM_DAY),
            ("year_word", FAM_YEAR),
            ("rel_word", FAM_REL),
            ("clock_word", FAM_CLOCK),
            ("set_word", FAM_SET),
            ("det_word", FAM_DET),
        ] {
            for w in grammar(list) {
                lx.tokens.entry(w.to_owned()).or_default().fam |= bit;
            }
        }
        for e in lx.tokens.values_mut() {
            let has = |f: fn(&Word) -> bool| e.meanings.iter().any(f);
            let mut fam = 0;
            if has(|m| matches!(m, Word::Month(_) | Word::MonthAbbr(_) | Word::Weekday(_) | Word::WeekdayAbbr(_))) || e.holiday_start {
                fam |= FAM_DAY;
            }
            if has(|m| matches!(m, Word::Num(_) | Word::Ord(_))) {
                fam |= FAM_YEAR;
            }
            if has(|m| matches!(m, Word::Ref(_))) {
                fam |= FAM_REL;
            }
            if has(|m| matches!(m, Word::Set(_))) {
                fam |= FAM_SET;
            }
            if has(|m| matches!(m, Word::Num(_) | Word::Ord(_) | Word::Vague | Word::Unit(_) | Word::Season(_))) {
                fam |= FAM_DET;
            }
            e.fam |= fam;
            e.core_start |= e.holiday_start
                || e.det
                || e.meanings.iter().any(|m| {
                    matches!(
                        m,
                        Word::Month(_) | Word::MonthAbbr(_) | Word::Weekday(_) | Word::WeekdayAbbr(_) | Word::Num(_) | Word::Ord(_) | Word::Vague
                            | Word::Unit(_) | Word::Season(_) | Word::Ref(_) | Word::Set(_)
                    )
                });
            e.after_the |= e.mod_next || e.det || e.meanings.iter().any(|m| matches!(m, Word::Num(_) | Word::Ord(_) | Word::Vague | Word::Unit(_) | Word::Season(_)));
            e.after_number |= e.filler || e.meanings.iter().any(|m| matches!(m, Word::Unit(_) | Word::Ord(_)));
            e.after_det |= e.holiday_start
                || e.meanings.iter().any(|m| {
                    matches!(
                        m,
                        Word::Num(_) | Word::Ord(_) | Word::Vague | Word::Unit(_) | Word::Season(_) | Word::Month(_) | Word::MonthAbbr(_) | Word::Weekday(_) | Word::Part(_)
                    )
                });
        }
        // the table, filled in word order so that it is the same on every run
        let mut list: Vec<(String, TokenEntry)> = lx.tokens.iter().map(|(w, e)| (w.clone(), e.clone())).collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        let mut slots = vec![NO_SLOT; TOKEN_SLOTS];
        for (k, (w, _)) in list.iter().enumerate() {
            let mut at = slot_of(w.as_bytes());
            while slots[at] != NO_SLOT {
                at = (at + 1) & (TOKEN_SLOTS - 1);
            }
            slots[at] = u16::try_from(k).unwrap_or(NO_SLOT);
        }
        assert!(list.len() * 2 < TOKEN_SLOTS, "the token table is too small for the vocabulary");
        lx.token_slots = slots;
        lx.token_list = list;
        lx
    }

    /// Everything the scanner asks about one lower-case word, in one look-up.
    pub fn token(&self, lower: &str) -> &TokenEntry {
        let w = lower.as_bytes();
        let mut at = slot_of(w);
        // an empty slot ends the probe: the table is never full
        while let Some(&k) = self.token_slots.get(at) {
            let Some((key, entry)) = self.token_list.get(usize::from(k)) else { break };
            // (compared byte by byte: the words are short, and `==` on slices calls `memcmp`)
            if key.len() == w.len() && key.as_bytes().iter().zip(w).all(|(a, b)| a == b) {
                return entry;
            }
            at = (at + 1) & (TOKEN_SLOTS - 1);
        }
        &NO_ENTRY
    }

    /// Some modifier is `key` followed by `_` and more: a longer modifier may start with it.
    pub fn is_mod_prefix(&self, key: &str) -> bool {
        self.mod_prefixes.contains_key(key)
    }

    /// The word may be followed by more words of a multi-word blocker.
    pub fn is_block_prefix(&self, lower: &str) -> bool {
        self.block_after_first.contains_key(lower)
    }

    /// Every meaning of a lower-case word.
    pub fn get(&self, lower: &str) -> &[Word] {
        self.words.get(lower).map(Vec::as_slice).unwrap_or(&[])
    }

    // (the scanner asks the meanings of its tokens, [`TokenEntry::meanings`]; these word
    // look-ups serve the tests)
    #[cfg(test)]
    pub fn month(&self, lower: &str) -> Option<u8> {
        month_in(self.get(lower))
    }
    #[cfg(test)]
    pub fn month_abbr(&self, lower: &str) -> Option<u8> {
        month_abbr_in(self.get(lower))
    }
    pub fn weekday(&self, lower: &str) -> Option<u8> {
        weekday_in(self.get(lower))
    }
    pub fn num(&self, lower: &str) -> Option<u32> {
        num_in(self.get(lower))
    }
    #[cfg(test)]
    pub fn unit(&self, lower: &str) -> Option<Unit> {
        unit_in(self.get(lower))
    }
    #[cfg(test)]
    pub fn reference(&self, lower: &str) -> Option<&'static str> {
        reference_in(self.get(lower))
    }
}

// Lookups over the meanings of one word (cached per token by the scanner).
pub fn month_in(ws: &[Word]) -> Option<u8> {
    ws.iter().find_map(|w| if let Word::Month(m) = w { Some(*m) } else { None })
}
pub fn month_abbr_in(ws: &[Word]) -> Option<u8> {
    ws.iter().find_map(|w| if let Word::MonthAbbr(m) = w { Some(*m) } else { None })
}
pub fn weekday_in(ws: &[Word]) -> Option<u8> {
    ws.iter().find_map(|w| if let Word::Weekday(m) = w { Some(*m) } else { None })
}
pub fn weekday_abbr_in(ws: &[Word]) -> Option<u8> {
    ws.iter().find_map(|w| if let Word::WeekdayAbbr(m) = w { Some(*m) } else { None })
}
pub fn num_in(ws: &[Word]) -> Option<u32> {
    ws.iter().find_map(|w| if let Word::Num(m) = w { Some(*m) } else { None })
}
pub fn ord_in(ws: &[Word]) -> Option<u32> {
    ws.iter().find_map(|w| if let Word::Ord(m) = w { Some(*m) } else { None })
}
pub fn unit_in(ws: &[Word]) -> Option<Unit> {
    ws.iter().find_map(|w| if let Word::Unit(m) = w { Some(*m) } else { None })
}
pub fn reference_in(ws: &[Word]) -> Option<&'static str> {
    ws.iter().find_map(|w| if let Word::Ref(m) = w { Some(*m) } else { None })
}
pub fn part_in(ws: &[Word]) -> Option<&'static str> {
    ws.iter().find_map(|w| if let Word::Part(m) = w { Some(*m) } else { None })
}
pub fn season_in(ws: &[Word]) -> Option<&'static str> {
    ws.iter().find_map(|w| if let Word::Season(m) = w { Some(*m) } else { None })
}
pub fn set_in(ws: &[Word]) -> Option<&'static str> {
    ws.iter().find_map(|w| if let Word::Set(m) = w { Some(*m) } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Is `word` in grammar list `name`?
    fn in_grammar(name: &str, word: &str) -> bool {
        grammar(name).any(|w| w == word)
    }

    #[test]
    fn every_grammar_list_is_read_and_named() {
        const LISTS: [&str; 8] = ["determiner", "filler", "after_number", "after_determiner", "core", "after_the", "key", "starter"];
        for name in LISTS {
            assert!(grammar(name).count() >= 5, "{name}");
            assert!(grammar(name).all(|w| !w.is_empty() && w == w.to_lowercase()), "{name}");
        }
        const FAMILIES: [&str; 6] = ["day_word", "year_word", "rel_word", "clock_word", "set_word", "det_word"];
        for name in FAMILIES {
            assert!(grammar(name).count() >= 1, "{name}");
            assert!(grammar(name).all(|w| !w.is_empty() && w == w.to_lowercase()), "{name}");
        }
        for line in GRAMMAR.lines().filter(|l| !l.starts_with('#')) {
            let name = line.split_once('\t').map(|(n, _)| n);
            assert!(name.is_some_and(|n| LISTS.contains(&n) || FAMILIES.contains(&n)), "{line:?}");
        }
        assert!(in_grammar("determiner", "year-ago") && !in_grammar("determiner", "year"));
    }

    #[test]
    fn one_token_look_up_answers_as_the_tables() {
        let lx = Lexicon::new();
        let mut words: Vec<&str> = lx.words.keys().map(String::as_str).collect();
        words.extend(lx.starters.keys().map(String::as_str));
        words.extend(lx.holiday_firsts.keys().map(String::as_str));
        words.extend(lx.mods.keys().map(String::as_str));
        words.extend(lx.tense.keys().map(String::as_str));
        words.extend(lx.future_before_to.keys().map(String::as_str));
        for list in ["determiner", "filler", "after_number", "after_determiner", "after_the", "core"] {
            for w in grammar(list) {
                words.push(w);
            }
        }
        words.extend(["", "the", "said", "christmas", "more", "zebra", "about", "at", "no", "x", "ä", "2024", "mid"]);
        for w in words {
            let e = lx.token(w);
            assert_eq!(e.meanings.as_slice(), lx.get(w), "{w}");
            assert_eq!(e.starter, lx.starters.contains_key(w), "{w}");
            assert_eq!(e.holiday_start, lx.holiday_firsts.contains_key(w), "{w}");
            assert_eq!(e.key, !lx.get(w).is_empty() || e.holiday_start || in_grammar("key", w), "{w}");
            assert_eq!(e.mod_start, (lx.mods.contains_key(w) || lx.is_mod_prefix(w)) && !w.contains('_'), "{w}");
            let later = lx.mods.keys().any(|k| k.split('_').skip(1).any(|x| x == w));
            assert_eq!(e.mod_next, later, "{w}");
            assert_eq!(e.tense, lx.tense.get(w).copied(), "{w}");
            assert_eq!(e.future_to, lx.future_before_to.contains_key(w), "{w}");
            assert_eq!(e.det, in_grammar("determiner", w), "{w}");
            assert_eq!(e.filler, in_grammar("filler", w), "{w}");
            let ms = lx.get(w);
            assert_eq!(e.after_number, e.filler || in_grammar("after_number", w) || unit_in(ms).is_some() || ord_in(ms).is_some(), "{w}");
            let named = month_in(ms).or(month_abbr_in(ms)).or(weekday_in(ms)).is_some() || part_in(ms).is_some() || season_in(ms).is_some();
            let amount = num_in(ms).is_some() || ord_in(ms).is_some() || ms.contains(&Word::Vague) || unit_in(ms).is_some();
            assert_eq!(e.after_det, named || amount || e.holiday_start || in_grammar("after_determiner", w), "{w}");
            let season = season_in(ms).is_some();
            assert_eq!(e.after_the, amount || season || e.det || e.mod_next || in_grammar("after_the", w), "{w}");
            let calendar = month_in(ms).or(month_abbr_in(ms)).or(weekday_in(ms)).or(weekday_abbr_in(ms)).is_some();
            let begins = calendar || amount || season || reference_in(ms).is_some() || set_in(ms).is_some();
            assert_eq!(e.mod_alone, if w.contains('_') { None } else { lx.mods.get(w).copied() }, "{w}");
            assert_eq!(e.mod_prefix, !w.contains('_') && lx.is_mod_prefix(w), "{w}");
            assert_eq!(e.core_start, begins || e.holiday_start || e.det || in_grammar("core", w), "{w}");
            // the family bits, as the scanner's pre-checks read a word
            let fam = |bit: u8| e.fam & bit != 0;
            assert_eq!(fam(FAM_DAY), calendar || e.holiday_start || matches!(w, "today" | "tomorrow" | "yesterday" | "tonight" | "overnight"), "{w}");
            assert_eq!(fam(FAM_YEAR), num_in(ms).is_some() || ord_in(ms).is_some() || w == "fiscal", "{w}");
            assert_eq!(fam(FAM_REL), reference_in(ms).is_some() || matches!(w, "year" | "the"), "{w}");
            assert_eq!(fam(FAM_CLOCK), matches!(w, "noon" | "midday" | "midnight"), "{w}");
            assert_eq!(fam(FAM_SET), set_in(ms).is_some() || matches!(w, "every" | "each" | "per"), "{w}");
            assert_eq!(fam(FAM_DET), amount || season || matches!(w, "year" | "fiscal" | "half" | "couple" | "period"), "{w}");
        }
        assert!(lx.token("the").starter);
        // the open-addressed table holds what the map holds
        for (w, e) in &lx.tokens {
            assert!(std::ptr::eq(lx.token(w), &lx.token_list[lx.token_list.binary_search_by(|x| x.0.as_str().cmp(w)).unwrap()].1), "{w}");
            assert_eq!(lx.token(w).meanings, e.meanings, "{w}");
        }
        for w in ["", "said", "zebra", "thee", "th", "mondayx", "ä", "decades", "decadesx"] {
            let want = lx.tokens.get(w).map(|e| e.meanings.clone()).unwrap_or_default();
            assert_eq!(lx.token(w).meanings, want, "{w}");
            assert_eq!(lx.token(w).key, lx.tokens.get(w).is_some_and(|e| e.key), "{w}");
        }
        assert!(lx.is_mod_prefix("more"));
        assert!(!lx.is_mod_prefix("zebra"));
    }

    #[test]
    fn lexicon_files_parse() {
        let lx = Lexicon::new();
        assert_eq!(lx.month("march"), Some(3));
        assert_eq!(lx.month_abbr("sept"), Some(9));
        assert_eq!(lx.weekday("sunday"), Some(7));
        assert_eq!(lx.num("twenty"), Some(20));
        assert_eq!(ord_in(lx.get("third")), Some(3));
        assert_eq!(lx.unit("decades"), Some(Unit::Decade));
        assert_eq!(lx.reference("now"), Some("PRESENT_REF"));
        assert_eq!(lx.mods.get("at_least"), Some(&"EQUAL_OR_MORE"));
        assert_eq!(lx.zones.get("msk"), Some(&180));
        assert_eq!(lx.zones.get("est"), Some(&-300));
        assert_eq!(lx.holidays.get("good_friday"), Some(&HolidayRule::Easter(-2)));
        assert_eq!(lx.holidays.get("thanksgiving"), Some(&HolidayRule::Nth { month: 11, weekday: 4, nth: 4, plus: 0 }));
        assert!(lx.block_after.contains_key("times"));
        assert!(lx.count_nouns.contains_key("people"));
        assert_eq!(lx.tense.get("will"), Some(&Tense::Future));
    }
}

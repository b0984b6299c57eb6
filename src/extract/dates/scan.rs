//! Recognition: finds temporal expressions in the token stream and says what they mean
//! ([`Sem`]) without resolving them. At each token it tries a fixed set of small hand-written
//! patterns (calendar dates, years and decades, weekdays, "last week", durations, clock times,
//! sets, holidays, reference words), each looking ahead a bounded number of tokens, and keeps
//! the longest; a match is skipped over, so the scan is linear. Spans follow TimeML:
//! determiners and modifiers in ("the last week", "about two years"), prepositions out.
//! The false-date guards live here too (verbs "may"/"march", "Sunday Times", "Route 66",
//! counts, "Ms. April Ryan"). It computes no values: that is `resolve`.

use super::lexicon::{Lexicon, Unit};
use super::resolve::{duration_value, Dir, Sem, Tod, YearRef};
use super::token::{Kind, Token};

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
    body: &'a str,
    lower: &'a str,
    toks: &'a [Token],
    /// Slash dates read day first (the article writes 25/12/2024 somewhere).
    dmy: bool,
}

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
        let mut s = Scanner { lx, body, lower, toks, dmy: false };
        s.dmy = s.detect_dmy();
        s
    }

    // ---- token access -------------------------------------------------------------------

    fn w(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.lower.get(t.span.start..t.span.end).unwrap_or(""),
            None => "",
        }
    }
    fn raw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.body.get(t.span.start..t.span.end).unwrap_or(""),
            None => "",
        }
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn p(&self, i: usize, c: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.raw(i) == c
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
            if self.kind(i) == Some(Kind::Digits) && self.raw(i).len() <= 2 && self.cap(i + 1) && self.lx.month(self.w(i + 1)).is_some() {
                day_first += 1;
            }
            if self.cap(i) && self.lx.month(self.w(i)).is_some() && self.kind(i + 1) == Some(Kind::Digits) && self.raw(i + 1).len() <= 2 {
                month_first += 1;
            }
            i += 1;
        }
        day_first > month_first
    }

    // ---- scanning -----------------------------------------------------------------------

    /// Every expression, left to right, non-overlapping.
    pub fn scan(&self) -> Vec<Expr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
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
            Some(Kind::Alpha) => !self.lx.is_starter(self.w(i)),
            _ => false,
        }
    }

    pub fn expr_at(&self, i: usize) -> Option<Expr> {
        if self.quick_reject(i) {
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
        let mut key = String::new();
        let mut found = None;
        for k in 0..4 {
            if self.kind(i + k) != Some(Kind::Alpha) {
                break;
            }
            if k > 0 {
                key.push('_');
            }
            key.push_str(self.w(i + k));
            if let Some(m) = self.lx.mods.get(&key) {
                found = Some((i + k + 1, *m));
            }
        }
        let (mut j, m) = found?;
        if self.p(j, "-") && self.tight(j) {
            j += 1;
        }
        Some((j, m))
    }

    /// The longest core expression starting at `i`.
    fn core(&self, i: usize) -> M {
        let mut best = self.day_core(i);
        best = longer(best, self.year_core(i));
        best = longer(best, self.det_unit(i));
        best = longer(best, self.rel_word(i));
        best = longer(best, self.time_core(i));
        best = longer(best, self.set_core(i));
        best
    }

    /// Expressions naming a day: ISO and slash dates, month-day, weekdays, holidays, today.
    fn day_core(&self, i: usize) -> M {
        let mut best = self.iso(i);
        best = longer(best, self.slash(i));
        best = longer(best, self.weekday_date(i));
        best = longer(best, self.day_month(i));
        best = longer(best, self.holiday(i));
        best = longer(best, self.today_words(i));
        best
    }

    // ---- numbers ------------------------------------------------------------------------

    /// A cardinal at `i`: (next token, value; None for "several", "a few").
    fn number(&self, i: usize) -> Option<(usize, Option<u32>)> {
        let w = self.w(i);
        match self.kind(i)? {
            Kind::Digits => {
                if w.len() > 4 || (i >= 2 && self.p(i - 1, ".") && self.tight(i - 1) && self.tight(i) && self.kind(i - 2) == Some(Kind::Digits)) {
                    return None;
                }
                // "2,400" and "3.5" are not small cardinals
                if (self.p(i + 1, ",") || self.p(i + 1, ".")) && self.tight(i + 1) && self.kind(i + 2) == Some(Kind::Digits) && self.tight(i + 2) {
                    return None;
                }
                let n: u32 = w.parse().ok()?;
                Some((i + 1, Some(n)))
            }
            Kind::Alpha => {
                if w == "a" || w == "an" {
                    if self.w(i + 1) == "couple" && self.w(i + 2) == "of" {
                        return Some((i + 3, Some(2)));
                    }
                    if self.w(i + 1) == "few" {
                        return Some((i + 2, None));
                    }
                    if let Some(n) = self.lx.num(self.w(i + 1)) {
                        if n >= 12 {
                            return Some((i + 2, Some(n))); // a dozen, a hundred
                        }
                    }
                    return Some((i + 1, Some(1)));
                }
                if w == "couple" && self.w(i + 1) == "of" {
                    return Some((i + 2, Some(2)));
                }
                if self.lx.is_vague(w) {
                    return Some((i + 1, None));
                }
                let mut n = self.lx.num(w)?;
                let mut j = i + 1;
                if (20..=90).contains(&n) && n % 10 == 0 {
                    let k = if self.p(j, "-") && self.tight(j) { j + 1 } else { j };
                    if let Some(u) = self.lx.num(self.w(k)) {
                        if u < 10 {
                            n += u;
                            j = k + 1;
                        }
                    }
                }
                if self.w(j) == "hundred" {
                    n *= 100;
                    j += 1;
                } else if self.w(j) == "thousand" {
                    n *= 1000;
                    j += 1;
                }
                Some((j, Some(n)))
            }
            _ => None,
        }
    }

    /// An ordinal at `i`: "third", "3rd".
    fn ordinal(&self, i: usize) -> Option<u32> {
        match self.kind(i)? {
            Kind::Alpha => self.lx.ord(self.w(i)),
            Kind::Mixed => {
                let w = self.w(i);
                let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let suf = &w[d.len()..];
                if matches!(suf, "st" | "nd" | "rd" | "th") && !d.is_empty() && d.len() <= 2 {
                    d.parse().ok()
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    // ---- years --------------------------------------------------------------------------

    /// A four-digit year at `i`, unless the context makes it a count, an address or a code.
    fn year_at(&self, i: usize) -> Option<i32> {
        let y = self.digits(i, 4, 4)? as i32;
        let prev = self.prev_w(i);
        let prev_raw = if i > 0 { self.raw(i - 1) } else { "" };
        if matches!(prev_raw, "$" | "#" | "€" | "£" | "¥" | "No" | "no") || self.lx.block_before.contains_key(prev) {
            return None;
        }
        if i > 1 && (prev_raw == "," || prev_raw == ".") && self.tight(i) && self.kind(i - 2) == Some(Kind::Digits) {
            return None;
        }
        let next = self.w(i + 1);
        if self.p(i + 1, "%") || self.lx.count_nouns.contains_key(next) || (self.lx.zones.contains_key(next) && self.cap(i + 1)) {
            return None;
        }
        if (self.p(i + 1, ",") || self.p(i + 1, ".") || self.p(i + 1, ":")) && self.tight(i + 1) && self.kind(i + 2) == Some(Kind::Digits) && self.tight(i + 2) {
            return None;
        }
        if self.lx.street_words.contains_key(next) || self.lx.street_words.contains_key(self.w(i + 2)) && self.cap(i + 1) {
            return None;
        }
        if (1900..=2099).contains(&y) {
            return Some(y);
        }
        if (1000..1900).contains(&y) && TEMPORAL_PREPS.contains(&prev) {
            return Some(y);
        }
        None
    }

    /// A year after a month or day: "1998", "'98".
    fn year_after(&self, i: usize) -> Option<(usize, i32)> {
        if let Some(y) = self.digits(i, 4, 4) {
            if (1000..=2999).contains(&y) && !(self.p(i + 1, ",") && self.kind(i + 2) == Some(Kind::Digits) && self.tight(i + 2)) {
                return Some((i + 1, y as i32));
            }
        }
        if self.apos(i) {
            if let Some(y) = self.digits(i + 1, 2, 2) {
                return Some((i + 2, two_digit_year(y)));
            }
        }
        self.spelled_year(i)
    }

    /// "nineteen ninety-six", "two thousand (and) two".
    fn spelled_year(&self, i: usize) -> Option<(usize, i32)> {
        let first = self.lx.num(self.w(i))?;
        if (11..=20).contains(&first) && self.w(i + 1) != "thousand" {
            let (j, rest) = self.number(i + 1)?;
            let rest = rest?;
            if rest < 10 || rest > 99 && self.w(i + 1) != "hundred" {
                return None;
            }
            return Some((j, (first * 100 + rest) as i32));
        }
        if first == 2 && self.w(i + 1) == "thousand" {
            let mut j = i + 2;
            if self.w(j) == "and" {
                j += 1;
            }
            if let Some((k, Some(n))) = self.number(j) {
                if n < 100 {
                    return Some((k, 2000 + n as i32));
                }
            }
            return Some((i + 2, 2000));
        }
        None
    }

    /// Years, decades, centuries, fiscal years.
    fn year_core(&self, i: usize) -> M {
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        // "the year 2000", "the year two thousand"
        if the && self.w(j) == "year" {
            if let Some((e, y)) = self.year_after(j + 1) {
                return Some((e, Sem::Year(YearRef::Abs(y))));
            }
        }
        if self.w(j) == "fiscal" {
            let mut k = j + 1;
            if self.w(k) == "year" {
                k += 1;
            }
            if let Some((e, y)) = self.year_after(k) {
                return Some((e, Sem::Year(YearRef::Abs(y))));
            }
        }
        // decades: "1990s", "the '90s", "1990's", "the nineties"
        if self.kind(j) == Some(Kind::Mixed) {
            let w = self.w(j);
            if let Some(d) = w.strip_suffix('s') {
                if d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()) && d.ends_with('0') {
                    let n: i32 = d.parse().ok()?;
                    return Some((j + 1, Sem::Decade(n / 10)));
                }
                // "the 80s", "the early 90s"
                let after_det = the || matches!(self.prev_w(j), "early" | "late" | "mid" | "-");
                if d.len() == 2 && d.ends_with('0') && after_det && d.bytes().all(|b| b.is_ascii_digit()) {
                    let n: u32 = d.parse().ok()?;
                    return Some((j + 1, Sem::Decade(two_digit_year(n) / 10)));
                }
            }
            if let Some(c) = self.ordinal(j) {
                if matches!(self.w(j + 1), "century" | "centuries") && self.w(j + 1) == "century" {
                    return Some((j + 2, Sem::Century(c as i32 - 1)));
                }
            }
        }
        if self.apos(j) && self.tight(j + 1) {
            let w = self.w(j + 1);
            if let Some(d) = w.strip_suffix('s') {
                if d.len() == 2 && d.ends_with('0') {
                    if let Ok(n) = d.parse::<u32>() {
                        return Some((j + 2, Sem::Decade(two_digit_year(n) / 10)));
                    }
                }
            }
        }
        if let Some(c) = self.lx.ord(self.w(j)) {
            if self.w(j + 1) == "century" && the {
                return Some((j + 2, Sem::Century(c as i32 - 1)));
            }
        }
        if the {
            let w = self.w(j);
            if let Some(stem) = w.strip_suffix("ies") {
                if let Some(n) = self.lx.num(&format!("{}y", stem)) {
                    if (20..=90).contains(&n) && n % 10 == 0 {
                        return Some((j + 1, Sem::Decade(190 + n as i32 / 10)));
                    }
                }
            }
        }
        if let Some(y) = self.year_at(j) {
            // "1990's"
            if self.apos(j + 1) && self.w(j + 2) == "s" && self.tight(j + 1) && y % 10 == 0 {
                return Some((j + 3, Sem::Decade(y / 10)));
            }
            let mut e = j + 1;
            if the && matches!(self.w(e), "period" | "season" | "fiscal") {
                e += 1;
            } else if the {
                // "the 1990 budget": the determiner belongs to the noun, not the year
                return None;
            }
            return Some((e, Sem::Year(YearRef::Abs(y))));
        }
        // spelled years: "nineteen ninety-six" (only where a year is expected)
        if let Some((e, y)) = self.spelled_year(j) {
            let prev = self.prev_w(j);
            if (1100..=2099).contains(&y) && (TEMPORAL_PREPS.contains(&prev) || self.lx.month(prev).is_some()) && !self.lx.count_nouns.contains_key(self.w(e)) {
                return Some((e, Sem::Year(YearRef::Abs(y))));
            }
        }
        None
    }

    // ---- calendar days ------------------------------------------------------------------

    fn iso(&self, i: usize) -> M {
        let y = self.digits(i, 4, 4)?;
        let sep = self.raw(i + 1);
        if !(sep == "-" || sep == "/") || !self.p(i + 1, sep) || !self.tight(i + 1) || !self.tight(i + 2) {
            return None;
        }
        let m = self.digits(i + 2, 1, 2)?;
        if !self.p(i + 3, sep) || !self.tight(i + 3) || !self.tight(i + 4) || !(1..=12).contains(&m) {
            return None;
        }
        let day = Sem::Day { y: YearRef::Abs(y as i32), m: m as u8, d: 0 };
        if let Some(d) = self.digits(i + 4, 1, 2) {
            if !(1..=31).contains(&d) {
                return None;
            }
            return Some((i + 5, Sem::Day { y: YearRef::Abs(y as i32), m: m as u8, d: d as u8 }));
        }
        // "2024-02-08T14:05"
        if self.kind(i + 4) == Some(Kind::Mixed) {
            let w = self.w(i + 4);
            let (d, h) = w.split_once('t')?;
            let d: u32 = d.parse().ok()?;
            let h: u32 = h.parse().ok()?;
            if !(1..=31).contains(&d) || h > 24 || !self.p(i + 5, ":") {
                return None;
            }
            let mi = self.digits(i + 6, 2, 2)?;
            let mut e = i + 7;
            if self.p(e, ":") && self.digits(e + 1, 2, 2).is_some() {
                e += 2;
            }
            let _ = day;
            return Some((
                e,
                Sem::Time {
                    date: Some(Box::new(Sem::Day { y: YearRef::Abs(y as i32), m: m as u8, d: d as u8 })),
                    tod: Tod::Clock(h as u8, mi as u8),
                },
            ));
        }
        None
    }

    fn slash(&self, i: usize) -> M {
        let a = self.digits(i, 1, 2)?;
        let sep = self.raw(i + 1);
        if !(sep == "/" || sep == ".") || !self.p(i + 1, sep) || !self.tight(i + 1) || !self.tight(i + 2) {
            return None;
        }
        let b = self.digits(i + 2, 1, 2)?;
        if !self.p(i + 3, sep) || !self.tight(i + 3) || !self.tight(i + 4) {
            return None;
        }
        let yr = self.raw(i + 4);
        let y = match (self.kind(i + 4), yr.len()) {
            (Some(Kind::Digits), 4) => yr.parse::<i32>().ok()?,
            (Some(Kind::Digits), 2) if sep == "/" => two_digit_year(yr.parse().ok()?),
            _ => return None,
        };
        let (m, d) = if sep == "." || self.dmy || a > 12 { (b, a) } else { (a, b) };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some((i + 5, Sem::Day { y: YearRef::Abs(y), m: m as u8, d: d as u8 }))
    }

    /// A month name at `i` (capitalised; an abbreviation with its '.'): (next token, month, abbr).
    fn month_at(&self, i: usize) -> Option<(usize, u8, bool)> {
        if !self.cap(i) {
            return None;
        }
        let w = self.w(i);
        if let Some(m) = self.lx.month(w) {
            // "Feb." is fine, and so is "February."
            return Some((i + 1, m, false));
        }
        if let Some(m) = self.lx.month_abbr(w) {
            if self.p(i + 1, ".") && self.tight(i + 1) {
                return Some((i + 2, m, true));
            }
            return Some((i + 1, m, true));
        }
        None
    }

    /// A day number at `i`: "7", "7th".
    fn day_num(&self, i: usize) -> Option<u32> {
        let d = match self.kind(i)? {
            Kind::Digits => self.digits(i, 1, 2)?,
            Kind::Mixed => self.ordinal(i)?,
            _ => return None,
        };
        (1..=31).contains(&d).then_some(d)
    }

    /// [Weekday[,]] month-day / day-month dates; a weekday alone; "Friday morning".
    fn weekday_date(&self, i: usize) -> M {
        let (wd, mut j) = if self.cap(i) {
            if let Some(wd) = self.lx.weekday(self.w(i)) {
                (wd, i + 1)
            } else if self.lx.weekday_abbr(self.w(i)).is_some() {
                let mut j = i + 1;
                if self.p(j, ".") {
                    j += 1;
                }
                // abbreviations only before a date: "Tue March 5"
                let k = if self.p(j, ",") { j + 1 } else { j };
                return self.day_month(k);
            } else {
                return None;
            }
        } else {
            return None;
        };
        if self.blocked_after(j) {
            return None;
        }
        let k = if self.p(j, ",") { j + 1 } else { j };
        if let Some(r) = self.day_month(k) {
            return Some(r);
        }
        let mut sem = Sem::Weekday { wd, dir: Dir::Infer };
        if let Some(p) = self.lx.part(self.w(j)) {
            if !self.w(j).ends_with('s') {
                sem = Sem::Time { date: Some(Box::new(sem)), tod: Tod::Part(p) };
                j += 1;
            }
        }
        Some((j, sem))
    }

    fn blocked_after(&self, j: usize) -> bool {
        let n = self.w(j);
        if self.lx.block_after.contains_key(n) && self.cap(j) {
            return true;
        }
        if !self.lx.is_block_prefix(n) || !self.cap(j) {
            return false;
        }
        let two = format!("{}_{}", n, self.w(j + 1));
        self.lx.block_after.contains_key(&two)
    }

    /// Month-day ("Feb. 7th, 2024"), day-month ("7 February 2024"), month-year, month alone.
    fn day_month(&self, i: usize) -> M {
        // "the 5th of March"
        let (i0, the) = if self.w(i) == "the" { (i + 1, true) } else { (i, false) };
        if let Some(d) = self.day_num(i0) {
            let mut j = i0 + 1;
            if self.w(j) == "of" {
                j += 1;
            } else if the {
                return None;
            }
            if let Some((k, m, _)) = self.month_at(j) {
                if let Some((e, y)) = self.year_after(k) {
                    return Some((e, Sem::Day { y: YearRef::Abs(y), m, d: d as u8 }));
                }
                return Some((k, Sem::Day { y: YearRef::Infer, m, d: d as u8 }));
            }
            return None;
        }
        if the {
            return None;
        }
        let (j, m, abbr) = self.month_at(i)?;
        if let Some(d) = self.day_num(j) {
            // not "March 5:30", not "June 1,000"
            if !((self.p(j + 1, ":") && self.kind(j + 2) == Some(Kind::Digits) && self.tight(j + 2)) || (self.p(j + 1, ",") && self.tight(j + 1) && self.kind(j + 2) == Some(Kind::Digits) && self.tight(j + 2))) {
                let k = if self.p(j + 1, ",") { j + 2 } else { j + 1 };
                if let Some((e, y)) = self.year_after(k) {
                    return Some((e, Sem::Day { y: YearRef::Abs(y), m, d: d as u8 }));
                }
                if let Some((e, y)) = self.rel_year_after(j + 1) {
                    return Some((e, Sem::Day { y, m, d: d as u8 }));
                }
                return Some((j + 1, Sem::Day { y: YearRef::Infer, m, d: d as u8 }));
            }
        }
        if let Some((e, y)) = self.rel_year_after(j) {
            return Some((e, Sem::Month { y, m, dir: Dir::Infer }));
        }
        let k = if self.p(j, ",") { j + 1 } else { j };
        if let Some((e, y)) = self.year_after(k) {
            if k == j || self.kind(k) == Some(Kind::Digits) {
                return Some((e, Sem::Month { y: YearRef::Abs(y), m, dir: Dir::Infer }));
            }
        }
        if abbr && !self.p(j - 1, ".") {
            return None;
        }
        if !self.month_alone_ok(i, j) {
            return None;
        }
        Some((j, Sem::Month { y: YearRef::Infer, m, dir: Dir::Infer }))
    }

    /// "this year", "last year", "next year" right after a month or day.
    fn rel_year_after(&self, i: usize) -> Option<(usize, YearRef)> {
        if self.w(i + 1) != "year" || (self.apos(i + 2) && self.w(i + 3) == "s") {
            return None;
        }
        let n = match self.w(i) {
            "this" => 0,
            "last" => -1,
            "next" => 1,
            _ => return None,
        };
        Some((i + 2, YearRef::Rel(n)))
    }

    /// A month name with no day or year: not a name ("April Ryan"), not a verb ("may").
    fn month_alone_ok(&self, i: usize, j: usize) -> bool {
        let prev = self.prev_w(i);
        if self.lx.block_before.contains_key(prev) || (i > 0 && self.p(i - 1, ".") && self.lx.block_before.contains_key(self.w(i.saturating_sub(2)))) {
            return false;
        }
        if self.blocked_after(j) {
            return false;
        }
        // followed by a capitalised name on the same line
        if self.kind(j) == Some(Kind::Alpha) && self.cap(j) && !self.toks[j].newline_before {
            let n = self.w(j);
            if self.lx.month(n).is_none() && self.lx.weekday(n).is_none() {
                return false;
            }
        }
        if self.lx.is_ambiguous(self.w(i)) && !TEMPORAL_PREPS.contains(&prev) {
            return false;
        }
        true
    }

    fn holiday(&self, i: usize) -> M {
        if !self.cap(i) {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        let mut j = i;
        let mut words = 0;
        while words < self.lx.holiday_max_words.max(1) && j < self.toks.len() {
            if self.apos(j) {
                key.push('\'');
                j += 1;
                continue;
            }
            if self.kind(j) != Some(Kind::Alpha) {
                break;
            }
            if j > i && !self.apos(j - 1) {
                key.push('_');
            }
            key.push_str(self.w(j));
            j += 1;
            words += 1;
            if let Some(r) = self.lx.holidays.get(&key) {
                best = Some((j, *r));
            }
        }
        let (e, rule) = best?;
        if self.blocked_after(e) {
            return None;
        }
        if let Some((e2, y)) = self.year_after(e) {
            return Some((e2, Sem::Holiday { rule, y: YearRef::Abs(y), dir: Dir::Infer }));
        }
        Some((e, Sem::Holiday { rule, y: YearRef::Infer, dir: Dir::Infer }))
    }

    /// today, tomorrow, yesterday (with a part of the day), tonight.
    fn today_words(&self, i: usize) -> M {
        let w = self.w(i);
        let n = match w {
            "today" => 0,
            "tomorrow" => 1,
            "yesterday" => -1,
            "tonight" => return Some((i + 1, Sem::Time { date: Some(Box::new(Sem::Rel { unit: Unit::Day, n: 0 })), tod: Tod::Part("NI") })),
            "the" if self.w(i + 1) == "day" && matches!(self.w(i + 2), "before" | "after") => {
                let k = if self.w(i + 2) == "before" { -2 } else { 2 };
                let want = if k < 0 { "yesterday" } else { "tomorrow" };
                if self.w(i + 3) == want {
                    return Some((i + 4, Sem::Rel { unit: Unit::Day, n: k }));
                }
                return None;
            }
            _ => return None,
        };
        if self.p(i + 1, "-") {
            return None; // "today-like"
        }
        let day = Sem::Rel { unit: Unit::Day, n };
        if let Some(p) = self.lx.part(self.w(i + 1)) {
            if !self.w(i + 1).ends_with('s') {
                return Some((i + 2, Sem::Time { date: Some(Box::new(day)), tod: Tod::Part(p) }));
            }
        }
        Some((i + 1, day))
    }

    // ---- reference words ----------------------------------------------------------------

    fn rel_word(&self, i: usize) -> M {
        let w = self.w(i);
        if w == "year" {
            let k = if self.p(i + 1, "-") { i + 2 } else if self.apos(i + 1) && self.w(i + 2) == "s" { i + 3 } else { i + 1 };
            if self.w(k) == "end" && !(self.p(k + 1, "-")) {
                return Some((k + 1, Sem::Rel { unit: Unit::Year, n: 0 }));
            }
        }
        if let Some(r) = self.lx.reference(w) {
            if self.p(i + 1, "-") && self.tight(i + 1) {
                return None; // "now-defunct"
            }
            return Some((i + 1, Sem::Ref(r)));
        }
        if w == "the" {
            let mut j = i + 1;
            if matches!(self.w(j), "near" | "distant" | "foreseeable" | "recent" | "immediate") {
                j += 1;
            }
            let r = match self.w(j) {
                "future" => "FUTURE_REF",
                "past" => "PAST_REF",
                "present" if !self.cap(j) && !self.adjective_use(j) => "PRESENT_REF",
                _ => return None,
            };
            return Some((j + 1, Sem::Ref(r)));
        }
        None
    }

    /// "present" before a lower-case noun is an adjective ("the present crisis").
    fn adjective_use(&self, j: usize) -> bool {
        self.kind(j + 1) == Some(Kind::Alpha) && !self.cap(j + 1) && !matches!(self.w(j + 1), "and" | "or" | "day" | "time")
    }

    // ---- "last week", "three years", "the third quarter", "a year ago" ---------------------

    fn det_unit(&self, i: usize) -> M {
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        let mut yref: Option<YearRef> = None;
        let mut det = "";
        if self.w(j) == "this" && self.w(j + 1) == "past" {
            j += 1; // "this past weekend"
        }
        let d0 = self.w(j);
        let ord_unit = self.ordinal(j).is_some() && matches!(self.w(j + 1), "quarter" | "half" | "-");
        if !ord_unit && matches!(
            d0,
            "last" | "next" | "this" | "past" | "coming" | "previous" | "following" | "current" | "latest"
                | "recent" | "that" | "these" | "those" | "first" | "final" | "same" | "upcoming" | "prior"
                | "preceding" | "remaining" | "initial" | "full" | "entire" | "whole" | "year-ago"
        ) {
            det = d0;
            j += 1;
        }
        // "this year's third quarter", "last year's"
        if matches!(det, "this" | "last" | "next") && self.w(j) == "year" && self.apos(j + 1) && self.w(j + 2) == "s" {
            let n = match det {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let k = j + 3;
            if !(self.ordinal(k).is_some() || matches!(self.w(k), "quarter" | "period" | "fiscal" | "half")) {
                // "last year's results": the year alone
                return Some((j + 1, Sem::Rel { unit: Unit::Year, n }));
            }
            yref = Some(YearRef::Rel(n));
            det = "";
            j = k;
        }
        // "year-earlier", "year-ago"
        if self.w(j) == "year" && self.p(j + 1, "-") && matches!(self.w(j + 2), "earlier" | "ago") && self.tight(j + 1) {
            let k = j + 3;
            if self.w(k) == "quarter" || self.w(k) == "period" || self.ordinal(k).is_some() || self.w(k) == "fiscal" {
                yref = Some(YearRef::Anaphoric(-1));
                j = k;
            } else if the || !det.is_empty() {
                return None; // "the year-ago results": the determiner goes with the noun
            } else {
                return Some((k, Sem::Shift { n: Some(1), unit: Unit::Year, sign: -1, anaphoric: false }));
            }
        }
        // "the 1988 third quarter", "the 1988 period"
        if yref.is_none() && det.is_empty() {
            if let Some(y) = self.digits(j, 4, 4) {
                if (1900..=2099).contains(&y) && (self.ordinal(j + 1).is_some() || matches!(self.w(j + 1), "fiscal" | "quarter" | "period")) {
                    yref = Some(YearRef::Abs(y as i32));
                    j += 1;
                    if self.w(j) == "period" {
                        return Some((j + 1, Sem::Year(YearRef::Abs(y as i32))));
                    }
                }
            }
        }
        if self.w(j) == "fiscal" {
            j += 1;
        }
        // ordinal quarters and halves: "the third quarter", "third-quarter", "fourth quarter of 1989"
        if let Some(o) = self.ordinal(j) {
            let mut k = j + 1;
            if self.p(k, "-") && self.tight(k) {
                k += 1;
            }
            if self.w(k) == "fiscal" {
                k += 1;
            }
            let unit = self.w(k);
            let hyphen = k > j + 1 && self.p(j + 1, "-");
            if hyphen && (the || !det.is_empty()) && yref.is_none() {
                return None;
            }
            if (unit == "quarter" && (1..=4).contains(&o)) || (unit == "half" && (1..=2).contains(&o)) {
                let mut e = k + 1;
                let mut y = yref.unwrap_or(match det {
                    "last" => YearRef::Rel(-1),
                    "next" => YearRef::Rel(1),
                    "this" | "current" => YearRef::Rel(0),
                    _ => YearRef::Infer,
                });
                if self.w(e) == "of" {
                    if let Some((e2, y2)) = self.year_ref(e + 1) {
                        y = y2;
                        e = e2;
                    }
                } else if let Some(y2) = self.year_at(e) {
                    y = YearRef::Abs(y2);
                    e += 1;
                }
                return Some((e, if unit == "quarter" { Sem::Quarter { y, q: o as u8 } } else { Sem::Half { y, h: o as u8 } }));
            }
        }
        // "Q3 2023", "3Q", "H1 2024", "FY2024"
        if self.kind(j) == Some(Kind::Mixed) {
            let w = self.w(j);
            if let Some(h) = w.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()).filter(|h| (1..=2).contains(h)) {
                if let Some(y) = self.year_at(j + 1) {
                    return Some((j + 2, Sem::Half { y: YearRef::Abs(y), h }));
                }
            }
            if let Some(n) = w.strip_prefix("fy").filter(|n| n.bytes().all(|b| b.is_ascii_digit())) {
                let y = match n.len() {
                    4 => n.parse::<i32>().ok(),
                    2 => n.parse::<u32>().ok().map(two_digit_year),
                    _ => None,
                };
                if let Some(y) = y {
                    return Some((j + 1, Sem::Year(YearRef::Abs(y))));
                }
            }
            let q = if let Some(n) = w.strip_prefix('q') { n.parse::<u8>().ok() } else { w.strip_suffix('q').and_then(|n| n.parse::<u8>().ok()) };
            if let Some(q) = q.filter(|q| (1..=4).contains(q)) {
                if let Some(y) = self.year_at(j + 1) {
                    return Some((j + 2, Sem::Quarter { y: YearRef::Abs(y), q }));
                }
                if self.raw(j).starts_with('Q') {
                    return Some((j + 1, Sem::Quarter { y: YearRef::Infer, q }));
                }
            }
        }
        let dir = match det {
            "last" | "past" | "previous" => Dir::Last,
            "next" | "coming" | "upcoming" | "following" => Dir::Next,
            "this" | "current" => Dir::This,
            _ => Dir::Infer,
        };
        // months, seasons, weekdays, holidays after a direction word
        if !det.is_empty() && !the && dir != Dir::Infer {
            if let Some((e, sem)) = self.named_after_det(j, dir) {
                return Some((e, sem));
            }
        }
        if det.is_empty() || the {
            if let Some(s) = self.lx.season(self.w(j)) {
                if let Some((e, y)) = self.season_year(j + 1) {
                    return Some((e, Sem::Season { y, s, dir: Dir::Infer }));
                }
                if the && self.w(j) != "fall" || (!the && self.w(j) != "fall" && TEMPORAL_PREPS.contains(&self.prev_w(j))) {
                    return Some((j + 1, Sem::Season { y: yref.unwrap_or(YearRef::Infer), s, dir: Dir::Infer }));
                }
                if the && self.w(j + 1) == "of" {
                    return None; // "the fall of the Wall"
                }
                if the {
                    return Some((j + 1, Sem::Season { y: yref.unwrap_or(YearRef::Infer), s, dir: Dir::Infer }));
                }
            }
        }
        if let Some(r) = self.fractional_duration(j) {
            return Some(r);
        }
        // a number, or none
        let (k, num, num_word) = match self.number(j) {
            Some((k, n)) if self.lx.unit(self.w(k)).is_some() || self.is_range(k) || (self.p(k, "-") && self.tight(k) && self.lx.unit(self.w(k + 1)).is_some()) => (k, Some(n), self.w(j)),
            _ => (j, None, ""),
        };
        // "two to three weeks", "12 to 18 months"
        let mut k = k;
        if num.is_some() && self.is_range(k) {
            if let Some((k2, _)) = self.number(k + 1) {
                k = k2;
            }
        }
        // "two-year", "23-year-old"
        let mut adjective = false;
        if num.is_some() && self.p(k, "-") && self.tight(k) && self.tight(k + 1) {
            k += 1;
            adjective = true;
        }
        if num.is_some() && !adjective && matches!(self.w(k), "trading" | "business" | "working" | "calendar" | "straight" | "consecutive" | "more" | "full" | "long" | "short" | "additional" | "extra") && self.lx.unit(self.w(k + 1)).is_some() {
            k += 1;
        }
        let uw = self.w(k);
        // "a quarter of the vote" is a fraction; "60 Minutes" and "This Week" are titles
        if uw.starts_with("quarter") && matches!(num_word, "a" | "an" | "one") {
            return None;
        }
        if self.cap(k) && k > i {
            return None; // a capitalised unit inside a phrase: a title ("This Week", "60 Minutes")
        }
        // "the latest period", "the year-earlier period": a reporting quarter
        if uw == "period" && num.is_none() && (det == "latest" || det == "comparable" || det == "year-ago" || matches!(yref, Some(YearRef::Anaphoric(_)) | Some(YearRef::Rel(_)))) {
            if det == "latest" {
                return Some((k + 1, Sem::Rel { unit: Unit::Quarter, n: -1 }));
            }
            return Some((k + 1, Sem::Quarter { y: yref.unwrap_or(YearRef::Anaphoric(-1)), q: 0 }));
        }
        let unit = self.lx.unit(uw)?;
        let plural = uw.ends_with('s') && uw.len() > 3 || uw == "centuries";
        let mut e = k + 1;
        if adjective {
            // "a 6-year-old" is an age; "the 30-day limit" keeps "the" out of the span
            if plural || (self.p(e, "-") && self.w(e + 1) == "old") || the || !det.is_empty() {
                return None;
            }
            let n = num.flatten();
            return Some((e, Sem::Duration(duration_value(n, unit))));
        }
        if unit == Unit::Quarter && yref.is_some() && num.is_none() {
            // "the year-earlier quarter", "this year's quarter"
            return Some((e, Sem::Quarter { y: yref.unwrap_or(YearRef::Infer), q: 0 }));
        }
        if unit == Unit::Weekend {
            return num.is_none().then_some((e, Sem::Weekend { dir }));
        }
        let post = self.w(e);
        match num {
            Some(n) => {
                // "a year" after an amount is a rate: "$5 million a year", "twice a week"
                if matches!(num_word, "a" | "an" | "per") && !plural && det.is_empty() && !the && post != "ago" && post != "earlier" && post != "later" {
                    let prev = self.prev_w(i);
                    let prev_k = if i > 0 { self.kind(i - 1) } else { None };
                    // an amount shortly before: "700 seats a week", "$5 million a year"
                    let amount_before = (1..=3).any(|b| i >= b && (self.kind(i - b) == Some(Kind::Digits) || self.lx.num(self.w(i - b)).is_some()));
                    if num_word == "per" || matches!(prev, "times" | "twice" | "once" | "thrice" | "million" | "billion" | "percent" | "cents" | "hours" | "days" | "miles") || prev_k == Some(Kind::Digits) || (i > 0 && self.p(i - 1, "%")) || amount_before {
                        return Some((e, Sem::Set(duration_value(Some(1), unit))));
                    }
                }
                if !the && det.is_empty() {
                    match post {
                        "ago" => return Some((e + 1, Sem::Shift { n, unit, sign: -1, anaphoric: false })),
                        "earlier" => return Some((e + 1, Sem::Shift { n, unit, sign: -1, anaphoric: !matches!(unit, Unit::Year | Unit::Decade | Unit::Century) })),
                        "later" => return Some((e, Sem::Duration(duration_value(n, unit)))),
                        "from" if self.w(e + 1) == "now" => return Some((e + 2, Sem::Shift { n, unit, sign: 1, anaphoric: false })),
                        "hence" => return Some((e + 1, Sem::Shift { n, unit, sign: 1, anaphoric: false })),
                        _ => {}
                    }
                }
                if matches!(det, "that" | "this" | "same") || post == "old" {
                    return None; // "52 years old" is an age
                }
                if post == "ahead" {
                    e += 1;
                }
                Some((e, Sem::Duration(duration_value(n, unit))))
            }
            None if plural => {
                match det {
                    "" if !the => {
                        if post == "ago" {
                            return Some((e + 1, Sem::Ref("PAST_REF")));
                        }
                        if matches!(self.prev_w(i), "those" | "these" | "of" | "the") || post == "old" || (i > 0 && self.kind(i - 1) == Some(Kind::Digits)) {
                            return None;
                        }
                        if self.cap(i) && i > 0 && !self.toks[i].newline_before && !matches!(self.raw(i - 1), "." | "!" | "?" | "\"" | "“") {
                            return None; // a capitalised plural inside a sentence is a name ("60 Minutes")
                        }
                        if !matches!(unit, Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Hour | Unit::Decade | Unit::Minute | Unit::Century) {
                            return None;
                        }
                        Some((e, Sem::Duration(duration_value(None, unit))))
                    }
                    "past" | "last" | "next" | "coming" | "recent" | "upcoming" | "previous" | "following" => {
                        if post == "ahead" {
                            e += 1;
                        }
                        Some((e, Sem::Duration(duration_value(None, unit))))
                    }
                    "" if the && post == "ahead" => Some((e + 1, Sem::Duration(duration_value(None, unit)))),
                    _ => None,
                }
            }
            None => {
                // singular unit, no number
                if unit == Unit::Quarter && (det.is_empty() || det == "latest" || det == "that" || det == "same") && (the || det == "that") {
                    if det == "latest" {
                        return Some((e, Sem::Rel { unit, n: -1 }));
                    }
                    return Some((e, Sem::Quarter { y: YearRef::Infer, q: 0 }));
                }
                let duration_reading = Some((e, Sem::Duration(duration_value(Some(1), unit))));
                match det {
                    "this" | "current" => Some((e, Sem::Rel { unit, n: 0 })),
                    "past" if matches!(unit, Unit::Decade | Unit::Century) => duration_reading,
                    "last" | "latest" | "past" => Some((e, Sem::Rel { unit, n: -1 })),
                    "next" if the && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year) => {
                        Some((e, Sem::Shift { n: Some(1), unit, sign: 1, anaphoric: true }))
                    }
                    "next" | "coming" | "upcoming" => Some((e, Sem::Rel { unit, n: 1 })),
                    "full" | "entire" | "whole" if unit == Unit::Year => Some((e, Sem::Rel { unit, n: 0 })),
                    "first" | "full" | "entire" | "whole" => duration_reading,
                    "previous" | "prior" | "preceding" => Some((e, Sem::Shift { n: Some(1), unit, sign: -1, anaphoric: true })),
                    "following" => Some((e, Sem::Shift { n: Some(1), unit, sign: 1, anaphoric: true })),
                    "that" | "same" => Some((e, Sem::Same(unit))),
                    "" if the => match unit {
                        Unit::Year => {
                            if matches!(self.prev_w(i), "for" | "over" | "throughout") {
                                duration_reading
                            } else {
                                Some((e, Sem::Rel { unit, n: 0 }))
                            }
                        }
                        Unit::Week | Unit::Month | Unit::Decade | Unit::Century => Some((e, Sem::Rel { unit, n: 0 })),
                        _ => None,
                    },
                    _ => None,
                }
            }
        }
    }

    /// "2.5 years", "two and a half years", "2 1/2 years", "half an hour", "a year and a half".
    fn fractional_duration(&self, j: usize) -> M {
        let half = |u: Unit| -> Option<String> {
            Some(match u {
                Unit::Year => "P6M".to_owned(),
                Unit::Hour => "PT30M".to_owned(),
                Unit::Day => "PT12H".to_owned(),
                Unit::Minute => "PT30S".to_owned(),
                Unit::Decade => "P5Y".to_owned(),
                Unit::Century => "P50Y".to_owned(),
                Unit::Month => "P2W".to_owned(),
                _ => return None,
            })
        };
        let plus_half = |n: u32, u: Unit| -> Option<String> {
            let whole = duration_value(Some(n), u);
            let h = half(u)?;
            // "P2Y" + "P6M" -> "P2Y6M"; "PT1H" + "PT30M" -> "PT1H30M"; "P1D" + "PT12H" -> "P1DT12H"
            Some(if whole.starts_with("PT") { format!("{}{}", whole, &h[2..]) } else { format!("{}{}", whole, &h[1..]) })
        };
        // "half an hour", "half a century"
        if self.w(j) == "half" && matches!(self.w(j + 1), "a" | "an") {
            let u = self.lx.unit(self.w(j + 2))?;
            return Some((j + 3, Sem::Duration(half(u)?)));
        }
        // "2.5 years"
        if let (Some(a), true) = (self.digits(j, 1, 3), self.p(j + 1, ".") && self.tight(j + 1) && self.tight(j + 2)) {
            let b = self.digits(j + 2, 1, 2)?;
            let u = self.lx.unit(self.w(j + 3))?;
            if b == 5 && self.raw(j + 2).len() == 1 {
                return Some((j + 4, Sem::Duration(plus_half(a, u)?)));
            }
            let v = duration_value(Some(a), u);
            let (head, letter) = v.split_at(v.len() - 1);
            return Some((j + 4, Sem::Duration(format!("{}.{}{}", head, self.raw(j + 2), letter))));
        }
        let (k, n) = self.number(j)?;
        let n = n?;
        // "2 1/2 years"
        if self.digits(k, 1, 1) == Some(1) && self.p(k + 1, "/") && self.digits(k + 2, 1, 1) == Some(2) {
            let u = self.lx.unit(self.w(k + 3))?;
            return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
        }
        // "two and a half years"
        if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
            let u = self.lx.unit(self.w(k + 3))?;
            return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
        }
        // "a year and a half"
        if let Some(u) = self.lx.unit(self.w(k)) {
            if self.w(k + 1) == "and" && self.w(k + 2) == "a" && self.w(k + 3) == "half" {
                return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
            }
        }
        None
    }

    fn is_range(&self, k: usize) -> bool {
        (matches!(self.w(k), "to" | "or") || (self.p(k, "-") && self.kind(k + 1) == Some(Kind::Digits))) && self.number(k + 1).is_some_and(|(e, _)| self.lx.unit(self.w(e)).is_some())
    }

    /// After "last"/"next"/"this": a month, season, weekday or holiday.
    fn named_after_det(&self, j: usize, dir: Dir) -> M {
        if let Some((e, m, _)) = self.month_at(j) {
            if self.day_num(e).is_none() {
                return Some((e, Sem::Month { y: YearRef::Infer, m, dir }));
            }
        }
        if let Some(s) = self.lx.season(self.w(j)) {
            return Some((j + 1, Sem::Season { y: YearRef::Infer, s, dir }));
        }
        if self.cap(j) {
            if let Some(wd) = self.lx.weekday(self.w(j)) {
                let sem = Sem::Weekday { wd, dir };
                if let Some(p) = self.lx.part(self.w(j + 1)) {
                    return Some((j + 2, Sem::Time { date: Some(Box::new(sem)), tod: Tod::Part(p) }));
                }
                return Some((j + 1, sem));
            }
        }
        if let Some((e, Sem::Holiday { rule, y, .. })) = self.holiday(j) {
            return Some((e, Sem::Holiday { rule, y, dir }));
        }
        // "last night", "this morning"
        if let Some(p) = self.lx.part(self.w(j)) {
            let n = match (dir, p) {
                (Dir::Last, "NI") | (Dir::Last, "EV") => -1,
                (Dir::This, _) => 0,
                _ => return None,
            };
            return Some((j + 1, Sem::Time { date: Some(Box::new(Sem::Rel { unit: Unit::Day, n })), tod: Tod::Part(p) }));
        }
        None
    }

    /// A year reference after "of": "1989", "this year", "next year", "fiscal 1990".
    fn year_ref(&self, i: usize) -> Option<(usize, YearRef)> {
        if let Some(y) = self.year_at(i) {
            return Some((i + 1, YearRef::Abs(y)));
        }
        if let Some((e, y)) = self.spelled_year(i) {
            return Some((e, YearRef::Abs(y)));
        }
        if self.w(i + 1) == "year" {
            let n = match self.w(i) {
                "this" => 0,
                "last" => -1,
                "next" => 1,
                _ => return None,
            };
            return Some((i + 2, YearRef::Rel(n)));
        }
        if self.w(i) == "fiscal" {
            if let Some((e, y)) = self.year_after(i + 1) {
                return Some((e, YearRef::Abs(y)));
            }
        }
        None
    }

    fn season_year(&self, i: usize) -> Option<(usize, YearRef)> {
        if self.w(i) == "of" {
            return self.year_ref(i + 1);
        }
        self.year_at(i).map(|y| (i + 1, YearRef::Abs(y)))
    }

    // ---- clock times --------------------------------------------------------------------

    /// "a.m.", "pm", "P.M": (next token, is pm).
    fn ampm(&self, i: usize) -> Option<(usize, bool)> {
        let w = self.w(i);
        if w == "am" || w == "pm" {
            let mut e = i + 1;
            if self.p(e, ".") && self.tight(e) && !self.ends_sentence(e) {
                e += 1;
            }
            return Some((e, w == "pm"));
        }
        if (w == "a" || w == "p") && self.p(i + 1, ".") && self.w(i + 2) == "m" && self.tight(i + 1) && self.tight(i + 2) {
            let mut e = i + 3;
            if self.p(e, ".") && self.tight(e) && (!self.ends_sentence(e) || self.zone_after(e + 1) > e + 1) {
                e += 1;
            }
            return Some((e, w == "p"));
        }
        None
    }

    /// The '.' at `i` also ends the sentence (followed by a capital, a line break or the end).
    fn ends_sentence(&self, i: usize) -> bool {
        match self.toks.get(i + 1) {
            None => true,
            Some(t) => t.newline_before || t.capital,
        }
    }

    fn clock(&self, i: usize) -> Option<(usize, Tod)> {
        let w = self.w(i);
        let (mut e, mut h, m) = match w {
            "noon" | "midday" => return Some((i + 1, Tod::Clock(12, 0))),
            "midnight" => return Some((i + 1, Tod::Clock(24, 0))),
            _ => {
                if let Some(hhmm) = self.digits(i, 4, 4) {
                    // "2000 GMT": a 24-hour clock time before a zone
                    let (h, m) = (hhmm / 100, hhmm % 100);
                    let e = self.zone_after(i + 1);
                    if e == i + 1 || h > 23 || m > 59 || self.raw(i).len() != 4 {
                        return None;
                    }
                    return Some((e, Tod::Clock(h as u8, m as u8)));
                }
                if let Some(h) = self.digits(i, 1, 2) {
                    if (self.p(i + 1, ":") || self.p(i + 1, ".")) && self.tight(i + 1) && self.tight(i + 2) && self.kind(i + 2) == Some(Kind::Mixed) {
                        // "2:30pm", "9.30am"
                        let w2 = self.w(i + 2);
                        let (mm, suf) = (w2.get(..2)?, w2.get(2..)?);
                        let mm: u32 = mm.parse().ok()?;
                        if !matches!(suf, "am" | "pm") || !(1..=12).contains(&h) || mm > 59 {
                            return None;
                        }
                        let h = if suf == "pm" && h < 12 { h + 12 } else if suf == "am" && h == 12 { 0 } else { h };
                        return Some((self.zone_after(i + 3), Tod::Clock(h as u8, mm as u8)));
                    }
                    if self.p(i + 1, ":") && self.tight(i + 1) && self.tight(i + 2) {
                        let m = self.digits(i + 2, 2, 2)?;
                        let mut e = i + 3;
                        if self.p(e, ":") && self.tight(e) && self.digits(e + 1, 2, 2).is_some() {
                            e += 2;
                        }
                        (e, h, m)
                    } else if self.p(i + 1, ".") && self.tight(i + 1) && self.digits(i + 2, 2, 2).is_some() && self.ampm(i + 3).is_some() {
                        (i + 3, h, self.digits(i + 2, 2, 2)?)
                    } else {
                        (i + 1, h, 99)
                    }
                } else if self.kind(i) == Some(Kind::Mixed) {
                    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    let suf = &w[d.len()..];
                    if !matches!(suf, "am" | "pm") || d.is_empty() || d.len() > 2 {
                        return None;
                    }
                    let h: u32 = d.parse().ok()?;
                    if !(1..=12).contains(&h) {
                        return None;
                    }
                    let h = if suf == "pm" && h < 12 { h + 12 } else if suf == "am" && h == 12 { 0 } else { h };
                    return Some((self.zone_after(i + 1), Tod::Clock(h as u8, 0)));
                } else {
                    return None;
                }
            }
        };
        if h > 24 || (m != 99 && m > 59) {
            return None;
        }
        if let Some((e2, pm)) = self.ampm(e) {
            if h > 12 || h == 0 {
                return None;
            }
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
            e = e2;
        } else if self.w(e) == "o" && self.apos(e + 1) && self.w(e + 2) == "clock" {
            e += 3;
        } else if self.w(e) == "in" && self.w(e + 1) == "the" && self.lx.part(self.w(e + 2)).is_some() && m == 99 {
            if self.w(e + 2) != "morning" && h < 12 {
                h += 12;
            }
            e += 3;
        } else if m == 99 {
            return None; // a bare number is not a time
        }
        let m = if m == 99 { 0 } else { m };
        Some((self.zone_after(e), Tod::Clock(h as u8, m as u8)))
    }

    /// Skips a time-zone abbreviation written in capitals right after a time ("EST").
    fn zone_after(&self, e: usize) -> usize {
        let r = self.raw(e);
        if self.kind(e) == Some(Kind::Alpha) && r.len() >= 2 && r.bytes().all(|b| b.is_ascii_uppercase()) && self.lx.zones.contains_key(self.w(e)) {
            return e + 1;
        }
        e
    }

    fn time_core(&self, i: usize) -> M {
        let (e, tod) = self.clock(i)?;
        Some((e, Sem::Time { date: None, tod }))
    }

    // ---- sets ---------------------------------------------------------------------------

    fn set_core(&self, i: usize) -> M {
        let w = self.w(i);
        if let Some(v) = self.lx.set(w) {
            if self.cap(i) && self.cap(i + 1) && !self.toks[i].newline_before {
                return None; // "Daily Mail"
            }
            return Some((i + 1, Sem::Set(v.to_owned())));
        }
        if w == "every" || w == "each" || w == "per" {
            let mut j = i + 1;
            if self.w(j) == "other" {
                j += 1;
            }
            let (k, n) = match self.number(j) {
                Some((k, Some(n))) if self.lx.unit(self.w(k)).is_some() && self.w(j) != "a" => (k, n),
                _ => (j, 1),
            };
            let n = if self.w(i + 1) == "other" { n * 2 } else { n };
            if let Some(u) = self.lx.unit(self.w(k)) {
                if u == Unit::Weekend {
                    return Some((k + 1, Sem::Set("XXXX-WXX-WE".to_owned())));
                }
                return Some((k + 1, Sem::Set(duration_value(Some(n), u))));
            }
            if let Some(wd) = self.lx.weekday(self.w(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-WXX-{}", wd))));
            }
            if let Some((e, m, _)) = self.month_at(j) {
                return Some((e, Sem::Set(format!("XXXX-{:02}", m))));
            }
            if let Some(p) = self.lx.part(self.w(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-XX-XXT{}", p))));
            }
            if let Some(s) = self.lx.season(self.w(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-{}", s))));
            }
            return None;
        }
        // "Mondays", "on Tuesday nights"
        if self.cap(i) {
            if let Some(stem) = w.strip_suffix('s') {
                if let Some(wd) = self.lx.weekday(stem) {
                    if let Some(p) = self.lx.part(self.w(i + 1)) {
                        return Some((i + 2, Sem::Set(format!("XXXX-WXX-{}T{}", wd, p))));
                    }
                    return Some((i + 1, Sem::Set(format!("XXXX-WXX-{}", wd))));
                }
            }
        }
        None
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

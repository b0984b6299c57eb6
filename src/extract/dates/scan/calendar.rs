//! Calendar dates for the scanner: ISO and slash dates, month-day and day-month with optional
//! year and weekday, months alone (not the verbs "may"/"march", not names like "April Ryan"),
//! weekdays (not "Sunday Times"), holidays (not "Good Friday Agreement"), today/yesterday/
//! tomorrow with a part of the day. It does not resolve years: that is `resolve`.

use crate::extract::dates::lexicon as lex;
use super::{two_digit_year, Scanner, M, TEMPORAL_PREPS};
use crate::extract::dates::lexicon::Unit;
use crate::extract::dates::resolve::{Dir, Sem, Tod, YearRef};
use crate::extract::dates::token::Kind;

impl<'a> Scanner<'a> {
    pub(super) fn iso(&self, i: usize) -> M {
        let y = self.digits(i, 4, 4)?;
        let sep = self.raw(i + 1);
        if !(sep == "-" || sep == "/") || !self.p(i + 1, sep) || !self.tight(i + 1) || !self.tight(i + 2) {
            return None;
        }
        let m = self.digits(i + 2, 1, 2)?;
        if !self.p(i + 3, sep) || !self.tight(i + 3) || !self.tight(i + 4) || !(1..=12).contains(&m) {
            return None;
        }
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

    pub(super) fn slash(&self, i: usize) -> M {
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
        let (m, d) = if sep == "." || self.dmy() || a > 12 { (b, a) } else { (a, b) };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some((i + 5, Sem::Day { y: YearRef::Abs(y), m: m as u8, d: d as u8 }))
    }

    /// A month name at `i` (capitalised; an abbreviation with its '.'): (next token, month, abbr).
    pub(super) fn month_at(&self, i: usize) -> Option<(usize, u8, bool)> {
        if !self.cap(i) {
            return None;
        }
        if let Some(m) = lex::month_in(self.lw(i)) {
            // "Feb." is fine, and so is "February."
            return Some((i + 1, m, false));
        }
        if let Some(m) = lex::month_abbr_in(self.lw(i)) {
            if self.p(i + 1, ".") && self.tight(i + 1) {
                return Some((i + 2, m, true));
            }
            return Some((i + 1, m, true));
        }
        None
    }

    /// A day number at `i`: "7", "7th".
    pub(super) fn day_num(&self, i: usize) -> Option<u32> {
        let d = match self.kind(i)? {
            Kind::Digits => self.digits(i, 1, 2)?,
            Kind::Mixed => self.ordinal(i)?,
            _ => return None,
        };
        (1..=31).contains(&d).then_some(d)
    }

    /// [Weekday[,]] month-day / day-month dates; a weekday alone; "Friday morning".
    pub(super) fn weekday_date(&self, i: usize) -> M {
        let (wd, mut j) = if self.cap(i) {
            if let Some(wd) = lex::weekday_in(self.lw(i)) {
                (wd, i + 1)
            } else if lex::weekday_abbr_in(self.lw(i)).is_some() {
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
        if let Some(p) = lex::part_in(self.lw(j)) {
            if !self.w(j).ends_with('s') {
                sem = Sem::Time { date: Some(Box::new(sem)), tod: Tod::Part(p) };
                j += 1;
            }
        }
        Some((j, sem))
    }

    pub(super) fn blocked_after(&self, j: usize) -> bool {
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
    pub(super) fn day_month(&self, i: usize) -> M {
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
    pub(super) fn rel_year_after(&self, i: usize) -> Option<(usize, YearRef)> {
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
    pub(super) fn month_alone_ok(&self, i: usize, j: usize) -> bool {
        let prev = self.prev_w(i);
        if self.lx.block_before.contains_key(prev) || (i > 0 && self.p(i - 1, ".") && self.lx.block_before.contains_key(self.w(i.saturating_sub(2)))) {
            return false;
        }
        if self.blocked_after(j) {
            return false;
        }
        // followed by a capitalised name on the same line
        if self.kind(j) == Some(Kind::Alpha)
            && self.cap(j)
            && !self.toks[j].newline_before
            && lex::month_in(self.lw(j)).is_none()
            && lex::weekday_in(self.lw(j)).is_none()
        {
            return false;
        }
        if self.lw(i).contains(&lex::Word::Ambiguous) && !TEMPORAL_PREPS.contains(&prev) {
            return false;
        }
        true
    }

    pub(super) fn holiday(&self, i: usize) -> M {
        // (a capitalised token is a word; every key built below starts with it and then a
        // separator or nothing, so only a listed first word can lead to a holiday)
        if !self.cap(i) || self.kind(i) != Some(Kind::Alpha) || !self.holiday_start(i) {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        let mut j = i;
        let mut words = 0;
        // The key joins words with '_' and keeps "'s" and abbreviation dots: "new_year's_day",
        // "presidents'_day", "st._patrick's_day".
        while words < self.lx.holiday_max_words.max(1) && j < self.toks.len() {
            if self.apos(j) || (self.p(j, ".") && self.tight(j) && j > i) {
                key.push(if self.apos(j) { '\'' } else { '.' });
                j += 1;
                continue;
            }
            if self.kind(j) != Some(Kind::Alpha) {
                break;
            }
            let glued = j > i && self.apos(j - 1) && self.w(j) == "s" && self.tight(j);
            if j > i && !glued {
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
    pub(super) fn today_words(&self, i: usize) -> M {
        let w = self.w(i);
        // "USA Today", "VOA Today": a capitalised word right after a name is part of it
        if self.cap(i) && i > 0 && self.cap(i - 1) && self.kind(i - 1) == Some(Kind::Alpha) && !self.toks[i].newline_before {
            return None;
        }
        let n = match w {
            "today" => 0,
            "tomorrow" => 1,
            "yesterday" => -1,
            "tonight" => return Some((i + 1, Sem::Time { date: Some(Box::new(Sem::Rel { unit: Unit::Day, n: 0 })), tod: Tod::Part("NI") })),
            // news reports the night just past
            "overnight" if !(self.p(i + 1, "-") || self.kind(i + 1) == Some(Kind::Alpha) && !self.cap(i + 1) && lex::unit_in(self.lw(i + 1)).is_none() && !matches!(self.w(i + 1), "and" | "as" | "after" | "before" | "in" | "on" | "at" | "to" | "from" | "with" | "by" | "when" | "while")) => {
                return Some((i + 1, Sem::Time { date: Some(Box::new(Sem::Rel { unit: Unit::Day, n: -1 })), tod: Tod::Part("NI") }));
            }
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
        if let Some(p) = lex::part_in(self.lw(i + 1)) {
            if !self.w(i + 1).ends_with('s') {
                return Some((i + 2, Sem::Time { date: Some(Box::new(day)), tod: Tod::Part(p) }));
            }
        }
        Some((i + 1, day))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn calendar_forms() {
        assert_eq!(found("On 2024-02-08 it rained.")[0].1, Sem::Day { y: YearRef::Abs(2024), m: 2, d: 8 });
        assert_eq!(found("It was Feb. 7th, 2024.")[0].1, Sem::Day { y: YearRef::Abs(2024), m: 2, d: 7 });
        assert_eq!(found("It was 7 February.")[0].1, Sem::Day { y: YearRef::Infer, m: 2, d: 7 });
        assert_eq!(found("Filed 02/07/2024.")[0].1, Sem::Day { y: YearRef::Abs(2024), m: 2, d: 7 });
        assert_eq!(spans("It was Tuesday, March 5, 2024."), vec!["Tuesday, March 5, 2024"]);
        assert_eq!(found("Prices peaked in July 1997.")[0].1, Sem::Month { y: YearRef::Abs(1997), m: 7, dir: Dir::Infer });
        assert_eq!(spans("He met her on Christmas Eve."), vec!["Christmas Eve"]);
        assert_eq!(spans("They spoke yesterday afternoon."), vec!["yesterday afternoon"]);
    }

    #[test]
    fn calendar_false_dates() {
        assert!(spans("Prices may fall.").is_empty());
        assert!(spans("Protesters march on the capital.").is_empty());
        assert!(spans("May God bless you.").is_empty());
        assert!(spans("The Sunday Times said so.").is_empty());
        assert!(spans("The Good Friday Agreement held.").is_empty());
        assert!(spans("Ms. April Ryan asked.").is_empty());
        assert!(spans("He met June Carter.").is_empty());
        assert_eq!(spans("Elections are due in May."), vec!["May"]);
    }
}

//! Numbers and years for the scanner: cardinals ("two", "twenty-four", "a couple of",
//! "several"), ordinals ("third", "3rd"), four-digit years with the guards that keep counts,
//! prices and addresses out ("2,400 people", "$1990", "1600 Pennsylvania Avenue"), spelled-out
//! years ("nineteen ninety-six"), decades, centuries and fiscal years. No relative expressions.

use crate::extract::dates::lexicon as lex;
use super::{two_digit_year, Scanner, M, TEMPORAL_PREPS};
use crate::extract::dates::resolve::{Sem, YearRef};
use crate::extract::dates::token::Kind;

impl<'a> Scanner<'a> {
    /// A cardinal at `i`: (next token, value; None for "several", "a few"). Worked out once
    /// per token (the patterns ask for the same token more than once) and kept in
    /// [`Scanner::numbers`].
    pub(super) fn number(&self, i: usize) -> Option<(usize, Option<u32>)> {
        let Some(memo) = self.numbers.get(i) else { return self.number_at(i) };
        if let Some(known) = memo.get() {
            return known;
        }
        let found = self.number_at(i);
        memo.set(Some(found));
        found
    }

    fn number_at(&self, i: usize) -> Option<(usize, Option<u32>)> {
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
                    if let Some(n) = lex::num_in(self.lw(i + 1)) {
                        if n >= 12 {
                            return Some((i + 2, Some(n))); // a dozen, a hundred
                        }
                    }
                    return Some((i + 1, Some(1)));
                }
                if w == "couple" && self.w(i + 1) == "of" {
                    return Some((i + 2, Some(2)));
                }
                if self.lw(i).contains(&lex::Word::Vague) {
                    return Some((i + 1, None));
                }
                let mut n = lex::num_in(self.lw(i))?;
                let mut j = i + 1;
                if (20..=90).contains(&n) && n % 10 == 0 {
                    let k = if self.p(j, "-") && self.tight(j) { j + 1 } else { j };
                    if let Some(u) = lex::num_in(self.lw(k)) {
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
    pub(super) fn ordinal(&self, i: usize) -> Option<u32> {
        match self.kind(i)? {
            Kind::Alpha => lex::ord_in(self.lw(i)),
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
    pub(super) fn year_at(&self, i: usize) -> Option<i32> {
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
    pub(super) fn year_after(&self, i: usize) -> Option<(usize, i32)> {
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
    pub(super) fn spelled_year(&self, i: usize) -> Option<(usize, i32)> {
        let first = lex::num_in(self.lw(i))?;
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
    pub(super) fn year_core(&self, i: usize) -> M {
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
                if self.w(j + 1) == "century" {
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
        if let Some(c) = lex::ord_in(self.lw(j)) {
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
            if (1100..=2099).contains(&y) && (TEMPORAL_PREPS.contains(&prev) || j > 0 && lex::month_in(self.lw(j - 1)).is_some()) && !self.lx.count_nouns.contains_key(self.w(e)) {
                return Some((e, Sem::Year(YearRef::Abs(y))));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn years_decades_centuries() {
        assert_eq!(found("The law passed in 1998.")[0].1, Sem::Year(YearRef::Abs(1998)));
        assert_eq!(found("Prices rose in the 1990s.")[0].1, Sem::Decade(199));
        assert_eq!(spans("Prices rose in the 1990s."), vec!["the 1990s"]);
        assert_eq!(found("Music of the '60s.")[0].1, Sem::Decade(196));
        assert_eq!(found("Built in the 19th century.")[0].1, Sem::Century(18));
        assert_eq!(found("The budget for fiscal 2024.")[0].1, Sem::Year(YearRef::Abs(2024)));
        assert_eq!(found("It ended in nineteen ninety-six.")[0].1, Sem::Year(YearRef::Abs(1996)));
        assert_eq!(spans("The 1990 budget passed."), vec!["1990"]);
    }

    #[test]
    fn numbers_that_are_not_years() {
        assert!(spans("The storm displaced 2,400 people.").is_empty());
        assert!(spans("The firm hired 2000 workers.").is_empty());
        assert!(spans("It cost $1990.").is_empty());
        assert!(spans("She lives at 1600 Pennsylvania Avenue.").is_empty());
        assert!(spans("Flight 2024 landed.").is_empty());
        assert!(spans("The diner sits on Route 66.").is_empty());
        assert!(spans("He scored 8 points.").is_empty());
        assert!(spans("The fund raised 100M.").is_empty());
        assert!(spans("He finished second.").is_empty());
    }
}

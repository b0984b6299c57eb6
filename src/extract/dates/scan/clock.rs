//! Clock times for the scanner: "14:05", "2 p.m.", "2:30pm", "noon", "midnight", "4 in the
//! morning", "2000 GMT", with a following zone abbreviation kept in the span. A bare number is
//! never a time. Dates around a time are joined to it by the scanner's driver, not here.

use crate::extract::dates::lexicon as lex;
use super::{Scanner, M};
use crate::extract::dates::resolve::{Sem, Tod};
use crate::extract::dates::token::Kind;

impl<'a> Scanner<'a> {
    /// "a.m.", "pm", "P.M": (next token, is pm).
    pub(super) fn ampm(&self, i: usize) -> Option<(usize, bool)> {
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
    pub(super) fn ends_sentence(&self, i: usize) -> bool {
        match self.toks.get(i + 1) {
            None => true,
            Some(t) => t.newline_before || t.capital,
        }
    }

    pub(super) fn clock(&self, i: usize) -> Option<(usize, Tod)> {
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
        } else if self.w(e) == "in" && self.w(e + 1) == "the" && lex::part_in(self.lw(e + 2)).is_some() && m == 99 {
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
    pub(super) fn zone_after(&self, e: usize) -> usize {
        let r = self.raw(e);
        if self.kind(e) == Some(Kind::Alpha) && r.len() >= 2 && r.bytes().all(|b| b.is_ascii_uppercase()) && self.lx.zones.contains_key(self.w(e)) {
            return e + 1;
        }
        e
    }

    pub(super) fn time_core(&self, i: usize) -> M {
        let (e, tod) = self.clock(i)?;
        Some((e, Sem::Time { date: None, tod }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn tod(text: &str) -> Option<Tod> {
        match found(text).into_iter().next()?.1 {
            Sem::Time { tod, .. } => Some(tod),
            _ => None,
        }
    }

    #[test]
    fn clock_forms() {
        assert_eq!(tod("Polls closed at 14:05."), Some(Tod::Clock(14, 5)));
        assert_eq!(tod("Polls closed at 2 p.m. sharp."), Some(Tod::Clock(14, 0)));
        assert_eq!(tod("It starts at 2:30pm."), Some(Tod::Clock(14, 30)));
        assert_eq!(tod("It starts at 12 a.m. sharp."), Some(Tod::Clock(0, 0)));
        assert_eq!(tod("Lunch at noon."), Some(Tod::Clock(12, 0)));
        assert_eq!(tod("It began at 4 in the afternoon."), Some(Tod::Clock(16, 0)));
        assert_eq!(spans("It began 10:30 a.m. EST on a cold day."), vec!["10:30 a.m. EST"]);
        assert_eq!(spans("It ends at 6 a.m. Then it rests."), vec!["6 a.m"]);
    }

    #[test]
    fn numbers_are_not_times() {
        assert!(spans("The score was 3 to 1.").is_empty());
        assert!(spans("He waited 8 minutes and 90 seconds").iter().all(|s| s != "8"));
        assert!(spans("Room 10 is free.").is_empty());
    }
}

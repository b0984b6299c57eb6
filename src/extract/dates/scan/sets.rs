//! Sets (recurring times) for the scanner: frequency adverbs ("daily", "annually"), "every"/
//! "each" with a unit, weekday, month, part of day or season, and plural weekdays ("Mondays").
//! Rates after an amount ("$5 million a year") are recognised with durations in `relative`.

use crate::extract::dates::lexicon as lex;
use super::{Scanner, M};
use crate::extract::dates::lexicon::Unit;
use crate::extract::dates::resolve::{duration_value, Sem};

impl<'a> Scanner<'a> {
    pub(super) fn set_core(&self, i: usize) -> M {
        let w = self.w(i);
        if let Some(v) = lex::set_in(self.lw(i)) {
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
                Some((k, Some(n))) if lex::unit_in(self.lw(k)).is_some() && self.w(j) != "a" => (k, n),
                _ => (j, 1),
            };
            let n = if self.w(i + 1) == "other" { n * 2 } else { n };
            if let Some(u) = lex::unit_in(self.lw(k)) {
                if u == Unit::Weekend {
                    return Some((k + 1, Sem::Set("XXXX-WXX-WE".to_owned())));
                }
                return Some((k + 1, Sem::Set(duration_value(Some(n), u))));
            }
            if let Some(wd) = lex::weekday_in(self.lw(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-WXX-{}", wd))));
            }
            if let Some((e, m, _)) = self.month_at(j) {
                return Some((e, Sem::Set(format!("XXXX-{:02}", m))));
            }
            if let Some(p) = lex::part_in(self.lw(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-XX-XXT{}", p))));
            }
            if let Some(s) = lex::season_in(self.lw(j)) {
                return Some((j + 1, Sem::Set(format!("XXXX-{}", s))));
            }
            return None;
        }
        // "Mondays", "on Tuesday nights"
        if self.cap(i) {
            if let Some(stem) = w.strip_suffix('s') {
                if let Some(wd) = self.lx.weekday(stem) {
                    if let Some(p) = lex::part_in(self.lw(i + 1)) {
                        return Some((i + 2, Sem::Set(format!("XXXX-WXX-{}T{}", wd, p))));
                    }
                    return Some((i + 1, Sem::Set(format!("XXXX-WXX-{}", wd))));
                }
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
    fn set_forms() {
        assert_eq!(found("It opens every Monday.")[0].1, Sem::Set("XXXX-WXX-1".into()));
        assert_eq!(found("It meets each month.")[0].1, Sem::Set("P1M".into()));
        assert_eq!(found("It is paid annually.")[0].1, Sem::Set("P1Y".into()));
        assert_eq!(found("He works Mondays.")[0].1, Sem::Set("XXXX-WXX-1".into()));
        assert_eq!(found("It earns $5 million a year.")[0].1, Sem::Set("P1Y".into()));
        assert_eq!(found("Every other week.")[0].1, Sem::Set("P2W".into()));
        assert!(spans("The Daily Mail ran it.").is_empty());
    }
}

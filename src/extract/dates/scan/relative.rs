//! Relative expressions and amounts of time for the scanner: reference words (now, recently,
//! the future), a determiner or direction word with a unit ("last week", "the past two
//! months", "the coming weeks"), quarters and halves ("the third quarter of 1989"), shifts
//! ("two days ago", "a year earlier"), durations ("three years", "2.5 years", "two-year").
//! Meaning only; values are computed in `resolve`.

use crate::extract::dates::lexicon as lex;
use super::{two_digit_year, Scanner, M, TEMPORAL_PREPS};
use crate::extract::dates::lexicon::Unit;
use crate::extract::dates::resolve::{duration_value, Dir, Sem, Tod, YearRef};
use crate::extract::dates::token::Kind;

impl<'a> Scanner<'a> {
    pub(super) fn rel_word(&self, i: usize) -> M {
        let w = self.w(i);
        if w == "year" {
            let k = if self.p(i + 1, "-") { i + 2 } else if self.apos(i + 1) && self.w(i + 2) == "s" { i + 3 } else { i + 1 };
            if self.w(k) == "end" && !(self.p(k + 1, "-")) {
                return Some((k + 1, Sem::Rel { unit: Unit::Year, n: 0 }));
            }
        }
        if let Some(r) = lex::reference_in(self.lw(i)) {
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
            // "the near term", "the short term", "the long term"
            if matches!(self.w(i + 1), "near" | "short" | "long") && self.w(i + 2) == "term" && !self.p(i + 3, "-") {
                return Some((i + 3, Sem::Ref("FUTURE_REF")));
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
    pub(super) fn adjective_use(&self, j: usize) -> bool {
        self.kind(j + 1) == Some(Kind::Alpha) && !self.cap(j + 1) && !matches!(self.w(j + 1), "and" | "or" | "day" | "time")
    }

    // ---- "last week", "three years", "the third quarter", "a year ago" ---------------------

    /// [`Scanner::det_unit`] can match at `i`: the token after an optional "the" is a word with
    /// digits, a unit, an ordinal, a number word ("two", "several") or a season, one of the few
    /// other words its patterns begin with, or a number, "a"/"an" or a determiner or direction
    /// word (the lexicon's [`lex::TokenEntry::det`]) that the next token can follow in them
    /// ([`Scanner::number_goes_on`], [`lex::TokenEntry::after_det`]). Every match needs one of
    /// these there: a plain word ("the company"), a count ("12,000 people") or a determiner
    /// before a plain word ("the final report") starts none.
    pub(super) fn det_can(&self, i: usize) -> bool {
        let t = if self.w(i) == "the" { i + 1 } else { i };
        match self.kind(t) {
            // a number's patterns go on to the next token (a unit, a range, "2.5", "1988 fiscal")
            Some(Kind::Digits) => self.number_goes_on(t + 1),
            Some(Kind::Mixed) => true,
            Some(Kind::Alpha) => {
                let w = self.w(t);
                let Some(e) = self.entry(t) else { return false };
                if matches!(w, "a" | "an") {
                    // "a year", "a couple of", "a few", "a dozen", "a 1/2"
                    let next = self.entry(t + 1);
                    return self.number_goes_on(t + 1)
                        || self.w(t + 1) == "couple"
                        || next.is_some_and(|n| n.meanings.iter().any(|m| matches!(m, lex::Word::Num(_) | lex::Word::Vague)));
                }
                if e.fam & lex::FAM_DET != 0 {
                    return true;
                }
                // a determiner takes the next token ("this past" the one after) as its unit,
                // number, ordinal or name
                e.det && (self.det_goes_on(t + 1) || (w == "this" && self.w(t + 1) == "past" && self.det_goes_on(t + 2)))
            }
            _ => false,
        }
    }

    /// Token `k` can follow a number in [`Scanner::det_unit`]'s patterns: a word the lexicon
    /// marks ([`lex::TokenEntry::after_number`]), a number ("2 1/2"), a word with digits ("the
    /// 1988 3rd quarter"), a hyphen ("two-year", "12-18 months") or a decimal point ("2.5").
    fn number_goes_on(&self, k: usize) -> bool {
        match self.kind(k) {
            Some(Kind::Alpha) => self.entry(k).is_some_and(|e| e.after_number),
            Some(Kind::Digits | Kind::Mixed) => true,
            Some(Kind::Punct) => self.p(k, "-") || (self.p(k, ".") && self.tight(k) && self.tight(k + 1)),
            None => false,
        }
    }

    /// Token `j` can follow a determiner in [`Scanner::det_unit`]'s patterns: a number or a
    /// word with digits, or a word the lexicon marks ([`lex::TokenEntry::after_det`]).
    fn det_goes_on(&self, j: usize) -> bool {
        match self.kind(j) {
            Some(Kind::Digits | Kind::Mixed) => true,
            Some(Kind::Alpha) => self.entry(j).is_some_and(|e| e.after_det),
            _ => false,
        }
    }

    pub(super) fn det_unit(&self, i: usize) -> M {
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
        if !ord_unit && self.entry(j).is_some_and(|e| e.det) {
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
            if let Some(s) = lex::season_in(self.lw(j)) {
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
            Some((k, n)) if lex::unit_in(self.lw(k)).is_some() || self.is_range(k) || (self.is_filler(k) && lex::unit_in(self.lw(k + 1)).is_some()) || (self.p(k, "-") && self.tight(k) && lex::unit_in(self.lw(k + 1)).is_some()) => (k, Some(n), self.w(j)),
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
        if num.is_some() && !adjective && self.is_filler(k) && lex::unit_in(self.lw(k + 1)).is_some() {
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
        let unit = lex::unit_in(self.lw(k))?;
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
                    let amount_before = (1..=3).any(|b| i >= b && (self.kind(i - b) == Some(Kind::Digits) || lex::num_in(self.lw(i - b)).is_some()));
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
                        if matches!(self.prev_w(i), "those" | "these" | "of" | "the" | "our" | "their" | "his" | "her" | "its" | "my" | "your" | "whose") || post == "old" || (i > 0 && self.kind(i - 1) == Some(Kind::Digits)) {
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
                    // "over the past decade": the ten years up to now
                    "past" if matches!(unit, Unit::Decade | Unit::Century | Unit::Millennium) => duration_reading,
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
    pub(super) fn fractional_duration(&self, j: usize) -> M {
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
            let u = lex::unit_in(self.lw(j + 2))?;
            return Some((j + 3, Sem::Duration(half(u)?)));
        }
        // "2.5 years"
        if let (Some(a), true) = (self.digits(j, 1, 3), self.p(j + 1, ".") && self.tight(j + 1) && self.tight(j + 2)) {
            let b = self.digits(j + 2, 1, 2)?;
            let u = lex::unit_in(self.lw(j + 3))?;
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
            let u = lex::unit_in(self.lw(k + 3))?;
            return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
        }
        // "two and a half years"
        if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
            let u = lex::unit_in(self.lw(k + 3))?;
            return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
        }
        // "a year and a half"
        if let Some(u) = lex::unit_in(self.lw(k)) {
            if self.w(k + 1) == "and" && self.w(k + 2) == "a" && self.w(k + 3) == "half" {
                return Some((k + 4, Sem::Duration(plus_half(n, u)?)));
            }
        }
        None
    }

    /// Words between a number and its unit: "eight trading days", "20 more years"
    /// (the `filler` list of `lexicon/timex_grammar.txt`).
    fn is_filler(&self, k: usize) -> bool {
        self.entry(k).is_some_and(|e| e.filler)
    }

    pub(super) fn is_range(&self, k: usize) -> bool {
        (matches!(self.w(k), "to" | "or") || (self.p(k, "-") && self.kind(k + 1) == Some(Kind::Digits))) && self.number(k + 1).is_some_and(|(e, _)| lex::unit_in(self.lw(e)).is_some())
    }

    /// After "last"/"next"/"this": a month, season, weekday or holiday.
    pub(super) fn named_after_det(&self, j: usize, dir: Dir) -> M {
        if let Some((e, m, _)) = self.month_at(j) {
            if self.day_num(e).is_none() {
                return Some((e, Sem::Month { y: YearRef::Infer, m, dir }));
            }
        }
        if let Some(s) = lex::season_in(self.lw(j)) {
            return Some((j + 1, Sem::Season { y: YearRef::Infer, s, dir }));
        }
        if self.cap(j) {
            if let Some(wd) = lex::weekday_in(self.lw(j)) {
                let sem = Sem::Weekday { wd, dir };
                if let Some(p) = lex::part_in(self.lw(j + 1)) {
                    return Some((j + 2, Sem::Time { date: Some(Box::new(sem)), tod: Tod::Part(p) }));
                }
                return Some((j + 1, sem));
            }
        }
        if let Some((e, Sem::Holiday { rule, y, .. })) = self.holiday(j) {
            return Some((e, Sem::Holiday { rule, y, dir }));
        }
        // "last night", "this morning"
        if let Some(p) = lex::part_in(self.lw(j)) {
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
    pub(super) fn year_ref(&self, i: usize) -> Option<(usize, YearRef)> {
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

    pub(super) fn season_year(&self, i: usize) -> Option<(usize, YearRef)> {
        if self.w(i) == "of" {
            return self.year_ref(i + 1);
        }
        self.year_at(i).map(|y| (i + 1, YearRef::Abs(y)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn relative_and_reference() {
        assert_eq!(found("They met last week.")[0].1, Sem::Rel { unit: Unit::Week, n: -1 });
        assert_eq!(found("It opens next month.")[0].1, Sem::Rel { unit: Unit::Month, n: 1 });
        assert_eq!(found("He left two days ago.")[0].1, Sem::Shift { n: Some(2), unit: Unit::Day, sign: -1, anaphoric: false });
        assert_eq!(found("Prices are now lower.")[0].1, Sem::Ref("PRESENT_REF"));
        assert_eq!(found("It may change in the future.")[0].1, Sem::Ref("FUTURE_REF"));
        assert_eq!(found("Profit rose in the third quarter.")[0].1, Sem::Quarter { y: YearRef::Infer, q: 3 });
        assert_eq!(found("Sales fell in the fourth quarter of 2022.")[0].1, Sem::Quarter { y: YearRef::Abs(2022), q: 4 });
        assert_eq!(found("They met last Friday.")[0].1, Sem::Weekday { wd: 5, dir: Dir::Last });
    }

    #[test]
    fn durations() {
        assert_eq!(found("He served three years.")[0].1, Sem::Duration("P3Y".into()));
        assert_eq!(found("It took several weeks.")[0].1, Sem::Duration("PXW".into()));
        assert_eq!(found("It lasted a decade.")[0].1, Sem::Duration("P10Y".into()));
        assert_eq!(found("A two-year deal.")[0].1, Sem::Duration("P2Y".into()));
        assert_eq!(spans("The 30-day limit ended."), vec!["30-day"]);
        assert_eq!(found("Over the past two months.")[0].1, Sem::Duration("P2M".into()));
        assert_eq!(found("It took 2.5 years.")[0].1, Sem::Duration("P2Y6M".into()));
        assert!(spans("A 6-year-old boy and a man, 52 years old.").is_empty());
        assert!(spans("He won a quarter of the vote.").is_empty());
        assert!(spans("She appeared on 60 Minutes.").is_empty());
    }
}

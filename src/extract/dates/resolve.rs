//! Normalisation: turns the meaning of a recognised expression ([`Sem`]) into a TIMEX3 type and
//! value, resolving relative and underspecified expressions against the anchor (publication
//! date), the tense of the sentence (is "Friday" behind or ahead) and the last date the article
//! mentioned (for anaphoric "a year earlier", "the quarter"). Calendar arithmetic is `jiff`'s.
//! It does not look at text: recognition is `scan`, tense cues are `tense`.

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use super::lexicon::{HolidayRule, Tense, Unit};
use crate::analysis::TimexType;

/// Which year a partial date belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    Abs(i32),
    /// Relative to the anchor's year (`this year` 0, `last year` -1).
    Rel(i32),
    /// Pick by tense and nearness to the anchor.
    Infer,
    /// Relative to the year of the last mentioned date ("the year-earlier quarter").
    Anaphoric(i32),
}

/// Direction words before a weekday, month, season or holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Infer,
    Last,
    This,
    Next,
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tod {
    Clock(u8, u8),
    /// Part of the day: MO, AF, EV, NI.
    Part(&'static str),
}

/// The meaning of a temporal expression before it is resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// A calendar day.
    Day { y: YearRef, m: u8, d: u8 },
    Month { y: YearRef, m: u8, dir: Dir },
    Year(YearRef),
    /// First three digits of the years of a decade (`199`).
    Decade(i32),
    /// First two digits of the years of a century (`19`).
    Century(i32),
    /// `q` 0: "the quarter", the last one mentioned.
    Quarter { y: YearRef, q: u8 },
    Half { y: YearRef, h: u8 },
    Season { y: YearRef, s: &'static str, dir: Dir },
    Weekday { wd: u8, dir: Dir },
    Holiday { rule: HolidayRule, y: YearRef, dir: Dir },
    /// The unit containing the anchor, shifted by `n` (today, last week, next year).
    Rel { unit: Unit, n: i32 },
    /// `n` units before (`sign` -1) or after the anchor, or the last mention when `anaphoric`
    /// ("two days ago", "a year earlier"); `n` None is vague ("years ago").
    Shift { n: Option<u32>, unit: Unit, sign: i32, anaphoric: bool },
    Weekend { dir: Dir },
    /// The same unit as the last mention ("that day", "the quarter").
    Same(Unit),
    Ref(&'static str),
    Duration(String),
    Set(String),
    Time { date: Option<Box<Sem>>, tod: Tod },
}

impl Sem {
    /// The year when the expression writes one out ("2023", "March 5, 2023", "fiscal 2024").
    pub fn written_year(&self) -> Option<i32> {
        match self {
            Sem::Year(YearRef::Abs(y))
            | Sem::Day { y: YearRef::Abs(y), .. }
            | Sem::Month { y: YearRef::Abs(y), .. }
            | Sem::Quarter { y: YearRef::Abs(y), .. }
            | Sem::Half { y: YearRef::Abs(y), .. }
            | Sem::Season { y: YearRef::Abs(y), .. } => Some(*y),
            Sem::Time { date: Some(d), .. } => d.written_year(),
            _ => None,
        }
    }

    /// [`resolve`] may read [`Ctx::tense`] for this meaning (the others never do, so the
    /// tagger need not work the tense out for them).
    pub fn uses_tense(&self) -> bool {
        !matches!(
            self,
            Sem::Ref(_) | Sem::Duration(_) | Sem::Set(_) | Sem::Year(_) | Sem::Decade(_) | Sem::Century(_) | Sem::Rel { .. } | Sem::Shift { .. }
        )
    }
}

/// The granularity and value of the last resolved date, for anaphora.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Last {
    Day(Date),
    Month(i32, u8),
    Quarter(i32, u8),
    Year(i32),
}

/// What the resolver knows at one expression.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub anchor: Option<Date>,
    pub tense: Option<Tense>,
    pub last: Option<Last>,
    /// The last mentioned date is close by (a few sentences back).
    pub last_near: bool,
    /// The last quarter mentioned in the article, if any.
    pub last_quarter: Option<(i32, u8)>,
    /// That quarter was mentioned a few sentences back at most.
    pub quarter_near: bool,
    /// A year written out earlier in the same sentence ("In 2023, ... on March 5").
    pub sentence_year: Option<i32>,
}

pub fn duration_value(n: Option<u32>, unit: Unit) -> String {
    let (time, letter, mult) = match unit {
        Unit::Year => (false, "Y", 1),
        Unit::Month => (false, "M", 1),
        Unit::Week => (false, "W", 1),
        Unit::Day => (false, "D", 1),
        Unit::Fortnight => (false, "W", 2),
        Unit::Hour => (true, "H", 1),
        Unit::Minute => (true, "M", 1),
        Unit::Second => (true, "S", 1),
        Unit::Decade => (false, "Y", 10),
        Unit::Century => (false, "Y", 100),
        Unit::Quarter => (false, "M", 3),
        Unit::Weekend => (false, "WE", 1),
        Unit::Millennium => (false, "Y", 1000),
    };
    let mut out = String::with_capacity(8);
    out.push_str(if time { "PT" } else { "P" });
    match n {
        Some(n) => push_padded(&mut out, i64::from(n.saturating_mul(mult)), 1),
        None => out.push('X'),
    }
    out.push_str(letter);
    out
}

/// Appends `n` in decimal, zero-padded to `width` characters (sign included), as
/// `format!("{:0width$}", n)` does, without the formatting machinery.
fn push_padded(out: &mut String, n: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut v = n.unsigned_abs();
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let sign = usize::from(n < 0);
    if n < 0 {
        out.push('-');
    }
    for _ in len + sign..width {
        out.push('0');
    }
    for &d in digits[..len].iter().rev() {
        out.push(char::from(d));
    }
}

/// `n` zero-padded to `width` ([`push_padded`]).
fn padded(n: impl Into<i64>, width: usize) -> String {
    let mut out = String::with_capacity(width.max(4));
    push_padded(&mut out, n.into(), width);
    out
}

/// "2024-02": a year and a month.
fn year_month(y: impl Into<i64>, m: impl Into<i64>) -> String {
    let mut out = String::with_capacity(7);
    push_padded(&mut out, y.into(), 4);
    out.push('-');
    push_padded(&mut out, m.into(), 2);
    out
}

fn fmt_day(d: Date) -> String {
    let mut out = String::with_capacity(10);
    push_padded(&mut out, i64::from(d.year()), 4);
    out.push('-');
    push_padded(&mut out, i64::from(d.month()), 2);
    out.push('-');
    push_padded(&mut out, i64::from(d.day()), 2);
    out
}

fn fmt_week(d: Date) -> String {
    let w = d.iso_week_date();
    let mut out = String::with_capacity(8);
    push_padded(&mut out, i64::from(w.year()), 4);
    out.push_str("-W");
    push_padded(&mut out, i64::from(w.week()), 2);
    out
}

fn year_of(y: YearRef, a: Option<Date>, last: Option<Last>) -> Option<i32> {
    match y {
        YearRef::Abs(y) => Some(y),
        YearRef::Rel(n) => a.map(|a| a.year() as i32 + n),
        YearRef::Anaphoric(n) => match last {
            Some(Last::Day(d)) => Some(d.year() as i32 + n),
            Some(Last::Month(y, _)) | Some(Last::Quarter(y, _)) | Some(Last::Year(y)) => Some(y + n),
            None => a.map(|a| a.year() as i32 + n),
        },
        YearRef::Infer => None,
    }
}

fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

fn weekday_of(n: u8) -> Weekday {
    match n {
        1 => Weekday::Monday,
        2 => Weekday::Tuesday,
        3 => Weekday::Wednesday,
        4 => Weekday::Thursday,
        5 => Weekday::Friday,
        6 => Weekday::Saturday,
        _ => Weekday::Sunday,
    }
}

pub fn holiday_in(rule: HolidayRule, y: i32) -> Option<Date> {
    match rule {
        HolidayRule::Fixed { month, day } => ymd(y, month, day),
        HolidayRule::Nth { month, weekday, nth, plus } => {
            let first = ymd(y, month, 1)?;
            let wd = weekday_of(weekday);
            let d = if nth == 0 {
                let last = first.last_of_month();
                let back = (last.weekday().to_monday_one_offset() - wd.to_monday_one_offset() + 7) % 7;
                last.checked_sub((back as i64).days()).ok()?
            } else {
                let fwd = (wd.to_monday_one_offset() - first.weekday().to_monday_one_offset() + 7) % 7;
                first.checked_add((fwd as i64 + 7 * (nth as i64 - 1)).days()).ok()?
            };
            d.checked_add((plus as i64).days()).ok()
        }
        HolidayRule::Easter(off) => {
            // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            ymd(y, month as u8, day as u8)?.checked_add((off as i64).days()).ok()
        }
    }
}

/// Picks the year for a day-of-year (given as a function of the year): for "last"/"next" the
/// occurrence strictly before/after the anchor; otherwise the occurrence nearest the anchor,
/// among those not clearly on the wrong side of it when the clause has a tense.
fn pick_year(a: Date, dir: Dir, tense: Option<Tense>, at: impl Fn(i32) -> Option<Date>) -> Option<Date> {
    let y = a.year() as i32;
    let this = at(y)?;
    match dir {
        Dir::This => return Some(this),
        Dir::Last => return Some(if this < a { this } else { at(y - 1)? }),
        Dir::Next => return Some(if this > a { this } else { at(y + 1)? }),
        Dir::Infer => {}
    }
    let dist = |d: Date| (d - a).get_days().abs();
    let cands = [at(y - 1), Some(this), at(y + 1)];
    let nearest = |ok: &dyn Fn(Date) -> bool| cands.iter().flatten().copied().filter(|d| ok(*d)).min_by_key(|d| dist(*d));
    // News looks back more than ahead: a reading ahead counts as a quarter farther away.
    let any = cands.iter().flatten().copied().min_by_key(|d| {
        let days = (*d - a).get_days();
        if days > 0 { days.saturating_mul(5) / 4 } else { -days }
    })?;
    let ahead = (any - a).get_days();
    // News mostly reports the past and says "will" for the future: a past-tense clause moves a
    // date back only when the nearest reading is well ahead; a future clause moves it forward
    // as soon as the nearest reading is clearly behind.
    let banded = match tense {
        Some(Tense::Past) if ahead > PAST_SLACK_DAYS => nearest(&|d| (d - a).get_days() <= 7),
        Some(Tense::Future) if ahead < -FUTURE_SLACK_DAYS => nearest(&|d| (a - d).get_days() <= 7),
        _ => None,
    };
    Some(match banded {
        Some(b) if dist(b) <= 330 => b,
        _ => any,
    })
}

/// How far ahead the nearest reading may be before a past-tense clause moves it back a year.
const PAST_SLACK_DAYS: i32 = 90;
/// How far behind the nearest reading may be before a future-tense clause moves it forward.
const FUTURE_SLACK_DAYS: i32 = 14;

fn quarter_of(d: Date) -> (i32, u8) {
    (d.year() as i32, ((d.month() - 1) / 3 + 1) as u8)
}

fn shift_quarter(y: i32, q: u8, n: i32) -> (i32, u8) {
    let idx = y * 4 + (q as i32 - 1) + n;
    (idx.div_euclid(4), (idx.rem_euclid(4) + 1) as u8)
}

fn season_month(s: &str) -> u8 {
    match s {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
}

/// The result of resolving: type, value, and the date to remember for anaphora.
pub struct Resolved {
    pub ty: TimexType,
    pub value: String,
    pub last: Option<Last>,
}

fn date(v: String, last: Option<Last>) -> Option<Resolved> {
    Some(Resolved { ty: TimexType::Date, value: v, last })
}

fn day(d: Date) -> Option<Resolved> {
    date(fmt_day(d), Some(Last::Day(d)))
}

/// Resolves `sem` in `ctx`. None when the expression cannot be given a value (it is dropped).
pub fn resolve(sem: &Sem, ctx: &Ctx) -> Option<Resolved> {
    let a = ctx.anchor;
    match sem {
        Sem::Ref(r) => date((*r).to_owned(), None),
        Sem::Duration(v) => Some(Resolved { ty: TimexType::Duration, value: v.clone(), last: None }),
        Sem::Set(v) => Some(Resolved { ty: TimexType::Set, value: v.clone(), last: None }),
        Sem::Day { y, m, d } => {
            let y = if *y == YearRef::Infer { ctx.sentence_year.map(YearRef::Abs).unwrap_or(*y) } else { *y };
            if let Some(y) = year_of(y, a, ctx.last) {
                return match ymd(y, *m, *d) {
                    Some(dt) => day(dt),
                    None => date(format!("{:04}-{:02}-{:02}", y, m, d), None),
                };
            }
            match a {
                Some(a) => day(pick_year(a, Dir::Infer, ctx.tense, |y| ymd(y, *m, *d))?),
                None => date(format!("XXXX-{:02}-{:02}", m, d), None),
            }
        }
        Sem::Month { y, m, dir } => {
            let y = if *y == YearRef::Infer && *dir == Dir::Infer { ctx.sentence_year.map(YearRef::Abs).unwrap_or(*y) } else { *y };
            let y = match (year_of(y, a, ctx.last), a) {
                (Some(y), _) => y,
                (None, Some(a)) => pick_year(a, *dir, ctx.tense, |y| ymd(y, *m, 1))?.year() as i32,
                (None, None) => return date(format!("XXXX-{:02}", m), None),
            };
            date(year_month(y, *m), Some(Last::Month(y, *m)))
        }
        Sem::Year(y) => match year_of(*y, a, ctx.last) {
            Some(y) => date(padded(y, 4), Some(Last::Year(y))),
            None => None,
        },
        Sem::Decade(d) => date(format!("{:03}", d), None),
        Sem::Century(c) => date(format!("{:02}", c), None),
        Sem::Quarter { y, q } => {
            let shifted = *q == 0 && *y != YearRef::Infer;
            let (yy, qq) = if *q == 0 {
                match (ctx.last_quarter, a) {
                    (Some((ly, lq)), _) => match y {
                        YearRef::Anaphoric(n) => (ly + n, lq),
                        YearRef::Rel(n) => (a.map(|a| a.year() as i32).unwrap_or(ly) + n, lq),
                        YearRef::Abs(y) => (*y, lq),
                        YearRef::Infer => (ly, lq),
                    },
                    (None, Some(a)) => {
                        let (y, q) = quarter_of(a);
                        shift_quarter(y, q, -1)
                    }
                    (None, None) => return None,
                }
            } else {
                match (year_of(*y, a, ctx.last), a) {
                    (Some(y), _) => (y, *q),
                    (None, Some(a)) => {
                        let (ay, aq) = quarter_of(a);
                        if *q <= aq || ctx.tense == Some(Tense::Future) {
                            (ay, *q)
                        } else {
                            (ay - 1, *q)
                        }
                    }
                    (None, None) => return date(format!("XXXX-Q{}", q), None),
                }
            };
            date(format!("{:04}-Q{}", yy, qq), if shifted { None } else { Some(Last::Quarter(yy, qq)) })
        }
        Sem::Half { y, h } => {
            let yy = match (year_of(*y, a, ctx.last), a) {
                (Some(y), _) => y,
                (None, Some(a)) => {
                    let ah = if a.month() <= 6 { 1 } else { 2 };
                    let ahead = ctx.tense == Some(Tense::Future);
                    if *h <= ah || ahead {
                        a.year() as i32
                    } else {
                        a.year() as i32 - 1
                    }
                }
                (None, None) => return date(format!("XXXX-H{}", h), None),
            };
            date(format!("{:04}-H{}", yy, h), Some(Last::Year(yy)))
        }
        Sem::Season { y, s, dir } => {
            let yy = match (year_of(*y, a, ctx.last), a) {
                (Some(y), _) => y,
                (None, Some(a)) => {
                    let m = season_month(s);
                    pick_year(a, *dir, ctx.tense, |y| ymd(y, m, 1))?.year() as i32
                }
                (None, None) => return date(format!("XXXX-{}", s), None),
            };
            date(format!("{:04}-{}", yy, s), Some(Last::Year(yy)))
        }
        Sem::Holiday { rule, y, dir } => {
            if let Some(y) = year_of(*y, a, ctx.last) {
                return day(holiday_in(*rule, y)?);
            }
            let a = a?;
            day(pick_year(a, *dir, ctx.tense, |y| holiday_in(*rule, y))?)
        }
        Sem::Weekday { wd, dir } => {
            let a = match a {
                Some(a) => a,
                None => return date(format!("XXXX-WXX-{}", wd), None),
            };
            let target = weekday_of(*wd).to_monday_one_offset() as i64;
            let cur = a.weekday().to_monday_one_offset() as i64;
            let back = (cur - target).rem_euclid(7); // days back to the last such day (0 = today)
            let fwd = (target - cur).rem_euclid(7);
            let off = match dir {
                Dir::Last => -(if back == 0 { 7 } else { back }),
                Dir::Next => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Dir::This => target - cur,
                Dir::Infer => match ctx.tense {
                    Some(Tense::Future) => fwd,
                    _ => -back,
                },
            };
            day(a.checked_add(off.days()).ok()?)
        }
        Sem::Weekend { dir } => {
            let a = a?;
            let cur = a.weekday().to_monday_one_offset() as i64; // Monday 1
            let this_week_sat = a.checked_add((6 - cur).days()).ok()?;
            let d = match dir {
                Dir::This => this_week_sat,
                Dir::Next => this_week_sat.checked_add(7.days()).ok()?,
                Dir::Last => this_week_sat.checked_sub(7.days()).ok()?,
                Dir::Infer => {
                    if ctx.tense == Some(Tense::Future) || cur >= 6 {
                        this_week_sat
                    } else {
                        this_week_sat.checked_sub(7.days()).ok()?
                    }
                }
            };
            date(format!("{}-WE", fmt_week(d)), None)
        }
        Sem::Rel { unit, n } => rel(a, *unit, *n),
        Sem::Same(unit) => match (unit, ctx.last) {
            (Unit::Day, Some(Last::Day(d))) => day(d),
            (Unit::Quarter, _) => resolve(&Sem::Quarter { y: YearRef::Infer, q: 0 }, ctx),
            (Unit::Year, Some(l)) => {
                let y = match l {
                    Last::Day(d) => d.year() as i32,
                    Last::Month(y, _) | Last::Quarter(y, _) | Last::Year(y) => y,
                };
                date(padded(y, 4), Some(Last::Year(y)))
            }
            (Unit::Month, Some(Last::Day(d))) => date(year_month(d.year(), d.month()), ctx.last),
            (Unit::Month, Some(Last::Month(y, m))) => date(year_month(y, m), ctx.last),
            _ => rel(a, *unit, 0),
        },
        Sem::Shift { n, unit, sign, anaphoric } => {
            let n = match n {
                Some(n) => *n as i32,
                None => {
                    return date(if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_owned(), None);
                }
            };
            let k = sign * n;
            // "a year earlier/ago" next to a quarter means the same quarter a year before.
            if *unit == Unit::Year && *sign < 0 && ctx.quarter_near {
                if let Some((y, q)) = ctx.last_quarter {
                    return date(format!("{:04}-Q{}", y + k, q), None);
                }
            }
            if *anaphoric {
                if let Some(l) = ctx.last {
                    return shift_last(l, *unit, k);
                }
            }
            // "a decade ago" is a year, ten years back
            match unit {
                Unit::Decade => rel(a, Unit::Year, 10 * k),
                Unit::Century => rel(a, Unit::Year, 100 * k),
                _ => rel(a, *unit, k),
            }
        }
        Sem::Time { date: d, tod } => {
            let base = match d {
                Some(s) => resolve(s, ctx)?.value,
                None => match (ctx.last, a) {
                    (Some(Last::Day(d)), _) if ctx.last_near => fmt_day(d),
                    (_, Some(a)) => fmt_day(a),
                    _ => "XXXX-XX-XX".to_owned(),
                },
            };
            if base.len() != 10 {
                return None;
            }
            let t = match tod {
                Tod::Clock(h, m) => format!("{}T{:02}:{:02}", base, h, m),
                Tod::Part(p) => format!("{}T{}", base, p),
            };
            Some(Resolved { ty: TimexType::Time, value: t, last: None })
        }
    }
}

fn shift_last(l: Last, unit: Unit, k: i32) -> Option<Resolved> {
    match (l, unit) {
        (Last::Day(d), Unit::Day) => day(d.checked_add((k as i64).days()).ok()?),
        (Last::Day(d), Unit::Week) => day(d.checked_add((7 * k as i64).days()).ok()?),
        (Last::Day(d), Unit::Month) => {
            let d = d.checked_add((k as i64).months()).ok()?;
            date(year_month(d.year(), d.month()), Some(Last::Month(d.year() as i32, d.month() as u8)))
        }
        (Last::Day(d), Unit::Year) => {
            let y = d.year() as i32 + k;
            date(padded(y, 4), Some(Last::Year(y)))
        }
        (Last::Month(y, m), Unit::Month) => {
            let idx = y * 12 + (m as i32 - 1) + k;
            let (y, m) = (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8);
            date(year_month(y, m), Some(Last::Month(y, m)))
        }
        (Last::Month(y, m), Unit::Year) => date(year_month(y + k, m), Some(Last::Month(y + k, m))),
        (Last::Quarter(y, q), Unit::Quarter) => {
            let (y, q) = shift_quarter(y, q, k);
            date(format!("{:04}-Q{}", y, q), Some(Last::Quarter(y, q)))
        }
        (Last::Quarter(y, q), Unit::Year) => date(format!("{:04}-Q{}", y + k, q), Some(Last::Quarter(y + k, q))),
        (Last::Year(y), Unit::Year) => date(padded(y + k, 4), Some(Last::Year(y + k))),
        (Last::Day(d), Unit::Decade) | (Last::Day(d), Unit::Century) => {
            let y = d.year() as i32 + k * if unit == Unit::Decade { 10 } else { 100 };
            date(padded(y, 4), Some(Last::Year(y)))
        }
        (Last::Month(y, _), _) | (Last::Quarter(y, _), _) | (Last::Year(y), _) => {
            let y = y + k * match unit {
                Unit::Decade => 10,
                Unit::Century => 100,
                _ => 0,
            };
            if y == 0 {
                return None;
            }
            date(padded(y, 4), Some(Last::Year(y)))
        }
        _ => None,
    }
}

/// The unit containing the anchor, shifted by `n` units, at that unit's granularity.
fn rel(a: Option<Date>, unit: Unit, n: i32) -> Option<Resolved> {
    let a = match a {
        Some(a) => a,
        None => {
            return date(
                match (unit, n) {
                    (_, 0) => "PRESENT_REF",
                    (_, k) if k < 0 => "PAST_REF",
                    _ => "FUTURE_REF",
                }
                .to_owned(),
                None,
            )
        }
    };
    let n64 = n as i64;
    match unit {
        Unit::Day => day(a.checked_add(n64.days()).ok()?),
        Unit::Week | Unit::Fortnight => {
            let d = a.checked_add((7 * n64).days()).ok()?;
            date(fmt_week(d), None)
        }
        Unit::Weekend => resolve(
            &Sem::Weekend { dir: if n < 0 { Dir::Last } else if n > 0 { Dir::Next } else { Dir::This } },
            &Ctx { anchor: Some(a), tense: None, last: None, last_near: false, last_quarter: None, quarter_near: false, sentence_year: None },
        ),
        Unit::Month => {
            let d = a.first_of_month().checked_add(n64.months()).ok()?;
            date(year_month(d.year(), d.month()), Some(Last::Month(d.year() as i32, d.month() as u8)))
        }
        Unit::Quarter => {
            let (y, q) = quarter_of(a);
            let (y, q) = shift_quarter(y, q, n);
            date(format!("{:04}-Q{}", y, q), Some(Last::Quarter(y, q)))
        }
        Unit::Year => {
            let y = a.year() as i32 + n;
            date(padded(y, 4), Some(Last::Year(y)))
        }
        Unit::Decade => date(format!("{:03}", (a.year() as i32).div_euclid(10) + n), None),
        Unit::Century => date(format!("{:02}", (a.year() as i32).div_euclid(100) + n), None),
        Unit::Millennium => date(format!("{}", (a.year() as i32).div_euclid(1000) + n), None),
        Unit::Hour | Unit::Minute | Unit::Second => {
            date(if n < 0 { "PAST_REF" } else if n > 0 { "FUTURE_REF" } else { "PRESENT_REF" }.to_owned(), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(a: &str, tense: Option<Tense>) -> Ctx {
        Ctx { anchor: Some(a.parse().unwrap()), tense, last: None, last_near: false, last_quarter: None, quarter_near: false, sentence_year: None }
    }
    fn val(s: Sem, c: &Ctx) -> String {
        resolve(&s, c).map(|r| r.value).unwrap_or_default()
    }

    #[test]
    fn padded_numbers_match_format() {
        for n in [0i64, 5, -5, 42, -42, 999, 1000, 2024, -2024, 12345, -123456, u32::MAX as i64 * 100] {
            for width in [1usize, 2, 4] {
                let mut s = String::new();
                push_padded(&mut s, n, width);
                assert_eq!(s, format!("{:0width$}", n, width = width), "{n} {width}");
            }
        }
        assert_eq!(year_month(2024, 2u8), "2024-02");
        assert_eq!(padded(-5i32, 4), "-005");
        assert_eq!(duration_value(Some(3), Unit::Year), "P3Y");
        assert_eq!(duration_value(None, Unit::Hour), "PTXH");
        assert_eq!(duration_value(Some(2), Unit::Decade), "P20Y");
    }

    #[test]
    fn meanings_that_use_no_tense_resolve_alike_in_every_tense() {
        let sems = [
            Sem::Ref("PAST_REF"),
            Sem::Duration("P2Y".into()),
            Sem::Set("P1W".into()),
            Sem::Year(YearRef::Abs(2023)),
            Sem::Year(YearRef::Rel(-1)),
            Sem::Decade(199),
            Sem::Century(20),
            Sem::Rel { unit: Unit::Week, n: -1 },
            Sem::Rel { unit: Unit::Quarter, n: 1 },
            Sem::Shift { n: Some(2), unit: Unit::Day, sign: -1, anaphoric: false },
            Sem::Shift { n: Some(1), unit: Unit::Year, sign: -1, anaphoric: true },
            Sem::Shift { n: None, unit: Unit::Month, sign: 1, anaphoric: false },
        ];
        for s in sems {
            assert!(!s.uses_tense(), "{s:?}");
            let none = val(s.clone(), &ctx("2024-02-08", None));
            assert_eq!(val(s.clone(), &ctx("2024-02-08", Some(Tense::Past))), none, "{s:?}");
            assert_eq!(val(s.clone(), &ctx("2024-02-08", Some(Tense::Future))), none, "{s:?}");
        }
        assert!(Sem::Weekday { wd: 5, dir: Dir::Infer }.uses_tense());
        assert!(Sem::Month { y: YearRef::Infer, m: 3, dir: Dir::Infer }.uses_tense());
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2013-03-23 is a Saturday.
        let past = ctx("2013-03-23", None);
        assert_eq!(val(Sem::Weekday { wd: 5, dir: Dir::Infer }, &past), "2013-03-22");
        let fut = ctx("2013-03-23", Some(Tense::Future));
        assert_eq!(val(Sem::Weekday { wd: 1, dir: Dir::Infer }, &fut), "2013-03-25");
        assert_eq!(val(Sem::Weekday { wd: 6, dir: Dir::Infer }, &past), "2013-03-23");
        assert_eq!(val(Sem::Weekday { wd: 6, dir: Dir::Last }, &past), "2013-03-16");
        assert_eq!(val(Sem::Weekday { wd: 1, dir: Dir::Next }, &past), "2013-03-25");
    }

    #[test]
    fn relative_units() {
        let c = ctx("1998-02-26", None);
        assert_eq!(val(Sem::Rel { unit: Unit::Week, n: -1 }, &c), "1998-W08");
        assert_eq!(val(Sem::Rel { unit: Unit::Month, n: -1 }, &c), "1998-01");
        assert_eq!(val(Sem::Rel { unit: Unit::Year, n: 1 }, &c), "1999");
        assert_eq!(val(Sem::Rel { unit: Unit::Quarter, n: -1 }, &c), "1997-Q4");
        assert_eq!(val(Sem::Rel { unit: Unit::Day, n: -1 }, &c), "1998-02-25");
        assert_eq!(val(Sem::Rel { unit: Unit::Decade, n: 0 }, &c), "199");
        assert_eq!(val(Sem::Shift { n: Some(2), unit: Unit::Day, sign: -1, anaphoric: false }, &c), "1998-02-24");
        assert_eq!(val(Sem::Shift { n: None, unit: Unit::Year, sign: -1, anaphoric: false }, &c), "PAST_REF");
    }

    #[test]
    fn quarters_and_anaphora() {
        let mut c = ctx("1989-10-31", None);
        assert_eq!(val(Sem::Quarter { y: YearRef::Infer, q: 3 }, &c), "1989-Q3");
        assert_eq!(val(Sem::Quarter { y: YearRef::Infer, q: 0 }, &c), "1989-Q3");
        c.last = Some(Last::Quarter(1989, 3));
        c.last_near = true;
        c.last_quarter = Some((1989, 3));
        c.quarter_near = true;
        assert_eq!(val(Sem::Shift { n: Some(1), unit: Unit::Year, sign: -1, anaphoric: true }, &c), "1988-Q3");
        let j = ctx("1998-01-08", None);
        assert_eq!(val(Sem::Quarter { y: YearRef::Infer, q: 4 }, &j), "1997-Q4");
    }

    #[test]
    fn months_seasons_holidays() {
        let c = ctx("1998-01-08", Some(Tense::Past));
        assert_eq!(val(Sem::Month { y: YearRef::Infer, m: 12, dir: Dir::Infer }, &c), "1997-12");
        assert_eq!(val(Sem::Season { y: YearRef::Infer, s: "FA", dir: Dir::Last }, &c), "1997-FA");
        assert_eq!(val(Sem::Day { y: YearRef::Infer, m: 12, d: 30 }, &c), "1997-12-30");
        let rule = HolidayRule::Nth { month: 11, weekday: 4, nth: 4, plus: 0 };
        assert_eq!(holiday_in(rule, 1999).map(fmt_day).as_deref(), Some("1999-11-25"));
        assert_eq!(holiday_in(HolidayRule::Easter(0), 2024).map(fmt_day).as_deref(), Some("2024-03-31"));
        assert_eq!(holiday_in(HolidayRule::Easter(-2), 1998).map(fmt_day).as_deref(), Some("1998-04-10"));
        let mem = HolidayRule::Nth { month: 5, weekday: 1, nth: 0, plus: 0 };
        assert_eq!(holiday_in(mem, 2024).map(fmt_day).as_deref(), Some("2024-05-27"));
        let election = HolidayRule::Nth { month: 11, weekday: 1, nth: 1, plus: 1 };
        assert_eq!(holiday_in(election, 1998).map(fmt_day).as_deref(), Some("1998-11-03"));
        assert_eq!(holiday_in(election, 2020).map(fmt_day).as_deref(), Some("2020-11-03"));
    }

    #[test]
    fn durations_format() {
        assert_eq!(duration_value(Some(3), Unit::Year), "P3Y");
        assert_eq!(duration_value(Some(1), Unit::Decade), "P10Y");
        assert_eq!(duration_value(None, Unit::Week), "PXW");
        assert_eq!(duration_value(Some(72), Unit::Hour), "PT72H");
        assert_eq!(duration_value(Some(2), Unit::Quarter), "P6M");
    }
}

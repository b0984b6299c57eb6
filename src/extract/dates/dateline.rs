//! Publication time: parses the `published_at` the input gives (RFC 3339 date-time or date),
//! or, when it is absent or unreadable, reads a dateline at the top of the body ("date
//! 2024-02-08 8 Feb. 14:05 (UTC+3 MSK)", "WASHINGTON, March 3 (Reuters) -", "Published 10:32
//! AM EST, Tue March 5, 2024", "Updated: 2019-05-02 08:00") with its zone or offset, and writes
//! it as RFC 3339. Only the first few hundred bytes are read, and only a line that looks like
//! a dateline counts (a cue word, or a place before the date and an agency or dash after it);
//! a dateline without a year gives no publication time rather than a guessed one. It does not
//! tag the body's dates.

use jiff::civil::{Date, Time};

use super::lexicon::Lexicon;
use super::resolve::{Sem, Tod, YearRef};
use super::scan::Scanner;
use super::token::{tokenize, Kind};
use super::{Anchor, AnchorSource};

/// How far into the body a dateline may be.
const HEAD: usize = 400;

/// Reads the given `published_at`; None when it is not RFC 3339 nor a date.
pub fn parse_given(g: &str) -> Option<Anchor> {
    let g = g.trim();
    // "2024-02-08 14:05:00+03:00": a space for the 'T' is common in feeds
    if g.len() > 10 && g.as_bytes().get(10) == Some(&b' ') {
        let t = format!("{}T{}", &g[..10], &g[11..]);
        if let Some(a) = parse_given(&t) {
            return Some(a);
        }
    }
    // RSS and e-mail dates: "Thu, 08 Feb 2024 14:05:00 +0300"
    if let Ok(z) = jiff::fmt::rfc2822::parse(g) {
        let dt = z.datetime();
        return Some(Anchor {
            rfc3339: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            source: AnchorSource::Input,
            date: Some(dt.date()),
            time: Some(dt.time()),
        });
    }
    if g.parse::<jiff::Timestamp>().is_ok() {
        let date: Date = g.get(..10)?.parse().ok()?;
        let time = g.get(11..19).and_then(|t| t.parse::<Time>().ok());
        return Some(Anchor { rfc3339: g.to_owned(), source: AnchorSource::Input, date: Some(date), time });
    }
    if let Ok(dt) = g.parse::<jiff::civil::DateTime>() {
        if g.len() > 10 {
            // a date-time without an offset: read as UTC, as the evaluation inputs do
            return Some(Anchor {
                rfc3339: format!("{}Z", dt.strftime("%Y-%m-%dT%H:%M:%S")),
                source: AnchorSource::Input,
                date: Some(dt.date()),
                time: Some(dt.time()),
            });
        }
    }
    if let Ok(d) = g.parse::<Date>() {
        return Some(Anchor { rfc3339: g.to_owned(), source: AnchorSource::Input, date: Some(d), time: None });
    }
    None
}

struct Found {
    y: Option<i32>,
    m: u8,
    d: u8,
    clock: Option<(u8, u8)>,
    /// Byte range of the line it is on (within the head).
    line: (usize, usize),
    rank: u8,
}

/// Year (if written), month, day and clock time of a recognised date.
type DayParts = (Option<i32>, u8, u8, Option<(u8, u8)>);

fn day_parts(sem: &Sem) -> Option<DayParts> {
    match sem {
        Sem::Day { y, m, d } if *d > 0 => {
            let y = match y {
                YearRef::Abs(y) => Some(*y),
                _ => None,
            };
            Some((y, *m, *d, None))
        }
        Sem::Time { date: Some(inner), tod: Tod::Clock(h, mi) } => {
            let (y, m, d, _) = day_parts(inner)?;
            Some((y, m, d, Some((*h, *mi))))
        }
        _ => None,
    }
}

/// Reads the publication time from a dateline at the top of the body.
pub fn from_text(lx: &Lexicon, body: &str) -> Option<Anchor> {
    let mut end = body.len().min(HEAD);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = &body[..end];
    let lower = head.to_ascii_lowercase();
    let toks = tokenize(head);
    let scanner = Scanner::new(lx, head, &lower, &toks);
    let exprs = scanner.scan();
    let mut best: Option<Found> = None;
    let mut loose_clock: Vec<(usize, (u8, u8), usize)> = Vec::new(); // (line start, clock, byte)
    for e in &exprs {
        let (Some(st), Some(last)) = (toks.get(e.start), toks.get(e.end.saturating_sub(1))) else { continue };
        let (s, eb) = (st.span.start, last.span.end);
        let ls = head[..s].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let le = head[s..].find('\n').map(|p| s + p).unwrap_or(head.len());
        if let Sem::Time { date: None, tod: Tod::Clock(h, m) } = e.sem {
            loose_clock.push((ls, (h, m), s));
            continue;
        }
        if let Some((_, _, _, Some(c))) = day_parts(&e.sem) {
            loose_clock.push((ls, c, s));
        }
        let Some((y, m, d, clock)) = day_parts(&e.sem) else { continue };
        let line = &lower[ls..le];
        let lead = line.trim_start();
        let rank = if lead.starts_with("published") || lead.starts_with("posted") || lead.starts_with("date") {
            0
        } else if lead.starts_with("updated") || lead.starts_with("last updated") {
            2
        } else {
            1
        };
        if eb > le {
            continue; // the expression runs over the line end: not a one-line dateline
        }
        if rank == 1 && !(place_prefix(&head[ls..s]) && dateline_tail(&head[eb..le])) {
            continue; // a date in running text, not a dateline
        }
        let f = Found { y, m, d, clock, line: (ls, le), rank };
        if best.as_ref().is_none_or(|b| f.rank < b.rank) {
            best = Some(f);
        }
    }
    let mut f = best?;
    if f.clock.is_none() {
        // a time on the same line, before or after the date ("Published 10:32 AM EST, ...")
        if let Some((_, c, _)) = loose_clock.iter().find(|(ls, _, _)| *ls == f.line.0) {
            f.clock = Some(*c);
        }
    }
    // A dateline without a year ("WASHINGTON, March 3 (Reuters)") cannot give a publication
    // time: guessing the year from the body is wrong too often.
    let y = f.y?;
    let date = Date::new(i16::try_from(y).ok()?, f.m as i8, f.d as i8).ok()?;
    let zone = zone_in(lx, &head[f.line.0..f.line.1]);
    let (rfc3339, time) = match f.clock {
        Some((h, m)) => {
            let h = if h == 24 { 0 } else { h };
            let t = Time::new(h as i8, m as i8, 0, 0).ok()?;
            let off = match zone {
                Some(0) | None => "Z".to_owned(),
                Some(o) => format!("{}{:02}:{:02}", if o < 0 { '-' } else { '+' }, o.abs() / 60, o.abs() % 60),
            };
            (format!("{}T{:02}:{:02}:00{}", fmt(date), h, m, off), Some(t))
        }
        None => (fmt(date), None),
    };
    Some(Anchor { rfc3339, source: AnchorSource::Text, date: Some(date), time })
}

/// What stands before a dateline's date: nothing, a place ("WASHINGTON,", "New York,") or a
/// by-line ending in a separator ("By Jane Doe |").
fn place_prefix(before: &str) -> bool {
    let t = before.trim();
    if t.is_empty() {
        return true;
    }
    if t.chars().count() > 60 {
        return false;
    }
    if t.ends_with('|') || t.ends_with('—') || t.ends_with('–') || t.ends_with("--") {
        return true;
    }
    let Some(place) = t.strip_suffix(',') else { return false };
    // every word of the place is capitalised ("NEW YORK", "Rio de Janeiro" is let through by
    // its first and last words)
    let words: Vec<&str> = place.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    !words.is_empty() && words.len() <= 6 && words.first().is_some_and(|w| cap(w)) && words.last().is_some_and(|w| cap(w))
}

/// What follows a dateline's date on its line: nothing, the agency "(Reuters)", a dash or bar.
fn dateline_tail(after: &str) -> bool {
    let t = after.trim_start();
    t.is_empty() || t.starts_with(['(', '-', '—', '–', '|', '/'])
}

fn fmt(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A zone on the dateline: "UTC+3", "GMT-05:30", "+05:30", or an abbreviation ("EST", "MSK").
/// An explicit offset wins over an abbreviation. Minutes east of UTC.
fn zone_in(lx: &Lexicon, line: &str) -> Option<i32> {
    let toks = tokenize(line);
    let txt = |i: usize| toks.get(i).map(|t| t.span.of(line)).unwrap_or("");
    let mut abbr = None;
    for i in 0..toks.len() {
        let w = txt(i);
        let sign = match w {
            "+" => 1,
            "-" | "−" => -1,
            _ => {
                if toks[i].kind == Kind::Alpha && w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()) && abbr.is_none() {
                    abbr = lx.zones.get(&w.to_ascii_lowercase()).copied();
                }
                continue;
            }
        };
        let prev = if i > 0 { txt(i - 1).to_ascii_lowercase() } else { String::new() };
        let explicit = prev == "utc" || prev == "gmt";
        let h = txt(i + 1);
        if toks.get(i + 1).is_none_or(|t| t.kind != Kind::Digits || t.space_before) || h.len() > 4 {
            continue;
        }
        let (hh, mm) = if h.len() == 4 {
            (h[..2].parse::<i32>().ok()?, h[2..].parse::<i32>().ok()?)
        } else if txt(i + 2) == ":" {
            (h.parse::<i32>().ok()?, txt(i + 3).parse::<i32>().unwrap_or(0))
        } else {
            (h.parse::<i32>().ok()?, 0)
        };
        let hh_mm = h.len() == 2 && txt(i + 2) == ":";
        if !explicit && !hh_mm && h.len() != 4 {
            continue; // "- 3" in running text is no offset
        }
        if hh <= 14 && mm < 60 {
            return Some(sign * (hh * 60 + mm));
        }
    }
    abbr
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pub_time(body: &str) -> Option<String> {
        from_text(&Lexicon::new(), body).map(|a| a.rfc3339)
    }

    #[test]
    fn given_forms() {
        let a = parse_given("2024-02-08T14:05:00+03:00").unwrap();
        assert_eq!(a.date.unwrap().to_string(), "2024-02-08");
        assert_eq!(a.rfc3339, "2024-02-08T14:05:00+03:00");
        assert_eq!(parse_given("2013-03-23").unwrap().date.unwrap().to_string(), "2013-03-23");
        assert_eq!(parse_given("1999-05-06T15:05:00").unwrap().rfc3339, "1999-05-06T15:05:00Z");
        assert!(parse_given("next Tuesday").is_none());
        assert_eq!(parse_given("Thu, 08 Feb 2024 14:05:00 +0300").unwrap().rfc3339, "2024-02-08T14:05:00+03:00");
        assert_eq!(parse_given("2024-02-08 14:05:00+03:00").unwrap().date.unwrap().to_string(), "2024-02-08");
    }

    #[test]
    fn datelines() {
        assert_eq!(pub_time(" date 2024-02-08 8 Feb. 14:05 (UTC+3 MSK)\n\nThe mission said so.").as_deref(), Some("2024-02-08T14:05:00+03:00"));
        assert_eq!(pub_time("Published 10:32 AM EST, Tue March 5, 2024\n\nText.").as_deref(), Some("2024-03-05T10:32:00-05:00"));
        assert_eq!(pub_time("Updated: 2019-05-02 08:00\n\nText.").as_deref(), Some("2019-05-02T08:00:00Z"));
        assert_eq!(pub_time("WASHINGTON, March 3, 2015 (Reuters) - The Senate voted.").as_deref(), Some("2015-03-03"));
        assert_eq!(pub_time("NEW YORK, Nov. 19, 2014 -- The mayor spoke.").as_deref(), Some("2014-11-19"));
        assert_eq!(pub_time("By Jane Doe | March 5, 2024\n\nText.").as_deref(), Some("2024-03-05"));
        // no year: no publication time rather than a guessed one
        assert_eq!(pub_time("WASHINGTON, March 3 (Reuters) - The Senate voted on a 2015 bill.").as_deref(), None);
        // dates in running text near the top are no datelines
        assert_eq!(pub_time("Headline here.\n\nIn an email dated Feb. 12, 2012 — months before — he warned.").as_deref(), None);
        assert_eq!(pub_time("A short line about a film due on Feb. 5, 2016.\n\nMore text.").as_deref(), None);
        assert_eq!(pub_time("Then came Dec. 14, 2012, and everything changed.").as_deref(), None);
        assert_eq!(pub_time("Posted 2021-06-01 09:15 +05:30\n\nText.").as_deref(), Some("2021-06-01T09:15:00+05:30"));
        // an expression that runs over a line end is no one-line dateline (and must not panic)
        assert_eq!(pub_time("PARIS, June 4\n9:15 a.m.\nThe minister arrived late.").as_deref(), None);
        assert_eq!(pub_time("The talks begin in May and last for weeks, officials said in a long statement that ran on and on and on, with no dateline at all in sight for anyone."), None);
    }
}

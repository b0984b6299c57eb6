//! What must hold of any analysis whatever the input: the contract's offset rules, references
//! between quotes and people, finite sentiment in range, JSON round trip, and output size
//! linear in the body. Shared by the hostile-input tests and the fuzz targets (`#[path]`
//! include). It checks shape, never whether an extraction is *right*; that is the evaluation's
//! job.

#![allow(dead_code)]

use quotewire::analysis::{Analysis, Sentiment};
use quotewire::Article;

/// The body as a vector of chars, so offsets can be checked in O(1) each.
pub struct Chars(Vec<char>);

impl Chars {
    pub fn new(body: &str) -> Chars {
        Chars(body.chars().collect())
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Checks `start <= end <= len` and, when given, that `text` is exactly those characters.
    pub fn check(&self, what: &str, start: usize, end: usize, text: Option<&str>) -> Result<(), String> {
        if start > end || end > self.0.len() {
            return Err(format!("{what}: span {start}..{end} is not within the body's {} chars", self.0.len()));
        }
        if let Some(t) = text {
            // compare without allocating the slice: lengths first, then char by char
            let mut it = t.chars();
            for (k, c) in self.0[start..end].iter().enumerate() {
                if it.next() != Some(*c) {
                    return Err(format!("{what}: text differs from body chars {start}..{end} at char {k}"));
                }
            }
            if it.next().is_some() {
                return Err(format!("{what}: text is longer than body chars {start}..{end}"));
            }
        }
        Ok(())
    }
}

fn check_sentiment(what: &str, s: &Sentiment) -> Result<(), String> {
    if !s.compound.is_finite() || !(-1.0..=1.0).contains(&s.compound) {
        return Err(format!("{what}: compound {} is not a finite number in [-1, 1]", s.compound));
    }
    Ok(())
}

/// Every structural invariant of `analysis` for `article`. Returns the first violation.
pub fn check_analysis(article: &Article, analysis: &Analysis) -> Result<(), String> {
    let chars = Chars::new(&article.body);
    if analysis.article_id != article.id {
        return Err("article_id differs from the input id".into());
    }
    if analysis.language.is_empty() {
        return Err("language is empty".into());
    }
    let person_ids: Vec<&str> = analysis.people.iter().map(|p| p.id.as_str()).collect();
    let mut last_start = 0usize;
    let mut counts = vec![0usize; analysis.people.len()];
    for (i, q) in analysis.quotes.iter().enumerate() {
        chars.check(&format!("quotes[{i}]"), q.start, q.end, Some(&q.text))?;
        if q.start < last_start {
            return Err(format!("quotes[{i}] starts at {} before the previous quote ({last_start}): not in text order", q.start));
        }
        last_start = q.start;
        if let Some(c) = &q.cue {
            chars.check(&format!("quotes[{i}].cue"), c.start, c.end, Some(&c.text))?;
        }
        if let Some(s) = &q.speaker {
            chars.check(&format!("quotes[{i}].speaker.mention"), s.mention_start, s.mention_end, Some(&s.mention))?;
            if let Some(pid) = &s.person {
                match person_ids.iter().position(|p| p == pid) {
                    Some(k) => counts[k] += 1,
                    None => return Err(format!("quotes[{i}].speaker.person {pid:?} is not in people")),
                }
            }
            if s.name.is_empty() {
                return Err(format!("quotes[{i}].speaker.name is empty"));
            }
        }
        check_sentiment(&format!("quotes[{i}].sentiment"), &q.sentiment)?;
    }
    for (k, p) in analysis.people.iter().enumerate() {
        if p.id != format!("p{}", k + 1) {
            return Err(format!("people[{k}].id is {:?}, expected p{}", p.id, k + 1));
        }
        if p.name.is_empty() {
            return Err(format!("people[{k}].name is empty"));
        }
        for (j, m) in p.mentions.iter().enumerate() {
            chars.check(&format!("people[{k}].mentions[{j}]"), m.start, m.end, None)?;
        }
        if p.quote_count != counts[k] {
            return Err(format!("people[{k}].quote_count is {} but {} quotes name it", p.quote_count, counts[k]));
        }
        check_sentiment(&format!("people[{k}].sentiment"), &p.sentiment)?;
    }
    for (i, d) in analysis.dates.iter().enumerate() {
        chars.check(&format!("dates[{i}]"), d.start, d.end, Some(&d.text))?;
        if d.value.is_empty() {
            return Err(format!("dates[{i}].value is empty"));
        }
    }
    check_sentiment("sentiment", &analysis.sentiment)?;
    Ok(())
}

/// The analysis serialises to one line of JSON that reads back to the same analysis; returns
/// the line's length. Catches NaN/infinite numbers (they do not survive JSON).
pub fn check_round_trip(analysis: &Analysis) -> Result<usize, String> {
    let line = serde_json::to_string(analysis).map_err(|e| format!("does not serialise: {e}"))?;
    if line.contains('\n') {
        return Err("serialised analysis spans more than one line".into());
    }
    let back: Analysis = serde_json::from_str(&line).map_err(|e| format!("does not read back: {e}"))?;
    if &back != analysis {
        return Err("analysis changes through a JSON round trip".into());
    }
    Ok(line.len())
}

/// Output bytes per body byte allowed (plus a constant): generous, but a quadratic output (e.g.
/// every nesting level of 100,000 nested quotes copying all the inner text) is far beyond it.
pub const OUTPUT_PER_BODY_BYTE: usize = 128;
pub const OUTPUT_CONSTANT: usize = 64 * 1024;

/// Bytes of the article's text fields (what the output may echo).
pub fn input_len(article: &Article) -> usize {
    let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
    article.id.len() + article.body.len() + opt(&article.title) + opt(&article.published_at) + opt(&article.language)
}

pub fn check_output_size(input_len: usize, json_len: usize) -> Result<(), String> {
    let limit = OUTPUT_PER_BODY_BYTE * input_len + OUTPUT_CONSTANT;
    if json_len > limit {
        return Err(format!("output is {json_len} bytes for a {input_len}-byte input (limit {limit}): not linear"));
    }
    Ok(())
}

/// The contract's strict rule for `published_at` in the output: absent, an RFC 3339 date-time
/// with offset, or a plain `YYYY-MM-DD` date. Garbage from the input must not be echoed.
pub fn check_published_at(analysis: &Analysis) -> Result<(), String> {
    let Some(p) = &analysis.published_at else { return Ok(()) };
    if p.parse::<jiff::Timestamp>().is_ok() || (p.len() == 10 && p.parse::<jiff::civil::Date>().is_ok()) {
        Ok(())
    } else {
        Err(format!("published_at {p:?} is neither an RFC 3339 date-time nor a date"))
    }
}

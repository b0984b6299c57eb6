//! Tests of the whole tagger: each family of expressions on short sentences written for these
//! tests, the false-date list, the example corpus in `tests/data/timex_examples.txt`, and a
//! golden check against the shared example article when it is present.

use super::*;

const EXAMPLES: &str = include_str!("../../../tests/data/timex_examples.txt");

fn tag_with(anchor: &str, body: &str) -> Vec<(String, String, String, Option<String>)> {
    let t = DateTagger::new();
    let doc = Document::new(body);
    let a = dateline::parse_given(anchor);
    t.tag(&doc, a.as_ref())
        .into_iter()
        .map(|d| {
            let ty = match d.timex_type {
                TimexType::Date => "DATE",
                TimexType::Time => "TIME",
                TimexType::Duration => "DURATION",
                TimexType::Set => "SET",
            };
            (d.span.of(body).to_owned(), ty.to_owned(), d.value, d.timex_mod)
        })
        .collect()
}

/// Runs the example corpus: `anchor | sentence with [[marked]] expressions | TYPE VALUE [MOD]; ...`
/// A sentence without marks must yield no expression at all.
#[test]
fn example_corpus() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (ln, line) in EXAMPLES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split(" | ").collect();
        let [anchor, marked, expected] = parts.as_slice() else {
            panic!("line {}: expected `anchor | sentence | values`", ln + 1);
        };
        let mut body = String::new();
        let mut spans = Vec::new();
        let mut rest = *marked;
        while let Some(s) = rest.find("[[") {
            body.push_str(&rest[..s]);
            let e = rest[s..].find("]]").map(|e| s + e).expect("unclosed [[");
            spans.push(rest[s + 2..e].to_owned());
            body.push_str(&rest[s + 2..e]);
            rest = &rest[e + 2..];
        }
        body.push_str(rest);
        let want: Vec<(String, String, String, Option<String>)> = if expected.trim() == "-" {
            Vec::new()
        } else {
            expected
                .split(';')
                .zip(spans.iter())
                .map(|(v, s)| {
                    let f: Vec<&str> = v.split_whitespace().collect();
                    (s.clone(), f[0].to_owned(), f[1].to_owned(), f.get(2).map(|m| (*m).to_owned()))
                })
                .collect()
        };
        let got = tag_with(anchor, &body);
        n += 1;
        if got != want {
            failures.push(format!("line {}: {}\n   want {:?}\n   got  {:?}", ln + 1, body, want, got));
        }
    }
    assert!(n > 50, "corpus too small");
    assert!(failures.is_empty(), "{} of {} examples fail:\n{}", failures.len(), n, failures.join("\n"));
}

#[test]
fn example_article_golden() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/example");
    let Ok(text) = std::fs::read_to_string(dir.join("example_article.jsonl")) else {
        eprintln!("note: ../shared/data/example absent; golden test skipped");
        return;
    };
    let line = text.lines().next().unwrap_or("");
    let v: serde_json::Value = serde_json::from_str(line).expect("example article is JSON");
    let body = v["body"].as_str().unwrap_or("");
    let t = DateTagger::new();
    let doc = Document::new(body);
    let a = t.publication_time(None, &doc).expect("dateline read");
    assert_eq!(a.rfc3339, "2024-02-08T14:05:00+03:00");
    assert_eq!(a.source, AnchorSource::Text);
    let got: Vec<(String, String)> =
        t.tag(&doc, Some(&a)).into_iter().map(|d| (d.span.of(body).to_owned(), d.value)).collect();
    let want = [
        ("2024-02-08", "2024-02-08"),
        ("8 Feb. 14:05", "2024-02-08T14:05"),
        ("February 7", "2024-02-07"),
        ("today", "2024-02-08"),
        ("Today", "2024-02-08"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(got, want);
}

#[test]
fn long_floods_stay_linear_and_bounded() {
    // A flood of numbers and day names: every token is looked at a bounded number of times.
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(if i % 3 == 0 { "Monday 8 " } else { "12 34 May " });
    }
    let found = tag_with("2020-01-01", &body);
    assert!(found.len() >= 6_000);
}

#[test]
fn never_panics_on_odd_text() {
    // Deterministic pseudo-random text over digits, marks, month and day names and multi-byte
    // letters: every byte offset the tagger reports must fall on a char boundary.
    const PIECES: &[&str] = &[
        "May", "march", "Feb.", "7th", "2024", "-", "/", ":", "'", "’", "s", "é", "日本", "😀", "30pm",
        "9", ".", ",", "a.m.", "the", "last", "year", "-ago", "Q3", "FY24", "(UTC+3", "MSK)", "\n\n",
        " ", " ", " ", "Monday", "night", "ago", "two", "-", "decades", "1990s", "GMT", "+05:30", "ﬁ",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let t = DateTagger::new();
    for _ in 0..300 {
        let mut body = String::new();
        for _ in 0..60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
            if x & 1 == 0 {
                body.push(' ');
            }
        }
        let doc = Document::new(&body);
        let a = t.publication_time(None, &doc).or_else(|| dateline::parse_given("2020-05-05"));
        for d in t.tag(&doc, a.as_ref()) {
            assert!(body.is_char_boundary(d.span.start) && body.is_char_boundary(d.span.end));
            assert!(d.span.start < d.span.end && d.span.end <= body.len());
        }
    }
}

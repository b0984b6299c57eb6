//! Development harness for the people stage alone: reads normalized quote gold (JSON Lines, the
//! format of `../shared/eval/score_quotes.py`), gives the gold quote and speaker-mention spans to
//! [`PeopleRules::resolve`] as if the quote finder had found them, and prints contract-shaped
//! analyses that `score_quotes.py score` reads. It measures speaker resolution apart from quote
//! finding: `cargo run --release --no-default-features --example people_oracle GOLD > out.jsonl`.

use std::io::{BufRead, Write};

use quotewire::analysis::QuoteKind;
use quotewire::extract::language::Language;
use quotewire::extract::people::PeopleRules;
use quotewire::extract::quotes::QuoteCandidate;
use quotewire::extract::text::{CharIndex, Document};
use quotewire::extract::Span;
use serde_json::{json, Value};

fn byte_of(text: &str, ch: usize) -> usize {
    text.char_indices().nth(ch).map(|(b, _)| b).unwrap_or(text.len())
}

fn span(text: &str, v: &Value) -> Option<Span> {
    let a = v.get(0)?.as_u64()? as usize;
    let b = v.get(1)?.as_u64()? as usize;
    Some(Span::new(byte_of(text, a), byte_of(text, b)))
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: people_oracle GOLD.jsonl"))?;
    let rules = PeopleRules::new();
    let lang = Language { tag: "en".into(), speakers_supported: true, detected: false };
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let a: Value = serde_json::from_str(&line?)?;
        let text = a["text"].as_str().unwrap_or("");
        let mut qs: Vec<QuoteCandidate> = a["quotes"]
            .as_array()
            .map(|v| v.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|q| {
                Some(QuoteCandidate {
                    span: span(text, &q["span"])?,
                    kind: if q["direct"].as_bool() == Some(true) { QuoteKind::Direct } else { QuoteKind::Indirect },
                    cue: None,
                    speaker: span(text, &q["speaker_span"]),
                    carryover: false,
                })
            })
            .collect();
        qs.sort_by_key(|q| q.span);
        let doc = Document::new(text);
        let r = rules.resolve(&doc, &qs, &lang);
        let idx = CharIndex::new(text);
        let mut counts = vec![0usize; r.persons.len()];
        let quotes: Vec<Value> = qs
            .iter()
            .zip(&r.speakers)
            .map(|(q, s)| {
                let speaker = match (s, q.speaker) {
                    (Some(s), Some(m)) => {
                        if let Some(p) = s.person {
                            counts[p] += 1;
                        }
                        json!({"name": s.name, "person": s.person.is_some(), "mention": m.of(text), "mention_start": idx.char_offset(m.start),
                               "mention_end": idx.char_offset(m.end), "resolution": format!("{:?}", s.resolution)})
                    }
                    _ => Value::Null,
                };
                json!({"start": idx.char_offset(q.span.start), "end": idx.char_offset(q.span.end),
                       "kind": if q.kind == QuoteKind::Direct {"direct"} else {"indirect"}, "speaker": speaker})
            })
            .collect();
        let people: Vec<Value> = r
            .persons
            .iter()
            .zip(&counts)
            .map(|(p, c)| json!({"name": p.name, "aliases": p.aliases, "titles": p.titles, "quote_count": c}))
            .collect();
        writeln!(out, "{}", json!({"article_id": a["id"], "quotes": quotes, "people": people}))?;
    }
    Ok(())
}

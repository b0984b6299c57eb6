//! Throughput of the date tagger alone (publication time + tagging), in bytes per second on
//! one core: a synthetic news text written for this bench (dense in dates, numbers and
//! false-date traps), and, when `../shared` is present, the TimeBank/AQUAINT dev texts read at
//! run time (never copied into the repository).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quotewire::extract::dates::DateTagger;
use quotewire::extract::text::Document;

const PARAGRAPHS: &[&str] = &[
    "WASHINGTON, March 3 (Reuters) - The Senate voted on Tuesday to extend the program for three years, officials said late last week.",
    "Profit rose 12% in the third quarter from a year earlier, and the company expects sales of $2,400 million in fiscal 2024.",
    "The talks, which began on Feb. 7th, will resume next month; a spokesman said a deal may come before the end of the year.",
    "Some 2,400 people marched on Route 66 at 2 p.m. EST, and the Sunday Times reported that Ms. April Ryan was there.",
    "Prices have risen every Monday for several weeks, and analysts now expect a decline in the coming weeks or early 2025.",
    "The bank, founded in 1990, paid a dividend of 8 cents a share daily; its shares traded at 100M on 02/07/2024 at 14:05.",
];

fn synthetic(target: usize) -> String {
    let mut s = String::with_capacity(target + 256);
    let mut i = 0;
    while s.len() < target {
        s.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        s.push_str("\n\n");
        i += 1;
    }
    s
}

fn tbaq_texts() -> Option<Vec<(String, String)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/timex/tbaq.jsonl");
    let text = std::fs::read_to_string(path).ok()?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        out.push((v["text"].as_str()?.to_owned(), v["published_at"].as_str()?.to_owned()));
    }
    Some(out)
}

fn bench(c: &mut Criterion) {
    let tagger = DateTagger::new();
    let mut g = c.benchmark_group("dates");
    let body = synthetic(1 << 20);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.sample_size(20);
    // The document layout (paragraphs, sentences) is the text stage's; built once, outside.
    let doc = Document::new(&body);
    g.bench_function("synthetic_1MiB", |b| {
        b.iter(|| {
            let a = tagger.publication_time(None, black_box(&doc));
            black_box(tagger.tag(&doc, a.as_ref()))
        })
    });
    // A flood of numbers and day names: every token is a candidate, none may cost more than
    // a bounded look-ahead.
    let mut flood = String::with_capacity(1 << 20);
    while flood.len() < 1 << 20 {
        flood.push_str("Monday 8 12 34 May 2,400 Friday 1990 the last ");
    }
    let flood_doc = Document::new(&flood);
    g.throughput(Throughput::Bytes(flood.len() as u64));
    g.bench_function("flood_1MiB", |b| b.iter(|| black_box(tagger.tag(black_box(&flood_doc), None))));
    match tbaq_texts() {
        Some(docs) => {
            let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
            let laid_out: Vec<(Document, &str)> = docs.iter().map(|(t, d)| (Document::new(t), d.as_str())).collect();
            g.throughput(Throughput::Bytes(bytes as u64));
            g.bench_function("tbaq_256_docs", |b| {
                b.iter(|| {
                    let mut n = 0;
                    for (doc, dct) in &laid_out {
                        let a = tagger.publication_time(Some(dct), doc);
                        n += tagger.tag(doc, a.as_ref()).len();
                    }
                    black_box(n)
                })
            });
        }
        None => eprintln!("note: ../shared/data/timex absent; tbaq bench skipped"),
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Speed of quote finding (text layout + quotes) on article-length texts and on one 1 MB
//! article, on one core. Throughput is reported per article and per byte; the 1 MB case shows
//! that time grows linearly with the text. The texts are generated here from sentences written
//! for this benchmark (no evaluation data).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quotewire::extract::language;
use quotewire::extract::quotes::QuoteRules;
use quotewire::extract::text::Document;
use std::hint::black_box;

const PARAGRAPHS: &[&str] = &[
    "“We will rebuild the harbour before winter,” Mayor Ann Holt said on Tuesday.",
    "The council said the plan would cost about $3.5 million, a spokesman for the city added.",
    "Critics called the proposal “a waste of money” and said the harbour could wait.",
    "“It is not over,” she told reporters, “and we will appeal the ruling.”",
    "According to the harbour master, the work “should start in March.”",
    "Residents of the old town, who have waited for years, welcomed the news.",
    "“The first part is simple. The second part is harder, because nobody knows the weather.",
    "“And the third part is up to the builders on the day,” the engineer, Tom Baker, said.",
    "Officials said the bridge had been closed since Monday, and warned that delays were likely.",
    "Don't expect the '90s prices again, Jones' column says — the so-called “reforms” failed.",
];

fn article(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        s.push_str("\n\n");
        i += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let rules = QuoteRules::new();
    let mut g = c.benchmark_group("quotes");
    for &size in &[4_000usize, 16_000, 1_000_000] {
        let text = article(size);
        g.throughput(Throughput::Bytes(text.len() as u64));
        if size >= 1_000_000 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::new("find", size), &text, |b, text| {
            b.iter(|| {
                let doc = Document::new(black_box(text));
                let lang = language::resolve(Some("en"), &doc);
                black_box(rules.find(&doc, &lang))
            })
        });
    }
    g.finish();
    let text = article(4_000);
    let mut g = c.benchmark_group("quotes_per_article");
    g.throughput(Throughput::Elements(1));
    g.bench_function("article_4kB", |b| {
        b.iter(|| {
            let doc = Document::new(black_box(&text));
            let lang = language::resolve(Some("en"), &doc);
            black_box(rules.find(&doc, &lang))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Throughput of the extraction, whole and per stage, over synthetic ~5 KB news articles
//! (`tests/common/news.rs`, varied by seed) and one 1 MiB article; articles/s
//! (`Throughput::Elements`) and MB/s (`Throughput::Bytes`). Also input parsing
//! (`Article::from_slice`), since the worker pays it for every message. When `../shared` is
//! present, `whole_news` also runs the 84 real news articles of the PolNeAR dev set (~4.9 KB
//! each), read at run time (nothing of them is copied into the repository); the synthetic
//! articles are denser in quotes and names than real news, so they cost more per article.
//!
//! Run (release profile; short times because the machine is shared):
//! `cargo bench --no-default-features --bench extract -- --warm-up-time 1 --measurement-time 3`
//!
//! The stage benches call each stage's public API in pipeline order with the previous stage's
//! output prepared outside the timed loop, so a stage's figure is its own cost. It measures
//! speed only; correctness is the tests' and the evaluation's job.

#[path = "../tests/common/news.rs"]
mod news;
#[path = "../tests/common/polnear.rs"]
mod polnear;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quotewire::extract::{dates, language, people, quotes, sentiment, text};
use quotewire::{Article, Extractor};

/// Articles per batch in the articles/s benches.
const BATCH: usize = 64;

fn make_article(id: usize, body: String, published_at: String) -> Article {
    Article::from_value(serde_json::json!({"id": format!("bench-{id}"), "body": body, "published_at": published_at}))
        .expect("a synthetic article is valid")
}

fn batch() -> Vec<Article> {
    (0..BATCH)
        .map(|i| {
            let (body, published) = news::article(i as u64);
            make_article(i, body, published)
        })
        .collect()
}

/// The PolNeAR dev articles (`../shared/data/quotes/polnear_dev.jsonl`), when present.
fn news_articles() -> Option<Vec<Article>> {
    let articles = polnear::dev_articles()?;
    Some(articles.into_iter().enumerate().map(|(i, (body, published))| make_article(i, body, published)).collect())
}

fn bytes_of(articles: &[Article]) -> u64 {
    articles.iter().map(|a| a.body.len() as u64).sum()
}

fn whole(c: &mut Criterion) {
    let ex = Extractor::new();
    let articles = batch();
    let bytes = bytes_of(&articles);
    eprintln!("batch: {BATCH} articles, {bytes} bytes of body, {} bytes each on average", bytes / BATCH as u64);

    let mut g = c.benchmark_group("whole");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("extract_5k_articles/articles", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(ex.extract(black_box(a)));
            }
        })
    });
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("extract_5k_articles/bytes", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(ex.extract(black_box(a)));
            }
        })
    });
    // input parsing and the CLI path (parse, extract, serialise) on the same articles
    let messages: Vec<Vec<u8>> = articles.iter().map(|a| serde_json::to_vec(a).expect("serialises")).collect();
    let msg_bytes: u64 = messages.iter().map(|m| m.len() as u64).sum();
    g.throughput(Throughput::Bytes(msg_bytes));
    g.bench_function("parse_article_messages", |b| {
        b.iter(|| {
            for m in &messages {
                black_box(Article::from_slice(black_box(m), quotewire::article::DEFAULT_MAX_BYTES).ok());
            }
        })
    });
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("cli_process_line/articles", |b| {
        b.iter(|| {
            for m in &messages {
                black_box(quotewire::batch::process_line(&ex, black_box(m), quotewire::article::DEFAULT_MAX_BYTES));
            }
        })
    });
    g.finish();

    match news_articles() {
        Some(news) => {
            let bytes = bytes_of(&news);
            eprintln!("news: {} articles, {bytes} bytes of body, {} bytes each on average", news.len(), bytes / news.len().max(1) as u64);
            let mut g = c.benchmark_group("whole_news");
            g.throughput(Throughput::Elements(news.len() as u64));
            g.bench_function("extract_polnear_dev/articles", |b| {
                b.iter(|| {
                    for a in &news {
                        black_box(ex.extract(black_box(a)));
                    }
                })
            });
            g.finish();
        }
        None => eprintln!("note: ../shared/data/quotes absent; whole_news bench skipped"),
    }

    // one 1 MiB article: many stories joined (paragraph structure of real text)
    let mut big = String::new();
    let mut i = 0u64;
    while big.len() < (1 << 20) - 8 * 1024 {
        let (body, _) = news::article(1000 + i);
        big.push_str(&body);
        big.push_str("\n\n");
        i += 1;
    }
    let big = make_article(0, big, "2024-02-08T14:05:00+03:00".into());
    let mut g = c.benchmark_group("whole_1mb");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.body.len() as u64));
    g.bench_with_input(BenchmarkId::new("extract", big.body.len()), &big, |b, a| b.iter(|| black_box(ex.extract(black_box(a)))));
    g.finish();
}

fn stages(c: &mut Criterion) {
    let articles = batch();
    let bytes = bytes_of(&articles);
    let quote_rules = quotes::QuoteRules::new();
    let people_rules = people::PeopleRules::new();
    let tagger = dates::DateTagger::new();
    let model = sentiment::SentimentModel::new();

    // outputs of earlier stages, prepared once
    let docs: Vec<text::Document> = articles.iter().map(|a| text::Document::new(&a.body)).collect();
    let langs: Vec<language::Language> =
        articles.iter().zip(&docs).map(|(a, d)| language::resolve(a.language.as_deref(), d)).collect();
    let found: Vec<Vec<quotes::QuoteCandidate>> = docs.iter().zip(&langs).map(|(d, l)| quote_rules.find(d, l)).collect();
    let resolved: Vec<people::Resolved> =
        docs.iter().zip(&found).zip(&langs).map(|((d, q), l)| people_rules.resolve(d, q, l)).collect();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("text_document", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(text::Document::new(black_box(&a.body)));
            }
        })
    });
    g.bench_function("text_char_index", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(text::CharIndex::new(black_box(&a.body)));
            }
        })
    });
    g.bench_function("language", |b| {
        b.iter(|| {
            for (a, d) in articles.iter().zip(&docs) {
                black_box(language::resolve(a.language.as_deref(), black_box(d)));
            }
        })
    });
    g.bench_function("dates_anchor_and_tag", |b| {
        b.iter(|| {
            for (a, d) in articles.iter().zip(&docs) {
                let anchor = tagger.publication_time(a.published_at.as_deref(), black_box(d));
                black_box(tagger.tag(d, anchor.as_ref()));
            }
        })
    });
    g.bench_function("quotes", |b| {
        b.iter(|| {
            for (d, l) in docs.iter().zip(&langs) {
                black_box(quote_rules.find(black_box(d), l));
            }
        })
    });
    g.bench_function("people", |b| {
        b.iter(|| {
            for ((d, q), l) in docs.iter().zip(&found).zip(&langs) {
                black_box(people_rules.resolve(black_box(d), q, l));
            }
        })
    });
    g.bench_function("sentiment_document_quotes_people", |b| {
        b.iter(|| {
            for ((d, q), r) in docs.iter().zip(&found).zip(&resolved) {
                let prepared = model.prepare(black_box(d));
                for c in q {
                    black_box(model.text(c.span.of(d.body)));
                }
                for p in &r.persons {
                    let spans: Vec<quotewire::extract::Span> = p.mentions.iter().map(|m| m.span).collect();
                    black_box(model.toward_prepared(&prepared, &spans));
                }
                black_box(model.document_prepared(&prepared));
            }
        })
    });
    g.finish();
}

fn config() -> Criterion {
    // Defaults for a shared 2-core machine; the command line (--warm-up-time, ...) overrides.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = whole, stages
}
criterion_main!(benches);

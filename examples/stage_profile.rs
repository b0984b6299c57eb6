//! Runs the extraction on the 64 synthetic ~5 KB articles of `benches/extract.rs`
//! (`tests/common/news.rs`), whole and stage by stage, each in its own `#[inline(never)]`
//! function, so that callgrind's inclusive instruction counts give each stage's deterministic
//! cost on the bench's input (criterion's wall-clock figures are noisy on a shared machine).
//! `stage_profile big` runs the 1 MiB article of the bench instead, and `stage_profile news`
//! the 84 real news articles of `../shared/data/quotes/polnear_dev.jsonl` (read at run time;
//! divide by 84). It checks nothing.
//!
//! ```sh
//! cargo build --release --no-default-features --example stage_profile
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out target/release/examples/stage_profile
//! callgrind_annotate --inclusive=yes /tmp/cg.out | grep stage_profile::
//! ```

#[path = "../tests/common/news.rs"]
mod news;
#[path = "../tests/common/polnear.rs"]
mod polnear;

use std::hint::black_box;

use quotewire::extract::{dates, language, people, quotes, sentiment, text};
use quotewire::{Article, Extractor};

fn make_article(id: usize, body: String, published_at: String) -> Article {
    Article::from_value(serde_json::json!({"id": format!("bench-{id}"), "body": body, "published_at": published_at}))
        .expect("a synthetic article is valid")
}

fn main() {
    let mode = std::env::args().nth(1);
    let big = mode.as_deref() == Some("big");
    let articles: Vec<Article> = if mode.as_deref() == Some("news") {
        polnear::dev_articles()
            .expect("../shared/data/quotes/polnear_dev.jsonl is readable and holds articles")
            .into_iter()
            .enumerate()
            .map(|(i, (body, published))| make_article(i, body, published))
            .collect()
    } else if big {
        let mut body = String::new();
        let mut i = 0u64;
        while body.len() < (1 << 20) - 8 * 1024 {
            let (b, _) = news::article(1000 + i);
            body.push_str(&b);
            body.push_str("\n\n");
            i += 1;
        }
        vec![make_article(0, body, "2024-02-08T14:05:00+03:00".into())]
    } else {
        (0..64)
            .map(|i| {
                let (body, published) = news::article(i as u64);
                make_article(i, body, published)
            })
            .collect()
    };
    let ex = Extractor::new();
    let quote_rules = quotes::QuoteRules::new();
    let people_rules = people::PeopleRules::new();
    let tagger = dates::DateTagger::new();
    let model = sentiment::SentimentModel::new();

    let n = run_whole(&ex, &articles);
    let messages: Vec<Vec<u8>> = articles.iter().map(|a| serde_json::to_vec(a).expect("serialises")).collect();
    let out = run_cli(&ex, &messages);

    let docs = run_text(&articles);
    run_char_index(&articles);
    let langs = run_language(&articles, &docs);
    run_dates(&tagger, &articles, &docs);
    let found = run_quotes(&quote_rules, &docs, &langs);
    let resolved = run_people(&people_rules, &docs, &found, &langs);
    run_sentiment(&model, &docs, &found, &resolved);
    println!("{} articles, {n} quotes, {out} bytes of output", articles.len());
}

#[inline(never)]
fn run_whole(ex: &Extractor, articles: &[Article]) -> usize {
    articles.iter().map(|a| black_box(ex.extract(black_box(a))).quotes.len()).sum()
}

#[inline(never)]
fn run_cli(ex: &Extractor, messages: &[Vec<u8>]) -> usize {
    messages
        .iter()
        .map(|m| black_box(quotewire::batch::process_line(ex, m, quotewire::article::DEFAULT_MAX_BYTES)).len())
        .sum()
}

#[inline(never)]
fn run_text(articles: &[Article]) -> Vec<text::Document<'_>> {
    articles.iter().map(|a| text::Document::new(black_box(&a.body))).collect()
}

#[inline(never)]
fn run_char_index(articles: &[Article]) {
    for a in articles {
        black_box(text::CharIndex::new(black_box(&a.body)));
    }
}

#[inline(never)]
fn run_language(articles: &[Article], docs: &[text::Document]) -> Vec<language::Language> {
    articles.iter().zip(docs).map(|(a, d)| language::resolve(a.language.as_deref(), black_box(d))).collect()
}

#[inline(never)]
fn run_dates(tagger: &dates::DateTagger, articles: &[Article], docs: &[text::Document]) {
    for (a, d) in articles.iter().zip(docs) {
        let anchor = tagger.publication_time(a.published_at.as_deref(), black_box(d));
        black_box(tagger.tag(d, anchor.as_ref()));
    }
}

#[inline(never)]
fn run_quotes(
    rules: &quotes::QuoteRules,
    docs: &[text::Document],
    langs: &[language::Language],
) -> Vec<Vec<quotes::QuoteCandidate>> {
    docs.iter().zip(langs).map(|(d, l)| rules.find(black_box(d), l)).collect()
}

#[inline(never)]
fn run_people(
    rules: &people::PeopleRules,
    docs: &[text::Document],
    found: &[Vec<quotes::QuoteCandidate>],
    langs: &[language::Language],
) -> Vec<people::Resolved> {
    docs.iter().zip(found).zip(langs).map(|((d, q), l)| rules.resolve(black_box(d), q, l)).collect()
}

#[inline(never)]
fn run_sentiment(
    model: &sentiment::SentimentModel,
    docs: &[text::Document],
    found: &[Vec<quotes::QuoteCandidate>],
    resolved: &[people::Resolved],
) {
    for ((d, q), r) in docs.iter().zip(found).zip(resolved) {
        black_box(model.document(black_box(d)));
        for c in q {
            black_box(model.text(c.span.of(d.body)));
        }
        for p in &r.persons {
            let spans: Vec<quotewire::extract::Span> = p.mentions.iter().map(|m| m.span).collect();
            black_box(model.toward(d, &spans));
        }
    }
}

//! Runs `Extractor::extract` once on one adversarial body shape of a given size, for measuring
//! the extraction under tools (`scripts/linearity` counts its instructions with callgrind).
//! `hostile list` prints the shape names; `hostile SHAPE BYTES` generates the body (outside the
//! measured function) and analyses it, printing the numbers of quotes, people and dates.
//! It checks nothing; the tests do.
//!
//! `cargo run --release --no-default-features --example hostile -- nested_curly 262144`

#[path = "../tests/common/adversarial.rs"]
mod adversarial;

use adversarial::Shape;
use quotewire::{Article, Extractor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("list") || args.is_empty() {
        for s in Shape::all() {
            println!("{}", s.name());
        }
        return;
    }
    let Some(shape) = Shape::all().into_iter().find(|s| s.name() == args[0]) else {
        eprintln!("unknown shape {:?}; `hostile list` prints them", args[0]);
        std::process::exit(2);
    };
    let bytes: usize = match args.get(1).map(|b| b.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: hostile SHAPE BYTES");
            std::process::exit(2);
        }
    };
    let body = shape.body(bytes, 42);
    let article = match Article::from_value(serde_json::json!({
        "id": "hostile", "body": body, "published_at": "2024-02-08T14:05:00+03:00"
    })) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let ex = Extractor::new();
    let analysis = run(&ex, &article);
    println!(
        "{} {} bytes: {} quotes, {} people, {} dates",
        shape.name(),
        article.body.len(),
        analysis.quotes.len(),
        analysis.people.len(),
        analysis.dates.len()
    );
}

/// The measured region (callgrind: `--toggle-collect=*hostile*run_extract*`).
#[inline(never)]
fn run(ex: &Extractor, article: &Article) -> quotewire::Analysis {
    run_extract(ex, article)
}

#[inline(never)]
fn run_extract(ex: &Extractor, article: &Article) -> quotewire::Analysis {
    std::hint::black_box(ex.extract(std::hint::black_box(article)))
}

//! Fuzz target `extract`: arbitrary bytes into the extraction, with the output invariants of
//! `tests/common/invariants.rs` (offsets within the body and equal to its characters, quotes in
//! text order, people references and quote counts, finite sentiment in [-1, 1], JSON round trip,
//! output size linear in the input) checked on every analysis. A violation panics, which
//! libFuzzer reports as a crash with the input saved under fuzz/artifacts/extract/.
//!
//! Each input is used twice: as a whole message (`Article::from_slice`, the worker's path), and,
//! since most mutated bytes are not a valid article, as a raw body (lossy UTF-8), so every input
//! reaches the extraction. In the raw view, text after the last U+001F (unit separator) becomes
//! `published_at`, so the date anchor is fuzzed too.

#![no_main]

#[path = "../../tests/common/invariants.rs"]
mod invariants;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quotewire::article::DEFAULT_MAX_BYTES;
use quotewire::{Article, Extractor};

fn extractor() -> &'static Extractor {
    // A harness-level cache (the library itself keeps no globals).
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::new)
}

fn check(article: &Article) {
    let analysis = extractor().extract(article);
    if let Err(e) = invariants::check_analysis(article, &analysis) {
        panic!("invariant broken: {e}");
    }
    match invariants::check_round_trip(&analysis) {
        Ok(len) => {
            if let Err(e) = invariants::check_output_size(invariants::input_len(article), len) {
                panic!("{e}");
            }
        }
        Err(e) => panic!("round trip: {e}"),
    }
    // determinism: a second run gives the same analysis
    assert!(extractor().extract(article) == analysis, "two runs differ");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = Article::from_slice(data, DEFAULT_MAX_BYTES) {
        check(&article);
    }
    let text = String::from_utf8_lossy(data);
    let (body, published_at) = match text.rfind('\u{1F}') {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (&text[..], None),
    };
    let article = Article::from_value(serde_json::json!({
        "id": "fuzz", "body": body, "published_at": published_at,
    }));
    if let Ok(article) = article {
        check(&article);
    }
});

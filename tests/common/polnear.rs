//! The real news articles of the PolNeAR dev set (`../shared/data/quotes/polnear_dev.jsonl`),
//! read at run time for benchmarks and profiles (nothing of them is copied into the
//! repository). It only reads bodies and publication times; it scores nothing.

#![allow(dead_code)]

/// Each article's `(body, published_at)`, or `None` when `../shared` is absent or a line does
/// not hold an article (`published_at` defaults to 2016-01-01, the corpus's years).
pub fn dev_articles() -> Option<Vec<(String, String)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/quotes/polnear_dev.jsonl");
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            let body = v["text"].as_str()?.to_owned();
            let published = v["published_at"].as_str().unwrap_or("2016-01-01").to_owned();
            Some((body, published))
        })
        .collect()
}

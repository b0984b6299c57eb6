//! Fuzz target `parse_article`: arbitrary bytes into `Article::from_slice`, the one place input
//! is validated. An accepted article has a non-blank id and survives a JSON round trip
//! unchanged; a rejection carries one of the contract's error codes, and an `invalid_utf8`
//! offset points exactly at the first bad byte; the CLI's error line for it is one line of JSON
//! with the same code. It does not run the extraction (the `extract` target does).

#![no_main]

use libfuzzer_sys::fuzz_target;
use quotewire::article::{InputError, DEFAULT_MAX_BYTES};
use quotewire::Article;

const CODES: &[&str] =
    &["too_large", "invalid_utf8", "invalid_json", "not_an_object", "missing_id", "missing_body", "invalid_field"];

fuzz_target!(|data: &[u8]| {
    // a small limit too, so the size check is exercised by short inputs
    let _ = Article::from_slice(data, data.len() / 2);
    match Article::from_slice(data, DEFAULT_MAX_BYTES) {
        Ok(article) => {
            assert!(!article.id.trim().is_empty(), "accepted a blank id");
            let json = serde_json::to_vec(&article).expect("an article serialises");
            let again = Article::from_slice(&json, usize::MAX).expect("a serialised article parses");
            assert_eq!(again, article, "round trip changed the article");
        }
        Err(e) => {
            assert!(CODES.contains(&e.code()), "unknown code {}", e.code());
            assert!(!e.to_string().is_empty());
            if let InputError::NotUtf8 { offset } = e {
                assert!(std::str::from_utf8(&data[..offset]).is_ok(), "bytes before the offset are not all valid");
                assert!(std::str::from_utf8(&data[..]).is_err());
            }
            let _ = Article::salvage_id(data);
            // the CLI's error line: no extraction happens for a rejected message
            static EX: std::sync::OnceLock<quotewire::Extractor> = std::sync::OnceLock::new();
            let line = quotewire::batch::process_line(EX.get_or_init(quotewire::Extractor::new), data, DEFAULT_MAX_BYTES);
            assert!(!line.contains('\n'), "error line spans lines");
            let v: serde_json::Value = serde_json::from_str(&line).expect("error line is JSON");
            assert_eq!(v.pointer("/error/code").and_then(|c| c.as_str()), Some(e.code()));
        }
    }
});

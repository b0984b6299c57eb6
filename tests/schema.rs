//! The JSON Schemas under `schema/` are the ones the Rust types generate (regenerate with
//! `QUOTEWIRE_UPDATE_SCHEMA=1 cargo test --test schema`), they are valid draft 2020-12 schemas,
//! and they say what the code does: analyses the extractor produces and the contract's own
//! example validate; the article schema accepts and rejects what `Article::from_slice` does.
#![cfg(feature = "schema")]

use std::path::PathBuf;

use quotewire::schema;
use serde_json::{json, Value};

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema")
}

fn validator(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_dir().join(file))
        .unwrap_or_else(|e| panic!("schema/{file}: {e}"));
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema/{file} is not JSON: {e}"));
    jsonschema::draft202012::meta::validate(&value)
        .unwrap_or_else(|e| panic!("schema/{file} is not a valid schema: {e}"));
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&value)
        .unwrap_or_else(|e| panic!("schema/{file}: {e}"))
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_match_the_rust_types() {
    let update = std::env::var_os("QUOTEWIRE_UPDATE_SCHEMA").is_some_and(|v| v == "1");
    let mut drift = Vec::new();
    for (file, value) in schema::all() {
        let path = schema_dir().join(file);
        let want = schema::to_file_text(&value);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if update {
                std::fs::create_dir_all(schema_dir()).expect("create schema/");
                std::fs::write(&path, want)
                    .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
                eprintln!("rewrote schema/{file}");
            } else {
                drift.push(file);
            }
        }
    }
    assert!(
        drift.is_empty(),
        "schema/{drift:?} differ from what the Rust types generate; if the change is intended, run \
         `QUOTEWIRE_UPDATE_SCHEMA=1 cargo test --test schema` and commit the result"
    );
}

#[test]
fn extractor_output_validates_as_analysis_and_as_event_data() {
    let analysis_schema = validator("analysis.schema.json");
    let event_schema = validator("event.schema.json");
    let extractor = quotewire::Extractor::new();
    let articles = [
        json!({"id": "s-1", "body": "\u{201c}We will open the bridge on Friday,\u{201d} the mayor, Ana Ruiz, said on Tuesday.\n\nShe said that the cost had doubled since 2021.", "published_at": "2025-03-04"}),
        json!({"id": "s-2", "text": "Nothing was said today.", "language": "en", "published_at": "2025-03-04T09:30:00+01:00"}),
        json!({"id": "s-3", "body": ""}),
    ];
    for a in &articles {
        let article = quotewire::Article::from_value(a.clone()).expect("a valid article");
        let analysis =
            serde_json::to_value(extractor.extract(&article)).expect("analysis serializes");
        let errs = errors(&analysis_schema, &analysis);
        assert!(errs.is_empty(), "{}: {errs:#?}\n{analysis:#}", article.id);
        let event = json!({
            "specversion": "1.0",
            "id": format!("{}:{}", article.id, quotewire::analysis::EXTRACTOR_VERSION),
            "type": "io.quotewire.article.analyzed.v1",
            "source": "urn:quotewire:worker",
            "subject": article.id,
            "time": "2025-03-04T10:00:00.123456Z",
            "datacontenttype": "application/json",
            "dataschema": schema::ANALYSIS_ID,
            "data": analysis,
        });
        let errs = errors(&event_schema, &event);
        assert!(errs.is_empty(), "event of {}: {errs:#?}", article.id);
    }
}

#[test]
fn schemas_reject_what_the_contract_forbids() {
    let analysis_schema = validator("analysis.schema.json");
    let event_schema = validator("event.schema.json");
    let good = json!({
        "article_id": "a", "published_at": null, "language": "en",
        "quotes": [{"text": "\u{201c}Yes,\u{201d}", "start": 0, "end": 6, "kind": "direct",
                    "speaker": null, "cue": null, "sentiment": {"compound": 0.4, "label": "positive"}}],
        "people": [], "dates": [{"text": "today", "start": 10, "end": 15, "type": "DATE", "value": "2025-03-04"}],
        "sentiment": {"compound": 0.0, "label": "neutral"}
    });
    assert!(
        errors(&analysis_schema, &good).is_empty(),
        "{:#?}",
        errors(&analysis_schema, &good)
    );
    let bad = |pointer: &str, value: Value| {
        let mut v = good.clone();
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        v
    };
    for (pointer, value) in [
        ("/quotes/0/kind", json!("paraphrase")),
        ("/quotes/0/start", json!(-1)),
        ("/sentiment/compound", json!(1.5)),
        ("/sentiment/label", json!("happy")),
        ("/dates/0/type", json!("date")),
        ("/article_id", json!(7)),
    ] {
        assert!(
            !errors(&analysis_schema, &bad(pointer, value.clone())).is_empty(),
            "{pointer} = {value} must be rejected"
        );
    }
    let mut no_quotes = good.clone();
    no_quotes.as_object_mut().expect("object").remove("quotes");
    assert!(
        !errors(&analysis_schema, &no_quotes).is_empty(),
        "quotes is required"
    );
    let event = json!({"specversion": "0.3", "id": "a:1", "type": "io.quotewire.article.analyzed.v1",
        "source": "urn:x", "subject": "a", "time": "2025-03-04T10:00:00Z", "datacontenttype": "application/json",
        "dataschema": schema::ANALYSIS_ID, "data": good});
    assert!(
        !errors(&event_schema, &event).is_empty(),
        "specversion must be 1.0"
    );
}

#[test]
fn article_schema_agrees_with_input_validation() {
    let v = validator("article.schema.json");
    let cases = [
        json!({"id": "a", "body": "Hi."}),
        json!({"id": "a", "text": "Hi.", "title": "T", "url": "https://example.org/a", "source": "wire"}),
        json!({"id": "a", "body": "Hi.", "extra": {"ignored": true}}),
        json!({"id": "a", "body": "Hi.", "published_at": "2024-02-08", "language": "fr"}),
        json!({"body": "Hi."}),
        json!({"id": "", "body": "Hi."}),
        json!({"id": "   ", "body": "Hi."}),
        json!({"id": 5, "body": "Hi."}),
        json!({"id": "a"}),
        json!({"id": "a", "body": 7}),
        json!({"id": "a", "body": null, "text": "Hi."}),
        json!({"id": "a", "body": null}),
        json!({"id": "a", "body": "x", "published_at": 3}),
        json!({"id": "a", "body": "x", "title": ["t"]}),
        json!(["not", "an", "object"]),
    ];
    for case in cases {
        let accepted_by_code = quotewire::Article::from_value(case.clone()).is_ok();
        let errs = errors(&v, &case);
        assert_eq!(
            errs.is_empty(),
            accepted_by_code,
            "{case}: schema says {errs:?}, code says {accepted_by_code}"
        );
    }
}

/// The contract's own example output (`../shared/CONTRACT.md`, read at run time) is a valid
/// analysis, and the shared example article a valid input.
#[test]
fn contract_examples_validate() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let Ok(contract) = std::fs::read_to_string(shared.join("CONTRACT.md")) else {
        eprintln!("note: ../shared/CONTRACT.md is absent; skipping");
        return;
    };
    let output = contract
        .split("## Output")
        .nth(1)
        .expect("an Output section");
    let block = output
        .split("```json")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a json block");
    let example: Value = serde_json::from_str(block).expect("the contract example is JSON");
    let errs = errors(&validator("analysis.schema.json"), &example);
    assert!(errs.is_empty(), "{errs:#?}");

    let Ok(articles) = std::fs::read_to_string(shared.join("data/example/example_article.jsonl"))
    else {
        eprintln!("note: the example article is absent; skipping it");
        return;
    };
    let v = validator("article.schema.json");
    for line in articles.lines().filter(|l| !l.trim().is_empty()) {
        let article: Value = serde_json::from_str(line).expect("JSON line");
        let errs = errors(&v, &article);
        assert!(errs.is_empty(), "{errs:#?}");
    }
}

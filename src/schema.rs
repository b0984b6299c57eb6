//! JSON Schemas (draft 2020-12) of the data contract, generated from the Rust types with
//! `schemars`: the input [`Article`](crate::Article), the output [`Analysis`](crate::Analysis),
//! and the CloudEvents envelope of the analysis event. The committed copies live in `schema/`;
//! `tests/schema.rs` fails when they drift and rewrites them with
//! `QUOTEWIRE_UPDATE_SCHEMA=1 cargo test --test schema`.
//!
//! What serde attributes cannot say is added here, after generation: the `text` alias of `body`,
//! a non-empty `id`, the range of sentiment scores. Nothing here validates; consumers do.

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

/// `$id` of the analysis schema; also the `dataschema` of every event (config
/// `worker.event_dataschema`).
pub const ANALYSIS_ID: &str = "urn:quotewire:schema:analysis:v1";
pub const ARTICLE_ID: &str = "urn:quotewire:schema:article:v1";
pub const EVENT_ID: &str = "urn:quotewire:schema:event:article-analyzed:v1";

/// The files under `schema/` and their contents.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("article.schema.json", article()),
        ("analysis.schema.json", analysis()),
        ("event.schema.json", event()),
    ]
}

fn generate<T: schemars::JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// One article on the input subject (or one line of `quotewire extract`).
pub fn article() -> Value {
    let mut s = generate::<crate::Article>();
    let obj = s.as_object_mut().expect("a root schema is an object");
    obj.insert("$id".into(), json!(ARTICLE_ID));
    obj.insert(
        "description".into(),
        json!(
            "One news article: a JSON object per NATS message, or per line on the command line. \
               `body` may be sent as `text`. Other fields are ignored."
        ),
    );
    let props = obj
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("article properties");
    if let Some(id) = props.get_mut("id").and_then(Value::as_object_mut) {
        id.insert("minLength".into(), json!(1));
        id.insert("pattern".into(), json!("\\S"));
    }
    props.insert(
        "text".into(),
        json!({"type": ["string", "null"], "description": "Alias of `body`, used when `body` is absent or null."}),
    );
    if let Some(b) = props.get_mut("body").and_then(Value::as_object_mut) {
        b.insert("type".into(), json!(["string", "null"]));
    }
    if let Some(p) = props.get_mut("published_at").and_then(Value::as_object_mut) {
        p.insert(
            "description".into(),
            json!("RFC 3339 date-time (`2024-02-08T14:05:00+03:00`) or date (`2024-02-08`); the anchor for relative dates."),
        );
    }
    if let Some(p) = props.get_mut("language").and_then(Value::as_object_mut) {
        p.insert(
            "description".into(),
            json!("BCP 47 language tag; `en` when absent."),
        );
    }
    // `id` is required; of `body` and `text`, one.
    obj.insert("required".into(), json!(["id"]));
    obj.insert(
        "anyOf".into(),
        json!([
            {"required": ["body"], "properties": {"body": {"type": "string"}}},
            {"required": ["text"], "properties": {"text": {"type": "string"}}}
        ]),
    );
    s
}

/// The analysis of one article: `data` of the event, one line of `quotewire extract`.
pub fn analysis() -> Value {
    let mut s = generate::<crate::Analysis>();
    if let Some(c) = s
        .pointer_mut("/$defs/Sentiment/properties/compound")
        .and_then(Value::as_object_mut)
    {
        c.insert("minimum".into(), json!(-1.0));
        c.insert("maximum".into(), json!(1.0));
    }
    let obj = s.as_object_mut().expect("a root schema is an object");
    obj.insert("$id".into(), json!(ANALYSIS_ID));
    obj.insert(
        "description".into(),
        json!("The quotes, speakers, people, dates and sentiment of one article. Every start/end is a \
               character offset (Unicode scalar values) into the article body, end exclusive."),
    );
    s
}

/// The CloudEvents 1.0 structured-mode envelope published on the output subject.
pub fn event() -> Value {
    let mut data = analysis();
    let defs = data
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or_else(|| json!({}));
    if let Some(o) = data.as_object_mut() {
        o.remove("$schema");
        o.remove("$id");
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EVENT_ID,
        "title": "ArticleAnalyzedEvent",
        "description": "CloudEvents 1.0 (structured mode, JSON) announcing the analysis of one article. `id` is the article id + \":\" + the extractor version and is also the Nats-Msg-Id header.",
        "type": "object",
        "required": ["specversion", "id", "type", "source", "subject", "time", "datacontenttype", "dataschema", "data"],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": {"type": "string", "minLength": 1},
            "type": {"const": "io.quotewire.article.analyzed.v1"},
            "source": {"type": "string", "minLength": 1, "format": "uri-reference"},
            "subject": {"type": "string", "minLength": 1, "description": "The article id."},
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"const": "application/json"},
            "dataschema": {"type": "string", "format": "uri"},
            "data": data
        },
        "$defs": defs
    })
}

/// Pretty JSON with a final newline, as committed.
pub fn to_file_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a JSON value serializes");
    s.push('\n');
    s
}

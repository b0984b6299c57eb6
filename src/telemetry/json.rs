//! The JSON-lines log format: one object per event with `timestamp`, `level`, `target`,
//! `message`, the event's fields, the fields of the spans it happened in (`span`), and the
//! OpenTelemetry `trace_id` and `span_id` of the span it happened in, so a log line can be found
//! from a trace and the other way round. It does not filter; the subscriber's filters do.

use std::fmt;

use opentelemetry::trace::TraceContextExt;
use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// Event formatter for `tracing_subscriber::fmt` that writes one JSON object per line.
/// Use it with `.fmt_fields(JsonFields::new())`, which stores span fields as JSON.
pub(crate) struct JsonWithTrace;

/// Collects an event's fields into a JSON map.
struct FieldsToJson<'a>(&'a mut Map<String, Value>);

impl Visit for FieldsToJson<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        let v = serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number);
        self.0.insert(field.name().to_owned(), v);
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_owned(), Value::from(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), Value::from(value));
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .insert(field.name().to_owned(), Value::from(value.to_string()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_owned(), Value::from(format!("{value:?}")));
    }
}

impl<S> FormatEvent<S, JsonFields> for JsonWithTrace
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        let mut obj = Map::new();
        let mut ts = String::new();
        SystemTime.format_time(&mut Writer::new(&mut ts))?;
        obj.insert("timestamp".into(), Value::from(ts));
        obj.insert("level".into(), Value::from(meta.level().as_str()));
        obj.insert("target".into(), Value::from(meta.target()));

        let mut fields = Map::new();
        event.record(&mut FieldsToJson(&mut fields));
        if let Some(message) = fields.remove("message") {
            obj.insert("message".into(), message);
        }

        // Fields of every span the event is in, outermost first, so inner values win; named
        // after the innermost span.
        if let Some(scope) = ctx.event_scope() {
            let mut span_obj = Map::new();
            let mut leaf_name = None;
            for span in scope.from_root() {
                leaf_name = Some(span.name());
                let ext = span.extensions();
                if let Some(f) = ext.get::<FormattedFields<JsonFields>>() {
                    if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(&f.fields) {
                        // `otel.*` fields steer the trace exporter; they say nothing to a reader.
                        span_obj.extend(m.into_iter().filter(|(k, _)| !k.starts_with("otel.")));
                    }
                }
            }
            if let Some(name) = leaf_name {
                span_obj.insert("name".into(), Value::from(name));
                obj.insert("span".into(), Value::Object(span_obj));
            }
        }

        // The OpenTelemetry layer makes an entered span's context current on this thread.
        let cx = opentelemetry::Context::current();
        let span = cx.span();
        let sc = span.span_context();
        if sc.is_valid() {
            obj.insert("trace_id".into(), Value::from(sc.trace_id().to_string()));
            obj.insert("span_id".into(), Value::from(sc.span_id().to_string()));
        }

        for (k, v) in fields {
            // Event fields never overwrite the record's own keys.
            obj.entry(k).or_insert(v);
        }
        let line = serde_json::to_string(&Value::Object(obj)).map_err(|_| fmt::Error)?;
        writeln!(writer, "{line}")
    }
}

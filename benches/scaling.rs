//! Time per byte of `Extractor::extract` for every adversarial shape of
//! `tests/common/adversarial.rs` at 64 KiB, 256 KiB and 1 MiB (`Throughput::Bytes`): linear
//! work shows as the same MB/s at the three sizes; a super-linear stage shows as MB/s falling
//! with size (a quadratic one by 4x per step).
//!
//! Run (release profile; all shapes take several minutes, a filter picks some):
//! `cargo bench --no-default-features --bench scaling -- --warm-up-time 1 --measurement-time 3`
//! `cargo bench --no-default-features --bench scaling -- nested_curly`
//!
//! It measures; the assertions are in `tests/hostile_input.rs` (allocation work, deterministic)
//! and `scripts/linearity` (callgrind instruction counts, deterministic).

#[path = "../tests/common/adversarial.rs"]
mod adversarial;

use std::hint::black_box;
use std::time::Duration;

use adversarial::Shape;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quotewire::{Article, Extractor};

const SIZES: &[usize] = &[64 * 1024, 256 * 1024, 1024 * 1024];

fn scaling(c: &mut Criterion) {
    let ex = Extractor::new();
    for shape in Shape::all() {
        let mut g = c.benchmark_group(format!("scaling/{}", shape.name()));
        g.sample_size(10);
        for &size in SIZES {
            let body = shape.body(size, 42);
            let article = Article::from_value(serde_json::json!({
                "id": "scaling", "body": body, "published_at": "2024-02-08T14:05:00+03:00"
            }))
            .expect("a valid article");
            g.throughput(Throughput::Bytes(article.body.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(size), &article, |b, a| {
                b.iter(|| black_box(ex.extract(black_box(a))))
            });
        }
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = scaling
}
criterion_main!(benches);

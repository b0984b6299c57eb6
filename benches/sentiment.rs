//! Throughput of the sentiment stage on one core, in sentences per second: the tone of a text
//! (rules + sentence model per sentence, then the aggregate) and the tone toward a person
//! (target model on the sentences that mention them). The text is written here, not taken from
//! any data set.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quotewire::extract::sentiment::SentimentModel;
use quotewire::extract::text::Document;
use quotewire::extract::Span;
use std::hint::black_box;

const PARAGRAPH: &str = "The minister praised the agreement as a major step toward peace. \
Critics said the deal was rushed and failed to address the crisis. \
Markets fell sharply after the company cut its outlook, but analysts expected a recovery. \
She did not comment on the allegations. \
The talks, which lasted three days, ended without a joint statement. \
Officials were not happy with the result, although some progress was made. \
He thanked the observers for their objective and friendly approach. \
Four people were killed and dozens wounded in the attack on Tuesday. ";

fn bench(c: &mut Criterion) {
    let model = SentimentModel::new();
    let body = PARAGRAPH.repeat(8);
    let doc = Document::new(&body);
    let n = doc.sentences.len() as u64;
    // every "She", "He" and "The minister" stands for the person
    let mut mentions = Vec::new();
    for pat in ["She ", "He ", "The minister "] {
        for (i, _) in body.match_indices(pat) {
            mentions.push(Span::new(i, i + pat.len() - 1));
        }
    }
    mentions.sort();
    let mentioned = mentions.iter().filter_map(|m| doc.sentence_of(m.start)).collect::<std::collections::BTreeSet<_>>().len() as u64;

    let mut g = c.benchmark_group("sentiment");
    g.throughput(Throughput::Elements(n));
    g.bench_function("document (sentences)", |b| b.iter(|| model.document(black_box(&doc))));
    g.bench_function("text incl. sentence split (sentences)", |b| b.iter(|| model.text(black_box(&body))));
    g.throughput(Throughput::Elements(mentioned));
    g.bench_function("toward (mentioning sentences)", |b| b.iter(|| model.toward(black_box(&doc), black_box(&mentions))));
    g.finish();

    // one endless sentence (nested reported speech, no full stop until the end) with a mention
    // every few words, at two sizes: the time per byte should stay flat (linear work)
    let mut g = c.benchmark_group("sentiment endless sentence");
    for units in [2_000usize, 8_000] {
        let unit = "Ab said, \"";
        let body = format!("{}the plan is good.", unit.repeat(units));
        let doc = Document::new(&body);
        let mentions: Vec<Span> = (0..units).map(|i| Span::new(i * unit.len(), i * unit.len() + 2)).collect();
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(format!("toward ({units} mentions)"), |b| {
            b.iter(|| model.toward(black_box(&doc), black_box(&mentions)))
        });
        g.bench_function(format!("document ({} bytes)", body.len()), |b| b.iter(|| model.document(black_box(&doc))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

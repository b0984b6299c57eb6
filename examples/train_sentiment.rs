//! Trains and cross-validates the two learned parts of the sentiment stage on NewsMTSC train
//! (`../shared/data/sentiment/newsmtsc_train.jsonl`, read at run time; nothing of it is copied,
//! only learned numbers are written).
//!
//! ```text
//! cargo run --release --no-default-features --example train_sentiment -- COMMAND [DATA]
//! ```
//! - `train-sentence`, then `train`: fit the sentence tone model and the target model on all of
//!   the data and write `lexicon/sentiment_sentence_model.txt` and
//!   `lexicon/sentiment_target_model.txt` (retrain both after changing a lexicon or a rule:
//!   their features include the rule scores; order matters only in that both read the
//!   compiled-in lexicons, so rebuild between a lexicon change and training).
//! - `cv`: five-fold cross-validation of the target model on the gold target spans.
//! - `cv-e2e`: the same through the whole extractor (people stage finds the target, as
//!   `score_sentiment.py` does; falls back to the document label of a sentence model trained
//!   out of fold too), with coverage.
//! - `grid`: target-model L2 / epochs; `cv-sentence`: sentence model and lexicon share and label
//!   band, and the shipped label rule (neutral when P(neutral) > tau); `grid-rules`: scorer
//!   constants (positive scale, negation window); `thresholds`: text label band of the shipped
//!   model.
//! - `predict-text INPUTS [ALPHA POSITIVE_SCALE LEXICON_SHARE]` and `dump-text INPUTS`: document
//!   sentiment of contract-shaped inputs for quick checks with `score_sentiment.py`.
//!
//! Folds are by article: contiguous blocks of the sentence ids (`newsmtsc-train-<sentence>-<k>`),
//! so every target of a sentence, and neighbouring sentences, stay in one fold. Training is
//! deterministic: same data, same weights, bit for bit.

use quotewire::extract::sentiment::linear::{argmax_label, LinearModel};
use quotewire::extract::sentiment::train::{self, Example, TrainParams};
use quotewire::extract::sentiment::rules::Params;
use quotewire::extract::sentiment::SentimentModel;
use quotewire::extract::text::Document;
use quotewire::extract::Span;
use quotewire::analysis::SentimentLabel;
use std::io::BufRead;

const DEFAULT_DATA: &str = "../shared/data/sentiment/newsmtsc_train.jsonl";
const FOLDS: usize = 5;
/// L2 penalty of the sentence model (chosen by `cv-sentence`).
const SENTENCE_L2: f64 = 3e-4;

struct Item {
    text: String,
    span: Span,
    label: usize,
    group: usize,
}

fn label_index(s: &str) -> Option<usize> {
    match s {
        "negative" => Some(0),
        "neutral" => Some(1),
        "positive" => Some(2),
        _ => None,
    }
}

fn label_of(l: SentimentLabel) -> usize {
    match l {
        SentimentLabel::Negative => 0,
        SentimentLabel::Neutral => 1,
        SentimentLabel::Positive => 2,
    }
}

/// Byte offset of character offset `c` in `s`.
fn byte_of(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map(|(b, _)| b).unwrap_or(s.len())
}

fn load(path: &str) -> anyhow::Result<Vec<Item>> {
    let f = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let (Some(id), Some(text), Some(label), Some(span)) =
            (v["id"].as_str(), v["text"].as_str(), v["label"].as_str().and_then(label_index), v["target_span"].as_array())
        else {
            continue;
        };
        let (Some(s), Some(e)) = (span.first().and_then(|x| x.as_u64()), span.get(1).and_then(|x| x.as_u64())) else {
            continue;
        };
        // ids: newsmtsc-train-<sentence>-<target>
        let group = id.rsplit('-').nth(1).and_then(|g| g.parse().ok()).unwrap_or(0);
        let span = Span::new(byte_of(text, s as usize), byte_of(text, e as usize));
        out.push(Item { text: text.to_owned(), span, label, group });
    }
    Ok(out)
}

fn examples(model: &SentimentModel, items: &[Item]) -> Vec<Example> {
    items
        .iter()
        .map(|it| {
            let doc = Document::new(&it.text);
            let feats = model.toward_features(&doc, &[it.span]).into_iter().next().unwrap_or_default();
            Example { features: feats, label: it.label }
        })
        .collect()
}

/// (accuracy, macro-F1, per-class F1) of predictions against gold.
fn metrics(gold: &[usize], pred: &[usize]) -> (f64, f64, [f64; 3]) {
    let mut f1 = [0.0; 3];
    for (c, f) in f1.iter_mut().enumerate() {
        let tp = gold.iter().zip(pred).filter(|(g, p)| **g == c && **p == c).count() as f64;
        let fp = gold.iter().zip(pred).filter(|(g, p)| **g != c && **p == c).count() as f64;
        let fn_ = gold.iter().zip(pred).filter(|(g, p)| **g == c && **p != c).count() as f64;
        *f = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
    }
    let acc = gold.iter().zip(pred).filter(|(g, p)| g == p).count() as f64 / gold.len().max(1) as f64;
    (acc, f1.iter().sum::<f64>() / 3.0, f1)
}

fn fold_of(items: &[Item]) -> Vec<usize> {
    let max_group = items.iter().map(|i| i.group).max().unwrap_or(0) + 1;
    items.iter().map(|i| i.group * FOLDS / max_group).collect()
}

fn cv(items: &[Item], params: &TrainParams, verbose: bool) -> (f64, f64) {
    let model = SentimentModel::new();
    let ex = examples(&model, items);
    let folds = fold_of(items);
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut compounds = Vec::new();
    for k in 0..FOLDS {
        let tr: Vec<Example> = ex.iter().zip(&folds).filter(|(_, f)| **f != k).map(|(e, _)| e.clone()).collect();
        let m = train::train(&tr, params);
        let (mut g, mut p) = (Vec::new(), Vec::new());
        for (e, f) in ex.iter().zip(&folds) {
            if *f != k {
                continue;
            }
            g.push(e.label);
            let pr = m.probabilities(&e.features);
            p.push(label_of(argmax_label(&pr)));
            compounds.push((e.label, pr[2] - pr[0]));
        }
        let (a, f1, _) = metrics(&g, &p);
        if verbose {
            println!("  fold {k}: n {:5}  acc {a:.3}  F1m {f1:.3}", g.len());
        }
        gold.extend(g);
        pred.extend(p);
    }
    let (a, f1, per) = metrics(&gold, &pred);
    if verbose {
        println!("  pooled: acc {a:.3}  F1m {f1:.3}  F1 neg/neu/pos {:.3}/{:.3}/{:.3}", per[0], per[1], per[2]);
        // the same compound (P(pos) - P(neg)) labelled by a symmetric band instead of argmax
        let g: Vec<usize> = compounds.iter().map(|c| c.0).collect();
        let mut line = String::from("  compound bands:");
        for t in [0.1, 0.15, 0.2, 0.25, 0.3] {
            let p: Vec<usize> = compounds.iter().map(|c| if c.1 >= t { 2 } else if c.1 <= -t { 0 } else { 1 }).collect();
            line.push_str(&format!(" ±{t}: F1m {:.3}", metrics(&g, &p).1));
        }
        println!("{line}");
    }
    (a, f1)
}

/// Five-fold CV through the whole extractor, as `score_sentiment.py` scores it: the target is
/// the person (found by the people stage) whose mentions overlap the gold span most; the model
/// of the fold that did not see the item scores the tone toward all that person's mentions; a
/// target with no such person falls back to the document label.
fn cv_e2e(items: &[Item], params: &TrainParams) -> anyhow::Result<()> {
    let extractor = quotewire::Extractor::new();
    let plain = SentimentModel::new();
    let ex = examples(&plain, items);
    let folds = fold_of(items);
    // the document fallback comes from a sentence model trained out of fold too
    let (sex, _, sgroups) = sentence_examples(&plain, items);
    let max_group = items.iter().map(|i| i.group).max().unwrap_or(0) + 1;
    let sfolds: Vec<usize> = sgroups.iter().map(|g| g * FOLDS / max_group).collect();
    let sparams = TrainParams { l2: SENTENCE_L2, ..*params };
    let models: Vec<SentimentModel> = (0..FOLDS)
        .map(|k| {
            let tr: Vec<Example> = ex.iter().zip(&folds).filter(|(_, f)| **f != k).map(|(e, _)| e.clone()).collect();
            let str: Vec<Example> = sex.iter().zip(&sfolds).filter(|(_, f)| **f != k).map(|(e, _)| e.clone()).collect();
            let sentence = quotewire::extract::sentiment::sentence::SentenceModel { model: train::train(&str, &sparams) };
            SentimentModel::new()
                .with_target_model(train::train(&tr, params))
                .with_sentence(sentence, quotewire::extract::sentiment::LEXICON_SHARE)
        })
        .collect();
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let (mut covered_gold, mut covered_pred) = (Vec::new(), Vec::new());
    for (it, &k) in items.iter().zip(&folds) {
        let article = quotewire::Article::from_value(serde_json::json!({"id": "cv", "body": it.text}))?;
        let analysis = extractor.extract(&article);
        // char offsets -> bytes
        let starts: Vec<usize> = it.text.char_indices().map(|(b, _)| b).chain([it.text.len()]).collect();
        let to_byte = |c: usize| starts.get(c).copied().unwrap_or(it.text.len());
        let mut best: Option<(usize, usize)> = None; // (overlap, person index)
        for (pi, p) in analysis.people.iter().enumerate() {
            for m in &p.mentions {
                let s = to_byte(m.start).max(it.span.start);
                let e = to_byte(m.end).min(it.span.end);
                if e > s && best.is_none_or(|(o, _)| e - s > o) {
                    best = Some((e - s, pi));
                }
            }
        }
        let doc = Document::new(&it.text);
        let label = match best {
            Some((_, pi)) => {
                // the mentions the pipeline reads the tone at (see `sentiment::anchor_mentions`)
                let all: Vec<(Span, bool)> = analysis.people[pi]
                    .mentions
                    .iter()
                    .map(|m| (Span::new(to_byte(m.start), to_byte(m.end)), m.kind.as_deref() == Some("pronoun")))
                    .collect();
                let spans = quotewire::extract::sentiment::anchor_mentions(&doc, &all);
                let l = label_of(models[k].toward(&doc, &spans).label);
                covered_gold.push(it.label);
                covered_pred.push(l);
                l
            }
            None => label_of(models[k].document(&doc).label),
        };
        gold.push(it.label);
        pred.push(label);
    }
    let (a, f1, per) = metrics(&gold, &pred);
    println!(
        "end-to-end 5-fold CV: coverage {:.3} ({} of {})  acc {a:.3}  F1m {f1:.3}  F1 neg/neu/pos {:.3}/{:.3}/{:.3}",
        covered_gold.len() as f64 / gold.len().max(1) as f64,
        covered_gold.len(),
        gold.len(),
        per[0],
        per[1],
        per[2]
    );
    let (a, f1, _) = metrics(&covered_gold, &covered_pred);
    println!("  covered targets only: acc {a:.3}  F1m {f1:.3}");
    Ok(())
}

/// One example per sentence (the first sentence holding a target), labelled by the majority of
/// its targets' labels (ties dropped); with the rule compound and the group of each.
fn sentence_examples(model: &SentimentModel, items: &[Item]) -> (Vec<Example>, Vec<f64>, Vec<usize>) {
    let mut ex = Vec::new();
    let mut lexc = Vec::new();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let g = items[i].group;
        let mut j = i;
        let mut votes = [0usize; 3];
        while j < items.len() && items[j].group == g && items[j].text == items[i].text {
            votes[items[j].label] += 1;
            j += 1;
        }
        let best = (0..3).max_by_key(|&k| (votes[k], usize::from(k == 1))).unwrap_or(1);
        let unique = (0..3).filter(|&k| votes[k] == votes[best]).count() == 1;
        if unique {
            let it = &items[i];
            let doc = Document::new(&it.text);
            // the whole item text as one unit: every sentence's features, the mean rule compound
            let mut feats = Vec::new();
            let mut c = 0.0;
            for &s in &doc.sentences {
                let (lc, f) = model.sentence_parts(&it.text, s);
                c += lc / doc.sentences.len() as f64;
                feats.extend(f);
            }
            ex.push(Example { features: feats, label: best });
            lexc.push(c);
            groups.push(g);
        }
        i = j;
    }
    (ex, lexc, groups)
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

fn cv_sentence(items: &[Item], params: &TrainParams, rules: Params) {
    let model = SentimentModel::with_params(rules).with_sentence(Default::default(), 1.0);
    let (ex, lexc, groups) = sentence_examples(&model, items);
    let max_group = groups.iter().max().copied().unwrap_or(0) + 1;
    let folds: Vec<usize> = groups.iter().map(|g| g * FOLDS / max_group).collect();
    let mut learned = vec![[0.0; 3]; ex.len()];
    for k in 0..FOLDS {
        let tr: Vec<Example> = ex.iter().zip(&folds).filter(|(_, f)| **f != k).map(|(e, _)| e.clone()).collect();
        let m = train::train(&tr, params);
        for (i, e) in ex.iter().enumerate() {
            if folds[i] == k {
                learned[i] = m.probabilities(&e.features);
            }
        }
    }
    let gold: Vec<usize> = ex.iter().map(|e| e.label).collect();
    // DUMP_CV=FILE writes (gold, rule compound, out-of-fold probabilities) per sentence
    if let Some(path) = std::env::var("DUMP_CV").ok().filter(|_| params.l2 == SENTENCE_L2) {
        let mut out = String::new();
        for ((g, c), p) in gold.iter().zip(&lexc).zip(&learned) {
            out.push_str(&format!("{g}\t{c}\t{}\t{}\t{}\n", p[0], p[1], p[2]));
        }
        let _ = std::fs::write(path, out);
    }
    let ordinal: Vec<f64> = gold.iter().map(|&g| g as f64 - 1.0).collect();
    println!("{} sentences; 5-fold CV by article", ex.len());
    let am: Vec<usize> = learned.iter().map(|p| label_of(argmax_label(p))).collect();
    let (a, f1, _) = metrics(&gold, &am);
    println!("sentence model argmax: acc {a:.3} F1m {f1:.3}");
    for share in [1.0, 0.7, 0.5, 0.3, 0.0] {
        let comp: Vec<f64> = lexc.iter().zip(&learned).map(|(c, p)| share * c + (1.0 - share) * (p[2] - p[0])).collect();
        let r = pearson(&comp, &ordinal);
        let mut line = format!("lexicon share {share:.1}: r(ordinal) {r:.3}");
        for t in [0.05, 0.1, 0.15, 0.2] {
            let pred: Vec<usize> = comp.iter().map(|&c| if c >= t { 2 } else if c <= -t { 0 } else { 1 }).collect();
            let (_, f1, _) = metrics(&gold, &pred);
            line.push_str(&format!("  F1m@{t} {f1:.3}"));
        }
        println!("{line}");
    }
    for share in [0.7, 0.5, 0.3] {
        let comp: Vec<f64> = lexc.iter().zip(&learned).map(|(c, p)| share * c + (1.0 - share) * (p[2] - p[0])).collect();
        let mut best = (0.0, 0.0, 0.0);
        for b10 in 0..=6 {
            let b = f64::from(b10) * 0.025;
            for t10 in 1..=8 {
                let t = f64::from(t10) * 0.025;
                let pred: Vec<usize> =
                    comp.iter().map(|&c| if c >= b + t { 2 } else if c <= b - t { 0 } else { 1 }).collect();
                let (_, f1, _) = metrics(&gold, &pred);
                if f1 > best.0 {
                    best = (f1, b, t);
                }
            }
        }
        println!("share {share}: best band centre {:.3} half-width {:.3}: F1m {:.3}", best.1, best.2, best.0);
    }
    // the shipped label rule: neutral when P(neutral) > tau, else the sign of the blended compound
    let share = quotewire::extract::sentiment::LEXICON_SHARE;
    let mut line = format!("label by P(neutral) > tau, share {share}:");
    for tau in [0.4, 0.45, 0.5, 0.55, 0.6] {
        let pred: Vec<usize> = lexc
            .iter()
            .zip(&learned)
            .map(|(c, p)| {
                let c = share * c + (1.0 - share) * (p[2] - p[0]);
                if p[1] > tau || c == 0.0 { 1 } else if c > 0.0 { 2 } else { 0 }
            })
            .collect();
        let (_, f1, _) = metrics(&gold, &pred);
        line.push_str(&format!("  F1m@{tau} {f1:.3}"));
    }
    println!("{line}");
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let cmd = args.get(1).map(String::as_str).unwrap_or("cv");
    let path = args.get(2).map(String::as_str).unwrap_or(DEFAULT_DATA);
    let items = if cmd == "predict-text" { Vec::new() } else { load(path)? };
    eprintln!("{} items from {path}", items.len());
    let base = TrainParams::default();
    match cmd {
        "cv" => {
            println!("5-fold CV by article, gold target spans, {:?}", base);
            cv(&items, &base, true);
        }
        "grid" => {
            for l2 in [5e-4, 1e-3, 2e-3] {
                for epochs in [300, 600] {
                    let p = TrainParams { l2, epochs, ..base };
                    let (a, f1) = cv(&items, &p, false);
                    println!("l2 {l2:e} epochs {epochs}: acc {a:.3} F1m {f1:.3}");
                }
            }
        }
        "train" => {
            let model = SentimentModel::new();
            let ex = examples(&model, &items);
            let m = train::train(&ex, &base);
            let header = format!(
                "Weights of the target sentiment model (src/extract/sentiment/target.rs): numbers only.\n\
                 Written by `cargo run --release --no-default-features --example train_sentiment -- train`\n\
                 from NewsMTSC train ({} targets; Hamborg & Donnay, EACL 2021, MIT), read at run time.\n\
                 {:?}\n\
                 bucket<TAB>w_negative<TAB>w_neutral<TAB>w_positive",
                ex.len(),
                base
            );
            let text = train::weights_file(&m, &header);
            std::fs::write("lexicon/sentiment_target_model.txt", &text)?;
            let reread = LinearModel::parse(&text);
            println!("wrote lexicon/sentiment_target_model.txt: {} buckets, {} bytes", reread.weights.len(), text.len());
        }
        "thresholds" => {
            let model = SentimentModel::new();
            let mut gold = Vec::new();
            let mut comp = Vec::new();
            for it in &items {
                gold.push(it.label);
                comp.push(model.text(&it.text).compound);
            }
            for t in [0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3] {
                let pred: Vec<usize> = comp.iter().map(|&c| if c >= t { 2 } else if c <= -t { 0 } else { 1 }).collect();
                let (a, f1, _) = metrics(&gold, &pred);
                println!("neutral band ±{t}: acc {a:.3} F1m {f1:.3}");
            }
        }
        "cv-e2e" => cv_e2e(&items, &base)?,
        "cv-sentence" => {
            cv_sentence(&items, &TrainParams { l2: SENTENCE_L2, ..base }, Params::default());
            for l2 in [1e-4, 1e-3] {
                println!("== l2 {l2}");
                cv_sentence(&items, &TrainParams { l2, ..base }, Params::default());
            }
        }
        "grid-rules" => {
            for positive_scale in [0.8, 0.7, 0.6, 0.5] {
                for negation_window in [3, 4] {
                    let p = Params { positive_scale, negation_window, ..Params::default() };
                    println!("== {p:?}");
                    cv_sentence(&items, &base, p);
                }
            }
        }
        "train-sentence" => {
            let model = SentimentModel::new();
            let (ex, _, _) = sentence_examples(&model, &items);
            let base = TrainParams { l2: SENTENCE_L2, ..base };
            let m = train::train(&ex, &base);
            let header = format!(
                "Weights of the sentence tone model (src/extract/sentiment/sentence.rs): numbers only.\n\
                 Written by `cargo run --release --no-default-features --example train_sentiment -- train-sentence`\n\
                 from NewsMTSC train ({} sentences labelled by their targets' majority; MIT), read at run time.\n\
                 {:?}\n\
                 bucket<TAB>w_negative<TAB>w_neutral<TAB>w_positive",
                ex.len(),
                base
            );
            let text = train::weights_file(&m, &header);
            std::fs::write("lexicon/sentiment_sentence_model.txt", &text)?;
            println!("wrote lexicon/sentiment_sentence_model.txt: {} bytes", text.len());
        }
        "dump-text" => {
            // dump-text INPUTS: id, rule compound, mean sentence-model probabilities (analysis)
            let lexm = SentimentModel::new().with_sentence(Default::default(), 1.0);
            let full = SentimentModel::new();
            let sentence = quotewire::extract::sentiment::sentence::SentenceModel::builtin();
            let f = std::fs::File::open(path)?;
            for line in std::io::BufReader::new(f).lines() {
                let v: serde_json::Value = serde_json::from_str(&line?)?;
                let body = v["body"].as_str().unwrap_or("");
                let doc = Document::new(body);
                let c = lexm.document_compound(&doc);
                let mut p = [0.0; 3];
                for &s in &doc.sentences {
                    let (_, f) = full.sentence_parts(body, s);
                    let q = sentence.model.probabilities(&f);
                    for k in 0..3 { p[k] += q[k] / doc.sentences.len() as f64; }
                }
                println!("{}\t{c}\t{}\t{}\t{}", v["id"].as_str().unwrap_or(""), p[0], p[1], p[2]);
            }
        }
        "predict-text" => {
            // predict-text INPUTS ALPHA POSITIVE_SCALE LEXICON_SHARE: contract-shaped document
            // sentiment per input article (for quick checks with score_sentiment.py).
            let num = |i: usize, d: f64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
            let rules = Params { alpha: num(3, 15.0), positive_scale: num(4, 0.7), ..Params::default() };
            let share = num(5, quotewire::extract::sentiment::LEXICON_SHARE);
            let m = SentimentModel::with_params(rules);
            let m = if share >= 1.0 { m.with_sentence(Default::default(), 1.0) } else {
                let s = quotewire::extract::sentiment::sentence::SentenceModel::builtin();
                m.with_sentence(s, share)
            };
            let f = std::fs::File::open(path)?;
            for line in std::io::BufReader::new(f).lines() {
                let v: serde_json::Value = serde_json::from_str(&line?)?;
                let t = m.text(v["body"].as_str().unwrap_or(""));
                println!("{}", serde_json::json!({"article_id": v["id"], "sentiment": {"compound": t.compound, "label": t.label}, "people": []}));
            }
        }
        other => anyhow::bail!("unknown command {other}: cv | grid | train | cv-sentence | train-sentence | thresholds"),
    }
    Ok(())
}

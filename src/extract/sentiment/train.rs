//! Training of the target model ([`super::target`]): multinomial logistic regression with L2
//! regularisation, fitted by full-batch AdaGrad in a fixed order, so the same data gives the
//! same weights bit for bit. Used by `examples/train_sentiment.rs`; nothing at extraction time
//! calls it. It reads no files: the caller hands over feature vectors and labels.

use super::linear::{softmax, Features, LinearModel};
use std::collections::HashMap;

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainParams {
    /// L2 penalty on the mean log-loss.
    pub l2: f64,
    pub epochs: usize,
    pub learning_rate: f64,
    /// Features seen in fewer training examples are dropped.
    pub min_count: usize,
    /// Weight the classes by inverse frequency (helps macro-F1).
    pub balanced: bool,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams { l2: 1e-3, epochs: 300, learning_rate: 0.5, min_count: 2, balanced: true }
    }
}

/// One training example: features and class (0 negative, 1 neutral, 2 positive).
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Features,
    pub label: usize,
}

/// Fits the model on `examples`.
pub fn train(examples: &[Example], p: &TrainParams) -> LinearModel {
    // feature index: buckets seen in at least min_count examples, in first-seen order
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for e in examples {
        let mut seen: Vec<u32> = e.features.iter().map(|f| f.0).collect();
        seen.sort_unstable();
        seen.dedup();
        for b in seen {
            *counts.entry(b).or_insert(0) += 1;
        }
    }
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut buckets: Vec<u32> = Vec::new();
    for e in examples {
        for &(b, _) in &e.features {
            if counts.get(&b).copied().unwrap_or(0) >= p.min_count && !index.contains_key(&b) {
                index.insert(b, buckets.len());
                buckets.push(b);
            }
        }
    }
    // examples as dense-indexed sparse rows (duplicate buckets summed)
    let rows: Vec<Vec<(usize, f64)>> = examples
        .iter()
        .map(|e| {
            let mut r: Vec<(usize, f64)> =
                e.features.iter().filter_map(|&(b, x)| index.get(&b).map(|&i| (i, f64::from(x)))).collect();
            r.sort_by_key(|a| a.0);
            let mut merged: Vec<(usize, f64)> = Vec::with_capacity(r.len());
            for (i, x) in r {
                match merged.last_mut() {
                    Some(last) if last.0 == i => last.1 += x,
                    _ => merged.push((i, x)),
                }
            }
            merged
        })
        .collect();
    let mut class_n = [0usize; 3];
    for e in examples {
        class_n[e.label.min(2)] += 1;
    }
    let total = examples.len().max(1) as f64;
    let cw: [f64; 3] = if p.balanced {
        class_n.map(|c| if c == 0 { 0.0 } else { total / (3.0 * c as f64) })
    } else {
        [1.0; 3]
    };
    let d = buckets.len();
    let mut w = vec![[0.0f64; 3]; d];
    let mut g2 = vec![[1e-8f64; 3]; d];
    let mut grad = vec![[0.0f64; 3]; d];
    for _ in 0..p.epochs {
        for g in grad.iter_mut() {
            *g = [0.0; 3];
        }
        for (row, e) in rows.iter().zip(examples) {
            let mut z = [0.0; 3];
            for &(i, x) in row {
                for k in 0..3 {
                    z[k] += w[i][k] * x;
                }
            }
            let pr = softmax(z);
            let y = e.label.min(2);
            let c = cw[y] / total;
            for &(i, x) in row {
                for k in 0..3 {
                    let t = if k == y { 1.0 } else { 0.0 };
                    grad[i][k] += c * (pr[k] - t) * x;
                }
            }
        }
        for i in 0..d {
            for k in 0..3 {
                let g = grad[i][k] + p.l2 * w[i][k];
                g2[i][k] += g * g;
                w[i][k] -= p.learning_rate * g / g2[i][k].sqrt();
            }
        }
    }
    let mut weights = super::linear::Weights::default();
    weights.reserve(buckets.len());
    for (i, &b) in buckets.iter().enumerate() {
        weights.insert(b, w[i].map(|x| x as f32));
    }
    LinearModel::new(weights)
}

/// The weights file text: a header, then `bucket<TAB>w_neg<TAB>w_neu<TAB>w_pos` per bucket in
/// increasing bucket order, 4 decimals, buckets whose weights all round to zero left out.
pub fn weights_file(model: &LinearModel, header: &str) -> String {
    let mut out = String::new();
    for l in header.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    let mut keys: Vec<&u32> = model.weights.keys().collect();
    keys.sort_unstable();
    for b in keys {
        let w = model.weights[b];
        if w.iter().all(|x| x.abs() < 5e-5) {
            continue;
        }
        out.push_str(&format!("{b}\t{:.4}\t{:.4}\t{:.4}\n", w[0], w[1], w[2]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_toy_problem_deterministically() {
        let ex = |f: u32, label| Example { features: vec![(0, 1.0), (f, 1.0)], label };
        let data: Vec<Example> = (0..30).map(|i| ex(1 + (i % 3) as u32, (i % 3) as usize)).collect();
        let p = TrainParams { epochs: 200, min_count: 1, ..TrainParams::default() };
        let m1 = train(&data, &p);
        let m2 = train(&data, &p);
        assert_eq!(weights_file(&m1, "t"), weights_file(&m2, "t"));
        for k in 0..3u32 {
            let pr = m1.probabilities(&[(0, 1.0), (1 + k, 1.0)]);
            let best = (0..3).max_by(|&a, &b| pr[a].total_cmp(&pr[b])).unwrap_or(9);
            assert_eq!(best, k as usize);
        }
    }
}

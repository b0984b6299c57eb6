//! `quotewire extract`: reads JSON Lines articles and writes one analysis (or one error object)
//! per line, in input order, never stopping at a bad line. Large inputs are cut into bounded
//! chunks whose lines are analysed by all cores (scoped std threads taking lines from a shared
//! counter) and written back in order, so memory stays bounded by the chunk size. A panic on
//! one line becomes an `internal` error object for that line. It owns no extraction rules; it
//! only moves lines in and out of [`crate::Extractor`].

use std::io::{BufRead, Write};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::analysis::{ErrorBody, ErrorRecord};
use crate::article::{Article, DEFAULT_MAX_BYTES};
use crate::Extractor;

/// Errors that stop a batch run (I/O on the streams, not bad articles).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("reading input: {0}")]
    Read(#[source] std::io::Error),
    #[error("writing output: {0}")]
    Write(#[source] std::io::Error),
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 1 runs on the calling thread.
    pub threads: usize,
    /// Largest accepted line, bytes.
    pub max_bytes: usize,
    /// A chunk ends after this many lines ...
    pub chunk_lines: usize,
    /// ... or this many bytes, whichever comes first.
    pub chunk_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            max_bytes: DEFAULT_MAX_BYTES,
            chunk_lines: 1024,
            chunk_bytes: 32 << 20,
        }
    }
}

/// Analyses one input line into the JSON line to print.
pub fn process_line(extractor: &Extractor, line: &[u8], max_bytes: usize) -> String {
    match Article::from_slice(line, max_bytes) {
        Ok(article) => {
            let analysis = extractor.extract(&article);
            serde_json::to_string(&analysis).unwrap_or_else(|e| error_line(Some(article.id), "internal", &e.to_string()))
        }
        Err(e) => error_line(Article::salvage_id(line), e.code(), &e.to_string()),
    }
}

/// [`process_line`], with a panic turned into an `internal` error object.
fn process_line_guarded(extractor: &Extractor, line: &[u8], max_bytes: usize) -> String {
    std::panic::catch_unwind(AssertUnwindSafe(|| process_line(extractor, line, max_bytes)))
        .unwrap_or_else(|_| error_line(Article::salvage_id(line), "internal", "extraction panicked on this article"))
}

fn error_line(article_id: Option<String>, code: &str, message: &str) -> String {
    let rec = ErrorRecord {
        article_id,
        error: ErrorBody { code: code.to_owned(), message: message.to_owned() },
    };
    serde_json::to_string(&rec).unwrap_or_else(|_| format!("{{\"article_id\":null,\"error\":{{\"code\":\"{code}\",\"message\":\"unprintable\"}}}}"))
}

/// Runs the batch over `input`, writing to `output`, on every core. Blank lines are skipped.
pub fn run<R: BufRead, W: Write>(extractor: &Extractor, input: R, output: W) -> Result<u64, BatchError> {
    run_with(extractor, input, output, &Options::default(), &mut |_, _| {})
}

/// Runs the batch with `opts`; `progress(bytes_read, lines_written)` is called after each chunk.
pub fn run_with<R: BufRead, W: Write>(
    extractor: &Extractor,
    mut input: R,
    mut output: W,
    opts: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, BatchError> {
    let mut written = 0u64;
    let mut bytes_read = 0u64;
    let mut chunk: Vec<Vec<u8>> = Vec::new();
    loop {
        chunk.clear();
        let mut chunk_size = 0usize;
        let mut eof = false;
        while chunk.len() < opts.chunk_lines.max(1) && chunk_size < opts.chunk_bytes {
            let mut line = Vec::new();
            let n = input.read_until(b'\n', &mut line).map_err(BatchError::Read)?;
            if n == 0 {
                eof = true;
                break;
            }
            bytes_read += n as u64;
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            chunk_size += line.len();
            chunk.push(line);
        }
        for out in analyse_chunk(extractor, &chunk, opts) {
            output.write_all(out.as_bytes()).map_err(BatchError::Write)?;
            output.write_all(b"\n").map_err(BatchError::Write)?;
            written += 1;
        }
        progress(bytes_read, written);
        if eof {
            break;
        }
    }
    output.flush().map_err(BatchError::Write)?;
    Ok(written)
}

/// The output lines of one chunk, in input order.
fn analyse_chunk(extractor: &Extractor, lines: &[Vec<u8>], opts: &Options) -> Vec<String> {
    let threads = opts.threads.max(1).min(lines.len());
    if threads <= 1 {
        return lines.iter().map(|l| process_line_guarded(extractor, l, opts.max_bytes)).collect();
    }
    let slots: Vec<OnceLock<String>> = (0..lines.len()).map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(line) = lines.get(i) else { break };
                let _ = slots[i].set(process_line_guarded(extractor, line, opts.max_bytes));
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(|| error_line(None, "internal", "line was not processed")))
        .collect()
}

/// A progress bar on stderr when stderr is a terminal (`None` otherwise); `total` is the input
/// size in bytes when known.
#[cfg(feature = "progress")]
pub fn terminal_progress(total: Option<u64>) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match total {
        Some(t) => {
            let bar = indicatif::ProgressBar::new(t);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {msg} ({eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        }
        None => indicatif::ProgressBar::new_spinner(),
    };
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(input: &str, opts: &Options) -> Vec<String> {
        let ex = Extractor::new();
        let mut out = Vec::new();
        run_with(&ex, input.as_bytes(), &mut out, opts, &mut |_, _| {}).unwrap();
        String::from_utf8(out).unwrap().lines().map(str::to_owned).collect()
    }

    fn ids(lines: &[String]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["article_id"].as_str().unwrap_or("?").to_owned()
            })
            .collect()
    }

    #[test]
    fn keeps_input_order_across_threads_and_chunks() {
        let mut input = String::new();
        for i in 0..50 {
            input.push_str(&format!("{{\"id\":\"a{i}\",\"body\":\"Ann said hello {i} times.\"}}\n"));
            if i % 7 == 0 {
                input.push_str("not json\n\n");
            }
        }
        let opts = Options { threads: 3, chunk_lines: 4, ..Options::default() };
        let lines = run_str(&input, &opts);
        assert_eq!(lines.len(), 58);
        let serial = run_str(&input, &Options { threads: 1, ..Options::default() });
        assert_eq!(lines, serial);
        let got = ids(&lines);
        assert_eq!(got[0], "a0");
        assert_eq!(got[1], "?");
        assert_eq!(got[2], "a1");
        assert_eq!(got[56], "a49");
        assert_eq!(got[57], "?");
    }

    #[test]
    fn bad_lines_become_error_objects_and_crlf_is_accepted() {
        let lines = run_str("{\"id\":\"x\",\"body\":5}\r\n{\"id\":\"y\",\"text\":\"Hi.\"}\r\n", &Options::default());
        let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(first["error"]["code"], "invalid_field");
        assert_eq!(first["article_id"], "x");
        let second: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!(second["article_id"], "y");
    }
}

//! `quotewire extract`: reads JSON Lines articles and writes one analysis (or one error object)
//! per line, in input order, never stopping at a bad line. It owns no extraction rules; it only
//! moves lines in and out of [`crate::Extractor`].

use std::io::{BufRead, Write};

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

fn error_line(article_id: Option<String>, code: &str, message: &str) -> String {
    let rec = ErrorRecord {
        article_id,
        error: ErrorBody { code: code.to_owned(), message: message.to_owned() },
    };
    serde_json::to_string(&rec).unwrap_or_else(|_| format!("{{\"article_id\":null,\"error\":{{\"code\":\"{code}\",\"message\":\"unprintable\"}}}}"))
}

/// Runs the batch over `input`, writing to `output`. Blank lines are skipped.
pub fn run<R: BufRead, W: Write>(extractor: &Extractor, input: R, mut output: W) -> Result<u64, BatchError> {
    let mut n = 0u64;
    for line in input.split(b'\n') {
        let line = line.map_err(BatchError::Read)?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let out = process_line(extractor, line, DEFAULT_MAX_BYTES);
        output.write_all(out.as_bytes()).map_err(BatchError::Write)?;
        output.write_all(b"\n").map_err(BatchError::Write)?;
        n += 1;
    }
    output.flush().map_err(BatchError::Write)?;
    Ok(n)
}

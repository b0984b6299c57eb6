//! The text model every stage shares: a [`Document`] lays the body out in paragraphs and
//! sentences (byte [`Span`]s), and [`CharIndex`] turns byte offsets into the contract's character
//! offsets.
//!
//! Paragraphs are separated by blank lines (a single newline also ends a paragraph when the next
//! line starts like a new one). Sentences end at `.`, `!`, `?` followed by space and a capital or
//! an opening mark, except after known abbreviations, initials and decimals. It does not find
//! quotes, names or dates; it only says where text units begin and end.

use super::Span;

/// The article body with its layout.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub body: &'a str,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
}

impl<'a> Document<'a> {
    pub fn new(body: &'a str) -> Document<'a> {
        let paragraphs = split_paragraphs(body);
        let mut sentences = Vec::new();
        for p in &paragraphs {
            split_sentences(body, *p, &mut sentences);
        }
        Document { body, paragraphs, sentences }
    }

    /// Index of the paragraph holding byte `pos` (the last one starting at or before it).
    pub fn paragraph_of(&self, pos: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.start <= pos);
        i.checked_sub(1)
    }

    /// Index of the sentence holding byte `pos`.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start <= pos);
        i.checked_sub(1)
    }
}

fn trim_span(body: &str, s: Span) -> Span {
    let t = s.of(body);
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    if lead == t.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

/// Paragraphs: runs of text separated by one or more blank lines.
pub fn split_paragraphs(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut line_start = 0usize;
    let mut prev_blank = false;
    for (i, ch) in body.char_indices() {
        if ch == '\n' {
            let line = &body[line_start..i];
            let blank = line.trim().is_empty();
            if blank && !prev_blank {
                let p = trim_span(body, Span::new(start, line_start));
                if !p.is_empty() {
                    out.push(p);
                }
            }
            if blank {
                start = i + 1;
            }
            prev_blank = blank;
            line_start = i + 1;
        }
    }
    let p = trim_span(body, Span::new(start, body.len()));
    if !p.is_empty() {
        out.push(p);
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "mt", "ft", "rev",
    "hon", "pres", "messrs", "sens", "reps", "gens", "adm", "cmdr", "maj", "supt", "ave", "blvd",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    // initials ("J.") and dotted acronyms ("U.S.")
    if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
        return true;
    }
    ABBREVIATIONS.contains(&w)
}

/// Appends the sentences of paragraph `para` to `out`.
pub fn split_sentences(body: &str, para: Span, out: &mut Vec<Span>) {
    let text = para.of(body);
    let mut start = 0usize;
    let mut word_start = 0usize;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        if ch.is_whitespace() {
            word_start = i + ch.len_utf8();
            continue;
        }
        if matches!(ch, '.' | '!' | '?') {
            // swallow closing marks and repeated terminators
            let mut end = i + ch.len_utf8();
            while let Some(&(j, c)) = iter.peek() {
                if matches!(c, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | '»' | ')' | ']') {
                    end = j + c.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let rest = &text[end..];
            let next = rest.trim_start();
            if rest.len() == next.len() && !rest.is_empty() {
                continue; // no space after: "3.5", "U.S.A"
            }
            let next_char = next.chars().next();
            let starts_new = match next_char {
                None => true,
                Some(c) => c.is_uppercase() || c.is_numeric() || "\"'“‘«(".contains(c),
            };
            if ch == '.' && is_abbreviation(&text[word_start..i + 1]) {
                continue;
            }
            if starts_new {
                let s = trim_span(body, Span::new(para.start + start, para.start + end));
                if !s.is_empty() {
                    out.push(s);
                }
                start = end;
            }
        }
    }
    let s = trim_span(body, Span::new(para.start + start, para.end));
    if !s.is_empty() {
        out.push(s);
    }
}

/// Converts byte offsets into character (Unicode scalar value) offsets in O(log n).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// (byte offset just after a multi-byte char, bytes saved so far) for every multi-byte char.
    extra: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(body: &str) -> CharIndex {
        let mut extra = Vec::new();
        if !body.is_ascii() {
            let mut saved = 0usize;
            for (i, ch) in body.char_indices() {
                let l = ch.len_utf8();
                if l > 1 {
                    saved += l - 1;
                    extra.push((i + l, saved));
                }
            }
        }
        CharIndex { extra }
    }

    /// Character offset of byte offset `byte` (which should be on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let i = self.extra.partition_point(|&(b, _)| b <= byte);
        let saved = if i == 0 { 0 } else { self.extra[i - 1].1 };
        byte - saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_scalar_values() {
        let body = "a“é”b😀c";
        let idx = CharIndex::new(body);
        for (ci, (bi, _)) in body.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci);
        }
        assert_eq!(idx.char_offset(body.len()), body.chars().count());
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let body = "One.\n\n\nTwo two.\r\n\r\nThree.";
        let ps: Vec<&str> = split_paragraphs(body).iter().map(|p| p.of(body)).collect();
        assert_eq!(ps, vec!["One.", "Two two.", "Three."]);
    }

    #[test]
    fn sentences_respect_abbreviations_and_decimals() {
        let body = "Mr. Smith paid $3.5 million in the U.S. on Monday. He left. Dr. J. Doe stayed!";
        let doc = Document::new(body);
        let ss: Vec<&str> = doc.sentences.iter().map(|s| s.of(body)).collect();
        assert_eq!(
            ss,
            vec!["Mr. Smith paid $3.5 million in the U.S. on Monday.", "He left.", "Dr. J. Doe stayed!"]
        );
    }
}

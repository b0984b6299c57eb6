//! Tokens for the date tagger: one pass over the body splits it into runs of letters and digits
//! ("Feb", "1990s", "7th", "100M") and single punctuation marks, each with its byte span, its
//! lower-case text and whether a space or a line break precedes it. Apostrophes inside words are
//! punctuation, so "today's" is "today" + "'" + "s". It knows no vocabulary.

use crate::extract::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters only.
    Alpha,
    /// Digits only.
    Digits,
    /// Letters and digits mixed ("1990s", "7th", "100M").
    Mixed,
    /// One punctuation or symbol character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub span: Span,
    pub kind: Kind,
    /// Whitespace directly before the token.
    pub space_before: bool,
    /// A line break in the whitespace before the token.
    pub newline_before: bool,
    /// The first letter is upper case.
    pub capital: bool,
}

/// Splits `body` into tokens. Linear; one allocation.
pub fn tokenize(body: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(body.len() / 4);
    let mut space = false;
    let mut newline = false;
    let mut cur: Option<(usize, bool, bool, bool)> = None; // start, has_alpha, has_digit, capital
    let flush = |out: &mut Vec<Token>, cur: &mut Option<(usize, bool, bool, bool)>, end: usize, sp: &mut bool, nl: &mut bool| {
        if let Some((s, a, d, cap)) = cur.take() {
            let kind = match (a, d) {
                (true, false) => Kind::Alpha,
                (false, true) => Kind::Digits,
                _ => Kind::Mixed,
            };
            out.push(Token { span: Span::new(s, end), kind, space_before: *sp, newline_before: *nl, capital: cap });
            *sp = false;
            *nl = false;
        }
    };
    for (i, ch) in body.char_indices() {
        if crate::extract::text::is_alphanumeric(ch) {
            let alpha = !ch.is_ascii_digit();
            match cur.as_mut() {
                Some(c) => {
                    c.1 |= alpha;
                    c.2 |= !alpha;
                }
                None => cur = Some((i, alpha, !alpha, ch.is_uppercase())),
            }
            continue;
        }
        flush(&mut out, &mut cur, i, &mut space, &mut newline);
        if ch.is_whitespace() {
            space = true;
            newline |= ch == '\n';
        } else {
            out.push(Token {
                span: Span::new(i, i + ch.len_utf8()),
                kind: Kind::Punct,
                space_before: space,
                newline_before: newline,
                capital: false,
            });
            space = false;
            newline = false;
        }
    }
    flush(&mut out, &mut cur, body.len(), &mut space, &mut newline);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_and_marks() {
        let body = "On Feb. 7th, today's 1990s\n100M";
        let toks = tokenize(body);
        let texts: Vec<&str> = toks.iter().map(|t| t.span.of(body)).collect();
        assert_eq!(texts, vec!["On", "Feb", ".", "7th", ",", "today", "'", "s", "1990s", "100M"]);
        assert_eq!(toks[3].kind, Kind::Mixed);
        assert!(toks[3].space_before);
        assert!(!toks[2].space_before);
        assert!(toks[9].newline_before);
        assert!(toks[1].capital);
    }
}

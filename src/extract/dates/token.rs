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

/// Splits `body` into tokens. Linear; one allocation. ASCII is classified byte by byte; other
/// characters are decoded and classified as by [`crate::extract::text::is_alphanumeric`] and
/// `char::is_whitespace`.
pub fn tokenize(body: &str) -> Vec<Token> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(body.len() / 4);
    let mut space = false;
    let mut newline = false;
    let mut i = 0;
    while i < bytes.len() {
        let (ch, len) = char_at(body, i);
        if crate::extract::text::is_alphanumeric(ch) {
            // a run of letters and digits
            let start = i;
            let capital = ch.is_uppercase();
            let (mut alpha, mut digit) = (false, false);
            let mut c = ch;
            let mut l = len;
            loop {
                let d = c.is_ascii_digit();
                alpha |= !d;
                digit |= d;
                i += l;
                let Some(&b) = bytes.get(i) else { break };
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    (c, l) = (char::from(b), 1);
                } else {
                    (c, l) = char_at(body, i);
                    if !crate::extract::text::is_alphanumeric(c) {
                        break;
                    }
                }
            }
            let kind = match (alpha, digit) {
                (true, false) => Kind::Alpha,
                (false, true) => Kind::Digits,
                _ => Kind::Mixed,
            };
            out.push(Token { span: Span::new(start, i), kind, space_before: space, newline_before: newline, capital });
            space = false;
            newline = false;
            continue;
        }
        if ch.is_whitespace() {
            space = true;
            newline |= ch == '\n';
        } else {
            out.push(Token { span: Span::new(i, i + len), kind: Kind::Punct, space_before: space, newline_before: newline, capital: false });
            space = false;
            newline = false;
        }
        i += len;
    }
    out
}

/// The character at byte `i` (a character boundary) and its length in bytes.
#[inline]
fn char_at(body: &str, i: usize) -> (char, usize) {
    match body.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (char::from(b), 1),
        _ => match body.get(i..).and_then(|s| s.chars().next()) {
            Some(c) => (c, c.len_utf8()),
            None => ('\0', 1),
        },
    }
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

    #[test]
    fn non_ascii_letters_spaces_and_marks() {
        let body = "Él dijo\u{a0}«hoy» 12º—x\u{2019}s";
        let toks = tokenize(body);
        let texts: Vec<&str> = toks.iter().map(|t| t.span.of(body)).collect();
        assert_eq!(texts, vec!["Él", "dijo", "«", "hoy", "»", "12º", "—", "x", "\u{2019}", "s"]);
        assert!(toks[0].capital);
        assert_eq!(toks[0].kind, Kind::Alpha);
        assert!(toks[2].space_before);
        assert_eq!(toks[5].kind, Kind::Mixed);
        assert!(!toks[6].space_before);
    }
}

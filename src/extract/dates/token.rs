//! Tokens for the date tagger: one pass over the body splits it into runs of letters and digits
//! ("Feb", "1990s", "7th", "100M") and single punctuation marks, each with its byte span, its
//! kind, whether its first letter is a capital and whether a space or a line break precedes
//! it. Apostrophes inside words are punctuation, so "today's" is "today" + "'" + "s". It knows
//! no vocabulary.

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

/// What a byte is to the tokenizer, as bits: an ASCII letter, an ASCII digit, ASCII white
/// space (as `char::is_whitespace`: tab to carriage return and space), or the first or a later
/// byte of a non-ASCII character (decoded and classified); 0 for the other ASCII bytes.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;
const NON_ASCII: u8 = 8;

const BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The kind of a run of letters and digits by the classes seen in it (`LETTER | DIGIT` bits;
/// a run has at least one, so index 0 is never read): a look-up instead of a branchy match.
const RUN_KIND: [Kind; 4] = [Kind::Mixed, Kind::Alpha, Kind::Digits, Kind::Mixed];

/// Splits `body` into tokens. Linear; one allocation. ASCII is classified byte by byte from a
/// table; other characters are decoded and classified as by
/// [`crate::extract::text::is_alphanumeric`] and `char::is_whitespace`, out of line
/// ([`wide`], [`run_on`]), so that the loop over ASCII keeps its state in registers.
pub fn tokenize(body: &str) -> Vec<Token> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(body.len() / 4);
    let mut space = false;
    let mut newline = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = BYTE_CLASS[usize::from(b)];
        if class & (LETTER | DIGIT) != 0 {
            // a run of letters and digits from an ASCII one (the common token; the rest of the
            // loop, with what is not ASCII, is out of line)
            let start = i;
            let mut seen;
            (i, seen) = ascii_run(bytes, i + 1, class);
            if bytes.get(i).is_some_and(|&b| b >= 0x80) {
                (i, seen) = run_on(body, i, seen);
            }
            let kind = RUN_KIND[usize::from(seen & (LETTER | DIGIT))];
            out.push(Token { span: Span::new(start, i), kind, space_before: space, newline_before: newline, capital: b.is_ascii_uppercase() });
            newline = false;
            space = space_after(bytes, i);
            i += usize::from(space);
            continue;
        }
        if class == SPACE {
            // a run of ASCII white space
            space = true;
            newline |= b == b'\n';
            i += 1;
            while let Some(&b) = bytes.get(i).filter(|&&b| BYTE_CLASS[usize::from(b)] == SPACE) {
                newline |= b == b'\n';
                i += 1;
            }
            continue;
        }
        if class == 0 {
            out.push(Token { span: Span::new(i, i + 1), kind: Kind::Punct, space_before: space, newline_before: newline, capital: false });
            space = false;
            newline = false;
            i += 1;
            continue;
        }
        i = wide(body, i, &mut space, &mut newline, &mut out);
    }
    out
}

/// One space before the next token, as between most words, is passed right after a run of
/// letters and digits ending at `i`: is there one (a space that no other white space follows)?
#[inline]
fn space_after(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_some_and(|&b| BYTE_CLASS[usize::from(b)] != SPACE)
}

/// The end of the ASCII letters and digits of `bytes` from `i` on, and `seen` with their
/// classes. Inline, so that [`tokenize`]'s loop keeps its state in registers.
#[inline(always)]
fn ascii_run(bytes: &[u8], mut i: usize, mut seen: u8) -> (usize, u8) {
    while let Some(&b) = bytes.get(i) {
        let c = BYTE_CLASS[usize::from(b)];
        if c & (LETTER | DIGIT) == 0 {
            break;
        }
        seen |= c;
        i += 1;
    }
    (i, seen)
}

/// The end of a run of letters and digits that goes on at byte `i`, and the classes seen in it
/// (`seen` with those of its bytes from `i`): ASCII letters and digits, and non-ASCII letters
/// and digits (as letters).
fn run_on(body: &str, mut i: usize, mut seen: u8) -> (usize, u8) {
    let bytes = body.as_bytes();
    loop {
        (i, seen) = ascii_run(bytes, i, seen);
        // a non-ASCII letter or digit goes on with the run
        match bytes.get(i) {
            Some(&b) if b >= 0x80 => {
                let (c, l) = char_at(body, i);
                if !crate::extract::text::is_alphanumeric(c) {
                    break;
                }
                seen |= LETTER;
                i += l;
            }
            _ => break,
        }
    }
    (i, seen)
}

/// The token at byte `i`, which starts a non-ASCII character, pushed to `out` (white space is
/// noted in `space` instead): a run of letters and digits, or one mark. Returns where the next
/// token may start.
#[inline(never)]
fn wide(body: &str, i: usize, space: &mut bool, newline: &mut bool, out: &mut Vec<Token>) -> usize {
    let (ch, len) = char_at(body, i);
    if crate::extract::text::is_alphanumeric(ch) {
        let (end, seen) = run_on(body, i + len, LETTER);
        let kind = RUN_KIND[usize::from(seen & (LETTER | DIGIT))];
        out.push(Token { span: Span::new(i, end), kind, space_before: *space, newline_before: *newline, capital: ch.is_uppercase() });
        *newline = false;
        *space = space_after(body.as_bytes(), end);
        return end + usize::from(*space);
    }
    if ch.is_whitespace() {
        *space = true;
        return i + len;
    }
    out.push(Token { span: Span::new(i, i + len), kind: Kind::Punct, space_before: *space, newline_before: *newline, capital: false });
    *space = false;
    *newline = false;
    i + len
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

    // The tokenizer before it skipped white space in runs and kept its classes as bits.
    /// What a byte is to the tokenizer.
    const R_OTHER: u8 = 0;
    const R_LETTER: u8 = 1;
    const R_DIGIT: u8 = 2;
    const R_SPACE: u8 = 3;
    /// A byte of a non-ASCII character: the character is decoded and classified.
    const R_NON_ASCII: u8 = 4;

    /// [`R_LETTER`], [`R_DIGIT`], [`R_SPACE`] (as `char::is_whitespace`: tab to carriage return and
    /// space) or [`R_OTHER`] for every ASCII byte, [`R_NON_ASCII`] for the others.
    const R_BYTE_CLASS: [u8; 256] = {
        let mut t = [R_NON_ASCII; 256];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = if c.is_ascii_alphabetic() {
                R_LETTER
            } else if c.is_ascii_digit() {
                R_DIGIT
            } else if matches!(c, b'\t'..=b'\r' | b' ') {
                R_SPACE
            } else {
                R_OTHER
            };
            b += 1;
        }
        t
    };

    /// Splits `body` into tokens. Linear; one allocation. ASCII is classified byte by byte from a
    /// table; other characters are decoded and classified as by
    /// [`crate::extract::text::is_alphanumeric`] and `char::is_whitespace`.
    fn tokenize_reference(body: &str) -> Vec<Token> {
        let bytes = body.as_bytes();
        let mut out = Vec::with_capacity(body.len() / 4);
        let mut space = false;
        let mut newline = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (ch, len) = char_at(body, i);
            let class = match R_BYTE_CLASS[usize::from(b)] {
                R_NON_ASCII if crate::extract::text::is_alphanumeric(ch) => R_LETTER,
                R_NON_ASCII if ch.is_whitespace() => R_SPACE,
                R_NON_ASCII => R_OTHER,
                c => c,
            };
            match class {
                R_LETTER | R_DIGIT => {
                    // a run of letters and digits (an ASCII digit is a digit, any other is a letter)
                    let start = i;
                    let capital = ch.is_uppercase();
                    let (mut alpha, mut digit) = (!ch.is_ascii_digit(), ch.is_ascii_digit());
                    i += len;
                    loop {
                        while let Some(&b) = bytes.get(i) {
                            match R_BYTE_CLASS[usize::from(b)] {
                                R_LETTER => alpha = true,
                                R_DIGIT => digit = true,
                                _ => break,
                            }
                            i += 1;
                        }
                        // a non-ASCII letter or digit goes on with the run
                        match bytes.get(i) {
                            Some(&b) if b >= 0x80 => {
                                let (c, l) = char_at(body, i);
                                if !crate::extract::text::is_alphanumeric(c) {
                                    break;
                                }
                                alpha = true;
                                i += l;
                            }
                            _ => break,
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
                }
                R_SPACE => {
                    space = true;
                    newline |= b == b'\n';
                    i += len;
                }
                _ => {
                    out.push(Token { span: Span::new(i, i + len), kind: Kind::Punct, space_before: space, newline_before: newline, capital: false });
                    space = false;
                    newline = false;
                    i += len;
                }
            }
        }
        out
    }

    fn same(a: &[Token], b: &[Token]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (x.span, x.kind, x.space_before, x.newline_before, x.capital) == (y.span, y.kind, y.space_before, y.newline_before, y.capital)
            })
    }

    #[test]
    fn equals_the_reference_tokenizer() {
        const PIECES: &[&str] = &[
            "a", "Ab", "Z", "7", "1990s", "x9", " ", "  ", "\n", "\r\n", "\t", "\u{b}", ".", ",", "'", "\u{2019}", "\u{201c}",
            "\u{a0}", "\u{2028}", "\u{3000}", "\u{e9}", "\u{c9}l", "\u{5e9}", "\u{661}", "\u{ba}", "\u{2014}", "\u{1f600}", "\u{200b}",
            "\u{0}", "\u{7f}", "\u{85}", "Feb", "MAR", "12\u{ba}", "internationally", "Z9z9", "\u{e9}t\u{e9}", "9\u{e9}",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..4000 {
            let mut t = String::new();
            for _ in 0..(n % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            assert!(same(&tokenize(&t), &tokenize_reference(&t)), "{t:?}");
        }
    }

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

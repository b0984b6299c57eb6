//! Pairs quotation marks inside one paragraph and returns the top-level quoted stretches.
//!
//! Knows every common style: “ ” " „ « » 「 」 『 』 `` '' (double family) and ‘ ’ ' ‚ ‹ › (single
//! family). A closing mark of the same family closes whatever opened it, so mismatched pairs
//! (“ … ") still close. Apostrophes are told apart from single quotes by their neighbours
//! (don't, Jones' book, 'til, the '90s). Quotes nested inside a quote stay inside it. A quote
//! still open at the end of the paragraph ends there (multi-paragraph quotes reopen in the next
//! paragraph; a stray mark never swallows the rest of the article). It does not decide whether
//! a quoted stretch is speech; that is [`super::quotes`]. One pass over the paragraph's
//! punctuation tokens ([`super::text::tokenize_into`]), linear.

use super::cues::CueLexicon;
use super::text::{is_space_like, is_word_char, Token, TokenKind};
use super::Span;

/// A top-level quoted stretch of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    /// From the opening mark to the end of the closing mark (or the paragraph end when open).
    pub span: Span,
    /// Byte length of the opening mark.
    pub open_len: usize,
    /// Byte length of the closing mark; 0 when the paragraph ended first.
    pub close_len: usize,
}

impl Marked {
    pub fn closed(&self) -> bool {
        self.close_len > 0
    }
    /// The words between the marks.
    pub fn inner(&self) -> Span {
        Span::new(self.span.start + self.open_len, self.span.end - self.close_len)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

/// Deepest nesting tracked; deeper marks are ignored.
const MAX_DEPTH: usize = 4;

fn opens_after(c: Option<char>) -> bool {
    // an opening mark follows a space, the paragraph start, an opening bracket or dash
    match c {
        None => true,
        Some(c) => is_space_like(c) || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '"' | '«'),
    }
}

/// Is `c` one of the marks [`scan`] reads?
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '`' | '\'' | '"' | '“' | '”' | '‘' | '’' | '‚' | '„' | '‹' | '›' | '«' | '»' | '「' | '」' | '『' | '』'
    )
}

/// Top-level quotes of `para` (a paragraph span of `body`), in order, read from every byte
/// (what [`scan_tokens`] gives reading only the marks the tokenizer set apart).
#[cfg(test)]
pub fn scan(body: &str, para: Span, lex: &CueLexicon) -> Vec<Marked> {
    let mut out = Vec::new();
    scan_at(body, para, lex, &mut out, 0..para.len());
    out
}

/// The open marks of [`scan_into`]: (byte offset in text, family, mark length), at most
/// [`MAX_DEPTH`] of them, in place (no allocation per paragraph).
struct Stack {
    items: [(usize, Family, usize); MAX_DEPTH],
    len: usize,
}

impl Stack {
    fn iter(&self) -> std::slice::Iter<'_, (usize, Family, usize)> {
        self.items[..self.len].iter()
    }
    fn len(&self) -> usize {
        self.len
    }
    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
    /// Pushes when there is room (callers check [`MAX_DEPTH`] first).
    fn push(&mut self, item: (usize, Family, usize)) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = item;
            self.len += 1;
        }
    }
    fn first(&self) -> Option<&(usize, Family, usize)> {
        self.items[..self.len].first()
    }
}

impl std::ops::Index<usize> for Stack {
    type Output = (usize, Family, usize);
    fn index(&self, i: usize) -> &Self::Output {
        &self.items[..self.len][i]
    }
}

/// Appends the top-level quotes of `para` (a paragraph span of `body`) to `out`, in order,
/// given the paragraph's tokens ([`super::text::tokenize_into`]): only its punctuation tokens
/// are read. A mark that is no punctuation token is an apostrophe inside a word ("don't",
/// "O’Brien"): the tokenizer keeps one there only between two word characters, where the
/// scan takes it for an inner apostrophe and does nothing.
pub fn scan_tokens(body: &str, para: Span, toks: &[Token], lex: &CueLexicon, out: &mut Vec<Marked>) {
    let at = toks.iter().filter(|t| t.kind == TokenKind::Punct).map(|t| t.span.start.wrapping_sub(para.start));
    scan_at(body, para, lex, out, at);
}

/// Appends the top-level quotes of `para` to `out`, reading the characters that start at the
/// offsets `at` (in text order, relative to the paragraph; the others are taken for no mark).
fn scan_at(body: &str, para: Span, lex: &CueLexicon, out: &mut Vec<Marked>, at: impl Iterator<Item = usize>) {
    let text = para.of(body);
    let base = para.start;
    // open marks: (byte offset in text, family, mark length)
    let mut stack = Stack { items: [(0, Family::Double, 0); MAX_DEPTH], len: 0 };
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    let close = |stack: &mut Stack, out: &mut Vec<Marked>, fam: Family, end: usize, len: usize| -> bool {
        if let Some(pos) = stack.iter().rposition(|&(_, f, _)| f == fam) {
            let (start, _, open_len) = stack[pos];
            stack.truncate(pos);
            if pos == 0 {
                out.push(Marked { span: Span::new(base + start, base + end), open_len, close_len: len });
            }
            true
        } else {
            false
        }
    };
    for i in at {
        // (the second mark of a pair read as one, "``" and "''")
        if i < pos {
            continue;
        }
        // Only marks matter: skip every byte that cannot start one (the ASCII marks, and the
        // lead bytes of « » (C2), of the curly and angle marks (E2 80) and of the CJK brackets
        // (E3 80)); a lead byte is always on a char boundary.
        if !bytes.get(i).is_some_and(|b| matches!(b, b'`' | b'\'' | b'"' | 0xC2 | 0xE2 | 0xE3)) {
            continue;
        }
        let Some(ch) = text[i..].chars().next() else { break };
        pos = i + ch.len_utf8();
        if !is_mark(ch) {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let next = text[pos..].chars().next();
        let next_is_word = next.is_some_and(is_word_char);
        let prev_is_word = prev.is_some_and(|c| is_word_char(c) || matches!(c, '.' | ',' | '!' | '?' | ';' | '…'));
        let open_double = stack.iter().any(|&(_, f, _)| f == Family::Double);
        let open_single = stack.iter().any(|&(_, f, _)| f == Family::Single);
        let push = |stack: &mut Stack, fam: Family, len: usize| {
            if fam == Family::Double {
                // a double mark opening inside an open single one: the single was an apostrophe
                if let Some(pos) = stack.iter().position(|&(_, f, _)| f == Family::Single) {
                    stack.truncate(pos);
                }
            }
            if stack.len() < MAX_DEPTH {
                stack.push((i, fam, len));
            }
        };
        match ch {
            '`' if next == Some('`') => {
                push(&mut stack, Family::Double, 2);
                pos = i + 2;
                continue;
            }
            '\'' if next == Some('\'') => {
                // two apostrophes written as a double mark
                let end = i + 2;
                let after = text[i + 2..].chars().next();
                if open_double && (prev_is_word || !after.is_some_and(is_word_char)) {
                    close(&mut stack, &mut *out, Family::Double, end, 2);
                } else if opens_after(prev) {
                    push(&mut stack, Family::Double, 2);
                }
                pos = i + 2;
                continue;
            }
            '"' => {
                if open_double && !(prev.is_some_and(is_space_like) && next_is_word && !prev_is_word) {
                    close(&mut stack, &mut *out, Family::Double, i + 1, 1);
                } else if open_double {
                    // a space before and a word after: the previous quote never closed; it ends
                    // here and a new one opens
                    close(&mut stack, &mut *out, Family::Double, i, 0);
                    push(&mut stack, Family::Double, 1);
                } else if opens_after(prev) || !prev_is_word {
                    push(&mut stack, Family::Double, 1);
                }
            }
            '“' => {
                if open_double && prev_is_word && !next_is_word {
                    close(&mut stack, &mut *out, Family::Double, i + ch.len_utf8(), ch.len_utf8()); // „…“
                } else {
                    push(&mut stack, Family::Double, ch.len_utf8());
                }
            }
            '„' | '「' | '『' => push(&mut stack, Family::Double, ch.len_utf8()),
            '«' => {
                if open_double && prev_is_word && !next_is_word {
                    close(&mut stack, &mut *out, Family::Double, i + ch.len_utf8(), ch.len_utf8()); // »…«
                } else {
                    push(&mut stack, Family::Double, ch.len_utf8());
                }
            }
            '”' | '»' | '」' | '』' => {
                let closed = close(&mut stack, &mut *out, Family::Double, i + ch.len_utf8(), ch.len_utf8());
                if !closed && opens_after(prev) && next_is_word {
                    push(&mut stack, Family::Double, ch.len_utf8()); // ”…” and »…« styles
                }
            }
            '‘' | '‚' | '‹' => {
                if open_single && prev_is_word && !next_is_word && ch == '‘' {
                    close(&mut stack, &mut *out, Family::Single, i + ch.len_utf8(), ch.len_utf8()); // ‚…‘
                } else if opens_after(prev) && next.is_some_and(|c| ch == '‹' || !is_space_like(c)) && !elided(&text[pos..], lex) {
                    push(&mut stack, Family::Single, ch.len_utf8());
                }
            }
            '’' | '›' | '\'' => {
                let l = ch.len_utf8();
                if ch == '›' && open_single {
                    close(&mut stack, &mut *out, Family::Single, i + l, l);
                } else if prev_is_word && next_is_word {
                    // inner apostrophe: don't, O'Brien
                } else if open_single && prev.is_some_and(|c| !is_space_like(c)) && !next_is_word {
                    close(&mut stack, &mut *out, Family::Single, i + l, l);
                } else if opens_after(prev) && next_is_word && (ch == '›' || ch == '\'' && !elided(&text[pos..], lex)) {
                    push(&mut stack, Family::Single, l);
                }
            }
            _ => {}
        }
    }
    // Still open at the paragraph end: a double quote runs to the end (multi-paragraph quotes);
    // an unclosed single mark was an apostrophe.
    if let Some(&(start, fam, open_len)) = stack.first() {
        if fam == Family::Double {
            let end = text.trim_end_matches(is_space_like).len();
            if end > start + open_len {
                out.push(Marked { span: Span::new(base + start, base + end), open_len, close_len: 0 });
            }
        }
    }
}

/// Is the mark followed by `rest` the apostrophe of an elision ('til, 'em) or a year ('90s)?
fn elided(rest: &str, lex: &CueLexicon) -> bool {
    let mut word = String::new();
    for c in rest.chars().take(8) {
        if is_word_char(c) {
            word.push(c);
        } else {
            break;
        }
    }
    word.chars().next().is_some_and(|c| c.is_ascii_digit()) || lex.is_elision(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(body: &str) -> Vec<String> {
        let lex = CueLexicon::new();
        let para = Span::new(0, body.len());
        let found = scan(body, para, &lex);
        let mut toks = Vec::new();
        crate::extract::text::tokenize_into(body, para, &mut toks);
        let mut from_tokens = Vec::new();
        scan_tokens(body, para, &toks, &lex, &mut from_tokens);
        assert_eq!(from_tokens, found, "{body:?}");
        found.iter().map(|m| m.span.of(body).to_string()).collect()
    }

    #[test]
    fn the_tokens_give_the_marks_of_every_byte() {
        // texts of marks, apostrophes, words and spaces in every order, read by paragraphs
        // that start after the body's start
        const PIECES: &[&str] = &[
            "a", "Don", "t", "90s", "til", "em", " ", "  ", "\n", ".", ",", "!", "(", "-", "\u{2014}", "\u{a0}", "\u{e9}", "\u{1F600}",
            "'", "\"", "`", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{201a}", "\u{201e}", "\u{2039}", "\u{203a}", "\u{ab}",
            "\u{bb}", "\u{300c}", "\u{300d}", "\u{300e}", "\u{300f}", "\u{2011}", "U.S.", "No.",
        ];
        let lex = CueLexicon::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..4000 {
            let mut t = String::from("x ");
            for _ in 0..(n % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let para = Span::new(2, t.len());
            let mut toks = Vec::new();
            crate::extract::text::tokenize_into(&t, para, &mut toks);
            let mut from_tokens = Vec::new();
            scan_tokens(&t, para, &toks, &lex, &mut from_tokens);
            assert_eq!(from_tokens, scan(&t, para, &lex), "{t:?}");
        }
    }

    #[test]
    fn curly_and_straight_pairs() {
        assert_eq!(quotes("“Yes,” she said. \"No,\" he said."), vec!["“Yes,”", "\"No,\""]);
    }

    #[test]
    fn mismatched_closer_still_closes() {
        assert_eq!(quotes("“It was a success,\" Ann Lee said."), vec!["“It was a success,\""]);
    }

    #[test]
    fn european_and_cjk_styles() {
        assert_eq!(quotes("Er sagte: „Wir gehen.“ Gut."), vec!["„Wir gehen.“"]);
        assert_eq!(quotes("Il a dit « Non » hier."), vec!["« Non »"]);
        assert_eq!(quotes("Er sagte »ja« dann."), vec!["»ja«"]);
        assert_eq!(quotes("他说「好的」。"), vec!["「好的」"]);
        assert_eq!(quotes("He said ‹ oui › then."), vec!["‹ oui ›"]);
        assert_eq!(quotes("She said ‚ja‘ today."), vec!["‚ja‘"]);
    }

    #[test]
    fn latex_and_double_apostrophes() {
        assert_eq!(quotes("``Go home,'' he said."), vec!["``Go home,''"]);
        assert_eq!(quotes("''We won,'' she said."), vec!["''We won,''"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes("Don't wait 'til the '90s return to Jones' book.").is_empty());
        assert!(quotes("It’s the dog’s bone, rock ’n’ roll.").is_empty());
        assert!(quotes("Rock 'em, the O'Briens said.").is_empty());
    }

    #[test]
    fn single_quotes_top_level() {
        assert_eq!(quotes("Kim: ‘We will win.’"), vec!["‘We will win.’"]);
        assert_eq!(quotes("He said 'never again' twice."), vec!["'never again'"]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            quotes("“He told me ‘no way’ and left,” she said."),
            vec!["“He told me ‘no way’ and left,”"]
        );
        assert_eq!(quotes("\"She called it 'great,'\" he said."), vec!["\"She called it 'great,'\""]);
    }

    #[test]
    fn unclosed_quote_ends_at_paragraph() {
        assert_eq!(quotes("“We will fight on. "), vec!["“We will fight on."]);
    }

    #[test]
    fn emoji_and_rtl_inside_quotes() {
        assert_eq!(quotes("“Great 😀 day,” she said."), vec!["“Great 😀 day,”"]);
        assert_eq!(quotes("He wrote “שלום עולם” twice."), vec!["“שלום עולם”"]);
    }
}

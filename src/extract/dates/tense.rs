//! Tense of the clause around an expression: whether "Friday" or "March" lies behind or ahead
//! of the publication date. The nearest tense cue (lexicon `future`/`past` words, and words
//! ending in "-ed") before the expression decides, else the nearest after it, looking at most a
//! fixed number of tokens each way inside the sentence, so the cost per expression is bounded.
//! It does not parse; it only reads cue words.

use super::lexicon::{Tense, TokenEntry};
use super::scan::TokenInfo;
use super::token::{Kind, Token};

const WINDOW: usize = 12;
/// Looking after the expression only reaches the rest of its own clause.
const AFTER_WINDOW: usize = 5;

fn cue(e: &TokenEntry, word: &str) -> Option<Tense> {
    if let Some(t) = e.tense {
        return Some(t);
    }
    if word.len() > 4 && word.ends_with("ed") {
        return Some(Tense::Past);
    }
    None
}

/// Tense around the expression covering tokens `start..end`, within the sentence tokens
/// `lo..hi`. `info` is each token's lexicon entry and lower-case text, as the scanner looked
/// them up ([`super::scan::Scanner::info`]): the cue words are flags of the entries.
pub fn tense_at(toks: &[Token], info: &[TokenInfo<'_>], start: usize, end: usize, lo: usize, hi: usize) -> Option<Tense> {
    let at = |i: usize| -> Option<(&TokenEntry, &str)> {
        let t = toks.get(i)?;
        if t.kind == Kind::Alpha || t.kind == Kind::Punct {
            info.get(i).map(|x| (x.entry, x.w))
        } else {
            None
        }
    };
    let word = |i: usize| at(i).map(|x| x.1);
    let mut i = start;
    let mut steps = 0;
    while i > lo && steps < WINDOW {
        i -= 1;
        steps += 1;
        let (e, w) = match at(i) {
            Some(x) => x,
            None => continue,
        };
        // "'ll" is "'" + "ll"
        if w == "ll" && i > 0 && matches!(word(i - 1), Some("'") | Some("’")) {
            return Some(Tense::Future);
        }
        // "set to resume", "as early as"
        if e.future_to && word(i + 1) == Some("to") {
            return Some(Tense::Future);
        }
        if w == "early" && i > 0 && word(i - 1) == Some("as") && word(i + 1) == Some("as") {
            return Some(Tense::Future);
        }
        if let Some(t) = cue(e, w) {
            return Some(t);
        }
    }
    let mut i = end;
    let mut steps = 0;
    while i < hi && steps < AFTER_WINDOW {
        let x = at(i);
        i += 1;
        steps += 1;
        if let Some((e, w)) = x {
            if matches!(w, ";" | "." | "that" | "and" | "but" | "when" | "while" | "as") {
                break; // another clause
            }
            if let Some(t) = cue(e, w) {
                return Some(t);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dates::lexicon::Lexicon;
    use crate::extract::dates::scan::Scanner;
    use crate::extract::dates::token::tokenize;

    fn tense_of(s: &str, word: &str) -> Option<Tense> {
        let lx = Lexicon::new();
        let toks = tokenize(s);
        let lower = s.to_ascii_lowercase();
        let i = toks.iter().position(|t| t.span.of(s) == word).unwrap();
        let scanner = Scanner::new(&lx, s, &lower, &toks);
        tense_at(&toks, scanner.info(), i, i + 1, 0, toks.len())
    }

    #[test]
    fn nearest_cue_decides() {
        assert_eq!(tense_of("The minister will visit Paris on Friday.", "Friday"), Some(Tense::Future));
        assert_eq!(tense_of("The minister visited Paris on Friday.", "Friday"), Some(Tense::Past));
        assert_eq!(tense_of("He said the team will play Friday.", "Friday"), Some(Tense::Future));
        assert_eq!(tense_of("Friday, the minister resigned.", "Friday"), Some(Tense::Past));
        assert_eq!(tense_of("They'll meet Friday.", "Friday"), Some(Tense::Future));
        assert_eq!(tense_of("Friday is a holiday.", "Friday"), None);
        assert_eq!(tense_of("Talks are set to resume Monday.", "Monday"), Some(Tense::Future));
        assert_eq!(tense_of("He could come as early as Tuesday.", "Tuesday"), Some(Tense::Future));
    }
}

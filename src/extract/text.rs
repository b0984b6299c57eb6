//! The text model every stage shares: a [`Document`] lays the body out in paragraphs and
//! sentences (byte [`Span`]s), and [`CharIndex`] turns byte offsets into the contract's character
//! offsets.
//!
//! Paragraphs are separated by blank lines (a single newline also ends a paragraph when the next
//! line starts like a new one). Sentences end at `.`, `!`, `?` followed by space and a capital or
//! an opening mark, except after known abbreviations, initials and decimals. It does not find
//! quotes, names or dates; it only says where text units begin and end.

use super::wordlist::word_list;
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
        // room for sentences of 64 bytes on average, so that news text rarely regrows it
        let mut sentences = Vec::with_capacity(body.len() / 64 + 4);
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

/// The span without leading and trailing spaces (including NBSP, zero-width and control chars).
pub fn trim_span(body: &str, s: Span) -> Span {
    let t = s.of(body);
    // the common case without decoding: a visible ASCII character at both ends
    let visible = |b: u8| b > b' ' && b < 0x7f;
    if let (Some(&first), Some(&last)) = (t.as_bytes().first(), t.as_bytes().last()) {
        if visible(first) && visible(last) {
            return s;
        }
    }
    let lead = t.len() - t.trim_start_matches(is_space_like).len();
    let trail = t.len() - t.trim_end_matches(is_space_like).len();
    if lead == t.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

/// True for characters that separate words but are not `char::is_whitespace`: zero-width
/// spaces, the byte-order mark, word joiner and C0/C1 control characters.
pub fn is_space_like(c: char) -> bool {
    if c.is_ascii() {
        // ASCII whitespace (tab to CR, space) and controls (NUL to US, DEL)
        return c <= ' ' || c == '\x7f';
    }
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}') || c.is_control()
}

#[cfg(test)]
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}')
}

/// Does a line that ends with `prev` and is followed by a line starting with `next` close its
/// paragraph? Yes after a sentence end or a closing mark, before an opening mark or a bullet,
/// and after a short heading-like line; no inside hard-wrapped running text.
fn single_break_ends_paragraph(prev: &str, next: &str) -> bool {
    let p = prev.trim_matches(is_space_like);
    let n = next.trim_matches(is_space_like);
    let (Some(last), Some(first)) = (p.chars().last(), n.chars().next()) else { return true };
    if matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | '»' | '\'' | ')' | '」' | '…') {
        return true;
    }
    if matches!(first, '"' | '“' | '‘' | '«' | '„' | '「' | '-' | '–' | '—' | '•' | '*' | '<' | '>') {
        return true;
    }
    p.chars().count() < 50 && !first.is_lowercase()
}

/// Paragraphs: runs of text separated by blank lines (CRLF, CR, U+2028/2029 and form feeds count
/// as line breaks; a line of only spaces, NBSP or zero-width characters is blank), or by a single
/// line break where [`single_break_ends_paragraph`] says the text starts anew.
pub fn split_paragraphs(body: &str) -> Vec<Span> {
    // room for paragraphs of 128 bytes on average, so that news text rarely regrows it
    let mut out = Vec::with_capacity(body.len() / 128 + 4);
    let mut para: Option<(usize, usize)> = None;
    // the line before the current one (not blank whenever `para` is open)
    let mut prev: (usize, usize) = (0, 0);
    let blank = |l: (usize, usize)| body[l.0..l.1].chars().all(is_space_like);
    each_line(body, |l| {
        if blank(l) {
            if let Some((s, e)) = para.take() {
                push_trimmed(body, Span::new(s, e), &mut out);
            }
            prev = l;
            return;
        }
        para = Some(match para {
            None => (l.0, l.1),
            Some((s, e)) => {
                if single_break_ends_paragraph(&body[prev.0..prev.1], &body[l.0..l.1]) {
                    push_trimmed(body, Span::new(s, e), &mut out);
                    (l.0, l.1)
                } else {
                    (s, l.1)
                }
            }
        });
        prev = l;
    });
    if let Some((s, e)) = para {
        push_trimmed(body, Span::new(s, e), &mut out);
    }
    out
}

/// The lines of [`each_line`], collected (for the tests).
#[cfg(test)]
fn lines_of(body: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    each_line(body, |l| lines.push(l));
    lines
}

/// Hands the lines of `body` to `f` in order, as (start, end) byte ranges without their
/// terminators (`is_line_break`; CRLF is one break). One pass over the bytes: the breaks are
/// the ASCII `\n`, `\r`, VT and FF, and NEL, U+2028 and U+2029, whose UTF-8 forms start with the
/// bytes 0xC2 and 0xE2; any other byte is skipped without decoding.
fn each_line(body: &str, mut f: impl FnMut((usize, usize))) {
    let bytes = body.as_bytes();
    let mut line_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // eight bytes at a time while none can start a break: no byte below 0x0E (the ASCII
        // breaks are 0x0A to 0x0D) and none at or above 0x80 (NEL and U+2028/9 start with 0xC2
        // and 0xE2)
        while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let x = u64::from_le_bytes(chunk);
            let below = x.wrapping_sub(0x0E0E_0E0E_0E0E_0E0E) & !x & 0x8080_8080_8080_8080;
            let hit = below | (x & 0x8080_8080_8080_8080);
            if hit != 0 {
                // straight to the first such byte (the lowest lane flagged is exact: a false
                // flag can only follow a true one), passing the ones before it
                i += (hit.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        let len = match b {
            b'\n' | 0x0B | 0x0C => 1,
            b'\r' => {
                // CRLF: the line feed belongs to this break
                f((line_start, i));
                line_start = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                i = line_start;
                continue;
            }
            0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(&(0xA8 | 0xA9))) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        f((line_start, i));
        line_start = i + len;
        i = line_start;
    }
    f((line_start, body.len()));
}

fn push_trimmed(body: &str, s: Span, out: &mut Vec<Span>) {
    let t = trim_span(body, s);
    if !t.is_empty() {
        out.push(t);
    }
}

word_list!(
    /// Abbreviations whose full stop does not end a sentence (lower case, without the final dot).
    ABBREVIATIONS,
    include_str!("../../lexicon/abbreviations.txt")
);

/// Longest word [`pack_lower`] keys.
pub(crate) const MAX_KEY_BYTES: usize = 7;

/// An ASCII word of at most [`MAX_KEY_BYTES`] bytes, lower-cased, as one integer (its length in
/// the top byte): two words key equal exactly when their lower-case forms are equal (a longer
/// word keys by its first bytes and its length). Also the language stage's function-word keys.
pub(crate) const fn pack_lower(word: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < word.len() && i < MAX_KEY_BYTES {
        k = (k << 8) | word[i].to_ascii_lowercase() as u64;
        i += 1;
    }
    k | ((word.len() as u64) << 56)
}

/// [`ABBREVIATIONS`] as sorted keys ([`pack_lower`]), built when compiling, for a binary search.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        assert!(ABBREVIATIONS.bytes(i).len() <= MAX_KEY_BYTES, "an abbreviation longer than a key");
        keys[i] = pack_lower(ABBREVIATIONS.bytes(i));
        i += 1;
    }
    sorted_keys(keys)
};

/// `keys` in ascending order, when compiling (an insertion sort: the tables are small).
pub(crate) const fn sorted_keys<const N: usize>(mut keys: [u64; N]) -> [u64; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
}

word_list!(
    /// Abbreviations that stand before a name and never end a sentence.
    TITLES,
    include_str!("../../lexicon/title_abbreviations.txt")
);

word_list!(
    /// Capitalised words that open a sentence after an abbreviation ("… the U.S. He said …").
    SENTENCE_OPENERS,
    include_str!("../../lexicon/sentence_openers.txt")
);

/// Longest word [`is_abbreviation`] considers ("U.S.A.", "Sept.", "Messrs." fit easily).
const MAX_ABBREVIATION_BYTES: usize = 24;

/// Is `word` (ending with its dot) an abbreviation, given the text that follows it?
/// Initials ("J."), dotted acronyms ("U.S.") and the listed words; "No." only before a number.
/// (`next` may still start with the spaces after the word: only the rare "No." case reads it.)
fn is_abbreviation(word: &str, next: &str) -> bool {
    // No abbreviation is this long; the bound keeps a text without spaces linear (its "word"
    // before each full stop would otherwise be everything since the paragraph start).
    if word.len() > MAX_ABBREVIATION_BYTES {
        return false;
    }
    // (a word of the tokenizer mostly starts with an ASCII letter or digit: nothing to trim)
    let t = match word.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => word,
        _ => word.trim_start_matches(|c: char| !c.is_alphanumeric()),
    };
    if t.is_ascii() {
        // The same decisions without allocating: ASCII lowercasing keeps lengths, letters,
        // digits and dots, so only the list look-ups need the lowercase form (in a small buffer;
        // longer words are in no list).
        let mut b = t.as_bytes();
        while let [rest @ .., b'.'] = b {
            b = rest;
        }
        let t = &t[..b.len()];
        if t.len() == 1 && b[0].is_ascii_alphabetic() {
            return true;
        }
        // dotted initials ("u.s", "d.c"): one byte between dots, so a dot second (the test
        // every other word fails at once)
        if b.get(1) == Some(&b'.') && b.split(|&c| c == b'.').all(|p| p.len() == 1) {
            return true;
        }
        // no listed word is longer than a key holds
        if t.len() > MAX_KEY_BYTES {
            return false;
        }
        let key = pack_lower(t.as_bytes());
        if key == pack_lower(b"no") {
            let next = next.trim_start_matches(is_space_like);
            return word.starts_with('N') && next.chars().next().is_some_and(|c| c.is_ascii_digit());
        }
        return ABBREVIATION_KEYS.binary_search(&key).is_ok();
    }
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let w = w.trim_end_matches('.');
    if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
        return true;
    }
    if w.contains('.') && w.split('.').all(|p| p.chars().count() == 1) {
        return true; // "d.c", "u.k"
    }
    if w == "no" {
        let next = next.trim_start_matches(is_space_like);
        return word.starts_with('N') && next.chars().next().is_some_and(|c| c.is_ascii_digit());
    }
    ABBREVIATIONS.contains(w)
}

/// Appends the sentences of paragraph `para` to `out`.
pub fn split_sentences(body: &str, para: Span, out: &mut Vec<Span>) {
    let text = para.of(body);
    let bytes = text.as_bytes();
    let mut start = 0usize;
    // Where the word before a terminator starts: after the last space-like char before it.
    // Non-ASCII spaces are seen on the way (`wide_space`); ASCII ones (bytes up to 0x20 and
    // DEL, which never occur inside a multi-byte char) are looked for backwards from the
    // terminator, down to where the previous look stopped (`looked`), so each byte is looked
    // at once (`ascii_space`: after the last one found).
    let (mut ascii_space, mut wide_space, mut looked) = (0usize, 0usize, 0usize);
    let mut i = 0usize;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while i < bytes.len() {
        // eight bytes at a time while none is a terminator ('.', '!', '?') or non-ASCII
        while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let x = u64::from_le_bytes(chunk);
            let hit = has_zero(x ^ (ONES * u64::from(b'.')))
                | has_zero(x ^ (ONES * u64::from(b'!')))
                | has_zero(x ^ (ONES * u64::from(b'?')))
                | (x & HIGH);
            if hit != 0 {
                // straight to the first such byte (the lowest lane flagged is exact: a false
                // flag can only follow a true one), passing the ones before it
                i += (hit.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        // other ASCII (spaces included, see above) is skipped without decoding
        if b < 0x80 && !matches!(b, b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let Some(ch) = char_at(text, i) else { break };
        let len = ch.len_utf8();
        if is_space_like(ch) {
            wide_space = i + len;
            i += len;
            continue;
        }
        if !matches!(ch, '.' | '!' | '?' | '…') {
            i += len;
            continue;
        }
        if let Some(k) = bytes[looked..i].iter().rposition(|&c| c <= b' ' || c == 0x7f) {
            ascii_space = looked + k + 1;
        }
        looked = i;
        let word_start = ascii_space.max(wide_space);
        let (end, breaks) = sentence_end(text, i, ch, word_start);
        i = end;
        if breaks {
            let s = trim_span(body, Span::new(para.start + start, para.start + end));
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = trim_span(body, Span::new(para.start + start, para.end));
    if !s.is_empty() {
        out.push(s);
    }
}

/// After the terminator `ch` at byte `at` of `text` ending the word that starts at `word_start`:
/// where the sentence would end (closing marks and repeated terminators swallowed) and whether
/// it ends there (a space and a sentence start follow, and it is no abbreviation such as "Mr."
/// or "p.m." before a word that does not open sentences).
fn sentence_end(text: &str, at: usize, ch: char, word_start: usize) -> (usize, bool) {
    let mut end = at + ch.len_utf8();
    while let Some(c) = char_at(text, end) {
        if matches!(c, '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | '»' | '›' | '」' | ')' | ']') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    let rest = &text[end..];
    let next = rest.trim_start_matches(is_space_like);
    if rest.len() == next.len() && !rest.is_empty() {
        return (end, false); // no space after: "3.5", "U.S.A"
    }
    let starts_new = match next.chars().next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_numeric() || "\"'“‘«„(「`".contains(c),
    };
    // (an abbreviation only keeps a sentence going: when none would start, it is not looked for)
    if starts_new && ch == '.' && end == at + 1 && is_abbreviation(&text[word_start..at + 1], next) {
        // "at 7 p.m. He left": after an abbreviation that is not a title, a sentence
        // opener still starts a new sentence
        let word = text[word_start..at].trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let opener = next.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        if TITLES.contains(&word) || word.chars().count() == 1 || !SENTENCE_OPENERS.contains(opener) {
            return (end, false);
        }
    }
    (end, starts_new)
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits) with inner apostrophes, hyphens and dots: "don't", "U.S.", "Mr.".
    Word,
    /// Starts with a digit: "3.5", "1990s", "34-year-old".
    Number,
    /// Any other single non-space character: punctuation, quotation marks, symbols, emoji.
    Punct,
}

/// One token with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// [`Token::CAPITAL`] and [`Token::ASCII`] bits, worked out as the token is read, so that
    /// later rules need not read its bytes again for them.
    pub flags: u8,
}

impl Token {
    /// [`Token::flags`]: a [`TokenKind::Word`] whose first character is upper case
    /// (`char::is_uppercase`).
    pub const CAPITAL: u8 = 1;
    /// [`Token::flags`]: every byte of the token is ASCII.
    pub const ASCII: u8 = 2;
    /// A word that begins with a capital ([`Token::CAPITAL`]).
    #[inline]
    pub fn is_capital(&self) -> bool {
        self.flags & Token::CAPITAL != 0
    }
    /// A token of ASCII bytes only ([`Token::ASCII`]).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.flags & Token::ASCII != 0
    }
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        self.span.of(body)
    }
    pub fn is_word(&self) -> bool {
        self.kind != TokenKind::Punct
    }
}

/// The General Punctuation block (U+2000 to U+206F): spaces, dashes, curly quotation marks,
/// ellipsis, format characters. None of them is a letter or a digit (a unit test checks every
/// one), and news text is full of them, so the tests below answer for them without the Unicode
/// tables.
fn in_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

/// `char::is_alphanumeric`, without the Unicode tables for ASCII and General Punctuation.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !in_general_punctuation(c) && c.is_alphanumeric()
    }
}

/// `char::is_alphabetic`, without the Unicode tables for ASCII and General Punctuation.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !in_general_punctuation(c) && c.is_alphabetic()
    }
}

/// Letters, digits, and the joiners and combining marks that live inside words.
pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0E31}'..='\u{0E3A}')
}

/// The character starting at byte `at` of `text` (ASCII read without decoding); `None` at the
/// end or inside a character.
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(at..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// Tokens of `span` in order. Linear; spaces (including NBSP and zero-width) separate tokens.
pub fn tokenize(body: &str, span: Span) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(body, span, &mut out);
    out
}

/// The ASCII letters and digits (the one-byte word characters of [`is_word_char`]), per byte;
/// the stages' tokenisers read word runs from it.
pub(crate) static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// What the tokenizer makes of a byte that starts a character ([`FIRST_BYTE`]): space-like
/// (passed), a one-byte mark, the first byte of a word (with its kind and capital), or the lead
/// byte of a longer character (decoded).
const SPACE_BYTE: u8 = 0;
const MARK_BYTE: u8 = 1;
const WIDE_BYTE: u8 = 2;
/// A word's first byte: [`WORD_BYTE`], with [`Token::CAPITAL`] for an upper-case letter and
/// [`NUMBER_BYTE`] for a digit.
const WORD_BYTE: u8 = 4;
const NUMBER_BYTE: u8 = 8;
const _: () = assert!(Token::CAPITAL < WORD_BYTE && Token::ASCII < WORD_BYTE);

/// Per byte, its class for the tokenizer: ASCII controls, space and DEL are space-like, ASCII
/// letters and digits begin a word ([`ASCII_WORD`]), the other ASCII bytes are marks, and every
/// other byte is wide.
static FIRST_BYTE: [u8; 256] = {
    let mut t = [WIDE_BYTE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c <= b' ' || c == 0x7f {
            SPACE_BYTE
        } else if c.is_ascii_digit() {
            WORD_BYTE | NUMBER_BYTE
        } else if c.is_ascii_uppercase() {
            WORD_BYTE | Token::CAPITAL
        } else if c.is_ascii_lowercase() {
            WORD_BYTE
        } else {
            MARK_BYTE
        };
        b += 1;
    }
    t
};

/// Appends the tokens of `span` to `out`.
pub fn tokenize_into(body: &str, span: Span, out: &mut Vec<Token>) {
    let text = span.of(body);
    let base = span.start;
    let bytes = text.as_bytes();
    // one pass over the bytes; ASCII characters are read without decoding, and the common
    // ASCII word ended by a space is read here, the rest by [`word_end`] and [`wide_token`]
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        // ASCII without decoding: space-like, a mark, or a word's first byte (its kind and
        // capital in its class)
        let class = FIRST_BYTE[usize::from(b)];
        if class == SPACE_BYTE {
            i += 1;
            continue;
        }
        if class == MARK_BYTE {
            out.push(Token { span: Span::new(base + i, base + i + 1), kind: TokenKind::Punct, flags: Token::ASCII });
            i += 1;
            continue;
        }
        if class == WIDE_BYTE {
            match wide_token(text, base, i, out) {
                Some(next) => i = next,
                None => break,
            }
            continue;
        }
        // one-byte word characters, the bulk of a word, from a table (a slice search: no
        // bounds check per byte)
        let rest = bytes.get(i + 1..).unwrap_or(&[]);
        let mut end = i + 1 + rest.iter().position(|&b| !ASCII_WORD[usize::from(b)]).unwrap_or(rest.len());
        let mut flags = Token::ASCII | (class & Token::CAPITAL);
        // the common end of a word: an ASCII space or control, which neither continues it nor
        // is a connector (and which the next token's search would only pass)
        let space_after = if bytes.get(end).is_some_and(|&b| b <= b' ') {
            true
        } else {
            let space_after;
            (end, space_after, flags) = word_end(text, i, end, flags);
            space_after
        };
        let kind = if class & NUMBER_BYTE != 0 { TokenKind::Number } else { TokenKind::Word };
        out.push(Token { span: Span::new(base + i, base + end), kind, flags });
        i = end + usize::from(space_after);
    }
}

/// The token of `text` (a span starting at `base` of the body) that starts at `i` with a
/// character that is not ASCII: passed when space-like, else pushed to `out`. Returns where the
/// next token may start (`None` when `i` is inside a character).
#[inline(never)]
fn wide_token(text: &str, base: usize, i: usize, out: &mut Vec<Token>) -> Option<usize> {
    let ch = char_at(text, i)?;
    let len = ch.len_utf8();
    if is_space_like(ch) {
        return Some(i + len);
    }
    if !is_word_char(ch) {
        out.push(Token { span: Span::new(base + i, base + i + len), kind: TokenKind::Punct, flags: 0 });
        return Some(i + len);
    }
    let (end, space_after, ascii) = word_end(text, i, i + len, 0);
    let (kind, flags) =
        if ch.is_numeric() { (TokenKind::Number, ascii) } else { (TokenKind::Word, ascii | (u8::from(ch.is_uppercase()) * Token::CAPITAL)) };
    out.push(Token { span: Span::new(base + i, base + end), kind, flags });
    Some(end + usize::from(space_after))
}

/// The end of the word of `text` that starts at `i` and holds its characters up to `end` so
/// far (`end` is where the next character starts), with whether an ASCII space or control ends
/// it, and `flags` without [`Token::ASCII`] when it takes a character that is not ASCII. Takes
/// word characters, and connectors (apostrophes, hyphens, dots, a comma between digits) that a
/// word character follows; a dot ending an abbreviation stays with its word.
#[inline(never)]
fn word_end(text: &str, i: usize, mut end: usize, mut flags: u8) -> (usize, bool, u8) {
    let bytes = text.as_bytes();
    let char_at = |at: usize| char_at(text, at);
    loop {
        // one-byte word characters, from the table
        let rest = bytes.get(end..).unwrap_or(&[]);
        end += rest.iter().position(|&b| !ASCII_WORD[usize::from(b)]).unwrap_or(rest.len());
        if bytes.get(end).is_some_and(|&b| b <= b' ') {
            return (end, true, flags);
        }
        let Some(c) = char_at(end) else { break };
        let j = end;
        // (an ASCII character here is no word character: the table took those)
        if !c.is_ascii() && is_word_char(c) {
            end = j + c.len_utf8();
            flags &= !Token::ASCII;
            continue;
        }
        // the word so far ends in an ASCII digit exactly when its last byte is one
        let digits = c == ',' && j > 0 && bytes[j - 1].is_ascii_digit();
        if matches!(c, '\'' | '’' | '-' | '.' | '‑') || digits {
            // a connector stays inside the word only when a word character follows it
            // (a comma only between digits: "10,000")
            let after = char_at(j + c.len_utf8());
            if after.is_some_and(|a| if digits { a.is_ascii_digit() } else { is_word_char(a) }) {
                end = j + c.len_utf8();
                if !c.is_ascii() {
                    flags &= !Token::ASCII;
                }
                continue;
            }
            if c == '.' && is_abbreviation(&text[i..j + 1], &text[j + 1..]) {
                end = j + 1;
            }
        }
        break;
    }
    (end, false, flags)
}

/// Converts byte offsets into character (Unicode scalar value) offsets in O(1).
///
/// Keeps the body and, when it is not ASCII, the number of characters before every block of
/// [`CHAR_BLOCK`] bytes (4 bytes per 8 bytes of body, whatever the text; the output converts
/// many offsets, so a short count per offset is worth the index); an offset counts the
/// characters that start in its block before it (at most 7 bytes, without decoding).
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    body: &'a [u8],
    /// Characters before byte `k * CHAR_BLOCK`; empty when the body is ASCII.
    blocks: Vec<u32>,
}

/// Bytes per block of [`CharIndex`].
const CHAR_BLOCK: usize = 8;
const _: () = assert!(CHAR_BLOCK == 8, "a block is one u64 word");

/// The UTF-8 continuation bytes (`10xxxxxx`) among the eight bytes of `x`: each such byte's
/// flag is moved to its lowest bit and the eight flags are summed into the top byte by one
/// multiplication (at most 8, so no byte overflows), cheaper than `count_ones` without a
/// popcount instruction in the baseline target.
#[inline]
fn continuation_bytes(x: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // the top bit of a byte set and the next one clear (`x << 1` brings each byte's bit 6
    // under its bit 7; what crosses into the next byte lands below its bit 7)
    let flags = (x & !(x << 1) & HIGH) >> 7;
    (flags.wrapping_mul(ONES) >> 56) as usize
}

/// Characters starting in `bytes`: the bytes that are not UTF-8 continuation bytes
/// (`10xxxxxx`), counted eight at a time.
#[inline]
fn char_starts(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0usize;
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        continuation += continuation_bytes(u64::from_le_bytes(word));
    }
    continuation += chunks.remainder().iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuation
}

impl<'a> CharIndex<'a> {
    pub fn new(body: &'a str) -> CharIndex<'a> {
        let bytes = body.as_bytes();
        let mut blocks = Vec::new();
        if !body.is_ascii() {
            blocks.reserve(bytes.len() / CHAR_BLOCK + 1);
            // (a body has fewer characters than `u32` counts: articles are bounded far below)
            let mut chars = 0u32;
            let mut whole = bytes.chunks_exact(CHAR_BLOCK);
            // (one block is one word: its count without the loop of `char_starts`)
            blocks.extend((&mut whole).map(|block| {
                let before = chars;
                let mut word = [0u8; CHAR_BLOCK];
                word.copy_from_slice(block);
                chars = chars.wrapping_add((CHAR_BLOCK - continuation_bytes(u64::from_le_bytes(word))) as u32);
                before
            }));
            if !whole.remainder().is_empty() {
                blocks.push(chars);
                chars = chars.wrapping_add(char_starts(whole.remainder()) as u32);
            }
            blocks.push(chars); // for an offset at the end of a body of whole blocks
        }
        CharIndex { body: bytes, blocks }
    }

    /// Character offset of byte offset `byte` (which should be on a char boundary; inside a
    /// character it counts the bytes of that character up to `byte`, past the end the bytes
    /// past it, as if they were one-byte characters).
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.blocks.is_empty() {
            return byte;
        }
        let len = self.body.len();
        let b = byte.min(len);
        // back to the start of the character holding `b` (at most 3 continuation bytes)
        let mut start = b;
        while start > 0 && start < len && (self.body[start] as i8) < -0x40 {
            start -= 1;
        }
        let k = start / CHAR_BLOCK;
        let before = self.blocks.get(k).map_or(0, |&c| c as usize) + char_starts(&self.body[k * CHAR_BLOCK..start]);
        before + (byte - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char line scan `lines_of` replaced.
    fn lines_reference(body: &str) -> Vec<(usize, usize)> {
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut line_start = 0usize;
        let mut skip_lf = false;
        for (i, ch) in body.char_indices() {
            if skip_lf {
                skip_lf = false;
                if ch == '\n' {
                    line_start = i + 1;
                    continue;
                }
            }
            if is_line_break(ch) {
                lines.push((line_start, i));
                line_start = i + ch.len_utf8();
                skip_lf = ch == '\r';
            }
        }
        lines.push((line_start, body.len()));
        lines
    }

    /// The char-by-char scan `split_sentences` used before it skipped bytes (the decision at a
    /// terminator, [`sentence_end`], is shared).
    fn split_sentences_reference(body: &str, para: Span, out: &mut Vec<Span>) {
        let text = para.of(body);
        let mut start = 0usize;
        let mut word_start = 0usize;
        let mut iter = text.char_indices().peekable();
        while let Some((i, ch)) = iter.next() {
            if is_space_like(ch) {
                word_start = i + ch.len_utf8();
                continue;
            }
            if matches!(ch, '.' | '!' | '?' | '…') {
                let (end, breaks) = sentence_end(text, i, ch, word_start);
                while iter.peek().is_some_and(|&(j, _)| j < end) {
                    iter.next();
                }
                if breaks {
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

    /// Texts built from pieces that touch every branch of the scans: terminators, closing marks,
    /// abbreviations, every kind of line break and space, multi-byte characters.
    fn scan_texts() -> Vec<String> {
        const PIECES: &[&str] = &[
            "a", "Ab", "U.S.", "Mr.", " ", "  ", ".", "!", "?", "\u{2026}", "\"", "\u{201d}", "\u{2019}", ")", "]",
            "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}", "\u{a0}", "\u{200b}",
            "\u{e9}t\u{e9}", "3", "5", "No.", "p.m.", "the quick brown fox jumps", "abcdefgh", "\u{2028}x\n\u{0B}", "He", "\u{201c}", "\u{2014}", "\u{2212}", "\u{c2}", "\t", "x\u{7f}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut out = Vec::new();
        for n in 0..3000 {
            let mut t = String::new();
            for _ in 0..(n % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            out.push(t);
        }
        out.push(std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap_or_default());
        out
    }

    #[test]
    fn fast_character_classes_equal_the_standard_ones() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// The vector-of-lines `split_paragraphs` the streaming one replaced.
    fn paragraphs_reference(body: &str) -> Vec<Span> {
        let lines = lines_reference(body);
        let mut out = Vec::new();
        let mut para: Option<(usize, usize)> = None;
        for (k, l) in lines.iter().enumerate() {
            if body[l.0..l.1].chars().all(is_space_like) {
                if let Some((s, e)) = para.take() {
                    push_trimmed(body, Span::new(s, e), &mut out);
                }
                continue;
            }
            para = Some(match para {
                None => (l.0, l.1),
                Some((s, e)) => {
                    if single_break_ends_paragraph(&body[lines[k - 1].0..lines[k - 1].1], &body[l.0..l.1]) {
                        push_trimmed(body, Span::new(s, e), &mut out);
                        (l.0, l.1)
                    } else {
                        (s, l.1)
                    }
                }
            });
        }
        if let Some((s, e)) = para {
            push_trimmed(body, Span::new(s, e), &mut out);
        }
        out
    }

    /// The tokenizer before ASCII was classified without decoding.
    fn tokenize_into_reference(body: &str, span: Span, out: &mut Vec<Token>) {
        let text = span.of(body);
        let base = span.start;
        let bytes = text.as_bytes();
        // one pass over the bytes; ASCII characters are read without decoding
        let char_at = |at: usize| char_at(text, at);
        let mut i = 0usize;
        while let Some(ch) = char_at(i) {
            let len = ch.len_utf8();
            if is_space_like(ch) {
                i += len;
                continue;
            }
            if !is_word_char(ch) {
                out.push(Token { span: Span::new(base + i, base + i + len), kind: TokenKind::Punct, flags: if ch.is_ascii() { Token::ASCII } else { 0 } });
                i += len;
                continue;
            }
            // `end`: the end of the word so far, which is also where the next character starts
            let mut end = i + len;
            loop {
                // one-byte word characters, the bulk of a word, from a table
                while bytes.get(end).is_some_and(|&b| ASCII_WORD[usize::from(b)]) {
                    end += 1;
                }
                let Some(c) = char_at(end) else { break };
                let j = end;
                if is_word_char(c) {
                    end = j + c.len_utf8();
                    continue;
                }
                // the word so far ends in an ASCII digit exactly when its last byte is one
                let digits = c == ',' && j > 0 && bytes[j - 1].is_ascii_digit();
                if matches!(c, '\'' | '’' | '-' | '.' | '‑') || digits {
                    // a connector stays inside the word only when a word character follows it
                    // (a comma only between digits: "10,000")
                    let after = char_at(j + c.len_utf8());
                    if after.is_some_and(|a| if digits { a.is_ascii_digit() } else { is_word_char(a) }) {
                        end = j + c.len_utf8();
                        continue;
                    }
                    if c == '.' && is_abbreviation(&text[i..j + 1], text[j + 1..].trim_start_matches(is_space_like)) {
                        end = j + 1;
                    }
                }
                break;
            }
            let kind = if ch.is_numeric() { TokenKind::Number } else { TokenKind::Word };
            let capital = kind == TokenKind::Word && ch.is_uppercase();
            let ascii = text[i..end].is_ascii();
            out.push(Token { span: Span::new(base + i, base + end), kind, flags: (u8::from(capital) * Token::CAPITAL) | (u8::from(ascii) * Token::ASCII) });
            i = end;
        }
    }

    #[test]
    fn tokens_equal_the_reference_tokenizer() {
        for t in scan_texts() {
            let whole = Span::new(0, t.len());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize_into(&t, whole, &mut a);
            tokenize_into_reference(&t, whole, &mut b);
            assert_eq!(a, b, "{t:?}");
            // spans that end inside the text, some of them inside a word
            for p in split_paragraphs(&t).into_iter().chain((1..t.len()).step_by(7).filter(|&e| t.is_char_boundary(e)).map(|e| Span::new(0, e))) {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                tokenize_into(&t, p, &mut a);
                tokenize_into_reference(&t, p, &mut b);
                assert_eq!(a, b, "{t:?} {p:?}");
            }
        }
    }

    #[test]
    fn byte_scans_equal_the_char_scans() {
        for t in scan_texts() {
            assert_eq!(lines_of(&t), lines_reference(&t), "{t:?}");
            assert_eq!(split_paragraphs(&t), paragraphs_reference(&t), "{t:?}");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for p in split_paragraphs(&t) {
                split_sentences(&t, p, &mut a);
                split_sentences_reference(&t, p, &mut b);
            }
            assert_eq!(a, b, "{t:?}");
            let whole = Span::new(0, t.len());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            split_sentences(&t, whole, &mut a);
            split_sentences_reference(&t, whole, &mut b);
            assert_eq!(a, b, "{t:?}");
        }
    }


    #[test]
    fn char_starts_counts_as_the_byte_test() {
        for t in scan_texts() {
            let b = t.as_bytes();
            for cut in [0, 1, 7, 8, 9, 15, 16, 17, b.len() / 2, b.len()] {
                let part = &b[..cut.min(b.len())];
                assert_eq!(char_starts(part), part.iter().filter(|&&x| (x as i8) >= -0x40).count(), "{t:?}");
            }
        }
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(char_starts(&all), all.iter().filter(|&&x| (x as i8) >= -0x40).count());
    }

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
    fn space_like_fast_path_agrees_with_the_definition() {
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32) {
            let slow = c.is_whitespace()
                || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
                || c.is_control();
            assert_eq!(is_space_like(c), slow, "{:?}", c);
        }
    }

    #[test]
    fn the_abbreviation_lists_hold_plain_words() {
        let lists = [ABBREVIATIONS.iter().collect::<Vec<_>>(), TITLES.iter().collect(), SENTENCE_OPENERS.iter().collect()];
        for list in &lists {
            assert!(list.len() >= 20, "{list:?}");
            for w in list {
                assert!(!w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'), "{w:?}");
            }
        }
        // every title is an abbreviation, or "Sen. He" would end a sentence the title keeps open
        for t in TITLES.iter() {
            assert!(ABBREVIATIONS.contains(t), "{t}");
        }
        assert!(SENTENCE_OPENERS.contains("However") && !SENTENCE_OPENERS.contains("however"));
    }

    #[test]
    fn abbreviation_keys_answer_as_the_list() {
        let mut words: Vec<String> = ABBREVIATIONS.iter().map(|w| w.to_string()).collect();
        assert!(words.len() > 40 && words.contains(&"messrs".to_string()), "the list is read");
        words.extend(ABBREVIATIONS.iter().map(|w| w.to_uppercase()));
        words.extend(["", "n", "no", "No", "NO", "nov", "novx", "said", "messrsx", "governments", "mr\u{0}", "co2", "u.s.a"].map(String::from));
        for w in &words {
            let slow = {
                let l = w.to_ascii_lowercase();
                ABBREVIATIONS.contains(&l)
            };
            let fast = w.len() <= MAX_KEY_BYTES && ABBREVIATION_KEYS.binary_search(&pack_lower(w.as_bytes())).is_ok();
            assert_eq!(fast, slow, "{w:?}");
        }
    }

    #[test]
    fn abbreviations_without_allocation() {
        assert!(is_abbreviation("J.", "Doe"));
        assert!(is_abbreviation("(U.S.", "He"));
        assert!(is_abbreviation("Mr.", "Smith"));
        assert!(is_abbreviation("MESSRS.", "Smith"));
        assert!(is_abbreviation("No.", "10"));
        assert!(!is_abbreviation("no.", "10"));
        assert!(!is_abbreviation("No.", "Then"));
        assert!(!is_abbreviation("said.", "He"));
        assert!(!is_abbreviation("governments.", "He"));
        assert!(is_abbreviation("É.", "Zola"));
        // the text after the word may still hold its spaces
        assert!(is_abbreviation("No.", " \u{a0}10"));
        assert!(!is_abbreviation("No.", " Then"));
        // dotted initials: one letter between dots, wherever the word starts
        assert!(is_abbreviation("A.B.", "Then"));
        assert!(is_abbreviation("\"d.c.", "then"));
        assert!(!is_abbreviation("u..s.", "He"));
        assert!(!is_abbreviation("ab.c.", "He"));
        assert!(!is_abbreviation("a.bc.", "He"));
    }

    /// The former implementation: one (end, bytes saved) entry per multi-byte character.
    fn char_offset_reference(body: &str, byte: usize) -> usize {
        let mut saved = 0usize;
        for (i, ch) in body.char_indices() {
            if i + ch.len_utf8() <= byte {
                saved += ch.len_utf8() - 1;
            }
        }
        byte - saved
    }

    #[test]
    fn char_index_agrees_with_counting_at_every_byte() {
        let mut long = String::new();
        for k in 0..700 {
            long.push_str(["a", "“", "é", "😀", " ", "ab"][k % 6]);
        }
        let whole_blocks = "é".repeat(CHAR_BLOCK);
        for body in ["", "plain ascii", "a“é”b😀c", "😀", long.as_str(), whole_blocks.as_str()] {
            let idx = CharIndex::new(body);
            for byte in 0..=body.len() + 3 {
                assert_eq!(idx.char_offset(byte), char_offset_reference(body, byte), "{byte} in {body:?}");
            }
        }
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

    #[test]
    fn paragraphs_with_cr_only_and_unicode_separators() {
        let body = "One.\r\rTwo.\u{2029}Three.\u{2028}\u{2028}Four.";
        let ps: Vec<&str> = split_paragraphs(body).iter().map(|p| p.of(body)).collect();
        assert_eq!(ps, vec!["One.", "Two.", "Three.", "Four."]);
    }

    #[test]
    fn blank_lines_of_nbsp_and_zero_width_separate_paragraphs() {
        let body = "First part\n\u{00A0}\u{200B}\nsecond part";
        let ps: Vec<&str> = split_paragraphs(body).iter().map(|p| p.of(body)).collect();
        assert_eq!(ps, vec!["First part", "second part"]);
    }

    #[test]
    fn single_newline_paragraphs() {
        // a finished sentence or an opening mark starts a new paragraph; wrapped text does not
        let body = "The mayor spoke at length about the\nplans for the river.\n“We will start soon.”\nHEADLINE\nText follows here.";
        let ps: Vec<&str> = split_paragraphs(body).iter().map(|p| p.of(body)).collect();
        assert_eq!(
            ps,
            vec!["The mayor spoke at length about the\nplans for the river.", "“We will start soon.”", "HEADLINE", "Text follows here."]
        );
    }

    #[test]
    fn sentences_after_non_title_abbreviation() {
        let body = "Polls close at 7 p.m. He will speak then. Mr. Smith agreed.";
        let doc = Document::new(body);
        let ss: Vec<&str> = doc.sentences.iter().map(|s| s.of(body)).collect();
        assert_eq!(ss, vec!["Polls close at 7 p.m.", "He will speak then.", "Mr. Smith agreed."]);
    }

    #[test]
    fn no_ten_is_not_a_sentence_end() {
        let body = "He lives at No. 10 now. I said no. Then left.";
        let doc = Document::new(body);
        let ss: Vec<&str> = doc.sentences.iter().map(|s| s.of(body)).collect();
        assert_eq!(ss, vec!["He lives at No. 10 now.", "I said no.", "Then left."]);
    }

    #[test]
    fn tokens_keep_inner_marks_and_abbreviations() {
        let body = "Mr. O'Brien's U.S. plan—don't\u{00A0}pay $3.5bn 😀 שלום.";
        let toks: Vec<&str> = tokenize(body, Span::new(0, body.len())).iter().map(|t| t.text(body)).collect();
        assert_eq!(toks, vec!["Mr.", "O'Brien's", "U.S.", "plan", "—", "don't", "pay", "$", "3.5bn", "😀", "שלום", "."]);
        let body = "10,000 people, 3 cars";
        let toks: Vec<&str> = tokenize(body, Span::new(0, body.len())).iter().map(|t| t.text(body)).collect();
        assert_eq!(toks, vec!["10,000", "people", ",", "3", "cars"]);
    }

    #[test]
    fn tokens_skip_zero_width_and_control_chars() {
        let body = "a\u{200B}b\u{0007}c";
        let toks = tokenize(body, Span::new(0, body.len()));
        let words: Vec<&str> = toks.iter().map(|t| t.text(body)).collect();
        assert_eq!(words, vec!["a", "b", "c"]);
        assert_eq!(toks[1].span, Span::new(4, 5));
    }
}

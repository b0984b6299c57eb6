//! Small word lists read from `lexicon/*.txt` when compiling: a list file holds words separated
//! by white space, and lines opening with `#` are comments. [`WordList`] keeps each word as a
//! byte range into the included text, for exact look-ups in lists of a few dozen words, and
//! [`words`] is the one parser, also used by stages that build their own compile-time tables
//! (packed keys, hash tables); [`named_words`] reads one list of a file of named lists
//! (`name<TAB>words` lines). It does not fold case or normalise anything: a list is matched
//! as written. Large lexicons with per-word data have their own parsers and tables.

/// The words of `src` as `(start, end)` byte ranges, written into `out` as far as it reaches;
/// returns how many words there are (call with an empty `out` to size the array).
pub(crate) const fn words(src: &[u8], out: &mut [(usize, usize)]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < src.len() {
        // at a line start: a comment line is skipped whole
        if src[i] == b'#' {
            while i < src.len() && src[i] != b'\n' {
                i += 1;
            }
            i += 1;
            continue;
        }
        // the words up to the end of the line
        (i, n) = line_words(src, i, out, n);
        i += 1;
    }
    n
}

/// The words of `src` from `i` to the end of its line, written into `out` from place `n` on
/// (as far as it reaches): where the line ends, and how many words there are with them.
const fn line_words(src: &[u8], mut i: usize, out: &mut [(usize, usize)], mut n: usize) -> (usize, usize) {
    while i < src.len() && src[i] != b'\n' {
        if is_space(src[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < src.len() && !is_space(src[i]) && src[i] != b'\n' {
            i += 1;
        }
        if n < out.len() {
            out[n] = (start, i);
        }
        n += 1;
    }
    (i, n)
}

/// The words of the lines `name<TAB>words` of `src`, a file of named lists (one list per line
/// name, a list may go on over several lines of its name; `#` opens a comment line), written
/// into `out` as [`words`] writes them; returns how many words the list has.
pub(crate) const fn named_words(src: &[u8], name: &[u8], out: &mut [(usize, usize)]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < src.len() {
        // at a line start: is it `name<TAB>`?
        let mut k = 0;
        while k < name.len() && i + k < src.len() && src[i + k] == name[k] {
            k += 1;
        }
        if k == name.len() && i + k < src.len() && src[i + k] == b'\t' {
            // the rest of the line: its words
            (i, n) = line_words(src, i + k + 1, out, n);
        } else {
            while i < src.len() && src[i] != b'\n' {
                i += 1;
            }
        }
        i += 1;
    }
    n
}

/// ASCII white space other than the newline that ends a line.
const fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// The bytes of word `i` of a list parsed by [`words`].
pub(crate) const fn word_bytes<'a>(src: &'a [u8], ranges: &[(usize, usize)], i: usize) -> &'a [u8] {
    let (start, end) = ranges[i];
    let (_, tail) = src.split_at(start);
    let (word, _) = tail.split_at(end - start);
    word
}

/// A word list included when compiling, for exact (case-sensitive) look-ups.
#[derive(Debug)]
pub(crate) struct WordList<const N: usize> {
    src: &'static str,
    ranges: [(usize, usize); N],
}

impl<const N: usize> WordList<N> {
    /// Parses `src`, which must hold exactly `N` words (`words(src, &mut [])`).
    pub(crate) const fn parse(src: &'static str) -> WordList<N> {
        let mut ranges = [(0, 0); N];
        let n = words(src.as_bytes(), &mut ranges);
        assert!(n == N, "the word count given does not match the list");
        WordList { src, ranges }
    }

    /// The number of words.
    pub(crate) const fn len(&self) -> usize {
        N
    }

    /// The bytes of word `i` (for compile-time tables).
    pub(crate) const fn bytes(&self, i: usize) -> &'static [u8] {
        word_bytes(self.src.as_bytes(), &self.ranges, i)
    }

    /// The words, in the order of the file.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        let src = self.src;
        // ranges fall between ASCII white space, so they are char boundaries
        self.ranges.iter().map(move |&(s, e)| src.get(s..e).unwrap_or(""))
    }

    /// Is `word` in the list, exactly as written?
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.iter().any(|w| w == word)
    }
}

/// Declares `const NAME: WordList<N>` for a list's text (an `include_str!`), with `N` counted
/// when compiling: `word_list!(TITLES, include_str!("../../lexicon/title_abbreviations.txt"));`.
macro_rules! word_list {
    ($(#[$attr:meta])* $name:ident, $src:expr) => {
        $(#[$attr])*
        const $name: $crate::extract::wordlist::WordList<
            { $crate::extract::wordlist::words($src.as_bytes(), &mut []) },
        > = $crate::extract::wordlist::WordList::parse($src);
    };
}
pub(crate) use word_list;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_comments_and_blank_space() {
        const SRC: &str = "# a comment with words\nHe  she\tit\n\n  #not a comment\r\nlast";
        word_list!(
            /// a list of seven words
            LIST,
            SRC
        );
        assert_eq!(LIST.iter().collect::<Vec<_>>(), ["He", "she", "it", "#not", "a", "comment", "last"]);
        assert!(LIST.contains("He"));
        assert!(!LIST.contains("he"), "look-ups are exact");
        assert!(!LIST.contains("words"), "comment lines hold no words");
        assert_eq!(LIST.bytes(6), b"last");
        assert_eq!(LIST.len(), 7);
    }

    #[test]
    fn a_named_list_is_the_words_of_its_lines_only() {
        const SRC: &[u8] = b"# be\tnot a list\nbe\tis are\nbeing\tx\nhave\thas\nbe\t was\r\nbe";
        let mut out = [(0, 0); 4];
        let n = named_words(SRC, b"be", &mut out);
        let got: Vec<&[u8]> = (0..n).map(|i| word_bytes(SRC, &out, i)).collect();
        assert_eq!(got, [&b"is"[..], b"are", b"was"], "comments, other names and a bare name are no words of it");
        assert_eq!(named_words(SRC, b"have", &mut out), 1);
        assert_eq!(named_words(SRC, b"bee", &mut []), 0);
        assert_eq!(named_words(SRC, b"be", &mut []), 3, "counted even without room");
    }

    #[test]
    fn an_empty_list_has_no_words() {
        assert_eq!(words(b"", &mut []), 0);
        assert_eq!(words(b"# only a comment\n\n", &mut []), 0);
    }
}

//! Decides the article's language: the `language` the caller gave, or one detected from the
//! text with `whatlang` (trigram statistics over the first few kilobytes), and whether the
//! speaker rules support it (English only: the cue lexicon and name rules are English).
//! It does not translate, segment or find anything; quotes by marks come out for any language.

use super::text::Document;
use whatlang::Lang;

/// How much of the body the detector reads: enough for a reliable guess, bounded for speed.
const DETECT_BYTES: usize = 4096;

/// The language the rest of the pipeline works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 primary tag, e.g. `en`.
    pub tag: String,
    /// True when the cue lexicon and name rules cover this language.
    pub speakers_supported: bool,
    /// True when the tag was detected rather than given.
    pub detected: bool,
}

impl Language {
    fn from_tag(tag: String, detected: bool) -> Language {
        Language { speakers_supported: tag == "en", tag, detected }
    }
}

/// The given tag (primary subtag, lower case); else the detected language when the detector is
/// confident; else `en` (the contract's default).
pub fn resolve(given: Option<&str>, doc: &Document) -> Language {
    let given = given
        .and_then(|g| g.split(['-', '_']).next())
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty() && t.len() <= 8 && t.chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(tag) = given {
        return Language::from_tag(tag, false);
    }
    match detect(doc.body) {
        Some(tag) => Language::from_tag(tag.to_owned(), true),
        None => Language::from_tag("en".to_owned(), false),
    }
}

/// English function words (a data file), for the fast path of [`detect`].
const ENGLISH_FUNCTION_WORDS: &str = include_str!("../../lexicon/english_function_words.txt");

/// How much the English fast path reads.
const FAST_PATH_BYTES: usize = 2048;

/// The lower-case form of each ASCII letter, 0 for every other byte: one look-up both tells a
/// letter and lowers it.
const LOWER_LETTER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// True when the opening of `text` is plainly English: at least 30 words, a fifth of them
/// English function words, and almost no non-ASCII letters. Cheap (no trigram statistics).
fn plainly_english(text: &str) -> bool {
    let mut cut = text.len().min(FAST_PATH_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let (mut words, mut function, mut non_ascii_letters) = (0usize, 0usize, 0usize);
    let bytes = head.as_bytes();
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if LOWER_LETTER[usize::from(b)] == 0 {
            if b < 0x80 {
                i += 1;
                continue;
            }
            // a non-ASCII character: the general run below decides
        } else {
            // a word of ASCII letters, packed as it is read, when no non-ASCII letter goes on
            // with it (every letter is shifted in: a word longer than the key holds is longer
            // than any function word, so its key is never looked up)
            let start = i;
            let mut key = 0u64;
            while let Some(l) = bytes.get(i).map(|&c| LOWER_LETTER[usize::from(c)]).filter(|&l| l != 0) {
                key = (key << 8) | u64::from(l);
                i += 1;
            }
            if bytes.get(i).is_none_or(|&c| c < 0x80) {
                words += 1;
                let len = i - start;
                if len <= 5 && is_function_word(key | ((len as u64) << 56)) {
                    function += 1;
                }
                continue;
            }
            i = start;
        }
        // the general case: the run of letters from here ([`letter_runs`] of the rest)
        let Some(word) = head.get(i..).and_then(|rest| letter_runs(rest).next().filter(|w| rest.starts_with(*w))) else {
            // a non-letter character
            i += head.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
            continue;
        };
        i += word.len();
        words += 1;
        if !word.is_ascii() {
            non_ascii_letters += word.chars().filter(|c| !c.is_ascii()).count();
            continue;
        }
        if word.len() <= 5 && is_function_word(pack_lower(word.as_bytes())) {
            function += 1;
        }
    }
    words >= 30 && function * 5 >= words && non_ascii_letters * 50 <= head.len()
}

/// The maximal runs of letters (`char::is_alphabetic`) of `text`, in order: one pass over the
/// bytes, decoding only non-ASCII characters.
fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || {
        // the letter (and its length) at byte `at`, or None for a non-letter of that length
        let letter_at = |at: usize| -> (bool, usize) {
            match bytes.get(at) {
                Some(&b) if b < 0x80 => (b.is_ascii_alphabetic(), 1),
                _ => match text.get(at..).and_then(|r| r.chars().next()) {
                    Some(c) => (crate::extract::text::is_alphabetic(c), c.len_utf8()),
                    None => (false, 1),
                },
            }
        };
        while i < bytes.len() {
            let (letter, len) = letter_at(i);
            if letter {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let (letter, len) = letter_at(i);
            if !letter {
                break;
            }
            i += len;
        }
        text.get(start..i)
    })
}

use super::text::pack_lower;

/// Slots of [`FUNCTION_TABLE`] (a power of two, more than twice the keys).
const FUNCTION_SLOTS: usize = 256;

/// The first slot of a packed key in [`FUNCTION_TABLE`].
const fn function_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize & (FUNCTION_SLOTS - 1)
}

/// [`FUNCTION_KEYS`] in an open-addressed table (linear probing; 0, which no packed word is,
/// marks an empty slot), built when compiling: one multiplication and a compare or two per
/// word of the text.
const FUNCTION_TABLE: [u64; FUNCTION_SLOTS] = {
    assert!(FUNCTION_KEYS.len() * 2 < FUNCTION_SLOTS, "too many function words for the table");
    let mut t = [0u64; FUNCTION_SLOTS];
    let mut i = 0;
    while i < FUNCTION_KEYS.len() {
        let key = FUNCTION_KEYS[i];
        let mut at = function_slot(key);
        while t[at] != 0 && t[at] != key {
            at = (at + 1) & (FUNCTION_SLOTS - 1);
        }
        t[at] = key;
        i += 1;
    }
    t
};

/// Is the packed word one of the function words?
fn is_function_word(key: u64) -> bool {
    let mut at = function_slot(key);
    // the table is never full, so an empty slot ends the probe
    while let Some(&k) = FUNCTION_TABLE.get(at) {
        if k == key {
            return true;
        }
        if k == 0 {
            return false;
        }
        at = (at + 1) & (FUNCTION_SLOTS - 1);
    }
    false
}

/// The function words as packed keys (at most 5 ASCII bytes each, see [`pack_lower`]), sorted for a
/// binary search: parsed from the lexicon when compiling ([`crate::extract::wordlist`]).
const FUNCTION_KEYS: [u64; function_keys(&mut [])] = {
    let mut keys = [0u64; function_keys(&mut [])];
    function_keys(&mut keys);
    crate::extract::text::sorted_keys(keys)
};

crate::extract::wordlist::word_list!(
    /// The function-word list's words as byte ranges.
    FUNCTION_WORDS,
    ENGLISH_FUNCTION_WORDS
);

/// Packs the words of at most 5 bytes of the function-word list into `out` (as far as it
/// reaches) and returns how many there are.
const fn function_keys(out: &mut [u64]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let word = FUNCTION_WORDS.bytes(i);
        if word.len() <= 5 {
            if n < out.len() {
                out[n] = pack_lower(word);
            }
            n += 1;
        }
        i += 1;
    }
    n
}

/// The BCP 47 tag of the language of `text`, when the detector is reliable.
pub fn detect(text: &str) -> Option<&'static str> {
    if plainly_english(text) {
        return Some("en");
    }
    let mut cut = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let info = whatlang::detect(&text[..cut])?;
    if !info.is_reliable() {
        return None;
    }
    Some(bcp47(info.lang()))
}

/// ISO 639-1 for every language whatlang knows (BCP 47 prefers the two-letter codes).
fn bcp47(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
        Lang::Epo => "eo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_tag_wins_and_is_normalised() {
        let doc = Document::new("Der Minister sagte, die Wahl sei fair gewesen.");
        let l = resolve(Some("EN-gb"), &doc);
        assert_eq!(l, Language { tag: "en".into(), speakers_supported: true, detected: false });
    }

    #[test]
    fn detects_english_and_german() {
        let en = Document::new(
            "The minister said on Tuesday that the election had been fair and that the observers \
             agreed with the results announced by the commission.",
        );
        let l = resolve(None, &en);
        assert_eq!((l.tag.as_str(), l.speakers_supported, l.detected), ("en", true, true));
        let de = Document::new(
            "Der Minister sagte am Dienstag, dass die Wahl fair gewesen sei und die Beobachter mit \
             den Ergebnissen der Kommission übereinstimmten.",
        );
        let l = resolve(None, &de);
        assert_eq!((l.tag.as_str(), l.speakers_supported, l.detected), ("de", false, true));
    }

    #[test]
    fn function_keys_are_the_parsed_list() {
        let mut keys: Vec<u64> = ENGLISH_FUNCTION_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter(|w| w.len() <= 5)
            .map(|w| pack_lower(w.as_bytes()))
            .collect();
        keys.sort_unstable();
        assert_eq!(FUNCTION_KEYS.as_slice(), keys.as_slice());
        for k in keys {
            assert!(is_function_word(k));
        }
        for w in ["The", "SAID", "x", "zebra", "thee", "a", "an", "It"] {
            let mut buf = w.as_bytes().to_vec();
            buf.make_ascii_lowercase();
            assert_eq!(is_function_word(pack_lower(w.as_bytes())), FUNCTION_KEYS.binary_search(&pack_lower(&buf)).is_ok(), "{w}");
        }
    }

    #[test]
    fn fast_path_counts_as_the_split() {
        // the counts of the former loop over `split`, on texts mixing ASCII and other letters
        fn reference(text: &str) -> bool {
            let mut cut = text.len().min(FAST_PATH_BYTES);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &text[..cut];
            let (mut words, mut function, mut non_ascii_letters) = (0usize, 0usize, 0usize);
            for word in head.split(|c: char| !crate::extract::text::is_alphabetic(c)).filter(|w| !w.is_empty()) {
                words += 1;
                if !word.is_ascii() {
                    non_ascii_letters += word.chars().filter(|c| !c.is_ascii()).count();
                    continue;
                }
                if word.len() <= 5 && is_function_word(pack_lower(word.as_bytes())) {
                    function += 1;
                }
            }
            words >= 30 && function * 5 >= words && non_ascii_letters * 50 <= head.len()
        }
        const PIECES: &[&str] = &["the ", "The", "of", " ", ", ", "naïve ", "é", "x—y ", "said ", "ABOUT ", "😀", "Москва ", "a", "\n", "it's "];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..2000 {
            let mut t = String::new();
            for _ in 0..(n % 120) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            assert_eq!(plainly_english(&t), reference(&t), "{t:?}");
        }
    }

    #[test]
    fn letter_runs_are_the_split_on_non_letters() {
        let texts = [
            "",
            "abc",
            "  The mayor's “plan” — 12 ab3cd, Él dijo: «hoy» naïve 😀x ß\u{2028}q",
            "Москва 東京 x\u{0301}y a\u{200b}b \u{a0}end.",
        ];
        for t in texts {
            let want: Vec<&str> = t.split(|c: char| !crate::extract::text::is_alphabetic(c)).filter(|w| !w.is_empty()).collect();
            assert_eq!(letter_runs(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn fast_path_takes_plain_english_and_leaves_the_rest_to_the_detector() {
        let en = "The mayor said that the new bridge would open in the spring and that it was \
                  built on time. He added that the city had paid for it with the money it had \
                  saved, and that the council was pleased with the work of the builders.";
        assert!(plainly_english(en));
        let es = "El alcalde dijo que el nuevo puente se abrirá en la primavera y que fue \
                  construido a tiempo. Añadió que la ciudad lo había pagado con el dinero que \
                  había ahorrado, y que el consejo estaba contento con el trabajo.";
        assert!(!plainly_english(es));
        assert_eq!(detect(es), Some("es"));
        assert!(!plainly_english("the of and"), "too short to decide");
    }

    #[test]
    fn undecidable_text_defaults_to_english() {
        let doc = Document::new("😀 123");
        let l = resolve(None, &doc);
        assert_eq!((l.tag.as_str(), l.detected), ("en", false));
    }

    #[test]
    fn garbage_tag_is_ignored() {
        let doc = Document::new("😀");
        assert_eq!(resolve(Some("  "), &doc).tag, "en");
        assert_eq!(resolve(Some("12"), &doc).tag, "en");
    }
}

//! Finds the capitalised runs of an article that name someone or something, splits titles
//! ("CIS Secretary General", "Mr.") from the name they precede, and classifies each run as a
//! person name, a lone word that may be a surname, or not a person (an organisation, a place, a
//! publication, a day). It also reads the descriptions around a name (appositions "X, the CEO of
//! Y," and prefixes "campaign manager X") as titles. The word lists it uses are data files under
//! `lexicon/`, among them the common English words, which tell a word capitalised for its place
//! in the sentence ("Reports said") from a name. All the lists are merged into one table: what
//! they say of a word is one look-up ([`WordInfo`]), and the tokens from [`tokenize_with`] keep
//! their entries, so the rules ask about a token again at no cost. It does
//! not decide which names belong to the same person, nor resolve pronouns: that is
//! [`super::people`].

use std::borrow::Cow;

use super::fasthash::FastMap as HashMap;
use super::wordtable::{hash_start, hash_step, load_chunk, word_hash, WordTable};

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::text::{Document, ASCII_WORD};
use super::Span;

const GIVEN_NAMES: &str = include_str!("../../lexicon/given_names.txt");
const GIVEN_NAMES_INTL: &str = include_str!("../../lexicon/given_names_intl.txt");
const TITLES: &str = include_str!("../../lexicon/titles.txt");
const NON_PERSON: &str = include_str!("../../lexicon/non_person.txt");
const PRONOUNS: &str = include_str!("../../lexicon/pronouns.txt");
const GROUPS: &str = include_str!("../../lexicon/groups.txt");
const OFFICES: &str = include_str!("../../lexicon/offices.txt");
const PERSON_CONTEXTS: &str = include_str!("../../lexicon/person_contexts.txt");
const ENGLISH_WORDS: &str = include_str!("../../lexicon/english_words.txt");

/// Longest capitalised run considered; longer runs are headlines or lists.
const MAX_RUN: usize = 16;
/// Name words whose tokens are noted on the stack per name (a run is at most `MAX_RUN` words
/// and the joiners of its last step); the entries of longer ones are looked up again.
const INFO_BUF: usize = 24;
/// Longest apposition read as a title, in words.
const MAX_APPOSITION: usize = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gender {
    Male,
    Female,
    #[default]
    Unknown,
}

impl Gender {
    fn parse(s: &str) -> Gender {
        match s {
            "m" => Gender::Male,
            "f" => Gender::Female,
            _ => Gender::Unknown,
        }
    }
    /// True when the two do not contradict each other.
    pub fn agrees(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    Honorific,
    Title,
    Role,
    Suffix,
}

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounKind {
    /// he, him, his (Male) / she, her (Female)
    Singular(Gender),
    /// they, them, their
    Plural,
    /// I, we: the speaker of a quote, never a reported speaker outside it
    First,
}

/// Bits of [`NameLexicon::non_person`].
pub mod class {
    pub const FUNCTION: u8 = 1;
    pub const TIME: u8 = 2;
    pub const PLACE: u8 = 4;
    pub const DEMONYM: u8 = 8;
    pub const ORG: u8 = 16;
    pub const OUTLET: u8 = 32;
    /// A day name (always with [`TIME`]).
    pub const DAY: u8 = 64;
    /// An organisation or place word that is also a common surname ("Hill", "Power"): after a
    /// given name it ends a person's name ("John Hill"); see [`super::surname_after_given`].
    pub const SURNAME: u8 = 128;
}

/// Whether the last of `words` (folded) is an organisation word that ends a person's name
/// here: a [`class::SURNAME`] word after a given name (or a title), with no other
/// organisation word in the name ("Marc Lamont Hill", "Samantha Power"; not "Capitol Hill").
pub fn surname_after_given(lex: &NameLexicon, words: &[&str], titled: bool) -> bool {
    let n = words.len();
    n >= 2
        && lex.classes(words[n - 1]) & class::SURNAME != 0
        && (titled || lex.given(words[0]).is_some())
        && words[..n - 1].iter().all(|w| lex.classes(w) & (class::ORG | class::OUTLET) == 0)
}

/// What the word lists say of one folded word, all in one look-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordInfo {
    given: Option<Gender>,
    title: Option<(TitleKind, Gender)>,
    /// 1 + index into [`NameLexicon::canon_forms`], 0 when the word has no other common form.
    canon: u32,
    /// Bits of [`class`].
    non_person: u8,
    pronoun: Option<PronounKind>,
    /// Bits of the `flag` constants: the context, office, group and English lists.
    flags: u16,
    /// Bits a caller gave with [`NameLexicon::with_marks`] (the people stage's salience words),
    /// and the lexicon's own [`REFERRING`] bit.
    marks: u8,
}

/// Bits of [`WordInfo::flags`].
mod flag {
    pub const GROUP: u16 = 1;
    pub const AFTER: u16 = 2;
    pub const HEAD: u16 = 4;
    pub const AUX: u16 = 8;
    pub const PAST: u16 = 16;
    pub const SPEECH: u16 = 32;
    pub const BEFORE: u16 = 64;
    pub const THING: u16 = 128;
    pub const PREP: u16 = 256;
    pub const TO: u16 = 512;
    pub const THING_COMMON: u16 = 1024;
    pub const OFFICE: u16 = 2048;
    pub const ENGLISH: u16 = 4096;
    pub const ADVERB: u16 = 8192;
    pub const SINGULAR: u16 = 16384;
    pub const DETERMINER: u16 = 32768;
}

impl WordInfo {
    /// Bits of [`class`] ([`NameLexicon::classes`]).
    pub fn classes(&self) -> u8 {
        self.non_person
    }
    /// [`NameLexicon::given`].
    pub fn given(&self) -> Option<Gender> {
        self.given
    }
    /// [`NameLexicon::title`].
    pub fn title(&self) -> Option<(TitleKind, Gender)> {
        self.title
    }
    /// [`NameLexicon::pronoun`].
    pub fn pronoun(&self) -> Option<PronounKind> {
        self.pronoun
    }
    /// The caller's bits of [`NameLexicon::with_marks`].
    pub fn marks(&self) -> u8 {
        self.marks & !REFERRING
    }
    /// An honorific or a title ("Mr.", "Senator").
    pub fn is_title_like(&self) -> bool {
        matches!(self.title, Some((TitleKind::Honorific | TitleKind::Title, _)))
    }
    /// [`NameLexicon::is_common_word`].
    pub fn is_common_word(&self) -> bool {
        self.flags & flag::ENGLISH != 0
    }
    /// [`NameLexicon::is_group`].
    pub fn is_group(&self) -> bool {
        self.flags & flag::GROUP != 0
    }
    /// [`NameLexicon::person_verb_before`].
    pub fn person_verb_before(&self) -> bool {
        self.flags & flag::BEFORE != 0
    }
    /// [`NameLexicon::person_head_noun`].
    pub fn person_head_noun(&self) -> bool {
        self.flags & flag::HEAD != 0
    }
    /// [`NameLexicon::person_verb_after`].
    pub fn person_verb_after(&self) -> bool {
        self.flags & flag::AFTER != 0
    }
    /// [`NameLexicon::person_past`].
    pub fn person_past(&self) -> bool {
        self.flags & flag::PAST != 0
    }
    /// [`NameLexicon::person_aux`].
    pub fn person_aux(&self) -> bool {
        self.flags & flag::AUX != 0
    }
    /// [`NameLexicon::person_speech`].
    pub fn person_speech(&self) -> bool {
        self.flags & flag::SPEECH != 0
    }
    /// An adverb that may stand between a subject and its verb ("also", "then"); see
    /// lexicon/person_contexts.txt.
    pub fn subject_adverb(&self) -> bool {
        self.flags & flag::ADVERB != 0
    }
    /// A verb form only a singular subject takes ("was", "has").
    pub fn singular_verb(&self) -> bool {
        self.flags & flag::SINGULAR != 0
    }
    /// A determiner that opens a verb's object ("a", "the", "his").
    pub fn determiner(&self) -> bool {
        self.flags & flag::DETERMINER != 0
    }
    /// [`NameLexicon::person_to`].
    pub fn person_to(&self) -> bool {
        self.flags & flag::TO != 0
    }
    /// [`NameLexicon::person_preposition`].
    pub fn person_preposition(&self) -> bool {
        self.flags & flag::PREP != 0
    }
    /// [`NameLexicon::thing_before`].
    pub fn thing_before(&self, common: bool) -> bool {
        self.flags & flag::THING != 0 || common && self.flags & flag::THING_COMMON != 0
    }
    /// [`NameLexicon::is_office`].
    pub fn is_office(&self) -> bool {
        self.flags & flag::OFFICE != 0
    }
    /// [`NameLexicon::is_role`] of `folded`, whose entry this is.
    pub fn is_role(&self, folded: &str) -> bool {
        matches!(self.title, Some((TitleKind::Title | TitleKind::Role, _))) || folded.ends_with("year-old")
    }
    fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
}

/// The word lists, parsed once, in one table of [`WordInfo`].
#[derive(Debug, Default)]
pub struct NameLexicon {
    words: WordTable<WordInfo>,
    /// The common forms of abbreviated or gendered titles ("sen" → "senator").
    canon_forms: Vec<String>,
    /// Per ASCII byte: the entry of the fold of a one-character mark token of that byte (a
    /// dot folds to nothing), so that the tokenizer looks up no mark.
    ascii_marks: Vec<WordInfo>,
    /// The length in bytes of the longest folded pronoun.
    longest_pronoun: usize,
    /// The caller's marks ([`NameLexicon::with_marks`]) of the words that open a subordinate
    /// clause ("when", "that"): the tokenizer tells [`Token::subordinate`] by them.
    clause_marks: u8,
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

impl NameLexicon {
    pub fn new() -> NameLexicon {
        NameLexicon::with_marks(std::iter::empty(), 0)
    }

    /// The lexicon, with the caller's own bits on some folded words ([`WordInfo::marks`]), so
    /// that one look-up per token answers the caller's word lists too; a word with one of the
    /// bits `clause_marks` opens a subordinate clause ([`Token::subordinate`]). The top bit
    /// ([`REFERRING`]) is the lexicon's own: a caller's is dropped.
    pub fn with_marks(marks: impl IntoIterator<Item = (String, u8)>, clause_marks: u8) -> NameLexicon {
        let mut words: HashMap<String, WordInfo> = HashMap::default();
        for (w, bits) in marks {
            words.entry(w).or_default().marks |= bits & !REFERRING;
        }
        let clause_marks = clause_marks & !REFERRING;
        let mut canon_forms: Vec<String> = Vec::new();
        for f in data_lines(GIVEN_NAMES).chain(data_lines(GIVEN_NAMES_INTL)) {
            if let [name, g, ..] = f[..] {
                words.entry(fold(name)).or_default().given = Some(Gender::parse(g));
            }
        }
        for f in data_lines(TITLES) {
            if let [word, kind, g, canon] = f[..] {
                if canon != "-" {
                    canon_forms.push(fold(canon));
                    words.entry(fold(word)).or_default().canon = u32::try_from(canon_forms.len()).unwrap_or(0);
                }
                let kind = match kind {
                    "honorific" => TitleKind::Honorific,
                    "title" => TitleKind::Title,
                    "suffix" => TitleKind::Suffix,
                    _ => TitleKind::Role,
                };
                words.entry(fold(word)).or_default().title = Some((kind, Gender::parse(g)));
            }
        }
        for f in data_lines(NON_PERSON) {
            if let [word, cls] = f[..] {
                let bit = match cls {
                    "function" => class::FUNCTION,
                    "time" => class::TIME,
                    "day" => class::TIME | class::DAY,
                    "place" => class::PLACE,
                    "demonym" => class::DEMONYM,
                    "org" => class::ORG,
                    "surname" => class::SURNAME,
                    _ => class::OUTLET,
                };
                words.entry(fold(word)).or_default().non_person |= bit;
            }
        }
        let mut longest_pronoun = 0;
        for f in data_lines(PRONOUNS) {
            if let [word, g, _case] = f[..] {
                let kind = match g {
                    "m" => PronounKind::Singular(Gender::Male),
                    "f" => PronounKind::Singular(Gender::Female),
                    "p" => PronounKind::Plural,
                    _ => PronounKind::First,
                };
                let w = fold(word);
                longest_pronoun = longest_pronoun.max(w.len());
                words.entry(w).or_default().pronoun = Some(kind);
            }
        }
        for f in data_lines(OFFICES) {
            if let Some(w) = f.first() {
                words.entry(fold(w)).or_default().flags |= flag::OFFICE;
            }
        }
        for f in data_lines(PERSON_CONTEXTS) {
            if let [kind, w] = f[..] {
                let bit = match kind {
                    "after" => flag::AFTER,
                    "aux" => flag::AUX,
                    "past" => flag::PAST,
                    "speech" => flag::SPEECH,
                    "head" => flag::HEAD,
                    "thing" => flag::THING,
                    "prep" => flag::PREP,
                    "to" => flag::TO,
                    "thing_common" => flag::THING_COMMON,
                    "adverb" => flag::ADVERB,
                    "singular" => flag::SINGULAR,
                    "determiner" => flag::DETERMINER,
                    _ => flag::BEFORE,
                };
                words.entry(fold(w)).or_default().flags |= bit;
            }
        }
        for w in ENGLISH_WORDS.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            words.entry(w.to_owned()).or_default().flags |= flag::ENGLISH;
        }
        for f in data_lines(GROUPS) {
            if let Some(w) = f.first() {
                words.entry(fold(w)).or_default().flags |= flag::GROUP;
            }
        }
        // (the words that may refer back to a person carry their bit, the tokenizer's one test)
        words.entry("the".to_owned()).or_default();
        for (w, info) in words.iter_mut() {
            if w == "the" || matches!(info.pronoun, Some(PronounKind::Singular(_))) {
                info.marks |= REFERRING;
            }
        }
        let words = WordTable::new(words);
        let ascii_marks = (0u8..0x80)
            .map(|b| match b {
                b'.' => words.get(""),
                _ => words.get(char::from(b).encode_utf8(&mut [0u8; 4])),
            })
            .map(Option::unwrap_or_default)
            .collect();
        NameLexicon { words, canon_forms, ascii_marks, longest_pronoun, clause_marks }
    }

    /// Everything the word lists say of a folded word.
    pub fn info(&self, folded: &str) -> WordInfo {
        self.words.get(folded).unwrap_or_default()
    }
    /// [`NameLexicon::info`] of a word whose [`word_hash`] is `h` (a token's, from [`Tokens`]).
    pub fn info_hashed(&self, h: u64, folded: &str) -> WordInfo {
        self.words.get_hashed(h, folded).unwrap_or_default()
    }
    /// [`NameLexicon::is_office`] of the common form ([`NameLexicon::canonical`]) of the word
    /// `folded`, whose entry is `info`.
    pub fn is_office_form(&self, info: WordInfo, folded: &str) -> bool {
        if info.canon == 0 {
            return info.is_office();
        }
        self.is_office(self.canonical_of(info, folded))
    }
    /// The common form of a title word given its [`WordInfo`].
    fn canonical_of<'s>(&'s self, info: WordInfo, folded: &'s str) -> &'s str {
        match info.canon.checked_sub(1).and_then(|k| self.canon_forms.get(k as usize)) {
            Some(c) => c,
            None => folded,
        }
    }

    /// Gender of a known given name (folded), `None` when the name is unknown.
    pub fn given(&self, folded: &str) -> Option<Gender> {
        self.info(folded).given
    }
    pub fn title(&self, folded: &str) -> Option<(TitleKind, Gender)> {
        self.info(folded).title
    }
    /// The common form of a title word ("sen" → "senator"); other words unchanged.
    pub fn canonical<'s>(&'s self, folded: &'s str) -> &'s str {
        self.canonical_of(self.info(folded), folded)
    }
    /// The words of a title or description that say what the person is, in common form: up to
    /// the first preposition ("wife of the senator" → wife), function words dropped.
    pub fn title_words(&self, title: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.title_parts(title, Some(&mut out));
        out
    }

    /// [`NameLexicon::title_words`] (pushed on `out`, when given) and
    /// [`NameLexicon::title_gender`] of a title, in one pass over its words: each folded into
    /// one buffer and looked up once.
    pub fn title_parts(&self, title: &str, mut out: Option<&mut Vec<String>>) -> Gender {
        let mut rank: Option<&'static str> = None;
        let mut head: Option<WordInfo> = None;
        let mut word = String::new();
        for w in title.split(|c: char| c.is_whitespace() || c == ',') {
            word.clear();
            fold_into(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'), &mut word);
            let f = word.as_str();
            if f.is_empty() {
                continue;
            }
            if matches!(f, "of" | "at" | "for" | "to" | "in" | "on" | "with" | "from" | "who" | "and" | "," | "(") {
                break;
            }
            let info = self.info(f);
            let content = info.non_person & class::FUNCTION == 0 && f.chars().any(char::is_alphanumeric);
            // (the gender is read from the last content word, a rank modifier included)
            if content {
                head = Some(info);
            }
            let Some(out) = out.as_deref_mut() else { continue };
            let r = match f {
                "vice" => Some("vice"),
                "deputy" => Some("deputy"),
                "assistant" => Some("assistant"),
                "lieutenant" => Some("lieutenant"),
                "lt" => Some("lt"),
                "co" => Some("co"),
                _ => None,
            };
            if r.is_some() {
                rank = r;
                continue;
            }
            if !content {
                continue;
            }
            let c = self.canonical_of(info, f);
            match rank.take() {
                Some(r) => out.push(format!("{r}-{c}")),
                None => out.push(c.to_owned()),
            }
        }
        head.and_then(|i| i.title).map(|t| t.1).unwrap_or(Gender::Unknown)
    }

    /// The words of a description (folded) that say what the person is: up to the first
    /// preposition, function words dropped, titles in common form, and a rank modifier joined
    /// to its office ("vice president" → vice-president, not president).
    /// (The words are borrowed from `words` or the lexicon; only a joined rank is made anew.)
    pub fn description_words<'s, S: AsRef<str>>(&'s self, words: &'s [S]) -> Vec<std::borrow::Cow<'s, str>> {
        let mut out: Vec<std::borrow::Cow<'s, str>> = Vec::new();
        let mut rank: Option<&str> = None;
        for f in words {
            let f = f.as_ref();
            if matches!(f, "of" | "at" | "for" | "to" | "in" | "on" | "with" | "from" | "who" | "and" | "," | "(") {
                break;
            }
            if matches!(f, "vice" | "deputy" | "assistant" | "lieutenant" | "lt" | "co") {
                rank = Some(f);
                continue;
            }
            if self.classes(f) & class::FUNCTION != 0 || !f.chars().any(char::is_alphanumeric) {
                continue;
            }
            let c = self.canonical(f);
            match rank.take() {
                Some(r) => out.push(format!("{r}-{c}").into()),
                None => out.push(c.into()),
            }
        }
        out
    }

    /// The gender the head word of a description says, read before its common form is taken
    /// ("spokeswoman" → female, though its common form "spokesman" is listed as male).
    pub fn description_gender<S: AsRef<str>>(&self, words: &[S]) -> Gender {
        let mut head = None;
        for f in words {
            let f = f.as_ref();
            if matches!(f, "of" | "at" | "for" | "to" | "in" | "on" | "with" | "from" | "who" | "and" | "," | "(") {
                break;
            }
            if self.classes(f) & class::FUNCTION == 0 && f.chars().any(char::is_alphanumeric) {
                head = Some(f);
            }
        }
        head.and_then(|w| self.title(w)).map(|t| t.1).unwrap_or(Gender::Unknown)
    }
    /// [`NameLexicon::description_gender`] of a title as written.
    pub fn title_gender(&self, title: &str) -> Gender {
        self.title_parts(title, None)
    }

    pub fn classes(&self, folded: &str) -> u8 {
        self.info(folded).non_person
    }
    pub fn pronoun(&self, folded: &str) -> Option<PronounKind> {
        self.info(folded).pronoun
    }
    /// The length in bytes of the longest folded word [`NameLexicon::pronoun`] knows: a longer
    /// fold is no pronoun.
    pub fn longest_pronoun(&self) -> usize {
        self.longest_pronoun
    }
    /// An office that names the article's main person when nobody else holds it.
    pub fn is_office(&self, folded: &str) -> bool {
        self.info(folded).has(flag::OFFICE)
    }
    /// A verb that, right after a lone word, makes it a person's name ("Jacobs wrote").
    pub fn person_verb_after(&self, folded: &str) -> bool {
        self.info(folded).has(flag::AFTER)
    }
    /// An auxiliary or modal after a lone word, a weak sign it is a person ("Handel was").
    pub fn person_aux(&self, folded: &str) -> bool {
        self.info(folded).has(flag::AUX)
    }
    /// A speech verb after which a sentence-initial word in -s is still a name ("Sanders told").
    pub fn person_speech(&self, folded: &str) -> bool {
        self.info(folded).has(flag::SPEECH)
    }
    /// An irregular past form after a lone word ("Kowalczyk wore"), a sign for a capital inside
    /// a sentence.
    pub fn person_past(&self, folded: &str) -> bool {
        self.info(folded).has(flag::PAST)
    }
    /// A noun that a person's surname modifies ("the Trump administration").
    pub fn person_head_noun(&self, folded: &str) -> bool {
        self.info(folded).has(flag::HEAD)
    }
    /// A verb whose object right after it is a person ("told Jacobs", "accused Rice").
    pub fn person_verb_before(&self, folded: &str) -> bool {
        self.info(folded).has(flag::BEFORE)
    }
    /// A word right before a lone capitalised word that makes it a place or a thing ("in
    /// Ohio", "the Pentagon"); with `common`, also one that does so for a common English word
    /// ("to Twitter", "from Amazon").
    pub fn thing_before(&self, folded: &str, common: bool) -> bool {
        let i = self.info(folded);
        i.has(flag::THING) || common && i.has(flag::THING_COMMON)
    }
    /// A preposition whose object is often a person ("with Trump", "against Sanders").
    pub fn person_preposition(&self, folded: &str) -> bool {
        self.info(folded).has(flag::PREP)
    }
    /// A word after which "to" takes a person ("talked to Okafor", "lost to Okafor").
    pub fn person_to(&self, folded: &str) -> bool {
        self.info(folded).has(flag::TO)
    }
    /// A common English word (folded): capitalised, it may be so only for its place in the
    /// sentence ("Reports", "Meanwhile"), or name a thing ("Twitter"), as well as a person.
    pub fn is_common_word(&self, folded: &str) -> bool {
        self.info(folded).has(flag::ENGLISH)
    }
    pub fn is_group(&self, folded: &str) -> bool {
        self.info(folded).has(flag::GROUP)
    }
    /// A word that heads a description of a person ("minister", "economist", "34-year-old").
    pub fn is_role(&self, folded: &str) -> bool {
        matches!(self.title(folded), Some((TitleKind::Title | TitleKind::Role, _)))
            || folded.ends_with("year-old")
    }
}

/// Lowercase, diacritics removed, curly apostrophe made straight, trailing dots dropped.
pub fn fold(word: &str) -> String {
    // (sized for the word: most folds are as long, and an empty string would grow on first push)
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Appends [`fold`]`(word)` to `out` (what was in `out` before stays as it is).
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word.trim_end_matches('.'));
        out[from..].make_ascii_lowercase();
        return;
    }
    // the usual non-ASCII marks fold to themselves (no decomposition, no case) or to '\''
    match word {
        "“" | "”" | "—" | "–" | "«" | "»" | "„" => {
            out.push_str(word);
            return;
        }
        "’" | "‘" => {
            out.push('\'');
            return;
        }
        _ => {}
    }
    let from = out.len();
    // ASCII but for curly apostrophes ("Trump’s", "don’t", the most common non-ASCII words):
    // no decomposition changes these, so lowered and straightened in place
    if ascii_but_apostrophes(word.as_bytes()) {
        for c in word.chars() {
            out.push(if c == '’' || c == '‘' { '\'' } else { c.to_ascii_lowercase() });
        }
        while out.len() > from && out.ends_with('.') {
            out.pop();
        }
        return;
    }
    out.reserve(word.len());
    for c in word.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = if c == '’' || c == '‘' { '\'' } else { c };
        out.extend(c.to_lowercase());
    }
    while out.len() > from && out.ends_with('.') {
        out.pop();
    }
}

/// Whether every byte of `w` is ASCII or belongs to a curly apostrophe (’ or ‘).
fn ascii_but_apostrophes(w: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = w.get(i) {
        if b < 0x80 {
            i += 1;
        } else if matches!(w.get(i..i + 3), Some([0xe2, 0x80, 0x98 | 0x99])) {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// A folded name token in the form used to compare surnames: y/i and doubled i merged
/// (Sergey/Sergei, Dmitriy/Dmitri).
pub fn translit(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    translit_into(folded, &mut out);
    out
}

/// Appends [`translit`]`(folded)` to `out` (what was in `out` before stays as it is), so that
/// many keys can share one buffer.
pub fn translit_into(folded: &str, out: &mut String) {
    // y/i (Sergey, Sergei) and doubled letters (McClenney, McLenney) are spelling variants
    if folded.is_ascii() {
        // (most keys have no y and no doubled letter: copied whole)
        let b = folded.as_bytes();
        // (one pass over the bytes, a byte compared with the one before)
        let mut prev = 0u8;
        if b.iter().all(|&x| {
            let plain = x != b'y' && x != prev;
            prev = x;
            plain
        }) {
            out.push_str(folded);
            return;
        }
        let mut prev = None;
        for b in folded.bytes().map(|b| if b == b'y' { b'i' } else { b }) {
            if prev != Some(b) {
                out.push(char::from(b));
                prev = Some(b);
            }
        }
        return;
    }
    let mut prev = None;
    for c in folded.chars().map(|c| if c == 'y' { 'i' } else { c }) {
        if prev != Some(c) {
            out.push(c);
            prev = Some(c);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct(char),
}

/// A word or punctuation mark with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// The word without a possessive `'s` (equal to `span` otherwise).
    pub core: Span,
    pub kind: TokKind,
    pub possessive: bool,
    pub sentence: usize,
    /// First word of its sentence (after any opening marks).
    pub sentence_initial: bool,
    /// A word whose first character is uppercase (told while tokenising).
    pub capitalised: bool,
    /// A word whose first character is a letter (not a digit).
    pub alphabetic: bool,
    /// In a subordinate clause: at or after a word opening one (a word with one of the
    /// lexicon's clause marks, [`NameLexicon::with_marks`]) in its sentence, with no comma,
    /// dash or semicolon since. Told while tokenising.
    pub subordinate: bool,
    /// Where its folded core starts and ends in [`Tokens::folded`], and where its folded span
    /// ends (the folded span follows the folded core for a possessive; it is the core
    /// otherwise). Kept in the token itself, so that tokenising pushes one record per token.
    fold: (usize, usize, usize),
    /// The word-list entry of its folded core, looked up while tokenising ([`tokenize_with`]).
    info: WordInfo,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }
}

/// The tokens of a document (it derefs to `[Token]`) with the folded text of each, folded once
/// when tokenising: the name rules look at each word several times.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    list: Vec<Token>,
    /// The folded texts, one after the other.
    folded: String,
    /// Whether each sentence is a headline (at least four words, and every word that is not
    /// a short function word capitalised), told while tokenising, where each word's case and
    /// entry are at hand.
    headline: Vec<bool>,
    /// The indices of the capitalised words, in order, noted while tokenising: the name
    /// finder starts its runs at them without reading every token.
    caps: Vec<usize>,
    /// The indices of the words that may refer back to a person (a singular pronoun, by the
    /// entry of the folded span, or the folded span "the"), in order, noted while tokenising:
    /// the people stage finds its pronouns and descriptions at them.
    referring: Vec<usize>,
}

impl std::ops::Deref for Tokens {
    type Target = [Token];
    fn deref(&self) -> &[Token] {
        &self.list
    }
}

impl Tokens {
    /// The indices of the words that may refer back to a person: a singular pronoun or "the"
    /// (by the folded span), in order.
    pub fn referring(&self) -> &[usize] {
        &self.referring
    }
    /// [`fold`] of token `k`'s core (the word without a possessive `'s`).
    #[inline]
    pub fn core(&self, k: usize) -> &str {
        self.list.get(k).and_then(|t| self.folded.get(t.fold.0..t.fold.1)).unwrap_or("")
    }
    /// The index of `t`, a token of this list (found by its address; by its start otherwise).
    pub fn index_of(&self, t: &Token) -> usize {
        let size = std::mem::size_of::<Token>().max(1);
        let k = (t as *const Token as usize).wrapping_sub(self.list.as_ptr() as usize) / size;
        if self.list.get(k).is_some_and(|x| std::ptr::eq(x, t)) {
            return k;
        }
        self.list.partition_point(|x| x.span.start < t.span.start)
    }
    /// [`Tokens::word`] of a token of this list: [`fold`] of its span, without folding again.
    pub fn word_of(&self, t: &Token) -> &str {
        self.word(self.index_of(t))
    }
    /// [`Tokens::word_info`] of a token of this list.
    pub fn word_info_of(&self, lex: &NameLexicon, t: &Token) -> WordInfo {
        self.word_info(lex, self.index_of(t))
    }
    /// [`Tokens::core_info`] of a token of this list.
    pub fn core_info_of(&self, t: &Token) -> WordInfo {
        self.core_info(self.index_of(t))
    }
    /// [`Tokens::core`] of a token of this list.
    pub fn core_of(&self, t: &Token) -> &str {
        self.core(self.index_of(t))
    }
    /// The length in bytes of [`Tokens::core`]`(k)`.
    #[inline]
    pub fn core_len(&self, k: usize) -> usize {
        self.list.get(k).map_or(0, |t| t.fold.1 - t.fold.0)
    }
    /// What the word lists say of token `k`'s folded core ([`NameLexicon::info`]).
    #[inline]
    pub fn core_info(&self, k: usize) -> WordInfo {
        // (every token's entry was looked up while tokenising)
        self.list.get(k).map(|t| t.info).unwrap_or_default()
    }
    /// What the word lists say of token `k`'s folded span.
    #[inline]
    pub fn word_info(&self, lex: &NameLexicon, k: usize) -> WordInfo {
        match self.list.get(k) {
            Some(t) if !t.possessive => t.info,
            _ => self.look_up(lex, k),
        }
    }
    /// The entry of token `k`'s folded span (a possessive's: its core's is in the token),
    /// looked up.
    #[inline(never)]
    fn look_up(&self, lex: &NameLexicon, k: usize) -> WordInfo {
        match self.list.get(k) {
            Some(_) => lex.info(self.word(k)),
            None => WordInfo::default(),
        }
    }
    /// Whether [`Tokens::word`]`(k)` is `w`: the lengths, then the bytes compared (no
    /// char-boundary checks, as slicing the text would make).
    #[inline]
    pub fn word_is(&self, k: usize, w: &str) -> bool {
        match self.list.get(k).map(|t| t.fold) {
            Some((s, e, x)) => {
                let (a, b) = if x == e { (s, e) } else { (e, x) };
                b - a == w.len() && self.folded.as_bytes().get(a..b) == Some(w.as_bytes())
            }
            None => w.is_empty(),
        }
    }
    /// Whether [`Tokens::core`]`(k)` is `w`, compared as [`Tokens::word_is`] does.
    #[inline]
    pub fn core_is(&self, k: usize, w: &str) -> bool {
        match self.list.get(k).map(|t| t.fold) {
            Some((s, e, _)) => e - s == w.len() && self.folded.as_bytes().get(s..e) == Some(w.as_bytes()),
            None => w.is_empty(),
        }
    }
    /// [`fold`] of token `k`'s whole span.
    #[inline]
    pub fn word(&self, k: usize) -> &str {
        match self.list.get(k).map(|t| t.fold) {
            Some((s, e, w)) if w == e => self.folded.get(s..e).unwrap_or(""),
            Some((_, e, w)) => self.folded.get(e..w).unwrap_or(""),
            None => "",
        }
    }
}

/// Words that keep a trailing dot, in byte order ([`is_abbreviation`] searches it by halves).
const ABBREV_DOT: &[&str] = &[
    "adm", "ala", "ariz", "ark", "calif", "capt", "cmdr", "co", "col", "colo", "conn", "corp",
    "cpl", "del", "dr", "fla", "ft", "ga", "gen", "gov", "hon", "ill", "inc", "ind", "jr", "kan",
    "kans", "ky", "la", "lt", "ltd", "maj", "mass", "md", "messrs", "mich", "minn", "miss", "mo",
    "mont", "mr", "mrs", "ms", "mt", "neb", "nev", "no", "okla", "ore", "pa", "prof", "rep", "reps",
    "rev", "sen", "sens", "sgt", "sr", "st", "supt", "tenn", "tex", "va", "vs", "vt", "wash", "wis",
    "wyo",
];

fn is_word_char(c: char) -> bool {
    // the General Punctuation block (curly quotes, dashes, invisible marks) holds no letter or
    // digit: answered without Unicode's letter and digit tables
    if ('\u{2000}'..='\u{206f}').contains(&c) {
        return false;
    }
    c.is_alphanumeric()
}

/// Splits the document into words and punctuation, sentence by sentence, folding each token
/// as it goes (one pass over the bytes; ASCII words are folded inline, others by [`fold_into`])
/// and looking up each token's entry in `lex` as it is folded, once, for rules that ask about
/// most tokens several times.
pub fn tokenize_with(doc: &Document, lex: &NameLexicon) -> Tokens {
    let body = doc.body;
    let mut list = Vec::with_capacity(body.len() / 4);
    // the folded texts as bytes (each piece pushed is UTF-8: an ASCII word lowercased or a
    // `fold_into` result), and a scratch string for the folds of non-ASCII tokens
    let mut folded: Vec<u8> = Vec::with_capacity(body.len() + body.len() / 8);
    let mut scratch = String::new();
    let mut headline = Vec::with_capacity(doc.sentences.len());
    // (about one word in six is capitalised in news text)
    let mut caps = Vec::with_capacity(body.len() / 32);
    // (a pronoun or a "the" in about one token in sixteen of news text)
    let mut referring = Vec::with_capacity(body.len() / 64);
    let look = |h: u64, w: &[u8]| lex.words.get_hashed_bytes(h, w).unwrap_or_default();
    let clause_marks = lex.clause_marks;
    for (si, s) in doc.sentences.iter().enumerate() {
        let text = s.of(body);
        let bytes = text.as_bytes();
        let base = s.start;
        let mut i = 0usize;
        let mut first_word = true;
        // the headline test's counts ([`Tokens::headline`]): words, and capitalised ones
        let (mut hw, mut hc) = (0usize, 0usize);
        // in a subordinate clause ([`Token::subordinate`])
        let mut inside = false;
        while i < bytes.len() {
            // the common case, told by the word's bytes and the byte after it: an ASCII word
            // with no joiner, dot or non-ASCII character after it (so no trailing dot, no
            // possessive, nothing to join), read without the general path's checks below, and
            // a space after it skipped at once
            if ASCII_WORD[usize::from(bytes[i])] {
                // (a word shorter than eight bytes, with eight bytes of the sentence from its
                // start: its end told from those bytes and the same bytes lowercased, read once)
                let short = bytes.get(i..).and_then(|r| r.first_chunk::<8>()).and_then(|c| {
                    let raw = u64::from_le_bytes(*c);
                    let stop = not_word8(raw);
                    (stop != 0).then(|| (raw, (stop.trailing_zeros() / 8) as usize))
                });
                let j = match short {
                    Some((_, n)) => i + n,
                    None => ascii_word_end(bytes, i + 1),
                };
                let next = bytes.get(j).copied();
                if !matches!(next, Some(b'\'' | b'-' | b'.' | b'&' | 0x80..)) {
                    let x = bytes[i];
                    let start = folded.len();
                    let (h, first) = match short {
                        Some((raw, n)) => push_lower_chunk(raw, n, &mut folded),
                        None => push_ascii_lower(body.as_bytes(), base + i, j - i, &mut folded),
                    };
                    let end = folded.len();
                    let info = lex.words.get_chunked_or_default(h, first, &folded[start..end]);
                    let upper = x.is_ascii_uppercase();
                    let alphabetic = x.is_ascii_alphabetic();
                    if alphabetic && (upper || end - start > 3 || info.non_person & class::FUNCTION == 0) {
                        hw += 1;
                        hc += usize::from(upper);
                    }
                    if upper {
                        caps.push(list.len());
                    }
                    // (the span is the core here: its entry is the span's)
                    inside |= info.marks & clause_marks != 0;
                    if info.marks & REFERRING != 0 {
                        referring.push(list.len());
                    }
                    let span = Span::new(base + i, base + j);
                    list.push(Token {
                        span,
                        core: span,
                        kind: TokKind::Word,
                        possessive: false,
                        sentence: si,
                        sentence_initial: first_word,
                        capitalised: upper,
                        alphabetic,
                        subordinate: inside,
                        fold: (start, end, end),
                        info,
                    });
                    first_word = false;
                    i = if next == Some(b' ') { j + 1 } else { j };
                    continue;
                }
            }
            let b = i;
            let (c, clen) = match bytes[i] {
                x if x < 0x80 => (char::from(x), 1),
                _ => match decode(text, i) {
                    Some(d) => d,
                    None => break,
                },
            };
            if c.is_ascii() {
                if c.is_ascii_control() || c == ' ' {
                    i += 1;
                    continue;
                }
            } else if c.is_whitespace() || is_invisible(c) {
                i += clen;
                continue;
            }
            if !(c.is_ascii_alphanumeric() || !c.is_ascii() && is_word_char(c)) {
                let e = b + clen;
                let span = Span::new(base + b, base + e);
                let start = folded.len();
                let h = if c.is_ascii() {
                    // (an ASCII mark folds to itself, a dot to nothing)
                    if c == '.' {
                        hash_step(hash_start(0), 0)
                    } else {
                        folded.push(bytes[b]);
                        hash_step(hash_start(1), u64::from(bytes[b]))
                    }
                } else {
                    push_fold(&text[b..e], &mut scratch, &mut folded);
                    word_hash(&folded[start..])
                };
                let end = folded.len();
                // (a comma, dash or semicolon ends a subordinate clause)
                if matches!(c, ',' | '—' | '–' | ';') {
                    inside = false;
                }
                list.push(Token {
                    span,
                    core: span,
                    kind: TokKind::Punct(c),
                    possessive: false,
                    sentence: si,
                    sentence_initial: false,
                    capitalised: false,
                    alphabetic: false,
                    subordinate: inside,
                    fold: (start, end, end),
                    info: match c.is_ascii() {
                        true => lex.ascii_marks.get(usize::from(bytes[b])).copied().unwrap_or_default(),
                        false => look(h, &folded[start..]),
                    },
                });
                i = e;
                continue;
            }
            // a word: alphanumerics joined by single inner apostrophes, hyphens, dots, ampersands
            let mut ascii = c.is_ascii();
            // (an inner dot and an inner apostrophe, noted as the word is read: a trailing dot
            // is kept after a dotted word, and only a word with an apostrophe may be possessive)
            let mut dotted = false;
            let mut apostrophe = false;
            let mut j = b + clen;
            loop {
                j = ascii_word_end(bytes, j);
                let Some((cj, lj)) = decode(text, j) else { break };
                if !cj.is_ascii() && is_word_char(cj) {
                    ascii = false;
                    j += lj;
                    continue;
                }
                if matches!(cj, '\'' | '’' | '-' | '.' | '&') {
                    if let Some((_, ln)) = decode(text, j + lj).filter(|n| is_word_char(n.0)) {
                        ascii &= lj == 1 && ln == 1;
                        dotted |= cj == '.';
                        apostrophe |= matches!(cj, '\'' | '’');
                        j += lj + ln;
                        continue;
                    }
                }
                break;
            }
            let end_b = j;
            let mut end = end_b;
            let upper = if c.is_ascii() { c.is_ascii_uppercase() } else { c.is_uppercase() };
            // a name opening with a hyphened particle ("al-Assad", "el-Sisi") is capitalised
            let upper = upper || particle_hyphen_name(&text[b..end_b]);
            // a trailing dot belongs to initials, abbreviations and dotted acronyms
            if bytes.get(j) == Some(&b'.') {
                let word = &text[b..end_b];
                let initial = if ascii { word.len() == 1 } else { word.chars().count() == 1 } && upper;
                if initial || dotted || is_abbreviation(word, ascii) {
                    end = end_b + 1;
                    j += 1;
                }
            }
            let suffix = if apostrophe { possessive_suffix(&bytes[b..end]) } else { 0 };
            let possessive = suffix > 0;
            let core_end_b = end - suffix;
            let start = folded.len();
            let h = if ascii {
                // (the word read ends in a word character: a trailing dot is the one kept
                // after it, which the fold drops, and a possessive ending is outside the core)
                let n = core_end_b.min(end_b) - b;
                let (h, first) = push_ascii_lower(body.as_bytes(), base + b, n, &mut folded);
                (h, Some(first))
            } else {
                push_fold(&text[b..core_end_b], &mut scratch, &mut folded);
                (word_hash(&folded[start..]), None)
            };
            let (h, first) = h;
            let core_end = folded.len();
            let info = match first {
                Some(x) => lex.words.get_chunked_or_default(h, x, &folded[start..core_end]),
                None => look(h, &folded[start..core_end]),
            };
            let alphabetic = if c.is_ascii() { c.is_ascii_alphabetic() } else { c.is_alphabetic() };
            // ("of", "to", "the" stay lowercase in Title Case)
            if alphabetic && (upper || core_end - start > 3 || info.non_person & class::FUNCTION == 0) {
                hw += 1;
                hc += usize::from(upper);
            }
            // (the entry of the folded span: a possessive's looked up, the core's otherwise)
            let span_info = if possessive {
                push_fold(&text[b..end], &mut scratch, &mut folded);
                let w = folded.get(core_end..).unwrap_or_default();
                look(word_hash(w), w)
            } else {
                info
            };
            inside |= span_info.marks & clause_marks != 0;
            if span_info.marks & REFERRING != 0 {
                referring.push(list.len());
            }
            if upper {
                caps.push(list.len());
            }
            list.push(Token {
                span: Span::new(base + b, base + end),
                core: Span::new(base + b, base + core_end_b),
                kind: TokKind::Word,
                possessive,
                sentence: si,
                sentence_initial: first_word,
                capitalised: upper,
                alphabetic,
                subordinate: inside,
                fold: (start, core_end, folded.len()),
                info,
            });
            first_word = false;
            i = j;
        }
        headline.push(hw >= 4 && hc == hw);
    }
    let folded = folds_text(folded);
    Tokens { list, folded, headline, caps, referring }
}

/// The lexicon's own bit of [`WordInfo::marks`]: on "the" and on the singular pronouns, the
/// words that may refer back to a person ([`Tokens::referring`]).
const REFERRING: u8 = 0x80;

/// The folds [`tokenize_with`] pushed, as text. Every piece pushed is UTF-8, so this never falls
/// back; it is checked all the same (an unchecked conversion saved 0.3% of the extraction's
/// instructions, not worth the crate's only `unsafe`). Out of line, so that the tokenizer's loop
/// is compiled as it would be without it.
#[inline(never)]
fn folds_text(folded: Vec<u8>) -> String {
    String::from_utf8(folded).unwrap_or_default()
}

/// Appends the `n` ASCII bytes of `all` at `at` lowercased to `folded`, and returns their
/// [`word_hash`] and their first eight bytes (as [`load_chunk`] reads them), which the
/// look-up compares as one number. Eight bytes at a time: read from the body (the bytes past
/// the word masked off), lowercased at once, appended whole (the excess cut after) and hashed
/// as `word_hash` does.
#[inline(always)]
fn push_ascii_lower(all: &[u8], at: usize, n: usize, folded: &mut Vec<u8>) -> (u64, u64) {
    let start = folded.len();
    if n <= 8 {
        // (most words: one chunk, no loop)
        let raw = match all.get(at..).and_then(|r| r.first_chunk::<8>()) {
            Some(c) => u64::from_le_bytes(*c) & low_bytes(n),
            None => load_chunk(all.get(at..at + n).unwrap_or_default()),
        };
        let x = ascii_lower8(raw);
        folded.extend_from_slice(&x.to_le_bytes());
        folded.truncate(start + n);
        return (hash_step(hash_start(n), x), x);
    }
    if n <= 16 {
        // (a long word: two chunks, no loop)
        let (raw0, raw1) = match all.get(at..).and_then(|r| r.first_chunk::<16>()) {
            Some(c) => {
                let (a, b) = c.split_at(8);
                (load_chunk(a), load_chunk(b) & low_bytes(n - 8))
            }
            None => (load_chunk(all.get(at..at + 8).unwrap_or_default()), load_chunk(all.get(at + 8..at + n).unwrap_or_default())),
        };
        let (x0, x1) = (ascii_lower8(raw0), ascii_lower8(raw1));
        folded.extend_from_slice(&x0.to_le_bytes());
        folded.extend_from_slice(&x1.to_le_bytes());
        folded.truncate(start + n);
        return (hash_step(hash_step(hash_start(n), x0), x1), x0);
    }
    let mut h = hash_start(n);
    let (mut at, mut left) = (at, n);
    let mut first = None;
    loop {
        let take = left.min(8);
        let raw = match all.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            Some(c) => u64::from_le_bytes(c) & low_bytes(take),
            None => load_chunk(all.get(at..at + take).unwrap_or_default()),
        };
        let x = ascii_lower8(raw);
        first.get_or_insert(x);
        folded.extend_from_slice(&x.to_le_bytes());
        h = hash_step(h, x);
        at += take;
        left -= take;
        if left == 0 {
            break;
        }
    }
    folded.truncate(start + n);
    (h, first.unwrap_or_default())
}

/// [`push_ascii_lower`] of the `n` (fewer than eight) ASCII bytes that open the eight bytes
/// `raw` (little-endian), already read.
#[inline(always)]
fn push_lower_chunk(raw: u64, n: usize, folded: &mut Vec<u8>) -> (u64, u64) {
    let start = folded.len();
    let x = ascii_lower8(raw & low_bytes(n));
    folded.extend_from_slice(&x.to_le_bytes());
    folded.truncate(start + n);
    (hash_step(hash_start(n), x), x)
}

/// The end of the ASCII letters and digits ([`ASCII_WORD`]) of `bytes` from `j` on: eight
/// bytes told at once ([`not_word8`]) while eight are left, the last few one by one.
#[inline(always)]
fn ascii_word_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(c) = bytes.get(j..).and_then(|r| r.first_chunk::<8>()) {
        let stop = not_word8(u64::from_le_bytes(*c));
        if stop != 0 {
            return j + (stop.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while bytes.get(j).is_some_and(|&x| ASCII_WORD[usize::from(x)]) {
        j += 1;
    }
    j
}

/// Of eight bytes read as a little-endian `u64`, the top bit of each byte that is not an
/// ASCII letter or digit (as [`ASCII_WORD`] tells), the others' bits clear.
#[inline]
fn not_word8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = ONES * 0x80;
    // (the top bits cleared, no byte carries into the next in the adds below; a byte with
    // its top bit set, not ASCII, is told apart at the end)
    let low = x & !TOP;
    // (a letter is in `a..=z` once its 0x20 bit is set; `@`, `[`, `` ` ``, `{` fall outside)
    let l = low | (ONES * 0x20);
    let letter = l.wrapping_add(ONES * (0x80 - 0x61)) & !l.wrapping_add(ONES * (0x80 - 0x7b));
    let digit = low.wrapping_add(ONES * (0x80 - 0x30)) & !low.wrapping_add(ONES * (0x80 - 0x3a));
    (!(letter | digit) | x) & TOP
}

/// A mask of the low `k` bytes of a `u64` (all of them from 8 on).
#[inline]
fn low_bytes(k: usize) -> u64 {
    if k >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * k)) - 1
    }
}

/// Eight ASCII bytes (each below 0x80) lowercased at once: each byte in `A..=Z` gains 0x20.
#[inline]
fn ascii_lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // (no byte carries into the next: each is below 0x80 and below 0x80 after the adds' tops)
    let from_a = x.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let past_z = x.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    let upper = from_a & !past_z & (ONES * 0x80);
    x | (upper >> 2)
}

/// The char at byte `at` of `text` and its length in bytes (`at` is on a char boundary).
fn decode(text: &str, at: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(at) {
        Some(&b) if b < 0x80 => Some((char::from(b), 1)),
        Some(_) => text.get(at..).and_then(|r| r.chars().next()).map(|c| (c, c.len_utf8())),
        None => None,
    }
}

/// A word (no trailing dot) whose fold is in [`ABBREV_DOT`]; `ascii` says it is all ASCII.
fn is_abbreviation(word: &str, ascii: bool) -> bool {
    if ascii {
        // lowercased into a small buffer, then searched by halves in the sorted list
        let mut buf = [0u8; 6];
        let Some(lower) = buf.get_mut(..word.len()) else { return false };
        for (l, b) in lower.iter_mut().zip(word.bytes()) {
            *l = b.to_ascii_lowercase();
        }
        // (compared byte by byte in place: a few bytes, no call)
        return ABBREV_DOT.binary_search_by(|a| a.bytes().cmp(lower.iter().copied())).is_ok();
    }
    let w = fold(word);
    ABBREV_DOT.contains(&w.as_str())
}

/// Appends [`fold`]`(word)` to the bytes `out`, by way of `scratch`.
fn push_fold(word: &str, scratch: &mut String, out: &mut Vec<u8>) {
    scratch.clear();
    fold_into(word, scratch);
    out.extend_from_slice(scratch.as_bytes());
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}') || c.is_control()
}

/// The length of a possessive ending ("'s", "’s", "'S", "’S") after at least two bytes of
/// the word `w`, 0 when there is none.
fn possessive_suffix(w: &[u8]) -> usize {
    let n = w.len();
    if n > 3 && matches!(w[n - 1], b's' | b'S') {
        if w[n - 2] == b'\'' {
            return 2;
        }
        if n > 5 && w[n - 4..n - 1] == [0xe2, 0x80, 0x99] {
            return 4;
        }
    }
    0
}

/// What a capitalised run names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameClass {
    /// Two or more name words with evidence of a person (a given name, a title, an honorific).
    Person,
    /// Two or more name words with no evidence either way.
    Weak,
    /// One word: a surname or given name if it matches a person, else unknown.
    Single,
    /// An organisation, place, publication, time, group.
    NonPerson,
}

/// A name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention<'t> {
    /// The name words, without titles before them (and without a possessive `'s`).
    pub span: Span,
    /// Folded name words, suffixes (Jr., II) excluded: the tokens' own folds ([`Tokens::core`]),
    /// borrowed, not copied, in one list shared by all the mentions ([`find_names`]).
    pub words: &'t [&'t str],
    /// Where `words` lies in the shared list, while the list is still being filled.
    words_at: (usize, usize),
    /// The title or description given with this mention ("CIS Secretary General"), if any.
    pub titles: Titles<'t>,
    /// Gender told by an honorific or title (Mr., Mrs., congresswoman).
    pub gender: Gender,
    /// An honorific or title stood right before the name.
    pub titled: bool,
    pub class: NameClass,
    pub sentence: usize,
    pub possessive: bool,
    /// Index of the first token of the name.
    pub first_token: usize,
    /// One past the index of its last token (a suffix included): the first token at or after
    /// the end of `span`.
    pub end_token: usize,
    /// Capitalised for another reason than being a name: first word of its sentence, or in a
    /// headline.
    pub ambiguous: bool,
    /// What the word lists say of the first of `words` (its token's entry, at hand when the
    /// mention is made), so that the rules ask about it with no look-up.
    pub first_info: WordInfo,
}

/// The titles given with a mention: the title before the name, a description before it and an
/// apposition after it, at most one of each, kept in the mention itself (each the body's own
/// text, borrowed, but for an age, which is written out): no allocation per titled name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Titles<'t> {
    list: [Option<Cow<'t, str>>; 3],
}

impl<'t> Titles<'t> {
    fn push(&mut self, t: Cow<'t, str>) {
        if let Some(slot) = self.list.iter_mut().find(|s| s.is_none()) {
            *slot = Some(t);
        }
    }
    /// The titles in the order they were given.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().flatten().map(|t| t.as_ref())
    }
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl NameMention<'_> {
    /// The surname in comparable form.
    pub fn surname_key(&self) -> String {
        self.words.last().map(|w| translit(surname_core(w))).unwrap_or_default()
    }
}

fn is_cap_word(t: &Token) -> bool {
    t.is_word() && t.capitalised
}

/// The first char of `span`'s text (`span.of(body).chars().next()`), read straight from the
/// byte when it is ASCII.
#[inline]
pub fn first_char(body: &str, span: Span) -> Option<char> {
    if span.start >= span.end {
        return None;
    }
    match body.as_bytes().get(span.start) {
        Some(&b) if b < 0x80 && body.is_char_boundary(span.end) => Some(char::from(b)),
        _ => span.of(body).chars().next(),
    }
}


/// Finds every capitalised run and classifies it. Linear in the number of tokens. The name
/// words of all the mentions are put one after the other in `words` (the caller's, empty),
/// which the mentions then borrow: one list, not one per mention.
pub fn find_names<'t>(lex: &NameLexicon, body: &'t str, toks: &'t Tokens, words: &'t mut Vec<&'t str>) -> Vec<NameMention<'t>> {
    // (about one name in eight tokens in news text: sized so that it rarely grows)
    let mut out = Vec::with_capacity(toks.len() / 8);
    // (told while tokenising)
    let headline: &[bool] = &toks.headline;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    // (a run starts at a capitalised word: the next one at or after `i`, from the list the
    // tokenizer made, not found by reading each token)
    for &c in &toks.caps {
        if c < i {
            continue;
        }
        i = c;
        // the run: capitalised words, inner particles and "of (the)" between capitalised words
        let start = i;
        let mut end = i + 1; // exclusive
        while end < toks.len() && end - start < MAX_RUN {
            let t = &toks[end];
            // a line break ends a run ("…Gets Road Contract\nAnn Kerr said"): a heading
            // line is not part of the name that opens the next line
            // (the gap read only when needed, as bytes: a few bytes searched in place)
            let broken = || body.get(toks[end - 1].span.end..t.span.start).is_some_and(|g| g.as_bytes().contains(&b'\n'));
            if t.sentence != toks[start].sentence || toks[end - 1].possessive || broken() {
                break;
            }
            if is_cap_word(t) {
                end += 1;
                continue;
            }
            let w = if t.is_word() { toks.word(end) } else { "" };
            let joiner = t.is_word() && (is_particle(w) || w == "of");
            if joiner {
                let mut k = end + 1;
                if w == "of" && k < toks.len() && toks.word_is(k, "the") {
                    k += 1;
                }
                if k < toks.len() && is_cap_word(&toks[k]) && toks[k].sentence == t.sentence {
                    end = k + 1;
                    continue;
                }
            }
            break;
        }
        if headline[toks[start].sentence] {
            // Title Case: every word is capitalised, so a run says nothing; keep single words
            // (with a title before them) and let them join the people named in the body
            let mut a = start;
            while a < end {
                let mut b = a + 1;
                while b < end && toks.core_info(b - 1).is_title_like() {
                    b += 1;
                }
                // a given name keeps its surname ("Donald Trump Gets …"), with a middle initial
                // or a particle between ("John F. Kerry", "Marine Le Pen"); a given name that is
                // also a common word ("Will", "Bill") only before a surname that is not one
                let given = toks.core_info(b - 1);
                if b < end && given.given().is_some() && given.classes() & class::FUNCTION == 0 {
                    let mut c = b;
                    while c + 1 < end && (is_initial(toks[c].core.of(body)) || is_particle(toks.core(c))) && c - b < 2 {
                        c += 1;
                    }
                    if !(given.is_common_word() && toks.core_info(c).is_common_word()) {
                        b = c + 1;
                    }
                }
                analyse_run(lex, body, toks, a, b, &mut segments, words, &mut out);
                a = b;
            }
        } else {
            analyse_run(lex, body, toks, start, end, &mut segments, words, &mut out);
        }
        i = end;
    }
    // (the list is complete: each mention takes its words from it)
    let words: &'t Vec<&'t str> = words;
    for m in &mut out {
        if headline[m.sentence] {
            m.ambiguous = true;
        }
        m.words = words.get(m.words_at.0..m.words_at.1).unwrap_or_default();
    }
    out
}

/// Sentences written in Title Case (headlines): at least four words, and every word
/// that is not a short function word capitalised. (What the tokenizer tells as it goes,
/// [`Tokens::headline`], read over again: the test of that.)
#[cfg(test)]
fn headline_sentences(toks: &Tokens) -> Vec<bool> {
    let n = toks.last().map(|t| t.sentence + 1).unwrap_or(0);
    let mut out = vec![false; n];
    // (a sentence's tokens follow one another: its counts are kept in locals and settled when
    // the next sentence begins)
    let (mut sentence, mut words, mut caps) = (usize::MAX, 0usize, 0usize);
    for (k, t) in toks.iter().enumerate() {
        if t.sentence != sentence {
            if let Some(h) = out.get_mut(sentence) {
                *h = words >= 4 && caps == words;
            }
            (sentence, words, caps) = (t.sentence, 0, 0);
        }
        // (a word's core starts with its first character, never empty)
        if !t.is_word() || !t.alphabetic {
            continue;
        }
        let cap = t.capitalised;
        if !cap && t.fold.1 - t.fold.0 <= 3 && toks.core_info(k).classes() & class::FUNCTION != 0 {
            continue; // "of", "to", "the" stay lowercase in Title Case
        }
        words += 1;
        caps += usize::from(cap);
    }
    if let Some(h) = out.get_mut(sentence) {
        *h = words >= 4 && caps == words;
    }
    out
}

/// Splits one run into its title phrase and name(s) and classifies them.
#[allow(clippy::too_many_arguments, reason = "the run, its context and the caller's two reused scratch buffers")]
fn analyse_run<'t>(
    lex: &NameLexicon,
    body: &'t str,
    toks: &'t Tokens,
    start: usize,
    end: usize,
    segments: &mut Vec<(usize, usize)>,
    words: &mut Vec<&'t str>,
    out: &mut Vec<NameMention<'t>>,
) {
    segments.clear();
    let inf = |k: usize| toks.core_info(k);
    // leading function words ("The", "But", "Asked")
    let mut s = start;
    while s < end && inf(s).classes() & class::FUNCTION != 0 {
        s += 1;
    }
    if s >= end {
        return;
    }
    // "of" splits the run into segments; a leading title segment ("Secretary General of the
    // Commonwealth of Independent States Sergey Lebedev") makes the whole run a title + name.
    // (`segments` is the caller's buffer, reused from run to run)
    let mut seg_start = s;
    let mut k = s;
    while k < end {
        if toks.core_is(k, "of") || (toks.core_is(k, "the") && k > s && toks.core_is(k - 1, "of")) {
            if k > seg_start {
                segments.push((seg_start, k));
            }
            seg_start = k + 1;
        }
        k += 1;
    }
    if seg_start < end {
        segments.push((seg_start, end));
    }
    let title_led = segments.len() > 1 && {
        let (a, b) = segments[0];
        (a..b).all(|k| inf(k).is_title_like() || is_acronym(toks[k].span.of(body)))
            && (a..b).any(|k| inf(k).is_title_like())
    };
    if title_led {
        let (ls, le) = segments[segments.len() - 1];
        // the name is the tail of the last segment after its last org/place/title word
        let mut ns = le;
        while ns > ls {
            let w = inf(ns - 1);
            if w.classes() != 0 || w.title().is_some_and(|(k, _)| k != TitleKind::Suffix) {
                break;
            }
            ns -= 1;
        }
        if ns < le {
            let title = Span::new(toks[s].span.start, toks[ns - 1].core.end);
            let title_text = clean_title(title.of(body));
            let g = title_gender((s..ns).map(inf));
            push_names(lex, body, toks, ns, le, Some(title_text), g, true, words, out);
        }
        return;
    }
    for &(a, b) in segments.iter() {
        // a title alone ("CIS Secretary General", "the President") names no one here
        // (but "Mr. King" and a lone "Dean" may be surnames)
        let first_titleish = inf(a).is_title_like() || is_acronym(toks[a].span.of(body)) || inf(a).classes() != 0;
        let honorific_before = (a..b - 1).any(|k| matches!(inf(k).title(), Some((TitleKind::Honorific, _))));
        let of_after = b < toks.len() && toks.word_is(b, "of");
        let determiner_before = of_after
            || (a > 0 && {
                let p = toks.word(a - 1);
                matches!(p, "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "former")
            });
        let all_titleish = (a..b).all(|k| inf(k).is_title_like() || is_acronym(toks[k].span.of(body)) || inf(k).classes() != 0);
        if inf(b - 1).is_title_like() && first_titleish && all_titleish && !honorific_before && (b - a >= 2 || determiner_before) {
            continue;
        }
        // titles at the front of a segment: "CIS Secretary General Sergey Lebedev", "Mr. Smith"
        let mut last_title = None;
        for k in a..b {
            if inf(k).is_title_like() && k + 1 < b && inf(k + 1).title().map(|t| t.0) != Some(TitleKind::Suffix) {
                last_title = Some(k);
            }
        }
        // only a prefix of title-ish words counts: the words before the last title must be
        // titles, acronyms or organisation/place words
        let name_start = match last_title {
            Some(lt)
                if inf(a).given().is_none()
                    || inf(a).is_title_like()
                    || inf(a).classes() != 0 =>
            {
                lt + 1
            }
            _ => a,
        };
        if name_start > a {
            let title = Span::new(toks[a].span.start, toks[name_start - 1].core.end);
            let title_text = clean_title(title.of(body));
            let g = title_gender((a..name_start).map(inf));
            push_names(lex, body, toks, name_start, b, Some(title_text), g, true, words, out);
        } else {
            push_names(lex, body, toks, a, b, None, Gender::Unknown, false, words, out);
        }
    }
}

fn title_gender(words: impl Iterator<Item = WordInfo>) -> Gender {
    words
        .filter_map(|w| w.title().map(|t| t.1))
        .find(|g| *g != Gender::Unknown)
        .unwrap_or(Gender::Unknown)
}

fn clean_title(t: &str) -> &str {
    t.trim().trim_end_matches(',').trim()
}

fn is_acronym(w: &str) -> bool {
    // (a lowercase ASCII letter first or second settles it at once, unread as chars: most
    // capitalised words)
    if w.as_bytes().iter().take(2).any(u8::is_ascii_lowercase) {
        return false;
    }
    // (a lowercase letter settles it at once)
    let (mut letters, mut roman) = (0usize, true);
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
        roman &= matches!(c, 'I' | 'V' | 'X');
    }
    let roman = roman && letters <= 4;
    letters >= 2 && !roman
}

/// Pushes the name(s) in tokens `a..b` (a doubled name "Sergey Lebedev Sergei Lebedev" is two).
#[allow(clippy::too_many_arguments)]
fn push_names<'t>(
    lex: &NameLexicon,
    body: &'t str,
    toks: &'t Tokens,
    a: usize,
    b: usize,
    title: Option<&'t str>,
    gender: Gender,
    titled: bool,
    words: &mut Vec<&'t str>,
    out: &mut Vec<NameMention<'t>>,
) {
    if a >= b {
        return;
    }
    let n = b - a;
    // (each token's entry is at hand in the token: not copied into a buffer of entries, whose
    // filling cost more than all the reads)
    let info = |k: usize| toks.core_info(k);
    // a weekday after a name ends it ("Axelrod rapped Clinton Monday on her record")
    let weekday = |k: usize| info(k).classes() & class::DAY != 0;
    if n >= 2 && weekday(b - 1) && !(a..b - 1).any(weekday) {
        push_names(lex, body, toks, a, b - 1, title, gender, titled, words, out);
        push_names(lex, body, toks, b - 1, b, None, Gender::Unknown, false, words, out);
        return;
    }
    // modifiers before a given name: "Republican Donald Trump", "Crooked Hillary Clinton"
    if let Some(k) = (a..b).position(|j| info(j).given().is_some()) {
        if k > 0
            && k + 1 < n
            && info(a).given().is_none()
            && !(a..a + k).any(|j| is_initial(toks[j].core.of(body)))
        {
            // a party or nation before the name describes the person: keep it as a title
            let described = (a..a + k).any(|j| info(j).classes() & (class::DEMONYM | class::PLACE) != 0);
            let title = match (title, described) {
                (None, true) => Some(clean_title(Span::new(toks[a].span.start, toks[a + k - 1].core.end).of(body))),
                (t, _) => t,
            };
            return push_names(lex, body, toks, a + k, b, title, gender, titled, words, out);
        }
    }
    // doubled name: a word inside the run equals the last one (up to y/i)
    if n >= 4 {
        let last = translit(toks.core(b - 1));
        for k in 1..n - 2 {
            if translit(toks.core(a + k)) == last && info(a + k + 1).given().is_some() {
                push_names(lex, body, toks, a, a + k + 1, title, gender, titled, words, out);
                push_names(lex, body, toks, a + k + 1, b, None, Gender::Unknown, false, words, out);
                return;
            }
        }
    }
    // (the name words go on the shared list)
    let from = words.len();
    // (and for each name word, its token, as an offset from `a`)
    let mut name_at = [0u16; INFO_BUF];
    for k in a..b {
        if info(k).title().map(|t| t.0) == Some(TitleKind::Suffix) && words.len() > from {
            continue;
        }
        if let Some(slot) = name_at.get_mut(words.len() - from) {
            *slot = u16::try_from(k - a).unwrap_or(u16::MAX);
        }
        words.push(toks.core(k));
    }
    let name_words = words.get(from..).unwrap_or_default();
    let span = Span::new(toks[a].core.start, toks[b - 1].core.end);
    let class = classify(lex, body, name_words, &name_at, titled, toks, a, b);
    let mut titles = Titles::default();
    if let Some(t) = title {
        titles.push(Cow::Borrowed(t));
    }
    if class != NameClass::NonPerson {
        if let Some(t) = description_before(lex, body, toks, a) {
            titles.push(Cow::Borrowed(t));
        }
        if let Some(t) = apposition_after(body, toks, b) {
            titles.push(t);
        }
    }
    out.push(NameMention {
        span,
        words: &[],
        words_at: (from, words.len()),
        titles,
        gender,
        titled,
        class,
        sentence: toks[a].sentence,
        possessive: toks[b - 1].possessive,
        first_token: a,
        end_token: b,
        ambiguous: toks[a].sentence_initial,
        first_info: info(a),
    });
}

/// The class of the name words `words` (with `at`, the offset from `a` of each one's token, as
/// far as the buffer goes) of tokens `a..b` (suffixes included).
#[allow(clippy::too_many_arguments)]
fn classify(
    lex: &NameLexicon,
    body: &str,
    words: &[&str],
    at: &[u16; INFO_BUF],
    titled: bool,
    toks: &Tokens,
    a: usize,
    b: usize,
) -> NameClass {
    let n = words.len();
    let info = |i: usize| match at.get(i) {
        Some(&d) if i < n && d < u16::MAX => toks.core_info(a + usize::from(d)),
        _ => words.get(i).map(|w| lex.info(w)).unwrap_or_default(),
    };
    let classes = |i: usize| info(i).classes();
    let last = classes(n - 1);
    // (`surname_after_given`, read from the entries at hand instead of looking each word up)
    let surname_org = n >= 2
        && last & class::SURNAME != 0
        && (titled || info(0).given().is_some())
        && (0..n - 1).all(|i| classes(i) & (class::ORG | class::OUTLET) == 0);
    if (0..n).any(|i| classes(i) & class::OUTLET != 0)
        || last & class::ORG != 0 && !surname_org
        || (a..b).any(|k| {
            let w = toks[k].core.of(body);
            is_acronym(w) && !w.contains('.')
        })
    {
        return NameClass::NonPerson;
    }
    let given = info(0).given().is_some() || is_initial(toks[a].core.of(body));
    let org_inside = !surname_org && (0..n).any(|i| classes(i) & (class::ORG | class::OUTLET) != 0);
    // a month after a titled given name is a surname ("Prime Minister Theresa May")
    let month_surname = titled && n == 2 && info(0).given().is_some();
    if n >= 2 && given && !org_inside && (last & class::TIME == 0 || month_surname) {
        return NameClass::Person;
    }
    if last & (class::PLACE | class::TIME | class::DEMONYM | class::FUNCTION) != 0 || (0..n).all(|i| classes(i) != 0) {
        return if titled && n == 1 && last & class::FUNCTION == 0 {
            NameClass::Single
        } else {
            NameClass::NonPerson
        };
    }
    if titled {
        return if n >= 2 { NameClass::Person } else { NameClass::Single };
    }
    if n == 1 {
        return NameClass::Single;
    }
    // no given name and a place, nation or organisation word in front: "Saudi Arabia", "U.N. Women"
    if classes(0) & (class::PLACE | class::DEMONYM | class::ORG | class::OUTLET) != 0 {
        return NameClass::NonPerson;
    }
    NameClass::Weak
}

/// A word that is a lowercase name particle, a hyphen and a capitalised part: "al-Assad",
/// "el-Sisi", "bin-Laden" (a particle written with a space is a joiner, [`is_particle`]).
pub fn particle_hyphen_name(word: &str) -> bool {
    match particle_prefix(word) {
        Some(k) => word.get(k + 1..).and_then(|r| r.chars().next()).is_some_and(char::is_uppercase),
        None => false,
    }
}

/// The length of a leading particle of two or three letters followed by a hyphen ("al-"),
/// told by the bytes first (most words have no hyphen there).
fn particle_prefix(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    [2, 3].into_iter().find(|&k| b.get(k) == Some(&b'-') && word.get(..k).is_some_and(is_particle))
}

/// The part of a (folded) surname that keys it: "assad" for "al-assad", so that the lone
/// "Assad" finds "Bashar al-Assad"; any other word is its own key.
pub fn surname_core(word: &str) -> &str {
    match particle_prefix(word) {
        Some(k) if word.len() > k + 1 => word.get(k + 1..).unwrap_or(word),
        _ => word,
    }
}

/// A lowercase name particle ("de", "van", "del").
pub fn is_particle(folded: &str) -> bool {
    // (a match, not a search of a list: most words are told apart by their length alone)
    matches!(
        folded,
        "de" | "van" | "von" | "der" | "den" | "da" | "di" | "du" | "del" | "della" | "la" | "le" | "bin" | "ibn"
            | "al" | "el" | "ben" | "dos" | "das" | "ter" | "ten"
    )
}

fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// "campaign manager Robby Mook", "Apple's chief executive, Tim Cook": a lowercase description
/// ending in a role word right before the name.
fn description_before<'t>(lex: &NameLexicon, body: &'t str, toks: &Tokens, a: usize) -> Option<&'t str> {
    let mut k = a;
    if k > 0 && is_cap_word(&toks[k - 1]) {
        return None; // a capitalised title inside the run is already taken
    }
    if k > 0 && toks[k - 1].is_punct(',') {
        k -= 1;
    }
    if k == 0 {
        return None;
    }
    let head = &toks[k - 1];
    if !head.is_word() || head.sentence != toks[a].sentence || !toks.word_info(lex, k - 1).is_role(toks.word(k - 1)) {
        return None;
    }
    let mut first = k - 1;
    while first > 0 && k - first < 5 {
        let t = &toks[first - 1];
        if !t.is_word() || t.sentence != head.sentence {
            break;
        }
        let w = toks.core(first - 1);
        if toks.core_info(first - 1).classes() & class::FUNCTION != 0 && !t.possessive {
            break;
        }
        // a verb ends the description: "Christie described | Democratic nominee X"
        let cap = t.capitalised;
        if !cap && w.ends_with("ed") {
            break;
        }
        first -= 1;
    }
    Some(clean_title(Span::new(toks[first].span.start, head.span.end).of(body)))
}

/// "X, the CEO of Y," / "X, 34," / "X, a professor at Z,": the description after the name.
fn apposition_after<'t>(body: &'t str, toks: &Tokens, b: usize) -> Option<Cow<'t, str>> {
    if b >= toks.len() || !toks[b].is_punct(',') {
        return None;
    }
    let sentence = toks[b].sentence;
    let mut k = b + 1;
    let start = k;
    let mut has_role = false;
    let mut age = None;
    while k < toks.len() && toks[k].sentence == sentence && k - start < MAX_APPOSITION {
        let t = &toks[k];
        if !t.is_word() {
            if t.is_punct('-') || t.is_punct('\'') || t.is_punct('’') {
                k += 1;
                continue;
            }
            break;
        }
        let w = toks.core(k);
        if k == start && w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 3 {
            age = Some(w);
        }
        if matches!(w, "who" | "whose" | "which" | "whom") && k == start {
            return None; // a relative clause, not a description
        }
        if k > start && matches!(w, "who" | "said" | "says" | "told" | "and" | "which") {
            break;
        }
        if !has_role && toks.core_info(k).is_role(w) {
            has_role = true;
        }
        k += 1;
    }
    if let Some(a) = age {
        if k == start + 1 {
            return Some(Cow::Owned(format!("{a}-year-old")));
        }
    }
    if !has_role || k == start {
        return None;
    }
    let text = Span::new(toks[start].span.start, toks[k - 1].span.end).of(body);
    let text = text
        .strip_prefix("the ")
        .or_else(|| text.strip_prefix("a "))
        .or_else(|| text.strip_prefix("an "))
        .unwrap_or(text);
    Some(Cow::Borrowed(clean_title(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphened_particles_open_a_name_word() {
        assert!(particle_hyphen_name("al-Assad") && particle_hyphen_name("el-Sisi") && particle_hyphen_name("bin-Laden"));
        assert!(!particle_hyphen_name("al-assad") && !particle_hyphen_name("Lawson-Okafor") && !particle_hyphen_name("de-"));
        assert!(!particle_hyphen_name("well-Known") && !particle_hyphen_name("al"));
        assert_eq!(surname_core("al-assad"), "assad");
        assert_eq!(surname_core("lawson-okafor"), "lawson-okafor");
        assert_eq!(surname_core("al-"), "al-");
        assert_eq!(surname_core("kerry"), "kerry");
    }

    fn names(body: &str) -> Vec<(String, NameClass, Vec<String>)> {
        let lex = NameLexicon::new();
        let doc = Document::new(body);
        let toks = tokenize_with(&doc, &NameLexicon::new());
        let mut words = Vec::new();
        find_names(&lex, body, &toks, &mut words)
            .into_iter()
            .map(|m| (m.span.of(body).to_owned(), m.class, m.titles.iter().map(str::to_owned).collect()))
            .collect()
    }

    #[test]
    fn folded_tokens_are_the_fold_of_each_core_and_span() {
        for body in [
            "Mr. O’Neill’s plan. The U.S.’s CASTAÑEDA said.",
            "Zoë's cat, Acme Co.'s CEO, J. Doe's bid… “Ünal” — Rock & Roll; it's 5.5% ’s 'S x's.",
        ] {
            let doc = Document::new(body);
            let toks = tokenize_with(&doc, &NameLexicon::new());
            for (k, t) in toks.iter().enumerate() {
                assert_eq!(toks.core(k), fold(t.core.of(body)));
                assert_eq!(toks.word(k), fold(t.span.of(body)));
                for w in ["the", "o’neill’s", "o'neill's", "castañeda", "u.s", "x's", ""] {
                    assert_eq!(toks.word_is(k, w), toks.word(k) == w, "{k} {w}");
                    assert_eq!(toks.core_is(k, w), toks.core(k) == w, "{k} {w}");
                }
            }
            assert!(!toks.word_is(toks.len(), "the"));
        }
        let mut s = String::from("x");
        fold_into("Mr.", &mut s);
        assert_eq!(s, "xmr");
        for mark in ["“", "”", "—", "–", "«", "»", "„", "’", "‘", "…"] {
            let slow: String = mark.nfkd().filter(|c| !is_combining_mark(*c)).collect();
            let slow = slow.replace(['’', '‘'], "'");
            assert_eq!(fold(mark), slow.trim_end_matches('.'), "{mark}");
        }
        // words ASCII but for curly apostrophes fold as the decomposition does
        for w in ["Trump’s", "DON’T", "‘Tis", "O’Neill’s.", "x’", "’’", "Jr.’s..", "a‘b’c", "Ö’s", "It’s”"] {
            let slow: String = w
                .nfkd()
                .filter(|c| !is_combining_mark(*c))
                .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold(w), slow.trim_end_matches('.'), "{w}");
            assert_eq!(ascii_but_apostrophes(w.as_bytes()), w.chars().all(|c| c.is_ascii() || c == '’' || c == '‘'), "{w}");
        }
    }

    #[test]
    fn eight_bytes_lowercase_as_each_byte_does() {
        for b in 0u8..0x80 {
            for pos in 0..8 {
                let mut bytes = *b"aZ@[`{09";
                bytes[pos] = b;
                let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
                assert_eq!(ascii_lower8(u64::from_le_bytes(bytes)).to_le_bytes().to_vec(), lower, "{b}");
            }
        }
        assert_eq!(low_bytes(0), 0);
        assert_eq!(low_bytes(3), 0xff_ffff);
        assert_eq!(low_bytes(8), u64::MAX);
    }

    #[test]
    fn ascii_words_fold_and_hash_as_word_hash_does_in_every_chunking() {
        // every length through the one-chunk, two-chunk and loop cases, at the end of the text
        // (fewer than eight or sixteen bytes left to read) and away from it
        let text = b"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz";
        for n in 0..=30 {
            for at in [0, 3, text.len() - n] {
                let mut folded = b"x".to_vec();
                let (h, first) = push_ascii_lower(text, at, n, &mut folded);
                let want: Vec<u8> = text[at..at + n].iter().map(u8::to_ascii_lowercase).collect();
                assert_eq!(&folded[1..], &want[..], "{n} {at}");
                assert_eq!(h, word_hash(&want), "{n} {at}");
                assert_eq!(first, load_chunk(want.get(..8).unwrap_or(&want)), "{n} {at}");
            }
        }
    }

    #[test]
    fn abbreviations_are_sorted_and_found_in_any_case() {
        assert!(ABBREV_DOT.windows(2).all(|w| w[0] < w[1]));
        for a in ABBREV_DOT {
            assert!(a.len() <= 6);
            assert!(is_abbreviation(a, true) && is_abbreviation(&a.to_ascii_uppercase(), true));
        }
        for w in ["", "m", "mx", "sens", "Wyom", "wyoming", "Calif", "CALIF"] {
            let slow = w.len() <= 6 && ABBREV_DOT.iter().any(|a| a.eq_ignore_ascii_case(w));
            assert_eq!(is_abbreviation(w, true), slow, "{w}");
        }
    }

    #[test]
    fn word_chars_and_the_byte_table_agree_with_unicode() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(crate::extract::text::ASCII_WORD[usize::from(b)], b.is_ascii_alphanumeric(), "{b}");
            // each byte in each place of eight, among word bytes and among other bytes
            for k in 0..8 {
                for fill in [b'a', b'Z', b'5', b' ', 0xc3] {
                    let mut c = [fill; 8];
                    c[k] = b;
                    let stop = not_word8(u64::from_le_bytes(c));
                    for (m, &x) in c.iter().enumerate() {
                        assert_eq!(stop >> (8 * m + 7) & 1 == 1, !x.is_ascii_alphanumeric(), "{c:?} {m}");
                    }
                }
            }
        }
        for text in ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop q", "ab-cd", "Ab9Zz0é", "x y"] {
            let b = text.as_bytes();
            for j in 0..=b.len() {
                let slow = j + b[j..].iter().take_while(|x| x.is_ascii_alphanumeric()).count();
                assert_eq!(ascii_word_end(b, j), slow, "{text:?} {j}");
            }
        }
        // a short word's end and fold read from the eight bytes at its start, as the tokenizer
        // reads them, are the general path's
        for text in ["a b", "Ab9Zz0 x", "abcdefg.", "ABCDEFG-h", "xY'z abc", "q\u{e9}zzzzzz", "Mr. Kerr"] {
            let b = text.as_bytes();
            for i in 0..b.len() {
                let Some(c) = b.get(i..).and_then(|r| r.first_chunk::<8>()) else { continue };
                let raw = u64::from_le_bytes(*c);
                let stop = not_word8(raw);
                if !b[i].is_ascii_alphanumeric() || stop == 0 {
                    continue;
                }
                let n = (stop.trailing_zeros() / 8) as usize;
                assert_eq!(i + n, ascii_word_end(b, i + 1), "{text:?} {i}");
                let (mut fast, mut slow) = (vec![7u8], vec![7u8]);
                assert_eq!(push_lower_chunk(raw, n, &mut fast), push_ascii_lower(b, i, n, &mut slow), "{text:?} {i}");
                assert_eq!(fast, slow, "{text:?} {i}");
            }
        }
    }

    #[test]
    fn token_entries_are_the_entries_of_their_folds() {
        let lex = NameLexicon::new();
        let body = "The minister, Mr. Okafor’s aide, said he met Sen. Ann Kerr's staff on Monday in Iowa.";
        let doc = Document::new(body);
        let with = tokenize_with(&doc, &lex);
        assert!(with.len() > 10);
        assert_eq!(with.caps, (0..with.len()).filter(|&k| is_cap_word(&with[k])).collect::<Vec<_>>());
        for k in 0..with.len() {
            assert_eq!(with.core_info(k), lex.info(with.core(k)));
            assert_eq!(with.word_info(&lex, k), lex.info(with.word(k)));
        }
        for b in 0u8..0x80 {
            let fold = if b == b'.' { String::new() } else { char::from(b).to_string() };
            assert_eq!(lex.ascii_marks[usize::from(b)], lex.info(&fold), "{b}");
        }
        let he = lex.info("he");
        assert_eq!(he.pronoun(), Some(PronounKind::Singular(Gender::Male)));
        // no pronoun is longer than the longest one
        assert!(lex.longest_pronoun() >= "themselves".len());
        assert!(data_lines(PRONOUNS).all(|f| f.first().is_none_or(|w| fold(w).len() <= lex.longest_pronoun())));
        assert_eq!(lex.info("monday").classes() & class::DAY, class::DAY);
        assert!(lex.info("minister").is_role("minister") && lex.info("mr").is_title_like());
        assert_eq!(lex.canonical("sen"), "senator");
        for w in ["in", "to", "with", "the", "firm", "talked", "okafor"] {
            let i = lex.info(w);
            assert_eq!(i.person_to(), lex.person_to(w));
            assert_eq!(i.person_preposition(), lex.person_preposition(w));
            assert_eq!((i.thing_before(false), i.thing_before(true)), (lex.thing_before(w, false), lex.thing_before(w, true)));
        }
        for w in ["sen", "president", "nominee", "minister", "okafor", "the", "gov", "congresswoman"] {
            assert_eq!(lex.is_office_form(lex.info(w), w), lex.is_office(lex.canonical(w)), "{w}");
        }
    }

    #[test]
    fn headlines_told_while_tokenising_are_the_headline_test() {
        let lex = NameLexicon::new();
        for body in [
            "Donald Trump Gets Road Contract In Ohio\nAnn Kerr said on Monday that the plan of the city was late.",
            "Secretary Of The Navy Meets With Élodie Okafor\n\nShe Was Late. The Minister Of State Says No To The Plan.",
            "A b. C D E F. G H I J K L M N O P",
        ] {
            let doc = Document::new(body);
            let with = tokenize_with(&doc, &lex);
            let n = with.last().map_or(0, |t| t.sentence + 1);
            assert_eq!(&with.headline[..n], &headline_sentences(&with)[..], "{body}");
            assert!(with.headline[n..].iter().all(|h| !h));
        }
    }

    #[test]
    fn first_char_is_the_span_texts_first_char() {
        let body = "Ánna met Bo’s “friend” x";
        for start in 0..=body.len() + 1 {
            for end in start..=body.len() + 1 {
                let span = Span::new(start, end);
                assert_eq!(first_char(body, span), span.of(body).chars().next(), "{start}..{end}");
            }
        }
        let doc = Document::new(body);
        let toks = tokenize_with(&doc, &NameLexicon::new());
        for k in 0..toks.len() {
            assert_eq!(toks.core_len(k), toks.core(k).len());
        }
    }

    #[test]
    fn capitalised_is_the_case_of_the_first_char() {
        let body = "Ánna met éric, Bo’s “Friend” x. Über 3D iPhone Ça";
        let doc = Document::new(body);
        let toks = tokenize_with(&doc, &NameLexicon::new());
        assert!(toks.iter().filter(|t| t.capitalised).count() >= 5);
        for t in toks.iter() {
            let upper = t.is_word() && first_char(body, t.span).is_some_and(|c| c.is_uppercase());
            assert_eq!(is_cap_word(t), upper, "{}", t.span.of(body));
            let first = first_char(body, t.core).filter(|c| c.is_alphabetic());
            assert_eq!(t.is_word() && t.alphabetic, t.is_word() && first.is_some(), "{}", t.span.of(body));
            let core_upper = t.is_word() && first_char(body, t.core).is_some_and(|c| c.is_uppercase());
            assert_eq!(is_cap_word(t), core_upper, "{}", t.span.of(body));
        }
    }

    #[test]
    fn title_gender_is_the_gender_of_the_description_words() {
        let lex = NameLexicon::new();
        for t in ["spokeswoman", "Congresswoman", "the wife of the senator", "Mr.", "chief executive of Acme", "", ", of", "Sen. Dr. Ms.", "a 34-year-old mother"] {
            let words: Vec<String> = t
                .split(|c: char| c.is_whitespace() || c == ',')
                .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(lex.title_gender(t), lex.description_gender(&words), "{t}");
        }
        assert_eq!(lex.title_gender("spokeswoman"), Gender::Female);
        for w in ["NATO", "U.S.", "II", "XIV", "Ab", "A", "ÉU", "Éu", "IIII", "IIIII"] {
            let slow = {
                let (mut letters, mut roman, mut upper) = (0usize, true, true);
                for c in w.chars().filter(|c| c.is_alphabetic()) {
                    letters += 1;
                    roman &= matches!(c, 'I' | 'V' | 'X');
                    upper &= c.is_uppercase();
                }
                letters >= 2 && !(roman && letters <= 4) && upper
            };
            assert_eq!(is_acronym(w), slow, "{w}");
        }
    }

    #[test]
    fn tokens_know_their_index_and_folds() {
        let body = "Mr. O’Neill’s plan. The U.S. CASTAÑEDA said.";
        let doc = Document::new(body);
        let toks = tokenize_with(&doc, &NameLexicon::new());
        for (k, t) in toks.iter().enumerate() {
            assert_eq!(toks.index_of(t), k);
            assert_eq!(toks.word_of(t), fold(t.span.of(body)));
            assert_eq!(toks.core_of(t), fold(t.core.of(body)));
            let lex = NameLexicon::new();
            assert_eq!(toks.word_info_of(&lex, t), lex.info(&fold(t.span.of(body))));
            assert_eq!(toks.core_info_of(t), lex.info(&fold(t.core.of(body))));
            let copy = *t;
            assert_eq!(toks.index_of(&copy), k);
        }
    }

    #[test]
    fn fold_strips_diacritics_and_dots() {
        assert_eq!(fold("Castañeda"), "castaneda");
        assert_eq!(fold("Mr."), "mr");
        assert_eq!(fold("O’Neill"), "o'neill");
        assert_eq!(translit("sergey"), translit("sergei"));
        assert_eq!(translit("mcclenney"), translit("mclenney"));
        assert_ne!(translit("mclean"), translit("mclain"));
        assert_eq!(translit("yyaalloy"), "ialoi");
        assert_eq!(translit("dmitriy"), translit("dmitri"));
        assert_eq!(translit("ŝyyŝŝa"), "ŝiŝa");
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        let body = "Mr. J. Doe’s dog met the U.S. envoy.";
        let doc = Document::new(body);
        let toks = tokenize_with(&doc, &NameLexicon::new());
        let words: Vec<&str> = toks.iter().filter(|t| t.is_word()).map(|t| t.core.of(body)).collect();
        assert_eq!(words, vec!["Mr.", "J.", "Doe", "dog", "met", "the", "U.S.", "envoy"]);
        assert!(toks[2].possessive);
    }

    #[test]
    fn honorific_and_title_prefixes_are_split_off() {
        let got = names("Mr. Alan Smith met CIS Secretary General Sergey Lebedev on Monday.");
        assert_eq!(got[0], ("Alan Smith".to_owned(), NameClass::Person, vec!["Mr.".to_owned()]));
        assert_eq!(got[1].0, "Sergey Lebedev");
        assert_eq!(got[1].1, NameClass::Person);
        assert_eq!(got[1].2, vec!["CIS Secretary General".to_owned()]);
        assert_eq!(got[2].1, NameClass::NonPerson); // Monday
    }

    #[test]
    fn title_with_of_phrase_before_the_name() {
        let got = names("Secretary General of the Commonwealth of Independent States Sergey Lebedev spoke.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Sergey Lebedev");
        assert_eq!(got[0].2, vec!["Secretary General of the Commonwealth of Independent States".to_owned()]);
    }

    #[test]
    fn doubled_name_is_two_mentions() {
        let got = names("It was fair, Sergey Lebedev Sergei Lebedev told the paper.");
        let spans: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(spans, vec!["Sergey Lebedev", "Sergei Lebedev"]);
    }

    #[test]
    fn organisations_places_outlets_are_not_people() {
        let got = names("Anna Berg told Reuters in New York that the Senate Finance Committee met.");
        assert_eq!(got[0].1, NameClass::Person);
        assert!(got[1..].iter().all(|g| g.1 == NameClass::NonPerson), "{got:?}");
    }

    #[test]
    fn appositions_and_descriptions_become_titles() {
        let got = names("Jane Roe, the chief executive of Acme, said so. Campaign manager Tom Lind agreed.");
        assert_eq!(got[0].2, vec!["chief executive of Acme".to_owned()]);
        let lind = got.iter().find(|g| g.0 == "Tom Lind").map(|g| g.2.clone());
        assert_eq!(lind, Some(vec!["Campaign manager".to_owned()]));
        let got = names("Paul Dunn, 34, was arrested.");
        assert_eq!(got[0].2, vec!["34-year-old".to_owned()]);
    }

    #[test]
    fn line_break_ends_a_name_run() {
        let got = names("live updates from the hall as they come in all night long 9:09PM Tom Kerr Hints Rival Would Get Road Contract\nAnn Kerr often takes credit.");
        assert!(got.iter().any(|g| g.0 == "Ann Kerr"), "{got:?}");
        assert!(!got.iter().any(|g| g.0.contains("Contract Ann")), "{got:?}");
    }

    #[test]
    fn headline_runs_split_into_words_but_a_given_name_keeps_its_surname() {
        let got = names("Senator Ann Kerr Slams Budget Plan\n\nAnn Kerr spoke.");
        let singles: Vec<&str> = got.iter().filter(|g| g.1 == NameClass::Single).map(|g| g.0.as_str()).collect();
        assert!(singles.contains(&"Slams") && !singles.contains(&"Kerr"), "{got:?}");
        assert_eq!(got[0], ("Ann Kerr".to_owned(), NameClass::Person, vec!["Senator".to_owned()]), "{got:?}");
        let got = names("Will Trump Win the Vote in Iowa Again");
        assert!(!got.iter().any(|g| g.1 == NameClass::Person), "{got:?}");
        let got = names("Ann Kerr Gets a Warm Welcome in Iowa");
        assert!(got.iter().any(|g| g.0 == "Ann Kerr" && g.1 == NameClass::Person), "{got:?}");
    }

    #[test]
    fn suffixes_and_modifiers_around_names() {
        let got = names("Vann R. Newkirk II wrote that Republican Donald Trump lost.");
        assert_eq!(got[0].0, "Vann R. Newkirk II");
        assert_eq!(got[0].1, NameClass::Weak);
        assert_eq!(got[1].0, "Donald Trump");
        assert_eq!(got[1].1, NameClass::Person);
    }

    #[test]
    fn place_or_org_led_runs_are_not_people() {
        let got = names("Officials in Saudi Arabia and U.N. Women replied.");
        assert!(got.iter().filter(|g| g.0 != "Officials").all(|g| g.1 == NameClass::NonPerson), "{got:?}");
    }

    #[test]
    fn a_weekday_after_a_name_is_not_part_of_it() {
        let got = names("An aide rapped Okafor Monday for the delay.");
        assert_eq!(got[0].0, "Okafor");
        assert_eq!(got[0].1, NameClass::Single);
        assert_eq!(got[1].0, "Monday");
        assert_eq!(got[1].1, NameClass::NonPerson);
    }

    #[test]
    fn auxiliaries_before_a_name_are_not_part_of_it() {
        let got = names("Is Okafor ready? Has Brannigan left? Citing Delacroix, the panel agreed.");
        let spans: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(spans, vec!["Okafor", "Brannigan", "Delacroix"]);
    }

    #[test]
    fn common_words_are_known() {
        let lex = NameLexicon::new();
        assert!(lex.is_common_word("reports") && lex.is_common_word("meanwhile"));
        assert!(!lex.is_common_word("okafor"));
    }

    #[test]
    fn title_words_keep_rank() {
        let lex = NameLexicon::new();
        assert_eq!(lex.title_words("Vice President"), vec!["vice-president".to_owned()]);
        assert_eq!(lex.title_words("the wife of the senator"), vec!["wife".to_owned()]);
        assert_eq!(lex.title_words("Sen."), vec!["senator".to_owned()]);
    }
}

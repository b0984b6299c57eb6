//! Bad and adversarial input for quotewire, generated deterministically from a seed: whole
//! messages that must be rejected with a given error code (random bytes, invalid UTF-8, sizes
//! at and over the limit, deep JSON nesting, wrong field types) and article bodies of any size
//! in hostile shapes (a megabyte of one quotation mark, 100,000 nested quotes, no spaces, floods
//! of names, numbers, day names, control characters, RTL and combining marks, emoji, ...).
//!
//! It depends on nothing but `std` so that the tests, the benches (`#[path]` include), the fuzz
//! crate and the example that writes the fuzz seed corpus share one definition. It does not
//! run the extraction and knows nothing of what the output should be beyond the error code a
//! message must be rejected with; the checks live in `invariants.rs` and the tests.
//! Every text here is synthetic: written for this file or made by the generator.

#![allow(dead_code)]

/// SplitMix64: a tiny, well-mixed, deterministic PRNG (same sequence on every platform).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5151_7A7A_C0DE_F00D)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform-enough integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// One of `xs` (string slices, the common case; `pick` is the generic form).
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// Error codes of `quotewire::article::InputError::code`, as the contract puts them on the wire.
pub const ERROR_CODES: &[&str] = &[
    "too_large",
    "invalid_utf8",
    "invalid_json",
    "not_an_object",
    "missing_id",
    "missing_body",
    "invalid_field",
];

/// What `Article::from_slice` must answer for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A valid article: it must parse, then be analysed.
    Valid,
    /// Rejected with exactly this code.
    Code(&'static str),
    /// Rejected as not UTF-8, the first bad byte at this offset.
    NotUtf8At(usize),
    /// Rejected with one of these codes (random input whose exact failure is not the point).
    OneOf(&'static [&'static str]),
}

/// One whole message (the bytes of one NATS message or one JSON Lines line).
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

// ------------------------------------------------------------------------------------------
// JSON building (no serde here, so the module has no dependencies)

/// `s` as a JSON string literal: escapes quotes, backslashes and every control character.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A well-formed article message with the given body and optional `published_at`.
pub fn article_json(id: &str, body: &str, published_at: Option<&str>) -> Vec<u8> {
    let mut s = format!("{{\"id\":{},\"body\":{}", json_string(id), json_string(body));
    if let Some(p) = published_at {
        s.push_str(",\"published_at\":");
        s.push_str(&json_string(p));
    }
    s.push('}');
    s.into_bytes()
}

/// Bytes of `article_json(id, "", None)`: the envelope around an empty body.
fn envelope_len(id: &str) -> usize {
    article_json(id, "", None).len()
}

// ------------------------------------------------------------------------------------------
// Body shapes: each can be made at any size, for the "at the limit" tests and the n-vs-4n
// linearity checks.

/// Quotation mark styles the shapes cycle through (straight, curly, low-9, guillemets, CJK,
/// backtick, prime).
pub const MARK_STYLES: &[(&str, &str)] = &[
    ("straight_double", "\""),
    ("straight_single", "'"),
    ("curly_double_open", "\u{201C}"),
    ("curly_double_close", "\u{201D}"),
    ("curly_single_open", "\u{2018}"),
    ("curly_single_close", "\u{2019}"),
    ("low9_double", "\u{201E}"),
    ("low9_single", "\u{201A}"),
    ("guillemet_open", "\u{00AB}"),
    ("guillemet_close", "\u{00BB}"),
    ("single_guillemet", "\u{2039}\u{203A}"),
    ("cjk_corner", "\u{300C}"),
    ("cjk_corner_close", "\u{300D}"),
    ("cjk_white_corner", "\u{300E}\u{300F}"),
    ("backtick", "`"),
    ("prime", "\u{2033}"),
    ("curly_pair", "\u{201C}\u{201D}"),
    ("curly_pair_reversed", "\u{201D}\u{201C}"),
    ("straight_pair_spaced", "\" "),
];

/// A body shape. `Shape::all()` lists every one; `body(len, seed)` makes one of at most `len`
/// bytes (and within a few bytes of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The same quotation mark (or pair) repeated: "a megabyte of quotation marks".
    Marks(usize),
    /// Alternating curly double/single opening marks nested as deep as the size allows, a word
    /// in the middle, then all the closing marks: 100,000 nested quotes at about 600 KB.
    NestedCurly,
    /// The same with straight marks `"'"'...x...'"'"`, each level with a word and a cue.
    NestedStraightWithCues,
    /// Opening marks that are never closed, each followed by a few words.
    UnclosedOpens,
    /// Closing marks with no opening one.
    UnopenedCloses,
    /// Real-looking direct quotes with cues and a new speaker each time: a flood of quotes.
    QuoteCueFlood,
    /// One quotation mark, then a normal text that never closes it.
    OpenAtStartThenText,
    /// One letter repeated, no space at all.
    NoSpacesLower,
    /// Random letters, digits, quotes and dots with no whitespace: a megabyte-long "word".
    NoSpacesMixed,
    /// Capitalised words with no punctuation: one endless candidate name.
    CapitalisedRun,
    /// Many distinct invented two-word names, each with a cue: huge numbers of people.
    DistinctNames,
    /// One name repeated: one person with a huge list of mentions.
    SameNameRepeated,
    /// Titles and abbreviations ("Mr. Dr. Gen. U.S.") over and over.
    TitlesAndAbbreviations,
    /// Pronouns and cues with no name to resolve them to.
    PronounFlood,
    /// Speech cues without quotes ("said that said that ...").
    CueWordsFlood,
    /// Numbers, dates, times, day and month names, relative expressions.
    NumbersAndDays,
    /// Digits only.
    DigitsOnly,
    /// Sentence terminators only ("....", "?!?!").
    Terminators,
    /// Newlines only, and lines of one character: a huge number of paragraphs.
    Newlines,
    /// Unicode whitespace of every kind.
    UnicodeSpaces,
    /// NUL and other control characters mixed into words.
    ControlChars,
    /// Arabic and Hebrew words with bidi overrides and isolates, and Latin quotes among them.
    RtlAndBidi,
    /// Letters carrying dozens of combining marks each ("zalgo").
    CombiningStacks,
    /// Emoji: ZWJ families, skin tones, flags, variation selectors, in and out of quotes.
    Emoji,
    /// Brackets and parentheses nested deep.
    DeepBrackets,
    /// A random soup of every interesting token above, seeded.
    Soup,
    /// A plausible news text repeated (the baseline that should cost like any article).
    NewsLike,
}

impl Shape {
    pub fn all() -> Vec<Shape> {
        let mut v: Vec<Shape> = (0..MARK_STYLES.len()).map(Shape::Marks).collect();
        v.extend([
            Shape::NestedCurly,
            Shape::NestedStraightWithCues,
            Shape::UnclosedOpens,
            Shape::UnopenedCloses,
            Shape::QuoteCueFlood,
            Shape::OpenAtStartThenText,
            Shape::NoSpacesLower,
            Shape::NoSpacesMixed,
            Shape::CapitalisedRun,
            Shape::DistinctNames,
            Shape::SameNameRepeated,
            Shape::TitlesAndAbbreviations,
            Shape::PronounFlood,
            Shape::CueWordsFlood,
            Shape::NumbersAndDays,
            Shape::DigitsOnly,
            Shape::Terminators,
            Shape::Newlines,
            Shape::UnicodeSpaces,
            Shape::ControlChars,
            Shape::RtlAndBidi,
            Shape::CombiningStacks,
            Shape::Emoji,
            Shape::DeepBrackets,
            Shape::Soup,
            Shape::NewsLike,
        ]);
        v
    }

    pub fn name(&self) -> String {
        match self {
            Shape::Marks(i) => format!("marks_{}", MARK_STYLES[*i % MARK_STYLES.len()].0),
            other => {
                // CamelCase variant name -> snake_case
                let dbg = format!("{other:?}");
                let mut out = String::new();
                for (i, c) in dbg.chars().enumerate() {
                    if c.is_ascii_uppercase() {
                        if i > 0 {
                            out.push('_');
                        }
                        out.push(c.to_ascii_lowercase());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// A body of at most `len` bytes in this shape.
    pub fn body(&self, len: usize, seed: u64) -> String {
        let mut rng = Rng::new(seed ^ (self.name().len() as u64) << 32);
        let mut out = Filler::new(len);
        match *self {
            Shape::Marks(i) => {
                let unit = MARK_STYLES[i % MARK_STYLES.len()].1;
                while out.push(unit) {}
            }
            Shape::NestedCurly => {
                // levels * (open + close) + middle; each mark is 3 bytes in UTF-8.
                let levels = len.saturating_sub(8) / 6;
                let mut s = String::with_capacity(len);
                for l in 0..levels {
                    s.push(if l % 2 == 0 { '\u{201C}' } else { '\u{2018}' });
                }
                s.push_str("deep");
                for l in (0..levels).rev() {
                    s.push(if l % 2 == 0 { '\u{201D}' } else { '\u{2019}' });
                }
                out.push(&s);
            }
            Shape::NestedStraightWithCues => {
                // "Ann said 'Bo said "Cy said ... x ..." said Cy' said Bo" said Ann
                let unit_open = |l: usize| if l % 2 == 0 { "\"Ab said, " } else { "'Ab said, " };
                let unit_close = |l: usize| if l % 2 == 0 { ",\" Ab said." } else { ",' Ab said." };
                let per_level = unit_open(0).len() + unit_close(0).len();
                let levels = len.saturating_sub(8) / per_level;
                let mut s = String::with_capacity(len);
                for l in 0..levels {
                    s.push_str(unit_open(l));
                }
                s.push_str("core");
                for l in (0..levels).rev() {
                    s.push_str(unit_close(l));
                }
                out.push(&s);
            }
            Shape::UnclosedOpens => {
                let opens = ["\u{201C}", "\"", "\u{00AB}", "\u{2018}", "\u{201E}", "'"];
                while out.push(rng.word(&opens)) && out.push("it is said that ") {}
            }
            Shape::UnopenedCloses => {
                let closes = ["\u{201D}", "\u{00BB}", "\u{2019}", "\u{300D}"];
                while out.push("words here, ") && out.push(rng.word(&closes)) && out.push(" he said. ") {}
            }
            Shape::QuoteCueFlood => {
                while {
                    let n = invented_name(&mut rng);
                    let q = rng.word(QUOTE_LINES);
                    let cue = rng.word(&["said", "added", "told reporters", "warned", "insisted"]);
                    out.push(&format!("\u{201C}{q},\u{201D} {cue} {n}. "))
                } {}
            }
            Shape::OpenAtStartThenText => {
                out.push("\u{201C}");
                while out.push(rng.word(NEWS_SENTENCES)) && out.push(" ") {}
            }
            Shape::NoSpacesLower => while out.push("a") {},
            Shape::NoSpacesMixed => {
                let atoms = ["a", "Z", "9", ".", "\u{201C}", "\u{201D}", "-", "'", "said", "Ann", ",", "é"];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::CapitalisedRun => {
                while {
                    let w = capitalised_word(&mut rng);
                    out.push(&w) && out.push(" ")
                } {}
            }
            Shape::DistinctNames => {
                let mut k = 0u64;
                while {
                    k += 1;
                    let n = invented_name(&mut rng);
                    out.push(&format!("{n} (no. {k}) said it. "))
                } {}
            }
            Shape::SameNameRepeated => while out.push("Marta Quillfeather said Quillfeather. ") {},
            Shape::TitlesAndAbbreviations => {
                let atoms = ["Mr. ", "Dr. ", "Gen. ", "U.S. ", "Sen. ", "Prof. ", "J. ", "e.g. ", "No. ", "St. ", "Mrs. "];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::PronounFlood => {
                let atoms = ["he said. ", "she added. ", "they said. ", "\u{201C}Yes,\u{201D} he said. ", "it said. ", "We said. "];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::CueWordsFlood => {
                let atoms = ["said that ", "according to ", "told ", "said: ", "added, ", "said ", "claimed that "];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::NumbersAndDays => {
                let atoms = [
                    "Monday ", "on Tuesday ", "last Friday ", "next Sunday, ", "12 March 2024 ", "March 12, ",
                    "3:15 p.m. ", "10am ", "2024-02-08 ", "31/12/2023 ", "1999 ", "the 1990s ", "last week ",
                    "two years ago ", "in 10 days ", "yesterday ", "tomorrow ", "tonight ", "Q3 2025 ",
                    "12.5% ", "$3.5bn ", "-0001 ", "9999-99-99 ", "every Monday ", "for three hours ",
                    "since 1066 ", "until 2100, ", "early 2020 ", "mid-March ", "the weekend ", "99999999999999999999 ",
                ];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::DigitsOnly => {
                while {
                    let d = (b'0' + rng.below(10) as u8) as char;
                    out.push(d.encode_utf8(&mut [0; 4]))
                } {}
            }
            Shape::Terminators => {
                let atoms = [".", "!", "?", "...", "?!", ". ", "!\n"];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::Newlines => {
                let atoms = ["\n", "\n\n", "\r\n", "x\n", " \n", "\n\t\n", "A.\n"];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::UnicodeSpaces => {
                let atoms = [
                    " ", "\u{00A0}", "\u{2000}", "\u{2003}", "\u{2009}", "\u{200B}", "\u{2028}", "\u{2029}",
                    "\u{3000}", "\u{FEFF}", "\u{0085}", "\t", "\u{000B}", "\u{000C}", "a",
                ];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::ControlChars => {
                while {
                    let c = char::from_u32(rng.below(0x20) as u32).unwrap_or('\0');
                    let w = rng.word(&["Ann", "said", "\u{201C}", "x", "\u{7F}", "\u{9B}", " "]);
                    out.push(c.encode_utf8(&mut [0; 4])) && out.push(w)
                } {}
            }
            Shape::RtlAndBidi => {
                let atoms = [
                    "\u{0645}\u{0631}\u{062D}\u{0628}\u{0627} ", // Arabic word
                    "\u{05E9}\u{05DC}\u{05D5}\u{05DD} ",         // Hebrew word
                    "\u{202E}", "\u{202D}", "\u{202C}", "\u{200F}", "\u{200E}", "\u{2066}", "\u{2067}",
                    "\u{2069}", "\u{061C}", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}", "said ", "Omar ",
                    "\u{0627}\u{0644}\u{0631}\u{0626}\u{064A}\u{0633} ", ". ",
                ];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::CombiningStacks => {
                while {
                    let base = rng.word(&["A", "n", "e", "S", "\u{201C}", " ", "."]).to_string();
                    let mut s = base;
                    for _ in 0..rng.below(60) {
                        s.push(char::from_u32(0x0300 + rng.below(0x70) as u32).unwrap_or('\u{0301}'));
                    }
                    out.push(&s)
                } {}
            }
            Shape::Emoji => {
                let atoms = [
                    "\u{1F600}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
                    "\u{1F44D}\u{1F3FD}", "\u{1F1FA}\u{1F1E6}", "\u{2764}\u{FE0F}", "\u{201C}\u{1F525}\u{201D} ",
                    " said \u{1F916}. ", "\u{1F4AF}", "\u{E000}", "\u{10FFFD}", "\u{FFFD}",
                ];
                while out.push(rng.word(&atoms)) {}
            }
            Shape::DeepBrackets => {
                let depth = len.saturating_sub(4) / 2;
                let mut s = "(".repeat(depth);
                s.push_str(&")".repeat(depth));
                out.push(&s);
            }
            Shape::Soup => {
                while out.push(soup_token(&mut rng)) {}
            }
            Shape::NewsLike => {
                while out.push(rng.word(NEWS_SENTENCES)) && out.push(if rng.chance(4) { "\n\n" } else { " " }) {}
            }
        }
        out.finish()
    }
}

/// Accumulates pieces up to a byte budget, never splitting a piece (so never a char).
struct Filler {
    s: String,
    cap: usize,
}

impl Filler {
    fn new(cap: usize) -> Filler {
        Filler { s: String::with_capacity(cap), cap }
    }
    /// Appends `piece` if it fits; false (and nothing appended) when the budget is spent.
    fn push(&mut self, piece: &str) -> bool {
        if piece.is_empty() || self.s.len() + piece.len() > self.cap {
            return false;
        }
        self.s.push_str(piece);
        true
    }
    fn finish(self) -> String {
        self.s
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "vin", "tha", "dro", "sel", "qui", "bar", "ne", "os", "ul", "fen", "ri", "zo", "wen",
];

fn capitalised_word(rng: &mut Rng) -> String {
    let mut w = String::new();
    for _ in 0..(2 + rng.below(2)) {
        w.push_str(rng.word(SYLLABLES));
    }
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => w,
    }
}

/// An invented "Firstname Lastname" (16^2..16^3 syllable combinations per part).
pub fn invented_name(rng: &mut Rng) -> String {
    format!("{} {}", capitalised_word(rng), capitalised_word(rng))
}

/// Short quote contents written for this generator.
pub const QUOTE_LINES: &[&str] = &[
    "We will not accept this",
    "The numbers speak for themselves",
    "Nobody told us anything",
    "It was a good day for the town",
    "I am deeply worried",
    "This is a disgrace",
    "We expect the bridge to reopen soon",
    "Everyone did their best",
];

/// News-like sentences written for this generator.
pub const NEWS_SENTENCES: &[&str] = &[
    "The council met on Tuesday to discuss the budget.",
    "\u{201C}We have done everything we could,\u{201D} said Orla Brennick, the harbour master.",
    "Officials said the road would stay closed until next week.",
    "She added that the cost had doubled since 2021.",
    "According to the ministry, about 1,200 people were affected.",
    "\u{201C}It is a terrible loss,\u{201D} he told reporters on Monday morning.",
    "Tomas Veldhuis, who chairs the committee, called the plan \u{201C}reckless\u{201D}.",
    "The report, published in March 2023, warned of delays.",
    "Dr. Ines Marrow said the results were encouraging.",
    "Shares rose 3.5% in early trading.",
];

const SOUP: &[&str] = &[
    "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\"", "'", "\u{00AB}", "\u{00BB}", "\u{201E}", " said ",
    " told ", " according to ", " he ", " she ", " they ", " Mr. ", " Dr. ", "Ann Lee", " Lee", "O'Brien",
    " Monday", " 12 March 2024", " last week", " 3 p.m.", " 2024-02-08", " 1999", ". ", ", ", ": ", "\n\n",
    "\n", "!", "?", "...", "\u{1F600}", "\u{0301}", "\u{202E}", "\u{0645}\u{0631}", "\0", "\u{200B}", "(",
    ")", " the ", " good ", " terrible ", " not ", " very ", "-", "\u{2014}", "\u{2013}",
];

fn soup_token(rng: &mut Rng) -> &'static str {
    rng.word(SOUP)
}

// ------------------------------------------------------------------------------------------
// Whole messages

/// Absurd `published_at` values: each must leave the article analysed, never crash it.
pub const ABSURD_PUBLISHED_AT: &[&str] = &[
    "9999-99-99",
    "-0001-01-01",
    "1000000000000000000000000000000",
    "",
    "   ",
    "0000-00-00",
    "2024-02-30",
    "2024-13-01T25:61:61Z",
    "2024-02-08T14:05:00+99:99",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20",
    "99999-01-01",
    "2024-02-08T14:05:00.999999999999999999999Z",
    "NaN",
    "yesterday",
    "2024-02-08\u{0}",
    "\u{0662}\u{0660}\u{0662}\u{0664}-01-01",
    "2024-W99-9",
    "1e30",
    "Mon, 32 Foo 2024 99:99:99 GMT",
];

/// A 10,000-character `published_at`: long values must not cost more than their length.
pub fn long_published_at() -> String {
    "2024-".repeat(2000)
}

/// Every message-level case: things that must be rejected with their code, and odd but valid
/// articles. `max_bytes` is the size limit the caller passes to `Article::from_slice`.
pub fn message_cases(seed: u64, max_bytes: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let mut v = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>, expect: Expect| v.push(Case { name: name.to_owned(), bytes, expect });

    // random bytes
    for (i, n) in [0usize, 1, 7, 64, 1000, 4096, 65_536].into_iter().enumerate() {
        let bytes = rng.bytes(n);
        let expect = match std::str::from_utf8(&bytes) {
            Err(e) => Expect::NotUtf8At(e.valid_up_to()),
            Ok(_) => Expect::OneOf(&["invalid_json", "not_an_object"]),
        };
        add(&format!("random_bytes_{i}_{n}"), bytes, expect);
    }
    // random printable ASCII, and random bytes behind a valid-looking prefix
    let printable: Vec<u8> = (0..2000).map(|_| b' ' + rng.below(95) as u8).collect();
    add("random_printable", printable, Expect::OneOf(&["invalid_json", "not_an_object"]));
    let mut prefixed = br#"{"id":"r","body":""#.to_vec();
    prefixed.extend(rng.bytes(300));
    let expect = match std::str::from_utf8(&prefixed) {
        Err(e) => Expect::NotUtf8At(e.valid_up_to()),
        Ok(_) => Expect::Code("invalid_json"),
    };
    add("random_bytes_in_body", prefixed, expect);

    // invalid UTF-8 inside an otherwise fine article: the offset must point at the bad byte
    let bad_sequences: &[(&str, &[u8])] = &[
        ("ff", &[0xFF]),
        ("lone_continuation", &[0x80]),
        ("overlong_slash", &[0xC0, 0xAF]),
        ("overlong_nul", &[0xC0, 0x80]),
        ("utf16_surrogate", &[0xED, 0xA0, 0x80]),
        ("above_10ffff", &[0xF4, 0x90, 0x80, 0x80]),
        ("f5", &[0xF5, 0x80, 0x80, 0x80]),
        ("truncated_3", &[0xE2, 0x82]),
        ("truncated_4", &[0xF0, 0x9F, 0x98]),
        ("latin1_e_acute", &[0xE9]),
    ];
    for (name, seq) in bad_sequences {
        let mut b = br#"{"id":"u","body":"He said caf"#.to_vec();
        let at = b.len();
        b.extend_from_slice(seq);
        b.extend_from_slice(br#" today."}"#);
        add(&format!("invalid_utf8_{name}"), b, Expect::NotUtf8At(at));
        // the same bytes at the very end of the message (a truncated frame)
        let mut t = br#"{"id":"u","body":"x"}"#.to_vec();
        let at = t.len();
        t.extend_from_slice(seq);
        add(&format!("invalid_utf8_trailing_{name}"), t, Expect::NotUtf8At(at));
    }
    let mut in_key = b"{\"i\xFFd\":\"a\",\"body\":\"x\"}".to_vec();
    add("invalid_utf8_in_key", std::mem::take(&mut in_key), Expect::NotUtf8At(3));

    // sizes at and over the limit: the whole message is counted
    let env = envelope_len("limit");
    if max_bytes > env + 8 {
        let body = "a".repeat(max_bytes - env);
        let at = article_json("limit", &body, None);
        debug_assert_eq!(at.len(), max_bytes);
        add("size_exactly_at_limit", at, Expect::Valid);
        let over = article_json("limit", &format!("{body}b"), None);
        add("size_one_byte_over_limit", over, Expect::Code("too_large"));
        // at the limit with multi-byte characters (3 bytes each) and the remainder in ASCII
        let room = max_bytes - env;
        let mut mb = "\u{201C}".repeat(room / 3);
        mb.push_str(&"a".repeat(room % 3));
        add("size_at_limit_multibyte", article_json("limit", &mb, None), Expect::Valid);
        // escapes count as their escaped length: a body of quotes doubles in JSON
        let esc = "\"".repeat(room / 2 + 1);
        add("size_over_limit_by_escaping", article_json("limit", &esc, None), Expect::Code("too_large"));
    }
    add("size_4x_limit", vec![b' '; max_bytes.saturating_mul(4).max(1)], Expect::Code("too_large"));

    // deep JSON nesting (serde_json stops at depth 128; a stack overflow would abort the process)
    add("deep_array_100k", "[".repeat(100_000).into_bytes(), Expect::Code("invalid_json"));
    add("deep_array_closed_100k", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), Expect::Code("invalid_json"));
    add("deep_object_100k", "{\"a\":".repeat(100_000).into_bytes(), Expect::Code("invalid_json"));
    let nested_extra = |d: usize| format!(r#"{{"id":"n","body":"Fine.","extra":{}1{}}}"#, "[".repeat(d), "]".repeat(d)).into_bytes();
    add("deep_extra_field_100", nested_extra(100), Expect::Valid);
    add("deep_extra_field_10k", nested_extra(10_000), Expect::Code("invalid_json"));
    add("deep_body_field_10", format!(r#"{{"id":"n","body":{}1{}}}"#, "[".repeat(10), "]".repeat(10)).into_bytes(), Expect::Code("invalid_field"));
    add("deep_body_field_10k", format!(r#"{{"id":"n","body":{}1{}}}"#, "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), Expect::Code("invalid_json"));

    // not an object
    for (name, text, code) in [
        ("top_null", "null", "not_an_object"),
        ("top_true", "true", "not_an_object"),
        ("top_number", "42", "not_an_object"),
        ("top_negative_zero", "-0", "not_an_object"),
        ("top_string", "\"an article\"", "not_an_object"),
        ("top_array", "[{\"id\":\"a\",\"body\":\"x\"}]", "not_an_object"),
        ("top_number_overflow", "1e400", "invalid_json"),
        ("empty", "", "invalid_json"),
        ("whitespace_only", " \t\r\n ", "invalid_json"),
        ("bom_then_object", "\u{FEFF}{\"id\":\"a\",\"body\":\"x\"}", "invalid_json"),
        ("trailing_garbage", "{\"id\":\"a\",\"body\":\"x\"} trailing", "invalid_json"),
        ("two_objects", "{\"id\":\"a\",\"body\":\"x\"}{\"id\":\"b\",\"body\":\"y\"}", "invalid_json"),
        ("truncated_object", "{\"id\":\"a\",\"body\":\"x", "invalid_json"),
        ("raw_newline_in_string", "{\"id\":\"a\",\"body\":\"x\ny\"}", "invalid_json"),
        ("raw_nul_in_string", "{\"id\":\"a\",\"body\":\"x\0y\"}", "invalid_json"),
        ("lone_surrogate_escape", "{\"id\":\"a\",\"body\":\"x\\ud800y\"}", "invalid_json"),
        ("bad_escape", "{\"id\":\"a\",\"body\":\"x\\qy\"}", "invalid_json"),
        ("single_quoted_json", "{'id':'a','body':'x'}", "invalid_json"),
        ("nan_literal", "{\"id\":\"a\",\"body\":\"x\",\"n\":NaN}", "invalid_json"),
    ] {
        add(name, text.as_bytes().to_vec(), Expect::Code(code));
    }

    // fields
    for (name, text, expect) in [
        ("no_id", r#"{"body":"x"}"#, Expect::Code("missing_id")),
        ("empty_id", r#"{"id":"","body":"x"}"#, Expect::Code("missing_id")),
        ("blank_id", r#"{"id":" \t ","body":"x"}"#, Expect::Code("missing_id")),
        ("null_id", r#"{"id":null,"body":"x"}"#, Expect::Code("missing_id")),
        ("number_id", r#"{"id":7,"body":"x"}"#, Expect::Code("invalid_field")),
        ("object_id", r#"{"id":{"v":"a"},"body":"x"}"#, Expect::Code("invalid_field")),
        ("no_body", r#"{"id":"a"}"#, Expect::Code("missing_body")),
        ("null_body_null_text", r#"{"id":"a","body":null,"text":null}"#, Expect::Code("missing_body")),
        ("number_body", r#"{"id":"a","body":1e30}"#, Expect::Code("invalid_field")),
        ("array_text", r#"{"id":"a","text":["x"]}"#, Expect::Code("invalid_field")),
        ("bool_title", r#"{"id":"a","body":"x","title":false}"#, Expect::Code("invalid_field")),
        ("object_language", r#"{"id":"a","body":"x","language":{}}"#, Expect::Code("invalid_field")),
        ("array_url", r#"{"id":"a","body":"x","url":[]}"#, Expect::Code("invalid_field")),
        ("number_source", r#"{"id":"a","body":"x","source":0}"#, Expect::Code("invalid_field")),
        ("published_at_10e30_number", r#"{"id":"a","body":"x","published_at":1000000000000000000000000000000}"#, Expect::Code("invalid_field")),
        ("published_at_negative_number", r#"{"id":"a","body":"x","published_at":-1}"#, Expect::Code("invalid_field")),
        ("empty_body", r#"{"id":"a","body":""}"#, Expect::Valid),
        ("text_alias", r#"{"id":"a","text":"He said \u201cno\u201d."}"#, Expect::Valid),
        ("body_and_text", r#"{"id":"a","body":"one","text":"two"}"#, Expect::Valid),
        ("duplicate_keys", r#"{"id":"a","id":"b","body":"x","body":"y"}"#, Expect::Valid),
        ("escaped_nul_in_body", r#"{"id":"a","body":"x\u0000y \u0000\u001f\u007f"}"#, Expect::Valid),
        ("escaped_surrogate_pair", r#"{"id":"a","body":"\ud83d\ude00 said Ann."}"#, Expect::Valid),
        ("id_with_controls", r#"{"id":"a\u0000\n\u202e","body":"x"}"#, Expect::Valid),
        ("null_optionals", r#"{"id":"a","body":"x","title":null,"published_at":null,"language":null,"url":null,"source":null}"#, Expect::Valid),
    ] {
        add(name, text.as_bytes().to_vec(), expect);
    }
    // many unknown fields, a huge key, a huge id
    let mut many = String::from("{\"id\":\"m\",\"body\":\"x\"");
    for i in 0..20_000 {
        many.push_str(&format!(",\"k{i}\":{i}"));
    }
    many.push('}');
    add("twenty_thousand_fields", many.into_bytes(), Expect::Valid);
    add("huge_key", format!("{{\"id\":\"k\",\"body\":\"x\",\"{}\":1}}", "k".repeat(100_000)).into_bytes(), Expect::Valid);
    add("huge_id", article_json(&"i".repeat(100_000), "Short body.", None), Expect::Valid);
    let odd_language = |l: &str| format!("{{\"id\":\"l\",\"body\":\"Ann said hello.\",\"language\":{}}}", json_string(l)).into_bytes();
    for (i, l) in ["", "x-klingon", "EN_us", "zh-Hant-TW", "ar", "\u{0}", "en-", "-", &"q".repeat(10_000)].iter().enumerate() {
        add(&format!("odd_language_{i}"), odd_language(l), Expect::Valid);
    }
    for (i, p) in ABSURD_PUBLISHED_AT.iter().enumerate() {
        let body = "On Monday, \u{201C}we left yesterday,\u{201D} said Ann Lee. Last week was 12 March.";
        add(&format!("absurd_published_at_{i}"), article_json("p", body, Some(p)), Expect::Valid);
    }
    add("long_published_at", article_json("p", "Ann said so on Friday.", Some(&long_published_at())), Expect::Valid);
    v
}

/// Every body shape at `len` bytes, as whole article messages (all valid).
pub fn shape_cases(seed: u64, len: usize) -> Vec<(Shape, Case)> {
    Shape::all()
        .into_iter()
        .map(|shape| {
            let body = shape.body(len, seed);
            let name = format!("{}_{}", shape.name(), len);
            (shape, Case { bytes: article_json(&name, &body, Some("2024-02-08T14:05:00+03:00")), name, expect: Expect::Valid })
        })
        .collect()
}

/// Largest body that fits a message of `max_bytes` for `shape` once JSON-escaped: bodies made of
/// characters JSON escapes (quotes, controls, newlines) grow when encoded.
pub fn body_at_limit(shape: Shape, max_bytes: usize, seed: u64) -> String {
    let env = envelope_len("limit") + ",\"published_at\":\"2024-02-08T14:05:00+03:00\"".len();
    let mut len = max_bytes.saturating_sub(env);
    loop {
        let body = shape.body(len, seed);
        let encoded = json_string(&body).len() - 2;
        if encoded <= max_bytes.saturating_sub(env) || len == 0 {
            return body;
        }
        // shrink by the overshoot ratio (escapes are at most 6 bytes per byte)
        len = len * max_bytes.saturating_sub(env) / encoded.max(1);
        len = len.saturating_sub(16);
    }
}

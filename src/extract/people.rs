//! Finds the people an article names, merges name variants into one person, and resolves each
//! quote's speaker mention (name, pronoun, title, carry-over) to a person or to a non-person
//! source. It does not find quotes; it takes them from [`super::quotes`], and it takes the
//! names and their titles from [`super::names`].
//!
//! People are built in passes over the names: full names ("Sergey Lebedev") first, merged when
//! the surnames agree up to y/i and diacritics and the given names share an initial; then runs
//! with no evidence either way ("Vestnik Kavkaza") only when they share a surname with a person,
//! carry a description, or are quoted; then lone words ("Lebedev", "Mr. Lebedev", "Hillary"),
//! tied to the person whose surname or given name they are (a shared title, then the most
//! mentioned bearer, wins). A lone word nobody else explains becomes a person when it has an
//! honorific, speaks, or is used as a person is ("Jacobs wrote", "Trump's"), or, not being a
//! common English word, stands where names stand ("a win for Okafor", "Varoufakis has") and
//! nowhere where places and things do ("in Ferguson", "the firm Edelman"). Then the text is
//! read in order: pronouns (in the body and at quotes) go to the best recent person whose gender
//! agrees (recency, being a subject, having just spoken), or, in the body, to a person known
//! only by a lone word when that person is the only one named in this sentence or the last;
//! descriptions ("the CIS Secretary
//! General", "the minister", "the 34-year-old") to the person described so, or for an office
//! nobody holds ("the nominee") to the article's main person; "they"/"it" at a quote to the group
//! quoted last; a carry-over quote to the previous speaker. Groups and organisations ("the
//! ministry", "officials") keep their words as the speaker's name, with no person. All
//! bookkeeping is indexed so the stage stays linear in the article.

use std::collections::BTreeSet;

use super::fasthash::{FastMap, FastSet};
use super::wordtable::WordTable;
use super::language::Language;
use super::names::{
    self, class, fold, Gender, NameClass, NameLexicon, NameMention, PronounKind, Token, WordInfo,
};
use super::quotes::QuoteCandidate;
use super::text::Document;
use super::Span;
use crate::analysis::{QuoteKind, Resolution};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Pronoun,
    Nominal,
}

impl MentionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Nominal => "nominal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    pub span: Span,
    pub kind: MentionKind,
}

/// One person of the article, however many ways it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntity {
    /// The fullest name the article gives.
    pub name: String,
    pub aliases: Vec<String>,
    pub titles: Vec<String>,
    /// Every mention resolved to this person, in text order.
    pub mentions: Vec<PersonMention>,
}

/// Who a quote's speaker mention refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRef {
    /// Index into [`Resolved::persons`]; `None` for organisations and groups.
    pub person: Option<usize>,
    /// The person's name, or the mention itself for a non-person.
    pub name: String,
    pub resolution: Resolution,
    /// For a group of named people ("Grassley and Leahy"), the people in it (indices into
    /// [`Resolved::persons`]): each is a source of the quote.
    pub members: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub persons: Vec<PersonEntity>,
    /// One entry per quote, aligned with the quotes given to [`PeopleRules::resolve`].
    pub speakers: Vec<Option<SpeakerRef>>,
}

/// How far back (in sentences) a pronoun looks for its person.
const PRONOUN_WINDOW: usize = 12;
/// Mention counts whose log [`Salience::ln_counts`] holds.
const LN_COUNTS: usize = 64;
/// At most this many mentions back are weighed for a pronoun (bounds the work per pronoun).
const LOOK_BACK: usize = 64;
/// How far back (in sentences) "they" looks for the group that spoke.
const GROUP_WINDOW: usize = 4;
/// At most this many people carrying a title are weighed for a description.
const MAX_CANDIDATES: usize = 64;
/// Weight of having spoken the previous quote, against one sentence of distance.
const LAST_SPEAKER_BONUS: f32 = 0.35;
/// Weight of being the subject of its sentence.
const SUBJECT_BONUS: f32 = 0.5;
/// Weight against a name that is the object of a preposition or verb.
const OBJECT_PENALTY: f32 = 0.5;

const SALIENCE: &str = include_str!("../../lexicon/salience.txt");

#[derive(Debug, Default)]
pub struct PeopleRules {
    lex: NameLexicon,
    salience: Salience,
}

/// Words that weigh how prominent a mention is for pronouns (lexicon/salience.txt), in one
/// table of `salience` bits probed with the tokens' own hashes.
#[derive(Debug, Default)]
struct Salience {
    words: WordTable<u8>,
    /// `(n as f32).ln()` of the first mention counts `n`, worked out once: [`pick_antecedent`]
    /// weighs every candidate by the log of its mentions.
    ln_counts: Vec<f32>,
}

/// Bits of [`Salience::words`].
mod salience {
    /// Opens a subordinate clause ("when", "that").
    pub const SUB: u8 = 1;
    /// A speech cue that continues the last speaker ("added").
    pub const CONTINUING: u8 = 2;
    /// A preposition that makes the name after it an object ("at", "with").
    pub const OBJECT: u8 = 4;
    /// A preposition that makes a name inside a speaker phrase only its modifier ("a
    /// spokeswoman for Hillary Clinton").
    pub const MODIFIER: u8 = 8;
}

impl Salience {
    fn new() -> Salience {
        // (each log computed at run time as the weighing would compute it, not folded at
        // build time, so that the table holds the very values)
        let ln_counts = (0..LN_COUNTS).map(|n| (std::hint::black_box(n) as f32).ln()).collect();
        Salience { words: WordTable::new(Salience::pairs()), ln_counts }
    }

    /// The folded salience words with their bits, sorted.
    fn pairs() -> Vec<(String, u8)> {
        let mut bits: FastMap<String, u8> = FastMap::default();
        for line in SALIENCE.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut f = line.split('\t').map(str::trim);
            let (Some(kind), Some(w)) = (f.next(), f.next()) else { continue };
            let bit = match kind {
                "sub" => salience::SUB,
                "object" => salience::OBJECT,
                "modifier" => salience::MODIFIER,
                _ => salience::CONTINUING,
            };
            *bits.entry(fold(w)).or_insert(0) |= bit;
        }
        let mut pairs: Vec<(String, u8)> = bits.into_iter().collect();
        pairs.sort();
        pairs
    }

    /// Whether the folded word `w` has salience bit `bit`.
    fn is(&self, w: &str, bit: u8) -> bool {
        self.words.get(w).unwrap_or(0) & bit != 0
    }

    /// Whether token `k`'s folded span has salience bit `bit` (`lex` carries the salience
    /// words as its marks: [`PeopleRules::new`]).
    fn token_is(lex: &NameLexicon, toks: &names::Tokens, k: usize, bit: u8) -> bool {
        toks.word_info(lex, k).marks() & bit != 0
    }

    /// For each token, whether it lies in a subordinate clause: after a word opening one, up
    /// to the next comma, dash or the end of the sentence. One pass over the tokens: what the
    /// tokenizer tells as it goes ([`Token::subordinate`]), read over again, for its test.
    #[cfg(test)]
    fn subordinate(lex: &NameLexicon, toks: &names::Tokens) -> Vec<bool> {
        let mut inside = false;
        let mut sentence = usize::MAX;
        toks.iter()
            .enumerate()
            .map(|(k, t)| {
                if t.sentence != sentence {
                    sentence = t.sentence;
                    inside = false;
                }
                match t.kind {
                    names::TokKind::Punct(',' | '—' | '–' | ';') => inside = false,
                    names::TokKind::Word => inside |= toks.word_info(lex, k).marks() & salience::SUB != 0,
                    names::TokKind::Punct(_) => {}
                }
                inside
            })
            .collect()
    }
}

/// A person while the article is read.
#[derive(Debug, Clone)]
struct Entity<'t> {
    /// Folded words of the fullest name (the mention's, borrowed).
    words: &'t [&'t str],
    /// Span of the fullest name.
    best: Span,
    gender: Gender,
    /// Confirmed as a person (not a pending lone word or weak run).
    person: bool,
    titles: Vec<String>,
    /// Folded words of the titles, for nominal mentions.
    title_words: Vec<String>,
    /// The name mentions, then (once the names are read, [`State::index_mentions`], which
    /// sorts the names by position) the pronouns and descriptions given to the person.
    mentions: Vec<PersonMention>,
    /// How many of `mentions`, from the first, are its name mentions (set with the sort).
    names: usize,
    /// Sentences of the name mentions.
    sentences: Sentences,
    /// Name mentions of one word ("Lebedev").
    singles: usize,
    /// The titles in lowercase, to keep each once, once the person has more than
    /// [`FEW_TITLES`] (before that, `titles` is searched: no set allocated for most people).
    title_set: Option<FastSet<String>>,
    /// Some name mention is capitalised only because it is a name (not sentence-initial).
    clear: bool,
    /// Known only from lone words: a person for the people list, too uncertain to be what a
    /// pronoun refers to.
    lone: bool,
}

impl Entity<'_> {
    /// The name mentions, by position (once the names are read).
    fn name_mentions(&self) -> &[PersonMention] {
        self.mentions.get(..self.names).unwrap_or_default()
    }
    fn given(&self) -> Option<&str> {
        if self.words.len() >= 2 {
            self.words.first().copied()
        } else {
            None
        }
    }
}

/// The sentences a person is named in: most people are named in a few, kept in place (no
/// set allocated for them); past [`FEW_SENTENCES`], in an ordered set.
#[derive(Debug, Clone)]
enum Sentences {
    Few(usize, [usize; FEW_SENTENCES]),
    Many(BTreeSet<usize>),
}

/// How many sentences [`Sentences`] keeps in place.
const FEW_SENTENCES: usize = 6;

impl Default for Sentences {
    fn default() -> Self {
        Sentences::Few(0, [0; FEW_SENTENCES])
    }
}

impl Sentences {
    fn insert(&mut self, s: usize) {
        match self {
            Sentences::Few(n, few) => {
                if few[..*n].contains(&s) {
                    return;
                }
                match few.get_mut(*n) {
                    Some(slot) => {
                        *slot = s;
                        *n += 1;
                    }
                    None => {
                        let mut set: BTreeSet<usize> = few.iter().copied().collect();
                        set.insert(s);
                        *self = Sentences::Many(set);
                    }
                }
            }
            Sentences::Many(set) => {
                set.insert(s);
            }
        }
    }
    /// Whether one of the sentences is in `from..=to`.
    fn any_in(&self, from: usize, to: usize) -> bool {
        match self {
            Sentences::Few(n, few) => few[..*n].iter().any(|s| (from..=to).contains(s)),
            Sentences::Many(set) => set.range(from..=to).next().is_some(),
        }
    }
}

/// A mention placed on the time line pronouns look back on.
#[derive(Debug, Clone, Copy)]
struct Placed {
    pos: usize,
    sentence: usize,
    entity: usize,
    in_quote: bool,
    /// First person mention of its sentence outside quotes: the likely subject.
    subject: bool,
    /// A name after a preposition or a verb said of people ("at Rubio", "told Jacobs").
    object: bool,
}

impl PeopleRules {
    pub fn new() -> PeopleRules {
        // the salience words ride on the name lexicon's table, so a token's one look-up answers both
        // (and the tokenizer tells the subordinate clauses by their opening words' bit)
        PeopleRules { lex: NameLexicon::with_marks(Salience::pairs(), salience::SUB), salience: Salience::new() }
    }

    /// A speaker mention that can never be a speaker's name: a pronoun ("she", "I", "which")
    /// or a time ("Thursday", "this month"), which only says when something was said.
    pub fn names_no_one(&self, mention: &str) -> bool {
        names_no_one(&self.lex, mention)
    }

    pub fn resolve(&self, doc: &Document, quotes: &[QuoteCandidate], lang: &Language) -> Resolved {
        if !lang.speakers_supported {
            return Resolved { persons: Vec::new(), speakers: vec![None; quotes.len()] };
        }
        let body = doc.body;
        let toks = names::tokenize_with(doc, &self.lex);
        // (about one name word in four tokens in news text: sized so that it rarely grows)
        let mut name_words = Vec::with_capacity(toks.len() / 4);
        let found = names::find_names(&self.lex, body, &toks, &mut name_words);
        let quoted = SpanSet::new(quotes.iter().filter(|q| q.kind == QuoteKind::Direct).map(|q| q.span));
        let in_quote = |pos: usize| quoted.covers(Span::new(pos, pos + 1));
        let speaker_spans = SpanSet::new(quotes.iter().filter_map(|q| q.speaker));
        // the surname keys, one after the other in one buffer
        let mut key_text = String::with_capacity(body.len() / 8);
        let key_spans: Vec<(usize, usize)> = found
            .iter()
            .map(|m| {
                let s = key_text.len();
                if let Some(w) = m.words.last() {
                    names::translit_into(names::surname_core(w), &mut key_text);
                }
                (s, key_text.len())
            })
            .collect();

        let mut state = State {
            lex: &self.lex,
            salience: &self.salience,
            body,
            // (at most one person per name found, and each list at most one entry per name:
            // sized once, never grown)
            entities: Vec::with_capacity(found.len()),
            of_name: vec![None; found.len()],
            // (at most one key per name found: sized once, never rehashed as they fill)
            by_surname: FastMap::with_capacity_and_hasher(found.len(), Default::default()),
            by_given: FastMap::with_capacity_and_hasher(found.len(), Default::default()),
            titles_taken: Vec::new(),
            by_title_stem: std::cell::OnceCell::new(),
            // (about one pronoun or description given to someone in sixteen tokens, at most)
            taken: FastSet::with_capacity_and_hasher(toks.len() / 16 + quotes.len(), Default::default()),
            last_group: None,
            members: Vec::new(),
            heads: Vec::new(),
            main_so_far: Vec::with_capacity(found.len()),
            named_order: Vec::with_capacity(found.len()),
            lower: String::new(),
            key_text: &key_text,
            key_spans,
        };
        state.build_entities(&found);
        // speaker mentions may confirm pending lone words and weak runs as people
        for q in quotes {
            if let Some(s) = q.speaker {
                if !q.carryover {
                    state.confirm_speaker_names(&found, &toks, s);
                }
            }
        }
        // weak runs with a title, or whose surname recurs, are people
        state.confirm_weak(&found);
        state.confirm_weak_by_position(&found, &toks);
        // lone words used like a person's name: "Jacobs wrote", "Trump's attacks"
        state.confirm_singles(&found, &toks);
        state.index_mentions(&found);

        // the time line of name mentions
        let mut names_placed: Vec<Placed> = Vec::with_capacity(found.len());
        let mut last_sentence = usize::MAX;
        // the pronouns and descriptions, at the words the tokenizer noted (the singular
        // pronouns and the "the"s), in order
        let referring = toks.referring();
        let mut events: Vec<(usize, Event)> = Vec::with_capacity(referring.len());
        for &ti in referring {
            let Some(t) = toks.get(ti) else { continue };
            if let Some(PronounKind::Singular(_)) = toks.word_info(&self.lex, ti).pronoun() {
                if !in_quote(t.span.start) {
                    events.push((t.span.start, Event::Pronoun(ti)));
                }
            } else if toks.word_is(ti, "the") && !in_quote(t.span.start) {
                // "the president", "the Republican nominee": a description of someone
                if let Some(end) = description_end(&self.lex, &toks, ti) {
                    events.push((t.span.start, Event::Nominal(ti, end)));
                }
            }
        }
        // (whether a token is in a subordinate clause, told while tokenising)
        let subordinate = |k: usize| toks.get(k).is_some_and(|t| t.subordinate);
        for (i, m) in found.iter().enumerate() {
            let Some(e) = state.of_name[i] else { continue };
            if !state.entities[e].person {
                continue;
            }
            let iq = in_quote(m.span.start);
            // a name followed by a common noun modifies it ("Clinton communication director")
            let after = m.end_token;
            let modifier = toks.get(after).is_some_and(|t| {
                t.is_word()
                    && t.span.of(body).chars().next().is_some_and(char::is_lowercase)
                    && modifies_as_noun(toks.word_info(&self.lex, after), toks.word(after))
            });
            // a name in a subordinate clause ("When Ruiz called, …") is not the subject
            let sub = subordinate(m.first_token);
            // "swipes at Rubio", "told Jacobs": an object; a fronted "For Rubio, …" is a topic,
            // neither object nor subject
            let before = m.first_token.checked_sub(1).and_then(|k| toks.get(k).map(|t| (k, t))).filter(|&(k, t)| {
                t.is_word()
                    && t.sentence == m.sentence
                    && (Salience::token_is(&self.lex, &toks, k, salience::OBJECT) || toks.word_info(&self.lex, k).person_verb_before())
            }).map(|(_, t)| t);
            let object = before.is_some_and(|t| !t.sentence_initial);
            let topic = before.is_some_and(|t| t.sentence_initial);
            let subject = !iq && m.sentence != last_sentence && !m.possessive && !modifier && !sub && !object && !topic;
            if !iq && !modifier && !m.possessive && !sub && !object && !topic {
                last_sentence = m.sentence;
            }
            names_placed.push(Placed {
                pos: m.span.start,
                sentence: m.sentence,
                entity: e,
                in_quote: iq,
                subject,
                object,
            });
        }

        // pronouns and speakers in text order
        // (the pronouns and descriptions come one per token, in text order: the quotes, sorted
        // apart, are merged in, before them at one position, as the sort of all would order
        // them; failing that order, all are sorted)
        let mut quote_events: Vec<(usize, Event)> = quotes
            .iter()
            .enumerate()
            .map(|(qi, q)| (q.speaker.map(|s| s.start).unwrap_or(q.span.start), Event::Quote(qi)))
            .collect();
        if events.windows(2).all(|w| w[0].0 < w[1].0) {
            quote_events.sort_by_key(|e| e.0);
            events = merge_events(events, quote_events);
        } else {
            events.append(&mut quote_events);
            events.sort_by_key(|e| (e.0, !matches!(e.1, Event::Quote(_))));
        }

        let mut speakers: Vec<Option<SpeakerRef>> = vec![None; quotes.len()];
        let mut speaker_entity: Vec<Option<usize>> = vec![None; quotes.len()];
        let mut last_speaker: Option<(usize, usize)> = None; // (entity, sentence)
        // (at most one mention placed per event)
        let mut placed = Timeline { names: names_placed, added: Vec::with_capacity(events.len()) };
        let mut last_spoken: Option<usize> = None;
        // (one buffer for the words of each nominal mention, borrowed from the tokens)
        let mut nominal_words: Vec<&str> = Vec::new();
        // (and one for the folds of cue words and speaker mentions)
        let mut fold_buf = String::new();
        for (_, ev) in events {
            match ev {
                Event::Pronoun(ti) => {
                    let t = &toks[ti];
                    if speaker_spans.covers(t.span) {
                        continue; // handled as the quote's speaker
                    }
                    let w = toks.word(ti);
                    // (the entry of its folded span, kept in the token)
                    if let Some(PronounKind::Singular(g)) = toks.word_info(&self.lex, ti).pronoun() {
                        let picked = pick_antecedent(&self.salience.ln_counts, &state.entities, &placed, t.span.start, Span::new(0, 0), t.sentence, g, last_speaker)
                            .or_else(|| sole_lone_antecedent(&state.entities, &placed, t.span.start, t.sentence, g));
                        if let Some(e) = picked {
                            state.add_mention(e, t.span, MentionKind::Pronoun, g);
                            // "he"/"she" is a subject: of its sentence unless in a subordinate clause
                            let main = t.sentence_initial || !subordinate(ti);
                            let subject = main && matches!(g, Gender::Male | Gender::Female) && matches!(w, "he" | "she");
                            placed.add(Placed { pos: t.span.start, sentence: t.sentence, entity: e, in_quote: false, subject, object: false });
                        }
                    }
                }
                Event::Nominal(a, b) => {
                    let span = Span::new(toks[a].span.start, toks[b].core.end);
                    if speaker_spans.covers(span) {
                        continue;
                    }
                    nominal_words.clear();
                    nominal_words.extend((a..=b).map(|k| toks.core(k)));
                    if let Some(e) = state.match_nominal(&nominal_words, span.start) {
                        state.add_mention(e, span, MentionKind::Nominal, Gender::Unknown);
                        let subject = toks[a].sentence_initial && !toks[b].possessive;
                        placed.add(Placed { pos: span.start, sentence: toks[a].sentence, entity: e, in_quote: false, subject, object: false });
                    }
                }
                Event::Quote(qi) => {
                    let q = &quotes[qi];
                    let Some(ms) = q.speaker else { continue };
                    let sentence = doc.sentence_of(ms.start).unwrap_or(0);
                    if q.carryover {
                        if let Some(k) = last_spoken {
                            let mut s = speakers[k].clone();
                            if let Some(s) = s.as_mut() {
                                s.resolution = Resolution::Carryover;
                            }
                            speakers[qi] = s;
                            speaker_entity[qi] = speaker_entity[k];
                            continue;
                        }
                    }
                    // "…," she added: the speaker goes on
                    let continuing = q.cue.is_some_and(|c| {
                        c.of(body).split_whitespace().next().is_some_and(|w| {
                            fold_buf.clear();
                            names::fold_into(w, &mut fold_buf);
                            self.salience.is(&fold_buf, salience::CONTINUING)
                        })
                    });
                    let r = state.resolve_mention(&found, &toks, &placed, ms, q.span, sentence, last_speaker, continuing);
                    if let Some((e, res)) = r.entity {
                        if res != Resolution::Explicit {
                            let kind = if res == Resolution::Pronoun { MentionKind::Pronoun } else { MentionKind::Nominal };
                            fold_buf.clear();
                            names::fold_into(ms.of(body), &mut fold_buf);
                            let g = match self.lex.pronoun(&fold_buf) {
                                Some(PronounKind::Singular(g)) => g,
                                _ => Gender::Unknown,
                            };
                            state.add_mention(e, ms, kind, g);
                            placed.add(Placed { pos: ms.start, sentence, entity: e, in_quote: false, subject: true, object: false });
                        }
                        speaker_entity[qi] = Some(e);
                        last_speaker = Some((e, sentence));
                        speakers[qi] = Some(SpeakerRef { person: Some(e), name: String::new(), resolution: res, members: Vec::new() });
                        last_spoken = Some(qi);
                    } else if let Some(name) = r.name {
                        // a group or organisation spoke: no person is the last speaker now
                        last_speaker = None;
                        let members = std::mem::take(&mut state.members);
                        if r.resolution != Resolution::Pronoun {
                            state.last_group = Some((name.clone(), sentence, members.clone()));
                        }
                        speakers[qi] = Some(SpeakerRef { person: None, name, resolution: r.resolution, members });
                        last_spoken = Some(qi);
                    }
                }
            }
        }
        state.finish(speakers)
    }
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Pronoun(usize),
    /// Tokens `.0..=.1`: "the" and a description ending in an office.
    Nominal(usize, usize),
    Quote(usize),
}

/// `words` (the pronoun and description events, at strictly increasing positions) and `quotes`
/// (quote events, sorted by position) in one list by position, a quote before a word event at
/// the same position: the order a stable sort of both by (position, not a quote) gives.
fn merge_events(words: Vec<(usize, Event)>, quotes: Vec<(usize, Event)>) -> Vec<(usize, Event)> {
    let mut out = Vec::with_capacity(words.len() + quotes.len());
    let mut w = words.into_iter().peekable();
    let mut q = quotes.into_iter().peekable();
    loop {
        let take_quote = match (w.peek(), q.peek()) {
            (Some(a), Some(b)) => b.0 <= a.0,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let next = if take_quote { q.next() } else { w.next() };
        match next {
            Some(e) => out.push(e),
            None => break,
        }
    }
    out
}

/// The last token of "the (modifiers) office" starting at token `the`, if any: up to three
/// modifiers, lowercase or capitalised non-person words ("the Republican nominee").
fn description_end(lex: &NameLexicon, toks: &names::Tokens, the: usize) -> Option<usize> {
    for k in the + 1..toks.len().min(the + 5) {
        let t = &toks[k];
        if !t.is_word() || t.sentence != toks[the].sentence {
            return None;
        }
        let w = toks.core(k);
        let info = toks.core_info(k);
        // (the case of its first char, told while tokenising)
        let cap = t.capitalised;
        if lex.is_office_form(info, w) {
            // "the president of Azerbaijan" names an office, not a known holder
            let next = (k + 1 < toks.len()).then(|| toks.word(k + 1));
            return (next != Some("of")).then_some(k);
        }
        if cap && info.classes() == 0 || info.classes() & class::FUNCTION != 0 && !cap {
            return None;
        }
    }
    None
}

/// Sorted spans with a running maximum of their ends, to ask "is this inside any of them" in
/// O(log n).
struct SpanSet {
    spans: Vec<Span>,
    max_end: Vec<usize>,
}

impl SpanSet {
    fn new(spans_in: impl Iterator<Item = Span>) -> SpanSet {
        // (sized for all the spans offered, so that it never grows; equal spans are alike, so
        // an unstable sort orders them as a stable one would)
        let mut spans: Vec<Span> = Vec::with_capacity(spans_in.size_hint().1.unwrap_or(0));
        spans.extend(spans_in);
        spans.sort_unstable();
        let mut m = 0;
        let max_end = spans.iter().map(|s| {
            m = m.max(s.end);
            m
        }).collect();
        SpanSet { spans, max_end }
    }
    /// True when `x` overlaps one of the spans.
    fn covers(&self, x: Span) -> bool {
        let i = self.spans.partition_point(|s| s.start < x.end);
        i > 0 && self.max_end[i - 1] > x.start
    }
}

/// The mentions pronouns look back on: names (sorted once) and mentions resolved while reading
/// (added in text order, so sorted too).
struct Timeline {
    names: Vec<Placed>,
    added: Vec<Placed>,
}

impl Timeline {
    fn add(&mut self, p: Placed) {
        self.added.push(p);
    }
    /// Mentions before `pos`, nearest first within each list, at most [`LOOK_BACK`] of each.
    fn before(&self, pos: usize) -> impl Iterator<Item = &Placed> {
        let a = self.names.partition_point(|p| p.pos < pos);
        let b = self.added.partition_point(|p| p.pos < pos);
        self.names[..a].iter().rev().take(LOOK_BACK).chain(self.added[..b].iter().rev().take(LOOK_BACK))
    }
    /// [`Timeline::before`], only the mentions at most `window` sentences before `sentence`
    /// (the sentence at `pos`). Each list's sentences rise with its positions, so the walk
    /// back through a list stops at its first mention out of the window: what it leaves out
    /// is only what a caller would skip, and the rest comes in the same order.
    fn near(&self, pos: usize, sentence: usize, window: usize) -> impl Iterator<Item = &Placed> {
        let near = move |p: &&Placed| sentence.saturating_sub(p.sentence) <= window;
        let a = self.names.partition_point(|p| p.pos < pos);
        let b = self.added.partition_point(|p| p.pos < pos);
        let names = self.names[..a].iter().rev().take(LOOK_BACK).take_while(near);
        names.chain(self.added[..b].iter().rev().take(LOOK_BACK).take_while(near))
    }
}

/// The most likely person for a pronoun at `pos`: gender agreement is required; among the
/// people mentioned in the last sentences, recency, being a subject and being the last speaker
/// count.
#[allow(clippy::too_many_arguments)]
fn pick_antecedent(
    ln_counts: &[f32],
    entities: &[Entity],
    placed: &Timeline,
    pos: usize,
    content: Span,
    sentence: usize,
    g: Gender,
    last_speaker: Option<(usize, usize)>,
) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for p in placed.near(pos, sentence, PRONOUN_WINDOW) {
        // a name in what the speaker says is not the speaker ("People like Scott, he said.")
        if p.in_quote || content.contains(&Span::new(p.pos, p.pos + 1)) {
            continue;
        }
        let e = &entities[p.entity];
        if !e.person || e.lone || !e.gender.agrees(g) {
            continue;
        }
        let dist = sentence.saturating_sub(p.sentence) as f32;
        let mut score = -dist;
        if p.subject {
            score += SUBJECT_BONUS;
        }
        if p.object {
            score -= OBJECT_PENALTY;
        }
        if e.gender == g && g != Gender::Unknown {
            score += 0.3;
        }
        if last_speaker.is_some_and(|(le, _)| le == p.entity) {
            score += LAST_SPEAKER_BONUS;
        }
        let n = e.mentions.len();
        score += ln_counts.get(n).copied().unwrap_or_else(|| (n as f32).ln()) * 0.1;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, p.entity));
        }
    }
    best.map(|b| b.1)
}

/// The first token from `k` on that is not one of the adverbs that may stand between a
/// subject and its verb ("Okafor also leads", "Okafor then was").
fn past_adverbs(lex: &NameLexicon, toks: &super::names::Tokens, mut k: usize) -> usize {
    while toks.get(k).is_some_and(|t| t.is_word()) && toks.word_info(lex, k).subject_adverb() {
        k += 1;
    }
    k
}

/// The person known only by a lone word ("Porter resigned after reports of his …") that a
/// pronoun at `pos` in the body refers to when nobody better is at hand: the only person of
/// agreeing gender named in this sentence or the one before, outside quotes. A lone word is
/// too uncertain to compete with other people ([`pick_antecedent`] skips it), but alone it is
/// the reading a reader makes.
fn sole_lone_antecedent(entities: &[Entity], placed: &Timeline, pos: usize, sentence: usize, g: Gender) -> Option<usize> {
    let mut only: Option<usize> = None;
    for p in placed.near(pos, sentence, 1) {
        if p.in_quote {
            continue;
        }
        let e = &entities[p.entity];
        if !e.person || !e.gender.agrees(g) {
            continue;
        }
        match only {
            Some(o) if o != p.entity => return None,
            _ => only = Some(p.entity),
        }
    }
    only.filter(|&o| entities[o].lone)
}

/// Whether a lowercase word right after a name makes the name a modifier of a noun ("Clinton
/// spokesman", "the Trump campaign") rather than the subject of a verb ("Carson brought",
/// "Sanders complained", "Trump says"): a role, group or a noun people's names modify, or any
/// other word that does not read as a verb.
fn modifies_as_noun(info: WordInfo, w: &str) -> bool {
    if info.classes() & class::FUNCTION != 0 {
        return false;
    }
    if info.is_role(w) || info.is_group() || info.person_head_noun() {
        return true;
    }
    let verb = w.ends_with("ed")
        || w.ends_with('s')
        || info.person_verb_after()
        || info.person_past()
        || info.person_aux()
        || info.person_speech();
    !verb
}

/// See [`PeopleRules::names_no_one`].
fn names_no_one(lex: &NameLexicon, mention: &str) -> bool {
    // (one pass over the words, each folded into one buffer and looked up once)
    let mut w = String::with_capacity(mention.len());
    let (mut n, mut first_no_one, mut any_time, mut all_time) = (0usize, false, false, true);
    for raw in mention.split_whitespace() {
        w.clear();
        names::fold_into(raw.trim_end_matches(['.', ',', ':']), &mut w);
        let info = lex.info(&w);
        if n == 0 {
            let bare = w.strip_suffix("'s").unwrap_or(&w);
            first_no_one = lex.pronoun(bare).is_some() || matches!(bare, "who" | "whom" | "which" | "that");
        }
        n += 1;
        // (not a month the lexicon also knows as a given name)
        any_time |= info.classes() & class::TIME != 0 && info.given().is_none();
        all_time &= info.classes() & (class::TIME | class::FUNCTION) != 0;
    }
    (n == 1 && first_no_one) || any_time && all_time
}

/// The person mentioned last before `pos` (outside quotes) whose gender agrees with `g`,
/// however far back or however weakly named: the fallback for a speaking pronoun.
fn last_agreeing(entities: &[Entity], placed: &Timeline, pos: usize, content: Span, g: Gender) -> Option<usize> {
    placed
        .before(pos)
        .filter(|p| !p.in_quote && !content.contains(&Span::new(p.pos, p.pos + 1)))
        .filter(|p| entities[p.entity].person && entities[p.entity].gender.agrees(g))
        .max_by_key(|p| p.pos)
        .map(|p| p.entity)
}

struct State<'a> {
    lex: &'a NameLexicon,
    salience: &'a Salience,
    body: &'a str,
    entities: Vec<Entity<'a>>,
    /// The entity of each found name.
    of_name: Vec<Option<usize>>,
    /// Entities by surname key, and (full names only) by first given name.
    by_surname: FastMap<&'a str, Holders>,
    by_given: FastMap<&'a str, Holders>,
    /// Each title's new words as a person took them: (entity, where its words start and end in
    /// the entity's `title_words`), in order, for [`State::title_maps`].
    titles_taken: Vec<(usize, usize, usize)>,
    /// Entities by title word, and by the stem of a title word, made from `titles_taken` when
    /// a description is first matched ([`State::title_maps`]): many articles match none.
    by_title_stem: std::cell::OnceCell<(FastMap<String, Holders>, FastMap<String, Holders>)>,
    /// Pronoun and description mentions already given to someone.
    taken: FastSet<Span>,
    /// The last group or organisation quoted, and its sentence, for "they".
    last_group: Option<(String, usize, Vec<usize>)>,
    /// The people of the group the last resolved mention named ("Grassley and Leahy").
    members: Vec<usize>,
    /// A buffer for the names heading a speaker mention ([`head_names`]), reused.
    heads: Vec<usize>,
    /// (position of a name mention, most mentioned person up to there, its count): the
    /// article's main person at any point.
    main_so_far: Vec<(usize, usize, usize)>,
    /// (position, sentence, entity) of every name mention of a person, in text order.
    named_order: Vec<(usize, usize, usize)>,
    /// A title in lowercase, made in this one buffer (a title is copied only when it is new).
    lower: String,
    /// The surname key of each found name ([`NameMention::surname_key`]), made once: where
    /// it lies in `key_text` (the resolver's buffer, borrowed, so that the maps borrow their
    /// keys too).
    key_text: &'a str,
    key_spans: Vec<(usize, usize)>,
}

/// What a speaker mention resolved to.
struct MentionResolution {
    entity: Option<(usize, Resolution)>,
    /// The non-person source's name.
    name: Option<String>,
    resolution: Resolution,
}

/// How many titles a person's list is searched for a new one before they are kept in a set.
const FEW_TITLES: usize = 8;

/// Appends `t` in lowercase to `out` (ASCII lowered in place, without the Unicode case
/// tables: the same as `to_lowercase`).
fn push_lower(t: &str, out: &mut String) {
    if t.is_ascii() {
        let from = out.len();
        out.push_str(t);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&t.to_lowercase());
    }
}

/// `t` in lowercase ([`push_lower`]).
fn lowered(t: &str) -> String {
    let mut l = String::with_capacity(t.len());
    push_lower(t, &mut l);
    l
}

/// Whether `a` and `b` are the same in lowercase (two ASCII texts compared in place).
fn same_lower(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Pushes `e` on the list of `key` in `map`, copying the key only when it is new.
fn push_to(map: &mut FastMap<String, Holders>, key: &str, e: usize) {
    match map.get_mut(key) {
        Some(v) => v.push(e),
        None => {
            map.insert(key.to_owned(), Holders::One(e));
        }
    }
}

/// Adds `e` to the holders of `key`.
fn hold<'k>(map: &mut FastMap<&'k str, Holders>, key: &'k str, e: usize) {
    match map.entry(key) {
        std::collections::hash_map::Entry::Occupied(o) => o.into_mut().push(e),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(Holders::One(e));
        }
    }
}

/// The persons holding one title word (or surname, or given name), in the order they took it: most words have one, kept
/// in place (no list allocated for it).
#[derive(Debug, Clone)]
enum Holders {
    One(usize),
    Many(Vec<usize>),
}

impl Holders {
    fn push(&mut self, e: usize) {
        match self {
            Holders::One(first) => *self = Holders::Many(vec![*first, e]),
            Holders::Many(v) => v.push(e),
        }
    }
    fn as_slice(&self) -> &[usize] {
        match self {
            Holders::One(e) => std::slice::from_ref(e),
            Holders::Many(v) => v,
        }
    }
}

fn given_compatible(a: &[&str], b: &[&str]) -> bool {
    // given names: all words but the last; compatible when either has none or first initials meet
    let ga = &a[..a.len().saturating_sub(1)];
    let gb = &b[..b.len().saturating_sub(1)];
    if ga.is_empty() || gb.is_empty() {
        return true;
    }
    // (the initials read in place, not collected)
    let initial = |w: &&str| w.chars().next();
    match (ga.iter().find_map(initial), gb.iter().find_map(initial)) {
        (Some(x), Some(y)) => gb.iter().any(|w| initial(w) == Some(x)) || ga.iter().any(|w| initial(w) == Some(y)),
        _ => false,
    }
}

impl<'a> State<'a> {
    /// The entities by title word and by the stem of a title word, each word's holders in the
    /// order they took it: made once, from the titles taken (every title is taken while the
    /// names are read, before any description is matched).
    fn title_maps(&self) -> &(FastMap<String, Holders>, FastMap<String, Holders>) {
        self.by_title_stem.get_or_init(|| {
            let (mut by_title, mut by_stem) = (FastMap::default(), FastMap::default());
            for &(e, from, to) in &self.titles_taken {
                for w in self.entities.get(e).and_then(|x| x.title_words.get(from..to)).unwrap_or_default() {
                    push_to(&mut by_title, w, e);
                    push_to(&mut by_stem, stem(w), e);
                }
            }
            (by_title, by_stem)
        })
    }

    /// The surname key of found name `i` ([`NameMention::surname_key`], made once).
    fn key(&self, i: usize) -> &'a str {
        self.key_spans.get(i).and_then(|&(s, e)| self.key_text.get(s..e)).unwrap_or("")
    }

    fn new_entity(&mut self, i: usize, m: &NameMention<'a>, person: bool) -> usize {
        let gender = self.gender_of(m);
        self.entities.push(Entity {
            words: m.words,
            best: m.span,
            gender,
            person,
            titles: Vec::new(),
            title_words: Vec::new(),
            mentions: Vec::new(),
            sentences: Sentences::default(),
            singles: 0,
            names: 0,
            title_set: None,
            clear: false,
            lone: false,
        });
        let e = self.entities.len() - 1;
        let key = self.key(i);
        hold(&mut self.by_surname, key, e);
        if m.words.len() >= 2 {
            hold(&mut self.by_given, m.words[0], e);
        }
        e
    }

    fn gender_of(&self, m: &NameMention<'a>) -> Gender {
        if m.gender != Gender::Unknown {
            return m.gender;
        }
        if m.words.len() >= 2 {
            if let Some(g) = m.first_info.given() {
                return g;
            }
        }
        Gender::Unknown
    }

    fn attach(&mut self, i: usize, m: &NameMention<'a>, e: usize) {
        // (the maps by title word are made once, from the titles taken so far: every name is
        // attached before any description is matched)
        debug_assert!(self.by_title_stem.get().is_none(), "a name attached after the title maps were made");
        self.of_name[i] = Some(e);
        let g = self.gender_of(m);
        let ent = &mut self.entities[e];
        if m.words.len() > ent.words.len() {
            ent.words = m.words;
            ent.best = m.span;
            if m.words.len() >= 2 {
                hold(&mut self.by_given, m.words[0], e);
            }
        }
        let ent = &mut self.entities[e];
        if ent.gender == Gender::Unknown {
            ent.gender = g;
        }
        for t in m.titles.iter() {
            // the title's gender while the person's is unknown, and its words when it is new,
            // read in one pass
            let want_gender = ent.gender == Gender::Unknown;
            let new = match &ent.title_set {
                Some(set) => {
                    self.lower.clear();
                    push_lower(t, &mut self.lower);
                    !set.contains(self.lower.as_str())
                }
                None => !ent.titles.iter().any(|x| same_lower(x, t)),
            };
            if !want_gender && !new {
                continue;
            }
            // (a new title's words pushed straight on the person's)
            let from = ent.title_words.len();
            let g = self.lex.title_parts(t, new.then_some(&mut ent.title_words));
            if want_gender {
                ent.gender = g;
            }
            if new {
                ent.titles.push(t.to_owned());
                match &mut ent.title_set {
                    Some(set) => {
                        set.insert(self.lower.clone());
                    }
                    None if ent.titles.len() > FEW_TITLES => {
                        ent.title_set = Some(ent.titles.iter().map(|x| lowered(x)).collect());
                    }
                    None => {}
                }
                // (the maps by title word are made from this, when first asked)
                if ent.title_words.len() > from {
                    self.titles_taken.push((e, from, ent.title_words.len()));
                }
            }
        }
        ent.mentions.push(PersonMention { span: m.span, kind: MentionKind::Name });
        ent.sentences.insert(m.sentence);
        ent.singles += usize::from(m.words.len() == 1);
        ent.clear |= !m.ambiguous;
    }

    fn add_mention(&mut self, e: usize, span: Span, kind: MentionKind, g: Gender) {
        let ent = &mut self.entities[e];
        if ent.gender == Gender::Unknown && g != Gender::Unknown {
            ent.gender = g;
        }
        if self.taken.insert(span) {
            ent.mentions.push(PersonMention { span, kind });
        }
    }

    /// The entity whose full name matches a multi-word name.
    fn match_full(&self, i: usize, m: &NameMention<'a>) -> Option<usize> {
        self.by_surname
            .get(self.key(i))?
            .as_slice()
            .iter()
            .copied()
            .find(|&e| self.entities[e].words.len() >= 2 && given_compatible(self.entities[e].words, m.words))
    }

    /// The entity a lone word refers to: by surname (gender and recency break ties), else by
    /// a unique given name.
    fn match_single(&self, i: usize, m: &NameMention<'a>) -> Option<usize> {
        let key = self.key(i);
        let g = m.gender;
        // (the title words made once, and only when some full name is a candidate)
        let mut tw: Option<Vec<String>> = None;
        let mut best: Option<((bool, usize, bool), usize)> = None;
        for &k in self.by_surname.get(key).map(Holders::as_slice).unwrap_or(&[]) {
            let e = &self.entities[k];
            if e.words.len() < 2 || !e.gender.agrees(g) {
                continue;
            }
            let tw = tw.get_or_insert_with(|| {
                let mut tw = Vec::new();
                for t in m.titles.iter() {
                    self.lex.title_parts(t, Some(&mut tw));
                }
                tw
            });
            // a shared title, then a full-name mention in the last sentences, then the most mentioned
            let titled = tw.iter().any(|w| e.title_words.contains(w));
            let recent = e.sentences.any_in(m.sentence.saturating_sub(2), m.sentence);
            let score = (titled, e.mentions.len(), recent);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, k));
            }
        }
        if let Some((_, k)) = best {
            return Some(k);
        }
        let w = m.words.first()?;
        let mut hits: Vec<usize> = self
            .by_given
            .get(*w)
            .map(Holders::as_slice)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|&k| self.entities[k].given() == Some(*w))
            .collect();
        hits.dedup();
        match hits[..] {
            [k] => Some(k),
            _ => None,
        }
    }

    fn build_entities(&mut self, found: &[NameMention<'a>]) {
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::Person {
                let e = match self.match_full(i, m) {
                    Some(e) => e,
                    None => self.new_entity(i, m, true),
                };
                self.attach(i, m, e);
            }
        }
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::Weak {
                if let Some(e) = self.match_full(i, m) {
                    self.attach(i, m, e);
                }
            }
        }
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::Single {
                if let Some(e) = self.match_single(i, m) {
                    self.attach(i, m, e);
                }
            }
        }
        // a lone word read as a nation or place that is a person's surname ("Mark Cuban" …
        // "Cuban said")
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::NonPerson && m.words.len() == 1 && self.of_name[i].is_none() {
                if let Some(e) = self.match_single(i, m) {
                    if self.entities[e].person {
                        self.attach(i, m, e);
                    }
                }
            }
        }
        // lone words with an honorific ("Mr. Obama") are people of their own
        // (or of a full name whose given name no list knows: "Lael Brainard" … "Ms. Brainard")
        let mut weak_by_surname: FastMap<&str, usize> = FastMap::default();
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::Weak && m.words.len() >= 2 && self.of_name[i].is_none() {
                weak_by_surname.entry(self.key(i)).or_insert(i);
            }
        }
        for (i, m) in found.iter().enumerate() {
            if m.class == NameClass::Single && self.of_name[i].is_none() && m.titled {
                // (no full name agrees: the same lone surname met before with an agreeing
                // title is the same person, "Mr. Obama" … "Mr. Obama" beside "Michelle Obama")
                let key = self.key(i);
                let e = self.match_single(i, m).or_else(|| {
                    self.by_surname.get(key).and_then(|v| {
                        v.as_slice().iter().copied().find(|&k| {
                            let o = &self.entities[k];
                            o.person && o.words.len() == 1 && o.gender.agrees(m.gender)
                        })
                    })
                });
                let weak = weak_by_surname.get(key).copied().filter(|&j| self.of_name[j].is_none() && self.gender_of(&found[j]).agrees(m.gender));
                let e = match (e, weak) {
                    (Some(e), _) => e,
                    (None, Some(j)) => {
                        let e = self.new_entity(j, &found[j], true);
                        self.attach(j, &found[j], e);
                        e
                    }
                    (None, None) => self.new_entity(i, m, true),
                };
                self.attach(i, m, e);
            }
        }
        // pending: weak runs and other lone words, grouped by surname, not yet people
        let pending_order = found
            .iter()
            .enumerate()
            .filter(|(_, m)| m.class == NameClass::Weak)
            .chain(found.iter().enumerate().filter(|(_, m)| m.class == NameClass::Single));
        for (i, m) in pending_order {
            if self.of_name[i].is_none() {
                let e = if m.class == NameClass::Weak { self.match_full(i, m) } else { self.match_single(i, m) };
                let e = match e {
                    Some(e) => e,
                    None => {
                        let same = self.by_surname.get(self.key(i)).and_then(|v| {
                            v.as_slice().iter().copied().find(|&k| !self.entities[k].person && self.entities[k].words.len() == m.words.len())
                        });
                        match same {
                            Some(e) => e,
                            None => self.new_entity(i, m, false),
                        }
                    }
                };
                self.attach(i, m, e);
            }
        }
    }

    /// A speaker mention that is a pending name makes it a person.
    fn confirm_speaker_names(&mut self, found: &[NameMention<'a>], toks: &names::Tokens, s: Span) {
        let mut heads = std::mem::take(&mut self.heads);
        head_names(self.lex, self.salience, self.body, found, toks, s, |_| false, &mut heads);
        let first = heads.first().copied();
        self.heads = heads;
        if let Some(i) = first {
            let m = &found[i];
            if let Some(e) = self.of_name[i] {
                // a lone word capitalised only because it starts a sentence or a headline
                // ("Officials said", "Experts") needs a given name or an unambiguous mention
                let clear = m.words.len() >= 2
                    || m.first_info.given().is_some()
                    || self.entities[e].clear;
                if !self.entities[e].person && self.plausible_person(m) && clear {
                    self.entities[e].person = true;
                }
            }
        }
    }

    fn plausible_person(&self, m: &NameMention<'a>) -> bool {
        let raw = m.span.of(self.body);
        // (letters counted and tested in one pass, not collected)
        let (mut letters, mut upper) = (0usize, true);
        for c in raw.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper &= c.is_uppercase();
        }
        let all_caps = letters >= 2 && upper;
        // one word with a capital inside ("ProPublica", "EgyptAir") is a brand; "D-Ill" a party tag
        let brand = m.words.len() == 1
            && raw.chars().zip(raw.chars().skip(1)).skip(1).any(|(a, b)| a.is_lowercase() && b.is_uppercase())
            && !["Mc", "Mac", "De", "Di", "Du", "La", "Le", "Van", "Von"].iter().any(|p| raw.starts_with(p));
        let party_tag = raw.len() <= 8 && matches!(raw.get(..2), Some("D-" | "R-" | "I-"));
        let title = m.words.len() == 1 && m.first_info.title().is_some();
        // an abstract noun closes the name of a thing ("Professional Responsibility")
        let last = m.words.last().copied().unwrap_or("");
        let thing = ["ity", "tion", "sion", "ness", "ism", "ship", "ics"]
            .iter()
            .any(|suf| last.ends_with(suf));
        let org_free = m.words.iter().all(|w| self.lex.classes(w) & (class::ORG | class::OUTLET) == 0)
            || super::names::surname_after_given(self.lex, m.words, false);
        !all_caps && !brand && !party_tag && !title && !thing && org_free
    }

    /// A lone word in no word list becomes a person when it is a possessive, the subject of
    /// a verb-like word or an auxiliary ("Jacobs wrote", "Trump accepted", "Clinton also
    /// attacked", "Handel was"), modifies a noun only people's names modify ("the Trump
    /// administration") or is the object of a verb said of people ("told Jacobs"); at the
    /// start of a sentence only when it does not end in -s or -ing. The context words are in
    /// lexicon/person_contexts.txt.
    fn confirm_singles(&mut self, found: &[NameMention<'a>], toks: &names::Tokens) {
        let mut confirm = Vec::new();
        let mut by_position = Vec::new();
        let mut thing = FastSet::default();
        for (i, m) in found.iter().enumerate() {
            let Some(e) = self.of_name[i] else { continue };
            if self.entities[e].person || m.class != NameClass::Single || m.words.len() != 1 {
                continue;
            }
            let w = &m.words[0];
            // (the entry of `w`, the mention's first word, is at hand in the mention)
            let wi = m.first_info;
            if wi.classes() != 0 || wi.title().is_some() || wi.is_group() || !self.plausible_person(m) {
                continue;
            }
            // a sentence-initial word in -s or -ing is more often a plural or a participle
            // ("Reports said", "Having won")
            // ("Sanders told" still is a name, unless the word reads as a plural of people)
            if w.contains(['\'', '’']) {
                continue; // a contraction ("You’ve")
            }
            // ("Rhines was convicted": a verb only a singular subject takes says the -s is
            // the name's own, unless the word is a common one: "News was", "Politics is")
            let after = m.end_token;
            let verb_at = past_adverbs(self.lex, toks, after);
            let singular = || {
                toks.get(verb_at).is_some_and(|t| t.is_word() && t.sentence == m.sentence)
                    && toks.word_info(self.lex, verb_at).singular_verb()
            };
            let plural = m.ambiguous
                && (w.ends_with('s') && (wi.is_common_word() || !singular()) || w.ends_with("ing"));
            let pluralish = ["ists", "ians", "ants", "ents", "ors", "ives"].iter().any(|suf| w.ends_with(suf));
            let lower_word = |t: &Token| t.is_word() && t.span.of(self.body).chars().next().is_some_and(char::is_lowercase);
            // the verb after it, past adverbs and auxiliaries ("Trump will keep", "Handel was")
            let mut verb = false;
            let mut aux = false;
            for (k, t) in toks.iter().enumerate().skip(after).take(4).take_while(|(_, t)| t.is_word() && t.sentence == m.sentence) {
                let f = toks.word_of(t);
                let fi = toks.word_info_of(self.lex, t);
                // a day between the name and its verb ("Okafor on Wednesday said")
                let day = |k: usize| toks.get(k).is_some_and(|t| t.is_word()) && toks.word_info(self.lex, k).classes() & class::DAY != 0;
                if f == "on" && day(k + 1) || k > after && toks.word_is(k - 1, "on") && day(k) {
                    continue;
                }
                // ("Ali famously converted", "Trump simply didn't")
                if k >= after + 3 {
                    break;
                }
                if matches!(f, "also" | "then" | "later" | "now" | "still" | "never" | "not" | "once")
                    || f.len() > 4 && f.ends_with("ly") && lower_word(t) && fi.classes() & class::FUNCTION == 0
                {
                    continue;
                }
                if fi.person_aux() {
                    aux = true;
                    continue;
                }
                verb = lower_word(t)
                    && (f.ends_with("ed") && fi.classes() & class::FUNCTION == 0
                        || fi.person_verb_after()
                        || (!m.ambiguous || !wi.is_common_word()) && fi.person_past());
                if plural {
                    verb = verb && !aux && !pluralish && !w.ends_with("ing") && fi.person_speech();
                }
                break;
            }
            // "Okafor, who …": a relative pronoun of people
            let who = toks.get(after).is_some_and(|t| t.is_punct(',') && t.sentence == m.sentence)
                && toks.get(after + 1).is_some_and(|t| t.is_word())
                && toks.word_is(after + 1, "who");
            // "Okafor holds a lead", "Okafor also leads by four": at the start of a sentence, a
            // word that is no common English word nor a compound, then a verb in -s after an
            // adverb or before a determiner (a noun in -s is followed by a verb or a
            // preposition instead: "Pfizer shares fell", "Right-wing groups in …")
            let present = m.ambiguous && !wi.is_common_word() && !w.contains('-') && {
                let k = verb_at;
                let word_at = |k: usize| toks.get(k).filter(|t| t.is_word() && t.sentence == m.sentence).map(|_| toks.word(k));
                let verb = toks.get(k).is_some_and(&lower_word)
                    && word_at(k).is_some_and(|f| {
                        f.len() >= 4 && f.ends_with('s') && !f.ends_with("ss") && toks.word_info(self.lex, k).classes() & class::FUNCTION == 0
                    });
                let determiner = word_at(k + 1).is_some() && toks.word_info(self.lex, k + 1).determiner();
                verb && (k > after || determiner)
            };
            // "Pell, 77, was", "Okafor, 45, of Leeds": an age in commas after the word is a
            // person's (a place or a thing has none)
            let age = toks.get(after).is_some_and(|t| t.is_punct(',') && t.sentence == m.sentence)
                && toks.get(after + 1).is_some_and(|t| {
                    let d = t.span.of(self.body);
                    t.is_word() && (1..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
                })
                && toks.get(after + 2).is_some_and(|t| t.is_punct(','));
            // "the Trump administration", "Clinton aides": a noun only people's names modify
            let head = toks.get(after).is_some_and(|t| lower_word(t) && toks.word_info_of(self.lex, t).person_head_noun());
            // "told Jacobs", "accused Rice": the object of a verb said of people
            let object = after >= toks.len() || toks.get(after).is_some_and(|t| !t.is_word() || lower_word(t));
            let object = object
                && toks[..m.first_token]
                    .last()
                    .is_some_and(|t| t.sentence == m.sentence && lower_word(t) && toks.word_info_of(self.lex, t).person_verb_before());
            // the weaker signs need a capital that is not the sentence's own, a word that is
            // not a plural ("Democrats are") and no hyphen ("African-American voters")
            // nor the tail of a longer name ("Chiefs of Staff is", "Club for Growth was")
            let at = m.first_token;
            let capital = |t: &Token| {
                t.is_word()
                    && t.capitalised
                    && toks.word_info_of(self.lex, t).classes() & class::FUNCTION == 0
            };
            // ("for Cruz" after a lowercase word is a person's place)
            let tail = at.checked_sub(1).and_then(|k| toks.get(k)).is_some_and(|t| {
                capital(t)
                    || matches!(toks.word_of(t), "of" | "for")
                        && at.checked_sub(2).and_then(|k| toks.get(k)).is_some_and(capital)
            });
            let weak_ok = !plural && !m.ambiguous && !tail && !w.ends_with('s') && !w.contains('-');
            // an adjective is no surname before a noun ("the Presidential campaign")
            let head = head && !["al", "ic"].iter().any(|suf| w.ends_with(suf));
            // a double surname joined by a hyphen ("Lawson-Okafor", "al-Rashid"), not a
            // compound ("Trump-induced", "Miami-Dade")
            let double = raw_parts_named(self.lex, m.span.of(self.body));
            let by_place = if pluralish || w.contains('-') && !double {
                Place::Unknown
            } else {
                self.named_by_position(found, m, toks, after, aux || verb, tail)
            };
            // (a verb after a place or a thing is its sentence's: "the rally in Wexbridge drew")
            let verb = (verb || (aux || object) && weak_ok) && by_place != Place::Thing;
            if m.possessive && !plural || verb || (age || who || present) && !pluralish || head && weak_ok {
                confirm.push(e);
            } else if by_place == Place::Person {
                by_position.push(e);
            } else if by_place == Place::Thing && !head {
                thing.insert(e);
            }
        }
        // where it stands names a person only when no other mention names a place or a thing
        // ("a win for Orlando" … "in Orlando")
        confirm.extend(by_position.into_iter().filter(|e| !thing.contains(e)));
        for e in confirm {
            self.entities[e].person = true;
            self.entities[e].lone = true;
        }
    }

    /// A lone capitalised word that is in no word list names a person by where it stands,
    /// short of a verb of its own. Inside a sentence the capital is the word's own: it is a
    /// name unless a determiner or a place preposition stands before it ("the Pentagon", "in
    /// Ferguson"); a common English word ("Trump", "Sessions") also needs something other
    /// than a noun after it ("with Trump.", "that Trump personally", not "Trump supporters").
    /// At the start of a sentence only a word that is not common English, followed by a verb
    /// or an auxiliary ("Mattis is", "Strzok has", "Flynn didn't"), a colon ("Brennan: …")
    /// or a comma with an adverb ("Rubio, though, …"). `verbish` is the caller's verb test;
    /// `tail` marks the end of a longer name ("Club for Growth").
    fn named_by_position(
        &self,
        found: &[NameMention<'a>],
        m: &NameMention<'a>,
        toks: &names::Tokens,
        after: usize,
        verbish: bool,
        tail: bool,
    ) -> Place {
        let Some(w) = m.words.last() else {
            return Place::Unknown;
        };
        let body = self.body;
        let raw = m.span.of(body);
        if !name_shaped(raw)
            || m.ambiguous && !toks.get(m.first_token).is_some_and(|t| t.sentence_initial)
        {
            return Place::Unknown; // not a surname's shape, or a word of a headline
        }
        // a plural of a people or place ("Iowans"), unless a given name's ("Evans")
        if w.ends_with("ans") && self.lex.given(&w[..w.len() - 1]).is_none() {
            return Place::Unknown;
        }
        // an adjective ("Congressional", "Trumpian", "Islamic"), unless a given name ("Brian")
        let adjective = ["al", "ic", "ian", "ean", "ese", "esque", "ist", "ism"]
            .iter()
            .any(|suf| w.ends_with(suf))
            && !w.ends_with("vic")
            && !w.ends_with("quist")
            && self.lex.given(w).is_none();
        if adjective {
            return Place::Unknown;
        }
        let common = m.words.iter().any(|w| self.lex.is_common_word(w));
        let same = |t: &&Token| t.sentence == m.sentence;
        let prev = m
            .first_token
            .checked_sub(1)
            .and_then(|k| toks.get(k))
            .filter(same);
        let next = toks.get(after).filter(same);
        let word = |t: &Token| toks.word_of(t);
        let lower = |t: &Token| {
            t.is_word()
                && t.span
                    .of(body)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        };
        let punct = |t: Option<&Token>, marks: &[char]| {
            t.is_some_and(|t| marks.iter().any(|&c| t.is_punct(c)))
        };
        // a handle, a web address, a firm ("Procter & Gamble"), code
        if punct(
            prev,
            &['@', '#', '/', '&', '<', '>', '_', '=', '+', '*', '\\'],
        ) || punct(next, &['&', '@', '/'])
        {
            return Place::Unknown;
        }
        // beside a place or an organisation in a list ("Exeter, N.H.", "Chevron and Exxon")
        let listed_with_thing = |k: Option<usize>| {
            k.and_then(|k| toks.get(k)).filter(same).is_some_and(|t| {
                t.is_word()
                    && !lower(t)
                    && toks.core_info_of(t).classes()
                        & (class::PLACE | class::ORG | class::OUTLET)
                        != 0
            })
        };
        // (or a name found not to be a person's: "Miami-Dade and Broward", "Bill and Melinda
        // Gates Foundation")
        let thing_named = |k: Option<usize>| {
            k.and_then(|k| toks.get(k)).filter(same).is_some_and(|t| {
                let i = found.partition_point(|n| n.span.end <= t.span.start);
                found.get(i).is_some_and(|n| {
                    n.span.start <= t.core.start && n.class == NameClass::NonPerson
                })
            })
        };
        let joiner = |t: Option<&Token>| {
            t.is_some_and(|t| t.is_punct(',') || matches!(word(t), "and" | "or"))
        };
        let before2 = m.first_token.checked_sub(2);
        if joiner(prev) && (listed_with_thing(before2) || thing_named(before2))
            || joiner(next) && (listed_with_thing(Some(after + 1)) || thing_named(Some(after + 1)))
        {
            return Place::Thing;
        }
        // an organisation's or a place's noun beside it ("the firm Edelman", "Asahi newspaper",
        // "the town of Wismar")
        let thing_noun = |t: Option<&Token>| {
            t.is_some_and(|t| {
                let f = word(t);
                lower(t) && {
                    let singular = f
                        .strip_suffix("ies")
                        .map(|s| format!("{s}y"))
                        .or_else(|| f.strip_suffix('s').map(str::to_owned));
                    [Some(f), singular.as_deref()]
                        .iter()
                        .flatten()
                        .any(|f| self.lex.classes(f) & (class::ORG | class::PLACE) != 0)
                }
            })
        };
        let prev2 = before2.and_then(|k| toks.get(k)).filter(same);
        if thing_noun(prev)
            || thing_noun(next)
            || prev.is_some_and(|t| word(t) == "of") && thing_noun(prev2)
        {
            return Place::Thing;
        }
        // "Ann Berg, of Salem, said": a hometown set off after a name
        if prev.is_some_and(|t| word(t) == "of") && punct(prev2, &[',']) {
            return Place::Thing;
        }
        // "to" takes places ("moved to Westchester") but people after some words ("talked to")
        if prev.is_some_and(|t| word(t) == "to")
            && !prev2.is_some_and(|t| {
                toks.word_info_of(self.lex, t).person_verb_before() || toks.word_info_of(self.lex, t).person_to()
            })
        {
            return Place::Unknown;
        }
        // "Okafor, who …": a relative clause of persons, wherever the word stands
        if punct(next, &[','])
            && toks
                .get(after + 1)
                .filter(same)
                .is_some_and(|t| word(t) == "who")
            && !common
        {
            return Place::Person;
        }
        // the head of a longer name ("Citizens for Responsibility", "Rock and Roll")
        let joined_to = |k: usize| {
            toks.get(k)
                .filter(same)
                .is_some_and(|t| t.is_word() && !lower(t))
        };
        let linked = next.is_some_and(|t| match word(t) {
            "of" | "for" | "to" | "the" => joined_to(after + 1),
            "and" => common && joined_to(after + 1),
            _ => false,
        });
        if linked {
            return Place::Thing;
        }
        // a plural ("Oreos", "Superdelegates") unless a verb or a person's place says otherwise
        let plural = w.ends_with('s') && !["ss", "is", "us"].iter().any(|suf| w.ends_with(suf));
        let person_before = prev.is_some_and(|t| {
            let f = word(t);
            let fi = toks.word_info_of(self.lex, t);
            fi.person_verb_before()
                || fi.person_preposition()
                || lower(t) && f.ends_with("ed")
        });
        if plural && !verbish && !person_before {
            return Place::Unknown;
        }
        // first in its sentence, or after an opening mark: the capital may be the position's
        // (a line break before it starts a line, as in a transcript)
        let broken = prev.is_some_and(|t| {
            body.get(t.span.end..m.span.start)
                .is_some_and(|gap| gap.as_bytes().contains(&b'\n'))
        });
        let opening = prev.is_none()
            || broken
            || punct(
                prev,
                &['“', '"', '‘', '\'', '(', '[', ':', '—', '–', '-', '…'],
            );
        if opening {
            if common || plural || m.possessive || w.ends_with("ing") {
                return Place::Unknown;
            }
            let colon = punct(next, &[':']) && prev.is_none();
            let aside = punct(next, &[','])
                && toks.get(after + 1).filter(same).is_some_and(|t| {
                    matches!(
                        word(t),
                        "though" | "however" | "meanwhile" | "too" | "who" | "a" | "an"
                    )
                });
            return if verbish || colon || aside {
                Place::Person
            } else {
                Place::Unknown
            };
        }
        if tail {
            return Place::Unknown; // the end of a longer name
        }
        if prev.is_some_and(|t| t.is_word() && toks.word_info_of(self.lex, t).thing_before(common)) {
            return Place::Thing;
        }
        if !common {
            return Place::Person;
        }
        // a common word needs a lowercase word before it, and an end, a mark, a function word
        // or a verb after it
        if !prev.is_some_and(lower) {
            return Place::Unknown;
        }
        let named = match next {
            None => true,
            Some(t) if !t.is_word() => !t.is_punct('-'),
            Some(t) => {
                let f = word(t);
                let fi = toks.word_info_of(self.lex, t);
                lower(t) && (fi.classes() & class::FUNCTION != 0 || f.ends_with("ly"))
                    || verbish
            }
        };
        if named {
            Place::Person
        } else {
            Place::Unknown
        }
    }

    /// Runs of two or three words with no evidence either way, none of them a common English
    /// word, that stand where names stand ("endorsed Wasserman Schultz", "a warrant for Eike
    /// Okonkwo"): the test of [`Self::named_by_position`], vetoed by any mention in a place's
    /// or a thing's position. Like lone words they are people too uncertain for pronouns.
    fn confirm_weak_by_position(&mut self, found: &[NameMention<'a>], toks: &names::Tokens) {
        let body = self.body;
        let mut by_position = Vec::new();
        let mut thing = FastSet::default();
        for (i, m) in found.iter().enumerate() {
            let Some(e) = self.of_name[i] else { continue };
            if self.entities[e].person
                || m.class != NameClass::Weak
                || !(2..=3).contains(&m.words.len())
            {
                continue;
            }
            let unknown = |w: &&str| {
                !self.lex.is_common_word(w)
                    && self.lex.title(w).is_none()
                    && !self.lex.is_group(w)
                    && self.lex.classes(w) == 0
            };
            // (nor a compound: "Prize-winning", "Angeles-based"; nor a letter: "Subtitle D")
            let compound = m
                .span
                .of(body)
                .split(|c: char| c.is_whitespace() || c == '-')
                .any(|p| {
                    p.chars().filter(|c| c.is_alphabetic()).count() < 2
                        || p.chars().next().is_some_and(char::is_lowercase)
                            && self.lex.is_common_word(&fold(p))
                });
            if compound || !m.words.iter().all(unknown) || !self.plausible_person(m) {
                continue;
            }
            let after = m.end_token;
            let verbish = toks
                .get(after)
                .filter(|t| t.sentence == m.sentence)
                .is_some_and(|t| {
                    let f = toks.word_of(t);
                    let fi = toks.word_info_of(self.lex, t);
                    t.is_word()
                        && t.span
                            .of(body)
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                        && (fi.person_aux()
                            || fi.person_verb_after()
                            || fi.person_past()
                            || f.ends_with("ed") && fi.classes() & class::FUNCTION == 0)
                });
            // the end of a longer name ("Bank of Eike Okonkwo")
            let capital = |k: Option<usize>| {
                k.and_then(|k| toks.get(k)).is_some_and(|t: &Token| {
                    t.sentence == m.sentence
                        && t.capitalised
                        && toks.word_info_of(self.lex, t).classes() & class::FUNCTION == 0
                })
            };
            let before = m.first_token.checked_sub(1);
            let tail = capital(before)
                || before
                    .and_then(|k| toks.get(k))
                    .is_some_and(|t| matches!(toks.word_of(t), "of" | "for"))
                    && capital(m.first_token.checked_sub(2));
            match self.named_by_position(found, m, toks, after, verbish, tail) {
                Place::Person => by_position.push(e),
                Place::Thing => {
                    thing.insert(e);
                }
                Place::Unknown => {}
            }
        }
        for e in by_position {
            if !thing.contains(&e) {
                self.entities[e].person = true;
                self.entities[e].lone = true;
            }
        }
    }

    fn confirm_weak(&mut self, found: &[NameMention<'a>]) {
        let n = self.entities.len();
        let mut confirm = vec![false; n];
        for (i, m) in found.iter().enumerate() {
            let Some(e) = self.of_name[i] else { continue };
            if self.entities[e].person || m.class != NameClass::Weak {
                continue;
            }
            let described = !self.entities[e].titles.is_empty();
            // a relative of a person ("Rakeyia Scott" beside "Keith Lamont Scott")
            let family = m.words.len() >= 2
                && self.by_surname.get(self.key(i)).is_some_and(|v| {
                    v.as_slice().iter().any(|&o| self.entities[o].person && self.entities[o].words.len() >= 2)
                });
            let recurs = self.entities[e].singles > 0;
            if (described || recurs || family) && self.plausible_person(m) {
                confirm[e] = true;
            }
        }
        for (e, c) in confirm.into_iter().enumerate() {
            if c {
                self.entities[e].person = true;
            }
        }
    }

    #[allow(clippy::too_many_arguments, reason = "the mention, where it stands and the state of the speaker turn")]
    fn resolve_mention(
        &mut self,
        found: &[NameMention<'a>],
        toks: &names::Tokens,
        placed: &Timeline,
        ms: Span,
        content: Span,
        sentence: usize,
        last_speaker: Option<(usize, usize)>,
        continuing: bool,
    ) -> MentionResolution {
        self.members.clear();
        let text = ms.of(self.body);
        // (folded in the state's scratch buffer: only its pronoun entry and whether it is
        // "who" are read)
        // (an ASCII mention folds to itself lowercased without its trailing dots, less an
        // "'s": one longer than any pronoun and than "whom" after that is neither, unfolded)
        let trimmed = text.trim();
        let least = trimmed.trim_end_matches('.').len().saturating_sub(2);
        let (pronoun, relative) = if trimmed.is_ascii() && least > self.lex.longest_pronoun().max("whom".len()) {
            (None, false)
        } else {
            let mut folded = std::mem::take(&mut self.lower);
            folded.clear();
            names::fold_into(trimmed, &mut folded);
            if folded.ends_with("'s") {
                folded.truncate(folded.len() - 2);
            }
            let read = (self.lex.pronoun(&folded), matches!(folded.as_str(), "who" | "whom"));
            self.lower = folded;
            read
        };
        // a pronoun
        if let Some(p) = pronoun {
            return match p {
                PronounKind::Singular(g) => {
                    // a speaking "he"/"she" is someone: failing a recent person, the last one
                    // mentioned at all whose gender agrees, even one known only by a lone word
                    // with a cue that continues ("he added"), the last speaker when it agrees
                    let goes_on = last_speaker.filter(|&(e, s)| {
                        continuing && sentence.saturating_sub(s) <= PRONOUN_WINDOW && self.entities[e].gender.agrees(g)
                    });
                    let e = goes_on
                        .map(|(e, _)| e)
                        .or_else(|| pick_antecedent(&self.salience.ln_counts, &self.entities, placed, ms.start, content, sentence, g, last_speaker))
                        .or_else(|| last_agreeing(&self.entities, placed, ms.start, content, g));
                    MentionResolution { entity: e.map(|e| (e, Resolution::Pronoun)), name: None, resolution: Resolution::Pronoun }
                }
                PronounKind::Plural => {
                    // "they": the group that spoke last, when it spoke in the last sentences
                    let group = self.last_group.as_ref().filter(|(_, s, _)| sentence.saturating_sub(*s) <= GROUP_WINDOW);
                    let name = group.map(|(n, _, _)| n.clone());
                    self.members = group.map(|(_, _, m)| m.clone()).unwrap_or_default();
                    MentionResolution { entity: None, name, resolution: Resolution::Pronoun }
                }
                PronounKind::First => MentionResolution { entity: None, name: None, resolution: Resolution::Pronoun },
            };
        }
        // a relative pronoun: the person named just before it in the sentence
        if relative {
            // a plural noun right before it is who spoke ("voters who", "23 percent who")
            let k = toks.partition_point(|t| t.span.start < ms.start);
            let plural = k.checked_sub(1).map(|j| &toks[j]).filter(|t| {
                let w = toks.word_of(t);
                t.is_word()
                    && t.sentence == sentence
                    && t.span.of(self.body).chars().next().is_some_and(char::is_lowercase)
                    && (w.ends_with('s') && !w.ends_with("ss") || self.lex.is_group(w) || w == "percent")
            });
            if let Some(t) = plural {
                let name = t.span.of(self.body).to_owned();
                return MentionResolution { entity: None, name: Some(name), resolution: Resolution::Nominal };
            }
            let before = placed.near(ms.start, sentence, 0).filter(|p| p.sentence == sentence && !p.in_quote).max_by_key(|p| p.pos);
            return match before {
                Some(p) => MentionResolution { entity: Some((p.entity, Resolution::Explicit)), name: None, resolution: Resolution::Explicit },
                None => MentionResolution { entity: None, name: None, resolution: Resolution::Nominal },
            };
        }
        // names heading the mention
        // (the heads put in the state's buffer, taken while it is read, and given back)
        let mut heads = std::mem::take(&mut self.heads);
        head_names(self.lex, self.salience, self.body, found, toks, ms, |i| self.of_name[i].is_some_and(|e| self.entities[e].person), &mut heads);
        let first_head = heads.first().copied();
        let group = heads.len() >= 2;
        if group {
            // a group of named people: no one person, the names joined
            let names: Vec<String> = heads
                .iter()
                .map(|&i| match self.of_name[i] {
                    Some(e) if self.entities[e].person => tidy_name(self.entities[e].best.of(self.body)),
                    _ => tidy_name(found[i].span.of(self.body)),
                })
                .collect();
            self.members = heads.iter().filter_map(|&i| self.of_name[i].filter(|&e| self.entities[e].person)).collect();
            self.heads = heads;
            let (last, rest) = names.split_last().map(|(l, r)| (l.clone(), r.join(", "))).unwrap_or_default();
            return MentionResolution { entity: None, name: Some(format!("{rest} and {last}")), resolution: Resolution::Explicit };
        }
        self.heads = heads;
        if let Some(i) = first_head {
            let m = &found[i];
            if let Some(e) = self.of_name[i] {
                if self.entities[e].person {
                    return MentionResolution { entity: Some((e, Resolution::Explicit)), name: None, resolution: Resolution::Explicit };
                }
            }
            // a non-person name that is the whole mention ("Reuters", "The New York Times")
            let whole = within(toks, ms)
                .iter()
                .filter(|t| t.is_word() && t.span.start >= m.span.end)
                .all(|t| !t.span.of(self.body).chars().next().is_some_and(char::is_lowercase));
            if (m.class == NameClass::NonPerson || self.of_name[i].is_none()) && whole {
                if let Some(e) = self.person_right_after(found, toks, ms) {
                    return MentionResolution { entity: Some((e, Resolution::Explicit)), name: None, resolution: Resolution::Explicit };
                }
                self.lower.clear();
                names::fold_into(m.span.of(self.body), &mut self.lower);
                if self.lex.classes(&self.lower) & class::TIME == 0 {
                    return MentionResolution { entity: None, name: Some(strip_determiner(text)), resolution: Resolution::Explicit };
                }
            }
        }
        // a description: "the CIS Secretary General", "the 34-year-old", "The GOP nominee"
        let inside = within(toks, ms);
        // (the words borrowed from the tokens' folded texts, not copied, on the stack when
        // they fit: the mention's words and at most `EXTENSION` after it)
        const EXTENSION: usize = 4;
        let mut stack = [""; 28];
        let mut heap: Vec<&str> = Vec::new();
        let buf: &mut [&str] = match stack.get_mut(..inside.len() + EXTENSION) {
            Some(b) => b,
            None => {
                heap.resize(inside.len() + EXTENSION, "");
                &mut heap
            }
        };
        for (w, t) in buf.iter_mut().zip(inside) {
            *w = toks.core_of(t);
        }
        let mut n = inside.len();
        // "Pagliano's lawyer": a possessive name stands for the determiner
        if inside.iter().find(|t| t.is_word()).is_some_and(|t| t.possessive) {
            if let Some(w) = buf.get_mut(..n).and_then(|b| b.first_mut()) {
                *w = "the";
            }
        }
        // a mention cut short before its head ("The Republican" | "presidential nominee")
        let k0 = toks.partition_point(|t| t.span.start < ms.end);
        let mut extended = n;
        for (k, t) in toks.iter().enumerate().skip(k0).take(EXTENSION) {
            let w = toks.core(k);
            let lower = t.span.of(self.body).chars().next().is_some_and(char::is_lowercase);
            if !t.is_word() || !lower || toks.core_info(k).classes() & class::FUNCTION != 0 || t.sentence != sentence {
                break;
            }
            if let Some(slot) = buf.get_mut(extended) {
                *slot = w;
            }
            extended += 1;
            if t.possessive {
                break;
            }
        }
        if extended > n && buf.get(extended - 1).is_some_and(|w| self.lex.is_role(w)) {
            n = extended;
        }
        let words: &[&str] = buf.get(..n).unwrap_or_default();
        if let Some(e) = self.match_nominal(words, ms.start) {
            return MentionResolution { entity: Some((e, Resolution::Nominal)), name: None, resolution: Resolution::Nominal };
        }
        if let Some(e) = self.person_right_after(found, toks, ms) {
            return MentionResolution { entity: Some((e, Resolution::Explicit)), name: None, resolution: Resolution::Explicit };
        }
        if let Some(e) = self.introduced_next(words, ms.start, sentence) {
            return MentionResolution { entity: Some((e, Resolution::Nominal)), name: None, resolution: Resolution::Nominal };
        }
        if names_no_one(self.lex, text) {
            return MentionResolution { entity: None, name: None, resolution: Resolution::Nominal };
        }
        MentionResolution { entity: None, name: Some(strip_determiner(text)), resolution: Resolution::Nominal }
    }

    /// "A spokeswoman for the mayor says … Ana Ruiz told reporters …": a speaker described with
    /// an indefinite article is the person named first in the next two sentences when that is a
    /// full name not mentioned before and of agreeing gender.
    fn introduced_next(&self, words: &[&str], pos: usize, sentence: usize) -> Option<usize> {
        let first = *words.first()?;
        if !matches!(first, "a" | "an") {
            return None;
        }
        let desc = self.lex.description_words(&words[1..]);
        let head = desc.last()?;
        if !self.lex.is_role(head) || self.lex.is_group(head) {
            return None;
        }
        let g = self.lex.description_gender(&words[1..]);
        let i = self.named_order.partition_point(|n| n.0 <= pos);
        let &(_, s, e) = self.named_order[i..].iter().take(16).find(|n| n.1 > sentence)?;
        let ent = &self.entities[e];
        let new = ent.name_mentions().first().is_some_and(|m| m.span.start > pos);
        (s <= sentence + 2 && new && !ent.lone && ent.words.len() >= 2 && ent.gender.agrees(g)).then_some(e)
    }

    /// A person named right after a mention that is only the start of the speaker's phrase
    /// ("Democratic" | "presidential nominee Hillary Clinton", "Del" | ". Stacey Plaskett"): the
    /// first name within a few words, with only words and dots between, in the same sentence.
    fn person_right_after(&self, found: &[NameMention<'a>], toks: &names::Tokens, ms: Span) -> Option<usize> {
        let k0 = toks.partition_point(|t| t.span.start < ms.end);
        // only when the mention ends like a modifier: a title, an adjective of nation or party,
        // an abbreviation, a number
        let last = within(toks, ms).iter().rev().find(|t| t.is_word())?;
        let lw = last.core.of(self.body);
        let lf = fold(lw);
        let modifier = self.lex.is_role(&lf)
            || (self.lex.classes(&lf) & (class::DEMONYM | class::PLACE) != 0 && !lf.ends_with('s'))
            || lf.chars().all(|c| c.is_ascii_digit())
            || self.lex.title(&lf).is_some()
            || names::is_particle(&lf);
        if !modifier {
            return None;
        }
        let sentence = toks.get(k0)?.sentence;
        for t in toks.iter().skip(k0).take(6) {
            if t.sentence != sentence || !(t.is_word() || t.is_punct('.') || t.is_punct('/')) {
                return None;
            }
            if t.is_word() && toks.word_info_of(self.lex, t).classes() & class::FUNCTION != 0 {
                return None; // a verb or pronoun: the phrase has ended
            }
            let i = found.partition_point(|m| m.span.start < t.span.start);
            if let Some(m) = found.get(i).filter(|m| m.span.start == t.core.start) {
                return self.of_name[i].filter(|&e| self.entities[e].person && m.class != NameClass::NonPerson);
            }
        }
        None
    }

    /// The person carrying the description `words` (folded words and marks of the mention),
    /// preferring the one with most words of the description in a title, then the last one
    /// mentioned before `pos`. An office ("the nominee", "the president") nobody is titled
    /// with goes to the article's most mentioned person.
    fn match_nominal(&self, words: &[&str], pos: usize) -> Option<usize> {
        let first = *words.first()?;
        let definite = matches!(first, "the" | "his" | "her" | "their");
        if !definite && !words.iter().any(|w| w.ends_with("year-old")) {
            return None;
        }
        // the description proper ends at a preposition, comma or relative pronoun
        let cut = words.iter().position(|w| matches!(*w, "—" | "–")).unwrap_or(words.len());
        let desc_owned = self.lex.description_words(&words[1..cut.max(1)]);
        let desc: Vec<&str> = desc_owned.iter().map(|w| w.as_ref()).collect();
        let head = *desc.last()?;
        if !self.lex.is_role(head) || self.lex.is_group(head) {
            return None;
        }
        let role_gender = self.lex.description_gender(&words[1..cut.max(1)]);
        let eligible = |e: &Entity| e.person && e.gender.agrees(role_gender);
        let names_before = |e: &Entity| e.name_mentions().partition_point(|m| m.span.start < pos);
        let mut best: Option<((usize, usize), usize)> = None;
        // (an article with hundreds of ministers weighs the last MAX_CANDIDATES titled)
        let (by_title, by_stem) = self.title_maps();
        let titled = by_title.get(head).map(Holders::as_slice).unwrap_or(&[]);
        for &k in &titled[titled.len().saturating_sub(MAX_CANDIDATES)..] {
            let e = &self.entities[k];
            if !eligible(e) {
                continue;
            }
            let overlap = desc.iter().filter(|w| e.title_words.iter().any(|t| t == *w)).count();
            let last = e.name_mentions()[..names_before(e)].last().map(|m| m.span.start + 1).unwrap_or(0);
            let key = (overlap, last);
            if best.is_none_or(|(b, _)| key > b) {
                best = Some((key, k));
            }
        }
        if let Some((_, k)) = best {
            return Some(k);
        }
        if first != "the" || !self.lex.is_office(head) {
            return None;
        }
        // an office nobody is titled with: the main person of the article, or first one
        // described with a word of the description ("the Democratic nominee")
        let mut main: Option<((usize, usize), usize)> = None;
        for w in &desc {
            let stemmed = by_stem.get(stem(w)).map(Holders::as_slice).unwrap_or(&[]);
            for &k in &stemmed[stemmed.len().saturating_sub(MAX_CANDIDATES)..] {
                let e = &self.entities[k];
                if !eligible(e) || e.lone {
                    continue;
                }
                let n = names_before(e);
                let shared = desc.iter().filter(|w| e.title_words.iter().any(|t| same_stem(t, w))).count();
                if n >= 2 && main.is_none_or(|(b, _)| (shared, n) > b) {
                    main = Some(((shared, n), k));
                }
            }
        }
        if let Some((_, k)) = main {
            return Some(k);
        }
        let i = self.main_so_far.partition_point(|m| m.0 < pos);
        let (_, k, n) = *self.main_so_far.get(i.checked_sub(1)?)?;
        (n >= 2 && eligible(&self.entities[k])).then_some(k)
    }

    /// Sorts each person's name positions and records the main person along the text.
    fn index_mentions(&mut self, found: &[NameMention<'a>]) {
        // (a person's name mentions have distinct starts, one per name found: any sort gives
        // one order, and the pronouns and descriptions come after them)
        for e in &mut self.entities {
            e.mentions.sort_unstable_by_key(|m| m.span.start);
            e.names = e.mentions.len();
        }
        let mut counts = vec![0usize; self.entities.len()];
        let mut top: Option<(usize, usize)> = None; // (count, entity)
        for (i, m) in found.iter().enumerate() {
            let Some(e) = self.of_name[i] else { continue };
            if !self.entities[e].person || self.entities[e].lone {
                continue;
            }
            counts[e] += 1;
            self.named_order.push((m.span.start, m.sentence, e));
            if top.is_none_or(|(c, _)| counts[e] > c) {
                top = Some((counts[e], e));
            }
            if let Some((c, t)) = top {
                self.main_so_far.push((m.span.start + 1, t, c));
            }
        }
    }

    fn finish(self, speakers: Vec<Option<SpeakerRef>>) -> Resolved {
        let body = self.body;
        let mut order: Vec<usize> = (0..self.entities.len()).filter(|&e| self.entities[e].person).collect();
        order.sort_by_key(|&e| self.entities[e].mentions.iter().map(|m| m.span.start).min().unwrap_or(usize::MAX));
        let mut index = vec![None; self.entities.len()];
        for (k, &e) in order.iter().enumerate() {
            index[e] = Some(k);
        }
        // (the entities are taken, not copied: the state ends here)
        let mut entities = self.entities;
        // (one set of the lowercase aliases, emptied for each person: its table is made once)
        let mut seen: FastSet<String> = FastSet::default();
        let persons: Vec<PersonEntity> = order
            .iter()
            .map(|&e| {
                let ent = &mut entities[e];
                let name = tidy_name(ent.best.of(body));
                let mut mentions = std::mem::take(&mut ent.mentions);
                mentions.sort_by_key(|m| (m.span.start, m.span.end));
                mentions.dedup_by_key(|m| m.span);
                let mut aliases: Vec<String> = Vec::new();
                seen.clear();
                seen.insert(lowered(&name));
                // a tidy ASCII mention (most) is lowercased into one buffer and copied only
                // when it is a new alias
                let mut lower = String::new();
                // (a mention written as the name, or as the mention before it, is seen already:
                // told by its bytes, not lowercased and looked up again)
                let best = ent.best.of(body);
                let mut last: Option<&str> = None;
                for m in &mentions {
                    if m.kind != MentionKind::Name {
                        continue;
                    }
                    let raw = m.span.of(body);
                    if raw == best || last == Some(raw) {
                        continue;
                    }
                    last = Some(raw);
                    if is_tidy_ascii(raw) {
                        lower.clear();
                        push_lower(raw, &mut lower);
                        if !seen.contains(lower.as_str()) {
                            seen.insert(lower.clone());
                            aliases.push(raw.to_owned());
                        }
                        continue;
                    }
                    let a = tidy_name(raw);
                    if seen.insert(a.to_lowercase()) {
                        aliases.push(a);
                    }
                }
                PersonEntity { name, aliases, titles: std::mem::take(&mut ent.titles), mentions }
            })
            .collect();
        let speakers = speakers
            .into_iter()
            .map(|s| {
                s.and_then(|mut s| match s.person {
                    Some(e) => {
                        let k = index.get(e).copied().flatten()?;
                        s.person = Some(k);
                        s.name = persons[k].name.clone();
                        Some(s)
                    }
                    None => {
                        s.members = s.members.iter().filter_map(|&e| index.get(e).copied().flatten()).collect();
                        Some(s)
                    }
                })
            })
            .collect();
        Resolved { persons, speakers }
    }
}

/// The names that head a speaker mention (put in `heads`, cleared first): the first name inside (or overlapping) it that is
/// not a modifier, with the names joined to it by "and". A possessive ("Hillary Clinton's
/// campaign manager Robby Mook"), a name followed by a common noun ("Clinton spokesman Nick
/// Merrill", "Several experts"), a name after a preposition ("a spokeswoman for Hillary
/// Clinton") or a non-person name before a person ("Latvian journalist Dainis Ivans") is a modifier.
#[allow(clippy::too_many_arguments)]
fn head_names(
    lex: &NameLexicon,
    salience: &Salience,
    body: &str,
    found: &[NameMention],
    toks: &names::Tokens,
    ms: Span,
    is_person: impl Fn(usize) -> bool,
    heads: &mut Vec<usize>,
) {
    heads.clear();
    let lo = found.partition_point(|m| m.span.end <= ms.start);
    // (the names inside, read as often as needed rather than collected: a mention holds few)
    let inside = || {
        (lo..found.len())
            .take_while(|&i| found[i].span.start < ms.end)
            .filter(|&i| found[i].span.overlaps(&ms))
    };
    let word_at = |k: usize| toks.get(k).filter(|t| t.is_word() && ms.contains(&t.span));
    for (n, i) in inside().enumerate() {
        let m = &found[i];
        let later_person = inside().skip(n + 1).any(|j| found[j].class != NameClass::NonPerson);
        let last_tok = m.end_token;
        let next = word_at(last_tok);
        if m.possessive && (later_person || next.is_some()) {
            continue; // "Obama's former campaign strategist"
        }
        let next_lower = next.is_some_and(|t| t.span.of(body).chars().next().is_some_and(char::is_lowercase));
        let next_word = next.map(|t| toks.word_of(t));
        let next_noun = next_word.is_some_and(|w| {
            lex.is_role(w)
                || lex.is_group(w)
                || ((later_person || !is_person(i)) && lex.classes(w) & class::FUNCTION == 0)
        });
        if next_lower && next_noun {
            continue; // "Clinton spokesman …", "Several experts", "Officials at …"
        }
        if m.first_token > 0 {
            if let Some(prev) = word_at(m.first_token - 1) {
                let p = toks.word_of(prev);
                if salience.is(p, salience::MODIFIER) {
                    continue;
                }
            }
        }
        if m.class == NameClass::NonPerson && later_person {
            continue;
        }
        heads.push(i);
        // further names joined by "and" or commas: "Mr. Grassley and Mr. Leahy"
        let mut k = last_tok;
        for j in inside().skip(n + 1) {
            let between = || {
                (k..found[j].first_token)
                    .filter(|&x| toks.get(x).is_some_and(|t| ms.contains(&t.span)))
                    .map(|x| toks.word(x))
            };
            let joined = between().any(|w| w == "and") && between().all(|w| w == "and" || w == "," || lexish_title(w));
            if !joined {
                break;
            }
            heads.push(j);
            k = found[j].end_token;
        }
        break;
    }
}

/// What the position of a lone capitalised word says it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Person,
    /// A place or a thing ("in Ferguson", "the Pentagon", "the firm Edelman").
    Thing,
    Unknown,
}

/// A hyphenated word whose parts are each a capitalised word in no word list (or a leading
/// particle: "al-Rashid"): a double surname.
fn raw_parts_named(lex: &NameLexicon, raw: &str) -> bool {
    // (the parts read twice rather than collected, and folded in one buffer)
    let parts = || raw.split(['-', '‐']);
    let mut f = String::new();
    parts().nth(1).is_some()
        && parts().enumerate().all(|(k, p)| {
            f.clear();
            names::fold_into(p, &mut f);
            let capital = p.chars().next().is_some_and(char::is_uppercase);
            (capital && !f.is_empty() && lex.classes(&f) == 0 && !lex.is_common_word(&f)) || k == 0 && names::is_particle(&f)
        })
}

/// A word shaped like a surname: three letters or more, no digits or dots, and one capital
/// (two after a prefix: "McConnell", "DeLay", "O'Rourke"), so not "D", "PACs" or "Mic.com".
fn name_shaped(raw: &str) -> bool {
    let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
    let one_capital = |part: &str| {
        let caps = part.chars().filter(|c| c.is_uppercase()).count();
        let prefixed = [
            "Mc", "Mac", "O'", "O’", "De", "Di", "Da", "La", "Le", "Van", "Von",
        ]
        .iter()
        .any(|p| part.starts_with(p));
        caps <= 1 || caps == 2 && prefixed
    };
    let capitals = raw.chars().filter(|c| c.is_uppercase()).count();
    letters >= 3
        && capitals >= 1
        && !raw.chars().any(|c| c.is_ascii_digit() || c == '.')
        && raw
            .split(|c: char| c == '-' || c == '‐' || c.is_whitespace())
            .all(one_capital)
}

/// Honorifics that may stand between joined names ("Mr. Grassley and Mr. Leahy").
fn lexish_title(w: &str) -> bool {
    matches!(w, "mr" | "mrs" | "ms" | "dr" | "sen" | "sens" | "rep" | "reps" | "gov")
}

/// The tokens inside `ms`, found by binary search.
fn within(toks: &[Token], ms: Span) -> &[Token] {
    let lo = toks.partition_point(|t| t.span.start < ms.start);
    let hi = toks.partition_point(|t| t.span.start < ms.end);
    let hi = if hi > lo && toks[hi - 1].span.end > ms.end { hi - 1 } else { hi };
    &toks[lo..hi.max(lo)]
}

/// Words of one stem for description matching ("Democrat", "Democratic").
fn same_stem(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 6 && stem(a) == stem(b))
}

/// The first eight bytes (or fewer, on a char boundary) of a word.
fn stem(w: &str) -> &str {
    let mut n = w.len().min(8);
    while !w.is_char_boundary(n) {
        n -= 1;
    }
    &w[..n]
}

fn strip_determiner(text: &str) -> String {
    let t = text.trim().trim_matches(|c: char| c == ',' || c.is_whitespace());
    for d in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(r) = t.strip_prefix(d) {
            return r.trim().to_owned();
        }
    }
    t.to_owned()
}

/// A name as written, with inner whitespace made single.
fn tidy_name(s: &str) -> String {
    // (already tidy, the common case: copied as it is)
    if is_tidy_ascii(s) {
        return s.to_owned();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` is ASCII and [`tidy_name`] would give it back unchanged (no space at either end, no
/// other whitespace, no double space).
fn is_tidy_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    // (one pass over the bytes, a space before the first counted as read: a space after a
    // space, or first, or last is untidy; a name is a few bytes, too few for a search to pay)
    let mut prev = b' ';
    for &c in b {
        if c >= 0x80 || matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') || c == b' ' && prev == b' ' {
            return false;
        }
        prev = c;
    }
    b.is_empty() || prev != b' '
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_events_are_the_sorted_events() {
        let words = vec![(3, Event::Pronoun(0)), (7, Event::Nominal(1, 2)), (9, Event::Pronoun(3)), (12, Event::Pronoun(4))];
        let quotes = vec![(0, Event::Quote(4)), (7, Event::Quote(0)), (7, Event::Quote(2)), (10, Event::Quote(1)), (30, Event::Quote(3))];
        let mut all: Vec<(usize, Event)> = words.iter().chain(quotes.iter()).cloned().collect();
        all.sort_by_key(|e| (e.0, !matches!(e.1, Event::Quote(_))));
        let got = merge_events(words, quotes);
        assert_eq!(format!("{got:?}"), format!("{all:?}"));
        assert!(merge_events(Vec::new(), Vec::new()).is_empty());
    }
    use crate::analysis::QuoteKind;

    fn lang() -> Language {
        Language { tag: "en".into(), speakers_supported: true, detected: false }
    }

    /// A quote spanning `quote` with speaker mention `speaker` (both found by text).
    fn q(body: &str, quote: &str, speaker: &str, carryover: bool) -> QuoteCandidate {
        let qs = body.find(quote).expect("quote in body");
        let ss = body[qs..].find(speaker).map(|k| k + qs).or_else(|| body.find(speaker)).expect("speaker");
        QuoteCandidate {
            span: Span::new(qs, qs + quote.len()),
            kind: if quote.starts_with('“') || quote.starts_with('"') { QuoteKind::Direct } else { QuoteKind::Indirect },
            cue: None,
            speaker: Some(Span::new(ss, ss + speaker.len())),
            carryover,
        }
    }

    fn run(body: &str, quotes: &[QuoteCandidate]) -> (Vec<String>, Vec<Option<(String, Resolution)>>) {
        let rules = PeopleRules::new();
        let doc = Document::new(body);
        let r = rules.resolve(&doc, quotes, &lang());
        let people = r.persons.iter().map(|p| p.name.clone()).collect();
        let speakers = r.speakers.iter().map(|s| s.as_ref().map(|s| (s.name.clone(), s.resolution))).collect();
        (people, speakers)
    }

    #[test]
    fn titled_given_name_and_month_is_a_person() {
        let body = "Prime Minister Theresa May said the talks would go on. Voters met on Monday.";
        let (people, speakers) = run(body, &[q(body, "the talks would go on", "Prime Minister Theresa May", false)]);
        assert_eq!(people, vec!["Theresa May"]);
        assert_eq!(speakers, vec![Some(("Theresa May".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn doubled_letter_spellings_are_one_person() {
        let body = "Tamsin McClenney runs the shelter. McLenney said it was full.";
        let (people, speakers) = run(body, &[q(body, "it was full", "McLenney", false)]);
        assert_eq!(people, vec!["Tamsin McClenney"]);
        assert_eq!(speakers, vec![Some(("Tamsin McClenney".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn name_variants_merge_into_the_fullest_name() {
        let body = "Sergey Lebedev arrived. Mr. Lebedev spoke to Sergei Lebedev's staff. Lebedev left.";
        let rules = PeopleRules::new();
        let doc = Document::new(body);
        let r = rules.resolve(&doc, &[], &lang());
        assert_eq!(r.persons.len(), 1);
        assert_eq!(r.persons[0].name, "Sergey Lebedev");
        assert_eq!(r.persons[0].aliases, vec!["Lebedev".to_owned(), "Sergei Lebedev".to_owned()]);
        assert_eq!(r.persons[0].mentions.len(), 4);
    }

    #[test]
    fn diacritics_and_surname_first_mentions_merge() {
        let body = "Castaneda was late. Jorge Castañeda said he was sorry.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Jorge Castañeda".to_owned()]);
    }

    #[test]
    fn explicit_speaker_is_the_named_person() {
        let body = "“We won,” said Anna Berg. Berg later left.";
        let (people, speakers) = run(body, &[q(body, "“We won,”", "Anna Berg", false)]);
        assert_eq!(people, vec!["Anna Berg".to_owned()]);
        assert_eq!(speakers, vec![Some(("Anna Berg".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn pronoun_speaker_agrees_in_gender() {
        let body = "Mary Holt met John Pike on Monday. “It went well,” she said.";
        let (_, speakers) = run(body, &[q(body, "“It went well,”", "she", false)]);
        assert_eq!(speakers, vec![Some(("Mary Holt".to_owned(), Resolution::Pronoun))]);
        let body = "Mary Holt met John Pike on Monday. “It went well,” he said.";
        let (_, speakers) = run(body, &[q(body, "“It went well,”", "he", false)]);
        assert_eq!(speakers, vec![Some(("John Pike".to_owned(), Resolution::Pronoun))]);
    }

    #[test]
    fn a_name_in_what_is_said_is_not_the_pronoun_speaker() {
        let body = "Tom Ash spoke at noon. People like John Pike deserve better, he said.";
        let (_, speakers) = run(body, &[q(body, "People like John Pike deserve better", "he", false)]);
        assert_eq!(speakers, vec![Some(("Tom Ash".to_owned(), Resolution::Pronoun))]);
    }

    #[test]
    fn honorific_surnames_merge_when_no_full_name_agrees() {
        let body = "Mrs. Ada Holt spoke first. Mr. Holt spoke next. Later Mr. Holt left, and Mrs. Holt stayed.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Ada Holt".to_owned(), "Holt".to_owned()]);
        let body = "Zorvane Holt, an economist, spoke first. Ms. Holt said prices would fall.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Zorvane Holt".to_owned()]);
    }

    #[test]
    fn an_indefinite_description_is_the_person_the_next_sentence_introduces() {
        let body = "A spokeswoman for the mayor says the bridge will reopen. Ana Ruiz told reporters crews work at night.";
        let (_, speakers) = run(body, &[q(body, "the bridge will reopen", "A spokeswoman for the mayor", false)]);
        assert_eq!(speakers, vec![Some(("Ana Ruiz".to_owned(), Resolution::Nominal))]);
        // not a person named before, nor one of the other gender
        let body = "Ana Ruiz spoke first. A spokesman for the mayor says the bridge will reopen. Ana Ruiz left.";
        let (_, speakers) = run(body, &[q(body, "the bridge will reopen", "A spokesman for the mayor", false)]);
        assert_ne!(speakers[0].as_ref().map(|s| s.0.as_str()), Some("Ana Ruiz"));
    }

    #[test]
    fn first_person_and_groups_are_not_people() {
        let body = "“We are ready,” officials said. “I agree,” the ministry said.";
        let (people, speakers) = run(
            body,
            &[q(body, "“We are ready,”", "officials", false), q(body, "“I agree,”", "the ministry", false)],
        );
        assert!(people.is_empty());
        assert_eq!(
            speakers,
            vec![
                Some(("officials".to_owned(), Resolution::Nominal)),
                Some(("ministry".to_owned(), Resolution::Nominal))
            ]
        );
    }

    #[test]
    fn days_and_months_are_never_speakers() {
        let body = "“The market will recover soon enough,” Thursday said.";
        let (people, speakers) = run(body, &[q(body, "“The market will recover soon enough,”", "Thursday", false)]);
        assert!(people.is_empty());
        assert_eq!(speakers, vec![None]);
    }

    #[test]
    fn pronouns_and_days_name_no_one() {
        let rules = PeopleRules::new();
        for w in ["she", "They", "I", "which", "Thursday", "last September"] {
            assert!(rules.names_no_one(w), "{w}");
        }
        for w in ["officials", "the ministry", "Lebedev", "some"] {
            assert!(!rules.names_no_one(w), "{w}");
        }
    }

    #[test]
    fn speaking_pronoun_reaches_back_past_the_window() {
        let mut body = String::from("Mrs. Ilse Varga opened the bakery. ");
        for _ in 0..14 {
            body.push_str("The oven was old. ");
        }
        body.push_str("“We bake at four,” she said. “Nobody came,” he said.");
        let (people, speakers) = run(
            &body,
            &[q(&body, "“We bake at four,”", "she", false), q(&body, "“Nobody came,”", "he", false)],
        );
        assert_eq!(people, vec!["Ilse Varga"]);
        assert_eq!(speakers, vec![Some(("Ilse Varga".to_owned(), Resolution::Pronoun)), None]);
    }

    #[test]
    fn title_mention_resolves_to_the_titled_person() {
        let body = "Finance Minister Ada Lund met Tom Berg. “Rates will fall,” the minister said.";
        let (_, speakers) = run(body, &[q(body, "“Rates will fall,”", "the minister", false)]);
        assert_eq!(speakers, vec![Some(("Ada Lund".to_owned(), Resolution::Nominal))]);
    }

    #[test]
    fn feminine_description_reaches_the_woman_it_described() {
        // "spokeswoman" takes the common form "spokesman"; its gender is read before that
        let body = "Ada Lund, a spokeswoman for the mayor, spoke. “We will look,” the spokeswoman said.";
        let (_, speakers) = run(body, &[q(body, "“We will look,”", "the spokeswoman", false)]);
        assert_eq!(speakers, vec![Some(("Ada Lund".to_owned(), Resolution::Nominal))]);
    }

    #[test]
    fn carryover_continues_the_previous_speaker() {
        let body = "“One,” Tom Berg said.\n\n“Two.”";
        let mut second = q(body, "“Two.”", "Tom Berg", true);
        second.carryover = true;
        let (_, speakers) = run(body, &[q(body, "“One,”", "Tom Berg", false), second]);
        assert_eq!(speakers[1], Some(("Tom Berg".to_owned(), Resolution::Carryover)));
    }

    #[test]
    fn possessive_name_is_not_the_speaker() {
        let body = "“No,” said Hillary Clinton’s campaign manager Robby Mook.";
        let (_, speakers) = run(body, &[q(body, "“No,”", "Hillary Clinton’s campaign manager Robby Mook", false)]);
        assert_eq!(speakers, vec![Some(("Robby Mook".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn publications_after_told_are_not_people() {
        let body = "The vote was fair, Sergey Lebedev told Vestnik Kavkaza on Friday.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Sergey Lebedev".to_owned()]);
    }

    #[test]
    fn body_pronouns_become_mentions() {
        let body = "Ada Lund won. She thanked her staff.";
        let rules = PeopleRules::new();
        let doc = Document::new(body);
        let r = rules.resolve(&doc, &[], &lang());
        let kinds: Vec<(&str, MentionKind)> = r.persons[0].mentions.iter().map(|m| (m.span.of(body), m.kind)).collect();
        assert_eq!(kinds, vec![("Ada Lund", MentionKind::Name), ("She", MentionKind::Pronoun), ("her", MentionKind::Pronoun)]);
    }

    #[test]
    fn joined_names_make_a_group_source() {
        let body = "“It must end,” Mr. Grassley and Mr. Leahy wrote. Charles Grassley and Patrick Leahy lead it.";
        let (_, speakers) = run(body, &[q(body, "“It must end,”", "Mr. Grassley and Mr. Leahy", false)]);
        assert_eq!(speakers, vec![Some(("Charles Grassley and Patrick Leahy".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn each_joined_name_is_a_source_and_they_keeps_them() {
        let body = "Charles Grassley and Patrick Leahy met. “It must end,” Mr. Grassley and Mr. Leahy wrote. \
                    “Now,” they said.";
        let rules = PeopleRules::new();
        let doc = Document::new(body);
        let quotes = [
            q(body, "“It must end,”", "Mr. Grassley and Mr. Leahy", false),
            q(body, "“Now,”", "they", false),
        ];
        let r = rules.resolve(&doc, &quotes, &lang());
        let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Charles Grassley", "Patrick Leahy"]);
        let members: Vec<Vec<usize>> = r.speakers.iter().map(|s| s.as_ref().map(|s| s.members.clone()).unwrap_or_default()).collect();
        assert_eq!(members, vec![vec![0, 1], vec![0, 1]]);
    }

    #[test]
    fn relative_who_is_the_name_before_it() {
        let body = "Jane Roe, who chairs the panel, said the vote was fair.";
        let (_, speakers) = run(body, &[q(body, "the vote was fair", "who", false)]);
        assert_eq!(speakers, vec![Some(("Jane Roe".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn truncated_mention_looks_right_for_the_name() {
        let body = "“Never,” said Democratic presidential nominee Hillary Clinton.";
        let (_, speakers) = run(body, &[q(body, "“Never,”", "Democratic", false)]);
        assert_eq!(speakers, vec![Some(("Hillary Clinton".to_owned(), Resolution::Explicit))]);
    }

    #[test]
    fn office_nobody_holds_goes_to_the_main_person() {
        let body = "Donald Trump spoke in Ohio. Trump attacked Tim Kaine. “We will win,” the Republican nominee said.";
        let (_, speakers) = run(body, &[q(body, "“We will win,”", "the Republican nominee", false)]);
        assert_eq!(speakers, vec![Some(("Donald Trump".to_owned(), Resolution::Nominal))]);
    }

    #[test]
    fn vice_president_is_not_the_president() {
        let body = "President Tom Hale met Vice President Sam Ito. “No,” the president said.";
        let (_, speakers) = run(body, &[q(body, "“No,”", "the president", false)]);
        assert_eq!(speakers, vec![Some(("Tom Hale".to_owned(), Resolution::Nominal))]);
    }

    #[test]
    fn relatives_with_unknown_given_names_are_people() {
        let body = "Keith Lamont Scott died. Rakeyia Scott can be heard. “Don't,” she says.";
        let (people, speakers) = run(body, &[q(body, "“Don't,”", "she", false)]);
        assert_eq!(people, vec!["Keith Lamont Scott".to_owned(), "Rakeyia Scott".to_owned()]);
        assert_eq!(speakers, vec![Some(("Rakeyia Scott".to_owned(), Resolution::Pronoun))]);
    }

    #[test]
    fn sentence_initial_plurals_are_groups() {
        let body = "Experts said the plan came too late.\n\nLawmakers disagreed.";
        let (people, speakers) = run(body, &[q(body, "the plan came too late", "Experts", false)]);
        assert!(people.is_empty(), "{people:?}");
        assert_eq!(speakers, vec![Some(("Experts".to_owned(), Resolution::Nominal))]);
    }

    #[test]
    fn lone_surnames_used_as_subjects_are_people() {
        let body = "Yet Evans believes the deal will hold, and Gianforte accepted. The Chelsea piers were busy.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Evans".to_owned(), "Gianforte".to_owned()]);
    }

    #[test]
    fn lone_surnames_in_name_positions_are_people() {
        let body = "Yet Delacroix will decide soon. Voters met the Brannigan administration with doubt. \
                    The council told Oyelaran that the Bexley depot would close.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Delacroix".to_owned(), "Brannigan".to_owned(), "Oyelaran".to_owned()]);
        let body = "Pettigrews told the panel it was over. Reports said so. Having said that, Kowalczyk wore a hat. \
                    Torture went on. Voters gave Amundsen credit.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Pettigrews".to_owned(), "Kowalczyk".to_owned(), "Amundsen".to_owned()]);
    }

    #[test]
    fn lone_surnames_inside_a_sentence_are_people() {
        // objects of prepositions and verbs, coordinations: the capital is the name's own
        let body = "The vote was a win for Okafor in the end. Critics sided with Brzezicki, not the board. \
                    It seemed that Thistlewood would stay, and voters chose between Harrow and Quillon.";
        let (people, _) = run(body, &[]);
        assert_eq!(
            people,
            vec!["Okafor", "Brzezicki", "Thistlewood", "Quillon"]
        );
    }

    #[test]
    fn places_and_things_after_prepositions_are_not_people() {
        let body = "The rally in Wexbridge drew crowds. Staff at the Ostrander depot left. \
                    She posted it on Twitter, and a letter went to Twitter too. Voters in Orlando and Quimby met.";
        let (people, _) = run(body, &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn common_words_need_a_name_position() {
        // a common English word as a surname: after a lowercase word and before an end or a
        // function word, yes; before a noun or after a comma, no
        let body = "Many voters still trust Walker. Some donors prefer Walker supporters. In short, Hope the dog barked.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Walker"]);
    }

    #[test]
    fn an_adverb_may_stand_between_a_lone_surname_and_its_verb() {
        let (people, _) = run("Okonjo famously converted to the faith.", &[]);
        assert_eq!(people, vec!["Okonjo".to_owned()]);
        let (people, _) = run("Okonjo came into office with one goal.", &[]);
        assert_eq!(people, vec!["Okonjo".to_owned()]);
        let (people, _) = run("Rain came into the valley.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn an_age_in_commas_makes_a_lone_word_a_person() {
        let (people, _) = run("Pell, 77, was convicted in December. Okafor, 45, of Leeds, disagreed.", &[]);
        assert_eq!(people, vec!["Pell".to_owned(), "Okafor".to_owned()]);
        // a year in commas is no age
        let (people, _) = run("The vote in Bexley, 1999, was close.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_singular_verb_keeps_a_sentence_initial_s_as_a_name() {
        let (people, _) = run("Rhines was convicted in March. Quarrells has denied it.", &[]);
        assert_eq!(people, vec!["Rhines".to_owned(), "Quarrells".to_owned()]);
        // a plural verb, or a common word, leave a sentence-initial -s word a plural
        let (people, _) = run("Deliveries were delayed. Politics was blamed. News has spread.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_common_word_opening_a_sentence_is_a_name_before_a_verb_said_of_people() {
        let (people, _) = run("Walker vows to fight on. Baker selects a new deputy.", &[]);
        assert_eq!(people, vec!["Walker".to_owned(), "Baker".to_owned()]);
        let (people, _) = run("Rain falls on the hills.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_pronoun_goes_to_the_only_person_known_by_a_lone_word() {
        let pronouns = |body: &str| -> Vec<(String, usize)> {
            let r = PeopleRules::new().resolve(&Document::new(body), &[], &lang());
            r.persons
                .iter()
                .map(|p| (p.name.clone(), p.mentions.iter().filter(|m| m.kind == MentionKind::Pronoun).count()))
                .collect()
        };
        assert_eq!(pronouns("Okafor resigned after reports of his conduct."), vec![("Okafor".to_owned(), 1)]);
        // two people at hand: the pronoun is left unresolved
        assert_eq!(
            pronouns("Okafor met Brzezicki in May, and voters praised his plan."),
            vec![("Okafor".to_owned(), 0), ("Brzezicki".to_owned(), 0)]
        );
        // too far back: two sentences before
        assert_eq!(pronouns("Okafor resigned. The board met. It praised his work."), vec![("Okafor".to_owned(), 0)]);
    }

    #[test]
    fn a_relative_who_or_a_present_verb_makes_a_lone_word_a_person() {
        let (people, _) = run("Quillon, who ran twice, is back. Okonjo holds a lead. Brzezicki also leads by four.", &[]);
        assert_eq!(people, vec!["Quillon".to_owned(), "Okonjo".to_owned(), "Brzezicki".to_owned()]);
        // a plural noun after the word, or a common word opening the sentence, is not enough
        let (people, _) = run("Zorvex shares fell sharply. Market holds the key. Zorvex-backed groups in the city met.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn an_organisation_word_that_is_a_surname_ends_a_name_after_a_given_name() {
        let (people, _) = run("Marc Lamont Hill left the network. Samantha Power spoke at Capitol Hill.", &[]);
        assert_eq!(people, vec!["Marc Lamont Hill".to_owned(), "Samantha Power".to_owned()]);
        let (people, _) = run("Staff at Notting Hill and the Energy Power plant met.", &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_day_may_stand_between_a_lone_surname_and_its_verb() {
        let (people, _) = run("Okonjo on Sunday lashed out at the press. Voters later Friday cheered.", &[]);
        assert_eq!(people, vec!["Okonjo".to_owned()]);
    }

    #[test]
    fn a_hometown_after_a_name_is_no_person() {
        let (people, _) = run("Ann Berg, of Eugene, said the count was fair.", &[]);
        assert_eq!(people, vec!["Ann Berg".to_owned()]);
    }

    #[test]
    fn sentence_initial_surnames_need_a_verb() {
        let body = "Varoufakis has spent years on it. Quarterly figures were poor. Nordquist: the plan fails. \
                    Mostly nothing happened. Abernathy, though, stayed.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Varoufakis", "Nordquist", "Abernathy"]);
        // a common word, or a word after an opening quote mark, with no verb is not enough
        let body = "He said: “Superdelegates? Never.” Reports were wrong. “Lordy, what a day.”";
        let (people, _) = run(body, &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_hyphened_particle_keeps_the_surname_with_its_person() {
        // "al-Assad" is part of the full name, and the lone "Assad" is the same person
        let body = "Syrian President Bashar al-Assad spoke on Monday. Later, Assad said the war was over. \
                    Abdel Fattah el-Sisi met him. Al-Qaeda said it was behind the attack.";
        let (people, speakers) = run(body, &[q(body, "the war was over", "Assad", false)]);
        assert_eq!(people, vec!["Bashar al-Assad", "Abdel Fattah el-Sisi"]);
        assert_eq!(speakers, vec![Some(("Bashar al-Assad".to_string(), Resolution::Explicit))]);
    }

    #[test]
    fn double_surnames_with_a_hyphen_are_people() {
        let body =
            "The officer pulled over Lawson-Okafor for speeding. The move was Trump-induced.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Lawson-Okafor"]);
    }

    #[test]
    fn unexplained_runs_in_name_positions_are_people() {
        let body = "In May, the party endorsed Wasserbach Schulte, whose term ends soon. \
                    Police issued a warrant for Eike Okonkwo on Friday. Staff flew to Mbeya Kilosa. \
                    A Tanzania-based group hired Nobel Prize-winning staff.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Wasserbach Schulte", "Eike Okonkwo"]);
    }

    #[test]
    fn handles_tags_and_plurals_are_not_people() {
        let body = "Follow him on Twitter @Ravensworth today. Gov. Ann Ray (D) and super PACs spent money on Nevadans and Iowans \
                    at Procter & Gamble.";
        let (people, _) = run(body, &[]);
        assert_eq!(people, vec!["Ann Ray"]);
    }

    #[test]
    fn body_descriptions_become_nominal_mentions() {
        let body = "President Tom Hale flew home. The president was tired. He slept.";
        let rules = PeopleRules::new();
        let doc = Document::new(body);
        let r = rules.resolve(&doc, &[], &lang());
        let kinds: Vec<(&str, MentionKind)> = r.persons[0].mentions.iter().map(|m| (m.span.of(body), m.kind)).collect();
        assert_eq!(
            kinds,
            vec![("Tom Hale", MentionKind::Name), ("The president", MentionKind::Nominal), ("He", MentionKind::Pronoun)]
        );
    }

    #[test]
    fn they_is_the_group_that_spoke_last() {
        let body = "Democrats said the bill was dead. “It cannot pass,” they said.";
        let (_, speakers) = run(
            body,
            &[q(body, "the bill was dead", "Democrats", false), q(body, "“It cannot pass,”", "they", false)],
        );
        assert_eq!(speakers[1], Some(("Democrats".to_owned(), Resolution::Pronoun)));
    }

    fn with_cue(mut c: QuoteCandidate, body: &str, cue: &str) -> QuoteCandidate {
        let k = body[c.span.end..]
            .find(cue)
            .map(|k| k + c.span.end)
            .expect("cue");
        c.cue = Some(Span::new(k, k + cue.len()));
        c
    }

    #[test]
    fn a_name_before_a_verb_is_the_subject() {
        // "Okafor hired" is a subject and a verb, not "Okafor" modifying a noun
        let body = "Ben Okafor hired Tom Reyes in May. “We are ready,” he said.";
        let (_, speakers) = run(body, &[q(body, "“We are ready,”", "he", false)]);
        assert_eq!(
            speakers,
            vec![Some(("Ben Okafor".to_owned(), Resolution::Pronoun))]
        );
        // while a name before a role word still only modifies it
        let lex = NameLexicon::new();
        assert!(modifies_as_noun(lex.info("spokesman"), "spokesman"));
        assert!(!modifies_as_noun(lex.info("hired"), "hired"));
        assert!(!modifies_as_noun(lex.info("says"), "says"));
    }

    #[test]
    fn a_name_in_a_subordinate_clause_is_not_the_subject() {
        let body = "When Ann Ruiz called, Maria Lopez answered at once. “I was busy,” she said.";
        let (_, speakers) = run(body, &[q(body, "“I was busy,”", "she", false)]);
        assert_eq!(
            speakers,
            vec![Some(("Maria Lopez".to_owned(), Resolution::Pronoun))]
        );
    }

    #[test]
    fn an_added_quote_continues_the_last_speaker() {
        let body =
            "“We won,” Ann Ruiz said. Maria Lopez left the room. “It is not over,” she added.";
        let quotes = [
            q(body, "“We won,”", "Ann Ruiz", false),
            with_cue(q(body, "“It is not over,”", "she", false), body, "added"),
        ];
        let (_, speakers) = run(body, &quotes);
        assert_eq!(
            speakers[1],
            Some(("Ann Ruiz".to_owned(), Resolution::Pronoun))
        );
        // without a continuing cue the subject nearby wins
        let body = body.replace("added", "said");
        let quotes = [
            q(&body, "“We won,”", "Ann Ruiz", false),
            with_cue(q(&body, "“It is not over,”", "she", false), &body, "said"),
        ];
        let (_, speakers) = run(&body, &quotes);
        assert_eq!(
            speakers[1],
            Some(("Maria Lopez".to_owned(), Resolution::Pronoun))
        );
    }

    #[test]
    fn an_organisation_speaking_ends_the_last_speaker() {
        let body = "“We won,” John Pike said. “It is over,” the ministry said. Tom Reyes sat down. “Fine,” he added.";
        let quotes = [
            q(body, "“We won,”", "John Pike", false),
            q(body, "“It is over,”", "the ministry", false),
            with_cue(q(body, "“Fine,”", "he", false), body, "added"),
        ];
        let (_, speakers) = run(body, &quotes);
        assert_eq!(
            speakers[2],
            Some(("Tom Reyes".to_owned(), Resolution::Pronoun))
        );
    }

    #[test]
    fn who_after_a_plural_noun_is_the_group() {
        let body = "John Pike spoke to voters who said the race was over.";
        let (_, speakers) = run(body, &[q(body, "the race was over", "who", false)]);
        assert_eq!(
            speakers,
            vec![Some(("voters".to_owned(), Resolution::Nominal))]
        );
        let body = "John Pike, who said the race was over, left.";
        let (_, speakers) = run(body, &[q(body, "the race was over", "who", false)]);
        assert_eq!(
            speakers,
            vec![Some(("John Pike".to_owned(), Resolution::Explicit))]
        );
    }

    #[test]
    fn a_name_after_a_preposition_is_a_weak_referent() {
        let body = "“We won,” Ben Okafor said. The crowd cheered for Tom Reyes. “We are ready,” he said.";
        let (_, speakers) = run(body, &[q(body, "“We won,”", "Ben Okafor", false), q(body, "“We are ready,”", "he", false)]);
        assert_eq!(speakers[1], Some(("Ben Okafor".to_owned(), Resolution::Pronoun)));
        // a fronted "For Reyes, …" is the topic, not an object
        let body = "Ben Okafor spoke for an hour. For Tom Reyes, the day was long. “We are ready,” he said.";
        let (_, speakers) = run(body, &[q(body, "“We are ready,”", "he", false)]);
        assert_eq!(speakers, vec![Some(("Tom Reyes".to_owned(), Resolution::Pronoun))]);
    }

    #[test]
    fn tidy_ascii_names_are_their_own_tidy_name() {
        for n in ["Ann Kerr", " Ann Kerr", "Ann  Kerr", "Ann\nKerr", "Ann Kerr ", "Ánn Kerr", "", "O'Neil"] {
            assert_eq!(is_tidy_ascii(n), n.is_ascii() && tidy_name(n) == n, "{n:?}");
            if is_tidy_ascii(n) {
                assert_eq!(n.to_ascii_lowercase(), n.to_lowercase());
            }
        }
    }

    #[test]
    fn sentences_in_place_or_in_a_set_answer_as_a_set() {
        let mut few = Sentences::default();
        let mut set = BTreeSet::new();
        for (k, s) in [5usize, 3, 5, 9, 0, 12, 3, 7, 30, 31, 8, 2, 100].into_iter().enumerate() {
            few.insert(s);
            set.insert(s);
            for from in 0..40 {
                for to in from..from + 3 {
                    assert_eq!(few.any_in(from, to), set.range(from..=to).next().is_some(), "{k} {from} {to}");
                }
            }
        }
        assert!(matches!(few, Sentences::Many(_)));
    }

    #[test]
    fn titles_are_the_same_in_lowercase_as_their_lowercase_forms_are() {
        for (a, b) in [("CEO", "ceo"), ("Senator", "senator "), ("Ünal", "üNAL"), ("K", "\u{212a}"), ("x", "y"), ("", "")] {
            let mut la = String::new();
            let mut lb = String::new();
            push_lower(a, &mut la);
            push_lower(b, &mut lb);
            assert_eq!(la, a.to_lowercase());
            assert_eq!(same_lower(a, b), la == lb, "{a} {b}");
        }
    }

    #[test]
    fn tidy_names_have_single_spaces() {
        for n in ["Ann Kerr", " Ann  Kerr ", "Ann\nKerr", "Ann\u{a0}Kerr", "", " ", "Castañeda", "Ann\tB.  Kerr"] {
            assert_eq!(tidy_name(n), n.split_whitespace().collect::<Vec<_>>().join(" "), "{n:?}");
        }
    }

    #[test]
    fn subordinate_clauses_run_to_the_comma() {
        let body = "When Ann called, Tom left.";
        let doc = Document::new(body);
        let rules = PeopleRules::new();
        let toks = names::tokenize_with(&doc, &rules.lex);
        let sub = Salience::subordinate(&rules.lex, &toks);
        let marked: Vec<(&str, bool)> = toks.iter().zip(sub).map(|(t, s)| (t.span.of(body), s)).collect();
        assert_eq!(marked[..5], [("When", true), ("Ann", true), ("called", true), (",", false), ("Tom", false)]);
    }

    #[test]
    fn clauses_and_referring_words_told_while_tokenising_are_the_pass_over_the_tokens() {
        let rules = PeopleRules::new();
        let lex = &rules.lex;
        let pieces = [
            "When", "when", "that", "because", "although", "he", "He", "she", "him", "his", "he's", "she’s", "the",
            "The", "THE", "the's", "the’s", "the-", "the.", "thé", "Ann", "Kerr's", "said", ",", ";", "—", "–", "-",
            ".", "\n\n", "“", "”", "Mr.", "it", "O’Neill", "her", "them", "who", "after", "Ólafur", "42", "U.S.",
        ];
        // (a small linear congruential generator: the same inputs on every run)
        let mut x = 12345u64;
        for _ in 0..300 {
            let mut body = String::new();
            for _ in 0..40 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let p = pieces[(x >> 33) as usize % pieces.len()];
                body.push_str(p);
                if (x >> 20) % 4 != 0 {
                    body.push(' ');
                }
            }
            let doc = Document::new(&body);
            let toks = names::tokenize_with(&doc, lex);
            let told: Vec<bool> = toks.iter().map(|t| t.subordinate).collect();
            assert_eq!(told, Salience::subordinate(lex, &toks), "{body:?}");
            let referring: Vec<usize> = (0..toks.len())
                .filter(|&k| {
                    toks[k].is_word()
                        && (matches!(toks.word_info(lex, k).pronoun(), Some(PronounKind::Singular(_))) || toks.word_is(k, "the"))
                })
                .collect();
            assert_eq!(toks.referring(), &referring[..], "{body:?}");
        }
    }

    #[test]
    fn a_name_after_a_preposition_in_the_mention_is_no_speaker() {
        let body = "Mary Holt campaigned in Ohio. “We are confident,” a spokeswoman for Mary Holt said.";
        let (_, speakers) = run(body, &[q(body, "“We are confident,”", "a spokeswoman for Mary Holt", false)]);
        assert_ne!(speakers[0].as_ref().map(|s| s.0.as_str()), Some("Mary Holt"));
    }
}

//! Synthetic news articles for benchmarks and smoke tests: about 5 KB each, in the shape of a
//! wire story (dateline, direct quotes with cues and titles, indirect speech, pronoun
//! follow-ups, relative and absolute dates, sentiment-bearing words), varied by a seed.
//! Every name, sentence and template here was written for this file; nothing is copied from
//! the evaluation data. It depends only on `std`. It makes text; it does not say what the
//! extraction should find in it.

#![allow(dead_code)]

/// SplitMix64 (the same generator as `adversarial.rs`, kept separate so each file stands alone).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn of(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

const FIRST: &[&str] = &[
    "Amara", "Jonas", "Leila", "Mateo", "Priya", "Soren", "Yusuf", "Clara", "Dmitri", "Nadia", "Tobias",
    "Ingrid", "Kofi", "Hana", "Rafael", "Elif", "Bruno", "Maren", "Tariq", "Wren",
];
const LAST: &[&str] = &[
    "Okafor", "Lindqvist", "Haddad", "Moreno", "Raman", "Kessler", "Tanaka", "Varga", "Novak", "Castell",
    "Ferreira", "Brandt", "Osei", "Kowalczyk", "Duarte", "Marsh", "Iversen", "Quintero", "Abara", "Pell",
];
const TITLES: &[&str] = &[
    "the transport minister", "a spokeswoman for the port authority", "the mayor", "chief executive of Norvane Energy",
    "a senior economist at Halden Bank", "the head of the nurses' union", "the city's fire chief",
    "a professor of hydrology at Estmere University", "the opposition leader", "the regional governor",
];
const CITIES: &[&str] = &["HALDEN", "PORT AVERY", "ESTMERE", "KALLVIK", "MONTREVE", "SANDPORT", "VELLINGE"];
const ORGS: &[&str] = &[
    "the city council", "the Ministry of Transport", "Norvane Energy", "the port authority", "the regional assembly",
    "the national rail operator", "the health board", "the Coastal Alliance party",
];
const TOPICS: &[&str] = &[
    "a plan to close the old harbour bridge", "new limits on river dredging", "a rise in rail fares",
    "a delay to the hospital extension", "an emergency budget for flood defences", "cuts to night bus services",
];
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const RELATIVE: &[&str] = &["last week", "on Tuesday", "yesterday", "earlier this month", "last year", "two days ago", "this morning"];
const FUTURE: &[&str] = &["next week", "by the end of the year", "next spring", "within six months", "on Friday", "in 2027"];
const QUOTES_POS: &[&str] = &[
    "This is a real step forward for the people who depend on this service",
    "We are delighted that the work can finally begin",
    "The early results are genuinely encouraging and we thank everyone involved",
    "It will make the crossing safer and faster for thousands of families",
    "I am proud of what the crews achieved in very hard conditions",
];
const QUOTES_NEG: &[&str] = &[
    "Nobody consulted the families who will pay the price for this decision",
    "Frankly, the figures we were shown do not add up",
    "It is a disgraceful way to treat workers who kept the city running",
    "We warned them two years ago and nothing was done",
    "This plan is reckless, expensive and badly timed",
];
const QUOTES_NEU: &[&str] = &[
    "We will publish the full assessment before the vote",
    "The engineers are still checking the foundations",
    "Every option remains on the table at this stage",
    "Our teams will be on site around the clock",
];
const CUES: &[&str] = &["said", "told reporters", "said in a statement", "added", "warned", "told the assembly"];
const INDIRECT: &[&str] = &[
    "the cost had risen by {N} per cent since {YEAR}",
    "repairs would take at least {N} weeks",
    "the ministry had not yet received a formal request",
    "about {N},000 commuters used the route every day",
    "the decision would be reviewed {FUTURE}",
];
const BACKGROUND: &[&str] = &[
    "The bridge, which opened in {YEAR}, carries about {N},000 vehicles a day and was last repaired {RELATIVE}.",
    "According to figures released {RELATIVE}, spending on maintenance fell by {N} per cent between {YEAR} and {YEAR2}.",
    "A public consultation ran from {MONTH} to {MONTH2}, and drew more than {N},000 responses.",
    "Shares in Norvane Energy rose {N}.{D} per cent in early trading on {DAY} after the announcement.",
    "Local businesses have complained for months about the disruption, which began in {MONTH} {YEAR}.",
    "The assembly is expected to vote on the proposal {FUTURE}, officials said.",
];

struct Person {
    first: &'static str,
    last: &'static str,
    title: &'static str,
    pronoun: &'static str,
}

fn fill(template: &str, rng: &mut Rng) -> String {
    let mut s = template.to_owned();
    for (key, value) in [
        ("{YEAR2}", (2015 + rng.below(10)).to_string()),
        ("{YEAR}", (1990 + rng.below(30)).to_string()),
        ("{MONTH2}", rng.of(MONTHS).to_owned()),
        ("{MONTH}", rng.of(MONTHS).to_owned()),
        ("{DAY}", rng.of(DAYS).to_owned()),
        ("{RELATIVE}", rng.of(RELATIVE).to_owned()),
        ("{FUTURE}", rng.of(FUTURE).to_owned()),
        ("{N}", (2 + rng.below(97)).to_string()),
        ("{D}", rng.below(10).to_string()),
    ] {
        while let Some(i) = s.find(key) {
            s.replace_range(i..i + key.len(), &value);
        }
    }
    s
}

/// One article of about `target` bytes (at least `target`, a paragraph more at most), and a
/// publication time, both determined by `seed`.
pub fn article_sized(seed: u64, target: usize) -> (String, String) {
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xA5A5);
    let people: Vec<Person> = (0..4)
        .map(|_| Person {
            first: rng.of(FIRST),
            last: rng.of(LAST),
            title: rng.of(TITLES),
            pronoun: if rng.below(2) == 0 { "she" } else { "he" },
        })
        .collect();
    let month = rng.below(12);
    let day = 1 + rng.below(28);
    let year = 2019 + rng.below(7);
    let published = format!("{year}-{:02}-{day:02}T{:02}:{:02}:00Z", month + 1, 6 + rng.below(14), rng.below(60));
    let mut paras: Vec<String> = Vec::new();
    paras.push(format!(
        "{}, {} {day} (Wire) \u{2014} {} on {} announced {}, a move that {} {}.",
        rng.of(CITIES),
        MONTHS[month],
        capitalise(rng.of(ORGS)),
        rng.of(DAYS),
        rng.of(TOPICS),
        rng.of(&["drew sharp criticism from residents", "was welcomed by business groups", "surprised many observers"]),
        rng.of(RELATIVE),
    ));
    let mut last_speaker: Option<usize> = None;
    let mut k = 0usize;
    while paras.iter().map(|p| p.len() + 2).sum::<usize>() < target {
        k += 1;
        let who = rng.below(people.len());
        let p = &people[who];
        let quote = match rng.below(3) {
            0 => rng.of(QUOTES_POS),
            1 => rng.of(QUOTES_NEG),
            _ => rng.of(QUOTES_NEU),
        };
        let para = match rng.below(7) {
            0 if last_speaker.is_some() => {
                let p = &people[last_speaker.unwrap_or(0)];
                format!("\u{201C}{quote},\u{201D} {} {}.", p.pronoun, rng.of(&["added", "said", "continued"]))
            }
            0 | 1 => {
                last_speaker = Some(who);
                format!("\u{201C}{quote},\u{201D} {} {} {}, {}.", rng.of(CUES), p.first, p.last, p.title)
            }
            2 => {
                last_speaker = Some(who);
                format!("{} {}, {}, {} that {}.", p.first, p.last, p.title, rng.of(&["said", "told reporters", "argued"]), fill(rng.of(INDIRECT), &mut rng))
            }
            3 => {
                last_speaker = Some(who);
                let adj = rng.of(&["\u{201C}a sensible compromise\u{201D}", "\u{201C}a betrayal of the coast\u{201D}", "\u{201C}long overdue\u{201D}"]);
                format!("{} called the decision {adj}, but said {} would wait for the final report {}.", p.last, p.pronoun, rng.of(FUTURE))
            }
            4 => format!(
                "\u{201C}{quote}. {}.\u{201D}",
                rng.of(QUOTES_NEU)
            ),
            _ => fill(rng.of(BACKGROUND), &mut rng),
        };
        paras.push(para);
        if k > 10_000 {
            break;
        }
    }
    (paras.join("\n\n"), published)
}

/// An article of about 5 KB.
pub fn article(seed: u64) -> (String, String) {
    article_sized(seed, 5 * 1024)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

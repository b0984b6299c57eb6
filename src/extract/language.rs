//! Decides the article's language: the `language` the caller gave, or one detected from the
//! text, and whether the speaker rules support it. It does not translate or segment anything.

use super::text::Document;

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

/// The given tag, else `en` (the contract's default).
pub fn resolve(given: Option<&str>, _doc: &Document) -> Language {
    let tag = given
        .and_then(|g| g.split(['-', '_']).next())
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "en".to_owned());
    Language { speakers_supported: tag == "en", tag, detected: false }
}

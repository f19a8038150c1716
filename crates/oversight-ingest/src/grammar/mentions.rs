//! Grade words in grade position: the patterns, the verbs and fillers before a grade, and
//! the reader of a unit's mentions.

use std::sync::LazyLock;

use oversight_domain::Grade;
use regex::Regex;

use super::re;

const GRADE_WORD: &str = r"outstanding|good|adequate|inadequate|requires?\s+improvement|requiring\s+improvement|required\s+improvement";

/// A grade word with the quotation marks around it, if any.
pub(super) static MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r#"(?i)(['‘’“”"]?)\b({GRADE_WORD})\b(['‘’“”"]?)"#)));

/// A grade word, or a quoted "improvement" that may stand for one ("needed 'improvement' in").
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)(['‘’“”"]?)\b({GRADE_WORD}|improvement(?:\s+(?:is|was|were)\s+(?:needed|required))?)\b(['‘’“”"]?)"#
    ))
});

/// Words between a verb and its grade that keep it in grade position ("is *also* good").
pub(super) const FILLERS: &[&str] = &[
    "also",
    "still",
    "now",
    "overall",
    "both",
    "all",
    "again",
    "currently",
    "once",
    "consistently",
    "generally",
    "judged",
    "assessed",
    "graded",
    "rated",
    "found",
    "to",
    "be",
    "been",
    "being",
    "as",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
];

/// Verbs that put the next grade word in grade position.
pub(super) const VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "remains",
    "remain",
    "remained",
    "as",
    "rated",
    "graded",
    "judged",
    "assessed",
    "found",
    "received",
    "receive",
    "receives",
    "achieved",
    "awarded",
    "deemed",
    "categorised",
    "categorized",
    "classed",
    "gained",
    "retained",
    "maintained",
    "it's",
    "its",
];

/// What may follow an unquoted grade word after a verb: a preposition or the clause's end.
const AFTER_GRADE: &[&str] = &[
    "at", "in", "for", "overall", "across", "on", "and", "but", "with", "when", "to", "-", "–",
];

/// A grade word in grade position.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) grade: Grade,
    /// Byte range of the mention, quotes included.
    pub(super) start: usize,
    pub(super) end: usize,
    /// The first grade of "from good to requires improvement".
    pub(super) from: bool,
    /// The grade qualifies a question's own noun: "has maintained a good understanding of
    /// demand", "has an outstanding approach to preventing crime".
    pub(super) head: bool,
}

pub(super) fn previous_words(before: &str, n: usize) -> Vec<String> {
    before
        .split(|c: char| c.is_whitespace())
        // A stray mark between words ("as '˜Good'", "is – good") is not a word.
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .rev()
        .take(n)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
        })
        .collect()
}

/// The grade words of a unit that are in grade position.
pub(super) fn grade_mentions(text: &str, lower: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for c in CANDIDATE.captures_iter(text) {
        let (Some(whole), Some(open), Some(word), Some(close)) =
            (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let quoted = !open.as_str().is_empty() && !close.as_str().is_empty();
        let passive = word.as_str().len() > "improvement".len()
            && word.as_str()[..4].eq_ignore_ascii_case("impr");
        if passive {
            // "improvement was needed in relation to responding to the public": the grade as
            // a passive, with its subjects after "in".
            let next = lower[whole.end()..].split_whitespace().next().unwrap_or("");
            if matches!(next, "in" | "for" | "at") {
                out.push(Mention {
                    grade: Grade::RequiresImprovement,
                    start: whole.start(),
                    end: whole.end(),
                    from: false,
                    head: false,
                });
            }
            continue;
        }
        if word.as_str().eq_ignore_ascii_case("improvement") {
            // "needed 'improvement' in treating its workforce …": the grade's own word, quoted.
            let words = previous_words(&lower[..whole.start()], 1);
            let needs = words.first().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "need" | "needs" | "needed" | "needing" | "require" | "requires" | "required"
                )
            });
            if quoted && needs {
                out.push(Mention {
                    grade: Grade::RequiresImprovement,
                    start: whole.start(),
                    end: whole.end(),
                    from: false,
                    head: false,
                });
            }
            continue;
        }
        let grade = if word.as_str().to_lowercase().starts_with("required") {
            Grade::RequiresImprovement
        } else {
            let Ok(grade) = word.as_str().parse::<Grade>() else {
                continue;
            };
            grade
        };
        let before = &lower[..whole.start()];
        let after = &lower[whole.end()..];
        let words = previous_words(before, 4);
        let prev = words.first().map(String::as_str).unwrap_or("");
        // Negated or compared: "not good enough", "as good as", "no longer outstanding".
        if matches!(
            prev,
            "not" | "never" | "longer" | "less" | "more" | "very" | "too" | "so"
        ) || after.trim_start().starts_with("as ")
            || after.trim_start().starts_with("enough")
        {
            continue;
        }
        let verb = words
            .iter()
            .take_while(|w| FILLERS.contains(&w.as_str()) || VERBS.contains(&w.as_str()))
            .any(|w| VERBS.contains(&w.as_str()))
            || VERBS.contains(&prev);
        let next: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '–')
            .collect();
        let at_end = after.trim().is_empty()
            || after
                .trim_start()
                .starts_with(['.', ',', ';', ':', ')', '(', '!', '?', '\n']);
        let follows = at_end || AFTER_GRADE.contains(&next.as_str());
        let trimmed_before = before.trim_end();
        let label = trimmed_before.ends_with([':', '–', '-', '—', '(', '|'])
            && (at_end || next == "and" || next == "for" || next == "in" || next == "at");
        let requires = grade == Grade::RequiresImprovement;
        let chained = !out.is_empty()
            && (trimmed_before.ends_with(',')
                || prev == "and"
                || prev == "or"
                || trimmed_before.ends_with(';'))
            && matches!(next.as_str(), "at" | "in" | "for" | "on");
        // "the inadequate areas included …": a grade word naming a list of areas.
        let area_lead = matches!(next.as_str(), "areas" | "area") && {
            let rest = after.trim_start()[next.len()..].trim_start();
            let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            rest.starts_with(':')
                || matches!(
                    word.as_str(),
                    "included" | "include" | "includes" | "were" | "are" | "was" | "being"
                )
        };
        // "The force has a good understanding of demand": the grade of the question whose
        // noun it qualifies, when the force is the one that has it.
        // "Of concern is the force's inadequate approach to protecting vulnerable victims."
        let possessed = matches!(
            prev,
            "force's" | "constabulary's" | "police's" | "service's"
        );
        let noun_head = (possessed
            || matches!(prev, "a" | "an")
                && words.get(1).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "has" | "have" | "maintained" | "maintains" | "retained" | "demonstrates"
                    )
                }))
            && {
                let rest = after.trim_start();
                rest.starts_with("understanding of ") || rest.starts_with("approach to ")
            };
        // "the inspectorate found Norfolk Constabulary good at …": a judging verb, the force
        // as its object, then the grade.
        let judged_object = {
            let original = previous_words(&text[..whole.start()], 5);
            let at = words.iter().position(|w| {
                matches!(
                    w.as_str(),
                    "found" | "rated" | "judged" | "graded" | "assessed" | "deemed"
                )
            });
            at.is_some_and(|k| {
                k > 0
                    && original[..k].iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            || matches!(w.as_str(), "the" | "force" | "it")
                    })
            })
        };
        let from_to = prev == "from" || prev == "to" && out.last().is_some_and(|m| m.from);
        let accepted = quoted
            || label
            || ((verb || judged_object) && follows)
            || (requires && (follows || !matches!(prev, "it" | "which" | "that")))
            || chained
            || area_lead
            || noun_head
            || (from_to && (quoted || follows));
        if !accepted {
            continue;
        }
        out.push(Mention {
            grade,
            start: whole.start(),
            end: whole.end(),
            from: prev == "from",
            head: noun_head,
        });
    }
    out
}

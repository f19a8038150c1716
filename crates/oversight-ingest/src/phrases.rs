//! Small readers for the phrases inspection documents use: dates, deadlines, cycles,
//! grades stated inside sentences, and statements of last year's grade.
//!
//! Every function here takes plain text and returns byte ranges into it, so callers can
//! turn what was found into spans.

mod cycles;
mod dates;
mod deadlines;
mod grades;

use std::ops::Range;

use oversight_domain::Pillar;
use regex::Regex;

pub use cycles::{
    cycle_after_last_report, cycle_from_context, cycle_inspected, cycle_mention,
    cycle_of_years_written_out, cycle_published_on, latest_cycle_named,
};
pub use dates::{parse_iso_date, parse_long_date, parse_uk_numeric_date, publication_date};
pub use deadlines::deadlines;
pub use grades::{
    GradeStatement, PreviousStatement, earlier_cycle_grade, grade_label, grades_stated,
    is_absent_grade_label, previous_grade, quoted_grades,
};

#[allow(clippy::unwrap_used)] // The patterns are constants, checked by the submodules' tests.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// Splits text into sentences, returning each sentence's byte range (trimmed).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = match b {
            b'.' | b'?' | b'!' => {
                let next = bytes.get(i + 1).copied();
                next.is_none()
                    || next.is_some_and(|n| n == b' ' || n == b'\n' || n == b'"' || n == b'\'')
            }
            b'\n' => bytes.get(i + 1) == Some(&b'\n'),
            _ => false,
        };
        if end_here {
            push_trimmed(text, start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

/// A pillar named in text by its adjective ("effective", "legitimately", "efficiency").
pub fn pillar_mentions(text: &str) -> Vec<(Pillar, usize)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for pillar in [
        Pillar::Effectiveness,
        Pillar::Efficiency,
        Pillar::Legitimacy,
    ] {
        for stem in pillar.stems() {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(stem) {
                let at = from + pos;
                // "ineffective" and "inefficient" are not the pillar's name.
                if !lower[..at].ends_with("in") {
                    out.push((pillar, at));
                }
                from = at + stem.len();
            }
        }
    }
    out.sort_by_key(|(_, at)| *at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_stops() {
        let text = "One sentence. Two? Three\n\nFour.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, vec!["One sentence.", "Two?", "Three", "Four."]);
    }
}

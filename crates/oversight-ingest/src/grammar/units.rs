//! The units a document's grades are read in (sentences, list items, label lines), and
//! how a unit's text reads.

use std::ops::Range;

use crate::layout::Layout;
use crate::phrases;

/// A list item marked with an arrow or a box the layout does not take for a bullet
/// ("► Planning for the future.").
pub(super) fn marked_item(content: &str) -> bool {
    let mut chars = content.chars();
    matches!(
        chars.next(),
        Some('►' | '➢' | '➤' | '■' | '□' | '✓' | '✔' | '→')
    ) && chars.next().is_some_and(char::is_whitespace)
}

/// Whether a sentence opens by adding to the one before it ("It was also found to …").
pub(super) fn continues_previous(unit: &str) -> bool {
    let lower = unit.trim_start().to_lowercase();
    [
        "it was also ",
        "it had also ",
        "it was further ",
        "the force was also ",
        "they were also ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// The text lower-cased character by character where that keeps each character's length,
/// so that every byte offset in it is an offset in the text.
pub(super) fn lower_same_offsets(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether a line ends with a grade word ("Investigating crime: Adequate").
fn ends_with_grade(line: &str) -> bool {
    let lower = line
        .trim_end()
        .trim_end_matches(['.', '\'', '’', '"', '”', ')'])
        .to_lowercase();
    [
        "outstanding",
        "good",
        "adequate",
        "inadequate",
        "requires improvement",
        "require improvement",
    ]
    .iter()
    .any(|g| lower.ends_with(g))
}

/// Words that end a line without ending its sentence (a wrapped line).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', ':', ';', '?', '!', '"', '”', '’', '\''])
}

/// The units a document's grades are read in: each list item and each sentence of a
/// paragraph; a short line with no full stop (a label line, "Preventing crime – Good") stands
/// alone, as does a line followed by one that starts with a capital.
pub(super) fn units(doc: &Layout<'_>) -> Vec<Range<usize>> {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        if line.is_blank() {
            blocks.extend(current.take());
            continue;
        }
        let content = doc.line(i);
        let starts_item = line.bullet
            || content.starts_with(|c: char| {
                c.is_uppercase() || c.is_ascii_digit() || c == '•' || c == '►'
            });
        match current.take() {
            Some(range) => {
                let previous = &doc.text[range.clone()];
                let last_line = previous.rsplit('\n').next().unwrap_or(previous);
                if line.bullet
                    || ends_with_grade(last_line)
                    || starts_item && (ends_sentence(last_line.trim_end()) || last_line.len() < 90)
                {
                    blocks.push(range);
                    current = Some(line.content.clone());
                } else {
                    current = Some(range.start..line.content.end);
                }
            }
            None => current = Some(line.content.clone()),
        }
    }
    blocks.extend(current);
    let mut out = Vec::new();
    for block in blocks {
        for s in phrases::sentences(&doc.text[block.clone()]) {
            out.push(block.start + s.start..block.start + s.end);
        }
    }
    out
}

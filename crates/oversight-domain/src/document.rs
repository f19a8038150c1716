//! Source documents, their kinds, and provenance spans.

use std::fmt;
use std::str::FromStr;

/// What a document is, recognised from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// A PEEL pillar page or integrated report with grades and findings.
    InspectionReport,
    /// The PCC's (OPCC's) published response to an inspection.
    PccResponse,
    PressRelease,
    Transcript,
    /// A Police and Crime Panel scrutiny paper.
    PanelPaper,
    /// A revisit or cause-of-concern letter from the inspectorate.
    InspectorateLetter,
    /// A table of grades (force, cycle, pillar or area, grade), imported with `import-grades`.
    GradesTable,
    /// Text the importer could not place: stored, with a warning.
    Unrecognised,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::InspectionReport,
        DocumentKind::PccResponse,
        DocumentKind::PressRelease,
        DocumentKind::Transcript,
        DocumentKind::PanelPaper,
        DocumentKind::InspectorateLetter,
        DocumentKind::GradesTable,
        DocumentKind::Unrecognised,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::InspectionReport => "inspection_report",
            DocumentKind::PccResponse => "pcc_response",
            DocumentKind::PressRelease => "press_release",
            DocumentKind::Transcript => "transcript",
            DocumentKind::PanelPaper => "panel_paper",
            DocumentKind::InspectorateLetter => "inspectorate_letter",
            DocumentKind::GradesTable => "grades_table",
            DocumentKind::Unrecognised => "unrecognised",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::InspectionReport => "Inspection report",
            DocumentKind::PccResponse => "PCC response",
            DocumentKind::PressRelease => "Press release",
            DocumentKind::Transcript => "Transcript",
            DocumentKind::PanelPaper => "Panel paper",
            DocumentKind::InspectorateLetter => "Inspectorate letter",
            DocumentKind::GradesTable => "Grades table",
            DocumentKind::Unrecognised => "Unrecognised",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a document kind: {0:?}")]
pub struct UnknownDocumentKind(pub String);

impl FromStr for DocumentKind {
    type Err = UnknownDocumentKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| UnknownDocumentKind(s.to_owned()))
    }
}

/// A half-open range `[start, end)` of a document's text, in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("span end {end} is before its start {start}")]
pub struct InvalidSpan {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Result<Span, InvalidSpan> {
        if end < start {
            return Err(InvalidSpan { start, end });
        }
        Ok(Span { start, end })
    }
    pub fn start(self) -> usize {
        self.start
    }
    pub fn end(self) -> usize {
        self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// SHA-256 of a document's original bytes, as 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a SHA-256 hex digest: {0:?}")]
pub struct InvalidContentHash(pub String);

impl ContentHash {
    pub fn parse(hex: &str) -> Result<ContentHash, InvalidContentHash> {
        if hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(ContentHash(hex.to_owned()))
        } else {
            Err(InvalidContentHash(hex.to_owned()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The short form used in record identifiers: the first 12 hex digits.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_refuse_to_run_backwards() {
        assert!(Span::new(3, 2).is_err());
        let span = Span::new(2, 5).expect("valid");
        assert_eq!(span.len(), 3);
        assert_eq!(
            span.cover(Span::new(7, 9).expect("valid")),
            Span::new(2, 9).expect("valid")
        );
    }

    #[test]
    fn hashes_are_lower_case_hex() {
        assert!(ContentHash::parse(&"a".repeat(64)).is_ok());
        assert!(ContentHash::parse(&"A".repeat(64)).is_err());
        assert!(ContentHash::parse("abc").is_err());
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in DocumentKind::ALL {
            assert_eq!(kind.code().parse::<DocumentKind>(), Ok(kind));
        }
    }
}

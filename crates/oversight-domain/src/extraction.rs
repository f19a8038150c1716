//! What an importer read from one document, before it is stored: the records with their
//! spans, the document's structure, and what a person should know about the reading.
//!
//! The importer (`oversight-ingest`) produces an [`Extraction`]; the store takes one and
//! writes it in a single transaction. Neither depends on the other: both speak these types.

use time::Date;

use crate::review::{Milestone, ReviewStatus};
use crate::{
    ContentHash, Cycle, DocumentKind, Finding, FindingList, Force, Judgment, Response, Span,
};

/// The format a document arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
}

impl Format {
    /// The code stored with the document.
    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// A heading of a document with the list items under it (Panel papers keep their structure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub heading_span: Span,
    pub items: Vec<(String, Span)>,
}

/// A figure a document cites, kept as a fact with its source sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedFigure {
    pub value: f64,
    /// `percent` or `count`.
    pub unit: &'static str,
    /// What a percentage is of, when the document says (1,551 respondents).
    pub base: Option<u64>,
    /// The sentence it is cited in.
    pub description: String,
}

/// A Panel scrutiny review as its paper describes it.
#[derive(Debug, Clone)]
pub struct ReviewDraft {
    pub title: String,
    /// The plan priority (pillar) the review examines.
    pub plan_priority: Option<String>,
    /// The Police and Crime Plan's period as written: start month (`2016-12`) and end year.
    pub plan_starts: Option<String>,
    pub plan_ends: Option<String>,
    pub scope: String,
    pub methodology: String,
    pub status: ReviewStatus,
    /// Findings headings with their supporting points, in document order.
    pub findings: Vec<(String, Vec<String>)>,
    pub milestones: Vec<Milestone>,
    pub figures: Vec<CitedFigure>,
}

/// Everything the importer read from one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub kind: DocumentKind,
    /// Which recogniser read it.
    pub recogniser: &'static str,
    pub format: Format,
    pub sha256: ContentHash,
    /// The stored text; every span indexes it in characters.
    pub text: String,
    pub title: Option<String>,
    pub force: Option<Force>,
    pub cycle: Option<Cycle>,
    pub published_on: Option<Date>,
    pub judgments: Vec<Judgment>,
    pub findings: Vec<Finding>,
    /// Responses, each with the index in `findings` of the finding it answers.
    pub responses: Vec<(usize, Response)>,
    pub finding_lists: Vec<FindingList>,
    pub sections: Vec<Section>,
    /// A Panel scrutiny review, when the document is one.
    pub review: Option<ReviewDraft>,
    /// Things a person should know: parts that could not be read, the kind not recognised.
    pub warnings: Vec<String>,
}

impl Extraction {
    /// A document read but not yet recognised: its text and nothing found in it.
    pub fn unrecognised(text: String, format: Format, sha256: ContentHash) -> Extraction {
        Extraction {
            kind: DocumentKind::Unrecognised,
            recogniser: "none",
            format,
            sha256,
            text,
            title: None,
            force: None,
            cycle: None,
            published_on: None,
            judgments: Vec::new(),
            findings: Vec::new(),
            responses: Vec::new(),
            finding_lists: Vec::new(),
            sections: Vec::new(),
            review: None,
            warnings: Vec::new(),
        }
    }
}

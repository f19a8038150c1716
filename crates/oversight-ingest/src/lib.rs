//! Oversight's importer: a file's bytes become a stored document and the records it holds.
//!
//! Two stages, kept apart:
//! 1. [`reader`] turns bytes (text, HTML or PDF) into text, refusing what is not a document;
//! 2. a [`recognise::Recogniser`] per document shape scores the text, and the best one
//!    extracts judgments, findings, responses and structure, each with its span.
//!
//! A new shape of document is a new recogniser with its own tests, not a new branch here.

pub mod grades_table;
pub mod grammar;
pub mod layout;
pub mod pdf;
pub mod phrases;
pub mod reader;
pub mod recognise;

use oversight_domain::{
    ContentHash, Cycle, DocumentKind, Finding, FindingList, Force, Judgment, Response, Span,
};
use sha2::{Digest, Sha256};
use time::Date;

pub use grades_table::{GradesTableError, read_grades_table};
pub use reader::{Format, ReadError};

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
    pub status: oversight_domain::review::ReviewStatus,
    /// Findings headings with their supporting points, in document order.
    pub findings: Vec<(String, Vec<String>)>,
    pub milestones: Vec<oversight_domain::review::Milestone>,
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
    fn new(text: String, format: Format, sha256: ContentHash) -> Extraction {
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

/// SHA-256 of bytes as a [`ContentHash`].
pub fn content_hash(bytes: &[u8]) -> ContentHash {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    ContentHash::parse(&hex)
        .unwrap_or_else(|_| unreachable!("a SHA-256 digest is 64 lower-case hex digits"))
}

/// Reads and recognises one document. Fails only when the bytes are not a document;
/// text of an unknown kind comes back as [`DocumentKind::Unrecognised`] with a warning.
pub fn ingest(bytes: &[u8]) -> Result<Extraction, ReadError> {
    let (text, format) = reader::read(bytes)?;
    let mut extraction = Extraction::new(text, format, content_hash(bytes));
    recognise::recognise(&mut extraction);
    Ok(extraction)
}

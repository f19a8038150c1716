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

use oversight_domain::ContentHash;
use sha2::{Digest, Sha256};

pub use grades_table::{GradesTableError, read_grades_table};
pub use oversight_domain::extraction::{CitedFigure, Extraction, Format, ReviewDraft, Section};
pub use reader::ReadError;

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
    let mut extraction = Extraction::unrecognised(text, format, content_hash(bytes));
    recognise::recognise(&mut extraction);
    Ok(extraction)
}

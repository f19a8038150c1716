//! Identifiers of stored records, built in one place: a document is known by the first 16
//! hex digits of its content hash, and each record by its document, its kind and its place
//! in the document (`3f2a…-f4` is the document's fifth finding).

use std::fmt;

use crate::ContentHash;

/// A stored document's id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(String);

impl DocumentId {
    /// The id of the document with these bytes.
    pub fn of(hash: &ContentHash) -> DocumentId {
        DocumentId(hash.as_str()[..16].to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the document's `index`-th record of `kind`.
    pub fn record(&self, kind: RecordKind, index: usize) -> String {
        format!("{}-{}{index}", self.0, kind.letter())
    }

    /// The id of the scrutiny review a Panel paper describes (one a paper).
    pub fn review(&self) -> String {
        format!("{}-r", self.0)
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of record a document holds, each with the letter of its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Judgment,
    Finding,
    Response,
}

impl RecordKind {
    fn letter(self) -> char {
        match self {
            RecordKind::Judgment => 'j',
            RecordKind::Finding => 'f',
            RecordKind::Response => 'r',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_hash_prefix_then_kind_and_place() {
        let hash = ContentHash::parse(&"ab".repeat(32)).expect("a hash");
        let doc = DocumentId::of(&hash);
        assert_eq!(doc.as_str(), "abababababababab");
        assert_eq!(doc.record(RecordKind::Finding, 4), "abababababababab-f4");
        assert_eq!(doc.record(RecordKind::Judgment, 0), "abababababababab-j0");
        assert_eq!(doc.record(RecordKind::Response, 12), "abababababababab-r12");
        assert_eq!(doc.review(), "abababababababab-r");
    }
}

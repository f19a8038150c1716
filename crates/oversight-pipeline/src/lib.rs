//! One way from a file to the store, used by every caller (the command line, the demo, the
//! web tests and the benchmarks):
//!
//! - a document: read its bytes, recognise it ([`oversight_ingest`]), store the extraction in
//!   one transaction ([`Store::import`]);
//! - police.uk files: aggregate them ([`oversight_evidence`]), compute the indicator values
//!   from the counts, store both in one transaction ([`Store::store_evidence`]).
//!
//! The store knows only the domain's types; this crate is where the importer's and the
//! evidence engine's results are handed to it.

use std::path::Path;

use oversight_domain::evidence::Kind;
use oversight_domain::extraction::Extraction;
use oversight_evidence::Aggregation;
use oversight_evidence::indicator::{self, INDICATORS};
use oversight_ingest::ReadError;
use oversight_store::{
    EvidenceBatch, EvidenceFile, EvidenceStored, ImportOutcome, Store, StoreError,
};

/// Why a file did not become a stored document.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot be read: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error("refused: {0}")]
    NotADocument(#[from] ReadError),
    #[error("refused: {0}")]
    NotAGradesTable(#[from] oversight_ingest::GradesTableError),
    #[error("not imported: {0}")]
    Store(#[from] StoreError),
}

/// The name a document is stored under: the file's own name, without its folders.
pub fn source_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads and recognises a file (no database work: callers may run it on another thread).
pub fn read_document(path: &Path) -> Result<Extraction, ImportError> {
    let bytes = std::fs::read(path)?;
    Ok(oversight_ingest::ingest(&bytes)?)
}

/// Stores what was read from a document, in one transaction.
pub async fn store_document(
    store: &Store,
    source: &str,
    extraction: &Extraction,
) -> Result<ImportOutcome, ImportError> {
    Ok(store.import(source, extraction).await?)
}

/// Recognises a document's bytes and stores it.
pub async fn import_bytes(
    store: &Store,
    source: &str,
    bytes: &[u8],
) -> Result<ImportOutcome, ImportError> {
    let extraction = oversight_ingest::ingest(bytes)?;
    store_document(store, source, &extraction).await
}

/// Reads, recognises and stores one file.
pub async fn import_file(store: &Store, path: &Path) -> Result<ImportOutcome, ImportError> {
    let extraction = read_document(path)?;
    store_document(store, &source_name(path), &extraction).await
}

/// Reads a table of grades (CSV) and stores it as one document.
pub async fn import_grades_table(
    store: &Store,
    source: &str,
    bytes: &[u8],
) -> Result<ImportOutcome, ImportError> {
    let extraction = oversight_ingest::read_grades_table(bytes)?;
    store_document(store, source, &extraction).await
}

/// Computes every indicator's values from an aggregation's counts and stores both, replacing
/// what was stored for the same kind, force and month; records the files.
pub async fn store_evidence(
    store: &Store,
    aggregation: &Aggregation,
    files: &[EvidenceFile],
) -> Result<EvidenceStored, StoreError> {
    let values = indicator::values(aggregation.counts.iter().map(|(k, n)| (k, *n)));
    let indicators: Vec<(Kind, &'static str)> = INDICATORS.iter().map(|i| (i.kind, i.id)).collect();
    store
        .store_evidence(
            EvidenceBatch {
                counts: &aggregation.counts,
                values: &values,
                indicators: &indicators,
            },
            files,
        )
        .await
}

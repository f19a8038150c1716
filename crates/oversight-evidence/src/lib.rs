//! Oversight's evidence engine.
//!
//! police.uk publishes, every month and for every force, street-level crimes with their last
//! outcome, outcomes recorded in the month, and stop-and-search records. This crate reads
//! those CSVs (plain, gzipped or inside police.uk's archive zip) at the speed of the disk,
//! counts their rows per force, month and category (never keeping the rows), and computes
//! the indicators a Panel member reads from those counts: each defined once, in
//! [`indicator`], with its formula and a plain explanation.

pub mod indicator;
pub mod layout;
pub mod scan;
pub mod source;

pub use layout::{Kind, Month};
pub use source::{Aggregation, CountKey, FileReport, Source, aggregate, discover, hash_sources};

#[cfg(test)]
mod tests;

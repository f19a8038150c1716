//! Oversight's domain: the words of the inspection and accountability cycle as types,
//! with their rules. No I/O, no serialisation: other crates read and write these.
//!
//! Invalid states are unrepresentable where it is cheap to make them so: a grade is an
//! ordered enum, a judgment's grade is on its cycle's scale, a span never runs backwards.

pub mod action;
pub mod cycle;
pub mod document;
pub mod evidence;
pub mod extraction;
pub mod force;
pub mod grade;
pub mod ids;
pub mod policy;
pub mod record;
pub mod review;
pub mod user;

pub use cycle::{Area, Cycle, Framework, Pillar, Question};
pub use document::{ContentHash, DocumentKind, Span};
pub use force::{FICTIONAL_FORCES, FORCES, Force, all_forces};
pub use grade::{Change, Grade, GradeScale};
pub use record::{
    Deadline, Due, Finding, FindingKind, FindingList, Judgment, PeriodUnit, RecordError, Responder,
    Response, SubAction, Subject,
};

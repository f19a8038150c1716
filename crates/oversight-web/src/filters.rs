//! Query-string filters, parsed into domain values: a bad value is a 400 naming the
//! parameter and what it accepts, never a 500.

use oversight_domain::{Cycle, FindingKind, Force, Pillar};
use oversight_store::FindingFilter;
use serde::Deserialize;

use crate::AppError;

/// `?force=&cycle=&pillar=&kind=&page=&per_page=` as typed in.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingQuery {
    /// A force's slug, e.g. `hampshire`.
    pub force: Option<String>,
    /// A cycle, e.g. `2016` or `2018/19`.
    pub cycle: Option<String>,
    /// `effectiveness`, `efficiency`, `legitimacy` or `leadership`.
    pub pillar: Option<String>,
    /// `area_for_improvement`, `cause_of_concern` or `recommendation`.
    pub kind: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Findings per page, 1 to 500 (default 50).
    pub per_page: Option<String>,
}

/// A validated finding filter with its page.
#[derive(Debug, Clone)]
pub struct ParsedFindingQuery {
    pub filter: FindingFilter,
    pub page: i64,
    pub per_page: i64,
}

fn blank_is_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub fn force(value: &Option<String>) -> Result<Option<Force>, AppError> {
    blank_is_none(value)
        .map(|v| {
            Force::from_slug(v).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "force: {v:?} is not a force's slug (e.g. hampshire, thames-valley)"
                ))
            })
        })
        .transpose()
}

pub fn cycle(value: &Option<String>) -> Result<Option<Cycle>, AppError> {
    blank_is_none(value)
        .map(|v| {
            v.parse::<Cycle>()
                .map_err(|e| AppError::BadRequest(format!("cycle: {e}")))
        })
        .transpose()
}

pub fn pillar(value: &Option<String>) -> Result<Option<Pillar>, AppError> {
    blank_is_none(value)
        .map(|v| {
            v.parse::<Pillar>()
                .map_err(|e| AppError::BadRequest(format!("pillar: {e}")))
        })
        .transpose()
}

pub fn kind(value: &Option<String>) -> Result<Option<FindingKind>, AppError> {
    blank_is_none(value)
        .map(|v| {
            v.parse::<FindingKind>()
                .map_err(|e| AppError::BadRequest(format!("kind: {e}")))
        })
        .transpose()
}

fn number(
    name: &str,
    value: &Option<String>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, AppError> {
    let Some(v) = blank_is_none(value) else {
        return Ok(default);
    };
    v.parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "{name}: {v:?} is not a whole number from {} to {}",
                range.start(),
                range.end()
            ))
        })
}

impl FindingQuery {
    pub fn parse(&self) -> Result<ParsedFindingQuery, AppError> {
        let filter = FindingFilter {
            force: force(&self.force)?.map(|f| f.slug().to_owned()),
            cycle: cycle(&self.cycle)?.map(|c| c.code().to_owned()),
            pillar: pillar(&self.pillar)?.map(|p| p.code().to_owned()),
            kind: kind(&self.kind)?.map(|k| k.code().to_owned()),
            document: None,
        };
        Ok(ParsedFindingQuery {
            filter,
            page: number("page", &self.page, 1, 1..=1_000_000)?,
            per_page: number("per_page", &self.per_page, 50, 1..=500)?,
        })
    }
}

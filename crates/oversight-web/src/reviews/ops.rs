//! The changes Panel members make to a review, shared by the forms and the API: each checks
//! its fields and makes its store call.

use oversight_domain::review::ReviewStatus;
use oversight_store::User;
use time::Date;

use super::api::{EvidenceIn, RecommendationIn, ResponseIn};
use crate::{AppError, AppState};

pub(super) fn parse_date(value: &str, what: &str) -> Result<Date, AppError> {
    Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        AppError::BadRequest(format!(
            "The {what} {value:?} is not a date: write YYYY-MM-DD."
        ))
    })
}

pub(super) fn required(value: &str, what: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::BadRequest(format!("The {what} is missing.")));
    }
    if v.chars().count() > 10_000 {
        return Err(AppError::BadRequest(format!(
            "The {what} is longer than 10,000 characters."
        )));
    }
    Ok(v.to_owned())
}

pub(super) async fn change_status(
    state: &AppState,
    who: &User,
    id: &str,
    to: &str,
    version: Option<i64>,
) -> Result<(), AppError> {
    let to: ReviewStatus = to
        .parse()
        .map_err(|e: oversight_domain::review::ReviewError| AppError::BadRequest(e.to_string()))?;
    state.store.set_review_status(id, to, version, who).await?;
    Ok(())
}

pub(super) async fn add_evidence(
    state: &AppState,
    who: &User,
    id: &str,
    input: &EvidenceIn,
) -> Result<(), AppError> {
    let witness = required(&input.witness, "witness or organisation")?;
    let summary = required(&input.summary, "summary")?;
    let on = parse_date(&input.given_on, "date")?;
    state
        .store
        .add_review_evidence(id, &witness, on, &summary, &input.papers, who)
        .await?;
    Ok(())
}

pub(super) async fn add_recommendation(
    state: &AppState,
    who: &User,
    id: &str,
    input: &RecommendationIn,
) -> Result<i64, AppError> {
    let text = required(&input.text, "recommendation")?;
    let due = match input.response_due_on.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => Some(parse_date(d, "meeting date")?),
        _ => None,
    };
    Ok(state.store.add_recommendation(id, &text, due, who).await?)
}

pub(super) async fn respond(
    state: &AppState,
    who: &User,
    id: &str,
    n: i64,
    input: &ResponseIn,
) -> Result<(), AppError> {
    let text = required(&input.text, "response")?;
    let on = parse_date(&input.responded_on, "date")?;
    state
        .store
        .respond_to_recommendation(id, n - 1, &text, on, who)
        .await?;
    Ok(())
}

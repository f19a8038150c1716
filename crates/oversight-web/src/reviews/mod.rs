//! The Panel's part: scrutiny reviews (the list, one review with its timeline, the changes
//! Panel members make by form and by API) and the print-friendly meeting pack for a force.

pub mod api;
pub mod forms;
mod ops;
pub mod pages;

use axum::Router;
use axum::routing::{get, post};
use oversight_store::Session;

use crate::AppState;
use crate::auth::Purpose;

pub use pages::{PackResponse, responses_due};

/// Changing a review: Panel members and admins.
#[derive(Debug)]
pub struct EditReviews;

impl Purpose for EditReviews {
    const WHAT: &'static str = "edit scrutiny reviews";

    fn allowed(session: &Session) -> bool {
        session.user.role.edits_reviews()
    }
}

/// The reviews' pages, forms and API, and a force's meeting pack.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reviews", get(pages::reviews_page))
        .route("/reviews/{id}", get(pages::review_page))
        .route("/reviews/{id}/status", post(forms::form_status))
        .route("/reviews/{id}/evidence", post(forms::form_evidence))
        .route("/reviews/{id}/members", post(forms::form_member))
        .route("/reviews/{id}/meetings", post(forms::form_meeting))
        .route(
            "/reviews/{id}/recommendations",
            post(forms::form_recommendation),
        )
        .route(
            "/reviews/{id}/recommendations/{n}/response",
            post(forms::form_response),
        )
        .route("/forces/{slug}/pack", get(pages::pack_page))
        .route("/api/v1/reviews", get(api::api_reviews))
        .route("/api/v1/reviews/{id}", get(api::api_review))
        .route("/api/v1/reviews/{id}/status", post(api::api_status))
        .route("/api/v1/reviews/{id}/evidence", post(api::api_evidence))
        .route(
            "/api/v1/reviews/{id}/recommendations",
            post(api::api_recommendation),
        )
        .route(
            "/api/v1/reviews/{id}/recommendations/{n}/response",
            post(api::api_response),
        )
}

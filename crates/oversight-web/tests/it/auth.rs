//! Signing in, and who may change what: every editing route tried anonymously and with
//! every role, CSRF and cross-site refusals, rate limiting, escaping of what editors type.

use oversight_domain::user::Role;
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};

use crate::TestApp;

pub const PASSWORD: &str = "a long enough password";

/// A client that shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// Signs `user` in and returns (cookie, csrf token).
pub async fn sign_in(app: &TestApp, user: &str) -> (String, String) {
    let response = client()
        .post(format!("{}/login", app.address))
        .form(&[
            ("username", user),
            ("password", PASSWORD),
            ("next", "/reviews"),
        ])
        .send()
        .await
        .expect("login answers");
    assert_eq!(response.status(), 303, "{user} signs in");
    assert_eq!(response.headers()[LOCATION], "/reviews");
    let cookie = response.headers()[SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    for flag in ["HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    let pair = cookie.split(';').next().expect("name=value").to_owned();
    let page = client()
        .get(format!("{}/login", app.address))
        .header(COOKIE, &pair)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF token on the signed-in page")
        .to_owned();
    (pair, csrf)
}

pub async fn review_id(app: &TestApp) -> String {
    let (_, list) = app.json("/api/v1/reviews").await;
    list[0]["id"].as_str().expect("a review").to_owned()
}

pub async fn users(app: &TestApp) {
    for role in Role::ALL {
        let force = role.scoped_to_a_force().then_some("borsetshire");
        app.store
            .add_user(role.code(), PASSWORD, role, force, "test")
            .await
            .expect("user");
    }
}

/// An editing route: its path, the form's fields and the API's JSON body.
type Route = (String, Vec<(&'static str, String)>, serde_json::Value);

/// Every editing route but the status change (tried on its own below).
fn routes(id: &str, who: &str) -> Vec<Route> {
    vec![
        (
            format!("/reviews/{id}/evidence"),
            vec![
                ("witness", "Parish council".to_owned()),
                ("given_on", "2019-03-12".to_owned()),
                ("summary", "A session".to_owned()),
            ],
            serde_json::json!({"witness": "Parish council", "given_on": "2019-03-12", "summary": "A session"}),
        ),
        (
            format!("/reviews/{id}/recommendations"),
            vec![
                ("text", "Publish the plan".to_owned()),
                ("response_due_on", "2019-09-19".to_owned()),
            ],
            serde_json::json!({"text": "Publish the plan", "response_due_on": "2019-09-19"}),
        ),
        (
            format!("/reviews/{id}/members"),
            vec![("name", format!("Cllr {who}"))],
            serde_json::Value::Null,
        ),
        (
            format!("/reviews/{id}/meetings"),
            vec![
                ("held_on", "2019-04-02".to_owned()),
                ("note", "Agreed the questions".to_owned()),
            ],
            serde_json::Value::Null,
        ),
        (
            format!("/reviews/{id}/recommendations/1/response"),
            vec![
                ("text", "Accepted".to_owned()),
                ("responded_on", "2019-09-10".to_owned()),
            ],
            serde_json::json!({"text": "Accepted", "responded_on": "2019-09-10"}),
        ),
    ]
}

#[tokio::test]
async fn every_editing_route_with_every_role_and_anonymously() {
    let app = TestApp::start().await;
    users(&app).await;
    let id = review_id(&app).await;
    // Anonymous: refused everywhere, forms and API.
    for (path, form, json) in routes(&id, "anonymous") {
        let r = client()
            .post(format!("{}{path}", app.address))
            .form(&form)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 403, "anonymous {path}");
        if json.is_null() {
            continue; // a form-only route
        }
        let r = client()
            .post(format!("{}/api/v1{path}", app.address))
            .json(&json)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 403, "anonymous API {path}");
    }
    for role in Role::ALL {
        let (cookie, csrf) = sign_in(&app, role.code()).await;
        let allowed = role.edits_reviews();
        for (path, form, json) in routes(&id, role.code()) {
            let mut fields = form.clone();
            fields.push(("csrf", csrf.clone()));
            let r = client()
                .post(format!("{}{path}", app.address))
                .header(COOKIE, &cookie)
                .form(&fields)
                .send()
                .await
                .expect("answer");
            assert_eq!(
                r.status(),
                if allowed { 303 } else { 403 },
                "{} {path}",
                role.code()
            );
            if json.is_null() {
                continue; // a form-only route
            }
            let r = client()
                .post(format!("{}/api/v1{path}", app.address))
                .header(COOKIE, &cookie)
                .header("x-csrf-token", &csrf)
                .json(&json)
                .send()
                .await
                .expect("answer");
            assert_eq!(
                r.status(),
                if allowed { 200 } else { 403 },
                "{} API {path}",
                role.code()
            );
        }
        // The status route: the next step is allowed once; the same move again is a conflict.
        let (_, review) = app.json(&format!("/api/v1/reviews/{id}")).await;
        let r = client()
            .post(format!("{}/reviews/{id}/status", app.address))
            .header(COOKIE, &cookie)
            .form(&[("to", "closed"), ("csrf", csrf.as_str())])
            .send()
            .await
            .expect("answer");
        assert_eq!(
            r.status(),
            if allowed { 409 } else { 403 },
            "{} jumps to closed",
            role.code()
        );
        assert_eq!(review["status"], "evidence_gathering");
    }
    // Everything the two editors did is in the audit log, and the chain holds.
    let log = app
        .store
        .audit_log(Some("review:"), 1000)
        .await
        .expect("log");
    assert_eq!(log.iter().filter(|e| e.actor == "panel_member").count(), 8);
    assert_eq!(log.iter().filter(|e| e.actor == "admin").count(), 8);
    assert!(app.store.verify_audit().await.expect("verify").is_ok());
}

#[tokio::test]
async fn forms_without_the_token_or_from_another_site_are_refused() {
    let app = TestApp::start().await;
    users(&app).await;
    let id = review_id(&app).await;
    let (cookie, csrf) = sign_in(&app, "panel_member").await;
    let url = format!("{}/reviews/{id}/recommendations", app.address);
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .form(&[("text", "x")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "no token");
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .form(&[("text", "x"), ("csrf", "0000")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "wrong token");
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .header(ORIGIN, "https://evil.example")
        .form(&[("text", "x"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "another site");
    // A good one, with markup in it: shown escaped.
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .form(&[
            ("text", "<script>alert(1)</script> Publish"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let (_, html) = app.get(&format!("/reviews/{id}")).await;
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("Publish"));
    // Bad input is a 400 with the reason.
    let r = client()
        .post(format!("{}/reviews/{id}/evidence", app.address))
        .header(COOKIE, &cookie)
        .form(&[
            ("witness", "W"),
            ("given_on", "12/03/2019"),
            ("summary", "S"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 400);
    assert!(r.text().await.expect("body").contains("is not a date"));
    // Signed-in pages are never served from the shared cache.
    let (_, public) = app.get(&format!("/reviews/{id}")).await;
    assert!(
        !public.contains("name=\"csrf\""),
        "the public page has no forms"
    );
    let signed = client()
        .get(format!("{}/reviews/{id}", app.address))
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(signed.contains("Log evidence"), "{signed}");
    // Signing out ends the session.
    let r = client()
        .post(format!("{}/logout", app.address))
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .form(&[("text", "x"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "the old cookie is dead");
}

#[tokio::test]
async fn wrong_passwords_are_audited_and_then_rate_limited() {
    let app = TestApp::start().await;
    users(&app).await;
    for _ in 0..5 {
        let r = client()
            .post(format!("{}/login", app.address))
            .form(&[("username", "admin"), ("password", "wrong wrong wrong")])
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 401);
    }
    let r = client()
        .post(format!("{}/login", app.address))
        .form(&[("username", "admin"), ("password", PASSWORD)])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 429, "even the right password waits");
    let failures = app
        .store
        .audit_log(Some("login failed"), 1000)
        .await
        .expect("log");
    assert_eq!(failures.len(), 5);
    // Another user is not locked out, and `next` cannot send anyone off-site.
    let r = client()
        .post(format!("{}/login", app.address))
        .form(&[
            ("username", "inspectorate"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], "/");
}

//! The holes found by trying the server as an attacker would, each with the test that failed
//! before its fix: drafts leaking through history and downloads, an open redirect after
//! login, a cache that a query string could grow, refused large pages, unbounded text,
//! login limits that locked users out, and API errors that were not JSON.

use reqwest::header::{COOKIE, LOCATION};

use crate::TestApp;
use crate::auth::{PASSWORD, client, sign_in, users};

/// A draft action of Borsetshire with an update and a file, by its force editor.
async fn draft_with_file(app: &TestApp) -> (String, String, String) {
    let finding = app.finding_id("force=borsetshire").await;
    let editor = app.store.user("force_editor").await.expect("r").expect("u");
    let action = app
        .store
        .add_action(&finding, "Secret plan title", "force_editor", None, &editor)
        .await
        .expect("action");
    app.store
        .add_action_update(&action, "Confidential progress words", None, &editor)
        .await
        .expect("update");
    let sha = app
        .store
        .attach(
            &action,
            1,
            "memo.txt",
            "text/plain",
            b"Unpublished memo",
            &editor,
        )
        .await
        .expect("attached");
    (finding, action, sha)
}

#[tokio::test]
async fn a_draft_action_its_history_and_its_files_are_private_until_published() {
    let app = TestApp::start().await;
    users(&app).await;
    let (finding, action, sha) = draft_with_file(&app).await;
    let download = format!("{}/attachments/{sha}", app.address);

    // Anonymous readers, the Panel and the inspectorate see none of it.
    let (status, page) = app.get(&format!("/findings/{finding}")).await;
    assert_eq!(status, 200);
    for secret in [
        "Secret plan title",
        "Confidential progress words",
        &sha,
        &action,
    ] {
        assert!(!page.contains(secret), "the public page shows {secret}");
    }
    assert_eq!(
        client()
            .get(&download)
            .send()
            .await
            .expect("answer")
            .status(),
        404
    );
    for outsider in ["panel_member", "inspectorate"] {
        let (cookie, csrf) = sign_in(&app, outsider).await;
        let r = client()
            .get(&download)
            .header(COOKIE, &cookie)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 404, "{outsider} downloads a draft's file");
        let page = client()
            .get(format!("{}/findings/{finding}", app.address))
            .header(COOKIE, &cookie)
            .send()
            .await
            .expect("answer")
            .text()
            .await
            .expect("body");
        assert!(
            !page.contains("Confidential progress words"),
            "{outsider} reads the draft's history"
        );
        if outsider == "inspectorate" {
            let audit = client()
                .get(format!("{}/audit", app.address))
                .header(COOKIE, &cookie)
                .send()
                .await
                .expect("answer")
                .text()
                .await
                .expect("body");
            assert!(
                audit.contains("Audit log"),
                "the inspectorate reads the log"
            );
            assert!(
                !audit.contains("Confidential progress words"),
                "the audit page shows a draft"
            );
        }
        let _ = csrf;
    }
    // The force's own editor sees and downloads it.
    let (cookie, _) = sign_in(&app, "force_editor").await;
    let r = client()
        .get(&download)
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"Unpublished memo");

    // Published, it is everybody's.
    let editor = app.store.user("force_editor").await.expect("r").expect("u");
    app.store
        .publish_action(&action, &editor)
        .await
        .expect("published");
    let (_, page) = app.get(&format!("/findings/{finding}")).await;
    assert!(
        page.contains("Confidential progress words"),
        "the history shows once published"
    );
    assert_eq!(
        client()
            .get(&download)
            .send()
            .await
            .expect("answer")
            .status(),
        200
    );
}

#[tokio::test]
async fn after_signing_in_only_a_path_of_this_site_is_followed() {
    let app = TestApp::start().await;
    users(&app).await;
    for (next, expected) in [
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/\0", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/caf\u{e9}", "/"),
        ("/findings?force=borsetshire", "/findings?force=borsetshire"),
    ] {
        let r = client()
            .post(format!("{}/login", app.address))
            .form(&[
                ("username", "admin"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .expect("login answers");
        assert_eq!(r.status(), 303, "next={next:?}");
        assert_eq!(r.headers()[LOCATION], expected, "next={next:?}");
    }
}

#[tokio::test]
async fn failed_logins_are_limited_per_client_and_never_lock_a_user_out_for_others() {
    let app = TestApp::start().await;
    users(&app).await;
    let attempt = |name: String, password: &'static str, forwarded: Option<&'static str>| {
        let app = &app;
        async move {
            let mut request = client().post(format!("{}/login", app.address)).form(&[
                ("username", name.as_str()),
                ("password", password),
                ("next", "/"),
            ]);
            if let Some(f) = forwarded {
                request = request.header("x-forwarded-for", f);
            }
            request.send().await.expect("answer").status().as_u16()
        }
    };
    // A megabyte of name is a wrong login, recorded cut to the longest name there can be.
    assert_eq!(attempt("x".repeat(1_000_000), "wrong", None).await, 401);
    let log = app
        .store
        .audit_log(Some("login failed"), 10)
        .await
        .expect("log");
    assert!(
        log.iter().all(|e| e.record.len() <= "user:".len() + 64),
        "{:?}",
        log[0].record.len()
    );
    // Many names from one client: limited after 20 failures, and the refused ones write nothing.
    let mut statuses = Vec::new();
    for n in 0..25 {
        statuses.push(attempt(format!("nobody{n}"), "wrong", None).await);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        19,
        "{statuses:?}"
    );
    assert!(statuses[19..].iter().all(|s| *s == 429), "{statuses:?}");
    let failures = app
        .store
        .audit_log(Some("login failed"), 1000)
        .await
        .expect("log")
        .len();
    assert_eq!(
        failures, 20,
        "refused attempts are not written to the audit log"
    );
    // The limited client cannot sign in as anyone, even with the right password...
    assert_eq!(attempt("admin".to_owned(), PASSWORD, None).await, 429);
    // ...and this server does not trust X-Forwarded-For unless told: the header changes nothing.
    assert_eq!(
        attempt("admin".to_owned(), PASSWORD, Some("203.0.113.9")).await,
        429
    );
}

#[tokio::test]
async fn typed_text_has_limits_and_owners_come_from_the_force() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app.finding_id("force=borsetshire").await;
    let (cookie, csrf) = sign_in(&app, "force_editor").await;
    let post = |body: serde_json::Value| {
        client()
            .post(format!("{}/api/v1/findings/{finding}/actions", app.address))
            .header(COOKIE, &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let r = post(serde_json::json!({"title": "x".repeat(3_000_000), "owner": "force_editor"}))
        .await
        .expect("answer");
    assert_eq!(r.status(), 413, "a body over the limit");
    assert!(r.json::<serde_json::Value>().await.expect("JSON")["error"]["message"].is_string());
    for long in [600, 1_200_000] {
        let r = post(serde_json::json!({"title": "x".repeat(long), "owner": "force_editor"}))
            .await
            .expect("answer");
        assert_eq!(r.status(), 400, "a title of {long} characters");
        let body: serde_json::Value = r.json().await.expect("JSON");
        assert!(
            body["error"]["message"]
                .as_str()
                .expect("message")
                .contains("longer than 500"),
            "{body}"
        );
    }
    // Another force's editor cannot own Borsetshire's action; the inspectorate cannot either.
    app.store
        .add_user(
            "kent_editor",
            PASSWORD,
            oversight_domain::user::Role::ForceEditor,
            Some("kent"),
            "test",
        )
        .await
        .expect("user");
    for owner in ["kent_editor", "inspectorate", "panel_member"] {
        let r = post(serde_json::json!({"title": "Plan", "owner": owner}))
            .await
            .expect("answer");
        assert_eq!(r.status(), 400, "{owner} owns a Borsetshire action");
    }
    let r = post(serde_json::json!({"title": "Plan", "owner": "opcc_editor"}))
        .await
        .expect("answer");
    assert_eq!(r.status(), 200, "the force's OPCC editor may own it");
    let action: serde_json::Value = r.json().await.expect("JSON");
    let id = action["id"].as_str().expect("id");
    let editor = app.store.user("force_editor").await.expect("r").expect("u");
    let err = app
        .store
        .add_action_update(id, "Done", Some("kent_editor"), &editor)
        .await
        .expect_err("another force's approver");
    assert!(err.to_string().contains("cannot sign off"), "{err}");
    assert!(
        app.store
            .action(id)
            .await
            .expect("r")
            .expect("a")
            .updates
            .is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn api_errors_are_json_and_documented_and_pages_carry_security_headers() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app.finding_id("force=borsetshire").await;
    let (cookie, csrf) = sign_in(&app, "force_editor").await;
    let url = format!("{}/api/v1/findings/{finding}/actions", app.address);
    for (content_type, body, expected) in [
        ("text/plain", "title=x", 415),
        ("application/json", "{not json", 400),
        ("application/json", "{\"title\": 5}", 422),
    ] {
        let r = client()
            .post(&url)
            .header(COOKIE, &cookie)
            .header("x-csrf-token", &csrf)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status().as_u16(), expected, "{content_type} {body}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("application/json")
        );
        let json: serde_json::Value = r.json().await.expect("a JSON error");
        assert_eq!(json["error"]["status"], expected);
        assert!(
            !json["error"]["message"]
                .as_str()
                .expect("message")
                .is_empty()
        );
    }
    let (_, doc) = app.json("/api/v1/openapi.json").await;
    let responses = &doc["paths"]["/api/v1/findings/{id}/actions"]["post"]["responses"];
    for code in ["400", "413", "415", "422"] {
        assert!(
            responses[code].is_object(),
            "{code} is not documented: {responses}"
        );
    }
    assert!(doc["paths"]["/api/v1/session"]["get"].is_object());
    let r = client()
        .get(format!("{}/", app.address))
        .send()
        .await
        .expect("answer");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    // The session, for programs.
    let r = client()
        .get(format!("{}/api/v1/session", app.address))
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("answer");
    let session: serde_json::Value = r.json().await.expect("JSON");
    assert_eq!(session["csrf"], csrf.as_str());
    assert_eq!(session["force"], "borsetshire");
    assert_eq!(
        client()
            .get(format!("{}/api/v1/session", app.address))
            .send()
            .await
            .expect("a")
            .status(),
        403
    );
    // Health.
    let (status, health) = app.json("/healthz").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
}

#[tokio::test]
async fn the_cache_ignores_unknown_parameters_and_large_pages_are_served_whole() {
    let app = TestApp::start().await;
    let finding = app.finding_id("force=borsetshire").await;
    let (status, plain) = app.get(&format!("/findings/{finding}")).await;
    assert_eq!(status, 200);
    for n in 0..50 {
        let (status, page) = app
            .get(&format!("/findings/{finding}?junk={n}&utm_source=x"))
            .await;
        assert_eq!((status, page == plain), (200, true), "junk={n}");
    }
    let (status, _) = app
        .get(&format!("/findings?force={}", "b".repeat(300)))
        .await;
    assert_eq!(status, 400, "a parameter too long to be real");
    // A document of 3 MB is served to anonymous readers whole, not as a 500.
    let mut text = String::from("Borsetshire Constabulary\n\nA long annex.\n\n");
    while text.len() < 3_200_000 {
        text.push_str("This paragraph of the annex repeats to make the report large. \n");
    }
    let outcome = oversight_pipeline::import_bytes(&app.store, "annex.txt", text.as_bytes())
        .await
        .expect("imported");
    let oversight_store::ImportOutcome::Added(summary) = outcome else {
        panic!("a new document")
    };
    let id = &summary.document_id;
    let (status, page) = app.get(&format!("/documents/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.len() > 3_000_000, "{} bytes", page.len());
    // Twice: the second answer is not cached half-way.
    let (status, again) = app.get(&format!("/documents/{id}")).await;
    assert_eq!((status, again.len()), (200, page.len()));
}

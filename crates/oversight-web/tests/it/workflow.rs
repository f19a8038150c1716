//! The accountability workflow through the web, with every role and anonymously: actions,
//! their audit and the overdue list, responses drafted privately and published, and the
//! permission matrix over every route.

use oversight_domain::user::Role;
use reqwest::header::{COOKIE, LOCATION};

use crate::TestApp;
use crate::auth::{client, review_id, sign_in, users};

#[tokio::test]
async fn actions_audit_and_overdue_with_every_role_and_anonymously() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app.finding_id("force=borsetshire").await;
    let url = format!("{}/findings/{finding}/actions", app.address);
    let r = client()
        .post(&url)
        .form(&[("title", "x"), ("owner", "admin")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "anonymous adds an action");
    let r = client()
        .get(format!("{}/audit", app.address))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "anonymous reads the audit log");
    for role in Role::ALL {
        let (cookie, csrf) = sign_in(&app, role.code()).await;
        let may_edit = matches!(role, Role::Admin | Role::ForceEditor | Role::OpccEditor);
        let title = format!("Publish the plan ({})", role.code());
        let r = client()
            .post(&url)
            .header(COOKIE, &cookie)
            .form(&[
                ("title", title.as_str()),
                ("owner", "force_editor"),
                ("due_on", "2019-01-31"),
                ("csrf", csrf.as_str()),
            ])
            .send()
            .await
            .expect("answer");
        assert_eq!(
            r.status(),
            if may_edit { 303 } else { 403 },
            "{} adds an action",
            role.code()
        );
        let r = client()
            .get(format!("{}/audit", app.address))
            .header(COOKIE, &cookie)
            .send()
            .await
            .expect("answer");
        let reads_log = matches!(role, Role::Admin | Role::Inspectorate);
        assert_eq!(
            r.status(),
            if reads_log { 200 } else { 403 },
            "{} reads the audit log",
            role.code()
        );
    }
    // Drafts are not public: the overdue list is empty until they are published.
    let (_, html) = app.get("/overdue").await;
    assert!(html.contains("Red: 0"), "{html}");
    let admin = app.store.user("admin").await.expect("r").expect("u");
    for a in app.store.actions(Some(&finding)).await.expect("actions") {
        app.store
            .publish_action(&a.id, &admin)
            .await
            .expect("published");
    }
    // Three actions, all past due: red on the overdue list, nationally and for the force.
    for path in ["/overdue", "/overdue?force=borsetshire"] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, 200);
        assert!(html.contains("Red: 3"), "{path}: {html}");
        assert!(html.contains("Publish the plan (force_editor)"));
        // The 2016 report (published 9 March 2017) has no stored PCC response: overdue since 3 May.
        assert!(
            html.contains("<td>2017-03-09</td><td>2017-05-03</td>"),
            "{path}: {html}"
        );
        // The page's title is text, and the section is there once, under the heading.
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_default();
        assert!(!title.contains('<'), "{path}: title {title:?}");
        assert_eq!(
            html.matches("<h2>PCC responses overdue</h2>").count(),
            1,
            "{path}"
        );
        assert!(
            html.find("<h1>") < html.find("<h2>PCC responses overdue</h2>"),
            "{path}"
        );
    }
    let (_, html) = app.get("/forces/borsetshire").await;
    assert!(html.contains("Overdue actions"), "{html}");
    let (_, html) = app.get(&format!("/findings/{finding}")).await;
    assert!(html.contains("Status: In progress"), "{html}");
    assert!(html.contains("History of this finding"), "{html}");
    assert!(html.contains("rag-red"));

    // The force editor moves one on; the inspectorate verifies once completed.
    let actions = app.store.actions(Some(&finding)).await.expect("actions");
    let id = &actions[0].id;
    let (cookie, csrf) = sign_in(&app, "force_editor").await;
    for to in ["in_progress", "completed"] {
        let r = client()
            .post(format!("{}/actions/{id}/status", app.address))
            .header(COOKIE, &cookie)
            .form(&[("to", to), ("csrf", csrf.as_str())])
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 303, "{to}");
    }
    let r = client()
        .post(format!("{}/actions/{id}/status", app.address))
        .header(COOKIE, &cookie)
        .form(&[("to", "verified"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(
        r.status(),
        403,
        "an editor may not verify: forbidden, not a conflict"
    );
    let (cookie, csrf) = sign_in(&app, "inspectorate").await;
    let r = client()
        .post(format!("{}/actions/{id}/status", app.address))
        .header(COOKIE, &cookie)
        .form(&[("to", "verified"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303, "the inspectorate verifies");
    // And may not do anything else to the force's actions.
    let r = client()
        .post(format!("{}/actions/{}/status", app.address, actions[1].id))
        .header(COOKIE, &cookie)
        .form(&[("to", "closed"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn responses_are_drafted_privately_checked_and_published() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app
        .finding_id("force=borsetshire&kind=recommendation")
        .await;
    let (cookie, csrf) = sign_in(&app, "opcc_editor").await;
    // The Panel does not write responses.
    let (panel, panel_csrf) = sign_in(&app, "panel_member").await;
    let r = client()
        .post(format!("{}/findings/{finding}/responses", app.address))
        .header(COOKIE, &panel)
        .form(&[("text", "x"), ("csrf", panel_csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403);
    let r = client()
        .post(format!("{}/findings/{finding}/responses", app.address))
        .header(COOKIE, &cookie)
        .form(&[
            ("text", "The Commissioner <em>accepts</em> this."),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let id = r.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .split('#')
        .nth(1)
        .expect("an anchor")
        .to_owned();
    // The draft is invisible to the public and the Panel.
    let (_, public) = app.get(&format!("/findings/{finding}")).await;
    assert!(!public.contains(&id), "{public}");
    let as_panel = client()
        .get(format!("{}/findings/{finding}", app.address))
        .header(COOKIE, &panel)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(!as_panel.contains(&id));
    // Publishing a response to a recommendation that says neither action nor reason is refused.
    let publish = format!("{}/workflow-responses/{id}/publish", app.address);
    let r = client()
        .post(&publish)
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("neither what action is taken nor why none is")
    );
    let r = client()
        .post(format!("{}/workflow-responses/{id}/edit", app.address))
        .header(COOKIE, &cookie)
        .form(&[
            ("text", "The Commissioner <em>accepts</em> this."),
            ("action_taken", "A plan goes to HMIC by June"),
            ("version", "1"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let r = client()
        .post(&publish)
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf.as_str()), ("version", "2")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let (_, public) = app.get(&format!("/findings/{finding}")).await;
    assert!(public.contains(&format!("id=\"{id}\"")), "{public}");
    assert!(
        public.contains("&#60;em&#62;accepts") || public.contains("&lt;em&gt;accepts"),
        "escaped: {public}"
    );
    assert!(public.contains("A plan goes to HMIC by June"));
    // Through the API too: a force editor drafts; the JSON routes are in the OpenAPI document.
    let (force_cookie, force_csrf) = sign_in(&app, "force_editor").await;
    let r = client()
        .post(format!(
            "{}/api/v1/findings/{finding}/responses",
            app.address
        ))
        .header(COOKIE, &force_cookie)
        .header("x-csrf-token", &force_csrf)
        .json(
            &serde_json::json!({"text": "The force will act.", "no_action_reason": "Already done"}),
        )
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["by"], "force");
    assert_eq!(body["status"], "draft");
    let r = client()
        .post(format!("{}/api/v1/findings/{finding}/actions", app.address))
        .header(COOKIE, &force_cookie)
        .header("x-csrf-token", &force_csrf)
        .json(&serde_json::json!({"title": "Send the plan", "owner": "force_editor", "due_on": "2017-06-30"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    let action: serde_json::Value = r.json().await.expect("json");
    let r = client()
        .post(format!(
            "{}/api/v1/actions/{}",
            app.address,
            action["id"].as_str().expect("id")
        ))
        .header(COOKIE, &force_cookie)
        .header("x-csrf-token", &force_csrf)
        .json(&serde_json::json!({"status": "completed", "version": 1}))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 409, "open cannot jump to completed");
    let (_, actions) = app.json("/api/v1/actions").await;
    assert_eq!(
        actions.as_array().map(Vec::len),
        Some(0),
        "a draft is not public"
    );
    let r = client()
        .post(format!(
            "{}/api/v1/actions/{}/operations",
            app.address,
            action["id"].as_str().expect("id")
        ))
        .header(COOKIE, &force_cookie)
        .header("x-csrf-token", &force_csrf)
        .json(&serde_json::json!({"operation": "publish"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    let published: serde_json::Value = r.json().await.expect("json");
    assert_eq!(published["published"], true);
    let (_, actions) = app.json("/api/v1/actions").await;
    assert_eq!(actions[0]["rag"], "Red");
}

/// Every route of the application, by method: pages listed here, API routes read from the
/// OpenAPI document so that none can be added without being tried.
async fn every_route(app: &TestApp) -> Vec<(&'static str, String)> {
    let finding = app.finding_id("force=borsetshire").await;
    let document = finding.split("-f").next().expect("document").to_owned();
    let review = review_id(app).await;
    let mut routes: Vec<(&'static str, String)> = [
        "/",
        "/forces/borsetshire",
        "/forces/borsetshire/pack",
        "/inspections/borsetshire-2016-effectiveness",
        "/findings",
        &format!("/findings/{finding}"),
        "/documents",
        &format!("/documents/{document}"),
        "/indicators",
        "/reviews",
        &format!("/reviews/{review}"),
        "/overdue",
        "/audit",
        "/login",
        "/static/style.css",
    ]
    .into_iter()
    .map(|p| ("GET", p.to_owned()))
    .collect();
    for p in [
        format!("/reviews/{review}/status"),
        format!("/reviews/{review}/evidence"),
        format!("/reviews/{review}/members"),
        format!("/reviews/{review}/meetings"),
        format!("/reviews/{review}/recommendations"),
        format!("/reviews/{review}/recommendations/1/response"),
        format!("/findings/{finding}/actions"),
        format!("/findings/{finding}/responses"),
        format!("/findings/{finding}/indicators"),
        format!("/actions/{finding}-a1/status"),
        format!("/actions/{finding}-a1/updates"),
        format!("/actions/{finding}-a1/updates/1/sign-off"),
        format!("/actions/{finding}-a1/withdraw"),
        format!("/actions/{finding}-a1/publish"),
        format!("/actions/{finding}-a1/updates/1/attachments"),
        format!("/workflow-responses/{finding}-w1/edit"),
        format!("/workflow-responses/{finding}-w1/publish"),
        format!("/workflow-responses/{finding}-w1/withdraw"),
        "/logout".to_owned(),
    ] {
        routes.push(("POST", p));
    }
    let (_, spec) = app.json("/api/v1/openapi.json").await;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let concrete = path
            .replace(
                "{id}",
                if path.contains("review") {
                    &review
                } else if path.contains("forces") {
                    "borsetshire"
                } else if path.contains("indicators") {
                    "unable_to_prosecute_share"
                } else if path.contains("documents") {
                    &document
                } else if path.contains("actions/") {
                    "x-a1"
                } else {
                    &finding
                },
            )
            .replace("{n}", "1");
        let concrete = if concrete.ends_with("/compare") {
            format!("{concrete}?month=2017-04")
        } else if concrete.ends_with("/series") {
            format!("{concrete}?force=borsetshire")
        } else {
            concrete
        };
        for method in ["get", "post"] {
            if item[method].is_object() {
                routes.push((
                    if method == "get" { "GET" } else { "POST" },
                    concrete.clone(),
                ));
            }
        }
    }
    routes
}

#[tokio::test]
async fn the_permission_matrix_covers_every_route() {
    let app = TestApp::start().await;
    users(&app).await;
    let routes = every_route(&app).await;
    assert!(routes.len() > 45, "{} routes", routes.len());
    let mut viewers: Vec<(String, Option<(String, String)>)> = vec![("anonymous".to_owned(), None)];
    for role in Role::ALL {
        viewers.push((
            role.code().to_owned(),
            Some(sign_in(&app, role.code()).await),
        ));
    }
    for (who, session) in &viewers {
        for (method, path) in &routes {
            let url = format!("{}{path}", app.address);
            let mut request = match *method {
                "GET" => client().get(&url),
                _ => client().post(&url),
            };
            if let Some((cookie, _)) = session {
                request = request.header(COOKIE, cookie);
            }
            if *method == "POST" {
                // A POST with a wrong token is refused whoever sends it (login has its own check).
                // Every field any route reads, so that only the checks can refuse it.
                request = if path.ends_with("/attachments") {
                    let part = reqwest::multipart::Part::bytes(b"x".to_vec())
                        .file_name("x.txt")
                        .mime_str("text/plain")
                        .expect("mime");
                    request.multipart(
                        reqwest::multipart::Form::new()
                            .text("csrf", "wrong")
                            .part("file", part),
                    )
                } else if path.starts_with("/api/") {
                    request.header("x-csrf-token", "wrong").json(&serde_json::json!({
                        "to": "in_progress", "status": "in_progress", "text": "x", "witness": "x",
                        "given_on": "2019-01-01", "summary": "x", "title": "x", "owner": "admin",
                        "responded_on": "2019-01-01", "version": 1, "operation": "publish"
                    }))
                } else {
                    request.form(&[
                        ("csrf", "wrong"),
                        ("to", "in_progress"),
                        ("version", "1"),
                        ("text", "x"),
                        ("witness", "x"),
                        ("given_on", "2019-01-01"),
                        ("summary", "x"),
                        ("name", "x"),
                        ("held_on", "2019-01-01"),
                        ("note", "x"),
                        ("title", "x"),
                        ("owner", "admin"),
                        ("responded_on", "2019-01-01"),
                        ("indicator", "unable_to_prosecute_share"),
                    ])
                };
            }
            let status = request.send().await.expect("answer").status().as_u16();
            let expected: &[u16] = match (*method, path.as_str()) {
                ("GET", "/audit") if matches!(who.as_str(), "admin" | "inspectorate") => &[200],
                ("GET", "/audit") => &[403],
                ("GET", "/api/v1/session") if who == "anonymous" => &[403],
                ("GET", _) => &[200],
                // Refused: no session, or a wrong token.
                ("POST", _) => &[403],
                _ => &[405],
            };
            assert!(
                expected.contains(&status),
                "{who} {method} {path}: {status}, expected {expected:?}"
            );
        }
    }
    // Nothing was changed by any of it.
    assert!(app.store.actions(None).await.expect("actions").is_empty());
}

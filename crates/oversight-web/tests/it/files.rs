//! Evidence files on actions (checked, stored with their hash, served as downloads) and
//! links from findings to indicators.

use reqwest::header::COOKIE;

use crate::TestApp;
use crate::auth::{client, sign_in, users};

#[tokio::test]
async fn evidence_files_are_checked_stored_with_their_hash_and_served_as_downloads() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app.finding_id("force=borsetshire").await;
    let editor = app.store.user("force_editor").await.expect("r").expect("u");
    let action = app
        .store
        .add_action(&finding, "Publish the plan", "force_editor", None, &editor)
        .await
        .expect("action");
    app.store
        .add_action_update(&action, "Drafted", None, &editor)
        .await
        .expect("update");
    app.store
        .publish_action(&action, &editor)
        .await
        .expect("published");
    let (cookie, csrf) = sign_in(&app, "force_editor").await;
    let url = format!("{}/actions/{action}/updates/1/attachments", app.address);
    let upload = |name: &'static str, kind: &'static str, bytes: Vec<u8>, token: String| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name)
            .mime_str(kind)
            .expect("mime");
        reqwest::multipart::Form::new()
            .text("csrf", token)
            .part("file", part)
    };
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .multipart(upload(
            "minutes.txt",
            "text/plain",
            b"Minutes of the board".to_vec(),
            csrf.clone(),
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .multipart(upload(
            "plan.pdf",
            "application/pdf",
            b"MZ not a pdf".to_vec(),
            csrf.clone(),
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 400, "a file that is not what it says");
    let r = client()
        .post(&url)
        .header(COOKIE, &cookie)
        .multipart(upload(
            "minutes.txt",
            "text/plain",
            b"x".to_vec(),
            "wrong".to_owned(),
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403, "no token");
    let files = app.store.attachments(&action).await.expect("files");
    assert_eq!(files.len(), 1);
    let sha = files[0].1.sha256.clone();
    assert_eq!(sha.len(), 64);
    let r = client()
        .get(format!("{}/attachments/{sha}", app.address))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/plain");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment")
    );
    assert_eq!(
        r.bytes().await.expect("body").as_ref(),
        b"Minutes of the board"
    );
    let (_, html) = app.get(&format!("/findings/{finding}")).await;
    assert!(html.contains(&format!("/attachments/{sha}")), "{html}");
}

#[tokio::test]
async fn the_inspectorate_links_a_finding_to_an_indicator() {
    let app = TestApp::start().await;
    users(&app).await;
    let finding = app
        .finding_id("force=borsetshire&kind=recommendation")
        .await;
    let url = format!("{}/findings/{finding}/indicators", app.address);
    let (panel, panel_csrf) = sign_in(&app, "panel_member").await;
    let r = client()
        .post(&url)
        .header(COOKIE, &panel)
        .form(&[
            ("indicator", "no_suspect_share"),
            ("csrf", panel_csrf.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 403);
    let (hmi, csrf) = sign_in(&app, "inspectorate").await;
    let r = client()
        .post(&url)
        .header(COOKIE, &hmi)
        .form(&[("indicator", "nonsense"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 400);
    let r = client()
        .post(&url)
        .header(COOKIE, &hmi)
        .form(&[("indicator", "no_suspect_share"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 303);
    let (_, html) = app.get(&format!("/findings/{finding}")).await;
    assert!(
        html.contains(r#"id="indicator-no_suspect_share""#),
        "{html}"
    );
    let log = app
        .store
        .audit_log(Some("link indicator"), 1000)
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "inspectorate");
}

//! The JSON API and its OpenAPI document.

use crate::TestApp;

#[tokio::test]
async fn records_come_back_as_json_with_stable_ids() {
    let app = TestApp::start().await;
    let (status, forces) = app.json("/api/v1/forces").await;
    assert_eq!(status, 200);
    assert_eq!(
        forces.as_array().map(Vec::len),
        Some(44),
        "43 forces and the demo's fictional one"
    );
    let (_, force) = app.json("/api/v1/forces/borsetshire").await;
    assert_eq!(force["fictional"], true);
    let (_, cycles) = app.json("/api/v1/cycles").await;
    assert_eq!(cycles.as_array().map(Vec::len), Some(7));
    let (_, judgments) = app
        .json("/api/v1/judgments?force=borsetshire&cycle=2016&pillar=effectiveness")
        .await;
    let pillar = judgments
        .as_array()
        .expect("a list")
        .iter()
        .find(|j| j["question"].is_null())
        .expect("the pillar grade");
    assert_eq!(
        (
            pillar["grade"].as_str(),
            pillar["previous_grade"].as_str(),
            pillar["change"].as_str()
        ),
        (
            Some("requires_improvement"),
            Some("good"),
            Some("deteriorated")
        )
    );
    assert_eq!(pillar["inspection"], "borsetshire-2016-effectiveness");
    let (_, page) = app
        .json("/api/v1/findings?force=borsetshire&kind=recommendation")
        .await;
    assert_eq!(page["total"], 3);
    let id = page["findings"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let (_, one) = app.json(&format!("/api/v1/findings/{id}")).await;
    assert_eq!(one["id"], id.as_str());
    let (_, again) = app.json(&format!("/api/v1/findings/{id}")).await;
    assert_eq!(one, again);
    let (_, documents) = app.json("/api/v1/documents").await;
    assert!(
        documents[0].get("text").is_none(),
        "lists leave the text out"
    );
    let doc = documents[0]["id"].as_str().expect("an id").to_owned();
    let (_, document) = app.json(&format!("/api/v1/documents/{doc}")).await;
    assert!(document["text"].as_str().is_some_and(|t| !t.is_empty()));
    let response_finding = app
        .finding_id("force=borsetshire&cycle=2018/19&pillar=legitimacy")
        .await;
    let (_, responses) = app
        .json(&format!("/api/v1/responses?finding={response_finding}"))
        .await;
    let by: Vec<&str> = responses
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["by"].as_str())
        .collect();
    assert_eq!(by, vec!["opcc", "force"]);
}

#[tokio::test]
async fn bad_input_is_a_4xx_with_a_message_never_a_500() {
    let app = TestApp::start().await;
    for (path, status) in [
        ("/api/v1/findings/nope", 404),
        ("/api/v1/documents/nope", 404),
        ("/api/v1/forces/gotham", 404),
        ("/api/v1/responses?finding=nope", 404),
        ("/api/v1/findings?force=gotham", 400),
        ("/api/v1/findings?cycle=2020", 400),
        ("/api/v1/findings?pillar=bravery", 400),
        ("/api/v1/findings?kind=wish", 400),
        ("/api/v1/findings?page=0", 400),
        ("/api/v1/findings?per_page=100000", 400),
        ("/api/v1/findings?page=%FF", 400),
        ("/api/v1/judgments?cycle=PEEL", 400),
        ("/api/v1/no-such-route", 404),
    ] {
        let (got, body) = app.json(path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(body["error"]["status"], status, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.len() > 5),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::start().await;
    let (status, spec) = app.json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );
    let mut paths: Vec<&str> = spec["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        vec![
            "/api/v1/actions",
            "/api/v1/actions/{id}",
            "/api/v1/actions/{id}/operations",
            "/api/v1/cycles",
            "/api/v1/documents",
            "/api/v1/documents/{id}",
            "/api/v1/findings",
            "/api/v1/findings/{id}",
            "/api/v1/findings/{id}/actions",
            "/api/v1/findings/{id}/responses",
            "/api/v1/forces",
            "/api/v1/forces/{id}",
            "/api/v1/indicators",
            "/api/v1/indicators/{id}/compare",
            "/api/v1/indicators/{id}/series",
            "/api/v1/judgments",
            "/api/v1/openapi.json",
            "/api/v1/responses",
            "/api/v1/reviews",
            "/api/v1/reviews/{id}",
            "/api/v1/reviews/{id}/evidence",
            "/api/v1/reviews/{id}/recommendations",
            "/api/v1/reviews/{id}/recommendations/{n}/response",
            "/api/v1/reviews/{id}/status",
            "/api/v1/session",
            "/api/v1/workflow-responses/{id}",
            "/api/v1/workflow-responses/{id}/publish",
            "/api/v1/workflow-responses/{id}/withdraw",
        ]
    );
    // And every documented route answers.
    let finding = app.finding_id("force=borsetshire").await;
    let document = finding
        .split("-f")
        .next()
        .expect("a document id")
        .to_owned();
    let (_, reviews) = app.json("/api/v1/reviews").await;
    let review = reviews[0]["id"].as_str().expect("a review").to_owned();
    // And every documented GET answers (the POSTs are tried in auth.rs).
    for path in paths
        .into_iter()
        .filter(|p| spec["paths"][*p]["get"].is_object())
    {
        let concrete = path.replace(
            "{id}",
            if path.contains("forces") {
                "kent"
            } else if path.contains("documents") {
                &document
            } else if path.contains("indicators") {
                "unable_to_prosecute_share"
            } else if path.contains("reviews") {
                &review
            } else {
                &finding
            },
        );
        let concrete = if concrete.ends_with("/compare") {
            format!("{concrete}?month=2017-04")
        } else if concrete.ends_with("/series") {
            format!("{concrete}?force=borsetshire")
        } else {
            concrete
        };
        let (status, _) = app.get(&concrete).await;
        // The session route answers a signed-in client only (tried in security.rs).
        let expected = if concrete == "/api/v1/session" {
            403
        } else {
            200
        };
        assert_eq!(status, expected, "{concrete}");
    }
}

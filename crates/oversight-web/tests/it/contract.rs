//! The HTTP contract as reviewed snapshots: the OpenAPI document, and the JSON of the main
//! API answers on the demo (our own fictional documents). A change shows as a diff in
//! `snapshots/`, accepted with `cargo insta review` and reviewed like code; CI runs with
//! `INSTA_UPDATE=no`, so a stale snapshot fails.

use crate::TestApp;

#[tokio::test]
async fn the_openapi_document_is_the_reviewed_contract() {
    let app = TestApp::start().await;
    let (status, doc) = app.json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    insta::with_settings!({ sort_maps => true }, {
        insta::assert_json_snapshot!("openapi", doc);
    });
}

#[tokio::test]
async fn the_main_api_answers_keep_their_shape() {
    let app = TestApp::start().await;
    for (name, path) in [
        ("forces", "/api/v1/forces"),
        ("force_borsetshire", "/api/v1/forces/borsetshire"),
        (
            "findings_borsetshire_2016",
            "/api/v1/findings?force=borsetshire&cycle=2016",
        ),
    ] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 200, "{path}");
        insta::with_settings!({ sort_maps => true }, {
            insta::assert_json_snapshot!(name, body);
        });
    }
}

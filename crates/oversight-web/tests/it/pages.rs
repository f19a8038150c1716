//! Pages: what a person sees, with JavaScript off.

use crate::TestApp;

#[tokio::test]
async fn the_national_table_shows_grades_as_words_with_change() {
    let app = TestApp::start().await;
    let (status, html) = app.get("/?cycle=2016").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>PEEL grades, PEEL 2016</h1>"), "{html}");
    assert!(html.contains("<caption>PEEL 2016 grades by force</caption>"));
    // Borsetshire's 2016 effectiveness came from its report, with last year's grade as stated.
    assert!(
        html.contains(r#"href="/inspections/borsetshire-2016-effectiveness""#),
        "{html}"
    );
    assert!(html.contains("↓ down from Good"));
    assert!(html.contains(r#"<option value="2018/19">PEEL 2018/19</option>"#));
    let (status, _) = app.get("/?cycle=1999").await;
    assert_eq!(status, 400);
    // With the questions: Borsetshire's question 5 was Ungraded, its question 2 requires improvement.
    let (status, html) = app.get("/?cycle=2016&questions=1").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<th scope=\"col\">Effectiveness Q5: Specialist capabilities</th>"),
        "{html}"
    );
    assert!(html.contains(">Ungraded</strong>"));
    assert!(html.contains("id=\"questions\" name=\"questions\" value=\"1\" checked"));
}

#[tokio::test]
async fn the_force_page_has_history_chart_table_and_findings() {
    let app = TestApp::start().await;
    let (status, html) = app.get("/forces/borsetshire").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Borsetshire Constabulary</h1>"));
    assert!(html.contains("<svg"), "a server-rendered chart");
    assert!(
        html.contains("<caption>Grade history by cycle</caption>"),
        "the chart's table equivalent"
    );
    assert!(html.contains("Latest grades: PEEL 2021/22"));
    assert!(html.contains("Open findings"));
    let (status, html) = app.get("/forces/gotham").await;
    assert_eq!(status, 404);
    assert!(html.contains("There is no force called"));
}

#[tokio::test]
async fn the_inspection_page_follows_the_report() {
    let app = TestApp::start().await;
    let (status, html) = app.get("/inspections/borsetshire-2016-effectiveness").await;
    assert_eq!(status, 200);
    for heading in [
        "Question 1: Preventing crime and tackling anti-social behaviour",
        "Question 2: Investigating crime and reducing re-offending",
        "Question 5: Specialist capabilities",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("Cause of concern"));
    assert_eq!(
        html.matches(r#"<a href="/findings/"#).count(),
        7,
        "every finding of the report is linked"
    );
    let (status, _) = app.get("/inspections/borsetshire-2019-bravery").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_finding_page_shows_its_provenance_and_responses() {
    let app = TestApp::start().await;
    let id = app
        .finding_id("force=borsetshire&cycle=2018/19&pillar=legitimacy")
        .await;
    let (status, html) = app.get(&format!("/findings/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("body-worn video"));
    assert!(
        html.contains("<mark>The force should ensure that body-worn video"),
        "the finding highlighted in context"
    );
    assert!(html.contains("The Office of the Police and Crime Commissioner"));
    assert!(
        html.contains("The force</p>"),
        "the force's own comment too"
    );
    let id = app.finding_id("force=borsetshire&cycle=2016&pillar=effectiveness&kind=area_for_improvement&page=4&per_page=1").await;
    let (_, html) = app.get(&format!("/findings/{id}")).await;
    assert!(
        html.contains("2017-06-30") && html.contains("2017-08-31"),
        "deadlines"
    );
    assert!(html.contains("<h2>Steps it asks for</h2>"), "sub-actions");
}

#[tokio::test]
async fn the_document_page_marks_every_record() {
    let app = TestApp::start().await;
    let id = app.finding_id("force=borsetshire&cycle=2018/19").await;
    let document = id.split("-f").next().expect("a document id").to_owned();
    let (status, html) = app.get(&format!("/documents/{document}")).await;
    assert_eq!(status, 200);
    // 3 judgments (one sentence, marked once), 3 findings and 4 responses.
    assert!(
        html.matches(r#"class="record record-finding""#).count() == 3,
        "{html}"
    );
    assert!(html.matches(r#"class="record record-response""#).count() == 4);
    assert!(html.contains(r#"class="record record-judgment""#));
}

#[tokio::test]
async fn lists_filter_and_page() {
    let app = TestApp::start().await;
    let (status, html) = app.get("/findings?force=borsetshire&per_page=5").await;
    assert_eq!(status, 200);
    assert!(html.contains("Showing 1–5 of 18 findings."), "{html}");
    assert!(
        html.contains(r#"rel="next" href="/findings?page=2&#38;force=borsetshire""#),
        "{html}"
    );
    let (_, html) = app.get("/findings?force=kent").await;
    assert!(html.contains("No findings match these filters."));
    let (status, html) = app.get("/findings?kind=wish").await;
    assert_eq!(status, 400);
    assert!(html.contains("kind:"));
}

#[tokio::test]
async fn text_from_documents_is_escaped() {
    let app = TestApp::start().await;
    let hostile = "Kent PEEL 2016\n\nEffectiveness\n\nHow effective is the force at keeping people safe and reducing crime?\n\nLast updated 01/12/2016\nGood\n\nKent Police is good.\n\nQuestions for Effectiveness\n\n1\n\nHow effective is the force at preventing crime?\n\nGood\n\nFine.\n\nAreas for improvement\n\n  • The force should stop <script>alert('x')</script> & \"quote\".\n";
    let x = oversight_ingest::ingest(hostile.as_bytes()).expect("a document");
    app.store.import("hostile.txt", &x).await.expect("imports");
    let id = app.finding_id("force=kent").await;
    for path in [
        format!("/findings/{id}"),
        "/findings?force=kent".to_owned(),
        format!("/documents/{}", id.split("-f").next().unwrap_or_default()),
    ] {
        let (_, html) = app.get(&path).await;
        assert!(
            !html.contains("<script>alert"),
            "{path} must escape document text"
        );
        assert!(
            html.contains("&lt;script&gt;alert") || html.contains("&#60;script&#62;alert"),
            "{path}: {html}"
        );
    }
}

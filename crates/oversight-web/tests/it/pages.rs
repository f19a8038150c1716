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
    oversight_pipeline::import_bytes(&app.store, "hostile.txt", hostile.as_bytes())
        .await
        .expect("imports");
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

/// The demo's police.uk file for Borsetshire and a real force's months, ingested through the
/// evidence engine; the 2016 effectiveness report's first finding linked to an indicator.
async fn with_evidence(app: &TestApp) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";
    let mut rows = vec![header.to_owned()];
    for (month, utp) in [("2017-03", 4), ("2017-04", 2)] {
        for i in 0..10 {
            let outcome = if i < utp {
                "Unable to prosecute suspect"
            } else {
                "Under investigation"
            };
            rows.push(format!("id{i},{month},Kent Police,Kent Police,1,2,On or near <script>alert(1)</script>,E1,N,Burglary,{outcome},"));
        }
    }
    std::fs::write(dir.path().join("kent-street.csv"), rows.join("\n")).expect("write");
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/police-uk");
    let sources = oversight_evidence::discover(&[demo, dir.path().to_owned()]).expect("sources");
    let aggregation = oversight_evidence::aggregate(&sources, &|_| {});
    oversight_pipeline::store_evidence(&app.store, &aggregation, &[])
        .await
        .expect("stored");
    let finding = app
        .store
        .findings()
        .await
        .expect("findings")
        .into_iter()
        .find(|f| {
            f.force == "borsetshire"
                && f.cycle == "2016"
                && f.pillar.as_deref() == Some("effectiveness")
        })
        .expect("a 2016 effectiveness finding");
    assert!(
        app.store
            .link_finding_indicator(&finding.id, "unable_to_prosecute_share", "test")
            .await
            .expect("link")
    );
    finding.id
}

#[tokio::test]
async fn indicators_rank_forces_with_chart_table_and_rules() {
    let app = TestApp::start().await;
    let (status, html) = app
        .get("/indicators?indicator=stop_search_arrest_rate")
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("No values of this indicator are stored yet"),
        "{html}"
    );
    with_evidence(&app).await;
    let (status, html) = app
        .get("/indicators?indicator=unable_to_prosecute_share&month=2017-04")
        .await;
    assert_eq!(status, 200);
    // Kent is the only real force that month: 2 of 10, which is England and Wales too.
    assert!(
        html.contains("England and Wales, 2017-04: <strong>20.0 %</strong> (2 / 10)"),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<a href="/forces/kent#indicator-unable_to_prosecute_share">Kent Police</a>"#
        )
    );
    // Borsetshire is shown but, being fictional, neither ranked nor in the total.
    assert!(
        html.contains("Borsetshire Constabulary <span class=\"note\">not one of the 43</span>"),
        "{html}"
    );
    assert!(html.contains("<svg"), "a bar chart");
    assert!(html.contains("Tukey"), "the outlier rule is stated");
    assert!(html.contains(r#"<option value="2017-04" selected>"#));
    let (status, _) = app.get("/indicators?indicator=nonsense").await;
    assert_eq!(status, 404);
    let (status, _) = app.get("/indicators?month=April").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn force_and_finding_pages_show_indicator_series() {
    let app = TestApp::start().await;
    let finding = with_evidence(&app).await;
    let (status, html) = app.get("/forces/kent").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"id="indicator-unable_to_prosecute_share""#),
        "{html}"
    );
    assert!(
        html.contains("<td>40.0</td><td>4 / 10</td><td>40.0</td><td>1 of 1</td>"),
        "{html}"
    );
    let (status, html) = app.get(&format!("/findings/{finding}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Evidence: did things get better?"), "{html}");
    // The report was published on 9 March 2017: that month is marked.
    assert!(html.contains(r#"<tr class="marked"><th scope="row">2017-03 <span class="note">report published</span>"#), "{html}");
    assert!(html.contains("Report published"), "the chart marks it too");
    assert!(!html.contains("<script>alert(1)</script>"));
}

#[tokio::test]
async fn the_indicator_api_compares_and_gives_series() {
    let app = TestApp::start().await;
    with_evidence(&app).await;
    let (status, list) = app.json("/api/v1/indicators").await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(5));
    let (status, c) = app
        .json("/api/v1/indicators/unable_to_prosecute_share/compare?month=2017-03")
        .await;
    assert_eq!(status, 200);
    assert_eq!(c["england_and_wales"]["numerator"], 4);
    assert_eq!(c["forces"][0]["force"], "kent");
    assert_eq!(c["forces"][0]["rank"], 1);
    assert_eq!(c["forces"][0]["outlier"], false);
    let (status, s) = app
        .json("/api/v1/indicators/unable_to_prosecute_share/series?force=borsetshire")
        .await;
    assert_eq!(status, 200);
    assert_eq!(s.as_array().map(Vec::len), Some(18));
    let (status, e) = app
        .json("/api/v1/indicators/unable_to_prosecute_share/compare?month=2099-01")
        .await;
    assert_eq!(status, 404, "{e}");
    let (status, _) = app
        .json("/api/v1/indicators/unable_to_prosecute_share/compare?month=jan")
        .await;
    assert_eq!(status, 400);
    let (status, spec) = app.json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(spec["paths"]["/api/v1/indicators/{id}/compare"].is_object());
}

#[tokio::test]
async fn the_panel_sees_its_reviews_timeline_and_meeting_pack() {
    let app = TestApp::start().await;
    let (status, list) = app.json("/api/v1/reviews").await;
    assert_eq!(status, 200);
    let review = &list[0];
    let id = review["id"].as_str().expect("an id").to_owned();
    assert_eq!(review["plan_priority"], "Keeping rural communities safe");
    // The demo's milestones ended in 2019 while the review is still gathering evidence.
    assert_eq!(review["behind"], true);

    let (status, html) = app.get("/reviews").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!(r#"<a href="/reviews/{id}">"#)),
        "{html}"
    );
    assert!(html.contains("behind its timetable"));

    // Evidence with markup in it comes back escaped.
    app.store
        .add_review_evidence(
            &id,
            "Parish <script>alert(1)</script> council",
            time::macros::date!(2019 - 03 - 12),
            "Session <b>one</b>",
            &[],
            &oversight_store::User {
                username: "tester".into(),
                role: oversight_domain::user::Role::PanelMember,
                force: None,
            },
        )
        .await
        .expect("evidence");
    let (status, html) = app.get(&format!("/reviews/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<h3>Rural crime</h3>"), "{html}");
    assert!(html.contains(r#"<li class="current" aria-current="step">Evidence gathering</li>"#));
    assert!(
        html.contains("<span class=\"when\">2019-09-01 to 2019-09-30</span>"),
        "{html}"
    );
    assert!(html.contains("<svg"), "the timeline chart");
    assert!(
        html.contains("Parish &#60;script&#62;alert(1)&#60;/script&#62; council")
            || html.contains("Parish &lt;script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)</script>"));
    let (status, _) = app.get("/reviews/nope").await;
    assert_eq!(status, 404);

    let (status, html) = app.get("/forces/borsetshire/pack").await;
    assert_eq!(status, 200);
    for heading in [
        "Latest inspection grades",
        "PCC responses due",
        "Active scrutiny reviews",
    ] {
        assert!(
            html.contains(&format!("<h2>{heading}</h2>")),
            "{heading}: {html}"
        );
    }
    assert!(html.contains(&format!(r#"<a href="/reviews/{id}">"#)));
    // The 2016 effectiveness report was published on 9 March 2017: its response was due 3 May.
    assert!(
        html.contains("<td>2017-03-09</td><td>2017-05-03</td>"),
        "{html}"
    );
    let (status, _) = app.get("/forces/nowhere/pack").await;
    assert_eq!(status, 404);
    let (status, one) = app.json(&format!("/api/v1/reviews/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["evidence"][0]["summary"], "Session <b>one</b>");
}

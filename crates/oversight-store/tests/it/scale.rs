//! Large documents, scoped revisions, and pages published twice.

use super::*;

/// An area report with `n` areas for improvement under one graded area.
fn report_with_findings(n: usize) -> String {
    let mut text = String::from(
        "PEEL 2021/22: An inspection of Surrey Police\n\nPublished 3 March 2022\n\nReporting data about crime\nGood\n\nThe force records crime accurately.\n\nInvestigating crime\nRequires improvement\n\nAreas for improvement\n\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  • The force should improve supervision of case number {i}.\n"
        ));
    }
    text
}

#[tokio::test]
async fn a_document_with_more_findings_than_sqlite_has_parameters_imports() {
    let x = ingest(report_with_findings(33_000).as_bytes()).expect("ingests");
    assert_eq!(x.findings.len(), 33_000, "{:?}", x.warnings);
    for (backend, store, _guard) in backends().await {
        let outcome = store.import("many.txt", &x).await;
        assert!(
            matches!(outcome, Ok(ImportOutcome::Added(_))),
            "{backend}: {outcome:?}"
        );
        assert_eq!(
            store.findings().await.expect("read").len(),
            33_000,
            "{backend}"
        );
        // Again: every finding is matched by its text, in chunks, and nothing is added.
        let again = store.import("many.txt", &x).await.expect("again");
        assert!(
            matches!(again, ImportOutcome::Unchanged { .. }),
            "{backend}: {again:?}"
        );
    }
}

#[tokio::test]
async fn a_change_bumps_only_the_scopes_it_touches() {
    use oversight_domain::user::Role;
    use oversight_store::Scope;
    for (backend, store, _guard) in backends().await {
        store
            .import("kent.txt", &ingest(REPORT.as_bytes()).expect("ingests"))
            .await
            .expect("imports");
        store
            .add_user(
                "editor",
                "a long enough password",
                Role::ForceEditor,
                Some("kent"),
                "test",
            )
            .await
            .expect("user");
        let editor = store.user("editor").await.expect("r").expect("u");
        let finding = store.findings().await.expect("read")[0].id.clone();
        let scopes = [
            Scope::Documents,
            Scope::Evidence,
            Scope::Reviews,
            Scope::Workflow,
            Scope::Force("kent".to_owned()),
            Scope::Force("surrey".to_owned()),
            Scope::Finding(finding.clone()),
            Scope::Finding("another".to_owned()),
        ];
        let before = store.revisions(&scopes).await.expect("revisions");
        assert!(before[0] > 0, "{backend}: an import bumps the documents");
        store
            .add_action(&finding, "Plan", "editor", None, &editor)
            .await
            .expect("action");
        let after = store.revisions(&scopes).await.expect("revisions");
        let changed: Vec<bool> = before.iter().zip(&after).map(|(b, a)| a != b).collect();
        assert_eq!(
            changed,
            [false, false, false, true, true, false, true, false],
            "{backend}: {before:?} → {after:?}"
        );
        // A refused change bumps nothing.
        let refused = store
            .add_action(&finding, "", "editor", None, &editor)
            .await;
        assert!(refused.is_err());
        assert_eq!(
            store.revisions(&scopes).await.expect("revisions"),
            after,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_latest_published_page_states_the_grade_and_nothing_is_doubled() {
    // The same force's page, updated: the later one says the grade changed.
    let later = REPORT
        .replace("01/12/2016", "15/03/2017")
        .replace(
            "Kent Police requires improvement. This is a deterioration",
            "Kent Police is good. This is a deterioration",
        )
        .replacen("Requires improvement\n", "Good\n", 1);
    let later = ingest(later.as_bytes()).expect("ingests");
    let earlier = ingest(REPORT.as_bytes()).expect("ingests");
    for (backend, store, _guard) in backends().await {
        // Imported oldest first, as a user catching up would: the later page wins by its date.
        store
            .import("december.txt", &earlier)
            .await
            .expect("imports");
        store.import("march.txt", &later).await.expect("imports");
        let pillar: Vec<_> = store
            .judgments()
            .await
            .expect("judgments")
            .into_iter()
            .filter(|j| {
                j.force == "kent"
                    && j.cycle == "2016"
                    && j.pillar.as_deref() == Some("legitimacy")
                    && j.question.is_none()
            })
            .collect();
        assert_eq!(pillar.len(), 1, "{backend}: one grade per subject");
        assert_eq!(
            pillar[0].grade,
            Grade::Good,
            "{backend}: the later page's grade"
        );
        assert_eq!(
            store.documents().await.expect("documents").len(),
            2,
            "{backend}: both pages kept"
        );
    }
}

//! Panel scrutiny reviews read from a paper: one step at a time, stale changes refused.

use super::*;

/// A Panel scrutiny paper of our own, in the shape Panels publish them.
const PANEL_PAPER: &str = "Police and Crime Plan Scrutiny – Safer Roads in Testshire

KENT POLICE AND CRIME PANEL

Scope of the Scrutiny

The Panel agreed to review how the Commissioner delivers the priority 'Safer roads for everyone' in his Police and Crime Plan for 2017 to 2021. A survey found that 64%* of drivers felt safe.

* 2,010 residents responded

Findings

The evidence received will be grouped under the following headings:

- Speed enforcement
- Cycling

Speed enforcement

- Camera vans are deployed more often
- Volunteers run speed watch in 30 villages

Cycling

Next Steps

- March-April: the task and finish group meets the remaining witnesses who provide evidence
- May: findings and recommendations are agreed by the full Panel
- June: the recommendations are sent to the Commissioner for his response to the September 2019 meeting of the Panel.
";

#[tokio::test]
async fn a_review_moves_one_step_at_a_time_and_refuses_stale_changes() {
    for (name, store, _guard) in backends().await {
        let x = ingest(PANEL_PAPER.as_bytes()).expect("a Panel paper");
        store.import("panel.txt", &x).await.expect("imported");
        let reviews = store.reviews().await.expect("reviews");
        assert_eq!(reviews.len(), 1, "{name}");
        let r = &reviews[0];
        assert_eq!(
            r.plan_priority.as_deref(),
            Some("Safer roads for everyone"),
            "{name}"
        );
        assert_eq!(r.force.as_deref(), Some("kent"), "{name}");
        assert_eq!(
            r.findings.iter().map(|(_, p)| p.len()).collect::<Vec<_>>(),
            vec![2, 0],
            "{name}"
        );
        assert_eq!(r.milestones.len(), 4, "{name}");
        assert_eq!(
            r.milestones[3].starts_on.to_string(),
            "2019-09-01",
            "{name}"
        );
        assert_eq!(r.figures[0].base, Some(2010), "{name}");
        assert_eq!(r.status.code(), "evidence_gathering", "{name}");

        use oversight_domain::review::ReviewStatus;
        let refused = store
            .set_review_status(&r.id, ReviewStatus::Closed, None, &tester())
            .await
            .expect_err("a jump is refused");
        assert!(
            refused.to_string().contains("cannot go from"),
            "{name}: {refused}"
        );
        store
            .set_review_status(
                &r.id,
                ReviewStatus::TaskAndFinish,
                Some(r.version),
                &tester(),
            )
            .await
            .expect("the next step");
        // A second editor still holding the old version gets a conflict, not a silent overwrite.
        let conflict = store
            .set_review_status(
                &r.id,
                ReviewStatus::FindingsAgreed,
                Some(r.version),
                &tester(),
            )
            .await
            .expect_err("stale");
        assert!(
            conflict.to_string().contains("changed by someone else"),
            "{name}: {conflict}"
        );

        let due = time::macros::date!(2019 - 09 - 19);
        let n = store
            .add_recommendation(&r.id, "Publish the roads plan", Some(due), &tester())
            .await
            .expect("recommendation");
        assert_eq!(n, 0, "{name}");
        store
            .respond_to_recommendation(&r.id, 0, "Accepted", due, &tester())
            .await
            .expect("response");
        assert!(
            store
                .respond_to_recommendation(&r.id, 7, "x", due, &tester())
                .await
                .is_err(),
            "{name}"
        );
        store
            .add_review_evidence(
                &r.id,
                "Road safety partnership",
                due,
                "A session",
                &["paper-1".into()],
                &tester(),
            )
            .await
            .expect("evidence");
        let after = store.review(&r.id).await.expect("read").expect("exists");
        assert_eq!(after.status, ReviewStatus::TaskAndFinish, "{name}");
        assert_eq!(
            after.recommendations[0].response.as_deref(),
            Some("Accepted"),
            "{name}"
        );
        assert_eq!(
            after.evidence[0].papers,
            vec!["paper-1".to_owned()],
            "{name}"
        );
        assert_eq!(
            after
                .history
                .iter()
                .map(|(s, _)| s.as_str())
                .collect::<Vec<_>>(),
            vec!["evidence_gathering", "task_and_finish"],
            "{name}"
        );
        assert!(after.version > r.version + 2, "{name}");
        assert!(store.review("nope").await.expect("read").is_none());
    }
}

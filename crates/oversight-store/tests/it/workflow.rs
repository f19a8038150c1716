//! The accountability workflow: actions, updates and sign-off, responses and their drafts.

use super::*;

#[tokio::test]
async fn actions_follow_their_workflow_with_roles_versions_and_sign_off() {
    use oversight_domain::action::{ActionStatus, FindingStatus};
    use oversight_domain::user::Role;
    for (name, store, _guard) in backends().await {
        store
            .import("report.txt", &ingest(REPORT.as_bytes()).expect("report"))
            .await
            .expect("imported");
        let finding = store.findings().await.expect("findings")[0].id.clone();
        let password = "a long enough password";
        for (user, role, force) in [
            ("kent-editor", Role::ForceEditor, Some("kent")),
            ("surrey-editor", Role::ForceEditor, Some("surrey")),
            ("hmi", Role::Inspectorate, None),
            ("pcc-office", Role::OpccEditor, Some("kent")),
        ] {
            store
                .add_user(user, password, role, force, "test")
                .await
                .expect("user");
        }
        let user = |n: &str| {
            let store = store.clone();
            let n = n.to_owned();
            async move { store.user(&n).await.expect("read").expect("exists") }
        };
        let kent = user("kent-editor").await;
        let surrey = user("surrey-editor").await;
        let hmi = user("hmi").await;
        let opcc = user("pcc-office").await;
        assert_eq!(
            store.finding_status(&finding).await.expect("status"),
            FindingStatus::Open,
            "{name}"
        );

        // Only Kent's own editors may add actions to Kent's findings.
        let refused = store
            .add_action(&finding, "Publish data", "kent-editor", None, &surrey)
            .await
            .expect_err("another force");
        assert!(refused.to_string().contains("may not"), "{name}: {refused}");
        let due = time::macros::date!(2017 - 03 - 01);
        let id = store
            .add_action(&finding, "Publish data", "kent-editor", Some(due), &kent)
            .await
            .expect("added");
        // A draft is seen by Kent's editors and admins only, and does not count yet.
        let draft = &store.actions(Some(&finding)).await.expect("actions")[0];
        assert!(
            !draft.published && !draft.visible_to(None) && !draft.visible_to(Some(&surrey)),
            "{name}"
        );
        assert!(draft.visible_to(Some(&opcc)), "{name}");
        assert_eq!(
            store.finding_status(&finding).await.expect("status"),
            FindingStatus::Open,
            "{name}"
        );
        assert!(
            store.publish_action(&id, &hmi).await.is_err(),
            "{name}: not the inspectorate's to publish"
        );
        store.publish_action(&id, &opcc).await.expect("published");
        assert_eq!(
            store.finding_status(&finding).await.expect("status"),
            FindingStatus::InProgress,
            "{name}"
        );

        // Open → completed is not a step; open → in progress is.
        assert!(
            store
                .set_action_status(&id, ActionStatus::Completed, None, &kent)
                .await
                .is_err(),
            "{name}"
        );
        store
            .set_action_status(&id, ActionStatus::InProgress, Some(2), &kent)
            .await
            .expect("in progress");
        // Two editors, one version: the second gets a conflict, nothing lost.
        let conflict = store
            .set_action_status(&id, ActionStatus::Completed, Some(2), &opcc)
            .await
            .expect_err("stale");
        assert!(
            conflict.to_string().contains("changed by someone else"),
            "{name}: {conflict}"
        );

        // An update that needs the OPCC's sign-off; only the OPCC may give it.
        let n = store
            .add_action_update(&id, "Figures drafted", Some("pcc-office"), &kent)
            .await
            .expect("update");
        assert!(
            store.sign_off_update(&id, n, &kent).await.is_err(),
            "{name}: not the approver"
        );
        store
            .sign_off_update(&id, n, &opcc)
            .await
            .expect("signed off");
        assert!(
            store.sign_off_update(&id, n, &opcc).await.is_err(),
            "{name}: only once"
        );

        store
            .set_action_status(&id, ActionStatus::Completed, None, &kent)
            .await
            .expect("completed");
        assert_eq!(
            store.finding_status(&finding).await.expect("status"),
            FindingStatus::Completed,
            "{name}"
        );
        // Editors cannot verify; the inspectorate can, even though not Kent's.
        assert!(
            store
                .set_action_status(&id, ActionStatus::Verified, None, &kent)
                .await
                .is_err(),
            "{name}"
        );
        store
            .set_action_status(&id, ActionStatus::Verified, None, &hmi)
            .await
            .expect("verified");
        assert_eq!(
            store.finding_status(&finding).await.expect("status"),
            FindingStatus::Verified,
            "{name}"
        );

        // Two editors at the same moment on the same version of another action: one wins,
        // the other is told of the conflict; no "database is locked", nothing lost.
        let second = store
            .add_action(&finding, "Brief the Panel", "kent-editor", None, &kent)
            .await
            .expect("added");
        let (a, b) = tokio::join!(
            store.set_action_status(&second, ActionStatus::InProgress, Some(1), &kent),
            store.set_action_status(&second, ActionStatus::Closed, Some(1), &opcc),
        );
        assert!(
            a.is_ok() != b.is_ok(),
            "{name}: exactly one wins: {a:?} {b:?}"
        );
        let loser = a.err().or(b.err()).expect("a loser");
        assert!(
            loser.to_string().contains("changed by someone else"),
            "{name}: {loser}"
        );

        let actions = store.actions(Some(&finding)).await.expect("actions");
        assert_eq!(actions[0].updates.len(), 1, "{name}");
        assert!(actions[0].updates[0].counts(), "{name}");
        assert_eq!(actions[0].version, 6, "{name}");
        let log = store
            .audit_log(Some(&format!("action:{id}")), 1000)
            .await
            .expect("log");
        assert_eq!(
            log.len(),
            7,
            "{name}: create, publish, 3 moves, update, sign-off"
        );
        assert!(
            store.verify_audit().await.expect("verify").is_ok(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn responses_are_drafted_seen_only_by_their_force_then_published_or_withdrawn() {
    use oversight_domain::action::FindingStatus;
    use oversight_domain::user::Role;
    use oversight_store::ResponseDraft;
    for (name, store, _guard) in backends().await {
        store
            .import("report.txt", &ingest(REPORT.as_bytes()).expect("report"))
            .await
            .expect("imported");
        let finding = store.findings().await.expect("findings")[0].id.clone();
        let password = "a long enough password";
        store
            .add_user("kent-opcc", password, Role::OpccEditor, Some("kent"), "t")
            .await
            .expect("user");
        store
            .add_user("kent-force", password, Role::ForceEditor, Some("kent"), "t")
            .await
            .expect("user");
        store
            .add_user(
                "surrey-opcc",
                password,
                Role::OpccEditor,
                Some("surrey"),
                "t",
            )
            .await
            .expect("user");
        store
            .add_user("panel", password, Role::PanelMember, None, "t")
            .await
            .expect("user");
        let opcc = store.user("kent-opcc").await.expect("r").expect("u");
        let force = store.user("kent-force").await.expect("r").expect("u");
        let surrey = store.user("surrey-opcc").await.expect("r").expect("u");
        let panel = store.user("panel").await.expect("r").expect("u");
        let draft = ResponseDraft {
            text: "The Commissioner welcomes the report.".into(),
            ..ResponseDraft::default()
        };
        assert!(
            store
                .draft_response(&finding, None, &draft, &surrey)
                .await
                .is_err(),
            "{name}: another force"
        );
        assert!(
            store
                .draft_response(&finding, None, &draft, &panel)
                .await
                .is_err(),
            "{name}: the Panel does not respond"
        );
        let id = store
            .draft_response(&finding, None, &draft, &opcc)
            .await
            .expect("draft");
        // The draft is seen by Kent's editors only.
        assert_eq!(
            store
                .workflow_responses(Some(&finding), None)
                .await
                .expect("read")
                .len(),
            0,
            "{name}"
        );
        assert_eq!(
            store
                .workflow_responses(Some(&finding), Some(&surrey))
                .await
                .expect("read")
                .len(),
            0,
            "{name}"
        );
        assert_eq!(
            store
                .workflow_responses(Some(&finding), Some(&force))
                .await
                .expect("read")
                .len(),
            1,
            "{name}"
        );
        assert_eq!(
            store.finding_status(&finding).await.expect("s"),
            FindingStatus::Open,
            "{name}: drafts do not count"
        );
        // Two editors edit the same draft: the second, on the old version, gets a conflict.
        let edited = ResponseDraft {
            text: "The Commissioner welcomes the report and will publish the data.".into(),
            action_taken: Some("Quarterly data from April".into()),
            no_action_reason: None,
        };
        store
            .edit_response(&id, &edited, Some(1), &opcc)
            .await
            .expect("edit");
        let conflict = store
            .edit_response(&id, &draft, Some(1), &force)
            .await
            .expect_err("stale");
        assert!(
            conflict.to_string().contains("changed by someone else"),
            "{name}: {conflict}"
        );
        store
            .publish_response(&id, Some(2), &opcc)
            .await
            .expect("published");
        assert!(
            store.edit_response(&id, &draft, None, &opcc).await.is_err(),
            "{name}: published is final"
        );
        let public = store
            .workflow_responses(Some(&finding), None)
            .await
            .expect("read");
        assert_eq!(public.len(), 1, "{name}");
        assert_eq!(
            public[0].action_taken.as_deref(),
            Some("Quarterly data from April"),
            "{name}"
        );
        assert_eq!(
            store.finding_status(&finding).await.expect("s"),
            FindingStatus::Responded,
            "{name}"
        );
        store
            .withdraw_response(&id, &opcc)
            .await
            .expect("withdrawn");
        assert!(
            store
                .workflow_responses(Some(&finding), None)
                .await
                .expect("read")
                .is_empty(),
            "{name}"
        );
        assert_eq!(
            store
                .audit_log(Some(&format!("response:{id}")), 1000)
                .await
                .expect("log")
                .len(),
            4,
            "{name}"
        );
    }
}

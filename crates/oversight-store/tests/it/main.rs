//! The store's test suite, run against every backend: the embedded SQLite file always, and
//! PostgreSQL at 127.0.0.1:5432 (database `test`, a fresh schema per test). Without a
//! PostgreSQL server these tests fail and say so; set OVERSIGHT_SKIP_POSTGRES=1 to run the
//! SQLite half alone, which is then announced on every test.

use std::sync::atomic::{AtomicUsize, Ordering};

use oversight_domain::evidence::{CountKey, Kind};
use oversight_domain::{Change, Grade};
use oversight_ingest::ingest;
use oversight_store::{ImportOutcome, Store};

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh database on each backend, with a guard that keeps the SQLite file alive.
async fn backends() -> Vec<(&'static str, Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sqlite = Store::open(dir.path().join("store.db").to_str().expect("utf-8 path"))
        .await
        .expect("SQLite opens");
    let mut out = vec![("sqlite", sqlite, Some(dir))];
    match fresh_postgres().await {
        Ok(store) => out.push(("postgres", store, None)),
        Err(e) if std::env::var_os("OVERSIGHT_SKIP_POSTGRES").is_some() => {
            eprintln!(
                "SKIPPED the PostgreSQL half of this test (OVERSIGHT_SKIP_POSTGRES is set): {e}"
            );
        }
        Err(e) => panic!(
            "PostgreSQL is not reachable at {POSTGRES}: {e}. Start it, or set OVERSIGHT_SKIP_POSTGRES=1 to test SQLite alone."
        ),
    }
    out
}

async fn fresh_postgres() -> Result<Store, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(POSTGRES)
        .await
        .map_err(|e| e.to_string())?;
    let schema = format!(
        "oversight_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE"
    )))
    .execute(&admin)
    .await
    .map_err(|e| e.to_string())?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .map_err(|e| e.to_string())?;
    admin.close().await;
    Store::open(&format!("{POSTGRES}?options[search_path]={schema}"))
        .await
        .map_err(|e| e.to_string())
}

const REPORT: &str = "Kent PEEL 2016

Legitimacy

How legitimate is the force at keeping people safe and reducing crime?

Last updated 01/12/2016
Requires improvement

Kent Police requires improvement. This is a deterioration on last year, when we judged the force to be outstanding.

Questions for Legitimacy

1

To what extent does the force treat all of the people it serves with fairness and respect?

Good

It does.

Areas for improvement

  • The force should explain its use of force to the public by 1 March 2017.
    • publish data quarterly;
    • hold open meetings.
";

const EARLIER_PRESS: &str = "Kent Police is 'inadequate' at legitimately keeping people safe - HMIC

HMIC has published its assessment today. HMIC found that the force must improve.

HM Inspector said: \"I have judged that Kent Police is 'inadequate' at legitimately keeping people safe and reducing crime in PEEL 2015.\"
";

const RESPONSE: &str = "HMICFRS PEEL 2016 – Kent Police

Response from: Office of the Police and Crime Commissioner for Kent

Legitimacy: areas for improvement

  • The force should explain its use of force to the public by 1 March 2017.

OPCC comment: The Commissioner will publish the figures.
";

#[tokio::test]
async fn a_document_round_trips_with_its_records() {
    for (name, store, _guard) in backends().await {
        let x = ingest(REPORT.as_bytes()).expect("readable");
        let ImportOutcome::Added(summary) = store.import("kent.txt", &x).await.expect("imports")
        else {
            panic!("{name}: expected new")
        };
        assert_eq!((summary.judgments, summary.findings), (2, 1), "{name}");
        let documents = store.documents().await.expect("documents");
        assert_eq!(documents.len(), 1, "{name}");
        assert_eq!(
            documents[0].text, x.text,
            "{name}: the text is stored unchanged"
        );
        assert_eq!(
            documents[0].published_on.as_deref(),
            Some("2016-12-01"),
            "{name}"
        );
        let judgments = store.judgments().await.expect("judgments");
        let pillar = judgments
            .iter()
            .find(|j| j.question.is_none())
            .expect("a pillar judgment");
        assert_eq!(
            (pillar.grade, pillar.previous_grade, pillar.change),
            (
                Grade::RequiresImprovement,
                Some(Grade::Outstanding),
                Some(Change::Deteriorated)
            ),
            "{name}"
        );
        let findings = store.findings().await.expect("findings");
        assert_eq!(findings[0].sub_actions.len(), 2, "{name}");
        assert_eq!(
            findings[0].deadlines[0].due_on.as_deref(),
            Some("2017-03-01"),
            "{name}"
        );
        let chars: Vec<char> = documents[0].text.chars().collect();
        let (start, end) = findings[0].span;
        assert_eq!(
            chars[start as usize..end as usize]
                .iter()
                .collect::<String>(),
            findings[0].text,
            "{name}"
        );
    }
}

#[tokio::test]
async fn importing_the_same_bytes_again_changes_nothing() {
    for (name, store, _guard) in backends().await {
        let x = ingest(REPORT.as_bytes()).expect("readable");
        store.import("kent.txt", &x).await.expect("imports");
        let again = store.import("copy-of-kent.txt", &x).await.expect("imports");
        assert!(matches!(again, ImportOutcome::Unchanged { .. }), "{name}");
        assert_eq!(
            store.documents().await.expect("documents").len(),
            1,
            "{name}"
        );
        assert_eq!(store.findings().await.expect("findings").len(), 1, "{name}");
    }
}

#[tokio::test]
async fn a_failed_import_leaves_the_database_as_it_was() {
    for (name, store, _guard) in backends().await {
        let x = ingest(REPORT.as_bytes()).expect("readable");
        let document_id = &x.sha256.as_str()[..16];
        // Plant a row whose id the import will need, so that its third statement fails.
        sqlx::query(
            "INSERT INTO documents (id, sha256, kind, recogniser, format, source, text, char_count, warnings, imported_at, sequence) \
             VALUES ('planted', 'planted', 'unrecognised', 'none', 'text', 'planted.txt', 'x', 1, '[]', 'now', 0)",
        )
        .execute(store.pool())
        .await
        .expect("plant a document");
        sqlx::query(
            "INSERT INTO judgments (id, document_id, force_slug, cycle, grade, summary, span_start, span_end) \
             VALUES ($1, 'planted', 'kent', '2016', 'good', '', 0, 1)",
        )
        .bind(format!("{document_id}-j0"))
        .execute(store.pool())
        .await
        .expect("plant a judgment");
        let result = store.import("kent.txt", &x).await;
        assert!(result.is_err(), "{name}: the import must fail");
        let documents = store.documents().await.expect("documents");
        assert_eq!(
            documents.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            vec!["planted"],
            "{name}: nothing of the failed import is kept"
        );
        assert!(
            store.findings().await.expect("findings").is_empty(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_finding_quoted_by_a_response_is_matched_not_repeated() {
    for (name, store, _guard) in backends().await {
        store
            .import("report.txt", &ingest(REPORT.as_bytes()).expect("readable"))
            .await
            .expect("imports");
        let ImportOutcome::Added(summary) = store
            .import(
                "response.txt",
                &ingest(RESPONSE.as_bytes()).expect("readable"),
            )
            .await
            .expect("imports")
        else {
            panic!("{name}: expected new")
        };
        assert_eq!(
            (
                summary.findings,
                summary.findings_matched,
                summary.responses
            ),
            (0, 1, 1),
            "{name}"
        );
        let findings = store.findings().await.expect("findings");
        assert_eq!(findings.len(), 1, "{name}");
        let responses = store.responses().await.expect("responses");
        assert_eq!(responses[0].finding, findings[0].id, "{name}");
        assert_eq!(responses[0].by, "opcc", "{name}");
    }
}

#[tokio::test]
async fn a_stored_earlier_cycle_outranks_the_reports_own_statement() {
    for (name, store, _guard) in backends().await {
        store
            .import("report.txt", &ingest(REPORT.as_bytes()).expect("readable"))
            .await
            .expect("imports");
        let press = ingest(EARLIER_PRESS.as_bytes()).expect("readable");
        assert_eq!(press.judgments.len(), 1, "{name}: {:?}", press.warnings);
        store.import("press.txt", &press).await.expect("imports");
        let judgments = store.judgments().await.expect("judgments");
        let now = judgments
            .iter()
            .find(|j| j.cycle == "2016" && j.question.is_none())
            .expect("2016");
        assert_eq!(
            (now.previous_grade, now.change),
            (Some(Grade::Inadequate), Some(Change::Improved)),
            "{name}"
        );
    }
}

/// Counts, with their indicator values computed as the pipeline computes them.
struct Evidence {
    counts: std::collections::BTreeMap<CountKey, u64>,
    values: Vec<oversight_domain::evidence::ValueRow>,
    indicators: Vec<(Kind, &'static str)>,
}

impl Evidence {
    fn batch(&self) -> oversight_store::EvidenceBatch<'_> {
        oversight_store::EvidenceBatch {
            counts: &self.counts,
            values: &self.values,
            indicators: &self.indicators,
        }
    }
}

fn evidence(rows: &[(&str, &str, &str, &str, u64)]) -> Evidence {
    let mut agg = oversight_evidence::Aggregation::default();
    for &(force, month, crime, outcome, n) in rows {
        agg.counts.insert(
            CountKey {
                kind: Kind::Street,
                force: force.into(),
                month: month.parse().expect("month"),
                key1: crime.into(),
                key2: outcome.into(),
            },
            n,
        );
    }
    let values = oversight_evidence::indicator::values(agg.counts.iter().map(|(k, n)| (k, *n)));
    let indicators = oversight_evidence::indicator::INDICATORS
        .iter()
        .map(|i| (i.kind, i.id))
        .collect();
    Evidence {
        counts: agg.counts,
        values,
        indicators,
    }
}

/// A Panel member, as the review writes require one.
fn tester() -> oversight_store::User {
    oversight_store::User {
        username: "tester".into(),
        role: oversight_domain::user::Role::PanelMember,
        force: None,
    }
}

fn evidence_file(sha: &str) -> oversight_store::EvidenceFile {
    oversight_store::EvidenceFile {
        sha256: sha.into(),
        name: format!("{sha}.csv"),
        bytes: 10,
        rows_read: 5,
        rows_rejected: 0,
    }
}

#[tokio::test]
async fn evidence_for_a_month_already_stored_replaces_it() {
    const UTP: &str = "Unable to prosecute suspect";
    for (name, store, _guard) in backends().await {
        let first = evidence(&[
            ("Hampshire Constabulary", "2017-04", "Burglary", UTP, 30),
            ("Hampshire Constabulary", "2017-04", "Drugs", "", 70),
            ("Kent Police", "2017-04", "Burglary", UTP, 5),
            ("Kent Police", "2017-04", "Drugs", "", 45),
        ]);
        let stored = store
            .store_evidence(first.batch(), &[evidence_file("a")])
            .await
            .expect("stored");
        assert_eq!((stored.groups, stored.replaced), (2, 0), "{name}");
        let version = store.data_version().await.expect("version");
        // Hampshire's April again, with other counts: replaced, never added.
        let again = evidence(&[("Hampshire Constabulary", "2017-04", "Burglary", UTP, 10)]);
        let stored = store
            .store_evidence(again.batch(), &[evidence_file("b")])
            .await
            .expect("stored");
        assert_eq!((stored.groups, stored.replaced), (1, 1), "{name}");
        assert!(
            store.data_version().await.expect("version") > version,
            "{name}: caches must see it"
        );
        let counts = store.evidence_counts().await.expect("counts");
        let hampshire: Vec<_> = counts
            .iter()
            .filter(|c| c.reported_by == "Hampshire Constabulary")
            .collect();
        assert_eq!(hampshire.len(), 1, "{name}");
        assert_eq!(hampshire[0].n, 10, "{name}");
        assert_eq!(hampshire[0].force.as_deref(), Some("hampshire"), "{name}");
        let values = store
            .indicator_values(
                "unable_to_prosecute_share",
                Some("2017-04".parse().expect("month")),
            )
            .await
            .expect("values");
        let by_force: Vec<(Option<&str>, u64, u64)> = values
            .iter()
            .map(|v| (v.force, v.numerator, v.denominator))
            .collect();
        assert_eq!(
            by_force,
            vec![(Some("hampshire"), 10, 10), (Some("kent"), 5, 50)],
            "{name}"
        );
        let known = store
            .evidence_files_known(&["a".into(), "b".into(), "c".into()])
            .await
            .expect("known");
        assert_eq!(known.len(), 2, "{name}");
        assert_eq!(
            store
                .indicator_months("unable_to_prosecute_share")
                .await
                .expect("months")
                .len(),
            1,
            "{name}"
        );
        assert!(
            !store
                .link_finding_indicator("no-such-finding", "unable_to_prosecute_share", "test")
                .await
                .expect("link"),
            "{name}"
        );
    }
}

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

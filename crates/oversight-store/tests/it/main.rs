//! The store's test suite, run against every backend: the embedded SQLite file always, and
//! PostgreSQL at 127.0.0.1:5432 (database `test`, a fresh schema per test). Without a
//! PostgreSQL server these tests fail and say so; set OVERSIGHT_SKIP_POSTGRES=1 to run the
//! SQLite half alone, which is then announced on every test.

use std::sync::atomic::{AtomicUsize, Ordering};

use oversight_domain::{Change, Grade};
use oversight_ingest::ingest;
use oversight_store::{ImportOutcome, Store};

mod evidence;
mod reviews;
mod scale;
mod workflow;

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

/// A Panel member, as the review writes require one.
fn tester() -> oversight_store::User {
    oversight_store::User {
        username: "tester".into(),
        role: oversight_domain::user::Role::PanelMember,
        force: None,
    }
}

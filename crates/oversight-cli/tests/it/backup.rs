//! `oversight backup` and `restore`: a SQLite database with documents, evidence, users,
//! actions, a file and its audit log is dumped, restored into PostgreSQL and dumped again;
//! the two dumps are the same bytes and the two exports the same JSON.

use std::path::Path;

use crate::workflow::with_password;
use crate::{export, oversight, seed_files, stderr};

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh, empty PostgreSQL schema as a database URL, or why there is none.
fn fresh_postgres(name: &str) -> Result<String, String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(POSTGRES)
            .await
            .map_err(|e| e.to_string())?;
        let schema = format!("oversight_cli_{name}_{}", std::process::id());
        for sql in [
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            format!("CREATE SCHEMA {schema}"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&admin)
                .await
                .map_err(|e| e.to_string())?;
        }
        admin.close().await;
        Ok(format!("{POSTGRES}?options[search_path]={schema}"))
    })
}

fn run(database: &Path, args: &[&str]) {
    let out = with_password(database, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

#[test]
fn a_backup_restores_into_either_backend_identically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("source.db");
    let mut args = vec!["import"];
    let files = seed_files();
    args.extend(files.iter().map(String::as_str));
    run(&db, &args);
    run(
        &db,
        &[
            "user",
            "add",
            "--username",
            "hants",
            "--role",
            "force_editor",
            "--force",
            "hampshire",
        ],
    );
    let all = export(&db);
    let finding = all["findings"][0]["id"]
        .as_str()
        .expect("a finding")
        .to_owned();
    run(
        &db,
        &[
            "action",
            "add",
            "--finding",
            &finding,
            "--title",
            "Plan with \"quotes\" and é",
            "--owner",
            "hants",
            "--as",
            "hants",
        ],
    );
    let action = format!("{finding}-a1");
    run(
        &db,
        &[
            "action", "update", &action, "--text", "Drafted", "--as", "hants",
        ],
    );
    let memo = dir.path().join("memo.csv");
    std::fs::write(&memo, "a,b\n1,2\n").expect("write");
    run(
        &db,
        &[
            "action",
            "attach",
            &action,
            "--update",
            "1",
            "--file",
            memo.to_str().expect("utf-8"),
            "--as",
            "hants",
        ],
    );
    let evidence = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/police-uk");
    run(
        &db,
        &["evidence", "ingest", evidence.to_str().expect("utf-8")],
    );

    let first = dir.path().join("first.backup");
    run(&db, &["backup", first.to_str().expect("utf-8")]);

    // Into an empty SQLite file: the same export.
    let copy = dir.path().join("copy.db");
    run(&copy, &["restore", first.to_str().expect("utf-8")]);
    assert_eq!(export(&copy), export(&db), "SQLite → backup → SQLite");
    let out = oversight(&copy, &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A second restore into the same database is refused and changes nothing.
    let out = oversight(&copy, &["restore", first.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("restore into an empty database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&copy), export(&db));

    // Into PostgreSQL, and back out: byte for byte.
    let url = match fresh_postgres("backup") {
        Ok(url) => url,
        Err(e) if std::env::var_os("OVERSIGHT_SKIP_POSTGRES").is_some() => {
            eprintln!("SKIPPED the PostgreSQL half (OVERSIGHT_SKIP_POSTGRES is set): {e}");
            return;
        }
        Err(e) => panic!(
            "PostgreSQL is not reachable at {POSTGRES}: {e}; set OVERSIGHT_SKIP_POSTGRES=1 to skip"
        ),
    };
    let pg = Path::new(&url);
    run(pg, &["restore", first.to_str().expect("utf-8")]);
    let second = dir.path().join("second.backup");
    run(pg, &["backup", second.to_str().expect("utf-8")]);
    let (a, b) = (
        std::fs::read(&first).expect("first"),
        std::fs::read(&second).expect("second"),
    );
    assert!(a == b, "SQLite → backup → PostgreSQL → backup differs");
    assert_eq!(export(pg), export(&db), "the export from PostgreSQL");
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_by_name_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("o.db");
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "hello\n").expect("write");
    let out = oversight(&db, &["restore", bad.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("notes.txt:1: not an Oversight backup"),
        "{}",
        stderr(&out)
    );
    // A backup whose table names a column that does not exist is refused whole.
    let forged = dir.path().join("forged.backup");
    let migrations = oversight(&db, &["migrate"]);
    let schema: i64 = String::from_utf8_lossy(&migrations.stdout)
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("migrate names the last migration");
    let header = format!("{{\"format\":\"oversight-backup\",\"version\":1,\"schema\":{schema}}}\n");
    std::fs::write(
        &forged,
        format!("{header}{{\"table\":\"users\",\"columns\":[\"username\",\"role; DROP TABLE users\"],\"rows\":[[\"a\",\"b\"]]}}\n"),
    )
    .expect("write");
    let out = oversight(&db, &["restore", forged.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("forged.backup:2: users has no column"),
        "{}",
        stderr(&out)
    );
}

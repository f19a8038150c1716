//! The accountability workflow from the command line, on the real seed documents.

use std::process::Command;

use crate::{export, oversight, seed_files, stderr, stdout};

pub fn with_password(database: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oversight"))
        .arg("--database")
        .arg(database)
        .args(args)
        .env_remove("DATABASE_URL")
        .env("OVERSIGHT_PASSWORD", "a long enough password")
        .output()
        .expect("runs")
}

#[test]
fn actions_responses_and_the_audit_log_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("workflow.db");
    let files = seed_files();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    assert!(oversight(&db, &args).status.success());
    for (user, role, force) in [
        ("hants-force", "force_editor", Some("hampshire")),
        ("hants-opcc", "opcc_editor", Some("hampshire")),
        ("hmi", "inspectorate", None),
    ] {
        let mut a = vec!["user", "add", "--username", user, "--role", role];
        if let Some(f) = force {
            a.extend(["--force", f]);
        }
        let out = with_password(&db, &a);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let all = export(&db);
    let recommendation = all["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == "recommendation")
        .and_then(|f| f["id"].as_str())
        .expect("a recommendation in seed 002")
        .to_owned();

    let out = oversight(
        &db,
        &[
            "action",
            "add",
            "--finding",
            &recommendation,
            "--title",
            "Review the crime plan",
            "--owner",
            "hants-force",
            "--due",
            "2017-06-01",
            "--as",
            "hants-force",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let action = format!("{recommendation}-a1");
    let out = oversight(
        &db,
        &[
            "action",
            "update",
            &action,
            "--status",
            "completed",
            "--as",
            "hants-force",
        ],
    );
    assert!(!out.status.success(), "open cannot jump to completed");
    assert!(
        stderr(&out).contains("cannot go from Open to Completed"),
        "{}",
        stderr(&out)
    );
    let out = oversight(
        &db,
        &[
            "action",
            "update",
            &action,
            "--text",
            "Plan drafted",
            "--approver",
            "hants-opcc",
            "--status",
            "in_progress",
            "--as",
            "hants-force",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = oversight(
        &db,
        &[
            "action",
            "sign-off",
            &action,
            "--update",
            "1",
            "--as",
            "hants-force",
        ],
    );
    assert!(!out.status.success(), "only the named approver signs off");
    let out = oversight(
        &db,
        &[
            "action",
            "sign-off",
            &action,
            "--update",
            "1",
            "--as",
            "hants-opcc",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = oversight(&db, &["action", "list", "--overdue"]);
    assert!(
        stdout(&out).contains(&action),
        "due 2017-06-01, so red: {}",
        stdout(&out)
    );

    let out = oversight(
        &db,
        &[
            "response",
            "add",
            "--finding",
            &recommendation,
            "--text",
            "The Commissioner accepts this.",
            "--as",
            "hants-opcc",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let response = format!("{recommendation}-w1");
    let out = oversight(
        &db,
        &["response", "publish", &response, "--as", "hants-opcc"],
    );
    assert!(!out.status.success(), "neither action nor reason");
    assert!(
        stderr(&out).contains("neither what action is taken nor why none is"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stdout(&oversight(&db, &["response", "list"])).contains(&response),
        "a draft is not public"
    );
    assert!(
        stdout(&oversight(
            &db,
            &["response", "list", "--as", "hants-force"]
        ))
        .contains(&response)
    );

    let out = oversight(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all = export(&db);
    let actions = all["actions"].as_array().expect("actions");
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["status"], "in_progress");
    assert_eq!(actions[0]["due_on"], "2017-06-01");
    assert_eq!(actions[0]["updates"][0]["signed_off_by"], "hants-opcc");
    let audit = all["audit"].as_array().expect("audit");
    assert!(audit.iter().any(|e| e["action"] == "sign off update"));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e["action"] == "import document")
            .count(),
        5
    );
}

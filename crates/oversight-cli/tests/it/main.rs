//! Integration tests of the `oversight` binary: the seed acceptance checks (reading the real
//! documents in ../shared/seeds), re-import idempotence, refusals, and the tables it prints.

mod architecture;
mod backup;
mod contract;
mod evidence;
mod seeds;
mod serve;
mod workflow;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `oversight` binary built for these tests.
pub fn oversight(database: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oversight"))
        .arg("--database")
        .arg(database)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("the oversight binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `../shared/seeds` beside the checkout. Its absence is a failure, not a skip: the
/// acceptance checks must run on the real documents.
pub fn seeds_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        dir.is_dir(),
        "the seed documents are missing: expected them at {} (../shared/seeds beside the checkout)",
        dir.display()
    );
    dir
}

pub fn seed_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(seeds_dir())
        .expect("the seeds folder can be read")
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "expected the five seed documents");
    files
}

pub fn export(database: &Path) -> serde_json::Value {
    let out = oversight(database, &["export", "json"]);
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("export prints JSON")
}

#[test]
fn bad_files_are_refused_by_name_and_the_rest_still_import() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("o.db");
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, b"\xff\xd8\xff\xe0\0\x10JFIF\0").expect("write");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 report").expect("write");
    let unknown = dir.path().join("minutes.txt");
    std::fs::write(&unknown, "Minutes of the allotment society.\n").expect("write");
    let missing = dir.path().join("missing.txt");
    let out = oversight(
        &db,
        &[
            "import",
            binary.to_str().unwrap_or_default(),
            empty.to_str().unwrap_or_default(),
            latin1.to_str().unwrap_or_default(),
            unknown.to_str().unwrap_or_default(),
            missing.to_str().unwrap_or_default(),
        ],
    );
    assert!(!out.status.success(), "refusals give a non-zero exit");
    let err = stderr(&out);
    assert!(
        err.contains("photo.jpg: refused: the file is binary (a NUL byte at offset 4)"),
        "{err}"
    );
    assert!(
        err.contains("empty.txt: refused: the file is empty"),
        "{err}"
    );
    assert!(
        err.contains(
            "latin1.txt: refused: the file is not valid UTF-8 (first bad byte at offset 3)"
        ),
        "{err}"
    );
    assert!(err.contains("missing.txt: cannot be read"), "{err}");
    assert!(
        err.contains("minutes.txt: warning: the kind of document was not recognised"),
        "{err}"
    );
    let all = export(&db);
    let documents = all["documents"].as_array().expect("documents");
    assert_eq!(
        documents.len(),
        1,
        "only the unrecognised text document is stored"
    );
    assert_eq!(documents[0]["kind"], "unrecognised");
}

#[test]
fn an_empty_database_says_how_to_start() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = oversight(&dir.path().join("o.db"), &["inspections"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("No inspections stored yet"));
}

#[test]
fn a_database_in_a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = oversight(&dir.path().join("nope/o.db"), &["inspections"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

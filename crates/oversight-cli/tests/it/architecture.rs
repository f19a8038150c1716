//! ARCHITECTURE.md's dependency rule, checked from `cargo metadata`: data flows one way,
//! and each crate of ours depends only on the crates of ours the rule allows (normal
//! dependencies; tests may use more).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// Each crate of ours, and the crates of ours it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("oversight-domain", &[]),
    ("oversight-ingest", &["oversight-domain"]),
    ("oversight-evidence", &["oversight-domain"]),
    ("oversight-store", &["oversight-domain"]),
    (
        "oversight-pipeline",
        &[
            "oversight-domain",
            "oversight-ingest",
            "oversight-evidence",
            "oversight-store",
        ],
    ),
    (
        "oversight-web",
        &["oversight-domain", "oversight-evidence", "oversight-store"],
    ),
    (
        "oversight-cli",
        &[
            "oversight-domain",
            "oversight-ingest",
            "oversight-evidence",
            "oversight-store",
            "oversight-pipeline",
            "oversight-web",
        ],
    ),
];

#[test]
fn each_crate_depends_only_on_what_the_architecture_allows() {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
    let ours: BTreeSet<String> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in meta["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("a name").to_owned();
        let deps: BTreeSet<String> = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            // Normal dependencies only: `kind` is null for them, "dev" or "build" otherwise.
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .filter(|d| ours.contains(*d))
            .map(str::to_owned)
            .collect();
        found.insert(name, deps);
    }
    for (name, deps) in &found {
        let allowed: BTreeSet<String> = ALLOWED
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is a crate of ours missing from ARCHITECTURE's rule"))
            .1
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let extra: Vec<&String> = deps.difference(&allowed).collect();
        assert!(
            extra.is_empty(),
            "{name} depends on {extra:?}, which the rule does not allow"
        );
    }
    // The store's only crate of ours is the domain.
    assert_eq!(
        found["oversight-store"],
        BTreeSet::from(["oversight-domain".to_owned()])
    );
    // Nothing below the web and the command line knows HTTP or the command line.
    for low in [
        "oversight-domain",
        "oversight-ingest",
        "oversight-evidence",
        "oversight-store",
    ] {
        let all: Vec<&str> = meta["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .filter(|p| p["name"] == low)
            .flat_map(|p| p["dependencies"].as_array().into_iter().flatten())
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .collect();
        for http in ["axum", "askama", "utoipa", "clap", "tower-http"] {
            assert!(!all.contains(&http), "{low} depends on {http}");
        }
    }
}

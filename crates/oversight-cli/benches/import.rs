//! Import throughput: the five seed documents replicated to 10,000 distinct documents (each
//! copy made unique by a numbered line at its end, so none is skipped as a re-import), then
//! imported by the real `oversight import` into a fresh SQLite file.
//!
//! `cargo bench -p oversight-cli --bench import` (reads ../shared/seeds). The SPEC's
//! target: 10,000 documents in under 10 s on 2 cores.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const COPIES: usize = 10_000;

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut originals: Vec<(String, Vec<u8>)> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", seeds.display()))
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("a seed is readable"),
            )
        })
        .collect();
    originals.sort();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("create the corpus folder");
    let mut bytes = 0usize;
    for n in 0..COPIES {
        let (name, text) = &originals[n % originals.len()];
        let mut copy = text.clone();
        copy.extend_from_slice(format!("\n\nCopy {n}\n").as_bytes());
        bytes += copy.len();
        std::fs::write(corpus.join(format!("{n:05}-{name}")), copy).expect("write a copy");
    }

    // Parsing alone, on one thread, for the split between reading and storing.
    let files: Vec<Vec<u8>> = (0..COPIES.min(2000))
        .map(|n| {
            std::fs::read(corpus.join(format!("{n:05}-{}", originals[n % originals.len()].0)))
                .expect("read")
        })
        .collect();
    let started = Instant::now();
    for f in &files {
        oversight_ingest::ingest(f).expect("a seed copy is a document");
    }
    let parse_rate = files.len() as f64 / started.elapsed().as_secs_f64();

    let database = dir.path().join("bench.db");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_oversight"))
        .arg("--database")
        .arg(&database)
        .arg("import")
        .arg(&corpus)
        .output()
        .expect("the oversight binary runs");
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains(&format!("{COPIES} added")),
        "every copy must be imported: {summary}"
    );

    println!(
        "import benchmark: {COPIES} documents ({:.1} MB) from the 5 seeds",
        bytes as f64 / 1e6
    );
    println!("  parse only (one thread):   {parse_rate:>9.0} documents/s");
    println!(
        "  oversight import (SQLite): {:>9.0} documents/s, {elapsed:.2} s in all",
        COPIES as f64 / elapsed
    );
    println!(
        "  target: {COPIES} documents in under 10 s: {:.2}x the target rate ({})",
        10.0 / elapsed,
        if elapsed < 10.0 { "met" } else { "NOT met" }
    );
}

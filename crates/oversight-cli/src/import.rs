//! `oversight import`: read files on a worker thread while the store writes, one
//! transaction per document, and say what each file added.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use oversight_domain::extraction::Extraction;
use oversight_pipeline::{read_document, source_name, store_document};
use oversight_store::{ImportOutcome, Store};

/// Expands folders into the files in them, sorted, so imports are reproducible.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            entries.sort();
            out.extend(entries);
        } else {
            out.push(path.clone());
        }
    }
    out
}

type Parsed = (PathBuf, Result<Extraction, oversight_pipeline::ImportError>);

pub async fn run(store: &Store, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let files = expand(paths);
    let started = Instant::now();
    let progress = ProgressBar::new(files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template(
            "{spinner} importing [{bar:30}] {pos}/{len} documents ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if files.len() < 20 {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    // Parsing runs on its own thread, a bounded queue ahead of the database writes.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Parsed>(64);
    let to_parse = files.clone();
    let parser = std::thread::spawn(move || {
        for path in to_parse {
            let parsed = read_document(&path);
            if sender.blocking_send((path, parsed)).is_err() {
                break;
            }
        }
    });
    let verbose = files.len() <= 200;
    let (mut added, mut unchanged, mut refused) = (0usize, 0usize, 0usize);
    while let Some((path, parsed)) = receiver.recv().await {
        let name = path.display().to_string();
        let source = source_name(&path);
        match parsed {
            Err(reason) => {
                refused += 1;
                progress.suspend(|| eprintln!("{name}: {reason}"));
            }
            Ok(extraction) => {
                let span = tracing::info_span!("import", file = %name, sha256 = %extraction.sha256);
                let _entered = span.enter();
                match store_document(store, &source, &extraction).await {
                    Ok(ImportOutcome::Unchanged { document_id }) => {
                        unchanged += 1;
                        if verbose {
                            progress.suspend(|| {
                                println!(
                                    "{name}: unchanged (already imported as document {document_id})"
                                )
                            });
                        }
                    }
                    Ok(ImportOutcome::Added(s)) => {
                        added += 1;
                        if verbose {
                            let mut line = format!(
                                "{name}: added {} {}: {} judgments, {} findings, {} responses",
                                s.kind.label().to_lowercase(),
                                s.document_id,
                                s.judgments,
                                s.findings,
                                s.responses
                            );
                            if s.findings_matched > 0 {
                                line.push_str(&format!(
                                    " ({} findings already stored, matched)",
                                    s.findings_matched
                                ));
                            }
                            if s.progress_notes > 0 {
                                line.push_str(&format!(", {} progress notes", s.progress_notes));
                            }
                            if s.sections > 0 {
                                line.push_str(&format!(", {} sections", s.sections));
                            }
                            progress.suspend(|| println!("{line}"));
                        }
                        for warning in &s.warnings {
                            progress.suspend(|| eprintln!("{name}: warning: {warning}"));
                        }
                    }
                    Err(e) => {
                        refused += 1;
                        progress.suspend(|| eprintln!("{name}: {e}"));
                    }
                }
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    let _ = parser.join();
    let elapsed = started.elapsed();
    eprintln!(
        "{} files: {added} added, {unchanged} unchanged, {refused} refused, in {:.2} s",
        files.len(),
        elapsed.as_secs_f64()
    );
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `oversight import-grades FILE`: a table of grades as one document.
pub async fn grades(store: &Store, path: &Path) -> anyhow::Result<ExitCode> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{name}: cannot be read: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let outcome =
        match oversight_pipeline::import_grades_table(store, &source_name(path), &bytes).await {
            Ok(outcome) => outcome,
            Err(e) => {
                eprintln!("{name}: {e}");
                return Ok(ExitCode::FAILURE);
            }
        };
    match outcome {
        ImportOutcome::Unchanged { document_id } => {
            println!("{name}: unchanged (already imported as document {document_id})")
        }
        ImportOutcome::Added(s) => {
            println!(
                "{name}: added grades table {}: {} judgments",
                s.document_id, s.judgments
            );
            for w in &s.warnings {
                eprintln!("{name}: warning: {w}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

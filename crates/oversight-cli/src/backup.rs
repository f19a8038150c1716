//! `oversight backup FILE` and `oversight restore FILE`.

use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use oversight_store::Store;

pub async fn backup(store: &Store, file: &Path) -> anyhow::Result<ExitCode> {
    let progress = |table: &str, rows: usize| eprintln!("backed up {table}: {rows} rows");
    let summary = if file == Path::new("-") {
        let mut out = BufWriter::new(std::io::stdout().lock());
        let summary = store.backup(&mut out, &progress).await?;
        out.flush()?;
        summary
    } else {
        // Written beside the target and renamed at the end: a failed backup never leaves a
        // half file under the name of a good one.
        let partial = file.with_extension("partial");
        let handle = std::fs::File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let mut out = BufWriter::new(handle);
        let summary = store.backup(&mut out, &progress).await?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", partial.display()))?;
        std::fs::rename(&partial, file).with_context(|| {
            format!("cannot rename {} to {}", partial.display(), file.display())
        })?;
        summary
    };
    eprintln!(
        "Backed up {} rows of {} tables to {}.",
        summary.rows,
        summary.tables,
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(store: &Store, file: &Path) -> anyhow::Result<ExitCode> {
    let handle =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let progress = |table: &str, rows: usize| eprintln!("restored {table}: {rows} rows");
    let summary = store
        .restore(
            BufReader::new(handle),
            &file.display().to_string(),
            &progress,
        )
        .await?;
    eprintln!(
        "Restored {} rows of {} tables from {}.",
        summary.rows,
        summary.tables,
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

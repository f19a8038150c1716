//! Aggregates police.uk files and prints totals: `cargo run --release --example aggregate -- PATH…`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let sources = oversight_evidence::discover(&paths)?;
    let started = std::time::Instant::now();
    let agg = oversight_evidence::aggregate(&sources, &|_| {});
    let (rows, rejected) = agg.totals();
    eprintln!(
        "{} files, {rows} rows, {rejected} rejected, {} groups in {:?}",
        agg.files.len(),
        agg.counts.len(),
        started.elapsed()
    );
    for f in agg
        .files
        .iter()
        .filter(|f| f.error.is_some() || f.rejected > 0)
    {
        eprintln!("{}: {:?} {:?}", f.name, f.error, f.rejections);
    }
    for w in &agg.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

//! `oversight demo`: a fresh database holding the demo dataset (the fictional Borsetshire
//! Constabulary's documents, imported through the real importer, and the real published
//! grades of the 43 forces), ready to serve.

use std::path::Path;

use anyhow::Context;
use oversight_store::{ImportOutcome, Store};

/// The demo documents, embedded so that the demo needs nothing but the binary.
const DOCUMENTS: &[(&str, &[u8])] = &[
    (
        "borsetshire-peel-2016-effectiveness.txt",
        include_bytes!("../../../demo/borsetshire-peel-2016-effectiveness.txt"),
    ),
    (
        "borsetshire-peel-2016-legitimacy.html",
        include_bytes!("../../../demo/borsetshire-peel-2016-legitimacy.html"),
    ),
    (
        "borsetshire-peel-2017-efficiency.txt",
        include_bytes!("../../../demo/borsetshire-peel-2017-efficiency.txt"),
    ),
    (
        "borsetshire-peel-2018-19-pcc-response.txt",
        include_bytes!("../../../demo/borsetshire-peel-2018-19-pcc-response.txt"),
    ),
    (
        "borsetshire-peel-2021-22.txt",
        include_bytes!("../../../demo/borsetshire-peel-2021-22.txt"),
    ),
    (
        "borsetshire-panel-scrutiny.txt",
        include_bytes!("../../../demo/borsetshire-panel-scrutiny.txt"),
    ),
];

const GRADES: &[u8] = include_bytes!("../../../demo/peel-grades.csv");

/// Borsetshire's street-level crimes in the police.uk layout, July 2016 to December 2017.
const STREET: (&str, &[u8]) = (
    "2016-07-to-2017-12-borsetshire-street.csv",
    include_bytes!("../../../demo/police-uk/2016-07-to-2017-12-borsetshire-street.csv"),
);

/// Replaces `path` with a new database holding the demo dataset.
pub async fn create(path: &Path) -> anyhow::Result<Store> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        if Path::new(&file).exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove the old demo database {file}"))?;
        }
    }
    let store = Store::open(&path.display().to_string()).await?;
    let mut judgments = 0;
    let mut findings = 0;
    for (name, bytes) in DOCUMENTS {
        let outcome = oversight_pipeline::import_bytes(&store, name, bytes)
            .await
            .with_context(|| format!("demo document {name}"))?;
        if let ImportOutcome::Added(s) = outcome {
            judgments += s.judgments;
            findings += s.findings;
        }
    }
    let table = oversight_pipeline::import_grades_table(&store, "peel-grades.csv", GRADES)
        .await
        .context("the demo grades table")?;
    if let ImportOutcome::Added(s) = table {
        judgments += s.judgments;
    }
    let evidence = demo_evidence(&store).await?;
    println!(
        "Demo database {}: {} documents about the fictional Borsetshire Constabulary and the real PEEL grades of the 43 forces ({judgments} judgments, {findings} findings)",
        path.display(),
        DOCUMENTS.len()
    );
    println!("{evidence}");
    Ok(store)
}

/// Ingests the demo's police.uk file through the evidence engine and links the 2016
/// effectiveness report's first finding to an indicator, so its page shows the series.
async fn demo_evidence(store: &Store) -> anyhow::Result<String> {
    let dir = tempfile::tempdir().context("a temporary folder for the demo's police.uk file")?;
    let path = dir.path().join(STREET.0);
    std::fs::write(&path, STREET.1).context("writing the demo's police.uk file")?;
    let sources = oversight_evidence::discover(&[path])?;
    let aggregation = oversight_evidence::aggregate(&sources, &|_| {});
    let (rows, _) = aggregation.totals();
    oversight_pipeline::store_evidence(store, &aggregation, &[]).await?;
    let finding = store.findings().await?.into_iter().find(|f| {
        f.force == "borsetshire"
            && f.cycle == "2016"
            && f.pillar.as_deref() == Some("effectiveness")
    });
    if let Some(f) = &finding {
        store
            .link_finding_indicator(&f.id, "unable_to_prosecute_share", "demo")
            .await?;
    }
    Ok(format!(
        "Evidence: {rows} police.uk street rows for Borsetshire, July 2016 to December 2017{}",
        finding.map_or(String::new(), |f| format!(
            "; finding {} is linked to an indicator",
            f.id
        ))
    ))
}

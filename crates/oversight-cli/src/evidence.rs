//! `oversight evidence …`: police.uk counts in, indicators out.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oversight_domain::Force;
use oversight_evidence::indicator::{self, INDICATORS, Indicator};
use oversight_evidence::{Aggregation, Month, Source};
use oversight_store::{EvidenceFile, Store};

/// Prints a line to standard output; a closed pipe (`| head`) ends the output quietly.
macro_rules! say {
    ($($arg:tt)*) => {
        emit(&format!($($arg)*))?
    };
}

fn emit(line: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_pipe(writeln!(out, "{line}"))
}

/// Treats a reader that stopped reading as the end of the output, not an error.
fn quiet_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Read police.uk street, outcomes and stop-and-search CSVs (folders, .csv, .csv.gz or the
    /// police.uk archive .zip) and store their counts. A month already stored is replaced;
    /// a file already ingested unchanged is skipped.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Count police.uk CSVs without storing anything, printing every count as CSV
    /// (kind, force, month, key1, key2, n). Used by the benchmark and the acceptance check.
    Aggregate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only print counts of this kind of file.
        #[arg(long)]
        kind: Option<oversight_evidence::Kind>,
    },
    /// Print every stored count as CSV (kind, force, month, key1, key2, n).
    Counts,
    /// An indicator for one force month by month, against England and Wales.
    Indicators {
        /// The force (slug or name), e.g. hampshire.
        #[arg(long, required_unless_present = "list")]
        force: Option<String>,
        /// The indicator's id (see --list).
        #[arg(long, required_unless_present = "list")]
        indicator: Option<String>,
        /// List the indicators with their definitions.
        #[arg(long)]
        list: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Every force's value of an indicator for one month, ranked, with England and Wales.
    Compare {
        #[arg(long)]
        indicator: String,
        /// The month, YYYY-MM.
        #[arg(long)]
        month: Month,
        #[arg(long)]
        json: bool,
    },
    /// Link a finding to an indicator, so the finding's page shows the indicator's series.
    Link {
        #[arg(long)]
        finding: String,
        #[arg(long)]
        indicator: String,
    },
}

impl EvidenceCommand {
    /// Whether the command needs the database.
    pub fn needs_store(&self) -> bool {
        !matches!(self, EvidenceCommand::Aggregate { .. })
            && !matches!(self, EvidenceCommand::Indicators { list: true, .. })
    }
}

fn find_indicator(id: &str) -> anyhow::Result<&'static Indicator> {
    indicator::find(id).with_context(|| {
        let ids: Vec<&str> = INDICATORS.iter().map(|i| i.id).collect();
        format!("no indicator {id:?}: choose one of {}", ids.join(", "))
    })
}

fn bar(total: u64, label: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:10} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(label);
    bar
}

/// Runs the commands that need no database.
pub fn run_offline(command: &EvidenceCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvidenceCommand::Aggregate { paths, kind } => {
            let sources = oversight_evidence::discover(paths)?;
            let agg = aggregate(&sources)?;
            let rows = agg
                .counts
                .iter()
                .filter(|(k, _)| kind.is_none_or(|w| w == k.kind))
                .map(|(k, n)| {
                    (
                        k.kind,
                        k.force.as_str(),
                        k.month,
                        k.key1.as_str(),
                        k.key2.as_str(),
                        *n,
                    )
                });
            quiet_pipe(write_counts(rows))?;
            report(&agg, &mut std::io::stderr())?;
            Ok(exit(&agg))
        }
        EvidenceCommand::Indicators { list: true, .. } => {
            for ind in INDICATORS {
                say!("{}  ({}, from {} files)", ind.id, ind.unit, ind.kind);
                say!("    {}", ind.name);
                say!("    {}", ind.explanation);
                say!("    formula: {}", ind.formula);
            }
            say!(
                "\nRanks: {}.\nOutliers: {}.",
                indicator::RANK_RULE,
                indicator::OUTLIER_RULE
            );
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!("this command needs the database"),
    }
}

fn exit(agg: &Aggregation) -> ExitCode {
    if agg.files.iter().any(|f| f.error.is_some()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes counts as CSV: kind, force, month, key1, key2, n.
fn write_counts<'a>(
    rows: impl Iterator<
        Item = (
            oversight_evidence::Kind,
            &'a str,
            Month,
            &'a str,
            &'a str,
            u64,
        ),
    >,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(out, "kind,force,month,key1,key2,n")?;
    for (kind, force, month, key1, key2, n) in rows {
        writeln!(
            out,
            "{kind},{},{month},{},{},{n}",
            csv_field(force),
            csv_field(key1),
            csv_field(key2)
        )?;
    }
    out.flush()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn aggregate(sources: &[Source]) -> anyhow::Result<Aggregation> {
    let total: u64 = sources.iter().map(|s| s.bytes).sum();
    let bar = bar(total, "reading");
    let agg = oversight_evidence::aggregate(sources, &|n| bar.inc(n));
    bar.finish_and_clear();
    Ok(agg)
}

/// The summary printed after reading: rows, rejections with file and line, errors, warnings.
fn report(agg: &Aggregation, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let (rows, rejected) = agg.totals();
    writeln!(
        out,
        "{} files: {rows} rows read, {rejected} rejected, {} counts",
        agg.files.len(),
        agg.counts.len()
    )?;
    for f in &agg.files {
        if let Some(e) = &f.error {
            writeln!(
                out,
                "error: {}: {e} (nothing of this file was counted)",
                f.name
            )?;
        }
        if f.rejected > 0 {
            writeln!(out, "{}: {} rows rejected", f.name, f.rejected)?;
            for r in &f.rejections {
                writeln!(out, "  {}:{}: {}", f.name, r.line, r.reason)?;
            }
            if f.rejected as usize > f.rejections.len() {
                writeln!(
                    out,
                    "  … and {} more",
                    f.rejected as usize - f.rejections.len()
                )?;
            }
        }
    }
    for w in &agg.warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}

/// Runs the commands that read or write the database.
pub async fn run(store: &Store, command: EvidenceCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvidenceCommand::Ingest { paths } => ingest(store, &paths).await,
        EvidenceCommand::Counts => {
            let rows = store.evidence_counts().await?;
            quiet_pipe(write_counts(rows.iter().map(|r| {
                (
                    r.kind,
                    r.reported_by.as_str(),
                    r.month,
                    r.key1.as_str(),
                    r.key2.as_str(),
                    r.n,
                )
            })))?;
            Ok(ExitCode::SUCCESS)
        }
        EvidenceCommand::Indicators {
            force,
            indicator,
            json,
            ..
        } => {
            let ind = find_indicator(indicator.as_deref().unwrap_or_default())?;
            let name = force.unwrap_or_default();
            let force = Force::from_slug(&name)
                .or_else(|| Force::from_name(&name))
                .with_context(|| format!("no force {name:?}: give its slug, e.g. hampshire"))?;
            let rows = store.indicator_values(ind.id, None).await?;
            let series = indicator::series(ind, force, &rows);
            if json {
                let doc = serde_json::json!({
                    "indicator": ind.id,
                    "name": ind.name,
                    "unit": ind.unit,
                    "formula": ind.formula,
                    "force": force.slug(),
                    "series": series
                        .iter()
                        .map(oversight_web::wire::SeriesPointOut::from)
                        .collect::<Vec<_>>(),
                });
                say!("{}", serde_json::to_string_pretty(&doc)?);
            } else if series.is_empty() {
                say!(
                    "No {} values for {} are stored: run `oversight evidence ingest` on police.uk files.",
                    ind.id,
                    force.name()
                );
            } else {
                say!("{} — {}\n{}\n", force.name(), ind.name, ind.formula);
                let mut t = String::new();
                writeln!(
                    t,
                    "{:8}  {:>10}  {:>21}  {:>10}  {:>7}",
                    "month", "value", "numerator/denominator", "E&W", "rank"
                )?;
                for p in &series {
                    writeln!(
                        t,
                        "{:8}  {:>10}  {:>21}  {:>10}  {:>7}",
                        p.month.to_string(),
                        fmt_value(p.force.value),
                        format!("{}/{}", p.force.numerator, p.force.denominator),
                        fmt_value(p.england_and_wales.value),
                        p.rank
                            .map_or("-".to_owned(), |r| format!("{r}/{}", p.ranked_of)),
                    )?;
                }
                quiet_pipe(std::io::stdout().lock().write_all(t.as_bytes()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        EvidenceCommand::Compare {
            indicator,
            month,
            json,
        } => {
            let ind = find_indicator(&indicator)?;
            let rows = store.indicator_values(ind.id, Some(month)).await?;
            if rows.is_empty() {
                bail!(
                    "no {} values for {month} are stored: run `oversight evidence ingest` on that month's police.uk files",
                    ind.id
                );
            }
            let c = indicator::compare(ind, month, &rows);
            if json {
                let out = oversight_web::wire::ComparisonOut::from(&c);
                say!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                say!("{} — {month} ({})", ind.name, ind.unit);
                say!(
                    "England and Wales: {} ({}/{}){}",
                    fmt_value(c.england_and_wales.value),
                    c.england_and_wales.numerator,
                    c.england_and_wales.denominator,
                    if c.forces_missing.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", without {} forces that have no data",
                            c.forces_missing.len()
                        )
                    }
                );
                say!(
                    "{:>4}  {:32}  {:>10}  {:>21}  outlier",
                    "rank",
                    "force",
                    "value",
                    "numerator/denominator"
                );
                for f in &c.forces {
                    say!(
                        "{:>4}  {:32}  {:>10}  {:>21}  {}",
                        f.rank.map_or("-".to_owned(), |r| r.to_string()),
                        f.name,
                        fmt_value(f.value),
                        format!("{}/{}", f.numerator, f.denominator),
                        f.outlier_side.unwrap_or("")
                    );
                }
                say!("\nRanks: {}.\nOutliers: {}.", c.rank_rule, c.outlier_rule);
            }
            Ok(ExitCode::SUCCESS)
        }
        EvidenceCommand::Link { finding, indicator } => {
            let ind = find_indicator(&indicator)?;
            if !store
                .link_finding_indicator(&finding, ind.id, &crate::review::actor())
                .await?
            {
                bail!("no finding {finding:?} is stored");
            }
            say!("Finding {finding} is linked to {}.", ind.id);
            Ok(ExitCode::SUCCESS)
        }
        offline => run_offline(&offline),
    }
}

fn fmt_value(v: Option<f64>) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.2}"))
}

async fn ingest(store: &Store, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let sources = oversight_evidence::discover(paths)?;
    if sources.is_empty() {
        bail!(
            "no .csv, .csv.gz or .zip files under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (sources, hashes, skipped) = {
        let sources = sources.clone();
        let total: u64 = sources.iter().map(|s| s.bytes).sum();
        let hashed = tokio::task::spawn_blocking(move || {
            let bar = bar(total, "checking");
            let hashes = oversight_evidence::hash_sources(&sources, &|n| bar.inc(n));
            bar.finish_and_clear();
            (sources, hashes)
        })
        .await?;
        let (sources, hashes) = hashed;
        let hashes: Vec<String> = hashes.into_iter().collect::<Result<_, _>>()?;
        let known = store.evidence_files_known(&hashes).await?;
        let mut fresh = Vec::new();
        let mut fresh_hashes = Vec::new();
        let mut skipped = 0;
        for (s, h) in sources.into_iter().zip(hashes) {
            if known.contains(&h) || fresh_hashes.contains(&h) {
                skipped += 1;
            } else {
                fresh.push(s);
                fresh_hashes.push(h);
            }
        }
        (fresh, fresh_hashes, skipped)
    };
    let bytes: u64 = sources.iter().map(|s| s.bytes).sum();
    let agg = {
        let sources = sources.clone();
        tokio::task::spawn_blocking(move || aggregate(&sources)).await??
    };
    let mut files = Vec::new();
    for (i, (s, sha)) in sources.iter().zip(&hashes).enumerate() {
        let reports: Vec<_> = agg.files.iter().filter(|f| f.source == i).collect();
        if reports.iter().any(|f| f.error.is_some()) {
            continue;
        }
        files.push(EvidenceFile {
            sha256: sha.clone(),
            name: s.path.display().to_string(),
            bytes: s.bytes,
            rows_read: reports.iter().map(|f| f.rows).sum(),
            rows_rejected: reports.iter().map(|f| f.rejected).sum(),
        });
    }
    let stored = oversight_pipeline::store_evidence(store, &agg, &files).await?;
    let mut err = std::io::stderr();
    report(&agg, &mut err)?;
    let secs = started.elapsed().as_secs_f64();
    say!(
        "Ingested {} files ({:.1} MB) in {secs:.2} s ({:.0} MB/s); {skipped} unchanged files skipped.",
        sources.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    let (rows, rejected) = agg.totals();
    say!(
        "{rows} rows read, {rejected} rejected; {} force-months stored ({} replaced), {} counts, {} indicator values.",
        stored.groups,
        stored.replaced,
        stored.counts,
        stored.values
    );
    Ok(exit(&agg))
}

//! The `oversight` command: argument parsing and glue over the library crates.

mod export;
mod import;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use oversight_store::Store;

/// Oversight: the police inspection and accountability cycle of England and Wales, as
/// structured records with provenance.
#[derive(Debug, Parser)]
#[command(name = "oversight", version, about)]
struct Cli {
    /// The database: a SQLite file (created on first use) or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "oversight.db"
    )]
    database: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import documents (inspection reports, PCC responses, press releases, transcripts,
    /// Panel papers, inspectorate letters) as text, HTML or PDF.
    Import {
        /// Files to import; a folder imports every file in it.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print everything stored.
    Export {
        #[arg(value_enum)]
        format: ExportFormat,
    },
    /// A table of every force's graded pillars and areas: grade, change and findings.
    Inspections,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let store = Store::open(&cli.database)
        .await
        .with_context(|| format!("opening {}", cli.database))?;
    let code = match cli.command {
        Command::Import { files } => import::run(&store, &files).await?,
        Command::Export {
            format: ExportFormat::Json,
        } => {
            let export = export::Export::gather(&store).await?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            serde_json::to_writer_pretty(&mut out, &export)?;
            std::io::Write::write_all(&mut out, b"\n")?;
            ExitCode::SUCCESS
        }
        Command::Inspections => {
            let rows = store.inspections().await?;
            print!("{}", table::inspections(&rows));
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(code)
}

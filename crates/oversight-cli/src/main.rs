//! The `oversight` command: argument parsing and glue over the library crates.

mod action;
mod backup;
mod demo;
mod evidence;
mod export;
mod import;
mod response;
mod review;
mod table;
mod users;

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
    /// Import a table of grades (CSV: force, cycle, pillar, question, grade[, ons_pfa_code, source_url]).
    ImportGrades {
        /// The CSV file.
        file: PathBuf,
    },
    /// Police.uk open data: ingest counts, compute and compare indicators.
    Evidence {
        #[command(subcommand)]
        command: evidence::EvidenceCommand,
    },
    /// Police and Crime Panel scrutiny reviews: list, show, move on, log evidence, recommend.
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// Actions against findings: add, update (status or progress), sign off, list.
    Action {
        #[command(subcommand)]
        command: action::ActionCommand,
    },
    /// The OPCC's and the force's responses to findings: draft, publish, withdraw, list.
    Response {
        #[command(subcommand)]
        command: response::ResponseCommand,
    },
    /// People who sign in to edit: add and list users.
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// The append-only audit log: verify its hash chain, list entries.
    Audit {
        #[command(subcommand)]
        command: users::AuditCommand,
    },
    /// Serve the web application and JSON API for the database.
    Serve {
        /// Address to listen on. Off loopback, put a TLS proxy in front (the session cookie
        /// is Secure: browsers send it only over https) and say --behind-proxy, or say
        /// --allow-plain-http to serve plain http anyway.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Also serve the files in this folder under /files/ (exported pages, reports).
        #[arg(long)]
        files: Option<PathBuf>,
        /// A TLS proxy on this machine forwards to us: trust its X-Forwarded-For for the
        /// client's address (login limits per client).
        #[arg(long)]
        behind_proxy: bool,
        /// Serve plain http on an address other than loopback without a proxy. Signing in
        /// will not work from other machines: browsers keep the Secure cookie for https.
        #[arg(long)]
        allow_plain_http: bool,
    },
    /// Apply the database's pending migrations and say which are applied, then exit.
    Migrate,
    /// Write every record, the audit log and the attached files to FILE (a versioned dump
    /// that `restore` reads into an empty database of either backend).
    Backup {
        /// The file to write ("-" for standard output).
        file: PathBuf,
    },
    /// Read a backup made by `backup` into this database, which must be empty.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Create a fresh demo database (a fictional force's documents and real published grades),
    /// import it through the real importer and serve it.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// The demo database file, replaced on every run.
        #[arg(long, default_value = "oversight-demo.db")]
        demo_database: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Servers log each request; other commands only what goes wrong. RUST_LOG overrides.
    let default_filter = if matches!(cli.command, Command::Serve { .. } | Command::Demo { .. }) {
        "info"
    } else {
        "warn"
    };
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            filter.as_deref().unwrap_or(default_filter),
        ))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
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
    if let Command::Demo {
        bind,
        demo_database,
    } = &cli.command
    {
        let store = demo::create(demo_database).await?;
        serve(store, bind, oversight_web::ServeOptions::default(), false).await?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Evidence { command } = &cli.command
        && !command.needs_store()
    {
        return evidence::run_offline(command);
    }
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
        Command::ImportGrades { file } => import::grades(&store, &file).await?,
        Command::Backup { file } => backup::backup(&store, &file).await?,
        Command::Restore { file } => backup::restore(&store, &file).await?,
        Command::Migrate => {
            for (version, description) in store.applied_migrations().await? {
                println!("{version:04} {description}: applied");
            }
            ExitCode::SUCCESS
        }
        Command::Serve {
            bind,
            files,
            behind_proxy,
            allow_plain_http,
        } => {
            let options = oversight_web::ServeOptions {
                files,
                trust_proxy: behind_proxy,
            };
            serve(store.clone(), &bind, options, allow_plain_http).await?;
            ExitCode::SUCCESS
        }
        Command::Evidence { command } => evidence::run(&store, command).await?,
        Command::Review { command } => review::run(&store, command).await?,
        Command::User { command } => users::user(&store, command).await?,
        Command::Action { command } => action::run(&store, command).await?,
        Command::Response { command } => response::run(&store, command).await?,
        Command::Audit { command } => users::audit(&store, command).await?,
        Command::Demo { .. } => unreachable!("handled above"),
    };
    store.close().await;
    Ok(code)
}

/// Binds `bind` and serves the web application until the process is asked to stop (Ctrl+C
/// or SIGTERM); then finishes the requests under way before exiting.
async fn serve(
    store: Store,
    bind: &str,
    options: oversight_web::ServeOptions,
    allow_plain_http: bool,
) -> anyhow::Result<()> {
    let address: std::net::SocketAddr = tokio::net::lookup_host(bind)
        .await
        .with_context(|| format!("cannot resolve {bind}"))?
        .next()
        .with_context(|| format!("{bind} names no address"))?;
    if !address.ip().is_loopback() && !options.trust_proxy && !allow_plain_http {
        anyhow::bail!(
            "refusing to serve plain http on {address}, which is not loopback: browsers send the \
             session cookie only over https. Bind to 127.0.0.1 behind a TLS proxy and pass \
             --behind-proxy, or pass --allow-plain-http to serve plain http anyway"
        );
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    println!("Oversight is serving at http://{address}/ (press Ctrl+C to stop)");
    oversight_web::serve_with(store.clone(), listener, options, shutdown_signal()).await?;
    store.close().await;
    println!("Oversight has stopped: every request under way was answered.");
    Ok(())
}

/// Completes on Ctrl+C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl+C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing the requests under way");
}

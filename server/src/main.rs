//! `leitai`: the command line.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "leitai",
    version,
    about = "Live contest scoring that works offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and the API.
    Serve {
        /// The data directory (created if missing).
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Do not seed a new data directory with the demo event.
        #[arg(long)]
        no_demo: bool,
    },
    /// Check an event config file (TOML) and list every problem in it.
    Check {
        /// The config file.
        file: PathBuf,
    },
    /// Write one event (config, ops and outcomes, locks, amendments, audit log, run of show,
    /// judges' links) as one JSON document. The server must not be running on DIR.
    Export {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The event's id.
        #[arg(long)]
        event: String,
        /// The file to write (replaced whole); standard output if not given.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load an event from a file `leitai export` wrote into a data directory (created if
    /// missing). Refuses, changing nothing, a file that is not a sound backup or an event id
    /// the directory already holds. The server must not be running on DIR.
    Import {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The backup file.
        file: PathBuf,
    },
}

/// Reads and validates a config file; prints what it holds, or every problem with its field.
fn check(file: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    match app::domain::EventConfig::from_toml(&text) {
        Ok(config) => {
            println!(
                "{}: event '{}' ({}), {} presenters, {} groups, {} judges, {} criteria",
                file.display(),
                config.id,
                config.title,
                config.presenters.len(),
                config.groups.len(),
                config.judges.len(),
                config.criteria.len()
            );
            Ok(())
        }
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}: {e}", file.display());
            }
            anyhow::bail!("{} problem(s) in {}", errors.0.len(), file.display())
        }
    }
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "leitai=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            data,
            addr,
            no_demo,
        } => {
            let options = leitai::ServeOptions {
                data,
                addr,
                demo: !no_demo,
                host_token: std::env::var("LEITAI_HOST_TOKEN").ok(),
            };
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|rt| rt.block_on(leitai::serve(options)))
        }
        Command::Check { file } => check(&file),
        Command::Export { data, event, out } => {
            leitai::backup::export_to(&data, &event, out.as_deref())
        }
        Command::Import { data, file } => leitai::backup::import_from(&data, &file),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leitai: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

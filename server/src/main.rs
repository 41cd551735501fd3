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
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leitai: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! `leitai`: the command line.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// mimalloc (its version 2) instead of glibc's malloc: under the sync load glibc's
/// allocator took about a third of the server's CPU, much of it waiting on its arenas'
/// locks, and the server kept more memory (docs/perf.md). Blocks of 256 KiB and more come
/// from the system directly (`leitai::alloc`).
#[global_allocator]
static ALLOCATOR: leitai::alloc::Alloc = leitai::alloc::Alloc;

/// mimalloc 2's `mi_option_purge_delay` (its `mimalloc.h`; the Rust crate names no constant
/// for it): how long freed memory is kept before it goes back to the system. 0 gives it back
/// at once: the server's RSS after 800,000 ops 157 MiB instead of 173, at the same speed.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[derive(Parser)]
#[command(
    name = "leitai",
    version,
    about = "Live contest scoring that works offline"
)]
struct Cli {
    /// How log lines are written to standard error: text for people, JSON for collectors.
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
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
        /// The address people reach the server at (`https://score.example.org`): judges'
        /// links and QR codes carry it. Without it they follow each request's own address.
        #[arg(long, value_name = "URL")]
        public_url: Option<leitai::edge::PublicUrl>,
        /// A reverse proxy in front of the server (an IP address or a network such as
        /// 10.0.0.0/8; repeatable). Only from these peers are X-Forwarded-For (the client's
        /// address) and X-Forwarded-Proto (HTTPS) believed.
        #[arg(long = "trusted-proxy", value_name = "ADDR")]
        trusted_proxies: Vec<leitai::edge::TrustedProxy>,
        /// Serve HTTPS (HTTP/2 and HTTP/1.1) with this certificate chain (PEM).
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Connections open at once (event streams included); never more than half the
        /// open-file limit left after 64 files for the data dir and the rest.
        #[arg(long, value_name = "N", default_value_t = leitai::edge::connections::DEFAULT_MAX_CONNECTIONS as u32,
              value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        max_connections: u32,
        /// Seconds a connection may take to send a request's headers (new, idle between
        /// requests, or half-sent) before it is closed.
        #[arg(long, value_name = "SECS", default_value_t = leitai::edge::connections::DEFAULT_HEADER_TIMEOUT.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        header_timeout: u64,
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

/// The built site (`make build` writes it to `target/site/`), carried inside the release
/// binary so that one file is the whole install. A debug build reads the folder instead.
#[derive(rust_embed::RustEmbed)]
#[folder = "../target/site/"]
#[allow_missing = true]
struct BuiltSite;

/// The site this server sends: `LEITAI_SITE_DIR`'s when set, else the binary's own.
fn site() -> anyhow::Result<leitai::site::Site> {
    if let Some(dir) = leitai::site::Site::dir_from_env() {
        return leitai::site::Site::from_dir(&dir)
            .map_err(|e| anyhow::anyhow!("cannot read the site in {}: {e}", dir.display()));
    }
    Ok(leitai::site::Site::from_files(
        BuiltSite::iter().filter_map(|name| {
            let file = BuiltSite::get(&name)?;
            Some((
                name.into_owned(),
                file.data,
                Some(file.metadata.sha256_hash()),
            ))
        }),
    ))
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

/// Log lines to standard error, as `RUST_LOG` (`leitai=debug,warn`: a level for a target,
/// and one for the rest) says, else `leitai=info,warn`.
fn init_logs(format: LogFormat) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let targets: Targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| {
            Targets::new()
                .with_target("leitai", tracing::Level::INFO)
                .with_default(tracing::Level::WARN)
        });
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in a file or a collector.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let logs = tracing_subscriber::registry();
    match format {
        LogFormat::Text => logs.with(lines.with_filter(targets)).init(),
        LogFormat::Json => logs
            .with(lines.json().flatten_event(true).with_filter(targets))
            .init(),
    }
}

fn main() -> std::process::ExitCode {
    // SAFETY: sets one of mimalloc's options; it takes any value and is read at each purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = Cli::parse();
    init_logs(cli.log_format);
    let result = match cli.command {
        Command::Serve {
            data,
            addr,
            no_demo,
            public_url,
            trusted_proxies,
            tls_cert,
            tls_key,
            max_connections,
            header_timeout,
        } => {
            let options = leitai::ServeOptions {
                data,
                addr,
                demo: !no_demo,
                host_token: std::env::var("LEITAI_HOST_TOKEN").ok(),
                public_url,
                trusted_proxies,
                tls: tls_cert
                    .zip(tls_key)
                    .map(|(cert, key)| leitai::TlsFiles { cert, key }),
                max_connections: max_connections as usize,
                header_timeout: std::time::Duration::from_secs(header_timeout),
                site: match site() {
                    Ok(site) => std::sync::Arc::new(site),
                    Err(e) => {
                        eprintln!("leitai: {e:#}");
                        return std::process::ExitCode::FAILURE;
                    }
                },
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

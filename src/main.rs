//! The `quotewire` command line: a thin layer that parses arguments and hands over to the
//! library (`extract` for files; with the `service` feature also `worker`, `demo`, `load` and
//! `config`). Signals and exit codes are handled here and nowhere else.

use std::io::BufReader;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[cfg(feature = "service")]
mod cli;

#[derive(Parser)]
#[command(name = "quotewire", version, about = "Quotes, speakers, dates and sentiment from news articles")]
struct Cli {
    /// Config file (TOML) layered over the defaults; also QUOTEWIRE_CONFIG.
    #[cfg(feature = "service")]
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse JSON Lines articles from FILE (or standard input) to standard output.
    Extract {
        /// Input file; standard input when absent or `-`.
        file: Option<PathBuf>,
        /// Threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Run the NATS JetStream worker until SIGTERM/SIGINT.
    #[cfg(feature = "service")]
    Worker,
    /// Start a local nats-server if none answers, run the worker, feed it the example articles
    /// and print the events.
    #[cfg(feature = "service")]
    Demo,
    /// Publish N generated articles and wait for their events; prints articles per second.
    #[cfg(feature = "service")]
    Load {
        /// Articles to publish.
        #[arg(long, default_value_t = 5000)]
        count: usize,
        /// Approximate body size of each article, bytes.
        #[arg(long, default_value_t = 3000)]
        body_bytes: usize,
        /// Publishes awaiting their ack at once.
        #[arg(long, default_value_t = 512)]
        window: usize,
        /// Start a local nats-server (if none answers) and an in-process worker.
        #[arg(long)]
        local: bool,
        /// Seconds to wait for all events.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        /// Articles per second to publish at (default: as fast as the ack window allows).
        #[arg(long)]
        rate: Option<f64>,
        /// With --local: the worker skips the extraction (worker.transport_only; benchmark only).
        #[arg(long)]
        transport_only: bool,
    },
    /// Print the effective configuration after all layers, or the error naming the bad key.
    #[cfg(feature = "service")]
    Config,
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("quotewire: {e:#}");
            1
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Extract { file, threads } => extract(file, threads),
        #[cfg(feature = "service")]
        Command::Worker => commands::worker(cli.config),
        #[cfg(feature = "service")]
        Command::Demo => commands::demo(cli.config),
        #[cfg(feature = "service")]
        Command::Load { count, body_bytes, window, local, timeout, rate, transport_only } => commands::load(
            cli.config,
            crate::cli::load::LoadOptions {
                count,
                body_bytes,
                window,
                local,
                timeout: std::time::Duration::from_secs(timeout),
                rate,
                transport_only,
            },
        ),
        #[cfg(feature = "service")]
        Command::Config => {
            let settings = commands::settings(cli.config)?;
            println!("{settings:#?}");
            Ok(())
        }
    }
}

fn extract(file: Option<PathBuf>, threads: usize) -> anyhow::Result<()> {
    let extractor = quotewire::Extractor::new();
    let mut opts = quotewire::batch::Options::default();
    if threads > 0 {
        opts.threads = threads;
    }
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let path = file.filter(|f| f.as_os_str() != "-");
    let input: Box<dyn std::io::BufRead> = match &path {
        Some(p) => Box::new(BufReader::new(std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?)),
        None => Box::new(std::io::stdin().lock()),
    };
    #[cfg(feature = "progress")]
    {
        let total = path.as_ref().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len());
        if let Some(bar) = quotewire::batch::terminal_progress(total) {
            let n = quotewire::batch::run_with(&extractor, input, stdout, &opts, &mut |bytes, lines| {
                bar.set_position(bytes);
                bar.set_message(format!("{lines} articles"));
            })?;
            bar.finish_with_message(format!("{n} articles"));
            return Ok(());
        }
    }
    quotewire::batch::run_with(&extractor, input, stdout, &opts, &mut |_, _| {})?;
    Ok(())
}

#[cfg(feature = "service")]
mod commands {
    use std::path::PathBuf;

    use anyhow::Context;
    use quotewire::config::Settings;
    use tokio_util::sync::CancellationToken;

    pub fn settings(file: Option<PathBuf>) -> anyhow::Result<Settings> {
        Ok(Settings::load(file.as_deref())?)
    }

    fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
    }

    /// First SIGTERM/SIGINT cancels `token` (graceful drain); a second one exits at once.
    async fn watch_signals(token: CancellationToken) {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
            tracing::error!("cannot install signal handlers");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!(signal = "SIGTERM", "shutting down: finishing in-flight articles"),
            _ = int.recv() => tracing::info!(signal = "SIGINT", "shutting down: finishing in-flight articles"),
        }
        token.cancel();
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::warn!("second signal: exiting at once");
        std::process::exit(130);
    }

    pub fn worker(file: Option<PathBuf>) -> anyhow::Result<()> {
        let settings = settings(file)?;
        let _telemetry = quotewire::telemetry::init(&settings.telemetry)?;
        runtime()?.block_on(async {
            let token = CancellationToken::new();
            tokio::spawn(watch_signals(token.clone()));
            quotewire::worker::run(settings, token).await
        })?;
        Ok(())
    }

    pub fn demo(file: Option<PathBuf>) -> anyhow::Result<()> {
        let mut settings = settings(file)?;
        if std::env::var_os("RUST_LOG").is_none() {
            settings.telemetry.log_level = "warn".to_owned();
        }
        let _telemetry = quotewire::telemetry::init(&settings.telemetry)?;
        runtime()?.block_on(crate::cli::demo::run(settings))
    }

    pub fn load(file: Option<PathBuf>, opts: crate::cli::load::LoadOptions) -> anyhow::Result<()> {
        let mut settings = settings(file)?;
        if std::env::var_os("RUST_LOG").is_none() {
            settings.telemetry.log_level = "warn".to_owned();
        }
        let _telemetry = quotewire::telemetry::init(&settings.telemetry)?;
        let report = runtime()?.block_on(crate::cli::load::run(settings, &opts))?;
        println!("{}", serde_json::to_string_pretty(&report)?);
        Ok(())
    }
}

//! The `quotewire` command line: a thin layer that parses arguments and hands over to the
//! library (`extract` for files, `worker` for the NATS service).

use std::io::BufReader;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "quotewire", version, about = "Quotes, speakers, dates and sentiment from news articles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse JSON Lines articles from FILE (or standard input) to standard output.
    Extract {
        /// Input file; standard input when absent or `-`.
        file: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { file } => {
            let extractor = quotewire::Extractor::new();
            let stdout = std::io::stdout().lock();
            match file.filter(|f| f.as_os_str() != "-") {
                Some(path) => {
                    let f = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
                    quotewire::batch::run(&extractor, BufReader::new(f), std::io::BufWriter::new(stdout))?;
                }
                None => {
                    quotewire::batch::run(&extractor, std::io::stdin().lock(), std::io::BufWriter::new(stdout))?;
                }
            }
        }
    }
    Ok(())
}

//! The `lamplight` binary: with a subcommand it works headless; with none it opens the window.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = lamplight::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match &cli.command {
        Some(command) => lamplight::cli::run(&cli, command),
        None => lamplight::cli::run_gui(&cli),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lamplight: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

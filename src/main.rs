//! The `lamplight` binary: with a subcommand it works headless; with none it opens the window.

use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    // Messages in the user's language (`LAMPLIGHT_LANG`, else the locale); the window may
    // change it later from its settings.
    lamplight::i18n::set_process_language(lamplight::i18n::language_from_env());
    let cli = lamplight::cli::parse();
    if prints_and_ends(cli.command.as_ref()) {
        quiet_on_closed_pipe();
    }
    let _log_guard = init_logging(&cli);
    let result = match &cli.command {
        Some(command) => lamplight::cli::run(&cli, command),
        None => lamplight::cli::run_gui(&cli),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let said = lamplight::i18n::in_words(&format!("{e:#}")).into_owned();
            eprintln!("{}: {said}", lamplight::t!("cli-error-prefix"));
            std::process::ExitCode::FAILURE
        }
    }
}

/// Two glibc malloc arenas. Without a limit glibc gives each of the engine's threads its own
/// arena (up to 8 per core), and memory freed in one stays reserved there; with one arena the
/// threads queue on its lock. Measured on the 1,000-feed cold refresh (`benches/run.sh`, with two
/// blocking threads): 8 arenas 1.50 s / +2.5 MB, 1 arena 1.70 s, 2 arenas 1.52 s / 21.0 MiB.
/// Runs before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called while single-threaded.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// A subcommand that prints and ends (not the window, nor the daemon: they talk over D-Bus
/// and must not be ended by a peer that went away).
fn prints_and_ends(command: Option<&lamplight::cli::Command>) -> bool {
    use lamplight::cli::Command;
    !matches!(
        command,
        None | Some(Command::Open { .. } | Command::Read { .. })
            | Some(Command::Refresh { daemon: true, .. })
    )
}

/// `lamplight feeds | head` ends quietly when `head` has read enough, as command-line tools do,
/// instead of panicking on the broken pipe (Rust ignores SIGPIPE by default).
fn quiet_on_closed_pipe() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: restores the default disposition of one signal; the only thread is this one
    // (logging starts after).
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Logs to stderr and to a daily-rotated file (7 kept); `RUST_LOG` sets the level (default
/// `warn` on stderr, `info` in the file). The HTML parser's complaints about the markup it
/// mends ("foster parenting not implemented", hundreds per refresh) go to the file only. A log
/// directory that cannot be made leaves stderr only.
fn init_logging(cli: &lamplight::cli::Cli) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::EnvFilter;
    let filter = |default: &str| {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter("warn,html5ever=error"));
    let file = lamplight::cli::log_dir(cli).and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("lamplight")
            .filename_suffix("log")
            .max_log_files(7)
            .build(&dir)
            .ok()
    });
    let (file_layer, guard) = match file {
        Some(appender) => {
            // A short queue: the default holds 128,000 lines, preallocated (4 MB of a
            // refresh's peak memory). When it is full, lines wait rather than being lost.
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(1024)
                .lossy(false)
                .finish(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter("info"));
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    tracing_subscriber::registry()
        .with(stderr)
        .with(file_layer)
        .init();
    guard
}

//! The window's side of crash consistency and concurrent use. A killed window is a separate
//! process: this test binary started again as `headless_window_process`, which runs the real
//! `LamplightApp` (engine, UI-thread store reader, event loop) headless through egui_kittest
//! and refreshes everything, so no display is needed to kill it mid-refresh.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use lamplight::engine::{Engine, EngineConfig};
use lamplight::store::Store;
use lamplight::ui::{LamplightApp, install_fonts};

use crate::crash::{
    Corpus, check_consistent, check_next_refresh_completes, copy_data_dir, database,
    kill_and_check, kill_points, lamplight, prepared_data_dir,
};

const CHILD_DIR: &str = "LAMPLIGHT_WINDOW_PROCESS_DIR";

fn window(dir: &std::path::Path) -> Harness<'static, LamplightApp> {
    let engine = Arc::new(Engine::open(dir, EngineConfig::default()).expect("engine"));
    let reader = Store::open(&database(dir)).expect("reader");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = LamplightApp::new(cc.egui_ctx.clone(), engine, reader);
            app.apply(lamplight::ui::UiCommand::SetLanguage(Some(
                lamplight::i18n::Lang::En,
            )));
            app
        })
}

/// Paints frames until the window's refresh is over, returning the longest frame.
fn refresh_in_window(harness: &mut Harness<'static, LamplightApp>) -> (usize, Duration) {
    harness.state_mut().start_refresh();
    let (mut frames, mut longest) = (0, Duration::ZERO);
    while harness.state().refresh_progress().is_some() {
        let started = Instant::now();
        harness.step();
        longest = longest.max(started.elapsed());
        frames += 1;
        harness
            .state_mut()
            .wait_for_engine_event(Duration::from_millis(20));
    }
    (frames, longest)
}

/// The body of the window process the tests below start and kill; run directly (no
/// `LAMPLIGHT_WINDOW_PROCESS_DIR`), it has nothing to do.
#[test]
fn headless_window_process() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let mut harness = window(std::path::Path::new(&dir));
    refresh_in_window(&mut harness);
}

fn window_process(dir: &std::path::Path) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "--exact",
            "gui_process::headless_window_process",
            "--nocapture",
        ])
        .env(CHILD_DIR, dir)
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn sigkill_of_the_window_mid_refresh_loses_nothing() {
    let corpus = Corpus::start();
    let (prepared, marks) = prepared_data_dir(&corpus);
    let whole = copy_data_dir(prepared.path());
    let started = Instant::now();
    let status = window_process(whole.path()).status().expect("runs");
    let duration = started.elapsed();
    assert!(status.success(), "the window process refreshes to the end");
    check_next_refresh_completes(whole.path(), &marks, "an uninterrupted window");

    let points = (kill_points() / 2).max(3);
    kill_and_check(prepared.path(), &marks, window_process, duration, points);
}

#[test]
fn window_and_cli_refresh_the_same_data_dir_at_once() {
    let corpus = Corpus::start();
    let (prepared, marks) = prepared_data_dir(&corpus);
    let dir = copy_data_dir(prepared.path());
    let mut harness = window(dir.path());
    harness.run_steps(2);

    let mut cli = lamplight(dir.path())
        .args(["refresh", "--all"])
        .spawn()
        .expect("spawn");
    let (frames, longest) = refresh_in_window(&mut harness);
    // The window stays live while the CLI finishes too.
    let mut more_frames = 0;
    let mut slow_frames = 0;
    while cli.try_wait().expect("wait").is_none() {
        let started = Instant::now();
        harness.step();
        slow_frames += usize::from(started.elapsed() >= Duration::from_secs(1));
        more_frames += 1;
        harness
            .state_mut()
            .wait_for_engine_event(Duration::from_millis(20));
    }
    let cli_status = cli.wait().expect("the CLI's status");
    assert!(cli_status.success(), "the CLI refresh succeeded");
    assert_eq!(slow_frames, 0, "frames waited on the CLI");
    assert!(
        frames >= 5,
        "the window painted through its refresh ({frames} frames)"
    );
    assert!(
        longest < Duration::from_secs(1),
        "the longest frame took {longest:?} while both refreshed"
    );
    eprintln!("window: {frames} + {more_frames} frames, longest {longest:?}");

    drop(harness);
    check_consistent(dir.path(), &marks, "after both refreshes");
    let conn = rusqlite::Connection::open(database(dir.path())).expect("opens");
    let failures: Vec<String> = conn
        .prepare("SELECT COALESCE(error, '') FROM fetches WHERE outcome = 'error'")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .expect("fetch records");
    assert!(
        failures.is_empty(),
        "fetches failed under contention: {failures:?}"
    );
    check_next_refresh_completes(dir.path(), &marks, "after both refreshes");
}

//! Helpers shared by the benchmark harnesses: medians, photo-like test images, finding peer
//! programs, the thumbnail comparison with cwebp, and a child's peak memory.

#![allow(dead_code)]

pub mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Instant;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use lamplight::images::{ImageLimits, convert};

/// A memory figure of this process from /proc/self/status (`VmRSS`, `VmHWM`), in MiB; 0 where
/// there is no such file.
pub fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| {
                    l.strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with(':'))
                })
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

/// The value at percentile `p` (0–100), nearest rank.
pub fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// A photo-like JPEG: smooth gradients, texture and noise, so encoders do real work.
pub fn photo_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        let n = (x.wrapping_mul(73_856_093)
            ^ y.wrapping_mul(19_349_663)
            ^ seed.wrapping_mul(83_492_791))
        .wrapping_mul(2_654_435_761);
        let noise = (n >> 28) as i32 - 8;
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let wave = ((fx * 12.0 + seed as f32).sin() * (fy * 9.0).cos() * 60.0) as i32;
        let c =
            |base: f32, k: i32| ((base * 255.0) as i32 + wave * k / 2 + noise).clamp(0, 255) as u8;
        Rgb([c(fx, 1), c(fy, -1), c((fx + fy) / 2.0, 2)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

pub fn thumbnails_bench(dir: &Path, count: usize, rounds: usize) -> serde_json::Value {
    let cwebp = which("cwebp");
    let mut files = Vec::new();
    for n in 0..count {
        let (w, h) = [(1600, 1200), (2048, 1365), (1920, 1080), (1280, 960)][n % 4];
        let path = dir.join(format!("photo-{n}.jpg"));
        std::fs::write(&path, photo_jpeg(w, h, n as u32)).expect("write photo");
        files.push(path);
    }
    let limits = ImageLimits::default();
    let mut ours_ms = Vec::new();
    let mut theirs_ms = Vec::new();
    let mut ratios = Vec::new();
    let mut our_bytes = 0usize;
    for _ in 0..rounds {
        for path in &files {
            let bytes = std::fs::read(path).expect("read photo");
            let t = Instant::now();
            let converted = convert(&bytes, false, &limits).expect("convert");
            let ours = t.elapsed().as_secs_f64() * 1e3;
            our_bytes = converted.reader.webp.len();
            ours_ms.push(ours);
            if let Some(cwebp) = &cwebp {
                let out = dir.join("out.webp");
                let t = Instant::now();
                let status = Command::new(cwebp)
                    .args(["-quiet", "-q", "75", "-resize", "1200", "0"])
                    .arg(path)
                    .arg("-o")
                    .arg(&out)
                    .status()
                    .expect("cwebp runs");
                let theirs = t.elapsed().as_secs_f64() * 1e3;
                assert!(status.success());
                theirs_ms.push(theirs);
                ratios.push(ours / theirs);
            }
        }
    }
    serde_json::json!({
        "images": files.len(),
        "rounds": rounds,
        "lamplight_ms_median": median(ours_ms),
        "cwebp_ms_median": median(theirs_ms.clone()),
        "ratio_median_of_pairs": if ratios.is_empty() { serde_json::Value::Null } else { median(ratios).into() },
        "cwebp_found": cwebp.is_some(),
        "last_webp_bytes": our_bytes,
    })
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// What running a command cost: wall time and the child's peak RSS.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall_ms: f64,
    pub max_rss_mib: f64,
    pub success: bool,
}

/// Runs `command` to the end and measures it (peak RSS from `wait4`'s rusage, so each run is
/// measured on its own). Output is discarded unless `keep_stdout`.
pub fn measure(command: &mut Command, keep_stdout: bool) -> (Run, Vec<u8>) {
    use std::io::Read;
    use std::process::Stdio;
    command.stdin(Stdio::null()).stderr(Stdio::null());
    command.stdout(if keep_stdout {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let started = Instant::now();
    // Reaped below by wait4 (which std's Child cannot do with rusage).
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the command starts");
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_end(&mut out);
    }
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain FFI with a zeroed rusage out-parameter; the child is ours and not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_ms = started.elapsed().as_secs_f64() * 1e3;
    let success = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (
        Run {
            wall_ms,
            max_rss_mib: usage.ru_maxrss as f64 / 1024.0,
            success,
        },
        out,
    )
}

/// Runs A and B alternately `rounds` times each; returns their runs and the median of the
/// per-pair ratios A/B of wall time and of peak RSS.
pub fn alternate(
    rounds: usize,
    mut a: impl FnMut(usize) -> Run,
    mut b: impl FnMut(usize) -> Run,
) -> (Vec<Run>, Vec<Run>, f64, f64) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        ours.push(a(round));
        theirs.push(b(round));
    }
    let wall = median(
        ours.iter()
            .zip(&theirs)
            .map(|(x, y)| x.wall_ms / y.wall_ms)
            .collect(),
    );
    let rss = median(
        ours.iter()
            .zip(&theirs)
            .map(|(x, y)| x.max_rss_mib / y.max_rss_mib.max(0.001))
            .collect(),
    );
    (ours, theirs, wall, rss)
}

/// The directory of the bundled fixture.
pub fn fixture() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/first-run/yunwei-feed.xml"),
    )
    .expect("the bundled fixture")
}

/// Writes `bytes` to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// nginx serving `root` on `port`, stopped when dropped.
pub struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_nginx(prefix: &Path, root: &Path, port: u16) -> Nginx {
    let template = include_str!("../nginx.conf");
    let conf = template
        .replace("@PREFIX@", &prefix.display().to_string())
        .replace("@ROOT@", &root.display().to_string())
        .replace("@PORT@", &port.to_string());
    std::fs::create_dir_all(prefix).expect("prefix");
    let conf_path = prefix.join("nginx.conf");
    std::fs::write(&conf_path, conf).expect("nginx.conf");
    let nginx = which("nginx")
        .or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.exists()))
        .expect("nginx (apt-get install nginx-light)");
    let mut child = Command::new(nginx)
        .arg("-p")
        .arg(prefix)
        .arg("-c")
        .arg(&conf_path)
        .spawn()
        .expect("nginx starts");
    // Polling until nginx opens its port: readiness of a peer, not synchronisation of our work.
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Nginx(child);
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!(
        "nginx did not start; see {}",
        prefix.join("error.log").display()
    );
}

/// Runs `lamplight` (the binary at `exe`) on `data` with `args` and measures it; returns the
/// run and every JSON line it printed.
pub fn lamplight_json(exe: &str, data: &Path, args: &[&str]) -> (Run, Vec<serde_json::Value>) {
    let (run, out) = measure(
        Command::new(exe)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env("RUST_LOG", "off")
            .env("LAMPLIGHT_LOG_DIR", data.join("logs")),
        true,
    );
    let records = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    (run, records)
}

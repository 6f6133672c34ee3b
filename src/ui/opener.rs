//! Whether this desktop can hand a web page to a browser, and if not, why — so that "Open
//! original" says so instead of doing nothing.

use std::ffi::OsString;
use std::path::Path;

/// Programs the system's URL opener (the `webbrowser` crate eframe uses) tries, in order.
const OPENERS: &[&str] = &[
    "xdg-open",
    "gio",
    "gnome-open",
    "kde-open",
    "x-www-browser",
    "sensible-browser",
    "www-browser",
    "firefox",
    "chromium",
    "google-chrome",
];

/// Where to look for a browser.
#[derive(Debug, Clone)]
pub struct Opener {
    browser_env: Option<OsString>,
    search_path: Option<OsString>,
}

impl Opener {
    /// `$BROWSER` and `$PATH` of this process.
    pub fn from_env() -> Opener {
        Opener {
            browser_env: std::env::var_os("BROWSER").filter(|b| !b.is_empty()),
            search_path: std::env::var_os("PATH"),
        }
    }

    /// Looks only in `search_path` (no `$BROWSER`): for tests and tools.
    pub fn with_search_path(search_path: impl Into<OsString>) -> Opener {
        Opener {
            browser_env: None,
            search_path: Some(search_path.into()),
        }
    }

    /// `Ok` when some browser or opener can be started; else why not, in words for the user.
    pub fn check(&self) -> Result<(), String> {
        if cfg!(not(target_os = "linux")) || self.browser_env.is_some() {
            return Ok(());
        }
        let found = self.search_path.as_ref().is_some_and(|path| {
            std::env::split_paths(path)
                .any(|dir| OPENERS.iter().any(|name| is_executable(&dir.join(name))))
        });
        if found {
            Ok(())
        } else {
            Err("no web browser was found to open it (install xdg-utils or set $BROWSER)".into())
        }
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_path_has_no_browser_and_says_what_to_install() {
        let err = Opener::with_search_path("").check().unwrap_err();
        assert!(err.contains("xdg-utils"), "{err}");
    }

    #[test]
    fn an_executable_opener_on_the_path_is_found() {
        let dir = std::env::temp_dir().join(format!("lamplight-opener-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let opener = dir.join("xdg-open");
        std::fs::write(&opener, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert!(Opener::with_search_path(dir.as_os_str()).check().is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Where a sync account's secret is kept. The secret is the Fever API key (the password itself
//! is never kept): in the desktop's secret service when one answers (the keyring crate, Secret
//! Service on Linux), otherwise in a file only the user can read (mode 0600, in `accounts/`
//! next to the store, itself 0700). Which one is recorded with the account and shown; the
//! secret is never printed, logged, put in the database or in `--json`.
//! The engine can be told to use the file without asking the secret service (the command line
//! does so under `LAMPLIGHT_SECRETS=file`: for machines where it would prompt, and for tests).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::SyncError;
use crate::english;

/// The secret service's name for Lamplight's entries.
const SERVICE: &str = "org.lamplight.Lamplight";

/// Where secrets went: the values recorded with the account.
pub const IN_KEYRING: &str = "keyring";
pub const IN_FILE: &str = "file";

/// The file that holds account `account`'s secret when the secret service is not used.
pub fn file_path(data_dir: &Path, account: i64) -> PathBuf {
    data_dir.join("accounts").join(format!("{account}.key"))
}

fn keyring_entry(account: i64) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, &format!("account-{account}")).map_err(|e| e.to_string())
}

/// Keeps `secret` for `account` (in the secret service if `try_keyring` and one answers);
/// returns where ([`IN_KEYRING`] or [`IN_FILE`]).
pub fn keep(
    data_dir: &Path,
    account: i64,
    secret: &str,
    try_keyring: bool,
) -> Result<&'static str, SyncError> {
    if try_keyring {
        match keyring_entry(account).and_then(|e| e.set_password(secret).map_err(|e| e.to_string()))
        {
            Ok(()) => return Ok(IN_KEYRING),
            Err(why) => tracing::info!("no secret service ({why}); keeping the key in a file"),
        }
    }
    write_private(&file_path(data_dir, account), secret)?;
    Ok(IN_FILE)
}

/// The secret of `account`, from where it was kept.
pub fn read(data_dir: &Path, account: i64, kept_in: &str) -> Result<String, SyncError> {
    let failed = |why: String| SyncError::Secret(english!("engine-secret-unreadable", cause = why));
    if kept_in == IN_KEYRING {
        return keyring_entry(account)
            .and_then(|e| e.get_password().map_err(|e| e.to_string()))
            .map_err(failed);
    }
    let path = file_path(data_dir, account);
    std::fs::read_to_string(&path)
        .map(|s| s.trim().to_owned())
        .map_err(|e| failed(format!("{}: {e}", path.display())))
}

/// Forgets the secret of `account` (nothing to forget is fine).
pub fn forget(data_dir: &Path, account: i64, kept_in: &str) {
    if kept_in == IN_KEYRING {
        if let Err(e) =
            keyring_entry(account).and_then(|e| e.delete_credential().map_err(|e| e.to_string()))
        {
            tracing::warn!("cannot delete account {account}'s key from the secret service: {e}");
        }
    } else {
        let _ = std::fs::remove_file(file_path(data_dir, account));
    }
}

/// Writes `secret` to `path`, readable and writable by the user alone from its first byte.
fn write_private(path: &Path, secret: &str) -> Result<(), SyncError> {
    let failed = |e: std::io::Error| {
        SyncError::Secret(english!(
            "engine-secret-unwritable",
            path = path.display().to_string(),
            cause = e.to_string()
        ))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(failed)?;
        let temporary = path.with_extension("key.new");
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)
            .map_err(failed)?;
        file.write_all(secret.as_bytes()).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        std::fs::rename(&temporary, path).map_err(failed)?;
    }
    #[cfg(not(unix))]
    std::fs::write(path, secret).map_err(failed)?;
    Ok(())
}

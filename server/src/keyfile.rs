//! The relay's key file: 256 bits kept outside the database, and the keys derived from it.
//!
//! A copy of the database (a backup, a stolen disk image, an operator's curiosity) must not be
//! enough to sign in as staff, to enrol a phone with a live invitation code, or to rewrite the
//! audit log unnoticed. So what protects those lives in a file the database never holds:
//!
//! - TOTP secrets are sealed (AES-256-GCM, the user id as associated data) under a key from
//!   this file;
//! - volunteer invitation codes are stored as HMAC-SHA256 under a key from this file, so their
//!   40 bits cannot be searched offline;
//! - the audit chain's recorded head carries a MAC under a key from this file;
//! - the made-up login parameters for unknown names come from a key from this file (asking
//!   for them writes nothing).
//!
//! The file holds 64 hex digits (and optionally a newline): `openssl rand -hex 32`. The relay
//! creates it (mode 0600) on its first start with a new database; from then on the database
//! records a check value of the key (`meta.key_check`, an HMAC that reveals nothing about it) and
//! the relay refuses to start with a missing or different file, rather than silently locking
//! every staff member out of their second factor. Keep a copy of the file with (but not inside)
//! the database backups: a backup without it has no usable TOTP secrets.

use std::fmt;
use std::io::Write;
use std::path::Path;

use domain::keys::DataKey;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::http::{Result, ServerError};
use crate::store::{self, Pool};

pub const KEY_LEN: usize = 32;

/// The `meta` row holding [`RelayKeys::check`].
const CHECK_KEY: &str = "key_check";

/// The keys derived from the key file, each for one purpose. Never printed; zeroized on drop.
pub struct RelayKeys {
    totp: DataKey,
    invite_codes: Zeroizing<[u8; KEY_LEN]>,
    audit_anchor: Zeroizing<[u8; KEY_LEN]>,
    login_params: Zeroizing<[u8; KEY_LEN]>,
    check: String,
}

/// HMAC-SHA256 under `key` over `label ‖ 0 ‖ parts…`; the one PRF every derived value uses.
pub fn hmac(key: &[u8], label: &str, parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(label.as_bytes());
    mac.update(&[0]);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl RelayKeys {
    /// Derives every purpose's key from the file's 256 bits. HMAC-SHA256 keyed with uniformly
    /// random bytes is a PRF, so one label per purpose gives independent keys.
    pub fn from_secret(secret: &[u8; KEY_LEN]) -> Self {
        let derive = |label: &str| Zeroizing::new(hmac(secret, label, &[]));
        let totp = derive("yorisoi/v1/keyfile/totp-secrets");
        Self {
            totp: DataKey::from_bytes(&totp),
            invite_codes: derive("yorisoi/v1/keyfile/volunteer-codes"),
            audit_anchor: derive("yorisoi/v1/keyfile/audit-anchor"),
            login_params: derive("yorisoi/v1/keyfile/login-params"),
            check: domain::encoding::to_hex(&derive("yorisoi/v1/keyfile/check")[..16]),
        }
    }

    /// Fresh random keys: for tests and tools that need a relay without a file.
    pub fn random() -> Result<Self> {
        let secret = Zeroizing::new(crate::auth::tokens::random_bytes::<KEY_LEN>()?);
        Ok(Self::from_secret(&secret))
    }

    /// Seals TOTP secrets (`domain::record`, the user id as associated data).
    pub fn totp(&self) -> &DataKey {
        &self.totp
    }

    pub fn invite_codes(&self) -> &[u8; KEY_LEN] {
        &self.invite_codes
    }

    pub fn audit_anchor(&self) -> &[u8; KEY_LEN] {
        &self.audit_anchor
    }

    pub fn login_params(&self) -> &[u8; KEY_LEN] {
        &self.login_params
    }

    /// What the database records to recognise this key: 128 bits of a PRF output, which says
    /// nothing about the key itself.
    pub fn check(&self) -> &str {
        &self.check
    }
}

impl fmt::Debug for RelayKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RelayKeys([redacted])")
    }
}

/// Parses the file's text: 64 hex digits, surrounding whitespace ignored.
fn parse(text: &str) -> Option<Zeroizing<[u8; KEY_LEN]>> {
    domain::encoding::from_hex::<KEY_LEN>(text.trim())
        .ok()
        .map(Zeroizing::new)
}

/// Reads the key file. Refuses a file that is not 64 hex digits; warns when others may read it.
pub fn load(path: &Path) -> Result<RelayKeys> {
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|_| {
        ServerError::Refused("the key file cannot be read (see --key-file / YORISOI_KEY_FILE)")
    })?);
    let secret = parse(&text).ok_or(ServerError::Refused(
        "the key file must hold 64 hex digits (create one with `openssl rand -hex 32`)",
    ))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!("the key file can be read by other users; chmod 600 it");
        }
    }
    Ok(RelayKeys::from_secret(&secret))
}

/// Creates a new key file with fresh random bytes, readable by its owner only. Refuses to
/// overwrite an existing file.
pub fn create(path: &Path) -> Result<RelayKeys> {
    let secret = Zeroizing::new(crate::auth::tokens::random_bytes::<KEY_LEN>()?);
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let text = Zeroizing::new(format!("{}\n", domain::encoding::to_hex(&*secret)));
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(RelayKeys::from_secret(&secret))
}

/// Whether [`open`] may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    /// Serving and `admin init`: a new database gets a new key file.
    Create,
    /// `audit verify` and other read-only tools.
    Refuse,
}

/// The keys for `pool`'s database from the file at `path`: loaded, or created when the file
/// does not exist and the database has never had a key; then checked against (or recorded as)
/// the database's `key_check`, so a relay never runs with a key its data was not sealed with.
pub async fn open(pool: &Pool, path: &Path, if_missing: IfMissing) -> Result<RelayKeys> {
    let mut conn = store::acquire(pool).await?;
    let recorded = store::meta::get(&mut conn, CHECK_KEY).await?;
    drop(conn);
    let keys = if path.exists() {
        load(path)?
    } else if recorded.is_none() && if_missing == IfMissing::Create {
        let keys = create(path)?;
        tracing::info!("created a new key file; keep a copy of it with the backups");
        keys
    } else {
        return Err(ServerError::Refused(
            "the key file is missing: this database was set up with one, and its TOTP secrets \
             and audit anchor need it (restore the file, or point --key-file at it)",
        ));
    };
    match recorded {
        Some(check) if check == keys.check() => {}
        Some(_) => {
            return Err(ServerError::Refused(
                "the key file does not belong to this database (its key check differs)",
            ));
        }
        None => {
            let mut tx = store::begin_write(pool).await?;
            store::meta::insert_if_absent(&mut tx, CHECK_KEY, keys.check()).await?;
            let stored = store::meta::get(&mut tx, CHECK_KEY).await?;
            tx.commit().await?;
            if stored.as_deref() != Some(keys.check()) {
                return Err(ServerError::Refused(
                    "another key file was recorded for this database at the same time",
                ));
            }
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_get_distinct_keys_and_nothing_prints() {
        let keys = RelayKeys::from_secret(&[7; KEY_LEN]);
        let all = [
            *keys.totp().as_bytes(),
            *keys.invite_codes(),
            *keys.audit_anchor(),
            *keys.login_params(),
        ];
        for (i, a) in all.iter().enumerate() {
            assert_ne!(a, &[7; KEY_LEN]);
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(format!("{keys:?}"), "RelayKeys([redacted])");
        assert_eq!(keys.check(), RelayKeys::from_secret(&[7; KEY_LEN]).check());
        assert_ne!(keys.check(), RelayKeys::from_secret(&[8; KEY_LEN]).check());
    }

    #[test]
    fn a_created_file_is_private_and_loads_back() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sub/relay.key");
        let created = create(&path)?;
        assert!(create(&path).is_err(), "never overwritten");
        let loaded = load(&path)?;
        assert_eq!(created.check(), loaded.check());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)?.permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex")?;
        assert!(load(&path).is_err());
        Ok(())
    }
}

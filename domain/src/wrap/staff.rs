//! A staff member's identity seed ([`IdentitySeed`]: their X25519 and Ed25519 keys), wrapped
//! under a key derived from the password in the browser; the password and the wrapping key never
//! leave it.
//!
//! ```text
//! master       = Argon2id v1.3(password, salt (16), m_cost KiB, t_cost, p_cost, 32)
//! wrap_key     = HKDF-SHA256(ikm = master, info = "yorisoi/v1/staff-wrap-key")
//! login_secret = HKDF-SHA256(ikm = master, info = "yorisoi/v1/staff-login-secret")
//! blob         = 0x01 ‖ 0x02 ‖ m_cost ‖ t_cost ‖ p_cost (u32 BE each) ‖ salt (16) ‖ nonce (12)
//!                ‖ AES-256-GCM(wrap_key, identity seed (32))
//! ```
//!
//! The relay stores the blob and a verifier of `login_secret` ([`super::verifier`]). Logging in is
//! two steps: the relay hands out the [`KdfParams`] for a user name (not the blob: that would let
//! anyone guess passwords offline), the browser derives [`StaffKeys`], sends the login secret,
//! and only after it verifies does the relay return the blob.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{
    Blob, NONCE_LEN, SALT_LEN, TAG_LEN, WRAP_VERSION, hkdf32, open_key, seal_key, secret32,
};
use crate::encoding::{self, Writer};
use crate::error::{Error, Result};
use crate::identity::IdentitySeed;

/// OWASP Password Storage Cheat Sheet, Argon2id: m = 19 MiB, t = 2, p = 1 (the figure for when
/// more memory cannot be afforded; a phone or an old office PC must still run it in wasm).
pub const ARGON2_M_COST_KIB: u32 = 19 * 1024;
pub const ARGON2_T_COST: u32 = 2;
pub const ARGON2_P_COST: u32 = 1;
/// The floor is today's setting: a blob or parameter set asking for less is refused, so a
/// tampered blob or a hostile relay cannot lower the cost.
pub const MIN_ARGON2_M_COST_KIB: u32 = 19 * 1024;
pub const MIN_ARGON2_T_COST: u32 = 2;
pub const MIN_ARGON2_P_COST: u32 = 1;
/// Ceilings, so a hostile relay cannot make the browser allocate gigabytes or spin for minutes.
pub const MAX_ARGON2_M_COST_KIB: u32 = 1024 * 1024;
pub const MAX_ARGON2_T_COST: u32 = 64;
pub const MAX_ARGON2_P_COST: u32 = 16;

const KIND_STAFF_ARGON2ID: u8 = 2;
const HEADER_LEN: usize = 2 + 12 + SALT_LEN + NONCE_LEN;
/// Total length of a wrapped staff key blob.
pub const WRAPPED_KEY_LEN: usize = HEADER_LEN + 32 + TAG_LEN;
const LABEL: &[u8] = b"yorisoi/v1/staff-wrap";
const INFO_WRAP_KEY: &[u8] = b"yorisoi/v1/staff-wrap-key";
const INFO_LOGIN_SECRET: &[u8] = b"yorisoi/v1/staff-login-secret";

secret32!(
    /// Sent to the relay at login; the relay stores only a verifier of it.
    LoginSecret
);

/// Argon2id parameters and salt for one user; public (the relay hands them out before login).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    #[serde(with = "encoding::serde_b64")]
    pub salt: [u8; SALT_LEN],
}

impl KdfParams {
    /// Today's costs with a fresh salt, for a new account or a password change.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            m_cost_kib: ARGON2_M_COST_KIB,
            t_cost: ARGON2_T_COST,
            p_cost: ARGON2_P_COST,
            salt: *encoding::random_bytes()?,
        })
    }

    /// The parameters recorded in a blob.
    pub fn from_wrapped(wrapped_key: &[u8]) -> Result<Self> {
        Ok(parse_blob(wrapped_key)?.params)
    }

    fn check_ceiling(&self) -> Result<()> {
        if self.m_cost_kib > MAX_ARGON2_M_COST_KIB
            || self.t_cost == 0
            || self.t_cost > MAX_ARGON2_T_COST
            || self.p_cost == 0
            || self.p_cost > MAX_ARGON2_P_COST
            // Argon2 needs at least 8 KiB per lane.
            || self.m_cost_kib < 8 * self.p_cost
        {
            return Err(Error::Malformed);
        }
        Ok(())
    }

    fn check_floor(&self) -> Result<()> {
        if self.m_cost_kib < MIN_ARGON2_M_COST_KIB
            || self.t_cost < MIN_ARGON2_T_COST
            || self.p_cost < MIN_ARGON2_P_COST
        {
            return Err(Error::WeakParams);
        }
        Ok(())
    }
}

/// Derives the wrapping key and login secret from a password; refuses parameters below the floor.
pub fn derive(password: &str, params: &KdfParams) -> Result<StaffKeys> {
    params.check_ceiling()?;
    params.check_floor()?;
    derive_unchecked(password, params)
}

/// [`derive`] without the floor (the ceiling still applies), so that test vectors can use a
/// cheap Argon2id in a debug browser build.
pub fn derive_ignoring_floor_for_test_vectors(
    password: &str,
    params: &KdfParams,
) -> Result<StaffKeys> {
    params.check_ceiling()?;
    derive_unchecked(password, params)
}

fn derive_unchecked(password: &str, params: &KdfParams) -> Result<StaffKeys> {
    let argon_params =
        argon2::Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(32))
            .map_err(|_| Error::Malformed)?;
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon_params,
    );
    let mut master = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password.as_bytes(), &params.salt, master.as_mut_slice())
        .map_err(|_| Error::InvalidInput)?;
    Ok(StaffKeys {
        params: params.clone(),
        wrap_key: hkdf32(master.as_slice(), INFO_WRAP_KEY)?,
        login_secret: LoginSecret(hkdf32(master.as_slice(), INFO_LOGIN_SECRET)?),
    })
}

/// What a password yields under one [`KdfParams`]; zeroized on drop.
pub struct StaffKeys {
    params: KdfParams,
    wrap_key: Zeroizing<[u8; 32]>,
    login_secret: LoginSecret,
}

impl StaffKeys {
    pub fn params(&self) -> &KdfParams {
        &self.params
    }

    pub fn login_secret(&self) -> &LoginSecret {
        &self.login_secret
    }

    /// Wraps `seed` under these keys, recording the parameters in the blob.
    pub fn wrap_seed(&self, seed: &IdentitySeed) -> Result<Vec<u8>> {
        let nonce = encoding::random_bytes::<NONCE_LEN>()?;
        self.wrap_seed_for_test_vectors(seed, &nonce)
    }

    /// [`Self::wrap_seed`] with a chosen nonce; for test vectors only.
    pub fn wrap_seed_for_test_vectors(
        &self,
        seed: &IdentitySeed,
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>> {
        let mut header = Writer::with_capacity(HEADER_LEN);
        header
            .u8(WRAP_VERSION)
            .u8(KIND_STAFF_ARGON2ID)
            .u32(self.params.m_cost_kib)
            .u32(self.params.t_cost)
            .u32(self.params.p_cost)
            .fixed(&self.params.salt)
            .fixed(nonce);
        let sealed = seal_key(
            &self.wrap_key,
            LABEL,
            header.as_slice(),
            nonce,
            seed.as_bytes(),
        )?;
        let mut out = header.into_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Unwraps a blob made under the same password and parameters; anything else is
    /// [`Error::Decrypt`].
    pub fn unwrap_seed(&self, wrapped_key: &[u8]) -> Result<IdentitySeed> {
        let blob = parse_blob(wrapped_key)?;
        if blob.params != self.params {
            return Err(Error::Decrypt);
        }
        let sk = open_key(&self.wrap_key, LABEL, blob.header, &blob.nonce, blob.sealed)?;
        Ok(IdentitySeed::from_bytes(&sk))
    }
}

impl core::fmt::Debug for StaffKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("StaffKeys([redacted])")
    }
}

/// Reads a staff blob, refusing parameters above the ceiling (the floor is checked on use).
fn parse_blob(bytes: &[u8]) -> Result<Blob<'_, KdfParams>> {
    Blob::parse(bytes, KIND_STAFF_ARGON2ID, |r| {
        let params = KdfParams {
            m_cost_kib: r.u32()?,
            t_cost: r.u32()?,
            p_cost: r.u32()?,
            salt: r.array()?,
        };
        params.check_ceiling()?;
        Ok(params)
    })
}

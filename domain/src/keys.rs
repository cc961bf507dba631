//! X25519 key pairs, key ids, human-checkable fingerprints and the local data key.

use core::fmt;

use hpke::{Deserializable, kem::X25519HkdfSha256};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::encoding::{self, Writer};
use crate::error::{Error, Result};

pub const KEY_LEN: usize = 32;
pub const KEY_ID_LEN: usize = 16;

type HpkePublicKey = <X25519HkdfSha256 as hpke::Kem>::PublicKey;
type HpkePrivateKey = <X25519HkdfSha256 as hpke::Kem>::PrivateKey;

/// An X25519 public key (RFC 7748 u-coordinate, 32 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey([u8; KEY_LEN]);

impl PublicKey {
    pub const fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        Ok(Self(bytes.try_into().map_err(|_| Error::Malformed)?))
    }

    pub const fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    pub fn to_base64url(&self) -> String {
        encoding::to_base64url(&self.0)
    }

    /// Parses a key someone else sent, refusing the small-order points ([`Self::check`]).
    pub fn from_base64url(s: &str) -> Result<Self> {
        let key = Self(encoding::from_base64url(s)?);
        key.check()?;
        Ok(key)
    }

    /// Refuses a key no one should ever seal to: a point of small order (the identity, the
    /// points of order 2, 4 and 8, on the curve or its twist), in any encoding, canonical or not
    /// (values ≥ p, the ignored top bit set). A Diffie-Hellman with such a point gives the same
    /// all-zero shared secret whatever the private key, so a sealed envelope would be open to
    /// anyone, and a relay could substitute one to make a victim's key agreements predictable.
    ///
    /// The test is the one RFC 7748 §6.1 recommends, made independent of the peer's key: an
    /// X25519 with a fixed scalar is all-zero exactly for the points whose order divides the
    /// cofactor 8 (a clamped scalar is a multiple of 8), and the ladder reduces every encoding
    /// mod p and ignores bit 255, so the 7 canonical u-coordinates of libsodium's blocklist and
    /// all their other encodings are caught alike.
    pub fn check(&self) -> Result<()> {
        /// Any fixed scalar works; this one is "yorisoi/v1/small-order-check" padded.
        const PROBE: [u8; KEY_LEN] = *b"yorisoi/v1/small-order-check\0\0\0\0";
        let shared = Zeroizing::new(x25519_dalek::x25519(PROBE, self.0));
        if shared.iter().fold(0u8, |acc, b| acc | b) == 0 {
            return Err(Error::InvalidKey);
        }
        Ok(())
    }

    /// The 16-byte id that names this key inside envelopes and in the relay's tables.
    pub fn key_id(&self) -> KeyId {
        let digest = self.digest();
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&digest[..KEY_ID_LEN]);
        KeyId(id)
    }

    /// What people compare by eye or read out on the phone, e.g. `K7QF-2M9X-0C4R-T8HD`.
    ///
    /// 80 bits of the same digest as the key id, in Crockford base32 (no I, L, O or U, so it
    /// survives being read aloud and retyped). Forging a key with a given fingerprint costs about
    /// 2^80 work, which is beyond anyone who would target this service.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.digest())
    }

    /// Domain-separated so that a key id can never collide with another SHA-256 use in the
    /// system (audit hashes, verifiers) over the same 32 bytes.
    fn digest(&self) -> [u8; 32] {
        let mut w = Writer::with_capacity(64);
        w.lp32(b"yorisoi/v1/x25519-public-key").fixed(&self.0);
        Sha256::digest(w.as_slice()).into()
    }

    pub(crate) fn to_hpke(self) -> Result<HpkePublicKey> {
        HpkePublicKey::from_bytes(&self.0).map_err(|_| Error::InvalidKey)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64url())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        encoding::serde_b64::serialize(&self.0, s)
    }
}

/// Every public key that arrives as JSON (a request to the relay, an answer to the app) is
/// [checked](PublicKey::check): a small-order point is refused where it enters, as malformed
/// input, before anything can seal to it.
impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let key = Self(encoding::serde_b64::deserialize(d)?);
        key.check()
            .map_err(|_| serde::de::Error::custom("unusable public key"))?;
        Ok(key)
    }
}

/// First 16 bytes of SHA-256 over the domain-separated public key; hex in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KeyId(#[serde(with = "encoding::serde_hex")] [u8; KEY_ID_LEN]);

impl KeyId {
    pub const fn from_bytes(bytes: [u8; KEY_ID_LEN]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; KEY_ID_LEN] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        encoding::to_hex(&self.0)
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.to_hex())
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// An X25519 private key. Zeroized on drop, never printed, compared in constant time.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl SecretKey {
    /// Fresh key from the platform CSPRNG.
    pub fn generate() -> Result<Self> {
        Ok(Self::from_bytes(&*encoding::random_bytes::<KEY_LEN>()?))
    }

    /// Any 32 bytes make a key: they are clamped (RFC 7748 §5) so that [`Self::to_bytes`] is
    /// canonical and round-trips.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        let mut clamped = Zeroizing::new(*bytes);
        clamped[0] &= 248;
        clamped[31] &= 127;
        clamped[31] |= 64;
        Self(clamped)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: &[u8; KEY_LEN] = bytes.try_into().map_err(|_| Error::Malformed)?;
        Ok(Self::from_bytes(arr))
    }

    /// The clamped scalar, for wrapping under a password or a data key.
    pub fn to_bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        self.0.clone()
    }

    pub fn public_key(&self) -> PublicKey {
        // StaticSecret zeroizes itself on drop. dalek's precomputed base-point tables are
        // deliberately off: they would add ~29 KB gzip to the phone's download to save well
        // under a millisecond per seal.
        let sk = x25519_dalek::StaticSecret::from(*self.0);
        PublicKey(x25519_dalek::PublicKey::from(&sk).to_bytes())
    }

    pub(crate) fn to_hpke(&self) -> Result<HpkePrivateKey> {
        HpkePrivateKey::from_bytes(self.0.as_slice()).map_err(|_| Error::InvalidKey)
    }
}

impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_slice().ct_eq(other.0.as_slice()).into()
    }
}

impl Eq for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// A secret key with its public half computed once.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    secret: SecretKey,
    public: PublicKey,
}

impl KeyPair {
    pub fn generate() -> Result<Self> {
        Ok(Self::from_secret(SecretKey::generate()?))
    }

    pub fn from_secret(secret: SecretKey) -> Self {
        let public = secret.public_key();
        Self { secret, public }
    }

    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }

    pub fn public(&self) -> PublicKey {
        self.public
    }

    pub fn into_secret(self) -> SecretKey {
        self.secret
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public)
            .field("secret", &self.secret)
            .finish()
    }
}

/// The phone's 256-bit data key (DEK): every IndexedDB value is sealed under it.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub fn generate() -> Result<Self> {
        Ok(Self(encoding::random_bytes::<KEY_LEN>()?))
    }

    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl PartialEq for DataKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_slice().ct_eq(other.0.as_slice()).into()
    }
}

impl Eq for DataKey {}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey([redacted])")
    }
}

/// 80 bits of a digest in Crockford base32, in groups of four: what people compare.
pub(crate) fn fingerprint_of(digest: &[u8; 32]) -> String {
    let chars = crockford_base32(&digest[..10]);
    let mut out = String::with_capacity(19);
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// Crockford's alphabet: digits and upper-case letters without I, L, O, U.
fn crockford_base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rfc7748_public_key() {
        // RFC 7748 §6.1, Alice.
        let sk: [u8; 32] = crate::encoding::from_hex(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        )
        .unwrap();
        let pk = SecretKey::from_bytes(&sk).public_key();
        assert_eq!(
            pk.as_bytes().as_slice(),
            crate::encoding::from_hex::<32>(
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
            )
            .unwrap()
            .as_slice()
        );
    }

    #[test]
    fn fingerprint_shape_and_stability() {
        let pk = PublicKey::from_bytes([7; 32]);
        let fp = pk.fingerprint();
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        assert!(
            fp.chars()
                .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
        );
        assert_eq!(fp, pk.fingerprint());
        assert_ne!(fp, PublicKey::from_bytes([8; 32]).fingerprint());
    }

    #[test]
    fn base32_known_answer() {
        assert_eq!(crockford_base32(&[0xff; 5]), "ZZZZZZZZ");
        assert_eq!(crockford_base32(&[0; 5]), "00000000");
        assert_eq!(crockford_base32(&[0x08]), "10");
    }

    #[test]
    fn secrets_never_print() {
        let kp = KeyPair::from_secret(SecretKey::from_bytes(&[1; 32]));
        let shown = format!("{kp:?} {:?}", DataKey::from_bytes(&[1; 32]));
        assert!(shown.contains("[redacted]"));
        assert!(!shown.contains("1, 1"));
    }

    /// libsodium's blocklist of X25519 u-coordinates (little-endian): the 7 canonical small-order
    /// points and the non-canonical encodings ≥ p of 0 and 1.
    const SMALL_ORDER: [&str; 7] = [
        // 0 (order 4 on the curve, 2 on the twist)
        "0000000000000000000000000000000000000000000000000000000000000000",
        // 1 (order 1)
        "0100000000000000000000000000000000000000000000000000000000000000",
        // order 8
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        // p - 1 (order 2)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // p, a second encoding of 0
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // p + 1, a second encoding of 1
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ];

    /// Every encoding of every small-order point, with and without the top bit (which X25519
    /// ignores): 14 byte strings.
    fn small_order_encodings() -> Vec<[u8; 32]> {
        let mut out = Vec::new();
        for hex in SMALL_ORDER {
            let bytes: [u8; 32] = crate::encoding::from_hex(hex).unwrap();
            let mut high = bytes;
            high[31] |= 0x80;
            out.push(bytes);
            out.push(high);
        }
        out
    }

    #[test]
    fn small_order_points_are_refused_in_every_encoding() {
        for bytes in small_order_encodings() {
            let key = PublicKey::from_bytes(bytes);
            let hex = crate::encoding::to_hex(&bytes);
            assert_eq!(key.check(), Err(Error::InvalidKey), "{hex}");
            assert!(
                PublicKey::from_base64url(&key.to_base64url()).is_err(),
                "{hex}"
            );
            let json = serde_json::to_string(&key).unwrap();
            assert!(serde_json::from_str::<PublicKey>(&json).is_err(), "{hex}");
        }
        // Real keys pass, and the probe does not refuse what merely looks unusual.
        for _ in 0..200 {
            let key = KeyPair::generate().unwrap().public();
            assert_eq!(key.check(), Ok(()));
            let json = serde_json::to_string(&key).unwrap();
            assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), key);
        }
        for bytes in [[2u8; 32], [0xfb; 32], [7; 32]] {
            assert_eq!(PublicKey::from_bytes(bytes).check(), Ok(()));
        }
    }

    #[test]
    fn public_key_serde_is_base64url() {
        let pk = PublicKey::from_bytes([0xfb; 32]);
        let json = serde_json::to_string(&pk).unwrap();
        assert!(!json.contains('+') && !json.contains('/') && !json.contains('='));
        assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), pk);
        assert!(serde_json::from_str::<PublicKey>("\"AAAA\"").is_err());
    }
}

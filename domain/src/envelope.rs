//! The sealed envelope: content encrypted once, its key sealed to every recipient.
//!
//! The byte layout, the associated data and the reasoning are in `domain/ENVELOPE.md`; keep the
//! two in step.

use aes_gcm::{Aes256Gcm, KeyInit, aead::Aead, aead::Payload};
use hpke::{
    Deserializable, OpModeR, OpModeS, Serializable, aead::AesGcm256, kdf::HkdfSha256,
    kem::X25519HkdfSha256, rand_core,
};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{self, Reader, Writer};
use crate::error::{Error, Result};
use crate::keys::{KEY_ID_LEN, KeyId, PublicKey, SecretKey};

pub const FORMAT_VERSION: u8 = 1;
/// DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-256-GCM for the key, AES-256-GCM for the body.
pub const SUITE_X25519_AES256GCM: u8 = 1;
/// Enough for a brief sealed to every device of a volunteer plus both org keys, with room; the
/// bound keeps parsing and sealing cost predictable for the relay.
pub const MAX_RECIPIENTS: usize = 64;
/// Object and sender ids are UUIDs or short slugs.
pub const MAX_ID_LEN: usize = 128;
/// Reports and briefs are a few KB; the bound stops a hostile upload from making the app or the
/// relay allocate without limit.
pub const MAX_PLAINTEXT_LEN: usize = 16 * 1024 * 1024;

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const CONTENT_KEY_LEN: usize = 32;
const ENC_LEN: usize = 32;
const SEALED_KEY_LEN: usize = CONTENT_KEY_LEN + TAG_LEN;
const RECIPIENT_LEN: usize = KEY_ID_LEN + ENC_LEN + SEALED_KEY_LEN;

const LABEL_BINDING: &[u8] = b"yorisoi/v1/envelope/binding";
const LABEL_CONTENT: &[u8] = b"yorisoi/v1/envelope/content";
const HPKE_INFO: &[u8] = b"yorisoi/v1/envelope/content-key";

/// What kind of object an envelope belongs to. The numeric codes are part of the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Referral,
    Brief,
    Report,
    /// A question or answer attached to a report.
    Comment,
    /// An organisation's private key, sealed to one member.
    OrgKey,
}

impl ObjectKind {
    pub const fn code(self) -> u16 {
        match self {
            Self::Referral => 1,
            Self::Brief => 2,
            Self::Report => 3,
            Self::Comment => 4,
            Self::OrgKey => 5,
        }
    }

    pub fn from_code(code: u16) -> Result<Self> {
        Ok(match code {
            1 => Self::Referral,
            2 => Self::Brief,
            3 => Self::Report,
            4 => Self::Comment,
            5 => Self::OrgKey,
            _ => return Err(Error::Malformed),
        })
    }
}

/// The object an envelope belongs to. Opening under any other binding fails, so the relay cannot
/// move a ciphertext from one report (or version) to another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectBinding {
    pub kind: ObjectKind,
    pub object_id: String,
    pub version: u32,
}

impl ObjectBinding {
    pub fn new(kind: ObjectKind, object_id: impl Into<String>, version: u32) -> Self {
        Self {
            kind,
            object_id: object_id.into(),
            version,
        }
    }
}

/// The cleartext part of an envelope, readable without any key: what the relay may check
/// against its own routing data before storing an upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeHeader {
    pub binding: ObjectBinding,
    /// Claimed by the sealer and bound into the AEADs, but not a signature: anyone holding the
    /// recipients' public keys can seal under any sender id. The relay checks it against the
    /// authenticated uploader.
    pub sender: String,
    pub recipients: Vec<KeyId>,
    /// Ciphertext length including the 16-byte tag (plaintext length + 16).
    pub ciphertext_len: usize,
}

/// Every random input of [`seal`], made explicit so test vectors are reproducible.
///
/// Reusing any of these across two envelopes breaks confidentiality; only [`seal`] should be
/// used outside tests and vector generation.
pub struct SealSecrets {
    pub content_key: [u8; CONTENT_KEY_LEN],
    pub nonce: [u8; NONCE_LEN],
    /// One per recipient, in order: the RFC 9180 `ikmE` from which `DeriveKeyPair` makes the
    /// ephemeral key.
    pub ephemeral_ikm: Vec<[u8; 32]>,
}

impl SealSecrets {
    fn random(recipients: usize) -> Result<Self> {
        let mut ephemeral_ikm = Vec::with_capacity(recipients);
        for _ in 0..recipients {
            ephemeral_ikm.push(*encoding::random_bytes::<32>()?);
        }
        Ok(Self {
            content_key: *encoding::random_bytes()?,
            nonce: *encoding::random_bytes()?,
            ephemeral_ikm,
        })
    }
}

impl Drop for SealSecrets {
    fn drop(&mut self) {
        self.content_key.zeroize();
        self.ephemeral_ikm.zeroize();
    }
}

/// Seals `plaintext` for `recipients`, bound to `binding` and `sender`, with fresh randomness.
pub fn seal(
    binding: &ObjectBinding,
    sender: &str,
    recipients: &[PublicKey],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    check_seal_args(binding, sender, recipients, plaintext)?;
    let secrets = SealSecrets::random(recipients.len())?;
    seal_deterministic(binding, sender, recipients, plaintext, &secrets)
}

/// [`seal`] with caller-chosen randomness; for test vectors only.
pub fn seal_deterministic(
    binding: &ObjectBinding,
    sender: &str,
    recipients: &[PublicKey],
    plaintext: &[u8],
    secrets: &SealSecrets,
) -> Result<Vec<u8>> {
    check_seal_args(binding, sender, recipients, plaintext)?;
    if secrets.ephemeral_ikm.len() != recipients.len() {
        return Err(Error::InvalidInput);
    }
    let key_ids: Vec<KeyId> = recipients.iter().map(PublicKey::key_id).collect();
    let binding_ad = binding_ad(binding, sender, &key_ids);

    let mut header = Writer::with_capacity(
        16 + binding.object_id.len() + sender.len() + recipients.len() * RECIPIENT_LEN,
    );
    header
        .u8(FORMAT_VERSION)
        .u8(SUITE_X25519_AES256GCM)
        .u16(binding.kind.code())
        .u32(binding.version)
        .lp16(binding.object_id.as_bytes())?
        .lp16(sender.as_bytes())?
        .u16(u16::try_from(recipients.len()).map_err(|_| Error::TooManyRecipients)?);
    for ((pk, key_id), ikm) in recipients.iter().zip(&key_ids).zip(&secrets.ephemeral_ikm) {
        let mut rng = OneShotRng::new(ikm);
        let (enc, sealed_key) =
            hpke::single_shot_seal_with_rng::<AesGcm256, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Base,
                &pk.to_hpke()?,
                HPKE_INFO,
                &secrets.content_key,
                &binding_ad,
                &mut rng,
            )
            .map_err(|_| Error::InvalidKey)?;
        if !rng.fully_used() || sealed_key.len() != SEALED_KEY_LEN {
            return Err(Error::InvalidInput);
        }
        header
            .fixed(key_id.as_bytes())
            .fixed(&enc.to_bytes())
            .fixed(&sealed_key);
    }
    header.fixed(&secrets.nonce);

    let content_ad = content_ad(header.as_slice());
    let ciphertext = content_cipher(&secrets.content_key)?
        .encrypt(
            (&secrets.nonce).into(),
            Payload {
                msg: plaintext,
                aad: &content_ad,
            },
        )
        .map_err(|_| Error::InvalidInput)?;
    let mut out = header.into_vec();
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Opens an envelope sealed for `binding` with the recipient's secret key.
pub fn open(
    binding: &ObjectBinding,
    secret: &SecretKey,
    envelope: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let parsed = Parsed::parse(envelope)?;
    if parsed.binding() != *binding {
        return Err(Error::WrongObject);
    }
    let my_id = secret.public_key().key_id();
    let slot = parsed
        .recipients
        .iter()
        .find(|r| r.key_id == my_id)
        .ok_or(Error::NotARecipient)?;

    // Built from the caller's binding, not the header's, so the key only opens for the object
    // the caller asked for even if the equality check above were ever removed.
    let binding_ad = binding_ad(binding, parsed.sender, &parsed.key_ids());
    let enc = <X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(&slot.enc)
        .map_err(|_| Error::Decrypt)?;
    let content_key = Zeroizing::new(
        hpke::single_shot_open::<AesGcm256, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &secret.to_hpke()?,
            &enc,
            HPKE_INFO,
            slot.sealed_key,
            &binding_ad,
        )
        .map_err(|_| Error::Decrypt)?,
    );
    let content_key: &[u8; CONTENT_KEY_LEN] = content_key
        .as_slice()
        .try_into()
        .map_err(|_| Error::Decrypt)?;

    let content_ad = content_ad(&envelope[..parsed.header_len]);
    content_cipher(content_key)?
        .decrypt(
            (&parsed.nonce).into(),
            Payload {
                msg: parsed.ciphertext,
                aad: &content_ad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::Decrypt)
}

/// Reads the cleartext header without decrypting.
pub fn inspect(envelope: &[u8]) -> Result<EnvelopeHeader> {
    let parsed = Parsed::parse(envelope)?;
    Ok(EnvelopeHeader {
        binding: parsed.binding(),
        sender: parsed.sender.to_owned(),
        recipients: parsed.key_ids(),
        ciphertext_len: parsed.ciphertext.len(),
    })
}

fn check_seal_args(
    binding: &ObjectBinding,
    sender: &str,
    recipients: &[PublicKey],
    plaintext: &[u8],
) -> Result<()> {
    let id_ok = |s: &str| !s.is_empty() && s.len() <= MAX_ID_LEN;
    if !id_ok(&binding.object_id) || !id_ok(sender) || plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(Error::InvalidInput);
    }
    if recipients.is_empty() {
        return Err(Error::InvalidInput);
    }
    if recipients.len() > MAX_RECIPIENTS {
        return Err(Error::TooManyRecipients);
    }
    let mut ids: Vec<KeyId> = recipients.iter().map(PublicKey::key_id).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::InvalidInput);
    }
    Ok(())
}

/// What each recipient's sealed content key is bound to.
fn binding_ad(binding: &ObjectBinding, sender: &str, key_ids: &[KeyId]) -> Vec<u8> {
    let mut w = Writer::with_capacity(64 + binding.object_id.len() + sender.len() + 16 * 64);
    w.lp32(LABEL_BINDING)
        .u8(FORMAT_VERSION)
        .u8(SUITE_X25519_AES256GCM)
        .u16(binding.kind.code())
        .u32(binding.version)
        .lp32(binding.object_id.as_bytes())
        .lp32(sender.as_bytes())
        .u32(u32::try_from(key_ids.len()).unwrap_or(u32::MAX));
    for id in key_ids {
        w.fixed(id.as_bytes());
    }
    w.into_vec()
}

/// The body is bound to every header byte, including the other recipients' slots, so that any
/// change anywhere in the envelope fails for every recipient, not only for the one whose slot
/// was touched.
fn content_ad(header: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(LABEL_CONTENT.len() + 8 + header.len());
    w.lp32(LABEL_CONTENT).lp32(header);
    w.into_vec()
}

fn content_cipher(key: &[u8; CONTENT_KEY_LEN]) -> Result<Aes256Gcm> {
    Aes256Gcm::new_from_slice(key).map_err(|_| Error::InvalidInput)
}

struct RecipientSlot<'a> {
    key_id: KeyId,
    enc: [u8; ENC_LEN],
    sealed_key: &'a [u8],
}

struct Parsed<'a> {
    kind: ObjectKind,
    version: u32,
    object_id: &'a str,
    sender: &'a str,
    recipients: Vec<RecipientSlot<'a>>,
    nonce: [u8; NONCE_LEN],
    header_len: usize,
    ciphertext: &'a [u8],
}

impl<'a> Parsed<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let format = r.u8()?;
        if format != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion(format));
        }
        if r.u8()? != SUITE_X25519_AES256GCM {
            return Err(Error::UnsupportedAlgorithm);
        }
        let kind = ObjectKind::from_code(r.u16()?)?;
        let version = r.u32()?;
        let object_id = r.str16(MAX_ID_LEN)?;
        let sender = r.str16(MAX_ID_LEN)?;
        let count = usize::from(r.u16()?);
        if count == 0 {
            return Err(Error::Malformed);
        }
        if count > MAX_RECIPIENTS {
            return Err(Error::TooManyRecipients);
        }
        let mut recipients: Vec<RecipientSlot<'a>> = Vec::with_capacity(count);
        for _ in 0..count {
            let key_id = KeyId::from_bytes(r.array()?);
            if recipients.iter().any(|s| s.key_id == key_id) {
                return Err(Error::Malformed);
            }
            recipients.push(RecipientSlot {
                key_id,
                enc: r.array()?,
                sealed_key: r.take(SEALED_KEY_LEN)?,
            });
        }
        let nonce = r.array()?;
        let header_len = r.position();
        let ciphertext = r.rest();
        if ciphertext.len() < TAG_LEN {
            return Err(Error::Malformed);
        }
        if ciphertext.len() > MAX_PLAINTEXT_LEN + TAG_LEN {
            return Err(Error::InvalidInput);
        }
        Ok(Self {
            kind,
            version,
            object_id,
            sender,
            recipients,
            nonce,
            header_len,
            ciphertext,
        })
    }

    fn binding(&self) -> ObjectBinding {
        ObjectBinding::new(self.kind, self.object_id, self.version)
    }

    fn key_ids(&self) -> Vec<KeyId> {
        self.recipients.iter().map(|r| r.key_id).collect()
    }
}

/// Hands hpke exactly the 32 bytes of `ikmE` it asks for when it generates the ephemeral key,
/// and remembers if it was asked for anything else, so a change in hpke's internals makes
/// sealing fail instead of silently using zeros.
struct OneShotRng<'a> {
    ikm: &'a [u8; 32],
    used: usize,
    overdrawn: bool,
}

impl<'a> OneShotRng<'a> {
    fn new(ikm: &'a [u8; 32]) -> Self {
        Self {
            ikm,
            used: 0,
            overdrawn: false,
        }
    }

    fn fully_used(&self) -> bool {
        self.used == self.ikm.len() && !self.overdrawn
    }
}

impl rand_core::TryRng for OneShotRng<'_> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> core::result::Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> core::result::Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Self::Error> {
        match self.ikm.get(self.used..self.used + dst.len()) {
            Some(src) => {
                dst.copy_from_slice(src);
                self.used += dst.len();
            }
            None => {
                dst.fill(0);
                self.overdrawn = true;
            }
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for OneShotRng<'_> {}

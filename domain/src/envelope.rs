//! The sealed envelope (format version 2): content encrypted once, its key sealed to every
//! recipient, the whole signed by its sender.
//!
//! The byte layout, the associated data and the reasoning are in `domain/ENVELOPE.md`; keep the
//! two in step. In short: a random content key `K` is sealed to each recipient with HPKE; from
//! `K` come the body key and a commitment key; the header carries an HMAC under the commitment
//! key, so every recipient provably holds the same `K` (AES-GCM alone is not key-committing);
//! the sender's Ed25519 signature covers every byte before it, so neither the relay nor a
//! recipient can alter or re-encrypt an envelope and pass it off as the sender's.

use aes_gcm::{Aes256Gcm, KeyInit, aead::Aead, aead::Payload};
use hmac::{Hmac, Mac};
use hpke::{
    Deserializable, OpModeR, OpModeS, Serializable, aead::AesGcm256, kdf::HkdfSha256,
    kem::X25519HkdfSha256, rand_core,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{self, Reader, Writer};
use crate::error::{Error, Result};
use crate::keys::{KEY_ID_LEN, KeyId, PublicKey, SecretKey};
use crate::signing::{PUBLIC_KEY_LEN, SIGNATURE_LEN, SigningKey, VerifyingKey};

pub const FORMAT_VERSION: u8 = 2;
/// DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-256-GCM for the key, AES-256-GCM for the body,
/// HMAC-SHA256 key commitment, Ed25519 sender signature.
pub const SUITE_X25519_AES256GCM_ED25519: u8 = 1;
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
const MAC_LEN: usize = 32;
const CONTENT_KEY_LEN: usize = 32;
const ENC_LEN: usize = 32;
const SEALED_KEY_LEN: usize = CONTENT_KEY_LEN + TAG_LEN;
const RECIPIENT_LEN: usize = KEY_ID_LEN + ENC_LEN + SEALED_KEY_LEN;

const LABEL_BINDING: &[u8] = b"yorisoi/v2/envelope/binding";
const LABEL_CONTENT: &[u8] = b"yorisoi/v2/envelope/content";
const LABEL_HEADER_MAC: &[u8] = b"yorisoi/v2/envelope/header-mac";
const LABEL_SIGNATURE: &[u8] = b"yorisoi/v2/envelope/signature";
const HPKE_INFO: &[u8] = b"yorisoi/v2/envelope/content-key";
const INFO_BODY_KEY: &[u8] = b"yorisoi/v2/envelope/body-key";
const INFO_COMMITMENT_KEY: &[u8] = b"yorisoi/v2/envelope/commitment-key";

/// What kind of object an envelope belongs to. The numeric codes are part of the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Referral,
    Brief,
    Report,
    /// A question or answer attached to a report.
    Comment,
    /// An organisation's identity seed, sealed to one member.
    OrgKey,
    /// The keys a staff member has verified by hand, sealed to themself.
    Pins,
    /// A volunteer invitation's binding secret, sealed to the partner's members.
    Invitation,
    /// A coordinator's note on an incident, sealed to the partner's members.
    IncidentNote,
    /// A volunteer's matching profile, sealed to the partner.
    VolunteerProfile,
    /// A coordinator's reasons for overriding matching conflicts.
    AssignmentNote,
    /// A partner's reason for declining a referral.
    ReferralAnswer,
}

impl ObjectKind {
    pub const fn code(self) -> u16 {
        match self {
            Self::Referral => 1,
            Self::Brief => 2,
            Self::Report => 3,
            Self::Comment => 4,
            Self::OrgKey => 5,
            Self::Pins => 6,
            Self::Invitation => 7,
            Self::IncidentNote => 8,
            Self::VolunteerProfile => 9,
            Self::AssignmentNote => 10,
            Self::ReferralAnswer => 11,
        }
    }

    pub fn from_code(code: u16) -> Result<Self> {
        Ok(match code {
            1 => Self::Referral,
            2 => Self::Brief,
            3 => Self::Report,
            4 => Self::Comment,
            5 => Self::OrgKey,
            6 => Self::Pins,
            7 => Self::Invitation,
            8 => Self::IncidentNote,
            9 => Self::VolunteerProfile,
            10 => Self::AssignmentNote,
            11 => Self::ReferralAnswer,
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

/// Who seals: the id the envelope names as its sender and the key that signs it.
pub struct Sender<'a> {
    pub id: &'a str,
    pub key: &'a SigningKey,
}

/// Who the opener expects the envelope from: an id and the signing key the opener verified for
/// it (by a fingerprint a person compared, or a secret the relay never saw), never a key taken
/// from the relay or the envelope itself.
#[derive(Clone, Copy, Debug)]
pub struct TrustedSender<'a> {
    pub id: &'a str,
    pub key: &'a VerifyingKey,
}

/// The cleartext part of an envelope, readable without any key: what the relay may check
/// against its own routing data before storing an upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeHeader {
    pub binding: ObjectBinding,
    /// The sender's id and signing key as the envelope names them. [`inspect`] does not verify
    /// the signature; [`verify_sender_signature`] does, and says nothing about whether the key
    /// belongs to that sender: that is for the reader's own directory.
    pub sender: String,
    pub sender_key: VerifyingKey,
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

/// Seals `plaintext` for `recipients`, bound to `binding`, signed by `sender`, with fresh
/// randomness.
pub fn seal(
    binding: &ObjectBinding,
    sender: &Sender<'_>,
    recipients: &[PublicKey],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    check_seal_args(binding, sender.id, recipients, plaintext)?;
    let secrets = SealSecrets::random(recipients.len())?;
    seal_deterministic(binding, sender, recipients, plaintext, &secrets)
}

/// [`seal`] with caller-chosen randomness; for test vectors only. (Ed25519 signing is
/// deterministic, so the signature needs no randomness.)
pub fn seal_deterministic(
    binding: &ObjectBinding,
    sender: &Sender<'_>,
    recipients: &[PublicKey],
    plaintext: &[u8],
    secrets: &SealSecrets,
) -> Result<Vec<u8>> {
    check_seal_args(binding, sender.id, recipients, plaintext)?;
    if secrets.ephemeral_ikm.len() != recipients.len() {
        return Err(Error::InvalidInput);
    }
    let sender_key = sender.key.verifying_key();
    let key_ids: Vec<KeyId> = recipients.iter().map(PublicKey::key_id).collect();
    let binding_ad = binding_ad(binding, sender.id, &sender_key, &key_ids);
    let keys = ContentKeys::derive(&secrets.content_key)?;

    let mut out = Writer::with_capacity(
        96 + binding.object_id.len()
            + sender.id.len()
            + recipients.len() * RECIPIENT_LEN
            + plaintext.len(),
    );
    out.u8(FORMAT_VERSION)
        .u8(SUITE_X25519_AES256GCM_ED25519)
        .u16(binding.kind.code())
        .u32(binding.version)
        .lp16(binding.object_id.as_bytes())?
        .lp16(sender.id.as_bytes())?
        .fixed(sender_key.as_bytes())
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
        out.fixed(key_id.as_bytes())
            .fixed(&enc.to_bytes())
            .fixed(&sealed_key);
    }
    out.fixed(&secrets.nonce);
    let mac = keys.header_mac(out.as_slice())?;
    out.fixed(&mac);

    let ciphertext = keys
        .body_cipher()?
        .encrypt(
            (&secrets.nonce).into(),
            Payload {
                msg: plaintext,
                aad: &content_ad(out.as_slice()),
            },
        )
        .map_err(|_| Error::InvalidInput)?;
    let signed_part_len = out.as_slice().len();
    out.fixed(&ciphertext);
    let signature = sender.key.sign(&signature_message(
        &out.as_slice()[..signed_part_len],
        &ciphertext,
    ));
    out.fixed(&signature);
    Ok(out.into_vec())
}

/// Opens an envelope sealed for `binding` by `sender`, with the recipient's secret key.
///
/// In this order, each failure before the next step: the object (`WrongObject`), the sender and
/// its key (`UntrustedSender`), the sender's signature over every byte (`BadSignature`), this
/// recipient's slot (`NotARecipient`), the content key, its commitment and the body (`Decrypt`).
pub fn open(
    binding: &ObjectBinding,
    secret: &SecretKey,
    sender: &TrustedSender<'_>,
    envelope: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let parsed = Parsed::parse(envelope)?;
    if parsed.binding() != *binding {
        return Err(Error::WrongObject);
    }
    if parsed.sender != sender.id || parsed.sender_key != *sender.key {
        return Err(Error::UntrustedSender);
    }
    parsed.verify_signature(envelope)?;
    let my_id = secret.public_key().key_id();
    let slot = parsed
        .recipients
        .iter()
        .find(|r| r.key_id == my_id)
        .ok_or(Error::NotARecipient)?;

    // Built from the caller's binding and trusted sender, not the header's, so the key only
    // opens for the object and sender the caller asked for even if the checks above were ever
    // removed.
    let binding_ad = binding_ad(binding, sender.id, sender.key, &parsed.key_ids());
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
    let keys = ContentKeys::derive(content_key)?;

    // Key commitment, before the body is touched: a content key that opens this recipient's
    // slot but is not the one the header was made with (a sender giving recipients different
    // keys) is refused here.
    let expected_mac = keys.header_mac(&envelope[..parsed.mac_start])?;
    if !bool::from(expected_mac.as_slice().ct_eq(parsed.mac)) {
        return Err(Error::Decrypt);
    }

    keys.body_cipher()?
        .decrypt(
            (&parsed.nonce).into(),
            Payload {
                msg: parsed.ciphertext,
                aad: &content_ad(&envelope[..parsed.mac_start + MAC_LEN]),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::Decrypt)
}

/// Reads the cleartext header without decrypting or verifying anything.
pub fn inspect(envelope: &[u8]) -> Result<EnvelopeHeader> {
    Ok(Parsed::parse(envelope)?.header())
}

/// Reads the header and checks the signature against the key the header names: what the relay
/// does before storing an upload, then comparing `sender` and `sender_key` with the uploader's
/// registered keys. Proves the envelope is intact and signed by the holder of `sender_key`; not
/// that the key belongs to `sender` (the caller's own directory decides that).
pub fn verify_sender_signature(envelope: &[u8]) -> Result<EnvelopeHeader> {
    let parsed = Parsed::parse(envelope)?;
    parsed.verify_signature(envelope)?;
    Ok(parsed.header())
}

/// A reader keeps the highest version it has opened of each object and refuses anything older:
/// a relay replaying last month's brief must not be able to make the phone show it.
pub fn check_not_older(highest_opened: Option<u32>, binding: &ObjectBinding) -> Result<()> {
    match highest_opened {
        Some(highest) if binding.version < highest => Err(Error::Rollback),
        _ => Ok(()),
    }
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

/// What each recipient's sealed content key is bound to: the object, the sender and its signing
/// key, and the full recipient list.
fn binding_ad(
    binding: &ObjectBinding,
    sender: &str,
    sender_key: &VerifyingKey,
    key_ids: &[KeyId],
) -> Vec<u8> {
    let mut w = Writer::with_capacity(96 + binding.object_id.len() + sender.len() + 16 * 64);
    w.lp32(LABEL_BINDING)
        .u8(FORMAT_VERSION)
        .u8(SUITE_X25519_AES256GCM_ED25519)
        .u16(binding.kind.code())
        .u32(binding.version)
        .lp32(binding.object_id.as_bytes())
        .lp32(sender.as_bytes())
        .fixed(sender_key.as_bytes())
        .u32(u32::try_from(key_ids.len()).unwrap_or(u32::MAX));
    for id in key_ids {
        w.fixed(id.as_bytes());
    }
    w.into_vec()
}

/// The body is bound to every byte before it (header, every recipient's slot, the MAC), so that
/// any change anywhere fails for every recipient, not only for the one whose slot was touched.
fn content_ad(header_and_mac: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(LABEL_CONTENT.len() + 8 + header_and_mac.len());
    w.lp32(LABEL_CONTENT).lp32(header_and_mac);
    w.into_vec()
}

/// What the sender signs: a label no other signature in the system uses (the pledge message
/// starts differently), the format version, every byte up to the ciphertext, and the
/// ciphertext's hash.
fn signature_message(header_and_mac: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(LABEL_SIGNATURE.len() + 48 + header_and_mac.len());
    w.lp32(LABEL_SIGNATURE)
        .u8(FORMAT_VERSION)
        .lp32(header_and_mac)
        .fixed(&Sha256::digest(ciphertext));
    w.into_vec()
}

/// The two keys derived from the content key `K`: the body's AES-256-GCM key and the key of the
/// header MAC that commits every recipient to the same `K`.
struct ContentKeys {
    body: Zeroizing<[u8; 32]>,
    commitment: Zeroizing<[u8; 32]>,
}

impl ContentKeys {
    fn derive(content_key: &[u8; CONTENT_KEY_LEN]) -> Result<Self> {
        Ok(Self {
            body: crate::wrap::hkdf32(content_key, INFO_BODY_KEY)?,
            commitment: crate::wrap::hkdf32(content_key, INFO_COMMITMENT_KEY)?,
        })
    }

    fn header_mac(&self, header: &[u8]) -> Result<[u8; MAC_LEN]> {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(self.commitment.as_slice())
            .map_err(|_| Error::InvalidInput)?;
        let mut w = Writer::with_capacity(LABEL_HEADER_MAC.len() + 8);
        w.lp32(LABEL_HEADER_MAC)
            .u32(u32::try_from(header.len()).unwrap_or(u32::MAX));
        mac.update(w.as_slice());
        mac.update(header);
        Ok(mac.finalize().into_bytes().into())
    }

    fn body_cipher(&self) -> Result<Aes256Gcm> {
        Aes256Gcm::new_from_slice(self.body.as_slice()).map_err(|_| Error::InvalidInput)
    }
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
    sender_key: VerifyingKey,
    recipients: Vec<RecipientSlot<'a>>,
    nonce: [u8; NONCE_LEN],
    /// Offset of the header MAC: everything before it is the header it authenticates.
    mac_start: usize,
    mac: &'a [u8],
    ciphertext: &'a [u8],
    signature: &'a [u8],
}

impl<'a> Parsed<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let format = r.u8()?;
        if format != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion(format));
        }
        if r.u8()? != SUITE_X25519_AES256GCM_ED25519 {
            return Err(Error::UnsupportedAlgorithm);
        }
        let kind = ObjectKind::from_code(r.u16()?)?;
        let version = r.u32()?;
        let object_id = r.str16(MAX_ID_LEN)?;
        let sender = r.str16(MAX_ID_LEN)?;
        let sender_key =
            VerifyingKey::from_slice(r.take(PUBLIC_KEY_LEN)?).map_err(|_| Error::Malformed)?;
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
        let mac_start = r.position();
        let mac = r.take(MAC_LEN)?;
        let rest = r.rest();
        let ciphertext_len = rest
            .len()
            .checked_sub(SIGNATURE_LEN)
            .ok_or(Error::Malformed)?;
        if ciphertext_len < TAG_LEN {
            return Err(Error::Malformed);
        }
        if ciphertext_len > MAX_PLAINTEXT_LEN + TAG_LEN {
            return Err(Error::InvalidInput);
        }
        let (ciphertext, signature) = rest.split_at(ciphertext_len);
        Ok(Self {
            kind,
            version,
            object_id,
            sender,
            sender_key,
            recipients,
            nonce,
            mac_start,
            mac,
            ciphertext,
            signature,
        })
    }

    fn binding(&self) -> ObjectBinding {
        ObjectBinding::new(self.kind, self.object_id, self.version)
    }

    fn key_ids(&self) -> Vec<KeyId> {
        self.recipients.iter().map(|r| r.key_id).collect()
    }

    fn header(&self) -> EnvelopeHeader {
        EnvelopeHeader {
            binding: self.binding(),
            sender: self.sender.to_owned(),
            sender_key: self.sender_key,
            recipients: self.key_ids(),
            ciphertext_len: self.ciphertext.len(),
        }
    }

    /// The signature over everything before it, by the key the header names.
    fn verify_signature(&self, envelope: &[u8]) -> Result<()> {
        let header_and_mac = &envelope[..self.mac_start + MAC_LEN];
        self.sender_key.verify(
            &signature_message(header_and_mac, self.ciphertext),
            self.signature,
        )
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::keys::KeyPair;

    fn parts(envelope: &[u8]) -> (usize, usize) {
        let parsed = Parsed::parse(envelope).unwrap();
        (parsed.mac_start, parsed.ciphertext.len())
    }

    /// Signs `bytes` (everything but a signature) as `key` would, after an edit.
    fn resign(bytes: &[u8], key: &SigningKey) -> Vec<u8> {
        let (mac_start, _) = parts(&[bytes, &[0u8; SIGNATURE_LEN]].concat());
        let signed = &bytes[..mac_start + MAC_LEN];
        let ciphertext = &bytes[mac_start + MAC_LEN..];
        let mut out = bytes.to_vec();
        out.extend_from_slice(&key.sign(&signature_message(signed, ciphertext)));
        out
    }

    /// DESIGN §5: a malicious sender gives two recipients two different content keys (slot 2
    /// taken from an envelope of other content). AES-GCM would let each recipient open "its"
    /// content; the header MAC commits everyone to the key it was made with, so the second
    /// recipient is refused even though the sender's signature is valid.
    #[test]
    fn different_content_keys_for_different_recipients_are_refused() {
        let sender_key = SigningKey::generate().unwrap();
        let sender = Sender {
            id: "coordinator-1",
            key: &sender_key,
        };
        let public = sender_key.verifying_key();
        let trusted = TrustedSender {
            id: "coordinator-1",
            key: &public,
        };
        let centre = KeyPair::generate().unwrap();
        let volunteer = KeyPair::generate().unwrap();
        let to = [centre.public(), volunteer.public()];
        let binding = ObjectBinding::new(ObjectKind::Brief, "b-1", 1);
        let honest_secrets = SealSecrets::random(2).unwrap();
        let honest = seal_deterministic(
            &binding,
            &sender,
            &to,
            b"release: allergies only",
            &honest_secrets,
        )
        .unwrap();
        let other = seal(&binding, &sender, &to, b"release: everything").unwrap();
        let (mac_start, _) = parts(&honest);
        // Both envelopes have the same layout; slot 2 sits just before the nonce. The sender
        // knows both content keys, so it can make the MAC and the body valid under the first.
        let slot2 = mac_start - NONCE_LEN - SEALED_KEY_LEN - ENC_LEN - KEY_ID_LEN;
        let mut header = honest[..mac_start].to_vec();
        header[slot2..mac_start - NONCE_LEN].copy_from_slice(&other[slot2..mac_start - NONCE_LEN]);
        let keys = ContentKeys::derive(&honest_secrets.content_key).unwrap();
        header.extend_from_slice(&keys.header_mac(&header).unwrap());
        let body = keys
            .body_cipher()
            .unwrap()
            .encrypt(
                (&honest_secrets.nonce).into(),
                Payload {
                    msg: b"release: allergies only".as_slice(),
                    aad: &content_ad(&header),
                },
            )
            .unwrap();
        header.extend_from_slice(&body);
        let spliced = resign(&header, &sender_key);
        assert!(verify_sender_signature(&spliced).is_ok());
        assert_eq!(
            open(&binding, centre.secret(), &trusted, &spliced)
                .unwrap()
                .as_slice(),
            b"release: allergies only"
        );
        assert_eq!(
            open(&binding, volunteer.secret(), &trusted, &spliced),
            Err(Error::Decrypt)
        );
    }

    /// A recipient knows the content key and could encrypt new content under it (and recompute
    /// the MAC); without the sender's signing key the result is refused, and signing it with its
    /// own key makes it an envelope from an untrusted sender.
    #[test]
    fn a_recipient_cannot_re_encrypt_content_as_the_sender() {
        let sender_key = SigningKey::generate().unwrap();
        let public = sender_key.verifying_key();
        let trusted = TrustedSender {
            id: "device-1",
            key: &public,
        };
        let centre = KeyPair::generate().unwrap();
        let partner = KeyPair::generate().unwrap();
        let to = [centre.public(), partner.public()];
        let binding = ObjectBinding::new(ObjectKind::Report, "r-1", 1);
        let secrets = SealSecrets::random(2).unwrap();
        let sender = Sender {
            id: "device-1",
            key: &sender_key,
        };
        let sealed = seal_deterministic(&binding, &sender, &to, b"urgent", &secrets).unwrap();
        let (mac_start, _) = parts(&sealed);
        let keys = ContentKeys::derive(&secrets.content_key).unwrap();
        let header_and_mac = &sealed[..mac_start + MAC_LEN];
        let rewritten = keys
            .body_cipher()
            .unwrap()
            .encrypt(
                (&secrets.nonce).into(),
                Payload {
                    msg: b"nothing",
                    aad: &content_ad(header_and_mac),
                },
            )
            .unwrap();
        let mut forged = header_and_mac.to_vec();
        forged.extend_from_slice(&rewritten);
        let mut unsigned = forged.clone();
        unsigned.extend_from_slice(&sealed[sealed.len() - SIGNATURE_LEN..]);
        assert_eq!(
            open(&binding, centre.secret(), &trusted, &unsigned),
            Err(Error::BadSignature)
        );
        // Signed with the recipient's own key, under the sender's name and key: the signature
        // does not verify.
        let partner_signing = SigningKey::generate().unwrap();
        assert_eq!(
            open(
                &binding,
                centre.secret(),
                &trusted,
                &resign(&forged, &partner_signing)
            ),
            Err(Error::BadSignature)
        );
        // Naming its own key instead: not the key the centre trusts for this sender.
        let key_at = sealed
            .windows(PUBLIC_KEY_LEN)
            .position(|w| w == public.as_bytes())
            .unwrap();
        forged[key_at..key_at + PUBLIC_KEY_LEN]
            .copy_from_slice(partner_signing.verifying_key().as_bytes());
        assert_eq!(
            open(
                &binding,
                centre.secret(),
                &trusted,
                &resign(&forged, &partner_signing)
            ),
            Err(Error::UntrustedSender)
        );
    }
}

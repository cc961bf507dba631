//! Secrets on the wire: [`SecretB64`] for secret bytes, and [`Redacted`] for the `Debug` of the
//! wire types that carry a secret string (an invite token, a TOTP secret or code, a volunteer
//! code). A request or an answer that reaches a log line, a panic message or a test failure
//! through `{:?}` must never print the secret it carries.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Secret bytes (a login secret, a PIN proof, the server share S, a device credential): the
/// same JSON as [`super::B64`] (unpadded base64url), but zeroized when dropped, compared in
/// constant time and never printed.
///
/// The base64 text that JSON carries is the parser's and is not wiped; the decoded bytes,
/// which outlive the request, are.
#[derive(Clone, Default)]
pub struct SecretB64(Zeroizing<Vec<u8>>);

impl SecretB64 {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    pub fn from_slice(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for SecretB64 {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_slice().ct_eq(other.0.as_slice()).into()
    }
}

impl Eq for SecretB64 {}

impl std::fmt::Debug for SecretB64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretB64([redacted], {} bytes)", self.0.len())
    }
}

impl Serialize for SecretB64 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64ct::Encoding;
        s.serialize_str(&base64ct::Base64UrlUnpadded::encode_string(&self.0))
    }
}

impl<'de> Deserialize<'de> for SecretB64 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64ct::Encoding;
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64ct::Base64UrlUnpadded::decode_vec(&s)
            .map(Self::new)
            .map_err(|_| serde::de::Error::custom("invalid base64url"))
    }
}

/// What a secret string field shows in `Debug`.
pub(crate) struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::api::*;
    use crate::ids::{DeviceId, OrgId, UserId, VolunteerId};
    use crate::keys::PublicKey;

    const TOKEN: &str = "tok-SECRET-0123456789abcdefghijklmnopqrstuv";
    const CODE: &str = "K7QF2M9X";
    const TOTP_CODE: &str = "482913";
    const TOTP_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const CSRF: &str = "csrf-SECRET-abcdefghijklmnopqrstuvwxyz0123";

    fn secret_bytes(fill: u8) -> SecretB64 {
        SecretB64::new(vec![fill; 32])
    }

    /// The ways a secret could show: as text, and its bytes as a Rust slice, base64url and hex.
    fn forms(secret: &[u8]) -> Vec<String> {
        let list = format!("{secret:?}");
        vec![
            list[1..list.len() - 1].to_owned(),
            crate::encoding::to_base64url(secret),
            crate::encoding::to_hex(secret),
        ]
    }

    fn assert_hidden(shown: &str, secrets: &[&[u8]], what: &str) {
        for secret in secrets {
            let mut all = forms(secret);
            if let Ok(text) = std::str::from_utf8(secret) {
                all.push(text.to_owned());
            }
            for form in all {
                assert!(!shown.contains(&form), "{what} prints a secret: {shown}");
            }
        }
    }

    #[test]
    fn secret_b64_has_b64_json_and_compares_by_value() {
        let secret = SecretB64::new(vec![0xfb, 0xff, 1]);
        let json = serde_json::to_string(&secret).unwrap();
        assert_eq!(
            json,
            serde_json::to_string(&B64(vec![0xfb, 0xff, 1])).unwrap()
        );
        assert_eq!(serde_json::from_str::<SecretB64>(&json).unwrap(), secret);
        assert!(serde_json::from_str::<SecretB64>("\"%%\"").is_err());
        assert_ne!(secret, SecretB64::new(vec![0xfb, 0xff, 2]));
        assert_eq!(secret.len(), 3);
    }

    /// Every wire type that carries a secret prints none of it with `{:?}`.
    #[test]
    fn secret_types_never_print_their_secrets() {
        let device_id = DeviceId::parse("00000000-0000-4000-8000-000000000001").unwrap();
        let volunteer_id = VolunteerId::parse("00000000-0000-4000-8000-000000000002").unwrap();
        let user_id = UserId::parse("00000000-0000-4000-8000-000000000003").unwrap();
        let org_id = OrgId::parse("00000000-0000-4000-8000-000000000004").unwrap();
        let identity = crate::identity::IdentitySeed::generate()
            .and_then(|seed| seed.identity())
            .unwrap()
            .public();
        let key = identity.sealing;
        let pledge = PledgeStatus::NoPledge;
        let (login, proof, share, credential) = (
            secret_bytes(0xa1),
            secret_bytes(0xb2),
            secret_bytes(0xc3),
            secret_bytes(0xd4),
        );
        let cases: Vec<(String, Vec<&[u8]>, &str)> = vec![
            (
                format!(
                    "{:?}",
                    InviteToken {
                        token: TOKEN.into()
                    }
                ),
                vec![TOKEN.as_bytes()],
                "InviteToken",
            ),
            (
                format!(
                    "{:?}",
                    StaffRegister {
                        token: TOKEN.into(),
                        login_name: "sato".into(),
                        login_secret: login.clone(),
                        identity,
                        wrapped_key: B64(vec![1, 2, 3]),
                    }
                ),
                vec![TOKEN.as_bytes(), login.as_slice()],
                "StaffRegister",
            ),
            (
                format!(
                    "{:?}",
                    TotpEnrolment {
                        secret_base32: TOTP_B32.into(),
                        otpauth_uri: format!("otpauth://totp/Yorisoi:sato?secret={TOTP_B32}"),
                    }
                ),
                vec![TOTP_B32.as_bytes()],
                "TotpEnrolment",
            ),
            (
                format!(
                    "{:?}",
                    TotpCode {
                        code: TOTP_CODE.into()
                    }
                ),
                vec![TOTP_CODE.as_bytes()],
                "TotpCode",
            ),
            (
                format!(
                    "{:?}",
                    StaffLogin {
                        login_name: "sato".into(),
                        login_secret: login.clone(),
                        totp_code: TOTP_CODE.into(),
                    }
                ),
                vec![login.as_slice(), TOTP_CODE.as_bytes()],
                "StaffLogin",
            ),
            (
                format!(
                    "{:?}",
                    DeviceEnrol {
                        code: CODE.into(),
                        public_key: key,
                        signing_key: B64(vec![9; 32]),
                        pin_proof: proof.clone(),
                        binding_tag: None,
                    }
                ),
                vec![CODE.as_bytes(), proof.as_slice()],
                "DeviceEnrol",
            ),
            (
                format!(
                    "{:?}",
                    DeviceUnlock {
                        device_id: device_id.clone(),
                        pin_proof: proof.clone(),
                        device_credential: credential.clone(),
                    }
                ),
                vec![proof.as_slice(), credential.as_slice()],
                "DeviceUnlock",
            ),
            (
                format!(
                    "{:?}",
                    DeviceSession {
                        device_id: device_id.clone(),
                        volunteer_id: volunteer_id.clone(),
                        display_name: "田中".into(),
                        share: share.clone(),
                        device_credential: Some(credential.clone()),
                        programme: ProgrammeForDevice {
                            name: "p".into(),
                            emergency_phone: "0".into(),
                            idle_lock_secs: 300,
                            offline_window_secs: 0,
                        },
                        pledge: pledge.clone(),
                        csrf_token: CSRF.into(),
                        partner: OrganisationIdentity {
                            id: org_id.clone(),
                            identity: Some(identity),
                        },
                        centre: OrganisationIdentity {
                            id: org_id.clone(),
                            identity: None,
                        },
                    }
                ),
                vec![share.as_slice(), credential.as_slice(), CSRF.as_bytes()],
                "DeviceSession",
            ),
            (
                format!(
                    "{:?}",
                    DeviceStatus {
                        device_id: device_id.clone(),
                        volunteer_id: volunteer_id.clone(),
                        pledge: pledge.clone(),
                        csrf_token: CSRF.into(),
                    }
                ),
                vec![CSRF.as_bytes()],
                "DeviceStatus",
            ),
            (
                format!(
                    "{:?}",
                    StaffSession {
                        user_id,
                        display_name: "佐藤".into(),
                        role: StaffRole::Admin,
                        organisation: None,
                        identity,
                        wrapped_key: B64(vec![1]),
                        csrf_token: CSRF.into(),
                        pledge,
                    }
                ),
                vec![CSRF.as_bytes()],
                "StaffSession",
            ),
            (
                format!(
                    "{:?}",
                    CreatedInvite {
                        token: TOKEN.into(),
                        path: format!("/invite#{TOKEN}"),
                        expires_at: 1,
                    }
                ),
                vec![TOKEN.as_bytes()],
                "CreatedInvite",
            ),
            (
                format!(
                    "{:?}",
                    VolunteerInvite {
                        volunteer_id,
                        code: CODE.into(),
                        path: format!("/v/enrol#{CODE}"),
                        expires_at: 1,
                    }
                ),
                vec![CODE.as_bytes()],
                "VolunteerInvite",
            ),
            (
                format!("{:?} {:?}", share, Some(credential.clone())),
                vec![share.as_slice(), credential.as_slice()],
                "SecretB64",
            ),
        ];
        for (shown, secrets, what) in &cases {
            assert!(shown.contains("redacted"), "{what}: {shown}");
            assert_hidden(shown, secrets, what);
        }
        // The check itself would see a secret printed the derived way.
        let derived = format!("{:?}", B64(vec![0xa1; 32]).0);
        assert!(forms(&[0xa1; 32]).iter().any(|f| derived.contains(f)));
        let _: PublicKey = key;
    }
}

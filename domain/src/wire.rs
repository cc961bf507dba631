//! Types that cross the wire between the app and the relay.

use serde::{Deserialize, Serialize};

/// The one shape of every error the relay answers with (`{"error": code, "message": text}`).
/// `message` is generic and never contains personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the database answered.
    pub status: String,
    pub database: String,
    /// Highest applied migration version.
    pub schema_version: i64,
    /// Relay build version (the crate version).
    pub version: String,
}

// ---------------------------------------------------------------------------------------------
// Accounts and trust (organisations, staff, volunteer devices, pledges, revocation).
//
// Binary values travel as unpadded base64url strings ([`B64`]). Secrets the server must check
// (login secret, PIN proof) arrive as high-entropy values derived in the browser; the password
// and the PIN never leave it. Every id is a UUID string; times are unix milliseconds.
// ---------------------------------------------------------------------------------------------

/// Bytes as an unpadded base64url string; malformed input fails deserialisation (a 400).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct B64(pub Vec<u8>);

impl std::fmt::Debug for B64 {
    // Lengths only: some of these are secrets (the server share, proofs).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "B64({} bytes)", self.0.len())
    }
}

impl Serialize for B64 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64ct::Encoding;
        s.serialize_str(&base64ct::Base64UrlUnpadded::encode_string(&self.0))
    }
}

impl<'de> Deserialize<'de> for B64 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64ct::Encoding;
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64ct::Base64UrlUnpadded::decode_vec(&s)
            .map(B64)
            .map_err(|_| serde::de::Error::custom("invalid base64url"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Centre,
    Partner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Admin,
    Caseworker,
    Coordinator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Meal,
    Childcare,
    Lunchbox,
}

// --- staff invites and registration ----------------------------------------------------------

/// `POST /api/staff/invites/inspect`: what an invite link is for, before registering.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InviteToken {
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffInviteInfo {
    pub role: StaffRole,
    pub organisation_name: Option<String>,
    pub display_name: String,
    pub expires_at: i64,
}

/// `POST /api/staff/register`: the browser has derived the login secret and wrapped the new
/// private key (`wrap::staff`); the server stores a verifier of the secret, never the password.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffRegister {
    pub token: String,
    pub login_name: String,
    pub login_secret: B64,
    pub public_key: crate::keys::PublicKey,
    /// The staff wrap blob: KDF parameters, salt and the wrapped private key.
    pub wrapped_key: B64,
}

/// Answer to register: the TOTP secret to enrol (shown as a QR code and as text). The account
/// becomes usable once a first code is confirmed (`POST /api/staff/totp/confirm`, [`TotpCode`]);
/// until then the session cookie only allows that confirmation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TotpCode {
    pub code: String,
}

// --- staff login ----------------------------------------------------------------------------

/// `POST /api/staff/login/params`: the KDF parameters and salt for a login name. Unknown names
/// get stable made-up parameters, so the answer does not reveal who has an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginName {
    pub login_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginParams {
    pub kdf: crate::wrap::staff::KdfParams,
}

/// `POST /api/staff/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffLogin {
    pub login_name: String,
    pub login_secret: B64,
    pub totp_code: String,
}

/// Who is signed in: answered by login, by TOTP confirmation and by `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffSession {
    pub user_id: String,
    pub display_name: String,
    pub role: StaffRole,
    pub organisation: Option<OrganisationRef>,
    pub public_key: crate::keys::PublicKey,
    pub wrapped_key: B64,
    /// Echo in `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    pub pledge: PledgeStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub id: String,
    pub kind: OrgKind,
    pub name: String,
}

// --- admin ------------------------------------------------------------------------------------

/// `POST /api/admin/organisations`: the org key pair was generated in the admin's browser; its
/// private key arrives only sealed (envelope) to the admin's own public key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
    pub public_key: crate::keys::PublicKey,
    pub sealed_private_key: B64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub kind: OrgKind,
    pub name: String,
    pub public_key: crate::keys::PublicKey,
    pub fingerprint: String,
    pub pledge_version: Option<i64>,
}

/// `POST /api/admin/programmes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProgramme {
    pub partner_id: String,
    pub centre_id: String,
    pub name: String,
    pub support_kind: SupportKind,
    pub coordinator_reads_reports: bool,
    pub emergency_phone: String,
    pub retention_days: i64,
    pub idle_lock_secs: i64,
    pub offline_window_secs: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: String,
    #[serde(flatten)]
    pub settings: NewProgramme,
}

/// `POST /api/admin/staff-invites`. Admin invites carry no organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewStaffInvite {
    pub role: StaffRole,
    pub organisation_id: Option<String>,
    pub display_name: String,
}

/// A one-time invitation. The token goes in the URL fragment (`/invite#token`), which browsers
/// never send to a server, so it cannot end up in access logs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub token: String,
    pub path: String,
    pub expires_at: i64,
}

/// `PUT /api/admin/organisations/{id}/pledge`: a new version of the organisation's pledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PledgeText {
    pub text: String,
}

// --- organisation keys ------------------------------------------------------------------------

/// `GET /api/keys/mine`: each organisation key sealed to me.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedOrgKey {
    pub organisation_id: String,
    pub organisation_public_key: crate::keys::PublicKey,
    pub sealed_private_key: B64,
}

/// `GET /api/keys/pending`: members of organisations whose key I hold who still lack it; my
/// browser seals it to them (`POST /api/keys/grants`, [`KeyGrant`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingGrant {
    pub organisation_id: String,
    pub user_id: String,
    pub display_name: String,
    pub public_key: crate::keys::PublicKey,
}

/// The binding under which an organisation's private key is sealed to one holder, in
/// [`NewOrganisation::sealed_private_key`], [`KeyGrant::sealed_private_key`] and
/// [`SealedOrgKey::sealed_private_key`]: kind `OrgKey`, object id = the organisation public key's
/// [`crate::keys::KeyId`] in hex, version 1. The envelope's sender is the sealing user's id and
/// its only recipient the holder's public key; the plaintext is the 32-byte private key. Binding
/// to the key id rather than the organisation id lets the admin's browser seal before the relay
/// has assigned an id, and a sealed key can only ever open as the key it claims to be.
pub fn org_key_binding(org_public_key: &crate::keys::PublicKey) -> crate::envelope::ObjectBinding {
    crate::envelope::ObjectBinding::new(
        crate::envelope::ObjectKind::OrgKey,
        org_public_key.key_id().to_hex(),
        1,
    )
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyGrant {
    pub organisation_id: String,
    pub user_id: String,
    pub sealed_private_key: B64,
}

// --- pledge ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PledgeStatus {
    /// The organisation has no pledge text yet.
    NoPledge,
    /// A version exists that this person has not accepted.
    Required {
        version: i64,
        hash: String,
    },
    Accepted {
        version: i64,
        accepted_at: i64,
    },
}

/// `GET /api/pledge`: the current text for the caller's organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pledge {
    pub organisation_name: String,
    pub version: i64,
    /// Hex SHA-256 of the text; what an acceptance refers to.
    pub hash: String,
    pub text: String,
}

/// `POST /api/pledge/accept`. A volunteer's acceptance is signed with the device key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PledgeAcceptance {
    pub version: i64,
    pub hash: String,
    pub typed_name: String,
    pub signature: Option<B64>,
}

// --- volunteers and devices -------------------------------------------------------------------

/// `POST /api/partner/volunteer-invites`: by a coordinator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVolunteerInvite {
    pub programme_id: String,
    /// An existing volunteer (a second device) or `None` for a new one.
    pub volunteer_id: Option<String>,
    pub display_name: String,
}

/// One-time, 72 hours. `code` is 8 characters for typing; `path` (`/v/enrol#code`) for the QR.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteerInvite {
    pub volunteer_id: String,
    pub code: String,
    pub path: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    Active,
    /// Too many wrong PINs: the server share is destroyed.
    Locked,
    Revoked,
    Lost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub id: String,
    pub fingerprint: String,
    pub state: DeviceState,
    pub enrolled_at: i64,
    pub last_seen_at: Option<i64>,
}

/// `GET /api/partner/volunteers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volunteer {
    pub id: String,
    pub display_name: String,
    pub programme_id: String,
    pub active: bool,
    pub pledge: PledgeStatus,
    pub devices: Vec<Device>,
}

/// `POST /api/device/enrol`: the phone made its key pairs and DEK; `pin_proof` is derived from
/// the PIN separately from the KEK (`wrap::device`), so the server can check a PIN without
/// being able to unwrap anything.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceEnrol {
    pub code: String,
    pub public_key: crate::keys::PublicKey,
    pub signing_key: B64,
    pub pin_proof: B64,
}

/// What a phone needs to work: answered by enrol and unlock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSession {
    pub device_id: String,
    pub volunteer_id: String,
    pub display_name: String,
    /// The server share S, released only for a correct PIN proof.
    pub share: B64,
    pub programme: ProgrammeForDevice,
    pub pledge: PledgeStatus,
    pub csrf_token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeForDevice {
    pub name: String,
    pub emergency_phone: String,
    pub idle_lock_secs: i64,
    pub offline_window_secs: i64,
}

/// `GET /api/device/status`, and `GET /api/session` for a device session: the phone is still
/// enrolled and may keep what it holds. A revoked, lost or locked device gets 401
/// [`ERROR_DEVICE_GONE`] instead. (A staff session answers [`StaffSession`], which has `user_id`
/// where this has `device_id`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceStatus {
    pub device_id: String,
    pub volunteer_id: String,
    pub pledge: PledgeStatus,
    pub csrf_token: String,
}

/// `POST /api/device/unlock`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceUnlock {
    pub device_id: String,
    pub pin_proof: B64,
}

/// The 401 body for a wrong PIN: `{"error":"wrong_pin","message":…,"remaining":N}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrongPin {
    pub error: String,
    pub message: String,
    pub remaining: u32,
}

/// Error code a phone receives when its device was revoked, reported lost, or locked after too
/// many wrong PINs: the app wipes everything it holds and says why.
pub const ERROR_DEVICE_GONE: &str = "device_gone";

/// `POST /api/partner/devices/{id}/lost`: opens an incident.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LostDeviceReport {
    /// Free text is staff-written and must not name a family; kept short.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub kind: String,
    pub device_id: Option<String>,
    pub volunteer_id: Option<String>,
    pub reported_by: String,
    pub reported_at: i64,
    pub actions: Vec<String>,
    pub note: String,
}

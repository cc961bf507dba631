//! Staff invitations, registration with TOTP enrolment, sign-in and the session.

use serde::{Deserialize, Serialize};

use super::{B64, OrgKind, PledgeStatus, StaffRole};
use crate::identity::PublicIdentity;
use crate::ids::{OrgId, UserId};

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

/// `POST /api/staff/register`: the browser made the member's identity and wrapped its seed under
/// the password (`wrap::staff`), and derived the login secret; the server stores a verifier of the
/// secret, never the password.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffRegister {
    pub token: String,
    pub login_name: String,
    pub login_secret: B64,
    pub identity: PublicIdentity,
    /// The staff wrap blob: KDF parameters, salt and the wrapped identity seed.
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
    pub user_id: UserId,
    pub display_name: String,
    pub role: StaffRole,
    pub organisation: Option<OrganisationRef>,
    pub identity: PublicIdentity,
    pub wrapped_key: B64,
    /// Echo in `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    pub pledge: PledgeStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub id: OrgId,
    pub kind: OrgKind,
    pub name: String,
    /// As the relay lists it; `None` until the organisation's first member creates it. Believed
    /// only once pinned (compared by a person).
    pub identity: Option<PublicIdentity>,
}

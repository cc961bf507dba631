//! Staff invitations, registration with TOTP enrolment, sign-in and the session.

use serde::{Deserialize, Serialize};

use super::{B64, OrgKind, PledgeStatus, Redacted, SecretB64, StaffRole};
use crate::identity::PublicIdentity;
use crate::ids::{OrgId, UserId};

/// `POST /api/staff/invites/inspect`: what an invite link is for, before registering.
#[derive(Clone, Serialize, Deserialize)]
pub struct InviteToken {
    pub token: String,
}

impl std::fmt::Debug for InviteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InviteToken")
            .field("token", &Redacted)
            .finish()
    }
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
#[derive(Clone, Serialize, Deserialize)]
pub struct StaffRegister {
    pub token: String,
    pub login_name: String,
    pub login_secret: SecretB64,
    pub identity: PublicIdentity,
    /// The staff wrap blob: KDF parameters, salt and the wrapped identity seed.
    pub wrapped_key: B64,
}

impl std::fmt::Debug for StaffRegister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRegister")
            .field("token", &Redacted)
            .field("login_name", &self.login_name)
            .field("login_secret", &self.login_secret)
            .field("identity", &self.identity)
            .field("wrapped_key", &self.wrapped_key)
            .finish()
    }
}

/// Answer to register: the TOTP secret to enrol (shown as a QR code and as text). The account
/// becomes usable once a first code is confirmed (`POST /api/staff/totp/confirm`, [`TotpCode`]);
/// until then the session cookie only allows that confirmation.
#[derive(Clone, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
}

impl std::fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpEnrolment")
            .field("secret_base32", &Redacted)
            .field("otpauth_uri", &Redacted)
            .finish()
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub struct TotpCode {
    pub code: String,
}

impl std::fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpCode").field("code", &Redacted).finish()
    }
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
#[derive(Clone, Serialize, Deserialize)]
pub struct StaffLogin {
    pub login_name: String,
    pub login_secret: SecretB64,
    pub totp_code: String,
}

impl std::fmt::Debug for StaffLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffLogin")
            .field("login_name", &self.login_name)
            .field("login_secret", &self.login_secret)
            .field("totp_code", &Redacted)
            .finish()
    }
}

/// Who is signed in: answered by login, by TOTP confirmation and by `GET /api/session`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

impl std::fmt::Debug for StaffSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffSession")
            .field("user_id", &self.user_id)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("organisation", &self.organisation)
            .field("identity", &self.identity)
            .field("wrapped_key", &self.wrapped_key)
            .field("csrf_token", &Redacted)
            .field("pledge", &self.pledge)
            .finish()
    }
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

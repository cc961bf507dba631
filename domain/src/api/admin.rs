//! The admin's objects: organisations (with their public keys), programmes, staff invites and
//! pledge texts.

use serde::{Deserialize, Serialize};

use super::{OrgKind, Redacted, StaffRole, SupportKind};
use crate::identity::PublicIdentity;
use crate::ids::{OrgId, ProgrammeId, UserId};

/// `POST /api/admin/organisations`: a name and a kind only. Admins hold no organisation key: the
/// organisation's first member creates its identity in their own browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub kind: OrgKind,
    pub name: String,
    /// `None` until the first member creates it.
    pub identity: Option<PublicIdentity>,
    pub pledge_version: Option<i64>,
}

/// `POST /api/admin/programmes`. The limits are in [`crate::rules::programme`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProgramme {
    pub partner_id: OrgId,
    pub centre_id: OrgId,
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
    pub id: ProgrammeId,
    #[serde(flatten)]
    pub settings: NewProgramme,
}

/// `POST /api/admin/staff-invites`. Admin invites carry no organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewStaffInvite {
    pub role: StaffRole,
    pub organisation_id: Option<OrgId>,
    pub display_name: String,
}

/// A one-time invitation. The token goes in the URL fragment (`/invite#token`), which browsers
/// never send to a server, so it cannot end up in access logs.
#[derive(Clone, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub token: String,
    pub path: String,
    pub expires_at: i64,
}

impl std::fmt::Debug for CreatedInvite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedInvite")
            .field("token", &Redacted)
            .field("path", &Redacted)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// `GET /api/admin/users`: one staff account as the admin's staff screen lists it, and the
/// answer to `POST /api/admin/users/{user_id}/disable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: UserId,
    pub login_name: String,
    pub display_name: String,
    pub role: StaffRole,
    /// `None` for admins.
    pub organisation_id: Option<OrgId>,
    pub created_at: i64,
    /// Set once the account was disabled: it cannot sign in, has no session and holds no
    /// organisation key.
    pub disabled_at: Option<i64>,
}

/// `PUT /api/admin/organisations/{organisation_id}/pledge`: a new version of the pledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PledgeText {
    pub text: String,
}

//! The admin's objects: organisations (with their public keys), programmes, staff invites and
//! pledge texts.

use serde::{Deserialize, Serialize};

use super::{OrgKind, StaffRole, SupportKind};
use crate::identity::PublicIdentity;
use crate::ids::{OrgId, ProgrammeId};

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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub token: String,
    pub path: String,
    pub expires_at: i64,
}

/// `PUT /api/admin/organisations/{organisation_id}/pledge`: a new version of the pledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PledgeText {
    pub text: String,
}

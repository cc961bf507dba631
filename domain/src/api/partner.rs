//! A coordinator's volunteers, their devices, and the incidents that followed.

use serde::{Deserialize, Serialize};

use super::{B64, DeviceState, IncidentKind, PledgeStatus, Redacted};
use crate::identity::PublicIdentity;
use crate::ids::{DeviceId, IncidentId, InvitationId, ProgrammeId, UserId, VolunteerId};

/// `POST /api/partner/volunteer-invites`: by a coordinator, whose browser made the invitation's
/// id and binding secret (`crate::invitation`) and sealed the secret to the partner's identity
/// (kind `Invitation`, [`super::invitation_binding`]). The relay never sees the secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVolunteerInvite {
    pub invitation_id: InvitationId,
    pub sealed_secret: B64,
    pub programme_id: ProgrammeId,
    /// An existing volunteer (a second device) or `None` for a new one.
    pub volunteer_id: Option<VolunteerId>,
    pub display_name: String,
}

/// One-time, 72 hours. `code` is 8 characters for typing; `path` (`/v/enrol#code`) for the QR.
#[derive(Clone, Serialize, Deserialize)]
pub struct VolunteerInvite {
    pub volunteer_id: VolunteerId,
    pub code: String,
    pub path: String,
    pub expires_at: i64,
}

impl std::fmt::Debug for VolunteerInvite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VolunteerInvite")
            .field("volunteer_id", &self.volunteer_id)
            .field("code", &Redacted)
            .field("path", &Redacted)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub id: DeviceId,
    pub identity: PublicIdentity,
    pub state: DeviceState,
    pub enrolled_at: i64,
    pub last_seen_at: Option<i64>,
    /// The partner's signature over [`crate::trust::Statement::Device`]; nothing is sealed to a
    /// phone without one.
    pub certificate: Option<B64>,
    /// How the phone proved it came through its invitation, when it enrolled from the link.
    pub binding: Option<DeviceBinding>,
}

/// What a coordinator's browser needs to certify a phone by itself: the phone's tag, and the
/// invitation's secret as the inviting coordinator sealed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceBinding {
    pub invitation_id: InvitationId,
    pub tag: B64,
    pub sealed_secret: B64,
    pub sealed_by: UserId,
}

/// `POST /api/partner/devices/{device_id}/certify`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceCertification {
    pub certificate: B64,
}

/// `GET /api/partner/volunteers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volunteer {
    pub id: VolunteerId,
    pub display_name: String,
    pub programme_id: ProgrammeId,
    pub active: bool,
    pub pledge: PledgeStatus,
    pub devices: Vec<Device>,
}

/// `POST /api/partner/devices/{device_id}/lost`: opens an incident. The note is free text, so
/// it travels sealed to the partner's identity (kind `IncidentNote`,
/// [`super::incident_note_binding`] of `incident_id`, made in the browser).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LostDeviceReport {
    pub incident_id: IncidentId,
    pub sealed_note: Option<B64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    pub kind: IncidentKind,
    pub device_id: Option<DeviceId>,
    pub volunteer_id: Option<VolunteerId>,
    pub reported_by: UserId,
    pub reported_at: i64,
    pub actions: Vec<String>,
    pub sealed_note: Option<B64>,
}

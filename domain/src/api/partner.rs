//! A coordinator's volunteers, their devices, and the incidents that followed.

use serde::{Deserialize, Serialize};

use super::{DeviceState, IncidentKind, PledgeStatus, Redacted};
use crate::ids::{DeviceId, IncidentId, ProgrammeId, UserId, VolunteerId};

/// `POST /api/partner/volunteer-invites`: by a coordinator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVolunteerInvite {
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
    pub fingerprint: String,
    pub state: DeviceState,
    pub enrolled_at: i64,
    pub last_seen_at: Option<i64>,
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

/// `POST /api/partner/devices/{device_id}/lost`: opens an incident.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LostDeviceReport {
    /// Free text is staff-written and must not name a family; kept short.
    pub note: String,
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
    pub note: String,
}

//! A volunteer's phone: enrolment, unlocking and its status.

use serde::{Deserialize, Serialize};

use super::{B64, PledgeStatus};
use crate::identity::PublicIdentity;
use crate::ids::{DeviceId, OrgId, VolunteerId};
use crate::keys::PublicKey;

/// `POST /api/device/enrol`: the phone made its key pairs and DEK; `pin_proof` is derived from
/// the PIN separately from the KEK (`wrap::device`), so the server can check a PIN without
/// being able to unwrap anything.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceEnrol {
    pub code: String,
    pub public_key: PublicKey,
    pub signing_key: B64,
    pub pin_proof: B64,
    /// From the invitation link: `crate::invitation::binding_tag` over the phone's identity.
    /// `None` when the code was typed (the coordinator then compares a check code).
    pub binding_tag: Option<B64>,
}

/// What a phone needs to work: answered by enrol and unlock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSession {
    pub device_id: DeviceId,
    pub volunteer_id: VolunteerId,
    pub display_name: String,
    /// The server share S, released only for a correct PIN proof.
    pub share: B64,
    pub programme: ProgrammeForDevice,
    pub pledge: PledgeStatus,
    pub csrf_token: String,
    /// The partner's and the centre's identities as the relay lists them. The phone believes
    /// them only if the invitation link vouches for them or a person compared the check code.
    pub partner: OrganisationIdentity,
    pub centre: OrganisationIdentity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationIdentity {
    pub id: OrgId,
    /// `None` until the organisation's first member created it: the phone cannot enrol then.
    pub identity: Option<PublicIdentity>,
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
/// [`super::ErrorCode::DeviceGone`] instead. (A staff session answers [`super::StaffSession`],
/// which has `user_id` where this has `device_id`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceStatus {
    pub device_id: DeviceId,
    pub volunteer_id: VolunteerId,
    pub pledge: PledgeStatus,
    pub csrf_token: String,
}

/// `POST /api/device/unlock`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceUnlock {
    pub device_id: DeviceId,
    pub pin_proof: B64,
}

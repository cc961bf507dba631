//! A volunteer's phone: enrolment, unlocking and its status.

use serde::{Deserialize, Serialize};

use super::{B64, PledgeStatus, Redacted, SecretB64};
use crate::identity::PublicIdentity;
use crate::ids::{DeviceId, OrgId, VolunteerId};
use crate::keys::PublicKey;

/// `POST /api/device/enrol`: the phone made its key pairs and DEK; `pin_proof` is derived from
/// the PIN separately from the KEK (`wrap::device`), so the server can check a PIN without
/// being able to unwrap anything.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceEnrol {
    pub code: String,
    pub public_key: PublicKey,
    pub signing_key: B64,
    pub pin_proof: SecretB64,
    /// From the invitation link: `crate::invitation::binding_tag` over the phone's identity.
    /// `None` when the code was typed (the coordinator then compares a check code).
    pub binding_tag: Option<B64>,
}

impl std::fmt::Debug for DeviceEnrol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceEnrol")
            .field("code", &Redacted)
            .field("public_key", &self.public_key)
            .field("signing_key", &self.signing_key)
            .field("pin_proof", &self.pin_proof)
            .field("binding_tag", &self.binding_tag)
            .finish()
    }
}

/// What a phone needs to work: answered by enrol and unlock.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSession {
    pub device_id: DeviceId,
    pub volunteer_id: VolunteerId,
    pub display_name: String,
    /// The server share S, released only for a correct PIN proof.
    pub share: SecretB64,
    /// Only in the answer to enrolment, once: the random 256-bit credential every unlock of
    /// this device must carry ([`DeviceUnlock::device_credential`]). The relay keeps only its
    /// hash; the phone keeps it next to its device id. Knowing a device id alone is then not
    /// enough to spend the device's ten PIN tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_credential: Option<SecretB64>,
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

impl std::fmt::Debug for DeviceSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSession")
            .field("device_id", &self.device_id)
            .field("volunteer_id", &self.volunteer_id)
            .field("display_name", &self.display_name)
            .field("share", &self.share)
            .field("device_credential", &self.device_credential)
            .field("programme", &self.programme)
            .field("pledge", &self.pledge)
            .field("csrf_token", &Redacted)
            .finish()
    }
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
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceStatus {
    pub device_id: DeviceId,
    pub volunteer_id: VolunteerId,
    pub pledge: PledgeStatus,
    pub csrf_token: String,
}

impl std::fmt::Debug for DeviceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceStatus")
            .field("device_id", &self.device_id)
            .field("volunteer_id", &self.volunteer_id)
            .field("pledge", &self.pledge)
            .field("csrf_token", &Redacted)
            .finish()
    }
}

/// `POST /api/device/unlock`: the PIN proof, and the credential the relay issued at enrolment
/// ([`DeviceSession::device_credential`]). A wrong credential is answered exactly like an
/// unknown device and costs no PIN try.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceUnlock {
    pub device_id: DeviceId,
    pub pin_proof: SecretB64,
    pub device_credential: SecretB64,
}

impl std::fmt::Debug for DeviceUnlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceUnlock")
            .field("device_id", &self.device_id)
            .field("pin_proof", &self.pin_proof)
            .field("device_credential", &self.device_credential)
            .finish()
    }
}

//! Referrals, assignments, briefs, visits and the device ledger: the need-to-know path from a
//! caseworker's form to a volunteer's phone.
//!
//! The relay carries only envelopes and routing metadata (ids, programme, status, times, the
//! schedule of visits). Every envelope names who signed it as a [`Signer`]: the relay fills that
//! in from its directory, and a browser believes it only when the signer's organisation
//! certificate verifies under an organisation key the browser itself trusts.

use serde::{Deserialize, Serialize};

use super::{B64, DeviceState, StaffRole};
use crate::envelope::{ObjectBinding, ObjectKind};
use crate::identity::PublicIdentity;
use crate::ids::{
    AssignmentId, BriefId, DeviceId, OrgId, ProgrammeId, ReferralId, UserId, VisitId, VolunteerId,
};
use crate::schedule::VisitSchedule;

/// Who sealed and signed an envelope, with their organisation's certificate for that key
/// ([`crate::trust::Statement::Member`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub user_id: UserId,
    pub organisation_id: OrgId,
    pub role: StaffRole,
    pub identity: PublicIdentity,
    pub certificate: Option<B64>,
}

impl Signer {
    /// The signer's identity if `organisation` (a key the caller trusts) certified it.
    pub fn certified_by(&self, organisation: &PublicIdentity) -> Option<PublicIdentity> {
        let certificate = self.certificate.as_ref()?;
        crate::trust::Statement::Member {
            organisation: &self.organisation_id,
            user: &self.user_id,
            role: self.role,
            identity: &self.identity,
        }
        .verify(organisation, &certificate.0)
        .ok()
        .map(|()| self.identity)
    }
}

// --- bindings ---------------------------------------------------------------------------------

/// A referral's content, version `version` (each update is a new version).
pub fn referral_binding(referral: &ReferralId, version: u32) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Referral, referral.as_str(), version)
}

/// The partner's reason for declining a referral.
pub fn referral_answer_binding(referral: &ReferralId) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::ReferralAnswer, referral.as_str(), 1)
}

/// A volunteer's matching profile, sealed to the partner.
pub fn profile_binding(volunteer: &VolunteerId, version: u32) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::VolunteerProfile, volunteer.as_str(), version)
}

/// The reasons a coordinator gave for overriding conflicts when assigning.
pub fn assignment_note_binding(assignment: &AssignmentId) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::AssignmentNote, assignment.as_str(), 1)
}

/// One approved version of a brief.
pub fn brief_binding(brief: &BriefId, version: u32) -> ObjectBinding {
    ObjectBinding::new(ObjectKind::Brief, brief.as_str(), version)
}

// --- referrals --------------------------------------------------------------------------------

super::text_enum!(
    ReferralStatus {
        /// Sent, not answered yet.
        Sent => "sent",
        Accepted => "accepted",
        Declined => "declined",
        /// Withdrawn by the centre: every assignment and brief made from it ended.
        Withdrawn => "withdrawn",
    }
);

super::text_enum!(
    /// Whether the family consented to the sharing (the details are sealed inside); a referral
    /// without consent goes only with a written reason, and the relay audits that it did.
    ConsentState {
        Given => "given",
        Overridden => "overridden",
    }
);

/// `POST /api/centre/referrals`: ids and content made in the caseworker's browser; the content
/// is sealed to the centre's and the partner's identities.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewReferral {
    pub id: ReferralId,
    pub programme_id: ProgrammeId,
    pub consent: ConsentState,
    /// Version 1, [`referral_binding`].
    pub sealed: B64,
}

/// `PUT /api/centre/referrals/{referral_id}`: a new version of the content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReferralUpdate {
    pub version: u32,
    pub consent: ConsentState,
    pub sealed: B64,
}

/// `POST /api/partner/referrals/{referral_id}/answer`. A decline carries a reason, sealed to
/// both organisations ([`referral_answer_binding`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReferralAnswer {
    pub accept: bool,
    pub sealed_reason: Option<B64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralReply {
    pub accepted: bool,
    pub sealed_reason: Option<B64>,
    pub signer: Signer,
    pub at: i64,
}

/// A referral as both organisations list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub id: ReferralId,
    pub programme_id: ProgrammeId,
    pub centre_id: OrgId,
    pub partner_id: OrgId,
    pub status: ReferralStatus,
    pub consent: ConsentState,
    pub version: u32,
    pub sealed: B64,
    /// Who sealed this version.
    pub signer: Signer,
    pub created_at: i64,
    pub updated_at: i64,
    pub answer: Option<ReferralReply>,
    pub withdrawn_at: Option<i64>,
}

/// `GET /api/centre/referrals/{referral_id}` and `GET /api/partner/referrals/{referral_id}`:
/// the referral with what was made from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralDetail {
    pub referral: Referral,
    pub assignments: Vec<Assignment>,
    /// Every approved version of every brief made from it, newest first.
    pub briefs: Vec<BriefVersion>,
}

// --- volunteer profiles -----------------------------------------------------------------------

/// `PUT /api/partner/volunteers/{volunteer_id}/profile`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileUpdate {
    pub version: u32,
    pub sealed: B64,
}

/// `GET /api/partner/profiles`: the current profile of each volunteer who has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealedProfile {
    pub volunteer_id: VolunteerId,
    pub version: u32,
    pub sealed: B64,
    pub signer: Signer,
    pub updated_at: i64,
}

// --- assignments and visits -------------------------------------------------------------------

super::text_enum!(
    AssignmentStatus {
        Active => "active",
        /// Ended by the coordinator, by withdrawal, or by passing its end.
        Ended => "ended",
    }
);

/// `POST /api/partner/assignments`: matching an accepted referral to a volunteer. Overriding a
/// conflict needs the reasons, sealed to both organisations ([`assignment_note_binding`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewAssignment {
    pub id: AssignmentId,
    pub referral_id: ReferralId,
    pub volunteer_id: VolunteerId,
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: VisitSchedule,
    pub conflict_override: bool,
    pub sealed_note: Option<B64>,
}

super::text_enum!(
    VisitStatus {
        /// 予定
        Planned => "planned",
        /// 完了
        Done => "done",
        /// 報告済
        Reported => "reported",
        /// 未報告: the time has passed and no report came.
        Unreported => "unreported",
        Cancelled => "cancelled",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub assignment_id: AssignmentId,
    pub at: i64,
    pub minutes: u16,
    pub status: VisitStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: AssignmentId,
    pub referral_id: ReferralId,
    pub volunteer_id: VolunteerId,
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: VisitSchedule,
    pub status: AssignmentStatus,
    pub conflict_override: bool,
    pub sealed_note: Option<B64>,
    pub signer: Signer,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    pub visits: Vec<Visit>,
}

// --- briefs -----------------------------------------------------------------------------------

/// `POST /api/partner/briefs`: approving a version of an assignment's brief. The first approval
/// names a new brief id; later ones reuse it with the next version. The envelope must be sealed
/// to the centre, the partner, and exactly the listed devices: every active phone of the
/// volunteer that the partner certified.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewBrief {
    pub brief_id: BriefId,
    pub assignment_id: AssignmentId,
    pub version: u32,
    pub valid_until: i64,
    pub devices: Vec<DeviceId>,
    pub sealed: B64,
}

super::text_enum!(
    BriefState {
        /// The version phones hold now.
        Current => "current",
        /// A later version was approved.
        Replaced => "replaced",
        Revoked => "revoked",
        /// The assignment ended or its validity passed.
        Expired => "expired",
    }
);

/// One approved version, as staff list it (sealed to both organisations too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefVersion {
    pub brief_id: BriefId,
    pub assignment_id: AssignmentId,
    pub volunteer_id: VolunteerId,
    pub version: u32,
    pub valid_until: i64,
    pub state: BriefState,
    pub signer: Signer,
    pub approved_at: i64,
    /// `None` once the relay deleted the envelope (expired or revoked).
    pub sealed: Option<B64>,
}

// --- the device ledger (持ち出し管理台帳) -----------------------------------------------------

/// One brief version on one device: when it got there, when it was opened, when the phone
/// confirmed it deleted it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub referral_id: ReferralId,
    pub assignment_id: AssignmentId,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    pub device_id: DeviceId,
    pub device_state: DeviceState,
    pub brief_id: BriefId,
    pub version: u32,
    pub brief_state: BriefState,
    pub delivered_at: i64,
    pub first_opened_at: Option<i64>,
    pub last_opened_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

impl LedgerEntry {
    /// Still on a phone that should not hold it any more: a revoked, lost or locked device, or
    /// a version that is no longer current. The ledger makes these stand out.
    pub fn needs_attention(&self) -> bool {
        self.deleted_at.is_none()
            && (self.device_state != DeviceState::Active || self.brief_state != BriefState::Current)
    }
}

// --- the phone --------------------------------------------------------------------------------

super::text_enum!(
    DeviceEventKind {
        /// The volunteer opened the brief on the phone.
        Opened => "opened",
        /// The phone deleted its copy (expired, revoked, replaced or wiped).
        Deleted => "deleted",
    }
);

/// Something the phone did with a brief, recorded offline and uploaded at the next sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceEvent {
    pub kind: DeviceEventKind,
    pub brief_id: BriefId,
    pub version: u32,
    /// The phone's clock.
    pub at: i64,
}

/// `POST /api/device/sync`: the phone's events since its last contact.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeviceSyncRequest {
    pub events: Vec<DeviceEvent>,
}

/// What the phone should hold: its current assignments and, for each, the current brief
/// version to fetch if it has not got it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceAssignment {
    pub id: AssignmentId,
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: VisitSchedule,
    pub visits: Vec<Visit>,
    pub brief: Option<BriefRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefRef {
    pub brief_id: BriefId,
    pub version: u32,
}

/// The answer to a sync: everything not listed here the phone must delete (and confirm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSync {
    pub assignments: Vec<DeviceAssignment>,
    /// The relay's clock, so the phone can notice its own is far off.
    pub now: i64,
}

/// `GET /api/device/briefs/{brief_id}`: the current version, sealed to this phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceBrief {
    pub brief_id: BriefId,
    pub assignment_id: AssignmentId,
    pub version: u32,
    pub valid_until: i64,
    pub sealed: B64,
    pub signer: Signer,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::identity::IdentitySeed;
    use crate::trust::Statement;

    #[test]
    fn a_signer_is_believed_only_with_its_organisations_certificate() {
        let org = IdentitySeed::generate().unwrap().identity().unwrap();
        let other = IdentitySeed::generate().unwrap().identity().unwrap();
        let member = IdentitySeed::generate()
            .unwrap()
            .identity()
            .unwrap()
            .public();
        let organisation_id = OrgId::random().unwrap();
        let user_id = UserId::random().unwrap();
        let certificate = Statement::Member {
            organisation: &organisation_id,
            user: &user_id,
            role: StaffRole::Coordinator,
            identity: &member,
        }
        .certify(&org.signing);
        let mut signer = Signer {
            user_id,
            organisation_id,
            role: StaffRole::Coordinator,
            identity: member,
            certificate: Some(B64(certificate.to_vec())),
        };
        assert_eq!(signer.certified_by(&org.public()), Some(member));
        assert_eq!(signer.certified_by(&other.public()), None);
        signer.role = StaffRole::Caseworker;
        assert_eq!(signer.certified_by(&org.public()), None);
        signer.certificate = None;
        assert_eq!(signer.certified_by(&org.public()), None);
    }

    #[test]
    fn a_ledger_entry_stands_out_while_a_dead_phone_or_old_version_holds_it() {
        let mut entry = LedgerEntry {
            referral_id: ReferralId::random().unwrap(),
            assignment_id: AssignmentId::random().unwrap(),
            volunteer_id: VolunteerId::random().unwrap(),
            volunteer_name: "支援員".into(),
            device_id: DeviceId::random().unwrap(),
            device_state: DeviceState::Active,
            brief_id: BriefId::random().unwrap(),
            version: 1,
            brief_state: BriefState::Current,
            delivered_at: 1,
            first_opened_at: None,
            last_opened_at: None,
            deleted_at: None,
        };
        assert!(!entry.needs_attention());
        entry.device_state = DeviceState::Lost;
        assert!(entry.needs_attention());
        entry.deleted_at = Some(2);
        assert!(!entry.needs_attention());
    }
}

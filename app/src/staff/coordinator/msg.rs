//! The coordinator's texts: volunteers, their phones, invitations, incidents.

use domain::api::{DeviceState, IncidentKind, PledgeStatus};

use crate::i18n::{Phrase, Texts};
use crate::staff::StaffMsg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinatorMsg {
    InviteLinkLabel,
    InviteLinkHint,
    InviteNeedsKeys,
    LostNoteSealed,
    DeviceCode,
    DeviceCertified,
    DeviceCheckHow,
    DeviceCheckConfirm,
    DeviceWaitingProof,
    ActionBriefsDeleted,
    ActionDeviceRevoked,
    ActionMarkedLost,
    ActionSessionsEnded,
    ActionShareDestroyed,
    BackToList,
    Cancel,
    ChooseProgramme,
    CoordinatorDoes,
    CoordinatorTitle,
    CreateVolunteerCode,
    DeviceActive,
    DeviceLocked,
    DeviceLost,
    DeviceRevoked,
    Devices,
    IncidentActions,
    IncidentLeak,
    IncidentLostDevice,
    IncidentUnauthorised,
    InviteAnotherVolunteer,
    InviteVolunteerHint,
    LostExplain,
    LostNote,
    NameLength,
    NoDeviceYet,
    NoIncidents,
    NoVolunteersYet,
    Programme,
    Refresh,
    ReportLost,
    ReportLostYes,
    Revoke,
    RevokeDevice,
    RevokeDeviceConfirm,
    RevokeDeviceYes,
    RevokeYes,
    TabIncidents,
    TabInviteVolunteer,
    TabVolunteers,
    Volunteer,
    VolunteerCodeInstruction,
    VolunteerCodeTitle,
    VolunteerName,
    VolunteerNameHint,
    VolunteerQrLabel,
    VolunteerRevoked,
}

impl Texts for CoordinatorMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use CoordinatorMsg::*;
        match self {
            CoordinatorMsg::InviteLinkLabel => ("招待リンク", "Invitation link"),
            CoordinatorMsg::InviteLinkHint => (
                "QRコードを読み取れない方には、このリンクを本人だけに送ってください。リンクには、この招待専用の秘密が含まれています。",
                "For someone who cannot scan the QR code, send this link to them alone: it carries this invitation's own secret.",
            ),
            CoordinatorMsg::InviteNeedsKeys => (
                "招待を作るには、あなたの組織の鍵と、この支援事業のセンターの鍵の両方が確認済みである必要があります。",
                "To invite, both your organisation's key and this programme's centre's key must be verified first.",
            ),
            CoordinatorMsg::LostNoteSealed => (
                "家庭の名前は書かないでください。メモは組織の鍵で封をしてから送られ、サーバーは読めません。",
                "Do not write a family's name. The note is sealed with your organisation's key before it is sent; the server cannot read it.",
            ),
            CoordinatorMsg::DeviceCode => ("端末の確認コード", "Phone code"),
            CoordinatorMsg::DeviceCertified => ("確認済み", "Verified"),
            CoordinatorMsg::DeviceCheckHow => (
                "招待コードを手入力した端末です。支援員のスマートフォンに表示されている「読み合わせコード」が、次と同じか一緒に確かめてください。",
                "This phone enrolled with a typed code. Check together that the code on the volunteer's phone is exactly this:",
            ),
            CoordinatorMsg::DeviceCheckConfirm => {
                ("同じなので確認済みにする", "Same: mark verified")
            }
            CoordinatorMsg::DeviceWaitingProof => (
                "招待リンクの確認を待っています（この画面を開いたコーディネーターのブラウザが自動で確認します）。",
                "Waiting to verify its invitation (a coordinator's browser does this by itself when this screen is open).",
            ),
            RevokeDeviceYes => ("この端末を停止する", "Revoke this phone now"),
            RevokeDeviceConfirm => (
                "この端末はすぐに使えなくなり、端末の中の記録は読めなくなります。ほかの端末はそのまま使えます。",
                "This phone stops working at once and what it holds can no longer be read. Other phones keep working.",
            ),
            RevokeDevice => ("この端末を停止", "Revoke this phone"),
            Devices => ("端末", "Phones"),
            BackToList => ("支援員の一覧へ", "Back to volunteers"),
            ActionBriefsDeleted => ("預けていた要点を削除しました", "Deleted the briefs it held"),
            ActionDeviceRevoked => ("端末を使えないようにしました", "Revoked the device"),
            ActionMarkedLost => ("端末を「紛失」にしました", "Marked the device as lost"),
            ActionSessionsEnded => (
                "端末のログインをすべて終了しました",
                "Ended all of the device's sessions",
            ),
            ActionShareDestroyed => (
                "端末の鍵の片割れを破棄しました（もう誰も中身を読めません）",
                "Destroyed the device's key share (nothing on it can be read any more)",
            ),
            Cancel => ("やめる", "Cancel"),
            ChooseProgramme => ("支援事業を選んでください。", "Please choose the programme."),
            CoordinatorDoes => (
                "支援員の招待と誓約書の確認、家庭とのマッチング、支援員ごとに共有する情報の承認、訪問報告の状況確認を行います。",
                "Invite volunteers and check their pledges, match them with families, approve what each volunteer may see, and follow report status.",
            ),
            CoordinatorTitle => ("コーディネーター", "Coordinator"),
            CreateVolunteerCode => ("招待コードを発行する", "Issue invitation code"),
            DeviceActive => ("利用中", "Active"),
            DeviceLocked => ("ロック", "Locked"),
            DeviceLost => ("紛失", "Lost"),
            DeviceRevoked => ("失効", "Revoked"),
            IncidentActions => ("行った対応", "What was done"),
            IncidentLeak => ("情報漏えいの疑い", "Suspected leak"),
            IncidentLostDevice => ("端末の紛失", "Lost device"),
            IncidentUnauthorised => ("不正アクセス", "Unauthorised access"),
            InviteAnotherVolunteer => ("続けて別の支援員を招待する", "Invite another volunteer"),
            InviteVolunteerHint => (
                "コードは72時間、一度だけ使えます。支援員の端末で入力するか、QRコードを読み取ってもらいます。",
                "The code works once, for 72 hours. The volunteer types it or scans the QR code on their phone.",
            ),
            LostExplain => (
                "報告すると、この端末はすぐに使えなくなり、端末の中の記録は読めなくなります。元には戻せません。",
                "Once reported, this phone stops working at once and what it holds can no longer be read. This cannot be undone.",
            ),
            LostNote => ("状況のメモ（任意）", "What happened (optional)"),
            NameLength => (
                "名前は1〜100文字で入力してください。",
                "Please enter a name of 1 to 100 characters.",
            ),
            NoDeviceYet => (
                "まだ端末が登録されていません（招待コードの入力待ち）。",
                "No phone enrolled yet (waiting for the invitation code).",
            ),
            NoIncidents => ("事故の報告はありません。", "No incidents reported."),
            NoVolunteersYet => (
                "まだ支援員がいません。「支援員を招待」から始めてください。",
                "No volunteers yet. Start with “Invite a volunteer”.",
            ),
            Programme => ("支援事業", "Programme"),
            Refresh => ("最新の状態にする", "Refresh"),
            ReportLost => ("紛失を報告", "Report lost"),
            ReportLostYes => ("紛失を報告する", "Report as lost"),
            Revoke => ("利用停止", "Revoke"),
            RevokeYes => ("利用を停止する", "Revoke now"),
            TabIncidents => ("事故報告", "Incidents"),
            TabInviteVolunteer => ("支援員を招待", "Invite a volunteer"),
            TabVolunteers => ("支援員", "Volunteers"),
            Volunteer => ("支援員", "Volunteer"),
            VolunteerCodeInstruction => (
                "支援員に、寄り添いを開いて「支援員」からこのコードを入力するか、QRコードを読み取ってもらってください。",
                "Ask the volunteer to open Yorisoi, choose “Volunteer” and type this code, or scan the QR code.",
            ),
            VolunteerCodeTitle => ("招待コード", "Invitation code"),
            VolunteerName => ("支援員のお名前", "Volunteer's name"),
            VolunteerNameHint => (
                "支援団体の中で見分けられる呼び名で構いません。",
                "Any name that tells them apart within your organisation.",
            ),
            VolunteerQrLabel => (
                "支援員の登録用QRコード",
                "QR code for the volunteer to enrol",
            ),
            VolunteerRevoked => ("利用停止", "Revoked"),
        }
    }
}

pub fn pledge_badge(p: &PledgeStatus) -> (StaffMsg, &'static str) {
    match p {
        PledgeStatus::Accepted { .. } => (StaffMsg::PledgeSigned, "badge"),
        PledgeStatus::Required { .. } => (StaffMsg::PledgeUnsigned, "badge badge-warn"),
        PledgeStatus::NoPledge => (StaffMsg::PledgeNone, "badge badge-warn"),
    }
}

pub fn device_badge(s: DeviceState) -> (CoordinatorMsg, &'static str) {
    match s {
        DeviceState::Active => (CoordinatorMsg::DeviceActive, "badge"),
        DeviceState::Locked => (CoordinatorMsg::DeviceLocked, "badge badge-warn"),
        DeviceState::Revoked => (CoordinatorMsg::DeviceRevoked, "badge badge-danger"),
        DeviceState::Lost => (CoordinatorMsg::DeviceLost, "badge badge-danger"),
    }
}

pub fn incident_kind_msg(kind: IncidentKind) -> CoordinatorMsg {
    match kind {
        IncidentKind::LostDevice => CoordinatorMsg::IncidentLostDevice,
        IncidentKind::Leak => CoordinatorMsg::IncidentLeak,
        IncidentKind::UnauthorisedAccess => CoordinatorMsg::IncidentUnauthorised,
    }
}

/// What the relay did after an incident, in words; `None` for a code this build does not know
/// (shown as it is).
pub fn action_msg(code: &str) -> Option<CoordinatorMsg> {
    match code {
        "share_destroyed" | "destroy_share" => Some(CoordinatorMsg::ActionShareDestroyed),
        "sessions_ended" | "end_sessions" => Some(CoordinatorMsg::ActionSessionsEnded),
        "briefs_deleted" | "delete_briefs" => Some(CoordinatorMsg::ActionBriefsDeleted),
        "device_marked_lost" | "mark_lost" => Some(CoordinatorMsg::ActionMarkedLost),
        "device_revoked" => Some(CoordinatorMsg::ActionDeviceRevoked),
        _ => None,
    }
}

/// The coordinator's texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoordinatorPhrase {
    /// Before revoking a volunteer: who, and what follows.
    RevokeConfirm { name: String },
    /// A phone's enrolment and last contact (formatted times).
    DeviceDates {
        enrolled: String,
        last_seen: Option<String>,
    },
    /// How many phones a volunteer has enrolled.
    DeviceCount { n: usize },
}

impl Phrase for CoordinatorPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            CoordinatorPhrase::RevokeConfirm { name } => (
                format!(
                    "{name} さんの利用を停止します。すべての端末がすぐに使えなくなり、端末の中の記録は読めなくなります。"
                ),
                format!(
                    "{name} will be revoked. Every phone of theirs stops working at once and what it holds can no longer be read."
                ),
            ),
            CoordinatorPhrase::DeviceDates {
                enrolled,
                last_seen: Some(seen),
            } => (
                format!("登録 {enrolled} · 最終接続 {seen}"),
                format!("Enrolled {enrolled} · last seen {seen}"),
            ),
            CoordinatorPhrase::DeviceDates {
                enrolled,
                last_seen: None,
            } => (format!("登録 {enrolled}"), format!("Enrolled {enrolled}")),
            CoordinatorPhrase::DeviceCount { n } => (
                format!("端末 {n}台"),
                if *n == 1 {
                    "1 phone".to_owned()
                } else {
                    format!("{n} phones")
                },
            ),
        }
    }
}

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

/// The coordinator's texts for referrals, matching, briefs, profiles and the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMsg {
    TabReferrals,
    TabLedger,
    ReferralsTitle,
    NoReferrals,
    StatusSent,
    StatusAccepted,
    StatusDeclined,
    StatusWithdrawn,
    Received,
    UnnamedReferral,
    NeedsOrgKey,
    NeedsBothKeys,
    BackToReferrals,
    Area,
    CaseReference,
    Consent,
    ConsentGiven,
    ConsentOverridden,
    ConsentMethodInPerson,
    ConsentMethodWritten,
    ConsentMethodPhone,
    Empty,
    Accept,
    Decline,
    DeclineReason,
    DeclineReasonHint,
    DeclineYes,
    AnswerTitle,
    DeclinedBecause,
    WithdrawnNote,
    MatchingTitle,
    MatchingHint,
    NoCandidates,
    NoConflict,
    NoProfile,
    ChooseCandidate,
    Chosen,
    OverrideReasonLabel,
    OverrideReasonHint,
    AssignTitle,
    AssignFrom,
    AssignUntil,
    AssignKind,
    AssignOnce,
    AssignWeekly,
    AssignDate,
    AssignWeekday,
    AssignTime,
    AssignMinutes,
    AssignSubmit,
    VisitsPreview,
    VisitsCreated,
    AssignmentsTitle,
    NoAssignments,
    AssignmentActive,
    AssignmentEnded,
    EndAssignment,
    EndAssignmentConfirm,
    EndAssignmentYes,
    ComposeBrief,
    ConflictOverridden,
    BriefTitle,
    BriefFieldsTitle,
    BriefFieldsHint,
    BriefInstructions,
    BriefInstructionsHint,
    BriefCautions,
    BriefDoNotMention,
    BriefCoordinatorPhone,
    BriefPreview,
    BriefPreviewHint,
    BriefApprove,
    BriefNoDevice,
    BriefApproved,
    BriefVersions,
    BriefNoVersions,
    BriefStateCurrent,
    BriefStateReplaced,
    BriefStateRevoked,
    BriefStateExpired,
    BriefRevoke,
    BriefRevokeConfirm,
    BriefRevokeYes,
    BriefEnded,
    BackToReferral,
    PreviewToday,
    PreviewAllergies,
    PreviewCautions,
    PreviewDoNotMention,
    PreviewContacts,
    PreviewCentre,
    PreviewCoordinator,
    PreviewValidUntil,
    PreviewVisits,
    ProfileTitle,
    ProfileSealedHint,
    ProfileNone,
    ProfileHomeArea,
    ProfileHomeAreaHint,
    ProfileChildren,
    ProfileChildAge,
    ProfileChildSchool,
    ProfileAvailability,
    ProfileWeekday,
    ProfileStart,
    ProfileEnd,
    ProfileSkills,
    ProfileLanguages,
    ProfileAcquaintances,
    ProfileAcquaintance,
    ProfileNotes,
    ProfileSave,
    ProfileSaved,
    AddRow,
    RemoveRow,
    LedgerTitle,
    LedgerHint,
    LedgerEmpty,
    LedgerByFamily,
    LedgerByVolunteer,
    LedgerDevice,
    LedgerVersion,
    LedgerDelivered,
    LedgerFirstOpened,
    LedgerLastOpened,
    LedgerDeleted,
    LedgerStillHeld,
    LedgerDeadDevice,
    LedgerOldVersion,
    LedgerFamily,
    LedgerVolunteer,
}

impl Texts for CaseMsg {
    #[allow(clippy::too_many_lines)]
    fn texts(self) -> (&'static str, &'static str) {
        use CaseMsg::*;
        match self {
            TabReferrals => ("依頼", "Referrals"),
            TabLedger => ("台帳", "Ledger"),
            ReferralsTitle => ("センターからの依頼", "Referrals from the centre"),
            NoReferrals => ("まだ依頼は届いていません。", "No referrals yet."),
            StatusSent => ("新着", "New"),
            StatusAccepted => ("受諾", "Accepted"),
            StatusDeclined => ("辞退", "Declined"),
            StatusWithdrawn => ("取り下げ", "Withdrawn"),
            Received => ("受信", "Received"),
            UnnamedReferral => ("（内容を開けません）", "(cannot be opened)"),
            NeedsOrgKey => (
                "依頼を読むには、まず「チームと鍵」で組織の鍵を確認してください。",
                "To read referrals, first verify your organisation's key under “Team and keys”.",
            ),
            NeedsBothKeys => (
                "センターの鍵がまだ確認されていません。「チームと鍵」でセンターの確認コードを照合してください。",
                "The centre's key is not verified yet. Compare the centre's code under “Team and keys”.",
            ),
            BackToReferrals => ("依頼の一覧へ", "Back to referrals"),
            Area => ("地域（町丁目・郵便番号）", "Area (district or postal code)"),
            CaseReference => ("センターの管理番号", "Centre's case reference"),
            Consent => ("家庭の同意", "The family's consent"),
            ConsentGiven => ("同意あり", "Consent given"),
            ConsentOverridden => (
                "同意なし（理由を記録して送付）",
                "No consent (sent with a recorded reason)",
            ),
            ConsentMethodInPerson => ("対面で", "in person"),
            ConsentMethodWritten => ("書面で", "in writing"),
            ConsentMethodPhone => ("電話で", "by phone"),
            Empty => ("（記入なし）", "(none)"),
            Accept => ("受ける", "Accept"),
            Decline => ("辞退する", "Decline"),
            DeclineReason => ("辞退の理由", "Reason for declining"),
            DeclineReasonHint => (
                "センターの担当者に伝わります。理由は両方の組織だけが読めるよう封をして送られます。",
                "The centre's caseworker will read it. It is sealed so only both organisations can read it.",
            ),
            DeclineYes => ("辞退を送る", "Send the decline"),
            AnswerTitle => ("この依頼への返事", "Your answer"),
            DeclinedBecause => ("辞退の理由", "Declined because"),
            WithdrawnNote => (
                "センターがこの依頼を取り下げました。割り当てと共有情報はすべて終了しています。",
                "The centre withdrew this referral. Every assignment and brief made from it has ended.",
            ),
            MatchingTitle => ("支援員のマッチング", "Matching a volunteer"),
            MatchingHint => (
                "この支援事業の支援員です。重なりの確認はこのブラウザの中だけで行われます。",
                "The volunteers of this programme. The checks run in this browser only.",
            ),
            NoCandidates => (
                "この支援事業で活動中の支援員がいません。",
                "No active volunteer in this programme.",
            ),
            NoConflict => ("重なりなし", "No conflict"),
            NoProfile => (
                "プロフィール未登録（確認できません）",
                "No profile (cannot be checked)",
            ),
            ChooseCandidate => ("この支援員を選ぶ", "Choose this volunteer"),
            Chosen => ("選択中", "Chosen"),
            OverrideReasonLabel => (
                "重なりがあっても依頼する理由",
                "Why to assign despite the conflict",
            ),
            OverrideReasonHint => (
                "必須です。両方の組織だけが読めるよう封をして記録され、監査記録にも残ります。",
                "Required. Sealed so only both organisations can read it, and audited.",
            ),
            AssignTitle => ("訪問の予定", "Visit schedule"),
            AssignFrom => ("開始日", "From"),
            AssignUntil => ("終了日（この日まで有効）", "Until (valid through this day)"),
            AssignKind => ("訪問の頻度", "How often"),
            AssignOnce => ("1回だけ", "Once"),
            AssignWeekly => ("毎週", "Weekly"),
            AssignDate => ("訪問日", "Visit date"),
            AssignWeekday => ("曜日", "Weekday"),
            AssignTime => ("開始時刻", "Start time"),
            AssignMinutes => ("訪問時間（分）", "Length (minutes)"),
            AssignSubmit => ("この支援員に依頼する", "Assign this volunteer"),
            VisitsPreview => ("訪問日（日本時間）", "Visits (Japan time)"),
            VisitsCreated => (
                "割り当てを作成しました。訪問日:",
                "Assignment created. Visits:",
            ),
            AssignmentsTitle => ("割り当て", "Assignments"),
            NoAssignments => ("まだ割り当てはありません。", "No assignment yet."),
            AssignmentActive => ("実施中", "Active"),
            AssignmentEnded => ("終了", "Ended"),
            EndAssignment => ("割り当てを終了", "End the assignment"),
            EndAssignmentConfirm => (
                "終了すると、共有情報は中継サーバーから削除され、支援員の端末からも次の接続時に消えます。",
                "Once ended, its briefs are deleted from the relay, and from the volunteer's phone at its next contact.",
            ),
            EndAssignmentYes => ("終了する", "End it now"),
            ComposeBrief => ("共有情報を作る・見る", "Compose or view the brief"),
            ConflictOverridden => ("重なりを確認のうえ依頼", "Assigned despite a conflict"),
            BriefTitle => ("支援員への共有情報", "The volunteer's brief"),
            BriefFieldsTitle => ("共有する項目", "Fields to share"),
            BriefFieldsHint => (
                "支援員に必要な項目だけを選んでください。最初は、この支援事業で実務上必要な項目だけが選ばれています。",
                "Choose only what the volunteer needs. At first only what this programme marks as practical is chosen.",
            ),
            BriefInstructions => ("今日やること", "What to do"),
            BriefInstructionsHint => (
                "支援員への具体的な指示を書いてください。",
                "Concrete instructions for the volunteer.",
            ),
            BriefCautions => ("注意", "Cautions"),
            BriefDoNotMention => ("話題にしないこと", "Do not mention"),
            BriefCoordinatorPhone => (
                "コーディネーターの連絡先電話番号",
                "Coordinator's phone number",
            ),
            BriefPreview => ("支援員の端末での表示", "What the phone will show"),
            BriefPreviewHint => (
                "承認すると、この内容だけが支援員の確認済み端末に届きます。",
                "On approval, exactly this reaches the volunteer's verified phones.",
            ),
            BriefApprove => ("承認して端末に送る", "Approve and send to the phone"),
            BriefNoDevice => (
                "この支援員には確認済みの端末がないため、承認できません。支援員の画面で端末を確認してから、もう一度開いてください。",
                "This volunteer has no verified phone, so the brief cannot be approved. Verify a phone on the volunteer's screen first.",
            ),
            BriefApproved => ("承認しました。", "Approved."),
            BriefVersions => ("これまでの版", "Versions"),
            BriefNoVersions => ("まだ承認された版はありません。", "No approved version yet."),
            BriefStateCurrent => ("配信中", "Current"),
            BriefStateReplaced => ("差し替え済み", "Replaced"),
            BriefStateRevoked => ("取り消し", "Revoked"),
            BriefStateExpired => ("期限切れ", "Expired"),
            BriefRevoke => ("共有を取り消す", "Revoke the brief"),
            BriefRevokeConfirm => (
                "取り消すと、中継サーバーから削除され、支援員の端末からも次の接続時に消えます。",
                "Once revoked, it is deleted from the relay and from the phone at its next contact.",
            ),
            BriefRevokeYes => ("取り消す", "Revoke now"),
            BriefEnded => (
                "この割り当ては終了しているため、新しい版は作れません。",
                "This assignment has ended: no new version can be made.",
            ),
            BackToReferral => ("依頼に戻る", "Back to the referral"),
            PreviewToday => ("今日やること", "Today"),
            PreviewAllergies => ("アレルギー", "Allergies"),
            PreviewCautions => ("注意", "Cautions"),
            PreviewDoNotMention => ("話題にしないこと", "Do not mention"),
            PreviewContacts => ("連絡先", "Contacts"),
            PreviewCentre => ("センター", "Centre"),
            PreviewCoordinator => ("コーディネーター", "Coordinator"),
            PreviewValidUntil => ("表示期限", "Shown until"),
            PreviewVisits => ("訪問", "Visits"),
            ProfileTitle => ("プロフィール（マッチング用）", "Profile (for matching)"),
            ProfileSealedHint => (
                "支援団体の鍵で封をして保存され、コーディネーターだけが読めます。",
                "Sealed with your organisation's key: only coordinators can read it.",
            ),
            ProfileNone => (
                "まだプロフィールがありません。マッチングで重なりを確認するために登録してください。",
                "No profile yet. Add one so matching can check for conflicts.",
            ),
            ProfileHomeArea => ("住んでいる地域", "Home area"),
            ProfileHomeAreaHint => (
                "町丁目か郵便番号（例: さくら町1丁目、123-4567）",
                "District or postal code (e.g. さくら町1丁目, 123-4567)",
            ),
            ProfileChildren => ("自分の子ども", "Own children"),
            ProfileChildAge => ("年齢", "Age"),
            ProfileChildSchool => ("学校・園", "School"),
            ProfileAvailability => ("活動できる時間", "Availability"),
            ProfileWeekday => ("曜日", "Weekday"),
            ProfileStart => ("開始", "From"),
            ProfileEnd => ("終了", "Until"),
            ProfileSkills => ("できること", "Skills"),
            ProfileLanguages => ("話せる言語", "Languages"),
            ProfileAcquaintances => ("知り合い（申告）", "Declared acquaintances"),
            ProfileAcquaintance => ("名前", "Name"),
            ProfileNotes => ("メモ", "Notes"),
            ProfileSave => ("プロフィールを保存", "Save the profile"),
            ProfileSaved => ("保存しました。", "Saved."),
            AddRow => ("行を追加", "Add a row"),
            RemoveRow => ("この行を削除", "Remove this row"),
            LedgerTitle => ("持ち出し管理台帳", "Device ledger"),
            LedgerHint => (
                "共有情報がどの端末に届き、いつ開かれ、いつ削除が確認されたかの記録です。寄り添いが自動で記録します。",
                "Which phones received a brief, when it was opened, and when its deletion was confirmed. Yorisoi keeps it by itself.",
            ),
            LedgerEmpty => (
                "まだ端末に届いた共有情報はありません。",
                "No brief has reached a phone yet.",
            ),
            LedgerByFamily => ("家庭ごと", "By family"),
            LedgerByVolunteer => ("支援員ごと", "By volunteer"),
            LedgerDevice => ("端末", "Phone"),
            LedgerVersion => ("版", "Version"),
            LedgerDelivered => ("配信", "Delivered"),
            LedgerFirstOpened => ("初回閲覧", "First opened"),
            LedgerLastOpened => ("最終閲覧", "Last opened"),
            LedgerDeleted => ("削除確認", "Deletion confirmed"),
            LedgerStillHeld => ("端末に保持中", "Held on the phone"),
            LedgerDeadDevice => (
                "失効端末にまだ残っています",
                "Still on a revoked or lost phone",
            ),
            LedgerOldVersion => (
                "取り消し・差し替え済みの版がまだ端末に残っています",
                "A revoked or replaced version is still on the phone",
            ),
            LedgerFamily => ("家庭", "Family"),
            LedgerVolunteer => ("支援員", "Volunteer"),
        }
    }
}

/// A referral field's label (日本語, English), as on the caseworker's form and the phone.
pub fn field_label(field: domain::content::referral::Field) -> (&'static str, &'static str) {
    use domain::content::referral::Field;
    match field {
        Field::Called => ("呼び名", "Name to use"),
        Field::Address => ("住所", "Address"),
        Field::AccessNotes => ("訪問時の入り方（玄関・駐車・インターホン）", "Access notes"),
        Field::Household => ("世帯の構成", "Household"),
        Field::Allergies => ("アレルギー", "Allergies"),
        Field::Diet => ("食事の配慮", "Diet"),
        Field::Languages => ("言語", "Languages"),
        Field::Pets => ("ペット", "Pets"),
        Field::Support => ("支援の内容", "Support"),
        Field::Goals => ("支援の目標", "Goals"),
        Field::ScheduleWishes => ("希望の曜日・時間", "Schedule wishes"),
        Field::Cautions => ("訪問者への注意", "Cautions for visitors"),
        Field::DoNotMention => ("話題にしないこと", "Do not mention"),
    }
}

pub fn conflict_label(
    conflict: domain::content::conflicts::Conflict,
) -> (&'static str, &'static str) {
    use domain::content::conflicts::Conflict;
    match conflict {
        Conflict::SameArea => ("同じ地域", "Same area"),
        Conflict::SameAgeBand => ("子どもが同じ年齢層", "Child of the same age band"),
        Conflict::SameSchool => ("子どもが同じ学校", "Child at the same school"),
        Conflict::Acquaintance => ("知り合いの可能性", "Possible acquaintance"),
        Conflict::NotAvailable => (
            "希望の時間に活動できない",
            "Not available at the wished times",
        ),
    }
}

pub fn conflict_key(conflict: domain::content::conflicts::Conflict) -> &'static str {
    use domain::content::conflicts::Conflict;
    match conflict {
        Conflict::SameArea => "same_area",
        Conflict::SameAgeBand => "same_age_band",
        Conflict::SameSchool => "same_school",
        Conflict::Acquaintance => "acquaintance",
        Conflict::NotAvailable => "not_available",
    }
}

pub fn status_badge(status: domain::api::ReferralStatus) -> (CaseMsg, &'static str) {
    use domain::api::ReferralStatus;
    match status {
        ReferralStatus::Sent => (CaseMsg::StatusSent, "badge badge-warn"),
        ReferralStatus::Accepted => (CaseMsg::StatusAccepted, "badge"),
        ReferralStatus::Declined => (CaseMsg::StatusDeclined, "badge badge-danger"),
        ReferralStatus::Withdrawn => (CaseMsg::StatusWithdrawn, "badge badge-danger"),
    }
}

pub fn brief_badge(state: domain::api::BriefState) -> (CaseMsg, &'static str) {
    use domain::api::BriefState;
    match state {
        BriefState::Current => (CaseMsg::BriefStateCurrent, "badge"),
        BriefState::Replaced => (CaseMsg::BriefStateReplaced, "badge badge-warn"),
        BriefState::Revoked => (CaseMsg::BriefStateRevoked, "badge badge-danger"),
        BriefState::Expired => (CaseMsg::BriefStateExpired, "badge badge-warn"),
    }
}

/// The case screens' texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CasePhrase {
    /// How many verified phones an approval is sealed to.
    SealedToPhones { n: usize },
}

impl Phrase for CasePhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            CasePhrase::SealedToPhones { n } => (
                format!("確認済みの端末 {n}台と、センター・支援団体の鍵に封をして送ります。"),
                if *n == 1 {
                    "Sealed to 1 verified phone and to both organisations' keys.".to_owned()
                } else {
                    format!("Sealed to {n} verified phones and to both organisations' keys.")
                },
            ),
        }
    }
}

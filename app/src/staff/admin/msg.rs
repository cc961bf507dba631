//! The admin's texts: organisations, programmes, staff invitations, pledges, staff accounts.

use domain::api::{OrgKind, SupportKind};

use crate::i18n::{Phrase, Texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminMsg {
    AdminDoes,
    AdminTitle,
    Cancel,
    Centre,
    ChooseKind,
    ChooseOrganisation,
    ChoosePartnerCentre,
    ChooseRole,
    ChooseSupportKind,
    CoordinatorReads,
    CoordinatorReadsShort,
    Copied,
    CopyFailed,
    CopyLink,
    CreateInvite,
    CreateOrganisation,
    CreateProgramme,
    Disable,
    DisableYes,
    DisplayNameHint,
    EmergencyPhone,
    EmergencyPhoneHint,
    IdleMinutes,
    IdleRange,
    InviteAnother,
    InviteHandOver,
    InviteQrLabel,
    InviteReady,
    OrgCode,
    OrgCodeNotYet,
    KindCentre,
    KindPartner,
    NameLength,
    NewInvite,
    NewInviteHint,
    NewOrganisation,
    NewOrganisationHint,
    NewProgramme,
    NoOrganisationsYet,
    NoProgrammesYet,
    NoStaffYet,
    OfflineHours,
    OfflineHoursHint,
    OfflineRange,
    OrgKind,
    OrgName,
    Partner,
    PhoneFormat,
    PledgeEditorHint,
    PledgeEditorTitle,
    PledgeLength,
    PledgeNoneYet,
    PledgeText,
    PledgeTextHint,
    ProgrammeName,
    RetentionDays,
    RetentionRange,
    RoleCaseworkerAtCentre,
    RoleCoordinatorAtPartner,
    SavePledge,
    StaffActive,
    StaffDisabled,
    StaffHint,
    StaffYou,
    SupportChildcare,
    SupportKind,
    SupportLunchbox,
    SupportMeal,
    TabInvites,
    TabOrganisations,
    TabPledges,
    TabProgrammes,
    TabStaff,
}

impl Texts for AdminMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use AdminMsg::*;
        match self {
            AdminDoes => (
                "組織（センターと支援団体）、支援事業、スタッフのアカウント、誓約書を設定します。",
                "Set up organisations (centres and partners), programmes, staff accounts and pledges.",
            ),
            AdminTitle => ("管理者", "Administrator"),
            Cancel => ("やめる", "Cancel"),
            Centre => ("センター（依頼元）", "Centre (refers families)"),
            ChooseKind => ("種類を選んでください。", "Please choose the kind."),
            ChooseOrganisation => ("組織を選んでください。", "Please choose the organisation."),
            ChoosePartnerCentre => (
                "支援団体とセンターを選んでください。",
                "Please choose the partner and the centre.",
            ),
            ChooseRole => ("役割を選んでください。", "Please choose the role."),
            ChooseSupportKind => (
                "支援の種類を選んでください。",
                "Please choose the kind of support.",
            ),
            CoordinatorReads => (
                "支援団体のコーディネーターも訪問報告を読める",
                "The partner's coordinator may also read visit reports",
            ),
            CoordinatorReadsShort => ("コーディネーターも報告を閲覧", "Coordinator reads reports"),
            Copied => ("コピーしました。", "Copied."),
            CopyFailed => (
                "コピーできませんでした。上のリンクを選択してコピーしてください。",
                "Could not copy. Please select the link above and copy it.",
            ),
            CopyLink => ("リンクをコピー", "Copy link"),
            CreateInvite => ("招待リンクを作る", "Create invitation link"),
            CreateOrganisation => ("組織を作成する", "Create organisation"),
            CreateProgramme => ("支援事業を作成する", "Create programme"),
            Disable => ("アカウントを無効にする", "Disable the account"),
            DisableYes => ("無効にする", "Disable"),
            DisplayNameHint => (
                "招待する人の名前です。アカウントの表示に使います。",
                "The invitee's name, shown on their account.",
            ),
            EmergencyPhone => ("緊急連絡先の電話番号", "Emergency phone number"),
            EmergencyPhoneHint => (
                "支援員が訪問先から一度のタップで電話できる番号です。",
                "Volunteers can call this number with one tap during a visit.",
            ),
            IdleMinutes => ("自動ロックまでの時間（分）", "Idle lock (minutes)"),
            IdleRange => (
                "自動ロックは1〜30分で入力してください。",
                "Idle lock must be 1 to 30 minutes.",
            ),
            InviteAnother => ("続けて別の人を招待する", "Invite someone else"),
            InviteHandOver => (
                "このリンクは一度だけ使えます。本人に直接、または組織の連絡手段で渡してください。",
                "This link works once. Give it to the person directly or through your organisation's own channels.",
            ),
            InviteQrLabel => ("招待リンクのQRコード", "QR code of the invitation link"),
            InviteReady => ("招待リンクができました", "The invitation link is ready"),
            OrgCode => ("組織の確認コード", "Organisation code"),
            OrgCodeNotYet => (
                "未作成（最初のメンバーが作成します）",
                "Not yet (made by its first member)",
            ),
            KindCentre => ("センター", "Centre"),
            KindPartner => ("支援団体", "Partner"),
            NameLength => (
                "名前は1〜100文字で入力してください。",
                "Please enter a name of 1 to 100 characters.",
            ),
            NewInvite => ("スタッフを招待する", "Invite a staff member"),
            NoStaffYet => (
                "スタッフはまだいません。「スタッフ招待」から招待してください。",
                "No staff yet. Invite someone under \"Staff invitations\".",
            ),
            NewInviteHint => (
                "ケースワーカーはセンターに、コーディネーターは支援団体に所属します。",
                "Caseworkers belong to a centre, coordinators to a partner.",
            ),
            NewOrganisation => ("組織を追加する", "Add an organisation"),
            NewOrganisationHint => (
                "組織の鍵は、管理者ではなく、その組織の最初のメンバーが自分のブラウザで作ります。管理者は鍵を持ちません。",
                "The organisation's key is made by its first member in their own browser, not by an administrator. Administrators hold no keys.",
            ),
            NewProgramme => ("支援事業を追加する", "Add a programme"),
            NoOrganisationsYet => (
                "まだ組織がありません。下のフォームから追加してください。",
                "No organisations yet. Add one with the form below.",
            ),
            NoProgrammesYet => ("まだ支援事業がありません。", "No programmes yet."),
            OfflineHours => ("オフラインで開ける時間（時間）", "Offline window (hours)"),
            OfflineHoursHint => (
                "0 なら、毎回オンラインでの確認が必要です。",
                "0 means every unlock needs a connection.",
            ),
            OfflineRange => (
                "オフラインで開ける時間は0〜12時間で入力してください。",
                "The offline window must be 0 to 12 hours.",
            ),
            OrgKind => ("種類", "Kind"),
            OrgName => ("組織の名前", "Organisation name"),
            Partner => ("支援団体", "Partner"),
            PhoneFormat => (
                "電話番号は半角の数字とハイフンで入力してください。",
                "Please enter the phone number with digits and hyphens.",
            ),
            PledgeEditorHint => (
                "保存すると新しい版になり、組織の全員にもう一度署名をお願いします。",
                "Saving makes a new version; everyone in the organisation is asked to sign again.",
            ),
            PledgeEditorTitle => ("誓約書の文面", "Pledge text"),
            PledgeLength => (
                "誓約書の文面を入力してください（20,000文字まで）。",
                "Please enter the pledge text (up to 20,000 characters).",
            ),
            PledgeNoneYet => ("まだありません", "None yet"),
            PledgeText => ("文面", "Text"),
            PledgeTextHint => (
                "段落の間は空行で区切ります。",
                "Separate paragraphs with an empty line.",
            ),
            ProgrammeName => ("支援事業の名前", "Programme name"),
            RetentionDays => ("報告の保存期間（日）", "Report retention (days)"),
            RetentionRange => (
                "保存期間は1〜3650日で入力してください。",
                "Retention must be 1 to 3650 days.",
            ),
            RoleCaseworkerAtCentre => ("ケースワーカー（センター）", "Caseworker (centre)"),
            RoleCoordinatorAtPartner => ("コーディネーター（支援団体）", "Coordinator (partner)"),
            SavePledge => ("新しい版として保存する", "Save as a new version"),
            SupportChildcare => (
                "子どもと家庭のおとなりさん（育児・家事）",
                "Childcare and housework",
            ),
            SupportKind => ("支援の種類", "Kind of support"),
            SupportLunchbox => ("見守り弁当（お弁当の配達）", "Lunch-box delivery"),
            SupportMeal => ("おうち食堂（食事づくり）", "Home cooking"),
            StaffActive => ("有効", "Active"),
            StaffDisabled => ("無効", "Disabled"),
            StaffHint => (
                "退職や異動でアカウントを使わなくなった人は、ここで無効にしてください。すぐにログインできなくなり、組織の鍵も削除されます。",
                "When someone leaves or changes role, disable their account here. They are signed out at once and lose the organisation's key.",
            ),
            StaffYou => ("あなた", "You"),
            TabInvites => ("スタッフ招待", "Staff invitations"),
            TabOrganisations => ("組織", "Organisations"),
            TabPledges => ("誓約書", "Pledges"),
            TabProgrammes => ("支援事業", "Programmes"),
            TabStaff => ("スタッフ", "Staff"),
        }
    }
}

pub fn org_kind_msg(kind: OrgKind) -> AdminMsg {
    match kind {
        OrgKind::Centre => AdminMsg::KindCentre,
        OrgKind::Partner => AdminMsg::KindPartner,
    }
}

pub fn support_kind_msg(kind: SupportKind) -> AdminMsg {
    match kind {
        SupportKind::Meal => AdminMsg::SupportMeal,
        SupportKind::Childcare => AdminMsg::SupportChildcare,
        SupportKind::Lunchbox => AdminMsg::SupportLunchbox,
    }
}

/// The admin's texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPhrase {
    OrgCreated {
        name: String,
    },
    ProgrammeCreated {
        name: String,
    },
    /// A programme's settings in one line.
    ProgrammeFacts {
        phone: String,
        retention_days: i64,
        idle_minutes: i64,
        offline_hours: i64,
    },
    /// The organisation's current pledge version, if it has one.
    CurrentPledge {
        version: Option<i64>,
    },
    PledgeSaved {
        version: i64,
    },
    /// Whom a staff invitation is for.
    InviteFor {
        name: String,
    },
    /// What disabling an account does, asked before doing it.
    DisableConfirm {
        name: String,
    },
    /// A staff account's login name and when it was made.
    StaffFacts {
        login: String,
        since: String,
    },
}

impl Phrase for AdminPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            AdminPhrase::OrgCreated { name } => (
                format!("作成しました：{name}。最初のメンバーを招待してください。"),
                format!("Created: {name}. Now invite its first member."),
            ),
            AdminPhrase::ProgrammeCreated { name } => {
                (format!("作成しました：{name}"), format!("Created: {name}"))
            }
            AdminPhrase::ProgrammeFacts {
                phone,
                retention_days,
                idle_minutes,
                offline_hours,
            } => (
                format!(
                    "緊急連絡先 {phone} · 保存 {retention_days}日 · 自動ロック {idle_minutes}分 · オフライン {offline_hours}時間"
                ),
                format!(
                    "Emergency phone {phone} · retention {retention_days} days · idle lock {idle_minutes} min · offline {offline_hours} h"
                ),
            ),
            AdminPhrase::CurrentPledge { version: Some(v) } => (
                format!("現在の誓約書：第{v}版"),
                format!("Current pledge: version {v}"),
            ),
            AdminPhrase::CurrentPledge { version: None } => (
                "現在の誓約書：まだありません".to_owned(),
                "Current pledge: none yet".to_owned(),
            ),
            AdminPhrase::PledgeSaved { version } => (
                format!("誓約書を保存しました（第{version}版）"),
                format!("Pledge saved (version {version})"),
            ),
            AdminPhrase::InviteFor { name } => (
                format!("{name} さんへの招待です。"),
                format!("{name} is invited."),
            ),
            AdminPhrase::DisableConfirm { name } => (
                format!(
                    "{name} さんのアカウントを無効にします。ログイン中の画面もすぐに使えなくなり、組織の鍵はこの人の分が削除されます。元には戻せません。"
                ),
                format!(
                    "This disables {name}'s account. Any open session ends at once and their copy of the organisation's key is deleted. This cannot be undone."
                ),
            ),
            AdminPhrase::StaffFacts { login, since } => (
                format!("ログイン名 {login} · {since} から"),
                format!("Login {login} · since {since}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::rules;

    /// The range messages name the limits of `domain::rules`; this keeps them from drifting.
    #[test]
    fn range_messages_state_the_rules() {
        let (ja, _) = AdminMsg::IdleRange.texts();
        let minutes = (
            rules::IDLE_LOCK_SECS.start() / 60,
            rules::IDLE_LOCK_SECS.end() / 60,
        );
        assert!(
            ja.contains(&format!("{}〜{}分", minutes.0, minutes.1)),
            "{ja}"
        );
        let (ja, _) = AdminMsg::OfflineRange.texts();
        let hours = (
            rules::OFFLINE_WINDOW_SECS.start() / 3600,
            rules::OFFLINE_WINDOW_SECS.end() / 3600,
        );
        assert!(
            ja.contains(&format!("{}〜{}時間", hours.0, hours.1)),
            "{ja}"
        );
        let (ja, _) = AdminMsg::RetentionRange.texts();
        let days = (rules::RETENTION_DAYS.start(), rules::RETENTION_DAYS.end());
        assert!(ja.contains(&format!("{}〜{}日", days.0, days.1)), "{ja}");
        let (ja, _) = AdminMsg::NameLength.texts();
        assert!(
            ja.contains(&format!("1〜{}文字", rules::ORG_NAME.end())),
            "{ja}"
        );
        assert_eq!(rules::ORG_NAME, rules::PROGRAMME_NAME);
        assert_eq!(rules::ORG_NAME, rules::DISPLAY_NAME);
    }

    #[test]
    fn phrases_keep_their_values_in_both_languages() {
        let saved = AdminPhrase::PledgeSaved { version: 3 }.phrase();
        assert!(saved.0.contains("第3版") && saved.1.contains("version 3"));
    }
}

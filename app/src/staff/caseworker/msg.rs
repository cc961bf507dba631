//! The caseworker's texts: referrals, the form, what was released, the device ledger.

use domain::content::referral::Field;
use domain::schedule::Weekday;

use super::draft::{PersonPart, Slot, WishPart, Wrong};
use crate::i18n::{Phrase, Texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseworkerMsg {
    AddPerson,
    AddWish,
    AssignmentActive,
    AssignmentEnded,
    AssignmentsTitle,
    AttentionDevice,
    AttentionLabel,
    AttentionVersion,
    BackToReferral,
    BackToReferrals,
    BriefCautions,
    BriefContentGone,
    BriefCurrent,
    BriefDoNotMention,
    BriefExpired,
    BriefInstructions,
    BriefReplaced,
    BriefRevoked,
    Cancel,
    CannotRevise,
    CentreOnlyHint,
    ColDeleted,
    ColDelivered,
    ColDevice,
    ColFamily,
    ColOpened,
    ColState,
    ColVersion,
    ColVolunteer,
    ConflictOverridden,
    ConsentDate,
    ConsentGivenBadge,
    ConsentLegend,
    ConsentMethod,
    ConsentNo,
    ConsentOverrideHint,
    ConsentOverrideReason,
    ConsentOverriddenBadge,
    ConsentRecordedBy,
    ConsentRecordedByHint,
    ConsentYes,
    DeclineReason,
    DeviceActive,
    DeviceLocked,
    DeviceLost,
    DeviceRevoked,
    Does,
    FieldAccessNotes,
    FieldAccessNotesHint,
    FieldAddress,
    FieldAllergies,
    FieldAllergiesHint,
    FieldArea,
    FieldAreaHint,
    FieldCalled,
    FieldCalledHint,
    FieldCaseReference,
    FieldCautions,
    FieldCautionsHint,
    FieldDiet,
    FieldDietHint,
    FieldDoNotMention,
    FieldDoNotMentionHint,
    FieldGoals,
    FieldHousehold,
    FieldHouseholdHint,
    FieldLanguages,
    FieldLanguagesHint,
    FieldPets,
    FieldPetsHint,
    FieldProgramme,
    FieldProgrammeHint,
    FieldScheduleNotes,
    FieldScheduleNotesHint,
    FieldScheduleWishes,
    FieldScheduleWishesHint,
    FieldSupport,
    FieldSupportHint,
    FormLead,
    GoToTeam,
    GroupCare,
    GroupCentre,
    GroupDestination,
    GroupFamily,
    GroupLiving,
    GroupSupport,
    Later,
    LedgerDeleted,
    LedgerEmpty,
    LedgerEmptyOne,
    LedgerHeld,
    LedgerLead,
    LedgerOfReferral,
    MethodInPerson,
    MethodPhone,
    MethodWritten,
    NeedsOrgKey,
    NeedsOrgKeyToSend,
    NewReferral,
    NewReferralTitle,
    NoAssignments,
    NoBriefs,
    NoFieldsReleased,
    NoProgrammes,
    NoReferralsYet,
    NotConfirmed,
    NotFilled,
    NotOpened,
    NotOpenedYet,
    OverrideWarning,
    PersonAge,
    PersonAgeHint,
    PersonRelation,
    PersonRelationHint,
    PersonSchool,
    PersonSchoolYear,
    PersonSchoolYearHint,
    ReferralsLead,
    Refresh,
    ReleasedFields,
    ReleasedLead,
    ReleasedTitle,
    Remove,
    Required,
    Revise,
    ReviseLead,
    Send,
    SendHint,
    SendVersion,
    ShowReleased,
    StatusAccepted,
    StatusDeclined,
    StatusSent,
    StatusWithdrawn,
    TabLedger,
    TabReferrals,
    Title,
    Waiting,
    WishEnd,
    WishStart,
    WishWeekday,
    Withdraw,
    WithdrawConfirm,
    WithdrawYes,
}

impl Texts for CaseworkerMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use CaseworkerMsg::*;
        match self {
            AddPerson => ("人を追加", "Add a person"),
            AddWish => ("希望日時を追加", "Add a time"),
            AssignmentActive => ("担当中", "Active"),
            AssignmentEnded => ("終了", "Ended"),
            AssignmentsTitle => ("担当の割り当て", "Assignments"),
            AttentionDevice => (
                "使えなくなった端末（取り消し・紛失・ロック）に、まだ残っています。削除の確認がありません。",
                "Still on a phone that was revoked, lost or locked: no deletion confirmed.",
            ),
            AttentionLabel => ("要対応", "Needs attention"),
            AttentionVersion => (
                "もう有効でない版が、端末にまだ残っています。削除の確認がありません。",
                "A version that is no longer valid is still on the phone: no deletion confirmed.",
            ),
            BackToReferral => ("依頼に戻る", "Back to the referral"),
            BackToReferrals => ("依頼の一覧に戻る", "Back to the referrals"),
            BriefCautions => ("コーディネーターからの注意", "Coordinator's cautions"),
            BriefContentGone => (
                "この説明の内容は、端末とサーバーから削除されています（版と日時だけが残ります）。",
                "This brief's content was deleted from the phones and the server; only its versions and dates remain.",
            ),
            BriefCurrent => ("配信中の版", "Current"),
            BriefDoNotMention => (
                "話題にしないこと（コーディネーター）",
                "Do not mention (coordinator)",
            ),
            BriefExpired => ("期限切れ", "Expired"),
            BriefInstructions => ("訪問ですること", "What to do"),
            BriefReplaced => ("差し替え済み", "Replaced"),
            BriefRevoked => ("取り消し", "Revoked"),
            Cancel => ("やめる", "Cancel"),
            CannotRevise => (
                "辞退または取り下げられた依頼は、修正して送り直せません。必要なら新しい依頼を書いてください。",
                "A declined or withdrawn referral cannot be revised. Write a new referral if needed.",
            ),
            CentreOnlyHint => (
                "ここはセンターの記録です。コーディネーターは読めますが、支援員には渡せません。",
                "This is the centre's record. The coordinator can read it, but it can never be released to a volunteer.",
            ),
            ColDeleted => ("削除の確認", "Deletion confirmed"),
            ColDelivered => ("端末に届いた日時", "Delivered"),
            ColDevice => ("端末", "Phone"),
            ColFamily => ("ご家族", "Family"),
            ColOpened => ("閲覧", "Opened"),
            ColState => ("状態", "State"),
            ColVersion => ("版", "Version"),
            ColVolunteer => ("支援員", "Volunteer"),
            ConflictOverridden => (
                "利害関係の確認を理由付きで解除",
                "Conflict overridden with a reason",
            ),
            ConsentDate => ("同意を得た日", "Date of consent"),
            ConsentGivenBadge => ("同意あり", "Consent given"),
            ConsentLegend => (
                "情報共有へのご家族の同意",
                "The family's consent to sharing",
            ),
            ConsentMethod => ("同意の方法", "How consent was given"),
            ConsentNo => (
                "同意を得ていない（理由を記録して送る）",
                "Not given (send with a recorded reason)",
            ),
            ConsentOverrideHint => (
                "なぜ同意なしで共有する必要があるのかを、後から読む人にわかるように書いてください。",
                "Explain why this must be shared without consent, so that anyone reading later understands.",
            ),
            ConsentOverrideReason => ("同意なしで送る理由", "Reason to send without consent"),
            ConsentOverriddenBadge => ("同意なし（理由を記録）", "No consent (reason recorded)"),
            ConsentRecordedBy => ("記録した人", "Recorded by"),
            ConsentRecordedByHint => (
                "ログイン中のあなたの名前が入っています。別の人が同意を確認した場合は書き換えてください。",
                "Your name is filled in. Change it if someone else took the consent.",
            ),
            ConsentYes => ("同意を得た", "Consent given"),
            DeclineReason => ("辞退の理由：", "Reason: "),
            DeviceActive => ("使用中", "Active"),
            DeviceLocked => ("ロック中", "Locked"),
            DeviceLost => ("紛失", "Lost"),
            DeviceRevoked => ("取り消し済み", "Revoked"),
            Does => (
                "支援の依頼（共有してよい情報と同意）を作成し、届いた訪問報告を緊急度順に確認します。",
                "Write referrals (the shareable facts and consent) and review incoming visit reports by urgency.",
            ),
            FieldAccessNotes => ("訪問時の入り方", "Getting in"),
            FieldAccessNotesHint => (
                "どの入口か、駐車場、インターホンなど。",
                "Which door, parking, intercom.",
            ),
            FieldAddress => ("住所", "Address"),
            FieldAllergies => ("アレルギー", "Allergies"),
            FieldAllergiesHint => (
                "食物・動物・薬など。なければ「なし」と書くと確認済みだとわかります。",
                "Food, animals, medicine. Writing \u{201c}none\u{201d} shows it was checked.",
            ),
            FieldArea => ("地域（町丁目・郵便番号）", "Area (district or postal code)"),
            FieldAreaHint => (
                "支援員が同じ地域に住んでいないかの確認に使います。例：みどり町2丁目、123-4567",
                "Used to check that no volunteer lives in the same area. E.g. Midori-cho 2-chome, 123-4567.",
            ),
            FieldCalled => ("呼び名", "Name to use"),
            FieldCalledHint => (
                "ご家族が了承した呼び方。例：山田さん",
                "How the family agreed to be called, e.g. Yamada-san.",
            ),
            FieldCaseReference => ("センターのケース番号", "Centre's case reference"),
            FieldCautions => ("訪問時の注意", "Cautions for visitors"),
            FieldCautionsHint => (
                "訪問する人が気をつけること。支援員の画面では目立つように表示されます。",
                "What a visitor must be careful about. Shown highlighted on the volunteer's screen.",
            ),
            FieldDiet => ("食事の制限・配慮", "Diet"),
            FieldDietHint => (
                "宗教・健康上の理由、好みなど。",
                "Religious or health reasons, preferences.",
            ),
            FieldDoNotMention => ("話題にしないこと", "Do not mention"),
            FieldDoNotMentionHint => (
                "ご家族との会話で触れてはいけないこと。",
                "What must never be brought up with the family.",
            ),
            FieldGoals => ("支援の目標", "Goals"),
            FieldHousehold => ("世帯の構成", "Household"),
            FieldHouseholdHint => (
                "続柄と、年齢または学年だけを書きます。生年月日は書かないでください。名前も不要です。",
                "Only the relation and an age or school year. Never a date of birth, and no names.",
            ),
            FieldLanguages => ("使う言語", "Languages"),
            FieldLanguagesHint => (
                "例：日本語、やさしい日本語、タガログ語",
                "E.g. Japanese, plain Japanese, Tagalog.",
            ),
            FieldPets => ("ペット", "Pets"),
            FieldPetsHint => (
                "種類と、訪問時に気をつけること。",
                "Which animals, and what a visitor should know.",
            ),
            FieldProgramme => ("送り先の支援事業", "Programme"),
            FieldProgrammeHint => (
                "依頼は、この事業を運営する協力団体に届きます。",
                "The referral goes to the partner that runs this programme.",
            ),
            FieldScheduleNotes => ("日時についての補足", "Notes on times"),
            FieldScheduleNotesHint => (
                "例：第2・第4週のみ、学校行事の週は避ける",
                "E.g. only the 2nd and 4th week; avoid school-event weeks.",
            ),
            FieldScheduleWishes => ("訪問の希望日時", "Wished visit times"),
            FieldScheduleWishesHint => (
                "曜日と時間帯を選びます。使わない行は空のままで構いません。",
                "Choose a weekday and a time window. Rows left empty are ignored.",
            ),
            FieldSupport => ("支援の内容", "Support needed"),
            FieldSupportHint => (
                "例：夕食づくり、宿題の見守り",
                "E.g. cooking dinner, help with homework.",
            ),
            FormLead => (
                "ご家族の事実のうち、共有してよいことだけを書きます。内容はこのブラウザで暗号化され、センターと協力団体だけが開けます。支援員には、コーディネーターが選んだ項目だけが渡ります。",
                "Write only the facts that may be shared. They are encrypted in this browser; only the centre and the partner can open them. A volunteer receives only the fields the coordinator chooses.",
            ),
            GoToTeam => ("「チームと鍵」を開く", "Open \u{201c}Team and keys\u{201d}"),
            GroupCare => ("訪問時の注意", "Care during visits"),
            GroupCentre => ("センターの記録と同意", "Centre record and consent"),
            GroupDestination => ("送り先", "Destination"),
            GroupFamily => ("ご家族と住まい", "The family and their home"),
            GroupLiving => ("食事と暮らし", "Food and daily life"),
            GroupSupport => ("支援", "Support"),
            Later => (
                "訪問報告の確認は、今後の更新でこの画面に加わります。",
                "Reviewing visit reports will be added in a coming update.",
            ),
            LedgerDeleted => ("削除を確認済み", "Deletion confirmed"),
            LedgerEmpty => (
                "まだ、どの端末にも説明（ブリーフ）は渡っていません。",
                "No brief has reached any phone yet.",
            ),
            LedgerEmptyOne => (
                "この依頼から作られた説明は、まだどの端末にも届いていません。",
                "No brief made from this referral has reached a phone yet.",
            ),
            LedgerHeld => ("端末にあり", "On the phone"),
            LedgerLead => (
                "持ち出し管理台帳：センターの依頼から作られた説明が、どの支援員のどの端末に、いつ届き、いつ開かれ、いつ削除されたか。使えなくなった端末や古い版に残っているものは「要対応」と表示します。",
                "The device ledger: which volunteer's phone received each brief made from the centre's referrals, when it was opened and when its deletion was confirmed. Copies left on a phone that should not hold them are marked \u{201c}Needs attention\u{201d}.",
            ),
            LedgerOfReferral => (
                "この依頼の持ち出し管理台帳",
                "Device ledger of this referral",
            ),
            MethodInPerson => ("対面", "In person"),
            MethodPhone => ("電話", "By phone"),
            MethodWritten => ("書面", "In writing"),
            NeedsOrgKey => (
                "センターの鍵をこのブラウザで確認するまで、依頼の内容は表示できません。",
                "The referral's content can be shown once the centre's key is verified in this browser.",
            ),
            NeedsOrgKeyToSend => (
                "依頼を暗号化して送るには、まずセンターの鍵をこのブラウザで確認してください。",
                "To encrypt and send a referral, first verify the centre's key in this browser.",
            ),
            NewReferral => ("新しい依頼を書く", "Write a new referral"),
            NewReferralTitle => ("新しい依頼", "New referral"),
            NoAssignments => (
                "まだ支援員は割り当てられていません。",
                "No volunteer has been assigned yet.",
            ),
            NoBriefs => (
                "この依頼から、まだ支援員に渡された説明はありません。",
                "Nothing from this referral has been released to a volunteer yet.",
            ),
            NoFieldsReleased => (
                "依頼の項目は渡されていません（訪問ですることのみ）。",
                "No referral field was released (instructions only).",
            ),
            NoProgrammes => (
                "送り先の支援事業がまだありません。管理者に登録を依頼してください。",
                "There is no programme to refer to yet. Ask your administrator to set one up.",
            ),
            NoReferralsYet => (
                "まだ依頼はありません。「新しい依頼を書く」から始めてください。",
                "No referrals yet. Start with \u{201c}Write a new referral\u{201d}.",
            ),
            NotConfirmed => ("未確認", "Not yet"),
            NotFilled => ("（未記入）", "(not filled in)"),
            NotOpened => ("（内容を表示できません）", "(content not shown)"),
            NotOpenedYet => ("まだ開かれていません", "Not opened yet"),
            OverrideWarning => (
                "ご家族の同意なしに情報を共有しようとしています。理由は暗号化して依頼と一緒に保存され、同意なしで送ったことは監査ログに記録されます。",
                "You are about to share without the family's consent. The reason is encrypted and kept with the referral, and sending without consent is recorded in the audit log.",
            ),
            PersonAge => ("年齢", "Age"),
            PersonAgeHint => (
                "数字のみ。わからなければ空欄",
                "A number; leave empty if unknown.",
            ),
            PersonRelation => ("続柄", "Relation"),
            PersonRelationHint => (
                "例：母、長男、祖母",
                "E.g. mother, eldest son, grandmother.",
            ),
            PersonSchool => ("学校・園", "School or nursery"),
            PersonSchoolYear => ("学年", "School year"),
            PersonSchoolYearHint => (
                "例：小3、年中",
                "E.g. 3rd grade, middle year of kindergarten.",
            ),
            ReferralsLead => (
                "センターから協力団体への支援の依頼です。内容はこのブラウザで開いて表示しています。",
                "The centre's referrals to partners. Their content is opened in this browser.",
            ),
            Refresh => ("最新の状態にする", "Refresh"),
            ReleasedFields => ("渡した項目", "Released fields"),
            ReleasedLead => (
                "コーディネーターが支援員に渡した説明（ブリーフ）です。センターにも同じものが暗号化して届くため、誰に何が渡ったかを確認できます。",
                "The briefs the coordinator released to volunteers. They are sealed to the centre too, so you can see what went to whom.",
            ),
            ReleasedTitle => ("支援員に渡したもの", "Released to volunteers"),
            Remove => ("削除", "Remove"),
            Required => ("必須", "required"),
            Revise => ("修正して新しい版を送る", "Revise (send a new version)"),
            ReviseLead => (
                "送ると新しい版になり、協力団体は新しい版を読みます。すでに支援員に渡した説明は、コーディネーターが作り直すまで変わりません。",
                "Sending makes a new version, which the partner reads. Briefs already released to volunteers stay as they are until the coordinator makes new ones.",
            ),
            Send => ("暗号化して依頼を送る", "Encrypt and send"),
            SendHint => (
                "内容はこのブラウザで暗号化されます。サーバーには、送り先・状態・日時だけが記録されます。",
                "The content is encrypted in this browser. The server records only the programme, the state and the dates.",
            ),
            SendVersion => (
                "暗号化して新しい版を送る",
                "Encrypt and send the new version",
            ),
            ShowReleased => ("渡した内容を見る", "Show what was released"),
            StatusAccepted => ("受諾", "Accepted"),
            StatusDeclined => ("辞退", "Declined"),
            StatusSent => ("送付済", "Sent"),
            StatusWithdrawn => ("取り下げ", "Withdrawn"),
            TabLedger => ("持ち出し管理台帳", "Device ledger"),
            TabReferrals => ("依頼", "Referrals"),
            Title => ("ケースワーカー", "Caseworker"),
            Waiting => (
                "協力団体の回答を待っています。",
                "Waiting for the partner's answer.",
            ),
            WishEnd => ("終了", "Until"),
            WishStart => ("開始", "From"),
            WishWeekday => ("曜日", "Weekday"),
            Withdraw => ("依頼を取り下げる", "Withdraw the referral"),
            WithdrawConfirm => (
                "取り下げると、この依頼から作られたすべての割り当てが終了し、支援員に渡した説明（ブリーフ）もすべて終了して端末とサーバーから削除されます。元に戻せません。",
                "Withdrawing ends every assignment made from this referral, and every brief released to volunteers ends and is deleted from the phones and the server. This cannot be undone.",
            ),
            WithdrawYes => ("取り下げる", "Withdraw"),
        }
    }
}

/// The label of a referral field, for what a brief released.
pub fn field_msg(field: Field) -> CaseworkerMsg {
    match field {
        Field::Called => CaseworkerMsg::FieldCalled,
        Field::Address => CaseworkerMsg::FieldAddress,
        Field::AccessNotes => CaseworkerMsg::FieldAccessNotes,
        Field::Household => CaseworkerMsg::FieldHousehold,
        Field::Allergies => CaseworkerMsg::FieldAllergies,
        Field::Diet => CaseworkerMsg::FieldDiet,
        Field::Languages => CaseworkerMsg::FieldLanguages,
        Field::Pets => CaseworkerMsg::FieldPets,
        Field::Support => CaseworkerMsg::FieldSupport,
        Field::Goals => CaseworkerMsg::FieldGoals,
        Field::ScheduleWishes => CaseworkerMsg::FieldScheduleWishes,
        Field::Cautions => CaseworkerMsg::FieldCautions,
        Field::DoNotMention => CaseworkerMsg::FieldDoNotMention,
    }
}

/// Texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseworkerPhrase {
    AcceptedAt(String),
    AttentionCount(usize),
    BriefDates {
        approved: String,
        until: String,
    },
    BriefFor(String),
    CaseReference(String),
    Dates {
        created: String,
        updated: String,
        version: u32,
    },
    DeclinedAt(String),
    Once {
        at: String,
        minutes: u16,
    },
    OpenedAt(String),
    OpenedBetween {
        first: String,
        last: String,
    },
    PartnerUnconfirmed(String),
    PersonN(usize),
    ProblemCount(usize),
    ProgrammeOf {
        programme: String,
        partner: String,
    },
    ReleasedIn(u32),
    RemovePerson(usize),
    RemoveWish(usize),
    ReviseTitle(u32),
    Version(u32),
    VisitCount(usize),
    Weekly {
        weekday: Weekday,
        start: String,
        minutes: u16,
    },
    Window {
        from: String,
        until: String,
    },
    WishN(usize),
    WithdrawnAt(String),
}

impl Phrase for CaseworkerPhrase {
    fn phrase(&self) -> (String, String) {
        use CaseworkerPhrase::*;
        match self {
            AcceptedAt(at) => (format!("受諾：{at}"), format!("Accepted: {at}")),
            AttentionCount(n) => (
                format!("要対応が{n}件あります。端末から削除されたことが確認できていません。"),
                format!("{n} needing attention: no deletion confirmed from the phone."),
            ),
            BriefDates { approved, until } => (
                format!("承認 {approved} · 有効期限 {until}"),
                format!("approved {approved} · valid until {until}"),
            ),
            BriefFor(name) => (format!("支援員：{name}"), format!("Volunteer: {name}")),
            CaseReference(r) => (format!("ケース番号：{r}"), format!("Case reference: {r}")),
            Dates {
                created,
                updated,
                version,
            } => (
                format!("作成 {created} · 更新 {updated} · 第{version}版"),
                format!("written {created} · updated {updated} · version {version}"),
            ),
            DeclinedAt(at) => (format!("辞退：{at}"), format!("Declined: {at}")),
            Once { at, minutes } => (
                format!("1回のみ {at}（{minutes}分）"),
                format!("once, {at} ({minutes} min)"),
            ),
            OpenedAt(at) => (format!("{at} に閲覧"), format!("opened {at}")),
            OpenedBetween { first, last } => (
                format!("初回 {first} · 最後 {last}"),
                format!("first {first} · last {last}"),
            ),
            PartnerUnconfirmed(name) => (
                format!(
                    "この支援事業の協力団体（{name}）の鍵が、まだセンターで確認されていません。依頼は確認済みの鍵にだけ暗号化して送ります。「チームと鍵」で、協力団体の担当者と鍵のコードを照合して確認してください。"
                ),
                format!(
                    "The key of this programme's partner ({name}) has not been confirmed by the centre yet. Referrals are encrypted only to confirmed keys: on \u{201c}Team and keys\u{201d}, compare the key's code with someone at the partner and confirm it."
                ),
            ),
            PersonN(n) => (format!("{n}人目"), format!("Person {n}")),
            ProblemCount(n) => (
                format!(
                    "送れませんでした。{n}件の項目を確認してください。入力した内容はそのまま残っています。"
                ),
                format!("Not sent. Please check {n} item(s); everything you typed is still here."),
            ),
            ProgrammeOf { programme, partner } if partner.is_empty() => {
                (programme.clone(), programme.clone())
            }
            ProgrammeOf { programme, partner } => (
                format!("{programme}（{partner}）"),
                format!("{programme} ({partner})"),
            ),
            ReleasedIn(v) => (
                format!("第{v}版で渡した項目："),
                format!("Released in version {v}:"),
            ),
            RemovePerson(n) => (format!("{n}人目を削除"), format!("Remove person {n}")),
            RemoveWish(n) => (format!("希望日時{n}を削除"), format!("Remove time {n}")),
            ReviseTitle(v) => (
                format!("依頼を修正（第{v}版として送る）"),
                format!("Revise the referral (sent as version {v})"),
            ),
            Version(v) => (format!("第{v}版"), format!("v{v}")),
            VisitCount(n) => (format!("訪問予定 {n}回"), format!("{n} visit(s) planned")),
            Weekly {
                weekday,
                start,
                minutes,
            } => (
                format!("毎週{}曜 {start}（{minutes}分）", weekday.ja()),
                format!("every {} at {start} ({minutes} min)", weekday.en()),
            ),
            Window { from, until } => (
                format!("期間 {from} 〜 {until}"),
                format!("from {from} until {until}"),
            ),
            WishN(n) => (format!("希望日時{n}"), format!("Time {n}")),
            WithdrawnAt(at) => (format!("取り下げ：{at}"), format!("Withdrawn: {at}")),
        }
    }
}

impl Phrase for Wrong {
    fn phrase(&self) -> (String, String) {
        match *self {
            Wrong::Blank => ("入力してください。".into(), "Please fill this in.".into()),
            Wrong::TooLong(n) => (
                format!("{n}文字以内にしてください。"),
                format!("Please keep it to {n} characters."),
            ),
            Wrong::BadCharacter => (
                "使えない文字（制御文字）が含まれています。".into(),
                "It contains a character that cannot be used (a control character).".into(),
            ),
            Wrong::OutOfRange => (
                "範囲外の値です。".into(),
                "The value is out of range.".into(),
            ),
            Wrong::Age => (
                "年齢は0〜120の数字で入力してください。わからなければ空欄にします。".into(),
                "Enter the age as a number from 0 to 120, or leave it empty.".into(),
            ),
            Wrong::Time => (
                "時刻を 17:00 のように入力してください。".into(),
                "Enter a time like 17:00.".into(),
            ),
            Wrong::EndNotAfterStart => (
                "終了は開始より後の時刻にしてください。".into(),
                "The end must be after the start.".into(),
            ),
            Wrong::Date => (
                "日付を 2026-11-20 のように入力してください。".into(),
                "Enter a date like 2026-11-20.".into(),
            ),
            Wrong::TooMany(n) => (format!("{n}件までです。"), format!("At most {n}.")),
            Wrong::Choose => ("選んでください。".into(), "Please choose.".into()),
        }
    }
}

/// "Where: what is wrong", for the list above the send button.
pub struct SlotProblem(pub Slot, pub Wrong);

impl Phrase for SlotProblem {
    fn phrase(&self) -> (String, String) {
        let (ja_where, en_where) = slot_name(self.0);
        let (ja_what, en_what) = self.1.phrase();
        (
            format!("{ja_where}：{ja_what}"),
            format!("{en_where}: {en_what}"),
        )
    }
}

fn slot_name(slot: Slot) -> (String, String) {
    use CaseworkerMsg as M;
    let fixed = |m: M| {
        let (ja, en) = m.texts();
        (ja.to_owned(), en.to_owned())
    };
    match slot {
        Slot::Programme => fixed(M::FieldProgramme),
        Slot::Called => fixed(M::FieldCalled),
        Slot::Area => fixed(M::FieldArea),
        Slot::Address => fixed(M::FieldAddress),
        Slot::AccessNotes => fixed(M::FieldAccessNotes),
        Slot::Household => fixed(M::FieldHousehold),
        Slot::Person(i, part) => {
            let (ja, en) = match part {
                PersonPart::Relation => M::PersonRelation,
                PersonPart::Age => M::PersonAge,
                PersonPart::SchoolYear => M::PersonSchoolYear,
                PersonPart::School => M::PersonSchool,
            }
            .texts();
            let n = i + 1;
            (format!("世帯の{n}人目・{ja}"), format!("Person {n}, {en}"))
        }
        Slot::Allergies => fixed(M::FieldAllergies),
        Slot::Diet => fixed(M::FieldDiet),
        Slot::Languages => fixed(M::FieldLanguages),
        Slot::Pets => fixed(M::FieldPets),
        Slot::Support => fixed(M::FieldSupport),
        Slot::Goals => fixed(M::FieldGoals),
        Slot::Wishes => fixed(M::FieldScheduleWishes),
        Slot::Wish(i, part) => {
            let (ja, en) = match part {
                WishPart::Weekday => M::WishWeekday,
                WishPart::Start => M::WishStart,
                WishPart::End => M::WishEnd,
            }
            .texts();
            let n = i + 1;
            (format!("希望日時{n}・{ja}"), format!("Time {n}, {en}"))
        }
        Slot::ScheduleNotes => fixed(M::FieldScheduleNotes),
        Slot::Cautions => fixed(M::FieldCautions),
        Slot::DoNotMention => fixed(M::FieldDoNotMention),
        Slot::CaseReference => fixed(M::FieldCaseReference),
        Slot::ConsentGiven => fixed(M::ConsentLegend),
        Slot::ConsentDate => fixed(M::ConsentDate),
        Slot::RecordedBy => fixed(M::ConsentRecordedBy),
        Slot::OverrideReason => fixed(M::ConsentOverrideReason),
        Slot::Whole => ("依頼".into(), "Referral".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_problem_says_where_and_what_in_both_languages() {
        let p = SlotProblem(Slot::Person(1, PersonPart::Age), Wrong::Age);
        assert!(p.text(Lang::Ja).starts_with("世帯の2人目・年齢："));
        assert!(p.text(Lang::En).starts_with("Person 2, Age: "));
        assert_eq!(
            Wrong::TooLong(100).text(Lang::Ja),
            "100文字以内にしてください。"
        );
    }

    #[test]
    fn english_texts_are_english() {
        for field in Field::ALL {
            let (ja, en) = field_msg(field).texts();
            assert!(!ja.is_ascii(), "{field:?}");
            assert!(en.is_ascii(), "{field:?}");
        }
    }
}

//! Everything the volunteer reads, in Japanese and English. Short sentences, no jargon: the
//! reader is standing in a family's kitchen.

use domain::content::referral::Field;
use domain::rules::pin::PinProblem;

use crate::i18n::{Phrase, Texts};
use crate::volunteer::visits;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMsg {
    CheckTitle,
    CheckHow,
    CheckSame,
    CheckDifferent,
    CheckMismatch,
    Title,
    Loading,
    NotEnrolled,
    EnrolHow,
    EnrolPrivacy,
    CodeLabel,
    CodeHint,
    Next,
    ChoosePinTitle,
    ChoosePinBody,
    PinLabel,
    PinAgainLabel,
    PinHint,
    PinMismatch,
    Enrol,
    Enrolling,
    UnlockTitle,
    UnlockBody,
    Unlock,
    Unlocking,
    WrongPin,
    GoneTitle,
    GoneBody,
    TodayTitle,
    NoVisits,
    EmergencyTitle,
    EmergencyCall,
    Lock,
    Logout,
    LogoutConfirm,
    LogoutCancel,
    LogoutBody,
    EmergencyHint,
    Call189,
    VisitsComing,
    VisitsNoneToday,
    VisitPlace,
    BriefNotYet,
    VisitsOffline,
    VisitsSyncing,
    BriefRefused,
    BriefBack,
    BriefOnlyReleased,
    BriefInstructions,
    BriefAllergies,
    BriefCautions,
    BriefDoNotMention,
    BriefOpenMap,
    BriefAddressTitle,
    BriefContacts,
    BriefCallCentre,
    BriefCallCoordinator,
    BriefOtherFacts,
    BriefMissingTitle,
    BriefMissingBody,
    BriefExpiredTitle,
    BriefExpiredBody,
}

impl Texts for VMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use VMsg::*;
        match self {
            VMsg::CheckTitle => ("確認コードの読み合わせ", "Compare the check code"),
            VMsg::CheckHow => (
                "コーディネーターの画面に表示されている「読み合わせコード」が、次と同じか一緒に確かめてください。",
                "Check together that the check code on your coordinator's screen is exactly this:",
            ),
            VMsg::CheckSame => ("同じです", "It is the same"),
            VMsg::CheckDifferent => (
                "違う場合は押さずに、コーディネーターに伝えてください。",
                "If it differs, do not press it; tell your coordinator.",
            ),
            VMsg::CheckMismatch => (
                "この端末が受け取った組織の鍵が、招待の内容と一致しません。安全のため、訪問の情報はこの端末に届きません。コーディネーターに連絡してください。",
                "The organisation keys this phone received do not match its invitation. For safety, no visit information reaches this phone. Please contact your coordinator.",
            ),
            Title => ("支援員", "Volunteer"),
            Loading => ("読み込み中…", "Loading…"),
            NotEnrolled => (
                "この端末はまだ登録されていません",
                "This phone is not enrolled yet",
            ),
            EnrolHow => (
                "コーディネーターから受け取った招待のQRコードを読み取るか、8文字の招待コードを入力してください。",
                "Scan the invitation QR code from your coordinator, or type the 8-character invitation code.",
            ),
            EnrolPrivacy => (
                "登録した端末には、あなたに許可された情報だけが届きます。",
                "Only what you are allowed to see ever reaches an enrolled phone.",
            ),
            CodeLabel => ("招待コード（8文字）", "Invitation code (8 characters)"),
            CodeHint => (
                "大文字・小文字は区別しません。ハイフンは入れなくてかまいません。",
                "Upper or lower case both work; hyphens are optional.",
            ),
            Next => ("次へ", "Next"),
            ChoosePinTitle => ("暗証番号（PIN）を決めてください", "Choose a PIN"),
            ChoosePinBody => (
                "アプリを開くたびに使います。6桁以上の数字で、誕生日や 123456 のような分かりやすい番号は避けてください。",
                "You will use it every time you open the app. At least 6 digits; avoid easy ones like 123456.",
            ),
            PinLabel => ("暗証番号（6桁以上の数字）", "PIN (6 or more digits)"),
            PinAgainLabel => ("もう一度入力", "Enter it again"),
            PinHint => (
                "10回まちがえると、この端末は使えなくなります。",
                "After 10 wrong tries this phone can no longer be used.",
            ),
            PinMismatch => (
                "2つの暗証番号が一致しません。",
                "The two PINs do not match.",
            ),
            Enrol => ("この端末を登録する", "Enrol this phone"),
            Enrolling => ("登録しています…", "Enrolling…"),
            UnlockTitle => ("暗証番号を入力してください", "Enter your PIN"),
            UnlockBody => (
                "記録を守るため、しばらく操作がないとロックされます。",
                "To protect your records, the app locks after a while without use.",
            ),
            Unlock => ("ロックを解除", "Unlock"),
            Unlocking => ("確認しています…", "Checking…"),
            WrongPin => ("暗証番号がちがいます。", "That PIN is not correct."),
            GoneTitle => (
                "この端末は使えなくなりました",
                "This phone can no longer be used",
            ),
            GoneBody => (
                "利用停止・紛失の届け出、または暗証番号の入力ミスが続いたため、この端末の記録はすべて消去されました。コーディネーターに連絡してください。",
                "Because the phone was revoked, reported lost, or the PIN was entered wrongly too often, everything on it has been erased. Please contact your coordinator.",
            ),
            TodayTitle => ("今日の訪問", "Today's visits"),
            NoVisits => (
                "予定されている訪問はまだありません。コーディネーターが訪問を予定すると、ここに表示されます。",
                "No visits are scheduled yet. They appear here once your coordinator schedules them.",
            ),
            EmergencyTitle => ("緊急のとき", "In an emergency"),
            EmergencyCall => ("センターに電話する", "Call the centre"),
            EmergencyHint => (
                "子どもの安全が心配なときは、ためらわずに電話してください。",
                "If you are worried about a child's safety, call without hesitation.",
            ),
            Call189 => (
                "189（児童相談所 虐待対応ダイヤル）",
                "189 (child abuse hotline)",
            ),
            Lock => ("ロックする", "Lock"),
            Logout => (
                "この端末から消去してログアウト",
                "Erase from this phone and sign out",
            ),
            LogoutBody => (
                "この端末に保存された記録と鍵をすべて消去します。未送信の報告も消えます。もう一度使うには、新しい招待が必要です。",
                "Erases every record and key on this phone, including unsent reports. To use it again you need a new invitation.",
            ),
            LogoutConfirm => ("消去する", "Erase"),
            LogoutCancel => ("やめる", "Cancel"),
            VisitsComing => ("これからの訪問", "Coming visits"),
            VisitsNoneToday => ("今日の訪問はありません。", "No visits today."),
            VisitPlace => ("訪問先", "Visit"),
            BriefNotYet => (
                "資料はまだこの端末に届いていません。",
                "The brief has not reached this phone yet.",
            ),
            VisitsOffline => (
                "オフラインです。この端末に保存した予定を表示しています。",
                "Offline: showing what is saved on this phone.",
            ),
            VisitsSyncing => ("最新の予定を確認しています…", "Checking for updates…"),
            BriefRefused => (
                "届いた資料を確認できなかったため、表示していません。",
                "A brief that arrived could not be verified, so it is not shown.",
            ),
            BriefBack => ("今日の訪問にもどる", "Back to today's visits"),
            BriefOnlyReleased => (
                "コーディネーターがあなたに許可した内容だけを表示しています。",
                "Only what your coordinator released to you is shown.",
            ),
            BriefInstructions => ("今日すること", "What to do"),
            BriefAllergies => ("アレルギー", "Allergies"),
            BriefCautions => ("気をつけること", "Take care"),
            BriefDoNotMention => ("話題にしないこと", "Do not mention"),
            BriefOpenMap => ("地図アプリで開く", "Open in the map app"),
            BriefAddressTitle => ("住所", "Address"),
            BriefContacts => ("連絡先", "Contacts"),
            BriefCallCentre => ("センターに電話", "Call the centre"),
            BriefCallCoordinator => ("コーディネーターに電話", "Call the coordinator"),
            BriefOtherFacts => ("ご家庭について", "About the family"),
            BriefMissingTitle => (
                "この資料はこの端末にありません",
                "This brief is not on this phone",
            ),
            BriefMissingBody => (
                "有効期限が過ぎたか、取り消された資料は、この端末から消去されます。",
                "A brief that expired or was withdrawn is erased from this phone.",
            ),
            BriefExpiredTitle => ("有効期限が過ぎました", "This brief has expired"),
            BriefExpiredBody => (
                "有効期限が過ぎたため、この資料はこの端末から消去しました。",
                "Its validity ended, so it was erased from this phone.",
            ),
        }
    }
}

impl Texts for PinProblem {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            PinProblem::TooShort => ("6桁以上の数字にしてください。", "Use at least 6 digits."),
            PinProblem::TooLong => ("12桁以内にしてください。", "Use at most 12 digits."),
            PinProblem::NotDigits => (
                "数字（0〜9）だけを使ってください。",
                "Use digits (0–9) only.",
            ),
            PinProblem::AllSame => (
                "同じ数字のくり返しは使えません。",
                "A PIN of one repeated digit is not allowed.",
            ),
            PinProblem::Sequence => (
                "123456 のような連続した数字は使えません。",
                "Consecutive digits such as 123456 are not allowed.",
            ),
            PinProblem::Repeating => (
                "121212 のようなくり返しは使えません。",
                "Repeating patterns such as 121212 are not allowed.",
            ),
            PinProblem::Common => (
                "よく使われている番号なので使えません。",
                "This PIN is too common.",
            ),
        }
    }
}

/// The Japanese label of each referral field a brief can release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLabel(pub Field);

impl Texts for FieldLabel {
    fn texts(self) -> (&'static str, &'static str) {
        match self.0 {
            Field::Called => ("お呼びする名前", "Name to use"),
            Field::Address => ("住所", "Address"),
            Field::AccessNotes => ("入口・駐車・インターホン", "Door, parking, intercom"),
            Field::Household => ("ご家族", "Household"),
            Field::Allergies => ("アレルギー", "Allergies"),
            Field::Diet => ("食事の配慮", "Diet"),
            Field::Languages => ("使う言葉", "Languages"),
            Field::Pets => ("ペット", "Pets"),
            Field::Support => ("支援の内容", "Support"),
            Field::Goals => ("支援の目標", "Goals"),
            Field::ScheduleWishes => ("希望の日時", "Preferred times"),
            Field::Cautions => ("訪問時の注意", "Cautions"),
            Field::DoNotMention => ("話題にしないこと", "Do not mention"),
        }
    }
}

/// The volunteer's texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VPhrase {
    /// The home screen's greeting.
    Hello { name: String },
    /// Wrong PINs left before the phone stops working.
    LastTries { n: u32 },
    /// A visit's day and time, JST.
    VisitTime { at: i64, minutes: u16 },
    /// When a brief is erased from the phone.
    ValidUntil { at: i64 },
}

impl Phrase for VPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            VPhrase::Hello { name } => (
                format!("{name}さん、おつかれさまです"),
                format!("{name}, thank you for your work"),
            ),
            VPhrase::LastTries { n } => (
                format!("あと{n}回まちがえると、この端末は使えなくなります。"),
                if *n == 1 {
                    "One more wrong try and this phone can no longer be used.".to_owned()
                } else {
                    format!("{n} more wrong tries and this phone can no longer be used.")
                },
            ),
            VPhrase::VisitTime { at, minutes } => visits::visit_time(*at, *minutes),
            VPhrase::ValidUntil { at } => {
                let (ja, en) = visits::date_time(*at);
                (
                    format!("この資料の有効期限：{ja} まで（その時刻にこの端末から消去されます）"),
                    format!("Valid until {en} (then erased from this phone)"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn tries_left_read_naturally_in_both_languages() {
        let three = VPhrase::LastTries { n: 3 };
        assert!(three.text(Lang::Ja).starts_with("あと3回"));
        assert!(three.text(Lang::En).starts_with("3 more wrong tries"));
        assert!(
            VPhrase::LastTries { n: 1 }
                .text(Lang::En)
                .starts_with("One more wrong try")
        );
    }
}

//! The texts of the frame around every screen (brand, connectivity, language, update) and of the
//! pages every bundle shows: the landing page and "not found".

use crate::i18n::Texts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    Tagline,
    ChooseRole,
    RoleVolunteer,
    RoleVolunteerHint,
    RoleCoordinator,
    RoleCoordinatorHint,
    RoleCaseworker,
    RoleCaseworkerHint,
    PromiseTitle,
    PromiseSealed,
    PromiseOffline,
    PromiseGone,
    Online,
    Offline,
    OfflineBanner,
    UpdateReady,
    UpdateNow,
    SwitchLanguage,
    BackToStart,
    NotFoundTitle,
    NotFoundBody,
}

impl Texts for Msg {
    fn texts(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            AppName => ("寄り添い", "Yorisoi"),
            Tagline => (
                "家庭訪問の支援員と、こども家庭センターをつなぐ安全な連絡帳",
                "A safe notebook between home-visit volunteers and the child guidance centre",
            ),
            ChooseRole => ("あなたの役割を選んでください", "Choose your role"),
            RoleVolunteer => ("支援員（ボランティア）", "Volunteer"),
            RoleVolunteerHint => (
                "今日の訪問と支援の要点を見て、訪問後に報告を書きます",
                "See today's visits and brief, then write your visit report",
            ),
            RoleCoordinator => ("コーディネーター", "Coordinator"),
            RoleCoordinatorHint => (
                "支援員の登録、マッチング、共有する情報の承認",
                "Enrol volunteers, match families, approve what each volunteer sees",
            ),
            RoleCaseworker => ("ケースワーカー", "Caseworker"),
            RoleCaseworkerHint => (
                "支援の依頼と、届いた訪問報告の確認",
                "Write referrals and review visit reports",
            ),
            PromiseTitle => ("このアプリの約束", "Our promise"),
            PromiseSealed => (
                "記録は端末の中で暗号化されます。サーバーも内容を読めません。",
                "Records are encrypted on the device. Not even the server can read them.",
            ),
            PromiseOffline => (
                "電波がなくても、書いた報告は消えません。つながったときに送られます。",
                "No signal? Your report is kept and sent when you are back online.",
            ),
            PromiseGone => (
                "支援が終わると、端末の情報は消去されます。",
                "When support ends, the information on the device is erased.",
            ),
            Online => ("オンライン", "Online"),
            Offline => ("オフライン", "Offline"),
            OfflineBanner => (
                "オフラインです。保存した内容は、つながったときに送られます。",
                "You are offline. Saved work will be sent when you reconnect.",
            ),
            UpdateReady => ("新しいバージョンがあります", "A new version is available"),
            UpdateNow => ("更新する", "Update"),
            SwitchLanguage => ("English", "日本語"),
            BackToStart => ("はじめの画面へ", "Back to start"),
            NotFoundTitle => ("ページが見つかりません", "Page not found"),
            NotFoundBody => (
                "アドレスが変わったか、もう使われていないページです。",
                "The address has changed or the page no longer exists.",
            ),
        }
    }
}

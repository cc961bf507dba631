//! Japanese first, English available. Every message is one `Msg` variant whose text is given in
//! both languages in one match arm, so a missing translation is a compile error, not a blank.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

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
    VolunteerTitle,
    VolunteerNotEnrolled,
    VolunteerEnrolHow,
    VolunteerEnrolPrivacy,
    StaffSignInTitle,
    StaffSignInHow,
    CoordinatorTitle,
    CoordinatorDoes,
    CaseworkerTitle,
    CaseworkerDoes,
    NotFoundTitle,
    NotFoundBody,
    EmergencyCall,
    EmergencyHint,
}

/// A set of messages with their texts in both languages. Each area of the app (shell, volunteer,
/// staff, ...) has its own enum, so screens can be added without touching one shared list.
pub trait Texts: Copy + 'static {
    /// (日本語, English)
    fn texts(self) -> (&'static str, &'static str);

    fn text(self, lang: Lang) -> &'static str {
        let (ja, en) = self.texts();
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
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
            VolunteerTitle => ("支援員", "Volunteer"),
            VolunteerNotEnrolled => (
                "この端末はまだ登録されていません",
                "This phone is not enrolled yet",
            ),
            VolunteerEnrolHow => (
                "コーディネーターから受け取った招待のQRコードを読み取るか、招待リンクを開いてください。暗証番号（PIN）を決めると、この端末で使えるようになります。",
                "Scan the invitation QR code from your coordinator, or open the invitation link. Once you choose a PIN, this phone is ready.",
            ),
            VolunteerEnrolPrivacy => (
                "登録した端末には、あなたに許可された情報だけが届きます。",
                "Only what you are allowed to see ever reaches an enrolled phone.",
            ),
            StaffSignInTitle => ("スタッフのログイン", "Staff sign-in"),
            StaffSignInHow => (
                "アカウントは管理者からの招待で作成します。招待メールのリンクを開いてください。",
                "Accounts are created from an administrator's invitation. Open the link in your invitation.",
            ),
            CoordinatorTitle => ("コーディネーター", "Coordinator"),
            CoordinatorDoes => (
                "支援員の招待と誓約書の確認、家庭とのマッチング、支援員ごとに共有する情報の承認、訪問報告の状況確認を行います。",
                "Invite volunteers and check their pledges, match them with families, approve what each volunteer may see, and follow report status.",
            ),
            CaseworkerTitle => ("ケースワーカー", "Caseworker"),
            CaseworkerDoes => (
                "支援の依頼（共有してよい情報と同意）を作成し、届いた訪問報告を緊急度順に確認します。",
                "Write referrals (the shareable facts and consent) and review incoming visit reports by urgency.",
            ),
            NotFoundTitle => ("ページが見つかりません", "Page not found"),
            NotFoundBody => (
                "アドレスが変わったか、もう使われていないページです。",
                "The address has changed or the page no longer exists.",
            ),
            EmergencyCall => ("緊急のときは 189 へ電話", "Emergency: call 189"),
            EmergencyHint => (
                "児童相談所 虐待対応ダイヤル。迷ったら、ためらわずに。",
                "The child guidance centres' hotline. If in doubt, call.",
            ),
        }
    }
}

const LANG_KEY: &str = "yorisoi.lang";

/// The language choice, shared through context. The preference (not personal data) is kept in
/// localStorage so a reload keeps it.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn provide() -> I18n {
        let stored = local_storage()
            .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code));
        let i18n = I18n {
            lang: RwSignal::new(stored.unwrap_or(Lang::Ja)),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(LANG_KEY, lang.code());
            }
        });
        provide_context(i18n);
        i18n
    }

    /// The text in the current language; reactive when called inside a closure.
    pub fn t(self, msg: impl Texts) -> &'static str {
        msg.text(self.lang.get())
    }

    pub fn toggle(self) {
        self.lang.update(|lang| {
            *lang = match lang {
                Lang::Ja => Lang::En,
                Lang::En => Lang::Ja,
            }
        });
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_code_round_trips() {
        for lang in [Lang::Ja, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn japanese_is_japanese_and_english_is_not() {
        assert_eq!(Msg::AppName.text(Lang::Ja), "寄り添い");
        assert!(Msg::Tagline.text(Lang::En).is_ascii());
    }
}

//! The texts every staff screen shares: sign-in, invitations, the gate, the bar, the account.

use crate::i18n::{Phrase, Texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffMsg {
    AlreadySignedIn,
    CodeSixDigits,
    CreateAccount,
    DerivingKeys,
    DisplayName,
    ExpiresAt,
    FillEveryField,
    GoToMyHome,
    InviteAskAgain,
    InviteLead,
    InviteMissing,
    InviteTitle,
    LoginLead,
    LoginName,
    LoginNameCharacters,
    LoginNameHint,
    LoginNameLength,
    LoginNameSpaces,
    LoginNameTaken,
    LoginTitle,
    MyAccount,
    MyKeyFingerprint,
    NewPassword,
    NoAccountYet,
    NoOrganisation,
    NotMe,
    OrgKey,
    OrgKeyWaiting,
    OrgKeyWaitingHint,
    Organisation,
    OtherRoleNote,
    Password,
    PasswordAgain,
    PasswordRules,
    Pledge,
    PledgeNone,
    PledgeSigned,
    PledgeUnsigned,
    PwContainsLogin,
    PwContainsName,
    PwMismatch,
    PwTooCommon,
    PwTooShort,
    ResumeButton,
    Role,
    RoleAdmin,
    RoleCaseworker,
    RoleCoordinator,
    SignInButton,
    SignInHow,
    SignOut,
    StaffSignInTitle,
    TotpCode,
    TotpCodeHint,
    TotpConfirm,
    TotpLead,
    TotpManual,
    TotpQrLabel,
    TotpTitle,
    TotpWrong,
}

impl Texts for StaffMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use StaffMsg::*;
        match self {
            AlreadySignedIn => ("すでにログインしています。", "You are already signed in."),
            CodeSixDigits => (
                "確認コードは、認証アプリに表示されている6桁の数字です。",
                "The code is the 6 digits shown in your authenticator app.",
            ),
            CreateAccount => ("アカウントを作成する", "Create account"),
            DerivingKeys => (
                "パスワードから鍵を作っています。数秒かかることがあります…",
                "Deriving your keys from the password. This can take a few seconds…",
            ),
            DisplayName => ("お名前（表示名）", "Name (as shown)"),
            ExpiresAt => ("有効期限", "Valid until"),
            FillEveryField => (
                "ログイン名とパスワードを入力してください。",
                "Please enter your login name and password.",
            ),
            GoToMyHome => ("自分の画面へ", "Go to my screen"),
            InviteAskAgain => (
                "招待した管理者に、新しい招待リンクを依頼してください。",
                "Please ask the administrator who invited you for a new link.",
            ),
            InviteLead => (
                "あなた専用のアカウントを作ります。パスワードはこの端末の外に送られません。",
                "Create your own account. Your password never leaves this device.",
            ),
            InviteMissing => (
                "招待リンクが見つかりません。届いたリンクを、そのまま開き直してください。",
                "No invitation was found. Please open the link you received again, exactly as it is.",
            ),
            InviteTitle => ("スタッフ登録", "Staff registration"),
            LoginLead => (
                "ログイン名、パスワード、認証アプリの6桁のコードを入力してください。",
                "Enter your login name, password and the 6-digit code from your authenticator app.",
            ),
            LoginName => ("ログイン名", "Login name"),
            LoginNameCharacters => (
                "ログイン名に使えるのは、半角の英小文字・数字と . _ - @ だけです。",
                "Login names use lower-case letters, digits and . _ - @ only.",
            ),
            LoginNameHint => (
                "半角の英小文字・数字と . _ - @ で3〜64文字。ログインのときに使います。",
                "3 to 64 lower-case letters, digits or . _ - @. You use it to sign in.",
            ),
            LoginNameLength => (
                "ログイン名は3〜64文字にしてください。",
                "The login name must be 3 to 64 characters.",
            ),
            LoginNameSpaces => (
                "ログイン名に空白は使えません。",
                "The login name cannot contain spaces.",
            ),
            LoginNameTaken => (
                "このログイン名はすでに使われています。別の名前にしてください。",
                "This login name is taken. Please choose another.",
            ),
            LoginTitle => ("スタッフのログイン", "Staff sign-in"),
            MyAccount => ("アカウント", "Account"),
            MyKeyFingerprint => ("あなたの鍵の指紋", "Your key fingerprint"),
            NewPassword => ("パスワード", "Password"),
            NoAccountYet => (
                "アカウントは管理者からの招待リンクで作ります。",
                "Accounts are created from an administrator's invitation link.",
            ),
            NotMe => (
                "別の人としてログインする（この画面のログインを終了）",
                "Sign in as someone else (ends this sign-in)",
            ),
            NoOrganisation => ("なし（管理者）", "None (administrator)"),
            OrgKey => ("組織の鍵", "Organisation key"),
            OrgKeyWaiting => ("受け取り待ち", "Waiting"),
            OrgKeyWaitingHint => (
                "組織の鍵は、すでに鍵を持つ人（管理者など）が次にログインしたときに自動で届きます。",
                "The organisation key arrives automatically the next time someone who holds it (such as the administrator) signs in.",
            ),
            Organisation => ("組織", "Organisation"),
            OtherRoleNote => (
                "このページは別の役割の方のためのものです。",
                "This page is for another role.",
            ),
            Password => ("パスワード", "Password"),
            PasswordAgain => (
                "パスワード（確認のためもう一度）",
                "Password (once more, to check)",
            ),
            PasswordRules => (
                "12文字以上。よく使われるものや、ログイン名・お名前を含むものは使えません。長い文章がおすすめです。",
                "At least 12 characters; not a common password and not containing your login name or name. A long sentence works well.",
            ),
            Pledge => ("誓約書", "Pledge"),
            PledgeNone => ("誓約書なし", "No pledge"),
            PledgeSigned => ("署名済", "Signed"),
            PledgeUnsigned => ("未署名", "Not signed"),
            PwContainsLogin => (
                "パスワードにログイン名を含めないでください。",
                "The password must not contain your login name.",
            ),
            PwContainsName => (
                "パスワードにお名前を含めないでください。",
                "The password must not contain your name.",
            ),
            PwMismatch => (
                "確認のために入力したパスワードが一致しません。",
                "The two passwords do not match.",
            ),
            PwTooCommon => (
                "このパスワードはよく使われていて、すぐに推測されます。別のものにしてください。",
                "This password is very common and easy to guess. Please choose another.",
            ),
            PwTooShort => (
                "パスワードは12文字以上にしてください。",
                "The password must be at least 12 characters.",
            ),
            ResumeButton => ("続ける", "Continue"),
            Role => ("役割", "Role"),
            RoleAdmin => ("管理者", "Administrator"),
            RoleCaseworker => ("ケースワーカー", "Caseworker"),
            RoleCoordinator => ("コーディネーター", "Coordinator"),
            SignInButton => ("ログイン", "Sign in"),
            SignInHow => (
                "アカウントは管理者からの招待で作成します。作成済みの方はログインしてください。",
                "Accounts are created from an administrator's invitation. If you have one, please sign in.",
            ),
            SignOut => ("ログアウト", "Sign out"),
            StaffSignInTitle => ("スタッフのログイン", "Staff sign-in"),
            TotpCode => ("確認コード（6桁）", "Code (6 digits)"),
            TotpCodeHint => (
                "認証アプリに表示されている数字です。30秒ごとに変わります。",
                "The number shown in your authenticator app. It changes every 30 seconds.",
            ),
            TotpConfirm => ("確認して始める", "Confirm and start"),
            TotpLead => (
                "スマートフォンの認証アプリ（Google Authenticator など）でQRコードを読み取り、表示された6桁を入力してください。",
                "Scan the QR code with an authenticator app on your phone (such as Google Authenticator) and enter the 6 digits it shows.",
            ),
            TotpManual => (
                "読み取れないときは、次のキーを手で入力してください。",
                "If you cannot scan it, type this key by hand.",
            ),
            TotpQrLabel => (
                "認証アプリ登録用のQRコード",
                "QR code for your authenticator app",
            ),
            TotpTitle => ("認証アプリの登録", "Set up your authenticator app"),
            TotpWrong => (
                "確認コードが正しくありません。アプリに表示されている最新の6桁を入力してください。",
                "The code is not correct. Please enter the latest 6 digits shown in the app.",
            ),
        }
    }
}

/// Staff texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffPhrase {
    /// This browser handed the organisation key to `n` members who were waiting for it.
    Granted { n: usize },
    /// The pledge is signed: which version, and when.
    PledgeSignedOn { version: i64, at: String },
    /// After a reload: whose session continues with the password.
    ContinueAs { name: String },
    /// An invitation's end (a formatted time).
    ValidUntil { at: String },
}

impl Phrase for StaffPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            StaffPhrase::Granted { n } => (
                format!("組織の鍵を新しいメンバー{n}人に渡しました。"),
                if *n == 1 {
                    "Handed the organisation key to 1 new member.".to_owned()
                } else {
                    format!("Handed the organisation key to {n} new members.")
                },
            ),
            StaffPhrase::PledgeSignedOn { version, at } => (
                format!("署名済（第{version}版・{at}）"),
                format!("Signed (version {version} · {at})"),
            ),
            StaffPhrase::ContinueAs { name } => (
                format!(
                    "{name} さんとしてログイン中です。続けるには、パスワードを入力してください。"
                ),
                format!("Signed in as {name}. Enter your password to continue."),
            ),
            StaffPhrase::ValidUntil { at } => {
                (format!("有効期限：{at}"), format!("Valid until {at}"))
            }
        }
    }
}

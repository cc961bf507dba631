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
            MyKeyFingerprint => ("あなたの確認コード", "Your code"),
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
            OrgKeyWaiting => ("未確認", "Not verified"),
            OrgKeyWaitingHint => (
                "組織の鍵は自動では届きません。「チームと鍵」の画面で、確認コードを見比べて承認してもらってください。",
                "The organisation key never arrives by itself: on \"Team and keys\", compare codes with a member who holds it.",
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

/// The "team and keys" screen: comparing codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamMsg {
    TabTeam,
    MyCodeTitle,
    MyCodeHint,
    OrgKeyTitle,
    NoIdentity,
    CreateIdentity,
    Waiting,
    CheckAgain,
    SameCode,
    DifferentCode,
    Trusted,
    Changed,
    MembersTitle,
    MembersHint,
    NoMembers,
    TheirCode,
    MemberConfirmed,
    MemberWaiting,
    MemberSuspicious,
    StartCompare,
    CompareMemberHow,
    SameConfirm,
    NotSame,
    PeersTitle,
    PeersHint,
    NoPeers,
    PeerNoIdentity,
    PeerConfirmed,
    ComparePeerHow,
    PeerChanged,
    BannerNoIdentity,
    BannerWaiting,
    BannerCompare,
    GoToTeam,
}

impl Texts for TeamMsg {
    fn texts(self) -> (&'static str, &'static str) {
        use TeamMsg::*;
        match self {
            TabTeam => ("チームと鍵", "Team and keys"),
            MyCodeTitle => ("あなたの確認コード", "Your code"),
            MyCodeHint => (
                "組織の鍵を持つメンバーがあなたを承認するとき、このコードを一緒に見比べます。コードは秘密ではありません。",
                "When a member who holds the organisation's key confirms you, you compare this code together. It is not a secret.",
            ),
            OrgKeyTitle => ("組織の鍵", "Organisation key"),
            NoIdentity => (
                "この組織の鍵はまだ作られていません。あなたがこの組織の最初のメンバーなら、ここで作成してください。鍵はこのブラウザの中で作られ、サーバーには封をした形でしか届きません。",
                "This organisation's key has not been made yet. If you are its first member, make it here. It is made in this browser and reaches the server only sealed.",
            ),
            CreateIdentity => ("組織の鍵を作成する", "Make the organisation key"),
            Waiting => (
                "組織の鍵を持っているメンバーに、上の「あなたの確認コード」を見せて承認してもらってください。承認されたら「状態を確認する」を押してください。",
                "Ask a member who holds the organisation's key to confirm you, showing them \"Your code\" above. Once confirmed, press \"Check again\".",
            ),
            CheckAgain => ("状態を確認する", "Check again"),
            SameCode => ("同じです", "It is the same"),
            DifferentCode => (
                "違う場合は押さずに、すぐに管理者に連絡してください。違う鍵を信じると、情報が第三者に読まれるおそれがあります。",
                "If it differs, do not press it and tell your administrator at once: trusting another key could let someone else read information.",
            ),
            Trusted => (
                "確認済みです。この組織の鍵で封をします。",
                "Verified. Information is sealed with this organisation key.",
            ),
            Changed => (
                "サーバーが示す組織の鍵が、確認済みの鍵と違います。安全のため、封をする操作をすべて止めています。すぐに管理者に連絡してください。",
                "The server shows an organisation key different from the verified one. For safety, all sealing is stopped. Tell your administrator at once.",
            ),
            MembersTitle => ("メンバー", "Members"),
            MembersHint => (
                "新しいメンバーは、本人の画面の「あなたの確認コード」と、ここに表示されるコードが同じことを一緒に確かめてから承認してください。自動では承認されません。",
                "Confirm a new member only after checking together that the code on their own screen matches the one here. Nobody is confirmed automatically.",
            ),
            NoMembers => ("メンバーはいません。", "No members."),
            TheirCode => ("確認コード", "Code"),
            MemberConfirmed => ("承認済み", "Confirmed"),
            MemberWaiting => ("承認待ち", "Waiting"),
            MemberSuspicious => (
                "要確認：この組織の承認ではありません",
                "Check: not confirmed by this organisation",
            ),
            StartCompare => ("確認コードを見比べて承認する", "Compare codes and confirm"),
            CompareMemberHow => (
                "本人と一緒に、本人の画面の「あなたの確認コード」が次と同じか確かめてください。",
                "With the person, check that \"Your code\" on their screen is exactly this:",
            ),
            SameConfirm => ("同じなので承認する", "Same: confirm"),
            NotSame => ("違う・やめる", "Different: cancel"),
            PeersTitle => ("連携する組織", "Organisations we work with"),
            PeersHint => (
                "相手の組織の鍵は、一度だけ、相手の方と電話などで確認コードを読み合わせてから確認済みにします。確認済みになるまで、その組織あての情報は封をできません。",
                "Verify another organisation's key once, by reading its code aloud with someone there (by phone, say). Until then nothing can be sealed to that organisation.",
            ),
            NoPeers => (
                "連携する組織はまだありません。",
                "No partner organisations yet.",
            ),
            PeerNoIdentity => (
                "相手の組織の鍵はまだ作られていません。",
                "That organisation has not made its key yet.",
            ),
            PeerConfirmed => ("確認済み", "Verified"),
            ComparePeerHow => (
                "相手の組織の方に、その方の画面の「組織の確認コード」を読み上げてもらい、次と同じか確かめてください。",
                "Ask someone at that organisation to read out the organisation code on their screen, and check it is exactly this:",
            ),
            PeerChanged => (
                "この組織の鍵が、確認済みの鍵と違います。封をする操作を止めています。管理者に連絡してください。",
                "This organisation's key differs from the verified one. Sealing to it is stopped. Tell your administrator.",
            ),
            BannerNoIdentity => (
                "組織の鍵がまだありません。",
                "Your organisation has no key yet.",
            ),
            BannerWaiting => (
                "組織の鍵を持つメンバーの承認を待っています。",
                "Waiting for a member who holds the organisation key to confirm you.",
            ),
            BannerCompare => (
                "組織の確認コードの読み合わせが必要です。",
                "Please compare the organisation code.",
            ),
            GoToTeam => ("「チームと鍵」を開く", "Open \"Team and keys\""),
        }
    }
}

/// The team screen's texts that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamPhrase {
    /// After being confirmed: compare the organisation's code with whoever confirmed me.
    CompareWithGranter { name: String },
}

impl Phrase for TeamPhrase {
    fn phrase(&self) -> (String, String) {
        match self {
            TeamPhrase::CompareWithGranter { name } if name.is_empty() => (
                "あなたは承認されました。あなたを承認した人の画面の「組織の鍵」に表示されているコードが、次と同じか確かめてください。".to_owned(),
                "You have been confirmed. Check that the code under \"Organisation key\" on the screen of the person who confirmed you is exactly this:".to_owned(),
            ),
            TeamPhrase::CompareWithGranter { name } => (
                format!("{name} さんがあなたを承認しました。{name} さんの画面の「組織の鍵」に表示されているコードが、次と同じか確かめてください。"),
                format!("{name} confirmed you. Check that the code under \"Organisation key\" on {name}'s screen is exactly this:"),
            ),
        }
    }
}

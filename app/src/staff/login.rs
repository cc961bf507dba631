//! `/login`: login name, password and the authenticator's code. The password is stretched in the
//! browser; only the derived login secret is sent, and the identity seed is unwrapped here.

use domain::api::{SecretB64, StaffLogin, StaffSession};
use domain::identity::IdentitySeed;
use domain::wrap::staff::derive;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::password::normalise_login_name;
use super::session::{self, use_staff};
use super::{StaffBar, StaffMsg, let_the_spinner_show};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::BackToStart;
use crate::ui::{ErrorNote, Field, PrimaryButton, ProblemNote, max_chars};

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let navigate = use_navigate();
    let login_name = RwSignal::new(String::new());
    let password_value = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let name = normalise_login_name(&login_name.get_untracked());
        let pw = password_value.get_untracked();
        if name.is_empty() || pw.is_empty() {
            problem.set(Some(StaffMsg::FillEveryField));
            return;
        }
        let Some(typed) = six_digits(&code.get_untracked()) else {
            problem.set(Some(StaffMsg::CodeSixDigits));
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match sign_in(name, &pw, typed).await {
                Ok((session, secret)) => {
                    let role = session.role;
                    session::complete_sign_in(staff, session, secret)
                        .await
                        .map(|()| staff.after_sign_in(role))
                }
                Err(err) => Err(err),
            };
            // Success replaces this screen: its signals are touched only on failure (an update
            // queued just before the screen is disposed would abort the app).
            match result {
                Ok(next) => navigate(&next, Default::default()),
                Err(err) => {
                    busy.set(false);
                    // A failed sign-in asks for a fresh code: the used one is spent.
                    code.set(String::new());
                    error.set(Some(err));
                }
            }
        });
    };

    let signed_in = Memo::new(move |_| {
        staff
            .signed_in
            .with(|s| s.as_ref().map(|s| session::home_path(s.session.role)))
    });
    view! {
        <h1 class="page-title" data-testid="login-title">{t(StaffMsg::LoginTitle)}</h1>
        {move || match signed_in.get() {
            Some(home) => view! {
                <StaffBar />
                <p class="note note-info">{t(StaffMsg::AlreadySignedIn)}</p>
                <A href=home attr:class="button button-block" attr:data-testid="go-home">
                    {t(StaffMsg::GoToMyHome)}
                </A>
            }
            .into_any(),
            None => view! {
                <p class="lead">{t(StaffMsg::LoginLead)}</p>
                <form class="form" on:submit=submit.clone() data-testid="login-form">
                    <Field
                        label=ts(StaffMsg::LoginName)
                        value=login_name
                        autocomplete="username"
                        testid="login-name"
                        maxlength=max_chars(&domain::rules::LOGIN_NAME)
                    />
                    <Field
                        label=ts(StaffMsg::Password)
                        value=password_value
                        kind="password"
                        autocomplete="current-password"
                        testid="password"
                    />
                    <TotpCodeField code=code />
                    <ProblemNote problem=problem />
                    <ErrorNote error=error />
                    <Show when=move || busy.get()>
                        <p class="note note-info" role="status">{t(StaffMsg::DerivingKeys)}</p>
                    </Show>
                    <PrimaryButton label=ts(StaffMsg::SignInButton) busy=busy testid="login" />
                </form>
                <p class="muted">{t(StaffMsg::NoAccountYet)}</p>
                <BackToStart />
            }
            .into_any(),
        }}
    }
}

/// Parameters → Argon2id → login → unwrap the private key.
async fn sign_in(
    login_name: String,
    password: &str,
    totp_code: String,
) -> Result<(StaffSession, IdentitySeed), AppError> {
    let params = api::staff::login_params(login_name.clone()).await?;
    let_the_spinner_show().await;
    let keys = derive(password, &params.kdf)?;
    let body = StaffLogin {
        login_name,
        login_secret: SecretB64::from_slice(keys.login_secret().as_bytes()),
        totp_code,
    };
    let session = api::staff::login(&body).await?;
    let seed = keys.unwrap_seed(&session.wrapped_key.0)?;
    Ok((session, seed))
}

/// The 6-digit code from the authenticator app (sign-in and enrolment).
#[component]
pub fn TotpCodeField(code: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    view! {
        <Field
            label=ts(StaffMsg::TotpCode)
            hint=ts(StaffMsg::TotpCodeHint)
            value=code
            inputmode="numeric"
            autocomplete="one-time-code"
            testid="totp-code"
            maxlength=6
        />
    }
}

/// What was typed in the code field, if it is 6 digits (spaces from copying are dropped).
pub fn six_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_ascii_digits() {
        assert_eq!(six_digits("123 456").as_deref(), Some("123456"));
        assert_eq!(six_digits("12345"), None);
        assert_eq!(six_digits("12a456"), None);
        assert_eq!(six_digits("１２３４５６"), None);
    }
}

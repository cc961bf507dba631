//! `/invite#TOKEN`: a staff member accepts an invitation, chooses a password (which never leaves
//! the browser), enrols an authenticator app, and signs the pledge if one is owed.

use domain::api::{B64, ErrorCode, SecretB64, StaffInviteInfo, StaffRegister, TotpEnrolment};
use domain::identity::IdentitySeed;
use domain::wrap::staff::{KdfParams, derive};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::login::{TotpCodeField, six_digits};
use super::password::{self, LoginNameProblem, PasswordProblem};
use super::session::{self, use_staff};
use super::{StaffMsg, let_the_spinner_show, role_msg};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::BackToStart;
use crate::ui::{
    ErrorNote, Field, PrimaryButton, ProblemNote, QrCode, UiMsg, format_time, max_chars,
};

#[derive(Clone)]
enum Step {
    Loading,
    NoToken,
    Failed,
    Form(StaffInviteInfo),
    Totp(TotpEnrolment),
}

/// Reads the token from the fragment and removes it from the address bar at once, so it is not
/// left in the history, a bookmark or a screenshot.
fn take_token_from_url() -> Option<String> {
    let location = window().location();
    let token = location
        .hash()
        .ok()?
        .trim_start_matches('#')
        .trim()
        .to_owned();
    if let Ok(history) = window().history() {
        let path = location.pathname().unwrap_or_else(|_| "/invite".into());
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    (!token.is_empty()).then_some(token)
}

pub fn password_problem_msg(p: PasswordProblem) -> StaffMsg {
    match p {
        PasswordProblem::TooShort => StaffMsg::PwTooShort,
        PasswordProblem::TooCommon => StaffMsg::PwTooCommon,
        PasswordProblem::ContainsLoginName => StaffMsg::PwContainsLogin,
        PasswordProblem::ContainsDisplayName => StaffMsg::PwContainsName,
        PasswordProblem::Mismatch => StaffMsg::PwMismatch,
    }
}

pub fn login_name_problem_msg(p: LoginNameProblem) -> StaffMsg {
    match p {
        LoginNameProblem::Length => StaffMsg::LoginNameLength,
        LoginNameProblem::Spaces => StaffMsg::LoginNameSpaces,
        LoginNameProblem::Characters => StaffMsg::LoginNameCharacters,
    }
}

#[component]
pub fn AcceptInvite() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let token = StoredValue::new(take_token_from_url().unwrap_or_default());
    let step = RwSignal::new(if token.with_value(String::is_empty) {
        Step::NoToken
    } else {
        Step::Loading
    });
    let error = RwSignal::new(None::<AppError>);
    // The new key pair, kept until the TOTP confirmation signs the person in.
    let pair = StoredValue::new(None::<IdentitySeed>);

    if !token.with_value(String::is_empty) {
        spawn_local(async move {
            match api::staff::inspect_invite(token.get_value()).await {
                Ok(info) => step.set(Step::Form(info)),
                Err(err) => {
                    error.set(Some(err));
                    step.set(Step::Failed);
                }
            }
        });
    }

    move || match step.get() {
        Step::Loading => {
            view! { <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p> }.into_any()
        }
        Step::NoToken => view! {
            <h1 class="page-title" data-testid="invite-title">{t(StaffMsg::InviteTitle)}</h1>
            <p class="note note-warn" data-testid="invite-missing">{t(StaffMsg::InviteMissing)}</p>
            <BackToStart />
        }
        .into_any(),
        Step::Failed => view! {
            <h1 class="page-title" data-testid="invite-title">{t(StaffMsg::InviteTitle)}</h1>
            <ErrorNote error=error />
            <p class="muted">{t(StaffMsg::InviteAskAgain)}</p>
            <BackToStart />
        }
        .into_any(),
        Step::Form(info) => {
            view! { <RegisterForm info=info token=token pair=pair step=step /> }.into_any()
        }
        Step::Totp(enrolment) => view! { <TotpStep enrolment=enrolment pair=pair /> }.into_any(),
    }
}

#[component]
fn RegisterForm(
    info: StaffInviteInfo,
    token: StoredValue<String>,
    pair: StoredValue<Option<IdentitySeed>>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let login_name = RwSignal::new(String::new());
    let password_value = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let display_name = StoredValue::new(info.display_name.clone());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let name = password::normalise_login_name(&login_name.get_untracked());
        if let Err(p) = password::check_login_name(&name) {
            problem.set(Some(login_name_problem_msg(p)));
            return;
        }
        let pw = password_value.get_untracked();
        if let Err(p) = password::check_password(
            &pw,
            &again.get_untracked(),
            &name,
            &display_name.get_value(),
        ) {
            problem.set(Some(password_problem_msg(p)));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let_the_spinner_show().await;
            let result = register(token.get_value(), name, &pw).await;
            busy.set(false);
            match result {
                Ok((new_pair, enrolment)) => {
                    password_value.set(String::new());
                    again.set(String::new());
                    pair.set_value(Some(new_pair));
                    step.set(Step::Totp(enrolment));
                }
                Err(AppError::Api(ErrorCode::Conflict)) => {
                    problem.set(Some(StaffMsg::LoginNameTaken));
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };

    let role = role_msg(info.role);
    let org = info.organisation_name.clone();
    view! {
        <h1 class="page-title" data-testid="invite-title">{t(StaffMsg::InviteTitle)}</h1>
        <p class="lead">{t(StaffMsg::InviteLead)}</p>
        <dl class="card staff-facts" data-testid="invite-info">
            <div>
                <dt>{t(StaffMsg::Role)}</dt>
                <dd data-testid="invite-role">{move || i18n.t(role)}</dd>
            </div>
            <div>
                <dt>{t(StaffMsg::Organisation)}</dt>
                <dd data-testid="invite-org">
                    {match org {
                        Some(o) => o.into_any(),
                        None => t(StaffMsg::NoOrganisation).into_any(),
                    }}
                </dd>
            </div>
            <div>
                <dt>{t(StaffMsg::DisplayName)}</dt>
                <dd data-testid="invite-name">{info.display_name.clone()}</dd>
            </div>
            <div>
                <dt>{t(StaffMsg::ExpiresAt)}</dt>
                <dd>{format_time(info.expires_at)}</dd>
            </div>
        </dl>
        <form class="form" on:submit=submit data-testid="register-form">
            <Field
                label=ts(StaffMsg::LoginName)
                hint=ts(StaffMsg::LoginNameHint)
                value=login_name
                autocomplete="username"
                testid="login-name"
                maxlength=max_chars(&domain::rules::LOGIN_NAME)
            />
            <Field
                label=ts(StaffMsg::NewPassword)
                hint=ts(StaffMsg::PasswordRules)
                value=password_value
                kind="password"
                autocomplete="new-password"
                testid="password"
            />
            <Field
                label=ts(StaffMsg::PasswordAgain)
                value=again
                kind="password"
                autocomplete="new-password"
                testid="password-again"
            />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            <Show when=move || busy.get()>
                <p class="note note-info" role="status">{t(StaffMsg::DerivingKeys)}</p>
            </Show>
            <PrimaryButton label=ts(StaffMsg::CreateAccount) busy=busy testid="register" />
        </form>
    }
}

/// The slow part: Argon2id, a fresh identity, the wrap of its seed, then the relay.
async fn register(
    token: String,
    login_name: String,
    password: &str,
) -> Result<(IdentitySeed, TotpEnrolment), AppError> {
    let params = KdfParams::generate()?;
    let keys = derive(password, &params)?;
    let seed = IdentitySeed::generate()?;
    let wrapped = keys.wrap_seed(&seed)?;
    let body = StaffRegister {
        token,
        login_name,
        login_secret: SecretB64::from_slice(keys.login_secret().as_bytes()),
        identity: seed.identity()?.public(),
        wrapped_key: B64(wrapped),
    };
    let enrolment = api::staff::register(&body).await?;
    Ok((seed, enrolment))
}

#[component]
fn TotpStep(enrolment: TotpEnrolment, pair: StoredValue<Option<IdentitySeed>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let Some(typed) = six_digits(&code.get_untracked()) else {
            problem.set(Some(StaffMsg::CodeSixDigits));
            return;
        };
        let Some(secret) = pair.with_value(Clone::clone) else {
            error.set(Some(AppError::Crypto));
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match api::staff::confirm_totp(typed).await {
                Ok(session) => {
                    let home = session::home_path(session.role);
                    session::complete_sign_in(staff, session, secret)
                        .await
                        .map(|()| home)
                }
                Err(err) => Err(err),
            };
            // Success replaces this screen: reset its signals only on failure.
            match result {
                Ok(home) => {
                    pair.set_value(None);
                    navigate(home, Default::default());
                }
                Err(
                    AppError::Unauthorized
                    | AppError::Api(ErrorCode::InvalidCredentials | ErrorCode::InvalidBody),
                ) => {
                    busy.set(false);
                    problem.set(Some(StaffMsg::TotpWrong));
                }
                Err(err) => {
                    busy.set(false);
                    error.set(Some(err));
                }
            }
        });
    };

    let uri = enrolment.otpauth_uri.clone();
    view! {
        <h1 class="page-title" data-testid="totp-title">{t(StaffMsg::TotpTitle)}</h1>
        <p class="lead">{t(StaffMsg::TotpLead)}</p>
        <section class="card staff-totp">
            <QrCode data=uri label=ts(StaffMsg::TotpQrLabel) />
            <p class="field-hint">{t(StaffMsg::TotpManual)}</p>
            <p class="code staff-secret" data-testid="totp-secret">
                {group_by_four(&enrolment.secret_base32)}
            </p>
        </section>
        <form class="form" on:submit=submit data-testid="totp-form">
            <TotpCodeField code=code />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            <PrimaryButton label=ts(StaffMsg::TotpConfirm) busy=busy testid="totp-confirm" />
        </form>
    }
}

/// "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into an authenticator by hand.
fn group_by_four(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_shown_in_groups_of_four() {
        assert_eq!(group_by_four("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(group_by_four("ABCDEF"), "ABCD EF");
    }
}

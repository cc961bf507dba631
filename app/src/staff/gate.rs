//! The gate in front of each role's section: the way to sign in while signed out, the password
//! alone after a reload of a live session, the pledge while one is owed, the screens once ready.

use domain::api::{PledgeAcceptance, StaffRole, StaffSession};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::session::{self, Resume, use_staff};
use super::{StaffBar, StaffMsg, StaffPhrase, let_the_spinner_show};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::BackToStart;
use crate::ui::{ErrorNote, Field, PledgeForm, PrimaryButton, UiMsg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Asking the relay whether a session from before the reload is alive.
    Checking,
    SignedOut,
    /// A live session without its keys in memory: only the password is needed.
    Resume,
    OtherRole(StaffRole),
    Pledge,
    Ready,
}

/// A role's section. `title` and `does` are (日本語, English) pairs from the role's messages.
#[component]
pub fn RoleGate(
    role: StaffRole,
    title: (&'static str, &'static str),
    does: (&'static str, &'static str),
    testid: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let location = use_location();
    let phase = Memo::new(move |_| {
        staff.signed_in.with(|s| match s {
            Some(s) if s.session.role != role => Phase::OtherRole(s.session.role),
            Some(s) if session::pledge_required(&s.session.pledge) => Phase::Pledge,
            Some(_) => Phase::Ready,
            None => staff.resume.with(|r| match r {
                Resume::Checking => Phase::Checking,
                Resume::Nothing => Phase::SignedOut,
                Resume::Session(_) => Phase::Resume,
            }),
        })
    });
    // A screen opened while signed out (or whose session ended before the password was typed)
    // is where the sign-in leads back to: a path, ids at most, never names. Not after signing
    // out from a screen: the next person starts at their own home.
    Effect::new(move |before: Option<Phase>| {
        let now = phase.get();
        let opened = before.is_none_or(|b| matches!(b, Phase::Checking | Phase::Resume));
        if now == Phase::SignedOut && opened {
            staff.remember_screen(location.pathname.get_untracked());
        }
        now
    });
    let title_text = move || i18n.pick(title);
    move || {
        match phase.get() {
        Phase::Checking => view! {
            <p class="muted" role="status" data-testid="staff-checking">{move || i18n.t(UiMsg::Loading)}</p>
        }
        .into_any(),
        Phase::SignedOut => view! {
            <h1 class="page-title" data-testid=testid>{title_text}</h1>
            <p class="lead">{move || i18n.pick(does)}</p>
            <section class="card">
                <h2 class="card-title">{move || i18n.t(StaffMsg::StaffSignInTitle)}</h2>
                <p>{move || i18n.t(StaffMsg::SignInHow)}</p>
                <A href="/login" attr:class="button button-block" attr:data-testid="go-login">
                    {move || i18n.t(StaffMsg::SignInButton)}
                </A>
            </section>
            <BackToStart />
        }
        .into_any(),
        Phase::Resume => view! {
            <h1 class="page-title" data-testid=testid>{title_text}</h1>
            <PasswordResume />
        }
        .into_any(),
        Phase::OtherRole(other) => view! {
            <StaffBar />
            <h1 class="page-title" data-testid=testid>{title_text}</h1>
            <p class="note note-warn">{move || i18n.t(StaffMsg::OtherRoleNote)}</p>
            <A href=session::home_path(other) attr:class="button button-block" attr:data-testid="go-home">
                {move || i18n.t(StaffMsg::GoToMyHome)}
            </A>
        }
        .into_any(),
        Phase::Pledge => view! { <StaffBar /><PledgeStep /> }.into_any(),
        Phase::Ready => children().into_any(),
    }
    }
}

/// After a reload: the password opens the keys of the session that is still alive. A shared
/// computer's next user can end that session instead.
#[component]
fn PasswordResume() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let live = move || {
        staff.resume.with(|r| match r {
            Resume::Session(s) => Some(StaffSession::clone(s)),
            _ => None,
        })
    };
    let name = move || live().map(|s| s.display_name).unwrap_or_default();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = password.get_untracked();
        let Some(session) = live() else {
            return;
        };
        if typed.is_empty() {
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let_the_spinner_show().await;
            // Success replaces this form with the screen: touch its signals only on failure.
            if let Err(err) = session::resume(staff, session, &typed).await {
                busy.set(false);
                password.set(String::new());
                error.set(Some(err));
            }
        });
    };
    let someone_else = move |_| {
        busy.set(true);
        spawn_local(session::end_resumable(staff));
    };

    view! {
        <p class="lead" data-testid="resume-who">
            {move || i18n.say(&StaffPhrase::ContinueAs { name: name() })}
        </p>
        <form class="form" on:submit=submit data-testid="resume-form">
            <Field
                label=ts(StaffMsg::Password)
                value=password
                kind="password"
                autocomplete="current-password"
                testid="password"
            />
            <ErrorNote error=error />
            <Show when=move || busy.get()>
                <p class="note note-info" role="status">{t(StaffMsg::DerivingKeys)}</p>
            </Show>
            <PrimaryButton label=ts(StaffMsg::ResumeButton) busy=busy testid="resume" />
        </form>
        <div class="stack">
            <button
                type="button"
                class="button button-secondary button-block"
                data-testid="resume-someone-else"
                disabled=move || busy.get()
                on:click=someone_else
            >
                {t(StaffMsg::NotMe)}
            </button>
        </div>
    }
}

/// The organisation's pledge, owed before anything else (DESIGN §4).
#[component]
fn PledgeStep() -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let pledge = LocalResource::new(api::pledge::current);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    move || match pledge.get() {
        None => {
            view! { <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p> }.into_any()
        }
        Some(Err(err)) => {
            let load_error = RwSignal::new(Some(err));
            view! { <ErrorNote error=load_error /> }.into_any()
        }
        Some(Ok(p)) => {
            let (version, hash) = (p.version, p.hash.clone());
            let on_accept = Callback::new(move |typed_name: String| {
                busy.set(true);
                error.set(None);
                let hash = hash.clone();
                spawn_local(async move {
                    let body = PledgeAcceptance {
                        version,
                        hash,
                        typed_name,
                        signature: None,
                    };
                    match api::pledge::accept(&body).await {
                        Ok(status) => {
                            if session::refresh_session(staff).await.is_err() {
                                staff.update(|s| s.session.pledge = status);
                            }
                        }
                        // Success replaces this screen: reset its signals only on failure.
                        Err(err) => {
                            busy.set(false);
                            error.set(Some(err));
                        }
                    }
                });
            });
            view! { <PledgeForm pledge=p busy=busy error=error on_accept=on_accept /> }.into_any()
        }
    }
}

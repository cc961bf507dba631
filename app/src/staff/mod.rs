//! The staff screens (admin, coordinator, caseworker): desktop and tablet first, still usable at
//! 360 px. Everything here runs after a password + TOTP sign-in whose keys live in memory only
//! (`session`).

pub mod admin;
pub mod caseworker;
pub mod coordinator;
pub mod invite;
pub mod keys;
pub mod login;
pub mod msg;
mod password;
pub mod session;

use domain::wire::{OrgKind, PledgeStatus, StaffRole};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::{ErrorNote, Field, PledgeForm};
use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use crate::pages::not_found::BackToStart;
use msg::StaffMsg;
use session::{StaffState, use_staff};

pub fn role_msg(role: StaffRole) -> StaffMsg {
    match role {
        StaffRole::Admin => StaffMsg::RoleAdmin,
        StaffRole::Coordinator => StaffMsg::RoleCoordinator,
        StaffRole::Caseworker => StaffMsg::RoleCaseworker,
    }
}

pub fn org_kind_msg(kind: OrgKind) -> StaffMsg {
    match kind {
        OrgKind::Centre => StaffMsg::KindCentre,
        OrgKind::Partner => StaffMsg::KindPartner,
    }
}

/// Unix milliseconds as local `YYYY/MM/DD HH:MM`.
pub fn format_time(ms: i64) -> String {
    // Exact for every real timestamp (well below 2^53).
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{}/{:02}/{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// 第3版 / version 3.
pub fn version_label(i18n: crate::i18n::I18n, version: i64) -> String {
    match i18n.lang.get() {
        crate::Lang::Ja => format!("第{version}版"),
        crate::Lang::En => format!("version {version}"),
    }
}

/// "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into an authenticator by hand.
pub fn group_by_four(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `location.origin`, for turning a relay path into a link to show or put in a QR code.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Who is signed in, and the way out; on top of every signed-in staff screen.
#[component]
pub fn StaffBar() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let who = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .map(|s| s.session.display_name.clone())
                .unwrap_or_default()
        })
    };
    let role = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .map(|s| i18n.t(role_msg(s.session.role)))
                .unwrap_or_default()
        })
    };
    let org = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .and_then(|s| s.session.organisation.as_ref())
                .map(|o| o.name.clone())
        })
    };
    let sign_out = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            session::sign_out(staff).await;
            navigate("/login", Default::default());
        });
    };
    view! {
        <div class="staff-bar" data-testid="staff-bar">
            <div class="staff-bar-who">
                <span class="staff-bar-name" data-testid="staff-name">{who}</span>
                <span class="badge">{role}</span>
                {move || org().map(|o| view! { <span class="staff-bar-org">{o}</span> })}
            </div>
            <button
                type="button"
                class="button button-secondary staff-bar-signout"
                data-testid="sign-out"
                disabled=move || busy.get()
                on:click=sign_out
            >
                {move || i18n.t(StaffMsg::SignOut)}
            </button>
        </div>
        <Show when=move || staff.granted.get().is_some()>
            <p class="note note-info" role="status" data-testid="grants-note">
                {move || {
                    let n = staff.granted.get().unwrap_or(0);
                    format!("{}{}", i18n.t(StaffMsg::GrantedPrefix), n)
                        + i18n.t(StaffMsg::GrantedSuffix)
                }}
            </p>
        </Show>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    SignedOut,
    OtherRole(StaffRole),
    Pledge,
    Ready,
}

/// A role's section: the explanation and the way to sign in while signed out, the pledge while
/// one is owed, the screens once ready.
#[component]
pub fn RoleGate(
    role: StaffRole,
    /// (日本語, English), from `Texts::texts`.
    title: (&'static str, &'static str),
    does: (&'static str, &'static str),
    testid: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let staff = use_staff();
    let phase = Memo::new(move |_| {
        staff.signed_in.with(|s| match s {
            None => Phase::SignedOut,
            Some(s) if s.session.role != role => Phase::OtherRole(s.session.role),
            Some(s) if session::pledge_required(&s.session.pledge) => Phase::Pledge,
            Some(_) => Phase::Ready,
        })
    });
    let i18n = use_i18n();
    let pick = move |(ja, en): (&'static str, &'static str)| {
        move || match i18n.lang.get() {
            crate::Lang::Ja => ja,
            crate::Lang::En => en,
        }
    };
    move || {
        match phase.get() {
        Phase::SignedOut => view! {
            <h1 class="page-title" data-testid=testid>{pick(title)}</h1>
            <p class="lead">{pick(does)}</p>
            <section class="card">
                <h2 class="card-title">{move || i18n.t(Msg::StaffSignInTitle)}</h2>
                <p>{move || i18n.t(StaffMsg::SignInHow)}</p>
                <A href="/login" attr:class="button button-block" attr:data-testid="go-login">
                    {move || i18n.t(StaffMsg::SignInButton)}
                </A>
            </section>
            <BackToStart />
        }
        .into_any(),
        Phase::OtherRole(other) => view! {
            <StaffBar />
            <h1 class="page-title" data-testid=testid>{pick(title)}</h1>
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

/// The organisation's pledge, owed before anything else (DESIGN §4).
#[component]
fn PledgeStep() -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let pledge = LocalResource::new(|| crate::api::get::<domain::wire::Pledge>("/api/pledge"));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    move || match pledge.get() {
        None => view! { <p class="muted" role="status">{move || i18n.t(StaffMsg::Loading)}</p> }
            .into_any(),
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
                    let body = domain::wire::PledgeAcceptance {
                        version,
                        hash,
                        typed_name,
                        signature: None,
                    };
                    let result: Result<serde_json::Value, _> =
                        crate::api::post("/api/pledge/accept", &body).await;
                    match result {
                        Ok(_) => {
                            if session::refresh_session(staff).await.is_err() {
                                staff.update(|s| {
                                    s.session.pledge = PledgeStatus::Accepted {
                                        version,
                                        accepted_at: js_sys::Date::now() as i64,
                                    }
                                });
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

/// A labelled `<select>`; the first option is an empty "choose" entry.
#[component]
pub fn SelectField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    testid: &'static str,
    #[prop(default = true)] with_empty: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{testid}");
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{label}</label>
            <select
                class="field-select"
                id=id
                data-testid=testid
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {with_empty.then(|| view! {
                    <option value="" selected=move || value.with(String::is_empty)>
                        {move || i18n.t(StaffMsg::Choose)}
                    </option>
                })}
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected_v = v.clone();
                            view! {
                                <option value=v selected=move || value.with(|x| *x == selected_v)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
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

/// A labelled multi-line text field.
#[component]
pub fn TextArea(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    testid: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = "field-textarea")] class: &'static str,
) -> impl IntoView {
    let id = format!("field-{testid}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <textarea
                class=class
                id=id
                data-testid=testid
                maxlength=maxlength
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}

/// A labelled checkbox with a large hit area.
#[component]
pub fn CheckField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<bool>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}

/// A section's tab bar: buttons, the current one marked for screen readers and by style.
#[component]
pub fn TabBar<T: Copy + PartialEq + Send + Sync + 'static>(
    current: RwSignal<T>,
    tabs: Vec<(T, StaffMsg, &'static str)>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs staff-tabs" aria-label=label>
            {tabs
                .into_iter()
                .map(|(tab, msg, testid)| {
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-testid=testid
                            aria-current=move || (current.get() == tab).then_some("page")
                            on:click=move |_| current.set(tab)
                        >
                            {move || i18n.t(msg)}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Starts the hand-on of org keys to members who registered since sign-in.
pub fn grant_pending_in_background(staff: StaffState) {
    spawn_local(session::grant_pending(staff));
}

/// A rule the form broke, in a calm sentence (checked in the browser, before asking the relay).
#[component]
pub fn ProblemNote(problem: RwSignal<Option<StaffMsg>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || problem.with(Option::is_some)>
            <p class="note note-error" role="alert" data-testid="form-problem">
                {move || problem.get().map(|p| i18n.t(p)).unwrap_or_default()}
            </p>
        </Show>
    }
}

/// Loading / error / list, for every list on these screens.
#[component]
pub fn ListState(
    loading: Signal<bool>,
    error: Signal<Option<AppError>>,
    empty: Signal<bool>,
    empty_msg: StaffMsg,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_signal = RwSignal::new(None::<AppError>);
    Effect::new(move |_| error_signal.set(error.get()));
    view! {
        <Show when=move || loading.get()>
            <p class="muted" role="status">{move || i18n.t(StaffMsg::Loading)}</p>
        </Show>
        <ErrorNote error=error_signal />
        <Show when=move || !loading.get() && error.with(Option::is_none) && empty.get()>
            <p class="muted" data-testid="empty">{move || i18n.t(empty_msg)}</p>
        </Show>
    }
}

pub fn list_state<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<Vec<T>, AppError>>,
) -> (Signal<bool>, Signal<Option<AppError>>, Signal<bool>) {
    (
        Signal::derive(move || resource.get().is_none()),
        Signal::derive(move || resource.get().and_then(Result::err)),
        Signal::derive(move || {
            resource
                .get()
                .is_some_and(|r| r.as_ref().is_ok_and(Vec::is_empty))
        }),
    )
}

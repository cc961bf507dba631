//! The unlocked phone: the pledge first if it is not signed, then today's work.

use leptos::prelude::*;

use domain::api::PledgeStatus;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::icons::{Icon, Svg};
use crate::ui::{ErrorNote, PledgeForm};
use crate::volunteer::briefs::VisitsCard;
use crate::volunteer::device::{OrgCheck, use_device};
use crate::volunteer::{VMsg, VPhrase};

#[component]
pub fn UnlockedHome() -> impl IntoView {
    let device = use_device();
    let needs_pledge = move || {
        device.profile.with(|p| {
            matches!(
                p.as_ref().map(|p| &p.pledge),
                Some(PledgeStatus::Required { .. })
            )
        })
    };
    view! {
        <Show when=needs_pledge fallback=|| view! { <Today /> }>
            <PledgeStep />
        </Show>
    }
}

/// DESIGN §4: the pledge must be accepted (and signed by this device) before any brief.
#[component]
fn PledgeStep() -> impl IntoView {
    let device = use_device();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let pledge = LocalResource::new(move || async move { device.current_pledge().await });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || pledge.get().map(|result| match result {
                Ok(pledge) => {
                    let for_accept = pledge.clone();
                    let on_accept = Callback::new(move |name: String| {
                        let pledge = for_accept.clone();
                        busy.set(true);
                        error.set(None);
                        leptos::task::spawn_local(async move {
                            // Success replaces this screen with today's; reset only on failure.
                            if let Err(e) = device.accept_pledge(&pledge, name).await {
                                busy.set(false);
                                error.set(Some(e));
                            }
                        });
                    });
                    view! { <PledgeForm pledge=pledge busy=busy error=error on_accept=on_accept /> }.into_any()
                }
                Err(e) => {
                    error.set(Some(e));
                    view! { <ErrorNote error=error /> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Today() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let device = use_device();
    let profile = move || device.profile.get();
    let name = move || profile().map(|p| p.display_name).unwrap_or_default();
    let programme = move || profile().map(|p| p.programme.name).unwrap_or_default();
    let phone = move || {
        profile()
            .map(|p| p.programme.emergency_phone)
            .unwrap_or_default()
    };
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = device.logout().await {
                error.set(Some(e));
            }
        });
    };
    view! {
        <p class="muted" data-testid="programme-name">{programme}</p>
        <h1 class="page-title" data-testid="volunteer-hello">
            {move || i18n.say(&VPhrase::Hello { name: name() })}
        </h1>

        <OrgCheckCard />

        <VisitsCard />

        <a class="emergency" href=move || format!("tel:{}", phone()) data-testid="emergency-centre">
            <span class="emergency-icon"><Svg icon=Icon::Phone size=28 /></span>
            <span class="emergency-text">
                <span class="emergency-title">{t(VMsg::EmergencyCall)} " " <span class="nowrap">{phone}</span></span>
                <span class="emergency-hint">{t(VMsg::EmergencyHint)}</span>
            </span>
        </a>

        <div class="stack">
            <button type="button" class="button button-secondary button-block" data-testid="lock" on:click=move |_| device.lock()>
                {t(VMsg::Lock)}
            </button>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button-link" data-testid="logout" on:click=move |_| confirming.set(true)>
                        {t(VMsg::Logout)}
                    </button>
                }
            >
                <section class="card card-warn" role="alertdialog" aria-labelledby="logout-body">
                    <p id="logout-body">{t(VMsg::LogoutBody)}</p>
                    <div class="button-row">
                        <button type="button" class="button button-danger" data-testid="logout-confirm" on:click=logout>
                            {t(VMsg::LogoutConfirm)}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>
                            {t(VMsg::LogoutCancel)}
                        </button>
                    </div>
                </section>
            </Show>
            <ErrorNote error=error />
        </div>
    }
}

/// The organisations' keys this phone believes: nothing to show once verified; the check code to
/// compare after a typed code; a warning when the relay lists other keys.
#[component]
fn OrgCheckCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let device = use_device();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let check = move || {
        device
            .profile
            .with(|p| p.as_ref().map(|p| p.organisations.clone()))
    };
    let confirm = move |_| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = device.confirm_check_code().await;
            busy.set(false);
            if let Err(e) = result {
                error.set(Some(e));
            }
        });
    };
    view! {
        {move || match check() {
            None | Some(OrgCheck::Verified { .. }) => ().into_any(),
            Some(OrgCheck::ToCompare { check_code, .. }) => view! {
                <section class="card card-warn" data-testid="org-check" aria-labelledby="org-check-title">
                    <h2 class="card-title" id="org-check-title">{t(VMsg::CheckTitle)}</h2>
                    <p>{t(VMsg::CheckHow)}</p>
                    <p class="code-big fingerprint" data-testid="org-check-code">{check_code}</p>
                    <button
                        type="button"
                        class="button button-block"
                        data-testid="org-check-same"
                        disabled=move || busy.get()
                        on:click=confirm
                    >
                        {t(VMsg::CheckSame)}
                    </button>
                    <p class="field-hint">{t(VMsg::CheckDifferent)}</p>
                </section>
            }
            .into_any(),
            Some(OrgCheck::Mismatch) => view! {
                <p class="note note-error" role="alert" data-testid="org-check-mismatch">
                    {t(VMsg::CheckMismatch)}
                </p>
            }
            .into_any(),
        }}
        <ErrorNote error=error />
    }
}

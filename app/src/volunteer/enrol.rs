//! Enrolment: invitation code → new PIN (twice) → the phone makes its keys and registers.
//!
//! From the QR code's link the phone also gets the invitation's secret and the digests of the
//! partner's and the centre's keys (after `#`, never sent to a server): it pins those keys and
//! proves its own came through this invitation. A typed code has neither; the phone then shows
//! a check code to compare with the coordinator's screen.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use domain::invitation::InvitationLink;
use domain::rules::{self, code::normalise};

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::icons::{Icon, Svg};
use crate::ui::{ErrorNote, Field, Note, PrimaryButton};
use crate::volunteer::device::use_device;
use crate::volunteer::{Phase, VMsg};

/// Room for the 8 characters and the hyphens or spaces people add.
const CODE_FIELD_MAX: u32 = 12;

/// `/v` before enrolment.
#[component]
pub fn NotEnrolled() -> impl IntoView {
    view! { <EnrolFlow code=String::new() link=None /> }
}

/// `/v/enrol#CODE`: the link in the coordinator's QR code.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let device = use_device();
    let i18n = use_i18n();
    let (code, link) = take_fragment();
    move || match device.phase.get() {
        Phase::NotEnrolled | Phase::Gone => {
            view! { <EnrolFlow code=code.clone() link=link.clone() /> }.into_any()
        }
        Phase::Loading => view! { <p class="muted">{move || i18n.t(VMsg::Loading)}</p> }.into_any(),
        // Already enrolled: a second device needs its own invitation, on that device.
        Phase::Locked | Phase::Unlocked => {
            let navigate = use_navigate();
            navigate("/v", Default::default());
            ().into_any()
        }
    }
}

/// Reads the invitation from the URL fragment and removes it from the address bar and history,
/// so neither the code nor the secret is left behind on the phone.
fn take_fragment() -> (String, Option<InvitationLink>) {
    let Some(window) = web_sys::window() else {
        return (String::new(), None);
    };
    let hash = window.location().hash().unwrap_or_default();
    if !hash.is_empty()
        && let Ok(history) = window.history()
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/v/enrol"));
    }
    let fragment = hash.trim_start_matches('#').trim();
    if let Ok(link) = InvitationLink::parse_fragment(fragment) {
        return (link.code.clone(), Some(link));
    }
    // A bare code (shared as text): shown as the relay spells it; anything else as it arrived,
    // to be fixed.
    let code = normalise(fragment)
        .unwrap_or_else(|| fragment.chars().take(CODE_FIELD_MAX as usize).collect());
    (code, None)
}

#[component]
fn EnrolFlow(code: String, link: Option<InvitationLink>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let device = use_device();
    let navigate = use_navigate();
    let code = RwSignal::new(code);
    let link = StoredValue::new(link);
    let code_confirmed = RwSignal::new(normalise(&code.get_untracked()).is_some());
    let pin = RwSignal::new(String::new());
    let pin_again = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if normalise(&code.get_untracked()).is_some() {
            problem.set(None);
            code_confirmed.set(true);
        } else {
            problem.set(Some(i18n.t(crate::error::ErrorText::InvalidInput)));
        }
    };

    let submit_pin = Callback::new(move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let (p, again) = (pin.get_untracked(), pin_again.get_untracked());
        if let Err(reason) = rules::pin::check(&p) {
            problem.set(Some(i18n.t(reason)));
            return;
        }
        if p != again {
            problem.set(Some(i18n.t(VMsg::PinMismatch)));
            return;
        }
        problem.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // On success this screen is replaced; touch its signals only on failure (a queued
            // update of a disposed signal would abort the app).
            // A code edited after the link was opened is a typed code: the link's secret and
            // digests belong to the link's code only.
            let typed = code.get_untracked();
            let link = link
                .get_value()
                .filter(|l| normalise(&typed).as_deref() == Some(l.code.as_str()));
            match device.enrol(&typed, link, &p).await {
                Ok(()) => navigate("/v", Default::default()),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    });

    view! {
        <h1 class="page-title" data-testid="volunteer-home">{t(VMsg::Title)}</h1>
        <Show
            when=move || code_confirmed.get()
            fallback=move || view! {
                <section class="card">
                    <h2 class="card-title" data-testid="not-enrolled">{t(VMsg::NotEnrolled)}</h2>
                    <p>{t(VMsg::EnrolHow)}</p>
                    <p class="muted">{t(VMsg::EnrolPrivacy)}</p>
                </section>
                <form class="form" on:submit=submit_code>
                    <Field
                        label=Signal::derive(t(VMsg::CodeLabel))
                        hint=Signal::derive(t(VMsg::CodeHint))
                        value=code
                        autocomplete="one-time-code"
                        testid="enrol-code"
                        maxlength=CODE_FIELD_MAX
                    />
                    <Show when=move || problem.get().is_some()>
                        <Note text=Signal::derive(move || problem.get().unwrap_or_default().to_owned()) tone="error" testid="enrol-problem" />
                    </Show>
                    <PrimaryButton label=Signal::derive(t(VMsg::Next)) busy=false testid="enrol-code-next" />
                </form>
                <Emergency189 />
            }
        >
            <form class="form" on:submit=move |ev| submit_pin.run(ev) data-testid="enrol-pin-form">
                <h2 class="section-title">{t(VMsg::ChoosePinTitle)}</h2>
                <p class="lead">{t(VMsg::ChoosePinBody)}</p>
                <Field
                    label=Signal::derive(t(VMsg::PinLabel))
                    value=pin
                    kind="password"
                    inputmode="numeric"
                    autocomplete="new-password"
                    testid="enrol-pin"
                    maxlength=12
                />
                <Field
                    label=Signal::derive(t(VMsg::PinAgainLabel))
                    hint=Signal::derive(t(VMsg::PinHint))
                    value=pin_again
                    kind="password"
                    inputmode="numeric"
                    autocomplete="new-password"
                    testid="enrol-pin-again"
                    maxlength=12
                />
                <Show when=move || problem.get().is_some()>
                    <Note text=Signal::derive(move || problem.get().unwrap_or_default().to_owned()) tone="error" testid="enrol-problem" />
                </Show>
                <ErrorNote error=error />
                <PrimaryButton
                    label=Signal::derive(move || i18n.t(if busy.get() { VMsg::Enrolling } else { VMsg::Enrol }))
                    busy=busy
                    testid="enrol-submit"
                />
            </form>
        </Show>
    }
}

/// The national hotline, for anyone holding the phone before enrolment.
#[component]
pub fn Emergency189() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="emergency" href="tel:189" data-testid="emergency-189">
            <span class="emergency-icon"><Svg icon=Icon::Phone size=28 /></span>
            <span class="emergency-text">
                <span class="emergency-title">{move || i18n.t(VMsg::EmergencyTitle)}</span>
                <span class="emergency-hint">{move || i18n.t(VMsg::Call189)}</span>
            </span>
        </a>
    }
}

//! Unlock with the PIN, and the screen a wiped phone shows.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::{ErrorNote, Field, Note, PrimaryButton};
use crate::volunteer::device::use_device;
use crate::volunteer::enrol::Emergency189;
use crate::volunteer::{VMsg, VPhrase};

/// Warn plainly once few tries are left.
const WARN_AT_REMAINING: u32 = 5;

#[component]
pub fn UnlockScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    let device = use_device();
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let wrong = RwSignal::new(None::<u32>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = pin.get_untracked();
        if p.is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        wrong.set(None);
        leptos::task::spawn_local(async move {
            // On success (or when the phone is wiped) this screen is replaced: touch its
            // signals only while it stays.
            match device.unlock(&p).await {
                Ok(()) | Err(AppError::DeviceGone) => {}
                Err(AppError::WrongPin { remaining }) => {
                    busy.set(false);
                    pin.set(String::new());
                    wrong.set(Some(remaining));
                }
                Err(e) => {
                    busy.set(false);
                    pin.set(String::new());
                    error.set(Some(e));
                }
            }
        });
    };

    let wrong_text = move || {
        wrong.get().map(|remaining| {
            let mut text = i18n.t(VMsg::WrongPin).to_owned();
            if remaining <= WARN_AT_REMAINING {
                text.push(' ');
                text.push_str(&i18n.say(&VPhrase::LastTries { n: remaining }));
            }
            text
        })
    };

    view! {
        <h1 class="page-title" data-testid="unlock-title">{t(VMsg::UnlockTitle)}</h1>
        <p class="lead">{t(VMsg::UnlockBody)}</p>
        <form class="form" on:submit=submit data-testid="unlock-form">
            <Field
                label=Signal::derive(t(VMsg::PinLabel))
                value=pin
                kind="password"
                inputmode="numeric"
                autocomplete="current-password"
                testid="unlock-pin"
                maxlength=12
            />
            <Show when=move || wrong.get().is_some()>
                <Note text=Signal::derive(move || wrong_text().unwrap_or_default()) tone="error" testid="wrong-pin" />
            </Show>
            <ErrorNote error=error />
            <PrimaryButton
                label=Signal::derive(move || i18n.t(if busy.get() { VMsg::Unlocking } else { VMsg::Unlock }))
                busy=busy
                testid="unlock-submit"
            />
        </form>
        <Emergency189 />
    }
}

#[component]
pub fn GoneScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: VMsg| move || i18n.t(m);
    view! {
        <h1 class="page-title" data-testid="device-gone">{t(VMsg::GoneTitle)}</h1>
        <section class="card">
            <p>{t(VMsg::GoneBody)}</p>
        </section>
        <Emergency189 />
        <crate::pages::not_found::BackToStart />
    }
}

//! Notes: errors from the relay or the device, rules a form broke, and situation messages.

use leptos::prelude::*;

use crate::error::{AppError, ErrorText};
use crate::i18n::{Texts, use_i18n};

/// A plain-language error, announced to screen readers.
#[component]
pub fn ErrorNote(error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p class="note note-error" role="alert" data-testid="error">
                {move || error.with(|e| e.as_ref().map(|e| i18n.t(ErrorText::of(e))).unwrap_or_default())}
            </p>
        </Show>
    }
}

/// A message for a specific situation, in the note style.
#[component]
pub fn Note(
    #[prop(into)] text: Signal<String>,
    #[prop(default = "info")] tone: &'static str,
    #[prop(default = "note")] testid: &'static str,
) -> impl IntoView {
    view! {
        <p class=format!("note note-{tone}") role="status" data-testid=testid>{text}</p>
    }
}

/// A rule the form broke, in a calm sentence (checked in the browser, before asking the relay).
#[component]
pub fn ProblemNote<M>(problem: RwSignal<Option<M>>) -> impl IntoView
where
    M: Texts + Send + Sync,
{
    let i18n = use_i18n();
    view! {
        <Show when=move || problem.with(Option::is_some)>
            <p class="note note-error" role="alert" data-testid="form-problem">
                {move || problem.get().map(|p| i18n.t(p)).unwrap_or_default()}
            </p>
        </Show>
    }
}

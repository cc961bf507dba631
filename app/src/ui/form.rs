//! Form fields and the primary button. Labels sit above their fields and hints are tied to them
//! with `aria-describedby`, so screen readers read both.

use std::ops::RangeInclusive;

use leptos::prelude::*;

use super::UiMsg;
use crate::i18n::use_i18n;

/// A field's `maxlength` from the rule the relay enforces (`domain::rules`), so the form and the
/// relay cannot drift apart.
pub const fn max_chars(range: &RangeInclusive<usize>) -> u32 {
    // Every limit in `rules` is far below u32::MAX.
    #[allow(clippy::cast_possible_truncation)]
    let max = *range.end() as u32;
    max
}

/// A labelled text input bound to a signal. Large, with the label above (no placeholder-only
/// labels: they vanish while typing, which confuses first-time users).
#[component]
pub fn Field(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    testid: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let id = format!("field-{testid}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                class="field-input"
                id=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                aria-describedby=described
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// The one obvious next step on a screen: a full-width primary button that shows it is busy.
#[component]
pub fn PrimaryButton(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into, optional)] disabled: Option<Signal<bool>>,
    testid: &'static str,
) -> impl IntoView {
    let disabled = move || busy.get() || disabled.is_some_and(|d| d.get());
    view! {
        <button
            type="submit"
            class="button button-block"
            data-testid=testid
            disabled=disabled
            aria-busy=move || busy.get().to_string()
        >
            <Show when=move || busy.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            {label}
        </button>
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
                        {move || i18n.t(UiMsg::Choose)}
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

//! The pledge (誓約書) form, signed by volunteers on their phones and by staff at their desks.

use domain::api::Pledge;
use leptos::prelude::*;

use super::{ErrorNote, Field, PrimaryButton, UiMsg, UiPhrase, max_chars};
use crate::error::AppError;
use crate::i18n::use_i18n;

/// The pledge (誓約書): the whole text in a scroll box; signing is possible only after reading
/// to the end and typing one's name. `on_accept` receives the typed name.
#[component]
pub fn PledgeForm(
    pledge: Pledge,
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    on_accept: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: UiMsg| move || i18n.t(m);
    let read_to_end = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let check_scroll = move |ev: leptos::ev::Event| {
        let el: web_sys::Element = event_target(&ev);
        if el.scroll_top() + el.client_height() + 8 >= el.scroll_height() {
            read_to_end.set(true);
        }
    };
    let heading = UiPhrase::PledgeOf {
        organisation: pledge.organisation_name.clone(),
        version: pledge.version,
    };
    let paragraphs: Vec<String> = pledge.text.split("\n\n").map(str::to_owned).collect();
    let box_ref = NodeRef::<leptos::html::Div>::new();
    // Short texts that need no scrolling count as read.
    Effect::new(move |_| {
        if let Some(el) = box_ref.get()
            && el.scroll_height() <= el.client_height() + 8
        {
            read_to_end.set(true);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if read_to_end.get_untracked() && !typed.is_empty() {
            on_accept.run(typed);
        }
    };
    view! {
        <form class="pledge" on:submit=submit data-testid="pledge-form">
            <h1 class="page-title">{t(UiMsg::PledgeTitle)}</h1>
            <p class="muted">{move || i18n.say(&heading)}</p>
            <div
                class="pledge-text"
                tabindex="0"
                node_ref=box_ref
                on:scroll=check_scroll
                data-testid="pledge-text"
                role="document"
            >
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <Show when=move || !read_to_end.get()>
                <p class="field-hint" data-testid="pledge-scroll-hint">{t(UiMsg::PledgeScrollHint)}</p>
            </Show>
            <Field
                label=Signal::derive(t(UiMsg::PledgeTypeName))
                hint=Signal::derive(t(UiMsg::PledgeTypeNameHint))
                value=name
                autocomplete="name"
                testid="pledge-name"
                maxlength=max_chars(&domain::rules::TYPED_NAME)
            />
            <ErrorNote error=error />
            <PrimaryButton
                label=Signal::derive(t(UiMsg::PledgeAccept))
                busy=busy
                disabled=Signal::derive(move || !read_to_end.get() || name.with(|n| n.trim().is_empty()))
                testid="pledge-accept"
            />
        </form>
    }
}

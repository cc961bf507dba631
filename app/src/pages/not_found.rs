//! Any unknown client route.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::pages::Msg;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="page-title" data-testid="not-found">{move || i18n.t(Msg::NotFoundTitle)}</h1>
        <p class="lead">{move || i18n.t(Msg::NotFoundBody)}</p>
        <BackToStart />
    }
}

#[component]
pub fn BackToStart() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href="/" attr:class="button button-secondary back" attr:data-testid="back-to-start">
            {move || i18n.t(Msg::BackToStart)}
        </A>
    }
}

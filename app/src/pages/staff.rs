//! What the staff sections share before sign-in: what the role does and how accounts are made.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::pages::not_found::BackToStart;

#[component]
pub fn StaffSection(title: Msg, does: Msg, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: Msg| move || i18n.t(m);
    view! {
        <h1 class="page-title" data-testid=testid>{t(title)}</h1>
        <p class="lead">{t(does)}</p>
        <section class="card">
            <h2 class="card-title">{t(Msg::StaffSignInTitle)}</h2>
            <p>{t(Msg::StaffSignInHow)}</p>
        </section>
        <BackToStart />
    }
}

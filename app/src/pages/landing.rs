//! `/`: who are you? Sends each role to its own section.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::pages::Msg;
use crate::ui::icons::{Icon, Svg};

#[component]
pub fn Landing() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: Msg| move || i18n.t(m);

    view! {
        <section class="hero" data-testid="landing">
            <h1 class="hero-title">{t(Msg::AppName)}</h1>
            <p class="hero-tagline">{t(Msg::Tagline)}</p>
        </section>

        <h2 class="section-title">{t(Msg::ChooseRole)}</h2>
        <nav class="role-list" aria-label=t(Msg::ChooseRole)>
            <RoleCard href="/v" icon=Icon::Home title=Msg::RoleVolunteer hint=Msg::RoleVolunteerHint testid="role-volunteer" />
            <RoleCard href="/c" icon=Icon::People title=Msg::RoleCoordinator hint=Msg::RoleCoordinatorHint testid="role-coordinator" />
            <RoleCard href="/w" icon=Icon::Clipboard title=Msg::RoleCaseworker hint=Msg::RoleCaseworkerHint testid="role-caseworker" />
        </nav>

        <section class="card promise" aria-labelledby="promise-title">
            <h2 id="promise-title" class="card-title">{t(Msg::PromiseTitle)}</h2>
            <ul class="promise-list">
                <li>{t(Msg::PromiseSealed)}</li>
                <li>{t(Msg::PromiseOffline)}</li>
                <li>{t(Msg::PromiseGone)}</li>
            </ul>
        </section>
    }
}

#[component]
fn RoleCard(
    href: &'static str,
    icon: Icon,
    title: Msg,
    hint: Msg,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // A full page load: each role's screens are in their own bundle (see `STAFF_PATHS`).
        <a href=href rel="external" class="role-card" data-testid=testid>
            <span class="role-icon"><Svg icon=icon size=28 /></span>
            <span class="role-text">
                <span class="role-title">{move || i18n.t(title)}</span>
                <span class="role-hint">{move || i18n.t(hint)}</span>
            </span>
            <span class="role-chevron"><Svg icon=Icon::Chevron /></span>
        </a>
    }
}

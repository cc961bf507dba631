//! `/v`: the volunteer's section, designed for a phone held in one hand.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::icons::{Icon, Svg};
use crate::pages::not_found::BackToStart;

#[component]
pub fn VolunteerHome() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: Msg| move || i18n.t(m);

    view! {
        <h1 class="page-title" data-testid="volunteer-home">{t(Msg::VolunteerTitle)}</h1>
        <section class="card">
            <h2 class="card-title">{t(Msg::VolunteerNotEnrolled)}</h2>
            <p>{t(Msg::VolunteerEnrolHow)}</p>
            <p class="muted">{t(Msg::VolunteerEnrolPrivacy)}</p>
        </section>
        <a class="emergency" href="tel:189" data-testid="emergency-189">
            <span class="emergency-icon"><Svg icon=Icon::Phone size=28 /></span>
            <span class="emergency-text">
                <span class="emergency-title">{t(Msg::EmergencyCall)}</span>
                <span class="emergency-hint">{t(Msg::EmergencyHint)}</span>
            </span>
        </a>
        <BackToStart />
    }
}

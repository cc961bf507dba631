//! `/c/volunteers`: every volunteer of the partner at a glance; each opens their own screen.

use domain::api::Volunteer;
use leptos::prelude::*;
use leptos_router::components::A;

use super::msg::{CoordinatorMsg, CoordinatorPhrase, pledge_badge};
use super::use_partner;
use crate::i18n::use_i18n;
use crate::ui::{ListState, list_state};

#[component]
pub fn VolunteersScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let partner = use_partner();
    let volunteers = partner.volunteers;
    let (loading, load_error, empty) = list_state(volunteers);
    // Coming back to the list shows enrolments and pledges made in the meantime.
    if volunteers.get_untracked().is_some() {
        volunteers.refetch();
    }
    view! {
        <section aria-labelledby="volunteers-title" data-testid="volunteers-screen">
            <div class="staff-section-head">
                <h2 class="section-title" id="volunteers-title">{t(CoordinatorMsg::TabVolunteers)}</h2>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="volunteers-refresh"
                        on:click=move |_| volunteers.refetch()
                    >
                        {t(CoordinatorMsg::Refresh)}
                    </button>
                    <A href="/c/invite" attr:class="button" attr:data-testid="go-invite-volunteer">
                        {t(CoordinatorMsg::TabInviteVolunteer)}
                    </A>
                </div>
            </div>
            <ListState loading=loading error=load_error empty=empty empty_msg=CoordinatorMsg::NoVolunteersYet />
            <ul class="list" data-testid="volunteer-list">
                {move || {
                    partner
                        .volunteer_list()
                        .into_iter()
                        .map(|v| view! { <VolunteerRow volunteer=v /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// One volunteer: name (the link to their screen), pledge and state, programme, phones.
#[component]
fn VolunteerRow(volunteer: Volunteer) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let partner = use_partner();
    let (pledge_msg, pledge_class) = pledge_badge(&volunteer.pledge);
    let programme = move || partner.programme_name(&volunteer.programme_id);
    let devices = volunteer.devices.len();
    view! {
        <li class="list-item" data-testid="volunteer-item">
            <div class="list-item-head">
                <A
                    href=format!("/c/volunteers/{}", volunteer.id)
                    attr:class="list-item-title list-item-link"
                    attr:data-testid="volunteer-name"
                >
                    {volunteer.display_name.clone()}
                </A>
                <span class=pledge_class data-testid="volunteer-pledge">{move || i18n.t(pledge_msg)}</span>
                {(!volunteer.active).then(|| view! {
                    <span class="badge badge-danger" data-testid="volunteer-revoked">{t(CoordinatorMsg::VolunteerRevoked)}</span>
                })}
            </div>
            <p class="staff-meta">{t(CoordinatorMsg::Programme)} ": " {programme}</p>
            <p class="staff-meta" data-testid="volunteer-devices">
                {move || {
                    if devices == 0 {
                        i18n.t(CoordinatorMsg::NoDeviceYet).to_owned()
                    } else {
                        i18n.say(&CoordinatorPhrase::DeviceCount { n: devices })
                    }
                }}
            </p>
        </li>
    }
}

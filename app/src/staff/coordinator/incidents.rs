//! `/c/incidents`: what happened (lost phones, leaks, unauthorised access) and what was done.

use domain::api::Incident;
use leptos::prelude::*;

use super::msg::{CoordinatorMsg, action_msg, incident_kind_msg};
use super::{partner_key, sealing, use_partner};
use crate::i18n::use_i18n;
use crate::ui::{ListState, format_time, list_state};

#[component]
pub fn IncidentsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    partner.refresh_directory();
    let incidents = partner.incidents;
    let (loading, load_error, empty) = list_state(incidents);
    if incidents.get_untracked().is_some() {
        incidents.refetch();
    }
    view! {
        <section aria-labelledby="incidents-title" data-testid="incidents-screen">
            <h2 class="section-title" id="incidents-title">{move || i18n.t(CoordinatorMsg::TabIncidents)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=CoordinatorMsg::NoIncidents />
            <ul class="list" data-testid="incident-list">
                {move || {
                    let people = partner.volunteer_list();
                    incidents
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|i| {
                            let who = i.volunteer_id.as_ref().and_then(|id| {
                                people.iter().find(|v| &v.id == id).map(|v| v.display_name.clone())
                            });
                            view! { <li><IncidentCard incident=i volunteer_name=who /></li> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
pub fn IncidentCard(incident: Incident, volunteer_name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let kind = incident_kind_msg(incident.kind);
    let actions = incident.actions.clone();
    let partner = use_partner();
    // Opened here, only from a member the partner certified; anything else is refused in words.
    let note = {
        let incident = incident.clone();
        move || {
            let org = partner_key()?;
            sealing::open_note(&org, &partner.member_list(), &incident)
        }
    };
    view! {
        <div class="list-item staff-incident" data-testid="incident">
            <div class="list-item-head">
                <span class="badge badge-danger">{move || i18n.t(kind)}</span>
                <span class="staff-meta">{format_time(incident.reported_at)}</span>
            </div>
            {volunteer_name.map(|n| view! { <p class="staff-meta">{t(CoordinatorMsg::Volunteer)} ": " {n}</p> })}
            {(!actions.is_empty()).then(|| view! {
                <p class="staff-meta">{t(CoordinatorMsg::IncidentActions)}</p>
                <ul class="staff-actions-done">
                    {move || {
                        actions
                            .iter()
                            .map(|code| {
                                let text = action_msg(code).map_or_else(|| code.clone(), |m| i18n.t(m).to_owned());
                                view! { <li>{text}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
            })}
            {move || match note() {
                None => ().into_any(),
                Some(Ok(text)) if text.is_empty() => ().into_any(),
                Some(Ok(text)) => view! { <p class="staff-note-text" data-testid="incident-note">{text}</p> }.into_any(),
                Some(Err(refusal)) => view! {
                    <p class="note note-error" role="alert" data-testid="incident-note-refused">
                        {move || i18n.t(refusal)}
                    </p>
                }
                .into_any(),
            }}
        </div>
    }
}

//! `/c/volunteers/:volunteer_id`: one volunteer's phones, with revocation (the volunteer, or one
//! phone) and the lost-phone report, and their sealed profile for matching. The address carries the id only; a malformed or unknown id
//! shows the not-found screen.

use domain::api::{Device, DeviceState, Incident, LostDeviceReport, Volunteer};
use domain::ids::{IncidentId, VolunteerId};
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::incidents::IncidentCard;
use super::msg::{CoordinatorMsg, CoordinatorPhrase, device_badge, pledge_badge};
use super::{Partner, partner_key, partner_key_of, sealing, use_partner};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::NotFound;
use crate::staff::session::use_staff;
use crate::ui::{Action, ErrorNote, TextArea, UiMsg, format_time, max_chars};

#[derive(Clone, PartialEq)]
enum Found {
    Loading,
    Failed(AppError),
    Missing,
    Here(Volunteer),
}

#[component]
pub fn VolunteerScreen() -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    partner.refresh_directory();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("volunteer_id")
                .and_then(|s| VolunteerId::parse(&s).ok())
        })
    });
    // The lost-phone report's incident, shown once on top.
    let last_incident = RwSignal::new(None::<Incident>);
    let found = Memo::new(move |_| {
        let Some(id) = id.get() else {
            return Found::Missing;
        };
        match partner.volunteers.get() {
            None => Found::Loading,
            Some(Err(err)) => Found::Failed(err),
            Some(Ok(list)) => list
                .into_iter()
                .find(|v| v.id == id)
                .map_or(Found::Missing, Found::Here),
        }
    });
    // The profile form stays while the volunteer's phones refresh around it (a certification in
    // the background would otherwise wipe what is being typed).
    let here = Memo::new(move |_| {
        matches!(found.get(), Found::Here(_))
            .then(|| id.get())
            .flatten()
    });
    let detail = move || match found.get() {
        Found::Loading => view! {
            <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p>
        }
        .into_any(),
        Found::Failed(err) => {
            let error = RwSignal::new(Some(err));
            view! { <ErrorNote error=error /> }.into_any()
        }
        Found::Missing => view! { <NotFound /> }.into_any(),
        Found::Here(volunteer) => view! {
            <VolunteerDetail volunteer=volunteer partner=partner last_incident=last_incident />
        }
        .into_any(),
    };
    view! {
        {detail}
        {move || here.get().map(|id| view! {
            <section class="card" aria-label=move || i18n.t(super::msg::CaseMsg::ProfileTitle)>
                <super::profile::ProfileSection volunteer=id />
            </section>
        })}
    }
}

#[component]
fn VolunteerDetail(
    volunteer: Volunteer,
    partner: Partner,
    last_incident: RwSignal<Option<Incident>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let (pledge_msg, pledge_class) = pledge_badge(&volunteer.pledge);
    let programme = partner.programme_name(&volunteer.programme_id);
    let active = volunteer.active;
    view! {
        <section class="card" data-testid="volunteer-detail" aria-labelledby="volunteer-title">
            <A href="/c/volunteers" attr:class="back-link" attr:data-testid="back-to-volunteers">
                {t(CoordinatorMsg::BackToList)}
            </A>
            <div class="list-item-head">
                <h2 class="card-title" id="volunteer-title" data-testid="volunteer-name">
                    {volunteer.display_name.clone()}
                </h2>
                <span class=pledge_class data-testid="volunteer-pledge">{move || i18n.t(pledge_msg)}</span>
                {(!active).then(|| view! {
                    <span class="badge badge-danger" data-testid="volunteer-revoked">{t(CoordinatorMsg::VolunteerRevoked)}</span>
                })}
            </div>
            <p class="staff-meta">{t(CoordinatorMsg::Programme)} ": " {programme}</p>
            {move || last_incident.get().map(|i| view! { <IncidentCard incident=i volunteer_name=None /> })}
            <h3 class="section-title">{t(CoordinatorMsg::Devices)}</h3>
            {if volunteer.devices.is_empty() {
                view! { <p class="staff-meta">{t(CoordinatorMsg::NoDeviceYet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="staff-devices">
                        {volunteer
                            .devices
                            .clone()
                            .into_iter()
                            .map(|d| view! {
                                <DeviceRow device=d volunteer=volunteer.clone() partner=partner last_incident=last_incident />
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {active.then(|| view! { <RevokeVolunteer volunteer=volunteer.id name=volunteer.display_name partner=partner /> })}
        </section>
    }
}

/// Revoking a volunteer stops every phone of theirs; asked twice.
#[component]
fn RevokeVolunteer(volunteer: VolunteerId, name: String, partner: Partner) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let volunteer = StoredValue::new(volunteer);
    let revoke = move |_| {
        busy.set(true);
        error.set(None);
        let id = volunteer.get_value();
        spawn_local(async move {
            match api::partner::revoke_volunteer(&id).await {
                Ok(_) => partner.volunteers.refetch(),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let warning = CoordinatorPhrase::RevokeConfirm { name };
    view! {
        <ErrorNote error=error />
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button
                    type="button"
                    class="button button-secondary staff-action"
                    data-testid="volunteer-revoke"
                    on:click=move |_| confirming.set(true)
                >
                    {t(CoordinatorMsg::Revoke)}
                </button>
            }
        >
            <div class="staff-confirm" role="group" aria-label=t(CoordinatorMsg::Revoke)>
                <p class="note note-warn">{
                    let warning = warning.clone();
                    move || i18n.say(&warning)
                }</p>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="volunteer-revoke-confirm"
                        disabled=move || busy.get()
                        on:click=revoke
                    >
                        {t(CoordinatorMsg::RevokeYes)}
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| confirming.set(false)
                    >
                        {t(CoordinatorMsg::Cancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// What a coordinator can do with one phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeviceAction {
    None,
    ReportLost,
    Revoke,
}

#[component]
fn DeviceRow(
    device: Device,
    volunteer: Volunteer,
    partner: Partner,
    last_incident: RwSignal<Option<Incident>>,
) -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let ts = move |m: CoordinatorMsg| Signal::derive(move || i18n.t(m));
    let (state_msg, state_class) = device_badge(device.state);
    let action = RwSignal::new(DeviceAction::None);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = StoredValue::new(device.id.clone());
    // A phone that still opens (or could, with the right PIN) can be stopped.
    let can_act = matches!(device.state, DeviceState::Active | DeviceState::Locked);
    let dates = CoordinatorPhrase::DeviceDates {
        enrolled: format_time(device.enrolled_at),
        last_seen: device.last_seen_at.map(format_time),
    };
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let note = note.get_untracked().trim().to_owned();
        let id = id.get_value();
        let report = (|| -> Result<LostDeviceReport, AppError> {
            let incident_id = IncidentId::random()?;
            let sealed_note = if note.is_empty() {
                None
            } else {
                // Free text is sealed to the partner's key, or not sent at all.
                let org = partner_key_of(staff).ok_or(AppError::NotVerified)?;
                let signed_in = staff
                    .signed_in
                    .get_untracked()
                    .ok_or(AppError::Unauthorized)?;
                Some(sealing::seal_note(
                    &org,
                    signed_in.user_id(),
                    &signed_in.me,
                    &incident_id,
                    &note,
                )?)
            };
            Ok(LostDeviceReport {
                incident_id,
                sealed_note,
            })
        })();
        let report = match report {
            Ok(report) => report,
            Err(err) => {
                busy.set(false);
                error.set(Some(err));
                return;
            }
        };
        spawn_local(async move {
            match api::partner::report_lost(&id, &report).await {
                Ok(incident) => {
                    last_incident.set(Some(incident));
                    partner.volunteers.refetch();
                    partner.incidents.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let revoke = move |_| {
        busy.set(true);
        error.set(None);
        let id = id.get_value();
        spawn_local(async move {
            match api::partner::revoke_device(&id).await {
                Ok(_) => partner.volunteers.refetch(),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let cancel = move |_| action.set(DeviceAction::None);
    view! {
        <li class="staff-device" data-testid="device-item">
            <div class="list-item-head">
                <span class=state_class data-testid="device-state">{move || i18n.t(state_msg)}</span>
            </div>
            <p class="staff-meta">
                {t(CoordinatorMsg::DeviceCode)} ": "
                <span class="fingerprint" data-testid="device-fingerprint">{device.identity.fingerprint()}</span>
            </p>
            <p class="staff-meta">{move || i18n.say(&dates)}</p>
            <DeviceTrust device=device.clone() volunteer=volunteer partner=partner />
            <ErrorNote error=error />
            {can_act.then_some(move || match action.get() {
                DeviceAction::None => view! {
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button-secondary staff-action"
                            data-testid="device-lost"
                            on:click=move |_| action.set(DeviceAction::ReportLost)
                        >
                            {t(CoordinatorMsg::ReportLost)}
                        </button>
                        <button
                            type="button"
                            class="button button-secondary staff-action"
                            data-testid="device-revoke"
                            on:click=move |_| action.set(DeviceAction::Revoke)
                        >
                            {t(CoordinatorMsg::RevokeDevice)}
                        </button>
                    </div>
                }
                .into_any(),
                DeviceAction::ReportLost => view! {
                    <form class="staff-confirm" on:submit=report data-testid="lost-form">
                        <p class="note note-warn">{t(CoordinatorMsg::LostExplain)}</p>
                        <TextArea
                            label=ts(CoordinatorMsg::LostNote)
                            hint=ts(CoordinatorMsg::LostNoteSealed)
                            value=note
                            testid="lost-note"
                            maxlength=max_chars(&rules::NOTE)
                            class="field-textarea staff-short-textarea"
                        />
                        <div class="button-row">
                            <button
                                type="submit"
                                class="button button-danger"
                                data-testid="lost-confirm"
                                disabled=move || busy.get()
                            >
                                {t(CoordinatorMsg::ReportLostYes)}
                            </button>
                            <button type="button" class="button button-secondary" on:click=cancel>
                                {t(CoordinatorMsg::Cancel)}
                            </button>
                        </div>
                    </form>
                }
                .into_any(),
                DeviceAction::Revoke => view! {
                    <div class="staff-confirm" role="group" aria-label=t(CoordinatorMsg::RevokeDevice)>
                        <p class="note note-warn">{t(CoordinatorMsg::RevokeDeviceConfirm)}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button button-danger"
                                data-testid="device-revoke-confirm"
                                disabled=move || busy.get()
                                on:click=revoke
                            >
                                {t(CoordinatorMsg::RevokeDeviceYes)}
                            </button>
                            <button type="button" class="button button-secondary" on:click=cancel>
                                {t(CoordinatorMsg::Cancel)}
                            </button>
                        </div>
                    </div>
                }
                .into_any(),
            })}
        </li>
    }
}

/// Whether the partner vouches for this phone's keys, and the comparison that earns it for a
/// phone enrolled with a typed code.
#[component]
fn DeviceTrust(device: Device, volunteer: Volunteer, partner: Partner) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let action = Action::new();
    let (busy, error) = (action.busy, action.error);
    let active = device.state == DeviceState::Active;
    let device = StoredValue::new(device);
    let volunteer = StoredValue::new(volunteer);
    let state = move || {
        let org = partner_key()?;
        let device = device.get_value();
        let volunteer = volunteer.get_value();
        if sealing::device_certified(&org, &volunteer, &device) {
            return Some(Err(true));
        }
        if device.binding.is_some() {
            return Some(Err(false));
        }
        let programmes = partner
            .programmes
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        let programme = programmes.iter().find(|p| p.id == volunteer.programme_id)?;
        let centre = sealing::centre_of(&org, &partner.peer_list(), programme)?;
        Some(Ok(sealing::check_code(&device, &org.identity, &centre)))
    };
    let staff = use_staff();
    let confirm = move |_| {
        let work = async move {
            let org = partner_key_of(staff).ok_or(AppError::NotVerified)?;
            let device = device.get_value();
            let certificate = sealing::device_certificate(&org, &volunteer.get_value(), &device);
            api::partner::certify_device(&device.id, certificate).await
        };
        action.run(work, move |_| partner.volunteers.refetch());
    };
    view! {
        {move || match state() {
            None => ().into_any(),
            Some(Err(true)) => view! {
                <span class="badge" data-testid="device-certified">{t(CoordinatorMsg::DeviceCertified)}</span>
            }
            .into_any(),
            Some(Err(false)) => view! {
                <p class="staff-meta" data-testid="device-waiting-proof">{t(CoordinatorMsg::DeviceWaitingProof)}</p>
            }
            .into_any(),
            Some(Ok(code)) if active => view! {
                <div class="card card-warn" data-testid="device-check">
                    <p>{t(CoordinatorMsg::DeviceCheckHow)}</p>
                    <p class="code-big fingerprint" data-testid="device-check-code">{code}</p>
                    <button
                        type="button"
                        class="button"
                        data-testid="device-check-confirm"
                        disabled=move || busy.get()
                        on:click=confirm
                    >
                        {t(CoordinatorMsg::DeviceCheckConfirm)}
                    </button>
                </div>
            }
            .into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <ErrorNote error=error />
    }
}

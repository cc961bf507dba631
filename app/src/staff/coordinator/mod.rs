//! `/c`: the coordinator at the partner: volunteers (invite, pledge status, devices, revoke,
//! lost phone) and the incidents that followed.

use domain::wire::{
    Device, DeviceState, Incident, LostDeviceReport, NewVolunteerInvite, PledgeStatus, Programme,
    StaffRole, Volunteer, VolunteerInvite,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::caseworker::AccountCard;
use super::msg::StaffMsg;
use super::{
    ListState, ProblemNote, RoleGate, SelectField, StaffBar, TabBar, TextArea, format_time,
    list_state, origin,
};
use crate::api;
use crate::components::{ErrorNote, Field, PrimaryButton, QrCode};
use crate::error::AppError;
use crate::i18n::{Msg, Texts, use_i18n};

type Programmes = LocalResource<Result<Vec<Programme>, AppError>>;
type Volunteers = LocalResource<Result<Vec<Volunteer>, AppError>>;
type Incidents = LocalResource<Result<Vec<Incident>, AppError>>;

/// Where the coordinator's partner programmes come from (see `server/src/routes`).
const PROGRAMMES_PATH: &str = "/api/partner/programmes";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Volunteers,
    Invite,
    Incidents,
    Account,
}

#[component]
pub fn CoordinatorHome() -> impl IntoView {
    view! {
        <RoleGate
            role=StaffRole::Coordinator
            title=Msg::CoordinatorTitle.texts()
            does=Msg::CoordinatorDoes.texts()
            testid="coordinator-home"
        >
            <CoordinatorPanel />
        </RoleGate>
    }
}

#[component]
fn CoordinatorPanel() -> impl IntoView {
    let i18n = use_i18n();
    let tab = RwSignal::new(Tab::Volunteers);
    let programmes: Programmes = LocalResource::new(|| api::get::<Vec<Programme>>(PROGRAMMES_PATH));
    let volunteers: Volunteers =
        LocalResource::new(|| api::get::<Vec<Volunteer>>("/api/partner/volunteers"));
    let incidents: Incidents =
        LocalResource::new(|| api::get::<Vec<Incident>>("/api/partner/incidents"));
    view! {
        <div class="staff-wide">
            <StaffBar />
            <h1 class="page-title" data-testid="coordinator-signed-in">{move || i18n.t(Msg::CoordinatorTitle)}</h1>
            <TabBar
                current=tab
                label=Signal::derive(move || i18n.t(Msg::CoordinatorTitle))
                tabs=vec![
                    (Tab::Volunteers, StaffMsg::TabVolunteers, "tab-volunteers"),
                    (Tab::Invite, StaffMsg::TabInviteVolunteer, "tab-invite-volunteer"),
                    (Tab::Incidents, StaffMsg::TabIncidents, "tab-incidents"),
                    (Tab::Account, StaffMsg::MyAccount, "tab-account"),
                ]
            />
            {move || match tab.get() {
                Tab::Volunteers => view! {
                    <VolunteersTab programmes=programmes volunteers=volunteers incidents=incidents tab=tab />
                }
                .into_any(),
                Tab::Invite => view! { <InviteTab programmes=programmes volunteers=volunteers /> }.into_any(),
                Tab::Incidents => view! { <IncidentsTab incidents=incidents volunteers=volunteers /> }.into_any(),
                Tab::Account => view! { <AccountCard testid="coordinator-account" /> }.into_any(),
            }}
        </div>
    }
}

fn programme_name(programmes: Programmes, id: &str) -> String {
    programmes
        .get()
        .and_then(Result::ok)
        .and_then(|ps| ps.into_iter().find(|p| p.id == id).map(|p| p.settings.name))
        .unwrap_or_default()
}

// --- volunteers ------------------------------------------------------------------------------

#[component]
fn VolunteersTab(
    programmes: Programmes,
    volunteers: Volunteers,
    incidents: Incidents,
    tab: RwSignal<Tab>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let (loading, load_error, empty) = list_state(volunteers);
    let last_incident = RwSignal::new(None::<Incident>);
    // Coming back to the list shows enrolments and pledges made in the meantime.
    if volunteers.get_untracked().is_some() {
        volunteers.refetch();
    }
    view! {
        <section aria-labelledby="volunteers-title">
            <div class="staff-section-head">
                <h2 class="section-title" id="volunteers-title">{t(StaffMsg::TabVolunteers)}</h2>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="volunteers-refresh"
                        on:click=move |_| volunteers.refetch()
                    >
                        {t(StaffMsg::Refresh)}
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="go-invite-volunteer"
                        on:click=move |_| tab.set(Tab::Invite)
                    >
                        {t(StaffMsg::TabInviteVolunteer)}
                    </button>
                </div>
            </div>
            {move || last_incident.get().map(|i| view! { <IncidentCard incident=i volunteer_name=None /> })}
            <ListState loading=loading error=load_error empty=empty empty_msg=StaffMsg::NoVolunteersYet />
            <ul class="list" data-testid="volunteer-list">
                {move || {
                    volunteers
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|v| {
                            let programme = programme_name(programmes, &v.programme_id);
                            view! {
                                <VolunteerItem
                                    volunteer=v
                                    programme=programme
                                    volunteers=volunteers
                                    incidents=incidents
                                    last_incident=last_incident
                                />
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

fn pledge_badge(p: &PledgeStatus) -> (StaffMsg, &'static str) {
    match p {
        PledgeStatus::Accepted { .. } => (StaffMsg::PledgeSigned, "badge"),
        PledgeStatus::Required { .. } => (StaffMsg::PledgeUnsigned, "badge badge-warn"),
        PledgeStatus::NoPledge => (StaffMsg::PledgeNone, "badge badge-warn"),
    }
}

fn device_badge(s: DeviceState) -> (StaffMsg, &'static str) {
    match s {
        DeviceState::Active => (StaffMsg::DeviceActive, "badge"),
        DeviceState::Locked => (StaffMsg::DeviceLocked, "badge badge-warn"),
        DeviceState::Revoked => (StaffMsg::DeviceRevoked, "badge badge-danger"),
        DeviceState::Lost => (StaffMsg::DeviceLost, "badge badge-danger"),
    }
}

#[component]
fn VolunteerItem(
    volunteer: Volunteer,
    programme: String,
    volunteers: Volunteers,
    incidents: Incidents,
    last_incident: RwSignal<Option<Incident>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let (pledge_msg, pledge_class) = pledge_badge(&volunteer.pledge);
    let id = volunteer.id.clone();
    let revoke = move |_| {
        busy.set(true);
        error.set(None);
        let path = format!("/api/partner/volunteers/{id}/revoke");
        spawn_local(async move {
            match api::post::<_, serde_json::Value>(&path, &()).await {
                Ok(_) => volunteers.refetch(),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let active = volunteer.active;
    let name = volunteer.display_name.clone();
    view! {
        <li class="list-item" data-testid="volunteer-item">
            <div class="list-item-head">
                <span class="list-item-title" data-testid="volunteer-name">{volunteer.display_name.clone()}</span>
                <span class=pledge_class data-testid="volunteer-pledge">{move || i18n.t(pledge_msg)}</span>
                {(!active).then(|| view! {
                    <span class="badge badge-danger" data-testid="volunteer-revoked">{t(StaffMsg::VolunteerRevoked)}</span>
                })}
            </div>
            <p class="staff-meta">{t(StaffMsg::Programme)} ": " {programme}</p>
            {if volunteer.devices.is_empty() {
                view! { <p class="staff-meta">{t(StaffMsg::NoDeviceYet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="staff-devices">
                        {volunteer
                            .devices
                            .into_iter()
                            .map(|d| view! {
                                <DeviceRow device=d volunteers=volunteers incidents=incidents last_incident=last_incident />
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <ErrorNote error=error />
            {active.then(|| view! {
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="button button-secondary staff-action"
                            data-testid="volunteer-revoke"
                            on:click=move |_| confirming.set(true)
                        >
                            {t(StaffMsg::Revoke)}
                        </button>
                    }
                >
                    <div class="staff-confirm" role="group" aria-label=t(StaffMsg::Revoke)>
                        <p class="note note-warn">{name.clone()} {t(StaffMsg::RevokeConfirm)}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button button-danger"
                                data-testid="volunteer-revoke-confirm"
                                disabled=move || busy.get()
                                on:click=revoke.clone()
                            >
                                {t(StaffMsg::RevokeYes)}
                            </button>
                            <button
                                type="button"
                                class="button button-secondary"
                                on:click=move |_| confirming.set(false)
                            >
                                {t(StaffMsg::Cancel)}
                            </button>
                        </div>
                    </div>
                </Show>
            })}
        </li>
    }
}

#[component]
fn DeviceRow(
    device: Device,
    volunteers: Volunteers,
    incidents: Incidents,
    last_incident: RwSignal<Option<Incident>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let (state_msg, state_class) = device_badge(device.state);
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = device.id.clone();
    let can_report = matches!(device.state, DeviceState::Active | DeviceState::Locked);
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let path = format!("/api/partner/devices/{id}/lost");
        let body = LostDeviceReport {
            note: note.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match api::post::<_, Incident>(&path, &body).await {
                Ok(incident) => {
                    last_incident.set(Some(incident));
                    volunteers.refetch();
                    incidents.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <li class="staff-device" data-testid="device-item">
            <div class="list-item-head">
                <span class=state_class data-testid="device-state">{move || i18n.t(state_msg)}</span>
                <span class="fingerprint" data-testid="device-fingerprint">{device.fingerprint.clone()}</span>
            </div>
            <p class="staff-meta">
                {t(StaffMsg::EnrolledAt)} " " {format_time(device.enrolled_at)}
                {device.last_seen_at.map(|at| view! { " · " {t(StaffMsg::LastSeen)} " " {format_time(at)} })}
            </p>
            {can_report.then(|| view! {
                <Show
                    when=move || open.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="button button-secondary staff-action"
                            data-testid="device-lost"
                            on:click=move |_| open.set(true)
                        >
                            {t(StaffMsg::ReportLost)}
                        </button>
                    }
                >
                    <form class="staff-confirm" on:submit=report.clone() data-testid="lost-form">
                        <p class="note note-warn">{t(StaffMsg::LostExplain)}</p>
                        <TextArea
                            label=ts(StaffMsg::LostNote)
                            hint=ts(StaffMsg::LostNoteHint)
                            value=note
                            testid="lost-note"
                            maxlength=1000
                            class="field-textarea staff-short-textarea"
                        />
                        <ErrorNote error=error />
                        <div class="button-row">
                            <button
                                type="submit"
                                class="button button-danger"
                                data-testid="lost-confirm"
                                disabled=move || busy.get()
                            >
                                {t(StaffMsg::ReportLostYes)}
                            </button>
                            <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                                {t(StaffMsg::Cancel)}
                            </button>
                        </div>
                    </form>
                </Show>
            })}
        </li>
    }
}

// --- invite ----------------------------------------------------------------------------------

#[component]
fn InviteTab(programmes: Programmes, volunteers: Volunteers) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let name = RwSignal::new(String::new());
    let programme = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let created = RwSignal::new(None::<VolunteerInvite>);
    // One programme: nothing to choose.
    Effect::new(move |_| {
        if let Some(Ok(ps)) = programmes.get()
            && ps.len() == 1
            && programme.with_untracked(String::is_empty)
        {
            programme.set(ps[0].id.clone());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let display_name = name.get_untracked().trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > 100 {
            problem.set(Some(StaffMsg::NameLength));
            return;
        }
        let programme_id = programme.get_untracked();
        if programme_id.is_empty() {
            problem.set(Some(StaffMsg::ChooseProgramme));
            return;
        }
        let body = NewVolunteerInvite {
            programme_id,
            volunteer_id: None,
            display_name,
        };
        busy.set(true);
        spawn_local(async move {
            match api::post::<_, VolunteerInvite>("/api/partner/volunteer-invites", &body).await {
                Ok(invite) => {
                    created.set(Some(invite));
                    volunteers.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
        <Show
            when=move || created.with(Option::is_some)
            fallback=move || view! {
                <form class="card form" on:submit=submit data-testid="volunteer-invite-form" aria-labelledby="vi-title">
                    <h2 class="card-title" id="vi-title">{t(StaffMsg::TabInviteVolunteer)}</h2>
                    <p class="field-hint">{t(StaffMsg::InviteVolunteerHint)}</p>
                    <Field
                        label=ts(StaffMsg::VolunteerName)
                        hint=ts(StaffMsg::VolunteerNameHint)
                        value=name
                        testid="volunteer-display-name"
                        maxlength=100
                    />
                    <SelectField
                        label=ts(StaffMsg::Programme)
                        value=programme
                        options=Signal::derive(move || {
                            programmes
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|p| (p.id, p.settings.name))
                                .collect()
                        })
                        testid="volunteer-programme"
                    />
                    <ProblemNote problem=problem />
                    <ErrorNote error=error />
                    <PrimaryButton label=ts(StaffMsg::CreateVolunteerCode) busy=busy testid="volunteer-invite-create" />
                </form>
            }
        >
            {move || created.get().map(|invite| view! { <VolunteerCodeCard invite=invite /> })}
            <button
                type="button"
                class="button button-secondary button-block"
                data-testid="volunteer-invite-another"
                on:click=move |_| {
                    created.set(None);
                    name.set(String::new());
                }
            >
                {t(StaffMsg::InviteAnotherVolunteer)}
            </button>
        </Show>
    }
}

#[component]
fn VolunteerCodeCard(invite: VolunteerInvite) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let url = format!("{}{}", origin(), invite.path);
    view! {
        <section class="card" data-testid="volunteer-invite-created" aria-labelledby="vc-title">
            <h2 class="card-title" id="vc-title">{t(StaffMsg::VolunteerCodeTitle)}</h2>
            <p class="code staff-volunteer-code" data-testid="volunteer-code">{invite.code.clone()}</p>
            <p>{t(StaffMsg::VolunteerCodeInstruction)}</p>
            <QrCode data=url label=Signal::derive(move || i18n.t(StaffMsg::VolunteerQrLabel)) />
            <p class="muted" data-testid="volunteer-code-expiry">
                {t(StaffMsg::ExpiresAt)} ": " {format_time(invite.expires_at)}
            </p>
        </section>
    }
}

// --- incidents -------------------------------------------------------------------------------

#[component]
fn IncidentsTab(incidents: Incidents, volunteers: Volunteers) -> impl IntoView {
    let i18n = use_i18n();
    let (loading, load_error, empty) = list_state(incidents);
    if incidents.get_untracked().is_some() {
        incidents.refetch();
    }
    view! {
        <section aria-labelledby="incidents-title">
            <h2 class="section-title" id="incidents-title">{move || i18n.t(StaffMsg::TabIncidents)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=StaffMsg::NoIncidents />
            <ul class="list" data-testid="incident-list">
                {move || {
                    let people = volunteers.get().and_then(Result::ok).unwrap_or_default();
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

fn incident_kind_msg(kind: &str) -> StaffMsg {
    match kind {
        "lost_device" => StaffMsg::IncidentLostDevice,
        "leak" => StaffMsg::IncidentLeak,
        "unauthorised_access" => StaffMsg::IncidentUnauthorised,
        _ => StaffMsg::IncidentOther,
    }
}

/// What the relay did, in words; an unknown action code is shown as it is.
fn action_text(code: &str, i18n: crate::i18n::I18n) -> String {
    let msg = match code {
        "share_destroyed" | "destroy_share" => Some(StaffMsg::ActionShareDestroyed),
        "sessions_ended" | "end_sessions" => Some(StaffMsg::ActionSessionsEnded),
        "briefs_deleted" | "delete_briefs" => Some(StaffMsg::ActionBriefsDeleted),
        "device_marked_lost" | "mark_lost" => Some(StaffMsg::ActionMarkedLost),
        "device_revoked" => Some(StaffMsg::ActionDeviceRevoked),
        _ => None,
    };
    msg.map_or_else(|| code.to_owned(), |m| i18n.t(m).to_owned())
}

#[component]
fn IncidentCard(incident: Incident, volunteer_name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let kind = incident_kind_msg(&incident.kind);
    let actions = incident.actions.clone();
    view! {
        <div class="list-item staff-incident" data-testid="incident">
            <div class="list-item-head">
                <span class="badge badge-danger">{move || i18n.t(kind)}</span>
                <span class="staff-meta">{format_time(incident.reported_at)}</span>
            </div>
            {volunteer_name.map(|n| view! { <p class="staff-meta">{t(StaffMsg::Volunteer)} ": " {n}</p> })}
            {(!actions.is_empty()).then(|| view! {
                <p class="staff-meta">{t(StaffMsg::IncidentActions)}</p>
                <ul class="staff-actions-done">
                    {move || actions.iter().map(|a| view! { <li>{action_text(a, i18n)}</li> }).collect_view()}
                </ul>
            })}
            {(!incident.note.is_empty()).then(|| view! { <p class="staff-note-text">{incident.note.clone()}</p> })}
        </div>
    }
}

//! "Team and keys" (`/c/team`, `/w/team`): the screen where people compare codes, so that no key
//! is ever believed because the relay lists it.
//!
//! - my own code (for a holder to compare when confirming me);
//! - my organisation's key: create it (first member), wait to be confirmed, compare its code with
//!   the person who confirmed me, or the warning that it changed;
//! - members waiting for confirmation, each with their code to compare;
//! - the organisations we work with, each with its code to compare once.

use std::pin::Pin;

use domain::api::{OrgMember, PeerOrganisation};
use domain::ids::UserId;
use leptos::prelude::*;

use super::keys::{self, OrgTrust, PeerTrust};
use super::msg::{TeamMsg, TeamPhrase};
use super::role_msg;
use super::session::{StaffState, refresh_org, use_staff};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::{Action, ErrorNote, ListState, list_state};

#[component]
pub fn TeamScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let staff = use_staff();
    let my_code = move || {
        staff
            .signed_in
            .with(|s| s.as_ref().map(|s| s.session.identity.fingerprint()))
    };
    let trusted = Memo::new(move |_| {
        staff
            .signed_in
            .with(|s| s.as_ref().is_some_and(|s| s.org_key().is_some()))
    });
    view! {
        <section class="card" data-testid="my-code-card" aria-labelledby="my-code-title">
            <h2 class="card-title" id="my-code-title">{t(TeamMsg::MyCodeTitle)}</h2>
            <p class="code-big fingerprint" data-testid="my-code">{my_code}</p>
            <p class="field-hint">{t(TeamMsg::MyCodeHint)}</p>
        </section>
        <OrgKeyCard />
        <Show when=move || trusted.get()>
            <MembersCard />
            <PeersCard />
        </Show>
    }
}

/// Where I stand with my organisation's key, and the one step to take.
#[component]
fn OrgKeyCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let staff = use_staff();
    let action = Action::new();
    let (busy, error) = (action.busy, action.error);
    let run = move |work: Pin<Box<dyn Future<Output = Result<(), AppError>>>>| {
        action.run(work, |()| ());
    };
    let state = move || staff.signed_in.with(|s| s.as_ref().map(|s| s.org.clone()));
    let granter_name = LocalResource::new(move || async move {
        let granted_by = staff
            .signed_in
            .with_untracked(|s| match s.as_ref().map(|s| &s.org) {
                Some(OrgTrust::Compare { granted_by, .. }) => Some(granted_by.clone()),
                _ => None,
            });
        match granted_by {
            Some(id) => name_of(&id).await,
            None => None,
        }
    });
    view! {
        <section class="card" data-testid="org-key-card" aria-labelledby="org-key-title">
            <h2 class="card-title" id="org-key-title">{t(TeamMsg::OrgKeyTitle)}</h2>
            {move || match state() {
                None | Some(OrgTrust::NoOrganisation) => ().into_any(),
                Some(OrgTrust::NoIdentity) => view! {
                    <p data-testid="org-key-none">{t(TeamMsg::NoIdentity)}</p>
                    <button
                        type="button"
                        class="button button-block"
                        data-testid="org-key-create"
                        disabled=move || busy.get()
                        on:click=move |_| run(Box::pin(create(staff)))
                    >
                        {t(TeamMsg::CreateIdentity)}
                    </button>
                }
                .into_any(),
                Some(OrgTrust::Waiting) => view! {
                    <p data-testid="org-key-waiting">{t(TeamMsg::Waiting)}</p>
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="org-key-refresh"
                        disabled=move || busy.get()
                        on:click=move |_| run(Box::pin(refresh_org(staff)))
                    >
                        {t(TeamMsg::CheckAgain)}
                    </button>
                }
                .into_any(),
                Some(OrgTrust::Compare { key, .. }) => {
                    let code = key.identity.fingerprint();
                    view! {
                        <p>
                            {move || {
                                let name = granter_name.get().flatten().unwrap_or_default();
                                i18n.say(&TeamPhrase::CompareWithGranter { name })
                            }}
                        </p>
                        <p class="code-big fingerprint" data-testid="org-code-to-compare">{code}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button"
                                data-testid="org-code-same"
                                disabled=move || busy.get()
                                on:click=move |_| run(Box::pin(pin_own(staff)))
                            >
                                {t(TeamMsg::SameCode)}
                            </button>
                        </div>
                        <p class="field-hint">{t(TeamMsg::DifferentCode)}</p>
                    }
                    .into_any()
                }
                Some(OrgTrust::Trusted(key)) => view! {
                    <p class="code-big fingerprint" data-testid="org-code">{key.identity.fingerprint()}</p>
                    <p class="note note-info" data-testid="org-key-trusted">{t(TeamMsg::Trusted)}</p>
                }
                .into_any(),
                Some(OrgTrust::Changed) => view! {
                    <p class="note note-error" role="alert" data-testid="org-key-changed">
                        {t(TeamMsg::Changed)}
                    </p>
                }
                .into_any(),
            }}
            <ErrorNote error=error />
        </section>
    }
}

async fn name_of(id: &UserId) -> Option<String> {
    api::org::members()
        .await
        .ok()?
        .into_iter()
        .find(|m| &m.user_id == id)
        .map(|m| m.display_name)
}

/// The first member makes the organisation's identity and pins it at once: they made it.
async fn create(staff: StaffState) -> Result<(), AppError> {
    let signed_in = staff
        .signed_in
        .get_untracked()
        .ok_or(AppError::Unauthorized)?;
    let key = keys::create_org_identity(&signed_in.session, &signed_in.me).await?;
    pin(staff, key.identity).await
}

/// "Same code": the person who confirmed me sees the identity I was sealed.
async fn pin_own(staff: StaffState) -> Result<(), AppError> {
    let identity = staff
        .signed_in
        .with_untracked(|s| match s.as_ref().map(|s| &s.org) {
            Some(OrgTrust::Compare { key, .. }) => Some(key.identity),
            _ => None,
        })
        .ok_or(AppError::Unexpected)?;
    pin(staff, identity).await
}

async fn pin(
    staff: StaffState,
    identity: domain::identity::PublicIdentity,
) -> Result<(), AppError> {
    let signed_in = staff
        .signed_in
        .get_untracked()
        .ok_or(AppError::Unauthorized)?;
    let organisation = signed_in
        .session
        .organisation
        .as_ref()
        .ok_or(AppError::Unexpected)?;
    let pins = keys::pin_organisation(
        &signed_in.me,
        signed_in.user_id(),
        &signed_in.pins,
        &organisation.id,
        identity,
    )
    .await?;
    staff.update(|s| s.pins = pins);
    refresh_org(staff).await
}

/// The members of my organisation: the certified ones, and those waiting for someone to compare
/// their code.
#[component]
fn MembersCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let members = LocalResource::new(api::org::members);
    let (loading, load_error, empty) = list_state(members);
    view! {
        <section class="card" data-testid="members-card" aria-labelledby="members-title">
            <h2 class="card-title" id="members-title">{t(TeamMsg::MembersTitle)}</h2>
            <p class="field-hint">{t(TeamMsg::MembersHint)}</p>
            <ListState loading=loading error=load_error empty=empty empty_msg=TeamMsg::NoMembers />
            <ul class="list" data-testid="member-list">
                {move || {
                    members
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|m| view! { <MemberItem member=m on_done=Callback::new(move |()| members.refetch()) /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn MemberItem(member: OrgMember, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let staff = use_staff();
    let action = Action::new();
    let (busy, error) = (action.busy, action.error);
    let comparing = RwSignal::new(false);
    let (certified, is_me) = staff.signed_in.with_untracked(|s| {
        s.as_ref().map_or((false, false), |s| {
            (
                s.org_key()
                    .is_some_and(|org| keys::member_certified(org, &member)),
                s.user_id() == &member.user_id,
            )
        })
    });
    let code = member.identity.fingerprint();
    let role = role_msg(member.role);
    let status = if certified {
        TeamMsg::MemberConfirmed
    } else if member.certificate.is_some() {
        // Listed with a certificate our organisation did not make.
        TeamMsg::MemberSuspicious
    } else {
        TeamMsg::MemberWaiting
    };
    let waiting = status == TeamMsg::MemberWaiting && !is_me;
    let for_confirm = member.clone();
    let confirm = move |_| {
        let member = for_confirm.clone();
        let work = async move {
            let signed_in = staff
                .signed_in
                .get_untracked()
                .ok_or(AppError::Unauthorized)?;
            let org = signed_in.org_key().ok_or(AppError::NotVerified)?;
            keys::confirm_member(org, signed_in.user_id(), &signed_in.me, &member).await
        };
        action.run(work, move |()| on_done.run(()));
    };
    view! {
        <li class="list-item" data-testid="member-item">
            <div class="list-item-head">
                <span class="list-item-title">{member.display_name.clone()}</span>
                <span class="badge">{move || i18n.t(role)}</span>
                <span
                    class="badge"
                    class:badge-warn=move || status != TeamMsg::MemberConfirmed
                    data-testid="member-status"
                >
                    {move || i18n.t(status)}
                </span>
            </div>
            <p class="staff-meta">
                {t(TeamMsg::TheirCode)} ": " <span class="fingerprint" data-testid="member-code">{code.clone()}</span>
            </p>
            {waiting.then(|| view! {
                <Show
                    when=move || comparing.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="button button-secondary"
                            data-testid="member-compare"
                            on:click=move |_| comparing.set(true)
                        >
                            {t(TeamMsg::StartCompare)}
                        </button>
                    }
                >
                    <div class="card card-warn" role="group" aria-label=move || i18n.t(TeamMsg::StartCompare)>
                        <p>{t(TeamMsg::CompareMemberHow)}</p>
                        <p class="code-big fingerprint">{code.clone()}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button"
                                data-testid="member-confirm"
                                disabled=move || busy.get()
                                on:click=confirm.clone()
                            >
                                {t(TeamMsg::SameConfirm)}
                            </button>
                            <button
                                type="button"
                                class="button button-secondary"
                                on:click=move |_| comparing.set(false)
                            >
                                {t(TeamMsg::NotSame)}
                            </button>
                        </div>
                    </div>
                </Show>
            })}
            <ErrorNote error=error />
        </li>
    }
}

/// The organisations mine works with, each compared once by someone here.
#[component]
fn PeersCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let peers = LocalResource::new(api::org::peers);
    let (loading, load_error, empty) = list_state(peers);
    view! {
        <section class="card" data-testid="peers-card" aria-labelledby="peers-title">
            <h2 class="card-title" id="peers-title">{t(TeamMsg::PeersTitle)}</h2>
            <p class="field-hint">{t(TeamMsg::PeersHint)}</p>
            <ListState loading=loading error=load_error empty=empty empty_msg=TeamMsg::NoPeers />
            <ul class="list" data-testid="peer-list">
                {move || {
                    peers
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| view! { <PeerItem peer=p on_done=Callback::new(move |()| peers.refetch()) /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn PeerItem(peer: PeerOrganisation, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: TeamMsg| move || i18n.t(m);
    let staff = use_staff();
    let action = Action::new();
    let (busy, error) = (action.busy, action.error);
    let trust = staff.signed_in.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.org_key().map(|org| keys::judge_peer(org, &peer)))
    });
    let for_confirm = peer.clone();
    let confirm = move |_| {
        let peer = for_confirm.clone();
        let work = async move {
            let signed_in = staff
                .signed_in
                .get_untracked()
                .ok_or(AppError::Unauthorized)?;
            let org = signed_in.org_key().ok_or(AppError::NotVerified)?;
            let identity = peer.identity.ok_or(AppError::Unexpected)?;
            keys::confirm_peer(org, &peer, &identity).await
        };
        action.run(work, move |()| on_done.run(()));
    };
    let body = match trust {
        None => ().into_any(),
        Some(PeerTrust::NoIdentity) => {
            view! { <p class="muted" data-testid="peer-no-identity">{t(TeamMsg::PeerNoIdentity)}</p> }
                .into_any()
        }
        Some(PeerTrust::Confirmed(identity)) => view! {
            <p class="staff-meta">
                {t(TeamMsg::TheirCode)} ": " <span class="fingerprint" data-testid="peer-code">{identity.fingerprint()}</span>
            </p>
            <p class="note note-info" data-testid="peer-confirmed">{t(TeamMsg::PeerConfirmed)}</p>
        }
        .into_any(),
        Some(PeerTrust::Unconfirmed(identity)) => view! {
            <p>{t(TeamMsg::ComparePeerHow)}</p>
            <p class="code-big fingerprint" data-testid="peer-code">{identity.fingerprint()}</p>
            <button
                type="button"
                class="button"
                data-testid="peer-confirm"
                disabled=move || busy.get()
                on:click=confirm
            >
                {t(TeamMsg::SameConfirm)}
            </button>
        }
        .into_any(),
        Some(PeerTrust::Changed) => view! {
            <p class="note note-error" role="alert" data-testid="peer-changed">{t(TeamMsg::PeerChanged)}</p>
        }
        .into_any(),
    };
    view! {
        <li class="list-item" data-testid="peer-item">
            <div class="list-item-head">
                <span class="list-item-title">{peer.name.clone()}</span>
            </div>
            {body}
            <ErrorNote error=error />
        </li>
    }
}

/// On every screen of a member's section while the organisation's key is not (or no longer)
/// verified: the one next step.
#[component]
pub fn OrgKeyBanner(team_path: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    // On the team screen itself the cards say the same, with the button to press.
    let location = leptos_router::hooks::use_location();
    let notice = move || {
        if location.pathname.with(|p| p == team_path) {
            return None;
        }
        staff.signed_in.with(|s| match s.as_ref().map(|s| &s.org) {
            Some(OrgTrust::NoIdentity) => Some((TeamMsg::BannerNoIdentity, "info")),
            Some(OrgTrust::Waiting) => Some((TeamMsg::BannerWaiting, "info")),
            Some(OrgTrust::Compare { .. }) => Some((TeamMsg::BannerCompare, "warn")),
            Some(OrgTrust::Changed) => Some((TeamMsg::Changed, "error")),
            _ => None,
        })
    };
    move || {
        notice().map(|(msg, tone)| {
            view! {
                <p class=format!("note note-{tone}") role="status" data-testid="org-key-banner">
                    {move || i18n.t(msg)} " "
                    <leptos_router::components::A href=team_path attr:data-testid="org-key-banner-link">
                        {move || i18n.t(TeamMsg::GoToTeam)}
                    </leptos_router::components::A>
                </p>
            }
        })
    }
}

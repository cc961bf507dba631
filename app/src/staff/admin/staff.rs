//! `/admin/staff`: every staff account, and disabling one when someone leaves (asked twice).

use domain::api::StaffMember;
use domain::ids::UserId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::{AdminMsg, AdminPhrase};
use super::{org_name, use_orgs};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::staff::role_msg;
use crate::staff::session::use_staff;
use crate::ui::{ErrorNote, ListState, format_time, list_state};

type Members = LocalResource<Result<Vec<StaffMember>, AppError>>;

#[component]
pub fn StaffScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let members: Members = LocalResource::new(api::admin::users);
    let (loading, load_error, empty) = list_state(members);
    view! {
        <section aria-labelledby="staff-title">
            <h2 class="section-title" id="staff-title">{t(AdminMsg::TabStaff)}</h2>
            <p class="field-hint">{t(AdminMsg::StaffHint)}</p>
            <ListState loading=loading error=load_error empty=empty empty_msg=AdminMsg::NoStaffYet />
            <ul class="list" data-testid="staff-list">
                {move || {
                    members
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|m| view! { <StaffItem member=m members=members /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn StaffItem(member: StaffMember, members: Members) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let orgs = use_orgs();
    let me = use_staff()
        .signed_in
        .get_untracked()
        .map(|s| s.user_id().clone());
    let is_me = me.as_ref() == Some(&member.id);
    let disabled = member.disabled_at.is_some();
    let role = role_msg(member.role);
    let organisation = member
        .organisation_id
        .as_ref()
        .map(|id| org_name(&orgs.list(), id));
    let facts = AdminPhrase::StaffFacts {
        login: member.login_name.clone(),
        since: format_time(member.created_at),
    };
    let (state_msg, state_class) = if disabled {
        (AdminMsg::StaffDisabled, "badge badge-danger")
    } else {
        (AdminMsg::StaffActive, "badge")
    };
    view! {
        <li class="list-item" data-testid="staff-item" data-login=member.login_name.clone()>
            <div class="list-item-head">
                <span class="list-item-title" data-testid="staff-name">{member.display_name.clone()}</span>
                <span class="badge">{move || i18n.t(role)}</span>
                <span class=state_class data-testid="staff-state">{move || i18n.t(state_msg)}</span>
                {is_me.then(|| view! { <span class="badge">{t(AdminMsg::StaffYou)}</span> })}
            </div>
            {organisation.map(|name| view! { <p class="staff-meta">{name}</p> })}
            <p class="staff-meta">{move || i18n.say(&facts)}</p>
            {(!is_me && !disabled).then(|| view! {
                <DisableStaff user=member.id.clone() name=member.display_name.clone() members=members />
            })}
        </li>
    }
}

/// Disabling is final: a second step says what it does before it is done.
#[component]
fn DisableStaff(user: UserId, name: String, members: Members) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let user = StoredValue::new(user);
    let disable = move |_| {
        busy.set(true);
        error.set(None);
        let id = user.get_value();
        spawn_local(async move {
            match api::admin::disable_user(&id).await {
                // The list is read again: this row is replaced by its disabled state.
                Ok(_) => members.refetch(),
                Err(err) => {
                    busy.set(false);
                    error.set(Some(err));
                }
            }
        });
    };
    let warning = AdminPhrase::DisableConfirm { name };
    view! {
        <ErrorNote error=error />
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button
                    type="button"
                    class="button button-secondary staff-action"
                    data-testid="staff-disable"
                    on:click=move |_| confirming.set(true)
                >
                    {t(AdminMsg::Disable)}
                </button>
            }
        >
            <div class="staff-confirm" role="group" aria-label=t(AdminMsg::Disable)>
                <p class="note note-warn" data-testid="staff-disable-warning">{
                    let warning = warning.clone();
                    move || i18n.say(&warning)
                }</p>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="staff-disable-confirm"
                        disabled=move || busy.get()
                        on:click=disable
                    >
                        {t(AdminMsg::DisableYes)}
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| confirming.set(false)
                    >
                        {t(AdminMsg::Cancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

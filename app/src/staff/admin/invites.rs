//! `/admin/invites`: one-time invitation links for new staff members.

use domain::api::{CreatedInvite, NewStaffInvite, OrgKind, StaffRole};
use domain::ids::OrgId;
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::{AdminMsg, AdminPhrase};
use super::use_orgs;
use crate::api;
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::staff::{StaffMsg, StaffPhrase, origin};
use crate::ui::{
    ErrorNote, Field, PrimaryButton, ProblemNote, QrCode, SelectField, format_time, max_chars,
};

/// The organisation a role belongs to: a centre for a caseworker, a partner for a coordinator.
fn org_kind_for(role: StaffRole) -> Option<OrgKind> {
    match role {
        StaffRole::Admin => None,
        StaffRole::Caseworker => Some(OrgKind::Centre),
        StaffRole::Coordinator => Some(OrgKind::Partner),
    }
}

/// A role as offered in the form, with where it belongs.
fn role_choice(i18n: I18n, role: StaffRole) -> &'static str {
    match role {
        StaffRole::Caseworker => i18n.t(AdminMsg::RoleCaseworkerAtCentre),
        StaffRole::Coordinator => i18n.t(AdminMsg::RoleCoordinatorAtPartner),
        StaffRole::Admin => i18n.t(StaffMsg::RoleAdmin),
    }
}

#[component]
pub fn InvitesScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let ts = move |m: AdminMsg| Signal::derive(move || i18n.t(m));
    let ss = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let orgs = use_orgs();
    let role = RwSignal::new(String::new());
    let org = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<AdminMsg>);
    let created = RwSignal::new(None::<(CreatedInvite, String)>);

    let chosen_role = move || role.get().parse::<StaffRole>().ok();
    // A new role needs an organisation of its own kind.
    Effect::new(move |_| {
        role.track();
        org.set(String::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let Ok(r) = role.get_untracked().parse::<StaffRole>() else {
            problem.set(Some(AdminMsg::ChooseRole));
            return;
        };
        let organisation_id = OrgId::parse(&org.get_untracked()).ok();
        if org_kind_for(r).is_some() && organisation_id.is_none() {
            problem.set(Some(AdminMsg::ChooseOrganisation));
            return;
        }
        let display_name = name.get_untracked().trim().to_owned();
        if rules::line(&display_name, rules::DISPLAY_NAME).is_err() {
            problem.set(Some(AdminMsg::NameLength));
            return;
        }
        let body = NewStaffInvite {
            role: r,
            organisation_id: organisation_id.filter(|_| r != StaffRole::Admin),
            display_name: display_name.clone(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::admin::create_staff_invite(&body).await {
                Ok(invite) => created.set(Some((invite, display_name))),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    let again = move |_| {
        created.set(None);
        name.set(String::new());
    };

    view! {
        <Show
            when=move || created.with(Option::is_some)
            fallback=move || view! {
                <form class="card form" on:submit=submit data-testid="invite-form" aria-labelledby="invite-form-title">
                    <h2 class="card-title" id="invite-form-title">{t(AdminMsg::NewInvite)}</h2>
                    <p class="field-hint">{t(AdminMsg::NewInviteHint)}</p>
                    <SelectField
                        label=ss(StaffMsg::Role)
                        value=role
                        options=Signal::derive(move || {
                            [StaffRole::Caseworker, StaffRole::Coordinator, StaffRole::Admin]
                                .into_iter()
                                .map(|r| (r.as_str().to_owned(), role_choice(i18n, r).to_owned()))
                                .collect()
                        })
                        testid="invite-role"
                    />
                    <Show when=move || chosen_role().and_then(org_kind_for).is_some()>
                        <SelectField
                            label=ss(StaffMsg::Organisation)
                            value=org
                            options=Signal::derive(move || orgs.options(chosen_role().and_then(org_kind_for)))
                            testid="invite-org"
                        />
                    </Show>
                    <Field
                        label=ss(StaffMsg::DisplayName)
                        hint=ts(AdminMsg::DisplayNameHint)
                        value=name
                        autocomplete="off"
                        testid="invite-display-name"
                        maxlength=max_chars(&rules::DISPLAY_NAME)
                    />
                    <ProblemNote problem=problem />
                    <ErrorNote error=error />
                    <PrimaryButton label=ts(AdminMsg::CreateInvite) busy=busy testid="invite-create" />
                </form>
            }
        >
            {move || created.get().map(|(invite, who)| view! { <CreatedInviteCard invite=invite who=who /> })}
            <button type="button" class="button button-secondary button-block" data-testid="invite-another" on:click=again>
                {t(AdminMsg::InviteAnother)}
            </button>
        </Show>
    }
}

/// The link to hand over (in person or by the organisation's own mail), as text, copy and QR.
#[component]
fn CreatedInviteCard(invite: CreatedInvite, who: String) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let url = format!("{}{}", origin(), invite.path);
    let copied = RwSignal::new(None::<bool>);
    let url_for_copy = url.clone();
    let copy = move |_| {
        let url = url_for_copy.clone();
        spawn_local(async move {
            let promise = window().navigator().clipboard().write_text(&url);
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(ok));
        });
    };
    let for_whom = AdminPhrase::InviteFor { name: who };
    let until = StaffPhrase::ValidUntil {
        at: format_time(invite.expires_at),
    };
    view! {
        <section class="card" data-testid="invite-created" aria-labelledby="invite-created-title">
            <h2 class="card-title" id="invite-created-title">{t(AdminMsg::InviteReady)}</h2>
            <p>{move || i18n.say(&for_whom)}</p>
            <p class="field-hint">{t(AdminMsg::InviteHandOver)}</p>
            <p class="staff-url" data-testid="invite-url">{url.clone()}</p>
            <button type="button" class="button button-block" data-testid="invite-copy" on:click=copy>
                {t(AdminMsg::CopyLink)}
            </button>
            {move || {
                copied.get().map(|ok| {
                    let m = if ok { AdminMsg::Copied } else { AdminMsg::CopyFailed };
                    view! { <p class="note note-info" role="status">{move || i18n.t(m)}</p> }
                })
            }}
            <QrCode data=url label=Signal::derive(move || i18n.t(AdminMsg::InviteQrLabel)) />
            <p class="muted">{move || i18n.say(&until)}</p>
        </section>
    }
}

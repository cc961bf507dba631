//! `/admin/organisations`: the centres and partners. An admin creates an organisation by name and
//! kind only: its identity is created by its first member, in that member's browser, so no admin
//! ever holds an organisation's key.

use domain::api::{NewOrganisation, OrgKind, Organisation};
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::{AdminMsg, AdminPhrase, org_kind_msg};
use super::use_orgs;
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::staff::StaffMsg;
use crate::ui::{
    ErrorNote, Field, ListState, PrimaryButton, ProblemNote, SelectField, UiPhrase, list_state,
    max_chars,
};

#[component]
pub fn OrganisationsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let ts = move |m: AdminMsg| Signal::derive(move || i18n.t(m));
    let orgs = use_orgs();
    let kind = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<AdminMsg>);
    let created = RwSignal::new(None::<Organisation>);
    let (loading, load_error, empty) = list_state(orgs.0);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        created.set(None);
        let Ok(kind) = kind.get_untracked().parse::<OrgKind>() else {
            problem.set(Some(AdminMsg::ChooseKind));
            return;
        };
        let org_name = name.get_untracked().trim().to_owned();
        if rules::line(&org_name, rules::ORG_NAME).is_err() {
            problem.set(Some(AdminMsg::NameLength));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let body = NewOrganisation {
                kind,
                name: org_name,
            };
            match api::admin::create_organisation(&body).await {
                Ok(org) => {
                    name.set(String::new());
                    created.set(Some(org));
                    orgs.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
        <section aria-labelledby="orgs-title">
            <h2 class="section-title" id="orgs-title">{t(AdminMsg::TabOrganisations)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=AdminMsg::NoOrganisationsYet />
            <ul class="list" data-testid="org-list">
                {move || orgs.list().into_iter().map(|o| view! { <OrganisationItem org=o /> }).collect_view()}
            </ul>
        </section>
        <form class="card form" on:submit=submit data-testid="org-form" aria-labelledby="org-form-title">
            <h2 class="card-title" id="org-form-title">{t(AdminMsg::NewOrganisation)}</h2>
            <p class="field-hint">{t(AdminMsg::NewOrganisationHint)}</p>
            <SelectField
                label=ts(AdminMsg::OrgKind)
                value=kind
                options=Signal::derive(move || {
                    OrgKind::ALL
                        .iter()
                        .map(|k| (k.as_str().to_owned(), i18n.t(org_kind_msg(*k)).to_owned()))
                        .collect()
                })
                testid="org-kind"
            />
            <Field label=ts(AdminMsg::OrgName) value=name testid="org-name" maxlength=max_chars(&rules::ORG_NAME) />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                created.get().map(|o| {
                    let phrase = AdminPhrase::OrgCreated { name: o.name };
                    view! {
                        <p class="note note-info" role="status" data-testid="org-created">
                            {move || i18n.say(&phrase)}
                        </p>
                    }
                })
            }}
            <PrimaryButton label=ts(AdminMsg::CreateOrganisation) busy=busy testid="org-create" />
        </form>
    }
}

#[component]
fn OrganisationItem(org: Organisation) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let kind = org_kind_msg(org.kind);
    let pledge = move || match org.pledge_version {
        Some(v) => i18n.say(&UiPhrase::Version(v)),
        None => i18n.t(AdminMsg::PledgeNoneYet).to_owned(),
    };
    view! {
        <li class="list-item" data-testid="org-item">
            <div class="list-item-head">
                <span class="list-item-title">{org.name}</span>
                <span class="badge">{move || i18n.t(kind)}</span>
            </div>
            <p class="staff-meta" data-testid="org-code">
                {t(AdminMsg::OrgCode)} ": "
                {match org.identity {
                    Some(identity) => view! {
                        <span class="fingerprint">{identity.fingerprint()}</span>
                    }
                    .into_any(),
                    None => view! {
                        <span class="badge badge-warn">{t(AdminMsg::OrgCodeNotYet)}</span>
                    }
                    .into_any(),
                }}
            </p>
            <p class="staff-meta">{move || i18n.t(StaffMsg::Pledge)} ": " {pledge}</p>
        </li>
    }
}

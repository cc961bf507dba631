//! `/admin/pledges`: a new version of an organisation's pledge (誓約書).

use domain::api::Pledge;
use domain::ids::OrgId;
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::{AdminMsg, AdminPhrase};
use super::use_orgs;
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::staff::StaffMsg;
use crate::ui::{ErrorNote, PrimaryButton, ProblemNote, SelectField, TextArea, max_chars};

#[component]
pub fn PledgesScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let ts = move |m: AdminMsg| Signal::derive(move || i18n.t(m));
    let orgs = use_orgs();
    let org = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<AdminMsg>);
    let saved = RwSignal::new(None::<Pledge>);

    let chosen = move || OrgId::parse(&org.get()).ok();
    let current_version = move || {
        let id = chosen()?;
        orgs.list()
            .into_iter()
            .find(|o| o.id == id)
            .map(|o| o.pledge_version)
    };
    Effect::new(move |_| {
        org.track();
        saved.set(None);
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let Ok(id) = OrgId::parse(&org.get_untracked()) else {
            problem.set(Some(AdminMsg::ChooseOrganisation));
            return;
        };
        let body = text.get_untracked().trim().to_owned();
        if rules::text(&body, rules::PLEDGE_TEXT).is_err() {
            problem.set(Some(AdminMsg::PledgeLength));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::admin::put_pledge(&id, body).await {
                Ok(p) => {
                    saved.set(Some(p));
                    orgs.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="card form" on:submit=submit data-testid="pledge-editor" aria-labelledby="pledge-editor-title">
            <h2 class="card-title" id="pledge-editor-title">{t(AdminMsg::PledgeEditorTitle)}</h2>
            <p class="field-hint">{t(AdminMsg::PledgeEditorHint)}</p>
            <SelectField
                label=Signal::derive(move || i18n.t(StaffMsg::Organisation))
                value=org
                options=Signal::derive(move || orgs.options(None))
                testid="pledge-org"
            />
            {move || {
                current_version().map(|version| {
                    view! {
                        <p class="staff-meta" data-testid="pledge-current">
                            {move || i18n.say(&AdminPhrase::CurrentPledge { version })}
                        </p>
                    }
                })
            }}
            <TextArea
                label=ts(AdminMsg::PledgeText)
                hint=ts(AdminMsg::PledgeTextHint)
                value=text
                testid="pledge-text-input"
                maxlength=max_chars(&rules::PLEDGE_TEXT)
                class="field-textarea staff-pledge-input"
            />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                saved.get().map(|p| {
                    let phrase = AdminPhrase::PledgeSaved { version: p.version };
                    view! {
                        <p class="note note-info" role="status" data-testid="pledge-saved">
                            {move || i18n.say(&phrase)}
                        </p>
                    }
                })
            }}
            <PrimaryButton label=ts(AdminMsg::SavePledge) busy=busy testid="pledge-save" />
        </form>
    }
}

//! `/c/invite`: a one-time code (and QR) for a new volunteer's phone.

use domain::api::{NewVolunteerInvite, VolunteerInvite};
use domain::ids::ProgrammeId;
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::CoordinatorMsg;
use super::use_partner;
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::staff::{StaffPhrase, origin};
use crate::ui::{
    ErrorNote, Field, PrimaryButton, ProblemNote, QrCode, SelectField, format_time, max_chars,
};

#[component]
pub fn InviteScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let ts = move |m: CoordinatorMsg| Signal::derive(move || i18n.t(m));
    let partner = use_partner();
    let programmes = partner.programmes;
    let name = RwSignal::new(String::new());
    let programme = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<CoordinatorMsg>);
    let created = RwSignal::new(None::<VolunteerInvite>);
    // One programme: nothing to choose.
    Effect::new(move |_| {
        if let Some(Ok(ps)) = programmes.get()
            && let [only] = ps.as_slice()
            && programme.with_untracked(String::is_empty)
        {
            programme.set(only.id.to_string());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let display_name = name.get_untracked().trim().to_owned();
        if rules::line(&display_name, rules::DISPLAY_NAME).is_err() {
            problem.set(Some(CoordinatorMsg::NameLength));
            return;
        }
        let Ok(programme_id) = ProgrammeId::parse(&programme.get_untracked()) else {
            problem.set(Some(CoordinatorMsg::ChooseProgramme));
            return;
        };
        let body = NewVolunteerInvite {
            programme_id,
            volunteer_id: None,
            display_name,
        };
        busy.set(true);
        spawn_local(async move {
            match api::partner::invite_volunteer(&body).await {
                Ok(invite) => {
                    created.set(Some(invite));
                    partner.volunteers.refetch();
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
                    <h2 class="card-title" id="vi-title">{t(CoordinatorMsg::TabInviteVolunteer)}</h2>
                    <p class="field-hint">{t(CoordinatorMsg::InviteVolunteerHint)}</p>
                    <Field
                        label=ts(CoordinatorMsg::VolunteerName)
                        hint=ts(CoordinatorMsg::VolunteerNameHint)
                        value=name
                        testid="volunteer-display-name"
                        maxlength=max_chars(&rules::DISPLAY_NAME)
                    />
                    <SelectField
                        label=ts(CoordinatorMsg::Programme)
                        value=programme
                        options=Signal::derive(move || {
                            programmes
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|p| (p.id.to_string(), p.settings.name))
                                .collect()
                        })
                        testid="volunteer-programme"
                    />
                    <ProblemNote problem=problem />
                    <ErrorNote error=error />
                    <PrimaryButton label=ts(CoordinatorMsg::CreateVolunteerCode) busy=busy testid="volunteer-invite-create" />
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
                {t(CoordinatorMsg::InviteAnotherVolunteer)}
            </button>
        </Show>
    }
}

/// The code to read out or show, and the same as a QR code of the enrolment link.
#[component]
fn VolunteerCodeCard(invite: VolunteerInvite) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let url = format!("{}{}", origin(), invite.path);
    let until = StaffPhrase::ValidUntil {
        at: format_time(invite.expires_at),
    };
    view! {
        <section class="card" data-testid="volunteer-invite-created" aria-labelledby="vc-title">
            <h2 class="card-title" id="vc-title">{t(CoordinatorMsg::VolunteerCodeTitle)}</h2>
            <p class="code staff-volunteer-code" data-testid="volunteer-code">{invite.code.clone()}</p>
            <p>{t(CoordinatorMsg::VolunteerCodeInstruction)}</p>
            <QrCode data=url label=Signal::derive(move || i18n.t(CoordinatorMsg::VolunteerQrLabel)) />
            <p class="muted" data-testid="volunteer-code-expiry">{move || i18n.say(&until)}</p>
        </section>
    }
}

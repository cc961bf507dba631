//! `/c/invite`: a one-time code (and a QR code of the enrolment link) for a new volunteer's
//! phone.
//!
//! The link carries, after `#` (never sent to any server), a secret made here and the digests of
//! the partner's and the centre's keys as this browser verified them: the phone pins those keys
//! and proves with the secret that it enrolled through this invitation, so no key the relay
//! inserted is ever believed on either side. An invitation therefore needs both keys verified.

use domain::api::{B64, NewVolunteerInvite, Programme, VolunteerInvite};
use domain::ids::ProgrammeId;
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::CoordinatorMsg;
use super::{partner_key, partner_key_of, sealing, use_partner};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::staff::session::use_staff;
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
    partner.refresh_directory();
    let programmes = partner.programmes;
    let name = RwSignal::new(String::new());
    let programme = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<CoordinatorMsg>);
    let created = RwSignal::new(None::<(VolunteerInvite, String)>);
    let staff = use_staff();
    // One programme: nothing to choose.
    Effect::new(move |_| {
        if let Some(Ok(ps)) = programmes.get()
            && let [only] = ps.as_slice()
            && programme.with_untracked(String::is_empty)
        {
            programme.set(only.id.to_string());
        }
    });

    // An invitation link vouches for both organisations' keys: say what is missing before the
    // coordinator types anything.
    let keys_missing = move || {
        let Some(org) = partner_key() else {
            return true;
        };
        let chosen = programme.get();
        programmes
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .iter()
            .filter(|p| chosen.is_empty() || p.id.as_str() == chosen)
            .any(|p| sealing::centre_of(&org, &partner.peer_list(), p).is_none())
    };

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
        let chosen: Option<Programme> = programmes
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|ps| ps.into_iter().find(|p| p.id == programme_id));
        let (Some(org), Some(chosen), Some(signed_in)) = (
            partner_key_of(staff),
            chosen,
            staff.signed_in.get_untracked(),
        ) else {
            error.set(Some(AppError::NotVerified));
            return;
        };
        let Some(centre) = sealing::centre_of(&org, &partner.peer_list(), &chosen) else {
            error.set(Some(AppError::NotVerified));
            return;
        };
        let invitation = match sealing::new_invitation(&org, signed_in.user_id(), &signed_in.me) {
            Ok(invitation) => invitation,
            Err(err) => {
                error.set(Some(err));
                return;
            }
        };
        let body = NewVolunteerInvite {
            invitation_id: invitation.id.clone(),
            sealed_secret: B64(invitation.sealed_secret.clone()),
            programme_id,
            volunteer_id: None,
            display_name,
        };
        busy.set(true);
        spawn_local(async move {
            let result = match api::partner::invite_volunteer(&body).await {
                Ok(invite) => {
                    sealing::invitation_link(&invite.code, invitation, &org.identity, &centre)
                        .map(|path| (invite, path))
                }
                Err(err) => Err(err),
            };
            match result {
                Ok(done) => {
                    created.set(Some(done));
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
                    <Show when=keys_missing>
                        <p class="note note-warn" role="status" data-testid="invite-needs-keys">
                            {t(CoordinatorMsg::InviteNeedsKeys)} " "
                            <leptos_router::components::A href="/c/team">
                                {move || i18n.t(crate::staff::TeamMsg::GoToTeam)}
                            </leptos_router::components::A>
                        </p>
                    </Show>
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
            {move || created.get().map(|(invite, path)| view! { <VolunteerCodeCard invite=invite path=path /> })}
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
fn VolunteerCodeCard(invite: VolunteerInvite, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CoordinatorMsg| move || i18n.t(m);
    let url = format!("{}{}", origin(), path);
    let until = StaffPhrase::ValidUntil {
        at: format_time(invite.expires_at),
    };
    view! {
        <section class="card" data-testid="volunteer-invite-created" aria-labelledby="vc-title">
            <h2 class="card-title" id="vc-title">{t(CoordinatorMsg::VolunteerCodeTitle)}</h2>
            <p class="code staff-volunteer-code" data-testid="volunteer-code">{invite.code.clone()}</p>
            <p>{t(CoordinatorMsg::VolunteerCodeInstruction)}</p>
            <QrCode data=url.clone() label=Signal::derive(move || i18n.t(CoordinatorMsg::VolunteerQrLabel)) />
            <div class="field">
                <label class="field-label" for="volunteer-invite-link">{t(CoordinatorMsg::InviteLinkLabel)}</label>
                <input
                    class="field-input"
                    id="volunteer-invite-link"
                    data-testid="volunteer-invite-link"
                    readonly
                    prop:value=url
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
                <p class="field-hint">{t(CoordinatorMsg::InviteLinkHint)}</p>
            </div>
            <p class="muted" data-testid="volunteer-code-expiry">{move || i18n.say(&until)}</p>
        </section>
    }
}

//! `/admin`: organisations (with their keys made here, in the browser), programmes, staff
//! invitations and pledge texts.

use domain::wire::{
    B64, CreatedInvite, NewOrganisation, NewProgramme, NewStaffInvite, OrgKind, Organisation,
    Pledge, PledgeText, Programme, StaffRole, SupportKind,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::keys::{OrgKey, new_org_key};
use super::msg::StaffMsg;
use super::session::use_staff;
use super::{
    CheckField, ListState, ProblemNote, RoleGate, SelectField, StaffBar, TabBar, TextArea,
    format_time, grant_pending_in_background, list_state, org_kind_msg, origin, version_label,
};
use crate::api;
use crate::components::{ErrorNote, Field, PrimaryButton, QrCode};
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};

type Orgs = LocalResource<Result<Vec<Organisation>, AppError>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Organisations,
    Programmes,
    Invites,
    Pledges,
}

#[component]
pub fn AdminHome() -> impl IntoView {
    view! {
        <RoleGate
            role=StaffRole::Admin
            title=StaffMsg::AdminTitle.texts()
            does=StaffMsg::AdminDoes.texts()
            testid="admin-home"
        >
            <AdminPanel />
        </RoleGate>
    }
}

#[component]
fn AdminPanel() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let tab = RwSignal::new(Tab::Organisations);
    let orgs: Orgs =
        LocalResource::new(|| api::get::<Vec<Organisation>>("/api/admin/organisations"));
    // Members who registered since sign-in get their organisation's key from this browser.
    Effect::new(move |_| {
        tab.track();
        grant_pending_in_background(staff);
    });
    view! {
        <div class="staff-wide">
            <StaffBar />
            <h1 class="page-title" data-testid="admin-signed-in">{move || i18n.t(StaffMsg::AdminTitle)}</h1>
            <TabBar
                current=tab
                label=Signal::derive(move || i18n.t(StaffMsg::AdminTitle))
                tabs=vec![
                    (Tab::Organisations, StaffMsg::TabOrganisations, "tab-organisations"),
                    (Tab::Programmes, StaffMsg::TabProgrammes, "tab-programmes"),
                    (Tab::Invites, StaffMsg::TabInvites, "tab-invites"),
                    (Tab::Pledges, StaffMsg::TabPledges, "tab-pledges"),
                ]
            />
            {move || match tab.get() {
                Tab::Organisations => view! { <OrganisationsTab orgs=orgs /> }.into_any(),
                Tab::Programmes => view! { <ProgrammesTab orgs=orgs /> }.into_any(),
                Tab::Invites => view! { <InvitesTab orgs=orgs /> }.into_any(),
                Tab::Pledges => view! { <PledgesTab orgs=orgs /> }.into_any(),
            }}
        </div>
    }
}

/// Digits typed with a Japanese IME arrive full-width (０-９).
fn parse_number(s: &str) -> Option<i64> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    ascii.parse().ok()
}

fn org_list(orgs: Orgs) -> Vec<Organisation> {
    orgs.get().and_then(Result::ok).unwrap_or_default()
}

fn org_options(orgs: Orgs, kind: Option<OrgKind>) -> Vec<(String, String)> {
    org_list(orgs)
        .into_iter()
        .filter(|o| kind.is_none_or(|k| o.kind == k))
        .map(|o| (o.id, o.name))
        .collect()
}

fn org_name(orgs: &[Organisation], id: &str) -> String {
    orgs.iter()
        .find(|o| o.id == id)
        .map(|o| o.name.clone())
        .unwrap_or_default()
}

// --- organisations ---------------------------------------------------------------------------

#[component]
fn OrganisationsTab(orgs: Orgs) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let kind = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let created = RwSignal::new(None::<Organisation>);
    let (loading, load_error, empty) = list_state(orgs);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        created.set(None);
        let kind = match kind.get_untracked().as_str() {
            "centre" => OrgKind::Centre,
            "partner" => OrgKind::Partner,
            _ => {
                problem.set(Some(StaffMsg::ChooseKind));
                return;
            }
        };
        let org_name = name.get_untracked().trim().to_owned();
        if org_name.is_empty() || org_name.chars().count() > 100 {
            problem.set(Some(StaffMsg::NameLength));
            return;
        }
        let Some(me) = staff.signed_in.get_untracked() else {
            return;
        };
        let (pair, sealed) = match new_org_key(&me.session.public_key, &me.session.user_id) {
            Ok(x) => x,
            Err(err) => {
                error.set(Some(err));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let body = NewOrganisation {
                kind,
                name: org_name,
                public_key: pair.public(),
                sealed_private_key: B64(sealed),
            };
            match api::post::<_, Organisation>("/api/admin/organisations", &body).await {
                Ok(org) => {
                    staff.update(|s| {
                        s.org_keys.push(OrgKey {
                            organisation_id: org.id.clone(),
                            public: pair.public(),
                            secret: pair.into_secret(),
                        })
                    });
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
            <h2 class="section-title" id="orgs-title">{t(StaffMsg::TabOrganisations)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=StaffMsg::NoOrganisationsYet />
            <ul class="list" data-testid="org-list">
                {move || {
                    org_list(orgs)
                        .into_iter()
                        .map(|o| {
                            let kind = org_kind_msg(o.kind);
                            view! {
                                <li class="list-item" data-testid="org-item">
                                    <div class="list-item-head">
                                        <span class="list-item-title">{o.name}</span>
                                        <span class="badge">{move || i18n.t(kind)}</span>
                                    </div>
                                    <p class="staff-meta">
                                        {t(StaffMsg::KeyFingerprint)} ": "
                                        <span class="fingerprint">{o.fingerprint}</span>
                                    </p>
                                    <p class="staff-meta">
                                        {t(StaffMsg::Pledge)} ": "
                                        {match o.pledge_version {
                                            Some(v) => version_label(i18n, v),
                                            None => i18n.t(StaffMsg::PledgeNoneYet).to_owned(),
                                        }}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
        <form class="card form" on:submit=submit data-testid="org-form" aria-labelledby="org-form-title">
            <h2 class="card-title" id="org-form-title">{t(StaffMsg::NewOrganisation)}</h2>
            <p class="field-hint">{t(StaffMsg::NewOrganisationHint)}</p>
            <SelectField
                label=ts(StaffMsg::OrgKind)
                value=kind
                options=Signal::derive(move || {
                    vec![
                        ("centre".to_owned(), i18n.t(StaffMsg::KindCentre).to_owned()),
                        ("partner".to_owned(), i18n.t(StaffMsg::KindPartner).to_owned()),
                    ]
                })
                testid="org-kind"
            />
            <Field label=ts(StaffMsg::OrgName) value=name testid="org-name" maxlength=100 />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                created
                    .get()
                    .map(|o| {
                        view! {
                            <p class="note note-info" role="status" data-testid="org-created">
                                {i18n.t(StaffMsg::Created)} " " {o.name} " · " {o.fingerprint}
                            </p>
                        }
                    })
            }}
            <PrimaryButton label=ts(StaffMsg::CreateOrganisation) busy=busy testid="org-create" />
        </form>
    }
}

// --- programmes ------------------------------------------------------------------------------

pub fn support_kind_msg(kind: SupportKind) -> StaffMsg {
    match kind {
        SupportKind::Meal => StaffMsg::SupportMeal,
        SupportKind::Childcare => StaffMsg::SupportChildcare,
        SupportKind::Lunchbox => StaffMsg::SupportLunchbox,
    }
}

#[component]
fn ProgrammesTab(orgs: Orgs) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let programmes = LocalResource::new(|| api::get::<Vec<Programme>>("/api/admin/programmes"));
    let (loading, load_error, empty) = list_state(programmes);

    let partner = RwSignal::new(String::new());
    let centre = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let support = RwSignal::new(String::new());
    let coordinator_reads = RwSignal::new(true);
    let phone = RwSignal::new(String::new());
    let retention = RwSignal::new("90".to_owned());
    let idle = RwSignal::new("5".to_owned());
    let offline = RwSignal::new("0".to_owned());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let created = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        created.set(None);
        let fail = |m| problem.set(Some(m));
        let (partner_id, centre_id) = (partner.get_untracked(), centre.get_untracked());
        if partner_id.is_empty() || centre_id.is_empty() {
            return fail(StaffMsg::ChoosePartnerCentre);
        }
        let prog_name = name.get_untracked().trim().to_owned();
        if prog_name.is_empty() || prog_name.chars().count() > 100 {
            return fail(StaffMsg::NameLength);
        }
        let support_kind = match support.get_untracked().as_str() {
            "meal" => SupportKind::Meal,
            "childcare" => SupportKind::Childcare,
            "lunchbox" => SupportKind::Lunchbox,
            _ => return fail(StaffMsg::ChooseSupportKind),
        };
        let emergency_phone = phone.get_untracked().trim().to_owned();
        if emergency_phone.is_empty()
            || emergency_phone.len() > 30
            || !emergency_phone
                .chars()
                .all(|c| c.is_ascii_digit() || "+- ()".contains(c))
            || !emergency_phone.chars().any(|c| c.is_ascii_digit())
        {
            return fail(StaffMsg::PhoneFormat);
        }
        let Some(retention_days) =
            parse_number(&retention.get_untracked()).filter(|d| (1..=3650).contains(d))
        else {
            return fail(StaffMsg::RetentionRange);
        };
        let Some(idle_minutes) =
            parse_number(&idle.get_untracked()).filter(|m| (1..=30).contains(m))
        else {
            return fail(StaffMsg::IdleRange);
        };
        let Some(offline_hours) =
            parse_number(&offline.get_untracked()).filter(|h| (0..=12).contains(h))
        else {
            return fail(StaffMsg::OfflineRange);
        };
        let body = NewProgramme {
            partner_id,
            centre_id,
            name: prog_name,
            support_kind,
            coordinator_reads_reports: coordinator_reads.get_untracked(),
            emergency_phone,
            retention_days,
            idle_lock_secs: idle_minutes * 60,
            offline_window_secs: offline_hours * 3600,
        };
        busy.set(true);
        spawn_local(async move {
            match api::post::<_, Programme>("/api/admin/programmes", &body).await {
                Ok(p) => {
                    name.set(String::new());
                    created.set(Some(p.settings.name));
                    programmes.refetch();
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
        <section aria-labelledby="programmes-title">
            <h2 class="section-title" id="programmes-title">{t(StaffMsg::TabProgrammes)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=StaffMsg::NoProgrammesYet />
            <ul class="list" data-testid="programme-list">
                {move || {
                    let all_orgs = org_list(orgs);
                    programmes
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| {
                            let s = p.settings;
                            let kind = support_kind_msg(s.support_kind);
                            let partner = org_name(&all_orgs, &s.partner_id);
                            let centre = org_name(&all_orgs, &s.centre_id);
                            view! {
                                <li class="list-item" data-testid="programme-item">
                                    <div class="list-item-head">
                                        <span class="list-item-title">{s.name}</span>
                                        <span class="badge">{move || i18n.t(kind)}</span>
                                    </div>
                                    <p class="staff-meta">{partner} " → " {centre}</p>
                                    <p class="staff-meta">
                                        {t(StaffMsg::EmergencyPhone)} ": " {s.emergency_phone} " · "
                                        {t(StaffMsg::RetentionShort)} " " {s.retention_days} " · "
                                        {t(StaffMsg::IdleShort)} " " {s.idle_lock_secs / 60} " · "
                                        {t(StaffMsg::OfflineShort)} " " {s.offline_window_secs / 3600}
                                    </p>
                                    {s.coordinator_reads_reports.then(|| view! {
                                        <p class="staff-meta">{t(StaffMsg::CoordinatorReadsShort)}</p>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
        <form class="card form" on:submit=submit data-testid="programme-form" aria-labelledby="programme-form-title">
            <h2 class="card-title" id="programme-form-title">{t(StaffMsg::NewProgramme)}</h2>
            <SelectField
                label=ts(StaffMsg::Partner)
                value=partner
                options=Signal::derive(move || org_options(orgs, Some(OrgKind::Partner)))
                testid="programme-partner"
            />
            <SelectField
                label=ts(StaffMsg::Centre)
                value=centre
                options=Signal::derive(move || org_options(orgs, Some(OrgKind::Centre)))
                testid="programme-centre"
            />
            <Field label=ts(StaffMsg::ProgrammeName) value=name testid="programme-name" maxlength=100 />
            <SelectField
                label=ts(StaffMsg::SupportKind)
                value=support
                options=Signal::derive(move || {
                    [
                        ("meal", StaffMsg::SupportMeal),
                        ("childcare", StaffMsg::SupportChildcare),
                        ("lunchbox", StaffMsg::SupportLunchbox),
                    ]
                    .into_iter()
                    .map(|(v, m)| (v.to_owned(), i18n.t(m).to_owned()))
                    .collect()
                })
                testid="programme-support"
            />
            <CheckField
                label=ts(StaffMsg::CoordinatorReads)
                value=coordinator_reads
                testid="programme-coordinator-reads"
            />
            <Field
                label=ts(StaffMsg::EmergencyPhone)
                hint=ts(StaffMsg::EmergencyPhoneHint)
                value=phone
                kind="tel"
                inputmode="tel"
                testid="programme-phone"
                maxlength=30
            />
            <div class="staff-grid">
                <Field
                    label=ts(StaffMsg::RetentionDays)
                    value=retention
                    inputmode="numeric"
                    testid="programme-retention"
                    maxlength=4
                />
                <Field
                    label=ts(StaffMsg::IdleMinutes)
                    value=idle
                    inputmode="numeric"
                    testid="programme-idle"
                    maxlength=2
                />
                <Field
                    label=ts(StaffMsg::OfflineHours)
                    hint=ts(StaffMsg::OfflineHoursHint)
                    value=offline
                    inputmode="numeric"
                    testid="programme-offline"
                    maxlength=2
                />
            </div>
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                created
                    .get()
                    .map(|n| {
                        view! {
                            <p class="note note-info" role="status" data-testid="programme-created">
                                {i18n.t(StaffMsg::Created)} " " {n}
                            </p>
                        }
                    })
            }}
            <PrimaryButton label=ts(StaffMsg::CreateProgramme) busy=busy testid="programme-create" />
        </form>
    }
}

// --- staff invitations -----------------------------------------------------------------------

#[component]
fn InvitesTab(orgs: Orgs) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let role = RwSignal::new(String::new());
    let org = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let created = RwSignal::new(None::<(CreatedInvite, String)>);

    let chosen_role = move || match role.get().as_str() {
        "caseworker" => Some(StaffRole::Caseworker),
        "coordinator" => Some(StaffRole::Coordinator),
        "admin" => Some(StaffRole::Admin),
        _ => None,
    };
    // The organisation must match the role: a centre for a caseworker, a partner for a coordinator.
    Effect::new(move |_| {
        role.track();
        org.set(String::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let Some(r) = chosen_role() else {
            problem.set(Some(StaffMsg::ChooseRole));
            return;
        };
        let organisation_id = match r {
            StaffRole::Admin => None,
            _ => Some(org.get_untracked()).filter(|o| !o.is_empty()),
        };
        if r != StaffRole::Admin && organisation_id.is_none() {
            problem.set(Some(StaffMsg::ChooseOrganisation));
            return;
        }
        let display_name = name.get_untracked().trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > 100 {
            problem.set(Some(StaffMsg::NameLength));
            return;
        }
        let body = NewStaffInvite {
            role: r,
            organisation_id,
            display_name: display_name.clone(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::post::<_, CreatedInvite>("/api/admin/staff-invites", &body).await {
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
                    <h2 class="card-title" id="invite-form-title">{t(StaffMsg::NewInvite)}</h2>
                    <p class="field-hint">{t(StaffMsg::NewInviteHint)}</p>
                    <SelectField
                        label=ts(StaffMsg::Role)
                        value=role
                        options=Signal::derive(move || {
                            [
                                ("caseworker", StaffMsg::RoleCaseworkerAtCentre),
                                ("coordinator", StaffMsg::RoleCoordinatorAtPartner),
                                ("admin", StaffMsg::RoleAdmin),
                            ]
                            .into_iter()
                            .map(|(v, m)| (v.to_owned(), i18n.t(m).to_owned()))
                            .collect()
                        })
                        testid="invite-role"
                    />
                    <Show when=move || matches!(chosen_role(), Some(StaffRole::Caseworker | StaffRole::Coordinator))>
                        <SelectField
                            label=ts(StaffMsg::Organisation)
                            value=org
                            options=Signal::derive(move || {
                                let kind = match chosen_role() {
                                    Some(StaffRole::Caseworker) => OrgKind::Centre,
                                    _ => OrgKind::Partner,
                                };
                                org_options(orgs, Some(kind))
                            })
                            testid="invite-org"
                        />
                    </Show>
                    <Field
                        label=ts(StaffMsg::DisplayName)
                        hint=ts(StaffMsg::DisplayNameHint)
                        value=name
                        autocomplete="off"
                        testid="invite-display-name"
                        maxlength=100
                    />
                    <ProblemNote problem=problem />
                    <ErrorNote error=error />
                    <PrimaryButton label=ts(StaffMsg::CreateInvite) busy=busy testid="invite-create" />
                </form>
            }
        >
            {move || created.get().map(|(invite, who)| view! { <CreatedInviteCard invite=invite who=who /> })}
            <button type="button" class="button button-secondary button-block" data-testid="invite-another" on:click=again>
                {t(StaffMsg::InviteAnother)}
            </button>
        </Show>
    }
}

/// The link to hand over (in person or by the organisation's own mail), as text, copy and QR.
#[component]
fn CreatedInviteCard(invite: CreatedInvite, who: String) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
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
    view! {
        <section class="card" data-testid="invite-created" aria-labelledby="invite-created-title">
            <h2 class="card-title" id="invite-created-title">{t(StaffMsg::InviteReady)}</h2>
            <p>{who} {t(StaffMsg::InviteReadyFor)}</p>
            <p class="field-hint">{t(StaffMsg::InviteHandOver)}</p>
            <p class="staff-url" data-testid="invite-url">{url.clone()}</p>
            <button type="button" class="button button-block" data-testid="invite-copy" on:click=copy>
                {t(StaffMsg::CopyLink)}
            </button>
            {move || {
                copied
                    .get()
                    .map(|ok| {
                        let m = if ok { StaffMsg::Copied } else { StaffMsg::CopyFailed };
                        view! { <p class="note note-info" role="status">{move || i18n.t(m)}</p> }
                    })
            }}
            <QrCode data=url label=Signal::derive(move || i18n.t(StaffMsg::InviteQrLabel)) />
            <p class="muted">{t(StaffMsg::ExpiresAt)} ": " {format_time(invite.expires_at)}</p>
        </section>
    }
}

// --- pledges ---------------------------------------------------------------------------------

#[component]
fn PledgesTab(orgs: Orgs) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let ts = move |m: StaffMsg| Signal::derive(move || i18n.t(m));
    let org = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<StaffMsg>);
    let saved = RwSignal::new(None::<Pledge>);

    let current_version = move || {
        let id = org.get();
        org_list(orgs)
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
        let id = org.get_untracked();
        if id.is_empty() {
            problem.set(Some(StaffMsg::ChooseOrganisation));
            return;
        }
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() || body.chars().count() > 20_000 {
            problem.set(Some(StaffMsg::PledgeLength));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let path = format!("/api/admin/organisations/{id}/pledge");
            match api::put::<_, Pledge>(&path, &PledgeText { text: body }).await {
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
            <h2 class="card-title" id="pledge-editor-title">{t(StaffMsg::PledgeEditorTitle)}</h2>
            <p class="field-hint">{t(StaffMsg::PledgeEditorHint)}</p>
            <SelectField
                label=ts(StaffMsg::Organisation)
                value=org
                options=Signal::derive(move || org_options(orgs, None))
                testid="pledge-org"
            />
            {move || {
                current_version()
                    .map(|v| {
                        let text = match v {
                            Some(v) => format!("{}: {}", i18n.t(StaffMsg::CurrentVersion), version_label(i18n, v)),
                            None => format!("{}: {}", i18n.t(StaffMsg::CurrentVersion), i18n.t(StaffMsg::PledgeNoneYet)),
                        };
                        view! { <p class="staff-meta" data-testid="pledge-current">{text}</p> }
                    })
            }}
            <TextArea
                label=ts(StaffMsg::PledgeText)
                hint=ts(StaffMsg::PledgeTextHint)
                value=text
                testid="pledge-text-input"
                maxlength=20000
                class="field-textarea staff-pledge-input"
            />
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                saved
                    .get()
                    .map(|p| {
                        view! {
                            <p class="note note-info" role="status" data-testid="pledge-saved">
                                {i18n.t(StaffMsg::PledgeSaved)} " (" {version_label(i18n, p.version)} ")"
                            </p>
                        }
                    })
            }}
            <PrimaryButton label=ts(StaffMsg::SavePledge) busy=busy testid="pledge-save" />
        </form>
    }
}

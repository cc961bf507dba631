//! `/admin/programmes`: what a partner runs for a centre, and the rules its phones follow.

use domain::api::{NewProgramme, OrgKind, Programme, SupportKind};
use domain::ids::OrgId;
use domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::msg::{AdminMsg, AdminPhrase, support_kind_msg};
use super::{org_name, parse_number, use_orgs};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::{
    CheckField, ErrorNote, Field, ListState, PrimaryButton, ProblemNote, SelectField, list_state,
    max_chars,
};

/// What the form holds, in the units people type (minutes, hours).
struct Typed {
    partner: String,
    centre: String,
    name: String,
    support: String,
    coordinator_reads: bool,
    phone: String,
    retention_days: String,
    idle_minutes: String,
    offline_hours: String,
}

/// Checks each field against `domain::rules` (the relay's own limits) and says which one is
/// wrong, then builds the request.
fn programme_from(form: Typed) -> Result<NewProgramme, AdminMsg> {
    let (Ok(partner_id), Ok(centre_id)) = (OrgId::parse(&form.partner), OrgId::parse(&form.centre))
    else {
        return Err(AdminMsg::ChoosePartnerCentre);
    };
    let name = form.name.trim().to_owned();
    rules::line(&name, rules::PROGRAMME_NAME).map_err(|_| AdminMsg::NameLength)?;
    let support_kind = form
        .support
        .parse::<SupportKind>()
        .map_err(|_| AdminMsg::ChooseSupportKind)?;
    let emergency_phone = form.phone.trim().to_owned();
    rules::phone(&emergency_phone).map_err(|_| AdminMsg::PhoneFormat)?;
    let retention_days = parse_number(&form.retention_days)
        .filter(|d| rules::within(*d, rules::RETENTION_DAYS).is_ok())
        .ok_or(AdminMsg::RetentionRange)?;
    let idle_lock_secs = parse_number(&form.idle_minutes)
        .and_then(|m| m.checked_mul(60))
        .filter(|s| rules::within(*s, rules::IDLE_LOCK_SECS).is_ok())
        .ok_or(AdminMsg::IdleRange)?;
    let offline_window_secs = parse_number(&form.offline_hours)
        .and_then(|h| h.checked_mul(3600))
        .filter(|s| rules::within(*s, rules::OFFLINE_WINDOW_SECS).is_ok())
        .ok_or(AdminMsg::OfflineRange)?;
    Ok(NewProgramme {
        partner_id,
        centre_id,
        name,
        support_kind,
        coordinator_reads_reports: form.coordinator_reads,
        emergency_phone,
        retention_days,
        idle_lock_secs,
        offline_window_secs,
    })
}

#[component]
pub fn ProgrammesScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: AdminMsg| move || i18n.t(m);
    let ts = move |m: AdminMsg| Signal::derive(move || i18n.t(m));
    let orgs = use_orgs();
    let programmes = LocalResource::new(api::admin::programmes);
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
    let problem = RwSignal::new(None::<AdminMsg>);
    let created = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        created.set(None);
        let typed = Typed {
            partner: partner.get_untracked(),
            centre: centre.get_untracked(),
            name: name.get_untracked(),
            support: support.get_untracked(),
            coordinator_reads: coordinator_reads.get_untracked(),
            phone: phone.get_untracked(),
            retention_days: retention.get_untracked(),
            idle_minutes: idle.get_untracked(),
            offline_hours: offline.get_untracked(),
        };
        let body = match programme_from(typed) {
            Ok(body) => body,
            Err(msg) => return problem.set(Some(msg)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::admin::create_programme(&body).await {
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
            <h2 class="section-title" id="programmes-title">{t(AdminMsg::TabProgrammes)}</h2>
            <ListState loading=loading error=load_error empty=empty empty_msg=AdminMsg::NoProgrammesYet />
            <ul class="list" data-testid="programme-list">
                {move || {
                    let all_orgs = orgs.list();
                    programmes
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| {
                            let partner = org_name(&all_orgs, &p.settings.partner_id);
                            let centre = org_name(&all_orgs, &p.settings.centre_id);
                            view! { <ProgrammeItem programme=p partner=partner centre=centre /> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
        <form class="card form" on:submit=submit data-testid="programme-form" aria-labelledby="programme-form-title">
            <h2 class="card-title" id="programme-form-title">{t(AdminMsg::NewProgramme)}</h2>
            <SelectField
                label=ts(AdminMsg::Partner)
                value=partner
                options=Signal::derive(move || orgs.options(Some(OrgKind::Partner)))
                testid="programme-partner"
            />
            <SelectField
                label=ts(AdminMsg::Centre)
                value=centre
                options=Signal::derive(move || orgs.options(Some(OrgKind::Centre)))
                testid="programme-centre"
            />
            <Field
                label=ts(AdminMsg::ProgrammeName)
                value=name
                testid="programme-name"
                maxlength=max_chars(&rules::PROGRAMME_NAME)
            />
            <SelectField
                label=ts(AdminMsg::SupportKind)
                value=support
                options=Signal::derive(move || {
                    SupportKind::ALL
                        .iter()
                        .map(|k| (k.as_str().to_owned(), i18n.t(support_kind_msg(*k)).to_owned()))
                        .collect()
                })
                testid="programme-support"
            />
            <CheckField
                label=ts(AdminMsg::CoordinatorReads)
                value=coordinator_reads
                testid="programme-coordinator-reads"
            />
            <Field
                label=ts(AdminMsg::EmergencyPhone)
                hint=ts(AdminMsg::EmergencyPhoneHint)
                value=phone
                kind="tel"
                inputmode="tel"
                testid="programme-phone"
                maxlength=30
            />
            <div class="staff-grid">
                <Field
                    label=ts(AdminMsg::RetentionDays)
                    value=retention
                    inputmode="numeric"
                    testid="programme-retention"
                    maxlength=4
                />
                <Field
                    label=ts(AdminMsg::IdleMinutes)
                    value=idle
                    inputmode="numeric"
                    testid="programme-idle"
                    maxlength=2
                />
                <Field
                    label=ts(AdminMsg::OfflineHours)
                    hint=ts(AdminMsg::OfflineHoursHint)
                    value=offline
                    inputmode="numeric"
                    testid="programme-offline"
                    maxlength=2
                />
            </div>
            <ProblemNote problem=problem />
            <ErrorNote error=error />
            {move || {
                created.get().map(|name| {
                    let phrase = AdminPhrase::ProgrammeCreated { name };
                    view! {
                        <p class="note note-info" role="status" data-testid="programme-created">
                            {move || i18n.say(&phrase)}
                        </p>
                    }
                })
            }}
            <PrimaryButton label=ts(AdminMsg::CreateProgramme) busy=busy testid="programme-create" />
        </form>
    }
}

#[component]
fn ProgrammeItem(programme: Programme, partner: String, centre: String) -> impl IntoView {
    let i18n = use_i18n();
    let s = programme.settings;
    let kind = support_kind_msg(s.support_kind);
    let facts = AdminPhrase::ProgrammeFacts {
        phone: s.emergency_phone,
        retention_days: s.retention_days,
        idle_minutes: s.idle_lock_secs / 60,
        offline_hours: s.offline_window_secs / 3600,
    };
    view! {
        <li class="list-item" data-testid="programme-item">
            <div class="list-item-head">
                <span class="list-item-title">{s.name}</span>
                <span class="badge">{move || i18n.t(kind)}</span>
            </div>
            <p class="staff-meta">{partner} " → " {centre}</p>
            <p class="staff-meta">{move || i18n.say(&facts)}</p>
            {s.coordinator_reads_reports.then(|| view! {
                <p class="staff-meta">{move || i18n.t(AdminMsg::CoordinatorReadsShort)}</p>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> Typed {
        Typed {
            partner: "00000000-0000-4000-8000-00000000a001".into(),
            centre: "00000000-0000-4000-8000-00000000c001".into(),
            name: " おうち食堂（架空） ".into(),
            support: "meal".into(),
            coordinator_reads: true,
            phone: "03-0000-0000".into(),
            retention_days: "90".into(),
            idle_minutes: "５".into(),
            offline_hours: "2".into(),
        }
    }

    #[test]
    fn a_good_form_becomes_a_programme_the_relay_accepts() {
        let p = programme_from(typed()).unwrap_or_else(|m| panic!("{m:?}"));
        assert_eq!(p.name, "おうち食堂（架空）");
        assert_eq!(p.idle_lock_secs, 300);
        assert_eq!(p.offline_window_secs, 7200);
        assert_eq!(rules::programme(&p), Ok(()));
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        type Break = fn(&mut Typed);
        let cases: [(Break, AdminMsg); 6] = [
            (
                |t| t.centre = "not-an-id".into(),
                AdminMsg::ChoosePartnerCentre,
            ),
            (|t| t.name = " ".into(), AdminMsg::NameLength),
            (|t| t.support = String::new(), AdminMsg::ChooseSupportKind),
            (|t| t.phone = "０３".into(), AdminMsg::PhoneFormat),
            (|t| t.idle_minutes = "31".into(), AdminMsg::IdleRange),
            (|t| t.offline_hours = "13".into(), AdminMsg::OfflineRange),
        ];
        for (break_it, expected) in cases {
            let mut form = typed();
            break_it(&mut form);
            assert_eq!(programme_from(form).err(), Some(expected));
        }
    }
}

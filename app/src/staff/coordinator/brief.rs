//! `/c/referrals/:referral_id/brief/:assignment_id`: the brief composer for one assignment.
//! Every referral field with a checkbox (only what the programme marks as practical is checked
//! at first), free instructions, cautions and "do not mention" items, and a preview built with
//! the same `Brief::compose` the sealed brief comes from, laid out as the phone shows it.
//! Approving seals the brief to both organisations and to each active phone of the volunteer
//! that the partner certified, and lists exactly those phones to the relay. Versions are kept;
//! the current one can be revoked.

use domain::api::{
    Assignment, AssignmentStatus, BriefState, BriefVersion, DeviceState, NewBrief, Programme,
    ReferralDetail, Volunteer,
};
use domain::content::brief::{Brief, BriefFor, Selection, default_fields};
use domain::content::referral::{Field, Referral as ReferralContent};
use domain::ids::{AssignmentId, BriefId, DeviceId};
use domain::keys::PublicKey;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::forms::{FormProblem, jst_text, schedule_text};
use super::msg::{CaseMsg, CasePhrase, brief_badge, field_label};
use super::referral::{detail_resource, referral_id_param, sealer, sides_of};
use super::{partner_key, sealing, use_partner};
use crate::api;
use crate::i18n::{Lang, use_i18n};
use crate::staff::OrgKey;
use crate::staff::casework;
use crate::staff::session::use_staff;
use crate::ui::{
    Action, ErrorNote, Field as InputField, ProblemNote, TextArea, UiMsg, format_time,
};

/// The phones a brief may be sealed to: the volunteer's active ones whose partner certificate
/// verifies here. The relay checks the same list.
pub fn certified_phones(org: &OrgKey, volunteer: &Volunteer) -> Vec<(DeviceId, PublicKey)> {
    volunteer
        .devices
        .iter()
        .filter(|d| d.state == DeviceState::Active && sealing::device_certified(org, volunteer, d))
        .map(|d| (d.id.clone(), d.identity.sealing))
        .collect()
}

/// The next version of an assignment's brief: the same id, one more; the first is a new id.
pub fn next_version(versions: &[BriefVersion]) -> Option<(BriefId, u32)> {
    versions
        .iter()
        .max_by_key(|v| v.version)
        .map(|v| (v.brief_id.clone(), v.version + 1))
}

#[component]
pub fn BriefScreen() -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    partner.refresh_directory();
    let referral_id = referral_id_param();
    let params = use_params_map();
    let assignment_id = Memo::new(move |_| {
        params.with(|p| {
            p.get("assignment_id")
                .and_then(|s| AssignmentId::parse(&s).ok())
        })
    });
    let detail = detail_resource(referral_id);
    // Here, not in the composer, which is made again from the reloaded versions.
    let approved = RwSignal::new(false);
    let reload = Callback::new(move |()| {
        detail.refetch();
        partner.ledger.refetch();
    });
    let back = move || {
        referral_id
            .get()
            .map(|id| format!("/c/referrals/{id}"))
            .unwrap_or_else(|| "/c/referrals".to_owned())
    };
    view! {
        <section class="card co-case" data-testid="brief-screen" aria-labelledby="brief-title">
            <A href=back attr:class="back-link" attr:data-testid="back-to-referral">
                {move || i18n.t(CaseMsg::BackToReferral)}
            </A>
            <h2 class="card-title" id="brief-title">{move || i18n.t(CaseMsg::BriefTitle)}</h2>
            {move || match (detail.get(), assignment_id.get()) {
                (None, _) => view! { <p class="muted" role="status">{i18n.t(UiMsg::Loading)}</p> }.into_any(),
                (Some(Err(err)), _) => {
                    let error = RwSignal::new(Some(err));
                    view! { <ErrorNote error=error /> }.into_any()
                }
                (Some(Ok(Some(detail))), Some(id)) => {
                    match detail.assignments.iter().find(|a| a.id == id).cloned() {
                        Some(assignment) => view! { <Opened detail=detail assignment=assignment reload=reload approved=approved /> }.into_any(),
                        None => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                    }
                }
                _ => view! { <crate::pages::not_found::NotFound /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Opened(
    detail: ReferralDetail,
    assignment: Assignment,
    reload: Callback<()>,
    approved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    let detail = StoredValue::new(detail);
    let opened = Memo::new(move |_| {
        let org = partner_key()?;
        let peers = partner.peer_list();
        Some(detail.with_value(|d| casework::open_referral(&org, &peers, &d.referral)))
    });
    let assignment = StoredValue::new(assignment);
    // The programme gives the practical fields and the centre's phone: wait for it.
    let programme = Memo::new(move |_| {
        let list = partner.programmes.get()?.unwrap_or_default();
        let id = detail.with_value(|d| d.referral.programme_id.clone());
        Some(list.into_iter().find(|p| p.id == id))
    });
    move || {
        match (opened.get(), programme.get()) {
        (_, None) => view! { <p class="muted" role="status">{i18n.t(UiMsg::Loading)}</p> }.into_any(),
        (None, _) => view! { <p class="note note-warn">{i18n.t(CaseMsg::NeedsOrgKey)}</p> }.into_any(),
        (Some(Err(refusal)), _) => view! {
            <p class="note note-error" role="alert" data-testid="referral-refused">{i18n.t(refusal)}</p>
        }
        .into_any(),
        (Some(Ok(content)), Some(programme)) => view! {
            <Composer
                detail=detail.get_value()
                assignment=assignment.get_value()
                content=content
                programme=programme
                reload=reload
                approved=approved
            />
        }
        .into_any(),
    }
    }
}

#[component]
fn Composer(
    detail: ReferralDetail,
    assignment: Assignment,
    content: ReferralContent,
    programme: Option<Programme>,
    reload: Callback<()>,
    approved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let ts = move |m: CaseMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let partner = use_partner();
    let english = move || i18n.lang.get() == Lang::En;
    let centre_phone = programme
        .as_ref()
        .map(|p| p.settings.emergency_phone.clone())
        .unwrap_or_default();
    let mut versions: Vec<BriefVersion> = detail
        .briefs
        .iter()
        .filter(|b| b.assignment_id == assignment.id)
        .cloned()
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.version));
    // A new version starts from the current one, when it opens here; the first from the
    // programme's practical fields only.
    let current = versions
        .iter()
        .find(|v| v.state == BriefState::Current)
        .and_then(|v| {
            partner_key().and_then(|org| casework::open_brief(&org, &partner.peer_list(), v))
        })
        .and_then(Result::ok);
    let (start_fields, start) = match &current {
        Some(brief) => (
            brief.fields.iter().map(|r| r.field).collect::<Vec<_>>(),
            Selection {
                fields: vec![],
                instructions: brief.instructions.clone(),
                cautions: brief.cautions.clone(),
                do_not_mention: brief.do_not_mention.clone(),
                coordinator_phone: brief.coordinator_phone.clone(),
            },
        ),
        None => (
            programme
                .as_ref()
                .map(|p| default_fields(&content, p.settings.support_kind))
                .unwrap_or_default(),
            Selection::default(),
        ),
    };
    let checks: Vec<(Field, RwSignal<bool>)> = Field::ALL
        .into_iter()
        .map(|f| (f, RwSignal::new(start_fields.contains(&f))))
        .collect();
    let checks = StoredValue::new(checks);
    let instructions = RwSignal::new(start.instructions);
    let cautions = RwSignal::new(start.cautions);
    let do_not_mention = RwSignal::new(start.do_not_mention);
    let coordinator_phone = RwSignal::new(start.coordinator_phone);
    let content = StoredValue::new(content);
    let assignment = StoredValue::new(assignment);
    let centre_phone = StoredValue::new(centre_phone);
    let brief = Memo::new(move |_| {
        let selection = Selection {
            fields: checks.with_value(|c| {
                c.iter()
                    .filter(|(_, on)| on.get())
                    .map(|(f, _)| *f)
                    .collect()
            }),
            instructions: instructions.get(),
            cautions: cautions.get(),
            do_not_mention: do_not_mention.get(),
            coordinator_phone: coordinator_phone.get(),
        };
        assignment.with_value(|a| {
            content.with_value(|c| {
                centre_phone.with_value(|phone| {
                    Brief::compose(
                        c,
                        &selection,
                        &BriefFor {
                            assignment_id: &a.id,
                            volunteer_id: &a.volunteer_id,
                            schedule: a.schedule,
                            valid_until: a.valid_until,
                            centre_phone: phone,
                        },
                    )
                })
            })
        })
    });
    let volunteer = Memo::new(move |_| {
        let id = assignment.with_value(|a| a.volunteer_id.clone());
        partner.volunteer_list().into_iter().find(|v| v.id == id)
    });
    let phones = Memo::new(move |_| {
        let org = partner_key()?;
        Some(
            volunteer
                .get()
                .map(|v| certified_phones(&org, &v))
                .unwrap_or_default(),
        )
    });
    let active = assignment.with_value(|a| a.status == AssignmentStatus::Active);
    let next = StoredValue::new(next_version(&versions));
    let referral = StoredValue::new(detail.referral.clone());
    let problem = RwSignal::new(None::<FormProblem>);
    let action = Action::new();
    let approve = move |_| {
        problem.set(None);
        approved.set(false);
        let brief = brief.get_untracked();
        if brief.check().is_err() {
            problem.set(Some(
                if brief.fields.is_empty() && brief.instructions.is_empty() {
                    FormProblem::BriefEmpty
                } else {
                    FormProblem::BriefRules
                },
            ));
            return;
        }
        let phones = phones.get_untracked().unwrap_or_default();
        if phones.is_empty() {
            return;
        }
        let body = (|| {
            let (org, me) = sealer(staff)?;
            let sides = referral.with_value(|r| sides_of(&org, partner, r))?;
            let (brief_id, version) = match next.get_value() {
                Some(next) => next,
                None => (BriefId::random()?, 1),
            };
            let keys: Vec<PublicKey> = phones.iter().map(|(_, key)| *key).collect();
            let sealed = casework::seal_brief(
                me.user_id(),
                &me.me,
                &sides,
                &keys,
                &brief_id,
                version,
                &brief,
            )?;
            Ok::<_, crate::error::AppError>(NewBrief {
                brief_id,
                assignment_id: brief.assignment_id.clone(),
                version,
                valid_until: brief.valid_until,
                devices: phones.into_iter().map(|(id, _)| id).collect(),
                sealed,
            })
        })();
        let body = match body {
            Ok(body) => body,
            Err(err) => {
                action.error.set(Some(err));
                return;
            }
        };
        action.run(
            async move { api::partner::approve_brief(&body).await },
            move |_| {
                approved.set(true);
                reload.run(());
            },
        );
    };
    let field_rows = checks
        .get_value()
        .into_iter()
        .map(|(field, on)| {
            let text = content.with_value(|c| c.field_text(field));
            let empty = text.is_empty();
            let id = format!("brief-field-{}", field.key());
            let (input_id, testid) = (id.clone(), id.clone());
            let value_id = format!("{id}-value");
            view! {
                <li class="co-brief-field" class:muted=empty>
                    <label class="check co-brief-check" for=id>
                        <input
                            type="checkbox"
                            id=input_id
                            data-testid=testid
                            aria-describedby=value_id.clone()
                            disabled=empty
                            prop:checked=move || on.get()
                            on:change=move |ev| on.set(event_target_checked(&ev))
                        />
                        <span class="co-brief-field-label">{move || i18n.pick(field_label(field))}</span>
                    </label>
                    <p class="co-fact-text co-brief-value" id=value_id>
                        {if empty { i18n.t(CaseMsg::Empty).to_owned() } else { text }}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="staff-meta" data-testid="brief-assignment">
            {move || volunteer.get().map(|v| v.display_name).unwrap_or_default()} " · "
            {move || assignment.with_value(|a| schedule_text(&a.schedule, english()))}
        </p>
        {(!active).then(|| view! { <p class="note note-warn" data-testid="brief-ended">{t(CaseMsg::BriefEnded)}</p> })}
        <div class="co-brief-grid">
            <div class="co-brief-compose" data-testid="brief-composer">
                <fieldset class="co-fieldset">
                    <legend>{t(CaseMsg::BriefFieldsTitle)}</legend>
                    <p class="field-hint">{t(CaseMsg::BriefFieldsHint)}</p>
                    <ul class="co-brief-fields">{field_rows}</ul>
                </fieldset>
                <TextArea label=ts(CaseMsg::BriefInstructions) hint=ts(CaseMsg::BriefInstructionsHint)
                    value=instructions testid="brief-instructions" maxlength=2000 class="field-textarea staff-short-textarea" />
                <TextArea label=ts(CaseMsg::BriefCautions) value=cautions testid="brief-cautions"
                    maxlength=2000 class="field-textarea staff-short-textarea" />
                <TextArea label=ts(CaseMsg::BriefDoNotMention) value=do_not_mention testid="brief-do-not-mention"
                    maxlength=2000 class="field-textarea staff-short-textarea" />
                <InputField label=ts(CaseMsg::BriefCoordinatorPhone) value=coordinator_phone kind="tel"
                    inputmode="tel" testid="brief-coordinator-phone" maxlength=30 />
            </div>
            <div class="co-brief-side">
                <h3 class="section-title">{t(CaseMsg::BriefPreview)}</h3>
                <p class="staff-meta">{t(CaseMsg::BriefPreviewHint)}</p>
                <BriefView brief=Signal::derive(move || brief.get()) testid="brief-preview" />
                {active.then(|| view! {
                    {move || (phones.get().is_some_and(|p| p.is_empty())).then(|| view! {
                        <p class="note note-warn" role="status" data-testid="brief-no-device">{t(CaseMsg::BriefNoDevice)}</p>
                    })}
                    {move || phones.get().filter(|p| !p.is_empty()).map(|p| view! {
                        <p class="staff-meta" data-testid="brief-phones">
                            {i18n.say(&CasePhrase::SealedToPhones { n: p.len() })}
                        </p>
                    })}
                    <ProblemNote problem=problem />
                    <ErrorNote error=action.error />
                    <Show when=move || approved.get()>
                        <p class="note note-info" role="status" data-testid="brief-approved">{t(CaseMsg::BriefApproved)}</p>
                    </Show>
                    <button
                        type="button"
                        class="button button-block"
                        data-testid="brief-approve"
                        disabled=move || action.busy.get() || phones.get().is_none_or(|p| p.is_empty())
                        aria-busy=move || action.busy.get().to_string()
                        on:click=approve
                    >
                        {t(CaseMsg::BriefApprove)}
                    </button>
                })}
            </div>
        </div>
        <Versions versions=versions reload=reload />
    }
}

/// The approved versions, newest first, opened here, with their state; the current one can be
/// revoked after a confirmation.
#[component]
fn Versions(versions: Vec<BriefVersion>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let empty = versions.is_empty();
    view! {
        <section class="co-brief-versions" aria-labelledby="brief-versions-title" data-testid="brief-versions">
            <h3 class="section-title" id="brief-versions-title">{t(CaseMsg::BriefVersions)}</h3>
            {empty.then(|| view! { <p class="muted">{t(CaseMsg::BriefNoVersions)}</p> })}
            <ul class="list">
                {versions.into_iter().map(|v| view! { <VersionRow version=v reload=reload /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn VersionRow(version: BriefVersion, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    let (state_msg, state_class) = brief_badge(version.state);
    let current = version.state == BriefState::Current;
    let opened =
        partner_key().and_then(|org| casework::open_brief(&org, &partner.peer_list(), &version));
    let confirming = RwSignal::new(false);
    let action = Action::new();
    let id = StoredValue::new(version.brief_id.clone());
    let revoke = move |_| {
        let id = id.get_value();
        action.run(
            async move { api::partner::revoke_brief(&id).await },
            move |_| reload.run(()),
        );
    };
    let meta = format!(
        "{} · {}",
        format_time(version.approved_at),
        format_time(version.valid_until)
    );
    let number = version.version;
    view! {
        <li class="list-item" data-testid="brief-version">
            <div class="list-item-head">
                <span class="list-item-title">
                    {move || if i18n.lang.get() == Lang::En { format!("Version {number}") } else { format!("第{number}版") }}
                </span>
                <span class=state_class data-testid="brief-version-state">{move || i18n.t(state_msg)}</span>
            </div>
            <p class="staff-meta">{meta}</p>
            {match opened {
                Some(Ok(brief)) => view! {
                    <details class="co-visits">
                        <summary>{t(CaseMsg::BriefPreview)}</summary>
                        <BriefView brief=Signal::derive(move || brief.clone()) testid="brief-version-view" />
                    </details>
                }
                .into_any(),
                Some(Err(refusal)) => view! {
                    <p class="note note-error" role="alert" data-testid="brief-version-refused">{move || i18n.t(refusal)}</p>
                }
                .into_any(),
                None => ().into_any(),
            }}
            {current.then(|| view! {
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="button button-secondary" data-testid="brief-revoke"
                            on:click=move |_| confirming.set(true)>
                            {t(CaseMsg::BriefRevoke)}
                        </button>
                    }
                >
                    <div class="staff-confirm" role="group" aria-label=t(CaseMsg::BriefRevoke)>
                        <p class="note note-warn">{t(CaseMsg::BriefRevokeConfirm)}</p>
                        <div class="button-row">
                            <button type="button" class="button button-danger" data-testid="brief-revoke-confirm"
                                disabled=move || action.busy.get() on:click=revoke>
                                {t(CaseMsg::BriefRevokeYes)}
                            </button>
                            <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>
                                {move || i18n.t(super::msg::CoordinatorMsg::Cancel)}
                            </button>
                        </div>
                    </div>
                </Show>
            })}
            <ErrorNote error=action.error />
        </li>
    }
}

/// A brief laid out as the phone shows it: the name, the address (a `geo:` link), when, what to
/// do today, allergies, cautions highlighted, "do not mention" in its own style, the other
/// released fields, and the phone numbers as `tel:` links.
#[component]
pub fn BriefView(brief: Signal<Brief>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let english = move || i18n.lang.get() == Lang::En;
    move || {
        let b = brief.get();
        let get = |f: Field| b.field(f).map(str::to_owned);
        let called = get(Field::Called);
        let address = get(Field::Address);
        let allergies = get(Field::Allergies);
        let cautions: Vec<String> = [get(Field::Cautions), Some(b.cautions.clone())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let avoid: Vec<String> = [get(Field::DoNotMention), Some(b.do_not_mention.clone())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let others: Vec<(Field, String)> = b
            .fields
            .iter()
            .filter(|r| {
                !matches!(
                    r.field,
                    Field::Called
                        | Field::Address
                        | Field::Allergies
                        | Field::Cautions
                        | Field::DoNotMention
                )
            })
            .map(|r| (r.field, r.text.clone()))
            .collect();
        let schedule = b.schedule;
        let valid_until = b.valid_until;
        let instructions = b.instructions.clone();
        let centre = b.centre_phone.clone();
        let coordinator = b.coordinator_phone.clone();
        view! {
            <article class="co-pv-card co-brief-preview" data-testid=testid aria-label=t(CaseMsg::BriefPreview)>
                {called.map(|name| view! { <h4 class="co-pv-name" data-testid="preview-called">{name}</h4> })}
                {address.map(|addr| {
                    let href = crate::ui::links::geo_link(&addr);
                    view! { <p class="co-pv-address"><a href=href data-testid="preview-address">{addr}</a></p> }
                })}
                <p class="staff-meta">
                    {t(CaseMsg::PreviewVisits)} ": " {move || schedule_text(&schedule, english())}
                    " · " {t(CaseMsg::PreviewValidUntil)} " " {move || jst_text(valid_until, english())}
                </p>
                {(!instructions.is_empty()).then(|| view! {
                    <section class="co-pv-block">
                        <h5 class="co-pv-heading">{t(CaseMsg::PreviewToday)}</h5>
                        <p class="co-fact-text" data-testid="preview-instructions">{instructions}</p>
                    </section>
                })}
                {allergies.map(|text| view! {
                    <section class="co-pv-block co-pv-allergy" data-testid="preview-allergies">
                        <h5 class="co-pv-heading"><span aria-hidden="true">"⚠ "</span>{t(CaseMsg::PreviewAllergies)}</h5>
                        <p class="co-fact-text">{text}</p>
                    </section>
                })}
                {(!cautions.is_empty()).then(|| view! {
                    <section class="co-pv-block co-pv-caution" data-testid="preview-cautions">
                        <h5 class="co-pv-heading"><span aria-hidden="true">"⚠ "</span>{t(CaseMsg::PreviewCautions)}</h5>
                        {cautions.into_iter().map(|c| view! { <p class="co-fact-text">{c}</p> }).collect_view()}
                    </section>
                })}
                {(!avoid.is_empty()).then(|| view! {
                    <section class="co-pv-block co-pv-avoid" data-testid="preview-do-not-mention">
                        <h5 class="co-pv-heading"><span aria-hidden="true">"🚫 "</span>{t(CaseMsg::PreviewDoNotMention)}</h5>
                        {avoid.into_iter().map(|c| view! { <p class="co-fact-text">{c}</p> }).collect_view()}
                    </section>
                })}
                {(!others.is_empty()).then(|| view! {
                    <dl class="co-pv-fields">
                        {others.into_iter().map(|(field, text)| view! {
                            <div class="co-fact" data-testid=format!("preview-{}", field.key())>
                                <dt>{move || i18n.pick(field_label(field))}</dt>
                                <dd class="co-fact-text">{text}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                })}
                <section class="co-pv-block co-pv-contacts">
                    <h5 class="co-pv-heading">{t(CaseMsg::PreviewContacts)}</h5>
                    <ul class="co-pv-phones">
                        {(!centre.is_empty()).then(|| view! {
                            <li><a href=crate::ui::links::tel_link(&centre) data-testid="preview-centre-phone">{t(CaseMsg::PreviewCentre)} " " {centre.clone()}</a></li>
                        })}
                        {(!coordinator.is_empty()).then(|| view! {
                            <li><a href=crate::ui::links::tel_link(&coordinator) data-testid="preview-coordinator-phone">{t(CaseMsg::PreviewCoordinator)} " " {coordinator.clone()}</a></li>
                        })}
                    </ul>
                </section>
            </article>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_version_is_one_and_the_next_follows_the_highest() {
        assert_eq!(next_version(&[]), None);
        let version = |brief_id: &BriefId, version: u32| -> Option<BriefVersion> {
            let identity = domain::identity::IdentitySeed::generate()
                .ok()?
                .identity()
                .ok()?
                .public();
            Some(BriefVersion {
                brief_id: brief_id.clone(),
                assignment_id: AssignmentId::random().ok()?,
                volunteer_id: domain::ids::VolunteerId::random().ok()?,
                version,
                valid_until: 10,
                state: BriefState::Replaced,
                signer: domain::api::Signer {
                    user_id: domain::ids::UserId::random().ok()?,
                    organisation_id: domain::ids::OrgId::random().ok()?,
                    role: domain::api::StaffRole::Coordinator,
                    identity,
                    certificate: None,
                },
                approved_at: 1,
                sealed: None,
            })
        };
        let id = BriefId::random().ok();
        let versions: Option<Vec<BriefVersion>> = id
            .as_ref()
            .and_then(|id| Some(vec![version(id, 2)?, version(id, 1)?]));
        assert_eq!(
            versions.as_deref().and_then(next_version),
            id.map(|id| (id, 3))
        );
    }
}

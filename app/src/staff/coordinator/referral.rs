//! `/c/referrals/:referral_id`: one referral, opened in this browser and laid out for reading;
//! the answer (accept, or decline with a sealed reason); once accepted, matching and the
//! assignments made from it. The address carries the id only.

use domain::api::{Assignment, AssignmentStatus, ReferralAnswer, ReferralDetail, ReferralStatus};
use domain::content::referral::{ConsentMethod, Field, Referral as ReferralContent};
use domain::ids::ReferralId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::forms::{jst_date, jst_text, schedule_text};
use super::matching::Matching;
use super::msg::{CaseMsg, field_label, status_badge};
use super::{Partner, partner_key, partner_key_of, use_partner};
use crate::api;
use crate::error::AppError;
use crate::i18n::{Lang, use_i18n};
use crate::staff::OrgKey;
use crate::staff::casework::{self, BothSides};
use crate::staff::session::{SignedIn, StaffState, use_staff};
use crate::ui::{Action, ErrorNote, ProblemNote, TextArea, UiMsg, format_time};

use super::forms::FormProblem;

/// The assignment made last on this screen: its visits are shown open and it stands out, as
/// the confirmation that the relay created them.
#[derive(Clone, Copy)]
pub struct JustCreated(pub RwSignal<Option<domain::ids::AssignmentId>>);

/// What sealing needs, read once before any `.await`: the verified partner key and me.
pub fn sealer(staff: StaffState) -> Result<(OrgKey, std::sync::Arc<SignedIn>), AppError> {
    let org = partner_key_of(staff).ok_or(AppError::NotVerified)?;
    let me = staff
        .signed_in
        .get_untracked()
        .ok_or(AppError::Unauthorized)?;
    Ok((org, me))
}

/// Both organisations of a referral as this browser trusts them.
pub fn sides_of(
    org: &OrgKey,
    partner: Partner,
    referral: &domain::api::Referral,
) -> Result<BothSides, AppError> {
    BothSides::of(
        org,
        &partner.peer_list(),
        &referral.centre_id,
        &referral.partner_id,
    )
    .ok_or(AppError::NotVerified)
}

/// The referral's detail, loaded by id; shared with the brief composer.
pub fn detail_resource(
    id: Memo<Option<ReferralId>>,
) -> LocalResource<Result<Option<ReferralDetail>, AppError>> {
    LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::partner::referral(&id).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

pub fn referral_id_param() -> Memo<Option<ReferralId>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            p.get("referral_id")
                .and_then(|s| ReferralId::parse(&s).ok())
        })
    })
}

#[component]
pub fn ReferralScreen() -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    partner.refresh_directory();
    let id = referral_id_param();
    let detail = detail_resource(id);
    provide_context(JustCreated(RwSignal::new(None)));
    let reload = Callback::new(move |()| {
        detail.refetch();
        partner.referrals.refetch();
        partner.ledger.refetch();
    });
    view! {
        <section class="card co-case" data-testid="referral-screen" aria-labelledby="referral-title">
            <A href="/c/referrals" attr:class="back-link" attr:data-testid="back-to-referrals">
                {move || i18n.t(CaseMsg::BackToReferrals)}
            </A>
            {move || match detail.get() {
                None => view! { <p class="muted" role="status">{i18n.t(UiMsg::Loading)}</p> }.into_any(),
                Some(Err(err)) => {
                    let error = RwSignal::new(Some(err));
                    view! { <ErrorNote error=error /> }.into_any()
                }
                Some(Ok(None)) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                Some(Ok(Some(detail))) => view! { <Opened detail=detail reload=reload /> }.into_any(),
            }}
        </section>
    }
}

/// The referral once loaded: opened with the verified keys, or the refusal.
#[component]
fn Opened(detail: ReferralDetail, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    let detail = StoredValue::new(detail);
    let opened = Memo::new(move |_| {
        let org = partner_key()?;
        let peers = partner.peer_list();
        Some(detail.with_value(|d| casework::open_referral(&org, &peers, &d.referral)))
    });
    move || {
        match opened.get() {
        None => view! {
            <p class="note note-warn" data-testid="referral-need-key">{i18n.t(CaseMsg::NeedsOrgKey)}</p>
        }
        .into_any(),
        Some(Err(refusal)) => view! {
            <p class="note note-error" role="alert" data-testid="referral-refused">{i18n.t(refusal)}</p>
        }
        .into_any(),
        Some(Ok(content)) => {
            let d = detail.get_value();
            view! { <Case detail=d content=content reload=reload /> }.into_any()
        }
    }
    }
}

#[component]
fn Case(detail: ReferralDetail, content: ReferralContent, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    let referral = detail.referral.clone();
    let (status_msg, status_class) = status_badge(referral.status);
    let programme_id = referral.programme_id.clone();
    let programme = move || partner.programme_name(&programme_id);
    let status = referral.status;
    let declined = (status == ReferralStatus::Declined).then(|| {
        partner_key()
            .and_then(|org| casework::open_answer_reason(&org, &partner.peer_list(), &referral))
    });
    // Answers, override reasons and briefs are sealed to both organisations: without the
    // centre's verified key nothing can be sent, so say so before anyone types.
    let needs_centre = partner_key().is_some_and(|org| sides_of(&org, partner, &referral).is_err());
    let received = format_time(referral.created_at);
    let version = referral.version;
    view! {
        <div class="list-item-head">
            <h2 class="card-title" id="referral-title" data-testid="referral-called">{content.called.clone()}</h2>
            <span class=status_class data-testid="referral-status">{move || i18n.t(status_msg)}</span>
        </div>
        <p class="staff-meta">
            {programme} " · " {t(CaseMsg::Received)} " " {received} " · "
            {move || if i18n.lang.get() == Lang::En { format!("version {version}") } else { format!("第{version}版") }}
        </p>
        {needs_centre.then(|| view! {
            <p class="note note-warn" data-testid="referral-need-centre">{t(CaseMsg::NeedsBothKeys)}</p>
        })}
        <div class=if status == ReferralStatus::Accepted { "co-case-grid co-case-single" } else { "co-case-grid" }>
            <ReferralFacts content=content.clone() />
            <div class="co-case-side">
                {(status == ReferralStatus::Sent).then(|| view! {
                    <AnswerForm referral=referral.clone() reload=reload />
                })}
                {declined.flatten().map(|reason| view! {
                    <div class="note note-warn" data-testid="referral-declined-reason">
                        <strong>{t(CaseMsg::DeclinedBecause)} ": "</strong>
                        {match reason {
                            Ok(text) => text,
                            Err(refusal) => i18n.t(refusal).to_owned(),
                        }}
                    </div>
                })}
                {(status == ReferralStatus::Withdrawn).then(|| view! {
                    <p class="note note-warn" data-testid="referral-withdrawn">{t(CaseMsg::WithdrawnNote)}</p>
                })}
            </div>
        </div>
        {(status == ReferralStatus::Accepted).then(|| view! {
            <Matching referral=referral.clone() content=content.clone() reload=reload />
        })}
        <Assignments detail=detail reload=reload />
    }
}

/// Every field of the referral, read-only, in the order the caseworker wrote them.
#[component]
fn ReferralFacts(content: ReferralContent) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let consent = content.consent.clone();
    let method = match consent.method {
        ConsentMethod::InPerson => CaseMsg::ConsentMethodInPerson,
        ConsentMethod::Written => CaseMsg::ConsentMethodWritten,
        ConsentMethod::Phone => CaseMsg::ConsentMethodPhone,
    };
    let row = |label: Signal<&'static str>, text: String, key: &'static str| {
        let empty = text.trim().is_empty();
        view! {
            <div class="co-fact" data-testid=format!("referral-field-{key}")>
                <dt>{label}</dt>
                <dd class="co-fact-text" class:muted=empty>
                    {if empty { i18n.t(CaseMsg::Empty).to_owned() } else { text }}
                </dd>
            </div>
        }
    };
    let fields = Field::ALL
        .into_iter()
        .map(|field| {
            let label = Signal::derive(move || i18n.pick(field_label(field)));
            row(label, content.field_text(field), field.key())
        })
        .collect_view();
    view! {
        <dl class="staff-facts co-facts" data-testid="referral-facts">
            {row(Signal::derive(move || i18n.t(CaseMsg::Area)), content.area.clone(), "area")}
            {fields}
            {row(Signal::derive(move || i18n.t(CaseMsg::CaseReference)), content.case_reference.clone(), "case_reference")}
            <div class="co-fact" data-testid="referral-field-consent">
                <dt>{t(CaseMsg::Consent)}</dt>
                <dd class="co-fact-text">
                    {if consent.given {
                        let line = format!("{} · {}", consent.date, consent.recorded_by);
                        view! {
                            <span>{t(CaseMsg::ConsentGiven)} " (" {move || i18n.t(method)} ") · " {line}</span>
                        }
                        .into_any()
                    } else {
                        view! {
                            <span class="co-warn-text">
                                {t(CaseMsg::ConsentOverridden)} ": " {consent.override_reason.clone()}
                            </span>
                        }
                        .into_any()
                    }}
                </dd>
            </div>
        </dl>
    }
}

/// Accept, or decline with a reason sealed to both organisations.
#[component]
fn AnswerForm(referral: domain::api::Referral, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let ts = move |m: CaseMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let partner = use_partner();
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let action = Action::new();
    let referral = StoredValue::new(referral);
    let accept = move |_| {
        let id = referral.with_value(|r| r.id.clone());
        action.run(
            async move {
                api::partner::answer_referral(
                    &id,
                    &ReferralAnswer {
                        accept: true,
                        sealed_reason: None,
                    },
                )
                .await
            },
            move |_| reload.run(()),
        );
    };
    let decline = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            problem.set(Some(FormProblem::ReasonNeeded));
            return;
        }
        let sealed = (|| {
            let (org, me) = sealer(staff)?;
            referral.with_value(|r| {
                let sides = sides_of(&org, partner, r)?;
                casework::seal_answer_reason(me.user_id(), &me.me, &sides, &r.id, &text)
            })
        })();
        let sealed = match sealed {
            Ok(sealed) => sealed,
            Err(err) => {
                action.error.set(Some(err));
                return;
            }
        };
        let id = referral.with_value(|r| r.id.clone());
        action.run(
            async move {
                api::partner::answer_referral(
                    &id,
                    &ReferralAnswer {
                        accept: false,
                        sealed_reason: Some(sealed),
                    },
                )
                .await
            },
            move |_| reload.run(()),
        );
    };
    view! {
        <div class="co-answer" role="group" aria-labelledby="answer-title" data-testid="referral-answer">
            <h3 class="section-title" id="answer-title">{t(CaseMsg::AnswerTitle)}</h3>
            <ErrorNote error=action.error />
            <Show
                when=move || declining.get()
                fallback=move || view! {
                    <div class="button-row">
                        <button
                            type="button"
                            class="button"
                            data-testid="referral-accept"
                            disabled=move || action.busy.get()
                            on:click=accept
                        >
                            {t(CaseMsg::Accept)}
                        </button>
                        <button
                            type="button"
                            class="button button-secondary"
                            data-testid="referral-decline"
                            on:click=move |_| declining.set(true)
                        >
                            {t(CaseMsg::Decline)}
                        </button>
                    </div>
                }
            >
                <form class="staff-confirm" on:submit=decline data-testid="decline-form">
                    <TextArea
                        label=ts(CaseMsg::DeclineReason)
                        hint=ts(CaseMsg::DeclineReasonHint)
                        value=reason
                        testid="decline-reason"
                        maxlength=1000
                        class="field-textarea staff-short-textarea"
                    />
                    <ProblemNote problem=problem />
                    <div class="button-row">
                        <button
                            type="submit"
                            class="button button-danger"
                            data-testid="decline-confirm"
                            disabled=move || action.busy.get()
                        >
                            {t(CaseMsg::DeclineYes)}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| declining.set(false)>
                            {move || i18n.t(super::msg::CoordinatorMsg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The assignments made from this referral, with their visits; each can be ended and has its
/// brief composer.
#[component]
fn Assignments(detail: ReferralDetail, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let referral_id = detail.referral.id.clone();
    let mut list = detail.assignments;
    list.sort_by_key(|a| {
        (
            a.status != AssignmentStatus::Active,
            std::cmp::Reverse(a.created_at),
        )
    });
    let empty = list.is_empty();
    view! {
        <section class="co-assignments" aria-labelledby="assignments-title" data-testid="assignments">
            <h3 class="section-title" id="assignments-title">{t(CaseMsg::AssignmentsTitle)}</h3>
            {empty.then(|| view! { <p class="muted">{t(CaseMsg::NoAssignments)}</p> })}
            <ul class="list">
                {list
                    .into_iter()
                    .map(|a| view! { <AssignmentRow assignment=a referral_id=referral_id.clone() reload=reload /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AssignmentRow(
    assignment: Assignment,
    referral_id: ReferralId,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    let english = move || i18n.lang.get() == Lang::En;
    let volunteer_id = assignment.volunteer_id.clone();
    let name = move || {
        partner
            .volunteer_list()
            .into_iter()
            .find(|v| v.id == volunteer_id)
            .map(|v| v.display_name)
            .unwrap_or_default()
    };
    let active = assignment.status == AssignmentStatus::Active;
    let confirming = RwSignal::new(false);
    let action = Action::new();
    let id = StoredValue::new(assignment.id.clone());
    let end = move |_| {
        let id = id.get_value();
        action.run(
            async move { api::partner::end_assignment(&id).await },
            move |_| reload.run(()),
        );
    };
    let schedule = assignment.schedule;
    let window = format!(
        "{} – {}",
        jst_date(assignment.valid_from),
        jst_date(assignment.valid_until - 1)
    );
    let visits = assignment.visits.clone();
    let brief_href = format!("/c/referrals/{referral_id}/brief/{}", assignment.id);
    let fresh = use_context::<JustCreated>()
        .is_some_and(|JustCreated(c)| c.with_untracked(|c| c.as_ref() == Some(&assignment.id)));
    view! {
        <li class="list-item co-assignment" class:co-fresh=fresh data-testid="assignment-row">
            {fresh.then(|| view! { <p class="note note-info" role="status" data-testid="assignment-created">{t(CaseMsg::VisitsCreated)}</p> })}
            <div class="list-item-head">
                <span class="list-item-title" data-testid="assignment-volunteer">{name}</span>
                {if active {
                    view! { <span class="badge" data-testid="assignment-status">{t(CaseMsg::AssignmentActive)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-warn" data-testid="assignment-status">{t(CaseMsg::AssignmentEnded)}</span> }.into_any()
                }}
                {assignment.conflict_override.then(|| view! {
                    <span class="badge badge-warn" data-testid="assignment-override">{t(CaseMsg::ConflictOverridden)}</span>
                })}
            </div>
            <p class="staff-meta" data-testid="assignment-schedule">
                {move || schedule_text(&schedule, english())} " · " {window}
            </p>
            <details class="co-visits" open=fresh>
                <summary>{t(CaseMsg::VisitsPreview)} " (" {visits.len()} ")"</summary>
                <ul class="co-visit-list" data-testid="assignment-visits">
                    {visits
                        .into_iter()
                        .map(|v| view! { <li data-testid="visit-item">{move || jst_text(v.at, english())}</li> })
                        .collect_view()}
                </ul>
            </details>
            <div class="button-row">
                <A href=brief_href attr:class="button" attr:data-testid="assignment-brief">
                    {t(CaseMsg::ComposeBrief)}
                </A>
                {active.then(|| view! {
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="assignment-end"
                        on:click=move |_| confirming.set(true)
                    >
                        {t(CaseMsg::EndAssignment)}
                    </button>
                })}
            </div>
            <Show when=move || confirming.get()>
                <div class="staff-confirm" role="group" aria-label=t(CaseMsg::EndAssignment)>
                    <p class="note note-warn">{t(CaseMsg::EndAssignmentConfirm)}</p>
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="assignment-end-confirm"
                            disabled=move || action.busy.get()
                            on:click=end
                        >
                            {t(CaseMsg::EndAssignmentYes)}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>
                            {move || i18n.t(super::msg::CoordinatorMsg::Cancel)}
                        </button>
                    </div>
                </div>
            </Show>
            <ErrorNote error=action.error />
        </li>
    }
}

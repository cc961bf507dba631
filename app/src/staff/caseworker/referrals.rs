//! `/w/referrals`: the centre's referrals, newest change first, each with its state, programme,
//! dates and the partner's answer; each opens its own screen.

use domain::api::{Referral, ReferralStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use super::msg::{CaseworkerMsg, CaseworkerPhrase};
use super::show::{RefusalNote, status_badge};
use super::use_centre;
use crate::i18n::use_i18n;
use crate::ui::{ListState, format_time, list_state};

#[component]
pub fn ReferralsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let centre = use_centre();
    centre.refresh_directory();
    let referrals = centre.referrals;
    let (loading, load_error, empty) = list_state(referrals);
    // Coming back to the list shows the partners' answers given in the meantime.
    if referrals.get_untracked().is_some() {
        referrals.refetch();
    }
    let sorted = move || {
        let mut list = referrals.get().and_then(Result::ok).unwrap_or_default();
        list.sort_by_key(|r| std::cmp::Reverse(r.updated_at));
        list
    };
    view! {
        <section aria-labelledby="referrals-title" data-testid="referrals-screen">
            <div class="staff-section-head">
                <h2 class="section-title" id="referrals-title">{t(CaseworkerMsg::TabReferrals)}</h2>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="referrals-refresh"
                        on:click=move |_| referrals.refetch()
                    >
                        {t(CaseworkerMsg::Refresh)}
                    </button>
                    <A href="/w/referrals/new" attr:class="button" attr:data-testid="referral-new">
                        {t(CaseworkerMsg::NewReferral)}
                    </A>
                </div>
            </div>
            <p class="field-hint">{t(CaseworkerMsg::ReferralsLead)}</p>
            <ListState loading=loading error=load_error empty=empty empty_msg=CaseworkerMsg::NoReferralsYet />
            <ul class="list" data-testid="referral-list">
                {move || {
                    sorted()
                        .into_iter()
                        .map(|r| view! { <ReferralRow referral=r /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// One referral: who (opened here), its state, where it went, when, and the answer.
#[component]
fn ReferralRow(referral: Referral) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let centre = use_centre();
    let (status_msg, status_class) = status_badge(referral.status);
    let href = format!("/w/referrals/{}", referral.id);
    let stored = StoredValue::new(referral.clone());
    let opened = Memo::new(move |_| stored.with_value(|r| centre.open(r)));
    let called = move || match opened.get() {
        Some(Ok(content)) => content.called,
        // The partners are still loading.
        None if super::centre_key().is_some() => "…".to_owned(),
        // The refusal itself is shown below the row's title.
        Some(Err(_)) | None => i18n.t(CaseworkerMsg::NotOpened).to_owned(),
    };
    let case_reference = move || match opened.get() {
        Some(Ok(content)) if !content.case_reference.trim().is_empty() => {
            Some(i18n.say(&CaseworkerPhrase::CaseReference(content.case_reference)))
        }
        _ => None,
    };
    let refusal = move || match opened.get() {
        Some(Err(refusal)) => Some(view! { <RefusalNote refusal=refusal /> }),
        _ => None,
    };
    let programme = {
        let id = referral.programme_id.clone();
        let partner = referral.partner_id.clone();
        move || {
            i18n.say(&CaseworkerPhrase::ProgrammeOf {
                programme: centre.programme_name(&id),
                partner: centre.partner_name(&partner),
            })
        }
    };
    let dates = CaseworkerPhrase::Dates {
        created: format_time(referral.created_at),
        updated: format_time(referral.updated_at),
        version: referral.version,
    };
    let overridden = referral.consent == domain::api::ConsentState::Overridden;
    let status = referral.status.as_str();
    view! {
        <li class="list-item cw-referral" data-testid="referral-row" data-status=status>
            <div class="list-item-head">
                <A href=href attr:class="list-item-title list-item-link" attr:data-testid="referral-called">
                    {called}
                </A>
                <span class=status_class data-testid="referral-status">{move || i18n.t(status_msg)}</span>
                {overridden.then(|| view! {
                    <span class="badge badge-warn" data-testid="referral-consent-overridden">
                        {t(CaseworkerMsg::ConsentOverriddenBadge)}
                    </span>
                })}
            </div>
            {refusal}
            <p class="staff-meta">{programme}</p>
            <p class="staff-meta">{move || i18n.say(&dates)}</p>
            {move || case_reference().map(|text| view! { <p class="staff-meta">{text}</p> })}
            <Answer referral=referral />
        </li>
    }
}

/// The partner's answer: accepted, or declined with its reason (opened here); "waiting" before
/// it; and the centre's own withdrawal.
#[component]
pub fn Answer(referral: Referral) -> impl IntoView {
    let i18n = use_i18n();
    let centre = use_centre();
    let waiting = referral.answer.is_none() && referral.status == ReferralStatus::Sent;
    let answer = referral
        .answer
        .as_ref()
        .map(|a| (a.accepted, format_time(a.at)));
    let withdrawn = referral.withdrawn_at.map(format_time);
    let stored = StoredValue::new(referral);
    let reason = Memo::new(move |_| stored.with_value(|r| centre.decline_reason(r)));
    view! {
        <div class="cw-answer" data-testid="referral-answer">
            {waiting.then(|| view! { <p class="staff-meta">{move || i18n.t(CaseworkerMsg::Waiting)}</p> })}
            {answer.map(|(accepted, at)| {
                if accepted {
                    view! {
                        <p class="staff-meta">{move || i18n.say(&CaseworkerPhrase::AcceptedAt(at.clone()))}</p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="staff-meta">{move || i18n.say(&CaseworkerPhrase::DeclinedAt(at.clone()))}</p>
                        {move || match reason.get() {
                            Some(Ok(text)) => view! {
                                <p class="cw-reason" data-testid="referral-decline-reason">
                                    <span class="cw-reason-label">{move || i18n.t(CaseworkerMsg::DeclineReason)}</span>
                                    <span class="cw-pre">{text}</span>
                                </p>
                            }
                            .into_any(),
                            Some(Err(refusal)) => view! { <RefusalNote refusal=refusal /> }.into_any(),
                            None => ().into_any(),
                        }}
                    }
                    .into_any()
                }
            })}
            {withdrawn.map(|at| view! {
                <p class="staff-meta">{move || i18n.say(&CaseworkerPhrase::WithdrawnAt(at.clone()))}</p>
            })}
        </div>
    }
}

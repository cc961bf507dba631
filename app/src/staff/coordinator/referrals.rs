//! `/c/referrals`: the inbox of referrals from the centre, new ones first. Each row opens the
//! referral in this browser to show the name the family agreed to; the relay only knows ids,
//! the programme, the status and dates.

use domain::api::{Referral, ReferralStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use super::msg::{CaseMsg, CoordinatorMsg, status_badge};
use super::{partner_key, use_partner};
use crate::i18n::use_i18n;
use crate::staff::casework;
use crate::ui::{ListState, format_time, list_state};

/// New first (they wait for an answer), then the most recent.
pub fn inbox_key(status: ReferralStatus, created_at: i64) -> (bool, std::cmp::Reverse<i64>) {
    (
        status != ReferralStatus::Sent,
        std::cmp::Reverse(created_at),
    )
}

#[component]
pub fn ReferralsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    partner.refresh_directory();
    let referrals = partner.referrals;
    let (loading, load_error, empty) = list_state(referrals);
    if referrals.get_untracked().is_some() {
        referrals.refetch();
    }
    view! {
        <section aria-labelledby="referrals-title" data-testid="referrals-screen">
            <div class="staff-section-head">
                <h2 class="section-title" id="referrals-title">{t(CaseMsg::ReferralsTitle)}</h2>
                <button
                    type="button"
                    class="button button-secondary"
                    data-testid="referrals-refresh"
                    on:click=move |_| referrals.refetch()
                >
                    {move || i18n.t(CoordinatorMsg::Refresh)}
                </button>
            </div>
            {move || partner_key().is_none().then(|| view! {
                <p class="note note-warn" data-testid="referrals-need-key">{t(CaseMsg::NeedsOrgKey)}</p>
            })}
            <ListState loading=loading error=load_error empty=empty empty_msg=CaseMsg::NoReferrals />
            <ul class="list" data-testid="referral-list">
                {move || {
                    let mut list = referrals.get().and_then(Result::ok).unwrap_or_default();
                    list.sort_by_key(|r| inbox_key(r.status, r.created_at));
                    list.into_iter()
                        .map(|r| view! { <ReferralRow referral=r /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn ReferralRow(referral: Referral) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    let (status_msg, status_class) = status_badge(referral.status);
    let programme_id = referral.programme_id.clone();
    let programme = move || partner.programme_name(&programme_id);
    let received = format_time(referral.created_at);
    let href = format!("/c/referrals/{}", referral.id);
    let fresh = referral.status == ReferralStatus::Sent;
    // The name is opened here only; a refusal shows a neutral placeholder, never content.
    let called = Memo::new(move |_| {
        let org = partner_key()?;
        casework::open_referral(&org, &partner.peer_list(), &referral)
            .ok()
            .map(|content| content.called)
    });
    view! {
        <li class=if fresh { "list-item co-referral co-referral-new" } else { "list-item co-referral" } data-testid="referral-row">
            <div class="list-item-head">
                <A href=href attr:class="list-item-title list-item-link" attr:data-testid="referral-link">
                    {move || called.get().unwrap_or_else(|| i18n.t(CaseMsg::UnnamedReferral).to_owned())}
                </A>
                <span class=status_class data-testid="referral-status">{move || i18n.t(status_msg)}</span>
            </div>
            <p class="staff-meta">
                {move || i18n.t(CoordinatorMsg::Programme)} ": " {programme} " · "
                {t(CaseMsg::Received)} " " {received}
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_referrals_come_first_then_the_most_recent() {
        let mut list = [
            (ReferralStatus::Accepted, 30),
            (ReferralStatus::Sent, 10),
            (ReferralStatus::Declined, 40),
            (ReferralStatus::Sent, 20),
        ];
        list.sort_by_key(|(s, at)| inbox_key(*s, *at));
        let order: Vec<i64> = list.iter().map(|(_, at)| *at).collect();
        assert_eq!(order, vec![20, 10, 40, 30]);
    }
}

//! `/w`: the caseworker's section at the centre. Referrals and report review come later; for now
//! the account, the organisation, its key and the pledge.

use domain::wire::{PledgeStatus, StaffRole};
use leptos::prelude::*;

use super::msg::StaffMsg;
use super::session::use_staff;
use super::{RoleGate, StaffBar, format_time, grant_pending_in_background, version_label};
use crate::i18n::{Msg, Texts, use_i18n};

#[component]
pub fn CaseworkerHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RoleGate
            role=StaffRole::Caseworker
            title=Msg::CaseworkerTitle.texts()
            does=Msg::CaseworkerDoes.texts()
            testid="caseworker-home"
        >
            <StaffBar />
            <h1 class="page-title" data-testid="caseworker-signed-in">
                {move || i18n.t(Msg::CaseworkerTitle)}
            </h1>
            <AccountCard testid="caseworker-account" />
            <p class="muted">{move || i18n.t(StaffMsg::CaseworkerLater)}</p>
        </RoleGate>
    }
}

/// The signed-in person's account: organisation, own key fingerprint, whether the organisation's
/// key has reached this account, and the pledge. Shared by the caseworker and coordinator homes.
#[component]
pub fn AccountCard(testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let staff = use_staff();
    grant_pending_in_background(staff);
    let facts = move || {
        staff.signed_in.with(|s| {
            s.as_ref().map(|s| {
                let org = s.session.organisation.clone();
                let org_key = org
                    .as_ref()
                    .and_then(|o| s.org_key(&o.id))
                    .map(|k| k.public.fingerprint());
                (
                    s.session.display_name.clone(),
                    org.map(|o| o.name),
                    s.session.public_key.fingerprint(),
                    org_key,
                    s.session.pledge.clone(),
                )
            })
        })
    };
    move || {
        facts().map(|(name, org, fingerprint, org_key, pledge)| {
            let pledge_text = match pledge {
                PledgeStatus::NoPledge => i18n.t(StaffMsg::PledgeNone).to_owned(),
                PledgeStatus::Required { .. } => i18n.t(StaffMsg::PledgeUnsigned).to_owned(),
                PledgeStatus::Accepted {
                    version,
                    accepted_at,
                } => {
                    let (open, sep, close) = match i18n.lang.get() {
                        crate::Lang::Ja => ("（", "・", "）"),
                        crate::Lang::En => (" (", " · ", ")"),
                    };
                    format!(
                        "{}{open}{}{sep}{}{close}",
                        i18n.t(StaffMsg::PledgeSigned),
                        version_label(i18n, version),
                        format_time(accepted_at)
                    )
                }
            };
            let has_org_key = org_key.is_some();
            view! {
                <section class="card" data-testid=testid>
                    <h2 class="card-title">{t(StaffMsg::MyAccount)}</h2>
                    <dl class="staff-facts">
                        <div>
                            <dt>{t(StaffMsg::DisplayName)}</dt>
                            <dd>{name}</dd>
                        </div>
                        <div>
                            <dt>{t(StaffMsg::Organisation)}</dt>
                            <dd data-testid="account-org">{org}</dd>
                        </div>
                        <div>
                            <dt>{t(StaffMsg::MyKeyFingerprint)}</dt>
                            <dd class="fingerprint" data-testid="account-fingerprint">{fingerprint}</dd>
                        </div>
                        <div>
                            <dt>{t(StaffMsg::OrgKey)}</dt>
                            <dd data-testid="account-org-key">
                                {match org_key {
                                    Some(fp) => view! { <span class="fingerprint">{fp}</span> }.into_any(),
                                    None => view! {
                                        <span class="badge badge-warn">{t(StaffMsg::OrgKeyWaiting)}</span>
                                    }
                                    .into_any(),
                                }}
                            </dd>
                        </div>
                        <div>
                            <dt>{t(StaffMsg::Pledge)}</dt>
                            <dd data-testid="account-pledge">{pledge_text}</dd>
                        </div>
                    </dl>
                    {(!has_org_key)
                        .then(|| view! { <p class="field-hint">{t(StaffMsg::OrgKeyWaitingHint)}</p> })}
                </section>
            }
        })
    }
}

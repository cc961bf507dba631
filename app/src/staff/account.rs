//! The signed-in person's account: organisation, own code, whether the organisation's key is
//! verified on this account, and the pledge. Shown by every role that belongs to an organisation
//! (coordinator, caseworker).

use domain::api::PledgeStatus;
use leptos::prelude::*;

use super::keys::OrgTrust;
use super::session::use_staff;
use super::{StaffMsg, StaffPhrase};
use crate::i18n::use_i18n;
use crate::ui::format_time;

#[component]
pub fn AccountCard(testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: StaffMsg| move || i18n.t(m);
    let staff = use_staff();
    let facts = move || {
        staff.signed_in.with(|s| {
            s.as_ref().map(|s| {
                let org = s.session.organisation.clone();
                let org_key = match &s.org {
                    OrgTrust::Trusted(key) => Some(key.identity.fingerprint()),
                    _ => None,
                };
                (
                    s.session.display_name.clone(),
                    org.map(|o| o.name),
                    s.session.identity.fingerprint(),
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
                } => i18n.say(&StaffPhrase::PledgeSignedOn {
                    version,
                    at: format_time(accepted_at),
                }),
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

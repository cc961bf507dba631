//! `/w`: the caseworker's section at the centre. Referrals and report review come later (as
//! sub-screens of `/w`); for now the account, the organisation, its key and the pledge.

mod msg;

use domain::api::StaffRole;
use leptos::prelude::*;

use crate::i18n::{Texts, use_i18n};
use crate::staff::{AccountCard, RoleGate, StaffBar};
use msg::CaseworkerMsg;

#[component]
pub fn CaseworkerRoot() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RoleGate
            role=StaffRole::Caseworker
            title=CaseworkerMsg::Title.texts()
            does=CaseworkerMsg::Does.texts()
            testid="caseworker-home"
        >
            <StaffBar />
            <h1 class="page-title" data-testid="caseworker-signed-in">
                {move || i18n.t(CaseworkerMsg::Title)}
            </h1>
            <AccountCard testid="caseworker-account" />
            <p class="muted">{move || i18n.t(CaseworkerMsg::Later)}</p>
        </RoleGate>
    }
}

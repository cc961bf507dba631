//! `/w`: the caseworker's section at the centre. Referrals and report review come later (as
//! sub-screens of `/w`); for now the account (`/w`) and the team and its keys (`/w/team`).

mod msg;

use domain::api::StaffRole;
use leptos::prelude::*;
use leptos_router::components::Outlet;

use crate::i18n::{Texts, use_i18n};
use crate::staff::{AccountCard, OrgKeyBanner, RoleGate, StaffBar, StaffMsg, TeamMsg};
use crate::ui::{Tab, TabNav};
use msg::CaseworkerMsg;

/// `/w/*`: the gate, then the frame around the sub-screens.
#[component]
pub fn CaseworkerRoot() -> impl IntoView {
    let i18n = use_i18n();
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    view! {
        <RoleGate
            role=StaffRole::Caseworker
            title=CaseworkerMsg::Title.texts()
            does=CaseworkerMsg::Does.texts()
            testid="caseworker-home"
        >
            <div class="staff-wide">
                <StaffBar />
                <h1 class="page-title" data-testid="caseworker-signed-in">
                    {move || i18n.t(CaseworkerMsg::Title)}
                </h1>
                <TabNav
                    label=ts(CaseworkerMsg::Title)
                    tabs=vec![
                        Tab {
                            href: "/w",
                            label: Signal::derive(move || i18n.t(StaffMsg::MyAccount)),
                            testid: "tab-account",
                        },
                        Tab {
                            href: "/w/team",
                            label: Signal::derive(move || i18n.t(TeamMsg::TabTeam)),
                            testid: "tab-team",
                        },
                    ]
                />
                <OrgKeyBanner team_path="/w/team" />
                <Outlet />
            </div>
        </RoleGate>
    }
}

/// `/w` itself: the account.
#[component]
pub fn CaseworkerHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AccountCard testid="caseworker-account" />
        <p class="muted">{move || i18n.t(CaseworkerMsg::Later)}</p>
    }
}

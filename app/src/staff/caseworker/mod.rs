//! `/w`: the caseworker's section at the centre: the account (`/w`), the centre's referrals
//! (`/w/referrals`, one each at `/w/referrals/{id}`, written at `/w/referrals/new` and revised at
//! `/w/referrals/{id}/edit`), the device ledger of what was released from them (`/w/ledger`),
//! and the team and its keys (`/w/team`). Report review comes later, as more sub-screens.
//!
//! Addresses carry ids only; a family's facts exist in this browser only opened from their
//! envelopes, with keys a person verified.

mod draft;
mod form;
mod ledger;
mod msg;
mod referral;
mod referrals;
mod show;

use domain::api::{PeerOrganisation, Programme, Referral, StaffRole};
use domain::content::referral::Referral as ReferralContent;
use domain::ids::{OrgId, ProgrammeId};
use leptos::prelude::*;
use leptos_router::components::Outlet;

pub use form::{EditReferralScreen, NewReferralScreen};
pub use ledger::LedgerScreen;
pub use referral::ReferralScreen;
pub use referrals::ReferralsScreen;

use crate::api;
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};
use crate::sealed::Refusal;
use crate::staff::casework;
use crate::staff::session::use_staff;
use crate::staff::{AccountCard, OrgKey, OrgKeyBanner, RoleGate, StaffBar, StaffMsg, TeamMsg};
use crate::ui::{Tab, TabNav};
use msg::CaseworkerMsg;

/// What the section's sub-screens share, loaded once: moving between them shows no spinner, and
/// a referral sent on one is listed on the others.
#[derive(Clone, Copy)]
struct Centre {
    /// Where a referral can go: the programmes partners run for this centre.
    programmes: LocalResource<Result<Vec<Programme>, AppError>>,
    referrals: LocalResource<Result<Vec<Referral>, AppError>>,
    /// The partners, believed only through the centre's certificates.
    peers: LocalResource<Result<Vec<PeerOrganisation>, AppError>>,
}

fn use_centre() -> Centre {
    expect_context::<Centre>()
}

impl Centre {
    /// Partners are confirmed on the "team and keys" screen, shared by every role: the screens
    /// that seal or open anything read them afresh when they open (not on the first load, which
    /// is on its way already).
    fn refresh_directory(self) {
        if self.peers.get_untracked().is_some() {
            self.peers.refetch();
        }
    }

    fn programme_list(self) -> Vec<Programme> {
        self.programmes
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    fn programme(self, id: &ProgrammeId) -> Option<Programme> {
        self.programme_list().into_iter().find(|p| &p.id == id)
    }

    fn programme_name(self, id: &ProgrammeId) -> String {
        self.programme(id)
            .map(|p| p.settings.name)
            .unwrap_or_default()
    }

    /// `None` while the list is loading (nothing from a partner can be judged yet).
    fn peer_list(self) -> Option<Vec<PeerOrganisation>> {
        self.peers.get().map(Result::unwrap_or_default)
    }

    fn partner_name(self, id: &OrgId) -> String {
        self.peer_list()
            .unwrap_or_default()
            .into_iter()
            .find(|p| &p.organisation_id == id)
            .map(|p| p.name)
            .unwrap_or_default()
    }

    /// The referral's content, opened here: `None` until the centre's key is verified in this
    /// browser and the partners are loaded. A refusal says why, never what.
    fn open(self, referral: &Referral) -> Option<Result<ReferralContent, Refusal>> {
        let org = centre_key()?;
        let peers = self.peer_list()?;
        Some(casework::open_referral(&org, &peers, referral))
    }

    /// The partner's reason for declining, opened here (`None` when there is none to open).
    fn decline_reason(self, referral: &Referral) -> Option<Result<String, Refusal>> {
        let org = centre_key()?;
        let peers = self.peer_list()?;
        casework::open_answer_reason(&org, &peers, referral)
    }
}

/// The centre's key, once a person verified it here (reactive).
fn centre_key() -> Option<OrgKey> {
    use_staff()
        .signed_in
        .with(|s| s.as_ref().and_then(|s| s.org_key().cloned()))
}

/// `/w/*`: the gate, then the frame around the sub-screens.
#[component]
pub fn CaseworkerRoot() -> impl IntoView {
    view! {
        <RoleGate
            role=StaffRole::Caseworker
            title=CaseworkerMsg::Title.texts()
            does=CaseworkerMsg::Does.texts()
            testid="caseworker-home"
        >
            <CaseworkerFrame />
        </RoleGate>
    }
}

#[component]
fn CaseworkerFrame() -> impl IntoView {
    let i18n = use_i18n();
    let ts = move |m: CaseworkerMsg| Signal::derive(move || i18n.t(m));
    let centre = Centre {
        programmes: LocalResource::new(api::centre::programmes),
        referrals: LocalResource::new(api::centre::referrals),
        peers: LocalResource::new(api::org::peers),
    };
    provide_context(centre);
    view! {
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
                    Tab { href: "/w/referrals", label: ts(CaseworkerMsg::TabReferrals), testid: "tab-referrals" },
                    Tab { href: "/w/ledger", label: ts(CaseworkerMsg::TabLedger), testid: "tab-ledger" },
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

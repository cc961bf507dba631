//! `/c`: the coordinator at the partner: referrals from the centre (answer, matching with
//! conflict checks, assignments, briefs), volunteers (the list, each one's profile and phones
//! with revocation and lost-phone reports), invitations, the incidents that followed, the
//! device ledger, the team and its keys, the account. Each is a sub-screen with its own address; a volunteer's address
//! carries their id only.

mod account;
mod brief;
mod forms;
mod incidents;
mod invite;
mod ledger;
mod matching;
mod msg;
mod profile;
mod referral;
mod referrals;
mod sealing;
mod volunteer;
mod volunteers;

use domain::api::{
    Incident, LedgerEntry, OrgMember, PeerOrganisation, Programme, Referral, SealedProfile,
    StaffRole, Volunteer,
};
use domain::ids::ProgrammeId;
use leptos::prelude::*;
use leptos_router::components::Outlet;

pub use account::AccountScreen;
pub use brief::BriefScreen;
pub use incidents::IncidentsScreen;
pub use invite::InviteScreen;
pub use ledger::LedgerScreen;
pub use referral::ReferralScreen;
pub use referrals::ReferralsScreen;
pub use volunteer::VolunteerScreen;
pub use volunteers::VolunteersScreen;

use crate::api;
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};
use crate::staff::session::{StaffState, use_staff};
use crate::staff::{OrgKey, OrgKeyBanner, RoleGate, StaffBar, StaffMsg, TeamMsg};
use crate::ui::{FirstTab, Tab, TabNav};
use msg::{CaseMsg, CoordinatorMsg};

/// What the section's sub-screens share, loaded once: moving between them shows no spinner, and
/// a change on one (an invitation, a revocation) refreshes the others.
#[derive(Clone, Copy)]
struct Partner {
    programmes: LocalResource<Result<Vec<Programme>, AppError>>,
    volunteers: LocalResource<Result<Vec<Volunteer>, AppError>>,
    incidents: LocalResource<Result<Vec<Incident>, AppError>>,
    /// Who may have sealed or signed something: believed only through their certificates.
    members: LocalResource<Result<Vec<OrgMember>, AppError>>,
    /// The centres, believed only through the partner's certificates.
    peers: LocalResource<Result<Vec<PeerOrganisation>, AppError>>,
    /// The inbox: referrals sent to the partner's programmes (sealed; opened on screen).
    referrals: LocalResource<Result<Vec<Referral>, AppError>>,
    /// Every volunteer's newest sealed profile, for their screen and for matching.
    profiles: LocalResource<Result<Vec<SealedProfile>, AppError>>,
    /// The device ledger (台帳).
    ledger: LocalResource<Result<Vec<LedgerEntry>, AppError>>,
}

impl Partner {
    /// Members and partner organisations change on the "team and keys" screen, which is shared
    /// by every role and knows nothing of this section: the screens that seal or open anything
    /// read them afresh when they open.
    fn refresh_directory(self) {
        // Not on the first load, which is on its way already.
        if self.members.get_untracked().is_some() {
            self.members.refetch();
        }
        if self.peers.get_untracked().is_some() {
            self.peers.refetch();
        }
    }

    fn volunteer_list(self) -> Vec<Volunteer> {
        self.volunteers
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    fn programme_name(self, id: &ProgrammeId) -> String {
        self.programmes
            .get()
            .and_then(Result::ok)
            .and_then(|ps| {
                ps.into_iter()
                    .find(|p| &p.id == id)
                    .map(|p| p.settings.name)
            })
            .unwrap_or_default()
    }
}

fn use_partner() -> Partner {
    expect_context::<Partner>()
}

impl Partner {
    fn member_list(self) -> Vec<OrgMember> {
        self.members.get().and_then(Result::ok).unwrap_or_default()
    }

    fn peer_list(self) -> Vec<PeerOrganisation> {
        self.peers.get().and_then(Result::ok).unwrap_or_default()
    }
}

/// The partner's key, once a person verified it here (reactive).
fn partner_key() -> Option<OrgKey> {
    use_staff()
        .signed_in
        .with(|s| s.as_ref().and_then(|s| s.org_key().cloned()))
}

/// The same, read once, for work that runs after an `.await`: there is no reactive owner to
/// find the context in then (`use_staff` would panic), so the state is captured beforehand.
fn partner_key_of(staff: StaffState) -> Option<OrgKey> {
    staff
        .signed_in
        .with_untracked(|s| s.as_ref().and_then(|s| s.org_key().cloned()))
}

/// Phones that proved their invitation get the partner's certificate from whichever coordinator
/// opens the section next; no person needs to compare anything for them.
fn certify_in_background(partner: Partner) {
    Effect::new(move |_| {
        let (Some(Ok(volunteers)), Some(Ok(members)), Some(org)) = (
            partner.volunteers.get(),
            partner.members.get(),
            partner_key(),
        ) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(n) = sealing::certify_bound_devices(&org, &volunteers, &members).await
                && n > 0
            {
                partner.volunteers.refetch();
            }
        });
    });
}

/// `/c/*`: the gate, then the frame around the sub-screens.
#[component]
pub fn CoordinatorRoot() -> impl IntoView {
    view! {
        <RoleGate
            role=StaffRole::Coordinator
            title=CoordinatorMsg::CoordinatorTitle.texts()
            does=CoordinatorMsg::CoordinatorDoes.texts()
            testid="coordinator-home"
        >
            <CoordinatorFrame />
        </RoleGate>
    }
}

/// `/c` itself.
#[component]
pub fn CoordinatorIndex() -> impl IntoView {
    view! { <FirstTab path="/c/volunteers" /> }
}

#[component]
fn CoordinatorFrame() -> impl IntoView {
    let i18n = use_i18n();
    let ts = move |m: CoordinatorMsg| Signal::derive(move || i18n.t(m));
    let partner = Partner {
        programmes: LocalResource::new(api::partner::programmes),
        volunteers: LocalResource::new(api::partner::volunteers),
        incidents: LocalResource::new(api::partner::incidents),
        members: LocalResource::new(api::org::members),
        peers: LocalResource::new(api::org::peers),
        referrals: LocalResource::new(api::partner::referrals),
        profiles: LocalResource::new(api::partner::profiles),
        ledger: LocalResource::new(api::org::ledger),
    };
    provide_context(partner);
    certify_in_background(partner);
    view! {
        <div class="staff-wide">
            <StaffBar />
            <h1 class="page-title" data-testid="coordinator-signed-in">
                {move || i18n.t(CoordinatorMsg::CoordinatorTitle)}
            </h1>
            <TabNav
                label=ts(CoordinatorMsg::CoordinatorTitle)
                tabs=vec![
                    Tab { href: "/c/volunteers", label: ts(CoordinatorMsg::TabVolunteers), testid: "tab-volunteers" },
                    Tab { href: "/c/referrals", label: Signal::derive(move || i18n.t(CaseMsg::TabReferrals)), testid: "tab-referrals" },
                    Tab { href: "/c/invite", label: ts(CoordinatorMsg::TabInviteVolunteer), testid: "tab-invite-volunteer" },
                    Tab { href: "/c/incidents", label: ts(CoordinatorMsg::TabIncidents), testid: "tab-incidents" },
                    Tab { href: "/c/ledger", label: Signal::derive(move || i18n.t(CaseMsg::TabLedger)), testid: "tab-ledger" },
                    Tab {
                        href: "/c/team",
                        label: Signal::derive(move || i18n.t(TeamMsg::TabTeam)),
                        testid: "tab-team",
                    },
                    Tab {
                        href: "/c/account",
                        label: Signal::derive(move || i18n.t(StaffMsg::MyAccount)),
                        testid: "tab-account",
                    },
                ]
            />
            <OrgKeyBanner team_path="/c/team" />
            <Outlet />
        </div>
    }
}

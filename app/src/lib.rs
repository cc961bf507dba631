//! Yorisoi PWA: the route tables of the two bundles, the shell around every screen, language and
//! connectivity.
//!
//! - `api/`: one typed function per relay endpoint (the only place that speaks HTTP).
//! - `ui/`: widgets every role uses; `i18n/`: the language machinery.
//! - `pages/`: landing and not-found; `shell.rs`: the frame; `pwa.rs`: service worker.
//! - `volunteer/`: the phone; `staff/`: what every staff role shares, with one folder per role
//!   (`admin/`, `coordinator/`, `caseworker/`). Role folders never import each other.

mod api;
mod error;
mod i18n;
mod network;
mod pages;
mod pwa;
mod sealed;
mod shell;
mod staff;
mod ui;
mod volunteer;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

pub use i18n::{Lang, Texts};

/// Paths served by the staff bundle; everything else (the landing page, `/v`, unknown paths)
/// gets the volunteer bundle. `xtask`'s generated `boot.js` applies the same rule, so each device
/// downloads only the code of its role: a volunteer's phone never loads the staff screens.
pub const STAFF_PATHS: [&str; 5] = ["/invite", "/login", "/admin", "/c", "/w"];

/// Mounts one bundle's root component, replacing index.html's loading placeholder.
pub fn start<F, V>(root: F)
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    console_error_panic_hook::set_once();
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(root);
}

fn provide_shell_contexts() {
    i18n::I18n::provide();
    network::Connectivity::provide();
    pwa::UpdateState::provide();
}

/// The volunteer bundle: the landing page and the phone screens.
#[component]
pub fn VolunteerApp() -> impl IntoView {
    provide_shell_contexts();
    view! {
        <Router>
            <shell::Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::landing::Landing />
                    <ParentRoute path=path!("/v") view=volunteer::VolunteerRoot>
                        <Route path=path!("") view=volunteer::VolunteerHome />
                        <Route path=path!("enrol") view=volunteer::EnrolPage />
                        <Route path=path!("briefs/:brief_id") view=volunteer::BriefPage />
                    </ParentRoute>
                </Routes>
            </shell::Shell>
        </Router>
    }
}

/// The staff bundle: invitations, sign-in and each role's section. Every sub-screen has its own
/// address (ids only, never names), so deep links, reloads and the back button work.
#[component]
pub fn StaffApp() -> impl IntoView {
    use staff::{admin, caseworker, coordinator};
    provide_shell_contexts();
    staff::session::StaffState::provide();
    view! {
        <Router>
            <shell::Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::landing::Landing />
                    <Route path=path!("/invite") view=staff::invite::AcceptInvite />
                    <Route path=path!("/login") view=staff::login::Login />
                    <ParentRoute path=path!("/admin") view=admin::AdminRoot>
                        <Route path=path!("") view=admin::AdminIndex />
                        <Route path=path!("organisations") view=admin::OrganisationsScreen />
                        <Route path=path!("programmes") view=admin::ProgrammesScreen />
                        <Route path=path!("invites") view=admin::InvitesScreen />
                        <Route path=path!("pledges") view=admin::PledgesScreen />
                        <Route path=path!("staff") view=admin::StaffScreen />
                    </ParentRoute>
                    <ParentRoute path=path!("/c") view=coordinator::CoordinatorRoot>
                        <Route path=path!("") view=coordinator::CoordinatorIndex />
                        <Route path=path!("volunteers") view=coordinator::VolunteersScreen />
                        <Route path=path!("volunteers/:volunteer_id") view=coordinator::VolunteerScreen />
                        <Route path=path!("referrals") view=coordinator::ReferralsScreen />
                        <Route path=path!("referrals/:referral_id") view=coordinator::ReferralScreen />
                        <Route path=path!("referrals/:referral_id/brief/:assignment_id") view=coordinator::BriefScreen />
                        <Route path=path!("ledger") view=coordinator::LedgerScreen />
                        <Route path=path!("invite") view=coordinator::InviteScreen />
                        <Route path=path!("incidents") view=coordinator::IncidentsScreen />
                        <Route path=path!("team") view=staff::TeamScreen />
                        <Route path=path!("account") view=coordinator::AccountScreen />
                    </ParentRoute>
                    <ParentRoute path=path!("/w") view=caseworker::CaseworkerRoot>
                        <Route path=path!("") view=caseworker::CaseworkerHome />
                        <Route path=path!("referrals") view=caseworker::ReferralsScreen />
                        <Route path=path!("referrals/new") view=caseworker::NewReferralScreen />
                        <Route path=path!("referrals/:referral_id/edit") view=caseworker::EditReferralScreen />
                        <Route path=path!("referrals/:referral_id") view=caseworker::ReferralScreen />
                        <Route path=path!("ledger") view=caseworker::LedgerScreen />
                        <Route path=path!("team") view=staff::TeamScreen />
                    </ParentRoute>
                </Routes>
            </shell::Shell>
        </Router>
    }
}

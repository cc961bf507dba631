//! Yorisoi PWA: screens by role (`pages/`), the shell around them, language and connectivity.

mod api;
mod components;
mod error;
mod i18n;
mod icons;
mod network;
mod pages;
mod pwa;
mod shell;
mod staff;
mod volunteer;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

pub use i18n::{Lang, Msg, Texts};

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
                    </ParentRoute>
                </Routes>
            </shell::Shell>
        </Router>
    }
}

/// The staff bundle: invitations, sign-in and the admin, coordinator and caseworker screens.
#[component]
pub fn StaffApp() -> impl IntoView {
    provide_shell_contexts();
    staff::session::StaffState::provide();
    view! {
        <Router>
            <shell::Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::landing::Landing />
                    <Route path=path!("/invite") view=staff::invite::AcceptInvite />
                    <Route path=path!("/login") view=staff::login::Login />
                    <Route path=path!("/admin") view=staff::admin::AdminHome />
                    <Route path=path!("/c") view=staff::coordinator::CoordinatorHome />
                    <Route path=path!("/w") view=staff::caseworker::CaseworkerHome />
                </Routes>
            </shell::Shell>
        </Router>
    }
}

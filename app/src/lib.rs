//! Yorisoi PWA: screens by role (`pages/`), the shell around them, language and connectivity.

mod i18n;
mod icons;
mod network;
mod pages;
mod pwa;
mod shell;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use i18n::{Lang, Msg};

#[component]
pub fn App() -> impl IntoView {
    i18n::I18n::provide();
    network::Connectivity::provide();
    pwa::UpdateState::provide();

    view! {
        <Router>
            <shell::Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::landing::Landing />
                    <Route path=path!("/v") view=pages::volunteer::VolunteerHome />
                    <Route path=path!("/c") view=pages::coordinator::CoordinatorHome />
                    <Route path=path!("/w") view=pages::caseworker::CaseworkerHome />
                </Routes>
            </shell::Shell>
        </Router>
    }
}

//! The bar on top of every signed-in staff screen: who is signed in, and the way out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::session::{self, use_staff};
use super::{StaffMsg, role_msg};
use crate::i18n::use_i18n;

#[component]
pub fn StaffBar() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let who = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .map(|s| s.session.display_name.clone())
                .unwrap_or_default()
        })
    };
    let role = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .map(|s| i18n.t(role_msg(s.session.role)))
                .unwrap_or_default()
        })
    };
    let org = move || {
        staff.signed_in.with(|s| {
            s.as_ref()
                .and_then(|s| s.session.organisation.as_ref())
                .map(|o| o.name.clone())
        })
    };
    let sign_out = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            session::sign_out(staff).await;
            navigate("/login", Default::default());
        });
    };
    view! {
        <div class="staff-bar" data-testid="staff-bar">
            <div class="staff-bar-who">
                <span class="staff-bar-name" data-testid="staff-name">{who}</span>
                <span class="badge">{role}</span>
                {move || org().map(|o| view! { <span class="staff-bar-org">{o}</span> })}
            </div>
            <button
                type="button"
                class="button button-secondary staff-bar-signout"
                data-testid="sign-out"
                disabled=move || busy.get()
                on:click=sign_out
            >
                {move || i18n.t(StaffMsg::SignOut)}
            </button>
        </div>
    }
}

//! `/c/account`: the coordinator's own account (the card every organisation member has).

use leptos::prelude::*;

use crate::staff::AccountCard;

#[component]
pub fn AccountScreen() -> impl IntoView {
    view! { <AccountCard testid="coordinator-account" /> }
}

//! `/c`: the coordinator's section (desktop or tablet, still usable at 360 px).

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::pages::staff::StaffSection;

#[component]
pub fn CoordinatorHome() -> impl IntoView {
    view! { <StaffSection title=Msg::CoordinatorTitle does=Msg::CoordinatorDoes testid="coordinator-home" /> }
}

//! `/w`: the caseworker's section at the centre.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::pages::staff::StaffSection;

#[component]
pub fn CaseworkerHome() -> impl IntoView {
    view! { <StaffSection title=Msg::CaseworkerTitle does=Msg::CaseworkerDoes testid="caseworker-home" /> }
}

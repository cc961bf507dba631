use leptos::prelude::*;
#[component]
pub fn BriefScreen() -> impl IntoView {}

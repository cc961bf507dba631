use leptos::prelude::*;
#[component]
pub fn LedgerScreen() -> impl IntoView {}

//! A section's navigation: links to its sub-screens (nested routes), so each sub-screen has an
//! address that survives a reload, can be bookmarked and works with the back button.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};

/// One sub-screen of a section.
#[derive(Clone, Copy)]
pub struct Tab {
    pub href: &'static str,
    pub label: Signal<&'static str>,
    pub testid: &'static str,
}

/// The links as tabs. The router's `<A>` marks the current one with `aria-current="page"`,
/// also on the screens below it (`/c/volunteers/{id}` keeps "volunteers" current), which both
/// screen readers and the style use. A tab whose address is the section's own (`/w`, with
/// `/w/team` beside it) is current only on exactly that address.
#[component]
pub fn TabNav(tabs: Vec<Tab>, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let hrefs: Vec<&'static str> = tabs.iter().map(|t| t.href).collect();
    view! {
        <nav class="tabs staff-tabs" aria-label=label>
            {tabs
                .into_iter()
                .map(|tab| {
                    let exact = hrefs
                        .iter()
                        .any(|other| other.len() > tab.href.len() && other.starts_with(tab.href));
                    view! {
                        <A href=tab.href exact=exact attr:class="tab" attr:data-testid=tab.testid>
                            {tab.label}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// A section's own address (`/admin`, `/c`) shows its first sub-screen. The history entry is
/// replaced, so the back button does not land on the section again only to be sent forward.
#[component]
pub fn FirstTab(path: &'static str) -> impl IntoView {
    view! {
        <Redirect path=path options=NavigateOptions { replace: true, ..Default::default() } />
    }
}

//! Inline SVG icons: they render the same on every phone, unlike emoji, and need no font.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    People,
    Clipboard,
    Phone,
    Chevron,
}

impl Icon {
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Home => &["M3 10.5 12 3l9 7.5", "M5 9.5V21h14V9.5", "M10 21v-6h4v6"],
            Icon::People => &[
                "M9 4.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z",
                "M2.5 20c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5",
                "M17 6.5a2.5 2.5 0 1 1 0 5",
                "M16.5 13.6c2.8.4 5 2.9 5 6.4",
            ],
            Icon::Clipboard => &[
                "M7 4H6a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-1",
                "M9 3h6v3H9z",
                "M8 11h8M8 15h8M8 19h4",
            ],
            Icon::Phone => &[
                "M5 3.5h3.5l2 5-2.6 1.6a11.5 11.5 0 0 0 5.5 5.5l1.6-2.6 5 2v3.5a2 2 0 0 1-2 2A17 17 0 0 1 3 5.5a2 2 0 0 1 2-2z",
            ],
            Icon::Chevron => &["m9 5 7 7-7 7"],
        }
    }
}

/// Decorative: the text next to it says what it means, so screen readers skip it.
#[component]
pub fn Svg(icon: Icon, #[prop(default = 24)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width=size
            height=size
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {icon.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}

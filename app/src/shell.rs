//! The frame around every screen: brand, connectivity, language, and the update prompt.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::network::use_connectivity;
use crate::pages::Msg;
use crate::pwa::use_update_state;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    let update = use_update_state();

    view! {
        <header class="topbar">
            <A href="/" attr:class="brand" attr:data-testid="brand">
                <img class="brand-mark" src="/icons/icon.svg" alt="" width="32" height="32" />
                <span class="brand-name">{move || i18n.t(Msg::AppName)}</span>
            </A>
            <div class="topbar-actions">
                <span
                    class="status-chip"
                    class:offline=move || !online.get()
                    data-testid="connectivity"
                    role="status"
                >
                    <span class="status-dot" aria-hidden="true"></span>
                    {move || i18n.t(if online.get() { Msg::Online } else { Msg::Offline })}
                </span>
                <button
                    type="button"
                    class="lang-toggle"
                    data-testid="lang-toggle"
                    lang=move || if i18n.lang.get() == crate::Lang::Ja { "en" } else { "ja" }
                    on:click=move |_| i18n.toggle()
                >
                    {move || i18n.t(Msg::SwitchLanguage)}
                </button>
            </div>
        </header>
        <Show when=move || !online.get()>
            <p class="banner banner-offline" data-testid="offline-banner" role="status">
                {move || i18n.t(Msg::OfflineBanner)}
            </p>
        </Show>
        <Show when=move || update.ready.get()>
            <div class="banner banner-update" data-testid="update-banner" role="status">
                <span>{move || i18n.t(Msg::UpdateReady)}</span>
                <button type="button" class="button button-small" on:click=move |_| update.apply()>
                    {move || i18n.t(Msg::UpdateNow)}
                </button>
            </div>
        </Show>
        <main class="page" id="main">
            {children()}
        </main>
    }
}

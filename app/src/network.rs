//! Online/offline state from the browser, as a signal every screen can show.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Connectivity {
    pub online: RwSignal<bool>,
}

impl Connectivity {
    pub fn provide() -> Connectivity {
        let initial = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        let online = RwSignal::new(initial);
        let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
        let connectivity = Connectivity { online };
        provide_context(connectivity);
        connectivity
    }
}

pub fn use_connectivity() -> Connectivity {
    expect_context::<Connectivity>()
}

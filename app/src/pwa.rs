//! Service worker registration and the "update available" prompt.
//!
//! A new deployment installs a new worker that waits; the user decides when to switch (a half
//! written report must never be interrupted by a surprise reload). Tapping "update" tells the
//! waiting worker to take over, and the page reloads once it has.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

#[derive(Debug, Clone, Copy)]
pub struct UpdateState {
    /// A new version is installed and waiting.
    pub ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// The user asked for the new version: the next controller change reloads the page.
    requested: StoredValue<bool>,
}

impl UpdateState {
    pub fn provide() -> UpdateState {
        let state = UpdateState {
            ready: RwSignal::new(false),
            registration: StoredValue::new_local(None),
            requested: StoredValue::new(false),
        };
        provide_context(state);
        register(state);
        state
    }

    /// Activates the waiting worker; `controllerchange` then reloads the page.
    pub fn apply(self) {
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().and_then(ServiceWorkerRegistration::waiting));
        if let Some(worker) = waiting {
            self.requested.set_value(true);
            let _ = worker.post_message(&JsValue::from_str("skip-waiting"));
        }
    }
}

pub fn use_update_state() -> UpdateState {
    expect_context::<UpdateState>()
}

fn register(state: UpdateState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Not every context has service workers (e.g. an insecure origin); the app works without.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();

    // The first install also changes the controller (clients.claim); only a switch the user
    // asked for means new code that the page should load.
    let reload = Closure::<dyn FnMut()>::new(move || {
        if state.requested.get_value()
            && let Some(w) = web_sys::window()
        {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();

    wasm_bindgen_futures::spawn_local(async move {
        let Ok(value) = JsFuture::from(container.register("/sw.js")).await else {
            web_sys::console::warn_1(&"service worker registration failed".into());
            return;
        };
        let Ok(registration) = value.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        state.registration.set_value(Some(registration.clone()));
        if registration.waiting().is_some() && container.controller().is_some() {
            state.ready.set(true);
        }
        let reg = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = reg.installing() {
                watch_installing(installing, container.clone(), state);
            }
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// A worker that finishes installing while another already controls the page is an update; the
/// very first worker (nothing controlling yet) is not.
fn watch_installing(worker: ServiceWorker, container: ServiceWorkerContainer, state: UpdateState) {
    let w = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if w.state() == ServiceWorkerState::Installed && container.controller().is_some() {
            state.ready.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

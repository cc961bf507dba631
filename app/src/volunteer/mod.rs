//! The volunteer's section (`/v`), phone first: enrol, PIN unlock, pledge, today's work.

mod briefs;
mod device;
mod enrol;
mod home;
mod msg;
mod store;
mod sync;
mod unlock;
mod visits;

use leptos::prelude::*;
use leptos_router::components::Outlet;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub use briefs::BriefPage;
pub use device::{DeviceCtx, Phase, use_device};
pub use enrol::EnrolPage;
pub use msg::{VMsg, VPhrase};

use crate::i18n::use_i18n;

/// Wraps every `/v` route: provides the device state and locks after the programme's idle time.
#[component]
pub fn VolunteerRoot() -> impl IntoView {
    let device = DeviceCtx::provide();
    sync::Visits::provide(device);
    install_idle_lock(device);
    view! { <Outlet /> }
}

/// DESIGN §5: idle lock after 5 minutes (the programme may set another value) drops the DEK.
///
/// Whether the phone has been idle too long is computed from the time since the last activity
/// at every event: each tap, touch or key, the page becoming visible or focused, and a timer
/// every 5 seconds. If the idle time has passed, the phone locks first, and the event that found
/// it out does not count as activity (a tap is not even delivered to the screen it would have
/// acted on). A phone that slept runs no timer, so the first thing it sees on waking is a tap
/// or a visibility change: if those refreshed the activity time before anything looked at it,
/// a phone asleep for an hour would wake unlocked.
fn install_idle_lock(device: DeviceCtx) {
    let last_activity = StoredValue::new(js_sys::Date::now());
    // Locks if the idle time has passed (answering true); otherwise records `activity`.
    let check = move |activity: bool| -> bool {
        let now = js_sys::Date::now();
        if device.phase.get_untracked() != Phase::Unlocked {
            // Locked (or not enrolled): the idle time starts again at the unlock.
            last_activity.set_value(now);
            return false;
        }
        let idle_ms = device
            .profile
            .with_untracked(|p| p.as_ref().map(|p| p.programme.idle_lock_secs))
            .unwrap_or(300)
            .clamp(60, 1800) as f64
            * 1000.0;
        if now - last_activity.get_value() >= idle_ms {
            device.lock();
            return true;
        }
        if activity {
            last_activity.set_value(now);
        }
        false
    };
    let mut listeners = Vec::new();
    if let Some(window) = web_sys::window() {
        let target: &web_sys::EventTarget = window.as_ref();
        // Capture phase, before any of the page's own handlers see the event.
        for kind in ["pointerdown", "keydown", "touchstart"] {
            listeners.extend(Listener::add(target, kind, move |event| {
                if check(true) {
                    event.prevent_default();
                    event.stop_propagation();
                }
            }));
        }
        listeners.extend(Listener::add(target, "focus", move |_| {
            check(false);
        }));
        if let Some(document) = window.document() {
            listeners.extend(Listener::add(
                document.as_ref(),
                "visibilitychange",
                move |_| {
                    check(false);
                },
            ));
        }
    }
    let listeners = StoredValue::new_local(listeners);
    let interval = set_interval_with_handle(
        move || {
            check(false);
        },
        std::time::Duration::from_secs(5),
    )
    .ok();
    on_cleanup(move || {
        listeners.update_value(Vec::clear);
        if let Some(interval) = interval {
            interval.clear();
        }
    });
}

/// An event listener in the capture phase, not passive (so a tap that locked the phone can be
/// stopped), removed when dropped.
struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    fn add(
        target: &web_sys::EventTarget,
        kind: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        options.set_passive(false);
        target
            .add_event_listener_with_callback_and_add_event_listener_options(
                kind,
                callback.as_ref().unchecked_ref(),
                &options,
            )
            .ok()?;
        Some(Listener {
            target: target.clone(),
            kind,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.callback.as_ref().unchecked_ref(),
            true,
        );
    }
}

/// `/v`: the one screen that fits the phone's state.
#[component]
pub fn VolunteerHome() -> impl IntoView {
    let device = use_device();
    let i18n = use_i18n();
    move || match device.phase.get() {
        Phase::Loading => view! {
            <p class="muted" data-testid="volunteer-loading">{move || i18n.t(VMsg::Loading)}</p>
        }
        .into_any(),
        Phase::NotEnrolled => view! { <enrol::NotEnrolled /> }.into_any(),
        Phase::Locked => view! { <unlock::UnlockScreen /> }.into_any(),
        Phase::Unlocked => view! { <home::UnlockedHome /> }.into_any(),
        Phase::Gone => view! { <unlock::GoneScreen /> }.into_any(),
    }
}

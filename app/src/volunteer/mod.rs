//! The volunteer's section (`/v`), phone first: enrol, PIN unlock, pledge, today's work.

mod device;
mod enrol;
mod home;
mod msg;
mod store;
mod unlock;

use leptos::prelude::*;
use leptos_router::components::Outlet;

pub use device::{DeviceCtx, Phase, use_device};
pub use enrol::EnrolPage;
pub use msg::{VMsg, VPhrase};

use crate::i18n::use_i18n;

/// Wraps every `/v` route: provides the device state and locks after the programme's idle time.
#[component]
pub fn VolunteerRoot() -> impl IntoView {
    let device = DeviceCtx::provide();
    install_idle_lock(device);
    view! { <Outlet /> }
}

/// DESIGN §5: idle lock after 5 minutes (the programme may set another value) drops the DEK.
fn install_idle_lock(device: DeviceCtx) {
    let last_activity = StoredValue::new(js_sys::Date::now());
    let touch = move || last_activity.set_value(js_sys::Date::now());
    let handles = [
        window_event_listener(leptos::ev::pointerdown, move |_| touch()),
        window_event_listener(leptos::ev::keydown, move |_| touch()),
        window_event_listener(leptos::ev::touchstart, move |_| touch()),
    ];
    let check = move || {
        if device.phase.get_untracked() != Phase::Unlocked {
            last_activity.set_value(js_sys::Date::now());
            return;
        }
        let idle_ms = device
            .profile
            .with_untracked(|p| p.as_ref().map(|p| p.programme.idle_lock_secs))
            .unwrap_or(300)
            .clamp(60, 1800) as f64
            * 1000.0;
        if js_sys::Date::now() - last_activity.get_value() >= idle_ms {
            device.lock();
        }
    };
    let interval = set_interval_with_handle(check, std::time::Duration::from_secs(5)).ok();
    on_cleanup(move || {
        for handle in handles {
            handle.remove();
        }
        if let Some(interval) = interval {
            interval.clear();
        }
    });
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

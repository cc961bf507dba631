//! Yorisoi PWA entry point.

use app::App;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows a plain "loading" placeholder until the wasm runs; replace it.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

//! The app shell in a real Chromium: Japanese by default, English on request.
#![allow(clippy::unwrap_used)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_app() -> web_sys::HtmlElement {
    let document = document();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), app::VolunteerApp).forget();
    host
}

/// Yields to the browser's event loop so effects and the router settle.
async fn next_tick() {
    let ms = 20;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn renders_japanese_first_and_switches_to_english() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("yorisoi.lang").unwrap();
    let host = mount_app();
    next_tick().await;

    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("ja"));
    let brand = host.query_selector("[data-testid=brand]").unwrap().unwrap();
    assert!(brand.text_content().unwrap().contains("寄り添い"));

    let toggle: web_sys::HtmlElement = host
        .query_selector("[data-testid=lang-toggle]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    toggle.click();
    next_tick().await;
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    assert!(brand.text_content().unwrap().contains("Yorisoi"));
    assert_eq!(
        storage.get_item("yorisoi.lang").unwrap().as_deref(),
        Some("en")
    );
    storage.remove_item("yorisoi.lang").unwrap();
}

//! Times as people read them.

/// Unix milliseconds as local `YYYY/MM/DD HH:MM` (the order Japanese forms use).
pub fn format_time(ms: i64) -> String {
    // Exact for every real timestamp (well below 2^53).
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{}/{:02}/{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

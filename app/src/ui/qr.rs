//! QR codes for links handed over in person.

use leptos::prelude::*;

/// A QR code drawn as one SVG path: no image crate, no canvas, no inline HTML.
#[component]
pub fn QrCode(
    #[prop(into)] data: String,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let code = qrcode::QrCode::new(data.as_bytes()).ok();
    code.map(|code| {
        let width = code.width();
        let colors = code.to_colors();
        let mut path = String::with_capacity(colors.len() * 12);
        for (i, color) in colors.iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (x, y) = (i % width + 4, i / width + 4);
                path.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
        let size = width + 8;
        view! {
            <svg
                class="qr"
                viewBox=format!("0 0 {size} {size}")
                role="img"
                aria-label=label
                shape-rendering="crispEdges"
                data-testid="qr"
            >
                <rect width=size height=size fill="#fff" />
                <path d=path fill="#000" />
            </svg>
        }
    })
}

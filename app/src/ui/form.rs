//! Small building blocks shared by every role's screens.

use leptos::prelude::*;

use crate::error::{AppError, ErrorText};
use crate::i18n::{Texts, use_i18n};

/// A labelled text input bound to a signal. Large, with the label above (no placeholder-only
/// labels: they vanish while typing, which confuses first-time users).
#[component]
pub fn Field(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    testid: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let id = format!("field-{testid}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                class="field-input"
                id=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                aria-describedby=described
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// The one obvious next step on a screen: a full-width primary button that shows it is busy.
#[component]
pub fn PrimaryButton(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into, optional)] disabled: Option<Signal<bool>>,
    testid: &'static str,
) -> impl IntoView {
    let disabled = move || busy.get() || disabled.is_some_and(|d| d.get());
    view! {
        <button
            type="submit"
            class="button button-block"
            data-testid=testid
            disabled=disabled
            aria-busy=move || busy.get().to_string()
        >
            <Show when=move || busy.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            {label}
        </button>
    }
}

/// A plain-language error, announced to screen readers.
#[component]
pub fn ErrorNote(error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p class="note note-error" role="alert" data-testid="error">
                {move || error.with(|e| e.as_ref().map(|e| i18n.t(ErrorText::of(e))).unwrap_or_default())}
            </p>
        </Show>
    }
}

/// A message for a specific situation, in the note style.
#[component]
pub fn Note(
    #[prop(into)] text: Signal<String>,
    #[prop(default = "info")] tone: &'static str,
    #[prop(default = "note")] testid: &'static str,
) -> impl IntoView {
    view! {
        <p class=format!("note note-{tone}") role="status" data-testid=testid>{text}</p>
    }
}

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

/// Messages of the pledge form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PledgeMsg {
    Title,
    ScrollHint,
    TypeName,
    TypeNameHint,
    Accept,
    Version,
}

impl Texts for PledgeMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            PledgeMsg::Title => ("誓約書", "Confidentiality pledge"),
            PledgeMsg::ScrollHint => (
                "最後まで読むと、署名できるようになります。",
                "Read to the end to be able to sign.",
            ),
            PledgeMsg::TypeName => ("お名前（署名）", "Your name (signature)"),
            PledgeMsg::TypeNameHint => (
                "内容に同意する場合は、お名前を入力してください。",
                "If you agree, type your name.",
            ),
            PledgeMsg::Accept => ("同意して署名する", "Agree and sign"),
            PledgeMsg::Version => ("版", "Version"),
        }
    }
}

/// The pledge (誓約書): the whole text in a scroll box; signing is possible only after reading
/// to the end and typing one's name. `on_accept` receives the typed name.
#[component]
pub fn PledgeForm(
    pledge: domain::wire::Pledge,
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    on_accept: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: PledgeMsg| move || i18n.t(m);
    let read_to_end = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let check_scroll = move |ev: leptos::ev::Event| {
        let el: web_sys::Element = event_target(&ev);
        if el.scroll_top() + el.client_height() + 8 >= el.scroll_height() {
            read_to_end.set(true);
        }
    };
    let paragraphs: Vec<String> = pledge.text.split("\n\n").map(str::to_owned).collect();
    let box_ref = NodeRef::<leptos::html::Div>::new();
    // Short texts that need no scrolling count as read.
    Effect::new(move |_| {
        if let Some(el) = box_ref.get()
            && el.scroll_height() <= el.client_height() + 8
        {
            read_to_end.set(true);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if read_to_end.get_untracked() && !typed.is_empty() {
            on_accept.run(typed);
        }
    };
    view! {
        <form class="pledge" on:submit=submit data-testid="pledge-form">
            <h1 class="page-title">{t(PledgeMsg::Title)}</h1>
            <p class="muted">
                {pledge.organisation_name.clone()} " · " {t(PledgeMsg::Version)} " " {pledge.version}
            </p>
            <div
                class="pledge-text"
                tabindex="0"
                node_ref=box_ref
                on:scroll=check_scroll
                data-testid="pledge-text"
                role="document"
            >
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <Show when=move || !read_to_end.get()>
                <p class="field-hint" data-testid="pledge-scroll-hint">{t(PledgeMsg::ScrollHint)}</p>
            </Show>
            <Field
                label=Signal::derive(t(PledgeMsg::TypeName))
                hint=Signal::derive(t(PledgeMsg::TypeNameHint))
                value=name
                autocomplete="name"
                testid="pledge-name"
                maxlength=100
            />
            <ErrorNote error=error />
            <PrimaryButton
                label=Signal::derive(t(PledgeMsg::Accept))
                busy=busy
                disabled=Signal::derive(move || !read_to_end.get() || name.with(|n| n.trim().is_empty()))
                testid="pledge-accept"
            />
        </form>
    }
}

//! Loading / error / empty, the same way for every list.

use leptos::prelude::*;

use super::{ErrorNote, UiMsg};
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};

/// What a list shows before and instead of its items. `empty_msg` says what to do next.
#[component]
pub fn ListState<M>(
    loading: Signal<bool>,
    error: Signal<Option<AppError>>,
    empty: Signal<bool>,
    empty_msg: M,
) -> impl IntoView
where
    M: Texts + Send + Sync,
{
    let i18n = use_i18n();
    let error_signal = RwSignal::new(None::<AppError>);
    Effect::new(move |_| error_signal.set(error.get()));
    view! {
        <Show when=move || loading.get()>
            <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p>
        </Show>
        <ErrorNote error=error_signal />
        <Show when=move || !loading.get() && error.with(Option::is_none) && empty.get()>
            <p class="muted" data-testid="empty">{move || i18n.t(empty_msg)}</p>
        </Show>
    }
}

/// (loading, error, empty) of a list resource, for [`ListState`].
pub fn list_state<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<Vec<T>, AppError>>,
) -> (Signal<bool>, Signal<Option<AppError>>, Signal<bool>) {
    (
        Signal::derive(move || resource.get().is_none()),
        Signal::derive(move || resource.get().and_then(Result::err)),
        Signal::derive(move || {
            resource
                .get()
                .is_some_and(|r| r.as_ref().is_ok_and(Vec::is_empty))
        }),
    )
}

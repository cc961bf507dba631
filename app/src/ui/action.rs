//! One button's piece of work: busy while it runs (the button disabled), its error shown, and
//! what follows a success. The screens' confirm buttons all need exactly this.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct Action {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
}

impl Action {
    pub fn new() -> Self {
        Action {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Runs `work` unless it is already running; `done` after a success, the error otherwise.
    /// Whatever `work` needs from the reactive context must be captured before: it runs after
    /// an `.await`, where no context can be found.
    pub fn run<T: 'static>(
        self,
        work: impl Future<Output = Result<T, AppError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let result = work.await;
            self.busy.set(false);
            match result {
                Ok(value) => done(value),
                Err(err) => self.error.set(Some(err)),
            }
        });
    }
}

impl Default for Action {
    fn default() -> Self {
        Self::new()
    }
}

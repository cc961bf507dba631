//! Who is signed in on this staff browser, with the keys unwrapped for this visit.
//!
//! The private key and the organisation keys live in memory only: never in localStorage,
//! IndexedDB or a URL. A reload forgets them and the person signs in again (short staff sessions
//! by design); the relay's cookie alone is useless without them.

use std::sync::Arc;

use domain::keys::SecretKey;
use domain::wire::{PledgeStatus, StaffRole, StaffSession};
use leptos::prelude::*;

use super::keys::{self, OrgKey};
use crate::api;
use crate::error::AppError;

#[derive(Clone)]
pub struct SignedIn {
    pub session: StaffSession,
    /// Opens what is sealed to this person (referrals and reports, in the next screens).
    #[allow(dead_code)]
    pub secret: SecretKey,
    pub org_keys: Vec<OrgKey>,
}

impl SignedIn {
    pub fn org_key(&self, organisation_id: &str) -> Option<&OrgKey> {
        self.org_keys
            .iter()
            .find(|k| k.organisation_id == organisation_id)
    }
}

#[derive(Clone, Copy)]
pub struct StaffState {
    pub signed_in: RwSignal<Option<Arc<SignedIn>>>,
    /// How many org keys this browser just handed on, shown once on the home screen.
    pub granted: RwSignal<Option<usize>>,
}

impl StaffState {
    pub fn provide() {
        provide_context(StaffState {
            signed_in: RwSignal::new(None),
            granted: RwSignal::new(None),
        });
    }

    /// Updates the signed-in state in place (no-op when signed out).
    pub fn update(self, f: impl FnOnce(&mut SignedIn)) {
        self.signed_in.update(|s| {
            if let Some(s) = s {
                f(Arc::make_mut(s));
            }
        });
    }

    pub fn clear(self) {
        api::set_csrf(None);
        self.signed_in.set(None);
        self.granted.set(None);
    }
}

pub fn use_staff() -> StaffState {
    expect_context::<StaffState>()
}

pub fn home_path(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "/admin",
        StaffRole::Coordinator => "/c",
        StaffRole::Caseworker => "/w",
    }
}

pub fn pledge_required(pledge: &PledgeStatus) -> bool {
    matches!(pledge, PledgeStatus::Required { .. })
}

/// After login or TOTP confirmation: remember the CSRF token, open the org keys, hand them on to
/// members still waiting, and mark the person signed in. Returns the role's home path.
pub async fn complete_sign_in(
    state: StaffState,
    session: StaffSession,
    secret: SecretKey,
) -> Result<&'static str, AppError> {
    api::set_csrf(Some(session.csrf_token.clone()));
    let org_keys = keys::fetch_my_org_keys(&secret).await?;
    // A failed hand-on is retried at the next sign-in; it must not block this one.
    let granted = keys::run_pending_grants(&org_keys, &session.user_id)
        .await
        .unwrap_or(0);
    let home = home_path(session.role);
    state.granted.set((granted > 0).then_some(granted));
    state.signed_in.set(Some(Arc::new(SignedIn {
        session,
        secret,
        org_keys,
    })));
    Ok(home)
}

/// Re-reads `GET /api/session` (after a pledge acceptance), keeping the keys in memory.
pub async fn refresh_session(state: StaffState) -> Result<(), AppError> {
    let session: StaffSession = api::get("/api/session").await?;
    api::set_csrf(Some(session.csrf_token.clone()));
    state.update(|s| s.session = session);
    Ok(())
}

/// Hands org keys on to members who registered since sign-in. Quietly does nothing when signed
/// out or when the relay is unreachable: it runs again later.
pub async fn grant_pending(state: StaffState) {
    let Some(signed_in) = state.signed_in.get_untracked() else {
        return;
    };
    if let Ok(n) = keys::run_pending_grants(&signed_in.org_keys, &signed_in.session.user_id).await
        && n > 0
    {
        state
            .granted
            .update(|g| *g = Some(g.unwrap_or(0).saturating_add(n)));
    }
}

/// Ends the relay session and forgets every key. Signing out works even if the relay is
/// unreachable: the memory is cleared regardless.
pub async fn sign_out(state: StaffState) {
    let _: Result<serde_json::Value, _> = api::post("/api/session/logout", &()).await;
    state.clear();
}

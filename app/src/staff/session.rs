//! Who is signed in on this staff browser, with the keys unwrapped for this visit.
//!
//! The private key and the organisation keys live in memory only: never in localStorage,
//! IndexedDB or a URL. A reload forgets them. The relay's session cookie (HttpOnly) survives a
//! reload, and is useless without them; so after a reload, while that session is alive, only the
//! password is asked again: the wrapped key comes with the session, and the password opens it
//! here ([`resume`]). No TOTP code: the session is already authenticated, and the relay refuses a
//! code it has seen.

use std::sync::Arc;

use domain::api::{PledgeStatus, StaffRole, StaffSession};
use domain::ids::{OrgId, UserId};
use domain::keys::SecretKey;
use domain::wrap::staff::{KdfParams, derive};
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
    pub fn org_key(&self, organisation_id: &OrgId) -> Option<&OrgKey> {
        self.org_keys
            .iter()
            .find(|k| &k.organisation_id == organisation_id)
    }

    pub fn user_id(&self) -> &UserId {
        &self.session.user_id
    }
}

/// A relay session this browser may continue without signing in again.
#[derive(Clone, PartialEq)]
pub enum Resume {
    /// Asking the relay whether the session is still alive.
    Checking,
    /// None: the normal sign-in is needed.
    Nothing,
    /// Alive, its keys not in memory: the password opens them.
    Session(Box<StaffSession>),
}

#[derive(Clone, Copy)]
pub struct StaffState {
    pub signed_in: RwSignal<Option<Arc<SignedIn>>>,
    /// How many org keys this browser just handed on, shown once in the staff bar.
    pub granted: RwSignal<Option<usize>>,
    pub resume: RwSignal<Resume>,
    /// The screen that asked for a sign-in, to return to afterwards: a path of this site, kept in
    /// memory only (never in the login URL, never with personal data: screen paths carry ids).
    return_to: StoredValue<Option<String>>,
}

impl StaffState {
    pub fn provide() {
        let state = StaffState {
            signed_in: RwSignal::new(None),
            granted: RwSignal::new(None),
            resume: RwSignal::new(if SessionHint::get() {
                Resume::Checking
            } else {
                Resume::Nothing
            }),
            return_to: StoredValue::new(None),
        };
        provide_context(state);
        if state.resume.get_untracked() == Resume::Checking {
            leptos::task::spawn_local(state.check_resumable());
        }
    }

    /// Asks the relay for the live session. Only when this browser signed in before (the hint):
    /// without one the answer would be a 401, which the browser logs as an error on every visit.
    async fn check_resumable(self) {
        let found = match api::session::staff().await {
            Ok(session) => Resume::Session(Box::new(session)),
            Err(_) => {
                SessionHint::set(false);
                Resume::Nothing
            }
        };
        if self.signed_in.get_untracked().is_none() {
            self.resume.set(found);
        }
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
        SessionHint::set(false);
        self.signed_in.set(None);
        self.granted.set(None);
        self.resume.set(Resume::Nothing);
        self.return_to.set_value(None);
    }

    /// Remembers the screen a signed-out visitor opened.
    pub fn remember_screen(self, path: String) {
        self.return_to.set_value(Some(path));
    }

    /// Where a fresh sign-in leads: back to the screen that asked for it when it belongs to the
    /// person's role, otherwise the role's first screen.
    pub fn after_sign_in(self, role: StaffRole) -> String {
        let wanted = self.return_to.try_update_value(Option::take).flatten();
        wanted
            .filter(|path| within_section(path, role))
            .unwrap_or_else(|| home_path(role).to_owned())
    }
}

pub fn use_staff() -> StaffState {
    expect_context::<StaffState>()
}

/// The first screen of each role's section.
pub fn home_path(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "/admin/organisations",
        StaffRole::Coordinator => "/c/volunteers",
        StaffRole::Caseworker => "/w",
    }
}

/// The top of each role's section (`/admin`, `/c`, `/w`).
pub fn section_path(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "/admin",
        StaffRole::Coordinator => "/c",
        StaffRole::Caseworker => "/w",
    }
}

/// A same-site path inside the role's section; anything else (another section, another site,
/// `//host`) is never a destination.
fn within_section(path: &str, role: StaffRole) -> bool {
    let section = section_path(role);
    path == section
        || path
            .strip_prefix(section)
            .is_some_and(|rest| rest.starts_with('/') && !rest.starts_with("//"))
}

pub fn pledge_required(pledge: &PledgeStatus) -> bool {
    matches!(pledge, PledgeStatus::Required { .. })
}

/// After login, TOTP confirmation or a resumed session: remember the CSRF token, open the org
/// keys, hand them on to members still waiting, and mark the person signed in.
pub async fn complete_sign_in(
    state: StaffState,
    session: StaffSession,
    secret: SecretKey,
) -> Result<(), AppError> {
    api::set_csrf(Some(session.csrf_token.clone()));
    let org_keys = keys::fetch_my_org_keys(&secret).await?;
    // A failed hand-on is retried at the next sign-in; it must not block this one.
    let granted = keys::run_pending_grants(&org_keys, &session.user_id)
        .await
        .unwrap_or(0);
    SessionHint::set(true);
    state.granted.set((granted > 0).then_some(granted));
    // Signed in first, so no screen ever sees "neither signed in nor resumable" in between.
    state.signed_in.set(Some(Arc::new(SignedIn {
        session,
        secret,
        org_keys,
    })));
    state.resume.set(Resume::Nothing);
    Ok(())
}

/// Continues a live session after a reload: the password (with the KDF parameters recorded in
/// the wrapped key) opens the private key, which must be the session's public key.
pub async fn resume(
    state: StaffState,
    session: StaffSession,
    password: &str,
) -> Result<(), AppError> {
    let params = KdfParams::from_wrapped(&session.wrapped_key.0)?;
    let keys = derive(password, &params)?;
    let secret = keys
        .unwrap_secret_key(&session.wrapped_key.0)
        .map_err(|_| AppError::WrongPassword)?;
    if secret.public_key() != session.public_key {
        return Err(AppError::Crypto);
    }
    match complete_sign_in(state, session, secret).await {
        // The session ended between the check and now: the normal sign-in it is.
        Err(AppError::Unauthorized) => {
            state.clear();
            Err(AppError::Unauthorized)
        }
        other => other,
    }
}

/// Re-reads `GET /api/session` (after a pledge acceptance), keeping the keys in memory.
pub async fn refresh_session(state: StaffState) -> Result<(), AppError> {
    let session = api::session::staff().await?;
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
    if let Ok(n) = keys::run_pending_grants(&signed_in.org_keys, signed_in.user_id()).await
        && n > 0
    {
        state
            .granted
            .update(|g| *g = Some(g.unwrap_or(0).saturating_add(n)));
    }
}

/// Starts [`grant_pending`] without waiting for it.
pub fn grant_pending_in_background(state: StaffState) {
    leptos::task::spawn_local(grant_pending(state));
}

/// Ends a session this browser could have resumed (another person at a shared computer): the
/// relay wants that session's CSRF token, which a reloaded page only has from the session check.
pub async fn end_resumable(state: StaffState) {
    if let Resume::Session(live) = state.resume.get_untracked() {
        api::set_csrf(Some(live.csrf_token.clone()));
    }
    sign_out(state).await;
}

/// Ends the relay session and forgets every key. Signing out works even if the relay is
/// unreachable: the memory is cleared regardless.
pub async fn sign_out(state: StaffState) {
    let _ = api::session::logout().await;
    state.clear();
}

/// "This browser signed in and has not signed out": a flag in localStorage (no id, no name, no
/// key) that tells a reloaded page a relay session may be alive, so it is worth asking for.
struct SessionHint;

impl SessionHint {
    const KEY: &'static str = "yorisoi.staff-session";

    fn get() -> bool {
        storage().is_some_and(|s| s.get_item(Self::KEY).ok().flatten().is_some())
    }

    fn set(on: bool) {
        if let Some(s) = storage() {
            let _ = if on {
                s.set_item(Self::KEY, "1")
            } else {
                s.remove_item(Self::KEY)
            };
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_role_section_are_returned_to() {
        assert!(within_section("/c/volunteers", StaffRole::Coordinator));
        assert!(within_section(
            "/c/volunteers/00000000-0000-4000-8000-000000000001",
            StaffRole::Coordinator
        ));
        assert!(within_section("/c", StaffRole::Coordinator));
        assert!(!within_section("/admin/programmes", StaffRole::Coordinator));
        assert!(!within_section("/cx", StaffRole::Coordinator));
        assert!(!within_section("/c//evil.example", StaffRole::Coordinator));
        assert!(!within_section(
            "https://evil.example/c",
            StaffRole::Coordinator
        ));
        assert!(within_section("/admin/pledges", StaffRole::Admin));
        assert!(!within_section("/w/../admin", StaffRole::Admin));
    }

    #[test]
    fn every_home_is_inside_its_section() {
        for role in StaffRole::ALL {
            assert!(within_section(home_path(*role), *role), "{role:?}");
        }
    }
}

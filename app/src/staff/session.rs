//! Who is signed in on this staff browser, with the keys unwrapped for this visit.
//!
//! The identity and the organisation key live in memory only: never in localStorage, IndexedDB
//! or a URL. A reload forgets them. The relay's session cookie (HttpOnly) survives a reload, and
//! is useless without them; so after a reload, while that session is alive, only the password is
//! asked again: the wrapped seed comes with the session, and the password opens it here
//! ([`resume`]). No TOTP code: the session is already authenticated, and the relay refuses a code
//! it has seen. What a person verified by hand (pins) survives: it is sealed to the person on
//! the relay and read back at every sign-in.

use std::sync::Arc;

use domain::api::{PledgeStatus, StaffRole, StaffSession};
use domain::identity::{Identity, IdentitySeed};
use domain::ids::UserId;
use domain::wrap::staff::{KdfParams, derive};
use leptos::prelude::*;

use super::keys::{self, OrgKey, OrgTrust, PinSet};
use crate::api;
use crate::error::AppError;

#[derive(Clone)]
pub struct SignedIn {
    pub session: StaffSession,
    /// Opens what is sealed to this person and signs what they send.
    pub me: Arc<Identity>,
    pub pins: PinSet,
    pub org: OrgTrust,
}

impl SignedIn {
    /// My organisation's key, only once a person verified it and while it is unchanged.
    pub fn org_key(&self) -> Option<&OrgKey> {
        self.org.trusted()
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
    pub resume: RwSignal<Resume>,
    /// The screen that asked for a sign-in, to return to afterwards: a path of this site, kept in
    /// memory only (never in the login URL, never with personal data: screen paths carry ids).
    return_to: StoredValue<Option<String>>,
}

impl StaffState {
    pub fn provide() {
        let state = StaffState {
            signed_in: RwSignal::new(None),
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

/// After login, TOTP confirmation or a resumed session: remember the CSRF token, read my pins,
/// open my organisation's key if one is sealed to me, judge it against the pins, and mark the
/// person signed in.
pub async fn complete_sign_in(
    state: StaffState,
    session: StaffSession,
    seed: IdentitySeed,
) -> Result<(), AppError> {
    let me = seed.identity()?;
    if me.public() != session.identity {
        return Err(AppError::Crypto);
    }
    api::set_csrf(Some(session.csrf_token.clone()));
    // Only members of an organisation verify keys; an admin has nothing to pin.
    let pins = match session.organisation {
        Some(_) => keys::load_pins(&me, &session.user_id).await?,
        None => keys::PinSet::default(),
    };
    let org = org_trust(&session, &me, &pins).await?;
    SessionHint::set(true);
    // Signed in first, so no screen ever sees "neither signed in nor resumable" in between.
    state.signed_in.set(Some(Arc::new(SignedIn {
        session,
        me: Arc::new(me),
        pins,
        org,
    })));
    state.resume.set(Resume::Nothing);
    Ok(())
}

/// Where I stand with my organisation's key, from what the relay lists and what I pinned.
async fn org_trust(
    session: &StaffSession,
    me: &Identity,
    pins: &PinSet,
) -> Result<OrgTrust, AppError> {
    if session.organisation.is_none() {
        return Ok(OrgTrust::NoOrganisation);
    }
    let mine = match api::keys::mine().await?.into_iter().next() {
        None => None,
        Some(sealed) => match keys::open_org_key(&sealed, me) {
            // Sealed to me but refused (forged, swapped, not mine): never believed.
            Err(_) => return Ok(OrgTrust::Changed),
            Ok(key) => {
                let members = api::org::members().await?;
                if !keys::granter_is_member(
                    &key,
                    &sealed.granted_by,
                    &session.user_id,
                    &members,
                    &sealed,
                ) {
                    return Ok(OrgTrust::Changed);
                }
                Some((key, sealed.granted_by))
            }
        },
    };
    Ok(keys::judge(session, pins, mine))
}

/// Re-judges my organisation's key after something changed (I created it, was confirmed, or
/// compared its code).
pub async fn refresh_org(state: StaffState) -> Result<(), AppError> {
    let Some(signed_in) = state.signed_in.get_untracked() else {
        return Err(AppError::Unauthorized);
    };
    let session = api::session::staff().await?;
    api::set_csrf(Some(session.csrf_token.clone()));
    let org = org_trust(&session, &signed_in.me, &signed_in.pins).await?;
    state.update(|s| {
        s.session = session;
        s.org = org;
    });
    Ok(())
}

/// Continues a live session after a reload: the password (with the KDF parameters recorded in
/// the wrapped key) opens the identity seed, which must be the session's identity.
pub async fn resume(
    state: StaffState,
    session: StaffSession,
    password: &str,
) -> Result<(), AppError> {
    let params = KdfParams::from_wrapped(&session.wrapped_key.0)?;
    let keys = derive(password, &params)?;
    let seed = keys
        .unwrap_seed(&session.wrapped_key.0)
        .map_err(|_| AppError::WrongPassword)?;
    match complete_sign_in(state, session, seed).await {
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

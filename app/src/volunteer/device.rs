//! The phone's state as a volunteer device: not enrolled → locked ⇄ unlocked, or gone.
//!
//! The DEK and the device's private keys exist only in memory while unlocked; locking drops
//! them (they zeroize on drop). Unlocking needs the PIN *and* the relay's share S, which the
//! relay releases only for a correct PIN proof and destroys on revocation.

use std::rc::Rc;

use domain::api::ErrorCode;
use domain::api::{
    B64, DeviceEnrol, DeviceSession, DeviceUnlock, Pledge, PledgeAcceptance, PledgeStatus,
    ProgrammeForDevice, SecretB64,
};
use domain::content::VaultProfile;
use domain::identity::PublicIdentity;
use domain::ids::DeviceId;
use domain::invitation::{self, InvitationLink};
use domain::keys::{DataKey, KeyPair, SecretKey};
use domain::rules;
use domain::signing::SigningKey;
use domain::wrap::device::{self as wrap, ServerShare};
use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::api;
use crate::error::AppError;
use crate::volunteer::store::{LocalStore, Setup, wipe_everything};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Loading,
    NotEnrolled,
    Locked,
    Unlocked,
    /// Revoked, reported lost, or locked out: everything was wiped.
    Gone,
}

/// Secrets held only while unlocked. (The device's X25519 key stays sealed in the vault until
/// a brief has to be opened.)
pub struct Keys {
    pub dek: DataKey,
    pub signing: SigningKey,
}

/// What the screens show about the signed-in volunteer (no secrets).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub device_id: DeviceId,
    pub display_name: String,
    pub programme: ProgrammeForDevice,
    pub pledge: PledgeStatus,
    pub organisations: OrgCheck,
}

/// The partner's and the centre's keys as this phone knows them. Nothing is ever sealed to, or
/// believed from, an organisation until they are `Verified`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum OrgCheck {
    /// The invitation link vouched for them (or the volunteer compared the check code).
    Verified {
        partner: PublicIdentity,
        centre: PublicIdentity,
    },
    /// Enrolled with a typed code: the volunteer compares this phone's check code with the
    /// coordinator's screen.
    ToCompare {
        partner: PublicIdentity,
        centre: PublicIdentity,
        check_code: String,
    },
    /// The relay listed keys other than the invitation's (or other than the verified ones now), or
    /// none: a loud warning; nothing is sealed.
    Mismatch,
}

impl OrgCheck {
    /// At enrolment: what the link (or the typed code) makes of the identities the relay lists.
    fn at_enrolment(
        link: Option<&InvitationLink>,
        session: &DeviceSession,
        device: &PublicIdentity,
    ) -> OrgCheck {
        let (Some(partner), Some(centre)) = (session.partner.identity, session.centre.identity)
        else {
            return OrgCheck::Mismatch;
        };
        match link {
            Some(link) if link.vouches_for(&partner, &centre) => {
                OrgCheck::Verified { partner, centre }
            }
            Some(_) => OrgCheck::Mismatch,
            None => OrgCheck::ToCompare {
                partner,
                centre,
                check_code: invitation::check_code(device, &partner, &centre),
            },
        }
    }

    /// At each unlock: what this phone verified must still be what the relay lists.
    fn still_listed(self, session: &DeviceSession) -> OrgCheck {
        match self {
            OrgCheck::Verified { partner, centre }
                if session.partner.identity != Some(partner)
                    || session.centre.identity != Some(centre) =>
            {
                OrgCheck::Mismatch
            }
            other => other,
        }
    }
}

#[derive(Clone, Copy)]
pub struct DeviceCtx {
    pub phase: RwSignal<Phase>,
    pub profile: RwSignal<Option<Profile>>,
    keys: StoredValue<Option<Rc<Keys>>, LocalStorage>,
    setup: StoredValue<Option<Setup>, LocalStorage>,
}

const VAULT_DEVICE_SECRET: &str = "device_secret";
const VAULT_SIGNING_SECRET: &str = "signing_secret";
/// The volunteer's own name and programme settings: personal data, so only in the vault.
const VAULT_PROFILE: &str = "profile";
/// The organisations' keys this phone verified ([`OrgCheck`]).
const VAULT_ORGANISATIONS: &str = "organisations";

/// Lets the UI paint its busy state before a second of PBKDF2 blocks the thread.
async fn let_ui_paint() {
    gloo_timers::future::TimeoutFuture::new(40).await;
}

impl DeviceCtx {
    pub fn provide() -> DeviceCtx {
        let ctx = DeviceCtx {
            phase: RwSignal::new(Phase::Loading),
            profile: RwSignal::new(None),
            keys: StoredValue::new_local(None),
            setup: StoredValue::new_local(None),
        };
        provide_context(ctx);
        leptos::task::spawn_local(async move { ctx.start().await });
        ctx
    }

    async fn start(self) {
        let setup = match LocalStore::open().await {
            Ok(store) => {
                let setup = store.setup().await.ok().flatten();
                store.close();
                setup
            }
            Err(_) => None,
        };
        let enrolled = setup.is_some();
        self.setup.set_value(setup);
        self.phase.set(if enrolled {
            Phase::Locked
        } else {
            Phase::NotEnrolled
        });
        if enrolled && is_online() {
            // The next contact after a revocation wipes the phone, even before anyone types
            // a PIN. Offline or signed-out answers change nothing.
            if let Err(AppError::DeviceGone) = api::device::status().await {
                self.become_gone().await;
            }
        }
    }

    pub fn keys(&self) -> Option<Rc<Keys>> {
        self.keys.get_value()
    }

    /// Enrols this phone with an invite code (and, from the link, its secret and the
    /// organisations' digests) and a new PIN.
    pub async fn enrol(
        self,
        code: &str,
        link: Option<InvitationLink>,
        pin: &str,
    ) -> Result<(), AppError> {
        let_ui_paint().await;
        let device_keys = KeyPair::generate()?;
        let signing = SigningKey::generate()?;
        let dek = DataKey::generate()?;
        let stretched = wrap::new_pin(pin)?;
        // The screen only moves on with a well-formed code; this keeps the request honest.
        let code = rules::code::normalise(code).ok_or(AppError::Api(ErrorCode::InvalidBody))?;
        let identity = PublicIdentity {
            sealing: device_keys.public(),
            signing: signing.verifying_key(),
        };
        let request = DeviceEnrol {
            code,
            public_key: device_keys.public(),
            signing_key: B64(signing.verifying_key_bytes().to_vec()),
            pin_proof: SecretB64::from_slice(stretched.pin_proof()?.as_bytes()),
            // The proof that these keys came through the link's invitation: the relay never saw
            // the secret, so it cannot make one for keys of its own.
            binding_tag: link
                .as_ref()
                .map(|l| B64(invitation::binding_tag(&l.secret, &identity).to_vec())),
        };
        let session = api::device::enrol(&request).await?;
        let organisations = OrgCheck::at_enrolment(link.as_ref(), &session, &identity);
        let share = share_of(&session)?;
        // Handed out once, at enrolment: without it this phone could never unlock again.
        let device_credential = session
            .device_credential
            .clone()
            .ok_or(AppError::Unexpected)?;
        let wrapped_dek = stretched.wrap_dek(&share, &dek)?;
        let setup = Setup {
            device_id: session.device_id.clone(),
            device_credential,
            wrapped_dek,
        };
        let store = LocalStore::open().await?;
        store
            .put_sealed(
                &dek,
                VAULT_DEVICE_SECRET,
                device_keys.secret().to_bytes().as_slice(),
            )
            .await?;
        store
            .put_sealed(&dek, VAULT_SIGNING_SECRET, signing.to_bytes().as_slice())
            .await?;
        put_json(&store, &dek, VAULT_ORGANISATIONS, &organisations).await?;
        store.save_setup(&setup).await?;
        store.close();
        self.setup.set_value(Some(setup));
        self.enter(session, Keys { dek, signing }, organisations)
            .await
    }

    /// Keeps what the home screen shows, encrypted, for the offline use that later screens need.
    async fn save_profile(&self, keys: &Keys, session: &DeviceSession) -> Result<(), AppError> {
        let profile = VaultProfile {
            display_name: session.display_name.clone(),
            programme: session.programme.clone(),
        };
        let store = LocalStore::open().await?;
        let result = put_json(&store, &keys.dek, VAULT_PROFILE, &profile).await;
        store.close();
        result
    }

    /// PIN → proof → the relay releases S → KEK → DEK.
    pub async fn unlock(self, pin: &str) -> Result<(), AppError> {
        let Some(setup) = self.setup.get_value() else {
            return Err(AppError::Unexpected);
        };
        let_ui_paint().await;
        let stretched = wrap::stretch_pin(pin, &setup.wrapped_dek)?;
        let request = DeviceUnlock {
            device_id: setup.device_id.clone(),
            pin_proof: SecretB64::from_slice(stretched.pin_proof()?.as_bytes()),
            device_credential: setup.device_credential.clone(),
        };
        let session = match api::device::unlock(&request).await {
            Ok(session) => session,
            Err(AppError::DeviceGone) => {
                self.become_gone().await;
                return Err(AppError::DeviceGone);
            }
            Err(other) => return Err(other),
        };
        let share = share_of(&session)?;
        let dek = stretched.unwrap_dek(&share, &setup.wrapped_dek)?;
        let store = LocalStore::open().await?;
        let signing = store.get_sealed(&dek, VAULT_SIGNING_SECRET).await?;
        let organisations = store.get_sealed(&dek, VAULT_ORGANISATIONS).await?;
        store.close();
        let Some(signing) = signing else {
            return Err(AppError::Storage("device keys missing".into()));
        };
        let keys = Keys {
            dek,
            signing: SigningKey::from_slice(&signing)?,
        };
        let organisations = organisations
            .and_then(|bytes| serde_json::from_slice::<OrgCheck>(&bytes).ok())
            .unwrap_or(OrgCheck::Mismatch)
            .still_listed(&session);
        self.enter(session, keys, organisations).await
    }

    async fn enter(
        self,
        session: DeviceSession,
        keys: Keys,
        organisations: OrgCheck,
    ) -> Result<(), AppError> {
        self.save_profile(&keys, &session).await?;
        api::set_csrf(Some(session.csrf_token.clone()));
        self.keys.set_value(Some(Rc::new(keys)));
        self.profile.set(Some(Profile {
            device_id: session.device_id,
            display_name: session.display_name,
            programme: session.programme,
            pledge: session.pledge,
            organisations,
        }));
        self.phase.set(Phase::Unlocked);
        Ok(())
    }

    /// The volunteer compared the check code with the coordinator's screen: the organisations'
    /// keys are believed from now on.
    pub async fn confirm_check_code(self) -> Result<(), AppError> {
        let (Some(keys), Some(profile)) = (self.keys(), self.profile.get_untracked()) else {
            return Err(AppError::Unauthorized);
        };
        let OrgCheck::ToCompare {
            partner, centre, ..
        } = profile.organisations
        else {
            return Ok(());
        };
        let verified = OrgCheck::Verified { partner, centre };
        let store = LocalStore::open().await?;
        let result = put_json(&store, &keys.dek, VAULT_ORGANISATIONS, &verified).await;
        store.close();
        result?;
        self.profile.update(|p| {
            if let Some(p) = p {
                p.organisations = verified;
            }
        });
        Ok(())
    }

    /// Drops every secret from memory; the PIN (and the relay) are needed again.
    pub fn lock(self) {
        if self.phase.get_untracked() == Phase::Unlocked {
            self.keys.set_value(None);
            self.profile.set(None);
            api::set_csrf(None);
            self.phase.set(Phase::Locked);
        }
    }

    /// Logout on a shared tablet: wipes every local store, even offline, then tells the relay.
    pub async fn logout(self) -> Result<(), AppError> {
        self.keys.set_value(None);
        self.profile.set(None);
        wipe_everything().await?;
        // Best effort: the wipe above is what protects the tablet; the relay's session expires
        // on its own if this cannot reach it.
        if is_online() {
            let _ = api::session::logout().await;
        }
        api::set_csrf(None);
        self.setup.set_value(None);
        self.phase.set(Phase::NotEnrolled);
        Ok(())
    }

    async fn become_gone(self) {
        self.keys.set_value(None);
        self.profile.set(None);
        self.setup.set_value(None);
        api::set_csrf(None);
        let _ = wipe_everything().await;
        self.phase.set(Phase::Gone);
    }

    /// Any API answer that says this device is gone wipes the phone.
    pub async fn handle(self, err: AppError) -> AppError {
        if err == AppError::DeviceGone {
            self.become_gone().await;
        }
        err
    }

    pub async fn current_pledge(self) -> Result<Pledge, AppError> {
        match api::pledge::current().await {
            Ok(p) => Ok(p),
            Err(e) => Err(self.handle(e).await),
        }
    }

    /// Signs the pledge with the device's signing key and records the acceptance.
    pub async fn accept_pledge(self, pledge: &Pledge, typed_name: String) -> Result<(), AppError> {
        let (Some(keys), Some(profile)) = (self.keys(), self.profile.get_untracked()) else {
            return Err(AppError::Unauthorized);
        };
        let message = domain::signing::pledge_message(
            profile.device_id.as_str(),
            pledge.version,
            &pledge.hash,
            &typed_name,
        );
        let acceptance = PledgeAcceptance {
            version: pledge.version,
            hash: pledge.hash.clone(),
            typed_name,
            signature: Some(B64(keys.signing.sign(&message).to_vec())),
        };
        let status = match api::pledge::accept(&acceptance).await {
            Ok(status) => status,
            Err(e) => return Err(self.handle(e).await),
        };
        self.profile.update(|p| {
            if let Some(p) = p {
                p.pledge = status;
            }
        });
        Ok(())
    }
}

/// The device's X25519 secret, taken out of the vault only while briefs are being opened.
pub(super) async fn sealing_secret(
    store: &LocalStore,
    dek: &DataKey,
) -> Result<SecretKey, AppError> {
    let bytes = store
        .get_sealed(dek, VAULT_DEVICE_SECRET)
        .await?
        .ok_or_else(|| AppError::Storage("device keys missing".into()))?;
    Ok(SecretKey::from_slice(&bytes)?)
}

fn is_online() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().on_line())
}

fn share_of(session: &DeviceSession) -> Result<ServerShare, AppError> {
    let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(
        session
            .share
            .as_slice()
            .try_into()
            .map_err(|_| AppError::Unexpected)?,
    );
    Ok(ServerShare::from_bytes(&bytes))
}

pub fn use_device() -> DeviceCtx {
    expect_context::<DeviceCtx>()
}

/// A value serialised and sealed into the vault.
async fn put_json(
    store: &LocalStore,
    dek: &DataKey,
    key: &str,
    value: &impl serde::Serialize,
) -> Result<(), AppError> {
    let plaintext = Zeroizing::new(serde_json::to_vec(value).map_err(|_| AppError::Unexpected)?);
    store.put_sealed(dek, key, &plaintext).await
}

//! The phone's visits and briefs: kept only in the encrypted vault, brought up to date with the
//! relay, and deleted on the phone's own clock.
//!
//! - Sync (unlocked and online: at unlock, on the home screen, when the signal returns, and every
//!   few minutes): upload the queued device events, store the listed assignments, delete every
//!   held brief the relay no longer lists at that version, fetch and open the listed versions the
//!   phone lacks. A brief is believed only from a coordinator certified by the partner identity
//!   pinned from the invitation, and never older than a version this phone already opened (the
//!   floor is kept per brief inside the vault, not in localStorage).
//! - Expiry: at every start, unlock, home screen and on a timer, every brief whose validity
//!   ended on the phone's clock is deleted, online or not.
//! - Every deletion queues a `Deleted` event in the same transaction, confirmed to the relay at
//!   the next contact; opening a brief queues an `Opened` one.

use std::collections::BTreeMap;
use std::rc::Rc;

use domain::api::{
    DeviceAssignment, DeviceBrief, DeviceEvent, DeviceEventKind, DeviceSyncRequest, ErrorCode,
    brief_binding,
};
use domain::content::{self, brief::Brief, referral::Field};
use domain::envelope::TrustedSender;
use domain::identity::PublicIdentity;
use domain::ids::{AssignmentId, BriefId};
use domain::keys::{DataKey, SecretKey};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::api;
use crate::error::AppError;
use crate::network::use_connectivity;
use crate::sealed::{self, Refusal};
use crate::volunteer::device::{DeviceCtx, Keys, OrgCheck, Phase, sealing_secret};
use crate::volunteer::store::{BRIEFS, EVENTS, LocalStore, VAULT, Write};
use crate::volunteer::visits::{self, BriefSummary};

/// The assignments of the last sync (visit times): not secret, but nothing is kept in the clear.
const VAULT_ASSIGNMENTS: &str = "assignments";
/// The highest version of each brief this phone opened, kept after the brief is deleted so a
/// relay that later serves an older copy is refused.
const VAULT_BRIEF_FLOORS: &str = "brief_floors";
/// How often the open app looks at the clock (expiry) and, online, asks the relay.
const TICK_MS: u32 = 15_000;
const SYNC_EVERY_MS: f64 = 180_000.0;
/// A home screen shown right after a sync does not ask again.
const FRESH_MS: f64 = 10_000.0;
/// Rounds of one sync: the second confirms the deletions the first made.
const ROUNDS: usize = 3;
/// Events one request uploads, well under the relay's limit; the rest go in the next round.
const MAX_UPLOAD: usize = 200;

/// A brief as the vault keeps it: opened, so showing it needs no envelope crypto, and sealed
/// under the DEK like every other value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldBrief {
    pub brief_id: BriefId,
    pub assignment_id: AssignmentId,
    pub version: u32,
    /// The earlier of the sealed brief's end and the relay's: the phone deletes it then.
    pub valid_until: i64,
    pub brief: Brief,
}

impl HeldBrief {
    pub fn summary(&self) -> BriefSummary {
        BriefSummary {
            brief_id: self.brief_id.clone(),
            assignment_id: self.assignment_id.clone(),
            version: self.version,
            valid_until: self.valid_until,
            called: self.brief.field(Field::Called).map(str::to_owned),
        }
    }
}

/// The encrypted stores, read and written under the DEK.
pub struct Vault<'a> {
    pub store: &'a LocalStore,
    pub dek: &'a DataKey,
}

fn to_json(value: &impl Serialize) -> Result<Zeroizing<Vec<u8>>, AppError> {
    Ok(Zeroizing::new(
        serde_json::to_vec(value).map_err(|_| AppError::Unexpected)?,
    ))
}

fn event_key(at: i64) -> String {
    // Time first, so the queue uploads in order; the random part keeps two events of one
    // millisecond apart. Only this phone ever sees the key.
    let salt = (js_sys::Math::random() * 4_294_967_296.0) as u32;
    format!("{at:015}-{salt:08x}")
}

impl Vault<'_> {
    /// Every held brief. One that no longer parses is left out (and deleted by the next sync,
    /// which does not see it held).
    pub async fn held(&self) -> Result<Vec<HeldBrief>, AppError> {
        Ok(self
            .store
            .all_in(self.dek, BRIEFS)
            .await?
            .into_iter()
            .filter_map(|(_, plain)| serde_json::from_slice(&plain).ok())
            .collect())
    }

    pub async fn held_one(&self, id: &BriefId) -> Result<Option<HeldBrief>, AppError> {
        Ok(self
            .store
            .get_in(self.dek, BRIEFS, id.as_str())
            .await?
            .and_then(|plain| serde_json::from_slice(&plain).ok()))
    }

    pub async fn floors(&self) -> Result<BTreeMap<String, u32>, AppError> {
        Ok(self
            .store
            .get_sealed(self.dek, VAULT_BRIEF_FLOORS)
            .await?
            .and_then(|plain| serde_json::from_slice(&plain).ok())
            .unwrap_or_default())
    }

    pub async fn assignments(&self) -> Result<Vec<DeviceAssignment>, AppError> {
        Ok(self
            .store
            .get_sealed(self.dek, VAULT_ASSIGNMENTS)
            .await?
            .and_then(|plain| serde_json::from_slice(&plain).ok())
            .unwrap_or_default())
    }

    pub async fn save_assignments(&self, list: &[DeviceAssignment]) -> Result<(), AppError> {
        let plain = to_json(&list)?;
        self.store
            .write(self.dek, &[Write::Put(VAULT, VAULT_ASSIGNMENTS, &plain)])
            .await
    }

    /// The queued events, oldest first, with their keys.
    pub async fn events(&self) -> Result<Vec<(String, DeviceEvent)>, AppError> {
        Ok(self
            .store
            .all_in(self.dek, EVENTS)
            .await?
            .into_iter()
            .filter_map(|(key, plain)| Some((key, serde_json::from_slice(&plain).ok()?)))
            .collect())
    }

    pub async fn queue(&self, event: &DeviceEvent) -> Result<(), AppError> {
        let plain = to_json(event)?;
        let key = event_key(event.at);
        self.store
            .write(self.dek, &[Write::Put(EVENTS, &key, &plain)])
            .await
    }

    /// Removes the events the relay acknowledged.
    pub async fn forget_events(&self, keys: &[String]) -> Result<(), AppError> {
        let writes: Vec<Write<'_>> = keys.iter().map(|k| Write::Delete(EVENTS, k)).collect();
        self.store.write(self.dek, &writes).await
    }

    /// Deletes a held brief and queues the `Deleted` event that confirms it, together.
    pub async fn drop_brief(&self, id: &BriefId, version: u32, now: i64) -> Result<(), AppError> {
        let event = to_json(&DeviceEvent {
            kind: DeviceEventKind::Deleted,
            brief_id: id.clone(),
            version,
            at: now,
        })?;
        let key = event_key(now);
        self.store
            .write(
                self.dek,
                &[
                    Write::Delete(BRIEFS, id.as_str()),
                    Write::Put(EVENTS, &key, &event),
                ],
            )
            .await
    }

    /// Keeps a brief (or, `None`, only its version floor) and raises the floor, together.
    async fn keep_brief(
        &self,
        id: &BriefId,
        version: u32,
        held: Option<&HeldBrief>,
    ) -> Result<(), AppError> {
        let mut floors = self.floors().await?;
        let floor = floors.entry(id.as_str().to_owned()).or_insert(version);
        *floor = (*floor).max(version);
        let floors = to_json(&floors)?;
        let brief = held.map(to_json).transpose()?;
        let mut writes = vec![Write::Put(VAULT, VAULT_BRIEF_FLOORS, &floors)];
        if let Some(brief) = &brief {
            writes.push(Write::Put(BRIEFS, id.as_str(), brief));
        }
        self.store.write(self.dek, &writes).await
    }

    /// Deletes every brief and assignment whose validity ended by `now` on the phone's clock,
    /// queueing a `Deleted` event for each brief. Answers how many briefs went.
    pub async fn expire(&self, now: i64) -> Result<usize, AppError> {
        let mut gone = 0;
        for held in self.held().await? {
            if held.valid_until <= now || held.brief.expired(now) {
                self.drop_brief(&held.brief_id, held.version, now).await?;
                gone += 1;
            }
        }
        let assignments = self.assignments().await?;
        if assignments.iter().any(|a| a.valid_until <= now) {
            let left: Vec<_> = assignments
                .into_iter()
                .filter(|a| a.valid_until > now)
                .collect();
            self.save_assignments(&left).await?;
        }
        Ok(gone)
    }

    /// Verifies, opens and keeps a brief the relay served: the signer must be certified by
    /// `partner` (the identity pinned from the invitation), the envelope must open for this
    /// phone from that signer, under this brief's id and version, and not be older than a
    /// version opened here. A brief that arrives already past its validity is not kept; its
    /// deletion is confirmed like any other.
    pub async fn accept(
        &self,
        served: &DeviceBrief,
        partner: &PublicIdentity,
        me: &SecretKey,
        now: i64,
    ) -> Result<Option<HeldBrief>, AppError> {
        let identity = served
            .signer
            .certified_by(partner)
            .ok_or(AppError::Sealed(Refusal::UntrustedSender))?;
        let floor = self.floors().await?.get(served.brief_id.as_str()).copied();
        let plain = sealed::open(
            &brief_binding(&served.brief_id, served.version),
            me,
            &TrustedSender {
                id: served.signer.user_id.as_str(),
                key: &identity.signing,
            },
            &served.sealed.0,
            floor,
        )
        .map_err(AppError::Sealed)?;
        let brief: Brief =
            content::from_bytes(&plain).map_err(|_| AppError::Sealed(Refusal::Unreadable))?;
        if brief.assignment_id != served.assignment_id {
            return Err(AppError::Sealed(Refusal::OtherObject));
        }
        let held = HeldBrief {
            brief_id: served.brief_id.clone(),
            assignment_id: served.assignment_id.clone(),
            version: served.version,
            valid_until: brief.valid_until.min(served.valid_until),
            brief,
        };
        if held.valid_until <= now {
            self.keep_brief(&held.brief_id, held.version, None).await?;
            self.queue(&DeviceEvent {
                kind: DeviceEventKind::Deleted,
                brief_id: held.brief_id,
                version: held.version,
                at: now,
            })
            .await?;
            return Ok(None);
        }
        self.keep_brief(&held.brief_id, held.version, Some(&held))
            .await?;
        Ok(Some(held))
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The visits and briefs the screens show while unlocked (in memory only; cleared at lock).
#[derive(Clone, Copy)]
pub struct Visits {
    pub assignments: RwSignal<Vec<DeviceAssignment>>,
    pub briefs: RwSignal<Vec<BriefSummary>>,
    /// Read from the vault since the last unlock.
    pub loaded: RwSignal<bool>,
    /// The phone's clock, refreshed on every tick: what is past its validity stops rendering.
    pub clock: RwSignal<i64>,
    pub syncing: RwSignal<bool>,
    /// The last sync's failure (not for being offline: the screens say that already).
    pub error: RwSignal<Option<AppError>>,
    /// A brief the relay served that this phone refused to believe.
    pub refused: RwSignal<Option<Refusal>>,
    device: DeviceCtx,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    last_sync: StoredValue<f64>,
}

pub fn use_visits() -> Visits {
    expect_context::<Visits>()
}

impl Visits {
    /// Provided once under the volunteer root, next to the device state.
    pub fn provide(device: DeviceCtx) -> Visits {
        let visits = Visits {
            assignments: RwSignal::new(Vec::new()),
            briefs: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            clock: RwSignal::new(now_ms()),
            syncing: RwSignal::new(false),
            error: RwSignal::new(None),
            refused: RwSignal::new(None),
            device,
            running: StoredValue::new(false),
            again: StoredValue::new(false),
            last_sync: StoredValue::new(0.0),
        };
        provide_context(visits);
        let online = use_connectivity().online;
        // Unlocking reads the vault and syncs; locking forgets what was read.
        Effect::new(move |_| {
            if device.phase.get() == Phase::Unlocked {
                visits.refresh(true);
            } else {
                visits.forget();
            }
        });
        // The signal came back: upload what waited.
        Effect::new(move |was_online: Option<bool>| {
            let now_online = online.get();
            if now_online && was_online == Some(false) {
                visits.refresh(true);
            }
            now_online
        });
        let interval = set_interval_with_handle(
            move || {
                visits.clock.set(now_ms());
                let due = js_sys::Date::now() - visits.last_sync.get_value() >= SYNC_EVERY_MS;
                visits.refresh(due);
            },
            std::time::Duration::from_millis(u64::from(TICK_MS)),
        )
        .ok();
        on_cleanup(move || {
            if let Some(interval) = interval {
                interval.clear();
            }
        });
        visits
    }

    fn forget(self) {
        self.assignments.set(Vec::new());
        self.briefs.set(Vec::new());
        self.loaded.set(false);
        self.syncing.set(false);
        self.refused.set(None);
        self.error.set(None);
    }

    /// The home screen: expire, show what the vault holds, and sync unless one just ran.
    pub fn on_home(self) {
        let fresh = js_sys::Date::now() - self.last_sync.get_value() < FRESH_MS;
        self.refresh(!fresh);
    }

    /// After a brief was opened: its `Opened` event goes up soon if there is a signal.
    pub fn soon(self) {
        self.refresh(true);
    }

    /// Expires by the clock, reloads from the vault and, if `sync` and online, syncs. Runs one at
    /// a time; a call during a run makes it run once more.
    pub fn refresh(self, sync: bool) {
        if self.device.phase.get_untracked() != Phase::Unlocked {
            return;
        }
        if self.running.get_value() {
            if sync {
                self.again.set_value(true);
            }
            return;
        }
        self.running.set_value(true);
        leptos::task::spawn_local(async move {
            let mut sync = sync;
            loop {
                self.again.set_value(false);
                self.run(sync).await;
                if !self.again.get_value() {
                    break;
                }
                sync = true;
            }
            self.running.set_value(false);
        });
    }

    /// Whether this run's keys are still the unlocked phone's: a lock, a logout or a wipe stops a
    /// run between steps, so nothing is written to (or recreates) a wiped vault.
    fn still(self, keys: &Rc<Keys>) -> bool {
        self.device.phase.get_untracked() == Phase::Unlocked
            && self.device.keys().is_some_and(|k| Rc::ptr_eq(&k, keys))
    }

    async fn run(self, sync: bool) {
        let Some(keys) = self.device.keys() else {
            return;
        };
        let partner = self.device.profile.with_untracked(|p| match p {
            Some(p) => match &p.organisations {
                OrgCheck::Verified { partner, .. } => Some(*partner),
                _ => None,
            },
            None => None,
        });
        let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
        let result = self.run_with(&keys, partner.as_ref(), sync && online).await;
        if result == Err(AppError::DeviceGone) {
            // Revoked or reported lost: the phone wipes itself, the new stores included.
            self.device.handle(AppError::DeviceGone).await;
            return;
        }
        if !self.still(&keys) {
            return;
        }
        match result {
            // Offline is shown by the screens already; before the pledge is signed the relay
            // lists nothing, and the pledge screen says why.
            Ok(()) | Err(AppError::Offline | AppError::Api(ErrorCode::PledgeRequired)) => {
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    async fn run_with(
        self,
        keys: &Rc<Keys>,
        partner: Option<&PublicIdentity>,
        sync: bool,
    ) -> Result<(), AppError> {
        let store = LocalStore::open().await?;
        let result = self.steps(&store, keys, partner, sync).await;
        store.close();
        result
    }

    async fn steps(
        self,
        store: &LocalStore,
        keys: &Rc<Keys>,
        partner: Option<&PublicIdentity>,
        sync: bool,
    ) -> Result<(), AppError> {
        let vault = Vault {
            store,
            dek: &keys.dek,
        };
        vault.expire(now_ms()).await?;
        self.show(&vault, keys).await?;
        if !sync {
            return Ok(());
        }
        self.syncing.set(true);
        let result = self.sync_rounds(&vault, keys, partner).await;
        if self.still(keys) {
            self.syncing.set(false);
            if result.is_ok() {
                self.last_sync.set_value(js_sys::Date::now());
            }
            self.show(&vault, keys).await?;
        }
        result
    }

    /// Loads what the screens show from the vault.
    async fn show(self, vault: &Vault<'_>, keys: &Rc<Keys>) -> Result<(), AppError> {
        let assignments = vault.assignments().await?;
        let briefs: Vec<BriefSummary> =
            vault.held().await?.iter().map(HeldBrief::summary).collect();
        if self.still(keys) {
            self.assignments.set(assignments);
            self.briefs.set(briefs);
            self.clock.set(now_ms());
            self.loaded.set(true);
        }
        Ok(())
    }

    /// Syncs until nothing is left to confirm (a round's deletions go up in the next round).
    async fn sync_rounds(
        self,
        vault: &Vault<'_>,
        keys: &Rc<Keys>,
        partner: Option<&PublicIdentity>,
    ) -> Result<(), AppError> {
        let mut refused = None;
        for _ in 0..ROUNDS {
            if !self.still(keys) {
                return Ok(());
            }
            let mut queued = vault.events().await?;
            queued.truncate(MAX_UPLOAD);
            let request = DeviceSyncRequest {
                events: queued.iter().map(|(_, e)| e.clone()).collect(),
            };
            let answer = api::device::sync(&request).await?;
            if !self.still(keys) {
                return Ok(());
            }
            let sent: Vec<String> = queued.into_iter().map(|(k, _)| k).collect();
            vault.forget_events(&sent).await?;
            let now = now_ms();
            let listed: Vec<DeviceAssignment> = answer
                .assignments
                .into_iter()
                .filter(|a| a.valid_until > now)
                .collect();
            vault.save_assignments(&listed).await?;
            let refs: Vec<_> = listed.iter().filter_map(|a| a.brief.clone()).collect();
            let held: Vec<_> = vault
                .held()
                .await?
                .into_iter()
                .map(|h| (h.brief_id, h.version))
                .collect();
            let plan = visits::plan(&held, &refs);
            for (id, version) in &plan.delete {
                vault.drop_brief(id, *version, now).await?;
            }
            // Nothing is believed from an organisation this phone has not verified.
            if let (Some(partner), false) = (partner, plan.fetch.is_empty()) {
                let me = sealing_secret(vault.store, vault.dek).await?;
                for wanted in &plan.fetch {
                    let served = match api::device::brief(&wanted.brief_id).await {
                        Ok(served) => served,
                        // Revoked or expired between the listing and the fetch.
                        Err(AppError::Api(ErrorCode::NotFound)) => continue,
                        Err(e) => return Err(e),
                    };
                    if !self.still(keys) {
                        return Ok(());
                    }
                    if served.brief_id != wanted.brief_id {
                        refused = Some(Refusal::OtherObject);
                        continue;
                    }
                    match vault.accept(&served, partner, &me, now_ms()).await {
                        Ok(_) => {}
                        Err(AppError::Sealed(refusal)) => refused = Some(refusal),
                        Err(e) => return Err(e),
                    }
                }
            }
            if vault.events().await?.is_empty() {
                break;
            }
        }
        if self.still(keys) {
            self.refused.set(refused);
        }
        Ok(())
    }

    /// The brief screen: a held brief still valid on the phone's clock, and its `Opened` event
    /// queued. An expired one is not shown; the sweep (one at a time, so a deletion is confirmed
    /// once) deletes it.
    pub async fn open_brief(self, id: &BriefId) -> Result<Option<HeldBrief>, AppError> {
        let Some(keys) = self.device.keys() else {
            return Err(AppError::Unauthorized);
        };
        let store = LocalStore::open().await?;
        let result: Result<Option<HeldBrief>, AppError> = async {
            let vault = Vault {
                store: &store,
                dek: &keys.dek,
            };
            let now = now_ms();
            let held = vault.held_one(id).await?;
            let Some(held) = held.filter(|h| h.valid_until > now && !h.brief.expired(now)) else {
                self.refresh(false);
                return Ok(None);
            };
            if !self.still(&keys) {
                return Ok(None);
            }
            vault
                .queue(&DeviceEvent {
                    kind: DeviceEventKind::Opened,
                    brief_id: held.brief_id.clone(),
                    version: held.version,
                    at: now,
                })
                .await?;
            Ok(Some(held))
        }
        .await;
        store.close();
        result
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use domain::api::{B64, Signer, StaffRole};
    use domain::envelope::{self, Sender};
    use domain::identity::{Identity, IdentitySeed};
    use domain::ids::{OrgId, UserId, VolunteerId};
    use domain::schedule::VisitSchedule;
    use domain::trust::Statement;
    use js_sys::Uint8Array;
    use rexie::{Rexie, TransactionMode};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::*;
    use crate::volunteer::store::{DB_NAME, wipe_everything};

    wasm_bindgen_test_configure!(run_in_browser);

    const CANARY: &str = "CANARY-裏口から-えび禁止-0927";
    const DAY: i64 = 24 * 3600 * 1000;

    fn someone() -> Identity {
        IdentitySeed::generate().unwrap().identity().unwrap()
    }

    struct World {
        partner: Identity,
        coordinator: Identity,
        signer: Signer,
        phone: Identity,
    }

    fn world() -> World {
        let partner = someone();
        let coordinator = someone();
        let organisation_id = OrgId::random().unwrap();
        let user_id = UserId::random().unwrap();
        let identity = coordinator.public();
        let certificate = Statement::Member {
            organisation: &organisation_id,
            user: &user_id,
            role: StaffRole::Coordinator,
            identity: &identity,
        }
        .certify(&partner.signing);
        World {
            partner,
            coordinator,
            signer: Signer {
                user_id,
                organisation_id,
                role: StaffRole::Coordinator,
                identity,
                certificate: Some(B64(certificate.to_vec())),
            },
            phone: someone(),
        }
    }

    fn brief(assignment: &AssignmentId, valid_until: i64) -> Brief {
        Brief {
            assignment_id: assignment.clone(),
            volunteer_id: VolunteerId::random().unwrap(),
            fields: vec![domain::content::brief::Released {
                field: Field::AccessNotes,
                text: CANARY.into(),
            }],
            instructions: "夕食を一緒に作る".into(),
            cautions: String::new(),
            do_not_mention: String::new(),
            schedule: VisitSchedule::Once {
                at: valid_until - DAY,
                minutes: 60,
            },
            valid_until,
            centre_phone: "03-0000-0000".into(),
            coordinator_phone: String::new(),
        }
    }

    /// The relay's answer for `brief`, sealed by `author` as the world's coordinator.
    fn served(
        w: &World,
        author: &Identity,
        id: &BriefId,
        version: u32,
        brief: &Brief,
    ) -> DeviceBrief {
        let sealed = envelope::seal(
            &brief_binding(id, version),
            &Sender {
                id: w.signer.user_id.as_str(),
                key: &author.signing,
            },
            &[w.partner.sealing.public(), w.phone.sealing.public()],
            &content::to_bytes(brief).unwrap(),
        )
        .unwrap();
        DeviceBrief {
            brief_id: id.clone(),
            assignment_id: brief.assignment_id.clone(),
            version,
            valid_until: brief.valid_until,
            sealed: B64(sealed),
            signer: w.signer.clone(),
        }
    }

    async fn raw(store_name: &str) -> Vec<Vec<u8>> {
        let db = Rexie::builder(DB_NAME).build().await.unwrap();
        let tx = db
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .unwrap();
        let values = tx
            .store(store_name)
            .unwrap()
            .get_all(None, None)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|v| v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec))
            .collect();
        drop(tx);
        db.close();
        values
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[wasm_bindgen_test]
    async fn a_kept_brief_is_ciphertext_and_expires_on_the_phones_clock_with_a_deleted_event() {
        wipe_everything().await.unwrap();
        let w = world();
        let dek = DataKey::generate().unwrap();
        let store = LocalStore::open().await.unwrap();
        let vault = Vault {
            store: &store,
            dek: &dek,
        };
        let now = now_ms();
        let (id, assignment) = (BriefId::random().unwrap(), AssignmentId::random().unwrap());
        let b = brief(&assignment, now + DAY);
        let kept = vault
            .accept(
                &served(&w, &w.coordinator, &id, 1, &b),
                &w.partner.public(),
                w.phone.sealing.secret(),
                now,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.brief, b);
        assert_eq!(vault.held_one(&id).await.unwrap(), Some(kept));

        // At rest: no plaintext anywhere in the database.
        for name in [BRIEFS, VAULT, EVENTS] {
            for value in raw(name).await {
                assert!(!contains(&value, CANARY.as_bytes()), "{name}");
                assert!(!contains(&value, "夕食".as_bytes()), "{name}");
            }
        }
        assert_eq!(raw(BRIEFS).await.len(), 1);

        // Still valid a second before the end; gone at the end, offline, with its confirmation
        // queued.
        assert_eq!(vault.expire(now + DAY - 1).await.unwrap(), 0);
        assert!(vault.events().await.unwrap().is_empty());
        assert_eq!(vault.expire(now + DAY).await.unwrap(), 1);
        assert_eq!(vault.held_one(&id).await.unwrap(), None);
        assert!(raw(BRIEFS).await.is_empty());
        let events = vault.events().await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            events[0].1,
            DeviceEvent {
                kind: DeviceEventKind::Deleted,
                brief_id: id.clone(),
                version: 1,
                at: now + DAY,
            }
        );
        vault.forget_events(&[events[0].0.clone()]).await.unwrap();
        assert!(vault.events().await.unwrap().is_empty());

        // A brief that arrives already past its end is not kept; its deletion is confirmed.
        let late = BriefId::random().unwrap();
        let old = brief(&assignment, now - 1);
        let kept = vault
            .accept(
                &served(&w, &w.coordinator, &late, 1, &old),
                &w.partner.public(),
                w.phone.sealing.secret(),
                now,
            )
            .await
            .unwrap();
        assert_eq!(kept, None);
        assert_eq!(vault.held_one(&late).await.unwrap(), None);
        assert_eq!(vault.events().await.unwrap().len(), 1);
        store.close();
        wipe_everything().await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn an_older_version_or_an_uncertified_signer_is_refused_and_nothing_is_kept() {
        wipe_everything().await.unwrap();
        let w = world();
        let dek = DataKey::generate().unwrap();
        let store = LocalStore::open().await.unwrap();
        let vault = Vault {
            store: &store,
            dek: &dek,
        };
        let now = now_ms();
        let partner = w.partner.public();
        let me = w.phone.sealing.secret();
        let (id, assignment) = (BriefId::random().unwrap(), AssignmentId::random().unwrap());
        let b = brief(&assignment, now + DAY);
        let v1 = served(&w, &w.coordinator, &id, 1, &b);
        let v2 = served(&w, &w.coordinator, &id, 2, &b);
        vault.accept(&v2, &partner, me, now).await.unwrap().unwrap();

        // Version 2 was opened here: version 1 is refused, even after version 2 was deleted
        // (the floor lives in the vault, not with the brief).
        vault.drop_brief(&id, 2, now).await.unwrap();
        assert_eq!(
            vault.accept(&v1, &partner, me, now).await,
            Err(AppError::Sealed(Refusal::Older))
        );
        assert_eq!(vault.held_one(&id).await.unwrap(), None);
        // Re-serving the same version is fine.
        assert!(
            vault
                .accept(&v2, &partner, me, now)
                .await
                .unwrap()
                .is_some()
        );

        // Signed by someone the pinned partner never certified.
        let stranger = someone();
        let other = BriefId::random().unwrap();
        let mut forged = served(&w, &stranger, &other, 1, &b);
        forged.signer.identity = stranger.public();
        assert_eq!(
            vault.accept(&forged, &partner, me, now).await,
            Err(AppError::Sealed(Refusal::UntrustedSender))
        );
        // Certified, but by another organisation than the one this phone pinned.
        let elsewhere = someone().public();
        assert_eq!(
            vault
                .accept(
                    &served(&w, &w.coordinator, &other, 1, &b),
                    &elsewhere,
                    me,
                    now
                )
                .await,
            Err(AppError::Sealed(Refusal::UntrustedSender))
        );
        // The certified coordinator's name on a stranger's signature.
        assert_eq!(
            vault
                .accept(&served(&w, &stranger, &other, 1, &b), &partner, me, now)
                .await,
            Err(AppError::Sealed(Refusal::UntrustedSender))
        );
        assert_eq!(vault.held_one(&other).await.unwrap(), None);
        assert_eq!(vault.held().await.unwrap().len(), 1);
        store.close();
        wipe_everything().await.unwrap();
    }
}

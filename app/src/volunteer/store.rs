//! The phone's IndexedDB, through rexie:
//! - `setup`: the only values kept unencrypted, none of them personal (device id, the device
//!   credential the relay asks for at unlock, the wrapped DEK, the schema version). The
//!   credential cannot be in the vault: opening the vault needs the DEK, which needs an unlock;
//!   on its own it only lets someone spend the device's PIN tries, never read anything;
//! - `vault`: everything else, each value AES-256-GCM under the DEK with `store ‖ key` as
//!   associated data (`domain::record`), so a value copied to another key fails to open;
//! - `briefs` (schema 2): the opened briefs, one per brief id, sealed like the vault's values;
//! - `events` (schema 2): the queue of device events waiting for the next sync, one per event,
//!   so queueing one never rewrites (and never races with the upload of) the others.
//!
//! Schema versions only ever add stores: rexie deletes a store the builder does not list, so
//! every store of every earlier version stays listed here and an upgrade keeps their data.

use domain::api::SecretB64;
use domain::ids::DeviceId;
use domain::keys::DataKey;
use js_sys::Uint8Array;
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use crate::error::AppError;

pub const DB_NAME: &str = "yorisoi";
/// 1: setup, vault. 2: + briefs, events.
const SCHEMA_VERSION: u32 = 2;
const SETUP: &str = "setup";
pub const VAULT: &str = "vault";
pub const BRIEFS: &str = "briefs";
pub const EVENTS: &str = "events";

const KEY_DEVICE_ID: &str = "device_id";
const KEY_DEVICE_CREDENTIAL: &str = "device_credential";
const KEY_WRAPPED_DEK: &str = "wrapped_dek";

/// What a locked phone knows without the PIN.
#[derive(Clone, PartialEq, Eq)]
pub struct Setup {
    pub device_id: DeviceId,
    /// Issued by the relay at enrolment; every unlock presents it.
    pub device_credential: SecretB64,
    pub wrapped_dek: Vec<u8>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("device_id", &self.device_id)
            .field("device_credential", &self.device_credential)
            .field(
                "wrapped_dek",
                &format_args!("{} bytes", self.wrapped_dek.len()),
            )
            .finish()
    }
}

pub struct LocalStore {
    db: Rexie,
}

impl LocalStore {
    pub async fn open() -> Result<LocalStore, AppError> {
        let db = Rexie::builder(DB_NAME)
            .version(SCHEMA_VERSION)
            .add_object_store(ObjectStore::new(SETUP))
            .add_object_store(ObjectStore::new(VAULT))
            .add_object_store(ObjectStore::new(BRIEFS))
            .add_object_store(ObjectStore::new(EVENTS))
            .build()
            .await?;
        Ok(LocalStore { db })
    }

    pub fn close(self) {
        self.db.close();
    }

    pub async fn setup(&self) -> Result<Option<Setup>, AppError> {
        let tx = self.db.transaction(&[SETUP], TransactionMode::ReadOnly)?;
        let store = tx.store(SETUP)?;
        let device_id = store.get(KEY_DEVICE_ID.into()).await?;
        let credential = store.get(KEY_DEVICE_CREDENTIAL.into()).await?;
        let wrapped = store.get(KEY_WRAPPED_DEK.into()).await?;
        // A device id that does not parse, or a missing credential, is a damaged setup: the
        // phone starts over (enrols).
        let device_id = device_id
            .and_then(|v| v.as_string())
            .and_then(|s| DeviceId::parse(&s).ok());
        Ok(match (device_id, credential, wrapped) {
            (Some(device_id), Some(credential), Some(wrapped)) => Some(Setup {
                device_id,
                device_credential: SecretB64::new(bytes_of(&credential)?),
                wrapped_dek: bytes_of(&wrapped)?,
            }),
            _ => None,
        })
    }

    pub async fn save_setup(&self, setup: &Setup) -> Result<(), AppError> {
        let tx = self.db.transaction(&[SETUP], TransactionMode::ReadWrite)?;
        let store = tx.store(SETUP)?;
        store
            .put(
                &setup.device_id.as_str().into(),
                Some(&KEY_DEVICE_ID.into()),
            )
            .await?;
        store
            .put(
                &Uint8Array::from(setup.device_credential.as_slice()).into(),
                Some(&KEY_DEVICE_CREDENTIAL.into()),
            )
            .await?;
        store
            .put(
                &Uint8Array::from(setup.wrapped_dek.as_slice()).into(),
                Some(&KEY_WRAPPED_DEK.into()),
            )
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// Encrypts and stores one value in the vault.
    pub async fn put_sealed(
        &self,
        dek: &DataKey,
        key: &str,
        plaintext: &[u8],
    ) -> Result<(), AppError> {
        self.write(dek, &[Write::Put(VAULT, key, plaintext)]).await
    }

    pub async fn get_sealed(
        &self,
        dek: &DataKey,
        key: &str,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, AppError> {
        self.get_in(dek, VAULT, key).await
    }

    /// One value of an encrypted store, opened.
    pub async fn get_in(
        &self,
        dek: &DataKey,
        store_name: &str,
        key: &str,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, AppError> {
        let tx = self
            .db
            .transaction(&[store_name], TransactionMode::ReadOnly)?;
        let store = tx.store(store_name)?;
        let Some(value) = store.get(key.into()).await? else {
            return Ok(None);
        };
        let sealed = bytes_of(&value)?;
        Ok(Some(domain::record::open_record(
            dek, store_name, key, &sealed,
        )?))
    }

    /// Every value of an encrypted store, opened, with its key, in key order.
    pub async fn all_in(
        &self,
        dek: &DataKey,
        store_name: &str,
    ) -> Result<Vec<(String, Zeroizing<Vec<u8>>)>, AppError> {
        let tx = self
            .db
            .transaction(&[store_name], TransactionMode::ReadOnly)?;
        let store = tx.store(store_name)?;
        let pairs = store.scan(None, None, None, None).await?;
        let mut out = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let key = key
                .as_string()
                .ok_or_else(|| AppError::Storage("unexpected key type".into()))?;
            let plain = domain::record::open_record(dek, store_name, &key, &bytes_of(&value)?)?;
            out.push((key, plain));
        }
        Ok(out)
    }

    /// Applies every write in one transaction: all of them or none (deleting a brief and
    /// queueing the event that confirms it go together). Values are sealed before it starts, so
    /// nothing but IndexedDB requests runs inside it.
    pub async fn write(&self, dek: &DataKey, writes: &[Write<'_>]) -> Result<(), AppError> {
        let mut sealed = Vec::with_capacity(writes.len());
        let mut names: Vec<&str> = Vec::new();
        for write in writes {
            let (name, key, value) = match *write {
                Write::Put(name, key, plaintext) => (
                    name,
                    key,
                    Some(domain::record::seal_record(dek, name, key, plaintext)?),
                ),
                Write::Delete(name, key) => (name, key, None),
            };
            if !names.contains(&name) {
                names.push(name);
            }
            sealed.push((name, key, value));
        }
        if sealed.is_empty() {
            return Ok(());
        }
        let tx = self.db.transaction(&names, TransactionMode::ReadWrite)?;
        for (name, key, value) in sealed {
            let store = tx.store(name)?;
            match value {
                Some(bytes) => {
                    store
                        .put(
                            &Uint8Array::from(bytes.as_slice()).into(),
                            Some(&key.into()),
                        )
                        .await?;
                }
                None => store.delete(key.into()).await?,
            }
        }
        tx.done().await?;
        Ok(())
    }
}

/// One change to an encrypted store: `(store, key, plaintext)` or `(store, key)`.
#[derive(Clone, Copy)]
pub enum Write<'a> {
    Put(&'a str, &'a str, &'a [u8]),
    Delete(&'a str, &'a str),
}

fn bytes_of(value: &JsValue) -> Result<Vec<u8>, AppError> {
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| AppError::Storage("unexpected value type".into()))
}

/// Removes everything this app keeps in the browser: the IndexedDB database, every Cache
/// Storage cache and local/session storage. Works offline. Used on logout, revocation and
/// expiry ("gone when done").
pub async fn wipe_everything() -> Result<(), AppError> {
    let window = web_sys::window().ok_or(AppError::Unexpected)?;
    Rexie::delete(DB_NAME).await?;
    if let Ok(caches) = window.caches() {
        let keys = JsFuture::from(caches.keys())
            .await
            .map_err(|_| AppError::Storage("cache keys".into()))?;
        for key in js_sys::Array::from(&keys).iter() {
            if let Some(name) = key.as_string() {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.clear();
    }
    if let Ok(Some(storage)) = window.session_storage() {
        let _ = storage.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const CANARY: &str = "CANARY-山田花子-架空-0426";

    async fn raw_values(db: &Rexie, store_name: &str) -> Vec<Vec<u8>> {
        let tx = db
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .unwrap();
        let store = tx.store(store_name).unwrap();
        store
            .get_all(None, None)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|v| v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec))
            .collect()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[wasm_bindgen_test]
    async fn vault_values_are_ciphertext_bound_to_their_key_and_wipe_removes_everything() {
        wipe_everything().await.unwrap();
        let dek = DataKey::generate().unwrap();
        let device_id = DeviceId::random().unwrap();
        let store = LocalStore::open().await.unwrap();
        store
            .put_sealed(&dek, "profile", CANARY.as_bytes())
            .await
            .unwrap();
        store
            .save_setup(&Setup {
                device_id: device_id.clone(),
                device_credential: SecretB64::new(vec![7; 32]),
                wrapped_dek: vec![1, 2, 3],
            })
            .await
            .unwrap();

        // Nothing readable at rest.
        let raw = raw_values(&store.db, VAULT).await;
        assert_eq!(raw.len(), 1);
        assert!(!contains(&raw[0], CANARY.as_bytes()));

        // Round trip under the right key; a value copied to another key does not open.
        let opened = store.get_sealed(&dek, "profile").await.unwrap().unwrap();
        assert_eq!(opened.as_slice(), CANARY.as_bytes());
        {
            let tx = store
                .db
                .transaction(&[VAULT], TransactionMode::ReadWrite)
                .unwrap();
            let vault = tx.store(VAULT).unwrap();
            vault
                .put(
                    &Uint8Array::from(raw[0].as_slice()).into(),
                    Some(&"other".into()),
                )
                .await
                .unwrap();
            tx.done().await.unwrap();
        }
        assert!(matches!(
            store.get_sealed(&dek, "other").await,
            Err(AppError::Crypto)
        ));
        let other_dek = DataKey::generate().unwrap();
        assert!(matches!(
            store.get_sealed(&other_dek, "profile").await,
            Err(AppError::Crypto)
        ));
        assert_eq!(store.setup().await.unwrap().unwrap().device_id, device_id);
        store.close();

        wipe_everything().await.unwrap();
        let store = LocalStore::open().await.unwrap();
        assert_eq!(store.setup().await.unwrap(), None);
        assert!(raw_values(&store.db, VAULT).await.is_empty());
        store.close();
        wipe_everything().await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn schema_2_keeps_a_schema_1_vault_and_wipe_removes_the_new_stores_too() {
        wipe_everything().await.unwrap();
        let dek = DataKey::generate().unwrap();
        // A phone enrolled before briefs existed.
        let v1 = Rexie::builder(DB_NAME)
            .version(1)
            .add_object_store(ObjectStore::new(SETUP))
            .add_object_store(ObjectStore::new(VAULT))
            .build()
            .await
            .unwrap();
        let old = LocalStore { db: v1 };
        old.put_sealed(&dek, "profile", CANARY.as_bytes())
            .await
            .unwrap();
        old.close();
        let store = LocalStore::open().await.unwrap();
        assert_eq!(
            store
                .get_sealed(&dek, "profile")
                .await
                .unwrap()
                .unwrap()
                .as_slice(),
            CANARY.as_bytes()
        );
        store
            .write(
                &dek,
                &[
                    Write::Put(BRIEFS, "b", CANARY.as_bytes()),
                    Write::Put(EVENTS, "e", b"event"),
                ],
            )
            .await
            .unwrap();
        assert_eq!(raw_values(&store.db, BRIEFS).await.len(), 1);
        assert!(!contains(
            &raw_values(&store.db, BRIEFS).await[0],
            CANARY.as_bytes()
        ));
        assert_eq!(store.all_in(&dek, EVENTS).await.unwrap().len(), 1);
        // The store's name is bound too: a brief moved into the events store under the same
        // key does not open.
        let brief = raw_values(&store.db, BRIEFS).await.remove(0);
        {
            let tx = store
                .db
                .transaction(&[EVENTS], TransactionMode::ReadWrite)
                .unwrap();
            tx.store(EVENTS)
                .unwrap()
                .put(
                    &Uint8Array::from(brief.as_slice()).into(),
                    Some(&"b".into()),
                )
                .await
                .unwrap();
            tx.done().await.unwrap();
        }
        assert!(matches!(
            store.get_in(&dek, EVENTS, "b").await,
            Err(AppError::Crypto)
        ));
        store.close();

        wipe_everything().await.unwrap();
        let store = LocalStore::open().await.unwrap();
        for name in [VAULT, BRIEFS, EVENTS] {
            assert!(raw_values(&store.db, name).await.is_empty(), "{name}");
        }
        store.close();
        wipe_everything().await.unwrap();
    }
}

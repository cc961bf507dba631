//! The relay's append-only audit log: every row is a link of `domain::audit`'s hash chain.
//!
//! Appends happen inside a write transaction (`store::begin_write`, `BEGIN IMMEDIATE`), so
//! reading the head and inserting the next link is atomic and the chain never forks; and they
//! happen in the same transaction as the change they describe, so an action is never committed
//! without its record (or the other way round). The explicit `seq = head + 1` primary key is a
//! second guard.
//!
//! Rows hold ids, action codes and counts only: never a name, a login name, free text or a
//! secret, because the log is kept in the clear and outlives what it describes.
//!
//! The chain alone cannot tell a rewritten log from an honest one: whoever can write the file
//! can recompute every hash. So the head recorded with each append carries a MAC under a key
//! from the key file (the anchor, [`anchor_mac`]), which `server audit verify` checks
//! ([`verify_anchored`]): rewriting rows and recomputing the hashes and the recorded head is
//! detected without the key file. (Rolling the whole log and its anchor back to an earlier state
//! copied from a backup is caught only by a checkpoint kept elsewhere: `--expect SEQ:HEX`.)

use domain::audit::{ChainedEvent, Checkpoint, Event};

use crate::http::{Result, ServerError};
use crate::keyfile::{self, RelayKeys};
use crate::store::{self, Conn, Pool, audit::AuditRow};

/// Stable action codes, so queries and reports can rely on them.
pub mod action {
    pub const ADMIN_BOOTSTRAP_INVITE: &str = "admin.bootstrap_invite";
    pub const DEMO_SEEDED: &str = "demo.seeded";
    pub const DENIED: &str = "denied";
    pub const STAFF_INVITE_CREATED: &str = "staff.invite_created";
    pub const STAFF_REGISTERED: &str = "staff.registered";
    pub const STAFF_TOTP_CONFIRMED: &str = "staff.totp_confirmed";
    pub const STAFF_TOTP_FAILED: &str = "staff.totp_failed";
    pub const STAFF_TOTP_REUSED: &str = "staff.totp_reused";
    /// Too many wrong codes: the account takes no code for a while.
    pub const STAFF_TOTP_LOCKED: &str = "staff.totp_locked";
    /// A sign-in while the account's codes are locked (the code was not checked).
    pub const STAFF_TOTP_LOCKED_REFUSED: &str = "staff.totp_locked_refused";
    pub const STAFF_DISABLED: &str = "staff.disabled";
    pub const STAFF_LOGIN: &str = "staff.login";
    pub const STAFF_LOGIN_FAILED: &str = "staff.login_failed";
    pub const SESSION_LOGOUT: &str = "session.logout";
    pub const ORG_CREATED: &str = "organisation.created";
    pub const PROGRAMME_CREATED: &str = "programme.created";
    pub const ORG_IDENTITY_CREATED: &str = "org.identity_created";
    pub const KEY_GRANTED: &str = "org_key.granted";
    pub const ORG_PEER_CERTIFIED: &str = "org.peer_certified";
    pub const PINS_SAVED: &str = "keys.pins_saved";
    pub const PLEDGE_VERSION_CREATED: &str = "pledge.version_created";
    pub const PLEDGE_ACCEPTED: &str = "pledge.accepted";
    pub const VOLUNTEER_INVITE_CREATED: &str = "volunteer.invite_created";
    pub const VOLUNTEER_REVOKED: &str = "volunteer.revoked";
    pub const DEVICE_ENROLLED: &str = "device.enrolled";
    pub const DEVICE_UNLOCKED: &str = "device.unlocked";
    pub const DEVICE_UNLOCK_FAILED: &str = "device.unlock_failed";
    pub const DEVICE_UNLOCK_REFUSED: &str = "device.unlock_refused";
    pub const DEVICE_LOCKED: &str = "device.locked";
    pub const DEVICE_CERTIFIED: &str = "device.certified";
    pub const DEVICE_REVOKED: &str = "device.revoked";
    pub const DEVICE_LOST: &str = "device.lost";
    pub const INCIDENT_OPENED: &str = "incident.opened";
    /// Detail `consent_override` when the family did not consent (the reason is sealed).
    pub const REFERRAL_CREATED: &str = "referral.created";
    pub const REFERRAL_UPDATED: &str = "referral.updated";
    pub const REFERRAL_WITHDRAWN: &str = "referral.withdrawn";
    pub const REFERRAL_ACCEPTED: &str = "referral.accepted";
    pub const REFERRAL_DECLINED: &str = "referral.declined";
    pub const PROFILE_UPDATED: &str = "profile.updated";
    /// Detail `conflict_override` when the coordinator overrode a matching conflict.
    pub const ASSIGNMENT_CREATED: &str = "assignment.created";
    /// Detail: why (`coordinator`, `withdrawn`, `expired`, `volunteer_revoked`).
    pub const ASSIGNMENT_ENDED: &str = "assignment.ended";
    pub const BRIEF_APPROVED: &str = "brief.approved";
    pub const BRIEF_REVOKED: &str = "brief.revoked";
    pub const BRIEF_EXPIRED: &str = "brief.expired";
    /// A phone fetched a brief (actor: the device).
    pub const BRIEF_FETCHED: &str = "brief.fetched";
    /// Device events uploaded at sync (actor: the device).
    pub const BRIEF_OPENED: &str = "brief.opened";
    pub const BRIEF_DELETED: &str = "brief.deleted";
}

/// Actor for events with no authenticated caller (a failed login for an unknown name, the CLI).
pub const ANONYMOUS: &str = "anonymous";
pub const SYSTEM: &str = "system";

/// The meta row holding the last appended checkpoint: deleting rows off the end of the table
/// then disagrees with it.
const HEAD_KEY: &str = "audit_head";
/// The meta row holding the MAC of [`HEAD_KEY`]'s checkpoint under the key file's audit key:
/// an edit of rows, hashes and head together then disagrees with it.
const HEAD_MAC_KEY: &str = "audit_head_mac";

/// The anchor's MAC over a checkpoint, hex.
pub fn anchor_mac(keys: &RelayKeys, head: &Checkpoint) -> String {
    domain::encoding::to_hex(&keyfile::hmac(
        keys.audit_anchor(),
        "yorisoi/v1/audit-anchor",
        &[&head.sequence.to_be_bytes(), &head.hash],
    ))
}

/// Appends one event on a connection that is inside a write transaction, and records the new
/// head with its anchor MAC in the same transaction.
pub async fn append(
    conn: &mut Conn,
    keys: &RelayKeys,
    now_ms: i64,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> Result<()> {
    let head = head(&mut *conn).await?;
    let chained = domain::audit::append(
        &head,
        Event {
            sequence: 0,
            time_ms: now_ms,
            actor: actor.to_owned(),
            action: action.to_owned(),
            object: object.to_owned(),
            detail: detail.to_owned(),
        },
    )?;
    let seq = i64::try_from(chained.event.sequence)
        .map_err(|_| ServerError::Internal("audit sequence overflow"))?;
    store::audit::insert(
        &mut *conn,
        &AuditRow {
            seq,
            at: now_ms,
            actor: chained.event.actor,
            action: chained.event.action,
            object: chained.event.object,
            detail: chained.event.detail,
            hash: chained.hash.to_vec(),
        },
    )
    .await?;
    let checkpoint = Checkpoint {
        sequence: chained.event.sequence,
        hash: chained.hash,
    };
    store::meta::put(&mut *conn, HEAD_KEY, &format_checkpoint(&checkpoint)).await?;
    store::meta::put(conn, HEAD_MAC_KEY, &anchor_mac(keys, &checkpoint)).await?;
    Ok(())
}

/// Appends one event in its own write transaction, for events not tied to another change
/// (denials, failed logins).
pub async fn record(
    pool: &Pool,
    keys: &RelayKeys,
    now_ms: i64,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> Result<()> {
    let mut tx = store::begin_write(pool).await?;
    append(&mut tx, keys, now_ms, actor, action, object, detail).await?;
    tx.commit().await?;
    Ok(())
}

async fn head(conn: &mut Conn) -> Result<Checkpoint> {
    let Some((seq, hash)) = store::audit::head(conn).await? else {
        return Ok(Checkpoint::genesis());
    };
    Ok(Checkpoint {
        sequence: u64::try_from(seq).map_err(|_| ServerError::Internal("bad audit sequence"))?,
        hash: hash
            .try_into()
            .map_err(|_| ServerError::Internal("bad audit hash"))?,
    })
}

pub fn format_checkpoint(c: &Checkpoint) -> String {
    format!("{}:{}", c.sequence, domain::encoding::to_hex(&c.hash))
}

pub fn parse_checkpoint(text: &str) -> Option<Checkpoint> {
    let (seq, hash) = text.split_once(':')?;
    Some(Checkpoint {
        sequence: seq.parse().ok()?,
        hash: domain::encoding::from_hex(hash).ok()?,
    })
}

/// The outcome of [`verify`] and [`verify_anchored`].
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Ok {
        head: Checkpoint,
    },
    /// 1-based sequence number (row position) of the first row that does not verify.
    Broken {
        position: u64,
    },
    /// The chain verifies but ends before a checkpoint recorded earlier.
    Truncated {
        head: Checkpoint,
        expected: Checkpoint,
    },
    /// The recorded head is missing or its MAC does not verify under this relay's key file: the
    /// log (rows, hashes and head) was rewritten by someone without the key, or the key file is
    /// not this database's.
    Unanchored,
}

/// [`verify`] against the anchor: the head recorded in `meta` must be present (when the log has
/// rows), carry a MAC that verifies under `keys`, and be exactly the chain's head (every append
/// moves it, so a row beyond it was written without the key); then `expected`, if given, is
/// checked too. What `server audit verify` runs.
pub async fn verify_anchored(
    pool: &Pool,
    keys: &RelayKeys,
    expected: Option<Checkpoint>,
) -> Result<Verification> {
    let mut conn = store::acquire(pool).await?;
    let has_rows = store::audit::head(&mut conn).await?.is_some();
    let recorded = store::meta::get(&mut conn, HEAD_KEY).await?;
    let mac = store::meta::get(&mut conn, HEAD_MAC_KEY).await?;
    drop(conn);
    let anchor = match (recorded.as_deref().and_then(parse_checkpoint), mac) {
        (Some(head), Some(mac)) => {
            let expected_mac = anchor_mac(keys, &head);
            if !crate::auth::tokens::ct_eq(expected_mac.as_bytes(), mac.as_bytes()) {
                return Ok(Verification::Unanchored);
            }
            head
        }
        _ if has_rows => return Ok(Verification::Unanchored),
        _ => return verify(pool, expected).await,
    };
    let against_anchor = verify(pool, Some(anchor)).await?;
    match &against_anchor {
        Verification::Ok { head } if head.sequence != anchor.sequence => {
            return Ok(Verification::Unanchored);
        }
        Verification::Ok { .. } => {}
        _ => return Ok(against_anchor),
    }
    match expected {
        Some(expected) => verify(pool, Some(expected)).await,
        None => Ok(against_anchor),
    }
}

/// Reads the whole log and checks it with `domain::audit::verify`, against `expected` if given
/// and otherwise against the head recorded in `meta` (whose anchor only [`verify_anchored`]
/// checks).
pub async fn verify(pool: &Pool, expected: Option<Checkpoint>) -> Result<Verification> {
    let mut conn = store::acquire(pool).await?;
    let rows = store::audit::all(&mut conn).await?;
    let mut events = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        // A row whose hash is not even 32 bytes is as broken as one whose hash is wrong.
        let (Ok(hash), Ok(sequence)) = (<[u8; 32]>::try_from(row.hash), u64::try_from(row.seq))
        else {
            return Ok(Verification::Broken {
                position: i as u64 + 1,
            });
        };
        events.push(ChainedEvent {
            event: Event {
                sequence,
                time_ms: row.at,
                actor: row.actor,
                action: row.action,
                object: row.object,
                detail: row.detail,
            },
            hash,
        });
    }
    let recorded = store::meta::get(&mut conn, HEAD_KEY).await?;
    let expected = expected.or_else(|| recorded.as_deref().and_then(parse_checkpoint));
    let head = match domain::audit::verify(&events, None) {
        Ok(head) => head,
        Err(domain::Error::AuditChainBroken { position }) => {
            return Ok(Verification::Broken {
                position: position + 1,
            });
        }
        Err(_) => return Ok(Verification::Broken { position: 1 }),
    };
    if let Some(expected) = expected {
        if expected.sequence > head.sequence {
            return Ok(Verification::Truncated { head, expected });
        }
        let stored = events
            .iter()
            .find(|e| e.event.sequence == expected.sequence)
            .map(|e| e.hash)
            .unwrap_or(domain::audit::genesis());
        if stored != expected.hash {
            return Ok(Verification::Broken {
                position: expected.sequence.max(1),
            });
        }
    }
    Ok(Verification::Ok { head })
}

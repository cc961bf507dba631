//! `devices`: volunteers' phones, their identities and certificates, PIN verifier, the server
//! share S and the wrong-PIN counter.

use domain::api::{B64, Device, DeviceBinding, DeviceState, DeviceStatus, ProgrammeForDevice};
use domain::identity::PublicIdentity;
use domain::ids::{DeviceId, InvitationId, OrgId, UserId, VolunteerId};
use domain::keys::PublicKey;

use super::{Conn, Nullable, Result, identity};

pub struct NewDevice<'a> {
    pub id: &'a DeviceId,
    pub volunteer_id: &'a VolunteerId,
    pub public_key: &'a PublicKey,
    pub signing_key: &'a [u8; 32],
    pub pin_verifier: &'a [u8],
    pub share: &'a [u8; 32],
    /// The phone's HMAC over its identity under the invitation's secret (a link, not a typed
    /// code); the relay cannot check it and stores it for the coordinators' browsers.
    pub binding_tag: Option<&'a [u8; 32]>,
    /// The invitation the phone enrolled through, when it has an id (made after issue 8).
    pub invitation_id: Option<&'a InvitationId>,
    /// SHA-256 of the device credential every unlock must present.
    pub credential_hash: &'a [u8; 32],
    pub enrolled_at: i64,
}

pub async fn insert(conn: &mut Conn, d: &NewDevice<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO devices (id, volunteer_id, public_key, signing_key, pin_verifier, share, \
         binding_tag, invitation_id, credential_hash, enrolled_at, last_seen_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(d.id.as_str())
    .bind(d.volunteer_id.as_str())
    .bind(d.public_key.as_bytes().as_slice())
    .bind(d.signing_key.as_slice())
    .bind(d.pin_verifier)
    .bind(d.share.as_slice())
    .bind(d.binding_tag.map(|t| t.as_slice()))
    .bind(d.invitation_id.map(InvitationId::as_str))
    .bind(d.credential_hash.as_slice())
    .bind(d.enrolled_at)
    .bind(d.enrolled_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A device as coordinators see it, with what their browsers need to certify it: the tag and
/// the invitation's sealed secret come from the device's own invitation.
const DEVICE_COLUMNS: &str = "SELECT d.id, d.public_key, d.signing_key, d.state, d.enrolled_at, \
     d.last_seen_at, d.certificate, d.binding_tag, d.invitation_id, i.sealed_secret, i.sealed_by \
     FROM devices d LEFT JOIN volunteer_invites i ON i.invitation_id = d.invitation_id";

#[derive(sqlx::FromRow)]
struct DeviceRow {
    #[sqlx(try_from = "String")]
    id: DeviceId,
    public_key: Vec<u8>,
    signing_key: Vec<u8>,
    #[sqlx(try_from = "String")]
    state: DeviceState,
    enrolled_at: i64,
    last_seen_at: Option<i64>,
    certificate: Option<Vec<u8>>,
    binding_tag: Option<Vec<u8>>,
    #[sqlx(try_from = "Option<String>")]
    invitation_id: Nullable<InvitationId>,
    sealed_secret: Option<Vec<u8>>,
    #[sqlx(try_from = "Option<String>")]
    sealed_by: Nullable<UserId>,
}

impl DeviceRow {
    fn into_api(self) -> Result<Device> {
        let binding = match (
            self.invitation_id.0,
            self.binding_tag,
            self.sealed_secret,
            self.sealed_by.0,
        ) {
            (Some(invitation_id), Some(tag), Some(sealed_secret), Some(sealed_by)) => {
                Some(DeviceBinding {
                    invitation_id,
                    tag: B64(tag),
                    sealed_secret: B64(sealed_secret),
                    sealed_by,
                })
            }
            _ => None,
        };
        Ok(Device {
            id: self.id,
            identity: identity(&self.public_key, &self.signing_key)?,
            state: self.state,
            enrolled_at: self.enrolled_at,
            last_seen_at: self.last_seen_at,
            certificate: self.certificate.map(B64),
            binding,
        })
    }
}

/// A volunteer's devices, oldest first.
pub async fn of_volunteer(conn: &mut Conn, volunteer: &VolunteerId) -> Result<Vec<Device>> {
    let rows: Vec<DeviceRow> = sqlx::query_as(&format!(
        "{DEVICE_COLUMNS} WHERE d.volunteer_id = ? ORDER BY d.enrolled_at, d.id"
    ))
    .bind(volunteer.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(DeviceRow::into_api).collect()
}

pub async fn get(conn: &mut Conn, id: &DeviceId) -> Result<Option<Device>> {
    let row: Option<DeviceRow> = sqlx::query_as(&format!("{DEVICE_COLUMNS} WHERE d.id = ?"))
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(DeviceRow::into_api).transpose()
}

/// What a Device certificate must name, and whether the device has one.
pub struct ToCertify {
    pub state: DeviceState,
    pub identity: PublicIdentity,
    pub certificate: Option<Vec<u8>>,
}

pub async fn to_certify(conn: &mut Conn, id: &DeviceId) -> Result<Option<ToCertify>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(try_from = "String")]
        state: DeviceState,
        public_key: Vec<u8>,
        signing_key: Vec<u8>,
        certificate: Option<Vec<u8>>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT state, public_key, signing_key, certificate FROM devices WHERE id = ?",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(ToCertify {
            state: r.state,
            identity: identity(&r.public_key, &r.signing_key)?,
            certificate: r.certificate,
        })
    })
    .transpose()
}

/// Stores a device's certificate if it has none and is still active; `false` otherwise.
pub async fn certify(
    conn: &mut Conn,
    id: &DeviceId,
    certificate: &[u8],
    by: &UserId,
    now: i64,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE devices SET certificate = ?, certified_by = ?, certified_at = ? \
         WHERE id = ? AND certificate IS NULL AND state = ?",
    )
    .bind(certificate)
    .bind(by.as_str())
    .bind(now)
    .bind(id.as_str())
    .bind(DeviceState::Active.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// What authorization needs to know about a device.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRef {
    #[sqlx(try_from = "String")]
    pub id: DeviceId,
    #[sqlx(try_from = "String")]
    pub volunteer_id: VolunteerId,
}

/// A device of one of `partner`'s volunteers, or `None` whether it does not exist or is
/// another partner's.
pub async fn of_partner(
    conn: &mut Conn,
    partner: &OrgId,
    id: &DeviceId,
) -> Result<Option<DeviceRef>> {
    sqlx::query_as(
        "SELECT d.id, d.volunteer_id FROM devices d JOIN volunteers v ON v.id = d.volunteer_id \
         WHERE d.id = ? AND v.partner_id = ?",
    )
    .bind(id.as_str())
    .bind(partner.as_str())
    .fetch_optional(conn)
    .await
}

pub async fn ids_of_volunteer(conn: &mut Conn, volunteer: &VolunteerId) -> Result<Vec<DeviceId>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM devices WHERE volunteer_id = ?")
        .bind(volunteer.as_str())
        .fetch_all(conn)
        .await?;
    ids.into_iter().map(super::parse).collect()
}

/// Destroys a device's share and marks it `new_state` (a lost device stays lost). The share is
/// gone for good: a phone that never comes online again can no longer derive its
/// key-encryption key. Its bytes are zeroed in the page (`secure_delete`, see `db::connect`);
/// the caller runs `db::purge_wal_soon` once the transaction has committed.
pub async fn disable(
    conn: &mut Conn,
    id: &DeviceId,
    new_state: DeviceState,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE devices SET share = NULL, \
         state = CASE WHEN state = ?1 THEN ?1 ELSE ?2 END, \
         revoked_at = COALESCE(revoked_at, ?3) WHERE id = ?4",
    )
    .bind(DeviceState::Lost.as_str())
    .bind(new_state.as_str())
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// What an unlock checks.
#[derive(sqlx::FromRow)]
pub struct UnlockRow {
    #[sqlx(try_from = "String")]
    pub state: DeviceState,
    pub share: Option<Vec<u8>>,
    pub failed_pins: i64,
    pub pin_verifier: Vec<u8>,
    /// SHA-256 of the device credential; `None` for devices enrolled before credentials.
    pub credential_hash: Option<Vec<u8>>,
    /// The volunteer's revocation, not the device's.
    pub revoked_at: Option<i64>,
}

pub async fn for_unlock(conn: &mut Conn, id: &DeviceId) -> Result<Option<UnlockRow>> {
    sqlx::query_as(
        "SELECT d.state, d.share, d.failed_pins, d.pin_verifier, d.credential_hash, v.revoked_at \
         FROM devices d JOIN volunteers v ON v.id = d.volunteer_id WHERE d.id = ?",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await
}

/// Counts one wrong PIN, and at the `max`-th destroys the share and locks the device for good,
/// in one statement: the count is never read and written back, so concurrent wrong PINs (on
/// SQLite or on a database without a global write lock) count exactly, and exactly one of them
/// destroys S. Answers the new count, or `None` when the device was no longer active with a
/// share (another request locked it first).
pub async fn count_wrong_pin(
    conn: &mut Conn,
    id: &DeviceId,
    max: i64,
    now: i64,
) -> Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE devices SET failed_pins = failed_pins + 1, \
         share = CASE WHEN failed_pins + 1 >= ?1 THEN NULL ELSE share END, \
         state = CASE WHEN failed_pins + 1 >= ?1 THEN ?2 ELSE state END, \
         revoked_at = CASE WHEN failed_pins + 1 >= ?1 THEN ?3 ELSE revoked_at END \
         WHERE id = ?4 AND state = ?5 AND share IS NOT NULL AND failed_pins < ?1 \
         RETURNING failed_pins",
    )
    .bind(max)
    .bind(DeviceState::Locked.as_str())
    .bind(now)
    .bind(id.as_str())
    .bind(DeviceState::Active.as_str())
    .fetch_optional(conn)
    .await
}

/// A right PIN: the failure count starts again.
pub async fn unlocked(conn: &mut Conn, id: &DeviceId, now: i64) -> Result<()> {
    sqlx::query("UPDATE devices SET failed_pins = 0, last_seen_at = ? WHERE id = ?")
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn touch(conn: &mut Conn, id: &DeviceId, now: i64) -> Result<()> {
    sqlx::query("UPDATE devices SET last_seen_at = ? WHERE id = ?")
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn signing_key(conn: &mut Conn, id: &DeviceId) -> Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT signing_key FROM devices WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await
}

/// Who a device belongs to and its programme's settings: what the phone is told at enrolment
/// and unlock.
#[derive(sqlx::FromRow)]
pub struct DeviceContext {
    #[sqlx(try_from = "String")]
    pub volunteer_id: VolunteerId,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub partner_id: OrgId,
    /// The centre the volunteer's programme serves.
    #[sqlx(try_from = "String")]
    pub centre_id: OrgId,
    pub name: String,
    pub emergency_phone: String,
    pub idle_lock_secs: i64,
    pub offline_window_secs: i64,
}

impl DeviceContext {
    pub fn programme(&self) -> ProgrammeForDevice {
        ProgrammeForDevice {
            name: self.name.clone(),
            emergency_phone: self.emergency_phone.clone(),
            idle_lock_secs: self.idle_lock_secs,
            offline_window_secs: self.offline_window_secs,
        }
    }
}

pub async fn context(conn: &mut Conn, id: &DeviceId) -> Result<Option<DeviceContext>> {
    sqlx::query_as(
        "SELECT v.id AS volunteer_id, v.display_name, v.partner_id, p.centre_id, p.name, \
         p.emergency_phone, \
         p.idle_lock_secs, p.offline_window_secs FROM devices d \
         JOIN volunteers v ON v.id = d.volunteer_id JOIN programmes p ON p.id = v.programme_id \
         WHERE d.id = ?",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await
}

/// What a live device is told about itself: its ids and its volunteer's pledge status.
pub async fn status(
    conn: &mut Conn,
    device: &DeviceId,
    volunteer: &VolunteerId,
    partner: &OrgId,
    csrf_token: &str,
) -> Result<DeviceStatus> {
    let pledge = super::pledges::status(
        conn,
        Some(partner),
        super::pledges::Subject::Volunteer(volunteer),
    )
    .await?;
    Ok(DeviceStatus {
        device_id: device.clone(),
        volunteer_id: volunteer.clone(),
        pledge,
        csrf_token: csrf_token.to_owned(),
    })
}

//! `staff_invites` and `volunteer_invites`: one-time invitations, stored only under the hash of
//! their token or code (a copy of the database must not let anyone register or enrol).

use domain::api::StaffRole;
use domain::ids::{DeviceId, InvitationId, OrgId, ProgrammeId, UserId, VolunteerId};

use super::{Conn, Nullable, Result};

pub struct NewStaffInvite<'a> {
    pub token_hash: &'a [u8; 32],
    pub role: StaffRole,
    pub organisation_id: Option<&'a OrgId>,
    pub display_name: &'a str,
    /// `None` only for the bootstrap admin invite made by `server admin init`.
    pub created_by: Option<&'a UserId>,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert_staff(conn: &mut Conn, invite: &NewStaffInvite<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO staff_invites (token_hash, role, organisation_id, display_name, created_by, \
         created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(invite.token_hash.as_slice())
    .bind(invite.role.as_str())
    .bind(invite.organisation_id.map(OrgId::as_str))
    .bind(invite.display_name)
    .bind(invite.created_by.map(UserId::as_str))
    .bind(invite.created_at)
    .bind(invite.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct StaffInvite {
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    #[sqlx(try_from = "Option<String>")]
    pub organisation_id: Nullable<OrgId>,
    pub display_name: String,
    pub expires_at: i64,
}

/// An invite that is neither used nor expired at `now`.
pub async fn live_staff(
    conn: &mut Conn,
    token_hash: &[u8; 32],
    now: i64,
) -> Result<Option<StaffInvite>> {
    sqlx::query_as(
        "SELECT role, organisation_id, display_name, expires_at FROM staff_invites \
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(token_hash.as_slice())
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Uses a live invite up, in one conditional statement: of concurrent registrations with one
/// token exactly one gets the invite (whatever the database's locking), the others `None`.
pub async fn claim_staff(
    conn: &mut Conn,
    token_hash: &[u8; 32],
    now: i64,
) -> Result<Option<StaffInvite>> {
    sqlx::query_as(
        "UPDATE staff_invites SET used_at = ?1 \
         WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1 \
         RETURNING role, organisation_id, display_name, expires_at",
    )
    .bind(now)
    .bind(token_hash.as_slice())
    .fetch_optional(conn)
    .await
}

/// Records who a claimed invite made (the account exists only after the claim).
pub async fn record_staff_user(
    conn: &mut Conn,
    token_hash: &[u8; 32],
    user: &UserId,
) -> Result<()> {
    sqlx::query("UPDATE staff_invites SET used_by = ? WHERE token_hash = ?")
        .bind(user.as_str())
        .bind(token_hash.as_slice())
        .execute(conn)
        .await?;
    Ok(())
}

/// The latest expiry of an unused, unexpired admin invite, if there is one.
pub async fn outstanding_admin(conn: &mut Conn, now: i64) -> Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT MAX(expires_at) FROM staff_invites WHERE role = ? AND used_at IS NULL \
         AND expires_at > ?",
    )
    .bind(StaffRole::Admin.as_str())
    .bind(now)
    .fetch_one(conn)
    .await
}

pub struct NewVolunteerInvite<'a> {
    pub code_hash: &'a [u8; 32],
    /// Made in the coordinator's browser, like the secret sealed to it.
    pub invitation_id: &'a InvitationId,
    /// The invitation's binding secret sealed to the partner by `created_by` (envelope v2).
    pub sealed_secret: &'a [u8],
    pub volunteer_id: &'a VolunteerId,
    pub programme_id: &'a ProgrammeId,
    pub created_by: &'a UserId,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert_volunteer(conn: &mut Conn, invite: &NewVolunteerInvite<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO volunteer_invites (code_hash, invitation_id, sealed_secret, sealed_by, \
         volunteer_id, programme_id, created_by, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4, ?7, ?8)",
    )
    .bind(invite.code_hash.as_slice())
    .bind(invite.invitation_id.as_str())
    .bind(invite.sealed_secret)
    .bind(invite.created_by.as_str())
    .bind(invite.volunteer_id.as_str())
    .bind(invite.programme_id.as_str())
    .bind(invite.created_at)
    .bind(invite.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether an invitation with this id exists (ids come from browsers: a clash is refused).
pub async fn invitation_exists(conn: &mut Conn, id: &InvitationId) -> Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM volunteer_invites WHERE invitation_id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// A claimed invitation: whom it enrols and its id (`None` for invitations made before ids).
#[derive(Debug, sqlx::FromRow)]
pub struct ClaimedInvite {
    #[sqlx(try_from = "String")]
    pub volunteer_id: VolunteerId,
    #[sqlx(try_from = "Option<String>")]
    pub invitation_id: Nullable<InvitationId>,
}

/// Uses a code up and answers the invitation behind it, if the code is unused, unexpired at
/// `now` and the volunteer not revoked; in one conditional statement, so of concurrent
/// enrolments with one code exactly one gets the volunteer (whatever the database's locking).
pub async fn claim_volunteer(
    conn: &mut Conn,
    code_hash: &[u8; 32],
    now: i64,
) -> Result<Option<ClaimedInvite>> {
    sqlx::query_as(
        "UPDATE volunteer_invites SET used_at = ?1 \
         WHERE code_hash = ?2 AND used_at IS NULL AND expires_at > ?1 \
         AND volunteer_id IN (SELECT id FROM volunteers WHERE revoked_at IS NULL) \
         RETURNING volunteer_id, invitation_id",
    )
    .bind(now)
    .bind(code_hash.as_slice())
    .fetch_optional(conn)
    .await
}

/// Records the device a claimed code enrolled (the device exists only after the claim).
pub async fn record_volunteer_device(
    conn: &mut Conn,
    code_hash: &[u8; 32],
    device: &DeviceId,
) -> Result<()> {
    sqlx::query("UPDATE volunteer_invites SET device_id = ? WHERE code_hash = ?")
        .bind(device.as_str())
        .bind(code_hash.as_slice())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a volunteer's codes not yet used.
pub async fn delete_unused_for(conn: &mut Conn, volunteer: &VolunteerId) -> Result<()> {
    sqlx::query("DELETE FROM volunteer_invites WHERE volunteer_id = ? AND used_at IS NULL")
        .bind(volunteer.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

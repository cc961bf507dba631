//! Admin: organisations (with their public keys), programmes, staff invites and pledge texts.

use axum::Json;
use axum::extract::{Path, State};
use domain::keys::PublicKey;
use domain::wire::{
    CreatedInvite, NewOrganisation, NewProgramme, NewStaffInvite, Organisation, Pledge, PledgeText,
    Programme, StaffRole, SupportKind,
};
use sqlx::Row;

use crate::audit::{self, action};
use crate::auth::AdminCaller;
use crate::auth::extract::role_to_db;
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::routes::session::{org_kind, org_kind_to_db};
use crate::routes::staff::INVITE_TTL_MS;
use crate::run::now_ms;
use crate::state::ApiState;
use crate::tokens;
use crate::validate;

/// Pledge texts: long enough for any real 誓約書, short enough to read on a phone.
pub const MAX_PLEDGE_CHARS: usize = 20_000;

fn organisation_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Option<Organisation>> {
    let key: Option<Vec<u8>> = row.try_get("public_key")?;
    // Rows from before organisation keys existed (an old demo database) have none and cannot be
    // used for anything sealed; they are left out rather than shown with a fake key.
    let Some(public_key) = key.and_then(|k| PublicKey::from_slice(&k).ok()) else {
        return Ok(None);
    };
    Ok(Some(Organisation {
        id: row.try_get("id")?,
        kind: org_kind(&row.try_get::<String, _>("kind")?)?,
        name: row.try_get("name")?,
        fingerprint: public_key.fingerprint(),
        public_key,
        pledge_version: row.try_get("pledge_version")?,
    }))
}

const ORGANISATION_COLUMNS: &str = "o.id, o.kind, o.name, o.public_key, \
     (SELECT MAX(version) FROM pledges p WHERE p.organisation_id = o.id) AS pledge_version";

/// `GET /api/admin/organisations`.
pub async fn list_organisations(
    State(state): State<ApiState>,
    _admin: AdminCaller,
) -> Result<Json<Vec<Organisation>>> {
    let rows = sqlx::query(&format!(
        "SELECT {ORGANISATION_COLUMNS} FROM organisations o ORDER BY o.kind, o.name"
    ))
    .fetch_all(state.db())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.extend(organisation_from_row(row)?);
    }
    Ok(Json(out))
}

/// `POST /api/admin/organisations`: the key pair was made in the admin's browser; the private
/// half arrives sealed to the admin, who becomes its first holder.
pub async fn create_organisation(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<Json<Organisation>> {
    validate::line(&body.name, 1, 200)?;
    validate::public_key(&body.public_key)?;
    let admin_key: Vec<u8> = sqlx::query_scalar("SELECT public_key FROM users WHERE id = ?")
        .bind(&admin.user_id)
        .fetch_one(state.db())
        .await?;
    validate::sealed_org_key(
        &body.sealed_private_key.0,
        &body.public_key,
        &admin.user_id,
        &PublicKey::from_slice(&admin_key)?,
    )?;
    let now = now_ms();
    let id = tokens::new_id()?;
    let mut tx = db::begin_write(state.db()).await?;
    sqlx::query(
        "INSERT INTO organisations (id, kind, name, public_key, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(org_kind_to_db(body.kind))
    .bind(&body.name)
    .bind(body.public_key.as_bytes().as_slice())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO org_keys (organisation_id, user_id, sealed_private_key, granted_by, granted_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&admin.user_id)
    .bind(&body.sealed_private_key.0)
    .bind(&admin.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        now,
        &admin.user_id,
        action::ORG_CREATED,
        &id,
        org_kind_to_db(body.kind),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Organisation {
        id,
        kind: body.kind,
        name: body.name,
        fingerprint: body.public_key.fingerprint(),
        public_key: body.public_key,
        pledge_version: None,
    }))
}

fn support_kind(kind: &str) -> Result<SupportKind> {
    match kind {
        "meal" => Ok(SupportKind::Meal),
        "childcare" => Ok(SupportKind::Childcare),
        "lunchbox" => Ok(SupportKind::Lunchbox),
        _ => Err(ServerError::Internal("unknown support kind")),
    }
}

fn support_kind_to_db(kind: SupportKind) -> &'static str {
    match kind {
        SupportKind::Meal => "meal",
        SupportKind::Childcare => "childcare",
        SupportKind::Lunchbox => "lunchbox",
    }
}

/// `GET /api/admin/programmes`.
pub async fn list_programmes(
    State(state): State<ApiState>,
    _admin: AdminCaller,
) -> Result<Json<Vec<Programme>>> {
    Ok(Json(load_programmes(state.db(), None).await?))
}

/// Every programme, or only those one partner runs (what its coordinators may see).
pub(crate) async fn load_programmes(
    db: &sqlx::SqlitePool,
    partner_id: Option<&str>,
) -> Result<Vec<Programme>> {
    let rows = sqlx::query(
        "SELECT id, partner_id, centre_id, name, support_kind, coordinator_reads_reports, \
         emergency_phone, retention_days, idle_lock_secs, offline_window_secs \
         FROM programmes WHERE ?1 IS NULL OR partner_id = ?1 ORDER BY name",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(Programme {
            id: r.try_get("id")?,
            settings: NewProgramme {
                partner_id: r.try_get("partner_id")?,
                centre_id: r.try_get("centre_id")?,
                name: r.try_get("name")?,
                support_kind: support_kind(&r.try_get::<String, _>("support_kind")?)?,
                coordinator_reads_reports: r.try_get::<i64, _>("coordinator_reads_reports")? == 1,
                emergency_phone: r.try_get("emergency_phone")?,
                retention_days: r.try_get("retention_days")?,
                idle_lock_secs: r.try_get("idle_lock_secs")?,
                offline_window_secs: r.try_get("offline_window_secs")?,
            },
        });
    }
    Ok(out)
}

async fn org_kind_of(state: &ApiState, id: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT kind FROM organisations WHERE id = ?")
            .bind(id)
            .fetch_optional(state.db())
            .await?,
    )
}

/// `POST /api/admin/programmes`: ranges as in migration 0001's CHECKs.
pub async fn create_programme(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewProgramme>,
) -> Result<Json<Programme>> {
    validate::id(&body.partner_id)?;
    validate::id(&body.centre_id)?;
    validate::line(&body.name, 1, 200)?;
    validate::phone(&body.emergency_phone)?;
    let in_range = (1..=3650).contains(&body.retention_days)
        && (60..=1800).contains(&body.idle_lock_secs)
        && (0..=43_200).contains(&body.offline_window_secs);
    if !in_range {
        return Err(ServerError::InvalidBody);
    }
    let partner = org_kind_of(&state, &body.partner_id).await?;
    let centre = org_kind_of(&state, &body.centre_id).await?;
    match (partner.as_deref(), centre.as_deref()) {
        (Some("partner"), Some("centre")) => {}
        (None, _) | (_, None) => return Err(ServerError::NotFound),
        _ => return Err(ServerError::InvalidBody),
    }
    let now = now_ms();
    let id = tokens::new_id()?;
    let mut tx = db::begin_write(state.db()).await?;
    sqlx::query(
        "INSERT INTO programmes (id, partner_id, centre_id, name, support_kind, \
         coordinator_reads_reports, emergency_phone, retention_days, idle_lock_secs, \
         offline_window_secs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&body.partner_id)
    .bind(&body.centre_id)
    .bind(&body.name)
    .bind(support_kind_to_db(body.support_kind))
    .bind(body.coordinator_reads_reports)
    .bind(&body.emergency_phone)
    .bind(body.retention_days)
    .bind(body.idle_lock_secs)
    .bind(body.offline_window_secs)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        now,
        &admin.user_id,
        action::PROGRAMME_CREATED,
        &id,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Programme { id, settings: body }))
}

/// `POST /api/admin/staff-invites`: caseworkers belong to a centre, coordinators to a partner,
/// admins to no organisation.
pub async fn create_staff_invite(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewStaffInvite>,
) -> Result<Json<CreatedInvite>> {
    validate::line(&body.display_name, 1, 100)?;
    let wanted_kind = match body.role {
        StaffRole::Admin => None,
        StaffRole::Caseworker => Some("centre"),
        StaffRole::Coordinator => Some("partner"),
    };
    match (wanted_kind, &body.organisation_id) {
        (None, None) => {}
        (Some(kind), Some(org)) => {
            validate::id(org)?;
            match org_kind_of(&state, org).await? {
                Some(actual) if actual == kind => {}
                Some(_) => return Err(ServerError::InvalidBody),
                None => return Err(ServerError::NotFound),
            }
        }
        _ => return Err(ServerError::InvalidBody),
    }
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let invite = insert_staff_invite(
        &mut tx,
        body.role,
        body.organisation_id.as_deref(),
        &body.display_name,
        Some(&admin.user_id),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        now,
        &admin.user_id,
        action::STAFF_INVITE_CREATED,
        body.organisation_id.as_deref().unwrap_or(""),
        role_to_db(body.role),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(invite))
}

/// Stores a new one-time invite (hashed) and returns the token and its `/invite#token` path.
pub async fn insert_staff_invite(
    conn: &mut sqlx::SqliteConnection,
    role: StaffRole,
    organisation_id: Option<&str>,
    display_name: &str,
    created_by: Option<&str>,
    now: i64,
) -> Result<CreatedInvite> {
    let token = tokens::random_token()?;
    let expires_at = now + INVITE_TTL_MS;
    sqlx::query(
        "INSERT INTO staff_invites (token_hash, role, organisation_id, display_name, created_by, \
         created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tokens::sha256(token.as_bytes()).as_slice())
    .bind(role_to_db(role))
    .bind(organisation_id)
    .bind(display_name)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(CreatedInvite {
        path: format!("/invite#{token}"),
        token,
        expires_at,
    })
}

/// `PUT /api/admin/organisations/{id}/pledge`: publishes a new version; everyone bound by the
/// organisation's pledge must accept it again.
pub async fn put_pledge(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    Path(organisation_id): Path<String>,
    ApiJson(body): ApiJson<PledgeText>,
) -> Result<Json<Pledge>> {
    validate::text(&body.text, 1, MAX_PLEDGE_CHARS)?;
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM organisations WHERE id = ?")
        .bind(&organisation_id)
        .fetch_optional(state.db())
        .await?;
    let Some(organisation_name) = name else {
        return Err(crate::authz::deny(&state, &admin.user_id, &organisation_id).await);
    };
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let version = insert_pledge(
        &mut tx,
        &organisation_id,
        &body.text,
        Some(&admin.user_id),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        now,
        &admin.user_id,
        action::PLEDGE_VERSION_CREATED,
        &organisation_id,
        &format!("version={version}"),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Pledge {
        organisation_name,
        version,
        hash: tokens::hex_sha256(body.text.as_bytes()),
        text: body.text,
    }))
}

/// Inserts the next version (max + 1) of an organisation's pledge; returns its number.
pub async fn insert_pledge(
    conn: &mut sqlx::SqliteConnection,
    organisation_id: &str,
    text: &str,
    created_by: Option<&str>,
    now: i64,
) -> Result<i64> {
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM pledges WHERE organisation_id = ?",
    )
    .bind(organisation_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO pledges (organisation_id, version, text, hash, created_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(organisation_id)
    .bind(version)
    .bind(text)
    .bind(tokens::hex_sha256(text.as_bytes()))
    .bind(created_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(version)
}

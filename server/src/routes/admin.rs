//! Admin: organisations, programmes, staff invites, pledge texts, and the staff accounts (listed,
//! and disabled when someone leaves). Admins hold no organisation key and make none: an
//! organisation's identity is created by its first member.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{
    CreatedInvite, NewOrganisation, NewProgramme, NewStaffInvite, OrgKind, Organisation, Pledge,
    PledgeText, Programme, StaffMember, StaffRole,
};
use domain::ids::{OrgId, ProgrammeId, UserId};
use domain::rules;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::invites::{self, StaffInvite};
use crate::auth::{AdminCaller, session, tokens};
use crate::authz;
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store::{self, Conn};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::ADMIN_ORGANISATIONS, list_organisations)
        .route(&endpoints::ADMIN_ORGANISATION_CREATE, create_organisation)
        .route(&endpoints::ADMIN_PLEDGE_PUT, put_pledge)
        .route(&endpoints::ADMIN_PROGRAMMES, list_programmes)
        .route(&endpoints::ADMIN_PROGRAMME_CREATE, create_programme)
        .route(&endpoints::ADMIN_STAFF_INVITE_CREATE, create_staff_invite)
        .route(&endpoints::ADMIN_USERS, list_users)
        .route(&endpoints::ADMIN_USER_DISABLE, disable_user)
}

async fn list_organisations(
    State(state): State<ApiState>,
    _admin: AdminCaller,
) -> Result<Json<Vec<Organisation>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(store::organisations::list(&mut conn).await?))
}

/// A name and a kind; the identity stays empty until the organisation's first member creates
/// it in their own browser.
async fn create_organisation(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<Json<Organisation>> {
    rules::line(&body.name, rules::ORG_NAME)?;
    let now = state.now_ms();
    let id = OrgId::random()?;
    let mut tx = store::begin_write(state.db()).await?;
    store::organisations::insert(
        &mut tx,
        &store::organisations::NewOrganisationRow {
            id: &id,
            kind: body.kind,
            name: &body.name,
            created_at: now,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        admin.user_id.as_str(),
        action::ORG_CREATED,
        id.as_str(),
        body.kind.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Organisation {
        id,
        kind: body.kind,
        name: body.name,
        identity: None,
        pledge_version: None,
    }))
}

async fn list_programmes(
    State(state): State<ApiState>,
    _admin: AdminCaller,
) -> Result<Json<Vec<Programme>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(store::programmes::list(&mut conn, None).await?))
}

/// Ranges as in migration 0001's CHECKs (`domain::rules::programme`).
async fn create_programme(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewProgramme>,
) -> Result<Json<Programme>> {
    rules::programme(&body)?;
    let mut conn = store::acquire(state.db()).await?;
    let partner = store::organisations::kind_of(&mut conn, &body.partner_id).await?;
    let centre = store::organisations::kind_of(&mut conn, &body.centre_id).await?;
    drop(conn);
    match (partner, centre) {
        (Some(OrgKind::Partner), Some(OrgKind::Centre)) => {}
        (None, _) | (_, None) => return Err(ServerError::NotFound),
        _ => return Err(ServerError::InvalidBody),
    }
    let now = state.now_ms();
    let id = ProgrammeId::random()?;
    let mut tx = store::begin_write(state.db()).await?;
    store::programmes::insert(&mut tx, &id, &body, now).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        admin.user_id.as_str(),
        action::PROGRAMME_CREATED,
        id.as_str(),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Programme { id, settings: body }))
}

/// The kind of organisation a role belongs to: caseworkers to a centre, coordinators to a
/// partner, admins to none.
fn organisation_kind_for(role: StaffRole) -> Option<OrgKind> {
    match role {
        StaffRole::Admin => None,
        StaffRole::Caseworker => Some(OrgKind::Centre),
        StaffRole::Coordinator => Some(OrgKind::Partner),
    }
}

async fn check_invite_organisation(conn: &mut Conn, body: &NewStaffInvite) -> Result<()> {
    match (organisation_kind_for(body.role), &body.organisation_id) {
        (None, None) => Ok(()),
        (Some(wanted), Some(org)) => match store::organisations::kind_of(conn, org).await? {
            Some(actual) if actual == wanted => Ok(()),
            Some(_) => Err(ServerError::InvalidBody),
            None => Err(ServerError::NotFound),
        },
        _ => Err(ServerError::InvalidBody),
    }
}

async fn create_staff_invite(
    State(state): State<ApiState>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<NewStaffInvite>,
) -> Result<Json<CreatedInvite>> {
    rules::line(&body.display_name, rules::DISPLAY_NAME)?;
    check_invite_organisation(&mut *store::acquire(state.db()).await?, &body).await?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let invite = invites::create_staff_invite(
        &mut tx,
        &StaffInvite {
            role: body.role,
            organisation_id: body.organisation_id.as_ref(),
            display_name: &body.display_name,
            created_by: Some(&admin.user_id),
        },
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        admin.user_id.as_str(),
        action::STAFF_INVITE_CREATED,
        body.organisation_id
            .as_ref()
            .map(OrgId::as_str)
            .unwrap_or(""),
        body.role.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(invite))
}

/// Publishes a new version; everyone bound by the organisation's pledge must accept it again.
async fn put_pledge(
    State(state): State<ApiState>,
    IdPath(organisation_id): IdPath<OrgId>,
    AdminCaller(admin): AdminCaller,
    ApiJson(body): ApiJson<PledgeText>,
) -> Result<Json<Pledge>> {
    rules::text(&body.text, rules::PLEDGE_TEXT)?;
    let organisation = authz::organisation(&state, &admin.user_id, &organisation_id).await?;
    let hash = tokens::hex_sha256(body.text.as_bytes());
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let version = store::pledges::insert_next(
        &mut tx,
        &organisation_id,
        &body.text,
        &hash,
        Some(&admin.user_id),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        admin.user_id.as_str(),
        action::PLEDGE_VERSION_CREATED,
        organisation_id.as_str(),
        &format!("version={version}"),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Pledge {
        organisation_name: organisation.name,
        version,
        hash,
        text: body.text,
    }))
}

/// Every staff account, for the admin's staff screen.
async fn list_users(
    State(state): State<ApiState>,
    _admin: AdminCaller,
) -> Result<Json<Vec<StaffMember>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(store::users::list(&mut conn).await?))
}

/// Someone leaves: their account can no longer sign in, every session of theirs ends now, and
/// every organisation key sealed to them is deleted, in one audited transaction. Idempotent
/// (disabling twice changes nothing more and is recorded once). An admin cannot disable their
/// own account, so there is always someone left who can act.
async fn disable_user(
    State(state): State<ApiState>,
    IdPath(user_id): IdPath<UserId>,
    AdminCaller(admin): AdminCaller,
) -> Result<Json<StaffMember>> {
    let member = authz::staff_member(&state, &admin.user_id, &user_id).await?;
    if member.id == admin.user_id {
        return Err(ServerError::Conflict);
    }
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let changed = store::users::disable(&mut tx, &member.id, now).await?;
    session::end_user_sessions(&mut tx, &member.id).await?;
    let keys_deleted = store::org_keys::delete_for_user(&mut tx, &member.id).await?;
    if changed {
        audit::append(
            &mut tx,
            state.keys(),
            now,
            admin.user_id.as_str(),
            action::STAFF_DISABLED,
            member.id.as_str(),
            &format!("org_keys={keys_deleted}"),
        )
        .await?;
    }
    tx.commit().await?;
    let mut conn = store::acquire(state.db()).await?;
    let member = store::users::member(&mut conn, &member.id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(Json(member))
}

//! My organisation's part of the key directory: its identity (created once, by its first
//! member), its members and their certificates, and the organisations it works with.
//!
//! The relay stores what browsers sign and checks every signature before storing it, but it
//! never decides whom to trust: a member gets the organisation's seed only when a holder's
//! browser sealed it to them after comparing their code, and a peer is certified only when a
//! member compared its code. Nothing happens automatically.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::api::endpoints;
use domain::api::{
    MemberConfirmation, NewOrgIdentity, OrgMember, PeerConfirmation, PeerOrganisation,
    SealedOrgKey, org_key_binding,
};
use domain::identity::{PublicIdentity, SEED_LEN};
use domain::ids::{OrgId, UserId};
use domain::trust::Statement;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::MemberCaller;
use crate::authz;
use crate::http::validate::{self, PlaintextLen, Sealed};
use crate::http::{ApiJson, IdPath, Result, ServerError};
use crate::state::ApiState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::ORG_IDENTITY_CREATE, create_identity)
        .route(&endpoints::ORG_MEMBERS, members)
        .route(&endpoints::ORG_MEMBER_CONFIRM, confirm_member)
        .route(&endpoints::ORG_PEERS, peers)
        .route(&endpoints::ORG_PEER_CONFIRM, confirm_peer)
}

/// What a sealed organisation seed must be: under the binding of `organisation`'s identity, from
/// `sender` with their registered key, to `holder` only, 32 bytes inside.
fn check_sealed_seed(
    sealed: &[u8],
    organisation: &PublicIdentity,
    sender: &UserId,
    sender_identity: &PublicIdentity,
    holder: &PublicIdentity,
) -> Result<()> {
    validate::sealed(
        sealed,
        &Sealed {
            binding: org_key_binding(organisation),
            sender,
            sender_key: &sender_identity.signing,
            recipient: &holder.sealing,
            max_len: validate::MAX_SEALED_ORG_KEY,
            plaintext: PlaintextLen::Exactly(SEED_LEN),
        },
    )
}

/// The first member creates the organisation's identity in their browser: the seed arrives
/// sealed to themself, with their own Member certificate signed by the new key. Only once: a
/// second attempt (or a race lost) is a 409.
async fn create_identity(
    State(state): State<ApiState>,
    caller: MemberCaller,
    ApiJson(body): ApiJson<NewOrgIdentity>,
) -> Result<Json<SealedOrgKey>> {
    let organisation = &caller.organisation_id;
    if store::organisations::identity_of(&mut *store::acquire(state.db()).await?, organisation)
        .await?
        .is_some()
    {
        return Err(ServerError::Conflict);
    }
    validate::identity(&body.identity)?;
    let me = authz::own_identity(&state, &caller.user_id).await?;
    check_sealed_seed(
        &body.sealed_seed.0,
        &body.identity,
        &caller.user_id,
        &me,
        &me,
    )?;
    let certificate = validate::certificate(
        &body.certificate,
        &Statement::Member {
            organisation,
            user: &caller.user_id,
            role: caller.role,
            identity: &me,
        },
        &body.identity,
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    if !store::organisations::set_identity(&mut tx, organisation, &body.identity).await? {
        return Err(ServerError::Conflict);
    }
    let grant = store::org_keys::NewOrgKey {
        organisation_id: organisation,
        holder: &caller.user_id,
        sealed_seed: &body.sealed_seed.0,
        granted_by: &caller.user_id,
        granted_at: now,
    };
    if !store::org_keys::insert_if_absent(&mut tx, &grant).await?
        || !store::users::set_certificate(&mut tx, &caller.user_id, &certificate).await?
    {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::ORG_IDENTITY_CREATED,
        organisation.as_str(),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SealedOrgKey {
        organisation_id: caller.organisation_id,
        organisation_identity: body.identity,
        sealed_seed: body.sealed_seed,
        granted_by: caller.user_id,
        granter_identity: me,
    }))
}

/// The people of my organisation, me included, as the relay lists them; my browser believes a
/// member only through a certificate it verifies under the identity it pinned.
async fn members(
    State(state): State<ApiState>,
    caller: MemberCaller,
) -> Result<Json<Vec<OrgMember>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::users::members_of(&mut conn, &caller.organisation_id).await?,
    ))
}

/// A holder confirms a member after comparing the member's code on the member's own screen:
/// the member's certificate and the seed sealed to them, checked and stored together.
async fn confirm_member(
    State(state): State<ApiState>,
    IdPath(member): IdPath<UserId>,
    caller: MemberCaller,
    ApiJson(body): ApiJson<MemberConfirmation>,
) -> Result<StatusCode> {
    let organisation = &caller.organisation_id;
    let org_identity = authz::held_org_identity(&state, &caller.user_id, organisation).await?;
    let target = authz::confirmable_member(&state, &caller.user_id, organisation, &member).await?;
    if target.holds_key {
        return Err(ServerError::Conflict);
    }
    let me = authz::own_identity(&state, &caller.user_id).await?;
    check_sealed_seed(
        &body.sealed_seed.0,
        &org_identity,
        &caller.user_id,
        &me,
        &target.identity,
    )?;
    let certificate = validate::certificate(
        &body.certificate,
        &Statement::Member {
            organisation,
            user: &member,
            role: target.role,
            identity: &target.identity,
        },
        &org_identity,
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let grant = store::org_keys::NewOrgKey {
        organisation_id: organisation,
        holder: &member,
        sealed_seed: &body.sealed_seed.0,
        granted_by: &caller.user_id,
        granted_at: now,
    };
    // Another holder confirmed them in the meantime.
    if !store::org_keys::insert_if_absent(&mut tx, &grant).await?
        || !store::users::set_certificate(&mut tx, &member, &certificate).await?
    {
        return Err(ServerError::Conflict);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::KEY_GRANTED,
        organisation.as_str(),
        member.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisations mine runs programmes with, with my organisation's certificate of each.
async fn peers(
    State(state): State<ApiState>,
    caller: MemberCaller,
) -> Result<Json<Vec<PeerOrganisation>>> {
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::peers::of(&mut conn, &caller.organisation_id).await?,
    ))
}

/// A holder certifies a peer organisation's identity after comparing its code (e.g. by phone
/// with someone there); the certificate then stands for my whole organisation.
async fn confirm_peer(
    State(state): State<ApiState>,
    IdPath(peer_id): IdPath<OrgId>,
    caller: MemberCaller,
    ApiJson(body): ApiJson<PeerConfirmation>,
) -> Result<StatusCode> {
    let organisation = &caller.organisation_id;
    let org_identity = authz::held_org_identity(&state, &caller.user_id, organisation).await?;
    let peer = authz::peer(&state, &caller.user_id, organisation, &peer_id).await?;
    let certificate = validate::certificate(
        &body.certificate,
        &Statement::PeerOrganisation {
            organisation,
            peer: &peer_id,
            peer_kind: peer.kind,
            identity: &peer.identity,
        },
        &org_identity,
    )?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    store::peers::certify(
        &mut tx,
        &store::peers::NewPeerCertificate {
            organisation_id: organisation,
            peer_id: &peer_id,
            certificate: &certificate,
            certified_by: &caller.user_id,
            certified_at: now,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::ORG_PEER_CERTIFIED,
        organisation.as_str(),
        peer_id.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

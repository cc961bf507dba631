//! Staff invites, registration with TOTP enrolment, and login.
//!
//! The password never reaches the relay: the browser derives a login secret and a wrapping key
//! from it (Argon2id, `domain::wrap::staff`); the relay keeps a verifier of the secret and the
//! wrapped identity seed, and hands the latter out only after the secret and a TOTP code check.

use axum::Json;
use axum::extract::State;
use axum_extra::extract::cookie::CookieJar;
use domain::api::endpoints;
use domain::api::{
    InviteToken, LoginName, LoginParams, StaffInviteInfo, StaffLogin, StaffRegister, StaffSession,
    TotpCode, TotpEnrolment,
};
use domain::ids::UserId;
use domain::rules;
use domain::wrap::staff::{self as staff_wrap, KdfParams};
use zeroize::Zeroizing;

use super::ApiRouter;
use crate::audit::{self, action};
use crate::auth::session::{self, NewSession, Owner};
use crate::auth::totp::{self, Verified};
use crate::auth::{ClientIp, PendingTotpCaller, tokens};
use crate::http::{ApiJson, Result, ServerError, validate};
use crate::keyfile::{self, RelayKeys};
use crate::state::ApiState;
use crate::store::{self, Conn};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new()
        .route(&endpoints::STAFF_INVITE_INSPECT, inspect_invite)
        .route(&endpoints::STAFF_REGISTER, register)
        .route(&endpoints::STAFF_TOTP_CONFIRM, confirm_totp)
        .route(&endpoints::STAFF_LOGIN_PARAMS, login_params)
        .route(&endpoints::STAFF_LOGIN, login)
}

/// What an invite is for. Unknown, used and expired tokens are all the same 404.
async fn inspect_invite(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<InviteToken>,
) -> Result<Json<StaffInviteInfo>> {
    let hash = tokens::token_hash(&body.token)?;
    state
        .limiter
        .check("invite", &ip, &domain::encoding::to_hex(&hash))?;
    let mut conn = store::acquire(state.db()).await?;
    let invite = store::invites::live_staff(&mut conn, &hash, state.now_ms())
        .await?
        .ok_or(ServerError::NotFound)?;
    let organisation_name = match &invite.organisation_id.0 {
        Some(id) => store::organisations::reference(&mut conn, id)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(Json(StaffInviteInfo {
        role: invite.role,
        organisation_name,
        display_name: invite.display_name,
        expires_at: invite.expires_at,
    }))
}

/// Refuses wrapped keys that do not parse or whose Argon2id parameters are below today's floor:
/// a weak blob would make the password cheap to guess from a copy of the database.
fn check_wrapped_key(wrapped: &[u8]) -> Result<KdfParams> {
    if wrapped.len() != staff_wrap::WRAPPED_KEY_LEN {
        return Err(ServerError::InvalidBody);
    }
    let params = KdfParams::from_wrapped(wrapped).map_err(|_| ServerError::InvalidBody)?;
    if params.m_cost_kib < staff_wrap::MIN_ARGON2_M_COST_KIB
        || params.t_cost < staff_wrap::MIN_ARGON2_T_COST
        || params.p_cost < staff_wrap::MIN_ARGON2_P_COST
    {
        return Err(ServerError::InvalidBody);
    }
    Ok(params)
}

/// Creates the account from a one-time invite and starts TOTP enrolment. The cookie it sets
/// only allows `POST /api/staff/totp/confirm`.
async fn register(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(body): ApiJson<StaffRegister>,
) -> Result<(CookieJar, Json<TotpEnrolment>)> {
    let hash = tokens::token_hash(&body.token)?;
    state
        .limiter
        .check("invite", &ip, &domain::encoding::to_hex(&hash))?;
    rules::login_name(&body.login_name)?;
    let login_secret = Zeroizing::new(validate::bytes32(body.login_secret.as_slice())?);
    validate::identity(&body.identity)?;
    check_wrapped_key(&body.wrapped_key.0)?;

    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    // Used up first, in one conditional statement (see `store::invites::claim_staff`); a
    // refusal below rolls the claim back with everything else.
    let invite = store::invites::claim_staff(&mut tx, &hash, now)
        .await?
        .ok_or(ServerError::NotFound)?;
    if store::users::login_name_taken(&mut tx, &body.login_name).await? {
        return Err(ServerError::Conflict);
    }
    let user_id = UserId::random()?;
    let totp_secret = totp::generate_secret()?;
    let totp_sealed = totp::seal_secret(state.keys(), user_id.as_str(), &*totp_secret)?;
    let organisation_id = invite.organisation_id.0.as_ref();
    store::users::insert(
        &mut tx,
        &store::users::NewUser {
            id: &user_id,
            organisation_id,
            role: invite.role,
            login_name: &body.login_name,
            display_name: &invite.display_name,
            login_verifier: &domain::wrap::verifier::hash_secret(&login_secret)?,
            identity: &body.identity,
            wrapped_key: &body.wrapped_key.0,
            totp_sealed: &totp_sealed,
            totp_confirmed: false,
            created_at: now,
        },
    )
    .await?;
    store::invites::record_staff_user(&mut tx, &hash, &user_id).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        user_id.as_str(),
        action::STAFF_REGISTERED,
        organisation_id.map(|o| o.as_str()).unwrap_or(""),
        invite.role.as_str(),
    )
    .await?;
    session::end_presented(&mut tx, &jar).await?;
    let new = session::create(&mut tx, Owner::StaffPendingTotp(&user_id), now).await?;
    tx.commit().await?;
    let enrolment = TotpEnrolment {
        secret_base32: totp::base32(&*totp_secret),
        otpauth_uri: totp::otpauth_uri(&body.login_name, &*totp_secret),
    };
    Ok((new.cookie(jar), Json(enrolment)))
}

/// Ends a sign-in: the new session is committed with the rest, then the browser gets who it is
/// and the cookie.
async fn signed_in(
    state: &ApiState,
    user_id: &UserId,
    new: NewSession,
    jar: CookieJar,
) -> Result<(CookieJar, Json<StaffSession>)> {
    let mut conn = store::acquire(state.db()).await?;
    let session = store::users::staff_session(&mut conn, user_id, &new.csrf_token)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    Ok((new.cookie(jar), Json(session)))
}

/// Counts a wrong code durably and, from the [`totp::LOCK_AFTER_FAILURES`]th in a row, locks
/// the account's codes for [`totp::lockout_ms`]; both written to the audit log.
async fn count_totp_failure(
    conn: &mut Conn,
    keys: &RelayKeys,
    user: &UserId,
    now: i64,
    during: &str,
) -> Result<()> {
    let failures = store::users::count_totp_failure(&mut *conn, user).await?;
    audit::append(
        &mut *conn,
        keys,
        now,
        user.as_str(),
        action::STAFF_TOTP_FAILED,
        "",
        &format!("{during} failures={failures}"),
    )
    .await?;
    if let Some(wait) = totp::lockout_ms(failures) {
        store::users::lock_totp_until(&mut *conn, user, now + wait).await?;
        audit::append(
            conn,
            keys,
            now,
            user.as_str(),
            action::STAFF_TOTP_LOCKED,
            "",
            &format!("secs={}", wait / 1000),
        )
        .await?;
    }
    Ok(())
}

/// The first code from the authenticator app makes the account usable and turns the enrolment
/// cookie into a full session (a new token). Wrong codes count towards the lockout here too.
async fn confirm_totp(
    State(state): State<ApiState>,
    caller: PendingTotpCaller,
    jar: CookieJar,
    ApiJson(body): ApiJson<TotpCode>,
) -> Result<(CookieJar, Json<StaffSession>)> {
    state.limiter.check_key("totp", caller.user_id.as_str())?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let current = store::users::totp_state(&mut tx, &caller.user_id)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    let locked = current.totp_locked_until.is_some_and(|until| now < until);
    let verified = match (&current.totp_sealed, locked) {
        (Some(sealed), false) => {
            let secret = totp::open_secret(state.keys(), caller.user_id.as_str(), sealed)?;
            totp::verify(&secret, &body.code, now, current.totp_last_step)
        }
        _ => Verified::Invalid,
    };
    let Verified::Accepted { step } = verified else {
        if locked {
            audit::append(
                &mut tx,
                state.keys(),
                now,
                caller.user_id.as_str(),
                action::STAFF_TOTP_LOCKED_REFUSED,
                "",
                "confirm",
            )
            .await?;
        } else {
            count_totp_failure(&mut tx, state.keys(), &caller.user_id, now, "confirm").await?;
        }
        tx.commit().await?;
        return Err(ServerError::InvalidCredentials);
    };
    store::users::confirm_totp(&mut tx, &caller.user_id, step).await?;
    audit::append(
        &mut tx,
        state.keys(),
        now,
        caller.user_id.as_str(),
        action::STAFF_TOTP_CONFIRMED,
        "",
        "",
    )
    .await?;
    session::end_presented(&mut tx, &jar).await?;
    let new = session::create(&mut tx, Owner::Staff(&caller.user_id), now).await?;
    tx.commit().await?;
    signed_in(&state, &caller.user_id, new, jar).await
}

/// Stable parameters for a name without an account: today's costs and a salt that is an HMAC of
/// the name under a key from the key file, so asking twice gives the same answer, as it would
/// for a real account, and asking writes nothing (a flood of made-up names cannot grow the
/// database or keep its writer busy).
fn fake_params(keys: &RelayKeys, login_name: &str) -> KdfParams {
    let digest = keyfile::hmac(
        keys.login_params(),
        "yorisoi/v1/fake-login-params",
        &[login_name.as_bytes()],
    );
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&digest[..16]);
    KdfParams {
        m_cost_kib: staff_wrap::ARGON2_M_COST_KIB,
        t_cost: staff_wrap::ARGON2_T_COST,
        p_cost: staff_wrap::ARGON2_P_COST,
        salt,
    }
}

/// Names longer than any login name are refused before they reach the rate limiter's keys.
fn bounded_login_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > *rules::LOGIN_NAME.end() {
        return Err(ServerError::InvalidBody);
    }
    Ok(())
}

/// The Argon2id parameters and salt for a login name. Unknown names get made-up but stable ones:
/// the answer does not reveal who has an account.
async fn login_params(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginName>,
) -> Result<Json<LoginParams>> {
    bounded_login_name(&body.login_name)?;
    state.limiter.check("login", &ip, &body.login_name)?;
    let mut conn = store::acquire(state.db()).await?;
    let wrapped = store::users::wrapped_key_by_login(&mut conn, &body.login_name).await?;
    let kdf = match wrapped.and_then(|w| KdfParams::from_wrapped(&w).ok()) {
        Some(params) => params,
        None => fake_params(state.keys(), &body.login_name),
    };
    Ok(Json(LoginParams { kdf }))
}

/// Compared against when the name is unknown, so that path costs the same as a wrong secret.
const DUMMY_VERIFIER: [u8; 49] = [1; 49];

/// Codes are 6 digits; anything much longer is not worth hashing.
const MAX_TOTP_CODE_LEN: usize = 32;

/// Login secret and TOTP code; one generic 401 for any mistake, a locked account's included
/// (see `auth::totp`: while locked, no code is even checked, and the attempt does not count).
async fn login(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiJson(body): ApiJson<StaffLogin>,
) -> Result<(CookieJar, Json<StaffSession>)> {
    bounded_login_name(&body.login_name)?;
    if body.totp_code.len() > MAX_TOTP_CODE_LEN {
        return Err(ServerError::InvalidBody);
    }
    let secret = Zeroizing::new(validate::bytes32(body.login_secret.as_slice())?);
    state.limiter.check("login", &ip, &body.login_name)?;
    let now = state.now_ms();
    let mut tx = store::begin_write(state.db()).await?;
    let Some(user) = store::users::for_login(&mut tx, &body.login_name).await? else {
        let _ = domain::wrap::verifier::verify_secret(&DUMMY_VERIFIER, &secret);
        audit::append(
            &mut tx,
            state.keys(),
            now,
            audit::ANONYMOUS,
            action::STAFF_LOGIN_FAILED,
            "",
            "unknown_name",
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::InvalidCredentials);
    };
    let locked = user.totp_locked_until.is_some_and(|until| now < until);
    let failure = if !domain::wrap::verifier::verify_secret(&user.login_verifier, &secret)? {
        Some((action::STAFF_LOGIN_FAILED, "secret"))
    } else if !user.totp_confirmed {
        Some((action::STAFF_LOGIN_FAILED, "totp_not_enrolled"))
    } else if !user.has_identity {
        // Made before identities existed: its wrapped blob holds no identity seed, so a session
        // would be useless, and its old key must not be trusted for anything.
        Some((action::STAFF_LOGIN_FAILED, "no_identity"))
    } else if locked {
        // Not even checked: a guesser learns nothing while the account waits.
        Some((action::STAFF_TOTP_LOCKED_REFUSED, "totp"))
    } else if let Some(sealed) = &user.totp_sealed {
        let totp_secret = totp::open_secret(state.keys(), user.id.as_str(), sealed)?;
        match totp::verify(&totp_secret, &body.totp_code, now, user.totp_last_step) {
            // Conditional, so two concurrent logins with the same code cannot both pass.
            Verified::Accepted { step } => {
                let advanced = store::users::advance_totp_step(&mut tx, &user.id, step).await?;
                (!advanced).then_some((action::STAFF_TOTP_REUSED, "totp"))
            }
            Verified::Reused => Some((action::STAFF_TOTP_REUSED, "totp")),
            Verified::Invalid => {
                count_totp_failure(&mut tx, state.keys(), &user.id, now, "login").await?;
                tx.commit().await?;
                return Err(ServerError::InvalidCredentials);
            }
        }
    } else {
        // A secret from before sealing that the relay has not sealed yet.
        Some((action::STAFF_LOGIN_FAILED, "totp_unsealed"))
    };
    if let Some((code, detail)) = failure {
        audit::append(
            &mut tx,
            state.keys(),
            now,
            user.id.as_str(),
            code,
            "",
            detail,
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::InvalidCredentials);
    }
    audit::append(
        &mut tx,
        state.keys(),
        now,
        user.id.as_str(),
        action::STAFF_LOGIN,
        "",
        "",
    )
    .await?;
    session::end_presented(&mut tx, &jar).await?;
    let new = session::create(&mut tx, Owner::Staff(&user.id), now).await?;
    tx.commit().await?;
    signed_in(&state, &user.id, new, jar).await
}

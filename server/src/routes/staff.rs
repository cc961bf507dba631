//! Staff invites, registration with TOTP enrolment, and login.
//!
//! The password never reaches the relay: the browser derives a login secret and a wrapping key
//! from it (Argon2id, `domain::wrap::staff`); the relay keeps a verifier of the secret and the
//! wrapped private key, and hands the latter out only after the secret and a TOTP code check.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use domain::wire::{
    InviteToken, LoginName, LoginParams, StaffInviteInfo, StaffLogin, StaffRegister, TotpCode,
    TotpEnrolment,
};
use domain::wrap::staff::{self as staff_wrap, KdfParams};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use sqlx::Row;

use crate::audit::{self, action};
use crate::auth::session::{self, Kind};
use crate::auth::{ClientIp, PendingTotpCaller};
use crate::db;
use crate::error::{Result, ServerError};
use crate::http::ApiJson;
use crate::routes::session::{organisation_ref, staff_session};
use crate::run::now_ms;
use crate::state::ApiState;
use crate::tokens;
use crate::totp::{self, Verified};
use crate::validate;

/// How long a staff invite link stays valid.
pub const INVITE_TTL_MS: i64 = 72 * 60 * 60 * 1000;

pub(crate) fn json_with_cookie(
    body: impl serde::Serialize,
    cookie: axum::http::HeaderValue,
) -> Response {
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

fn token_hash(token: &str) -> Result<[u8; 32]> {
    // Real tokens are 43 characters; the bound keeps absurd input away from the hash and the
    // rate limiter's keys.
    if token.is_empty() || token.len() > 128 {
        return Err(ServerError::InvalidBody);
    }
    Ok(tokens::sha256(token.as_bytes()))
}

struct Invite {
    role: String,
    organisation_id: Option<String>,
    display_name: String,
    expires_at: i64,
}

async fn live_invite(
    conn: &mut sqlx::SqliteConnection,
    hash: &[u8; 32],
    now: i64,
) -> Result<Option<Invite>> {
    let row = sqlx::query(
        "SELECT role, organisation_id, display_name, expires_at FROM staff_invites \
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(hash.as_slice())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Invite {
            role: r.try_get("role")?,
            organisation_id: r.try_get("organisation_id")?,
            display_name: r.try_get("display_name")?,
            expires_at: r.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// `POST /api/staff/invites/inspect`: what an invite is for. Unknown, used and expired tokens
/// are all the same 404.
pub async fn inspect_invite(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<InviteToken>,
) -> Result<Json<StaffInviteInfo>> {
    let hash = token_hash(&body.token)?;
    state
        .limiter
        .check("invite", &ip, &domain::encoding::to_hex(&hash))?;
    let mut conn = state.db().acquire().await?;
    let invite = live_invite(&mut conn, &hash, now_ms())
        .await?
        .ok_or(ServerError::NotFound)?;
    drop(conn);
    let organisation_name = match &invite.organisation_id {
        Some(id) => organisation_ref(state.db(), id).await?.map(|o| o.name),
        None => None,
    };
    Ok(Json(StaffInviteInfo {
        role: crate::auth::extract::parse_role(&invite.role)?,
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

/// `POST /api/staff/register`: creates the account from a one-time invite and starts TOTP
/// enrolment. The cookie it sets only allows `POST /api/staff/totp/confirm`.
pub async fn register(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<StaffRegister>,
) -> Result<Response> {
    let hash = token_hash(&body.token)?;
    state
        .limiter
        .check("invite", &ip, &domain::encoding::to_hex(&hash))?;
    validate::login_name(&body.login_name)?;
    let login_secret = validate::bytes32(&body.login_secret)?;
    validate::public_key(&body.public_key)?;
    check_wrapped_key(&body.wrapped_key.0)?;

    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let invite = live_invite(&mut tx, &hash, now)
        .await?
        .ok_or(ServerError::NotFound)?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE login_name = ?")
        .bind(&body.login_name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(ServerError::Conflict);
    }
    let user_id = tokens::new_id()?;
    let totp_secret = totp::generate_secret()?;
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, wrapped_key, totp_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&user_id)
    .bind(&invite.organisation_id)
    .bind(&invite.role)
    .bind(&body.login_name)
    .bind(&invite.display_name)
    .bind(domain::wrap::verifier::hash_secret(&login_secret)?)
    .bind(body.public_key.as_bytes().as_slice())
    .bind(&body.wrapped_key.0)
    .bind(totp_secret.as_slice())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let used = sqlx::query(
        "UPDATE staff_invites SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL",
    )
    .bind(now)
    .bind(&user_id)
    .bind(hash.as_slice())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used != 1 {
        return Err(ServerError::NotFound);
    }
    audit::append(
        &mut tx,
        now,
        &user_id,
        action::STAFF_REGISTERED,
        invite.organisation_id.as_deref().unwrap_or(""),
        &invite.role,
    )
    .await?;
    session::end_presented(&mut tx, &headers).await?;
    let new = session::create(&mut tx, Kind::StaffPendingTotp, Some(&user_id), None, now).await?;
    tx.commit().await?;
    let enrolment = TotpEnrolment {
        secret_base32: totp::base32(&totp_secret),
        otpauth_uri: totp::otpauth_uri(&body.login_name, &totp_secret),
    };
    Ok(json_with_cookie(enrolment, new.cookie()?))
}

/// `POST /api/staff/totp/confirm`: the first code from the authenticator app makes the account
/// usable and turns the enrolment cookie into a full session (a new token).
pub async fn confirm_totp(
    State(state): State<ApiState>,
    caller: PendingTotpCaller,
    headers: HeaderMap,
    ApiJson(body): ApiJson<TotpCode>,
) -> Result<Response> {
    state.limiter.hit(
        &format!("totp\0{}", caller.user_id),
        state.limiter.limits().per_key,
    )?;
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let row = sqlx::query("SELECT totp_secret, totp_last_step FROM users WHERE id = ?")
        .bind(&caller.user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    let secret: Vec<u8> = row.try_get("totp_secret")?;
    let last: Option<i64> = row.try_get("totp_last_step")?;
    let Verified::Accepted { step } = totp::verify(&secret, &body.code, now, last) else {
        audit::append(
            &mut tx,
            now,
            &caller.user_id,
            action::STAFF_TOTP_FAILED,
            "",
            "confirm",
        )
        .await?;
        tx.commit().await?;
        return Err(ServerError::InvalidCredentials);
    };
    sqlx::query("UPDATE users SET totp_confirmed = 1, totp_last_step = ? WHERE id = ?")
        .bind(step)
        .bind(&caller.user_id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        now,
        &caller.user_id,
        action::STAFF_TOTP_CONFIRMED,
        "",
        "",
    )
    .await?;
    session::end_presented(&mut tx, &headers).await?;
    let new = session::create(&mut tx, Kind::Staff, Some(&caller.user_id), None, now).await?;
    tx.commit().await?;
    let body = staff_session(state.db(), &caller.user_id, &new.csrf_token).await?;
    Ok(json_with_cookie(body, new.cookie()?))
}

/// The secret behind made-up login parameters, created on first use and kept in `meta`.
async fn params_secret(state: &ApiState) -> Result<Vec<u8>> {
    const KEY: &str = "login_params_secret";
    let fresh = domain::encoding::to_hex(&tokens::random_bytes::<32>()?);
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)")
        .bind(KEY)
        .bind(&fresh)
        .execute(state.db())
        .await?;
    let hex: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(KEY)
        .fetch_one(state.db())
        .await?;
    Ok(domain::encoding::from_hex::<32>(&hex)?.to_vec())
}

/// Stable parameters for a name without an account: today's costs and a salt that is an HMAC of
/// the name, so asking twice gives the same answer, as it would for a real account.
fn fake_params(secret: &[u8], login_name: &str) -> Result<KdfParams> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .map_err(|_| ServerError::Internal("hmac key"))?;
    mac.update(b"yorisoi/v1/fake-login-params\0");
    mac.update(login_name.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&digest[..16]);
    Ok(KdfParams {
        m_cost_kib: staff_wrap::ARGON2_M_COST_KIB,
        t_cost: staff_wrap::ARGON2_T_COST,
        p_cost: staff_wrap::ARGON2_P_COST,
        salt,
    })
}

/// `POST /api/staff/login/params`: the Argon2id parameters and salt for a login name. Unknown
/// names get made-up but stable ones: the answer does not reveal who has an account.
pub async fn login_params(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginName>,
) -> Result<Json<LoginParams>> {
    if body.login_name.is_empty() || body.login_name.len() > 64 {
        return Err(ServerError::InvalidBody);
    }
    state.limiter.check("login", &ip, &body.login_name)?;
    let wrapped: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT wrapped_key FROM users WHERE login_name = ? AND disabled_at IS NULL",
    )
    .bind(&body.login_name)
    .fetch_optional(state.db())
    .await?;
    let kdf = match wrapped.and_then(|w| KdfParams::from_wrapped(&w).ok()) {
        Some(params) => params,
        None => fake_params(&params_secret(&state).await?, &body.login_name)?,
    };
    Ok(Json(LoginParams { kdf }))
}

/// Compared against when the name is unknown, so that path costs the same as a wrong secret.
const DUMMY_VERIFIER: [u8; 49] = [1; 49];

/// `POST /api/staff/login`: login secret and TOTP code; one generic 401 for any mistake.
pub async fn login(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<StaffLogin>,
) -> Result<Response> {
    if body.login_name.is_empty() || body.login_name.len() > 64 || body.totp_code.len() > 32 {
        return Err(ServerError::InvalidBody);
    }
    let secret = validate::bytes32(&body.login_secret)?;
    state.limiter.check("login", &ip, &body.login_name)?;
    let now = now_ms();
    let mut tx = db::begin_write(state.db()).await?;
    let row = sqlx::query(
        "SELECT id, login_verifier, totp_secret, totp_last_step, totp_confirmed FROM users \
         WHERE login_name = ? AND disabled_at IS NULL",
    )
    .bind(&body.login_name)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        let _ = domain::wrap::verifier::verify_secret(&DUMMY_VERIFIER, &secret);
        audit::append(
            &mut tx,
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
    let user_id: String = row.try_get("id")?;
    let verifier: Vec<u8> = row.try_get("login_verifier")?;
    let failure = if !domain::wrap::verifier::verify_secret(&verifier, &secret)? {
        Some((action::STAFF_LOGIN_FAILED, "secret"))
    } else if row.try_get::<i64, _>("totp_confirmed")? != 1 {
        Some((action::STAFF_LOGIN_FAILED, "totp_not_enrolled"))
    } else {
        let totp_secret: Vec<u8> = row.try_get("totp_secret")?;
        let last: Option<i64> = row.try_get("totp_last_step")?;
        match totp::verify(&totp_secret, &body.totp_code, now, last) {
            Verified::Accepted { step } => {
                // Conditional, so two concurrent logins with the same code cannot both pass.
                let updated = sqlx::query(
                    "UPDATE users SET totp_last_step = ? WHERE id = ? \
                     AND (totp_last_step IS NULL OR totp_last_step < ?)",
                )
                .bind(step)
                .bind(&user_id)
                .bind(step)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                (updated != 1).then_some((action::STAFF_TOTP_REUSED, "totp"))
            }
            Verified::Reused => Some((action::STAFF_TOTP_REUSED, "totp")),
            Verified::Invalid => Some((action::STAFF_TOTP_FAILED, "totp")),
        }
    };
    if let Some((code, detail)) = failure {
        audit::append(&mut tx, now, &user_id, code, "", detail).await?;
        tx.commit().await?;
        return Err(ServerError::InvalidCredentials);
    }
    audit::append(&mut tx, now, &user_id, action::STAFF_LOGIN, "", "").await?;
    session::end_presented(&mut tx, &headers).await?;
    let new = session::create(&mut tx, Kind::Staff, Some(&user_id), None, now).await?;
    tx.commit().await?;
    let body = staff_session(state.db(), &user_id, &new.csrf_token).await?;
    Ok(json_with_cookie(body, new.cookie()?))
}

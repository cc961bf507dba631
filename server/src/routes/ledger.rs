//! The device ledger (持ち出し管理台帳): which phone holds or held which brief version, since
//! when, when it was opened and when the phone confirmed deleting it. A partner sees its
//! volunteers' rows, a centre the rows of its referrals.

use axum::Json;
use axum::extract::State;
use domain::api::endpoints;
use domain::api::{LedgerEntry, StaffRole};

use super::ApiRouter;
use crate::auth::MemberCaller;
use crate::http::Result;
use crate::state::ApiState;
use crate::store::{self, referrals::Side};

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new().route(&endpoints::ORG_LEDGER, list)
}

async fn list(
    State(state): State<ApiState>,
    caller: MemberCaller,
) -> Result<Json<Vec<LedgerEntry>>> {
    let side = match caller.role {
        StaffRole::Caseworker => Side::Centre(&caller.organisation_id),
        // The extractor lets only members through: a coordinator here.
        _ => Side::Partner(&caller.organisation_id),
    };
    let mut conn = store::acquire(state.db()).await?;
    Ok(Json(
        store::ledger::list(&mut conn, side, state.now_ms()).await?,
    ))
}

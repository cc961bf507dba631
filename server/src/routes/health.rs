//! `GET /api/health`.

use axum::Json;
use axum::extract::State;
use domain::api::Health;
use domain::api::endpoints;

use super::ApiRouter;
use crate::http::Result;
use crate::state::AppState;
use crate::store;

pub(super) fn routes() -> ApiRouter {
    ApiRouter::new().route(&endpoints::HEALTH, get)
}

/// The relay is up and its database answers.
async fn get(State(state): State<AppState>) -> Result<Json<Health>> {
    let mut conn = store::acquire(&state.db).await?;
    let schema_version = store::db::schema_version(&mut conn).await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: "ok".into(),
        schema_version,
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

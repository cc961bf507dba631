use axum::Json;
use axum::extract::State;
use domain::wire::Health;

use crate::db;
use crate::error::Result;
use crate::state::AppState;

/// `GET /api/health`: the relay is up and its database answers.
pub async fn get(State(state): State<AppState>) -> Result<Json<Health>> {
    let schema_version = db::schema_version(&state.db).await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: "ok".into(),
        schema_version,
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

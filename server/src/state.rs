use std::path::PathBuf;

use sqlx::SqlitePool;

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub site_dir: PathBuf,
}

//! (to be written)

use crate::state::AppState;
use axum::Router;
use std::sync::Arc;

/// The routes of this page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
}

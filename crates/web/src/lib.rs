//! `xxgk serve`: the web application over a corpus, for the people who check
//! annual reports without a terminal (政务公开办 staff, evaluators), and its
//! JSON API under `/api/v1/`.
//!
//! One process, one SQLite corpus (the same database `xxgk ingest` writes).
//! Pages are rendered on the server from compiled templates (askama); the few
//! static files (style, scripts, ECharts) are embedded in the binary, so it
//! works on a machine without internet. Every route but the login page and the
//! static files needs a login (a session cookie) or an API token.
//!
//! - [`state`]: the database (a pool of read-only connections, the accounts);
//! - [`auth`]: passwords, sessions, API tokens, roles, CSRF;
//! - [`ui`]: the language of a page and the words every page shares;
//! - [`pages`]: the HTML pages; [`assets`]: the embedded static files;
//! - [`jobs`]: uploads ingested in the background; [`openapi`]: the API's
//!   OpenAPI document.

pub mod assets;
pub mod auth;
pub mod error;
pub mod jobs;
pub mod openapi;
pub mod pages;
pub mod state;
pub mod ui;

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use error::WebError;
pub use state::AppState;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The corpus database (created if missing).
    pub db: PathBuf,
    /// The largest upload accepted, in bytes (a request body over it is
    /// refused with 413 and a message).
    pub upload_limit: u64,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
}

impl Config {
    /// The defaults for `db`: 200 MiB uploads, cookies without `Secure`
    /// (plain HTTP on a local network).
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            upload_limit: 200 * 1024 * 1024,
            secure_cookies: false,
        }
    }
}

/// The application: every route, over the database of `config`.
pub fn app(config: Config) -> Result<Router, WebError> {
    let state = Arc::new(AppState::open(config)?);
    Ok(pages::router(state))
}

/// How often the server looks whether the dashboard's sums are of the
/// current data ([`AppState::keep_cube_current`]).
const CUBE_LOOK: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves the application on `addr` until Ctrl-C or SIGTERM; the dashboard's
/// sums are kept current in the background.
pub async fn serve(config: Config, addr: SocketAddr) -> Result<(), WebError> {
    let state = Arc::new(AppState::open(config)?);
    tokio::spawn(Arc::clone(&state).keep_cube_current(CUBE_LOOK));
    let app = pages::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| WebError::bind(addr, e))?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(WebError::io)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

//! Who is asking: passwords (argon2id), login sessions in an HttpOnly,
//! SameSite=Strict cookie, API tokens for scripts (`Authorization: Bearer`),
//! roles, and CSRF protection of every form.
//!
//! The secrets a browser or script holds are 32 random bytes; the database
//! keeps only their SHA-256 ([`xxgk_store::accounts`]). A form sent with a
//! session cookie must carry the session's CSRF token (the `csrf` field of a
//! URL-encoded form, `?csrf=` for a file upload, or the `X-CSRF-Token`
//! header); a request with an API token needs none, since no browser sends
//! it on its own.

use crate::error::WebError;
use crate::state::{blocking, AppState};
use crate::ui::{cookie, lang_of};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use xxgk_model::Lang;
use xxgk_store::accounts::{Role, User};

/// The session cookie.
pub const SESSION_COOKIE: &str = "xxgk_session";
/// How long a login lasts: a working day and a half.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// The largest URL-encoded form read to find its CSRF token.
const FORM_LIMIT: usize = 1024 * 1024;

/// The logged-in user of a request (put in the request's extensions by
/// [`require_login`]).
#[derive(Clone, Debug)]
pub struct Auth {
    /// The user.
    pub user: User,
    /// The session's CSRF token; `None` for an API token.
    pub csrf: Option<String>,
}

impl Auth {
    /// Refuses with 403 unless the user's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), WebError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(WebError::forbidden())
        }
    }

    /// The CSRF token to put in forms (empty for an API token).
    pub fn csrf(&self) -> String {
        self.csrf.clone().unwrap_or_default()
    }
}

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, WebError> {
    let mut salt = [0u8; 16];
    random(&mut salt)?;
    let salt = SaltString::encode_b64(&salt).map_err(hash_failed)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(hash_failed)
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash no password matches, verified when the user does not exist so that
/// a wrong name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy").unwrap_or_default())
}

fn hash_failed(err: argon2::password_hash::Error) -> WebError {
    WebError::internal(
        format!("无法计算密码散列：{err}"),
        format!("cannot hash the password: {err}"),
    )
}

/// A new secret: 32 random bytes, URL-safe base64.
pub fn new_secret() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    random(&mut bytes)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn random(buf: &mut [u8]) -> Result<(), WebError> {
    getrandom::fill(buf).map_err(|e| {
        WebError::internal(
            format!("系统随机数不可用：{e}"),
            format!("the system's random numbers are unavailable: {e}"),
        )
    })
}

/// What the database keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now, Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Checks a name and password; on success starts a session and returns the
/// secret for the cookie.
pub async fn login(
    state: &Arc<AppState>,
    name: String,
    password: String,
) -> Result<Option<String>, WebError> {
    let user = state
        .accounts(move |accounts| Ok(accounts.user_by_name(&name)?))
        .await?;
    let hash = user
        .as_ref()
        .filter(|u| !u.disabled)
        .map(|u| u.password.clone());
    let matches = blocking(move || {
        Ok(verify_password(
            hash.as_deref().unwrap_or(decoy_hash()),
            &password,
        ))
    })
    .await?;
    let Some(user) = user.filter(|u| matches && !u.disabled) else {
        return Ok(None);
    };
    let secret = new_secret()?;
    let csrf = new_secret()?;
    let hash = secret_hash(&secret);
    state
        .accounts(move |accounts| {
            let now = now();
            Ok(accounts.start_session(user.id, &hash, &csrf, now, now + SESSION_SECONDS)?)
        })
        .await?;
    Ok(Some(secret))
}

/// Ends the session of these headers, if any.
pub async fn logout(state: &Arc<AppState>, headers: &HeaderMap) -> Result<(), WebError> {
    if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let hash = secret_hash(&secret);
        state
            .accounts(move |accounts| Ok(accounts.end_session(&hash)?))
            .await?;
    }
    Ok(())
}

/// The `Set-Cookie` value of a session (or, with `None`, of its removal).
pub fn session_cookie(secret: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match secret {
        Some(secret) => format!(
            "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}"
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The user of a request: an API token, or a session cookie.
pub async fn resolve(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Option<Auth>, WebError> {
    if let Some(token) = bearer(headers) {
        let hash = secret_hash(&token);
        let user = state
            .accounts(move |accounts| Ok(accounts.token_user(&hash, now())?))
            .await?;
        return Ok(user.map(|user| Auth { user, csrf: None }));
    }
    let Some(secret) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = secret_hash(&secret);
    let session = state
        .accounts(move |accounts| Ok(accounts.session(&hash, now())?))
        .await?;
    Ok(session.map(|s| Auth {
        user: s.user,
        csrf: Some(s.csrf),
    }))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_string())
}

/// The middleware in front of every route but the login page and the static
/// files: no user → 401 for the API, a redirect to the login page otherwise;
/// a form without its CSRF token → 403.
pub async fn require_login(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let lang = lang_of(request.uri().query(), request.headers());
    let api = request.uri().path().starts_with("/api/");
    let auth = match resolve(&state, request.headers()).await {
        Ok(Some(auth)) => auth,
        Ok(None) if api => return unauthorized(lang),
        Ok(None) => return to_login(&request),
        Err(err) => return crate::pages::error_response(&err, lang, api),
    };
    let mut request = match checked_csrf(request, &auth).await {
        Ok(request) => request,
        Err(err) => return crate::pages::error_response(&err, lang, api),
    };
    request.extensions_mut().insert(auth);
    next.run(request).await
}

fn unauthorized(lang: Lang) -> Response {
    let message = match lang {
        Lang::Zh => "需要登录：请提供会话或 API 令牌（Authorization: Bearer …）",
        Lang::En => "login required: send a session or an API token (Authorization: Bearer …)",
    };
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        axum::Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

fn to_login(request: &Request) -> Response {
    let wanted = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let next: String = form_urlencoded::byte_serialize(wanted.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// Lets a safe request through; an unsafe one sent with a session cookie must
/// carry the session's CSRF token.
async fn checked_csrf(request: Request, auth: &Auth) -> Result<Request, WebError> {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let Some(expected) = auth.csrf.as_deref() else {
        return Ok(request);
    };
    if safe {
        return Ok(request);
    }
    let in_header = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let in_query = request
        .uri()
        .query()
        .and_then(|q| field(q.as_bytes(), "csrf"));
    if let Some(given) = in_header.or(in_query) {
        return if same(&given, expected) {
            Ok(request)
        } else {
            Err(csrf_refused())
        };
    }
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return Err(csrf_refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        WebError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "表单过大",
            "the form is too large",
        )
    })?;
    match field(&bytes, "csrf") {
        Some(given) if same(&given, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(csrf_refused()),
    }
}

fn field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Compares in constant time.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn csrf_refused() -> WebError {
    WebError::new(
        StatusCode::FORBIDDEN,
        "表单已过期或来源不明（缺少 CSRF 令牌），请刷新页面后重试",
        "the form has expired or did not come from this site (missing CSRF token); reload the page and try again",
    )
}

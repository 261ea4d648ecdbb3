//! Errors of the web application, each with a message in both languages and
//! the HTTP status it answers with. Nothing a request does makes the server
//! panic: a bad request is a 4xx with a message, a failure of ours a 5xx.

use axum::http::StatusCode;
use std::net::SocketAddr;
use xxgk_model::{Lang, Message};
use xxgk_store::{StoreError, StoreErrorKind};

/// Why a request (or starting the server) failed.
#[derive(Debug)]
pub struct WebError {
    /// The status the request is answered with.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: Message,
}

impl WebError {
    /// An error with `status` and its message in Chinese and English.
    pub fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError {
            status,
            message: Message::new(zh, en),
        }
    }

    /// 404: the thing asked for does not exist.
    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError::new(StatusCode::NOT_FOUND, zh, en)
    }

    /// 400: the request itself is wrong.
    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError::new(StatusCode::BAD_REQUEST, zh, en)
    }

    /// 403: logged in, but the role does not allow it.
    pub fn forbidden() -> WebError {
        WebError::new(
            StatusCode::FORBIDDEN,
            "您的角色没有此操作的权限",
            "your role does not allow this",
        )
    }

    /// The address could not be listened on.
    pub fn bind(addr: SocketAddr, err: std::io::Error) -> WebError {
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法监听 {addr}：{err}"),
            format!("cannot listen on {addr}: {err}"),
        )
    }

    /// An I/O failure of the server.
    pub fn io(err: std::io::Error) -> WebError {
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("服务器输入输出错误：{err}"),
            format!("server I/O error: {err}"),
        )
    }

    /// A failure of ours that the user cannot fix (a worker crashed).
    pub fn internal(zh: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError::new(StatusCode::INTERNAL_SERVER_ERROR, zh, en)
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> WebError {
        let status = match err.kind {
            StoreErrorKind::NotFound => StatusCode::NOT_FOUND,
            StoreErrorKind::Busy => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        WebError {
            status,
            message: err.message,
        }
    }
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for WebError {}

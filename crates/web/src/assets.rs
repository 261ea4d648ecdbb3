//! The static files, embedded in the binary: the server works on a machine
//! without internet (many government intranets have none). Vendored files
//! come from the npm registry at development time (see `assets/vendor/README.md`).

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// One embedded file: its name under `/static/`, its media type, its bytes.
struct Asset {
    name: &'static str,
    mime: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "xxgk.css",
        mime: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/xxgk.css"),
    },
    Asset {
        name: "xxgk.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/xxgk.js"),
    },
    Asset {
        name: "report.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/report.js"),
    },
    Asset {
        name: "upload.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/upload.js"),
    },
    // The dashboard's charts: ECharts from the npm registry (assets/vendor/README.md).
    Asset {
        name: "echarts.min.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/echarts.min.js"),
    },
    Asset {
        name: "dashboard.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/dashboard.js"),
    },
];

/// `GET /static/{name}`: an embedded file, cached for a day.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

//! The OpenAPI 3.1 document of the JSON API (`GET /api/v1/openapi.json`):
//! every endpoint, its parameters, its answers and their JSON Schemas, and
//! the two ways to authenticate (the session cookie, a bearer token).
//!
//! The schemas of the public contracts follow `xxgk/report@1` and
//! `xxgk/findings@1`: the fields the contracts fix are required, other
//! fields may be added. Table cells are numbers or `null` (blank is never
//! 0); the row and column keys are the model's and are not repeated here.
//! A test calls every endpoint on a real corpus and validates each answer
//! against the schema given here, and compares the paths with the router's.

use crate::pages::api::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use serde_json::{json, Value};

/// The document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk API",
            "version": "1",
            "description": "The corpus of 政府信息公开工作年度报告 behind `xxgk serve`: reports (xxgk/report@1), their findings (xxgk/findings@1), cells, comparisons, coverage, statistics, and uploads. Messages are Chinese by default, English with ?lang=en.",
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "cookie": [] }, { "bearer": [] }],
        "paths": paths(),
        "components": {
            "securitySchemes": {
                "cookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": crate::auth::SESSION_COOKIE,
                    "description": "The login session of the web pages. A POST with the cookie needs the session's CSRF token (header X-CSRF-Token, or ?csrf=).",
                },
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token made on the account page (/account).",
                },
            },
            "parameters": parameters(),
            "responses": responses(),
            "schemas": schemas(),
        },
    })
}

fn param(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

fn query(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    })
}

fn ok_json(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } },
    })
}

fn error(code: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{code}") })
}

fn operation(
    id: &str,
    summary: &str,
    params: Vec<Value>,
    ok: (&str, Value),
    errors: &[&str],
) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(ok.0.to_string(), ok.1);
    for code in errors {
        responses.insert(code.to_string(), error(code));
    }
    responses.insert("401".to_string(), error("401"));
    let mut params = params;
    params.push(param("lang"));
    json!({
        "operationId": id,
        "summary": summary,
        "parameters": params,
        "responses": responses,
    })
}

fn paths() -> Value {
    let filter = [
        "year", "format", "template", "region", "level", "body", "severity", "copies",
    ];
    let mut list_params: Vec<Value> = filter.iter().map(|p| param(p)).collect();
    list_params.push(param("page"));
    list_params.push(param("per_page"));
    json!({
        "/reports": { "get": operation(
            "listReports",
            "The reports the filter admits, a page at a time (as the /reports page lists them), with their finding counts",
            list_params,
            ("200", ok_json("One page of the list and the total", "ReportList")),
            &["400"],
        )},
        "/reports/{id}": { "get": operation(
            "getReport",
            "The report as xxgk/report@1, as `xxgk extract` prints it",
            vec![param("id")],
            ("200", ok_json("The report", "Report")),
            &["400", "404"],
        )},
        "/reports/{id}/findings": { "get": operation(
            "getFindings",
            "The report's findings as xxgk/findings@1, as `xxgk check --format json` prints them, cross-report findings included",
            vec![param("id")],
            ("200", ok_json("The findings of the report", "Findings")),
            &["400", "404"],
        )},
        "/reports/{id}/cells.csv": { "get": operation(
            "getCells",
            "Every cell of the report in long form, as `xxgk extract --format csv` prints it (UTF-8 with a BOM)",
            vec![param("id")],
            ("200", json!({
                "description": "The cells as CSV: file, agency, year, template, table, row, column, value, raw, line, column_in_line",
                "content": { "text/csv": { "schema": { "type": "string" } } },
            })),
            &["400", "404"],
        )},
        "/compare": { "get": operation(
            "compare",
            "One body's reports side by side across the years, as `xxgk compare --format json` prints them",
            vec![query("body", "The body: full, short or traditional name", json!({ "type": "string" }), true)],
            ("200", ok_json("The comparison", "Comparison")),
            &["400", "404"],
        )},
        "/coverage": { "get": operation(
            "coverage",
            "Which bodies of the agency list have no report for a year, as `xxgk coverage --format json` prints it",
            vec![query("year", "The report year", json!({ "type": "integer" }), true)],
            ("200", ok_json("The coverage of the year", "Coverage")),
            &["400", "404"],
        )},
        "/stats": { "get": operation(
            "stats",
            "Statistics grouped by the dimensions named, as `xxgk stats --format json` prints them",
            vec![query(
                "by",
                "Dimensions, separated by commas, in order (default year)",
                json!({ "type": "string", "pattern": "^(year|format|region|level|template)(,(year|format|region|level|template))*$" }),
                false,
            )],
            ("200", ok_json("The groups", "Stats")),
            &["400"],
        )},
        "/upload": { "post": {
            "operationId": "upload",
            "summary": "Uploads report files (PDF, DOCX, HTML, text, ZIP archives of them) and optionally an agency list, ingested in the background as `xxgk ingest` does; role reviewer or admin",
            "parameters": [param("lang")],
            "requestBody": {
                "required": true,
                "content": { "multipart/form-data": { "schema": {
                    "type": "object",
                    "properties": {
                        "files": { "type": "array", "items": { "type": "string", "contentMediaType": "application/octet-stream" }, "description": "Report files or ZIP archives; the file name is kept (a relative path is allowed, never .. or an absolute path)" },
                        "agencies": { "type": "string", "contentMediaType": "text/csv", "description": "An agency list in the format of xxgk ingest --agencies" },
                    },
                }}},
            },
            "responses": {
                "202": {
                    "description": "The job is queued; follow it at /api/v1/jobs/{id}",
                    "headers": { "Location": { "schema": { "type": "string" }, "description": "The job's API address" } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/UploadAccepted" } } },
                },
                "400": error("400"),
                "401": error("401"),
                "403": error("403"),
                "413": error("413"),
            },
        }},
        "/jobs/{id}": { "get": operation(
            "getJob",
            "An upload job: progress, and when finished its summary, failures and reports (the last 100 jobs are kept in memory)",
            vec![json!({ "name": "id", "in": "path", "required": true, "description": "The job number", "schema": { "type": "integer", "minimum": 1 } })],
            ("200", ok_json("The job", "Job")),
            &["400", "404"],
        )},
        "/openapi.json": { "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": { "description": "The OpenAPI 3.1 document", "content": { "application/json": { "schema": { "type": "object", "required": ["openapi", "paths"] } } } },
                "401": error("401"),
            },
        }},
    })
}

fn parameters() -> Value {
    let text = json!({ "type": "string" });
    json!({
        "lang": query("lang", "The language of messages and labels: zh (default) or en", json!({ "type": "string", "enum": ["zh", "en"] }), false),
        "id": { "name": "id", "in": "path", "required": true, "description": "The report's id", "schema": { "type": "integer" } },
        "year": query("year", "The report year", json!({ "type": "integer" }), false),
        "format": query("format", "The source format (text, markdown, html, docx, pdf)", text.clone(), false),
        "template": query("template", "The official format (2019 or 2021)", text.clone(), false),
        "region": query("region", "The region in the agency list; a region admits its sub-regions", text.clone(), false),
        "level": query("level", "The level in the agency list", text.clone(), false),
        "body": query("body", "Text in the body, the printed agency or the file name", text.clone(), false),
        "severity": query("severity", "Only reports with a finding of this severity", json!({ "type": "string", "enum": ["error", "warning", "info"] }), false),
        "copies": query("copies", "Also the reports marked as copies of another", json!({ "type": "boolean" }), false),
        "page": query("page", "The page, from 1", json!({ "type": "integer", "minimum": 1, "default": 1 }), false),
        "per_page": query("per_page", "Reports per page", json!({ "type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE }), false),
    })
}

fn responses() -> Value {
    let answer = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
        })
    };
    json!({
        "400": answer("A parameter is wrong; the message names it"),
        "401": answer("No session and no valid API token"),
        "403": answer("The user's role does not allow this"),
        "404": answer("No such report, body, job or agency list"),
        "413": answer("The upload is over the server's limit; the message says the limit"),
    })
}

fn schemas() -> Value {
    let text_or_null = json!({ "type": ["string", "null"] });
    let int_or_null = json!({ "type": ["integer", "null"] });
    let count = json!({ "type": "integer", "minimum": 0 });
    let mut all = json!({});
    merge(
        &mut all,
        json!({
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": { "error": { "type": "string", "description": "What went wrong, in the request's language" } },
            },
            "ReportRow": {
                "type": "object",
                "required": ["id", "url", "file", "sha256", "format", "agency", "body", "year", "template", "published", "extractor", "copy_of", "errors", "warnings", "infos"],
                "properties": {
                    "id": { "type": "integer" },
                    "url": { "type": "string", "description": "The report's page" },
                    "file": { "type": "string", "description": "The name it was first ingested as" },
                    "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                    "format": { "type": "string" },
                    "agency": text_or_null,
                    "body": { "type": ["string", "null"], "description": "The body the corpus pass attributes it to" },
                    "year": int_or_null,
                    "template": { "enum": ["2019", "2021", null] },
                    "published": text_or_null,
                    "extractor": { "type": "string" },
                    "copy_of": { "type": ["integer", "null"], "description": "The report this one repeats" },
                    "errors": count,
                    "warnings": count,
                    "infos": count,
                },
            },
            "ReportList": {
                "type": "object",
                "required": ["total", "page", "per_page", "reports"],
                "properties": {
                    "total": count,
                    "page": { "type": "integer", "minimum": 1 },
                    "per_page": { "type": "integer", "minimum": 1 },
                    "reports": { "type": "array", "items": { "$ref": "#/components/schemas/ReportRow" } },
                },
            },
            "Cell": { "type": ["number", "null"], "description": "A printed number (a count, or money in 万元); null when blank or unreadable, never 0" },
            "Table": {
                "type": ["object", "null"],
                "description": "Rows (or table 4's groups) by key, each an object of cells by column key; null when the report has no such table",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": { "$ref": "#/components/schemas/Cell" },
                },
            },
        }),
    );
    merge(
        &mut all,
        json!({
            "Report": {
                "type": "object",
                "description": "xxgk/report@1 (report-json.md); other fields may be added",
                "required": ["schema", "source", "agency", "year", "template", "published", "active", "requests", "appeals"],
                "properties": {
                    "schema": { "const": "xxgk/report@1" },
                    "source": {
                        "type": "object",
                        "required": ["file", "format", "sha256"],
                        "properties": {
                            "file": { "type": "string" },
                            "format": { "enum": ["text", "markdown", "html", "docx", "pdf"] },
                            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                        },
                    },
                    "agency": text_or_null,
                    "year": int_or_null,
                    "template": { "enum": ["2019", "2021", null] },
                    "published": { "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                    "active": { "$ref": "#/components/schemas/Table" },
                    "requests": { "$ref": "#/components/schemas/Table" },
                    "appeals": { "$ref": "#/components/schemas/Table" },
                },
            },
            "Finding": {
                "type": "object",
                "required": ["rule", "severity", "message", "cells", "span"],
                "properties": {
                    "rule": { "type": "string" },
                    "severity": { "enum": ["error", "warning", "info"] },
                    "message": { "type": "string" },
                    "cells": { "type": "array", "items": { "type": "string" } },
                    "span": {
                        "type": ["object", "null"],
                        "properties": {
                            "line": { "type": "integer" },
                            "column": { "type": "integer" },
                            "end_line": { "type": "integer" },
                            "end_column": { "type": "integer" },
                        },
                    },
                },
            },
            "Findings": {
                "type": "object",
                "description": "xxgk/findings@1 (diagnostics-json.md)",
                "required": ["schema", "file", "report", "error", "findings"],
                "properties": {
                    "schema": { "const": "xxgk/findings@1" },
                    "file": { "type": "string" },
                    "report": { "$ref": "#/components/schemas/Report" },
                    "error": { "type": "null" },
                    "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } },
                },
            },
        }),
    );
    merge(
        &mut all,
        json!({
            "Comparison": {
                "type": "object",
                "required": ["body", "years", "rows", "repeats"],
                "properties": {
                    "body": { "type": "string" },
                    "years": { "type": "array", "items": {
                        "type": "object",
                        "required": ["year", "report_id", "file", "agency", "template", "errors", "warnings", "copies", "others"],
                        "properties": {
                            "year": { "type": "integer" },
                            "report_id": { "type": "integer" },
                            "file": { "type": "string" },
                            "agency": text_or_null,
                            "template": text_or_null,
                            "errors": count,
                            "warnings": count,
                            "copies": { "type": "array", "items": { "type": "string" } },
                            "others": { "type": "array", "items": { "type": "string" } },
                        },
                    }},
                    "rows": { "type": "array", "items": {
                        "type": "object",
                        "required": ["path", "label", "values", "changes"],
                        "properties": {
                            "path": { "type": "string" },
                            "label": { "type": "string" },
                            "values": { "type": "array", "items": { "$ref": "#/components/schemas/Cell" } },
                            "changes": { "type": "array", "items": { "$ref": "#/components/schemas/Cell" } },
                        },
                    }},
                    "repeats": { "type": "array", "items": {
                        "type": "object",
                        "required": ["year", "section", "ratio"],
                        "properties": {
                            "year": { "type": "integer" },
                            "section": { "enum": [1, 5] },
                            "ratio": { "type": "number", "minimum": 0, "maximum": 1 },
                        },
                    }},
                },
            },
            "Coverage": {
                "type": "object",
                "required": ["year", "listed", "covered", "missing", "unlisted_reports"],
                "properties": {
                    "year": { "type": "integer" },
                    "listed": count,
                    "covered": count,
                    "missing": { "type": "array", "items": {
                        "type": "object",
                        "required": ["name", "region", "level", "parent"],
                        "properties": {
                            "name": { "type": "string" },
                            "region": text_or_null,
                            "level": text_or_null,
                            "parent": text_or_null,
                        },
                    }},
                    "unlisted_reports": count,
                },
            },
        }),
    );
    merge(
        &mut all,
        json!({
            "Total": {
                "type": "object",
                "required": ["sum", "reports"],
                "properties": {
                    "sum": { "type": "number", "description": "The sum of the values printed" },
                    "reports": { "type": "integer", "minimum": 0, "description": "How many reports printed a value" },
                },
            },
            "Rate": {
                "type": "object",
                "required": ["numerator", "denominator", "value"],
                "properties": {
                    "numerator": { "$ref": "#/components/schemas/Total" },
                    "denominator": { "$ref": "#/components/schemas/Total" },
                    "value": { "type": ["number", "null"], "description": "numerator ÷ denominator; null when the denominator is 0" },
                },
            },
            "Appeals": {
                "type": "object",
                "required": ["total", "corrected", "correction_rate"],
                "properties": {
                    "total": { "$ref": "#/components/schemas/Total" },
                    "corrected": { "$ref": "#/components/schemas/Total" },
                    "correction_rate": { "$ref": "#/components/schemas/Rate" },
                },
            },
        }),
    );
    merge(
        &mut all,
        json!({
            "Stats": {
                "type": "object",
                "required": ["by", "groups", "copies_left_out"],
                "properties": {
                    "by": { "type": "array", "items": { "enum": ["year", "format", "region", "level", "template"] } },
                    "copies_left_out": count,
                    "groups": { "type": "array", "items": {
                        "type": "object",
                        "required": ["key", "reports", "bodies", "received", "concluded", "outcomes", "disclosure_rate", "review", "litigation", "bodies_with_errors", "findings"],
                        "properties": {
                            "key": { "type": "array", "items": { "type": "string" }, "description": "The group's value of each dimension; empty when unknown" },
                            "reports": count,
                            "bodies": count,
                            "received": { "$ref": "#/components/schemas/Total" },
                            "concluded": { "$ref": "#/components/schemas/Total" },
                            "outcomes": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Total" } },
                            "disclosure_rate": { "$ref": "#/components/schemas/Rate" },
                            "review": { "$ref": "#/components/schemas/Appeals" },
                            "litigation": { "$ref": "#/components/schemas/Appeals" },
                            "bodies_with_errors": count,
                            "findings": { "type": "array", "items": count, "minItems": 3, "maxItems": 3, "description": "Errors, warnings, infos" },
                        },
                    }},
                },
            },
            "UploadAccepted": {
                "type": "object",
                "required": ["id", "url", "api"],
                "properties": {
                    "id": { "type": "integer", "minimum": 1 },
                    "url": { "type": "string", "description": "The job's page" },
                    "api": { "type": "string", "description": "The job's API address" },
                },
            },
        }),
    );
    merge(
        &mut all,
        json!({
            "Job": {
                "type": "object",
                "required": ["id", "url", "state", "state_text", "done", "total", "summary", "failures", "reports", "error"],
                "properties": {
                    "id": { "type": "integer", "minimum": 1 },
                    "url": { "type": "string" },
                    "state": { "enum": ["queued", "waiting", "ingesting", "cross", "done", "failed"], "description": "waiting: another process (xxgk ingest) is writing the corpus; the job tries again" },
                    "state_text": { "type": "string" },
                    "done": count,
                    "total": count,
                    "summary": {
                        "type": ["object", "null"],
                        "required": ["inputs", "added", "reextracted", "unchanged", "failed"],
                        "properties": {
                            "inputs": count,
                            "added": count,
                            "reextracted": count,
                            "unchanged": count,
                            "failed": count,
                        },
                    },
                    "failures": { "type": "array", "items": {
                        "type": "object",
                        "required": ["file", "reason"],
                        "properties": { "file": { "type": "string" }, "reason": { "type": "string" } },
                    }},
                    "reports": { "type": "array", "items": {
                        "type": "object",
                        "required": ["id", "file", "url"],
                        "properties": { "id": { "type": "integer" }, "file": { "type": "string" }, "url": { "type": "string" } },
                    }},
                    "error": text_or_null,
                },
            },
        }),
    );
    all
}

/// Adds the fields of `more` to `all` (both objects).
fn merge(all: &mut Value, more: Value) {
    if let (Value::Object(all), Value::Object(more)) = (all, more) {
        all.extend(more);
    }
}

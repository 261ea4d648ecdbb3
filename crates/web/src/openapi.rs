//! The OpenAPI 3.1 document of the JSON API (`GET /api/v1/openapi.json`):
//! every endpoint, its parameters, its answers and their JSON Schemas, and
//! the two ways to authenticate (the session cookie, a bearer token).
//!
//! The schemas of the public contracts follow `xxgk/report@1` and
//! `xxgk/findings@1`: the fields the contracts fix are required, other
//! fields may be added. Table cells are numbers or `null` (blank is never
//! 0); the row and column keys are the model's and are not repeated here.
//! The register's documents are those of `xxgk register … --format json`
//! ([`xxgk_register::json`]); their enumerations (applicant types, channels,
//! outcome rows) are taken from the register library, not retyped.
//!
//! A test calls every endpoint on a real corpus and validates each answer
//! against the schema given here, and compares the paths with the router's.

use crate::pages::api::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use crate::pages::register::DUE_SOON_DAYS;
use serde_json::{json, Value};
use xxgk_register::case::MAX_EXTENSION_DAYS;
use xxgk_register::{Applicant, Channel, Outcome};

/// The document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk API",
            "version": "1",
            "description": "The corpus of 政府信息公开工作年度报告 behind `xxgk serve`: reports (xxgk/report@1), their findings (xxgk/findings@1), cells, comparisons, coverage, statistics, and uploads; and the request register (依申请公开台账): cases with their deadlines and history, the due list, and table 3 counted from the cases, as `xxgk register … --format json` prints them. Messages are Chinese by default, English with ?lang=en.",
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
    let mut all = corpus_paths();
    merge(&mut all, register_paths());
    all
}

fn corpus_paths() -> Value {
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

/// `op` with a JSON request body of schema `schema`; a 400 answers with the
/// register's problems.
fn with_body(mut op: Value, schema: &str, description: &str) -> Value {
    op["responses"]["400"] = json!({ "$ref": "#/components/responses/RegisterRefused" });
    op["requestBody"] = json!({
        "required": true,
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } },
    });
    op
}

fn register_paths() -> Value {
    let case_id = json!({ "name": "id", "in": "path", "required": true, "description": "The register number (登记号)", "schema": { "type": "string" } });
    let created = json!({
        "description": "The case as stored (version 1, or the next version of a removed case's number), as GET /register/cases/{id} gives it",
        "headers": { "Location": { "schema": { "type": "string" }, "description": "The case's API address" } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegisterCaseShown" } } },
    });
    json!({
        "/register/cases": {
            "get": operation(
                "listRegisterCases",
                "The cases of the register (removed ones left out), by date received and register number, as `xxgk register list --format json` prints them",
                vec![
                    query("year", "Only cases received in this year", json!({ "type": "integer" }), false),
                    query("open", "Only cases not yet concluded", json!({ "type": "boolean" }), false),
                ],
                ("200", ok_json("The cases", "RegisterCaseList")),
                &["400"],
            ),
            "post": with_body(
                operation(
                    "addRegisterCase",
                    "Registers a new request, as `xxgk register add` does, validated by the register's rules; role reviewer or admin. Who added it is the logged-in user",
                    vec![],
                    ("201", created),
                    &["400", "403", "409", "413"],
                ),
                "RegisterCaseAdd",
                "The fields of `xxgk register add`",
            ),
        },
        "/register/cases/{id}": {
            "get": operation(
                "getRegisterCase",
                "One case as `xxgk register show --format json` prints it: the record, its version and last change, its due date and status, and its history",
                vec![case_id.clone()],
                ("200", ok_json("The case", "RegisterCaseShown")),
                &["400", "404"],
            ),
            "post": with_body(
                operation(
                    "updateRegisterCase",
                    "Records steps of a case, as `xxgk register update` does; role reviewer or admin. The change names the version it is based on: if the case was changed since, it is refused with 409 and nothing is written",
                    vec![case_id.clone()],
                    ("200", ok_json("The case as stored after the change", "RegisterCaseShown")),
                    &["400", "403", "404", "409", "413"],
                ),
                "RegisterCaseUpdate",
                "The fields of `xxgk register update`",
            ),
            "delete": operation(
                "removeRegisterCase",
                "Removes a case registered by mistake, as `xxgk register remove` and the case page do; role reviewer or admin. The case leaves the lists and table 3; its history stays, and its number may be registered again",
                vec![
                    case_id,
                    query("based_on", "The case's current version (a stale one is refused with 409)", json!({ "type": "integer", "minimum": 1 }), true),
                ],
                ("200", ok_json("The case was removed", "RegisterRemoved")),
                &["400", "403", "404", "409"],
            ),
        },
        "/register/due": { "get": operation(
            "registerDue",
            "The open cases overdue or due within some working days, by due date, as `xxgk register due --format json` prints them",
            vec![
                query("as_of", "The day to look from (default: today in Beijing)", json!({ "type": "string", "format": "date" }), false),
                query("within", "Working days to look ahead", json!({ "type": "integer", "minimum": 0, "default": DUE_SOON_DAYS }), false),
            ],
            ("200", ok_json("The cases due", "RegisterDue")),
            &["400"],
        )},
        "/register/table3": { "get": operation(
            "registerTable3",
            "Table 3 of a report year counted from the register, with the check rules' findings on it, as `xxgk register table3 --format json` prints it",
            vec![query("year", "The report year", json!({ "type": "integer" }), true)],
            ("200", ok_json("Table 3 counted from the register", "RegisterTable3")),
            &["400"],
        )},
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
        "404": answer("No such report, body, job, agency list or register case"),
        "RegisterRefused": {
            "description": "A field is wrong, or the register does not admit the case (条例's rules, dates in order, …); the message names the field, and problems lists every problem",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegisterRefused" } } },
        },
        "409": {
            "description": "The register refused the change: the register number exists already, or the case was changed since the version the change was based on (the message says by whom and when, and current_version the version now stored)",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegisterConflict" } } },
        },
        "413": answer("The request is over the server's limit; the message says the limit"),
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
    merge(&mut all, register_schemas());
    all
}

/// The schemas of the register's documents and requests.
fn register_schemas() -> Value {
    let date = json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
    let text = json!({ "type": "string" });
    let applicants: Vec<&str> = Applicant::ALL.iter().map(|a| a.key()).collect();
    let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.en()).collect();
    let outcomes: Vec<&str> = Outcome::all().map(|o| o.key()).collect();
    let mut all = json!({
        "RegisterCase": {
            "type": "object",
            "description": "A request as the register keeps it; a step not recorded is left out",
            "required": ["id", "applicant", "channel", "received", "content"],
            "properties": {
                "id": { "type": "string", "description": "The register number (登记号)" },
                "applicant": { "enum": applicants, "description": "The applicant type: a column of table 3" },
                "applicant_name": text,
                "channel": { "enum": channels, "description": "How it arrived; decides the day it counts as received (条例第三十一条)" },
                "received": date,
                "content": text,
                "assignee": text,
                "correction": {
                    "type": "object",
                    "required": ["notice"],
                    "properties": { "notice": date, "corrected": date },
                },
                "consultations": { "type": "array", "items": {
                    "type": "object",
                    "required": ["start"],
                    "properties": { "party": text, "start": date, "end": date },
                }},
                "extension": {
                    "type": "object",
                    "required": ["approved", "approver", "days"],
                    "properties": {
                        "approved": date,
                        "approver": text,
                        "days": { "type": "integer", "minimum": 1, "maximum": MAX_EXTENSION_DAYS },
                    },
                },
                "fee": {
                    "type": "object",
                    "required": ["basis", "amount", "notice"],
                    "properties": {
                        "basis": { "oneOf": [
                            { "type": "object", "required": ["by", "nth"], "properties": { "by": { "const": "count" }, "nth": { "type": "integer", "minimum": 0 } } },
                            { "type": "object", "required": ["by", "pages"], "properties": { "by": { "const": "pages" }, "pages": { "type": "integer", "minimum": 0 } } },
                        ]},
                        "amount": { "type": "integer", "minimum": 0, "description": "元, as 国办函〔2020〕109号 computes it" },
                        "notice": date,
                        "paid": date,
                    },
                },
                "concluded": date,
                "outcome": { "enum": outcomes, "description": "The outcome row of table 3 (its key)" },
            },
        },
        "RegisterCaseListed": {
            "type": "object",
            "required": ["case", "version", "updated_at", "updated_by", "due", "status"],
            "properties": {
                "case": { "$ref": "#/components/schemas/RegisterCase" },
                "version": { "type": "integer", "minimum": 1, "description": "What a change names as based_on" },
                "updated_at": { "type": "string", "description": "When it was last changed (UTC)" },
                "updated_by": { "type": "string" },
                "due": { "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "The last day to answer; null when no deadline runs or the calendar does not cover it" },
                "status": { "enum": ["running", "awaiting_correction", null] },
            },
        },
        "RegisterCaseList": { "type": "array", "items": { "$ref": "#/components/schemas/RegisterCaseListed" } },
        "RegisterHistoryEntry": {
            "type": "object",
            "required": ["version", "at", "who", "action", "case"],
            "properties": {
                "version": { "type": "integer", "minimum": 1 },
                "at": { "type": "string", "description": "UTC" },
                "who": { "type": "string", "description": "The user who made the change" },
                "action": { "enum": ["add", "update", "remove", "import"] },
                "case": { "anyOf": [{ "$ref": "#/components/schemas/RegisterCase" }, { "type": "null" }], "description": "The case after the change; null when it removed the case" },
            },
        },
        "RegisterCaseShown": {
            "allOf": [
                { "$ref": "#/components/schemas/RegisterCaseListed" },
                {
                    "type": "object",
                    "required": ["history"],
                    "properties": { "history": { "type": "array", "items": { "$ref": "#/components/schemas/RegisterHistoryEntry" }, "description": "Every change, oldest first" } },
                },
            ],
        },
    });
    merge(
        &mut all,
        json!({
            "RegisterDue": {
                "type": "object",
                "required": ["as_of", "within", "cases", "beyond_calendar"],
                "properties": {
                    "as_of": date,
                    "within": { "type": "integer", "minimum": 0 },
                    "beyond_calendar": { "type": "array", "description": "Open cases whose deadline the holiday calendar does not cover: not in cases, named here", "items": {
                        "type": "object",
                        "required": ["id", "version", "reason"],
                        "properties": {
                            "id": text,
                            "version": { "type": "integer", "minimum": 1 },
                            "reason": text,
                        },
                    }},
                    "cases": { "type": "array", "items": {
                        "type": "object",
                        "required": ["id", "version", "due", "working_days_left", "overdue", "assignee", "content"],
                        "properties": {
                            "id": text,
                            "version": { "type": "integer", "minimum": 1 },
                            "due": date,
                            "working_days_left": { "type": "integer", "description": "Negative: overdue by that many working days" },
                            "overdue": { "type": "boolean" },
                            "assignee": { "type": ["string", "null"] },
                            "content": text,
                        },
                    }},
                },
            },
            "RegisterTable3": {
                "type": "object",
                "required": ["year", "cases", "requests", "findings"],
                "properties": {
                    "year": { "type": "integer" },
                    "cases": { "type": "integer", "minimum": 0, "description": "How many cases of the register it was counted from" },
                    "requests": { "allOf": [{ "$ref": "#/components/schemas/Table" }, { "type": "object" }], "description": "Table 3 as xxgk/report@1 holds it" },
                    "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" }, "description": "The findings of xxgk check's rules on table 3" },
                },
            },
            "RegisterRemoved": {
                "type": "object",
                "description": "A removed case, as `xxgk register show ID --format json` prints it",
                "required": ["id", "version", "removed", "history"],
                "properties": {
                    "id": text,
                    "version": { "type": "integer", "minimum": 2, "description": "The version the removal made" },
                    "removed": { "const": true },
                    "history": { "type": "array", "items": { "$ref": "#/components/schemas/RegisterHistoryEntry" }, "description": "Every change, oldest first, the removal last" },
                },
            },
            "RegisterRefused": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": { "type": "string", "description": "What went wrong, naming the field or parameter" },
                    "problems": { "type": "array", "description": "When the register does not admit the case: every problem, by field of the case (correction.notice, extension.approved, …)", "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": { "field": text, "message": text },
                    }},
                },
            },
            "RegisterConflict": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": { "type": "string" },
                    "current_version": { "type": "integer", "minimum": 1, "description": "The version stored now, when the change was based on an older one" },
                },
            },
        }),
    );
    merge(&mut all, register_requests());
    all
}

/// The request bodies of the register's writes: the fields of
/// `xxgk register add` and `update`.
fn register_requests() -> Value {
    let text = json!({ "type": ["string", "null"] });
    let day = |description: &str| json!({ "type": ["string", "null"], "description": description });
    json!({
        "RegisterCaseAdd": {
            "type": "object",
            "description": "A new case: the fields of `xxgk register add`. Who adds it is the logged-in user (a field by is refused)",
            "required": ["id", "applicant", "channel", "received"],
            "additionalProperties": false,
            "properties": {
                "id": { "type": "string", "description": "The register number (登记号), unique" },
                "applicant": { "type": "string", "description": "The applicant type: its key (natural_person), its label (自然人, 商业企业, …) or a printed form (社会组织)" },
                "channel": { "type": "string", "description": "当面, 邮寄, 平邮, 网络, 传真, or in-person, registered-mail, letter, online, fax" },
                "received": { "type": "string", "description": "The day it counts as received: 2025-01-20 (2025/1/20 and 2025年1月20日 are read too)" },
                "name": { "type": ["string", "null"], "description": "The applicant's name" },
                "content": { "type": ["string", "null"], "description": "What was asked for" },
                "assignee": { "type": ["string", "null"], "description": "Who handles it" },
            },
        },
        "RegisterCaseUpdate": {
            "type": "object",
            "description": "Steps of a case: the fields of `xxgk register update`, applied as it applies them. Dates are written as in RegisterCaseAdd's received",
            "required": ["based_on"],
            "additionalProperties": false,
            "properties": {
                "based_on": { "type": "integer", "minimum": 1, "description": "The version the change is based on (version of GET /register/cases/{id})" },
                "assignee": text,
                "content": text,
                "correction_notice": day("The day a correction notice (补正) was sent"),
                "corrected": day("The day the corrected application arrived"),
                "consult": { "type": ["string", "null"], "description": "Start a consultation of this party on consulted" },
                "consulted": day("The day the consultation was sent"),
                "opinion": day("The day the opinion of the last open consultation arrived"),
                "extend": { "type": ["integer", "null"], "minimum": 1, "maximum": MAX_EXTENSION_DAYS, "description": "Working days of the extension, with approved and approver" },
                "approved": day("The day the extension was approved"),
                "approver": { "type": ["string", "null"], "description": "Who approved the extension" },
                "fee": { "enum": ["count", "pages", null], "description": "Charge a fee by count or by pages, with quantity and fee_notice; the amount is computed" },
                "quantity": { "type": ["integer", "null"], "minimum": 0, "description": "The request's place in the applicant's month (by count) or its pages (by pages)" },
                "fee_notice": day("The day the fee notice was sent"),
                "paid": day("The day the fee was paid"),
                "concluded": day("The day the case was concluded, with outcome"),
                "outcome": { "type": ["string", "null"], "description": "One outcome row of table 3: its key (denied_state_secret), its label, or a distinctive part of it (国家秘密)" },
            },
        },
    })
}

/// Adds the fields of `more` to `all` (both objects).
fn merge(all: &mut Value, more: Value) {
    if let (Value::Object(all), Value::Object(more)) = (all, more) {
        all.extend(more);
    }
}

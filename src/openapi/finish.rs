//! What every operation of a kind shares, added once the routes are collected: the 401 of those
//! that need a token (and the client-credentials alternative where partner software may call),
//! the 400 of those with query parameters, the body errors of those with a body, the
//! `Idempotency-Key` of the POSTs that honour it, an example for each error answer (its code
//! taken from the answer's description), a description for each operation, the webhooks partners
//! receive, and named item types in pages (for generated clients).

use crate::api::idempotency;
use crate::auth::actor::open_to_clients;
use crate::error::Code;
use actix_web::http::Method;
use serde_json::{Value, json};
use utoipa::openapi::OpenApi as Document;

const PROBLEM_JSON: &str = crate::api::problem::PROBLEM_JSON;

pub fn finish(document: Document) -> Document {
    let Ok(mut value) = serde_json::to_value(&document) else {
        return document;
    };
    if let Some(paths) = value["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                if let Ok(method) = method.to_uppercase().parse::<Method>() {
                    shared_answers(path, &method, operation);
                    describe(operation);
                }
            }
        }
    }
    value["webhooks"] = webhooks();
    name_page_items(&mut value);
    serde_json::from_value(value).unwrap_or(document)
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { PROBLEM_JSON: { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

fn shared_answers(path: &str, method: &Method, operation: &mut Value) {
    let needs_token = operation["security"].to_string().contains("\"bearer\"");
    if needs_token
        && open_to_clients(method, path)
        && let Some(security) = operation.get_mut("security").and_then(Value::as_array_mut)
    {
        security.push(json!({ "client_credentials": [] }));
    }
    let has_query = operation["parameters"]
        .to_string()
        .contains("\"in\":\"query\"");
    let has_body = operation.get("requestBody").is_some();
    if *method == Method::POST && idempotency::covers(path) {
        let parameter = json!({
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": idempotency::DESCRIPTION,
            "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" },
        });
        match operation["parameters"].as_array_mut() {
            Some(parameters) => parameters.push(parameter),
            None => operation["parameters"] = json!([parameter]),
        }
    }
    let Some(responses) = operation["responses"].as_object_mut() else {
        return;
    };
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| problem(description));
    };
    if needs_token {
        add(
            "401",
            "Missing, invalid or expired access token (`auth.missing_token`, `auth.invalid_token`, \
             `auth.token_expired`)",
        );
    }
    if has_query {
        add("400", "Invalid query parameters (`request.invalid_query`)");
    }
    if has_body {
        add(
            "400",
            "Malformed body or query (`request.malformed_json`, `request.malformed_multipart`, \
             `request.invalid_query`)",
        );
        add("413", "Body larger than allowed (`request.too_large`)");
        add(
            "415",
            "Body is not of the media type the operation reads (`request.unsupported_media_type`)",
        );
        add(
            "422",
            "Body of the wrong shape or with invalid fields (`request.invalid_body`, \
             `request.invalid_fields`, or a rule's code)",
        );
    }
    if *method == Method::POST && idempotency::covers(path) {
        add(
            "400",
            "Malformed `Idempotency-Key` (`request.invalid_idempotency_key`)",
        );
        add("413", "Body larger than allowed (`request.too_large`)");
        add(
            "422",
            "This `Idempotency-Key` was used with another request \
             (`request.idempotency_key_reused`)",
        );
        add(
            "409",
            "A request with this `Idempotency-Key` is still running \
             (`request.idempotency_in_progress`), or the step is not possible now",
        );
    }
    for (status, response) in responses.iter_mut() {
        example(status, response);
    }
}

/// An example for an error answer: the first code its description names (when that code comes
/// with this status), else the usual code of the status.
fn example(status: &str, response: &mut Value) {
    let Ok(status) = status.parse::<u16>() else {
        return;
    };
    let description = response["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let Some(content) = response
        .get_mut("content")
        .and_then(|content| content.get_mut(PROBLEM_JSON))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let named = description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|name| Code::ALL.iter().find(|code| code.as_str() == name))
        .find(|code| code.kind().status() == status);
    let Some(code) = named.copied().or_else(|| usual(status)) else {
        return;
    };
    let reason = actix_web::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Error");
    let mut problem = json!({
        "type": format!("{}#{}", crate::api::problem::CATALOGUE_PATH, code.as_str()),
        "title": reason,
        "status": status,
        "detail": code.meaning(),
        "code": code.as_str(),
    });
    if code == Code::RequestInvalidFields {
        problem["errors"] = json!([{ "field": "birth_date", "code": "implausible_birth_date", "message": "date de naissance invraisemblable" }]);
    }
    content.insert("example".into(), problem);
}

/// The code an answer of this status most often carries.
fn usual(status: u16) -> Option<Code> {
    Some(match status {
        400 => Code::RequestInvalidQuery,
        401 => Code::AuthMissingToken,
        403 => Code::AuthRoleRequired,
        404 => Code::NotFound,
        409 => Code::SessionIllegalTransition,
        412 => Code::SessionStale,
        413 => Code::RequestTooLarge,
        415 => Code::RequestUnsupportedMediaType,
        422 => Code::RequestInvalidFields,
        429 => Code::RequestThrottled,
        503 => Code::ServiceUnavailable,
        _ => return None,
    })
}

/// Gives an operation with only a summary a description: the summary, and who may call it.
fn describe(operation: &mut Value) {
    if operation.get("description").is_some() {
        return;
    }
    let summary = operation["summary"].as_str().unwrap_or_default().to_owned();
    let security = operation["security"].to_string();
    let who = if security.contains("client_credentials") {
        "Needs an access token: a person's, or partner software's for its entity."
    } else if security.contains("bearer") {
        "Needs a person's access token."
    } else {
        "Public: no token needed."
    };
    operation["description"] = Value::String(format!("{summary}\n\n{who}"));
}

/// The calls partner software receives (OpenAPI 3.1 `webhooks`).
fn webhooks() -> Value {
    let header = |name: &str, description: &str| json!({ "name": name, "in": "header", "required": true, "description": description, "schema": { "type": "string" } });
    json!({
        "entityEvent": { "post": {
            "summary": "An event of the entity, posted to the API client's webhook",
            "description": "Registered with `PUT /api/v1/entities/{id}/api-clients/{client_id}/webhook`. \
                Any 2xx answer counts as delivered; anything else (redirects included) is tried again \
                after 1, 2, 4… minutes, 8 times.",
            "operationId": "entity_event",
            "security": [],
            "tags": ["partner software"],
            "parameters": [
                header("X-Forprev-Event", "The event: session.submitted, session.returned, session.validated, session.closed, habilitation.decided"),
                header("X-Forprev-Delivery", "The message's id, the same on a retry: deduplicate on it"),
                header("X-Forprev-Signature", "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" keyed by the webhook's secret>`; refuse old `t`"),
            ],
            "requestBody": { "required": true, "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/WebhookEvent" } } } },
            "responses": { "200": { "description": "Delivered (any 2xx)" } },
        } }
    })
}

/// `Page_Session.items` lists `Session`s by reference, not a copy of its schema, so generated
/// clients have one `Session` type.
fn name_page_items(document: &mut Value) {
    let Some(schemas) = document["components"]["schemas"].as_object_mut() else {
        return;
    };
    let named: Vec<String> = schemas.keys().cloned().collect();
    for (name, schema) in schemas.iter_mut() {
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        if named.iter().any(|other| other == item) {
            schema["properties"]["items"]["items"] =
                json!({ "$ref": format!("#/components/schemas/{item}") });
        }
    }
}

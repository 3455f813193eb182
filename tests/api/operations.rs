//! What operators rely on: metrics scraped and parsed, CORS for the web app, one access line per
//! request, request ids kept, HEAD on the probes.

use crate::common::{TestApp, manager_of, siret};
use actix_web::test::{self, TestRequest};
use std::collections::HashMap;

/// The samples of an OpenMetrics text: `name{labels}` → value.
fn samples(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (key, value) = line.rsplit_once(' ').expect("a sample is `name value`");
            (key.to_owned(), value.parse().expect("a number"))
        })
        .collect()
}

#[actix_web::test]
async fn metrics_count_requests_per_route_and_read_the_pool_and_outbox() {
    let app = TestApp::new().await;
    app.send(TestRequest::get().uri("/health")).await;
    app.send(TestRequest::get().uri("/health")).await;
    app.login("ZZZ00000", "wrong").await;
    let metrics = test::init_service(forprev::telemetry::metrics::app(app.state.clone())).await;
    let response =
        test::call_service(&metrics, TestRequest::get().uri("/metrics").to_request()).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    let samples = samples(&text);
    let get = |key: &str| {
        *samples
            .get(key)
            .unwrap_or_else(|| panic!("no {key} in\n{text}"))
    };
    assert_eq!(
        get(r#"forprev_http_requests_total{method="GET",route="/health",status="2xx"}"#),
        2.0
    );
    assert_eq!(
        get(
            r#"forprev_http_requests_total{method="POST",route="/api/v1/auth/login",status="4xx"}"#
        ),
        1.0
    );
    assert_eq!(
        get(
            r#"forprev_http_request_duration_seconds_count{method="GET",route="/health",status="2xx"}"#
        ),
        2.0
    );
    assert!(get(r#"forprev_db_pool_connections{kind="idle"}"#) >= 1.0);
    assert_eq!(get("forprev_outbox_depth"), 0.0);
    assert!(samples.contains_key("forprev_db_pool_wait_seconds_count"));
    assert!(samples.contains_key("forprev_certificates_issued_total"));
}

#[actix_web::test]
async fn the_web_app_s_origin_may_call_from_a_browser_and_no_other() {
    let app = TestApp::with_config(|config| {
        config.cors_allowed_origins = vec!["https://app.forprev.fr".into()];
    })
    .await;
    let preflight = |origin: &str| {
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/api/v1/sessions/0190f3a4-0000-7000-8000-000000000001")
            .insert_header(("Origin", origin.to_owned()))
            .insert_header(("Access-Control-Request-Method", "PATCH"))
            .insert_header((
                "Access-Control-Request-Headers",
                "authorization, if-match, idempotency-key, content-type",
            ))
    };
    let allowed = app.send(preflight("https://app.forprev.fr")).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    let header = |response: &crate::common::Response, name: &str| {
        response
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_lowercase())
            .unwrap_or_default()
    };
    assert_eq!(
        header(&allowed, "access-control-allow-origin"),
        "https://app.forprev.fr"
    );
    assert!(header(&allowed, "access-control-allow-methods").contains("patch"));
    for name in [
        "authorization",
        "if-match",
        "idempotency-key",
        "content-type",
    ] {
        assert!(
            header(&allowed, "access-control-allow-headers").contains(name),
            "{name}"
        );
    }
    let refused = app.send(preflight("https://evil.example")).await;
    refused.assert_problem(403, "request.origin_not_allowed");
    assert!(refused.headers.get("access-control-allow-origin").is_none());

    let read = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("Origin", "https://app.forprev.fr")),
        )
        .await;
    for name in ["etag", "retry-after", "x-request-id"] {
        assert!(
            header(&read, "access-control-expose-headers").contains(name),
            "{name}"
        );
    }
}

#[actix_web::test]
async fn each_request_writes_one_access_line_without_personal_data() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let manager = app.user("MAN00001", "gestion.lefevre@of.fr", &[manager_of(&entity)]);
    let token = app.token("MAN00001").await;
    let capture = crate::common::logs::Capture::start();
    let answer = app
        .send(
            TestRequest::get()
                .uri(
                    "/api/v1/sessions/0190f3a4-0000-7000-8000-000000000001?x=gestion.lefevre@of.fr",
                )
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("X-Request-Id", "lb-7.req_42")),
        )
        .await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.headers.get("x-request-id").unwrap(), "lb-7.req_42");
    let forged = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("X-Request-Id", "a b\"}")),
        )
        .await;
    let replaced = forged
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(uuid::Uuid::parse_str(replaced).is_ok(), "{replaced}");

    let logged = capture.text();
    let lines: Vec<serde_json::Value> = capture
        .lines()
        .into_iter()
        .filter(|line| line["target"] == "forprev::access")
        .collect();
    assert_eq!(lines.len(), 2, "one line per request:\n{logged}");
    let line = &lines[0];
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["method"], "GET");
    assert_eq!(line["route"], "/api/v1/sessions/{id}");
    assert_eq!(line["status"], 404);
    assert_eq!(line["request_id"], "lb-7.req_42");
    assert_eq!(line["caller"], manager.to_string());
    assert_eq!(line["code"], "not_found");
    assert!(line["latency_ms"].as_f64().is_some());
    assert!(
        !logged.contains("lefevre"),
        "personal data in the log:\n{logged}"
    );
    assert!(!logged.contains(&token));
}

#[actix_web::test]
async fn probes_answer_head() {
    let app = TestApp::new().await;
    for path in ["/health", "/ready"] {
        let answer = app
            .send(
                TestRequest::default()
                    .method(actix_web::http::Method::HEAD)
                    .uri(path),
            )
            .await;
        assert_eq!(answer.status, 200, "{path}");
    }
    let swagger = app
        .send(TestRequest::get().uri("/swagger-ui/swagger-initializer.js"))
        .await;
    let script = swagger.body.as_str().unwrap();
    assert!(script.contains("\"validatorUrl\": \"none\""), "{script}");
    assert!(script.contains("/api-docs/openapi.json"), "{script}");
}

//! Whatever is wrong with the request itself answers a 4xx problem+json, never a 500.

use crate::common::TestApp;
use actix_web::test::TestRequest;

#[actix_web::test]
async fn unknown_route_is_404() {
    let app = TestApp::new().await;
    let response = app
        .send(TestRequest::get().uri("/api/v1/nothing-here"))
        .await;
    response.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn known_route_with_wrong_method_is_405() {
    let app = TestApp::new().await;
    let response = app
        .send(TestRequest::delete().uri("/api/v1/auth/login"))
        .await;
    response.assert_problem(405, "request.method_not_allowed");
    assert_eq!(response.headers.get("allow").unwrap(), "POST");
    let me = app.send(TestRequest::put().uri("/api/v1/me")).await;
    me.assert_problem(405, "request.method_not_allowed");
    assert_eq!(me.headers.get("allow").unwrap(), "GET, HEAD");
}

#[actix_web::test]
async fn malformed_json_is_400() {
    let app = TestApp::new().await;
    let response = app
        .send(
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .insert_header(("content-type", "application/json"))
                .set_payload("{\"login\": "),
        )
        .await;
    response.assert_problem(400, "request.malformed_json");
}

#[actix_web::test]
async fn json_of_the_wrong_shape_is_422() {
    let app = TestApp::new().await;
    let response = app
        .post("/api/v1/auth/login", serde_json::json!({ "login": 12 }))
        .await;
    response.assert_problem(422, "request.invalid_body");
}

#[actix_web::test]
async fn wrong_content_type_is_415() {
    let app = TestApp::new().await;
    let response = app
        .send(
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .insert_header(("content-type", "text/plain"))
                .set_payload("login=ABC12345"),
        )
        .await;
    response.assert_problem(415, "request.unsupported_media_type");
}

#[actix_web::test]
async fn oversized_body_is_413() {
    let app = TestApp::new().await;
    let huge = "x".repeat(forprev::api::request_errors::JSON_LIMIT_BYTES + 1);
    let response = app
        .post(
            "/api/v1/auth/login",
            serde_json::json!({ "login": huge, "password": "x" }),
        )
        .await;
    response.assert_problem(413, "request.too_large");
}

#[actix_web::test]
async fn a_json_array_is_not_an_object() {
    let app = TestApp::new().await;
    let response = app
        .post("/api/v1/auth/logout", serde_json::json!(["token"]))
        .await;
    response.assert_problem(422, "request.invalid_body");
}

#[actix_web::test]
async fn a_nul_character_is_refused_before_the_database() {
    let app = TestApp::new().await;
    let body = serde_json::json!({ "login": "a\u{0}b", "password": "x" });
    app.post("/api/v1/auth/login", body)
        .await
        .assert_problem(422, "request.invalid_body");
    let query = app
        .send(TestRequest::get().uri("/api/v1/public/directory?scheme_code=S%00T"))
        .await;
    query.assert_problem(400, "request.invalid_query");
}

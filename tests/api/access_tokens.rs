//! Every bad access token answers 401 problem+json, and reveals nothing.

use crate::common::TestApp;
use actix_web::test::TestRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use forprev::domain::grant::Grant;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

async fn app_with_token() -> (TestApp, String) {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[Grant::admin()]);
    let token = app.tokens("ABC12345").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    (app, token)
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(app: &TestApp, algorithm: Algorithm, claims: &Value) -> String {
    let key = EncodingKey::from_secret(&app.state.config.jwt_secret.0);
    jsonwebtoken::encode(&Header::new(algorithm), claims, &key).unwrap()
}

#[actix_web::test]
async fn a_valid_token_is_accepted() {
    let (app, token) = app_with_token().await;
    assert_eq!(app.get("/api/v1/me", &token).await.status, 200);
}

#[actix_web::test]
async fn a_missing_token_or_another_scheme_is_refused() {
    let (app, token) = app_with_token().await;
    let none = app.send(TestRequest::get().uri("/api/v1/me")).await;
    none.assert_problem(401, "auth.missing_token");
    assert_eq!(none.headers.get("www-authenticate").unwrap(), "Bearer");
    let basic = app
        .send(
            TestRequest::get()
                .uri("/api/v1/me")
                .insert_header(("Authorization", format!("Basic {token}"))),
        )
        .await;
    basic.assert_problem(401, "auth.missing_token");
}

#[actix_web::test]
async fn a_tampered_token_is_refused() {
    let (app, token) = app_with_token().await;
    // Once verified, a token is known by its exact text: a copy with other claims is not.
    assert_eq!(app.get("/api/v1/me", &token).await.status, 200);
    let mut claims = claims_of(&token);
    claims["grants"] = json!([{ "role": "admin" }, { "role": "trainer" }]);
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    app.get("/api/v1/me", &parts.join("."))
        .await
        .assert_problem(401, "auth.invalid_token");
    let garbage = app.get("/api/v1/me", "not.a.jwt").await;
    garbage.assert_problem(401, "auth.invalid_token");
}

#[actix_web::test]
async fn an_expired_token_is_refused() {
    let (app, token) = app_with_token().await;
    app.clock.advance(Duration::minutes(14));
    assert_eq!(app.get("/api/v1/me", &token).await.status, 200);
    app.clock.advance(Duration::minutes(1));
    app.get("/api/v1/me", &token)
        .await
        .assert_problem(401, "auth.token_expired");
}

#[actix_web::test]
async fn a_token_signed_with_another_algorithm_is_refused() {
    let (app, token) = app_with_token().await;
    let forged = sign(&app, Algorithm::HS512, &claims_of(&token));
    app.get("/api/v1/me", &forged)
        .await
        .assert_problem(401, "auth.invalid_token");
}

#[actix_web::test]
async fn an_unsigned_alg_none_token_is_refused() {
    let (app, token) = app_with_token().await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = token.split('.').nth(1).unwrap();
    for forged in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        app.get("/api/v1/me", &forged)
            .await
            .assert_problem(401, "auth.invalid_token");
    }
}

#[actix_web::test]
async fn a_token_for_another_issuer_or_audience_is_refused() {
    let (app, token) = app_with_token().await;
    for (claim, value) in [("iss", "someone-else"), ("aud", "another-api")] {
        let mut claims = claims_of(&token);
        claims[claim] = json!(value);
        app.get("/api/v1/me", &sign(&app, Algorithm::HS256, &claims))
            .await
            .assert_problem(401, "auth.invalid_token");
    }
    let mut claims = claims_of(&token);
    claims.as_object_mut().unwrap().remove("exp");
    app.get("/api/v1/me", &sign(&app, Algorithm::HS256, &claims))
        .await
        .assert_problem(401, "auth.invalid_token");
}

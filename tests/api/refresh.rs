use crate::common::{PASSWORD, TestApp};
use chrono::Duration;
use serde_json::{Value, json};

async fn refresh(app: &TestApp, token: &Value) -> crate::common::Response {
    app.post("/api/v1/auth/refresh", json!({ "refresh_token": token }))
        .await
}

#[actix_web::test]
async fn a_refresh_token_rotates_and_works_once() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let first = app.tokens("ABC12345").await;

    app.clock.advance(Duration::minutes(20));
    let second = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_ne!(second.body["refresh_token"], first["refresh_token"]);
    let me = app
        .get("/api/v1/me", second.body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status, 200, "the renewed access token works");

    let third = refresh(&app, &second.body["refresh_token"]).await;
    assert_eq!(third.status, 200, "{}", third.body);
}

#[actix_web::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_family() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let first = app.tokens("ABC12345").await;
    let other_login = app.tokens("ABC12345").await;
    let second = refresh(&app, &first["refresh_token"]).await.body;

    refresh(&app, &first["refresh_token"])
        .await
        .assert_problem(401, "auth.refresh_token_reused");
    // The thief's or the owner's newer token is dead too: both must log in again.
    refresh(&app, &second["refresh_token"])
        .await
        .assert_problem(401, "auth.refresh_token_revoked");
    // Another login of the same person is another family, untouched.
    assert_eq!(
        refresh(&app, &other_login["refresh_token"]).await.status,
        200
    );
}

#[actix_web::test]
async fn an_expired_or_unknown_refresh_token_is_refused() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let tokens = app.tokens("ABC12345").await;
    refresh(&app, &json!("not-a-token"))
        .await
        .assert_problem(401, "auth.invalid_refresh_token");
    app.clock.advance(Duration::days(30));
    refresh(&app, &tokens["refresh_token"])
        .await
        .assert_problem(401, "auth.refresh_token_expired");
}

#[actix_web::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let tokens = app.tokens("ABC12345").await;
    let body = json!({ "refresh_token": tokens["refresh_token"] });
    let response = app.post("/api/v1/auth/logout", body.clone()).await;
    assert_eq!(response.status, 204);
    refresh(&app, &tokens["refresh_token"])
        .await
        .assert_problem(401, "auth.refresh_token_revoked");
    // Logging out twice, or with a token never issued, is not an error.
    assert_eq!(app.post("/api/v1/auth/logout", body).await.status, 204);
    let unknown = json!({ "refresh_token": "never-issued" });
    assert_eq!(app.post("/api/v1/auth/logout", unknown).await.status, 204);
    // Logging in again works.
    assert_eq!(app.login("ABC12345", PASSWORD).await.status, 200);
}

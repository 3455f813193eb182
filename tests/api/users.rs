//! People created by an admin join by invitation.

use crate::common::{PASSWORD, TestApp};
use chrono::Duration;
use forprev::domain::grant::{Grant, Role};
use forprev::ids::EntityId;
use serde_json::{Value, json};

async fn admin_token(app: &TestApp) -> String {
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    app.tokens("ADM00001").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn create(app: &TestApp, token: &str, body: Value) -> crate::common::Response {
    app.send(
        actix_web::test::TestRequest::post()
            .uri("/api/v1/users")
            .insert_header(("Authorization", format!("Bearer {token}")))
            .set_json(body),
    )
    .await
}

fn agent() -> Value {
    json!({
        "email": "Claire.Martin@carsat-ra.fr",
        "family_name": " Martin ",
        "given_name": "Claire",
        "grants": [{ "role": "network_agent", "caisse_code": "CARSAT_RA" }],
    })
}

async fn accept(app: &TestApp, token: &Value, password: &str) -> crate::common::Response {
    app.post(
        "/api/v1/auth/invitations/accept",
        json!({ "token": token, "password": password }),
    )
    .await
}

#[actix_web::test]
async fn an_invited_person_chooses_a_password_then_logs_in() {
    let app = TestApp::new().await;
    let admin = admin_token(&app).await;
    let created = create(&app, &admin, agent()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let user = &created.body["user"];
    assert_eq!(user["email"], "claire.martin@carsat-ra.fr");
    assert_eq!(user["family_name"], "Martin");
    assert_eq!(
        user["grants"],
        json!([{ "role": "network_agent", "caisse_code": "CARSAT_RA" }])
    );
    let number = user["forprev_number"].as_str().unwrap().to_owned();
    assert!(
        number
            .parse::<forprev::domain::forprev_number::ForprevNumber>()
            .is_ok()
    );
    let invitation = &created.body["invitation"]["token"];

    // No password yet: nothing logs in.
    app.login(&number, PASSWORD)
        .await
        .assert_problem(401, "auth.invalid_credentials");
    accept(&app, invitation, "court")
        .await
        .assert_problem(422, "user.weak_password");

    let accepted = accept(&app, invitation, PASSWORD).await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    let me = app
        .get(
            "/api/v1/me",
            accepted.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(me.body["forprev_number"], number.as_str());
    assert_eq!(me.body["grants"][0]["role"], "network_agent");

    accept(&app, invitation, "another long password")
        .await
        .assert_problem(401, "auth.invitation_used");
    assert_eq!(
        app.login("claire.martin@carsat-ra.fr", PASSWORD)
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn an_invitation_expires_after_fourteen_days() {
    let app = TestApp::new().await;
    let admin = admin_token(&app).await;
    let created = create(&app, &admin, agent()).await;
    app.clock.advance(Duration::days(14));
    accept(&app, &created.body["invitation"]["token"], PASSWORD)
        .await
        .assert_problem(401, "auth.invitation_expired");
    accept(&app, &json!("made-up"), PASSWORD)
        .await
        .assert_problem(401, "auth.invalid_invitation");
}

#[actix_web::test]
async fn only_an_admin_creates_people() {
    let app = TestApp::new().await;
    let manager = Grant {
        role: Role::Manager,
        entity_id: Some(EntityId::generate()),
        ..Grant::admin()
    };
    app.user("MAN00001", "gestion@of.fr", &[manager]);
    let token = app.tokens("MAN00001").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    create(&app, &token, agent())
        .await
        .assert_problem(403, "auth.role_required");
    create(&app, "no-token", agent())
        .await
        .assert_problem(401, "auth.invalid_token");
}

#[actix_web::test]
async fn a_taken_email_is_a_conflict() {
    let app = TestApp::new().await;
    let admin = admin_token(&app).await;
    assert_eq!(create(&app, &admin, agent()).await.status, 201);
    create(&app, &admin, agent())
        .await
        .assert_problem(409, "user.email_taken");
}

#[actix_web::test]
async fn every_invalid_field_is_named() {
    let app = TestApp::new().await;
    let admin = admin_token(&app).await;
    let response = create(
        &app,
        &admin,
        json!({
            "email": "not-an-address",
            "family_name": "  ",
            "given_name": "Claire",
            "grants": [{ "role": "manager" }, { "role": "admin" }],
        }),
    )
    .await;
    assert_eq!(
        response.invalid_fields(),
        ["email", "family_name", "grants[0]"]
    );
}

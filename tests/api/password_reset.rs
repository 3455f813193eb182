//! Forgotten passwords: a link by e-mail, the same answer for any login, one use, one hour.

use crate::common::TestApp;
use chrono::Duration;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use forprev::db::schema::outbox;
use serde_json::json;

/// The reset e-mails queued so far: (recipient, body).
fn reset_mails(app: &TestApp) -> Vec<(String, String)> {
    app.call_store(|conn| {
        outbox::table
            .filter(outbox::topic.eq("password.reset"))
            .select((outbox::recipient, outbox::body))
            .load(conn)
    })
}

fn token_in(body: &str) -> String {
    body.split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

const NEW_PASSWORD: &str = "un tout nouveau mot de passe";

#[actix_web::test]
async fn a_reset_link_sets_a_new_password_once_and_logs_other_devices_out() {
    let app = TestApp::new().await;
    app.user("MAN00001", "one@of.fr", &[]);
    let before = app.tokens("MAN00001").await;

    let asked = app
        .post(
            "/api/v1/auth/password-reset",
            json!({ "login": "one@of.fr" }),
        )
        .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let mails = reset_mails(&app);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "one@of.fr");
    let token = token_in(&mails[0].1);

    let confirm = json!({ "token": token, "password": NEW_PASSWORD });
    let confirmed = app
        .post("/api/v1/auth/password-reset/confirm", confirm.clone())
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert!(confirmed.body["access_token"].is_string());
    assert_eq!(app.login("MAN00001", NEW_PASSWORD).await.status, 200);
    let old_device = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": before["refresh_token"] }),
        )
        .await;
    assert_eq!(old_device.status, 401, "{}", old_device.body);
    app.post("/api/v1/auth/password-reset/confirm", confirm)
        .await
        .assert_problem(401, "auth.invitation_used");
}

#[actix_web::test]
async fn the_answer_tells_nothing_and_mailboxes_are_not_flooded() {
    let app = TestApp::new().await;
    app.user("MAN00001", "one@of.fr", &[]);
    let unknown = app
        .post(
            "/api/v1/auth/password-reset",
            json!({ "login": "nobody@of.fr" }),
        )
        .await;
    assert_eq!(unknown.status, 202);
    assert!(reset_mails(&app).is_empty());
    for _ in 0..2 {
        let asked = app
            .post(
                "/api/v1/auth/password-reset",
                json!({ "login": "MAN00001" }),
            )
            .await;
        assert_eq!(asked.status, 202);
    }
    assert_eq!(
        reset_mails(&app).len(),
        1,
        "one e-mail per account every 15 minutes"
    );
    // Five requests an hour from one address, then 429.
    for _ in 0..2 {
        app.post("/api/v1/auth/password-reset", json!({ "login": "x" }))
            .await;
    }
    app.post("/api/v1/auth/password-reset", json!({ "login": "x" }))
        .await
        .assert_problem(429, "request.throttled");
}

#[actix_web::test]
async fn a_reset_link_lasts_an_hour() {
    let app = TestApp::new().await;
    app.user("MAN00001", "one@of.fr", &[]);
    app.post(
        "/api/v1/auth/password-reset",
        json!({ "login": "one@of.fr" }),
    )
    .await;
    let token = token_in(&reset_mails(&app)[0].1);
    app.clock.advance(Duration::minutes(61));
    app.post(
        "/api/v1/auth/password-reset/confirm",
        json!({ "token": token, "password": NEW_PASSWORD }),
    )
    .await
    .assert_problem(401, "auth.invitation_expired");
}

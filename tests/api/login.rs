use crate::common::{PASSWORD, TestApp};
use actix_web::test::TestRequest;
use chrono::Duration;
use forprev::domain::grant::Grant;
use serde_json::json;

#[actix_web::test]
async fn login_by_forprev_number_in_any_case() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[Grant::admin()]);
    for login in ["ABC12345", "abc12345"] {
        let response = app.login(login, PASSWORD).await;
        assert_eq!(response.status, 200, "{}", response.body);
        assert_eq!(response.body["token_type"], "Bearer");
        assert_eq!(response.body["expires_in"], 900);
        assert!(response.body["access_token"].as_str().unwrap().len() > 100);
        assert_eq!(response.body["refresh_token"].as_str().unwrap().len(), 43);
    }
}

#[actix_web::test]
async fn login_by_email_in_any_case() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let response = app.login("Jeanne@Exemple.FR", PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[actix_web::test]
async fn wrong_password_and_unknown_login_answer_alike() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let wrong = app.login("ABC12345", "not the password").await;
    let unknown = app.login("ZZZ99999", PASSWORD).await;
    wrong.assert_problem(401, "auth.invalid_credentials");
    unknown.assert_problem(401, "auth.invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
    assert!(!wrong.body.to_string().contains(PASSWORD));
}

#[actix_web::test]
async fn an_account_is_throttled_after_five_failures_even_for_the_right_password() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    for _ in 0..5 {
        app.login("ABC12345", "wrong password")
            .await
            .assert_problem(401, "auth.invalid_credentials");
    }
    app.clock.advance(Duration::minutes(5));
    let throttled = app.login("abc12345", PASSWORD).await;
    throttled.assert_problem(429, "request.throttled");
    // The oldest failure leaves the 15-minute window 10 minutes from now.
    assert_eq!(throttled.headers.get("retry-after").unwrap(), "600");

    app.clock.advance(Duration::minutes(10));
    let response = app.login("ABC12345", PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[actix_web::test]
async fn a_success_clears_the_account_failures() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    for _ in 0..4 {
        app.login("ABC12345", "wrong password").await;
    }
    app.tokens("ABC12345").await;
    for _ in 0..4 {
        app.login("ABC12345", "wrong password").await;
    }
    assert_eq!(app.login("ABC12345", PASSWORD).await.status, 200);
}

#[actix_web::test]
async fn an_address_is_throttled_after_twenty_failures() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    for attempt in 0..20 {
        app.login(&format!("XYZ{attempt:05}"), "guess").await;
    }
    app.login("ABC12345", PASSWORD)
        .await
        .assert_problem(429, "request.throttled");

    let elsewhere = app
        .send_from(
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .set_json(json!({ "login": "ABC12345", "password": PASSWORD })),
            "198.51.100.7:50000",
        )
        .await;
    assert_eq!(elsewhere.status, 200, "{}", elsewhere.body);
}

/// Failed logins with distinct logins, through a trusted proxy at 10.0.0.5 that writes `header`
/// as `value(n)`: the status of each.
async fn failed_logins_through_proxy(
    header: forprev::config::ProxyHeader,
    name: &str,
    value: impl Fn(usize) -> String,
) -> Vec<u16> {
    let app = TestApp::with_config(|config| {
        config.trust_proxy_headers = header;
        config.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    })
    .await;
    let mut statuses = Vec::new();
    for n in 0..30 {
        let request = TestRequest::post()
            .uri("/api/v1/auth/login")
            .insert_header((name, value(n)))
            .set_json(json!({ "login": format!("ZZZ{n:05}"), "password": "wrong" }));
        statuses.push(
            app.send_from(request, "10.0.0.5:40000")
                .await
                .status
                .as_u16(),
        );
    }
    statuses
}

#[actix_web::test]
async fn behind_a_proxy_the_client_cannot_choose_its_address() {
    use forprev::config::ProxyHeader;
    // The client writes any address first; the proxy appends the one it saw.
    for (header, name, value) in [
        (
            ProxyHeader::XForwardedFor,
            "X-Forwarded-For",
            Box::new(|n: usize| format!("10.2.{n}.1, 198.51.100.7"))
                as Box<dyn Fn(usize) -> String>,
        ),
        (
            ProxyHeader::Forwarded,
            "Forwarded",
            Box::new(|n: usize| format!("for=10.2.{n}.1, for=198.51.100.7;proto=https")),
        ),
    ] {
        let statuses = failed_logins_through_proxy(header, name, value).await;
        assert!(
            statuses[..20].iter().all(|status| *status == 401),
            "{statuses:?}"
        );
        assert!(
            statuses[20..].iter().all(|status| *status == 429),
            "{name}: {statuses:?}"
        );
    }
}

#[actix_web::test]
async fn login_answers_say_where_the_address_stands_in_its_quota() {
    let app = TestApp::new().await;
    app.user("ABC12345", "jeanne@exemple.fr", &[]);
    let failed = app.login("ZZZ99999", "wrong").await;
    assert_eq!(
        failed.headers.get("ratelimit-policy").unwrap(),
        "\"login-address\";q=20;w=900"
    );
    assert_eq!(
        failed.headers.get("ratelimit").unwrap(),
        "\"login-address\";r=19;t=900"
    );
    let logged_in = app.login("ABC12345", PASSWORD).await;
    assert_eq!(logged_in.status, 200);
    assert_eq!(
        logged_in.headers.get("ratelimit").unwrap(),
        "\"login-address\";r=19;t=900"
    );
    for _ in 0..19 {
        app.login("ZZZ99999", "wrong").await;
    }
    let throttled = app.login("ZZZ99999", "wrong").await;
    throttled.assert_problem(429, "request.throttled");
    assert_eq!(
        throttled.headers.get("ratelimit").unwrap(),
        "\"login-address\";r=0;t=900"
    );
}

use crate::common::TestApp;
use actix_web::test::TestRequest;

#[actix_web::test]
async fn health_answers_without_a_database_round_trip() {
    let app = TestApp::new().await;
    let response = app.send(TestRequest::get().uri("/health")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body["status"], "ok");
}

#[actix_web::test]
async fn ready_checks_the_database() {
    let app = TestApp::new().await;
    let response = app.send(TestRequest::get().uri("/ready")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body["status"], "ready");
}

#[actix_web::test]
async fn every_answer_carries_a_request_id() {
    let app = TestApp::new().await;
    let first = app.send(TestRequest::get().uri("/health")).await;
    let second = app.send(TestRequest::get().uri("/nowhere")).await;
    let id = |response: &crate::common::Response| {
        let value = response.headers.get("x-request-id").expect("x-request-id");
        uuid::Uuid::parse_str(value.to_str().unwrap()).expect("a UUID")
    };
    assert_ne!(id(&first), id(&second));
}

#[actix_web::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = TestApp::new().await;
    let redirect = app.send(TestRequest::get().uri("/swagger-ui")).await;
    assert_eq!(redirect.status, 307);
    let page = app.send(TestRequest::get().uri("/swagger-ui/")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.as_str().unwrap().contains("swagger-ui"));
    let script = app
        .send(TestRequest::get().uri("/swagger-ui/swagger-ui-bundle.js"))
        .await;
    assert_eq!(script.status, 200);
}

#[actix_web::test]
async fn the_suite_runs_on_the_backend_it_was_asked_for() {
    let app = TestApp::new().await;
    let postgres_asked = std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty());
    let on_postgres = matches!(*app.conn(), forprev::db::DbConnection::Postgresql(_));
    assert_eq!(on_postgres, postgres_asked);
}

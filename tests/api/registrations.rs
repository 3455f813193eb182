use crate::common::{PASSWORD, TestApp, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

pub fn registration(siret: &str, email: &str) -> Value {
    json!({
        "entity": {
            "siret": siret,
            "legal_name": "Secours Formation Lyon",
            "kind": "training_body",
            "nda": "84691234569",
            "address": { "line": "5 cours Lafayette", "postal_code": "69003", "city": "Lyon" },
            "headcount": 4,
        },
        "manager": {
            "email": email,
            "family_name": "Durand",
            "given_name": "Sophie",
            "password": PASSWORD,
        },
    })
}

pub async fn register(app: &TestApp, body: Value, address: &str) -> crate::common::Response {
    app.send_from(
        TestRequest::post()
            .uri("/api/v1/registrations")
            .set_json(body),
        address,
    )
    .await
}

#[actix_web::test]
async fn a_registration_makes_a_provisional_manager_of_a_new_entity() {
    let app = TestApp::new().await;
    let response = register(
        &app,
        registration(&siret(1), "Sophie@SFL.fr"),
        "192.0.2.1:1",
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    assert_eq!(response.body["entity"]["caisse_code"], "CARSAT_RA");
    let entity = response.body["entity"]["id"].as_str().unwrap().to_owned();
    let number = response.body["user"]["forprev_number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        response.body["user"]["grants"][0]["entity_id"],
        entity.as_str()
    );

    let token = app.token(&number).await;
    let own = app.get(&format!("/api/v1/entities/{entity}"), &token).await;
    assert_eq!(own.status, 200);
    // Provisional: no other entity until a first habilitation is granted.
    let other = registration(&siret(2), "other@sfl.fr")["entity"].clone();
    app.call(Method::POST, "/api/v1/entities", &token, other)
        .await
        .assert_problem(403, "account.provisional");
}

#[actix_web::test]
async fn a_registration_names_every_invalid_field() {
    let app = TestApp::new().await;
    let mut body = registration("123", "not-an-email");
    body["manager"]["password"] = json!("short");
    let response = register(&app, body, "192.0.2.1:1").await;
    let problem = response.assert_problem(422, "request.invalid_fields");
    assert_eq!(problem["errors"][0]["field"], "siret");

    let mut body = registration(&siret(3), "not-an-email");
    body["manager"]["password"] = json!("short");
    let problem = register(&app, body, "192.0.2.1:1").await;
    let fields: Vec<&str> = problem.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["manager.email", "manager.password"]);
}

#[actix_web::test]
async fn taken_sirets_and_emails_are_conflicts() {
    let app = TestApp::new().await;
    assert_eq!(
        register(&app, registration(&siret(4), "a@sfl.fr"), "192.0.2.1:1")
            .await
            .status,
        201
    );
    register(&app, registration(&siret(4), "b@sfl.fr"), "192.0.2.1:1")
        .await
        .assert_problem(409, "entity.siret_taken");
    register(&app, registration(&siret(5), "A@sfl.fr"), "192.0.2.1:1")
        .await
        .assert_problem(409, "user.email_taken");
}

#[actix_web::test]
async fn registrations_are_throttled_per_address() {
    let app = TestApp::new().await;
    for seed in 0..3 {
        let body = registration(&siret(10 + seed), &format!("r{seed}@sfl.fr"));
        assert_eq!(register(&app, body, "192.0.2.9:1").await.status, 201);
    }
    let fourth = register(&app, registration(&siret(20), "r4@sfl.fr"), "192.0.2.9:1").await;
    fourth.assert_problem(429, "request.throttled");
    assert!(fourth.headers.contains_key("retry-after"));
    let elsewhere = register(
        &app,
        registration(&siret(20), "r4@sfl.fr"),
        "198.51.100.1:1",
    )
    .await;
    assert_eq!(elsewhere.status, 201);
}

use crate::common::{Clock, Response, TestApp, manager_of, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

async fn client_token(app: &TestApp, client_id: &str, secret: &str) -> Response {
    app.send(TestRequest::post().uri("/api/v1/auth/token").set_form([
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ]))
    .await
}

#[actix_web::test]
async fn partner_software_declares_sessions_of_its_entity_only_until_revoked() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let other = app.entity(&siret(2), "69002");
    let now = app.clock.now();
    let habilitation = forprev::store::habilitations::grant(
        &mut app.conn(),
        &entity,
        "SST",
        1,
        date("2025-01-01"),
        date("2029-12-31"),
        now,
    )
    .unwrap();
    let other_habilitation = forprev::store::habilitations::grant(
        &mut app.conn(),
        &other,
        "SST",
        1,
        date("2025-01-01"),
        date("2029-12-31"),
        now,
    )
    .unwrap();
    app.user(
        "MAN00001",
        "one@of.fr",
        &[manager_of(&entity), manager_of(&other)],
    );
    app.user("TRN00001", "trainer@of.fr", &[]);
    app.certify("TRN00001", "trainer", "2028-12-31");
    let manager = app.token("MAN00001").await;

    let clients = format!("/api/v1/entities/{entity}/api-clients");
    let created = app
        .call(
            Method::POST,
            &clients,
            &manager,
            json!({ "name": "Logiciel FPR" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let client_id = created.body["client"]["id"].as_str().unwrap().to_owned();
    let secret = created.body["client_secret"].as_str().unwrap().to_owned();
    let listed = app.get(&clients, &manager).await;
    assert_eq!(listed.body[0]["name"], "Logiciel FPR");
    assert!(listed.body[0].get("client_secret").is_none());

    client_token(&app, &client_id, "wrong")
        .await
        .assert_problem(401, "auth.invalid_client");
    let issued = client_token(&app, &client_id, &secret).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = issued.body["access_token"].as_str().unwrap().to_owned();

    // Its entity's sessions, like the web app's.
    let session = |habilitation: &forprev::ids::HabilitationId| {
        json!({
            "habilitation_id": habilitation, "kind": "initial", "start_date": "2026-12-07", "end_date": "2026-12-08",
            "hours": 14, "place": "Lyon", "trainer_forprev_number": "TRN00001",
        })
    };
    let declared = app
        .call(
            Method::POST,
            "/api/v1/sessions",
            &token,
            session(&habilitation),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", declared.body);
    let path = format!("/api/v1/sessions/{}", declared.body["id"].as_str().unwrap());
    assert_eq!(app.get(&path, &manager).await.status, 200);
    assert_eq!(
        app.get("/api/v1/trainers?forprev_number=TRN00001", &token)
            .await
            .status,
        200
    );

    // Not the other entity of the same manager, and nothing beyond sessions.
    app.call(
        Method::POST,
        "/api/v1/sessions",
        &token,
        session(&other_habilitation),
    )
    .await
    .assert_problem(404, "not_found");
    let others = app
        .call(
            Method::POST,
            "/api/v1/sessions",
            &manager,
            session(&other_habilitation),
        )
        .await;
    let other_path = format!("/api/v1/sessions/{}", others.body["id"].as_str().unwrap());
    app.get(&other_path, &token)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/entities", &token)
        .await
        .assert_problem(403, "auth.integration_scope");
    app.get("/api/v1/me", &token)
        .await
        .assert_problem(403, "auth.integration_scope");

    // Revocation counts at once, even for a token already issued.
    let revoke = format!("{clients}/{client_id}");
    assert_eq!(
        app.call(Method::DELETE, &revoke, &manager, Value::Null)
            .await
            .status,
        204
    );
    app.get(&path, &token)
        .await
        .assert_problem(401, "auth.client_revoked");
    client_token(&app, &client_id, &secret)
        .await
        .assert_problem(401, "auth.invalid_client");
    app.call(Method::DELETE, &revoke, &manager, Value::Null)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn the_token_endpoint_speaks_oauth_forms() {
    let app = TestApp::new().await;
    let wrong_grant = app
        .send(TestRequest::post().uri("/api/v1/auth/token").set_form([
            ("grant_type", "password"),
            ("client_id", "x"),
            ("client_secret", "y"),
        ]))
        .await;
    wrong_grant.assert_problem(400, "auth.unsupported_grant_type");
    let json_body = app
        .post(
            "/api/v1/auth/token",
            json!({ "grant_type": "client_credentials", "client_id": "x", "client_secret": "y" }),
        )
        .await;
    json_body.assert_problem(415, "request.unsupported_media_type");
    client_token(&app, "not-a-uuid", "y")
        .await
        .assert_problem(401, "auth.invalid_client");
}

#[actix_web::test]
async fn only_the_entity_s_managers_manage_its_clients() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(3), "69002");
    let other = app.entity(&siret(4), "75011");
    app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let stranger = app.token("MAN00002").await;
    let clients = format!("/api/v1/entities/{entity}/api-clients");
    app.call(Method::POST, &clients, &stranger, json!({ "name": "x" }))
        .await
        .assert_problem(404, "not_found");
    app.get(&clients, &stranger)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn a_client_is_suspended_once_its_creator_leaves_until_a_manager_takes_it_over() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("MAN00002", "two@of.fr", &[manager_of(&entity)]);
    let (first, second) = (app.token("MAN00001").await, app.token("MAN00002").await);
    let clients = format!("/api/v1/entities/{entity}/api-clients");
    let created = app
        .call(
            Method::POST,
            &clients,
            &first,
            json!({ "name": "Logiciel" }),
        )
        .await;
    assert_eq!(created.body["client"]["status"], "active");
    let client_id = created.body["client"]["id"].as_str().unwrap().to_owned();
    let secret = created.body["client_secret"].as_str().unwrap().to_owned();
    let token = client_token(&app, &client_id, &secret).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.get("/api/v1/sessions", &token).await.status, 200);

    // Its creator leaves the entity: the client stops at once, and gets no new token.
    let removed = app
        .call(
            Method::DELETE,
            &format!("/api/v1/entities/{entity}/members?role=manager&forprev_number=MAN00001"),
            &second,
            Value::Null,
        )
        .await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    app.get("/api/v1/sessions", &token)
        .await
        .assert_problem(401, "auth.client_suspended");
    client_token(&app, &client_id, &secret)
        .await
        .assert_problem(401, "auth.client_suspended");
    let listed = app.get(&clients, &second).await;
    assert_eq!(listed.body[0]["status"], "suspended");

    // A current manager answers for it from now on: it works again.
    let taken = app
        .call(
            Method::POST,
            &format!("{clients}/{client_id}/take-over"),
            &second,
            Value::Null,
        )
        .await;
    assert_eq!(taken.status, 200, "{}", taken.body);
    assert_eq!(taken.body["status"], "active");
    let token = client_token(&app, &client_id, &secret).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.get("/api/v1/sessions", &token).await.status, 200);
    // Another entity's manager cannot take it.
    let other = app.entity(&siret(2), "69002");
    app.user("MAN00003", "three@of.fr", &[manager_of(&other)]);
    let stranger = app.token("MAN00003").await;
    app.call(
        Method::POST,
        &format!("{clients}/{client_id}/take-over"),
        &stranger,
        Value::Null,
    )
    .await
    .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn an_entity_has_at_most_ten_live_clients() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let manager = app.token("MAN00001").await;
    let clients = format!("/api/v1/entities/{entity}/api-clients");
    let mut ids = Vec::new();
    for n in 0..10 {
        let created = app
            .call(
                Method::POST,
                &clients,
                &manager,
                json!({ "name": format!("Logiciel {n}") }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        ids.push(created.body["client"]["id"].as_str().unwrap().to_owned());
    }
    app.call(
        Method::POST,
        &clients,
        &manager,
        json!({ "name": "Un de trop" }),
    )
    .await
    .assert_problem(422, "api_client.limit_reached");
    let revoked = app
        .call(
            Method::DELETE,
            &format!("{clients}/{}", ids[0]),
            &manager,
            Value::Null,
        )
        .await;
    assert_eq!(revoked.status, 204);
    let created = app
        .call(
            Method::POST,
            &clients,
            &manager,
            json!({ "name": "Remplaçant" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
}

#[actix_web::test]
async fn partner_software_sees_no_session_its_creator_trains_for_another_entity() {
    let trainees = (0..4)
        .map(|n| crate::common::trainee(&format!("Stagiaire{n}"), "Zoé", "1990-01-01"))
        .collect();
    let j = crate::session_workflow::journey_of(1, "initial", trainees).await;
    let app = &j.app;
    // The session's trainer manages an entity of its own, whose partner software it created.
    let own = app.entity(&siret(7), "69002");
    app.user("MAN00002", "two@of.fr", &[manager_of(&own)]);
    app.certify("MAN00002", "trainer", "2028-12-31");
    let changed = app
        .call(
            Method::PATCH,
            &j.path,
            &j.manager,
            json!({ "trainer_forprev_number": "MAN00002" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);
    let trainer = app.token("MAN00002").await;
    assert_eq!(app.get(&j.path, &trainer).await.status, 200);

    let clients = format!("/api/v1/entities/{own}/api-clients");
    let created = app
        .call(
            Method::POST,
            &clients,
            &trainer,
            json!({ "name": "Logiciel" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let issued = client_token(
        app,
        created.body["client"]["id"].as_str().unwrap(),
        created.body["client_secret"].as_str().unwrap(),
    )
    .await;
    let client = issued.body["access_token"].as_str().unwrap();
    app.get(&j.path, client)
        .await
        .assert_problem(404, "not_found");
    let listed = app.get("/api/v1/sessions", client).await;
    assert_eq!(listed.body["items"], json!([]), "{}", listed.body);
}

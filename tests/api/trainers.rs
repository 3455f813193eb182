use crate::common::{TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use chrono::Duration;
use forprev::domain::grant::Grant;
use serde_json::json;

fn certificate(from: &str, until: &str) -> serde_json::Value {
    json!({ "scheme_code": "SST", "kind": "trainer", "valid_from": from, "valid_until": until })
}

#[actix_web::test]
async fn the_network_certifies_a_trainer_whom_managers_then_find_by_number() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("TRN00001", "trainer@of.fr", &[]);
    let manager = app.token("MAN00001").await;
    let agent = app.token("AGT00001").await;
    let path = "/api/v1/trainers/TRN00001/certificates";

    app.call(
        Method::POST,
        path,
        &manager,
        certificate("2026-01-01", "2028-12-31"),
    )
    .await
    .assert_problem(403, "trainer.registry_forbidden");
    let recorded = app
        .call(
            Method::POST,
            path,
            &agent,
            certificate("2026-01-01", "2028-12-31"),
        )
        .await;
    assert_eq!(recorded.status, 201, "{}", recorded.body);
    assert_eq!(recorded.body["origin"], "network");
    app.call(
        Method::POST,
        path,
        &agent,
        certificate("2026-01-01", "2028-12-31"),
    )
    .await
    .assert_problem(409, "trainer.certificate_exists");
    app.call(
        Method::POST,
        path,
        &agent,
        certificate("2026-01-01", "2025-12-31"),
    )
    .await
    .assert_problem(422, "trainer.invalid_period");

    let found = app
        .get("/api/v1/trainers?forprev_number=TRN00001", &manager)
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(found.body["family_name"], "Lefèvre");
    assert_eq!(found.body["certificates"][0]["valid_until"], "2028-12-31");

    // The trainer role lasts as long as a certificate.
    let trainer = app.token("TRN00001").await;
    let me = app.get("/api/v1/me", &trainer).await;
    assert_eq!(me.body["grants"], json!([{ "role": "trainer" }]));
    app.clock.advance(Duration::days(3 * 366));
    let trainer = app.token("TRN00001").await;
    assert_eq!(
        app.get("/api/v1/me", &trainer).await.body["grants"],
        json!([])
    );
    let manager = app.token("MAN00001").await;
    let expired = app
        .get("/api/v1/trainers?forprev_number=TRN00001", &manager)
        .await;
    assert_eq!(expired.body["certificates"], json!([]));
}

#[actix_web::test]
async fn the_registry_is_not_a_directory() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(2), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("NOB00001", "nobody@of.fr", &[]);
    let manager = app.token("MAN00001").await;
    let nobody = app.token("NOB00001").await;
    app.get("/api/v1/trainers?forprev_number=MAN00001", &nobody)
        .await
        .assert_problem(403, "trainer.lookup_forbidden");
    // A person never certified is not in the registry.
    app.get("/api/v1/trainers?forprev_number=NOB00001", &manager)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/trainers", &manager)
        .await
        .assert_problem(400, "request.invalid_query");
}

#[actix_web::test]
async fn a_trainer_sets_its_caisse_and_alerts() {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    app.user("TRN00001", "trainer@of.fr", &[]);
    let admin = app.token("ADM00001").await;
    let trainer = app.token("TRN00001").await;
    let path = "/api/v1/me/trainer-profile";
    app.get(path, &trainer)
        .await
        .assert_problem(403, "trainer.not_a_trainer");
    app.call(
        Method::POST,
        "/api/v1/trainers/TRN00001/certificates",
        &admin,
        certificate("2026-01-01", "2028-12-31"),
    )
    .await;
    assert_eq!(
        app.get(path, &trainer).await.body,
        json!({ "caisse_code": null, "session_alerts": false })
    );
    let set = app
        .call(
            Method::PUT,
            path,
            &trainer,
            json!({ "caisse_code": "CARSAT_RA", "session_alerts": true }),
        )
        .await;
    assert_eq!(
        set.body,
        json!({ "caisse_code": "CARSAT_RA", "session_alerts": true })
    );
    app.call(
        Method::PUT,
        path,
        &trainer,
        json!({ "caisse_code": "NOWHERE", "session_alerts": true }),
    )
    .await
    .assert_problem(422, "trainer.unknown_caisse");
}

#[actix_web::test]
async fn the_trainer_role_is_never_given_by_hand() {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let admin = app.token("ADM00001").await;
    let body = json!({ "email": "t@of.fr", "family_name": "T", "given_name": "T", "grants": [{ "role": "trainer" }] });
    let response = app.call(Method::POST, "/api/v1/users", &admin, body).await;
    assert_eq!(
        response.assert_problem(422, "request.invalid_fields")["errors"][0]["field"],
        "grants[0]"
    );
}

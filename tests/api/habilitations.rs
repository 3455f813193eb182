use crate::common::{Clock, TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use chrono::NaiveDate;
use forprev::domain::grant::Grant;
use forprev::ids::{EntityId, HabilitationId};
use serde_json::{Value, json};

fn grant(app: &TestApp, entity: &EntityId, until: &str) -> HabilitationId {
    let from: NaiveDate = "2024-01-01".parse().unwrap();
    let until: NaiveDate = until.parse().unwrap();
    forprev::store::habilitations::grant(
        &mut app.conn(),
        entity,
        "SST",
        1,
        from,
        until,
        app.clock.now(),
    )
    .unwrap()
}

#[actix_web::test]
async fn status_is_computed_and_an_admin_withdraws() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let lasting = grant(&app, &entity, "2028-12-31");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let manager = app.token("MAN00001").await;
    let admin = app.token("ADM00001").await;
    let path = format!("/api/v1/habilitations/{lasting}");
    assert_eq!(app.get(&path, &manager).await.body["status"], "active");

    let expiring_entity = app.entity(&siret(2), "69002");
    let expiring = grant(&app, &expiring_entity, "2027-03-31");
    let response = app
        .get(&format!("/api/v1/habilitations/{expiring}"), &admin)
        .await;
    assert_eq!(response.body["status"], "expiring");

    let withdraw = format!("{path}/withdraw");
    app.call(Method::POST, &withdraw, &manager, json!({ "reason": "x" }))
        .await
        .assert_problem(403, "auth.role_required");
    app.call(Method::POST, &withdraw, &admin, json!({ "reason": " " }))
        .await
        .assert_problem(422, "habilitation.reason_required");
    let withdrawn = app
        .call(
            Method::POST,
            &withdraw,
            &admin,
            json!({ "reason": "Contrôle défavorable" }),
        )
        .await;
    assert_eq!(withdrawn.body["status"], "withdrawn", "{}", withdrawn.body);
    assert_eq!(withdrawn.body["withdrawal_reason"], "Contrôle défavorable");
    app.call(
        Method::POST,
        &withdraw,
        &admin,
        json!({ "reason": "encore" }),
    )
    .await
    .assert_problem(409, "habilitation.already_withdrawn");
}

#[actix_web::test]
async fn managers_name_delegates_who_then_see_their_habilitation() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(3), "69002");
    let habilitation = grant(&app, &entity, "2028-12-31");
    let other = grant(&app, &app.entity(&siret(4), "69002"), "2028-12-31");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("DEL00001", "delegate@of.fr", &[]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    let manager = app.token("MAN00001").await;
    let agent = app.token("AGT00001").await;
    let delegates = format!("/api/v1/habilitations/{habilitation}/delegates");

    let added = app
        .call(
            Method::POST,
            &delegates,
            &manager,
            json!({ "forprev_number": "DEL00001" }),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.body["delegates"][0]["forprev_number"], "DEL00001");
    app.call(
        Method::POST,
        &delegates,
        &manager,
        json!({ "forprev_number": "DEL00001" }),
    )
    .await
    .assert_problem(409, "delegate.already_delegate");
    app.call(
        Method::POST,
        &delegates,
        &manager,
        json!({ "forprev_number": "ZZZ99999" }),
    )
    .await
    .assert_problem(422, "delegate.unknown_person");
    app.call(
        Method::POST,
        &delegates,
        &agent,
        json!({ "forprev_number": "DEL00001" }),
    )
    .await
    .assert_problem(403, "entity.read_only");

    let delegate = app.token("DEL00001").await;
    let own = app
        .get(&format!("/api/v1/habilitations/{habilitation}"), &delegate)
        .await;
    assert_eq!(own.status, 200);
    app.get(&format!("/api/v1/habilitations/{other}"), &delegate)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/habilitations/{other}"), &manager)
        .await
        .assert_problem(404, "not_found");

    let remove = format!("{delegates}?forprev_number=DEL00001");
    assert_eq!(
        app.call(Method::DELETE, &remove, &manager, Value::Null)
            .await
            .status,
        204
    );
    app.call(Method::DELETE, &remove, &manager, Value::Null)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/habilitations/{habilitation}"), &delegate)
        .await
        .assert_problem(404, "not_found");
}

use crate::common::{Clock, TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use forprev::domain::grant::Grant;
use serde_json::{Value, json};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn task<'a>(dashboard: &'a Value, kind: &str) -> &'a Value {
    dashboard["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == kind)
        .unwrap()
}

#[actix_web::test]
async fn each_role_sees_what_waits_for_it() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let habilitation = forprev::store::habilitations::grant(
        &mut app.conn(),
        &entity,
        "SST",
        1,
        date("2025-01-01"),
        date("2027-03-31"),
        app.clock.now(),
    )
    .unwrap();
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("TRN00001", "trainer@of.fr", &[]);
    app.certify("TRN00001", "trainer", "2028-12-31");
    let manager = app.token("MAN00001").await;
    let trainer = app.token("TRN00001").await;

    let body = json!({
        "habilitation_id": habilitation, "kind": "initial", "start_date": "2026-12-07", "end_date": "2026-12-08",
        "hours": 14, "place": "Lyon", "trainer_forprev_number": "TRN00001",
    });
    let created = app
        .call(Method::POST, "/api/v1/sessions", &manager, body)
        .await;
    let path = format!("/api/v1/sessions/{}", created.body["id"].as_str().unwrap());
    let trainees: Vec<Value> = (0..4)
        .map(|n| json!({ "family_name": format!("S{n}"), "given_name": "Zoé", "birth_date": "1990-01-01" }))
        .collect();
    app.call(
        Method::POST,
        &format!("{path}/trainees"),
        &manager,
        json!({ "trainees": trainees }),
    )
    .await;
    app.call(
        Method::POST,
        &format!("{path}/submit"),
        &manager,
        Value::Null,
    )
    .await;

    let for_trainer = app.get("/api/v1/dashboard?role=trainer", &trainer).await;
    assert_eq!(for_trainer.status, 200, "{}", for_trainer.body);
    assert_eq!(
        task(&for_trainer.body, "sessions_awaiting_trainer")["count"],
        1
    );

    app.call(
        Method::POST,
        &format!("{path}/return"),
        &trainer,
        json!({ "comment": "À corriger" }),
    )
    .await;
    let for_manager = app.get("/api/v1/dashboard?role=manager", &manager).await;
    assert_eq!(task(&for_manager.body, "sessions_returned")["count"], 1);
    assert_eq!(task(&for_manager.body, "sessions_to_close")["count"], 0);
    let expiring = task(&for_manager.body, "habilitations_expiring");
    assert_eq!(expiring["items"][0]["date"], "2027-03-31");
    assert_eq!(
        task(&for_manager.body, "urssaf_attestation_outdated")["count"],
        1
    );
    assert_eq!(
        task(
            &app.get("/api/v1/dashboard?role=trainer", &trainer)
                .await
                .body,
            "sessions_awaiting_trainer"
        )["count"],
        0
    );

    // A fresh attestation clears the Urssaf task.
    app.document(&entity, "urssaf_attestation", Some(date("2026-10-01")));
    let refreshed = app.get("/api/v1/dashboard?role=manager", &manager).await;
    assert_eq!(
        task(&refreshed.body, "urssaf_attestation_outdated")["count"],
        0
    );

    app.get("/api/v1/dashboard?role=admin", &manager)
        .await
        .assert_problem(403, "dashboard.role_not_held");
}

#[actix_web::test]
async fn agents_review_their_caisse_s_requests_and_admins_decide() {
    let app = TestApp::new().await;
    let lyon = app.entity(&siret(2), "69002");
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let creator = app.user("MAN00001", "one@of.fr", &[manager_of(&lyon)]);
    app.call_store(|conn| {
        use diesel::{ExpressionMethods, RunQueryDsl};
        use forprev::db::schema::habilitation_requests as r;
        diesel::insert_into(r::table)
            .values((
                r::id.eq(uuid::Uuid::now_v7().to_string()),
                r::entity_id.eq(&lyon),
                r::kind.eq("initial"),
                r::status.eq("transmitted"),
                r::created_by.eq(&creator),
                r::created_at.eq(chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap()),
                r::updated_at.eq(chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap()),
                r::transmitted_at.eq(chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap()),
            ))
            .execute(conn)
    });
    let lyon_agent = app
        .get(
            "/api/v1/dashboard?role=network_agent",
            &app.token("AGT00001").await,
        )
        .await;
    assert_eq!(
        task(&lyon_agent.body, "requests_to_review")["count"],
        1,
        "{}",
        lyon_agent.body
    );
    assert_eq!(
        task(&lyon_agent.body, "requests_to_review")["items"][0]["date"],
        "2026-11-02"
    );
    let paris_agent = app
        .get(
            "/api/v1/dashboard?role=network_agent",
            &app.token("AGT00002").await,
        )
        .await;
    assert_eq!(task(&paris_agent.body, "requests_to_review")["count"], 0);
    let admin = app
        .get("/api/v1/dashboard?role=admin", &app.token("ADM00001").await)
        .await;
    assert_eq!(task(&admin.body, "requests_to_decide")["count"], 0);
}

use crate::common::{Clock, Response, TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use chrono::{Duration, NaiveDate};
use forprev::domain::grant::Grant;
use forprev::ids::{DocumentId, EntityId};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    entity: EntityId,
    manager: String,
    agent: String,
    admin: String,
    urssaf: DocumentId,
    deroule: DocumentId,
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A Lyon training body with its manager, the Rhône-Alpes agent, an admin, and the documents a
/// request needs (today is 2026-11-22).
async fn world() -> World {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.call_store(|conn| {
        diesel::update(forprev::db::schema::entities::table)
            .set(forprev::db::schema::entities::contact_email.eq("contact@of.fr"))
            .execute(conn)
    });
    // A provisional account, as a registration makes.
    let manager = app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.call_store(|conn| {
        diesel::update(forprev::db::schema::users::table.find(manager))
            .set(forprev::db::schema::users::provisional.eq(true))
            .execute(conn)
    });
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let urssaf = app.document(&entity, "urssaf_attestation", Some(date("2026-09-01")));
    let deroule = app.document(&entity, "deroule_pedagogique", None);
    World {
        manager: app.token("MAN00001").await,
        agent: app.token("AGT00001").await,
        admin: app.token("ADM00001").await,
        app,
        entity,
        urssaf,
        deroule,
    }
}

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};

impl World {
    async fn draft(&self, body: Value) -> Response {
        self.app
            .call(
                Method::POST,
                "/api/v1/habilitation-requests",
                &self.manager,
                body,
            )
            .await
    }

    fn sst_request(&self) -> Value {
        json!({
            "entity_id": self.entity,
            "kind": "initial",
            "items": [
                { "scheme_code": "SST", "level": 1 },
                { "scheme_code": "SST", "level": 2, "deroule_document_id": self.deroule },
            ],
            "document_ids": [self.urssaf],
        })
    }

    async fn step(&self, token: &str, id: &str, step: &str, body: Value) -> Response {
        let path = format!("/api/v1/habilitation-requests/{id}/{step}");
        self.app.call(Method::POST, &path, token, body).await
    }
}

fn id_of(response: &Response) -> String {
    assert!(response.status.is_success(), "{}", response.body);
    response.body["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn a_request_goes_from_draft_to_granted_habilitations() {
    let w = world().await;
    let another_entity = json!({
        "siret": siret(9), "legal_name": "Autre", "kind": "company",
        "address": { "line": "1 rue", "postal_code": "69001", "city": "Lyon" }, "headcount": 3,
    });
    w.app
        .call(
            Method::POST,
            "/api/v1/entities",
            &w.manager,
            another_entity.clone(),
        )
        .await
        .assert_problem(403, "account.provisional");
    let drafted = w.draft(w.sst_request()).await;
    assert_eq!(drafted.status, 201, "{}", drafted.body);
    assert_eq!(drafted.body["status"], "draft");
    let id = id_of(&drafted);

    // A draft is the entity's alone.
    let path = format!("/api/v1/habilitation-requests/{id}");
    w.app
        .get(&path, &w.agent)
        .await
        .assert_problem(404, "not_found");

    let transmitted = w.step(&w.manager, &id, "transmit", Value::Null).await;
    assert_eq!(
        transmitted.body["status"], "transmitted",
        "{}",
        transmitted.body
    );
    w.step(&w.manager, &id, "transmit", Value::Null)
        .await
        .assert_problem(409, "request.illegal_transition");

    // The caisse asks for more documents; the entity completes and transmits again.
    w.step(
        &w.agent,
        &id,
        "review",
        json!({ "opinion": "more_documents" }),
    )
    .await
    .assert_problem(422, "request.comment_required");
    let sent_back = w
        .step(
            &w.agent,
            &id,
            "review",
            json!({ "opinion": "more_documents", "comment": "Kbis manquant" }),
        )
        .await;
    assert_eq!(
        sent_back.body["status"], "more_documents_requested",
        "{}",
        sent_back.body
    );
    let kbis = w.app.document(&w.entity, "other", None);
    let mut content = w.sst_request();
    content["document_ids"] = json!([w.urssaf, kbis]);
    let changed = w.app.call(Method::PATCH, &path, &w.manager, content).await;
    assert_eq!(
        changed.body["document_ids"].as_array().unwrap().len(),
        2,
        "{}",
        changed.body
    );
    w.step(&w.manager, &id, "transmit", Value::Null).await;

    // Only the commission decides, and only once reviewed.
    w.step(&w.admin, &id, "decision", json!({ "decision": "granted" }))
        .await
        .assert_problem(409, "request.illegal_transition");
    let reviewed = w
        .step(&w.agent, &id, "review", json!({ "opinion": "favourable" }))
        .await;
    assert_eq!(reviewed.body["review"]["opinion"], "favourable");
    w.step(&w.agent, &id, "decision", json!({ "decision": "granted" }))
        .await
        .assert_problem(403, "request.decision_forbidden");
    let granted = w
        .step(&w.admin, &id, "decision", json!({ "decision": "granted", "valid_from": "2026-12-01", "valid_until": "2031-11-30" }))
        .await;
    assert_eq!(granted.body["status"], "granted", "{}", granted.body);
    // Its managers are told, by a message queued with the decision.
    use forprev::db::schema::outbox;
    let told: Vec<(String, String)> = w.app.call_store(|conn| {
        outbox::table
            .select((outbox::recipient, outbox::topic))
            .load(conn)
    });
    assert_eq!(
        told,
        [("one@of.fr".to_owned(), "habilitation.decided".to_owned())]
    );
    // The first habilitation makes the provisional account a full one, at once.
    let created = w
        .app
        .call(Method::POST, "/api/v1/entities", &w.manager, another_entity)
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let actions: Vec<(&str, &str)> = granted.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("created", "MAN00001"),
            ("transmitted", "MAN00001"),
            ("reviewed_more_documents", "AGT00001"),
            ("updated", "MAN00001"),
            ("transmitted", "MAN00001"),
            ("reviewed_favourable", "AGT00001"),
            ("granted", "ADM00001"),
        ]
    );

    let habilitations = w
        .app
        .get(
            &format!("/api/v1/habilitations?entity_id={}", w.entity),
            &w.manager,
        )
        .await;
    let items = habilitations.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .all(|h| h["valid_until"] == "2031-11-30" && h["status"] == "upcoming")
    );
    w.app.clock.advance(Duration::days(10));
    let agent = w.app.token("AGT00001").await;
    let sst1 = w
        .app
        .get(
            &format!("/api/v1/habilitations/{}", items[0]["id"].as_str().unwrap()),
            &agent,
        )
        .await;
    assert_eq!(sst1.body["status"], "active");
}

#[actix_web::test]
async fn transmission_rules_each_answer_their_code() {
    let w = world().await;
    // Urssaf attestation older than 6 months.
    let stale = w
        .app
        .document(&w.entity, "urssaf_attestation", Some(date("2026-05-21")));
    let mut body = w.sst_request();
    body["document_ids"] = json!([stale]);
    let id = id_of(&w.draft(body).await);
    w.step(&w.manager, &id, "transmit", Value::Null)
        .await
        .assert_problem(422, "request.urssaf_attestation_missing");

    // A déroulé for every item but SST level 1.
    let mut body = w.sst_request();
    body["items"] =
        json!([{ "scheme_code": "SST", "level": 1 }, { "scheme_code": "PRAP_IBC", "level": 1 }]);
    let id = id_of(&w.draft(body).await);
    w.step(&w.manager, &id, "transmit", Value::Null)
        .await
        .assert_problem(422, "request.deroule_missing");

    // One request under instruction at a time.
    let first = id_of(&w.draft(w.sst_request()).await);
    let second = id_of(&w.draft(w.sst_request()).await);
    assert_eq!(
        w.step(&w.manager, &first, "transmit", Value::Null)
            .await
            .status,
        200
    );
    w.step(&w.manager, &second, "transmit", Value::Null)
        .await
        .assert_problem(422, "request.another_under_instruction");

    // The entity's mandatory fields.
    let path = format!("/api/v1/entities/{}", w.entity);
    w.app
        .call(
            Method::PATCH,
            &path,
            &w.manager,
            json!({ "contact_email": null }),
        )
        .await;
    w.step(
        &w.agent,
        &first,
        "review",
        json!({ "opinion": "unfavourable", "comment": "Dossier faible" }),
    )
    .await;
    w.step(
        &w.admin,
        &first,
        "decision",
        json!({ "decision": "refused", "comment": "Refus" }),
    )
    .await;
    w.step(&w.manager, &second, "transmit", Value::Null)
        .await
        .assert_problem(422, "request.entity_incomplete");
}

#[actix_web::test]
async fn a_refusal_is_final_and_must_be_explained() {
    let w = world().await;
    let id = id_of(&w.draft(w.sst_request()).await);
    w.step(&w.manager, &id, "transmit", Value::Null).await;
    w.step(
        &w.agent,
        &id,
        "review",
        json!({ "opinion": "unfavourable", "comment": "Formateurs non qualifiés" }),
    )
    .await;
    w.step(&w.admin, &id, "decision", json!({ "decision": "refused" }))
        .await
        .assert_problem(422, "request.comment_required");
    let refused = w
        .step(
            &w.admin,
            &id,
            "decision",
            json!({ "decision": "refused", "comment": "Avis défavorable" }),
        )
        .await;
    assert_eq!(refused.body["status"], "refused");
    assert_eq!(refused.body["decision"]["comment"], "Avis défavorable");
    w.step(&w.manager, &id, "transmit", Value::Null)
        .await
        .assert_problem(409, "request.illegal_transition");
    let path = format!("/api/v1/habilitation-requests/{id}");
    w.app
        .call(Method::PATCH, &path, &w.manager, w.sst_request())
        .await
        .assert_problem(409, "request.not_editable");
}

#[actix_web::test]
async fn initial_and_renewal_ask_for_what_the_entity_lacks_or_holds() {
    let w = world().await;
    let mut renewal = w.sst_request();
    renewal["kind"] = json!("renewal");
    w.draft(renewal.clone())
        .await
        .assert_problem(422, "request.nothing_to_renew");
    let mut unknown = w.sst_request();
    unknown["items"] = json!([{ "scheme_code": "SST", "level": 3 }]);
    w.draft(unknown)
        .await
        .assert_problem(422, "request.unknown_scheme");

    forprev::store::habilitations::grant(
        &mut w.app.conn(),
        &w.entity,
        "SST",
        1,
        date("2024-01-01"),
        date("2028-12-31"),
        w.app.clock.now(),
    )
    .unwrap();
    let mut initial = w.sst_request();
    initial["items"] = json!([{ "scheme_code": "SST", "level": 1 }]);
    w.draft(initial)
        .await
        .assert_problem(422, "request.already_habilitated");
    renewal["items"] = json!([{ "scheme_code": "SST", "level": 1 }]);
    assert_eq!(w.draft(renewal).await.status, 201);
}

#[actix_web::test]
async fn requests_stay_within_their_tenants() {
    let w = world().await;
    let other = w.app.entity(&siret(2), "75011");
    w.app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    w.app
        .user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);
    let other_manager = w.app.token("MAN00002").await;
    let other_agent = w.app.token("AGT00002").await;
    let id = id_of(&w.draft(w.sst_request()).await);
    w.step(&w.manager, &id, "transmit", Value::Null).await;
    let path = format!("/api/v1/habilitation-requests/{id}");

    w.app
        .get(&path, &other_manager)
        .await
        .assert_problem(404, "not_found");
    w.app
        .get(&path, &other_agent)
        .await
        .assert_problem(404, "not_found");
    w.step(
        &other_agent,
        &id,
        "review",
        json!({ "opinion": "favourable" }),
    )
    .await
    .assert_problem(404, "not_found");
    let mut theirs = w.sst_request();
    theirs["entity_id"] = json!(other);
    w.draft(theirs).await.assert_problem(404, "not_found");
    let listed = w
        .app
        .get("/api/v1/habilitation-requests", &other_agent)
        .await;
    assert_eq!(listed.body["items"], json!([]));
    let listed = w
        .app
        .get("/api/v1/habilitation-requests?status=transmitted", &w.agent)
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

use crate::common::{TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use forprev::domain::grant::Grant;
use serde_json::{Value, json};

fn training_body(siret: &str, postal_code: &str) -> Value {
    json!({
        "siret": siret,
        "legal_name": "Formations Prévention Rhône",
        "kind": "training_body",
        "nda": "84 69 12345 69",
        "address": { "line": "12 rue de la République", "postal_code": postal_code, "city": "Lyon" },
        "headcount": 12,
        "contact_email": "Contact@FPR.fr",
        "contact_phone": "04 72 00 00 00",
    })
}

#[actix_web::test]
async fn a_manager_creates_an_entity_placed_in_its_caisse_and_manages_it_at_once() {
    let app = TestApp::new().await;
    let first = app.entity(&siret(1), "75011");
    app.user("MAN00001", "gestion@of.fr", &[manager_of(&first)]);
    let token = app.token("MAN00001").await;

    let created = app
        .call(
            Method::POST,
            "/api/v1/entities",
            &token,
            training_body(&siret(2), "69002"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["caisse_code"], "CARSAT_RA");
    assert_eq!(created.body["nda"], "84691234569");
    assert_eq!(created.body["contact_email"], "contact@fpr.fr");
    assert_eq!(created.body["contact_phone"], "+33472000000");
    let id = created.body["id"].as_str().unwrap();

    // The same token: grants are read from the database, so the new entity is visible already.
    let fetched = app.get(&format!("/api/v1/entities/{id}"), &token).await;
    assert_eq!(fetched.status, 200, "{}", fetched.body);
    let listed = app.get("/api/v1/entities", &token).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn every_invalid_field_is_named_and_foreign_postal_codes_are_refused() {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    let mut body = training_body("77567145600083", "6900");
    body["nda"] = Value::Null;
    body["headcount"] = json!(-1);
    let response = app
        .call(Method::POST, "/api/v1/entities", &token, body)
        .await;
    let problem = response.assert_problem(422, "request.invalid_fields");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["siret", "nda", "address.postal_code", "headcount"]);

    let monaco = training_body(&siret(3), "98000");
    app.call(Method::POST, "/api/v1/entities", &token, monaco)
        .await
        .assert_problem(422, "entity.outside_network");
}

#[actix_web::test]
async fn a_siret_belongs_to_one_entity() {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    let body = training_body(&siret(4), "69002");
    assert_eq!(
        app.call(Method::POST, "/api/v1/entities", &token, body.clone())
            .await
            .status,
        201
    );
    app.call(Method::POST, "/api/v1/entities", &token, body)
        .await
        .assert_problem(409, "entity.siret_taken");
}

#[actix_web::test]
async fn tenants_never_see_each_other() {
    let app = TestApp::new().await;
    let lyon = app.entity(&siret(10), "69002");
    let paris = app.entity(&siret(11), "75011");
    app.user("MAN00001", "a@of.fr", &[manager_of(&lyon)]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let manager = app.token("MAN00001").await;
    let lyon_agent = app.token("AGT00001").await;
    let paris_agent = app.token("AGT00002").await;
    let admin = app.token("ADM00001").await;
    let change = json!({ "legal_name": "Pris" });

    // Another entity's manager and another caisse's agent: 404, never the data.
    let paris_path = format!("/api/v1/entities/{paris}");
    app.get(&paris_path, &manager)
        .await
        .assert_problem(404, "not_found");
    app.call(Method::PATCH, &paris_path, &manager, change.clone())
        .await
        .assert_problem(404, "not_found");
    let lyon_path = format!("/api/v1/entities/{lyon}");
    app.get(&lyon_path, &paris_agent)
        .await
        .assert_problem(404, "not_found");

    // The caisse's agent sees its entity but does not change it.
    assert_eq!(app.get(&lyon_path, &lyon_agent).await.status, 200);
    app.call(Method::PATCH, &lyon_path, &lyon_agent, change.clone())
        .await
        .assert_problem(403, "entity.read_only");

    let ids = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(&app.get("/api/v1/entities", &manager).await.body),
        [lyon.to_string()]
    );
    assert_eq!(
        ids(&app.get("/api/v1/entities", &lyon_agent).await.body),
        [lyon.to_string()]
    );
    assert_eq!(
        ids(&app.get("/api/v1/entities", &paris_agent).await.body),
        [paris.to_string()]
    );
    assert_eq!(
        ids(&app.get("/api/v1/entities", &admin).await.body).len(),
        2
    );
}

#[actix_web::test]
async fn a_patch_changes_only_what_it_names_and_may_move_the_caisse() {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/entities",
            &token,
            training_body(&siret(5), "69002"),
        )
        .await;
    let path = format!("/api/v1/entities/{}", created.body["id"].as_str().unwrap());
    let new_siret = siret(6);
    let patch = json!({
        "siret": new_siret,
        "address": { "line": "3 quai de Seine", "postal_code": "75019", "city": "Paris" },
        "contact_email": null,
    });
    let patched = app.call(Method::PATCH, &path, &token, patch).await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["siret"], new_siret.as_str());
    assert_eq!(patched.body["caisse_code"], "CRAMIF");
    assert_eq!(patched.body["legal_name"], "Formations Prévention Rhône");
    assert!(patched.body.get("contact_email").is_none());
    assert_eq!(patched.body["contact_phone"], "+33472000000");

    let to_company = json!({ "kind": "company", "nda": null });
    let company = app.call(Method::PATCH, &path, &token, to_company).await;
    assert_eq!(company.body["kind"], "company", "{}", company.body);
    let back = json!({ "kind": "training_body" });
    app.call(Method::PATCH, &path, &token, back)
        .await
        .assert_problem(422, "request.invalid_fields");
}

#[actix_web::test]
async fn lists_are_paginated_by_cursor() {
    let app = TestApp::new().await;
    for seed in 20..23 {
        app.entity(&siret(seed), "69002");
    }
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    let first = app.get("/api/v1/entities?limit=2", &token).await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("/api/v1/entities?limit=2&cursor={cursor}"), &token)
        .await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert!(second.body.get("next_cursor").is_none());
    app.get("/api/v1/entities?limit=0", &token)
        .await
        .assert_problem(400, "request.invalid_query");
}

#[actix_web::test]
async fn the_catalogue_is_public() {
    let app = TestApp::new().await;
    let response = app
        .send(actix_web::test::TestRequest::get().uri("/api/v1/schemes"))
        .await;
    assert_eq!(response.status, 200);
    let sst1 = response
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "SST" && s["level"] == 1)
        .unwrap();
    assert_eq!(sst1["initial_min_hours"], 14);
    assert_eq!(sst1["mac_min_hours"], 7);
    assert_eq!(sst1["min_trainees"], 4);
    assert_eq!(sst1["max_trainees"], 10);
    assert_eq!(sst1["certificate_validity_months"], 24);
    assert_eq!(sst1["deroule_required"], false);
    assert_eq!(response.body.as_array().unwrap().len(), 8);
}

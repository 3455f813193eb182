use crate::common::{Clock, TestApp, manager_of, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use chrono::NaiveDate;
use forprev::ids::EntityId;
use serde_json::{Value, json};

fn habilitate(app: &TestApp, entity: &EntityId, scheme: &str, level: i32, until: &str) {
    let from: NaiveDate = "2025-01-01".parse().unwrap();
    forprev::store::habilitations::grant(
        &mut app.conn(),
        entity,
        scheme,
        level,
        from,
        until.parse().unwrap(),
        app.clock.now(),
    )
    .unwrap();
}

async fn directory(app: &TestApp, query: &str) -> Value {
    let response = app
        .send(TestRequest::get().uri(&format!("/api/v1/public/directory{query}")))
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.body
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["legal_name"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn only_listed_entities_with_a_habilitation_in_force_appear_with_what_they_publish() {
    let app = TestApp::new().await;
    let lyon = app.entity(&siret(1), "69002");
    let paris = app.entity(&siret(2), "75011");
    let unlisted = app.entity(&siret(3), "69003");
    let expired = app.entity(&siret(4), "69004");
    habilitate(&app, &lyon, "SST", 1, "2029-12-31");
    habilitate(&app, &lyon, "PRAP_IBC", 1, "2029-12-31");
    habilitate(&app, &paris, "SST", 2, "2029-12-31");
    habilitate(&app, &unlisted, "SST", 1, "2029-12-31");
    habilitate(&app, &expired, "SST", 1, "2026-01-31");
    let managers = [
        (&lyon, "MAN00001"),
        (&paris, "MAN00002"),
        (&expired, "MAN00004"),
    ];
    for (entity, number) in managers {
        app.user(number, &format!("{number}@of.fr"), &[manager_of(entity)]);
        let token = app.token(number).await;
        let path = format!("/api/v1/entities/{entity}/directory-listing");
        let listing =
            json!({ "listed": true, "website": "https://of.fr", "phone": "04 72 00 00 00" });
        let response = app.call(Method::PUT, &path, &token, listing).await;
        assert_eq!(response.body["phone"], "+33472000000", "{}", response.body);
    }

    let everyone = directory(&app, "").await;
    assert_eq!(
        names(&everyone),
        [
            format!("Organisme {}", siret(1)),
            format!("Organisme {}", siret(2))
        ]
    );
    let lyon_entry = &everyone["items"][0];
    assert_eq!(
        lyon_entry["habilitations"],
        json!([{ "scheme_code": "PRAP_IBC", "level": 1 }, { "scheme_code": "SST", "level": 1 }])
    );
    assert_eq!(lyon_entry["website"], "https://of.fr");
    assert!(lyon_entry.get("email").is_none());
    assert!(lyon_entry.get("siret").is_none());

    assert_eq!(
        names(&directory(&app, "?scheme_code=SST&level=2").await),
        [format!("Organisme {}", siret(2))]
    );
    assert_eq!(
        names(&directory(&app, "?caisse_code=CARSAT_RA").await),
        [format!("Organisme {}", siret(1))]
    );
    let first_page = directory(&app, "?limit=1").await;
    let cursor = first_page["next_cursor"].as_str().unwrap();
    assert_eq!(
        names(&directory(&app, &format!("?limit=1&cursor={cursor}")).await),
        [format!("Organisme {}", siret(2))]
    );

    // Opting out removes the entity.
    let token = app.token("MAN00001").await;
    let path = format!("/api/v1/entities/{lyon}/directory-listing");
    let out = app
        .call(Method::PUT, &path, &token, json!({ "listed": false }))
        .await;
    assert_eq!(out.body, json!({ "listed": false }));
    assert_eq!(
        names(&directory(&app, "").await),
        [format!("Organisme {}", siret(2))]
    );
}

#[actix_web::test]
async fn a_listing_needs_one_valid_contact() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(5), "69002");
    let other = app.entity(&siret(6), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let token = app.token("MAN00001").await;
    let path = format!("/api/v1/entities/{entity}/directory-listing");
    let none = app
        .call(Method::PUT, &path, &token, json!({ "listed": true }))
        .await;
    assert_eq!(
        none.assert_problem(422, "request.invalid_fields")["errors"][0]["field"],
        "email"
    );
    let bad_phone = app
        .call(
            Method::PUT,
            &path,
            &token,
            json!({ "listed": true, "phone": "12" }),
        )
        .await;
    assert_eq!(
        bad_phone.assert_problem(422, "request.invalid_fields")["errors"][0]["field"],
        "phone"
    );
    app.call(
        Method::PUT,
        &format!("/api/v1/entities/{other}/directory-listing"),
        &token,
        json!({ "listed": false }),
    )
    .await
    .assert_problem(404, "not_found");
}

use crate::common::{Clock, Response, TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use diesel::prelude::*;
use forprev::domain::grant::{Grant, Role};
use forprev::ids::{EntityId, HabilitationId};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    habilitation: HabilitationId,
    manager: String,
}

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn habilitate(app: &TestApp, entity: &EntityId, level: i32) -> HabilitationId {
    forprev::store::habilitations::grant(
        &mut app.conn(),
        entity,
        "SST",
        level,
        date("2025-01-01"),
        date("2029-12-31"),
        app.clock.now(),
    )
    .unwrap()
}

/// A Lyon entity habilitated for SST level 1, its manager, a certified trainer (today is
/// 2026-11-22).
async fn world() -> World {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let habilitation = habilitate(&app, &entity, 1);
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("TRN00001", "trainer@of.fr", &[]);
    app.certify("TRN00001", "trainer", "2028-12-31");
    World {
        manager: app.token("MAN00001").await,
        app,
        habilitation,
    }
}

impl World {
    fn session(&self) -> Value {
        json!({
            "habilitation_id": self.habilitation,
            "kind": "initial",
            "start_date": "2026-12-07",
            "end_date": "2026-12-08",
            "hours": 14,
            "place": "Lyon, 5 cours Lafayette",
            "trainer_forprev_number": "TRN00001",
        })
    }

    async fn declare(&self, token: &str, body: Value) -> Response {
        self.app
            .call(Method::POST, "/api/v1/sessions", token, body)
            .await
    }
}

fn with(mut body: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[actix_web::test]
async fn a_manager_declares_a_session_that_carries_its_etag() {
    let w = world().await;
    let created = w.declare(&w.manager, w.session()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.headers.get("etag").unwrap(), "\"1\"");
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["scheme_code"], "SST");
    assert_eq!(created.body["level"], 1);
    assert_eq!(created.body["closure_deadline"], "2027-03-08");
    assert_eq!(created.body["trainer"]["forprev_number"], "TRN00001");
    let path = format!("/api/v1/sessions/{}", created.body["id"].as_str().unwrap());

    let patch = |etag: &str, body: Value| {
        TestRequest::patch()
            .uri(&path)
            .insert_header(("Authorization", format!("Bearer {}", w.manager)))
            .insert_header(("If-Match", etag.to_owned()))
            .set_json(body)
    };
    let changed = w
        .app
        .send(patch("\"1\"", json!({ "place": "Villeurbanne" })))
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.headers.get("etag").unwrap(), "\"2\"");
    assert_eq!(changed.body["place"], "Villeurbanne");
    w.app
        .send(patch("\"1\"", json!({ "place": "Bron" })))
        .await
        .assert_problem(412, "session.stale");
    w.app
        .send(patch("not-an-etag", json!({ "place": "Bron" })))
        .await
        .assert_problem(412, "session.stale");
    let listed = w
        .app
        .send(patch("\"9\", W/\"2\"", json!({ "place": "Bron" })))
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);

    let delete = w
        .app
        .call(Method::DELETE, &path, &w.manager, Value::Null)
        .await;
    assert_eq!(delete.status, 204);
    w.app
        .get(&path, &w.manager)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn every_declaration_rule_answers_its_code() {
    let w = world().await;
    let cases = [
        (
            json!({ "end_date": "2027-03-01", "start_date": "2027-02-28" }),
            "session.declaration_window",
        ),
        (
            json!({ "start_date": "2026-10-20", "end_date": "2026-10-21" }),
            "session.declaration_window",
        ),
        (
            json!({ "start_date": "2026-12-09", "end_date": "2026-12-08" }),
            "session.invalid_dates",
        ),
        (json!({ "hours": 13 }), "session.too_few_hours"),
        (json!({ "place": "  " }), "session.invalid_place"),
        (
            json!({ "trainer_forprev_number": "ZZZ99999" }),
            "session.unknown_trainer",
        ),
        (
            json!({ "start_date": "2029-12-30", "end_date": "2030-01-02" }),
            "session.declaration_window",
        ),
    ];
    for (changes, code) in cases {
        w.declare(&w.manager, with(w.session(), changes))
            .await
            .assert_problem(422, code);
    }
    // Late declaration with the real dates: up to one month after the last day.
    let late = with(
        w.session(),
        json!({ "start_date": "2026-10-21", "end_date": "2026-10-22" }),
    );
    assert_eq!(w.declare(&w.manager, late).await.status, 201);
    // A MAC session needs only 7 hours.
    let mac = with(w.session(), json!({ "kind": "mac", "hours": 7 }));
    assert_eq!(w.declare(&w.manager, mac).await.status, 201);
}

#[actix_web::test]
async fn the_trainer_must_be_certified_for_the_level_through_the_last_day() {
    let w = world().await;
    w.app.user("TRN00002", "short@of.fr", &[]);
    w.app.certify("TRN00002", "trainer", "2026-12-07");
    let short = with(w.session(), json!({ "trainer_forprev_number": "TRN00002" }));
    w.declare(&w.manager, short)
        .await
        .assert_problem(422, "session.trainer_not_certified");

    // A level 2 (trainers') session needs a trainer of trainers.
    let entity = w.app.entity(&siret(2), "69002");
    let level2 = habilitate(&w.app, &entity, 2);
    w.app.user("MAN00002", "two@of.fr", &[manager_of(&entity)]);
    let manager = w.app.token("MAN00002").await;
    let body = with(
        w.session(),
        json!({ "habilitation_id": level2, "hours": 56 }),
    );
    w.declare(&manager, body.clone())
        .await
        .assert_problem(422, "session.trainer_not_certified");
    w.app
        .certify("TRN00001", "trainer_of_trainers", "2028-12-31");
    assert_eq!(w.declare(&manager, body).await.status, 201);
}

#[actix_web::test]
async fn a_withdrawn_habilitation_runs_no_session() {
    let w = world().await;
    forprev::store::habilitations::withdraw(
        &mut w.app.conn(),
        &w.habilitation,
        &forprev::store::users::find_by_login(&mut w.app.conn(), "MAN00001")
            .unwrap()
            .unwrap()
            .id,
        "contrôle",
        w.app.clock.now(),
    )
    .unwrap();
    w.declare(&w.manager, w.session())
        .await
        .assert_problem(422, "session.habilitation_inactive");
}

#[actix_web::test]
async fn only_the_entity_and_the_habilitation_s_delegates_run_its_sessions() {
    let w = world().await;
    let delegate = Grant {
        role: Role::Delegate,
        habilitation_id: Some(w.habilitation.clone()),
        ..Grant::admin()
    };
    w.app.user("DEL00001", "delegate@of.fr", &[delegate]);
    let other_entity = w.app.entity(&siret(3), "69002");
    let other_habilitation = habilitate(&w.app, &other_entity, 1);
    let foreign_delegate = Grant {
        role: Role::Delegate,
        habilitation_id: Some(other_habilitation),
        ..Grant::admin()
    };
    w.app
        .user("DEL00002", "other-delegate@of.fr", &[foreign_delegate]);
    w.app
        .user("MAN00002", "two@of.fr", &[manager_of(&other_entity)]);
    w.app
        .user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    w.app
        .user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);

    let by_delegate = w.declare(&w.app.token("DEL00001").await, w.session()).await;
    assert_eq!(by_delegate.status, 201, "{}", by_delegate.body);
    let path = format!(
        "/api/v1/sessions/{}",
        by_delegate.body["id"].as_str().unwrap()
    );

    for number in ["DEL00002", "MAN00002", "AGT00002"] {
        let token = w.app.token(number).await;
        w.declare(&token, w.session())
            .await
            .assert_problem(404, "not_found");
        w.app
            .get(&path, &token)
            .await
            .assert_problem(404, "not_found");
        w.app
            .call(Method::PATCH, &path, &token, json!({ "place": "ailleurs" }))
            .await
            .assert_problem(404, "not_found");
    }
    // The caisse's agent sees the session but does not run it.
    let agent = w.app.token("AGT00001").await;
    assert_eq!(w.app.get(&path, &agent).await.status, 200);
    w.declare(&agent, w.session())
        .await
        .assert_problem(403, "session.not_a_runner");
    // The trainer sees nothing of a draft.
    let trainer = w.app.token("TRN00001").await;
    w.app
        .get(&path, &trainer)
        .await
        .assert_problem(404, "not_found");

    let listed = w
        .app
        .get(
            "/api/v1/sessions?status=draft&trainer_forprev_number=TRN00001",
            &w.manager,
        )
        .await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        listed.body
    );
    let none = w
        .app
        .get("/api/v1/sessions?status=validated", &w.manager)
        .await;
    assert_eq!(none.body["items"], json!([]));
    let other = w
        .app
        .get("/api/v1/sessions", &w.app.token("MAN00002").await)
        .await;
    assert_eq!(other.body["items"], json!([]));
}

/// Whether `number` sees the session, asserting that its read and the list agree.
async fn sees(w: &World, number: &str, id: &str) -> bool {
    let token = w.app.token(number).await;
    let read = w.app.get(&format!("/api/v1/sessions/{id}"), &token).await;
    let list = w.app.get("/api/v1/sessions?limit=100", &token).await;
    assert_eq!(list.status, 200, "{number}: {}", list.body);
    let listed = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|session| session["id"] == id);
    assert_eq!(read.status == 200, listed, "{number}: {}", read.body);
    if !listed {
        read.assert_problem(404, "not_found");
    }
    listed
}

#[actix_web::test]
async fn each_role_sees_a_session_by_its_read_and_in_the_list_alike() {
    let w = world().await;
    let delegate = Grant {
        role: Role::Delegate,
        habilitation_id: Some(w.habilitation.clone()),
        ..Grant::admin()
    };
    w.app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    w.app.user("DEL00001", "delegate@of.fr", &[delegate]);
    w.app
        .user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    w.app
        .user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);
    let other = w.app.entity(&siret(3), "69002");
    w.app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let declared = w.declare(&w.manager, w.session()).await;
    let id = declared.body["id"].as_str().unwrap().to_owned();

    for number in ["ADM00001", "MAN00001", "DEL00001", "AGT00001"] {
        assert!(sees(&w, number, &id).await, "{number}");
    }
    for number in ["AGT00002", "MAN00002", "TRN00001"] {
        assert!(!sees(&w, number, &id).await, "{number}");
    }
    let set_status = |status: &'static str| {
        let id = id.clone();
        w.app.call_store(move |conn| {
            use forprev::db::schema::sessions;
            diesel::update(sessions::table.filter(sessions::id.eq(id)))
                .set(sessions::status.eq(status))
                .execute(conn)
        });
    };
    set_status("awaiting_trainer");
    assert!(sees(&w, "TRN00001", &id).await);
    set_status("cancelled");
    assert!(!sees(&w, "TRN00001", &id).await);
    assert!(sees(&w, "MAN00001", &id).await);

    // A disabled account is told so by the read and by the list, not shown an empty page.
    let token = w.app.token("DEL00001").await;
    w.app.call_store(|conn| {
        use forprev::db::schema::users;
        diesel::update(users::table.filter(users::forprev_number.eq("DEL00001")))
            .set(users::active.eq(false))
            .execute(conn)
    });
    for path in [format!("/api/v1/sessions/{id}"), "/api/v1/sessions".into()] {
        w.app
            .get(&path, &token)
            .await
            .assert_problem(401, "auth.account_disabled");
    }
}

#[actix_web::test]
async fn a_person_pages_through_its_sessions_by_cursor_with_or_without_a_filter() {
    let w = world().await;
    let mut declared = Vec::new();
    for _ in 0..3 {
        let session = w.declare(&w.manager, w.session()).await;
        declared.push(session.body["id"].as_str().unwrap().to_owned());
    }
    declared.sort();
    let ids = |page: &Response| -> Vec<String> {
        let items = page.body["items"].as_array().unwrap();
        items
            .iter()
            .map(|s| s["id"].as_str().unwrap().into())
            .collect()
    };
    // Unfiltered (the hot statement) and filtered (the composed one) pages agree.
    for filter in ["", "&status=draft"] {
        let first = w
            .app
            .get(&format!("/api/v1/sessions?limit=2{filter}"), &w.manager)
            .await;
        assert_eq!(ids(&first), declared[..2], "{filter}: {}", first.body);
        let cursor = first.body["next_cursor"].as_str().unwrap();
        let path = format!("/api/v1/sessions?limit=2{filter}&cursor={cursor}");
        let second = w.app.get(&path, &w.manager).await;
        assert_eq!(ids(&second), declared[2..], "{filter}: {}", second.body);
        assert!(second.body["next_cursor"].is_null(), "{}", second.body);
    }
}

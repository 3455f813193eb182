//! `Idempotency-Key`: a retried POST gets its first answer again, once, for 24 hours.

use crate::common::{Clock, TestApp};
use crate::session_workflow::journey_of;
use actix_web::test::TestRequest;
use chrono::Duration;
use diesel::{QueryDsl, RunQueryDsl};
use serde_json::{Value, json};

fn sessions(app: &TestApp) -> i64 {
    app.call_store(|conn| {
        forprev::db::schema::sessions::table
            .count()
            .get_result(conn)
    })
}

fn declare(token: &str, key: &str, body: &Value) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/sessions")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Idempotency-Key", key.to_owned()))
        .set_json(body)
}

#[actix_web::test]
async fn a_retried_declaration_answers_the_first_answer_and_declares_once() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let app = &j.app;
    let session = app.get(&j.path, &j.manager).await.body;
    let body = json!({
        "habilitation_id": session["habilitation_id"], "kind": "initial", "start_date": "2026-12-14",
        "end_date": "2026-12-15", "hours": 14, "place": "Lyon", "trainer_forprev_number": "TRN00001",
    });
    let before = sessions(app);
    let first = app
        .send(declare(&j.manager, "partner-retry-1", &body))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = app
        .send(declare(&j.manager, "partner-retry-1", &body))
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers.get("etag"), first.headers.get("etag"));
    assert_eq!(again.headers.get("idempotency-replayed").unwrap(), "true");
    assert_eq!(sessions(app), before + 1, "declared once");

    // The same key for another request is refused; another key declares again.
    let mut other = body.clone();
    other["place"] = json!("Villeurbanne");
    app.send(declare(&j.manager, "partner-retry-1", &other))
        .await
        .assert_problem(422, "request.idempotency_key_reused");
    assert_eq!(
        app.send(declare(&j.manager, "partner-retry-2", &body))
            .await
            .status,
        201
    );
    assert_eq!(sessions(app), before + 2);

    // Keys are their caller's: another runner's same key is its own.
    let entity = session["entity_id"].as_str().unwrap().parse().unwrap();
    app.user(
        "MAN00002",
        "two@of.fr",
        &[crate::common::manager_of(&entity)],
    );
    let second = app.token("MAN00002").await;
    let theirs = app.send(declare(&second, "partner-retry-1", &body)).await;
    assert_eq!(theirs.status, 201);
    assert!(theirs.headers.get("idempotency-replayed").is_none());

    // After 24 hours the first answer is forgotten.
    app.clock.advance(Duration::hours(25));
    let manager = app.token("MAN00001").await;
    let later = app.send(declare(&manager, "partner-retry-1", &body)).await;
    assert_eq!(later.status, 201, "{}", later.body);
    assert!(later.headers.get("idempotency-replayed").is_none());
    let report = forprev::jobs::purge::run(&app.state.pool, app.clock.now()).unwrap();
    assert!(report.idempotency_keys >= 2, "{report:?}");
}

#[actix_web::test]
async fn a_retry_while_the_first_runs_waits_and_a_bad_key_is_refused() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let app = &j.app;
    let user = forprev::store::users::find_by_login(&mut app.conn(), "MAN00001")
        .unwrap()
        .unwrap();
    // The first request holds the key (it is still running).
    let running = TestRequest::post()
        .uri(&format!("{}/cancel", j.path))
        .insert_header(("Authorization", format!("Bearer {}", j.manager)))
        .insert_header(("Idempotency-Key", "running"));
    let hash = {
        // What the first request was: the same, so the key is not "reused".
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(format!("POST {}/cancel\n", j.path));
        hex::encode(hasher.finalize())
    };
    forprev::store::idempotency_keys::claim(
        &mut app.conn(),
        &format!("user:{}", user.id),
        "running",
        &hash,
        app.clock.now(),
    )
    .unwrap();
    let answer = app.send(running).await;
    answer.assert_problem(409, "request.idempotency_in_progress");
    assert_eq!(answer.headers.get("retry-after").unwrap(), "1");
    let bad = TestRequest::post()
        .uri(&format!("{}/cancel", j.path))
        .insert_header(("Authorization", format!("Bearer {}", j.manager)))
        .insert_header(("Idempotency-Key", "a key with spaces"));
    app.send(bad)
        .await
        .assert_problem(400, "request.invalid_idempotency_key");
}

#[actix_web::test]
async fn a_key_without_a_valid_token_is_left_to_the_operation_which_answers_401() {
    let app = TestApp::new().await;
    for (place, key) in [
        ("Lyon", "anonymous"),
        ("Vienne", "anonymous"),
        ("Lyon", "bad key"),
    ] {
        let anonymous = TestRequest::post()
            .uri("/api/v1/sessions")
            .insert_header(("Idempotency-Key", key))
            .set_json(json!({ "place": place }));
        app.send(anonymous)
            .await
            .assert_problem(401, "auth.missing_token");
    }
}

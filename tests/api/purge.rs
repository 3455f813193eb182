//! The purge job, run with an injected `now`: sessions go 15 calendar days after closure or
//! cancellation with everything they hold; what must outlive them stays.

use crate::common::{Clock, TestApp};
use crate::registrations::{register, registration};
use crate::session_workflow::{closed_trainers_session, journey_of};
use chrono::{DateTime, Duration, Utc};
use diesel::{QueryDsl, RunQueryDsl};
use forprev::db::schema;
use forprev::jobs::purge;
use serde_json::Value;

macro_rules! count {
    ($app:expr, $table:path) => {{
        use $table as table;
        table::table
            .count()
            .get_result::<i64>(&mut *$app.conn())
            .unwrap()
    }};
}

#[actix_web::test]
async fn a_closed_session_goes_fifteen_days_later_with_all_its_rows() {
    let (j, closed) = closed_trainers_session().await;
    let closed_at: DateTime<Utc> = closed.body["closed_at"].as_str().unwrap().parse().unwrap();
    let app = &j.app;
    let certificates = count!(app, schema::trainer_certificates);
    assert_eq!(
        certificates,
        2 + 5,
        "two trainers certified by hand, five by the session"
    );

    let minute = Duration::minutes(1);
    let early = purge::run(&app.state.pool, closed_at + Duration::days(15) - minute).unwrap();
    assert_eq!(early.sessions, 0);
    assert_eq!(count!(app, schema::sessions), 1);

    let report = purge::run(&app.state.pool, closed_at + Duration::days(15) + minute).unwrap();
    assert_eq!(report.sessions, 1);
    assert_eq!(count!(app, schema::sessions), 0);
    assert_eq!(count!(app, schema::trainees), 0);
    assert_eq!(count!(app, schema::session_events), 0);
    assert_eq!(count!(app, schema::session_archives), 0);
    assert_eq!(j.app.get(&j.path, &j.manager).await.status, 404);
    // What outlives the session stays.
    assert_eq!(count!(app, schema::trainer_certificates), certificates);
    assert_eq!(count!(app, schema::certificate_keys), 1);
    // Running it again changes nothing.
    let again = purge::run(&app.state.pool, closed_at + Duration::days(16)).unwrap();
    assert_eq!(again, purge::Report::default());
}

#[actix_web::test]
async fn a_cancelled_session_goes_fifteen_days_after_its_cancellation() {
    let j = journey_of(1, "initial", vec![]).await;
    let cancelled = j.step(&j.manager, "cancel", Value::Null).await;
    assert_eq!(cancelled.status, 200);
    let now = j.app.clock.now();
    let pool = &j.app.state.pool;
    assert_eq!(
        purge::run(pool, now + Duration::days(14)).unwrap().sessions,
        0
    );
    assert_eq!(
        purge::run(pool, now + Duration::days(15)).unwrap().sessions,
        1
    );
}

#[actix_web::test]
async fn live_sessions_are_never_purged() {
    let j = journey_of(1, "initial", vec![]).await;
    let now = j.app.clock.now();
    let report = purge::run(&j.app.state.pool, now + Duration::days(400)).unwrap();
    assert_eq!(report.sessions, 0);
    assert_eq!(count!(&j.app, schema::sessions), 1);
}

#[actix_web::test]
async fn dead_refresh_tokens_and_abandoned_registrations_go() {
    let app = TestApp::new().await;
    let abandoned = register(
        &app,
        registration(&crate::common::siret(1), "a@sfl.fr"),
        "192.0.2.1:1",
    )
    .await;
    assert_eq!(abandoned.status, 201, "{}", abandoned.body);
    let active = register(
        &app,
        registration(&crate::common::siret(2), "b@sfl.fr"),
        "192.0.2.1:1",
    )
    .await;
    let entity: forprev::ids::EntityId = active.body["entity"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    app.document(&entity, "other", None); // uploaded by a fixture account: one more person
    for number in [&abandoned, &active].map(|r| {
        r.body["user"]["forprev_number"]
            .as_str()
            .unwrap()
            .to_owned()
    }) {
        app.tokens(&number).await;
    }
    assert_eq!(count!(&app, schema::refresh_tokens), 2);

    let now = app.clock.now();
    let report = purge::run(&app.state.pool, now + Duration::days(31)).unwrap();
    assert_eq!(report.refresh_tokens, 2, "expired after 30 days");
    assert_eq!(report.registrations, 0, "not yet 6 months");

    let report = purge::run(&app.state.pool, now + Duration::days(190)).unwrap();
    assert_eq!(report.registrations, 1);
    assert_eq!(
        count!(&app, schema::users),
        2,
        "the one whose entity holds a document stays"
    );
    assert_eq!(count!(&app, schema::entities), 1);
}

#[actix_web::test]
async fn two_instances_purging_at_once_neither_fail_nor_count_twice() {
    let j = journey_of(1, "initial", vec![]).await;
    j.step(&j.manager, "cancel", Value::Null).await;
    let later = j.app.clock.now() + Duration::days(16);
    let pool = &j.app.state.pool;
    let (first, second) = std::thread::scope(|scope| {
        let one = scope.spawn(|| purge::run(pool, later).unwrap());
        let two = scope.spawn(|| purge::run(pool, later).unwrap());
        (one.join().unwrap(), two.join().unwrap())
    });
    assert_eq!(first.sessions + second.sessions, 1, "{first:?} {second:?}");
    assert_eq!(count!(j.app, schema::sessions), 0);
}

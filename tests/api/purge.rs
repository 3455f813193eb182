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

/// What a session held that must not outlive it: names, e-mails, its place, a scan's file name.
const MARKERS: [&str; 6] = [
    "Quixotzel",
    "Vrbnaskiova",
    "quixotzel@exemple.fr",
    "Salle Xylofane",
    "preuve-Ozymandre",
    "Wolfradine",
];

#[actix_web::test]
async fn nothing_of_a_purged_session_can_be_read_afterwards() {
    use actix_web::test::TestRequest;
    let trainees = vec![
        serde_json::json!({ "family_name": "Quixotzel", "given_name": "Wolfradine", "birth_date": "1990-01-01", "email": "quixotzel@exemple.fr" }),
        serde_json::json!({ "family_name": "Vrbnaskiova", "given_name": "Léa", "birth_date": "1991-02-03" }),
        serde_json::json!({ "family_name": "Martin", "given_name": "Zoé", "birth_date": "1992-03-04" }),
        serde_json::json!({ "family_name": "Petit", "given_name": "Noé", "birth_date": "1993-04-05" }),
    ];
    let j = journey_of(1, "initial", trainees).await;
    let app = &j.app;
    let moved = app
        .call(
            actix_web::http::Method::PATCH,
            &j.path,
            &j.manager,
            serde_json::json!({ "place": "Salle Xylofane" }),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let first = app
        .get(&format!("{}/trainees", j.path), &j.manager)
        .await
        .body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scan = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"preuve-Ozymandre.pdf\"\r\n\r\n%PDF-1.4 scan\r\n--b--\r\n";
    let uploaded = app
        .send(
            TestRequest::post()
                .uri(&format!("{}/trainees/{first}/prior-certificate", j.path))
                .insert_header(("Authorization", format!("Bearer {}", j.manager)))
                .insert_header(("Content-Type", "multipart/form-data; boundary=b"))
                .set_payload(scan),
        )
        .await;
    assert_eq!(uploaded.status, 204, "{}", uploaded.body);
    j.step(&j.manager, "submit", Value::Null).await;
    j.mark_each(|_, _| true).await;
    j.step(&j.trainer, "results/send", Value::Null).await;
    let closed = j.step(&j.manager, "close", Value::Null).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    let readable = readable_text(app);
    assert!(
        MARKERS.iter().all(|marker| readable.contains(marker)),
        "the scan sees the data before"
    );

    let report = purge::run(&app.state.pool, app.clock.now() + Duration::days(16)).unwrap();
    assert_eq!(report.sessions, 1);
    let readable = readable_text(app);
    for marker in MARKERS {
        assert!(!readable.contains(marker), "`{marker}` is still readable");
    }
    if let forprev::db::DbConnection::Postgresql(_) = &*app.conn() {
        let vacuumed: i64 = app.call_store(|conn| {
            diesel::sql_query(
                "SELECT COALESCE(SUM(vacuum_count), 0)::BIGINT AS count FROM pg_stat_user_tables \
                 WHERE schemaname = current_schema() AND relname IN ('trainees', 'session_archives')",
            )
            .get_result::<Count>(conn)
            .map(|row| row.count)
        });
        assert_eq!(vacuumed, 2, "the purged tables were vacuumed");
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// Everything one can read of the database: on SQLite the bytes of its file and write-ahead log;
/// on PostgreSQL every row of every table, as text.
fn readable_text(app: &TestApp) -> String {
    match &app.state.config.database_url {
        forprev::config::DatabaseUrl::Sqlite(path) => {
            let mut bytes = std::fs::read(path).unwrap();
            let mut wal = path.clone().into_os_string();
            wal.push("-wal");
            bytes.extend(std::fs::read(wal).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        forprev::config::DatabaseUrl::Postgres(_) => {
            #[derive(diesel::QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                name: String,
            }
            #[derive(diesel::QueryableByName)]
            struct Row {
                #[diesel(sql_type = diesel::sql_types::Text)]
                row: String,
            }
            let tables: Vec<Name> = app.call_store(|conn| {
                diesel::sql_query(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
                )
                .load(conn)
            });
            let mut text = String::new();
            for table in tables {
                let rows: Vec<Row> = app.call_store(|conn| {
                    diesel::sql_query(format!(
                        "SELECT row_to_json(t)::TEXT AS row FROM {} t",
                        table.name
                    ))
                    .load(conn)
                });
                for row in rows {
                    text.push_str(&row.row);
                }
            }
            text
        }
    }
}

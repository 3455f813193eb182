//! The persistence settings every query relies on, on whichever backend the suite runs.

use crate::common::{Clock, TestApp};
use forprev::domain::grant::Grant;
use forprev::ids::UserId;
use forprev::store::grants;

#[actix_web::test]
async fn foreign_keys_are_enforced() {
    let app = TestApp::new().await;
    let orphan = grants::insert(
        &mut app.conn(),
        &UserId::generate(),
        &Grant::admin(),
        app.clock.now(),
    );
    assert!(orphan.is_err(), "a grant of nobody was stored");
}

#[actix_web::test]
async fn migrations_are_idempotent() {
    let app = TestApp::new().await;
    assert_eq!(forprev::db::migrate(&mut app.conn()).unwrap(), 0);
}

/// Instances started together on an empty database all come up: one applies the migrations,
/// the others wait for it and find none pending.
#[test]
fn instances_starting_together_migrate_once() {
    let (_database, url) = crate::common::database::TestDatabase::create();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let pool = forprev::db::pool(&url, 1).unwrap();
                forprev::db::migrate(&mut pool.get().unwrap())
            })
        })
        .collect();
    let applied: Vec<usize> = starts
        .into_iter()
        .map(|start| start.join().unwrap().expect("every instance starts"))
        .collect();
    let all = applied.iter().max().copied().unwrap();
    assert!(all > 10, "{applied:?}");
    assert_eq!(
        applied.iter().sum::<usize>(),
        all,
        "applied once: {applied:?}"
    );
}

/// The PostgreSQL server the suite runs on, if it does.
fn postgres_server() -> Option<url::Url> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
        .map(|url| url.parse().unwrap())
}

fn with_query(server: &url::Url, query: &str) -> forprev::config::DatabaseUrl {
    let mut url = server.clone();
    url.set_query(Some(query));
    forprev::config::DatabaseUrl::parse(url.as_str()).unwrap()
}

#[test]
fn postgresql_is_reached_over_tls_and_its_certificate_verified() {
    use diesel::RunQueryDsl;
    let Some(server) = postgres_server() else {
        return; // a PostgreSQL concern
    };
    #[derive(diesel::QueryableByName)]
    struct Ssl {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        ssl: bool,
    }
    let mut conn = forprev::db::establish(&with_query(&server, "sslmode=require"))
        .expect("sslmode=require connects");
    let ssl: Ssl = diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .get_result(&mut conn)
        .unwrap();
    assert!(ssl.ssl, "the connection is not encrypted");

    // Verified against a root that did not sign the server's certificate: refused, and said so.
    let unrelated = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unrelated-root.pem"
    );
    let refused = forprev::db::establish(&with_query(
        &server,
        &format!("sslmode=verify-full&sslrootcert={unrelated}"),
    ))
    .err()
    .expect("verify-full with the wrong root must fail");
    let message = refused.to_string();
    assert!(message.contains("certificate verify failed"), "{message}");

    // Verified against the server's own (self-signed) certificate, by the name it bears.
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        ssl_cert_file: String,
    }
    let certificate: Setting = diesel::sql_query("SHOW ssl_cert_file")
        .get_result(&mut conn)
        .unwrap();
    let mut by_name = server.clone();
    by_name.set_host(Some("localhost")).unwrap();
    let query = format!(
        "sslmode=verify-full&sslrootcert={}",
        certificate.ssl_cert_file
    );
    if std::fs::File::open(&certificate.ssl_cert_file).is_ok() {
        forprev::db::establish(&with_query(&by_name, &query))
            .expect("verify-full with the right root");
    }
}

/// Connections are not pinged before each use: one the server dropped (a restart, a failover)
/// fails its first statement, which answers 503 to be sent again, and the pool replaces it.
#[actix_web::test]
async fn a_connection_the_server_dropped_answers_503_once_then_is_replaced() {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Integer;
    #[derive(diesel::QueryableByName)]
    struct Pid {
        #[diesel(sql_type = Integer)]
        pid: i32,
    }
    let Some(server) = postgres_server() else {
        return;
    };
    let app = TestApp::with_config(|config| config.database_pool_size = 1).await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    assert_eq!(app.get("/api/v1/entities", &token).await.status, 200);
    let pooled = diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(&mut *app.conn())
        .unwrap();
    let mut other =
        <diesel::PgConnection as diesel::Connection>::establish(server.as_str()).unwrap();
    diesel::sql_query(format!("SELECT pg_terminate_backend({})", pooled.pid))
        .execute(&mut other)
        .unwrap();

    app.get("/api/v1/entities", &token)
        .await
        .assert_problem(503, "service.unavailable");
    assert_eq!(app.get("/api/v1/entities", &token).await.status, 200);
}

/// Requests that wait for a pooled connection are served in order of arrival: a connection
/// freed goes to the one that waited longest, not to whichever asks next.
#[actix_web::test]
async fn requests_waiting_for_a_connection_are_served_in_order_of_arrival() {
    let (app, token) = signed_in_admin().await;
    let mut busy = every_turn(&app);
    assert_eq!(busy.len(), 4, "one turn per pooled connection");

    let mut first = Box::pin(app.get("/api/v1/entities", &token));
    let mut second = Box::pin(app.get("/api/v1/entities", &token));
    assert!(
        !finishes(&mut first).await,
        "served while every connection was busy"
    );
    assert!(!finishes(&mut second).await);
    busy.pop();
    assert!(
        !finishes(&mut second).await,
        "the later request took the connection freed for the earlier one"
    );
    assert_eq!(first.await.status, 200);
    assert_eq!(second.await.status, 200);
}

/// The hot reads, which on SQLite may run at once on the request's thread, do so only when no
/// one waits for a connection: they queue like the rest.
#[actix_web::test]
async fn a_hot_read_does_not_overtake_requests_waiting_for_a_connection() {
    let (app, token) = signed_in_admin().await;
    let mut busy = every_turn(&app);

    let mut read = Box::pin(app.get("/api/v1/sessions?limit=20", &token));
    assert!(
        !finishes(&mut read).await,
        "read while others held every turn"
    );
    busy.pop();
    assert_eq!(read.await.status, 200);
}

/// A request whose client left while its work runs keeps its turn until the work ends: the
/// connection it holds is not promised to another meanwhile.
#[actix_web::test]
async fn a_request_abandoned_by_its_client_keeps_its_turn_until_its_work_ends() {
    let (app, token) = signed_in_admin().await;
    let connections = &app.state.connections;
    // Others hold every pooled connection: the request's work waits for one, on its thread.
    let held: Vec<_> = (0..4).map(|_| app.conn()).collect();
    let mut request = Box::pin(app.get("/api/v1/entities", &token));
    assert!(!finishes(&mut request).await);
    assert_eq!(connections.available_permits(), 3);

    drop(request);
    assert_eq!(
        connections.available_permits(),
        3,
        "the turn was given back while its work still waits for a connection"
    );
    // Freed, a connection goes to the abandoned work, which ends and gives its turn back (at
    // the latest when the pool's 5 s run out): the database outlives it.
    drop(held);
    while connections.available_permits() < 4 {
        actix_web::rt::task::yield_now().await;
    }
}

/// A fresh app and the access token of an admin, who may read whatever these tests ask.
async fn signed_in_admin() -> (TestApp, String) {
    let app = TestApp::new().await;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    (app, token)
}

/// Every turn for a pooled connection, taken as requests at work would hold them.
fn every_turn(app: &TestApp) -> Vec<tokio::sync::OwnedSemaphorePermit> {
    let connections = &app.state.connections;
    std::iter::from_fn(|| connections.clone().try_acquire_owned().ok()).collect()
}

/// Polls `request` a few times, letting the runtime run in between; whether it finished.
async fn finishes<F: std::future::Future + Unpin>(request: &mut F) -> bool {
    use std::task::Poll;
    for _ in 0..10 {
        let poll = std::future::poll_fn(|cx| {
            Poll::Ready(std::pin::Pin::new(&mut *request).poll(cx).is_ready())
        });
        if poll.await {
            return true;
        }
        actix_web::rt::task::yield_now().await;
    }
    false
}

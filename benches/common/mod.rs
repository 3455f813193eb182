#![allow(dead_code)] // each benchmark uses its part
//! What the benchmarks share: the demo session to copy, the PostgreSQL schema of a run, and the
//! server on a loopback listener.

use diesel::prelude::*;
use forprev::config::DatabaseUrl;
use forprev::db::DbConnection;
use forprev::db::schema::sessions;
use forprev::domain::session::SessionStatus;
use forprev::ids::{EntityId, HabilitationId, UserId};
use forprev::{AppState, build_app};

/// The demo world's validated session (from `seed_demo`): its habilitation, entity, trainer and
/// creator, to make more sessions like it.
pub fn demo_session(conn: &mut DbConnection) -> (HabilitationId, EntityId, UserId, UserId) {
    sessions::table
        .filter(sessions::status.eq(SessionStatus::Validated.as_str()))
        .select((
            sessions::habilitation_id,
            sessions::entity_id,
            sessions::trainer_id,
            sessions::created_by,
        ))
        .first(conn)
        .unwrap()
}

/// The PostgreSQL server named by `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`), if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok()
        .filter(|url| url.starts_with("postgres"))
}

/// A schema of its own on the PostgreSQL server, dropped when this is dropped.
pub struct PostgresSchema {
    server: String,
    schema: String,
    pub url: DatabaseUrl,
}

impl PostgresSchema {
    pub fn create(server: &str) -> Self {
        let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
        let mut admin = PgConnection::establish(server).expect("the PostgreSQL server answers");
        diesel::sql_query(format!("CREATE SCHEMA {schema}"))
            .execute(&mut admin)
            .unwrap();
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-csearch_path%3D{schema}");
        PostgresSchema {
            server: server.to_owned(),
            schema,
            url: DatabaseUrl::parse(&url).unwrap(),
        }
    }
}

impl Drop for PostgresSchema {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&self.server) {
            let _ = diesel::sql_query(format!("DROP SCHEMA {} CASCADE", self.schema))
                .execute(&mut admin);
        }
    }
}

/// Runs the server on a free loopback port with `workers` workers, in its own thread; its
/// address.
pub fn serve(state: AppState, workers: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            actix_web::HttpServer::new(move || build_app(state.clone()))
                .workers(workers)
                .listen(listener)
                .unwrap()
                .run()
                .await
        })
    });
    address
}

//! `cargo bench --bench purge`: the time to purge 100,000 closed sessions of 10 trainees each
//! (with a 1 KB certificate archive each), on SQLite and, when `BENCH_DATABASE_URL` (or
//! `TEST_DATABASE_URL`) names a PostgreSQL database, on PostgreSQL too (in a schema of its own,
//! dropped after). Meanwhile a client calls the running server (`GET /ready`, which queries the
//! database) every 20 ms, and the bench prints how those calls fared: the API keeps answering.
//! `PURGE_BENCH_SESSIONS` changes the number of sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly

mod common;

use chrono::{Duration, Utc};
use diesel::RunQueryDsl;
use forprev::AppState;
use forprev::clock::SystemClock;
use forprev::config::{Config, DatabaseUrl};
use forprev::db::{self, DbConnection};
use forprev::jobs::purge;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration as Elapsed, Instant};

fn main() {
    let sessions: u32 = std::env::var("PURGE_BENCH_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    bench(
        "SQLite",
        DatabaseUrl::Sqlite(dir.path().join("purge.db")),
        sessions,
    );

    match common::postgres_server() {
        Some(server) => {
            let schema = common::PostgresSchema::create(&server);
            bench("PostgreSQL", schema.url.clone(), sessions);
        }
        None => println!("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)"),
    }
}

fn bench(backend: &str, url: DatabaseUrl, sessions: u32) {
    let mut config = Config::for_database(url);
    config.database_pool_size = 4;
    let pool = db::open(&config.database_url, config.database_pool_size).unwrap();
    let state = AppState::new(config, pool.clone(), Arc::new(SystemClock)).unwrap();
    let now = Utc::now();
    forprev::cli::seed_demo::seed(&state, "bench-password-2026", now).unwrap();
    let started = Instant::now();
    fill(&mut pool.get().unwrap(), sessions, now - Duration::days(20));
    println!(
        "{backend}: {sessions} closed sessions with {} trainees written in {:.1} s",
        sessions * 10,
        started.elapsed().as_secs_f64()
    );

    let address = common::serve(state, 1);
    let done = Arc::new(AtomicBool::new(false));
    let prober = {
        let done = done.clone();
        std::thread::spawn(move || probe(&address, &done))
    };
    std::thread::sleep(Elapsed::from_millis(200));
    let started = Instant::now();
    let report = purge::run(&pool, now).unwrap();
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let mut latencies = prober.join().unwrap();
    assert!(report.sessions >= sessions as usize, "{report:?}");
    println!(
        "{backend}: purged {} sessions in {:.1} s ({:.0} sessions/s, batches of {})",
        report.sessions,
        took.as_secs_f64(),
        report.sessions as f64 / took.as_secs_f64(),
        purge::BATCH
    );
    latencies.sort_by(f64::total_cmp);
    let failed = latencies.iter().filter(|ms| ms.is_nan()).count();
    let answered: Vec<f64> = latencies.into_iter().filter(|ms| !ms.is_nan()).collect();
    println!(
        "{backend}: meanwhile GET /ready answered {} times ({failed} failed): median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        answered.len(),
        answered[answered.len() / 2],
        answered[answered.len() * 99 / 100],
        answered[answered.len() - 1]
    );
}

/// Closed sessions ended on `ended`, each with 10 trainees and a 1 KB archive, written by SQL
/// (the API would take hours for a million rows).
fn fill(conn: &mut DbConnection, sessions: u32, ended: chrono::DateTime<Utc>) {
    let (habilitation, entity, trainer, creator) = common::demo_session(conn);
    let at = ended.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string();
    let (numbers, truth, blob) = match conn {
        DbConnection::Sqlite(_) => (
            format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {sessions}) SELECT i FROM n"
            ),
            "1",
            "zeroblob(1000)",
        ),
        DbConnection::Postgresql(_) => (
            format!("SELECT generate_series(1, {sessions}) AS i"),
            "TRUE",
            "decode(repeat('00', 1000), 'hex')",
        ),
    };
    let ten = (1..=10)
        .map(|k| format!("SELECT {k} AS k"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let statements = [
        format!(
            "INSERT INTO sessions (id, habilitation_id, entity_id, kind, start_date, end_date, hours, place, \
             trainer_id, status, created_by, created_at, updated_at, version, ended_at) \
             SELECT 'bench-' || i, '{habilitation}', '{entity}', 'initial', '2026-01-05', '2026-01-06', 14, 'Lyon', \
             '{trainer}', 'closed', '{creator}', '{at}', '{at}', 3, '{at}' FROM ({numbers}) AS numbers"
        ),
        format!(
            "INSERT INTO trainees (id, session_id, family_name, given_name, birth_date, identity_checked, outcome, \
             created_at, updated_at) \
             SELECT s.id || '-' || t.k, s.id, 'Stagiaire ' || t.k, 'Zoé', '1990-01-01', {truth}, 'passed', '{at}', '{at}' \
             FROM sessions s CROSS JOIN ({ten}) t \
             WHERE s.id LIKE 'bench-%'"
        ),
        format!(
            "INSERT INTO session_archives (session_id, content, certificate_count, created_at) \
             SELECT id, {blob}, 10, '{at}' FROM sessions WHERE id LIKE 'bench-%'"
        ),
    ];
    conn.write_transaction(|conn| {
        for statement in &statements {
            diesel::sql_query(statement).execute(conn)?;
        }
        diesel::QueryResult::Ok(())
    })
    .unwrap();
}

/// Calls `GET /ready` every 20 ms until `done`: each call's milliseconds (NaN when it failed).
fn probe(address: &str, done: &AtomicBool) -> Vec<f64> {
    let agent = ureq::Agent::new_with_defaults();
    let mut latencies = Vec::new();
    while !done.load(Ordering::Relaxed) {
        let started = Instant::now();
        let answered = agent.get(&format!("http://{address}/ready")).call().is_ok();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        latencies.push(if answered { ms } else { f64::NAN });
        std::thread::sleep(Elapsed::from_millis(20));
    }
    latencies
}

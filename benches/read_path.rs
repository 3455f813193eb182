//! `cargo bench --bench read_path`: the authenticated read path against its own ceilings, on
//! SQLite and, when `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) names a PostgreSQL server, on
//! PostgreSQL. wrk (Debian's package; installed if missing) sends 2 threads × 64 connections for
//! `READ_SECONDS` (default 5) to each target, twice, alternating, so that the machine's drift hits
//! them all:
//!
//! - `framework_ceiling`: actix-web answering a fixed JSON body;
//! - `stack_ceiling`: the same plus one primary-key read through the server's own pool, diesel
//!   and `web::block` (what one query costs, nothing else);
//! - `health`, `session_read` (`GET /api/v1/sessions/{id}`) and `session_list`
//!   (`GET /api/v1/sessions?limit=20`) of the real server, as the demo manager.
//!
//! Prints requests/s and p99 of the better round of each, the ratios to the stack ceiling, and
//! the process's resident memory (both servers) after the load.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // statistics

mod common;

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::Utc;
use diesel::prelude::*;
use forprev::clock::SystemClock;
use forprev::config::{Config, DatabaseUrl};
use forprev::db::{self, Pool, schema::sessions};
use forprev::{AppState, ids::SessionId};
use std::process::Command;
use std::sync::Arc;

const PASSWORD: &str = "bench-password-2026";
const TARGETS: [&str; 5] = [
    "framework_ceiling",
    "stack_ceiling",
    "health",
    "session_read",
    "session_list",
];

fn main() {
    ensure_wrk();
    let dir = tempfile::tempdir().unwrap();
    run("SQLite", DatabaseUrl::Sqlite(dir.path().join("read.db")));
    match common::postgres_server() {
        Some(server) => {
            let schema = common::PostgresSchema::create(&server);
            run("PostgreSQL", schema.url.clone());
        }
        None => println!("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)"),
    }
}

fn ensure_wrk() {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return;
    }
    let installed = Command::new("sh")
        .args(["-c", "apt-get update -qq && apt-get install -y -qq wrk"])
        .status()
        .is_ok_and(|status| status.success());
    assert!(installed, "wrk is missing: apt-get install wrk");
}

fn run(backend: &str, url: DatabaseUrl) {
    let mut config = Config::for_database(url);
    config.access_token_ttl = chrono::Duration::hours(1);
    let pool = db::open(&config.database_url, config.database_pool_size).unwrap();
    let state = AppState::new(config, pool.clone(), Arc::new(SystemClock)).unwrap();
    forprev::cli::seed_demo::seed(&state, PASSWORD, Utc::now()).unwrap();
    let session: SessionId = sessions::table
        .select(sessions::id)
        .first(&mut pool.get().unwrap())
        .unwrap();
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let server = format!("http://{}", common::serve(state, workers));
    let ceiling = format!("http://{}", serve_ceiling(pool, session.clone(), workers));
    let token = login(&server);
    let auth = format!("Authorization: Bearer {token}");

    let mut best: [(f64, String); TARGETS.len()] = Default::default();
    for _round in 0..2 {
        let answers = [
            wrk(&format!("{ceiling}/static"), None),
            wrk(&format!("{ceiling}/row"), None),
            wrk(&format!("{server}/health"), None),
            wrk(&format!("{server}/api/v1/sessions/{session}"), Some(&auth)),
            wrk(&format!("{server}/api/v1/sessions?limit=20"), Some(&auth)),
        ];
        for (kept, answer) in best.iter_mut().zip(answers) {
            if answer.0 > kept.0 {
                *kept = answer;
            }
        }
    }
    println!(
        "\n{backend}: wrk -t2 -c64, {} s per target, best of 2 rounds",
        seconds()
    );
    println!("{:<18} {:>10} {:>10}", "target", "req/s", "p99");
    for (name, (rate, p99)) in TARGETS.iter().zip(&best) {
        println!("{name:<18} {rate:>10.0} {p99:>10}");
    }
    let stack = best[1].0;
    println!(
        "session_read / stack_ceiling = {:.0} %   session_list / stack_ceiling = {:.0} %   health / framework_ceiling = {:.0} %",
        100.0 * best[3].0 / stack,
        100.0 * best[4].0 / stack,
        100.0 * best[2].0 / best[0].0,
    );
    println!(
        "resident memory of this process (both servers, and those of the backends run before): {} MB",
        resident_mb()
    );
}

fn seconds() -> u64 {
    std::env::var("READ_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5)
}

/// (requests/s, p99 as wrk prints it).
fn wrk(url: &str, header: Option<&str>) -> (f64, String) {
    let mut command = Command::new("wrk");
    command.args(["-t2", "-c64", &format!("-d{}s", seconds()), "--latency"]);
    if let Some(header) = header {
        command.args(["-H", header]);
    }
    let output = command.arg(url).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains("Non-2xx"),
        "{url} answered errors under load:\n{text}"
    );
    let field = |prefix: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(prefix))
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or_default()
            .to_owned()
    };
    (field("Requests/sec").parse().unwrap_or(0.0), field("99%"))
}

fn login(server: &str) -> String {
    let body = serde_json::json!({ "login": "MAN00001", "password": PASSWORD }).to_string();
    let mut answer = ureq::post(format!("{server}/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .send(body)
        .unwrap();
    let answer: serde_json::Value =
        serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

/// The ceilings: a fixed JSON body, and one primary-key read through the same pool.
fn serve_ceiling(pool: Pool, session: SessionId, workers: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                let (pool, session) = (pool.clone(), session.clone());
                App::new()
                    .route(
                        "/static",
                        web::get().to(|| async { HttpResponse::Ok().json([("ok", true)]) }),
                    )
                    .route(
                        "/row",
                        web::get().to(move || {
                            let (pool, session) = (pool.clone(), session.clone());
                            async move {
                                let place: String = web::block(move || {
                                    sessions::table
                                        .find(session)
                                        .select(sessions::place)
                                        .first(&mut pool.get().unwrap())
                                        .unwrap()
                                })
                                .await
                                .unwrap();
                                HttpResponse::Ok().json([("place", place)])
                            }
                        }),
                    )
            })
            .workers(workers)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    address
}

fn resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

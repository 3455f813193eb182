//! `cargo bench --bench load`: many clients at once against the real server on a loopback
//! listener, mixing reads and writes as training bodies do (declare sessions, edit them with
//! `If-Match`, add trainees, read sessions and lists, log in), on SQLite and, when
//! `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) names a PostgreSQL server, on PostgreSQL.
//!
//! Prints, per backend: requests, 2xx, 4xx, 5xx, lost writes (a write answered 2xx that is not
//! there when read back afterwards) and the p50/p99 latency. Exits with a failure on any 5xx or
//! lost write. `LOAD_CLIENTS` (default 200) and `LOAD_SECONDS` (default 20) set the load; CI runs
//! a short one (16 clients, 5 s).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // statistics

mod common;

use chrono::{Days, Utc};
use forprev::clock::SystemClock;
use forprev::config::{Config, DatabaseUrl};
use forprev::{AppState, db};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench-password-2026";

fn main() -> ExitCode {
    let clients = setting("LOAD_CLIENTS", 200);
    let seconds = setting("LOAD_SECONDS", 20);
    let dir = tempfile::tempdir().unwrap();
    let mut reports = vec![run(
        "SQLite",
        DatabaseUrl::Sqlite(dir.path().join("load.db")),
        clients,
        seconds,
    )];
    match common::postgres_server() {
        Some(server) => {
            let schema = common::PostgresSchema::create(&server);
            reports.push(run("PostgreSQL", schema.url.clone(), clients, seconds));
        }
        None => println!("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)"),
    }
    if reports
        .iter()
        .all(|report| report.server_errors == 0 && report.lost_writes == 0)
    {
        ExitCode::SUCCESS
    } else {
        println!("FAILED: a request answered 5xx or a write was lost");
        ExitCode::FAILURE
    }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[derive(Default)]
struct Report {
    requests: usize,
    success: usize,
    client_errors: usize,
    server_errors: usize,
    lost_writes: usize,
    /// Per kind of request.
    latencies_ms: [Vec<f64>; 3],
}

#[derive(Clone, Copy)]
enum Kind {
    Read,
    Write,
    Login,
}

/// What one client wrote and was told was stored.
#[derive(Default)]
struct Written {
    /// Each session it created, with the place of its last accepted edit and its trainees.
    sessions: HashMap<String, Session>,
}

#[derive(Default)]
struct Session {
    etag: String,
    place: String,
    trainees: Vec<String>,
}

fn run(backend: &str, url: DatabaseUrl, clients: usize, seconds: usize) -> Report {
    let config = Config::for_database(url);
    let pool = db::open(&config.database_url, config.database_pool_size).unwrap();
    let state = AppState::new(config, pool.clone(), Arc::new(SystemClock)).unwrap();
    forprev::cli::seed_demo::seed(&state, PASSWORD, Utc::now()).unwrap();
    let (habilitation, ..) = common::demo_session(&mut pool.get().unwrap());
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let base = format!("http://{}", common::serve(state, workers));

    let deadline = Instant::now() + Duration::from_secs(seconds as u64);
    let shared = {
        let mut agent = Client::new(&base);
        agent.login();
        agent
            .declare(habilitation.as_str())
            .expect("a shared session")
    };
    let handles: Vec<_> = (0..clients)
        .map(|n| {
            let (base, habilitation, shared) =
                (base.clone(), habilitation.to_string(), shared.clone());
            std::thread::spawn(move || {
                let mut client = Client::new(&base);
                client.work(n, &habilitation, &shared, deadline);
                client
            })
        })
        .collect();
    let mut report = Report::default();
    let mut written = Vec::new();
    for handle in handles {
        let client = handle.join().unwrap();
        report.merge(client.report);
        written.push(client.written);
    }
    let mut checker = {
        let mut checker = Client::new(&base);
        checker.login();
        checker
    };
    report.lost_writes = written.iter().map(|written| checker.lost(written)).sum();
    report.print(backend, clients, seconds);
    report
}

struct Client {
    base: String,
    agent: ureq::Agent,
    token: String,
    report: Report,
    written: Written,
}

impl Client {
    fn new(base: &str) -> Self {
        Client {
            base: base.to_owned(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(60)))
                .build()
                .new_agent(),
            token: String::new(),
            report: Report::default(),
            written: Written::default(),
        }
    }

    /// Sends a request, counts and times it; (status, ETag, body).
    fn send(
        &mut self,
        method: &str,
        path: &str,
        etag: Option<&str>,
        body: Option<Value>,
    ) -> (u16, String, Value) {
        let url = format!("{}{path}", self.base);
        let started = Instant::now();
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Content-Type", "application/json");
        let request = match etag {
            Some(etag) => request.header("If-Match", etag),
            None => request,
        };
        let request = request
            .body(body.map(|body| body.to_string()).unwrap_or_default())
            .unwrap();
        let answer = self.agent.run(request);
        let kind = match (method, path) {
            (_, "/api/v1/auth/login") => Kind::Login,
            ("GET", _) => Kind::Read,
            _ => Kind::Write,
        };
        self.report.latencies_ms[kind as usize].push(started.elapsed().as_secs_f64() * 1000.0);
        self.report.requests += 1;
        let Ok(mut response) = answer else {
            self.report.server_errors += 1; // no answer at all counts as a server failure
            return (0, String::new(), Value::Null);
        };
        let status = response.status().as_u16();
        match status {
            200..=299 => self.report.success += 1,
            400..=499 => self.report.client_errors += 1,
            _ => self.report.server_errors += 1,
        }

        let etag = response
            .headers()
            .get("etag")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (
            status,
            etag,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }

    fn login(&mut self) {
        let body = json!({ "login": "MAN00001", "password": PASSWORD });
        let (status, _, answer) = self.send("POST", "/api/v1/auth/login", None, Some(body));
        if status == 200 {
            self.token = answer["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
        }
    }

    /// Declares a session ending in two weeks; its path.
    fn declare(&mut self, habilitation: &str) -> Option<String> {
        let start = Utc::now().date_naive() + Days::new(13);
        let body = json!({
            "habilitation_id": habilitation, "kind": "initial", "start_date": start,
            "end_date": start + Days::new(1), "hours": 14, "place": "Lyon",
            "trainer_forprev_number": "TRN00001",
        });
        let (status, etag, answer) = self.send("POST", "/api/v1/sessions", None, Some(body));
        if status != 201 {
            return None;
        }
        let path = format!("/api/v1/sessions/{}", answer["id"].as_str()?);
        let session = Session {
            etag,
            place: "Lyon".into(),
            trainees: Vec::new(),
        };
        self.written.sessions.insert(path.clone(), session);
        Some(path)
    }

    /// Mixes reads and writes until `deadline`.
    fn work(&mut self, n: usize, habilitation: &str, shared: &str, deadline: Instant) {
        self.login();
        let mut own = self.declare(habilitation);
        let mut step = n; // spreads the clients over the mix
        while Instant::now() < deadline {
            step += 1;
            let Some(path) = own.clone() else {
                own = self.declare(habilitation);
                continue;
            };
            match step % 100 {
                0..=29 => {
                    self.send("GET", &path, None, None);
                }
                30..=45 => {
                    self.send("GET", "/api/v1/sessions?limit=20", None, None);
                }
                46..=55 => own = self.declare(habilitation),
                56..=75 => self.edit(&path, step),
                76..=94 => self.add_trainee(&path, n, step),
                95..=98 => {
                    // Everyone edits the shared session: one wins each round, the others 412.
                    let (_, etag, _) = self.send("GET", shared, None, None);
                    let body = json!({ "place": format!("Salle {n}") });
                    self.send("PATCH", shared, Some(&etag), Some(body));
                }
                _ => self.login(),
            }
        }
    }

    fn edit(&mut self, path: &str, step: usize) {
        let etag = self.written.sessions[path].etag.clone();
        let place = format!("Salle {step}");
        let body = json!({ "place": place });
        let (status, etag, _) = self.send("PATCH", path, Some(&etag), Some(body));
        if status == 200 {
            let session = self.written.sessions.get_mut(path).unwrap();
            session.etag = etag;
            session.place = place;
        }
    }

    fn add_trainee(&mut self, path: &str, n: usize, step: usize) {
        let session = &self.written.sessions[path];
        if session.trainees.len() >= 10 {
            return; // the scheme's maximum
        }
        let etag = session.etag.clone();
        let trainee = json!({
            "family_name": format!("Stagiaire {}", letters(n * 100_000 + step)),
            "given_name": "Zoé", "birth_date": "1990-01-01",
        });
        let body = json!({ "trainees": [trainee] });
        let (status, etag, answer) =
            self.send("POST", &format!("{path}/trainees"), Some(&etag), Some(body));
        if status == 201 {
            let session = self.written.sessions.get_mut(path).unwrap();
            session.etag = etag;
            session
                .trainees
                .push(answer[0]["id"].as_str().unwrap_or_default().to_owned());
        }
    }

    /// How many of `written`'s accepted writes are missing now.
    fn lost(&mut self, written: &Written) -> usize {
        let mut lost = 0;
        for (path, session) in &written.sessions {
            let (status, _, answer) = self.send("GET", path, None, None);
            if status != 200 {
                lost += 1 + session.trainees.len();
                continue;
            }
            if answer["place"] != session.place.as_str() {
                lost += 1;
            }
            let (_, _, trainees) =
                self.send("GET", &format!("{path}/trainees?limit=100"), None, None);
            let present: Vec<&str> = trainees["items"]
                .as_array()
                .or(trainees.as_array())
                .into_iter()
                .flatten()
                .filter_map(|trainee| trainee["id"].as_str())
                .collect();
            lost += session
                .trainees
                .iter()
                .filter(|id| !present.contains(&id.as_str()))
                .count();
        }
        lost
    }
}

/// A name part from a number, in letters (names take no digits).
fn letters(mut number: usize) -> String {
    let mut text = String::new();
    loop {
        text.push(char::from(b'a' + (number % 26) as u8));
        number /= 26;
        if number == 0 {
            return text;
        }
    }
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.requests += other.requests;
        self.success += other.success;
        self.client_errors += other.client_errors;
        self.server_errors += other.server_errors;
        for (mine, theirs) in self.latencies_ms.iter_mut().zip(other.latencies_ms) {
            mine.extend(theirs);
        }
    }

    fn print(&mut self, backend: &str, clients: usize, seconds: usize) {
        println!(
            "{backend}: {clients} clients for {seconds} s: {} requests ({:.0}/s), {} 2xx, {} 4xx, {} 5xx, {} lost writes",
            self.requests,
            self.requests as f64 / seconds as f64,
            self.success,
            self.client_errors,
            self.server_errors,
            self.lost_writes,
        );
        let [reads, writes, logins] = &mut self.latencies_ms;
        let mut all: Vec<f64> = [&reads[..], &writes[..], &logins[..]].concat();
        for (name, latencies) in [
            ("all", &mut all),
            ("reads", reads),
            ("writes", writes),
            ("logins", logins),
        ] {
            latencies.sort_by(f64::total_cmp);
            let at = |fraction: f64| {
                let index = ((latencies.len() as f64 * fraction) as usize)
                    .min(latencies.len().saturating_sub(1));
                latencies.get(index).copied().unwrap_or(0.0)
            };
            println!(
                "{backend}:   {name}: {} requests, p50 {:.1} ms, p99 {:.1} ms",
                latencies.len(),
                at(0.50),
                at(0.99)
            );
        }
    }
}

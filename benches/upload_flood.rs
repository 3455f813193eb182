//! `cargo bench --bench upload_flood`: what an upload flood costs the server's memory. Three
//! clients at once each send `POST /entities/{id}/documents` with 600 MB of 1 KB text fields (as
//! an attacker would), first as a logged-in stranger to the entity, then as its manager; then
//! three clients each send a 600 MB file. Prints, for each round, the answers and how far the
//! process's resident memory rose (VmRSS now, and VmHWM, its peak) over what it was before.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly

mod common;

use chrono::Utc;
use forprev::clock::SystemClock;
use forprev::config::{Config, DatabaseUrl};
use forprev::{AppState, db};
use std::io::Read;
use std::sync::Arc;

const PASSWORD: &str = "bench-password-2026";
const BOUNDARY: &str = "flood-boundary";
const FLOOD_BYTES: usize = 600_000_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::for_database(DatabaseUrl::Sqlite(dir.path().join("flood.db")));
    let pool = db::open(&config.database_url, config.database_pool_size).unwrap();
    let state = AppState::new(config, pool.clone(), Arc::new(SystemClock)).unwrap();
    forprev::cli::seed_demo::seed(&state, PASSWORD, Utc::now()).unwrap();
    let (_, entity, ..) = common::demo_session(&mut pool.get().unwrap());
    let base = format!("http://{}", common::serve(state, 2));
    let stranger = token(&base, "TRN00001");
    let manager = token(&base, "MAN00001");
    let before = memory_kb("VmRSS");
    println!("resident memory before: {} MB", before / 1024);
    for (who, token, part) in [
        ("a stranger to the entity", &stranger, Part::TextFields),
        ("its manager", &manager, Part::TextFields),
        ("its manager", &manager, Part::File),
    ] {
        let url = format!("{base}/api/v1/entities/{entity}/documents");
        let answers: Vec<String> = (0..3)
            .map(|_| {
                let (url, token) = (url.clone(), token.clone());
                std::thread::spawn(move || flood(&url, &token, part))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect();
        println!(
            "3 floods of 600 MB of {} by {who}: {answers:?}; memory now +{} MB, peak +{} MB",
            match part {
                Part::TextFields => "1 KB text fields",
                Part::File => "one file",
            },
            memory_kb("VmRSS").saturating_sub(before) / 1024,
            memory_kb("VmHWM").saturating_sub(before) / 1024,
        );
    }
}

#[derive(Clone, Copy)]
enum Part {
    TextFields,
    File,
}

fn token(base: &str, login: &str) -> String {
    let body = format!(r#"{{"login":"{login}","password":"{PASSWORD}"}}"#);
    let mut response = ureq::post(&format!("{base}/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .send(body)
        .unwrap();
    let answer: serde_json::Value =
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

/// Sends the flood; what came back (a status and code, or the broken connection).
fn flood(url: &str, token: &str, part: Part) -> String {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let answer = agent
        .post(url)
        .header("Authorization", &format!("Bearer {token}"))
        .header(
            "Content-Type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .send(ureq::SendBody::from_reader(&mut Flood::new(part)));
    match answer {
        Ok(mut response) => {
            let body = response.body_mut().read_to_string().unwrap_or_default();
            let code = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|problem| problem["code"].as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{} {code}", response.status().as_u16())
        }
        Err(error) => format!("connection closed by the server ({error})"),
    }
}

/// A multipart body produced as it is sent, never held in memory.
struct Flood {
    part: Part,
    sent: usize,
    pending: Vec<u8>,
}

impl Flood {
    fn new(part: Part) -> Self {
        let pending = match part {
            Part::File => format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n"
            )
            .into_bytes(),
            Part::TextFields => Vec::new(),
        };
        Flood {
            part,
            sent: 0,
            pending,
        }
    }
}

impl Read for Flood {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            if self.sent >= FLOOD_BYTES {
                return Ok(0);
            }
            self.pending = match self.part {
                Part::TextFields => format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"field{}\"\r\n\r\n{}\r\n",
                    self.sent,
                    "x".repeat(1000)
                )
                .into_bytes(),
                Part::File => vec![b'x'; 64 * 1024],
            };
        }
        let n = buffer.len().min(self.pending.len());
        buffer[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.sent += n;
        Ok(n)
    }
}

/// A line of `/proc/self/status`, in kB.
fn memory_kb(field: &str) -> usize {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix(field)?.strip_prefix(':')?;
            value.trim().trim_end_matches(" kB").parse().ok()
        })
        .unwrap_or(0)
}

//! `cargo bench --bench certificates`: what issuing certificates costs, in a release build.
//! Prints milliseconds per certificate (signed token + PDF with its QR code), the size of one PDF
//! and of a 10-certificate zip, and the time to close a 10-trainee session end to end through the
//! API (HTTP request, SQLite database in a temporary folder, rendering, zip, transaction).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly

mod common;

use actix_web::test::{self, TestRequest};
use chrono::{Days, NaiveDate, Utc};
use forprev::certificates::token::new_token_id;
use forprev::certificates::{Card, CertificateClaims, Signer, archive, pdf, qr};
use forprev::clock::SystemClock;
use forprev::config::{Config, DatabaseUrl};
use forprev::domain::certificate::CertifiedRole;
use forprev::domain::session::{Outcome, SessionKind, SessionStatus};
use forprev::ids::SessionId;
use forprev::store::sessions::PlanFields;
use forprev::store::trainees::TraineeFields;
use forprev::{AppState, build_app, db};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TRAINEES: usize = 10;

fn card(family_name: &str, given_name: &str) -> Card {
    Card {
        family_name: family_name.into(),
        given_name: given_name.into(),
        birth_date: NaiveDate::from_ymd_opt(1990, 5, 12),
        scheme_code: "SST".into(),
        scheme_name: "Sauveteur Secouriste du Travail".into(),
        level: 1,
        role: CertifiedRole::Actor,
        kind: Some(SessionKind::Initial),
        start_date: NaiveDate::from_ymd_opt(2026, 12, 7),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 8),
        entity_name: Some("Secours Formation Lyon".into()),
        trainer_name: Some("Marc Dubois".into()),
        signatory_name: Some("Claire Bernard".into()),
        valid_until: NaiveDate::from_ymd_opt(2028, 12, 8).unwrap(),
    }
}

/// Signs and renders `count` certificates: (ms per certificate, last PDF).
fn issue(signer: &Signer, card: &Card, count: usize) -> (f64, Vec<u8>) {
    let started = Instant::now();
    let mut last = Vec::new();
    for _ in 0..count {
        let token = signer.sign(&CertificateClaims::of(card, new_token_id()));
        last = pdf::render(card, &token).expect("renders");
    }
    (millis(started.elapsed()) / count as f64, last)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1000.0
}

fn main() {
    let (signer, _) = Signer::generate();
    let french = card("Lefèvre-Garçon", "Éloïse");
    issue(&signer, &french, 20); // warm-up
    let (per_certificate, one) = issue(&signer, &french, 500);
    println!(
        "certificate (token + PDF + QR), Windows-1252 name: {per_certificate:.2} ms each, PDF {:.1} KB",
        kb(one.len())
    );
    // Ten cards, each with its own token, for scripts/qr-readability.sh.
    let samples =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/certificate-samples");
    std::fs::create_dir_all(&samples).unwrap();
    for n in 0..10 {
        let token = signer.sign(&CertificateClaims::of(&french, new_token_id()));
        let pdf = pdf::render(&french, &token).unwrap();
        std::fs::write(samples.join(format!("card-{n}.pdf")), pdf).unwrap();
    }
    println!(
        "10 sample cards written to {} (docs/certificate-sample.png: pdftoppm -r 300 -png -singlefile card-0.pdf)",
        samples.display()
    );
    for (family, given) in [("Wałęsa", "Łukasz"), ("Nguyễn", "Thị Hồng")] {
        let (per_other, other) = issue(&signer, &card(family, given), 20);
        println!(
            "certificate for {given} {family}, outside Windows-1252 (font subset embedded): {per_other:.1} ms each, PDF {:.1} KB",
            kb(other.len())
        );
    }
    let token = signer.sign(&CertificateClaims::of(&french, new_token_id()));
    let code = qr::code(&token).unwrap();
    println!(
        "token: {} characters, QR code version {:?} at level {:?}, {} modules wide",
        token.len(),
        code.version(),
        code.error_correction_level(),
        code.width()
    );
    let names: Vec<String> = (0..TRAINEES)
        .map(|n| format!("Stagiaire-{n}.pdf"))
        .collect();
    let zip = archive::zip(names.iter().map(|name| (name.as_str(), one.as_slice()))).unwrap();
    println!("zip of {TRAINEES} certificates: {:.1} KB", kb(zip.len()));

    actix_web::rt::System::new().block_on(close_through_the_api());
}

/// Closes validated sessions of 10 passed trainees, one after the other, through the App.
async fn close_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_database(DatabaseUrl::Sqlite(dir.path().join("bench.db")));
    config.database_pool_size = 4;
    let pool = db::open(&config.database_url, config.database_pool_size).unwrap();
    let password = "bench-password-2026";
    let now = Utc::now();
    let state = AppState::new(config, pool.clone(), Arc::new(SystemClock)).unwrap();
    let logins = forprev::cli::seed_demo::seed(&state, password, now).unwrap();
    let manager = logins
        .iter()
        .find(|l| l.role == "manager, Secours Formation Lyon")
        .unwrap();
    let ids = validated_sessions(&mut pool.get().unwrap(), 21);
    let app = test::init_service(build_app(state)).await;

    let login = TestRequest::post()
        .uri("/api/v1/auth/login")
        .peer_addr("127.0.0.1:9".parse().unwrap())
        .set_json(serde_json::json!({ "login": manager.forprev_number, "password": password }))
        .to_request();
    let login: serde_json::Value = test::call_and_read_body_json(&app, login).await;
    let token = login["access_token"].as_str();
    let bearer = format!(
        "Bearer {}",
        token.unwrap_or_else(|| panic!("login: {login}"))
    );

    let mut times = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let request = TestRequest::post()
            .uri(&format!("/api/v1/sessions/{id}/close"))
            .peer_addr("127.0.0.1:9".parse().unwrap())
            .insert_header(("Authorization", bearer.as_str()))
            .to_request();
        let started = Instant::now();
        let response = test::call_service(&app, request).await;
        let elapsed = started.elapsed();
        assert_eq!(
            response.status(),
            200,
            "close answered {}",
            response.status()
        );
        if index > 0 {
            times.push(millis(elapsed)); // the first one warms the pool and caches
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "close a {TRAINEES}-trainee session through the API (SQLite): median {:.1} ms, min {:.1}, max {:.1} ({} sessions)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

/// `count` validated sessions of the demo's SST habilitation, each with 10 passed trainees.
fn validated_sessions(conn: &mut forprev::db::DbConnection, count: usize) -> Vec<SessionId> {
    let (habilitation, entity, trainer, manager) = common::demo_session(conn);
    let today = Utc::now().date_naive();
    let now = Utc::now();
    (0..count)
        .map(|n| {
            let start = today - Days::new(2 + n as u64 % 20);
            let fields = PlanFields {
                kind: SessionKind::Initial.as_str().into(),
                start_date: start,
                end_date: start + Days::new(1),
                hours: 14,
                place: "Lyon".into(),
                trainer_id: trainer.clone(),
            };
            let id = forprev::store::sessions::insert(
                conn,
                &habilitation,
                &entity,
                &fields,
                &manager,
                now,
            )
            .unwrap();
            for t in 0..TRAINEES {
                let trainee = TraineeFields {
                    family_name: format!("Lefèvre-{t}"),
                    given_name: "Éloïse".into(),
                    birth_date: NaiveDate::from_ymd_opt(1990, 5, 12).unwrap(),
                    email: None,
                    prior_certificate_token: None,
                    forprev_number: None,
                    send_certificate: false,
                };
                let trainee = forprev::store::trainees::insert(conn, &id, &trainee, now).unwrap();
                forprev::store::trainees::set_result(
                    conn,
                    &trainee,
                    true,
                    Outcome::Passed.as_str(),
                    now,
                )
                .unwrap();
            }
            let status = SessionStatus::Validated;
            forprev::store::sessions::transition(conn, &id, 1, status, None, false, now).unwrap();
            id
        })
        .collect()
}

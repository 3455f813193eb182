//! The whole journey of a session through HTTP, and each step's refusals.

use crate::common::{Clock, Response, TestApp, manager_of, siret, trainee};
use actix_web::http::Method;
use serde_json::{Value, json};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

pub struct Journey {
    pub app: TestApp,
    pub manager: String,
    pub trainer: String,
    pub path: String,
}

/// A draft SST session (`kind`) of a Lyon entity, with `count` trainees.
async fn journey(kind: &str, count: usize) -> Journey {
    let trainees: Vec<Value> = (0..count)
        .map(|n| trainee(&format!("Stagiaire{n}"), "Zoé", "1990-01-01"))
        .collect();
    journey_of(1, kind, trainees).await
}

/// A draft SST session of `level` and `kind` (7–8 December 2026) of a Lyon entity habilitated
/// until 2029, with these trainees; TRN00001, its trainer, and TRN00002 are certified for it.
pub async fn journey_of(level: i32, kind: &str, trainees: Vec<Value>) -> Journey {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let habilitation = forprev::store::habilitations::grant(
        &mut app.conn(),
        &entity,
        "SST",
        level,
        date("2025-01-01"),
        date("2029-12-31"),
        app.clock.now(),
    )
    .unwrap();
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("TRN00001", "trainer@of.fr", &[]);
    app.user("TRN00002", "other-trainer@of.fr", &[]);
    let certificate = if level == 1 {
        "trainer"
    } else {
        "trainer_of_trainers"
    };
    app.certify("TRN00001", certificate, "2028-12-31");
    app.certify("TRN00002", certificate, "2028-12-31");
    let manager = app.token("MAN00001").await;
    let hours = match (level, kind) {
        (1, "mac") => 7,
        (1, _) => 14,
        (_, "mac") => 21,
        _ => 56,
    };
    let body = json!({
        "habilitation_id": habilitation, "kind": kind, "start_date": "2026-12-07", "end_date": "2026-12-08",
        "hours": hours, "place": "Lyon", "trainer_forprev_number": "TRN00001",
    });
    let created = app
        .call(Method::POST, "/api/v1/sessions", &manager, body)
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let path = format!("/api/v1/sessions/{}", created.body["id"].as_str().unwrap());
    if !trainees.is_empty() {
        let added = app
            .call(
                Method::POST,
                &format!("{path}/trainees"),
                &manager,
                json!({ "trainees": trainees }),
            )
            .await;
        assert_eq!(added.status, 201, "{}", added.body);
    }
    let trainer = app.token("TRN00001").await;
    Journey {
        app,
        manager,
        trainer,
        path,
    }
}

/// A trainers' session (level 2) of five trainees with e-mails, all passed, closed: the journey
/// and the closing answer.
pub async fn closed_trainers_session() -> (Journey, Response) {
    let trainees: Vec<Value> = ["Bernard", "Martin", "Petit", "Roux", "Simon"]
        .iter()
        .map(|name| json!({ "family_name": name, "given_name": "Alex", "birth_date": "1985-02-03", "email": format!("{}@exemple.fr", name.to_lowercase()) }))
        .collect();
    let j = journey_of(2, "initial", trainees).await;
    j.step(&j.manager, "submit", Value::Null).await;
    j.mark_each(|_, _| true).await;
    j.step(&j.trainer, "results/send", Value::Null).await;
    let closed = j.step(&j.manager, "close", Value::Null).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    (j, closed)
}

impl Journey {
    pub async fn step(&self, token: &str, step: &str, body: Value) -> Response {
        self.app
            .call(Method::POST, &format!("{}/{step}", self.path), token, body)
            .await
    }

    async fn mark(&self, passed: usize) -> Response {
        self.mark_each(|n, _| n < passed).await
    }

    /// Marks every trainee, passed where `passes(index, trainee)` says so.
    pub async fn mark_each(&self, passes: impl Fn(usize, &Value) -> bool) -> Response {
        let trainees = self
            .app
            .get(&format!("{}/trainees", self.path), &self.trainer)
            .await;
        let results: Vec<Value> = trainees.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(n, t)| json!({ "trainee_id": t["id"], "identity_checked": true, "outcome": if passes(n, t) { "passed" } else { "failed" } }))
            .collect();
        self.app
            .call(
                Method::PUT,
                &format!("{}/results", self.path),
                &self.trainer,
                json!({ "results": results }),
            )
            .await
    }
}

#[actix_web::test]
async fn a_session_goes_from_draft_to_validated_through_a_return() {
    let j = journey("initial", 4).await;
    let submitted = j.step(&j.manager, "submit", Value::Null).await;
    assert_eq!(
        submitted.body["status"], "awaiting_trainer",
        "{}",
        submitted.body
    );
    // Now the trainer sees it.
    assert_eq!(j.app.get(&j.path, &j.trainer).await.status, 200);

    let marked = j.mark(3).await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    let returned = j
        .step(
            &j.trainer,
            "return",
            json!({ "comment": "Nom de Stagiaire0 mal orthographié" }),
        )
        .await;
    assert_eq!(returned.body["status"], "returned", "{}", returned.body);
    assert_eq!(
        returned.body["return_comment"],
        "Nom de Stagiaire0 mal orthographié"
    );

    // The entity fixes the trainee and submits again; the comment is cleared.
    let trainees = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    let first = trainees.body["items"][0]["id"].as_str().unwrap();
    let fixed = j
        .app
        .call(
            Method::PATCH,
            &format!("{}/trainees/{first}", j.path),
            &j.manager,
            json!({ "family_name": "Stagiaire-Zéro" }),
        )
        .await;
    assert_eq!(fixed.status, 200, "{}", fixed.body);
    let resubmitted = j.step(&j.manager, "submit", Value::Null).await;
    assert_eq!(resubmitted.body["status"], "awaiting_trainer");
    assert!(resubmitted.body.get("return_comment").is_none());

    j.mark(3).await;
    let validated = j.step(&j.trainer, "results/send", Value::Null).await;
    assert_eq!(validated.body["status"], "validated", "{}", validated.body);
    let results = j.app.get(&format!("{}/results", j.path), &j.manager).await;
    let outcomes: Vec<&str> = results
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "passed").count(), 3);

    // Nothing moves backwards.
    j.step(&j.manager, "submit", Value::Null)
        .await
        .assert_problem(409, "session.illegal_transition");
    j.step(&j.manager, "cancel", Value::Null)
        .await
        .assert_problem(409, "session.illegal_transition");
    j.step(&j.trainer, "return", json!({ "comment": "trop tard" }))
        .await
        .assert_problem(409, "session.illegal_transition");
}

#[actix_web::test]
async fn each_step_has_its_rules() {
    let j = journey("initial", 3).await;
    j.step(&j.manager, "submit", Value::Null)
        .await
        .assert_problem(422, "session.trainee_count");
    let added = j
        .app
        .call(
            Method::POST,
            &format!("{}/trainees", j.path),
            &j.manager,
            json!({ "trainees": [trainee("Quatre", "Zoé", "1990-01-01")] }),
        )
        .await;
    assert_eq!(added.status, 201);
    j.step(&j.trainer, "submit", Value::Null)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);

    // Trainees are frozen while the trainer has the session.
    j.app
        .call(
            Method::POST,
            &format!("{}/trainees", j.path),
            &j.manager,
            json!({ "trainees": [trainee("Cinq", "Zoé", "1990-01-01")] }),
        )
        .await
        .assert_problem(409, "session.not_editable");
    // Only its trainer decides, with a comment to return it, and whole results to send.
    let other_trainer = j.app.token("TRN00002").await;
    j.step(&other_trainer, "return", json!({ "comment": "x" }))
        .await
        .assert_problem(404, "not_found");
    j.step(&j.manager, "return", json!({ "comment": "x" }))
        .await
        .assert_problem(403, "session.not_the_trainer");
    j.step(&j.trainer, "return", json!({ "comment": "  " }))
        .await
        .assert_problem(422, "session.comment_required");
    j.step(&j.trainer, "results/send", Value::Null)
        .await
        .assert_problem(422, "session.results_incomplete");
    j.app
        .call(Method::PUT, &format!("{}/results", j.path), &j.trainer,
            json!({ "results": [{ "trainee_id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "identity_checked": true, "outcome": "passed" }] }))
        .await
        .assert_problem(422, "results.unknown_trainee");
    j.app
        .call(
            Method::PUT,
            &format!("{}/results", j.path),
            &j.manager,
            json!({ "results": [] }),
        )
        .await
        .assert_problem(403, "session.not_the_trainer");
}

#[actix_web::test]
async fn a_mac_trainee_shows_a_verified_prior_certificate() {
    let j = journey("mac", 4).await;
    j.step(&j.manager, "submit", Value::Null)
        .await
        .assert_problem(422, "session.mac_proof_missing");
    let trainees = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    let trainees = trainees.body["items"].as_array().unwrap();
    let first = format!(
        "{}/trainees/{}",
        j.path,
        trainees[0]["id"].as_str().unwrap()
    );
    let prove = |token: String| {
        j.app.call(
            Method::PATCH,
            &first,
            &j.manager,
            json!({ "prior_certificate_token": token }),
        )
    };
    let person = ("Stagiaire0", "Zoé", "1990-01-01");
    let refusals = [
        (
            "eyJhbGciOiJFZERTQSJ9.e30.sig".to_owned(),
            "prior_certificate_invalid",
        ),
        (
            j.app
                .certificate_token(("Stagiaire1", "Zoé", "1990-01-01"), 1, "2027-01-01"),
            "prior_certificate_other_person",
        ),
        (
            j.app.certificate_token(person, 2, "2027-01-01"),
            "prior_certificate_other_scheme",
        ),
    ];
    for (token, code) in refusals {
        let refused = prove(token).await;
        let problem = refused.assert_problem(422, "request.invalid_fields");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    // An expired certificate is a proof: a MAC is how a lapsed holder recovers it.
    for trainee in trainees {
        let path = format!("{}/trainees/{}", j.path, trainee["id"].as_str().unwrap());
        let name = trainee["family_name"].as_str().unwrap();
        let token = j
            .app
            .certificate_token((name, "Zoé", "1990-01-01"), 1, "2025-06-30");
        let proved = j
            .app
            .call(
                Method::PATCH,
                &path,
                &j.manager,
                json!({ "prior_certificate_token": token }),
            )
            .await;
        assert_eq!(proved.status, 200, "{}", proved.body);
    }
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);
}

#[actix_web::test]
async fn a_draft_or_returned_session_can_be_cancelled() {
    let j = journey("initial", 0).await;
    let cancelled = j.step(&j.manager, "cancel", Value::Null).await;
    assert_eq!(cancelled.body["status"], "cancelled", "{}", cancelled.body);
    j.step(&j.manager, "submit", Value::Null)
        .await
        .assert_problem(409, "session.illegal_transition");
    j.app
        .get(&j.path, &j.trainer)
        .await
        .assert_problem(404, "not_found");
}

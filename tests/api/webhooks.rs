//! Webhooks reach public addresses only (checked when registered, and again at each call on the
//! addresses the name resolves to), follow no redirect, are sent once however long a delivery run
//! lasts, and a slow partner holds up nobody else.

use crate::common::listeners::{self, Answer};
use crate::common::{Clock, Response, TestApp, manager_of, siret};
use crate::session_workflow::journey_of;
use actix_web::http::Method;
use forprev::clock::ManualClock;
use forprev::ids::EntityId;
use forprev::store::outbox::{self, NewMessage};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A new API client of the entity with a webhook to `url`: its id and the registration's answer.
async fn client_with_webhook(
    app: &TestApp,
    manager: &str,
    entity: &str,
    url: &str,
) -> (String, Response) {
    let clients = format!("/api/v1/entities/{entity}/api-clients");
    let created = app
        .call(
            Method::POST,
            &clients,
            manager,
            json!({ "name": "Logiciel" }),
        )
        .await;
    let client = created.body["client"]["id"].as_str().unwrap().to_owned();
    let set = app
        .call(
            Method::PUT,
            &format!("{clients}/{client}/webhook"),
            manager,
            json!({ "url": url }),
        )
        .await;
    (client, set)
}

#[actix_web::test]
async fn a_webhook_inside_the_network_is_refused_in_every_spelling() {
    let app = TestApp::with_config(|config| config.webhook_allow_loopback = false).await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let manager = app.token("MAN00001").await;
    let served = app.serve();
    let own_port = format!(
        "http://127.0.0.1:{}/api/v1/auth/login",
        served.address.port()
    );
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        own_port.as_str(),
        "http://[::1]/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://metadata.google.internal/",
        "http://100.100.100.200/",
        "http://192.168.0.1/",
        "http://172.17.0.1/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.251/",
    ] {
        let (client, set) = client_with_webhook(&app, &manager, &entity.to_string(), url).await;
        set.assert_problem(422, "api_client.webhook_not_public");
        let clients = format!("/api/v1/entities/{entity}/api-clients");
        let revoked = app
            .call(
                Method::DELETE,
                &format!("{clients}/{client}"),
                &manager,
                Value::Null,
            )
            .await;
        assert_eq!(revoked.status, 204);
    }
    let (_, set) = client_with_webhook(
        &app,
        &manager,
        &entity.to_string(),
        "https://logiciel.example.fr/forprev",
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
}

/// The journey's entity.
async fn entity_of(j: &crate::session_workflow::Journey) -> String {
    let session = j.app.get(&j.path, &j.manager).await;
    session.body["entity_id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn a_call_goes_to_a_checked_public_address_and_never_follows_a_redirect() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let entity = entity_of(&j).await;
    // Registered while loopback was allowed; by the time of the call, it is not (as if the
    // name now resolved inside the network).
    let (port, calls) = listeners::http(200);
    let (inside, _) = client_with_webhook(
        &j.app,
        &j.manager,
        &entity,
        &format!("http://127.0.0.1:{port}/"),
    )
    .await;
    // A partner that answers with a redirect to another port.
    let (elsewhere, redirected) = listeners::http(200);
    let (redirect_port, redirect_calls) = listeners::http_with(move |_| Answer {
        status: 302,
        headers: vec![("Location".into(), format!("http://127.0.0.1:{elsewhere}/"))],
    });
    let (redirecting, _) = client_with_webhook(
        &j.app,
        &j.manager,
        &entity,
        &format!("http://127.0.0.1:{redirect_port}/"),
    )
    .await;

    enqueue_webhook(&j.app, &inside);
    let clock = ManualClock::new(j.app.clock.now());
    j.app
        .deliver(None, &clock, |config| config.webhook_allow_loopback = false);
    assert!(calls.lock().unwrap().is_empty(), "a call went to loopback");
    let failures = failures_of(&j.app, &j.manager, &entity, &inside).await;
    assert_eq!(failures[0]["last_error"], "not_public_address");
    assert!(failures[0]["given_up_at"].is_string(), "no retry for that");

    enqueue_webhook(&j.app, &redirecting);
    j.app.deliver(None, &clock, |_| {});
    assert_eq!(redirect_calls.lock().unwrap().len(), 1);
    assert!(
        redirected.lock().unwrap().is_empty(),
        "the redirect was followed"
    );
    let failures = failures_of(&j.app, &j.manager, &entity, &redirecting).await;
    assert_eq!(failures[0]["last_error"], "http_status_302");
}

fn enqueue_webhook(app: &TestApp, client: &str) {
    let body = json!({ "event": "session.submitted" }).to_string();
    let message = NewMessage {
        channel: outbox::WEBHOOK,
        recipient: client,
        topic: "session.submitted",
        subject: None,
        body: &body,
        dedupe_key: None,
        session_id: None,
        attachments: &[],
    };
    outbox::enqueue(&mut app.conn(), message, app.clock.now()).unwrap();
}

fn enqueue_email(app: &TestApp, to: &str) {
    let message = NewMessage {
        channel: outbox::EMAIL,
        recipient: to,
        topic: "password.reset",
        subject: Some("Réinitialisation"),
        body: "Bonjour",
        dedupe_key: None,
        session_id: None,
        attachments: &[],
    };
    outbox::enqueue(&mut app.conn(), message, app.clock.now()).unwrap();
}

async fn failures_of(app: &TestApp, manager: &str, entity: &str, client: &str) -> Vec<Value> {
    let path = format!("/api/v1/entities/{entity}/api-clients/{client}/webhook/failures");
    let answer = app.get(&path, manager).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body.as_array().unwrap().clone()
}

#[actix_web::test]
async fn a_message_is_sent_once_however_long_a_run_lasts() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let entity = entity_of(&j).await;
    let clock = Arc::new(ManualClock::new(j.app.clock.now()));
    // A slow partner: each call takes three minutes; the second one lasts until a second
    // instance has run its own delivery, six minutes after the first instance began.
    let (paused, pause) = std::sync::mpsc::channel::<()>();
    let (resume, resumed) = std::sync::mpsc::channel::<()>();
    let (paused, resumed) = (
        std::sync::Mutex::new(paused),
        std::sync::Mutex::new(resumed),
    );
    let count = AtomicUsize::new(0);
    let partner_clock = clock.clone();
    let (port, calls) = listeners::http_with(move |_| {
        partner_clock.advance(chrono::Duration::minutes(3));
        if count.fetch_add(1, Ordering::SeqCst) == 1 {
            paused.lock().unwrap().send(()).unwrap();
            resumed.lock().unwrap().recv().unwrap();
        }
        Answer::status(204)
    });
    let url = format!("http://127.0.0.1:{port}/");
    let mut clients = Vec::new();
    for _ in 0..4 {
        clients.push(
            client_with_webhook(&j.app, &j.manager, &entity, &url)
                .await
                .0,
        );
    }
    for client in &clients {
        enqueue_webhook(&j.app, client);
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(|| j.app.deliver(None, &*clock, |_| {}));
        pause
            .recv_timeout(Duration::from_secs(20))
            .expect("the second call");
        let second = j.app.deliver(None, &*clock, |_| {});
        resume.send(()).unwrap();
        let first = first.join().unwrap();
        assert_eq!(first.sent + second.sent, 4, "{first:?} {second:?}");
    });
    let calls = calls.lock().unwrap().clone();
    let mut deliveries: Vec<&str> = calls
        .iter()
        .map(|call| call.header("x-forprev-delivery").unwrap())
        .collect();
    deliveries.sort();
    deliveries.dedup();
    assert_eq!(
        (calls.len(), deliveries.len()),
        (4, 4),
        "a message went twice"
    );
    // Each call is signed with the time it was made.
    let mut times: Vec<&str> = calls
        .iter()
        .map(|call| {
            call.header("x-forprev-signature")
                .unwrap()
                .split(',')
                .next()
                .unwrap()
        })
        .collect();
    times.dedup();
    assert_eq!(times.len(), 4, "{times:?}");
}

#[actix_web::test]
async fn a_slow_partner_holds_up_neither_e_mails_nor_other_entities() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let entity = entity_of(&j).await;
    let other: EntityId = j.app.entity(&siret(2), "69002");
    j.app.user("MAN00002", "other@of.fr", &[manager_of(&other)]);
    let other_manager = j.app.token("MAN00002").await;
    let (smtp_port, mails) = listeners::smtp();
    let (fast_port, fast_calls) = listeners::http(204);
    // The slow partner answers once the others were served: 204 then, 503 if it waited 20 s
    // in vain (they were queued behind it).
    let (mails_seen, fast_seen) = (mails.clone(), fast_calls.clone());
    let (slow_port, _) = listeners::http_with(move |_| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !mails_seen.lock().unwrap().is_empty() && !fast_seen.lock().unwrap().is_empty() {
                return Answer::status(204);
            }
            std::thread::yield_now();
        }
        Answer::status(503)
    });
    let (slow, _) = client_with_webhook(
        &j.app,
        &j.manager,
        &entity,
        &format!("http://127.0.0.1:{slow_port}/"),
    )
    .await;
    let (fast, _) = client_with_webhook(
        &j.app,
        &other_manager,
        &other.to_string(),
        &format!("http://127.0.0.1:{fast_port}/"),
    )
    .await;
    enqueue_webhook(&j.app, &slow);
    enqueue_email(&j.app, "someone@exemple.fr");
    enqueue_webhook(&j.app, &fast);
    let report = j.app.deliver(Some(smtp_port), &*j.app.clock, |_| {});
    assert_eq!((report.sent, report.retried), (3, 0), "{report:?}");
}

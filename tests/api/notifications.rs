//! Notifications through the outbox: e-mails to a real SMTP listener on loopback, webhook calls
//! to a real HTTP listener, retries, and one delivery only when two instances deliver at once.

use crate::common::listeners::{self, Mail};
use crate::common::{Clock, TestApp, manager_of, siret};
use crate::session_workflow::{Journey, closed_trainers_session, journey_of};
use actix_web::http::Method;
use chrono::{DateTime, Duration, Utc};
use forprev::clock::ManualClock;
use forprev::jobs::deliver::Report;
use forprev::notifications::delivery::signature;
use forprev::store::outbox::{self, NewMessage};
use serde_json::{Value, json};

/// Runs the delivery job at `now`, sending e-mail to the SMTP server on `smtp_port` (none: logged).
fn deliver_at(app: &TestApp, smtp_port: Option<u16>, now: DateTime<Utc>) -> Report {
    app.deliver(smtp_port, &ManualClock::new(now), |_| {})
}

fn mails_to(mails: &[Mail], address: &str) -> usize {
    mails.iter().filter(|mail| mail.to == [address]).count()
}

/// The body of a mail, decoded (lettre writes quoted-printable or base64 for non-ASCII text).
fn text_of(mail: &Mail) -> String {
    let (headers, body) = mail.data.split_once("\r\n\r\n").unwrap();
    if headers.contains("Content-Transfer-Encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        return String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap(),
        )
        .unwrap();
    }
    let body = body.replace("=\r\n", "");
    let mut bytes = Vec::new();
    let mut rest = body.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'=' && tail.len() >= 2 {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

fn four() -> Vec<Value> {
    ["Bernard", "Martin", "Petit", "Roux"]
        .iter()
        .map(
            |name| json!({ "family_name": name, "given_name": "Alex", "birth_date": "1990-02-03" }),
        )
        .collect()
}

async fn alerts_on(j: &Journey) {
    let body = json!({ "caisse_code": null, "session_alerts": true });
    let saved = j
        .app
        .call(Method::PUT, "/api/v1/me/trainer-profile", &j.trainer, body)
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
}

#[actix_web::test]
async fn session_steps_mail_the_trainer_and_the_creator_once() {
    let j = journey_of(1, "initial", four()).await;
    alerts_on(&j).await;
    j.step(&j.manager, "submit", Value::Null).await;
    j.step(
        &j.trainer,
        "return",
        json!({ "comment": "Date de naissance de Petit à vérifier" }),
    )
    .await;
    j.step(&j.manager, "submit", Value::Null).await;
    j.mark_each(|_, _| true).await;
    let sent = j.step(&j.trainer, "results/send", Value::Null).await;
    assert_eq!(sent.body["status"], "validated");

    let (port, received) = listeners::smtp();
    let now = j.app.clock.now();
    let report = deliver_at(&j.app, Some(port), now);
    assert_eq!(report.sent, 4, "{report:?}");
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 4);
    assert_eq!(mails_to(&mails, "trainer@of.fr"), 2, "submitted twice");
    assert_eq!(mails_to(&mails, "one@of.fr"), 2, "returned, then validated");
    let returned = mails
        .iter()
        .find(|mail| text_of(mail).contains("renvoyé"))
        .unwrap();
    assert!(text_of(returned).contains("« Date de naissance de Petit à vérifier »"));
    assert!(text_of(returned).contains("/sessions/"));

    // Delivered messages are not sent again.
    assert_eq!(
        deliver_at(&j.app, Some(port), now + Duration::hours(1)).sent,
        0
    );
    assert_eq!(received.lock().unwrap().len(), 4);
}

#[actix_web::test]
async fn two_instances_delivering_at_once_send_each_message_once() {
    let app = TestApp::new().await;
    let now = app.clock.now();
    for n in 0..30 {
        let address = format!("person{n}@exemple.fr");
        let message = NewMessage {
            channel: outbox::EMAIL,
            recipient: &address,
            topic: "test",
            subject: Some("Essai"),
            body: "Bonjour",
            dedupe_key: None,
            session_id: None,
            attachments: &[],
        };
        outbox::enqueue(&mut app.conn(), message, now).unwrap();
    }
    let (port, received) = listeners::smtp();
    let (first, second) = std::thread::scope(|scope| {
        let one = scope.spawn(|| deliver_at(&app, Some(port), now));
        let two = scope.spawn(|| deliver_at(&app, Some(port), now));
        (one.join().unwrap(), two.join().unwrap())
    });
    assert_eq!(first.sent + second.sent, 30, "{first:?} {second:?}");
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 30);
    for n in 0..30 {
        assert_eq!(mails_to(&mails, &format!("person{n}@exemple.fr")), 1);
    }
}

#[actix_web::test]
async fn a_failed_delivery_is_tried_again_later() {
    let j = journey_of(1, "initial", four()).await;
    alerts_on(&j).await;
    j.step(&j.manager, "submit", Value::Null).await;
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = down.local_addr().unwrap().port();
    drop(down); // nothing listens there now
    let now = j.app.clock.now();
    let failed = deliver_at(&j.app, Some(port), now);
    assert_eq!((failed.sent, failed.retried), (0, 1), "{failed:?}");

    let (up, received) = listeners::smtp();
    // Not due yet: the first retry waits a minute.
    assert_eq!(
        deliver_at(&j.app, Some(up), now + Duration::seconds(30)).sent,
        0
    );
    assert_eq!(
        deliver_at(&j.app, Some(up), now + Duration::minutes(2)).sent,
        1
    );
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[actix_web::test]
async fn partner_software_gets_signed_webhook_calls_and_sees_failed_ones() {
    let j = journey_of(1, "initial", four()).await;
    let session = j.app.get(&j.path, &j.manager).await;
    let entity = session.body["entity_id"].as_str().unwrap().to_owned();
    let clients = format!("/api/v1/entities/{entity}/api-clients");
    let mut webhooks = Vec::new();
    for status in [200, 500] {
        let created = j
            .app
            .call(
                Method::POST,
                &clients,
                &j.manager,
                json!({ "name": format!("Logiciel {status}") }),
            )
            .await;
        let client = created.body["client"]["id"].as_str().unwrap().to_owned();
        let (port, calls) = listeners::http(status);
        let url = format!("http://127.0.0.1:{port}/forprev");
        let set = j
            .app
            .call(
                Method::PUT,
                &format!("{clients}/{client}/webhook"),
                &j.manager,
                json!({ "url": url }),
            )
            .await;
        assert_eq!(set.status, 200, "{}", set.body);
        let secret = set.body["secret"].as_str().unwrap().to_owned();
        webhooks.push((client, secret, calls));
    }
    j.app
        .call(
            Method::PUT,
            &format!("{clients}/{}/webhook", webhooks[0].0),
            &j.manager,
            json!({ "url": "ftp://x" }),
        )
        .await
        .assert_problem(422, "api_client.invalid_webhook_url");

    j.step(&j.manager, "submit", Value::Null).await;
    let report = deliver_at(&j.app, None, j.app.clock.now());
    assert_eq!((report.sent, report.retried), (1, 1), "{report:?}");

    let (_, secret, calls) = &webhooks[0];
    let call = calls.lock().unwrap()[0].clone();
    assert_eq!(call.header("x-forprev-event"), Some("session.submitted"));
    assert_eq!(call.header("content-type"), Some("application/json"));
    let event: Value = serde_json::from_str(&call.body).unwrap();
    assert_eq!(event["event"], "session.submitted");
    assert_eq!(event["entity_id"], entity.as_str());
    assert_eq!(event["status"], "awaiting_trainer");
    let signed = call.header("x-forprev-signature").unwrap();
    let time: i64 = signed.split(',').next().unwrap()[2..].parse().unwrap();
    assert_eq!(signed, signature(secret, time, &call.body));
    assert_ne!(signed, signature("another secret", time, &call.body));

    let (failing, _, failing_calls) = &webhooks[1];
    assert_eq!(
        failing_calls.lock().unwrap().len(),
        1,
        "it was called, and answered 500"
    );
    let failures = j
        .app
        .get(&format!("{clients}/{failing}/webhook/failures"), &j.manager)
        .await;
    assert_eq!(failures.status, 200);
    let failure = &failures.body[0];
    assert_eq!(failure["event"], "session.submitted");
    assert_eq!(failure["attempts"], 1);
    assert!(failure["next_attempt_at"].is_string());
    let none = j
        .app
        .get(
            &format!("{clients}/{}/webhook/failures", webhooks[0].0),
            &j.manager,
        )
        .await;
    assert_eq!(none.body, json!([]));
}

#[actix_web::test]
async fn a_new_trainer_gets_its_invitation_by_mail() {
    let (j, _) = closed_trainers_session().await;

    let (port, received) = listeners::smtp();
    deliver_at(&j.app, Some(port), j.app.clock.now());
    let mails = received.lock().unwrap().clone();
    let invitation = mails
        .iter()
        .find(|mail| mail.to == ["petit@exemple.fr"])
        .expect("an invitation for each new trainer");
    let text = text_of(invitation);
    let token = text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let accepted = j
        .app
        .post(
            "/api/v1/auth/invitations/accept",
            json!({ "token": token, "password": "Un mot de passe solide 2026" }),
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
}

#[actix_web::test]
async fn managers_are_told_once_that_a_habilitation_ends_within_six_months() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    let now = app.clock.now();
    let today = now.date_naive();
    forprev::store::habilitations::grant(
        &mut app.conn(),
        &entity,
        "SST",
        1,
        today - Duration::days(1000),
        today + Duration::days(90),
        now,
    )
    .unwrap();
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let (port, received) = listeners::smtp();
    assert_eq!(deliver_at(&app, Some(port), now).queued_alerts, 1);
    assert_eq!(
        deliver_at(&app, Some(port), now + Duration::days(1)).queued_alerts,
        0
    );
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert!(text_of(&mails[0]).contains("prend fin le"));
}

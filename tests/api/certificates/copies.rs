//! The trainee's own copy: a trainee whose training body recorded its consent
//! (`send_certificate`) and its e-mail receives its certificate and a calendar reminder of its MAC
//! at closure, through the outbox; no one else does; the copy goes with the session.

use super::{agent, qr_token, unzip, validated, verify};
use crate::common::listeners::{self, Mail};
use crate::common::{Clock, Response, TestApp, trainee};
use crate::session_workflow::{Journey, journey_of};
use actix_web::http::Method;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use forprev::clock::ManualClock;
use forprev::db::schema::{outbox, outbox_attachments};
use forprev::jobs::{deliver::Report, purge};
use mail_parser::MimeHeaders;
use serde_json::{Value, json};

/// Four trainees, Martin failing (see `validated`): Bernard and Martin consent, Petit has an
/// e-mail but did not consent, Roux has no e-mail.
fn trainees() -> Vec<Value> {
    let consenting = |family_name: &str| {
        let email = format!("{}@exemple.fr", family_name.to_lowercase());
        json!({ "family_name": family_name, "given_name": "Alex", "birth_date": "1990-02-03",
                "email": email, "send_certificate": true })
    };
    let mut petit = trainee("Petit", "Alex", "1990-02-03");
    petit["email"] = json!("petit@exemple.fr");
    vec![
        consenting("Bernard"),
        consenting("Martin"),
        petit,
        trainee("Roux", "Alex", "1990-02-03"),
    ]
}

async fn closed() -> Journey {
    let j = validated(1, trainees()).await;
    let closed = j.step(&j.manager, "close", Value::Null).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    j
}

fn deliver(app: &TestApp, smtp_port: u16, now: DateTime<Utc>) -> Report {
    app.deliver(Some(smtp_port), &ManualClock::new(now), |_| {})
}

/// The files stored with queued e-mails.
fn attachments_stored(app: &TestApp) -> i64 {
    outbox_attachments::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn parsed(mail: &Mail) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(mail.data.as_bytes())
        .unwrap()
}

/// The mails `received` sent to `address`.
fn mails_to(received: &listeners::Received<Mail>, address: &str) -> Vec<Mail> {
    let mails = received.lock().unwrap();
    mails
        .iter()
        .filter(|mail| mail.to == [address])
        .cloned()
        .collect()
}

/// The attachments of a mail: (name, content type, content).
fn files_of(mail: &Mail) -> Vec<(String, String, Vec<u8>)> {
    parsed(mail)
        .attachments()
        .map(|part| {
            let kind = part.content_type().unwrap();
            (
                part.attachment_name().unwrap().to_owned(),
                format!("{}/{}", kind.ctype(), kind.subtype().unwrap()),
                part.contents().to_vec(),
            )
        })
        .collect()
}

async fn trainee_named(j: &Journey, family_name: &str) -> Value {
    let listed = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    let items = listed.body["items"].as_array().unwrap();
    let found = items.iter().find(|t| t["family_name"] == family_name);
    found.unwrap().clone()
}

/// Bernard's given name corrected (Alex → Alexis).
async fn correct_bernard(j: &Journey) {
    let bernard = trainee_named(j, "Bernard").await;
    let id = bernard["id"].as_str().unwrap();
    let path = format!("{}/trainees/{id}/correction", j.path);
    let body = json!({ "given_name": "Alexis" });
    let corrected = j.app.call(Method::POST, &path, &j.manager, body).await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);
}

async fn add(j: &Journey, trainee: &Value) -> Response {
    let path = format!("{}/trainees", j.path);
    let body = json!({ "trainees": [trainee] });
    j.app.call(Method::POST, &path, &j.manager, body).await
}

async fn zip_of(j: &Journey) -> Vec<(String, Vec<u8>)> {
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    assert_eq!(zip.status, 200);
    unzip(&zip.bytes)
}

#[actix_web::test]
async fn a_consenting_trainee_who_passed_receives_its_certificate_and_a_reminder() {
    let j = closed().await;
    assert_eq!(attachments_stored(&j.app), 2, "one PDF and one .ics");

    // The SMTP server is down: the copy waits, with its files, for the next attempt.
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = down.local_addr().unwrap().port();
    drop(down);
    let now = j.app.clock.now();
    deliver(&j.app, port, now);
    let (attempts, error): (i32, Option<String>) = outbox::table
        .filter(outbox::topic.eq("certificate.copy"))
        .select((outbox::attempts, outbox::last_error))
        .first(&mut *j.app.conn())
        .unwrap();
    assert_eq!((attempts, error.as_deref()), (1, Some("mail_unavailable")));
    assert_eq!(attachments_stored(&j.app), 2);

    let (port, received) = listeners::smtp();
    deliver(&j.app, port, now + Duration::minutes(2));
    for nobody in ["martin@exemple.fr", "petit@exemple.fr"] {
        assert!(mails_to(&received, nobody).is_empty(), "{nobody}");
    }
    let mails = mails_to(&received, "bernard@exemple.fr");
    assert_eq!(mails.len(), 1);
    let mail = parsed(&mails[0]);
    assert_eq!(mail.subject(), Some("Votre certificat SST"));
    let text = mail.body_text(0).unwrap();
    assert!(text.contains("valable jusqu'au 08/12/2028"), "{text}");

    let files = files_of(&mails[0]);
    let names: Vec<_> = files
        .iter()
        .map(|(name, kind, _)| (name.as_str(), kind.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Bernard_Alex.pdf", "application/pdf"),
            ("rappel.ics", "text/calendar")
        ]
    );
    // The very certificate of the session's zip, whose token the network verifies.
    let zip = zip_of(&j).await;
    let in_zip = zip.iter().find(|(name, _)| name == "Bernard_Alex.pdf");
    assert_eq!(in_zip.map(|(_, pdf)| pdf), Some(&files[0].2));
    let agent = agent(&j.app).await;
    let verdict = verify(&j.app, &qr_token(&files[0].2), &agent).await;
    assert_eq!(verdict.body["reason"], "valid", "{}", verdict.body);
    // SST is valid 24 months from the last day (8 December 2026): the event is on its last day,
    // the reminder two months before.
    let ics = String::from_utf8(files[1].2.clone()).unwrap();
    for line in [
        "DTSTART;VALUE=DATE:20281208",
        "TRIGGER;VALUE=DATE-TIME:20281008T120000Z",
        "DESCRIPTION:MAC SST à prévoir",
    ] {
        assert!(ics.contains(line), "{line} in {ics}");
    }
    // Sent: the files are not kept.
    assert_eq!(attachments_stored(&j.app), 0);
}

#[actix_web::test]
async fn a_corrected_certificate_is_sent_again_and_replaces_the_first_in_the_calendar() {
    let j = closed().await;
    let (port, received) = listeners::smtp();
    deliver(&j.app, port, j.app.clock.now());
    correct_bernard(&j).await;
    deliver(&j.app, port, j.app.clock.now());

    let mails = mails_to(&received, "bernard@exemple.fr");
    assert_eq!(mails.len(), 2);
    assert_eq!(
        parsed(&mails[1]).subject(),
        Some("Votre certificat SST corrigé")
    );
    let (first, second) = (files_of(&mails[0]), files_of(&mails[1]));
    assert_eq!(second[0].0, "Bernard_Alexis.pdf");
    let agent = agent(&j.app).await;
    let verdict = verify(&j.app, &qr_token(&second[0].2), &agent).await;
    assert_eq!(verdict.body["reason"], "valid", "{}", verdict.body);
    let old = verify(&j.app, &qr_token(&first[0].2), &agent).await;
    assert_eq!(old.body["reason"], "superseded");
    let uid = |ics: &[u8]| {
        String::from_utf8(ics.to_vec())
            .unwrap()
            .lines()
            .find(|line| line.starts_with("UID:"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(uid(&first[1].2), uid(&second[1].2));
}

#[actix_web::test]
async fn a_copy_not_sent_yet_when_its_certificate_is_corrected_is_not_sent() {
    let j = closed().await;
    correct_bernard(&j).await;
    assert_eq!(
        attachments_stored(&j.app),
        2,
        "the corrected copy's files only"
    );

    let (port, received) = listeners::smtp();
    deliver(&j.app, port, j.app.clock.now());
    let mails = mails_to(&received, "bernard@exemple.fr");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        parsed(&mails[0]).subject(),
        Some("Votre certificat SST corrigé")
    );
    assert_eq!(files_of(&mails[0])[0].0, "Bernard_Alexis.pdf");
}

#[actix_web::test]
async fn consent_needs_an_email_and_the_copies_go_with_the_session() {
    let j = closed().await;
    // Not sent before the session's deletion: gone with it, files and all.
    let closed_at = j.app.clock.now();
    purge::run(&j.app.state.pool, closed_at + Duration::days(16)).unwrap();
    assert_eq!(attachments_stored(&j.app), 0);
    let copies: i64 = outbox::table
        .filter(outbox::topic.eq("certificate.copy"))
        .count()
        .get_result(&mut *j.app.conn())
        .unwrap();
    assert_eq!(copies, 0);

    // Another session, still a draft.
    let j = journey_of(1, "initial", trainees()).await;
    let mut without_email = trainee("Simon", "Alex", "1990-02-03");
    without_email["send_certificate"] = json!(true);
    let refused = add(&j, &without_email).await;
    assert_eq!(fields_refused(&refused), ["trainees[0].send_certificate"]);
    without_email["email"] = json!("not an address");
    let refused = add(&j, &without_email).await;
    assert_eq!(fields_refused(&refused), ["trainees[0].email"]);

    let bernard = trainee_named(&j, "Bernard").await;
    assert_eq!(bernard["send_certificate"], true);
    let path = format!("{}/trainees/{}", j.path, bernard["id"].as_str().unwrap());
    let cleared = j
        .app
        .call(Method::PATCH, &path, &j.manager, json!({ "email": null }))
        .await;
    assert_eq!(fields_refused(&cleared), ["send_certificate"]);
    let withdrawn = j
        .app
        .call(
            Method::PATCH,
            &path,
            &j.manager,
            json!({ "email": null, "send_certificate": false }),
        )
        .await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    assert_eq!(withdrawn.body["send_certificate"], false);
}

fn fields_refused(response: &Response) -> Vec<&str> {
    response.assert_problem(422, "request.invalid_fields");
    response.invalid_fields()
}

//! Many clients at once through a real listener: no request is lost to the database's locking
//! (SQLite serialises writers; every write begins as a write transaction and waits its turn).

use crate::common::server::{answer, client, send_json};
use crate::common::{PASSWORD, TestApp};
use crate::session_workflow::journey_of;
use serde_json::json;
use std::sync::{Arc, Barrier};
use std::thread;

#[actix_web::test]
async fn thirty_logins_at_once_all_succeed() {
    let app = TestApp::new().await;
    for n in 0..30 {
        app.user(&format!("ABC{n:05}"), &format!("p{n}@of.fr"), &[]);
    }
    let served = app.serve();
    let url = served.url("/api/v1/auth/login");
    let statuses: Vec<(u16, bool)> = (0..30)
        .map(|n| {
            let url = url.clone();
            thread::spawn(move || {
                let body = json!({ "login": format!("ABC{n:05}"), "password": PASSWORD });
                let answer = answer(send_json(client().post(&url), &body));
                (answer.status, answer.body["access_token"].is_string())
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    assert!(
        statuses.iter().all(|login| *login == (200, true)),
        "{statuses:?}"
    );
}

#[actix_web::test]
async fn thirty_writers_with_one_etag_give_one_change_and_29_stale_refusals() {
    let j = journey_of(1, "initial", Vec::new()).await;
    let served = j.app.serve();
    let url = served.url(&j.path);
    let read = answer(
        client()
            .get(&url)
            .header("Authorization", &format!("Bearer {}", j.manager))
            .call(),
    );
    let etag = read.etag.expect("an ETag");
    let start = Arc::new(Barrier::new(30));
    let statuses: Vec<u16> = (0..30)
        .map(|n| {
            let (url, etag, token) = (url.clone(), etag.clone(), j.manager.clone());
            let start = start.clone();
            thread::spawn(move || {
                start.wait();
                let body = json!({ "place": format!("Salle {n}") });
                answer(send_json(
                    client()
                        .patch(&url)
                        .header("Authorization", &format!("Bearer {token}"))
                        .header("If-Match", &etag),
                    &body,
                ))
                .status
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    let changed = statuses.iter().filter(|status| **status == 200).count();
    let stale = statuses.iter().filter(|status| **status == 412).count();
    assert_eq!((changed, stale), (1, 29), "{statuses:?}");
}

//! One person, one Forprev number: an admin merges a duplicate account into the one kept.

use crate::common::{TestApp, manager_of};
use crate::trainees::draft_session;
use actix_web::http::Method;
use diesel::prelude::*;
use forprev::db::schema::{user_merges, users};
use forprev::domain::grant::Grant;
use forprev::ids::{EntityId, UserId};
use serde_json::json;

async fn merge(
    app: &TestApp,
    token: &str,
    duplicate: &UserId,
    into: &UserId,
) -> crate::common::Response {
    app.call(
        Method::POST,
        &format!("/api/v1/users/{duplicate}/merge"),
        token,
        json!({ "into": into }),
    )
    .await
}

fn id_of(app: &TestApp, number: &str) -> UserId {
    users::table
        .filter(users::forprev_number.eq(number))
        .select(users::id)
        .first(&mut *app.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_duplicate_account_merges_into_the_one_kept() {
    let (app, manager, path) = draft_session(1).await;
    let session = app.get(&path, &manager).await;
    let entity: EntityId = session.body["entity_id"].as_str().unwrap().parse().unwrap();
    let created = app
        .call(
            Method::POST,
            &format!("/api/v1/entities/{entity}/api-clients"),
            &manager,
            json!({ "name": "Logiciel FPR" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let refresh = app.tokens("MAN00001").await["refresh_token"].clone();
    // The account kept already manages the entity and holds its own trainer certificate.
    let kept = app.user("KEP00001", "kept@of.fr", &[manager_of(&entity)]);
    app.certify("KEP00001", "trainer", "2027-06-30");
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let admin = app.token("ADM00001").await;

    let trainer = merge(&app, &admin, &id_of(&app, "TRN00001"), &kept).await;
    assert_eq!(trainer.status, 200, "{}", trainer.body);
    assert_eq!(
        trainer.body["moved"],
        json!({"grants": 0, "trainer_certificates": 1, "sessions_trained": 1, "api_clients": 0})
    );
    assert_eq!(trainer.body["merged_forprev_number"], "TRN00001");
    let session = app.get(&path, &manager).await;
    assert_eq!(session.body["trainer"]["forprev_number"], "KEP00001");

    let duplicate = id_of(&app, "MAN00001");
    let manager_merged = merge(&app, &admin, &duplicate, &kept).await;
    assert_eq!(manager_merged.status, 200, "{}", manager_merged.body);
    assert_eq!(
        manager_merged.body["moved"],
        json!({"grants": 0, "trainer_certificates": 0, "sessions_trained": 0, "api_clients": 1}),
        "the manager grant the kept account held already is not doubled"
    );
    assert_eq!(
        manager_merged.body["kept"]["grants"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The duplicate is gone: its login, its refresh token and its access token no longer work.
    assert_eq!(
        app.login("MAN00001", crate::common::PASSWORD).await.status,
        401
    );
    assert_eq!(
        app.post("/api/v1/auth/refresh", json!({ "refresh_token": refresh }))
            .await
            .status,
        401
    );
    assert_eq!(app.get(&path, &manager).await.status, 401);
    // The kept account runs the session and sees the API client.
    let kept_token = app.token("KEP00001").await;
    assert_eq!(app.get(&path, &kept_token).await.status, 200);
    let clients = app
        .get(
            &format!("/api/v1/entities/{entity}/api-clients"),
            &kept_token,
        )
        .await;
    assert_eq!(clients.body[0]["name"], "Logiciel FPR");
    let recorded: Vec<(String, String)> = user_merges::table
        .order(user_merges::id)
        .select((user_merges::merged_forprev_number, user_merges::merged_by))
        .load(&mut *app.conn())
        .unwrap();
    let by = id_of(&app, "ADM00001").to_string();
    assert_eq!(
        recorded,
        [
            ("TRN00001".to_owned(), by.clone()),
            ("MAN00001".to_owned(), by)
        ]
    );
}

#[actix_web::test]
async fn only_an_admin_merges_and_not_into_itself_its_own_or_a_disabled_account() {
    let app = TestApp::new().await;
    let one = app.user("ONE00001", "one@of.fr", &[]);
    let two = app.user("TWO00001", "two@of.fr", &[]);
    let admin = app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    let person = app.token("ONE00001").await;
    merge(&app, &person, &two, &one)
        .await
        .assert_problem(403, "auth.role_required");
    merge(&app, &token, &one, &one)
        .await
        .assert_problem(422, "user.merge_same");
    merge(&app, &token, &admin, &one)
        .await
        .assert_problem(422, "user.merge_same");
    merge(&app, &token, &UserId::generate(), &one)
        .await
        .assert_problem(404, "not_found");
    merge(&app, &token, &one, &UserId::generate())
        .await
        .assert_problem(404, "not_found");
    diesel::update(users::table.find(&two))
        .set(users::active.eq(false))
        .execute(&mut *app.conn())
        .unwrap();
    merge(&app, &token, &one, &two)
        .await
        .assert_problem(409, "user.merge_disabled");
    assert_eq!(
        app.login("ONE00001", crate::common::PASSWORD).await.status,
        200
    );
}

/// Every column that references an account, in every migration, is handled by the merge: a new
/// reference that the merge forgot would make it fail on the duplicate's deletion.
#[test]
fn the_merge_handles_every_reference_to_an_account() {
    let root = env!("CARGO_MANIFEST_DIR");
    let merge = std::fs::read_to_string(format!("{root}/src/store/user_merges.rs")).unwrap();
    let mut references = Vec::new();
    for folder in ["postgres", "sqlite"] {
        let mut migrations: Vec<_> = std::fs::read_dir(format!("{root}/migrations/{folder}"))
            .unwrap()
            .map(|entry| entry.unwrap().path().join("up.sql"))
            .collect();
        migrations.sort();
        for sql in migrations {
            let mut table = String::new();
            for line in std::fs::read_to_string(sql).unwrap().lines() {
                let words: Vec<_> = line.split_whitespace().collect();
                if let ["CREATE", "TABLE", name, ..] = words[..] {
                    table = name.to_owned();
                }
                if line.contains("REFERENCES users") {
                    references.push(format!("{table}::{}", words[0]));
                }
            }
        }
    }
    assert!(references.len() >= 14, "{references:?}");
    for reference in references {
        assert!(merge.contains(&reference), "the merge forgets {reference}");
    }
}

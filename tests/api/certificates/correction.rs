//! A certificate corrected after closure: the trainee, its card in the zip, the old token
//! superseded, the history, the dashboard; and what is refused.

use super::*;
use diesel::prelude::*;

async fn trainee_id(j: &Journey, family_name: &str) -> String {
    let listed = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    let trainees = listed.body["items"].as_array();
    let trainees = trainees.unwrap_or_else(|| panic!("{}", listed.body));
    let trainee = trainees.iter().find(|t| t["family_name"] == family_name);
    trainee.unwrap()["id"].as_str().unwrap().to_owned()
}

fn correction_path(j: &Journey, trainee: &str) -> String {
    format!("{}/trainees/{trainee}/correction", j.path)
}

async fn correct(j: &Journey, trainee: &str, body: Value) -> Response {
    let path = correction_path(j, trainee);
    j.app.call(Method::POST, &path, &j.manager, body).await
}

fn certificates_task(dashboard: &Value) -> Value {
    let tasks = dashboard["tasks"].as_array().unwrap();
    let task = tasks
        .iter()
        .find(|t| t["kind"] == "certificates_to_download");
    task.map(|task| task["count"].clone()).unwrap_or(json!(0))
}

#[actix_web::test]
async fn a_corrected_certificate_replaces_the_old_one_whose_token_is_superseded() {
    let j = validated(1, four_trainees()).await;
    assert_eq!(close(&j).await.status, 200);
    let before = zip_files(&j).await;
    let old = before
        .iter()
        .find(|(name, _)| name.starts_with("Lefèvre-Garçon_"))
        .unwrap_or_else(|| panic!("{:?}", before.iter().map(|f| &f.0).collect::<Vec<_>>()));
    let old_token = qr_token(&old.1);
    let downloaded = j
        .step(&j.manager, "certificates/downloaded", Value::Null)
        .await;
    assert_eq!(downloaded.status, 204);
    let eloise = trainee_id(&j, "Lefèvre-Garçon").await;

    let corrected = j
        .app
        .call(
            Method::POST,
            &correction_path(&j, &eloise),
            &j.manager,
            json!({ "family_name": "Lefèvre-Garçonne", "birth_date": "1990-05-21" }),
        )
        .await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    assert_eq!(corrected.body["family_name"], "Lefèvre-Garçonne");
    assert_eq!(corrected.body["birth_date"], "1990-05-21");

    // The zip: the new card in place of the old one, the others as they were.
    let after = zip_files(&j).await;
    assert_eq!(after.len(), before.len());
    assert!(!after.iter().any(|(name, _)| name == &old.0));
    let new = after
        .iter()
        .find(|(name, _)| name.starts_with("Lefèvre-Garçonne_"))
        .unwrap();
    for (name, content) in before.iter().filter(|(name, _)| name != &old.0) {
        assert!(
            after.contains(&(name.clone(), content.clone())),
            "{name} unchanged"
        );
    }
    let agent = agent(&j.app).await;
    let new_token = qr_token(&new.1);
    let verified = verify(&j.app, &new_token, &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    assert_eq!(verified.body["claims"]["family_name"], "Lefèvre-Garçonne");
    assert_eq!(verified.body["claims"]["birth_date"], "1990-05-21");
    assert_eq!(verified.body["claims"]["valid_until"], "2028-12-08");
    let superseded = verify(&j.app, &old_token, &agent).await;
    assert_eq!(
        (
            superseded.body["valid"].clone(),
            superseded.body["reason"].clone()
        ),
        (json!(false), json!("superseded")),
        "{}",
        superseded.body
    );

    // The history says who and what; the dashboard asks to download the zip again.
    let comment: String = j.app.call_store(|conn| {
        use forprev::db::schema::session_events::dsl as events;
        events::session_events
            .filter(events::action.eq("certificate_corrected"))
            .select(events::comment.assume_not_null())
            .first(conn)
    });
    assert_eq!(
        comment,
        "Nom : Lefèvre-Garçon → Lefèvre-Garçonne ; Date de naissance : 12/05/1990 → 21/05/1990"
    );
    let dashboard = j
        .app
        .get("/api/v1/dashboard?role=manager", &j.manager)
        .await;
    assert_eq!(certificates_task(&dashboard.body), 1, "{}", dashboard.body);

    // Corrected again: the second token supersedes the first correction's.
    let again = j
        .app
        .call(
            Method::POST,
            &correction_path(&j, &eloise),
            &j.manager,
            json!({ "given_name": "Éloïse-Marie" }),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    let first_correction = verify(&j.app, &new_token, &agent).await;
    assert_eq!(first_correction.body["reason"], "superseded");
}

#[actix_web::test]
async fn a_new_trainer_s_certificate_follows_the_correction() {
    let trainees = vec![
        json!({ "family_name": "Bernard", "given_name": "Chloe", "birth_date": "1985-02-03", "email": "chloe@exemple.fr" }),
        json!({ "family_name": "Martin", "given_name": "Paul", "birth_date": "1985-02-03", "email": "paul@exemple.fr" }),
        json!({ "family_name": "Petit", "given_name": "Hugo", "birth_date": "1985-02-03", "email": "hugo@exemple.fr" }),
        json!({ "family_name": "Roux", "given_name": "Inès", "birth_date": "1985-02-03", "email": "ines@exemple.fr" }),
        json!({ "family_name": "Simon", "given_name": "Jade", "birth_date": "1985-02-03", "email": "jade@exemple.fr" }),
    ];
    let j = validated(2, trainees).await;
    j.app.user("CHL00001", "chloe@exemple.fr", &[]);
    assert_eq!(close(&j).await.status, 200);
    let chloe = trainee_id(&j, "Bernard").await;
    let corrected = correct(&j, &chloe, json!({ "given_name": "Chloé" })).await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);

    // "Mes certificats" prints the corrected card, whose token verifies; the first one's is
    // superseded.
    let token = j.app.token("CHL00001").await;
    let mine = j.app.get("/api/v1/me/certificates", &token).await;
    let id = mine.body[0]["id"].as_str().unwrap();
    let pdf = j
        .app
        .get(&format!("/api/v1/me/certificates/{id}/pdf"), &token)
        .await;
    assert_eq!(pdf.status, 200);
    let agent = agent(&j.app).await;
    let verified = verify(&j.app, &qr_token(&pdf.bytes), &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    assert_eq!(verified.body["claims"]["given_name"], "Chloé");
    assert_eq!(verified.body["claims"]["role"], "trainer");
}

#[actix_web::test]
async fn a_correction_is_refused_before_closure_without_a_certificate_or_to_strangers() {
    let j = validated(1, four_trainees()).await;
    let eloise = trainee_id(&j, "Lefèvre-Garçon").await;
    let martin = trainee_id(&j, "Martin").await;
    let name = json!({ "family_name": "Lefèvre" });
    correct(&j, &eloise, name.clone())
        .await
        .assert_problem(409, "session.not_closed");
    assert_eq!(close(&j).await.status, 200);

    correct(&j, &martin, name.clone())
        .await
        .assert_problem(409, "trainee.no_certificate");
    correct(&j, &eloise, json!({}))
        .await
        .assert_problem(422, "trainee.correction_empty");
    correct(&j, &eloise, json!({ "given_name": "Éloïse" }))
        .await
        .assert_problem(422, "trainee.correction_empty");
    // Another trainee of the session has that identity already.
    let twin = json!({ "family_name": "Martin", "given_name": "Léa" });
    let duplicate = correct(&j, &eloise, twin).await;
    assert_eq!(
        duplicate.assert_problem(422, "trainee.duplicate")["errors"][0]["field"],
        "family_name"
    );
    let invalid = correct(&j, &eloise, json!({ "family_name": "王" })).await;
    invalid.assert_problem(422, "request.invalid_fields");
    let unborn = correct(&j, &eloise, json!({ "birth_date": "2030-01-01" })).await;
    unborn.assert_problem(422, "request.invalid_fields");
    let unknown = format!(
        "{}/trainees/00000000-0000-7000-8000-000000000000/correction",
        j.path
    );
    let missing = j
        .app
        .call(Method::POST, &unknown, &j.manager, name.clone())
        .await;
    missing.assert_problem(404, "not_found");

    // The trainer is no runner; another entity's manager does not see the session.
    let trainer = j
        .app
        .call(
            Method::POST,
            &correction_path(&j, &eloise),
            &j.trainer,
            name.clone(),
        )
        .await;
    assert_eq!(trainer.status, 403, "{}", trainer.body);
    let other = j.app.entity(&siret(2), "69003");
    j.app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let stranger = j.app.token("MAN00002").await;
    let refused = j
        .app
        .call(
            Method::POST,
            &correction_path(&j, &eloise),
            &stranger,
            name.clone(),
        )
        .await;
    refused.assert_problem(404, "not_found");

    // Nothing was corrected, and once the session is deleted there is nothing to correct.
    let listed = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    assert!(listed.body.to_string().contains("Lefèvre-Garçon"));
    let id: forprev::ids::SessionId = j.path.rsplit('/').next().unwrap().parse().unwrap();
    let version: i32 = j.app.call_store(|conn| {
        use forprev::db::schema::sessions::dsl as sessions;
        sessions::sessions
            .find(id.to_string())
            .select(sessions::version)
            .first(conn)
    });
    assert!(forprev::store::sessions::delete(&mut j.app.conn(), &id, version).unwrap());
    correct(&j, &eloise, name)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn two_corrections_at_once_leave_one_certificate_that_matches_the_trainee() {
    let j = validated(1, four_trainees()).await;
    assert_eq!(close(&j).await.status, 200);
    let before = zip_files(&j).await;
    let old = before
        .iter()
        .find(|(name, _)| name.starts_with("Lefèvre-Garçon_"));
    let old_token = qr_token(&old.unwrap().1);
    let eloise = trainee_id(&j, "Lefèvre-Garçon").await;
    let (first, second) = tokio::join!(
        correct(&j, &eloise, json!({ "given_name": "Éloïse-Anne" })),
        correct(&j, &eloise, json!({ "given_name": "Éloïse-Marie" })),
    );
    // Each either wins, or finds the other's correction made and answers 409; never a 500.
    for answer in [&first, &second] {
        if answer.status != 200 {
            answer.assert_problem(409, "trainee.corrected_meanwhile");
        }
    }
    assert!(first.status == 200 || second.status == 200);

    // The zip holds one card for her, the one of her record as it stands, and it verifies.
    let listed = j.app.get(&format!("{}/trainees", j.path), &j.manager).await;
    let given_name = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == eloise.as_str())
        .unwrap()["given_name"]
        .clone();
    let files = zip_files(&j).await;
    assert_eq!(files.len(), 3);
    let mine: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.starts_with("Lefèvre-Garçon_"))
        .collect();
    assert_eq!(
        mine.len(),
        1,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let agent = agent(&j.app).await;
    let verified = verify(&j.app, &qr_token(&mine[0].1), &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    assert_eq!(verified.body["claims"]["given_name"], given_name);
    let first_card = verify(&j.app, &old_token, &agent).await;
    assert_ne!(first_card.body["reason"], "valid");
}

use crate::common::{Clock, Response, TestApp, manager_of, siret, trainee};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// A draft SST session of a Lyon entity, for 2026-12-07/08 (today is 2026-11-22): (app, manager
/// token, session path).
pub async fn draft_session(level: i32) -> (TestApp, String, String) {
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
    let kind = if level == 1 {
        "trainer"
    } else {
        "trainer_of_trainers"
    };
    app.certify("TRN00001", kind, "2028-12-31");
    let token = app.token("MAN00001").await;
    let body = json!({
        "habilitation_id": habilitation, "kind": "initial", "start_date": "2026-12-07",
        "end_date": "2026-12-08", "hours": if level == 1 { 14 } else { 56 }, "place": "Lyon",
        "trainer_forprev_number": "TRN00001",
    });
    let created = app
        .call(Method::POST, "/api/v1/sessions", &token, body)
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let path = format!("/api/v1/sessions/{}", created.body["id"].as_str().unwrap());
    (app, token, path)
}

async fn add(app: &TestApp, token: &str, path: &str, trainees: Value) -> Response {
    app.call(
        Method::POST,
        &format!("{path}/trainees"),
        token,
        json!({ "trainees": trainees }),
    )
    .await
}

#[actix_web::test]
async fn trainees_are_added_together_changed_and_removed() {
    let (app, token, path) = draft_session(1).await;
    let added = add(
        &app,
        &token,
        &path,
        json!([
            trainee("Lefèvre-Garçon", "Éloïse", "1990-05-12"),
            trainee("Łukasz", "Éloïse", "2001-01-31")
        ]),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.headers.get("etag").unwrap(), "\"2\"");
    assert_eq!(added.body.as_array().unwrap().len(), 2);
    let id = added.body[0]["id"].as_str().unwrap();

    let trainee_path = format!("{path}/trainees/{id}");
    let changed = app
        .send(
            TestRequest::patch()
                .uri(&trainee_path)
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("If-Match", "\"2\""))
                .set_json(json!({ "email": "Eloise@Exemple.fr" })),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["email"], "eloise@exemple.fr");
    assert_eq!(changed.headers.get("etag").unwrap(), "\"3\"");
    assert_eq!(
        app.get(&path, &token).await.headers.get("etag").unwrap(),
        "\"3\""
    );

    assert_eq!(
        app.call(Method::DELETE, &trainee_path, &token, Value::Null)
            .await
            .status,
        204
    );
    let listed = app.get(&format!("{path}/trainees"), &token).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn one_bad_trainee_stops_the_whole_batch_and_is_named() {
    let (app, token, path) = draft_session(1).await;
    let batch = json!([
        trainee("Martin", "Éloïse", "1990-05-12"),
        trainee("Jeune", "Éloïse", "2012-12-08"),
        { "family_name": " ", "given_name": "X", "birth_date": "2027-01-01" },
    ]);
    let response = add(&app, &token, &path, batch).await;
    let problem = response.assert_problem(422, "request.invalid_fields");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "trainees[1].birth_date",
            "trainees[2].family_name",
            "trainees[2].birth_date"
        ]
    );
    assert_eq!(
        app.get(&format!("{path}/trainees"), &token).await.body,
        json!({ "items": [] })
    );

    // Exactly 14 on the first day is old enough.
    assert_eq!(
        add(
            &app,
            &token,
            &path,
            json!([trainee("Jeune", "Éloïse", "2012-12-07")])
        )
        .await
        .status,
        201
    );
    let twice = add(
        &app,
        &token,
        &path,
        json!([trainee(" jeune ", "Éloïse", "2012-12-07")]),
    )
    .await;
    twice.assert_problem(422, "trainee.duplicate");
    add(&app, &token, &path, json!([]))
        .await
        .assert_problem(422, "trainee.batch_size");
}

#[actix_web::test]
async fn a_trainers_session_needs_every_trainee_s_email() {
    let (app, token, path) = draft_session(2).await;
    let response = add(
        &app,
        &token,
        &path,
        json!([trainee("Martin", "Éloïse", "1990-05-12")]),
    )
    .await;
    let problem = response.assert_problem(422, "request.invalid_fields");
    assert_eq!(problem["errors"][0]["field"], "trainees[0].email");
    let mut with_email = trainee("Martin", "Éloïse", "1990-05-12");
    with_email["email"] = json!("martin@of.fr");
    assert_eq!(
        add(&app, &token, &path, json!([with_email])).await.status,
        201
    );
}

#[actix_web::test]
async fn trainees_are_out_of_reach_of_other_tenants_and_of_stale_writers() {
    let (app, token, path) = draft_session(1).await;
    let other = app.entity(&siret(2), "75011");
    app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let stranger = app.token("MAN00002").await;
    add(
        &app,
        &stranger,
        &path,
        json!([trainee("Martin", "Éloïse", "1990-05-12")]),
    )
    .await
    .assert_problem(404, "not_found");
    app.get(&format!("{path}/trainees"), &stranger)
        .await
        .assert_problem(404, "not_found");

    let stale = app
        .send(
            TestRequest::post()
                .uri(&format!("{path}/trainees"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("If-Match", "\"7\""))
                .set_json(json!({ "trainees": [trainee("Martin", "Éloïse", "1990-05-12")] })),
        )
        .await;
    stale.assert_problem(412, "session.stale");
}

#[actix_web::test]
async fn a_prior_certificate_scan_is_read_only_from_the_session_s_runners() {
    let (app, token, path) = draft_session(1).await;
    let added = add(
        &app,
        &token,
        &path,
        json!([trainee("Martin", "Éloïse", "1990-05-12")]),
    )
    .await;
    let scan_path = format!(
        "{path}/trainees/{}/prior-certificate",
        added.body[0]["id"].as_str().unwrap()
    );
    let boundary = "scan-boundary";
    let request = |token: &str| {
        TestRequest::post()
            .uri(&scan_path)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header((
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            ))
    };
    let scan = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"carte.pdf\"\r\n\r\n%PDF-1.4 scan\r\n--{boundary}--\r\n"
    )
    .into_bytes();
    // The trainer does not see a draft: nothing of the body is read.
    let trainer = app.token("TRN00001").await;
    let (answer, read) = app
        .send_streamed(request(&trainer), std::iter::once(scan.clone()))
        .await;
    answer.assert_problem(404, "not_found");
    assert_eq!(read, 0);
    let (answer, _) = app
        .send_streamed(request(&token), std::iter::once(scan))
        .await;
    assert_eq!(answer.status, 204, "{}", answer.body);
    assert_eq!(answer.headers.get("etag").unwrap(), "\"3\"");
}

#[actix_web::test]
async fn a_session_holds_at_most_its_scheme_s_maximum_and_its_list_is_paged() {
    let (app, token, path) = draft_session(1).await;
    let batch = |from: usize, count: usize| {
        let names = [
            "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
            "Juliett", "Kilo", "Lima",
        ];
        json!(
            names[from..from + count]
                .iter()
                .map(|name| trainee(name, "Éloïse", "1990-05-12"))
                .collect::<Vec<_>>()
        )
    };
    // SST level 1: at most 10.
    add(&app, &token, &path, batch(0, 11))
        .await
        .assert_problem(422, "session.too_many_trainees");
    assert_eq!(add(&app, &token, &path, batch(0, 8)).await.status, 201);
    add(&app, &token, &path, batch(8, 3))
        .await
        .assert_problem(422, "session.too_many_trainees");
    assert_eq!(add(&app, &token, &path, batch(8, 2)).await.status, 201);

    let first = app
        .get(&format!("{path}/trainees?limit=4&cursor="), &token)
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["family_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first.body), ["Alpha", "Bravo", "Charlie", "Delta"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("{path}/trainees?limit=10&cursor={cursor}"), &token)
        .await;
    assert_eq!(names(&second.body).len(), 6);
    assert!(second.body.get("next_cursor").is_none());
}

#[actix_web::test]
async fn names_and_places_with_bidirectional_controls_are_refused() {
    let (app, token, path) = draft_session(1).await;
    let added = add(
        &app,
        &token,
        &path,
        json!([trainee("Martin\u{202E}nitraM", "Éloïse", "1990-05-12")]),
    )
    .await;
    let problem = added.assert_problem(422, "request.invalid_fields");
    assert_eq!(problem["errors"][0]["field"], "trainees[0].family_name");
    app.call(
        Method::PATCH,
        &path,
        &token,
        json!({ "place": "Lyon\u{2066}salle" }),
    )
    .await
    .assert_problem(422, "session.invalid_place");
}

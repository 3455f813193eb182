use crate::common::{TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use serde_json::{Value, json};

fn members_path(entity: &impl std::fmt::Display) -> String {
    format!("/api/v1/entities/{entity}/members")
}

fn roles(body: &Value) -> Vec<(String, String)> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["forprev_number"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn a_manager_adds_and_removes_members_within_the_limits() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("MAN00002", "two@of.fr", &[]);
    app.user("MAN00003", "three@of.fr", &[]);
    app.user("SIG00001", "sign@of.fr", &[]);
    let token = app.token("MAN00001").await;
    let path = members_path(&entity);
    let add = |role: &str, number: &str| json!({ "role": role, "forprev_number": number });

    let added = app
        .call(Method::POST, &path, &token, add("manager", "MAN00002"))
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.body["forprev_number"], "MAN00002");
    assert_eq!(
        app.call(Method::POST, &path, &token, add("signatory", "SIG00001"))
            .await
            .status,
        201
    );
    // Ten staff: two managers at most.
    app.call(Method::POST, &path, &token, add("manager", "MAN00003"))
        .await
        .assert_problem(422, "member.too_many_managers");
    app.call(Method::POST, &path, &token, add("signatory", "SIG00001"))
        .await
        .assert_problem(409, "member.already_member");
    app.call(Method::POST, &path, &token, add("manager", "ZZZ99999"))
        .await
        .assert_problem(422, "member.unknown_person");

    let listed = app.get(&path, &token).await;
    assert_eq!(
        roles(&listed.body),
        [
            ("MAN00001".into(), "manager".into()),
            ("MAN00002".into(), "manager".into()),
            ("SIG00001".into(), "signatory".into())
        ] as [(String, String); 3]
    );

    // From 50 staff, a third manager.
    let entity_path = format!("/api/v1/entities/{entity}");
    app.call(
        Method::PATCH,
        &entity_path,
        &token,
        json!({ "headcount": 50 }),
    )
    .await;
    assert_eq!(
        app.call(Method::POST, &path, &token, add("manager", "MAN00003"))
            .await
            .status,
        201
    );

    let remove = |number: &str| format!("{path}?role=manager&forprev_number={number}");
    assert_eq!(
        app.call(Method::DELETE, &remove("MAN00002"), &token, Value::Null)
            .await
            .status,
        204
    );
    assert_eq!(
        app.call(Method::DELETE, &remove("MAN00003"), &token, Value::Null)
            .await
            .status,
        204
    );
    app.call(Method::DELETE, &remove("MAN00001"), &token, Value::Null)
        .await
        .assert_problem(422, "member.last_manager");
    app.call(Method::DELETE, &remove("SIG00001"), &token, Value::Null)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn members_of_another_tenant_are_out_of_reach() {
    let app = TestApp::new().await;
    let mine = app.entity(&siret(2), "69002");
    let theirs = app.entity(&siret(3), "75011");
    app.user("MAN00001", "one@of.fr", &[manager_of(&mine)]);
    app.user("MAN00002", "two@of.fr", &[manager_of(&theirs)]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    let manager = app.token("MAN00001").await;
    let agent = app.token("AGT00001").await;
    let body = json!({ "role": "manager", "forprev_number": "MAN00001" });

    app.call(Method::POST, &members_path(&theirs), &manager, body.clone())
        .await
        .assert_problem(404, "not_found");
    app.get(&members_path(&theirs), &manager)
        .await
        .assert_problem(404, "not_found");
    app.get(&members_path(&theirs), &agent)
        .await
        .assert_problem(404, "not_found");
    // The caisse's agent reads the members of its entities but does not change them.
    assert_eq!(app.get(&members_path(&mine), &agent).await.status, 200);
    app.call(Method::POST, &members_path(&mine), &agent, body)
        .await
        .assert_problem(403, "entity.read_only");
}

#[actix_web::test]
async fn a_member_named_by_e_mail_joins_by_invitation_or_as_the_account_it_has() {
    use diesel::{QueryDsl, RunQueryDsl};
    use forprev::db::schema::outbox;
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("SIG00001", "known@of.fr", &[]);
    let token = app.token("MAN00001").await;
    let path = members_path(&entity);

    let new = json!({ "role": "signatory", "email": "Claire.Martin@of.fr", "family_name": "Martin", "given_name": "Claire" });
    let added = app.call(Method::POST, &path, &token, new).await;
    assert_eq!(added.status, 201, "{}", added.body);
    let queued: Vec<(String, String)> = app.call_store(|conn| {
        outbox::table
            .select((outbox::recipient, outbox::body))
            .load(conn)
    });
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, "claire.martin@of.fr");
    let invitation = queued[0].1.split("token=").nth(1).unwrap();
    let invitation = invitation.split_whitespace().next().unwrap();
    let accepted = app
        .post(
            "/api/v1/auth/invitations/accept",
            json!({ "token": invitation, "password": "Un mot de passe solide 2026" }),
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);

    // Someone with an account is added as is: no new account, no invitation.
    let known =
        json!({ "role": "manager", "email": "known@of.fr", "family_name": "X", "given_name": "Y" });
    let added = app.call(Method::POST, &path, &token, known).await;
    assert_eq!(added.body["forprev_number"], "SIG00001", "{}", added.body);
    let count: i64 = app.call_store(|conn| outbox::table.count().get_result(conn));
    assert_eq!(count, 1);

    for (body, code) in [
        (json!({ "role": "manager" }), "member.person_required"),
        (
            json!({ "role": "manager", "forprev_number": "SIG00001", "email": "a@b.fr" }),
            "member.person_required",
        ),
        (
            json!({ "role": "manager", "email": "a@b.fr", "family_name": "X" }),
            "member.person_required",
        ),
        (
            json!({ "role": "manager", "email": "pas une adresse", "family_name": "X", "given_name": "Y" }),
            "request.invalid_fields",
        ),
    ] {
        app.call(Method::POST, &path, &token, body)
            .await
            .assert_problem(422, code);
    }
}

//! What a caller may do is read from the database at every request, never from its token: a
//! grant removed counts at the next request, whatever the still-valid token says.

use crate::common::{Response, TestApp, agent_of};
use crate::session_workflow::journey_of;
use actix_web::http::Method;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use forprev::domain::grant::{Grant, Role};
use serde_json::{Value, json};

fn removed(response: &Response) -> bool {
    matches!(response.status.as_u16(), 403 | 404)
}

#[actix_web::test]
async fn each_role_s_operations_are_refused_once_its_grant_is_removed() {
    let j = journey_of(
        1,
        "initial",
        vec![json!({ "family_name": "Martin", "given_name": "Zoé", "birth_date": "1990-01-01" })],
    )
    .await;
    let app = &j.app;
    let session = app.get(&j.path, &j.manager).await.body;
    let entity = session["entity_id"].as_str().unwrap().to_owned();
    let habilitation = session["habilitation_id"].as_str().unwrap().to_owned();
    let delegate = Grant {
        role: Role::Delegate,
        habilitation_id: Some(habilitation.parse().unwrap()),
        ..Grant::admin()
    };
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("DEL00001", "delegue@of.fr", &[delegate]);
    let admin = app.token("ADM00001").await;
    let agent = app.token("AGT00001").await;
    let delegate = app.token("DEL00001").await;
    let entity_path = format!("/api/v1/entities/{entity}");
    let habilitation_path = format!("/api/v1/habilitations/{habilitation}");
    // With their grants, each sees what its role sees.
    for token in [&admin, &agent, &j.manager] {
        assert_eq!(app.get(&entity_path, token).await.status, 200);
    }
    assert_eq!(app.get(&j.path, &delegate).await.status, 200);

    app.call_store(|conn| diesel::delete(forprev::db::schema::grants::table).execute(conn));

    let new_session = json!({
        "habilitation_id": habilitation, "kind": "initial", "start_date": "2026-12-14",
        "end_date": "2026-12-15", "hours": 14, "place": "Lyon", "trainer_forprev_number": "TRN00001",
    });
    let trainee = json!({ "trainees": [{ "family_name": "Roux", "given_name": "Léa", "birth_date": "1991-01-01" }] });
    let operations: Vec<(&str, &String, Method, String, Value)> = vec![
        (
            "admin",
            &admin,
            Method::POST,
            "/api/v1/users".into(),
            json!({ "email": "new@inrs.fr", "family_name": "Neuf", "given_name": "Admin", "grants": [{ "role": "admin" }] }),
        ),
        (
            "admin",
            &admin,
            Method::POST,
            "/api/v1/certificates/revocations".into(),
            json!({ "token_id": "abc", "reason": "test" }),
        ),
        (
            "admin",
            &admin,
            Method::POST,
            format!("{habilitation_path}/withdraw"),
            json!({ "reason": "test" }),
        ),
        (
            "admin",
            &admin,
            Method::POST,
            "/api/v1/trainers/TRN00001/certificates".into(),
            json!({ "scheme_code": "SST", "kind": "trainer", "valid_from": "2026-01-01", "valid_until": "2028-01-01" }),
        ),
        (
            "admin",
            &admin,
            Method::GET,
            entity_path.clone(),
            Value::Null,
        ),
        ("admin", &admin, Method::GET, j.path.clone(), Value::Null),
        (
            "network_agent",
            &agent,
            Method::GET,
            entity_path.clone(),
            Value::Null,
        ),
        (
            "network_agent",
            &agent,
            Method::GET,
            j.path.clone(),
            Value::Null,
        ),
        (
            "network_agent",
            &agent,
            Method::POST,
            "/api/v1/certificates/verify".into(),
            json!({ "token": "x" }),
        ),
        (
            "network_agent",
            &agent,
            Method::GET,
            "/api/v1/trainers?forprev_number=TRN00001".into(),
            Value::Null,
        ),
        (
            "manager",
            &j.manager,
            Method::GET,
            entity_path.clone(),
            Value::Null,
        ),
        (
            "manager",
            &j.manager,
            Method::PATCH,
            entity_path.clone(),
            json!({ "legal_name": "Autre" }),
        ),
        (
            "manager",
            &j.manager,
            Method::POST,
            format!("{entity_path}/api-clients"),
            json!({ "name": "Logiciel" }),
        ),
        (
            "manager",
            &j.manager,
            Method::POST,
            "/api/v1/sessions".into(),
            new_session.clone(),
        ),
        (
            "manager",
            &j.manager,
            Method::PATCH,
            j.path.clone(),
            json!({ "place": "Ailleurs" }),
        ),
        (
            "manager",
            &j.manager,
            Method::POST,
            format!("{}/trainees", j.path),
            trainee.clone(),
        ),
        (
            "manager",
            &j.manager,
            Method::POST,
            format!("{}/submit", j.path),
            Value::Null,
        ),
        (
            "delegate",
            &delegate,
            Method::GET,
            j.path.clone(),
            Value::Null,
        ),
        (
            "delegate",
            &delegate,
            Method::GET,
            habilitation_path.clone(),
            Value::Null,
        ),
        (
            "delegate",
            &delegate,
            Method::POST,
            "/api/v1/sessions".into(),
            new_session,
        ),
        (
            "delegate",
            &delegate,
            Method::POST,
            format!("{}/trainees", j.path),
            trainee,
        ),
    ];
    for (role, token, method, path, body) in operations {
        let answer = app.call(method.clone(), &path, token, body).await;
        assert!(
            removed(&answer),
            "{role}: {method} {path} answered {}: {}",
            answer.status,
            answer.body
        );
    }
    // Nothing was made on the way.
    let users: i64 = app.call_store(|conn| {
        forprev::db::schema::users::table
            .filter(forprev::db::schema::users::email.eq("new@inrs.fr"))
            .count()
            .get_result(conn)
    });
    assert_eq!(users, 0);
}

#[actix_web::test]
async fn a_disabled_account_s_token_stops_working_at_once() {
    let app = TestApp::new().await;
    let user = app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let token = app.token("ADM00001").await;
    assert_eq!(app.get("/api/v1/entities", &token).await.status, 200);
    app.call_store(|conn| {
        diesel::update(forprev::db::schema::users::table.find(user))
            .set(forprev::db::schema::users::active.eq(false))
            .execute(conn)
    });
    app.get("/api/v1/entities", &token)
        .await
        .assert_problem(401, "auth.account_disabled");
}

#[actix_web::test]
async fn a_manager_s_removed_grant_hides_its_sessions_at_the_next_read() {
    let j = journey_of(
        1,
        "initial",
        vec![json!({ "family_name": "Martin", "given_name": "Zoé", "birth_date": "1990-01-01" })],
    )
    .await;
    let app = &j.app;
    assert_eq!(app.get(&j.path, &j.manager).await.status, 200);
    let list = app.get("/api/v1/sessions?limit=20", &j.manager).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

    // Only the manager's grant goes; its token is still valid for an hour.
    app.call_store(|conn| {
        use forprev::db::schema::grants;
        diesel::delete(grants::table.filter(grants::role.eq("manager"))).execute(conn)
    });

    app.get(&j.path, &j.manager)
        .await
        .assert_problem(404, "not_found");
    let list = app.get("/api/v1/sessions?limit=20", &j.manager).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["items"], json!([]));
}

//! `forprev create-admin`'s core: the first national admin, who can then log in.

use crate::common::{Clock, TestApp};
use forprev::cli::create_admin::{Args, create};

fn args(forprev_number: &str, email: &str) -> Args {
    Args {
        forprev_number: forprev_number.parse().unwrap(),
        email: email.into(),
        family_name: "Martin".into(),
        given_name: "Claire".into(),
    }
}

#[actix_web::test]
async fn the_created_admin_logs_in_with_the_admin_grant() {
    let app = TestApp::new().await;
    let password = "une phrase de passe solide";
    create(
        &mut app.conn(),
        &args("INR00001", " Claire.Martin@INRS.fr "),
        password,
        app.clock.now(),
    )
    .unwrap();

    let response = app.login("claire.martin@inrs.fr", password).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let me = app
        .get(
            "/api/v1/me",
            response.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(me.body["grants"], serde_json::json!([{ "role": "admin" }]));
    assert_eq!(me.body["email"], "claire.martin@inrs.fr");
}

#[actix_web::test]
async fn a_taken_number_or_email_a_weak_password_or_a_bad_email_is_refused() {
    let app = TestApp::new().await;
    let now = app.clock.now();
    let password = "une phrase de passe solide";
    create(
        &mut app.conn(),
        &args("INR00001", "a@inrs.fr"),
        password,
        now,
    )
    .unwrap();

    let taken_number = create(
        &mut app.conn(),
        &args("INR00001", "b@inrs.fr"),
        password,
        now,
    );
    assert_eq!(
        taken_number.unwrap_err().code.as_str(),
        "user.already_exists"
    );
    let taken_email = create(
        &mut app.conn(),
        &args("INR00002", "A@inrs.fr"),
        password,
        now,
    );
    assert_eq!(
        taken_email.unwrap_err().code.as_str(),
        "user.already_exists"
    );
    let weak = create(
        &mut app.conn(),
        &args("INR00003", "c@inrs.fr"),
        "court",
        now,
    );
    assert_eq!(weak.unwrap_err().code.as_str(), "user.weak_password");
    let bad_email = create(
        &mut app.conn(),
        &args("INR00004", "pas-une-adresse"),
        password,
        now,
    );
    assert_eq!(bad_email.unwrap_err().code.as_str(), "user.invalid_email");
}

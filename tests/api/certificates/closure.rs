//! Closing a session: one PDF per passed trainee in one zip, who may close and when, races, and
//! a trainers' session that makes trainers.

use super::*;

#[actix_web::test]
async fn closing_issues_one_pdf_per_passed_trainee_that_the_network_verifies() {
    let j = validated(1, four_trainees()).await;
    let closed = close(&j).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["status"], "closed");
    assert_eq!(closed.body["certificate_count"], 3);
    assert!(closed.body["closed_at"].is_string());

    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    assert_eq!(zip.status, 200);
    assert_eq!(zip.headers.get("content-type").unwrap(), "application/zip");
    let disposition = zip
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("attachment; filename=\"certificats-SST-2026-12-08-"));
    let files = unzip(&zip.bytes);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Dupont_Noé.pdf",
            "Lefèvre-Garçon_Éloïse.pdf",
            "Wałęsa_Łukasz.pdf"
        ]
    );

    let (_, eloise) = &files[1];
    let text = pdf_text(eloise);
    for expected in [
        "CERTIFICAT SST",
        "Éloïse LEFÈVRE-GARÇON",
        "Né(e) le 12/05/1990",
        "Acteur — formation initiale",
        "Session du 07/12/2026 au 08/12/2026",
        "Formateur : ",
        "Valable jusqu'au 08/12/2028",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    assert!(!text.contains("N°"), "no certificate number");

    let agent = agent(&j.app).await;
    let token = qr_token(eloise);
    let verified = verify(&j.app, &token, &agent).await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    assert_eq!(verified.body["valid"], true);
    assert_eq!(verified.body["reason"], "valid");
    let claims = &verified.body["claims"];
    assert_eq!(claims["family_name"], "Lefèvre-Garçon");
    assert_eq!(claims["given_name"], "Éloïse");
    assert_eq!(claims["birth_date"], "1990-05-12");
    assert_eq!(claims["scheme_code"], "SST");
    assert_eq!(claims["role"], "actor");
    assert_eq!(claims["kind"], "initial");
    assert_eq!(claims["valid_until"], "2028-12-08");
    // The training body is printed on the card; its QR code does not carry it.
    assert!(claims.get("entity_name").is_none(), "{claims}");
    assert!(token.starts_with("FP1:"), "{token}");

    // The name no built-in font writes is in its PDF too, and its QR code verifies.
    let lukasz = verify(&j.app, &qr_token(&files[2].1), &agent).await;
    assert_eq!(lukasz.body["claims"]["given_name"], "Łukasz");

    // One changed character, anywhere, and the token is refused.
    let middle = token.len() / 2;
    for position in [middle, token.len() - 10] {
        let mut forged: Vec<char> = token.chars().collect();
        forged[position] = if forged[position] == 'A' { 'B' } else { 'A' };
        let forged: String = forged.into_iter().collect();
        let refused = verify(&j.app, &forged, &agent).await;
        assert_eq!(refused.body["valid"], false, "{}", refused.body);
        assert!(refused.body.get("claims").is_none());
    }
    let garbage = verify(&j.app, "not-a-token", &agent).await;
    assert_eq!(garbage.body["reason"], "malformed");
}

#[actix_web::test]
async fn the_dashboard_task_goes_once_the_certificates_are_downloaded() {
    let j = validated(1, four_trainees()).await;
    close(&j).await;
    let task = |dashboard: &Value| {
        dashboard["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == "certificates_to_download")
            .unwrap()["count"]
            .clone()
    };
    let before = j
        .app
        .get("/api/v1/dashboard?role=manager", &j.manager)
        .await;
    assert_eq!(task(&before.body), 1, "{}", before.body);
    let marked = j
        .step(&j.manager, "certificates/downloaded", Value::Null)
        .await;
    assert_eq!(marked.status, 204, "{}", marked.body);
    let after = j
        .app
        .get("/api/v1/dashboard?role=manager", &j.manager)
        .await;
    assert_eq!(task(&after.body), 0);
    let session = j.app.get(&j.path, &j.manager).await;
    assert!(session.body["certificates_downloaded_at"].is_string());
    // Still downloadable until the session is deleted.
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    assert_eq!(zip.status, 200);
}

#[actix_web::test]
async fn only_runners_close_and_only_validated_sessions_before_the_deadline() {
    let j = journey_of(1, "initial", four_trainees()).await;
    close(&j)
        .await
        .assert_problem(409, "session.illegal_transition");
    j.app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await
        .assert_problem(409, "session.not_closed");

    let j = validated(1, four_trainees()).await;
    j.step(&j.trainer, "close", Value::Null)
        .await
        .assert_problem(403, "session.not_a_runner");
    let other = j.app.entity(&siret(2), "75001");
    j.app.user("MAN00009", "other@of.fr", &[manager_of(&other)]);
    let stranger = j.app.token("MAN00009").await;
    j.step(&stranger, "close", Value::Null)
        .await
        .assert_problem(404, "not_found");
    j.app
        .get(&format!("{}/certificates.zip", j.path), &stranger)
        .await
        .assert_problem(404, "not_found");

    // Three months after the last day (8 December 2026), it is too late.
    j.app.clock.advance(chrono::Duration::days(107)); // 9 March 2027
    let manager = j.app.token("MAN00001").await;
    j.step(&manager, "close", Value::Null)
        .await
        .assert_problem(422, "session.closure_deadline");
}

#[actix_web::test]
async fn two_closes_at_once_issue_one_set_of_certificates() {
    let j = validated(1, four_trainees()).await;
    let (first, second) = tokio::join!(close(&j), close(&j));
    let mut statuses = [first.status.as_u16(), second.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", first.body, second.body);
    let loser = if first.status == 409 { &first } else { &second };
    loser.assert_problem(409, "session.illegal_transition");
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    assert_eq!(unzip(&zip.bytes).len(), 3);
}

#[actix_web::test]
async fn a_trainers_session_makes_its_passed_trainees_trainers_or_nothing() {
    let trainees = vec![
        json!({ "family_name": "Bernard", "given_name": "Chloé", "birth_date": "1985-02-03", "email": "chloe@exemple.fr" }),
        json!({ "family_name": "Martin", "given_name": "Paul", "birth_date": "1985-02-03", "email": "paul@exemple.fr" }),
        json!({ "family_name": "Petit", "given_name": "Hugo", "birth_date": "1985-02-03", "email": "hugo@exemple.fr" }),
        json!({ "family_name": "Roux", "given_name": "Inès", "birth_date": "1985-02-03", "email": "ines@exemple.fr" }),
        json!({ "family_name": "Simon", "given_name": "Jade", "birth_date": "1985-02-03", "email": "jade-new@exemple.fr", "forprev_number": "JAD00001" }),
    ];
    let j = validated(2, trainees).await;
    // Chloé has an account (found by e-mail), Jade too (found by Forprev number).
    j.app.user("CHL00001", "chloe@exemple.fr", &[]);
    j.app.user("JAD00001", "jade@exemple.fr", &[]);
    let people = |app: &TestApp| -> i64 {
        use diesel::{QueryDsl, RunQueryDsl};
        forprev::db::schema::users::table
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    let before = people(&j.app);

    // A failure half-way (here the database refuses trainer certificates) leaves nothing.
    j.app.refuse_inserts_into("trainer_certificates");
    let failed = close(&j).await;
    assert_eq!(failed.status, 500, "{}", failed.body);
    j.app.accept_inserts_into("trainer_certificates");
    let session = j.app.get(&j.path, &j.manager).await;
    assert_eq!(session.body["status"], "validated");
    assert!(session.body.get("certificate_count").is_none());
    assert_eq!(people(&j.app), before);

    let closed = close(&j).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["certificate_count"], 4);
    // Paul failed; Hugo and Inès are new people, invited; Chloé and Jade keep their accounts.
    assert_eq!(people(&j.app), before + 2);
    let hugo = forprev::store::users::find_by_login(&mut j.app.conn(), "hugo@exemple.fr")
        .unwrap()
        .unwrap();
    assert!(hugo.password_hash.is_none());
    assert!(
        forprev::store::users::find_by_login(&mut j.app.conn(), "paul@exemple.fr")
            .unwrap()
            .is_none()
    );

    // The certificate survives the session: "Mes certificats". It is valid from the last day.
    j.app.clock.advance(chrono::Duration::days(17));
    for number in ["CHL00001", "JAD00001"] {
        let token = j.app.token(number).await;
        let mine = j.app.get("/api/v1/me/certificates", &token).await;
        assert_eq!(mine.status, 200);
        let certificates = mine.body.as_array().unwrap();
        assert_eq!(certificates.len(), 1, "{}", mine.body);
        assert_eq!(certificates[0]["kind"], "trainer");
        assert_eq!(certificates[0]["origin"], "session");
        assert_eq!(certificates[0]["valid_until"], "2029-12-08");
        let me = j.app.get("/api/v1/me", &token).await;
        assert!(
            me.body["grants"].to_string().contains("trainer"),
            "{}",
            me.body
        );

        let pdf = j
            .app
            .get(
                &format!(
                    "/api/v1/me/certificates/{}/pdf",
                    certificates[0]["id"].as_str().unwrap()
                ),
                &token,
            )
            .await;
        assert_eq!(pdf.status, 200);
        assert_eq!(pdf.headers.get("content-type").unwrap(), "application/pdf");
        assert!(pdf_text(&pdf.bytes).contains("Formateur — formation initiale"));
        let agent = agent_once(&j.app).await;
        let verified = verify(&j.app, &qr_token(&pdf.bytes), &agent).await;
        assert_eq!(
            verified.body["claims"]["role"], "trainer",
            "{}",
            verified.body
        );
    }
    // Someone else's certificate is not found.
    let chloe = j.app.token("CHL00001").await;
    let jade = j.app.token("JAD00001").await;
    let jades = j.app.get("/api/v1/me/certificates", &jade).await;
    let path = format!(
        "/api/v1/me/certificates/{}/pdf",
        jades.body[0]["id"].as_str().unwrap()
    );
    j.app
        .get(&path, &chloe)
        .await
        .assert_problem(404, "not_found");
}

//! Closure and certificates: the zip of PDFs, what each PDF says, its QR code's token and its
//! verification by the network, revocation, keys, and closing under races and failures.

use crate::common::{Response, TestApp, agent_of, manager_of, siret};
use crate::session_workflow::{Journey, journey_of};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use forprev::domain::grant::Grant;
use serde_json::{Value, json};
use std::io::Read;

/// A validated SST session of `level` whose trainees all passed but Martin.
async fn validated(level: i32, trainees: Vec<Value>) -> Journey {
    let kind = "initial";
    let j = journey_of(level, kind, trainees).await;
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);
    let marked = j.mark_each(|_, t| t["family_name"] != "Martin").await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    let sent = j.step(&j.trainer, "results/send", Value::Null).await;
    assert_eq!(sent.body["status"], "validated", "{}", sent.body);
    j
}

fn trainee(family_name: &str, given_name: &str) -> Value {
    json!({ "family_name": family_name, "given_name": given_name, "birth_date": "1990-05-12" })
}

fn four_trainees() -> Vec<Value> {
    vec![
        trainee("Lefèvre-Garçon", "Éloïse"),
        trainee("Martin", "Léa"),
        trainee("Wałęsa", "Łukasz"),
        trainee("Dupont", "Noé"),
    ]
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

/// The text a PDF shows with the built-in fonts: Windows-1252 codes, written two bytes each.
fn pdf_text(pdf: &[u8]) -> String {
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let page = document.get_pages()[&1];
    let content =
        lopdf::content::Content::decode(&document.get_page_content(page).unwrap()).unwrap();
    let mut text = String::new();
    for operation in content.operations {
        let strings: Vec<&lopdf::Object> = match operation.operator.as_str() {
            "Tj" => operation.operands.iter().collect(),
            "TJ" => operation.operands[0].as_array().unwrap().iter().collect(),
            _ => continue,
        };
        for string in strings {
            if let lopdf::Object::String(bytes, _) = string {
                let codes = bytes
                    .chunks(2)
                    .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
                text.extend(codes.map(|code| windows_1252(u8::try_from(code).unwrap())));
            }
        }
        text.push('\n');
    }
    text
}

fn windows_1252(byte: u8) -> char {
    match byte {
        0x80 => '€',
        0x85 => '…',
        0x8C => 'Œ',
        0x92 => '’',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x9C => 'œ',
        other => char::from(other),
    }
}

/// The text of the token in the PDF's QR code, read from the image as a scanner would.
fn qr_token(pdf: &[u8]) -> String {
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let image = document
        .objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .find(|stream| stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image"))
        .expect("an image in the PDF");
    let size = |key: &[u8]| image.dict.get(key).unwrap().as_i64().unwrap();
    let size = |key: &[u8]| usize::try_from(size(key)).unwrap();
    let (width, height) = (size(b"Width"), size(b"Height"));
    let pixels = if image.dict.get(b"Filter").is_ok() {
        image.decompressed_content().unwrap()
    } else {
        image.content.clone()
    };
    assert_eq!(pixels.len(), width * height, "one grey byte per pixel");
    // One pixel per module: enlarged, as a camera would see it.
    let scale = 4;
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width * scale, height * scale, |x, y| {
            pixels[(y / scale) * width + x / scale]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().unwrap().1
}

async fn verify(app: &TestApp, token: &str, as_token: &str) -> Response {
    app.call(
        Method::POST,
        "/api/v1/certificates/verify",
        as_token,
        json!({ "token": token }),
    )
    .await
}

async fn agent(app: &TestApp) -> String {
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.token("AGT00001").await
}

async fn admin(app: &TestApp) -> String {
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    app.token("ADM00001").await
}

async fn close(j: &Journey) -> Response {
    j.step(&j.manager, "close", Value::Null).await
}

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
    assert_eq!(claims["entity_name"], "Organisme 00001000000016");

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
async fn verification_is_for_the_network_and_says_expired_or_revoked() {
    let j = validated(1, four_trainees()).await;
    close(&j).await;
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    let token = qr_token(&unzip(&zip.bytes)[0].1);

    let anonymous = j
        .app
        .send(
            TestRequest::post()
                .uri("/api/v1/certificates/verify")
                .set_json(json!({ "token": token })),
        )
        .await;
    assert_eq!(anonymous.status, 401);
    assert!(!anonymous.body.to_string().contains("Dupont"));
    let refused = verify(&j.app, &token, &j.manager).await;
    refused.assert_problem(403, "certificate.verify_forbidden");
    assert!(!refused.body.to_string().contains("Dupont"));

    let agent = agent(&j.app).await;
    let admin = admin(&j.app).await;
    let verified = verify(&j.app, &token, &agent).await;
    let token_id = verified.body["claims"]["token_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Only an admin revokes.
    let revocation = json!({ "token_id": token_id, "reason": "Fraude constatée" });
    j.app
        .call(
            Method::POST,
            "/api/v1/certificates/revocations",
            &agent,
            revocation.clone(),
        )
        .await
        .assert_problem(403, "auth.role_required");
    let revoked = j
        .app
        .call(
            Method::POST,
            "/api/v1/certificates/revocations",
            &admin,
            revocation,
        )
        .await;
    assert_eq!(revoked.status, 204, "{}", revoked.body);
    let answer = verify(&j.app, &token, &agent).await;
    assert_eq!(
        (answer.body["valid"].clone(), answer.body["reason"].clone()),
        (json!(false), json!("revoked"))
    );

    // Another certificate of the session, the day after its last valid day.
    let other = qr_token(&unzip(&zip.bytes)[1].1);
    j.app.clock.advance(chrono::Duration::days(748)); // 9 December 2028
    let agent = j.app.token("AGT00001").await;
    let expired = verify(&j.app, &other, &agent).await;
    assert_eq!(expired.body["reason"], "expired", "{}", expired.body);
    assert_eq!(expired.body["claims"]["valid_until"], "2028-12-08");
}

#[actix_web::test]
async fn a_certificate_verifies_after_its_session_is_deleted_and_after_a_key_rotation() {
    let j = validated(1, four_trainees()).await;
    let closed = close(&j).await;
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    let token = qr_token(&unzip(&zip.bytes)[0].1);
    let id: forprev::ids::SessionId = j.path.rsplit('/').next().unwrap().parse().unwrap();
    let etag = closed.headers.get("etag").unwrap().to_str().unwrap();
    let version: i32 = etag.trim_matches('"').parse().unwrap();
    assert!(forprev::store::sessions::delete(&mut j.app.conn(), &id, version).unwrap());
    assert_eq!(j.app.get(&j.path, &j.manager).await.status, 404);

    // A new signing key: new cards carry it, older ones keep verifying.
    let rotated = j.app.with_signing_key();
    let agent = agent(&rotated).await;
    let verified = verify(&rotated, &token, &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    let keys = rotated
        .send(TestRequest::get().uri("/api/v1/certificates/keys"))
        .await;
    assert_eq!(keys.status, 200);
    let kids: Vec<&str> = keys.body["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| key["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 2, "{}", keys.body);
    assert!(kids.contains(&verified.body["claims"]["key_id"].as_str().unwrap()));
    assert!(kids.contains(&rotated.state.signer.kid.as_str()));
    assert_eq!(keys.body["keys"][0]["kty"], "OKP");
    assert_eq!(keys.body["keys"][0]["crv"], "Ed25519");
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

async fn agent_once(app: &TestApp) -> String {
    if forprev::store::users::find_by_login(&mut app.conn(), "AGT00001")
        .unwrap()
        .is_none()
    {
        return agent(app).await;
    }
    app.token("AGT00001").await
}

#[actix_web::test]
async fn a_network_certificate_prints_with_a_token_kept_for_next_time() {
    let app = TestApp::new().await;
    app.user("TRN00001", "trainer@of.fr", &[]);
    app.certify("TRN00001", "trainer_of_trainers", "2028-12-31");
    let token = app.token("TRN00001").await;
    let mine = app.get("/api/v1/me/certificates", &token).await;
    let path = format!(
        "/api/v1/me/certificates/{}/pdf",
        mine.body[0]["id"].as_str().unwrap()
    );
    let first = app.get(&path, &token).await;
    assert_eq!(first.status, 200);
    assert!(pdf_text(&first.bytes).contains("Formateur de formateurs"));
    let again = app.get(&path, &token).await;
    assert_eq!(qr_token(&first.bytes), qr_token(&again.bytes));
}

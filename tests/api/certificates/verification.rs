//! Verifying a certificate: by the network, expired or revoked, after its session is gone and
//! after a key rotation; a network certificate printed again.

use super::*;

#[actix_web::test]
async fn verification_is_for_the_network_and_says_expired_or_revoked() {
    let j = validated(1, four_trainees()).await;
    close(&j).await;
    let files = zip_files(&j).await;
    let token = qr_token(&files[0].1);

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
    let other = qr_token(&files[1].1);
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
    let files = zip_files(&j).await;
    let token = qr_token(&files[0].1);
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
async fn a_card_printed_before_the_compact_form_keeps_verifying() {
    let j = validated(1, four_trainees()).await;
    close(&j).await;
    let files = zip_files(&j).await;
    let compact = qr_token(&files[0].1);
    assert!(compact.starts_with("FP1:"), "{compact}");

    // A card of the former form: a JWT (EdDSA, kid) of the same claims, by the server's key.
    let (signer, der) = forprev::certificates::Signer::generate();
    let app = j.app.with_signing_key_der(&der);
    let agent = agent(&app).await;
    let claims: forprev::certificates::CertificateClaims = serde_json::from_value(json!({
        "jti": "b2xkLWZvcm0tY2FyZA", "fn": "Dupont", "gn": "Zoé", "bd": "1990-01-01",
        "sc": "SST", "lv": 1, "rl": "actor", "kd": "initial", "vu": "2028-12-08",
        "en": "Secours Formation Lyon"
    }))
    .unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.typ = None;
    header.kid = Some(signer.kid.clone());
    let key = jsonwebtoken::EncodingKey::from_ed_der(&der);
    let jwt = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let verified = verify(&app, &jwt, &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    assert_eq!(verified.body["claims"]["key_id"], signer.kid.as_str());
    assert_eq!(
        verified.body["claims"]["entity_name"],
        "Secours Formation Lyon"
    );

    // And the new form from the first key, as its QR code reads.
    let verified = verify(&app, &compact, &agent).await;
    assert_eq!(verified.body["reason"], "valid", "{}", verified.body);
    assert_eq!(verified.body["claims"]["family_name"], "Dupont");
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

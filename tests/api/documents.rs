use crate::common::{TestApp, agent_of, manager_of, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::Value;

const BOUNDARY: &str = "forprev-test-boundary";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A multipart/form-data body: (name, file name, content) per part.
fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    app: &TestApp,
    entity: &impl std::fmt::Display,
    token: &str,
    body: Vec<u8>,
) -> crate::common::Response {
    app.send(
        TestRequest::post()
            .uri(&format!("/api/v1/entities/{entity}/documents"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header((
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            ))
            .set_payload(body),
    )
    .await
}

#[actix_web::test]
async fn a_manager_uploads_lists_downloads_and_deletes_a_document() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(1), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    let token = app.token("MAN00001").await;
    let body = form(&[
        ("kind", None, b"urssaf_attestation"),
        ("issued_on", None, b"2026-10-01"),
        ("file", Some("scans/attestation urssaf.pdf"), PDF),
    ]);
    let uploaded = upload(&app, &entity, &token, body).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    assert_eq!(uploaded.body["content_type"], "application/pdf");
    assert_eq!(uploaded.body["file_name"], "attestation urssaf.pdf");
    assert_eq!(uploaded.body["issued_on"], "2026-10-01");
    assert_eq!(uploaded.body["size_bytes"], PDF.len());
    let id = uploaded.body["id"].as_str().unwrap();

    let agent = app.token("AGT00001").await;
    let listed = app
        .get(&format!("/api/v1/entities/{entity}/documents"), &agent)
        .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let path = format!("/api/v1/entities/{entity}/documents/{id}");
    let downloaded = app.get(&path, &agent).await;
    assert_eq!(downloaded.status, 200);
    assert_eq!(
        downloaded.headers.get("content-type").unwrap(),
        "application/pdf"
    );
    assert!(
        downloaded
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("attachment")
    );

    app.call(Method::DELETE, &path, &agent, Value::Null)
        .await
        .assert_problem(403, "entity.read_only");
    assert_eq!(
        app.call(Method::DELETE, &path, &token, Value::Null)
            .await
            .status,
        204
    );
    app.get(&path, &token)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn files_are_judged_by_content_and_size() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(2), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let token = app.token("MAN00001").await;

    let disguised = form(&[
        ("kind", None, b"other"),
        ("file", Some("cv.pdf"), b"MZ\x90\x00 not a pdf"),
    ]);
    upload(&app, &entity, &token, disguised)
        .await
        .assert_problem(415, "document.unsupported_type");

    let mut huge = PDF.to_vec();
    huge.resize(10 * 1024 * 1024 + 1, b' ');
    upload(
        &app,
        &entity,
        &token,
        form(&[("kind", None, b"other"), ("file", Some("big.pdf"), &huge)]),
    )
    .await
    .assert_problem(413, "request.too_large");

    // A text field too long is an invalid field, not a payload too large.
    let long_date = vec![b'2'; 2000];
    let problem = upload(
        &app,
        &entity,
        &token,
        form(&[
            ("kind", None, b"other"),
            ("issued_on", None, &long_date),
            ("file", Some("a.pdf"), PDF),
        ]),
    )
    .await;
    let problem = problem.assert_problem(422, "request.invalid_fields");
    assert_eq!(problem["errors"][0]["field"], "issued_on");

    let undated = form(&[
        ("kind", None, b"urssaf_attestation"),
        ("file", Some("a.pdf"), PDF),
    ]);
    upload(&app, &entity, &token, undated)
        .await
        .assert_problem(422, "document.invalid_date");
    upload(&app, &entity, &token, form(&[("kind", None, b"other")]))
        .await
        .assert_problem(422, "document.file_required");

    let not_multipart = app
        .send(
            TestRequest::post()
                .uri(&format!("/api/v1/entities/{entity}/documents"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .set_json(serde_json::json!({ "kind": "other" })),
        )
        .await;
    not_multipart.assert_problem(415, "request.unsupported_media_type");
}

#[actix_web::test]
async fn another_tenant_cannot_upload_or_read() {
    let app = TestApp::new().await;
    let mine = app.entity(&siret(3), "69002");
    let theirs = app.entity(&siret(4), "75011");
    app.user("MAN00001", "one@of.fr", &[manager_of(&mine)]);
    let token = app.token("MAN00001").await;
    let body = form(&[("kind", None, b"other"), ("file", Some("a.pdf"), PDF)]);
    upload(&app, &theirs, &token, body)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/entities/{theirs}/documents"), &token)
        .await
        .assert_problem(404, "not_found");
}

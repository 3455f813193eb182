use crate::common::{BOUNDARY, TestApp, agent_of, form, manager_of, siret};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

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

/// A multipart request to upload a document of `entity`, with the body sent separately.
fn upload_request(entity: &impl std::fmt::Display, token: &str) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/entities/{entity}/documents"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header((
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ))
}

/// 1 KB text fields without end: what a flood sends.
fn flood() -> impl Iterator<Item = Vec<u8>> {
    let end = format!("--{BOUNDARY}--\r\n").len();
    (0..).map(move |n| {
        let mut part = form(&[(&format!("field{n}"), None, &[b'x'; 1000])]);
        part.truncate(part.len() - end); // never the closing delimiter
        part
    })
}

#[actix_web::test]
async fn an_upload_is_authorised_before_its_body_is_read() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(5), "69002");
    let other = app.entity(&siret(6), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&other)]);
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    let stranger = app.token("MAN00001").await;
    let (answer, read) = app
        .send_streamed(upload_request(&entity, &stranger), flood())
        .await;
    answer.assert_problem(404, "not_found");
    assert_eq!(read, 0, "the body was read before the caller was known");
    // The agent sees the entity but may not change it.
    let agent = app.token("AGT00001").await;
    let (answer, read) = app
        .send_streamed(upload_request(&entity, &agent), flood())
        .await;
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert_eq!(read, 0);
}

#[actix_web::test]
async fn a_flood_of_parts_is_refused_as_soon_as_a_bound_is_passed() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(7), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let token = app.token("MAN00001").await;
    // Many small parts: refused at the part count, having read a few kilobytes.
    let (answer, read) = app
        .send_streamed(upload_request(&entity, &token), flood())
        .await;
    answer.assert_problem(413, "request.too_many_parts");
    assert!(read < 128 * 1024, "read {read} bytes");
    // One endless text field: refused past its 1 KiB, never read further.
    let endless = |disposition: &str| {
        std::iter::once(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n")
                .into_bytes(),
        )
        .chain(std::iter::repeat(vec![b'x'; 64 * 1024]))
    };
    let (answer, read) = app
        .send_streamed(upload_request(&entity, &token), endless("name=\"kind\""))
        .await;
    answer.assert_problem(422, "request.invalid_fields");
    assert!(read < 128 * 1024, "read {read} bytes");
    // An endless file: refused past the file's 10 MiB.
    let (answer, read) = app
        .send_streamed(
            upload_request(&entity, &token),
            endless("name=\"file\"; filename=\"a.pdf\""),
        )
        .await;
    answer.assert_problem(413, "request.too_large");
    assert!(read < 10 * 1024 * 1024 + 128 * 1024, "read {read} bytes");
    // A declared length past the bound is refused before anything is read.
    let (answer, read) = app
        .send_streamed(
            upload_request(&entity, &token).insert_header(("Content-Length", "600000000")),
            flood(),
        )
        .await;
    answer.assert_problem(413, "request.too_large");
    assert_eq!(read, 0);
}

#[actix_web::test]
async fn a_refused_upload_ends_its_connection_instead_of_reading_on() {
    use std::io::{Read, Write};
    let app = TestApp::new().await;
    let entity = app.entity(&siret(8), "69002");
    app.user("TRN00001", "trainer@of.fr", &[]);
    let token = app.token("TRN00001").await;
    let served = app.serve();
    let mut stream = std::net::TcpStream::connect(served.address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST /api/v1/entities/{entity}/documents HTTP/1.1\r\nHost: forprev\r\n\
         Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The body goes on (no last chunk ever comes): the server answers and hangs up.
    stream.write_all(b"400\r\n").unwrap();
    stream.write_all(&[b'x'; 0x400]).unwrap();
    stream.write_all(b"\r\n").unwrap();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("the server closes the connection");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.to_lowercase().contains("connection: close"),
        "{answer}"
    );
}

#[actix_web::test]
async fn file_names_are_sent_as_rfc_6266_says_and_bidi_controls_are_refused() {
    let app = TestApp::new().await;
    let entity = app.entity(&siret(9), "69002");
    app.user("MAN00001", "one@of.fr", &[manager_of(&entity)]);
    let token = app.token("MAN00001").await;
    let disguised = form(&[
        ("kind", None, b"other"),
        ("file", Some("facture\u{202E}fdp.exe"), PDF),
    ]);
    let refused = upload(&app, &entity, &token, disguised).await;
    let problem = refused.assert_problem(422, "request.invalid_fields");
    assert_eq!(problem["errors"][0]["code"], "invalid_file_name");

    let body = form(&[
        ("kind", None, b"other"),
        ("file", Some("Relevé été.pdf"), PDF),
    ]);
    let uploaded = upload(&app, &entity, &token, body).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let id = uploaded.body["id"].as_str().unwrap();
    let downloaded = app
        .get(&format!("/api/v1/entities/{entity}/documents/{id}"), &token)
        .await;
    assert_eq!(downloaded.status, 200, "{}", downloaded.body);
    let disposition = downloaded
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"Relev_ _t_.pdf\"; filename*=UTF-8''Relev%C3%A9%20%C3%A9t%C3%A9.pdf"
    );
}

//! Closure and certificates: the zip of PDFs, what each PDF says, its QR code's token and its
//! verification by the network, revocation, keys, and closing under races and failures. What the
//! tests share: sessions ready to close, and reading what a PDF and its QR code say.

mod closure;
mod copies;
mod correction;
mod results_export;
mod verification;

use crate::common::{Response, TestApp, agent_of, manager_of, siret, trainee};
use crate::session_workflow::{Journey, journey_of};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use forprev::domain::grant::Grant;
use serde_json::{Value, json};
use std::io::Read;

/// A validated SST session of `level` whose trainees all passed but Martin.
pub(super) async fn validated(level: i32, trainees: Vec<Value>) -> Journey {
    let kind = "initial";
    let j = journey_of(level, kind, trainees).await;
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);
    let marked = j.mark_each(|_, t| t["family_name"] != "Martin").await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    let sent = j.step(&j.trainer, "results/send", Value::Null).await;
    assert_eq!(sent.body["status"], "validated", "{}", sent.body);
    j
}

pub(super) fn four_trainees() -> Vec<Value> {
    vec![
        trainee("Lefèvre-Garçon", "Éloïse", "1990-05-12"),
        trainee("Martin", "Léa", "1990-05-12"),
        trainee("Wałęsa", "Łukasz", "1990-05-12"),
        trainee("Dupont", "Noé", "1990-05-12"),
    ]
}

pub(super) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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

/// The text a PDF shows with the built-in fonts: Windows-1252 codes, one byte each.
pub(super) fn pdf_text(pdf: &[u8]) -> String {
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
                text.extend(bytes.iter().map(|byte| windows_1252(*byte)));
            }
        }
        text.push('\n');
    }
    text
}

pub(super) fn windows_1252(byte: u8) -> char {
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
pub(super) fn qr_token(pdf: &[u8]) -> String {
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
        // lopdf 0.26 decompresses any stream but an image's: let it see a plain stream.
        let mut stream = image.clone();
        stream.dict.remove(b"Subtype");
        stream.decompressed_content().unwrap()
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

pub(super) async fn verify(app: &TestApp, token: &str, as_token: &str) -> Response {
    app.call(
        Method::POST,
        "/api/v1/certificates/verify",
        as_token,
        json!({ "token": token }),
    )
    .await
}

pub(super) async fn agent(app: &TestApp) -> String {
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.token("AGT00001").await
}

pub(super) async fn admin(app: &TestApp) -> String {
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    app.token("ADM00001").await
}

/// The closed session's zip, as (file name, PDF) pairs.
pub(super) async fn zip_files(j: &Journey) -> Vec<(String, Vec<u8>)> {
    let zip = j
        .app
        .get(&format!("{}/certificates.zip", j.path), &j.manager)
        .await;
    assert_eq!(zip.status, 200, "{}", zip.body);
    unzip(&zip.bytes)
}

pub(super) async fn close(j: &Journey) -> Response {
    j.step(&j.manager, "close", Value::Null).await
}

pub(super) async fn agent_once(app: &TestApp) -> String {
    if forprev::store::users::find_by_login(&mut app.conn(), "AGT00001")
        .unwrap()
        .is_none()
    {
        return agent(app).await;
    }
    app.token("AGT00001").await
}

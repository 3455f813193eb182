//! The catalogue of error codes: served, published in `docs/errors.md`, and exactly the codes the
//! code raises.

use crate::common::TestApp;
use actix_web::test::TestRequest;
use forprev::error::Code;

#[actix_web::test]
async fn every_code_is_served_with_its_status_and_meaning() {
    let app = TestApp::new().await;
    let served = app.send(TestRequest::get().uri("/api/v1/errors")).await;
    assert_eq!(served.status, 200);
    let codes: Vec<&str> = served
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), Code::ALL.len());
    let stale = served
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["code"] == "session.stale")
        .unwrap();
    assert_eq!(stale["status"], 412);
}

#[test]
fn the_published_catalogue_is_the_code_s() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/errors.md"))
        .unwrap_or_default();
    assert!(
        committed == forprev::api::errors::markdown(),
        "docs/errors.md differs from the code's catalogue: run `cargo run -- errors` and commit it"
    );
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &std::path::Path) -> Vec<String> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            texts.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs")
            && !path.ends_with("error/catalogue.rs")
        {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    texts
}

#[test]
fn every_code_of_the_catalogue_is_raised_somewhere() {
    let source = sources(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    )))
    .concat();
    let unused: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !source.contains(&format!("Code::{}", code.variant_name())))
        .map(|code| code.as_str())
        .collect();
    assert!(unused.is_empty(), "listed but never raised: {unused:?}");
}

//! The committed `openapi/openapi.json` is exactly what the server serves, and every operation
//! documents its security, its responses and its errors.

use crate::common::TestApp;
use actix_web::test::TestRequest;
use serde_json::Value;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[actix_web::test]
async fn the_committed_document_matches_the_served_one() {
    let app = TestApp::new().await;
    let served = app
        .send(TestRequest::get().uri("/api-docs/openapi.json"))
        .await;
    assert_eq!(served.status, 200);
    let committed: Value = serde_json::from_str(COMMITTED).expect("openapi/openapi.json is JSON");
    assert!(
        served.body == committed,
        "openapi/openapi.json differs from the served document: run `cargo run -- openapi` and commit it"
    );
}

#[test]
fn every_operation_documents_security_responses_and_errors() {
    let document: Value = serde_json::to_value(forprev::openapi_document()).unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/auth/login"));
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let name = format!("{method} {path}");
            assert!(
                operation["security"].is_array(),
                "{name} documents no security"
            );
            assert!(operation["tags"].is_array(), "{name} has no tag");
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{name}: no success"
            );
            let secured = operation["security"]
                .as_array()
                .unwrap()
                .iter()
                .any(|requirement| requirement.get("bearer").is_some());
            if secured {
                assert!(
                    responses.contains_key("401"),
                    "{name} does not document 401"
                );
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{name} does not document {status}"
                    );
                }
            }
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]
                            .get("application/problem+json")
                            .is_some(),
                        "{name} {status} is not problem+json"
                    );
                }
            }
        }
    }
}

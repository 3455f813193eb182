//! The role extractors: authenticated is not enough, the role must be held.

use crate::common::TestApp;
use actix_web::FromRequest;
use actix_web::test::TestRequest;
use actix_web::web;
use forprev::auth::{Actor, Admin, Manager, Trainer};
use forprev::domain::grant::{Grant, Role};
use forprev::ids::EntityId;

async fn request_with_token(app: &TestApp, forprev_number: &str) -> actix_web::HttpRequest {
    let token = app.tokens(forprev_number).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    TestRequest::get()
        .app_data(web::Data::new(app.state.clone()))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_http_request()
}

#[actix_web::test]
async fn a_role_extractor_admits_only_holders_of_the_role() {
    let app = TestApp::new().await;
    let entity = EntityId::generate();
    let manager = Grant {
        role: Role::Manager,
        entity_id: Some(entity.clone()),
        ..Grant::admin()
    };
    app.user("MAN00001", "gestion@of.fr", &[manager]);
    let req = request_with_token(&app, "MAN00001").await;

    let actor = Actor::extract(&req).await.unwrap();
    assert_eq!(actor.forprev_number.as_str(), "MAN00001");
    let as_manager = Manager::extract(&req).await.unwrap();
    assert_eq!(
        as_manager
            .actor
            .grants_of(Role::Manager)
            .next()
            .unwrap()
            .entity_id,
        Some(entity)
    );

    let refused = Admin::extract(&req).await.unwrap_err();
    assert_eq!(refused.code, "auth.role_required");
    assert_eq!(refused.kind.status(), 403);
    assert!(Trainer::extract(&req).await.is_err());
}

#[actix_web::test]
async fn a_role_extractor_still_needs_a_token() {
    let app = TestApp::new().await;
    let req = TestRequest::get()
        .app_data(web::Data::new(app.state.clone()))
        .to_http_request();
    let refused = Admin::extract(&req).await.unwrap_err();
    assert_eq!(refused.kind.status(), 401);
}

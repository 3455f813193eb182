//! The persistence settings every query relies on, on whichever backend the suite runs.

use crate::common::{Clock, TestApp};
use forprev::domain::grant::Grant;
use forprev::ids::UserId;
use forprev::store::grants;

#[actix_web::test]
async fn foreign_keys_are_enforced() {
    let app = TestApp::new().await;
    let orphan = grants::insert(
        &mut app.conn(),
        &UserId::generate(),
        &Grant::admin(),
        app.clock.now(),
    );
    assert!(orphan.is_err(), "a grant of nobody was stored");
}

#[actix_web::test]
async fn migrations_are_idempotent() {
    let app = TestApp::new().await;
    assert_eq!(forprev::db::migrate(&mut app.conn()).unwrap(), 0);
}

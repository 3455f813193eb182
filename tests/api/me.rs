use crate::common::TestApp;
use forprev::domain::grant::{Grant, Role};
use forprev::ids::{EntityId, HabilitationId};
use serde_json::json;

#[actix_web::test]
async fn me_lists_the_identity_and_every_grant() {
    let app = TestApp::new().await;
    let first_entity = EntityId::generate();
    let second_entity = EntityId::generate();
    let habilitation = HabilitationId::generate();
    let grants = [
        Grant {
            role: Role::Manager,
            entity_id: Some(first_entity.clone()),
            ..Grant::admin()
        },
        Grant {
            role: Role::Manager,
            entity_id: Some(second_entity.clone()),
            ..Grant::admin()
        },
        Grant {
            role: Role::Delegate,
            habilitation_id: Some(habilitation.clone()),
            ..Grant::admin()
        },
        Grant {
            role: Role::Trainer,
            ..Grant::admin()
        },
    ];
    let id = app.user("ABC12345", "jeanne@exemple.fr", &grants);
    let token = app.tokens("jeanne@exemple.fr").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(
        me.body,
        json!({
            "id": id.as_str(),
            "forprev_number": "ABC12345",
            "email": "jeanne@exemple.fr",
            "family_name": "Lefèvre",
            "given_name": "Éloïse",
            "grants": [
                { "role": "manager", "entity_id": first_entity.as_str() },
                { "role": "manager", "entity_id": second_entity.as_str() },
                { "role": "delegate", "habilitation_id": habilitation.as_str() },
                { "role": "trainer" },
            ],
        })
    );
}

#[actix_web::test]
async fn the_access_token_carries_the_same_grants() {
    let app = TestApp::new().await;
    let caisse = Grant {
        role: Role::NetworkAgent,
        caisse_code: Some("CRAMIF".into()),
        ..Grant::admin()
    };
    app.user(
        "ABC12345",
        "jeanne@exemple.fr",
        std::slice::from_ref(&caisse),
    );
    let token = app.tokens("ABC12345").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let claims = app
        .state
        .auth
        .jwt
        .verify(&token, crate::common::start_of_tests())
        .unwrap();
    assert_eq!(claims.grants, vec![caisse]);
    assert_eq!(claims.forprev_number.as_str(), "ABC12345");
    assert_eq!(claims.exp - claims.iat, 900);
}

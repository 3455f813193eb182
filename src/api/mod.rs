//! HTTP only: one folder per resource, one file per action. Handlers parse, authorise, call one
//! domain/store function through `AppState::db`, and map the result.

pub mod auth;
pub mod documents;
pub mod entities;
pub mod fields;
pub mod health;
pub mod json_body;
pub mod me;
pub mod members;
pub mod pagination;
pub mod registrations;
pub mod request_errors;
pub mod schemes;
pub mod users;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready).service(
        scope::scope("/api/v1")
            .service(auth::login::login)
            .service(auth::refresh::refresh)
            .service(auth::logout::logout)
            .service(auth::accept_invitation::accept_invitation)
            .service(me::me)
            .service(users::create::create_user)
            .service(schemes::list_schemes)
            .service(entities::list::list_entities)
            .service(entities::create::create_entity)
            .service(entities::get::get_entity)
            .service(entities::update::update_entity)
            .service(members::list::list_members)
            .service(members::add::add_member)
            .service(members::remove::remove_member)
            .service(registrations::create::register)
            .service(documents::list::list_documents)
            .service(documents::upload::upload_document)
            .service(documents::download::download_document)
            .service(documents::delete::delete_document),
    );
}

//! HTTP only: one folder per resource, one file per action. Handlers parse, authorise, call one
//! domain/store function through `AppState::db`, and map the result.

pub mod api_clients;
pub mod auth;
pub mod certificates;
pub mod client_address;
pub mod cors;
pub mod dashboard;
pub mod deserialize_errors;
pub mod directory;
pub mod documents;
pub mod download;
pub mod entities;
pub mod errors;
pub mod habilitation_requests;
pub mod habilitations;
pub mod health;
pub mod idempotency;
pub mod json_body;
pub mod me;
pub mod members;
pub mod multipart;
pub mod my_certificates;
pub mod pagination;
pub mod problem;
pub mod refusals;
pub mod refused_body;
pub mod registrations;
pub mod request_errors;
pub mod schemes;
pub mod sessions;
pub mod statistics;
pub mod templates;
pub mod trainees;
pub mod trainers;
pub mod users;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready).service(
        scope::scope("/api/v1")
            // The router tries each route's pattern in turn: the hot reads come first.
            .service(sessions::get::get_session)
            .service(sessions::list::list_sessions)
            .service(auth::login::login)
            .service(auth::refresh::refresh)
            .service(auth::logout::logout)
            .service(auth::token::client_token)
            .service(auth::accept_invitation::accept_invitation)
            .service(auth::password_reset::request_password_reset)
            .service(auth::password_reset::confirm_password_reset)
            .service(me::me)
            .service(my_certificates::list_my_certificates)
            .service(my_certificates::download_my_certificate)
            .service(certificates::verify::verify_certificate)
            .service(certificates::keys::list_certificate_keys)
            .service(certificates::revoke::revoke_certificate)
            .service(dashboard::get_dashboard)
            .service(users::create::create_user)
            .service(users::merge::merge_user)
            .service(schemes::list_schemes)
            .service(templates::trainees_csv)
            .service(templates::trainees_xlsx)
            .service(errors::list_error_codes)
            .service(entities::list::list_entities)
            .service(entities::create::create_entity)
            .service(entities::get::get_entity)
            .service(entities::update::update_entity)
            .service(members::list::list_members)
            .service(members::add::add_member)
            .service(members::remove::remove_member)
            .service(registrations::create::register)
            .service(api_clients::list::list_api_clients)
            .service(api_clients::create::create_api_client)
            .service(api_clients::revoke::revoke_api_client)
            .service(api_clients::take_over::take_over_api_client)
            .service(api_clients::webhook::set_webhook)
            .service(api_clients::webhook::remove_webhook)
            .service(api_clients::webhook::failed_deliveries)
            .service(documents::list::list_documents)
            .service(documents::upload::upload_document)
            .service(documents::download::download_document)
            .service(documents::delete::delete_document)
            .service(habilitation_requests::list::list_requests)
            .service(habilitation_requests::create::create_request)
            .service(habilitation_requests::get::get_request)
            .service(habilitation_requests::update::update_request)
            .service(habilitation_requests::transmit::transmit_request)
            .service(habilitation_requests::review::review_request)
            .service(habilitation_requests::decision::decide_request)
            .service(habilitations::list::list_habilitations)
            .service(habilitations::get::get_habilitation)
            .service(habilitations::withdraw::withdraw_habilitation)
            .service(habilitations::delegates::add_delegate)
            .service(habilitations::delegates::remove_delegate)
            .service(directory::listing::set_listing)
            .service(directory::search::search_directory)
            .service(trainers::find::find_trainer)
            .service(trainers::add_certificate::add_certificate)
            .service(trainers::profile::get_profile)
            .service(trainers::profile::set_profile)
            .service(sessions::create::create_session)
            .service(statistics::get_statistics)
            .service(statistics::download_statistics)
            .service(sessions::update::update_session)
            .service(sessions::delete::delete_session)
            .service(sessions::submit::submit_session)
            .service(sessions::send_back::return_session)
            .service(sessions::cancel::cancel_session)
            .service(sessions::close::close_session)
            .service(sessions::certificates::download_certificates)
            .service(sessions::certificates::mark_downloaded)
            .service(sessions::results::get_results)
            .service(sessions::results::put_results)
            .service(sessions::results_export::download_results)
            .service(sessions::send_results::send_results)
            .service(trainees::list::list_trainees)
            .service(trainees::add::add_trainees)
            .service(trainees::import::import_trainees)
            .service(trainees::update::update_trainee)
            .service(trainees::correction::correct_trainee)
            .service(trainees::remove::remove_trainee)
            .service(trainees::proof::upload_prior_certificate),
    );
}

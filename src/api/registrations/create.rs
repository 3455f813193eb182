use crate::AppState;
use crate::api::entities::EntityView;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::api::users::UserView;
use crate::auth::password;
use crate::domain::fields::Fields;
use crate::domain::password_policy;
use crate::error::AppResult;
use crate::workflow::entities::input::EntityInput;
use crate::workflow::registrations::{self, Registrant};
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegistrantInput {
    #[schema(example = "direction@fpr.fr")]
    pub email: String,
    #[schema(example = "Durand")]
    pub family_name: String,
    #[schema(example = "Sophie")]
    pub given_name: String,
    /// At least 12 characters.
    #[schema(format = Password)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Registration {
    pub entity: EntityInput,
    /// The person who will manage the entity.
    pub manager: RegistrantInput,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    pub entity: EntityView,
    /// The provisional account: it logs in with its Forprev number or e-mail and works only on
    /// this entity and its requests until a first habilitation is granted.
    pub user: UserView,
}

/// Register a training body: its entity and a provisional manager account. No token; at most 3
/// registrations per client address per hour.
#[utoipa::path(
    tag = "entities",
    request_body = Registration,
    responses(
        (status = 201, description = "Registered; log in with the returned Forprev number", body = Registered),
        (status = 409, description = "The SIRET or the e-mail address is taken", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address (`request.throttled`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/registrations")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<Registration>,
) -> AppResult<HttpResponse> {
    let Registration { entity, manager } = body.into_inner();
    let checked_entity = entity.check();
    let mut fields = Fields::default();
    let (email, family_name, given_name) = fields.person(
        "manager.",
        &manager.email,
        &manager.family_name,
        &manager.given_name,
    );
    fields.take(
        "manager.password",
        "weak_password",
        password_policy::check(&manager.password),
    );
    let checked_entity = match (checked_entity, fields.finish()) {
        (Ok(entity), Ok(())) => entity,
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    // Hashing is slow on purpose: off the request thread.
    let password = manager.password;
    let password_hash = state
        .hashing(move |_| Ok(password::hash(&password)))
        .await?;
    let throttle_key = format!(
        "registration:{}",
        state.client_address(&req).unwrap_or_default()
    );
    let registrant = Registrant {
        email,
        family_name,
        given_name,
        password_hash,
    };
    let now = state.clock.now();
    let (entity, user, manager) = state
        .db(move |conn, _| {
            registrations::register(conn, &throttle_key, checked_entity, &registrant, now)
        })
        .await?;
    let registered = Registered {
        entity: entity.try_into()?,
        user: UserView::new(user, vec![manager]),
    };
    Ok(HttpResponse::Created().json(registered))
}

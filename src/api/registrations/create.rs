use crate::AppState;
use crate::api::entities::EntityView;
use crate::api::entities::create::siret_taken;
use crate::api::entities::input::EntityInput;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::api::users::UserView;
use crate::auth::{invitation, password};
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::grant::{Grant, Role};
use crate::domain::password_policy;
use crate::domain::throttle::REGISTRATIONS_PER_ADDRESS;
use crate::error::{AppError, AppResult, Code};
use crate::store::{entities, grants, throttle_events, users};
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
    let now = state.clock.now();
    let registered = state
        .db(move |conn, _| {
            throttle_events::check(conn, &throttle_key, &REGISTRATIONS_PER_ADDRESS, now)?;
            let entity_fields = checked_entity.place(conn)?;
            conn.write_transaction(|conn| {
                if entities::siret_taken(conn, &entity_fields.siret, None)? {
                    return Err(siret_taken());
                }
                if users::email_taken(conn, &email)? {
                    return Err(AppError::new(
                        Code::UserEmailTaken,
                        "Cette adresse e-mail a déjà un compte.",
                    ));
                }
                let entity_id = entities::insert(conn, &entity_fields, now)?;
                let forprev_number = invitation::new_forprev_number(conn)?;
                let user_id = users::insert(
                    conn,
                    users::NewUser {
                        forprev_number: &forprev_number,
                        email: &email,
                        family_name: &family_name,
                        given_name: &given_name,
                        password_hash: Some(&password_hash),
                        provisional: true,
                    },
                    now,
                )?;
                let manager = Grant {
                    role: Role::Manager,
                    entity_id: Some(entity_id.clone()),
                    ..Grant::admin()
                };
                grants::insert(conn, &user_id, &manager, now)?;
                throttle_events::record(conn, &throttle_key, &REGISTRATIONS_PER_ADDRESS, now)?;
                let access = Access::load(conn, &user_id)?.ok_or_else(AppError::not_found)?;
                let entity = entities::find_visible(conn, &access, &entity_id)?
                    .ok_or_else(AppError::not_found)?;
                let user = users::find(conn, &user_id)?.ok_or_else(AppError::not_found)?;
                Ok(Registered {
                    entity: entity.try_into()?,
                    user: UserView::new(user, vec![manager]),
                })
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(registered))
}

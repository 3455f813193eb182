use super::UserView;
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::auth::invitation::NewPerson;
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::grant::Grant;
use crate::error::AppResult;
use crate::workflow::users;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserRequest {
    #[schema(example = "claire.martin@carsat-ra.fr")]
    pub email: String,
    #[schema(example = "Martin")]
    pub family_name: String,
    #[schema(example = "Claire")]
    pub given_name: String,
    /// Roles to grant at once, each with the scope its role needs.
    #[serde(default)]
    pub grants: Vec<Grant>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    /// Single use; shown only here. The person sends it to `POST /api/v1/auth/invitations/accept`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    pub user: UserView,
    pub invitation: Invitation,
}

/// Create a person (a network agent, another admin, anyone), with a new Forprev number and an
/// invitation to choose a password. Admins only.
#[utoipa::path(
    tag = "users",
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Created; the invitation is shown once", body = CreatedUser),
        (status = 403, description = "The caller is not an admin (`auth.role_required`)", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The e-mail address already has an account (`user.email_taken`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<NewUserRequest>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let now = state.clock.now();
    let created = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            access.require_admin()?;
            let mut fields = Fields::default();
            let (email, family_name, given_name) = fields.person(
                "",
                &request.email,
                &request.family_name,
                &request.given_name,
            );
            for (index, grant) in request.grants.iter().enumerate() {
                fields.take(
                    format!("grants[{index}]"),
                    "invalid_scope",
                    grant.check_scope(),
                );
            }
            fields.finish()?;
            let person = NewPerson {
                email: &email,
                family_name: &family_name,
                given_name: &given_name,
            };
            let (user, held, invited) = conn.write_transaction(|conn| {
                users::create(conn, &access, person, &request.grants, now)
            })?;
            Ok(CreatedUser {
                user: UserView::new(user, held),
                invitation: Invitation {
                    token: invited.token,
                    expires_at: invited.expires_at,
                },
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

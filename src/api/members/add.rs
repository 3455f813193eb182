use super::{Member, MemberRole};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Role;
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::workflow::members::{self, Person};
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// A member: someone with a Forprev number, or someone named by e-mail (who, without an account
/// yet, gets one and an e-mailed invitation to choose a password).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMember {
    pub role: MemberRole,
    /// The person's Forprev number; or else the three fields below.
    pub forprev_number: Option<ForprevNumber>,
    #[schema(example = "claire.martin@exemple.fr")]
    pub email: Option<String>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
}

impl NewMember {
    fn person(self) -> AppResult<(MemberRole, Person)> {
        let named = (self.email, self.family_name, self.given_name);
        match (self.forprev_number, named) {
            (Some(number), (None, None, None)) => Ok((self.role, Person::Numbered(number))),
            (None, (Some(email), Some(family_name), Some(given_name))) => {
                let mut fields = Fields::default();
                let (email, family_name, given_name) =
                    fields.person("", &email, &family_name, &given_name);
                fields.finish()?;
                let person = Person::Named {
                    email,
                    family_name,
                    given_name,
                };
                Ok((self.role, person))
            }
            _ => Err(AppError::new(
                Code::MemberPersonRequired,
                "Indiquez soit le numéro Forprev, soit l'e-mail, le nom et le prénom.",
            )),
        }
    }
}

/// Add a manager or a signatory (the entity's managers, or an admin), by Forprev number or by
/// e-mail: a person without an account gets one, with an invitation by e-mail. At most 2
/// managers, 3 from 50 staff.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body = NewMember,
    responses(
        (status = 201, description = "Added", body = Member),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        crate::api::refusals::EntityNotFound,
        (status = 409, description = "Already a member with this role (`member.already_member`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/entities/{id}/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
    body: JsonBody<NewMember>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (role, person) = body.into_inner().person()?;
    let role = Role::from(role);
    let now = state.clock.now();
    let member = state
        .db(move |conn, state| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                members::add(conn, &state.config, &access, (&id, role), person, now)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(Member::try_from(member)?))
}

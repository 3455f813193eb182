use super::{Member, MemberRole};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::auth::invitation::{self, NewPerson};
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::domain::members::check_manager_added;
use crate::error::{AppError, AppResult, Code};
use crate::ids::EntityId;
use crate::notifications;
use crate::store::{entities, grants, members, users};
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

/// Who the new member is.
enum Person {
    Numbered(ForprevNumber),
    Named {
        email: String,
        family_name: String,
        given_name: String,
    },
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
                let entity = entities::find_editable(conn, &access, &id)?;
                let person = match person {
                    Person::Numbered(number) => users::find_by_forprev_number(conn, &number)?
                        .ok_or_else(|| {
                            AppError::new(
                                Code::MemberUnknownPerson,
                                "Aucune personne n'a ce numéro Forprev.",
                            )
                        })?,
                    Person::Named {
                        email,
                        family_name,
                        given_name,
                    } => match users::find_by_login(conn, &email)? {
                        Some(known) => known,
                        None => {
                            let new_person = NewPerson {
                                email: &email,
                                family_name: &family_name,
                                given_name: &given_name,
                            };
                            let invited = invitation::invite(conn, new_person, now)?;
                            notifications::member_invited(
                                conn,
                                &state.config,
                                (&email, &given_name, invited.forprev_number.as_str()),
                                (&entity.legal_name, role),
                                (&invited.token, invited.expires_at.date_naive()),
                                now,
                            )?;
                            users::find(conn, &invited.user_id)?.ok_or_else(AppError::not_found)?
                        }
                    },
                };
                if members::holds(conn, &id, &person.id, role)? {
                    return Err(AppError::new(
                        Code::MemberAlreadyMember,
                        "Cette personne a déjà ce rôle dans l'entité.",
                    ));
                }
                if role == Role::Manager {
                    check_manager_added(
                        members::count(conn, &id, Role::Manager)?,
                        entity.headcount,
                    )?;
                }
                let grant = Grant {
                    role,
                    entity_id: Some(id.clone()),
                    ..Grant::admin()
                };
                grants::insert(conn, &person.id, &grant, now)?;
                members::of_entity(conn, &id)?
                    .into_iter()
                    .find(|member| member.user_id == person.id && member.role == role.as_str())
                    .ok_or_else(AppError::not_found)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(Member::try_from(member)?))
}

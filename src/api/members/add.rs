use super::{Member, MemberRole};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::auth::Actor;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::domain::members::check_manager_added;
use crate::error::{AppError, AppResult, Problem};
use crate::ids::EntityId;
use crate::store::access::Access;
use crate::store::{entities, grants, members, users};
use actix_web::{HttpResponse, post, web};
use diesel::Connection;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMember {
    pub role: MemberRole,
    /// The person's Forprev number: the person must already exist.
    pub forprev_number: ForprevNumber,
}

/// Add a manager or a signatory (the entity's managers, or an admin). At most 2 managers, 3 from
/// 50 staff.
#[utoipa::path(
    tag = "entities",
    params(("id" = EntityId, Path, description = "The entity's id")),
    request_body = NewMember,
    responses(
        (status = 201, description = "Added", body = Member),
        (status = 403, description = "The caller may see the entity but not change it", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such entity, or not visible to the caller", body = Problem,
            content_type = "application/problem+json"),
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
    let NewMember {
        role,
        forprev_number,
    } = body.into_inner();
    let role = Role::from(role);
    let now = state.clock.now();
    let member = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.transaction(|conn| {
                let entity = entities::find_editable(conn, &access, &id)?;
                let person =
                    users::find_by_forprev_number(conn, &forprev_number)?.ok_or_else(|| {
                        AppError::rule(
                            "member.unknown_person",
                            "Aucune personne n'a ce numéro Forprev.",
                        )
                    })?;
                if members::holds(conn, &id, &person.id, role)? {
                    return Err(AppError::conflict(
                        "member.already_member",
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

use super::DocumentView;
use crate::AppState;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult};
use crate::ids::EntityId;
use crate::store::{documents, entities};
use actix_web::{get, web};

/// The entity's documents (without their contents).
#[utoipa::path(
    tag = "documents",
    params(("id" = EntityId, Path, description = "The entity's id")),
    responses(
        (status = 200, description = "The documents", body = Vec<DocumentView>),
        crate::api::refusals::EntityNotFound,
    ),
    security(("bearer" = []))
)]
#[get("/entities/{id}/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<EntityId>,
) -> AppResult<web::Json<Vec<DocumentView>>> {
    let id = id.into_inner();
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            entities::find_visible(conn, &access, &id)?.ok_or_else(AppError::not_found)?;
            Ok(documents::of_entity(conn, &id)?)
        })
        .await?;
    Ok(web::Json(
        records
            .into_iter()
            .map(DocumentView::try_from)
            .collect::<AppResult<_>>()?,
    ))
}

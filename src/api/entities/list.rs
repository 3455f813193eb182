use super::EntityView;
use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::store::entities;
use actix_web::{get, web};

/// The entities the caller may see: those it manages, those of its caisse (network agents), or
/// all (admins).
#[utoipa::path(
    tag = "entities",
    params(PageQuery),
    responses((status = 200, description = "One page of entities", body = Page<EntityView>)),
    security(("bearer" = []))
)]
#[get("/entities")]
pub async fn list_entities(
    state: web::Data<AppState>,
    actor: Actor,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<EntityView>>> {
    let limit = page.limit()?;
    let after = page.cursor()?;
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            Ok(entities::list_visible(
                conn,
                &access,
                after.as_ref(),
                limit + 1,
            )?)
        })
        .await?;
    let items = records
        .into_iter()
        .map(EntityView::try_from)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(web::Json(Page::new(items, limit, |entity| {
        entity.id.to_string()
    })))
}

use super::HabilitationView;
use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::store::habilitations::{self, Filter};
use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HabilitationFilter {
    pub entity_id: Option<EntityId>,
    pub scheme_code: Option<String>,
}

/// The habilitations the caller may see: its entities' (managers), its own (delegates), its
/// caisse's (network agents), all (admins).
#[utoipa::path(
    tag = "habilitations",
    params(HabilitationFilter, PageQuery),
    responses((status = 200, description = "One page of habilitations", body = Page<HabilitationView>)),
    security(("bearer" = []))
)]
#[get("/habilitations")]
pub async fn list_habilitations(
    state: web::Data<AppState>,
    actor: Actor,
    filter: web::Query<HabilitationFilter>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<HabilitationView>>> {
    let limit = page.limit()?;
    let after = page.cursor()?;
    let HabilitationFilter {
        entity_id,
        scheme_code,
    } = filter.into_inner();
    let filter = Filter {
        entity_id,
        scheme_code,
    };
    let today = state.clock.now().date_naive();
    let records = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            Ok(habilitations::list_visible(
                conn,
                &access,
                &filter,
                after.as_ref(),
                limit + 1,
            )?)
        })
        .await?;
    let items = records
        .into_iter()
        .map(|record| HabilitationView::new(record, today))
        .collect();
    Ok(web::Json(Page::new(items, limit, |habilitation| {
        habilitation.id.to_string()
    })))
}

use super::{SessionView, view};
use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::SessionStatus;
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::store::sessions::{self as store, Filter, Viewer};
use crate::store::users;
use actix_web::{get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionFilter {
    pub status: Option<SessionStatus>,
    #[param(example = "SST")]
    pub scheme_code: Option<String>,
    pub entity_id: Option<EntityId>,
    #[param(value_type = Option<String>, pattern = "^[A-Z]{3}[0-9]{5}$", example = "TRN00001")]
    pub trainer_forprev_number: Option<ForprevNumber>,
    /// Sessions ending on or after this day.
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before this day.
    pub to: Option<NaiveDate>,
}

/// The sessions the caller may see, filtered and paginated.
#[utoipa::path(
    tag = "sessions",
    params(SessionFilter, PageQuery),
    responses((status = 200, description = "One page of sessions", body = Page<SessionView>)),
    security(("bearer" = []))
)]
#[get("/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    actor: Actor,
    filter: web::Query<SessionFilter>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<SessionView>>> {
    let limit = page.limit()?;
    let after = page.cursor()?;
    let request = filter.into_inner();
    let views = state
        .read(move |conn, _| {
            // A person's page is one statement, its grants read in it; partner software's
            // client is checked first.
            let client_access = match actor.client_id {
                Some(_) => Some(Access::of(conn, &actor)?),
                None => None,
            };
            let viewer = client_access
                .as_ref()
                .map_or(Viewer::Person(&actor.user_id), Viewer::Access);
            // `None`: no such trainer, so no such session.
            let trainer_id = match &request.trainer_forprev_number {
                Some(number) => users::find_by_forprev_number(conn, number)?.map(|t| Some(t.id)),
                None => Some(None),
            };
            let details = match trainer_id {
                Some(trainer_id) => {
                    let filter = Filter {
                        status: request.status.map(|status| status.as_str().to_owned()),
                        scheme_code: request.scheme_code,
                        entity_id: request.entity_id,
                        trainer_id,
                        from: request.from,
                        to: request.to,
                    };
                    store::list_visible_detail(conn, &viewer, &filter, after.as_ref(), limit + 1)?
                }
                None => Vec::new(),
            };
            if details.is_empty() && client_access.is_none() {
                // A person who sees nothing may be a disabled account: 401, not an empty page.
                Access::of(conn, &actor)?;
            }
            details
                .into_iter()
                .map(|detail| view(detail).map(|(view, _)| view))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(web::Json(Page::new(views, limit, |session| {
        session.id.to_string()
    })))
}

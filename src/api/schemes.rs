//! `GET /api/v1/schemes`: the scheme catalogue.

use crate::AppState;
use crate::error::AppResult;
use crate::store::reference::{self, SchemeRecord};
use actix_web::{get, web};

/// Every scheme at every level, with the figures its sessions must respect. Public.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "The catalogue", body = Vec<SchemeRecord>)),
    security(())
)]
#[get("/schemes")]
pub async fn list_schemes(state: web::Data<AppState>) -> AppResult<web::Json<Vec<SchemeRecord>>> {
    let schemes = state.db(|conn, _| Ok(reference::schemes(conn)?)).await?;
    Ok(web::Json(schemes))
}

//! Probes for load balancers and orchestrators.

use crate::AppState;
use crate::api::problem::Problem;
use crate::error::AppResult;
use actix_web::{get, web};
use diesel::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process answers", body = Status)),
    security(())
)]
#[get("/health")]
pub async fn health() -> web::Json<Status> {
    web::Json(Status { status: "ok" })
}

/// The process is up and its database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = Status),
        (status = 503, description = "The database does not answer", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> AppResult<web::Json<Status>> {
    state
        .db(|conn, _| {
            diesel::sql_query("SELECT 1")
                .execute(conn)
                .map_err(crate::error::AppError::unavailable)
        })
        .await?;
    Ok(web::Json(Status { status: "ready" }))
}

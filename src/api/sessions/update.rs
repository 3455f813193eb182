use super::{if_match, load, respond};
use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::session::SessionKind;
use crate::domain::session::{check_version, stale};
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::sessions::plan::{self, Plan};
use crate::store::sessions::{self as store};
use crate::store::{habilitations, users};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SessionPatch {
    pub kind: Option<SessionKind>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub hours: Option<i32>,
    pub place: Option<String>,
    #[schema(value_type = Option<String>, example = "TRN00001")]
    pub trainer_forprev_number: Option<ForprevNumber>,
}

/// Change a draft or returned session; every rule of its declaration is checked again.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; a stale one answers 412"),
    ),
    request_body = SessionPatch,
    responses(
        (status = 200, description = "Changed", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session (`session.not_a_runner`)", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[patch("/sessions/{id}")]
pub async fn update_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<SessionPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let patch = body.into_inner();
    let now = state.clock.now();
    let session = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let (current, _, _) =
                    store::find_visible(conn, &access, &id)?.ok_or_else(AppError::not_found)?;
                let habilitation =
                    habilitations::find_visible(conn, &access, &current.habilitation_id)?
                        .ok_or_else(AppError::not_found)?;
                access.check_runs(&habilitation.entity_id, &habilitation.id)?;
                let status = crate::domain::session::SessionStatus::parse(&current.status)
                    .ok_or_else(|| AppError::internal("unknown session status"))?;
                if !status.editable() {
                    return Err(AppError::new(
                        Code::SessionNotEditable,
                        format!("La session n'est plus modifiable ({}).", status.as_str()),
                    ));
                }
                check_version(expected.as_deref(), current.version)?;
                let trainer = match patch.trainer_forprev_number {
                    Some(number) => number,
                    None => users::find(conn, &current.trainer_id)?
                        .ok_or_else(|| AppError::internal("a session's trainer is gone"))?
                        .forprev_number(),
                };
                let merged = Plan {
                    kind: match patch.kind {
                        Some(kind) => kind,
                        None => SessionKind::parse(&current.kind)
                            .ok_or_else(|| AppError::internal("unknown kind"))?,
                    },
                    start_date: patch.start_date.unwrap_or(current.start_date),
                    end_date: patch.end_date.unwrap_or(current.end_date),
                    hours: patch.hours.unwrap_or(current.hours),
                    place: patch.place.unwrap_or(current.place),
                    trainer,
                };
                let fields = plan::check(conn, &habilitation, &merged, now.date_naive())?;
                if !store::update_plan(conn, &id, current.version, &fields, now)? {
                    return Err(stale());
                }
                store::record_event(conn, &id, "updated", &access.user_id, None, now)?;
                load(conn, &access, &id)
            })
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), session))
}

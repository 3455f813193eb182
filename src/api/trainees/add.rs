use super::{
    TraineeInput, TraineeView, check, check_no_duplicate, editable_session, fields_of, touch,
    verify_prior,
};
use crate::AppState;
use crate::api::fields::Fields;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::api::sessions::if_match;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::session;
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::{reference, trainees};
use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_PER_CALL: usize = 50;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTrainees {
    /// One or many (at most 50): all are added, or none.
    pub trainees: Vec<TraineeInput>,
}

/// Add trainees to a draft or returned session (its runners), up to the scheme's maximum.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    request_body = NewTrainees,
    responses(
        (status = 201, description = "Added", body = Vec<TraineeView>,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`trainee.batch_size`: 1 to 50 per call; `session.too_many_trainees`: \
            past the scheme's maximum; `request.invalid_fields`, `trainee.duplicate`", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/trainees")]
pub async fn add_trainees(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
    body: JsonBody<NewTrainees>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let inputs = body.into_inner().trainees;
    if inputs.is_empty() || inputs.len() > MAX_PER_CALL {
        return Err(AppError::new(
            Code::TraineeBatchSize,
            format!("De 1 à {MAX_PER_CALL} stagiaires par appel."),
        ));
    }
    let now = state.clock.now();
    let (added, version) = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            conn.write_transaction(|conn| {
                let editable = editable_session(conn, &access, &id, expected.as_deref())?;
                let today = now.date_naive();
                let priors = inputs
                    .iter()
                    .map(|input| verify_prior(conn, input, today))
                    .collect::<AppResult<Vec<_>>>()?;
                let mut fields = Fields::default();
                let checked: Vec<_> = inputs
                    .iter()
                    .zip(&priors)
                    .enumerate()
                    .map(|(index, (input, prior))| {
                        check(
                            input,
                            &editable,
                            prior.as_ref(),
                            today,
                            &mut fields,
                            &format!("trainees[{index}]."),
                        )
                    })
                    .collect();
                fields.finish()?;
                let mut present: Vec<_> = trainees::of_session(conn, &id)?
                    .iter()
                    .map(fields_of)
                    .collect();
                let scheme = reference::scheme(conn, &editable.scheme_code, editable.level)?
                    .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
                session::check_room_for_trainees(
                    present.len(),
                    checked.len(),
                    scheme.max_trainees,
                )?;
                let mut added = Vec::new();
                for (index, trainee) in checked.into_iter().enumerate() {
                    check_no_duplicate(&present, &trainee, format!("trainees[{index}]"))?;
                    let trainee_id = trainees::insert(conn, &id, &trainee, now)?;
                    added.push(trainee_id);
                    present.push(trainee);
                }
                let version = touch(conn, &editable.session, now)?;
                let records = trainees::of_session(conn, &id)?
                    .into_iter()
                    .filter(|record| added.contains(&record.id))
                    .map(TraineeView::from)
                    .collect::<Vec<_>>();
                Ok((records, version))
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, format!("\"{version}\"")))
        .json(added))
}

use super::steps::take;
use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::session::{self, SessionKind, Step};
use crate::error::{AppError, AppResult};
use crate::ids::SessionId;
use crate::store::{reference, trainees};
use crate::workflow::sessions::steps::{StepRequest, Taker};
use actix_web::{HttpRequest, HttpResponse, post, web};

/// Submit the session to its trainer (draft or returned → awaiting_trainer). Checked: the number
/// of trainees within the scheme's limits, a prior certificate (token or scan) for every MAC
/// trainee.
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = SessionId, Path, description = "The session's id"),
        ("If-Match" = Option<String>, Header, description = "The session's ETag; a stale one answers 412"),
    ),
    responses(
        (status = 200, description = "Submitted", body = super::SessionView,
            headers(("ETag" = String, description = "The session's new version"))),
        (status = 403, description = "Not a runner of the session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`session.trainee_count` or `session.mac_proof_missing`", body = Problem,
            content_type = "application/problem+json"),
        crate::api::sessions::SessionWriteRefusals,
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/submit")]
pub async fn submit_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SessionId>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let request = StepRequest {
        taker: Taker::Runner,
        step: Step::Submit,
        event: "submitted",
        comment: None,
    };
    take(
        &state,
        actor,
        id.into_inner(),
        &req,
        request,
        |conn, current| {
            let scheme = reference::scheme(conn, &current.scheme_code, current.level)?
                .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
            let id = &current.record.id;
            let trainees = trainees::of_session(conn, id)?;
            session::check_trainee_count(trainees.len(), scheme.min_trainees, scheme.max_trainees)?;
            let scanned = trainees::with_proof(conn, id)?;
            let missing: Vec<String> = trainees
                .iter()
                .filter(|trainee| {
                    trainee.prior_certificate_token.is_none() && !scanned.contains(&trainee.id)
                })
                .map(|trainee| format!("{} {}", trainee.family_name, trainee.given_name))
                .collect();
            let kind = SessionKind::parse(&current.record.kind)
                .ok_or_else(|| AppError::internal("unknown kind"))?;
            session::check_mac_proofs(kind, &missing)
        },
    )
    .await
}

use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::error::{AppError, AppResult, Code};
use crate::store::certificate_revocations;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct Revocation {
    /// The token id (`claims.token_id` of a verification).
    pub token_id: String,
    /// Why, for the record.
    pub reason: String,
}

/// Revoke a certificate by its token id (admins): `verify` answers `revoked` from then on.
#[utoipa::path(
    tag = "certificates",
    request_body = Revocation,
    responses(
        (status = 204, description = "Revoked (revoking again changes nothing)"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`certificate.invalid_revocation`: a token id and a reason are required",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/certificates/revocations")]
pub async fn revoke_certificate(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<Revocation>,
) -> AppResult<HttpResponse> {
    let revocation = body.into_inner();
    let token_id = revocation.token_id.trim().to_owned();
    let reason = revocation.reason.trim().to_owned();
    let now = state.clock.now();
    state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            access.require_admin()?;
            if token_id.is_empty() || token_id.len() > 64 || reason.is_empty() || reason.len() > 500
            {
                return Err(AppError::new(
                    Code::CertificateInvalidRevocation,
                    "Un identifiant de jeton (64 caractères au plus) et un motif (500 au plus) sont requis.",
                ));
            }
            certificate_revocations::revoke(conn, &token_id, &reason, &access.user_id, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::certificate::{CertifiedRole, Reason};
use crate::domain::session::SessionKind;
use crate::error::AppResult;
use crate::workflow::certificates::verify;
use actix_web::{post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    /// Exactly the text a scanner reads from the certificate's QR code: `FP1:` and Base45 (the
    /// compact CBOR/COSE form of cards printed from November 2026), or a former card's JWT.
    #[schema(
        example = "FP1:RRQXO8P600GK3-8T$LGM3RPO KBN-0100KB0*M0DY0W016C1O44RT9R:CGDLZKEQW5GEC2XO-3E2A4HWO*VDAXOLQEAI4KTCBU3EL41OAUSAN60X CZPC04EL%4ZED-EDMEDCUD1GR193%F71GR193PL71GR4935$2Z68MYMC7MF0U9Q55X7SRKDWAJ+5 FS+ZK+4Q764%FN1IT2:0NZ1JELGA2D*PND9LC8Z MDVEDQ6L%9KRFZEGBFK-MUJQPS6670"
    )]
    pub token: String,
}

/// What an authentic token certifies.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedClaims {
    /// What a revocation names.
    pub token_id: String,
    /// The key that signed it.
    pub key_id: String,
    pub family_name: String,
    pub given_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[schema(example = "SST")]
    pub scheme_code: String,
    pub level: i32,
    pub role: CertifiedRole,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<SessionKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    pub valid_until: NaiveDate,
    /// The training body, carried by former cards' JWTs only (a new card prints it, its QR code
    /// does not carry it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyAnswer {
    /// True only when `reason` is `valid`.
    pub valid: bool,
    pub reason: Reason,
    /// What the token says, when it is authentic (valid, expired or revoked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<VerifiedClaims>,
}

/// Verify a certificate's token (network agents and admins): authentic (signed by one of our
/// keys), not revoked, not expired. Works after the session is deleted: the token carries the
/// claims. A token that is not one answers 200 with `valid: false`.
#[utoipa::path(
    tag = "certificates",
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "The verdict", body = VerifyAnswer),
        (status = 403, description = "Not a network agent or admin (`certificate.verify_forbidden`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/certificates/verify")]
pub async fn verify_certificate(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<VerifyRequest>,
) -> AppResult<web::Json<VerifyAnswer>> {
    let token = body.into_inner().token;
    let today = state.clock.now().date_naive();
    let answer = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            access.check_verifies_certificates()?;
            let verification = verify::verify(conn, &token, today)?;
            let claims = verification.claims.map(|claims| VerifiedClaims {
                token_id: claims.jti,
                key_id: verification.kid.unwrap_or_default(),
                family_name: claims.family_name,
                given_name: claims.given_name,
                birth_date: claims.birth_date,
                scheme_code: claims.scheme_code,
                level: claims.level,
                role: claims.role,
                kind: claims.kind,
                start_date: claims.start_date,
                end_date: claims.end_date,
                valid_until: claims.valid_until,
                entity_name: claims.entity_name,
            });
            Ok(VerifyAnswer {
                valid: verification.reason == Reason::Valid,
                reason: verification.reason,
                claims,
            })
        })
        .await?;
    Ok(web::Json(answer))
}

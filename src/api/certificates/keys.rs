use crate::AppState;
use crate::error::AppResult;
use crate::store::certificate_keys;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// One public key (RFC 8037: an Ed25519 key as an octet key pair).
#[derive(Debug, Serialize, ToSchema)]
pub struct Jwk {
    #[schema(example = "OKP")]
    pub kty: &'static str,
    #[schema(example = "Ed25519")]
    pub crv: &'static str,
    /// The public key, base64url.
    pub x: String,
    /// The key id a token's header names.
    pub kid: String,
    #[schema(example = "EdDSA")]
    pub alg: &'static str,
    #[serde(rename = "use")]
    #[schema(example = "sig")]
    pub use_: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// The public keys that verify certificate tokens, as a JWKS (RFC 7517), for checkers that work
/// offline. Every key that ever signed is here: older cards keep verifying after a rotation.
#[utoipa::path(
    tag = "certificates",
    responses((status = 200, description = "The keys", body = Jwks)),
    security(())
)]
#[get("/certificates/keys")]
pub async fn list_certificate_keys(state: web::Data<AppState>) -> AppResult<web::Json<Jwks>> {
    let keys = state
        .db(|conn, _| Ok(certificate_keys::public_keys(conn)?))
        .await?;
    Ok(web::Json(Jwks {
        keys: keys
            .into_iter()
            .map(|(kid, x, _)| Jwk {
                kty: "OKP",
                crv: "Ed25519",
                x,
                kid,
                alg: "EdDSA",
                use_: "sig",
            })
            .collect(),
    }))
}

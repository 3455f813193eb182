//! `GET|PUT /api/v1/me/trainer-profile`: a trainer's caisse de rattachement and whether it wants
//! an e-mail when a session awaits it.

use crate::AppState;
use crate::api::json_body::JsonBody;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::trainer_profiles::{self, Profile};
use crate::store::{reference, trainer_certificates};
use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrainerProfile {
    /// The caisse the trainer belongs to.
    #[schema(example = "CARSAT_RA")]
    pub caisse_code: Option<String>,
    /// An e-mail when a session awaits the trainer's validation.
    pub session_alerts: bool,
}

fn registered_trainer(conn: &mut DbConnection, user: &UserId) -> AppResult<()> {
    if trainer_certificates::any(conn, user)? {
        Ok(())
    } else {
        Err(AppError::new(
            Code::TrainerNotATrainer,
            "Réservé aux formateurs du registre.",
        ))
    }
}

/// The caller's trainer profile.
#[utoipa::path(
    tag = "trainers",
    responses(
        (status = 200, description = "The profile", body = TrainerProfile),
        (status = 403, description = "The caller is not in the trainer registry", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/trainer-profile")]
pub async fn get_profile(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<TrainerProfile>> {
    let profile = state
        .db(move |conn, _| {
            registered_trainer(conn, &actor.user_id)?;
            Ok(trainer_profiles::find(conn, &actor.user_id)?)
        })
        .await?;
    Ok(web::Json(TrainerProfile {
        caisse_code: profile.caisse_code,
        session_alerts: profile.session_alerts,
    }))
}

/// Set the caller's trainer profile.
#[utoipa::path(
    tag = "trainers",
    request_body = TrainerProfile,
    responses(
        (status = 200, description = "The profile", body = TrainerProfile),
        (status = 403, description = "The caller is not in the trainer registry", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/trainer-profile")]
pub async fn set_profile(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<TrainerProfile>,
) -> AppResult<web::Json<TrainerProfile>> {
    let TrainerProfile {
        caisse_code,
        session_alerts,
    } = body.into_inner();
    let profile = Profile {
        caisse_code,
        session_alerts,
    };
    let now = state.clock.now();
    let saved = state
        .db(move |conn, _| {
            registered_trainer(conn, &actor.user_id)?;
            if let Some(code) = &profile.caisse_code
                && !reference::caisse_exists(conn, code)?
            {
                return Err(AppError::new(
                    Code::TrainerUnknownCaisse,
                    "Caisse inconnue.",
                ));
            }
            trainer_profiles::save(conn, &actor.user_id, &profile, now)?;
            Ok(trainer_profiles::find(conn, &actor.user_id)?)
        })
        .await?;
    Ok(web::Json(TrainerProfile {
        caisse_code: saved.caisse_code,
        session_alerts: saved.session_alerts,
    }))
}

use crate::AppState;
use crate::api::pagination::{Page, PageQuery};
use crate::error::AppResult;
use crate::ids::EntityId;
use crate::store::directory::{self, Filter};
use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryFilter {
    #[param(example = "SST")]
    pub scheme_code: Option<String>,
    #[param(example = 1)]
    pub level: Option<i32>,
    #[param(example = "CARSAT_RA")]
    pub caisse_code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeLevel {
    pub scheme_code: String,
    pub level: i32,
}

/// A habilitated entity, with only what it chose to publish.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryEntry {
    pub entity_id: EntityId,
    pub legal_name: String,
    pub postal_code: String,
    pub city: String,
    pub caisse_code: String,
    /// What it may train for today.
    pub habilitations: Vec<SchemeLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The public directory: entities that opted in and hold a habilitation in force (for the scheme
/// and level asked). No token.
#[utoipa::path(
    tag = "directory",
    params(DirectoryFilter, PageQuery),
    responses((status = 200, description = "One page of the directory", body = Page<DirectoryEntry>)),
    security(())
)]
#[get("/public/directory")]
pub async fn search_directory(
    state: web::Data<AppState>,
    filter: web::Query<DirectoryFilter>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<Page<DirectoryEntry>>> {
    let limit = page.limit()?;
    let after = page.cursor()?;
    let DirectoryFilter {
        scheme_code,
        level,
        caisse_code,
    } = filter.into_inner();
    let filter = Filter {
        scheme_code,
        level,
        caisse_code,
    };
    let today = state.clock.now().date_naive();
    let (listings, habilitations) = state
        .db(move |conn, _| {
            let listings = directory::search(conn, &filter, today, after.as_ref(), limit + 1)?;
            let ids: Vec<EntityId> = listings
                .iter()
                .map(|listing| listing.entity_id.clone())
                .collect();
            Ok((listings, directory::in_force(conn, &ids, today)?))
        })
        .await?;
    let entries = listings
        .into_iter()
        .map(|listing| DirectoryEntry {
            habilitations: habilitations
                .iter()
                .filter(|(entity, _, _)| *entity == listing.entity_id)
                .map(|(_, scheme_code, level)| SchemeLevel {
                    scheme_code: scheme_code.clone(),
                    level: *level,
                })
                .collect(),
            entity_id: listing.entity_id,
            legal_name: listing.legal_name,
            postal_code: listing.postal_code,
            city: listing.city,
            caisse_code: listing.caisse_code,
            email: listing.email,
            website: listing.website,
            phone: listing.phone,
        })
        .collect();
    Ok(web::Json(Page::new(entries, limit, |entry| {
        entry.entity_id.to_string()
    })))
}

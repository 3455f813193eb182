//! Reference data: the scheme catalogue, the caisses and the département map.

use crate::db::DbConnection;
use crate::db::schema::{caisses, departements, schemes};
use diesel::prelude::*;

/// One scheme at one level, with the figures its sessions must respect.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = schemes)]
#[schema(as = Scheme)]
pub struct SchemeRecord {
    #[schema(example = "SST")]
    pub code: String,
    /// 1 trains actors, 2 trains trainers.
    #[schema(example = 1)]
    pub level: i32,
    #[schema(example = "Sauveteur Secouriste du Travail")]
    pub name: String,
    /// How long a certificate stays valid after the session's last day.
    pub certificate_validity_months: i32,
    pub initial_min_hours: i32,
    pub mac_min_hours: i32,
    pub min_trainees: i32,
    pub max_trainees: i32,
    /// Whether a habilitation request for this scheme needs a déroulé pédagogique.
    pub deroule_required: bool,
}

pub fn schemes(conn: &mut DbConnection) -> QueryResult<Vec<SchemeRecord>> {
    schemes::table
        .order((schemes::code, schemes::level))
        .select(SchemeRecord::as_select())
        .load(conn)
}

pub fn scheme(
    conn: &mut DbConnection,
    code: &str,
    level: i32,
) -> QueryResult<Option<SchemeRecord>> {
    schemes::table
        .find((code, level))
        .select(SchemeRecord::as_select())
        .first(conn)
        .optional()
}

/// The caisse serving a département, if the network serves it.
pub fn caisse_of_departement(
    conn: &mut DbConnection,
    departement: &str,
) -> QueryResult<Option<String>> {
    departements::table
        .find(departement)
        .select(departements::caisse_code)
        .first(conn)
        .optional()
}

pub fn caisse_exists(conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(caisses::table.find(code))).get_result(conn)
}

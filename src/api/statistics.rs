//! `GET /statistics` and `GET /statistics.csv`: what the network certified, kept after the
//! purge, with no personal data.

use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::session::SessionKind;
use crate::domain::statistics::{self, GroupBy, Line};
use crate::error::{AppError, AppResult, FieldError};
use crate::ids::EntityId;
use crate::store::statistics::Selection;
use crate::workflow::statistics::report;
use actix_web::http::header::ACCEPT;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Months;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// The first month, `YYYY-MM` (default: eleven months before `to`).
    #[param(example = "2026-01", pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub from: Option<String>,
    /// The last month, `YYYY-MM` (default: this month).
    #[param(example = "2026-12", pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub to: Option<String>,
    /// What each line is per, comma-separated: `month`, `scheme`, `caisse`, `entity` (none: one
    /// line for everything).
    #[param(example = "month,scheme")]
    pub group_by: Option<String>,
    #[param(example = "SST")]
    pub scheme_code: Option<String>,
    pub level: Option<i32>,
    pub kind: Option<SessionKind>,
    #[param(example = "CARSAT_RA")]
    pub caisse_code: Option<String>,
    pub entity_id: Option<EntityId>,
}

/// The counters of the months asked for, summed per group.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatisticsReport {
    #[schema(example = "2026-01")]
    pub from: String,
    #[schema(example = "2026-12")]
    pub to: String,
    pub group_by: Vec<GroupBy>,
    pub lines: Vec<Line>,
}

const CSV_EXAMPLE: &str = "\u{feff}Mois;Sessions clôturées;Sessions annulées;Stagiaires;Réussis;Échoués;Certificats de formateur\r\n2026-11;2;1;17;15;2;0\r\n";

/// Who may read statistics and what: documented once for both operations.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // describes responses; never built
pub enum StatisticsRefusals {
    /// `statistics.out_of_scope`: the caller has no caisse or entity, or the filter names one
    /// outside its own
    #[response(status = 403, content_type = "application/problem+json")]
    OutOfScope(Problem),
    /// `request.invalid_fields`: a month not written `YYYY-MM`, or a group that does not exist
    /// (`errors` names `from`, `to` or `group_by`)
    #[response(status = 422, content_type = "application/problem+json")]
    InvalidFields(Problem),
}

/// Statistics of closed and cancelled sessions, per month, entity, caisse, scheme, level and
/// kind: sessions closed and cancelled, trainees, passed, failed, trainers certified. Counted at
/// each closure and cancellation and kept after the sessions are deleted; no name, no birth date,
/// no session id. Admins see the nation, network agents their caisse, managers their entities.
/// `Accept: text/csv` answers the spreadsheet of `GET /statistics.csv`.
#[utoipa::path(
    tag = "statistics",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "The report (as JSON, or as CSV with `Accept: text/csv`)",
            content(
                (StatisticsReport = "application/json", example = json!({
                    "from": "2026-01", "to": "2026-12", "group_by": ["month"],
                    "lines": [{ "month": "2026-11", "sessions_closed": 2, "sessions_cancelled": 1,
                        "trainees": 17, "passed": 15, "failed": 2, "trainer_certificates": 0 }]
                })),
                (String = "text/csv", example = json!(CSV_EXAMPLE)),
            )),
        StatisticsRefusals,
    ),
    security(("bearer" = []))
)]
#[get("/statistics")]
pub async fn get_statistics(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<StatisticsQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let wants_csv = req
        .headers()
        .get(ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"));
    let report = read(&state, actor, query.into_inner()).await?;
    if wants_csv {
        return spreadsheet(&report);
    }
    Ok(HttpResponse::Ok().json(report))
}

/// The statistics of `GET /statistics` as a spreadsheet (CSV: UTF-8 with a byte order mark,
/// `;` between cells): a column per group asked for, then the counters.
#[utoipa::path(
    tag = "statistics",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "The report", content_type = "text/csv", body = String,
            example = json!(CSV_EXAMPLE)),
        StatisticsRefusals,
    ),
    security(("bearer" = []))
)]
#[get("/statistics.csv")]
pub async fn download_statistics(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<StatisticsQuery>,
) -> AppResult<HttpResponse> {
    spreadsheet(&read(&state, actor, query.into_inner()).await?)
}

async fn read(
    state: &AppState,
    actor: Actor,
    query: StatisticsQuery,
) -> AppResult<StatisticsReport> {
    let this_month = state.clock.now().date_naive();
    let to = match &query.to {
        Some(to) => statistics::parse_month("to", to),
        None => Ok(statistics::month_of(this_month)),
    };
    let from = match &query.from {
        Some(from) => statistics::parse_month("from", from),
        None => Ok(statistics::month_of(
            this_month
                .checked_sub_months(Months::new(11))
                .unwrap_or(this_month),
        )),
    };
    let group_by = statistics::parse_group_by(query.group_by.as_deref().unwrap_or(""));
    let (from, to, group_by) = match (from, to, group_by) {
        (Ok(from), Ok(to), Ok(group_by)) => (from, to, group_by),
        (from, to, group_by) => {
            let errors: Vec<FieldError> = [from.err(), to.err(), group_by.err()]
                .into_iter()
                .flatten()
                .collect();
            return Err(AppError::invalid_fields(errors));
        }
    };
    let selection = Selection {
        scope: None,
        from: from.clone(),
        to: to.clone(),
        scheme_code: query.scheme_code,
        level: query.level,
        kind: query.kind.map(|kind| kind.as_str().to_owned()),
        caisse_code: query.caisse_code,
        entity_id: query.entity_id.map(|entity| entity.to_string()),
    };
    let groups = group_by.clone();
    let lines = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            report(conn, &access, selection, &groups)
        })
        .await?;
    Ok(StatisticsReport {
        from,
        to,
        group_by,
        lines,
    })
}

fn spreadsheet(report: &StatisticsReport) -> AppResult<HttpResponse> {
    let csv = statistics::csv(&report.group_by, &report.lines).map_err(AppError::internal)?;
    let file_name = format!("statistiques-{}-{}.csv", report.from, report.to);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(crate::api::download::attachment(&file_name))
        .body(csv))
}

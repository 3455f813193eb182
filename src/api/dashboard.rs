//! `GET /api/v1/dashboard?role=`: the caller's tasks "à traiter" for one of its roles, with counts
//! for the web app's badges.

use crate::AppState;
use crate::api::problem::Problem;
use crate::auth::Actor;
use crate::domain::access::Access;
use crate::domain::grant::Role;
use crate::domain::habilitation_request::RequestStatus;
use crate::domain::session::{SessionStatus, closure_deadline};
use crate::error::{AppError, AppResult, Code};
use crate::store::dashboard::{self, SessionScope, Waiting};
use crate::store::trainer_certificates;
use actix_web::{get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// One of the caller's roles.
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Trainer: sessions to validate.
    SessionsAwaitingTrainer,
    /// Manager, delegate: sessions the trainer sent back.
    SessionsReturned,
    /// Manager, delegate: validated sessions to close before their deadline (the item's date).
    SessionsToClose,
    /// Manager, delegate: closed sessions whose certificates nobody marked downloaded.
    CertificatesToDownload,
    /// Manager: habilitations ending within 6 months.
    HabilitationsExpiring,
    /// Manager: entities whose Urssaf attestation is older than 6 months, or missing.
    UrssafAttestationOutdated,
    /// Network agent: transmitted requests of its caisse.
    RequestsToReview,
    /// Admin: reviewed requests awaiting the commission.
    RequestsToDecide,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskItem {
    pub id: String,
    pub label: String,
    /// The date that matters: a session's last day or closure deadline, a habilitation's end,
    /// an attestation's issue, a request's transmission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Task {
    pub kind: TaskKind,
    /// All of them; `items` lists the first 20.
    pub count: i64,
    pub items: Vec<TaskItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Dashboard {
    pub role: Role,
    pub tasks: Vec<Task>,
}

fn session_task(
    conn: &mut crate::db::DbConnection,
    kind: TaskKind,
    scope: &SessionScope<'_>,
    waiting: Waiting,
) -> AppResult<Task> {
    let (count, rows) = dashboard::sessions_in(conn, scope, waiting)?;
    let deadline = matches!(kind, TaskKind::SessionsToClose);
    let items = rows
        .into_iter()
        .map(|(id, place, start, end)| TaskItem {
            id: id.to_string(),
            label: format!("{place}, du {start} au {end}"),
            date: Some(if deadline { closure_deadline(end) } else { end }),
        })
        .collect();
    Ok(Task { kind, count, items })
}

fn listed(kind: TaskKind, items: Vec<TaskItem>) -> Task {
    Task {
        kind,
        count: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items: items
            .into_iter()
            .take(usize::try_from(dashboard::LISTED).unwrap_or(usize::MAX))
            .collect(),
    }
}

/// The caller's tasks for one of its roles.
#[utoipa::path(
    tag = "dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, description = "The tasks", body = Dashboard),
        (status = 403, description = "The caller does not hold this role (`dashboard.role_not_held`)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/dashboard")]
pub async fn get_dashboard(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<DashboardQuery>,
) -> AppResult<web::Json<Dashboard>> {
    let role = query.into_inner().role;
    let today = state.clock.now().date_naive();
    let tasks = state
        .db(move |conn, _| {
            let access = Access::of(conn, &actor)?;
            let held = match role {
                Role::Admin => access.admin,
                Role::NetworkAgent => !access.caisses.is_empty(),
                Role::Manager => !access.managed.is_empty(),
                Role::Delegate => !access.delegated.is_empty(),
                Role::Trainer => trainer_certificates::any(conn, &access.user_id)?,
                Role::Signatory | Role::Integration => false,
            };
            if !held {
                return Err(AppError::new(
                    Code::DashboardRoleNotHeld,
                    "Vous n'avez pas ce rôle, ou il n'a pas de tâches.",
                ));
            }
            Ok(match role {
                Role::Trainer => vec![session_task(
                    conn,
                    TaskKind::SessionsAwaitingTrainer,
                    &SessionScope::Trainer(&access.user_id),
                    Waiting::InStatus(SessionStatus::AwaitingTrainer),
                )?],
                Role::Manager | Role::Delegate => {
                    let scope = if role == Role::Manager {
                        SessionScope::Entities(&access.managed)
                    } else {
                        SessionScope::Habilitations(&access.delegated)
                    };
                    let mut tasks = vec![
                        session_task(
                            conn,
                            TaskKind::SessionsReturned,
                            &scope,
                            Waiting::InStatus(SessionStatus::Returned),
                        )?,
                        session_task(
                            conn,
                            TaskKind::SessionsToClose,
                            &scope,
                            Waiting::InStatus(SessionStatus::Validated),
                        )?,
                        session_task(
                            conn,
                            TaskKind::CertificatesToDownload,
                            &scope,
                            Waiting::CertificatesNotDownloaded,
                        )?,
                    ];
                    if role == Role::Manager {
                        let expiring =
                            dashboard::habilitations_expiring(conn, &access.managed, today)?
                                .into_iter()
                                .map(|(id, scheme, level, until)| TaskItem {
                                    id: id.to_string(),
                                    label: format!("{scheme} niveau {level}"),
                                    date: Some(until),
                                })
                                .collect();
                        tasks.push(listed(TaskKind::HabilitationsExpiring, expiring));
                        let outdated = dashboard::urssaf_outdated(conn, &access.managed, today)?
                            .into_iter()
                            .map(|(id, name, issued)| TaskItem {
                                id: id.to_string(),
                                label: name,
                                date: issued,
                            })
                            .collect();
                        tasks.push(listed(TaskKind::UrssafAttestationOutdated, outdated));
                    }
                    tasks
                }
                Role::NetworkAgent | Role::Admin => {
                    let (kind, status) = if role == Role::Admin {
                        (TaskKind::RequestsToDecide, RequestStatus::Reviewed)
                    } else {
                        (TaskKind::RequestsToReview, RequestStatus::Transmitted)
                    };
                    let scoped = Access {
                        admin: role == Role::Admin,
                        ..access
                    };
                    let (count, rows) = dashboard::requests_in(conn, &scoped, status)?;
                    let items = rows
                        .into_iter()
                        .map(|(id, name, transmitted)| TaskItem {
                            id: id.to_string(),
                            label: name,
                            date: transmitted.map(|at| at.date()),
                        })
                        .collect();
                    vec![Task { kind, count, items }]
                }
                Role::Signatory | Role::Integration => Vec::new(),
            })
        })
        .await?;
    Ok(web::Json(Dashboard { role, tasks }))
}

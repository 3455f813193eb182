//! `forprev seed-demo`: a small demo world in an empty database, so that a new user can try the
//! API from Swagger UI in a minute: people in every role, two entities, SST habilitations, and
//! sessions in each status. Refused in production and on a database that has users.

use super::CliResult;
use crate::AppState;
use crate::auth::password;
use crate::clock::{Clock, SystemClock};
use crate::config::Environment;
use crate::db::{self, DbConnection};
use crate::domain::access::Access;
use crate::domain::entity::EntityKind;
use crate::domain::grant::{Grant, Role};
use crate::domain::session::{Outcome, SessionKind, SessionStatus};
use crate::domain::statistics::{self, Counts, Key};
use crate::error::{AppError, AppResult, Code};
use crate::ids::{EntityId, HabilitationId, SessionId, UserId};
use crate::store::sessions::{self, PlanFields};
use crate::store::statistics as statistics_store;
use crate::store::trainees::{self, TraineeFields};
use crate::store::trainer_certificates::NewCertificate;
use crate::store::users::NewUser;
use crate::store::{entities, grants, habilitations, trainer_certificates, users};
use crate::workflow::certificates::issue;
use crate::workflow::entities::input::{AddressInput, EntityInput};
use crate::workflow::sessions::steps::Current;
use crate::workflow::statistics as workflow_statistics;
use crate::workflow::trainees::correct::{self, Correction};
use chrono::{DateTime, Months, Utc};
use diesel::RunQueryDsl;
use std::sync::Arc;

/// The demo accounts' password unless FORPREV_DEMO_PASSWORD says otherwise.
pub const DEFAULT_PASSWORD: &str = "demo-forprev-2026";

pub struct DemoLogin {
    pub forprev_number: &'static str,
    pub role: &'static str,
}

pub fn run() -> CliResult {
    let config = super::start()?;
    if config.environment == Environment::Production {
        return Err("seed-demo is refused in production".into());
    }
    let password =
        std::env::var("FORPREV_DEMO_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.into());
    let bind_addr = config.bind_addr;
    let pool = db::open(&config.database_url, 1)?;
    let state = AppState::new(config, pool, Arc::new(SystemClock))?;
    let logins = seed(&state, &password, SystemClock.now())?;
    println!("Demo world created. Every account's password: {password}");
    for login in logins {
        println!("  {}  {}", login.forprev_number, login.role);
    }
    println!("Log in at POST /api/v1/auth/login, e.g. from http://{bind_addr}/swagger-ui/");
    Ok(())
}

/// Analyses the tables of the service's schema, and no other.
const ANALYZE_SCHEMA: &str = "DO $$ DECLARE t record; BEGIN \
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP \
    EXECUTE format('ANALYZE %I', t.tablename); END LOOP; END $$";

/// Seeds the database of `state` (which must be empty).
pub fn seed(state: &AppState, password: &str, now: DateTime<Utc>) -> AppResult<Vec<DemoLogin>> {
    let hash = password::hash(password);
    let mut conn = state.pool.get()?;
    let logins = conn.write_transaction(|conn| {
        if users::any(conn)? || entities::any(conn)? {
            return Err(AppError::new(
                Code::DemoNotEmpty,
                "the database is not empty: seed-demo only fills a new one",
            ));
        }
        let lyon = entity(
            conn,
            "90000000100017",
            "Secours Formation Lyon",
            "5 cours Lafayette",
            "69003",
            "Lyon",
            now,
        )?;
        let paris = entity(
            conn,
            "90000000200015",
            "Prévention Île-de-France Formation",
            "12 rue Oberkampf",
            "75011",
            "Paris",
            now,
        )?;
        let today = now.date_naive();
        let from = today - Months::new(12);
        let until = today + Months::new(48);
        let lyon_sst = habilitations::grant(conn, &lyon, "SST", 1, from, until, now)?;
        habilitations::grant(conn, &lyon, "SST", 2, from, until, now)?;
        let paris_sst = habilitations::grant(conn, &paris, "SST", 1, from, until, now)?;

        let scoped = |role: Role| Grant {
            role,
            ..Grant::admin()
        };
        let people = [
            (
                "ADM00001",
                "admin@demo.forprev.fr",
                "Martin",
                "Claire",
                Some(Grant::admin()),
                "admin (national)",
            ),
            (
                "AGT00001",
                "agent@demo.forprev.fr",
                "Bernard",
                "Luc",
                Some(Grant {
                    caisse_code: Some("CARSAT_RA".into()),
                    ..scoped(Role::NetworkAgent)
                }),
                "network agent, Carsat Rhône-Alpes",
            ),
            (
                "MAN00001",
                "gestion@sfl.demo.forprev.fr",
                "Durand",
                "Sophie",
                Some(Grant {
                    entity_id: Some(lyon.clone()),
                    ..scoped(Role::Manager)
                }),
                "manager, Secours Formation Lyon",
            ),
            (
                "SIG00001",
                "direction@sfl.demo.forprev.fr",
                "Lefèvre",
                "Éloïse",
                Some(Grant {
                    entity_id: Some(lyon.clone()),
                    ..scoped(Role::Signatory)
                }),
                "signatory, Secours Formation Lyon",
            ),
            (
                "MAN00002",
                "gestion@pidf.demo.forprev.fr",
                "Nguyen",
                "Thierry",
                Some(Grant {
                    entity_id: Some(paris.clone()),
                    ..scoped(Role::Manager)
                }),
                "manager, Prévention Île-de-France Formation",
            ),
            (
                "DEL00001",
                "delegue@pidf.demo.forprev.fr",
                "Rousseau",
                "Inès",
                Some(Grant {
                    habilitation_id: Some(paris_sst),
                    ..scoped(Role::Delegate)
                }),
                "delegate, SST level 1 of Prévention Île-de-France Formation",
            ),
            (
                "TRN00001",
                "formateur@demo.forprev.fr",
                "Garçon",
                "Mathéo",
                None,
                "trainer (SST certificate)",
            ),
        ];
        let mut logins = Vec::new();
        for (number, email, family_name, given_name, grant, role) in people {
            let forprev_number = number.parse().map_err(AppError::internal)?;
            let person = NewUser {
                forprev_number: &forprev_number,
                email,
                family_name,
                given_name,
                password_hash: Some(&hash),
                provisional: false,
            };
            let id = users::insert(conn, person, now)?;
            if let Some(grant) = grant {
                grants::insert(conn, &id, &grant, now)?;
            } else {
                let certificate = NewCertificate {
                    user_id: &id,
                    scheme_code: "SST",
                    kind: "trainer",
                    valid_from: from,
                    valid_until: today + Months::new(24),
                    origin: "import",
                    card: None,
                    token: None,
                };
                trainer_certificates::record(conn, certificate, now)?;
            }
            logins.push(DemoLogin {
                forprev_number: number,
                role,
            });
        }
        let find = |conn: &mut DbConnection, number: &str| -> AppResult<UserId> {
            let number = number.parse().map_err(AppError::internal)?;
            Ok(users::find_by_forprev_number(conn, &number)?
                .ok_or_else(AppError::not_found)?
                .id)
        };
        let trainer = find(conn, "TRN00001")?;
        let manager = find(conn, "MAN00001")?;
        demo_sessions(conn, state, &lyon_sst, &lyon, &trainer, &manager, now)?;
        past_statistics(conn, &[(&lyon, "CARSAT_RA"), (&paris, "CRAMIF")], now)?;
        Ok(logins)
    })?;
    // Tables of a few rows never reach autovacuum's threshold (50 changed rows): PostgreSQL
    // would plan every read on default estimates, for tables of hundreds of rows, and build
    // hash tables at each run. The demo world's tables get their statistics once seeded.
    if matches!(*conn, DbConnection::Postgresql(_)) {
        diesel::sql_query(ANALYZE_SCHEMA).execute(&mut *conn)?;
    }
    Ok(logins)
}

fn entity(
    conn: &mut DbConnection,
    siret: &str,
    legal_name: &str,
    line: &str,
    postal_code: &str,
    city: &str,
    now: DateTime<Utc>,
) -> AppResult<EntityId> {
    let input = EntityInput {
        siret: siret.into(),
        legal_name: legal_name.into(),
        kind: EntityKind::TrainingBody,
        nda: Some("84691234569".into()),
        address: AddressInput {
            line: line.into(),
            postal_code: postal_code.into(),
            city: city.into(),
        },
        headcount: 12,
        contact_email: Some(format!("contact@{}.demo.forprev.fr", postal_code)),
        contact_phone: Some("04 72 00 00 00".into()),
    };
    let fields = input.check()?.place(conn)?;
    Ok(entities::insert(conn, &fields, now)?)
}

/// The statistics of the six months before this one, as if the entities had closed sessions
/// then (the sessions themselves would be purged by now).
fn past_statistics(
    conn: &mut DbConnection,
    entities: &[(&EntityId, &str)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    for months_ago in 1..=6_u32 {
        let month = statistics::month_of(now.date_naive() - Months::new(months_ago));
        for (n, (entity, caisse)) in (0_i64..).zip(entities) {
            let key = Key {
                month: month.clone(),
                entity_id: entity.to_string(),
                caisse_code: (*caisse).to_owned(),
                scheme_code: "SST".into(),
                level: 1,
                kind: "initial".into(),
            };
            let passed = 8 + i64::from(months_ago) + n;
            statistics_store::add(
                conn,
                &key,
                &Counts::closure(passed, months_ago.into(), false),
            )?;
            if months_ago % 3 == 0 {
                statistics_store::add(conn, &key, &Counts::cancellation())?;
            }
        }
    }
    Ok(())
}

/// Sessions of Secours Formation Lyon's SST level 1 habilitation, one in each status, each with
/// four trainees; the closed one (two weeks ago) has its certificates, one of them corrected.
fn demo_sessions(
    conn: &mut DbConnection,
    state: &AppState,
    habilitation: &HabilitationId,
    entity: &EntityId,
    trainer: &UserId,
    manager: &UserId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let today = now.date_naive();
    let steps: [(SessionStatus, Option<&str>); 6] = [
        (SessionStatus::Draft, None),
        (SessionStatus::AwaitingTrainer, None),
        (
            SessionStatus::Returned,
            Some("Date de naissance de Camille Robert à vérifier"),
        ),
        (SessionStatus::Validated, None),
        (SessionStatus::Cancelled, None),
        (SessionStatus::Closed, None),
    ];
    for (week, (status, comment)) in (1u64..).zip(steps) {
        let start = if status == SessionStatus::Closed {
            today - chrono::Days::new(14)
        } else {
            today + chrono::Days::new(7 * week)
        };
        let fields = PlanFields {
            kind: SessionKind::Initial.as_str().to_owned(),
            start_date: start,
            end_date: start + chrono::Days::new(1),
            hours: 14,
            place: "Lyon, 5 cours Lafayette".into(),
            trainer_id: trainer.clone(),
        };
        let id = sessions::insert(conn, habilitation, entity, &fields, manager, now)?;
        for (family_name, given_name) in [
            ("Robert", "Camille"),
            ("Petit", "Hugo"),
            ("Moreau", "Léa"),
            ("Fournier", "Noé"),
        ] {
            let trainee = TraineeFields {
                family_name: family_name.into(),
                given_name: given_name.into(),
                birth_date: chrono::NaiveDate::from_ymd_opt(1995, 3, 14).unwrap_or_default(),
                prior_certificate_token: None,
                forprev_number: None,
                // Léa consents to receive her certificate by e-mail: the closed session queues it.
                email: (given_name == "Léa").then(|| "lea.moreau@exemple.fr".into()),
                send_certificate: given_name == "Léa",
            };
            let trainee_id = trainees::insert(conn, &id, &trainee, now)?;
            if matches!(status, SessionStatus::Validated | SessionStatus::Closed) {
                trainees::set_result(conn, &trainee_id, true, Outcome::Passed.as_str(), now)?;
            }
        }
        if status == SessionStatus::Closed {
            sessions::transition(conn, &id, 1, SessionStatus::Validated, None, false, now)?;
            let access = Access::load(conn, manager)?.ok_or_else(AppError::not_found)?;
            let closed = seen(conn, &access, &id, status)?;
            let session = (&closed.record, closed.scheme_code.as_str(), closed.level);
            let issue = issue::prepare(conn, &state.signer, session, manager)?;
            sessions::transition(conn, &id, 2, status, None, true, now)?;
            issue::record(
                conn,
                &state.config,
                &closed.record,
                closed.level,
                &issue,
                now,
            )?;
            workflow_statistics::count_closure(conn, &closed, now)?;
            // A birth date found wrong after closure, its certificate corrected.
            let petit = trainees::of_session(conn, &id)?
                .into_iter()
                .find(|trainee| trainee.family_name == "Petit")
                .ok_or_else(AppError::not_found)?;
            let correction = Correction {
                family_name: None,
                given_name: None,
                birth_date: chrono::NaiveDate::from_ymd_opt(1995, 3, 15),
            };
            correct::correct(
                conn,
                &state.signer,
                &access,
                (&id, &petit.id),
                correction,
                now,
            )?;
        } else if status != SessionStatus::Draft {
            sessions::transition(
                conn,
                &id,
                1,
                status,
                comment,
                status == SessionStatus::Cancelled,
                now,
            )?;
            if status == SessionStatus::Cancelled {
                let access = Access::load(conn, manager)?.ok_or_else(AppError::not_found)?;
                let cancelled = seen(conn, &access, &id, status)?;
                workflow_statistics::count_cancellation(conn, &cancelled, now)?;
            }
        }
    }
    Ok(())
}

/// A demo session as the steps of its workflow see it.
fn seen(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    status: SessionStatus,
) -> AppResult<Current> {
    let (record, scheme_code, level) =
        sessions::find_visible(conn, access, id)?.ok_or_else(AppError::not_found)?;
    Ok(Current {
        record,
        scheme_code,
        level,
        status,
    })
}

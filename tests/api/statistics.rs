//! Statistics: counted at closure and cancellation, kept after the purge with nothing personal,
//! read within one's scope, as JSON or as a spreadsheet.

use crate::common::{Clock, TestApp, agent_of, manager_of, siret};
use crate::session_workflow::{closed_trainers_session, journey_of};
use actix_web::test::TestRequest;
use chrono::Duration;
use diesel::prelude::*;
use forprev::domain::grant::Grant;
use forprev::jobs::purge;
use serde_json::{Value, json};

const REPORT: &str = "/api/v1/statistics?group_by=month,scheme,caisse";

fn this_month(app: &TestApp) -> String {
    app.clock.now().format("%Y-%m").to_string()
}

/// Every text the statistics table holds, row by row.
fn stored_cells(app: &TestApp) -> Vec<String> {
    use forprev::db::schema::statistics as s;
    let rows: Vec<(String, String, String, String, String)> = s::table
        .select((
            s::month,
            s::entity_id,
            s::caisse_code,
            s::scheme_code,
            s::kind,
        ))
        .load(&mut *app.conn())
        .unwrap();
    rows.into_iter()
        .flat_map(|(a, b, c, d, e)| [a, b, c, d, e])
        .collect()
}

#[actix_web::test]
async fn a_closure_is_counted_and_its_counts_outlive_the_purge_with_nothing_personal() {
    let (j, closed) = closed_trainers_session().await;
    let app = &j.app;
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let admin = app.token("ADM00001").await;
    let expected = json!([{
        "month": this_month(app), "scheme_code": "SST", "caisse_code": "CARSAT_RA",
        "sessions_closed": 1, "sessions_cancelled": 0, "trainees": 5, "passed": 5, "failed": 0,
        "trainer_certificates": 5,
    }]);
    let report = app.get(REPORT, &admin).await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(report.body["lines"], expected);
    assert_eq!(
        report.body["group_by"],
        json!(["month", "scheme", "caisse"])
    );

    let closed_at: chrono::DateTime<chrono::Utc> =
        closed.body["closed_at"].as_str().unwrap().parse().unwrap();
    let purged = purge::run(&app.state.pool, closed_at + Duration::days(16)).unwrap();
    assert_eq!(purged.sessions, 1);
    assert_eq!(app.get(REPORT, &admin).await.body["lines"], expected);
    let cells = stored_cells(app);
    assert!(!cells.is_empty());
    for name in [
        "Bernard",
        "Martin",
        "Petit",
        "Roux",
        "Simon",
        "Alex",
        "1985",
        "exemple.fr",
    ] {
        assert!(
            cells.iter().all(|cell| !cell.contains(name)),
            "{name} in {cells:?}"
        );
    }
}

#[actix_web::test]
async fn each_reads_the_statistics_of_its_scope_and_no_other() {
    let j = journey_of(1, "initial", vec![]).await;
    let cancelled = j.step(&j.manager, "cancel", Value::Null).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let app = &j.app;
    app.user("AGT00001", "agent@carsat-ra.fr", &[agent_of("CARSAT_RA")]);
    app.user("AGT00002", "agent@cramif.fr", &[agent_of("CRAMIF")]);
    let other = app.entity(&siret(3), "69002");
    app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);

    for (number, lines) in [
        ("MAN00001", 1),
        ("AGT00001", 1),
        ("AGT00002", 0),
        ("MAN00002", 0),
    ] {
        let token = app.token(number).await;
        let report = app.get(REPORT, &token).await;
        assert_eq!(report.status, 200, "{number}: {}", report.body);
        let found = report.body["lines"].as_array().unwrap();
        assert_eq!(found.len(), lines, "{number}: {}", report.body);
        if lines == 1 {
            assert_eq!(found[0]["sessions_cancelled"], 1);
            assert_eq!(found[0]["sessions_closed"], 0);
        }
    }
    // A manager's filter on the caisse of its entity is within its scope.
    let own_caisse = app
        .get("/api/v1/statistics?caisse_code=CARSAT_RA", &j.manager)
        .await;
    assert_eq!(own_caisse.body["lines"][0]["sessions_cancelled"], 1);
    // Outside one's scope: a caller with no caisse or entity, a filter naming another's.
    app.get(REPORT, &j.trainer)
        .await
        .assert_problem(403, "statistics.out_of_scope");
    app.get("/api/v1/statistics?caisse_code=CRAMIF", &j.manager)
        .await
        .assert_problem(403, "statistics.out_of_scope");
    let cramif = app.token("AGT00002").await;
    app.get(&format!("/api/v1/statistics?entity_id={other}"), &cramif)
        .await
        .assert_problem(403, "statistics.out_of_scope");
}

#[actix_web::test]
async fn a_report_is_a_spreadsheet_on_demand_and_bad_parameters_are_named() {
    let j = journey_of(1, "initial", vec![]).await;
    j.step(&j.manager, "cancel", Value::Null).await;
    let app = &j.app;
    let month = this_month(app);
    let expected = format!(
        "\u{feff}Mois;Dispositif;Sessions clôturées;Sessions annulées;Stagiaires;Réussis;Échoués;\
         Certificats de formateur\r\n{month};SST;0;1;0;0;0;0\r\n"
    );
    let file = app
        .get("/api/v1/statistics.csv?group_by=month,scheme", &j.manager)
        .await;
    assert_eq!(file.status, 200);
    assert_eq!(String::from_utf8(file.bytes).unwrap(), expected);
    let negotiated = app
        .send(
            TestRequest::get()
                .uri("/api/v1/statistics?group_by=month,scheme")
                .insert_header(("Authorization", format!("Bearer {}", j.manager)))
                .insert_header(("Accept", "text/csv")),
        )
        .await;
    assert_eq!(String::from_utf8(negotiated.bytes).unwrap(), expected);
    // A month with nothing counted, and the level and kind filters.
    let empty = app
        .get(
            "/api/v1/statistics?from=2020-01&to=2020-12&level=2&kind=mac",
            &j.manager,
        )
        .await;
    assert_eq!(empty.body["lines"], json!([]));

    let refused = app
        .get(
            "/api/v1/statistics?from=2026-13&group_by=month,name",
            &j.manager,
        )
        .await;
    assert_eq!(refused.invalid_fields(), ["from", "group_by"]);
}

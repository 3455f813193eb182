use crate::common::{Clock, TestApp};
use diesel::prelude::*;
use forprev::cli::seed_demo::seed;
use forprev::db::schema::outbox;

#[actix_web::test]
async fn the_demo_world_logs_in_and_is_seeded_once() {
    let app = TestApp::new().await;
    let password = "un mot de passe assez long";
    let logins = seed(&app.state, password, app.clock.now()).unwrap();
    assert_eq!(logins.len(), 7);

    let manager = app.login("MAN00001", password).await;
    assert_eq!(manager.status, 200, "{}", manager.body);
    let token = manager.body["access_token"].as_str().unwrap();
    let entities = app.get("/api/v1/entities", token).await;
    assert_eq!(entities.body["items"].as_array().unwrap().len(), 1);
    let habilitations = app.get("/api/v1/habilitations", token).await;
    assert!(
        habilitations.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["status"] == "active")
    );
    let agent = app.login("AGT00001", password).await;
    let agent_entities = app
        .get(
            "/api/v1/entities",
            agent.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(agent_entities.body["items"][0]["caisse_code"], "CARSAT_RA");
    let delegate = app.login("DEL00001", password).await;
    let own = app
        .get(
            "/api/v1/habilitations",
            delegate.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(own.body["items"].as_array().unwrap().len(), 1);

    // Sessions in each status: one awaits the trainer, one returned, one to close, one closed
    // whose certificates wait to be downloaded.
    let trainer = app.login("TRN00001", password).await;
    let trainer_tasks = app
        .get(
            "/api/v1/dashboard?role=trainer",
            trainer.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(
        trainer_tasks.body["tasks"][0]["count"], 1,
        "{}",
        trainer_tasks.body
    );
    let manager_tasks = app.get("/api/v1/dashboard?role=manager", token).await;
    let counts: Vec<i64> = manager_tasks.body["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_i64().unwrap())
        .collect();
    assert_eq!(counts[..3], [1, 1, 1], "{}", manager_tasks.body);
    let sessions = app.get("/api/v1/sessions", token).await;
    assert_eq!(sessions.body["items"].as_array().unwrap().len(), 6);
    // Statistics of the six months before (for Lyon, the manager's entity), and of this month's
    // closure and cancellation.
    let statistics = app.get("/api/v1/statistics?group_by=month", token).await;
    let lines = statistics.body["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 7, "{}", statistics.body);
    let this_month = &lines[6];
    assert_eq!(this_month["sessions_closed"], 1, "{}", statistics.body);
    assert_eq!(this_month["sessions_cancelled"], 1, "{}", statistics.body);

    // Léa Moreau consented to receive her certificate: the closure queued it.
    let copies: Vec<String> = outbox::table
        .filter(outbox::topic.eq("certificate.copy"))
        .select(outbox::recipient)
        .load(&mut *app.conn())
        .unwrap();
    assert_eq!(copies, ["lea.moreau@exemple.fr"]);

    // On PostgreSQL the demo's tables have statistics (-1: never analysed), its own schema's.
    if let forprev::db::DbConnection::Postgresql(conn) = &mut *app.conn() {
        #[derive(QueryableByName)]
        struct Estimate {
            #[diesel(sql_type = diesel::sql_types::Float)]
            reltuples: f32,
        }
        let sessions: Estimate = diesel::sql_query(
            "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname = 'sessions' AND n.nspname = current_schema()",
        )
        .get_result(conn)
        .unwrap();
        assert!(sessions.reltuples > 0.0, "{}", sessions.reltuples);
    }

    let again = seed(&app.state, password, app.clock.now());
    assert_eq!(again.err().map(|e| e.code.as_str()), Some("demo.not_empty"));
}

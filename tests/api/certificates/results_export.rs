//! The results as a spreadsheet: for the session's runners once validated, one line per trainee,
//! as French spreadsheet software opens it, formulas neutralised, gone with the session.

use super::*;
use diesel::prelude::*;

fn results_path(j: &Journey) -> String {
    format!("{}/results.csv", j.path)
}

/// The file's lines, split into cells (no cell here holds a `;`).
fn lines(response: &Response) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(&response.bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    assert!(text.ends_with("\r\n"), "lines end with CRLF");
    text.lines()
        .map(|line| line.split(';').map(str::to_owned).collect())
        .collect()
}

#[actix_web::test]
async fn a_runner_downloads_one_line_per_trainee_with_its_outcome_and_validity() {
    let j = validated(1, four_trainees()).await;
    // A legal name that a spreadsheet would run as a formula.
    j.app.call_store(|conn| {
        diesel::update(forprev::db::schema::entities::table)
            .set(forprev::db::schema::entities::legal_name.eq("=HYPERLINK(\"http://x\")"))
            .execute(conn)
    });

    let response = j.app.get(&results_path(&j), &j.manager).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let content_type = response.headers.get("content-type").unwrap();
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let disposition = response.headers.get("content-disposition").unwrap();
    assert!(
        disposition
            .to_str()
            .unwrap()
            .contains("resultats-SST-2026-12-08-")
    );
    let lines = lines(&response);
    assert_eq!(lines.len(), 5, "a header and four trainees: {lines:?}");
    assert_eq!(
        lines[0][..5],
        ["Nom", "Prénom", "Date de naissance", "E-mail", "Résultat"]
    );
    assert_eq!(lines[0].len(), 18);
    let line = |family_name: &str| {
        lines
            .iter()
            .find(|line| line[0] == family_name)
            .unwrap_or_else(|| panic!("no line for {family_name}: {lines:?}"))
            .clone()
    };
    let eloise = line("Lefèvre-Garçon");
    assert_eq!(eloise[1..3], ["Éloïse", "12/05/1990"]);
    assert_eq!(eloise[4], "Réussi");
    assert_eq!(
        eloise[5..10],
        [
            "SST",
            "Sauveteur Secouriste du Travail",
            "1",
            "Formation initiale",
            "07/12/2026"
        ]
    );
    assert_eq!(eloise[13], siret(1));
    assert_eq!(
        eloise[14], "\"'=HYPERLINK(\"\"http://x\"\")\"",
        "neutralised, then quoted"
    );
    assert_eq!(eloise[15], "TRN00001");
    assert_eq!(eloise[17], "08/12/2028");
    let martin = line("Martin");
    assert_eq!((martin[4].as_str(), martin[17].as_str()), ("Échoué", ""));
    assert_eq!(line("Wałęsa")[1], "Łukasz");

    // Closed: still there, until the session is deleted.
    let closed = close(&j).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(j.app.get(&results_path(&j), &j.manager).await.status, 200);
    let id: forprev::ids::SessionId = j.path.rsplit('/').next().unwrap().parse().unwrap();
    let etag = closed.headers.get("etag").unwrap().to_str().unwrap();
    let version: i32 = etag.trim_matches('"').parse().unwrap();
    assert!(forprev::store::sessions::delete(&mut j.app.conn(), &id, version).unwrap());
    let gone = j.app.get(&results_path(&j), &j.manager).await;
    gone.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn results_are_for_runners_once_final() {
    let j = journey_of(1, "initial", four_trainees()).await;
    let draft = j.app.get(&results_path(&j), &j.manager).await;
    draft.assert_problem(409, "session.results_not_final");
    assert_eq!(j.step(&j.manager, "submit", Value::Null).await.status, 200);
    let submitted = j.app.get(&results_path(&j), &j.manager).await;
    submitted.assert_problem(409, "session.results_not_final");

    let marked = j.mark_each(|_, t| t["family_name"] != "Martin").await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    let sent = j.step(&j.trainer, "results/send", Value::Null).await;
    assert_eq!(sent.body["status"], "validated", "{}", sent.body);

    // The trainer is no runner; another entity's manager does not see the session at all.
    let trainer = j.app.get(&results_path(&j), &j.trainer).await;
    assert_eq!(trainer.status, 403, "{}", trainer.body);
    let other = j.app.entity(&siret(2), "69003");
    j.app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let stranger = j.app.token("MAN00002").await;
    let refused = j.app.get(&results_path(&j), &stranger).await;
    refused.assert_problem(404, "not_found");
    assert!(!refused.body.to_string().contains("Lefèvre"));
}

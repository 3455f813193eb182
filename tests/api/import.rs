use crate::common::{Clock, TestApp, siret};
use forprev::cli::import::{FileReport, import_dir};
use forprev::domain::grant::Grant;
use std::path::Path;

fn write(dir: &Path, name: &str, content: &str) {
    std::fs::write(dir.join(name), content).unwrap();
}

fn files(dir: &Path) {
    let (a, b) = (siret(1), siret(2));
    write(
        dir,
        "entities.csv",
        &format!(
            "siret,legal_name,kind,nda,address_line,postal_code,city,headcount,contact_email,contact_phone\n\
         {a},Secours Formation Lyon,training_body,84691234569,5 cours Lafayette,69003,Lyon,12,contact@sfl.fr,04 72 00 00 00\n\
         {b},Usine Dupont,company,,1 rue de l'Usine,75019,Paris,250,,\n\
         77567145600083,Mauvais SIRET,company,,1 rue,75001,Paris,3,,\n\
         {c},Sans NDA,training_body,,1 rue,69001,Lyon,3,,\n",
            c = siret(3)
        ),
    );
    write(
        dir,
        "users.csv",
        "forprev_number,email,family_name,given_name\n\
         JKA37899,Sophie.Durand@sfl.fr,Durand,Sophie\n\
         ABC12345,marc@usine.fr,Dupont,Marc\n\
         abc1234,bad@x.fr,X,Y\n",
    );
    write(
        dir,
        "habilitations.csv",
        &format!(
            "entity_siret,scheme_code,level,valid_from,valid_until\n\
         {a},SST,1,2024-01-01,2028-12-31\n\
         {a},SST,2,2024-01-01,2028-12-31\n\
         {b},SST,3,2024-01-01,2028-12-31\n",
            a = siret(1),
            b = siret(2)
        ),
    );
    write(
        dir,
        "grants.csv",
        &format!(
            "forprev_number,role,entity_siret,scheme_code,level,caisse_code\n\
         JKA37899,manager,{a},,,\n\
         ABC12345,delegate,{a},SST,1,\n\
         ABC12345,trainer,,,,\n\
         JKA37899,network_agent,,,,CARSAT_XX\n",
            a = siret(1)
        ),
    );
    write(
        dir,
        "trainer_certificates.csv",
        "forprev_number,scheme_code,kind,valid_from,valid_until\n\
         ABC12345,SST,trainer,2025-01-10,2028-01-09\n\
         ABC12345,SST,chef,2025-01-10,2028-01-09\n",
    );
}

fn counts(reports: &[FileReport]) -> Vec<(&str, usize, usize, usize)> {
    reports
        .iter()
        .map(|r| (r.name, r.imported, r.already_present, r.rejected.len()))
        .collect()
}

#[actix_web::test]
async fn an_import_loads_valid_lines_reports_the_rest_and_runs_twice_safely() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    files(dir.path());

    let first = import_dir(&mut app.conn(), dir.path(), app.clock.now()).unwrap();
    assert_eq!(
        counts(&first),
        [
            ("entities.csv", 2, 0, 2),
            ("users.csv", 2, 0, 1),
            ("habilitations.csv", 2, 0, 1),
            ("grants.csv", 2, 0, 2),
            ("trainer_certificates.csv", 1, 0, 1),
        ]
    );
    let report = first[0].to_string();
    assert!(report.contains("line 4: siret"), "{report}");
    assert!(report.contains("line 5: nda"), "{report}");

    let second = import_dir(&mut app.conn(), dir.path(), app.clock.now()).unwrap();
    assert_eq!(
        counts(&second),
        [
            ("entities.csv", 0, 2, 2),
            ("users.csv", 0, 2, 1),
            ("habilitations.csv", 0, 2, 1),
            ("grants.csv", 0, 2, 2),
            ("trainer_certificates.csv", 0, 1, 1),
        ]
    );

    // What was imported is what the API shows.
    app.user("ADM00001", "admin@inrs.fr", &[Grant::admin()]);
    let admin = app.token("ADM00001").await;
    let listed = app.get("/api/v1/entities", &admin).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed.body["items"][0]["contact_phone"], "+33472000000");
}

#[actix_web::test]
async fn a_file_with_a_structural_error_writes_nothing() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "entities.csv",
        &format!(
            "siret,legal_name,kind,nda,address_line,postal_code,city,headcount,contact_email,contact_phone\n\
         {a},Bon,company,,1 rue,75001,Paris,3,,\n\
         {b},Ligne tronquée,company\n",
            a = siret(1),
            b = siret(2)
        ),
    );
    write(
        dir.path(),
        "users.csv",
        "forprev_number,mail,family_name,given_name\nJKA37899,a@b.fr,A,B\n",
    );

    let reports = import_dir(&mut app.conn(), dir.path(), app.clock.now()).unwrap();
    assert!(reports[0].structural_error.is_some());
    assert!(
        reports[1]
            .structural_error
            .as_deref()
            .unwrap()
            .contains("columns must be")
    );
    assert!(reports[2].absent);
    assert_eq!(
        forprev::store::entities::find_by_siret(&mut app.conn(), &siret(1))
            .unwrap()
            .map(|e| e.id),
        None
    );
}

//! Trainees from a spreadsheet: CSV in both encodings and separators, XLSX, the dry run, the
//! lines rejected, the files refused, the tenant's isolation and the templates.

use crate::common::{BOUNDARY, Response, TestApp, form, manager_of, siret};
use crate::trainees::draft_session;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use std::io::Write;

async fn import(
    app: &TestApp,
    token: &str,
    path: &str,
    file: &[u8],
    dry_run: Option<&str>,
) -> Response {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("file", Some("stagiaires"), file)];
    if let Some(dry_run) = dry_run {
        parts.push(("dry_run", None, dry_run.as_bytes()));
    }
    app.send(
        TestRequest::post()
            .uri(&format!("{path}/trainees/import"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header((
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            ))
            .set_payload(form(&parts)),
    )
    .await
}

/// Each error of `errors` as (line, field, code).
fn named(errors: &Value) -> Vec<(u64, String, String)> {
    errors
        .as_array()
        .unwrap()
        .iter()
        .map(|error| {
            let text = |key: &str| error[key].as_str().unwrap().to_owned();
            (error["line"].as_u64().unwrap(), text("field"), text("code"))
        })
        .collect()
}

/// The errors `named` gives, for comparing with literals.
fn borrowed(named: &[(u64, String, String)]) -> Vec<(u64, &str, &str)> {
    named
        .iter()
        .map(|(line, field, code)| (*line, field.as_str(), code.as_str()))
        .collect()
}

async fn trainees(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let listed = app.get(&format!("{path}/trainees"), token).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["items"].as_array().unwrap().clone()
}

/// An XLSX of `rows` (the header first): a text, or a date as a spreadsheet stores it.
fn xlsx(rows: &[&[Cell]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            let (row, column) = (u32::try_from(row).unwrap(), u16::try_from(column).unwrap());
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, *text).map(drop),
                Cell::Date(y, m, d) => {
                    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(row, column, &day, &date)
                        .map(drop)
                }
                Cell::Formula(formula) => sheet.write_formula(row, column, *formula).map(drop),
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

enum Cell {
    Text(&'static str),
    Date(u16, u8, u8),
    Formula(&'static str),
}

#[actix_web::test]
async fn a_windows_1252_csv_is_checked_by_a_dry_run_then_imported() {
    let (app, token, path) = draft_session(1).await;
    // As French spreadsheet software saves "CSV (séparateur : point-virgule)".
    let file = b"Nom;Pr\xe9nom;Date de naissance;Entreprise\r\n\
        Lef\xe8vre-Gar\xe7on;\xc9lo\xefse;12/05/1990;ACME\r\n\
        Martin;Jos\xe9;1985-03-01;\r\n";
    let dry = import(&app, &token, &path, file, Some("true")).await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert_eq!(
        dry.body,
        json!({"dry_run": true, "accepted": 2, "rejected": [], "trainees": []})
    );
    assert_eq!(dry.headers.get("etag").unwrap(), "\"1\"");
    assert!(
        trainees(&app, &token, &path).await.is_empty(),
        "a dry run adds no one"
    );

    let done = import(&app, &token, &path, file, None).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.body["accepted"], 2);
    assert_eq!(done.headers.get("etag").unwrap(), "\"2\"");
    let names: Vec<_> = trainees(&app, &token, &path)
        .await
        .iter()
        .map(|t| {
            format!(
                "{} {} {}",
                t["family_name"], t["given_name"], t["birth_date"]
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "\"Lefèvre-Garçon\" \"Éloïse\" \"1990-05-12\"",
            "\"Martin\" \"José\" \"1985-03-01\""
        ]
    );
    // The same file again: both are in the session already, and nothing is added.
    let again = import(&app, &token, &path, file, None).await;
    again.assert_problem(422, "import.rejected");
    let duplicate = |line| (line, "family_name".to_owned(), "duplicate".to_owned());
    assert_eq!(named(&again.body["errors"]), [duplicate(2), duplicate(3)]);
    assert_eq!(trainees(&app, &token, &path).await.len(), 2);
}

#[actix_web::test]
async fn an_xlsx_with_columns_in_any_order_and_date_cells_is_imported() {
    let (app, token, path) = draft_session(1).await;
    let file = xlsx(&[
        &[
            Cell::Text("Date de naissance"),
            Cell::Text("E-mail"),
            Cell::Text("Prénom"),
            Cell::Text("Nom"),
        ],
        &[
            Cell::Date(1990, 5, 12),
            Cell::Text("eloise@example.fr"),
            Cell::Text("Éloïse"),
            Cell::Text("Lefèvre"),
        ],
        &[
            Cell::Text("31/01/2001"),
            Cell::Text(""),
            Cell::Text("Ștefan"),
            Cell::Text("Țurcanu"),
        ],
    ]);
    let done = import(&app, &token, &path, &file, Some("false")).await;
    assert_eq!(done.status, 201, "{}", done.body);
    let added = done.body["trainees"].as_array().unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["birth_date"], "1990-05-12");
    assert_eq!(added[0]["email"], "eloise@example.fr");
    assert_eq!(added[1]["family_name"], "Țurcanu");
    assert_eq!(added[1]["birth_date"], "2001-01-31");
}

#[actix_web::test]
async fn each_rejected_line_is_named_and_nothing_is_imported() {
    let (app, token, path) = draft_session(1).await;
    let file = "Nom,Prénom,Date de naissance,Numéro Forprev,Certificat précédent\n\
        Dupont,Jean,12/05/1990,,\n\
        Durand,Anne,31/02/1990,,\n\
        dupont,JEAN,1990-05-12,,\n\
        Petit,Léa,01/01/2025,abc,\n\
        Roux,Paul,02/02/1980,,not-a-token\n";
    let dry = import(&app, &token, &path, file.as_bytes(), Some("true")).await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert_eq!(dry.body["accepted"], 1);
    let rejected = named(&dry.body["rejected"]);
    let lines = borrowed(&rejected);
    assert_eq!(
        lines[..3],
        [
            (3, "birth_date", "invalid_date"),
            (4, "family_name", "duplicate"),
            (5, "forprev_number", "invalid_format"),
        ]
    );
    assert_eq!((lines[3].0, lines[3].1), (6, "prior_certificate_token"));
    assert_eq!(lines.len(), 4);
    let refused = import(&app, &token, &path, file.as_bytes(), None).await;
    refused.assert_problem(422, "import.rejected");
    assert_eq!(named(&refused.body["errors"]), rejected);
    assert!(trainees(&app, &token, &path).await.is_empty());
}

#[actix_web::test]
async fn the_consent_to_receive_the_certificate_is_a_column() {
    let (app, token, path) = draft_session(1).await;
    let file = "Nom;Prénom;Date de naissance;E-mail;Envoi du certificat\n\
        Dupont;Jean;12/05/1990;jean@exemple.fr;Oui\n\
        Durand;Anne;12/05/1990;;oui\n\
        Roux;Paul;12/05/1990;paul@exemple.fr;peut-être\n\
        Petit;Léa;12/05/1990;lea@exemple.fr;\n";
    let dry = import(&app, &token, &path, file.as_bytes(), Some("true")).await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    let rejected = named(&dry.body["rejected"]);
    let lines = borrowed(&rejected);
    assert_eq!(
        lines,
        [
            (3, "send_certificate", "email_required"),
            (4, "send_certificate", "invalid_choice"),
        ]
    );
    let fixed = file
        .replace(";;oui", ";anne@exemple.fr;oui")
        .replace("peut-être", "non");
    let done = import(&app, &token, &path, fixed.as_bytes(), None).await;
    assert_eq!(done.status, 201, "{}", done.body);
    let consents: Vec<_> = done.body["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["family_name"].as_str().unwrap(),
                t["send_certificate"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        consents,
        [
            ("Dupont", true),
            ("Durand", true),
            ("Petit", false),
            ("Roux", false)
        ]
    );
}

#[actix_web::test]
async fn formulas_macros_and_files_that_are_not_spreadsheets_are_refused() {
    let (app, token, path) = draft_session(1).await;
    let formula = xlsx(&[
        &[
            Cell::Text("Nom"),
            Cell::Text("Prénom"),
            Cell::Text("Date de naissance"),
        ],
        &[
            Cell::Text("Dupont"),
            Cell::Formula("=HYPERLINK(\"http://x\",\"Jean\")"),
            Cell::Date(1990, 1, 1),
        ],
    ]);
    let answer = import(&app, &token, &path, &formula, Some("true")).await;
    answer.assert_problem(422, "import.formula");
    assert!(
        answer.body["detail"].as_str().unwrap().contains("B2"),
        "{}",
        answer.body
    );
    let csv_formula = b"Nom;Pr\xe9nom;Date de naissance\n=1+2;Jean;01/01/1990\n";
    import(&app, &token, &path, csv_formula, None)
        .await
        .assert_problem(422, "import.formula");

    // A macro-enabled workbook: the parts of an XLSX, and a VBA project.
    let mut macros = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for part in [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/vbaProject.bin",
    ] {
        macros
            .start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        macros.write_all(b"<x/>").unwrap();
    }
    let macros = macros.finish().unwrap().into_inner();
    import(&app, &token, &path, &macros, None)
        .await
        .assert_problem(422, "import.macros");

    // A zip bomb: one part that inflates to 17 MiB.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("xl/workbook.xml", deflated).unwrap();
    bomb.write_all(&vec![b' '; 17 * 1024 * 1024]).unwrap();
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024);
    import(&app, &token, &path, &bomb, None)
        .await
        .assert_problem(415, "import.unsupported_file");

    let pdf = b"%PDF-1.4\n\0\0binary";
    import(&app, &token, &path, pdf, None)
        .await
        .assert_problem(415, "import.unsupported_file");
    let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let answer = import(&app, &token, &path, &xls, None).await;
    answer.assert_problem(415, "import.unsupported_file");
    assert!(answer.body["detail"].as_str().unwrap().contains("XLS"));

    let missing = import(&app, &token, &path, b"Nom;Prenom\nDupont;Jean\n", None).await;
    missing.assert_problem(422, "import.columns");
    assert_eq!(missing.body["errors"][0]["field"], "birth_date");
    import(
        &app,
        &token,
        &path,
        b"Nom;Prenom;Date de naissance\r\n;;\r\n",
        None,
    )
    .await
    .assert_problem(422, "import.empty");
    import(
        &app,
        &token,
        &path,
        b"Nom;Prenom;Date de naissance\n",
        Some("yes"),
    )
    .await
    .assert_problem(422, "import.invalid_dry_run");
    let mut crowd = String::from("Nom;Prenom;Date de naissance\n");
    for n in 0..20 {
        crowd.push_str(&format!("Dupont;Jean;{:02}/01/1990\n", n + 1));
    }
    import(&app, &token, &path, crowd.as_bytes(), Some("true"))
        .await
        .assert_problem(422, "session.too_many_trainees");
    assert!(trainees(&app, &token, &path).await.is_empty());
}

#[actix_web::test]
async fn another_entitys_manager_cannot_import_and_a_form_needs_a_file() {
    let (app, token, path) = draft_session(1).await;
    let other = app.entity(&siret(2), "75001");
    app.user("MAN00002", "two@of.fr", &[manager_of(&other)]);
    let stranger = app.token("MAN00002").await;
    let file = b"Nom;Prenom;Date de naissance\nDupont;Jean;01/01/1990\n";
    import(&app, &stranger, &path, file, None)
        .await
        .assert_problem(404, "not_found");
    let no_file = app
        .send(
            TestRequest::post()
                .uri(&format!("{path}/trainees/import"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header((
                    "Content-Type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                ))
                .set_payload(form(&[("dry_run", None, b"true")])),
        )
        .await;
    no_file.assert_problem(422, "document.file_required");
}

#[actix_web::test]
async fn the_templates_are_public_and_read_back_as_an_empty_import() {
    let (app, token, path) = draft_session(1).await;
    for (name, media_type) in [
        ("csv", "text/csv; charset=utf-8"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let template = app
            .send(TestRequest::get().uri(&format!("/api/v1/templates/trainees.{name}")))
            .await;
        assert_eq!(template.status, 200);
        assert_eq!(template.headers.get("content-type").unwrap(), media_type);
        import(&app, &token, &path, &template.bytes, Some("true"))
            .await
            .assert_problem(422, "import.empty");
    }
}

/// A workbook that names the trainee on its second line, with `far` text cells elsewhere (row,
/// column, from 0).
fn workbook_with_far_cells(far: &[(u32, u16)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, (header, value)) in [
        ("Nom", "Dupont"),
        ("Prénom", "Jean"),
        ("Date de naissance", "12/05/1990"),
    ]
    .into_iter()
    .enumerate()
    {
        let column = u16::try_from(column).unwrap();
        sheet.write_string(0, column, header).unwrap();
        sheet.write_string(1, column, value).unwrap();
    }
    for (row, column) in far {
        sheet.write_string(*row, *column, "x").unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The workbook with `part` rewritten by `change`.
fn rewritten(workbook: &[u8], part: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut content = String::new();
        file.read_to_string(&mut content).unwrap();
        if name == part {
            content = change(content);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(content.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[actix_web::test]
async fn a_workbook_that_would_make_the_server_allocate_gigabytes_is_read_cell_by_cell() {
    let (app, token, path) = draft_session(1).await;
    // The last cell of a sheet (XFD1048576): a dense reading of the rectangle from A1 would hold
    // 17 billion cells. Cells that far right are not read; the line is blank.
    let corner = workbook_with_far_cells(&[(1_048_575, 16_383)]);
    let read = import(&app, &token, &path, &corner, Some("true")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["accepted"], 1, "{}", read.body);
    // A line a million rows down is a line like another, named by its number.
    let far_down = workbook_with_far_cells(&[(1_048_575, 0)]);
    let read = import(&app, &token, &path, &far_down, Some("true")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let rejected = named(&read.body["rejected"]);
    assert_eq!(rejected[0].0, 1_048_576, "{}", read.body);
    // A formula that far away is found too.
    let formula = rewritten(&corner, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            r#"<c r="XFD1048576" t="s"><v>"#,
            r#"<c r="XFD1048576"><f>1+1</f><v>"#,
        )
    });
    let refused = import(&app, &token, &path, &formula, Some("true")).await;
    refused.assert_problem(422, "import.formula");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("XFD1048576")
    );
    // A shared formula over the whole sheet, which a reader would expand cell by cell.
    let shared = rewritten(&corner, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            r#"<c r="XFD1048576" t="s"><v>"#,
            r#"<c r="XFD1048576"><f t="shared" ref="A1:XFD1048576" si="4000000000">1+1</f><v>"#,
        )
    });
    import(&app, &token, &path, &shared, Some("true"))
        .await
        .assert_problem(422, "import.formula");
    // A shared-string count that lies (a workbook of 4 strings announcing 100 billion) would
    // make the reader reserve terabytes.
    let liar = rewritten(&corner, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}100000000000{}", &xml[..at], &xml[end..])
    });
    import(&app, &token, &path, &liar, Some("true"))
        .await
        .assert_problem(415, "import.unsupported_file");
}

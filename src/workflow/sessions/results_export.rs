//! A session's results as a spreadsheet, for the training body's own records and its
//! declarations to the passeport de prévention (Forprev keeps nothing after the session's
//! deletion). Read by the session's runners once the results are final (validated or closed);
//! made on demand from the session, so gone with it.

use super::steps::run_by;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::certificate;
use crate::domain::label::french_date;
use crate::domain::session::{Outcome, SessionKind, SessionStatus};
use crate::domain::spreadsheet::{self, neutralised};
use crate::error::{AppError, AppResult, Code};
use crate::ids::SessionId;
use crate::store::{entities, reference, trainees, users};

const HEADERS: [&str; 18] = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "E-mail",
    "Résultat",
    "Code dispositif",
    "Dispositif",
    "Niveau",
    "Type",
    "Premier jour",
    "Dernier jour",
    "Heures",
    "Lieu",
    "SIRET",
    "Organisme",
    "N° Forprev formateur",
    "Formateur",
    "Valable jusqu'au",
];

pub struct ResultsFile {
    pub file_name: String,
    /// UTF-8 with a byte order mark, `;` between cells, one line per trainee.
    pub csv: Vec<u8>,
}

pub fn results_csv(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> AppResult<ResultsFile> {
    let (session, scheme_code, level) = run_by(conn, access, id)?;
    let status = SessionStatus::parse(&session.status);
    if !matches!(
        status,
        Some(SessionStatus::Validated | SessionStatus::Closed)
    ) {
        return Err(AppError::new(
            Code::SessionResultsNotFinal,
            format!(
                "Les résultats de la session ne sont pas définitifs ({}) : ils le sont une fois \
                 la session validée.",
                session.status
            ),
        ));
    }
    let scheme = reference::scheme(conn, &scheme_code, level)?
        .ok_or_else(|| AppError::internal("a session names an unknown scheme"))?;
    let (siret, entity_name) = entities::siret_and_name(conn, &session.entity_id)?;
    let trainer = users::find(conn, &session.trainer_id)?
        .ok_or_else(|| AppError::internal("a session's trainer is gone"))?;
    let kind = match SessionKind::parse(&session.kind) {
        Some(SessionKind::Mac) => "MAC",
        _ => "Formation initiale",
    };
    let valid_until =
        certificate::valid_until(session.end_date, scheme.certificate_validity_months);
    let session_cells = [
        scheme.code.clone(),
        scheme.name.clone(),
        level.to_string(),
        kind.to_owned(),
        french_date(session.start_date),
        french_date(session.end_date),
        session.hours.to_string(),
        session.place.clone(),
        siret,
        entity_name,
        trainer.forprev_number.clone(),
        format!("{} {}", trainer.given_name, trainer.family_name),
    ];

    let mut csv = spreadsheet::writer();
    csv.write_record(HEADERS).map_err(AppError::internal)?;
    for trainee in trainees::of_session(conn, id)? {
        let passed = trainee.outcome.as_deref() == Some(Outcome::Passed.as_str());
        let trainee_cells = [
            trainee.family_name,
            trainee.given_name,
            french_date(trainee.birth_date),
            trainee.email.unwrap_or_default(),
            if passed { "Réussi" } else { "Échoué" }.to_owned(),
        ];
        let validity = if passed {
            french_date(valid_until)
        } else {
            String::new()
        };
        let line = trainee_cells
            .iter()
            .chain(&session_cells)
            .chain([&validity]);
        csv.write_record(line.map(|cell| neutralised(cell).into_owned()))
            .map_err(AppError::internal)?;
    }
    let csv = csv.into_inner().map_err(AppError::internal)?;
    let file_name = format!(
        "resultats-{}-{}-{}.csv",
        scheme.code,
        session.end_date,
        &id.to_string()[..8]
    );
    Ok(ResultsFile { file_name, csv })
}

//! Trainees from a spreadsheet: each line checked with the rules of the JSON endpoint (`check`),
//! the session's room and no one twice; all lines imported or none. A dry run says what an
//! import would do and changes nothing.

use super::add::present_with_room;
use super::check::{check, check_no_duplicate, verify_prior};
use super::{TraineeInput, insert_all};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::fields::Fields;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::spreadsheet::read::Line;
use crate::domain::trainee_sheet::{self, Column};
use crate::error::{AppError, AppResult, Code, FieldError};
use crate::ids::SessionId;
use crate::store::trainees::{TraineeFields, TraineeRecord};
use crate::workflow::sessions::editable::{Editable, editable};
use chrono::{DateTime, NaiveDate, Utc};

/// The most trainee lines a file may have (a session holds far fewer).
pub const MAX_LINES: usize = 200;

pub struct Imported {
    /// The lines that passed every check.
    pub accepted: usize,
    /// Each invalid field of each rejected line (a dry run's; an import with any is refused).
    pub rejected: Vec<FieldError>,
    /// The trainees added (none in a dry run).
    pub added: Vec<TraineeRecord>,
    /// The session's version after the import.
    pub version: i32,
}

/// Imports `lines` (the header first, as `spreadsheet::read` gives them) into the session.
pub fn import(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
    expected_version: Option<&str>,
    lines: &[Line],
    dry_run: bool,
    now: DateTime<Utc>,
) -> AppResult<Imported> {
    let editable = editable(conn, access, id, expected_version)?;
    let empty = || AppError::new(Code::ImportEmpty, "Le fichier ne contient aucun stagiaire.");
    let (header, rows) = lines.split_first().ok_or_else(empty)?;
    let columns = trainee_sheet::columns(header.number, &header.cells).map_err(|errors| {
        let mut error = AppError::new(
            Code::ImportColumns,
            "Il faut une colonne Nom, une colonne Prénom et une colonne Date de naissance.",
        );
        error.errors = errors;
        error
    })?;
    if rows.is_empty() {
        return Err(empty());
    }
    let mut present = present_with_room(conn, &editable, rows.len())?;
    let today = now.date_naive();
    let (mut accepted, mut rejected) = (Vec::new(), Vec::new());
    for row in rows {
        match trainee(conn, &editable, &columns, row, &present, today)? {
            Ok(trainee) => {
                present.push(trainee.clone());
                accepted.push(trainee);
            }
            Err(errors) => rejected.extend(errors.into_iter().map(|mut error| {
                error.line = Some(row.number);
                error
            })),
        }
    }
    if dry_run {
        return Ok(Imported {
            accepted: accepted.len(),
            rejected,
            added: Vec::new(),
            version: editable.session.version,
        });
    }
    if !rejected.is_empty() {
        let mut error = AppError::new(
            Code::ImportRejected,
            "Des lignes sont refusées : aucun stagiaire n'a été importé.",
        );
        error.errors = rejected;
        return Err(error);
    }
    let (added, version) = insert_all(conn, &editable.session, &accepted, now)?;
    Ok(Imported {
        accepted: added.len(),
        rejected,
        added,
        version,
    })
}

/// The trainee of a line, checked against the session and the trainees before it; or the
/// line's invalid fields.
fn trainee(
    conn: &mut DbConnection,
    editable: &Editable,
    columns: &[Option<Column>],
    row: &Line,
    present: &[TraineeFields],
    today: NaiveDate,
) -> AppResult<Result<TraineeFields, Vec<FieldError>>> {
    let input = match input(columns, row) {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let prior = verify_prior(conn, &input, today)?;
    let mut fields = Fields::default();
    let trainee = check(&input, editable, prior.as_ref(), today, &mut fields, "");
    if let Err(error) = fields.finish() {
        return Ok(Err(error.errors));
    }
    Ok(check_no_duplicate(present, &trainee, "family_name".into())
        .map(|()| trainee)
        .map_err(|error| error.errors))
}

/// What a line says, as the JSON endpoint takes it; or why its cells cannot say it (a date or
/// a Forprev number that does not read).
fn input(columns: &[Option<Column>], row: &Line) -> Result<TraineeInput, Vec<FieldError>> {
    let mut input = TraineeInput::default();
    let mut birth_date = Err(FieldError::new(
        Column::BirthDate.as_str(),
        "required",
        "date de naissance absente",
    ));
    let mut errors = Vec::new();
    for (column, cell) in columns.iter().zip(&row.cells) {
        let (Some(column), Some(text)) = (column, cell.text()) else {
            continue;
        };
        match column {
            Column::FamilyName => input.family_name = text,
            Column::GivenName => input.given_name = text,
            Column::BirthDate => {
                birth_date = trainee_sheet::date(cell)
                    .map_err(|message| FieldError::new(column.as_str(), "invalid_date", message));
            }
            Column::Email => input.email = Some(text),
            Column::ForprevNumber => match text.parse::<ForprevNumber>() {
                Ok(number) => input.forprev_number = Some(number),
                Err(error) => errors.push(FieldError::new(
                    column.as_str(),
                    "invalid_format",
                    error.to_string(),
                )),
            },
            Column::PriorCertificateToken => input.prior_certificate_token = Some(text),
            Column::SendCertificate => match trainee_sheet::yes_no(&text) {
                Ok(send) => input.send_certificate = send,
                Err(message) => {
                    errors.push(FieldError::new(column.as_str(), "invalid_choice", message));
                }
            },
        }
    }
    match birth_date {
        Ok(date) if errors.is_empty() => {
            input.birth_date = date;
            Ok(input)
        }
        Ok(_) => Err(errors),
        Err(error) => {
            errors.insert(0, error);
            Err(errors)
        }
    }
}

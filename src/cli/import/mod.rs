//! `forprev import DIR`: loads the previous tool's CSV exports (columns in README.md). Each line is
//! imported, found already present (so a second run changes nothing), or rejected with its
//! reason. A file whose header or structure is wrong writes nothing.

mod lines;

use super::CliResult;
use crate::clock::{Clock, SystemClock};
use crate::db::{self, DbConnection};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use std::fmt;
use std::path::Path;

pub enum Outcome {
    Imported,
    AlreadyPresent,
}

/// What became of one file.
#[derive(Default)]
pub struct FileReport {
    pub name: &'static str,
    pub imported: usize,
    pub already_present: usize,
    /// (line number, reason)
    pub rejected: Vec<(u64, String)>,
    /// Why nothing of the file was written, if so.
    pub structural_error: Option<String>,
    pub absent: bool,
}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.absent {
            return writeln!(f, "{}: absent, skipped", self.name);
        }
        if let Some(error) = &self.structural_error {
            return writeln!(f, "{}: NOT IMPORTED (nothing written): {error}", self.name);
        }
        writeln!(
            f,
            "{}: {} imported, {} already present, {} rejected",
            self.name,
            self.imported,
            self.already_present,
            self.rejected.len()
        )?;
        for (line, reason) in &self.rejected {
            writeln!(f, "  line {line}: {reason}")?;
        }
        Ok(())
    }
}

pub fn run(dir: &Path) -> CliResult {
    let config = super::start()?;
    let pool = db::open(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let reports = import_dir(&mut conn, dir, SystemClock.now())?;
    for report in &reports {
        print!("{report}");
    }
    Ok(())
}

/// Imports the files of `dir` in dependency order.
pub fn import_dir(
    conn: &mut DbConnection,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<FileReport>, AppError> {
    Ok(vec![
        import_file(
            conn,
            dir,
            "entities.csv",
            lines::ENTITY_COLUMNS,
            |conn, line| lines::entity(conn, line, now),
        )?,
        import_file(conn, dir, "users.csv", lines::USER_COLUMNS, |conn, line| {
            lines::user(conn, line, now)
        })?,
        import_file(
            conn,
            dir,
            "habilitations.csv",
            lines::HABILITATION_COLUMNS,
            |conn, line| lines::habilitation(conn, line, now),
        )?,
        import_file(
            conn,
            dir,
            "grants.csv",
            lines::GRANT_COLUMNS,
            |conn, line| lines::grant(conn, line, now),
        )?,
        import_file(
            conn,
            dir,
            "trainer_certificates.csv",
            lines::CERTIFICATE_COLUMNS,
            |conn, line| lines::trainer_certificate(conn, line, now),
        )?,
    ])
}

fn import_file<L: DeserializeOwned>(
    conn: &mut DbConnection,
    dir: &Path,
    name: &'static str,
    columns: &[&str],
    mut apply: impl FnMut(&mut DbConnection, L) -> Result<Outcome, String>,
) -> Result<FileReport, AppError> {
    let mut report = FileReport {
        name,
        ..FileReport::default()
    };
    let path = dir.join(name);
    if !path.exists() {
        report.absent = true;
        return Ok(report);
    }
    let records = match read(&path, columns) {
        Ok(records) => records,
        Err(error) => {
            report.structural_error = Some(error);
            return Ok(report);
        }
    };
    conn.write_transaction(|conn| {
        for (line, record, headers) in &records {
            let outcome = record
                .deserialize::<L>(Some(headers))
                .map_err(|error| format!("valeur illisible : {error}"))
                .and_then(|parsed| apply(conn, parsed));
            match outcome {
                Ok(Outcome::Imported) => report.imported += 1,
                Ok(Outcome::AlreadyPresent) => report.already_present += 1,
                Err(reason) => report.rejected.push((*line, reason)),
            }
        }
        Ok::<_, AppError>(())
    })?;
    Ok(report)
}

/// Reads the whole file first: a wrong header or a broken line stops it before anything is written.
fn read(
    path: &Path,
    columns: &[&str],
) -> Result<Vec<(u64, csv::StringRecord, csv::StringRecord)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut found: Vec<&str> = headers.iter().collect();
    let mut expected = columns.to_vec();
    found.sort_unstable();
    expected.sort_unstable();
    if found != expected {
        return Err(format!(
            "columns must be {} (found {})",
            columns.join(","),
            headers.iter().collect::<Vec<_>>().join(",")
        ));
    }
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| e.to_string())?;
            let line = record.position().map_or(0, |position| position.line());
            Ok((line, record, headers.clone()))
        })
        .collect()
}

/// A rejected line's reason, from an error of the API's own checks.
fn reason(error: AppError) -> String {
    let fields: Vec<String> = error
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    if fields.is_empty() {
        error.detail
    } else {
        fields.join("; ")
    }
}

//! A spreadsheet of trainees: its columns found by header name, in any order (French headers, or
//! the API's field names), its dates as French spreadsheets write them (`JJ/MM/AAAA`) or ISO, and
//! the templates offered to fill in.

use crate::domain::spreadsheet::read::Cell;
use crate::error::FieldError;
use chrono::{Datelike, NaiveDate};

text_enum! {
    /// A column of the sheet, named as the field of the JSON endpoint it fills.
    Column {
        FamilyName => "family_name",
        GivenName => "given_name",
        BirthDate => "birth_date",
        Email => "email",
        ForprevNumber => "forprev_number",
        PriorCertificateToken => "prior_certificate_token",
        SendCertificate => "send_certificate",
    }
}

impl Column {
    /// The header of the templates.
    pub fn header(self) -> &'static str {
        match self {
            Column::FamilyName => "Nom",
            Column::GivenName => "Prénom",
            Column::BirthDate => "Date de naissance",
            Column::Email => "E-mail",
            Column::ForprevNumber => "Numéro Forprev",
            Column::PriorCertificateToken => "Certificat précédent",
            Column::SendCertificate => "Envoi du certificat",
        }
    }

    /// The headers that name the column, as `folded` writes them.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::FamilyName => &["nom", "nom de famille", "nom de naissance"],
            Column::GivenName => &["prenom", "prenoms"],
            Column::BirthDate => &["date de naissance", "naissance", "ne le", "ne e le"],
            Column::Email => &["e mail", "email", "courriel", "adresse e mail"],
            Column::ForprevNumber => &["numero forprev", "n forprev", "no forprev", "forprev"],
            Column::PriorCertificateToken => &[
                "certificat precedent",
                "jeton du certificat precedent",
                "qr code du certificat precedent",
            ],
            Column::SendCertificate => &[
                "envoi du certificat",
                "envoi du certificat par e mail",
                "certificat par e mail",
                "envoyer le certificat",
            ],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            Column::FamilyName | Column::GivenName | Column::BirthDate
        )
    }

    fn of_header(header: &str) -> Option<Column> {
        let folded = folded(header);
        Column::ALL.iter().copied().find(|column| {
            folded == self::folded(column.as_str()) || column.names().contains(&folded.as_str())
        })
    }
}

/// Where each column is in the header line (`None` for a column we do not read, which is
/// allowed: spreadsheets carry notes). Names each required column missing and each one given
/// twice, on line `line`.
pub fn columns(line: u32, header: &[Cell]) -> Result<Vec<Option<Column>>, Vec<FieldError>> {
    let found: Vec<_> = header
        .iter()
        .map(|cell| cell.text().and_then(|text| Column::of_header(&text)))
        .collect();
    let mut errors = Vec::new();
    for column in Column::ALL.iter().copied() {
        let count = found.iter().filter(|found| **found == Some(column)).count();
        let problem = match count {
            0 if column.required() => Some(("missing_column", "colonne absente")),
            0 | 1 => None,
            _ => Some(("duplicate_column", "colonne en double")),
        };
        if let Some((code, message)) = problem {
            let mut error = FieldError::new(
                column.as_str(),
                code,
                format!("{message} : « {} »", column.header()),
            );
            error.line = Some(line);
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// A birth date: a cell the spreadsheet stored as a date, or text `JJ/MM/AAAA` or `AAAA-MM-JJ`.
pub fn date(cell: &Cell) -> Result<NaiveDate, &'static str> {
    match cell {
        Cell::Date(date) => Ok(*date),
        Cell::Text(text) => {
            let text = text.trim();
            NaiveDate::parse_from_str(text, "%d/%m/%Y")
                .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
                .ok()
                // The year in four digits: `12/05/90` is not the year 90.
                .filter(|date| date.year() >= 1000)
                .ok_or("une date JJ/MM/AAAA ou AAAA-MM-JJ")
        }
    }
}

/// A yes or a no, as people write it in a spreadsheet (`oui`, `non`, `x`, a checkbox's `true`);
/// an empty cell is a no.
pub fn yes_no(text: &str) -> Result<bool, &'static str> {
    match folded(text).as_str() {
        "oui" | "o" | "x" | "1" | "vrai" | "true" | "yes" | "y" => Ok(true),
        "non" | "n" | "" | "0" | "faux" | "false" | "no" => Ok(false),
        _ => Err("oui ou non"),
    }
}

/// The CSV template: the header line, as `domain::spreadsheet::writer` writes for French
/// spreadsheet software.
pub fn template_csv() -> Result<Vec<u8>, csv::Error> {
    let mut writer = super::spreadsheet::writer();
    writer.write_record(Column::ALL.iter().map(|column| column.header()))?;
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

/// The XLSX template: the header line in bold, the birth date column formatted as dates, the
/// Forprev number and the token as text.
pub fn template_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Stagiaires")?;
    let bold = Format::new().set_bold();
    for (index, column) in Column::ALL.iter().enumerate() {
        let index = u16::try_from(index).unwrap_or_default();
        sheet.write_string_with_format(0, index, column.header(), &bold)?;
        let format = match column {
            Column::BirthDate => Format::new().set_num_format("dd/mm/yyyy"),
            _ => Format::new().set_num_format("@"),
        };
        sheet.set_column_format(index, &format)?;
        sheet.set_column_width(index, if *column == Column::Email { 32 } else { 20 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// A header as compared: lower case, without accents, punctuation as spaces.
fn folded(text: &str) -> String {
    let plain: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|text| Cell::Text((*text).into()))
            .collect()
    }

    #[test]
    fn columns_are_found_by_french_or_api_names_in_any_order() {
        let found = columns(
            1,
            &cells(&[
                "Date de naissance",
                " PRÉNOM ",
                "Entreprise",
                "family_name",
                "E-mail",
            ]),
        )
        .unwrap();
        assert_eq!(
            found,
            [
                Some(Column::BirthDate),
                Some(Column::GivenName),
                None,
                Some(Column::FamilyName),
                Some(Column::Email)
            ]
        );
    }

    #[test]
    fn a_missing_or_doubled_column_is_named() {
        let errors = columns(2, &cells(&["Nom", "Nom de famille", "Prénom"])).unwrap_err();
        let named: Vec<_> = errors
            .iter()
            .map(|error| (error.field.as_str(), error.code.as_str(), error.line))
            .collect();
        assert_eq!(
            named,
            [
                ("family_name", "duplicate_column", Some(2)),
                ("birth_date", "missing_column", Some(2))
            ]
        );
    }

    #[test]
    fn dates_are_french_iso_or_a_spreadsheet_date() {
        let day = NaiveDate::from_ymd_opt(1990, 5, 12).unwrap();
        for text in ["12/05/1990", " 1990-05-12 "] {
            assert_eq!(date(&Cell::Text(text.into())), Ok(day));
        }
        assert_eq!(date(&Cell::Date(day)), Ok(day));
        for wrong in ["05/12/90", "31/02/1990", "12.05.1990", ""] {
            assert!(date(&Cell::Text(wrong.into())).is_err(), "{wrong}");
        }
    }

    #[test]
    fn yes_and_no_read_as_written() {
        for yes in ["Oui", " OUI ", "x", "1", "VRAI", "true"] {
            assert_eq!(yes_no(yes), Ok(true), "{yes}");
        }
        for no in ["non", "", "0", "Faux", "false"] {
            assert_eq!(yes_no(no), Ok(false), "{no}");
        }
        assert!(yes_no("peut-être").is_err());
    }

    #[test]
    fn the_templates_hold_the_header_line() {
        let csv = String::from_utf8(template_csv().unwrap()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Nom;Prénom;Date de naissance;E-mail;Numéro Forprev;Certificat précédent;Envoi du certificat\r\n"
        );
        let xlsx = template_xlsx().unwrap();
        let lines = crate::domain::spreadsheet::read::read(&xlsx, 1).unwrap();
        let header: Vec<_> = lines[0].cells.iter().filter_map(Cell::text).collect();
        let expected: Vec<_> = Column::ALL.iter().map(|column| column.header()).collect();
        assert_eq!(header, expected);
    }
}

//! A spreadsheet a person sends, read into lines of cells: CSV (UTF-8 or Windows-1252, `;` or
//! `,`, as French spreadsheet software writes them) or XLSX (its first sheet, read by calamine;
//! nothing in it is evaluated). Refused before anything is read from them: another format, an
//! archive that inflates past a bound (a zip bomb), macros, and any formula.

use super::xlsx;
use chrono::NaiveDate;

/// What a cell holds, as the reader of a line needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A cell a spreadsheet stored as a date.
    Date(NaiveDate),
}

impl Cell {
    /// The cell's text, trimmed; none when blank (a date is never blank).
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Text(text) => Some(text.trim().to_owned()).filter(|text| !text.is_empty()),
            Cell::Date(date) => Some(date.format("%d/%m/%Y").to_string()),
        }
    }
}

/// A line that is not blank, with its number as spreadsheet software shows it (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: u32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Neither a CSV text nor an XLSX workbook; says what it looked like.
    NotASpreadsheet(&'static str),
    /// The cell (`B3`) holds a formula.
    Formula(String),
    Macros,
    /// More lines than allowed (the header aside).
    TooManyLines(usize),
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The non-blank lines of `bytes`, the header included; at most `max_lines` besides the first.
pub fn read(bytes: &[u8], max_lines: usize) -> Result<Vec<Line>, Refusal> {
    let lines = if bytes.starts_with(ZIP) {
        xlsx::lines(bytes, max_lines)?
    } else if bytes.starts_with(OLE) {
        return Err(Refusal::NotASpreadsheet(
            "un classeur Excel 97-2003 (XLS) : enregistrez-le au format XLSX ou CSV",
        ));
    } else if bytes.contains(&0) {
        return Err(Refusal::NotASpreadsheet(
            "un fichier binaire, ni CSV ni XLSX",
        ));
    } else {
        csv_lines(bytes)?
    };
    if lines.len() > max_lines + 1 {
        return Err(Refusal::TooManyLines(max_lines));
    }
    Ok(lines)
}

fn csv_lines(bytes: &[u8]) -> Result<Vec<Line>, Refusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Text that is not UTF-8 is taken for Windows-1252, which French spreadsheet software
    // writes by default (and which decodes any byte).
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(',').count() > first.matches(';').count() {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut counter = LineCounter {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    for record in reader.records() {
        let record = record.map_err(|_| Refusal::NotASpreadsheet("un CSV illisible"))?;
        let start = record.position().map_or(0, |position| {
            usize::try_from(position.byte()).unwrap_or(usize::MAX)
        });
        let number = counter.line_of(start);
        // A CSV cell that starts with `=` is a formula to spreadsheet software.
        if let Some(column) = record
            .iter()
            .position(|cell| cell.trim_start().starts_with('='))
        {
            return Err(Refusal::Formula(cell_name(
                number.saturating_sub(1),
                u32_of(column),
            )));
        }
        let line = Line {
            number,
            cells: record
                .iter()
                .map(|cell| Cell::Text(cell.to_owned()))
                .collect(),
        };
        if !is_blank(&line) {
            lines.push(line);
        }
    }
    Ok(lines)
}

/// The line numbers of records, counted in the text as they come (the csv crate counts a
/// record's line before the blank lines it skips).
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
}

impl LineCounter<'_> {
    /// The line of the record read from byte `start` on: the first line there that is not blank.
    fn line_of(&mut self, start: usize) -> u32 {
        let start = start.clamp(self.offset, self.text.len());
        let blank = self.text[start..]
            .iter()
            .take_while(|byte| matches!(byte, b'\r' | b'\n'))
            .count();
        let content = start + blank;
        let newlines = self.text[self.offset..content]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        self.line = self.line.saturating_add(u32_of(newlines));
        self.offset = content;
        self.line
    }
}

pub(super) fn is_blank(line: &Line) -> bool {
    line.cells.iter().all(|cell| cell.text().is_none())
}

/// A cell's name as spreadsheet software shows it (`B3`), from its row and column counted from 0.
pub(super) fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let letter = b'A' + u8::try_from((rest - 1) % 26).unwrap_or_default();
        letters.insert(0, char::from(letter));
        rest = (rest - 1) / 26;
    }
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// A count that fits a sheet's row or column number (a sheet has at most 1,048,576 rows).
pub(super) fn u32_of(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|line| {
                line.cells
                    .iter()
                    .map(|cell| cell.text().unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn csv_in_windows_1252_with_semicolons_reads_as_written() {
        let bytes = b"Nom;Pr\xe9nom\r\n\r\nLef\xe8vre;\xc9lo\xefse\r\n";
        let lines = read(bytes, 10).unwrap();
        assert_eq!(texts(&lines), [["Nom", "Prénom"], ["Lefèvre", "Éloïse"]]);
        assert_eq!(lines[1].number, 3, "the blank line 2 keeps its number");
        let multiline = read(b"Nom;Prenom\n\"A\nB\";C\nD;E\n", 10).unwrap();
        let numbers: Vec<_> = multiline.iter().map(|line| line.number).collect();
        assert_eq!(numbers, [1, 2, 4], "a quoted line break counts");
    }

    #[test]
    fn csv_in_utf8_with_a_bom_and_commas_reads_as_written() {
        let bytes = "\u{feff}Nom,Prénom\n\"Dupont, dit Martin\",Ștefan\n".as_bytes();
        assert_eq!(
            texts(&read(bytes, 10).unwrap()),
            [["Nom", "Prénom"], ["Dupont, dit Martin", "Ștefan"]]
        );
    }

    #[test]
    fn a_formula_macros_binaries_and_too_many_lines_are_refused() {
        assert_eq!(
            read(b"Nom;Prenom\nA;=1+2\n", 10),
            Err(Refusal::Formula("B2".into()))
        );
        assert!(matches!(read(OLE, 10), Err(Refusal::NotASpreadsheet(_))));
        assert!(matches!(
            read(b"%PDF\0", 10),
            Err(Refusal::NotASpreadsheet(_))
        ));
        assert!(matches!(
            read(b"PK\x03\x04junk", 10),
            Err(Refusal::NotASpreadsheet(_))
        ));
        assert_eq!(read(b"Nom\nA\nB\nC\n", 2), Err(Refusal::TooManyLines(2)));
    }

    #[test]
    fn cells_are_named_as_spreadsheets_show_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(2, 25), "Z3");
        assert_eq!(cell_name(9, 27), "AB10");
    }
}

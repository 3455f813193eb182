//! An XLSX workbook read into lines: its first sheet, by calamine, nothing evaluated.
//!
//! calamine trusts what a workbook says of itself in two places that a file of a few kilobytes
//! can turn into a process abort: a sheet read as a range is a dense rectangle (two cells, A1
//! and XFD1048576, make 17 billion), and the shared strings' `uniqueCount` is reserved up front.
//! So the sheet is read cell by cell (a line per row that holds something, the cells past
//! `MAX_COLUMNS` not read), and a count the part's size cannot hold is refused before calamine
//! opens the workbook. Formulas are looked for in the sheets' XML before calamine reads them
//! too (a shared formula's range is expanded cell by cell); one in any sheet is refused. Anything else in calamine that panics on a malformed file is a refusal,
//! not a failed request.

use super::read::{Cell, Line, Refusal, cell_name, is_blank};
use calamine::{Data, DataRef, Reader, Xlsx};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// What the archive may inflate to, all its parts together: a list of trainees is a few
/// kilobytes.
const MAX_INFLATED: u64 = 16 * 1024 * 1024;
const MAX_PARTS: usize = 200;
/// Columns read, from the first that holds something: a list of trainees has a dozen.
const MAX_COLUMNS: u32 = 100;

/// The lines that are not blank, the header first; at most `max_lines` besides it.
pub(super) fn lines(bytes: &[u8], max_lines: usize) -> Result<Vec<Line>, Refusal> {
    check_archive(bytes)?;
    std::panic::catch_unwind(|| first_sheet(bytes, max_lines)).unwrap_or(Err(unreadable()))
}

fn unreadable() -> Refusal {
    Refusal::NotASpreadsheet("un classeur XLSX illisible")
}

fn first_sheet(bytes: &[u8], max_lines: usize) -> Result<Vec<Line>, Refusal> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if workbook.vba_project().map_err(|_| unreadable())?.is_some() {
        return Err(Refusal::Macros);
    }
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(Refusal::NotASpreadsheet("un classeur XLSX sans feuille"))?;
    // The cells that hold something, by row then column (from 0).
    let mut rows: BTreeMap<u32, BTreeMap<u32, Cell>> = BTreeMap::new();
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|_| unreadable())?;
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (row, column) = cell.get_position();
        if matches!(cell.get_value(), DataRef::Empty) || column >= MAX_COLUMNS {
            continue;
        }
        let value = cell_of(&Data::from(cell.get_value().clone()));
        if value.text().is_none() {
            continue;
        }
        rows.entry(row).or_default().insert(column, value);
        if rows.len() > max_lines + 1 {
            return Err(Refusal::TooManyLines(max_lines));
        }
    }
    let left = rows
        .values()
        .filter_map(|cells| cells.keys().next().copied())
        .min()
        .unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|(row, mut cells)| {
            let right = cells.keys().next_back().copied().unwrap_or(left);
            Line {
                number: row + 1,
                cells: (left..=right)
                    .map(|column| cells.remove(&column).unwrap_or(Cell::Text(String::new())))
                    .collect(),
            }
        })
        .filter(|line| !is_blank(line))
        .collect())
}

/// Refuses what is not an XLSX archive, what inflates past `MAX_INFLATED` (each part is inflated
/// here, not trusted for the size its header declares), what holds macros, and shared strings
/// that announce more strings than their part could hold.
fn check_archive(bytes: &[u8]) -> Result<(), Refusal> {
    let not_xlsx = || Refusal::NotASpreadsheet("une archive ZIP qui n'est pas un classeur XLSX");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if archive.len() > MAX_PARTS || archive.index_for_name("xl/workbook.xml").is_none() {
        return Err(not_xlsx());
    }
    let mut left = MAX_INFLATED;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|_| not_xlsx())?;
        // The part's name as calamine looks it up.
        let name = part
            .name()
            .map_err(|_| not_xlsx())?
            .replace('\\', "/")
            .to_ascii_lowercase();
        if name.ends_with("vbaproject.bin") {
            return Err(Refusal::Macros);
        }
        let mut content = Vec::new();
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let inflated = if sheet || name == "xl/sharedstrings.xml" {
            (&mut part).take(left + 1).read_to_end(&mut content)
        } else {
            std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
                .map(|count| usize::try_from(count).unwrap_or(usize::MAX))
        }
        .map_err(|_| not_xlsx())?;
        left = left
            .checked_sub(u64::try_from(inflated).unwrap_or(u64::MAX))
            .ok_or(Refusal::NotASpreadsheet(
                "un classeur XLSX trop volumineux une fois décompressé",
            ))?;
        if sheet {
            if let Some(cell) = first_formula(&content) {
                return Err(Refusal::Formula(cell));
            }
        } else if !content.is_empty() && !plausible_string_count(&content) {
            return Err(unreadable());
        }
    }
    Ok(())
}

/// The cell (`B3`) of a sheet's first formula, if it has any: an `f` element in a cell (ECMA-376
/// §18.3.1.40). Found here, before calamine reads the sheet: calamine expands a shared formula's
/// `ref` (up to the whole sheet) into a map of every cell it covers.
fn first_formula(xml: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    // Where the reader is, from 0, for the rows and cells that do not say where they are.
    let (mut next_row, mut row, mut column) = (0u32, 0u32, 0u32);
    // The cell the reader is in.
    let mut cell: Option<String> = None;
    loop {
        buffer.clear();
        let (tag, empty) = match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(tag)) => (tag, false),
            Ok(Event::Empty(tag)) => (tag, true),
            Ok(Event::End(tag)) => {
                if tag.local_name().as_ref() == b"c" {
                    cell = None;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => continue,
        };
        let reference = || {
            tag.attributes()
                .flatten()
                .find(|attribute| attribute.key.local_name().as_ref() == b"r")
                .map(|attribute| String::from_utf8_lossy(&attribute.value).into_owned())
        };
        match tag.local_name().as_ref() {
            b"row" => {
                row = reference()
                    .and_then(|number| number.parse::<u32>().ok())
                    .map_or(next_row, |number| number.saturating_sub(1));
                next_row = row.saturating_add(1);
                column = 0;
            }
            b"c" => {
                let name = reference().unwrap_or_else(|| cell_name(row, column));
                column = column.saturating_add(1);
                cell = (!empty).then_some(name);
            }
            // A formula is an `f` in a cell (elsewhere, as in data validations, it is no value).
            b"f" if cell.is_some() => return cell,
            _ => {}
        }
    }
}

/// Whether the shared strings' `uniqueCount` is one their part can hold: each string takes more
/// than one byte of it (`<si>…</si>`).
fn plausible_string_count(xml: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(tag) | Event::Empty(tag)) if tag.local_name().as_ref() == b"sst" => {
                return tag
                    .attributes()
                    .flatten()
                    .find(|attribute| attribute.key.local_name().as_ref() == b"uniqueCount")
                    .is_none_or(|count| {
                        std::str::from_utf8(&count.value)
                            .ok()
                            .and_then(|count| count.trim().parse::<usize>().ok())
                            .is_some_and(|count| count <= xml.len())
                    });
            }
            Ok(Event::Eof) | Err(_) => return true,
            Ok(_) => buffer.clear(),
        }
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Text(moment.as_f64().to_string()),
        },
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| day.parse().ok())
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        // A whole number (a Forprev number typed as one) reads without a decimal point.
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            Cell::Text(format!("{number:.0}"))
        }
        Data::Empty => Cell::Text(String::new()),
        other => Cell::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The template's parts, uncompressed.
    fn template_parts() -> Vec<(String, Vec<u8>)> {
        let template = crate::domain::trainee_sheet::template_xlsx().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(template)).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut part = archive.by_index(index).unwrap();
                let mut content = Vec::new();
                part.read_to_end(&mut content).unwrap();
                (part.name().unwrap().into_owned(), content)
            })
            .collect()
    }

    fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            writer
                .start_file(
                    name.as_str(),
                    zip::write::SimpleFileOptions::default()
                        .compression_method(zip::CompressionMethod::Stored),
                )
                .unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn malformed_workbooks_are_refused_or_read_never_more() {
        // Each round changes a few bytes of one part's XML (a deterministic sequence): the reader
        // answers lines or a refusal; a panic, or an allocation that aborts, fails the test.
        let parts = template_parts();
        let mut seed: u64 = 2026;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap()
        };
        let alphabet = b"<>/\"=0123456789AZaz :rctsvxf-.";
        for _ in 0..600 {
            let mut parts = parts.clone();
            let which = next() % parts.len();
            let content = &mut parts[which].1;
            for _ in 0..=next() % 4 {
                let at = next() % content.len().max(1);
                let byte = alphabet[next() % alphabet.len()];
                match next() % 3 {
                    0 if at < content.len() => content[at] = byte,
                    1 if at < content.len() => drop(content.remove(at)),
                    _ => content.insert(at.min(content.len()), byte),
                }
            }
            let _ = lines(&zipped(&parts), 200);
        }
    }

    #[test]
    fn a_formula_is_an_f_in_a_cell() {
        let sheet =
            |cells: &str| format!(r#"<worksheet><sheetData>{cells}</sheetData></worksheet>"#);
        let named = sheet(r#"<row r="3"><c r="A3"><v>1</v></c><c r="B3"><f>1+1</f></c></row>"#);
        assert_eq!(first_formula(named.as_bytes()).as_deref(), Some("B3"));
        let implicit =
            sheet(r#"<row><c/></row><row><c><v>1</v></c><c><f t="shared" si="0"/></c></row>"#);
        assert_eq!(first_formula(implicit.as_bytes()).as_deref(), Some("B2"));
        let values = sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#)
            + r#"<extLst><dataValidation><formula1><f>Listes!$A$1:$A$3</f></formula1></dataValidation></extLst>"#;
        assert_eq!(first_formula(values.as_bytes()), None);
    }

    #[test]
    fn a_string_count_is_plausible_up_to_the_part_s_size() {
        let xml = |count: &str| {
            format!(r#"<?xml version="1.0"?><sst uniqueCount="{count}"><si><t>Nom</t></si></sst>"#)
        };
        assert!(plausible_string_count(xml("1").as_bytes()));
        assert!(!plausible_string_count(xml("100000000000").as_bytes()));
        assert!(!plausible_string_count(xml("-1").as_bytes()));
        assert!(plausible_string_count(b"<sst><si><t>Nom</t></si></sst>"));
    }
}

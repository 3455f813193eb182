//! Cells of the files people open in spreadsheet software: the CSV files we write, and the
//! spreadsheets people send (`read`).

pub mod read;
mod xlsx;

use std::borrow::Cow;

/// What French spreadsheet software needs to open UTF-8 as such.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// A CSV file as French spreadsheet software opens it as is: UTF-8 with a byte order mark, `;`
/// between cells, CRLF between lines.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec())
}

/// `cell` as a spreadsheet shows it without running it (CSV injection): one that starts like a
/// formula (`=`, `+`, `-`, `@`, or a tab or carriage return that some software skips before
/// them) gets a leading apostrophe, OWASP's advice.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn a_cell_that_starts_like_a_formula_is_neutralised_and_no_other() {
        for formula in ["=1+2", "+33 6", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralised(formula), format!("'{formula}"));
        }
        for plain in ["Lefèvre-Garçon", "1990-05-12", "a=b", "", "'déjà"] {
            assert_eq!(neutralised(plain), plain);
        }
    }
}

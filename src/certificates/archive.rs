//! A session's certificates as one zip archive.

use std::io::{Cursor, Read, Write};
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, ZipArchive};

/// A zip holding each (file name, PDF) pair.
pub fn zip<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in files {
        writer.start_file(name, options)?;
        writer.write_all(content)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The (file name, content) pairs of a zip, in its order.
pub fn entries(zip: &[u8]) -> zip::result::ZipResult<Vec<(String, Vec<u8>)>> {
    let mut archive = ZipArchive::new(Cursor::new(zip))?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let mut file = archive.by_index(index)?;
        let mut content = Vec::new();
        file.read_to_end(&mut content)?;
        entries.push((file.name()?.into_owned(), content));
    }
    Ok(entries)
}

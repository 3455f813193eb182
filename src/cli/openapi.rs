use super::CliResult;
use std::path::Path;

/// Writes the document the server serves, as `openapi/openapi.json` is committed.
pub fn run(output: &Path) -> CliResult {
    write(
        output,
        &(crate::openapi_document().to_pretty_json()? + "\n"),
    )
}

/// Writes the catalogue of error codes, as `docs/errors.md` is committed.
pub fn errors(output: &Path) -> CliResult {
    write(output, &crate::api::errors::markdown())
}

fn write(output: &Path, text: &str) -> CliResult {
    if output == Path::new("-") {
        print!("{text}");
    } else {
        std::fs::write(output, text)?;
        eprintln!("wrote {}", output.display());
    }
    Ok(())
}

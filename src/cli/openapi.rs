use super::CliResult;
use std::path::Path;

/// Writes the document the server serves, as `openapi/openapi.json` is committed.
pub fn run(output: &Path) -> CliResult {
    let json = crate::openapi_document().to_pretty_json()? + "\n";
    if output == Path::new("-") {
        print!("{json}");
    } else {
        std::fs::write(output, json)?;
        eprintln!("wrote {}", output.display());
    }
    Ok(())
}

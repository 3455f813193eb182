//! The layers import one way (docs/ARCHITECTURE.md): a test reads the `use` lines and paths of
//! `src/` and fails when a layer reaches one it must not know.

use std::path::Path;

/// (folder under `src/`, what its files must not name, why)
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "domain",
        &[
            "crate::store",
            "crate::db",
            "crate::api",
            "crate::workflow",
            "crate::jobs",
            "crate::notifications",
            "actix",
            "diesel",
        ],
        "rules are pure: no storage, no HTTP",
    ),
    (
        "store",
        &["crate::api", "crate::workflow", "actix"],
        "queries know no HTTP and no use case",
    ),
    (
        "certificates",
        &[
            "crate::store",
            "crate::db",
            "crate::api",
            "crate::notifications",
            "actix",
            "diesel",
        ],
        "documents only: PDF, QR code, tokens, zip",
    ),
    (
        "workflow",
        &["crate::api", "actix"],
        "use cases take records and return records; api/ maps them to HTTP",
    ),
    (
        "error",
        &["actix", "crate::api"],
        "errors know no HTTP: api/problem.rs maps them",
    ),
];

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn each_layer_imports_only_what_it_may() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, forbidden, why) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "no files in src/{layer}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for name in *forbidden {
                let named = code.contains(&format!("{name}::"))
                    || code.contains(&format!("use {name}"))
                    || code.contains(&format!("{name};"));
                if named {
                    broken.push(format!("{} names {name}: {why}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

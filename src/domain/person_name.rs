//! Family and given names, as people write them: any alphabet, accents, hyphens, apostrophes.

pub const MAX_CHARS: usize = 100;

/// Trims a name and says why it is not one, if it is not.
pub fn normalise(text: &str) -> Result<String, &'static str> {
    let name = text.trim();
    if name.is_empty() {
        Err("le nom est requis")
    } else if name.chars().count() > MAX_CHARS {
        Err("le nom dépasse 100 caractères")
    } else if name.chars().any(char::is_control) {
        Err("le nom contient des caractères de contrôle")
    } else {
        Ok(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_real_names_and_refuses_empty_or_odd_ones() {
        assert_eq!(normalise("  Lefèvre-Garçon ").unwrap(), "Lefèvre-Garçon");
        assert_eq!(normalise("Łukasz").unwrap(), "Łukasz");
        assert!(normalise("   ").is_err());
        assert!(normalise("a\u{0}b").is_err());
        assert!(normalise(&"x".repeat(101)).is_err());
    }
}

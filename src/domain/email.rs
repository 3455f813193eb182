//! E-mail addresses: one per person, compared without regard to case, so stored lower-case.

/// Normalises an address (trimmed, lower-case) or says why it is not one. Deliberately loose:
/// the invitation e-mail proves the address; this only catches typing mistakes.
pub fn normalise(text: &str) -> Result<String, &'static str> {
    let email = text.trim().to_lowercase();
    let Some((local, domain)) = email.split_once('@') else {
        return Err("l'adresse e-mail doit contenir un @");
    };
    let well_formed = !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if well_formed {
        Ok(email)
    } else {
        Err("l'adresse e-mail est mal formée")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(
            normalise("  Jeanne.Dupont@Exemple.FR ").unwrap(),
            "jeanne.dupont@exemple.fr"
        );
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "jeanne",
            "@exemple.fr",
            "jeanne@exemple",
            "jeanne@@exemple.fr",
            "je anne@exemple.fr",
            "jeanne@exemple.fr.",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}

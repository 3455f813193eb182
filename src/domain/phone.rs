//! French phone numbers, normalised to E.164 (`+33` then nine digits). Accepts `01 23 45 67 89`,
//! `01.23.45.67.89`, `+33 1 23 45 67 89`, `0033123456789`.

pub fn normalise(text: &str) -> Result<String, &'static str> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+33") {
        rest.to_owned()
    } else if let Some(rest) = compact.strip_prefix("0033") {
        rest.to_owned()
    } else if let Some(rest) = compact.strip_prefix('0') {
        rest.to_owned()
    } else {
        return Err("numéro de téléphone français attendu (10 chiffres ou +33…)");
    };
    let national = national.strip_prefix('0').unwrap_or(&national);
    let valid = national.len() == 9
        && national.bytes().all(|b| b.is_ascii_digit())
        && !national.starts_with('0');
    if valid {
        Ok(format!("+33{national}"))
    } else {
        Err("numéro de téléphone français attendu (10 chiffres ou +33…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_every_usual_writing() {
        for text in [
            "01 23 45 67 89",
            "01.23.45.67.89",
            "+33 1 23 45 67 89",
            "0033123456789",
            "+33 (0)1 23 45 67 89",
        ] {
            assert_eq!(normalise(text).unwrap(), "+33123456789", "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_french_number() {
        for bad in [
            "",
            "12345",
            "00 23 45 67 89",
            "+44 20 7946 0958",
            "01 23 45 67 8",
            "01 23 45 67 89 0",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}

//! Entities: the rules on their identity, address and size.

text_enum!(EntityKind {
    /// An organisme de formation: trains other companies' staff; needs an NDA.
    TrainingBody => "training_body",
    /// A company that trains its own staff.
    Company => "company",
});

/// The NDA (numéro de déclaration d'activité): 11 digits, required of a training body.
pub fn check_nda(kind: EntityKind, nda: Option<&str>) -> Result<Option<String>, &'static str> {
    let nda = nda.map(|text| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    });
    match (kind, nda) {
        (EntityKind::TrainingBody, None) => Err("un organisme de formation doit donner son NDA"),
        (_, Some(nda)) if nda.len() != 11 || !nda.bytes().all(|b| b.is_ascii_digit()) => {
            Err("un NDA compte 11 chiffres")
        }
        (_, nda) => Ok(nda),
    }
}

/// A French postal code: five digits.
pub fn check_postal_code(text: &str) -> Result<String, &'static str> {
    let code = text.trim();
    if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err("un code postal compte 5 chiffres")
    }
}

/// The département a postal code belongs to (which gives the caisse). Corsica's 20xxx split into
/// 2A (200xx–201xx) and 2B; overseas départements use three digits (971…976).
pub fn departement_of(postal_code: &str) -> &str {
    match postal_code {
        code if code.starts_with("97") => &code[..3],
        code if code.starts_with("200") || code.starts_with("201") => "2A",
        code if code.starts_with("20") => "2B",
        code => &code[..2],
    }
}

/// The staff count: from it, how many managers the entity may have.
pub fn check_headcount(headcount: i32) -> Result<i32, &'static str> {
    if (0..=1_000_000).contains(&headcount) {
        Ok(headcount)
    } else {
        Err("l'effectif doit être compris entre 0 et 1 000 000")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_training_body_needs_an_eleven_digit_nda() {
        assert!(check_nda(EntityKind::TrainingBody, None).is_err());
        assert!(check_nda(EntityKind::TrainingBody, Some("1234567890")).is_err());
        assert_eq!(
            check_nda(EntityKind::TrainingBody, Some("11 75 12345 67")).unwrap(),
            Some("11751234567".into())
        );
        assert_eq!(check_nda(EntityKind::Company, None).unwrap(), None);
    }

    #[test]
    fn departements_from_postal_codes() {
        assert_eq!(departement_of("69003"), "69");
        assert_eq!(departement_of("01000"), "01");
        assert_eq!(departement_of("20000"), "2A");
        assert_eq!(departement_of("20200"), "2B");
        assert_eq!(departement_of("97400"), "974");
        assert!(check_postal_code("6900").is_err());
        assert!(check_postal_code("6900A").is_err());
    }
}

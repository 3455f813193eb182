//! SIRET: 14 digits, the SIREN (9) then the establishment's NIC (5). The whole number passes the
//! Luhn check, except La Poste's establishments (SIREN 356000000), whose digits must add up to a
//! multiple of 5 (INSEE's rule).

const LA_POSTE_SIREN: &str = "356000000";

/// Normalises a SIRET (spaces removed) or says why it is not one.
pub fn normalise(text: &str) -> Result<String, &'static str> {
    let siret: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return Err("un SIRET compte 14 chiffres");
    }
    let digits: Vec<u32> = siret.bytes().map(|b| u32::from(b - b'0')).collect();
    let valid = if siret.starts_with(LA_POSTE_SIREN) {
        digits.iter().sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&digits)
    };
    if valid {
        Ok(siret)
    } else {
        Err("ce SIRET n'est pas valide (clé de contrôle)")
    }
}

fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(index, &digit)| {
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_sirets() {
        assert_eq!(normalise("775 671 456 00082").unwrap(), "77567145600082");
        assert!(normalise("73282932000074").is_ok());
    }

    #[test]
    fn la_poste_uses_the_digit_sum_rule() {
        assert!(normalise("35600000009075").is_ok());
        assert!(normalise("35600000009076").is_err());
    }

    #[test]
    fn refuses_bad_checksums_and_shapes() {
        for bad in [
            "77567145600083",
            "7756714560008",
            "775671456000821",
            "7756714560008A",
            "",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}

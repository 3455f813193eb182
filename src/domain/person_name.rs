//! Family and given names, as people write them: accents, hyphens, apostrophes, in the alphabets
//! a certificate can print (Latin with its extensions, Greek, Cyrillic).

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
    } else if !name.chars().all(printable) {
        Err("le nom doit s'écrire en alphabet latin, grec ou cyrillique")
    } else {
        Ok(name.to_owned())
    }
}

/// Whether a certificate can print `c`: the certificate font holds exactly these characters
/// (Latin with its extensions and Vietnamese, Greek, Cyrillic, and the usual punctuation). Names
/// in other scripts are written in Latin letters, as the French civil status does.
pub fn printable(c: char) -> bool {
    matches!(u32::from(c),
        0x20..=0x7E
        | 0xA0..=0x24F
        | 0x300..=0x36F
        | 0x384..=0x3CE
        | 0x400..=0x4FF
        | 0x1E00..=0x1E9B
        | 0x1EA0..=0x1EF9
        | 0x2010..=0x2011
        | 0x2013..=0x2014
        | 0x2018..=0x201E)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_real_names_and_refuses_empty_or_odd_ones() {
        assert_eq!(normalise("  Lefèvre-Garçon ").unwrap(), "Lefèvre-Garçon");
        assert_eq!(normalise("Łukasz").unwrap(), "Łukasz");
        assert_eq!(normalise("Παπαδόπουλος").unwrap(), "Παπαδόπουλος");
        assert_eq!(normalise("Nguyễn").unwrap(), "Nguyễn");
        assert!(normalise("王").is_err());
        assert!(normalise("   ").is_err());
        assert!(normalise("a\u{0}b").is_err());
        assert!(normalise(&"x".repeat(101)).is_err());
    }
}

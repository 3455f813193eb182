//! What a password must be. Long rather than complex (ANSSI and NIST both favour length); capped
//! so that hashing a huge input cannot be used to exhaust the server.

pub const MIN_CHARS: usize = 12;
pub const MAX_BYTES: usize = 256;

pub fn check(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_CHARS {
        Err(format!(
            "le mot de passe doit compter au moins {MIN_CHARS} caractères"
        ))
    } else if password.len() > MAX_BYTES {
        Err(format!(
            "le mot de passe ne doit pas dépasser {MAX_BYTES} octets"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert!(check("ééééééééééé").is_err());
        assert!(check("éééééééééééé").is_ok());
        assert!(check(&"x".repeat(MAX_BYTES + 1)).is_err());
    }
}

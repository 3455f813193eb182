//! The public directory: an entity opts in and publishes at least one way to reach it.

use super::{email, phone};

/// What an entity chose to publish, normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contacts {
    pub email: Option<String>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

/// Checks each contact given and that there is at least one; names the first bad field.
pub fn check_contacts(
    email: Option<&str>,
    website: Option<&str>,
    phone: Option<&str>,
) -> Result<Contacts, (&'static str, &'static str)> {
    let contacts = Contacts {
        email: email
            .map(email::normalise)
            .transpose()
            .map_err(|m| ("email", m))?,
        website: website
            .map(check_website)
            .transpose()
            .map_err(|m| ("website", m))?,
        phone: phone
            .map(phone::normalise)
            .transpose()
            .map_err(|m| ("phone", m))?,
    };
    if contacts == Contacts::default() {
        return Err((
            "email",
            "publiez au moins une adresse e-mail, un site ou un téléphone",
        ));
    }
    Ok(contacts)
}

/// A web address people can open: http(s), a host with a dot, no spaces.
pub fn check_website(text: &str) -> Result<String, &'static str> {
    let url = text.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("l'adresse du site commence par https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = url.len() <= 200
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(url.to_owned())
    } else {
        Err("l'adresse du site est mal formée")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_contact_each_valid() {
        assert!(check_contacts(None, None, None).is_err());
        let contacts =
            check_contacts(None, Some("https://sfl.fr/sst"), Some("04 72 00 00 00")).unwrap();
        assert_eq!(contacts.phone.as_deref(), Some("+33472000000"));
        assert_eq!(
            check_contacts(Some("x"), None, None).unwrap_err().0,
            "email"
        );
        assert_eq!(
            check_contacts(None, Some("ftp://x.fr"), None)
                .unwrap_err()
                .0,
            "website"
        );
        assert_eq!(
            check_contacts(None, Some("https://localhost"), None)
                .unwrap_err()
                .0,
            "website"
        );
        assert_eq!(
            check_contacts(None, None, Some("12")).unwrap_err().0,
            "phone"
        );
    }
}

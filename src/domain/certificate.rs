//! Certificate rules: what a certificate certifies, until when, what its file is called, how a
//! verification turns out, and whether a prior certificate proves a MAC trainee's training.

use crate::domain::session;
use chrono::{Months, NaiveDate};

text_enum! {
    /// What the holder is certified as.
    CertifiedRole {
        Actor => "actor",
        Trainer => "trainer",
        TrainerOfTrainers => "trainer_of_trainers",
    }
}

impl CertifiedRole {
    /// A level-1 session certifies actors; a level-2 session certifies trainers.
    pub fn of_session_level(level: i32) -> Self {
        if level >= 2 {
            CertifiedRole::Trainer
        } else {
            CertifiedRole::Actor
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertifiedRole::Actor => "Acteur",
            CertifiedRole::Trainer => "Formateur",
            CertifiedRole::TrainerOfTrainers => "Formateur de formateurs",
        }
    }
}

text_enum! {
    /// How a verification turned out.
    Reason {
        Valid => "valid",
        Expired => "expired",
        Revoked => "revoked",
        /// Replaced by a corrected certificate (a misspelt name, a wrong birth date).
        Superseded => "superseded",
        BadSignature => "bad_signature",
        UnknownKey => "unknown_key",
        Malformed => "malformed",
    }
}

/// The last day a certificate from a session ending on `end_date` is valid.
pub fn valid_until(end_date: NaiveDate, validity_months: i32) -> NaiveDate {
    end_date
        .checked_add_months(Months::new(u32::try_from(validity_months).unwrap_or(0)))
        .unwrap_or(NaiveDate::MAX)
}

/// How long before a certificate's last day its holder is reminded to follow a MAC (maintien
/// et actualisation des compétences) in time.
pub const MAC_REMINDER_MONTHS: u32 = 2;

/// The day the holder of a certificate valid until `valid_until` is reminded of its MAC.
pub fn mac_reminder(valid_until: NaiveDate) -> NaiveDate {
    valid_until
        .checked_sub_months(Months::new(MAC_REMINDER_MONTHS))
        .unwrap_or(valid_until)
}

text_enum! {
    /// Why an authentic token no longer verifies.
    Withdrawal {
        Revoked => "revoked",
        Superseded => "superseded",
    }
}

/// The verdict on an authentic token: withdrawn first, then expired (the day after its last day).
pub fn reason_for(
    withdrawn: Option<Withdrawal>,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Reason {
    if let Some(withdrawal) = withdrawn {
        match withdrawal {
            Withdrawal::Revoked => Reason::Revoked,
            Withdrawal::Superseded => Reason::Superseded,
        }
    } else if today > valid_until {
        Reason::Expired
    } else {
        Reason::Valid
    }
}

/// One file name per person (`Family-Name_Given-Name.pdf`), in the same order: letters and digits
/// of any alphabet kept, everything else (separators, dots, quotes) turned into `-`, and a `-2`,
/// `-3`… suffix where two people would share a name.
pub fn file_names<'a>(people: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for (family_name, given_name) in people {
        let mut stem = format!("{}_{}", slug(family_name), slug(given_name));
        if stem == "_" {
            stem = "certificat".into();
        }
        let mut candidate = stem.clone();
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        taken.push(candidate.to_lowercase());
        names.push(format!("{candidate}.pdf"));
    }
    names
}

fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// What an authentic prior certificate says, as far as a MAC proof goes.
pub struct PriorCertificate<'a> {
    pub scheme_code: &'a str,
    pub level: i32,
    pub family_name: &'a str,
    pub given_name: &'a str,
    pub birth_date: Option<NaiveDate>,
}

/// Whether a verified token proves a MAC trainee's prior training: authentic and not revoked
/// (expired is fine: a MAC is how a lapsed holder recovers the certificate), for the session's
/// scheme and level, and about this trainee. The error is (field code, message).
pub fn check_prior_certificate(
    reason: Reason,
    certificate: Option<PriorCertificate<'_>>,
    session_scheme: (&str, i32),
    trainee: (&str, &str, NaiveDate),
) -> Result<(), (&'static str, &'static str)> {
    let certificate = match (reason, certificate) {
        (Reason::Valid | Reason::Expired, Some(certificate)) => certificate,
        (Reason::Revoked, _) => {
            return Err(("prior_certificate_revoked", "ce certificat a été révoqué"));
        }
        _ => {
            return Err((
                "prior_certificate_invalid",
                "ce jeton n'est pas celui d'un certificat authentique",
            ));
        }
    };
    if (certificate.scheme_code, certificate.level) != session_scheme {
        return Err((
            "prior_certificate_other_scheme",
            "ce certificat ne porte pas sur le dispositif et le niveau de la session",
        ));
    }
    let birth_date = certificate.birth_date.unwrap_or(trainee.2);
    if !session::same_trainee(
        (certificate.family_name, certificate.given_name, birth_date),
        trainee,
    ) {
        return Err((
            "prior_certificate_other_person",
            "ce certificat est au nom d'une autre personne",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_certificate_lasts_the_schemes_validity_from_the_last_day() {
        assert_eq!(valid_until(date("2026-11-02"), 24), date("2028-11-02"));
        assert_eq!(valid_until(date("2024-02-29"), 36), date("2027-02-28"));
        assert_eq!(mac_reminder(date("2028-11-02")), date("2028-09-02"));
        assert_eq!(mac_reminder(date("2028-04-30")), date("2028-02-29"));
    }

    #[test]
    fn revocation_outranks_expiry_and_the_last_day_is_still_valid() {
        let last = date("2028-11-02");
        assert_eq!(reason_for(None, last, last), Reason::Valid);
        assert_eq!(reason_for(None, last, date("2028-11-03")), Reason::Expired);
        let revoked = Some(Withdrawal::Revoked);
        assert_eq!(
            reason_for(revoked, last, date("2028-11-03")),
            Reason::Revoked
        );
        let superseded = Some(Withdrawal::Superseded);
        assert_eq!(reason_for(superseded, last, last), Reason::Superseded);
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        let names = file_names([
            ("Lefèvre-Garçon", "Éloïse"),
            ("lefèvre garçon", "éloïse"),
            ("../O'Brien", "Seán"),
            ("  ", " "),
        ]);
        assert_eq!(
            names,
            [
                "Lefèvre-Garçon_Éloïse.pdf",
                "lefèvre-garçon_éloïse-2.pdf",
                "O-Brien_Seán.pdf",
                "certificat.pdf"
            ]
        );
    }

    #[test]
    fn a_mac_proof_is_an_authentic_certificate_of_the_same_scheme_and_person() {
        let trainee = ("Martin", "Léa", date("1990-05-12"));
        let certificate = || {
            Some(PriorCertificate {
                scheme_code: "SST",
                level: 1,
                family_name: "MARTIN",
                given_name: "Léa",
                birth_date: Some(date("1990-05-12")),
            })
        };
        let check = |reason, certificate, scheme| {
            check_prior_certificate(reason, certificate, scheme, trainee).map_err(|e| e.0)
        };
        assert_eq!(check(Reason::Valid, certificate(), ("SST", 1)), Ok(()));
        assert_eq!(check(Reason::Expired, certificate(), ("SST", 1)), Ok(()));
        assert_eq!(
            check(Reason::Revoked, certificate(), ("SST", 1)),
            Err("prior_certificate_revoked")
        );
        assert_eq!(
            check(Reason::BadSignature, None, ("SST", 1)),
            Err("prior_certificate_invalid")
        );
        assert_eq!(
            check(Reason::Valid, certificate(), ("SST", 2)),
            Err("prior_certificate_other_scheme")
        );
        let mut other = certificate();
        other.as_mut().unwrap().birth_date = Some(date("1991-05-12"));
        assert_eq!(
            check(Reason::Valid, other, ("SST", 1)),
            Err("prior_certificate_other_person")
        );
    }
}

//! Notifications: when a failed delivery is tried again, and what each message says (French, for
//! people; webhooks carry JSON instead).

use crate::domain::label::french_date;
use chrono::{Duration, NaiveDate};

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait before the next attempt, after `failures` failed ones: 1, 2, 4… minutes, at most 6
/// hours; none (give up) once `MAX_ATTEMPTS` failed.
pub fn retry_delay(failures: i32) -> Option<Duration> {
    if failures >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << (failures - 1).clamp(0, 20);
    Some(Duration::minutes(minutes.min(6 * 60)))
}

/// What a message says: (subject, body).
pub type Mail = (String, String);

/// "SST du 07/12/2026 au 08/12/2026 (Lyon)".
pub fn session_label(scheme: &str, start: NaiveDate, end: NaiveDate, place: &str) -> String {
    format!(
        "{scheme} du {} au {} ({place})",
        french_date(start),
        french_date(end)
    )
}

pub fn session_awaiting_trainer(label: &str, link: &str) -> Mail {
    (
        format!("Session à valider : {label}"),
        format!(
            "Bonjour,\n\nLa session {label} vous a été soumise : vérifiez l'identité des \
             stagiaires, indiquez leurs résultats et envoyez-les, ou renvoyez la session avec un \
             commentaire.\n\n{link}\n\nVous recevez ce message parce que les alertes de session \
             sont activées dans votre profil de formateur.\n"
        ),
    )
}

pub fn session_returned(label: &str, comment: &str, link: &str) -> Mail {
    (
        format!("Session renvoyée par le formateur : {label}"),
        format!(
            "Bonjour,\n\nLe formateur a renvoyé la session {label} avec ce commentaire :\n\n\
             « {comment} »\n\nCorrigez-la puis soumettez-la de nouveau.\n\n{link}\n"
        ),
    )
}

pub fn session_validated(label: &str, deadline: NaiveDate, link: &str) -> Mail {
    (
        format!("Résultats reçus : {label}"),
        format!(
            "Bonjour,\n\nLe formateur a envoyé les résultats de la session {label}. Clôturez-la \
             avant le {} pour générer les certificats.\n\n{link}\n",
            french_date(deadline)
        ),
    )
}

pub fn habilitation_decided(
    entity: &str,
    granted: bool,
    comment: Option<&str>,
    link: &str,
) -> Mail {
    let verdict = if granted { "accordée" } else { "refusée" };
    let comment = comment
        .map(|c| format!("\nCommentaire de la commission : « {c} »\n"))
        .unwrap_or_default();
    (
        format!("Demande d'habilitation {verdict} : {entity}"),
        format!(
            "Bonjour,\n\nLa commission nationale a rendu sa décision sur la demande \
             d'habilitation de {entity} : elle est {verdict}.\n{comment}\n{link}\n"
        ),
    )
}

pub fn habilitation_expiring(
    entity: &str,
    scheme: &str,
    level: i32,
    until: NaiveDate,
    link: &str,
) -> Mail {
    (
        format!("Habilitation {scheme} niveau {level} à renouveler : {entity}"),
        format!(
            "Bonjour,\n\nL'habilitation {scheme} niveau {level} de {entity} prend fin le {}. \
             Déposez une demande de renouvellement pour continuer à déclarer des sessions.\n\n\
             {link}\n",
            french_date(until)
        ),
    )
}

pub fn trainer_invitation(
    given_name: &str,
    scheme: &str,
    number: &str,
    link: &str,
    expires: NaiveDate,
) -> Mail {
    (
        format!("Votre certificat de formateur {scheme}"),
        format!(
            "Bonjour {given_name},\n\nVous êtes désormais formateur {scheme}. Votre numéro \
             Forprev est {number}. Choisissez votre mot de passe avant le {} :\n\n{link}\n",
            french_date(expires)
        ),
    )
}

pub fn member_invitation(
    given_name: &str,
    (entity, role): (&str, &str),
    number: &str,
    link: &str,
    expires: NaiveDate,
) -> Mail {
    (
        format!("Invitation : {role} de {entity} sur Forprev"),
        format!(
            "Bonjour {given_name},\n\nVous êtes désormais {role} de {entity} sur Forprev. Votre \
             numéro Forprev est {number}. Choisissez votre mot de passe avant le {} :\n\n{link}\n",
            french_date(expires)
        ),
    )
}

/// The calendar file sent with a trainee's own certificate.
pub const REMINDER_FILE: &str = "rappel.ics";

/// The trainee's own certificate, sent at closure (or corrected) with its consent.
pub fn certificate_copy(
    given_name: &str,
    (scheme_code, scheme_name): (&str, &str),
    valid_until: NaiveDate,
    reminder: NaiveDate,
    corrected: bool,
) -> Mail {
    let (subject, opening) = if corrected {
        (
            format!("Votre certificat {scheme_code} corrigé"),
            "Votre certificat a été corrigé : celui-ci remplace le précédent, qui n'est plus \
             valable.",
        )
    } else {
        (
            format!("Votre certificat {scheme_code}"),
            "Votre organisme de formation vous adresse votre certificat.",
        )
    };
    (
        subject,
        format!(
            "Bonjour {given_name},\n\n{opening}\n\n{scheme_name} : valable jusqu'au {}. \
             Conservez-le : il prouve votre certificat lors de votre MAC (maintien et \
             actualisation des compétences).\n\nLe fichier joint « {REMINDER_FILE} » ajoute à votre \
             agenda la fin de validité et un rappel le {} : « MAC {scheme_code} à prévoir ».\n\n\
             Vous recevez ce message parce que vous avez accepté, auprès de votre organisme de \
             formation, de recevoir votre certificat par e-mail.\n",
            french_date(valid_until),
            french_date(reminder)
        ),
    )
}

pub fn password_reset(
    given_name: &str,
    link: &str,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Mail {
    (
        "Réinitialisation de votre mot de passe Forprev".to_owned(),
        format!(
            "Bonjour {given_name},\n\nPour choisir un nouveau mot de passe, suivez ce lien avant \
             le {} à {} (heure UTC) :\n\n{link}\n\nSi vous n'avez rien demandé, ignorez ce \
             message : votre mot de passe ne change pas.\n",
            expires_at.format("%d/%m/%Y"),
            expires_at.format("%H:%M")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_stop() {
        assert_eq!(retry_delay(1), Some(Duration::minutes(1)));
        assert_eq!(retry_delay(4), Some(Duration::minutes(8)));
        assert_eq!(retry_delay(MAX_ATTEMPTS - 1), Some(Duration::minutes(64)));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }
}

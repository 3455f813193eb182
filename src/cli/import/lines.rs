//! One function per file: checks a line with the same rules as the API, then writes it unless
//! it is already there.

use super::{Outcome, reason};
use crate::db::DbConnection;
use crate::domain::entity::EntityKind;
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::{Grant, Role};
use crate::domain::trainer_certificate::TrainerKind;
use crate::domain::{email, person_name};
use crate::store::users::{self, NewUser};
use crate::store::{entities, grants, habilitations, reference, trainer_certificates};
use crate::workflow::entities::input::{AddressInput, EntityInput};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

type LineResult = Result<Outcome, String>;

fn db(error: diesel::result::Error) -> String {
    format!("erreur de base : {error}")
}

/// The person a line names by Forprev number.
fn person(conn: &mut DbConnection, forprev_number: &str) -> Result<users::UserRecord, String> {
    let number: ForprevNumber = forprev_number
        .parse()
        .map_err(|e| format!("forprev_number: {e}"))?;
    users::find_by_forprev_number(conn, &number)
        .map_err(db)?
        .ok_or_else(|| "forprev_number: personne inconnue".into())
}

pub const ENTITY_COLUMNS: &[&str] = &[
    "siret",
    "legal_name",
    "kind",
    "nda",
    "address_line",
    "postal_code",
    "city",
    "headcount",
    "contact_email",
    "contact_phone",
];

#[derive(Deserialize)]
pub struct EntityLine {
    siret: String,
    legal_name: String,
    kind: String,
    nda: Option<String>,
    address_line: String,
    postal_code: String,
    city: String,
    headcount: i32,
    contact_email: Option<String>,
    contact_phone: Option<String>,
}

pub fn entity(conn: &mut DbConnection, line: EntityLine, now: DateTime<Utc>) -> LineResult {
    if entities::find_by_siret(conn, line.siret.trim())
        .map_err(db)?
        .is_some()
    {
        return Ok(Outcome::AlreadyPresent);
    }
    let kind = EntityKind::parse(&line.kind).ok_or("kind: training_body ou company")?;
    let input = EntityInput {
        siret: line.siret,
        legal_name: line.legal_name,
        kind,
        nda: line.nda,
        address: AddressInput {
            line: line.address_line,
            postal_code: line.postal_code,
            city: line.city,
        },
        headcount: line.headcount,
        contact_email: line.contact_email,
        contact_phone: line.contact_phone,
    };
    let fields = input
        .check()
        .and_then(|checked| checked.place(conn))
        .map_err(reason)?;
    entities::insert(conn, &fields, now).map_err(db)?;
    Ok(Outcome::Imported)
}

pub const USER_COLUMNS: &[&str] = &["forprev_number", "email", "family_name", "given_name"];

#[derive(Deserialize)]
pub struct UserLine {
    forprev_number: String,
    email: String,
    family_name: String,
    given_name: String,
}

/// Imported people have no password: they choose one with a password reset.
pub fn user(conn: &mut DbConnection, line: UserLine, now: DateTime<Utc>) -> LineResult {
    let number: ForprevNumber = line
        .forprev_number
        .parse()
        .map_err(|e| format!("forprev_number: {e}"))?;
    if users::find_by_forprev_number(conn, &number)
        .map_err(db)?
        .is_some()
    {
        return Ok(Outcome::AlreadyPresent);
    }
    let email = email::normalise(&line.email).map_err(|e| format!("email: {e}"))?;
    let family_name =
        person_name::normalise(&line.family_name).map_err(|e| format!("family_name: {e}"))?;
    let given_name =
        person_name::normalise(&line.given_name).map_err(|e| format!("given_name: {e}"))?;
    if users::email_taken(conn, &email).map_err(db)? {
        return Err("email: adresse déjà utilisée par un autre numéro Forprev".into());
    }
    let person = NewUser {
        forprev_number: &number,
        email: &email,
        family_name: &family_name,
        given_name: &given_name,
        password_hash: None,
        provisional: false,
    };
    users::insert(conn, person, now).map_err(db)?;
    Ok(Outcome::Imported)
}

pub const HABILITATION_COLUMNS: &[&str] = &[
    "entity_siret",
    "scheme_code",
    "level",
    "valid_from",
    "valid_until",
];

#[derive(Deserialize)]
pub struct HabilitationLine {
    entity_siret: String,
    scheme_code: String,
    level: i32,
    valid_from: NaiveDate,
    valid_until: NaiveDate,
}

pub fn habilitation(
    conn: &mut DbConnection,
    line: HabilitationLine,
    now: DateTime<Utc>,
) -> LineResult {
    let entity = entities::find_by_siret(conn, &line.entity_siret)
        .map_err(db)?
        .ok_or("entity_siret: entité inconnue")?;
    if reference::scheme(conn, &line.scheme_code, line.level)
        .map_err(db)?
        .is_none()
    {
        return Err("scheme_code, level: dispositif inconnu".into());
    }
    if line.valid_until <= line.valid_from {
        return Err("valid_until doit suivre valid_from".into());
    }
    if habilitations::of_entity_for_scheme(conn, &entity.id, &line.scheme_code, line.level)
        .map_err(db)?
        .is_some()
    {
        return Ok(Outcome::AlreadyPresent);
    }
    habilitations::grant(
        conn,
        &entity.id,
        &line.scheme_code,
        line.level,
        line.valid_from,
        line.valid_until,
        now,
    )
    .map_err(db)?;
    Ok(Outcome::Imported)
}

pub const GRANT_COLUMNS: &[&str] = &[
    "forprev_number",
    "role",
    "entity_siret",
    "scheme_code",
    "level",
    "caisse_code",
];

#[derive(Deserialize)]
pub struct GrantLine {
    forprev_number: String,
    role: String,
    entity_siret: Option<String>,
    scheme_code: Option<String>,
    level: Option<i32>,
    caisse_code: Option<String>,
}

pub fn grant(conn: &mut DbConnection, line: GrantLine, now: DateTime<Utc>) -> LineResult {
    let user = person(conn, &line.forprev_number)?;
    let role = Role::parse(&line.role).ok_or("role: inconnu")?;
    let entity = match &line.entity_siret {
        Some(siret) => Some(
            entities::find_by_siret(conn, siret)
                .map_err(db)?
                .ok_or("entity_siret: entité inconnue")?,
        ),
        None => None,
    };
    let mut grant = Grant {
        role,
        ..Grant::admin()
    };
    match role {
        Role::Integration => return Err("role: un client d'API se crée dans l'application".into()),
        Role::Trainer => {
            return Err(
                "role: le rôle formateur découle des certificats (trainer_certificates.csv)".into(),
            );
        }
        Role::Admin => {}
        Role::NetworkAgent => {
            let caisse = line
                .caisse_code
                .ok_or("caisse_code: requis pour un agent du réseau")?;
            if !reference::caisse_exists(conn, &caisse).map_err(db)? {
                return Err("caisse_code: caisse inconnue".into());
            }
            grant.caisse_code = Some(caisse);
        }
        Role::Manager | Role::Signatory => {
            grant.entity_id = Some(entity.ok_or("entity_siret: requis pour ce rôle")?.id)
        }
        Role::Delegate => {
            let entity = entity.ok_or("entity_siret: requis pour un délégataire")?;
            let (code, level) = line
                .scheme_code
                .zip(line.level)
                .ok_or("scheme_code, level: requis pour un délégataire")?;
            let habilitation = habilitations::of_entity_for_scheme(conn, &entity.id, &code, level)
                .map_err(db)?
                .ok_or("habilitation inconnue pour cette entité")?;
            grant.habilitation_id = Some(habilitation.id);
        }
    }
    if grants::holds(conn, &user.id, &grant).map_err(db)? {
        return Ok(Outcome::AlreadyPresent);
    }
    grants::insert(conn, &user.id, &grant, now).map_err(db)?;
    Ok(Outcome::Imported)
}

pub const CERTIFICATE_COLUMNS: &[&str] = &[
    "forprev_number",
    "scheme_code",
    "kind",
    "valid_from",
    "valid_until",
];

#[derive(Deserialize)]
pub struct CertificateLine {
    forprev_number: String,
    scheme_code: String,
    kind: String,
    valid_from: NaiveDate,
    valid_until: NaiveDate,
}

pub fn trainer_certificate(
    conn: &mut DbConnection,
    line: CertificateLine,
    now: DateTime<Utc>,
) -> LineResult {
    let user = person(conn, &line.forprev_number)?;
    let kind = TrainerKind::parse(&line.kind).ok_or("kind: trainer ou trainer_of_trainers")?;
    let known = reference::schemes(conn)
        .map_err(db)?
        .iter()
        .any(|scheme| scheme.code == line.scheme_code);
    if !known {
        return Err("scheme_code: dispositif inconnu".into());
    }
    if line.valid_until <= line.valid_from {
        return Err("valid_until doit suivre valid_from".into());
    }
    let certificate = trainer_certificates::NewCertificate {
        user_id: &user.id,
        scheme_code: &line.scheme_code,
        kind: kind.as_str(),
        valid_from: line.valid_from,
        valid_until: line.valid_until,
        origin: "import",
        card: None,
        token: None,
    };
    match trainer_certificates::record(conn, certificate, now)
        .map_err(db)?
        .is_some()
    {
        true => Ok(Outcome::Imported),
        false => Ok(Outcome::AlreadyPresent),
    }
}

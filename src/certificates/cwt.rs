//! The compact token a card's QR code carries since the second card format: `FP1:` followed by
//! the Base45 text (RFC 9285) of a CBOR Web Token (RFC 8392) signed with COSE_Sign1 (RFC 9052),
//! EdDSA (Ed25519). Base45 is made of the QR code's alphanumeric characters, so a card's code is
//! version 10 or less at error correction M where the former JWT needed version 13 at L.
//!
//! - protected header: `{1: -8}` (alg: EdDSA); unprotected header: `{4: kid}`, the key id's
//!   bytes (the JWKS `kid` is their base64url form).
//! - claims: `7` (cti) the token id's 12 bytes (its base64url form is the `token_id` revocations
//!   name); the certificate's claims under negative keys, the same as the JWT's short names:
//!   `-1` family name, `-2` given name, `-3` birth date, `-4` scheme code, `-5` level, `-6` role,
//!   `-7` kind, `-8` first day, `-9` last day, `-10` valid until. Dates are CBOR tag 100 (RFC
//!   8943: days since 1970-01-01). The training body's name is printed on the card, not carried.

use super::card::CertificateClaims;
use super::token::Inspection;
use crate::domain::certificate::{CertifiedRole, Reason};
use crate::domain::session::SessionKind;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use coset::cbor::Value;
use coset::{
    CoseSign1, CoseSign1Builder, HeaderBuilder, RegisteredLabelWithPrivate, TaggedCborSerializable,
    iana,
};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

/// What a compact token starts with (its version: a later format takes another).
pub const PREFIX: &str = "FP1:";

const CTI: i64 = 7;
const FAMILY_NAME: i64 = -1;
const GIVEN_NAME: i64 = -2;
const BIRTH_DATE: i64 = -3;
const SCHEME_CODE: i64 = -4;
const LEVEL: i64 = -5;
const ROLE: i64 = -6;
const KIND: i64 = -7;
const START_DATE: i64 = -8;
const END_DATE: i64 = -9;
const VALID_UNTIL: i64 = -10;
/// CBOR tag for a date as days since 1970-01-01 (RFC 8943).
const DAYS_TAG: u64 = 100;

/// The compact token of `claims`, signed by `key` under `kid`.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn sign(claims: &CertificateClaims, kid: &str, key: &SigningKey) -> String {
    let mut payload = Vec::new();
    coset::cbor::into_writer(&encode(claims), &mut payload)
        .expect("CBOR of claims writes to memory");
    let token = CoseSign1Builder::new()
        .protected(
            HeaderBuilder::new()
                .algorithm(iana::Algorithm::EdDSA)
                .build(),
        )
        .unprotected(HeaderBuilder::new().key_id(bytes_or_text(kid)).build())
        .payload(payload)
        .create_signature(b"", |data| key.sign(data).to_bytes().to_vec())
        .build()
        .to_tagged_vec()
        .expect("a COSE_Sign1 serialises");
    format!("{PREFIX}{}", base45::encode(token))
}

/// What a compact token (prefix included) turns out to be; `key` finds a key id's public key.
pub fn inspect<'k>(text: &str, key: impl Fn(&str) -> Option<&'k VerifyingKey>) -> Inspection {
    let Some(token) = text
        .strip_prefix(PREFIX)
        .and_then(|base45| base45::decode(base45).ok())
        .and_then(|bytes| CoseSign1::from_tagged_slice(&bytes).ok())
    else {
        return Inspection::Refused(Reason::Malformed);
    };
    let eddsa = RegisteredLabelWithPrivate::Assigned(iana::Algorithm::EdDSA);
    if token.protected.header.alg != Some(eddsa) {
        return Inspection::Refused(Reason::Malformed);
    }
    let kid = URL_SAFE_NO_PAD.encode(&token.unprotected.key_id);
    let Some(key) = key(&kid) else {
        return Inspection::Refused(Reason::UnknownKey);
    };
    let authentic = token.verify_signature(b"", |signature, data| {
        let signature = Signature::from_slice(signature)?;
        key.verify_strict(data, &signature)
    });
    if authentic.is_err() {
        return Inspection::Refused(Reason::BadSignature);
    }
    let claims = token
        .payload
        .and_then(|payload| coset::cbor::from_reader::<Value, _>(payload.as_slice()).ok())
        .and_then(|claims| decode(&claims));
    match claims {
        Some(claims) => Inspection::Authentic {
            kid,
            claims: Box::new(claims),
        },
        None => Inspection::Refused(Reason::Malformed),
    }
}

/// An id given in base64url (a token id, a key id) as its bytes; any other text as its own.
fn bytes_or_text(id: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(id)
        .unwrap_or_else(|_| id.as_bytes().to_vec())
}

fn encode(claims: &CertificateClaims) -> Value {
    let text = |key: i64, text: &str| (Value::from(key), Value::from(text));
    let date = |key: i64, date: NaiveDate| {
        let days = date.signed_duration_since(NaiveDate::default()).num_days();
        (
            Value::from(key),
            Value::Tag(DAYS_TAG, Box::new(Value::from(days))),
        )
    };
    let mut map = vec![
        (Value::from(CTI), Value::Bytes(bytes_or_text(&claims.jti))),
        text(FAMILY_NAME, &claims.family_name),
        text(GIVEN_NAME, &claims.given_name),
    ];
    map.extend(claims.birth_date.map(|day| date(BIRTH_DATE, day)));
    map.extend([
        text(SCHEME_CODE, &claims.scheme_code),
        (Value::from(LEVEL), Value::from(claims.level)),
        text(ROLE, claims.role.as_str()),
    ]);
    map.extend(claims.kind.map(|kind| text(KIND, kind.as_str())));
    map.extend(claims.start_date.map(|day| date(START_DATE, day)));
    map.extend(claims.end_date.map(|day| date(END_DATE, day)));
    map.push(date(VALID_UNTIL, claims.valid_until));
    Value::Map(map)
}

/// The claims of a CBOR map; none when one is missing or not of its type.
fn decode(claims: &Value) -> Option<CertificateClaims> {
    let map = claims.as_map()?;
    let get = |key: i64| {
        map.iter()
            .find(|(k, _)| k.as_integer() == Some(key.into()))
            .map(|(_, value)| value)
    };
    let text = |key: i64| get(key)?.as_text().map(str::to_owned);
    // A claim that is absent is none; one that is there must be a date.
    let date = |key: i64| -> Option<Option<NaiveDate>> {
        let Some(value) = get(key) else {
            return Some(None);
        };
        let (DAYS_TAG, days) = value.as_tag()? else {
            return None;
        };
        let days = i64::try_from(days.as_integer()?).ok()?;
        Some(Some(
            NaiveDate::default().checked_add_signed(chrono::Duration::try_days(days)?)?,
        ))
    };
    let jti = match get(CTI)? {
        Value::Bytes(bytes) => URL_SAFE_NO_PAD.encode(bytes),
        other => other.as_text()?.to_owned(),
    };
    let kind = match get(KIND) {
        Some(kind) => Some(SessionKind::parse(kind.as_text()?)?),
        None => None,
    };
    Some(CertificateClaims {
        jti,
        family_name: text(FAMILY_NAME)?,
        given_name: text(GIVEN_NAME)?,
        birth_date: date(BIRTH_DATE)?,
        scheme_code: text(SCHEME_CODE)?,
        level: i32::try_from(get(LEVEL)?.as_integer()?).ok()?,
        role: CertifiedRole::parse(&text(ROLE)?)?,
        kind,
        start_date: date(START_DATE)?,
        end_date: date(END_DATE)?,
        valid_until: date(VALID_UNTIL)??,
        entity_name: None,
    })
}

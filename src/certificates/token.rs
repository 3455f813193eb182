//! Certificate tokens, signed with Ed25519 (EdDSA), the key named by a short key id. New cards
//! carry the compact CBOR form (`cwt`); cards printed before it carry a JWT, which verifies as
//! ever. Every key that ever signed stays in the key ring, so keys rotate without breaking older
//! cards; verifying needs only the public keys (served as a JWKS).

use super::card::CertificateClaims;
use super::cwt;
use crate::domain::certificate::{self, Reason, Withdrawal};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use ed25519_dalek::{SigningKey, VerifyingKey};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The PKCS#8 (RFC 8410) prefix of an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// The key that signs new certificates.
pub struct Signer {
    pub kid: String,
    /// The public key (32 bytes, base64url), as a JWKS `x`.
    pub public_key: String,
    key: SigningKey,
}

impl Signer {
    /// From a private key in PKCS#8 DER form.
    pub fn from_der(der: &[u8]) -> Result<Self, String> {
        let key = SigningKey::from_pkcs8_der(der)
            .map_err(|error| format!("not an Ed25519 private key: {error}"))?;
        let public_key = URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes());
        Ok(Signer {
            kid: kid_of(&public_key),
            public_key,
            key,
        })
    }

    /// From a private key in PEM form (`CERT_SIGNING_KEY`).
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let key = EncodingKey::from_ed_pem(pem).map_err(|error| error.to_string())?;
        Self::from_der(key.as_bytes())
    }

    /// A new random key, and its PKCS#8 DER form to keep (the development key).
    #[allow(clippy::expect_used)] // invariants, said in the messages
    pub fn generate() -> (Self, Vec<u8>) {
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("the operating system provides random bytes");
        der.extend_from_slice(&seed);
        let signer = Self::from_der(&der).expect("a fresh Ed25519 key is valid");
        (signer, der)
    }

    /// The compact token of `claims`, what a new card's QR code carries.
    pub fn sign(&self, claims: &CertificateClaims) -> String {
        cwt::sign(claims, &self.kid, &self.key)
    }
}

/// A new token id: 96 random bits.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn new_token_id() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A key id: the start of the public key's SHA-256, short to keep tokens small.
fn kid_of(public_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(public_key.as_bytes()))[..8].to_owned()
}

/// The public keys that verify certificates, by key id, for either form of token.
#[derive(Default)]
pub struct KeyRing(HashMap<String, (DecodingKey, VerifyingKey)>);

impl KeyRing {
    /// From (key id, base64url public key) pairs; a key that does not decode is left out.
    pub fn new<'a>(keys: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        KeyRing(
            keys.into_iter()
                .filter_map(|(kid, x)| {
                    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(x).ok()?.try_into().ok()?;
                    let key = VerifyingKey::from_bytes(&bytes).ok()?;
                    let jwt_key = DecodingKey::from_ed_components(x).ok()?;
                    Some((kid.to_owned(), (jwt_key, key)))
                })
                .collect(),
        )
    }
}

/// What a token turns out to be, before revocation and expiry are looked at.
pub enum Inspection {
    Authentic {
        kid: String,
        claims: Box<CertificateClaims>,
    },
    Refused(Reason),
}

/// `token` is the text a scanner reads from the QR code: the compact form, or a former card's JWT.
pub fn inspect(token: &str, keys: &KeyRing) -> Inspection {
    let token = token.trim();
    if token.starts_with(cwt::PREFIX) {
        return cwt::inspect(token, |kid| keys.0.get(kid).map(|(_, key)| key));
    }
    let kid = match jsonwebtoken::decode_header(token) {
        Ok(Header {
            alg: Algorithm::EdDSA,
            kid: Some(kid),
            ..
        }) => kid,
        _ => return Inspection::Refused(Reason::Malformed),
    };
    let Some((key, _)) = keys.0.get(&kid) else {
        return Inspection::Refused(Reason::UnknownKey);
    };
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    match jsonwebtoken::decode::<CertificateClaims>(token, key, &validation) {
        Ok(data) => Inspection::Authentic {
            kid,
            claims: Box::new(data.claims),
        },
        Err(error) => Inspection::Refused(match error.kind() {
            ErrorKind::InvalidSignature => Reason::BadSignature,
            _ => Reason::Malformed,
        }),
    }
}

/// A verification's verdict, with the claims when the token is authentic.
pub struct Verification {
    pub reason: Reason,
    pub kid: Option<String>,
    pub claims: Option<CertificateClaims>,
}

/// Verifies `token` on `today`; `withdrawal` is asked about an authentic token's id.
pub fn verify<E>(
    token: &str,
    keys: &KeyRing,
    withdrawal: impl FnOnce(&str) -> Result<Option<Withdrawal>, E>,
    today: NaiveDate,
) -> Result<Verification, E> {
    Ok(match inspect(token, keys) {
        Inspection::Refused(reason) => Verification {
            reason,
            kid: None,
            claims: None,
        },
        Inspection::Authentic { kid, claims } => Verification {
            reason: certificate::reason_for(withdrawal(&claims.jti)?, claims.valid_until, today),
            kid: Some(kid),
            claims: Some(*claims),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::CertifiedRole;

    fn claims() -> CertificateClaims {
        CertificateClaims {
            jti: new_token_id(),
            family_name: "Lefèvre-Garçon".into(),
            given_name: "Éloïse".into(),
            birth_date: Some("1990-05-12".parse().unwrap()),
            scheme_code: "SST".into(),
            level: 1,
            role: CertifiedRole::Actor,
            kind: None,
            start_date: None,
            end_date: None,
            valid_until: "2028-11-02".parse().unwrap(),
            entity_name: None,
        }
    }

    fn verify_on(token: &str, keys: &KeyRing, today: &str) -> Verification {
        verify(token, keys, |_| Ok::<_, ()>(None), today.parse().unwrap()).unwrap()
    }

    fn reason(token: &str, keys: &KeyRing, today: &str) -> Reason {
        verify_on(token, keys, today).reason
    }

    /// A card printed before the compact form: its token is a JWT.
    fn jwt(der: &[u8], kid: &str, claims: &CertificateClaims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = None;
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(der)).unwrap()
    }

    #[test]
    fn a_signed_token_verifies_with_its_key_and_only_with_it() {
        let (signer, der) = Signer::generate();
        assert_eq!(Signer::from_der(&der).unwrap().kid, signer.kid);
        let (other, other_der) = Signer::generate();
        for (token, unknown) in [
            (signer.sign(&claims()), other.sign(&claims())),
            (
                jwt(&der, &signer.kid, &claims()),
                jwt(&other_der, &other.kid, &claims()),
            ),
        ] {
            verifies_with_its_key_and_only_with_it(&token, &unknown, &signer, &other);
        }
    }

    /// `token` signed by `signer`; `unknown` signed by `other`, a key the ring does not hold.
    fn verifies_with_its_key_and_only_with_it(
        token: &str,
        unknown: &str,
        signer: &Signer,
        other: &Signer,
    ) {
        let keys = KeyRing::new([(signer.kid.as_str(), signer.public_key.as_str())]);

        let verification = verify_on(token, &keys, "2027-01-01");
        assert_eq!(verification.reason, Reason::Valid);
        assert_eq!(verification.kid.unwrap(), signer.kid);
        assert_eq!(verification.claims.unwrap().given_name, "Éloïse");
        assert_eq!(reason(token, &keys, "2028-11-03"), Reason::Expired);
        let revoked = verify(
            token,
            &keys,
            |_| Ok::<_, ()>(Some(Withdrawal::Revoked)),
            "2027-01-01".parse().unwrap(),
        );
        assert_eq!(revoked.unwrap().reason, Reason::Revoked);
        assert_eq!(reason(unknown, &keys, "2027-01-01"), Reason::UnknownKey);
        assert_eq!(
            reason("not a token", &keys, "2027-01-01"),
            Reason::Malformed
        );

        // The same key id with another key's signature.
        let forged = KeyRing::new([(signer.kid.as_str(), other.public_key.as_str())]);
        assert_eq!(reason(token, &forged, "2027-01-01"), Reason::BadSignature);
    }

    #[test]
    fn the_compact_form_carries_every_claim_but_the_training_body_and_scans_as_printed() {
        let (signer, _) = Signer::generate();
        let keys = KeyRing::new([(signer.kid.as_str(), signer.public_key.as_str())]);
        let mut claims = claims();
        claims.kind = Some(crate::domain::session::SessionKind::Mac);
        claims.start_date = Some("2026-11-02".parse().unwrap());
        claims.end_date = Some("2026-11-03".parse().unwrap());
        claims.birth_date = Some("1958-02-28".parse().unwrap()); // before 1970: negative days
        let token = signer.sign(&claims);
        assert!(token.starts_with("FP1:"), "{token}");

        // What a scanner reads may end with a line break.
        let read = verify_on(&format!("{token}\r\n"), &keys, "2027-01-01");
        assert_eq!(read.reason, Reason::Valid);
        claims.entity_name = None;
        assert_eq!(read.claims.unwrap(), claims);

        // One character changed in the signed part, or text that is not Base45.
        let mut tampered = token.clone().into_bytes();
        let at = tampered.len() - 100;
        tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_ne!(reason(&tampered, &keys, "2027-01-01"), Reason::Valid);
        assert_eq!(
            reason("FP1:not base45!", &keys, "2027-01-01"),
            Reason::Malformed
        );
        assert_eq!(reason("FP1:", &keys, "2027-01-01"), Reason::Malformed);
    }

    #[test]
    fn the_readme_s_worked_example_verifies_as_shown() {
        const TOKEN: &str = "FP1:RRQXO8P600GK3-8T$LGM3RPO KBN-0100KB0*M0DY0W016C1O44RT9R:CGDLZKEQW5GEC2XO-3E2A4HWO*VDAXOLQEAI4KTCBU3EL41OAUSAN60X CZPC04EL%4ZED-EDMEDCUD1GR193%F71GR193PL71GR4935$2Z68MYMC7MF0U9Q55X7SRKDWAJ+5 FS+ZK+4Q764%FN1IT2:0NZ1JELGA2D*PND9LC8Z MDVEDQ6L%9KRFZEGBFK-MUJQPS6670";
        let (kid, x) = ("gKy7G6nC", "6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qaRRG0iw");
        let readme = include_str!("../../README.md");
        assert!(readme.contains(TOKEN) && readme.contains(kid) && readme.contains(x));

        let verified = verify_on(TOKEN, &KeyRing::new([(kid, x)]), "2027-01-01");
        assert_eq!(verified.reason, Reason::Valid);
        let claims = CertificateClaims {
            jti: "AAECAwQFBgcICQoL".into(),
            kind: Some(crate::domain::session::SessionKind::Initial),
            start_date: Some("2026-12-07".parse().unwrap()),
            end_date: Some("2026-12-08".parse().unwrap()),
            valid_until: "2028-12-08".parse().unwrap(),
            ..claims()
        };
        assert_eq!(verified.claims.unwrap(), claims);
        // Ed25519 signs deterministically: the example's key (a seed of 32 sevens) signs it again.
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        der.extend_from_slice(&[7; 32]);
        let signer = Signer::from_der(&der).unwrap();
        assert_eq!((signer.kid.as_str(), signer.public_key.as_str()), (kid, x));
        assert_eq!(signer.sign(&claims), TOKEN);
    }
}
